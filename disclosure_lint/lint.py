"""The pipeline, top to bottom: normalise → parse → model → checks → diagnostics.

``lint(text, config)`` is pure: same text and configuration, same diagnostics.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace

from disclosure_lint.config import Config
from disclosure_lint import suppress
from disclosure_lint.diagnostics import Diagnostic
from disclosure_lint.suppress import find_suppressions
from disclosure_lint.document import Document
from disclosure_lint.engines import engine_for
from disclosure_lint.engines.base import Context, Skipped, T, first_span
from disclosure_lint.model import Report, build_report
from disclosure_lint.parse import parse_source
from disclosure_lint.rules import Rule, builtin_rules
from disclosure_lint.source import Source
from disclosure_lint.templates import load_eras


@dataclass(frozen=True)
class LintResult:
    report: Report
    diagnostics: tuple[Diagnostic, ...]


class _Args(dict):
    """Format arguments: bilingual values pick the language; unknown keys stay visible, never raise."""

    def __init__(self, args: dict, lang: str):
        super().__init__()
        self.lang = lang
        for key, value in args.items():
            self[key] = (value.en if lang == "en" else value.zh) if isinstance(value, T) else value

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def render_message(rule: Rule, variant: str | None, args: dict, lang: str) -> str:
    template = rule.template(variant, lang)
    try:
        return _FORMATTER.vformat(template, (), _Args(args, lang))
    except (ValueError, IndexError, AttributeError):
        return template  # a malformed template in a user rule file must not crash a run


def active_rules(config: Config) -> list[Rule]:
    rules = [r for r in (*builtin_rules(), *config.extra_rules) if config.selects(r)]
    if config.rule_params:
        rules = [replace(r, params=config.params_for(r)) for r in rules]
    # check-not-run reports what the others could not decide, so it runs last.
    return sorted(rules, key=lambda r: r.kind == "not-run")


def lint_report(report: Report, config: Config, previous: Report | None = None) -> tuple[Diagnostic, ...]:
    """Run every selected rule on one report; cross-year rules also see last year's report."""
    ctx = Context(config, previous=previous)
    out: list[Diagnostic] = []
    notes = report.document.notes
    if report.era is None and not notes and any(line.strip() for line in report.document.source.lines):
        ctx.skipped.append(Skipped("template", first_span(report), T(
            "无法判断报告年度和所用格式，按模板进行的章节、表格检查未运行（可用 --era 指定格式）",
            "neither the report year nor the template could be told: section and table checks did not run "
            "(use --era to set the template)")))
    for rule in active_rules(config):
        if notes and rule.params.get("note") not in notes:
            continue  # e.g. a scanned PDF: only "no text layer" is worth saying
        engine = engine_for(rule.kind)
        if engine is None:
            continue  # unknown kinds are refused when rule files are loaded
        if rule.eras and (report.era is None or report.era.id not in rule.eras):
            continue
        for hit in engine(rule, report, ctx):
            severity = config.severity_for(rule, hit.severity or rule.severity)
            message = render_message(rule, hit.variant, hit.args, config.lang)
            out.append(Diagnostic(rule.code, rule.name, severity, hit.span, message))
    # Deduplicate (two checks may point at one cell with the same message) and sort by place.
    unique = {(d.code, d.span, d.message): d for d in out}
    ordered = tuple(sorted(unique.values(), key=Diagnostic.sort_key))
    suppressions = ctx.derived("suppressions", lambda: find_suppressions(report.document.source))
    return suppress.apply(ordered, suppressions)


def model(document: Document, config: Config | None = None) -> Report:
    return build_report(document, load_eras(), (config or Config()).era)


def lint_document(document: Document, config: Config | None = None, previous: Report | None = None) -> LintResult:
    """Lint a report whose structure is already known (a parsed text, or a Word/HTML/PDF reader's output)."""
    config = config or Config()
    report = model(document, config)
    return LintResult(report, lint_report(report, config, previous))


def lint_many(documents: list[tuple[Document, Config]], previous: list[Document] = ()) -> list[LintResult]:
    """Lint several reports together, so that each can be compared with its issuer's previous year
    (found among them, or given explicitly as ``previous``)."""
    from disclosure_lint.crossyear import pair_previous

    reports = [model(doc, config) for doc, config in documents]
    earlier = [model(doc) for doc in previous]
    pairs = pair_previous(reports, earlier)
    return [LintResult(r, lint_report(r, config, pairs.get(i))) for i, (r, (_, config)) in
            enumerate(zip(reports, documents))]


def lint_source(source: Source, config: Config | None = None) -> LintResult:
    return lint_document(parse_source(source), config)


def lint(text: str, config: Config | None = None, path: str = "-") -> LintResult:
    """Lint one report given as text."""
    return lint_source(Source.from_text(text, path), config)
