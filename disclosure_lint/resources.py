"""Locate the grammar and rule files, in a wheel or in a source checkout.

A wheel carries ``grammars/`` and ``rules/`` inside the package as ``_data/``; an editable install or a
plain checkout finds them at the repository root.  Nothing is read at import time.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the directory holding the named data tree (``grammars`` or ``rules``)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"disclosure-lint data directory {name!r} not found (broken install?)")
