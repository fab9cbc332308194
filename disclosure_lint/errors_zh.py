"""Input and configuration errors in the user's language.

The readers raise :class:`~disclosure_lint.read.base.InputError` with an English message (some with a
Chinese one first: "中文 / English"), and the configuration's loaders a
:class:`~disclosure_lint.yamlio.ConfigError` with file, line, message and hint.  These catalogues hold
the Chinese of the English messages, as gettext would: the English is the key (a pattern where the
message carries values).  The CLI, the terminal output and the web page show them in the run's
language; machine output (JSON, SARIF) keeps the message as raised.  A message a catalogue lacks is
shown as raised.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from functools import lru_cache

from disclosure_lint.yamlio import ConfigError

_NOT_TEXT = "请提供 Word（.docx）、PDF、网页（.html）或文本（.txt）格式的年度报告"

CATALOGUE: tuple[tuple[str, str], ...] = (
    (r"empty file: there is no report text to lint", "文件是空的：没有可检查的报告文字"),
    (r"no such file", "文件不存在"),
    (r"is a directory", "这是文件夹，不是文件"),
    (r"permission denied", "没有读取这个文件的权限"),
    (r"cannot read: (.+)", "无法读取：{0}"),
    (r"file too large \((\d+) bytes; the limit is (\d+)\)", "文件太大（{0} 字节；上限为 {1} 字节）"),
    (r"text too long \((\d+) characters; the limit is (\d+)\)", "文字太长（{0} 个字符；上限为 {1} 个字符），不像一份年度报告"),
    (r"text too long \((\d+) bytes, more than (\d+) characters; the limit is (\d+)\)",
     "文字太长（{0} 字节，超过 {1} 个字符；上限为 {2} 个字符），不像一份年度报告"),
    (r"text too long \((\d+) lines; the limit is (\d+)\)", "文字太长（{0} 行；上限为 {1} 行），不像一份年度报告"),
    (r"not a text file \(binary data\)", "不是文本文件（二进制数据）：" + _NOT_TEXT),
    (r"not a text file \(too many control characters\)", "不是文本文件（控制字符过多）：" + _NOT_TEXT),
    (r"this is a (.+) file, not text", "这是 {0} 文件，不是报告文字：" + _NOT_TEXT),
    (r"cannot decode the file: (\d+) of (\d+) bytes are not (.+) text",
     "无法识别文件的文字编码：{1} 个字节中有 {0} 个不是 {2} 文字"),
    (r"cannot read the Word \(\.docx\) file: a damaged part \((.+)\)", "无法读取这个 Word（.docx）文件：有部分已损坏（{0}）"),
    (r"cannot read the Word \(\.docx\) file: (.+)", "无法读取这个 Word（.docx）文件：{0}"),
    (r"the Word file's tables have more than (\d+) cells: too large to be a report",
     "Word 文件的表格超过 {0} 个单元格：太大，不像一份年度报告"),
    (r"the page has (\d+) elements, more than the limit of (\d+): too large to be a report",
     "网页有 {0} 个元素，超过上限 {1}：太大，不像一份年度报告"),
    (r"the page has (\d+) end tags, more than the limit of (\d+): too large to be a report",
     "网页有 {0} 个结束标记，超过上限 {1}：太大，不像一份年度报告"),
    (r"the page nests elements more than (\d+) deep: too deep to be a report",
     "网页的元素嵌套超过 {0} 层：太深，不像一份年度报告"),
    (r"a damaged ZIP/\.docx file: (.+)", "ZIP/.docx 文件已损坏：{0}"),
    (r"the \.docx file's XML parts unpack to (\d+) bytes, more than the limit of (\d+) \(a damaged file or a zip bomb\)",
     ".docx 文件的 XML 部分解压后有 {0} 字节，超过上限 {1}（文件损坏或是“压缩炸弹”）"),
    (r"the ZIP/\.docx file unpacks to (\d+) bytes in (\d+) parts: more than the limit of (\d+) bytes / (\d+) parts "
     r"\(a damaged file or a zip bomb\)", "ZIP/.docx 文件解压后有 {0} 字节、{1} 个部分，超过上限 {2} 字节 / {3} 个部分（文件损坏或是“压缩炸弹”）"),
    (r"a ZIP archive, not a report: unpack it and lint the files inside", "这是 ZIP 压缩包，不是报告：请解压后检查其中的文件"),
    (r"cannot read the PDF file: (.+)", "无法读取这个 PDF 文件：{0}"),
    (r"reading (.+) needs (\S+) \(pip install (\S+)\)", "读取 {0} 需要安装 {1}（pip install {2}）"),
    (r"the annotated copy would overwrite the report itself: choose another -o", "带批注的副本会覆盖报告本身：请用 -o 另选位置"),
    (r"file too large \(more than (\d+) bytes, the limit\)", "文件太大（超过上限 {0} 字节）"),
    (r"not a regular file \((.+)\): not read", "不是普通文件（{0}），没有读取"),
    (r"the page's tables have more than (\d+) cells: too large to be a report",
     "网页的表格超过 {0} 个单元格：太大，不像一份年度报告"),
    (r"the PDF has (\d+) pages, more than the limit of (\d+): too long to be an annual report",
     "PDF 有 {0} 页，超过上限 {1} 页：太长，不像一份年度报告"),
)
_BILINGUAL = re.compile(r"(?P<zh>.*[\u4e00-\u9fff].*?) / (?P<en>[^\u4e00-\u9fff]+)", re.S)


def input_error_text(message: str, lang: str) -> str:
    """``message`` (an InputError's) in ``lang``: the Chinese of the catalogue, or the matching half
    of a "中文 / English" message; a message the catalogue lacks is shown as it is."""
    both = _BILINGUAL.fullmatch(message)
    if both:
        return both["en"] if lang == "en" else both["zh"]
    return message if lang == "en" else _translate(message, CATALOGUE)


CONFIG_CATALOGUE: tuple[tuple[str, str], ...] = (
    (r"no such configuration file", "配置文件不存在"),
    (r"no such file", "文件不存在"),
    (r"not a regular file", "不是普通文件"),
    (r"not UTF-8 text", "不是 UTF-8 文本"),
    (r"cannot read: (.+)", "无法读取：{0}"),
    (r"larger than (\d+) MB: not a rule or configuration file", "超过 {0} MB：不是规则或配置文件"),
    (r"YAML error: (.+)", "YAML 格式错误：{0}"),
    (r"TOML error: (.+)", "TOML 格式错误：{0}"),
    (r"unknown setting (.+)", "未知的设置项 {0}"),
    (r"the configuration must be a mapping of settings", "配置文件应为“设置项: 值”的映射"),
    (r"'extends' names one configuration file", "“extends”应写一个配置文件"),
    (r"circular 'extends': (.+)", "“extends”循环引用：{0}"),
    (r"(.+?): bad value (.+)", "{0} 的值 {1} 无效"),
    (r"(.+?): unknown rule (.+)", "{0} 中有未知的规则 {1}"),
    (r"(.+?) must be a list of rule codes, names or code prefixes", "{0} 应为规则编号、名称或编号前缀的列表"),
    (r"(.+?): no such file (.+)", "{0}：文件 {1} 不存在"),
    (r"(.+?): (.+) is outside this configuration's directory tree", "{0}：{1} 不在本配置文件所在的文件夹内"),
    (r"'severity' maps rule codes or names to error\|warning\|info", "“severity”应把规则编号或名称映射到 error|warning|info"),
    (r"'severity': (.+): bad level (.+)", "“severity”：{0} 的级别 {1} 无效"),
    (r"'per-file-ignores' maps glob patterns to rule lists", "“per-file-ignores”应把文件通配符映射到规则列表"),
    (r"'rule-params': (.+) has no parameter (.+)", "“rule-params”：{0} 没有参数 {1}"),
    (r"'rule-params': (.+) must be a number, not (.+)", "“rule-params”：{0} 应为数字，而不是 {1}"),
    (r"deadline: unknown issuer kind (.+)", "公布时限：未知的机关类型 {0}"),
    (r"deadline: bad month/day \((.+)\)", "公布时限：月/日无效（{0}）"),
    (r"baseline file not found", "基线文件不存在"),
    (r"not a baseline file: (.+)", "不是基线文件：{0}"),
    (r"not a disclosure-lint baseline \(version 1\)", "不是 disclosure-lint 的基线文件（第 1 版）"),
)
_HINT = ((r"did you mean (.+)\?", "是不是 {0}？"), (r"create it with (.+)", "可用 {0} 生成"),
         (r"expected one of: (.+)", "可选：{0}"))


def config_error_text(error: ConfigError, lang: str) -> str:
    """``error`` as the user reads it: "file:line: message (hint: …)", in ``lang``."""
    if lang == "en":
        return str(error)
    where = f"{error.path}:{error.line}" if error.line else error.path
    hint = f"（提示：{_translate(error.hint, _HINT)}）" if error.hint else ""
    return f"{where}: {_translate(error.message, CONFIG_CATALOGUE)}{hint}"  # "file:line: " as compilers say it


@lru_cache(maxsize=None)
def _compiled(catalogue: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    # Compiled when a message is first translated: a run without errors never needs them.
    return tuple((re.compile(pattern, re.S), zh) for pattern, zh in catalogue)


def _translate(message: str, catalogue: tuple[tuple[str, str], ...]) -> str:
    for pattern, zh in _compiled(catalogue):
        found = pattern.fullmatch(message)
        if found:
            return zh.format(*found.groups())
    return message
