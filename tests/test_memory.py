"""One file's work (read/memory.py): the collector paused while it runs, memory given back after a big file."""

from __future__ import annotations

import gc

from disclosure_lint.read import memory


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


def test_memory_is_given_back_only_after_a_file_that_left_the_process_larger(monkeypatch):
    trims = []
    monkeypatch.setattr(memory, "trim", lambda: trims.append(1) or True)
    for grew, expected in ((memory.TRIM_AFTER + 1, [1]), (memory.TRIM_AFTER // 2, [])):
        trims.clear()
        sizes = iter([100_000_000, 100_000_000 + grew])
        monkeypatch.setattr(memory, "resident_bytes", lambda: next(sizes))
        with memory.one_file():
            pass
        assert trims == expected


def test_trim_and_resident_size_never_raise():
    assert isinstance(memory.trim(), bool)
    assert memory.resident_bytes() >= 0
