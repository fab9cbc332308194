"""A report that stops early gets one incomplete-report, saying where the text ends and what is
absent after it; nothing that only the cut caused is reported separately.  Every real report of the
corpus is cut at ten points of its body."""

from __future__ import annotations

from functools import lru_cache

import pytest

from conftest import FIXTURES

from disclosure_lint.api import lint

REPORTS = [p for p in sorted((FIXTURES / "corpus" / "web").glob("*.txt")) if "TITLE_ONLY" not in p.name]
REPORTS += sorted((FIXTURES / "seeds").glob("*.txt"))
# Absences that a cut causes: said once by incomplete-report, never again on their own.
# (missing-row is left out: how a flattened table before the cut is read can depend on the text after
# it, e.g. where the next table's header begins; rows of the cut table itself are inside the cut.)
ABSENCES = {"missing-section", "missing-table", "missing-date", "declared-parts-mismatch", "period-missing",
            "missing-contact"}


def _key(diag) -> tuple[str, str]:
    return diag.name, diag.message.split("（")[0]  # without counts that depend on how much text there is


@lru_cache(maxsize=None)
def _full(name: str) -> set:
    path = next(p for p in REPORTS if p.name == name)
    return {_key(d) for d in lint(path.read_text(encoding="utf-8")).diagnostics}


@lru_cache(maxsize=None)
def _cuts(name: str) -> list[tuple[str, list]]:
    path = next(p for p in REPORTS if p.name == name)
    text = path.read_text(encoding="utf-8")
    body = text.find("正文 ====")  # crawled pages: cut in the report's body, not in the CMS header
    start = text.find("\n", body) + 1 if body >= 0 else 0
    points = [start + int((len(text) - start) * (0.05 + 0.9 * k / 11)) for k in range(1, 11)]
    return [(text[:p], list(lint(text[:p]).diagnostics)) for p in points]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_whole_report_is_not_incomplete(path):
    assert not [d for d in lint(path.read_text(encoding="utf-8")).diagnostics if d.name == "incomplete-report"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_cut_report_says_so_once_and_not_its_consequences(path):
    for text, diags in _cuts(path.name):
        cut = [d for d in diags if d.name == "incomplete-report"]
        assert len(cut) <= 1
        if cut:
            assert cut[0].span.line == len(text.rstrip().splitlines())  # where the text ends
            # An absence the whole report has too (a part missing before the cut) is not the cut's.
            caused = [d.message for d in diags if d.name in ABSENCES and _key(d) not in _full(path.name)]
            assert caused == [], text[-60:]


def test_nearly_every_cut_is_recognised():
    results = [any(d.name == "incomplete-report" for d in diags) for p in REPORTS for _, diags in _cuts(p.name)]
    # 283 of 290 at the time of writing: the others end on a date, a bare number or a table row
    # boundary, where a cut cannot be told from an end.
    assert sum(results) >= 0.95 * len(results), f"{sum(results)}/{len(results)}"


def test_findings_before_the_cut_stay():
    path = FIXTURES / "corpus" / "web" / "2021_fj_pingtan_gonganju.txt"
    text = path.read_text(encoding="utf-8")
    full = {(d.name, d.message) for d in lint(text).diagnostics if d.name in ("table-unbalanced", "typo")}
    cut_at = text.index("五、存在的主要问题") + 12  # after table 三 and 四, mid-way into part 五
    cut = lint(text[:cut_at])
    assert full and full <= {(d.name, d.message) for d in cut.diagnostics}
    message = next(d.message for d in cut.diagnostics if d.name == "incomplete-report")
    assert "六、其他需要报告的事项" in message and "中断" in message


def test_the_message_names_what_is_absent():
    text = (FIXTURES / "seeds").glob("003_*.txt").__next__().read_text(encoding="utf-8")
    cut = lint(text[: text.index("三、收到和处理") + 30]).diagnostics
    names = [d.name for d in cut]
    assert names.count("incomplete-report") == 1 and "missing-section" not in names and "missing-table" not in names
    message = next(d.message for d in cut if d.name == "incomplete-report")
    assert "四、政府信息公开行政复议、行政诉讼情况" in message and "表四" in message
