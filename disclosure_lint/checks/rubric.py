"""Scoring as data: a rubric (YAML) turns a report's findings into points, as assessment rules are written.

The default rubric ships in ``rules/scoring/default.yaml`` with its basis; a supervisor passes their own
with ``--rubric FILE`` or ``rubric:`` in the configuration.  A rubric is validated when it is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from disclosure_lint.checks.diagnostics import SEVERITIES, Diagnostic
from disclosure_lint.resources import data_dir
from disclosure_lint.yamlio import ConfigError, load_yaml

PER = ("report", "table", "finding")
RUBRIC_KEYS = {"name", "basis", "full", "floor", "deductions"}
DEDUCTION_KEYS = {"id", "label", "rules", "points", "per", "max", "severities"}


@dataclass(frozen=True)
class Deduction:
    id: str
    label: dict[str, str]
    rules: tuple[str, ...]  # codes, names or code prefixes
    points: float
    per: str  # report | table | finding
    max: float | None
    severities: tuple[str, ...]

    def matches(self, diag: Diagnostic) -> bool:
        if diag.severity not in self.severities:
            return False
        return any(diag.code == r or diag.name == r or (r.isalnum() and diag.code.startswith(r.upper()))
                   for r in self.rules)


@dataclass(frozen=True)
class Rubric:
    name: dict[str, str]
    basis: str
    full: float
    floor: float
    deductions: tuple[Deduction, ...]
    source: str
    # (code, name, severity) -> the deductions such a finding matches: a batch asks the same few
    # questions of every report (each deduction tried on each finding cost more than the JSON it scores)
    _matching: dict = field(default_factory=dict, compare=False, repr=False)

    def matching(self, diag: Diagnostic) -> tuple[int, ...]:
        """The indexes of the deductions ``diag`` matches."""
        key = (diag.code, diag.name, diag.severity)
        found = self._matching.get(key)
        if found is None:
            found = self._matching[key] = tuple(k for k, d in enumerate(self.deductions) if d.matches(diag))
        return found


@dataclass(frozen=True)
class Lost:
    """One deduction applied to one report: how many points, for how many findings."""

    id: str
    label: dict[str, str]
    points: float
    findings: int


@dataclass(frozen=True)
class Score:
    points: float
    full: float
    lost: tuple[Lost, ...]


def _number(path: Path, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(path, None, f"{where}: expected a non-negative number, found {value!r}")
    return float(value)


def _label(path: Path, where: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh": value, "en": value}
    if not isinstance(value, dict) or "zh" not in value:
        raise ConfigError(path, None, f"{where}: expected a text or a mapping with 'zh' (and 'en')")
    return {"zh": str(value["zh"]), "en": str(value.get("en", value["zh"]))}


def _deduction(path: Path, raw: Any, index: int) -> Deduction:
    where = f"deduction #{index + 1}"
    if not isinstance(raw, dict):
        raise ConfigError(path, None, f"{where} is not a mapping")
    unknown = set(raw) - DEDUCTION_KEYS
    if unknown:
        raise ConfigError(path, None, f"{where}: unknown key(s) {sorted(unknown)}",
                          hint=f"known keys: {', '.join(sorted(DEDUCTION_KEYS))}")
    rules = raw.get("rules")
    if not isinstance(rules, list) or not rules:
        raise ConfigError(path, None, f"{where}: 'rules' must be a non-empty list of rule codes or names")
    per = raw.get("per", "report")
    if per not in PER:
        raise ConfigError(path, None, f"{where}: per {per!r}", hint="one of " + ", ".join(PER))
    severities = tuple(raw.get("severities") or ("error", "warning"))
    if not set(severities) <= set(SEVERITIES):
        raise ConfigError(path, None, f"{where}: severities {list(severities)}", hint="error, warning, info")
    return Deduction(
        id=str(raw.get("id", f"d{index + 1}")), label=_label(path, where, raw.get("label", raw.get("id", where))),
        rules=tuple(str(r) for r in rules), points=_number(path, where, raw.get("points")), per=per,
        max=_number(path, where, raw["max"]) if "max" in raw else None, severities=severities)


def load_rubric(path: str | Path | None = None) -> Rubric:
    """The rubric in ``path``, or the default one; a malformed file is a :class:`ConfigError`."""
    if path is None:
        return _default()
    path = Path(path)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise ConfigError(path, None, "a rubric is a mapping with 'full' and 'deductions'")
    unknown = set(raw) - RUBRIC_KEYS
    if unknown:
        raise ConfigError(path, None, f"unknown key(s) {sorted(unknown)}", hint=", ".join(sorted(RUBRIC_KEYS)))
    items = raw.get("deductions")
    if not isinstance(items, list):
        raise ConfigError(path, None, "'deductions' must be a list")
    return Rubric(name=_label(path, "name", raw.get("name", path.stem)), basis=str(raw.get("basis", "")),
                  full=_number(path, "full", raw.get("full", 100)), floor=_number(path, "floor", raw.get("floor", 0)),
                  deductions=tuple(_deduction(path, d, i) for i, d in enumerate(items)), source=str(path))


@lru_cache(maxsize=1)
def _default() -> Rubric:
    return load_rubric(data_dir("rules") / "scoring" / "default.yaml")


def _units(deduction: Deduction, hits: list[Diagnostic], table_of) -> int:
    if deduction.per == "report":
        return 1
    if deduction.per == "finding":
        return len(hits)
    return len({table_of(d) for d in hits})  # per table: findings outside any table count as one


def score(rubric: Rubric, diagnostics: tuple[Diagnostic, ...], table_of=lambda d: None) -> Score:
    """The report's score: full marks less every deduction (each capped by its ``max``), not below the floor.
    ``table_of`` tells which table a finding is in (for ``per: table``)."""
    hits_of: dict[int, list[Diagnostic]] = {}
    for diag in diagnostics:
        for k in rubric.matching(diag):
            hits_of.setdefault(k, []).append(diag)
    lost = []
    for k, deduction in enumerate(rubric.deductions):
        hits = hits_of.get(k)
        if not hits:
            continue
        points = deduction.points * _units(deduction, hits, table_of)
        if deduction.max is not None:
            points = min(points, deduction.max)
        lost.append(Lost(deduction.id, deduction.label, points, len(hits)))
    total = max(rubric.full - sum(item.points for item in lost), rubric.floor)
    return Score(round(total, 2), rubric.full, tuple(lost))
