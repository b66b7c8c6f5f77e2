"""File stamps, taken in forked children when there are many: the warm path's one big cost.

A stamp is what the cache compares to know a file is unchanged. It holds
what a user cannot set back: the inode and the change time (``ctime``), as
well as the size and modification time; ``cp -p``, ``rsync -a``, ``tar x``
and ``os.utime`` restore an mtime, never a ctime.

The stamps of a folder are one flat array of four integers per file, so
that 100,000 of them cross a pipe and are digested without a Python object
each.
"""

from __future__ import annotations

import marshal
import os
from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING

from genai_catalog import forks

# (mtime_ns, ctime_ns, inode, size)
Stamp = tuple[int, int, int, int]
# Below this many files, forking to stamp them costs more than it saves.
PARALLEL_FROM = 5000
# An inode past 2**63 (some network file systems) is kept modulo 2**64.
INODE_WRAP = 1 << 64
# In place of a stamp: not a plain record file (sizes are never negative).
_LOOK_CLOSELY = (0, 0, 0, -1)

# What a folder's stamping gives: the stamps, and which names need a closer look.
if TYPE_CHECKING:
    Stamped = tuple[array[int], list[int]]


class Stamping:
    """Stamps of the names in open folders, taken while the caller goes on.

    The names are cut into one contiguous share per core, each stamped in a
    child, so the result is the same however it was split. A context manager
    (see ``forks.Split``); ``results`` gives one ``Stamped`` per folder.
    """

    def __init__(self, jobs: list[tuple[int, list[str]]]) -> None:
        self.jobs = jobs
        sizes = [len(names) for _, names in jobs]
        total = sum(sizes)
        shares = forks.cores() if total >= PARALLEL_FROM else 1
        bounds = [total * k // shares for k in range(shares + 1)]
        # Each share: (job, first, past-last) pieces of the folders' name lists.
        self.pieces: list[list[tuple[int, int, int]]] = [[] for _ in range(shares)]
        offset = 0
        for job, size in enumerate(sizes):
            for share in range(shares):
                lo, hi = max(bounds[share], offset), min(bounds[share + 1], offset + size)
                if lo < hi:
                    self.pieces[share].append((job, lo - offset, hi - offset))
            offset += size
        self.split = forks.Split(self._work, shares)

    def __enter__(self) -> Stamping:
        self.split.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.split.__exit__()

    def _work(self, share: int) -> bytes:
        done = []
        for job, lo, hi in self.pieces[share]:
            fd, names = self.jobs[job]
            stamps, odd = stamp_names(fd, names[lo:hi])
            done.append((job, lo, stamps.tobytes(), odd))
        return marshal.dumps(done)

    def results(self, meanwhile: Callable[[], None] | None = None) -> list[Stamped]:
        results: list[Stamped] = [(array("q"), []) for _ in self.jobs]
        for data in self.split.results(meanwhile):
            # From our own child, over a private pipe: trusted bytes.
            for job, lo, raw, odd in marshal.loads(data):
                stamps, looks = results[job]
                stamps.frombytes(raw)
                looks.extend(lo + i for i in odd)
        return results


def stamp_names(folder_fd: int, names: list[str]) -> Stamped:
    """One lstat per name, relative to the open folder: the warm path's inner loop.

    Regular ``.yaml`` files get their stamp; anything else (and a file that
    vanished or will not fit) is marked for a closer look.
    """
    stat = os.stat
    stamps = array("q")
    put = stamps.extend
    odd: list[int] = []
    regular = 0o100000
    for i, name in enumerate(names):
        try:
            info = stat(name, dir_fd=folder_fd, follow_symlinks=False)
            if info.st_mode & 0o170000 == regular and name[-5:] == ".yaml" and name[0] != ".":
                put((info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_size))
                continue
        except (OSError, OverflowError):
            pass
        put(_LOOK_CLOSELY)
        odd.append(i)
    return stamps, odd
