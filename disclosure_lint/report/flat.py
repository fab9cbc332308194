"""Flat forms of a report's small values (spans, located texts, dates, periods, template parts) for what
a batch pickles between its processes and passes (the late rules' view, the slim report shown).

Why: pickling an object of our own costs a Python call and, once per pickle, a look-up of its class on
each side; a report's few dozen spans, dates and located texts in a dozen classes cost most of what its
spill and result pickles cost, while a tuple of ints and strings is pickled and loaded in C.  Each
``x`` here has its ``x_of``: ``x_of(x(value)) == value`` (tests/test_batch.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from disclosure_lint.read.source import Span
from disclosure_lint.report.build import Declared, Located, Section
from disclosure_lint.report.dates import DateValue, Period
from disclosure_lint.report.genre import Genre
from disclosure_lint.report.templates import template_at, template_ref

Flat = Any  # a tuple of ints, strings, None and such tuples (or the value itself where noted)


def span(value: Span | None) -> tuple[int, int, int, int] | None:
    return None if value is None else (value.line, value.column, value.end_line, value.end_column)


def span_of(flat: tuple[int, int, int, int] | None) -> Span | None:
    return None if flat is None else Span(*flat)


def located(value: Located | None) -> Flat:
    """A located text: (text, span)."""
    return None if value is None else (value.text, span(value.span))


def located_of(flat: Flat) -> Located | None:
    return None if flat is None else Located(flat[0], Span(*flat[1]))


def day(value: dt.date | None) -> int | None:
    return None if value is None else value.toordinal()


def day_of(flat: int | None) -> dt.date | None:
    return None if flat is None else dt.date.fromordinal(flat)


def date(value: DateValue | None) -> Flat:
    """A date found in the text: (day, span, text)."""
    return None if value is None else (value.date.toordinal(), span(value.span), value.text)


def date_of(flat: Flat) -> DateValue | None:
    return None if flat is None else DateValue(dt.date.fromordinal(flat[0]), Span(*flat[1]), flat[2])


def period(value: Period | None) -> Flat:
    """A statistics period: (start, end, span, text, readable)."""
    return None if value is None else (day(value.start), day(value.end), span(value.span), value.text, value.readable)


def period_of(flat: Flat) -> Period | None:
    if flat is None:
        return None
    start, end, where, text, readable = flat
    return Period(day_of(start), day_of(end), Span(*where), text, readable)


def declared(value: Declared | None) -> Flat:
    """The declared number of parts: (count, text, span)."""
    return None if value is None else (value.count, value.text, span(value.span))


def declared_of(flat: Flat) -> Declared | None:
    return None if flat is None else Declared(flat[0], flat[1], Span(*flat[2]))


def genre(value: Genre) -> Flat:
    """What the text is: its fields (strings)."""
    return (value.kind, value.looks, value.looks_zh, value.looks_en, value.evidence)


def genre_of(flat: Flat) -> Genre:
    return Genre(*flat)


def section(value: Section) -> Flat:
    """A top-level section: (number, title, span, where its template section is)."""
    return (value.number, value.title, span(value.span), template_ref(value.spec))


def section_of(flat: Flat) -> Section:
    number, title, where, spec = flat
    return Section(number, title, Span(*where), template_at(spec))


def problems(value: tuple[tuple[Span, str], ...]) -> Flat:
    """A document's problems: (span, what) each."""
    return tuple((span(where), text) for where, text in value)


def problems_of(flat: Flat) -> tuple[tuple[Span, str], ...]:
    return tuple((Span(*where), text) for where, text in flat)
