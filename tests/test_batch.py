"""Many files at once (issue 16): the per-file work in worker processes, the cross-file work on summaries.

A directory run gives byte-identical output with one process and with two (JSON and the terminal's
text); the batch gives the findings the in-process path (api.lint_many, whole reports) gives, cross-year
pairs and twins included; the results keep no report once handed out; pairing by (year, issuer key) pairs
exactly as comparing every pair would.
"""

from __future__ import annotations

import gc
import shutil
import weakref

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from conftest import FIXTURES

from disclosure_lint import api
from disclosure_lint.checks.run_config import Config
from disclosure_lint.cli import main
from disclosure_lint.report.issuers import same_body
from disclosure_lint.report.pairing import pair_previous

WEB = FIXTURES / "corpus" / "web"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """Seeds, a cross-year pair with a copied and an inconsistent variant, three reports of which two are
    twins across issuers, a file that is not a report and one that cannot be read."""
    root = tmp_path_factory.mktemp("batch")
    for sub, files in (("seeds", sorted((FIXTURES / "seeds").glob("*.txt"))),
                       ("pair", sorted((FIXTURES / "crossyear").glob("*.txt"))),
                       ("twins", [WEB / "2009_fj_pingtan_zhijianju.txt", WEB / "2010_fj_pingtan_jiaotongju.txt",
                                  WEB / "2013_fj_pingtan_minzhengju.txt"])):
        (root / sub).mkdir()
        for path in files:
            shutil.copy(path, root / sub / path.name)
    (root / "notes.md").write_text("# 会议纪要\n\n讨论了下周的工作安排。\n", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


def _check(*args: str):
    return CliRunner().invoke(main, ["check", "--no-config", *args])


@pytest.mark.parametrize("fmt", ["json", "human"])
def test_one_process_and_two_give_the_same_bytes(tree, fmt):
    one = _check("--format", fmt, "-j", "1", str(tree))
    two = _check("--format", fmt, "-j", "2", str(tree))
    assert one.exit_code == two.exit_code == 2  # the empty file is an input error; the others are linted
    assert one.output == two.output
    assert "carryover-mismatch" in one.output and "template-twin" in one.output  # cross-file findings made
    assert "notes.md" in one.output  # skipped, and said so


@pytest.mark.parametrize("slim", [False, True])
def test_the_batch_finds_what_linting_whole_reports_together_finds(tree, slim):
    """The workers' summaries (cells, sentence hashes, shingle samples) stand in for whole reports exactly;
    so does what the slim outputs' batch keeps of a report between its passes (runner.late_view)."""
    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size]
    config = Config()
    documents = [(api.document_of(api.read_input(str(p), p)), config) for p in files]
    whole = api.lint_many(documents)
    results, skipped = api.lint_files([(str(p), p, config) for p in files], set(), jobs=1, slim=slim)
    assert not skipped and [i.path for i in results] == [str(p) for p in files]
    assert [i.result.diagnostics for i in results] == [r.diagnostics for r in whole]
    assert any(d.name in ("carryover-mismatch", "template-twin") for r in whole for d in r.diagnostics)


def test_a_report_not_finished_in_the_first_pass_is_finished_in_the_second(tree, monkeypatch):
    """The first pass finishes each report under the file's own budget (batch._early): where that fails,
    the report waits whole for the second pass, which finishes it and gives the same results."""
    from disclosure_lint import batch

    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size]
    inputs = [(str(p), p, Config()) for p in files]
    expected, _ = api.lint_files(inputs, set(), jobs=1, slim=True, budget=60.0)
    expected = [(i.path, i.error, i.result and i.result.diagnostics) for i in expected]
    finished, failed = batch._finished, set()

    def first_fails(task):
        if task.handle[0] == "held" and task.raw not in failed:  # the first pass's attempt
            failed.add(task.raw)
            raise RuntimeError("finishing failed")
        return finished(task)

    monkeypatch.setattr(batch, "_finished", first_fails)
    results, _ = api.lint_files(inputs, set(), jobs=1, slim=True, budget=60.0)
    assert [(i.path, i.error, i.result and i.result.diagnostics) for i in results] == expected
    assert failed and {path for path, error, _ in expected if error is None} <= failed  # each one failed first


def test_slim_reports_keep_the_rows_only_for_outputs_that_quote_them(tree):
    """Only the terminal output reads a slim table's rows (to quote a cell's row label above it): a batch
    for the other outputs leaves them out, and finds the same."""
    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size]
    inputs = [(str(p), p, Config()) for p in files]
    quoted, _ = api.lint_files(inputs, set(), jobs=1, slim=True)
    bare, _ = api.lint_files(inputs, set(), jobs=1, slim=True, rows=False)
    quoted, bare = list(quoted), list(bare)
    assert [(i.path, i.result and i.result.diagnostics) for i in quoted] == [(i.path, i.result and i.result.diagnostics) for i in bare]
    assert any(t.rows for i in quoted if i.result for t in i.result.report.tables)
    assert all(not t.rows and t.span for i in bare if i.result for t in i.result.report.tables)


def test_results_keep_no_report(tree):
    files = sorted(tree.rglob("*.txt"))[:6]
    results, _ = api.lint_files([(str(p), p, Config()) for p in files], set(), jobs=1)
    seen = []
    for item in results:
        if item.result is not None:
            seen.append(weakref.ref(item.result.report))
    del item
    gc.collect()
    assert seen and all(ref() is None for ref in seen)  # each was rebuilt from the spill file and let go
    assert len(results.outcomes()) == len(results)


NAMES = ["云岭县人民政府", "云岭县政府", "云岭县人民政府办公室", "云岭县市场监督管理局", "云岭县市监局", "桐江市市监局",
         "桐江市市场监督管理局", "罗山街道", "晋江市罗山街道办事处", "罗山镇", "云岭县民政局", "云岭县自然资源局", None, ""]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from([None, 2020, 2021, 2022])), max_size=12))
def test_pairing_by_key_pairs_as_every_pair_would(reports):
    class Dated:
        def __init__(self, issuer, year):
            self.issuer, self.year = issuer, year

    items = [Dated(issuer, year) for issuer, year in reports]
    naive = {}
    for i, report in enumerate(items):
        if report.year is None:
            continue
        match = next((o for o in items if o.year == report.year - 1 and same_body(o.issuer, report.issuer)), None)
        if match is not None:
            naive[i] = match
    assert pair_previous(items) == naive


def test_json_written_a_file_at_a_time_is_what_json_dumps_writes(tree):
    import json

    out = _check("--format", "json", str(tree)).output
    data = json.loads(out)
    assert data["skipped"] and len(data["files"]) > 5
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    empty = _check("--format", "json", str(tree / "notes.md")).output  # a named non-report: one file entry
    assert empty == json.dumps(json.loads(empty), ensure_ascii=False, indent=2) + "\n"


def test_the_late_view_copies_every_field_it_rebuilds():
    """The late view (checks/late_view.py) keeps cells, rows and paragraphs as tuples and builds them
    again: a field added to one of these classes must be added there too."""
    from dataclasses import fields

    from disclosure_lint.checks.late_view import CELL_FIELDS, ROW_FIELDS
    from disclosure_lint.read.document import Para
    from disclosure_lint.read.source import Seg, Span
    from disclosure_lint.report.tables import CellValue, RowRead, TableRead

    def names(cls):
        return tuple(f.name for f in fields(cls))

    assert names(CellValue) == CELL_FIELDS and names(RowRead) == ROW_FIELDS
    assert names(TableRead) == ("spec", "rows", "span", "layout") and names(Para) == ("kind", "seg")
    assert names(Seg) == ("text", "line", "col") and names(Span) == ("line", "column", "end_line", "end_column")


def test_the_late_view_rebuilds_the_report_it_flattened():
    """The late view's flat forms (report/flat.py) give back, through a pickle, the report the late rules
    read: every kept field equal, the emptied ones empty, the text paragraphs and the compared cells."""
    import pickle
    from dataclasses import replace

    from disclosure_lint.checks.late_view import EMPTIED, late_view
    from disclosure_lint.read.document import Para

    config = Config()
    wanted = api.compared_cells([config])
    paths = sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "corpus").rglob("*.txt"))[:12]
    for path in paths:
        report = api.report_of(api.document_of(api.read_input(str(path), path)), config)
        back = pickle.loads(pickle.dumps(late_view(report, wanted), protocol=pickle.HIGHEST_PROTOCOL)).report()
        paras = tuple(b for b in report.document.blocks if isinstance(b, Para) and b.kind == "text")
        expected = replace(report, document=replace(report.document, blocks=paras), **dict.fromkeys(EMPTIED, ()))
        assert replace(back, tables=()) == expected, path.name
        assert back.era is report.era and back.expected_era is report.expected_era  # the bundled objects
        # Made without the source (it waits in the result finished in the first pass), given it back.
        bare = pickle.loads(pickle.dumps(late_view(report, wanted, with_source=False), protocol=pickle.HIGHEST_PROTOCOL))
        assert bare.document[0] is None and bare.report(report.document.source) == back, path.name
        for table in back.tables:
            whole = report.table(table.spec.id)
            assert table.spec == whole.spec and table.span == whole.span and table.layout == whole.layout
            for row in table.rows:
                assert all(cell == whole.row(row.spec.id).cell(cell.column.id) for cell in row.cells)
                assert {(t, r) for t, r, _ in wanted} >= {(table.spec.id, row.spec.id)}


def test_jobs_not_given_start_workers_only_when_they_pay(tree, monkeypatch):
    """With ``--jobs`` not given, the batch sees its first files itself and starts one worker per CPU
    only when the rest would take long enough here: the results are the same whichever it chose."""
    from disclosure_lint import batch

    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size]
    inputs = [(str(p), p, Config()) for p in files]
    serial, _ = api.lint_files(inputs, set(), jobs=1)
    expected = [(i.path, i.result.diagnostics) for i in serial]
    monkeypatch.setattr(batch, "PROBE", 2)
    monkeypatch.setattr(api, "_usable_cpus", lambda: 2)
    # (the rest's CPU, a file's CPU) that workers need; whether they start
    for pay, file_pays, started in ((0.0, 0.0, True), (1e9, 0.0, False), (0.0, 1e9, False)):
        monkeypatch.setattr(batch, "WORKERS_PAY", pay)
        monkeypatch.setattr(batch, "FILE_PAYS", file_pays)
        results, _ = api.lint_files(inputs, set(), jobs=None)
        assert (results._pool is not None) is started
        assert [(i.path, i.result.diagnostics) for i in results] == expected


def test_a_system_that_cannot_start_workers_lints_in_one_process(tree, monkeypatch):
    import multiprocessing

    def refused(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # as on a system without /dev/shm semaphores

    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size][:5]
    inputs = [(str(p), p, Config()) for p in files]
    expected = [(i.path, i.result.diagnostics) for i in api.lint_files(inputs, set(), jobs=1)[0]]
    monkeypatch.setattr(multiprocessing, "Pool", refused)
    results, _ = api.lint_files(inputs, set(), jobs=2)
    assert results._pool is None and [(i.path, i.result.diagnostics) for i in results] == expected


@pytest.mark.parametrize(("jobs", "files", "cpus", "expected"), [
    (None, 3, 8, 1), (None, api.AUTO_MIN_FILES - 1, 8, 1), (None, api.AUTO_MIN_FILES, 8, 2),
    (None, 10_000, 8, 8), (None, 10_000, 1, 1), (0, 3, 4, 4), (3, 1, 8, 3), (1, 10_000, 8, 1)])
def test_worker_count(monkeypatch, jobs, files, cpus, expected):
    monkeypatch.setattr(api, "_usable_cpus", lambda: cpus)
    assert api.worker_count(jobs, files) == expected


def test_spill_files_read_through_kept_descriptors_closed_with_the_batch(tree):
    """The parent reads its results from the spill files through descriptors it keeps open; once a batch's
    results are let go its folder is removed and those descriptors closed (a long-lived process runs
    batch after batch)."""
    import gc
    import os

    from disclosure_lint import batch

    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size][:6]
    inputs = [(str(p), p, Config()) for p in files]
    folders = []
    for _ in range(2):  # the second batch lets the first's go (this process held the first's settings)
        results, _ = api.lint_files(inputs, set(), jobs=1, slim=True)
        paths = [i.path for i in results]
        folders.append(results._setup.spill_dir)
        assert paths == [str(p) for p in files] and any(os.path.dirname(p) == folders[-1] for p in batch._READERS)
        del results
        gc.collect()
    assert not os.path.exists(folders[0]) and not any(os.path.dirname(p) == folders[0] for p in batch._READERS)


def test_many_reports_unknown_to_the_cache_go_to_the_workers_without_a_probe(tree, monkeypatch):
    """A batch whose first files are many, report-sized and not cached starts its workers at once (no
    file seen in this process first: it spills nothing); a small batch is probed here first.  The
    results are the same either way."""
    import os

    from disclosure_lint import batch

    files = [p for p in sorted(tree.rglob("*.txt")) if p.stat().st_size > 2000]
    inputs = [(str(p), p, Config()) for p in files]
    expected = [(i.path, i.result.diagnostics) for i in api.lint_files(inputs, set(), jobs=1)[0]]
    monkeypatch.setattr(api, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(batch, "SURE", len(files))
    monkeypatch.setattr(batch, "REPORT_SIZE", 2000)

    def here(results) -> bool:  # whether this process saw some file itself (its spill file exists)
        return os.path.exists(os.path.join(results._setup.spill_dir, f"{os.getpid()}.spill"))

    results, _ = api.lint_files(inputs, set(), jobs=None)
    assert results._pool is not None and not here(results)
    assert [(i.path, i.result.diagnostics) for i in results] == expected
    monkeypatch.setattr(batch, "SURE", len(files) + 1)  # too few files to be sure: probed here first
    monkeypatch.setattr(batch, "WORKERS_PAY", 1e9)
    results, _ = api.lint_files(inputs, set(), jobs=None)
    assert results._pool is None and here(results)
    assert [(i.path, i.result.diagnostics) for i in results] == expected
