"""Editing a new record in the person's editor, checked before it is kept.

The text goes to a private temporary file named after the record (so the
editor highlights YAML), ``$VISUAL`` or ``$EDITOR`` opens it (else the system's
``editor``, ``nano`` or ``vi``), and what comes back is checked by the caller's
function. On a problem, the person sees it and chooses: edit again, keep the
fallback (the draft ``add`` would have written), or discard.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from genai_catalog.errors import Cancelled, MissingProgram, one_line

if TYPE_CHECKING:
    from genai_catalog.catalog.authoring import Checked

MAX_BYTES = 256 * 1024


def interactive() -> bool:
    """A person at a terminal: both standard input and output are one."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor_command() -> list[str] | None:
    """The editor to run, as an argument list ('code --wait' is two), or None."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            return shlex.split(value)
    for name in ("editor", "nano", "vi"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def edit(text: str, file_name: str) -> str:
    """``text`` as the person left it after editing it."""
    command = editor_command()
    if command is None:
        raise MissingProgram("no text editor was found; set $EDITOR (for example EDITOR=nano)")
    with tempfile.TemporaryDirectory(prefix="genai-edit-") as folder:
        path = Path(folder) / file_name
        path.write_text(text, encoding="utf-8")
        try:
            status = subprocess.call([*command, str(path)])
        except FileNotFoundError:
            raise MissingProgram(
                f"the editor {command[0]!r} is not installed; set $EDITOR to one that is"
            ) from None
        if status != 0:
            raise Cancelled(f"the editor exited with status {status}; nothing was written")
        from genai_catalog.files.reading import read_regular

        data = read_regular(path, MAX_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Cancelled("the edited file is not UTF-8 text; nothing was written") from None


def edit_until_valid(
    text: str,
    file_name: str,
    check: Callable[[str], Checked],
    *,
    fallback: str | None = None,
) -> Checked | None:
    """Edit until the record is valid; None when the person keeps the ``fallback`` instead."""
    from genai_catalog.drafts import is_cancelled

    while True:
        edited = edit(text, file_name)
        if is_cancelled(edited):
            raise Cancelled("the record was left empty; nothing was written")
        checked = check(edited)
        if checked.ok:
            return checked
        print("The record has problems:", file=sys.stderr)
        for problem in checked.errors:
            print(f"  {problem}", file=sys.stderr)
        choices = {"e": "edit again"}
        if fallback:
            choices["k"] = fallback
        choices["d"] = "discard it"
        question = ", ".join(f"{label} [{key}]" for key, label in choices.items())
        answer = ""
        while answer not in choices:
            answer = typer.prompt(one_line(question.capitalize()), default="e").strip().lower()[:1]
        if answer == "k":
            return None
        if answer == "d":
            raise Cancelled("discarded; nothing was written")
        text = edited
