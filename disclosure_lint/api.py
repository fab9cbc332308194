"""The library's entry points: the CLI's ``check``, ``parse`` and ``extract`` all come through here.

A report's walk: :func:`read_input` (bytes → :class:`~disclosure_lint.read.load.Loaded`) →
:func:`document_of` (the raw document: paragraphs, headings, table grids) → :func:`report_of` (the typed
report) → :func:`lint_report` (diagnostics).  ``lint(text, config)`` is pure.
"""

from __future__ import annotations

import os
from dataclasses import replace
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from disclosure_lint.checks.run_config import Config
from disclosure_lint.checks.runner import LintResult, active_rules, lint_report
from disclosure_lint.read.document import Document
from disclosure_lint.read.grammar import parse_source
from disclosure_lint.read.budget import DEFAULT_BUDGET, time_budget
from disclosure_lint.read.load import InputError, Loaded, load_data, load_input, read_path, read_stdin
from disclosure_lint.read.registry import report_suffixes
from disclosure_lint.read.source import Source
from disclosure_lint.output import FileResult, SkippedFile
from disclosure_lint.report.build import Report, build_report
from disclosure_lint.report.facts import apply_facts
from disclosure_lint.report.templates import lazy_row_label_pattern, load_eras

__all__ = ["DEFAULT_BUDGET", "InputError", "LintResult", "Loaded", "annotate", "annotated_docx", "check_upload", "document_of",
           "expand_paths", "scan_paths", "lint", "lint_document", "lint_files", "lint_many", "lint_source", "load_upload", "other_files",
           "read_bytes", "read_documents", "read_input", "report_html", "report_of", "drop_non_reports",
           "previous_conflicts", "skip_non_reports"]


# --- read ------------------------------------------------------------------------------------------

def expand_paths(paths: Sequence[str]) -> list[tuple[str, Path | None]]:
    """Each command-line input as (name, path); a directory gives its report files (hidden ones
    skipped), ``-`` gives (``-``, None) for standard input."""
    return scan_paths(paths)[0]


def other_files(paths: Sequence[str]) -> list[Path]:
    """The files a directory scan passes over (not a report format: .doc, .xls, images…), hidden ones
    aside, so that a supervisor's summary can say what was skipped and why."""
    return scan_paths(paths)[1]


def scan_paths(paths: Sequence[str]) -> tuple[list[tuple[str, Path | None]], list[Path]]:
    """:func:`expand_paths` and :func:`other_files` from one walk of each directory (a run needs both,
    and walking 10,000 files again cost more than reading their cached results)."""
    inputs: list[tuple[str, Path | None]] = []
    others: list[Path] = []
    suffixes = report_suffixes()
    for raw in paths:
        path = None if raw == "-" else Path(raw)
        if path is None or not path.is_dir():
            inputs.append((raw, path))
            continue
        for rel in sorted(_visible_files(path)):  # in the order of the paths (as sorting Paths gives)
            found = path.joinpath(*rel)
            if os.path.splitext(rel[-1])[1].lower() in suffixes:
                inputs.append((str(found), found))
            else:
                others.append(found)
    return inputs, others


def _visible_files(root: Path) -> Iterator[tuple[str, ...]]:
    """Every file under ``root`` as its path's parts below it, leaving out hidden names (and all below a
    hidden folder) and not following links to folders — what ``root.rglob("*")`` filtered on
    ``is_file()`` and visibility gives, from one ``scandir`` per folder (a file's kind comes with its
    name: no ``stat`` per file)."""
    folders: list[tuple[str, ...]] = [()]
    while folders:
        rel = folders.pop()
        try:
            with os.scandir(root.joinpath(*rel)) as listing:
                entries = list(listing)
        except OSError:  # a folder that cannot be listed is passed over, as rglob does
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is(entry.is_dir):
                if not entry.is_symlink():
                    folders.append((*rel, entry.name))
            elif _is(entry.is_file):
                yield (*rel, entry.name)


def _is(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except OSError:
        return False


def previous_conflicts(current: Sequence[tuple[str, Document, Config]],
                       previous: Sequence[tuple[str, Document]]) -> list[str]:
    """``--previous`` names last year's report of the same issuer: for each pair of the year before
    whose issuers are both known and are not the same body, a message naming both (a usage error)."""
    from disclosure_lint.report.issuers import same_body

    if not previous:
        return []  # nothing to compare: no report is built here (building is budgeted in lint_many)
    olds = [(name, report_of(doc)) for name, doc in previous]
    out = []
    for name, doc, config in current:
        report = report_of(doc, config)
        for old_name, old in olds:
            if (report.year is not None and old.year == report.year - 1 and report.issuer and old.issuer
                    and not same_body(report.issuer, old.issuer)):
                out.append(f"--previous {old_name}: its issuer “{old.issuer}” is not the issuer of {name} "
                           f"(“{report.issuer}”); last year's report must be the same body's")
    return out


def drop_non_reports(slots: list, explicit: set[str]) -> list:
    """The (name, document, config) slots a run would lint: a directory scan's non-reports dropped."""
    return [s for s in slots if isinstance(s, FileResult) or s[0] in explicit
            or report_of(s[1], s[2]).genre.kind != "not-a-report"]


def skip_non_reports(items: list[FileResult], explicit: set[str]) -> tuple[list[FileResult], list[SkippedFile]]:
    """A directory scan lists the files that are not reports instead of linting them; a file named
    on the command line keeps its one ``not-a-report`` finding (never skipped silently)."""
    kept, skipped = [], []
    for item in items:
        genre = item.result.report.genre if item.result is not None else None
        if genre is None or genre.kind != "not-a-report" or item.path in explicit:
            kept.append(item)
            continue
        skipped.append(SkippedFile.not_a_report(item.path, genre.looks_zh, genre.looks_en))
    return kept, skipped


def read_input(raw: str, path: Path | None) -> Loaded:
    """One input, read and decoded; an empty text is an :class:`InputError`."""
    return _not_empty(load_input(raw, path, read_stdin() if path is None else None))


def _not_empty(loaded: Loaded) -> Loaded:
    noted = loaded.document is not None and loaded.document.notes
    if not noted and not any(line.strip() for line in loaded.source.lines):
        raise InputError("empty file: there is no report text to lint")
    return loaded


def document_of(loaded: Loaded) -> Document:
    """The raw document: a structured reader's own, or the grammar's parse of the text."""
    return loaded.document if loaded.document is not None else structure_of(loaded.source)


def structure_of(source: Source) -> Document:
    """The structure stage for text: the grammar, told the row labels of every template era so that a
    flattened table is split into its rows."""
    return parse_source(source, lazy_row_label_pattern())


def read_document(raw: str, path: Path | None, explicit: bool = True,
                  budget: float | None = None) -> Document | str:
    """One input as a Document, or its input error as a string.  Runs in worker processes with
    --jobs, so it returns plain data.  (Whether it is a report is the report's ``genre``.)  With a
    ``budget`` (seconds), a file that takes longer, or that fails in any unforeseen way, gets its
    message and the batch goes on."""
    return guarded(budget, lambda: document_of(read_input(raw, path)))


def guarded(budget: float | None, work: Callable[[], object]):
    """``work()``, or the message of the input error that stopped it.  With a budget (batch runs), the
    time is limited and any other failure is that file's message too: one file never stops a run.  The
    work is one file's (:func:`~disclosure_lint.read.memory.one_file`: no collector passes over its own
    objects, its memory given back after it, once its result is let go)."""
    from disclosure_lint.read.memory import one_file

    try:
        with one_file() as block:
            if budget is None:
                block.result = work()
            else:
                with time_budget(budget):
                    block.result = work()
            return block.result
    except InputError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - see the docstring (RecursionError and MemoryError included)
        if budget is None:
            raise
        return (f"内部错误，未能检查此文件（{type(exc).__name__}），请报告此问题 / internal error while checking this file "
                f"({type(exc).__name__}: {str(exc)[:200]}); please report it with the file")


def parse_input(raw: str, path: Path | None, config: Config, budget: float | None = None) -> dict | str:
    """What the parser understood of one input (the ``parse`` command), or its input error as a
    string; with a ``budget`` (seconds) a file that takes longer is an input error too."""
    from disclosure_lint.output.parse_json import understood

    def work() -> dict:
        loaded = read_input(raw, path)
        result = lint_document(document_of(loaded), replace(config, select=("none-selected",)))
        return {**understood(result.report), "encoding": loaded.encoding, "format": loaded.format}

    return guarded(budget, work)


def read_bytes(name: str, data: bytes, budget: float | None = DEFAULT_BUDGET) -> Document:
    """A report given as bytes (an upload) as a Document, with every guard of a file read from disk (size,
    format, zip bombs, table sizes, nesting) and the time budget; InputError with one message otherwise."""
    outcome = guarded(budget, lambda: document_of(load_upload(name, data)))
    if isinstance(outcome, str):
        raise InputError(outcome)
    return outcome


# For the runs that only read files (--show-files, --previous): below this many files they stay in one
# process, and each worker gets at least FILES_PER_WORKER.  The lint batch decides by what a probe of its
# first files costs instead (batch._probed), since a cached file costs a fraction of a linted one.
AUTO_MIN_FILES = 100
FILES_PER_WORKER = 50


def worker_count(jobs: int | None, files: int) -> int:
    """The processes a run over ``files`` files uses: ``jobs`` as asked (0: one per usable CPU); when not
    asked (None), a batch big enough to pay for them is spread over the usable CPUs (as flake8 does)."""
    cpus = _usable_cpus()
    if jobs is None:
        return 1 if files < AUTO_MIN_FILES else max(1, min(cpus, files // FILES_PER_WORKER))
    return jobs or cpus


def _usable_cpus() -> int:
    import os

    try:  # the CPUs this process may run on (a container's or taskset's share), not the machine's
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def read_documents(inputs: Sequence[tuple[str, Path | None, bool]], jobs: int = 1,
                   done: Callable[[], None] = lambda: None, budget: float | None = None) -> list[Document | str | None]:
    """:func:`read_document` for every input, in ``jobs`` processes (0: one per CPU), in input order;
    ``done`` is called after each (a progress bar); ``budget``: seconds per file."""
    if jobs == 1 or len(inputs) < 2 or any(path is None for _, path, _ in inputs):
        return [_counted(read_document(*args, budget=budget), done) for args in inputs]
    from concurrent.futures import ProcessPoolExecutor

    budgets = [budget] * len(inputs)
    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        return [_counted(doc, done) for doc in pool.map(read_document, *zip(*inputs), budgets, chunksize=4)]


def _counted(value, done: Callable[[], None]):
    done()
    return value


# --- report and checks ------------------------------------------------------------------------------

def report_of(document: Document, config: Config | None = None) -> Report:
    """The typed report of a raw document (the template era forced by ``config.era`` if set)."""
    config = config or Config()
    return apply_facts(build_report(document, load_eras(), config.era), config.facts)


def lint_document(document: Document, config: Config | None = None, previous: Report | None = None) -> LintResult:
    """Lint a report whose structure is already known (a parsed text, or a Word/HTML/PDF reader's output)."""
    config = config or Config()
    report = report_of(document, config)
    return LintResult(report, lint_report(report, config, previous))


def lint_many(documents: Sequence[tuple[Document, Config]], previous: Sequence[Document] = (),
              done: Callable[[], None] = lambda: None,
              adjust: Callable[[Report, Config], Config] | None = None,
              budget: float | None = None) -> list:
    """Lint several reports together, so that each can be compared with its issuer's previous year
    (found among them, or given explicitly as ``previous``); ``done`` is called after each report.
    ``adjust`` refines a report's configuration once its issuer is known (a roster's kind of unit).
    With a ``budget`` (seconds per report), a report that takes longer or fails gets its message (a
    string) in place of its LintResult, and the others are still linted."""
    from disclosure_lint.report.pairing import pair_previous, summarize
    from disclosure_lint.report.twins import find_twins

    built = [guarded(budget, lambda d=doc, c=config: report_of(d, c)) for doc, config in documents]
    ok = [i for i, r in enumerate(built) if not isinstance(r, str)]
    reports = [built[i] for i in ok]
    configs = [adjust(r, documents[i][1]) if adjust else documents[i][1] for i, r in zip(ok, reports)]
    pairs = pair_previous(reports, [report_of(doc) for doc in previous])
    wanted = compared_cells(list({id(c): c for c in configs}.values()))
    twins = find_twins(reports) if len(reports) > 1 else {}
    results: list = list(built)
    for k, (i, report, config) in enumerate(zip(ok, reports, configs)):
        before = summarize(pairs[k], wanted) if k in pairs else None
        results[i] = _counted(guarded(budget, lambda r=report, c=config, p=before, t=twins.get(k):
                                      LintResult(r, lint_report(r, c, p, t))), done)
    for _ in range(len(built) - len(ok)):
        done()
    return results


def compared_cells(configs: Sequence[Config]) -> frozenset[tuple[str, str, str]]:
    """The cells the cross-year rules of any of these configurations compare (what a YearSummary keeps)."""
    from disclosure_lint.checks.kinds.cross_year import compared_cells as cells

    return cells([rule for config in configs for rule in active_rules(config)])


def lint_files(inputs: Sequence[tuple[str, Path | None, Config]], explicit: set[str], **options):
    """Many report files linted together, the work per file in ``jobs`` processes and memory flat
    (:func:`disclosure_lint.batch.lint_files`): the results in input order, and the files skipped."""
    from disclosure_lint.batch import lint_files as run

    return run(inputs, explicit, **options)


def outcomes(items: Sequence[FileResult]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(path, input error, severities of the findings) of every item; a batch's results tell them
    without finishing their reports again."""
    if hasattr(items, "outcomes"):
        return items.outcomes()
    return [(i.path, i.error, tuple(d.severity for d in i.result.diagnostics) if i.result else ()) for i in items]


def roster_kinds(units: Sequence) -> Callable[[Report, Config], Config]:
    """An ``adjust`` for :func:`lint_many`: a report of a roster unit with a kind gets that kind (and so its
    deadline) unless its kind is already set (``--issuer-kind`` or the configuration, the manifest)."""
    from dataclasses import replace

    from disclosure_lint.checks.roster import unit_of

    def adjust(report: Report, config: Config) -> Config:
        known = config.issuer_kind or (config.facts.issuer_kind if config.facts else None)
        unit = None if known else unit_of(report.issuer, units)
        return replace(config, issuer_kind=unit.kind) if unit and unit.kind else config

    return adjust


def lint_source(source: Source, config: Config | None = None) -> LintResult:
    return lint_document(structure_of(source), config)


def lint(text: str, config: Config | None = None, path: str = "-") -> LintResult:
    """Lint one report given as text.  Pure: the same text and configuration give the same result."""
    return lint_source(Source.from_text(text, path), config)


# --- findings back in the writer's file ---------------------------------------------------------------

def load_upload(name: str, data: bytes) -> Loaded:
    """A report given as bytes (an upload, a file already read): decoded, an empty one refused."""
    return _not_empty(load_data(data, name))


def annotate(name: str, data: bytes, config: Config | None = None) -> tuple[str, bytes]:
    """The report ``data`` with its findings where its writer works: ("docx", a copy of the Word file
    with a comment on each finding) or ("html", the HTML report of this one file for other formats).
    ``data`` itself is never changed."""
    config = config or Config()
    loaded = load_upload(name, data)
    result = lint_document(document_of(loaded), config)
    if loaded.format == "docx":
        return "docx", annotated_docx(data, result, config)
    return "html", report_html(name, result, config).encode("utf-8")


def check_upload(name: str, data: bytes, config: Config | None = None) -> tuple[str, bytes | None]:
    """What the local web page shows for one uploaded report: its HTML report, and for a Word file
    the annotated copy to download (None for other formats)."""
    config = config or Config()
    loaded = load_upload(name, data)
    result = lint_document(document_of(loaded), config)
    copy = annotated_docx(data, result, config) if loaded.format == "docx" else None
    return report_html(name, result, config), copy


def annotated_docx(data: bytes, result: LintResult, config: Config) -> bytes:
    from disclosure_lint.output.annotate_docx import annotate as annotate_docx

    return annotate_docx(data, result, config.lang)


def report_html(name: str, result: LintResult, config: Config) -> str:
    """The HTML report of one linted file (the page ``annotate`` and ``serve`` show)."""
    from disclosure_lint.output import FileResult
    from disclosure_lint.output.html import render_report_html

    return render_report_html(FileResult(name, result), config, lang=config.lang)


def annotate_file(path: Path, target: Path | None, config: Config | None = None) -> tuple[Path, str]:
    """:func:`annotate` a report file into ``target`` (default: NAME.checked.docx / .html beside it);
    returns where it was written and the kind.  Never writes over the report itself (OutputError)."""
    from disclosure_lint.output.files import refuse_linted, write_atomic_bytes

    kind, data = annotate(str(path), read_path(path), config)
    target = target or path.with_name(f"{path.stem}.checked.{kind}")
    refuse_linted(target, [path])
    write_atomic_bytes(target, data)
    return target, kind
