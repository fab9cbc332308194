"""The template eras as typed data: sections, tables, rows and columns, loaded from ``rules/templates``."""

from __future__ import annotations

from disclosure_lint import recache as re
from typing import Any, Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from disclosure_lint.resources import cached_build, data_dir
from disclosure_lint.yamlio import ConfigError, load_yaml


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    type: str = "int"  # int | signed | decimal
    # A column the form may leave out: it is there only when the table's header has this word
    # (a 附表 with a single 年末统计 column has no 历年累计).
    header: str = ""


@dataclass(frozen=True)
class RowSpec:
    id: str
    label: str
    match: re.Pattern[str]
    columns: tuple[Column, ...]
    group: bool = False  # a label without values (a merged cell to the left of its sub-rows)
    anchored: bool = False  # only recognised right after the previous template row
    optional: bool = False
    tags: tuple[str, ...] = ()

    def __reduce_ex__(self, protocol):
        return _reduce_template(self, protocol)


@dataclass(frozen=True)
class GridSpec:
    anchor: re.Pattern[str]
    blocks: tuple[Column, ...]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class RowIdentity:
    """A relation every row (or grid block) of a table must satisfy: ``sum(parts) op total``, by column id.

    The template's own arithmetic (the 总计 column, 年度 ≤ 历年累计): it is what lets the reader cut a
    row whose digits ran together, and only where it leaves a single reading."""

    parts: tuple[str, ...]
    total: str
    op: str = "="


@dataclass(frozen=True)
class ColumnIdentity:
    """A relation between rows that holds in every column: ``sum(left) == sum(right)``, by row id
    (``@tag`` for every row carrying the tag): （七）总计 is the sum of the results, and the 勾稽 of
    table 三's header.  It settles run-together rows that their own arithmetic leaves open."""

    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    id: str
    name_zh: str
    name_en: str
    section: str | None
    rows: tuple[RowSpec, ...]
    grid: GridSpec | None
    unit_column: bool
    identities: tuple[RowIdentity, ...] = ()
    column_identities: tuple[ColumnIdentity, ...] = ()

    def row(self, row_id: str) -> RowSpec | None:
        return next((r for r in self.rows if r.id == row_id), None)

    @cached_property
    def any_row(self) -> re.Pattern[str]:
        """Matches a label that some row's pattern matches: one search rules out most header cells."""
        return re.compile("|".join(f"(?:{r.match.pattern})" for r in self.rows) or "(?!)")

    def __reduce_ex__(self, protocol):
        return _reduce_template(self, protocol)


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    match: re.Pattern[str]
    required: bool
    severity: str | None  # overrides the rule's severity for this section

    def __reduce_ex__(self, protocol):
        return _reduce_template(self, protocol)


@dataclass(frozen=True)
class Regime:
    """The law in force for a report year (2008 条例 / 2019 条例): deadlines follow it, not the format."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Era:
    """A report format (格式版本): the template a report year must use, and the regime it belongs to."""

    id: str
    name_zh: str
    name_en: str
    first_year: int
    last_year: int | None
    markers: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    order: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    regime: Regime
    signature_block: bool = True  # the format ends with a dated signature (落款); the 2019/2021 formats do not
    notice: re.Pattern[str] | None = None  # the notice that issued the format (〔2019〕60号): a report citing it follows it

    def __reduce_ex__(self, protocol):
        return _reduce_template(self, protocol)

    def table(self, table_id: str) -> TableSpec | None:
        return next((t for t in self.tables if t.id == table_id), None)

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


def _flatten(items: list) -> list:
    out: list = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _compile(path: Path, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(path, None, f"bad regular expression {pattern!r}: {exc}") from exc


def _columns(raw: list | None, default: tuple[Column, ...]) -> tuple[Column, ...]:
    if raw is None:
        return default
    return tuple(Column(c["id"], c.get("name", c["id"]), c.get("type", "int"), c.get("header", "")) for c in raw)


def _table(path: Path, raw: dict) -> TableSpec:
    cols = _columns(raw.get("columns"), ())
    rows = tuple(
        RowSpec(
            id=r["id"],
            label=r.get("label", r["id"]),
            match=_compile(path, r["match"]),
            columns=() if r.get("group") else _columns(r.get("columns"), cols),
            group=bool(r.get("group", False)),
            anchored=bool(r.get("anchored", False)),
            optional=bool(r.get("optional", False)),
            tags=tuple(r.get("tags", ())),
        )
        for r in _flatten(raw.get("rows", []))
    )
    grid = None
    if "grid" in raw:
        g = raw["grid"]
        grid = GridSpec(_compile(path, g["anchor"]), _columns(g["blocks"], ()), _columns(g["columns"], ()))
    name = raw.get("name", {})
    identities = tuple(_identity(path, i) for i in raw.get("identities", ()))
    columns = tuple(ColumnIdentity(tuple(i["left"]), tuple(i["right"])) for i in raw.get("column_identities", ()))
    return TableSpec(raw["id"], name.get("zh", raw["id"]), name.get("en", raw["id"]), raw.get("section"), rows,
                     grid, bool(raw.get("unit_column", False)), identities, columns)


def _identity(path: Path, raw: dict) -> RowIdentity:
    op = raw.get("op", "=")
    if op not in ("=", "<="):
        raise ConfigError(path, None, f"identity op must be '=' or '<=', not {op!r}")
    return RowIdentity(tuple(raw["parts"]), raw["total"], op)


def _regime(raw: dict) -> Regime:
    name = raw.get("name", {})
    return Regime(str(raw["id"]), name.get("zh", str(raw["id"])), name.get("en", str(raw["id"])))


def load_era(path: Path) -> Era:
    raw = load_yaml(path)
    try:
        sections = tuple(
            SectionSpec(s["id"], s["title"], _compile(path, s["match"]), bool(s.get("required", True)),
                        s.get("severity"))
            for s in raw["sections"]
        )
        years = raw["years"]
        name = raw.get("name", {})
        return Era(
            id=str(raw["era"]),
            name_zh=name.get("zh", str(raw["era"])),
            name_en=name.get("en", str(raw["era"])),
            first_year=int(years[0]),
            last_year=None if years[1] is None else int(years[1]),
            markers=tuple(raw.get("markers", ())),
            sections=sections,
            order=tuple(raw.get("order") or [s.id for s in sections]),
            tables=tuple(_table(path, t) for t in raw.get("tables", [])),
            regime=_regime(raw["regime"]),
            signature_block=bool(raw.get("signature_block", True)),
            notice=_compile(path, raw["notice"]) if raw.get("notice") else None,
        )
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        raise ConfigError(path, None, f"malformed template: {exc!r}") from exc


def _reduce_template(obj: object, protocol: int):
    """Bundled template objects are pickled by where they are in the bundled formats (a cached result
    holds many reports pointing at them: rebuilding the templates' patterns for each would cost more
    than linting); others (a format from another directory) by value."""
    where = template_ref(obj)
    if where is not obj:
        return (_template_object, where)
    return object.__reduce_ex__(obj, protocol)


def template_ref(obj: Any) -> Any:
    """Where a bundled template object is in the bundled formats (a tuple: era id, then attribute and
    position pairs), or the object itself when it is not one of them (a derived row, a format from
    another directory)."""
    held = _template_index().get(id(obj))
    return held[1] if held is not None and held[0] is obj else obj  # the object held: its id is its own


def template_at(ref: Any) -> Any:
    """The template object :func:`template_ref` gave ``ref`` for (a tuple), or ``ref`` itself."""
    return _template_object(*ref) if type(ref) is tuple else ref


@lru_cache(maxsize=1)
def _template_index() -> dict[int, tuple[Any, tuple]]:
    """id of each bundled template object → (the object, where it is)."""
    index: dict[int, tuple[Any, tuple]] = {}
    for era in load_eras().values():
        index[id(era)] = (era, (era.id,))
        for i, table in enumerate(era.tables):
            index[id(table)] = (table, (era.id, "tables", i))
            for j, row in enumerate(table.rows):
                index[id(row)] = (row, (era.id, "tables", i, "rows", j))
        for i, section in enumerate(era.sections):
            index[id(section)] = (section, (era.id, "sections", i))
    return index


def _template_object(era_id: str, *path: Any) -> Any:
    return _template_paths().get((era_id, *path)) or _walk(era_id, *path)


@lru_cache(maxsize=1)
def _template_paths() -> dict[tuple, Any]:
    """Where → the bundled template object (a look-up, not a walk, for each object a pickle names)."""
    return {where: obj for obj, where in _template_index().values()}


def _walk(era_id: str, *path: Any) -> Any:
    obj: Any = load_eras()[era_id]
    for attr, position in zip(path[::2], path[1::2]):
        obj = getattr(obj, attr)[position]
    return obj


def load_eras(directory: str | None = None) -> dict[str, Era]:
    """Every format in the templates directory: each YAML file with an ``era:`` key is one (fragments
    included by others have none), in the order of the years they cover."""
    return _eras(str(Path(directory).resolve()) if directory else None)


@lru_cache(maxsize=None)
def _eras(directory: str | None) -> dict[str, Era]:
    # One cache entry whether called as load_eras() or load_eras(None); the bundled formats come from
    # the data cache when no template file (nor the code) changed.
    if directory is None:
        base = data_dir("rules") / "templates"
        return cached_build("eras", list(base.parent.rglob("*.yaml")), lambda: _load_eras(base))
    return _load_eras(Path(directory))


def _load_eras(base: Path) -> dict[str, Era]:
    eras = [load_era(path) for path in sorted(base.glob("*.yaml")) if _is_era_file(path)]
    return {era.id: era for era in sorted(eras, key=lambda e: e.first_year)}


def _is_era_file(path: Path) -> bool:
    # A cheap look at the top-level keys: fragments (t3_rows.yaml) are lists or lack ``era:``.
    return any(line.startswith("era:") for line in path.read_text(encoding="utf-8").splitlines())


def era_ids() -> tuple[str, ...]:
    """The known formats' ids, for options and configuration values."""
    return tuple(load_eras())


def era_for_year(year: int | None, eras: dict[str, Era]) -> Era | None:
    if year is None:
        return None
    return next((e for e in eras.values() if e.covers(year)), None)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|（[一二三四五六七八九十]{1,3}）|\d{1,2}[.、．])")


class LazyPattern:
    """A regular expression compiled on its first use: the row labels' alternation costs more to
    compile than a small report costs to read, and only a flattened table needs it."""

    def __init__(self, build: Callable[[], re.Pattern[str]]):
        self._build = build

    def __getattr__(self, name: str) -> Any:  # match, search, pattern …
        value = getattr(self._build(), name)
        self.__dict__[name] = value  # the next use finds it without this call (a page makes hundreds)
        return value


def lazy_row_label_pattern() -> re.Pattern[str]:
    return LazyPattern(row_label_pattern)  # type: ignore[return-value]


@lru_cache(maxsize=None)
def row_label_pattern(directory: str | None = None) -> re.Pattern[str]:
    """Every row label the templates know, numbering and notes in brackets removed (规章, 行政许可,
    予以公开, 结转下年度继续办理 …): where a flattened table's next row starts."""
    labels = set()
    for era in load_eras(directory).values():
        for table in era.tables:
            for row in table.rows:
                label = re.split(r"[（(]", _NUMBERING.sub("", row.label.strip()), maxsplit=1)[0].strip()
                if len(label) >= 2:
                    labels.add(label)
    return re.compile(_trie(sorted(labels)))


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` that matches the longest of them at a position, written as a tree of
    their common beginnings ("行政(?:许可|处罚|强制)"): the engine follows one branch a character at a
    time instead of trying a hundred labels at every character of a page (as ``a|b|…``, longest first)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(tree)


_SPECIAL = frozenset("()[]{}?*+-|^$\\.&~# \t\n\r\v\f")  # what re.escape escapes (a call per character cost more)


def _branches(node: dict) -> str:
    ends = "" in node
    alts = [("\\" + ch if ch in _SPECIAL else ch) + _branches(child) for ch, child in node.items() if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if ends else body  # greedy: a longer word first, this one if it does not go on
