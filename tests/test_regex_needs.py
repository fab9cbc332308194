"""The strings a pattern cannot match without (regex_needs.py): the ``pattern`` kind and the prose readers search
a pattern only in the texts that hold them, so what is proved required must really be, for every text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

from disclosure_lint.checks.kinds import pattern as pattern_kind
from disclosure_lint.checks.kinds.base import Context
from disclosure_lint.regex_needs import NOTHING, found_in, gate, in_text, needs
from disclosure_lint.checks.rules import builtin_rules
from disclosure_lint.checks.run_config import Config

BUNDLED = sorted({c["pattern"] for r in builtin_rules() if r.kind == "pattern" for c in r.checks})
# Shapes the bundled rules do not use yet: anchors, optional parts, nested alternations, classes.
EXTRA = [r"^第[一二三]条", r"ab?c", r"(?:甲|乙丙)(?:丁|戊)", r"[A-C]{2}\d", r"x(?=y)|zz", r"(?<!不)公开",
         r"(甲乙)+\1", r"a.{0,3}b", r"(?:ab|ac)d", r"\b\w+年", r"-{2,5}"]
PATTERNS = BUNDLED + EXTRA


def _alphabet(patterns: list[str]) -> str:
    """The characters the expressions name, and a few others."""
    chars = {ch for p in patterns for ch in p if ch not in "\\()[]{}?*+|^$.<=!:-"}
    return "".join(sorted(chars)) + "-（）() 年0123456789abcxyzXＸ×《》"


ALPHABET = _alphabet(PATTERNS)


@pytest.mark.parametrize(("expression", "clauses", "free"), [
    ("行政复试", [{"行政复试"}], True),
    (r"-{3,}|－{2,}", [{"---", "－－"}], True),
    (r"(?<=《)政府信息公开工作条例", [{"政府信息公开工作条例"}, {"《"}], False),
    (r"[XxＸ×]{4}年|20[Xx×]{2}年", [{"年"}, {"X", "x", "×", "Ｘ"}], True),
    (r"([\u4e00-\u9fff]{2,4})\1", [], True),
    (r"^abc", [{"abc"}], False),
])
def test_what_an_expression_needs(expression, clauses, free):
    found = needs(expression)
    assert sorted(map(set, found.clauses), key=sorted) == sorted(clauses, key=sorted)
    assert found.free is free


def test_case_insensitive_expressions_need_nothing():
    assert needs("(?i)abc") is NOTHING and needs("a(?i:b)c").clauses == (frozenset({"a"}), frozenset({"c"}))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATTERNS), st.text(ALPHABET, max_size=30), st.text(ALPHABET, max_size=8),
       st.text(ALPHABET, max_size=8))
def test_a_match_always_holds_what_is_needed(expression, text, before, after):
    compiled = re.compile(expression)
    for line in (text, f"{before}{text}{after}"):
        if compiled.search(line):
            wanted = needs(expression)
            assert wanted.met(line)
            if wanted.free:  # a line's match is a match in any text holding it
                assert compiled.search(f"{before}\n{line}\n{after}")


def _hits(report, rule) -> list:
    return [(h.span, h.args) for h in pattern_kind.run(rule, report, Context(Config()))]


SELF_REFS = [rx for r in builtin_rules() if r.kind == "issuer" for rx in (r.params.get("self_refs") or {}).values()]
GATED = [p for p in PATTERNS if needs(p).clauses] + SELF_REFS


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(GATED), min_size=1, max_size=4),
       st.text(_alphabet(GATED) + "我本局委镇乡街道机关", max_size=40))
def test_a_text_the_gate_finds_nothing_in_matches_none_of_its_patterns(expressions, text):
    compiled = tuple(re.compile(e) for e in expressions)
    if gate(compiled).search(text) is None:
        assert not any(c.search(text) for c in compiled)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PATTERNS), st.text(ALPHABET, max_size=20), st.text(ALPHABET, max_size=8),
       st.text(ALPHABET, max_size=8))
def test_a_part_holding_a_match_is_never_ruled_out_by_its_whole(expression, part, before, after):
    compiled = re.compile(expression)
    if compiled.search(part):
        assert in_text(compiled, f"{before}{part}{after}")
        assert found_in(compiled, f"{before}{part}\n{after}")


def test_no_gate_for_a_pattern_that_needs_nothing():
    assert gate((re.compile("行政复试"), re.compile(r"([\u4e00-\u9fff]{2,4})\1"))) is None
    assert gate((re.compile("(?i)abc"),)) is None
    assert gate((re.compile("钩稽"), re.compile("(?:我|本)局"))).search("本局") is not None


def test_the_pattern_kind_finds_what_searching_every_check_everywhere_finds(monkeypatch):
    from disclosure_lint import api

    text = ("2024年度政府信息公开工作年度报告\n一、总体情况\n依据《中华人民共和国政府信息公开工作条例》，本机关XX年"
            "处理处理了行政复试案件，见（单位名称）。\n---\n二、钩稽关系 ((注)) ××× 请填写 xxgk@x.cn XX XXXX年\n")
    texts = [text] + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt"))[:3]]
    reports = [api.lint(one).report for one in texts]
    rules = [r for r in builtin_rules() if r.kind == "pattern"]
    planned = [_hits(report, rule) for report in reports for rule in rules]
    monkeypatch.setattr(pattern_kind, "needs", lambda _: NOTHING)
    monkeypatch.setattr(pattern_kind, "_PLANS", {})
    assert [_hits(report, rule) for report in reports for rule in rules] == planned
    assert sum(map(len, planned)) >= 8  # the typos and placeholders above were found


def test_requirements_kept_between_runs_read_back_equal():
    """needs() keeps what it works out in a marshal file for the next run: what is read back is the same."""
    import marshal

    from disclosure_lint.regex_needs import Needs, _derived

    for pattern in ("政府信息公开工作条例", "(?:我|本)局", "-{3,}|－{2,}", r"\bX\b", "a|b|c", "x(?=y)"):
        found = _derived(pattern)
        assert Needs(*marshal.loads(marshal.dumps((found.clauses, found.free)))) == found


DOUBLED = [r"([\u4e00-\u9fff]{2,4})\1", r"([a-c]{1,3})\1", r"([\u8000-\u9fff]{2})\1", r"([\u7ffe-\u8001]{1,2}?)\1"]
# Both ends of each range, the characters next to them, a character outside the basic plane (two UTF-16
# units), lone surrogates (what undecodable bytes become), the NUL character and a few others.
DOUBLED_ALPHABET = "问题公开ab c\u4dff\u4e00\u9fff\ua000\u7ffd\u7ffe\u8000\u8001\u8002𠀀\udc80\ud800\x00\n"


def test_a_doubled_run_is_recognised_by_its_shape():
    assert needs(r"([\u4e00-\u9fff]{2,4})\1").doubled == (0x4E00, 0x9FFF, 2, 4)
    for other in (r"(甲乙)+\1", r"([\u4e00-\u9fff]{2,4})\1年", r"([\ud000-\ue000]{2})\1", r"([a-c]{0,3})\1",
                  r"([a-c\d]{2})\1", r"([a-c]{2})(\1)"):
        assert needs(other).doubled is None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DOUBLED), st.text(DOUBLED_ALPHABET, max_size=40))
def test_a_doubled_run_is_found_exactly_when_the_expression_matches(expression, text):
    """The integer test of has_doubled_run answers what the expression's search answers, both ways."""
    assert needs(expression).met(text) == (re.search(expression, text) is not None)


def test_a_clause_of_many_strings_is_looked_for_first_by_fewer_pieces():
    """``first``: for a clause of several strings, fewer pieces that every one of its strings contains —
    implied by the clause, so looking for them first never rules out a text that holds a match."""
    assert needs(r"[(（](?:单位|机关|部门|填报单位|行政机关)名称[)）]").first == (frozenset({"名称"}),)
    for expression in PATTERNS + SELF_REFS:
        found = needs(expression)
        for cover in found.first:
            assert any(all(any(piece in s for piece in cover) for s in clause) and len(cover) < len(clause)
                       for clause in found.clauses)


def test_a_doubled_run_across_the_pieces_of_a_long_text_is_found(monkeypatch):
    """has_doubled_run works on pieces of a long text: a run at a piece's edge lies whole in one of them."""
    from disclosure_lint import regex_needs

    monkeypatch.setattr(regex_needs, "PIECE", 8)
    expression = r"([\u4e00-\u9fff]{2,4})\1"
    for at in range(0, 20):
        for word in ("问题", "工作机制"):
            text = "a" * at + word * 2 + "b" * 5
            assert needs(expression).met(text) and re.search(expression, text)
            assert not needs(expression).met("a" * at + word + "b" + word)
