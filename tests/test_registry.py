"""The reader registry: a new input format is one registration; suffixes and the pre-commit pattern follow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from disclosure_lint.api import expand_paths, lint_document, document_of
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
