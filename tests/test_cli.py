"""CLI: exit codes, formats, stdin, directories, bad input (each gets one clear message and exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.cli import main

SEED_003 = str(next((FIXTURES / "seeds").glob("003_*.txt")))
SEED_001 = str(next((FIXTURES / "seeds").glob("001_*.txt")))
SEED_004 = str(next((FIXTURES / "seeds").glob("004_*.txt")))


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_clean_report_exits_0():
    result = run("check", SEED_003)  # one warning, no error: exit 0 at the default failing level
    assert result.exit_code == 0, result.output
    assert "0 个错误" in result.output


def test_findings_exit_1_and_human_output_quotes_the_line():
    result = run("check", "--no-color", SEED_001)
    assert result.exit_code == 1
    assert "DL204 blank-cell" in result.output
    assert "│" in result.output and "^" in result.output


def test_fail_level_warning_makes_warnings_fail():
    path = str(FIXTURES / "rules" / "missing-contact" / next(
        p.name for p in (FIXTURES / "rules" / "missing-contact").glob("fail_*.txt")))
    assert run("check", path).exit_code == 0
    assert run("check", "--fail-level", "warning", path).exit_code == 1


def test_json_is_one_object_with_the_documented_shape():
    result = run("check", "--format", "json", SEED_004, SEED_003)
    data = json.loads(result.output)
    assert set(data) == {"files"}
    first = data["files"][0]
    assert set(first) == {"path", "era", "report_year", "diagnostics", "issuer", "unit", "source_url", "issuer_kind",
                          "publication_date", "on_time", "counts", "counts_by_category", "score", "score_full",
                          "deductions"}
    assert (first["era"], first["report_year"]) == ("2008", 2017)
    diag = first["diagnostics"][0]
    assert set(diag) == {"code", "name", "severity", "line", "column", "end_line", "end_column", "message"}
    assert diag["severity"] in ("error", "warning", "info")
    assert [d["severity"] for d in data["files"][1]["diagnostics"]] == ["warning"]  # 规范性文件 5 made, 2 published


def test_english_messages():
    result = run("check", "--format", "json", "--lang", "en", SEED_004)
    messages = [d["message"] for d in json.loads(result.output)["files"][0]["diagnostics"]]
    assert any(m.startswith("no title found") for m in messages)


def test_stdin_and_directory(tmp_path):
    text = open(SEED_003, encoding="utf-8").read()
    assert run("check", "-", input=text.encode("utf-8")).exit_code == 0
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# notes\nnothing here\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(text, encoding="gb18030")
    result = run("check", "--format", "json", str(tmp_path))
    paths = [f["path"] for f in json.loads(result.output)["files"]]
    assert [os.path.basename(p) for p in paths] == ["a.txt", "b.txt"]  # notes.md is not a report


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_same_findings_in_every_encoding(tmp_path, encoding):
    text = open(SEED_004, encoding="utf-8").read()
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    out = json.loads(run("check", "--format", "json", str(path)).output)["files"][0]["diagnostics"]
    ref = json.loads(run("check", "--format", "json", SEED_004).output)["files"][0]["diagnostics"]
    assert out == ref


@pytest.mark.parametrize("content,fragment", [
    (b"\x00\x01\x02\x03binary\x00\xff" * 50, "not a text file"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"PK\x03\x04....", "docx"),
], ids=["binary", "pdf", "docx"])
def test_bad_input_exit_2_and_others_still_linted(tmp_path, content, fragment):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("check", "--format", "json", str(bad), SEED_003)
    assert result.exit_code == 2
    files = json.loads(result.output)["files"]
    assert fragment in files[0]["error"]
    assert files[1]["era"] == "2019"


def test_missing_file_and_empty_file(tmp_path):
    result = run("check", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "文件不存在" in result.output
    assert "no such file" in run("check", "--lang", "en", str(tmp_path / "nope.txt")).output
    for content in (b"", b" \n\n\t\n", "\ufeff".encode("utf-8")):
        empty = tmp_path / "empty.txt"
        empty.write_bytes(content)
        result = run("check", "--format", "json", str(empty), SEED_003)
        assert result.exit_code == 2
        files = json.loads(result.output)["files"]
        assert "empty file" in files[0]["error"] and files[1]["era"] == "2019"


def test_unknown_era_says_checks_did_not_run():
    text = "一、总体情况\n本机关认真贯彻条例。\n二、主动公开政府信息情况\n无。\n三、收到和处理政府信息公开申请情况\n无。\n"
    result = run("check", "--format", "json", "-", input=text.encode("utf-8"))  # a report without any year
    diags = json.loads(result.output)["files"][0]["diagnostics"]
    assert any(d["name"] == "check-not-run" and "--era" in d["message"] for d in diags)


def test_unknown_option_is_usage_error():
    assert run("check", "--bogus", SEED_003).exit_code == 2


def test_malformed_rule_file_is_config_error(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - code: X1\n    name: Bad_Name\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(bad), SEED_003])
    assert result.exit_code == 2
    assert "rules.yaml" in result.output


def test_extra_rule_file_adds_a_rule_of_an_existing_kind(tmp_path):
    extra = tmp_path / "province.yaml"
    extra.write_text(
        "rules:\n"
        "  - code: DL801\n    name: no-street-word\n    kind: pattern\n    severity: warning\n"
        "    message: {zh: '发现“{text}”', en: 'found {text}'}\n    basis: test\n"
        "    checks:\n      - {pattern: '柳城街道'}\n",
        encoding="utf-8",
    )
    result = run("check", "--format", "json", "--rules", str(extra), SEED_003)
    names = {d["name"] for d in json.loads(result.output)["files"][0]["diagnostics"]}
    assert "no-street-word" in names


def test_select_and_ignore():
    out = json.loads(run("check", "--format", "json", "--select", "DL1", SEED_004).output)
    assert {d["code"][:3] for d in out["files"][0]["diagnostics"]} == {"DL1"}
    out = json.loads(run("check", "--format", "json", "--ignore", "missing-title,DL3", SEED_004).output)
    names = {d["name"] for d in out["files"][0]["diagnostics"]}
    assert "missing-title" not in names and not any(n.startswith("period") for n in names)


def test_parse_json_shows_what_was_understood():
    data = json.loads(run("parse", SEED_003).output)
    assert data["report_year"] == 2020 and data["era"] == "2019"
    assert data["issuer"] == "南安市柳城街道办事处"
    assert data["period"]["start"] == "2020-01-01"
    assert data["signature_date"]["date"] == "2021-01-05"
    assert [s["recognised_as"] for s in data["sections"]] == ["overview", "active", "application", "review",
                                                            "problems", "other"]
    t3 = next(t for t in data["tables"] if t["id"] == "t3")
    assert t3["rows"][0]["label"] == "一、本年新收政府信息公开申请数量"
    assert t3["rows"][0]["values"] == [4, 0, 0, 0, 0, 0, 4]


def test_rules_and_rule_docs():
    listing = run("rules").output
    assert "DL201  table-unbalanced" in listing
    doc = run("rule", "table-unbalanced", "--lang", "en").output
    assert "Basis:" in doc and "Failing example" in doc
    assert run("rule", "no-such-rule").exit_code == 2


def test_version_and_module_entry_point():
    assert "disclosure-lint" in run("--version").output
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", SEED_003], capture_output=True)
    assert proc.returncode == 0


def test_linter_never_writes_to_the_report(tmp_path):
    path = tmp_path / "r.txt"
    data = open(SEED_001, "rb").read()
    path.write_bytes(data)
    run("check", str(path))
    assert path.read_bytes() == data


@pytest.mark.parametrize("body,fragment", [
    ("    kind: relation\n    checks:\n      - {table: t3, left: {a: new.total}, right: {}}\n", "empty 'right'"),
    ("    kind: relation\n    checks:\n      - {table: t3, parts: [new.total]}\n", "needs 'parts' and 'total'"),
    ("    kind: relation\n    checks:\n      - {table: t3, parts: [a.b], total: c.d, op: '<>'}\n", "unknown op"),
    ("    kind: pattern\n    checks:\n      - {pattern: '(unclosed'}\n", "bad regular expression"),
])
def test_malformed_rule_data_is_refused_when_loaded(tmp_path, body, fragment):
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules:\n  - code: DL801\n    name: my-rule\n    severity: warning\n"
                   "    message: {zh: x}\n    basis: y\n" + body, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules", str(bad), SEED_003])
    assert result.exit_code == 2
    assert "rules.yaml" in result.output and fragment in result.output


def test_no_colour_codes_when_not_a_terminal():
    result = run("check", SEED_001)  # CliRunner's output is not a terminal
    assert "\x1b[" not in result.output


def test_jobs_give_the_same_result_in_the_same_order():
    target = str(FIXTURES / "seeds")
    one = run("check", "--format", "json", target)
    two = run("check", "--format", "json", "--jobs", "2", target)
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.output) == json.loads(two.output)
