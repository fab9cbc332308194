"""Kind ``dates``: the report's date against its year (``before-year-end``), its deadline
(``deadline``) and the years of title, period and 文号 against each other (``years``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, T, first_span
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

ISSUER_NAMES = {
    "government": T("人民政府", "people's government"),
    "department": T("政府部门", "government department"),
    "township": T("乡镇/街道", "township or sub-district"),
}

PARAMS = {
    "check": Param("text", "before-year-end: dated before the year ended; deadline: published late; "
                   "years: title, period and 文号 years disagree", required=True,
                   choices=("before-year-end", "deadline", "years")),
    "deadlines": Param("mappings", "publication deadlines {regimes, issuers, month, day, basis} (check: deadline); regimes "
                   "name the 条例 in force (rules/templates: regime)"),
}
CHECK_FIELDS = None


def _report_date(report: Report):
    return report.publication_date or report.signature_date


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    check = rule.params.get("check")
    year = report.year
    if year is None:
        return
    if check == "before-year-end":
        for value in (report.signature_date, report.publication_date):
            if value is not None and value.date <= dt.date(year, 12, 31):
                yield Hit(value.span, {"date": value.date.isoformat(), "year": year})
        return
    if check == "deadline":
        yield from _deadline(rule, report, ctx, year)
        return
    if check == "years":
        yield from _years(report, year)


def _deadline(rule: Rule, report: Report, ctx: Context, year: int) -> Iterator[Hit]:
    value = _report_date(report)
    law = report.expected_era.regime if report.expected_era else None
    if law is None:
        return
    if value is None:
        _no_date(rule, report, ctx)
        return
    if value.date <= dt.date(year, 12, 31):
        return  # an impossible date: date-before-year-end says so
    kind = getattr(ctx.config, "issuer_kind", None) or report.issuer_kind
    deadlines = list(getattr(ctx.config, "deadlines", None) or ()) + list(rule.params.get("deadlines", ()))
    entry = next((d for d in deadlines if law.id in [str(e) for e in d.get("regimes", [])]
                  and (kind in d.get("issuers", []) or "any" in d.get("issuers", []))), None)
    if entry is None:
        ctx.skip(rule, value.span, T(f"无法从机关名称“{report.issuer or '（未知）'}”判断机关类型，无法确定公布时限（可在配置中设置 issuer-kind）",
                                     f"the issuer kind cannot be told from \"{report.issuer or '(unknown)'}\", so the deadline is unknown (set issuer-kind in the configuration)"))
        return
    deadline = dt.date(year + 1, int(entry["month"]), int(entry["day"]))
    if value.date > deadline:
        yield Hit(value.span, {"date": value.date.isoformat(), "deadline": deadline.isoformat(),
                               "issuer": ISSUER_NAMES.get(kind or "", T(kind or "?", kind or "?")),
                               "basis": entry.get("basis", "")})


def _no_date(rule: Rule, report: Report, ctx: Context) -> None:
    """Without a date the deadline cannot be checked.  Where the format has a signature block its
    absence is missing-date's finding; where it has none, the date must come from outside the text."""
    if (report.era is not None and report.era.signature_block) or report.cut is not None:
        return
    ctx.skip(rule, first_span(report), T(
        "报告中没有发布日期（该格式没有落款），无法判断是否按期公布：请用 --published 或清单（--manifest）给出发布日期",
        "the report gives no publication date (its format has no signature block), so the deadline cannot be "
        "checked: give it with --published or a manifest (--manifest)"))


def _years(report: Report, year: int) -> Iterator[Hit]:
    title_year = year if report.year_source == "title" else None
    period = report.period
    if title_year is not None and period is not None and period.readable and period.start is not None:
        if period.start.year != title_year:
            yield Hit(period.span, {"what": T("统计期限", "statistics period"), "found": period.start.year,
                                    "other": T("标题年份", "title year"), "expected": title_year})
    if report.docno is not None and report.docno_year is not None:
        sig = _report_date(report)
        if sig is not None and sig.date.year != report.docno_year:
            yield Hit(report.docno.span, {"what": T("文号", "document number"), "found": report.docno_year,
                                          "other": T("落款日期", "signature date"), "expected": sig.date.year})
        elif sig is None and report.docno_year != year + 1:
            yield Hit(report.docno.span, {"what": T("文号", "document number"), "found": report.docno_year,
                                          "other": T("报告年度", "report year"), "expected": year + 1})
