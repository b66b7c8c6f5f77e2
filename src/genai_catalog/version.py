"""The package version, in a module of its own so that nothing needs the package to know it."""

__version__ = "0.2.0"
