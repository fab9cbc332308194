"""Kind ``pattern``: regular expressions searched in every line of text and every table cell.

A check may give the ``correct`` form of what it finds (backreferences ``\\1`` allowed): typos are data.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import islice
from typing import Any

from disclosure_lint.read.document import Heading, Para, TableBlock
from disclosure_lint.checks.kinds.base import Context, Hit, T, applies, rule_regex
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.source import Seg
from disclosure_lint.checks.kinds.params import Param

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = {
    "pattern": Param("regex", "the text to find (RE2 syntax in user rule files: no look-around)", required=True),
    "what": Param("bilingual", "what the match is, for the message's {what}"),
    "correct": Param("text", "the correct form of what is found, for the message's {correct} (\\1 … allowed)"),
    "eras": Param("eras", "only for reports in these template formats"),
    "severity": Param("severity", "the severity of this check's findings, instead of the rule's"),
}


def _segments(report: Report) -> Iterator[Seg]:
    for block in report.document.blocks:
        if isinstance(block, (Para, Heading)):
            yield block.seg
        elif isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    if cell.text and not cell.text.isdigit() and cell.span.line == cell.span.end_line:
                        yield Seg(cell.text, cell.span.line, cell.span.column)


_RULE_LINE = re.compile(r"^[-=_*~|:+\s]+$")


MAX_COUNTED = 1000  # matches of one check counted on one line

_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def _any_of(rule: Rule, patterns: tuple[str, ...]) -> Any:
    """One pass over a line decides whether any of these patterns can match it (most lines match none).
    Patterns with backreferences are not joined (their group numbers would shift): they always run."""
    return rule_regex(rule, "|".join(f"(?:{p})" for p in patterns)) if patterns else None


class _Taken:
    """The spans of a line already reported, kept sorted and disjoint, so that testing a match against
    them is a binary search (a line of thousands of "---XX" matches made the pairwise test quadratic)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        return (i > 0 and start < self.ends[i - 1] and self.starts[i - 1] < end) or \
            (i < len(self.starts) and self.starts[i] < end and start < self.ends[i])

    def add(self, matches: list[re.Match[str]]) -> None:
        spans = sorted([*zip(self.starts, self.ends), *((m.start(), m.end()) for m in matches)])
        self.starts, self.ends = [s for s, _ in spans], [e for _, e in spans]


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    checks = [c for c in rule.checks if applies(c.get("eras"), report)]
    if not checks:
        return
    always = [c for c in checks if _BACKREF.search(c["pattern"])]
    prefilter = _any_of(rule, tuple(c["pattern"] for c in checks if c not in always))
    every = [(c, rule_regex(rule, c["pattern"])) for c in checks]
    backrefs = [(c, p) for c, p in every if c in always]
    # The segments once for both pattern rules of a report (each table cell becomes a segment here).
    for seg in ctx.derived("pattern.segments", lambda: list(_segments(report))):
        todo = every if prefilter is not None and prefilter.search(seg.text) else backrefs
        if not todo or _RULE_LINE.match(seg.text):
            continue  # nothing to find; or a Markdown rule/underline ("---", "==="): layout, not text
        taken = _Taken()
        for check, pattern in todo:
            # One finding per line and pattern, at the first place; the count tells how many more.
            # Counted up to MAX_COUNTED: a line of a placeholder pasted 100,000 times needs no exact count.
            found = islice(pattern.finditer(seg.text), MAX_COUNTED + 1)
            matches = [m for m in found if not taken.overlaps(m.start(), m.end())] if taken.starts else list(found)
            if not matches:
                continue
            count = len(matches) if len(matches) <= MAX_COUNTED else f"{MAX_COUNTED}+"
            matches = matches[:MAX_COUNTED]
            taken.add(matches)
            first = matches[0]
            what = check.get("what", {})
            args = {"text": first.group(0), "count": count,
                    "what": T(what.get("zh", ""), what.get("en", what.get("zh", "")))}
            if "correct" in check:
                args["correct"] = first.expand(check["correct"])
            yield Hit(seg.span(first.start(), first.end()), args, severity=check.get("severity"))
