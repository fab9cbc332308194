"""Text from reports and file names, made safe for every output.

A report is hostile input: a line may carry terminal escape sequences (a title change, a screen clear,
an OSC 8 link), C1 controls, bidirectional overrides, characters XML 1.0 forbids; a file name may hold
bytes that are not UTF-8 (Python keeps them as lone surrogates).  Every output goes through here:
:func:`clean` writes such characters as visible escapes (``\\x1b``, ``\\u202e``; a file name's raw byte
as ``\\xff``), :func:`clean_line` replaces each by one visible symbol so that a quoted line keeps its
columns (the caret under a finding stays in place), and :func:`safe_items` applies :func:`clean` to
every message, error and path of a run before any writer sees them.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import replace

from disclosure_lint.output import FileResult

# C0 controls but tab, DEL and C1, bidirectional marks and overrides, lone surrogates, non-characters.
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff\ufffe\uffff]")


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte of a name that was not UTF-8 (os.fsdecode's surrogateescape)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape."""
    return _UNSAFE.sub(lambda m: _escaped(m.group()), text)


def _symbol(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures symbol: ␛ for ESC
    return "\u2421" if code == 0x7F else "\ufffd"


def clean_line(text: str) -> str:
    """``text`` with every unsafe character replaced by one visible symbol (same length, same columns):
    :func:`_symbol` of each, made by one ``str.replace`` per kind of control character present and one
    substitution for the rest (one call of ``_symbol`` per character took seconds on a line of a
    megabyte of controls quoted by each of its findings)."""
    if not _UNSAFE.search(text):
        return text
    for ch in _C0:
        if ch in text:
            text = text.replace(ch, _symbol(ch))
    return _UNSAFE.sub("\ufffd", text)


_C0 = [chr(c) for c in (*range(0x09), *range(0x0A, 0x20), 0x7F)]  # the unsafe characters whose symbol is not U+FFFD


def safe_items(items):
    """The run's results with every path, error and message cleaned, ready for any writer (a batch's
    results are cleaned as each is handed out)."""
    if hasattr(items, "cleaned"):
        return items.cleaned(_safe_item)
    return [_safe_item(item) for item in items]


def _safe_item(item: FileResult) -> FileResult:
    result = item.result
    if result is not None and any(_UNSAFE.search(d.message) for d in result.diagnostics):
        result = replace(result, diagnostics=tuple(replace(d, message=clean(d.message)) for d in result.diagnostics))
    return replace(item, path=clean(item.path), result=result,
                   error=clean(item.error) if item.error is not None else None)
