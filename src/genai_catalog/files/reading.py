"""Opening untrusted files: regular files only, size bounded before anything is read.

Every file genai reads (records, topics, its own cache and state, notes to
import) comes through here. ``open()`` on a FIFO blocks until a writer comes,
and ``read()`` of ``/dev/zero`` never ends; a file swapped for either between
a directory scan and the read must not hang the command. So files are opened
non-blocking, checked with ``fstat`` on the open descriptor (what is checked
is what is read) and read up to a limit.
"""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class FileRefused(OSError):
    """The path is not a regular file we are willing to read."""


class FileTooBig(FileRefused):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size:,} bytes; the limit is {limit:,}")
        self.size = size
        self.limit = limit


def file_type(mode: int) -> str:
    """What a non-regular file is, in a few words."""
    for test, name in (
        (S_ISDIR, "a folder"),
        (S_ISFIFO, "a named pipe (FIFO)"),
        (S_ISCHR, "a character device"),
        (S_ISBLK, "a block device"),
        (S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def open_regular(path: str | Path, *, dir_fd: int | None = None) -> tuple[int, int]:
    """An open descriptor on a regular file and its size; refuses anything else."""
    fd = os.open(path, _FLAGS, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            raise FileRefused(f"is {file_type(info.st_mode)}, not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


def read_regular(path: str | Path, limit: int, *, dir_fd: int | None = None) -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes."""
    fd, size = open_regular(path, dir_fd=dir_fd)
    try:
        if size > limit:
            raise FileTooBig(size, limit)
        chunks = []
        left = limit + 1  # one byte past the cap: the file may have grown since fstat
        while left > 0:
            chunk = os.read(fd, min(left, max(size, 1 << 16)))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooBig(max(size, len(data)), limit)
    return data
