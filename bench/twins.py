"""Template twins over many reports: the shingle index against 1,000 reports of one year.

    python bench/twins.py [N]

Builds N synthetic reports (200 distinct bodies, each used by N/200 issuers), then times find_twins.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from disclosure_lint.api import lint  # noqa: E402
from disclosure_lint.report.twins import find_twins  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(7)
    words = [chr(0x4E00 + rng.randrange(2000)) for _ in range(4000)]
    bodies = ["".join(rng.choice(words) for _ in range(1500)) for _ in range(200)]
    reports = [lint(f"云岭县第{i}局2023年政府信息公开工作年度报告\n\n{bodies[i % 200]}。\n").report for i in range(n)]
    started = time.perf_counter()
    twins = find_twins(reports)
    elapsed = time.perf_counter() - started
    print(f"{n} reports: {len(twins)} with a twin, find_twins {elapsed:.2f} s ({elapsed / n * 1000:.2f} ms per report)")


if __name__ == "__main__":
    main()
