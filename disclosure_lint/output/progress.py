"""Progress on long runs: a bar on standard error when it is a terminal, nothing otherwise; and the
closing summary of a batch (checked, skipped with why, unreadable, time)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from disclosure_lint.output import FileResult


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress_bar(total: int, label: str, enabled: bool) -> Iterator[Callable[[], None]]:
    """A callback to call once per file done; a rich progress bar on stderr while the block runs."""
    if not enabled or total < 2:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def closing_summary(items: list[FileResult], skipped: tuple[tuple[str, str], ...], elapsed: float, lang: str) -> str:
    unreadable = [i for i in items if i.error is not None]
    checked = len(items) - len(unreadable)
    reasons: dict[str, int] = {}
    for _, reason in skipped:
        reasons[reason] = reasons.get(reason, 0) + 1
    if lang == "en":
        why = "; ".join(f"{n} {r}" for r, n in reasons.items())
        return (f"{checked} report(s) checked, {len(skipped)} file(s) skipped" + (f" ({why})" if why else "")
                + f", {len(unreadable)} unreadable, in {elapsed:.1f} s")
    why = "；".join(f"{r} {n} 个" for r, n in reasons.items())
    return (f"检查了 {checked} 份报告，跳过 {len(skipped)} 个文件" + (f"（{why}）" if why else "")
            + f"，{len(unreadable)} 个无法读取，用时 {elapsed:.1f} 秒")
