"""Kind ``declared-parts``: the introduction's declared parts against the body's sections."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS: dict[str, Param] = {}
CHECK_FIELDS = None


# An appendix named as one of the listed parts ("…改进措施、附表等六个部分"), not merely mentioned.
APPENDIX = re.compile(r"[、和及]\s*(?:附表|附件|[^、，,。；;]{0,12}统计表)\s*(?:等|共|[一二三四五六七八九十\d]+个?部分)")

APPENDIX_TITLE = re.compile(r"附表|统计表|附件")


def _absent_required(report: Report) -> int:
    """How many required parts the body lacks (each is a missing-section finding of its own)."""
    if report.era is None:
        return 0
    found = {s.spec.id for s in report.sections if s.spec}
    return sum(1 for spec in report.era.sections if spec.required and spec.id not in found)


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    declared = report.declared
    if declared is None or not report.sections:
        return
    sections = report.sections
    # "…收费及减免情况、存在的主要问题和改进措施、附表等六个部分": an appendix table is a part too.
    appendix = APPENDIX.search(declared.text) and report.document.tables
    parts = len(sections) + (1 if appendix and not any(APPENDIX_TITLE.search(s.title) for s in sections) else 0)
    if report.cut is not None:
        return  # the body stops early: incomplete-report says what is absent after the cut
    absent = _absent_required(report)
    if declared.count is not None and declared.count != parts and declared.count != parts + absent:
        titles = "、".join(f"{s.number}、{s.title}" for s in sections)
        yield Hit(declared.span, {"declared": declared.count, "found": len(sections), "titles": titles}, "count")
        return
    if report.era is None:
        return
    text = declared.text.replace(" ", "")
    listed = [spec for spec in report.era.sections if spec.match.search(text)]
    if len(listed) < 3:
        return  # not a list of parts: nothing reliable to compare
    body = {s.spec.id for s in sections if s.spec}
    for spec in listed:
        if spec.id not in body and not spec.required:
            # A required part that is absent is missing-section's finding: one absence, one finding.
            yield Hit(declared.span, {"title": spec.title}, "listed-absent")
    listed_ids = {spec.id for spec in listed}
    for section in sections:
        if section.spec and section.spec.id not in listed_ids:
            yield Hit(section.span, {"title": f"{section.number}、{section.title}"}, "unlisted")
