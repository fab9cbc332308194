"""Reports of one issuer in consecutive years: pairing, and the text overlap supervisors score.

Issuers are matched by :func:`disclosure_lint.report.issuers.same_body`: one name may be the other with
a longer place prefix (罗山街道 and 晋江市罗山街道办事处 are one body) or a department's abbreviation
(桐江市市监局 and 桐江市市场监督管理局).
"""

from __future__ import annotations

import hashlib
from disclosure_lint import recache as re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

from disclosure_lint.read.document import Para
from disclosure_lint.read.normalize import INLINE_SPACE_CLASS
from disclosure_lint.report.build import Report
from disclosure_lint.report.issuers import clean_name, issuer_core, same_body



class Dated(Protocol):
    """What pairing looks at: a Report, or a report's :class:`YearSummary` in a batch."""

    year: int | None
    issuer: str | None


D = TypeVar("D", bound=Dated)


def pair_previous(reports: Sequence[D], extra_previous: Sequence[D] = ()) -> dict[int, D]:
    """For each report (by index), last year's report of the same issuer among ``reports`` (the first
    in their order) and ``extra_previous`` (reports named with ``--previous``, which pair with any issuer).

    Reports are looked up by (year, last character of the name's core), a key every two names of one
    body share (see :func:`issuer_key`), so a decade of a province's reports is not compared pair by pair."""
    buckets: dict[tuple[int, str], list[int]] = defaultdict(list)
    for j, other in enumerate(reports):
        if other.year is not None:
            buckets[(other.year, issuer_key(other.issuer))].append(j)
    found: dict[tuple[int, str], int | None] = {}
    pairs: dict[int, D] = {}
    for i, report in enumerate(reports):
        if report.year is None:
            continue
        given = next((c for c in extra_previous if c.year == report.year - 1), None)
        if given is not None:
            pairs[i] = given
            continue
        key = (report.year, clean_name(report.issuer))
        if key not in found:  # every report of one name and year meets the same report
            found[key] = _first_same_body(reports, buckets.get((report.year - 1, issuer_key(report.issuer)), ()), report)
        j = found[key]
        if j is not None:
            pairs[i] = reports[j]
    return pairs


def _first_same_body(reports: Sequence[Dated], candidates: Sequence[int], report: Dated) -> int | None:
    return next((j for j in candidates if same_body(reports[j].issuer, report.issuer)), None)


def issuer_key(issuer: str | None) -> str:
    """The last character of the name's core: two names :func:`same_body` calls one body always share it
    (the same name, a longer place prefix, or an abbreviation ending with the organ's character)."""
    core = issuer_core(clean_name(issuer))
    return core[-1:] if core else ""


@dataclass(frozen=True)
class YearSummary:
    """What the cross-year checks need of last year's report: its name, year, issuer, the template cells
    they compare (``cells``: (table, row, column) → value, None when blank or unreadable) and its prose
    sentences as stable hashes.  A batch keeps this, not the report, so memory stays flat."""

    path: str
    year: int | None
    issuer: str | None
    cells: dict[tuple[str, str, str], int | float | None]
    sentences: bytes  # the sentences' stable hashes, 8 bytes each, sorted (a set of ints would cost ten times more)

    def sentence_set(self) -> set[int]:
        return set(array("Q", self.sentences))

    def value(self, table: str, row: str, column: str) -> tuple[bool, int | float | None]:
        """(whether the report has this cell, its value or None when blank or unreadable)."""
        key = (table, row, column)
        return (key in self.cells, self.cells.get(key))


def summarize(report: Report, wanted: frozenset[tuple[str, str, str]], running: str | None = None) -> YearSummary:
    """The report as a later year's report sees it (``wanted``: the cells the cross-year rules compare;
    ``running``: its :func:`running_text`, when the caller has it)."""
    cells: dict[tuple[str, str, str], int | float | None] = {}
    for table_id, keys in _by_table(wanted):
        read = report.table(table_id)
        if read is None:
            continue
        for key in keys:
            cell = read.cell(key[1], key[2])
            if cell is not None:
                cells[key] = cell.value if cell.known else None
    hashes = array("Q", sorted({stable_hash(s) for s in _sentences(report, running)}))
    return YearSummary(report.document.source.path, report.year, report.issuer, cells, hashes.tobytes())


@lru_cache(maxsize=16)
def _by_table(wanted: frozenset[tuple[str, str, str]]) -> tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]:
    """The wanted cells grouped by table, in a fixed order (a batch asks with the same set every time)."""
    tables: dict[str, list[tuple[str, str, str]]] = {}
    for key in sorted(wanted):
        tables.setdefault(key[0], []).append(key)
    return tuple((table_id, tuple(keys)) for table_id, keys in tables.items())


def stable_hash(text: str) -> int:
    """The same number in every process (``hash`` of a str is salted per process; workers differ)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


_DIGITS = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万]+")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")


@dataclass(frozen=True)
class Overlap:
    share: float  # of this year's prose (characters) found in last year's, sentence by sentence
    copied_chars: int
    total_chars: int


# What a sentence is compared without: white space, quotes, brackets, commas and colons.  Not the marks
# that end a sentence (。；; and the line break): removed from a whole paragraph, it leaves them in place.
_INNER_NOISE = re.compile(rf"[{INLINE_SPACE_CLASS}\"“”'‘’()（）《》·・,，、:：]")


def running_text(report: Report) -> str:
    """The report's paragraphs of running text joined by line breaks, without the noise its sentences are
    compared without: what the cross-year sentences and the twins' prose (:func:`~disclosure_lint.report.twins.prose`)
    are both made of, so that a batch removes that noise from a report's text once for both."""
    texts = [b.seg.text for b in report.document.blocks if isinstance(b, Para) and b.kind == "text"]
    return _INNER_NOISE.sub("", "\n".join(texts))


def _sentences(report: Report, running: str | None = None) -> list[str]:
    """The report's sentences of running text, without noise and with every number as ``#``.  The
    patterns run over all the paragraphs at once, joined by line breaks (a pass per paragraph cost a
    third more in calls): a line break ends a sentence (_SENTENCE) and none of the patterns removes or
    crosses it, so no sentence runs from one paragraph into the next; no digit run crosses the end of a
    sentence either, and _INNER_NOISE keeps those ends.  ``running``: :func:`running_text`, if at hand."""
    # Numbers and years change every year even in a copied text: compare without them.
    text = _DIGITS.sub("#", running if running is not None else running_text(report))
    return [sentence for sentence in _SENTENCE.findall(text) if len(sentence) >= 8]


def overlap(current: Report, previous: YearSummary) -> Overlap:
    now = _sentences(current)
    before = previous.sentence_set()
    total = sum(len(s) for s in now)
    copied = sum(len(s) for s in now if stable_hash(s) in before)
    return Overlap(copied / total if total else 0.0, copied, total)
