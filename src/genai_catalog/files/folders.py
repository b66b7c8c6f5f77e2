"""Replacing a whole folder: build the new one beside it, then swap it in.

A build that fails or is interrupted leaves the old folder as it was and no
half-written one; only the final swap touches the target. The swap is two
renames (the old folder aside, the new one in), so a crash between them
leaves the old folder beside the target under a ``.genai-old`` name, whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from stat import S_ISDIR, S_ISLNK, S_ISREG

from genai_catalog.errors import OutputError, OutputExists
from genai_catalog.files.atomic import fsync_dir
from genai_catalog.files.reading import file_type


def check_folder(
    dest: Path,
    *,
    ours: Callable[[Path], bool],
    overwrite: bool,
    what: str,
    protected: Mapping[Path, str] | None = None,
) -> bool:
    """Whether ``dest`` exists; raises if it may not be replaced.

    An existing folder is replaced only when it is empty, when ``ours`` says
    it is one of ours (``what`` names it in the message), or with
    ``overwrite``. Never a symlink or a file, and never a folder that holds
    one of ``protected`` (the catalog, the current folder...), whatever
    ``overwrite`` says.
    """
    try:
        info = os.lstat(dest)
    except FileNotFoundError:
        _check_parent(dest)
        return False
    except OSError as exc:
        raise _cannot_write(dest, exc) from None
    if S_ISLNK(info.st_mode):
        raise OutputError(f"{dest} is a symlink; only a real folder is ever replaced")
    if not S_ISDIR(info.st_mode):
        raise OutputError(f"{dest} is {_kind(info.st_mode)}, not a folder; it is never replaced")
    real = dest.resolve()
    for path, name in (protected or {}).items():
        with contextlib.suppress(OSError):
            if real == path.resolve() or real in path.resolve().parents:
                raise OutputError(f"{dest} holds {name}; it is never replaced")
    if overwrite or _empty(dest) or ours(dest):
        return True
    raise OutputExists(f"{dest} already exists and is not {what}")


def replace_folder(
    dest: Path,
    fill: Callable[[Path], None],
    *,
    ours: Callable[[Path], bool],
    overwrite: bool,
    what: str,
    protected: Mapping[Path, str] | None = None,
) -> None:
    """Make ``dest`` hold exactly what ``fill`` writes into the empty folder it is given."""
    check_folder(dest, ours=ours, overwrite=overwrite, what=what, protected=protected)
    parent = dest.parent if str(dest.parent) else Path(".")
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{dest.name[:40]}.genai-", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _cannot_write(dest, exc) from None
    try:
        _set_mode(temp)
        try:
            fill(temp)
        except OSError as exc:
            raise _cannot_write(dest, exc) from None
        # The target may have changed while we built: check it again.
        exists = check_folder(dest, ours=ours, overwrite=overwrite, what=what, protected=protected)
        _swap(temp, dest, parent, exists=exists)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    fsync_dir(parent)


def _swap(temp: Path, dest: Path, parent: Path, *, exists: bool) -> None:
    if not exists:
        try:
            os.rename(temp, dest)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise OutputExists(f"{dest} already exists") from None
            raise _cannot_write(dest, exc) from None
        return
    old = parent / f".{dest.name[:40]}.genai-old-{secrets.token_hex(4)}"
    try:
        os.rename(dest, old)
    except OSError as exc:
        raise _cannot_write(dest, exc) from None
    try:
        os.rename(temp, dest)
    except BaseException as exc:
        os.rename(old, dest)  # put the old folder back
        if isinstance(exc, OSError):
            raise _cannot_write(dest, exc) from None
        raise
    shutil.rmtree(old, ignore_errors=True)


def _check_parent(dest: Path) -> None:
    parent = dest.parent if str(dest.parent) else Path(".")
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise OutputError(f"cannot write {dest}: the folder {str(parent)!r} {what}")


def _empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def _kind(mode: int) -> str:
    return "a file" if S_ISREG(mode) else file_type(mode)


def _set_mode(folder: Path) -> None:
    # mkdtemp makes a private folder (0700); a site is for others to read.
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o777 & ~umask)


def _cannot_write(dest: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = f"no permission to write in {str(dest.parent)!r}"
    elif exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the name is too long"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {dest}: {reason}")
