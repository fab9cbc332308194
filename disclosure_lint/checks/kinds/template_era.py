"""Kind ``template-era``: the format a report uses against the format its year requires."""

from __future__ import annotations

from disclosure_lint import recache as re
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
    if report.era_source == "year":
        # No tables told the format: parts only an older format has, or the older format's notice
        # cited as the basis, still give it away.
        found = _older_parts(report) or _older_notice(report)
        if found is not None:
            older, what, span = found
            yield Hit(span, {**args, "found": name_of(older), "evidence": what})


def _older_formats(report: Report) -> list:
    from disclosure_lint.report.templates import load_eras

    expected = report.expected_era
    return [e for e in load_eras().values() if e.first_year < expected.first_year]


def _older_parts(report: Report):
    """A heading or the intro's list naming a part that an older format has and this one has not
    (the 2008 条例's 收费及减免)."""
    expected = report.expected_era
    own = {s.id for s in expected.sections}
    for older in _older_formats(report):
        only = [s for s in older.sections if s.id not in own]
        for section in report.sections:
            spec = next((s for s in only if s.match.search(section.title.replace(" ", ""))), None)
            if spec is not None:
                return older, T(f"章节“{section.title}”", f"section \"{section.title}\""), section.span
        declared = report.declared
        spec = next((s for s in only if declared and s.match.search(declared.text.replace(" ", ""))), None)
        if spec is not None:
            return older, T(f"引言所列部分“{spec.title}”", f"the intro's part \"{spec.title}\""), declared.span
    return None


def _older_notice(report: Report):
    """The report cites an older format's notice (〔2019〕60号) and not its own year's."""
    expected = report.expected_era
    for para in report.document.paras:
        text = para.seg.text
        if expected.notice is not None and expected.notice.search(text):
            return None
    for older in _older_formats(report):
        for para in report.document.paras:
            m = older.notice.search(para.seg.text) if older.notice is not None else None
            if m and re.search(r"格式|模板|年度报告", para.seg.text):
                return older, T(f"引用“{m.group(0)}”", f"cites \"{m.group(0)}\""), para.seg.span(m.start(), m.end())
    return None
