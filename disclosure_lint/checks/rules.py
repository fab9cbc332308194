"""Rules as data: load and validate the YAML rule files.

A rule file holds a list of rules.  Each rule names its ``kind`` (the engine that runs it), a stable
``code``, a kebab-case ``name``, a default ``severity``, a bilingual ``message`` template, its legal or
template ``basis`` and its documentation; kind-specific parameters live in ``checks``.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from disclosure_lint.checks.diagnostics import SEVERITIES
from disclosure_lint.resources import cached_build, data_dir
from disclosure_lint.yamlio import ConfigError, line_of, load_yaml

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
    user: bool = False  # from a user's rule file, not the bundled ones: its patterns run on RE2

    def template(self, variant: str | None, lang: str) -> str:
        table = self.variants.get(variant, self.message) if variant else self.message
        return table.get(lang) or table.get("zh") or next(iter(table.values()))


def _validate_kind(path: Path, raw: dict, user: bool) -> None:
    """The rule's kind exists and its ``params``/``checks`` are what that kind declares it accepts."""
    from disclosure_lint.checks.kinds import problems

    for problem in problems(raw, user)[:1]:
        raise ConfigError(path, line_of(raw, *problem.where), f"rule {raw['name']}: {problem.message}",
                          hint=problem.hint)


def _check_shape(path: Path, raw: Any, where: str) -> None:
    """The keys every rule has, whatever its kind."""
    if not isinstance(raw, dict):
        raise ConfigError(path, line_of(raw), f"{where} is not a mapping")
    label = f"{where} ({raw.get('name', '?')})"
    for key in raw:
        if key not in RULE_KEYS:
            raise ConfigError(path, line_of(raw, key), f"{label}: unknown key {key!r}",
                              hint=_close(str(key), RULE_KEYS))
    for key in ("code", "name", "kind", "severity", "message", "basis"):
        if key not in raw:
            raise ConfigError(path, line_of(raw), f"{label}: missing key {key!r}")
    if not isinstance(raw["code"], str) or not CODE.match(raw["code"]):
        raise ConfigError(path, line_of(raw, "code"), f"{where}: code {raw['code']!r} is not of the form DLnnn")
    if not isinstance(raw["name"], str) or not NAME.match(raw["name"]):
        raise ConfigError(path, line_of(raw, "name"), f"{where}: name {raw['name']!r} is not kebab-case")
    if raw["severity"] not in SEVERITIES:
        raise ConfigError(path, line_of(raw, "severity"), f"{label}: severity {raw['severity']!r}",
                          hint="one of error, warning, info")
    for key in ("message", "summary", "variants", "examples"):
        _check_texts(path, raw, key, label)
    eras = raw.get("eras")
    if eras is not None and not (isinstance(eras, list) and all(isinstance(e, (str, int)) for e in eras)):
        raise ConfigError(path, line_of(raw, "eras"), f"{label}: 'eras' must be a list of era ids")


def _check_texts(path: Path, raw: dict, key: str, label: str) -> None:
    """``message``/``summary``/``examples`` map a language to text; ``variants`` map a name to such a mapping."""
    value = raw.get(key, {} if key != "message" else None)
    tables = value.values() if key == "variants" and isinstance(value, dict) else [value]
    for table in tables:
        if not isinstance(table, dict) or not all(isinstance(t, str) for t in table.values()):
            raise ConfigError(path, line_of(raw, key), f"{label}: {key!r} must map languages to text",
                              hint="e.g. {zh: '…', en: '…'}")
    if key == "message" and "zh" not in value:
        raise ConfigError(path, line_of(raw, key), f"{label}: message needs at least a 'zh' template")


def _close(word: str, choices) -> str:
    import difflib  # only to suggest a key for a mistyped one

    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(sorted(choices))}"


def _rule(path: Path, raw: Any, index: int, user: bool) -> Rule:
    _check_shape(path, raw, f"rule #{index + 1}")
    message = raw["message"]
    _validate_kind(path, raw, user)
    eras = raw.get("eras")
    return Rule(
        code=str(raw["code"]), name=str(raw["name"]), kind=str(raw["kind"]), severity=raw["severity"],
        summary=dict(raw.get("summary") or {}), message=dict(message), variants=dict(raw.get("variants") or {}),
        basis=str(raw["basis"]), doc=str(raw.get("doc", "")).strip(),
        eras=tuple(str(e) for e in eras) if eras else None,
        checks=tuple(raw.get("checks") or ()), params=dict(raw.get("params") or {}),
        examples=dict(raw.get("examples") or {}), source=str(path), user=user,
    )


def load_rule_file(path: str | Path, roots: tuple[Path, ...] | None = None, user: bool = True) -> tuple[Rule, ...]:
    """The rules of one file, each validated against its kind's declared parameters.  ``!include``
    reads only under ``roots`` (default: the file's own directory)."""
    path = Path(path)
    raw = load_yaml(path, roots=roots)
    if raw is None:
        return ()
    if isinstance(raw, dict) and set(raw) - {"rules"}:
        extra = sorted(map(str, set(raw) - {"rules"}))
        raise ConfigError(path, line_of(raw, extra[0]), f"unknown key {extra[0]!r} in a rule file",
                          hint="a rule file is a list of rules, or a mapping with 'rules:' only")
    items = raw.get("rules") if isinstance(raw, dict) else raw
    if not isinstance(items, list):
        raise ConfigError(path, line_of(raw), "a rule file holds a list of rules (or a mapping with 'rules:')")
    return tuple(_rule(path, item, i, user) for i, item in enumerate(items))


@lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    """The bundled rules, validated; from the data cache when no rule file (nor the code) changed."""
    base = data_dir("rules")
    return cached_build("rules", list(base.rglob("*.yaml")), lambda: _load_builtin(base))


def _load_builtin(base: Path) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in sorted(base.glob("*.yaml")):
        rules.extend(load_rule_file(path, user=False))
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
