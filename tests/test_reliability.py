"""Reliability and security: hostile inputs, safe output files, reports never touched (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.cli import main
from disclosure_lint.output.files import OutputError, refuse_linted, write_atomic

SEED = next((FIXTURES / "seeds").glob("001_*.txt"))


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


# --- output files ---------------------------------------------------------------------------------------

def test_write_atomic_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.sarif"
    target.write_text("old")
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["out.sarif"]


def test_interrupted_write_keeps_the_old_file(tmp_path):
    from disclosure_lint.output.files import atomic_stream

    target = tmp_path / "baseline.json"
    target.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_stream(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["baseline.json"]


def test_refuse_linted_same_file_by_another_name(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("x")
    with pytest.raises(OutputError):
        refuse_linted(tmp_path / "." / "r.txt", [report])
    refuse_linted(tmp_path / "other.txt", [report])  # a new file is fine


@pytest.mark.parametrize("option", ["--output=sarif:{}", "--output=human:{}", "--write-baseline={}"])
def test_output_never_overwrites_a_linted_report(tmp_path, option):
    report = tmp_path / "report.txt"
    report.write_bytes(SEED.read_bytes())
    before = report.stat().st_mtime_ns
    result = run("check", option.format(report), tmp_path)
    assert result.exit_code == 2
    assert "refusing to overwrite" in result.output
    assert report.read_bytes() == SEED.read_bytes() and report.stat().st_mtime_ns == before


def test_write_baseline_into_missing_directory_is_one_message(tmp_path):
    result = run("check", "--write-baseline", tmp_path / "no" / "b.json", SEED)
    assert result.exit_code == 2 and "cannot write" in result.output
