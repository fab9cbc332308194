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

One shape needs no literal text but is still cheap to rule out: a run of characters of one range written
twice (a doubled word, 问题问题: ``(CLASS{2,4})`` and a back-reference to it).  Python's engine tries it at
every Chinese character of a report (the costliest search of the ``pattern`` kind); whether the text
holds any such run at all is found with a few whole-text integer operations instead (:func:`has_doubled_run`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import prod
from typing import Any

from disclosure_lint import recache as re
from disclosure_lint.resources import MarshalStore

Clause = frozenset[str]  # the text holds at least one of these strings

MAX_CLASS = 8  # a class of more characters is not worth a string per character
MAX_OPTIONS = 16  # strings one run of fixed parts may stand for
MAX_CLAUSES = 4  # clauses kept per expression (the strongest)
MAX_JOINS = 64  # joins of an alternation's clauses worth trying


@dataclass(frozen=True)
class Needs:
    """Every match of an expression holds, for each clause, one of the clause's strings.  ``free``: the
    expression looks at nothing around what it matches (no anchor, word boundary or look-around), so a
    line's match is a match in any text that holds the line (a report's lines joined)."""

    clauses: tuple[Clause, ...]
    free: bool = False
    # (first, last, shortest, longest): every match is a run of shortest..longest characters of the range
    # first..last followed by the same run again (see :func:`_doubled`).
    doubled: tuple[int, int, int, int] | None = None
    # Clauses that ``clauses`` imply, of fewer strings (``名称`` for the ten strings of
    # ``[(（](?:单位|机关|部门|填报单位|行政机关)名称``): looked for first, a text without them is ruled
    # out in fewer scans of it (see :func:`_covers`).
    first: tuple[Clause, ...] = ()

    def met(self, text: str) -> bool:
        """Can ``text`` (a line, or a whole report's lines joined) hold a match?"""
        for clauses in (self.first, self.clauses):
            for clause in clauses:  # loops, not all(any(...)): called for every line and passage
                for part in clause:
                    if part in text:
                        break
                else:
                    return False
        return self.doubled is None or has_doubled_run(text, *self.doubled)


NOTHING = Needs(())  # nothing proved: the expression is searched everywhere


@lru_cache(maxsize=1024)
def needs(pattern: str) -> Needs:
    """What every match of ``pattern`` (Python syntax) must contain (NOTHING when nothing can be said).
    Kept between runs (the user's cache directory): working it out for the rules' ~60 expressions was
    ~2 % of a one-file run's instructions, and a pre-commit run is one file."""
    held = _STORE.get(pattern)
    if held is not None:
        kept = Needs(*held)
        return NOTHING if kept == NOTHING else kept  # callers may ask ``is NOTHING``
    found = _derived(pattern)
    _STORE.add(pattern, (found.clauses, found.free, found.doubled, found.first))
    return found


def _store_key() -> tuple:
    """What the kept requirements depend on: the interpreter's parser and this module's code."""
    import os
    import sys

    here = os.stat(__file__)
    return (1, sys.version, here.st_mtime_ns, here.st_size)


_STORE = MarshalStore("needs", _store_key)


def _derived(pattern: str) -> Needs:
    try:
        parsed = re.parse(pattern)
    except Exception:  # noqa: BLE001 - an expression Python cannot read is simply always searched
        return NOTHING
    if parsed.state.flags & re.IGNORECASE:
        return NOTHING  # a literal then stands for its other cases too
    clauses = tuple(_strongest(_sequence(parsed.data))[:MAX_CLAUSES])
    return Needs(clauses, _free(parsed.data), _doubled(parsed.data), _covers(clauses))


def may_match(pattern: Any, text: str) -> bool:
    """Can the compiled ``pattern`` (Python's engine) match anywhere in ``text``?  False only when the
    text lacks what every match needs: then no search is worth running."""
    if pattern.flags & _IGNORECASE:
        return True
    return needs(pattern.pattern).met(text)


_IGNORECASE = int(re.IGNORECASE)  # a plain int: RegexFlag's & is a Python-level call


def in_text(pattern: Any, text: str) -> bool:
    """Can the compiled ``pattern`` match in some part of ``text`` (a sentence of a passage)?  False only
    when it looks at nothing around its match (see :attr:`Needs.free`) and one search of the whole text
    finds no match: then no part of it holds one either."""
    return not needs(pattern.pattern).free or pattern.search(text) is not None


def found_in(pattern: Any, text: str) -> bool:
    """Can the compiled ``pattern`` match in some part of ``text`` (a passage of a report's prose)?  For
    an expression that looks at nothing around its match, one search of the whole text answers (no match
    in it, none in any part: :func:`in_text`); for another, the strings it needs (:func:`may_match`).
    For an expression the engine skips through (a literal or a class first) the search is cheaper than
    looking for several strings, and rules out more texts."""
    if needs(pattern.pattern).free:
        return pattern.search(text) is not None
    return may_match(pattern, text)


@lru_cache(maxsize=256)
def gate(patterns: tuple[Any, ...]) -> Any:
    """One expression that finds any string the strongest clause of one of the compiled ``patterns``
    needs: a text where it finds nothing holds no match of any of them.  One search, skipping in C to the
    few places where one of the strings may begin, instead of a look per pattern and string (each a scan
    of the whole text when the string is absent).  None when one of them needs nothing provable."""
    parts: set[str] = set()
    for pattern in patterns:
        wanted = NOTHING if pattern.flags & _IGNORECASE else needs(pattern.pattern)
        if not wanted.clauses:
            return None
        parts |= wanted.clauses[0]
    return re.compile("|".join(re.escape(part) for part in sorted(parts)))


def _doubled(items: Any) -> tuple[int, int, int, int] | None:
    """(first, last, shortest, longest) when the whole expression is a group holding a repeat of one
    character range, then a back-reference to that group: ``([\u4e00-\u9fff]{2,4})\1``.  Only a range
    of one UTF-16 unit and without surrogates (what :func:`has_doubled_run` compares), not the NUL
    character (what it pads with)."""
    if len(items) != 2 or str(items[0][0]) != "SUBPATTERN" or str(items[1][0]) != "GROUPREF":
        return None
    group, _, _, body = items[0][1]
    if items[1][1] != group or len(body) != 1 or str(body[0][0]) not in ("MAX_REPEAT", "MIN_REPEAT"):
        return None
    shortest, longest, repeated = body[0][1]
    if len(repeated) != 1 or str(repeated[0][0]) != "IN" or len(repeated[0][1]) != 1:
        return None
    op, av = repeated[0][1][0]
    first, last = (av, av) if str(op) == "LITERAL" else av if str(op) == "RANGE" else (0, 0)
    if not (0 < first <= last <= 0xFFFF) or first <= 0xDFFF and last >= 0xD800 or not 1 <= shortest <= longest <= 16:
        return None
    return first, last, shortest, longest


PIECE = 1 << 15  # characters per integer: a text of megabytes is worked on piece by piece


def has_doubled_run(text: str, first: int, last: int, shortest: int, longest: int) -> bool:
    """Does ``text`` hold a run of ``shortest``..``longest`` characters between ``first`` and ``last``
    followed by the same run again?  Looked for in pieces that overlap by one character less than the
    longest doubled run: each run lies whole in one piece, and a long text's integers stay small."""
    reach = 2 * longest - 1
    return any(_doubled_in(text[at:at + PIECE + reach], first, last, shortest, longest)
               for at in range(0, max(len(text), 1), PIECE))


def _doubled_in(text: str, first: int, last: int, shortest: int, longest: int) -> bool:
    """:func:`has_doubled_run` on one piece.  The text's UTF-16 units are the 16-bit lanes of one integer,
    and each step below works on all lanes at once: which lanes are in the range, which equal the lane
    ``n`` further on, and whether ``n`` such lanes follow each other.  The top bit of a lane is kept
    apart, so that no sum or difference carries into the next lane.  (A character outside the basic
    plane is two units outside the range, a lone surrogate one: the runs found are the expression's.)"""
    data = text.encode("utf-16-le", "surrogatepass")  # undecodable bytes are lone surrogates: one unit each
    whole = int.from_bytes(data, "little")
    ones = int.from_bytes(b"\x01\x00" * (len(data) // 2), "little")  # 1 in every lane
    top = ones << 15
    low = top - ones  # 0x7FFF in every lane
    high = whole & top
    rest = whole ^ high
    not_high = top ^ high
    above = (rest + ones * (0x8000 - (first & 0x7FFF))) & top  # the lane's low 15 bits >= first's
    above = high | above if first < 0x8000 else high & above
    below = (ones * (0x8000 + (last & 0x7FFF)) - rest) & top  # the lane's low 15 bits <= last's
    below = not_high | below if last >= 0x8000 else not_high & below
    inside = above & below
    for n in range(shortest, longest + 1):
        differ = whole ^ (whole >> (16 * n))
        same = inside & ~(((differ & low) + low) | differ)  # top bit set where the lane n further is equal
        run = same
        for k in range(1, n):
            run &= same >> (16 * k)
        if run:
            return True
    return False


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
    """A sequence needs what each of its parts needs, and each run of parts that match one of a few fixed
    strings as a whole: ``(?:我|本)局`` needs ``我局`` or ``本局``."""
    out: list[Clause] = []
    run: set[str] | None = None  # the strings the run so far matches (one of them)
    for op, av in items:
        name = str(op)
        options = _finite(name, av)
        least = None if options is not None else _least(name, av)
        if options is None and least is not None:
            options = {least}  # "---" of "-{3,}": the run ends after it
        if options is not None:
            joined = _product(run, options)
            if joined is None:
                out.append(frozenset(run or ()))
                joined = options
            run = joined
            if least is None:
                continue
        if run:
            out.append(frozenset(run))
        run = None
        if options is None:
            out.extend(_item(name, av))
    if run:
        out.append(frozenset(run))
    return [_simplest(c) for c in out if c and "" not in c]  # a clause an empty string meets requires nothing


def _simplest(clause: Clause) -> Clause:
    """The clause without the strings that contain another of its strings (met whenever that one is)."""
    return frozenset(p for p in clause if not any(q != p and q in p for q in clause))


def _product(run: set[str] | None, options: set[str]) -> set[str] | None:
    if run is None:
        return set(options)
    if len(run) * len(options) > MAX_OPTIONS:
        return None
    return {a + b for a in run for b in options}


def _finite(name: str, av: Any) -> set[str] | None:
    """The few fixed strings an item matches, when it matches nothing else (None otherwise)."""
    if name == "LITERAL":
        return {chr(av)}
    if name == "IN":
        return _class(av)
    if name == "SUBPATTERN":
        return None if av[1] & re.IGNORECASE else _finite_sequence(av[3])
    if name == "BRANCH":
        found: set[str] = set()
        for alt in av[1]:
            one = _finite_sequence(alt)
            if one is None:
                return None
            found |= one
        return found if len(found) <= MAX_OPTIONS else None
    if name in ("MAX_REPEAT", "MIN_REPEAT") and av[1] - av[0] <= 1 and av[1] <= 3:
        sub = _finite_sequence(av[2])  # "了?", "[XxＸ]{2}": a few counts of a few strings
        if sub is None:
            return None
        found = set()
        for count in range(av[0], av[1] + 1):
            strings: set[str] | None = {""}
            for _ in range(count):
                strings = _product(strings, sub)
                if strings is None:
                    return None
            found |= strings
        return found if len(found) <= MAX_OPTIONS else None
    return None


def _finite_sequence(items: Any) -> set[str] | None:
    strings: set[str] | None = {""}
    for op, av in items:
        options = _finite(str(op), av)
        if options is None:
            return None
        strings = _product(strings, options)
        if strings is None:
            return None
    return strings


def _least(name: str, av: Any) -> str | None:
    """The literal text a longer repeat of one character always matches at least: ``---`` for ``-{3,}``."""
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
    return [_simplest(frozenset().union(*choice)) for choice in product(*per)]


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


def _covers(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """For each clause of several strings, a clause of fewer strings that it implies, when there is one:
    pieces of two characters or more such that each of its strings contains one of them."""
    out = []
    for clause in clauses:
        cover = _cover(clause)
        if cover is not None:
            out.append(cover)
    return tuple(out)


def _cover(clause: Clause) -> Clause | None:
    """Pieces (of two to four characters) covering every string of ``clause``, chosen greedily: each time
    the piece in most strings not yet covered (then the longest); None when that is not fewer strings.
    Only for a clause of a few strings (a branch's joined clause may hold hundreds: not worth it)."""
    if not 2 <= len(clause) <= MAX_OPTIONS:
        return None
    pieces = {s[i:j] for s in clause for i in range(len(s)) for j in range(i + 2, min(i + 4, len(s)) + 1)}
    holding = {piece: frozenset(t for t in clause if piece in t) for piece in pieces}
    left, found = set(clause), set()
    while left and len(found) < len(clause) - 1:
        best = max(holding, key=lambda p: (len(holding[p] & left), len(p), p), default=None)
        if best is None or not holding[best] & left:
            return None
        found.add(best)
        left -= holding[best]
    return frozenset(found) if not left else None


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
