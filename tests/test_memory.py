"""One file's work (read/memory.py): the collector paused while it runs, memory given back after a big file."""

from __future__ import annotations

import gc

import pytest

from disclosure_lint.read import memory


@pytest.fixture(autouse=True)
def _settled():
    """No earlier test's big-file result left the collector waiting (see memory._after_big_file)."""
    memory._settle()
    yield
    memory._settle()


def test_the_collector_is_paused_for_one_file_and_nested_blocks_leave_it_to_the_outer(monkeypatch):
    monkeypatch.setattr(memory, "trim", lambda: True)
    assert gc.isenabled()
    with memory.one_file():
        assert not gc.isenabled()
        with memory.one_file():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block did not turn it back on
    assert gc.isenabled()
    try:
        with memory.one_file():
            raise KeyError("x")
    except KeyError:
        pass
    assert gc.isenabled()


def test_memory_is_given_back_only_after_a_file_that_took_a_while(monkeypatch):
    monkeypatch.setattr(memory, "files_done", 1)
    trims = []
    monkeypatch.setattr(memory, "trim", lambda: trims.append(1) or True)
    for took, expected in ((memory.TRIM_AFTER * 2, [1]), (memory.TRIM_AFTER / 2, [])):
        trims.clear()
        clock = iter([100.0, 100.0 + took])
        monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
        with memory.one_file():
            pass
        assert trims == expected


def test_trim_never_raises():
    assert isinstance(memory.trim(), bool)


def test_a_big_files_cyclic_garbage_is_collected_before_the_memory_is_given_back(monkeypatch):
    """A Word file's XML tree is freed only with the proxies in cycles around it: collected before the
    trim, else the trim runs first and the worker keeps the pages (90 MB for one fuzzed document)."""
    import weakref

    class Node:
        pass

    monkeypatch.setattr(memory, "files_done", 1)
    alive_at_trim = []
    monkeypatch.setattr(memory, "trim", lambda: alive_at_trim.append(ref() is not None) or True)
    clock = iter([100.0, 100.0 + memory.TRIM_AFTER * 2])
    monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
    thresholds = gc.get_threshold()
    gc.set_threshold(10**9)  # no automatic pass may do it for us
    try:
        with memory.one_file():
            node = Node()
            node.me = node  # a cycle: only the collector frees it
            ref = weakref.ref(node)
            del node
        assert alive_at_trim == [False]
    finally:
        gc.set_threshold(*thresholds)


def test_a_process_first_file_is_not_followed_by_a_trim(monkeypatch):
    """A one-file run exits after its file: giving memory back then only costs it time."""
    monkeypatch.setattr(memory, "files_done", 0)
    trims = []
    monkeypatch.setattr(memory, "trim", lambda: trims.append(1) or True)
    clock = iter([100.0, 100.0 + memory.TRIM_AFTER * 2, 200.0, 200.0 + memory.TRIM_AFTER * 2])
    monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
    with memory.one_file():
        pass
    assert trims == []
    with memory.one_file():
        pass
    assert trims == [1]


def test_caches_of_text_pieces_are_emptied_after_a_big_file_only(monkeypatch):
    """Caches bounded by entries, not bytes: a big file's entries (megabyte passages, their counts) would stay,
    and pin the pages around them (a worker's resident size crept 80 -> 151 MB over 8,000 fuzz inputs; 111 MB
    with this), so they are emptied after a big file — and kept after a small one, where they pay."""
    from disclosure_lint.report.prose.passages import sentence_bounds

    assert sentence_bounds in memory._FORGOTTEN
    monkeypatch.setattr(memory, "files_done", 1)
    monkeypatch.setattr(memory, "trim", lambda: True)
    for took, left in ((memory.TRIM_AFTER / 2, 1), (memory.TRIM_AFTER * 2, 0)):
        sentence_bounds.cache_clear()
        clock = iter([100.0, 100.0 + took])
        monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
        with memory.one_file():
            sentence_bounds("一句话。又一句。")
        assert sentence_bounds.cache_info().currsize == left


def test_a_reports_counts_are_kept_for_its_own_rules_and_forgotten_when_the_next_file_starts():
    """The counts of a report's passages serve the several rules that read them; kept for distinct
    reports after them they only filled every batch worker (8,192 passages: 6 MB each)."""
    from disclosure_lint.report.prose.counts import _counts, _numbers, find_counts

    assert _counts in memory._PER_FILE and _numbers in memory._PER_FILE
    with memory.one_file():
        first = find_counts("受理申请77件，办结76件。")
        assert find_counts("受理申请77件，办结76件。") is first  # read once for the report's rules
        assert _numbers.cache_info().currsize == 1
    assert _counts.cache_info().currsize == 1  # the report's result may still be rendered from them
    with memory.one_file():
        assert _counts.cache_info().currsize == 0 and _numbers.cache_info().currsize == 0


def test_relation_expansions_of_one_off_table_specs_stay_bounded():
    """A report whose group rows are read collapsed gets a table spec of its own; the relation checks'
    expansions per (check, spec) must not pile up across a long-lived worker's inputs (~40 KB each: a fuzz
    worker crept by ~100 MB over 100,000 inputs when thousands were kept)."""
    from dataclasses import replace
    from pathlib import Path

    from disclosure_lint.api import lint
    from disclosure_lint.checks.kinds import relation
    from disclosure_lint.checks.rules import builtin_rules

    seed = Path(__file__).parent / "fixtures" / "seeds" / "003_cdaa1b262e3f6b28.txt"
    table = lint(seed.read_text(encoding="utf-8")).report.tables[0]
    check = next(c for r in builtin_rules() if r.kind == "relation" for c in r.checks)
    relation._EXPANDED.clear()
    for _ in range(relation._EXPANDED_MAX + 50):
        relation._expanded(check, replace(table, spec=replace(table.spec)))
    assert 0 < len(relation._EXPANDED) <= relation._EXPANDED_MAX <= 512


def test_a_lossy_decoding_holds_one_candidate_at_a_time():
    """Neither UTF-8 nor GB18030 reads every byte: each candidate's losses are counted with no other
    decoding alive.  Keeping them all held both at once beside the copy with the marks replaced (a 4.7 MB
    fuzzed text: 65 MB traced, 47 MB now)."""
    import tracemalloc

    from disclosure_lint.read import load

    data = (("政府信息\t\t\t\t" * 50 + "😀\n").encode("utf-8") + b"\xff") * 400  # 4 bytes a character decoded
    tracemalloc.start()
    try:
        decoded = load._best_lossy(data, ("utf-8", "gb18030"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (decoded.encoding, decoded.bad.count) == ("utf-8", 400)
    assert peak < 3.3 * 4 * len(decoded.text)  # the text, its marked copy and one decoding's making (3.7 before)


def test_a_long_lived_process_fixes_the_allocators_thresholds_from_its_second_file(monkeypatch):
    tunes = []
    monkeypatch.setattr(memory, "tune", lambda: tunes.append(memory.files_done) or True)
    monkeypatch.setattr(memory, "trim", lambda: True)
    monkeypatch.setattr(memory, "files_done", 0)
    for _ in range(3):
        with memory.one_file():
            pass
    assert tunes == [1]  # once, when the second file starts: a one-file run does not pay for it


def test_after_tuning_a_big_block_gets_pages_of_its_own_whatever_was_freed_before():
    """glibc's default raises the size past which a block gets its own pages to the largest block freed:
    after a 9 MB file every smaller block came from the heap, and stayed there once freed."""
    import ctypes
    import os

    if memory._libc_function("mallinfo2") is None or not hasattr(os, "confstr"):
        pytest.skip("glibc >= 2.33 only")

    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                          "fsmblks", "uordblks", "fordblks", "keepcost")]

    mallinfo2 = memory._libc_function("mallinfo2")
    mallinfo2.restype = Info
    assert memory.tune()
    big = bytearray(30 << 20)
    del big  # freed: by default the threshold would now be 30 MB
    before = mallinfo2().hblkhd
    block = bytearray(24 << 20)  # more than the heap has free: from new pages, mapped on their own or not
    assert mallinfo2().hblkhd - before >= 24 << 20  # mapped on its own: given back when freed
    del block
    assert mallinfo2().hblkhd - before < 1 << 20


def test_after_a_big_file_the_collector_waits_for_its_result_to_go(monkeypatch):
    """A pass of the collector while a big file's result lives walks all of it to free nothing (0.08 s of a
    2-million-character report's 1.5 s): the collector stays paused until the result is let go, and the
    memory is given back when the next file starts."""
    import weakref

    class Result:
        pass

    class Node:
        pass

    monkeypatch.setattr(memory, "files_done", 1)
    trims = []
    monkeypatch.setattr(memory, "trim", lambda: trims.append(ref() is None) or True)
    clock = iter([100.0, 100.0 + memory.TRIM_AFTER * 2, 200.0, 200.0])
    monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
    with memory.one_file() as block:
        node = Node()
        node.me = node  # cyclic garbage: only the collector frees it
        ref = weakref.ref(node)
        del node
        block.result = Result()
    result, block = block.result, None
    assert not gc.isenabled() and trims == []  # the result is alive: nothing walked, nothing given back
    del result
    assert gc.isenabled()  # back on once it is let go
    with memory.one_file():
        pass
    assert trims == [True]  # the garbage collected before the memory was given back


def test_a_big_files_result_still_alive_when_the_next_file_starts_is_collected_then(monkeypatch):
    class Result:
        pass

    monkeypatch.setattr(memory, "files_done", 1)
    trims = []
    monkeypatch.setattr(memory, "trim", lambda: trims.append(1) or True)
    clock = iter([100.0, 100.0 + memory.TRIM_AFTER * 2, 200.0, 200.0])
    monkeypatch.setattr(memory.time, "process_time", lambda: next(clock))
    kept = []
    with memory.one_file() as block:
        block.result = Result()
    kept.append(block.result)
    with memory.one_file():
        assert trims == [1] and not gc.isenabled()  # settled at the start, then paused for this file
    assert gc.isenabled()
    kept.clear()
    assert gc.isenabled() and memory._held is None


def test_table_templates_memos_keep_no_long_texts():
    """A label is a few dozen characters; the texts a worker meets in broken files (whole lines read as
    labels) are worked out each time, not kept: they filled the template memos (4.2 million characters
    after 3,000 fuzz inputs) without ever coming again."""
    from pathlib import Path

    from disclosure_lint.api import lint
    from disclosure_lint.report import tables

    seed = (Path(__file__).parent / "fixtures" / "seeds" / "003_cdaa1b262e3f6b28.txt").read_text(encoding="utf-8")
    long_label = "本年新收政府信息公开申请数量" * 20
    first = lint(seed.replace("一、本年新收政府信息公开申请数量", long_label))
    again = lint(seed.replace("一、本年新收政府信息公开申请数量", long_label))
    assert [d.code for d in first.diagnostics] == [d.code for d in again.diagnostics]
    memos = [memo for _, memo in tables._MEMOS.values()]
    assert memos and all(len(key) < 200 for memo in memos  # the long label is 280 characters
                         for kept in (memo.named, memo.texts, memo.units, memo.anchors) for key in kept)
    assert any(memo.texts for memo in memos)  # short labels are kept


def test_reports_that_fill_a_template_alike_share_its_spec():
    """A group row read with values (2021 reports keeping the 2019 form's single （六）其他处理 row) shapes the
    template's spec; reports that shape it alike share one spec, so that the caches keyed by spec (relation
    expansions, identities, group rows) hit instead of keeping one more entry per report."""
    from pathlib import Path

    from disclosure_lint.api import lint

    text = (Path(__file__).parent / "fixtures" / "rules" / "old-template-row" / "fail_single_other_row.txt").read_text(
        encoding="utf-8")
    first, again = lint(text), lint(text)
    shaped = [t.spec for t in first.report.tables if any(r.optional for r in t.spec.rows)]
    assert shaped  # the fixture's group row was read with values
    assert [t.spec for t in first.report.tables] == [t.spec for t in again.report.tables]
    assert all(a is b for a, b in zip((t.spec for t in first.report.tables), (t.spec for t in again.report.tables)))
    assert [d.code for d in first.diagnostics] == [d.code for d in again.diagnostics]
