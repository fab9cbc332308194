"""The result cache: an unchanged rerun over a repository of reports reads nothing but the files' bytes.

One entry per linted file, keyed on the file's bytes, its name, the linter's version (and its own
files), the rule set (every bundled rule and template file) and the file's effective configuration
(which includes the extra rules), so a change to any of them misses.  An entry holds what a batch
worker answers for the file (:mod:`disclosure_lint.batch`): the report and the findings of every rule
that needs only it, and its summary for the cross-file checks.  The cross-file checks (last year's
report, twins) are made again from the summaries whenever a file of the batch changed, so a hit stays
right whatever else changed in the batch, and a changed file misses alone; a batch whose every file is
unchanged recalls them instead (one more entry, keyed on every file's key in order: see
:mod:`disclosure_lint.batch`).  Entries are signed with a key kept outside the repository, so a cache
directory committed by someone else is never unpickled.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from disclosure_lint import __version__

CACHE_NAME = ".disclosure-lint-cache"
NO_CACHE_ENV = "DISCLOSURE_LINT_NO_CACHE"  # set (to anything but 0 or empty): no cache, as --no-cache


def disabled_by_environment() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") not in ("", "0")


def default_dir(start: Path | None = None) -> Path:
    """``.disclosure-lint-cache`` at the root of the repository holding the working directory (the
    nearest folder with ``.git``), else in the working directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder / CACHE_NAME
    return here / CACHE_NAME


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """The bundled rule set and templates, as bytes: a changed rule file misses every entry."""
    from disclosure_lint.resources import data_dir

    digest = hashlib.sha256()
    root = data_dir("rules")
    for path in sorted(root.rglob("*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The linter's own files (name, size, modification time): a developer's edit misses too, not
    only a new version."""
    from disclosure_lint.resources import code_stamp

    digest = hashlib.sha256()
    for name, mtime, size in code_stamp():
        digest.update(f"{name}:{size}:{mtime}\0".encode())
    return digest.hexdigest()


def _signing_key() -> bytes:
    """A per-user secret outside every repository (entries are pickles: never load one we did not write)."""
    from disclosure_lint.resources import cache_home

    base = cache_home()
    path = base / "cache-key"
    try:
        return path.read_bytes()
    except OSError:
        import secrets  # once per user: the first run makes the key

        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key


FORMAT = "disclosure-lint result cache 2"  # what an entry holds: a batch worker's answer for one file


class ResultCache:
    def __init__(self, directory: Path):
        self.directory = directory
        self._key = _signing_key()
        self._made: set[str] = set()  # the folders this process made or found (not asked again per entry)
        self._written = 0  # entries this process wrote (their temporary files' names)

    def key(self, name: str, data: bytes, settings: str) -> str:
        """What decides a file's findings: its bytes and name, the linter, the rules, its configuration
        (``settings``: everything else the answer depends on, as text)."""
        digest = hashlib.sha256()
        for part in (__version__, code_fingerprint(), rules_fingerprint(), name, settings):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def _path(self, key: str) -> str:
        # A string, not a Path: a rerun reads two entries a file, and joining Paths cost more than reading.
        return os.path.join(self.directory, key[:2], f"{key}.pickle")

    def get(self, key: str) -> Any:
        try:
            with open(self._path(key), "rb") as entry:
                blob = entry.read()
        except OSError:
            return None
        signature, payload = blob[:32], blob[32:]
        if not hmac.compare_digest(signature, hmac.digest(self._key, payload, "sha256")):
            return None
        try:
            tag, entry = pickle.loads(payload)
        except Exception:  # an entry from another version of the classes: a miss, never an error
            return None
        return entry if tag == FORMAT else None

    def has(self, key: str | None) -> bool:
        """Whether an entry is there (not whether it is signed: :meth:`get` says that)."""
        return key is not None and os.path.exists(self._path(key))

    def put(self, key: str, entry: Any) -> bool:
        """Store ``entry``; False when it could not be (not picklable, a read-only folder)."""
        try:
            payload = pickle.dumps((FORMAT, entry), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return False  # something in this result cannot be stored: it is simply not cached
        try:
            folder = self._folder(key)
            # Not synced to disk: an entry a power cut tears fails its signature and is a miss.
            self._write(folder, key, hmac.digest(self._key, payload, "sha256") + payload)
        except OSError:
            self._made.clear()  # a folder removed during the run is made again for the next entry
            return False  # a read-only checkout: run without a cache
        return True

    def _folder(self, key: str) -> str:
        """The entry's folder, made if needed (each asked once per process: a batch writes three entries
        a file, and the checks cost more than the writes)."""
        folder = os.path.join(self.directory, key[:2])
        if folder not in self._made:
            self._ensure_dir()
            os.makedirs(folder, exist_ok=True)
            self._made.add(folder)
        return folder

    def _write(self, folder: str, key: str, data: bytes) -> None:
        """``data`` written to the entry's file atomically: a temporary file of this process's own (its pid
        and a count: no random name to draw, no other process's), then renamed over the entry.  Made with
        the permissions an ordinary write gives a new file (0666 less the umask)."""
        self._written += 1
        temp = os.path.join(folder, f".{key}.{os.getpid()}.{self._written}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, self._path(key))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def _ensure_dir(self) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text("# made by disclosure-lint\n*\n", encoding="utf-8")
        self.directory.mkdir(parents=True, exist_ok=True)
