"""Kind ``text-years``: years in the text that belong to another year than the report's.

An improvement plan dated the report year (it plans the next one), a statistics column headed with
another year, a cited notice on another year's annual report: text carried over from last year.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.document import TableBlock
from disclosure_lint.read.source import Seg
from disclosure_lint.regex_needs import may_match
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.outline import notice_years, plan_years
from disclosure_lint.report.prose.passages import passages

PARAMS = {
    "plan_context": Param("regex", "words of the problems-and-improvements part, in the heading or the text before a plan"),
    "column": Param("regex", "a statistics column header with its year in group 1 (YYYY年度 beside 历年累计)"),
}
CHECK_FIELDS = None


def _prose(rule: Rule, report: Report, ctx: Context, year: int) -> Iterator[Hit]:
    context = re.compile(rule.params.get("plan_context") or "改进|整改|下一步|工作计划|工作打算")
    for p in passages(report, ctx):
        for m in [*plan_years(p.text, year, context, p.heading), *notice_years(p.text, year)]:
            expected = year + 1 if m.kind == "plan" else year
            yield Hit(p.span(m.start, m.end), {"found": m.year, "expected": expected, "year": year},
                      variant=m.kind)


def _columns(rule: Rule, report: Report, year: int) -> Iterator[Hit]:
    column = re.compile(rule.params.get("column") or r"((?:19|20)\d{2})\s?年度?\s?历年累计")
    for block in report.document.blocks:
        if not isinstance(block, TableBlock):
            continue
        cells = [*block.headers, *(c for row in block.rows[:3] for c in row)]
        # Each cell is searched with the next one after it: the header text joined the same way holds
        # every such pair, so a table whose header lacks what the expression needs is not searched.
        if not may_match(column, " ".join([c.text for c in cells]) + " "):
            continue
        for cell, after in zip(cells, [*cells[1:], None]):
            # The header may be one cell ("2017年度历年累计") or two ("2017年度" | "历年累计").
            m = column.search(f"{cell.text} {after.text if after else ''}")
            if m and m.start(1) < len(cell.text) and int(m.group(1)) != year:
                span = cell.span
                if span.line == span.end_line:  # point at the year itself
                    span = Seg(cell.text, span.line, span.column).span(m.start(1), m.end(1))
                yield Hit(span, {"found": int(m.group(1)), "expected": year, "year": year}, variant="column")
                return


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    year = report.year
    if year is None:
        return
    yield from _prose(rule, report, ctx, year)
    yield from _columns(rule, report, year)
