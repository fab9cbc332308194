"""Contact details in the report's text: postcode, phone and fax numbers, e-mail addresses, URLs.

Values are captured generously (up to the next delimiter) so that a malformed value is still seen and
can be reported; validation lives in the rules' data (``rules/contact.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_lint.read.source import Seg, Span

_DELIM = r"[,，;；。)）\]、]"
PATTERNS = {
    "postcode": re.compile(r"(?:邮编|邮政编码)\s*[:：为是]?\s*(\d[\d\s]*\d|\d)?"),
    "phone": re.compile(
        r"(?:联系电话|咨询电话|办公电话|服务电话|电话号码|电话|传真号码|传真)\s*(?:、\s*传真)?\s*[:：为是]?\s*"
        r"((?:[(（]?\d[\d\-‐‑–—―－ ()（）转]*\d)(?:\s*(?:、|/|或)\s*[(（]?\d[\d\-‐‑–—―－ ()（）转]*\d)*)?"
    ),
    "email": re.compile(r"(?:电子邮箱|电子信箱|电子邮件|邮箱|[Ee]-?[Mm]ail)\s*(?:地址)?\s*[:：为是]?\s*([A-Za-z0-9._%+\-](?:[^,，;；。)）\u4e00-\u9fff]*[^,，;；。)）\s\u4e00-\u9fff])?)?"),
    "url": re.compile(r"<?((?:[Hh]\s*[Tt]\s*[Tt]\s*[Pp]\s*[Ss]?\s*[:：]?\s*/{1,2}|www\s*\.)[A-Za-z0-9./:_\-?=&%#~ ]*[A-Za-z0-9/])"),
    "address": re.compile(r"(?:地址|通讯地址|办公地址)\s*[:：为是]\s*([^,，;；。)）]{2,60})"),
}
_LABELLED_EMPTY = re.compile(r"(邮编|邮政编码|电话|传真|电子邮箱|邮箱)\s*[:：]\s*(?=$|[,，;；。)）]|(?:邮编|电话|传真|电子邮箱|邮箱))")


@dataclass(frozen=True)
class ContactField:
    kind: str  # postcode | phone | email | url | address
    value: str  # what is written (normalised), '' for a label with no value
    span: Span


_ANY = re.compile(r"邮编|邮政编码|电话|传真|邮箱|信箱|邮件|[Mm][Aa][Ii][Ll]|[Hh]\s*[Tt]\s*[Tt]\s*[Pp]|www|地址")


def find_contacts(seg: Seg) -> list[ContactField]:
    out: list[ContactField] = []
    if not _ANY.search(seg.text):
        return out
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(seg.text):
            if m.group(1) is None:
                continue
            value = m.group(1).rstrip()
            start = m.start(1)
            if kind == "phone":
                for piece in re.finditer(r"[(（]?\d[\d\-‐‑–—―－ ()（）转]*\d", value):
                    text = piece.group(0).strip().lstrip("(（")
                    out.append(ContactField(kind, text, seg.span(start + piece.start(), start + piece.start() + len(text))))
                continue
            out.append(ContactField(kind, value, seg.span(start, start + len(value))))
    for m in _LABELLED_EMPTY.finditer(seg.text):
        label = m.group(1)
        kind = {"邮编": "postcode", "邮政编码": "postcode", "电话": "phone", "传真": "phone"}.get(label, "email")
        out.append(ContactField(kind, "", seg.span(m.start(), m.end())))
    return out
