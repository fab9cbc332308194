"""``disclosure-lint parse --format json``: what the parser understood, for debugging a misreading."""

from __future__ import annotations

from disclosure_lint.report.build import Report
from disclosure_lint.read.source import Span


def _span(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"line": span.line, "column": span.column, "end_line": span.end_line, "end_column": span.end_column}


def _value(cell) -> object:
    if cell.known:
        return cell.value
    if cell.status in ("blank", "missing"):
        return None
    return cell.text


def understood(report: Report) -> dict:
    period = report.period
    return {
        "path": report.document.source.path,
        "report_year": report.year,
        "report_year_source": report.year_source,
        "era": report.era.id if report.era else None,
        "era_source": report.era_source,
        "expected_era": report.expected_era.id if report.expected_era else None,
        "issuer": report.issuer,
        "issuer_kind": report.issuer_kind,
        "title": report.title.text if report.title else None,
        "docno": report.docno.text if report.docno else None,
        "signer": report.signer.text if report.signer else None,
        "addressee": report.addressee.text if report.addressee else None,
        "period": None if period is None else {
            "text": period.text, "readable": period.readable,
            "start": period.start.isoformat() if period.start else None,
            "end": period.end.isoformat() if period.end else None, "line": period.span.line,
        },
        "signature_date": None if report.signature_date is None else {
            "date": report.signature_date.date.isoformat(), "line": report.signature_date.span.line},
        "publication_date": None if report.publication_date is None else {
            "date": report.publication_date.date.isoformat(), "line": report.publication_date.span.line},
        "contact": [{"kind": c.kind, "value": c.value, "line": c.span.line, "column": c.span.column}
                    for c in report.contacts],
        "declared_parts": None if report.declared is None else {
            "count": report.declared.count, "text": report.declared.text, "line": report.declared.span.line},
        "sections": [{"number": s.number, "title": s.title, "line": s.span.line,
                      "recognised_as": s.spec.id if s.spec else None} for s in report.sections],
        "headings": [{"level": h.level, "number": h.number, "title": h.title, "line": h.seg.line}
                     for h in report.headings],
        "tables": [
            {
                "id": t.spec.id, "name": t.spec.name_zh, "layout": t.layout, "span": _span(t.span),
                "missing_rows": [r.label for r in t.missing_rows],
                "rows": [
                    {"id": r.spec.id, "label": r.label, "line": r.span.line, "unit": r.unit,
                     "columns": [c.column.id for c in r.cells], "values": [_value(c) for c in r.cells],
                     "status": [c.status for c in r.cells]}
                    for r in t.rows
                ],
            }
            for t in report.tables
        ],
        "notes": list(report.document.notes),
        "problems": [{"line": span.line, "message": text} for span, text in report.document.problems],
        "table_regions": [{"line": t.span.line, "end_line": t.span.end_line, "layout": t.layout, "rows": len(t.rows)}
                          for t in report.document.tables],
    }
