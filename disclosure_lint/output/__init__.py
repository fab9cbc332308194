"""Renderers: turn lint results into what a person or a machine reads."""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_lint.checks.runner import LintResult


@dataclass(frozen=True)
class FileResult:
    """One linted file: its result, or the input error that stopped it."""

    path: str
    result: LintResult | None = None
    error: str | None = None
