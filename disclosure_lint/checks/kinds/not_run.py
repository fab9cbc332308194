"""Kind ``not-run``: checks that could not decide (collected by the other engines), and text the
structure parser could not place."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.source import Span
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "note": Param("text", "report this reader's note about the document instead (e.g. no-text-layer)"),
    "problems": Param("bool", "report the text the structure parser could not place instead"),
    "undecodable": Param("bool", "report the bytes no encoding could read instead (once per file)"),
}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    note = rule.params.get("note")
    if note:
        if note in report.document.notes:
            yield Hit(Span(1, 1, 1, 1), {})
        return
    if rule.params.get("undecodable"):
        yield from _undecodable(report)
        return
    if rule.params.get("problems"):
        for span, text in report.document.problems:
            yield Hit(span, {"reason": T(text, text)})
        return
    for skipped in ctx.skipped:
        yield Hit(skipped.span, {"rule": skipped.rule, "reason": skipped.reason})


def _undecodable(report: Report) -> Iterator[Hit]:
    """Once per file: the bytes no encoding could read (the text around them is still checked)."""
    bad = report.document.source.undecodable
    if bad is None:
        return
    line, column, count, first = bad
    located = len(report.document.source.origins) == 0  # a text file: the position is a source position
    span = Span(line, column, line, column + 1) if located else Span(1, 1, 1, 1)
    yield Hit(span, {"count": count, "line": line, "column": column, "bytes": first})
