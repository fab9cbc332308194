"""The flattened-body splitter: headings wherever they start, table regions one row per line, page
furniture and metadata, positions kept in the original line."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.api import structure_of
from disclosure_lint.read.flat import split_flattened, split_heading, split_table_rows
from disclosure_lint.read.source import Seg, Source
from disclosure_lint.report.templates import row_label_pattern

WEB = Path(__file__).parent / "fixtures" / "corpus" / "web"

T2 = ("第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数规章000行政规范性文件417第二十条第(五)项"
      "信息内容本年处理决定数量行政许可0第二十条第(六)项信息内容本年处理决定数量行政处罚157行政强制0")
T3 = ("三、本年度办理结果(一)予以公开0000000(二)部分公开(区分处理的,只计这一情形,不计其他情形)1000001(三)不予公开"
      "1.属于国家秘密00000002.其他法律行政法规禁止公开0000000(七)总计2000002四、结转下年度继续办理0000000")


def _rows(text: str) -> list[tuple[str | None, str]]:
    return [(p.kind, p.seg.text) for p in split_table_rows(Seg(text, 7, 11), row_label_pattern())]


def test_table_rows_break_before_template_labels_and_after_cell_runs():
    assert _rows(T2) == [
        ("HEAD", "第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数"), ("ROW", "规章000"),
        ("ROW", "行政规范性文件417"), ("HEAD", "第二十条第(五)项信息内容本年处理决定数量"), ("ROW", "行政许可0"),
        ("HEAD", "第二十条第(六)项信息内容本年处理决定数量"), ("ROW", "行政处罚157"), ("ROW", "行政强制0")]


def test_table_rows_break_at_numbered_labels_even_after_a_digit():
    assert [t for _, t in _rows(T3)] == [
        "三、本年度办理结果", "(一)予以公开0000000", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)1000001",
        "(三)不予公开", "1.属于国家秘密0000000", "2.其他法律行政法规禁止公开0000000", "(七)总计2000002",
        "四、结转下年度继续办理0000000"]


def test_rows_keep_their_place_in_the_original_line():
    pieces = split_table_rows(Seg(T2, 7, 11), row_label_pattern())
    row = next(p.seg for p in pieces if p.seg.text == "行政规范性文件417")
    assert (row.line, row.col) == (7, 11 + T2.index("行政规范性文件417"))


@pytest.mark.parametrize("text,head,rest", [
    ("一、总体情况2022年，在区管委会办公室的指导下", "一、总体情况", "2022年，在区管委会办公室的指导下"),
    ("二、主动公开政府信息情况第二十条第(一)项信息内容", "二、主动公开政府信息情况", "第二十条第(一)项信息内容"),
    ("(一)主动公开情况。全年主动公开信息120条。", "(一)主动公开情况", "。全年主动公开信息120条。"),
    ("一、概述 2019年，我局认真贯彻落实条例要求，积极推进。", "一、概述", "2019年，我局认真贯彻落实条例要求，积极推进。"),
    ("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况", None),
])
def test_split_heading_from_the_paragraph_it_runs_into(text, head, rest):
    h, r = split_heading(Seg(text, 1, 1))
    assert h.text == head and (r.text if r else None) == rest


def test_a_list_of_parts_is_not_a_run_of_headings():
    text = "本报告包括以下内容：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；" * 3
    assert all(not p.heading for p in split_flattened(Seg(text, 1, 1)))


def test_numbers_inside_running_text_are_not_headings():
    text = ("根据第二十条第(一)项规定，全年统一、规范发布信息，落实一、二级审核，2022年1、2月份集中清理。" * 4)
    assert all(not p.heading for p in split_flattened(Seg(text, 1, 1)))


def test_crawled_page_reads_sections_title_and_date():
    doc = structure_of(Source.from_text((WEB / "2022_fj_pingtan_gonganju.txt").read_text(encoding="utf-8")))
    titles = [h.title for h in doc.headings if h.level == 1]
    assert titles == ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                      "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    assert len(doc.tables) >= 3
    assert not any(p.kind == "title" and p.seg.text.startswith("栏目") for p in doc.paras)


def test_a_negative_change_that_ran_into_its_row_is_a_cell_run_but_a_phone_number_is_not():
    # 2019 表二: 行政处罚 上一年项目数量 12, 本年增/减 -3, 处理决定数量 40, flattened with the prose around it.
    body = ("二、主动公开政府信息情况第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚12-340"
            "行政强制5-10三、收到和处理政府信息公开申请情况联系电话0591-24315110，传真0591-24315111。" * 3)
    pieces = split_flattened(Seg(body, 1, 1), row_label_pattern())
    rows = [p.seg.text for p in pieces if p.kind == "ROW"]
    assert "行政处罚12-340" in rows and "行政强制5-10" in rows
    assert not any("0591" in row for row in rows)
