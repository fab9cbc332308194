"""Dates in report text: signature and publication dates, and the statistics period (统计期限).

Handles Arabic and Chinese numerals (二〇一八年一月二日), spaces inside dates (2018 年 3 月 26 日),
ISO-like forms (2018-01-02, 2018.1.2, 2018/1/2) and period sentences where the second date omits the
year (由2017年1月1日至12月31日).
"""

from __future__ import annotations

import datetime as dt
from disclosure_lint import recache as re
from dataclasses import dataclass

from disclosure_lint.read.source import Seg, Span

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """Value of a small Chinese numeral (一 … 三十一) or a digit-by-digit year (二〇一八)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text:
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGIT.get(tens, None) if tens else 1
        o = _CN_DIGIT.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    digits = [_CN_DIGIT.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    value = 0
    for d in digits:
        value = value * 10 + d  # type: ignore[operator]
    return value


def calendar_year(year: int | None) -> int | None:
    """A year that can be a report's (0000 or 〇〇〇〇 is a placeholder, not year 0): one whose
    following year is still a date, so deadlines can be computed; None otherwise."""
    return year if year is not None and 1000 <= year <= 9998 else None


_Y = r"(\d{4}|[〇零○O一二三四五六七八九]{4})"
_M = r"(\d{1,2}|[一二三四五六七八九十]{1,2})"
_D = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_CN = re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]")
DATE_ISO = re.compile(r"(?<!\d)(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})(?!\d)")
MONTH_DAY = re.compile(rf"(?<![\d年]){_M}\s*月\s*{_D}\s*[日号]")


@dataclass(frozen=True)
class DateValue:
    date: dt.date
    span: Span
    text: str


def _make(y: str, m: str, d: str) -> dt.date | None:
    year, month, day = calendar_year(cn_number(y)), cn_number(m), cn_number(d)
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A whole value that is one date (``2024-04-30``, ``2024/4/30``, ``2024年4月30日``), else None."""
    text = text.strip()
    for pattern in (DATE_ISO, DATE_CN):
        m = pattern.fullmatch(text)
        if m:
            return _make(*m.groups())
    return None


def find_dates(seg: Seg) -> list[DateValue]:
    out = []
    for pattern in (DATE_CN, DATE_ISO):
        for m in pattern.finditer(seg.text):
            date = _make(*m.groups())
            if date:
                out.append(DateValue(date, seg.span(m.start(), m.end()), m.group(0)))
    out.sort(key=lambda d: (d.span.line, d.span.column))
    return out


PERIOD_KEY = re.compile(
    r"统计(?:数据)?(?:期限|时限|日期|时间|区间|周期|截止)|数据统计期|所列数据|起止时间|时间范围|数据(?:的)?(?:统计)?(?:时间|期限)|"
    r"内容涵盖|涵盖(?=\s*(?:\d{4}|[〇零○一二]{4})\s*年)|统计数据(?=\s*(?:从|自|由|为|是|:|：))"
)
# "统计期限自至" / "自 年 月 日至 年 月 日": the period's wording with its dates left out.
EMPTY_PERIOD = re.compile(r"(?:自|从|由)\s*(?:年\s*月\s*日)?\s*(?:起\s*)?(?:至|到)")


WHOLE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年\s*(?:度|全年)(?![^,，。;；]{0,3}\d)")


@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date | None
    span: Span  # the sentence part that states the period
    text: str
    readable: bool


def find_period_wrapped(first: Seg, second: Seg) -> Period | None:
    """A period statement wrapped onto the next line ("…统计期限为" / "2023年1月1日至12月31日。"): read as
    one sentence; the span runs from the keyword on the first line to the dates on the second."""
    key = PERIOD_KEY.search(first.text)
    if not key or re.search(r"[。;；]", first.text[key.end():]):
        return None
    head = first.text[key.start():]
    stop = re.search(r"[。;；]", second.text)
    tail = second.sub(0, stop.start() if stop else min(len(second.text), 80))
    joined = find_period(Seg(head + tail.text, first.line, first.col + key.start()))
    if joined is None or not joined.readable:
        return None
    span = Span(first.line, first.col + key.start(), second.line, tail.span().end_column)
    return Period(joined.start, joined.end, span, joined.text, True)


def find_period(seg: Seg) -> Period | None:
    """Find a statistics-period statement in one line."""
    key = PERIOD_KEY.search(seg.text)
    if not key:
        return None
    # The period is stated in the clause that follows the keyword (up to the sentence end).
    stop = re.compile(r"[。;；]").search(seg.text, key.end())
    end = stop.start() if stop else min(len(seg.text), key.end() + 80)
    clause = seg.sub(key.start(), end)
    dates = find_dates(clause)
    start_date = dates[0].date if dates else None
    end_date = dates[1].date if len(dates) > 1 else None
    if start_date and end_date is None:
        # 由2017年1月1日至12月31日: the second date borrows the first one's year.
        after = clause.text[dates[0].span.end_column - clause.col:]
        md = MONTH_DAY.search(after)
        if md:
            try:
                end_date = dt.date(start_date.year, cn_number(md.group(1)) or 0, cn_number(md.group(2)) or 0)
            except ValueError:
                end_date = None
    if start_date is None:
        # "统计期限为2023年度" / "2023年全年": a whole calendar year stated without dates.
        whole = WHOLE_YEAR.search(clause.text)
        year = calendar_year(int(whole.group(1))) if whole else None
        if year is not None:
            start_date, end_date = dt.date(year, 1, 1), dt.date(year, 12, 31)
    readable = start_date is not None and end_date is not None
    stated = clause.text[key.end() - key.start():]
    if not readable and not re.search(r"\d|[〇一二三四五六七八九十]", stated) and not EMPTY_PERIOD.search(stated):
        return None  # the keyword without any date: a sentence about statistics, not a period
    return Period(start_date, end_date, clause.span(), clause.text, readable)
