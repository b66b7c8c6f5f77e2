"""Crash-safe writes: a temp file in the same folder, fsync, then a rename.

Only a regular file is ever replaced: never a symlink, a device or a FIFO
(as root, replacing ``/dev/null`` would break the system).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from stat import S_ISREG

from genai_catalog.errors import OutputError, OutputExists
from genai_catalog.files.reading import file_type

# Short and fixed: a temp name longer than the target's would fail for a
# legal 250-byte name.
_TEMP_PREFIX, _TEMP_SUFFIX = ".genai-", ".tmp"


def write_atomic(
    path: Path,
    data: bytes | Sequence[bytes],
    *,
    overwrite: bool = False,
    mode: int | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old file or the new, whole.

    ``data`` may come in parts, written one after the other. Refuses to
    replace an existing file unless ``overwrite``, and refuses to replace
    anything but a regular file even then. The new file keeps the permissions
    of the one it replaces, or gets ``mode`` if given.
    """
    parts = [data] if isinstance(data, bytes) else data
    with (
        building(path, overwrite=overwrite, mode=mode) as temp,
        os.fdopen(os.open(temp, os.O_WRONLY | os.O_TRUNC), "wb") as out,
    ):
        for part in parts:
            out.write(part)


@contextlib.contextmanager
def building(path: Path, *, overwrite: bool = False, mode: int | None = None) -> Iterator[Path]:
    """A temp file beside ``path`` for a writer that needs a path (SQLite, say).

    When the block ends normally the file is synced and moved to ``path`` by
    the rules of ``write_atomic``; when it raises, the temp file is removed
    and ``path`` is untouched.
    """
    check_target(path, overwrite=overwrite)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _cannot_write(path, folder, exc) from None
    os.close(handle)
    try:
        yield Path(temp)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _set_mode(temp, path, mode)
        if overwrite:
            check_target(path, overwrite=True)
            os.replace(temp, path)
        else:
            _create(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError) and not isinstance(exc, (OutputExists, OutputError)):
            raise _cannot_write(path, folder, exc) from None
        raise
    fsync_dir(folder)


def check_target(path: Path, *, overwrite: bool) -> None:
    """Refuse a target that exists (unless ``overwrite``) or is not a regular file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _cannot_write(path, path.parent, exc) from None
    if not overwrite:
        raise OutputExists(f"{path} already exists")
    if not S_ISREG(info.st_mode):
        what = "a symlink" if os.path.islink(path) else file_type(info.st_mode)
        raise OutputError(f"{path} is {what}; only a regular file is ever replaced")


def _cannot_write(path: Path, folder: Path, exc: OSError) -> OutputError:
    if exc.errno == errno.ENOENT:
        reason = f"the folder {str(folder)!r} does not exist"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = f"no permission to write in {str(folder)!r}"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the file name is too long"
    elif exc.errno == errno.ENOTDIR:
        reason = f"{str(folder)!r} is not a folder"
    else:
        reason = exc.strerror or str(exc)
    return OutputError(f"cannot write {path}: {reason}")


def _set_mode(temp: str, path: Path, mode: int | None) -> None:
    if mode is None:
        try:
            # Keep the permissions of the file we replace.
            mode = os.stat(path).st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    with contextlib.suppress(OSError):
        os.chmod(temp, mode)


def _create(temp: str, path: Path) -> None:
    """Move ``temp`` to ``path`` only if nothing is there, checked atomically.

    The check at the top of ``write_atomic`` gives a quick answer, but another
    process may create the file while we write; os.replace would then clobber
    it. A hard link fails instead when the name is taken.
    """
    try:
        os.link(temp, path)
    except FileExistsError:
        raise OutputExists(f"{path} already exists") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links on this file system: the early check has to do.
        if os.path.lexists(path):
            raise OutputExists(f"{path} already exists") from None
        os.replace(temp, path)
        return
    os.unlink(temp)


def fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the folder entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
