"""Whole-process benchmark scenarios of the performance issue, each beside its reference figure.

Usage:  python bench/scenarios.py [--quick] [--only NAME ...] [--record]

Every scenario runs the installed ``disclosure-lint`` command as a user would (a fresh process, real
files on disk) and prints wall time, CPU time and peak memory (``resource`` of the child processes), with
the reference figures measured in the same run: ``python -c pass`` start-up, ``yamllint`` on a small YAML
file (and, where valgrind is installed, the instructions each of those two executes: a count the load
of the shared machine does not change), and the bare Lark LALR parse of the same texts.  ``--record``
appends the table to ``bench/RESULTS.md`` with the date and the machine.  Synthetic corpora are built
from the real reports in ``tests/fixtures`` (copied, never modified) in a temporary directory.

No figure here is asserted: performance is measured, never a unit test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
LINT = [sys.executable, "-m", "disclosure_lint"]


def _no_cache() -> list[str]:
    """``--no-cache`` where the result cache exists: these scenarios measure the work, not the cache."""
    out = subprocess.run([*LINT, "check", "--help"], capture_output=True, text=True, check=False).stdout
    return ["--no-cache"] if "--no-cache" in out else []


NO_CACHE = _no_cache()


def _compile_bytecode() -> None:
    """Write the package's bytecode first, as ``pip install`` does: with PYTHONDONTWRITEBYTECODE set (as
    in some shells) every run would otherwise compile every module from source, a third of its time."""
    import disclosure_lint

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(disclosure_lint.__file__).parent)],
                   env=env, stdout=subprocess.DEVNULL, check=False)


def _yamllint() -> str | None:
    return shutil.which("yamllint") or next((str(p) for p in [Path(sys.executable).parent / "yamllint"]
                                             if p.exists()), None)


@dataclass(frozen=True)
class Figure:
    name: str
    wall: float
    cpu: float
    peak_mb: float
    note: str = ""


def run(argv: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user+sys of the child and its own children, the --jobs workers) and the
    child's peak RSS in MB (its own: RUSAGE_CHILDREN's would be the largest of every run so far)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here: keep Popen from waiting for it again
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, usage.ru_maxrss / 1024


def _tree(pid: int) -> list[int]:
    """The process and its descendants (the --jobs workers), from /proc."""
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        found.append(here)
        try:
            todo += [int(c) for c in Path(f"/proc/{here}/task/{here}/children").read_text().split()]
        except OSError:
            pass
    return found


def _rss_and_cpu(pid: int) -> tuple[int, float]:
    """Resident kB of one process, and its CPU seconds so far."""
    try:
        rss = next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                   if line.startswith("VmRSS:"))
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return rss, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, StopIteration, ValueError, IndexError):
        return 0, 0.0


def run_tree(argv: list[str]) -> tuple[float, float, float, float]:
    """Wall and CPU seconds as :func:`run`, the peak RSS of the whole process tree (the command and its
    workers together, sampled every 20 ms) and the CPU seconds of the command's own process (the part
    no worker can share: what limits the speed-up on more cores)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, own = 0, 0.0
    while proc.poll() is None:
        peak = max(peak, sum(_rss_and_cpu(p)[0] for p in _tree(proc.pid)))
        own = max(own, _rss_and_cpu(proc.pid)[1])
        time.sleep(0.02)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, max(peak / 1024, after.ru_maxrss / 1024), own


def median_run(argv: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float, float]:
    runs = [run(argv, cwd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def report_texts() -> list[Path]:
    """The real and fixture reports in text form (seeds, web corpus, well-formed fixtures)."""
    found = [p for sub in ("seeds", "reports", "corpus") for p in sorted((FIXTURES / sub).rglob("*.txt"))]
    return [p for p in found if p.stat().st_size > 500]


def make_corpus(target: Path, count: int, sources: list[Path] | None = None) -> Path:
    """``count`` copies of ``sources`` (default: the text reports), cycled, in ``target``."""
    sources = sources or report_texts()
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        src = sources[i % len(sources)]
        shutil.copyfile(src, target / f"{i:05d}_{src.name}")
    return target


def distinct_prose(text: str, copy: int) -> str:
    """The text with its running prose made this copy's own, as real reports of many issuers are: in each
    line of 30 characters or more that is not a table row (no tab, no "|"), one Chinese character in three
    (never a digit) replaced by one that
    the copy's number and the position choose (headings, tables and dates untouched, so each copy reads
    as its original does, and the twin index meets millions of distinct shingles)."""
    lines = []
    for line in text.split("\n"):
        if len(line) >= 30 and "\t" not in line and "|" not in line:
            line = "".join(chr(0x4E00 + (copy * 7919 + k * 104729) % 20900) if k % 3 == 0 and "\u4e00" <= c <= "\u9fff"
                           else c for k, c in enumerate(line))
        lines.append(line)
    return "\n".join(lines)


def make_distinct_corpus(target: Path, count: int) -> Path:
    """``count`` reports cycled from the text reports, each with its own prose (:func:`distinct_prose`)."""
    sources = [(p.name, p.read_text(encoding="utf-8")) for p in report_texts()]
    target.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        name, text = sources[i % len(sources)]
        (target / f"{i:05d}_{name}").write_text(distinct_prose(text, i), encoding="utf-8")
    return target


def one_line(text: str) -> str:
    """The text as a crawled web page's body comes: one line, cells apart by spaces.  Tabs are spaces here:
    a line with a tab in it is one tab-separated table row, which the linter reads as such, not as a page."""
    return "".join(line.strip().replace("\t", " ") for line in text.splitlines())


def big_report(size: int, flat: bool) -> str:
    texts = [p.read_text(encoding="utf-8") for p in report_texts()]
    parts, total = [], 0
    while total < size:
        for text in texts:
            parts.append(one_line(text) if flat else text)
            total += len(text.encode("utf-8"))
            if total >= size:
                break
    return ("" if flat else "\n").join(parts)


def lark_parse_seconds(texts: list[str]) -> float:
    """The bare LALR parse of these texts by the project's grammar (lines classified, then parsed): the
    floor any run pays, in CPU seconds (the machine is shared: wall time would count the others)."""
    code = (
        "import sys,time\n"
        "from disclosure_lint.read.grammar import parse_source\n"
        "from disclosure_lint.read.source import Source\n"
        "texts=[open(p,encoding='utf-8').read() for p in sys.argv[1:]]\n"
        "parse_source(Source.from_text('一、总体情况\\n', '-'))\n"
        "t=time.process_time()\n"
        "[parse_source(Source.from_text(t_, '-')) for t_ in texts]\n"
        "print(time.process_time()-t)\n")
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, text in enumerate(texts):
            path = Path(tmp) / f"{i}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        out = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True, check=False)
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def instructions(argv: list[str]) -> int | None:
    """Instructions the command executes (valgrind's callgrind, where installed; a run takes ~10 s): the
    same count however loaded the shared machine is, where CPU seconds vary by a third."""
    if not shutil.which("valgrind"):
        return None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # warm caches
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False).stderr
    counts = [int(line.split()[-1]) for line in out.splitlines() if "Collected :" in line]
    return counts[0] if counts else None


def _noted(figure: Figure, count: int | None, reference: int | None = None) -> Figure:
    """The figure with its instruction count (and its ratio to the reference's) as its note."""
    if count is None:
        return figure
    ratio = f", {count / reference:.2f}× yamllint" if reference else ""
    return Figure(figure.name, figure.wall, figure.cpu, figure.peak_mb, f"{count / 1e6:.0f} M instructions{ratio}")


def scenario_startup(args, tmp: Path) -> list[Figure]:
    small_yaml = tmp / "small.yaml"
    small_yaml.write_text("a: 1\nb: [1, 2]\n", encoding="utf-8")
    report = FIXTURES / "reports" / "2020_bureau_tabrows.txt"
    figures = [Figure("python -c pass", *median_run([sys.executable, "-c", "pass"], args.repeat))]
    yamllint, reference = _yamllint(), None
    if yamllint:
        reference = instructions([yamllint, str(small_yaml)])
        figures.append(_noted(Figure("yamllint small.yaml (reference)",
                                     *median_run([yamllint, str(small_yaml)], args.repeat)), reference))
    check = [*LINT, "check", "--no-config", *NO_CACHE, str(report)]
    figures.append(_noted(Figure("check one small .txt report", *median_run(check, args.repeat)),
                          instructions(check), reference))
    return figures


def scenario_many(args, tmp: Path) -> list[Figure]:
    figures = []
    for count in args.counts:
        corpus = make_corpus(tmp / f"corpus{count}", count)
        texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())[:200]]
        floor = lark_parse_seconds(texts) * count / len(texts)
        for fmt in ("human", "json"):
            figures.append(Figure(f"check {count} reports ({fmt})", *run([*LINT, "check", "--no-config", *NO_CACHE,
                                                                         "--format", fmt, str(corpus)]),
                                  note=f"bare Lark parse {floor:.1f} s"))
        figures.append(Figure(f"check {count} reports --jobs 0 (json)",
                              *run([*LINT, "check", "--no-config", *NO_CACHE, "--jobs", "0", "--format", "json",
                                    str(corpus)])))
    return figures


def scenario_jobs(args, tmp: Path) -> list[Figure]:
    """Many files with one worker process and with two: CPU, the parent's own CPU (serial), the
    speed-up two cores allow from those (load-independent) and the peak memory of the process tree."""
    figures = []
    for count in args.counts:
        corpus = make_corpus(tmp / f"jobs{count}", count)
        for jobs in (1, 2):
            wall, cpu, peak, own = run_tree([*LINT, "check", "--no-config", *NO_CACHE, "--jobs", str(jobs),
                                             "--format", "json", str(corpus)])
            note = f"{cpu / count * 1000:.1f} ms CPU per file"
            if jobs == 2:
                work = max(cpu - own, 0.0)
                note += (f"; parent {own:.1f} s CPU of {cpu:.1f}: 2 cores allow {cpu / (own + work / 2):.2f}x "
                         f"(wall here {figures[-1].wall / wall:.2f}x under the machine's load)")
            figures.append(Figure(f"check {count} reports --jobs {jobs} (json)", wall, cpu, peak, note))
    return figures


def scenario_distinct(args, tmp: Path) -> list[Figure]:
    """Many reports whose prose is each its own (the cycled corpus shares every shingle and hides what the
    parent's twin index holds for real, distinct reports), with ``--jobs`` left to the run: peak memory of
    the process tree and the parent's own CPU."""
    count = args.counts[-1]
    corpus = make_distinct_corpus(tmp / f"distinct{count}", count)
    wall, cpu, peak, own = run_tree([*LINT, "check", "--no-config", *NO_CACHE, "--format", "json", str(corpus)])
    return [Figure(f"check {count} reports of distinct prose (jobs not given)", wall, cpu, peak,
                   f"parent {own:.1f} s CPU; {cpu / count * 1000:.1f} ms CPU per file")]


def scenario_big(args, tmp: Path) -> list[Figure]:
    figures = []
    for size, flat in ((1_000_000, True), (1_000_000, False), (5_000_000, True)):
        if args.quick and size > 1_000_000:
            continue
        path = tmp / f"big_{size}_{'flat' if flat else 'lines'}.txt"
        text = big_report(size, flat)
        path.write_text(text, encoding="utf-8")
        floor = lark_parse_seconds([text])
        layout = "one line" if flat else "with line breaks"
        figures.append(Figure(f"check a {size // 1_000_000} MB report, {layout}",
                              *run([*LINT, "check", "--no-config", *NO_CACHE, "--format", "json", str(path)]),
                              note=f"bare Lark parse {floor:.2f} s"))
    return figures


def scenario_rerun(args, tmp: Path) -> list[Figure]:
    corpus = make_corpus(tmp / "rerun", len(report_texts()) * (5 if args.quick else 50))
    cache = tmp / "cache"
    cold = run([*LINT, "check", "--no-config", "--cache-dir", str(cache), "--format", "json", str(corpus)])
    warm = run([*LINT, "check", "--no-config", "--cache-dir", str(cache), "--format", "json", str(corpus)])
    files = sorted(corpus.iterdir())
    # One report edited: its batch is not the cached one, so the comparisons are made again from every
    # file's cached summary and only that file is linted (the commonest rerun in a repository).
    files[len(files) // 2].write_text(files[len(files) // 2].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    edited = run([*LINT, "check", "--no-config", "--cache-dir", str(cache), "--format", "json", str(corpus)])
    return [Figure(f"cold run, {len(files)} files (cache empty)", *cold),
            Figure(f"unchanged rerun, {len(files)} files (cache warm)", *warm,
                   note=f"{cold[0] / max(warm[0], 1e-9):.1f}x faster (wall), {cold[1] / max(warm[1], 1e-9):.1f}x (CPU)"),
            Figure(f"rerun with 1 of {len(files)} files edited", *edited,
                   note=f"{cold[0] / max(edited[0], 1e-9):.1f}x faster (wall), {cold[1] / max(edited[1], 1e-9):.1f}x (CPU)")]


def scenario_pdf(args, tmp: Path) -> list[Figure]:
    pdfs = sorted((FIXTURES / "corpus").rglob("*.pdf")) or sorted(FIXTURES.rglob("*.pdf"))[:3]
    floor_code = ("import sys,pypdfium2 as p\n"
                  "for f in sys.argv[1:]:\n"
                  "  d=p.PdfDocument(f)\n"
                  "  [d[i].get_textpage().get_text_range() for i in range(len(d))]\n")
    figures = [Figure(f"pypdfium2 text of {len(pdfs)} PDFs (floor)",
                      *median_run([sys.executable, "-c", floor_code, *map(str, pdfs)], args.repeat))]
    read_code = ("import sys\nfrom disclosure_lint.read.pdf import read_pdf\n"
                 "for f in sys.argv[1:]:\n  read_pdf(open(f, 'rb').read(), f)\n")
    figures.append(Figure(f"read {len(pdfs)} PDFs: text and tables (the reader alone)",
                          *median_run([sys.executable, "-c", read_code, *map(str, pdfs)], args.repeat),
                          note="the floor's process plus the reader's work"))
    figures.append(Figure(f"check {len(pdfs)} PDFs", *median_run([*LINT, "check", "--no-config", *NO_CACHE,
                                                                  *map(str, pdfs)], args.repeat)))
    return figures


SCENARIOS = {"startup": scenario_startup, "many": scenario_many, "jobs": scenario_jobs, "big": scenario_big,
             "rerun": scenario_rerun, "distinct": scenario_distinct,
             "pdf": scenario_pdf}


def table(figures: list[Figure]) -> str:
    lines = ["| scenario | wall s | CPU s | peak MB | note |", "|---|---:|---:|---:|---|"]
    lines += [f"| {f.name} | {f.wall:.2f} | {f.cpu:.2f} | {f.peak_mb:.0f} | {f.note} |" for f in figures]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small corpora (100 and 1,000 files, 1 MB only)")
    parser.add_argument("--only", nargs="*", choices=list(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    args = parser.parse_args()
    args.counts = (100, 1000) if args.quick else (1000, 10000)
    figures: list[Figure] = []
    _compile_bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only:
            figures.extend(SCENARIOS[name](args, Path(tmp)))
            print(table(figures), flush=True)
    if args.record:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n## {stamp} — {machine}{' (--quick)' if args.quick else ''}\n\n{table(figures)}\n")


if __name__ == "__main__":
    main()
