"""Many files at once (part of the api layer): the per-file work in worker processes, the cross-file work on
compact summaries in the parent, the results handed out one at a time so that memory stays flat.

A worker reads a file, structures it, builds its report and runs every rule that needs only that report
(:func:`disclosure_lint.checks.runner.lint_alone`).  It sends back what the parent needs of the report to
compare it with the others, :class:`Seen` (issuer, year, the few cells and sentence hashes the cross-year
rules compare, the twin index's shingle sample, whether it is a report at all), and the rest, pickled,
which the parent writes to a spill file without reading it.  Once every file has been seen, the parent
pairs each report with its issuer's report of the year before (by year and issuer key, not pair by pair)
and asks the twin index for copies between issuers.  :class:`Results` then finishes each report when an
output asks for it (the late rules: cross-year, twins, check-not-run, suppression comments), in input
order, and keeps none: what a run holds is one summary per file, not one report per file.

With ``jobs`` 1 the same functions run in this process, so the output is the same with and without
``--jobs``.  The result cache (:mod:`disclosure_lint.output.result_cache`) stores a worker's answer per
file, keyed on everything it depends on, so an unchanged file is neither read nor parsed again.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from disclosure_lint.checks.run_config import Config
from disclosure_lint.checks.runner import Alone, LintResult, finish, lint_alone
from disclosure_lint.output import FileResult, SkippedFile
from disclosure_lint.report.build import Report
from disclosure_lint.report.pairing import YearSummary, pair_previous, summarize
from disclosure_lint.report.twins import TwinIndex, prose, sample, twin, who


@dataclass(frozen=True)
class Seen:
    """What the parent keeps of one file: its input error, or what comparing it with the others needs."""

    error: str | None = None
    summary: YearSummary | None = None
    shingles: tuple[int, ...] = ()
    genre: str = "report"
    looks: tuple[str, str] = ("", "")  # what a text that is not a report looks like (zh, en)


@dataclass(frozen=True)
class Setup:
    """What every worker is told once: the configurations (tasks name one by index), the cells the
    cross-year rules compare, the roster's units, the time budget per file and the cache."""

    configs: tuple[Config, ...]
    wanted: frozenset[tuple[str, str, str]]
    units: tuple = ()
    budget: float | None = None
    cache_dir: str | None = None


_SETUP: Setup | None = None  # this process's Setup (a worker's, or the parent's with jobs 1)
_CACHE: Any = None  # and its result cache, opened once


def _init(setup: Setup) -> None:
    global _SETUP, _CACHE
    _SETUP = setup
    if setup.cache_dir is not None:
        from disclosure_lint.output.result_cache import ResultCache

        _CACHE = ResultCache(Path(setup.cache_dir))


def _adjusted(report: Report, config: Config, units: tuple) -> Config:
    """A roster's kind of unit for this report's issuer (its deadline), unless the kind is already known."""
    if not units:
        return config
    from disclosure_lint.api import roster_kinds

    return roster_kinds(units)(report, config)


def work(task: tuple[str, str | None, int]) -> tuple[Seen, bytes]:
    """One file, in a worker: its :class:`Seen` and its pickled (report, Alone), or its input error."""
    from disclosure_lint.api import guarded

    assert _SETUP is not None
    raw, path, which = task
    cache, key = _cache_entry(raw, path, which)
    if key is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit
    outcome = guarded(_SETUP.budget, lambda: _work(raw, Path(path) if path is not None else None, _SETUP.configs[which]))
    if isinstance(outcome, str):
        return Seen(error=outcome), b""
    if key is not None:
        cache.put(key, outcome)
    return outcome


def _work(raw: str, path: Path | None, config: Config) -> tuple[Seen, bytes]:
    from disclosure_lint.api import document_of, read_input, report_of

    assert _SETUP is not None
    report = report_of(document_of(read_input(raw, path)), config)
    config = _adjusted(report, config, _SETUP.units)
    alone = lint_alone(report, config)
    genre = report.genre
    seen = Seen(None, summarize(report, _SETUP.wanted), sample(report), genre.kind,
                (genre.looks_zh, genre.looks_en) if genre.kind == "not-a-report" else ("", ""))
    return seen, pickle.dumps((report, alone), protocol=pickle.HIGHEST_PROTOCOL)


def _cache_entry(raw: str, path: str | None, which: int) -> tuple[Any, str | None]:
    """The result cache and this file's key in it (None: no cache, or the file cannot be read)."""
    assert _SETUP is not None
    if _SETUP.cache_dir is None or path is None:
        return None, None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None, None
    cache = _CACHE
    setup = (_SETUP.configs[which], sorted(_SETUP.wanted), _SETUP.units)
    return cache, cache.key(raw, data, repr(setup))


class Spill:
    """The workers' pickled reports, in a temporary file: written once, read back one at a time."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._end = 0

    def put(self, data: bytes) -> tuple[int, int]:
        self._file.write(data)
        where = (self._end, len(data))
        self._end += len(data)
        return where

    def get(self, where: tuple[int, int]) -> Any:
        self._file.flush()
        return pickle.loads(os.pread(self._file.fileno(), where[1], where[0]))

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class _Slot:
    raw: str
    config: Config
    seen: Seen
    where: tuple[int, int] | None  # in the spill file


class Results(Sequence[FileResult]):
    """The batch's results in input order, each finished when asked for and not kept: every pass of a
    renderer over them holds one report at a time."""

    def __init__(self, slots: list[_Slot], shown: list[int], spill: Spill, pairs: dict[int, YearSummary],
                 twins: dict[int, tuple[int, float]], budget: float | None, units: tuple,
                 clean: Callable[[FileResult], FileResult] = lambda item: item):
        self._slots, self._shown, self._spill, self._pairs, self._twins = slots, shown, spill, pairs, twins
        self._budget, self._units, self._clean = budget, units, clean
        self._told: dict[int, tuple[str, str | None, tuple]] = {}  # each handed-out item's outcome (a few findings)

    def __len__(self) -> int:
        return len(self._shown)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        item = self._clean(self._finished(self._shown[k]))
        self._told[k] = (item.path, item.error, item.result.diagnostics if item.result else ())
        return item

    def outcomes(self) -> list[tuple[str, str | None, tuple]]:
        """(path, input error, diagnostics) of every item: those already handed out are not finished again."""
        return [self._told[k] if k in self._told else self._told_now(k) for k in range(len(self))]

    def _told_now(self, k: int) -> tuple[str, str | None, tuple]:
        self[k]
        return self._told[k]

    def __iter__(self) -> Iterator[FileResult]:
        return (self[k] for k in range(len(self)))

    def cleaned(self, clean: Callable[[FileResult], FileResult]) -> Results:
        """The same results, each passed through ``clean`` (made safe for every output) when handed out."""
        return Results(self._slots, self._shown, self._spill, self._pairs, self._twins, self._budget, self._units, clean)

    def _finished(self, k: int) -> FileResult:
        from disclosure_lint.api import guarded

        slot = self._slots[k]
        if slot.where is None:
            return FileResult(slot.raw, error=slot.seen.error)
        report, alone = self._spill.get(slot.where)
        outcome = guarded(self._budget, lambda: self._late(k, report, alone))
        return FileResult(slot.raw, error=outcome) if isinstance(outcome, str) else FileResult(slot.raw, outcome)

    def _late(self, k: int, report: Report, alone: Alone) -> LintResult:
        config = _adjusted(report, self._slots[k].config, self._units)
        return LintResult(report, finish(report, config, alone, self._pairs.get(k), self._twin(k, report)))

    def _twin(self, k: int, report: Report):
        if k not in self._twins:
            return None
        j, share = self._twins[k]
        other, _ = self._spill.get(self._slots[j].where)  # type: ignore[arg-type]
        return twin(prose(report), prose(other), who(other), share)


def lint_files(inputs: Sequence[tuple[str, Path | None, Config]], explicit: set[str], *, jobs: int = 1,
               budget: float | None = None, units: Sequence = (), cache_dir: Path | None = None,
               done: Callable[[], None] = lambda: None) -> tuple[Results, list[SkippedFile]]:
    """Lint every input together (each meets its issuer's report of the year before, and twins are found
    between issuers); a directory scan's files that are not reports (not in ``explicit``) are listed
    instead.  ``jobs``: worker processes (0: one per CPU); ``done`` is called as each file is seen."""
    from disclosure_lint.api import compared_cells

    which: dict[str, int] = {}  # each distinct configuration (by its repr: some hold unhashable rules) is sent once
    configs = []
    for _, _, config in inputs:
        if which.setdefault(repr(config), len(configs)) == len(configs):
            configs.append(config)
    setup = Setup(tuple(configs), compared_cells(configs), tuple(units), budget,
                  str(cache_dir) if cache_dir is not None else None)
    tasks = [(raw, str(path) if path is not None else None, which[repr(config)]) for raw, path, config in inputs]
    spill, index = Spill(), TwinIndex()
    slots: list[_Slot] = []
    shown, skipped, summaries, reports = [], [], [], []  # reports: the slots of the files read
    for (raw, _, config), (seen, heavy) in zip(inputs, _seen_all(tasks, setup, jobs)):
        done()
        if seen.error is None and seen.genre == "not-a-report" and raw not in explicit:
            skipped.append(SkippedFile.not_a_report(raw, *seen.looks))  # still compared with: as in one run
        else:
            shown.append(len(slots))
        if seen.error is None:
            reports.append(len(slots))
            summaries.append(seen.summary)
            index.add(seen.summary.year, seen.summary.issuer, seen.shingles)
            seen = replace(seen, shingles=())  # in the index now
        slots.append(_Slot(raw, config, seen, spill.put(heavy) if seen.error is None else None))
    pairs = {reports[i]: previous for i, previous in pair_previous(summaries).items()}
    twins = {reports[i]: (reports[j], share) for i, (j, share) in index.matches().items()} if len(summaries) > 1 else {}
    return Results(slots, shown, spill, pairs, twins, budget, tuple(units)), skipped


def _seen_all(tasks: list, setup: Setup, jobs: int) -> Iterator[tuple[Seen, bytes]]:
    """:func:`work` for every task, in input order, as each is done (in ``jobs`` processes)."""
    if jobs == 1 or len(tasks) < 2 or any(path is None for _, path, _ in tasks):
        _init(setup)
        yield from map(work, tasks)
        return
    import multiprocessing

    with multiprocessing.Pool(jobs or None, initializer=_init, initargs=(setup,)) as pool:
        yield from pool.imap(work, tasks, chunksize=max(1, min(16, len(tasks) // ((jobs or os.cpu_count() or 1) * 8))))
