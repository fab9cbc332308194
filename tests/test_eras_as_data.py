"""Formats are data: a new one is a YAML file in rules/templates (and its fixtures), no code.  A toy
2027 format, added from a temporary directory, is discovered, chosen for its years and its markers,
carries its regime's deadlines, and the template rules check against it."""

from __future__ import annotations

import shutil

from conftest import FIXTURES

from disclosure_lint.checks.run_config import Config
from disclosure_lint.checks.runner import lint_report
from disclosure_lint.read.grammar import parse_source
from disclosure_lint.read.source import Source
from disclosure_lint.report.build import build_report
from disclosure_lint.report.templates import load_eras
from disclosure_lint.resources import data_dir


def _toy_templates(tmp_path):
    for path in (data_dir("rules") / "templates").glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "2021.yaml").read_text(encoding="utf-8")
    (tmp_path / "2021.yaml").write_text(text.replace("years: [2021, null]", "years: [2021, 2026]"), encoding="utf-8")
    toy = (text.replace('era: "2021"', 'era: "2027"').replace("years: [2021, null]", "years: [2027, null]")
           .replace("name: {zh: 2021年格式", "name: {zh: 2027年格式").replace("六、其他需要报告的事项", "六、其他需要报告的事项及展望"))
    (tmp_path / "2027.yaml").write_text(toy, encoding="utf-8")
    return load_eras(str(tmp_path))


def test_a_new_format_is_one_yaml_file(tmp_path):
    eras = _toy_templates(tmp_path)
    assert list(eras) == ["2008", "2019", "2021", "2027"]  # discovered, in the order of their years
    assert eras["2027"].regime.id == "2019"  # the 条例 in force: its deadlines apply unchanged
    report_2027 = (FIXTURES / "rules" / "missing-date" / "pass_2021_format_no_signature_block.txt").read_text(
        encoding="utf-8").replace("2023", "2027").replace("2024", "2028")
    report = build_report(parse_source(Source.from_text(report_2027, "r.txt")), eras)
    assert report.year == 2027 and report.expected_era.id == "2027"
    assert report.era.id in ("2021", "2027")  # the toy shares the 2021 format's table markers
    diagnostics = lint_report(build_report(parse_source(Source.from_text(report_2027, "r.txt")), eras, "2027"),
                              Config())
    missing = [d.message for d in diagnostics if d.name == "missing-section"]
    assert missing == [] or all("2027年格式" in m for m in missing)


def test_deadlines_and_configuration_name_regimes():
    eras = load_eras()
    assert {e.id: e.regime.id for e in eras.values()} == {"2008": "2008", "2019": "2019", "2021": "2019"}
    assert [e.signature_block for e in eras.values()] == [True, False, False]
