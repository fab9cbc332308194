"""What engines share: the hit they yield, bilingual arguments, and the run context."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Callable, Iterator
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.read.source import Span


@dataclass(frozen=True)
class T:
    """A message argument with a Chinese and an English rendering."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


def name_of(thing: Any) -> T:
    """The bilingual name of a template table or era (anything with ``name_zh`` and ``name_en``)."""
    return T(thing.name_zh, thing.name_en)


@dataclass(frozen=True)
class Hit:
    span: Span
    args: dict[str, Any]
    variant: str | None = None  # picks one of the rule's message variants
    severity: str | None = None  # a per-item override from the data (e.g. an optional 2008 section)


@dataclass(frozen=True)
class Skipped:
    """A check that could not run: reported by the ``check-not-run`` rule, never passed silently."""

    rule: str
    span: Span
    reason: T


@dataclass
class Context:
    """One report's run: the configuration, last year's report, what could not be decided, and what
    several rules derive from the same report (computed once, for this report only)."""

    config: Any
    previous: Any = None  # the same issuer's report of the year before (report.pairing.YearSummary), when known
    twin: Any = None  # another issuer's report whose prose this one repeats (report.twins.Twin), when linted together
    skipped: list[Skipped] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)

    def derived(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def skip(self, rule: Rule, span: Span, reason: T) -> None:
        self.skipped.append(Skipped(rule.name, span, reason))


Engine = Callable[[Rule, Report, Context], Iterator[Hit]]


@lru_cache(maxsize=512)
def user_regex(pattern: str) -> Any:
    """A pattern from a user's rule file, compiled by RE2: matching takes linear time whatever the
    pattern, so a rule file cannot make a run hang (RE2 has no look-around or back-references)."""
    import re2  # lazily: only user rule files need it

    options = re2.Options()
    options.log_errors = False  # a bad pattern is reported once, by the rule loader, not on stderr
    return re2.compile(pattern, options)


@lru_cache(maxsize=512)
def _bundled_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def rule_regex(rule: Rule, pattern: str) -> Any:
    """Compile a pattern of ``rule``: Python's engine for the bundled rules (reviewed, and some need
    look-behind), RE2 for rules users supply."""
    return user_regex(pattern) if rule.user else _bundled_regex(pattern)


def applies(eras: Any, report: Report) -> bool:
    """Does a rule or check restricted to ``eras`` apply to this report's format?"""
    if not eras:
        return True
    return report.era is not None and report.era.id in {str(e) for e in eras}


def first_span(report: Report) -> Span:
    """Where to point a finding about something absent: the title, else the first line."""
    if report.title:
        return report.title.span
    lines = report.document.source.lines
    for i, line in enumerate(lines, start=1):
        if line.strip():
            start = len(line) - len(line.lstrip()) + 1
            return Span(i, start, i, len(line.rstrip()) + 1)
    return Span(1, 1, 1, 1)
