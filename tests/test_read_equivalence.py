"""The read stage's fast forms say exactly what their plain definitions say.

Several hot spots of reading and lexing are written for speed (issue 16): patterns that take their first
character before their look-behinds, a string's folds done by ``str.replace``, lines split by
``str.splitlines``, brackets marked by slices.  Each is checked here against the plain definition it
replaced, on random text over the characters that matter to it.
"""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.read import flat, lexer
from disclosure_lint.read.normalize import _table, normalize
from disclosure_lint.read.source import split_lines

CN = flat.CN
# Numerals, brackets, digits and the marks and words the patterns look at, with some running text.
FLAT_ALPHABET = CN + "第()0123456789.、，,。；;：:!?项款条目年月日号件元万%-—–@/其中 \t规章政府信息公开情况申请"
flat_text = st.text(alphabet=FLAT_ALPHABET, max_size=60)


def _plain_normalize(text: str) -> str:
    return text.translate(_table())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="".join(chr(c) for c in _table()) + "ab1 中，\n", max_size=40))
def test_normalize_folds_as_the_translation_table_does(text):
    assert normalize(text) == _plain_normalize(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="（）１，　．〔】ab中\r\n\v\u2028\x85", max_size=40))
def test_a_text_is_split_as_by_its_line_breaks(text):
    assert split_lines(text) == re.split(r"\r\n|\r|\n", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="（）１，　．〔】ab中\r\n\v\u2028\x85\x1c", max_size=40))
def test_a_text_folded_whole_has_the_lines_folded_one_by_one(text):
    from disclosure_lint.read.source import Source

    source = Source.from_text(text)
    assert source.raw_lines == tuple(split_lines(text))
    assert source.lines == tuple(_plain_normalize(line) for line in source.raw_lines)
    # A line with nothing to fold is its raw line itself (one object in memory and in a pickle).
    assert all(n is r for r, n in zip(source.raw_lines, source.lines) if n == r)


_PLAIN_NUMBERED = re.compile(
    rf"(?P<l1>(?<![第{CN}])[{CN}]{{1,3}}[、.](?![\d{CN}]))"
    rf"|(?P<l2>(?<!第)\(\s?[{CN}]{{1,3}}\s?\)(?![项款条目]))"
    r"|(?P<l4>(?<!第)\(\s?\d{1,2}\s?\)(?![项款条目\d]))"
    r"|(?P<l3>\d{1,2}[.、](?![\d%]))"
)
_PLAIN_ROW_BREAK = re.compile(
    rf"(?<![第{CN}])[{CN}]{{1,3}}、"
    rf"|(?<!第)\(\s?[{CN}]{{1,3}}\s?\)(?![项款条目])"
    r"|(?<![\d.])\d{1,2}[.、](?![\d%])"
    r"|(?<=\d)\d?[.、](?![\d%])"
)
_PLAIN_BARE = re.compile(r"(?<![\d.\-—–@/])\d+(?![\d\-—–@/]|\.\d|\s*[%年月日号条件个次人篇余多项家名户万元岁期批届份页楼层])")
_PLAIN_AFTER_NUMBER = re.compile(r"(?<=\d)(?=\s*[\u4e00-\u9fff])(?![\s]*[年月日号条件个次人篇余多项家名户万元岁期批届份页%])")


def _found(pattern, text):
    return [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(flat_text)
def test_the_flattened_page_patterns_find_what_their_plain_forms_find(text):
    assert _found(flat._NUMBERED, text) == _found(_PLAIN_NUMBERED, text)
    assert _found(flat._ROW_BREAK, text) == _found(_PLAIN_ROW_BREAK, text)
    assert _found(flat._BARE, text) == _found(_PLAIN_BARE, text)
    assert [m.end() for m in flat._AFTER_NUMBER.finditer(text)] == [m.start() for m in _PLAIN_AFTER_NUMBER.finditer(text)]


def _plain_depths(text: str) -> list[int]:
    delta = [0] * (len(text) + 1)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if i - start <= flat.PAREN_MAX:
                delta[start + 1] += 1
                delta[i] -= 1
    return list(accumulate(delta))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="(),，其中a", max_size=300))
def test_brackets_and_clause_marks_as_their_plain_definitions(text):
    outside = flat._unbracketed(text)
    depths = _plain_depths(text)
    assert [not x for x in outside] == [bool(x) for x in depths]
    plain = [m.start() for m in re.finditer(r"[，,；;：:。!！?？]", text)
             if not depths[m.start()] and not text.startswith("其中", max(0, m.start() - 2))]
    assert flat._clause_marks(text, outside) == plain


def _plain_row_tail(text: str) -> bool:
    tail = text.rstrip()
    tail = next((tail[:-len(u)] for u in flat._ROW_TAIL_UNITS if tail.endswith(u)), tail)
    start = len(tail)
    while start > 0 and (tail[start - 1].isdecimal() or tail[start - 1].isspace() or tail[start - 1] in ".,"):
        start -= 1
    return any(ch.isdecimal() for ch in tail[start:])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789٣ .,\t\u3000元万件条%a中", max_size=20))
def test_a_row_tail_as_its_plain_definition(text):
    assert flat._row_tail(text) == _plain_row_tail(text)


def _plain_marked_kind(text: str) -> str | None:
    if lexer.FURNITURE.match(text) or lexer.COMMENT.match(text) or lexer.PAGE_CHROME.match(text):
        return "FURNITURE"
    if lexer.META.match(text) and len(text) <= lexer.META_MAX:
        return "META"
    for kind, patterns in (("TRAILER", (lexer.TRAILER,)), ("SIGNER", (lexer.SIGNER,)), ("DOCNO", (lexer.DOCNO,)),
                           ("DATE", (lexer.DATE_ONLY, lexer.PUBDATE))):
        if any(p.match(text) for p in patterns):
            return kind
    return None


LINE_STARTS = ["", "来源：", "发布时间：2023-01-09", "抄送", "签发人：", "XX政发[2023]12号", "2023年1月9日", "第 3 页",
               "<!-- x -->", "===正文===", "标题: 年报", "成文日期：", "打印本页", "政府信息公开工作年度报告",
               "XX办公室 2023年1月9日印发", "来源：2023年1月9日印发", "2023年1月9日", "签发人：X政发[2023]1号",
               "2023年1月9日[2023]1号", "印发日期：[2023]"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LINE_STARTS), st.sampled_from(["", "x", " ", "关于", "2023年"]), st.integers(0, 320))
def test_one_alternation_marks_a_line_as_the_patterns_tried_in_turn(start, rest, padding):
    text = start + rest + "字" * (padding if padding > 290 else 0)
    assert lexer._marked_kind(text) == _plain_marked_kind(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab中.", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="ab中.c", max_size=40))
def test_the_row_label_tree_matches_the_longest_label_as_the_alternation_does(words, text):
    from disclosure_lint.report.templates import _trie

    plain = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    tree = re.compile(_trie(sorted(set(words))))
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=" \t\u3000a中\n", max_size=12), st.integers(1, 5))
def test_a_segment_strips_as_its_text_does_keeping_its_columns(text, col):
    from disclosure_lint.read.source import Seg

    seg = Seg(text, 3, col)
    left = len(text) - len(text.lstrip())
    plain = seg.sub(left, len(text.rstrip()))  # the plain definition: cut the white space off both ends
    assert seg.strip() == (plain if text.strip() else Seg("", 3, col + len(text)))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中文1２3-:a ", max_size=40))
def test_a_signed_run_is_never_missed_by_its_cheap_test(text):
    # _signed_digits only rules text out: a text the pattern finds a run in always passes it.
    assert flat._signed_digits(text) or not flat._SIGNED_RUN.search(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="12３,.-—–/+件条元万个次人篇% 中文政府局办公室：:", min_size=1, max_size=24))
def test_what_the_line_classifier_skips_could_not_have_matched(text):
    # _classify_text splits a line into words for its numeric tail only when it ends as a number can,
    # and tries the addressee pattern only on a line that ends with a colon.
    text = text.strip()
    if text and not (text[-1].isdecimal() or text[-1] in lexer._NUMBER_ENDS):
        assert lexer._tail_of(text.split()) == 0
    if not text.endswith((":", "：")):
        assert not lexer.ADDRESSEE.match(text)


def _plain_heading_cut(text: str) -> int | None:
    lead = flat._LEAD.match(text)
    if not lead or not text[lead.end():]:
        return None
    end = lead.end() + flat._title_end.__wrapped__(text[lead.end():])
    return None if len(text[end:].strip().lstrip("。.:：;；,， ")) <= 1 else end


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["一、", "（二）", "3.", "第四部分", "x"]), st.text(alphabet="情况事项和及总体。，: \t年2019报告", max_size=30),
       st.text(alphabet="。.:：;；,， \t\u3000a中", max_size=12), st.integers(0, 400), st.sampled_from(["", "。", " 2", "字。"]))
def test_a_heading_is_cut_from_a_window_as_from_its_whole_line(number, title, marks, padding, end):
    text = number + title + marks + "字" * padding + end
    assert flat._heading_cut.__wrapped__(text) == _plain_heading_cut(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="行政许可数量总计0123456789 ,.%件条元万个次人篇—–-/：:。；a”）", max_size=30))
def test_a_glued_row_is_told_without_its_look_up_only_when_it_cannot_be_one(text):
    assert lexer._glued_row(text) == lexer._short_glued_row.__wrapped__(text)
