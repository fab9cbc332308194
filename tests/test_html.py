"""The supervisor's HTML report: one self-contained page, one overview row per report, every finding
highlighted at its text, escaped input, lazy details for large batches.  (The page in a real browser:
test_browser.py.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from disclosure_lint import api
from disclosure_lint.checks.run_config import Config
from disclosure_lint.cli import main
from disclosure_lint.output import FileResult
from disclosure_lint.output.html import render_html, render_report_html

FIXTURES = Path(__file__).parent / "fixtures"
REPORTS = sorted((FIXTURES / "reports").glob("*.txt"))


class _Tags(HTMLParser):
    """Collects tags with their attributes, and the text inside every <mark>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.marks: dict[str, str] = {}
        self._mark: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            self._mark = attrs.get("data-f")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None:
            for index in self._mark.split():
                self.marks[index] = self.marks.get(index, "") + data


def _items(paths) -> list[FileResult]:
    docs = [(api.document_of(api.read_input(str(p), p)), Config()) for p in paths]
    return [FileResult(str(p), r) for p, r in zip(paths, api.lint_many(docs))]


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_one_overview_row_per_report_and_every_finding_marked_at_its_text():
    items = _items(REPORTS)
    page = render_html(items, Config())
    # Self-contained: no external style sheet, script, image or frame.
    assert not re.search(r"<(link|img|iframe)\b|<script[^>]+src=|@import|url\(", page)
    tags = _parse(page)
    rows = [a for t, a in tags.tags if t == "tr" and "data-row" in a]
    assert len(rows) == len(items)
    ids = {a.get("id") for _, a in tags.tags}
    for n, item in enumerate(items):
        lines = item.result.report.document.source.raw_lines
        section = _parse(page.split(f'<section class="report" id="r{n}"')[1].split("</section>")[0])
        for i, diag in enumerate(item.result.diagnostics):
            assert f"r{n}-m{i}" in ids and f"r{n}-f{i}" in ids
            marked = section.marks[str(i)]
            line = lines[diag.span.line - 1]
            expected = line[diag.span.column - 1:diag.span.end_column - 1] if diag.span.end_line == diag.span.line else line[diag.span.column - 1:]
            assert marked and (expected in marked or marked in expected or marked == "\u23ce"), (item.path, diag, marked)


def test_hostile_report_cannot_inject_markup(tmp_path):
    hostile = tmp_path / "x.txt"
    hostile.write_text("<script>alert(1)</script>政府信息公开工作年度报告\n\"><img src=x onerror=alert(2)>信息公开\n",
                       encoding="utf-8")
    items = _items([hostile])
    for page in (render_html(items, Config()), render_report_html(items[0], Config()),
                 render_html(items * 25, Config())):
        assert "<script>alert" not in page and "<img" not in page
        assert page.count("<script") == page.count("</script>")


def test_large_batches_keep_details_inert_until_opened():
    items = _items(REPORTS) * 3
    page = render_html(items, Config())
    sources = re.findall(r'<script type="text/x-report" id="src-r(\d+)">(.*?)</script>', page, re.S)
    assert len(sources) == len(items)
    assert all("<mark" in body for _, body in sources if 'class="finding ' in body)


def test_english_labels_and_standalone_page():
    items = _items(REPORTS[:1])
    page = render_report_html(items[0], Config(lang="en"))
    assert 'lang="en"' in page and "The report's text" in page
    assert "报告原文" in render_report_html(items[0], Config())


def test_cli_html_format_and_output(tmp_path):
    target = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", "--output", f"html:{target}", "--format", "html", "--lang", "en",
                                       *map(str, REPORTS[:2])], catch_exceptions=False)
    assert result.output.startswith("<!DOCTYPE html>")
    assert target.read_text(encoding="utf-8").count('data-row="') == 2
