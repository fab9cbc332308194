"""Kind ``relation``: arithmetic between table cells (sums, balances, inequalities).

A check names a template table and either ``parts``/``total`` (the total equals the sum of its parts)
or named ``left``/``right`` sides with an ``op``.  ``for_each`` repeats the check over columns or rows:
``{c}`` and ``{r}`` in references are replaced, ``@rows`` expands to every valued row of the table and
``@tag.col`` to every row carrying that tag.  A check whose cells are blank, unreadable or whose rows
are missing cannot be decided; it is reported to ``check-not-run`` instead of passing.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from disclosure_lint.read.cell_text import KNOWN, label_key
from disclosure_lint.checks.kinds.base import Context, Hit, T, applies, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.tables import CellValue, TableRead
from disclosure_lint.checks.kinds.params import Param, Problem

OPS = {"=": operator.eq, "<=": operator.le, ">=": operator.ge}

PARAMS: dict[str, Param] = {}
CHECK_FIELDS: dict[str, Param] = {
    "table": Param("text", "the template table's id (t1 … t5)", required=True),
    "parts": Param("texts", "cells ROW.COLUMN whose sum must equal 'total'"),
    "total": Param("text", "the cell ROW.COLUMN holding the total of 'parts'"),
    "left": Param("mapping", "named cell lists (name: ROW.COLUMN or [ROW.COLUMN, …]) summed on the left"),
    "right": Param("mapping", "named cell lists summed on the right (empty: compare 'left' with 0)"),
    "op": Param("text", "how left compares with right", choices=("=", "<=", ">=")),
    "anchor": Param("text", "the cell the finding points at (default: the first on the right)"),
    "for_each": Param("mapping", "repeat over values: {c: [columns]} or {r: '@rows'}; {c}/{r} are replaced"),
    "variant": Param("text", "which of the rule's message variants to use"),
    "eras": Param("eras", "only for reports in these template formats"),
    "severity": Param("severity", "the severity of this check's findings, instead of the rule's"),
}


def check_data(params: dict, checks: list) -> Iterator[Problem]:
    """Each check is a sum (``parts`` and ``total``) or a comparison (``left`` and ``right``)."""
    if not checks:
        yield Problem(("checks",), "a relation rule needs at least one check")
    for index, check in enumerate(checks):
        summed = "parts" in check and "total" in check
        sided = "left" in check and "right" in check
        if not (summed or sided):
            yield Problem(("checks", index), "a relation check needs 'parts' and 'total', or 'left' and 'right'")
        elif sided and not check["right"] and "anchor" not in check:
            yield Problem(("checks", index), "a relation check with an empty 'right' needs an 'anchor' cell")


@dataclass(frozen=True)
class _Ref:
    row: str
    column: str


def _expand(ref: str, table: TableRead) -> list[_Ref]:
    row, _, column = ref.partition(".")
    if row.startswith("@"):
        tag = row[1:]
        return [_Ref(r.id, column) for r in table.spec.rows if tag in r.tags]
    return [_Ref(row, column)]


def _instances(check: dict, table: TableRead) -> list[dict[str, str]]:
    loops = check.get("for_each") or {}
    combos: list[dict[str, str]] = [{}]
    for var, values in loops.items():
        if values == "@rows":
            values = [r.id for r in table.spec.rows if not r.group]
        combos = [{**combo, var: v} for combo in combos for v in values]
    return combos


def _fill(template: str, binding: dict[str, str]) -> str:
    for var, value in binding.items():
        template = template.replace("{" + var + "}", value)
    return template


def short_label(label: str) -> str:
    key = label_key(label)
    for stop in ("(", "（"):
        key = key.split(stop)[0]
    return key


def _describe(table: TableRead, ref: _Ref, parts: list[_Ref]) -> T:
    """Name a part by what tells it apart from the other parts: its column, its row, or both."""
    row = table.spec.row(ref.row) or next((r.spec for r in table.rows if r.spec.id == ref.row), None)
    columns = row.columns if row else ()
    col = next((c for c in columns if c.id == ref.column), None)
    row_name = short_label(row.label) if row else ref.row
    col_name = col.name if col else ref.column
    if len({p.row for p in parts}) == 1 and len(columns) > 1:
        name = col_name
    elif len({p.column for p in parts}) == 1 or len(columns) <= 1:
        name = row_name
    else:
        name = f"{row_name}·{col_name}"
    return T(name, name)


def _where(table: TableRead, cell: CellValue, row_id: str) -> dict:
    spec = table.spec
    row = table.row(row_id)
    # The template's label: the source label may carry a PDF group fragment ("(四)无 1.本机关…").
    template_row = spec.row(row_id) or (row.spec if row else None)
    row_label = template_row.label if template_row else row_id
    name = name_of(spec)
    multi = row is not None and len(row.cells) > 1
    where = T(f"{spec.name_zh}「{row_label}」行" + (f"「{cell.column.name}」列" if multi else ""),
              f"{spec.name_en}, row 「{row_label}」" + (f", column 「{cell.column.name}」" if multi else ""))
    return {"table": name, "row": row_label, "column": cell.column.name, "where": where}


def _fmt(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    if not applies(rule.eras, report):
        return
    tables = ctx.derived("relation.tables", lambda: _tables_by_id(report))
    for check in rule.checks:
        if not applies(check.get("eras"), report):
            continue
        table = tables.get(check["table"])
        if table is None:
            continue  # an absent table is missing-table's business (or optional in the 2008 era)
        yield from _run_check(rule, check, table, ctx)


def _tables_by_id(report: Report) -> dict[str, TableRead]:
    """``report.table`` of every id at once (the first table of each id): a rule's checks ask for a
    table each, a dozen looks through the report's tables."""
    found: dict[str, TableRead] = {}
    for table in report.tables:
        found.setdefault(table.spec.id, table)
    return found


class _Cells:
    """A read table's rows and cells by id (the first of each, as ``TableRead.row`` and ``RowRead.cell``
    find them), looked up once per report: a table's relations resolve hundreds of references."""

    def __init__(self, table: TableRead):
        rows: dict[str, object] = {}
        cells: dict[tuple[str, str], CellValue] = {}
        for row in table.rows:
            row_id = row.spec.id
            if row_id in rows:
                continue
            rows[row_id] = row
            # Later keys win in an update: the row's cells reversed, so that the first cell of a column wins.
            cells.update({(row_id, cell.column.id): cell for cell in reversed(row.cells)})
        self.rows, self.cells = rows, cells
        # CellValue.known, read without a property call per cell (a report has hundreds of cells), and
        # the known cells' values, which the relations add up (summed in C: see _known_sides).
        self.known = {key: cell for key, cell in cells.items() if cell.status in KNOWN}
        self.values = {key: cell.value for key, cell in self.known.items()}


def _resolve(table: TableRead, lookup: _Cells, refs: list[_Ref], keys: tuple) -> tuple[list[CellValue] | None, str | None]:
    try:
        return [lookup.known[key] for key in keys], None  # every cell there and known: most references
    except KeyError:
        pass
    cells = []
    for ref in refs:
        cell = lookup.cells.get((ref.row, ref.column))
        if cell is None:
            if ref.row not in lookup.rows:
                spec = table.spec.row(ref.row)
                if spec is not None and spec.optional:
                    continue
            return None, "missing-row"
        if not cell.known:
            return None, cell.status
        cells.append(cell)
    return cells, None


REASONS = {
    "missing-row": T("所需的行缺失", "a row it needs is missing"),
    "blank": T("单元格空白", "cells are blank"),
    "missing": T("单元格缺失", "cells are missing"),
    "unreadable": T("单元格无法识别", "cells are unreadable"),
}


def _sides(check: dict, binding: dict, table: TableRead) -> tuple[dict, dict, _Ref]:
    """One instance of a relation: its named left and right cell references and the cell a finding points at."""
    if "parts" in check:
        left = {"sum": [r for p in check["parts"] for r in _expand(_fill(p, binding), table)]}
        right = {"total": _expand(_fill(check["total"], binding), table)}
        return left, right, right["total"][0]
    left = {k: _expand(_fill(v, binding), table) for k, v in check["left"].items()}
    right = {k: _expand(_fill(v, binding), table) for k, v in check["right"].items()}
    anchor = check["anchor"] if "anchor" in check else next(iter(check["right"].values()))
    return left, right, _expand(_fill(anchor, binding), table)[0]


def _resolve_all(table: TableRead, lookup: _Cells, named: tuple) -> tuple[dict[str, list[CellValue]], str | None]:
    """Every named side's cells, or the reason (blank, missing, unreadable …) that one side has none."""
    resolved: dict[str, list[CellValue]] = {}
    for name, refs, keys in named:
        cells, why = _resolve(table, lookup, refs, keys)
        if cells is None:
            return resolved, why
        resolved[name] = cells
    return resolved, None


def _hit_args(check: dict, table: TableRead, anchor, anchor_ref, left_named: dict, resolved: dict,
              left: float, right: float) -> dict:
    """The message's arguments: where, both sides, each named side's sum and, for parts, the addends."""
    args = _where(table, anchor, anchor_ref.row)
    args.update({"left": _fmt(left), "right": _fmt(right), "op": check.get("op", "=")})
    for name, cells in resolved.items():
        args[name] = _fmt(sum(c.value for c in cells))  # type: ignore[misc]
    if "parts" in check:
        refs = left_named["sum"]
        parts = [(_describe(table, r, refs), c) for r, c in zip(refs, resolved["sum"])]
        args["parts"] = T(" + ".join(f"{d.zh} {_fmt(c.value)}" for d, c in parts),  # type: ignore[arg-type]
                          " + ".join(f"{d.en} {_fmt(c.value)}" for d, c in parts))  # type: ignore[arg-type]
        args["total"], args["sum"] = _fmt(right), _fmt(left)
    return args


@dataclass(frozen=True)
class _Instance:
    """One instance of a check on a template table: its sides, the cell a finding points at, both sides'
    references in the order they are resolved, and the rows whose absence means the instance is not in
    the table at all."""

    left: dict[str, list[_Ref]]
    right: dict[str, list[_Ref]]
    anchor: _Ref
    named: tuple[tuple[str, list[_Ref], tuple[tuple[str, str], ...]], ...]  # name, references, their keys
    probe: frozenset[str]
    # Each side's cell keys in the order they are added: when every cell is there and known (most
    # instances of most reports) the sides are summed straight from them.
    left_keys: tuple[tuple[str, str], ...]
    right_keys: tuple[tuple[str, str], ...]


def _instance(left: dict, right: dict, anchor: _Ref) -> _Instance:
    probe = frozenset((anchor.row, *(r.row for refs in left.values() for r in refs)))
    both = {**left, **right}  # a name on both sides is resolved once, as the right side's
    named = tuple((name, refs, tuple((r.row, r.column) for r in refs)) for name, refs in both.items())
    return _Instance(left, right, anchor, named, probe, _keys(left, both), _keys(right, both))


def _keys(side: dict[str, list[_Ref]], both: dict[str, list[_Ref]]) -> tuple[tuple[str, str], ...]:
    return tuple((r.row, r.column) for name in side for r in both[name])


# The instances of a check on a template table, by (check, table spec): what they are depends on these two
# only, not on the report, so they are expanded once per run.  The key objects are kept in the value, so
# that their ids cannot be reused by other objects while the entry lives.  Bounded by a few hundred
# entries, not thousands: a report whose group rows are read collapsed gets a table spec of its own
# (tables.py), so hostile or odd inputs keep adding entries of ~40 KB each (a fuzz worker's resident
# size crept by ~100 MB over 100,000 inputs); a run of real reports uses a few dozen (30 corpus reports: 27).
_EXPANDED: dict[tuple[int, int], tuple[dict, object, list]] = {}
_EXPANDED_MAX = 256


def _expanded(check: dict, table: TableRead) -> list[_Instance]:
    key = (id(check), id(table.spec))
    entry = _EXPANDED.get(key)
    if entry is None or entry[0] is not check or entry[1] is not table.spec:
        if len(_EXPANDED) >= _EXPANDED_MAX:
            _EXPANDED.clear()
        entry = (check, table.spec, [_instance(*_sides(check, binding, table)) for binding in _instances(check, table)])
        _EXPANDED[key] = entry
    return entry[2]


def _known_sides(value: Callable[[tuple[str, str]], float], one: _Instance) -> tuple[float, float] | None:
    """Both sides' sums when every cell of the instance is there and known (None otherwise; ``value``:
    the known cells' values by key, raising KeyError for any other): the sums add the same values in the
    same order as :func:`_sides_of`, so they are the same numbers."""
    try:
        return sum(map(value, one.left_keys)), sum(map(value, one.right_keys))
    except KeyError:
        return None


def _sides_of(one: _Instance, resolved: dict[str, list[CellValue]]) -> tuple[float, float]:
    left = sum(c.value for n in one.left for c in resolved[n])  # type: ignore[misc]
    right = sum(c.value for n in one.right for c in resolved[n])  # type: ignore[misc]
    return left, right


def _run_check(rule: Rule, check: dict, table: TableRead, ctx: Context) -> Iterator[Hit]:
    op = OPS[check.get("op", "=")]
    lookup = ctx.derived(f"relation.cells.{id(table)}", lambda: _Cells(table))
    total_runs, skipped = 0, {}
    rows = lookup.rows.keys()
    value = lookup.values.__getitem__
    for one in _expanded(check, table):
        if rows.isdisjoint(one.probe):
            continue  # nothing of this instance is in the table (e.g. a 2019-only row)
        total_runs += 1
        sides = _known_sides(value, one)
        if sides is None:
            resolved, reason = _resolve_all(table, lookup, one.named)
            if reason is not None:
                skipped[reason] = skipped.get(reason, 0) + 1
                continue
            sides = _sides_of(one, resolved)
        left, right = sides
        # Counts are whole numbers (rounding one changes nothing): only sums of decimals are rounded.
        if op(left, right) if type(left) is int and type(right) is int else op(round(left, 6), round(right, 6)):
            continue
        anchor = lookup.cells.get((one.anchor.row, one.anchor.column))
        if anchor is not None:
            resolved, _ = _resolve_all(table, lookup, one.named)
            args = _hit_args(check, table, anchor, one.anchor, one.left, resolved, left, right)
            yield Hit(anchor.span, args, variant=check.get("variant"), severity=check.get("severity"))
    if skipped:
        reasons = T("；".join(f"{REASONS[k].zh} {v} 处" for k, v in skipped.items()),
                    "; ".join(f"{REASONS[k].en} ({v})" for k, v in skipped.items()))
        count = sum(skipped.values())
        ctx.skip(rule, table.span, T(f"{table.spec.name_zh}中 {count}/{total_runs} 项无法计算（{reasons.zh}）",
                                     f"{count} of {total_runs} relations in {table.spec.name_en} cannot be computed ({reasons.en})"))
