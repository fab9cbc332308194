"""Kind ``suppression``: the inline suppression comments themselves (ruff's RUF100 is the model).

``check`` says what is reported: ``reason`` (a comment that gives no reason after ``--``),
``unknown-rule`` (a comment naming a rule that does not exist: it silences nothing), ``unused`` (a
comment that silenced no finding of a rule that ran: the problem was fixed, or the comment is on the
wrong line) and ``unclosed`` (a ``disable`` block that no ``enable`` ends: it silences the rest of
the file).  These findings are never silenced by suppression comments themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.checks.rule_refs import unknown_reason
from disclosure_lint.checks.rules import Rule, builtin_rules
from disclosure_lint.checks.suppressions import UNSUPPRESSIBLE, Suppression, find_suppressions
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.report.build import Report

PARAMS = {
    "check": Param("text", "what is reported (default: reason)", choices=("reason", "unknown-rule", "unused", "unclosed")),
}
CHECK_FIELDS = None


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    check = rule.params.get("check", "reason")
    suppressions = ctx.derived("suppressions", lambda: find_suppressions(report.document.source))
    if check == "unknown-rule":
        yield from _unknown(suppressions, ctx)
    elif check == "unused":
        yield from _unused(suppressions, ctx)
    else:
        for suppression in suppressions:
            if check == "reason" and not suppression.reason or check == "unclosed" and not suppression.closed:
                yield Hit(suppression.span, {"rules": ", ".join(suppression.rules) or "all"})


def _known_rules(ctx: Context) -> list[Rule]:
    return [*builtin_rules(), *ctx.config.extra_rules]


def _unknown(suppressions: list[Suppression], ctx: Context) -> Iterator[Hit]:
    known = _known_rules(ctx)
    for suppression in suppressions:
        for ref in suppression.rules:
            hint = unknown_reason(ref, known)
            if hint is not None:
                yield Hit(suppression.span, {"rule": ref, "hint": hint})


def _unused(suppressions: list[Suppression], ctx: Context) -> Iterator[Hit]:
    """A suppression is unused when no finding of the rules it names (that ran) is on its lines.  The
    findings are those of every other rule, collected by the runner before suppressions apply."""
    findings = [d for d in ctx.memo.get("findings", ()) if d.name not in UNSUPPRESSIBLE]
    ran = ctx.memo.get("active_rules", ())
    known = _known_rules(ctx)
    for suppression in suppressions:
        if any(suppression.covers(d) for d in findings):
            continue
        named = [r for r in ran if suppression.covers_rule(r)]
        if not named or any(unknown_reason(ref, known) for ref in suppression.rules):
            continue  # its rules did not run (deselected), or it names an unknown rule: said elsewhere
        yield Hit(suppression.span, {"rules": ", ".join(suppression.rules) or "all"})
