"""The composite GitHub Action (action.yml) as shipped: its shell steps run for real, in order, the way
the runner runs them: install the linter from the action's own repository, lint a workspace of reports
(annotations on stdout, SARIF written with locations relative to the workspace)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml

from conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def _expand(value: str, inputs: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], value)


def test_action_installs_from_its_repository_and_writes_sarif(tmp_path):
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs["paths"] = "reports"
    project = tmp_path / "action"  # the action's repository as the runner checks it out
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", ".git", "tests", "__pycache__", "*.egg-info"))
    workspace = tmp_path / "workspace"
    (workspace / "reports").mkdir(parents=True)
    shutil.copy(next((FIXTURES / "seeds").glob("001_*.txt")), workspace / "reports" / "2017.txt")
    (workspace / "README.md").write_text("# our reports\n", encoding="utf-8")
    # The runner's Python (setup-python): a fresh environment that sees this one's packages as its
    # dependencies (so nothing is downloaded), but not this checkout: the action must install it.
    runner = tmp_path / "python"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(runner)], check=True, timeout=300)
    site = next(runner.glob("lib/python*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"GITHUB_ACTION_PATH": str(project), "GITHUB_WORKSPACE": str(workspace),
                "PATH": f"{runner / 'bin'}{os.pathsep}{env['PATH']}"})
    codes = []
    for step in steps:
        if "run" not in step:
            continue
        assert step["shell"] == "bash"
        step_env = {k: _expand(str(v), inputs) for k, v in (step.get("env") or {}).items()}
        proc = subprocess.run(["bash", "-e", "-c", _expand(step["run"], inputs)], cwd=workspace,
                              env={**env, **step_env}, capture_output=True, text=True, timeout=600)
        codes.append(proc.returncode)
        if "pip install" in step["run"]:
            assert proc.returncode == 0, proc.stderr
            assert (site / "disclosure_lint" / "__init__.py").is_file() and (runner / "bin" / "disclosure-lint").is_file()
        else:
            lint = proc
    assert codes[-1] == 1  # the report has errors: the step fails, the job shows it
    assert re.search(r"^::error file=reports/2017\.txt,line=\d+,col=\d+", lint.stdout, re.M)
    sarif = json.loads((workspace / _expand(upload["with"]["sarif_file"], inputs)).read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"reports/2017.txt"}
    assert upload["if"].startswith("always()")
