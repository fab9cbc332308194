"""Word (.docx) reports, read with python-docx.

Paragraphs and tables are read in body order.  Tables are read cell by cell from the XML grid:
a horizontally merged cell (``w:gridSpan``) occupies its first grid position and covers the
following ones, a vertically merged cell (``w:vMerge``) covers the positions below it; covered
positions are not cells.  Word's automatic list numbers (一、 （一） …) are rebuilt from
``numbering.xml`` and put in front of the paragraph text.  Origins: “第12段” for the 12th paragraph, “表2 第4行” for a table row.
"""

from __future__ import annotations

import io
import re

from disclosure_lint.read.document import Document
from disclosure_lint.read.base import InputError, join_lines
from disclosure_lint.read.builder import Builder
from disclosure_lint.read.docx_numbering import Numbering, paragraph_numbering

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _style_level(paragraph) -> int | None:
    try:
        name = paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, AttributeError, ValueError):
        return None
    m = _HEADING_STYLE.match(name or "")
    return min(int(m.group(1)), 4) if m else None


def _cell_text(tc, table) -> str:
    from docx.table import _Cell

    cell = _Cell(tc, table)
    return join_lines([p.text for p in cell.paragraphs])


def _grid(table) -> list[list[str | None]]:
    """The table as a grid of texts; ``None`` where a merged cell covers the position."""
    rows: list[list[str | None]] = []
    for tr in table._tbl.tr_lst:
        row: list[str | None] = [None] * (getattr(tr, "grid_before", 0) or 0)
        for tc in tr.tc_lst:
            span = max(tc.grid_span or 1, 1)
            if tc.vMerge == "continue":
                row.extend([None] * span)
                continue
            row.append(_cell_text(tc, table))
            row.extend([None] * (span - 1))
        rows.append(row)
    return rows


def read_docx(data: bytes, path: str) -> Document:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from exc
    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise InputError(f"cannot read the Word (.docx) file: {exc}") from exc
    builder = Builder(path)
    numbering = Numbering.of(doc)
    paras = tables = 0
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, doc)
            num_id, ilvl = paragraph_numbering(paragraph)
            number = numbering.prefix(num_id, ilvl) if num_id else ""  # Word's automatic "一、", "（一）"
            if paragraph.text.strip():
                paras += 1
                builder.para(number + paragraph.text, f"第{paras}段", _style_level(paragraph))
        elif tag == "tbl":
            tables += 1
            table = Table(child, doc)
            grid = _grid(table)
            builder.table(grid, [f"表{tables} 第{i}行" for i in range(1, len(grid) + 1)])
    return builder.build()
