"""Kind ``period``: the statistics period is readable (``unreadable``) and is the report year (``mismatch``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

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
        yield Hit(period.span, {"start": period.start.isoformat(), "end": period.end.isoformat(), "year": year})
