"""The pre-commit case: ``disclosure-lint check`` of one small text report starts a fresh process each
time, so it must import only what that run needs.  Checked on ``sys.modules`` of a real run (never on
timings: performance is measured in bench/scenarios.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import FIXTURES

RUN = """
import sys
sys.argv = ["disclosure-lint", "check", "--no-config", "--no-cache", sys.argv[1]]
from disclosure_lint.cli import main
try:
    main()
except SystemExit:
    pass
modules = sorted(sys.modules)
import json
print(json.dumps(modules), file=sys.stderr)
"""
# What a check of a clean .txt report never uses: other readers, other outputs, the supervisor's inputs,
# the result cache it was told not to use, the baseline, the rich console off a terminal, and the spill
# files of a batch (one report is held as it is).
NOT_NEEDED = ("lark", "json", "tempfile", "shutil", "docx", "openpyxl", "lxml", "pdfplumber", "pypdfium2",
              "starlette", "uvicorn", "re2", "rich", "difflib", "disclosure_lint.output.baseline",
              "disclosure_lint.output.json_format", "disclosure_lint.output.html", "disclosure_lint.checks.rubric",
              "disclosure_lint.checks.roster", "disclosure_lint.checks.manifest", "disclosure_lint.output.result_cache",
              "disclosure_lint.serve")


def test_a_one_file_check_imports_only_what_it_uses():
    report = FIXTURES / "reports" / "2020_bureau_tabrows.txt"
    for _ in range(2):  # the first run may build the start-up caches (writing them imports more): measure the next
        done = subprocess.run([sys.executable, "-c", RUN, str(report)], capture_output=True, text=True, check=False)
    modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert "检查了 1 个文件" in done.stdout
    assert [m for m in modules if m.split(".")[0] in NOT_NEEDED or m in NOT_NEEDED] == []


def test_the_package_never_imports_lark():
    """Lark is a tool of the developers (it generates read/report_parser.py), not a dependency of a run."""
    package = FIXTURES.parent.parent / "disclosure_lint"
    importing = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if re.search(r"^\s*(?:import lark|from lark\b)", p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert importing == []


def test_a_run_with_the_start_up_caches_cold_and_one_with_them_warm_say_the_same(tmp_path):
    """The compiled patterns, the dataclasses' code, the expressions' needs and the rules' data kept in the user's cache folder
    change nothing but the time: a report with findings gives the very same output both ways."""
    report = FIXTURES.parent.parent / "examples" / "2017_xingqing_lijingjie.txt"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--no-cache", str(report)]
    cold = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    kept = sorted(p.name.split("-")[0] for p in (tmp_path / "disclosure-lint").iterdir())
    warm = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert kept == ["data", "data", "dataclass", "needs", "regex"]
    assert cold.returncode == warm.returncode == 1 and "错误" in cold.stdout
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
