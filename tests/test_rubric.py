"""Scoring as data: the default rubric, a supervisor's own, and malformed rubrics refused."""

from __future__ import annotations

import pytest

from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.rubric import load_rubric, score
from disclosure_lint.read.source import Span
from disclosure_lint.yamlio import ConfigError


def _diag(code: str, name: str, line: int = 1, severity: str = "error") -> Diagnostic:
    return Diagnostic(code, name, severity, Span(line, 1, line, 2), "m")


def test_default_rubric_deducts_per_report_per_table_and_floors():
    rubric = load_rubric()
    assert rubric.full == 10 and rubric.basis
    assert score(rubric, ()).points == 10
    late = score(rubric, (_diag("DL306", "late-publication"), _diag("DL306", "late-publication", 5)))
    assert late.points == 5 and [d.id for d in late.lost] == ["late"]
    tables = {3: 0, 4: 0, 9: 1}
    unbalanced = tuple(_diag("DL201", "table-unbalanced", line) for line in (3, 4, 9))
    assert score(rubric, unbalanced, lambda d: tables[d.span.line]).points == 6  # two tables: −2 each
    everything = (_diag("DL306", "late-publication"), _diag("DL102", "missing-section"), _diag("DL604", "copied-report"))
    assert score(rubric, everything).points == 0


def test_own_rubric_with_caps_and_severities(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("full: 100\ndeductions:\n  - {rules: [DL2], points: 10, per: finding, max: 25}\n"
                    "  - {rules: [missing-contact], points: 3, severities: [warning]}\n", encoding="utf-8")
    rubric = load_rubric(path)
    diags = tuple(_diag("DL204", "blank-cell", n) for n in range(4)) + (_diag("DL401", "missing-contact"),)
    result = score(rubric, diags)
    assert result.points == 75 and result.lost[0].findings == 4  # the error missing-contact does not count


@pytest.mark.parametrize("text, fragment", [
    ("full: 10\n", "'deductions' must be a list"),
    ("deductions:\n  - {rules: [x], points: -1}\n", "non-negative number"),
    ("deductions:\n  - {rules: [x], points: 1, per: page}\n", "per 'page'"),
    ("deductions:\n  - {rules: [x], points: 1, cost: 2}\n", "unknown key"),
    ("- 1\n", "a rubric is a mapping"),
])
def test_malformed_rubric_is_a_config_error(tmp_path, text, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_rubric(path)
