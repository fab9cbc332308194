"""Unit tests of the pipeline's stages: normalisation, cells, dates, contacts, lexer, table reader."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_lint.read.cell_text import label_key, read_cell
from disclosure_lint.report.contacts import find_contacts
from disclosure_lint.report.dates import cn_number, find_dates, find_period
from disclosure_lint.read.lexer import heading_of, tokenize
from disclosure_lint.read.normalize import normalize
from disclosure_lint.read.grammar import parse_text
from disclosure_lint.read.source import Seg, Source
from disclosure_lint.report.tables import read_table
from disclosure_lint.report.templates import load_eras


def test_normalize_keeps_length_and_folds_fullwidth():
    text = "（一）１２３，：　〔2018〕"
    assert normalize(text) == "(一)123,: [2018]"
    assert len(normalize(text)) == len(text)


@pytest.mark.parametrize("text,status,value", [
    ("0", "number", 0), ("12", "number", 12), ("1,234", "number", 1234), ("96171.6", "number", 96171.6),
    ("13件", "number", 13), ("38297元", "number", 38297), ("-3", "number", -3),
    ("", "blank", None), ("—", "dash", 0), ("无", "nil", 0), ("/", "slash", 0),
    ("1O", "unreadable", None), ("230 000023", "unreadable", None), ("000023", "unreadable", None),
    ("约5", "unreadable", None), ("12,34", "unreadable", None),
])
def test_read_cell_values(text, status, value):
    reading = read_cell(text)
    assert reading.kind == "value"
    assert (reading.status, reading.value) == (status, value)


@pytest.mark.parametrize("text,kind", [("自然人", "label"), ("2017年度", "label"), ("条", "unit"), ("万元", "unit"),
                                       ("一、本年新收政府信息公开申请数量", "label")])
def test_read_cell_labels_and_units(text, kind):
    assert read_cell(text).kind == kind


def test_label_key_strips_numbering_and_punctuation():
    assert label_key("（三）不予公开") == "不予公开"
    assert label_key("其中：1. 政府网站公开数") == "政府网站公开数"
    assert label_key("3.危及“三安全一稳定”") == "危及三安全一稳定"


def test_chinese_numerals_and_dates():
    assert cn_number("二〇一八") == 2018
    assert cn_number("三十一") == 31
    assert cn_number("十二") == 12
    found = find_dates(Seg("二〇一八年一月二日", 1, 1))
    assert [d.date for d in found] == [dt.date(2018, 1, 2)]
    iso = find_dates(Seg("发布时间：2024-02-26", 1, 1))
    assert [d.date for d in iso] == [dt.date(2024, 2, 26)]


@pytest.mark.parametrize("text,start,end", [
    ("统计数据时限由2017年1月1日至12月31日", "2017-01-01", "2017-12-31"),
    ("本报告中所列数据的统计期限自2023年1月1日起，至2023年12月31日止。", "2023-01-01", "2023-12-31"),
    ("数据统计期限为 2017 年 1 月 1 日至 2017 年 12 月 31 日。", "2017-01-01", "2017-12-31"),
    ("统计期限从2020年1月1日至12月31日止。", "2020-01-01", "2020-12-31"),
])
def test_period_phrasings(text, start, end):
    period = find_period(Seg(normalize(text), 1, 1))
    assert period is not None and period.readable
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["本报告统计期限为2023年度。", "数据统计时间为2023年全年。"])
def test_period_stated_as_a_whole_year(text):
    period = find_period(Seg(text, 1, 1))
    assert period.readable and (period.start.isoformat(), period.end.isoformat()) == ("2023-01-01", "2023-12-31")


def test_period_garbled_is_unreadable():
    period = find_period(Seg("统计期限自202011日起至20201231日止。", 1, 1))
    assert period is not None and not period.readable


def test_contacts_point_at_values():
    text = normalize("（地址：泉州市廷玉路1号；邮编：362005；电话：0595-28052301；电子邮箱：a@b.cn）")
    found = {c.kind: c for c in find_contacts(Seg(text, 7, 1))}
    assert found["postcode"].value == "362005"
    assert found["phone"].value == "0595-28052301"
    assert found["email"].value == "a@b.cn"
    assert text[found["postcode"].span.column - 1:found["postcode"].span.end_column - 1] == "362005"
    assert found["postcode"].span.line == 7


@pytest.mark.parametrize("line,expected", [
    ("一、总体情况", (1, "一", "总体情况")), ("(二)主动公开", (2, "二", "主动公开")),
    ("1.基本情况", (3, "1", "基本情况")), ("(1)高度重视", (4, "1", "高度重视")),
    ("第三部分 依申请公开", (1, "三", "依申请公开")),
])
def test_heading_levels(line, expected):
    assert heading_of(line) == expected


def test_inline_headings_in_a_flattened_web_page():
    body = "根据条例编制本报告。" * 10
    text = (f"某区人民政府2023年政府信息公开工作年度报告\n{body} 一、总体情况 本年度……。 二、主动公开政府信息情况 "
            f"本年度制发文件5件。 三、收到和处理政府信息公开申请情况 本年度收到申请2件。")
    doc = parse_text(text)
    titles = [h.title for h in doc.headings if h.level == 1]
    assert titles[:3] == ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]
    first = next(h for h in doc.headings if h.title == "主动公开政府信息情况")
    assert first.seg.line == 2 and first.seg.col > 100  # the heading keeps its place in the long line


def test_lexer_layouts():
    text = "一、概述\n指标\t单位\t数\n\t标签\n\t1\n\n\t2\n行 |\n5 |\n"
    types = [t.type for t in tokenize(Source.from_text(text))]
    assert types == ["H1", "TABROW", "ROWCELL", "CELL", "ROWCELL", "PIPECELL", "PIPECELL"]


T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", [3, 1, 0, 0, 0, 0, 4]),
    ("二、上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]),
]


@pytest.mark.parametrize("layout", ["tabs", "pipe", "rows"])
def test_table_reader_same_values_in_every_layout(layout):
    lines = []
    for label, values in T3_ROWS:
        if layout == "tabs":
            lines.append("\t".join([label, *map(str, values)]))
        elif layout == "pipe":
            lines.extend([f"{label} |", *(f"{v} |" for v in values)])
        else:
            lines.append(" ".join([label, *map(str, values)]))
    doc = parse_text("三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n")
    spec = load_eras()["2021"].table("t3")
    read = read_table(spec, doc.tables)
    assert read is not None
    assert [[c.value for c in r.cells] for r in read.rows] == [v for _, v in T3_ROWS]


def test_pdf_row_with_a_missing_number_is_ambiguous_not_guessed():
    doc = parse_text("一、本年新收政府信息公开申请数量 3 1 0 0 4\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n")
    read = read_table(load_eras()["2021"].table("t3"), doc.tables)
    assert read.row("new").ambiguous
    assert all(c.status == "unreadable" for c in read.row("new").cells[:5])


def test_readme_lists_every_rule():
    from pathlib import Path

    from disclosure_lint.checks.rules import builtin_rules

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert [r.name for r in builtin_rules() if f"`{r.name}`" not in readme] == []


def test_title_with_a_parenthetical_suffix():
    from disclosure_lint.api import lint

    for title in ("南屏区人民政府2023年政府信息公开工作年度报告（全文）", "南屏区人民政府2023年政府信息公开工作年度报告"):
        report = lint(title + "\n一、总体情况\n本年度工作平稳。\n").report
        assert report.title is not None and report.year == 2023 and report.issuer == "南屏区人民政府"


def test_every_message_has_chinese_and_english():
    from disclosure_lint.checks.rules import builtin_rules

    missing = [(r.name, variant) for r in builtin_rules()
               for variant, table in (("message", r.message), *r.variants.items())
               if not table.get("zh") or not table.get("en")]
    assert missing == []


def test_docs_rules_md_is_up_to_date():
    from pathlib import Path

    from click.testing import CliRunner

    from disclosure_lint.cli import main

    generated = CliRunner().invoke(main, ["rules", "--format", "markdown"]).output
    committed = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated, "regenerate: disclosure-lint rules --format markdown > docs/rules.md"


def test_space_class_is_what_backslash_s_matches():
    """normalize.SPACE_CLASS stands for ``\\s`` in hot character classes: the same characters, every one."""
    import re as std_re

    from disclosure_lint.read.normalize import INLINE_SPACE_CLASS, SPACE_CLASS

    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    written = std_re.compile(f"[{SPACE_CLASS}]")
    assert {ch for ch in map(chr, range(0x3100)) if written.fullmatch(ch)} == spaces
    assert not std_re.fullmatch(f"[{INLINE_SPACE_CLASS}]", "\n") and std_re.fullmatch(f"[{INLINE_SPACE_CLASS}]", "\r")


def test_by_identity_makes_a_value_once_per_object_and_keeps_the_object():
    from disclosure_lint.resources import ByIdentity

    made = []
    cache = ByIdentity(lambda obj: made.append(obj) or len(made), limit=2)
    a, b = {"x": 1}, {"x": 1}  # equal, not the same object: each has its own value
    assert (cache(a), cache(a), cache(b)) == (1, 1, 2)
    assert cache(a) == 1 and len(made) == 2
    cache([])  # past the limit the cache starts afresh
    assert cache(a) == 4
