"""Parse report text into a :class:`~disclosure_lint.document.Document` with the Lark LALR grammar.

Lines are classified by :mod:`disclosure_lint.lines`; the tokens are fed to one cached LALR parser
(built from ``grammars/report.lark``) and the tree is turned into typed blocks by a Transformer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark, Token, Transformer, UnexpectedInput

from disclosure_lint.document import Block, Cell, Document, Heading, Para, TableBlock
from disclosure_lint.lines import NUM_TOKEN, LineToken, heading_of, tokenize
from disclosure_lint.resources import data_dir
from disclosure_lint.source import Seg, Source, Span


@lru_cache(maxsize=1)
def parser() -> Lark:
    grammar = (data_dir("grammars") / "report.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=True, maybe_placeholders=False)


def _to_lark(index: int, tok: LineToken) -> Token:
    span = tok.seg.span()
    return Token(tok.type, tok.seg.text or " ", start_pos=index, line=span.line, column=span.column,
                 end_line=span.end_line, end_column=span.end_column, end_pos=index + 1)


class _Build(Transformer):
    """Turn the parse tree into blocks; token ``start_pos`` indexes the LineToken list."""

    def __init__(self, tokens: list[LineToken]):
        super().__init__()
        self._tokens = tokens

    def _lt(self, tok: Token) -> LineToken:
        return self._tokens[tok.start_pos]

    def start(self, children):
        blocks: list[Block] = []
        for child in children:
            blocks.extend(child)
        return blocks

    def front(self, children):
        return list(children)

    def section(self, children):
        return list(children)

    def _heading(self, children):
        lt = self._lt(children[0])
        level, number, title = heading_of(lt.seg.text) or (1, "", lt.seg.text)
        return Heading(level, number, title, lt.seg)

    h1 = h2 = h3 = h4 = _heading

    def _para(kind):  # noqa: N805 - a small factory for the one-terminal rules
        def build(self, children):
            return Para(kind, self._lt(children[0]).seg)

        return build

    para = _para("text")
    title = _para("title")
    docno = _para("docno")
    signer = _para("signer")
    addressee = _para("addressee")
    date = _para("date")
    trailer = _para("trailer")

    def table(self, children):
        return table_from_tokens([self._lt(c) for c in children])


def _cells_of_line(seg: Seg, sep: str) -> list[Cell]:
    cells = []
    start = 0
    for part in seg.text.split(sep):
        piece = seg.sub(start, start + len(part))
        stripped = piece.strip()
        if stripped.text:
            cells.append(Cell(stripped.text, stripped.span()))
        else:
            cells.append(Cell("", piece.span(), blank_marker=True))
        start += len(part) + 1
    return cells


_WS = re.compile(r"\S+")


def _numrow_cells(seg: Seg) -> list[Cell]:
    """Split a PDF row-wise line: the label, then the numbers at its end."""
    words = [(m.start(), m.end()) for m in _WS.finditer(seg.text)]
    split = len(words)
    while split > 0 and NUM_TOKEN.match(seg.text[words[split - 1][0]:words[split - 1][1]]):
        split -= 1
    cells = []
    if split > 0:
        label = seg.sub(words[0][0], words[split - 1][1])
        cells.append(Cell(label.text, label.span()))
    for start, end in words[split:]:
        piece = seg.sub(start, end)
        cells.append(Cell(piece.text, piece.span()))
    return cells


def table_from_tokens(tokens: list[LineToken]) -> TableBlock:
    rows: list[list[Cell]] = []
    layouts = set()
    for tok in tokens:
        kind = tok.type
        if kind == "CONT" and rows and rows[-1]:
            last = rows[-1][-1]
            span = Span(last.span.line, last.span.column, tok.seg.line, tok.seg.span().end_column)
            rows[-1][-1] = Cell(last.text + tok.seg.text, span)
            continue
        if kind == "TABROW":
            new = _cells_of_line(tok.seg, "\t")
            layouts.add("tabs")
        elif kind == "PIPEROW":
            inner = tok.seg.sub(1, len(tok.seg.text) - (1 if tok.seg.text.endswith("|") else 0))
            new = _cells_of_line(inner, "|")
            layouts.add("markdown")
        elif kind == "NUMROW":
            new = _numrow_cells(tok.seg)
            layouts.add("rows")
        elif kind == "PIPECELL":
            new = [Cell(tok.seg.text, tok.seg.span(), blank_marker=not tok.seg.text)]
            layouts.add("pipe")
        else:  # ROWCELL, CELL, or a CONT with nothing before it
            new = [Cell(tok.seg.text, tok.seg.span(), blank_marker=not tok.seg.text)]
            layouts.add("cells")
        if tok.row_start or not rows:
            rows.append(new)
        else:
            rows[-1].extend(new)
    first, last = tokens[0].seg.span(), tokens[-1].seg.span()
    span = Span(first.line, first.column, last.end_line, last.end_column)
    layout = layouts.pop() if len(layouts) == 1 else "mixed"
    return TableBlock(tuple(tuple(r) for r in rows), span, layout)


def parse_source(source: Source) -> Document:
    tokens = tokenize(source)
    lark_tokens = [_to_lark(i, t) for i, t in enumerate(tokens)]
    try:
        interactive = parser().parse_interactive()
        for tok in lark_tokens:
            interactive.feed_token(tok)
        tree = interactive.feed_eof()
        blocks = _Build(tokens).transform(tree)
        return Document(source, tuple(blocks))
    except UnexpectedInput as exc:  # the grammar is permissive; keep the text rather than fail
        line = getattr(exc, "line", 1) or 1
        span = Span(line, 1, line, 2)
        blocks = [Para("text", t.seg) for t in tokens]
        return Document(source, tuple(blocks), problems=((span, str(exc).splitlines()[0]),))


def parse_text(text: str, path: str = "-") -> Document:
    return parse_source(Source.from_text(text, path))
