"""Stable identities of findings across edits: what a finding is about, not where its line is.

A fingerprint hashes the rule, the file, the section the finding is in, and the quoted text it
points at (plus an ordinal when the same text appears several times).  Used by the baseline, by
SARIF ``partialFingerprints`` and by GitLab Code Quality ``fingerprint``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.runner import LintResult


@dataclass(frozen=True)
class Identity:
    rule: str
    path: str
    section: str
    quote: str
    ordinal: int

    @property
    def fingerprint(self) -> str:
        import hashlib  # only formats with fingerprints need it (OpenSSL is slow to load)

        key = "\x1f".join([self.rule, self.path, self.section, self.quote, str(self.ordinal)])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def quote(result: LintResult, diag: Diagnostic, limit: int = 60) -> str:
    lines = result.report.document.source.raw_lines
    if not 1 <= diag.span.line <= len(lines):
        return ""
    line = lines[diag.span.line - 1]
    end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(line)
    text = line[diag.span.column - 1:end].strip() or line.strip()
    return text[:limit]


class _Sections:
    """The report's sections by first line, to find a finding's section by bisection (a report of
    thousands of sections and findings made a scan per finding quadratic)."""

    def __init__(self, result: LintResult) -> None:
        # Only the leading run of sections in line order counts, as the scan it replaces did.
        self.lines: list[int] = []
        self.titles: list[str] = []
        for section in result.report.sections:
            if self.lines and section.span.line < self.lines[-1]:
                break
            self.lines.append(section.span.line)
            self.titles.append(f"{section.number}、{section.title}")

    def of(self, line: int) -> str:
        i = bisect_right(self.lines, line)
        return self.titles[i - 1] if i else ""


# Findings about something absent point at an arbitrary place (the title, the first line): their
# identity is what is missing (the message), not where they point.
PLACELESS_KINDS = frozenset({"presence", "tables-present", "template-era", "not-run"})


def _placeless() -> frozenset[str]:
    from disclosure_lint.checks.rules import builtin_rules

    return frozenset(r.name for r in builtin_rules() if r.kind in PLACELESS_KINDS) | {"missing-section"}


def identities(path: str, result: LintResult) -> list[Identity]:
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    placeless = _placeless()
    sections = _Sections(result)
    for diag in result.diagnostics:
        if diag.name in placeless:
            key = (diag.name, "", diag.message)
        else:
            key = (diag.name, sections.of(diag.span.line), quote(result, diag))
        seen[key] += 1
        out.append(Identity(diag.name, path, key[1], key[2], seen[key]))
    return out
