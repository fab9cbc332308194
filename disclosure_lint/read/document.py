"""The document: what a report says, block by block, before any template knowledge is applied.

Every loader produces a :class:`Document`: the text parser from plain text (via the grammar), and
format readers (Word, HTML, PDF) from their own structures.  Blocks keep their source positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure_lint.read.source import Seg, Source, Span


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  4: （1）
    number: str
    title: str
    seg: Seg  # the whole heading line (or inline piece)

    def __init__(self, level: int, number: str, title: str, seg: Seg) -> None:
        fields = self.__dict__  # as Span's (source.py): a report has dozens of headings and paragraphs
        fields["level"], fields["number"], fields["title"], fields["seg"] = level, number, title, seg


@dataclass(frozen=True)
class Para:
    """A line of running text; ``kind`` tells the special front/back matter lines apart."""

    kind: str  # text | title | docno | signer | addressee | date | trailer
    seg: Seg

    def __init__(self, kind: str, seg: Seg) -> None:
        fields = self.__dict__  # as Heading's
        fields["kind"], fields["seg"] = kind, seg


@dataclass(frozen=True)
class Cell:
    text: str  # normalised, stripped; a wrapped cell's lines joined without separator
    span: Span
    blank_marker: bool = False  # an explicit empty cell (a tab-only line, an empty "|" cell)
    # Longer readings of a label whose beginning was wrapped onto earlier lines (PDF text), nearest first.
    alts: tuple[str, ...] = ()

    def __init__(self, text: str, span: Span, blank_marker: bool = False, alts: tuple[str, ...] = ()) -> None:
        fields = self.__dict__  # as Span's (source.py): a report has hundreds of cells
        fields["text"], fields["span"] = text, span
        # A default is the class's own attribute (the dataclass keeps it there): most cells store neither.
        if blank_marker:
            fields["blank_marker"] = blank_marker
        if alts:
            fields["alts"] = alts

    def __reduce__(self):
        return (Cell, (self.text, self.span, self.blank_marker, self.alts))  # as Span's (source.py)


@dataclass(frozen=True)
class TableBlock:
    """A table region: physical rows of cells.  A layout without row breaks gives a single row."""

    rows: tuple[tuple[Cell, ...], ...]
    span: Span
    layout: str  # cells | pipe | markdown | tabs | rows | mixed | grid
    headers: tuple[Cell, ...] = ()  # header and label fragments that are not cells of a row (PDF text)


Block = Heading | Para | TableBlock


@dataclass(frozen=True)
class Document:
    source: Source
    blocks: tuple[Block, ...]
    problems: tuple[tuple[Span, str], ...] = field(default=())  # text the grammar could not place
    # Facts about the input as a whole that make the usual checks meaningless ("no-text-layer": a
    # scanned PDF).  Only the rules that report such a fact run on it.
    notes: tuple[str, ...] = field(default=())

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    @property
    def tables(self) -> tuple[TableBlock, ...]:
        return tuple(b for b in self.blocks if isinstance(b, TableBlock))

    @property
    def paras(self) -> tuple[Para, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Para))
