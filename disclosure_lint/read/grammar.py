"""Parse report text into a :class:`~disclosure_lint.read.document.Document` with the Lark LALR grammar.

Lines are classified by :mod:`disclosure_lint.read.lexer`; the tokens are fed to one cached LALR parser
(Lark's stand-alone parser of ``grammars/report.lark`` beside this module) and the tree is turned into typed
blocks by a Transformer.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Callable
from functools import lru_cache

from disclosure_lint.read.report_parser import (Lark, Lark_StandAlone, Token, Transformer, UnexpectedInput,
                                                UnexpectedToken)

from disclosure_lint.read.base import MAX_COLUMNS
from disclosure_lint.read.document import Block, Cell, Document, Heading, Para, TableBlock
from disclosure_lint.read.lexer import NUM_TOKEN, LineToken, glued_split, heading_blocks, tokenize
from disclosure_lint.read.source import Seg, Source, Span


def _to_lark(index: int, tok: LineToken) -> Token:
    """A Lark token of a line, for the message of a token the grammar refuses."""
    seg = tok.seg
    return Token(tok.type, seg.text or " ", start_pos=index, line=seg.line, column=seg.col,
                 end_line=seg.line, end_column=seg.col + max(len(seg.text), 1), end_pos=index + 1)


class _Build(Transformer):
    """Turn grammar rules into blocks.  Runs inline in the LALR parser: no intermediate tree is built.

    Positions need no ``propagate_positions``: every block keeps the source span of its lines.  The
    children of the one-terminal rules and of ``table`` are the classified lines (LineToken) themselves:
    the driver (_Tables.run) shifts them as they are.
    """

    def start(self, children):
        blocks: list[Block] = []
        for child in children:
            blocks.extend(child)
        return blocks

    @staticmethod
    def _flat(children):
        out = []
        for child in children:
            out.extend(child if isinstance(child, list) else [child])
        return out

    def front(self, children):
        return self._flat(children)

    def section(self, children):
        return self._flat(children)

    def _heading(self, children):
        line = children[0]
        return heading_blocks(line.seg, int(line.type[1]))

    h1 = h2 = h3 = h4 = _heading

    def _para(kind):  # noqa: N805 - a small factory for the one-terminal rules
        def build(self, children):
            return Para(kind, children[0].seg)

        return build

    para = _para("text")
    title = _para("title")
    docno = _para("docno")
    signer = _para("signer")
    addressee = _para("addressee")
    date = _para("date")
    trailer = _para("trailer")
    meta = _para("meta")

    def grid(self, children):
        return children[0].block

    def table(self, children):
        return table_from_tokens(children)


def _cells_of_line(seg: Seg, sep: str) -> list[Cell]:
    """The cells of a tab or pipe row; past MAX_COLUMNS the rest of the line is the last cell (no template
    table is that wide, and a line of a million separators would cost a million cells)."""
    cells: list[Cell] = []
    append = cells.append
    line, at = seg.line, seg.col  # the column of the cell's first character
    for part in seg.text.split(sep, MAX_COLUMNS - 1):
        text = part.strip()
        if text is part:  # nothing stripped (str.strip returns the string itself): most cells
            append(Cell(text, Span(line, at, line, at + len(text))) if text else Cell("", Span(line, at, line, at + 1), True))
        elif text:
            left = at + part.index(text[0])  # spans built directly: no Seg per cell (tens of thousands)
            append(Cell(text, Span(line, left, line, left + len(text))))
        else:
            append(Cell("", Span(line, at, line, at + len(part)), True))  # a blank marker
        at += len(part) + 1
    return cells


_WS = re.compile(r"\S+")
_SPAN_OF = re.Match.span
_LABEL_WORDS = 6  # words of a row label tried as its suffixes (group label + row label)


def _numrow_cells(seg: Seg) -> list[Cell]:
    """Split a PDF row-wise line: the label, then the numbers at its end."""
    text, line, col = seg.text, seg.line, seg.col
    head = text.split(None, 1)
    if len(head) == 1 and len(head[0]) == len(text):
        return _word_cells(text, line, col)  # no white space: a flattened page's row (most rows)
    words = list(map(_SPAN_OF, _WS.finditer(text)))  # the words' (start, end), taken in C
    split = len(words)
    # No template row has more than MAX_COLUMNS cells: numbers before the last ones stay in the label
    # (a line of 400,000 numbers was 400,000 cells).
    floor = max(1, len(words) - (MAX_COLUMNS - 1))
    while split > floor and NUM_TOKEN.match(text[words[split - 1][0]:words[split - 1][1]]):
        split -= 1
    if split == 1 and NUM_TOKEN.match(text[words[0][0]:words[0][1]]):
        split = 0  # a row of numbers only, as before
    cells = []
    if split > 0:
        start, end = words[split - 1]
        glued = glued_split(text[start:end], signed=True)
        if glued is not None:  # "…数量5800000": the label's last word carries the first digits
            words[split - 1:split] = [(start, start + glued), (start + glued, end)]
        label_start, label_end = words[0][0], words[split - 1][1]
        # "三、本年度办理结果 （一）予以公开": a group label before the row's own; its later words are
        # the row label when the whole does not match.  Only the last few words: a row label is a few
        # words long, and every suffix of a long flattened line would cost memory quadratic in its length.
        first = max(0, split - 1 - _LABEL_WORDS)
        alts = tuple([text[words[k][0]:label_end] for k in range(split - 1, first, -1)])
        cells.append(Cell(text[label_start:label_end], Span(line, col + label_start, line, col + label_end), False, alts))
    # The words are not empty: their spans are built directly, without a Seg each.
    cells += [Cell(text[start:end], Span(line, col + start, line, col + end)) for start, end in words[split:]]
    return cells


def _word_cells(text: str, line: int, col: int) -> list[Cell]:
    """The cells of a row that is one word: what :func:`_numrow_cells` makes of it, without the word
    lists (a number alone; a label; a label with its digits glued on)."""
    end = col + len(text)
    if NUM_TOKEN.match(text):
        return [Cell(text, Span(line, col, line, end))]
    glued = glued_split(text, signed=True)  # the text itself: its hash is kept (the lexer asked of it)
    if glued is None:
        return [Cell(text, Span(line, col, line, end))]
    return [Cell(text[:glued], Span(line, col, line, col + glued)), Cell(text[glued:], Span(line, col + glued, line, end))]


def _span(seg: Seg) -> Span:
    """``seg.span()``, inline: a table builds one per cell."""
    return Span(seg.line, seg.col, seg.line, seg.col + (len(seg.text) or 1))


_ONE_CELL = {"CELL": "cells", "ROWCELL": "cells", "PIPECELL": "pipe"}  # lines that are one cell: their layout


def table_from_tokens(tokens: list[LineToken]) -> TableBlock:
    rows: list[list[Cell]] = []
    headers: list[Cell] = []
    frags: list[str] = []
    layouts = set()
    for tok in tokens:
        kind = tok.type
        if kind in _ONE_CELL:  # the most frequent lines first: a cell of their own
            seg = tok.seg
            text = seg.text
            new = [Cell(text, Span(seg.line, seg.col, seg.line, seg.col + (len(text) or 1)), not text)]
            layouts.add(_ONE_CELL[kind])
        elif kind == "FRAG":
            headers.append(Cell(tok.seg.text, _span(tok.seg)))
            frags.append(tok.seg.text)
            continue
        elif kind == "CONT" and rows and rows[-1]:
            last = rows[-1][-1]
            span = Span(last.span.line, last.span.column, tok.seg.line, tok.seg.span().end_column)
            rows[-1][-1] = Cell(last.text + tok.seg.text, span)
            continue
        elif kind == "TABROW":
            new = _cells_of_line(tok.seg, "\t")
            layouts.add("tabs")
        elif kind == "PIPEROW":
            text = tok.seg.text  # outer pipes are optional ("规章 | 0 | 0 | 0")
            inner = tok.seg.sub(1 if text.startswith("|") else 0, len(text) - (1 if text.endswith("|") else 0))
            new = _cells_of_line(inner, "|")
            layouts.add("markdown")
        elif kind == "NUMROW":
            new = _numrow_cells(tok.seg)
            if frags and new and not NUM_TOKEN.match(new[0].text):
                own = new[0]
                alts = tuple("".join(frags[-k:]) + own.text for k in range(1, min(len(frags), 5) + 1))
                new[0] = Cell(own.text, own.span, alts=alts + own.alts)
            frags = []
            layouts.add("rows")
        elif kind == "LABELROW":
            new = [Cell(tok.seg.text, _span(tok.seg))]
            layouts.add("rows")
        else:  # a CONT with nothing before it
            new = [Cell(tok.seg.text, _span(tok.seg), not tok.seg.text)]
            layouts.add("cells")
        if tok.row_start or not rows:
            rows.append(new)
        else:
            rows[-1].extend(new)
    first, last = tokens[0].seg, tokens[-1].seg  # the span from the first line's start to the last's end
    span = Span(first.line, first.col, last.line, last.col + (len(last.text) or 1))
    layout = layouts.pop() if len(layouts) == 1 else "mixed"
    return TableBlock(tuple(map(tuple, rows)), span, layout, tuple(headers))


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The one LALR parser of ``grammars/report.lark`` beside this module, with the block builder inline:
    Lark's stand-alone parser generated from it (``report_parser``), so that a run, and every pre-commit
    run starts cold, neither imports lark nor rebuilds the tables (tests/test_report_parser.py keeps it
    current and checks that it parses as lark does)."""
    return Lark_StandAlone(transformer=_Build())


# The actions of the tables: (SHIFT, state), or a reduction (kind, size, origin, callback) where the kind
# tells the driver the reductions it can do in place: a rule of one symbol (UNIT: ``para: TEXT``, ``_item:
# para``), and one more item on a repetition's list (APPEND: ``__table_plus: __table_plus CELL``, EXTEND:
# ``__section_star: __section_star _item``).  Such a repetition step needs no goto: the state under the
# popped symbols is the state the list's own symbol pushed, which is the goto of the state below it.
_SHIFT, _REDUCE, _UNIT, _APPEND, _EXTEND = range(5)


def _action(rule, callback: Callable[[list], object]) -> tuple:
    size, origin = len(rule.expansion), rule.origin.name
    kind = {_append: _APPEND, _extend: _EXTEND}.get(callback, _REDUCE) if size == 2 else _UNIT if size == 1 else _REDUCE
    return (kind, size, origin, callback)


class _Tables:
    """A Lark LALR parser's tables and callbacks, read once into plain tuples for :meth:`run`.

    The driver is Lark's ``ParserState.feed_token`` loop over the same tables and the same tree-building
    callbacks, without what a line-level token stream does not need: a Lark ``Token`` per line (the
    classified lines are shifted as they are), the interactive parser's per-token calls, and the
    attribute walks of each reduction (a tenth of a report's parse).  The frequent reductions (a table
    line added to its table, a paragraph to its section) are done in place, without slicing the stacks."""

    def __init__(self, lark: Lark) -> None:
        conf = lark.parse_interactive().parser_state.parse_conf
        self.lark = lark
        self.start, self.end = conf.start_state, conf.end_state
        # One entry per rule, shared by every state that reduces by it (a one-file run builds this table).
        reductions = {rule: _action(rule, _callback(rule, callback)) for rule, callback in conf.callbacks.items()}
        # Told apart by the argument: a shift's is a state, a reduction's a rule (the generated parser
        # spells the actions 0 and 1, lark as Action objects).
        self.states = {state: {sym: (_SHIFT, arg) if type(arg) is int else reductions[arg]
                               for sym, (_, arg) in row.items()}
                       for state, row in conf.states.items()}

    def run(self, tokens: list[LineToken]) -> list[Block]:
        """The blocks of ``tokens``; a token the grammar refuses raises Lark's ``UnexpectedToken``."""
        states, stack, values = self.states, [self.start], []
        for index, tok in enumerate(tokens):
            kind = tok.type
            step = states[stack[-1]].get(kind)
            while step is not None and step[0]:
                action = step[0]
                if action == _UNIT:
                    values[-1] = step[3]([values[-1]])
                    stack[-1] = states[stack[-2]][step[2]][1]
                elif action == _APPEND and type(values[-2]) is _Spliced:
                    last = values.pop()
                    values[-1].append(last)
                    stack.pop()
                elif action == _EXTEND and type(values[-2]) is _Spliced:
                    last = values.pop()
                    values[-1] += last.children
                    stack.pop()
                else:
                    self._reduce(step, stack, values)
                step = states[stack[-1]].get(kind)
            if step is None:
                raise UnexpectedToken(_to_lark(index, tok), {s for s in states[stack[-1]] if s.isupper()})
            stack.append(step[1])
            values.append(tok)
        return self._finish(stack, values)

    def _reduce(self, step: tuple, stack: list, values: list) -> None:
        """Pop the rule's symbols, push its value and the state it goes to."""
        _, size, origin, callback = step
        if size:
            children = values[-size:]
            del stack[-size:], values[-size:]
        else:
            children = []
        values.append(callback(children))
        stack.append(self.states[stack[-1]][origin][1])

    def _finish(self, stack: list, values: list) -> list[Block]:
        while stack[-1] != self.end:
            step = self.states[stack[-1]].get("$END")
            if step is None:
                raise UnexpectedToken(Token("$END", "", 0, 1, 1), set(self.states[stack[-1]]))
            self._reduce(step, stack, values)
        return values[-1]


class _Spliced(list):
    """The value of a rule that the rule around it splices into its own children: an inlined rule
    (``_item: h2 | para …``) or a repetition's helper rule (lark writes ``x*`` as
    ``__rule_star_N: x | __rule_star_N x``).  Lark's child filter reads it as ``.children``, as it would
    read lark's tree of that rule, which is not built (a tree or two per line, thrown away: a fifth of
    a parse)."""

    __slots__ = ()

    @property
    def children(self) -> list:
        return self


def _one(children: list) -> _Spliced:
    """``_item: para``: the item alone."""
    return _Spliced(children)


def _spliced_one(children: list) -> _Spliced:
    """``__rule_star_N: _item``: the inlined item's children."""
    return _as_spliced(children[0].children)


def _append(children: list) -> _Spliced:
    """``__rule_star_N: __rule_star_N x``: one more item on the list so far."""
    run = _as_spliced(children[0].children)
    run.append(children[1])
    return run


def _extend(children: list) -> _Spliced:
    """``__rule_star_N: __rule_star_N _item``: the inlined item's children after the list so far."""
    run = _as_spliced(children[0].children)
    run += children[1].children
    return run


def _as_spliced(items: list) -> _Spliced:
    return items if type(items) is _Spliced else _Spliced(items)


_SHAPES = {(False,): _one, (True,): _spliced_one, (True, False): _append, (True, True): _extend}


def _callback(rule, lark_callback: Callable[[list], object]) -> Callable[[list], object]:
    """What a reduction of ``rule`` makes: lark's callback, but for a rule that its parent splices in
    (its name starts with "_"), in the shapes above (a symbol whose name starts with "_" is spliced).
    Rules with tokens lark filters out, or placeholders, keep lark's callback."""
    options, symbols = rule.options, rule.expansion
    if not rule.origin.name.startswith("_") or options.keep_all_tokens or options.empty_indices \
            or any(sym.is_term and sym.filter_out for sym in symbols):
        return lark_callback
    shape = tuple(not sym.is_term and sym.name.startswith("_") for sym in symbols)
    if len(shape) == 2 and symbols[0] != rule.origin:
        return lark_callback  # not a repetition: "__a: _b _c" is not one of the shapes above
    return _SHAPES.get(shape, lark_callback)


_TABLES: dict[int, _Tables] = {}


def _tables() -> _Tables:
    """The tables of :func:`parser` (a test swaps in a parser that lark builds: its own tables)."""
    lark = parser()
    found = _TABLES.get(id(lark))
    if found is None or found.lark is not lark:
        found = _TABLES[id(lark)] = _Tables(lark)
    return found


def parse_source(source: Source, row_labels: re.Pattern[str] | None = None) -> Document:
    """The structure of a text: ``row_labels`` (the templates' row labels) help to split flattened tables."""
    return parse_tokens(source, tokenize(source, row_labels))


def parse_tokens(source: Source, tokens: list[LineToken]) -> Document:
    """The one structure recogniser: the grammar over classified lines (and, from Word, HTML and PDF
    readers, GRID tokens carrying their real tables)."""
    try:
        return Document(source, tuple(_tables().run(tokens)))
    except UnexpectedInput as exc:  # the grammar is permissive; keep the text rather than fail
        line = getattr(exc, "line", 1) or 1
        span = Span(line, 1, line, 2)
        blocks = [t.block if t.block is not None else Para("text", t.seg) for t in tokens]
        return Document(source, tuple(blocks), problems=((span, str(exc).splitlines()[0]),))


def parse_text(text: str, path: str = "-", row_labels: re.Pattern[str] | None = None) -> Document:
    return parse_source(Source.from_text(text, path), row_labels)
