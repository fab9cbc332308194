"""Rule kinds: small engines that run rules written as data.

Each module here implements one kind and registers it under its name; a rule's ``kind`` picks the
engine.  An engine yields :class:`~disclosure_lint.checks.kinds.base.Hit` objects; the lint driver turns
them into localised diagnostics.  Beside its ``run`` each module declares what a rule of its kind may
say (``PARAMS``, ``CHECK_FIELDS``, see :mod:`.params`) and documents the kind in its docstring; this
is the one place where a rule's kind is checked (:func:`problems`), when its file is loaded.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from disclosure_lint.checks.kinds.base import Engine
    from disclosure_lint.checks.kinds.params import Problem

KINDS = {
    "presence": "presence",
    "sections": "sections",
    "declared-parts": "declared",
    "tables-present": "tables_present",
    "template-era": "template_era",
    "pattern": "pattern",
    "relation": "relation",
    "cells": "cell_values",
    "period": "period",
    "dates": "dates",
    "value-format": "value_format",
    "not-run": "not_run",
    "narrative-sum": "narrative_sum",
    "narrative-share": "narrative_share",
    "narrative-table": "narrative_table",
    "narrative-ratio": "narrative_ratio",
    "issuer": "issuer",
    "ordinals": "ordinals",
    "text-years": "text_years",
    "twins": "twins",
    "suppression": "suppression_reasons",
    "cross-year": "cross_year",
    "genre": "genre",
    "completeness": "completeness",
}


@lru_cache(maxsize=None)
def module_of(kind: str) -> ModuleType:
    """The kind's engine module, imported at its first use (found once: every rule of every report asks)."""
    return import_module(f"disclosure_lint.checks.kinds.{KINDS[kind]}")


def engine_for(kind: str) -> Engine:
    return module_of(kind).run


def problems(raw: dict[str, Any], user: bool) -> list[Problem]:
    """What is wrong with a rule's kind, ``params`` and ``checks`` (empty when nothing is)."""
    from disclosure_lint.checks.kinds.params import Problem, check_rule, _hint

    kind = raw.get("kind")
    if kind not in KINDS:
        return [Problem(("kind",), f"unknown kind {kind!r}", _hint(str(kind), sorted(KINDS)))]
    module = module_of(kind)
    found = check_rule(raw, module.PARAMS, module.CHECK_FIELDS, user)
    extra = getattr(module, "check_data", None)
    if not found and extra is not None:
        found = list(extra(raw.get("params") or {}, raw.get("checks") or []))
    return found
