"""Diagnostics: one finding, with a stable code, a kebab-case name, a severity and a location."""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_lint.read.source import Span

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: str
    span: Span
    message: str

    def sort_key(self) -> tuple:
        return (self.span.line, self.span.column, self.code)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "message": self.message,
        }
