"""PDF reports with a text layer, read with pdfium (pypdfium2): characters and ruling lines from
:mod:`pdf_page`, lines of text and tables from :mod:`pdf_grid`.

Tables are found from the lines the page draws (white shapes filled and not stroked — the text
shading a Word export leaves behind — are paper, not lines) and read cell by cell: a cell's text lines
are joined without spaces between Chinese characters, so a header printed one character per line
(“商\\n业\\n企\\n业”) and a label broken over two lines read whole; page numbers (“- 3 -”, “— 3 —”)
inside a cell are dropped.  A table that runs on from the previous page is joined to it: header rows
repeated at the top of the page are read once, a row broken at the page's end is made whole again, also when the next page's part has a coarser grid, and a
single row at the top or the foot of a page joins the table it belongs to.  A “table” of one column is
a text frame, and a lone row that joins no table is text.  Text outside tables is rebuilt into
paragraphs from the line geometry (an indented or short line ends a paragraph, also across a page
break, unless it stopped short only because the next line's first word — an address, a number — did
not fit).  A PDF without a text layer (a scan) gives one finding (no-text-layer), and one whose fonts
map most characters to no Unicode one finding (text-layer-unmapped), instead of a pile of findings;
a single unmapped character reads as U+FFFD.

Origins: “第3页 第2段”, “第3页 表2 第4行” (rows counted from the table's top on that page).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from disclosure_lint.read.document import Document
from disclosure_lint.read.base import InputError, join_lines, squeeze
from disclosure_lint.read.builder import Builder
from disclosure_lint.read.cell_text import KNOWN, read_cell
from disclosure_lint.read.lexer import FURNITURE, heading_of
from disclosure_lint.read.normalize import normalize
from disclosure_lint.read.pdf_grid import Table, find_tables, text_lines
from disclosure_lint.read.pdf_page import Char, Page, read_page
from disclosure_lint.read.source import Source


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    lead: float = 0.0  # width of its first unbreakable run (pdf_grid.Line.lead)


@dataclass
class _Table:
    page: int
    top: float
    rows: list[list[str | None]]
    origins: list[str] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)  # x of the column edges (pdf_grid.Table.bounds)
    lone: list[_Line] | None = None  # a table of one row: its lines, should it join no other table


def _furniture(text: str) -> bool:
    return bool(FURNITURE.match(normalize(text).strip()))


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    parts = [squeeze(p) for p in text.split("\n")]
    return join_lines([p for p in parts if p.strip() and not _furniture(p)])


def _is_grid(rows: list[list[str | None]]) -> bool:
    """A real table: at least two rows with two or more filled cells (a one-column frame is text)."""
    return sum(1 for r in rows if sum(1 for c in r if c and c.strip()) >= 2) >= 2


def _inside(char: Char, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(number: int, page: Page) -> list[_Line | _Table]:
    tables: list[tuple[Table, list[list[str | None]], list[_Line] | None]] = []
    for found in find_tables(page.edges, page.chars):
        rows = [[_cell(c) for c in row] for row in found.rows]
        if _is_grid(rows):
            tables.append((found, rows, None))
        elif len(rows) == 1 and sum(1 for c in rows[0] if c and c.strip()) >= 2:
            # One row of a table: the end or the start of a table broken by a page, or just text.
            inside = [c for c in page.chars if _inside(c, [found.bbox])]
            tables.append((found, rows, _lines(number, inside)))
    boxes = [found.bbox for found, _, _ in tables]
    items: list[_Line | _Table] = _lines(number, [c for c in page.chars if not _inside(c, boxes)] if boxes else page.chars)
    for found, rows, lines in tables:
        items.append(_Table(number, found.bbox[1], rows, bounds=found.bounds, lone=lines))
    items.sort(key=lambda it: it.top)
    return items


def _lines(number: int, chars: list[Char]) -> list[_Line]:
    out = []
    for line in text_lines(chars):
        text = squeeze(line.text).strip()
        if text and not _furniture(text):
            out.append(_Line(number, line.x0, line.x1, line.top, line.bottom, text, line.lead))
    return out


def _join_tables(items: list[_Line | _Table]) -> list[_Line | _Table]:
    """Number each table's rows by page, and join a table that runs on from the previous page.

    A table of one row stays one only when it joins a table across a page break (the last row of a
    table that goes on at the top of the next page, or the first row of one that began at the foot of
    the page before); otherwise it is read as the text it is."""
    out: list[_Line | _Table] = []
    for item in items:
        if isinstance(item, _Table):
            origins = [f"第{item.page}页 表{{n}} 第{i}行" for i in range(1, len(item.rows) + 1)]
            prev = out[-1] if out else None
            # Nothing but page furniture between the end of a table and a table of the same grid at the
            # top of a later page: one table across the page break.
            rows = _run_on(prev, item) if isinstance(prev, _Table) and prev.page < item.page else None
            if rows is not None:
                repeated = _repeated_header(prev.rows, rows)
                rows, origins = rows[repeated:], origins[repeated:]
                if rows and _continues(prev.rows[-1], rows[0]):
                    prev.rows[-1] = [join_lines([a, b]) if a and b else a for a, b in zip(prev.rows[-1], rows[0])]
                    rows, origins = rows[1:], origins[1:]
                prev.rows.extend(rows)
                prev.origins.extend(origins)
                prev.lone = None
                continue
            item.origins = origins
        _settle(out)
        out.append(item)
    _settle(out)
    return out


def _settle(out: list[_Line | _Table]) -> None:
    """The last item, a table of one row that no table joined: back to its lines of text."""
    last = out[-1] if out else None
    if isinstance(last, _Table) and last.lone is not None:
        out[-1:] = last.lone


def _repeated_header(table: list[list[str | None]], rows: list[list[str | None]]) -> int:
    """How many of ``rows`` (a table's part on a new page) repeat the table's header (Word repeats
    header rows at the top of every page): its first rows again, word for word, with no numbers."""
    count = 0
    while (count < min(len(rows), len(table) - 1) and rows[count] == table[count]
           and not any(c and read_cell(c).status in KNOWN for c in rows[count])):
        count += 1
    return count


def _run_on(prev: _Table, item: _Table) -> list[list[str | None]] | None:
    """The rows of ``item`` in the grid of ``prev`` if it is that table running on (None if not): a
    table of as many columns; or one whose column edges are all edges of ``prev``, from its left to
    its right (a header of merged cells splits the first page's grid finer than the rows that run on
    to the next), when it opens with the rest of a row broken at the page's end — each cell then sits
    at its left edge's column, the columns it spans covered.  (Other parts of a finer grid stay
    tables of their own, as they always were: the report reads them as one.)"""
    width = max(len(r) for r in prev.rows)
    if max(len(r) for r in item.rows) == width:
        return item.rows
    at = [_column(prev.bounds, x) for x in item.bounds]
    if (len(item.bounds) >= len(prev.bounds) or None in at or at[0] != 0
            or at[-1] != len(prev.bounds) - 1 or at != sorted(set(at))):
        return None
    out = []
    for row in item.rows:
        cells: list[str | None] = [None] * width
        for j, text in zip(at, row):
            cells[j] = text
        out.append(cells)
    return out if out and _continues(prev.rows[-1], out[0]) else None


def _column(bounds: list[float], x: float) -> int | None:
    """The index of the edge among ``bounds`` at ``x`` (a ruling drawn on two pages: within 1.5 pt)."""
    near = min(range(len(bounds)), key=lambda i: abs(bounds[i] - x)) if bounds else None
    return near if near is not None and abs(bounds[near] - x) <= 1.5 else None


def _continues(above: list[str | None], row: list[str | None]) -> bool:
    """Whether the first row of a table's part on a new page is the rest of the row above it, broken
    at the page's end (Word lets a row break across pages): it has no values of its own, and each of
    its texts goes on from text in the same column above (not from a number: a header repeated at the
    top of the page stands over numbers) without starting a numbered item of its own."""
    texts = [(j, c) for j, c in enumerate(row) if c]
    if not texts or len(above) != len(row) or any(a is not None and c is None for a, c in zip(above, row)):
        return False  # a broken row keeps the cells of the row above it (a caption across them does not)
    for j, text in texts:
        upper = above[j]
        if (not upper or read_cell(text).status in KNOWN or read_cell(upper).status in KNOWN
                or heading_of(normalize(text))):
            return False
    return True


def _paragraphs(items: list[_Line | _Table], builder: Builder) -> None:
    lines = [it for it in items if isinstance(it, _Line)]
    if lines:
        size = sorted(ln.bottom - ln.top for ln in lines)[len(lines) // 2] or 12.0
        left = Counter(round(ln.x0) for ln in lines).most_common(1)[0][0]
        right = sorted(ln.x1 for ln in lines)[int(0.9 * (len(lines) - 1))]
    else:
        size, left, right = 12.0, 0, 0
    para: list[_Line] = []
    per_page: Counter[int] = Counter()
    tables = 0

    def flush() -> None:
        if para:
            page = para[0].page
            per_page[page] += 1
            builder.para(join_lines([ln.text for ln in para]), f"第{page}页 第{per_page[page]}段")
            para.clear()

    for item in items:
        if isinstance(item, _Table):
            flush()
            tables += 1
            builder.table(item.rows, [o.replace("{n}", str(tables)) for o in item.origins])
            continue
        prev = para[-1] if para else None
        if prev is not None:
            height, prev_height = item.bottom - item.top, prev.bottom - prev.top
            new = (
                item.x0 > left + 0.8 * size  # indented first line, or a centred title
                # the previous line stopped short: a paragraph's end, unless this line's first word (an
                # e-mail address, a URL, a number) would not have fitted in the room left on it
                or item.lead < right - prev.x1 > 1.5 * size
                or abs(height - prev_height) > 0.25 * size  # another font size
                or (item.page == prev.page and item.top - prev.bottom > 1.2 * size)  # a blank line between
            )
            if new:
                flush()
        para.append(item)
    flush()


MIN_SAMPLE = 20  # characters sampled before a text layer is judged unreadable (a page of gibberish has hundreds)
MAX_PAGES = 500  # annual reports have a few dozen pages; every page is parsed in memory


def read_pdf(data: bytes, path: str) -> Document:
    pages = _read_pages(data)
    items = [item for page in pages for item in page.items]
    if not any(page.chars for page in pages) or not items:
        # A scan: one finding (no-text-layer) says so, instead of a pile of findings about "missing" text.
        return Document(Source.from_text("", path), (), notes=("no-text-layer",))
    unmapped, sampled = (sum(n) for n in zip(*(page.unmapped for page in pages)))
    if sampled >= MIN_SAMPLE and unmapped >= sampled / 2:
        # Most of the text is the fonts' own codes (no Unicode map): one finding (text-layer-unmapped)
        # says the content cannot be read, instead of findings about gibberish.
        return Document(Source.from_text("", path), (), notes=("unmapped-text",))
    builder = Builder(path)
    _paragraphs(_join_tables(items), builder)
    return builder.build()


@dataclass(frozen=True)
class _PageRead:
    """What the reader keeps of a page: its lines and tables (its characters and rulings are let go
    page by page, so a long PDF's memory is its text, not its geometry)."""

    items: list[_Line | _Table]
    chars: int
    unmapped: tuple[int, int]


def _read_pages(data: bytes) -> list[_PageRead]:
    """Every page's lines and tables; a file pdfium cannot open (damaged, encrypted) or one that is too
    long is one input error."""
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise InputError("reading PDF needs pypdfium2 (pip install pypdfium2)") from exc
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # PdfiumError for a damaged or encrypted file
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise InputError("这是加密（有密码保护）的 PDF，无法读取：请另存一份不加密的副本再检查 / cannot read the PDF "
                             "file: it is password-protected; save an unprotected copy and lint that") from exc
        raise InputError(f"cannot read the PDF file: {exc.__class__.__name__} {exc}".strip()) from exc
    try:
        if len(pdf) > MAX_PAGES:
            raise InputError(f"the PDF has {len(pdf)} pages, more than the limit of {MAX_PAGES}: "
                             "too long to be an annual report")
        return [_read_page(pdf, i) for i in range(len(pdf))]
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot read the PDF file: {exc.__class__.__name__} {exc}".strip()) from exc
    finally:
        pdf.close()


def _read_page(pdf, index: int) -> _PageRead:
    page = pdf[index]
    try:
        read = read_page(page)
    finally:
        page.close()
    return _PageRead(_page_items(index + 1, read), len(read.chars), read.unmapped)
