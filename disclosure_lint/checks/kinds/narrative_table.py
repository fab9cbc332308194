"""Kind ``narrative-table``: the numbers and claims of the prose against the tables.

What a number counts is read by :mod:`disclosure_lint.report.prose` from the rule's keyword lists; which
table cells it must equal is data too (``cells`` per template table, alternatives that are accepted).
A number whose cells are blank or unreadable, or whose meaning is unclear, is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from disclosure_lint.checks.kinds.base import Context, Hit, T, name_of
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.passages import passages
from disclosure_lint.report.prose.statements import Claim, Quantity, Statement, Variants, find_claims, find_statements, quantity
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.tables import TableRead
from disclosure_lint.checks.kinds.params import Param

PARAMS = {
    "units": Param("texts", "counting units (件, 条, 次 …)"),
    "cumulative": Param("regex", "words making a count cumulative (历年, 以来 …)"),
    "either": Param("regex", "words that may mean this year's or the cumulative count (累计 …)"),
    "quantities": Param("mappings", "the counts compared with table cells: {id, name, match, cells, …}"),
    "claims": Param("mapping", "claim kinds (zero, …) and the regular expression of each"),
    "zero_received": Param("mapping", "{match, exclude, needs}: a sentence saying no application was received"),
}
CHECK_FIELDS = None


@dataclass(frozen=True)
class _Value:
    value: int | float
    zh: str
    en: str


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def cells_sum(table: TableRead, refs: list[str]) -> _Value | None:
    """The sum of the referenced cells with its description, or None if a cell is not known."""
    total: int | float = 0
    zh, en = [], []
    for ref in refs:
        row_id, _, col_id = ref.partition(".")
        row = table.row(row_id)
        cell = row.cell(col_id) if row else None
        if cell is None or not cell.known or cell.value < 0:
            return None  # blank, unreadable or negative cells are other rules' findings, not a comparison
        total += cell.value
        label = row.spec.label.split("（区分")[0]
        col = f"「{cell.column.name}」列" if len(row.cells) > 1 else ""
        zh.append(f"「{label}」行{col}")
        en.append(f"row 「{label}」" + (f", column 「{cell.column.name}」" if col else ""))
        zh[-1], en[-1] = (zh[-1], cell.text), (en[-1], cell.text)
    if len(refs) > 1:
        return _Value(total, " + ".join(f"{w} {v}" for w, v in zh) + f" = {_num(total)}",
                      " + ".join(f"{w} {v}" for w, v in en) + f" = {_num(total)}")
    return _Value(total, f"{zh[0][0]}为 {zh[0][1]}", f"{en[0][0]} is {en[0][1]}")


def _alternatives(spec, table: TableRead, variant: str) -> list[_Value]:
    if isinstance(spec, dict):
        keys = ["year", "cumulative"] if variant == "either" else [variant]
        alts = [a for k in keys for a in (spec.get(k) or [])]
    else:
        alts = list(spec or [])
    out = []
    for refs in alts:
        v = cells_sum(table, list(refs))
        if v is not None:
            out.append(v)
    return out


def _describe(values: list[_Value]) -> T:
    return T("，或".join(v.zh for v in values), "; or ".join(v.en for v in values))


def _tables(report: Report) -> dict[str, TableRead]:
    return {t.spec.id: t for t in report.tables}


def _statement_hit(st: Statement, raw: dict[str, dict], tables: dict[str, TableRead]) -> Hit | None:
    for table_id, table in tables.items():
        # Several quantities named together ("行政复议、行政诉讼0次") add up.
        combos: list[_Value] | None = None
        for q in st.quantities:
            spec = (raw[q.id].get("cells") or {}).get(table_id)
            if spec is None:
                combos = None
                break
            alts = _alternatives(spec, table, st.variant)
            if not alts:
                combos = None
                break
            if combos is None:
                combos = alts
            else:
                combos = [_Value(a.value + b.value, f"{a.zh} + {b.zh}", f"{a.en} + {b.en}") for a in combos for b in alts]
        if not combos:
            continue
        if any(abs(v.value - st.count.value) < 1e-9 for v in combos):
            return None
        name = T("、".join(q.name_zh for q in st.quantities), " and ".join(q.name_en for q in st.quantities))
        return Hit(st.passage.span(st.count.start, st.count.end),
                   {"quantity": name, "found": f"{st.count.text}{st.count.unit}",
                    "table": name_of(table.spec), "expected": _describe(combos)})
    return None


def _claim_hit(claim: Claim, raw: dict[str, dict], tables: dict[str, TableRead]) -> Hit | None:
    for table_id, table in tables.items():
        bad: list[_Value] = []
        named: list[Quantity] = []
        evaluated = False
        for q in claim.quantities:
            before = len(bad)
            if claim.kind == "zero":
                spec = (raw[q.id].get("cells") or {}).get(table_id)
                if spec is None:
                    continue
                alts = _alternatives(spec, table, "year")
                if not alts:
                    continue
                evaluated = True
                if all(a.value > 0 for a in alts):
                    bad.append(alts[0])
                    named.append(q)
                continue
            outcomes = (raw[q.id].get("outcomes") or {}).get(table_id)
            if not outcomes:
                continue
            if claim.kind == "upheld":
                for key in ("corrected", "pending"):
                    refs = outcomes.get(key)
                    v = cells_sum(table, list(refs)) if refs else None
                    if v is None:
                        continue
                    evaluated = True
                    if v.value > 0:
                        bad.append(v)
            elif claim.kind == "pending":
                refs = outcomes.get("pending")
                v = cells_sum(table, list(refs)) if refs else None
                if v is None:
                    continue
                evaluated = True
                if v.value == 0:
                    bad.append(v)
            if len(bad) > before and q not in named:
                named.append(q)
        if not evaluated:
            continue
        if not bad:
            return None
        name = T("、".join(q.name_zh for q in named), " and ".join(q.name_en for q in named))
        if claim.kind != "zero":
            name = T("、".join(q.label_zh for q in claim.quantities), " and ".join(q.label_en for q in claim.quantities))
        return Hit(claim.passage.span(claim.start, claim.end),
                   {"quantity": name, "phrase": claim.phrase, "table": name_of(table.spec),
                    "expected": T("，".join(v.zh for v in bad), ", ".join(v.en for v in bad))},
                   variant=claim.kind)
    return None


def _zero_received(params: dict, received: Quantity | None) -> list[tuple[re.Pattern, Quantity]]:
    spec = params.get("zero_received")
    if not spec or received is None:
        return []
    return [(re.compile(spec["match"]), Quantity(received.id, received.name_zh, received.name_en,
                                                  re.compile(spec["match"]),
                                                  re.compile(spec["exclude"]) if spec.get("exclude") else None,
                                                  re.compile(spec["needs"]) if spec.get("needs") else None,
                                                  None, False, None))]


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    params = rule.params
    tables = _tables(report)
    if not tables:
        return
    raw = {q["id"]: q for q in params.get("quantities") or []}
    quantities = [quantity(q) for q in params.get("quantities") or []]
    variants = Variants(re.compile(params.get("cumulative") or "历年"), re.compile(params.get("either") or "累计"))
    units = tuple(params.get("units") or ("件", "条", "次"))
    claims = {k: re.compile(v) for k, v in (params.get("claims") or {}).items()}
    case_quantities = [q for q in quantities if q.combine]
    zero_received = _zero_received(params, next((q for q in quantities if q.id == "received"), None))
    for passage in passages(report, ctx):
        for st in find_statements(passage, quantities, variants, units):
            hit = _statement_hit(st, raw, tables)
            if hit:
                yield hit
        for claim in find_claims(passage, claims, case_quantities):
            hit = _claim_hit(claim, raw, tables)
            if hit:
                yield hit
        for pattern, q in zero_received:
            for s_start, s_end in passage.sentences():
                sentence = passage.text[s_start:s_end]
                for m in pattern.finditer(sentence):
                    scope = m.group(0)
                    if re.search(r"\d", scope) or (q.exclude and q.exclude.search(sentence)) \
                            or (q.needs and not q.needs.search(scope)):
                        continue
                    claim = Claim("zero", (q,), passage, s_start + m.start(), s_start + m.end(), scope)
                    hit = _claim_hit(claim, raw, tables)
                    if hit:
                        yield hit
