"""Command line: ``disclosure-lint check|parse|rules|rule``.

Exit codes: 0 no finding at or above the failing level; 1 findings; 2 usage, configuration or input
error (a missing or unreadable file, a malformed rule file).  A bad file never stops the others.
"""

from __future__ import annotations

import sys
import time
from typing import NoReturn
from pathlib import Path

import click

from disclosure_lint import __version__
from disclosure_lint.checks.run_config import Config, env_lang
from disclosure_lint.checks.config_files import (ISSUER_KINDS, SettingsCache, depends_on_path, excluded_by, find_config,
                                                 merge)
from disclosure_lint.checks.diagnostics import SEVERITIES, severity_rank
from disclosure_lint.read.document import Document
from disclosure_lint import api
from disclosure_lint.cli_help import LocalisedGroup
from disclosure_lint.read.load import InputError
from disclosure_lint.output import FileResult, SkippedFile, human
from disclosure_lint.output.progress import on_terminal, progress_bar
from disclosure_lint.output.safe import clean, safe_items
from disclosure_lint.output.summary import BatchInfo
from disclosure_lint.checks.rules import builtin_rules, check_unique, load_rule_file
from disclosure_lint.yamlio import ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
NOT_A_FORMAT = {"zh": "不是可检查的文件格式（{suffix}）", "en": "not a format that can be checked ({suffix})"}
LEGACY = {"zh": "旧版 Word/WPS 文件（{suffix}），请另存为 .docx 后检查", "en": "legacy Word/WPS file ({suffix}): save it as .docx"}


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _fail(message: str) -> NoReturn:
    click.echo(f"disclosure-lint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _cli_lang() -> str:
    """The language of this command line (its --lang, else the environment's), before any configuration."""
    ctx = click.get_current_context(silent=True)
    return getattr(ctx.find_root().command, "lang", None) or env_lang() if ctx else env_lang()


def _input_fail(name: str, exc: Exception, lang: str | None = None) -> NoReturn:
    """A report that cannot be read: one message in the run's language, exit 2."""
    from disclosure_lint.errors_zh import input_error_text

    _fail(f"{name}: {input_error_text(str(exc), lang or _cli_lang())}")


def _config_fail(exc: ConfigError) -> NoReturn:
    """A malformed configuration, rule or baseline file: its place and what is wrong, exit 2."""
    from disclosure_lint.errors_zh import config_error_text

    _fail(config_error_text(exc, _cli_lang()))


def _rule_files(rule_files: tuple[str, ...]) -> tuple:
    extra = []
    try:
        for f in rule_files:
            extra.extend(load_rule_file(f))
        check_unique([*builtin_rules(), *extra])
    except ConfigError as exc:
        _config_fail(exc)
    return tuple(extra)


def _manifest(name: str | None):
    if name is None:
        return None
    from disclosure_lint.checks.manifest import load_manifest

    try:
        return load_manifest(name)
    except ConfigError as exc:
        _config_fail(exc)


def _date_option(value: str | None):
    if value is None:
        return None
    from disclosure_lint.report.dates import parse_date

    date = parse_date(value)
    if date is None:
        raise click.BadParameter(f"{value!r} is not a date (e.g. 2024-04-30)", param_hint="--published")
    return date


FORMATS = ["human", "json", "github", "sarif", "junit", "gitlab", "html", "csv", "xlsx"]
LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of messages (default: zh, or the configuration's).")
def _era_option(ctx, param, value: str | None) -> str | None:
    """The formats are data (rules/templates): known only once they are loaded, not at import."""
    from disclosure_lint.report.templates import era_ids

    if value is not None and value not in era_ids():
        raise click.BadParameter(f"{value!r} is not a known format (known: {', '.join(era_ids())})")
    return value


ERA = click.option("--era", callback=_era_option, default=None, metavar="FORMAT",
                   help="Force the template format (格式版本, e.g. 2021) instead of detecting it.")


def _render(fmt: str, items: list[FileResult], config: Config, *, color: bool | None, quiet: bool,
            statistics: bool, stale: list[dict] | None = None, stream=None, batch: BatchInfo | None = None,
            excel: bool = False, sarif_root: str | None = None, printed=None) -> str | None:
    """Render ``items`` in ``fmt``; the human format prints itself (to ``stream`` or stdout, and to the
    run's recorder ``printed`` if any)."""
    if fmt == "human":
        console = human.console_for(stream, color)
        if printed is not None:
            if isinstance(console, human.PlainConsole) and stream is None:
                console.tee = printed.add
            else:
                printed.drop()  # a rich console's text is not what it writes
        human.render(items, console, config.lang, quiet=quiet, statistics=statistics,
                     skipped=batch.skipped if batch else ())
        for entry in stale or ():
            from disclosure_lint.output import baseline  # only the runs that use one (pre-commit does not)

            human.note(console, baseline.say('stale', config.lang, **entry))
        return None
    if fmt == "json":
        from disclosure_lint.output import json_format

        return json_format.render(items, batch)
    if fmt == "github":
        from disclosure_lint.output import github

        return github.render(items)
    if fmt == "sarif":
        from disclosure_lint.output import sarif

        return sarif.render(items, config, sarif_root)
    if fmt == "junit":
        from disclosure_lint.output import junit

        return junit.render(items)
    if fmt == "html":
        from disclosure_lint.output.html import render_html

        return render_html(items, config, lang=config.lang, batch=batch)
    if fmt == "csv":
        from disclosure_lint.output.tabular import finding_rows, to_csv

        batch = batch or BatchInfo()
        return to_csv(finding_rows(items, batch.summaries(items), config.lang), bom=excel).rstrip("\n")
    from disclosure_lint.output import gitlab

    return gitlab.render(items)


def _parse_outputs(outputs: tuple[str, ...], fmt: str) -> list[tuple[str, Path]]:
    if fmt == "xlsx":
        raise click.BadParameter("a spreadsheet is not printed: use --output xlsx:PATH", param_hint="--format")
    parsed = []
    for spec in outputs:
        fmt, sep, target = spec.partition(":")
        if not sep or fmt not in FORMATS or not target:
            raise click.BadParameter(f"{spec!r}: expected FORMAT:PATH with FORMAT one of {', '.join(FORMATS)}",
                                     param_hint="--output")
        parsed.append((fmt, Path(target)))
    return parsed


@click.group(cls=LocalisedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="disclosure-lint")
def main() -> None:
    """Lint 政府信息公开工作年度报告 (government information disclosure annual reports)."""


def run() -> None:
    """The ``disclosure-lint`` command as a process (console script, ``python -m disclosure_lint``).  Its
    modules are imported by now and what they made lives as long as the process: the cyclic garbage
    collector is told to leave that alone rather than walk it again in every collection of the run (a
    thirteenth of a one-report check).  Not done when ``main`` is called inside another program."""
    import gc

    gc.freeze()
    main()


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="human", show_default=True,
              help="What to print on standard output.")
@click.option("--output", "outputs", multiple=True, metavar="FORMAT:PATH",
              help="Also write FORMAT to PATH (repeatable), e.g. sarif:results.sarif.")
@LANG
@ERA
@click.option("--fail-level", type=click.Choice(list(SEVERITIES)), default=None,
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--select", multiple=True, help="Only these rules (codes, names or code prefixes; comma-separated).")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names or code prefixes; comma-separated).")
@click.option("--issuer-kind", type=click.Choice(list(ISSUER_KINDS)), default=None,
              help="The issuing body's kind, when its name does not tell (sets the deadline).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="An extra rule file (YAML) adding rules of the existing kinds.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this configuration file instead of searching upwards from each report.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--previous", "previous_files", multiple=True, type=click.Path(dir_okay=False),
              help="Last year's report, for the cross-year checks when it is not among the linted files.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
              help="Record every current finding in this baseline file and exit 0.")
@click.option("--quiet", is_flag=True, help="Show errors only (the summary still counts everything).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--no-color", is_flag=True, help="Never colour the output (colour is used only on a terminal).")
@click.option("--manifest", "manifest_file", type=click.Path(dir_okay=False), default=None,
              help="CSV or YAML: per report file its issuer, issuer kind, publication date, source URL (these win).")
@click.option("--published", callback=lambda ctx, param, value: _date_option(value), default=None, metavar="DATE",
              help="The day the report was published (e.g. 2024-04-30), for the deadline check.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None, show_default="auto",
              help="Lint files in this many processes (0: one per CPU; default: one per CPU when the "
                   "files are many enough to pay for them); the output is the same.")
@click.option("--timeout", type=click.FloatRange(min=0), default=api.DEFAULT_BUDGET, show_default=True, metavar="SECONDS",
              help="Time budget per file: a file that takes longer gets an input error and the others go on (0: none).")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Keep the result cache here (default: .disclosure-lint-cache at the repository's root).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--reports-only", is_flag=True,
              help="Skip named files that are not reports, as a directory scan does (for pre-commit hooks).")
@click.option("--sarif-root", type=click.Path(file_okay=False), default=None,
              help="SARIF file locations are relative to this directory (default: the working directory).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (input errors still exit 2).")
@click.option("--show-files", is_flag=True, help="List the files that would be linted, and exit.")
@click.option("--show-settings", is_flag=True, help="Print the settings each file would be linted with, and exit.")
@click.option("--rubric", "rubric_file", type=click.Path(dir_okay=False), default=None,
              help="Scoring rubric (YAML) for the scores in json/html/xlsx/csv (default: the shipped one).")
@click.option("--roster", "roster_file", type=click.Path(dir_okay=False), default=None,
              help="The units expected to report (CSV or YAML): lists units with no report, reports of no unit.")
@click.option("--split-output", "split_dir", type=click.Path(file_okay=False), default=None,
              help="Also write one small HTML page per report into this directory, named after its unit.")
@click.option("--excel", is_flag=True, help="CSV output with a byte-order mark, so Excel reads it as UTF-8.")
def check(paths, fmt, outputs, lang, era, fail_level, select, extend_select, ignore, issuer_kind, rule_files,
          config_file, no_config, previous_files, baseline_file, write_baseline, quiet, statistics, no_color,
          manifest_file, published, jobs, exit_zero, show_files, show_settings, rubric_file, roster_file, split_dir,
          excel, timeout, sarif_root, reports_only, cache_dir, no_cache):
    """Check report files, directories (recursively) or - for standard input (default: the current directory)."""
    paths = paths or (".",)
    started = time.monotonic()
    extra_outputs = _parse_outputs(outputs, fmt)
    scanned = api.scan_paths(paths)  # every directory walked once
    _refuse_overwriting_reports(scanned[0], previous_files, [t for _, t in extra_outputs], write_baseline)
    cli = {"lang": lang, "era": era, "fail_level": fail_level, "select": _split(select),
           "extend_select": _split(extend_select), "ignore": _split(ignore), "issuer_kind": issuer_kind,
           "extra_rules": _rule_files(rule_files), "manifest": _manifest(manifest_file), "published": published,
           "rubric": rubric_file}
    settings = SettingsCache()
    supervisor = _supervisor_inputs(rubric_file, roster_file)
    cache = _cache_dir(cache_dir, no_cache or bool(previous_files))
    inputs, configs, skipped = _inputs(scanned, cli, settings, config_file, no_config)
    named = set() if reports_only else set(paths)  # a file named on the command line is linted, report or not
    _check_option_refs(cli, configs)
    if show_files or show_settings or previous_files:
        slots = _read_all(inputs, configs, api.worker_count(jobs, len(inputs)), timeout or None)
        if show_files or show_settings:
            _show(api.drop_non_reports(slots, named), settings=show_settings)
        items, not_reports = api.skip_non_reports(_with_previous(slots, previous_files, supervisor[1], timeout or None), named)
    else:  # the batch: each file's work in the workers, the cross-file checks on summaries, memory flat
        with progress_bar(len(inputs), "检查 checking", on_terminal()) as done:
            items, not_reports = api.lint_files([(raw, path, configs[raw]) for raw, path in inputs], named, jobs=jobs,
                                                budget=timeout or None, units=supervisor[1] or (), cache_dir=cache,
                                                slim=_slim_outputs(fmt, extra_outputs, split_dir),
                                                rows=_quoting_outputs(fmt, extra_outputs), done=done)
    items = safe_items(items)  # report text and file names cannot inject into any output
    lang = next(iter(configs.values())).lang if configs else (lang or "zh")
    skipped = [(s.path, s.reason(lang)) for s in not_reports] + skipped
    if not items and not skipped:
        _fail("no report files found in " + ", ".join(paths))
    run_config = next(iter(configs.values())) if configs else merge(settings.get(None), cli, None)
    if write_baseline:
        from disclosure_lint.output import baseline

        try:
            count = baseline.write(Path(write_baseline), items)
        except OSError as exc:
            _fail(baseline.say("cannot_write", run_config.lang, path=write_baseline, why=exc.strerror or exc))
        click.echo("disclosure-lint: " + baseline.say("wrote", run_config.lang, count=count, path=write_baseline),
                   err=True)
        sys.exit(EXIT_ERROR if any(i.error for i in items) else EXIT_CLEAN)
    if baseline_file:
        items = _apply_baseline(Path(baseline_file), items, run_config.lang,
                                (*cli["extra_rules"], *(r for c in configs.values() for r in c.extra_rules)))
    replay = _replay(items, fmt, skipped, configs, cache, paths,
                     others=bool(write_baseline or baseline_file or extra_outputs or split_dir))
    batch = _batch(items, run_config, supervisor, skipped, started)
    printed = replay.printed if replay is not None else None
    if fmt == "json":  # a file at a time: the JSON of 10,000 reports is never one string
        from disclosure_lint.output import json_format

        for chunk in json_format.chunks(items, batch):
            _print(chunk, printed, nl=False)
        _print("", printed)
    else:
        text = _render(fmt, items, run_config, color=False if no_color else None, quiet=quiet, statistics=statistics,
                       batch=batch, excel=excel, sarif_root=sarif_root, printed=printed)
        if text is not None:
            _print(text, printed)
    for out_fmt, target in extra_outputs:
        _write_output(out_fmt, target, items, run_config, quiet=quiet, statistics=statistics, batch=batch, excel=excel,
                      sarif_root=sarif_root)
    if split_dir:
        _write_split(Path(split_dir), items, run_config, batch)
    if on_terminal() or split_dir or fmt == "html" or any(f in ("html", "xlsx") for f, _ in extra_outputs):
        _closing_summary(items, batch, run_config.lang, started)
    code = _exit_code(items, configs, run_config)
    code = EXIT_CLEAN if exit_zero and code == EXIT_FINDINGS else code
    if replay is not None and code != EXIT_ERROR:
        replay.keep(code)
    sys.exit(code)


def _replay(items, fmt: str, skipped: list[tuple[str, str]], configs: dict[str, Config], cache: Path | None,
            paths: tuple[str, ...], others: bool):
    """For a run whose output an unchanged rerun may print again (:mod:`disclosure_lint.output.replay`):
    its :class:`~disclosure_lint.output.replay.Run`; None for any other run.  When that output was kept,
    it is printed here and the run ends."""
    memo = getattr(items, "memo", None)
    if memo is None or cache is None or others or on_terminal():
        return None
    from disclosure_lint.output import replay
    from disclosure_lint.output.result_cache import ResultCache

    if fmt not in replay.FORMATS:
        return None
    params = click.get_current_context().params
    named = replay.named_files(params, skip=paths) + [c.rubric for c in configs.values() if c.rubric]
    shown = {**params, "terminal width": human.terminal_width()} if fmt == "human" else params
    run = replay.Run(ResultCache(cache), replay.key(memo, shown, named, skipped))
    kept = run.recalled()
    if kept is not None:
        if fmt == "human":  # written as the terminal output writes it
            sys.stdout.write(kept[0])
            sys.stdout.flush()
        else:
            click.echo(kept[0], nl=False)
        sys.exit(kept[1])
    return run


def _print(text: str, printed, nl: bool = True) -> None:
    """``click.echo``, and what is printed kept by the run's recorder (if any)."""
    click.echo(text, nl=nl)
    if printed is not None:
        printed.add(text + "\n" if nl else text)


def _lint_all(slots: list["Slot"], previous: list[Document], units, budget: float | None = None) -> list[FileResult]:
    """Lint every report read, with a progress bar on a terminal; a roster's unit kinds set deadlines."""
    docs = [s for s in slots if not isinstance(s, FileResult)]
    with progress_bar(len(docs), "检查 checking", on_terminal()) as done:
        adjust = api.roster_kinds(units) if units else None
        results = iter(api.lint_many([(doc, config) for _, doc, config in docs], previous, done, adjust, budget))
    return [s if isinstance(s, FileResult) else _file_result(s[0], next(results)) for s in slots]


def _file_result(path: str, result) -> FileResult:
    return FileResult(path, error=result) if isinstance(result, str) else FileResult(path, result)


def _check_option_refs(cli: dict, configs: dict[str, Config]) -> None:
    """--select/--ignore/--extend-select name only rules that exist (built in, or from a rule file)."""
    from disclosure_lint.checks.rule_refs import unknown_refs

    rules = [*builtin_rules(), *cli["extra_rules"], *(r for c in configs.values() for r in c.extra_rules)]
    for option in ("select", "extend_select", "ignore"):
        for ref, hint in unknown_refs(cli[option], rules):
            _fail(f"--{option.replace('_', '-')}: unknown rule {ref!r} (hint: {hint})")


def _show(slots: list["Slot"], *, settings: bool) -> NoReturn:
    """--show-files / --show-settings: what a run would lint, and with what, without linting."""
    for slot in slots:
        if isinstance(slot, FileResult):
            click.echo(f"{slot.path}: {slot.error}", err=True)
        elif settings:
            import json

            click.echo(json.dumps({"path": slot[0], "settings": slot[2].describe()}, ensure_ascii=False))
        else:
            click.echo(slot[0])
    sys.exit(EXIT_ERROR if any(isinstance(s, FileResult) for s in slots) else EXIT_CLEAN)


def _supervisor_inputs(rubric_file: str | None, roster_file: str | None) -> tuple:
    """The rubric and the roster, read (and refused when malformed, exit 2) before any report is."""
    if not rubric_file and not roster_file:
        return None, None
    from disclosure_lint.checks.roster import load_roster
    from disclosure_lint.checks.rubric import load_rubric

    try:
        return (load_rubric(rubric_file) if rubric_file else None, load_roster(roster_file) if roster_file else None)
    except ConfigError as exc:
        _config_fail(exc)


def _batch(items: list[FileResult], config: Config, supervisor: tuple, skipped, started: float) -> BatchInfo:
    rubric, units = supervisor
    if rubric is None and config.rubric:
        from disclosure_lint.checks.rubric import load_rubric

        rubric = load_rubric(config.rubric)  # validated when the configuration was read
    roster = None
    if units:
        from disclosure_lint.checks.roster import match_roster

        roster = match_roster(units, [(i.path, i.result.report.issuer if i.result else None) for i in items])
    return BatchInfo(rubric, tuple(skipped), roster, time.monotonic() - started)


def _closing_summary(items: list[FileResult], batch: BatchInfo, lang: str, started: float) -> None:
    """Files checked, skipped (with why), unreadable, and the time: on stderr, after a supervisor's run."""
    from disclosure_lint.output.progress import closing_summary

    text = closing_summary(items, batch.skipped, time.monotonic() - started, lang)
    click.echo(f"disclosure-lint: {text}", err=True)


def _write_split(folder: Path, items: list[FileResult], config: Config, batch: BatchInfo) -> None:
    from disclosure_lint.output.split import write_split

    try:
        write_split(folder, items, config, batch)
    except OSError as exc:
        _fail(f"cannot write {folder}: {exc.strerror or exc}")


Slot = FileResult | tuple[str, Document, Config]


def _refuse_overwriting_reports(inputs: list[tuple[str, Path | None]], previous_files, targets: list[Path],
                                write_baseline: str | None) -> None:
    """An output file must never be one of the reports this run reads (the linter never writes a report)."""
    from disclosure_lint.output.files import OutputError, refuse_linted

    linted = [p for _, p in inputs] + [Path(p) for p in previous_files]
    try:
        for target in targets + ([Path(write_baseline)] if write_baseline else []):
            refuse_linted(target, linted)
    except OutputError as exc:
        _fail(str(exc))


def _slim_outputs(fmt: str, extra_outputs: list[tuple[str, Path]], split_dir: str | None) -> bool:
    """Whether every output of this run reads only what a slim report keeps (not the HTML pages)."""
    from disclosure_lint.output.slim import FORMATS

    return fmt in FORMATS and all(f in FORMATS for f, _ in extra_outputs) and not split_dir


def _quoting_outputs(fmt: str, extra_outputs: list[tuple[str, Path]]) -> bool:
    """Whether an output of this run quotes a table cell's row label above it (the slim reports then keep
    their tables' rows laid out one cell per line)."""
    from disclosure_lint.output.slim import QUOTING

    return fmt in QUOTING or any(f in QUOTING for f, _ in extra_outputs)


def _cache_dir(cache_dir: str | None, off: bool) -> Path | None:
    """Where the result cache is (None: not used)."""
    if off:
        return None
    from disclosure_lint.output.result_cache import default_dir, disabled_by_environment

    if disabled_by_environment():
        return None
    return Path(cache_dir) if cache_dir else default_dir()


def _inputs(scanned: tuple[list[tuple[str, Path | None]], list[Path]], cli: dict, settings: SettingsCache, config_file: str | None,
            no_config: bool) -> tuple[list[tuple[str, Path | None]], dict[str, Config], list[tuple[str, str]]]:
    """Every input with the configuration that applies to it; the files the configuration excludes are
    listed with why, not read.  (Files that are not reports are told after reading.)"""
    configs: dict[str, Config] = {}
    excluded: list[SkippedFile] = []
    inputs: list[tuple[str, Path | None]] = []
    shared: dict[int, Config] = {}  # by the settings' identity: one merge for the reports they all govern
    for raw, path in scanned[0]:
        file_settings = _settings_for(path, config_file, no_config, settings)
        glob = excluded_by(file_settings, path)
        if glob is not None:
            excluded.append(SkippedFile(raw, "excluded", f"配置 exclude 排除（{glob}）", f"excluded by configuration ({glob})"))
            continue
        config = shared.get(id(file_settings))
        if config is None:
            config = _merged(file_settings, cli, path)
            if not depends_on_path(file_settings, cli):
                shared[id(file_settings)] = config
        configs[raw] = config
        inputs.append((raw, path))
    lang = cli.get("lang") or "zh"
    skipped = [(s.path, s.reason(lang)) for s in excluded]
    for other in scanned[1]:
        reason = LEGACY if other.suffix.lower() in (".doc", ".wps") else NOT_A_FORMAT
        skipped.append((str(other), reason[lang].format(suffix=other.suffix or "—")))
    return inputs, configs, skipped


def _read_all(inputs: list[tuple[str, Path | None]], configs: dict[str, Config], jobs: int,
              budget: float | None) -> list[Slot]:
    """Every input read (or its input error), for the runs that need the documents themselves."""
    with progress_bar(len(inputs), "读取 reading", on_terminal()) as done:
        documents = api.read_documents([(raw, path, True) for raw, path in inputs], jobs, done, budget)
    return [FileResult(raw, error=document) if isinstance(document, str) else (raw, document, configs[raw])
            for (raw, _), document in zip(inputs, documents)]


def _with_previous(slots: list[Slot], previous_files, units, budget: float | None) -> list[FileResult]:
    """Lint the reports read, each compared with the ``--previous`` report of the year before."""
    previous = [_previous(name) for name in previous_files]
    for conflict in api.previous_conflicts([s for s in slots if not isinstance(s, FileResult)],
                                           list(zip(previous_files, previous))):
        _fail(conflict)
    return _lint_all(slots, previous, units, budget)


def _previous(name: str) -> Document:
    try:
        return api.document_of(api.read_input(name, Path(name)))
    except InputError as exc:
        _input_fail(name, exc)


def _apply_baseline(path: Path, items: list[FileResult], lang: str, extra_rules: tuple = ()) -> list[FileResult]:
    from disclosure_lint.output import baseline

    try:
        filtered = baseline.apply(path, items, extra_rules)
    except ConfigError as exc:
        _config_fail(exc)
    for entry in filtered.stale:
        click.echo("disclosure-lint: " + baseline.say("stale", lang, **entry), err=True)
    return filtered.items


def _write_output(fmt: str, target: Path, items: list[FileResult], config: Config, *, quiet: bool,
                  statistics: bool, batch: BatchInfo | None = None, excel: bool = False,
                  sarif_root: str | None = None) -> None:
    from disclosure_lint.output.files import atomic_stream, write_atomic, write_atomic_bytes

    try:
        if fmt == "xlsx":
            from disclosure_lint.output.xlsx import render_xlsx

            write_atomic_bytes(target, render_xlsx(items, config, lang=config.lang, batch=batch))
        elif fmt == "human":
            with atomic_stream(target) as handle:
                _render("human", items, config, color=False, quiet=quiet, statistics=statistics, stream=handle)
        else:
            text = _render(fmt, items, config, color=False, quiet=quiet, statistics=statistics, batch=batch,
                           excel=excel, sarif_root=sarif_root) or ""
            write_atomic(target, text + "\n")
    except OSError as exc:
        _fail(f"cannot write {target}: {exc.strerror or exc}")


def _exit_code(items: list[FileResult], configs: dict[str, Config], run_config: Config) -> int:
    outcomes = api.outcomes(items)  # a batch's without finishing its reports again
    if any(error for _, error, _ in outcomes):
        return EXIT_ERROR
    failing = any(
        severity_rank(severity) >= severity_rank(configs.get(path, run_config).fail_level)
        for path, _, severities in outcomes for severity in severities
    )
    return EXIT_FINDINGS if failing else EXIT_CLEAN


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "target", type=click.Path(dir_okay=False), default=None,
              help="Where to write the copy (default: NAME.checked.docx, or NAME.checked.html, beside the report).")
@LANG
@ERA
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Use this configuration file instead of searching upwards from the report.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
def annotate(path, target, lang, era, config_file, no_config):
    """Write a copy of a Word report with a comment on each finding (other formats: an HTML report).

    The report itself is never changed."""
    from disclosure_lint.output.files import OutputError

    source = Path(path)
    config = _one_config(source, {"lang": lang, "era": era}, config_file, no_config)
    try:
        written, kind = api.annotate_file(source, None if target is None else Path(target), config)
    except InputError as exc:
        _input_fail(path, exc, config.lang)
    except OutputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"无法写入 {target}：{exc.strerror or exc}" if config.lang != "en" else
              f"cannot write {target}: {exc.strerror or exc}")
    click.echo(f"disclosure-lint: {'已写入' if config.lang != 'en' else 'wrote'} {written}", err=True)


def _one_config(path: Path | None, cli: dict, config_file: str | None, no_config: bool,
                settings: SettingsCache | None = None) -> Config:
    """The configuration that applies to one report (``path`` None: standard input): the nearest
    configuration file (or ``--config``), then the command line's ``cli`` options."""
    return _merged(_settings_for(path, config_file, no_config, settings), cli, path)


def _settings_for(path: Path | None, config_file: str | None, no_config: bool, settings: SettingsCache | None = None):
    """The settings of the configuration file that applies to ``path`` (nearest, or ``--config``)."""
    try:
        forced = None if no_config or not config_file else Path(config_file)
        if forced is not None and not forced.is_file():
            raise ConfigError(forced, None, "no such configuration file")
        found = None if no_config else (forced or find_config(path if path is not None else Path.cwd()))
        return (settings or SettingsCache()).get(found.resolve() if found else None)
    except ConfigError as exc:
        _config_fail(exc)


def _merged(file_settings, cli: dict, path: Path | None) -> Config:
    try:
        return merge(file_settings, cli, path)
    except ConfigError as exc:
        _config_fail(exc)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every unit on the office network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port to listen on.")
@click.option("--max-size", type=click.FloatRange(min=0.001), default=50, show_default=True,
              help="Largest upload accepted, in MB.")
@click.option("--timeout", type=click.FloatRange(min=1), default=60, show_default=True,
              help="Seconds one report may take to check before it is stopped.")
@LANG
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file for every upload (default: the one found from the current folder).")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
def serve(host, port, max_size, timeout, lang, config_file, no_config):
    """A local web page: drop a report (or paste its text), see its findings, download the annotated .docx."""
    from disclosure_lint.serve import MB, Limits, serve as run

    config = _one_config(None, {"lang": lang}, config_file, no_config)
    run(host, port, config, Limits(max_bytes=int(max_size * MB), timeout=timeout))


TIMEOUT = click.option("--timeout", type=click.FloatRange(min=0), default=api.DEFAULT_BUDGET, show_default=True,
                       metavar="SECONDS", help="Time budget per file: a file that takes longer is an input error (0: none).")


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@ERA
@TIMEOUT
def parse(path, fmt, era, timeout):
    """Print what the parser understood of a report (for debugging a misreading)."""
    import json

    from disclosure_lint.output.parse_json import understood

    outcome = api.parse_input(path, None if path == "-" else Path(path), Config(era=era), timeout or None)
    if isinstance(outcome, str):
        _input_fail(path, InputError(outcome))
    click.echo(json.dumps(outcome, ensure_ascii=False, indent=2))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@ERA
@click.option("--excel", is_flag=True, help="CSV with a byte-order mark, so Excel reads it as UTF-8.")
@TIMEOUT
def extract(paths, fmt, era, excel, timeout):
    """The tables of many reports as one dataset: issuer, year, table, row, column, value.

    For the supervisor who aggregates subordinate bodies' reports.  Blank cells have an empty value
    and status "blank"; unreadable cells keep their text in "text" and status "unreadable".
    """
    from disclosure_lint.output.dataset import to_csv

    config = Config(era=era, select=("none-selected",))
    records, failed = [], False
    for raw, path in api.expand_paths(paths):
        outcome = api.guarded(timeout or None, lambda r=raw, p=path: _extracted(r, p, config, raw not in paths))
        if isinstance(outcome, str):
            from disclosure_lint.errors_zh import input_error_text

            click.echo(f"disclosure-lint: {raw}: {input_error_text(outcome, _cli_lang())}", err=True)
            failed = True
            continue
        records.extend(outcome)
    if fmt == "json":
        import json

        click.echo(json.dumps(records, ensure_ascii=False, indent=1))
    else:
        click.echo(to_csv(records, bom=excel), nl=False)
    sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _extracted(raw: str, path: Path | None, config: Config, scanned: bool) -> list:
    from disclosure_lint.output.dataset import rows_of

    report = api.report_of(api.document_of(api.read_input(raw, path)), config)
    if scanned and report.genre.kind != "report":
        return []  # a README or a letter in the directory has no tables to extract
    return rows_of(raw, report)


@main.command("rules")
@LANG
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown: every rule's full documentation (docs/rules.md is made with it).")
@click.option("--kinds", is_flag=True, help="Document the rule kinds and their parameters (docs/kinds.md).")
def list_rules(lang, fmt, kinds):
    """List every rule: code, name, severity, formats (格式版本)."""
    if kinds:
        from disclosure_lint.output.rule_docs import kinds_markdown

        click.echo(kinds_markdown(), nl=False)
        return
    lang = lang or env_lang()
    rules = sorted(builtin_rules(), key=lambda r: r.code)
    if fmt == "markdown":
        from disclosure_lint.output.rule_docs import markdown

        click.echo(markdown(rules), nl=False)
        return
    for rule in rules:
        eras = ",".join(rule.eras) if rule.eras else "all"
        summary = rule.summary.get(lang) or rule.summary.get("zh", "")
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {eras:<10} {summary}")


@main.command("rule")
@click.argument("name")
@LANG
def show_rule(name, lang):
    """Print a rule's documentation: what it checks, why, its basis and examples."""
    from disclosure_lint.checks.rule_refs import unknown_reason
    from disclosure_lint.output.rule_docs import describe

    rule = next((r for r in builtin_rules() if name in (r.code, r.name)), None)
    lang = lang or env_lang()
    if rule is None:
        hint = unknown_reason(name, builtin_rules())
        _fail(f"没有规则 {name!r}（提示：{hint.replace('did you mean', '是不是') if hint else '请写一条规则的编号或名称，不要写前缀'}）"
              if lang != "en" else f"no rule named {name!r} (hint: {hint or 'name one rule, not a prefix'})")
    click.echo(describe(rule, lang))


if __name__ == "__main__":
    main()
