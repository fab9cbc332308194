"""Text lines and ruled tables of a PDF page, from its characters and drawn edges (:mod:`pdf_page`).

Lines: characters whose tops are within 3 pt of each other (chained) are one line, read left to
right; a word ends at a space, at a gap wider than 3 pt, or where a character starts left of the
previous one; words are joined by one space (the reader squeezes the spaces between Chinese text).

Tables, by the ruling lines (the method of Nurminen's thesis that Tabula and pdfplumber follow, with
pdfplumber's tolerances, which the reader used before): edges within 3 pt of each other are snapped
to their mean position and joined where they are 3 pt apart along their line, and kept from 3 pt
long; a cell is the smallest rectangle whose corners are crossings of edges that run along its
sides; a table is a group of at least two cells sharing corners.  A cell's text is the lines of the
characters whose centres fall in it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from disclosure_lint.read.pdf_page import Char, Edge

TOLERANCE = 3.0  # pt: snapping, joining, crossing of edges; line and word breaks of characters
MIN_EDGE = 3.0  # a merged edge shorter than this is a dot or a dash, not a ruling
MIN_RAW_EDGE = 1.0  # segments shorter than this are dropped before merging

Bbox = tuple[float, float, float, float]  # x0, top, x1, bottom


class Line(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    lead: float = 0.0  # width of the line's first unbreakable run (a Latin word, a number, an address)


class Table(NamedTuple):
    bbox: Bbox
    rows: list[list[str | None]]  # a cell's lines joined by "\n"; None where a merged cell covers
    bounds: list[float]  # x of the grid's column edges, left to right (one more than the columns)


# --- text lines -------------------------------------------------------------------------------------


def _clusters(values: list[float]) -> dict[float, int]:
    """Cluster numbers: sorted, a value within the tolerance of the previous one joins its cluster."""
    out: dict[float, int] = {}
    n, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + TOLERANCE:
            n += 1
        out[v] = n
        last = v
    return out


def text_lines(chars: list[Char]) -> list[Line]:
    """The page's (or a cell's) characters as lines of text, top to bottom."""
    if not chars:
        return []
    tops = [c.top for c in chars]
    if max(tops) - min(tops) <= TOLERANCE:  # one line (most table cells): no clustering needed
        line = _line(sorted(chars, key=lambda c: c.x0))
        return [line] if line else []
    cluster = _clusters(tops)
    by_line = sorted(chars, key=lambda c: cluster[c.top])  # stable: content order within a line
    out = []
    for _, group in groupby(by_line, key=lambda c: cluster[c.top]):
        line = _line(sorted(group, key=lambda c: c.x0))
        if line is not None:
            out.append(line)
    return out


def _line(chars: list[Char]) -> Line | None:
    words: list[list[Char]] = []
    word: list[Char] = []
    for ch in chars:
        if ch.text.isspace():
            if word:
                words.append(word)
            word = []
            continue
        if word and _breaks(word[-1], ch):
            words.append(word)
            word = []
        word.append(ch)
    if word:
        words.append(word)
    if not words:
        return None
    drawn = [c for w in words for c in w]
    return Line(" ".join("".join(c.text for c in w) for w in words), min(c.x0 for c in drawn),
                max(c.x1 for c in drawn), min(c.top for c in drawn), max(c.bottom for c in drawn), _lead(words[0]))


def _lead(word: list[Char]) -> float:
    """How wide the start of a line is that could not have been broken: a run of Latin letters,
    digits and their punctuation (an e-mail address, a URL, a number) moves to the next line whole,
    while a Chinese character can end a line anywhere."""
    run = 0
    while run < len(word) and (word[run].text.isascii() or "\uff10" <= word[run].text <= "\uff5a"):
        run += 1
    return word[max(run, 1) - 1].x1 - word[0].x0


def _breaks(prev: Char, ch: Char) -> bool:
    """A new word: the character starts left of the previous one, after a gap, or on another line."""
    return ch.x0 < prev.x0 or ch.x0 > prev.x1 + TOLERANCE or abs(ch.top - prev.top) > TOLERANCE


def cell_text(chars: list[Char]) -> str:
    return "\n".join(line.text for line in text_lines(chars))


# --- edges ------------------------------------------------------------------------------------------


def closing_lines(edges: list[Edge]) -> list[Edge]:
    """Horizontal lines at the ends of the table's vertical lines.

    A table that runs on to the next page often leaves its last row on this page (or its first row on
    the next) without a closing line; without it the row would not be read as part of the table.
    """
    verticals = [e for e in edges if e.vertical and e.end - e.start > 4]
    if not verticals:
        return []
    x0, x1 = min(e.pos for e in verticals), max(e.pos for e in verticals)
    ends = {round(min(e.start for e in verticals), 2), round(max(e.end for e in verticals), 2)}
    return [Edge(False, y, x0, x1) for y in ends]


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """Snap edges along nearly the same line to their mean position, join those that touch or nearly
    touch along it, keep the merged edges long enough to be rulings."""
    edges = [e for e in edges if e.end - e.start >= MIN_RAW_EDGE]
    snapped = _snap([e for e in edges if e.vertical]) + _snap([e for e in edges if not e.vertical])
    merged: list[Edge] = []
    for _, group in groupby(sorted(snapped, key=lambda e: (not e.vertical, e.pos)), key=lambda e: (e.vertical, e.pos)):
        merged.extend(_join(sorted(group, key=lambda e: e.start)))
    return [e for e in merged if e.end - e.start >= MIN_EDGE]


def _snap(edges: list[Edge]) -> list[Edge]:
    cluster = _clusters([e.pos for e in edges])
    members: dict[int, list[Edge]] = defaultdict(list)
    for e in edges:
        members[cluster[e.pos]].append(e)
    out = []
    for n in sorted(members):
        group = members[n]
        mean = sum(e.pos for e in group) / len(group)
        out.extend(e._replace(pos=mean) for e in group)
    return out


def _join(edges: list[Edge]) -> list[Edge]:
    joined = [edges[0]]
    for e in edges[1:]:
        last = joined[-1]
        if e.start <= last.end + TOLERANCE:
            if e.end > last.end:
                joined[-1] = last._replace(end=e.end)
        else:
            joined.append(e)
    return joined


# --- cells and tables -------------------------------------------------------------------------------


Point = tuple[float, float]


def _crossings(edges: list[Edge]) -> dict[Point, tuple[set[int], set[int]]]:
    """Where a vertical edge meets a horizontal one (within the tolerance): the point and the
    vertical and horizontal edges through it."""
    verticals = sorted((e for e in edges if e.vertical), key=lambda e: (e.pos, e.start))
    horizontals = sorted((e for e in edges if not e.vertical), key=lambda e: (e.pos, e.start))
    levels = [h.pos for h in horizontals]
    out: dict[Point, tuple[set[int], set[int]]] = {}
    for i, v in enumerate(verticals):
        # only the horizontals at the heights the vertical spans: a page of ruled lines stays cheap
        for j in range(bisect_left(levels, v.start - TOLERANCE), bisect_right(levels, v.end + TOLERANCE)):
            h = horizontals[j]
            if h.start - TOLERANCE <= v.pos <= h.end + TOLERANCE:
                vs, hs = out.setdefault((v.pos, h.pos), (set(), set()))
                vs.add(i)
                hs.add(j)
    return out


def _cells(crossings: dict[Point, tuple[set[int], set[int]]]) -> list[Bbox]:
    """For each crossing, the smallest cell it is the top left corner of."""
    columns: dict[float, list[float]] = defaultdict(list)
    rows: dict[float, list[float]] = defaultdict(list)
    for x, y in sorted(crossings):
        columns[x].append(y)
        rows[y].append(x)
    out = []
    for x, y in sorted(crossings):
        cell = _smallest_cell(crossings, x, y, [b for b in columns[x] if b > y], [r for r in rows[y] if r > x])
        if cell:
            out.append(cell)
    return out


def _smallest_cell(crossings, x: float, y: float, below: list[float], right: list[float]) -> Bbox | None:
    def vertical(y0: float, y1: float, at: float) -> bool:
        return bool(crossings[(at, y0)][0] & crossings[(at, y1)][0])

    def horizontal(x0: float, x1: float, at: float) -> bool:
        return bool(crossings[(x0, at)][1] & crossings[(x1, at)][1])

    for y1 in below:
        if not vertical(y, y1, x):
            continue
        for x1 in right:
            if (horizontal(x, x1, y) and (x1, y1) in crossings
                    and vertical(y, y1, x1) and horizontal(x, x1, y1)):
                return (x, y, x1, y1)
    return None


def _groups(cells: list[Bbox]) -> list[list[Bbox]]:
    """Cells sharing corners, as tables (of two cells or more), top to bottom, then left to right."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Bbox]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[root(i)].append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _grid(cells: list[Bbox]) -> list[list[Bbox | None]]:
    """The table's rows: cells by their top, placed at the columns of every left edge in the table
    (None where no cell starts: a merged cell covers the position)."""
    xs = sorted({c[0] for c in cells})
    out = []
    for _, row in groupby(sorted(cells, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        at = {c[0]: c for c in row}
        out.append([at.get(x) for x in xs])
    return out


def _contents(cells: list[Bbox], chars: list[Char]) -> dict[Bbox, list[Char]]:
    """The characters whose centres fall in each cell (left and top edges in, right and bottom out).

    The cells' edges cut the table into slots; a character's slot is found by bisection and gives
    the cell that covers it, so the cost is one lookup per character, not a test per cell."""
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    slots: dict[tuple[int, int], list[Bbox]] = defaultdict(list)
    for cell in cells:
        x0, top, x1, bottom = cell
        for i in range(bisect_left(xs, x0), bisect_left(xs, x1)):
            for j in range(bisect_left(ys, top), bisect_left(ys, bottom)):
                slots[(i, j)].append(cell)
    out: dict[Bbox, list[Char]] = defaultdict(list)
    for ch in chars:
        i = bisect_right(xs, (ch.x0 + ch.x1) / 2) - 1
        j = bisect_right(ys, (ch.top + ch.bottom) / 2) - 1
        for cell in slots.get((i, j), ()):
            out[cell].append(ch)
    return out


def _read(cells: list[Bbox], chars: list[Char]) -> list[list[str | None]]:
    inside = _contents(cells, chars)
    return [[None if c is None else cell_text(inside.get(c, [])) for c in row] for row in _grid(cells)]


def find_tables(edges: list[Edge], chars: list[Char]) -> list[Table]:
    """The ruled tables of a page, each with its box and the text of its cells."""
    merged = merge_edges(edges + closing_lines(edges))
    out = []
    for cells in _groups(_cells(_crossings(merged))):
        bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        bounds = sorted({c[0] for c in cells}) + [bbox[2]]
        out.append(Table(bbox, _read(cells, chars), bounds))
    return out
