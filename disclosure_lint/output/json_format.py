"""``--format json``: exactly one JSON object for the whole run.

Each file carries what a supervisor needs besides its findings: issuer (and roster unit), publication
date and whether it was on time, counts by severity and category, and the rubric's score with its
deductions; the run carries the files skipped and the roster's units with no report.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from collections.abc import Iterator

from disclosure_lint.output import FileResult
from disclosure_lint.output.summary import BatchInfo, Summary


class _Finding:
    """A finding in a file's entry: written by :func:`dump_indented` as the dict :meth:`as_dict` gives,
    from a template (a report's findings are most of its entry, and each has the same keys)."""

    __slots__ = ("diag", "origin")

    def __init__(self, diag, origin: str | None) -> None:
        self.diag, self.origin = diag, origin

    def as_dict(self) -> dict:
        entry = self.diag.as_dict()
        if self.origin:  # Word/HTML/PDF input: where the finding is in the original file ("第3页 表2 第4行 第3格")
            entry["location"] = self.origin
        return entry

    def text(self, indent: str) -> str:
        d, span, inner = self.diag, self.diag.span, indent + "  "
        location = f',\n{inner}"location": {_value(self.origin, inner)}' if self.origin else ""
        return (f'{{\n{inner}"code": {_value(d.code, inner)},\n{inner}"name": {_value(d.name, inner)},\n'
                f'{inner}"severity": {_value(d.severity, inner)},\n{inner}"line": {_value(span.line, inner)},\n'
                f'{inner}"column": {_value(span.column, inner)},\n{inner}"end_line": {_value(span.end_line, inner)},\n'
                f'{inner}"end_column": {_value(span.end_column, inner)},\n'
                f'{inner}"message": {_value(d.message, inner)}{location}\n{indent}}}')


def _diagnostic(diag, source) -> _Finding:
    return _Finding(diag, source.location(diag.span.line, diag.span.column))


def file_entry(item: FileResult, summary: Summary) -> dict:
    if item.result is None:
        return {"path": item.path, "era": None, "report_year": None, "diagnostics": [], "error": item.error,
                **summary.as_dict()}
    report = item.result.report
    entry = {
        "path": item.path,
        "era": report.era.id if report.era else None,
        "report_year": report.year,
        **summary.as_dict(),
        "diagnostics": [_diagnostic(d, report.document.source) for d in item.result.diagnostics],
    }
    if report.facts is not None:  # what a manifest or --published said about this file
        entry["known"] = report.facts.as_dict()
    return entry


def render(items: list[FileResult], batch: BatchInfo | None = None) -> str:
    """The run as one JSON object, written a file at a time: the same text as ``json.dumps`` of the
    whole object, without holding every file's entry as objects at once (a batch of 10,000 reports)."""
    return "".join(chunks(items, batch))


def chunks(items: list[FileResult], batch: BatchInfo | None = None) -> Iterator[str]:
    """:func:`render`'s text in pieces, one file's entry at a time (written as they come, a run of
    10,000 reports never holds its whole JSON)."""
    batch = batch or BatchInfo()
    rest = json.dumps(_rest(batch), ensure_ascii=False, indent=2)
    tail = "\n}" if rest == "{}" else "," + rest[1:]
    first = True
    for item in items:  # one pass: a batch finishes each file once
        yield ('{\n  "files": [\n' if first else ",\n") + _indented(file_entry(item, batch.summary(item)))
        first = False
    yield '{\n  "files": []' + tail if first else "\n  ]" + tail


def _indented(entry: dict) -> str:
    """One file's entry as ``json.dumps`` writes it inside the run's object (two levels deep).  Written
    here: the json module writes indented text with its pure-Python encoder (its C encoder does not
    indent), a call per value; this writes the same text with a call per container.  A value of another
    kind (a non-string key, a float that is not finite) is left to json."""
    try:
        return "    " + dump_indented(entry, "    ")
    except _Unusual:
        text = json.dumps(entry, ensure_ascii=False, indent=2, default=_Finding.as_dict)
        return "\n".join("    " + line for line in text.split("\n"))


class _Unusual(Exception):
    """A value :func:`dump_indented` leaves to json."""


def dump_indented(value: object, indent: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, every line after the first indented by
    ``indent``, for dicts with string keys, lists, tuples, strings, ints, finite floats, booleans and None."""
    kind = type(value)
    if kind is dict:
        if not value:
            return "{}"
        counts = _counts_key(value, indent)
        text = _COUNTS.get(counts) if counts is not None else None
        if text is None:
            inner = indent + "  "
            text = "{\n" + ",\n".join([f"{inner}{_key(k)}: {_value(v, inner)}" for k, v in value.items()]) \
                + "\n" + indent + "}"
            if counts is not None and len(_COUNTS) < 4096:
                _COUNTS[counts] = text
        return text
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join([inner + _value(v, inner) for v in value]) + "\n" + indent + "]"
    return _scalar(value)


_COUNTS: dict[tuple, str] = {}  # the text of a small dict of counts, by its items and indent


def _counts_key(value: dict, indent: str) -> tuple | None:
    """A small dict of ints (a file's counts by severity, by category: eight of them in every entry, most
    alike) as a key of its text; None for any other dict.  Ints only, not bools: 1 and True are one key."""
    if len(value) > 3:
        return None
    for v in value.values():
        if type(v) is not int:
            return None
    return (indent, *value.items())


def _value(value: object, indent: str) -> str:
    # The values of a report's entry are mostly strings, ints and None: written here without a call
    # to dump_indented each (a tenth of a cached rerun's time went to those calls).
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is _Finding:
        return value.text(indent)  # type: ignore[attr-defined]
    return dump_indented(value, indent)


_KEYS: dict[str, str] = {}  # a key's JSON text: every entry repeats the same few keys


def _key(key: object) -> str:
    text = _KEYS.get(key)  # type: ignore[call-overload]
    if text is None:
        if type(key) is not str:
            raise _Unusual
        text = encode_basestring(key)
        if len(_KEYS) < 4096:  # a run's keys are the format's own, and a few hundred names at most
            _KEYS[key] = text
    return text


def _scalar(value: object) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    raise _Unusual  # NaN, infinities, subclasses, objects json would reject or convert


def _rest(batch: BatchInfo) -> dict:
    data: dict = {}
    if batch.skipped:
        data["skipped"] = [{"path": path, "reason": reason} for path, reason in batch.skipped]
    if batch.roster is not None:
        data["roster"] = {"missing": [{"unit": u.name, "kind": u.kind} for u in batch.roster.missing],
                          "unmatched": list(batch.roster.unmatched)}
    return data
