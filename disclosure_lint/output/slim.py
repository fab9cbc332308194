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
from functools import cached_property
from typing import Any

from disclosure_lint.read.source import Source, Span
from disclosure_lint.report import flat
from disclosure_lint.report.templates import template_at, template_ref

FORMATS = frozenset({"human", "json", "github", "gitlab", "junit", "sarif", "csv"})  # happy with a SlimReport
QUOTING = frozenset({"human"})  # of those, the formats that read a slim table's rows (SlimTable.rows)


@dataclass(frozen=True)
class SlimCell:
    span: Span


@dataclass(frozen=True)
class SlimRow:
    span: Span
    cells: tuple[SlimCell, ...]


Flat = tuple  # report/flat.py's forms: spans as (line, column, end line, end column)


@dataclass(frozen=True)
class SlimTable:
    span: Span
    apart: Flat  # (row span, (cell span, ...)) of the rows laid out one cell per line, those cells only

    @cached_property
    def rows(self) -> tuple[SlimRow, ...]:
        """The rows laid out one cell per line, with those cells only: built when asked (only the
        terminal output asks, to quote a cell's row label above it)."""
        return tuple(SlimRow(Span(*row), tuple(SlimCell(Span(*c)) for c in cells)) for row, cells in self.apart)


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
    flat_sections: Flat  # the sections in their flat form (report/flat.py): only some outputs read them
    tables: tuple[SlimTable, ...]
    genre: Any

    @cached_property
    def sections(self) -> tuple:
        return tuple(map(flat.section_of, self.flat_sections))

    def __reduce__(self):
        # Pickled flat (report/flat.py): a batch's workers pickle one per file and the parent loads it;
        # as objects its spans, dates, sections and cells cost a Python call each and a class look-up
        # per pickle, twice what the flat tuple costs.
        return (_slim_from, _flat(self))


def _flat(report: SlimReport) -> tuple:
    document = report.document
    return (document.source, document.notes, flat.problems(document.problems), template_ref(report.era),
            report.year, report.issuer, report.issuer_kind, report.facts, flat.date(report.publication_date),
            flat.date(report.signature_date), report.flat_sections,
            tuple((flat.span(t.span), t.apart) for t in report.tables), flat.genre(report.genre))


def _slim_from(source: Source, notes: tuple, problems: Flat, era: Any, year: int | None, issuer: str | None,
               issuer_kind: str | None, facts: Any, published: Flat, signed: Flat, sections: Flat, tables: Flat,
               genre: Flat) -> SlimReport:
    """The slim report :func:`_flat` flattened."""
    return SlimReport(SlimDocument(source, notes, flat.problems_of(problems)), template_at(era), year, issuer,
                      issuer_kind, facts, flat.date_of(published), flat.date_of(signed), sections,
                      tuple(SlimTable(Span(*span), apart) for span, apart in tables), flat.genre_of(genre))


def slim(report: Any, rows: bool = True) -> SlimReport:
    """The report with its blocks and table values left out.  Of a table's rows and cells only the cells
    on another line than their row's label are kept (the terminal output quotes that label above them),
    and none when ``rows`` is False (no output of the run quotes them: walking every cell of a report
    for them was most of what making its slim report cost)."""
    tables = tuple(SlimTable(t.span, _apart(t.rows) if rows else ()) for t in report.tables)
    document = SlimDocument(report.document.source, tuple(report.document.notes), tuple(report.document.problems))
    return SlimReport(document, report.era, report.year, report.issuer, report.issuer_kind, report.facts,
                      report.publication_date, report.signature_date, tuple(map(flat.section, report.sections)),
                      tables, report.genre)


def _apart(rows) -> Flat:
    """The rows laid out one cell per line, with those cells only (a row on one line needs nothing)."""
    kept = []
    for row in rows:
        line = row.span.line
        cells = tuple(flat.span(c.span) for c in row.cells if c.span.line != line)
        if cells:
            kept.append((flat.span(row.span), cells))
    return tuple(kept)
