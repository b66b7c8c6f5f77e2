"""The root command: global options, and sub-commands loaded on demand."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from genai_catalog.cli.commands import COMMANDS
from genai_catalog.version import __version__


class LazyGroup(TyperGroup):
    """Imports a command's module only when it is asked for (papis style)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module = importlib.import_module(f"genai_catalog.cli.commands.{entry.module}")
        command = typer.main.get_command(module.app)
        command.name = cmd_name
        command.short_help = entry.summary
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, entry.summary) for name, entry in COMMANDS.items()])

    def shell_complete(self, ctx: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        names = [
            CompletionItem(name, help=entry.summary)
            for name, entry in COMMANDS.items()
            if name.startswith(incomplete)
        ]
        # The root's own options, as TyperGroup would add them.
        return names + super(TyperGroup, self).shell_complete(ctx, incomplete)


@dataclass(frozen=True)
class State:
    """What the root options decide for every command."""

    debug: bool = False
    use_cache: bool = True


app = typer.Typer(
    cls=LazyGroup,
    name="genai",
    help=(
        "Query a cross-linked catalog of Generative AI: papers, techniques, models, "
        "tools, datasets, benchmarks and reading lists, and keep track of what you have "
        "read.\n\n"
        "Every command reads the catalog from --catalog PATH, else $GENAI_CATALOG, "
        "else the catalog bundled with genai."
    ),
    no_args_is_help=True,
    # --install-completion and --show-completion, Typer's: bash, zsh, fish and PowerShell.
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: rendering it with rich made `genai --help` slower than a search.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"genai {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a full traceback when something fails.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="GENAI_NO_CACHE",
            help="Read every record file afresh, ignoring and not writing the index cache.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = State(debug=debug, use_cache=not no_cache)


def state(ctx: typer.Context) -> State:
    found = ctx.find_root().obj
    return found if isinstance(found, State) else State()
