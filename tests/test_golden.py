"""Golden files: the exact diagnostics for every seed, corpus text and fixture report."""

from __future__ import annotations

import json

import pytest

from golden_cases import CASES, golden_path, snapshot


@pytest.mark.parametrize("report", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(report):
    expected = json.loads(golden_path(report).read_text(encoding="utf-8"))
    assert snapshot(report) == expected
