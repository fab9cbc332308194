"""``--output xlsx:summary.xlsx``: the batch as a spreadsheet (openpyxl, imported only when asked for).

Sheet 1 has one row per report (as the HTML overview: unit, issuer, year, template, publication date, on
time, counts by category, score and its deductions); sheet 2 every finding (unit, file, rule, severity,
location, message); then the files skipped and the roster's units with no report.  Headers are frozen and
filtered, and columns are as wide as their Chinese text.
"""

from __future__ import annotations

import io

from disclosure_lint.checks.run_config import Config
from disclosure_lint.output import FileResult
from disclosure_lint.output.summary import BatchInfo
from disclosure_lint.output.tabular import display_width, finding_rows, label, overview_rows


def _sheet(book, title: str, rows: list[list]) -> None:
    """A sheet streamed in write-only mode (several times faster for thousands of findings): widths and
    frozen, filtered headers are set before the rows are written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    for index in range(1, len(rows[0]) + 1):
        widest = max((display_width(r[index - 1]) for r in rows if r[index - 1] is not None), default=4)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, 6), 80)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"
    style = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="EEF2F7"),
             "alignment": Alignment(wrap_text=True, vertical="top")}
    header = []
    for value in rows[0]:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font, cell.fill, cell.alignment = style["font"], style["fill"], style["alignment"]
        header.append(cell)
    sheet.append(header)
    for row in rows[1:]:
        sheet.append(row)


def render_xlsx(items: list[FileResult], config: Config, *, lang: str | None = None,
                batch: BatchInfo | None = None) -> bytes:
    """The workbook's bytes."""
    from openpyxl import Workbook

    lang = lang or config.lang
    batch = batch or BatchInfo()
    summaries = batch.summaries(items)
    book = Workbook(write_only=True)
    _sheet(book, label(lang, "overview"), overview_rows(items, summaries, lang))
    _sheet(book, label(lang, "findings"), finding_rows(items, summaries, lang))
    if batch.skipped:
        _sheet(book, label(lang, "skipped"), [[label(lang, "file"), label(lang, "reason")], *map(list, batch.skipped)])
    if batch.roster and batch.roster.missing:
        _sheet(book, label(lang, "missing"), [[label(lang, "unit"), label(lang, "kind")],
                                           *([u.name, u.kind] for u in batch.roster.missing)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
