"""Run configuration: language, rule selection, severity overrides, failing level, era and issuer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.checks.rules import Rule


@dataclass(frozen=True)
class Config:
    lang: str = "zh"
    select: tuple[str, ...] = ()  # codes, names or code prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # (code or name, severity) overrides
    fail_level: str = "error"
    era: str | None = None  # force the template era ("2008", "2019", "2021")
    issuer_kind: str | None = None  # government | department | township
    deadlines: tuple[dict[str, Any], ...] = ()  # extra deadline entries, tried before the built-in ones
    extra_rules: tuple[Rule, ...] = field(default=())
    # (rule code or name, {parameter: value}): e.g. copied-report's threshold, year-over-year-jump's factor.
    rule_params: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()

    def selects(self, rule: Rule) -> bool:
        def hit(patterns: tuple[str, ...]) -> bool:
            return any(rule.code == p or rule.name == p or (p.isalnum() and rule.code.startswith(p.upper()))
                       for p in patterns)

        if self.select and not hit(self.select):
            return False
        return not hit(self.ignore)

    def params_for(self, rule: Rule) -> dict[str, Any]:
        params = dict(rule.params)
        for key, values in self.rule_params:
            if key in (rule.code, rule.name):
                params.update(dict(values))
        return params

    def severity_for(self, rule: Rule, default: str) -> str:
        for key, value in self.severity:
            if key in (rule.code, rule.name):
                return value
        return default
