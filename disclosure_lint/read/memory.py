"""One file's work in a long-lived process: the cyclic garbage collector paused while it runs, and the
memory a big file left free given back to the system after it.

Why the pause: reading and checking a file makes objects that all live until the file is done (lines,
tokens, cells, findings), almost none of them in reference cycles, so the collector's passes free
nothing; but each full pass walks every object alive, and a file of 2 million characters makes millions:
a third of its time (1.9 s → 1.2 s) went to passes over its own live objects.  What little cyclic
garbage a file makes is collected once the collector runs again after it.

Why the trim: glibc's allocator keeps the pages a big file's objects were freed from, so a batch worker
(or the fuzz harness's) that has read one big file stays that large, and after many files of all sizes
its resident size drifts up (470-690 MB after hundreds of thousands of inputs).  The file's cyclic
garbage is collected, then ``malloc_trim(0)`` returns the free pages (0.05-0.5 ms).  It is called after a file that took more than 50 ms: only a big
file can leave much memory behind, and a small report (2-5 ms) does not pay for a look at the process's
resident size (reading /proc/self/statm costs ~50 µs).
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
import weakref
from collections.abc import Iterator
from functools import lru_cache

TRIM_AFTER = 0.05  # CPU seconds of one file's work past which free memory is given back
files_done = 0  # files this process has worked through (the outermost blocks)
_FORGOTTEN: list = []  # caches of text pieces emptied after a big file (see forget_after_big_files)
_PER_FILE: list = []  # caches emptied when a file starts (see forget_after_each_file)


def forget_after_each_file(cache):
    """Register an ``lru_cache``d function whose entries serve one report (its passages' counts, read by
    several rules): it is emptied when the next file starts.  Kept across files, the entries of distinct
    reports only fill it: 8,192 passages and their numbers were 6 MB of every batch worker."""
    _PER_FILE.append(cache)
    return cache


def forget_after_big_files(cache):
    """Register an ``lru_cache``d function of a text's pieces (lines, cells, passages): it is emptied after a
    big file.  Such caches are bounded by entries, not bytes: a big file's megabyte entries would stay,
    and pin the pages around them, until hundreds of later files pushed them out."""
    _FORGOTTEN.append(cache)
    return cache


class Block:
    """One file's block: ``result`` is what the work returns (set by the caller), so that the collector
    can wait for it to be let go (see :func:`one_file`)."""

    __slots__ = ("result",)

    def __init__(self) -> None:
        self.result: object = None


_held: weakref.finalize | None = None  # the result of the last big file, while the collector waits for it
_owed = False  # the last big file's garbage is still to be collected and its memory given back


@contextlib.contextmanager
def one_file() -> Iterator[Block]:
    """The block is one file's work (see the module's doc).  Nests: only the outermost block acts."""
    if _held is not None or _owed:
        _settle()  # what the last big file left (its result may still be alive: then as it was before)
    block = Block()
    if not gc.isenabled():  # an enclosing block (or the program) has it in hand
        yield block
        return
    for cache in _PER_FILE:
        cache.cache_clear()
    global files_done
    if files_done == 1:  # a second file: a long-lived process (a one-file run never loads ctypes for it)
        tune()
    started = time.process_time()
    gc.disable()
    try:
        yield block
    finally:
        files_done += 1
        # Not after a process's first file: a one-file run exits next (collecting, loading ctypes and
        # trimming cost it ~6 ms, a twentieth of its run), and a first file's time is mostly the
        # rules' first use, not its size.  A batch worker gives it back after its next big file.
        if files_done > 1 and time.process_time() - started > TRIM_AFTER:
            _after_big_file(block.result)
        else:
            gc.enable()


def _after_big_file(result: object) -> None:
    """Every object the file made is in the collector's youngest generation, its result's with them: a
    pass while the result lives (the caller renders, pickles or returns it) walks all of it to free
    nothing — a report of 2 million characters: 0.08 s of its 1.5 s, whether the pass is ours or the
    first automatic one once the collector is back on — and a trim then cannot return the pages the
    result is freed from a moment later.  So the collector stays paused until the result is let go
    (it is back on then; the garbage collected and the memory given back when the next file starts),
    or until the next file starts, whichever is first.  A result that cannot be referred to weakly (a
    string, a tuple) is not waited for."""
    global _held, _owed
    _owed = True
    try:
        _held = weakref.finalize(result, gc.enable)
    except TypeError:
        _settle()
        return
    _held.atexit = False  # a process that exits with the result alive has nothing to give back


def _settle() -> None:
    """The collector back on; the last big file's cyclic garbage (a Word file's XML tree, freed only with
    the proxies in cycles around it: 90 MB for a 7 MB document.xml) collected before the trim, else the
    worker keeps those pages until the next big file; the caches of text pieces emptied before it, for
    their megabyte entries to go with the file."""
    global _held, _owed
    if _held is not None:
        _held.detach()
        _held = None
    gc.enable()
    if _owed:
        _owed = False
        for cache in _FORGOTTEN:
            cache.cache_clear()
        gc.collect(0)
        trim()


# glibc's mallopt parameters (malloc.h) and the values this process keeps: blocks of 1 MB or more (a
# file's bytes, its decoded text, its list of lines, a joined prose) each get pages of their own, given back
# when freed; free memory past 4 MB at the top of the heap is given back at once.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD, MMAP_THRESHOLD = 4 << 20, 1 << 20


def tune() -> bool:
    """Fix glibc's thresholds (whether it could).  By default the size past which a block gets pages of its
    own rises to the largest block freed so far (up to 32 MB): after one 9 MB file, every later block
    under 9 MB comes from the heap, and a big file that is refused or read in a few milliseconds (no trim
    after it) left its freed blocks in the heap for good.  29 fuzzed files of 1.5-15 MB one after the
    other: the resident size at the end 92 -> 65 MB, each file's peak up to 27 MB lower, the same times."""
    function = _libc_function("mallopt")
    if function is None:
        return False
    return bool(function(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(function(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def trim() -> bool:
    """Give free heap pages back to the system (glibc's ``malloc_trim``); whether it could."""
    function = _libc_function("malloc_trim")
    return bool(function is not None and function(0))


@lru_cache(maxsize=4)
def _libc_function(name: str):
    """glibc's function ``name`` (``malloc_trim``, ``mallopt``), or None (another C library, or no ctypes)."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return None
        import ctypes

        return getattr(ctypes.CDLL(None), name)
    except (ValueError, OSError, AttributeError, ImportError):  # confstr name unknown, no symbol, no ctypes
        return None
