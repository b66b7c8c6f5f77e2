"""Standard streams that cannot crash a command or lose its output silently.

- stdout closed (``>&-``): the first write is an error, not an AttributeError;
- stderr closed: warnings go nowhere, the exit code still tells;
- a reader that went away (``| head``): ``PipeClosed``, handled once in ``main``;
- an output encoding that is not UTF-8: characters it cannot carry are
  written as escapes instead of crashing the command.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from genai_catalog.errors import OutputError


class PipeClosed(BaseException):
    """The reader of stdout went away. Not an OSError, so no library layer swallows it."""


class _Guarded:
    """A text stream whose broken pipe becomes ``PipeClosed``; everything else passes through.

    On a real file descriptor, text is encoded here and written with
    ``os.write`` until every byte is out: CPython's buffered writer can report
    a large write to a pipe whose reader left as done, losing the rest of the
    output without an error.
    """

    def __init__(self, stream: TextIO, *, buffered: bool) -> None:
        self._stream = stream
        # stdout collects up to 64 KiB per write call; stderr writes through at once.
        self._limit = 1 << 16 if buffered else 0
        self._pending: list[bytes] = []
        self._size = 0
        try:
            self._fd: int | None = stream.fileno()
        except (OSError, AttributeError, ValueError):
            self._fd = None  # an in-memory stream (tests): no pipe to break

    def write(self, text: str) -> int:
        if self._fd is None:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                raise PipeClosed from None
        data = text.encode(self._stream.encoding or "utf-8", self._stream.errors or "strict")
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self._limit:
            self.flush()
        return len(text)

    def flush(self) -> None:
        try:
            if self._fd is None:
                self._stream.flush()
                return
            self._stream.flush()  # whatever went to the stream itself comes first
            view = memoryview(b"".join(self._pending))
            self._pending, self._size = [], 0
            while view:
                view = view[os.write(self._fd, view) :]
        except BrokenPipeError:
            raise PipeClosed from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Closed:
    """What stands in for a closed stream."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str, *, fail: bool) -> None:
        self._name = name
        self._fail = fail

    def write(self, text: str) -> int:
        if self._fail and text:
            raise OutputError(f"standard {self._name} is closed; there is nowhere to print")
        return len(text)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(f"standard {self._name} is closed")


def _prepare(stream: TextIO | None, name: str, *, fail: bool) -> Any:
    if stream is None:
        return _Closed(name, fail=fail)
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(Exception):
            reconfigure(errors="backslashreplace")
    return _Guarded(stream, buffered=name == "output")


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Install the guarded streams for one run; the originals come back afterwards."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _prepare(saved[0], "output", fail=True)
    sys.stderr = _prepare(saved[1], "error", fail=False)
    try:
        yield
    finally:
        flush_quietly()
        sys.stdout, sys.stderr = saved


def flush_quietly() -> None:
    """Write out what is pending on stdout; a reader that left is no longer our problem."""
    with contextlib.suppress(PipeClosed, OSError, ValueError):
        sys.stdout.flush()


def silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null so that the final flush cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)


def utf8_output() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")
