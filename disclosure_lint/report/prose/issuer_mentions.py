"""The issuer as the prose names it: names in the introduction, and self-references (本镇, 我局)."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_lint.read.source import Span
from disclosure_lint.regex_needs import Needs, needs
from disclosure_lint.resources import ByIdentity
from disclosure_lint.report.issuers import GENERIC_NAME, OFFICE_TAIL, organ_of
from disclosure_lint.report.prose.passages import Passage


@dataclass(frozen=True)
class SelfRef:
    organ: str
    passage: Passage
    start: int
    end: int
    text: str

    def __init__(self, organ: str, passage: Passage, start: int, end: int, text: str) -> None:
        fields = self.__dict__  # as Count's (counts.py): a report calls itself 我局 a few times or many
        fields["organ"], fields["passage"], fields["text"] = organ, passage, text
        fields["start"], fields["end"] = start, end


def _with_needs(patterns: dict[str, re.Pattern[str]]) -> tuple[tuple[str, re.Pattern[str], Needs | None], ...]:
    """Each organ's expression with what its matches need (None: nothing can be said, always searched)."""
    return tuple((organ, pattern, None if pattern.flags & re.IGNORECASE else needs(pattern.pattern))
                 for organ, pattern in patterns.items())


_organs = ByIdentity(_with_needs)  # a rule's patterns are one dict: worked out once, not per passage


def find_self_refs(passage: Passage, patterns: dict[str, re.Pattern[str]]) -> list[SelfRef]:
    """The text calling itself an organ.  A passage without the strings every self-reference of an organ
    holds (我局, 本局 or 局机关) is not scanned for it (one look per string, cheaper than a search)."""
    out = []
    text = passage.text
    for organ, pattern, wanted in _organs(patterns):
        if wanted is not None and not wanted.met(text):
            continue
        for m in pattern.finditer(text):
            out.append(SelfRef(organ, passage, m.start(), m.end(), m.group(0)))
    return sorted(out, key=lambda r: (r.passage.index, r.start))


@dataclass(frozen=True)
class NamedIssuer:
    where: str  # title | intro | signature
    name: str
    span: Span


INTRO_NAMES = (
    re.compile(r"由([^,。;:()《》\d\s]{3,30}?)(?:负责)?(?:根据|依据|按照|编制|汇总|编写|制作)"),
    re.compile(r"现(?:将|予|公布|发布)+\s?(?:\d{4}\s?年度?\s?)?([^,。;:()《》\d\s]{3,30}?)\s?(?:\d{4}\s?年度?)\s?政府信息公开"),
    re.compile(r"(?:^|,)([^,。;:()《》\d\s]{3,30}?)编制(?:了|本)"),
)


def intro_names(front: Sequence[Passage]) -> list[tuple[str, Passage, int, int]]:
    out = []
    for p in front:
        for pattern in INTRO_NAMES:
            for m in pattern.finditer(p.text):
                name = m.group(1)
                if GENERIC_NAME.match(name) or organ_of(name) is None and not OFFICE_TAIL.search(name):
                    continue
                out.append((name, p, m.start(1), m.end(1)))
    return out
