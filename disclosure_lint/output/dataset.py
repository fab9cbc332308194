"""``disclosure-lint extract``: every table cell of every report as one flat dataset."""

from __future__ import annotations

import csv
import io

from disclosure_lint.report.build import Report

FIELDS = ["path", "issuer", "year", "era", "table", "table_name", "row", "row_label", "column", "column_name",
          "value", "status", "text", "line", "column_no"]


def rows_of(path: str, report: Report) -> list[dict]:
    out = []
    for table in report.tables:
        for row in table.rows:
            for cell in row.cells:
                out.append({
                    "path": path, "issuer": report.issuer, "year": report.year,
                    "era": report.era.id if report.era else None,
                    "table": table.spec.id, "table_name": table.spec.name_zh,
                    "row": row.spec.id, "row_label": row.label,
                    "column": cell.column.id, "column_name": cell.column.name,
                    "value": cell.value if cell.known else None, "status": cell.status, "text": cell.text,
                    "line": cell.span.line, "column_no": cell.span.column,
                })
    return out


def to_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()
