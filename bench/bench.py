"""Benchmark: lint the seed reports (and fixture reports) many times in-process; print ms per report.

Usage: python bench/bench.py [--rounds N]

Performance is measured here, never in a timed unit test.  The first lint of a run includes loading
the grammar, templates and rules (cached afterwards); it is reported separately.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure_lint.api import lint  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    files = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "fixtures" / "reports").glob("*.txt"))
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    start = time.perf_counter()
    lint(texts[0][1])
    print(f"first lint (loads grammar, templates, rules): {(time.perf_counter() - start) * 1000:.1f} ms")
    print(f"{'report':<42} {'lines':>6} {'median ms':>10} {'p90 ms':>8}")
    medians = []
    for name, text in texts:
        times = []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            lint(text)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        med = statistics.median(times)
        medians.append(med)
        print(f"{name:<42} {text.count(chr(10)) + 1:>6} {med:>10.2f} {times[int(len(times) * 0.9) - 1]:>8.2f}")
    print(f"mean of medians: {statistics.mean(medians):.2f} ms per report ({args.rounds} rounds each)")
    big = "\n".join(t for _, t in texts) * 5
    t0 = time.perf_counter()
    lint(big)
    print(f"one {big.count(chr(10)) + 1}-line text (all reports x5): {(time.perf_counter() - t0) * 1000:.1f} ms")
    flat_vs_lines(texts, max(5, args.rounds // 5))
    long_line = ("根据条例规定，本机关认真做好政府信息公开工作。" * 4000)
    t0 = time.perf_counter()
    lint(long_line)
    print(f"one {len(long_line)}-character line (flattened web page): {(time.perf_counter() - t0) * 1000:.1f} ms")
    decode_runs(args.rounds)


def decode_runs(rounds: int) -> None:
    """Decoding the run-together tables of a report (target: under 5 ms a report): the rows of the
    flattened fixture reports and of the crawled web pages, read into their template tables."""
    from disclosure_lint.api import report_of
    from disclosure_lint.read.grammar import parse_text
    from disclosure_lint.report.digit_runs import _decode
    from disclosure_lint.report.tables import read_tables

    files = sorted((ROOT / "tests" / "fixtures" / "rules" / "table-unreadable").glob("*.txt")) + sorted(
        (ROOT / "tests" / "fixtures" / "corpus" / "web").glob("20*.txt"))
    print(f"{'run-together tables of (target < 5 ms)':<42} {'median ms':>10} {'best ms':>8}")
    for path in files:
        doc = parse_text(path.read_text(encoding="utf-8"))
        era = report_of(doc).era
        if era is None:
            continue
        times = []
        for _ in range(rounds):
            _decode.cache_clear()  # every report's runs decoded afresh (the cache only helps within a report)
            t0 = time.perf_counter()
            read_tables(era.tables, doc.tables)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{path.name[:42]:<42} {statistics.median(times):>10.2f} {min(times):>8.2f}")


def flat_vs_lines(texts: list[tuple[str, str]], rounds: int) -> None:
    """Each report as written and flattened to one line (a crawled page body): the cost per 1000
    characters must not grow when the line breaks are gone."""
    def per_kchar(text: str) -> float:
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            lint(text)
            times.append(time.perf_counter() - t0)
        return statistics.median(times) * 1000 / (len(text) / 1000)

    print(f"{'report':<42} {'ms/1000 chars, lines':>21} {'one line':>9}")
    ratios = []
    for name, text in texts:
        flat = "".join(line.replace("\t", " ").strip() for line in text.split("\n"))
        lines, one = per_kchar(text), per_kchar(flat)
        ratios.append(one / lines)
        print(f"{name:<42} {lines:>21.3f} {one:>9.3f}")
    print(f"one line / with line breaks, median ratio: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
