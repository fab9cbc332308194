"""``--format json``: exactly one JSON object for the whole run."""

from __future__ import annotations

import json

from disclosure_lint.render import FileResult


def file_entry(item: FileResult) -> dict:
    if item.result is None:
        return {"path": item.path, "era": None, "report_year": None, "diagnostics": [], "error": item.error}
    report = item.result.report
    return {
        "path": item.path,
        "era": report.era.id if report.era else None,
        "report_year": report.year,
        "diagnostics": [d.as_dict() for d in item.result.diagnostics],
    }


def render(items: list[FileResult]) -> str:
    return json.dumps({"files": [file_entry(i) for i in items]}, ensure_ascii=False, indent=2)
