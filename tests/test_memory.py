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


def test_memory_is_given_back_only_after_a_file_that_took_a_while(monkeypatch):
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
