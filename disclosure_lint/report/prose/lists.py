"""Lists in the prose: a total and the parts listed after it (``共…件,其中A…件、B…件``)."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.report.prose.counts import Count, find_counts
from disclosure_lint.resources import ByIdentity


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
    introducers: str = r"其中|包括|含有|含|涵盖"
    respectively: str = r"分别为|分别是"
    residual: str = r"(?:^|和|及|、)(?:其他|其它|其余|剩余)"
    open_end: str = r"^\s?等"
    # Label sets that together make the whole: parts matching every member of one (and nothing else)
    # are an exhaustive list even without 其他 ("总数510条,其中主动公开198条,依申请公开142条,不予公开137条").
    partitions: tuple[tuple[str, ...], ...] = ()
    max_label: int = 40
    max_gap: int = 16
    max_parts: int = 40


INTRO_GAP = re.compile(r"[^\d。!?;\n()]{0,16}?,")
SEPARATORS = re.compile(r"\s?(、|,|;|以及|和|及)\s?")
SHARE_TAIL = re.compile(r"\s?[,(]?\s?占\s?(?:比|比重|比例|总数的?|总量的?|全部的?)?\s?(?:为|约|达)?\s?\d{1,3}(?:\.\d{1,4})?\s?%\)?")
LABEL_BAD = re.compile(r"[\d。!?\n,;:()%]")
# "在公开的99条信息中,": the total stands inside 在…中 and the list follows.
AMONG_BEFORE = re.compile(r"在[^\d。!?;,\n]{0,20}$")
# A first part that restates the whole ("全文电子化的主动公开信息数共90条") is not one of the parts.
RESTATES = re.compile(r"共|全部|全文|总")


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


@dataclass(frozen=True)
class _Intro:
    end: int  # where the first label starts
    word: str  # 其中 / 包括 / 分别为 / ( / 在…中
    paren: bool
    respectively: bool


@dataclass(frozen=True)
class _Patterns:
    intro: re.Pattern[str]
    intro_word: re.Pattern[str]
    residual: re.Pattern[str]
    open_end: re.Pattern[str]


@lru_cache(maxsize=16)
def _compiled(params: EnumParams) -> _Patterns:
    # The introducer may follow a short label of the list ("信息类别包括", "主要类别有").
    intro = re.compile(rf"\s?(?:,|:)?\s?(\()?\s?(?:([^\d。!?;\n(),]{{0,8}}?(?:{params.introducers}))"
                       rf"|([^\d。!?;\n()]{{0,30}}?(?:{params.respectively})))?\s?:?\s?,?\s?")
    return _Patterns(intro, re.compile(params.introducers), re.compile(params.residual),
                     re.compile(params.open_end))


# By the parameters' identity: an lru_cache hashes the whole parameter set (tuples of tuples) at every
# passage of every report.
_patterns = ByIdentity(_compiled, limit=16)


def _intro(text: str, total: Count, params: EnumParams, rx: _Patterns) -> _Intro | None:
    """How the list after ``total`` is introduced, or None when no list follows it."""
    pos = total.unit_end
    m = rx.intro.match(text, pos)
    if m.group(1) or m.group(2) or m.group(3):
        return _Intro(m.end(), (m.group(3) or m.group(2) or "(").strip(), bool(m.group(1)), bool(m.group(3)))
    # "5件申请均已按期答复,其中…": a short gap without numbers before the introducer.
    g = INTRO_GAP.match(text, pos)
    if not g or g.end() - pos > params.max_gap:
        return None
    m = rx.intro.match(text, g.end() - 1)
    if m.group(2) or m.group(3):
        return _Intro(m.end(), (m.group(3) or m.group(2)).strip(), False, bool(m.group(3)))
    if text[g.end() - 2] == "中" and AMONG_BEFORE.search(text, max(0, total.start - 21), total.start):
        return _Intro(g.end(), "在…中", False, False)
    return None


@dataclass
class _Walk:
    """The list being read: its parts so far and how it ended."""

    parts: list[Part]
    sep_class: str | None = None
    closed: bool = False
    open_ended: bool = False


def _after_part(text: str, pos: int, intro: _Intro, walk: _Walk, rx: _Patterns) -> int | None:
    """Move past a part's share and parenthesis to the next label; None when the list ends here."""
    t = SHARE_TAIL.match(text, pos)
    if t:
        pos = t.end()
    if text.startswith("(", pos):
        pos = _skip_paren(text, pos)
    if rx.open_end.match(text[pos:pos + 2]):
        walk.open_ended = True
        return None
    if intro.paren and text.startswith(")", pos):
        walk.closed = True
        return None
    s = SEPARATORS.match(text, pos)
    if not s:
        return None
    # One separator throughout ("A、B、C" or "A,B,C" or "A;B;C", "和/及" before the last part):
    # a change of separator starts another clause.
    kind = s.group(1) if s.group(1) in "、,;" else None
    if walk.sep_class is None:
        walk.sep_class = kind
    elif kind is not None and kind != walk.sep_class:
        return None
    return s.end()


def _walk_parts(text: str, counts: Sequence[Count], i: int, intro: _Intro, params: EnumParams,
                rx: _Patterns) -> _Walk:
    total, walk, pos = counts[i], _Walk([]), intro.end
    for j in range(i + 1, len(counts)):  # not a slice: a copy of the counts after each total was quadratic
        c = counts[j]
        if c.start < pos:
            continue
        label = text[pos:c.start]
        if len(label) > params.max_label or LABEL_BAD.search(label) or c.unit != total.unit or c.approx \
                or len(walk.parts) >= params.max_parts or (walk.parts and rx.intro_word.search(label)):
            break
        if not label.strip() and not intro.respectively and walk.parts and walk.parts[-1].label:
            break  # "3件主办,10件协办": numbers before their labels are not a list
        walk.parts.append(Part(label.strip(" 、"), c))
        restated = len(walk.parts) == 1 and c.value == total.value and bool(RESTATES.search(label))
        if restated:
            walk.parts.pop()
        nxt = _after_part(text, c.unit_end, intro, walk, rx)
        if nxt is None:
            break
        if restated:
            walk.sep_class = None  # the list proper starts after the restatement, with its own separator
        pos = nxt
    return walk


def _covers(parts: Sequence[Part], partition: Sequence[str]) -> bool:
    """Do the parts' labels name each member of ``partition`` once, and nothing else?"""
    if len(parts) != len(partition):
        return False
    unmatched = [re.compile(p) for p in partition]
    for part in parts:
        hit = next((p for p in unmatched if p.search(part.label)), None)
        if hit is None:
            return False
        unmatched.remove(hit)
    return True


def _exhaustive(parts: Sequence[Part], intro: _Intro, walk: _Walk, params: EnumParams, rx: _Patterns) -> bool:
    if walk.open_ended:
        return False
    return (intro.respectively or (intro.paren and walk.closed and len(parts) >= 2)
            or any(rx.residual.search(p.label) for p in parts[1:])
            or any(_covers(parts, partition) for partition in params.partitions))


def find_enumerations(text: str, counts: Sequence[Count] | None = None,
                      params: EnumParams = EnumParams()) -> list[Enumeration]:
    """Every total followed by a list of its parts (``共…件,其中A…件、B…件``, ``在…的N条中,A…``)."""
    counts = counts if counts is not None else find_counts(text)
    rx = _patterns(params)
    out: list[Enumeration] = []
    for i, total in enumerate(counts):
        if not total.unit or total.approx:
            continue
        intro = _intro(text, total, params, rx)
        if intro is None:
            continue
        walk = _walk_parts(text, counts, i, intro, params, rx)
        parts = walk.parts
        if not parts or (len(parts) == 1 and not intro.respectively and not parts[0].label):
            continue
        if intro.paren and not walk.closed and len(parts) < 2:
            continue  # a parenthesis that does not close right after the list holds something else
        if any(rx.open_end.match(p.label) for p in parts):
            walk.open_ended = True
        out.append(Enumeration(total, tuple(parts), intro.word, _exhaustive(parts, intro, walk, params, rx),
                               walk.open_ended))
    return out
