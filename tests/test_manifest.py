"""What is known from outside the text: a supervisor's manifest (CSV or YAML, --manifest or config)
and --published.  Their values win over the text and show in the output; the 2021 format has no
signature block, so without them the deadline check says it could not run."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.checks.manifest import load_manifest
from disclosure_lint.cli import main
from disclosure_lint.yamlio import ConfigError

PDF_2023 = FIXTURES / "corpus" / "pdf" / "2023_js_huaian_hongzequ.pdf"
PDF_2024 = FIXTURES / "corpus" / "pdf" / "2024_js_huaian_hongzequ.pdf"
SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def names(result) -> list[str]:
    """The findings, but old-template-row: the 洪泽区 PDFs keep the 2019 form's single （六）其他处理 row,
    which has nothing to do with the dates these tests are about."""
    return [d["name"] for f in json.loads(result.output)["files"] for d in f["diagnostics"]
            if d["name"] != "old-template-row"]


def test_csv_manifest_with_chinese_headers(tmp_path):
    (tmp_path / "m.csv").write_text("文件,机关,机关类型,发布日期,网址\nreports/a.pdf,某某区教育局,部门,2024年2月1日,"
                                    "https://x.gov.cn/a\n", encoding="utf-8")
    manifest = load_manifest(tmp_path / "m.csv")
    entry = manifest.entry_for(tmp_path / "reports" / "a.pdf")
    assert entry is not None and entry.line == 2
    facts = entry.facts
    assert (facts.issuer, facts.issuer_kind, facts.published.isoformat(), facts.source_url) == (
        "某某区教育局", "department", "2024-02-01", "https://x.gov.cn/a")
    assert facts.origin == "m.csv:2"
    assert manifest.entry_for(tmp_path / "other.pdf") is None


def test_yaml_manifest_maps_files_to_values(tmp_path):
    (tmp_path / "m.yaml").write_text("a.txt: {issuer: 某镇人民政府, published: 2024-03-01}\n", encoding="utf-8")
    entry = load_manifest(tmp_path / "m.yaml").entry_for(tmp_path / "a.txt")
    assert entry.facts.published.isoformat() == "2024-03-01" and entry.facts.issuer == "某镇人民政府"


@pytest.mark.parametrize("text, message", [
    ("file,published\na.pdf,someday\n", "bad publication date"),
    ("file,colour\na.pdf,red\n", "unknown column"),
    ("file,issuer_kind\na.pdf,council\n", "unknown issuer kind"),
])
def test_bad_manifest_is_a_usage_error_naming_the_line(tmp_path, text, message):
    (tmp_path / "m.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_manifest(tmp_path / "m.csv")
    assert info.value.line == 2
    result = run("check", "--manifest", tmp_path / "m.csv", SEED_003)
    assert result.exit_code == 2 and message in result.output


def test_2021_pdf_without_a_date_exits_0_and_says_the_deadline_could_not_run():
    result = run("check", "--format", "json", PDF_2024)
    assert result.exit_code == 0, result.output
    assert names(result) == ["check-not-run"]
    assert "--published" in json.loads(result.output)["files"][0]["diagnostics"][0]["message"]


def test_published_date_late_gives_late_publication():
    result = run("check", "--format", "json", "--published", "2024-04-30", PDF_2023)
    assert "late-publication" in names(result) and "check-not-run" not in names(result)
    assert json.loads(result.output)["files"][0]["known"]["published"] == "2024-04-30"
    assert run("check", "--published", "not-a-date", PDF_2023).exit_code == 2


def test_manifest_values_win_and_show_in_the_output(tmp_path):
    shutil.copy(PDF_2024, tmp_path / "r.pdf")
    (tmp_path / "m.csv").write_text("file,issuer,issuer_kind,published,source_url\n"
                                    "r.pdf,淮安市洪泽区教育局,department,2025-02-10,https://x.gov.cn/r\n",
                                    encoding="utf-8")
    result = run("check", "--format", "json", "--manifest", tmp_path / "m.csv", tmp_path / "r.pdf")
    entry = json.loads(result.output)["files"][0]
    assert entry["known"]["source_url"] == "https://x.gov.cn/r" and entry["known"]["origin"] == "m.csv:2"
    late = [d for d in entry["diagnostics"] if d["name"] == "late-publication"]
    assert len(late) == 1 and "2025-01-31" in late[0]["message"]  # a department: 1月31日 (manifest's kind)
    human = run("check", "--no-color", "--manifest", tmp_path / "m.csv", tmp_path / "r.pdf").output
    assert "m.csv:2" in human and "https://x.gov.cn/r" in human


def test_manifest_from_configuration(tmp_path):
    shutil.copy(PDF_2024, tmp_path / "r.pdf")
    (tmp_path / "m.yaml").write_text("- {file: r.pdf, published: 2025-03-01}\n", encoding="utf-8")
    (tmp_path / ".disclosure-lint.yaml").write_text("manifest: m.yaml\n", encoding="utf-8")
    result = run("check", "--format", "json", tmp_path / "r.pdf")
    assert result.exit_code == 0 and names(result) == []  # a government: 3月31日, published 3月1日


def test_2008_deadline_applies_to_every_body_even_of_unknown_kind():
    text = ("某某协调小组2015年政府信息公开工作年度报告\n一、概述\n本报告统计期限自2015年1月1日起至2015年12月31日止。\n"
            "二、主动公开政府信息的情况\n无。\n三、依申请公开政府信息情况\n无。\n四、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
            "无。\n五、存在的主要问题及改进措施\n无。\n某某协调小组\n2016年4月20日\n")
    from disclosure_lint.api import lint

    result = lint(text)
    late = [d for d in result.diagnostics if d.name == "late-publication"]
    assert result.report.issuer_kind is None and len(late) == 1 and "2016-03-31" in late[0].message
