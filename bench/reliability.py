"""Time and memory of each hostile-input reproducer (tests/fixtures/reliability/), each in its own process.

    python bench/reliability.py            # prints a table; --record appends it to bench/RELIABILITY.md

CPU time (not wall time: the machine may be shared) and peak memory (max RSS) of ``disclosure-lint
check`` on each file; the issue asks for at most a second and 200 MB each.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reliability"


def measure(path: Path) -> tuple[float, float, float, int]:
    """(CPU seconds, wall seconds, peak MB, exit code) of one check run in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--no-config", "--format", "json",
                           str(path)], capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, after.ru_maxrss / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    baseline = measure(ROOT / "tests" / "fixtures" / "seeds" / "003_cdaa1b262e3f6b28.txt")
    rows = ["| file | CPU s | wall s | peak MB | exit |", "|---|---|---|---|---|",
            f"| (a real report, for comparison) | {baseline[0]:.2f} | {baseline[1]:.2f} | {baseline[2]:.0f} | {baseline[3]} |"]
    for path in sorted(FIXTURES.iterdir()):
        cpu, wall, peak, code = measure(path)
        rows.append(f"| {path.name} | {cpu:.2f} | {wall:.2f} | {peak:.0f} | {code} |")
    table = "\n".join(rows)
    print(table)
    if args.record:
        with (ROOT / "bench" / "RELIABILITY.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {time.strftime('%Y-%m-%d %H:%M')}\n\n{table}\n")


if __name__ == "__main__":
    main()
