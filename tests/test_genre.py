"""Is it a report?  Decided before any template check: a file that is not one gets exactly one
``not-a-report`` finding (named on the command line) or is listed as skipped (directory scans); a
page with only a title gets one ``no-content``; a report in a cover letter is a report."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.api import lint
from disclosure_lint.cli import main

GENRE = FIXTURES / "genre"
WEB = FIXTURES / "corpus" / "web"
NOT_REPORTS = {"letter_work_points.txt": "letter", "minutes.txt": "minutes", "README.txt": "document",
               "requirements.txt": "document", "LICENSE.txt": "document"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_a_file_that_is_not_a_report_gets_exactly_one_info_finding(name):
    result = lint((GENRE / name).read_text(encoding="utf-8"))
    assert [(d.name, d.severity) for d in result.diagnostics] == [("not-a-report", "info")]
    assert result.report.genre.looks == NOT_REPORTS[name]


def test_the_letter_names_what_it_looks_like():
    result = lint((GENRE / "letter_work_points.txt").read_text(encoding="utf-8"))
    assert "一封函" in result.diagnostics[0].message and "工作要点落实情况的函" in result.diagnostics[0].message


def test_a_title_only_page_gets_one_no_content_finding():
    result = run("check", "--format", "json", WEB / "2020_fj_pingtan_gonganju_TITLE_ONLY_NOT_COMPLETE.txt")
    diags = json.loads(result.output)["files"][0]["diagnostics"]
    assert [d["name"] for d in diags] == ["no-content"]
    assert result.exit_code == 1  # a published report without content is an error


def test_every_real_report_is_a_report_including_cover_letters():
    reports = [p for p in sorted(WEB.glob("*.txt")) if "TITLE_ONLY" not in p.name]
    reports += sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))
    kinds = {p.name: lint(p.read_text(encoding="utf-8")).report.genre.kind for p in reports}
    assert {name for name, kind in kinds.items() if kind != "report"} == set()
    assert any("_han" in name for name in kinds)  # 关于报送…年度报告的函


def test_directory_scan_lists_skipped_files_and_why(tmp_path):
    shutil.copy(next((FIXTURES / "seeds").glob("003_*.txt")), tmp_path / "2020.txt")
    for name in NOT_REPORTS:
        shutil.copy(GENRE / name, tmp_path / name)
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy")
    result = run("check", "--format", "json", tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "2020.txt")]
    skipped = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in data["skipped"]}
    assert set(skipped) == {*NOT_REPORTS, "old.doc"}
    assert skipped["letter_work_points.txt"] == "不是年度报告（看起来是一封函）" and ".doc" in skipped["old.doc"]
    human = run("check", "--no-color", tmp_path).output
    assert "跳过 6 个文件" in human and "看起来是一封函" in human and ".doc" in human


def test_named_files_are_never_skipped_silently(tmp_path):
    result = run("check", "--format", "json", GENRE / "README.txt", GENRE / "minutes.txt")
    data = json.loads(result.output)
    assert result.exit_code == 0 and "skipped" not in data
    assert [[d["name"] for d in f["diagnostics"]] for f in data["files"]] == [["not-a-report"], ["not-a-report"]]


def test_config_exclude_globs(tmp_path):
    (tmp_path / "drafts").mkdir()
    shutil.copy(next((FIXTURES / "seeds").glob("003_*.txt")), tmp_path / "2020.txt")
    shutil.copy(next((FIXTURES / "seeds").glob("001_*.txt")), tmp_path / "drafts" / "2017.txt")
    (tmp_path / ".disclosure-lint.yaml").write_text("exclude: ['drafts/*']\n", encoding="utf-8")
    data = json.loads(run("check", "--format", "json", tmp_path).output)
    assert [f["path"] for f in data["files"]] == [str(tmp_path / "2020.txt")]
    assert "exclude" in data["skipped"][0]["reason"] and "drafts/*" in data["skipped"][0]["reason"]
    (tmp_path / ".disclosure-lint.yaml").write_text("exclude: 3\n", encoding="utf-8")
    assert run("check", tmp_path).exit_code == 2


def test_a_readme_about_reports_is_not_a_report_though_it_quotes_their_tables():
    """The corpus's own README quotes report titles, headings and whole tables in English prose: a
    document about reports, skipped in a directory scan (one info finding when named)."""
    result = lint((WEB / "README.md").read_text(encoding="utf-8"))
    assert [(d.name, d.severity) for d in result.diagnostics] == [("not-a-report", "info")]
    assert "外文" in result.diagnostics[0].message


def test_a_chinese_report_with_english_links_and_metadata_stays_a_report():
    text = (WEB / "2022_fj_pingtan_gonganju.txt").read_text(encoding="utf-8")
    noisy = text + "\n" + "\n".join(f"附件{i}: https://www.example.gov.cn/files/attachment_{i}.pdf Download" for i in range(300))
    assert lint(noisy).report.genre.kind == "report"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcXYZw :/@.-_1中\t\u3000", max_size=40))
def test_latin_words_outside_links_counted_in_one_pass(line):
    """The one-pass count equals the definition: Latin words of the white-space tokens that are not links."""
    from disclosure_lint.report.genre import _LATIN_WORD, _WORD_OR_LINK

    def is_link(token: str) -> bool:
        return "://" in token or "@" in token or token.lower().startswith("www.")

    expected = sum(len(_LATIN_WORD.findall(t)) for t in line.split() if not is_link(t))
    assert sum(1 for word in _WORD_OR_LINK.findall(line) if word) == expected


_PIECES = st.sampled_from(["政府信息公开", "年度报告", "丁", "䶵", "\u4dff", "\u9fff", "龥", "report", "The", "ab", "www.gov.cn",
                           "x@163.com", "http://a.b/c", " ", "\n", "，", "Ünïcode", "\udcff", "１２３", "word", "the word ",
                           "政府 ", "Year report, "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.integers(1, 300)), max_size=12))
def test_a_text_is_mostly_foreign_exactly_when_its_latin_words_outnumber_a_third_of_its_chinese(parts):
    """The shortcut (no more letters than a lower bound of the Chinese characters: not foreign) decides as
    the full count does: words of three letters or more, links and addresses left out, against every
    character U+4E00–U+9FFF."""
    from disclosure_lint.read.grammar import parse_text
    from disclosure_lint.report import genre

    text = "".join(piece * times for piece, times in parts)
    doc = parse_text(text)
    lines = doc.source.lines
    words = sum(1 for line in lines for word in genre._WORD_OR_LINK.findall(line) if word)
    chinese = sum(1 for line in lines for ch in line if "\u4e00" <= ch <= "\u9fff")
    assert genre._fewest_cjk("".join(lines)) <= chinese
    assert genre._mostly_foreign(doc) == (words >= genre.MIN_FOREIGN_WORDS and words * 3 > chinese)
