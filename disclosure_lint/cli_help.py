"""Chinese first: the command line's help and usage errors in Chinese, English on request.

The commands in ``cli.py`` carry their English help; this module holds the Chinese of every command
and option (a test checks that none is missing) and puts one or the other in place before click
parses the command line.  The language is ``--lang`` when given on the command line, else the
environment's (:func:`disclosure_lint.checks.run_config.env_lang`: ``LC_ALL``/``LC_MESSAGES``/``LANG``
starting with ``en`` mean English), else Chinese.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Sequence

import click

from disclosure_lint.checks.run_config import env_lang

COMMANDS = {
    "": "检查政府信息公开工作年度报告是否符合《条例》和国务院办公厅统一格式的要求。\n\n"
        "常用：disclosure-lint check 报告.docx；disclosure-lint annotate 报告.docx（带批注的 Word 副本）；"
        "disclosure-lint serve（本机网页）。",
    "check": "检查报告文件、文件夹（递归查找）或 -（标准输入；默认：当前文件夹）。",
    "annotate": "写出一份带批注的 Word 报告副本，每个问题一条批注（其他格式写出 HTML 检查报告）。\n\n原报告文件不会被改动。",
    "serve": "启动本机网页：拖入报告文件（或粘贴全文），查看检查结果，下载带批注的 Word 文件。",
    "parse": "输出解析器读到的报告结构（用于排查误读）。",
    "extract": "把多份报告的表格汇总为一个数据集：机关、年度、表、行、列、数值。\n\n供汇总下级机关报告的上级使用。"
               "空白单元格的值为空、状态为 blank；无法识别的单元格在 text 中保留原文、状态为 unreadable。",
    "rules": "列出全部规则：编号、名称、严重程度、适用格式版本。",
    "rule": "显示一条规则的说明：检查什么、为什么、依据和示例。",
}

OPTIONS = {  # "--option" for every command, "command --option" where a command means something else
    "--help": "显示本帮助并退出。",
    "--version": "显示版本号并退出。",
    "--format": "标准输出的格式。",
    "parse --format": "输出格式。",
    "extract --format": "数据集的格式。",
    "rules --format": "markdown：全部规则的完整说明（docs/rules.md 由此生成）。",
    "--output": "同时把某种格式写入文件（可重复），例如 sarif:results.sarif。",
    "annotate --output": "副本写到哪里（默认：报告旁的 名称.checked.docx 或 名称.checked.html）。",
    "--lang": "提示语言：zh 中文（默认，或配置文件所设）、en 英文。",
    "--era": "指定报告使用的格式版本（如 2021），不自动识别。",
    "--fail-level": "有此严重程度及以上的问题时退出码为 1（默认：error 错误）。",
    "--select": "只检查这些规则（编号、名称或编号前缀，逗号分隔）。",
    "--extend-select": "在所选规则之外再加上这些规则。",
    "--ignore": "跳过这些规则（编号、名称或编号前缀，逗号分隔）。",
    "--issuer-kind": "发布机关的类型（名称看不出时指定；决定公布时限）。",
    "--rules": "额外的规则文件（YAML），添加现有类型的规则。",
    "--config": "使用这个配置文件，不从报告所在文件夹向上查找。",
    "serve --config": "所有上传报告使用的配置文件（默认：从当前文件夹向上查找）。",
    "--no-config": "不使用任何配置文件。",
    "--previous": "上一年度的报告（不在本次检查的文件中时），用于跨年度检查。",
    "--baseline": "只报告基线文件中没有记录的问题。",
    "--write-baseline": "把当前全部问题记入这个基线文件，退出码为 0。",
    "--quiet": "只显示错误（汇总仍计入全部问题）。",
    "--statistics": "按规则统计问题数量。",
    "--no-color": "不使用颜色（只在终端上才使用颜色；也可设置环境变量 NO_COLOR）。",
    "--manifest": "CSV 或 YAML 清单：每个报告文件的发布机关、机关类型、发布日期、网址（以清单为准）。",
    "--published": "报告的发布日期（如 2024-04-30），用于公布时限检查。",
    "--jobs": "用这么多个进程检查文件（0：每个 CPU 一个；默认：文件多到值得时每个 CPU 一个）；输出不变。",
    "--timeout": "每个文件的时间限制（秒）：超时的文件给出输入错误，其余文件照常检查（0：不限）。",
    "--cache-dir": "结果缓存的位置（默认：仓库根目录下的 .disclosure-lint-cache）。",
    "--no-cache": "不读也不写结果缓存。",
    "--reports-only": "跳过指定文件中不是年度报告的文件，与扫描目录时相同（用于 pre-commit 钩子）。",
    "--sarif-root": "SARIF 中的文件位置相对于这个目录（默认：当前工作目录）。",
    "--exit-zero": "有问题时也以 0 退出（输入错误仍为 2）。",
    "--show-files": "列出将要检查的文件后退出。",
    "--show-settings": "显示每个文件将使用的设置后退出。",
    "--rubric": "评分细则（YAML），用于 json/html/xlsx/csv 中的分数（默认：随附的细则）。",
    "--roster": "应当报送报告的单位名单（CSV 或 YAML）：列出没有报告的单位和不在名单上的报告。",
    "--split-output": "另为每份报告在这个文件夹中写一个小的 HTML 页面，以单位命名。",
    "--excel": "CSV 带字节顺序标记（BOM），Excel 能正确识别 UTF-8。",
    "--kinds": "说明各种规则类型及其参数（docs/kinds.md）。",
    "--host": "监听的地址（0.0.0.0：办公网络中的所有单位都可访问）。",
    "--port": "监听的端口。",
    "--max-size": "允许上传的最大文件，单位 MB。",
    "--timeout": "检查一份报告最多用多少秒，超时即停止。",
}

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

# click's own usage errors, in Chinese (its English is kept after the translation when no pattern fits)
USAGE_ERRORS = (
    (r"No such option:? '?([^'\s]+?)'?\.?(?:\s*\(?Did you mean(?: one of:)? (.+?)\??\)?)?$",
     lambda m: f"没有选项 {m[1]}" + (f"（是不是 {m[2]}？）" if m[2] else "。")),
    (r"No such command '(.+)'\.", lambda m: f"没有命令“{m[1]}”。"),
    (r"Missing argument '(.+)'\.", lambda m: f"缺少参数 {m[1]}。"),
    (r"Missing option '(.+)'\.", lambda m: f"缺少选项 {m[1]}。"),
    (r"Option '(.+)' requires an argument\.", lambda m: f"选项 {m[1]} 需要一个值。"),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"多余的参数：{m[1]}"),
    (r"Invalid value for '?(.+?)'?: '(.*)' is not one of (.+)\.", lambda m: f"选项 {m[1]} 的值“{m[2]}”无效：可选 {m[3]}。"),
    (r"Invalid value for '?(.+?)'?: (.+)", lambda m: f"选项 {m[1]} 的值无效：{m[2]}"),
)


def pick_lang(args: Sequence[str]) -> str:
    """``--lang`` from the command line if there, else the environment's language."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.endswith("=en") else "zh"
    return env_lang()


def untranslated(group: click.Group) -> list[str]:
    """Commands and options with no Chinese help (a test keeps this empty)."""
    missing = [name for name in ["", *group.commands] if name not in COMMANDS]
    for name, command in [("", group), *group.commands.items()]:
        for param in command.params:
            if isinstance(param, click.Option) and _zh_option(name, param) is None:
                missing.append(f"{name} {_long(param)}".strip())
    return missing


def _long(param: click.Option) -> str:
    return max(param.opts, key=len)


def _zh_option(command: str, param: click.Option) -> str | None:
    return OPTIONS.get(f"{command} {_long(param)}") or OPTIONS.get(_long(param))


def localise(group: click.Group, lang: str) -> None:
    """Put the help of ``group``, its commands and their options in ``lang`` (the English is kept
    aside, so that the next call may switch back)."""
    for name, command in [("", group), *group.commands.items()]:
        _set(command, COMMANDS.get(name), lang)
        command.context_class = ChineseContext if lang != "en" else click.Context
        for param in command.params:
            if isinstance(param, click.Option):
                _set(param, _zh_option(name, param), lang)


def _set(thing, zh: str | None, lang: str) -> None:
    english = thing.__dict__.setdefault("_help_en", thing.help)
    thing.help = zh if lang != "en" and zh else english


class ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows, *args, **kwargs) -> None:
        """click's own words in option rows: the help option's text, "[default: …]", "[required]"."""
        rows = [(term, re.sub(r"\[default: (.*?)\]", r"[默认：\1]", text.replace("Show this message and exit.",
                OPTIONS["--help"])).replace("[required]", "[必填]")) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class ChineseUsageError(click.UsageError):
    """click's usage error, shown in Chinese."""

    def show(self, file=None) -> None:
        hint = ""
        if self.ctx is not None:
            hint = f"运行“{self.ctx.command_path} -h”查看帮助。\n"
            click.echo(self.ctx.get_usage() + "\n" + hint, file=file, err=True)
        click.echo(f"错误：{self.format_message()}", file=file, err=True)


def chinese_usage_error(error: click.UsageError) -> ChineseUsageError:
    message = error.format_message()
    for pattern, say in USAGE_ERRORS:
        found = re.match(pattern, message, re.S)
        if found:
            message = say(found)
            break
    return ChineseUsageError(message, error.ctx)


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class LocalisedGroup(click.Group):
    """The command group: help and usage errors in the language of the command line or environment."""

    def main(self, args=None, *rest, **kwargs):
        import sys

        self.lang = pick_lang(list(sys.argv[1:] if args is None else args))
        localise(self, self.lang)
        return super().main(args, *rest, **kwargs)

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            raise self._localised(error) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise self._localised(error) from None

    def _localised(self, error: click.UsageError) -> click.UsageError:
        if getattr(self, "lang", "zh") == "en" or isinstance(error, ChineseUsageError):
            return error
        return chinese_usage_error(error)
