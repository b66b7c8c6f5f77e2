"""Loading a catalog (``pipeline``) and asking it questions (``facade.Catalog``)."""

from genai_catalog.catalog.facade import Catalog
from genai_catalog.catalog.pipeline import load

__all__ = ["Catalog", "load"]
