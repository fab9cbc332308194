"""Kind ``completeness``: the text stops early (a page that did not load, a copy cut off).  One
finding says where the text ends and what the template expects after it; the absences it causes
are not reported again (report/completeness.py finds the cut, the runner drops its consequences)."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.build import Report

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None

HOW = {
    "mid-sentence": T("句子中途", "in the middle of a sentence"),
    "in-table": T("表格中途", "in the middle of a table"),
    "heading": T("标题之后没有内容", "after a heading with nothing under it"),
    "stops-early": T("前几个部分之后", "after the first parts, without the rest or a signature"),
}


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    cut = report.cut
    if cut is None:
        return
    absent = [*cut.absent_sections, *cut.absent_tables]
    if report.era is not None and report.era.signature_block and report.signature_date is None:
        absent.append("落款日期")
    zh = "、".join(f"“{a}”" for a in absent) if absent else "该句其余部分"
    en = ", ".join(f"\"{a}\"" for a in absent) if absent else "the rest of the sentence"
    yield Hit(cut.span, {"line": cut.span.line, "tail": cut.tail, "how": HOW[cut.how], "absent": T(zh, en),
                         "count": len(absent)})
