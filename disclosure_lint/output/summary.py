"""One row per report for the supervisor's outputs (HTML overview, xlsx, JSON): issuer, year, template,
publication date and whether it was on time, finding counts by category, and the rubric's score.

Every summary output is built from these rows, so the HTML, the spreadsheet and the JSON agree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.output import FileResult

if TYPE_CHECKING:  # the rubric and roster are imported by the runs that score or match (not a plain check)
    from disclosure_lint.checks.roster import RosterMatch
    from disclosure_lint.checks.rubric import Rubric, Score

# A rule's category is its code's hundreds (DL2xx: tables); the code ranges are fixed in rules/*.yaml.
CATEGORIES = ("structure", "tables", "dates", "contact", "prose", "copying", "meta")
_BY_DIGIT = {"1": "structure", "2": "tables", "3": "dates", "4": "contact", "5": "prose", "6": "copying"}
CATEGORY_NAMES = {
    "structure": {"zh": "结构", "en": "structure"}, "tables": {"zh": "表格", "en": "tables"},
    "dates": {"zh": "日期", "en": "dates"}, "contact": {"zh": "联系方式", "en": "contact"},
    "prose": {"zh": "正文", "en": "prose"}, "copying": {"zh": "照抄/跨年", "en": "copying / across years"},
    "meta": {"zh": "其他", "en": "other"},
}
LATE_RULE = "late-publication"
NOT_RUN_RULE = "check-not-run"


def category_of(code: str) -> str:
    return _BY_DIGIT.get(code[2:3], "meta")


@dataclass(frozen=True)
class Summary:
    path: str
    issuer: str | None
    issuer_kind: str | None
    year: int | None
    era: str | None
    published: str | None  # ISO date the report was published (or signed), if it says
    on_time: bool | None  # None: no date, or the deadline could not be told
    counts: dict[str, dict[str, int]]  # category -> severity -> count
    totals: dict[str, int]  # severity -> count
    score: Score | None  # None for a file that could not be read
    error: str | None = None
    unit: str | None = None  # the roster's unit this report matched
    source_url: str | None = None  # where the report was published (a manifest says)

    @property
    def name(self) -> str:
        """What to call the report in a list: its roster unit, else its issuer, else its file."""
        return self.unit or self.issuer or self.path

    def as_dict(self) -> dict:
        return {"issuer": self.issuer, "unit": self.unit, "source_url": self.source_url, "issuer_kind": self.issuer_kind, "publication_date": self.published,
                "on_time": self.on_time, "counts": self.totals, "counts_by_category": self.counts,
                "score": None if self.score is None else self.score.points,
                "score_full": None if self.score is None else self.score.full,
                "deductions": [] if self.score is None else [
                    {"id": d.id, "label": d.label, "points": d.points, "findings": d.findings}
                    for d in self.score.lost]}


def _on_time(report, diagnostics: tuple[Diagnostic, ...]) -> bool | None:
    date = report.publication_date or report.signature_date
    if any(d.name == LATE_RULE for d in diagnostics):
        return False
    if date is None or any(d.name == NOT_RUN_RULE and d.span == date.span for d in diagnostics):
        return None  # no date, or no deadline known for this issuer
    return True


def table_finder(report):
    """Which of the report's tables (by index) a finding's line falls in; None outside tables."""
    spans = [(t.span.line, t.span.end_line) for t in report.tables]

    def table_of(diag: Diagnostic) -> int | None:
        return next((i for i, (a, b) in enumerate(spans) if a <= diag.span.line <= b), None)

    return table_of


def _counts(diagnostics: tuple[Diagnostic, ...]) -> dict[str, dict[str, int]]:
    counted = Counter((category_of(d.code), d.severity) for d in diagnostics)
    return {c: {s: counted[(c, s)] for s in ("error", "warning", "info")} for c in CATEGORIES}


def summarise(item: FileResult, rubric: Rubric | None = None, unit: str | None = None) -> Summary:
    from disclosure_lint.checks.rubric import load_rubric, score

    if item.result is None:
        empty = {c: {"error": 0, "warning": 0, "info": 0} for c in CATEGORIES}
        return Summary(item.path, None, None, None, None, None, None, empty, {"error": 0, "warning": 0, "info": 0},
                       None, item.error, unit)
    report, diags = item.result.report, item.result.diagnostics
    date = report.publication_date or report.signature_date
    totals = Counter(d.severity for d in diags)
    return Summary(
        path=item.path, issuer=report.issuer, issuer_kind=report.issuer_kind, year=report.year,
        era=report.era.id if report.era else None, published=date.date.isoformat() if date else None,
        on_time=_on_time(report, diags), counts=_counts(diags),
        totals={s: totals[s] for s in ("error", "warning", "info")},
        score=score(rubric or load_rubric(), diags, table_finder(report)), unit=unit,
        source_url=report.facts.source_url if report.facts else None)


@dataclass(frozen=True)
class BatchInfo:
    """What a supervisor's batch adds to the files' results: the rubric, the files skipped (with why),
    the roster's verdict and the time the run took."""

    rubric: Rubric | None = None
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason)
    roster: RosterMatch | None = None
    elapsed: float | None = None

    def summaries(self, items: list[FileResult]) -> list[Summary]:
        return [self.summary(i) for i in items]

    def summary(self, item: FileResult) -> Summary:
        units = self.roster.units if self.roster else {}
        return summarise(item, self.rubric, units[item.path].name if item.path in units else None)
