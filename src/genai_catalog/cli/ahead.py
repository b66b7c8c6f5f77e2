"""Which catalog a command line will read, guessed before the slow imports, to scan it ahead.

A warm query on a large catalog spends most of its time on one stat call
per record file; the console script's imports (typer, rich, rapidfuzz)
take about as long again. Started first, the stat calls run in children on
the other cores while this process imports. The guess only has to be right
usually: a scan of the wrong folder is never used (``Scanning.of`` matches
the catalog the command really loads) and costs only the work done in
children.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from genai_catalog.cli.commands import COMMANDS

_NO_LOAD = frozenset({"-h", "--help", "--version"})


def catalog_to_scan(args: Sequence[str]) -> Path | None:
    """The catalog folder ``genai <args>`` will load, if it is a query; else None.

    While a shell asks for completions (``_GENAI_COMPLETE``), the words are
    those typed so far, from the shell's variables.
    """
    if "_GENAI_COMPLETE" in os.environ:
        typed = _typed_words()
        if typed is None:
            return None
        args = typed
    if any(arg in _NO_LOAD for arg in args):
        return None
    # The root options are flags only, so the first other word is the command.
    command = next((arg for arg in args if not arg.startswith("-")), None)
    entry = COMMANDS.get(command or "")
    if entry is None or not entry.query:
        return None
    chosen: str | None = None
    words = iter(args)
    for arg in words:
        if arg == "--":
            break
        if arg == "--catalog":
            chosen = next(words, None)
        elif arg.startswith("--catalog="):
            chosen = arg.partition("=")[2]
    from genai_catalog.paths import chosen_root

    return chosen_root(Path(chosen) if chosen else None)[0]


def _typed_words() -> list[str] | None:
    """The complete words of a command line being completed, after the program's name."""
    # bash sets COMP_WORDS; Typer's zsh, fish and PowerShell scripts _TYPER_COMPLETE_ARGS.
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS")
    if not line:
        return None
    import shlex

    try:
        words = shlex.split(line)
    except ValueError:  # an open quote: the user is still typing it
        return None
    # The last word is the one being completed, unless the line ends in a space.
    return words[1:] if line[-1:].isspace() else words[1:-1]


def start(args: Sequence[str]) -> None:
    """Start scanning the catalog ``genai <args>`` will load, if there is one to guess."""
    root = catalog_to_scan(args)
    if root is not None:
        from genai_catalog.files.layout import scan_ahead

        scan_ahead(root)
