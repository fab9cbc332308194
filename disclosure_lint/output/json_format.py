"""``--format json``: exactly one JSON object for the whole run."""

from __future__ import annotations

import json

from disclosure_lint.output import FileResult


def _diagnostic(diag, source) -> dict:
    entry = diag.as_dict()
    origin = source.location(diag.span.line, diag.span.column)
    if origin:  # Word/HTML/PDF input: where the finding is in the original file ("第3页 表2 第4行 第3格")
        entry["location"] = origin
    return entry


def file_entry(item: FileResult) -> dict:
    if item.result is None:
        return {"path": item.path, "era": None, "report_year": None, "diagnostics": [], "error": item.error}
    report = item.result.report
    entry = {
        "path": item.path,
        "era": report.era.id if report.era else None,
        "report_year": report.year,
        "diagnostics": [_diagnostic(d, report.document.source) for d in item.result.diagnostics],
    }
    if report.facts is not None:  # what a manifest or --published said about this file
        entry["known"] = report.facts.as_dict()
    return entry


def render(items: list[FileResult]) -> str:
    return json.dumps({"files": [file_entry(i) for i in items]}, ensure_ascii=False, indent=2)
