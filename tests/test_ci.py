"""Issue 15: a CI tool engineers can trust: strict rule references, --exit-zero, default path,
--show-files/--show-settings, checked suppressions, SARIF URIs, the result cache."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.cli import main

SEED_001 = next((FIXTURES / "seeds").glob("001_*.txt"))
SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


@pytest.mark.parametrize("option,value,hint", [
    ("--select", "DL9999", "disclosure-lint rules"),
    ("--select", "DL1 DL2", "separate rules with commas: DL1,DL2"),
    ("--ignore", "placeholdr", "did you mean 'template-placeholder'?"),
    ("--extend-select", "blank-cel", "did you mean 'blank-cell'?"),
    ("--ignore", "DL2,nonsense-rule", "'nonsense-rule'"),
])
def test_unknown_rule_on_the_command_line_is_a_usage_error(option, value, hint):
    result = run("check", option, value, SEED_003)
    assert result.exit_code == 2
    assert f"{option}: unknown rule" in result.output and hint in result.output


def test_known_references_still_work():
    result = run("check", "--format", "json", "--select", "DL2,dl3,missing-title", "--ignore", "DL204", SEED_001)
    names = {d["name"] for d in json.loads(result.output)["files"][0]["diagnostics"]}
    assert names and all(n != "blank-cell" for n in names) and "missing-date" in names
    assert run("check", "--select", "blank-cell", "--ignore", "DL2", SEED_001).exit_code == 0


def test_exit_zero_keeps_findings_but_exits_0():
    result = run("check", "--exit-zero", SEED_001)
    assert result.exit_code == 0 and "blank-cell" in result.output


def test_default_path_is_the_current_directory(tmp_path, monkeypatch):
    shutil.copy(SEED_001, tmp_path / "2017.txt")
    (tmp_path / "notes.txt").write_text("会议记录：无关内容\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", "--format", "json").exit_code == 1
    listed = run("check", "--show-files")
    assert listed.exit_code == 0 and listed.output.split() == ["2017.txt"]


def test_show_settings_reports_the_configuration_that_applies(tmp_path, monkeypatch):
    shutil.copy(SEED_001, tmp_path / "2017.txt")
    (tmp_path / ".disclosure-lint.yaml").write_text("ignore: [blank-cell]\nseverity: {DL3: info}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("check", "--show-settings", "--fail-level", "warning")
    data = json.loads(result.output)
    assert data["path"] == "2017.txt" and data["settings"]["ignore"] == ["blank-cell"]
    assert data["settings"]["severity"] == {"DL3": "info"} and data["settings"]["fail_level"] == "warning"
    assert data["settings"]["config_file"].endswith(".disclosure-lint.yaml")


def test_sarif_uris_relative_to_the_root_percent_encoded_and_absolute_outside(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "年报 2017").mkdir(parents=True)
    inside = repo / "年报 2017" / "r#1.txt"
    outside = tmp_path / "elsewhere" / "x.txt"
    outside.parent.mkdir()
    shutil.copy(SEED_001, inside)
    shutil.copy(SEED_001, outside)
    monkeypatch.chdir(repo / "年报 2017")
    result = run("check", "--format", "sarif", "--sarif-root", repo, "r#1.txt", "../../elsewhere/x.txt", str(outside))
    data = json.loads(result.output)
    run_ = data["runs"][0]
    locations = {}
    for res in run_["results"]:
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        locations[loc["uri"]] = loc.get("uriBaseId")
    assert locations["%E5%B9%B4%E6%8A%A5%202017/r%231.txt"] == "%SRCROOT%"
    assert locations[outside.as_uri()] is None and len(locations) == 2  # '..' and absolute: one file
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    # Without --sarif-root the working directory is the root.
    plain = json.loads(run("check", "--format", "sarif", "r#1.txt").output)["runs"][0]["results"][0]
    assert plain["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "r%231.txt", "uriBaseId": "%SRCROOT%"}
    import jsonschema

    schema = json.loads((FIXTURES / "sarif" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
