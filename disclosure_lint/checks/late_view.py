"""What a batch keeps of a report between its two passes: the report as the late rules read it.

The late rules (cross-year, twins, check-not-run, the suppression comments) and
:func:`~disclosure_lint.checks.runner.finish` read the source (suppression comments, positions), the
reader's notes and problems, the running text (cross-year's copied prose, the twins' shared passages),
the report's facts (year, era, genre, title, issuer, cut) and, of the tables, only the cells the
cross-year rules compare (:func:`disclosure_lint.api.compared_cells`).  Pickling a whole report (its
blocks, every table cell) cost more than the late rules themselves, for every report of a batch, while
only those compared with another report are read back.  So the view keeps those parts only, and its
cells and paragraphs as plain tuples (pickled in C; objects of their own cost a Python call each), and
builds the report again when the second pass loads it.  ``tests/test_batch.py`` runs the late rules on
views and on whole reports and compares.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from disclosure_lint.read.document import Para
from disclosure_lint.read.source import Seg, Span
from disclosure_lint.report.build import Report
from disclosure_lint.report.tables import CellValue, RowRead, TableRead

# The fields the view copies, in the classes' order (tests/test_batch.py checks that they are all).
CELL_FIELDS = ("column", "status", "value", "text", "span", "note")
ROW_FIELDS = ("spec", "label", "span", "cells", "unit", "ambiguous", "found", "problem", "options")


@dataclass(frozen=True)
class LateView:
    """A report without its tables and blocks, and those as tuples: per table (spec, span, layout,
    rows), per row (spec, label, span, cells, unit, ambiguous, found, problem), per cell (column,
    status, value, text, span, note), per text paragraph (kind, text, line, column); spans as tuples."""

    bare: Report
    tables: tuple
    paras: tuple

    def report(self) -> Report:
        """The report as the late rules read it."""
        blocks = tuple(Para(kind, Seg(text, line, col)) for kind, text, line, col in self.paras)
        tables = tuple(TableRead(spec, tuple(_row(*row) for row in rows), Span(*span), layout)
                       for spec, span, layout, rows in self.tables)
        return replace(self.bare, document=replace(self.bare.document, blocks=blocks), tables=tables)


def late_view(report: Report, cells: frozenset[tuple[str, str, str]]) -> LateView:
    """The view of ``report`` keeping, of its tables, the compared ``cells`` (table, row, column)."""
    columns = _columns_by_row(cells)
    tables = tuple((t.spec, _span(t.span), t.layout,
                    tuple(_row_data(row, wanted) for row in t.rows if (wanted := columns.get((t.spec.id, row.spec.id)))))
                   for t in report.tables)
    paras = tuple((b.kind, b.seg.text, b.seg.line, b.seg.col) for b in report.document.blocks
                  if isinstance(b, Para) and b.kind == "text")
    bare = replace(report, document=replace(report.document, blocks=()), tables=(), headings=(), contacts=(),
                   sections=(), header_only=())
    return LateView(bare, tables, paras)


def report_of(waiting: Report | LateView) -> Report:
    return waiting.report() if isinstance(waiting, LateView) else waiting


@lru_cache(maxsize=8)
def _columns_by_row(cells: frozenset[tuple[str, str, str]]) -> dict[tuple[str, str], frozenset[str]]:
    """The compared cells as (table, row) → columns: one set per run, not per report."""
    columns: dict[tuple[str, str], set[str]] = {}
    for table, row, column in cells:
        columns.setdefault((table, row), set()).add(column)
    return {key: frozenset(value) for key, value in columns.items()}


def _span(span: Span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def _row_data(row: RowRead, columns: frozenset[str]) -> tuple:
    cells = tuple((c.column, c.status, c.value, c.text, _span(c.span), c.note) for c in row.cells
                  if c.column.id in columns)
    return (row.spec, row.label, _span(row.span), cells, row.unit, row.ambiguous, row.found, row.problem)


def _row(spec, label, span, cells, unit, ambiguous, found, problem) -> RowRead:  # noqa: ANN001 - tuple fields
    built = tuple(CellValue(column, status, value, text, Span(*where), note)
                  for column, status, value, text, where, note in cells)
    return RowRead(spec, label, Span(*span), built, unit, ambiguous, found, problem, ())
