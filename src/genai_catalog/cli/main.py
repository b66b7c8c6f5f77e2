"""The process entry point and the one error boundary.

Everything a command raises ends here: a domain error becomes one ``Error:``
line on stderr and its exit code (``exit_codes``), a usage error the same,
an interrupt ``Interrupted.`` and 130, a reader that went away a quiet 141,
anything else one line that says it was unexpected. ``--debug`` shows the
traceback instead.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

from genai_catalog.cli.exit_codes import ExitCode, exit_code_for, message_for
from genai_catalog.cli.streams import PipeClosed, flush_quietly, guarded, silence_stdout
from genai_catalog.errors import GenaiError, one_line


class Interrupted(BaseException):
    """A signal asked us to stop. Not a KeyboardInterrupt, which typer would swallow."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main(argv: list[str] | None = None, *, scan_ahead: bool = False) -> int:
    """Run ``genai`` and return its exit code; tracebacks only with ``--debug``.

    ``scan_ahead``: start scanning the catalog the command will read before
    the slow imports (``cli.ahead``), as the console script does.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    with guarded(), _signals():
        try:
            with _ahead(args if scan_ahead else None):
                return _run(args)
        except PipeClosed:
            silence_stdout()
            return ExitCode.BROKEN_PIPE
        except Interrupted as exc:
            if exc.signum != signal.SIGINT:
                return 128 + exc.signum  # as if the signal had ended us
            _say("Interrupted.")
            return ExitCode.INTERRUPTED
        except GenaiError as exc:
            if debug:
                raise
            _say(f"Error: {message_for(exc)}")
            return exit_code_for(exc)
        except Exception as exc:
            if debug:
                raise
            _say(
                f"Error: unexpected {type(exc).__name__}: {one_line(str(exc))} "
                "(run with --debug for the traceback)"
            )
            return ExitCode.ERROR


def _run(args: list[str]) -> int:
    # typer (pinned below 0.29) carries its own copy of click, under typer._click.
    import typer
    from typer._click import exceptions as click_errors

    from genai_catalog.cli.app import app

    try:
        result = app(args=args, prog_name="genai", standalone_mode=False)
    except SystemExit as exc:
        # Shell completion (_GENAI_COMPLETE) and --install/--show-completion end with
        # sys.exit even outside standalone mode: their code is ours to return.
        if isinstance(exc.code, int):
            return exc.code
        return ExitCode.OK if exc.code is None else ExitCode.ERROR
    except click_errors.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return ExitCode.OK
    except click_errors.UsageError as exc:
        where = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
        _say(f"Error: {one_line(exc.format_message())}{where}")
        return ExitCode.USAGE
    except typer.Abort:
        raise Interrupted(signal.SIGINT) from None
    sys.stdout.flush()
    return int(result) if isinstance(result, int) else ExitCode.OK


def _say(line: str) -> None:
    flush_quietly()  # what the command printed before it failed comes first
    print(line, file=sys.stderr)


@contextmanager
def _ahead(args: list[str] | None) -> Iterator[None]:
    """A scan started before the imports, stopped at the end if the command never claimed it."""
    if args is None:
        yield
        return
    from genai_catalog.cli import ahead
    from genai_catalog.files.layout import drop_ahead

    # No fork or pipe to be had: the command scans as it would have anyway.
    with suppress(OSError):
        ahead.start(args)
    try:
        yield
    finally:
        drop_ahead()


@contextmanager
def _signals() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into ``Interrupted`` for this run."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    try:
        saved = {s: signal.signal(s, stop) for s in wanted}
    except ValueError:  # not the main thread: leave signals alone
        saved = {}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


def run() -> None:
    """The ``genai`` console script."""
    # A short-lived process that builds up to hundreds of thousands of acyclic
    # dicts: the cyclic collector would rescan them again and again for nothing
    # (a third of a large load's time); reference counting frees them anyway.
    gc.disable()
    code = main(scan_ahead=True)
    # The interpreter's exit runs one last full collection even with the
    # collector off: over every object a query made, for nothing (a tenth of a
    # warm search). Frozen objects are left out; exit still runs its handlers
    # and flushes.
    gc.freeze()
    sys.exit(code)
