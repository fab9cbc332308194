"""Baseline files: adopt the linter on a repository of legacy reports and fail only on new problems.

Entries are keyed on what identifies a finding across edits (rule, file, section, quoted text and an
ordinal), not on line numbers, so inserting a paragraph does not make old findings new.  Entries that
no longer match anything are stale and reported, so that the baseline shrinks as reports are fixed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from disclosure_lint.output import FileResult
from disclosure_lint.output.files import write_atomic
from disclosure_lint.output.fingerprint import identities
from disclosure_lint.yamlio import ConfigError

VERSION = 1


def _key_path(path: str, base: Path) -> str:
    if path == "-":
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:
        return Path(path).as_posix()


def write(path: Path, items: list[FileResult]) -> int:
    entries = []
    for item in items:
        if item.result is None:
            continue
        key_path = _key_path(item.path, path.parent)
        for diag, ident in zip(item.result.diagnostics, identities(key_path, item.result)):
            entries.append({"fingerprint": ident.fingerprint, "rule": ident.rule, "path": key_path,
                            "section": ident.section, "quote": ident.quote, "ordinal": ident.ordinal,
                            "message": diag.message})
    entries.sort(key=lambda e: (e["path"], e["rule"], e["section"], e["quote"], e["ordinal"]))
    write_atomic(path, json.dumps({"version": VERSION, "tool": "disclosure-lint", "entries": entries},
                                  ensure_ascii=False, indent=1) + "\n")
    return len(entries)


@dataclass(frozen=True)
class Filtered:
    items: list[FileResult]
    suppressed: int
    stale: list[dict]


def load(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(path, None, "baseline file not found", hint="create it with --write-baseline") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, getattr(exc, "lineno", None), f"not a baseline file: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise ConfigError(path, None, "not a disclosure-lint baseline (version 1)")
    return data["entries"]


def apply(path: Path, items: list[FileResult]) -> Filtered:
    from dataclasses import replace

    entries = load(path)
    remaining = {e["fingerprint"]: e for e in entries}
    out, suppressed = [], 0
    linted_paths = set()
    for item in items:
        if item.result is None:
            out.append(item)
            continue
        key_path = _key_path(item.path, path.parent)
        linted_paths.add(key_path)
        keep = []
        for diag, ident in zip(item.result.diagnostics, identities(key_path, item.result)):
            if ident.fingerprint in remaining:
                remaining.pop(ident.fingerprint)
                suppressed += 1
            else:
                keep.append(diag)
        out.append(replace(item, result=replace(item.result, diagnostics=tuple(keep))))
    stale = [e for e in remaining.values() if e["path"] in linted_paths]
    return Filtered(out, suppressed, stale)
