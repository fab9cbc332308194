"""Hypothesis properties: the linter never raises; a balanced table 三 gives no table finding; one
perturbed cell gives exactly the findings of the relations that cell takes part in."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.api import lint

TABLE_RULES = {"table-unbalanced", "sum-mismatch", "blank-cell", "unreadable-cell", "negative-count", "missing-row",
               "table-unreadable"}
COLS = ["natural", "commercial", "research", "nonprofit", "legal", "other"]
RESULT_ROWS = [
    ("granted", "（一）予以公开"), ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("w_secret", "1.属于国家秘密"), ("w_law", "2.其他法律行政法规禁止公开"), ("w_safety", "3.危及“三安全一稳定”"),
    ("w_third", "4.保护第三方合法权益"), ("w_internal", "5.属于三类内部事务信息"), ("w_process", "6.属于四类过程性信息"),
    ("w_enforce", "7.属于行政执法案卷"), ("w_query", "8.属于行政查询事项"), ("u_none", "1.本机关不掌握相关政府信息"),
    ("u_make", "2.没有现成信息需要另行制作"), ("u_unclear", "3.补正后申请内容仍不明确"), ("d_petition", "1.信访举报投诉类申请"),
    ("d_repeat", "2.重复申请"), ("d_publication", "3.要求提供公开出版物"), ("d_mass", "4.无正当理由大量反复申请"),
    ("d_confirm", "5.要求行政机关确认或重新出具已获取信息"),
    ("o_overdue", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("o_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("o_else", "3.其他"),
]
LABELS = {"new": "一、本年新收政府信息公开申请数量", "carried": "二、上年结转政府信息公开申请数量",
          "total": "（七）总计", "carry_next": "四、结转下年度继续办理", **dict(RESULT_ROWS)}
ORDER = ["new", "carried", *[r for r, _ in RESULT_ROWS], "total", "carry_next"]

HEAD = """某某县人民政府2023年政府信息公开工作年度报告
本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。
一、总体情况
本年度工作平稳有序。
三、收到和处理政府信息公开申请情况
"""
TAIL = """四、政府信息公开行政复议、行政诉讼情况
本年度无行政复议、行政诉讼。
"""


@st.composite
def balanced_tables(draw):
    small = st.integers(min_value=0, max_value=40)
    values = {row: [draw(small) for _ in COLS] for row, _ in RESULT_ROWS}
    values["total"] = [sum(values[r][i] for r, _ in RESULT_ROWS) for i in range(len(COLS))]
    values["carry_next"] = [draw(small) for _ in COLS]
    values["carried"] = [draw(st.integers(0, t + n)) for t, n in zip(values["total"], values["carry_next"])]
    values["new"] = [t + n - c for t, n, c in zip(values["total"], values["carry_next"], values["carried"])]
    return {row: [*vals, sum(vals)] for row, vals in values.items()}


def render(table: dict[str, list[int]], layout: str) -> tuple[str, dict[tuple[str, int], int]]:
    """Render a report around table 三; return the text and the line of every (row, column index) cell."""
    lines = HEAD.splitlines()
    where: dict[tuple[str, int], int] = {}
    for row in ORDER:
        cells = table[row]
        if layout == "tabs":
            lines.append("\t".join([LABELS[row], *map(str, cells)]))
            for i in range(len(cells)):
                where[(row, i)] = len(lines)
        elif layout == "pipe":
            lines.append(LABELS[row] + " |")
            for i, v in enumerate(cells):
                lines.append(f"{v} |")
                where[(row, i)] = len(lines)
        elif layout == "spaced":  # a web page or PDF row: the label, then the numbers separated by spaces
            lines.append(" ".join([LABELS[row], *map(str, cells)]))
            for i in range(len(cells)):
                where[(row, i)] = len(lines)
        elif layout == "run":  # a flattened web page: the digits of the row ran together onto the label
            lines.append(LABELS[row] + "".join(map(str, cells)))
            for i in range(len(cells)):
                where[(row, i)] = len(lines)
        else:  # one cell per line with tabs and blank-line row breaks
            lines.append("")
            lines.append("\t" + LABELS[row])
            for i, v in enumerate(cells):
                lines.append(f"\t{v}")
                where[(row, i)] = len(lines)
    lines.append("")
    lines.extend(TAIL.splitlines())
    return "\n".join(lines) + "\n", where


def table_findings(text: str) -> Counter:
    result = lint(text)
    return Counter((d.name, d.span.line) for d in result.diagnostics if d.name in TABLE_RULES)


LAYOUTS = st.sampled_from(["tabs", "pipe", "cells", "spaced"])
RESULT_IDS = {r for r, _ in RESULT_ROWS}


def expected_after_perturbing(row: str, col: int, where) -> Counter:
    """The relations a cell takes part in, each anchored where the linter documents it."""
    T = len(COLS)  # index of the 总计 column
    out: Counter = Counter()
    out[("sum-mismatch", where[(row, T)])] += 1  # the row's own 总计 against its six columns
    if row in RESULT_IDS:
        out[("sum-mismatch", where[("total", col)])] += 1  # （七）总计 of that column
    if row == "total":
        out[("sum-mismatch", where[("total", col)])] += 1
    if row in ("new", "carried", "total", "carry_next"):
        out[("table-unbalanced", where[("total", col)])] += 1
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables(), LAYOUTS)
def test_balanced_table_gives_no_table_finding(table, layout):
    text, _ = render(table, layout)
    assert table_findings(text) == Counter()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables(), LAYOUTS, st.sampled_from(ORDER), st.integers(0, len(COLS) - 1), st.integers(1, 9))
def test_one_perturbed_cell_gives_exactly_its_findings(table, layout, row, col, delta):
    table = {r: list(v) for r, v in table.items()}
    table[row][col] += delta
    text, where = render(table, layout)
    assert table_findings(text) == expected_after_perturbing(row, col, where)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables(), st.sampled_from(["tabs", "pipe", "cells"]), st.sampled_from(ORDER), st.integers(0, len(COLS)))
def test_one_blank_cell_gives_one_blank_cell_finding(table, layout, row, col):
    text, where = render(table, layout)
    lines = text.split("\n")
    line = lines[where[(row, col)] - 1]
    if layout == "tabs":
        parts = line.split("\t")
        parts[col + 1] = ""
        lines[where[(row, col)] - 1] = "\t".join(parts)
    elif layout == "pipe":
        lines[where[(row, col)] - 1] = " |"
    else:
        lines[where[(row, col)] - 1] = "\t"
    found = table_findings("\n".join(lines))
    assert found[("blank-cell", where[(row, col)])] == 1
    assert sum(v for (name, _), v in found.items() if name != "blank-cell") == 0


def _read_values(text: str) -> dict[str, list[int | None]]:
    from disclosure_lint.api import report_of
    from disclosure_lint.read.grammar import parse_text

    table = report_of(parse_text(text)).table("t3")
    assert table is not None
    return {row.spec.id: [c.value if c.known else None for c in row.cells] for row in table.rows}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables())
def test_running_the_digits_together_gives_the_same_reading_or_table_unreadable(table):
    text, _ = render(table, "run")
    found = table_findings(text)
    assert set(name for name, _ in found) <= {"table-unreadable"}
    values = _read_values(text)
    for row, cells in table.items():
        if values[row] != [None] * len(cells):  # an unreadable row is unknown, never a wrong number
            assert values[row] == cells, row
    if not found:
        assert values == table


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables(), st.sampled_from(ORDER), st.integers(0, len(COLS) - 1), st.integers(1, 9))
def test_one_perturbed_cell_run_together_gives_its_findings_or_table_unreadable(table, row, col, delta):
    table = {r: list(v) for r, v in table.items()}
    table[row][col] += delta
    text, where = render(table, "run")
    found = table_findings(text)
    expected = expected_after_perturbing(row, col, where)
    if "table-unreadable" in {name for name, _ in found}:
        assert all(key[0] == "table-unreadable" or key in expected for key in found), found
    else:
        assert found == expected


REPORT_PIECES = st.sampled_from([
    "一、总体情况", "二、主动公开政府信息情况", "（一）", "1.", "\t", "\t0", "|", " | ", "——", "0 0 0 0 0 0 0",
    "一、本年新收政府信息公开申请数量", "（七）总计", "统计期限自2023年1月1日起", "2024年1月5日", "邮编：", "电话：0595-",
    "电子邮箱：@", "〔2024〕1号", "签发人：", "年度报告", "\n", "\n\n", "。", "XX", "----", "二〇二四年一月五日",
    "行政复议", "结果维持", "13件", "1O", "-3",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(REPORT_PIECES, st.text(max_size=20)), max_size=60))
def test_linter_never_raises(pieces):
    result = lint("".join(pieces))
    for d in result.diagnostics:
        assert d.span.line >= 1 and d.span.column >= 1
        assert d.severity in ("error", "warning", "info")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_linter_never_raises_on_any_text(text):
    lint(text)


def _year(text: str, year: int) -> str:
    return text.replace("2024", str(year + 1)).replace("2023", str(year))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(balanced_tables(), balanced_tables(), st.integers(0, len(COLS) - 1), st.integers(1, 5))
def test_carry_over_between_years(before, after, col, delta):
    from disclosure_lint.checks.run_config import Config
    from disclosure_lint.api import lint_many
    from disclosure_lint.read.grammar import parse_text

    # This year's 上年结转 is last year's 结转下年度; keep this year's table balanced by moving 本年新收.
    after = {r: list(v) for r, v in after.items()}
    for i in range(len(COLS)):
        shift = before["carry_next"][i] - after["carried"][i]
        after["carried"][i] += shift
        after["new"][i] -= shift
    if any(v < 0 for v in after["new"][:-1]):
        return  # would need a negative count; hypothesis tries other tables
    for row in ("carried", "new"):
        after[row][-1] = sum(after[row][:-1])
    config = Config(select=("carryover-mismatch",))

    def lint_pair(table_after):
        text_before, _ = render(before, "tabs")
        text_after, where = render(table_after, "tabs")
        docs = [(parse_text(_year(text_before, 2022)), config), (parse_text(_year(text_after, 2023)), config)]
        return lint_many(docs)[1], where

    result, _ = lint_pair(after)
    assert [d.name for d in result.diagnostics] == []
    if after["new"][col] < delta:
        return
    shifted = {r: list(v) for r, v in after.items()}
    shifted["carried"][col] += delta
    shifted["new"][col] -= delta
    # The row's 总计 is left as it was (it still continues last year's): only this column differs.
    result, where = lint_pair(shifted)
    assert [(d.name, d.span.line) for d in result.diagnostics] == [("carryover-mismatch", where[("carried", col)])]
    assert f"上年结转为 {shifted['carried'][col]}" in result.diagnostics[0].message


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_JSON = st.recursive(_JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                     | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _JSON, max_size=6))
def test_a_json_file_entry_is_written_as_json_writes_it(entry):
    """The JSON output writes each file's entry itself (json's indented output is its slow pure-Python
    encoder): byte for byte what json.dumps writes, including what it leaves to json (int keys, NaN)."""
    import json

    from disclosure_lint.output.json_format import _indented

    expected = "\n".join("    " + line for line in json.dumps(entry, ensure_ascii=False, indent=2).split("\n"))
    assert _indented(entry) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=6), st.text(max_size=12), st.sampled_from(["error", "warning", "info"]),
                          st.integers(1, 10**6), st.integers(1, 500), st.text(max_size=30),
                          st.none() | st.text(max_size=10)), max_size=4),
       _JSON)
def test_a_files_findings_are_written_as_json_writes_their_dicts(findings, other):
    """Findings are written from a template, not as dicts: the same text as json.dumps of their dicts
    (with the location of a Word/HTML/PDF input when there is one), beside any other value."""
    import json

    from disclosure_lint.checks.diagnostics import Diagnostic
    from disclosure_lint.output.json_format import _Finding, _indented
    from disclosure_lint.read.source import Span

    written = [_Finding(Diagnostic(code, name, severity, Span(line, column, line + 1, column + 2), message), origin)
               for code, name, severity, line, column, message, origin in findings]
    entry = {"path": "a.txt", "diagnostics": written, "other": other}
    plain = {**entry, "diagnostics": [f.as_dict() for f in written]}
    expected = "\n".join("    " + line for line in json.dumps(plain, ensure_ascii=False, indent=2).split("\n"))
    assert _indented(entry) == expected
