"""A time budget for reading and checking one file: a pathological file stops with an input error
naming the budget, and a batch of hundreds of reports goes on with the next one."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

from disclosure_lint.read.base import InputError

DEFAULT_BUDGET = 60.0  # seconds per file: real reports take well under a second


class BudgetExceeded(InputError):
    """The file took longer than its time budget."""


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block once ``seconds`` have passed (None or 0: no budget).

    A real-time interval timer (SIGALRM): it works in the main thread of a process (the CLI, each
    ``--jobs`` worker); elsewhere the block simply runs unbudgeted.
    """
    def expire(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise BudgetExceeded(f"超过每个文件 {seconds:g} 秒的时间限制，已停止检查（文件可能已损坏或过于复杂） / took longer than "
                             f"the per-file time budget of {seconds:g} s and was stopped (a damaged or pathological file)")

    with alarm(seconds, expire):
        yield


@contextlib.contextmanager
def alarm(seconds: float | None, expire) -> Iterator[None]:
    """``expire`` (a signal handler that raises) is called in the block once ``seconds`` have passed.
    Nests: an inner alarm (a user rule's limit inside a file's budget) lends the timer and gives it back
    with the outer time that is left (at once, if the outer time ran out meanwhile)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001))


class RuleTooSlow(Exception):
    """A user rule's patterns took longer than their limit on this text."""


USER_RULE_SECONDS = 2.0  # a user rule's limit per file; the bundled rules take milliseconds


@contextlib.contextmanager
def rule_limit(seconds: float = USER_RULE_SECONDS) -> Iterator[None]:
    """Raise :class:`RuleTooSlow` in the block once ``seconds`` have passed: rules from users' files
    may hold patterns that backtrack for ever (``(a+)+b``); Python's engine checks signals while it
    matches, so the alarm stops it."""
    def expire(signum, frame):  # noqa: ARG001
        raise RuleTooSlow()

    with alarm(seconds, expire):
        yield
