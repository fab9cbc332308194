"""Kind ``issuer``: content that does not fit the issuing body.

规章 reported by a body that cannot make them, the issuer named differently in title, introduction and
signature, and the text calling itself another kind of body (copied from someone else's report).
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections import Counter
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, name_of
from disclosure_lint.regex_needs import gate, may_match
from disclosure_lint.report.build import YEAR_IN_TEXT, Report
from disclosure_lint.report.issuers import clean_name, level_of, organ_of, same_body
from disclosure_lint.report.prose.issuer_mentions import NamedIssuer, SelfRef, find_self_refs, intro_names
from disclosure_lint.report.prose.passages import joined, passages
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.resources import ByIdentity

WHERE = {"title": T("标题", "title"), "intro": T("引言", "introduction"), "signature": T("落款", "signature")}

PARAMS = {
    "rules_row": Param("text", "the row of table 1 counting 规章"),
    "levels": Param("mapping", "issuer levels and the bilingual name of each"),
    "self_refs": Param("mapping", "organ word → regular expression of the text calling itself that organ "
                       "(every match contains the organ word's first character)"),
    "organ_names": Param("mapping", "organ word → its bilingual name"),
    "dominant": Param("mapping", "{min, ratio}: when one self-reference dominates"),
    "place_refs": Param("mapping", "place level → {ref, marks, zh, en}: the text calling itself that place (我县) "
                        "and the marks of that level in a name ([县旗])"),
    "own_documents": Param("regex", "the body's own documents named with its name in group 1 (其…政府信息公开指南)"),
}
CHECK_FIELDS = None


def _title_issuer(report: Report) -> NamedIssuer | None:
    if not report.title:
        return None
    text = report.title.text
    m = YEAR_IN_TEXT.search(text)
    name = text[: m.start()].strip() if m else None
    if not name or not report.issuer or clean_name(name) != clean_name(report.issuer):
        return None
    return NamedIssuer("title", name, report.title.span)


def _named(report: Report, ctx: Context) -> list[NamedIssuer]:
    out = []
    title = _title_issuer(report)
    if title:
        out.append(title)
    all_p = passages(report, ctx)
    first_heading = next((h.seg.line for h in report.headings if h.level == 1), None)
    front = [p for p in all_p if first_heading is None or p.segs[0].line < first_heading][:4]
    for name, p, start, end in intro_names(front):
        out.append(NamedIssuer("intro", name, p.span(start, end)))
    if report.signature_issuer:
        out.append(NamedIssuer("signature", report.signature_issuer.text, report.signature_issuer.span))
    return out


def _rules_cells(rule: Rule, report: Report) -> Iterator[Hit]:
    name = report.issuer
    if not name:
        return
    level = level_of(name, report.issuer_kind)
    if level is None:
        return
    table = report.table("t2")
    row = table.row(rule.params.get("rules_row", "rules")) if table else None
    if row is None:
        return
    for cell in row.cells:
        if cell.known and cell.value and cell.value > 0:
            names = rule.params.get("levels", {}).get(level, {})
            yield Hit(cell.span, {"issuer": name, "level": T(names.get("zh", level), names.get("en", level)),
                                  "table": name_of(table.spec), "column": cell.column.name,
                                  "value": cell.text})
            return


def _names(report: Report, ctx: Context) -> Iterator[Hit]:
    named = _named(report, ctx)
    if len(named) < 2:
        return
    first = named[0]
    seen: set[str] = set()
    for other in named[1:]:
        if same_body(first.name, other.name) or clean_name(other.name) in seen:
            continue
        seen.add(clean_name(other.name))
        yield Hit(other.span, {"first": first.name, "first_where": WHERE[first.where], "name": other.name,
                               "where": WHERE[other.where]}, variant="name")


class _SelfRefs:
    """The organs' self-reference expressions of a rule, compiled, and for each organ a report may be of,
    the other organs' expressions with their gate (the strings any of them needs): what a report of
    that organ is searched for."""

    def __init__(self, params: dict) -> None:
        self.patterns = {organ: re.compile(rx) for organ, rx in (params.get("self_refs") or {}).items()}
        self._others: dict[str | None, tuple[dict[str, re.Pattern[str]], re.Pattern[str] | None]] = {}
        self._only: dict[str, dict[str, re.Pattern[str]]] = {}

    def others(self, own: str | None) -> tuple[dict[str, re.Pattern[str]], re.Pattern[str] | None]:
        found = self._others.get(own)
        if found is None:
            rest = {organ: rx for organ, rx in self.patterns.items() if organ != own}
            found = self._others[own] = (rest, gate(tuple(rest.values())) if rest else None)
        return found

    def only(self, own: str) -> dict[str, re.Pattern[str]]:
        """``own``'s expression alone: one dict per organ (find_self_refs keeps what it derives from a
        dict by the dict's identity)."""
        found = self._only.get(own)
        if found is None:
            found = self._only[own] = {own: self.patterns[own]}
        return found


# Compiled once per rule, not per report.
_self_refs = ByIdentity(_SelfRefs)


def _refs(report: Report, ctx: Context, patterns: dict[str, re.Pattern[str]],
          anything: re.Pattern[str] | None) -> list[SelfRef]:
    """The self-references of ``patterns``' organs, in the text's order.  A passage holding none of the
    strings any of them needs (我局, 本镇, 局机关 …: ``anything``) is not read."""
    return [r for p in passages(report, ctx) if anything is None or anything.search(p.text)
            for r in find_self_refs(p, patterns)] if patterns else []


def _self(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    refs_of = _self_refs(rule.params)
    own = organ_of(report.issuer) if report.issuer else None
    if own is None and report.issuer:
        return  # a named issuer whose organ we cannot tell (中心, 办公室…): nothing to compare
    # An issuer's own organ (我局 in a 局's report: most self-references) is read only when the text also
    # calls itself another organ: only then is it counted, for the message.
    refs = _refs(report, ctx, *refs_of.others(own))
    if not refs:
        return
    counts = Counter(r.organ for r in refs)
    if own is not None and own in refs_of.patterns:
        counts[own] = len(_refs(report, ctx, refs_of.only(own), None))
    issuer = report.issuer
    inferred = False
    if own is None:
        dominant = rule.params.get("dominant") or {}
        (top, n), *rest = counts.most_common()
        second = rest[0][1] if rest else 0
        if n < int(dominant.get("min", 3)) or n < int(dominant.get("ratio", 3)) * max(second, 1) or not rest:
            return
        own = top
        first_ref = next(r for r in refs if r.organ == top)
        issuer = f"“{first_ref.text}”"
        inferred = True
    organs = rule.params.get("organ_names") or {}
    reported: set[str] = set()
    for ref in refs:
        if ref.organ == own or ref.organ in reported:
            continue
        reported.add(ref.organ)
        n = counts[ref.organ]
        name = organs.get(own, {})
        yield Hit(ref.passage.span(ref.start, ref.end),
                  {"issuer": issuer, "organ": T(name.get("zh", own), name.get("en", own)), "text": ref.text,
                   "count_note": T(f"（共{n}处）" if n > 1 else "", f" ({n} times)" if n > 1 else ""),
                   "own_count": counts[own]},
                  variant="self_inferred" if inferred else "self")


def _own_documents(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    """“编制了《平潭县经贸局政府信息公开指南》” in a 质监局 report: another body of the same kind named as
    the author of the report's own guide or catalogue: the sentence was copied from that body's report."""
    pattern = rule.params.get("own_documents")
    own = organ_of(report.issuer) if report.issuer else None
    if not pattern or own is None:
        return
    compiled = re.compile(pattern)
    if not may_match(compiled, joined(report, ctx)):
        return
    for p in passages(report, ctx):
        if not may_match(compiled, p.text):
            continue  # the passage lacks what the sentence needs (…政府信息公开指南): not searched
        for m in compiled.finditer(p.text):
            name = m.group(1)
            if organ_of(name) == own and not same_body(name, report.issuer):
                yield Hit(p.span(m.start(1), m.end(1)), {"issuer": report.issuer, "name": name, "text": m.group(0)},
                          variant="document")
                return


def _places(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    """“我县” in the report of a 区 body, “本区” in a 县 body's: the text calls itself a place of another
    level, copied from another body's report.  Only when the issuer's name shows its own level and not
    the one the text uses (a 县's 开发区 says both)."""
    refs = rule.params.get("place_refs") or {}
    name = clean_name(report.issuer)
    levels = {level: re.compile(spec["marks"]) for level, spec in refs.items()}
    own = {level for level, marks in levels.items() if marks.search(name)}
    if not name or not own:
        return
    for level, spec in refs.items():
        ref = re.compile(spec["ref"])
        if level in own or not may_match(ref, joined(report, ctx)):
            continue  # the prose lacks what the words need (我县, 本县): no passage is searched
        found = [(p, m) for p in passages(report, ctx) for m in ref.finditer(p.text)]
        if found:
            p, m = found[0]
            n = len(found)
            yield Hit(p.span(m.start(), m.end()),
                      {"issuer": report.issuer, "text": m.group(0), "level": T(spec["zh"], spec["en"]),
                       "count_note": T(f"（共{n}处）" if n > 1 else "", f" ({n} times)" if n > 1 else "")},
                      variant="place")


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    yield from _rules_cells(rule, report)
    yield from _own_documents(rule, report, ctx)
    yield from _names(report, ctx)
    yield from _self(rule, report, ctx)
    yield from _places(rule, report, ctx)
