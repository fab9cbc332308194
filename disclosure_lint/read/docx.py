"""Word (.docx) reports, read with python-docx.

Paragraphs and tables are read in body order.  Tables are read cell by cell from the XML grid:
a horizontally merged cell (``w:gridSpan``) occupies its first grid position and covers the
following ones, a vertically merged cell (``w:vMerge``) covers the positions below it; covered
positions are not cells.  Word's automatic list numbers (一、 （一） …) are rebuilt from
``numbering.xml`` and put in front of the paragraph text.  Origins: “第12段” for the 12th paragraph, “表2 第4行” for a table row.
"""

from __future__ import annotations

import functools

import io
from disclosure_lint import recache as re
from collections.abc import Iterator

from disclosure_lint.read.document import Document
from disclosure_lint.read.base import MAX_CELLS, MAX_COLUMNS, InputError, join_lines
from disclosure_lint.read.builder import Builder
from disclosure_lint.read.docx_numbering import Numbering, Styles, paragraph_numbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _style_level(paragraph, styles: Styles) -> int | None:
    try:
        style = styles.of(paragraph)
        name = style.name if style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return None
    m = _HEADING_STYLE.match(name or "")
    return min(int(m.group(1)), 4) if m else None


def _cell_text(tc) -> str:
    """The cell's paragraphs (python-docx's ``_Cell.paragraphs``: its ``w:p`` children) joined; each
    paragraph's text by :func:`paragraph_text`, not python-docx's XPath queries (a table of 100,000
    cells took 5 s)."""
    return join_lines([paragraph_text(p) for p in tc.findall(f"{_W}p")])


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _count(element, path: str, default: int) -> int:
    """A small non-negative count attribute (``w:gridSpan``, ``w:gridBefore``) read leniently:
    damaged values ("x", "", 10^20) fall back to ``default``, and no value exceeds MAX_COLUMNS."""
    node = element.find(path) if element is not None else None
    value = node.get(f"{_W}val") if node is not None else None
    if value is None or not _COUNT.fullmatch(value):
        return default
    return min(int(value), MAX_COLUMNS)


_COUNT = re.compile(r"[0-9]{1,6}")


def _continues(tc) -> bool:
    """A vertically merged cell that continues the one above (``<w:vMerge/>`` or val="continue")."""
    node = tc.find(f"{_W}tcPr/{_W}vMerge")
    return node is not None and node.get(f"{_W}val", "continue") == "continue"


def _grid(table, budget: list[int]) -> list[list[str | None]]:
    """The table as a grid of texts; ``None`` where a merged cell covers the position.  ``budget``
    holds the cells the document may still build (InputError past it)."""
    rows: list[list[str | None]] = []
    for tr in table._tbl.tr_lst:
        row: list[str | None] = [None] * _count(tr, f"{_W}trPr/{_W}gridBefore", 0)
        for tc in tr.tc_lst:
            span = max(_count(tc, f"{_W}tcPr/{_W}gridSpan", 1), 1)
            row.extend([None] * span if _continues(tc) else [_cell_text(tc)] + [None] * (span - 1))
            if len(row) > MAX_COLUMNS:
                break  # a damaged row: what is past Word's own limit is not read
        budget[0] -= len(row)
        if budget[0] < 0:
            raise InputError(f"the Word file's tables have more than {MAX_CELLS} cells: too large to be a report")
        rows.append(row[:MAX_COLUMNS])
    return rows


def read_docx(data: bytes, path: str) -> Document:
    """A Word report as a Document; a damaged part is one :class:`InputError`, never a traceback."""
    try:
        return _read_docx(data, path)
    except InputError:
        raise
    except (ValueError, KeyError, AttributeError, TypeError, IndexError, LookupError, OSError,
            RecursionError) as exc:  # python-docx/lxml raise all of these for damaged XML
        raise InputError(f"cannot read the Word (.docx) file: a damaged part ({type(exc).__name__}: {exc})") from exc


def open_docx(data: bytes):
    """The python-docx Document of ``data``; an :class:`InputError` when it is not a readable .docx."""
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise InputError(f"cannot read the Word (.docx) file: {exc}") from exc


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_PARTS = frozenset(_W + name for name in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))


def _run_text(run) -> str:
    return "".join(str(e) for e in run if e.tag in _RUN_PARTS)  # str(): python-docx's text of each part


def paragraph_text(p) -> str:
    """What python-docx's ``Paragraph.text`` gives (runs, and the runs of hyperlinks, in document order),
    walking the children instead of compiling two XPath queries per paragraph and run (most of the time
    of reading a Word file).  A test compares the two on every Word fixture and generated files."""
    parts = []
    for child in p:
        if child.tag == _W + "r":
            parts.append(_run_text(child))
        elif child.tag == _W + "hyperlink":
            parts.extend(_run_text(r) for r in child if r.tag == _W + "r")
    return "".join(parts)


@functools.cache
def _paragraph_class() -> type:
    """python-docx's Paragraph whose text is worked out once, without XPath (the readers ask for a
    paragraph's text twice: is it empty? what is it?)."""
    from docx.text.paragraph import Paragraph

    class OnceParagraph(Paragraph):
        @property
        def text(self) -> str:  # type: ignore[override]
            if "_text" not in self.__dict__:
                self.__dict__["_text"] = paragraph_text(self._p)
            return self.__dict__["_text"]

        @text.setter
        def text(self, value: str) -> None:  # writing still writes the XML (the annotator's runs)
            Paragraph.text.fset(self, value)  # type: ignore[attr-defined]
            self.__dict__.pop("_text", None)

    return OnceParagraph


def body_items(doc) -> Iterator[tuple[str, object]]:
    """The body's paragraphs and tables in reading order, each with the origin the reader gives it
    (“第12段”, “表2”).  One walk for the reader and for the annotator, so their numbers agree."""
    from docx.table import Table

    paras = tables = 0
    paragraph_class = _paragraph_class()
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = paragraph_class(child, doc)
            if paragraph.text.strip():
                paras += 1
                yield f"第{paras}段", paragraph
        elif tag == "tbl":
            tables += 1
            yield f"表{tables}", Table(child, doc)


def grid_cell(table, row: int, col: int):
    """The cell at 0-based grid position (``row``, ``col``), placed as :func:`_grid` places cells: a
    merged cell for every position it covers; None when the row has no cell there."""
    from docx.table import _Cell

    trs = table._tbl.tr_lst
    for r in range(min(row, len(trs) - 1), -1, -1):  # a vertically merged position belongs to the cell above
        tc = _tc_at(trs[r], col)
        if tc is None:
            return None
        if not _continues(tc):
            return _Cell(tc, table)
    return None


def _tc_at(tr, col: int):
    pos = _count(tr, f"{_W}trPr/{_W}gridBefore", 0)
    for tc in tr.tc_lst:
        span = max(_count(tc, f"{_W}tcPr/{_W}gridSpan", 1), 1)
        if pos <= col < pos + span:
            return tc
        pos += span
    return None


def _read_docx(data: bytes, path: str) -> Document:
    doc = open_docx(data)
    builder = Builder(path)
    numbering = Numbering.of(doc)
    budget = [MAX_CELLS]
    styles = Styles()
    for origin, item in body_items(doc):
        if origin.startswith("表"):
            grid = _grid(item, budget)
            builder.table(grid, [f"{origin} 第{i}行" for i in range(1, len(grid) + 1)])
            continue
        num_id, ilvl = paragraph_numbering(item, styles)
        number = numbering.prefix(num_id, ilvl) if num_id else ""  # Word's automatic "一、", "（一）"
        builder.para(number + item.text, origin, _style_level(item, styles))
    return builder.build()
