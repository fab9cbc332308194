"""Command line: ``disclosure-lint check|parse|rules|rule``.

Exit codes: 0 no finding at or above the failing level; 1 findings; 2 usage, configuration or input
error (a missing or unreadable file, a malformed rule file).  A bad file never stops the others.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console

from disclosure_lint import __version__
from disclosure_lint.config import Config
from disclosure_lint.diagnostics import SEVERITIES, severity_rank
from disclosure_lint.lint import LintResult, lint_document, lint_source
from disclosure_lint.load import REPORT_SUFFIXES, InputError, Loaded, load_input
from disclosure_lint.render import FileResult, human, json_format
from disclosure_lint.rules import builtin_rules, check_unique, load_rule_file
from disclosure_lint.yamlio import ConfigError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _expand(paths: tuple[str, ...]) -> Iterator[tuple[str, Path | None]]:
    for raw in paths:
        if raw == "-":
            yield raw, None
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for p in found:
                yield str(p), p
        else:
            yield raw, path


def _looks_like_report(source) -> bool:
    """Directory scans lint report files only: a README or notes file does not mention 政府信息公开."""
    return any("政府信息公开" in line or "信息公开" in line for line in source.lines)


def _read(raw: str, path: Path | None) -> Loaded:
    return load_input(raw, path, sys.stdin.buffer.read() if path is None else None)


def _lint(loaded: Loaded, config: Config) -> LintResult:
    if loaded.document is not None:
        return lint_document(loaded.document, config)
    return lint_source(loaded.source, config)


def _fail(message: str) -> None:
    click.echo(f"disclosure-lint: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _config(lang: str, select, ignore, fail_level: str, era: str | None, issuer_kind: str | None,
            rule_files: tuple[str, ...]) -> Config:
    extra = []
    try:
        for f in rule_files:
            extra.extend(load_rule_file(f))
        check_unique([*builtin_rules(), *extra])
    except ConfigError as exc:
        _fail(str(exc))
    from disclosure_lint.engines import KINDS

    for rule in extra:
        if rule.kind not in KINDS:
            _fail(f"{rule.source}: rule {rule.name}: unknown kind {rule.kind!r} (known: {', '.join(sorted(KINDS))})")
    return Config(lang=lang, select=_split(select), ignore=_split(ignore), fail_level=fail_level, era=era,
                  issuer_kind=issuer_kind, extra_rules=tuple(extra))


LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="Language of messages.")
ERA = click.option("--era", type=click.Choice(["2008", "2019", "2021"]), default=None,
                   help="Force the template era instead of detecting it.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="disclosure-lint")
def main() -> None:
    """Lint 政府信息公开工作年度报告 (government information disclosure annual reports)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["human", "json"]), default="human", show_default=True)
@LANG
@ERA
@click.option("--fail-level", type=click.Choice(list(SEVERITIES)), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--select", multiple=True, help="Only these rules (codes, names or code prefixes; comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names or code prefixes; comma-separated).")
@click.option("--issuer-kind", type=click.Choice(["government", "department", "township"]), default=None,
              help="The issuing body's kind, when its name does not tell (sets the deadline).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="An extra rule file (YAML) adding rules of the existing kinds.")
@click.option("--quiet", is_flag=True, help="Show errors only (the summary still counts everything).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--no-color", is_flag=True, help="Never colour the output.")
def check(paths, fmt, lang, era, fail_level, select, ignore, issuer_kind, rule_files, quiet, statistics, no_color):
    """Check report files, directories (recursively) or - for standard input."""
    config = _config(lang, select, ignore, fail_level, era, issuer_kind, rule_files)
    items: list[FileResult] = []
    explicit = set(paths)
    for raw, path in _expand(paths):
        try:
            loaded = _read(raw, path)
            if raw not in explicit and not _looks_like_report(loaded.source):
                continue  # found by a directory scan and not a report
            items.append(FileResult(raw, _lint(loaded, config)))
        except InputError as exc:
            items.append(FileResult(raw, error=str(exc)))
    if not items:
        _fail("no report files found in " + ", ".join(paths))
    if fmt == "json":
        click.echo(json_format.render(items))
    else:
        console = Console(no_color=no_color, highlight=False, soft_wrap=True)
        human.render(items, console, lang, quiet=quiet, statistics=statistics)
    if any(i.error for i in items):
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(fail_level)
    failing = any(severity_rank(d.severity) >= threshold for i in items if i.result for d in i.result.diagnostics)
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


@main.command()
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@ERA
def parse(path, fmt, era):
    """Print what the parser understood of a report (for debugging a misreading)."""
    from disclosure_lint.render.parse_json import understood

    try:
        loaded = _read(path, None if path == "-" else Path(path))
    except InputError as exc:
        _fail(f"{path}: {exc}")
    result = _lint(loaded, Config(era=era, select=("none-selected",)))
    data = understood(result.report)
    data["encoding"] = loaded.encoding
    data["format"] = loaded.format
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command("rules")
@LANG
def list_rules(lang):
    """List every rule: code, name, severity, eras."""
    for rule in sorted(builtin_rules(), key=lambda r: r.code):
        eras = ",".join(rule.eras) if rule.eras else "all"
        summary = rule.summary.get(lang) or rule.summary.get("zh", "")
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity:<8} {eras:<10} {summary}")


@main.command("rule")
@click.argument("name")
def show_rule(name):
    """Print a rule's documentation: what it checks, why, its basis and examples."""
    rule = next((r for r in builtin_rules() if name in (r.code, r.name)), None)
    if rule is None:
        _fail(f"no rule named {name!r} (see 'disclosure-lint rules')")
    eras = ", ".join(rule.eras) if rule.eras else "all"
    click.echo(f"{rule.code} {rule.name}  [{rule.severity}]  eras: {eras}  kind: {rule.kind}")
    click.echo(f"{rule.summary.get('zh', '')} / {rule.summary.get('en', '')}\n")
    click.echo(rule.doc + "\n")
    click.echo(f"Basis: {rule.basis}")
    if rule.examples:
        click.echo(f"\nFailing example: {rule.examples.get('fail', '')}")
        click.echo(f"Passing example: {rule.examples.get('pass', '')}")


if __name__ == "__main__":
    main()
