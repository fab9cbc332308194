"""What a kind accepts: its parameters (``params:``) and the fields of its ``checks:`` items.

Each kind module declares ``PARAMS`` and ``CHECK_FIELDS`` (``None``: the kind takes no ``checks``)
next to its engine, and its module docstring is the kind's user documentation.  Rule files are
validated against these declarations when they are loaded, so a misspelt parameter or a value the
engine does not know is an error naming the file and line, never a rule that silently does nothing.

Patterns in rule files that users supply run on RE2 (linear time): they are checked here against
RE2's syntax, so that a pattern the engine could not run is refused when the file is read.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Param:
    """One accepted parameter: its type, what it does, whether it is required, its allowed values."""

    type: str  # one of TYPES
    doc: str
    required: bool = False
    choices: tuple[Any, ...] = ()


TYPES = {
    "text": "a string", "bool": "true or false", "int": "a whole number", "number": "a number",
    "regex": "a regular expression", "texts": "a list of strings", "regexes": "a list of regular expressions",
    "bilingual": "a mapping {zh: …, en: …}", "mapping": "a mapping", "mappings": "a list of mappings",
    "eras": "a list of template era ids", "severity": "error, warning or info",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one rule's data: where (a path of keys), what, and a hint."""

    where: tuple[Any, ...]
    message: str
    hint: str | None = None


@lru_cache(maxsize=1024)
def regex_error(pattern: str, user: bool) -> str | None:
    """Why ``pattern`` cannot run (None when it can): Python's syntax for bundled rules, RE2's for users'."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return str(exc)
    if not user:
        return None
    from disclosure_lint.checks.kinds.base import user_regex

    try:
        user_regex(pattern)
    except Exception as exc:  # re2.error has no stable import path across versions
        return f"not valid in RE2, the linear-time engine user patterns run on ({str(exc).strip(chr(39) + 'b')})"
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _all(values: Any, test) -> bool:
    return isinstance(values, list) and all(test(v) for v in values)


def _type_error(kind: str, value: Any, user: bool) -> str | None:
    """None when ``value`` is of type ``kind``; else what was expected."""
    simple = {
        "text": lambda v: isinstance(v, str), "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool), "number": _is_number,
        "texts": lambda v: _all(v, lambda x: isinstance(x, str)),
        "bilingual": lambda v: isinstance(v, dict) and isinstance(v.get("zh"), str)
        and all(k in ("zh", "en") and isinstance(x, str) for k, x in v.items()),
        "mapping": lambda v: isinstance(v, dict), "mappings": lambda v: _all(v, lambda x: isinstance(x, dict)),
        "eras": lambda v: _all(v, lambda x: isinstance(x, (str, int))),
        "severity": lambda v: v in ("error", "warning", "info"),
    }
    if kind in simple:
        return None if simple[kind](value) else f"expected {TYPES[kind]}"
    patterns = [value] if kind == "regex" else value
    if not _all(patterns, lambda x: isinstance(x, str)):
        return f"expected {TYPES[kind]}"
    for pattern in patterns:
        error = regex_error(pattern, user)
        if error:
            return f"bad regular expression {pattern!r}: {error}"
    return None


def _hint(word: str, choices) -> str:
    import difflib  # only for a rule file with a mistake in it

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f"did you mean {close[0]!r}?" if close else f"accepted: {', '.join(str(c) for c in choices) or 'none'}"


def check_fields(data: Any, spec: dict[str, Param], where: tuple[Any, ...], user: bool) -> list[Problem]:
    """Every key of ``data`` is declared in ``spec``, of its type and among its choices; required keys present."""
    if not isinstance(data, dict):
        return [Problem(where, "expected a mapping")]
    what = "parameter" if where == ("params",) else "key"
    problems = [Problem((*where, key), f"unknown {what} {key!r}", _hint(key, spec))
                for key in data if key not in spec]
    for key, param in spec.items():
        if key not in data:
            if param.required:
                problems.append(Problem(where, f"missing required parameter {key!r}", param.doc))
            continue
        value = data[key]
        error = _type_error(param.type, value, user)
        if error is None and param.choices and value not in param.choices:
            problems.append(Problem((*where, key), f"unknown {key} {value!r}", _hint(value, param.choices)))
            continue
        if error:
            problems.append(Problem((*where, key), f"{key}: {error}", param.doc))
    return problems


def check_rule(raw: dict, params: dict[str, Param], check_fields_spec: dict[str, Param] | None,
               user: bool) -> list[Problem]:
    """A rule's ``params`` and ``checks`` against what its kind declares."""
    problems = check_fields(raw.get("params") or {}, params, ("params",), user)
    checks = raw.get("checks")
    if checks is None:
        return problems
    if check_fields_spec is None:
        return [*problems, Problem(("checks",), f"kind {raw.get('kind')!r} takes no 'checks'",
                                   "put its settings under 'params'")]
    if not isinstance(checks, list):
        return [*problems, Problem(("checks",), "'checks' must be a list of mappings")]
    for index, check in enumerate(checks):
        problems.extend(check_fields(check, check_fields_spec, ("checks", index), user))
    return problems


def describe(params: dict[str, Param]) -> list[str]:
    """One line per parameter, for ``rules --kinds`` and docs/kinds.md."""
    lines = []
    for key, param in params.items():
        extra = f"; one of: {', '.join(map(str, param.choices))}" if param.choices else ""
        need = "required, " if param.required else ""
        lines.append(f"`{key}` ({need}{TYPES[param.type]}{extra}): {param.doc}")
    return lines
