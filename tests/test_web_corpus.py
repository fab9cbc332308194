"""Every real web-page report of the corpus (tests/fixtures/corpus/web, copied from ../shared/corpus/web)
is read right: year, issuer and publication date, and exactly the structural defects its README lists
(a missing 复议诉讼 part, a missing 六, an intro that declares parts the body lacks, the wrong template)
and no other missing-section, missing-table, declared-parts-mismatch, missing-title or missing-date."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_lint.api import document_of, lint_document
from disclosure_lint.read.load import load_data

WEB = Path(__file__).parent / "fixtures" / "corpus" / "web"
STRUCTURAL = {"missing-section", "missing-table", "declared-parts-mismatch", "missing-date", "missing-title",
              "wrong-template", "section-order"}
REVIEW_2008 = "missing-section:因政府信息公开申请行政复议、提起行政诉讼的情况"
SIX = "missing-section:六、其他需要报告的事项"
# file: (year, issuer, publication date from the page's metadata, the structural defects it really has)
EXPECTED = {
    "2009_fj_pingtan_zhijianju.txt": (2009, "平潭县质量技术监督局", "2010-05-12", [REVIEW_2008]),
    "2010_fj_pingtan_jiaotongju.txt": (2010, "平潭县交通局", "2011-01-20", [REVIEW_2008]),
    "2011_fj_pingtan_xinfangju.txt": (2011, "平潭县信访局", "2012-05-15", []),
    "2012_fj_pingtan_gongshangju.txt": (2012, "平潭县工商局", "2013-01-04", ["section-order"]),
    "2013_fj_pingtan_minzhengju.txt": (2013, "平潭县民政局", "2014-03-12", ["declared-parts-mismatch", REVIEW_2008]),
    "2014_fj_pingtan_gonganju.txt": (2014, "平潭综合实验区公安局", "2014-12-25", []),
    "2015_fj_pingtan_jingjifazhanju.txt": (2015, "平潭综合实验区经济发展局", "2016-01-11", [REVIEW_2008]),
    "2016_fj_pingtan_jiaotongyujianshiju.txt": (2016, "平潭综合实验区交通与建设局", "2017-01-12", ["declared-parts-mismatch"]),
    "2017_fj_pingtan_guanweihuibangongshi.txt": (2017, "平潭综合实验区管委会办公室", "2018-01-30", []),
    # The corpus README's defect "intro declares 收费及减免 part, body has none" (an optional 2008 part,
    # so not missing-section: the intro's list disagrees with the body).
    "2018_fj_pingtan_gonganju.txt": (2018, "平潭综合实验区公安局", "2019-01-16", ["declared-parts-mismatch"]),
    "2019_fj_pingtan_caizhengjinrongju.txt": (2019, "平潭综合实验区财政金融局", "2020-01-06", []),
    "2019_fj_pingtan_haitanpianqu.txt": (2019, "平潭综合实验区海坛片区管理局", "2020-01-03", []),
    "2020_fj_pingtan_shehuishiyeju.txt": (2020, "平潭综合实验区社会事业局", "2021-01-27", []),
    "2020_fj_pingtan_supingpianqu_han.txt": (2020, "平潭综合实验区苏平片区管理局", "2021-01-27", []),
    # One absence, one finding (issue 11): the missing 六 is missing-section, not also the intro's list.
    "2021_fj_pingtan_caizhengjinrongju.txt": (2021, "平潭综合实验区财政金融局", "2022-01-13", [SIX]),
    "2021_fj_pingtan_gonganju.txt": (2021, "平潭综合实验区公安局", "2022-01-14", []),
    "2021_fj_pingtan_haitanpianqu_han.txt": (2021, "平潭综合实验区海坛片区管理局", "2022-01-12", ["wrong-template"]),
    "2022_fj_pingtan_gonganju.txt": (2022, "平潭综合实验区公安局", "2023-01-09", []),
    "2022_fj_pingtan_jingjifazhanju.txt": (2022, "平潭综合实验区经济发展局", "2023-01-05", []),
    "2023_fj_pingtan_shichangjianguanju.txt": (2023, "平潭综合实验区市场监督管理局", "2024-01-31", []),
    "2023_fj_pingtan_supingpianqu.txt": (2023, "平潭综合实验区苏平片区管理局", "2024-01-26", [SIX]),
    "2023_js_suqian_shuyangxian_fazhangaigeju.html": (2023, "沭阳县发展和改革局", None, []),
    "2024_fj_pingtan_jiaotongyujianshiju.txt": (2024, "平潭综合实验区交通与建设局", "2025-01-22", []),
    "2024_fj_pingtan_shehuishiyeju.txt": (2024, "平潭综合实验区社会事业局", "2025-01-20", []),
    "2025_fj_pingtan_haitanpianqu.txt": (2025, "平潭综合实验区海坛片区管理局", "2026-01-27", []),
}


def _structural(diagnostics) -> list[str]:
    out = []
    for d in diagnostics:
        if d.name not in STRUCTURAL:
            continue
        quoted = d.message.split("“")[1].split("”")[0] if d.name == "missing-section" else ""
        out.append(f"{d.name}:{quoted}" if quoted else d.name)
    return sorted(out)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_web_report_is_read_right(name):
    year, issuer, published, defects = EXPECTED[name]
    path = WEB / name
    result = lint_document(document_of(load_data(path.read_bytes(), name)))
    report = result.report
    assert (report.year, report.issuer) == (year, issuer)
    assert (str(report.publication_date.date) if report.publication_date else None) == published
    assert report.title is not None and "栏目" not in report.title.text
    assert _structural(result.diagnostics) == sorted(defects)


def test_every_corpus_report_has_an_expectation():
    assert sorted(p.name for p in WEB.iterdir() if p.suffix in (".txt", ".html") and "TITLE_ONLY" not in p.name) \
        == sorted(EXPECTED)
