"""Is the text an annual report at all?  Decided before any template check, from what the text says
of itself: a title naming 政府信息公开工作年度报告, the statutory parts, the template tables, the
period sentence.  A report wrapped in a cover letter is a report; a README, a letter about something
else or a page whose body is only its title are not checked against the template.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_lint.read.document import Document, Heading, Para
from disclosure_lint.report.templates import SectionSpec

# A line naming the genre: the report's own name (年报 and 工作报告 are common short forms).
# A title: the issuer and the year (Chinese text, digits) then the name, at the start of a line (a
# flattened page runs the title on into the body); a sentence or a README mentioning it does not count.
NAMES_REPORT = re.compile(r"^[\u4e00-\u9fff0-9〇○（）()、]{0,50}?(?:信息公开|政务公开)[\u4e00-\u9fff]{0,8}?(?:年度报告|年报|工作报告)")
# Other kinds of official text, told by how their titles end or begin (GB/T 9704 文种).
OTHER_GENRES = (
    ("letter", re.compile(r"函$|^关于.{2,60}的函|此函|特此函告|函复如下"), "一封函", "a letter"),
    ("notice", re.compile(r"(?:通知|通告|公告|通报|公示)$|^关于.{2,60}的(?:通知|通告|公告|通报|公示)"), "一份通知或公告",
     "a notice"),
    ("minutes", re.compile(r"纪要$|会议记录|^会议纪要"), "一份会议纪要", "meeting minutes"),
    ("plan", re.compile(r"(?:方案|要点|计划|规划|意见|办法|规定|细则)$"), "一份方案、要点或规定", "a plan, work points or rules"),
    ("summary", re.compile(r"(?:总结|汇报|情况报告)$"), "一份工作总结或情况报告", "a work summary"),
)
# Lines a CMS puts above the body ("标题: …", "发布时间: …"): metadata, not content.
META_LINE = re.compile(r"^\s*(?:标题|题目|名称|发布时间|发布日期|成文日期|公开日期|生成日期|文号|发文字号|索引号|发布机构|发文机关|"
                       r"来源|栏目|原文链接|链接|本地目录|主题分类|公开方式|公开范围|分类|页面链接|采集时间|单位)\s*[:：]")
RULE_LINE = re.compile(r"^\s*[=\-*_~·—]{4,}.*$")
TITLE_META = re.compile(r"^\s*(?:标题|题目|名称)\s*[:：]\s*(.+)$")
MIN_MENTIONS = 3  # times 政府信息公开 is named: a text about it, not a README that mentions it once
MIN_CONTENT = 40  # characters of body text beyond the title: less is a page without content


@dataclass(frozen=True)
class Genre:
    """What the text is: ``report``, ``no-content`` (a report's title and nothing else) or
    ``not-a-report`` with what it looks like instead (``looks``: letter, notice, … or document)."""

    kind: str
    looks: str = ""
    looks_zh: str = ""
    looks_en: str = ""
    evidence: str = ""  # the line that gave it away (a title), for the message


def _compact(text: str) -> str:
    return "".join(text.split())  # str.split's white space is re's \s


def _title_lines(doc: Document) -> list[str]:
    """Where a text names itself: CMS title metadata, title paragraphs, and the first lines."""
    lines = [m.group(1) for line in doc.source.lines[:20] if (m := TITLE_META.match(line))]
    lines += [b.seg.text for b in doc.blocks if isinstance(b, Para) and b.kind == "title"]
    body = [line for line in doc.source.lines if line.strip() and not META_LINE.match(line)
            and not RULE_LINE.match(line)]
    lines += [line[:80] for line in body[:3]]
    return [line.strip() for line in lines if line.strip()]


def _body_chars(doc: Document, title: str) -> int:
    """Characters of text that are neither metadata, rules, nor the title."""
    names = {title} if title else set()
    count = 0
    for line in doc.source.lines:
        text = _compact(line)
        if not text or META_LINE.match(line) or RULE_LINE.match(line):
            continue
        for name in names:
            text = text.replace(name, "")
        count += len(text)
    return count


def _parts(doc: Document, sections: Iterable[SectionSpec]) -> int:
    """How many of the statutory parts the text has: as top-level headings, or (a flattened page
    whose headings were not split out) as a numbered part title in the text (“三、收到和处理…”)."""
    text = "\n".join(doc.source.lines)
    heads = [_compact(h.title) for h in doc.blocks if isinstance(h, Heading) and h.level == 1]
    marks: list[tuple[int, int]] | None = None
    found = set()
    for spec in sections:
        title = _PART_NUMBER.sub("", spec.title)
        if title in found:
            continue  # the same part in another format
        if marks is None:  # every "一、" of the text, found once for all the parts
            marks = [m.span() for m in _NUMERAL_MARK.finditer(text)]
        # At a line start or straight after a sentence or a word: a list in running prose ("six: 一、…
        # 二、…") separated by spaces is a description of the parts, not the parts.
        if _numbered_title(text, title, marks) or any(spec.match.search(h) for h in heads):
            found.add(title)
    return len(found)


_PART_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_NUMERAL_MARK = re.compile(r"[一二三四五六七八九十]、\s*")
_PART_BEFORE = re.compile(r"[。；;！？）)\u4e00-\u9fff\d\n]")


def _numbered_title(text: str, title: str, marks: list[tuple[int, int]]) -> bool:
    """Whether ``一、<title>`` stands at a line start or straight after a sentence or a word.  The
    numerals (``marks``: the spans of ``[一…十]、\\s*`` in ``text``) are found first and the character
    before one checked after: a pattern that begins with a look-behind is tried at every position of a
    text of megabytes.  Read as ``re.finditer(numeral、\\s*title)`` reads: matches do not overlap."""
    if title[:1].isspace():  # \s* could then give back white space to the title: let re decide
        marks = [m.span() for m in re.finditer(rf"[一二三四五六七八九十]、\s*{re.escape(title)}", text)]
        return any(start == 0 or _PART_BEFORE.match(text, start - 1) for start, _ in marks)
    end = -1
    for start, stop in marks:
        if start < end or not text.startswith(title, stop):
            continue
        if start == 0 or _PART_BEFORE.match(text, start - 1):
            return True
        end = stop + len(title)
    return False


def _mentions(doc: Document) -> int:
    return sum(line.count("政府信息公开") for line in doc.source.lines)


def _other_genre(titles: list[str]) -> tuple[str, str, str, str] | None:
    for title in titles:
        for kind, pattern, zh, en in OTHER_GENRES:
            if pattern.search(_compact(title)):
                return kind, zh, en, title
    return None


# A report is written in Chinese: a text with more words of a Latin-script language than one per three
# Chinese characters is a document about reports (a README quoting their titles and tables), however
# much of a report it quotes.  Links and e-mail addresses are not words of prose.
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9./@:_-])[A-Za-z]{3,}(?![A-Za-z0-9./@_-])")
# A link or an e-mail address is a whole white-space-delimited token, consumed first (the lazy scan runs
# from token starts only: linear on long tokens); the words are the group.
_WORD_OR_LINK = re.compile(r"(?<!\S)(?:\S*?(?:://|@)|(?i:www\.))\S*|(" + _LATIN_WORD.pattern + ")")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]{3}")
_NOT_LETTER = bytes(range(65)) + bytes(range(91, 97)) + bytes(range(123, 256))  # every byte but A-Z a-z
MIN_FOREIGN_WORDS = 200


def _mostly_foreign(doc: Document) -> bool:
    # Every word is a run of three or more ASCII letters of its own: with fewer letters than three per
    # word needed, the text has too few words (a Chinese report's few links and names), told in C (the
    # ASCII characters kept, the letters among them counted) without matching words line by line.
    text = "".join(doc.source.lines)
    letters = len(text.encode("ascii", "ignore").translate(None, _NOT_LETTER))
    if letters < 3 * MIN_FOREIGN_WORDS or letters <= _fewest_cjk(text):
        return False  # (words * 3 <= letters: with no more letters than Chinese characters, not foreign)
    words = 0
    for line in doc.source.lines:
        if _LATIN_RUN.search(line) is None:
            continue  # no three Latin letters together: no word (most lines of a report)
        words += sum(1 for word in _WORD_OR_LINK.findall(line) if word)
    if words < MIN_FOREIGN_WORDS:
        return False  # the Chinese characters need not be counted
    return words * 3 > sum(len(run) for line in doc.source.lines for run in _CJK.findall(line))


def _fewest_cjk(text: str) -> int:
    """At least how many characters of ``text`` are Chinese (U+4E00–U+9FFF), told in C: its UTF-8 bytes
    E5–E9 each start one of U+5000–U+9FFF.  A big text with a few Latin words on every line (a link, an
    e-mail address) is then not searched word by word and character by character (70 ms → 13 ms for
    2 million characters)."""
    encoded = text.encode("utf-8", "surrogatepass")  # undecodable bytes are lone surrogates: lead byte ED
    return sum(map(encoded.count, (b"\xe5", b"\xe6", b"\xe7", b"\xe8", b"\xe9")))


def classify(doc: Document, sections: Iterable[SectionSpec], has_tables: bool, has_period: bool) -> Genre:
    """What the text is.  ``sections`` are every format's parts."""
    if _mostly_foreign(doc):
        titles = _title_lines(doc)
        return Genre("not-a-report", "document", "一份主要用外文写成的文档（如说明文件）",
                     "a document written mostly in another language (such as a README)", titles[0] if titles else "")
    if has_tables:
        return Genre("report")  # the template's tables say it, whatever its title and parts
    titles = _title_lines(doc)
    named = next((t for t in titles if NAMES_REPORT.search(_compact(t))), None)
    parts = _parts(doc, sections)
    title = NAMES_REPORT.search(_compact(named)).group(0) if named is not None else ""
    if named is not None and not has_tables and parts == 0 and _body_chars(doc, title) < MIN_CONTENT:
        return Genre("no-content", evidence=named)
    if has_tables or named is not None or parts >= 3 or (parts >= 2 and has_period):
        return Genre("report")
    other = _other_genre(titles)
    if other is None and parts >= 1 and _mentions(doc) >= MIN_MENTIONS:
        return Genre("report")  # no title (the copy starts at 一、概述), a part and the subject throughout
    if other is not None:
        kind, zh, en, title = other
        return Genre("not-a-report", kind, zh, en, title)
    return Genre("not-a-report", "document", "一份普通文档", "a plain document", titles[0] if titles else "")
