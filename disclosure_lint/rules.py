"""Rules as data: load and validate the YAML rule files.

A rule file holds a list of rules.  Each rule names its ``kind`` (the engine that runs it), a stable
``code``, a kebab-case ``name``, a default ``severity``, a bilingual ``message`` template, its legal or
template ``basis`` and its documentation; kind-specific parameters live in ``checks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from disclosure_lint.diagnostics import SEVERITIES
from disclosure_lint.resources import data_dir
from disclosure_lint.yamlio import ConfigError, load_yaml

NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^DL\d{3}$")
RULE_KEYS = {"code", "name", "kind", "severity", "summary", "message", "variants", "basis", "doc", "eras",
             "checks", "examples", "params"}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    kind: str
    severity: str
    summary: dict[str, str]
    message: dict[str, str]
    variants: dict[str, dict[str, str]]
    basis: str
    doc: str
    eras: tuple[str, ...] | None
    checks: tuple[dict[str, Any], ...]
    params: dict[str, Any]
    examples: dict[str, str]
    source: str

    def template(self, variant: str | None, lang: str) -> str:
        table = self.variants.get(variant, self.message) if variant else self.message
        return table.get(lang) or table.get("zh") or next(iter(table.values()))


def _rule(path: Path, raw: Any, index: int) -> Rule:
    where = f"rule #{index + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(path, None, f"{where} is not a mapping")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise ConfigError(path, None, f"{where} ({raw.get('name', '?')}): unknown key(s) {sorted(unknown)}",
                          hint=f"known keys: {', '.join(sorted(RULE_KEYS))}")
    for key in ("code", "name", "kind", "severity", "message", "basis"):
        if key not in raw:
            raise ConfigError(path, None, f"{where} ({raw.get('name', '?')}): missing key {key!r}")
    if not CODE.match(str(raw["code"])):
        raise ConfigError(path, None, f"{where}: code {raw['code']!r} is not of the form DLnnn")
    if not NAME.match(str(raw["name"])):
        raise ConfigError(path, None, f"{where}: name {raw['name']!r} is not kebab-case")
    if raw["severity"] not in SEVERITIES:
        raise ConfigError(path, None, f"{where} ({raw['name']}): severity {raw['severity']!r}",
                          hint="one of error, warning, info")
    message = raw["message"]
    if not isinstance(message, dict) or "zh" not in message:
        raise ConfigError(path, None, f"{where} ({raw['name']}): message needs at least a 'zh' template")
    eras = raw.get("eras")
    return Rule(
        code=str(raw["code"]), name=str(raw["name"]), kind=str(raw["kind"]), severity=raw["severity"],
        summary=dict(raw.get("summary") or {}), message=dict(message), variants=dict(raw.get("variants") or {}),
        basis=str(raw["basis"]), doc=str(raw.get("doc", "")).strip(),
        eras=tuple(str(e) for e in eras) if eras else None,
        checks=tuple(raw.get("checks") or ()), params=dict(raw.get("params") or {}),
        examples=dict(raw.get("examples") or {}), source=str(path),
    )


def load_rule_file(path: str | Path) -> tuple[Rule, ...]:
    path = Path(path)
    raw = load_yaml(path)
    if raw is None:
        return ()
    items = raw.get("rules") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise ConfigError(path, None, "a rule file holds a list of rules (or a mapping with 'rules:')")
    return tuple(_rule(path, item, i) for i, item in enumerate(items))


@lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    base = data_dir("rules")
    rules: list[Rule] = []
    for path in sorted(base.glob("*.yaml")):
        rules.extend(load_rule_file(path))
    return check_unique(rules)


def check_unique(rules: list[Rule] | tuple[Rule, ...]) -> tuple[Rule, ...]:
    seen_codes: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for rule in rules:
        if rule.code in seen_codes:
            raise ConfigError(rule.source, None, f"duplicate rule code {rule.code} (also in {seen_codes[rule.code]})")
        if rule.name in seen_names:
            raise ConfigError(rule.source, None, f"duplicate rule name {rule.name} (also in {seen_names[rule.name]})")
        seen_codes[rule.code] = rule.source
        seen_names[rule.name] = rule.source
    return tuple(rules)
