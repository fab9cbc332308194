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
