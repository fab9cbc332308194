"""The same report as it is published in other layouts gives the same findings as the well-formed
original: flattened to one line (a crawled page body), with the crawler's metadata and page furniture,
in Markdown, and inside a cover letter (关于报送…的函).  Every finding still points at the same text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from disclosure_lint.api import lint

FIXTURES = Path(__file__).parent / "fixtures"
REPORTS = [FIXTURES / "reports" / "2021_county_gov_tabrows.txt", FIXTURES / "reports" / "2020_bureau_tabrows.txt",
           FIXTURES / "rules" / "table-unbalanced" / "fail_carryover_shifted.txt"]
SECTION_STARTS = tuple(f"{n}、" for n in "一二三四五六七八")


def _parts(text: str) -> tuple[str, list[str], list[str]]:
    lines = [line for line in text.split("\n") if line.strip()]
    return lines[0], lines[1:-2], lines[-2:]  # title, body, signature (issuer, date)


def _flat(lines: list[str]) -> str:
    """A page body as crawlers flatten it: line breaks gone, table cells separated by single spaces."""
    return "".join(line.replace("\t", " ").strip() for line in lines)


def oneline(text: str) -> str:
    title, body, sign = _parts(text)
    return title + _flat(body) + " " + " ".join(sign) + "\n"


def cms(text: str) -> str:
    title, body, sign = _parts(text)
    y, m, d = re.findall(r"\d+", sign[-1])[:3]
    meta = (f"标题: {title}\n发布时间: {y}-{int(m):02d}-{int(d):02d} 10:12\n文号: \n发布机构: \n栏目: 政府信息公开年报\n"
            "原文链接: http://www.example.gov.cn/zwgk/ndbg/t20220318_1.htm\n页面链接与图片详见 links.tsv(同目录)\n"
            "==================== 正文 ====================\n")
    return meta + "当前位置： 首页>政务公开>政府信息公开年报 " + _flat(body) + " " + " ".join(sign) + " 附件下载\n"


def markdown(text: str) -> str:
    title, body, sign = _parts(text)
    out = [f"# {title}", ""]
    for line in body:
        if "\t" in line:
            out.append("| " + " | ".join(line.split("\t")) + " |")
        elif line.startswith(SECTION_STARTS):
            out += ["", f"## {line}", ""]
        else:
            out += [line, ""]
    return "\n".join([*out, "", *sign, ""])


def letter(text: str) -> str:
    title, body, sign = _parts(text)
    issuer = title.split("20")[0]
    head = [f"{issuer}关于报送政府信息公开工作年度报告的函", "", "市政府办公室：", "现将我单位政府信息公开工作年度报告报送如下。", ""]
    return "\n".join([*head, title, *body, "", "此函", *sign, ""])


def _findings(text: str, name: str) -> tuple[Counter, list[tuple[str, str]]]:
    result = lint(text, path=name)
    lines = text.split("\n")
    quoted = [(d.code, lines[d.span.line - 1][d.span.column - 1:d.span.end_column - 1]) for d in result.diagnostics]
    return Counter((d.code, d.message.split("：")[0]) for d in result.diagnostics), sorted(quoted)


@pytest.mark.parametrize("layout", [oneline, cms, markdown, letter], ids=lambda f: f.__name__)
@pytest.mark.parametrize("report", REPORTS, ids=lambda p: p.stem)
def test_same_findings_in_every_layout(report, layout):
    original = report.read_text(encoding="utf-8")
    want, want_quoted = _findings(original, report.name)
    got, got_quoted = _findings(layout(original), report.name)
    assert got == want
    assert got_quoted == want_quoted  # each finding points at the same text in the new layout


@pytest.mark.parametrize("layout", [oneline, cms, markdown, letter], ids=lambda f: f.__name__)
def test_same_reading_in_every_layout(layout):
    original = REPORTS[0].read_text(encoding="utf-8")
    a, b = lint(original).report, lint(layout(original)).report
    assert (b.year, b.issuer, b.era.id, b.period.start, b.period.end) == (a.year, a.issuer, a.era.id, a.period.start, a.period.end)
    assert b.signature_date.date == a.signature_date.date
    assert [s.spec.id for s in b.sections if s.spec] == [s.spec.id for s in a.sections if s.spec]
    cells = lambda r: [(t.spec.id, row.spec.id, c.value) for t in r.tables for row in t.rows for c in row.cells]  # noqa: E731
    assert cells(b) == cells(a)
    assert b.title is not None and "年度报告" in b.title.text
