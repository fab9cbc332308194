"""The batch as rows: one per report (as the HTML overview) and one per finding.  The spreadsheet and the
findings CSV are both made of these rows, so they agree with each other and with the JSON."""

from __future__ import annotations

import unicodedata

from disclosure_lint.output import FileResult
from disclosure_lint.output.summary import CATEGORIES, CATEGORY_NAMES, Summary, category_of

LABELS = {
    "overview": ("概览", "overview"), "findings": ("问题清单", "findings"), "skipped": ("跳过的文件", "skipped"),
    "missing": ("未提交报告的单位", "units with no report"),
    "unit": ("单位", "unit"), "issuer": ("发布机关", "issuer"), "file": ("文件", "file"), "year": ("年度", "year"),
    "template": ("格式", "template"), "published": ("发布日期", "published"), "on_time": ("按时", "on time"),
    "errors": ("错误", "errors"), "warnings": ("警告", "warnings"), "infos": ("提示", "info"),
    "score": ("得分", "score"), "full": ("满分", "out of"), "deductions": ("扣分", "deductions"),
    "unreadable": ("无法读取", "unreadable"), "code": ("代码", "code"), "rule": ("规则", "rule"),
    "severity": ("级别", "severity"), "category": ("类别", "category"), "line": ("行", "line"),
    "column": ("列", "column"), "where": ("原文位置", "where in the file"), "message": ("说明", "message"),
    "reason": ("原因", "reason"), "url": ("网址", "source URL"), "kind": ("类型", "kind"), "yes": ("是", "yes"), "no": ("否", "no"),
}


def label(lang: str, key: str) -> str:
    return LABELS[key][1 if lang == "en" else 0]


def display_width(value: object) -> int:
    """Display width: CJK characters take two columns, as in Excel with a Chinese font."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def _on_time(summary: Summary, lang: str) -> str:
    return "" if summary.on_time is None else label(lang, "yes" if summary.on_time else "no")


def _deductions(summary: Summary, lang: str) -> str:
    if summary.score is None:
        return ""
    return "；".join(f"{d.label.get(lang) or d.label['zh']} −{d.points:g}" for d in summary.score.lost)


def overview_rows(items: list[FileResult], summaries: list[Summary], lang: str) -> list[list]:
    cats = [f"{CATEGORY_NAMES[c]['en' if lang == 'en' else 'zh']}-{label(lang, s)}" for c in CATEGORIES
            for s in ("errors", "warnings")]
    head = [label(lang, k) for k in ("unit", "issuer", "file", "year", "template", "published", "on_time", "errors",
                                  "warnings", "infos")] + cats + [label(lang, k) for k in ("score", "full", "deductions",
                                                                                        "unreadable", "url")]
    rows = [head]
    for item, s in zip(items, summaries):
        counts = [s.counts[c][sev] for c in CATEGORIES for sev in ("error", "warning")]
        rows.append([s.unit or "", s.issuer or "", item.path, s.year, s.era or "", s.published or "",
                     _on_time(s, lang), s.totals["error"], s.totals["warning"], s.totals["info"], *counts,
                     s.score.points if s.score else None, s.score.full if s.score else None,
                     _deductions(s, lang), item.error or "", s.source_url or ""])
    return rows


def finding_rows(items: list[FileResult], summaries: list[Summary], lang: str) -> list[list]:
    head = [label(lang, k) for k in ("unit", "file", "code", "rule", "severity", "category", "line", "column", "where",
                                  "message")]
    rows = [head]
    for item, s in zip(items, summaries):
        if item.result is None:
            continue
        source = item.result.report.document.source
        for d in item.result.diagnostics:
            category = CATEGORY_NAMES[category_of(d.code)]["en" if lang == "en" else "zh"]
            rows.append([s.name, item.path, d.code, d.name, label(lang, {"error": "errors", "warning": "warnings",
                                                                       "info": "infos"}[d.severity]),
                         category, d.span.line, d.span.column, source.location(d.span.line, d.span.column) or "",
                         d.message])
    return rows


def to_csv(rows: list[list], bom: bool = False) -> str:
    """Rows as CSV text; with ``bom`` a UTF-8 byte-order mark first, so Excel on a Chinese Windows reads it
    as UTF-8 instead of the local code page."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()
