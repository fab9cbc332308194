"""``--format sarif``: SARIF 2.1.0 for code scanning: rules with help text, results with locations,
stable partial fingerprints."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from disclosure_lint import __version__
from disclosure_lint.checks.runner import active_rules
from disclosure_lint.output import FileResult
from disclosure_lint.output.fingerprint import identities

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


ROOT_ID = "%SRCROOT%"


def artifact_location(path: str, root: Path) -> dict:
    """Where a linted file is, for code scanning: a percent-encoded URI relative to ``root`` (the
    repository: --sarif-root, else the working directory) with ``uriBaseId``, or an absolute ``file:``
    URI for a file outside it.  Never a path with its ``..`` or leading ``/`` stripped away."""
    if path == "-":
        return {"uri": "stdin"}
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path(os.path.abspath(root)))
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": ROOT_ID}


def _root_uri(root: Path) -> str:
    return Path(os.path.abspath(root)).as_uri().rstrip("/") + "/"


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary.get("en") or rule.name},
        "fullDescription": {"text": rule.summary.get("zh") or rule.name},
        "help": {"text": f"{rule.doc}\n\nBasis: {rule.basis}",
                 "markdown": f"{rule.doc}\n\n**Basis:** {rule.basis}"},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"tags": [rule.kind], "basis": rule.basis},
    }


def render(items: list[FileResult], config, root: str | Path | None = None) -> str:
    """The SARIF log; file locations relative to ``root`` (default: the working directory)."""
    root = Path(root) if root is not None else Path.cwd()
    rules = sorted(active_rules(config), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    results, notifications = [], []
    for item in items:
        if item.error is not None:
            notifications.append({"level": "error", "message": {"text": f"{item.path}: {item.error}"}})
            continue
        assert item.result is not None
        for diag, ident in zip(item.result.diagnostics, identities(item.path, item.result)):
            results.append({
                "ruleId": diag.code,
                "ruleIndex": index.get(diag.code, -1),
                "level": LEVEL[diag.severity],
                "message": {"text": diag.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact_location(item.path, root),
                    "region": {"startLine": diag.span.line, "startColumn": diag.span.column,
                               "endLine": diag.span.end_line, "endColumn": diag.span.end_column},
                }}],
                "partialFingerprints": {"disclosureLint/v1": ident.fingerprint},
            })
    run = {
        "tool": {"driver": {"name": "disclosure-lint", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/disclosure-lint/",
                            "rules": [_rule(r) for r in rules]}},
        "originalUriBaseIds": {ROOT_ID: {"uri": _root_uri(root)}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)
