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
