"""Lists in the prose: a total and the parts listed after it (``共…件,其中A…件、B…件``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.report.prose.counts import Count, find_counts


@dataclass(frozen=True)
class Part:
    label: str
    count: Count


@dataclass(frozen=True)
class Enumeration:
    total: Count
    parts: tuple[Part, ...]
    intro: str  # 其中 / 包括 / 分别为 / ( …
    exhaustive: bool
    open_ended: bool  # the list closes with 等

    @property
    def sum(self) -> int | float:
        return sum(p.count.value for p in self.parts)


@dataclass(frozen=True)
class EnumParams:
    introducers: str = r"其中|包括|含有|含"
    respectively: str = r"分别为|分别是"
    residual: str = r"^(?:其他|其它|其余|剩余)"
    open_end: str = r"^\s?等"
    max_label: int = 30
    max_gap: int = 16
    max_parts: int = 40


INTRO_GAP = re.compile(r"[^\d。!?;\n()]{0,16}?,")
SEPARATORS = re.compile(r"\s?(、|,|;|以及|和|及)\s?")
SHARE_TAIL = re.compile(r"\s?[,(]?\s?占\s?(?:比|比重|比例|总数的?|总量的?|全部的?)?\s?(?:为|约|达)?\s?\d{1,3}(?:\.\d{1,4})?\s?%\)?")
LABEL_BAD = re.compile(r"[\d。!?\n,;:()%]")


def _skip_paren(text: str, pos: int, limit: int = 160) -> int:
    """Offset after the parenthetical starting at ``pos`` (nested once), or ``pos`` if none closes."""
    depth = 0
    for i in range(pos, min(len(text), pos + limit)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch in "。\n":
            break
    return pos


def find_enumerations(text: str, counts: Sequence[Count] | None = None,
                      params: EnumParams = EnumParams()) -> list[Enumeration]:
    counts = list(counts if counts is not None else find_counts(text))
    intro_re = re.compile(rf"\s?(?:,|:)?\s?(\()?\s?(?:({params.introducers})|([^\d。!?;\n()]{{0,30}}?(?:{params.respectively})))?\s?:?\s?")
    intro_word = re.compile(params.introducers)
    residual = re.compile(params.residual)
    open_end = re.compile(params.open_end)
    by_start = {c.start: i for i, c in enumerate(counts)}
    out: list[Enumeration] = []
    for i, total in enumerate(counts):
        if not total.unit or total.approx:
            continue
        pos = total.unit_end
        m = intro_re.match(text, pos)
        paren, word, resp = m.group(1), m.group(2), m.group(3)
        if not (paren or word or resp):
            # "5件申请均已按期答复,其中…": a short gap without numbers before the introducer.
            g = INTRO_GAP.match(text, pos)
            if not g or g.end() - pos > params.max_gap:
                continue
            m = intro_re.match(text, g.end() - 1)
            paren, word, resp = m.group(1), m.group(2), m.group(3)
            if paren or not (word or resp):
                continue
        intro = (resp or word or "(").strip()
        pos = m.end()
        parts: list[Part] = []
        sep_class: str | None = None
        closed = open_ended = False
        j = i + 1
        while j < len(counts):
            c = counts[j]
            if c.start < pos:
                j += 1
                continue
            label = text[pos:c.start]
            if len(label) > params.max_label or LABEL_BAD.search(label) or c.unit != total.unit or c.approx \
                    or len(parts) >= params.max_parts or (parts and intro_word.search(label)):
                break
            if not label.strip() and not resp and parts and parts[-1].label:
                break  # "3件主办,10件协办": numbers before their labels are not a list
            parts.append(Part(label.strip(" 、"), c))
            pos = c.unit_end
            t = SHARE_TAIL.match(text, pos)
            if t:
                pos = t.end()
            if text.startswith("(", pos):
                pos = _skip_paren(text, pos)
            if open_end.match(text[pos:pos + 2]):
                open_ended = True
                break
            if paren and text.startswith(")", pos):
                closed = True
                break
            s = SEPARATORS.match(text, pos)
            if not s:
                break
            # One separator throughout ("A、B、C" or "A,B,C" or "A;B;C", "和/及" before the last part):
            # a change of separator starts another clause.
            kind = s.group(1) if s.group(1) in "、,;" else None
            if sep_class is None:
                sep_class = kind
            elif kind is not None and kind != sep_class:
                break
            pos = s.end()
            j = by_start.get(c.start, j) + 1
        if not parts or (len(parts) == 1 and not resp and not parts[0].label):
            continue
        if paren and not closed:
            # A parenthesis that does not close right after the list holds something else.
            if len(parts) < 2:
                continue
        if any(open_end.match(p.label) for p in parts):
            open_ended = True
        exhaustive = not open_ended and (
            bool(resp) or (bool(paren) and closed and len(parts) >= 2)
            or any(residual.search(p.label) for p in parts[1:]))
        out.append(Enumeration(total, tuple(parts), intro, exhaustive, open_ended))
    return out
