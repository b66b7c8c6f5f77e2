"""What the CLI tests of the authoring commands share: a fake arXiv API and a scripted editor."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from genai_catalog import net

# A scripted editor: each run takes the next step from a JSON file.
EDITOR_SCRIPT = r"""
import json, pathlib, sys
steps_file = pathlib.Path(sys.argv[1])
target = pathlib.Path(sys.argv[2])
steps = json.loads(steps_file.read_text())
step = steps.pop(0)
steps_file.write_text(json.dumps(steps))
text = target.read_text()
log = steps_file.with_suffix(".seen")
log.write_text(log.read_text() + text + "\n=====\n" if log.exists() else text + "\n=====\n")
kind, _, value = step.partition(":")
if kind == "summary":
    text = text.replace("summary: >-\n  \n", "summary: >-\n  " + value + "\n")
elif kind == "replace":
    old, new = value.split("=>")
    text = text.replace(old, new)
elif kind == "empty":
    text = "# nothing\n"
elif kind == "fail":
    sys.exit(3)
target.write_text(text)
"""


@dataclass
class Editor:
    """Set the steps, run the command, then read what the editor was shown."""

    folder: Path
    steps_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.steps_file = self.folder / "steps.json"
        self.steps_file.write_text("[]")

    def script(self, *steps: str) -> None:
        self.steps_file.write_text(json.dumps(list(steps)))

    @property
    def shown(self) -> list[str]:
        log = self.steps_file.with_suffix(".seen")
        return log.read_text().split("\n=====\n")[:-1] if log.exists() else []

    @property
    def left(self) -> list[str]:
        steps: list[str] = json.loads(self.steps_file.read_text())
        return steps


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Editor:
    """An interactive terminal whose $EDITOR runs the scripted steps."""
    from genai_catalog.cli import editor as editing

    folder = tmp_path / "editor"
    folder.mkdir()
    script = folder / "edit.py"
    script.write_text(EDITOR_SCRIPT)
    fake = Editor(folder)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script} {fake.steps_file}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(editing, "interactive", lambda: True)
    return fake


class FakeClock:
    def __init__(self) -> None:
        self.t = 1_000_000.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.t += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The network seam's clock: retries and the rate limit cost no test time."""
    fake = FakeClock()
    monkeypatch.setattr(net, "CLOCK", net.Clock(now=fake.now, sleep=fake.sleep))
    return fake


@pytest.fixture
def arxiv_api(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> Iterator[HTTPServer]:
    """$GENAI_ARXIV_API pointed at a local server that each test teaches its answers."""
    monkeypatch.setenv("GENAI_ARXIV_API", httpserver.url_for("/api/query"))
    yield httpserver
    httpserver.clear()
