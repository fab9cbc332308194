"""Human output: findings grouped by file, the source line quoted with the span marked, a summary.

Carets are placed by display width (CJK characters take two terminal cells), so they sit under the
right characters in a terminal.  A quoted line wider than the terminal is windowed around the finding
(“…” where it is cut), so the marker stays under its text however narrow the terminal.  In a table
laid out one cell per line the cell's own line says little (“0”, or nothing for a blank cell): the
row's label line is quoted above it.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from disclosure_lint.output.safe import clean, clean_line

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.output import FileResult
from disclosure_lint.errors_zh import input_error_text

if TYPE_CHECKING:
    from rich.console import Console

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


GUTTER = 6  # "    │ " before a quoted line

Piece = tuple[str, str]  # a run of text and its rich style ("" for none)


class PlainConsole:
    """The console of a run whose output is not a terminal (a pipe, a file, a pre-commit hook): the
    same characters rich would write there, without rich's per-line cost (its import, its markup
    parser and segment pipeline, a flush per line).  Lines are written in the order they come."""

    def __init__(self, file=None, width: int | None = None):
        self._file = file
        self.width = width or terminal_width()
        self.tee: Callable[[str], None] | None = None  # also given each line written (a run's recorder)

    def line(self, pieces: list[Piece]) -> None:
        text = _expand_tabs("".join(text for text, _ in pieces)) + "\n"
        (self._file or sys.stdout).write(text)
        if self.tee is not None:
            self.tee(text)

    def flush(self) -> None:
        (self._file or sys.stdout).flush()


class _RichLines:
    """A rich console (a terminal: colours, bold, NO_COLOR honoured) behind the same ``line`` call."""

    def __init__(self, console: Console):
        self.console, self.width = console, console.width

    def line(self, pieces: list[Piece]) -> None:
        from rich.text import Text

        self.console.print(Text.assemble(*((t, s) for t, s in pieces if t)), soft_wrap=True, highlight=False)

    def flush(self) -> None:
        pass


Out = Union[PlainConsole, "Console"]


def terminal_width() -> int:
    """The width rich gives a console that is not a terminal: $COLUMNS, else the terminal of the
    standard streams, else 80 (rich's own order)."""
    width = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
            break
        except (AttributeError, ValueError, OSError):
            continue
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _expand_tabs(text: str, tab_size: int = 8) -> str:
    """Tabs to spaces at tab stops counted in terminal cells, as rich does before it writes a line."""
    if "\t" not in text:
        return text
    from rich.cells import cell_len  # rich only where a width is measured: a clean report needs none

    out = []
    for line in text.split("\n"):
        position, parts = 0, []
        for part in line.split("\t")[:-1]:
            position += cell_len(part) + 1
            pad = (tab_size - position % tab_size) % tab_size
            parts.append(part + " " * (1 + pad))
            position += pad
        out.append("".join(parts) + line.split("\t")[-1])
    return "\n".join(out)


def _is_terminal(file) -> bool:
    # rich's own test (TTY_COMPATIBLE, FORCE_COLOR, isatty), decided without importing rich.
    tty = os.environ.get("TTY_COMPATIBLE", "")
    if tty in ("0", "1"):
        return tty == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return os.environ["FORCE_COLOR"] != ""
    isatty = getattr(file or sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


def console_for(stream=None, color: bool | None = None) -> Out:
    """The console of the human output: rich on a terminal (or with ``--color``), plain text elsewhere.
    ``stream``: a file given by the caller (its lines are not windowed below 200 cells)."""
    width = 200 if stream is not None else None
    if color is False or (color is None and not _is_terminal(stream)):
        return PlainConsole(stream, width)
    from rich.console import Console

    return Console(file=stream, no_color=True if color is False else None, force_terminal=color,
                   highlight=False, soft_wrap=True, width=width,
                   emoji=False)  # ":x:" quoted from a report is text, not an emoji


def note(console: Out, text: str) -> None:
    """A dimmed line after the findings (a stale baseline entry)."""
    out = _lines(console)
    out.line([(clean(text), "dim")])
    out.flush()


def _lines(console: Out) -> PlainConsole | _RichLines:
    return console if isinstance(console, PlainConsole) else _RichLines(console)


def _marker(line: str, diag: Diagnostic, width: int = 0) -> tuple[str, str]:
    """The line as shown (windowed to ``width`` terminal cells when it is wider; 0: whole) and the
    carets under the finding's characters."""
    from rich.cells import cell_len

    shown = line.replace("\t", " ")
    start = min(max(diag.span.column - 1, 0), len(shown))
    end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(shown)
    end = max(min(end, len(shown)), start + 1)
    if width and _wider(shown, width):
        first, last = _window(shown, start, width - 2)  # two cells for the "…" marks
        head, tail = ("…" if first > 0 else ""), ("…" if last < len(shown) else "")
        shown, start, end = head + shown[first:last] + tail, start - first + len(head), min(end, last) - first + len(head)
    pad = cell_len(shown[:start])
    return shown, " " * pad + "^" * max(cell_len(shown[start:end]), 1)


def _window(text: str, start: int, budget: int) -> tuple[int, int]:
    """Character range of ``text`` at most ``budget`` cells wide holding ``start``, with up to a third
    of the room for what comes before it.  Walks out from ``start`` one character at a time: the cost
    is the window's, not the line's (a flattened report is one line of a megabyte)."""
    if _joined(text):  # widths that are not the sum of the characters': measure slices, as rich does
        return _window_by_slices(text, start, budget)
    from rich.cells import get_character_cell_size as _width

    first, used = _back(text, start, 0, budget // 3, _width)
    last, end = start, len(text)  # text[first:start] is within a third of the budget
    while last < end:
        width = _width(text[last])  # each character's width asked once (the line may be long)
        if used + width > budget:
            break
        used += width
        last += 1
    first, used = _back(text, first, used, budget, _width)  # the end came first: use the room before
    return first, max(last, min(start + 1, len(text)))


def _back(text: str, first: int, used: int, budget: int, width_of) -> tuple[int, int]:
    """Move ``first`` back over the characters before it while the cells ``used`` stay within ``budget``."""
    while first > 0:
        width = width_of(text[first - 1])
        if used + width > budget:
            break
        first -= 1
        used += width
    return first, used


def _window_by_slices(text: str, start: int, budget: int) -> tuple[int, int]:
    from rich.cells import cell_len

    first = start
    while first > 0 and cell_len(text[first - 1:start]) <= budget // 3:
        first -= 1
    last = first
    while last < len(text) and cell_len(text[first:last + 1]) <= budget:
        last += 1
    while first > 0 and cell_len(text[first - 1:last]) <= budget:
        first -= 1
    return first, max(last, min(start + 1, len(text)))


def _joined(text: str) -> bool:
    # A zero width joiner or an emoji variation selector: rich measures the cluster, not each character.
    return "\u200d" in text or "\ufe0f" in text


def _wider(text: str, width: int) -> bool:
    """``cell_len(text) > width``, looking no further than the first ``width`` cells' worth of text."""
    from rich.cells import cell_len, get_character_cell_size as _width

    if 2 * len(text) <= width:
        return False  # no character is wider than two cells
    if _joined(text):
        return cell_len(text) > width
    total = 0
    for char in text:
        total += _width(char)
        if total > width:
            return True
    return False


def _label_lines(report) -> dict[int, int]:
    """For a table laid out one cell per line: each cell's line → its row label's line."""
    out: dict[int, int] = {}
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.span.line != row.span.line:
                    out.setdefault(cell.span.line, row.span.line)
    return out


def _quote(out: Any, lines, diag: Diagnostic, style: str, label_line: int | None) -> None:
    width = max(out.width - GUTTER, 20)
    if label_line is not None and 1 <= label_line <= len(lines):
        label = clean_line(lines[label_line - 1].replace("\t", " ").strip())
        label = label if not _wider(label, width) else _marker(label, diag, width)[0]
        out.line([("    ", ""), (f"│ {label}", "dim")])
    shown, marks = _marker(clean_line(lines[diag.span.line - 1]), diag, width)  # same length: carets stay
    out.line([("    ", ""), ("│", "dim"), (f" {shown}", "")])
    out.line([("    ", ""), ("│", "dim"), (" ", ""), (marks, style)])


def _facts_line(facts, lang: str) -> str:
    """What a manifest or --published said about the file, and where it came from."""
    names = (("issuer", "机关", "issuer"), ("issuer_kind", "机关类型", "issuer kind"),
             ("published", "发布日期", "published"), ("source_url", "网址", "source"))
    data = facts.as_dict()
    parts = [f"{zh if lang != 'en' else en} {data[key]}" for key, zh, en in names if data[key]]
    head = "外部给定" if lang != "en" else "given"
    return f"{head}（{facts.origin}）：" + "；".join(parts) if lang != "en" else f"{head} ({facts.origin}): " + "; ".join(parts)


def render(items: list[FileResult], console: Out, lang: str, quiet: bool = False, statistics: bool = False,
           skipped=()) -> None:
    out = _lines(console)
    totals: Counter[str] = Counter()
    per_rule: Counter[tuple[str, str]] = Counter()
    failed = 0
    for item in items:  # one pass: a batch's results are finished anew on each pass
        if item.error is not None:
            failed += 1
            out.line([(item.path, "bold"), (": ", ""), (input_error_text(item.error, lang), "bold red")])
            continue
        assert item.result is not None
        for d in item.result.diagnostics:
            totals[d.severity] += 1
            per_rule[(d.code, d.name)] += 1
        _file(out, item, lang, quiet)
    if statistics and per_rule:
        out.line([])
        for (code, name), count in sorted(per_rule.items()):
            out.line([(f"  {count:5d}  {code} {name}", "")])
    out.line([(_summary(len(items), totals, failed, lang), "bold")])
    _skipped(skipped, out, lang)
    out.flush()


def _file(out: Any, item: FileResult, lang: str, quiet: bool) -> None:
    """One file's findings, each with its quoted line."""
    labels = LABEL.get(lang, LABEL["zh"])
    diags = item.result.diagnostics
    report = item.result.report
    if quiet:
        diags = tuple(d for d in diags if d.severity == "error")
    if not diags:
        return
    era = report.era.id if report.era else "?"
    about = f"（{report.year or '?'}年度，格式版本 {era}）" if lang != "en" else f"({report.year or '?'}, format {era})"
    out.line([(item.path, "bold underline"), (" ", ""), (about, "dim")])
    if report.facts is not None:
        out.line([("  ", ""), (clean(_facts_line(report.facts, lang)), "dim")])
    source = report.document.source
    lines = source.raw_lines
    labels_at = _label_lines(report)
    for d in diags:
        style = STYLE[d.severity]
        origin = source.location(d.span.line, d.span.column)  # Word/HTML/PDF: page, paragraph, table cell
        where = [(f"{d.span.line}:{d.span.column}", "bold")] + ([(" ", "bold"), (f"({clean(origin)})", "bold dim")]
                                                               if origin else [])
        out.line([("  ", ""), *where, (" ", ""), (labels[d.severity], style), (" ", ""), (d.code, "bold"),
                  (" ", ""), (d.name, "dim"), (f" {d.message}", "")])
        if 1 <= d.span.line <= len(lines):
            _quote(out, lines, d, style, labels_at.get(d.span.line))


def _summary(files: int, totals: Counter[str], failed: int, lang: str) -> str:
    if lang == "en":
        return (f"{files} file(s) checked: {totals['error']} error(s), {totals['warning']} warning(s), "
                f"{totals['info']} info" + (f"; {failed} file(s) could not be read" if failed else ""))
    return (f"检查了 {files} 个文件：{totals['error']} 个错误，{totals['warning']} 个警告，{totals['info']} 个提示"
            + (f"；{failed} 个文件无法读取" if failed else ""))


def _skipped(skipped, out: Any, lang: str) -> None:
    """The files a directory scan did not lint, each with its reason: never skipped silently."""
    if not skipped:
        return
    head = f"skipped {len(skipped)} file(s):" if lang == "en" else f"跳过 {len(skipped)} 个文件："
    out.line([(head, "dim")])
    for path, reason in skipped:
        out.line([("  ", ""), (f"{clean(path)}: {clean(reason)}", "dim")])
