"""Kind ``ordinals``: ordinal lists in the prose (一是…二是…三是) that repeat or skip a number."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.outline import heading_repeats, ordinal_run
from disclosure_lint.report.prose.passages import passages

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None
CN = "零一二三四五六七八九十"


def _cn(n: int) -> str:
    if n <= 10:
        return CN[n]
    return ("" if n < 20 else CN[n // 10]) + "十" + (CN[n % 10] if n % 10 else "")


HEADING_MARKS = {1: ("{}、", "{}、"), 2: ("（{}）", "({})")}


def _heading_hits(report: Report) -> Iterator[Hit]:
    # A numbered row label inside a table (“（四）申请公开的主要内容” of a statistics table) is no heading.
    inside = [((t.span.line, t.span.column), (t.span.end_line, t.span.end_column)) for t in report.tables]
    headings = report.headings  # the document's headings, in order
    if inside:
        headings = [h for h in headings if _outside((h.seg.line, h.seg.col), inside)]
    for h, n in heading_repeats(headings):
        mark = HEADING_MARKS[h.level][0]
        yield Hit(h.seg.span(0, max(1, len(h.seg.text))),
                  {"found": mark.format(_cn(n)), "expected": mark.format(_cn(n + 1)), "title": h.title[:30]},
                  variant="heading_repeat")


def _outside(place: tuple[int, int], ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    for lo, hi in ranges:  # a loop, not any(...): asked for every heading of the report
        if lo <= place < hi:
            return False
    return True


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    yield from _heading_hits(report)
    expected, heading = None, None
    for p in passages(report, ctx):
        # A table or a misread line may cut the text under one heading in two: the run goes on.  A run may
        # begin in the heading itself.
        if p.heading != heading:
            expected = ordinal_run(p.heading)[1]
        heading = p.heading
        breaks, expected = ordinal_run(p.text, expected)
        for b in breaks:
            yield Hit(p.span(b.start, b.end), {"found": f"{_cn(b.found)}是", "expected": f"{_cn(b.expected)}是"},
                      variant=b.kind)
