"""Does the text stop early?  A page that did not load, a copy cut off: the text ends mid-sentence,
inside a table, on a heading with nothing under it, or after only the first parts with nothing that
ends a report (a signature date).  What the template still expects after that point is absent
because of the cut: said once, by ``incomplete-report``, and not again by each absence."""

from __future__ import annotations

from disclosure_lint import recache as re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from disclosure_lint.read.document import Heading
from disclosure_lint.read.source import Span
from disclosure_lint.report.dates import find_dates
from disclosure_lint.report.genre import META_LINE

if TYPE_CHECKING:
    from disclosure_lint.report.build import Report

TERMINAL = "。！？!?；;…”’」』）)】]"
# A line that ends a complete text without a full stop: a date (落款), a signature's organ name, a
# number (a table row), or a short label (page furniture such as 附件下载).
ORGAN_END = re.compile(r"(?:局|政府|办事处|委员会|委|办公室|办公厅|办|中心|街道|镇|乡|院|所|厅|部|处|队|站|会|公司)$")
MIN_LABEL = 6  # a trailing word set apart by spaces and shorter than this is a label (附件下载), not prose


@dataclass(frozen=True)
class Cut:
    """Where the text ends and what the template expects after it."""

    span: Span  # the end of the text (the last characters)
    how: str  # mid-sentence | in-table | heading | stops-early
    tail: str  # the last words of the text
    absent_sections: tuple[str, ...]  # titles, for the message
    absent_tables: tuple[str, ...]
    section_ids: frozenset[str] = frozenset()  # the template parts absent after the cut
    table_ids: frozenset[str] = frozenset()  # the template tables absent after the cut, and the cut one
    region: tuple[int, int] = (0, 0)  # (line, column) from which findings are about the cut part

    def caused(self, span: Span) -> bool:
        """Is a finding at ``span`` about the cut part (the cut sentence or table)?"""
        return (span.line, span.column) >= self.region


def _end(report: Report) -> tuple[int, int, str] | None:
    """The last non-empty line: its number, the column after its last character, its text."""
    lines = report.document.source.lines
    for number in range(len(lines), 0, -1):
        text = lines[number - 1].rstrip()
        if text.strip() and not META_LINE.match(text):  # a page's 发布时间 line is metadata, not the text
            return number, len(text) + 1, text
    return None


def _tail(text: str) -> str:
    """The words after the last full stop of the last line, short trailing labels set apart by
    spaces dropped (page furniture: 附件下载, 打印本页).  Prose glued to the full stop is kept."""
    cut = max(text.rfind(ch) for ch in TERMINAL)
    rest = text[cut + 1:]
    glued = rest[:1].strip() != ""
    words = rest.split()
    while words and len(words[-1]) < MIN_LABEL and not re.search(r"\d", words[-1]) and (len(words) > 1 or not glued):
        words.pop()
    return " ".join(words)


def _mid_sentence(tail: str, report: Report) -> bool:
    """Prose that stops without its full stop (not a date, a signature, a table row's label or numbers)."""
    compact = re.sub(r"\s+", "", tail)
    clause = re.search(r"[，,：:]", compact)  # a clause of prose: its last number is no table cell
    if len(re.findall(r"[\u4e00-\u9fff]", compact)) < 2 or (not clause and _row_label(compact, report)):
        return False
    if not clause and (compact[-1].isdigit() or ORGAN_END.search(compact)):
        return False  # a table row's numbers, or a signature's organ name
    return not find_dates_at_end(tail)


def _row_label(compact: str, report: Report) -> bool:
    """The text ends with a table row of the format (a label, its unit, its numbers): a table, not prose."""
    label = re.sub(r"^.*?(?:\d+[.、．])?(?=[\u4e00-\u9fff]+(?:[条件元人次个项]|人次)?\d*$)", "", compact)
    label = re.sub(r"(?:[条件元个项]|人次)?\d*$", "", re.sub(r"^\d+[.、．]", "", label))
    # any_row is the alternation of every row's pattern: it matches where one of them does.
    return bool(label) and any(t.any_row.search(label) for t in report.era.tables)


def find_dates_at_end(text: str) -> bool:
    from disclosure_lint.read.source import Seg

    found = find_dates(Seg(text, 1, 1)) if text else []
    after = text.rstrip()[found[-1].span.end_column - 1:] if found else ""
    return bool(found) and bool(re.fullmatch(r"\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*\S{0,4}", after))


def _absent(report: Report) -> tuple[list, list, int]:
    """Required parts after the last one found (in template order), and their tables (specs)."""
    era = report.era
    found = [s.spec.id for s in report.sections if s.spec]
    order = [i for i in era.order if i in {s.id for s in era.sections}]
    last = max((order.index(i) for i in found if i in order), default=-1)
    specs = {s.id: s for s in era.sections}
    after = [i for i in order[last + 1:] if specs[i].required and i not in found]
    # The part the text stops in loses its table too, when the table was not reached.
    cut_part = order[last] if last >= 0 else None
    tables = [t for t in era.tables if t.section in (*after, cut_part) and report.table(t.id) is None]
    return [specs[i] for i in after], tables, last


def _cut_table(report: Report, mid: bool, parts_absent: bool):
    """The table the text ends in: the last template table read, with no part heading after it,
    whose rows stop before the template's last ones."""
    if not report.tables:
        return None, []
    table = max(report.tables, key=lambda t: (t.span.line, t.span.column))
    start = (table.span.line, table.span.column)
    last = table.rows[-1] if table.rows else None
    if last is None or any((s.span.line, s.span.column) > start for s in report.sections if s.spec):
        return None, []
    order = [r.id for r in table.spec.rows]
    later = [r for r in table.missing_rows if order.index(r.id) > order.index(last.spec.id)]
    # Rows end early, and the text with them: a row cut mid-way, words cut mid-way, or the parts
    # after the table absent too.  (A table that merely lacks its last rows is missing-row's.)
    short = any(c.status == "missing" for c in last.cells)
    if later and (short or mid or parts_absent):
        return table, later
    return None, []


def _last_heading(report: Report, line: int) -> Span | None:
    """The heading the text ends with, nothing under it."""
    blocks = report.document.blocks
    if blocks and isinstance(blocks[-1], Heading) and blocks[-1].seg.span().line >= line:
        return blocks[-1].seg.span()
    return None


def find_cut(report: Report) -> Cut | None:
    """The cut, if the text stops early; None for a text that ends as a report ends."""
    if report.era is None or report.genre.kind != "report":
        return None
    end = _end(report)
    if end is None:
        return None
    line, column, text = end
    tail = _tail(text)[-20:]
    sections, tables, _ = _absent(report)
    mid = _mid_sentence(tail, report)
    table, rows = _cut_table(report, mid, bool(sections))
    span = Span(line, max(1, column - len(tail)), line, column)
    titles, names = tuple(s.title for s in sections), tuple(t.name_zh for t in tables)
    ids, table_ids = frozenset(s.id for s in sections), frozenset(t.id for t in tables)
    if table is not None:
        rows_text = f"{table.spec.name_zh}“{rows[0].label}”及以后各行"
        return Cut(span, "in-table", tail, titles, (rows_text, *names), ids, table_ids | {table.spec.id},
                   (table.span.line, table.span.column))
    heading = _last_heading(report, line)
    how = ("mid-sentence" if mid else "heading" if heading else
           "stops-early" if len(sections) >= 2 and report.signature_date is None else None)
    if how is None:
        return None
    start = (heading.line, heading.column) if heading else (span.line, span.column)
    return Cut(span, how, tail, titles, names, ids, table_ids, start)
