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

from disclosure_lint.checks.diagnostics import SEVERITIES
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


def _fail(path: Path, rule: str, message: str, hint: str | None = None) -> None:
    raise ConfigError(path, None, f"rule {rule}: {message}", hint=hint)


def _check_pattern(path: Path, name: str, pattern: Any) -> None:
    try:
        re.compile(str(pattern))
    except re.error as exc:
        _fail(path, name, f"bad regular expression {pattern!r}: {exc}")


def _validate_kind(path: Path, raw: dict) -> None:
    """What each kind needs from its data, checked when the file is read (not when a report is linted)."""
    name, kind = raw["name"], raw["kind"]
    checks = raw.get("checks") or []
    params = raw.get("params") or {}
    if not isinstance(checks, list) or not all(isinstance(c, dict) for c in checks):
        _fail(path, name, "'checks' must be a list of mappings")
    if not isinstance(params, dict):
        _fail(path, name, "'params' must be a mapping")
    if kind == "pattern":
        for check in checks:
            if "pattern" not in check:
                _fail(path, name, "every check of a pattern rule needs 'pattern'")
            _check_pattern(path, name, check["pattern"])
            if "correct" in check and not isinstance(check["correct"], str):
                _fail(path, name, "'correct' of a pattern check must be a string (the correct form)")
    elif kind == "relation":
        for check in checks:
            if "table" not in check:
                _fail(path, name, "every relation check needs 'table'")
            summed = "parts" in check and "total" in check
            sided = isinstance(check.get("left"), dict) and isinstance(check.get("right"), dict)
            if not (summed or sided):
                _fail(path, name, "a relation check needs 'parts' and 'total', or 'left' and 'right' mappings")
            if sided and not check["right"] and "anchor" not in check:
                _fail(path, name, "a relation check with an empty 'right' needs an 'anchor' cell")
            if check.get("op", "=") not in ("=", "<=", ">="):
                _fail(path, name, f"unknown op {check.get('op')!r}", hint="one of =, <=, >=")
    elif kind == "value-format":
        if params.get("field") not in ("postcode", "phone", "email", "url", "address"):
            _fail(path, name, f"unknown field {params.get('field')!r}", hint="postcode, phone, email, url or address")
        for pattern in params.get("valid", []):
            _check_pattern(path, name, pattern)


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
    _validate_kind(path, raw)
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
