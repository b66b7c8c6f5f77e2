"""One module per command, imported only when that command runs; the table of them all."""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    module: str  # in this package
    summary: str  # its line in `genai --help`, shown without importing the module
    # It starts by loading a catalog and is quick enough for a scan started
    # before the imports to matter (``cli.ahead``): queries, not the commands
    # that fetch, write or build a site.
    query: bool = False


# Order here is the order in `genai --help`. The summaries live here, not in
# the modules, and this module imports nothing, so that listing the commands
# (in help, or to a shell completing a command name) imports none of them.
COMMANDS: dict[str, Command] = {
    "search": Command("search", "Find records by id, name, alias, acronym or words.", query=True),
    "show": Command("show", "Show a record with every link to and from it.", query=True),
    "graph": Command(
        "graph", "Show the records around one and the typed links between them.", query=True
    ),
    "path": Command("path", "The shortest chain of typed links between two records.", query=True),
    "tree": Command("tree", "What a record derives from, and what derives from it.", query=True),
    "lineage": Command("tree", "The same as 'genai tree'.", query=True),
    "timeline": Command("timeline", "Records in time order, oldest first.", query=True),
    "list": Command(
        "list_records", "List records, of one kind or all, filtered and sorted.", query=True
    ),
    "export": Command(
        "export", "Export records for a README, a spreadsheet or a script.", query=True
    ),
    "mark": Command("mark", "Mark records read, reading, to-read or skipped.", query=True),
    "unmark": Command("unmark", "Forget the status, note and rating of records.", query=True),
    "site": Command("site", "Build a static website of the catalog, with search."),
    "topics": Command(
        "topics", "List the topics, each with its description and count.", query=True
    ),
    "stats": Command(
        "stats", "Count records by kind, topic and year, and your reading.", query=True
    ),
    "validate": Command(
        "validate", "Check every record file and reference; report all.", query=True
    ),
    "add": Command("add", "Add a record from an outside source: 'genai add arxiv ID'."),
    "import": Command("import_notes", "Match the links of a notes file to records."),
    "new": Command("new", "Start a new record from a commented scaffold."),
    "fmt": Command("fmt", "Rewrite record files in the canonical form."),
    "duplicates": Command("duplicates", "List records that are probably entered twice."),
    "schema": Command("schema", "Write one JSON Schema per kind, from the record models."),
}
