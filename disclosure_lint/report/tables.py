"""Read tables semantically: match cells to the template's rows and columns by their labels.

The reader walks the cells of every table region in document order.  A cell that matches a template
row label starts that row; the value cells after it fill the row's columns.  This works the same for
every flattened layout (tab rows, one cell per line, `|` cells, PDF row-wise text) and for real Word
and HTML tables, because it only relies on the order of cells and on the row breaks a layout has.
"""

from __future__ import annotations

import itertools
import math
from functools import lru_cache
from operator import attrgetter
from collections.abc import Callable
from disclosure_lint import recache as re
from dataclasses import dataclass, field, replace
from typing import Any

from disclosure_lint.read.cell_text import KNOWN, UNITS, label_key, read_cell
from disclosure_lint.report.digit_runs import Identity, Piece, decode, digit_count, is_run, one_cell
from disclosure_lint.read.document import Cell, TableBlock
from disclosure_lint.read.source import Span
from disclosure_lint.report.templates import Column, RowIdentity, RowSpec, TableSpec

# Why a row's values could not be placed in its columns (RowRead.problem).
PROBLEMS = ("misaligned", "ambiguous-run", "no-reading", "too-many-readings")


@dataclass(frozen=True, init=False)
class CellValue:
    column: Column
    status: str  # number | zero | dash | slash | nil (markers, read as 0) | blank | missing | unreadable
    value: int | float | None
    text: str
    span: Span
    note: str = ""

    def __init__(self, column: Column, status: str, value: int | float | None, text: str, span: Span,
                 note: str = "") -> None:
        # The fields go straight into __dict__: a frozen dataclass's own __init__ calls object.__setattr__
        # once per field, and a report builds over a hundred cells (a tenth of building it).
        fields = self.__dict__
        fields["column"], fields["status"], fields["value"] = column, status, value
        fields["text"], fields["span"], fields["note"] = text, span, note

    @property
    def known(self) -> bool:
        return self.status in KNOWN


@dataclass(frozen=True, init=False)
class RowRead:
    spec: RowSpec
    label: str
    span: Span
    cells: tuple[CellValue, ...]
    unit: str | None = None
    ambiguous: bool = False  # values that could not be aligned with the columns
    found: int = 0  # how many value cells the row had
    problem: str = ""  # one of PROBLEMS when ambiguous
    options: tuple[tuple[CellValue, ...], ...] = ()  # the readings a run-together row still allows

    def __init__(self, spec: RowSpec, label: str, span: Span, cells: tuple[CellValue, ...], unit: str | None = None,
                 ambiguous: bool = False, found: int = 0, problem: str = "",
                 options: tuple[tuple[CellValue, ...], ...] = ()) -> None:
        # Straight into __dict__, as CellValue's (a frozen dataclass's own __init__: a call per field).
        fields = self.__dict__
        fields["spec"], fields["label"], fields["span"], fields["cells"] = spec, label, span, cells
        fields["unit"], fields["ambiguous"], fields["found"] = unit, ambiguous, found
        fields["problem"], fields["options"] = problem, options

    @property
    def readings(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(c.value for c in option) for option in self.options)  # type: ignore[misc]

    def cell(self, column_id: str) -> CellValue | None:
        return _first_by(self, "cells", _COLUMN_ID).get(column_id)

    def __getstate__(self) -> dict:
        return _without_index(self)


@dataclass(frozen=True)
class TableRead:
    spec: TableSpec
    rows: tuple[RowRead, ...]
    span: Span
    layout: str

    def row(self, row_id: str) -> RowRead | None:
        return _first_by(self, "rows", _ROW_ID).get(row_id)

    def __getstate__(self) -> dict:
        return _without_index(self)

    def cell(self, row_id: str, column_id: str) -> CellValue | None:
        row = self.row(row_id)
        return row.cell(column_id) if row else None

    @property
    def missing_rows(self) -> tuple[RowSpec, ...]:
        found = {r.spec.id for r in self.rows}
        return tuple(r for r in self.spec.rows if r.id not in found and not r.group and not r.optional)


_INDEX = "_first_by"
# The keys of the look-up indexes, made once (a lambda per look-up cost an allocation each time).
_COLUMN_ID, _ROW_ID = attrgetter("column.id"), attrgetter("spec.id")


def _first_by(obj: object, attr: str, key: Callable[[Any], str]) -> dict[str, Any]:
    """The first item of ``obj.attr`` for each key, built at the first look-up and kept on the (frozen)
    object: the rules look up rows and cells by id tens of thousands of times per batch."""
    index = obj.__dict__.get(_INDEX)
    if index is None:
        index = {}
        for item in getattr(obj, attr):
            index.setdefault(key(item), item)
        obj.__dict__[_INDEX] = index
    return index


def _without_index(obj: object) -> dict:
    """What is pickled: the fields, not the look-up index (rebuilt when needed)."""
    state = dict(obj.__dict__)
    state.pop(_INDEX, None)
    return state


class _Pending:
    """A template row being read: its label cell, then its unit and value cells as they come."""

    __slots__ = ("spec", "label", "unit", "values", "subrows")

    def __init__(self, spec: RowSpec, label: Cell, subrows: tuple[int, ...] = ()) -> None:
        # A plain class with slots, not a dataclass: a report starts ~30 of them, each with a fresh list.
        self.spec, self.label, self.unit = spec, label, None
        self.values: list[tuple[Cell, Any]] = []
        self.subrows = subrows  # a group label that may carry values of its own (see _group_row)

    @property
    def has_values(self) -> bool:
        return any(reading.status != "blank" for _, reading in self.values)


def _subrows(spec: TableSpec, index: int) -> tuple[int, ...]:
    """The sub-rows of the group row at ``index``: the valued, tagged rows right after it."""
    out = []
    for j in range(index + 1, len(spec.rows)):
        row = spec.rows[j]
        if row.group or not row.tags:
            break
        out.append(j)
    return tuple(out)


def merged_subrows(spec: TableSpec, row_id: str) -> tuple[RowSpec, ...]:
    """The template's sub-rows of a group row (（六）其他处理 → its three rows); () for any other row."""
    index = next((i for i, r in enumerate(spec.rows) if r.id == row_id), None)
    if index is None or not spec.rows[index].group:
        return ()
    return tuple(spec.rows[j] for j in _subrows(spec, index))


def _group_row(spec: TableSpec, index: int, label: Cell) -> _Pending | None:
    """A group label read as a row of its own, for when the report gives it values.

    Some 2021-format reports keep the 2019 form's single “（六）其他处理” row instead of its three
    sub-rows.  The group label then carries the values that stand for the sum of its sub-rows; it is
    read as a row with the sub-rows' columns and tags, and the sub-rows are no longer required.  If the
    group label has no values (the usual merged cell to the left of its sub-rows), nothing changes.
    """
    groups = _memo(spec).groups
    if index not in groups:
        groups[index] = _as_row(spec, index)
    found = groups[index]
    return None if found is None else _Pending(found[0], label, subrows=found[1])


def _as_row(spec: TableSpec, index: int) -> tuple[RowSpec, tuple[int, ...]] | None:
    """The group row at ``index`` as a valued row with its sub-rows' columns and tags, and its sub-rows."""
    subrows = _subrows(spec, index)
    if len(subrows) < 2:
        return None
    first = spec.rows[subrows[0]]
    tags = tuple(t for t in first.tags if all(t in spec.rows[j].tags for j in subrows))
    return replace(spec.rows[index], columns=first.columns, group=False, tags=tags), subrows


def _arithmetic(spec: TableSpec, columns: tuple[Column, ...]) -> tuple[tuple[Identity, ...], frozenset[int]]:
    """A row's identities by cell index and its cells that may be negative, once per column layout of
    the template (every run-together row asks)."""
    known = _memo(spec).arithmetic
    held = known.get(id(columns))
    if held is None or held[0] is not columns:
        signed = frozenset(i for i, c in enumerate(columns) if c.type == "signed")
        held = known[id(columns)] = (columns, identities(spec, columns), signed)
    return held[1], held[2]


def _cell_values(columns: tuple[Column, ...], values: list[tuple[Cell, Any]]) -> list[CellValue]:
    """Each column's cell from its value cell and reading, in one loop (not a call per cell: ~1 % of
    building a report): a fraction in a column of whole numbers is unreadable."""
    out = []
    for column, (cell, reading) in zip(columns, values):
        status, value, note = reading.status, reading.value, reading.note
        if status == "number" and isinstance(value, float) and column.type in ("int", "signed"):
            status, note = "unreadable", "not-whole"
        out.append(CellValue(column, status, value if status in KNOWN else None, cell.text, cell.span, note))
    return out


def identities(spec: TableSpec, columns: tuple[Column, ...], blocks: int = 1) -> tuple[Identity, ...]:
    """The template's row identities by cell index; a grid row repeats ``columns`` once per block."""
    return _identities(spec.identities, tuple(c.id for c in columns), blocks)


@lru_cache(maxsize=256)
def _identities(template: tuple[RowIdentity, ...], ids: tuple[str, ...], blocks: int) -> tuple[Identity, ...]:
    # The same few column layouts recur in every row of every report: each is worked out once.
    out = []
    for ident in template:
        if ident.total not in ids or not all(part in ids for part in ident.parts):
            continue
        for offset in range(0, blocks * len(ids), len(ids)):
            out.append(Identity(tuple(offset + ids.index(part) for part in ident.parts),
                                offset + ids.index(ident.total), ident.op))
    return tuple(out)


_UNIT_END = re.compile(r"(?<=\d)(?:万元|元)$")


def _digits(text: str) -> str:
    """A run's digits without the unit that may close it ("1018703元")."""
    return _UNIT_END.sub("", text) if text.endswith("元") else text


def _runs_together(values: list[tuple[Cell, object]], width: int) -> bool:
    """Fewer digit runs than cells, but enough digits for every cell: the digits ran together."""
    if not 0 < len(values) < width:  # most rows: as many values as cells (nothing to look at)
        return False
    texts = [_digits(cell.text) for cell, _ in values]
    return all(is_run(t) for t in texts) and digit_count(texts) >= width


def _piece_values(columns: tuple[Column, ...], cells: list[Cell], reading: tuple[Piece, ...]) -> tuple[CellValue, ...]:
    """One reading's pieces as the row's cells, in one loop (not a call and a generator step per piece:
    a flattened page's rows are mostly run together)."""
    out = []
    for column, piece in zip(columns, reading):
        cell = cells[piece.token]
        start, end, span = piece.start, piece.end, cell.span
        # A piece that is its whole one-line cell keeps the cell's span (equal to the one it would get).
        if span.line == span.end_line and (start or span.end_column - span.column != end):
            span = Span(span.line, span.column + start, span.line, span.column + end)
        # The decoder cuts digits only, a sign only where a column may be negative, no leading zero and
        # at most 12 digits: read_cell reads every piece as its number (a test holds it to that), so the
        # piece's value is the cell's.
        out.append(CellValue(column, "number", piece.value, cell.text[start:end], span))
    return tuple(out)


Options = tuple[tuple[CellValue, ...], ...]


def decode_cells(columns: tuple[Column, ...], values: list[tuple[Cell, object]],
                 idents: tuple[Identity, ...],
                 signed: frozenset[int] | None = None) -> tuple[list[CellValue], str, Options]:
    """Cut the digit runs of a row into its cells when the template allows exactly one reading;
    otherwise every cell is unreadable, with the readings that remain (none, several, too many).
    ``signed``: the cells that may be negative, when the caller knows them already."""
    cells = [cell for cell, _ in values]
    if signed is None:
        signed = frozenset(i for i, c in enumerate(columns) if c.type == "signed")
    decoded = decode([_digits(c.text) for c in cells], len(columns), idents, signed)
    options = tuple(_piece_values(columns, cells, reading) for reading in decoded.readings)
    if decoded.unique is not None:
        return list(options[0]), "", ()
    if decoded.exhausted:
        problem = "too-many-readings"  # the options shown are only some of them
    elif options:
        problem = "ambiguous-run"
    else:  # numbers that could each be a cell ("30 3 1 1 35") are a row whose blanks left no trace
        problem = "misaligned" if len(cells) > 1 and all(one_cell(_digits(c.text)) for c in cells) else "no-reading"
    text = " ".join(c.text for c in cells)
    span = Span(cells[0].span.line, cells[0].span.column, cells[-1].span.end_line, cells[-1].span.end_column)
    out = [CellValue(col, "unreadable", None, text, span, problem) for col in columns]
    return out, problem, options


def _finish(p: _Pending, blanks_visible: bool, spec: TableSpec) -> RowRead:
    columns = p.spec.columns
    values = p.values  # the pending row's own list: it is done with once finished
    # Extra trailing blanks are layout noise (a trailing tab, a merged cell); extra numbers are not.
    while len(values) > len(columns) and values[-1][1].status == "blank":
        values.pop()
    problem = ""
    readings: Options = ()
    cells: list[CellValue] = []
    if not blanks_visible and _runs_together(values, len(columns)):
        cells, problem, readings = decode_cells(columns, values, *_arithmetic(spec, columns))
    elif len(values) > len(columns) or (len(values) < len(columns) and values and not blanks_visible):
        # Too many numbers, or PDF row text where a blank cell leaves no trace: the numbers cannot be placed.
        problem = "misaligned"
        for column, (cell, _) in zip(columns, values):
            cells.append(CellValue(column, "unreadable", None, cell.text, cell.span, "misaligned"))
    else:
        cells = _cell_values(columns, values)
        end = values[-1][0].span if values else p.label.span
        for column in columns[len(values):]:
            gap = Span(end.end_line, end.end_column, end.end_line, end.end_column + 1)
            cells.append(CellValue(column, "missing", None, "", gap))
    return RowRead(p.spec, p.label.text, p.label.span, tuple(cells), p.unit, bool(problem), len(values),
                   problem, readings)


# A row label is a few dozen characters (the longest matched in 563 real and fixture reports: 103) and
# stands right before its numbers; a longer "label" is prose or a run of numbers without a clause mark, and
# searching the template's row patterns through all of it cost seconds on a fuzzed 1.8 MB line.
MAX_LABEL_KEY = 400


Named = dict[str, tuple[int, ...]]  # a label key → the template rows whose pattern it matches


def _match(spec: TableSpec, named: Named, key: str, cursor: int, taken: set[str]) -> int | None:
    return _first_free(spec, _rows_named(spec, named, key[-MAX_LABEL_KEY:]), cursor, taken)


def _first_free(spec: TableSpec, rows: tuple[int, ...], cursor: int, taken: set[str]) -> int | None:
    """The first of the template ``rows`` a label names after the cursor (then from the top) that is
    still free; an anchored row only right after the cursor."""
    for index in rows:
        if index > cursor:
            row = spec.rows[index]
            if row.id not in taken and (not row.anchored or index <= cursor + 3):
                return index
    for index in rows:
        if index > cursor:
            break
        row = spec.rows[index]
        if row.id not in taken and not row.anchored:
            return index
    return None


MEMO = 1024  # distinct label keys kept per table template (a batch meets the same few hundred again and again)
# Longer texts are worked out each time, not kept: a label is a few dozen characters, and what a long-lived
# worker meets in hostile or broken files (whole flattened lines as "labels", 300 characters on average)
# filled these memos without ever meeting the text again (9 templates' memos held 4.2 million characters
# after 3,000 fuzz inputs, and grew until each had 4,096: a worker's resident size crept by ~2 MB per
# 1,000 inputs).
MEMO_KEY = 128


def _kept(memo: dict, key: str, value):
    """``value``, kept in ``memo`` under ``key`` if the key is short (see MEMO_KEY); bounded by MEMO entries."""
    if len(key) <= MEMO_KEY:
        if len(memo) >= MEMO:
            memo.clear()
        memo[key] = value
    return value


def _rows_named(spec: TableSpec, named: Named, key: str) -> tuple[int, ...]:
    """Every template row whose pattern the label matches, in template order: the same labels recur in
    every report of a batch, so each is matched against the rows' patterns once."""
    found = named.get(key)
    if found is None:
        found = _kept(named, key, tuple(i for i, r in enumerate(spec.rows) if r.match.search(key))
                      if spec.any_row.search(key) else ())
    return found


@dataclass
class _TableMemo:
    """What the reader works out of one table template once and reuses for every report."""

    named: Named = field(default_factory=dict)
    texts: Named = field(default_factory=dict)  # a label cell's text → the rows its key names
    units: Named = field(default_factory=dict)  # a label cell's text → the rows it names without its unit
    groups: dict[int, tuple[RowSpec, tuple[int, ...]] | None] = field(default_factory=dict)
    headed: dict[frozenset[str], TableSpec] = field(default_factory=dict)  # narrowed by absent header words
    anchors: dict[str, bool] = field(default_factory=dict)  # a cell text → whether 表四's header begins there
    optional: frozenset[str] | None = None  # header words of the columns a table may leave out
    # id of a row's columns → (the columns themselves, held so that the id stays theirs, identities, signed)
    arithmetic: dict[int, tuple[tuple[Column, ...], tuple[Identity, ...], frozenset[int]]] = field(default_factory=dict)
    # the valued groups (id and the identity of the row read for each) → the spec as reports fill it so
    shaped: dict[tuple[tuple[str, int], ...], tuple[tuple[RowSpec, ...], TableSpec]] = field(default_factory=dict)


_MEMOS: dict[int, tuple[TableSpec, _TableMemo]] = {}


def _memo(spec: TableSpec) -> _TableMemo:
    """The template's memo.  Keyed by identity, with the spec held beside it (so its id is never
    another's): hashing a template's rows, patterns and columns at every look-up would cost more than
    the work the memo saves."""
    held = _MEMOS.get(id(spec))
    if held is None:
        if len(_MEMOS) >= 256:  # templates from other directories, loaded anew: bounded all the same
            _MEMOS.clear()
        held = _MEMOS[id(spec)] = (spec, _TableMemo())
    return held[1]


# A label ending in 人次 lost its unit 人次, not 次 (UNITS is a set: its order changes from run to run).
_LONGEST_FIRST = tuple(sorted(UNITS, key=lambda u: (-len(u), u)))


def _label_match(spec: TableSpec, memo: _TableMemo, cell: Cell, cursor: int, taken: set[str]) -> int | None:
    """The template row a label cell starts.  A label that names a group and then its row on one line
    ("三、本年度办理结果 （一）予以公开") is the row: its shorter readings are tried when the whole
    names a group or nothing."""
    named = memo.named
    rows = memo.texts.get(cell.text)  # the rows a cell's text names, kept by the text itself
    if rows is None:
        rows = _kept(memo.texts, cell.text, _rows_named(spec, named, label_key(cell.text)[-MAX_LABEL_KEY:]))
    index = _first_free(spec, rows, cursor, taken)
    if index is None and spec.unit_column:
        index = _first_free(spec, _unit_rows(spec, memo, cell.text), cursor, taken)
    for alt in cell.alts:
        if index is not None and not spec.rows[index].group:
            break
        found = _match(spec, named, label_key(alt), cursor, taken)
        if found is not None and (index is None or not spec.rows[found].group):
            index = found
    return index


def _unit_rows(spec: TableSpec, memo: _TableMemo, text: str) -> tuple[int, ...]:
    """The template rows a label cell's text names once the unit that ran onto it is cut ("对申请的答复总数条":
    the unit 条 ran onto the label); () when no unit ends it.  Kept per text, as the rows it names."""
    rows = memo.units.get(text)
    if rows is None:
        key = label_key(text)
        unit = next((u for u in _LONGEST_FIRST if key.endswith(u)), None)
        rows = _kept(memo.units, text, _rows_named(spec, memo.named, key[:-len(unit)][-MAX_LABEL_KEY:])
                     if unit and len(key) > len(unit) + 1 else ())
    return rows


def _as_headed(spec: TableSpec, blocks: tuple[TableBlock, ...]) -> TableSpec:
    """The spec without the columns whose header word no label of the tables has: their columns come
    from the header, not from the template alone."""
    memo = _memo(spec)
    if memo.optional is None:
        memo.optional = frozenset(c.header for r in spec.rows for c in r.columns if c.header)
    if not memo.optional:
        return spec
    labels = "".join(c.text for b in blocks for c in (*b.headers, *(c for row in b.rows for c in row))
                     if read_cell(c.text).kind == "label")
    absent = frozenset(word for word in memo.optional if word not in labels)
    if not absent:
        return spec
    if absent not in memo.headed:  # one narrowed spec per set of absent words, shared by the reports
        memo.headed[absent] = _without_columns(spec, absent)
    return memo.headed[absent]


def _without_columns(spec: TableSpec, absent: frozenset[str]) -> TableSpec:
    dropped = {c.id for r in spec.rows for c in r.columns if c.header in absent}
    rows = tuple(replace(r, columns=tuple(c for c in r.columns if c.id not in dropped)) for r in spec.rows)
    identities = tuple(i for i in spec.identities if not {*i.parts, i.total} & dropped)
    return replace(spec, rows=rows, identities=identities)


@dataclass
class _Walk:
    """Reading one table template's rows through a report's cells in document order: a label cell that
    names a free row of the template starts it, the value cells after it fill it."""

    spec: TableSpec
    memo: _TableMemo
    found: list[RowRead] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    cursor: int = -1
    labels_seen: int = 0  # label cells from the first matched row on
    labels_at_last_match: int = 0
    collapsed: dict[str, tuple[int, ...]] = field(default_factory=dict)  # group rows read with values → sub-rows

    def block(self, block: TableBlock) -> int:
        """The rows of one table region; how many template rows it started."""
        blanks_visible = block.layout != "rows"
        return sum(self.physical(row, blanks_visible) for row in block.rows)

    def physical(self, cells: tuple[Cell, ...], blanks_visible: bool) -> int:
        """One physical row's cells (a row of the template ends with it at the latest): a label may start
        a row, a unit or value cell after it fills it."""
        hits, unit_column = 0, self.spec.unit_column
        pending: _Pending | None = None
        for cell in cells:
            reading = read_cell(cell.text)
            if reading.kind == "label":
                if pending:
                    self.finish(pending, blanks_visible)
                    pending = None
                index = self.match(cell)
                if index is not None:
                    hits += 1
                    row = self.spec.rows[index]
                    pending = _group_row(self.spec, index, cell) if row.group else _Pending(row, cell)
            elif pending is None:
                continue
            elif reading.kind == "unit":
                if unit_column and pending.unit is None and not pending.values:
                    pending.unit = reading.unit
            elif (unit_column and pending.unit is None and not pending.values
                  and reading.status in ("zero", "dash", "slash")):
                pending.unit = cell.text  # "——" in the unit column
            else:
                pending.values.append((cell, reading))
        if pending:
            self.finish(pending, blanks_visible)
        return hits

    def match(self, cell: Cell) -> int | None:
        """The template row a label cell starts, counted and taken."""
        if self.taken:
            self.labels_seen += 1
        index = _label_match(self.spec, self.memo, cell, self.cursor, self.taken)
        if index is None:
            return None
        self.cursor = index
        if not self.taken:
            self.labels_seen = 1
        self.taken.add(self.spec.rows[index].id)
        self.labels_at_last_match = self.labels_seen
        return index

    def finish(self, p: _Pending, blanks_visible: bool) -> None:
        if p.subrows:
            if not p.has_values:
                return  # the usual group label: no values of its own
            self.collapsed[p.spec.id] = p.subrows
            self.cursor = max(self.cursor, p.subrows[-1])  # rows anchored after the sub-rows follow the group
        self.found.append(_finish(p, blanks_visible, self.spec))


def read_rows(spec: TableSpec, blocks: tuple[TableBlock, ...]) -> TableRead | None:
    spec = _as_headed(spec, blocks)
    walk = _Walk(spec, _memo(spec))
    layouts = []
    for block in blocks:
        if walk.block(block):
            layouts.append(block.layout)
    found = walk.found
    if walk.collapsed:
        spec, found = _with_collapsed(spec, found, walk.collapsed)
    real = settle_runs(spec, found)
    # A few labels in common with another template's table are not that table: ask for a real share
    # of the template's rows, or for rows that follow each other densely (a table cut off early).
    wanted = [r for r in spec.rows if not r.group and not r.optional]
    dense = walk.labels_at_last_match and len(walk.taken) / walk.labels_at_last_match >= 0.7
    if len(real) < 2 or (len(real) < 0.4 * len(wanted) and not dense):
        return None
    first, last = real[0].span, (real[-1].cells[-1].span if real[-1].cells else real[-1].span)
    return TableRead(spec, tuple(real), Span(first.line, first.column, last.end_line, last.end_column),
                     layouts[0] if len(set(layouts)) == 1 else "mixed")


COMBINATIONS = 4096  # readings of open rows tried together; beyond that the rows stay unreadable


def settle_runs(spec: TableSpec, rows: list[RowRead]) -> list[RowRead]:
    """Run-together rows with several readings, settled by the identities between rows (the 勾稽 of
    table 三, the 总计 row): used only when exactly one combination of readings makes every identity
    that can be evaluated hold, in every column."""
    open_rows = [i for i, row in enumerate(rows) if row.problem == "ambiguous-run"]
    choices = [rows[i].options for i in open_rows]
    if not open_rows or not spec.column_identities or math.prod(map(len, choices)) > COMBINATIONS:
        return rows
    values = {row.spec.id: [c.value if c.known else None for c in row.cells] for row in rows}
    fitting = []
    for combo in itertools.product(*choices):
        for i, option in zip(open_rows, combo):
            values[rows[i].spec.id] = [c.value for c in option]
        if _columns_hold(spec, values):
            fitting.append(combo)
            if len(fitting) > 1:
                return rows
    if not fitting:
        return rows
    out = list(rows)
    for i, option in zip(open_rows, fitting[0]):
        out[i] = replace(rows[i], cells=option, ambiguous=False, problem="", options=())
    return out


def _column_rows(spec: TableSpec, names: tuple[str, ...], values: dict) -> list[str] | None:
    """The rows an identity side names; None when a required one was not read."""
    out = []
    for name in names:
        ids = [r.id for r in spec.rows if name[1:] in r.tags] if name.startswith("@") else [name]
        for row_id in ids:
            if row_id in values:
                out.append(row_id)
            elif not (spec.row(row_id) and spec.row(row_id).optional):  # type: ignore[union-attr]
                return None
    return out


def _columns_hold(spec: TableSpec, values: dict[str, list]) -> bool:
    width = max(len(v) for v in values.values())
    for ident in spec.column_identities:
        left, right = _column_rows(spec, ident.left, values), _column_rows(spec, ident.right, values)
        if left is None or right is None:
            continue
        for j in range(width):
            cells = [values[r][j] if j < len(values[r]) else None for r in (*left, *right)]
            if None in cells:
                continue  # a blank or unreadable cell: this column cannot be evaluated
            if sum(cells[:len(left)]) != sum(cells[len(left):]):
                return False
    return True


def _with_collapsed(spec: TableSpec, found: list[RowRead],
                    collapsed: dict[str, tuple[int, ...]]) -> tuple[TableSpec, list[RowRead]]:
    """The table spec as this report fills it: a group read with values becomes a valued row and its
    sub-rows optional.  A group whose sub-rows were found after all keeps the template's reading."""
    found_ids = {r.spec.id for r in found}
    valued: list[tuple[str, RowSpec, tuple[int, ...]]] = []
    for group_id, subrows in collapsed.items():
        if any(spec.rows[j].id in found_ids for j in subrows):
            found = [r for r in found if r.spec.id != group_id]
            continue
        valued.append((group_id, next(r for r in found if r.spec.id == group_id).spec, subrows))
    # One spec per template and set of valued groups, shared by the reports that fill it so: a spec of
    # each report's own made every cache keyed by spec (relation expansions, identities, group rows)
    # miss and keep one more entry (~45 KB each in relation's: a long-lived worker crept).
    key = tuple((group_id, id(row)) for group_id, row, _ in valued)
    shaped = _memo(spec).shaped
    held = shaped.get(key)
    if held is None:
        if len(shaped) >= 64:
            shaped.clear()
        held = shaped[key] = (tuple(row for _, row, _ in valued), _shaped(spec, valued))  # the rows: ids kept
    return held[1], found


def _shaped(spec: TableSpec, valued: list[tuple[str, RowSpec, tuple[int, ...]]]) -> TableSpec:
    rows = list(spec.rows)
    for group_id, row, subrows in valued:
        index = next(i for i, r in enumerate(rows) if r.id == group_id)
        rows[index] = row
        for j in subrows:
            rows[j] = replace(rows[j], optional=True)
    return replace(spec, rows=tuple(rows))


_GRID_WORDS = ("行政复议", "行政诉讼", "未经复议", "直接起诉", "复议后起诉", "结果", "维持", "纠正", "其他", "尚未审结",
               "总计", "合计", "审结")


def _foreign(grid, cell: Cell) -> bool:
    """A label that is not one of the grid's header words: the next table has begun."""
    rest = label_key(cell.text)
    for word in (*_GRID_WORDS, *(c.name for c in grid.columns), *(b.name for b in grid.blocks)):
        rest = rest.replace(word, "")
    return len(rest) > 2


_SECTION = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*、")


def _grid_values(grid, cells: list[Cell], begin: int) -> tuple[int, list, bool]:
    """The value cells after the grid's last header label, up to the next table's first label (a
    信息处理费 table right after 表四 in the same region must not lend it its numbers), and whether a
    new section began (``五、…``): a table never reaches past it, even when it has no numbers."""
    last_label, values = -1, []
    for i in range(begin, len(cells)):
        reading = read_cell(cells[i].text)
        if reading.kind != "label":
            if reading.kind == "value":
                values.append((cells[i], reading))
            continue
        if _SECTION.match(cells[i].text):
            return last_label, values, True
        if values and _foreign(grid, cells[i]):
            break
        last_label, values = i, []
    return last_label, values, False


def _before(cells: list[Cell], begin: int, breaks: tuple[tuple[int, int], ...]) -> tuple[list[Cell], bool]:
    """The cells up to the first section heading (``breaks``: their line and column) after the cell
    at ``begin``; and whether one cut them short."""
    if not cells or not breaks:
        return cells, False
    anchor = cells[max(begin, 0)].span
    after = [b for b in breaks if b > (anchor.line, anchor.column)]
    if not after:
        return cells, False
    kept = [c for c in cells if (c.span.line, c.span.column) < after[0]]
    return kept, len(kept) < len(cells)


_SECTION_AFTER = re.compile(r"[一二三四五六七八九十]{1,2}\s*、")


def _ends_inside(grid, text: str) -> bool:
    """A header cell that runs on into the next section (a flattened page whose 表四 had no numbers)."""
    m = grid.anchor.search(text)
    return bool(m and _SECTION_AFTER.search(text, m.end()))


def _grid_anchor(grid, anchors: dict[str, bool], text: str) -> bool:
    """Where 表四's header begins: its anchor (行政复议), or, when a typo took that ("行政复查"), one of
    its own column words (结果维持, 尚未审结 …) standing as a cell.  ``anchors``: the answers so far
    (the template's memo: the same header words recur in every report)."""
    found = anchors.get(text)
    if found is None:
        key = label_key(text)
        found = _kept(anchors, text, bool(grid.anchor.search(key)) or any(
            key == c.name for c in grid.columns if len(c.name) >= 3))
    return found


def read_grid(spec: TableSpec, blocks: tuple[TableBlock, ...],
              breaks: tuple[tuple[int, int], ...] = ()) -> TableRead | None:
    """Table 四: one row of 15 numbers under a two-level header, without row labels.  Its numbers are
    never taken from beyond the next section heading (``breaks``)."""
    grid = spec.grid
    assert grid is not None
    anchors = _memo(spec).anchors
    start = None
    for bi, block in enumerate(blocks):
        if any(_grid_anchor(grid, anchors, c.text) for c in (*block.headers, *(c for row in block.rows for c in row))):
            start = bi
            break
    if start is None:
        return None
    expected = len(grid.blocks) * len(grid.columns)
    for offset, block in enumerate(blocks[start:start + 3]):
        cells = [c for row in block.rows for c in row]
        begin = next((i for i, c in enumerate(cells) if _grid_anchor(grid, anchors, c.text)), -1) if not offset else -1
        cells, cut = _before(cells, begin, breaks)
        if begin >= 0 and _ends_inside(grid, cells[begin].text):
            return None  # "…尚未审结总计五、信息处理费…": the next section follows the header, no number
        last_label, values, ended = _grid_values(grid, cells, begin + 1)
        ended = ended or cut
        while len(values) > expected and values[-1][1].status == "blank":
            values.pop()
        while len(values) > expected and values[0][1].status == "blank":
            values.pop(0)
        if not values and ended:
            return None
        if not values:
            continue
        label_cell = cells[last_label] if last_label >= 0 else values[0][0]
        if block.layout == "rows" and _runs_together(values, expected):
            flat = tuple(c for _ in grid.blocks for c in grid.columns)
            decoded, problem, readings = decode_cells(flat, values, identities(spec, grid.columns, len(grid.blocks)))
            return _grid_read(spec, decoded, problem, readings, block.layout)
        return _grid_cells(spec, values, label_cell, block.layout)
    return None


def _grid_cells(spec: TableSpec, values: list, label_cell: Cell, layout: str) -> TableRead:
    """Table 四 from one value cell per column: a row per block; a count that is not 15 is misaligned."""
    grid = spec.grid
    assert grid is not None
    rows = []
    ambiguous = len(values) != len(grid.blocks) * len(grid.columns)
    for bi, blk in enumerate(grid.blocks):
        chunk = values[bi * len(grid.columns):(bi + 1) * len(grid.columns)]
        cvs = []
        for ci, column in enumerate(grid.columns):
            if ci < len(chunk) and not ambiguous:
                cvs.extend(_cell_values((column,), [chunk[ci]]))
            elif ci < len(chunk):
                cell = chunk[ci][0]
                cvs.append(CellValue(column, "unreadable", None, cell.text, cell.span, "misaligned"))
            else:
                cvs.append(CellValue(column, "missing", None, "", values[-1][0].span))
        span = chunk[0][0].span if chunk else label_cell.span
        rows.append(RowRead(RowSpec(blk.id, blk.name, grid.anchor, grid.columns), blk.name, span, tuple(cvs), None,
                            ambiguous, len(chunk), "misaligned" if ambiguous else ""))
    first, last = values[0][0].span, values[-1][0].span
    return TableRead(spec, tuple(rows), Span(first.line, first.column, last.end_line, last.end_column), layout)


def _grid_read(spec: TableSpec, cells: list[CellValue], problem: str,
               readings: Options, layout: str) -> TableRead:
    """Table 四 from a decoded run: one row per block, cut from the flat list of cells."""
    grid = spec.grid
    assert grid is not None
    width = len(grid.columns)
    rows = []
    for index, blk in enumerate(grid.blocks):
        chunk = tuple(cells[index * width:(index + 1) * width])
        part = tuple(r[index * width:(index + 1) * width] for r in readings)
        rows.append(RowRead(RowSpec(blk.id, blk.name, grid.anchor, grid.columns), blk.name, chunk[0].span, chunk,
                            None, bool(problem), width, problem, part))
    first, last = cells[0].span, cells[-1].span
    return TableRead(spec, tuple(rows), Span(first.line, first.column, last.end_line, last.end_column), layout)


def read_table(spec: TableSpec, blocks: tuple[TableBlock, ...],
               breaks: tuple[tuple[int, int], ...] = ()) -> TableRead | None:
    return read_grid(spec, blocks, breaks) if spec.grid else read_rows(spec, blocks)


def read_tables(specs: tuple[TableSpec, ...], blocks: tuple[TableBlock, ...],
                breaks: tuple[tuple[int, int], ...] = ()) -> tuple[TableRead, ...]:
    """Every table of the era that the report has.  Two tables of one era can share row labels (the
    附表 and the 2014 统计表 both count 当面申请数): rows read by a larger table are that table's, and a
    table read mostly from them is not there.  ``breaks``: where the top-level headings begin."""
    reads = [t for t in (read_table(spec, blocks, breaks) for spec in specs) if t is not None]
    spans = [{row.span for row in table.rows} for table in reads]  # each table's once (a Span hashes slowly)
    out = []
    for k, table in enumerate(reads):
        larger = [spans[j] for j, t in enumerate(reads) if j != k and len(t.rows) > len(table.rows)]
        shared = max((len(spans[k] & other) for other in larger), default=0)
        if shared * 2 < len(spans[k]):
            out.append(table)
    return tuple(out)
