"""The PDF reader's own parts: tables found by their ruling lines and read cell by cell, lines of text
from characters, and one input error for a file pdfium cannot open.

``tests/fixtures/formats/pdf_tables.pdf`` is printed by LibreOffice from a Word document
(``make_pdf_tables.py``): labels wrapped onto two and three lines in narrow cells, a label merged down
three rows, a note merged across three columns, and a table of 60 rows running over a page break.
The real reports' tables are checked in tests/test_corpus_pdf_tables.py.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from disclosure_lint.read.base import InputError
from disclosure_lint.read.document import TableBlock
from disclosure_lint.read.pdf import read_pdf
from disclosure_lint.read.pdf_grid import find_tables, text_lines
from disclosure_lint.read.pdf_page import Char, Edge

GENERATED = FIXTURES / "formats" / "pdf_tables.pdf"

# Cell texts as the linter keeps them (normalised: half-width brackets and punctuation).
WRAPPED = [
    ["项目", "本年新收", "上年结转", "总计"],
    ["一、本年新收政府信息公开申请数量(含通过互联网渠道提交的申请)", "21", "3", "24"],
    ["三、本年度办理结果", "(一)予以公开", "10", "10"],
    ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "4", "4"],  # under the merged label
    ["(三)不予公开", "1", "1"],
    ["四、结转下年度继续办理", "说明:本栏合并三格"],
]


@pytest.fixture(scope="module")
def generated():
    document = read_pdf(GENERATED.read_bytes(), str(GENERATED))
    return document, [b for b in document.blocks if isinstance(b, TableBlock)]


def test_wrapped_and_merged_cells_read_cell_by_cell(generated):
    _, tables = generated
    assert [[c.text for c in row] for row in tables[0].rows] == WRAPPED


def test_table_over_a_page_break_is_one_table(generated):
    document, tables = generated
    assert len(tables) == 2
    rows = [[c.text for c in row] for row in tables[1].rows]
    assert rows == [["序号", "事项名称", "数量"]] + [[str(i), f"第{i}项主动公开事项", str(i * 3)] for i in range(1, 61)]
    origins = {document.source.origins[row[0].span.line - 1].split()[0] for row in tables[1].rows}
    assert origins == {"第1页", "第2页"}


def test_text_around_the_tables_is_kept_in_order(generated):
    document, _ = generated
    paras = [p.seg.text for p in document.paras]
    assert paras == ["某某区人民政府2023年政府信息公开工作年度报告", "下表跨页。", "以上为全部事项。"]


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Edge]:
    return [Edge(False, top, x0, x1), Edge(False, bottom, x0, x1), Edge(True, x0, top, bottom), Edge(True, x1, top, bottom)]


def _char(text: str, x: float, top: float, size: float = 10.0) -> Char:
    return Char(text, x, x + size, top, top + size)


def test_grid_with_a_merged_cell_and_thin_rules():
    # Two rows of three columns; the first row's last two cells merged.  Rules drawn as thin filled
    # rectangles (two edges 0.5 pt apart) snap together into one line.
    edges = _box(0, 0, 300, 40) + [Edge(False, 20.0, 0, 300), Edge(False, 20.5, 0, 300),
                                   Edge(True, 100.0, 0, 40), Edge(True, 100.4, 0, 40), Edge(True, 200, 20, 40)]
    chars = [_char("甲", 40, 5), _char("乙", 190, 5), _char("1", 40, 25), _char("2", 140, 25), _char("3", 240, 25)]
    (table,) = find_tables(edges, chars)
    assert table.rows == [["甲", "乙", None], ["1", "2", "3"]]
    assert table.bbox == pytest.approx((0, 0, 300, 40), abs=0.5)


def test_character_on_a_rule_belongs_to_the_cell_right_of_and_below_it():
    edges = _box(0, 0, 200, 40) + [Edge(True, 100, 0, 40), Edge(False, 20, 0, 200)]
    chars = [_char("右", 95, 15)]  # centre (100, 20): on both rules
    (table,) = find_tables(edges, chars)
    assert table.rows == [["", ""], ["", "右"]]


def test_row_left_open_at_a_page_break_is_still_read():
    # The last row has no closing rule (the table runs on to the next page): the vertical rules'
    # ends close it.
    edges = [Edge(False, 0, 0, 200), Edge(False, 20, 0, 200), Edge(True, 0, 0, 40), Edge(True, 100, 0, 40),
             Edge(True, 200, 0, 40)]
    chars = [_char("a", 40, 5), _char("b", 140, 5), _char("c", 40, 25), _char("d", 140, 25)]
    (table,) = find_tables(edges, chars)
    assert table.rows == [["a", "b"], ["c", "d"]]


def test_one_cell_or_no_rules_is_no_table():
    assert find_tables(_box(0, 0, 100, 20), [_char("字", 10, 5)]) == []
    assert find_tables([], [_char("字", 10, 5)]) == []


def test_text_lines_words_and_order():
    chars = [_char("下", 0, 30), _char("行", 10, 30.5),  # a line below, tops within 3 pt
             _char("A", 0, 0), _char("B", 10, 0), _char(" ", 20, 0), _char("C", 30, 0), _char("D", 45, 0)]
    lines = text_lines(chars)
    assert [ln.text for ln in lines] == ["AB C D", "下行"]  # a space, then a 5 pt gap: new words
    assert (lines[0].x0, lines[0].x1, lines[0].top, lines[0].bottom) == (0, 55, 0, 10)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(8, 80), min_size=2, max_size=6), st.lists(st.integers(12, 40), min_size=2, max_size=8))
def test_any_ruled_grid_is_read_back_cell_for_cell(widths, heights):
    xs = [sum(widths[:i]) for i in range(len(widths) + 1)]
    ys = [sum(heights[:i]) for i in range(len(heights) + 1)]
    edges = [Edge(True, x, ys[0], ys[-1]) for x in xs] + [Edge(False, y, xs[0], xs[-1]) for y in ys]
    chars = [Char(str(r * 10 + c), x0 + 1, x0 + 3, y0 + 1, y0 + 5)
             for r, (y0, y1) in enumerate(zip(ys, ys[1:])) for c, (x0, x1) in enumerate(zip(xs, xs[1:]))]
    (table,) = find_tables(edges, chars)
    assert table.rows == [[str(r * 10 + c) for c in range(len(widths))] for r in range(len(heights))]


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",  # damaged
    b"%PDF-1.4\n" + b"\x00" * 200,
])
def test_unreadable_pdf_is_one_input_error(data):
    with pytest.raises(InputError, match="cannot read the PDF file"):
        read_pdf(data, "bad.pdf")


def test_encrypted_pdf_is_one_input_error():
    # A standard security handler whose user password is not empty: pdfium cannot open it.
    data = GENERATED.read_bytes()
    trailer = data.rindex(b"trailer")
    encrypt = (b"99 0 obj << /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
               + b"> >> endobj\n")
    data = data[:trailer] + encrypt + data[trailer:].replace(b"<<", b"<< /Encrypt 99 0 R /ID [<00> <00>]", 1)
    with pytest.raises(InputError, match="password-protected") as exc:
        read_pdf(data, "locked.pdf")
    assert "加密" in str(exc.value)


def _part(page: int, top: float, rows):
    from disclosure_lint.read.pdf import _Table

    return _Table(page, top, [list(r) for r in rows])


def test_row_broken_at_the_end_of_a_page_is_joined_again():
    from disclosure_lint.read.pdf import _join_tables

    # Word lets a row break across pages: the label's end and nothing else opens the next page's part.
    first = _part(3, 500, [[None, "(三)不予公开", "1.属于国家秘密", "0", "0"], [None, None, "2.其他法律行政法", "1", "1"]])
    rest = _part(4, 70, [["", "", "规禁止公开", "", ""], [None, None, "3.危及“三安全一稳定”", "0", "0"]])
    (table,) = _join_tables([first, rest])
    assert table.rows[1:] == [[None, None, "2.其他法律行政法规禁止公开", "1", "1"], [None, None, "3.危及“三安全一稳定”", "0", "0"]]
    assert [o.split()[0] for o in table.origins] == ["第3页", "第3页", "第4页"]


@pytest.mark.parametrize("opening", [
    ["", "", "3.补正后申请内容仍不明确", "", ""],  # a row of its own (numbered), its values left blank
    ["项目", "", "事项", "本年", "总计"],  # the header repeated at the top of the page, over numbers
    ["", "", "规禁止公开", "0", "0"],  # a row with values of its own
])
def test_a_row_of_its_own_at_the_top_of_a_page_is_not_joined(opening):
    from disclosure_lint.read.pdf import _join_tables

    first = _part(3, 500, [[None, "(三)不予公开", "1.属于国家秘密", "0", "0"], [None, None, "2.没有现成信息", "1", "1"]])
    (table,) = _join_tables([first, _part(4, 70, [opening])])
    assert table.rows[-1] == opening and len(table.rows) == 3


@pytest.mark.parametrize("lead, paragraphs", [
    (150.0, ["正文" * 20 + "电子邮箱:ylxzfb@163.com)。"]),  # the address could not fit in the 120 pt left
    (12.0, ["正文" * 20 + "电子邮箱:", "ylxzfb@163.com)。"]),  # it could: the short line ended a paragraph
])
def test_a_line_stopped_short_by_a_long_word_goes_on(lead, paragraphs):
    from disclosure_lint.read.builder import Builder
    from disclosure_lint.read.pdf import _Line, _paragraphs

    lines = [_Line(1, 90, 520, 100 + 20 * i, 112 + 20 * i, "正文" * 4) for i in range(5)]
    lines.append(_Line(1, 90, 400, 200, 212, "电子邮箱："))
    lines.append(_Line(1, 90, 300, 220, 232, "ylxzfb@163.com）。", lead))
    builder = Builder("x.pdf")
    _paragraphs(lines, builder)
    assert [p.seg.text for p in builder.build().paras] == paragraphs


def test_broken_row_in_a_part_of_coarser_grid_is_joined_in_the_first_grid():
    from disclosure_lint.read.pdf import _Table, _join_tables

    # The first page's header splits the grid finer (edges at 0, 50, 100, 150, 200, 250); the rows
    # that run on use only some of those edges.
    first = _Table(2, 400, [["项目", None, "甲", "乙", None], [None, None, "2.其他法律行政法", "1", "1"]],
                   bounds=[0, 50, 100, 150, 200, 250])
    rest = _Table(3, 70, [["", "规禁止公开", "", ""], ["", "3.危及“三安全一稳定”", "0", "0"]], bounds=[0.4, 100, 150.6, 200, 250])
    (table,) = _join_tables([first, rest])
    assert table.rows[1:] == [[None, None, "2.其他法律行政法规禁止公开", "1", "1"],
                              ["", None, "3.危及“三安全一稳定”", "0", "0"]]


def test_caption_row_of_a_coarser_part_is_a_table_of_its_own():
    from disclosure_lint.read.pdf import _Table, _join_tables

    # A caption merged across the next page's table is no rest of the row above: two tables, as read
    # before (the report reads them as one).
    first = _Table(2, 400, [["第二十条第(五)项", None, None, None], ["行政许可", "9487", None, None]],
                   bounds=[0, 100, 150, 200, 250])
    rest = _Table(3, 70, [["第二十条第(六)项", None], ["行政处罚", "2776"]], bounds=[0, 100, 250])
    assert len(_join_tables([first, rest])) == 2


def test_wrapped_address_joins_without_a_space():
    from disclosure_lint.read.base import join_lines

    assert join_lines(["https://www.nanping-", "qu.gov.cn/qsz/"]) == "https://www.nanping-qu.gov.cn/qsz/"
    assert join_lines(["电话：0595-", "28052323"]) == "电话：0595-28052323"
    assert join_lines(["Google", "Chrome"]) == "Google Chrome"


def test_one_row_at_the_top_of_a_page_ends_the_table_above_or_is_text():
    from disclosure_lint.read.pdf import _Line, _Table, _join_tables

    table = _Table(1, 600, [["信息内容", "上一年项目数量"], ["行政处罚", "35"]], bounds=[0, 100, 200])
    lone_line = _Line(2, 0, 200, 72, 84, "行政强制 4")
    lone = _Table(2, 72, [["行政强制", "4"]], bounds=[0, 100, 200], lone=[lone_line])
    (joined,) = _join_tables([table, lone])
    assert joined.rows[-1] == ["行政强制", "4"] and joined.origins[-1].startswith("第2页")
    text = _Line(2, 0, 200, 60, 70, "第二十条第(六)项")
    assert _join_tables([table, text, lone])[-1] is lone_line  # a heading between: the row is text


def test_broken_row_after_a_number_fragment_label():
    from disclosure_lint.read.pdf import _continues

    # “3.补” above reads as a damaged number, not a value: the rest of its label goes on from it.
    assert _continues([None, "3.补", "0"], ["", "正后申请内容仍不明确", ""])
    assert not _continues([None, "标签", "12"], ["", "", "续"])  # no text goes on from a number


def _type3_pdf(lines: int) -> bytes:
    """A page of text drawn with a Type 3 font whose glyphs have no Unicode mapping (no ToUnicode,
    glyph names of its own): it prints, but its text layer is the font's codes."""
    glyph = b"0 0 d0 10 0 m 90 0 l 90 90 l 10 90 l f"
    content = b"BT /F1 12 Tf 72 760 Td " + b" ".join(
        b"(" + bytes(range(33, 73)) + b") Tj 0 -16 Td" for _ in range(lines)) + b" ET"
    names, procs = b" ".join(b"/g%d" % i for i in range(40)), b" ".join(b"/g%d 6 0 R" % i for i in range(40))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 100 100] /FontMatrix [0.01 0 0 0.01 0 0] /CharProcs << "
            + procs + b" >> /Encoding << /Type /Encoding /Differences [33 " + names
            + b"] >> /FirstChar 33 /LastChar 72 /Widths [" + b" ".join([b"100"] * 40) + b"] >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(glyph), glyph)]
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


def test_text_without_unicode_mapping_is_one_finding(tmp_path):
    import json

    from click.testing import CliRunner

    from disclosure_lint.cli import main

    path = tmp_path / "garbled.pdf"
    path.write_bytes(_type3_pdf(10))
    assert read_pdf(path.read_bytes(), str(path)).notes == ("unmapped-text",)
    result = CliRunner().invoke(main, ["check", "--no-config", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code == 1
    assert [d["name"] for d in json.loads(result.output)["files"][0]["diagnostics"]] == ["text-layer-unmapped"]


def test_a_few_unmapped_characters_do_not_silence_the_checks():
    assert read_pdf(_type3_pdf(1), "short.pdf").notes == ()  # 40 characters: too few to judge
    assert read_pdf(GENERATED.read_bytes(), str(GENERATED)).notes == ()


def test_unmapped_characters_among_readable_text_read_as_damage():
    # One line of a Type 3 font without a Unicode map under a line of Helvetica: the first reads as
    # replacement characters, the second as itself.
    data = _type3_pdf(1)
    data = data.replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R /F2 << /Type /Font /Subtype /Type1 "
                        b"/BaseFont /Helvetica >> >>")
    data = data.replace(b" ET", b" /F2 12 Tf (Report 2023 total 21) Tj ET", 1)
    document = read_pdf(data, "mixed.pdf")
    assert document.notes == ()
    assert [p.seg.text for p in document.paras] == ["\ufffd" * 40 + " Report 2023 total 21"]  # two lines, one paragraph


@pytest.mark.parametrize("name", ["reports__2020_bureau_tabrows", "reports__2021_county_gov_tabrows"])
def test_a_report_printed_to_pdf_gives_the_findings_of_its_word_copy(name):
    # LibreOffice's prints break rows of 表三 across pages (on a coarser grid), leave the last row of
    # 表二 alone at the top of a page and wrap an e-mail address onto the next line.
    from collections import Counter

    from disclosure_lint.api import document_of, lint_document, read_input

    def findings(path):
        return Counter((d.name, d.message) for d in lint_document(document_of(read_input(str(path), path))).diagnostics)

    assert findings(FIXTURES / "formats" / f"{name}.pdf") == findings(FIXTURES / "formats" / f"{name}.docx")


def test_one_row_at_the_foot_of_a_page_starts_the_table_below():
    from disclosure_lint.read.pdf import _Line, _Table, _join_tables

    head = _Table(1, 780, [["信息内容", "本年新制作数量"]], bounds=[0, 100, 200],
                  lone=[_Line(1, 0, 200, 780, 792, "信息内容 本年新制作数量")])
    body = _Table(2, 72, [["规章", "0"], ["规范性文件", "3"]], bounds=[0, 100, 200])
    (table,) = _join_tables([head, body])
    assert table.rows == [["信息内容", "本年新制作数量"], ["规章", "0"], ["规范性文件", "3"]]


def test_unmapped_digits_on_a_page_of_readable_text_are_damage_not_numbers():
    # Seven glyphs coded as ASCII digits, without a Unicode map, between readable words: the sample of
    # every 8th character steps over them (characters 1 to 7), but a code that reads as a digit is
    # always asked.
    data = _type3_pdf(1).replace(b"[33 /g0", b"[48 /g0").replace(
        b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R /F2 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>")
    start, end = data.index(b"BT "), data.index(b" ET") + 3
    text = b"BT /F2 12 Tf 72 760 Td (X) Tj /F1 12 Tf (1234123) Tj /F2 12 Tf (" + b"Readable words " * 20 + b") Tj ET"
    data = data[:start] + text + data[end:]
    (para,) = [p.seg.text for p in read_pdf(data, "digits.pdf").paras]
    assert para.startswith("X" + "\ufffd" * 7) and "1234" not in para


def _turned(data: bytes, quarter: int) -> bytes:
    """The PDF's pages drawn turned ``quarter`` quarter turns counter-clockwise on their sheets, with
    /Rotate turning them back for the viewer (as a wide table page is often stored)."""
    import io

    import pypdfium2 as pdfium

    source, out = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        sheet = (height, width) if quarter % 2 else (width, height)
        page = out.new_page(*sheet)
        obj = source.page_as_xobject(index, out).as_pageobject()
        shift = {1: (height, 0), 2: (width, height), 3: (0, width)}[quarter]
        obj.transform(pdfium.PdfMatrix().rotate(90 * quarter, ccw=True).translate(*shift))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(90 * quarter)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_a_page_stored_turned_reads_as_it_is_shown(quarter):
    def reading(data):
        document = read_pdf(data, "t.pdf")
        return [[[c.text for c in row] for row in b.rows] if isinstance(b, TableBlock) else b.seg.text
                for b in document.blocks]

    upright = GENERATED.read_bytes()
    assert reading(_turned(upright, quarter)) == reading(upright)


def test_header_rows_repeated_on_the_next_page_are_read_once():
    document = read_pdf((FIXTURES / "formats" / "pdf_repeated_header.pdf").read_bytes(), "r.pdf")
    (table,) = [b for b in document.blocks if isinstance(b, TableBlock)]
    rows = [[c.text for c in row] for row in table.rows]
    assert rows == [["序号", "事项名称", "数量"], ["", "(本表跨页时重复表头)", ""]] + [
        [str(i), f"第{i}项", str(i)] for i in range(1, 71)]
    assert {document.source.origins[row[0].span.line - 1].split()[0] for row in table.rows} == {"第1页", "第2页"}


def test_a_first_data_row_that_recurs_is_not_a_repeated_header():
    from disclosure_lint.read.pdf import _repeated_header

    assert _repeated_header([["规章", "0"], ["行政许可", "3"]], [["规章", "0"], ["其他", "1"]]) == 0  # numbers
    assert _repeated_header([["项目", "数量"], ["规章", "0"]], [["项目", "数量"], ["其他", "1"]]) == 1
