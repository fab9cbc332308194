"""The result cache (issue 15): an unchanged rerun reads no report; a change to the file, the
configuration, a rule file or the linter's version misses; a changed file misses alone, and the
cross-file checks are made again from the summaries (a changed last-year report changes this year's
findings); an unchanged batch recalls its comparisons instead (issue 16); --no-cache neither reads nor
writes."""

from __future__ import annotations

import contextlib
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint import api
from disclosure_lint.cli import main

SEED_001 = next((FIXTURES / "seeds").glob("001_*.txt"))
SEED_003 = next((FIXTURES / "seeds").glob("003_*.txt"))
YUNLING = FIXTURES / "crossyear"
RULE = ("rules:\n  - code: DL801\n    name: street-word\n    kind: pattern\n    severity: warning\n"
        "    message: {{zh: '发现{{text}}'}}\n    basis: test\n    checks:\n      - {{pattern: '{word}'}}\n")


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE", raising=False)  # conftest turns it off elsewhere
    (tmp_path / ".git").mkdir()
    (tmp_path / "reports").mkdir()
    shutil.copy(SEED_001, tmp_path / "reports" / "2017.txt")
    shutil.copy(SEED_003, tmp_path / "reports" / "2020.txt")
    (tmp_path / "rules.yaml").write_text(RULE.format(word="罗山街道"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def yunling(tmp_path, monkeypatch):
    """A working folder with the cross-year pair under reports/ and the result cache turned on."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    for name in ("yunling_2021.txt", "yunling_2022.txt"):
        shutil.copy(YUNLING / name, tmp_path / "reports" / name)
    return tmp_path


def _run(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", "--rules", "rules.yaml", *args, "reports"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["files"]


def _reads(monkeypatch) -> list:
    """The names of the files read (and parsed) from now on."""
    calls = []
    real = api.read_input

    def counting(raw, path):
        calls.append(raw)
        return real(raw, path)

    monkeypatch.setattr(api, "read_input", counting)
    return calls


def test_unchanged_rerun_reads_nothing_and_gives_the_same_findings(repo, monkeypatch):
    calls = _reads(monkeypatch)
    cold = _run()
    assert len(calls) == 2 and (repo / ".disclosure-lint-cache" / ".gitignore").is_file()
    warm = _run()
    assert len(calls) == 2 and warm == cold  # no report was read again
    assert any(d["name"] == "street-word" for f in warm for d in f["diagnostics"])


@pytest.mark.parametrize("change", ["file", "config", "rule-file", "version", "bundled-rules"])
def test_every_cause_invalidates(repo, monkeypatch, change):
    calls = _reads(monkeypatch)
    before = _run()
    if change == "file":
        path = repo / "reports" / "2017.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("罗山街道", "罗山镇", 1), encoding="utf-8")
    elif change == "config":
        (repo / ".disclosure-lint.yaml").write_text("ignore: [blank-cell]\n", encoding="utf-8")
    elif change == "rule-file":
        (repo / "rules.yaml").write_text(RULE.format(word="南金街"), encoding="utf-8")
    elif change == "version":
        monkeypatch.setattr("disclosure_lint.output.result_cache.__version__", "99.0")
    else:
        monkeypatch.setattr("disclosure_lint.output.result_cache.rules_fingerprint", lambda: "changed")
    after = _run()
    read_again = calls[2:]
    assert read_again == (["reports/2017.txt"] if change == "file" else ["reports/2017.txt", "reports/2020.txt"])
    assert after != before or change in ("version", "bundled-rules")
    _run()
    assert calls[2:] == read_again  # and the new results are cached in turn


def test_cross_year_findings_follow_last_years_report(yunling, monkeypatch):
    """This year's file is unchanged (a hit) but last year's changed: the carry-over check compares
    this year's report with the new last year's, not with what the cache saw."""
    tmp_path = yunling
    calls = _reads(monkeypatch)

    def carryover() -> list:
        result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "carryover-mismatch", "reports"])
        return [d["message"] for f in json.loads(result.output)["files"] for d in f["diagnostics"]]

    assert carryover() == []
    last_year = tmp_path / "reports" / "yunling_2021.txt"
    text = last_year.read_text(encoding="utf-8")
    changed = _change_carryover(text)
    last_year.write_text(changed, encoding="utf-8")
    found = carryover()
    assert calls == ["reports/yunling_2021.txt", "reports/yunling_2022.txt", "reports/yunling_2021.txt"]
    assert len(found) >= 1  # from the cached 2022 report, against the changed 2021 one
    last_year.write_text(text, encoding="utf-8")
    assert carryover() == [] and len(calls) == 3  # both hits again


def _change_carryover(text: str) -> str:
    """Last year's report with a different 结转下年度继续办理 count in its application table."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.lstrip().startswith("四、结转下年度") and "\t" in line:
            label, _, values = line.partition("\t")
            lines[i] = label + "\t" + "\t".join(str(int(v) + 1) for v in values.split("\t")) + "\n"
            return "".join(lines)
    raise AssertionError("no carry-over row in the fixture")


def test_no_cache_and_foreign_entries(repo, monkeypatch):
    calls = _reads(monkeypatch)
    _run("--no-cache")
    monkeypatch.setenv("DISCLOSURE_LINT_NO_CACHE", "1")
    _run()
    assert not (repo / ".disclosure-lint-cache").exists()
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE")
    _run("--cache-dir", str(repo / "c"))
    entries = _entries(repo / "c")
    # each file: what it is, its report alone, and its finished result; the batch's comparisons, and
    # what the run printed
    assert len(entries) == 8
    with _database(repo / "c") as db:  # a cache written by someone else (not signed with this user's key) is ignored
        db.executemany("update entries set value = ? where key = ?", [(b"\0" * 32 + v[32:], k) for k, v in entries])
    _run("--cache-dir", str(repo / "c"))
    assert len(calls) == 8


@contextlib.contextmanager
def _database(folder):
    """The cache folder's database, changed as a test needs (committed when the block ends)."""
    import sqlite3

    from disclosure_lint.output.result_cache import DATABASE

    db = sqlite3.connect(folder / DATABASE)
    try:
        with db:
            yield db
    finally:
        db.close()


def _entries(folder) -> list[tuple[str, bytes]]:
    with _database(folder) as db:
        return db.execute("select key, value from entries").fetchall()


def _first_passes(monkeypatch) -> list:
    """The files whose first pass runs from now on (cached or not): an unchanged batch runs none."""
    from disclosure_lint import batch

    calls = []
    real = batch.see

    def counting(task):
        calls.append(task[0])
        return real(task)

    monkeypatch.setattr(batch, "see", counting)
    return calls


def test_an_unchanged_batch_recalls_its_comparisons(yunling, monkeypatch):
    """A rerun of the same files recalls the batch's comparisons (last year's report, twins) and reads
    only the finished results; a changed file, a file named rather than found, or a finished result gone
    from the cache makes the batch again — with the same output each time."""
    tmp_path = yunling
    shutil.copy(SEED_001, tmp_path / "reports" / "seed.txt")
    passes = _first_passes(monkeypatch)

    def run(*paths) -> str:
        result = CliRunner().invoke(main, ["check", "--format", "json", "--cache-dir", "c", *(paths or ("reports",))])
        assert result.exit_code in (0, 1), result.output
        return result.output

    cold = run()
    assert len(passes) == 3
    assert run() == cold and len(passes) == 3  # recalled: no first pass at all
    named = sorted(str(p) for p in (tmp_path / "reports").iterdir())
    run(*named)
    assert len(passes) == 6  # the files named: another batch (a file named is linted, report or not)
    with _database(tmp_path / "c") as db:  # every finished result gone (the reports stay)
        db.execute("delete from entries where instr(value, ?) > 0", (b"FileResult",))
    assert run() == cold and len(passes) == 9  # made again, from the cached reports
    last_year = tmp_path / "reports" / "yunling_2021.txt"
    last_year.write_text(_change_carryover(last_year.read_text(encoding="utf-8")), encoding="utf-8")
    changed = run()
    assert changed != cold and len(passes) == 12
    assert "carryover" in changed and "carryover" not in cold  # compared with the new last year's report
    assert run() == changed and len(passes) == 12


def _renders(monkeypatch) -> list:
    """How many times the JSON output is rendered from now on (a replayed run renders nothing)."""
    from disclosure_lint.output import json_format

    calls = []
    real = json_format.chunks

    def counting(items, batch=None):
        calls.append(1)
        return real(items, batch)

    monkeypatch.setattr(json_format, "chunks", counting)
    return calls


def test_an_unchanged_rerun_prints_what_the_last_one_printed(yunling, monkeypatch):
    """The same command over the same files prints the kept output without rendering it, with the same
    exit code; a change to anything the output depends on renders it again: an option, a file an option
    names, the environment, a file passed over, a report."""
    from disclosure_lint.output.replay import FORMATS

    tmp_path = yunling
    shutil.copy(SEED_001, tmp_path / "reports" / "seed.txt")  # a report with errors: exit 1
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text((FIXTURES.parent.parent / "rules" / "scoring" / "default.yaml").read_text(encoding="utf-8"),
                      encoding="utf-8")
    renders = _renders(monkeypatch)

    def run(*args) -> tuple[str, int]:
        result = CliRunner().invoke(main, ["check", "--cache-dir", "c", "--rubric", str(rubric), *args, "reports"])
        assert result.exit_code in (0, 1), result.output
        return result.output, result.exit_code

    first = run("--format", "json")
    assert len(renders) == 1 and first[1] == 1
    assert run("--format", "json") == first and len(renders) == 1  # printed again, not rendered
    assert run("--format", "json", "--exit-zero") == (first[0], 0) and len(renders) == 2
    assert run("--format", "json", "--exit-zero") == (first[0], 0) and len(renders) == 2
    sarif = run("--format", "sarif")
    assert sarif != first and run("--format", "sarif") == sarif and "sarif" in FORMATS
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("full: 10\n", "full: 9\n"), encoding="utf-8")
    scored = run("--format", "json")
    assert len(renders) == 3 and scored != first and '"score_full": 9.0' in scored[0]
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    english = run("--format", "json")
    assert len(renders) == 4 and english != scored
    (tmp_path / "reports" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with_doc = run("--format", "json")
    assert len(renders) == 5 and "old.doc" in with_doc[0] and "old.doc" not in english[0]
    report = tmp_path / "reports" / "yunling_2022.txt"
    report.write_text(report.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run("--format", "json")
    assert len(renders) == 6
    assert run("--format", "json") != first and len(renders) == 6  # the changed batch's own output, kept

def test_the_terminal_output_written_to_a_pipe_is_replayed_at_its_width(repo, monkeypatch):
    """The human output (to a pipe or a file) is kept as written, and its rerun prints it without
    rendering; another width (COLUMNS, a terminal's) renders it again, windowed to that width."""
    from disclosure_lint.output import human

    calls = []
    real = human.render
    monkeypatch.setattr(human, "render", lambda *a, **k: (calls.append(1), real(*a, **k))[1])

    def run(*args):
        result = CliRunner().invoke(main, ["check", "--rules", "rules.yaml", *args, "reports"])
        assert result.exit_code in (0, 1), result.output
        return result.output, result.exit_code

    monkeypatch.setenv("COLUMNS", "120")
    wide = run()
    assert run() == wide and len(calls) == 1 and "street-word" in wide[0]
    monkeypatch.setenv("COLUMNS", "40")
    narrow = run()
    assert narrow != wide and len(calls) == 2 and run() == narrow and len(calls) == 2
    assert run("--quiet") != narrow and len(calls) == 3


def test_an_output_too_big_to_keep_is_rendered_again(repo, monkeypatch):
    """Memory stays flat: an output past the replay's limit is not kept, and its rerun renders it."""
    from disclosure_lint.output import replay

    monkeypatch.setattr(replay, "LIMIT", 100)
    renders = _renders(monkeypatch)
    first = _run()
    assert _run() == first and len(renders) == 2
    recorder = replay.Recorder()
    recorder.add("政务" * 10)
    assert recorder.text() == ("政务" * 10).encode()
    recorder.add("x" * 100)
    assert recorder.text() is None


def test_a_damaged_or_unwritable_cache_is_a_miss_never_an_error(repo, monkeypatch):
    """The cache is one SQLite database: a file there that is not one is replaced, a folder that cannot
    be written is a run without the cache — the findings are the same every time."""
    import os

    from disclosure_lint.output.result_cache import DATABASE

    expected = _run("--no-cache")
    (repo / "c").mkdir()
    (repo / "c" / DATABASE).write_bytes(b"not a database\0" * 100)
    assert _run("--cache-dir", str(repo / "c")) == expected
    assert len(_entries(repo / "c")) == 8 and _run("--cache-dir", str(repo / "c")) == expected
    (repo / "ro").mkdir()
    os.chmod(repo / "ro", 0o500)
    try:
        if os.access(repo / "ro", os.W_OK):  # root writes anywhere: nothing to test
            return
        assert _run("--cache-dir", str(repo / "ro")) == expected
        assert list((repo / "ro").iterdir()) == []
    finally:
        os.chmod(repo / "ro", 0o700)


def test_workers_share_the_database(tmp_path, monkeypatch):
    """Two workers and their parent write to one database at once: every file's entries are there, and
    the cached run says what the uncached one says."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    monkeypatch.delenv("DISCLOSURE_LINT_NO_CACHE", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    sources = sorted((FIXTURES / "reports").glob("*.txt"))[:12]
    for k, source in enumerate(sources * 2):
        shutil.copy(source, tmp_path / "reports" / f"{k:02d}_{source.name}")

    def run(*args):
        result = CliRunner().invoke(main, ["check", "--format", "json", "--jobs", "2", *args, "reports"])
        assert result.exit_code in (0, 1), result.output
        return result.output

    expected = run("--no-cache")
    assert run("--cache-dir", "c") == expected
    keys = [k for k, _ in _entries(tmp_path / "c")]
    assert len(keys) == len(set(keys)) >= 3 * len(sources) * 2
    assert run("--cache-dir", "c") == expected


def test_a_database_held_by_another_process_is_waited_for_then_let_go(repo, monkeypatch):
    """A process stopped in the middle of a write holds the database: a run waits for it a while, then
    goes on without the cache (no entry waits again) — with the same findings."""
    import os
    import sqlite3

    from disclosure_lint.output import result_cache

    _run("--cache-dir", str(repo / "c"))
    report = repo / "reports" / "2017.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("罗山街道", "罗山镇", 1), encoding="utf-8")
    expected = _run("--no-cache")
    monkeypatch.setattr(result_cache, "BUSY", 0.2)
    monkeypatch.setattr(result_cache, "_CONNECTIONS", {})  # this process opens the database again
    monkeypatch.setattr(result_cache, "_STUCK", set())
    holder = sqlite3.connect(repo / "c" / result_cache.DATABASE, isolation_level=None)
    holder.execute("begin exclusive")
    try:
        assert _run("--cache-dir", str(repo / "c")) == expected
        assert (os.getpid(), str(repo / "c")) in result_cache._STUCK  # its writes let go after one wait
    finally:
        holder.execute("rollback")
        holder.close()
