"""Kind ``tables-present``: the tables the era's template requires."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, applies, first_span, name_of
from disclosure_lint.checks.kinds.sections import era_name
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    if report.era is None or not applies(rule.eras, report):
        return
    sections = {s.spec.id: s for s in report.sections if s.spec}
    missing_parts = {s.id for s in report.era.sections if s.required and s.id not in sections}
    header_only = {h.spec.id for h in report.header_only}  # there, but unreadable: table-unreadable says so
    for spec in report.era.tables:
        if report.table(spec.id) is not None or (report.cut and spec.id in report.cut.table_ids):
            continue
        if spec.id in header_only:
            continue
        if spec.section in missing_parts:
            continue  # one absence, one finding: missing-section says the part (and its table) is absent
        name = name_of(spec)
        section = sections.get(spec.section or "")
        if section is not None:
            yield Hit(section.span, {"table": name, "era": era_name(report),
                                     "section": f"{section.number}、{section.title}"}, "under-heading")
        else:
            yield Hit(first_span(report), {"table": name, "era": era_name(report)})
