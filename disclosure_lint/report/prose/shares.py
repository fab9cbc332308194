"""Shares: a percentage stated as the share of the count right before it, and whether it fits."""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.report.prose.counts import Count, find_counts


@dataclass(frozen=True)
class Share:
    part: Count
    percent: float
    decimals: int
    text: str  # "8.1" as written
    start: int  # the percentage's offsets
    end: int


SHARE = re.compile(r"占\s?(?:比|比重|比例|总数的?|总量的?|全部的?)?\s?(?:为|约|达)?\s?(\d{1,3}(?:\.\d{1,4})?)\s?%")
SHARE_GAP = re.compile(r"^\s?[,(]?\s?$")


def find_shares(text: str, counts: Sequence[Count] | None = None) -> list[Share]:
    """``15条,占8.1%``: a percentage stated as the share of the count right before it."""
    if "占" not in text:
        return []  # what every share holds (most passages state none)
    counts = counts if counts is not None else find_counts(text)
    ends = [c.unit_end for c in counts]
    out: list[Share] = []
    for m in SHARE.finditer(text):
        k = bisect_right(ends, m.start()) - 1
        if k < 0:
            continue
        part = counts[k]
        if part.approx or not part.unit or not SHARE_GAP.match(text[part.unit_end:m.start()]):
            continue
        raw = m.group(1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(Share(part, float(raw), decimals, raw, m.start(1), m.end(1)))
    return out


def share_fits(part: float, base: float, percent: float, decimals: int) -> bool:
    """Does ``percent`` (written with ``decimals`` places) state ``part / base``?

    8.1% stands for [8.05, 8.15] when rounded; reporters who truncate write 8.1 for [8.1, 8.2).
    Both are accepted; anything else is a wrong share.
    """
    if base <= 0:
        return True
    value = part / base * 100
    step = 10 ** -decimals
    eps = 1e-9
    return abs(value - percent) <= step / 2 + eps or percent - eps <= value < percent + step


@dataclass(frozen=True)
class NamedShare:
    """``主动公开的政府信息占41.5%``: a share whose count is not beside it but named by its subject."""

    subject: str  # the words before 占, reduced to what they name ("主动公开")
    percent: float
    decimals: int
    text: str
    start: int
    end: int


SUBJECT_NOISE = re.compile(r"其中|的|政府|信息|数量|总数|数|共计|共|合计|文件|条目|类")
SUBJECT_STOP = re.compile(r"[\d。!?;,:()\n]")


def subject_key(words: str) -> str:
    """What a label or a share's subject names, without the words every count of a report shares."""
    return SUBJECT_NOISE.sub("", words).strip()


def find_named_shares(text: str, counts: Sequence[Count] | None = None) -> list[NamedShare]:
    """Shares with no count right before them, named by the words of their clause (``A占p%``)."""
    if "占" not in text:
        return []
    attached = {s.start for s in find_shares(text, counts)}
    out: list[NamedShare] = []
    for m in SHARE.finditer(text):
        if m.start(1) in attached:
            continue
        lo = m.start()
        while lo > 0 and lo > m.start() - 24 and not SUBJECT_STOP.match(text[lo - 1]):
            lo -= 1
        key = subject_key(text[lo:m.start()])
        if len(key) >= 2:
            raw = m.group(1)
            decimals = len(raw.split(".")[1]) if "." in raw else 0
            out.append(NamedShare(key, float(raw), decimals, raw, m.start(1), m.end(1)))
    return out
