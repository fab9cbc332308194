"""A time budget for reading and checking one file: a pathological file stops with an input error
naming the budget, and a batch of hundreds of reports goes on with the next one."""

from __future__ import annotations

import contextlib
import signal
import threading
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
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):  # noqa: ARG001 - the signal handler's signature
        raise BudgetExceeded(f"超过每个文件 {seconds:g} 秒的时间限制，已停止检查（文件可能已损坏或过于复杂） / took longer than "
                             f"the per-file time budget of {seconds:g} s and was stopped (a damaged or pathological file)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
