"""The process entry point: help, version, exit codes and the --debug switch."""

from __future__ import annotations

import pytest

from genai_catalog import __version__
from genai_catalog.cli.exit_codes import ExitCode
from genai_catalog.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"genai {__version__}\n"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("search", "show", "list", "export", "topics", "stats", "validate", "add",
                    "import", "new", "fmt", "duplicates"):  # fmt: skip
        assert f" {command} " in out


def test_a_domain_error_is_one_line_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nope"]) == ExitCode.NOT_FOUND
    captured = capsys.readouterr()
    assert captured.err == "Error: no record has the id 'nope'\n"
    assert "Traceback" not in captured.err


def test_debug_shows_the_traceback() -> None:
    from genai_catalog.errors import RecordNotFound

    with pytest.raises(RecordNotFound):
        main(["--debug", "show", "nope"])


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serach", "x"]) == ExitCode.USAGE
    assert "No such command 'serach'" in capsys.readouterr().err
