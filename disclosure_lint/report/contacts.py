"""Contact details in the report's text: postcode, phone and fax numbers, e-mail addresses, URLs.

Values are captured generously (up to the next delimiter) so that a malformed value is still seen and
can be reported; validation lives in the rules' data (``rules/contact.yaml``).
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass

from disclosure_lint.read.source import Seg, Span

_DELIM = r"[,，;；。)）\]、]"


def _spaced(pattern: str) -> str:
    """A label pattern that also matches its characters spaced out (``邮 编``, ``电 话``), as justified
    PDF and Word layouts print them."""
    out, in_class = [], False
    for i, ch in enumerate(pattern):
        in_class = (in_class or ch == "[") and ch != "]" if pattern[i - 1:i] != "\\" else in_class
        out.append(ch)
        if not in_class and _CJK.match(ch) and _CJK.match(pattern[i + 1:i + 2]):
            out.append(r"\s?")
    return "".join(out)


_CJK = re.compile(r"[\u4e00-\u9fff]")


_RAW = {  # each compiled once, in its spaced form (below); every branch begins with a literal (see _ANY)
    "postcode": r"(?:邮编|邮政编码)\s*(?:[:：为是]\s*)?(\d[\d\s]*\d|\d)?",
    "phone": (
        r"(?:联系电话|咨询电话|办公电话|服务电话|电话号码|电话|传真号码|传真)\s*(?:、\s*传真\s*)?(?:[:：为是]\s*)?"
        r"((?:[(（]?\d[\d\-‐‑–—―－ ()（）转]*\d)(?:\s*(?:、|/|或)\s*[(（]?\d[\d\-‐‑–—―－ ()（）转]*\d)*)?"
    ),
    "email": r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?[Mm]ail|e-?[Mm]ail)\s*(?:地址\s*)?(?:[:：为是]\s*)?([A-Za-z0-9._%+\-](?:[^,，;；。)）\u4e00-\u9fff]*[^,，;；。)）\s\u4e00-\u9fff])?)?",
    # (A "<" before a link is left out of the match: a pattern that may begin with it is tried at every
    # position, one that begins with a letter or a word only where one stands.)
    "url": r"((?:H\s*[Tt]\s*[Tt]\s*[Pp]\s*(?:[Ss]\s*)?(?:[:：]\s*)?/{1,2}|h\s*[Tt]\s*[Tt]\s*[Pp]\s*(?:[Ss]\s*)?(?:[:：]\s*)?/{1,2}|"
           r"www\s*\.)[A-Za-z0-9./:_\-?=&%#~ ]*[A-Za-z0-9/])",
    "address": r"(?:地址|通讯地址|办公地址)\s*[:：为是]\s*([^,，;；。)）]{2,60})",
}
PATTERNS = {kind: re.compile(_spaced(p)) for kind, p in _RAW.items()}
# "热线电话11通", "接听咨询电话500余次", "电子邮件7件": a count of calls or mails, not a contact.
_COUNT_AFTER = re.compile(r"\s*(?:余|多)?(?:通|次|个|件|封|条|人次|部|台|起|批|路)")
_LABELLED_EMPTY = re.compile(_spaced(r"(邮编|邮政编码|电话|传真|电子邮箱|邮箱)\s*[:：]\s*(?=$|[,，;；。)）]|(?:邮编|电话|传真|电子邮箱|邮箱))"))


def _is_count(text: str, m: re.Match[str]) -> bool:
    """The number after the label is followed by a counting word and not introduced by a colon."""
    labelled = re.search(r"[:：]", text[m.start():m.start(1)])
    return not labelled and _COUNT_AFTER.match(text, m.end(1)) is not None


@dataclass(frozen=True)
class ContactField:
    kind: str  # postcode | phone | email | url | address
    value: str  # what is written (normalised), '' for a label with no value
    span: Span


# Every branch begins with a literal character, so that the engine skips in C to where one of them
# stands (a branch beginning with a class such as [Mm] makes it try every branch at every position:
# three times slower over a report's prose).
_ANY = re.compile(r"邮\s?编|邮政编码|电\s?话|传\s?真|邮\s?箱|信箱|邮件|M[Aa][Ii][Ll]|m[Aa][Ii][Ll]|H\s*[Tt]\s*[Tt]\s*[Pp]|"
                  r"h\s*[Tt]\s*[Tt]\s*[Pp]|www|地址")


def find_contacts(seg: Seg) -> list[ContactField]:
    out: list[ContactField] = []
    if not _ANY.search(seg.text):
        return out
    for kind, pattern in PATTERNS.items():
        for m in pattern.finditer(seg.text):
            if m.group(1) is None or _is_count(seg.text, m):
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
        label = re.sub(r"\s", "", m.group(1))
        kind = {"邮编": "postcode", "邮政编码": "postcode", "电话": "phone", "传真": "phone"}.get(label, "email")
        out.append(ContactField(kind, "", seg.span(m.start(), m.end())))
    return out
