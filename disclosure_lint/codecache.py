"""The code ``dataclasses`` writes for the package's classes, compiled once per install, not once per run.

Why: on Python 3.11 every ``@dataclass(frozen=True)`` writes the source of six methods (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) and compiles each with
``exec``; for the ~110 classes a check of one report creates, that was a third of the instructions of
the whole process (Python's parser is costly to start for each small text).

How: :func:`install` gives the ``dataclasses`` module an ``exec`` of its own (a global of that module,
which shadows the builtin there and nowhere else).  For a class of this package it looks the source
text up in a file of compiled code objects in the user's cache directory (marshal, as a ``.pyc`` is)
and runs the stored code; the same text compiled with the same flags is the same code, so the class is
exactly the one the builtin would have made.  Other packages' classes, and a file that is missing,
corrupt or of another interpreter build, go to the builtin ``exec``.  Nothing is read before the first
class is made, and the new entries are written when the process exits.
"""

from __future__ import annotations

import sys
from types import CodeType
from typing import Any

from disclosure_lint.resources import MarshalStore

_PACKAGE = __name__.partition(".")[0]


def _key() -> tuple:
    # The code of one text differs across interpreter builds and optimisation levels, as .pyc files do.
    return (1, sys.version, sys.implementation.cache_tag, sys.flags.optimize)


_STORE = MarshalStore("dataclass-code", _key, limit=2048)


def install() -> None:
    """Let ``dataclasses`` run the stored code for this package's classes (idempotent)."""
    import dataclasses

    dataclasses.exec = _exec  # type: ignore[attr-defined]


def _exec(source: Any, globals: dict | None = None, locals: dict | None = None, **more: Any) -> None:  # noqa: A002
    """``exec`` however ``dataclasses`` calls it, with the compiled text of this package's classes kept."""
    if type(source) is str and globals is not None and str(globals.get("__name__", "")).startswith(_PACKAGE):
        code = _STORE.get(source)
        if type(code) is not CodeType:
            # As exec(text) compiles it there: file "<string>", no __future__ flags of the caller.
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _STORE.add(source, code)
        source = code
    exec(source, globals, locals, **more)  # noqa: S102 - the text dataclasses wrote, or its compiled code
