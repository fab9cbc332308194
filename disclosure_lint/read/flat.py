"""Split a flattened page body into its logical lines before the lexer classifies them.

A web page copied or crawled as text often arrives as ONE line: headings, paragraphs and tables run
together (``…特编制此报告：一、总体情况2022年，在…规章000行政规范性文件417…六、其他需要报告的事项…``).
This module cuts such a line into the pieces a well-formed report would have put on lines of their
own, as :class:`Seg` pieces of the original line, so every position still points at the original
line and column:

* headings of every level (``一、`` ``（一）`` ``1.`` ``（1）``) wherever they start, told from the same
  numbers inside running text by where they stand (after a sentence mark, a closing bracket, a number
  or a table cell) and by their sequence (a heading ``三、`` follows ``二、``);
* a heading's title from the paragraph it runs into (:func:`title_end`, the one helper for that);
* table regions (runs of bare numbers, no sentences) into one logical line per table row
  (:func:`split_table_rows`), the row's label and its cell text kept together on the line.

Everything here is linear in the length of the line: candidates are found with one ``finditer`` each
and the patterns are bounded.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from disclosure_lint import recache as re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.read.source import Seg

CN = "一二三四五六七八九十"
# A line of at least this length may hold more than one logical line (sections, table rows) …
FLAT_MIN = 80
# … and one this long is a page body, whose sub-headings (（一） 1. （1）) are split out too: in an
# ordinary paragraph those numbers are the items of a list.
SUBLEVEL_MIN = 400

_CN_VALUE = {ch: i for i, ch in enumerate(CN, start=1)}
_CN_SET = frozenset(CN)


def cn_value(text: str) -> int:
    """一 … 九十九 as an int (0 for anything else)."""
    if not text or any(ch not in _CN_VALUE for ch in text):
        return 0
    if "十" not in text:
        return _CN_VALUE[text] if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    return (_CN_VALUE.get(tens, 0) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)


# Numbered labels of the four heading levels.  Level 1 is not preceded by 第 or another numeral
# (第一、 一、二、三级); levels 2 and 4 not by 第 and not followed by 项/款/条 (第二十条第（一）项).
# Every label starts with a numeral or "(": the pattern takes that first character before anything else
# (each branch then looks back at it and at the character before it), so that the regular expression
# engine skips in C the positions where no label can start; with the look-behinds first it tried the four
# branches at every character of a page (five times slower).
_NUMBERED = re.compile(
    rf"[{CN}(\d](?:"
    rf"(?P<l1>(?<=[{CN}])(?<![第{CN}].)[{CN}]{{0,2}}[、.](?![\d{CN}]))"
    rf"|(?P<l2>(?<=\()(?<!第\()\s?[{CN}]{{1,3}}\s?\)(?![项款条目]))"
    r"|(?P<l4>(?<=\()(?<!第\()\s?\d{1,2}\s?\)(?![项款条目\d]))"
    r"|(?P<l3>(?<=\d)\d?[.、](?![\d%])))"
)
# What may stand right before a heading inside a flattened line.
_SENTENCE_BOUNDARY = re.compile(r"[。；;：:!！?？\s]")
_BOUNDARY = re.compile(r"[。；;：:!！?？)\]」』”》\s\d|]")
SECTION_WORDS = re.compile(r"总体情况|概述|基本情况|主动公开|依申请|收到和处理|复议|诉讼|存在.{0,6}问题|改进|其他需要|需要说明|"
                           r"需报告|收费|工作思路|工作打算")
# Words a heading's title ends with when the paragraph runs on without punctuation.
_TITLE_FINAL = re.compile(r"情况|事项|措施|问题|概述|打算")
_TITLE_ENDS = re.compile(r"(?:情况|事项|措施|问题)$")
_TITLE_STOP = re.compile(r"[。；;，,：:!！?？(\[「“]|(?<=\D)(?:19|20)\d\d\s*年|\d{3,}")
TITLE_MAX = 40
# What title_end reads of the text after a heading's number: the title's search (TITLE_MAX + 40), a space
# and the sentence mark within 200 after it; the rest only by its length (longer than this is long enough).
TITLE_WINDOW = TITLE_MAX + 40 + 200 + 1
_GAP = re.compile(r"\s+")
_SENTENCE = re.compile(r"[。；;]")


TITLE_CACHED = 200  # the longest text after a heading's number whose title end is cached


def title_end(rest: str) -> int:
    """Where the title of a heading ends in ``rest`` (the text after its number).  Cached for short text:
    the lexer asks it of a heading line (:func:`heading_of`), the grammar's heading rule again
    (:func:`split_heading`); a long text (a heading running into its paragraph) is not kept."""
    return _title_end(rest) if len(rest) <= TITLE_CACHED else _title_end.__wrapped__(rest)


@lru_cache(maxsize=2048)
def _title_end(rest: str) -> int:
    """:func:`title_end` (the cache is this function's).

    The title stops at a sentence mark, a comma or an opening bracket, before a year or a number
    that starts the paragraph, at a space followed by running text, and after a heading word
    (情况, 事项, 措施 …) that the text runs on from without punctuation (``概述根据上级的有关规定``,
    ``主动公开政府信息情况第二十条…``) unless a connective continues the title (``问题和改进措施``).
    """
    stop = _TITLE_STOP.search(rest, 1, TITLE_MAX + 40)
    end = stop.start() if stop else min(len(rest), TITLE_MAX + 40)
    gap = _GAP.search(rest, 2, end)
    if gap and (_SENTENCE.search(rest, gap.end(), gap.end() + 200) or len(rest) - gap.end() > 12):
        end = gap.start()  # "一、概述 2019年，我局…": a space, then the paragraph
    if end <= TITLE_MAX and _TITLE_ENDS.search(rest[:end].rstrip()):
        return end  # the title runs to the mark and ends as a title does: "建议提案办理结果公开情况"
    for final in _TITLE_FINAL.finditer(rest, 0, min(end, TITLE_MAX)):
        after = rest[final.end():end]
        if after and not _TITLE_GOES_ON.match(after):
            return final.end()
    return min(end, TITLE_MAX) if end > 24 and not gap else end


_TITLE_GOES_ON = re.compile(r"[和及与、并暨]|以及|统计表|附表|(?:情况|事项|措施|问题|概述|说明|打算|计划|方向|建议)")


@dataclass(frozen=True)
class Piece:
    seg: Seg
    kind: str | None = None  # None: classify as a line; "ROW": a table row; "HEAD": table header text
    heading: int = 0  # the level of a heading found by its place in the flattened line

    def __init__(self, seg: Seg, kind: str | None = None, heading: int = 0) -> None:
        fields = self.__dict__  # as Span's (source.py): a page is cut into a piece per row
        fields["seg"], fields["kind"], fields["heading"] = seg, kind, heading


@dataclass
class _Counters:
    """The numbering seen so far at each heading level, so the next heading must continue it."""

    last: list[int]
    sublevels: bool = False  # split out headings of levels 2-4 too (a page body, not a paragraph)

    def accepts(self, level: int, number: int, section: bool = False) -> bool:
        """The next number at its level, a new list at a lower level, or a section heading that skips
        a number (a report that leaves a section out)."""
        last = self.last[level]
        return number == last + 1 or (number == 1 and level > 1) or (section and number > last)

    def take(self, level: int, number: int) -> None:
        self.last[level] = number
        for lower in range(level + 1, 5):
            self.last[lower] = 0


_NOT_DIGIT = re.compile(r"[^\d" + CN + "]")


def _number(m: re.Match[str]) -> tuple[int, int, int]:
    """(level, value, start offset of the number) of a numbered-label match."""
    kind = m.lastgroup or ""
    level = int(kind[1])
    digits, value = _label_number(m.group())
    if level == 3 and len(digits) == 2 and digits[0] == "0":
        return level, int(digits[1]), m.start() + 1  # "…00002." : a table cell, then "2."
    return level, value, m.start()


@lru_cache(maxsize=512)
def _label_number(label: str) -> tuple[str, int]:
    """The numerals of a numbered label ("(三)", "12.") and their value.  Cached: a page's labels are a
    few dozen short strings, the same in every report."""
    digits = _NOT_DIGIT.sub("", label)
    return digits, int(digits) if digits.isdigit() else cn_value(digits)


# A bare number: not part of a decimal, a date, a phone number or a quantity with its unit.  (Its first
# digit comes before the look-behind, as in _NUMBERED: the engine then skips to the digits in C.)
_BARE = re.compile(r"\d(?<![\d.\-—–@/].)\d*(?![\d\-—–@/]|\.\d|\s*[%年月日号条件个次人篇余多项家名户万元岁期批届份页楼层])")


def split_flattened(seg: Seg, row_labels: re.Pattern[str] | None = None) -> list[Piece]:
    """The logical lines of a long physical line (a flattened page body); a short line stays whole."""
    if len(seg.text) < FLAT_MIN:
        return [Piece(seg)]
    pieces, at = front_pieces(seg)
    seg = seg.sub(at)
    counters = _Counters([0, 0, 0, 0, 0], len(seg.text) >= SUBLEVEL_MIN)
    for clause, tableish in _regions(seg, row_labels):
        if tableish:
            rows = split_table_rows(clause, row_labels)
            for row in rows:  # only a row that starts with a numeral ("四、") may be a section heading
                if row.seg.text[:1] in _CN_SET:
                    pieces += _section_in_table(row, counters, row_labels)
                else:
                    pieces.append(row)
        else:
            pieces.extend(_split_headings(clause, counters))
    if pieces and pieces[-1].kind is None and not pieces[-1].heading:
        pieces[-1:] = signature_block(pieces[-1].seg)
    return [p for p in pieces if p.seg.text]


_SIGN_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|"
                        r"[〇零○O一二三四五六七八九]{4}\s*年\s*[元一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日")
_CLOSING = re.compile(r"^(?:此函|特此报告|特此函告|特此说明|特此)\s*")
SIGNATURE_MAX = 120


def signature_block(seg: Seg) -> list[Piece]:
    """The signature block at the end of a flattened body (``…处理费。 此函 XX管理局 2022年1月7日
    XX办公室 2022年1月7日印发``): the closing words, the issuer, the date and the 印发 line, each a
    piece of its own; the body before them stays whole."""
    text = seg.text
    end_of_text = text.rfind("。") + 1
    tail = text[end_of_text:]
    date = _SIGN_DATE.search(tail)
    if not date or len(tail.strip()) > SIGNATURE_MAX or len(tail[date.end():].strip()) > 40:
        return [Piece(seg)]
    pieces = [Piece(seg.sub(0, end_of_text))]
    at = end_of_text + len(tail) - len(tail.lstrip())
    closing = _CLOSING.match(text, at)
    if closing:
        pieces.append(Piece(seg.sub(at, closing.end())))
        at = closing.end()
    start = end_of_text + date.start()
    pieces += [Piece(seg.sub(at, start)), Piece(seg.sub(start, end_of_text + date.end()))]
    pieces.append(Piece(seg.sub(end_of_text + date.end())))
    return [Piece(p.seg.strip()) for p in pieces if p.seg.text.strip()]


# --- page furniture, inline metadata, the title and the addressee at the start of a page body ----------

META_KEYS = (r"标题|题名|发布时间|发布日期|发文日期|成文日期|公开日期|发表日期|印发日期|生成日期|公文生成日期|时间|日期|来源|信息来源|"
             r"文号|发文字号|发布机构|发文机关|发布单位|栏目|所属栏目|原文链接|本地目录|索引号|主题分类|公开方式|公开范围|"
             r"作者|浏览次数|访问量|点击数|点击量|采集时间")
_DATETIME = r"\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
_INLINE_META = re.compile(rf"(?:{META_KEYS})\s*[:：]\s*(?:{_DATETIME}|(?!(?:{META_KEYS})\s*[:：])[^\s。，,；;]*)")
_WIDGETS = re.compile(r"当前位置\s*[:：]\s*\S*|您(?:当前)?的?位置\s*[:：]\s*\S*|-->|<!--|微信|微博|QQ空间|全真版|文字版|"
                      r"文件下载|附件下载|相关链接\s*[:：]?|分享到\s*[:：]?|【?打印(?:本页)?】?|【?关闭(?:窗口)?】?|"
                      r"字号\s*[:：]?\s*(?:[【\[]?[大中小][】\]]?\s*){1,3}")
_TITLE_AT = re.compile(r"[^\s。，,；;:：《》()]{2,60}?(?:年度?报告|年报|工作报告)(?:的函|\(全文\)|（全文）)?")
_ADDRESSEE_AT = re.compile(r"[^\s,，。:：;；]{2,24}?(?:政府|局|委员会|委|办公室|办|厅|部|处|中心|街道|镇|乡)[:：]")


def front_pieces(seg: Seg) -> tuple[list[Piece], int]:
    """Page furniture, inline metadata (``来源：… 时间：…``), the title and the addressee that a crawled
    page body starts with, cut off as pieces of their own; returns them and where the body starts."""
    pieces: list[Piece] = []
    text, at, titled = seg.text, 0, False
    while at < len(text):
        start = _SPACES.match(text, at).end()  # past the spaces (the page is not copied to find them)
        found = _front_piece(seg, start, titled)
        if not found:
            break
        pieces.extend(found)
        titled = titled or any(p.kind == "TITLE" for p in found)
        at = found[-1].seg.col - seg.col + len(found[-1].seg.text)
    return pieces, at


def _front_piece(seg: Seg, start: int, titled: bool) -> list[Piece]:
    text = seg.text
    for pattern, kind in ((_WIDGETS, "FURN"), (_INLINE_META, "META")):
        m = pattern.match(text, start)
        if m and m.end() > start:
            return [Piece(seg.sub(start, m.end()), kind)]
    m = _TITLE_AT.match(text, start)
    if not m or len(text) - m.end() < FLAT_MIN:
        return []
    pieces = [Piece(seg.sub(start, m.end()), "FURN" if titled else "TITLE")]  # a page repeats its title
    after = _SPACES.match(text, m.end()).end()
    addressee = _ADDRESSEE_AT.match(text, after)
    if addressee:
        pieces.append(Piece(seg.sub(after, addressee.end()), "ADDRESSEE"))
    return pieces


_L1_START = re.compile(rf"([{CN}]{{1,3}})、")


def _section_in_table(piece: Piece, counters: _Counters, row_labels: re.Pattern[str] | None) -> list[Piece]:
    """A section heading between two tables (``…0四、政府信息公开行政复议…情况行政复议…``) is a heading,
    not a table row: it continues the section numbering and names a section, not a template row."""
    m = _L1_START.match(piece.seg.text)
    if not m:
        return [piece]
    after = piece.seg.text[m.end():m.end() + 16]
    value = cn_value(m.group(1))
    row = row_labels is not None and row_labels.match(piece.seg.text, m.end()) is not None
    named = bool(SECTION_WORDS.search(after))
    if row or not counters.accepts(1, value, named) or not (named or _titled(piece.seg, row_labels)):
        return [piece]
    counters.take(1, value)
    head, rest = split_heading(piece.seg)
    out = [Piece(head, heading=1)]
    if rest is not None:
        out.append(Piece(rest, "ROW" if _is_row(rest.text, row_labels) else "HEAD"))
    return out


def _titled(seg: Seg, row_labels: re.Pattern[str] | None) -> bool:
    """A numbered line that reads as a section heading (``五、信息处理费收取情况…``): its title ends
    with a heading word, and the templates are known (so that it is not one of their row labels)."""
    head, _ = split_heading(seg)
    return row_labels is not None and bool(re.search(r"(?:情况|事项|措施|问题)$", head.text))


def _regions(seg: Seg, row_labels: re.Pattern[str] | None = None) -> Iterator[tuple[Seg, bool]]:
    """The line as prose and table regions, in order: ``(piece, is_table)``."""
    at = 0
    for start, end in _table_spans(seg.text, row_labels):
        if start > at:
            yield seg.sub(at, start), False
        yield seg.sub(start, end), True
        at = end
    if at < len(seg.text):
        yield seg.sub(at), False


# Marks that separate clauses of a sentence; "其中：" inside a statistics table does not.
_MARKS = re.compile(r"[，,；;：:。!！?？]")
TABLE_GAP = 80  # the longest label (with header cells) between two cells of one table


def _signed_runs(text: str, row_labels: re.Pattern[str] | None) -> list[re.Match[str]]:
    """Runs with a minus sign inside ("行政处罚1-10": a negative 本年增/减 ran into its row's digits),
    right after a row label the templates know: a phone number or a date ("电话0591-2431") never is."""
    if row_labels is None or not _signed_digits(text):
        return []
    out = []
    for m in _SIGNED_RUN.finditer(text):
        label = row_labels.search(text, max(0, m.start() - 40), m.start())
        while label is not None and label.end() < m.start():
            label = row_labels.search(text, label.end(), m.start())
        if label is not None:
            out.append(m)
    return out


SIGNS_WALKED = 64  # "-" signs looked at in Python before the pattern is left to find the runs


def _signed_digits(text: str) -> bool:
    """Whether a minus sign stands inside a run of digits that starts right after a CJK character: what a
    match of _SIGNED_RUN holds at its first "-".  Checked at each "-" (a page has a few, in its dates and
    phone numbers: "2022-01-09", "0591-2316"), not by the pattern at each of its hundreds of digits."""
    walked, walked_to = -1, 0  # the "-" walked back from last, and where its walk stopped
    at = text.find("-")
    for _ in range(SIGNS_WALKED):
        if at < 0:
            return False
        start = at
        while start > 0 and (text[start - 1].isdecimal() or text[start - 1] == "-"):
            start -= 1
            if start == walked:  # the last walk went on from here: each character is walked once
                start = walked_to
                break
        walked, walked_to = at, start
        if (start < at and text[start].isdecimal() and at + 1 < len(text) and text[at + 1].isdecimal()
                and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff"):
            return True
        at = text.find("-", at + 1)
    return at >= 0  # more signs than a page has: the pattern decides


# Digits right after a CJK character, with minus signs inside (the first digit before the look-behind:
# see _NUMBERED).
_SIGNED_RUN = re.compile(r"\d(?<=[\u4e00-\u9fff]\d)\d*(?:-\d+)+(?![\d\-])")


def _table_spans(text: str, row_labels: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """Table regions: runs of bare numbers (cells) no more than a label apart, with no clause mark
    between them outside brackets.  A region starts after the last clause mark before its first cell
    (its header text and first label belong to it) and ends with its last cell."""
    groups: list[list[re.Match[str]]] = []
    signed = _signed_runs(text, row_labels)
    cells = sorted([*_BARE.finditer(text), *signed], key=_start) if signed else list(_BARE.finditer(text))
    if len(cells) < 3 and not any(m.end() - m.start() >= _ONE_RUN for m in cells):
        return []  # a region has three cells or a long run (most paragraphs have none): no marks to find
    cuts = _clause_marks(text, _unbracketed(text))
    prev_end = -TABLE_GAP - 1
    for m in cells:
        start = m.start()
        # A clause mark between two cells ends a region: one between them when a binary search for each
        # finds a different number of marks before it.
        if start - prev_end <= TABLE_GAP and bisect_left(cuts, start) == bisect_left(cuts, prev_end):
            groups[-1].append(m)
        else:
            groups.append([m])
        prev_end = m.end()
    spans: list[tuple[int, int]] = []
    for group in groups:
        start = max(_region_start(text, group[0].start(), cuts), spans[-1][1] if spans else 0)
        if len(group) >= 3 or _one_run_table(group, text[start:group[0].start()]):
            spans.append((start, group[-1].end()))
    return spans


def _start(m: re.Match[str]) -> int:
    return m.start()


_MATCH_END = re.Match.end


def _clause_marks(text: str, outside: bytearray) -> list[int]:
    """Positions of the clause marks that end a region: outside brackets, not the ``其中：`` of a breakdown.
    (A page has hundreds of marks: they are found and kept without a Python step per mark.)"""
    marks = list(map(_MATCH_START, _CLAUSE_MARK.finditer(text)))
    return list(compress(marks, map(outside.__getitem__, marks)))


_MATCH_START = re.Match.start


# _MARKS, but not the "其中：" of a breakdown (the mark comes before the look-behind: see _NUMBERED).
_CLAUSE_MARK = re.compile(r"[，,；;：:。!！?？](?<!其中.)")


def _region_start(text: str, at: int, cuts: list[int]) -> int:
    """Just after the last clause mark before ``at`` (a binary search: a long text of numbers and no marks
    made a walk back per table quadratic), past the spaces there."""
    i = bisect_left(cuts, at)
    start = cuts[i - 1] + 1 if i else 0
    return _SPACES.match(text, start, at).end()


_SPACES = re.compile(r"\s*")


def _one_run_table(group: list[re.Match[str]], header: str) -> bool:
    """A long run of cells after a long header (表四 flattened: ``…尚未审结 总计 000000000000000``)."""
    header = header.rstrip()
    if not header or not _CJK_CHARS.match(header[-1]) or _MARKS.search(header):
        return False
    longest = max(len(m.group()) for m in group)
    return longest >= 10 or (longest >= _ONE_RUN and len(_CJK_CHARS.findall(header)) >= 20)


_ONE_RUN = 6  # the shortest run of digits that is a table of its own (after a long header)


_CJK_CHARS = re.compile(r"[\u4e00-\u9fff]")


def _split_headings(seg: Seg, counters: _Counters) -> list[Piece]:
    """Cut prose at the headings that start inside it; each heading becomes its own piece."""
    cuts: list[tuple[int, int]] = []  # (offset, level)
    text = seg.text
    for m in _NUMBERED.finditer(text):
        level, value, start = _number(m)
        if not _heading_here(text, m, level, value, start, counters):
            continue
        counters.take(level, value)
        cuts.append((start, level))
    if not cuts:
        return [Piece(seg)]
    out: list[Piece] = []
    bounds = [c for c, _ in cuts] + [len(text)]
    if cuts[0][0] > 0:
        out.append(Piece(seg.part(0, cuts[0][0])))
    for (start, level), stop in zip(cuts, bounds[1:]):
        out.extend(_heading_and_rest(seg.part(start, stop), level))
    return out


_LIST_MARK_NEXT = re.compile(r"\s*[、，,。；;]")


def _heading_here(text: str, m: re.Match[str], level: int, value: int, start: int, counters: _Counters) -> bool:
    if level > 1 and not counters.sublevels:
        return False  # a paragraph's "（一）" and "1." are its list items (tried first: no search needed)
    after = text[m.end():m.end() + 16]
    section = level == 1 and bool(SECTION_WORDS.search(after))
    if not counters.accepts(level, value, section):
        return False
    before = text[start - 1] if start > 0 else ""
    if not after.strip() or _LIST_MARK_NEXT.match(after):
        return False
    if _enumeration(text, m.end()):
        return False  # "包括：一、总体情况；二、主动公开…；" lists the parts, it does not start them
    if before == "" or _SENTENCE_BOUNDARY.match(before):
        return True
    if _BOUNDARY.match(before):
        # After a number or a bracket: a table cell or a reference may end there; a section heading
        # must name its section, a sub-heading must continue its list.
        return section or (level > 1 and value > 1)
    # No separator at all: only a section heading that continues the numbering is believed.
    return section


_LIST_NEXT = re.compile(r"[^。；;，,、]{1,24}[；;，,、]\s*(?:[" + CN + r"]{1,3}、|\(\s?[" + CN + r"]{1,3}\s?\)|\d{1,2}[.、])")
_LIST_ITEM = re.compile(r"[^。；;，,、]{1,30}[；;]")


def _enumeration(text: str, at: int) -> bool:
    """The number starts a short item of an inline list: the item ends with a mark right before the
    next number, or with a semicolon (a heading's title never does)."""
    return _LIST_NEXT.match(text, at) is not None or _LIST_ITEM.match(text, at) is not None


def _heading_and_rest(seg: Seg, level: int) -> list[Piece]:
    head, rest = split_heading(seg)
    out = [Piece(head, heading=level)]
    if rest is not None:
        out.append(Piece(rest))
    return out


_LEAD = re.compile(rf"^(?:第[{CN}]{{1,3}}部分|[{CN}]{{1,3}}\s*[、.,，:：]|\(\s*[{CN}\d]{{1,3}}\s*\)|\d{{1,2}}\s*[、.])\s*")


def split_heading(seg: Seg) -> tuple[Seg, Seg | None]:
    """A heading line that runs on into its paragraph: (the heading with its title, the rest or None).

    The one place where a heading's title is cut from the text after it, for text lines, flattened
    pages and the paragraphs of Word and HTML files alike.
    """
    text = seg.text
    end = _heading_cut(text) if len(text) <= TITLE_CACHED else _heading_cut.__wrapped__(text)
    return (seg, None) if end is None else (seg.part(0, end), seg.part(end))


@lru_cache(maxsize=2048)
def _heading_cut(text: str) -> int | None:
    """Where the paragraph a heading runs into starts (None: the line is the heading alone).  Cached for
    short lines: the template's headings recur in every report, and the lexer's flattened pages and the
    grammar's heading rule both ask."""
    lead = _LEAD.match(text)
    if not lead:
        return None
    # The title is read from the first TITLE_WINDOW characters after the number (all that title_end looks
    # at): a heading running into a long paragraph is not copied whole, twice.
    rest = text[lead.end():lead.end() + TITLE_WINDOW]
    if not rest:
        return None
    end = lead.end() + title_end(rest)
    return None if _alone(text, end) else end


_AFTER_TITLE = "。.:：;；,， "  # what may stand between a heading's title and the end of its line


def _alone(text: str, end: int) -> bool:
    """Whether at most one character (but spaces and the marks of _AFTER_TITLE) follows the title ending at
    ``end``: the line is the heading alone.  Two characters other than spaces in the first few after the
    marks tell it without copying the paragraph (a line's end strips only spaces)."""
    head = text[end:end + 8].lstrip().lstrip(_AFTER_TITLE)
    if len("".join(head.split())) >= 2:
        return False
    return len(text[end:].strip().lstrip(_AFTER_TITLE)) <= 1


# --- table rows -------------------------------------------------------------------------------------

# Where a row starts: "一、" (not after 第 or a numeral), "（一）" (not after 第, not 第（一）项), "1." or
# "1、" (not after a digit or a dot), or the number of a row right after a cell's digits ("…0002.").
# The first character comes first, the look-behinds after it, as in _NUMBERED: the engine skips in C.
_ROW_BREAK = re.compile(
    rf"[{CN}(\d.、](?:(?<=[{CN}])(?<![第{CN}].)[{CN}]{{0,2}}、"
    rf"|(?<=\()(?<!第\()\s?[{CN}]{{1,3}}\s?\)(?![项款条目])"
    r"|(?<=\d)(?<![\d.].)\d?[.、](?![\d%])"
    r"|(?<=\d\d)[.、](?![\d%])"  # after a cell's digits, a one-digit number: "…02." (the row "2.")
    r"|(?<=\d[.、])(?![\d%]))"  # after a cell's digits, the mark alone: "…2." (the cut moves to the digit)
)
# The end of a row's cells: a digit followed by the text of the next row (not by a unit).  The match is
# the digit (its end is the cut): a digit first lets the engine skip in C to the digits.
_AFTER_NUMBER = re.compile(r"\d(?=\s*[\u4e00-\u9fff])(?![\s]*[年月日号条件个次人篇余多项家名户万元岁期批届份页%])")


def split_table_rows(seg: Seg, row_labels: re.Pattern[str] | None = None) -> list[Piece]:
    """One logical line per table row of a flattened table region.

    A row starts at a numbered label (``一、`` ``（一）`` ``1.``), right after the cell numbers of the
    row before (a run of digits followed by text), or at a row label the template knows (``规章``,
    ``行政许可``) when numbers follow it directly.  The label and its cell text stay together; the text
    before the first row (the table's title and column headers) is header text.  Reading the cells of
    a row is the table reader's business.
    """
    cuts = sorted({0, *_row_cuts(seg.text, row_labels)})
    pieces = []
    for start, stop in zip(cuts, cuts[1:] + [len(seg.text)]):
        piece = seg.part(start, stop)
        if piece.text:
            pieces.append(Piece(piece, "ROW" if _is_row(piece.text, row_labels) else "HEAD"))
    return pieces


def _row_cuts(text: str, row_labels: re.Pattern[str] | None) -> list[int]:
    """Where rows may start (some twice), outside brackets."""
    outside = _unbracketed(text)
    # A break's match starts at its row's number, but "12." is the row "2." after a cell's digit.
    starts = [m.start() + (len(g) == 3 and g[0].isdigit()) for m in _ROW_BREAK.finditer(text) for g in (m.group(),)]
    ends = list(map(_MATCH_END, _AFTER_NUMBER.finditer(text)))
    cuts = list(compress(starts, map(outside.__getitem__, starts)))
    cuts += compress(ends, map(outside.__getitem__, ends))
    if row_labels is not None:
        for m in row_labels.finditer(text):
            start, end = m.span()
            # Digits right after the label, past at most two spaces ("\s*\d" within three characters).
            if (outside[start] and text[end:end + 3].lstrip()[:1].isdecimal()
                    and not _NUMBER_BEFORE.search(text, max(0, start - 6), start)):
                cuts.append(start)
    return cuts


_NUMBER_BEFORE = re.compile(rf"(?:[{CN}]{{1,3}}、|\(\s?[{CN}\d]{{1,3}}\s?\)|\d{{1,2}}[.、])\s*$")


PAREN_MAX = 100  # a bracket left open longer than this is a typo, not a note inside a table


def _unbracketed(text: str) -> bytearray:
    """For each position, 1 when it is outside every pair of round brackets, 0 inside one (a note such as
    ``（区分处理的，只计这一情形，不计其他情形）``); an unclosed bracket encloses nothing."""
    outside = bytearray(_ONE) * (len(text) + 1)
    if "(" not in text:
        return outside
    stack: list[int] = []
    # Only the brackets, not every character, in Python; found by str.find, three times faster than a
    # pattern's scan over a page of Chinese text.
    for i in sorted(_positions(text, "(") + _positions(text, ")")):
        if text[i] == "(":
            stack.append(i)
        elif stack:
            start = stack.pop()
            if i - start <= PAREN_MAX:
                outside[start + 1:i] = bytes(i - start - 1)  # one slice, not a loop over the characters
    return outside


_ONE = b"\x01"


def _positions(text: str, char: str) -> list[int]:
    """Where ``char`` occurs in ``text``."""
    found = []
    at = text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


_ROW_TAIL_UNITS = ("万元", "元", "件", "条", "%")


def _row_tail(text: str) -> bool:
    """Whether ``text`` ends in numbers (``… 12 3.5 件``): what ``\\d[\\d\\s.,]*(?:万元|…)?\\s*$`` said,
    without searching from every digit (quadratic on a long run of digits and spaces)."""
    tail = text.rstrip()
    if tail.endswith(_ROW_TAIL_UNITS):
        tail = next(tail[:-len(u)] for u in _ROW_TAIL_UNITS if tail.endswith(u))
    # The run of digits, spaces, dots and commas at the end holds a digit when the text ends in a digit
    # once the spaces, dots and commas after the run's last digit are stripped.
    while True:
        shorter = tail.rstrip().rstrip(".,")
        if len(shorter) == len(tail):
            return tail[-1:].isdecimal()
        tail = shorter


_NUMBERS_ONLY = re.compile(r"[\d\s.,]+")


def _is_row(text: str, row_labels: re.Pattern[str] | None) -> bool:
    if _row_tail(text) and not _NUMBERS_ONLY.fullmatch(text):
        return True
    return row_labels is not None and len(text) <= 40 and bool(row_labels.search(text))  # short: no long search
