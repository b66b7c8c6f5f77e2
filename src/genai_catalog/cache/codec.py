"""Cache file framing: a keyed digest, a bounded length, then a marshal payload.

Cache files are untrusted input: another process, a full disk or a hostile
local user may have truncated, flipped, swapped or forged them. ``marshal``
is fast but not safe against crafted input (a forged list length alone can
ask for gigabytes), so it only ever sees bytes whose keyed digest
(HMAC-SHA256) matches. The key is a per-user secret in the cache folder (mode 0600, owned
by the user); without it a forged file cannot carry a valid digest.

The large records file has a faster proof (``seal``/``sealed``): once
written, its mtime is set to a moment long past, and the signed index holds
the stamp it then has. A file that still has that stamp, owned by this
user and writable by nobody else, in a folder nobody else can write to, is
the one that was signed: a swap changes the inode, and any write moves the
mtime to the present, however coarse the clock, and the ctime with it
(which no user can set back). Anything else is checked digest by digest.

The code stamp says which code wrote a cache. It is derived from the
package's own files, so editing any module that shapes cached data (in a
source checkout) invalidates what the old code computed. It also carries
the year: whether a record's year "is in the future" depends on the date.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import marshal
import os
import sys
from pathlib import Path
from stat import S_ISREG
from typing import Any

from genai_catalog.files.reading import FileRefused, read_regular
from genai_catalog.version import __version__

# Bump when the payload layout changes.
FORMAT = 5
MAGIC = b"genai-cache\x00"
DIGEST_SIZE = 16
KEY_FILE = "key"
_KEY_SIZE = 32
_SEALED_MTIME = 1_000_000_000  # one second past the epoch
# The folders of the package that never shape cached data.
_NOT_SHAPING = frozenset({"cli", "data", "exporters", "importers", "__pycache__"})


def code_stamp() -> str:
    """Which code, Python and year a cache was written by."""
    here = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=12)
    for folder, subfolders, names in os.walk(here):
        subfolders[:] = sorted(d for d in subfolders if d not in _NOT_SHAPING)
        for name in sorted(names):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                rel = os.path.relpath(os.path.join(folder, name), here)
                digest.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return (
        f"genai-catalog {__version__} cache {FORMAT} py{sys.version_info[:2]} "
        f"code {digest.hexdigest()} year {datetime.date.today().year}"
    )


def load_key(folder: Path) -> bytes | None:
    """This user's cache key, created on first use; None when none can be trusted."""
    path = folder / KEY_FILE
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            _create_key(path)
            continue
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            trusted = (
                S_ISREG(info.st_mode)
                and info.st_uid == os.getuid()
                and info.st_mode & 0o077 == 0
                and info.st_size == _KEY_SIZE
            )
            key = os.read(fd, _KEY_SIZE + 1) if trusted else b""
        finally:
            os.close(fd)
        return key if len(key) == _KEY_SIZE else None
    return None


def _create_key(path: Path) -> None:
    """Write a fresh key atomically and without replacing one another process wrote."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, os.urandom(_KEY_SIZE))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)
        finally:
            os.unlink(temp)


def seal(path: Path) -> list[int] | None:
    """The stamp of a cache file just written, for ``sealed`` to compare later."""
    try:
        # No write can give a file this mtime, even within the same clock tick.
        os.utime(path, ns=(_SEALED_MTIME, _SEALED_MTIME), follow_symlinks=False)
        info = os.stat(path, follow_symlinks=False)
    except (OSError, NotImplementedError):
        return None
    return _seal_stamp(info)


def sealed(info: os.stat_result, expected: object, folder: Path) -> bool:
    """Whether an open cache file is still the one ``seal`` stamped, and only we could change it."""
    if not isinstance(expected, list) or not _private(info):
        return False
    if _seal_stamp(info) != expected or info.st_mtime_ns != _SEALED_MTIME:
        return False
    try:
        return _private(os.stat(folder))
    except OSError:
        return False


def _seal_stamp(info: os.stat_result) -> list[int]:
    return [info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size, info.st_dev]


def _private(info: os.stat_result) -> bool:
    return info.st_uid == os.getuid() and info.st_mode & 0o022 == 0


def sign(key: bytes, data: bytes | memoryview) -> bytes:
    # HMAC-SHA256, cut to 16 bytes: SHA-256 runs in hardware on most CPUs, several
    # times faster than BLAKE2 here, and a warm query signs the whole index.
    return hmac.digest(key, data, "sha256")[:DIGEST_SIZE]


def frame(key: bytes, payload: Any) -> list[bytes]:
    """A cache file's bytes, as the head and the body: written one after the other, not joined."""
    body = marshal.dumps(payload)
    return [MAGIC + len(body).to_bytes(8, "big") + sign(key, body), body]


def unframe(key: bytes, path: Path, limit: int) -> Any:
    """The payload of a cache file, or None when it is missing, damaged, forged or oversize."""
    try:
        blob = read_regular(path, limit)
    except (OSError, FileRefused):
        return None
    head = len(MAGIC) + 8 + DIGEST_SIZE
    if len(blob) < head or blob[: len(MAGIC)] != MAGIC:
        return None
    length = int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 8], "big")
    if length != len(blob) - head:
        return None
    body = memoryview(blob)[head:]  # no copy of a body that may be tens of MB
    if not hmac.compare_digest(sign(key, body), blob[head - DIGEST_SIZE : head]):
        return None
    try:
        return marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
