"""Word, web-page and PDF input: read from their own structure, with the same findings as the text.

Fixtures: ``tests/fixtures/formats/`` holds .docx and .html copies of every seed and clean fixture
report, made by ``tests/fixtures/formats/make_fixtures.py`` (real Word tables and HTML ``<table>``s,
table 三 with the official merged cells, web pages with site furniture), and a scanned (image-only)
PDF.  The three real PDFs are in ``tests/fixtures/corpus/pdf/``; their table 三 values below were
checked by eye against the rendered pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from disclosure_lint.cli import main
from disclosure_lint.checks.run_config import Config
from disclosure_lint.read import detect
from disclosure_lint.read.base import squeeze
from disclosure_lint.api import lint_document, lint_source
from disclosure_lint.read.load import InputError, load_data
from disclosure_lint.read.registry import report_suffixes

FORMATS = FIXTURES / "formats"
PDFS = FIXTURES / "corpus" / "pdf"
SOURCES = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))
TABLE_RULES = {"table-unbalanced", "sum-mismatch", "blank-cell", "unreadable-cell", "negative-count", "missing-row",
               "missing-table"}


def _lint_bytes(data: bytes, name: str):
    loaded = load_data(data, name)
    config = Config()
    result = lint_document(loaded.document, config) if loaded.document is not None else lint_source(loaded.source, config)
    return loaded, result


@lru_cache(maxsize=None)
def _lint_path(path: str):
    return _lint_bytes(Path(path).read_bytes(), path)


def _names(result) -> Counter:
    return Counter(d.name for d in result.diagnostics)


def _stem(src: Path) -> str:
    return f"{src.parent.name}__{src.stem}"


# --- the same findings whatever the format ------------------------------------------------------------


@pytest.mark.parametrize("ext", ["docx", "html"])
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: _stem(p))
def test_same_findings_as_the_text(src, ext):
    _, ref = _lint_path(str(src))
    loaded, got = _lint_path(str(FORMATS / f"{_stem(src)}.{ext}"))
    assert loaded.format == ext and loaded.document is not None
    assert _names(got) == _names(ref)
    assert [t.spec.id for t in got.report.tables] == [t.spec.id for t in ref.report.tables]
    assert got.report.year == ref.report.year and got.report.era == ref.report.era


def test_tables_are_read_cell_for_cell_from_word_and_html():
    src = next(s for s in SOURCES if s.name.startswith("003_"))
    _, ref = _lint_path(str(src))
    for ext in ("docx", "html"):
        _, got = _lint_path(str(FORMATS / f"{_stem(src)}.{ext}"))
        for table in ref.report.tables:
            other = got.report.table(table.spec.id)
            assert other is not None and other.layout == "grid"
            assert [(r.spec.id, [c.value for c in r.cells]) for r in other.rows] == \
                [(r.spec.id, [c.value for c in r.cells]) for r in table.rows]


def test_generator_reproduces_the_fixtures(tmp_path):
    sys.path.insert(0, str(FORMATS))
    try:
        import make_fixtures
    finally:
        sys.path.remove(str(FORMATS))
    src = next(s for s in SOURCES if s.name.startswith("001_"))
    items = make_fixtures.layout(src.read_text(encoding="utf-8"), str(src))
    make_fixtures.write_docx(items, tmp_path / "r.docx")
    (tmp_path / "r.html").write_text(make_fixtures.html_of(items), encoding="utf-8")
    _, ref = _lint_path(str(src))
    for name in ("r.docx", "r.html"):
        _, got = _lint_bytes((tmp_path / name).read_bytes(), str(tmp_path / name))
        assert _names(got) == _names(ref)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_web_page_in_every_encoding(encoding):
    src = next(s for s in SOURCES if s.name.startswith("004_"))
    page = (FORMATS / f"{_stem(src)}.html").read_text(encoding="utf-8")
    if encoding == "gb18030":
        page = page.replace('charset="utf-8"', 'charset="gb2312"')
    loaded, got = _lint_bytes(page.encode(encoding), "report.htm")
    assert loaded.format == "html"
    assert _names(got) == _names(_lint_path(str(src))[1])


def test_detection_by_content():
    page = (FORMATS / "seeds__003_cdaa1b262e3f6b28.html").read_bytes()
    assert load_data(page, "report.txt").format == "html"  # a saved web page under a .txt name
    assert load_data(page, "-").format == "html"
    pdf = (PDFS / "2024_js_huaian_hongzequ.pdf").read_bytes()
    assert load_data(pdf, "download").format == "pdf"  # no extension
    word = (FORMATS / "seeds__003_cdaa1b262e3f6b28.docx").read_bytes()
    assert load_data(word, "report.bin").format == "docx"
    assert load_data("| a | b |\n".encode(), "r.md").format == "markdown"
    assert load_data("一、总体情况\n".encode(), "r.txt").format == "text"
    for suffix in (".docx", ".html", ".htm", ".pdf"):
        assert suffix in report_suffixes()


@pytest.mark.parametrize("name,fragment", [
    ("old.doc", "另存为 .docx"), ("old.wps", "WPS"), ("sheet.xls", "Excel"),
])
def test_legacy_office_formats_are_refused_clearly(name, fragment):
    with pytest.raises(InputError) as exc:
        load_data(detect.OLE2 + b"\x00" * 600, name)
    assert fragment in str(exc.value) and ".docx" in str(exc.value)


def test_doc_file_exit_2_and_the_others_still_linted(tmp_path):
    (tmp_path / "old.doc").write_bytes(detect.OLE2 + b"\x00" * 600)
    shutil.copy(FORMATS / "seeds__003_cdaa1b262e3f6b28.docx", tmp_path / "new.docx")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path / "old.doc"), str(tmp_path / "new.docx")])
    assert result.exit_code == 2
    files = json.loads(result.output)["files"]
    assert "Word 97-2003" in files[0]["error"] and "另存为 .docx" in files[0]["error"]
    assert files[1]["era"] == "2019" and "error" not in files[1]


def test_scanned_pdf_gets_one_clear_finding():
    result = CliRunner().invoke(main, ["check", "--format", "json", str(FORMATS / "scanned.pdf")])
    assert result.exit_code == 1
    diags = json.loads(result.output)["files"][0]["diagnostics"]
    assert [d["name"] for d in diags] == ["no-text-layer"]
    assert "没有文字层" in diags[0]["message"] and "OCR" in diags[0]["message"]


def test_directory_scan_finds_word_html_and_pdf(tmp_path):
    shutil.copy(FORMATS / "seeds__003_cdaa1b262e3f6b28.docx", tmp_path / "a.docx")
    shutil.copy(FORMATS / "seeds__003_cdaa1b262e3f6b28.html", tmp_path / "b.html")
    shutil.copy(PDFS / "2024_js_huaian_hongzequ.pdf", tmp_path / "c.pdf")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    paths = [Path(f["path"]).name for f in json.loads(result.output)["files"]]
    assert paths == ["a.docx", "b.html", "c.pdf"]


# --- web pages: furniture -------------------------------------------------------------------------------


def test_site_furniture_is_stripped():
    loaded, _ = _lint_path(str(FORMATS / "seeds__003_cdaa1b262e3f6b28.html"))
    text = "\n".join(loaded.source.lines)
    for furniture in ("首页", "当前位置", "分享到", "网站标识码", "友情链接", "document.write", "ICP备"):
        assert furniture not in text
    assert loaded.source.lines[0] == "南安市柳城街道办事处"


def test_layout_table_is_read_as_its_content():
    page = ("<html><body><table><tr><td><p>某某局2020年政府信息公开工作年度报告</p><p>一、总体情况</p>"
            "<table border=1><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr>"
            "<tr><td>规范性文件</td><td>0</td><td>0</td><td>0</td></tr></table></td></tr></table></body></html>")
    loaded = load_data(page.encode(), "p.html")
    doc = loaded.document
    assert [b.__class__.__name__ for b in doc.blocks] == ["Para", "Heading", "TableBlock"]
    assert [[c.text for c in row] for row in doc.tables[0].rows] == [["规章", "1", "2", "3"], ["规范性文件", "0", "0", "0"]]


# --- PDF -------------------------------------------------------------------------------------------------

# Table 三 of each real PDF, every row, 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计, checked
# against the rendered pages (pdftoppm).  The two 洪泽区 reports print a single （六）其他处理 row (the 2019
# form) instead of the 2021 sub-rows; it is read as that group's row.
HZ_ROWS = ["new", "carried", "granted", "partial", "w_secret", "w_law", "w_safety", "w_third", "w_internal",
           "w_process", "w_enforce", "w_query", "u_none", "u_make", "u_unclear", "d_petition", "d_repeat",
           "d_publication", "d_mass", "d_confirm", "handled_other", "total", "carry_next"]
Z = [0] * 7


def _row(n: int) -> list[int]:
    return [n, 0, 0, 0, 0, 0, n]


T3_EXPECTED = {
    "2023_js_huaian_hongzequ.pdf": dict(zip(HZ_ROWS, [
        _row(21), Z, Z, _row(4), _row(1), Z, Z, Z, Z, _row(1), _row(1), Z, _row(10), _row(3), Z, _row(1), Z, Z, Z, Z,
        Z, _row(21), Z])),
    "2024_js_huaian_hongzequ.pdf": dict(zip(HZ_ROWS, [
        _row(95), Z, _row(50), _row(9), Z, Z, _row(1), Z, Z, _row(1), _row(1), Z, _row(31), _row(1), Z, _row(1), Z,
        Z, Z, Z, Z, _row(95), Z])),
    "2024_js_huaian_shizhengfu.pdf": {
        "new": [3001, 53, 0, 0, 61, 4, 3119], "carried": [34, 0, 0, 0, 0, 0, 34],
        "granted": [1288, 21, 0, 0, 50, 3, 1362], "partial": [447, 7, 0, 0, 0, 0, 454],
        "w_secret": _row(2), "w_law": [30, 1, 0, 0, 0, 0, 31], "w_safety": _row(5), "w_third": _row(6),
        "w_internal": [7, 1, 0, 0, 0, 0, 8], "w_process": _row(12), "w_enforce": _row(9), "w_query": _row(105),
        "u_none": [746, 12, 0, 0, 10, 1, 769], "u_make": _row(11), "u_unclear": _row(1),
        "d_petition": [56, 6, 0, 0, 0, 0, 62], "d_repeat": _row(25), "d_publication": Z, "d_mass": Z,
        "d_confirm": _row(1), "o_overdue": [67, 3, 0, 0, 1, 0, 71], "o_fee": _row(6),
        "o_else": [108, 2, 0, 0, 0, 0, 110], "total": [2932, 53, 0, 0, 61, 4, 3050],
        "carry_next": [103, 0, 0, 0, 0, 0, 103],
    },
}
T4_EXPECTED = {
    "2023_js_huaian_hongzequ.pdf": [[10, 1, 0, 0, 0], [0, 0, 0, 0, 0], [5, 0, 0, 0, 0]],
    "2024_js_huaian_hongzequ.pdf": [[1, 1, 0, 0, 2], [1, 0, 0, 0, 1], [2, 0, 1, 0, 3]],
    "2024_js_huaian_shizhengfu.pdf": [[72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]],
}


@pytest.mark.parametrize("name", sorted(T3_EXPECTED))
def test_real_pdf_table_3_read_cell_for_cell(name):
    loaded, result = _lint_path(str(PDFS / name))
    assert loaded.format == "pdf"
    t3 = result.report.table("t3")
    assert t3 is not None and t3.layout == "grid" and not t3.missing_rows
    assert {r.spec.id: [c.value for c in r.cells] for r in t3.rows} == T3_EXPECTED[name]
    assert all(c.status in ("number", "zero") for r in t3.rows for c in r.cells)
    t4 = result.report.table("t4")
    assert [[c.value for c in r.cells] for r in t4.rows] == T4_EXPECTED[name]


@pytest.mark.parametrize("name", sorted(T3_EXPECTED))
def test_real_pdf_no_false_table_finding(name):
    _, result = _lint_path(str(PDFS / name))
    table_findings = [d for d in result.diagnostics if d.name in TABLE_RULES]
    if name == "2023_js_huaian_hongzequ.pdf":
        # A real defect of the published report: table 四 prints 行政复议 10 1 0 0 with 总计 0 and
        # 复议后起诉 5 0 0 0 with 总计 0 (checked on page 4).
        assert [(d.name, d.message.split("：")[0]) for d in table_findings] == [
            ("sum-mismatch", "表四（政府信息公开行政复议、行政诉讼情况）「行政复议」行「总计」列"),
            ("sum-mismatch", "表四（政府信息公开行政复议、行政诉讼情况）「行政诉讼·复议后起诉」行「总计」列"),
        ]
    else:
        assert table_findings == []
    # The only check that cannot run is the deadline: the 2021 format has no signature block and a
    # PDF carries no publication date (--published or a manifest gives it).
    assert [d.message.split("：")[0] for d in result.diagnostics if d.name == "check-not-run"] == [
        "检查“late-publication”未能完成"]


@pytest.mark.parametrize("name", sorted(T3_EXPECTED))
def test_real_pdf_front_matter(name):
    _, result = _lint_path(str(PDFS / name))
    report = result.report
    assert report.year == int(name[:4]) and report.era.id == "2021"
    assert report.period is not None and report.period.readable
    assert [s.spec.id for s in report.sections if s.spec] == ["overview", "active", "application", "review",
                                                              "problems", "other"]
    assert "政府" in (report.issuer or "")


def test_pdf_findings_point_at_page_table_row_and_cell():
    path = str(PDFS / "2023_js_huaian_hongzequ.pdf")
    result = CliRunner().invoke(main, ["check", "--no-color", path])
    assert "(第4页 表4 第4行 第5格)" in result.output  # 行政复议 总计 in table 四
    assert "│ 10 1 0 0 0" in result.output  # the row is quoted
    data = json.loads(CliRunner().invoke(main, ["check", "--format", "json", path]).output)
    locations = [d.get("location") for d in data["files"][0]["diagnostics"]]
    assert "第4页 表4 第4行 第5格" in locations


def test_pdf_text_is_rebuilt_into_paragraphs():
    loaded, _ = _lint_path(str(PDFS / "2023_js_huaian_hongzequ.pdf"))
    lines = loaded.source.lines
    intro = next(line for line in lines if line.startswith("本报告由"))
    assert "统计期限自2023年1月1日起至2023年12月31日止" in intro  # wrapped over two PDF lines
    assert "邮编:223100" in intro  # the justified layout's spaces between characters are gone
    assert not any(line.strip() in ("- 1 -", "- 3 -") for line in lines)  # page numbers
    assert loaded.source.origins[lines.index(intro)] == "第1页 第3段"


def test_pdf_cell_clean_up():
    from disclosure_lint.read.pdf import _cell

    assert _cell("商\n业\n企\n业") == "商业企业"  # a header printed one character per line
    assert _cell("三\n、\n本\n年\n度\n办\n理\n结\n果") == "三、本年度办理结果"
    assert _cell("5.要求行政机关确认或重 新出具\n已获取信息") == "5.要求行政机关确认或重新出具已获取信息"
    assert _cell("12\n- 3 -") == "12" and _cell("— 3 —") == ""  # page numbers inside a table
    assert _cell("230 000023") == "230 000023"  # run-together digits stay visible (reported, not guessed)
    assert squeeze("邮 编 ： 223100 ， 电 话") == "邮编：223100，电话"


def test_parse_shows_tables_for_every_format():
    for path, fmt in ((FORMATS / "seeds__003_cdaa1b262e3f6b28.docx", "docx"),
                      (FORMATS / "seeds__003_cdaa1b262e3f6b28.html", "html"),
                      (PDFS / "2024_js_huaian_shizhengfu.pdf", "pdf")):
        data = json.loads(CliRunner().invoke(main, ["parse", str(path)]).output)
        assert data["format"] == fmt
        assert {t["id"] for t in data["tables"]} >= {"t2", "t3", "t4"}
        assert all(region["layout"] == "grid" for region in data["table_regions"])


def test_text_input_does_not_import_the_heavy_readers():
    src = next(s for s in SOURCES if s.name.startswith("003_"))
    code = ("import sys; from pathlib import Path; from disclosure_lint.read.load import load_data; "
            f"load_data(Path({str(src)!r}).read_bytes(), 'r.txt'); "
            "print(sorted(m for m in ('docx', 'pypdfium2', 'pdfplumber', 'lxml') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_word_fixtures_have_real_merged_cells():
    import zipfile

    xml = zipfile.ZipFile(FORMATS / "seeds__003_cdaa1b262e3f6b28.docx").read("word/document.xml").decode()
    assert "<w:tbl>" in xml and "w:vMerge" in xml and "w:gridSpan" in xml
    page = (FORMATS / "seeds__003_cdaa1b262e3f6b28.html").read_text(encoding="utf-8")
    assert 'rowspan="' in page and 'colspan="' in page


def test_numbers_damaged_by_extraction_in_a_real_table():
    cells = ["1,234", "１２", "13件", "—", "无", "230 000023", ""]
    page = ("<html><body><p>某局2021年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p><table border=1>"
            "<tr><td>一、本年新收政府信息公开申请数量</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
            "<tr><td>二、上年结转政府信息公开申请数量</td>" + "<td>0</td>" * 7 + "</tr></table></body></html>")
    _, result = _lint_bytes(page.encode(), "p.html")
    row = result.report.table("t3").row("new")
    assert [(c.status, c.value) for c in row.cells] == [
        ("number", 1234), ("number", 12), ("number", 13), ("dash", 0), ("nil", 0), ("unreadable", None),
        ("blank", None)]
    assert row.cells[5].note == "run-together"


def _numbered_docx(text: str, out) -> None:
    """A Word copy of ``text`` whose 一、 and （一） headings are Word list numbers, not typed text."""
    import docx
    from docx.oxml import parse_xml

    sys.path.insert(0, str(FORMATS))
    from make_fixtures import layout, write_docx

    from disclosure_lint.read.lexer import heading_of

    write_docx(layout(text, "numbered.txt"), out)
    doc = docx.Document(str(out))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for paragraph in doc.paragraphs:
        head = heading_of(paragraph.text.strip())
        if head is None or head[0] > 2 or not head[2]:
            continue
        title = paragraph.text.strip()[paragraph.text.strip().index(head[2][0]):]
        for run in paragraph.runs[1:]:
            run.text = ""
        paragraph.runs[0].text = title
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{head[0] - 1}"/><w:numId w:val="90"/></w:numPr>'))
    doc.save(str(out))


def test_word_automatic_numbering_is_rebuilt(tmp_path):
    text = (FIXTURES / "reports" / "2021_county_gov_tabrows.txt").read_text(encoding="utf-8")
    out = tmp_path / "numbered.docx"
    _numbered_docx(text, out)
    import docx

    typed = [p.text for p in docx.Document(str(out)).paragraphs if p.text.startswith(("一、", "二、"))]
    assert typed == []  # the numbers are not in the text: only Word's numbering shows them
    data = json.loads(CliRunner().invoke(main, ["parse", str(out)]).output)
    assert [s["number"] + "、" + s["title"] for s in data["sections"]][:3] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert [h["number"] for h in data["headings"] if h["level"] == 2][:2] == ["一", "二"]
    result = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(out)]).output)
    assert result["files"][0]["diagnostics"] == []


def test_chinese_list_numbers():
    from disclosure_lint.read.docx_numbering import chinese, format_number

    assert [chinese(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    assert format_number(3, "decimalEnclosedCircle") == "③" and format_number(4, "upperRoman") == "IV"


def test_html_meta_pubdate_dates_the_report(tmp_path):
    page = (FORMATS / "reports__2021_county_gov_tabrows.html").read_text(encoding="utf-8")
    # Drop the signature date; the page's <meta name="PubDate"> still dates the report.
    undated = page.replace("2022年3月18日", "")
    assert undated != page
    for pubdate, expected in (("2022-03-10 09:30", set()), ("2022-04-15 09:30", {"late-publication"})):
        html_text = undated.replace("<head>", f'<head><meta name="PubDate" content="{pubdate}">', 1)
        assert html_text != undated
        path = tmp_path / "page.html"
        path.write_text(html_text, encoding="utf-8")
        out = json.loads(CliRunner().invoke(main, ["check", "--format", "json", str(path)]).output)
        names = {d["name"] for d in out["files"][0]["diagnostics"]}
        assert names & {"missing-date", "late-publication"} == expected


def test_paragraph_text_without_xpath_is_python_docx_text():
    """The reader's own walk gives what python-docx's Paragraph.text gives, paragraph for paragraph, on
    every Word fixture and on generated files (runs, hyperlinks, tabs, breaks, damaged properties)."""
    import io
    import random

    import docx
    from docx.text.paragraph import Paragraph
    from fuzz.mutate import corpus, make_docx

    from disclosure_lint.read.docx import paragraph_text

    files = [p.read_bytes() for p in FIXTURES.rglob("*.docx")]
    texts = [d.decode("utf-8", "replace") for n, d in corpus() if n.endswith(".txt")]
    rng = random.Random(7)
    files += [make_docx(rng, rng.choice(texts)) for _ in range(10)]
    compared = 0
    for data in files:
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # noqa: BLE001 - a damaged generated file: nothing to compare
            continue
        for p in document.element.body.iter(f"{{{docx.oxml.ns.nsmap['w']}}}p"):
            assert paragraph_text(p) == Paragraph(p, document).text
            compared += 1
    assert compared > 1000
