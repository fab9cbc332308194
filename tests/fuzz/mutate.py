"""Mutation fuzzing of real reports: mutators for report bytes, and generators of Word and HTML structures.

Used by ``tests/test_fuzz.py`` (a small hypothesis budget in the normal suite) and by ``tests/fuzz/run.py``
(a long run, for an hour or more).  Every mutator takes a :class:`random.Random` so that a failing input
can be reproduced from its seed.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Characters that have broken text tools before: terminal controls, C1, BOM, bidi overrides, zero
# width, replacement char, full-width digits, Chinese zero, markup of the terminal library, XML specials.
NASTY = ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://x\x1b\\", "\x9b31m", "\x85", "\x00", "\x0b", "\x0c", "\x7f",
         "\ufeff", "\u202e", "\u2066", "\u200b", "\ufffd", "０１２", "〇〇〇〇年", "０００００", ":x:", "[bold]", "[/]",
         "]]>", "&amp;", "<", "%0A", "::error::", "\r", "\u2028", "𠀀", "\\", "{text}", "{0}", "%s", "年", "月", "日",
         "一、", "（一）", "表三", "合计", "总计", "-", "－", "|", "\t", "—", "XX", "×××"]
NUMBERS = ["0", "0000", "〇〇〇〇", "-1", "-0", "1e309", "9" * 30, "9" * 400, "1" * 5000, "3.14159", "1,234,567",
           "12 345", "007", "2019", "2021", "20XX", "99999999999999999999", "NaN", "inf", "１２", "½", "²"]
REPEATS = ["---XX", " ", "\u3000", "<!-- x -->\n", "一、总体情况\n", "2020年", "年 ", "(", "（", "\t", "|", "1 ",
           "<div>", "<span>", "<table><tr><td>", "&#", "统计期限", "共", "个", "部分", "邮编", "电话", "http://",
           "占", "%", "其中", "。", "\n", "\r", "\\"]
ENCODINGS = ["utf-8", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]


def corpus() -> list[tuple[str, bytes]]:
    """The real reports the fuzzer starts from (text, Markdown, web pages, Word, PDF)."""
    out = []
    for folder in ("seeds", "reports", "corpus", "formats", "reliability"):
        for path in sorted((FIXTURES / folder).rglob("*")):
            if path.is_file() and path.suffix.lower() in (".txt", ".md", ".html", ".htm", ".docx", ".pdf"):
                out.append((path.name, path.read_bytes()))
    return out


def pick(rng: random.Random, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """A report to start from: mostly text (cheap, most varied), Word, web pages and PDF less often."""
    roll = rng.random()
    kinds = (".pdf",) if roll < 0.02 else (".docx",) if roll < 0.08 else (".html", ".htm") if roll < 0.14 else (".txt", ".md")
    return rng.choice([item for item in pool if item[0].lower().endswith(kinds)] or pool)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def window(rng: random.Random, data: bytes) -> bytes:
    """A run of consecutive lines (small inputs keep the fuzzer fast; the reading is the same)."""
    lines = _lines(data)
    if len(lines) < 40 or rng.random() < 0.04:
        return data
    size = rng.randint(5, min(len(lines), rng.choice([40, 80, 300])))
    start = rng.randint(0, len(lines) - size)
    head = lines[:3] if rng.random() < 0.5 else []  # keep the title often, so the year and era are known
    return b"\n".join(head + lines[start:start + size])


def _text(rng: random.Random, data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data or b"x")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(buf))
        buf[i] = rng.randrange(256) if rng.random() < 0.5 else buf[i] ^ (1 << rng.randrange(8))
    return bytes(buf)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    i = rng.randint(0, len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return data[:i] + junk + data[i:]


def delete_span(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return data[:i] + data[i + rng.randint(1, 200):]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randint(0, len(data))]


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    k = rng.randint(2, 12)
    i = rng.randint(0, max(0, len(lines) - k))
    chunk = lines[i:i + k]
    rng.shuffle(chunk)
    return b"\n".join(lines[:i] + chunk + lines[i + k:])


def duplicate_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    k = rng.randint(1, 10)
    times = rng.choice([1, 2, 5, 50])
    return b"\n".join(lines[:i] + lines[i:i + k] * times + lines[i:])


def delete_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    return b"\n".join(lines[:i] + lines[i + rng.randint(1, 20):])


def swap_number(rng: random.Random, data: bytes) -> bytes:
    text = _text(rng, data)
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return (rng.choice(NUMBERS) + text).encode()
    i = rng.choice(digits)
    j = i
    while j < len(text) and text[j].isdigit():
        j += 1
    return (text[:i] + rng.choice(NUMBERS) + text[j:]).encode()


def insert_nasty(rng: random.Random, data: bytes) -> bytes:
    text = _text(rng, data)
    for _ in range(rng.randint(1, 4)):
        i = rng.randint(0, len(text))
        text = text[:i] + rng.choice(NASTY) + text[i:]
    return text.encode("utf-8", errors="surrogatepass")


def insert_repeat(rng: random.Random, data: bytes) -> bytes:
    """A long run of one token: what made regular expressions and loops quadratic."""
    text = _text(rng, data)
    i = rng.randint(0, len(text))
    times = rng.choice([10, 100, 1000, 5000, 20000])
    return (text[:i] + rng.choice(REPEATS) * times + text[i:]).encode()


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = _text(rng, data)
    enc = rng.choice(ENCODINGS)
    out = text.encode(enc, errors="replace")
    return out[:-1] if rng.random() < 0.2 else out  # an odd length now and then


def line_endings(rng: random.Random, data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n\n", b"\x0b", "\u2028".encode()]))


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[:rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]


TEXT_MUTATORS = [flip_bytes, insert_bytes, delete_span, truncate, shuffle_lines, duplicate_lines, delete_lines,
                 swap_number, swap_number, insert_nasty, insert_nasty, insert_repeat, reencode, line_endings]


# Mutations compound (a line pasted 50 times, twice, is 2,500 copies): past 9 MB a text is refused by the
# reader's character limit (2 million characters, at most 4 bytes each) exactly as it is at 9 MB, and the
# fuzzer's own 100 MB strings would count in the worker's peak memory as if the linter had used it.
MAX_INPUT = 9 * 1024 * 1024


def mutate_text(rng: random.Random, data: bytes) -> bytes:
    data = window(rng, data)
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(TEXT_MUTATORS)(rng, data)[:MAX_INPUT]
    return data


# --- Word and web-page structures --------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODD_VALUES = ["x", "", "-1", "0", "1", "2", "63", "64", "1000000", "99999999999999999999", "1e3", "²", " 3", "restart",
              "continue", "nil"]


def _para(rng: random.Random, text: str) -> str:
    num = ""
    if rng.random() < 0.2:
        num = (f'<w:pPr><w:numPr><w:ilvl w:val="{rng.choice(ODD_VALUES)}"/>'
               f'<w:numId w:val="{rng.choice(["1", "2", "0", "", "x"])}"/></w:numPr></w:pPr>')
    return f"<w:p>{num}<w:r><w:t xml:space=\"preserve\">{_xml(text)}</w:t></w:r></w:p>"


def _xml(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\t\n\r" or 0x20 <= ord(ch) < 0xD800 or 0xE000 <= ord(ch) <= 0xFFFD)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(rng: random.Random, rows: list[list[str]]) -> str:
    out = ["<w:tbl>"]
    for row in rows:
        out.append("<w:tr>")
        if rng.random() < 0.05:
            out.append(f'<w:trPr><w:gridBefore w:val="{rng.choice(ODD_VALUES)}"/></w:trPr>')
        for cell in row:
            props = ""
            if rng.random() < 0.15:
                props += f'<w:gridSpan w:val="{rng.choice(ODD_VALUES)}"/>'
            if rng.random() < 0.1:
                props += f'<w:vMerge w:val="{rng.choice(ODD_VALUES)}"/>' if rng.random() < 0.5 else "<w:vMerge/>"
            out.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{_para(rng, cell)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


NUMBERING = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{{ilvl}}">'
             '<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="{ilvl}"><w:startOverride '
             'w:val="{start}"/></w:lvlOverride></w:num></w:numbering>')


def _blocks(rng: random.Random, text: str) -> list[tuple[str, list]]:
    """Paragraphs and tables of a text report: tab-separated lines become table rows."""
    blocks: list[tuple[str, list]] = []
    for line in text.split("\n"):
        if "\t" in line:
            if not blocks or blocks[-1][0] != "table":
                blocks.append(("table", []))
            blocks[-1][1].append(line.split("\t"))
        else:
            blocks.append(("p", [line]))
    return blocks


def make_docx(rng: random.Random, text: str) -> bytes:
    """A Word file of the text, with damaged table and numbering properties now and then."""
    body = []
    for kind, content in _blocks(rng, text):
        body.append(_table(rng, content) if kind == "table" else _para(rng, content[0]))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    if rng.random() < 0.05:
        document = document[:rng.randint(0, len(document))]  # damaged XML
    numbering = NUMBERING.format(ilvl=rng.choice(ODD_VALUES), start=rng.choice(ODD_VALUES),
                                 fmt=rng.choice(["decimal", "chineseCounting", "lowerRoman", "upperLetter", "x"]),
                                 text=rng.choice(["%1、", "（%1）", "%0", "%9.", "%1.%2"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", numbering)
    return buf.getvalue()


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 'document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
DOC_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/numbering" Target="numbering.xml"/></Relationships>')

HTML_WRAPPERS = ["div", "span", "p", "font", "b", "td", "li", "section", "h2", "table", "nav", "header", "center"]


def make_html(rng: random.Random, text: str) -> bytes:
    """A web page of the text: tables with odd spans, deep or unclosed nesting, site furniture."""
    out = ["<html><head><meta name=\"PubDate\" content=\"", rng.choice(["2024-01-20", "0000-00-00", "x", ""]),
           "\"></head><body>"]
    if rng.random() < 0.3:
        tag = rng.choice(HTML_WRAPPERS)
        depth = rng.choice([10, 300, 3000])
        out.append(f"<{tag}>" * depth)  # left unclosed half of the time
    for kind, content in _blocks(rng, text):
        if kind == "table":
            out.append("<table>")
            for row in content:
                out.append("<tr>")
                for cell in row:
                    attrs = ""
                    if rng.random() < 0.1:
                        attrs = f' colspan="{rng.choice(ODD_VALUES)}" rowspan="{rng.choice(ODD_VALUES)}"'
                    out.append(f"<td{attrs}>{_xml(cell)}</td>")
                out.append("</tr>")
            out.append("</table>")
        else:
            out.append(f"<{rng.choice(['p', 'div', 'h2', 'span'])}>{_xml(content[0])}</p>")
    out.append("</body></html>")
    return "".join(out).encode("utf-8")


def mutate_any(rng: random.Random, name: str, data: bytes, pool: list[tuple[str, bytes]]) -> tuple[str, bytes]:
    """One fuzz input (a name, which gives the extension, and bytes) from a real report."""
    suffix = name[name.rfind("."):].lower()
    roll = rng.random()
    if suffix in (".docx", ".pdf"):
        if roll < 0.7:
            return name, flip_bytes(rng, data) if rng.random() < 0.5 else truncate(rng, data)
        return name, _mutate_zip(rng, data) if suffix == ".docx" else insert_bytes(rng, data)
    if roll < 0.08:
        text = mutate_text(rng, data).decode("utf-8", errors="replace")
        return "fuzz.docx", make_docx(rng, text)
    if roll < 0.16:
        text = mutate_text(rng, data).decode("utf-8", errors="replace")
        return "fuzz.html", make_html(rng, text)
    if roll < 0.2:
        other = rng.choice(pool)[1]
        return name, splice(rng, mutate_text(rng, data), other)
    return name, mutate_text(rng, data)


def _mutate_zip(rng: random.Random, data: bytes) -> bytes:
    """A Word file whose document.xml is mutated as text (damaged XML, odd attribute values)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist()}
    except Exception:  # noqa: BLE001 - not a readable zip any more: mutate the bytes
        return flip_bytes(rng, data)
    target = rng.choice([n for n in parts if n.endswith(".xml")] or list(parts))
    xml = parts[target].decode("utf-8", errors="replace")
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5 and 'w:val="' in xml:
            i = xml.find('w:val="', rng.randrange(len(xml)))
            if i >= 0:
                j = xml.find('"', i + 7)
                xml = xml[:i + 7] + rng.choice(ODD_VALUES) + xml[j:]
        else:
            xml = delete_span(rng, xml.encode()).decode("utf-8", errors="replace")
    parts[target] = xml.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return buf.getvalue()
