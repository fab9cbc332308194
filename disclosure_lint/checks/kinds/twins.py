"""Kind ``twins``: this report's prose repeats another issuer's report (linted together) of its year
or the year before: a template twin, text copied from another body."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, first_span
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.build import Report

PARAMS = {
    "threshold": Param("number", "share of this report's distinctive prose found in the other report"),
    "excerpt": Param("int", "characters of the longest shared passage quoted in the message"),
}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    twin = ctx.twin
    if twin is None or twin.share < float(rule.params.get("threshold", 0.6)):
        return
    limit = int(rule.params.get("excerpt", 40))
    longest = twin.longest if len(twin.longest) <= limit else twin.longest[:limit] + "……"
    yield Hit(first_span(report), {"share": f"{twin.share:.0%}", "other": twin.other.path,
                                   "other_issuer": twin.other.issuer, "other_year": twin.other.year,
                                   "longest": longest, "length": len(twin.longest)})
