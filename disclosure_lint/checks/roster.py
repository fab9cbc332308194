"""The supervisor's roster: the units expected to report (with their kind), read from CSV or YAML, and
matched with the reports of a batch by issuer name (:func:`~disclosure_lint.report.issuers.same_body`,
the project's one notion of "the same body").

CSV: one unit a row, ``unit,kind`` (a header row 单位/unit is skipped; kind may be empty).
YAML: a list of names or of ``{unit: NAME, kind: KIND}``, or a mapping with ``units:`` holding that list.
Kinds are the configuration's: government, department, township (or their Chinese names).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_lint.report.issuers import clean_name, same_body
from disclosure_lint.yamlio import ConfigError, load_yaml

KINDS = {"government": "government", "department": "department", "township": "township", "": "",
         "政府": "government", "人民政府": "government", "部门": "department", "政府部门": "department",
         "乡镇": "township", "街道": "township", "乡镇街道": "township", "乡镇/街道": "township"}
HEADERS = {"unit", "单位", "单位名称", "name", "名称"}


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # government | department | township | "" (not given)


@dataclass(frozen=True)
class RosterMatch:
    """A batch against the roster: the unit of each report, units with no report, reports of no unit."""

    units: dict[str, Unit] = field(default_factory=dict)  # report path -> its unit
    missing: tuple[Unit, ...] = ()
    unmatched: tuple[str, ...] = ()  # report paths


def _kind(path: Path, name: str, raw: Any) -> str:
    kind = KINDS.get(str(raw or "").strip())
    if kind is None:
        raise ConfigError(path, None, f"roster: unit {name!r} has unknown kind {raw!r}",
                          hint="government, department or township (政府, 部门, 乡镇/街道)")
    return kind


def _csv_units(path: Path, text: str) -> list[Unit]:
    import csv  # only for a roster given as CSV

    units = []
    for row in csv.reader(io.StringIO(text)):
        cells = [c.strip() for c in row]
        if not cells or not cells[0] or cells[0].lower() in HEADERS or cells[0].startswith("#"):
            continue
        units.append(Unit(cells[0], _kind(path, cells[0], cells[1] if len(cells) > 1 else "")))
    return units


def _yaml_units(path: Path, data: Any) -> list[Unit]:
    items = data.get("units") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(path, None, "roster: expected a list of units (or a mapping with 'units:')")
    units = []
    for item in items:
        if isinstance(item, str):
            units.append(Unit(item.strip(), ""))
        elif isinstance(item, dict) and isinstance(item.get("unit") or item.get("name"), str):
            name = (item.get("unit") or item.get("name")).strip()
            units.append(Unit(name, _kind(path, name, item.get("kind"))))
        else:
            raise ConfigError(path, None, f"roster: {item!r} is neither a name nor {{unit: NAME, kind: KIND}}")
    return units


def load_roster(path: str | Path) -> tuple[Unit, ...]:
    """The units of a roster file; a malformed or empty roster is a :class:`ConfigError`."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        units = _yaml_units(path, load_yaml(path))
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from exc
        except UnicodeDecodeError:
            text = path.read_bytes().decode("gb18030", errors="replace")  # a roster saved by Excel on Chinese Windows
        units = _csv_units(path, text)
    if not units:
        raise ConfigError(path, None, "roster: no units found")
    return tuple(units)


def unit_of(issuer: str | None, units: Sequence[Unit]) -> Unit | None:
    """The roster unit an issuer name denotes: the same name first, else the closest name of the same body."""
    name = clean_name(issuer or "")
    if not name:
        return None
    exact = next((u for u in units if clean_name(u.name) == name), None)
    if exact:
        return exact
    found = [u for u in units if clean_name(u.name) and same_body(u.name, name)]
    return min(found, key=lambda u: abs(len(clean_name(u.name)) - len(name)), default=None)


def match_roster(units: Sequence[Unit], issuers: Sequence[tuple[str, str | None]]) -> RosterMatch:
    """Match (path, issuer) pairs of a batch with the roster's units."""
    matched: dict[str, Unit] = {}
    for path, issuer in issuers:
        unit = unit_of(issuer, units)
        if unit is not None:
            matched[path] = unit
    reported = set(matched.values())
    return RosterMatch(units=matched, missing=tuple(u for u in units if u not in reported),
                       unmatched=tuple(path for path, _ in issuers if path not in matched))
