"""Chinese first: help, usage errors and messages in Chinese by default; English with --lang en or LANG."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from disclosure_lint.cli import main
from disclosure_lint.cli_help import untranslated

SEED = str(Path(__file__).parent / "fixtures" / "seeds" / "001_65a8da51980a352c.txt")


def _run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def test_every_command_and_option_has_chinese_help():
    assert untranslated(main) == [], "add the Chinese to disclosure_lint/cli_help.py (COMMANDS / OPTIONS)"


@pytest.mark.parametrize("command", ["", *sorted(main.commands)])
def test_help_is_chinese_by_default(command):
    result = _run(*([command] if command else []), "-h")
    assert result.exit_code == 0
    assert result.output.startswith("用法：") and "选项:" in result.output and "显示本帮助并退出" in result.output
    assert "Show this message" not in result.output and "[default:" not in result.output


def test_help_in_english_with_lang_en_or_the_environment():
    assert "What to print on standard output" in _run("check", "--lang", "en", "-h").output
    english = _run("check", "-h", env={"LANG": "en_US.UTF-8"}).output
    assert english.startswith("Usage:") and "What to print on standard output" in english
    assert _run("check", "-h", env={"LANG": "zh_CN.UTF-8"}).output.startswith("用法：")


def test_usage_errors_are_chinese():
    result = _run("check", "--frmat", "x", SEED)
    assert result.exit_code == 2 and "错误：没有选项 --frmat" in result.output and "是不是" in result.output
    assert "错误：缺少参数 PATH" in _run("annotate").output
    assert "错误：没有命令“chek”" in _run("chek").output
    assert "Error: No such option" in _run("check", "--lang", "en", "--frmat", SEED).output


def test_findings_follow_the_environment_when_no_option_or_configuration_says():
    zh = _run("check", "--no-config", SEED)
    en = _run("check", "--no-config", SEED, env={"LANG": "en_US.UTF-8"})
    assert "检查了 1 个文件" in zh.output and "1 file(s) checked" in en.output
    assert "检查了 1 个文件" in _run("check", "--no-config", "--lang", "zh", SEED, env={"LANG": "en_US.UTF-8"}).output


def test_input_and_configuration_errors_are_chinese(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    result = _run("check", "--no-config", str(binary), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert "不是文本文件（二进制数据）" in result.output and "文件不存在" in result.output
    assert "no such file" in _run("check", "--no-config", "--lang", "en", str(tmp_path / "missing.txt")).output
    report = tmp_path / "r.txt"
    report.write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".disclosure-lint.yaml").write_text("ignroe: [DL101]\n", encoding="utf-8")
    result = _run("check", str(report))
    assert result.exit_code == 2 and "yaml:1: 未知的设置项 'ignroe'（提示：是不是 'ignore'？）" in result.output
    english = _run("check", str(report), env={"LANG": "en_US.UTF-8"})
    assert "unknown setting 'ignroe' (hint: did you mean 'ignore'?)" in english.output


def test_every_input_error_message_has_its_chinese():
    """Each English InputError raised by the readers matches the catalogue (or is already bilingual)."""
    import ast
    import re

    from disclosure_lint import errors_zh

    root = Path(__file__).resolve().parent.parent / "disclosure_lint"
    missing = []
    for path in [*root.rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "InputError" and node.args:
                sample = _sample(node.args[0])
                if sample and not re.search(r"[\u4e00-\u9fff]", sample) and \
                        errors_zh.input_error_text(sample, "zh") == sample:
                    missing.append(f"{path.name}: {sample}")
    assert missing == []


def _sample(node) -> str | None:
    """A message as it could be raised: literal parts kept, each {value} replaced by a plausible one."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "7" for v in node.values)
    if isinstance(node, ast.BinOp):
        left, right = _sample(node.left), _sample(node.right)
        return None if left is None or right is None else left + right
    return None


def test_every_rule_has_chinese_documentation_and_rule_shows_it_by_default():
    from disclosure_lint.checks.rules import builtin_rules
    from disclosure_lint.output.rule_docs import _chinese_docs

    docs = _chinese_docs()
    # A rule added without its Chinese yet shows its English doc; a few may wait for their translation.
    missing = [r.name for r in builtin_rules() if not docs.get(r.name, "").strip()]
    assert len(missing) <= 2, f"add the Chinese documentation of {missing} to rules/docs/zh.yaml"
    assert set(docs) <= {r.name for r in builtin_rules()}
    shown = _run("rule", "blank-cell").output
    assert "空白不等于 0" in shown and "依据：" in shown and "不合格示例：" in shown and "Basis" not in shown
    english = _run("rule", "blank-cell", "--lang", "en").output
    assert "An\nempty cell is not a zero" in english and "Basis:" in english
    assert "是不是 'blank-cell'" in _run("rule", "blnk-cell").output
