"""Passages: the text of consecutive text lines under one heading, joined into one string.

Hard-wrapped PDF lines become one paragraph again; every character maps back to its original line and
column, so findings point at the number as written.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.read.document import Heading, Para
from disclosure_lint.read.source import Seg, Span
from disclosure_lint.report.prose.wrapping import ends_sentence
from disclosure_lint.read.memory import forget_after_big_files

SENTENCE_END = re.compile(r"[。!?\n]")
CLAUSE_PUNCT = ",;:()"


@dataclass(frozen=True)
class Passage:
    """Running text joined across wrapped lines, with the way back to original positions."""

    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each piece begins
    segs: tuple[Seg, ...]
    section: str | None  # the template section id of the enclosing level-1 heading
    heading: str  # the nearest heading's title ("" if none)
    index: int  # position among the report's passages

    def __init__(self, text: str, starts: tuple[int, ...], segs: tuple[Seg, ...], section: str | None,
                 heading: str, index: int) -> None:
        fields = self.__dict__  # as Count's (counts.py): a report has a dozen passages or more
        fields["text"], fields["starts"], fields["segs"] = text, starts, segs
        fields["section"], fields["heading"], fields["index"] = section, heading, index

    def span(self, start: int, end: int) -> Span:
        i = max(0, bisect_right(self.starts, start) - 1)
        seg, base = self.segs[i], self.starts[i]
        stop = min(end - base, len(seg.text))
        return seg.span(start - base, max(stop, start - base + 1))

    def sentences(self) -> tuple[tuple[int, int], ...]:
        return sentence_bounds(self.text)


@forget_after_big_files
@lru_cache(maxsize=512)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of ``text`` as offsets (read by several rules: found once per passage)."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return tuple(out)


def build_passages(blocks: Iterable, section_at: dict[int, str | None] | None = None) -> tuple[Passage, ...]:
    """Join runs of text lines into passages; headings, tables and front/back matter end a run."""
    section_at = section_at or {}
    out: list[Passage] = []
    text: list[str] = []
    starts: list[int] = []
    segs: list[Seg] = []
    length = 0
    section: str | None = None
    heading = ""

    def flush() -> None:
        nonlocal text, starts, segs, length
        if segs:
            out.append(Passage("".join(text), tuple(starts), tuple(segs), section, heading, len(out)))
        text, starts, segs, length = [], [], [], 0

    for block in blocks:
        if isinstance(block, Heading):
            flush()
            if block.level == 1:
                section = section_at.get(block.seg.line, None)
            heading = block.title
            continue
        if not (isinstance(block, Para) and block.kind == "text"):
            flush()
            continue
        seg = block.seg
        if segs:
            # A line that ends a sentence starts a new sentence; a hard-wrapped line continues it.
            if ends_sentence(text[-1]):
                text.append("\n")
                length += 1
        starts.append(length)
        segs.append(seg)
        text.append(seg.text)
        length += len(seg.text)
    flush()
    return tuple(out)


def passages(report, ctx) -> tuple[Passage, ...]:
    """The report's passages, built once per run (``ctx`` is the rules' Context: several rules read them)."""

    def build() -> tuple[Passage, ...]:
        section_at = {s.span.line: (s.spec.id if s.spec else None) for s in report.sections}
        return build_passages(report.document.blocks, section_at)

    return ctx.derived("passages", build)


def joined(report, ctx) -> str:
    """The report's passages joined by line breaks: one text in which a rule looks once whether the words
    it needs occur at all, before searching passage by passage (a passage's text is part of it)."""
    return ctx.derived("passages.joined", lambda: "\n".join(p.text for p in passages(report, ctx)))
