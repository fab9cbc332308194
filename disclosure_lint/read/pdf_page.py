"""What a PDF page holds for the reader, read with pdfium (pypdfium2): its characters with their
boxes, and the straight lines it draws (table rulings).

pdfium parses the content stream in C; only one small record per character and per drawn segment
crosses into Python.  Coordinates are turned top-down (``top`` grows down the page) as a reader of
the page sees them.  A character's box spans its advance width and its font size (as pdfminer, which
the reader used before, measures it), from a fixed depth below its baseline.
"""

from __future__ import annotations

import ctypes
from typing import NamedTuple

# pypdfium2 is imported inside the functions: only a run that reads a PDF pays for it.

DESCENT = 0.144  # of the font size: the depth of a Chinese font's em box below the baseline
WHITE = 243  # of 255: a fill this light is paper (pdfplumber's 0.95), shading, not a ruling


class Char(NamedTuple):
    """One character on the page (a NamedTuple: thousands per page are made, and a tuple is cheap)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


class Edge(NamedTuple):
    """A horizontal or vertical drawn segment: at ``pos`` (x of a vertical, y of a horizontal one),
    from ``start`` to ``end`` along it (top to bottom, or left to right)."""

    vertical: bool
    pos: float
    start: float
    end: float


class Page(NamedTuple):
    chars: list[Char]
    edges: list[Edge]
    unmapped: tuple[int, int] = (0, 0)  # of a sample of its characters: how many have no Unicode, of how many


SAMPLE = 8  # every 8th character is asked whether its font maps it to Unicode


class Turn(NamedTuple):
    """From the page's own coordinates (y up) to the page as it is shown (top down): a page with
    /Rotate (a wide table drawn turned on an upright sheet, turned back by the viewer) is read the
    way it is seen, its lines running left to right."""

    quarter: int  # quarter turns clockwise (/Rotate 90 → 1)
    width: float  # of the page unturned
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        q, w, h = self
        return (x, h - y) if q == 0 else (y, x) if q == 1 else (w - x, y) if q == 2 else (h - y, w - x)

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """x0, x1, top, bottom of a box as shown."""
        (ax, at), (bx, bt) = self.point(left, bottom), self.point(right, top)
        return min(ax, bx), max(ax, bx), min(at, bt), max(at, bt)

    def scale(self, a: float, b: float, c: float, d: float) -> float:
        """The vertical scale of a character's matrix as shown; 0 if the character is not upright (a
        matrix turned a quarter carries cos 90° ≈ 6e-17 where a zero is meant)."""
        if self.quarter % 2:
            return 0.0 if abs(a) + abs(d) > 1e-6 * abs(c) else abs(c)
        return 0.0 if abs(b) + abs(c) > 1e-6 * abs(d) else abs(d)


def _turn(page) -> Turn:
    import pypdfium2.raw as pdfium

    quarter = pdfium.FPDFPage_GetRotation(page) % 4
    shown = (pdfium.FPDF_GetPageWidthF(page), pdfium.FPDF_GetPageHeightF(page))  # pdfium gives them turned
    width, height = shown[::-1] if quarter % 2 else shown
    return Turn(quarter, width, height)


def read_page(page) -> Page:
    """The characters and drawn edges of a pypdfium2 page."""
    turn = _turn(page.raw)
    textpage = page.get_textpage()
    try:
        unmapped = _unmapped(textpage.raw)
        chars = _chars(textpage, turn, _unreadable(textpage.raw) if unmapped[0] else frozenset())
    finally:
        textpage.close()
    edges: list[Edge] = []
    subpaths = _path_reader()
    for obj, matrix in _paths(page.raw):  # the raw handle: the helper object converts on every call
        edges.extend(_path_edges(obj, matrix, turn, subpaths))
    return Page(chars, edges, unmapped)


def _unmapped(raw) -> tuple[int, int]:
    """How many of a sample of the page's characters pdfium cannot map to Unicode (a font without a
    ToUnicode map: what reads as text is the font's own codes, gibberish), of how many sampled."""
    import pypdfium2.raw as pdfium

    error, generated = pdfium.FPDFText_HasUnicodeMapError, pdfium.FPDFText_IsGenerated
    sampled = [i for i in range(0, pdfium.FPDFText_CountChars(raw), SAMPLE) if not generated(raw, i)]
    return sum(1 for i in sampled if error(raw, i) == 1), len(sampled)


def _unreadable(raw) -> frozenset[int]:
    """Every character of the page that has no Unicode mapping (asked only of a page where the sample
    found one: a font without a map, perhaps only the digits')."""
    import pypdfium2.raw as pdfium

    error = pdfium.FPDFText_HasUnicodeMapError
    return frozenset(i for i in range(pdfium.FPDFText_CountChars(raw)) if error(raw, i) == 1)


def _chars(textpage, turn: Turn, unreadable: frozenset[int] = frozenset()) -> list[Char]:
    """Every character the content draws: the spaces and line breaks pdfium adds between them
    (“generated”) are not on the page; a real space stays, as a word break.  A character with no
    Unicode mapping reads as U+FFFD, the replacement character: its code is not the character
    printed, so a number or a word holding it reads as damaged (an unreadable cell, say), not as
    some other number or word."""
    import pypdfium2.raw as pdfium

    raw = textpage.raw
    count = pdfium.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    if len(text) != count:  # characters beyond the BMP take two UTF-16 units: ask one by one
        text = "".join(chr(pdfium.FPDFText_GetUnicode(raw, i)) for i in range(count))
    generated, unmapped = pdfium.FPDFText_IsGenerated, pdfium.FPDFText_HasUnicodeMapError
    measure = _measure(raw)
    out = []
    for i, ch in enumerate(text):
        if ch in "\r\n\x00" or ((ch.isspace() or ch in _HYPHENS) and generated(raw, i)):
            continue
        # An unmapped code reads as its own value, which can look like a digit: every ASCII character
        # is asked (a minority in a Chinese report), the rest only on a page where the sample found one.
        if i in unreadable or (ch.isascii() and unmapped(raw, i) == 1):
            ch = "\ufffd"
        out.append(measure(i, "-" if ch in _HYPHENS else ch, turn))
    return out


_HYPHENS = "-\x02\ufffe"  # pdfium marks a hyphen that ends a line as U+0002 (U+FFFE in its text)


def _measure(raw):
    """A function giving a character's box: its advance across (pdfium's loose box), its font size
    up from a fixed depth below its baseline.  One depth for every font keeps the characters of a
    line level (each font's own descent would set a bold lead-in lower than the text after it), and
    one height per size keeps the line heights that tell a heading from a paragraph.

    Characters with the same loose top and bottom share their font's vertical metrics, size and
    baseline, so those are asked of pdfium once per distinct loose box, not once per character: a
    page has thousands of characters and a few dozen such boxes."""
    import pypdfium2.raw as pdfium

    box = pdfium.FS_RECTF()
    box_ref, get_box = ctypes.byref(box), pdfium.FPDFText_GetLooseCharBox
    levels: dict[tuple[float, float], tuple[float, float] | None] = {}

    def measure(i: int, ch: str, turn: Turn) -> Char:
        if not get_box(raw, i, box_ref):
            return _glyph(raw, i, ch, turn)
        if turn.quarter:
            x0, x1, top, bottom = turn.box(box.left, box.bottom, box.right, box.top)
        else:  # an upright page, nearly every page: spared a call per character
            x0, x1, top, bottom = box.left, box.right, turn.height - box.top, turn.height - box.bottom
        key = (top, bottom)
        level = levels[key] if key in levels else levels.setdefault(key, _level(raw, i, turn))
        if level is None or x1 - x0 > 2.5 * (level[1] - level[0]):
            return _glyph(raw, i, ch, turn)  # rotated, sizeless or set in a column: by its outline
        return Char(ch, x0, x1, level[0], level[1])

    return measure


def _level(raw, i: int, turn: Turn) -> tuple[float, float] | None:
    """Top and bottom of character ``i`` from its baseline and font size (None: not upright as the
    page is shown, or sizeless)."""
    import pypdfium2.raw as pdfium

    m, x, y = pdfium.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    if not pdfium.FPDFText_GetMatrix(raw, i, ctypes.byref(m)):
        return None
    size = pdfium.FPDFText_GetFontSize(raw, i) * turn.scale(m.a, m.b, m.c, m.d)
    if size <= 0 or not pdfium.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y)):
        return None
    bottom = turn.point(x.value, y.value)[1] + DESCENT * size
    return (bottom - size, bottom)


def _glyph(raw, i: int, ch: str, turn: Turn) -> Char:
    """The character by its glyph's own outline: for rotated text, and for a glyph set in a column (a
    label printed one character per line down a tall cell), whose loose box pdfium gives as the font's
    unscaled width, far off the glyph."""
    import pypdfium2.raw as pdfium

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium.FPDFText_GetCharBox(raw, i, *(ctypes.byref(v) for v in (left, right, bottom, top)))
    return Char(ch, *turn.box(left.value, bottom.value, right.value, top.value))


def _paths(page):
    """The page's path objects with the matrix that maps their own coordinates onto the page
    (path objects inside form XObjects included)."""
    import pypdfium2.raw as pdfium

    get_type, path, form = pdfium.FPDFPageObj_GetType, pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM
    get_page_object, page_count = pdfium.FPDFPage_GetObject, pdfium.FPDFPage_CountObjects(page)
    stack = []
    for i in range(page_count):  # the page's own objects: thousands (a text object per character)
        obj = get_page_object(page, i)
        kind = get_type(obj)
        if kind == path:
            yield obj, _matrix(obj)
        elif kind == form:
            stack.append((obj, _matrix(obj)))
    while stack:  # form XObjects, nested
        outer, matrix = stack.pop()
        for j in range(pdfium.FPDFFormObj_CountObjects(outer)):
            obj = pdfium.FPDFFormObj_GetObject(outer, j)
            kind = get_type(obj)
            if kind == path:
                yield obj, _compose(_matrix(obj), matrix)
            elif kind == form:
                stack.append((obj, _compose(_matrix(obj), matrix)))


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj) -> tuple[float, ...]:
    import pypdfium2.raw as pdfium

    m = pdfium.FS_MATRIX()
    if not pdfium.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix of applying ``inner`` and then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_reader():
    """A function reading a path's subpaths as page points, each with whether it is closed (the
    pdfium functions and the buffers they fill are bound once: a page has hundreds of paths)."""
    import pypdfium2.raw as pdfium

    count, get_segment, get_point = pdfium.FPDFPath_CountSegments, pdfium.FPDFPath_GetPathSegment, pdfium.FPDFPathSegment_GetPoint
    get_kind, get_close, moveto = pdfium.FPDFPathSegment_GetType, pdfium.FPDFPathSegment_GetClose, pdfium.FPDF_SEGMENT_MOVETO
    x, y = ctypes.c_float(), ctypes.c_float()
    rx, ry = ctypes.byref(x), ctypes.byref(y)

    def subpaths(obj, matrix: tuple[float, ...]) -> list[tuple[list[tuple[float, float]], bool]]:
        a, b, c, d, e, f = matrix
        out: list[tuple[list[tuple[float, float]], bool]] = []
        points: list[tuple[float, float]] = []
        for i in range(count(obj)):
            segment = get_segment(obj, i)
            if not get_point(segment, rx, ry):
                continue
            if points and get_kind(segment) == moveto:
                out.append((points, False))
                points = []
            points.append((a * x.value + c * y.value + e, b * x.value + d * y.value + f))
            if get_close(segment):
                out.append((points, True))
                points = []
        if points:
            out.append((points, False))
        return out

    return subpaths


def _path_edges(obj, matrix: tuple[float, ...], turn: Turn, subpaths) -> list[Edge]:
    """The horizontal and vertical segments a path draws.  A white shape that is filled and not
    stroked (the shading a Word export puts behind text) is paper, not a ruling: left out."""
    import pypdfium2.raw as pdfium

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not stroke.value and (not fill.value or _white_fill(obj)):
        return []  # invisible: drawn with neither paint, or filled white
    edges: list[Edge] = []
    for points, closed in subpaths(obj, matrix):
        ring = points + [points[0]] if closed and len(points) > 1 else points
        for a, b in zip(ring, ring[1:]):
            edges.extend(_edge(*turn.point(*a), *turn.point(*b)))
    return edges


def _edge(x0: float, top0: float, x1: float, top1: float) -> list[Edge]:
    if abs(x0 - x1) < 1e-3 and abs(top0 - top1) < 1e-3:
        return []  # a point (a closed rectangle's repeated corner)
    if abs(x0 - x1) < 1e-3:
        return [Edge(True, x0, min(top0, top1), max(top0, top1))]
    if abs(top0 - top1) < 1e-3:
        return [Edge(False, top0, min(x0, x1), max(x0, x1))]
    return []  # a slanted segment or a curve's chord: no table ruling


def _white_fill(obj) -> bool:
    import pypdfium2.raw as pdfium

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(v) for v in (r, g, b, a))):
        return False
    return min(r.value, g.value, b.value) >= WHITE
