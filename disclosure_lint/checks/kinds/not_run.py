"""Kind ``not-run``: checks that could not decide (collected by the other engines), and text the
structure parser could not place."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.source import Span


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    note = rule.params.get("note")
    if note:
        if note in report.document.notes:
            yield Hit(Span(1, 1, 1, 1), {})
        return
    if rule.params.get("problems"):
        for span, text in report.document.problems:
            yield Hit(span, {"reason": T(text, text)})
        return
    for skipped in ctx.skipped:
        yield Hit(skipped.span, {"rule": skipped.rule, "reason": skipped.reason})
