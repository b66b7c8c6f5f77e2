"""The progress bar of a slow load: on a terminal only, redrawn without a thread of its own."""

from __future__ import annotations

import io
import sys
import threading

import pytest

from genai_catalog.cli.output import LoadProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_runs_no_thread_and_goes_once_every_file_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    threads = threading.active_count()
    with LoadProgress() as progress:
        progress.DELAY_S = 0.0
        progress(250, 1000)
        assert progress.bar is not None and "Loading catalog" in screen.getvalue()
        assert threading.active_count() == threads  # so the load may still fork
        progress(1000, 1000)
        assert progress.bar is None  # gone before the answer is printed
        progress(1000, 1000)  # a second load that is done at once shows nothing
        assert progress.bar is None


def test_no_bar_off_a_terminal_or_for_a_quick_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with LoadProgress() as progress:
        progress.DELAY_S = 0.0
        progress(1, 10)
        assert progress.bar is None
    monkeypatch.setattr(sys, "stderr", Terminal())
    with LoadProgress() as progress:
        progress(1, 10)  # within the first second
        assert progress.bar is None
