"""Unit tests of the prose understanding (disclosure_lint.report.prose) and of the narrative rules on seeds."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, read

from disclosure_lint.read.document import Heading, Para
from disclosure_lint.api import lint
from disclosure_lint.report.issuers import level_of, organ_of, same_body
from disclosure_lint.report.prose.counts import find_counts
from disclosure_lint.report.prose.lists import find_enumerations
from disclosure_lint.report.prose.passages import Passage, build_passages
from disclosure_lint.report.prose.shares import find_shares, share_fits
from disclosure_lint.report.prose.statements import Variants, find_claims, find_statements, quantity
from disclosure_lint.read.normalize import normalize
from disclosure_lint.checks.rules import builtin_rules
from disclosure_lint.read.source import Seg


def _passage(*lines: str, heading: str = "") -> Passage:
    blocks = [Para("text", Seg(normalize(line), i + 1, 1)) for i, line in enumerate(lines)]
    if heading:
        blocks.insert(0, Heading(2, "二", heading, Seg(heading, 0, 1)))
    (p,) = build_passages(blocks)
    return p


def _rule(name: str):
    return next(r for r in builtin_rules() if r.name == name)


@pytest.fixture(scope="module")
def table_rule():
    rule = _rule("narrative-table-mismatch")
    p = rule.params
    quantities = [quantity(q) for q in p["quantities"]]
    variants = Variants(re.compile(p["cumulative"]), re.compile(p["either"]))
    claims = {k: re.compile(v) for k, v in p["claims"].items()}
    return quantities, variants, claims, tuple(p["units"])


# --- passages and positions ---------------------------------------------------------------------


def test_wrapped_lines_join_and_spans_point_at_the_original_line():
    p = _passage("(二)依申请公开情况。全年全市共新收政府信息公开申请 1071 件，", "上年结转 27 件，办结 1054 件。")
    assert "件,上年结转" in p.text  # a hard wrap joins without a break
    c = [c for c in find_counts(p.text) if c.value == 1054][0]
    span = p.span(c.start, c.end)
    assert (span.line, span.column, span.end_column) == (2, 14, 18)


def test_a_finished_sentence_starts_a_new_one():
    p = _passage("全年公开信息32条。", "其中重点工作11条。")
    assert p.text == "全年公开信息32条。\n其中重点工作11条。"
    assert find_enumerations(p.text) == []


# --- counts -------------------------------------------------------------------------------------


def test_counts_units_approximations_and_what_is_not_a_count():
    text = normalize("2017年共收到申请７件，第3次会议，6300 余条，约5件，占8.1%，数量为0。")
    found = [(c.value, c.unit, c.approx) for c in find_counts(text)]
    assert found == [(7, "件", False), (6300, "条", True), (5, "件", True), (0, "", False)]


# --- enumerations ---------------------------------------------------------------------------------


def test_seed_002_parenthesised_breakdown_is_exhaustive_and_short():
    text = normalize("通过政府网站公开信息32条(其中重点工作11条、社会救助1条、财政资金1条、部门文件14条、征地拆迁1条、人事信息1条)，微博微信等不同渠道公开信息10条")
    (e,) = find_enumerations(text)
    assert (e.total.value, e.sum, e.exhaustive, len(e.parts)) == (32, 29, True, 6)


def test_seed_000_breakdown_adds_up():
    text = normalize("政府信息总数137条（主动公开文件19条、依申请公开文件57条、不予公开文件61条）。")
    (e,) = find_enumerations(text)
    assert (e.total.value, e.sum, e.exhaustive) == (137, 137, True)


@pytest.mark.parametrize("text, exhaustive, open_ended", [
    ("主动公开各类政府信息4127条，其中政策文件126条、政策解读58条、财政预决算信息214条。", False, False),
    ("主动公开信息126条，其中机构职能类4条，规划计划类6条，其他类20条。", True, False),
    ("主动公开信息126条，其中机构职能类4条，规划计划类6条等。", False, True),
    ("共收到申请7件，当面、网络、信函申请分别为3件、3件、1件。", True, False),
])
def test_exhaustiveness(text, exhaustive, open_ended):
    (e,) = find_enumerations(normalize(text))
    assert (e.exhaustive, e.open_ended) == (exhaustive, open_ended)


def test_numbers_before_labels_and_lists_across_units_are_not_enumerations():
    assert find_enumerations(normalize("今年共计办理人大、政协提案13件，其中3件主办，10件协办。")) == []
    (e,) = find_enumerations(normalize("主动公开信息1263条，其中行政许可信息428条、行政处罚信息612条；发布政策解读12篇。"))
    assert [p.count.value for p in e.parts] == [428, 612]


@pytest.mark.parametrize("text, total, parts, exhaustive", [
    ("共主动公开各类政府信息47条，其中，机构职责类5条；工作动态类38条；其他类别信息29条。", 47, [5, 38, 29], True),
    ("共公开政府信息34条，信息类别包括规划类1条，许可类3条，其他应主动公开的政府信息30条。", 34, [1, 3, 30], True),
    ("主动公开政府信息121条，涵盖政策及规范性文件类8条、规划计划类2条、其他应主动公开的政府信息90条。", 121, [8, 2, 90], True),
    ("在公开的99条信息中，规范性文件18条，占18%；计划总结类文件2条，占2%；其他应公开信息类文件79条，占79%。", 99, [18, 2, 79], True),
    # A first part equal to the total restates it; the list proper follows with its own separator.
    ("在主动公开的90条政府信息中，全文电子化的主动公开信息数共90条，机构类信息共1条；法规类信息10条；工作动态和其他信息82条。",
     90, [1, 10, 82], True),
])
def test_list_phrasings(text, total, parts, exhaustive):
    (e,) = [e for e in find_enumerations(normalize(text)) if e.total.value == total]
    assert ([p.count.value for p in e.parts], e.exhaustive) == (parts, exhaustive)


def test_partition_makes_a_list_exhaustive():
    from disclosure_lint.report.prose.lists import EnumParams

    text = normalize("制作、获取政府信息总数510条，其中主动公开政府信息198条，依申请公开信息数142条，不予公开信息数137条。")
    (e,) = find_enumerations(text)
    assert not e.exhaustive
    (e,) = find_enumerations(text, params=EnumParams(partitions=(("主动公开", "依申请公开", "不予公开"),)))
    assert (e.exhaustive, e.sum) == (True, 477)


def test_total_not_inside_zai_zhong_is_no_list():
    assert find_enumerations(normalize("公开信息99条中文版，规范性文件18条。")) == []


def test_nested_parenthesis_and_share_tails_are_skipped():
    text = normalize("共收到申请10件，其中自然人8件（其中网上5件）、企业2件（占20%）。")
    (e, inner) = find_enumerations(text)
    assert [p.count.value for p in e.parts] == [8, 2] and inner.total.value == 8


# --- shares ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("part, base, percent, decimals, ok", [
    (15, 181, 8.1, 1, False),   # seed 001: 8.29%
    (15, 181, 8.3, 1, True),
    (15, 181, 8.2, 1, True),    # truncated
    (11, 181, 6, 0, True),      # 6.08% written 6%
    (22, 181, 12.2, 1, True),   # 12.15%
    (1, 181, 0.6, 1, True),
    (61, 181, 33.7, 1, True),
])
def test_share_fits(part, base, percent, decimals, ok):
    assert share_fits(part, base, percent, decimals) is ok


def test_shares_need_occupy_and_the_count_right_before():
    text = normalize("信息15条，占8.1%；同比增长12.5%；办结率100%；政策文件126条（占全市的35.2%）；解读58条（占比1.4%）")
    assert [(s.part.value, s.text) for s in find_shares(text)] == [(15, "8.1"), (58, "1.4")]


# --- statements: what a number counts -----------------------------------------------------------


def _stated(p: Passage, rule) -> list[tuple[str, str, int | float]]:
    quantities, variants, _, units = rule
    return [("+".join(q.id for q in s.quantities), s.variant, s.count.value)
            for s in find_statements(p, quantities, variants, units)]


def test_application_numbers(table_rule):
    p = _passage("全县共新收政府信息公开申请77件，上年结转4件，已办结75件，另有6件结转下年度继续办理。"
                 "全年因政府信息公开工作被申请行政复议4件、提起行政诉讼3件。")
    assert _stated(p, table_rule) == [("new", "year", 77), ("carried", "year", 4), ("closed", "year", 75),
                                      ("carry_next", "year", 6), ("review", "year", 4), ("litigation", "year", 3)]


def test_received_cumulative_and_combined_cases(table_rule):
    p = _passage("向我街道提出政府信息公开申请5件，历年累计受理37件。2017年度我局受理行政复议案件、被提起行政诉讼0次。")
    assert _stated(p, table_rule) == [("received", "year", 5), ("received", "cumulative", 37),
                                      ("review+litigation", "year", 0)]


def test_proactive_year_cumulative_and_either(table_rule):
    p = _passage("2017年共主动公开政府信息6条，历年累计公开信息数208条。今年来累计在网站上主动公开政府信息181条。")
    assert _stated(p, table_rule) == [("active", "year", 6), ("active", "cumulative", 208), ("active", "either", 181)]


def test_answers_by_result_and_the_parts_of_a_breakdown(table_rule):
    p = _passage("共收到申请5件，办结5件（予以公开2件、部分公开1件、不予公开1件、无法提供1件）。"
                 "回应依申请公开信息3条（属于已主动公开答复数1条，同意公开答复数2条）。", heading="依申请公开情况")
    assert _stated(p, table_rule) == [("received", "year", 5), ("closed", "year", 5), ("granted", "year", 2),
                                      ("partial", "year", 1), ("withheld", "year", 1), ("unable", "year", 1),
                                      ("on_application", "year", 3)]


def test_case_outcomes_need_to_know_which_cases(table_rule):
    p = _passage("被申请行政复议4件，其中维持2件、纠正1件。提起行政诉讼3件，尚未审结1件。"
                 "行政复议和行政诉讼共3件，其中维持2件。")
    assert _stated(p, table_rule) == [("review", "year", 4), ("review_upheld", "year", 2),
                                      ("review_corrected", "year", 1), ("litigation", "year", 3),
                                      ("litigation_pending", "year", 1), ("review+litigation", "year", 3)]


@pytest.mark.parametrize("text", [
    "制作政府信息432条，其中主动公开信息数99条，不予公开22条。",  # a classification of documents, not answers
    "全年共办理建议提案5件，均予以公开2件。",
])
def test_results_outside_applications_are_left_alone(text, table_rule):
    assert [s for s in _stated(_passage(text), table_rule) if s[0] not in ("active",)] == []


@pytest.mark.parametrize("text", [
    "政府信息总数137条（主动公开文件19条、依申请公开文件57条、不予公开文件61条）。",  # categories of documents
    "答复情况为：属于已主动公开范围2件，同意公开2件，其他类型答复1件。",  # result categories
    "另受理群众来信来访12件，办结11件。",  # other matters
    "区政府办代表区政府受理政府信息公开申请17件，均已答复。",  # a part of the issuer speaking
    "全年共办理县人大代表建议87件、县政协提案112件。",
    "本报告由概述、因政府信息公开申请行政复议、提起行政诉讼的情况等共6个部分组成。",
])
def test_numbers_whose_meaning_is_not_clear_are_left_alone(text, table_rule):
    assert [s for s in _stated(_passage(text, heading="依申请公开情况"), table_rule) if s[0] != "active"] == []


def test_claims(table_rule):
    quantities, _, claims, _ = table_rule
    cases = [q for q in quantities if q.combine]
    def found(text):
        return [(c.kind, "+".join(q.id for q in c.quantities)) for c in find_claims(_passage(text), claims, cases)]
    assert found("2017 年度没有发生有关政府信息公开事项的行政复议案、行政诉讼案的情况。") == [("zero", "review+litigation")]
    assert found("全年被申请行政复议1件，未发生行政诉讼。") == [("zero", "litigation")]
    assert found("未经复议直接起诉3件。") == []
    assert found("因政府信息公开申请行政复议1件，均获维持。") == [("upheld", "review")]
    assert found("行政复议4件，行政诉讼3件，其中1件正在审理。") == [("pending", "litigation")]


# --- issuers --------------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b, same", [
    ("罗山街道", "晋江市罗山街道办事处", True),
    ("金龙街道办事处", "鲤城区人民政府金龙街道办事处", True),
    ("兴庆区丽景街", "丽景街街道办事处办公室", True),
    ("桐江市市场监督管理局", "桐江市市监局", True),
    ("云岭县人民政府", "云岭县人民政府办公室", True),
    ("南屏区青石镇人民政府", "南屏区白石镇人民政府", False),
    ("云岭县人民政府", "云岭县自然资源局", False),
    ("云岭县民政局", "云岭县自然资源局", False),
    ("桐江市文广新局", "桐江市文化广电新闻出版局", True),
    ("发改局", "云岭县发展和改革局", True),
    ("云岭县人社局", "云岭县人力资源和社会保障局", True),
    ("桐城市发改局", "桐江市发展和改革局", False),
    ("东镇", "东城关镇", False),
    ("城关镇人民政府", "云岭县城关镇", True),
    ("“云岭县民政局”", "云岭县民政局", True),
])
def test_same_body(a, b, same):
    assert same_body(a, b) is same


def test_organs_and_levels():
    assert [organ_of(n) for n in ("晋安区建设局", "南屏区青石镇人民政府", "兴庆区丽景街", "桐江市人民政府办公室", "XX中心")] \
        == ["局", "镇", "街道", "政府", None]
    assert level_of("云岭县自然资源局", "department") == "county"
    assert level_of("南屏区鹭江街道办事处", "township") == "township"
    assert level_of("桐江市人民政府", "government") is None  # 设区的市 or 县级市: not decidable
    assert level_of("宁夏回族自治区人民政府", "government") is None


# --- the seeds ------------------------------------------------------------------------------------


def _hits(name: str, rule: str) -> list[tuple[int, str]]:
    path = next((FIXTURES / "seeds").glob(f"{name}_*.txt"))
    return [(d.span.line, d.message) for d in lint(read(path)).diagnostics if d.name == rule]


def test_seed_002_parts_and_review():
    assert [line for line, _ in _hits("002", "narrative-sum-mismatch")] == [37]
    ((line, message),) = _hits("002", "narrative-table-mismatch")
    assert line == 51 and "行政复议数量" in message and "1" in message


def test_seed_001_only_the_wrong_share():
    ((line, message),) = _hits("001", "percentage-mismatch")
    assert line == 90 and "8.1%" in message and "8.3%" in message


def test_seed_000_breakdown_is_silent_and_seed_004_copied_text_fires():
    assert _hits("000", "narrative-sum-mismatch") == []
    ((line, message),) = _hits("004", "implausible-for-issuer")
    assert line == 20 and "镇机关" in message


# --- bounded cost -------------------------------------------------------------------------------


def test_long_lines_cost_linear_time(table_rule):
    quantities, variants, claims, units = table_rule
    chunk = "全年新收政府信息公开申请77件，其中自然人66件、企业11件，占14.3%，未发生行政复议"
    line = normalize((chunk * (100_000 // len(chunk) + 1))[:100_000])
    noise = normalize("一" * 100_000 + "12件(其中" + "、" * 5000)
    start = time.perf_counter()
    for text in (line, noise):
        p = _passage(text)
        find_enumerations(p.text)
        find_shares(p.text)
        find_statements(p, quantities, variants, units)
        find_claims(p, claims, [q for q in quantities if q.combine])
    assert time.perf_counter() - start < 5


# --- the outline: ordinal lists -------------------------------------------------------------------


@pytest.mark.parametrize("text, heading, found", [
    ("一是加强领导。二是完善制度。三是强化培训。", "", []),
    ("一是加强领导。二是完善制度。三是强化培训。三是加强考核。四是严格问责。", "", [("repeat", 3, 4)]),
    ("一是加强领导。三是强化培训。", "", [("skip", 3, 2)]),
    ("依法做好公开工作。二是做好依申请公开。", "", [("skip", 2, 1)]),
    ("二是完善制度。三是强化培训。", "(二)改进措施一是加强领导", []),
    ("统一是非标准,唯一是从,第二是否公开。一是加强领导。", "", []),
    ("一是加强领导。二是完善制度。(二)改进。一是健全机制。二是强化培训。", "", []),
])
def test_ordinal_breaks(text, heading, found):
    from disclosure_lint.report.prose.outline import ordinal_breaks

    assert [(b.kind, b.found, b.expected) for b in ordinal_breaks(text, heading)] == found


def test_an_ordinal_run_read_in_pieces_is_the_run_read_whole():
    """ordinal_run carries a run from piece to piece (passages under one heading): the same breaks as
    the pieces read joined, each piece read once (19,000 passages under one heading title took 30 s)."""
    import random

    from disclosure_lint.report.prose.outline import ordinal_breaks, ordinal_run

    rng = random.Random(7)
    words = ["一是", "二是", "三是", "四是", "十一是", "统一是", "一是否", "加强", "。", "第二是"]
    for _ in range(300):
        pieces = ["".join(rng.choice(words) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(1, 5))]
        whole = ordinal_breaks("\n".join(pieces[1:]), pieces[0])
        expected, got, offset = ordinal_run(pieces[0])[1], [], 0
        for piece in pieces[1:]:
            breaks, expected = ordinal_run(piece, expected)
            got += [(b.start + offset, b.kind, b.found, b.expected) for b in breaks]
            offset += len(piece) + 1
        assert got == [(b.start, b.kind, b.found, b.expected) for b in whole]


# --- year-on-year comparisons ---------------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("全年共受理申请120件，较上年的80件增长50%。", [(120, 80, "percent", True)]),
    ("全年共受理申请120件，较上年的80件增长40%。", [(120, 80, "percent", False)]),
    ("主动公开信息181条，比上年增加18条，增长11%。", [(181, None, "amount", None), (181, None, "percent", True)]),
    ("2023年收到申请58件，与2022年的30件相比，增加了28件。", [(58, 30, "amount", True)]),
    ("今年共收到申请26件，是去年13件的2倍。", [(26, 13, "times", True)]),
    ("收到申请30件，同比增长25%（上年40件）。", [(30, 40, "percent", False)]),  # a fall written as a rise
    ("2023年收到申请58件，与2021年的30件相比，增加了28件。", []),  # not the year before
    ("共主动公开政府信息360条，公开数量同比增长120.9%。", [(360, None, "percent", None)]),  # no base: unchecked
    ("受理申请58件，办结率100%，较上年增长20%。", []),  # the rate, not the count, is compared
    ("收到申请30件，较上年减少3个百分点。", []),
    ("收到申请30件，环比增长25%（上月24件）。", []),
])
def test_year_on_year_comparisons(text, found):
    from disclosure_lint.report.prose.ratios import change_fits, find_comparisons

    got = [(c.current.value, c.previous.value if c.previous else None, ch.kind, change_fits(c, ch))
           for c in find_comparisons(normalize(text), 2023) for ch in c.changes]
    assert got == found


def test_heading_numbers_used_twice():
    from disclosure_lint.report.prose.outline import heading_repeats

    def h(level, number):
        return Heading(level, number, "标题", Seg("标题", 1, 1))
    outline = [h(1, "一"), h(2, "一"), h(2, "二"), h(1, "二"), h(2, "一"), h(2, "一"), h(1, "三"), h(1, "三"),
               h(3, "1"), h(3, "1"), h(1, "五")]
    assert [(x.level, n) for x, n in heading_repeats(outline)] == [(2, 1), (1, 3)]


def test_many_sentences_cost_linear_time(table_rule):
    """Comparisons, statements and named shares over a passage of 40,000 short sentences (each looks
    only at its own counts, each share at the few lists before it)."""
    from disclosure_lint.report.prose.ratios import find_comparisons
    from disclosure_lint.report.prose.shares import find_named_shares

    quantities, variants, _, units = table_rule
    chunk = "共收到申请5件，较上年的4件增长25%。总数9条，其中主动公开5条，依申请公开4条。主动公开的信息占55.6%。"
    p = _passage(normalize(chunk * 13_000))
    start = time.process_time()  # this process's CPU: the team's load stretches wall time (1.4 s CPU took 10 s)
    assert len(find_comparisons(p.text, 2023)) == 13_000
    find_statements(p, quantities, variants, units)
    assert len(find_named_shares(p.text)) == 13_000
    assert time.process_time() - start < 10


# The self-references as first written, the look-behind before the words: the bundled ones look behind
# from after the words (faster to search) and must find exactly the same.
LOOK_FIRST = {
    "局": r"(?:我|本)局|(?:^|(?<=[,;:。\s(“])|(?<=[的在对为由向将把给是])|(?<=损害|维护|保护))局机关",
    "街道": r"(?:我|本)街道|(?:我|本)街(?![头巷区面坊市])|(?:^|(?<=[,;:。\s(“])|(?<=[的在对为由向将把给是全])"
            r"|(?<=损害|维护|保护))街道机关",
}


@settings(max_examples=300, deadline=None)
@given(st.text("我本局街道机关的在全损害维护保护,;:。 (“头市x\n", max_size=16))
def test_self_references_look_behind_after_their_words_alike(text):
    bundled = next(r for r in builtin_rules() if r.kind == "issuer").params["self_refs"]
    for organ, first in LOOK_FIRST.items():
        assert [m.span() for m in re.finditer(bundled[organ], text)] == [m.span() for m in re.finditer(first, text)]


@settings(max_examples=300, deadline=None)
@given(st.text("数字,;:()。申请件 ", max_size=120), st.data())
def test_a_counts_words_begin_after_the_last_clause_mark(text, data):
    from disclosure_lint.report.prose.passages import CLAUSE_PUNCT
    from disclosure_lint.report.prose.statements import MAX_WINDOW, _window_start

    start = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, start))
    marks = [k for k in range(floor, start) if text[k] in CLAUSE_PUNCT]  # the plain definition
    assert _window_start(text, start, floor) == max(marks[-1] + 1 if marks else floor, start - MAX_WINDOW)


def test_a_self_reference_of_another_organ_is_found_whatever_the_own_organ_says():
    """The issuer's own organ (我局 in a 局's report) is read only once another organ's word is found: the
    finding, its count and the own organ's count are those of reading every organ."""
    from disclosure_lint.checks.kinds import issuer
    from disclosure_lint.checks.kinds.base import Context
    from disclosure_lint.checks.run_config import Config

    rule = next(r for r in builtin_rules() if r.name == "implausible-for-issuer")
    body = "一、总体情况\n2023年，我局认真落实条例。我委共收到申请3件，本委已全部答复，我局主动公开信息12条。\n"
    for title, expected in (("某市教育局2023年政府信息公开工作年度报告", [("我委", 2, 2)]),
                            ("某市教育委员会2023年政府信息公开工作年度报告", [("我局", 2, 2)]),
                            ("某市教育中心2023年政府信息公开工作年度报告", [])):
        report = lint(f"{title}\n{body}").report
        hits = list(issuer._self(rule, report, Context(Config())))
        assert [(h.args["text"], int(h.args["count_note"].en.strip(" ()times") or 1), h.args["own_count"])
                for h in hits] == expected


@settings(max_examples=300, deadline=None)
@given(st.text("同比较与跟相对是去上一年度期 2019203的\n", max_size=24))
def test_the_comparison_word_is_found_as_one_alternation_of_its_words_found_it(text):
    """ANCHOR lists each comparison word as an alternative of its own (a prefix the engine can skip to);
    it finds what the grouped expression it replaced finds, with the same year."""
    from disclosure_lint.report.prose.ratios import ANCHOR, LAST_YEAR

    grouped = re.compile(rf"同比|(?:较|比|与|跟|同|相比|对比)\s?{LAST_YEAR}|是\s?{LAST_YEAR}")

    def found(pattern):
        return [(m.span(), next((g for g in m.groups() if g), None)) for m in pattern.finditer(text)]

    assert found(ANCHOR) == found(grouped)


@settings(max_examples=300, deadline=None)
@given(st.text("一二三四五六七八九十是否指由以从非不第统 a\n", max_size=16))
def test_ordinals_are_found_as_by_the_repeat_they_replaced(text):
    """ORDINAL writes the numeral's first character apart (a class the engine can skip to): the same
    matches and numerals as ``([一…十]{1,3})是``."""
    from disclosure_lint.report.prose.outline import ORDINAL

    repeat = re.compile(r"([一二三四五六七八九十]{1,3})是(?!否|指|由|以|从|非|不是)")
    assert [(m.span(), m.span(1)) for m in ORDINAL.finditer(text)] == \
        [(m.span(), m.span(1)) for m in repeat.finditer(text)]


def _counts_as_read_before(text: str, units: tuple[str, ...]) -> list[tuple]:
    """find_counts as it read a passage before its numbers were shared by the lists of units: every
    number searched from a look-behind, its unit after it (the reference of the test below)."""
    number = re.compile(r"(?<![\d.A-Za-z_/@-])(\d{1,9}(?:\.\d{1,4})?)(?![\d.]*[A-Za-z@/])")
    unit_re = re.compile(r"\s?(余|多)?\s?(" + "|".join(map(re.escape, sorted(units, key=len, reverse=True))) + ")")
    out = []
    for m in number.finditer(text):
        start, end = m.start(1), m.end(1)
        before = text[max(0, start - 4):start]
        if before.endswith("第") or before.rstrip().endswith("第"):
            continue
        raw = m.group(1)
        value = float(raw) if "." in raw else int(raw)
        u = unit_re.match(text, end)
        approx = bool(re.search(r"(?:约|近|逾|超过|多于|大约|将近)\s?$", before))
        if u:
            out.append((value, raw, u.group(2), start, end, u.end(), approx or bool(u.group(1))))
        elif re.search(r"(?:为|是|达|共计|计)\s?$", before) and re.compile(r"\s?(?:[,;。!?)\n]|$)").match(text, end):
            out.append((value, raw, "", start, end, end, approx))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text("0123456789.第约余多为计件条人次宗 a/@-,。\n", max_size=24))
def test_counts_read_once_per_passage_are_those_read_per_list_of_units(text):
    for units in (("人次", "条", "件", "次"), ("件", "条", "次", "宗")):
        assert [(c.value, c.text, c.unit, c.start, c.end, c.unit_end, c.approx) for c in find_counts(text, units)] \
            == _counts_as_read_before(text, units)


@settings(max_examples=300, deadline=None)
@given(st.text("XxＸ×20年1 a\n", max_size=14))
def test_the_unfilled_year_placeholder_matches_what_its_former_expression_matched(text):
    """template-placeholder's unfilled year is one alternative per first character (a prefix the engine
    skips to): the same matches as the class-first expression it replaced."""
    rule = next(r for r in builtin_rules() if r.name == "template-placeholder")
    (pattern,) = [c["pattern"] for c in rule.checks if c["pattern"].endswith("20[Xx×]{2}年")]
    former = r"[XxＸ×][XxＸ×]{3}年|20[Xx×]{2}年"
    assert [m.span() for m in re.finditer(pattern, text)] == [m.span() for m in re.finditer(former, text)]


@settings(max_examples=300, deadline=None)
@given(st.text("没有未无收到接受理提出要求申请,;。的 a", max_size=16))
def test_the_no_application_claim_matches_what_its_former_expression_matched(text):
    """zero_received's words are one alternative per first word (a prefix the engine skips to): the same
    matches as the grouped expression it replaced."""
    rule = next(r for r in builtin_rules() if r.name == "narrative-table-mismatch")
    former = r"(?:没有|未|无)(?:收到|接到|受理)[^,;。]{0,30}?(?:申请)|没有[^,;。]{0,20}?(?:提出|要求)[^,;。]{0,12}?申请"
    assert [m.span() for m in re.finditer(rule.params["zero_received"]["match"], text)] == \
        [m.span() for m in re.finditer(former, text)]
