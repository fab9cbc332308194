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
directory committed by someone else is never unpickled.  The entries are rows of one SQLite database
in the cache folder (:class:`ResultCache`), shared by a batch's processes.
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
DATABASE = "entries.sqlite"  # the cache folder's one file of entries (and SQLite's -wal and -shm beside it)

# Each process's connection to each cache folder's database, by (process id, folder).  A worker forked
# from a process that had one opened its own: a connection must not be used across a fork, and the
# inherited one stays here unused (never closed in the child, where closing it could disturb the parent's).
_CONNECTIONS: dict[tuple[int, str], Any] = {}
BUSY = 10.0  # seconds a write waits for another process's; past that the run goes on without the cache
_STUCK: set[tuple[int, str]] = set()  # (process, folder) whose writes stopped: the database stayed locked
_BUSY = object()  # what _run gives for a statement the database stayed too busy to run


class ResultCache:
    """Entries in one SQLite database in the cache folder: making a file per entry cost half a
    millisecond of the kernel's time each on this machine's disk (three entries a file: more than
    linting it), an insert into the database a tenth of that.  Written with write-ahead logging and
    without syncing each entry: a crash loses the last entries, never the others (SQLite's own
    guarantee), and an entry torn anyway fails its signature and is a miss."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._key = _signing_key()

    def key(self, name: str, data: bytes, settings: str) -> str:
        """What decides a file's findings: its bytes and name, the linter, the rules, its configuration
        (``settings``: everything else the answer depends on, as text)."""
        digest = hashlib.sha256()
        for part in (__version__, code_fingerprint(), rules_fingerprint(), name, settings):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        blob = self._select("select value from entries where key = ?", key)
        if blob is None:
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
        return key is not None and self._select("select 1 from entries where key = ?", key) is not None

    def put(self, key: str, entry: Any) -> bool:
        """Store ``entry``; False when it could not be (not picklable, a read-only folder, a database
        another process holds too long)."""
        try:
            payload = pickle.dumps((FORMAT, entry), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            return False  # something in this result cannot be stored: it is simply not cached
        blob = hmac.digest(self._key, payload, "sha256") + payload
        done = self._run("insert or replace into entries (key, value) values (?, ?)", key, blob)
        return done is not None and done is not _BUSY

    def _select(self, sql: str, key: str) -> Any:
        """The first column of the row ``sql`` finds for ``key``.  A read is tried again when the database
        was busy (a batch reads back entries its workers wrote: a passing lock must not lose one)."""
        for _ in range(3):
            cursor = self._run(sql, key)
            if cursor is not _BUSY:
                break
        if cursor is None or cursor is _BUSY:
            return None
        row = cursor.fetchone()
        return row[0] if row is not None else None

    @property
    def _slot(self) -> tuple[int, str]:
        """This process and this folder: what its connection and the state of its writes are kept by."""
        return (os.getpid(), str(self.directory))

    def _run(self, sql: str, *args: Any) -> Any:
        """``sql`` run on this process's connection; None where the database cannot be used (a miss,
        never an error: the run goes on without the cache), _BUSY where it stayed locked past BUSY
        seconds (writes then stop for this process: a process stopped in the middle of its own write
        would make every entry wait)."""
        import sqlite3

        connection = self._connection()
        if connection is None:
            return None
        writing = not sql.startswith("select")
        if writing and self._slot in _STUCK:
            return None
        try:
            return connection.execute(sql, args)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                return None
            if writing:
                _STUCK.add(self._slot)
            return _BUSY
        except sqlite3.Error:
            return None

    def _connection(self) -> Any:
        """This process's connection to the folder's database, opened (and the folder and its table
        made) at the first use; None where it cannot be."""
        import sqlite3

        slot = self._slot
        if slot in _CONNECTIONS:
            return _CONNECTIONS[slot]  # None: it could not be opened in this process (not tried per entry)
        try:
            connection = _open(self.directory)
        except (OSError, sqlite3.Error):
            connection = None
        _CONNECTIONS[slot] = connection
        return connection


def _open(directory: Path) -> Any:
    """The folder's database, made if needed.  A file there that is not a database (damaged, or
    something else) is replaced: the cache only ever holds what can be made again."""
    import sqlite3

    _ensure_dir(directory)
    path = directory / DATABASE
    try:
        return _connect(path)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):
            raise  # locked, read-only, no space: not a reason to remove it
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{path}{suffix}")
        return _connect(path)


def _connect(path: Path) -> Any:
    import sqlite3

    # Autocommit (each entry its own transaction), and a writer that finds the database busy (another
    # worker's insert) waits for it rather than failing.
    connection = sqlite3.connect(path, timeout=BUSY, isolation_level=None, check_same_thread=False)
    connection.execute("pragma journal_mode = wal")
    connection.execute("pragma synchronous = normal")
    connection.execute("create table if not exists entries (key text primary key, value blob not null)")
    return connection


def _ensure_dir(directory: Path) -> None:
    if not directory.is_dir():
        directory.mkdir(parents=True, exist_ok=True)
        (directory / ".gitignore").write_text("# made by disclosure-lint\n*\n", encoding="utf-8")
