"""Web pages (.html/.htm, or a saved page under another name), read with BeautifulSoup.

Site furniture is removed before reading — scripts and styles, ``<nav>``, ``<aside>``, a page
``<header>``/``<footer>``, and elements whose class or id names navigation, menus, footers,
breadcrumbs or share buttons — so that it neither hides the report nor raises findings.  Block
elements become paragraphs (a ``<br>`` ends a line), ``<table>`` becomes a table read cell by cell
with ``rowspan``/``colspan`` placed on the grid; a layout table (one holding other tables, or a single
column) is read as the content it holds.  Origins: “第12段”, “表2 第4行”.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Callable
from dataclasses import dataclass

from disclosure_lint.read.document import Document
from disclosure_lint.read.base import MAX_CELLS, MAX_COLUMNS, InputError, join_lines
from disclosure_lint.read.builder import Builder

DROP_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "iframe", "form", "button", "select",
             "svg", "canvas", "object", "embed", "head")
FURNITURE = re.compile(r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|menus|footer|foot|breadcrumbs?|crumbs?|share|"
                       r"sharebar|bdsharebuttonbox|sidebar|toolbar|copyright|topbar|skip)(?:$|[-_\s\d])|"
                       r"breadcrumb|daohang|dqwz|weizhi|fenxiang|bdshare", re.IGNORECASE)
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
                        "pre", "center", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "address",
                        "figure", "figcaption", "caption", "hr", "body", "html", "tbody", "thead", "tfoot", "tr",
                        "td", "th"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _is_furniture(tag) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    words = " ".join(attrs.get("class", []) if isinstance(attrs.get("class"), list) else [str(attrs.get("class", ""))])
    words += " " + str(attrs.get("id", "")) + " " + str(attrs.get("role", ""))
    if attrs.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    return bool(words.strip()) and bool(FURNITURE.search(words))


def _gone(tag) -> bool:
    """Whether ``tag`` was removed with an ancestor.  Not ``tag.decomposed``: on a live tag bs4 answers
    that through ``Tag.__getattr__``, i.e. by searching the whole subtree for a ``<_decomposed>``
    element, which made stripping quadratic on deeply nested pages."""
    return bool(tag.__dict__.get("_decomposed", False))


def _strip_furniture(soup) -> None:
    for tag in soup.find_all(DROP_TAGS):
        if not _gone(tag):
            tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if _gone(tag):
            continue
        if tag.name == "footer" or tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    for tag in soup.find_all(True):
        if _gone(tag):
            continue
        if tag.name not in ("html", "body") and _is_furniture(tag):
            tag.decompose()


class _Reader:
    def __init__(self, path: str):
        self.builder = Builder(path)
        self.line: list[str] = []
        self.paras = 0
        self.tables = 0
        self.level: int | None = None
        self.budget = [MAX_CELLS]

    def flush(self) -> None:
        text = "".join(self.line)
        self.line = []
        if text.strip():
            self.paras += 1
            self.builder.para(text, f"第{self.paras}段", self.level)

    def walk(self, root) -> None:
        """Read ``root``'s content in document order.  Iterative (an explicit stack, not recursion):
        a page nested thousands of elements deep (unclosed ``<span>``s) must not exhaust the stack."""
        from bs4 import Comment, NavigableString, Tag

        todo: list = list(reversed(root.contents))
        while todo:
            item = todo.pop()
            if isinstance(item, _Then):
                item.action()
            elif isinstance(item, Comment):
                continue
            elif isinstance(item, NavigableString):
                self.line.append(str(item))
            elif isinstance(item, Tag):
                todo.extend(reversed(self._enter(item)))

    def _enter(self, tag) -> list:
        """What reading ``tag`` takes, in order: its children, and actions to run between them."""
        name = tag.name
        if name == "br":
            self.flush()
            return []
        if name == "table":
            self.flush()
            return self.table(tag)
        if name in HEADINGS:
            self.flush()
            # <h1> is the page's title; <h2>… without a number in their text are headings of their level - 1.
            level = int(name[1]) - 1
            self.level = min(level, 4) if level >= 1 and self._numbered_heading(tag) is None else None
            return [*tag.contents, _Then(self._end_heading)]
        if name in BLOCK_TAGS:
            self.flush()
            return [*tag.contents, _Then(self.flush)]
        return list(tag.contents)

    def _end_heading(self) -> None:
        self.flush()
        self.level = None

    @staticmethod
    def _numbered_heading(tag) -> str | None:
        from disclosure_lint.read.lexer import heading_of

        text = _text_start(tag)
        return text if heading_of(text) else None

    def table(self, table) -> list:
        """Read a data table into the builder; a layout table gives its cells' content to read."""
        rows, nested = _own_rows(table)
        width = max((sum(_span(c, "colspan") for c in _own_cells(r)) for r in rows), default=0)
        if nested or width <= 1:
            # A layout table: read what it holds.
            return [item for row in rows for cell in _own_cells(row)
                    for item in (_Then(self.flush), *cell.contents, _Then(self.flush))]
        grid = _grid(rows, self.budget)
        if grid:
            self.tables += 1
            self.builder.table(grid, [f"表{self.tables} 第{i}行" for i in range(1, len(grid) + 1)])
        return []


@dataclass(frozen=True)
class _Then:
    """An action on the reading stack, run once the children pushed before it have been read."""

    action: Callable[[], None]


def _own_rows(table) -> tuple[list, bool]:
    """The table's own rows (not those of tables nested in it), and whether it holds another table."""
    from bs4 import Tag

    rows, nested = [], False
    todo = [c for c in reversed(table.contents) if isinstance(c, Tag)]
    while todo:
        tag = todo.pop()
        if tag.name == "table":
            nested = True
            continue
        if tag.name == "tr":
            rows.append(tag)
        todo.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return rows, nested


def _own_cells(tr) -> list:
    return [c for c in tr.find_all(["td", "th"], recursive=False)]


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr, 1)).strip() or 1), 100))
    except ValueError:
        return 1


_BREAK = object()  # a line break inside a cell's text


def _cell_text(cell) -> str:
    from bs4 import Comment, NavigableString, Tag

    parts: list[str] = []
    current: list[str] = []
    todo: list = list(reversed(cell.contents))
    while todo:  # iterative, as Reader.walk
        item = todo.pop()
        if item is _BREAK or (isinstance(item, Tag) and (item.name == "br" or item.name in BLOCK_TAGS)):
            parts.append("".join(current))
            current.clear()
            if item is not _BREAK:
                todo.extend([_BREAK, *reversed(item.contents)])
        elif isinstance(item, Comment):
            continue
        elif isinstance(item, NavigableString):
            current.append(str(item))
        elif isinstance(item, Tag):
            todo.extend(reversed(item.contents))
    parts.append("".join(current))
    return join_lines([re.sub(r"[\s\u00a0]+", " ", p) for p in parts])


def _grid(rows, budget: list[int]) -> list[list[str | None]]:
    """The rows as a grid (``None`` where a span covers a position).  Rows are cut at MAX_COLUMNS and
    spans at the table's end; ``budget`` holds the cells the page may still build (InputError past it)."""
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], bool] = {}  # (row, col) covered by a rowspan from above
    for r, tr in enumerate(rows):
        row: list[str | None] = []
        col = 0
        for cell in _own_cells(tr):
            while pending.pop((r, col), False):
                row.append(None)
                col += 1
            if col >= MAX_COLUMNS:
                break
            colspan, rowspan = _span(cell, "colspan"), min(_span(cell, "rowspan"), len(rows) - r)
            row.append(_cell_text(cell))
            row.extend([None] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending[(r + dr, col + dc)] = True
            col += colspan
        while pending.pop((r, col), False):
            row.append(None)
            col += 1
        budget[0] -= len(row)
        if budget[0] < 0:
            raise InputError(f"the page's tables have more than {MAX_CELLS} cells: too large to be a report")
        grid.append(row[:MAX_COLUMNS])
    return grid


def read_html(text: str, path: str) -> Document:
    try:
        from bs4 import BeautifulSoup
    except ImportError as exc:  # pragma: no cover - a broken installation
        raise InputError("reading web pages needs beautifulsoup4 (pip install beautifulsoup4)") from exc
    try:
        import lxml  # noqa: F401

        parser = "lxml"
    except ImportError:
        parser = "html.parser"
    text = _without_comments(text)
    elements = sum(1 for _ in _TAG_START.finditer(text))
    if elements > MAX_ELEMENTS:
        raise InputError(f"the page has {elements} elements, more than the limit of {MAX_ELEMENTS}: too large to be a report")
    soup = BeautifulSoup(text, parser)
    published = _meta_pubdate(soup)
    _strip_furniture(soup)
    reader = _Reader(path)
    reader.walk(soup.body or soup)
    reader.flush()
    if published:
        # Government sites carry the publication time in <meta name="PubDate"> (政府网站发展指引); it
        # dates a report that has no signature date, and late-publication checks it.
        reader.builder.para(f"发布时间：{published}", "网页元数据 PubDate")
    return reader.builder.build()


# A crawled report page has a few thousand elements (the largest real one here: 1,785), a Word "web page"
# a few more per paragraph and cell; BeautifulSoup builds each in ~30 µs, so a fuzzed page of 356,000 took
# 11 s and 330 MB.  Counted before parsing: every "<" followed by a letter opens an element.
MAX_ELEMENTS = 50_000
_TAG_START = re.compile(r"<[A-Za-z]")


def _without_comments(text: str) -> str:
    """The page without its ``<!-- … -->`` comments, which are never read: BeautifulSoup relinks its tree
    once per comment over every node so far (20,000 comments in a page took 22 s).  One pass with find
    (a pattern would rescan to the end from every unclosed ``<!--``); an unclosed one runs to the end."""
    start = text.find("<!--")
    if start < 0:
        return text
    parts, pos = [], 0
    while start >= 0:
        parts.append(text[pos:start])
        abrupt = next((len(f) for f in ("<!-->", "<!--->") if text.startswith(f, start)), 0)  # empty, as browsers read it
        end = start + abrupt - 3 if abrupt else text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        pos = end + 3
        start = text.find("<!--", pos)
    parts.append(text[pos:])
    return "".join(parts)


_PUBDATE_NAMES = {"pubdate", "publishdate", "firstpublishedtime", "publishtime", "pubtime"}


def _meta_pubdate(soup) -> str | None:
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name in _PUBDATE_NAMES and content:
            return content[:40]
    return None


def _text_start(tag, chars: int = 200, nodes: int = 100) -> str:
    """The beginning of a tag's text, like ``get_text(" ", strip=True)`` but reading a bounded part of
    the subtree: heading tags nested thousands deep each read their whole subtree otherwise."""
    from bs4 import Comment, NavigableString

    parts: list[str] = []
    size = 0
    # Depth first over ``.contents`` with a stack: bs4's ``descendants`` first finds the subtree's last
    # node, a walk of the whole subtree at each call (quadratic over nested headings).
    stack = [iter(getattr(tag, "contents", ()))]
    for _ in range(nodes):
        node = next(stack[-1], None)
        while node is None and len(stack) > 1:
            stack.pop()
            node = next(stack[-1], None)
        if node is None or size >= chars:
            break
        if isinstance(node, NavigableString):
            if not isinstance(node, Comment) and node.strip():
                parts.append(node.strip())
                size += len(parts[-1])
        else:
            stack.append(iter(node.contents))
    return " ".join(parts)
