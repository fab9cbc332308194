"""What every format reader shares: the input error, and text clean-up helpers."""

from __future__ import annotations

from disclosure_lint import recache as re


# Guards on what a file can make a reader build (Word and HTML tables): Word itself allows 63 columns,
# and no report has tables of more than a few thousand cells.  A cell costs ~15 µs read and checked: a
# Word file of 160,000 cells (within the XML limit) took 2.4 s.
MAX_COLUMNS = 64
MAX_CELLS = 50_000
# Lines of text once read: real reports have a few hundred, the longest (tables one cell per line) a few
# thousand; 1 MB of reports pasted one after another has about 11,000.  Each line costs about 1.4 kB and
# 0.1 ms once parsed, so a file of a heading pasted 600,000 times would take gigabytes and minutes.
MAX_LINES = 20_000


def too_many_lines(count: int) -> "InputError":
    return InputError(f"text too long ({count} lines; the limit is {MAX_LINES})")


class InputError(Exception):
    """A file that cannot be linted: missing, unreadable, binary, undecodable, too large, a legacy format."""


_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[ \u00a0\u3000]+|[ \u00a0\u3000]+(?=[{_CJK}])")
_WS = re.compile(r"[\s\u00a0\u3000]+")


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(re.match(rf"[{_CJK}]", ch))


def squeeze(text: str) -> str:
    """Drop the spaces a PDF's justified layout puts between Chinese characters ("邮 编 ：" → "邮编：").

    Spaces between two digits or Latin words are kept: "230 000023" stays visible as two numbers
    that ran together.
    """
    return _SPACE_NEAR_CJK.sub("", text)


def collapse(text: str) -> str:
    """One line of text: runs of white space (tabs, newlines, NBSP, U+3000) become one space."""
    return _WS.sub(" ", text).strip()


def join_lines(parts: list[str]) -> str:
    """Join the lines of a wrapped paragraph or cell: no space between Chinese text, one between words,
    none after a hyphen or a slash that a URL or a name was broken at (“www.nanping-” / “qu.gov.cn”)."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(part[0]) or (out[-1] in "-/" and part[0].isascii() and part[0].isalnum())):
            out += " "
        out += part
    return out
