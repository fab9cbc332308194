"""Issue 4: machine formats, configuration files, inline suppression, baseline, rule docs."""

from __future__ import annotations

import json
import shutil
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.cli import main

SEED_001 = next((FIXTURES / "seeds").glob("001_*.txt"))
SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))
SEED_004 = next((FIXTURES / "seeds").glob("004_*.txt"))


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_github_annotations_escaped_one_per_finding():
    out = run("check", "--format", "github", SEED_004).output.strip().splitlines()
    diags = json.loads(run("check", "--format", "json", SEED_004).output)["files"][0]["diagnostics"]
    assert len(out) == len(diags)
    first = out[0]
    assert first.startswith("::error file=") and ",line=2,col=1," in first and "title=DL101 missing-title::" in first
    from disclosure_lint.output.github import _escape_data, _escape_property

    assert _escape_data("a%b\nc") == "a%25b%0Ac"
    assert _escape_property("x:y,z") == "x%3Ay%2Cz"


def test_sarif_structure_and_stable_fingerprints():
    data = json.loads(run("check", "--format", "sarif", SEED_004).output)
    assert data["version"] == "2.1.0" and "sarif" in data["$schema"]
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert all(r["id"].startswith("DL") and r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run_["results"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    loc = results[0]["locations"][0]["physicalLocation"]
    assert loc["region"]["startLine"] >= 1 and loc["artifactLocation"]["uri"].endswith(".txt")
    prints = [r["partialFingerprints"]["disclosureLint/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    again = json.loads(run("check", "--format", "sarif", SEED_004).output)["runs"][0]["results"]
    assert prints == [r["partialFingerprints"]["disclosureLint/v1"] for r in again]


def test_gitlab_code_quality_unique_fingerprints():
    data = json.loads(run("check", "--format", "gitlab", SEED_001).output)
    assert data and len({d["fingerprint"] for d in data}) == len(data)
    assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(data[0])
    assert data[0]["severity"] in ("info", "minor", "major", "critical", "blocker")


def test_junit_counts_failures():
    clean = FIXTURES / "reports" / "2021_county_gov_tabrows.txt"
    root = ET.fromstring(run("check", "--format", "junit", SEED_004, clean).output.split("\n", 1)[1])
    suites = root.findall("testsuite")
    assert len(suites) == 2
    assert int(suites[0].get("failures")) > 0 and int(suites[1].get("failures")) == 0


def test_several_outputs_from_one_run(tmp_path):
    sarif, junit, gitlab = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "cq.json"
    result = run("check", "--output", f"sarif:{sarif}", "--output", f"junit:{junit}", "--output",
                 f"gitlab:{gitlab}", "--no-color", SEED_004)
    assert result.exit_code == 1 and "DL101" in result.output  # human output still on stdout
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert ET.fromstring(junit.read_text(encoding="utf-8").split("\n", 1)[1]).tag == "testsuites"
    assert json.loads(gitlab.read_text(encoding="utf-8"))
    assert run("check", "--output", "nope", SEED_004).exit_code == 2


def test_statistics_and_quiet():
    out = run("check", "--no-color", "--statistics", SEED_004).output
    assert "DL101 missing-title" in out.split("检查了")[0].splitlines()[-7:][0] or "DL101 missing-title" in out
    quiet = run("check", "--no-color", "--quiet", SEED_004).output
    assert "警告" not in quiet.split("检查了")[0]


# Configuration ------------------------------------------------------------------------------------

def _repo(tmp_path, config_name="", config_text=""):
    reports = tmp_path / "reports" / "2017"
    reports.mkdir(parents=True)
    shutil.copy(SEED_004, reports / "bureau.txt")
    if config_name:
        (tmp_path / config_name).write_text(config_text, encoding="utf-8")
    return reports / "bureau.txt"


def _names(result):
    return {d["name"] for f in json.loads(result.output)["files"] for d in f["diagnostics"]}


def test_yaml_config_found_walking_up(tmp_path):
    report = _repo(tmp_path, ".disclosure-lint.yaml", "ignore: [missing-title]\nseverity:\n  missing-contact: error\n")
    result = run("check", "--format", "json", report)
    names = _names(result)
    assert "missing-title" not in names and "missing-contact" in names
    diags = json.loads(result.output)["files"][0]["diagnostics"]
    assert next(d for d in diags if d["name"] == "missing-contact")["severity"] == "error"
    assert "missing-title" in _names(run("check", "--format", "json", "--no-config", report))


def test_pyproject_config(tmp_path):
    report = _repo(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.disclosure-lint]\nselect = ["DL1"]\n'
                   'fail-level = "warning"\n')
    result = run("check", "--format", "json", report)
    assert {n for n in _names(result)} <= {"missing-title", "missing-section", "template-placeholder",
                                          "declared-parts-mismatch", "section-order", "missing-table",
                                          "wrong-template"}
    assert result.exit_code == 1


def test_extends_and_per_file_ignores(tmp_path):
    (tmp_path / "base.yaml").write_text("ignore: [DL4]\n", encoding="utf-8")
    report = _repo(tmp_path, ".disclosure-lint.yaml",
                   "extends: base.yaml\nper-file-ignores:\n  'reports/2017/*.txt': [DL3]\n")
    names = _names(run("check", "--format", "json", report))
    assert not any(n.startswith(("period", "missing-date", "missing-contact")) for n in names)
    assert "missing-title" in names


@pytest.mark.parametrize("text,fragment", [
    ("ignroe: [DL1]\n", "unknown setting 'ignroe'"),
    ("select: [not-a-rule]\n", "unknown rule 'not-a-rule'"),
    ("fail-level: fatal\n", "bad value 'fatal'"),
    ("severity:\n  missing-title: loud\n", "bad level 'loud'"),
    ("deadlines:\n  - {issuers: [township], month: 2, day: 30}\n", "bad month/day"),
    ("select: [DL1\n", "YAML error"),
])
def test_config_errors_name_file_line_and_hint(tmp_path, text, fragment):
    report = _repo(tmp_path, ".disclosure-lint.yaml", "# settings\n" + text)
    result = CliRunner().invoke(main, ["check", "--lang", "en", str(report)])  # the English messages
    assert result.exit_code == 2
    assert ".disclosure-lint.yaml:" in result.output and fragment in result.output
    if "ignroe" in text:
        assert "line" not in result.output or ":2:" in result.output
        assert "did you mean 'ignore'" in result.output


def test_local_deadline_from_config(tmp_path):
    text = open(SEED_003, encoding="utf-8").read()  # a 街道 report dated 2021-01-05
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    assert "late-publication" not in _names(run("check", "--format", "json", tmp_path / "r.txt"))
    (tmp_path / ".disclosure-lint.yaml").write_text(
        "deadlines:\n  - {issuers: [township], month: 1, day: 3, basis: 某市规定}\n", encoding="utf-8")
    result = run("check", "--format", "json", tmp_path / "r.txt")
    diag = next(d for d in json.loads(result.output)["files"][0]["diagnostics"] if d["name"] == "late-publication")
    assert "2021-01-03" in diag["message"] and "某市规定" in diag["message"]


def test_extra_rules_from_config(tmp_path):
    (tmp_path / "province.yaml").write_text(
        "rules:\n  - code: DL801\n    name: street-word\n    kind: pattern\n    severity: warning\n"
        "    message: {zh: '发现“{text}”'}\n    basis: 本省规定\n    checks:\n      - {pattern: '柳城街道'}\n",
        encoding="utf-8")
    (tmp_path / ".disclosure-lint.yaml").write_text("rules: [province.yaml]\n", encoding="utf-8")
    shutil.copy(SEED_003, tmp_path / "r.txt")
    assert "street-word" in _names(run("check", "--format", "json", tmp_path / "r.txt"))
    (tmp_path / "province.yaml").write_text("rules:\n  - code: DL801\n    name: x\n    kind: nonsense\n"
                                            "    severity: warning\n    message: {zh: a}\n    basis: b\n",
                                            encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "r.txt")])
    assert result.exit_code == 2 and "unknown kind 'nonsense'" in result.output


# Suppression and baseline -------------------------------------------------------------------------

def test_inline_suppression_block_and_line(tmp_path):
    lines = open(SEED_001, encoding="utf-8").read().split("\n")
    start = next(i for i, line in enumerate(lines) if "（三）附表" in line)
    lines.insert(start + 1, "<!-- disclosure-lint-disable blank-cell -- 原表如此，已向上级说明 -->")
    path = tmp_path / "r.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    names = _names(run("check", "--format", "json", path))
    assert "blank-cell" not in names and "suppression-without-reason" not in names
    lines.insert(start + 1, "# disclosure-lint-disable-next-line missing-date")
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "suppression-without-reason" in _names(run("check", "--format", "json", path))


def test_baseline_survives_edits_and_reports_stale(tmp_path):
    report = tmp_path / "r.txt"
    text = open(SEED_004, encoding="utf-8").read()
    report.write_text(text, encoding="utf-8")
    base = tmp_path / "baseline.json"
    assert run("check", "--write-baseline", base, report).exit_code == 0
    assert json.loads(base.read_text(encoding="utf-8"))["entries"]
    # Insert lines above everything: line numbers change, the baseline still matches.
    report.write_text("\n\n\n" + text, encoding="utf-8")
    result = run("check", "--format", "json", "--baseline", base, report)
    assert result.exit_code == 0 and json.loads(result.output)["files"][0]["diagnostics"] == []
    # A new problem is reported; a fixed one makes its entry stale.
    new = ("某局2017年政府信息公开工作年度报告\n" + text).replace("包括已答复件数、待答复件数,", "")
    new = new.replace("行政复议数 |\n件 |\n0 |", "行政复议数 |\n件 |\n-1 |")
    report.write_text(new, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--baseline", str(base), str(report)])
    names = {d["name"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]}
    assert names == {"negative-count"} | ({"annual-exceeds-cumulative"} & names)
    assert "基线中的这一条已不再出现" in result.stderr  # the baseline speaks Chinese by default
    assert run("check", "--baseline", tmp_path / "missing.json", report).exit_code == 2


def test_sarif_validates_against_the_official_schema():
    import jsonschema

    schema = json.loads((FIXTURES / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    pdf = FIXTURES / "corpus" / "pdf" / "2023_js_huaian_hongzequ.pdf"
    for paths in ((SEED_004,), (SEED_001, SEED_003), (pdf,)):
        data = json.loads(run("check", "--format", "sarif", *paths).output)
        jsonschema.Draft4Validator(schema).validate(data)
        assert data["runs"][0]["results"]
