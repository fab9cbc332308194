"""Regular expressions compiled once per install, not once per run: the package's ``re``.

Every module of the package imports this in place of the standard module (``from disclosure_lint import
recache as re``; a test keeps it so) and calls it exactly as it would call ``re``.

Why: Python's ``re`` compiles a pattern in Python code, and a class of Chinese characters such as
``[\\u4e00-\\u9fff]`` costs 0.25-1.2 ms because the compiler walks every code point of its ranges.  The
package's ~450 patterns cost ~65 ms of every start-up, a quarter of a pre-commit run on one small report.
What the compiler produces is a list of opcodes for ``_sre``; this module keeps those lists in the user's
cache directory (a file per install) and rebuilds the pattern object from them in microseconds.

Why it is safe: an entry is stored only after the pattern rebuilt from it compared equal to what
``re.compile`` made (``Pattern.__eq__`` compares the opcodes, flags and pattern), the file is used only
by the same interpreter build (its version and ``_sre`` magic are the file's key), ``_sre`` validates
any code it is given, and anything unexpected (another Python, a corrupt or unwritable file, an
internal API that moved) falls back to ``re.compile``.  Nothing is read before the first pattern is
compiled and nothing is written until the process exits.
"""

from __future__ import annotations

import re as _re
import sys
from array import array
from functools import lru_cache
from typing import Any

from disclosure_lint.resources import MarshalStore

# What the package uses of ``re`` besides the compiling functions, unchanged.
from re import (A, ASCII, DOTALL, I, IGNORECASE, M, MULTILINE, S, U, UNICODE, VERBOSE, X,  # noqa: F401
                Match, Pattern, RegexFlag, error, escape)


def __getattr__(name: str) -> Any:
    return getattr(_re, name)  # anything else of re (purge, NOFLAG, ...)


def compile(pattern: Any, flags: int = 0) -> Pattern:  # noqa: A001 - the drop-in for re.compile
    if type(pattern) is str:
        return _compiled(pattern, int(flags))
    return _re.compile(pattern, flags)  # bytes, or an already compiled pattern


def search(pattern: Any, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> Match | None:
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list:
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern: Any, string: str, flags: int = 0) -> list:
    return compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).finditer(string)


@lru_cache(maxsize=2048)
def _compiled(pattern: str, flags: int) -> Pattern:
    entry = _STORE.get((pattern, flags))
    if entry is not None:
        try:
            return _rebuilt(pattern, entry)
        except Exception:  # noqa: BLE001 - code _sre rejects: compile it the ordinary way
            pass
    compiled = _re.compile(pattern, flags)
    _remember(pattern, flags, compiled)
    return compiled


def _rebuilt(pattern: str, entry: tuple) -> Pattern:
    flags, code, *groups = entry
    return _sre().compile(pattern, flags, array("I", code).tolist(), *groups)


def _sre() -> Any:
    import _sre

    return _sre


def _internals() -> tuple[Any, Any]:
    """The standard library's pattern parser and code generator (``sre_*`` before Python 3.11)."""
    try:
        from re import _compiler, _parser
    except ImportError:  # Python 3.10
        import sre_compile as _compiler
        import sre_parse as _parser
    return _compiler, _parser


def parse(pattern: str, flags: int = 0) -> Any:
    """The standard library's syntax tree of ``pattern`` (what the pattern kind reads its required
    strings from, :mod:`disclosure_lint.regex_needs`)."""
    return _internals()[1].parse(pattern, flags)


def _arguments(pattern: str, flags: int) -> tuple | None:
    """What ``re``'s compiler passes to ``_sre.compile`` after the pattern itself (as ``compile`` in
    ``re/_compiler.py`` does), or None where this Python's internals differ."""
    try:
        compiler, parser = _internals()
        parsed = parser.parse(pattern, flags)
        # Kept as bytes: a file of int lists takes 35 ms to load, of bytes 1 ms.
        code = array("I", compiler._code(parsed, flags)).tobytes()
        state = parsed.state
        names: list[str | None] = [None] * state.groups
        for name, index in state.groupdict.items():
            names[index] = name
        return int(flags | state.flags), code, state.groups - 1, dict(state.groupdict), tuple(names)
    except Exception:  # noqa: BLE001 - a Python whose compiler works otherwise: just don't store
        return None


def _remember(pattern: str, flags: int, compiled: Pattern) -> None:
    """Keep the compiled code for the next process, if rebuilding from it gives the very same pattern."""
    arguments = _arguments(pattern, flags)
    try:
        if arguments is None or _rebuilt(pattern, arguments) != compiled:
            return
    except Exception:  # noqa: BLE001
        return
    _STORE.add((pattern, flags), arguments)


def _key() -> tuple:
    return (2, sys.version, sys.implementation.cache_tag, _sre().MAGIC, _sre().CODESIZE, array("I").itemsize)


_STORE = MarshalStore("regex", _key)  # limit: patterns built from report text must not grow it without bound
