"""Source text: original lines, normalised lines, and positions.

A :class:`Seg` is a piece of one original line (usually the whole line; a heading that runs inline in
a long paragraph becomes its own segment).  Positions are 1-based lines and 1-based character columns
of the original text; ``end_column`` is exclusive.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass

from disclosure_lint.read.normalize import normalize_lines

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# What str.splitlines also ends a line at, and a report's line breaks (CRLF, LF, CR) do not.
_OTHER_BREAKS = re.compile(r"[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``: CRLF, LF and CR-only (old Mac, some exports) all end a line, and a break
    at the end leaves an empty last line.  ``str.splitlines`` when the text has none of the other
    characters it breaks at (nearly always): five times faster than splitting with the pattern.

    Whether it has any is told by counting: each other break makes one line more than the text's CRLF,
    LF and CR do (three counts cost half a pattern's scan), but for one at the very end."""
    lines = text.splitlines()
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    ends_open = bool(text) and text[-1] not in "\r\n"
    if len(lines) != breaks + ends_open or (ends_open and _OTHER_BREAKS.match(text, len(text) - 1)):
        return _LINE_BREAK.split(text)
    if not ends_open:
        lines.append("")
    return lines


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, line: int, column: int, end_line: int, end_column: int) -> None:
        # Fields written to the instance's dict: the generated __init__ of a frozen dataclass calls
        # object.__setattr__ per field, four times slower, and a report builds thousands of spans.
        fields = self.__dict__
        fields["line"], fields["column"], fields["end_line"], fields["end_column"] = line, column, end_line, end_column

    def __reduce__(self):
        # Pickled as a call of the class with its fields: a report holds hundreds of spans, and loading
        # them through __init__ is much faster than restoring each one's __dict__ (a batch's spill file,
        # the results its workers send, the result cache).
        return (Span, (self.line, self.column, self.end_line, self.end_column))


@dataclass(frozen=True)
class Seg:
    """A run of characters on one original line, in normalised form."""

    text: str
    line: int
    col: int  # 1-based column of text[0] in the original line

    def __init__(self, text: str, line: int, col: int) -> None:
        fields = self.__dict__  # as Span's: every line makes a few segments
        fields["text"], fields["line"], fields["col"] = text, line, col

    def __reduce__(self):
        return (Seg, (self.text, self.line, self.col))  # as Span's

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Span of ``text[start:end]`` in original coordinates."""
        stop = len(self.text) if end is None else end
        return Span(self.line, self.col + start, self.line, self.col + (stop if stop > start else start + 1))

    def sub(self, start: int, end: int | None = None) -> "Seg":
        stop = len(self.text) if end is None else end
        if start == 0 and stop == len(self.text):
            return self  # the whole segment (a value: no copy needed)
        return Seg(self.text[start:stop], self.line, self.col + start)

    def part(self, start: int, end: int | None = None) -> "Seg":
        """``sub(start, end).strip()`` without the segment in between: a flattened page is cut into a
        piece per table row and paragraph."""
        text = self.text
        stop = len(text) if end is None else end
        piece = text[start:stop]
        if not piece or not (piece[0].isspace() or piece[-1].isspace()):
            return self if start == 0 and stop == len(text) else Seg(piece, self.line, self.col + start)
        body = piece.strip()
        if not body:
            return Seg("", self.line, self.col + start + len(piece))
        return Seg(body, self.line, self.col + start + piece.index(body[0]))

    def strip(self) -> "Seg":
        """Strip surrounding white space, keeping the columns right."""
        text = self.text
        if not text or not (text[0].isspace() or text[-1].isspace()):
            return self  # nothing to strip (most segments)
        body = text.strip()
        if not body:
            return Seg("", self.line, self.col + len(text))
        return Seg(body, self.line, self.col + text.index(body[0]))  # its first character is where the body starts


@dataclass(frozen=True)
class Source:
    """A decoded report: its original lines and their normalised twins (same lengths)."""

    path: str
    raw_lines: tuple[str, ...]
    lines: tuple[str, ...]
    # For a source synthesised from a Word, HTML or PDF file: where each line came from, in words a
    # person can find ("第3页 第2段", "表2 第4行"); empty for text files.
    origins: tuple[str, ...] = ()
    # Bytes that could not be decoded (each run shown as U+FFFD): where the first run is in the file's
    # text (line, column), how many bytes in all, and the first run's bytes in hex.  None: all decoded.
    undecodable: tuple[int, int, int, str] | None = None

    @classmethod
    def from_text(cls, text: str, path: str = "-") -> "Source":
        raw = tuple(split_lines(text))
        lines = normalize_lines(raw)  # a line with nothing to fold is its raw line
        return cls(path, raw, lines)

    def seg(self, line: int) -> Seg:
        return Seg(self.lines[line - 1], line, 1)

    def location(self, line: int, column: int = 1) -> str | None:
        """Where ``line`` (and the cell at ``column`` of a table row) is in the original file, if known."""
        if not (1 <= line <= len(self.origins)) or not self.origins[line - 1]:
            return None
        origin = self.origins[line - 1]
        raw = self.raw_lines[line - 1] if line <= len(self.raw_lines) else ""
        if origin.endswith("行") and "\t" in raw:  # a table row: cells are joined by tabs
            origin += f" 第{raw[: max(column - 1, 0)].count(chr(9)) + 1}格"
        return origin

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
