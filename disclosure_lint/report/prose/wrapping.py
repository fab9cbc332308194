"""Hard-wrapped lines: does a text line continue the sentence of the line before it?

PDF and plain-text reports break lines at a width, not at sentence ends; web bodies break at paragraphs.
A line that ends with sentence-final punctuation starts a new sentence; otherwise the next line continues it.
"""

from __future__ import annotations

# After normalisation full-width punctuation is ASCII: ，→,  ；→;  ：→:  （→(  ）→)  ！→!  ？→?
TERMINAL = "。!?;:"


def ends_sentence(prev: str) -> bool:
    """Does the text line ``prev`` end its sentence (so the next line starts a new one)?"""
    prev = prev.rstrip()
    # A short line ending with ")" is a caption such as "(一)…" rather than a wrapped clause.
    return not prev or prev[-1] in TERMINAL or prev[-1] == ")" and len(prev) < 20
