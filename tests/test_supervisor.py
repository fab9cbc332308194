"""The supervisor's batch: spreadsheet read back and compared with the JSON, scores from a rubric (option
or configuration), the roster, skipped files, per-unit pages, CSV for Excel, the closing summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_lint.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
WEB = FIXTURES / "corpus" / "web"
BATCH = sorted(WEB.glob("202[1-5]_fj_*.txt"))  # a dozen reports of several bodies and years


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch")
    reports = folder / "reports"
    reports.mkdir()
    for path in BATCH:
        shutil.copy(path, reports / path.name)
    (reports / "notes.txt").write_text("会议纪要：无关文件\n", encoding="utf-8")
    (reports / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    (reports / ".hidden.doc").write_bytes(b"x")
    roster = folder / "roster.csv"
    roster.write_text("单位,类型\n平潭综合实验区公安局,部门\n平潭综合实验区财政金融局,department\n某某县人民政府,government\n",
                      encoding="utf-8")
    result = run("check", reports, "--format", "json", "--roster", roster, "--output", f"xlsx:{folder / 's.xlsx'}",
                 "--output", f"csv:{folder / 'f.csv'}", "--excel", "--split-output", folder / "split")
    return folder, json.loads(result.stdout), result


def test_xlsx_read_back_matches_the_json(outputs):
    from openpyxl import load_workbook

    folder, data, _ = outputs
    book = load_workbook(folder / "s.xlsx")
    overview, findings = book.worksheets[0], book.worksheets[1]
    rows = list(overview.iter_rows(values_only=True))
    head = rows[0]
    assert len(rows) - 1 == len(data["files"])
    for row, entry in zip(rows[1:], data["files"]):
        got = dict(zip(head, row))
        assert got["文件"] == entry["path"] and got["年度"] == entry["report_year"]
        assert got["得分"] == entry["score"] and got["错误"] == entry["counts"]["error"]
        assert got["发布日期"] == (entry["publication_date"] or None)
    assert findings.max_row - 1 == sum(len(f["diagnostics"]) for f in data["files"])
    codes = [r[2] for r in findings.iter_rows(min_row=2, values_only=True)]
    assert codes == [d["code"] for f in data["files"] for d in f["diagnostics"]]
    for sheet in (overview, findings):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert overview.column_dimensions["B"].width >= 2 * len("平潭综合实验区公安局")  # Chinese is double width
    assert [s.title for s in book.worksheets][2:] == ["跳过的文件", "未提交报告的单位"]


def test_json_has_issuer_date_score_counts_skipped_and_roster(outputs):
    _, data, result = outputs
    entry = next(f for f in data["files"] if f["unit"] == "平潭综合实验区公安局")
    assert entry["issuer"] == "平潭综合实验区公安局" and entry["publication_date"]
    assert entry["score"] == entry["score_full"] - sum(d["points"] for d in entry["deductions"])
    assert sum(c["error"] for c in entry["counts_by_category"].values()) == entry["counts"]["error"]
    assert [Path(s["path"]).name for s in data["skipped"]] == ["notes.txt", "old.doc"]
    assert ".docx" in data["skipped"][1]["reason"]
    assert data["roster"]["missing"] == [{"unit": "某某县人民政府", "kind": "government"}]
    assert len(data["roster"]["unmatched"]) == len(BATCH) - sum(1 for f in data["files"] if f["unit"])
    assert "跳过 2 个文件" in result.stderr and "用时" in result.stderr


def test_csv_for_excel_and_split_pages(outputs):
    folder, data, _ = outputs
    raw = (folder / "f.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").count("\n") == 1 + sum(len(f["diagnostics"]) for f in data["files"])
    pages = sorted(p.name for p in (folder / "split").iterdir())
    assert len(pages) == len(data["files"])
    assert "平潭综合实验区公安局_2021.html" in pages


def test_rubric_option_and_configuration(tmp_path):
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("full: 100\ndeductions:\n  - {rules: [DL1], points: 1, per: finding}\n", encoding="utf-8")
    report = BATCH[0]
    own = json.loads(run("check", "--format", "json", "--rubric", rubric, report).stdout)["files"][0]
    structure = own["counts_by_category"]["structure"]
    assert own["score"] == 100 - structure["error"] - structure["warning"] and own["score_full"] == 100
    config = tmp_path / "cfg.yaml"
    config.write_text("rubric: rubric.yaml\n", encoding="utf-8")
    via_config = json.loads(run("check", "--format", "json", "--config", config, report).stdout)["files"][0]
    assert via_config["score"] == own["score"]
    config.write_text("rubric: missing.yaml\n", encoding="utf-8")
    assert run("check", "--config", config, report).exit_code == 2
    rubric.write_text("deductions: 3\n", encoding="utf-8")
    bad = run("check", "--rubric", rubric, report)
    assert bad.exit_code == 2 and "'deductions' must be a list" in bad.output


def test_roster_yaml_and_bad_roster(tmp_path):
    roster = tmp_path / "units.yaml"
    roster.write_text("units:\n  - 平潭综合实验区公安局\n  - {unit: 平潭综合实验区社会事业局, kind: 部门}\n", encoding="utf-8")
    data = json.loads(run("check", "--format", "json", "--roster", roster, WEB / "2021_fj_pingtan_gonganju.txt").stdout)
    assert data["files"][0]["unit"] == "平潭综合实验区公安局"
    assert data["roster"]["missing"] == [{"unit": "平潭综合实验区社会事业局", "kind": "department"}]
    roster.write_text("- {unit: X, kind: 省}\n", encoding="utf-8")
    assert run("check", "--roster", roster, BATCH[0]).exit_code == 2


def test_extract_for_excel_and_no_xlsx_on_stdout():
    result = run("extract", "--excel", FIXTURES / "reports" / "2021_county_gov_tabrows.txt")
    assert result.stdout.startswith("\ufeffpath,issuer,")
    assert run("check", "--format", "xlsx", BATCH[0]).exit_code == 2


def test_roster_kind_sets_the_deadline_unless_given(tmp_path):
    """A unit's kind on the roster decides its deadline (here 1月31日 for a department, where the name alone
    says township: 3月31日); --issuer-kind still wins."""
    report = FIXTURES / "reports" / "2023_town_pipe.txt"  # 南屏区青石镇人民政府, dated 2024-02-26
    plain = json.loads(run("check", "--format", "json", report).stdout)["files"][0]
    assert plain["on_time"] is True
    roster = tmp_path / "roster.csv"
    roster.write_text("南屏区青石镇人民政府,department\n", encoding="utf-8")
    rostered = json.loads(run("check", "--format", "json", "--roster", roster, report).stdout)["files"][0]
    forced = json.loads(run("check", "--format", "json", "--roster", roster, "--issuer-kind", "township",
                            report).stdout)["files"][0]
    assert rostered["on_time"] is False and "late-publication" in [d["name"] for d in rostered["diagnostics"]]
    assert forced["on_time"] is True


def test_manifest_feeds_the_summary_outputs(tmp_path):
    """The input's manifest (issuer, kind, publication date, URL per file) shows in the JSON and the page."""
    report = tmp_path / "hongze.pdf"
    shutil.copy(FIXTURES / "corpus" / "pdf" / "2024_js_huaian_hongzequ.pdf", report)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,issuer,issuer_kind,published,source_url\n"
                        "hongze.pdf,淮安市洪泽区人民政府,government,2025-04-20,https://example.org/a?b=1&c=<2>\n",
                        encoding="utf-8")
    page = tmp_path / "r.html"
    data = json.loads(run("check", "--format", "json", "--manifest", manifest, "--output", f"html:{page}",
                          report).stdout)["files"][0]
    assert (data["issuer"], data["publication_date"], data["on_time"]) == ("淮安市洪泽区人民政府", "2025-04-20", False)
    assert data["source_url"].startswith("https://example.org/")
    html = page.read_text(encoding="utf-8")
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in html and "<2>" not in html


def test_no_progress_or_summary_when_not_a_terminal():
    result = run("check", "--format", "json", *BATCH[:3])
    assert result.stderr == ""
