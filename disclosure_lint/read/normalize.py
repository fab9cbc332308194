"""Length-preserving normalisation of report text.

Every mapping here replaces one character with exactly one character, so that a column in the
normalised text is the same column in the original: findings computed on normalised text point at
the original text without any offset bookkeeping.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# What ``\s`` matches in a str pattern (``str.isspace``; tests/test_units.py holds it to that), written
# out for character classes: ``[\s…]`` asks for a Unicode category at every character it tests, two to
# three times slower than a class of the characters themselves (``[\s,，。]`` over a report's prose).
INLINE_SPACE_CLASS = r"\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # all but the line break
SPACE_CLASS = r"\n" + INLINE_SPACE_CLASS


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Full-width ASCII block (！ … ～) to ASCII: digits, letters, punctuation, （）：，etc.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    spaces = "\u3000\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\ufeff"
    for ch in spaces:
        table[ord(ch)] = " "
    # Bracket variants used around 文号 years and list numbers.
    for ch in "〔［【﹝":
        table[ord(ch)] = "["
    for ch in "〕］】﹞":
        table[ord(ch)] = "]"
    table[ord("﹙")] = "("
    table[ord("﹚")] = ")"
    # Dots that PDF and Word put after list numbers.
    for ch in "．":
        table[ord(ch)] = "."
    table[ord("\r")] = " "
    return table


@lru_cache(maxsize=1)
def _folded() -> Any:
    """Any character :func:`normalize` changes: one search finds those a text holds (most lines hold none
    or a few kinds: "，：（）")."""
    from disclosure_lint import recache as re

    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_table())) + "]")


def normalize(text: str) -> str:
    """Return ``text`` with full-width forms and space variants folded, same length.  A text with nothing
    to fold is returned as it is: a source's two copies of such a line are then one object."""
    return _folded_line(text, _folded().search, _table())


def _folded_line(line: str, search: Any, table: dict[int, str]) -> str:
    """``line`` folded, one kind of character at a time: each kind found is replaced everywhere in one
    pass (``str.translate`` with a dict looks every character up, four times slower on Chinese text), and
    the search goes on from there.  No replacement is itself replaced (no character is mapped to one that
    is mapped), so the characters before that place have nothing left to fold: a line is searched once,
    and there is one match per kind of character (a page has hundreds of "，", five or six kinds)."""
    m = search(line)
    while m is not None:
        at = m.start()
        ch = line[at]
        line = line.replace(ch, table[ord(ch)])
        m = search(line, at + 1)
    return line


def normalize_lines(lines: list[str]) -> tuple[str, ...]:
    """:func:`normalize` of each line, with the pattern and the table looked up once (a text's lines are
    a few hundred calls)."""
    search, table = _folded().search, _table()
    return tuple([_folded_line(line, search, table) for line in lines])


DASHES = "-‐‑‒–—―－﹣−"
