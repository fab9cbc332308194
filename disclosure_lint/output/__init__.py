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


@dataclass(frozen=True)
class SkippedFile:
    """A file a directory scan did not lint, and why (listed in the summary, never silent)."""

    path: str
    kind: str  # not-a-report | unsupported-format
    reason_zh: str
    reason_en: str

    def reason(self, lang: str) -> str:
        return self.reason_en if lang == "en" else self.reason_zh
