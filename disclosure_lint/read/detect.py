"""Tell a file's format by its content first and its name second.

A ``.txt`` that is really a saved web page is read as HTML, a PDF without an extension as PDF, a
``.docx`` is a ZIP holding ``word/document.xml``.  Formats the linter cannot read get one clear
message saying what the file is and how to convert it.
"""

from __future__ import annotations

import io
from disclosure_lint import recache as re

from disclosure_lint.read.base import InputError

TEXT, MARKDOWN, DOCX, HTML, PDF = "text", "markdown", "docx", "html", "pdf"

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_OPEN = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE)
_HTML_TAGS = re.compile(r"</(?:p|div|td|tr|table|span|li|h[1-6]|body|html)\s*>", re.IGNORECASE)

_IMAGES = {b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"II*\x00": "TIFF", b"MM\x00*": "TIFF",
           b"BM": "BMP"}


def suffix_of(name: str) -> str:
    """The file name's suffix, lower case (``""`` for none, ``-`` for standard input)."""
    return _suffix(name)


def _suffix(name: str) -> str:
    name = name.lower()
    return name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""


def _legacy(suffix: str) -> InputError:
    if suffix == ".wps":
        what = "WPS 文字旧格式（.wps）"
    elif suffix in (".xls", ".et"):
        what = "Excel/WPS 表格旧格式（.xls/.et）"
    elif suffix in (".ppt", ".dps"):
        what = "PowerPoint/WPS 演示旧格式"
    else:
        what = "Word 97-2003 旧格式（.doc）"
    return InputError(
        f"这是{what}文件，无法直接读取：请用 Word/WPS 另存为 .docx（或导出为 PDF）后再检查"
        f" / a legacy binary Office file (OLE2: .doc/.wps/.xls): save it as .docx (or export to PDF) and lint that"
    )


# A ZIP's members are inflated in memory by the readers: a few-megabyte "zip bomb" must not reach
# gigabytes.  Real .docx reports unpack to a few megabytes (images included).
MAX_UNZIPPED = 128 * 1024 * 1024
# The XML parts are parsed into trees about eleven times their size (a fuzzed 29 MB document.xml took
# 380 MB); real reports' document.xml is 0.1 to 3 MB, formatting included.
MAX_XML = 8 * 1024 * 1024
MAX_MEMBERS = 5000


def _zip_format(data: bytes) -> str:
    try:
        import zipfile  # only for bytes that start like a zip (a .docx)

        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as exc:  # noqa: BLE001 - zipfile raises a dozen kinds (NotImplementedError, struct.error…) on damage
        raise InputError(f"a damaged ZIP/.docx file: {exc}") from exc
    unzipped = sum(info.file_size for info in infos)
    xml = sum(info.file_size for info in infos if info.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML:
        raise InputError(f"the .docx file's XML parts unpack to {xml} bytes, more than the limit of {MAX_XML} "
                         "(a damaged file or a zip bomb)")
    if unzipped > MAX_UNZIPPED or len(infos) > MAX_MEMBERS:
        raise InputError(f"the ZIP/.docx file unpacks to {unzipped} bytes in {len(infos)} parts: more than the limit of "
                         f"{MAX_UNZIPPED} bytes / {MAX_MEMBERS} parts (a damaged file or a zip bomb)")
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        return DOCX
    if any(n.startswith("xl/") for n in names):
        raise InputError("这是 Excel 工作簿（.xlsx），不是年度报告文档：请把报告另存为 .docx 或 PDF / an Excel workbook (.xlsx): "
                         "lint the report itself (.docx, PDF, HTML or text)")
    if "OFD.xml" in names or any(n.lower().endswith("ofd.xml") for n in names):
        raise InputError("这是 OFD 版式文件，暂不支持：请另存为 PDF 或 .docx / an OFD file: export it to PDF or .docx")
    raise InputError("a ZIP archive, not a report: unpack it and lint the files inside")


def sniff(data: bytes, name: str) -> str | None:
    """The binary format of ``data`` (pdf, docx), None for text; InputError for formats that cannot be read."""
    head = data[:1024]
    if head.startswith(b"%PDF") or b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if data.startswith(OLE2) or data.startswith(b"\xd0\xcf\x11\xe0"):
        return _raise(_legacy(_suffix(name)))
    if data.startswith(b"{\\rtf"):
        return _raise(InputError("这是 RTF 文件：请用 Word/WPS 另存为 .docx 后再检查 / an RTF file: save it as .docx and lint that"))
    for magic, kind in _IMAGES.items():
        if data.startswith(magic):
            return _raise(InputError(f"这是 {kind} 图片，没有可读的文字：请先做文字识别（OCR） / a {kind} image: it has no text "
                                     "to read; run OCR first"))
    return None


def _raise(exc: InputError) -> str:
    raise exc


def _after_comments(head: str) -> str:
    """``head`` without leading white space, ``<!-- -->`` comments and ``<?xml ?>`` declaration (a loop,
    not a regular expression: ``(?:<!--.*?-->\\s*)*`` backtracked exponentially over a few dozen comments)."""
    rest = head.lstrip()
    while rest.startswith(("<!--", "<?xml")):
        closing = "-->" if rest.startswith("<!--") else ">"
        end = rest.find(closing, 4)
        if end < 0:
            return ""
        rest = rest[end + len(closing):].lstrip()
    return rest


def text_format(text: str, name: str) -> str:
    """html, markdown or text, for decoded text."""
    suffix = _suffix(name)
    head = text[:4096]
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return HTML
    if _HTML_OPEN.match(_after_comments(head)):
        return HTML
    if suffix not in (".md", ".markdown") and head.lstrip().startswith("<") and len(_HTML_TAGS.findall(text[:20000])) >= 3:
        return HTML
    if suffix in (".md", ".markdown"):
        return MARKDOWN
    return TEXT
