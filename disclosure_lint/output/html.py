"""``--format html``: one self-contained page for a supervisor (no network, no external CSS or JS).

An overview table with one row per report (sortable and filterable in the page), then per report its
score, its findings and its own text with every finding highlighted where it points: a table cell, a
sentence.  Tables are shown as tables with the wrong cells marked.  Every rule's explanation is one
click away.  Everything taken from a report is escaped: a hostile report cannot inject markup.

For large batches each report's detail is kept as inert text and built when it is opened, so a page of
500 reports opens in seconds.  :func:`render_report_html` renders one file's result as a page of its own
(``--split-output``, ``annotate`` of non-Word files, a local web page).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.rubric import Rubric
from disclosure_lint.checks.run_config import Config
from disclosure_lint.output import FileResult
from disclosure_lint.output.safe import clean_line
from disclosure_lint.output.html_assets import CSS, SCRIPT, TEXT
from disclosure_lint.read.document import TableBlock
from disclosure_lint.output.summary import CATEGORIES, CATEGORY_NAMES, BatchInfo, Summary, summarise

INLINE_LIMIT = 20  # up to this many reports, details are in the page itself (printable without opening)


def _t(lang: str, key: str) -> str:
    return TEXT[key][1 if lang == "en" else 0]


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


# --- the report's own text, with findings marked ----------------------------------------------------

def _marks_by_line(diags: tuple[Diagnostic, ...], lines: tuple[str, ...]) -> dict[int, list[tuple[int, int, int]]]:
    """(start, end, finding index) per line, 0-based character offsets, clipped to the line; a span over
    several lines is marked on its first line, an empty span widened to one character."""
    marks: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for index, diag in enumerate(diags):
        line = min(max(diag.span.line, 1), max(len(lines), 1))
        text = lines[line - 1] if lines else ""
        start = min(max(diag.span.column - 1, 0), max(len(text) - 1, 0))
        end = diag.span.end_column - 1 if diag.span.end_line == diag.span.line else len(text)
        marks[line].append((start, max(min(end, len(text)), start + 1), index))
    return marks


def _marked(text: str, marks: list[tuple[int, int, int]], prefix: str, offset: int = 0) -> str:
    """``text`` escaped, with each mark's characters wrapped in <mark> (overlaps split into pieces that
    list every finding covering them) and an anchor where each finding starts."""
    if not text:  # an empty line with a finding: something to point at
        return "".join(f'<a class="anchor" id="{prefix}-m{i}"></a><mark class="hl" data-f="{i}">&#x23CE;</mark>'
                       for _, _, i in marks)
    marks = [(max(s - offset, 0), max(min(e - offset, len(text)), 1), i) for s, e, i in marks]
    cuts = sorted({0, len(text), *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    out, anchored = [], set()
    for a, b in zip(cuts, cuts[1:]):
        covering = [(i, s) for s, e, i in marks if s <= a < e]
        piece = _e(text[a:b])
        for i, s in covering:
            if s == a and i not in anchored:
                anchored.add(i)
                out.append(f'<a class="anchor" id="{prefix}-m{i}"></a>')
        if covering:
            ids = " ".join(str(i) for i, _ in covering)
            out.append(f'<mark class="hl" data-f="{ids}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _cell_marks(cell, marks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    span = cell.span
    if span.line != span.end_line:
        return list(marks)
    return [(s, e, i) for s, e, i in marks if s < span.end_column - 1 and e > span.column - 1]


def _table_html(block, lines: tuple[str, ...], marks, prefix: str, placed: set[int]) -> str:
    rows = []
    for row in block.rows:
        cells = []
        for cell in row:
            line_marks = marks.get(cell.span.line, [])
            hits = [m for m in _cell_marks(cell, line_marks) if m[2] not in placed]
            raw = lines[cell.span.line - 1] if cell.span.line == cell.span.end_line and cell.span.line <= len(lines) else ""
            text = raw[cell.span.column - 1:cell.span.end_column - 1] if raw else clean_line(cell.text)
            if hits:
                placed.update(i for _, _, i in hits)
                whole = [(cell.span.column - 1, cell.span.column - 1 + max(len(text), 1), i) for _, _, i in hits]
                cells.append(f'<td class="bad">{_marked(text, whole, prefix, cell.span.column - 1)}</td>')
            else:
                cells.append(f"<td>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="grid">' + "".join(rows) + "</table>"


def _line_html(number: int, text: str, marks, prefix: str) -> str:
    body = _marked(text, marks, prefix) if marks else _e(text)
    return f'<div class="ln" data-line="{number}"><span class="no">{number}</span><span class="tx">{body}</span></div>'


def _notes(indices, diags: tuple[Diagnostic, ...], prefix: str) -> str:
    """The messages beside the text they are about, each linking to its entry in the findings list."""
    if not indices:
        return ""
    return '<div class="notes">' + "".join(
        f'<a class="{diags[i].severity}" href="#{prefix}-f{i}">{_e(diags[i].code)} {_e(diags[i].message)}</a>'
        for i in sorted(set(indices))) + "</div>"


def _text_html(item: FileResult, prefix: str) -> str:
    assert item.result is not None
    document, diags = item.result.report.document, item.result.diagnostics
    lines = tuple(clean_line(line) for line in document.source.raw_lines)  # no control characters; same columns
    marks = _marks_by_line(diags, lines)
    tables = {b.span.line: b for b in document.blocks if isinstance(b, TableBlock) and b.rows}
    out, number, placed = [], 1, set()
    while number <= len(lines):
        block = tables.get(number)
        if block is None:
            here = marks.get(number, [])
            out.append(_line_html(number, lines[number - 1], here, prefix) + _notes([m[2] for m in here], diags, prefix))
            number += 1
            continue
        before = set(placed)
        out.append(_table_html(block, lines, marks, prefix, placed))
        out.append(_notes(placed - before, diags, prefix))
        for inside in range(number, min(block.span.end_line, len(lines)) + 1):  # on table lines but in no cell
            rest = [m for m in marks.get(inside, []) if m[2] not in placed]
            if rest:
                placed.update(i for _, _, i in rest)
                out.append(_line_html(inside, lines[inside - 1], rest, prefix) + _notes([m[2] for m in rest], diags, prefix))
        number = max(block.span.end_line, number) + 1
    return '<div class="text">' + "".join(out) + "</div>"


# --- one report's detail ------------------------------------------------------------------------------

def _finding_html(index: int, diag: Diagnostic, item: FileResult, prefix: str, lang: str) -> str:
    assert item.result is not None
    origin = item.result.report.document.source.location(diag.span.line, diag.span.column)
    where = f"{diag.span.line}:{diag.span.column}" + (f" ({_e(origin)})" if origin else "")
    return (f'<li class="finding {diag.severity}" id="{prefix}-f{index}" data-f="{index}">'
            f'<a class="where" href="#{prefix}-m{index}">{where}</a> '
            f'<span class="sev">{_t(lang, diag.severity)}</span> <b>{_e(diag.code)}</b> '
            f'<span class="name">{_e(diag.name)}</span> <span class="msg">{_e(diag.message)}</span> '
            f'<a class="why" href="#rule-{_e(diag.code)}">{_t(lang, "why")}</a></li>')


def _score_html(summary: Summary, lang: str) -> str:
    if summary.score is None:
        return ""
    colon, (left, right) = _t(lang, "colon"), _t(lang, "parens")
    lost = "".join(f"<li>{_e(d.label.get(lang) or d.label['zh'])}{colon}−{d.points:g} "
                   f"{left}{d.findings} {_t(lang, 'findings')}{right}</li>" for d in summary.score.lost)
    return (f'<div class="score"><b>{_t(lang, "score")}{colon}{summary.score.points:g} / {summary.score.full:g}</b>'
            f'<ul>{lost}</ul></div>')


def detail_html(item: FileResult, index: int, lang: str, summary: Summary) -> str:
    """One report's findings and text (the inside of its section)."""
    prefix = f"r{index}"
    if item.result is None:
        return f'<p class="unreadable">{_t(lang, "unreadable")}{_t(lang, "colon")}{_e(item.error)}</p>'
    findings = "".join(_finding_html(i, d, item, prefix, lang) for i, d in enumerate(item.result.diagnostics))
    empty = "" if findings else f'<p class="clean">{_t(lang, "clean")}</p>'
    return (_score_html(summary, lang) + f'<ol class="findings">{findings}</ol>{empty}'
            f'<h3>{_t(lang, "text")}</h3>' + _text_html(item, prefix))


def _source_link(url: str | None) -> str:
    """The page the report was published on (from a manifest): a link only for http(s) addresses."""
    if not url:
        return ""
    if url.lower().startswith(("http://", "https://")):
        return f' · <a class="source" href="{_e(url)}" rel="noreferrer">{_e(url)}</a>'
    return f" · {_e(url)}"


def _section(item: FileResult, index: int, lang: str, summary: Summary, inline: bool) -> str:
    title = summary.name
    head = (f'<section class="report" id="r{index}" data-index="{index}"><h2>{_e(title)} '
            f'<small>{_e(summary.year or "")} · {_e(item.path)}{_source_link(summary.source_url)}</small></h2>')
    if inline:
        return head + f'<div class="detail">{detail_html(item, index, lang, summary)}</div></section>'
    # Inert until opened: the browser keeps this as text and builds the DOM on demand.
    body = detail_html(item, index, lang, summary).replace("</", "<\\/")
    return (head + f'<div class="detail" data-lazy="r{index}"><button class="open">{_t(lang, "open")}</button>'
            f'</div><script type="text/x-report" id="src-r{index}">{body}</script></section>')


# --- the overview ---------------------------------------------------------------------------------------

def _on_time(summary: Summary, lang: str) -> tuple[str, str]:
    if summary.on_time is None:
        return ("—", "1")
    return (_t(lang, "yes"), "2") if summary.on_time else (_t(lang, "no"), "0")


def _count_cell(counts: dict[str, int]) -> str:
    errors, warnings = counts["error"], counts["warning"]
    shown = f"{errors}/{warnings}" if errors or warnings else "·"
    return f'<td class="num{" has-error" if errors else ""}" data-sort="{errors * 10000 + warnings}">{shown}</td>'


def _overview_row(index: int, item: FileResult, summary: Summary, lang: str) -> str:
    on_time, rank = _on_time(summary, lang)
    score = "" if summary.score is None else f"{summary.score.points:g}"
    cells = [
        f'<td data-sort="{_e(summary.name)}"><a href="#r{index}">{_e(summary.unit or summary.issuer or _t(lang, "no_issuer"))}</a>'
        f'<div class="path">{_e(item.path)}</div></td>',
        f'<td class="num" data-sort="{summary.year or 0}">{_e(summary.year or "—")}</td>',
        f'<td data-sort="{_e(summary.era or "")}">{_e(summary.era or "—")}</td>',
        f'<td data-sort="{_e(summary.published or "")}">{_e(summary.published or "—")}</td>',
        f'<td class="ontime-{rank}" data-sort="{rank}">{on_time}</td>',
        f'<td class="num" data-sort="{summary.totals["error"]}">{summary.totals["error"]}</td>',
        f'<td class="num" data-sort="{summary.totals["warning"]}">{summary.totals["warning"]}</td>',
        *(_count_cell(summary.counts[c]) for c in CATEGORIES),
        f'<td class="num score" data-sort="{score or -1}">{score or "—"}</td>',
        f'<td class="status">{_e(item.error or "")}</td>',
    ]
    state = "unreadable" if item.error else ("errors" if summary.totals["error"] else "ok")
    return f'<tr data-row="{index}" data-state="{state}">' + "".join(cells) + "</tr>"


def _overview(items, summaries, lang: str) -> str:
    heads = [_t(lang, k) for k in ("unit", "year", "template", "published", "on_time", "errors", "warnings")]
    heads += [CATEGORY_NAMES[c][lang if lang == "en" else "zh"] for c in CATEGORIES]
    heads += [_t(lang, "score"), _t(lang, "status")]
    header = "".join(f'<th data-col="{i}"><button class="sort">{h}</button></th>' for i, h in enumerate(heads))
    rows = "".join(_overview_row(i, item, s, lang)
                   for i, (item, s) in enumerate(zip(items, summaries)))
    controls = (f'<div class="controls"><input id="filter" type="search" placeholder="{_t(lang, "filter")}">'
                f'<label><input type="checkbox" id="only-errors"> {_t(lang, "only_errors")}</label>'
                f'<span id="shown"></span></div>')
    return (controls + f'<table id="overview"><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'
            f'<p class="note">{_t(lang, "counts_note")}</p>')


def _totals(items, summaries, lang: str, extras: BatchInfo) -> str:
    unreadable = sum(1 for i in items if i.error)
    scores = [s.score.points for s in summaries if s.score is not None]
    mean = f"{sum(scores) / len(scores):.1f}" if scores else "—"
    c = _t(lang, "colon")
    parts = [f"{_t(lang, 'checked')}{c}{len(items) - unreadable}", f"{_t(lang, 'unreadable')}{c}{unreadable}",
             f"{_t(lang, 'skipped')}{c}{len(extras.skipped)}", f"{_t(lang, 'mean_score')}{c}{mean}"]
    if extras.elapsed is not None:
        parts.append(f"{_t(lang, 'time')}{c}{extras.elapsed:.1f} s")
    return '<p class="totals">' + " · ".join(parts) + "</p>"


def _lists(lang: str, extras: BatchInfo) -> str:
    out = []
    roster = extras.roster
    if extras.skipped:
        out.append(f"<h2>{_t(lang, 'skipped')}</h2><ul class=\"skipped\">" + "".join(
            f"<li>{_e(p)}{_t(lang, 'colon')}{_e(why)}</li>" for p, why in extras.skipped) + "</ul>")
    if roster and roster.missing:
        out.append(f"<h2>{_t(lang, 'missing_units')}</h2><ul class=\"missing\">" + "".join(
            f"<li>{_e(u.name)}{f'（{_e(u.kind)}）' if u.kind else ''}</li>" for u in roster.missing) + "</ul>")
    if roster and roster.unmatched:
        out.append(f"<h2>{_t(lang, 'unmatched')}</h2><ul class=\"unmatched\">" + "".join(
            f"<li>{_e(p)}</li>" for p in roster.unmatched) + "</ul>")
    return "".join(out)


def _glossary(items, config: Config, lang: str) -> str:
    from disclosure_lint.checks.rules import builtin_rules

    used = {d.code for i in items if i.result for d in i.result.diagnostics}
    rules = [r for r in (*builtin_rules(), *config.extra_rules) if r.code in used]
    entries = "".join(
        f'<details class="rule" id="rule-{_e(r.code)}"><summary><b>{_e(r.code)}</b> {_e(r.name)} — '
        f'{_e(r.summary.get(lang) or r.summary.get("zh", ""))}</summary><p>{_e(r.doc)}</p>'
        f'<p><b>{_t(lang, "basis")}{_t(lang, "colon")}</b>{_e(r.basis)}</p></details>'
        for r in sorted(rules, key=lambda r: r.code))
    return f'<section id="rules"><h2>{_t(lang, "rules")}</h2>{entries}</section>' if entries else ""


def _page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html><html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}<script>{SCRIPT}</script></body></html>\n")


def render_html(items: list[FileResult], config: Config, *, lang: str | None = None, batch: BatchInfo | None = None,
                title: str | None = None) -> str:
    """The whole batch as one page: overview, totals, skipped files, roster, then each report."""
    lang = lang or config.lang
    extras = batch or BatchInfo()
    summaries = extras.summaries(items)
    inline = len(items) <= INLINE_LIMIT
    sections = "".join(_section(item, i, lang, s, inline) for i, (item, s) in enumerate(zip(items, summaries)))
    heading = title or _t(lang, "title")
    body = (f"<header><h1>{_e(heading)}</h1>{_totals(items, summaries, lang, extras)}</header>"
            f"{_overview(items, summaries, lang)}{_lists(lang, extras)}"
            f'<div id="reports">{sections}</div>{_glossary(items, config, lang)}')
    return _page(heading, body, lang)


def render_report_html(item: FileResult, config: Config, *, lang: str | None = None,
                       rubric: Rubric | None = None, unit: str | None = None) -> str:
    """One file's result as a page of its own: its score, findings and highlighted text."""
    lang = lang or config.lang
    summary = summarise(item, rubric, unit)
    body = (f"<header><h1>{_e(summary.name)}</h1></header>"
            + _section(item, 0, lang, summary, inline=True) + _glossary([item], config, lang))
    return _page(summary.name, body, lang)
