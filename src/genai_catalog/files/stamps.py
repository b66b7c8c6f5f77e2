"""File stamps, shared with forked children when there are many: the warm path's one big cost.

A stamp is what the cache compares to know a file is unchanged. It holds
what a user cannot set back: the inode and the change time (``ctime``), as
well as the size and modification time; ``cp -p``, ``rsync -a``, ``tar x``
and ``os.utime`` restore an mtime, never a ctime.

The stamps of a folder are one flat array of four integers per file, so
that 100,000 of them are digested without a Python object each.

The work is shared by stealing: the names are cut into chunks, each child
stamps its run of chunks from the front, and this process, once it comes
to need the stamps, takes chunks from the back of the longest run left. So
the split adapts by itself to a parent that arrives late (a scan started
ahead of the imports) or early, and to children slowed by a busy machine.
A child writes its stamps into memory shared with this process and then
reports the chunk over its pipe; the pipe orders the two, so a reported
chunk is complete. A chunk both sides stamped is taken from this side.
"""

from __future__ import annotations

import mmap
import os
import struct
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from genai_catalog import forks

# (mtime_ns, ctime_ns, inode, size)
Stamp = tuple[int, int, int, int]
# Below this many files, forking to stamp them costs more than it saves.
PARALLEL_FROM = 5000
# Stamping started ahead overlaps work this process must do anyway (its
# imports): a child pays from far fewer files.
AHEAD_FROM = 1000
# Files per chunk: large enough that a report costs nothing beside the stat calls.
CHUNK = 512
# An inode past 2**63 (some network file systems) is kept modulo 2**64.
INODE_WRAP = 1 << 64
# In place of a stamp: not a plain record file (sizes are never negative).
_LOOK_CLOSELY = (0, 0, 0, -1)
_STAMP_BYTES = 4 * 8
# A report: the chunk, how many odd names follow, then their indices.
_REPORT = struct.Struct("<ii")

# What a folder's stamping gives: the stamps, and which names need a closer look.
if TYPE_CHECKING:
    Stamped = tuple[array[int], list[int]]


@dataclass
class _Child:
    """A child stamping its run of chunks, ``first`` to ``end``, as seen from here."""

    fd: int
    pid: int
    first: int
    end: int  # past the last chunk still its own: this process takes from the back
    next: int  # the chunk it is on: every one before it is reported
    pending: bytes = b""  # the start of a report not yet whole


class Stamping:
    """Stamps of the names in open folders, taken while the caller goes on.

    A context manager: the children start on entry (none for a small
    catalog); ``results`` runs ``meanwhile``, steals what is left, and gives
    one ``Stamped`` per folder, the same however the work was shared.
    Leaving early kills the children. A child that dies costs time only:
    what it did not report is stamped here.

    ``ahead``: the caller has other work to do before it needs the stamps,
    so children pay from fewer files.
    """

    def __init__(self, jobs: list[tuple[int, list[str]]], *, ahead: bool = False) -> None:
        self.jobs = jobs
        self.offsets = [0]
        for _, names in jobs:
            self.offsets.append(self.offsets[-1] + len(names))
        self.total = self.offsets[-1]
        self.chunks = -(-self.total // CHUNK)
        wanted = forks.cores() - 1 if self.total >= (AHEAD_FROM if ahead else PARALLEL_FROM) else 0
        self.wanted = max(0, min(wanted, self.chunks))
        self.children: list[_Child] = []
        self.shared: mmap.mmap | None = None
        self.reported: dict[int, list[int]] = {}  # chunk -> its odd names, from a child
        self.done: dict[int, tuple[bytes, list[int]]] = {}  # chunk -> stamps, odd names

    def __enter__(self) -> Stamping:
        if self.wanted == 0:
            return self
        try:
            self.shared = mmap.mmap(-1, self.total * _STAMP_BYTES)
            for k in range(self.wanted):
                first = self.chunks * k // self.wanted
                end = self.chunks * (k + 1) // self.wanted

                def task(out: BinaryIO, first: int = first, end: int = end) -> None:
                    self._child(out, first, end)

                fd, pid = forks.start(task)
                os.set_blocking(fd, False)
                self.children.append(_Child(fd, pid, first, end, first))
        except OSError:
            pass  # no memory map, pipe or fork to be had: what a child would do is done here
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    def _stop(self) -> None:
        # Killed even when done: past what they owe, their work is not needed.
        children, self.children = self.children, []
        forks.stop({child.fd: child.pid for child in children}, kill=True)

    def _range(self, chunk: int) -> tuple[int, int]:
        return chunk * CHUNK, min((chunk + 1) * CHUNK, self.total)

    def _stamp_chunk(self, chunk: int) -> tuple[bytes, list[int]]:
        """The stamps of one chunk's names (across folders), and its odd ones as flat indices."""
        lo, hi = self._range(chunk)
        values = array("q")
        odd: list[int] = []
        for job, (fd, names) in enumerate(self.jobs):
            start, end = self.offsets[job], self.offsets[job + 1]
            a, b = max(lo, start), min(hi, end)
            if a < b:
                stamps, odd_here = stamp_names(fd, names[a - start : b - start])
                values.extend(stamps)
                odd.extend(a + i for i in odd_here)
        return values.tobytes(), odd

    def _child(self, out: BinaryIO, first: int, end: int) -> None:
        assert self.shared is not None
        for chunk in range(first, end):
            data, odd = self._stamp_chunk(chunk)
            at = chunk * CHUNK * _STAMP_BYTES
            self.shared[at : at + len(data)] = data
            # Written after the stamps: once the parent reads it, the chunk is there.
            out.write(_REPORT.pack(chunk, len(odd)) + array("i", odd).tobytes())
            out.flush()

    def results(self, meanwhile: Callable[[], None] | None = None) -> list[Stamped]:
        if meanwhile is not None:
            meanwhile()
        if self.children:
            self._steal()
        # Every chunk when no child ran; else what a child that died never reported.
        for chunk in range(self.chunks):
            if chunk not in self.done:
                self.done[chunk] = self._stamp_chunk(chunk)
        return self._assemble()

    def _steal(self) -> None:
        """Stamp chunks from the back of the longest run left, then take in the children's."""
        while True:
            for child in self.children:
                self._drain(child)
            # Each child keeps the chunk it is on, and what it has done.
            child = max(self.children, key=lambda c: c.end - c.next)
            if child.end - child.next <= 1:
                break
            child.end -= 1
            self.done[child.end] = self._stamp_chunk(child.end)
        for child in self.children:
            os.set_blocking(child.fd, True)
            while child.next < child.end and self._drain(child):
                pass
        shared = self.shared
        assert shared is not None
        self._stop()
        for chunk, odd in self.reported.items():
            if chunk not in self.done:
                lo, hi = self._range(chunk)
                self.done[chunk] = (shared[lo * _STAMP_BYTES : hi * _STAMP_BYTES], odd)

    def _drain(self, child: _Child) -> bool:
        """Take in what a child has reported; False once its pipe is closed."""
        try:
            data = os.read(child.fd, 1 << 16)
        except BlockingIOError:
            return True
        if not data:
            return False
        buffer = child.pending + data
        at = 0
        while len(buffer) - at >= _REPORT.size:
            chunk, odd_count = _REPORT.unpack_from(buffer, at)
            past = at + _REPORT.size + 4 * odd_count
            if len(buffer) < past:
                break
            # From our own child, over a private pipe: trusted. Chunks come in order.
            self.reported[chunk] = list(array("i", buffer[at + _REPORT.size : past]))
            child.next = chunk + 1
            at = past
        child.pending = buffer[at:]
        return True

    def _assemble(self) -> list[Stamped]:
        flat = array("q")
        for chunk in range(self.chunks):
            flat.frombytes(self.done[chunk][0])
        odd = sorted(i for _, found in self.done.values() for i in found)
        results: list[Stamped] = []
        for job in range(len(self.jobs)):
            start, end = self.offsets[job], self.offsets[job + 1]
            looks = [i - start for i in odd if start <= i < end]
            results.append((flat[4 * start : 4 * end], looks))
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
