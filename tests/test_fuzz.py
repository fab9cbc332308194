"""Fuzzing in the normal suite, with a small budget: real reports mutated (bytes flipped, lines
duplicated and shuffled, numbers and Unicode swapped in, long runs of one token, other encodings and
line endings) and rebuilt as Word files and web pages with damaged structures.  Reading, checking and
rendering every output must end in findings or one input error.  ``tests/fuzz/run.py`` runs the same
for hours; every failure it finds becomes a fixture in tests/fixtures/reliability/."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.mutate import corpus, make_docx, make_html, mutate_any, pick
from fuzz.run import exercise

POOL = corpus()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32))
def test_mutated_real_reports_never_raise(seed):
    rng = random.Random(seed)
    name, data = pick(rng, POOL)
    name, data = mutate_any(rng, name, data, POOL)
    assert exercise(name, data, render=seed % 4 == 0) in ("ok", "input-error")


@pytest.mark.parametrize("make, name", [(make_docx, "g.docx"), (make_html, "g.html")])
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_word_and_web_structures_never_raise(make, name, seed):
    rng = random.Random(seed)
    text = rng.choice([d for n, d in POOL if n.endswith(".txt")]).decode("utf-8", errors="replace")
    assert exercise(name, make(rng, text), render=True) in ("ok", "input-error")


def test_mutated_pdfs_never_raise():
    rng = random.Random(7)
    pdfs = [(n, d) for n, d in POOL if n.endswith(".pdf")]
    for _ in range(4):
        name, data = rng.choice(pdfs)
        assert exercise(name, mutate_any(rng, name, data, POOL)[1], render=False) in ("ok", "input-error")
