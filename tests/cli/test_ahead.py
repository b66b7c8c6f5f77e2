"""The scan started before the imports: which catalog a command line will read, and its hand-off."""

from __future__ import annotations

import gc
import importlib
import inspect
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from genai_catalog import forks, paths
from genai_catalog.cli import ahead
from genai_catalog.cli import main as entry
from genai_catalog.cli.commands import COMMANDS
from genai_catalog.files import layout, stamps
from tests.helpers import FIXTURE_CATALOG


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "qlora"], FIXTURE_CATALOG),  # from $GENAI_CATALOG
        (["--no-cache", "search", "qlora", "--catalog", "/x"], Path("/x")),
        (["list", "papers", "--catalog=/y", "--since", "2022"], Path("/y")),
        (["show", "--", "--catalog", "/x"], FIXTURE_CATALOG),  # an argument, not the option
        (["search", "qlora", "--help"], None),
        (["--version"], None),
        ([], None),
        (["add", "arxiv", "2106.09685"], None),  # fetches first: nothing to gain
        (["serach", "qlora"], None),
    ],
)
def test_the_catalog_a_command_line_will_read(args: list[str], expected: Path | None) -> None:
    assert ahead.catalog_to_scan(args) == expected


def test_without_a_setting_it_is_the_bundled_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENAI_CATALOG")
    assert ahead.catalog_to_scan(["search", "qlora"]) == paths.bundled_catalog()


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"COMP_WORDS": "genai show --catalog /z qlo", "COMP_CWORD": "4"}, Path("/z")),
        ({"COMP_WORDS": "genai show --catalog=/z "}, Path("/z")),
        ({"_TYPER_COMPLETE_ARGS": "genai path qlora --catalog /z lo"}, Path("/z")),
        ({"COMP_WORDS": "genai se", "COMP_CWORD": "1"}, None),  # a command name: no catalog
        ({"COMP_WORDS": "genai show 'qlo", "COMP_CWORD": "2"}, None),  # an open quote
        ({}, None),
    ],
)
def test_while_completing_the_words_come_from_the_shell(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: Path | None
) -> None:
    monkeypatch.setenv("_GENAI_COMPLETE", "complete_bash")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert ahead.catalog_to_scan(["ignored", "--catalog", "/elsewhere"]) == expected


@pytest.mark.parametrize("command", sorted(n for n, entry in COMMANDS.items() if entry.query))
def test_every_query_is_a_command_that_loads_a_catalog(command: str) -> None:
    module = importlib.import_module(f"genai_catalog.cli.commands.{COMMANDS[command].module}")
    source = inspect.getsource(module)
    assert "open_catalog(" in source or "open_and_select(" in source


@pytest.fixture
def ahead_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan ahead forks a child even for the small fixture catalog."""
    monkeypatch.setattr(stamps, "AHEAD_FROM", 0)
    monkeypatch.setattr(forks, "cores", lambda: 2)


@pytest.fixture
def collector() -> Iterator[None]:
    """The console script turns the collector off and freezes what exists: undone after."""
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


@pytest.mark.usefixtures("collector", "ahead_at_any_size")
def test_the_console_script_scans_ahead_and_the_search_claims_it(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[Path] = []
    claimed: list[bool] = []
    real_ahead, real_of = layout.scan_ahead, layout.Scanning.of

    def spy_ahead(root: Path) -> None:
        started.append(root)
        real_ahead(root)

    def spy_of(root: Path) -> layout.Scanning:
        was = list(layout._ahead)
        found = real_of(root)
        claimed.append(found in was)
        return found

    monkeypatch.setattr(layout, "scan_ahead", spy_ahead)
    monkeypatch.setattr(layout.Scanning, "of", spy_of)
    monkeypatch.setattr(sys, "argv", ["genai", "search", "lora", "--catalog", str(catalog_copy)])
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 0
    assert "lora" in capsys.readouterr().out
    assert started == [catalog_copy]
    assert claimed == [True]
    assert layout._ahead == []


@pytest.mark.usefixtures("collector", "ahead_at_any_size")
def test_a_scan_the_command_never_claims_is_stopped_at_exit(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["genai", "search", "--catalog", str(catalog_copy)])
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 2  # the query is missing: a usage error, no load
    assert capsys.readouterr().err.startswith("Error: ")
    assert layout._ahead == []


@pytest.mark.usefixtures("ahead_at_any_size")
def test_without_fork_every_command_still_answers(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No process or pipe to be had (a resource limit): the work is done here instead."""
    from genai_catalog.catalog import workers

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(stamps, "PARALLEL_FROM", 0)
    monkeypatch.setattr(workers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "fork", refused)
    args = ["search", "lora", "--catalog", str(catalog_copy), "--format", "json"]
    assert entry.main(args, scan_ahead=True) == 0  # cold: scan, read and index here
    cold = capsys.readouterr()
    assert entry.main(args, scan_ahead=True) == 0  # warm
    assert capsys.readouterr() == cold
    assert '"id": "lora"' in cold.out and cold.err == ""


def test_an_interrupt_while_scanning_ahead_is_the_usual_interrupt(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(args: list[str]) -> None:
        raise entry.Interrupted(signal.SIGINT)

    monkeypatch.setattr(ahead, "start", interrupted)
    assert entry.main(["search", "lora"], scan_ahead=True) == 130
    assert capsys.readouterr().err == "Interrupted.\n"
