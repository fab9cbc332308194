"""The result cache (issue 15): an unchanged rerun reads no report; a change to the file, the
configuration, a rule file or the linter's version misses; --no-cache neither reads nor writes."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint import api
from disclosure_lint.cli import main

SEED_001 = next((FIXTURES / "seeds").glob("001_*.txt"))
SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))
RULE = ("rules:\n  - code: DL801\n    name: street-word\n    kind: pattern\n    severity: warning\n"
        "    message: {{zh: '发现{{text}}'}}\n    basis: test\n    checks:\n      - {{pattern: '{word}'}}\n")


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE", raising=False)  # conftest turns it off elsewhere
    (tmp_path / ".git").mkdir()
    (tmp_path / "reports").mkdir()
    shutil.copy(SEED_001, tmp_path / "reports" / "2017.txt")
    shutil.copy(SEED_003, tmp_path / "reports" / "2020.txt")
    (tmp_path / "rules.yaml").write_text(RULE.format(word="罗山街道"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", "--rules", "rules.yaml", *args, "reports"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["files"]


def _reads(monkeypatch) -> list:
    calls = []
    real = api.read_documents

    def counting(inputs, *args, **kwargs):
        calls.append([raw for raw, _, _ in inputs])
        return real(inputs, *args, **kwargs)

    monkeypatch.setattr(api, "read_documents", counting)
    return calls


def test_unchanged_rerun_reads_nothing_and_gives_the_same_findings(repo, monkeypatch):
    calls = _reads(monkeypatch)
    cold = _run()
    assert len(calls) == 1 and (repo / ".disclosure-lint-cache" / ".gitignore").is_file()
    warm = _run()
    assert len(calls) == 1 and warm == cold  # no report was read again
    assert any(d["name"] == "street-word" for f in warm for d in f["diagnostics"])


@pytest.mark.parametrize("change", ["file", "config", "rule-file", "version", "bundled-rules"])
def test_every_cause_invalidates(repo, monkeypatch, change):
    calls = _reads(monkeypatch)
    before = _run()
    if change == "file":
        path = repo / "reports" / "2017.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("罗山街道", "罗山镇", 1), encoding="utf-8")
    elif change == "config":
        (repo / ".disclosure-lint.yaml").write_text("ignore: [blank-cell]\n", encoding="utf-8")
    elif change == "rule-file":
        (repo / "rules.yaml").write_text(RULE.format(word="南金街"), encoding="utf-8")
    elif change == "version":
        monkeypatch.setattr("disclosure_lint.output.result_cache.__version__", "99.0")
    else:
        monkeypatch.setattr("disclosure_lint.output.result_cache.rules_fingerprint", lambda: "changed")
    after = _run()
    assert len(calls) == 2 and after != before or change in ("version", "bundled-rules") and len(calls) == 2
    _run()
    assert len(calls) == 2  # and the new results are cached in turn


def test_no_cache_and_foreign_entries(repo, monkeypatch):
    calls = _reads(monkeypatch)
    _run("--no-cache")
    monkeypatch.setenv("DISCLOSURE_LINT_NO_CACHE", "1")
    _run()
    assert not (repo / ".disclosure-lint-cache").exists()
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE")
    _run("--cache-dir", str(repo / "c"))
    entries = list((repo / "c").rglob("*.pickle"))
    assert len(entries) == 2
    for entry in entries:  # a cache written by someone else (not signed with this user's key) is ignored
        entry.write_bytes(b"\0" * 32 + entry.read_bytes()[32:])
    _run("--cache-dir", str(repo / "c"))
    assert len(calls) == 4
