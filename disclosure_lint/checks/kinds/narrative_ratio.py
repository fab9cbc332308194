"""Kind ``narrative-ratio``: a year-on-year change stated in the prose against the two counts it compares.

This year's count is the one right before the comparison (``同比``, ``较上年``, ``是去年的``); last year's
is stated in the same sentence, or follows from a stated difference (``增加18条，增长11%``).  The
change must fit within the precision written.  A change whose base is not in the sentence says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.counts import DEFAULT_UNITS
from disclosure_lint.regex_needs import in_text
from disclosure_lint.report.prose.passages import joined, passages
from disclosure_lint.report.prose.ratios import ANCHOR, Change, Comparison, change_fits, expected_change, find_comparisons

PARAMS = {"units": Param("texts", "counting units (件, 条, 次 …)")}
CHECK_FIELDS = None

WHAT = {"percent": T("变化幅度", "the change"), "amount": T("增减数量", "the difference"),
        "times": T("倍数", "the ratio")}


def _num(value: float, decimals: int = 0) -> str:
    return f"{value:.{decimals}f}" if decimals else (str(int(value)) if float(value).is_integer() else f"{value:g}")


def _stated(change: Change) -> T:
    sign = {1: ("增", "up "), -1: ("减", "down "), 0: ("", "")}[change.direction]
    mark = {"percent": "%", "times": "倍", "amount": ""}[change.kind]
    return T(f"{sign[0]}{change.text}{mark}", f"{sign[1]}{change.text}{mark.replace('倍', ' times')}")


def _expected(change: Change, value: float) -> T:
    if change.kind == "amount":
        word = T("增" if value >= 0 else "减", "up " if value >= 0 else "down ")
        return T(f"{word.zh}{_num(abs(value))}", f"{word.en}{_num(abs(value))}")
    if change.kind == "percent":
        word = T("增" if value >= 0 else "减", "up " if value >= 0 else "down ")
        text = _num(abs(value), max(1, change.decimals + 1))
        return T(f"{word.zh}{text}%", f"{word.en}{text}%")
    text = _num(value, max(2, change.decimals + 1))
    return T(f"{text}倍", f"{text} times")


def _hit(passage, cmp: Comparison, change: Change) -> Hit:
    y, value = expected_change(cmp, change)  # type: ignore[misc]
    unit = cmp.current.unit
    derived = T("", "") if cmp.previous else T("（由所述增减数推出）", " (from the difference stated)")
    return Hit(passage.span(change.start, change.end),
               {"current": f"{cmp.current.text}{unit}", "previous": f"{_num(y)}{unit}", "derived": derived,
                "what": WHAT[change.kind], "stated": _stated(change), "expected": _expected(change, value)})


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    # Prose without a comparison word (同比, 较上年 …: most reports) compares nothing: one search of the
    # whole prose instead of one per passage (a passage's match is a match in the whole: in_text).
    if not in_text(ANCHOR, joined(report, ctx)):
        return
    units = tuple(rule.params.get("units") or DEFAULT_UNITS)
    for passage in passages(report, ctx):
        for cmp in find_comparisons(passage.text, report.year, units):
            for change in cmp.changes:
                if change_fits(cmp, change) is False:
                    yield _hit(passage, cmp, change)
