"""Kind ``genre``: the text is not an annual report (what it looks like instead), or it is a report's
title with no content.  The runner runs only these rules on such a text (``note`` gates them)."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, first_span
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "note": Param("text", "which fact about the text the rule reports (the runner runs only it on such a text)",
                  required=True, choices=("not-a-report", "no-content")),
}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    genre = report.genre
    if genre.kind != rule.params.get("note"):
        return
    evidence = genre.evidence[:40] + ("…" if len(genre.evidence) > 40 else "")
    yield Hit(first_span(report), {"looks": T(genre.looks_zh, genre.looks_en), "evidence": evidence})
