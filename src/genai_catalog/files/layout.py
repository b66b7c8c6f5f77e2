"""The catalog folder on disk: which files are records, and each file's stamp.

A stamp is what the cache compares to know a file is unchanged. It holds
what a user cannot set back: the inode and the change time (``ctime``), as
well as the size and modification time; ``cp -p``, ``rsync -a``, ``tar x``
and ``os.utime`` restore an mtime, never a ctime.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

from genai_catalog.errors import Problem, Suggester
from genai_catalog.files.reading import file_type
from genai_catalog.model.kinds import FOLDERS
from genai_catalog.paths import TOPICS_FILE

# (mtime_ns, ctime_ns, inode, size)
Stamp = tuple[int, int, int, int]
RECORD_SUFFIXES = (".yaml", ".yml", ".YAML", ".YML")


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size)


def display_path(root: Path, rel: str) -> str:
    return os.path.join(os.fsdecode(root), rel)


@dataclass
class Scan:
    """Every record file by relative path (in the folders' own order), with its stamp."""

    files: dict[str, Stamp] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Where symlinked record files really are: a folder holding only those is not stray.
    link_targets: set[str] = field(default_factory=set)

    def ordered(self) -> list[str]:
        """The record files in catalog order: by kind folder, then by name."""
        order = {folder: i for i, folder in enumerate(FOLDERS.values())}
        return sorted(self.files, key=lambda rel: (order[rel.split("/", 1)[0]], rel))


def scan(root: Path) -> Scan:
    """Find the record files of a catalog, and report what looks like a record but is not read.

    Symlinks, of files or of kind folders, are followed only while they stay
    inside the catalog. The stamps come from the same scan: on a large
    catalog the stat calls are most of a warm query's cost.
    """
    found = Scan()
    real_root = os.path.realpath(root)

    def refuse(rel: str, message: str) -> None:
        found.problems.append(Problem(display_path(root, rel), None, None, None, message))

    for folder in FOLDERS.values():
        folder_path = root / folder
        try:
            info = os.lstat(folder_path)
        except OSError:
            continue
        if S_ISLNK(info.st_mode):
            if not _inside(folder_path, real_root):
                refuse(folder, "folder is a symlink that points outside the catalog; it is ignored")
                continue
            try:
                info = os.stat(folder_path)
            except OSError:
                refuse(folder, "folder is a broken symlink; it is ignored")
                continue
        if not S_ISDIR(info.st_mode):
            refuse(folder, f"is {file_type(info.st_mode)}, not a kind folder; it is ignored")
            continue
        try:
            folder_fd = os.open(folder_path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as exc:
            refuse(folder, f"cannot read the folder: {exc.strerror}; its records are skipped")
            continue
        try:
            _scan_folder(folder, folder_fd, found, refuse, real_root, folder_path)
        except OSError as exc:
            refuse(folder, f"cannot read the folder: {exc.strerror}; its records are skipped")
        finally:
            os.close(folder_fd)
    _stray(root, refuse, found.link_targets)
    found.problems.sort()  # the folders' order is the file system's, not ours
    return found


def _scan_folder(
    folder: str,
    folder_fd: int,
    scan: Scan,
    refuse: Callable[[str, str], None],
    real_root: str,
    folder_path: Path,
) -> None:
    """Stamp every record file of one kind folder; report what does not belong."""
    stat = os.stat
    found = scan.files
    prefix = folder + "/"
    regular = 0o100000
    # One lstat per file, relative to the open folder: the cheapest form of the
    # call that a warm query on a large catalog makes once per file. Regular
    # .yaml files take the short path; anything else is looked at closely.
    # In the folder's own order: the warm path only digests the stamps, and
    # sorting 100,000 names costs more than the comparison. ``Scan.ordered``
    # sorts when records are read.
    for name in os.listdir(folder_fd):
        try:
            info = stat(name, dir_fd=folder_fd, follow_symlinks=False)
        except OSError:
            continue  # removed while we looked: it is simply not there
        if info.st_mode & 0o170000 == regular and name[-5:] == ".yaml" and name[0] != ".":
            found[prefix + name] = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size)
            continue
        if name.startswith("."):
            continue  # editors' and tools' own files
        rel = prefix + name
        if S_ISLNK(info.st_mode):
            target = os.path.join(folder_path, name)
            if not _inside(target, real_root):
                refuse(rel, "symlink points outside the catalog; it is ignored")
                continue
            try:
                info = stat(target)
            except OSError:
                refuse(rel, "symlink is broken or loops; it is ignored")
                continue
            scan.link_targets.add(os.path.realpath(target))
        looks_like_record = name.endswith(RECORD_SUFFIXES) or name.endswith("~")
        if S_ISDIR(info.st_mode):
            if looks_like_record or _holds_records(folder_path / name):
                refuse(rel, f"is a folder; records are files directly inside {folder}/")
            continue
        if not S_ISREG(info.st_mode):
            if looks_like_record:
                refuse(rel, f"is {file_type(info.st_mode)}, not a record file; it is ignored")
            continue
        if not name.endswith(".yaml"):
            refuse(rel, "not a .yaml file; record files are named <id>.yaml")
            continue
        found[rel] = stamp_of(info)


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
