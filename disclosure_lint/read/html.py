"""Web pages (.html/.htm, or a saved page under another name), read with lxml (libxml2's HTML parser).

Site furniture is left out while the page is parsed — scripts and styles, ``<nav>``, ``<aside>``, a page
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


def _is_furniture(attrs: dict[str, str]) -> bool:
    if attrs.get("role") in ("navigation", "banner", "contentinfo"):
        return True
    words = " ".join(attrs.get("class", "").split()) + " " + attrs.get("id", "") + " " + attrs.get("role", "")
    return bool(words.strip()) and bool(FURNITURE.search(words))


class _Node:
    """An element of the page as read: its name, attributes and contents (strings and elements).
    Light on purpose: a page of 50,000 elements is built in well under a second (BeautifulSoup's
    elements, ~30 µs each, made it take seconds)."""

    __slots__ = ("name", "attrs", "contents")

    def __init__(self, name: str, attrs: dict[str, str]):
        self.name = name
        self.attrs = attrs
        self.contents: list[_Node | str] = []


_ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"  # what BeautifulSoup, which read pages before, counted as white space
_PRESERVE = frozenset({"pre", "textarea"})


class _Tree:
    """The target of lxml's HTML parser: builds the page as ``_Node``s, leaving out site furniture.

    Read from the parser's events, as BeautifulSoup read them before (the same parser, the same
    events, so the same text): adjacent text is one string; a string of nothing but ASCII white space
    outside ``<pre>``/``<textarea>`` is one space (or one line break if it holds one); comments
    split text and are dropped; a processing instruction reads as its target and data.  An element that
    is furniture (see the module's doc) is dropped with all it holds while it is parsed, its ``<meta>``s
    still seen: ``<meta name="PubDate">`` lives in ``<head>``, which is dropped."""

    def __init__(self):
        self.root = _Node("[document]", {})
        self.open: list[_Node] = [self.root]
        self.text: list[str] = []
        self.skip = 0  # depth inside a dropped element
        self.framed = 0  # open <article>/<main> elements: a <header> inside one is the report's own
        self.preserve = 0  # open <pre>/<textarea> elements
        self.body: _Node | None = None
        self.published: str | None = None

    def _end_text(self) -> None:
        if not self.text:
            return
        text = "".join(self.text)
        self.text = []
        if not self.preserve and not text.strip(_ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        if not self.skip:
            self.open[-1].contents.append(text)

    def start(self, tag: str, attrib) -> None:
        self._end_text()
        if len(self.open) + self.skip > MAX_DEPTH:
            raise InputError(f"the page nests elements more than {MAX_DEPTH} deep: too deep to be a report")
        attrs = attrib if type(attrib) is dict else dict(attrib)  # lxml hands each start a new dict
        if tag == "meta" and self.published is None:
            self.published = _pubdate(attrs)
        if tag in _PRESERVE:
            self.preserve += 1
        if self.skip or self._dropped(tag, attrs):
            self.skip += 1
            return
        if tag in ("article", "main"):
            self.framed += 1
        node = _Node(tag, attrs)
        self.open[-1].contents.append(node)
        self.open.append(node)
        if tag == "body" and self.body is None:
            self.body = node

    def _dropped(self, tag: str, attrs: dict[str, str]) -> bool:
        if tag in DROP_TAGS or tag == "footer" or (tag == "header" and not self.framed):
            return True
        return bool(attrs) and tag not in ("html", "body") and _is_furniture(attrs)

    def end(self, tag: str) -> None:
        self._end_text()
        if tag in _PRESERVE:
            self.preserve -= 1
        if self.skip:
            self.skip -= 1
            return
        node = self.open.pop()
        if node.name in ("article", "main"):
            self.framed -= 1

    def data(self, data: str) -> None:
        self.text.append(data)

    def comment(self, text: str) -> None:
        self._end_text()

    def pi(self, target: str, data: str) -> None:
        self._end_text()
        self.text.append(f"{target} {data}")
        self._end_text()

    def doctype(self, name: str | None, pubid: str | None, system: str | None) -> None:
        self._end_text()
        value = name or ""
        if pubid is not None:
            value += f' PUBLIC "{pubid}"' + (f' "{system}"' if system is not None else "")
        elif system is not None:
            value += f' SYSTEM "{system}"'
        self.text.append(value)
        self._end_text()

    def close(self) -> _Node:
        self._end_text()
        return self.root


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
        todo: list = list(reversed(root.contents))
        while todo:
            item = todo.pop()
            if isinstance(item, str):
                self.line.append(item)
            elif isinstance(item, _Then):
                item.action()
            else:
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
    rows, nested = [], False
    todo = [c for c in reversed(table.contents) if isinstance(c, _Node)]
    while todo:
        tag = todo.pop()
        if tag.name == "table":
            nested = True
            continue
        if tag.name == "tr":
            rows.append(tag)
        todo.extend(c for c in reversed(tag.contents) if isinstance(c, _Node))
    return rows, nested


def _own_cells(tr) -> list:
    return [c for c in tr.contents if isinstance(c, _Node) and c.name in ("td", "th")]


def _span(cell: _Node, attr: str) -> int:
    value = cell.attrs.get(attr)
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), 100))
    except ValueError:
        return 1


_BREAK = object()  # a line break inside a cell's text


def _cell_text(cell) -> str:
    parts: list[str] = []
    current: list[str] = []
    todo: list = list(reversed(cell.contents))
    while todo:  # iterative, as Reader.walk
        item = todo.pop()
        if isinstance(item, str):
            current.append(item)
        elif item is _BREAK or item.name == "br" or item.name in BLOCK_TAGS:
            parts.append("".join(current))
            current.clear()
            if item is not _BREAK:
                todo.extend([_BREAK, *reversed(item.contents)])
        else:
            todo.extend(reversed(item.contents))
    parts.append("".join(current))
    return join_lines([_CELL_SPACE.sub(" ", p) for p in parts])


_CELL_SPACE = re.compile(r"[\s\u00a0]+")


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
    text = _without_comments(text)
    _check_tags(text)
    tree = _parse(text)
    reader = _Reader(path)
    reader.walk(tree.body or tree.root)
    reader.flush()
    if tree.published:
        # Government sites carry the publication time in <meta name="PubDate"> (政府网站发展指引); it
        # dates a report that has no signature date, and late-publication checks it.
        reader.builder.para(f"发布时间：{tree.published}", "网页元数据 PubDate")
    return reader.builder.build()


def _check_tags(text: str) -> None:
    """Refuse, before parsing, a page of more elements or end tags than a report has."""
    elements = sum(1 for _ in _TAG_START.finditer(text))
    if elements > MAX_ELEMENTS:
        raise InputError(f"the page has {elements} elements, more than the limit of {MAX_ELEMENTS}: too large to be a report")
    ends = sum(1 for _ in _END_TAG.finditer(text))
    if ends > MAX_ELEMENTS:
        raise InputError(f"the page has {ends} end tags, more than the limit of {MAX_ELEMENTS}: too large to be a report")


def _parse(text: str) -> _Tree:
    """The page parsed by libxml2's HTML parser (through lxml, in recovery mode: any text makes a tree)
    into a ``_Tree``.  A leading byte-order mark is not part of the page."""
    from lxml import etree

    tree = _Tree()
    parser = etree.HTMLParser(target=tree, recover=True, encoding=None)
    text = text[1:] if text.startswith("\ufeff") else text
    # Fed in pieces: an error the tree raises (too deep) stops libxml2 only at the next piece, as lxml
    # passes it on when the parser returns.
    for start in range(0, len(text), _PIECE):
        parser.feed(text[start:start + _PIECE])
    if not text:
        parser.feed("")
    parser.close()
    return tree


_PIECE = 65_536


# A crawled report page has a few thousand elements (the largest real one here: 1,785), a Word "web page"
# a few more per paragraph and cell (td > p > span: ~4 per cell).  Read and linted, a page costs up to
# ~9 µs an element (tables of 100,000 elements: 0.9 s, 95 MB; BeautifulSoup took 30 µs to build each
# before, and a fuzzed page of 356,000 elements 11 s and 330 MB).  Counted before parsing: every "<"
# followed by a letter opens an element.
MAX_ELEMENTS = 100_000
_TAG_START = re.compile(r"<[A-Za-z]")
_END_TAG = re.compile(r"</[A-Za-z]")
# Real pages nest a few dozen elements deep (browsers stop nesting at 512: Blink adds deeper elements
# as siblings).  libxml2 looks through all open elements for an end tag that closes none of them (3 ns
# each): 24,000 unclosed elements took 0.8 s in the parser alone, 4,000 of them followed by 100,000
# stray end tags 1.2 s.  With this depth and at most MAX_ELEMENTS end tags that stays under 0.4 s,
# and pages nested 2,000 deep (a reliability fixture) are still read.
MAX_DEPTH = 2_500


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


def _pubdate(attrs: dict[str, str]) -> str | None:
    """The publication time a ``<meta>`` gives, if it is one."""
    name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
    content = (attrs.get("content") or "").strip()
    return content[:40] if name in _PUBDATE_NAMES and content else None


def _text_start(tag, chars: int = 200, nodes: int = 100) -> str:
    """The beginning of a tag's text, like ``get_text(" ", strip=True)`` but reading a bounded part of
    the subtree: heading tags nested thousands deep each read their whole subtree otherwise."""
    parts: list[str] = []
    size = 0
    # Depth first over ``.contents`` with a stack.
    stack = [iter(getattr(tag, "contents", ()))]
    for _ in range(nodes):
        node = next(stack[-1], None)
        while node is None and len(stack) > 1:
            stack.pop()
            node = next(stack[-1], None)
        if node is None or size >= chars:
            break
        if isinstance(node, str):
            if node.strip():
                parts.append(node.strip())
                size += len(parts[-1])
        else:
            stack.append(iter(node.contents))
    return " ".join(parts)
