"""Kind ``ordinals``: ordinal lists in the prose (一是…二是…三是) that repeat or skip a number."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.outline import ordinal_breaks
from disclosure_lint.report.prose.passages import passages

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None
CN = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n]
    return ("" if n < 20 else CN[n // 10]) + "十" + (CN[n % 10] if n % 10 else "")


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    before, heading = "", None
    for p in passages(report, ctx):
        # A table or a misread line may cut the text under one heading in two: the run goes on.
        before = before if p.heading == heading else p.heading
        heading = p.heading
        for b in ordinal_breaks(p.text, before):
            yield Hit(p.span(b.start, b.end), {"found": f"{_cn(b.found)}是", "expected": f"{_cn(b.expected)}是"},
                      variant=b.kind)
        before = f"{before}\n{p.text}"
