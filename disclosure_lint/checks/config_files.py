"""Configuration files: ``.disclosure-lint.yaml`` or ``[tool.disclosure-lint]`` in ``pyproject.toml``.

Found by walking up from the linted file's directory; the nearest one applies.  ``extends`` names
another configuration file (yamllint-style) whose settings this one refines.  Unknown keys and bad
values are errors that name the file, the line and a hint.
"""

from __future__ import annotations

import fnmatch
from disclosure_lint import recache as re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_lint.checks.run_config import Config, env_lang
from disclosure_lint.checks.diagnostics import SEVERITIES
from disclosure_lint.checks.rule_refs import selected, unknown_refs
from disclosure_lint.checks.rules import Rule, builtin_rules, check_unique, load_rule_file
from disclosure_lint.report.facts import KnownFacts
from disclosure_lint.report.templates import era_ids, load_eras
from disclosure_lint.resources import data_dir
from disclosure_lint.yamlio import ConfigError, LineDict, load_yaml, read_text

if TYPE_CHECKING:  # a manifest is read only by the runs that name one
    from disclosure_lint.checks.manifest import Manifest

YAML_NAMES = (".disclosure-lint.yaml", ".disclosure-lint.yml")
ISSUER_KINDS = ("government", "department", "township")
KEYS = ("extends", "select", "ignore", "extend-select", "severity", "per-file-ignores", "fail-level",
        "issuer-kind", "deadlines", "rules", "rule-params", "lang", "era", "manifest", "rubric", "exclude")


@dataclass(frozen=True)
class Settings:
    """What one configuration file (with what it extends) says."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_level: str | None = None
    issuer_kind: str | None = None
    deadlines: tuple[dict[str, Any], ...] = ()
    rules: tuple[Rule, ...] = field(default=())
    rule_params: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    lang: str | None = None
    era: str | None = None
    manifest: Manifest | None = None
    rubric: str | None = None  # the scoring rubric file (resolved), validated when the configuration is read
    exclude: tuple[str, ...] = ()  # globs (relative to the configuration file) of files not to lint


def find_config(start: Path) -> Path | None:
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in YAML_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and re.search(r"^\[tool\.disclosure-lint\]", pyproject.read_text(encoding="utf-8",
                                                                                                   errors="replace"), re.M):
            return pyproject
    return None


def _yaml_with_lines(path: Path, root: Path) -> tuple[Any, dict[str, int]]:
    data = load_yaml(path, roots=(root, data_dir("rules").resolve()))
    lines = dict(data.lines) if isinstance(data, LineDict) else {}
    return data, {str(k): v for k, v in lines.items()}


def tree_root(config: Path) -> Path:
    """The directory tree a configuration may read other files from (``extends``, ``rules``,
    ``!include``): its repository (the nearest folder holding ``.git``), else its own directory."""
    folder = config.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def _inside(path: Path, line: int | None, key: str, name: str, root: Path) -> Path:
    """``name`` resolved from ``path``'s folder, refused unless it is a regular file under ``root``."""
    target = (path.parent / name).resolve()
    if not target.is_relative_to(root) and not target.is_relative_to(data_dir("rules").resolve()):
        raise ConfigError(path, line, f"{key!r}: {name!r} is outside this configuration's directory tree",
                          hint=f"configuration files may read files under {root} only")
    if not target.is_file():
        raise ConfigError(path, line, f"{key!r}: no such file {name!r}")
    return target


def _toml_with_lines(path: Path) -> tuple[Any, dict[str, int]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    text = read_text(path)
    try:
        tool = tomllib.loads(text).get("tool")
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"TOML error: {exc}") from exc
    data = tool.get("disclosure-lint", {}) if isinstance(tool, dict) else {}
    lines: dict[str, int] = {}
    section = re.search(r"^\[tool\.disclosure-lint\]", text, re.M)
    offset = text[: section.start()].count("\n") + 1 if section else 1
    for key in data:
        m = re.search(rf'^\s*"?{re.escape(key)}"?\s*=', text[section.end():] if section else text, re.M)
        lines[key] = offset + (text[section.end():].count("\n", 0, m.start()) if m and section else 0)
    return data, lines


def _hint(word: str, choices) -> str | None:
    import difflib  # only to suggest a key for a mistyped one

    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else f"expected one of: {', '.join(choices)}"


def _strings(path: Path, line: int | None, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, line, f"{key!r} must be a list of rule codes, names or code prefixes")
    return tuple(value)


def _check_rule_refs(path: Path, line: int | None, key: str, refs: tuple[str, ...], rules: tuple[Rule, ...]) -> None:
    for ref, hint in unknown_refs(refs, rules):
        raise ConfigError(path, line, f"{key!r}: unknown rule {ref!r}", hint=hint)


def load_settings(path: Path, _seen: tuple[Path, ...] = (), root: Path | None = None) -> Settings:
    path = path.resolve()
    root = root or tree_root(path)
    if path in _seen:
        chain = " -> ".join(p.name for p in (*_seen, path))
        raise ConfigError(_seen[-1], None, f"circular 'extends': {chain}")
    if path.name == "pyproject.toml":
        data, lines = _toml_with_lines(path)
    else:
        data, lines = _yaml_with_lines(path, root)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, None, "the configuration must be a mapping of settings")
    for key in data:
        if key not in KEYS:
            raise ConfigError(path, lines.get(key), f"unknown setting {key!r}", hint=_hint(str(key), KEYS))
    base = Settings()
    if "extends" in data:
        if not isinstance(data["extends"], str):
            raise ConfigError(path, lines.get("extends"), "'extends' names one configuration file")
        target = _inside(path, lines.get("extends"), "extends", data["extends"], root)
        base = load_settings(target, (*_seen, path), root)
    return _apply(path, data, lines, base, root)


@dataclass(frozen=True)
class _File:
    """One configuration file being applied: where it is, what it says, and the rules it can name."""

    path: Path
    data: dict
    lines: dict[str, int]
    base: Settings
    root: Path
    rules: tuple[Rule, ...] = ()

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def _apply(path: Path, data: dict, lines: dict[str, int], base: Settings, root: Path) -> Settings:
    """The settings after this file: each key present is validated and applied in turn."""
    extra: list[Rule] = list(base.rules)
    for ref in _strings(path, lines.get("rules"), "rules", data.get("rules", [])):
        rule_path = _inside(path, lines.get("rules"), "rules", ref, root)
        extra.extend(load_rule_file(rule_path, roots=(root,)))
    file = _File(path, data, lines, base, root, tuple(check_unique([*builtin_rules(), *extra])))
    settings = replace(base, path=path, rules=tuple(extra))
    for key, apply in _APPLIERS:
        if key in data:
            settings = apply(file, key, settings)
    return settings


def _selection(file: _File, key: str, settings: Settings) -> Settings:
    refs = _strings(file.path, file.line(key), key, file.data[key])
    _check_rule_refs(file.path, file.line(key), key, refs, file.rules)
    attr = key.replace("-", "_")
    return replace(settings, **{attr: refs if key == "select" else (*getattr(file.base, attr), *refs)})


def _severity(file: _File, key: str, settings: Settings) -> Settings:
    sev = file.data[key]
    if not isinstance(sev, dict):
        raise ConfigError(file.path, file.line(key), "'severity' maps rule codes or names to error|warning|info")
    pairs = []
    for ref, level in sev.items():
        _check_rule_refs(file.path, file.line(key), key, (str(ref),), file.rules)
        if level not in SEVERITIES:
            raise ConfigError(file.path, file.line(key), f"'severity': {ref}: bad level {level!r}",
                              hint=_hint(str(level), SEVERITIES))
        pairs.append((str(ref), level))
    return replace(settings, severity=(*file.base.severity, *pairs))


def _per_file_ignores(file: _File, key: str, settings: Settings) -> Settings:
    pfi = file.data[key]
    if not isinstance(pfi, dict):
        raise ConfigError(file.path, file.line(key), "'per-file-ignores' maps glob patterns to rule lists")
    entries = []
    for pattern, refs in pfi.items():
        refs_t = _strings(file.path, file.line(key), key, refs)
        _check_rule_refs(file.path, file.line(key), key, refs_t, file.rules)
        entries.append((str(pattern), refs_t))
    return replace(settings, per_file_ignores=(*file.base.per_file_ignores, *entries))


def _choice(file: _File, key: str, settings: Settings) -> Settings:
    choices = {"fail-level": SEVERITIES, "issuer-kind": ISSUER_KINDS, "lang": ("zh", "en")}.get(key) or era_ids()
    value = str(file.data[key])
    if value not in choices:
        raise ConfigError(file.path, file.line(key), f"{key!r}: bad value {value!r}", hint=_hint(value, choices))
    return replace(settings, **{key.replace("-", "_"): value})


def _params(file: _File, key: str, settings: Settings) -> Settings:
    params = _rule_params(file.path, file.line(key), file.data[key], file.rules)
    return replace(settings, rule_params=(*file.base.rule_params, *params))


def _exclude(file: _File, key: str, settings: Settings) -> Settings:
    return replace(settings, exclude=(*file.base.exclude, *_globs(file.path, file.line(key), file.data[key])))


def _manifest(file: _File, key: str, settings: Settings) -> Settings:
    from disclosure_lint.checks.manifest import load_manifest

    target = _inside(file.path, file.line(key), key, str(file.data[key]), file.root)
    return replace(settings, manifest=load_manifest(target))


def _deadline_list(file: _File, key: str, settings: Settings) -> Settings:
    return replace(settings, deadlines=(*_deadlines(file.path, file.line(key), file.data[key]), *file.base.deadlines))


def _rubric_file(file: _File, key: str, settings: Settings) -> Settings:
    return replace(settings, rubric=_rubric(file.path, file.line(key), file.data[key]))


# The keys in the order they are applied (as before: selection, severities, per-file ignores, choices, …).
_APPLIERS = (
    ("select", _selection), ("ignore", _selection), ("extend-select", _selection), ("severity", _severity),
    ("per-file-ignores", _per_file_ignores), ("fail-level", _choice), ("issuer-kind", _choice), ("lang", _choice),
    ("era", _choice), ("rule-params", _params), ("exclude", _exclude), ("manifest", _manifest),
    ("deadlines", _deadline_list), ("rubric", _rubric_file),
)


def _rubric(path: Path, line: int | None, raw: Any) -> str:
    """``rubric: scoring.yaml`` (relative to this file): the file must exist and be a valid rubric."""
    from disclosure_lint.checks.rubric import load_rubric

    if not isinstance(raw, str) or not raw:
        raise ConfigError(path, line, "'rubric' names a rubric file (YAML)")
    target = (path.parent / raw).resolve()
    if not target.is_file():
        raise ConfigError(path, line, f"'rubric': no such file {target}")
    load_rubric(target)
    return str(target)


def _rule_params(path: Path, line: int | None, raw: Any, rules) -> tuple:
    """``rule-params: {copied-report: {threshold: 0.6}}``: only parameters the rule has, of the same type."""
    if not isinstance(raw, dict):
        raise ConfigError(path, line, "'rule-params' maps rule names to {parameter: value}")
    out = []
    for ref, values in raw.items():
        _check_rule_refs(path, line, "rule-params", (str(ref),), rules)
        if not isinstance(values, dict):
            raise ConfigError(path, line, f"'rule-params': {ref}: expected a mapping of parameters")
        # Numeric parameters are the tunable ones (thresholds, factors); the others select what a rule does.
        tunable = {k: v for rule in selected(rules, str(ref)) for k, v in rule.params.items()
                   if isinstance(v, (int, float)) and not isinstance(v, bool)}
        for key, value in values.items():
            if key not in tunable:
                raise ConfigError(path, line, f"'rule-params': {ref} has no parameter {key!r}",
                                  hint=f"its parameters: {', '.join(tunable) or 'none'}")
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ConfigError(path, line, f"'rule-params': {ref}.{key} must be a number, not {value!r}")
        out.append((str(ref), tuple(values.items())))
    return tuple(out)


def _deadlines(path: Path, line: int | None, raw: Any) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list):
        raise ConfigError(path, line, "'deadlines' is a list of {issuers, month, day[, regimes, basis]}")
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise ConfigError(path, line, "each deadline is a mapping {issuers, month, day[, regimes, basis]}")
        unknown = set(entry) - {"issuers", "month", "day", "regimes", "eras", "basis"}
        if unknown:
            raise ConfigError(path, line, f"deadline: unknown key(s) {sorted(unknown)}",
                              hint="keys: issuers, month, day, regimes, eras, basis")
        issuers = entry.get("issuers", list(ISSUER_KINDS))
        issuers = [issuers] if isinstance(issuers, str) else issuers
        for kind in issuers:
            if kind not in (*ISSUER_KINDS, "any"):
                raise ConfigError(path, line, f"deadline: unknown issuer kind {kind!r}", hint=_hint(kind, ISSUER_KINDS))
        try:
            month, day = int(entry["month"]), int(entry["day"])
            import datetime as dt

            dt.date(2001, month, day)
        except (KeyError, ValueError, TypeError) as exc:
            raise ConfigError(path, line, f"deadline: bad month/day ({exc})", hint="e.g. {month: 2, day: 20}") from exc
        regimes = _deadline_regimes(path, line, entry)
        out.append({"issuers": list(issuers), "month": month, "day": day, "regimes": regimes,
                    "basis": str(entry.get("basis", f"配置文件 {path.name}"))})
    return tuple(out)


def _globs(path: Path, line: int | None, raw: Any) -> tuple[str, ...]:
    raw = [raw] if isinstance(raw, str) else raw
    if not isinstance(raw, list) or not all(isinstance(g, str) and g for g in raw):
        raise ConfigError(path, line, "'exclude' is a list of glob patterns", hint='e.g. ["drafts/**", "*.tmp.txt"]')
    return tuple(raw)


def excluded_by(settings: Settings, report_path: Path | None) -> str | None:
    """The ``exclude`` glob that matches this file (relative to the configuration file), if any."""
    if report_path is None or settings.path is None:
        return None
    try:
        rel = report_path.resolve().relative_to(settings.path.parent).as_posix()
    except ValueError:
        rel = report_path.as_posix()
    return next((g for g in settings.exclude if fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(report_path.name, g)), None)


def _deadline_regimes(path: Path, line: int | None, entry: dict) -> list[str]:
    """The regimes (条例 in force) a local deadline applies under: ``regimes:`` names them, ``eras:``
    names formats and means their regimes; by default the regime of the newest format."""
    eras = load_eras()
    known = sorted({e.regime.id for e in eras.values()})
    if "eras" in entry:
        for era in map(str, entry["eras"]):
            if era not in eras:
                raise ConfigError(path, line, f"deadline: unknown format {era!r}", hint=_hint(era, list(eras)))
        return sorted({eras[str(e)].regime.id for e in entry["eras"]})
    regimes = [str(r) for r in entry.get("regimes", [list(eras.values())[-1].regime.id])]
    for regime in regimes:
        if regime not in known:
            raise ConfigError(path, line, f"deadline: unknown regime {regime!r}", hint=_hint(regime, known))
    return regimes


class SettingsCache:
    """Configuration files read once per run (a run lints many files under one configuration)."""

    def __init__(self) -> None:
        self._cache: dict[Path | None, Settings] = {}

    def get(self, config_path: Path | None) -> Settings:
        if config_path not in self._cache:
            self._cache[config_path] = load_settings(config_path) if config_path else Settings()
        return self._cache[config_path]


def depends_on_path(settings: Settings, cli: dict[str, Any]) -> bool:
    """Whether :func:`merge` can give two reports under ``settings`` different configurations (per-file
    ignores, a manifest's entries); if not, one merge serves them all."""
    return bool(settings.per_file_ignores) or (cli.get("manifest") or settings.manifest) is not None


def merge(settings: Settings, cli: dict[str, Any], report_path: Path | None) -> Config:
    """The configuration for one report: command-line options over the file's settings over defaults."""
    select = cli.get("select") or settings.select or ()
    extend = (*settings.extend_select, *cli.get("extend_select", ()))
    if select and extend:
        select = (*select, *extend)
    ignore = [*settings.ignore, *cli.get("ignore", ())]
    if report_path is not None and settings.path is not None:
        try:
            rel = report_path.resolve().relative_to(settings.path.parent).as_posix()
        except ValueError:
            rel = report_path.as_posix()
        for pattern, refs in settings.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(report_path.name, pattern):
                ignore.extend(refs)
    facts = _facts(settings, cli, report_path)
    return Config(
        facts=facts,
        lang=cli.get("lang") or settings.lang or env_lang(),
        select=tuple(select),
        ignore=tuple(ignore),
        severity=settings.severity,
        fail_level=cli.get("fail_level") or settings.fail_level or "error",
        era=cli.get("era") or settings.era,
        issuer_kind=cli.get("issuer_kind") or (facts and facts.issuer_kind) or settings.issuer_kind,
        deadlines=settings.deadlines,
        extra_rules=(*settings.rules, *cli.get("extra_rules", ())),
        rule_params=settings.rule_params,
        config_file=str(settings.path) if settings.path else None,
        rubric=cli.get("rubric") or settings.rubric,
    )


def _facts(settings: Settings, cli: dict[str, Any], report_path: Path | None) -> KnownFacts | None:
    """What is known about this file from outside: ``--published`` over the manifest's entry."""
    manifest = cli.get("manifest") or settings.manifest
    entry = manifest.entry_for(report_path) if manifest is not None and report_path is not None else None
    facts = entry.facts if entry else None
    published = cli.get("published")
    if published is not None:
        facts = KnownFacts(published=published, origin="--published").over(facts)
    return facts
