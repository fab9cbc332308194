"""Reports of one issuer in consecutive years: pairing, and the text overlap supervisors score.

Issuers are matched by :func:`disclosure_lint.report.issuers.same_body`: one name may be the other with
a longer place prefix (罗山街道 and 晋江市罗山街道办事处 are one body) or a department's abbreviation
(桐江市市监局 and 桐江市市场监督管理局).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_lint.read.document import Para
from disclosure_lint.report.build import Report
from disclosure_lint.report.issuers import same_body

_NOISE = re.compile(r"[\s\"“”'‘’()（）《》·・,，、。:：;；]")


def pair_previous(reports: list[Report], extra_previous: list[Report] = ()) -> dict[int, Report]:
    """For each report (by index), last year's report of the same issuer among ``reports`` and
    ``extra_previous`` (reports named with ``--previous``, which pair with any issuer)."""
    pairs: dict[int, Report] = {}
    for i, report in enumerate(reports):
        if report.year is None:
            continue
        for candidate in extra_previous:
            if candidate.year == report.year - 1:
                pairs[i] = candidate
                break
        if i in pairs:
            continue
        for other in reports:
            if other is not report and other.year == report.year - 1 and same_body(other.issuer, report.issuer):
                pairs[i] = other
                break
    return pairs


_DIGITS = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万]+")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")


@dataclass(frozen=True)
class Overlap:
    share: float  # of this year's prose (characters) found in last year's, sentence by sentence
    copied_chars: int
    total_chars: int


def _sentences(report: Report) -> list[str]:
    out = []
    for block in report.document.blocks:
        if isinstance(block, Para) and block.kind == "text":
            for m in _SENTENCE.finditer(block.seg.text):
                # Numbers and years change every year even in a copied text: compare without them.
                sentence = _DIGITS.sub("#", _NOISE.sub("", m.group(0)))
                if len(sentence) >= 8:
                    out.append(sentence)
    return out


def overlap(current: Report, previous: Report) -> Overlap:
    before = set(_sentences(previous))
    now = _sentences(current)
    total = sum(len(s) for s in now)
    copied = sum(len(s) for s in now if s in before)
    return Overlap(copied / total if total else 0.0, copied, total)
