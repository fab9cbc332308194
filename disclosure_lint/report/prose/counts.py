"""Counts: numbers written with a counting unit (``77件``, ``6300 余条``) and bare ``为0`` statements."""

from __future__ import annotations

from disclosure_lint import recache as re
from disclosure_lint.read.memory import forget_after_each_file
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

DEFAULT_UNITS = ("人次", "条", "件", "篇", "次", "个", "项", "期", "场", "起")


@dataclass(frozen=True)
class Count:
    value: int | float
    text: str  # the digits as written
    unit: str  # "" for "数量为0"
    start: int  # the number's offsets in the passage text
    end: int
    unit_end: int  # just after the unit
    approx: bool = False  # 约 / 余 / 多 / 近 …

    def __init__(self, value: int | float, text: str, unit: str, start: int, end: int, unit_end: int,
                 approx: bool = False) -> None:
        # The fields written to the instance's dict, as Span's (read/source.py): a frozen dataclass's own
        # __init__ calls object.__setattr__ per field, and a report's passages hold dozens of counts.
        fields = self.__dict__
        fields["value"], fields["text"], fields["unit"], fields["start"] = value, text, unit, start
        fields["end"], fields["unit_end"], fields["approx"] = end, unit_end, approx

    @property
    def whole(self) -> bool:
        return isinstance(self.value, int)


# A number not inside a word, a code or a decimal.  The look-behind follows the first digit (it asserts
# the same of the character before the number): an expression that begins with a digit is searched by
# skipping in C to the digits, one that begins with a look-behind is tried at every character.
NUMBER = re.compile(r"(\d(?<![\d.A-Za-z_/@-]\d)\d{0,8}(?:\.\d{1,4})?)(?![\d.]*[A-Za-z@/])")
APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|多于|大约|将近)\s?$")
BARE_BEFORE = re.compile(r"(?:为|是|达|共计|计)\s?$")
BARE_AFTER = re.compile(r"\s?(?:[,;。!?)\n]|$)")


@lru_cache(maxsize=64)
def _unit_re(units: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"\s?(余|多)?\s?({alts})")


def find_counts(text: str, units: Sequence[str] = DEFAULT_UNITS) -> tuple[Count, ...]:
    """Numbers with a counting unit (``77件``, ``6300 余条``), and bare ``为0`` statements: the passage's
    counts as read once for these units (several rules ask for them: not copied for each)."""
    return _counts(text, tuple(units))


@forget_after_each_file
@lru_cache(maxsize=8192)
def _numbers(text: str) -> tuple[tuple[int, int, str, int | float, str, bool], ...]:
    """The numbers of ``text`` that may be counts, whatever the units: (start, end, the digits, their
    value, the four characters before, whether those make it approximate).  Read once per passage, not
    once per list of units (the table rule counts other units than the sums and shares)."""
    out = []
    for m in NUMBER.finditer(text):
        start, end = m.span(1)
        before = text[max(0, start - 4):start]
        if before.endswith("第") or before.rstrip().endswith("第"):
            continue  # an ordinal (第3条), not a count
        raw = m.group(1)
        out.append((start, end, raw, float(raw) if "." in raw else int(raw), before,
                    APPROX_BEFORE.search(before) is not None))
    return tuple(out)


@forget_after_each_file
@lru_cache(maxsize=8192)
def _counts(text: str, units: tuple[str, ...]) -> tuple[Count, ...]:
    # Several rules read the counts of the same passage (sums, shares, statements, ratios), each over
    # every passage in turn: read once.  Room for the passages of a report of several megabytes.
    unit_re = _unit_re(units)
    out: list[Count] = []
    for start, end, raw, value, before, approx in _numbers(text):
        u = unit_re.match(text, end)
        if u:
            out.append(Count(value, raw, u.group(2), start, end, u.end(), approx or bool(u.group(1))))
        elif BARE_BEFORE.search(before) and BARE_AFTER.match(text, end):
            out.append(Count(value, raw, "", start, end, end, approx))
    return tuple(out)
