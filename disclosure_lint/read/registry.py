"""The registry of input formats: each reader names its suffixes and how to recognise its content.

Adding an input format is one new module that calls :func:`register` with a :class:`Reader`; loading,
directory scans (which files are reports) and the pre-commit hook's ``files:`` pattern (checked by a
test against :func:`files_pattern`) all follow the registry.  The built-in readers are registered here
as data; their modules (python-docx, pypdfium2, the HTML parser) are imported only when a file of
their format is read.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from disclosure_lint.read import detect


@dataclass(frozen=True)
class Reader:
    """One input format.

    ``sniff(head, name)`` tells the format by content (the first bytes of the file) and, where
    content cannot tell, by name; ``read`` is ``"module:function"`` (imported when first used) or a
    callable ``(data, path) -> Loaded``.  ``text`` readers are tried once the bytes are decoded: their
    ``sniff`` receives the text, their ``read`` a :class:`~disclosure_lint.read.load.Decoded`.
    """

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[..., bool]
    read: str | Callable
    text: bool = False

    def reader(self) -> Callable:
        if callable(self.read):
            return self.read
        module, _, function = self.read.partition(":")
        return getattr(import_module(module), function)


def _suffix(name: str) -> str:
    return detect.suffix_of(name)


def _is_pdf(head: bytes, name: str) -> bool:  # noqa: ARG001 - content alone tells
    return head.startswith(b"%PDF") or b"%PDF-" in head[:1024]


def _is_docx(head: bytes, name: str) -> bool:
    return head.startswith(b"PK\x03\x04")  # a ZIP: detect.sniff has refused every ZIP that is not Word


def _is_html(text: str, name: str) -> bool:
    return detect.text_format(text, name) == detect.HTML  # by its tags, whatever the name


def _is_markdown(text: str, name: str) -> bool:
    return _suffix(name) in (".md", ".markdown")


_BUILTIN = (
    Reader("pdf", (".pdf",), _is_pdf, "disclosure_lint.read.load:load_pdf"),
    Reader("docx", (".docx",), _is_docx, "disclosure_lint.read.load:load_docx"),
    Reader("html", (".html", ".htm"), _is_html, "disclosure_lint.read.load:load_html", text=True),
    Reader("markdown", (".md", ".markdown"), _is_markdown, "disclosure_lint.read.load:load_text", text=True),
)
TEXT = Reader("text", (".txt", ".text"), lambda text, name: True, "disclosure_lint.read.load:load_text", text=True)
_ADDED: list[Reader] = []


def register(reader: Reader) -> None:
    """Add an input format (it is tried before the built-in ones, in the order registered)."""
    _ADDED.append(reader)


def unregister(name: str) -> None:
    _ADDED[:] = [r for r in _ADDED if r.name != name]


def readers() -> tuple[Reader, ...]:
    """Every reader, in the order they are tried; plain text is the last resort."""
    return (*_ADDED, *_BUILTIN, TEXT)


def reader_for(head: bytes, name: str) -> Reader:
    """The reader of a file: the first whose sniffing recognises it (by content, else by name)."""
    return next(r for r in readers() if r.sniff(head, name))


def report_suffixes() -> tuple[str, ...]:
    """The file suffixes a directory scan lints."""
    return tuple(s for r in readers() for s in r.suffixes)


def files_pattern() -> str:
    """The pre-commit hook's ``files:`` regular expression for the registered suffixes."""
    names = sorted({s.lstrip(".") for s in report_suffixes()})
    return r"\.(" + "|".join(re.escape(n) for n in names) + r")$"
