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
from disclosure_lint.yamlio import ConfigError, read_text

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


MAX_BASELINE_BYTES = 512 * 1024 * 1024
ENTRY_FIELDS = {"fingerprint": str, "rule": str, "path": str}


def load(path: Path, extra_rules: tuple = ()) -> list[dict]:
    """The entries of a baseline file; anything else is one message naming the file and line (exit 2)."""
    try:
        text = read_text(path, limit=MAX_BASELINE_BYTES)
        data = json.loads(text)
    except ConfigError as exc:
        if exc.message == "no such file":
            raise ConfigError(path, None, "baseline file not found", hint="create it with --write-baseline") from exc
        raise
    except json.JSONDecodeError as exc:
        raise ConfigError(path, exc.lineno, f"not a baseline file: {exc.msg}") from exc
    except RecursionError as exc:
        raise ConfigError(path, None, "not a baseline file: nested too deeply") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise ConfigError(path, None, "not a disclosure-lint baseline (version 1)",
                          hint="write one with --write-baseline")
    for index, entry in enumerate(data["entries"]):
        _check_entry(path, text, index, entry, extra_rules)
    return data["entries"]


def _check_entry(path: Path, text: str, index: int, entry: object, extra_rules: tuple) -> None:
    """An entry is an object with string ``fingerprint``, ``rule`` (an existing rule) and ``path``."""
    from disclosure_lint.checks.rule_refs import unknown_reason
    from disclosure_lint.checks.rules import builtin_rules

    line = _entry_line(text, index)
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), t) for k, t in ENTRY_FIELDS.items()):
        raise ConfigError(path, line, f"baseline entry #{index + 1} is not an object with string "
                          "'fingerprint', 'rule' and 'path'", hint="write the baseline with --write-baseline")
    hint = unknown_reason(entry["rule"], (*builtin_rules(), *extra_rules))
    if hint is not None:
        raise ConfigError(path, line, f"baseline entry #{index + 1}: unknown rule {entry['rule']!r}", hint=hint)


def _entry_line(text: str, index: int) -> int | None:
    """The line where the ``index``-th entry starts, in a baseline as --write-baseline lays it out."""
    offset = -1
    for _ in range(index + 1):
        offset = text.find('"fingerprint"', offset + 1)
        if offset < 0:
            return None
    return text.count("\n", 0, offset) + 1


def apply(path: Path, items: list[FileResult], extra_rules: tuple = ()) -> Filtered:
    from dataclasses import replace

    entries = load(path, extra_rules)
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


MESSAGES = {  # (zh, en)
    "wrote": ("已把 {count} 个问题记入基线文件 {path}", "wrote {count} finding(s) to {path}"),
    "stale": ("基线中的这一条已不再出现（已修正或有改动）：{path} {rule} «{quote}»",
              "stale baseline entry (fixed or changed): {path} {rule} «{quote}»"),
    "cannot_write": ("无法写入基线文件 {path}：{why}", "cannot write {path}: {why}"),
}


def say(key: str, lang: str, **values: object) -> str:
    """One of the baseline's messages to the user, in ``lang``."""
    return MESSAGES[key][1 if lang == "en" else 0].format_map(_Default(values))


class _Default(dict):
    def __missing__(self, key: str) -> str:  # an entry without a field still says the rest
        return "?"
