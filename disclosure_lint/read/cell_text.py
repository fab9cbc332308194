"""What a table cell holds: a number, a blank, a zero marker, a unit, a label, or something unreadable.

Blank, zero and unreadable are kept apart: an empty cell is not a zero, and a cell whose digits ran
together when the text was extracted is reported, never guessed at.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from disclosure_lint.read.memory import forget_after_big_files
from dataclasses import dataclass
from functools import lru_cache

UNITS = frozenset({"人次", "万元", "件", "条", "元", "个", "次", "人", "篇", "项", "家", "起"})
# Cells that say "none" without a digit.  They count as 0 in the arithmetic, but each keeps its own
# status so that a dash, a slash and 无 stay apart from a written 0 (and from a blank) in the output.
MARKERS = {"—": "dash", "——": "dash", "-": "dash", "--": "dash", "－": "dash", "–": "dash", "―": "dash",
           "/": "slash", "／": "slash", "无": "nil", "0.0": "zero"}
KNOWN = frozenset({"number", "zero", "dash", "slash", "nil"})  # statuses with a value (markers read as 0)
_NUMBER = re.compile(r"^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(人次|万元|件|条|元|个|次|人|篇|项|家|起)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# No count or amount in a report has more digits; longer runs are damage (and past 15 digits a float
# loses exactness, past 4300 Python refuses the conversion).
MAX_DIGITS = 15
_DIGIT_GAP = re.compile(r"\d\s+\d")


@dataclass(frozen=True)
class Reading:
    kind: str  # value | label | unit
    status: str = ""  # for values: number | zero | dash | slash | nil | blank | unreadable
    value: int | float | None = None
    unit: str | None = None
    note: str = ""


@forget_after_big_files
@lru_cache(maxsize=4096)
def read_cell(text: str) -> Reading:
    t = text.strip()
    if not t:
        return Reading("value", "blank")
    if t in UNITS:
        return Reading("unit", unit=t)
    if t in MARKERS:
        return Reading("value", MARKERS[t], 0)
    if _DIGIT_GAP.search(t):
        return Reading("value", "unreadable", note="run-together")
    m = _NUMBER.match(t)
    if m:
        sign, digits, frac, unit = m.groups()
        plain = digits.replace(",", "")
        if len(plain) > MAX_DIGITS:
            return Reading("value", "unreadable", note="too-long")
        if len(plain) > 1 and plain.startswith("0") and frac is None:
            return Reading("value", "unreadable", note="leading-zero")
        number: int | float = int(plain) if frac is None else float(f"{plain}.{frac}")
        if sign == "-":
            number = -number
        return Reading("value", "number", number, unit)
    cjk = len(_CJK.findall(t))
    if cjk >= 2 or (cjk == 1 and not re.search(r"\d", t) and len(t) > 3):
        return Reading("label")
    if re.search(r"\d", t) or len(t) <= 4:
        return Reading("value", "unreadable", note="not-a-number")
    return Reading("label")


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|（[一二三四五六七八九十]{1,3}）|"
    r"\d{1,2}[、.](?!\d)|\(\d{1,2}\)|其中[:：]?)"
)
_PUNCT = re.compile(r"[\s“”\"'‘’「」『』《》〈〉:：,，。;；|]")


@forget_after_big_files
@lru_cache(maxsize=4096)
def label_key(text: str) -> str:
    """A row label with numbering, spaces and punctuation removed, for template matching."""
    key = _PUNCT.sub("", text)
    while True:
        m = _NUMBERING.match(key)
        if not m or m.end() == 0:
            return key
        key = key[m.end():]
