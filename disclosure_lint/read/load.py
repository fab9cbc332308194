"""Load a report file: read bytes, tell the format, decode text (UTF-8 ± BOM, UTF-16, GB18030/GBK).

The format is told by content first (:mod:`disclosure_lint.read.detect`): text and Markdown go to
the text pipeline as a :class:`Source`; Word (.docx), web pages (HTML, also a ``.txt`` that is really
one) and PDF are read by their own readers into a ready :class:`Document`.  Errors are
:class:`InputError` with one clear message; the CLI turns them into exit code 2.
"""

from __future__ import annotations

import codecs
import os
import stat
from disclosure_lint import recache as re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from disclosure_lint.read.document import Document
from disclosure_lint.read import detect
from disclosure_lint.read.base import MAX_LINES, InputError, too_many_lines
from disclosure_lint.read.registry import readers
from disclosure_lint.read.source import Source

__all__ = ["InputError", "Loaded", "load_input", "load_data", "decode"]

MAX_BYTES = 64 * 1024 * 1024  # far above any real report; protects memory on a mistaken path
# Characters of text a report may hold once read (a PDF or Word file can be large in bytes, mostly images,
# and small in text).  Real reports have 2,000 to 50,000 characters, the longest a few hundred thousand;
# 5 MB of Chinese text is about 1.9 million.  Past that, a file is not one report (a Word file of a few
# kilobytes whose XML unpacks to millions of digits, a line pasted a thousand times): refusing it keeps
# every file to a couple of seconds and well under 300 MB.
MAX_CHARS = 2_000_000


@dataclass(frozen=True)
class Bad:
    """Undecodable bytes of an otherwise readable text: where the first run is, and how many there are."""

    line: int  # 1-based line and column (characters) of the first replaced run in the decoded text
    column: int
    count: int  # undecodable bytes in the whole file
    first: str  # the first run's bytes in hex, e.g. "C4 E3"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    bad: Bad | None = None  # bytes that no candidate encoding could read, each run replaced by U+FFFD


_MARK = "disclosure-lint-mark"
_MARKS = re.compile("[\udc00-\udcff]+")


def _mark(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: each undecodable byte becomes the lone surrogate U+DC00+byte.  Strict
    decoding never yields lone surrogates, so afterwards every one of them is a marked byte."""
    assert isinstance(exc, UnicodeDecodeError)
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start:exc.end]), exc.end


def _lossy(data: bytes, encoding: str) -> tuple[str, int]:
    """``data`` decoded with every undecodable byte marked; and how many bytes were marked."""
    if encoding == "utf-8":
        # The same marks, made in C: UTF-8's undecodable bytes are all 0x80 or above, which is what
        # "surrogateescape" marks (other codecs' errors can take in an ASCII byte, which it would read
        # as text).  A GBK file read as UTF-8 has a million of them: a Python handler took a second.
        text = data.decode(encoding, errors="surrogateescape")
    else:
        codecs.register_error(_MARK, _mark)  # idempotent; registered on first use, not at import
        text = data.decode(encoding, errors=_MARK)
    return text, _count_marks(text)


def _count_marks(text: str, step: int = 1 << 16) -> int:
    """How many characters are marks, counted a slice at a time: a GBK file read as UTF-8 has a million
    marked runs, and a list of them all (or ``sub``'s list of the pieces between them) peaked 60-80 MB
    above a 7 MB text.  A run cut at a slice's end is counted in two parts: the same characters."""
    return sum(sum(map(len, _MARKS.findall(text, start, start + step))) for start in range(0, len(text), step))


def _located(text: str, encoding: str, count: int) -> Decoded:
    """Replace each marked run by U+FFFD and remember where the first one was."""
    first = _MARKS.search(text)
    if first is None:
        return Decoded(text, encoding)
    line = text.count("\n", 0, first.start()) + 1
    column = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    hexed = " ".join(f"{ord(ch) - 0xDC00:02X}" for ch in first.group()[:8])
    return Decoded(_MARKS.sub("\ufffd", text), encoding, Bad(line, column, count, hexed))


def _best_lossy(data: bytes, encodings: tuple[str, ...]) -> Decoded:
    """The candidate that loses fewest bytes; a file mostly undecodable is not text (InputError).  Each
    candidate's marks are counted with no other decoding alive, and the best decoded again: keeping them
    all held two big decodings at once beside the copy with the marks replaced (65 MB traced for a 4.7 MB
    file whose decodings take 4 bytes a character; 45 MB now, for one more decoding's time)."""
    counts: list[int] = []
    for candidate in encodings:
        text = ""  # the previous decoding let go before the next is made
        text, marked = _lossy(data, candidate)
        counts.append(marked)
    count = min(counts)
    encoding = encodings[counts.index(count)]  # ties: the earlier candidate, as before
    if encoding != encodings[-1]:
        text = ""
        text = _lossy(data, encoding)[0]
    # The first 4,000 unmarked characters, all that _texty looks at, lie in the first 4,000 + count.
    if count > max(16, len(data) // 20) or not _texty(_MARKS.sub("", text[:4000 + count])):
        raise InputError(f"cannot decode the file: {count} of {len(data)} bytes are not "
                         f"{' or '.join(e.upper() for e in encodings)} text")
    return _located(text, encoding, count)


def _strict(data: bytes, encodings: tuple[str, ...]) -> Decoded | None:
    for encoding in encodings:
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    return None


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return (
        32 <= code < 127 or ch in "\t\n\r\f"
        or 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F or 0x3400 <= code <= 0x4DBF or 0xA0 <= code <= 0xFF
        or 0x2460 <= code <= 0x27BF or 0xFE30 <= code <= 0xFE4F
    )


def _texty(text: str) -> bool:
    """Decoded text of a report: almost every character is one that Chinese report text uses."""
    sample = text[:4000]
    if not sample:
        return True
    return sum(1 for ch in sample if _plausible(ch)) >= 0.9 * len(sample)


KNOWN_BINARY = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP/Office Open XML (.docx)",
    b"\xd0\xcf\x11\xe0": "OLE2 (.doc/.wps/.xls)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
}


def decode(data: bytes) -> Decoded:
    """Decode a text file.  Never raises UnicodeError: bytes that no encoding reads are replaced and
    reported (:class:`Bad`); a file that is mostly not text is an :class:`InputError`."""
    if data.startswith(codecs.BOM_UTF8):
        # A BOM followed by GBK bytes happens (an editor's re-save): the BOM alone does not decide.
        return _strict(data[3:], ("utf-8", "gb18030")) or _best_lossy(data[3:], ("utf-8", "gb18030"))
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _strict(data[2:], (encoding,)) or _best_lossy(data[2:], (encoding,))
    for magic, name in KNOWN_BINARY.items():
        if data.startswith(magic):
            raise InputError(f"this is a {name} file, not text")
    if b"\x00" in data[:8192]:
        # UTF-16 without a BOM has NUL bytes; binary data has them too, but does not decode to text.
        for enc in ("utf-16-le", "utf-16-be"):
            text, count = _lossy(data, enc)
            if count <= 2 and "\x00" not in text and _texty(_MARKS.sub("", text)):
                return _located(text, enc, count)
        raise InputError("not a text file (binary data)")
    decoded = _strict(data, ("utf-8",))
    if decoded is not None:
        return decoded
    text, count = _lossy(data, "utf-8")
    if count <= max(4, len(data) // 1000):  # a stray byte or two in a UTF-8 file: not GBK
        return _located(text, "utf-8", count)
    decoded = _strict(data, ("gb18030",))
    if decoded is not None:
        return decoded
    return _guessed(data) or _best_lossy(data, ("utf-8", "gb18030"))


GUESS_SAMPLE = 256 * 1024  # bytes charset_normalizer looks at: every real report whole; a big file's start


def _guessed(data: bytes) -> Decoded | None:
    """The rare file that is neither UTF-8 nor GB18030 (Big5, a legacy code page): charset_normalizer
    names the encoding from the first GUESS_SAMPLE bytes (cut at a line break), and the whole file must
    then decode in it.  Given a whole 2.4 MB file it held ~120 MB of trial decodings at once."""
    from charset_normalizer import from_bytes  # imported only here

    sample = data
    if len(data) > GUESS_SAMPLE:
        cut = data.rfind(b"\n", 0, GUESS_SAMPLE)
        sample = data[: cut + 1 if cut > 0 else GUESS_SAMPLE]
    best = from_bytes(sample).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(text, best.encoding) if _texty(text) else None


# Control characters other than the white space of a text (\t \n \v \f \r): counted by one search.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _check_text(text: str) -> None:
    controls = len(_CONTROL.findall(text, 0, 20000))
    if controls > max(8, min(len(text), 20000) // 100):
        raise InputError("not a text file (too many control characters)")


@dataclass(frozen=True)
class Loaded:
    """A report ready for the pipeline.

    Text formats give a :class:`Source` that the grammar parses.  Formats with real structure (Word,
    HTML, PDF tables) give the :class:`Document` directly, with a ``source`` of synthesised lines for
    quoting and locating findings.
    """

    source: Source
    encoding: str
    format: str = "text"  # text | markdown | docx | html | pdf
    document: Document | None = None


def load_data(data: bytes, path: str) -> Loaded:
    """Load a report from its bytes, whatever its format; ``path`` names it (and gives the extension).

    The format is the first registered reader's (:mod:`disclosure_lint.read.registry`) that recognises
    the bytes, else, once decoded, the text."""
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    detect.sniff(data, path)  # refuses what cannot be read: legacy Office, images, spreadsheets, archives
    binary = next((r for r in readers() if not r.text and r.sniff(data[:2048], path)), None)
    if binary is not None:
        return _not_too_long(binary.reader()(data, path))
    if len(data) > 4 * MAX_CHARS:  # no encoding takes more than 4 bytes a character: too long, not decoded
        raise InputError(f"text too long ({len(data)} bytes, more than {MAX_CHARS} characters; the limit is {MAX_CHARS})")
    decoded = decode(data)
    _check_length(len(decoded.text))
    return _not_too_long(next(r for r in readers() if r.text and r.sniff(decoded.text, path)).reader()(decoded, path))


def _check_length(chars: int) -> None:
    if chars > MAX_CHARS:
        raise InputError(f"text too long ({chars} characters; the limit is {MAX_CHARS})")


def _not_too_long(loaded: "Loaded") -> "Loaded":
    lines = loaded.source.lines
    if len(lines) > MAX_LINES:
        raise too_many_lines(len(lines))
    _check_length(sum(map(len, lines)) + len(lines))  # each line and its break
    return loaded


def load_pdf(data: bytes, path: str) -> Loaded:
    from disclosure_lint.read.pdf import read_pdf

    document = read_pdf(data, path)
    return Loaded(document.source, "binary", detect.PDF, document)


def load_docx(data: bytes, path: str) -> Loaded:
    from disclosure_lint.read.docx import read_docx

    document = read_docx(data, path)
    return Loaded(document.source, "binary", detect.DOCX, document)


def load_html(decoded: Decoded, path: str) -> Loaded:
    from disclosure_lint.read.html import read_html

    document = read_html(decoded.text, path)
    document = replace(document, source=_with_bad(document.source, decoded.bad))
    return Loaded(document.source, decoded.encoding, detect.HTML, document)


def load_text(decoded: Decoded, path: str) -> Loaded:
    """Plain text and Markdown: the structure stage parses the text itself."""
    _check_text(decoded.text)
    fmt = detect.MARKDOWN if detect.suffix_of(path) in (".md", ".markdown") else detect.TEXT
    return Loaded(_with_bad(Source.from_text(decoded.text, path), decoded.bad), decoded.encoding, fmt)


def _with_bad(source: Source, bad: Bad | None) -> Source:
    return source if bad is None else replace(source, undecodable=(bad.line, bad.column, bad.count, bad.first))


def load_input(raw: str, path: Path | None, stdin: bytes | None = None) -> Loaded:
    """Load one command-line input: a path, or ``-`` (``path`` None) with the bytes of standard input."""
    if path is None:
        return load_data(stdin or b"", "-")
    return load_data(read_path(path), str(path))


def read_path(path: Path) -> bytes:
    """A report file's bytes.  Only regular files are read: a FIFO, socket or device (``/dev/zero``)
    is refused without reading (opened non-blocking, so that a FIFO without writer cannot block);
    at most MAX_BYTES are read, whatever the file claims its size is."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            kind = info.st_mode
            if stat.S_ISDIR(kind):
                raise IsADirectoryError(str(path))
            if not stat.S_ISREG(kind):
                raise InputError(f"not a regular file ({_file_kind(kind)}): not read")
            data = _bounded(handle, info.st_size)
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from exc
    return data


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a plain file"


def _bounded(handle: BinaryIO, size: int = MAX_BYTES) -> bytes:
    """Read at most MAX_BYTES (one more tells that there is more): InputError past the limit.

    ``size``: what the file says it holds.  Asked for MAX_BYTES, a buffered read allocates that much
    and gives back the rest: two thirds of the time a small report's read took.  A file that holds more
    than it said (it grew, or it is a /proc file that says 0) is read to its end all the same."""
    want = min(size, MAX_BYTES) + 1
    data = handle.read(want)
    if len(data) == want and want <= MAX_BYTES:  # more than it said: the rest, still bounded
        data += handle.read(MAX_BYTES + 1 - len(data))
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large (more than {MAX_BYTES} bytes, the limit)")
    return data


def read_stdin() -> bytes:
    """Standard input's bytes, read with the same bound as a file (never all of an endless stream)."""
    import sys

    return _bounded(sys.stdin.buffer)
