"""Template twins: reports of different issuers whose prose is largely one text (copied from each other).

Compared without numbers, years and punctuation, as 8-character shingles, so that changing a number or a
character per sentence does not hide a copy.  An index from shingle to reports finds the candidates: no
pair of reports is compared unless they share text, and shingles that many reports share (the template's
own wording) are left out of both the count and the base, so 1,000 reports of a year take seconds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.read.document import Para
from disclosure_lint.report.build import Report
from disclosure_lint.report.issuers import same_body

SHINGLE = 8
SAMPLE = 3  # one shingle in about three is indexed: shares are estimated, three times faster
MIN_TEXT = 200  # characters of distinctive prose below which a report is too short to call a copy
_DIGIT = re.compile(r"[0-9〇一二三四五六七八九十百千万]")
_NOISE = re.compile(r"[\s\"“”'‘’()（）《》·・,，、。:：;；!！?？]")


@dataclass(frozen=True)
class Twin:
    other: Report
    share: float  # of this report's distinctive prose found in the other's
    longest: str  # the longest passage the two reports share, as written


def _prose(report: Report) -> str:
    """The report's running text without spaces and punctuation (the way it is compared and quoted)."""
    return _NOISE.sub("", "".join(b.seg.text for b in report.document.blocks
                                  if isinstance(b, Para) and b.kind == "text"))


def _masked(prose: str) -> str:
    # Numbers and years change every time a text is reused: compared without them (length kept).
    return _DIGIT.sub("#", prose)


def _shingles(masked: str, every: int = 1) -> set[int]:
    """The text's shingles; with ``every`` > 1 only those whose first character's code is a multiple of it:
    a sample chosen by content, so a copy keeps the same sample wherever its text moved."""
    return {hash(masked[i:i + SHINGLE]) for i in range(len(masked) - SHINGLE + 1)
            if every == 1 or ord(masked[i]) % every == 0}


def _longest(prose: str, other: set[int]) -> str:
    """The longest passage of ``prose`` whose every shingle is in ``other`` (one pass, no pair-wise diff)."""
    masked = _masked(prose)
    best = (0, 0)
    start = None
    for i in range(len(masked) - SHINGLE + 2):
        inside = i <= len(masked) - SHINGLE and hash(masked[i:i + SHINGLE]) in other
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            best = max(best, (i - 1 + SHINGLE - start, start))
            start = None
    length, at = best
    return prose[at:at + length]


def find_twins(reports: Sequence[Report], threshold: float = 0.3) -> dict[int, Twin]:
    """For each report (by index), the report of another issuer of its year or the year before whose
    prose holds at least ``threshold`` of its own distinctive prose."""
    prose = [_prose(r) for r in reports]
    shingles = [_shingles(_masked(p), SAMPLE) for p in prose]
    index: dict[int, list[int]] = defaultdict(list)
    for i, sh in enumerate(shingles):
        for h in sh:
            index[h].append(i)
    common = max(5, len(reports) // 20)  # shingles this many reports share are the template's wording
    out: dict[int, Twin] = {}
    for i, report in enumerate(reports):
        if report.year is None or not report.issuer:
            continue
        postings = [p for p in map(index.__getitem__, shingles[i]) if len(p) <= common]
        own = len(postings)
        shared = Counter(j for p in postings for j in p)
        del shared[i]
        j = _best(reports, i, shared, own, threshold)
        if j is not None:
            out[i] = Twin(reports[j], shared[j] / own, _longest(prose[i], _shingles(_masked(prose[j]))))
    return out


def _best(reports: Sequence[Report], i: int, shared: Counter[int], own: int, threshold: float) -> int | None:
    """The other issuer's report (of this year or the last) that holds most of this one's prose."""
    if own * SAMPLE < MIN_TEXT:
        return None
    report = reports[i]
    for j, n in shared.most_common():
        if n / own < threshold:
            return None
        other = reports[j]
        if other.year not in (report.year, (report.year or 0) - 1) or not other.issuer \
                or same_body(other.issuer, report.issuer):
            continue  # the same issuer's previous year is copied-report's concern
        return j
    return None
