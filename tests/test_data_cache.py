"""The data cache of the bundled rules and templates (resources.cached_build): never stale, never fatal."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from disclosure_lint import resources
from disclosure_lint.checks.rules import _load_builtin, load_rule_file
from disclosure_lint.report.templates import _load_eras

RULE = """\
- code: DL990
  name: cached-rule
  kind: pattern
  severity: {severity}
  message: {{zh: "出现“{{text}}”", en: "found {{text}}"}}
  basis: test
  checks:
    - {{pattern: "测试"}}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "disclosure-lint"


def _counting(build):
    calls = []

    def counted():
        calls.append(1)
        return build()

    return counted, calls


def _rule_file(tmp_path: Path, severity: str) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(RULE.format(severity=severity), encoding="utf-8")
    return path


def test_a_second_run_reads_the_cache_and_gets_equal_data(cache_dir):
    base = resources.data_dir("rules")
    inputs = list(base.rglob("*.yaml"))
    for name, build in (("rules", lambda: _load_builtin(base)), ("eras", lambda: _load_eras(base / "templates"))):
        counted, calls = _counting(build)
        first = resources.cached_build(name, inputs, counted)
        second = resources.cached_build(name, inputs, counted)
        assert len(calls) == 1 and second == first and second is not first
    assert sorted(p.name.split("-")[1] for p in cache_dir.glob("data-*.pickle")) == ["eras", "rules"]


def test_an_edited_rule_file_is_read_again(cache_dir, tmp_path):
    path = _rule_file(tmp_path, "warning")
    counted, calls = _counting(lambda: load_rule_file(path))
    assert resources.cached_build("t", [path], counted)[0].severity == "warning"
    _rule_file(tmp_path, "info")  # a different size
    assert resources.cached_build("t", [path], counted)[0].severity == "info"
    path.write_text(RULE.format(severity="error"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # same size, another modification time
    assert resources.cached_build("t", [path], counted)[0].severity == "error"
    assert len(calls) == 3


def test_a_corrupt_or_foreign_cache_file_is_rebuilt_and_replaced(cache_dir, tmp_path):
    path = _rule_file(tmp_path, "warning")
    counted, calls = _counting(lambda: load_rule_file(path))
    resources.cached_build("t", [path], counted)
    (entry,) = cache_dir.glob("data-t-*.pickle")
    for junk in (b"", b"\x80\x05garbage", pickle.dumps(("another key", "value")), pickle.dumps(42)):
        entry.write_bytes(junk)
        assert resources.cached_build("t", [path], counted)[0].code == "DL990"
    assert len(calls) == 5
    assert resources.cached_build("t", [path], counted)[0].code == "DL990" and len(calls) == 5  # repaired
    assert not list(cache_dir.glob("*.tmp"))


def test_an_unwritable_cache_directory_only_costs_the_rebuild(monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    path = _rule_file(tmp_path, "warning")
    counted, calls = _counting(lambda: load_rule_file(path))
    for _ in range(2):
        assert resources.cached_build("t", [path], counted)[0].name == "cached-rule"
    assert len(calls) == 2


def test_a_malformed_file_is_reported_not_cached(cache_dir, tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("- code: X\n", encoding="utf-8")
    from disclosure_lint.yamlio import ConfigError

    for _ in range(2):
        with pytest.raises(ConfigError):
            resources.cached_build("t", [path], lambda: load_rule_file(path))
    assert not list(cache_dir.glob("data-*"))


def test_no_home_and_a_relative_xdg_dir_write_nothing_here(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", "~")  # expanduser gives back "~": no home
    path = _rule_file(tmp_path, "warning")
    assert resources.cached_build("t", [path], lambda: load_rule_file(path))[0].code == "DL990"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.yaml"]
