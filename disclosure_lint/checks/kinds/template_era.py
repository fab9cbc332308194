"""Kind ``template-era``: the format a report uses against the format its year requires."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, first_span, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None


def _evidence(report: Report) -> tuple[T, object] | None:
    era = report.era
    if era is None:
        return None
    for table in report.document.tables:
        for row in table.rows:
            for cell in row:
                compact = cell.text.replace(" ", "")
                for marker in era.markers:
                    if marker in compact:
                        return T(f"表格标签“{marker}”", f"table label \"{marker}\""), cell.span
    for para in report.document.paras:
        compact = para.seg.text.replace(" ", "")
        for marker in era.markers:
            if marker in compact and len(compact) <= 40:
                return T(f"表格标签“{marker}”", f"table label \"{marker}\""), para.seg.span()
    return None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    expected, era = report.expected_era, report.era
    if expected is None or era is None:
        return
    args = {"year": report.year, "expected": name_of(expected)}
    if report.era_source == "tables" and era.id != expected.id:
        evidence = _evidence(report)
        what, span = evidence if evidence else (T("表格标签", "table labels"), first_span(report))
        yield Hit(span, {**args, "found": name_of(era), "evidence": what})
        return
    if expected.id != "2008" and report.era_source == "year":
        # No tables told the format; an old-style 收费及减免 section still gives a 2008-era report away.
        for section in report.sections:
            if "收费" in section.title and "减免" in section.title:
                yield Hit(section.span, {**args, "found": T("2008年条例时期格式", "2008 regulation era format"),
                                         "evidence": T(f"章节“{section.title}”", f"section \"{section.title}\"")})
                return
