"""Kind ``suppression``: inline suppression comments that give no reason."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.suppressions import find_suppressions
from disclosure_lint.checks.kinds.params import Param

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    for suppression in ctx.derived("suppressions", lambda: find_suppressions(report.document.source)):
        if not suppression.reason:
            yield Hit(suppression.span, {"rules": ", ".join(suppression.rules) or "all"})
