"""Inline suppression comments for text and Markdown reports.

    <!-- disclosure-lint-disable-next-line blank-cell -- 本表按上级要求留空 -->
    <!-- disclosure-lint-disable DL2 -- 历史报告，表格为原文照录 -->   … block …   <!-- disclosure-lint-enable -->
    某行文字 <!-- disclosure-lint-disable-line invalid-phone -- 内部分机号 -->

A line starting with ``#`` works too (``# disclosure-lint-disable-next-line …``).  Rules are codes,
names or code prefixes, comma-separated; ``all`` (or nothing) means every rule.  The reason after
``--`` is required: a suppression without one still applies but is itself reported
(``suppression-without-reason``), so that every silenced finding is explained.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.rule_refs import matches
from disclosure_lint.read.source import Source, Span

DIRECTIVE = re.compile(
    r"disclosure-lint-(disable-next-line|disable-line|disable|enable)\b([^\n]*?)(?:-->|$)"
)


@dataclass(frozen=True)
class Suppression:
    rules: tuple[str, ...]  # empty: every rule
    first: int
    last: int
    reason: str
    span: Span
    closed: bool = True  # False: a ``disable`` block that no ``enable`` ends (it runs to the end of the file)

    def covers(self, diag: Diagnostic) -> bool:
        if not self.first <= diag.span.line <= self.last:
            return False
        if not self.rules:
            return True
        return any(matches(r, diag.code, diag.name) for r in self.rules)

    def covers_rule(self, rule) -> bool:
        return not self.rules or any(matches(r, rule.code, rule.name) for r in self.rules)


def _parse_args(text: str) -> tuple[tuple[str, ...], str]:
    head, _, reason = text.partition("--")
    rules = tuple(r for r in re.split(r"[\s,，]+", head.strip()) if r and r.lower() != "all")
    return rules, reason.strip()


def find_suppressions(source: Source) -> list[Suppression]:
    if "disclosure-lint-" not in "\n".join(source.raw_lines):
        return []  # what every directive holds, looked for once in the text instead of at each line
    out: list[Suppression] = []
    open_blocks: list[tuple[tuple[str, ...], int, str, Span]] = []
    last_line = len(source.raw_lines)
    for number, line in enumerate(source.raw_lines, start=1):
        for m in DIRECTIVE.finditer(line):
            kind = m.group(1)
            rules, reason = _parse_args(m.group(2))
            span = Span(number, m.start() + 1, number, m.end() + 1)
            if kind == "disable-next-line":
                out.append(Suppression(rules, number + 1, number + 1, reason, span))
            elif kind == "disable-line":
                out.append(Suppression(rules, number, number, reason, span))
            elif kind == "disable":
                open_blocks.append((rules, number, reason, span))
            else:  # enable: closes the matching (or every) open block
                keep = []
                for block in open_blocks:
                    if not rules or set(rules) & set(block[0]) or not block[0]:
                        out.append(Suppression(block[0], block[1], number, block[2], block[3]))
                    else:
                        keep.append(block)
                open_blocks = keep
    for rules, start, reason, span in open_blocks:
        out.append(Suppression(rules, start, last_line, reason, span, closed=False))
    return out


# A finding about a suppression comment is never silenced by that comment.
UNSUPPRESSIBLE = frozenset({"suppression-without-reason", "suppression-unknown-rule", "unused-suppression",
                            "unclosed-suppression"})


def apply(diagnostics: tuple[Diagnostic, ...], suppressions: list[Suppression]) -> tuple[Diagnostic, ...]:
    if not suppressions:
        return diagnostics
    return tuple(d for d in diagnostics
                 if d.name in UNSUPPRESSIBLE or not any(s.covers(d) for s in suppressions))
