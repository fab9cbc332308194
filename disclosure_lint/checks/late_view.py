"""What a batch keeps of a report between its two passes: the report as the late rules read it.

The late rules (cross-year, twins, check-not-run, the suppression comments) and
:func:`~disclosure_lint.checks.runner.finish` read the source (suppression comments, positions), the
reader's notes and problems, the running text (cross-year's copied prose, the twins' shared passages),
the report's facts (year, era, genre, title, issuer, cut) and, of the tables, only the cells the
cross-year rules compare (:func:`disclosure_lint.api.compared_cells`).  Pickling a whole report (its
blocks, every table cell) cost more than the late rules themselves, for every report of a batch, while
only those compared with another report are read back.  So the view keeps those parts only, all of
them flat — cells, paragraphs and the report's own fields as plain tuples (:mod:`~disclosure_lint.report.flat`:
pickled in C; objects of their own cost a Python call each and a look-up of their class per pickle) —
and builds the report again when the second pass loads it.  ``tests/test_batch.py`` runs the late rules on
views and on whole reports and compares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from operator import attrgetter
from typing import Any

from disclosure_lint.read.document import Document, Para
from disclosure_lint.read.source import Seg, Source, Span
from disclosure_lint.report import flat
from disclosure_lint.report.build import Report
from disclosure_lint.report.tables import CellValue, RowRead, TableRead
from disclosure_lint.report.templates import template_at, template_ref

# The fields the view copies, in the classes' order (tests/test_batch.py checks that they are all).
CELL_FIELDS = ("column", "status", "value", "text", "span", "note")
ROW_FIELDS = ("spec", "label", "span", "cells", "unit", "ambiguous", "found", "problem", "options")
# What the late rules never read of a report: left empty in the view (its text is in ``paras``).
EMPTIED = ("sections", "headings", "tables", "contacts", "header_only")
# The report's fields that hold objects of their own, and their flat forms (report/flat.py); any other
# field (strings, numbers, the facts, the cut) is kept as it is.
CODECS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "title": (flat.located, flat.located_of), "docno": (flat.located, flat.located_of),
    "signer": (flat.located, flat.located_of), "addressee": (flat.located, flat.located_of),
    "signature_issuer": (flat.located, flat.located_of), "year_span": (flat.span, flat.span_of),
    "era": (template_ref, template_at), "expected_era": (template_ref, template_at),
    "period": (flat.period, flat.period_of), "signature_date": (flat.date, flat.date_of),
    "publication_date": (flat.date, flat.date_of), "declared": (flat.declared, flat.declared_of),
    "genre": (flat.genre, flat.genre_of),
}


@dataclass(frozen=True)
class LateView:
    """A report as the late rules read it, flat: its kept fields (:func:`_kept`, each in its flat form),
    the document's source, problems and notes, and per table (spec, span, layout, rows), per row (spec,
    label, span, cells, unit, ambiguous, found, problem), per cell (column, status, value, text, span,
    note), per text paragraph (kind, text, line, column); spans as tuples, template parts as where they
    are in the bundled formats."""

    fields: tuple
    document: tuple
    tables: tuple
    paras: tuple

    def __reduce__(self):
        return (LateView, (self.fields, self.document, self.tables, self.paras))  # no state dict to restore

    def report(self, source: Source | None = None) -> Report:
        """The report as the late rules read it; ``source``: the report's source, for a view made without
        it (:func:`late_view`)."""
        kept, problems, notes = self.document
        source = kept if kept is not None else source
        blocks = tuple(Para(kind, Seg(text, line, col)) for kind, text, line, col in self.paras)
        names, _, coded = _kept()
        values = dict(zip(names, self.fields))
        for i, _, decode in coded:  # the fields kept in a flat form of their own (the others as they are)
            values[names[i]] = decode(self.fields[i])
        values.update(dict.fromkeys(EMPTIED, ()))
        values["document"] = Document(source, blocks, flat.problems_of(problems), notes)
        values["tables"] = tuple(TableRead(template_at(spec), tuple(_row(*row) for row in rows), Span(*span), layout)
                                 for spec, span, layout, rows in self.tables)
        report = object.__new__(Report)  # every field set below, as unpickling would set them
        report.__dict__.update(values)
        return report


def late_view(report: Report, cells: frozenset[tuple[str, str, str]], with_source: bool = True) -> LateView:
    """The view of ``report`` keeping, of its tables, the compared ``cells`` (table, row, column).
    Without its source (``with_source`` False) where the result finished in the first pass holds it
    (the slim report shown): a batch's second pass loads that result with the view, and the source,
    the bulk of a view's pickle, was pickled twice for every report."""
    by_table = _columns_by_row(cells)
    tables = tuple((template_ref(t.spec), flat.span(t.span), t.layout, _rows_data(t, by_table.get(t.spec.id)))
                   for t in report.tables)
    paras = tuple((b.kind, b.seg.text, b.seg.line, b.seg.col) for b in report.document.blocks
                  if isinstance(b, Para) and b.kind == "text")
    document = report.document
    _, getter, coded = _kept()
    kept = list(getter(report))  # every kept field at once, then those with flat forms of their own
    for i, encode, _ in coded:
        kept[i] = encode(kept[i])
    source = document.source if with_source else None
    return LateView(tuple(kept), (source, flat.problems(document.problems), document.notes), tables, paras)


def _rows_data(table: TableRead, columns: dict[str, frozenset[str]] | None) -> tuple:
    """The table's rows holding compared cells, each with those cells only (flat)."""
    if not columns:
        return ()
    return tuple(_row_data(row, wanted) for row in table.rows if (wanted := columns.get(row.spec.id)))


@lru_cache(maxsize=1)
def _kept() -> tuple[tuple[str, ...], Callable[[Any], tuple], tuple[tuple[int, Callable[[Any], Any], Callable[[Any], Any]], ...]]:
    """The report's fields the view keeps besides its document, in field order; a getter of them all at
    once; and those with flat forms of their own (:data:`CODECS`): their positions, with their codecs."""
    names = tuple(f.name for f in fields(Report) if f.name not in EMPTIED and f.name != "document")
    coded = tuple((i, *CODECS[name]) for i, name in enumerate(names) if name in CODECS)
    return names, attrgetter(*names), coded


def report_of(waiting: Report | LateView, source: Source | None = None) -> Report:
    """The report that waited; ``source``: the report's source, for a view made without it."""
    return waiting.report(source) if isinstance(waiting, LateView) else waiting


@lru_cache(maxsize=8)
def _columns_by_row(cells: frozenset[tuple[str, str, str]]) -> dict[str, dict[str, frozenset[str]]]:
    """The compared cells as table → row → columns: one index per run, not per report."""
    columns: dict[str, dict[str, set[str]]] = {}
    for table, row, column in cells:
        columns.setdefault(table, {}).setdefault(row, set()).add(column)
    return {table: {row: frozenset(value) for row, value in rows.items()} for table, rows in columns.items()}


def _row_data(row: RowRead, columns: frozenset[str]) -> tuple:
    cells = tuple((c.column, c.status, c.value, c.text, flat.span(c.span), c.note) for c in row.cells
                  if c.column.id in columns)
    return (template_ref(row.spec), row.label, flat.span(row.span), cells, row.unit, row.ambiguous, row.found, row.problem)


def _row(spec, label, span, cells, unit, ambiguous, found, problem) -> RowRead:  # noqa: ANN001 - tuple fields
    built = tuple(CellValue(column, status, value, text, Span(*where), note)
                  for column, status, value, text, where, note in cells)
    return RowRead(template_at(spec), label, Span(*span), built, unit, ambiguous, found, problem, ())
