"""Findings back in the writer's Word file: a copy of the .docx with one comment per finding.

Each comment is anchored where the finding points: a table cell (the grid position of the finding's
column in its row), else the sentence of a paragraph that holds the finding's text, else the whole
paragraph.  Comments are added with python-docx's comments API; the only other change to the copy is
splitting a text run at a sentence boundary, so that a comment can cover exactly that sentence.
"""

from __future__ import annotations

import io
from disclosure_lint import recache as re
from copy import deepcopy

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.runner import LintResult
from disclosure_lint.read.docx import body_items, grid_cell, open_docx
from disclosure_lint.read.source import Source

AUTHOR, INITIALS = "disclosure-lint", "DL"
LABEL = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
         "en": {"error": "error", "warning": "warning", "info": "info"}}
_ROW_ORIGIN = re.compile(r"^(表\d+) 第(\d+)行")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def annotate(data: bytes, result: LintResult, lang: str = "zh") -> bytes:
    """The .docx ``data`` with a comment on each of ``result``'s findings (``data`` is not changed)."""
    doc = open_docx(data)
    items = dict(body_items(doc))
    source = result.report.document.source
    fallback = next((p for origin, p in items.items() if origin.startswith("第")), None)
    for diag in result.diagnostics:
        runs = _anchor(items, source, diag) or (_runs_of(fallback) if fallback is not None else None)
        if runs is None:  # a document without a single paragraph of text: give the comment a place
            runs = [doc.add_paragraph().add_run("")]
        doc.add_comment(runs, text=comment_text(diag, lang), author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def comment_text(diag: Diagnostic, lang: str) -> str:
    label = LABEL.get(lang, LABEL["zh"])[diag.severity]
    return f"【{label}】{diag.message}\n{diag.code} {diag.name}"


def _anchor(items: dict, source: Source, diag: Diagnostic) -> list | None:
    line = diag.span.line
    if not 1 <= line <= len(source.origins):
        return None
    origin, raw = source.origins[line - 1], source.raw_lines[line - 1]
    row = _ROW_ORIGIN.match(origin)
    if row:  # a table row: the cell of the finding's column (cells are joined by tabs)
        col = raw[: max(diag.span.column - 1, 0)].count("\t")
        cell = grid_cell(items[row.group(1)], int(row.group(2)) - 1, col) if row.group(1) in items else None
        return None if cell is None else _cell_runs(cell)
    paragraph = items.get(origin)
    return None if paragraph is None else _sentence_runs(paragraph, raw, diag)


def _runs_of(paragraph) -> list:
    return list(paragraph.runs) or [paragraph.add_run("")]


def _cell_runs(cell) -> list:
    runs = [run for p in cell.paragraphs for run in p.runs]
    return runs or [cell.paragraphs[0].add_run("")]  # a blank cell: an empty run to hang the comment on


def _sentence_runs(paragraph, raw: str, diag: Diagnostic) -> list:
    """The runs of the sentence that holds the finding's text; the whole paragraph when the text
    cannot be found in the runs (hyperlinks, fields, a finding about the whole line)."""
    text = "".join(run.text for run in paragraph.runs)
    span = diag.span
    quoted = raw[span.column - 1: span.end_column - 1] if span.end_line == span.line else ""
    at = _nearest(text, quoted, span.column - 1)
    if not paragraph.runs or at < 0 or len(quoted) >= len(text.strip()):
        return _runs_of(paragraph)
    start, end = _sentence(text, at, at + len(quoted))
    return _isolate(paragraph, start, end) or _runs_of(paragraph)


def _nearest(text: str, quoted: str, guess: int) -> int:
    """Where ``quoted`` occurs in ``text`` nearest to ``guess`` (-1 if nowhere)."""
    if not quoted.strip():
        return -1
    found = [m.start() for m in re.finditer(re.escape(quoted), text)]
    return min(found, key=lambda i: abs(i - guess)) if found else -1


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, max(end - 1, start))
    return (before[-1] if before else 0), (after.end() if after else len(text))


def _isolate(paragraph, start: int, end: int) -> list:
    """The runs covering text[start:end], splitting plain-text runs at the two boundaries."""
    _split_at(paragraph, end)
    _split_at(paragraph, start)
    runs, pos = [], 0
    for run in paragraph.runs:
        if pos >= start and pos + len(run.text) <= end and run.text:
            runs.append(run)
        pos += len(run.text)
    return runs


def _split_at(paragraph, offset: int) -> None:
    pos = 0
    for run in paragraph.runs:
        length = len(run.text)
        if pos < offset < pos + length and _plain(run):
            text = run.text
            twin = deepcopy(run._r)
            run._r.addnext(twin)
            run.text = text[: offset - pos]
            type(run)(twin, paragraph).text = text[offset - pos:]
            return
        pos += length


def _plain(run) -> bool:
    """A run of text only (no field, picture or footnote mark that splitting would duplicate)."""
    return all(child.tag.rsplit("}", 1)[-1] in ("rPr", "t", "tab") for child in run._r)
