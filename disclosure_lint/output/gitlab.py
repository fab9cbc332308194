"""``--format gitlab``: GitLab Code Quality report (a JSON array) with unique fingerprints."""

from __future__ import annotations

import json

from disclosure_lint.output import FileResult
from disclosure_lint.output.fingerprint import identities

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(items: list[FileResult]) -> str:
    out = []
    for item in items:
        if item.result is None:
            continue
        for diag, ident in zip(item.result.diagnostics, identities(item.path, item.result)):
            out.append({
                "description": f"{diag.code} {diag.name}: {diag.message}",
                "check_name": diag.name,
                "fingerprint": ident.fingerprint,
                "severity": SEVERITY[diag.severity],
                "location": {"path": item.path, "lines": {"begin": diag.span.line, "end": diag.span.end_line}},
            })
    return json.dumps(out, ensure_ascii=False, indent=2)
