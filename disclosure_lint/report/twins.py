"""Template twins: reports of different issuers whose prose is largely one text (copied from each other).

Compared without numbers, years and punctuation, as 8-character shingles, so that changing a number or a
character per sentence does not hide a copy.  An index from shingle to reports finds the candidates: no
pair of reports is compared unless they share text, and shingles that many reports share (the template's
own wording) are left out of both the count and the base, so 1,000 reports of a year take seconds.
The index is built from each report's sample alone (:class:`TwinIndex`), so a batch keeps no text.
"""

from __future__ import annotations

from disclosure_lint import recache as re
import os
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import BinaryIO
from functools import lru_cache
from itertools import compress
from dataclasses import dataclass

from disclosure_lint.read.normalize import SPACE_CLASS
from disclosure_lint.report.build import Report
from disclosure_lint.report.issuers import same_body
from disclosure_lint.report.pairing import running_text

SHINGLE = 8
# One shingle in about three is indexed: shares are estimated, three times faster (_sampled's arithmetic needs 3).
SAMPLE = 3
MIN_TEXT = 200  # characters of distinctive prose below which a report is too short to call a copy
_DIGIT = re.compile(r"[0-9〇一二三四五六七八九十百千万]")
_NOISE = re.compile(rf"[{SPACE_CLASS}\"“”'‘’()（）《》·・,，、。:：;；!！?？]")


@dataclass(frozen=True)
class Who:
    """What a twin finding names of the other report."""

    path: str
    issuer: str | None
    year: int | None


@dataclass(frozen=True)
class Twin:
    other: Who
    share: float  # of this report's distinctive prose found in the other's
    longest: str  # the longest passage the two reports share, as written


def who(report: Report) -> Who:
    return Who(report.document.source.path, report.issuer, report.year)


def prose(report: Report, running: str | None = None) -> str:
    """The report's running text without spaces and punctuation (the way it is compared and quoted).
    Made from its :func:`~disclosure_lint.report.pairing.running_text` (``running``, when the caller has
    it): _NOISE holds every character that text was cleaned of, and its line breaks, so removing _NOISE
    from it is removing _NOISE from the paragraphs joined (a fifth of the work, the rest done once)."""
    return _NOISE.sub("", running if running is not None else running_text(report))


def _masked(prose: str) -> str:
    # Numbers and years change every time a text is reused: compared without them (length kept).
    return _DIGIT.sub("#", prose)


def _shingles(masked: str) -> set[int]:
    return {hash(masked[i:i + SHINGLE]) for i in range(len(masked) - SHINGLE + 1)}


def sample(report: Report, running: str | None = None) -> tuple[int, ...]:
    """The report's indexed shingles: only those whose first character's code is a multiple of SAMPLE (a
    sample chosen by content, so a copy keeps the same sample wherever its text moved), each as its
    :func:`_key`, the same in every process (a batch samples in its workers).  ``running``: as :func:`prose`'s."""
    return _sample(_masked(prose(report, running)))


def _sample(masked: str) -> tuple[int, ...]:
    data = masked.encode("utf-16-le", "surrogatepass")
    # Not sorted (a tenth of the cost): a set of ints built in the text's order iterates in the same
    # order in every process (an int's hash is not salted).
    if len(data) != 2 * len(masked):  # a character past U+FFFF takes two code units: shingle by shingle
        starts = [i for i, c in enumerate(masked[:max(len(masked) - SHINGLE + 1, 0)]) if ord(c) % SAMPLE == 0]
        return tuple({_key(masked[i:i + SHINGLE]) for i in starts})
    # The text is encoded once and each shingle's key read from its slice: what _key gives, at a third
    # of the cost of encoding and checksumming every shingle on its own.
    width, number = 2 * SHINGLE, int.from_bytes
    return tuple({number(data[2 * i:2 * i + width], "little") % _PRIME
                  for i in _sampled(data, len(masked) - SHINGLE + 1)})


def _sampled(units: bytes, count: int) -> Iterator[int]:
    """The first ``count`` positions of UTF-16-LE ``units`` whose code unit is a multiple of SAMPLE (3),
    found without a Python step per character: a unit ``low + 256 * high`` is a multiple of 3 when
    ``low % 3 + high % 3`` is 0 or 3 (256 is 1 modulo 3); each byte taken modulo 3, the low and the high
    bytes added as two big numbers (a sum is at most 4: no carry from one position into the next) and
    the sums of 0 or 3 marked — in C, three times faster than testing each character."""
    if count <= 0:
        return iter(())
    mod3, marks = _sample_tables()
    digits = units[:2 * count].translate(mod3)
    sums = (int.from_bytes(digits[0::2], "big") + int.from_bytes(digits[1::2], "big")).to_bytes(count, "big")
    return compress(range(count), sums.translate(marks))


@lru_cache(maxsize=1)
def _sample_tables() -> tuple[bytes, bytes]:
    """Each byte modulo 3; and each sum of two of those (0 to 4) marked 1 where it is a multiple of 3."""
    return bytes(b % SAMPLE for b in range(256)), bytes(int(b % SAMPLE == 0 and b < 2 * SAMPLE) for b in range(256))


# A prime far from any power of two: the code units of a shingle, read as one number, leave no short
# linear relation between two shingles' keys (a prime next to 2**64 would make 'A…E' and '(A-59)…(E+1)'
# one key).
_PRIME = 0xD6E8FEB86659FD99


def _key(shingle: str) -> int:
    """A shingle's stable 64-bit key: its UTF-16 code units as one number, modulo _PRIME (``hash`` of a
    str is salted per process)."""
    return int.from_bytes(shingle.encode("utf-16-le", "surrogatepass"), "little") % _PRIME


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


def twin(current: str, other_prose: str, other: Who, share: float) -> Twin:
    """The finding's facts: ``current`` and ``other_prose`` are both reports' :func:`prose`."""
    return Twin(other, share, _longest(current, _shingles(_masked(other_prose))))


class TwinIndex:
    """The shingle index of a batch, built one report at a time: a report's sample goes in, and nothing
    else of it is kept.  A shingle more than COMMON reports share is template wording whatever the batch's
    size, so a posting list stops growing there.

    Distinct prose gives millions of distinct shingles (10,000 real reports sample ~5 million, 70 % of
    them one report's): a dict from shingle to reports would grow past any memory bound.  The pairs
    (shingle, report) are kept instead as two compact arrays per part of the key space (12 bytes a
    pair), moved to a file in ``directory`` (when given) once many are held, and :meth:`matches` reads the
    parts one at a time: it holds the postings of one part, never the whole index."""

    COMMON = 50
    PARTS = 256  # each shingle's pairs are in the part of its key modulo PARTS, in the order they came
    GROUPS = 1 << 16  # distinct groups of reports held before they are counted out
    HELD = 1 << 18  # pairs held in memory (3 MB) before they go to the file (with a directory)

    def __init__(self, directory: str | None = None) -> None:
        self.dated: list[tuple[int | None, str | None]] = []
        self._keys = [array("Q") for _ in range(self.PARTS)]
        self._ids = [array("I") for _ in range(self.PARTS)]
        self._held = 0
        self._directory = directory
        self._log: BinaryIO | None = None  # the file the held pairs go to, opened at the first write
        # Where each part's pairs are in it: (offset, count) per write, the keys then the report indexes.
        self._written: list[list[tuple[int, int]]] = [[] for _ in range(self.PARTS)]

    def add(self, year: int | None, issuer: str | None, shingles: Sequence[int]) -> int:
        i = len(self.dated)
        self.dated.append((year, issuer))
        keys, ids, parts = self._keys, self._ids, self.PARTS
        for h in shingles:  # the parent's work for every report: lean
            part = h % parts
            keys[part].append(h)
            ids[part].append(i)
        self._held += len(shingles)
        if self._directory is not None and self._held >= self.HELD:
            self._write()
        return i

    def _write(self) -> None:
        """The held pairs appended to one file, part after part (one file, not one per part: making a
        file cost more than a millisecond on a loaded disk, and 512 of them were a third of a second)."""
        if self._log is None:
            import weakref

            self._log = open(f"{self._directory}/twins.pairs", "w+b")  # noqa: SIM115 - kept open while the index lives
            weakref.finalize(self, self._log.close)
        log = self._log
        for part, (keys, ids) in enumerate(zip(self._keys, self._ids)):
            if keys:
                self._written[part].append((log.tell(), len(keys)))
                keys.tofile(log)
                ids.tofile(log)
                del keys[:], ids[:]
        log.flush()
        self._held = 0

    def _part(self, part: int) -> tuple[array, array]:
        """The part's pairs, in the order they were added: those written, then those held."""
        if self._log is None:
            return self._keys[part], self._ids[part]
        keys, ids = array("Q"), array("I")
        fd = self._log.fileno()
        for offset, count in self._written[part]:
            keys.frombytes(os.pread(fd, 8 * count, offset))
            ids.frombytes(os.pread(fd, 4 * count, offset + 8 * count))
        keys.extend(self._keys[part])
        ids.extend(self._ids[part])
        return keys, ids

    def _postings(self, part: int) -> list[int | list[int]]:
        """Each shingle of the part's reports: the report's index when it is one report's (most shingles
        of distinct prose: no list for them), else the list of its first COMMON + 1 reports."""
        common = self.COMMON
        postings: dict[int, int | list[int]] = {}
        for h, i in zip(*self._part(part)):
            held = postings.setdefault(h, i)
            if held is i:
                continue  # a new shingle (a report's sample holds each once: an earlier index is another int)
            if type(held) is int:
                postings[h] = [held, i]
            elif len(held) <= common:
                held.append(i)
        return list(postings.values())

    def matches(self, threshold: float = 0.3) -> dict[int, tuple[int, float]]:
        """For each report (by index), the report of another issuer of its year or the year before
        whose prose holds at least ``threshold`` of its own distinctive prose, and that share."""
        common = min(max(5, len(self.dated) // 20), self.COMMON)  # shingles this many reports share: template
        own: Counter[int] = Counter()
        shared: dict[int, dict[int, int]] = {}
        # Reports that share one passage share all its shingles, in every part: each group of reports is
        # counted once over the parts (counting it per part cost 2.6 s for 1,000 reports in copies of 40
        # texts), and the groups are counted out whenever many are held (counts add up: the same totals).
        groups: Counter[tuple[int, ...]] = Counter()
        for part in range(self.PARTS):
            postings = self._postings(part)
            own.update(i for i in postings if type(i) is int)  # a shingle of one report only
            groups.update(tuple(posting) for posting in postings if type(posting) is list and len(posting) <= common)
            if len(groups) > self.GROUPS:
                self._count(groups, own, shared)
                groups.clear()
        self._count(groups, own, shared)
        out = {}
        for i, counts in shared.items():
            del counts[i]
            j = self._best(i, counts, own[i], threshold)
            if j is not None:
                out[i] = (j, counts[j] / own[i])
        return out

    def _count(self, groups: Counter[tuple[int, ...]], own: Counter[int], shared: dict[int, dict[int, int]]) -> None:
        """Each group's shingles counted to its reports' own (``own``) and to what each shares with the others.
        Plain dict arithmetic: ``Counter.update`` with a mapping is a Python loop with a method call per key,
        twice the cost of these lines."""
        dated = self.dated
        for posting, times in groups.items():
            for i in posting:
                own[i] += times
            for i in posting:
                if dated[i][0] is not None and dated[i][1]:
                    row = shared.get(i)
                    if row is None:
                        shared[i] = dict.fromkeys(posting, times)
                        continue
                    get = row.get
                    for j in posting:
                        row[j] = get(j, 0) + times

    def _best(self, i: int, shared: dict[int, int], own: int, threshold: float) -> int | None:
        """The other issuer's report (of this year or the last) that holds most of this one's prose."""
        if own * SAMPLE < MIN_TEXT:
            return None
        year, issuer = self.dated[i]
        # Only the reports holding ``threshold`` of its prose can be its twin: the others (most of those
        # sharing the template's wording with it) are not sorted.  Most shared first, then by index.
        held = sorted((-n, j) for j, n in shared.items() if n / own >= threshold)
        for _, j in held:
            other_year, other_issuer = self.dated[j]
            if other_year not in (year, (year or 0) - 1) or not other_issuer or same_body(other_issuer, issuer):
                continue  # the same issuer's previous year is copied-report's concern
            return j
        return None


def find_twins(reports: Sequence[Report], threshold: float = 0.3) -> dict[int, Twin]:
    """For each report (by index), the report of another issuer of its year or the year before whose
    prose holds at least ``threshold`` of its own distinctive prose."""
    index = TwinIndex()
    for report in reports:
        index.add(report.year, report.issuer, sample(report))
    return {i: twin(prose(reports[i]), prose(reports[j]), who(reports[j]), share)
            for i, (j, share) in sorted(index.matches(threshold).items())}
