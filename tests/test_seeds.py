"""What the issue requires of the five real seed reports, asserted directly (not only via golden files)."""

from __future__ import annotations

from conftest import FIXTURES, read

from disclosure_lint.api import lint

SEEDS = {p.name[:3]: p for p in (FIXTURES / "seeds").glob("*.txt")}


def _lint(seed: str):
    return lint(read(SEEDS[seed]))


def names(result, severity=None):
    return {d.name for d in result.diagnostics if severity is None or d.severity == severity}


def test_seed_000_no_error_2008_era_2017():
    r = _lint("000")
    assert names(r, "error") == set()
    assert (r.report.era.id, r.report.year) == ("2008", 2017)


def test_seed_001_blank_cells():
    r = _lint("001")
    assert "blank-cell" in names(r, "error")
    assert (r.report.era.id, r.report.year) == ("2008", 2017)
    blank_rows = [d for d in r.diagnostics if d.name == "blank-cell"]
    # Every application row of the 附表 is empty (13 rows) plus the mistyped last row with no values.
    assert len(blank_rows) == 14


def test_seed_002_placeholder():
    r = _lint("002")
    assert "template-placeholder" in names(r, "error")
    assert (r.report.era.id, r.report.year) == ("2008", 2017)
    placeholder = next(d for d in r.diagnostics if d.name == "template-placeholder")
    assert placeholder.span.line == 124


def test_seed_003_no_error_2019_format_2020():
    r = _lint("003")
    assert names(r, "error") == set()
    assert (r.report.era.id, r.report.year) == ("2019", 2020)
    t3 = r.report.table("t3")
    assert t3 is not None and not t3.missing_rows
    assert [c.value for c in t3.row("new").cells] == [4, 0, 0, 0, 0, 0, 4]
    assert [c.value for c in r.report.table("t4").row("direct").cells] == [0, 0, 3, 0, 3]


def test_seed_004_title_period_contact():
    r = _lint("004")
    assert {"missing-title", "period-missing", "missing-contact"} <= names(r)
    assert (r.report.era.id, r.report.year) == ("2008", 2017)
    assert r.report.year_source == "text"
