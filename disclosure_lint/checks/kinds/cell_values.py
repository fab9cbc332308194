"""Kind ``cells``: the state of individual table cells (blank, unreadable, negative) and missing rows."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, applies, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule

WHY = {
    "run-together": T("数字中间有空格，可能是相邻单元格的数字连在了一起", "digits separated by spaces: adjacent cells may have run together"),
    "leading-zero": T("以0开头的多位数，可能是相邻单元格的数字连在了一起", "a number with leading zeros: adjacent cells may have run together"),
    "not-a-number": T("不是数字", "not a number"),
    "too-long": T("位数过多，不可能是件数或金额", "far too many digits for a count or an amount"),
    "not-whole": T("此处应为整数", "a whole number is expected here"),
    "misaligned": T("这一行的数字个数与列数不符，无法确定各数字所在的列", "the row's numbers do not match its columns; which cell is which cannot be told"),
}


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    if not applies(rule.eras, report):
        return
    statuses = set(rule.params.get("status", ()))
    for table in report.tables:
        if rule.params.get("missing_rows"):
            missing = table.missing_rows
            if missing:
                yield Hit(table.span, {"table": name_of(table.spec), "count": len(missing),
                                       "rows": "、".join(f"“{spec.label}”" for spec in missing)})
            continue
        for row in table.rows:
            if statuses & {"blank", "missing"}:
                blanks = [c for c in row.cells if c.status in statuses]
                if blanks:
                    yield Hit(blanks[0].span, {"table": name_of(table.spec), "row": row.label, "count": len(blanks),
                                               "columns": "、".join(c.column.name for c in blanks)})
                continue
            if row.ambiguous and "unreadable" in statuses:
                first = row.cells[0] if row.cells else None
                span = first.span if first else row.span
                text = " ".join(c.text for c in row.cells)
                yield Hit(span, {"table": name_of(table.spec), "row": row.label, "column": T("整行", "whole row"),
                                 "text": text, "why": WHY["misaligned"]})
                continue
            for cell in row.cells:
                if cell.status in statuses:
                    yield Hit(cell.span, {"table": name_of(table.spec), "row": row.label, "column": cell.column.name,
                                          "text": cell.text, "why": WHY.get(cell.note, WHY["not-a-number"])})
                elif rule.params.get("negative") and cell.known and cell.value is not None and cell.value < 0 \
                        and cell.column.type != "signed":
                    yield Hit(cell.span, {"table": name_of(table.spec), "row": row.label, "column": cell.column.name,
                                          "value": cell.text})
