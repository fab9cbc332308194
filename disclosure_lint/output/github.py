"""``--format github``: GitHub Actions workflow commands, one per finding, properly escaped."""

from __future__ import annotations

from disclosure_lint.output import FileResult

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(items: list[FileResult]) -> str:
    out = []
    for item in items:
        if item.error is not None:
            out.append(f"::error file={_escape_property(item.path)},title=disclosure-lint::{_escape_data(item.error)}")
            continue
        assert item.result is not None
        for d in item.result.diagnostics:
            props = (f"file={_escape_property(item.path)},line={d.span.line},col={d.span.column},"
                     f"endLine={d.span.end_line},endColumn={d.span.end_column},"
                     f"title={_escape_property(f'{d.code} {d.name}')}")
            out.append(f"::{LEVEL[d.severity]} {props}::{_escape_data(d.message)}")
    return "\n".join(out)
