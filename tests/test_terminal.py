"""Terminal output that fits: windowed quotes with the marker under its text, NO_COLOR, row labels."""

from __future__ import annotations

import io
import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, strategies as st
from rich.cells import cell_len
from rich.console import Console

from disclosure_lint import api
from disclosure_lint.cli import main
from disclosure_lint.output import FileResult, human

FIXTURES = Path(__file__).parent / "fixtures"
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25])[;m]")


def _human(path: Path, width: int, **kw) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False, soft_wrap=True)
    result = api.lint_document(api.document_of(api.read_input(str(path), path)))
    human.render([FileResult(str(path), result)], console, "zh", **kw)
    return out.getvalue()


def _quotes(text: str) -> list[tuple[str, str]]:
    lines = text.splitlines()
    return [(lines[i][6:], lines[i + 1][6:]) for i in range(len(lines) - 1)
            if lines[i].startswith("    │ ") and lines[i + 1].startswith("    │ ") and "^" in lines[i + 1]
            and not lines[i + 1][6:].replace("^", "").strip()]


def test_long_lines_are_windowed_to_80_columns_with_the_marker_under_the_finding(tmp_path):
    report = tmp_path / "long.txt"
    source = (FIXTURES / "seeds" / "001_65a8da51980a352c.txt").read_text(encoding="utf-8")
    report.write_text(source, encoding="utf-8")
    result = api.lint_document(api.document_of(api.read_input(str(report), report)))
    long = [d for d in result.diagnostics if len(result.report.document.source.raw_lines[d.span.line - 1]) > 40]
    assert long, "the seed has findings on long lines"
    text = _human(report, 80)
    quotes = _quotes(text)
    assert len(quotes) >= len(long)
    for shown, marks in quotes:
        assert cell_len(shown) <= 80 - 6
        start = len(marks) - len(marks.lstrip())
        # the carets start at a character boundary, never inside a wide character
        prefix = next(i for i in range(len(shown) + 1) if cell_len(shown[:i]) >= start)
        assert cell_len(shown[:prefix]) == start  # (a blank cell may be marked just past the text)
    pct = next(d for d in result.diagnostics if d.name == "percentage-mismatch")
    quoted = next(s for s, m in quotes if "…" in s and "8.1%" in s)
    marks = next(m for s, m in quotes if s == quoted)
    start = len(marks) - len(marks.lstrip())
    assert pct and quoted[[cell_len(quoted[:i]) for i in range(len(quoted))].index(start):].startswith("8.1%")


def test_one_cell_per_line_tables_quote_the_row_label():
    text = _human(FIXTURES / "rules" / "blank-cell" / "fail_futable_cells.txt", 80)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "DL204" in line)
    assert lines[at + 1].strip("│ ").startswith("2. 政府公报公开数")
    assert "^" in lines[at + 3]


def test_no_color_is_honoured_on_a_terminal():
    report = str(FIXTURES / "seeds" / "001_65a8da51980a352c.txt")
    coloured = CliRunner().invoke(main, ["check", "--no-config", report], env={"FORCE_COLOR": "1", "NO_COLOR": None})
    assert COLOUR.search(coloured.output), "FORCE_COLOR makes a terminal: colour expected"
    plain = CliRunner().invoke(main, ["check", "--no-config", report], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not COLOUR.search(plain.output) and "DL502" in plain.output


def test_the_file_header_says_format_version_not_era():
    text = _human(FIXTURES / "seeds" / "001_65a8da51980a352c.txt", 80)
    assert "（2017年度，格式版本 2008）" in text and "era" not in text


def test_plain_output_is_what_rich_writes_off_a_terminal(tmp_path):
    """Off a terminal the human output is written without rich: the same characters, at every width,
    tabs expanded at the same stops, a trailing backslash kept as it is."""
    report = tmp_path / "tab\tname\\.txt"
    report.write_text((FIXTURES / "seeds" / "001_65a8da51980a352c.txt").read_text(encoding="utf-8")
                      + "\n联系人：张三\t电话：12345\\\n", encoding="utf-8")
    paths = [FIXTURES / "reports" / "2021_county_gov_tabrows.txt", FIXTURES / "rules" / "blank-cell" / "fail_futable_cells.txt",
             report]
    items = [FileResult(str(p), api.lint_document(api.document_of(api.read_input(str(p), p)))) for p in paths]
    items.append(FileResult("缺失\t.txt", error="no such file"))
    for width in (40, 80, 133):
        rich_out, plain_out = io.StringIO(), io.StringIO()
        console = Console(file=rich_out, width=width, no_color=True, highlight=False, soft_wrap=True, emoji=False)
        human.render(items, console, "zh", statistics=True, skipped=[("a\tb.doc", "旧版\tWord")])
        human.render(items, human.PlainConsole(plain_out, width), "zh", statistics=True,
                     skipped=[("a\tb.doc", "旧版\tWord")])
        assert plain_out.getvalue() == rich_out.getvalue()
    assert "\t" not in plain_out.getvalue() and "12345\\\n" in plain_out.getvalue()


def test_the_console_is_plain_off_a_terminal_and_rich_on_one(monkeypatch):
    for name in ("TTY_COMPATIBLE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    assert isinstance(human.console_for(io.StringIO()), human.PlainConsole)
    assert isinstance(human.console_for(io.StringIO(), color=True), Console)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert isinstance(human.console_for(io.StringIO()), Console)
    assert isinstance(human.console_for(io.StringIO(), color=False), human.PlainConsole)


@given(st.text(alphabet="ab 1中文，。\u0301😀\u3000ｘ\u200d\ufe0f", max_size=80), st.data())
def test_windowing_walks_out_from_the_finding_as_slicing_would(text, data):
    """The window is found one character at a time (linear in the window, not the line): the same
    range as measuring every slice, joiners and emoji selectors included."""
    start = data.draw(st.integers(0, len(text)))
    budget = data.draw(st.integers(18, 60))
    assert human._window(text, start, budget) == human._window_by_slices(text, start, budget)
    assert human._wider(text, budget) == (cell_len(text) > budget)
