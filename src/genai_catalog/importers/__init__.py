"""Growing a catalog from outside: arXiv papers (``arxiv``), links in notes (``notes``)."""
