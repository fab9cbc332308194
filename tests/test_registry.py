"""The reader registry: a new input format is one registration; suffixes and the pre-commit pattern follow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from disclosure_lint.api import expand_paths, lint_document, document_of, scan_paths
from disclosure_lint.read.load import Loaded, load_data
from disclosure_lint.read.registry import Reader, files_pattern, register, report_suffixes, unregister
from disclosure_lint.read.source import Source

ROOT = Path(__file__).parent.parent
REPORT = ROOT / "tests" / "fixtures" / "reports" / "2022_bureau_cells.txt"


def _read_toy(decoded, path: str) -> Loaded:
    """A toy format: the report's text with every line prefixed by '> '."""
    text = "\n".join(line[2:] if line.startswith("> ") else line for line in decoded.text.split("\n"))
    return Loaded(Source.from_text(text, path), decoded.encoding, "toy")


@pytest.fixture
def toy():
    register(Reader("toy", (".toy",), lambda text, name: name.endswith(".toy") or text.startswith("> "),
                    _read_toy, text=True))
    yield
    unregister("toy")


def test_a_reader_registered_from_a_test_reads_its_suffix(toy, tmp_path):
    quoted = "\n".join("> " + line for line in REPORT.read_text(encoding="utf-8").split("\n"))
    (tmp_path / "report.toy").write_text(quoted, encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("not a report", encoding="utf-8")
    assert ".toy" in report_suffixes()
    assert [p.name for _, p in expand_paths([str(tmp_path)])] == ["report.toy"]
    loaded = load_data(quoted.encode(), "report.toy")
    assert loaded.format == "toy"
    plain = lint_document(document_of(load_data(REPORT.read_bytes(), REPORT.name)))
    toyed = lint_document(document_of(loaded))
    assert [d.code for d in toyed.diagnostics] == [d.code for d in plain.diagnostics]
    assert load_data(quoted.encode(), "no-suffix").format == "toy"  # told by content too


def test_an_unregistered_reader_is_gone(toy):
    unregister("toy")
    assert ".toy" not in report_suffixes()
    assert load_data("> 一、总体情况\n".encode(), "r.toy").format == "text"


def test_precommit_files_pattern_is_the_registry_s():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["files"] == files_pattern()


def test_builtin_formats_are_registered():
    for suffix in (".txt", ".md", ".docx", ".html", ".htm", ".pdf"):
        assert suffix in report_suffixes()


def test_one_walk_gives_reports_and_others_in_path_order(tmp_path):
    """scan_paths walks a directory once and gives what rglob('*') filtered by is_file and visibility gave:
    hidden names and everything under a hidden folder left out, links to folders not followed, links to
    files kept, reports and other files apart, each in the order of their paths."""
    for rel in ("b/z.txt", "a-c.txt", "a/b.txt", "a/x.doc", ".hidden/in.txt", "a/.h.txt", "c/d/e.TXT", "img.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "alias.txt").symlink_to(tmp_path / "a-c.txt")
    reports, others = scan_paths([str(tmp_path), "-"])
    rel = [str(Path(raw).relative_to(tmp_path)) if path else raw for raw, path in reports]
    assert rel == ["a/b.txt", "a-c.txt", "alias.txt", "b/z.txt", "c/d/e.TXT", "-"]  # Path order: a/b before a-c
    assert [str(p.relative_to(tmp_path)) for p in others] == ["a/x.doc", "img.png"]
    assert [p for _, p in expand_paths([str(tmp_path)])] == [p for _, p in reports[:-1]]
