"""Issue 17 (configuration, rules and baselines are input too): every malformed file is one message
naming the file and the line, exit 2, never a traceback; YAML is loaded safely with alias expansion
bounded; ``extends``/``rules``/``!include`` read only inside the configuration's own tree; errors do not
echo other files' contents."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import FIXTURES

from disclosure_lint.cli import main

SEED_001 = next((FIXTURES / "seeds").glob("001_*.txt"))
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, n in zip("abcdefgh", "bcdefghi"))


def _check(tmp_path, *args):
    # the English wording is asserted here; the Chinese (default) is tested in test_chinese.py
    result = CliRunner().invoke(main, ["check", "--lang", "en", *map(str, args)], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.mark.parametrize("config,where,fragment", [
    ("select: 5\n", ":1:", "'select' must be a list"),
    ("ignore: [DL2]\nseverity: {DL2: fatal}\n", ":2:", "bad level"),
    ("per-file-ignores:\n  '*.txt': [blank-cel]\n", ":1:", "did you mean 'blank-cell'?"),
    ("select: [DL1]\nlang: !!python/object:os.system x\n", ":2:", "YAML error"),
    (BOMB, ":", "aliases are expanded"),
    ("a: &a [*a]\n", ":1:", "recursive structure"),
    ("extends: ../secret.yaml\n", ":1:", "outside this configuration's directory tree"),
    ("extends: /dev/zero\n", ":1:", "outside"),
    ("rules: [../secret.yaml]\n", ":1:", "outside"),
    ("extends: a.yaml\n", ":", "circular 'extends'"),
    ("select: [DL1]\n\x07bad: 1\n", ":2:", "YAML error"),
])
def test_bad_configuration_is_one_message_with_file_and_line(tmp_path, config, where, fragment):
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "secret.yaml").write_text("SECRET_TOKEN_1234: leaked\n", encoding="utf-8")
    (repo / "a.yaml").write_text("extends: .disclosure-lint.yaml\n", encoding="utf-8")
    (repo / ".disclosure-lint.yaml").write_text(config, encoding="utf-8")
    shutil.copy(SEED_001, repo / "r.txt")
    result = _check(tmp_path, repo / "r.txt")
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert message.count("\n") == 0 and ".yaml" + where in message or ".yaml" in message and where == ":"
    assert fragment in message and "SECRET_TOKEN" not in message and "Traceback" not in message


def test_non_utf8_configuration_names_its_line(tmp_path):
    (tmp_path / ".disclosure-lint.yaml").write_bytes("select: [DL1]\nignore: [\xff]\n".encode("latin-1"))
    shutil.copy(SEED_001, tmp_path / "r.txt")
    result = _check(tmp_path, tmp_path / "r.txt")
    assert result.exit_code == 2 and ".disclosure-lint.yaml:2: not UTF-8" in result.output


def test_extends_within_the_repository_is_allowed(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "defaults.yaml").write_text("ignore: [blank-cell]\n", encoding="utf-8")
    sub = tmp_path / "reports"
    sub.mkdir()
    (sub / ".disclosure-lint.yaml").write_text("extends: ../defaults.yaml\n", encoding="utf-8")
    shutil.copy(SEED_001, sub / "r.txt")
    result = _check(tmp_path, "--format", "json", sub / "r.txt")
    names = {d["name"] for d in json.loads(result.output)["files"][0]["diagnostics"]}
    assert names and "blank-cell" not in names


@pytest.mark.parametrize("body,fragment", [
    ("- !include rules.yaml\n", "includes itself"),
    ("- !include /etc/passwd\n", "outside the directory"),
    ("- !include ../secret.yaml\n", "outside the directory"),
    (BOMB, "aliases are expanded"),
    ("rules: []\nrulez: []\n", "unknown key 'rulez'"),
])
def test_bad_rule_file_is_one_message(tmp_path, body, fragment):
    (tmp_path / "secret.yaml").write_text("SECRET_TOKEN_1234: leaked\n", encoding="utf-8")
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "rules.yaml").write_text(body, encoding="utf-8")
    result = _check(tmp_path, "--rules", folder / "rules.yaml", SEED_001)
    assert result.exit_code == 2 and "rules.yaml" in result.output and fragment in result.output
    assert "SECRET_TOKEN" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content,fragment", [
    ("[]", "not a disclosure-lint baseline"),
    ('{"version": 1, "entries": [1, 2]}', "entry #1 is not an object"),
    ('{"version": 1, "entries": [\n {"fingerprint": "x", "rule": "blank-cel", "path": "r.txt"}]}',
     "unknown rule 'blank-cel' (hint: did you mean 'blank-cell'?)"),
    ('{"version": 1, "entries": [', "not a baseline file"),
    ("[" * 100000 + "]" * 100000, "baseline"),
])
def test_bad_baseline_is_one_message(tmp_path, content, fragment):
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    result = _check(tmp_path, "--baseline", tmp_path / "b.json", SEED_001)
    assert result.exit_code == 2 and "b.json" in result.output and fragment in result.output
