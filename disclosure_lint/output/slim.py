"""What the line-oriented outputs read of a linted report, and nothing more.

A batch of ten thousand reports cannot hold ten thousand reports, nor copy each one whole between
processes: unpickling a report's blocks and table cells costs more than rendering it.  The JSON, terminal,
SARIF, GitHub, GitLab, JUnit and CSV outputs and the baseline read only the attributes below of
``result.report`` (the era, year, issuer and dates, the facts given by a manifest, the sections' titles,
where the tables and their cells are, and the source text's lines and origins), so a batch hands them a
:class:`SlimReport` instead.  The HTML outputs and the spreadsheet lay out the document's blocks: they get
the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from disclosure_lint.read.source import Source, Span
from disclosure_lint.report import flat
from disclosure_lint.report.templates import template_at, template_ref

FORMATS = frozenset({"human", "json", "github", "gitlab", "junit", "sarif", "csv"})  # happy with a SlimReport


@dataclass(frozen=True)
class SlimCell:
    span: Span


@dataclass(frozen=True)
class SlimRow:
    span: Span
    cells: tuple[SlimCell, ...]


@dataclass(frozen=True)
class SlimTable:
    span: Span
    rows: tuple[SlimRow, ...]


@dataclass(frozen=True)
class SlimDocument:
    source: Source
    notes: tuple[str, ...]
    problems: tuple


@dataclass(frozen=True)
class SlimReport:
    """A report as the line-oriented outputs see it (same attribute names as the Report)."""

    document: SlimDocument
    era: Any
    year: int | None
    issuer: str | None
    issuer_kind: str | None
    facts: Any
    publication_date: Any
    signature_date: Any
    sections: tuple
    tables: tuple[SlimTable, ...]
    genre: Any

    def __reduce__(self):
        # Pickled flat (report/flat.py): a batch's workers pickle one per file and the parent loads it;
        # as objects its spans, dates, sections and cells cost a Python call each and a class look-up
        # per pickle, twice what the flat tuple costs.
        return (_slim_from, _flat(self))


def _flat(report: SlimReport) -> tuple:
    document = report.document
    tables = tuple((flat.span(t.span), tuple((flat.span(r.span), tuple(flat.span(c.span) for c in r.cells))
                                             for r in t.rows)) for t in report.tables)
    return (document.source, document.notes, flat.problems(document.problems), template_ref(report.era),
            report.year, report.issuer, report.issuer_kind, report.facts, flat.date(report.publication_date),
            flat.date(report.signature_date), tuple(map(flat.section, report.sections)), tables,
            flat.genre(report.genre))


def _slim_from(source: Source, notes: tuple, problems: tuple, era: Any, year: int | None, issuer: str | None,
               issuer_kind: str | None, facts: Any, published: Any, signed: Any, sections: tuple, tables: tuple,
               genre: Any) -> SlimReport:
    """The slim report :func:`_flat` flattened."""
    document = SlimDocument(source, notes, flat.problems_of(problems))
    read = tuple(SlimTable(Span(*span), tuple(SlimRow(Span(*row), tuple(SlimCell(Span(*c)) for c in cells))
                                              for row, cells in rows)) for span, rows in tables)
    return SlimReport(document, template_at(era), year, issuer, issuer_kind, facts, flat.date_of(published),
                      flat.date_of(signed), tuple(map(flat.section_of, sections)), read, flat.genre_of(genre))


def slim(report: Any) -> SlimReport:
    """The report with its blocks and table values left out.  Of a table's rows and cells only the cells
    on another line than their row's label are kept (the terminal output quotes that label above them)."""
    tables = tuple(SlimTable(t.span, _apart(t.rows)) for t in report.tables)
    document = SlimDocument(report.document.source, tuple(report.document.notes), tuple(report.document.problems))
    return SlimReport(document, report.era, report.year, report.issuer, report.issuer_kind, report.facts,
                      report.publication_date, report.signature_date, tuple(report.sections), tables, report.genre)


def _apart(rows) -> tuple[SlimRow, ...]:
    """The rows laid out one cell per line, with those cells only (a row on one line needs nothing)."""
    kept = []
    for row in rows:
        cells = tuple(SlimCell(c.span) for c in row.cells if c.span.line != row.span.line)
        if cells:
            kept.append(SlimRow(row.span, cells))
    return tuple(kept)
