"""The report's own outline in its prose: ordinal lists (一是…二是…三是) that repeat or skip a number.

A run of ordinals starts at 一是 and counts up by one within a passage (the text under one heading).
A number said twice (三是…三是) or a number skipped (一是…三是, or a run that starts at 二是) is a slip
the reader sees; what the run means is not judged.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.report.dates import cn_number

# The few numerals of ordinals and headings (一 … 十九), each read once per process, not at every
# ordinal and heading of every report.
_number = lru_cache(maxsize=1024)(cn_number)

# 一是 anywhere but inside a word (统一是, 唯一是, 第二是) and not 一是否 (whether); a sub-heading may run
# into it ("(二)改进措施一是…").
# The character before is tested apart (``_ordinals``): a pattern that begins with a look-behind is
# tried at every position, twice as slow on long passages.
# The numeral's first character is written apart from the rest ([…][…]{0,2}, not […]{1,3}): an
# expression that begins with a character class is searched by skipping in C to that class's characters,
# one that begins with a repeat is tried at every character (3x slower).
ORDINAL = re.compile(r"([一二三四五六七八九十][一二三四五六七八九十]{0,2})是(?!否|指|由|以|从|非|不是)")
_NOT_BEFORE = frozenset("第统唯万之同单划逐专其初十百千零〇")


def _ordinals(text: str):
    """``ORDINAL``'s matches that are not inside a word (what ``(?<![第统…])`` said)."""
    pos = 0
    while (m := ORDINAL.search(text, pos)) is not None:
        if m.start() and text[m.start() - 1] in _NOT_BEFORE:
            pos = m.start() + 1
            continue
        yield m
        pos = m.end()


@dataclass(frozen=True)
class OrdinalBreak:
    start: int  # the ordinal's offsets in the passage text
    end: int
    found: int
    expected: int
    kind: str  # repeat | skip


def ordinal_breaks(text: str, heading: str = "") -> list[OrdinalBreak]:
    """Where a run of 一是/二是/… in ``text`` repeats or skips a number.  A run may begin in the
    ``heading`` (a sub-heading that ran into its first item: "(一)信息管理方面一是…")."""
    return ordinal_run(text, ordinal_run(heading)[1])[0]


def ordinal_run(text: str, expected: int | None = None) -> tuple[list[OrdinalBreak], int | None]:
    """The breaks of the runs in ``text``, going on from a run that expects ``expected`` next (None: no
    run yet), and what the run expects after ``text``: text read in pieces (passages under one heading)
    is read once, not again with every later piece (a text of 19,000 passages under one heading title,
    each read with all those before it, took 30 s)."""
    if "是" not in text:
        return [], expected  # every ordinal is a numeral and 是 (一是…): most passages and headings hold none
    out: list[OrdinalBreak] = []
    for m in _ordinals(text):
        n = _number(m.group(1))
        if n is None:
            continue
        if n == 1:
            expected = 2
            continue
        want = expected or 1
        if n == want:
            expected = n + 1
            continue
        if n == want - 1:
            out.append(OrdinalBreak(m.start(1), m.end(), n, want, "repeat"))
        elif n > want:
            out.append(OrdinalBreak(m.start(1), m.end(), n, want, "skip"))
        expected = n + 1
    return out, expected


def heading_repeats(headings, levels: tuple[int, ...] = (1, 2)) -> list[tuple[object, int]]:
    """Headings numbered like the heading right before them at their level under the same parent
    ("二、…" then "二、…", "（三）…" twice under one 一、), with their number: a number used twice.
    Only an immediate repeat is taken: a skip may be a heading the reader did not recognise."""
    last: dict[int, int] = {}
    out = []
    for h in headings:
        for deeper in [lv for lv in last if lv > h.level]:
            del last[deeper]  # a new parent: its children count from 一 again
        n = _number(h.number)
        if n is None or h.level not in levels:
            continue
        if last.get(h.level) == n:
            out.append((h, n))
        last[h.level] = n
    return out


@dataclass(frozen=True)
class YearMention:
    start: int  # the year's offsets in the passage text
    end: int
    year: int
    kind: str  # plan | notice


# "2018年,我局将…": a year, a short subject, then 将/计划/拟 and a verb: what the body will do that year.
PLAN = re.compile(r"((?:19|20)\d{2})\s?年度?\s?[,:]?\s?(?:[^\d。!?;,:]{0,5}?)(?:将|计划|拟|打算)(?!近|来)")
# 《关于做好2021年政府信息公开工作年度报告…的通知》: the notice the report was written under.
NOTICE = re.compile(r"关于[^《》。\d]{0,8}?((?:19|20)\d{2})\s?年度?\s?(?:政府信息公开|政务公开)[^《》。]{0,12}?年度?报告"
                    r"[^《》。]{0,16}?通知")


def plan_years(text: str, year: int, plan_context: re.Pattern[str], heading: str = "") -> list[YearMention]:
    """Plans for the report year itself ("2018年,我局将…" in the 2018 report), in the part about
    problems and improvements (``plan_context`` found in the heading or the text before)."""
    if str(year) not in text:
        return []  # a plan's year is the report year written out (four digits): most passages lack it
    out = []
    for m in PLAN.finditer(text):
        if int(m.group(1)) != year:
            continue
        if not (plan_context.search(heading) or plan_context.search(text, max(0, m.start() - 400), m.start())):
            continue
        out.append(YearMention(m.start(1), m.end(1), year, "plan"))
    return out


def notice_years(text: str, year: int) -> list[YearMention]:
    """A cited notice on the annual report of another year than the report's."""
    return [YearMention(m.start(1), m.end(1), int(m.group(1)), "notice")
            for m in NOTICE.finditer(text) if int(m.group(1)) != year]
