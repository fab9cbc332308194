"""Kind ``cells``: the state of individual table cells (blank, unreadable, negative) and missing rows."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, applies, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.resources import ByIdentity
from disclosure_lint.read.cell_text import KNOWN
from disclosure_lint.report.tables import CellValue, RowRead, TableRead, merged_subrows
from disclosure_lint.report.templates import RowSpec, TableSpec

WHY = {
    "run-together": T("数字中间有空格，可能是相邻单元格的数字连在了一起", "digits separated by spaces: adjacent cells may have run together"),
    "leading-zero": T("以0开头的多位数，可能是相邻单元格的数字连在了一起", "a number with leading zeros: adjacent cells may have run together"),
    "not-a-number": T("不是数字", "not a number"),
    "too-long": T("位数过多，不可能是件数或金额", "far too many digits for a count or an amount"),
    "not-whole": T("此处应为整数", "a whole number is expected here"),
    "misaligned": T("这一行的数字个数与列数不符，无法确定各数字所在的列", "the row's numbers do not match its columns; which cell is which cannot be told"),
}

PARAMS = {
    "status": Param("texts", "cell states that are findings: blank, missing, unreadable"),
    "negative": Param("bool", "report negative counts in columns that are not signed"),
    "missing_rows": Param("bool", "report template rows absent from a table"),
    "unreadable_table": Param("bool", "report a table whose layout could not be read at all"),
    "merged_groups": Param("bool", "report a group row filled as one row where the template splits it into sub-rows"),
}
CHECK_FIELDS = None


PROBLEM = {
    "misaligned": T("数字个数与列数不符，无法确定各数字所在的列", "its numbers do not match its columns"),
    "ambiguous-run": T("数字连在一起，按模板的勾稽关系仍有多种读法", "its digits ran together and the template's arithmetic allows several readings"),
    "no-reading": T("数字连在一起，没有一种读法符合模板的勾稽关系", "its digits ran together and no reading satisfies the template's arithmetic"),
    "too-many-readings": T("数字连在一起，读法过多，无法确定", "its digits ran together and allow too many readings"),
}


def _readings(readings: tuple[tuple[int, ...], ...]) -> T:
    shown = ["|".join(str(v) for v in reading) for reading in readings[:4]]
    if not shown:
        return T("", "")
    more = len(readings) > 4
    return T("：可读作 " + " 或 ".join(shown) + ("等" if more else ""),
             ": could be " + " or ".join(shown) + (" among others" if more else ""))


def _unreadable_table(table) -> Hit | None:
    """One finding for a table whose rows cannot be read, naming the rows, why, and the readings left.

    Rows cut from one run (the three blocks of 表四) are named together, with the run's readings."""
    bad = [row for row in table.rows if row.problem]
    if not bad:
        return None
    groups: dict[tuple, list] = {}
    for row in bad:
        text = " ".join(dict.fromkeys(c.text for c in row.cells if c.text))
        groups.setdefault((text, row.problem, row.cells[0].span if row.cells else row.span), []).append(row)
    parts = []
    for (text, problem, _), rows in groups.items():
        labels = "".join(f"「{row.spec.label}」" for row in rows)
        readings = tuple(sum(slices, ()) for slices in zip(*(row.readings for row in rows)))
        why, shown = PROBLEM[problem], _readings(readings)
        parts.append(T(f"{labels}“{text}”{why.zh}{shown.zh}", f"{labels} \"{text}\": {why.en}{shown.en}"))
    span = next((c.span for c in bad[0].cells), bad[0].span)
    return Hit(span, {"table": name_of(table.spec), "count": len(bad),
                      "rows": T("；".join(p.zh for p in parts), "; ".join(p.en for p in parts))})


WHY_HEADER_ONLY = {
    "no-numbers": T("表头之后没有任何数字", "no number follows the header"),
    "no-rows": T("表头之后的数字认不出属于模板的哪一行", "the numbers after the header cannot be told to belong to any row of the template"),
}


def _header_only(report: Report) -> Iterator[Hit]:
    """Tables whose header is printed but whose rows could not be read at all (not missing-table)."""
    cut = report.cut.table_ids if report.cut else frozenset()
    for found in report.header_only:
        if found.spec.id in cut:
            continue  # the text stops in this table: incomplete-report says so
        rows = [r for r in found.spec.rows if not r.group and not r.optional]
        expected = len(found.spec.grid.blocks) if found.spec.grid else len(rows)
        header = found.header if len(found.header) <= 30 else found.header[:30] + "…"
        yield Hit(found.span, {"table": name_of(found.spec), "header": header, "expected": expected,
                               "why": WHY_HEADER_ONLY[found.why]}, "header-only")


def _merged_groups(report: Report) -> Iterator[Hit]:
    """Group rows read with values of their own (the 2019 form's single （六）其他处理 in a 2021 table)."""
    for table in report.tables:
        template = report.era.table(table.spec.id) if report.era else None
        groups = _group_rows(template) if template else {}
        for row in table.rows if groups else ():
            subrows = groups.get(row.spec.id)
            if subrows:
                yield Hit(row.span, {"table": name_of(table.spec), "row": row.label, "era": name_of(report.era),
                                     "values": " ".join(c.text or "□" for c in row.cells), "count": len(subrows),
                                     "rows": "、".join(f"“{r.label}”" for r in subrows)})


def _made_groups(spec: TableSpec) -> dict[str, tuple[RowSpec, ...]]:
    found = {row.id: merged_subrows(spec, row.id) for row in spec.rows if row.group}
    return {k: v for k, v in found.items() if v}


# Row id → :func:`merged_subrows` of a template table's rows that have sub-rows: the same for every
# report of the era, found once per table spec.
_group_rows = ByIdentity(_made_groups)


def _odd_cells(report: Report) -> list[tuple[TableRead, RowRead, tuple[CellValue, ...]]]:
    """Each placed row's cells that are not a known, non-negative value (blank, missing, unreadable,
    negative): what the rules on cell states look at, found in one pass over the report's cells for all
    of them (a report has hundreds of cells, almost all plain numbers)."""
    out = []
    for table in report.tables:
        for row in table.rows:
            if row.problem:
                continue  # a row that cannot be placed in its columns: table-unreadable says so, once per table
            odd = tuple(c for c in row.cells if c.status not in KNOWN or (c.value is not None and c.value < 0))
            if odd:
                out.append((table, row, odd))
    return out


def _states(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    """Blank, missing or unreadable cells (``status``), negative counts (``negative``)."""
    statuses = set(rule.params.get("status", ()))
    if statuses & KNOWN:
        rows = [(t, r, r.cells) for t in report.tables for r in t.rows if not r.problem]  # a user's rule on values
    else:
        rows = ctx.derived("cells.odd", lambda: _odd_cells(report))
    negative = rule.params.get("negative")
    for table, row, cells in rows:
        if statuses & {"blank", "missing"}:
            blanks = [c for c in cells if c.status in statuses]
            if blanks:
                yield Hit(blanks[0].span, {"table": name_of(table.spec), "row": row.label, "count": len(blanks),
                                           "columns": "、".join(c.column.name for c in blanks)})
            continue
        for cell in cells:
            if cell.status in statuses:
                yield Hit(cell.span, {"table": name_of(table.spec), "row": row.label, "column": cell.column.name,
                                      "text": cell.text, "why": WHY.get(cell.note, WHY["not-a-number"])})
            elif negative and cell.known and cell.value is not None and cell.value < 0 \
                    and cell.column.type != "signed":
                yield Hit(cell.span, {"table": name_of(table.spec), "row": row.label, "column": cell.column.name,
                                      "value": cell.text})


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    if not applies(rule.eras, report):
        return
    if rule.params.get("merged_groups"):
        yield from _merged_groups(report)
        return
    if rule.params.get("unreadable_table"):
        yield from _header_only(report)
        for table in report.tables:
            hit = _unreadable_table(table)
            if hit is not None:
                yield hit
        return
    if rule.params.get("missing_rows"):
        for table in report.tables:
            missing = table.missing_rows
            if missing:
                yield Hit(table.span, {"table": name_of(table.spec), "count": len(missing),
                                       "rows": "、".join(f"“{spec.label}”" for spec in missing)})
        return
    yield from _states(rule, report, ctx)
