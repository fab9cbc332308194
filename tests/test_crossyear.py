"""Issue 5, across years: carry-over, continuity, copied text, jumps; --previous; extract."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

from disclosure_lint.cli import main
from disclosure_lint.report.issuers import same_body

PAIR = FIXTURES / "crossyear"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def findings(*paths, extra=()):
    out = json.loads(run("check", "--format", "json", "--select", "DL6", *extra, *paths).output)
    return {f["path"].split("/")[-1]: [(d["name"], d["line"], d["message"]) for d in f["diagnostics"]]
            for f in out["files"]}


def test_issuer_names_match_across_wordings():
    assert same_body("罗山街道", "晋江市罗山街道办事处")
    assert same_body("云岭县人民政府", "云岭县 人民政府")
    assert same_body("桐江市市监局", "桐江市市场监督管理局")  # pairs as the issuer check reads it
    assert not same_body("云岭县人民政府", "桐江市人民政府")
    assert not same_body(None, "桐江市人民政府")


def test_consistent_consecutive_years_are_silent():
    assert findings(PAIR / "yunling_2021.txt", PAIR / "yunling_2022.txt") == {"yunling_2021.txt": [],
                                                                            "yunling_2022.txt": []}


def test_inconsistent_consecutive_years():
    got = findings(PAIR / "yunling_2021.txt", PAIR / "yunling_2022_inconsistent.txt")["yunling_2022_inconsistent.txt"]
    names = [(name, line) for name, line, _ in got]
    assert names == [("valid-count-discontinuity", 16), ("carryover-mismatch", 32), ("carryover-mismatch", 32),
                     ("year-over-year-jump", 61)]
    messages = [m for _, _, m in got]
    assert "现行有效件数为 50" in messages[0] and "应为 44" in messages[0]
    assert "上年结转为 3" in messages[1] and "结转下年度继续办理为 4" in messages[1]
    assert "40" in messages[3] and "4" in messages[3]


def test_copied_report_prints_the_share():
    got = findings(PAIR / "yunling_2021.txt", PAIR / "yunling_2022_copied.txt")["yunling_2022_copied.txt"]
    assert [(n, m.split("的文字")[0]) for n, _, m in got] == [("copied-report", "本报告 100% ")]


def test_previous_option_for_a_single_staged_file():
    alone = findings(PAIR / "yunling_2022_inconsistent.txt")
    assert alone == {"yunling_2022_inconsistent.txt": []}  # no previous year known: nothing to compare
    with_prev = findings(PAIR / "yunling_2022_inconsistent.txt", extra=("--previous", PAIR / "yunling_2021.txt"))
    assert len(with_prev["yunling_2022_inconsistent.txt"]) == 4
    assert "yunling_2021.txt" not in with_prev  # the previous report is not itself reported on


def test_2008_cumulative_continuity(tmp_path):
    current = (FIXTURES / "reports" / "2017_fujian_futable.txt").read_text(encoding="utf-8")
    earlier = current.replace("2017", "2016").replace("2018", "2017")
    # Last year's cumulative = this year's cumulative − this year's count, for the three running totals.
    for label in ("主动公开文件数", "受理政府信息公开申请总数", "对申请的答复总数"):
        row = next(line for line in current.splitlines() if line.startswith(label))
        _, unit, year, cumulative = row.split("\t")
        earlier = earlier.replace(row, f"{label}\t{unit}\t{year}\t{int(cumulative) - int(year)}")
    row = next(line for line in earlier.splitlines() if line.startswith("主动公开文件数"))
    prev_cum = int(row.split("\t")[3])
    (tmp_path / "a2016.txt").write_text(earlier, encoding="utf-8")
    (tmp_path / "a2017.txt").write_text(current, encoding="utf-8")
    got = findings(tmp_path / "a2016.txt", tmp_path / "a2017.txt")
    assert [n for n, _, _ in got["a2017.txt"] if n == "cumulative-discontinuity"] == []
    (tmp_path / "a2016.txt").write_text(earlier.replace(f"\t{prev_cum}", f"\t{prev_cum - 5}", 1), encoding="utf-8")
    got = findings(tmp_path / "a2016.txt", tmp_path / "a2017.txt")
    assert [n for n, _, _ in got["a2017.txt"] if n != "copied-report"] == ["cumulative-discontinuity"]


def test_extract_csv_and_json():
    result = run("extract", PAIR / "yunling_2021.txt", PAIR / "yunling_2022.txt")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    carried = [r for r in rows if r["table"] == "t3" and r["row"] == "carried" and r["column"] == "total"]
    assert [(r["year"], r["value"]) for r in carried] == [("2021", "4"), ("2022", "6")]
    assert {r["issuer"] for r in rows} == {"云岭县人民政府"}
    data = json.loads(run("extract", "--format", "json", FIXTURES / "seeds").output)
    blank = [r for r in data if r["status"] == "blank"]
    assert blank and all(r["value"] is None for r in blank)


def test_copied_share_threshold_is_configurable(tmp_path):
    import shutil

    for name in ("yunling_2021.txt", "yunling_2022.txt"):
        shutil.copy(PAIR / name, tmp_path / name)
    pair = (tmp_path / "yunling_2021.txt", tmp_path / "yunling_2022.txt")
    assert findings(*pair)["yunling_2022.txt"] == []  # 31% of the prose repeats last year's: under 50%
    (tmp_path / ".disclosure-lint.yaml").write_text("rule-params:\n  copied-report: {threshold: 0.3}\n",
                                                   encoding="utf-8")
    got = findings(*pair)["yunling_2022.txt"]
    assert [(n, m.split("的文字")[0]) for n, _, m in got] == [("copied-report", "本报告 31% ")]
    (tmp_path / ".disclosure-lint.yaml").write_text("rule-params:\n  copied-report: {treshold: 0.3}\n",
                                                   encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--lang", "en", str(pair[1])])
    assert result.exit_code == 2 and "has no parameter 'treshold'" in result.output and "threshold" in result.output


def test_template_twin_across_issuers():
    """template-twin: the 2010 交通局 report is the 2009 质监局 report with the numbers changed; the
    2013 民政局 report shares only some sentences with them."""
    web = FIXTURES / "corpus" / "web"
    files = [web / "2009_fj_pingtan_zhijianju.txt", web / "2010_fj_pingtan_jiaotongju.txt",
             web / "2013_fj_pingtan_minzhengju.txt"]
    out = json.loads(run("check", "--format", "json", "--select", "template-twin", *files).output)
    found = {f["path"].split("/")[-1]: [d["message"] for d in f["diagnostics"]] for f in out["files"]}
    assert found["2009_fj_pingtan_zhijianju.txt"] == [] and found["2013_fj_pingtan_minzhengju.txt"] == []
    (message,) = found["2010_fj_pingtan_jiaotongju.txt"]
    assert int(message.split("本报告 ")[1].split("%")[0]) >= 80
    assert "平潭县质量技术监督局2009年度" in message and "最长相同段落 227 字" in message
    # One report alone has no twin.
    alone = json.loads(run("check", "--format", "json", "--select", "template-twin", files[1]).output)
    assert alone["files"][0]["diagnostics"] == []


def test_twins_found_through_the_index_among_many():
    """Reports sharing a body of text under different issuers are twins; the template's wording that
    many reports share is not counted (the scale is measured in bench/twins.py)."""
    import random

    from disclosure_lint.api import lint
    from disclosure_lint.report.twins import find_twins

    rng = random.Random(7)
    words = [chr(0x4E00 + rng.randrange(2000)) for _ in range(4000)]
    bodies = ["".join(rng.choice(words) for _ in range(400)) for _ in range(60)]
    template = "本报告根据条例要求编制，所列数据的统计期限自一月一日起至十二月三十一日止。" * 3
    reports = [lint(f"云岭县第{i}局2023年政府信息公开工作年度报告\n\n{template}{bodies[i % 30] if i < 40 else bodies[i]}。\n")
               .report for i in range(60)]
    twins = find_twins(reports)
    assert sorted(twins) == [i for i in range(60) if i < 40 and (i % 30) < 10]


def test_previous_of_another_issuer_is_a_usage_error_naming_both(tmp_path):
    from click.testing import CliRunner

    from disclosure_lint.cli import main

    this_year = FIXTURES / "crossyear" / "yunling_2022.txt"
    other = tmp_path / "other_2021.txt"
    other.write_text((FIXTURES / "crossyear" / "yunling_2021.txt").read_text(encoding="utf-8")
                     .replace("云岭县", "桐江市"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--previous", str(other), str(this_year)])
    assert result.exit_code == 2
    assert "桐江市" in result.output and "云岭县" in result.output and "--previous" in result.output
    same = CliRunner().invoke(main, ["check", "--previous", str(FIXTURES / "crossyear" / "yunling_2021.txt"),
                                     str(this_year)])
    assert same.exit_code in (0, 1)


def test_twin_sample_keys_do_not_depend_on_the_rest_of_the_text():
    """A shingle's key is the same whether its report has a character past U+FFFF elsewhere (each
    shingle encoded on its own) or not (the text encoded once): a copy is found either way."""
    from disclosure_lint.api import lint
    from disclosure_lint.report.twins import sample

    body = "各级行政机关应当依照条例规定主动公开本行政机关的政府信息并及时更新维护网站栏目内容" * 4
    plain = set(sample(lint(f"云岭县民政局2023年政府信息公开工作年度报告\n\n{body}。\n").report))
    astral = set(sample(lint(f"云岭县民政局2023年政府信息公开工作年度报告\n\n𠀋{body}。\n").report))
    assert plain and plain <= astral


@given(st.text(alphabet=st.sampled_from("政府信息公开年度报告#一二\ud800\udc80\U0002000b"), max_size=40))
@settings(max_examples=300, deadline=None)
def test_twin_sample_is_its_definition(text):
    """The twin sample (positions found by byte arithmetic, keys read from the text encoded once) is
    the key of every shingle whose first character's code is a multiple of SAMPLE, whatever the text
    holds (lone surrogates, characters past U+FFFF)."""
    from disclosure_lint.report.twins import SAMPLE, SHINGLE, _key, _sample

    want = {_key(text[i:i + SHINGLE]) for i in range(len(text) - SHINGLE + 1) if ord(text[i]) % SAMPLE == 0}
    assert set(_sample(text)) == want and len(_sample(text)) == len(want)


def _matches_by_lists(items, threshold):
    """TwinIndex.matches as it was with a list for every shingle (the definition the compact index keeps)."""
    from collections import Counter, defaultdict

    from disclosure_lint.report.twins import TwinIndex

    postings, dated = defaultdict(list), []
    for i, (year, issuer, shingles) in enumerate(items):
        dated.append((year, issuer))
        for h in shingles:
            if len(postings[h]) <= TwinIndex.COMMON:
                postings[h].append(i)
    common = min(max(5, len(dated) // 20), TwinIndex.COMMON)
    own, shared = Counter(), defaultdict(Counter)
    for posting, times in Counter(tuple(p) for p in postings.values() if len(p) <= common).items():
        counts = dict.fromkeys(posting, times)
        own.update(counts)
        if len(posting) > 1:
            for i in posting:
                if dated[i][0] is not None and dated[i][1]:
                    shared[i].update(counts)
    index = TwinIndex()
    index.dated = dated
    out = {}
    for i, counts in shared.items():
        del counts[i]
        j = index._best(i, counts, own[i], threshold)
        if j is not None:
            out[i] = (j, counts[j] / own[i])
    return out


@given(st.lists(st.tuples(st.sampled_from([None, 2020, 2021]), st.sampled_from(["", "甲县民政局", "乙县民政局", "丙镇"]),
                          st.sets(st.integers(0, 400), max_size=120)), max_size=14),
       st.sampled_from([0.1, 0.3]))
@settings(max_examples=60, deadline=None)
def test_twin_index_finds_what_lists_of_reports_find(items, threshold):
    """The twin index keeps a shingle of one report as that report's index alone (half the memory of
    distinct prose): the twins found are those of a list for every shingle."""
    from disclosure_lint.report.twins import TwinIndex

    index = TwinIndex()
    for year, issuer, shingles in items:
        index.add(year, issuer, tuple(shingles))
    assert index.matches(threshold) == _matches_by_lists([(y, s, tuple(h)) for y, s, h in items], threshold)


@given(st.lists(st.tuples(st.sampled_from([None, 2020, 2021]), st.sampled_from(["", "甲县民政局", "乙县民政局", "丙镇"]),
                          st.sets(st.integers(0, 2**64 - 1) | st.integers(0, 600), max_size=120)), max_size=14),
       st.sampled_from([0.1, 0.3]))
@settings(max_examples=40, deadline=None)
def test_twin_index_in_files_finds_what_it_finds_in_memory(tmp_path_factory, items, threshold):
    """A batch's index moves its pairs to files as they come (memory flat for distinct prose): read back
    part by part, it finds the twins the index held in memory finds."""
    from disclosure_lint.report.twins import TwinIndex

    class Small(TwinIndex):
        HELD = 7  # written out every few reports

    directory = tmp_path_factory.mktemp("twins")
    held, written = TwinIndex(), Small(str(directory))
    for year, issuer, shingles in items:
        held.add(year, issuer, tuple(shingles))
        written.add(year, issuer, tuple(shingles))
    assert written.matches(threshold) == held.matches(threshold)
    assert written.matches(threshold) == _matches_by_lists([(y, s, tuple(h)) for y, s, h in items], threshold)
    assert not items or sum(len(h) for _, _, h in items) < 7 or (directory / "twins.pairs").stat().st_size


def test_twin_index_counting_groups_out_in_parts_finds_the_same():
    """matches() counts the groups of reports out whenever many are held: the totals, and the twins, are
    those of counting each group once."""
    import random

    from disclosure_lint.report.twins import TwinIndex

    class Few(TwinIndex):
        GROUPS = 2

    rnd = random.Random(3)
    passages = [[rnd.getrandbits(64) for _ in range(60)] for _ in range(15)]
    whole, few = TwinIndex(), Few()
    for k in range(30):
        shingles = tuple({h for p in rnd.sample(passages, 2) for h in p} | {rnd.getrandbits(64) for _ in range(40)})
        for index in (whole, few):
            index.add(2021, f"{k}县民政局", shingles)
    assert few.matches() == whole.matches() and whole.matches()


_PROSE = st.text(alphabet=st.sampled_from(list("公开政府信息12３〇十，。；;！?\n\t 　“”（）:、《》·\x85\u2028")), max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PROSE, max_size=6))
def test_sentences_of_the_joined_paragraphs_are_each_paragraphs_own(texts):
    """pairing._sentences runs its patterns over every paragraph at once, joined by line breaks: the
    sentences are those of each paragraph on its own, in order (none runs from one into the next); the
    twins' prose is made from that cleaned text (pairing.running_text) and is what it was."""
    from types import SimpleNamespace

    from disclosure_lint.read.document import Para
    from disclosure_lint.read.source import Seg
    from disclosure_lint.report import pairing, twins

    def own(text: str) -> list[str]:
        text = pairing._DIGITS.sub("#", pairing._INNER_NOISE.sub("", text))
        return [s for s in pairing._SENTENCE.findall(text) if len(s) >= 8]

    blocks = tuple(Para("text", Seg(text, i + 1, 1)) for i, text in enumerate(texts))
    report = SimpleNamespace(document=SimpleNamespace(blocks=blocks))
    assert pairing._sentences(report) == [s for text in texts for s in own(text)]
    # The twins' prose, made from the same cleaned text, is the paragraphs joined without _NOISE.
    running = pairing.running_text(report)
    assert twins.prose(report) == twins.prose(report, running) == twins._NOISE.sub("", "".join(texts))
    assert pairing._sentences(report, running) == pairing._sentences(report)
