"""Long mutation-fuzz run: real reports mutated and pushed through reading, checking and every output.

    python tests/fuzz/run.py --inputs 200000 --workers 2 --out /tmp/fuzz      # nice -n 19 recommended
    python tests/fuzz/run.py --replay /tmp/fuzz/failures/123456.bin --name x.txt

Each input is reproducible from its number (the random seed).  An exception other than the input error,
or an input taking more than --slow seconds, is saved under OUT/failures with its traceback; it becomes
a fixture of tests/fixtures/reliability once understood.  The figures (inputs, exceptions, slow inputs,
slowest time, peak memory of a worker) are printed at the end and written to OUT/summary.json.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import resource
import signal
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.mutate import corpus, mutate_any, pick  # noqa: E402

FORMATS = ("human", "json", "github", "sarif", "junit", "gitlab", "html", "csv")
HARD_LIMIT = 20  # CPU seconds: an input still running then is stopped and recorded as a hang
MEMORY_MB = 250  # a worker's peak resident memory while linting one input, past which the input is kept


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang()


def exercise(name: str, data: bytes, render: bool) -> str:
    """Read, check and render one input the way ``check`` does; 'input-error' or 'ok'."""
    from disclosure_lint import cli
    from disclosure_lint.api import document_of, guarded, lint_document
    from disclosure_lint.checks.run_config import Config
    from disclosure_lint.output import FileResult
    from disclosure_lint.read.load import load_data

    # Through the batch worker's per-file guard (no budget: any other exception escapes, for the record),
    # so that the file's work runs as in a batch (collector paused, memory given back after a big file).
    result = guarded(None, lambda: lint_document(document_of(load_data(data, name)), Config()))
    if isinstance(result, str):
        items = [FileResult(name, error=result)]
        outcome = "input-error"
    else:
        items = [FileResult(name, result)]
        outcome = "ok"
    if render:
        from disclosure_lint.output.safe import safe_items

        items = safe_items(items)
        for fmt in FORMATS:
            text = cli._render(fmt, items, Config(), color=False, quiet=False, statistics=True, stream=io.StringIO())
            if text is not None:
                text.encode("utf-8")  # what writing it would do
    return outcome


def inputs(base: int, count: int) -> Iterator[tuple[int, str, bytes]]:
    """The inputs, each from its own seed.  Made in the parent process: the mutators' own strings (a text
    pasted thousands of times, a Word file built of it) must not count in the linting workers' memory."""
    pool = corpus()
    for n in range(base, base + count):
        rng = random.Random(n)
        name, data = pick(rng, pool)
        yield (n, *mutate_any(rng, name, data, pool))


_STATE: dict = {}


def _start_worker(out: str, slow: float) -> None:
    signal.signal(signal.SIGPROF, _alarm)
    _STATE.update(out=out, slow=slow)


def one(item: tuple[int, str, bytes]) -> dict:
    """Lint one input in a worker; what happened, its CPU time and whether it raised the worker's peak."""
    n, name, data = item
    failures = Path(_STATE["out"]) / "failures"
    record = {"outcome": "ok", "took": 0.0, "rss": 0.0}
    # Time is CPU time of this process: the team's machine is shared, and waiting for a core is not
    # the linter's slowness.
    _reset_peak()
    before = _resident_mb()
    start = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, HARD_LIMIT)
    try:
        record["outcome"] = exercise(name, data, render=n % 10 == 0)
    except Hang:
        record["outcome"] = "hang"
        _save(failures, n, name, data, f"hang: over {HARD_LIMIT} s")
    except Exception:  # noqa: BLE001 - this is what the fuzzer looks for
        record["outcome"] = "exception"
        _save(failures, n, name, data, traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    record["took"] = took = time.process_time() - start
    if took > _STATE["slow"] and record["outcome"] not in ("hang", "exception"):
        record["slow"] = True
        _save(failures, n, name, data, f"slow: {took:.2f} s")
    record["rss"] = rss = _input_peak_mb()
    # What the input itself took above what the worker already held: a worker keeps memory it freed
    # (the allocator does not give every page back), so its resident size alone would blame later inputs.
    record["grew"] = grew = max(0.0, rss - before)
    if rss > MEMORY_MB and grew > 20:
        record["memory"] = True
        _save(failures, n, name, data, f"memory: peak {rss:.0f} MB ({grew:.0f} MB above the {before:.0f} MB held before it)")
    return record


def _status_mb(field: str) -> float | None:
    """A size field of /proc/self/status (Linux) in MB, or None where there is none."""
    try:
        return int(Path("/proc/self/status").read_text().split(f"{field}:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):
        return None


def _resident_mb() -> float:
    return _status_mb("VmRSS") or 0.0


def _reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the process's peak resident memory (VmHWM), so that each
    input's peak is its own (the worker's resident baseline included), not the largest of every input so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # elsewhere the peak is the worker's whole-run peak: an upper bound


def _input_peak_mb() -> float:
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tally(stats: dict, record: dict) -> None:
    stats["inputs"] += 1
    outcome = record["outcome"]
    for key, hit in (("input_errors", outcome == "input-error"), ("exceptions", outcome == "exception"),
                     ("hangs", outcome == "hang"), ("slow", record.get("slow")), ("memory", record.get("memory"))):
        stats[key] += bool(hit)
    stats["slowest"] = max(stats["slowest"], record["took"])
    stats["peak_rss_mb"] = max(stats["peak_rss_mb"], record["rss"])
    stats["largest_input_mb"] = max(stats["largest_input_mb"], record["grew"])


def _save(failures: Path, n: int, name: str, data: bytes, what: str) -> None:
    (failures / f"{n}.input{name[name.rfind('.'):]}").write_bytes(data)
    (failures / f"{n}.why").write_text(f"{name}\n{what}\n", encoding="utf-8")


def _progress(out: str, stats: dict) -> None:
    """The figures so far (peak_rss_mb: the largest peak of a linting worker; the parent only makes inputs)."""
    (Path(out) / "progress.json").write_text(json.dumps({**stats, "time": time.time()}))


def replay_dir(failures: Path) -> None:
    """Each saved input again, in this process, with its size, CPU time and peak memory: whether a fix holds."""
    for why in sorted(failures.glob("*.why"), key=lambda p: int(p.stem)):
        data_file = next(failures.glob(f"{why.stem}.input*"))
        name = "replay" + data_file.name[data_file.name.rfind("."):]
        data = data_file.read_bytes()
        _reset_peak()
        start = time.process_time()
        try:
            outcome = exercise(name, data, render=True)
        except Exception as exc:  # noqa: BLE001 - report and go on
            outcome = f"EXCEPTION {type(exc).__name__}: {exc}"
        took = time.process_time() - start
        before = why.read_text(encoding="utf-8").splitlines()
        print(f"{why.stem}\t{len(data) / 2**20:.2f} MB\t{took:.2f} s\tpeak {_input_peak_mb():.0f} MB\t{outcome}\t"
              f"was: {' | '.join(before)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="number of the first input")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds past which an input is recorded as slow")
    parser.add_argument("--out", default="fuzz-out")
    parser.add_argument("--replay", help="run one saved input (prints the traceback)")
    parser.add_argument("--name", default="fuzz.txt", help="file name of the replayed input")
    parser.add_argument("--replay-dir", help="run every saved input of a run's failures/ again (after a fix)")
    args = parser.parse_args()
    if args.replay:
        start = time.perf_counter()
        print(exercise(args.name, Path(args.replay).read_bytes(), render=True), f"{time.perf_counter() - start:.2f} s")
        return
    if args.replay_dir:
        replay_dir(Path(args.replay_dir))
        return
    (Path(args.out) / "failures").mkdir(parents=True, exist_ok=True)
    started = time.time()
    stats = {"inputs": 0, "input_errors": 0, "exceptions": 0, "slow": 0, "hangs": 0, "memory": 0, "slowest": 0.0,
             "peak_rss_mb": 0.0, "largest_input_mb": 0.0}
    with multiprocessing.Pool(args.workers, initializer=_start_worker, initargs=(args.out, args.slow)) as pool:
        for record in pool.imap(one, inputs(args.seed, args.inputs), chunksize=4):
            _tally(stats, record)
            if stats["inputs"] % 1000 == 0:
                _progress(args.out, stats)
    _progress(args.out, stats)
    total = {k: stats[k] for k in ("inputs", "input_errors", "exceptions", "slow", "hangs", "memory")}
    total["slowest_s"] = round(stats["slowest"], 3)
    total["peak_rss_mb"] = round(stats["peak_rss_mb"], 1)  # a worker's largest resident size
    total["largest_input_mb"] = round(stats["largest_input_mb"], 1)  # the most one input added to it
    total["wall_s"] = round(time.time() - started)
    (Path(args.out) / "summary.json").write_text(json.dumps(total, indent=1))
    print(json.dumps(total, indent=1))


if __name__ == "__main__":
    main()
