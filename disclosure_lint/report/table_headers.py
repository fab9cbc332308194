"""A template table whose header is in the report but whose rows could not be read.

A table counts as there when its header is: the reader may fail to place its rows (a flattened page
that kept the header but no number, labels that no template row matches, cells the reader cannot
separate), yet the report did print the table, and calling it missing would be wrong.  The header
is told by the template's own column words (本年制发件数, 自然人, 结果维持 …): three or more of
them side by side, with nothing between them that a sentence would have (a list in prose is joined
by 、 and ，, and has verbs and numbers between its words).
"""

from __future__ import annotations

import bisect
import itertools
from disclosure_lint import recache as re
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.read.cell_text import label_key, read_cell
from disclosure_lint.read.document import Document
from disclosure_lint.read.source import Span
from disclosure_lint.report.templates import TableSpec

MIN_WORDS = 3  # distinct header words that make a header; a table with fewer is never "header only"
MIN_LENGTH = 3  # shorter words (总计, 其他, 年度) are words of any table or sentence
GAP = 12  # non-space characters allowed between two header words ("信息内容", "（单位：万元）")
_SENTENCE = re.compile(r"[，。；、！？,;!?]|\d")
AFTER = 2000  # characters after the header searched for the table's numbers


@dataclass(frozen=True)
class HeaderOnly:
    """A table whose header was found (``span``, ``header`` as printed) but not its rows."""

    spec: TableSpec
    span: Span
    header: str  # its distinct header words, in order
    why: str  # no-numbers: nothing follows the header | no-rows: its numbers fit no template row


def header_words(spec: TableSpec) -> tuple[str, ...]:
    """The table's column names (and 表四's block names) long enough to be its own, longest first."""
    names = {c.name for r in spec.rows for c in r.columns}
    if spec.grid is not None:
        names |= {c.name for c in spec.grid.columns}
        names |= {part for b in spec.grid.blocks for part in b.name.split("·")}
    names = {re.sub(r"[（(][^）)]*[）)]", "", n) for n in names}  # 本年收费金额（万元）: units vary
    return tuple(sorted((n for n in names if len(n) >= MIN_LENGTH), key=lambda n: (-len(n), n)))


@lru_cache(maxsize=64)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # A header cell may be spaced or wrapped ("商业 企业"); every character stays mandatory, so the
    # white space between them cannot backtrack.
    return re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in words))


def _adjacent(gap: str) -> bool:
    gap = "".join(gap.split())
    return len(gap) <= GAP and not _SENTENCE.search(gap)


def _first_header(text: str, words: tuple[str, ...], headings: list[tuple[int, int]]) -> tuple[int, int, str] | None:
    """The first run of header words side by side: (start, end, the words as printed).  Words in a
    heading (四、政府信息公开行政复议、行政诉讼情况) are the section's title, not the table's header."""
    needed = min(MIN_WORDS, len(words))
    cluster: list[re.Match[str]] = []
    in_heading = _Inside(headings)
    for m in _pattern(words).finditer(text):
        if in_heading(m.start()):
            continue
        if cluster and not _adjacent(text[cluster[-1].end():m.start()]):
            cluster = []
        cluster.append(m)
        if len({"".join(c.group().split()) for c in cluster}) >= needed:
            cluster = _extend(text, words, cluster)
            names = dict.fromkeys("".join(c.group().split()) for c in cluster)
            return cluster[0].start(), cluster[-1].end(), " ".join(names)
    return None


class _Inside:
    """Whether an offset is inside one of some (start, end) ranges: a binary search, not a look at every
    range for every offset (a text of 12,000 headings, each holding header words, took 10 s)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self.starts = [start for start, _ in ranges]
        self.reach = list(itertools.accumulate((end for _, end in ranges), max))  # the farthest end so far

    def __call__(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.reach[i]


def _extend(text: str, words: tuple[str, ...], cluster: list[re.Match[str]]) -> list[re.Match[str]]:
    """The header run the cluster begins: with the header words that follow it too."""
    out = list(cluster)
    for m in _pattern(words).finditer(text, cluster[-1].end()):
        if not _adjacent(text[out[-1].end():m.start()]):
            break
        out.append(m)
    return out


class _Positions:
    """Offsets in ``Source.text`` (lines joined by newlines) as 1-based lines and columns."""

    def __init__(self, lines: tuple[str, ...]) -> None:
        self.starts = [0]
        for line in lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.at(start)
        end_line, end_column = self.at(end)
        return Span(line, column, end_line, end_column)


def _headings(doc: Document, positions: _Positions) -> list[tuple[int, int]]:
    """Where each top-level heading is in ``Source.text``: (start, end) offsets."""
    out = []
    for heading in doc.headings:
        if heading.level == 1:
            start = positions.starts[heading.seg.line - 1] + heading.seg.col - 1
            out.append((start, start + len(heading.seg.text)))
    return out


def _next_heading(headings: list[tuple[int, int]], after: int) -> int:
    """Where the next top-level heading after ``after`` begins (the table cannot reach past it)."""
    return next((start for start, _ in headings if start > after), after + AFTER)


_SECTION = re.compile(r"[一二三四五六七八九十]{1,2}\s*、")


def _section_inside(text: str, spec: TableSpec, begin: int, stop: int) -> int:
    """Where a section numbered ``五、`` that is not one of the table's own rows (表三's ``一、本年新收…``)
    begins between ``begin`` and ``stop``: a flattened page may run it on after the header."""
    rows = [label_key(r.label) for r in spec.rows]
    for m in _SECTION.finditer(text, begin, stop):
        after = label_key(text[m.end():m.end() + 40])
        if not any(row and after.startswith(row) for row in rows):
            return m.start()
    return stop


def _has_numbers(doc: Document, begin: tuple[int, int], stop: tuple[int, int]) -> bool:
    """Whether a table region has a number cell between ``begin`` and ``stop`` (line, column)."""
    for block in doc.tables:
        for cell in (c for row in block.rows for c in row):
            if begin <= (cell.span.line, cell.span.column) < stop and read_cell(cell.text).kind == "value":
                return True
    return False


def headers_without_rows(specs: tuple[TableSpec, ...], doc: Document) -> tuple[HeaderOnly, ...]:
    """The tables of ``specs`` (those the reader could not read) whose header the report has."""
    out: list[HeaderOnly] = []
    specs = tuple(s for s in specs if len(header_words(s)) >= MIN_WORDS)
    if not specs:
        return ()
    text, positions = doc.source.text, _Positions(doc.source.lines)
    headings = _headings(doc, positions)
    for spec in specs:
        found = _first_header(text, header_words(spec), headings)
        if found is None:
            continue
        start, end, header = found
        stop = _section_inside(text, spec, end, min(_next_heading(headings, end), end + AFTER))
        why = "no-rows" if _has_numbers(doc, positions.at(end), positions.at(stop)) else "no-numbers"
        out.append(HeaderOnly(spec, positions.span(start, end), header, why))
    return tuple(out)
