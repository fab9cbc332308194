"""Cold run vs cached rerun of ``disclosure-lint check`` over the web corpus copied N times (issue 15).

    python bench/cache.py [--copies 50] [--corpus ../shared/corpus/web] [--jobs 1]

Each copy gets its own folder (so every file is its own cache entry); the first run fills the
cache (cold), the second finds every entry (cached).  Prints both times and the ratio; the issue asks
for at least 20x.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(tree: Path, cache: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time is steadier on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "disclosure_lint", "check", "--format", "json", "--cache-dir",
                           str(cache), "--jobs", str(jobs), str(tree)], capture_output=True, timeout=7200)
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr.decode("utf-8", "replace")[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "web")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    sources = [p for p in sorted(args.corpus.iterdir()) if p.is_file() and p.name != "README.md"]
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "reports"
        for n in range(args.copies):
            folder = tree / f"copy{n:03d}"
            folder.mkdir(parents=True)
            for source in sources:
                shutil.copy(source, folder / source.name)
        cache = Path(tmp) / "cache"
        cold = _run(tree, cache, args.jobs)
        warm = _run(tree, cache, args.jobs)
    files = len(sources) * args.copies
    print(f"{files} files ({len(sources)} reports x {args.copies}): cold {cold[0]:.1f} s wall / {cold[1]:.1f} s CPU, "
          f"cached {warm[0]:.2f} s wall / {warm[1]:.2f} s CPU: {cold[0] / warm[0]:.1f}x faster (wall), "
          f"{cold[1] / warm[1]:.1f}x (CPU)")


if __name__ == "__main__":
    main()
