"""The pre-commit hook, for real: a git repository of reports, a .pre-commit-config.yaml pointing at
this project, and ``pre-commit run --all-files`` failing on a report with findings and passing on a
clean one.  Needs git and pre-commit (a test dependency) and the package index for the hook's
environment; skipped when either tool is missing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def _snapshot_project(dest: Path) -> str:
    """This working tree (committed or not) as a git repository pre-commit can install from."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.splitlines()
    for name in files:
        if name.startswith("tests/fixtures/") or not (ROOT / name).is_file():
            continue  # the hook needs the package, grammar and rules, not the test data
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "snapshot")
    return _git(dest, "rev-parse", "HEAD").strip()


def _readme_example() -> str:
    """The README's .pre-commit-config.yaml, exactly as shipped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^pre-commit \(`\.pre-commit-config\.yaml` of a report repository\):\n\n```yaml\n(.*?)```", text,
                  re.S | re.M)
    assert m, "no pre-commit example in README"
    return m.group(1)


def test_pre_commit_hook_fails_on_findings_and_passes_clean(tmp_path):
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit not installed")
    hook_repo = tmp_path / "hook"
    hook_repo.mkdir()
    _snapshot_project(hook_repo)
    # The README's example as shipped: only the repository's address is this test's copy of it; the
    # revision it pins is made to exist there, as the release tag does in the real repository.
    example = _readme_example()
    rev = yaml.safe_load(example)["repos"][0]["rev"]
    _git(hook_repo, "tag", rev)
    reports = tmp_path / "reports"
    reports.mkdir()
    _git(reports, "init", "-q")
    (reports / ".pre-commit-config.yaml").write_text(
        re.sub(r"(repo: )\S+", lambda m: m.group(1) + str(hook_repo), example, count=1), encoding="utf-8")
    shutil.copy(next((FIXTURES / "seeds").glob("003_*.txt")), reports / "2020_clean.txt")
    # A repository of reports holds other files too: none of them may fail the hook.
    (reports / "README.md").write_text("# 历年报告\n本仓库保存各年度报告。\n", encoding="utf-8")
    (reports / "notes.txt").write_text("会议记录：下周整理附件。\n", encoding="utf-8")
    (reports / "build.py").write_text("print('not a report')\n", encoding="utf-8")
    (reports / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    for name in ("README.txt", "requirements.txt", "LICENSE.txt", "letter_work_points.txt"):
        shutil.copy(FIXTURES / "genre" / name, reports / name)  # files that are not reports never fail a commit
    _git(reports, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    cmd = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
    clean = subprocess.run(cmd, cwd=reports, capture_output=True, text=True, env=env, timeout=900)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "disclosure-lint" in clean.stdout and "Passed" in clean.stdout and "README.md" not in clean.stdout
    assert "not-a-report" not in clean.stdout  # pre-commit shows a passing hook's output only with -v
    shutil.copy(next((FIXTURES / "seeds").glob("001_*.txt")), reports / "2017_blank_cells.txt")
    _git(reports, "add", "-A")
    dirty = subprocess.run(cmd, cwd=reports, capture_output=True, text=True, env=env, timeout=900)
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "Failed" in dirty.stdout and "blank-cell" in dirty.stdout
