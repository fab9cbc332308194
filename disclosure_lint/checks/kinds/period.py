"""Kind ``period``: the statistics period is readable (``unreadable``) and is the report year (``mismatch``).

A body set up during the report year reports from its founding: a period from that day to 31 December is
the whole of its year when the report says so ("海坛片区成立4个月以来", "我局于2019年9月正式挂牌成立"), and
is not a mismatch then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from disclosure_lint import recache as re
from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.read.document import Para
from disclosure_lint.report.dates import cn_number

PARAMS = {
    "check": Param("text", "unreadable: the period cannot be read; mismatch: it is not the report year",
                   required=True, choices=("unreadable", "mismatch")),
}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    period = report.period
    if period is None:
        return
    year = report.year
    check = rule.params.get("check")
    if check == "unreadable":
        if not period.readable:
            yield Hit(period.span, {"text": period.text, "year": year or "YYYY"})
        return
    if not period.readable or period.start is None or period.end is None:
        return
    if year is None:
        return
    if report.year_source == "period":
        year = period.start.year  # the year came from the period itself: only the days can be wrong
    if period.start != dt.date(year, 1, 1) or period.end != dt.date(year, 12, 31):
        if period.end == dt.date(year, 12, 31) and period.start.year == year and _founded_at(report, period.start):
            return
        yield Hit(period.span, {"start": period.start.isoformat(), "end": period.end.isoformat(), "year": year})


_NUMBER = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
# "成立4个月以来", "组建半年来" is not read (no month count); "于2019年9月(1日)(正式)(挂牌)成立/组建", "成立于2019年9月".
_MONTHS_SINCE = re.compile(rf"(?:成立|组建|挂牌)(?:以来)?(?:已|仅)?{_NUMBER}个多?月")
_FOUNDED_IN = re.compile(rf"(\d{{4}})年{_NUMBER}月(?:{_NUMBER}日)?(?:正式)?(?:挂牌)?(?:成立|组建)|成立于(\d{{4}})年{_NUMBER}月")


def _founded_at(report: Report, start: dt.date) -> bool:
    """Whether the report says the body was set up when its period starts: in that year and month, or so
    many months before the year's end (a month either way: "成立4个月" of a body founded in late August)."""
    text = "\n".join(b.seg.text for b in report.document.blocks if isinstance(b, Para) and b.kind == "text")
    if "成立" not in text and "组建" not in text:
        return False
    months = 13 - start.month  # from the start's month to December, both counted
    for m in _MONTHS_SINCE.finditer(text):
        if cn_number(m.group(1)) in (months - 1, months, months + 1):
            return True
    for m in _FOUNDED_IN.finditer(text):
        year, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        if int(year) == start.year and cn_number(month) == start.month:
            return True
    return False
