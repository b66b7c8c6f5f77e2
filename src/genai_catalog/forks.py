"""Work split over forked processes, for the few jobs that are worth it on a large catalog.

The children are plain forks, each with its own pipe back, not a
``multiprocessing.Pool``: a pool's helper threads can deadlock when an
interrupt arrives while they hold a queue lock, and its workers print
tracebacks when their parent dies. Here an interrupt kills the children at
once (they hold nothing worth saving) and nothing waits on a lock.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from typing import BinaryIO

Task = Callable[[BinaryIO], None]


def cores() -> int:
    """How many processes may usefully run at once: 1 where this process cannot fork safely."""
    if not hasattr(os, "fork"):
        return 1
    threading = sys.modules.get("threading")
    # Forking while another thread runs copies whatever locks it holds, held.
    if threading is not None and threading.active_count() > 1:
        return 1
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    return max(1, min(count, 8))


def start(task: Task) -> tuple[int, int]:
    """Fork a child that runs ``task`` on the write end of a pipe; the read end and its pid."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid:
        os.close(write_end)
        return read_end, pid
    # The child. It must never return into the parent's code, run its exit
    # handlers or flush its buffers: os._exit on every path.
    code = 1
    try:
        os.close(read_end)
        _quiet()
        with os.fdopen(write_end, "wb") as out:
            task(out)
        code = 0
    finally:
        os._exit(code)


def start_framed(work: Callable[[], bytes]) -> tuple[int, int]:
    """Fork a child whose answer is ``work()``, sent as one frame for ``read_framed``."""

    def task(out: BinaryIO) -> None:
        data = work()
        out.write(len(data).to_bytes(8, "big") + data)

    return start(task)


def stop(children: dict[int, int], *, kill: bool) -> None:
    """Close the pipes of children (read end -> pid) and reap them, killing them first if asked."""
    for fd, pid in children.items():
        if kill:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def read_framed(fd: int) -> bytes | None:
    """A child's whole answer, or None if it ended without giving one."""
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    data = b"".join(chunks)
    if len(data) < 8 or int.from_bytes(data[:8], "big") != len(data) - 8:
        return None
    return data[8:]


def _quiet() -> None:
    """Interrupts and termination are the parent's to handle: it kills its children.

    A child prints nothing, and lets go of the parent's output at once: a
    pipeline's reader (``genai search x | head``) must not wait for a child
    that outlives a parent killed outright.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP", "SIGPIPE"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    with contextlib.suppress(OSError):
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, 1)
        os.dup2(nowhere, 2)
        os.close(nowhere)
