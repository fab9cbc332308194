"""Where a report's CPU goes, stage by stage, in one process.

Usage:  python bench/stages.py [DIR] [--passes N] [--rules] [--cold]

Every report file of DIR (default: the 40 text reports of ``tests/fixtures``, as ``bench/scenarios.py``
uses them) goes through the stages a batch runs on it — read, lex, parse, build, single-report rules,
the batch's summaries and their trip to the parent (the seen pickle), the spill pickle and its loading back, the late rules and the result's pickle —
each timed with ``time.process_time``.  The corpus is run ``--passes`` times (default 5) and each stage's
least time is printed, per report: on a shared machine the least is the figure that the others' load
disturbs least.  Rule and pattern caches are warm (one report is linted first), as in a batch.
``--rules`` also splits the rules' time by rule.

No figure here is asserted: performance is measured, never a unit test.
"""

from __future__ import annotations

import argparse
import collections
import pickle
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "lex", "parse", "build", "rules alone", "summaries", "seen pickle", "spill dumps", "spill loads",
          "late rules", "result pickle")


def _files(directory: str | None) -> list[Path]:
    if directory:
        return sorted(p for p in Path(directory).iterdir() if p.is_file())
    fixtures = ROOT / "tests" / "fixtures"
    found = [p for sub in ("seeds", "reports", "corpus") for p in sorted((fixtures / sub).rglob("*.txt"))]
    return [p for p in found if p.stat().st_size > 500]


def one_pass(files: list[Path], by_rule: bool) -> collections.Counter:
    from disclosure_lint import api
    from disclosure_lint.batch import Seen
    from disclosure_lint.checks import runner
    from disclosure_lint.checks.late_view import late_view
    from disclosure_lint.checks.run_config import Config
    from disclosure_lint.output import FileResult
    from disclosure_lint.output.slim import slim
    from disclosure_lint.read.grammar import parse_tokens
    from disclosure_lint.read.lexer import tokenize
    from disclosure_lint.read.memory import one_file
    from disclosure_lint.report.pairing import running_text, summarize
    from disclosure_lint.report.templates import lazy_row_label_pattern
    from disclosure_lint.report.twins import sample, who

    config = Config()
    wanted = api.compared_cells([config])
    labels = lazy_row_label_pattern()
    spent: collections.Counter = collections.Counter()
    clock = time.process_time
    for path in files:
        marks = [clock()]
        with one_file():  # a batch runs a file's work with the collector paused (api.guarded)
            loaded = api.read_input(str(path), path)
            marks.append(clock())
            tokens = tokenize(loaded.source, labels)
            marks.append(clock())
            document = parse_tokens(loaded.source, tokens)
            marks.append(clock())
            report = api.report_of(document, config)
            marks.append(clock())
            alone = runner.lint_alone(report, config)
            marks.append(clock())
            running = running_text(report)  # as batch._alone: the text both summaries are made of
            seen = Seen(None, summarize(report, wanted, running), array("Q", sample(report, running)),
                        report.genre.kind, ("", ""), who(report))
            marks.append(clock())
            pickle.loads(pickle.dumps(seen))  # the worker's answer to the parent, as the pool sends it
            marks.append(clock())
            shown = slim(report, rows=False)  # as a JSON run's batch (the terminal output's keeps the rows)
            # What a batch for the slim outputs keeps between its passes (batch._waiting): the late rules'
            # view of the report and the findings (the slim report shown, and the source, wait in the
            # result finished in the first pass: the result pickle below).  Pickled, and the report let
            # go, inside the file's block, as batch.see does (no collection walks a report about to be freed).
            heavy = pickle.dumps((late_view(report, wanted, with_source=False), alone, None),
                                 protocol=pickle.HIGHEST_PROTOCOL)
            del report, document, tokens, loaded, alone
            marks.append(clock())
        with one_file():
            view, alone, _ = pickle.loads(heavy)
            report = view.report(shown.document.source)  # the source, from the result (batch._finished)
            marks.append(clock())
            diagnostics = runner.finish(report, config, alone)
            marks.append(clock())
            data = pickle.dumps(FileResult(str(path), api.LintResult(shown, diagnostics)),
                                protocol=pickle.HIGHEST_PROTOCOL)  # in the block, as batch.complete does
            del report, view, alone, shown, diagnostics
        pickle.loads(data)
        marks.append(clock())
        for stage, start, end in zip(STAGES, marks, marks[1:]):
            spent[stage] += end - start
    return spent


def _timed_rules(spent: collections.Counter) -> None:
    """Each rule's time (the rules of a report share what the first of them derives)."""
    from disclosure_lint.checks import runner

    run_rule = runner._run_rule

    def timed(rule, report, ctx):
        start = time.process_time()
        try:
            return run_rule(rule, report, ctx)
        finally:
            spent[f"{rule.kind}: {rule.name}"] += time.process_time() - start

    runner._run_rule = timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--rules", action="store_true", help="also each rule's time")
    parser.add_argument("--cold", action="store_true",
                        help="empty the caches keyed by text before each pass: a batch's reports are distinct, "
                             "while the same files read again find their lines, cells and counts cached")
    args = parser.parse_args()
    from disclosure_lint import api

    files = _files(args.directory)
    api.lint(files[0].read_text(encoding="utf-8", errors="replace"))  # caches warm, as in a batch
    rules: collections.Counter = collections.Counter()
    if args.rules:
        _timed_rules(rules)
    passes = []
    for _ in range(args.passes):
        rules.clear()
        if args.cold:
            from disclosure_lint.read.memory import _FORGOTTEN

            for cache in _FORGOTTEN:
                cache.cache_clear()
        passes.append((one_pass(files, args.rules), collections.Counter(rules)))
    least = {stage: min(p[0][stage] for p in passes) for stage in STAGES}
    n = len(files)
    print(f"{n} reports, least of {args.passes} passes, ms CPU per report")
    for stage in STAGES:
        print(f"  {stage:16s} {1000 * least[stage] / n:7.3f}")
    print(f"  {'total':16s} {1000 * sum(least.values()) / n:7.3f}")
    if args.rules:
        names = {name for _, r in passes for name in r}
        fastest = {name: min(r.get(name, 0.0) for _, r in passes) for name in names}
        for name, seconds in sorted(fastest.items(), key=lambda kv: -kv[1])[:20]:
            print(f"  {name:56s} {1000 * seconds / n:7.3f}")


if __name__ == "__main__":
    main()
