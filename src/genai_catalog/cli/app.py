"""The root command: global options, and sub-commands loaded on demand."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from genai_catalog.version import __version__

# name -> module in genai_catalog.cli.commands; order here is the order in `genai --help`.
COMMANDS: dict[str, str] = {
    "search": "search",
    "show": "show",
    "graph": "graph",
    "path": "path",
    "tree": "tree",
    "lineage": "tree",
    "timeline": "timeline",
    "list": "list_records",
    "export": "export",
    "mark": "mark",
    "unmark": "unmark",
    "site": "site",
    "topics": "topics",
    "stats": "stats",
    "validate": "validate",
    "add": "add",
    "import": "import_notes",
    "new": "new",
    "fmt": "fmt",
    "duplicates": "duplicates",
    "schema": "schema",
}


@dataclass(frozen=True)
class State:
    """What the root options decide for every command."""

    debug: bool = False
    use_cache: bool = True


class LazyGroup(TyperGroup):
    """Imports a command's module only when it is asked for (papis style)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"genai_catalog.cli.commands.{module_name}")
        command = typer.main.get_command(module.app)
        command.name = cmd_name
        # A second name for a command ('lineage' for 'tree') says so in the list.
        first = next(name for name, target in COMMANDS.items() if target == module_name)
        if first != cmd_name:
            command.short_help = f"The same as 'genai {first}'."
        return command


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
