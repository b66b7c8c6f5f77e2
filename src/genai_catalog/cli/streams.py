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
    """A text stream whose broken pipe becomes ``PipeClosed``; everything else passes through."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise PipeClosed from None

    def flush(self) -> None:
        try:
            self._stream.flush()
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
    return _Guarded(stream)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Install the guarded streams for one run; the originals come back afterwards."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _prepare(saved[0], "output", fail=True)
    sys.stderr = _prepare(saved[1], "error", fail=False)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def silence_stdout() -> None:
    """After a broken pipe: point fd 1 at /dev/null so that the final flush cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)


def utf8_output() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding in ("utf8", "utf8sig")
