"""Classify the lines of a report into the terminals of the structure grammar.

This is the grammar's lexer.  It works a line at a time (a line is the natural token of these texts)
and looks at a line's neighbours only where the flattened layouts require it: a wrapped table cell
continues on the next line, a blank line ends a table row.  Patterns are anchored and bounded so that
no regular expression backtracks badly on the very long lines of flattened web pages.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass
from functools import lru_cache

from disclosure_lint.read.cell_text import UNITS
from disclosure_lint.read.document import Block, Heading, Para
from disclosure_lint.read.flat import FLAT_MIN, META_KEYS, Piece, split_flattened, split_heading, title_end
from disclosure_lint.read.source import Seg, Source

CN_NUM = "一二三四五六七八九十"

H1 = re.compile(rf"^(?:第([{CN_NUM}]{{1,3}})部分|([{CN_NUM}]{{1,3}}))\s*(?:[、.,，:：]\s*)?")
H1_STRICT = re.compile(rf"^([{CN_NUM}]{{1,3}})\s*[、.]\s*|^第([{CN_NUM}]{{1,3}})部分\s*")
H2 = re.compile(rf"^\(\s*([{CN_NUM}]{{1,3}})\s*\)\s*")
H3 = re.compile(r"^(\d{1,2})\s*[、.](?!\d)\s*")
H4 = re.compile(r"^\(\s*(\d{1,2})\s*\)\s*")
DOCNO = re.compile(r"^\S{1,16}\[\s*(\d{4})\s*\]\s*\d{1,4}\s*号")
SIGNER = re.compile(r"^签\s*发\s*人\s*[:：]")
NUM_TOKEN = re.compile(r"^[-+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:件|条|元|万元|个|次|人|篇|人次|%)?$|^[—–\-/]$")
DATE_ONLY = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-./]\d{1,2}[-./]\d{1,2}|"
    r"[〇零○Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)$"
)
PUBDATE = re.compile(r"^(?:发布(?:时间|日期)|成文(?:时间|日期)|公文生成日期|生成日期|印发日期)\s*[:：]")
# The 印发 line ("XX办公室 2023年1月9日印发") and the rest of the trailing matter, which starts with its words.
ISSUED = re.compile(r"^\S{2,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
TRAILER_WORDS = re.compile(
    r"^(?:抄\s*送|\(?此件(?:主动)?公开|\(?此页无正文|扫一扫|主办单位|承办单位|网站标识码|版权所有|"
    r"为确保最佳浏览效果|ICP备|打印本页|关闭窗口|【?打印|分享到|字号|来源\s*[:：]|浏览次数|访问量)"
)
TRAILER = re.compile(rf"(?:{ISSUED.pattern})|(?:{TRAILER_WORDS.pattern})")
FURNITURE = re.compile(r"^(?:[-—–_－]\s*\d{1,3}\s*[-—–_－]|第\s*\d{1,3}\s*页(?:\s*(?:[,，/共]\s*)?(?:共\s*)?\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
# Crawler and CMS metadata ("标题: …", "发布时间：2023-01-09 19:52", "• 公文生成日期: …", a "|" row of them).
META = re.compile(rf"^(?:{META_KEYS})\s*[:：]")
# Lines of page chrome: the crawler's body divider, breadcrumbs, share widgets, attachment links.
PAGE_CHROME = re.compile(r"^(?:=+\s*正文\s*=+|[=\-_*~]{5,}|页面链接与图片详见.*|(?:当前位置|您(?:当前)?的?位置)\s*[:：].{0,120}|"
                         r"附件下载\s*[:：]?|(?:分享到|相关链接)\s*[:：]?.{0,40})$")
# Whole-line comments (Markdown/HTML comments, suppression directives) are not report text.
COMMENT = re.compile(r"^(?:<!--.*-->|#\s*disclosure-lint-\S+.*)$")
TITLE_HINT = re.compile(r"(?:年度报告|年\s*报|工作报告)\s*(?:[(（][^()（）]{1,12}[)）])?$")  # "…年度报告（全文）"
ADDRESSEE = re.compile(r"^[^\s,，。:：]{2,24}(?:政府|局|委员会|委|办公室|办|厅|部|处|中心|街道|镇|乡)[:：]$")
SENTENCE_END = re.compile(r"[。；;]")
# A table row whose label and numbers ran together ("（七）总计580000058", "行政许可0"): the digits at
# the end of the last word follow a character that ends a label (a CJK character, a closing quote or bracket).
GLUED_TAIL = re.compile(r"(?<=[\u4e00-\u9fff”’」』）)\]])-?\d+(?:\.\d+)?(?:万元|元)?$")
SIGNED_TAIL = re.compile(r"(?<=[\u4e00-\u9fff”’」』）)\]])-?\d+(?:-\d+)*(?:\.\d+)?(?:万元|元)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class LineToken:
    type: str
    seg: Seg  # stripped text of the line (or of the inline heading piece)
    row_start: bool = False  # for table cell tokens: a blank line (or non-cell line) came before
    block: object | None = None  # GRID: a structured reader's table, already a TableBlock

    def __init__(self, type: str, seg: Seg, row_start: bool = False, block: object | None = None) -> None:  # noqa: A002
        # As Span's (source.py): one token per line.  The lexer passes row_start by position: a keyword
        # argument made the call a third slower.
        fields = self.__dict__
        fields["type"], fields["seg"] = type, seg
        if row_start:  # the defaults are the class's attributes (as Cell's)
            fields["row_start"] = row_start
        if block is not None:
            fields["block"] = block


def _is_number_token(text: str) -> bool:
    return bool(NUM_TOKEN.match(text))


def _numeric_tail(text: str) -> int:
    """How many whitespace-separated numeric tokens end the line (PDF row-wise tables)."""
    return _tail_of(text.split())


def _tail_of(words: list[str]) -> int:
    count = 0
    for part in reversed(words):
        if NUM_TOKEN.match(part):
            count += 1
        else:
            break
    return count


# The longest text whose classification is cached (a flattened table row and its label: longer text
# is running prose, and a cache of long lines would hold megabytes).
CACHED_MAX = 160


def glued_split(word: str, signed: bool = False) -> int | None:
    """Where the digits glued to the end of a label word start, if they do: after a label's words, or
    after a unit of its own ("主动公开文件数 条00": the 附表's unit column ran into the numbers).
    ``signed``: in a known table row, a minus sign may sit inside the digits ("行政处罚1-10").  Cached
    for short words: the lexer asks it of a row's words, the table reader again, and the same labels
    recur in every report."""
    return _glued_at(word, signed) if len(word) <= CACHED_MAX else _glued_at.__wrapped__(word, signed)


@lru_cache(maxsize=4096)
def _glued_at(word: str, signed: bool) -> int | None:
    m = (SIGNED_TAIL if signed else GLUED_TAIL).search(word)
    if m is None or (len(_CJK.findall(word[: m.start()])) < 2 and word[: m.start()] not in UNITS):
        return None
    return m.start()


_COLON_TAIL = re.compile(r"[:：]\s*[-\d\s]*$")
_DIGIT_RUN = re.compile(r"\d{2,}")


def _glued_row(text: str) -> bool:
    """A flattened table row: a short label without sentence marks, its digits glued to its end, or
    one run of digits after it ("一、本年新收政府信息公开申请数量 0000000").  Cached: the lexer asks it
    of a line when it classifies it, and again when it marks the label fragments before a row.  A text
    that does not end as a number can (most lines of prose) is none, without a look-up: each line of a
    real report is a new text, which the cache would not hold."""
    return len(text) <= CACHED_MAX and _ends_as_number(text.rstrip()) and _short_glued_row(text)


def _ends_as_number(text: str) -> bool:
    """Whether ``text`` ends with what a number ends with: a digit, or what NUM_TOKEN and GLUED_TAIL allow
    after one (a unit, "%", a "," of "1,234,", a dash)."""
    last = text[-1:]
    return last.isdecimal() or last in _NUMBER_ENDS


@lru_cache(maxsize=4096)
def _short_glued_row(text: str) -> bool:
    if SENTENCE_END.search(text) or _COLON_TAIL.search(text):
        return False
    words = text.split()
    tail = _tail_of(words)
    head = words[: len(words) - tail]
    if not head:
        return False
    if tail == 1 and _DIGIT_RUN.fullmatch(words[-1]) and len(_CJK.findall(head[-1])) >= 2:
        return True
    return glued_split(head[-1]) is not None


_HEADING_STARTS = frozenset(CN_NUM + "第(")  # and a digit: what a heading's number starts with
_SPACES = re.compile(r"\s+")


def heading_of(text: str) -> tuple[int, str, str] | None:
    """Return (level, number, title) when the stripped line starts a numbered heading."""
    first = text[:1]
    if first not in _HEADING_STARTS and not first.isdecimal():
        return None  # most lines: no heading's number can start them (and nothing is cached for them)
    # A long line (a heading running into its paragraph) is asked once: it is not kept.
    return _heading_of(text) if len(text) <= CACHED_MAX else _heading_of.__wrapped__(text)


@lru_cache(maxsize=2048)
def _heading_of(text: str) -> tuple[int, str, str] | None:
    """Cached: the lexer asks it of a line, and the grammar's heading rule of the same line again."""
    for level, pattern in ((1, H1_STRICT), (2, H2), (4, H4), (3, H3)):
        m = pattern.match(text)
        if not m:
            continue
        number = next(g for g in m.groups() if g)
        rest = text[m.end():]
        if not rest:
            return level, number, ""
        # A heading that runs on into its paragraph: the title stops at the first sentence mark, or at
        # a space followed by running text (a web page flattened to one line).
        cut = SENTENCE_END.search(rest)
        title = rest[: cut.start()] if cut else rest
        gap = _SPACES.search(title)
        if gap and gap.start() >= 2:
            after = rest[gap.end():]
            if SENTENCE_END.search(after) or len(after) > 12:
                title = title[: gap.start()]
        if len(title) > 60:
            return None
        # Its first word (rest itself when it has none): a long line is not split whole, twice.
        if level == 3 and _is_number_token((rest.split(None, 1) or [rest])[0]):
            return None
        return level, number, rest[: title_end(rest)].strip().rstrip("：: ")
    return None


def heading_blocks(seg: Seg, level: int = 1) -> list[Block]:
    """A heading line as blocks: the heading, and the paragraph it runs into (if any) as text.

    The one place for this, whatever the input: text lines, flattened pages, Word and HTML paragraphs.
    """
    head, rest = split_heading(seg)
    found = heading_of(head.text)
    if found is None:  # a heading the file marks by style, its number made by Word: the whole line
        return [Heading(level, "", seg.text, seg)]
    heading = Heading(found[0], found[1], found[2], head)
    return [heading] if rest is None else [heading, Para("text", rest)]


# The lines that a pattern at their start classifies, in the order they are tried (the first that matches
# wins): FURNITURE, META, TRAILER (ISSUED or TRAILER_WORDS), SIGNER, DOCNO, DATE.  The patterns that start
# with given words or marks are one alternation, so that a line is tried once, not once per pattern.  The
# two that can start with anything (a 印发 line, a 文号 "X政发[2023]1号") are tried apart, in their places
# in that order, and only on a line that has their "印发" or "[": their "\S{…}" starts backtrack at
# every line (half the time of the look-up).
_MARKED = (("FURNITURE", (FURNITURE, COMMENT, PAGE_CHROME)), ("META", (META,)), ("TRAILER", (TRAILER_WORDS,)),
           ("SIGNER", (SIGNER,)), ("DATE", (DATE_ONLY, PUBDATE)))
META_MAX = 300  # a longer line that starts like metadata ("来源：…") is running text
_BEFORE_ISSUED = frozenset(("FURNITURE", "META", "TRAILER"))


@lru_cache(maxsize=2)
def _marked_pattern(skip_meta: bool) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<{kind}>" + "|".join(f"(?:{p.pattern})" for p in patterns) + ")"
                               for kind, patterns in _MARKED if not (skip_meta and kind == "META")))


def _marked_kind(text: str) -> str | None:
    kind = _marked_as(text, False)
    if kind == "META" and len(text) > META_MAX:
        kind = _marked_as(text, True)
    return kind


def _marked_as(text: str, skip_meta: bool) -> str | None:
    m = _marked_pattern(skip_meta).match(text)
    kind = None if m is None else m.lastgroup
    if kind in _BEFORE_ISSUED:
        return kind
    if "印发" in text and ISSUED.match(text):
        return "TRAILER"
    if kind != "SIGNER" and "[" in text and DOCNO.match(text):
        return "DOCNO"  # after SIGNER, before DATE
    return kind


def _classify_text(text: str, prev: LineToken | None, raw_leading_ws: bool, after_break: bool) -> str:
    marked = _marked_kind(text)
    if marked is not None:
        return marked
    # A table row ends as a number can (most lines are running text: nothing more to ask).  The text may
    # end with spaces (a flattened page's piece of prose): a glued row is told without them.
    if _ends_as_number(text.rstrip()) and _number_row(text):
        return "NUMROW"
    if (
        prev is not None
        and not after_break
        and prev.type in _CELL_KINDS
        and not raw_leading_ws
        and len(text) <= 24
        and not SENTENCE_END.search(text)
        and heading_of(text) is None
    ):
        return "CONT"
    head = heading_of(text)
    if head is not None:
        return f"H{head[0]}"
    if text.endswith((":", "：")) and ADDRESSEE.match(text):
        return "ADDRESSEE"
    if len(text) <= 60 and "《" not in text and TITLE_HINT.search(text) and not SENTENCE_END.search(text):
        return "TITLE"
    return "TEXT"


def _number_row(text: str) -> bool:
    """A row of a table printed row by row: numbers at the end, or digits glued to its label."""
    words = text.split() if _ends_as_number(text) else []
    tail = _tail_of(words)
    if _glued_row(text):
        return True
    if tail >= 2 or (tail == 1 and len(words) == 1 and (len(text) <= 14 or text.isdigit())):
        return True
    # "行政处罚 3985758": a one-value PDF row (table 二 of the 2021 format)
    return tail == 1 and len(words) == 2 and len(words[0]) <= 16 and not _CLAUSE_MARK.search(words[0])


_CLAUSE_MARK = re.compile(r"[,，。;；:：、]")
# What a word NUM_TOKEN matches can end with, besides a digit ("1,234," ends its digit run with a comma).
_NUMBER_ENDS = frozenset(",件条元个次人篇%—–-/")
_CELL_KINDS = frozenset(("CELL", "ROWCELL", "CONT"))


SECTION_WORDS = re.compile(r"总体情况|概述|主动公开|依申请|收到和处理|复议|诉讼|存在.{0,6}问题|改进|其他需要|需要说明|收费|工作思路|工作打算")


def _is_section_heading(text: str) -> bool:
    head = heading_of(text)
    return (head is not None and head[0] == 1 and len(head[2]) >= 4
            and bool(SECTION_WORDS.search(head[2]) or re.search(r"(?:情况|事项|措施|问题)$", head[2])))


def _mark_fragments(tokens: list[LineToken]) -> list[LineToken]:
    """PDF row-wise tables wrap labels over lines and print group labels one character per line.

    The short lines right before a PDF table row are label fragments (FRAG): they are kept in the
    table (as header text and as possible beginnings of the next row's label), not read as headings.
    Before a row whose digits are glued to its label (a flattened web page, which does not wrap
    labels), such lines are rows of their own that have no numbers (LABELROW).
    """
    out = tokens  # tokenize's own list: marked in place
    # The rows, found first: a marked fragment is never one.
    for i in [i for i, tok in enumerate(out) if tok.type == "NUMROW"]:
        tok = out[i]
        kind = ""  # what the lines before the row are: asked of the row only when there are any (most
        # rows follow a row: a flattened table's row text, with its numbers, is seldom asked twice)
        j, line = i - 1, tok.seg.line
        while j >= 0 and i - j <= 24:
            prev = out[j]
            if prev.type not in _FRAGMENT_KINDS or line - prev.seg.line > 3 or len(prev.seg.text) > 80:
                break
            if SENTENCE_END.search(prev.seg.text) or (prev.type == "H1" and _is_section_heading(prev.seg.text)):
                break
            kind = kind or ("LABELROW" if _glued_row(tok.seg.text) else "FRAG")
            out[j] = LineToken(kind, prev.seg, True)
            line = prev.seg.line
            j -= 1
    return out


_FRAGMENT_KINDS = frozenset(("TEXT", "H1", "H2", "H3", "H4", "CONT"))  # lines that may be a row's label fragments


def tokenize(source: Source, row_labels: re.Pattern[str] | None = None) -> list[LineToken]:
    """Classify every line of ``source``; blank lines are folded into ``row_start`` flags.

    ``row_labels`` (the row labels the templates know) help to split a flattened table into rows."""
    tokens: list[LineToken] = []
    after_break = True
    prev: LineToken | None = None
    for index, norm in enumerate(source.lines, start=1):
        body = norm.strip()
        if not body:
            if "\t" in norm and prev is not None and prev.type in ("CELL", "ROWCELL", "CONT"):
                # A line holding only a tab is an empty cell of a one-cell-per-line table.
                tok = LineToken("CELL", Seg("", index, norm.index("\t") + 2), after_break)
                tokens.append(tok)
                prev, after_break = tok, False
            elif "\t" in norm and (prev is None or prev.type not in ("CELL", "ROWCELL", "CONT")):
                tok = LineToken("ROWCELL", Seg("", index, norm.index("\t") + 2), True)
                tokens.append(tok)
                prev, after_break = tok, False
            else:
                after_break = True
            continue
        if len(body) < FLAT_MIN and body[0] not in _MARKER_STARTS and "\t" not in body and "|" not in norm:
            # A short line, a cell or text (most lines): one token, what _line_tokens makes of it, without
            # its calls.
            seg = Seg(body, index, 1 + norm.index(body[0]) if len(body) != len(norm) else 1)
            if norm[0] == "\t" and _looks_like_cell(body):
                kind = _cell_kind(prev, after_break)
                prev = LineToken(kind, seg, kind == "ROWCELL")
            else:
                kind = _classify_text(body, prev, norm[0].isspace(), after_break)
                prev = LineToken(kind, seg, kind == "NUMROW")
            tokens.append(prev)
        else:
            pieces = _line_tokens(*_line_segs(norm, index, body), prev, after_break, row_labels)
            if pieces:
                tokens += pieces
                prev = pieces[-1]
        after_break = False
    return _mark_fragments([t for t in tokens if t.type != "FURNITURE"])


def _line_segs(norm: str, index: int, body: str) -> tuple[str, int, Seg]:
    """Line ``index`` (``body`` stripped, not blank) without its Markdown or list marker: its text, the
    column that starts at, and the text stripped as a segment.  Built from the line's text: no segment of
    the unstripped line (only a tab-separated row keeps it) and no marker test when no marker can start it."""
    if body[:1] in _MARKER_STARTS:
        seg = _unmarked(Seg(norm, index, 1))
        return seg.text, seg.col, seg.strip()
    return norm, 1, Seg(body, index, 1 + norm.index(body[0]) if len(body) != len(norm) else 1)


def _line_tokens(text: str, col: int, stripped: Seg, prev: LineToken | None, after_break: bool,
                 row_labels: re.Pattern[str] | None = None) -> list[LineToken]:
    if "\t" in stripped.text:
        # Tabs between cells (leading tabs are merged cells to the left): a tab-separated row.
        return [LineToken("TABROW", Seg(text, stripped.line, col), True)]
    if text.startswith("\t") and _looks_like_cell(stripped.text):
        kind = _cell_kind(prev, after_break)
        return [LineToken(kind, stripped, kind == "ROWCELL")]
    if "|" in text:
        bars = text.count("|")
        body = stripped.text
        if bars == 1 and body.endswith("|"):
            cell = stripped.sub(0, len(body) - 1).strip()
            kind = "PIPECELL"
            return [LineToken(kind, cell if cell.text else Seg("", cell.line, cell.col), after_break)]
        if bars >= 2 and body.startswith("|"):
            if re.fullmatch(r"[|:\-\s]+", body):
                return []  # Markdown header separator row
            return [LineToken("PIPEROW", stripped, True)]
        if _bare_pipe_row(body):
            return [LineToken("PIPEROW", stripped, True)]
    raw_ws = text[:1].isspace()
    if len(stripped.text) < FLAT_MIN:  # one logical line (split_flattened would return it whole)
        kind = _classify_text(stripped.text, prev, raw_ws, after_break)
        return [LineToken(kind, stripped, kind == "NUMROW")]
    out: list[LineToken] = []
    whole = META.match(stripped.text) or PAGE_CHROME.match(stripped.text)
    for piece in [Piece(stripped)] if whole else split_flattened(stripped, row_labels):
        kind = _piece_kind(piece) or _classify_text(piece.seg.text, out[-1] if out else prev, raw_ws,
                                                    after_break and not out)
        out.append(LineToken(kind, piece.seg, kind == "NUMROW"))
    return out


def _cell_kind(prev: LineToken | None, after_break: bool) -> str:
    """A tab-led cell continues the row of the cells right before it, or starts a row."""
    return "CELL" if prev is not None and prev.type in _CELL_KINDS and not after_break else "ROWCELL"


_PIPE_CELL = 40  # characters: a "|" between longer pieces is punctuation in prose, not a cell border


def _bare_pipe_row(body: str) -> bool:
    """Cells between "|" without outer pipes ("规章 | 0 | 0 | 0"): short pieces, three or more of them
    or a number among them, and not a line of page metadata ("发布时间：… | 来源：…")."""
    parts = [p.strip() for p in body.rstrip("|").split("|")]
    if len(parts) < 2 or META.match(body) or any(len(p) > _PIPE_CELL for p in parts):
        return False
    return len(parts) >= 3 or any(NUM_TOKEN.match(p) and any(c.isdigit() for c in p) for p in parts[1:])


# The terminals of the pieces that the flattened-body splitter already recognised by their place.
_PIECE_TERMINALS = {"ROW": "NUMROW", "HEAD": "FRAG", "FURN": "FURNITURE", "META": "META", "TITLE": "TITLE",
                    "ADDRESSEE": "ADDRESSEE"}


def _piece_kind(piece: Piece) -> str | None:
    """The terminal of a piece that the flattened-body splitter already recognised by its place."""
    found = _PIECE_TERMINALS.get(piece.kind)
    if found is None and piece.heading and heading_of(piece.seg.text):
        return f"H{piece.heading}"
    return found


# Markdown headings (# … ######) and list bullets: the marker is not part of the report's text.
_MARKER = re.compile(r"^\s*(?:#{1,6}\s+|[•·●▪◆■◇□]\s*|[-*+]\s+(?=[^\d\s]))")


_MARKER_STARTS = frozenset("#•·●▪◆■◇□-*+")  # the first characters of _MARKER's markers (and of a # comment)


def _unmarked(seg: Seg) -> Seg:
    first = seg.text[:1]
    if first.isspace():
        first = seg.text.lstrip()[:1]
    if first not in _MARKER_STARTS:
        return seg  # no marker can start the line (most lines): no pattern to try
    if COMMENT.match(seg.text.strip()):
        return seg
    m = _MARKER.match(seg.text)
    return seg.sub(m.end()) if m else seg


def _looks_like_cell(text: str) -> bool:
    """A tab-led line is a table cell unless it reads like a running paragraph."""
    if not text:
        return True
    if len(text) > 60 and SENTENCE_END.search(text):
        return False
    return True
