"""Kind ``narrative-share``: a stated percentage against its count and the total it is a share of.

The base of a share is the total of its own list (“共X条，其中A a条，占p%”); otherwise a total stated
in the sentence or the paragraphs before it that the shares themselves agree with.  When the base
cannot be told, nothing is said.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.counts import DEFAULT_UNITS, Count, find_counts
from disclosure_lint.report.prose.lists import find_enumerations
from disclosure_lint.report.prose.passages import Passage, joined, passages
from disclosure_lint.report.prose.lists import Enumeration
from disclosure_lint.report.prose.shares import NamedShare, Share, find_named_shares, find_shares, share_fits, subject_key
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "units": Param("texts", "counting units (件, 条, 次 …)"),
    "total_words": Param("regex", "words marking a total (共, 总, 累计 …)"),
    "lookback": Param("int", "how many passages back the total may be stated"),
}
CHECK_FIELDS = None


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _hit(passage: Passage, share: Share, base: int | float) -> Hit:
    actual = share.part.value / base * 100
    return Hit(passage.span(share.start, share.end),
               {"part": _num(share.part.value), "base": _num(base), "unit": share.part.unit,
                "actual": _fmt(actual, max(2, share.decimals + 1)), "expected": _fmt(actual, share.decimals),
                "stated": share.text})


def _candidates(group: list[Passage], current: Passage, before: int, unit: str, floor: float,
                total_words: re.Pattern[str], units: tuple[str, ...]) -> list[Count | tuple[Passage, Count]]:
    out = []
    for p in group:
        for c in find_counts(p.text, units):
            if p is current and c.start >= before:
                break
            if c.unit != unit or c.approx or not c.whole or c.value < floor:
                continue
            lo = max(0, c.start - 14)
            window = p.text[lo:c.start]
            cut = max(window.rfind(","), window.rfind(";"), window.rfind("。"), window.rfind("\n"))
            if total_words.search(window[cut + 1:]):
                out.append(c.value)
    return out


NAMED_LOOKBACK = 3  # how many lists before a share its subject may name a part of


def _named_part(share: NamedShare, enums: list[Enumeration], ends: list[int]):
    """The one part of the closest list before the share that its subject names, with that list
    (``enums`` in text order, ``ends`` their totals' ends)."""
    k = bisect_left(ends, share.start)
    for enum in reversed(enums[max(0, k - NAMED_LOOKBACK):k]):
        named = [p for p in enum.parts if subject_key(p.label) == share.subject]
        if named:
            return (named[0], enum) if len(named) == 1 else None
    return None


def _named_hits(passage: Passage, counts: Sequence[Count]) -> Iterator[Hit]:
    """``总数510条，其中主动公开198条，…。主动公开的政府信息占41.5%``: the share of a part named by its
    subject, clauses away from its count, is a share of that list's total."""
    named = find_named_shares(passage.text, counts)
    if not named:
        return
    enums = sorted((e for e in find_enumerations(passage.text, counts) if e.total.whole and not e.total.approx),
                   key=lambda e: e.total.end)
    ends = [e.total.end for e in enums]
    for share in named:
        found = _named_part(share, enums, ends)
        if found is None:
            continue
        part, enum = found
        if share_fits(part.count.value, enum.total.value, share.percent, share.decimals):
            continue
        as_share = Share(part.count, share.percent, share.decimals, share.text, share.start, share.end)
        hit = _hit(passage, as_share, enum.total.value)
        if enum.sum != enum.total.value and share_fits(part.count.value, enum.sum, share.percent, share.decimals):
            hit = Hit(hit.span, {**hit.args, "sum": _num(enum.sum)}, variant="parts_sum")
        yield hit


def _orphans_base(orphans: list[Share], cands: list) -> int | float | None:
    """The total that shares without a list of their own are shares of: their sum when it is one of the
    candidate totals (two shares or more), else the candidate most of them fit, when that is clear."""
    parts_sum = sum(s.part.value for s in orphans)
    if len(orphans) >= 2 and parts_sum in cands:
        return parts_sum
    scored = sorted(((sum(share_fits(s.part.value, b, s.percent, s.decimals) for s in orphans), b)
                     for b in cands), reverse=True)
    best, value = scored[0]
    tied = len(scored) > 1 and scored[1][0] == best
    return value if best >= 2 and best * 2 > len(orphans) and not tied else None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    if "占" not in joined(report, ctx):
        return  # what every share holds (占8.1%), absent from most reports' prose: no passage is read
    params = rule.params
    units = tuple(params.get("units") or DEFAULT_UNITS)
    total_words = re.compile(params.get("total_words") or "共|总|累计|合计")
    lookback = int(params.get("lookback", 3))
    all_passages = passages(report, ctx)
    for passage in all_passages:
        counts = find_counts(passage.text, units)
        yield from _named_hits(passage, counts)
        shares = find_shares(passage.text, counts)
        if not shares:
            continue
        in_list: dict[int, Count] = {}
        for enum in find_enumerations(passage.text, counts):
            if enum.total.whole and not enum.total.approx:
                for p in enum.parts:
                    in_list.setdefault(p.count.start, enum.total)
        orphans: list[Share] = []
        for share in shares:
            base = in_list.get(share.part.start)
            if base is None:
                orphans.append(share)
            elif not share_fits(share.part.value, base.value, share.percent, share.decimals):
                yield _hit(passage, share, base.value)
        if not orphans:
            continue
        unit = orphans[0].part.unit
        orphans = [s for s in orphans if s.part.unit == unit]
        group = [p for p in all_passages[max(0, passage.index - lookback):passage.index + 1]
                 if p.section == passage.section]
        floor = max(s.part.value for s in orphans)
        cands = sorted(set(_candidates(group, passage, orphans[0].part.start, unit, floor, total_words, units)))
        if not cands:
            continue
        base = _orphans_base(orphans, cands)
        if base is None:
            continue
        for share in orphans:
            if not share_fits(share.part.value, base, share.percent, share.decimals):
                yield _hit(passage, share, base)
