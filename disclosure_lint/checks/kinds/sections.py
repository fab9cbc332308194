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
        seen = [s for s in report.sections if s.spec and s.spec.id in rank]
        for i, section in enumerate(seen):
            for earlier in seen[:i]:
                if rank[earlier.spec.id] > rank[section.spec.id]:
                    yield Hit(section.span, {"title": f"{section.number}、{section.title}",
                                             "before": f"{earlier.number}、{earlier.title}"})
                    break
