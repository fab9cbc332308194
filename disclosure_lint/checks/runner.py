"""Run the selected rules over one typed report: each rule's kind engine yields hits, which become
localised diagnostics, deduplicated, sorted by place and filtered by the report's suppressions."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from disclosure_lint.checks.run_config import Config
from disclosure_lint.checks import suppressions as suppress
from disclosure_lint.checks.diagnostics import Diagnostic
from disclosure_lint.checks.suppressions import find_suppressions
from disclosure_lint.checks.kinds import engine_for
from disclosure_lint.report.build import Report
from disclosure_lint.checks.kinds.base import Context, Skipped, T, first_span
from disclosure_lint.checks.rules import Rule, builtin_rules


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
            value = (value.en if lang == "en" else value.zh) if isinstance(value, T) else value
            self[key] = _shortened(value) if isinstance(value, str) else value

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


MAX_QUOTE = 1000  # characters of one message argument (report text quoted, a list of rows)


def _shortened(text: str) -> str:
    """A message quotes report text; a 50,000-character line must not flood every output with it."""
    return text if len(text) <= MAX_QUOTE else f"{text[:MAX_QUOTE - 100]}…{text[-60:]}"


def render_message(rule: Rule, variant: str | None, args: dict, lang: str) -> str:
    template = rule.template(variant, lang)
    try:
        # str.format_map: the same fields and specs as string.Formatter (which is written in Python, a
        # tenth of a finding's cost); a missing key is _Args.__missing__'s either way.
        return template.format_map(_Args(args, lang))
    except (ValueError, IndexError, AttributeError):
        return template  # a malformed template in a user rule file must not crash a run


def active_rules(config: Config) -> tuple[Rule, ...]:
    """The rules ``config`` selects, in the order they run: chosen once per configuration (a batch asks
    twice per report, and selecting, re-parametrising and sorting ~55 rules each time cost as much as
    several rules' checks)."""
    return _plan(config).every


@dataclass(frozen=True)
class _Plan:
    every: tuple[Rule, ...]
    alone: tuple[Rule, ...]  # those that need nothing but the report (lint_alone)
    late: tuple[Rule, ...]  # those that need the batch's other reports or the others' findings (finish)
    # The rules of ``alone`` and ``late`` that run on a report of one kind (era, reader's notes, genre):
    # chosen once per kind, not tested rule by rule for every report.
    kinds: dict[tuple, tuple[tuple[Rule, ...], tuple[Rule, ...]]] = field(default_factory=dict, compare=False)

    def for_report(self, report: Report) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
        """(alone, late): the rules that may find something in ``report``."""
        notes = _notes(report)
        key = (report.era.id if report.era is not None else None, notes, report.genre.kind == "report")
        chosen = self.kinds.get(key)
        if chosen is None:
            chosen = self.kinds[key] = (tuple(r for r in self.alone if _runs_on(r, *key)),
                                        tuple(r for r in self.late if _runs_on(r, *key)))
        return chosen


def _runs_on(rule: Rule, era: str | None, notes: tuple[str, ...], is_report: bool) -> bool:
    """Can ``rule`` find anything in a report of this era, with these notes and genre?"""
    # Damaged bytes are about the file, whatever it holds: said even on a text that is not a report.
    if notes and rule.params.get("note") not in notes and not (rule.params.get("undecodable") and not is_report):
        return False  # a scanned PDF, a letter, a title-only page: only that fact is worth saying
    return not rule.eras or (era is not None and era in rule.eras)


# Plans by configuration identity: a Config holds unhashable parts (user rules, deadlines), and a run
# has one or a few of them.  The Config is kept beside its plan so that its id cannot be reused.
_PLANS: dict[int, tuple[Config, _Plan]] = {}
MAX_PLANS = 64  # a roster gives a configuration per issuer kind; per-file settings a few more


def _plan(config: Config) -> _Plan:
    cached = _PLANS.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    rules = [r for r in (*builtin_rules(), *config.extra_rules) if config.selects(r)]
    if config.rule_params:
        rules = [replace(r, params=config.params_for(r)) for r in rules]
    # check-not-run reports what the others could not decide, so it runs after them; the checks of
    # suppression comments look at every other finding (is a comment still used?), so they run last.
    every = tuple(sorted(rules, key=lambda r: (r.kind == "suppression", r.kind == "not-run")))
    plan = _Plan(every, tuple(r for r in every if r.kind not in LATE_KINDS),
                 tuple(r for r in every if r.kind in LATE_KINDS))
    if len(_PLANS) >= MAX_PLANS:
        _PLANS.clear()
    _PLANS[id(config)] = (config, plan)
    return plan


def _notes(report: Report) -> tuple[str, ...]:
    """Facts that make the template checks meaningless: the reader's (a scan) or the text's genre
    (not a report, or a report's title without content).  Only the rules reporting them run."""
    if report.document.notes:
        return report.document.notes
    return () if report.genre.kind == "report" else (report.genre.kind,)


# Rules that need more than the report: the other reports of a batch (last year's, another issuer's
# twin) or the other rules' findings.  A batch runs the others in its worker processes (lint_alone) and
# these in the parent, once every report has been seen (finish).
LATE_KINDS = frozenset({"cross-year", "twins", "not-run", "suppression"})


@dataclass(frozen=True)
class Alone:
    """A report's findings before it meets the other reports of its batch, and the checks that could
    not decide (check-not-run reports them once the late rules have added theirs)."""

    findings: tuple[Diagnostic, ...]
    skipped: tuple[Skipped, ...]


def lint_alone(report: Report, config: Config) -> Alone:
    """Every selected rule that needs nothing but this report."""
    ctx = Context(config)
    if report.era is None and not _notes(report) and any(line.strip() for line in report.document.source.lines):
        ctx.skipped.append(Skipped("template", first_span(report), T(
            "无法判断报告年度和所用格式，按模板进行的章节、表格检查未运行（可用 --era 指定格式）",
            "neither the report year nor the template could be told: section and table checks did not run "
            "(use --era to set the template)")))
    out: list[Diagnostic] = []
    for rule in _plan(config).for_report(report)[0]:
        out.extend(_run_rule(rule, report, ctx))
    return Alone(tuple(out), tuple(ctx.skipped))


def finish(report: Report, config: Config, alone: Alone, previous: Any = None, twin: Any = None) -> tuple[Diagnostic, ...]:
    """The late rules (cross-year rules see last year's report's :class:`~disclosure_lint.report.pairing.YearSummary`,
    the twin rule another issuer's report whose prose this one repeats), then the findings deduplicated,
    sorted by place and filtered by the report's suppression comments."""
    ctx = Context(config, previous=previous, twin=twin, skipped=list(alone.skipped))
    out = list(alone.findings)
    plan = _plan(config)
    ctx.memo["findings"], ctx.memo["active_rules"] = out, plan.every
    for rule in plan.for_report(report)[1]:
        out.extend(_run_rule(rule, report, ctx))
    if report.cut is not None:  # what only the cut caused is part of incomplete-report's one finding
        out = [d for d in out if d.name == "incomplete-report" or not report.cut.caused(d.span)]
    # Deduplicate (two checks may point at one cell with the same message) and sort by place.
    unique = {(d.code, d.span, d.message): d for d in out}
    ordered = tuple(sorted(unique.values(), key=Diagnostic.sort_key))
    suppressions = ctx.derived("suppressions", lambda: find_suppressions(report.document.source))
    return suppress.apply(ordered, suppressions)


def lint_report(report: Report, config: Config, previous: Any = None, twin: Any = None) -> tuple[Diagnostic, ...]:
    """Run every selected rule on one report (``previous``: last year's report's YearSummary; ``twin``:
    a :class:`~disclosure_lint.report.twins.Twin`)."""
    return finish(report, config, lint_alone(report, config), previous, twin)


def _run_rule(rule: Rule, report: Report, ctx: Context) -> list[Diagnostic]:
    """One rule's findings on a report it applies to (:meth:`_Plan.for_report`)."""
    engine = engine_for(rule.kind)  # a rule's kind was checked when its file was loaded
    hits = _user_hits(rule, report, ctx, engine) if rule.user else list(engine(rule, report, ctx))
    if not hits:
        return []
    if len(hits) > MAX_PER_RULE:
        hits = _capped(rule, hits, ctx)
    config = ctx.config
    return [Diagnostic(rule.code, rule.name, config.severity_for(rule, hit.severity or rule.severity), hit.span,
                       render_message(rule, hit.variant, hit.args, config.lang))
            for hit in hits]


# Findings one rule may give on one file.  A real report has a few of a kind; a damaged file (one heading
# pasted 600,000 times) would bury every other finding, and every output, under one rule's copies.
MAX_PER_RULE = 100


def _capped(rule: Rule, hits: list, ctx: Context) -> list:
    ctx.skipped.append(Skipped(rule.name, hits[MAX_PER_RULE].span, T(
        f"此规则在本文件中发现 {len(hits)} 处问题，只列出前 {MAX_PER_RULE} 处（文件可能已损坏或有大段重复）",
        f"this rule found {len(hits)} problems in this file; only the first {MAX_PER_RULE} are listed "
        "(a damaged file, or text repeated many times?)")))
    return hits[:MAX_PER_RULE]


def _user_hits(rule: Rule, report: Report, ctx: Context, engine) -> list:
    """A rule from a user's file runs under a time limit: a pattern that backtracks without end stops
    that rule on this file (check-not-run says so), not the run."""
    from disclosure_lint.read.budget import USER_RULE_SECONDS, RuleTooSlow, rule_limit

    try:
        with rule_limit():
            return list(engine(rule, report, ctx))
    except RuleTooSlow:
        ctx.skipped.append(Skipped(rule.name, first_span(report), T(
            f"规则的正则表达式在本文件上运行超过 {USER_RULE_SECONDS:g} 秒，已停止（可能存在灾难性回溯，请简化表达式）",
            f"the rule's patterns ran longer than {USER_RULE_SECONDS:g} s on this file and were stopped "
            "(catastrophic backtracking? simplify the patterns)")))
        return []
