"""Run configuration: language, rule selection, severity overrides, failing level, era and issuer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from disclosure_lint.checks.rule_refs import any_refers_to, refers_to
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.facts import KnownFacts


def env_lang(environ=None) -> str:
    """The environment's language for messages: "en" when LC_ALL, LC_MESSAGES or LANG (the first one
    set, as POSIX orders them) names English; Chinese otherwise (C, POSIX, zh_CN, unset)."""
    import os

    environ = os.environ if environ is None else environ
    value = next((environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(k)), "")
    return "en" if value.lower().startswith("en") else "zh"


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
    rubric: str | None = None  # scoring rubric file for the summary outputs (None: the default rubric)
    config_file: str | None = None  # the configuration file these settings came from, if any
    facts: KnownFacts | None = None  # issuer, publication date… from a manifest or --published

    def describe(self) -> dict[str, Any]:
        """The effective settings as plain data (``--show-settings``, and the result cache's key)."""
        return {
            "config_file": self.config_file, "lang": self.lang, "select": list(self.select),
            "ignore": list(self.ignore), "severity": dict(self.severity), "fail_level": self.fail_level,
            "era": self.era, "issuer_kind": self.issuer_kind, "deadlines": list(self.deadlines),
            "extra_rules": [f"{r.code} {r.name} ({r.source})" for r in self.extra_rules],
            "rule_params": {key: dict(values) for key, values in self.rule_params},
            "known": self.facts.as_dict() if self.facts else None,
        }

    def selects(self, rule: Rule) -> bool:
        if self.select and not any_refers_to(self.select, rule):
            return False
        return not any_refers_to(self.ignore, rule)

    def params_for(self, rule: Rule) -> dict[str, Any]:
        params = dict(rule.params)
        for key, values in self.rule_params:
            if refers_to(key, rule):
                params.update(dict(values))
        return params

    def severity_for(self, rule: Rule, default: str) -> str:
        # A code or name beats a prefix; otherwise the later entry wins (a file's own entries come
        # after those of the file it extends).
        best: tuple[bool, int, str] | None = None
        for index, (key, value) in enumerate(self.severity):
            if refers_to(key, rule):
                rank = (key in (rule.code, rule.name), index, value)
                best = rank if best is None or rank > best else best
        return best[2] if best else default
