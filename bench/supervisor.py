"""The supervisor's January at scale: 500 reports (copies of the corpus) checked with ``--jobs 0`` producing
every output (JSON, HTML, xlsx, findings CSV, one page per unit), and what the outputs themselves cost.

Usage:  python bench/supervisor.py [--count 500] [--browser] [--record]

1. Whole process, as a user runs it: ``check DIR --jobs 0 --format json`` alone, then with every output;
   wall time, CPU time and peak memory of each (the difference is the outputs' share of the run).
2. In process, on the same results: each renderer's time (alone) and peak Python memory (tracemalloc, in
   a second run) and the size of what it wrote.
3. ``--browser``: how long headless chromium takes to open the 500-report page (load and lay out the
   overview), beside an empty page.

``--record`` appends the table to bench/RESULTS.md.  Performance is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import FIXTURES, LINT, NO_CACHE, make_corpus, run  # noqa: E402


def sources() -> list[Path]:
    """The corpus: crawled web reports, a saved web page, the fixture reports and the three real PDFs."""
    web = sorted((FIXTURES / "corpus" / "web").iterdir())
    return [*web, *sorted((FIXTURES / "reports").glob("*.txt")), *sorted((FIXTURES / "corpus" / "pdf").glob("*.pdf"))]


def whole_process(batch: Path, out: Path) -> list[tuple[str, float, float, float]]:
    base = [*LINT, "check", str(batch), "--jobs", "0", *NO_CACHE]
    everything = [*base, "--format", "json", "--output", f"html:{out / 'report.html'}",
                  "--output", f"xlsx:{out / 'summary.xlsx'}", "--output", f"csv:{out / 'findings.csv'}", "--excel",
                  "--split-output", str(out / "units")]
    rows = []
    for name, argv in (("check --jobs 0 --format json", [*base, "--format", "json"]),
                       ("… + html, xlsx, csv, split pages", everything)):
        wall, cpu, peak = run(argv)
        rows.append((name, wall, cpu, peak))
    return rows


def in_process(batch: Path, out: Path) -> tuple[float, list[tuple[str, tuple[float, float], float, int]]]:
    """Lint once, then time each renderer alone with its peak traced memory."""
    from disclosure_lint import api
    from disclosure_lint.checks.run_config import Config
    from disclosure_lint.output import FileResult, json_format
    from disclosure_lint.output.html import render_html
    from disclosure_lint.output.split import write_split
    from disclosure_lint.output.summary import BatchInfo
    from disclosure_lint.output.tabular import finding_rows, to_csv
    from disclosure_lint.output.xlsx import render_xlsx

    start = time.perf_counter()
    paths = sorted(batch.iterdir())
    docs = api.read_documents([(str(p), p, True) for p in paths], jobs=0)
    results = api.lint_many([(d, Config()) for d in docs if not isinstance(d, (str, type(None)))])
    items = [FileResult(str(p), r) for p, r in zip(paths, results)]
    lint_seconds = time.perf_counter() - start
    config, batch_info = Config(), BatchInfo()
    renderers = {
        "json": lambda: json_format.render(items, batch_info).encode(),
        "html": lambda: render_html(items, config, batch=batch_info).encode(),
        "xlsx": lambda: render_xlsx(items, config, batch=batch_info),
        "csv": lambda: to_csv(finding_rows(items, batch_info.summaries(items), "zh"), bom=True).encode(),
        "split pages": lambda: b"x" * sum(p.stat().st_size for p in write_split(out / "units2", items, config, batch_info)),
    }
    rows = []
    for name, render in renderers.items():
        t, cpu = time.perf_counter(), time.process_time()
        data = render()
        seconds = (time.perf_counter() - t, time.process_time() - cpu)  # alone: tracing memory slows Python
        tracemalloc.start()
        render()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append((name, seconds, peak / 2**20, len(data)))
    return lint_seconds, rows


def browser_open(page: Path) -> tuple[float, float] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    empty = page.parent / "empty.html"
    empty.write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    times = []
    with tempfile.TemporaryDirectory() as profile:
        for target in (empty, page):
            t = time.perf_counter()
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                            "--window-size=1280,900", f"--screenshot={page.parent / 'shot.png'}", target.as_uri()],
                           capture_output=True, check=False, timeout=300)
            times.append(time.perf_counter() - t)
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    lines = [f"## Supervisor batch: {args.count} reports — {dt.date.today()} on {platform.machine()}, "
             f"{os.cpu_count()} CPUs, load {load:.1f}, Python {platform.python_version()}", "", "| run | wall s | CPU s | peak MB |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        batch, out = make_corpus(Path(tmp) / "reports", args.count, sources()), Path(tmp) / "out"
        out.mkdir()
        for name, wall, cpu, peak in whole_process(batch, out):
            lines.append(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak:.0f} |")
        lint_seconds, rows = in_process(batch, out)
        lines += ["", f"In process, after linting ({lint_seconds:.1f} s, --jobs 0):", "",
                  "| output | wall s | CPU s | peak traced MB | size MB |", "|---|---:|---:|---:|---:|"]
        lines += [f"| {name} | {s[0]:.2f} | {s[1]:.2f} | {peak:.1f} | {size / 2**20:.1f} |" for name, s, peak, size in rows]
        if args.browser:
            opened = browser_open(out / "report.html")
            if opened:
                lines += ["", f"Headless chromium, open and screenshot: empty page {opened[0]:.1f} s, "
                              f"the {args.count}-report page {opened[1]:.1f} s."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.record:
        with (Path(__file__).parent / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
