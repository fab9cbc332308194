"""The README's GitHub Actions and GitLab CI examples: run their disclosure-lint commands for real."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

from conftest import FIXTURES

README = Path(__file__).resolve().parent.parent / "README.md"


def _workflow(title: str) -> dict:
    text = README.read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(title)}:\n\n```yaml\n(.*?)```", text, re.S | re.M)
    assert m, f"no {title} example in README"
    return yaml.safe_load(m.group(1))


def _commands(workflow: dict) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script"):
                    for cmd in value if isinstance(value, list) else [value]:
                        if str(cmd).startswith("disclosure-lint"):
                            found.append(str(cmd))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(workflow)
    assert found
    return found


def _repo(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(next((FIXTURES / "seeds").glob("003_*.txt")), reports / "clean.txt")
    shutil.copy(next((FIXTURES / "seeds").glob("004_*.txt")), reports / "bureau.txt")
    return tmp_path


def _run(cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(cmd)
    # The installed console script is `python -m disclosure_lint`; PYTHONPATH covers an uninstalled checkout.
    env = {**os.environ, "PYTHONPATH": str(README.parent)}
    return subprocess.run([sys.executable, "-m", "disclosure_lint", *argv[1:]], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env=env)


def test_github_actions_example(tmp_path):
    repo = _repo(tmp_path)
    workflow = _workflow("GitHub Actions")
    sarif_step = next(s for s in workflow["jobs"]["disclosure-lint"]["steps"] if "upload-sarif" in s.get("uses", ""))
    for cmd in _commands(workflow):
        proc = _run(cmd, repo)
        assert proc.returncode == 1  # bureau.txt has errors: the job fails, annotations are printed
        assert re.search(r"^::error file=reports/bureau\.txt,line=\d+,col=\d+", proc.stdout, re.M)
    sarif = json.loads((repo / sarif_step["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_gitlab_ci_example(tmp_path):
    repo = _repo(tmp_path)
    workflow = _workflow("GitLab CI")
    job = workflow["disclosure-lint"]
    for cmd in _commands(workflow):
        proc = _run(cmd, repo)
        assert proc.returncode == 1 and "bureau.txt" in proc.stdout
    quality = json.loads((repo / job["artifacts"]["reports"]["codequality"]).read_text(encoding="utf-8"))
    assert quality and all(item["location"]["path"].startswith("reports/") for item in quality)
    junit = (repo / job["artifacts"]["reports"]["junit"]).read_text(encoding="utf-8")
    assert ET.fromstring(junit.split("\n", 1)[1]).get("failures") != "0"
