"""``disclosure-lint extract``: every table cell of every report as one flat dataset."""

from __future__ import annotations

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


def to_csv(records: list[dict], bom: bool = False) -> str:
    """The dataset as CSV (with ``bom``: for Excel on a Chinese Windows)."""
    from disclosure_lint.output.tabular import to_csv as rows_to_csv

    return rows_to_csv([FIELDS, *([record.get(k) for k in FIELDS] for record in records)], bom)
