"""A supervisor's manifest: per report file, what is known from outside the text.

CSV (a header row) or YAML (a list of mappings, or a mapping from file to its values) with the
columns ``file``, ``issuer``, ``issuer_kind``, ``published`` and ``source_url`` (Chinese headers
文件/机关/机关类型/发布日期/网址 work too).  Files are named relative to the manifest.  A malformed
manifest is a configuration error naming the file and the line.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure_lint.report.dates import parse_date
from disclosure_lint.report.facts import KnownFacts
from disclosure_lint.yamlio import ConfigError

# Column names as people write them: the first of each tuple is the canonical one.
ALIASES = {
    "file": ("file", "path", "filename", "文件", "文件名", "路径"),
    "issuer": ("issuer", "body", "机关", "发布机关", "单位", "机关名称"),
    "issuer_kind": ("issuer_kind", "issuer-kind", "kind", "机关类型", "类型"),
    "published": ("published", "publication_date", "publication-date", "pubdate", "date", "发布日期", "发布时间",
                  "公开日期"),
    "source_url": ("source_url", "source-url", "url", "source", "网址", "来源", "链接"),
}
KIND_WORDS = {"government": ("government", "人民政府", "政府"), "department": ("department", "部门", "政府部门"),
              "township": ("township", "乡镇", "街道", "乡镇街道", "乡镇/街道")}


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest line: the file it is about and the facts it gives."""

    file: str
    facts: KnownFacts
    line: int | None = None


@dataclass(frozen=True)
class Manifest:
    path: Path
    entries: tuple[ManifestEntry, ...]

    def entry_for(self, report: Path) -> ManifestEntry | None:
        """The entry naming this file: by its path relative to the manifest, else by a unique file name."""
        target = report.resolve()
        for entry in self.entries:
            if (self.path.parent / entry.file).resolve() == target:
                return entry
        named = [e for e in self.entries if Path(e.file).name == report.name]
        return named[0] if len(named) == 1 else None


def _canonical(key: Any) -> str | None:
    word = str(key).strip().lower()
    return next((name for name, words in ALIASES.items() if word in words), None)


def _kind(path: Path, line: int | None, value: str) -> str:
    word = value.strip()
    kind = next((k for k, words in KIND_WORDS.items() if word.lower() in words), None)
    if kind is None:
        raise ConfigError(path, line, f"manifest: unknown issuer kind {value!r}",
                          hint="government|department|township (人民政府/部门/乡镇)")
    return kind


def _entry(path: Path, line: int | None, raw: dict) -> ManifestEntry:
    values: dict[str, str] = {}
    for key, value in raw.items():
        name = _canonical(key)
        if name is None:
            raise ConfigError(path, line, f"manifest: unknown column {key!r}",
                              hint="columns: " + ", ".join(ALIASES))
        if value is not None and str(value).strip():
            values[name] = str(value).strip()
    if "file" not in values:
        raise ConfigError(path, line, "manifest: an entry names no file")
    published = None
    if "published" in values:
        published = parse_date(values["published"])
        if published is None:
            raise ConfigError(path, line, f"manifest: bad publication date {values['published']!r}",
                              hint="e.g. 2024-04-30 or 2024年4月30日")
    kind = _kind(path, line, values["issuer_kind"]) if "issuer_kind" in values else None
    origin = f"{path.name}:{line}" if line else path.name
    facts = KnownFacts(values.get("issuer"), kind, published, values.get("source_url"), origin)
    return ManifestEntry(values["file"], facts, line)


def _csv_rows(text: str) -> list[tuple[int, dict]]:
    import csv

    reader = csv.DictReader(io.StringIO(text))
    return [(reader.line_num, row) for row in reader]


def _yaml_rows(path: Path) -> list[tuple[int | None, dict]]:
    from disclosure_lint.yamlio import load_yaml

    data = load_yaml(path)
    if isinstance(data, dict) and "files" in data:
        data = data["files"]
    if isinstance(data, dict):  # {file: {issuer: …}}
        data = [{"file": name, **(values or {})} for name, values in data.items()]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise ConfigError(path, None, "manifest: expected a list of entries or a mapping from file to its values")
    return [(None, d) for d in data]


def load_manifest(path: str | Path) -> Manifest:
    """Read a CSV or YAML manifest; a malformed one raises :class:`ConfigError`."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = _yaml_rows(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(path, None, f"manifest: cannot read ({exc})") from exc
        rows = _csv_rows(text)
    return Manifest(path.resolve(), tuple(_entry(path, line, raw) for line, raw in rows))
