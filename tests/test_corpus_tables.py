"""Every table 三 and 四 of the crawled web reports (``tests/fixtures/corpus/web``), read cell for cell
and compared with the values written by hand in that folder's README (checked against the pages), and
the table findings each report must give: the listed defects at their table, none on a right table.

Rows not listed are all zero.  A value is (自然人, 总计); the four 法人或其他组织 columns are 0 unless
the report says otherwise.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES
from disclosure_lint.api import document_of, lint_document, read_input, report_of

WEB = FIXTURES / "corpus" / "web"
TABLE_RULES = {"table-unbalanced", "sum-mismatch", "blank-cell", "unreadable-cell", "negative-count", "missing-row",
               "table-unreadable", "annual-exceeds-cumulative"}

# file: {row: (自然人, 总计)} for table 三 (web/README.md, "Table 三 balance" and the per-file notes).
T3 = {
    "2019_fj_pingtan_caizhengjinrongju.txt": {},
    "2019_fj_pingtan_haitanpianqu.txt": {},
    "2020_fj_pingtan_shehuishiyeju.txt": {},
    "2020_fj_pingtan_supingpianqu_han.txt": {"new": (2, 2), "granted": (2, 2), "total": (2, 2)},
    "2021_fj_pingtan_caizhengjinrongju.txt": {},
    "2021_fj_pingtan_gonganju.txt": {"new": (1, 1), "o_else": (1, 1), "total": (1, 1), "carry_next": (1, 1)},
    "2021_fj_pingtan_haitanpianqu_han.txt": {"total": (1, 0)},
    "2022_fj_pingtan_gonganju.txt": {"new": (1, 1), "carried": (1, 1), "partial": (1, 1), "o_overdue": (1, 1),
                                     "total": (2, 2)},
    "2022_fj_pingtan_jingjifazhanju.txt": {"new": (3, 3), "partial": (3, 3), "total": (3, 3)},
    "2023_fj_pingtan_shichangjianguanju.txt": {"new": (1, 1), "granted": (1, 1), "total": (1, 1),
                                               "o_fee": (None, None), "o_else": (None, None)},
    "2023_fj_pingtan_supingpianqu.txt": {},
    "2024_fj_pingtan_jiaotongyujianshiju.txt": {"new": (58, 58), "granted": (9, 9), "partial": (3, 3),
                                                "w_secret": (4, 4), "w_internal": (32, 32), "u_none": (10, 10),
                                                "total": (58, 58)},
    "2024_fj_pingtan_shehuishiyeju.txt": {"new": (2, 2), "granted": (2, 2), "total": (2, 2)},
    "2025_fj_pingtan_haitanpianqu.txt": {"new": (2, 0), "partial": (1, 0), "u_none": (1, 0), "total": (2, 0)},
    # A real HTML table: the five 法人或其他组织 columns are empty (blank, not 0) in every row.
    "2023_js_suqian_shuyangxian_fazhangaigeju.html": {"new": (26, 26), "granted": (26, 26), "total": (26, 26)},
}
BLANK_LEGAL = {"2023_js_suqian_shuyangxian_fazhangaigeju.html"}

# The table findings of each web report (rule -> count); a report not listed has none.  Ambiguous
# runs are unreadable with their readings named (web/README.md: "must say 'cannot read'").
FINDINGS = {
    "2015_fj_pingtan_jingjifazhanju.txt": {"table-unreadable": 1},  # 附表 99407: 9|9407 or 99|407
    "2017_fj_pingtan_guanweihuibangongshi.txt": {"table-unreadable": 1},  # 附表 119465
    "2018_fj_pingtan_gonganju.txt": {"sum-mismatch": 2, "table-unreadable": 1},  # 答复总数 0 < 同意公开 1; 1811568
    "2019_fj_pingtan_caizhengjinrongju.txt": {"table-unreadable": 1},  # 表二 1077, 3500, 2832995元
    "2019_fj_pingtan_haitanpianqu.txt": {"table-unreadable": 1},  # 表二 政府集中采购1018703元
    "2020_fj_pingtan_shehuishiyeju.txt": {"table-unreadable": 1},  # 表二 72171051, 0740, 1912762137元
    "2020_fj_pingtan_supingpianqu_han.txt": {"table-unreadable": 1},  # 表二 161089059
    "2021_fj_pingtan_gonganju.txt": {"table-unbalanced": 2},  # 自然人 and 总计 columns: 1 + 0 ≠ 1 + 1
    "2021_fj_pingtan_haitanpianqu_han.txt": {"table-unbalanced": 1, "sum-mismatch": 2,  # （七）总计 1 from nothing
                                             "table-unreadable": 1},  # 表二 328291965元
    "2023_fj_pingtan_shichangjianguanju.txt": {"blank-cell": 2,  # （六）2. and 3. have no cells at all
                                               "missing-row": 1, "table-unreadable": 1},  # no 规章 row; 13013
    "2023_js_suqian_shuyangxian_fazhangaigeju.html": {"blank-cell": 25},  # 法人或其他组织 cells empty in every row
    "2024_fj_pingtan_jiaotongyujianshiju.txt": {"table-unreadable": 1},  # 表二 3123
    "2024_fj_pingtan_shehuishiyeju.txt": {"missing-row": 1, "table-unreadable": 1},  # no 规章 row; 表四 17 digits
    "2025_fj_pingtan_haitanpianqu.txt": {"missing-row": 1, "sum-mismatch": 4},  # no 规章 row; 总计 column 0
}
REPORTS = sorted(p.name for p in WEB.iterdir() if p.suffix in (".txt", ".html"))


def _report(name: str):
    path = WEB / name
    return report_of(document_of(read_input(str(path), path)))


def _lint(name: str):
    path = WEB / name
    return lint_document(document_of(read_input(str(path), path)))


@pytest.mark.parametrize("name", sorted(T3))
def test_table_three_read_cell_for_cell(name):
    table = _report(name).table("t3")
    assert table is not None, "table 三 not read"
    for row in table.rows:
        natural, total = T3[name].get(row.spec.id, (0, 0))
        values = [c.value if c.known else None for c in row.cells]
        assert values[0] == natural and values[-1] == total, (row.spec.id, values)
        if natural is not None:
            legal = None if name in BLANK_LEGAL else 0
            assert values[1:6] == [legal] * 5, (row.spec.id, values)


@pytest.mark.parametrize("name", REPORTS)
def test_table_findings_are_the_listed_defects(name):
    found = Counter(d.name for d in _lint(name).diagnostics if d.name in TABLE_RULES)
    assert found == Counter(FINDINGS.get(name, {}))


def test_table_four_unreadable_run_names_why():
    hits = [d for d in _lint("2024_fj_pingtan_shehuishiyeju.txt").diagnostics if d.name == "table-unreadable"]
    assert "00202000001324015" in hits[0].message and "表四" in hits[0].message


def test_ambiguous_annex_run_names_its_readings():
    hits = [d for d in _lint("2015_fj_pingtan_jingjifazhanju.txt").diagnostics if d.name == "table-unreadable"]
    assert "9|9407" in hits[0].message and "99|407" in hits[0].message


@pytest.mark.parametrize("name", ["2014_fj_pingtan_gonganju.txt", "2013_fj_pingtan_minzhengju.txt",
                                  "2009_fj_pingtan_zhijianju.txt"])
def test_annex_tables_of_the_2008_era_are_read(name):
    table = _report(name).table("futable")
    assert table is not None
    active = table.row("active")
    assert active is not None and all(c.known for c in active.cells)


def test_annex_with_one_year_end_column():
    table = _report("2009_fj_pingtan_zhijianju.txt").table("futable")
    assert [c.value for c in table.row("active").cells] == [4]  # 年末统计 only: no 历年累计 column


def test_table_four_of_the_html_page():
    table = _report("2023_js_suqian_shuyangxian_fazhangaigeju.html").table("t4")
    values = {row.spec.id: [c.value for c in row.cells] for row in table.rows}
    assert values == {"review": [0, 0, 0, 1, 1], "direct": [0] * 5, "after": [0] * 5}  # 行政复议 尚未审结 1


def _lint_text(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_document(document_of(read_input(str(path), path)))


# Real pages with one table damaged the ways crawls damage them: the header kept, the rows lost.
DAMAGED = [
    # 表四's 15 numbers dropped: the header is there, nothing follows it.
    ("2023_fj_pingtan_supingpianqu.txt", " 000000000000000五、", "五、", "表四", "没有任何数字"),
    # 表四's numbers replaced by three dashes: fewer cells than columns, one finding (no blank-cell).
    ("2021_fj_pingtan_caizhengjinrongju.txt", " 00 0 00 0 0 0 00 0 0 0 00", " — — —", "表四", "数字个数与列数不符"),
    # 表二's row labels lost: its numbers cannot be told to any row.
    ("2021_fj_pingtan_caizhengjinrongju.txt", "规章000行政规范性文件303第二十条第（五）项信息内容本年处理决定数量行政许可0"
     "第二十条第（六）项信息内容本年处理决定数量行政处罚0行政强制0", "000 303 0 0 0", "表二", "认不出属于模板的哪一行"),
]


@pytest.mark.parametrize("name,old,new,table,why", DAMAGED)
def test_a_table_with_its_header_but_no_readable_rows_is_unreadable_not_missing(tmp_path, name, old, new, table, why):
    text = (WEB / name).read_text(encoding="utf-8")
    assert old in text
    result = _lint_text(tmp_path, name, text.replace(old, new, 1))
    found = [d for d in result.diagnostics if d.name in TABLE_RULES | {"missing-table"}]
    assert [d.name for d in found if table in d.message] == ["table-unreadable"], [d.message for d in found]
    assert why in found[0].message or any(why in d.message for d in found)
