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

    @classmethod
    def not_a_report(cls, path: str, looks_zh: str, looks_en: str) -> SkippedFile:
        """A file of a directory scan whose text is not an annual report (what it looks like instead)."""
        return cls(path, "not-a-report", f"不是年度报告（看起来是{looks_zh}）", f"not an annual report (it looks like {looks_en})")

    def reason(self, lang: str) -> str:
        return self.reason_en if lang == "en" else self.reason_zh
