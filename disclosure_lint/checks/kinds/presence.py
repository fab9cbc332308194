"""Kind ``presence``: a part of the report that must be there (title, period, date, contact)."""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit, first_span
from disclosure_lint.report.build import Report
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "field": Param("text", "the part that must be present", required=True,
                   choices=("title", "period", "date", "contact")),
}
CHECK_FIELDS = None


def _present(field: str, report: Report) -> bool:
    if field == "title":
        return report.title is not None
    if field == "period":
        return report.period is not None
    if field == "date":
        return report.signature_date is not None or report.publication_date is not None
    if field == "contact":
        return any(c.value for c in report.contacts if c.kind in ("phone", "email", "address", "postcode"))
    raise ValueError(f"presence: unknown field {field!r}")


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    field = rule.params.get("field", "")
    if not any(line.strip() for line in report.document.source.lines):
        return  # an empty text: nothing is missing from it (stops at the first line with text)
    if field == "date" and report.era is not None and not report.era.signature_block:
        return  # the format has no signature block: the deadline check asks for the publication date
    if field != "title" and report.cut is not None:
        return  # the period, contacts or signature may have come after the cut: incomplete-report says so
    if not _present(field, report):
        yield Hit(first_span(report), {"year": report.year or "YYYY"})
