"""Build a Document from a structured reader's paragraphs and tables.

The readers hand over the report in reading order: paragraphs (with a heading level when the file
marks one, e.g. a Word "Heading 1" style or an HTML ``<h2>``) and tables as grids of cell texts, where
``None`` marks a grid position covered by a merged cell.  The builder

* synthesises a :class:`Source`: one line per paragraph, one line per table row (cells joined by
  tabs, covered positions left empty), with an origin per line that a person can find;
* classifies paragraphs exactly as the text lexer does (:func:`lines.tokenize` on a paragraph-only copy
  of that source, table lines blanked so that line numbers agree), so that titles, 文号, dates and
  trailing matter are recognised the same way whatever the format;
* turns tables into :class:`TableBlock` rows of :class:`Cell` directly: a merged cell occupies its
  first grid position, covered positions are not cells, and empty cells of the label columns (the
  unused third label column of a row like “（六）其他处理”) are dropped, while empty cells of the value
  columns stay as explicit blanks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure_lint.read.cell_text import KNOWN, read_cell
from disclosure_lint.read.document import Block, Cell, Document, Heading, Para, TableBlock
from disclosure_lint.read.base import MAX_LINES, collapse, too_many_lines
from disclosure_lint.read.grammar import parse_tokens
from disclosure_lint.read.lexer import SENTENCE_END, LineToken, heading_of, tokenize
from disclosure_lint.read.normalize import normalize_lines
from disclosure_lint.read.source import Seg, Source, Span

_PARA_KINDS = {"TITLE": "title", "DOCNO": "docno", "SIGNER": "signer", "ADDRESSEE": "addressee", "DATE": "date",
               "TRAILER": "trailer", "TEXT": "text", "META": "meta"}


@dataclass
class _Para:
    text: str
    origin: str
    level: int | None = None  # a heading level the file itself marks (Word style, <h2>)


@dataclass
class _Table:
    rows: list[list[str | None]]
    origins: list[str]


@dataclass
class Builder:
    path: str
    items: list[_Para | _Table] = field(default_factory=list)

    lines: int = 0  # lines the items will make: a file past MAX_LINES stops before it is all built

    def para(self, text: str, origin: str, level: int | None = None) -> None:
        text = collapse(text)
        if text:
            self._count(1)
            self.items.append(_Para(text, origin, level))

    def _count(self, lines: int) -> None:
        self.lines += lines
        if self.lines > MAX_LINES:
            raise too_many_lines(self.lines)

    def table(self, rows: list[list[str | None]], origins: list[str]) -> None:
        """Add a table: ``rows`` of cell texts (``None`` for a position covered by a merged cell)."""
        kept = [(r, o) for r, o in zip(rows, origins) if any(c and c.strip() for c in r)]
        if not kept:
            return
        self._count(len(kept))
        width = max(len(r) for r, _ in kept)
        grid = [[None if c is None else collapse(c) for c in r] + [None] * (width - len(r)) for r, _ in kept]
        self.items.append(_Table(grid, [o for _, o in kept]))

    def build(self) -> Document:
        raw: list[str] = []
        origins: list[str] = []
        placed: list[tuple[_Para | _Table, int]] = []  # item, first line
        for item in self.items:
            placed.append((item, len(raw) + 1))
            if isinstance(item, _Para):
                raw.append(item.text)
                origins.append(item.origin)
            else:
                for row, origin in zip(item.rows, item.origins):
                    raw.append("\t".join(c or "" for c in row))
                    origins.append(origin)
        source = Source(self.path, tuple(raw), normalize_lines(raw), tuple(origins))
        para_lines = [""] * len(raw)
        levels: dict[int, int] = {}
        for item, line in placed:
            if isinstance(item, _Para):
                para_lines[line - 1] = source.lines[line - 1]
                if item.level:
                    levels[line] = item.level
        para_source = Source(self.path, tuple(para_lines), tuple(para_lines))
        tokens = [_paragraph_token(t, levels.get(t.seg.line)) for t in tokenize(para_source)]
        grids = [LineToken("GRID", Seg("", line, 1), block=_table_block(item, source, line))
                 for item, line in placed if isinstance(item, _Table)]
        return parse_tokens(source, sorted(tokens + grids, key=lambda t: (t.seg.line, t.seg.col)))


def _paragraph_token(tok: LineToken, level: int | None) -> LineToken:
    """A paragraph's token for the grammar.  A structured file's tables are its real grids, so a
    paragraph is never a table line: a label fragment that reads as a heading is one, other table
    lines are text.  A heading the file marks (Word "Heading 2" style, <h3>) whose number is not in
    its text (Word's automatic numbering) is a heading all the same, if the lexer saw plain short text."""
    kind = tok.type
    if kind in _TABLE_LINES:
        kind = "H%d" % heading_of(tok.seg.text)[0] if kind in ("FRAG", "LABELROW") and heading_of(tok.seg.text) else "TEXT"
    if level and kind == "TEXT" and len(tok.seg.text) <= 40 and not SENTENCE_END.search(tok.seg.text):
        kind = f"H{min(level, 4)}"
    return tok if kind == tok.type else LineToken(kind, tok.seg)


_TABLE_LINES = {"ROWCELL", "CELL", "CONT", "PIPECELL", "PIPEROW", "TABROW", "NUMROW", "FRAG", "LABELROW"}


def _label_columns(rows: list[list[str | None]]) -> set[int]:
    """Columns that hold row labels and never a number: their empty cells are not blank values.

    Only the rows with numbers say which columns hold labels: a header cell (商业企业) over a column
    left all blank does not make it a label column, whose blanks would vanish and shift the others."""
    width = max(len(r) for r in rows)
    data = [r for r in rows if any(read_cell(c).status in KNOWN for c in r if c)] or rows
    out = set()
    for j in range(width):
        readings = [read_cell(r[j]) for r in data if j < len(r) and r[j]]
        if any(x.kind == "label" for x in readings) and not any(x.status == "number" for x in readings):
            out.add(j)
    return out


def _table_block(table: _Table, source: Source, first_line: int) -> TableBlock:
    labels = _label_columns(table.rows)
    rows: list[tuple[Cell, ...]] = []
    for offset, row in enumerate(table.rows):
        line = first_line + offset
        norm = source.lines[line - 1]
        cells: list[Cell] = []
        col = 0
        for j, text in enumerate(row):
            length = len(text or "")
            if text is None:
                col += 1
                continue
            seg = Seg(norm[col:col + length], line, col + 1).strip()
            if seg.text:
                cells.append(Cell(seg.text, seg.span()))
            elif j not in labels:
                cells.append(Cell("", Seg("", line, col + 1).span(), blank_marker=True))
            col += length + 1
        rows.append(tuple(cells))
    last = first_line + len(table.rows) - 1
    span = Span(first_line, 1, last, len(source.lines[last - 1]) + 1)
    return TableBlock(tuple(rows), span, "grid")
