"""Kind ``narrative-table``: the numbers and claims of the prose against the tables.

What a number counts is read by :mod:`disclosure_lint.report.prose` from the rule's keyword lists; which
table cells it must equal is data too (``cells`` per template table, alternatives that are accepted).
A number whose cells are blank or unreadable, or whose meaning is unclear, is left alone.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterator
from dataclasses import dataclass

from disclosure_lint.checks.kinds.base import Context, Hit, T, name_of
from disclosure_lint.regex_needs import found_in, in_text, may_match
from disclosure_lint.report.build import Report
from disclosure_lint.report.prose.passages import joined, passages
from disclosure_lint.report.prose.statements import Claim, Quantity, Statement, Variants, find_claims, find_statements, quantity
from disclosure_lint.checks.rules import Rule
from disclosure_lint.report.tables import TableRead
from disclosure_lint.checks.kinds.params import Param
from disclosure_lint.resources import ByIdentity

PARAMS = {
    "units": Param("texts", "counting units (件, 条, 次 …)"),
    "cumulative": Param("regex", "words making a count cumulative (历年, 以来 …)"),
    "either": Param("regex", "words that may mean this year's or the cumulative count (累计 …)"),
    "quantities": Param("mappings", "the counts compared with table cells: {id, name, match, cells, …}"),
    "claims": Param("mapping", "claim kinds (zero, …) and the regular expression of each"),
    "zero_received": Param("mapping", "{match, exclude, needs}: a sentence saying no application was received"),
    "all_closed": Param("mapping", "{match, exclude, needs}: a sentence saying every application was answered"),
}
CHECK_FIELDS = None


@dataclass(frozen=True)
class _Value:
    """A sum of table cells, and the sums of cells it adds up (their words are only written for a finding:
    most values agree with the prose)."""

    value: int | float
    terms: tuple[tuple[TableRead, tuple[str, ...]], ...]  # (table, cell references) of each sum added

    @property
    def zh(self) -> str:
        return " + ".join(_words(table, refs)[0] for table, refs in self.terms)

    @property
    def en(self) -> str:
        return " + ".join(_words(table, refs)[1] for table, refs in self.terms)

    def plus(self, other: "_Value") -> "_Value":
        return _Value(self.value + other.value, self.terms + other.terms)


def _num(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _cell_words(row, cell) -> tuple[str, str]:
    label = row.spec.label.split("（区分")[0]
    if len(row.cells) <= 1:
        return f"「{label}」行", f"row 「{label}」"
    return f"「{label}」行「{cell.column.name}」列", f"row 「{label}」, column 「{cell.column.name}」"


def _cells(table: TableRead, refs: list[str] | tuple[str, ...]) -> list | None:
    """The (row, cell) of each reference, or None if a cell is not known."""
    found = []
    for ref in refs:
        row_id, _, col_id = ref.partition(".")
        row = table.row(row_id)
        cell = row.cell(col_id) if row else None
        if cell is None or not cell.known or cell.value < 0:
            return None  # blank, unreadable or negative cells are other rules' findings, not a comparison
        found.append((row, cell))
    return found


def cells_sum(table: TableRead, refs: list[str]) -> _Value | None:
    """The sum of the referenced cells with its description, or None if a cell is not known."""
    found = _cells(table, refs)
    if found is None:
        return None
    return _Value(sum(c.value for _, c in found), ((table, tuple(refs)),))


def _words(table: TableRead, refs: tuple[str, ...]) -> tuple[str, str]:
    """How a finding names the sum of ``refs`` (each cell, and the total of several)."""
    found = [(*_cell_words(row, cell), cell) for row, cell in _cells(table, refs) or ()]
    total = sum(c.value for *_, c in found)
    if len(found) == 1:
        zh, en, cell = found[0]
        return f"{zh}为 {cell.text}", f"{en} is {cell.text}"
    # Zero cells add nothing: a sum over many rows (the eight 不予公开 reasons) names those that count.
    shown = [f for f in found if f[2].value] or found
    return (" + ".join(f"{zh} {c.text}" for zh, _, c in shown) + f" = {_num(total)}",
            " + ".join(f"{en} {c.text}" for _, en, c in shown) + f" = {_num(total)}")


def _made_totals(spec) -> dict[str, object]:
    found: dict[str, object] = {}
    for ident in spec.identities:
        if ident.op == "=":
            found.setdefault(ident.total, ident)
    return found


# A table's ``=`` identities by the column they total (the first of each): asked for every reference of
# every statement, found once per table spec.
_total_identities = ByIdentity(_made_totals)


def _value(table: TableRead, refs: list[str]) -> int | float | None:
    found = _cells(table, refs)
    return None if found is None else sum(c.value for _, c in found)


def _by_parts(table: TableRead, refs: list[str]) -> list[str] | None:
    """``refs`` with every 总计-column cell that disagrees with its row's applicant columns replaced by
    those columns (None if none does): a row whose own total is wrong is the table's error (another
    rule's finding), and prose agreeing with the row's parts is right."""
    out, changed = [], False
    totals = _total_identities(table.spec)
    for ref in refs:
        row_id, _, col_id = ref.partition(".")
        ident = totals.get(col_id)
        parts = [f"{row_id}.{p}" for p in ident.parts] if ident else []
        whole, split = _value(table, [ref]), _value(table, parts) if parts else None
        if whole is not None and split is not None and abs(whole - split) > 1e-9:
            out.extend(parts)
            changed = True
        else:
            out.append(ref)
    return out if changed else None


def _alternatives(spec, table: TableRead, variant: str) -> list[_Value]:
    return list(_each_alternative(spec, table, variant))


def _each_alternative(spec, table: TableRead, variant: str) -> Iterator[_Value]:
    """The values the table accepts for a quantity, in the data's order (each alternative as written,
    then as its row's parts when its 总计 cell disagrees with them)."""
    if isinstance(spec, dict):
        keys = ["year", "cumulative"] if variant == "either" else [variant]
        alts = [a for k in keys for a in (spec.get(k) or [])]
    else:
        alts = list(spec or [])
    for refs in alts:
        v = cells_sum(table, list(refs))
        if v is not None:
            yield v
        by_parts = _by_parts(table, list(refs))
        v = cells_sum(table, by_parts) if by_parts else None
        if v is not None:
            yield v


def _single(spec, table: TableRead, st: Statement) -> list[_Value] | None:
    """The alternatives of a statement of one quantity, or None as soon as one equals its number (the
    prose agrees with the table: the other alternatives need not be summed)."""
    out = []
    for v in _each_alternative(spec, table, st.variant):
        if abs(v.value - st.count.value) < 1e-9:
            return None
        out.append(v)
    return out


def _describe(values: list[_Value]) -> T:
    # Alternatives of one value say the same thing: the first (simplest) is enough.
    values = [v for i, v in enumerate(values) if all(abs(v.value - w.value) > 1e-9 for w in values[:i])]
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
            if len(st.quantities) == 1:
                alts = _single(spec, table, st)
                if alts is None:
                    return None
            else:
                alts = _alternatives(spec, table, st.variant)
            if not alts:
                combos = None
                break
            if combos is None:
                combos = alts
            else:
                combos = [a.plus(b) for a in combos for b in alts]
        if not combos:
            continue
        if any(abs(v.value - st.count.value) < 1e-9 for v in combos):
            return None
        name = T("、".join(q.name_zh for q in st.quantities), " and ".join(q.name_en for q in st.quantities))
        return Hit(st.passage.span(st.count.start, st.count.end),
                   {"quantity": name, "found": f"{st.count.text}{st.count.unit}",
                    "table": name_of(table.spec), "expected": _describe(combos)})
    return None


# Which outcome cells contradict a claim, and when: "均获维持" with 纠正 or 尚未审结 cases, "均已办结"
# with applications carried forward, "正在审理" with nothing pending.
CONTRADICTED_BY = {"upheld": (("corrected", "pending"), True), "all_closed": (("open",), True),
                   "pending": (("pending",), False)}


def _zero_claim(q: Quantity, raw: dict, table_id: str, table: TableRead) -> tuple[bool, list[_Value]]:
    """(evaluated, contradicting values) of a "none" claim about ``q``."""
    spec = (raw[q.id].get("cells") or {}).get(table_id)
    alts = _alternatives(spec, table, "year") if spec is not None else []
    if not alts:
        return False, []
    return True, [alts[0]] if all(a.value > 0 for a in alts) else []


def _outcome_claim(kind: str, q: Quantity, raw: dict, table_id: str, table: TableRead) -> tuple[bool, list[_Value]]:
    outcomes = (raw[q.id].get("outcomes") or {}).get(table_id)
    keys, positive = CONTRADICTED_BY[kind]
    evaluated, bad = False, []
    for key in keys if outcomes else ():
        refs = outcomes.get(key)
        v = cells_sum(table, list(refs)) if refs else None
        if v is None:
            continue
        evaluated = True
        if (v.value > 0) == positive:
            bad.append(v)
    return evaluated, bad


def _claim_hit(claim: Claim, raw: dict[str, dict], tables: dict[str, TableRead]) -> Hit | None:
    for table_id, table in tables.items():
        bad: list[_Value] = []
        named: list[Quantity] = []
        evaluated = False
        for q in claim.quantities:
            if claim.kind == "zero":
                done, found = _zero_claim(q, raw, table_id, table)
            else:
                done, found = _outcome_claim(claim.kind, q, raw, table_id, table)
            evaluated = evaluated or done
            bad.extend(found)
            if found and q not in named:
                named.append(q)
        if not evaluated:
            continue
        if not bad:
            return None
        shown = named if claim.kind == "zero" else claim.quantities
        attr = "name" if claim.kind == "zero" else "label"
        name = T("、".join(getattr(q, f"{attr}_zh") for q in shown), " and ".join(getattr(q, f"{attr}_en") for q in shown))
        return Hit(claim.passage.span(claim.start, claim.end),
                   {"quantity": name, "phrase": claim.phrase, "table": name_of(table.spec),
                    "expected": T("，".join(v.zh for v in bad), ", ".join(v.en for v in bad))},
                   variant=claim.kind)
    return None


def _sentence_claims(params: dict, quantities: list[Quantity]) -> list[tuple[str, Quantity]]:
    """Claims read from a whole sentence: ``zero_received`` (“未收到……申请”, about the applications
    received) and ``all_closed`` (“申请均已办结”, about those answered)."""
    out = []
    for kind, key, qid in (("zero", "zero_received", "received"), ("all_closed", "all_closed", "closed")):
        spec = params.get(key)
        q = next((q for q in quantities if q.id == qid), None)
        if not spec or q is None:
            continue
        def rx(k: str) -> re.Pattern[str] | None:
            return re.compile(spec[k]) if spec.get(k) else None
        out.append((kind, Quantity(q.id, q.name_zh, q.name_en, re.compile(spec["match"]), rx("exclude"), rx("needs"),
                                   None, False, None, label_zh=q.label_zh, label_en=q.label_en)))
    return out


def _sentence_claim_hits(passage, kind: str, q: Quantity, raw: dict, tables: dict) -> Iterator[Hit]:
    if not in_text(q.match, passage.text):
        return
    for s_start, s_end in passage.sentences():
        sentence = passage.text[s_start:s_end]
        for m in q.match.finditer(sentence):
            scope = m.group(0)
            if re.search(r"\d", scope) or (q.exclude and q.exclude.search(sentence)) \
                    or (q.needs and not q.needs.search(scope)):
                continue
            hit = _claim_hit(Claim(kind, (q,), passage, s_start + m.start(), s_start + m.end(), scope), raw, tables)
            if hit:
                yield hit


@dataclass(frozen=True)
class _Setup:
    """A rule's parameters compiled: its quantities, claims and units."""

    raw: dict[str, dict]
    quantities: list[Quantity]
    variants: Variants
    units: tuple[str, ...]
    claims: dict[str, re.Pattern[str]]
    case_quantities: list[Quantity]
    sentence_claims: list[tuple[str, Quantity]]


def _made_setup(params: dict) -> _Setup:
    quantities = [quantity(q) for q in params.get("quantities") or []]
    return _Setup({q["id"]: q for q in params.get("quantities") or []}, quantities,
                  Variants(re.compile(params.get("cumulative") or "历年"), re.compile(params.get("either") or "累计")),
                  tuple(params.get("units") or ("件", "条", "次")),
                  {k: re.compile(v) for k, v in (params.get("claims") or {}).items()},
                  [q for q in quantities if q.combine], _sentence_claims(params, quantities))


# Compiled once per parameter set (a run lints many reports with the same rule), not per report.
_setup = ByIdentity(_made_setup)


def run(rule: Rule, report: Report, ctx: Context) -> Iterator[Hit]:
    tables = _tables(report)
    if not tables:
        return
    s = _setup(rule.params)
    found = passages(report, ctx)
    # What the report's prose cannot hold (a quantity, a claim's wording whose words are nowhere in it) is
    # not tried at every number and sentence: one look per report instead.
    prose = joined(report, ctx)
    raw, variants, units = s.raw, s.variants, s.units
    # (Not the quantities: a number's words are a few dozen characters, where searching each quantity's
    # costs less than proving over the whole prose that its words are absent.)
    quantities = s.quantities
    claims = {kind: rx for kind, rx in s.claims.items() if may_match(rx, prose)}
    case_quantities = [q for q in s.case_quantities if may_match(q.match, prose)]
    # (The sentence claims' words begin with a literal: one search of the prose rules out more reports, for
    # less, than looking for the strings they need.)
    sentence_claims = [(kind, q) for kind, q in s.sentence_claims if found_in(q.match, prose)]
    for passage in found:
        for st in find_statements(passage, quantities, variants, units):
            hit = _statement_hit(st, raw, tables)
            if hit:
                yield hit
        for claim in find_claims(passage, claims, case_quantities):
            hit = _claim_hit(claim, raw, tables)
            if hit:
                yield hit
        for kind, q in sentence_claims:
            yield from _sentence_claim_hits(passage, kind, q, raw, tables)
