"""Where things are: the catalog to read, the cache, the personal state.

Each setting is read here and nowhere else, so that a message can say where
a value came from.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from genai_catalog.errors import CatalogNotFound

ENV_CATALOG = "GENAI_CATALOG"
ENV_CACHE = "GENAI_CACHE_DIR"
ENV_STATE = "GENAI_STATE"
ENV_ARXIV_API = "GENAI_ARXIV_API"
ARXIV_API = "https://export.arxiv.org/api/query"
APP = "genai-catalog"
TOPICS_FILE = "topics.yaml"


def bundled_catalog() -> Path:
    """The catalog shipped in the wheel, or the repository's when run from source."""
    here = Path(__file__).resolve().parent
    installed = here / "data" / "catalog"
    if installed.is_dir():
        return installed
    return here.parent.parent / "catalog"


def chosen_root(path: Path | None = None) -> tuple[Path, str]:
    """The catalog folder to read, unchecked, and where the choice came from (for messages)."""
    if path is not None:
        return path, ""
    if os.environ.get(ENV_CATALOG):
        return Path(os.environ[ENV_CATALOG]), f" (from ${ENV_CATALOG})"
    return bundled_catalog(), " (the bundled catalog)"


def resolve_root(path: Path | None = None) -> Path:
    """``path`` when given, else ``$GENAI_CATALOG``, else the bundled catalog."""
    from genai_catalog.model.kinds import FOLDERS

    root, source = chosen_root(path)
    shown = os.fsdecode(root)
    if not root.is_dir():
        what = "is a file, not a folder" if root.exists() else "does not exist"
        raise CatalogNotFound(f"catalog folder {shown!r}{source} {what}")
    markers = [TOPICS_FILE, *FOLDERS.values()]
    if not any((root / marker).exists() for marker in markers):
        raise CatalogNotFound(
            f"{shown!r}{source} is not a catalog: it has no {TOPICS_FILE} "
            f"and none of the folders {', '.join(FOLDERS.values())}"
        )
    return root


def _home() -> Path | None:
    """The home folder if it is usable: set, absolute and existing (never created)."""
    home = os.environ.get("HOME")
    if home is None:
        try:
            home = str(Path.home())
        except (KeyError, RuntimeError):
            return None
    if not home or not os.path.isabs(home) or not os.path.isdir(home):
        return None
    return Path(home)


def _xdg(variable: str, fallback: str) -> Path | None:
    explicit = os.environ.get(variable)
    if explicit and os.path.isabs(explicit):
        return Path(explicit) / APP
    if sys.platform not in ("linux", "linux2") and not explicit:
        import platformdirs

        kind = "user_cache_dir" if variable == "XDG_CACHE_HOME" else "user_data_dir"
        return Path(getattr(platformdirs, kind)(APP, appauthor=False))
    home = _home()
    return home / fallback / APP if home is not None else None


def cache_dir() -> Path | None:
    """The index cache's folder; None when there is nowhere sensible to put it."""
    explicit = os.environ.get(ENV_CACHE)
    if explicit:
        return Path(explicit)
    return _xdg("XDG_CACHE_HOME", ".cache")


def state_file() -> Path | None:
    """The personal reading-state file (``$GENAI_STATE``, else the user data folder)."""
    explicit = os.environ.get(ENV_STATE)
    if explicit:
        return Path(explicit)
    folder = _xdg("XDG_DATA_HOME", os.path.join(".local", "share"))
    return folder / "state.json" if folder is not None else None


def arxiv_api() -> str:
    """The arXiv export API's query address: ``$GENAI_ARXIV_API`` (a mirror, a proxy, a test
    server), else arXiv's own."""
    return os.environ.get(ENV_ARXIV_API) or ARXIV_API
