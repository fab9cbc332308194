"""Human output: findings grouped by file, the source line quoted with the span marked, a summary.

Carets are placed by display width (CJK characters take two terminal cells), so they sit under the
right characters in a terminal.
"""

from __future__ import annotations

from collections import Counter

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.output import FileResult

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABEL = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def _marker(line: str, diag: Diagnostic) -> tuple[str, str]:
    shown = line.replace("\t", " ")
    start = max(diag.span.column - 1, 0)
    end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(shown)
    end = max(min(end, len(shown)), start + 1)
    pad = cell_len(shown[:start])
    width = max(cell_len(shown[start:end]), 1)
    return shown, " " * pad + "^" * width


def _facts_line(facts, lang: str) -> str:
    """What a manifest or --published said about the file, and where it came from."""
    names = (("issuer", "机关", "issuer"), ("issuer_kind", "机关类型", "issuer kind"),
             ("published", "发布日期", "published"), ("source_url", "网址", "source"))
    data = facts.as_dict()
    parts = [f"{zh if lang != 'en' else en} {data[key]}" for key, zh, en in names if data[key]]
    head = "外部给定" if lang != "en" else "given"
    return f"{head}（{facts.origin}）：" + "；".join(parts) if lang != "en" else f"{head} ({facts.origin}): " + "; ".join(parts)


def render(items: list[FileResult], console: Console, lang: str, quiet: bool = False, statistics: bool = False) -> None:
    labels = LABEL.get(lang, LABEL["zh"])
    totals: Counter[str] = Counter()
    per_rule: Counter[tuple[str, str]] = Counter()
    for item in items:
        if item.error is not None:
            console.print(f"[bold]{escape(item.path)}[/]: [bold red]{escape(item.error)}[/]")
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
        console.print(f"[bold underline]{escape(item.path)}[/] [dim]({report.year or '?'}, era {era})[/]")
        if report.facts is not None:
            console.print(f"  [dim]{escape(_facts_line(report.facts, lang))}[/]")
        source = report.document.source
        for d in diags:
            style = STYLE[d.severity]
            origin = source.location(d.span.line, d.span.column)  # Word/HTML/PDF: page, paragraph, table cell
            where = f"{d.span.line}:{d.span.column}" + (f" [dim]({escape(origin)})[/]" if origin else "")
            console.print(
                f"  [bold]{where}[/] [{style}]{labels[d.severity]}[/] "
                f"[bold]{d.code}[/] [dim]{d.name}[/] {escape(d.message)}",
                soft_wrap=True,
            )
            if 1 <= d.span.line <= len(lines):
                shown, marks = _marker(lines[d.span.line - 1], d)
                if len(shown) > 200:  # a flattened web page: show the neighbourhood of the span only
                    start = max(d.span.column - 60, 0)
                    shown, marks = shown[start:start + 160], marks[cell_len(shown[:start]):][:320]
                console.print(f"    [dim]│[/] {escape(shown)}", soft_wrap=True, highlight=False)
                console.print(f"    [dim]│[/] [{style}]{marks}[/]", soft_wrap=True, highlight=False)
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
