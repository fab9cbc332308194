"""The prose checks' cost per report: every rule whose engine reads the prose, on the real reports of
``tests/fixtures`` (the crawled web corpus and the seeds).

    python bench/prose.py [ROUNDS]

Each report is read and built once (not timed); then, ROUNDS times, every prose rule runs on it with
a fresh context and empty caches, so the passages, counts and sentences the rules share are found
again each round and counted.  Prints the
median, the 90th percentile and the maximum per report, and the slowest report.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from disclosure_lint.api import read_document, report_of  # noqa: E402
from disclosure_lint.checks.kinds import engine_for  # noqa: E402
from disclosure_lint.checks.kinds.base import Context  # noqa: E402
from disclosure_lint.checks.rules import builtin_rules  # noqa: E402
from disclosure_lint.checks.run_config import Config  # noqa: E402
from disclosure_lint.report.prose.counts import _counts  # noqa: E402
from disclosure_lint.report.prose.passages import sentence_bounds  # noqa: E402

# The rules (DL5xx) whose kinds read the running text: lists, shares, counts against tables,
# year-on-year changes, ordinals, years, the issuer's self-references, typos.
PROSE_KINDS = ("narrative-sum", "narrative-share", "narrative-table", "narrative-ratio", "ordinals",
               "text-years", "issuer", "pattern")
FIXTURES = ROOT / "tests" / "fixtures"
CACHES = (_counts, sentence_bounds)


def reports():
    paths = sorted((FIXTURES / "corpus" / "web").glob("*.txt")) + sorted((FIXTURES / "corpus" / "web").glob("*.html")) \
        + sorted((FIXTURES / "seeds").glob("*.txt"))
    for path in paths:
        yield path.name, report_of(read_document(path.read_text(encoding="utf-8"), path))


def cost(report, rules, rounds: int) -> float:
    """The least CPU time (seconds) of one pass of every prose rule over ``report``: CPU time and the
    least of several rounds, because the machine is shared (wall-clock medians vary fourfold under load)."""
    times = []
    for _ in range(rounds):
        ctx = Context(config=Config())
        for cache in CACHES:
            cache.cache_clear()  # each round is a first lint of the report: nothing found earlier is kept
        started = time.process_time()
        for rule, engine in rules:
            for _hit in engine(rule, report, ctx):
                pass
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rules = [(r, engine_for(r.kind)) for r in builtin_rules() if r.kind in PROSE_KINDS and r.code.startswith("DL5")]
    costs = sorted(((cost(rep, rules, rounds) * 1000, name) for name, rep in reports()), reverse=True)
    ms = [c for c, _ in costs]
    p90 = ms[max(0, len(ms) // 10 - 1)]
    print(f"{len(rules)} prose rules on {len(ms)} real reports, least CPU time of {rounds} rounds each:")
    print(f"  per report: median {statistics.median(ms):.2f} ms, 90th percentile {p90:.2f} ms, "
          f"max {ms[0]:.2f} ms ({costs[0][1]})")


if __name__ == "__main__":
    main()
