"""Shell completion candidates: record ids, topics and kinds, read from the warm cache.

Typer calls these while the shell waits (``_GENAI_COMPLETE``): they load the
catalog through the public API, which a warm cache answers without pydantic,
PyYAML or rapidfuzz, so completing an id costs less than a warm search (see
benchmarks/run.py). Nothing here may raise: a shell gets no candidates
rather than a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from genai_catalog.catalog import Catalog

# Past this many candidates no shell shows descriptions usefully, and
# decoding a record per candidate would cost time: ids only.
DESCRIBED = 100


def catalog_option(ctx: Any) -> Path | None:
    """The --catalog given so far on the command line, on this command or a parent."""
    while ctx is not None:
        value = getattr(ctx, "params", {}).get("catalog")
        if value is not None:
            return Path(value)
        ctx = ctx.parent
    return None


def _plain_descriptions() -> None:
    """Show record names as they are in zsh and fish, not as rich markup.

    Typer renders each description as rich markup, importing rich to do so
    (a tenth of a second, more than the rest of a completion); a record name
    is data, and '[b]' in it must stay text. Typer is pinned below 0.29 in
    pyproject.toml, where this hook is a module function.
    """
    from typer import _completion_classes

    if hasattr(_completion_classes, "_sanitize_help_text"):
        _completion_classes._sanitize_help_text = _as_is


def _as_is(text: str) -> str:
    return text


def _load(ctx: Any) -> Catalog | None:
    import genai_catalog

    _plain_descriptions()

    try:
        # Always through the cache, whatever --no-cache says: completion must be quick, and
        # the cache checks every file's stamp, so it never answers from stale records.
        return genai_catalog.open_catalog(catalog_option(ctx), use_cache=True)
    except Exception:  # a missing or broken catalog: no candidates, and no traceback
        return None


def record_ids(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """Ids that start with what was typed, each with the record's name."""
    catalog = _load(ctx)
    if catalog is None:
        return []
    graph = catalog.graph
    found = sorted(record_id for record_id in graph.ids() if record_id.startswith(incomplete))
    if len(found) > DESCRIBED:
        return [(record_id, "") for record_id in found]
    return [(record_id, _one_line(graph.get(record_id))) for record_id in found]


def _one_line(record: dict[str, Any] | None) -> str:
    if record is None:
        return ""
    return " ".join(str(record.get("name", "")).split())


def topics(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    catalog = _load(ctx)
    if catalog is None:
        return []
    return [
        (name, " ".join(text.split()))
        for name, text in catalog.topics.items()
        if name.startswith(incomplete)
    ]


def kinds(incomplete: str) -> list[str]:
    from genai_catalog.model.kinds import FOLDERS

    words = [word for pair in FOLDERS.items() for word in pair]
    return [word for word in words if word.startswith(incomplete.lower())]
