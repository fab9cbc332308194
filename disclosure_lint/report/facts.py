"""What is known about a report from outside its text: a supervisor's manifest or ``--published``.

These values win over what the text says (the supervisor knows the body and the day the page went
up; a PDF carries neither), and the output shows where each came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from disclosure_lint.report.dates import DateValue
from disclosure_lint.read.source import Span

if TYPE_CHECKING:
    from disclosure_lint.report.build import Report


@dataclass(frozen=True)
class KnownFacts:
    """Facts about one report file given from outside; ``origin`` says where (``manifest.csv:3``)."""

    issuer: str | None = None
    issuer_kind: str | None = None  # government | department | township
    published: dt.date | None = None
    source_url: str | None = None
    origin: str = ""

    def over(self, other: KnownFacts | None) -> KnownFacts:
        """These facts, completed by ``other`` where these say nothing."""
        if other is None:
            return self
        return KnownFacts(self.issuer or other.issuer, self.issuer_kind or other.issuer_kind,
                          self.published or other.published, self.source_url or other.source_url,
                          "; ".join(o for o in (self.origin, other.origin) if o))

    def as_dict(self) -> dict:
        return {"issuer": self.issuer, "issuer_kind": self.issuer_kind,
                "published": self.published.isoformat() if self.published else None,
                "source_url": self.source_url, "origin": self.origin}


def _anchor(report: Report) -> Span:
    """A date given from outside has no place in the text: findings about it point at the title."""
    if report.title is not None:
        return report.title.span
    for i, line in enumerate(report.document.source.lines, start=1):
        if line.strip():
            return Span(i, len(line) - len(line.lstrip()) + 1, i, len(line.rstrip()) + 1)
    return Span(1, 1, 1, 1)


def apply_facts(report: Report, facts: KnownFacts | None) -> Report:
    """The report with the known facts in place of what was read from its text."""
    if facts is None:
        return report
    from disclosure_lint.report.issuers import issuer_kind

    changes: dict = {"facts": facts}
    if facts.issuer:
        changes["issuer"] = facts.issuer
        changes["issuer_kind"] = issuer_kind(facts.issuer) or report.issuer_kind
    if facts.issuer_kind:
        changes["issuer_kind"] = facts.issuer_kind
    if facts.published:
        text = f"{facts.published.isoformat()}（{facts.origin or '外部给定'}）"
        changes["publication_date"] = DateValue(facts.published, _anchor(report), text)
    return replace(report, **changes)
