"""What is read from a report's text as real reports word it: the statistics period, the publication
date in its common forms, contact details only where they are contact details, the title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from disclosure_lint.api import lint
from disclosure_lint.read.source import Seg
from disclosure_lint.report.contacts import find_contacts

BASE = (Path(__file__).parent / "fixtures" / "reports" / "2021_county_gov_tabrows.txt").read_text(encoding="utf-8")
PERIOD = "本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
YEAR = (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


@pytest.mark.parametrize("wording", [
    "本报告中所列数据的统计期限为\n2021年1月1日至2021年12月31日。",  # wrapped over two lines
    "统计数据从2021年1月1日至2021年12月31日。",
    "本报告统计时限为2021年1月1日至12月31日。",
    "数据统计期限为2021年度。",
    "报告内容涵盖2021年1月1日至2021年12月31日期间政府信息公开情况。",
])
def test_statistics_period_wordings(wording):
    result = lint(BASE.replace(PERIOD, wording))
    period = result.report.period
    assert period is not None and period.readable and (period.start, period.end) == YEAR
    assert not [d for d in result.diagnostics if d.name.startswith("period")]


def test_an_empty_period_is_unreadable_not_missing():
    names = [d.name for d in lint(BASE.replace(PERIOD, "本报告统计期限自至。")).diagnostics]
    assert "period-unreadable" in names and "period-missing" not in names


@pytest.mark.parametrize("meta", [
    "发布时间: 2022-03-18 15:07", "• 公文生成日期: 2022-03-18", "来源：县政府办 | 发布日期：2022-03-18 | 浏览次数：12",
    "公开日期：2022年03月18日", "发布时间：2022年3月18日 来源：云岭县人民政府",
])
def test_publication_date_forms(meta):
    report = lint(meta + "\n" + BASE).report
    assert report.publication_date is not None and report.publication_date.date == dt.date(2022, 3, 18)


def test_title_from_metadata_never_from_the_column():
    body = BASE.split("\n", 1)[1]
    report = lint("栏目: 政府信息公开年报\n标题: 云岭县人民政府2021年政府信息公开工作年度报告\n" + body).report
    assert report.title.text == "云岭县人民政府2021年政府信息公开工作年度报告"
    assert report.issuer == "云岭县人民政府"


@pytest.mark.parametrize("text,found", [
    ("开通热线电话11通，接听咨询电话500余次，收到电子邮件7件。", []),
    ("（地址：平潭综合实验区6层；邮 编：350400；电 话：0591-23163547）", [("postcode", "350400"), ("phone", "0591-23163547")]),
    ("联系电话：0591-24315110，电子邮箱：ptgaj@163.com", [("phone", "0591-24315110"), ("email", "ptgaj@163.com")]),
])
def test_contact_details_only_where_they_are(text, found):
    got = [(c.kind, c.value) for c in find_contacts(Seg(text, 1, 1)) if c.kind != "address"]
    assert got == found


def test_markdown_headings_are_headings():
    md = BASE.replace("一、总体情况", "## 一、总体情况").replace(BASE.split("\n")[0], "# " + BASE.split("\n")[0])
    report = lint(md, path="r.md").report
    assert report.title.text.startswith("云岭县") and report.sections[0].spec.id == "overview"
