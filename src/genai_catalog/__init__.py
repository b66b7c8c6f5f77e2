"""genai-catalog: a structured, cross-linked catalog of Generative AI.

    >>> import genai_catalog
    >>> catalog = genai_catalog.open_catalog()          # the bundled catalog
    >>> catalog.search("qlroa")[0].record["id"]
    'qlora'
    >>> [n.record["id"] for n in catalog.neighbours("qlora") if n.field == "builds_on"]
    ['lora', 'quantization']

Heavy modules load on first use: importing this package costs almost nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from genai_catalog.version import __version__

__all__ = ["Catalog", "GenaiError", "Problem", "__version__", "open_catalog"]

if TYPE_CHECKING:
    from collections.abc import Callable

    from genai_catalog.catalog import Catalog
    from genai_catalog.errors import GenaiError, Problem


def open_catalog(
    path: str | Path | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Catalog:
    """Load a catalog: ``path``, else ``$GENAI_CATALOG``, else the bundled one.

    Raises ``CatalogNotFound`` when the folder is not a catalog. Broken
    records never raise: they are in ``catalog.rejected``, and every other
    problem in ``catalog.problems``.
    """
    from genai_catalog.catalog import load
    from genai_catalog.paths import resolve_root

    root = resolve_root(Path(path) if path is not None else None)
    return load(root, use_cache=use_cache, progress=progress)


def __getattr__(name: str) -> Any:
    if name == "Catalog":
        from genai_catalog.catalog import Catalog

        return Catalog
    if name in ("GenaiError", "Problem"):
        from genai_catalog import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'genai_catalog' has no attribute {name!r}")
