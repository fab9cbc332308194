"""Kind ``cross-year``: a report against the same issuer's report of the year before.

Runs only when the previous report is known (several files linted together, or ``--previous``).
``check`` selects what is compared: ``carryover`` (结转下年度 of Y−1 against 上年结转 of Y, per
column), ``continuity`` (a running total: Y's value = Y−1's value + Y's change, from ``relations``
data), ``copied`` (share of prose repeated from Y−1) and ``jump`` (a count that grew or fell by more
than ``factor``).
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.report.pairing import YearSummary, overlap
from disclosure_lint.checks.kinds.base import Context, Hit, T, first_span, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "check": Param("text", "carryover, continuity, copied or jump (see above)", required=True,
                   choices=("carryover", "continuity", "copied", "jump")),
    "threshold": Param("number", "copied: the share of last year's text that counts as copied"),
    "factor": Param("number", "jump: how many times larger or smaller is a jump"),
    "minimum": Param("number", "jump: the larger value must reach this"),
}
CHECK_FIELDS = {
    "table": Param("text", "the template table's id", required=True),
    "row": Param("text", "the row compared"),
    "previous_row": Param("text", "carryover: last year's row"),
    "columns": Param("texts", "carryover: the columns compared"),
    "column": Param("text", "jump: the column compared"),
    "total": Param("text", "continuity: the running total's column"),
    "plus": Param("texts", "continuity: columns added to last year's total"),
    "minus": Param("texts", "continuity: columns subtracted"),
}


def _value(report: Report, table: str, row: str, column: str):
    read = report.table(table)
    cell = read.cell(row, column) if read else None
    return cell if cell is not None and cell.known else None


def _prev_args(previous: YearSummary) -> dict:
    return {"previous": previous.path, "previous_year": previous.year}


def compared_cells(rules) -> frozenset[tuple[str, str, str]]:
    """The (table, row, column) cells of last year's report that these cross-year rules compare: what a
    report's :class:`YearSummary` keeps."""
    out = set()
    for rule in rules:
        if rule.kind != "cross-year":
            continue
        for spec in rule.checks:
            rows = [spec[k] for k in ("row", "previous_row") if spec.get(k)]
            columns = [*spec.get("columns", ()), *(spec[k] for k in ("column", "total") if spec.get(k)),
                       *spec.get("plus", ()), *spec.get("minus", ())]
            out.update((spec["table"], row, column) for row in rows for column in columns)
    return frozenset(out)


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    previous = getattr(ctx, "previous", None)
    if previous is None or report.year is None or previous.year != report.year - 1:
        return
    check = rule.params.get("check")
    if check == "copied":
        yield from _copied(rule, report, previous)
        return
    for spec in rule.checks:
        if check == "carryover":
            yield from _carryover(spec, report, previous, ctx, rule)
        elif check == "continuity":
            yield from _continuity(spec, report, previous)
        elif check == "jump":
            yield from _jump(rule, spec, report, previous)


def _carryover(spec: dict, report: Report, previous: YearSummary, ctx: Context, rule: Rule) -> Iterator[Hit]:
    table = report.table(spec["table"])
    if table is None:
        return
    name = name_of(table.spec)
    for column in spec["columns"]:
        now = table.cell(spec["row"], column)
        there, then = previous.value(spec["table"], spec["previous_row"], column)
        if now is None or not there:
            continue
        if not now.known or then is None:
            ctx.skip(rule, now.span, T(f"{name.zh}「{column}」列单元格空白或无法识别", f"{name.en} column {column}: blank or unreadable"))
            continue
        if now.value != then:
            yield Hit(now.span, {"table": name, "column": now.column.name, "found": now.value, "expected": then,
                                 **_prev_args(previous)})


def _continuity(spec: dict, report: Report, previous: YearSummary) -> Iterator[Hit]:
    """``total`` this year = ``total`` last year + sum(``plus``) − sum(``minus``) this year."""
    table = spec["table"]
    now = _value(report, table, spec["row"], spec["total"])
    then = previous.value(table, spec["row"], spec["total"])[1]
    plus = [_value(report, table, spec["row"], c) for c in spec.get("plus", [])]
    minus = [_value(report, table, spec["row"], c) for c in spec.get("minus", [])]
    if now is None or then is None or any(v is None for v in plus + minus):
        return
    expected = then + sum(v.value for v in plus) - sum(v.value for v in minus)  # type: ignore[misc]
    if now.value != expected:
        read = report.table(table)
        row = read.row(spec["row"]) if read else None
        yield Hit(now.span, {"table": name_of(read.spec) if read else table,
                             "row": row.label if row else spec["row"], "found": now.value, "expected": expected,
                             "before": then, **_prev_args(previous)})


def _copied(rule: Rule, report: Report, previous: YearSummary) -> Iterator[Hit]:
    threshold = float(rule.params.get("threshold", 0.5))
    result = overlap(report, previous)
    if result.total_chars and result.share > threshold:
        yield Hit(first_span(report), {"share": f"{result.share:.0%}", "threshold": f"{threshold:.0%}",
                                       **_prev_args(previous)})


def _jump(rule: Rule, spec: dict, report: Report, previous: YearSummary) -> Iterator[Hit]:
    factor = float(rule.params.get("factor", 5))
    minimum = float(rule.params.get("minimum", 10))
    now = _value(report, spec["table"], spec["row"], spec["column"])
    then = previous.value(spec["table"], spec["row"], spec["column"])[1]
    if now is None or then is None:
        return
    big, small = max(now.value, then), min(now.value, then)  # type: ignore[type-var]
    if big >= minimum and (small == 0 or big / small > factor):
        ratio = "∞" if small == 0 else f"{big / small:.1f}"
        read = report.table(spec["table"])
        row = read.row(spec["row"]) if read else None
        yield Hit(now.span, {"what": row.label if row else spec["row"], "found": now.value, "before": then,
                             "ratio": ratio, **_prev_args(previous)})
