"""Per-rule fixtures: each ``fail_*.txt`` fires its rule exactly as its ``.expect`` says; each
``pass_*.txt`` (a near-identical report) does not fire it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import FIXTURES, read

from disclosure_lint.api import lint

RULES_DIR = FIXTURES / "rules"
FAILS = sorted(RULES_DIR.glob("*/fail_*.txt"))
PASSES = sorted(RULES_DIR.glob("*/pass_*.txt"))


def _expected(path: Path) -> tuple[str, Counter, int]:
    lines = [ln.split() for ln in path.with_suffix(".expect").read_text(encoding="utf-8").splitlines() if ln.strip()]
    rule = path.parent.name
    located = Counter(int(parts[1]) for parts in lines if len(parts) > 1)
    anywhere = sum(1 for parts in lines if len(parts) == 1)
    assert all(parts[0] == rule for parts in lines), f"{path}: .expect names another rule"
    return rule, located, anywhere


@pytest.mark.parametrize("path", FAILS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_fires(path):
    rule, located, anywhere = _expected(path)
    result = lint(read(path))
    hits = [d for d in result.diagnostics if d.name == rule]
    if anywhere and not located:
        assert len(hits) == anywhere, [f"{d.span.line}: {d.message}" for d in hits]
    else:
        assert Counter(d.span.line for d in hits) == located, [f"{d.span.line}: {d.message}" for d in hits]


@pytest.mark.parametrize("path", PASSES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_stays_silent(path):
    rule = path.parent.name
    result = lint(read(path))
    hits = [f"{d.span.line}: {d.message}" for d in result.diagnostics if d.name == rule]
    assert hits == []


def test_every_rule_has_fixtures():
    from disclosure_lint.checks.rules import builtin_rules

    missing = [r.name for r in builtin_rules()
               if r.kind not in ("not-run", "cross-year", "twins") and not (list((RULES_DIR / r.name).glob("fail_*.txt"))
                                                                 and list((RULES_DIR / r.name).glob("pass_*.txt")))]
    assert missing == []
    # Cross-year rules need a pair of reports: they are exercised in test_crossyear.py.
    crossyear_tests = (Path(__file__).parent / "test_crossyear.py").read_text(encoding="utf-8")
    assert [r.name for r in builtin_rules() if r.kind in ("cross-year", "twins") and r.name not in crossyear_tests] == []
