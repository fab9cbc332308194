"""Writing the linter's own output files safely.

Every file the linter writes (``--output``, ``--write-baseline``, and whatever later writers add) goes
through :func:`write_atomic`: the text is written to a temporary file in the target's directory and
renamed over the target, so an interrupted run never leaves a half-written SARIF or baseline behind.
:func:`refuse_linted` stops a run from overwriting one of the reports it is linting — the linter never
writes to a report.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

__all__ = ["OutputError", "atomic_stream", "refuse_linted", "write_atomic", "write_atomic_bytes"]


class OutputError(Exception):
    """An output file that must not or cannot be written (one clear message; the CLI exits 2)."""


@contextlib.contextmanager
def atomic_stream(target: Path, encoding: str | None = "utf-8", sync: bool = True) -> Iterator[IO]:
    """A text stream (a binary one when ``encoding`` is None) whose content replaces ``target`` only once
    the block completes without error (``sync``: on the disk before it does, as an output must be)."""
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    import tempfile  # only when a file is written: its import pulls shutil, bz2, lzma, random

    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    text = {"encoding": encoding, "errors": "surrogateescape", "newline": ""} if encoding else {}
    try:
        with os.fdopen(fd, "w" if encoding else "wb", **text) as handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        _keep_mode(target, temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _keep_mode(target: Path, temp: str) -> None:
    """mkstemp makes a 0600 file: give the output the permissions an ordinary write would."""
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def write_atomic(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically (temporary file in the same directory, then rename)."""
    with atomic_stream(target, encoding) as handle:
        handle.write(text)


def write_atomic_bytes(target: Path, data: bytes, sync: bool = True) -> None:
    """Write ``data`` (a spreadsheet, say) to ``target`` atomically (``sync``: as :func:`atomic_stream`)."""
    with atomic_stream(target, None, sync) as handle:
        handle.write(data)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def refuse_linted(target: Path, linted: Iterable[Path | None]) -> None:
    """OutputError if ``target`` is (the same file as) one of the reports this run reads."""
    ident = _identity(target)
    if ident is None:
        return
    for path in linted:
        if path is not None and _identity(path) == ident:
            raise OutputError(f"{target}: 这是本次检查的报告文件，拒绝覆盖 / is one of the reports being linted: "
                              "refusing to overwrite it")
