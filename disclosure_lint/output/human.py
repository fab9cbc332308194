"""Human output: findings grouped by file, the source line quoted with the span marked, a summary.

Carets are placed by display width (CJK characters take two terminal cells), so they sit under the
right characters in a terminal.  A quoted line wider than the terminal is windowed around the finding
(“…” where it is cut), so the marker stays under its text however narrow the terminal.  In a table
laid out one cell per line the cell's own line says little (“0”, or nothing for a blank cell): the
row's label line is quoted above it.
"""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from disclosure_lint.output.safe import clean, clean_line

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.output import FileResult
from disclosure_lint.errors_zh import input_error_text

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


GUTTER = 6  # "    │ " before a quoted line


def _marker(line: str, diag: Diagnostic, width: int = 0) -> tuple[str, str]:
    """The line as shown (windowed to ``width`` terminal cells when it is wider; 0: whole) and the
    carets under the finding's characters."""
    shown = line.replace("\t", " ")
    start = min(max(diag.span.column - 1, 0), len(shown))
    end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(shown)
    end = max(min(end, len(shown)), start + 1)
    if width and cell_len(shown) > width:
        first, last = _window(shown, start, width - 2)  # two cells for the "…" marks
        head, tail = ("…" if first > 0 else ""), ("…" if last < len(shown) else "")
        shown, start, end = head + shown[first:last] + tail, start - first + len(head), min(end, last) - first + len(head)
    pad = cell_len(shown[:start])
    return shown, " " * pad + "^" * max(cell_len(shown[start:end]), 1)


def _window(text: str, start: int, budget: int) -> tuple[int, int]:
    """Character range of ``text`` at most ``budget`` cells wide holding ``start``, with up to a third
    of the room for what comes before it."""
    first = start
    while first > 0 and cell_len(text[first - 1:start]) <= budget // 3:
        first -= 1
    last = first
    while last < len(text) and cell_len(text[first:last + 1]) <= budget:
        last += 1
    while first > 0 and cell_len(text[first - 1:last]) <= budget:  # the end came first: use the room before
        first -= 1
    return first, max(last, min(start + 1, len(text)))


def _label_lines(report) -> dict[int, int]:
    """For a table laid out one cell per line: each cell's line → its row label's line."""
    out: dict[int, int] = {}
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.span.line != row.span.line:
                    out.setdefault(cell.span.line, row.span.line)
    return out


def _quote(console: Console, lines, diag: Diagnostic, style: str, label_line: int | None) -> None:
    width = max(console.width - GUTTER, 20)
    if label_line is not None and 1 <= label_line <= len(lines):
        label = clean_line(lines[label_line - 1].replace("\t", " ").strip())
        label = label if cell_len(label) <= width else _marker(label, diag, width)[0]
        console.print(f"    [dim]│ {escape(label)}[/]", soft_wrap=True, highlight=False)
    shown, marks = _marker(clean_line(lines[diag.span.line - 1]), diag, width)  # same length: carets stay
    console.print(f"    [dim]│[/] {escape(shown)}", soft_wrap=True, highlight=False)
    console.print(f"    [dim]│[/] [{style}]{marks}[/]", soft_wrap=True, highlight=False)


def _facts_line(facts, lang: str) -> str:
    """What a manifest or --published said about the file, and where it came from."""
    names = (("issuer", "机关", "issuer"), ("issuer_kind", "机关类型", "issuer kind"),
             ("published", "发布日期", "published"), ("source_url", "网址", "source"))
    data = facts.as_dict()
    parts = [f"{zh if lang != 'en' else en} {data[key]}" for key, zh, en in names if data[key]]
    head = "外部给定" if lang != "en" else "given"
    return f"{head}（{facts.origin}）：" + "；".join(parts) if lang != "en" else f"{head} ({facts.origin}): " + "; ".join(parts)


def render(items: list[FileResult], console: Console, lang: str, quiet: bool = False, statistics: bool = False,
           skipped=()) -> None:
    labels = LABEL.get(lang, LABEL["zh"])
    totals: Counter[str] = Counter()
    per_rule: Counter[tuple[str, str]] = Counter()
    for item in items:
        if item.error is not None:
            console.print(f"[bold]{escape(item.path)}[/]: [bold red]{escape(input_error_text(item.error, lang))}[/]")
            continue
        assert item.result is not None
        diags = item.result.diagnostics
        report = item.result.report
        lines = report.document.source.raw_lines
        for d in diags:
            totals[d.severity] += 1
            per_rule[(d.code, d.name)] += 1
        if quiet:
            diags = tuple(d for d in diags if d.severity == "error")
        if not diags:
            continue
        era = report.era.id if report.era else "?"
        about = f"（{report.year or '?'}年度，格式版本 {era}）" if lang != "en" else f"({report.year or '?'}, format {era})"
        console.print(f"[bold underline]{escape(item.path)}[/] [dim]{about}[/]")
        if report.facts is not None:
            console.print(f"  [dim]{escape(clean(_facts_line(report.facts, lang)))}[/]")
        source = report.document.source
        labels_at = _label_lines(report)
        for d in diags:
            style = STYLE[d.severity]
            origin = source.location(d.span.line, d.span.column)  # Word/HTML/PDF: page, paragraph, table cell
            where = f"{d.span.line}:{d.span.column}" + (f" [dim]({escape(clean(origin))})[/]" if origin else "")
            console.print(
                f"  [bold]{where}[/] [{style}]{labels[d.severity]}[/] "
                f"[bold]{d.code}[/] [dim]{d.name}[/] {escape(d.message)}",
                soft_wrap=True,
            )
            if 1 <= d.span.line <= len(lines):
                _quote(console, lines, d, style, labels_at.get(d.span.line))
    if statistics and per_rule:
        console.print("")
        for (code, name), count in sorted(per_rule.items()):
            console.print(f"  {count:5d}  {code} {name}")
    files = len(items)
    failed = sum(1 for i in items if i.error is not None)
    if lang == "en":
        summary = (f"{files} file(s) checked: {totals['error']} error(s), {totals['warning']} warning(s), "
                   f"{totals['info']} info" + (f"; {failed} file(s) could not be read" if failed else ""))
    else:
        summary = (f"检查了 {files} 个文件：{totals['error']} 个错误，{totals['warning']} 个警告，{totals['info']} 个提示"
                   + (f"；{failed} 个文件无法读取" if failed else ""))
    console.print(f"[bold]{summary}[/]")
    _skipped(skipped, console, lang)


def _skipped(skipped, console: Console, lang: str) -> None:
    """The files a directory scan did not lint, each with its reason: never skipped silently."""
    if not skipped:
        return
    head = f"skipped {len(skipped)} file(s):" if lang == "en" else f"跳过 {len(skipped)} 个文件："
    console.print(f"[dim]{head}[/]")
    for path, reason in skipped:
        console.print(f"  [dim]{escape(clean(path))}: {escape(clean(reason))}[/]")
