"""Kind ``sections``: the era's required sections (``check: missing``) and their order (``check: order``)."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, first_span, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "check": Param("text", "missing: a required section is absent; order: sections out of template order",
                   choices=("missing", "order")),
}
CHECK_FIELDS = None


def era_name(report: Report) -> T:
    era = report.era
    return name_of(era) if era else T("模板", "template")


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    era = report.era
    if era is None or not report.document.blocks:
        return
    found = {s.spec.id: s for s in report.sections if s.spec}
    check = rule.params.get("check", "missing")
    if check == "missing":
        for spec in era.sections:
            if not spec.required or spec.id in found or (report.cut and spec.id in report.cut.section_ids):
                continue  # present, optional, or absent because the text stops early (incomplete-report)
            # Point at the section that should follow the missing one, else at the last section.
            order = list(era.order)
            later = [found[i] for i in order[order.index(spec.id) + 1:] if i in found] if spec.id in order else []
            span = later[0].span if later else (report.sections[-1].span if report.sections else first_span(report))
            yield Hit(span, {"title": spec.title, "era": era_name(report), "found": len(report.sections)},
                      severity=spec.severity)
    elif check == "order":
        rank = {sid: i for i, sid in enumerate(era.order)}
        # Each section out of order is reported against the first earlier section that should come
        # after it.  That one is always a running maximum (every section before it ranks lower), and
        # there are at most as many running maxima as template sections: no scan of every earlier
        # section (quadratic on a file of thousands of headings).
        # A heading repeated out of place (a pasted block, thousands of times in a damaged file) is one
        # finding per pair of sections, at its first place, not one per copy.
        maxima: list = []
        said: set[tuple[str, str]] = set()
        for section in (s for s in report.sections if s.spec and s.spec.id in rank):
            r = rank[section.spec.id]
            earlier = next((m for m in maxima if rank[m.spec.id] > r), None)
            if earlier is not None and (section.spec.id, earlier.spec.id) not in said:
                said.add((section.spec.id, earlier.spec.id))
                yield Hit(section.span, {"title": f"{section.number}、{section.title}",
                                         "before": f"{earlier.number}、{earlier.title}"})
            elif earlier is None and (not maxima or r > rank[maxima[-1].spec.id]):
                maxima.append(section)
