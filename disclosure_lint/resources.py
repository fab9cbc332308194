"""Locate the grammar and rule files, in a wheel or in a source checkout, and cache what is built from them.

A wheel carries ``grammars/`` and ``rules/`` inside the package as ``_data/``; an editable install or a
plain checkout finds them at the repository root.  Nothing is read at import time.

Parsing and validating the bundled rule and template YAML costs more than linting a small report, and
every pre-commit run starts a fresh process: :func:`cached_build` keeps the built data in the user's
cache directory, keyed on the version and on the path, modification time and size of every file it
depends on (the data files and the package's own modules), so an edit anywhere makes it rebuild.  The
cache is an optimisation only: an unwritable directory or a corrupt or foreign file is silently
bypassed.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_FORMAT = 1  # bump when the layout of the cache file changes


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """Return the directory holding the named data tree (``grammars`` or ``rules``)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_data" / name, package.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"disclosure-lint data directory {name!r} not found (broken install?)")


def cache_home() -> Path:
    """The user's cache directory for disclosure-lint (``$XDG_CACHE_HOME``, else ``~/.cache``).  A
    relative ``$XDG_CACHE_HOME`` is ignored, as the XDG specification says."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = xdg if os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "disclosure-lint"


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for path in sorted(paths):
        st = path.stat()
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _key(name: str, inputs: list[Path]) -> tuple:
    """What the built data depends on: the data files, the code that builds and holds it, the version."""
    from disclosure_lint import __version__

    return (_FORMAT, name, __version__, sys.version, _stamp(inputs), code_stamp())


@lru_cache(maxsize=1)
def code_stamp() -> tuple[tuple[str, int, int], ...]:
    """The package's own source files (the modules and the grammar) as (path inside the package,
    modification time, size): an edit anywhere changes it.  Walked once per process, for every cache
    that depends on the code (os.walk: Path.rglob costs twice as much, and every run pays this)."""
    root = os.path.dirname(os.path.realpath(__file__))
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".lark")):
                path = os.path.join(folder, name)
                st = os.stat(path)
                found.append((path[len(root) + 1:].replace(os.sep, "/"), st.st_mtime_ns, st.st_size))
    return tuple(sorted(found))


def _cache_file(name: str, inputs: list[Path]) -> Path:
    return cache_home() / f"data-{name}-{_install()}.pickle"


@lru_cache(maxsize=1)
def _install() -> str:
    """This install's part of a cache file's name: two checkouts (or versions) never overwrite each other's."""
    import zlib

    return f"{zlib.crc32(str(Path(__file__).resolve()).encode()):08x}"


def _read(path: Path, key: tuple) -> Any:
    import pickle

    try:
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, truncated, corrupt or foreign: rebuild, never fail
        return _MISS
    return value if stored_key == key else _MISS


def _write(path: Path, key: tuple, value: Any) -> None:
    import pickle

    def dump(handle: Any) -> None:
        _by_value_pickler()(handle, protocol=pickle.HIGHEST_PROTOCOL).dump((key, value))

    write_atomically(path, dump)


def write_atomically(path: Path, dump: Callable[[Any], None]) -> None:
    """Write a cache file with ``dump(handle)`` atomically (a temporary file renamed over the old one): a
    reader never sees half a file, and a failure (read-only home, full disk, unpicklable value) only
    means nothing is cached."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                dump(handle)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:  # noqa: BLE001 - just don't cache
        pass


_MISS = object()


def _by_value_pickler() -> type:
    import dataclasses
    import pickle

    from disclosure_lint import recache

    class ByValue(pickle.Pickler):
        """Dataclasses by value even where their class pickles them by reference to the bundled data
        (the templates do, for the result cache): this cache is where that data comes from.  Patterns
        are rebuilt by the package's ``re`` (from its stored code) rather than recompiled."""

        def reducer_override(self, obj: Any) -> Any:
            if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
                return object.__reduce_ex__(obj, pickle.HIGHEST_PROTOCOL)
            if isinstance(obj, recache.Pattern) and isinstance(obj.pattern, str):
                return recache.compile, (obj.pattern, obj.flags)
            return NotImplemented

    return ByValue


class MarshalStore:
    """A dictionary kept between runs in one marshal file of the user's cache directory (the start-up
    caches of compiled patterns and code: marshal loads plain data and code objects fast, and refuses
    anything else).  The file is read at the first lookup and used only if its key (what its contents
    depend on, e.g. the interpreter build) is ``key()``; what this process added is merged into it at
    exit.  Past ``limit`` entries only those this process used are kept: the file follows the code as it
    changes and stays small.  Mutable on purpose: it is the process's cache, not a record."""

    __slots__ = ("name", "key", "limit", "_entries", "_added", "_used")

    def __init__(self, name: str, key: Callable[[], tuple], limit: int = 4096) -> None:
        self.name, self.key, self.limit = name, key, limit
        self._entries: dict | None = None
        self._added: dict = {}
        self._used: set = set()

    def get(self, entry: Any) -> Any:
        if self._entries is None:
            self._entries = self._read()
        value = self._entries.get(entry)
        if value is not None:
            self._used.add(entry)
        return value

    def add(self, entry: Any, value: Any) -> None:
        """Keep ``value`` for the next processes (this one already has it)."""
        if len(self._added) >= self.limit:  # patterns built from report text must not grow it without bound
            return
        if not self._added:
            import atexit

            atexit.register(self.save)
        self._added[entry] = value

    def path(self) -> Path:
        return cache_home() / f"{self.name}-{_install()}-{sys.implementation.cache_tag}.marshal"

    def _read(self) -> dict:
        import marshal

        try:  # loads of the bytes: marshal.load reads a file object a few bytes at a time (six times slower)
            key, entries = marshal.loads(self.path().read_bytes())
        except Exception:  # noqa: BLE001 - missing, truncated, corrupt or foreign: start afresh
            return {}
        return entries if key == self.key() and isinstance(entries, dict) else {}

    def save(self) -> None:
        """Merge this process's entries into the file (re-read first: another run may have added its own)."""
        import marshal

        path = self.path()
        if not self._added or not path.is_absolute():  # no home directory: never write into the working directory
            return
        entries = {**self._read(), **self._added}
        if len(entries) > self.limit:
            entries = {k: v for k, v in entries.items() if k in self._used or k in self._added}
        write_atomically(path, lambda handle: marshal.dump((self.key(), entries), handle))


class ByIdentity:
    """What ``make`` builds from an object that is unhashable or costly to hash (a rule's params, a table
    spec, a parameter set of tuples), kept by the object's identity for the process: made once per rule or
    template, not per report.  The object is kept beside its value, so that its id cannot be reused while
    the entry lives; past ``limit`` objects the cache starts afresh (a report may bring objects of its own)."""

    __slots__ = ("make", "limit", "_entries")

    def __init__(self, make: Callable[[Any], Any], limit: int = 64) -> None:
        self.make, self.limit = make, limit
        self._entries: dict[int, tuple[Any, Any]] = {}

    def __call__(self, key: Any) -> Any:
        entry = self._entries.get(id(key))
        if entry is None or entry[0] is not key:
            if len(self._entries) >= self.limit:
                self._entries.clear()
            entry = self._entries[id(key)] = (key, self.make(key))
        return entry[1]


def cached_build(name: str, inputs: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned last time when none of ``inputs`` (nor the package's code) changed."""
    try:
        key = _key(name, inputs)
    except OSError:  # an input vanished: let build() say so
        return build()
    path = _cache_file(name, inputs)
    if not path.is_absolute():  # no home directory to speak of: never write into the working directory
        return build()
    value = _read(path, key)
    if value is _MISS:
        value = build()
        _write(path, key, value)
    return value
