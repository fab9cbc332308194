"""What a number counts: statements of a quantity a table also holds, and claims without numbers."""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.regex_needs import gate, in_text
from disclosure_lint.resources import ByIdentity
from disclosure_lint.report.prose.counts import DEFAULT_UNITS, Count, find_counts
from disclosure_lint.report.prose.passages import CLAUSE_PUNCT, Passage


@dataclass(frozen=True)
class Quantity:
    id: str
    name_zh: str
    name_en: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    needs: re.Pattern[str] | None  # must be found in the window itself
    context: re.Pattern[str] | None  # must be found in the sentence or the heading
    after: bool  # may be named after the number ("另有44件结转下年度继续办理")
    combine: str | None  # quantities of one group named together add up ("行政复议、行政诉讼0次")
    avoid: re.Pattern[str] | None = None  # must not be found in the sentence before the number
    label_zh: str = ""
    label_en: str = ""
    part: bool = False  # may be counted inside another count's breakdown ("办结2件（予以公开1件…）")
    unless: re.Pattern[str] | None = None  # must not be found anywhere in the sentence


@dataclass(frozen=True)
class Statement:
    quantities: tuple[Quantity, ...]
    variant: str  # year | cumulative | either
    count: Count
    passage: Passage
    phrase: str  # the words that name the quantity

    def __init__(self, quantities: tuple[Quantity, ...], variant: str, count: Count, passage: Passage,
                 phrase: str) -> None:
        fields = self.__dict__  # as Count's (counts.py)
        fields["quantities"], fields["variant"], fields["count"] = quantities, variant, count
        fields["passage"], fields["phrase"] = passage, phrase


@dataclass(frozen=True)
class Variants:
    cumulative: re.Pattern[str]
    either: re.Pattern[str]


def quantity(raw: dict) -> Quantity:
    name = raw.get("name") or {}
    def rx(key: str) -> re.Pattern[str] | None:
        return re.compile(raw[key]) if raw.get(key) else None
    label = raw.get("label") or name
    return Quantity(raw["id"], name.get("zh", raw["id"]), name.get("en", raw["id"]), re.compile(raw["match"]),
                    rx("exclude"), rx("needs"), rx("context"), bool(raw.get("after")), raw.get("combine"),
                    rx("avoid"), label.get("zh", raw["id"]), label.get("en", raw["id"]), bool(raw.get("part")),
                    rx("unless"))


class _Scope:
    """Whether each quantity's ``context`` and ``unless`` allow it in one sentence, found when first asked
    (most numbers' words name no quantity, so most are never asked) and once per expression: several
    quantities share one (复议, 申请)."""

    def __init__(self, sentence: str, heading: str) -> None:
        self.sentence, self.heading = sentence, heading
        self.found: dict[re.Pattern[str], bool] = {}  # expression → found in the sentence
        self.in_heading: dict[re.Pattern[str], bool] = {}

    def _in(self, rx: re.Pattern[str]) -> bool:
        hit = self.found.get(rx)
        if hit is None:
            hit = self.found[rx] = rx.search(self.sentence) is not None
        return hit

    def allows(self, q: Quantity) -> bool:
        if q.context is not None and not self._in(q.context):
            heading = self.in_heading.get(q.context)
            if heading is None:
                heading = self.in_heading[q.context] = q.context.search(self.heading) is not None
            if not heading:
                return False
        return q.unless is None or not self._in(q.unless)


def _named(text: str, quantities: Sequence[Quantity], anything: re.Pattern[str] | None) -> list[Quantity]:
    """The quantities whose words ``text`` holds (``anything``: their :func:`_gate`)."""
    if anything is not None and anything.search(text) is None:
        return []  # none of the strings any quantity's words need: one search instead of one per quantity
    return [q for q in quantities if q.match.search(text)]


# :func:`~disclosure_lint.regex_needs.gate` of the quantities' words, by the identity of the quantities'
# sequence (a rule's, the same for every report).
_gate = ByIdentity(lambda quantities: gate(tuple(q.match for q in quantities)) if quantities else None)


def _classify(window: str, named: list[Quantity], scope: _Scope, heading: str, prefix: str = "",
              in_breakdown: bool = False) -> list[Quantity]:
    """Which of the quantities ``named`` in ``window`` the number is: the first that the window's other
    words and the sentence allow, with those named together with it when it is one of a group."""
    found: list[Quantity] = []
    for q in named:
        if in_breakdown and not q.part:
            continue
        if q.exclude and q.exclude.search(window):
            continue
        if q.avoid and q.avoid.search(prefix):
            continue
        if q.needs and not (q.needs.search(window) or q.needs.search(heading)):
            continue
        if not scope.allows(q):
            continue
        found.append(q)
    if not found:
        return []
    first = found[0]
    if first.combine:
        return [q for q in found if q.combine == first.combine]
    return [first]


MAX_WINDOW = 40  # how far back the words naming a number may be
MAX_PREFIX = 160  # how far back the sentence is read for its subject


def _window_start(text: str, start: int, floor: int) -> int:
    """Where the words naming a count begin: after the last clause mark before it (not before ``floor``),
    at most MAX_WINDOW characters back."""
    # Only the last MAX_WINDOW + 1 characters can hold a mark that decides: one further back leaves the
    # window at its full length, as no mark does.  The last mark is found by one match in C (a greedy run
    # to ``start``, backing off to the nearest mark), not by a look per mark.
    m = _TO_LAST_MARK.match(text, max(floor, start - MAX_WINDOW - 1), start)
    return m.end() if m is not None else max(floor, start - MAX_WINDOW)


_TO_LAST_MARK = re.compile(rf"(?s:.*)[{re.escape(CLAUSE_PUNCT)}]")


COUNT_BEFORE = re.compile(r"\d\s?[\u4e00-\u9fff]{1,2}\s?$")
PARENS = re.compile(r"[()]")


def breakdowns(text: str, start: int, end: int) -> tuple[list[int], list[bool]]:
    """Where the sentence ``text[start:end]`` enters and leaves parentheses opened right after a count
    ("办结2件（属于已主动公开1件…）"): the numbers there are parts of that count, never a total such as the
    applications answered.  One pass; ``in_breakdown`` looks a position up."""
    marks, states, stack = [start], [False], []
    for m in PARENS.finditer(text, start, end):
        if m.group() == "(":
            stack.append(bool(COUNT_BEFORE.search(text, max(start, m.start() - 6), m.start())))
        elif stack:
            stack.pop()
        marks.append(m.end())
        states.append(bool(stack) and stack[-1])
    return marks, states


def in_breakdown(marks: tuple[list[int], list[bool]], pos: int) -> bool:
    return marks[1][max(0, bisect_right(marks[0], pos) - 1)]


def _variant(variants: Variants, window: str, scope: str) -> str:
    """Whether a count is cumulative (历年累计), either (ambiguous scope) or this year's."""
    if variants.cumulative.search(window):
        return "cumulative"
    if variants.either.search(window) or variants.cumulative.search(scope):
        return "either"
    return "year"


_AFTER_END = re.compile(r"[,;:(]")  # what ends the words after a count that name it
_CLAUSE_END = re.compile(r"[,;:]")
_DIGIT = re.compile(r"\d")


def _run_end(text: str, start: int, limit: int, ends: re.Pattern[str]) -> int:
    """The first position from ``start`` that holds one of the characters ``ends`` finds, else ``limit``
    (one search in C, not a look per character)."""
    m = ends.search(text, start, limit)
    return m.start() if m is not None else limit


def find_statements(passage: Passage, quantities: Sequence[Quantity], variants: Variants,
                    units: Sequence[str] = DEFAULT_UNITS) -> list[Statement]:
    """Every count in the passage whose words say unambiguously which quantity it is."""
    text = passage.text
    counts = find_counts(text, units)
    if not counts:
        return []  # no number with a unit: no statement (most passages of a report)
    starts = [c.start for c in counts]
    out: list[Statement] = []
    anything = _gate(quantities)
    for s_start, s_end in passage.sentences():
        sentence = text[s_start:s_end]
        inside = counts[bisect_left(starts, s_start):bisect_left(starts, s_end)]  # linear over many sentences
        if not inside:
            continue
        scope = _Scope(sentence, passage.heading)
        prev_end = s_start
        prev: Statement | None = None
        marks = breakdowns(text, s_start, s_end)
        for c in inside:
            window = text[_window_start(text, c.start, prev_end):c.start]
            if text.startswith("部分", c.unit_end):
                prev_end = c.unit_end
                continue  # "共6个部分组成": the report's parts, not a count
            prefix = text[max(s_start, c.start - MAX_PREFIX):c.start]
            part = in_breakdown(marks, c.start)
            named = _named(window, quantities, anything)
            qs = _classify(window, named, scope, passage.heading, prefix, part) if named else []
            phrase = window
            if not qs and not window.strip(" 、和及另有共") and c.unit:
                stop = _run_end(text, c.unit_end, min(s_end, c.unit_end + 24), _AFTER_END)
                after = text[c.unit_end:stop]
                named_after = _named(after, quantities, anything)
                qs = [q for q in _classify(after, named_after, scope, passage.heading, prefix, part) if q.after]
                phrase = after
            if not qs and prev is not None and variants.cumulative.search(window) \
                    and all(q in prev.quantities for q in named):
                qs = list(prev.quantities)  # "…6条,历年累计公开信息数208条": the same quantity, cumulated
            prev_end = c.unit_end
            if not qs or c.approx:
                prev = None
                continue
            st = Statement(tuple(qs), _variant(variants, window, prefix), c, passage, phrase.strip())
            out.append(st)
            prev = st
    return out


@dataclass(frozen=True)
class Claim:
    """A statement without a number: "没有发生行政复议" (zero), "均获维持" (outcome)."""

    kind: str  # zero | upheld | pending
    quantities: tuple[Quantity, ...]
    passage: Passage
    start: int
    end: int
    phrase: str


def find_claims(passage: Passage, patterns: dict[str, re.Pattern[str]], quantities: Sequence[Quantity]) -> list[Claim]:
    """Zero and outcome claims.  ``patterns`` maps a claim kind to the regex of its wording; the
    quantities it speaks about are named in its clause (zero) or sentence (outcomes)."""
    text = passage.text
    out: list[Claim] = []
    patterns = {kind: pattern for kind, pattern in patterns.items() if in_text(pattern, text)}
    for s_start, s_end in passage.sentences() if patterns else ():
        sentence = text[s_start:s_end]
        context_ok: dict[str, bool] = {}
        for kind, pattern in patterns.items():
            for m in pattern.finditer(sentence):
                if kind == "zero":
                    stop = _run_end(sentence, m.end(), min(len(sentence), m.end() + 40), _CLAUSE_END)
                    scope = sentence[m.start():stop]
                    if _DIGIT.search(scope):
                        continue
                else:
                    scope = sentence[max(0, m.start() - MAX_PREFIX):m.start()]
                    scope = scope[scope.rfind(";") + 1:]
                if not context_ok:
                    context_ok = {q.id: not q.context or bool(q.context.search(sentence)
                                                              or q.context.search(passage.heading))
                                  for q in quantities}
                qs = [q for q in quantities if q.match.search(scope) and not (q.exclude and q.exclude.search(scope))
                      and context_ok[q.id] and (not q.needs or q.needs.search(scope))]
                if kind != "zero":
                    qs = [q for q in qs if q.combine]
                if kind == "pending" and len(qs) > 1:
                    # "行政复议4件，行政诉讼3件，其中1件正在审理": the case named last.
                    last = {q.id: max(m2.end() for m2 in q.match.finditer(scope)) for q in qs}
                    qs = [max(qs, key=lambda q: last[q.id])]
                if not qs:
                    continue
                phrase = scope if kind == "zero" else m.group(0)
                out.append(Claim(kind, tuple(qs), passage, s_start + m.start(), s_start + m.end(), phrase[:40]))
    return out
