"""Year-on-year comparisons: a count compared with last year's (``较上年的80件增长50%``, ``同比减少3件``,
``是去年的1.5倍``), and whether the change stated fits the two counts.

A comparison is read only when its shape is clear: this year's count right before the comparison
word, last year's count stated in the same sentence (or implied by a stated difference: ``增加18条，
增长11%``), and a change in the same clause chain.  A change without last year's count is not
checkable and is left alone; so are month-on-month (环比) and percentage-point changes.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.report.prose.counts import DEFAULT_UNITS, Count, find_counts
from disclosure_lint.report.prose.passages import sentence_bounds
from disclosure_lint.report.prose.shares import share_fits

LAST_YEAR = r"(?:去年|上年|上一年|上年度|((?:19|20)\d{2})\s?年度?)(?:同期)?"
# The comparison word, right after this year's count: 同比 / 较上年 / 比去年 / 与2022年(的…)相比 / 是去年的.
# Each alternative begins with its own word (not a group of words): the engine then skips in C to the
# characters that can begin a match, instead of trying the expression at every character (4x faster).
COMPARED_WITH = ("较", "比", "与", "跟", "同", "相比", "对比", "是")
ANCHOR = re.compile("同比|" + "|".join(rf"{word}\s?{LAST_YEAR}" for word in COMPARED_WITH))
PREVIOUS = re.compile(rf"{LAST_YEAR}(?:的|为|是|共|有|共计)?\s?$")
UP, DOWN = "增长|增加|上升|提高|提升|多出|增多", "下降|减少|降低|回落|下滑"
CHANGE = re.compile(rf"(?P<verb>{UP}|{DOWN}|翻)\s?了?\s?(?P<num>\d{{1,9}}(?:\.\d{{1,4}})?)\s?(?P<unit>%|倍)?")
TIMES = re.compile(r"(?<=的)\s?(?P<num>\d{1,4}(?:\.\d{1,4})?)\s?倍")
GAP = re.compile(r"^[^\d。!?;\n]{0,10}$")  # between this year's count and the comparison word


@dataclass(frozen=True)
class Change:
    kind: str  # percent | amount | times
    direction: int  # +1 up, -1 down, 0 a ratio ("是…的1.5倍")
    value: float
    decimals: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Comparison:
    current: Count
    previous: Count | None  # last year's count as stated
    changes: tuple[Change, ...]


def _decimals(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _changes(text: str, start: int, end: int, unit: str, times_ok: bool) -> list[Change]:
    out: list[Change] = []
    for m in CHANGE.finditer(text, start, end):
        verb, raw, u = m.group("verb"), m.group("num"), m.group("unit")
        if verb == "翻" or (u is None and not text.startswith(unit, m.end())) or text.startswith(unit + "百分点", m.end()):
            continue  # 翻番, percentage points and another unit's numbers are not this comparison's
        kind = {"%": "percent", "倍": "times"}.get(u, "amount")
        out.append(Change(kind, -1 if re.fullmatch(DOWN, verb) else 1, float(raw), _decimals(raw), raw,
                          m.start("num"), m.end("num")))
    if times_ok:
        for m in TIMES.finditer(text, start, end):
            raw = m.group("num")
            out.append(Change("times", 0, float(raw), _decimals(raw), raw, m.start("num"), m.end("num")))
    return out


def _previous(text: str, counts: Sequence[Count], current: Count, end: int, unit: str) -> Count | None:
    """Last year's count: a count of the same unit after this year's, named by 去年/上年/the year before."""
    for c in counts:
        if current.end <= c.start < end and c.unit == unit and not c.approx \
                and PREVIOUS.search(text[max(current.unit_end, c.start - 14):c.start]):
            return c
    return None


def _year_ok(m: re.Match, year: int | None) -> bool:
    named = next((g for g in m.groups() if g), None)
    return named is None or year is None or int(named) == year - 1


def find_comparisons(text: str, year: int | None = None, units: Sequence[str] = DEFAULT_UNITS) -> list[Comparison]:
    """Every year-on-year comparison of a count whose change can be checked (``year`` is the report's)."""
    if ANCHOR.search(text) is None:
        return []  # no comparison word in the passage (ANCHOR looks at nothing around it): no sentence has one
    counts = [c for c in find_counts(text, units) if c.unit]
    starts = [c.start for c in counts]
    out: list[Comparison] = []
    for s_start, s_end in sentence_bounds(text):
        m = ANCHOR.search(text, s_start, s_end)
        if m is None:
            continue  # most sentences compare nothing: their counts are not even looked at
        inside = counts[bisect_left(starts, s_start):bisect_left(starts, s_end)]
        for m in ANCHOR.finditer(text, s_start, s_end):
            if not _year_ok(m, year):
                continue
            before = [c for c in inside if c.unit_end <= m.start()]
            if not before or before[-1].approx or not GAP.match(text[before[-1].unit_end:m.start()]):
                continue
            current = before[-1]
            stop = _clause_chain_end(text, m.end(), s_end)
            previous = _previous(text, inside, current, stop, current.unit)
            changes = _changes(text, m.end(), stop, current.unit, m.group(0).startswith("是"))
            changes = [ch for ch in changes if previous is None or not previous.start <= ch.start < previous.end]
            if changes:
                out.append(Comparison(current, previous, tuple(changes)))
    return out


def _clause_chain_end(text: str, start: int, limit: int) -> int:
    """Where the comparison's clauses end: the sentence end, a ``;``, or the next comparison."""
    semi = text.find(";", start, limit)
    end = semi if semi >= 0 else limit
    nxt = ANCHOR.search(text, start, end)
    return nxt.start() if nxt else end


def ratio_fits(value: float, stated: float, decimals: int) -> bool:
    step = 10 ** -decimals
    return abs(value - stated) <= step / 2 + 1e-9 or stated - 1e-9 <= value < stated + step


def expected_change(cmp: Comparison, change: Change) -> tuple[float, float] | None:
    """(last year's count, what the change should be) when it can be told, else None."""
    x = cmp.current.value
    y: float | None = cmp.previous.value if cmp.previous else None
    if y is None:
        amount = next((c for c in cmp.changes if c.kind == "amount"), None)
        if amount is None or change is amount:
            return None
        y = x - amount.direction * amount.value
    if y <= 0:
        return None
    if change.kind == "amount":
        return y, x - y
    if change.kind == "percent":
        return y, (x - y) / y * 100
    return y, x / y


def change_fits(cmp: Comparison, change: Change) -> bool | None:
    """Whether the stated change fits this year's and last year's counts (None: not checkable)."""
    found = expected_change(cmp, change)
    if found is None:
        return None
    y, value = found
    x = cmp.current.value
    if change.kind == "amount":
        return abs(value) == change.value and (value == 0 or (value > 0) == (change.direction > 0))
    if change.kind == "percent":
        same_way = x == y or (x > y) == (change.direction > 0)
        return same_way and share_fits(abs(x - y), y, change.value, change.decimals)
    # "是去年的1.5倍" is x/y; "增长了1倍" is read either way (it is often written for doubling).
    return ratio_fits(value, change.value, change.decimals) or (
        change.direction > 0 and ratio_fits(value - 1, change.value, change.decimals))
