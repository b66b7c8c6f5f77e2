"""Exit codes, and which error gets which: decided here, at the CLI's edge."""

from __future__ import annotations

from enum import IntEnum, unique

from genai_catalog import errors


@unique
class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    INVALID_CATALOG = 3
    NOT_FOUND = 4
    NO_CATALOG = 5
    OUTPUT_EXISTS = 6
    NO_MATCH = 7
    NO_PATH = 8
    ALREADY_IN_CATALOG = 9
    NETWORK = 10
    STATE = 11
    MISSING_PROGRAM = 12
    NOT_CANONICAL = 13
    DUPLICATES = 14
    INTERRUPTED = 130
    BROKEN_PIPE = 141


_CODES: dict[type[errors.GenaiError], ExitCode] = {
    errors.CatalogNotFound: ExitCode.NO_CATALOG,
    errors.RecordNotFound: ExitCode.NOT_FOUND,
    errors.InvalidCatalog: ExitCode.INVALID_CATALOG,
    errors.OutputExists: ExitCode.OUTPUT_EXISTS,
    errors.BadRequest: ExitCode.USAGE,
    errors.NetworkError: ExitCode.NETWORK,
    errors.AlreadyInCatalog: ExitCode.ALREADY_IN_CATALOG,
    errors.NoPath: ExitCode.NO_PATH,
    errors.StateError: ExitCode.STATE,
    errors.MissingProgram: ExitCode.MISSING_PROGRAM,
    errors.NotCanonical: ExitCode.NOT_CANONICAL,
    errors.Duplicates: ExitCode.DUPLICATES,
}

# What the command line adds to a library message: how to get past it here.
_HINTS: dict[type[errors.GenaiError], str] = {
    errors.OutputExists: "; pass --force to overwrite it",
    errors.NotCanonical: "; 'genai fmt' rewrites them",
}


def exit_code_for(exc: errors.GenaiError) -> ExitCode:
    for cls in type(exc).__mro__:
        if cls in _CODES:
            return _CODES[cls]
    return ExitCode.ERROR


def message_for(exc: errors.GenaiError) -> str:
    hint = next((_HINTS[c] for c in type(exc).__mro__ if c in _HINTS), "")
    return errors.one_line(f"{exc}{hint}")
