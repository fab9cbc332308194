"""An unchanged rerun prints what the last run printed, without rendering it again.

When a batch's results are all in the result cache and its comparisons were kept
(:attr:`disclosure_lint.batch.Results.memo`: a key made of every file's bytes, name and settings, the
linter and its rules), what a machine-read output prints is decided by that key and by what the command
itself was given: its options, its working folder, its environment, the files its options name (a rubric,
a roster, a configuration file, rule files) and the files it passed over.  The text printed and the exit
code are kept in the result cache under all of that, and a rerun that finds them prints them (the
findings of 2,000 cached reports are otherwise read back, scored and written again: most of the rerun).

Only the outputs printed on standard output as text are kept (the terminal output as it is written to a
pipe or a file: its width is part of the key), on a run that writes no other file and shows nothing on a
terminal (no progress, no closing summary, no colour), and whose results hold no input error (a file that
timed out may not time out again).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMATS = frozenset({"human", "json", "sarif", "github", "gitlab", "junit", "csv"})  # printed as text
LIMIT = 16 << 20  # bytes of output kept at most (a bigger batch's output is rendered again)
TAG = "replay 1"


def key(batch: str, params: Mapping[str, Any], named: Iterable[str], skipped: Sequence[tuple[str, str]],
        cwd: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The key of what a run prints: the batch's ``memo``, the command's parsed options (``params``), the
    bytes of the files they name (``named``: paths, read here; the linted files are in ``batch``), the
    files skipped with why, the working folder and the whole environment (an output may depend on any of
    them: relative paths, the language, a variable read by a later version)."""
    digest = hashlib.sha256(f"{TAG}\0{batch}\0".encode())
    for part in (sorted(params.items(), key=lambda item: item[0]), list(skipped), cwd or os.getcwd(),
                 sorted((environ if environ is not None else os.environ).items())):
        digest.update(repr(part).encode("utf-8", "surrogateescape") + b"\0")
    for path in sorted(set(named)):
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + _content(path) + b"\0")
    return digest.hexdigest()


def _content(path: str) -> bytes:
    """A named file's bytes as a digest (a file that cannot be read, as what it is)."""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).digest()
    except OSError as exc:
        return f"unreadable {exc.errno}".encode()


def named_files(params: Mapping[str, Any], skip: Iterable[str] = ()) -> list[str]:
    """Every option value that names an existing file (a configuration, rule, rubric, roster, manifest
    or baseline file), but those in ``skip`` (the linted files: their bytes are in the batch's key)."""
    skipped = set(skip)
    found = []
    for value in params.values():
        for item in value if isinstance(value, (tuple, list)) else (value,):
            if isinstance(item, str) and item not in skipped and os.path.isfile(item):
                found.append(item)
    return found


class Recorder:
    """What a run prints, kept as it is printed (as UTF-8: a third of the memory of the text), up to
    :data:`LIMIT` bytes: a bigger output is not kept (its rerun renders it again, memory stays flat)."""

    def __init__(self) -> None:
        self.data: bytearray | None = bytearray()

    def add(self, text: str) -> None:
        if self.data is None:
            return
        self.data += text.encode("utf-8", "surrogatepass")
        if len(self.data) > LIMIT:
            self.data = None

    def drop(self) -> None:
        """Nothing of this run is kept (it printed something the recorder did not see)."""
        self.data = None

    def text(self) -> bytes | None:
        return bytes(self.data) if self.data is not None else None


class Run:
    """A run whose output may be printed again: the cache, the key of what it prints (:func:`key`), and
    what it prints as it prints it."""

    def __init__(self, cache: Any, run_key: str) -> None:
        self.cache, self.key, self.printed = cache, run_key, Recorder()

    def recalled(self) -> tuple[str, int] | None:
        """The text and exit code an earlier run kept under this key, or None."""
        kept = self.cache.get(self.key)
        if not isinstance(kept, tuple) or len(kept) != 2 or not isinstance(kept[0], bytes):
            return None
        return kept[0].decode("utf-8", "surrogatepass"), kept[1]

    def keep(self, code: int) -> None:
        """What this run printed kept with its exit code (unless it printed past the limit, or unseen)."""
        printed = self.printed.text()
        if printed is not None:
            self.cache.put(self.key, (printed, code))
