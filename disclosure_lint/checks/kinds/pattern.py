"""Kind ``pattern``: regular expressions searched in every line of text and every table cell.

A check may give the ``correct`` form of what it finds (backreferences ``\\1`` allowed): typos are data.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, islice
from typing import Any

from disclosure_lint.read.document import Heading, Para, TableBlock
from disclosure_lint.checks.kinds.base import Context, Hit, T, applies, rule_regex
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.source import Seg
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.regex_needs import NOTHING, Needs, needs

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = {
    "pattern": Param("regex", "the text to find (RE2 syntax in user rule files: no look-around)", required=True),
    "what": Param("bilingual", "what the match is, for the message's {what}"),
    "correct": Param("text", "the correct form of what is found, for the message's {correct} (\\1 … allowed)"),
    "eras": Param("eras", "only for reports in these template formats"),
    "severity": Param("severity", "the severity of this check's findings, instead of the rule's"),
}


_RULE_LINE = re.compile(r"^[-=_*~|:+\s]+$")


def _pieces(report: Report) -> tuple[list[str], list[tuple[int, int]]]:
    """The text of each segment worth searching and where it starts (line, column): a Markdown rule or
    underline ("---", "===") is layout, not text, and is never searched.  Only a segment with a finding
    becomes a :class:`Seg` (a report has a hundred segments and a finding or two)."""
    texts: list[str] = []
    places: list[tuple[int, int]] = []
    rule_line = _RULE_LINE.match
    for block in report.document.blocks:
        if isinstance(block, (Para, Heading)):
            # A segment starting with a letter, digit or Chinese character is no rule line: no match needed.
            seg = block.seg
            text = seg.text
            if text[:1].isalnum() or not rule_line(text):
                texts.append(text)
                places.append((seg.line, seg.col))
        elif isinstance(block, TableBlock):
            for row in block.rows:
                for cell in row:
                    text = cell.text
                    if not text or text.isdigit():
                        continue  # most cells of a table: a count, tested before anything else is read
                    span = cell.span
                    if span.line == span.end_line and (text[0].isalnum() or not rule_line(text)):
                        texts.append(text)
                        places.append((span.line, span.column))
    return texts, places


MAX_COUNTED = 1000  # matches of one check counted on one line


@dataclass(frozen=True)
class _Text:
    """The segments worth searching, and all of them joined, each one's offset in it: what a check
    cannot match without is looked for once in the whole text, and the check searched only in the
    segments that hold it."""

    texts: tuple[str, ...]
    places: tuple[tuple[int, int], ...]  # (line, column) where each segment starts
    joined: str
    starts: tuple[int, ...]

    def seg(self, k: int) -> Seg:
        return Seg(self.texts[k], *self.places[k])

    def holding(self, clause: frozenset[str]) -> list[int]:
        """The segments (indexes, in order) where a string of ``clause`` is found: after a find, the
        search goes on at the next segment (one find per segment at most)."""
        found = set()
        for part in clause:
            at = self.joined.find(part)
            while at >= 0:
                k = bisect_right(self.starts, at) - 1
                found.add(k)
                at = self.joined.find(part, self.starts[k + 1]) if k + 1 < len(self.starts) else -1
        return sorted(found)

def _text_of(report: Report) -> _Text:
    texts, places = _pieces(report)
    # Each segment starts one line break after the end of the one before: the offsets summed in C.
    starts = tuple(accumulate([len(text) + 1 for text in texts[:-1]], initial=0)) if texts else ()
    return _Text(tuple(texts), tuple(places), "\n".join(texts), starts)


def _where(text: _Text, pattern: Any, wanted: Needs) -> Iterable[int]:
    """The segments in which a check may match: those holding what it needs (see :mod:`disclosure_lint.regex_needs`),
    none when the whole text lacks it or (an expression that looks at nothing around its match) holds
    no match at all."""
    if not wanted.met(text.joined) or (wanted.free and pattern.search(text.joined) is None):
        return ()
    if not wanted.clauses:
        return range(len(text.texts))
    # The segments holding the strongest clause (the longest strings: the rarest, without counting them
    # over the whole text), then those that hold every clause: the same whichever clause is taken first.
    return [k for k in text.holding(wanted.clauses[0]) if wanted.met(text.texts[k])]


@dataclass(frozen=True)
class _Plan:
    """A rule's checks for one template format, compiled, with the strings each cannot match without."""

    checks: tuple[tuple[dict, Any, Needs], ...]


def _plan_of(rule: Rule, checks: tuple[dict, ...]) -> _Plan:
    # A user's pattern runs on RE2, whose syntax Python's parser may read otherwise: always searched.
    return _Plan(tuple((check, rule_regex(rule, check["pattern"]), NOTHING if rule.user else needs(check["pattern"]))
                       for check in checks))


# Plans by rule identity and format: a rule holds dicts (unhashable); the rule is kept beside its plan so
# that its id cannot be reused.
_PLANS: dict[tuple[int, str | None], tuple[Rule, _Plan | None]] = {}


def _rule_plan(rule: Rule, report: Report) -> _Plan | None:
    era = report.era.id if report.era is not None else None
    cached = _PLANS.get((id(rule), era))
    if cached is not None and cached[0] is rule:
        return cached[1]
    checks = tuple(c for c in rule.checks if applies(c.get("eras"), report))
    plan = _plan_of(rule, checks) if checks else None
    if len(_PLANS) >= 256:
        _PLANS.clear()
    _PLANS[(id(rule), era)] = (rule, plan)
    return plan


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
    plan = _rule_plan(rule, report)
    if plan is None:
        return
    # The segments once for both pattern rules of a report (each table cell becomes a segment here).
    text = ctx.derived("pattern.text", lambda: _text_of(report))
    todo: dict[int, list[tuple[dict, Any]]] = {}
    for check, pattern, wanted in plan.checks:  # in the rule's order: a line's earlier checks come first
        for k in _where(text, pattern, wanted):
            todo.setdefault(k, []).append((check, pattern))
    for k in sorted(todo):
        yield from _line_hits(text.seg(k), todo[k])


def _line_hits(seg: Seg, todo: list[tuple[dict, Any]]) -> Iterator[Hit]:
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
