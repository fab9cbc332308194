"""What text a regular expression cannot match without: the literal strings every match must contain.

The ``pattern`` kind searches each of its expressions in every line and table cell of a report, and
almost every report matches none of them.  Python's engine tries an expression at each position of a
line, and an alternation of expressions at each position each of its branches, so a report costs a
search per expression and line.  Most expressions cannot match without some literal text
(``政府信息公开工作条例``, ``钩稽``, ``名称``), and whether a text holds a string is one fast substring
search (``str.__contains__``): an expression whose strings are nowhere in a report is not searched in
any of its lines, and otherwise only in the lines that hold them.  Only what the expression's own
syntax proves is required, so skipping it never loses a match.

What is required is kept as clauses: every clause must hold, and a clause holds when the text contains
any one of its strings (``-{3,}|－{2,}`` needs ``---`` or ``－－``).  Derived from Python's own parse of
the expression (``re._parser``): a pattern from a user's rule file runs on RE2, whose syntax Python may
read differently, and gets no requirement (it is always searched).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import prod
from typing import Any

from disclosure_lint import recache as re

Clause = frozenset[str]  # the text holds at least one of these strings

MAX_CLASS = 8  # a class of more characters is not worth a string per character
MAX_CLAUSES = 4  # clauses kept per expression (the strongest)
MAX_JOINS = 64  # joins of an alternation's clauses worth trying


@dataclass(frozen=True)
class Needs:
    """Every match of an expression holds, for each clause, one of the clause's strings.  ``free``: the
    expression looks at nothing around what it matches (no anchor, word boundary or look-around), so a
    line's match is a match in any text that holds the line (a report's lines joined)."""

    clauses: tuple[Clause, ...]
    free: bool = False

    def met(self, text: str) -> bool:
        """Can ``text`` (a line, or a whole report's lines joined) hold a match?"""
        return all(any(part in text for part in clause) for clause in self.clauses)


NOTHING = Needs(())  # nothing proved: the expression is searched everywhere


@lru_cache(maxsize=1024)
def needs(pattern: str) -> Needs:
    """What every match of ``pattern`` (Python syntax) must contain (NOTHING when nothing can be said)."""
    try:
        parsed = re.parse(pattern)
    except Exception:  # noqa: BLE001 - an expression Python cannot read is simply always searched
        return NOTHING
    if parsed.state.flags & re.IGNORECASE:
        return NOTHING  # a literal then stands for its other cases too
    clauses = _strongest(_sequence(parsed.data))
    return Needs(tuple(clauses[:MAX_CLAUSES]), _free(parsed.data))


_CONTEXT = frozenset({"AT", "ASSERT", "ASSERT_NOT"})  # what looks outside the matched text
# (A backtracking search tries every way through the rest: whether the text of a match can be matched
# does not depend on what surrounds it.)


def _free(items: Any) -> bool:
    """No part of the expression looks outside the text it matches."""
    for op, av in items:
        name = str(op)
        if name in _CONTEXT:
            return False
        if name == "SUBPATTERN" and not _free(av[3]):
            return False
        if name in ("MAX_REPEAT", "MIN_REPEAT") and not _free(av[2]):
            return False
        if name == "BRANCH" and not all(_free(alt) for alt in av[1]):
            return False
        if name in ("ATOMIC_GROUP", "POSSESSIVE_REPEAT", "GROUPREF_EXISTS"):
            # What an atomic group commits to depends on the text after it; kept simple.
            return False
    return True


def _sequence(items: Any) -> list[Clause]:
    """A sequence needs what each of its parts needs, and each run of literal characters as a whole."""
    out: list[Clause] = []
    run: list[str] = []
    for op, av in items:
        name = str(op)
        text = _literal(name, av)
        if text is not None:
            run.append(text)
            if name == "LITERAL" or av[0] == av[1]:
                continue  # an exact literal: the run goes on
        if run:
            out.append(frozenset({"".join(run)}))
            run = []
        if text is None:
            out.extend(_item(name, av))
    if run:
        out.append(frozenset({"".join(run)}))
    return out


def _literal(name: str, av: Any) -> str | None:
    """The literal text an item always matches at least: ``a`` for ``a``, ``---`` for ``-{3,}``."""
    if name == "LITERAL":
        return chr(av)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1 and len(av[2]) == 1:
        op, sub = av[2][0]
        if str(op) == "LITERAL":
            return chr(sub) * min(av[0], 16)
    return None


def _item(name: str, av: Any) -> list[Clause]:
    if name == "IN":
        chars = _class(av)
        return [frozenset(chars)] if chars else []
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        return _sequence(av[2]) if av[0] >= 1 else []
    if name == "SUBPATTERN":
        return [] if av[1] & re.IGNORECASE else _sequence(av[3])
    if name == "ATOMIC_GROUP":
        return _sequence(av)
    if name == "ASSERT":
        # A look-ahead or look-behind that must hold looks at the same line: what it needs is there.
        return _sequence(av[1])
    if name == "BRANCH":
        return _branch(av[1])
    return []  # ANY, AT, ASSERT_NOT, NOT_LITERAL, CATEGORY, GROUPREF, ...: nothing certain


def _branch(alternatives: Any) -> list[Clause]:
    """Each alternative needs all of its clauses; joining one clause of each gives a clause the branch
    needs (any such join will do, so the joins of few enough are all kept)."""
    per = [_strongest(_sequence(alt)) for alt in alternatives]
    if not all(per):
        return []
    if prod(len(clauses) for clauses in per) > MAX_JOINS:
        per = [clauses[:1] for clauses in per]  # many alternatives: the join of their strongest clauses
    return [frozenset().union(*choice) for choice in product(*per)]


def _class(items: Any) -> set[str] | None:
    """The characters of a small class like ``[XxＸｘ]``; None for a negated, categorised or large one."""
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None
    return chars if len(chars) <= MAX_CLASS else None


def _strength(clause: Clause) -> tuple[int, int]:
    # A longer shortest string is rarer in a text; fewer strings make fewer searches.
    return (-min(map(len, clause)), len(clause))


def _strongest(clauses: list[Clause]) -> list[Clause]:
    """The clauses without repeats and without any implied by another, strongest first.  A clause is
    implied by another when each string of the other contains one of its strings."""
    out: list[Clause] = []
    for one in sorted(set(clauses), key=lambda c: (_strength(c), sorted(c))):
        if not any(all(any(part in strong for part in one) for strong in kept) for kept in out):
            out.append(one)
    return out
