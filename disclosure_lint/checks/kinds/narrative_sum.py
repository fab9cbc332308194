"""Kind ``narrative-sum``: a total stated in the prose against the parts listed after it."""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterator

from disclosure_lint.checks.kinds.base import Context, Hit
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.counts import DEFAULT_UNITS, find_counts
from disclosure_lint.report.prose.lists import EnumParams, find_enumerations
from disclosure_lint.report.prose.passages import passages
from disclosure_lint.checks.rules import Rule
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.resources import ByIdentity

PARAMS = {
    "units": Param("texts", "counting units (件, 条, 次 …)"),
    "introducers": Param("regex", "words introducing the parts (其中, 包括 …)"),
    "respectively": Param("regex", "words introducing a list of values (分别为 …)"),
    "residual": Param("regex", "a part that is the rest (其他 …)"),
    "open_end": Param("regex", "a list left open (等 …): its parts need not add up"),
    "overlapping": Param("regex", "parts that may overlap (channels, platforms): no sum expected"),
    "partitions": Param("mapping", "name → label regexes that together make a whole: a list naming each is exhaustive"),
}
CHECK_FIELDS = None


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def enum_params(params: dict) -> EnumParams:
    keys = ("introducers", "respectively", "residual", "open_end")
    partitions = tuple(tuple(members) for members in (params.get("partitions") or {}).values())
    return EnumParams(**{k: params[k] for k in keys if params.get(k)}, partitions=partitions)


def _made(params: dict) -> tuple[tuple[str, ...], re.Pattern[str] | None, EnumParams]:
    overlapping = re.compile(params["overlapping"]) if params.get("overlapping") else None
    return tuple(params.get("units") or DEFAULT_UNITS), overlapping, enum_params(params)


# The rule's units, overlapping-parts expression and list parameters: made once per rule, not per report.
_setup = ByIdentity(_made)


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    units, overlapping, eparams = _setup(rule.params)
    for passage in passages(report, ctx):
        counts = find_counts(passage.text, units)
        for enum in find_enumerations(passage.text, counts, eparams):
            values = [enum.total.value, *(p.count.value for p in enum.parts)]
            if not all(float(v).is_integer() for v in values) or len(enum.parts) < 2:
                continue
            if overlapping and any(overlapping.search(p.label) for p in enum.parts):
                continue
            total, parts_sum = enum.total.value, enum.sum
            if parts_sum > total:
                variant = "exceeds"
            elif enum.exhaustive and parts_sum != total:
                variant = None
            else:
                continue
            yield Hit(passage.span(enum.total.start, enum.total.end),
                      {"total": _num(total), "sum": _num(parts_sum), "unit": enum.total.unit,
                       "parts": "+".join(_num(p.count.value) for p in enum.parts)},
                      variant=variant)
