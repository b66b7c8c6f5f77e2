"""The catalog folder on disk: which files are records, and each file's stamp.

What a stamp holds, and how 100,000 of them are taken quickly, is
``files.stamps``; this module decides what is a record file and reports
what looks like one but is not read.
"""

from __future__ import annotations

import os
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

from genai_catalog.errors import Problem, Suggester
from genai_catalog.files.reading import file_type
from genai_catalog.files.stamps import INODE_WRAP, Stamp, Stamping
from genai_catalog.model.kinds import FOLDERS
from genai_catalog.paths import TOPICS_FILE

__all__ = [
    "Scan",
    "Scanning",
    "Stamp",
    "display_path",
    "drop_ahead",
    "inside",
    "scan",
    "scan_ahead",
    "stamp_of",
]

RECORD_SUFFIXES = (".yaml", ".yml", ".YAML", ".YML")


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size)


def display_path(root: Path, rel: str) -> str:
    return os.path.join(os.fsdecode(root), rel)


@dataclass
class Scan:
    """Every record file, kind folder by kind folder, with its stamp.

    The stamps of a folder are one flat array of four integers per file, so
    that a warm query can digest 100,000 of them without a Python object each;
    ``files`` builds the dictionary when a load needs one.
    """

    # (kind folder, record file names in the folder's own order, their stamps)
    folders: list[tuple[str, list[str], array[int]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Where symlinked record files really are: a folder holding only those is not stray.
    link_targets: set[str] = field(default_factory=set)
    _files: dict[str, Stamp] | None = field(default=None, repr=False, compare=False)

    @property
    def count(self) -> int:
        return sum(len(names) for _, names, _ in self.folders)

    @property
    def files(self) -> dict[str, Stamp]:
        """Stamps by relative path (``papers/lora.yaml``)."""
        if self._files is None:
            files: dict[str, Stamp] = {}
            for folder, names, stamps in self.folders:
                prefix = folder + "/"
                values = iter(stamps)
                quads = zip(values, values, values, values, strict=False)
                for name, stamp in zip(names, quads, strict=True):
                    files[prefix + name] = stamp
            self._files = files
        return self._files

    def ordered(self) -> list[str]:
        """The record files in catalog order: by kind folder, then by name."""
        order = {folder: i for i, folder in enumerate(FOLDERS.values())}
        return sorted(self.files, key=lambda rel: (order[rel.split("/", 1)[0]], rel))


def scan(root: Path) -> Scan:
    """Find the record files of a catalog, and report what looks like a record but is not read.

    Symlinks, of files or of kind folders, are followed only while they stay
    inside the catalog.
    """
    with Scanning(root) as scanning:
        return scanning.finish()


# A scan started ahead (``scan_ahead``), until a load of the same catalog claims it.
_ahead: list[Scanning] = []


def scan_ahead(root: Path) -> None:
    """Start scanning ``root`` now, for a load of it later in this process.

    The stamps are taken in children while this process goes on (with its
    imports, say); the next ``Scanning.of(root)`` gets this scan instead of
    a new one. A scan that nothing claims is stopped by ``drop_ahead``. A
    folder that is not a catalog costs nothing: its load reports it.
    """
    drop_ahead()
    scanning = Scanning(root, ahead=True)
    scanning.__enter__()
    _ahead.append(scanning)


def drop_ahead() -> None:
    """Stop a scan started ahead that no load claimed (its children are killed and reaped)."""
    while _ahead:
        _ahead.pop().__exit__()


class Scanning:
    """A scan under way: the kind folders are listed and their files are being stamped.

    On a large catalog the stat calls are most of a warm query's cost, so
    they are split over the cores (``files.stamps``): forked children start
    on entry, and ``finish`` takes this process's share, runs ``meanwhile``
    while the children end theirs, and gives the ``Scan``. A context
    manager: leaving it early stops the children. ``started`` is when the
    scan began: no stamp is older.
    """

    def __init__(self, root: Path, *, ahead: bool = False) -> None:
        self.root = root
        self.started = time.time_ns()
        self.count = 0  # record-like names listed: known before the stamps are
        self._ahead = ahead
        self._found = Scan()
        self._real_root = os.path.realpath(root)
        self._listed: list[tuple[str, Path, int, list[str]]] = []
        self._stamping: Stamping | None = None

    @classmethod
    def of(cls, root: Path) -> Scanning:
        """The scan of ``root`` started ahead, if there is one (it is claimed), else a new one."""
        if _ahead and os.path.abspath(_ahead[0].root) == os.path.abspath(root):
            return _ahead.pop()
        return cls(root)

    def refuse(self, rel: str, message: str) -> None:
        problem = Problem(display_path(self.root, rel), None, None, None, message)
        self._found.problems.append(problem)

    def __enter__(self) -> Scanning:
        if self._stamping is not None:
            return self  # started ahead
        try:
            for folder in FOLDERS.values():
                folder_path = self.root / folder
                folder_fd = _open_folder(folder, folder_path, self._real_root, self.refuse)
                if folder_fd is None:
                    continue
                try:
                    names = os.listdir(folder_fd)
                except OSError as exc:
                    os.close(folder_fd)
                    self.refuse(
                        folder, f"cannot read the folder: {exc.strerror}; its records are skipped"
                    )
                    continue
                self._listed.append((folder, folder_path, folder_fd, names))
                self.count += len(names)
            jobs = [(fd, names) for _, _, fd, names in self._listed]
            self._stamping = Stamping(jobs, ahead=self._ahead)
            self._stamping.__enter__()
        except BaseException:
            self.__exit__()
            raise
        return self

    def finish(self, meanwhile: Callable[[], None] | None = None) -> Scan:
        assert self._stamping is not None, "finish() inside the with block"
        found = self._found
        stamped = self._stamping.results(meanwhile)
        for (folder, folder_path, fd, names), (stamps, odd) in zip(
            self._listed, stamped, strict=True
        ):
            kept = (names, stamps)
            if odd:
                kept = _look_closely(
                    folder, folder_path, fd, names, stamps, odd, found, self.refuse, self._real_root
                )
            found.folders.append((folder, *kept))
        _stray(self.root, self.refuse, found.link_targets)
        found.problems.sort()  # the folders' order is the file system's, not ours
        return found

    def __exit__(self, *exc: object) -> None:
        if self._stamping is not None:
            self._stamping.__exit__()
        listed, self._listed = self._listed, []
        for _, _, fd, _ in listed:
            os.close(fd)


def _open_folder(
    folder: str, folder_path: Path, real_root: str, refuse: Callable[[str, str], None]
) -> int | None:
    """An open descriptor of a kind folder, or None (reported if it is there but unusable)."""
    try:
        info = os.lstat(folder_path)
    except OSError:
        return None
    if S_ISLNK(info.st_mode):
        if not _inside(folder_path, real_root):
            refuse(folder, "folder is a symlink that points outside the catalog; it is ignored")
            return None
        try:
            info = os.stat(folder_path)
        except OSError:
            refuse(folder, "folder is a broken symlink; it is ignored")
            return None
    if not S_ISDIR(info.st_mode):
        refuse(folder, f"is {file_type(info.st_mode)}, not a kind folder; it is ignored")
        return None
    try:
        return os.open(folder_path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        refuse(folder, f"cannot read the folder: {exc.strerror}; its records are skipped")
        return None


def _look_closely(
    folder: str,
    folder_path: Path,
    folder_fd: int,
    names: list[str],
    stamps: array[int],
    odd: list[int],
    scan: Scan,
    refuse: Callable[[str, str], None],
    real_root: str,
) -> tuple[list[str], array[int]]:
    """The folder's names and stamps once every unusual entry is resolved or dropped."""
    dropped = set()
    for i in odd:
        stamp = _unusual(folder, folder_path, folder_fd, names[i], scan, refuse, real_root)
        if stamp is None:
            dropped.add(i)
        else:
            mtime, ctime, inode, size = stamp
            # An inode past 2**63 (some network file systems) is kept modulo 2**64.
            inode = inode - INODE_WRAP if inode >= INODE_WRAP // 2 else inode
            stamps[4 * i : 4 * i + 4] = array("q", (mtime, ctime, inode, size))
    if not dropped:
        return names, stamps
    kept = [i for i in range(len(names)) if i not in dropped]
    values = array("q")
    for i in kept:
        values.extend(stamps[4 * i : 4 * i + 4])
    return [names[i] for i in kept], values


def _unusual(
    folder: str,
    folder_path: Path,
    folder_fd: int,
    name: str,
    scan: Scan,
    refuse: Callable[[str, str], None],
    real_root: str,
) -> Stamp | None:
    """The stamp of an entry that is not a plain record file, if it is a record after all."""
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except OSError:
        return None  # removed while we looked: it is simply not there
    if S_ISREG(info.st_mode) and name.endswith(".yaml") and not name.startswith("."):
        return stamp_of(info)  # a plain record with an inode past 2**63
    if name.startswith("."):
        return None  # editors' and tools' own files
    rel = f"{folder}/{name}"
    if S_ISLNK(info.st_mode):
        target = os.path.join(folder_path, name)
        if not _inside(target, real_root):
            refuse(rel, "symlink points outside the catalog; it is ignored")
            return None
        try:
            info = os.stat(target)
        except OSError:
            refuse(rel, "symlink is broken or loops; it is ignored")
            return None
        scan.link_targets.add(os.path.realpath(target))
    looks_like_record = name.endswith(RECORD_SUFFIXES) or name.endswith("~")
    if S_ISDIR(info.st_mode):
        if looks_like_record or _holds_records(folder_path / name):
            refuse(rel, f"is a folder; records are files directly inside {folder}/")
        return None
    if not S_ISREG(info.st_mode):
        if looks_like_record:
            refuse(rel, f"is {file_type(info.st_mode)}, not a record file; it is ignored")
        return None
    if not name.endswith(".yaml"):
        refuse(rel, "not a .yaml file; record files are named <id>.yaml")
        return None
    return stamp_of(info)


def _holds_records(folder: Path, linked: set[str] | None = None) -> bool:
    """Whether a folder holds record-like files (other than ones linked from a kind folder)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        name.endswith(RECORD_SUFFIXES)
        and not (linked and os.path.realpath(folder / name) in linked)
        for name in names
    )


def _stray(root: Path, refuse: Callable[[str, str], None], linked: set[str]) -> None:
    """Record files at the root, and record folders with a name genai does not read."""
    kind_folders = set(FOLDERS.values())
    suggest = Suggester(kind_folders)
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return
    for name in names:
        if name.startswith(".") or name in kind_folders or name == TOPICS_FILE:
            continue
        path = root / name
        if name.endswith(RECORD_SUFFIXES):
            refuse(
                name, f"a record file must be in its kind folder ({', '.join(FOLDERS.values())})"
            )
        elif not path.is_symlink() and path.is_dir() and _holds_records(path, linked):
            refuse(
                name,
                f"folder {name}/ holds .yaml files but is not a kind folder"
                f"{suggest.hint(name.lower())}; its files are not read",
            )


def _inside(path: str | Path, real_root: str) -> bool:
    # realpath, unlike Path.resolve, does not raise on a symlink loop.
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def inside(path: str | Path, root: Path) -> bool:
    """Whether ``path`` (a symlink, say) resolves to somewhere inside ``root``."""
    return _inside(path, os.path.realpath(root))
