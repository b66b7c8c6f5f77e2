"""SVG: the DOT drawing laid out and drawn by Graphviz's ``dot`` program.

Graphviz writes record text into the SVG as escaped XML text and we give it
no links or scripts, so the picture is as safe as its DOT source.
"""

from __future__ import annotations

import shutil
import subprocess

from genai_catalog.errors import MissingProgram, OutputError, one_line
from genai_catalog.exporters import GraphJob
from genai_catalog.exporters.dot import render_graph as render_dot

PROGRAM = "dot"
INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt install graphviz; macOS: brew install graphviz; "
    "Windows: winget install graphviz)"
)
# Past this a layout has gone wrong: at most a thousand boxes take seconds.
TIMEOUT_S = 120


def render_graph(job: GraphJob) -> str:
    program = shutil.which(PROGRAM)
    if program is None:
        raise MissingProgram(
            f"drawing SVG needs Graphviz's '{PROGRAM}' program, which is not installed; {INSTALL}"
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=render_dot(job).encode("utf-8"),
            capture_output=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise OutputError(f"Graphviz '{PROGRAM}' took over {TIMEOUT_S} s and was stopped") from None
    except OSError as exc:
        raise OutputError(f"Graphviz '{PROGRAM}' could not be run: {exc.strerror}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = one_line(detail[0]) if detail else f"exit status {done.returncode}"
        raise OutputError(f"Graphviz '{PROGRAM}' failed: {reason}")
    return done.stdout.decode("utf-8")
