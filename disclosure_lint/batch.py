"""Many files at once (part of the api layer): the per-file work in worker processes, the cross-file work on
compact summaries in the parent, the results handed out one at a time so that memory stays flat.

First pass, in the workers (:func:`see`): a worker reads a file, structures it, builds its report and runs
every rule that needs only that report (:func:`disclosure_lint.checks.runner.lint_alone`); it keeps the
pickled report and findings in its own spill file (or the result cache) and sends back what the parent
needs to compare the report with the others, :class:`Seen` (issuer, year, the few cells and sentence
hashes the cross-year rules compare, the twin index's shingle sample, whether it is a report at all).
Once every file has been seen, the parent pairs each report with its issuer's report of the year before
(by year and issuer key, not pair by pair) and asks the twin index for copies between issuers.

Second pass, in the workers again (:func:`complete`), in input order as an output reads :class:`Results`:
each report is loaded back and finished (the late rules: cross-year, twins, check-not-run, suppression
comments), and sent to the parent as the outputs need it (a :mod:`~disclosure_lint.output.slim` report
for the line-oriented formats), to be rendered and let go: the parent holds one summary per file, never
the reports, and does little more than render.

With ``jobs`` 1 the same functions run in this process, so the output is the same with and without
``--jobs``.  The result cache (:mod:`disclosure_lint.output.result_cache`) keeps both passes' answers per
file: the first keyed on everything it depends on (bytes, name, linter, rules, configuration), the second
on that and what the report was compared with (last year's summary, its twin), so an unchanged rerun
neither reads, parses nor finishes a report again.  The parent keys every file before the first pass, and
the comparisons of a batch whose files all have the keys of an earlier run are recalled from the cache
(:func:`_recalled`): its rerun skips the first pass and the twin index, and reads each file's finished
result only.
"""

from __future__ import annotations

import os
import pickle
import weakref
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from disclosure_lint.checks.run_config import Config
from disclosure_lint.checks.late_view import late_view, report_of
from disclosure_lint.checks.runner import LintResult, finish, lint_alone
from disclosure_lint.output import FileResult, SkippedFile
from disclosure_lint.read.base import InputError
from disclosure_lint.report.build import Report
from disclosure_lint.report.pairing import YearSummary, pair_previous, running_text, summarize
from disclosure_lint.report.twins import TwinIndex, Who, prose, sample, twin, who

Handle = tuple  # where a report waits between the passes: ("spill", path, offset, size), ("cache", key)
# or, in a one-file run, ("held", (report, findings)): the objects themselves, never pickled
# What waits: (report, findings), and for the slim outputs the slim report they show (see _alone).
Waiting = tuple


@dataclass(frozen=True)
class Seen:
    """What the parent keeps of one file: its input error, or what comparing it with the others needs."""

    error: str | None = None
    summary: YearSummary | None = None
    # The twin index's sample (twins.sample), as 64-bit numbers: a worker pickles it for the parent, and
    # an array is pickled as its bytes (450 keys: ~8 us to make it, not ~32 us to pickle each key, and
    # ~16 us less for the parent to load).
    shingles: Sequence[int] = ()
    genre: str = "report"
    looks: tuple[str, str] = ("", "")  # what a text that is not a report looks like (zh, en)
    who: Who | None = None  # how a twin finding names this report


@dataclass(frozen=True)
class Setup:
    """What every worker is told once: the configurations (tasks name one by index), the cells the
    cross-year rules compare, the roster's units, the time budget per file, the cache, the folder of the
    spill files, whether the outputs are content with slim reports and whether they quote a table cell's row
    label above it (the terminal output: only then do slim reports keep the rows laid out one cell per line)."""

    configs: tuple[Config, ...]
    wanted: frozenset[tuple[str, str, str]]
    units: tuple = ()
    budget: float | None = None
    cache_dir: str | None = None
    spill_dir: str = ""
    slim: bool = False
    hold: bool = False  # one file: its report waits as objects (pickling it would cost as much as linting)
    rows: bool = True  # the slim reports keep their tables' rows laid out one cell per line (output.slim)


_SETUP: Setup | None = None  # this process's Setup (a worker's, or the parent's)
_CACHE: Any = None  # its result cache, opened once
_SPILL: Any = None  # its spill file, opened at the first report
_SPILL_END = 0  # where the next bytes go in it (appended: no seek to ask)


def _init(setup: Setup) -> None:
    global _SETUP, _CACHE, _SPILL
    if _SPILL is not None:  # the last batch's (a batch's results are all read from it by now, or never)
        _SPILL.close()
    _SETUP, _CACHE, _SPILL = setup, None, None
    if setup.cache_dir is not None:
        from disclosure_lint.output.result_cache import ResultCache

        _CACHE = ResultCache(Path(setup.cache_dir))


def _setup() -> Setup:
    assert _SETUP is not None, "batch functions run after _init"
    return _SETUP


def _adjusted(report: Report, config: Config, units: tuple) -> Config:
    """A roster's kind of unit for this report's issuer (its deadline), unless the kind is already known."""
    if not units:
        return config
    from disclosure_lint.api import roster_kinds

    return roster_kinds(units)(report, config)


# --- first pass: each file alone ---------------------------------------------------------------------

Task = tuple  # (name, path or None, index of its configuration, its result cache key or None)


def see(task: Task) -> tuple[Seen, Handle | None, str | None, Handle | None]:
    """One file, in a worker: its :class:`Seen`, where its report waits, its cache key, and where its
    result waits should nothing be compared with it (see :func:`_ready`)."""
    from disclosure_lint.read.memory import one_file

    # The whole of it one file's work (the blocks of guarded() inside nest): the report is pickled and
    # let go before the collector runs again, so that no collection walks the objects of a report that
    # is about to be freed anyway (a collection after each file cost more than the spill's pickling).
    with one_file():
        return _see(task)


def _see(task: Task) -> tuple[Seen, Handle | None, str | None, Handle | None]:
    from disclosure_lint.api import guarded

    setup = _setup()
    raw, path, which, key = task
    hit = _CACHE.get(key) if key is not None else None
    if hit is not None:
        return hit, ("cache", _report_key(key)), key, None
    outcome = guarded(setup.budget, lambda: _first(raw, Path(path) if path is not None else None, which, key))
    if isinstance(outcome, str):
        return Seen(error=outcome), None, None, None
    seen, waiting, finished = outcome
    if key is not None:
        # The cache keeps what a later run of the same kind needs (the key says which kind, _file_key):
        # for the slim outputs the late view and the slim report shown (a third of the whole report's
        # pickling, half its bytes), for the others the whole report.
        heavy = pickle.dumps(_kept(waiting, setup.wanted), protocol=pickle.HIGHEST_PROTOCOL)
        if _CACHE.put(_report_key(key), heavy) and _CACHE.put(key, seen):
            ready = _ready(raw, which, key, finished)
            return seen, ("held", waiting) if setup.hold else ("cache", _report_key(key)), key, ready
        return seen, ("held", waiting) if setup.hold else _spilled(heavy), None, None
    ready = _ready(raw, which, None, finished)
    return seen, _waiting(waiting, shown_with=ready), None, ready


def _first(raw: str, path: Path | None, which: int, key: str | None) -> tuple[Seen, Waiting, LintResult | None]:
    """The first pass's work on one file, under one time budget (setting a budget's timer costs a few
    system calls, ~20 us, each time): :func:`_alone`, then the report finished as if nothing were
    compared with it (:func:`_early`)."""
    seen, waiting = _alone(raw, path, _setup().configs[which])
    return seen, waiting, _early(raw, which, key, waiting)


def _early(raw: str, which: int, key: str | None, waiting: Waiting) -> LintResult | None:
    """The report finished as if nothing were compared with it, while it is at hand: most reports of a
    batch have no report of the year before and no twin among the others, and theirs is then the result,
    so the second pass neither loads nor finishes them again.  None where it is not kept (:func:`_ready`),
    or finishing failed (the file's budget ran out, an input error, or with a budget any other failure, as
    in :func:`~disclosure_lint.api.guarded`): the second pass then finishes it, with a budget of its own,
    and says why."""
    setup = _setup()
    if key is None and not setup.hold and not setup.slim:
        return None
    try:
        return _finished(Finish(raw, handle=("held", waiting), which=which, key=key))
    except InputError:
        return None
    except Exception:  # noqa: BLE001 - as guarded(): with a budget, one file's failure never stops a run
        if setup.budget is None:
            raise
        return None


def _ready(raw: str, which: int, key: str | None, finished: LintResult | None) -> Handle | None:
    """Where the result finished in the first pass (:func:`_early`) is kept for the second pass: in the
    result cache under the key of that comparison (and held for a one-file run), else held (one file) or
    spilled (slim outputs only: a whole report would be pickled twice).  None where there is none."""
    setup = _setup()
    if finished is None:
        return None
    item = FileResult(raw, finished)
    if key is not None:
        done = _done_key(Finish(raw, which=which, key=key))
        if done is not None:
            _CACHE.put(done, pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        return ("held", item) if setup.hold else None  # a one-file run need not read it back
    return ("held", item) if setup.hold else _spilled(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))


def _waiting(waiting: Waiting, shown_with: Handle | None = None) -> Handle:
    """Where a report waits for the second pass: a one-file run's as it is (memory cannot grow with the
    count of one), any other in this process's spill file (memory stays flat whatever the count).  For
    the slim outputs only what the second pass reads is spilled: the late rules' view of the report
    (:mod:`~disclosure_lint.checks.late_view`), the findings and the slim report shown, unless
    the result finished in the first pass (``shown_with``) holds that already (and with it the source,
    then left out of the view)."""
    setup = _setup()
    if setup.hold:
        return ("held", waiting)
    return _spilled(pickle.dumps(_kept(waiting, setup.wanted, shown_with is None), protocol=pickle.HIGHEST_PROTOCOL))


def _kept(waiting: Waiting, wanted: frozenset[tuple[str, str, str]], shown: bool = True) -> Waiting:
    """What of a report waits for the second pass: for the slim outputs the late rules' view of it, its
    findings and (unless ``shown`` is False) the slim report shown; for the others the report itself
    and its findings."""
    if len(waiting) == 3:
        report, alone, slim_report = waiting
        # Not shown: the slim report waits in the result finished in the first pass, with the source.
        return (late_view(report, wanted, with_source=shown), alone, slim_report if shown else None)
    return waiting


def _report_key(key: str) -> str:
    """Where the cache keeps the file's pickled report, apart from its small Seen: a rerun whose
    comparisons did not change reads only the Seen and the finished result."""
    import hashlib  # as the cache itself: only the runs that use it (a pre-commit check need not)

    return hashlib.sha256(f"{key}/report".encode()).hexdigest()


def _alone(raw: str, path: Path | None, config: Config) -> tuple[Seen, Waiting]:
    from disclosure_lint.api import document_of, read_input, report_of
    from disclosure_lint.output.slim import slim

    setup = _setup()
    report = report_of(document_of(read_input(raw, path)), config)
    alone = lint_alone(report, _adjusted(report, config, setup.units))
    genre = report.genre
    running = running_text(report)  # the text both summaries are made of, cleaned once
    seen = Seen(None, summarize(report, setup.wanted, running), array("Q", sample(report, running)), genre.kind,
                (genre.looks_zh, genre.looks_en) if genre.kind == "not-a-report" else ("", ""), who(report))
    # The slim outputs' view of the report, made once for both passes (the late view has no blocks).
    return seen, (report, alone, slim(report, setup.rows)) if setup.slim else (report, alone)


def _file_keys(tasks: Sequence[tuple[str, str | None, int]]) -> list[str | None]:
    """Each file's key in the result cache (None: no cache, standard input, or the file cannot be read),
    made in the parent before any file is linted: an unchanged batch is then known before its first pass
    (:func:`_recalled`), and the workers are given the keys rather than make them again."""
    if _CACHE is None:
        return [None] * len(tasks)
    setup = _setup()
    # Whether the outputs are slim is part of it: what the cache keeps of the report differs (_see).
    settings = [repr((config, sorted(setup.wanted), setup.units, _slim_kind(setup))) for config in setup.configs]
    return [_file_key(raw, path, settings[which]) for raw, path, which in tasks]


def _file_key(raw: str, path: str | None, settings: str) -> str | None:
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return _CACHE.key(raw, data, settings)


def _spilled(heavy: bytes) -> Handle:
    """``heavy`` appended to this process's spill file, and where it is there.  Unbuffered, and its end
    counted here: the bytes must reach the file before another process reads them, and a buffered
    file's flush and tell cost a write's time again (~24 -> ~15 us per pickle)."""
    global _SPILL, _SPILL_END
    if _SPILL is None:
        _SPILL = open(os.path.join(_setup().spill_dir, f"{os.getpid()}.spill"), "ab", buffering=0)  # noqa: SIM115 - kept open
        _SPILL_END = os.fstat(_SPILL.fileno()).st_size
    offset, view = _SPILL_END, memoryview(heavy)
    while view:  # a raw write may take only part of it
        view = view[_SPILL.write(view):]
    _SPILL_END += len(heavy)
    return ("spill", _SPILL.name, offset, len(heavy))


def _load(handle: Handle) -> Waiting:
    if handle[0] == "held":
        return handle[1]
    if handle[0] == "cache":
        heavy = _CACHE.get(handle[1])
        if heavy is None:
            raise OSError("a result cache entry vanished during the run")
        return pickle.loads(heavy)
    return pickle.loads(_spill_bytes(handle))


def _spill_bytes(handle: Handle) -> bytes:
    _, path, offset, size = handle
    return os.pread(_reader(path), size, offset)


_READERS: dict[str, int] = {}  # the spill files this process reads, kept open (a file's result is one read)


def _removed(spill_dir: str) -> None:
    """The batch's spill folder removed, and the descriptors this process kept of its files closed."""
    import shutil

    for path in [p for p in _READERS if os.path.dirname(p) == spill_dir]:
        os.close(_READERS.pop(path))
    shutil.rmtree(spill_dir, True)


def _reader(path: str) -> int:
    """A descriptor of the spill file at ``path``, opened once: the parent reads most results of a batch
    from its workers' few spill files, and opening one for each result cost more than reading it.  At most
    a few are kept (a long-lived process runs batch after batch: their spill files are gone)."""
    fd = _READERS.get(path)
    if fd is None:
        if len(_READERS) >= 16:
            for old in _READERS.values():
                os.close(old)
            _READERS.clear()
        fd = _READERS[path] = os.open(path, os.O_RDONLY)
    return fd


# --- second pass: each report with the others' summaries -------------------------------------------------

@dataclass(frozen=True)
class Finish:
    """What finishing one report needs: where it waits, its configuration, last year's summary, and its
    twin (where the other report waits, the share, how to name it)."""

    raw: str
    error: str | None = None
    handle: Handle | None = None
    which: int = 0
    key: str | None = None
    previous: YearSummary | None = None
    twin: tuple[Handle, float, Who, str | None] | None = None
    ready: Handle | None = None  # where its result waits if nothing is compared with it (:func:`_ready`)

    @property
    def alone(self) -> bool:
        """Nothing is compared with this report: its result is the one finished in the first pass."""
        return self.ready is not None and self.previous is None and self.twin is None


def _result_of(ready: Handle) -> FileResult | bytes:
    return ready[1] if ready[0] == "held" else _spill_bytes(ready)


def complete(task: Finish) -> bytes:
    """One report finished, in a worker: its pickled FileResult (a slim report when the outputs allow)."""
    from disclosure_lint.read.memory import one_file

    with one_file():  # pickled and let go before the collector runs again (see :func:`see`)
        item = completed(task)
        return item if isinstance(item, bytes) else pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def completed(task: Finish) -> FileResult | bytes:
    """One report finished: its FileResult, or the pickled one the result cache had."""
    from disclosure_lint.api import guarded

    if task.error is not None:
        return FileResult(task.raw, error=task.error)
    if task.alone:
        return _result_of(task.ready)  # type: ignore[arg-type]
    done = _done_key(task)
    hit = _CACHE.get(done) if done is not None else None
    if hit is not None:
        return hit
    outcome = guarded(_setup().budget, lambda: _finished(task))
    item = FileResult(task.raw, error=outcome) if isinstance(outcome, str) else FileResult(task.raw, outcome)
    if done is not None and not isinstance(outcome, str):
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        _CACHE.put(done, data)
        return data
    return item


def _finished(task: Finish) -> LintResult:
    from disclosure_lint.output.slim import slim

    setup = _setup()
    waiting, alone, *shown = _load(task.handle)  # type: ignore[arg-type]
    view = shown[0] if shown else None  # the slim report shown (slim outputs)
    if setup.slim and view is None and task.ready is not None:  # kept with the result finished in the first pass
        view = _shown_in(task.ready)
    # A late view waiting beside that result has no source of its own: the slim report's is the report's.
    report = report_of(waiting, view.document.source if view is not None else None)
    config = _adjusted(report, setup.configs[task.which], setup.units)
    other = None
    if task.twin is not None:
        handle, share, named, _ = task.twin
        other = twin(prose(report), prose(report_of(_load(handle)[0])), named, share)  # prose: no source read
    diagnostics = finish(report, config, alone, task.previous, other)
    if setup.slim:
        return LintResult(view if view is not None else slim(report, setup.rows), diagnostics)
    return LintResult(report, diagnostics)


def _shown_in(ready: Handle) -> Any:
    """The slim report of the result finished in the first pass."""
    item = _result_of(ready)
    item = pickle.loads(item) if isinstance(item, bytes) else item
    return item.result.report


def _slim_kind(setup: Setup) -> tuple[bool, bool]:
    """What the results are made of, part of the cache's keys: slim reports or whole ones, and whether slim
    reports keep their tables' rows (a cached result made without them cannot serve the terminal output)."""
    return (setup.slim, setup.rows)


def _done_key(task: Finish) -> str | None:
    """The second pass's cache key: the file's, and what it was compared with (None: not cacheable)."""
    import hashlib  # as the cache itself: only the runs that use it

    if task.key is None or (task.twin is not None and task.twin[3] is None):
        return None
    previous = task.previous
    compared = None if previous is None else (previous.path, previous.year, previous.issuer,
                                              sorted(previous.cells.items()), previous.sentences)
    twin_key = None if task.twin is None else (task.twin[1], task.twin[2], task.twin[3])
    text = repr((task.key, compared, twin_key, _slim_kind(_setup())))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


class Results(Sequence[FileResult]):
    """The batch's results in input order, finished (in the workers) as an output reads them and not
    kept: a pass over them holds one report at a time.  What each item found is remembered
    (:meth:`outcomes`), so that the exit code does not finish them again."""

    def __init__(self, tasks: list[Finish], setup: Setup, pool: Any, jobs: int,
                 clean: Callable[[FileResult], FileResult] = lambda item: item, memo: str | None = None):
        self._tasks, self._setup, self._pool, self._jobs, self._clean = tasks, setup, pool, jobs, clean
        self._told: dict[int, tuple[str, str | None, tuple[str, ...]]] = {}
        # The batch's key in the result cache when its results are all there and its comparisons were
        # kept or recalled (what these results are is then known from it alone); else None.
        self.memo = memo

    def __len__(self) -> int:
        return len(self._tasks)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        k = k + len(self) if k < 0 else k
        self._here()
        return self._told_item(k, completed(self._tasks[k]))

    def __iter__(self) -> Iterator[FileResult]:
        if self._pool is not None:
            # A result finished in the first pass is read here; the workers finish the others.
            rest = [task for task in self._tasks if not task.alone]
            finished = _windowed(self._pool, rest, self._jobs)
            done: Iterable = (_result_of(task.ready) if task.alone else next(finished)  # type: ignore[arg-type]
                              for task in self._tasks)
        else:
            self._here()
            done = map(completed, self._tasks)
        for k, data in enumerate(done):
            yield self._told_item(k, data)

    def _here(self) -> None:
        if _SETUP is not self._setup:  # another batch ran in this process since
            _init(self._setup)

    def _told_item(self, k: int, data: FileResult | bytes) -> FileResult:
        item = self._clean(pickle.loads(data) if isinstance(data, bytes) else data)
        self._told[k] = (item.path, item.error, tuple(d.severity for d in item.result.diagnostics) if item.result else ())
        return item

    def cleaned(self, clean: Callable[[FileResult], FileResult]) -> Results:
        """The same results, each passed through ``clean`` (made safe for every output) when handed out."""
        return Results(self._tasks, self._setup, self._pool, self._jobs, clean, self.memo)

    def outcomes(self) -> list[tuple[str, str | None, tuple[str, ...]]]:
        """(path, input error, severities of the findings) of every item: those already handed out are not
        finished again."""
        if len(self._told) < len(self):
            for _ in self:
                pass
        return [self._told[k] for k in range(len(self))]


WINDOW = 256  # tasks given to the workers ahead of the output: what waits in the parent stays bounded


def _windowed(pool: Any, tasks: list[Finish], jobs: int) -> Iterator[bytes]:
    """``pool.imap(complete, tasks)``, in input order, with at most two windows of tasks handed to the
    workers ahead of what was read: ``imap`` takes every task at once, and the workers' results would wait
    in the parent however many there are (faster than an output that reads its other results itself)."""
    windows = [tasks[i:i + WINDOW] for i in range(0, len(tasks), WINDOW)]
    started = [pool.imap(complete, part, _chunk(part, jobs)) for part in windows[:2]]
    for k in range(len(windows)):
        if k + 2 < len(windows):
            part = windows[k + 2]
            started.append(pool.imap(complete, part, _chunk(part, jobs)))
        yield from started[k]
        started[k] = None  # type: ignore[call-overload]


def lint_files(inputs: Sequence[tuple[str, Path | None, Config]], explicit: set[str], *, jobs: int | None = 1,
               budget: float | None = None, units: Sequence = (), cache_dir: Path | None = None, slim: bool = False,
               rows: bool = True, done: Callable[[], None] = lambda: None) -> tuple[Results, list[SkippedFile]]:
    """Lint every input together (each meets its issuer's report of the year before, and twins are found
    between issuers); a directory scan's files that are not reports (not in ``explicit``) are listed
    instead.  ``jobs``: worker processes (0: one per CPU; None: as many as pay); ``slim``: the outputs read only what
    :mod:`disclosure_lint.output.slim` keeps; ``rows``: and of the tables, the rows laid out one cell per line
    (the terminal output quotes their labels); ``done`` is called as each file is seen."""
    from disclosure_lint.api import compared_cells

    configs, which = _distinct(inputs)
    named = [(raw, str(path) if path is not None else None, w) for (raw, path, _), w in zip(inputs, which)]
    spill_dir = _spill_dir() if len(named) > 1 else ""  # one file's report is held, never spilled
    parallel = jobs != 1 and len(named) > 1 and all(path is not None for _, path, _ in named)
    pools: list[tuple[Any, int]] = []  # the worker pool once started, and its size
    setup = Setup(tuple(configs), compared_cells(configs), tuple(units), budget,
                  str(cache_dir) if cache_dir is not None else None, spill_dir, slim, hold=len(named) == 1, rows=rows)
    _init(setup)
    tasks = [(*task, key) for task, key in zip(named, _file_keys(named))]
    memo = _memo_key(tasks, explicit)
    recalled = _recalled(memo)
    if recalled is not None:  # an unchanged batch: its comparisons as the last run made them
        for _ in tasks:
            done()
        finishes, skipped = recalled
    else:
        seen = _first_pass(tasks, setup, jobs, pools) if parallel else map(see, tasks)
        finishes, skipped = _compare(tasks, _counted(seen, done), explicit)
        if not _remember(memo, finishes, skipped):
            memo = None
    pool, jobs = pools[0] if pools else (None, 1)
    if spill_dir:
        weakref.finalize(setup, _removed, spill_dir)  # once no Results (nor this process) needs it
    return Results(finishes, setup, pool, jobs, memo=memo), skipped


# --- the batch's comparisons, remembered --------------------------------------------------------------

def _memo_key(tasks: list[Task], explicit: set[str]) -> str | None:
    """The key of the batch's comparisons in the result cache: every file's key in their order, and which
    files were named (a file named is linted, report or not).  None when a file has no key."""
    import hashlib  # as the cache itself

    if len(tasks) < 2 or any(key is None for *_, key in tasks):
        return None
    digest = hashlib.sha256(b"batch comparisons\0")
    for raw, _, _, key in tasks:
        digest.update(f"{key}:{int(raw in explicit)}\0".encode())
    return digest.hexdigest()


def _remember(memo: str | None, finishes: list[Finish], skipped: list[SkippedFile]) -> bool:
    """The comparisons kept for an unchanged rerun, when every report waits in the result cache (a report
    held, spilled or failed is this run's alone): its first pass and the twin index are then skipped.
    Whether they were kept."""
    if memo is None or not all(f.error is None and f.handle is not None and f.handle[0] == "cache"
                               and f.ready is None and (f.twin is None or f.twin[0][0] == "cache")
                               for f in finishes):
        return False
    return _CACHE.put(memo, (finishes, skipped))


def _recalled(memo: str | None) -> tuple[list[Finish], list[SkippedFile]] | None:
    """The comparisons of the last run of this very batch, if every finished result they lead to is
    still in the result cache (else the batch is made again, as if nothing were kept)."""
    if memo is None:
        return None
    recalled = _CACHE.get(memo)
    if recalled is None or not all(_CACHE.has(_done_key(task)) for task in recalled[0]):
        return None
    return recalled


PROBE = 8  # with jobs not given, the files seen in this process before deciding whether workers pay
WORKERS_PAY = 0.5  # seconds of CPU the other files would take here, estimated from the probe
# CPU seconds a file must take for a worker to pay: a worker's file costs the parent its result's trip
# back (~0.3 ms), so a file the result cache answers (under 1 ms) is faster here; a report linted is 3-6 ms.
FILE_PAYS = 0.002


def _first_pass(tasks: list[Task], setup: Setup, jobs: int | None,
                pools: list[tuple[Any, int]]) -> Iterator:
    """:func:`see` of every task, in the workers: ``jobs`` of them (0: one per CPU), or with ``jobs``
    None as many as pay (:func:`_probed`).  The pool started is put in ``pools`` for the second pass."""
    if jobs is None:
        return _probed(tasks, setup, pools)
    from disclosure_lint.api import worker_count

    jobs = worker_count(jobs, len(tasks))
    pool = _pool(jobs, setup)
    pools.append((pool, jobs))
    return pool.imap(see, tasks, _chunk(tasks, jobs)) if pool is not None else map(see, tasks)


def _probed(tasks: list[Task], setup: Setup, pools: list[tuple[Any, int]]) -> Iterator:
    """The first files are seen in this process, and the others in one worker per usable CPU only when
    the probe says they are worth starting: an unchanged rerun (the result cache answers each file in a
    fraction of a millisecond) or a handful of small files is faster without them.  A batch that surely
    pays for them (:func:`_surely_pays`) goes to the workers from its first file."""
    import time

    from disclosure_lint.api import worker_count

    if _surely_pays(tasks):  # many reports to lint: no probe, every file to the workers at once
        workers = min(worker_count(0, len(tasks)), len(tasks))
        pool = _pool(workers, setup) if workers > 1 else None
        if pool is not None:
            pools.append((pool, workers))
            yield from pool.imap(see, tasks, _chunk(tasks, workers))
            return
    yield from map(see, tasks[:1])  # the first file pays for what a process sets up once: not timed
    probe, rest = tasks[1:PROBE + 1], tasks[PROBE + 1:]
    started = time.process_time()
    yield from map(see, probe)
    per_file = (time.process_time() - started) / max(len(probe), 1)
    workers = min(worker_count(0, len(rest)), len(rest))
    pays = workers > 1 and per_file >= FILE_PAYS and per_file * len(rest) >= WORKERS_PAY
    pool = _pool(workers, setup) if pays else None
    pools.append((pool, workers))
    yield from pool.imap(see, rest, _chunk(rest, workers)) if pool is not None else map(see, rest)


SURE = 200  # the first files of a batch that, all unknown to the cache and report-sized, make workers pay
REPORT_SIZE = 4096  # bytes of a small real report (most are 5-50 KB)


def _surely_pays(tasks: list[Task]) -> bool:
    """Whether the batch's first SURE files alone are work enough for the workers, known without linting
    any here: none is in the result cache and together they are SURE reports' worth of bytes (a report
    takes milliseconds; the probe would have kept this process on them while one CPU waited)."""
    first = tasks[:SURE]
    if len(first) < SURE or any(path is None for _, path, _, _ in first):
        return False
    if _CACHE is not None and any(key is not None and _CACHE.has(key) for *_, key in first):
        return False
    try:
        return sum(os.stat(path).st_size for _, path, _, _ in first) >= SURE * REPORT_SIZE
    except OSError:
        return False


def _pool(jobs: int, setup: Setup) -> Any:
    """Worker processes, or None where this system cannot start them (no semaphores, e.g. without
    /dev/shm): the same work then runs in this process, with the same output."""
    import multiprocessing

    try:
        return multiprocessing.Pool(jobs, initializer=_init, initargs=(setup,))  # jobs resolved: never 0
    except (OSError, ImportError):
        return None


def _spill_dir() -> str:
    import tempfile  # with shutil, random and hashlib: a one-file run (pre-commit) needs none of them

    return tempfile.mkdtemp(prefix="disclosure-lint-")


def _distinct(inputs: Sequence[tuple[str, Path | None, Config]]) -> tuple[list[Config], list[int]]:
    """Each distinct configuration once (by its repr: some hold unhashable rules), and each input's."""
    index: dict[str, int] = {}
    configs: list[Config] = []
    texts: dict[int, str] = {}  # each configuration object's repr, made once (most inputs share one object)
    which = []
    for _, _, config in inputs:
        text = texts.get(id(config))
        if text is None:
            text = texts[id(config)] = repr(config)
        if index.setdefault(text, len(configs)) == len(configs):
            configs.append(config)
        which.append(index[text])
    return configs, which


def _counted(items: Iterable, done: Callable[[], None]) -> Iterator:
    for item in items:
        done()
        yield item


def _chunk(tasks: Sequence, jobs: int) -> int:
    return max(1, min(16, len(tasks) // ((jobs or os.cpu_count() or 1) * 8)))


def _compare(tasks: list[Task],
             seen: Iterable[tuple[Seen, Handle | None, str | None, Handle | None]],
             explicit: set[str]) -> tuple[list[Finish], list[SkippedFile]]:
    """The parent's part: every report's summary in, pairs and twins out, and what finishing each needs."""
    slots: list[Finish] = []
    whos: list[Who | None] = []
    shown, summaries, reports = [], [], []
    skipped: list[SkippedFile] = []
    index = TwinIndex(_setup().spill_dir or None)  # its pairs go to the spill folder: memory flat
    cells: dict = {}  # one key tuple per compared cell, shared by every summary
    for (raw, _, which, _), (one, handle, key, ready) in zip(tasks, seen):
        if one.error is None and one.genre == "not-a-report" and raw not in explicit:
            skipped.append(SkippedFile.not_a_report(raw, *one.looks))  # still compared with, as in one run
        else:
            shown.append(len(slots))
        if one.error is None:
            reports.append(len(slots))
            summary = one.summary
            summaries.append(YearSummary(summary.path, summary.year, summary.issuer,
                                         {cells.setdefault(k, k): v for k, v in summary.cells.items()}, summary.sentences))
            index.add(one.summary.year, one.summary.issuer, one.shingles)
        slots.append(Finish(raw, one.error, handle, which, key, ready=ready))
        whos.append(one.who)
    pairs = {reports[i]: previous for i, previous in pair_previous(summaries).items()}
    twins = {reports[i]: (reports[j], share) for i, (j, share) in index.matches().items()} if len(summaries) > 1 else {}
    out = []
    for k in shown:
        other = twins.get(k)
        twin_task = None if other is None else (slots[other[0]].handle, other[1], whos[other[0]], slots[other[0]].key)
        out.append(replace(slots[k], previous=pairs.get(k), twin=twin_task))
    return out, skipped
