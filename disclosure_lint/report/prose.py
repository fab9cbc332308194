"""Understanding the prose: counted statements, totals and their parts, shares, and what a number counts.

Pure functions over a report's running text.  The text of consecutive text lines under one heading is
joined into a :class:`Passage` (hard-wrapped PDF lines become one paragraph again) that maps every
character back to its original line and column, so findings point at the number as written.

Everything here is bounded: regular expressions are anchored or use bounded repetitions, and the
scanners walk the text once, so a 100k-character line costs linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.read.document import Heading, Para
from disclosure_lint.read.source import Seg, Span

# After normalisation full-width punctuation is ASCII: ，→,  ；→;  ：→:  （→(  ）→)  ！→!  ？→?
TERMINAL = "。!?;:"
SENTENCE_END = re.compile(r"[。!?\n]")
CLAUSE_PUNCT = ",;:()"
DEFAULT_UNITS = ("人次", "条", "件", "篇", "次", "个", "项", "期", "场", "起")


# --------------------------------------------------------------------------------------------------
# Passages


@dataclass(frozen=True)
class Passage:
    """Running text joined across wrapped lines, with the way back to original positions."""

    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each piece begins
    segs: tuple[Seg, ...]
    section: str | None  # the template section id of the enclosing level-1 heading
    heading: str  # the nearest heading's title ("" if none)
    index: int  # position among the report's passages

    def span(self, start: int, end: int) -> Span:
        i = max(0, bisect_right(self.starts, start) - 1)
        seg, base = self.segs[i], self.starts[i]
        stop = min(end - base, len(seg.text))
        return seg.span(start - base, max(stop, start - base + 1))

    def sentences(self) -> list[tuple[int, int]]:
        return sentence_bounds(self.text)


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


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
            prev = text[-1].rstrip()
            # A line that ends a sentence starts a new sentence; a hard-wrapped line continues it.
            if not prev or prev[-1] in TERMINAL or prev[-1] == ")" and len(prev) < 20:
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


# --------------------------------------------------------------------------------------------------
# Counts


@dataclass(frozen=True)
class Count:
    value: int | float
    text: str  # the digits as written
    unit: str  # "" for "数量为0"
    start: int  # the number's offsets in the passage text
    end: int
    unit_end: int  # just after the unit
    approx: bool = False  # 约 / 余 / 多 / 近 …

    @property
    def whole(self) -> bool:
        return isinstance(self.value, int)


NUMBER = re.compile(r"(?<![\d.A-Za-z_/@-])(\d{1,9}(?:\.\d{1,4})?)(?![\d.]*[A-Za-z@/])")
APPROX_BEFORE = re.compile(r"(?:约|近|逾|超过|多于|大约|将近)\s?$")
BARE_BEFORE = re.compile(r"(?:为|是|达|共计|计)\s?$")
BARE_AFTER = re.compile(r"\s?(?:[,;。!?)\n]|$)")


@lru_cache(maxsize=64)
def _unit_re(units: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"\s?(余|多)?\s?({alts})")


def find_counts(text: str, units: Sequence[str] = DEFAULT_UNITS) -> list[Count]:
    """Numbers with a counting unit (``77件``, ``6300 余条``), and bare ``为0`` statements."""
    unit_re = _unit_re(tuple(units))
    out: list[Count] = []
    for m in NUMBER.finditer(text):
        start, end = m.start(1), m.end(1)
        before = text[max(0, start - 4):start]
        if before.endswith("第") or before.rstrip().endswith("第"):
            continue
        raw = m.group(1)
        value: int | float = float(raw) if "." in raw else int(raw)
        u = unit_re.match(text, end)
        approx = bool(APPROX_BEFORE.search(before))
        if u:
            out.append(Count(value, raw, u.group(2), start, end, u.end(), approx or bool(u.group(1))))
        elif BARE_BEFORE.search(before) and BARE_AFTER.match(text, end):
            out.append(Count(value, raw, "", start, end, end, approx))
    return out


# --------------------------------------------------------------------------------------------------
# Enumerations: a total and the parts listed after it


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


# --------------------------------------------------------------------------------------------------
# Shares


@dataclass(frozen=True)
class Share:
    part: Count
    percent: float
    decimals: int
    text: str  # "8.1" as written
    start: int  # the percentage's offsets
    end: int


SHARE = re.compile(r"占\s?(?:比|比重|比例|总数的?|总量的?|全部的?)?\s?(?:为|约|达)?\s?(\d{1,3}(?:\.\d{1,4})?)\s?%")
SHARE_GAP = re.compile(r"^\s?[,(]?\s?$")


def find_shares(text: str, counts: Sequence[Count] | None = None) -> list[Share]:
    """``15条,占8.1%``: a percentage stated as the share of the count right before it."""
    counts = list(counts if counts is not None else find_counts(text))
    ends = [c.unit_end for c in counts]
    out: list[Share] = []
    for m in SHARE.finditer(text):
        k = bisect_right(ends, m.start()) - 1
        if k < 0:
            continue
        part = counts[k]
        if part.approx or not part.unit or not SHARE_GAP.match(text[part.unit_end:m.start()]):
            continue
        raw = m.group(1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        out.append(Share(part, float(raw), decimals, raw, m.start(1), m.end(1)))
    return out


def share_fits(part: float, base: float, percent: float, decimals: int) -> bool:
    """Does ``percent`` (written with ``decimals`` places) state ``part / base``?

    8.1% stands for [8.05, 8.15] when rounded; reporters who truncate write 8.1 for [8.1, 8.2).
    Both are accepted; anything else is a wrong share.
    """
    if base <= 0:
        return True
    value = part / base * 100
    step = 10 ** -decimals
    eps = 1e-9
    return abs(value - percent) <= step / 2 + eps or percent - eps <= value < percent + step


# --------------------------------------------------------------------------------------------------
# What a number counts


@dataclass(frozen=True)
class Quantity:
    id: str
    name_zh: str
    name_en: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None
    needs: re.Pattern[str] | None  # must be found in the window itself
    context: re.Pattern[str] | None  # must be found in the sentence or the heading
    after: bool  # may be named after the number ("另有44件结转下年度继续办理")
    combine: str | None  # quantities of one group named together add up ("行政复议、行政诉讼0次")
    avoid: re.Pattern[str] | None = None  # must not be found in the sentence before the number
    label_zh: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class Statement:
    quantities: tuple[Quantity, ...]
    variant: str  # year | cumulative | either
    count: Count
    passage: Passage
    phrase: str  # the words that name the quantity


@dataclass(frozen=True)
class Variants:
    cumulative: re.Pattern[str]
    either: re.Pattern[str]


def quantity(raw: dict) -> Quantity:
    name = raw.get("name") or {}
    def rx(key: str) -> re.Pattern[str] | None:
        return re.compile(raw[key]) if raw.get(key) else None
    label = raw.get("label") or name
    return Quantity(raw["id"], name.get("zh", raw["id"]), name.get("en", raw["id"]), re.compile(raw["match"]),
                    rx("exclude"), rx("needs"), rx("context"), bool(raw.get("after")), raw.get("combine"),
                    rx("avoid"), label.get("zh", raw["id"]), label.get("en", raw["id"]))


def _classify(window: str, context_ok: dict[str, bool], heading: str, quantities: Sequence[Quantity],
              prefix: str = "") -> list[Quantity]:
    found: list[Quantity] = []
    for q in quantities:
        if not q.match.search(window):
            continue
        if q.exclude and q.exclude.search(window):
            continue
        if q.avoid and q.avoid.search(prefix):
            continue
        if q.needs and not (q.needs.search(window) or q.needs.search(heading)):
            continue
        if not context_ok[q.id]:
            continue
        found.append(q)
    if not found:
        return []
    first = found[0]
    if first.combine:
        return [q for q in found if q.combine == first.combine]
    return [first]


MAX_WINDOW = 40  # how far back the words naming a number may be
MAX_PREFIX = 160  # how far back the sentence is read for its subject


def find_statements(passage: Passage, quantities: Sequence[Quantity], variants: Variants,
                    units: Sequence[str] = DEFAULT_UNITS) -> list[Statement]:
    """Every count in the passage whose words say unambiguously which quantity it is."""
    text = passage.text
    counts = find_counts(text, units)
    out: list[Statement] = []
    for s_start, s_end in passage.sentences():
        sentence = text[s_start:s_end]
        inside = [c for c in counts if s_start <= c.start < s_end]
        if not inside:
            continue
        context_ok = {q.id: not q.context or bool(q.context.search(sentence) or q.context.search(passage.heading))
                      for q in quantities}
        prev_end = s_start
        prev: Statement | None = None
        for c in inside:
            lo = prev_end
            for k in range(c.start - 1, prev_end - 1, -1):
                if text[k] in CLAUSE_PUNCT:
                    lo = k + 1
                    break
            lo = max(lo, c.start - MAX_WINDOW)
            window = text[lo:c.start]
            if text.startswith("部分", c.unit_end):
                prev_end = c.unit_end
                continue  # "共6个部分组成": the report's parts, not a count
            prefix = text[max(s_start, c.start - MAX_PREFIX):c.start]
            qs = _classify(window, context_ok, passage.heading, quantities, prefix)
            phrase = window
            if not qs and not window.strip(" 、和及另有共") and c.unit:
                stop = c.unit_end
                while stop < s_end and stop - c.unit_end < 24 and text[stop] not in ",;:(":
                    stop += 1
                after = text[c.unit_end:stop]
                qs = [q for q in _classify(after, context_ok, passage.heading, quantities, prefix) if q.after]
                phrase = after
            named = [q for q in quantities if q.match.search(window)]
            if not qs and prev is not None and variants.cumulative.search(window) \
                    and all(q in prev.quantities for q in named):
                qs = list(prev.quantities)  # "…6条,历年累计公开信息数208条": the same quantity, cumulated
            prev_end = c.unit_end
            if not qs or c.approx:
                prev = None
                continue
            scope = prefix
            if variants.cumulative.search(window):
                variant = "cumulative"
            elif variants.either.search(window) or variants.cumulative.search(scope):
                variant = "either"
            else:
                variant = "year"
            st = Statement(tuple(qs), variant, c, passage, phrase.strip())
            out.append(st)
            prev = st
    return out


@dataclass(frozen=True)
class Claim:
    """A statement without a number: "没有发生行政复议" (zero), "均获维持" (outcome)."""

    kind: str  # zero | upheld | pending
    quantities: tuple[Quantity, ...]
    passage: Passage
    start: int
    end: int
    phrase: str


def find_claims(passage: Passage, patterns: dict[str, re.Pattern[str]], quantities: Sequence[Quantity]) -> list[Claim]:
    """Zero and outcome claims.  ``patterns`` maps a claim kind to the regex of its wording; the
    quantities it speaks about are named in its clause (zero) or sentence (outcomes)."""
    text = passage.text
    out: list[Claim] = []
    for s_start, s_end in passage.sentences():
        sentence = text[s_start:s_end]
        context_ok: dict[str, bool] = {}
        for kind, pattern in patterns.items():
            for m in pattern.finditer(sentence):
                if kind == "zero":
                    stop = m.end()
                    while stop < len(sentence) and sentence[stop] not in ",;:" and stop - m.end() < 40:
                        stop += 1
                    scope = sentence[m.start():stop]
                    if re.search(r"\d", scope):
                        continue
                else:
                    scope = sentence[max(0, m.start() - MAX_PREFIX):m.start()]
                    scope = scope[scope.rfind(";") + 1:]
                if not context_ok:
                    context_ok = {q.id: not q.context or bool(q.context.search(sentence)
                                                              or q.context.search(passage.heading))
                                  for q in quantities}
                qs = [q for q in quantities if q.match.search(scope) and not (q.exclude and q.exclude.search(scope))
                      and context_ok[q.id] and (not q.needs or q.needs.search(scope))]
                if kind != "zero":
                    qs = [q for q in qs if q.combine]
                if kind == "pending" and len(qs) > 1:
                    # "行政复议4件，行政诉讼3件，其中1件正在审理": the case named last.
                    last = {q.id: max(m2.end() for m2 in q.match.finditer(scope)) for q in qs}
                    qs = [max(qs, key=lambda q: last[q.id])]
                if not qs:
                    continue
                phrase = scope if kind == "zero" else m.group(0)
                out.append(Claim(kind, tuple(qs), passage, s_start + m.start(), s_start + m.end(), phrase[:40]))
    return out


# --------------------------------------------------------------------------------------------------
# Issuers


ORGAN_SUFFIXES = (
    ("街道", re.compile(r"(?:街道办事处|街道|办事处|街)$")),
    ("镇", re.compile(r"镇(?:人民政府|政府)?$")),
    ("乡", re.compile(r"乡(?:人民政府|政府)?$")),
    ("政府", re.compile(r"(?:人民政府|政府)$")),
    ("局", re.compile(r"局$")),
    ("委", re.compile(r"(?:委员会|委)$")),
    ("厅", re.compile(r"厅$")),
)
OFFICE_TAIL = re.compile(r"(?:党政综合办公室|党政办公室|综合办公室|党政办|办公室|办公厅)$")
COUNTY = re.compile(r"[县旗]|(?<!自治)(?<!开发)(?<!高新)(?<!新)(?<!园)(?<!景)(?<!林)(?<!矿)(?<!特)(?<!保税)(?<!示范)(?<!试验)(?<!城)(?<!片)(?<!管理)区")
GENERIC_NAME = re.compile(r"^(?:我|本|该|各|上级|有关)")


def clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def organ_of(name: str) -> str | None:
    name = clean_name(name)
    if not name:
        return None
    base = OFFICE_TAIL.sub("", name) or name
    if base != name and organ_of(base) == "政府":
        return "政府"  # 人民政府办公室 speaks for its government
    if base != name:
        return None  # an office of a department: too generic
    for organ, pattern in ORGAN_SUFFIXES:
        if pattern.search(base):
            return organ
    return None


def level_of(name: str, kind: str | None) -> str | None:
    """township (乡镇/街道), county (县级 bodies and their departments) or None when unknown."""
    name = clean_name(name)
    if kind == "township" or organ_of(name) in ("街道", "镇", "乡"):
        return "township"
    if COUNTY.search(name):
        return "county"
    return None


CORE_DROP = re.compile(r"人民政府|政府|街道办事处|办事处|党政综合办公室|党政办公室|综合办公室|党政办|办公室|街道")


def same_body(a: str, b: str) -> bool:
    """Two names of one issuer?  Abbreviation and administrative prefixes are allowed
    (“罗山街道” = “晋江市罗山街道办事处”, “桐江市市监局” = “桐江市市场监督管理局”); different organs are not."""
    a, b = clean_name(a), clean_name(b)
    if not a or not b or a == b:
        return True
    oa, ob = organ_of(a), organ_of(b)
    if oa and ob and oa != ob:
        return False
    ca, cb = CORE_DROP.sub("", a) or a, CORE_DROP.sub("", b) or b
    short, long_ = sorted((ca, cb), key=len)
    it = iter(long_)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class SelfRef:
    organ: str
    passage: Passage
    start: int
    end: int
    text: str


def find_self_refs(passage: Passage, patterns: dict[str, re.Pattern[str]]) -> list[SelfRef]:
    out = []
    for organ, pattern in patterns.items():
        for m in pattern.finditer(passage.text):
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
