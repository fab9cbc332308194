"""Rule kinds: small engines that run rules written as data.

Each module here implements one kind and registers it under its name; a rule's ``kind`` picks the
engine.  An engine yields :class:`~disclosure_lint.checks.kinds.base.Hit` objects; the lint driver turns
them into localised diagnostics.
"""

from __future__ import annotations

from importlib import import_module

from disclosure_lint.checks.kinds.base import Engine

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
    "issuer": "issuer",
    "suppression": "suppression_reasons",
    "cross-year": "cross_year",
}


def engine_for(kind: str) -> Engine | None:
    module = KINDS.get(kind)
    if module is None:
        return None
    return import_module(f"disclosure_lint.checks.kinds.{module}").run
