"""Decode a table row whose digits ran together when the page was flattened (``条4251516``, ``5800000 58``).

A web page that flattens its tables loses the cell boundaries: the cells of a row come out as digit
runs, sometimes with a space where a boundary was kept.  A space is always a boundary; inside a run
any boundary is possible.  The template says what a row must satisfy — its number of cells, counts
that are whole and not negative (no leading zeros), its 总计 cell equal to the sum of its parts,
a year's count not above the cumulative one — and a decoding is used only when it is the *only* one
that satisfies all of that.  Otherwise the caller reports the cells as unreadable and names the
readings that remain.  Never a guess.

The search is a depth-first walk over cell boundaries that prunes as soon as an identity is decided
(a 总计 cell is forced to the sum of its parts, so it costs no branching), with a hard budget of
visited nodes: a long run cannot blow up, it ends as "too many readings".
"""

from __future__ import annotations

from disclosure_lint import recache as re
from disclosure_lint.read.memory import forget_after_big_files
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_ATOM = re.compile(r"-?\d+")
MAX_DIGITS = 12  # no count or amount in these tables has more digits; a longer part is not a cell
LIMIT = 6  # readings collected before the search stops (two already make a row ambiguous)
BUDGET = 1_000  # search nodes per row (a few milliseconds at worst); real rows need a few dozen


@dataclass(frozen=True)
class Identity:
    """``sum(parts) op total`` between a row's cells, by cell index (``op`` is ``=`` or ``<=``)."""

    parts: tuple[int, ...]
    total: int
    op: str = "="


@dataclass(frozen=True)
class Piece:
    """One decoded cell: where its text is in the token it came from, and its value."""

    token: int
    start: int
    end: int
    value: int


@dataclass(frozen=True)
class Decoded:
    readings: tuple[tuple[Piece, ...], ...]
    exhausted: bool = False  # the search stopped at its budget or limit: more readings may exist

    @property
    def unique(self) -> tuple[Piece, ...] | None:
        return self.readings[0] if len(self.readings) == 1 and not self.exhausted else None

    def values(self) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(p.value for p in reading) for reading in self.readings)


def is_run(text: str) -> bool:
    """A cell text the decoder can split: digits, with a minus sign only in front of a part (every one
    of its :func:`_atoms` an _ATOM), told by one match: a part after the first begins with its sign."""
    return _RUN.fullmatch(text) is not None


_RUN = re.compile(r"-?\d+(?:-\d+)*")  # each repetition starts at a sign: no two ways to cut, no backtracking


def _atoms(text: str) -> list[str]:
    """A minus sign inside a run always starts a new cell ("10-28": 10 | -2 8)."""
    out = re.split(r"(?=-)", text)
    return [a for a in out if a]


def one_cell(text: str) -> bool:
    """Could this run be a single cell?  Not with a leading zero ("00", "0326")."""
    digits = text.lstrip("-")
    return "-" not in digits and (digits == "0" or not digits.startswith("0"))


def digit_count(tokens: Sequence[str]) -> int:
    return sum(len(t.replace("-", "")) for t in tokens)


def decode(tokens: Sequence[str], width: int, identities: Sequence[Identity] = (),
           signed: frozenset[int] = frozenset()) -> Decoded:
    """Every way to cut ``tokens`` (space-separated digit runs) into ``width`` cells that satisfies
    the identities; ``signed`` cells may carry a minus sign."""
    return _decode(tuple(tokens), width, tuple(identities), signed)


@forget_after_big_files
@lru_cache(maxsize=4096)
def _decode(tokens: tuple[str, ...], width: int, identities: tuple[Identity, ...], signed: frozenset[int]) -> Decoded:
    """Rows repeat (a table of zeros is the same run twenty times): each run is decoded once."""
    atoms: list[tuple[int, int, str]] = []  # (token index, offset in token, text)
    for ti, token in enumerate(tokens):
        offset = 0
        for atom in _atoms(token):
            atoms.append((ti, offset, atom))
            offset += len(atom)
    if not atoms or len(atoms) > width:
        return Decoded(())
    # A run with exactly one way to make ``width`` cells ("2000000" for seven cells) is read as it is,
    # whatever its arithmetic: a wrong 总计 is then the report's defect, found by the table checks.
    # Not so for numbers that could each be a cell of their own ("30 3 1 1 35"): blank cells that
    # left no trace explain them as well, and only the template's arithmetic can tell.
    plain = _Search(atoms, width, (), signed, limit=2)
    plain.walk(0, 0, [])
    if len(plain.found) < 2 and not plain.exhausted and (len(tokens) == 1 or not all(map(one_cell, tokens))):
        return Decoded(tuple(plain.found), plain.exhausted)
    if len(tokens) > 1 and not identities and all(map(one_cell, tokens)):
        return Decoded(())  # nothing can tell the run-together reading from blanks that left no trace
    search = _Search(atoms, width, identities, signed)
    search.walk(0, 0, [])
    return Decoded(tuple(search.found), search.exhausted)


class _Search:
    def __init__(self, atoms, width: int, identities: tuple[Identity, ...], signed: frozenset[int],
                 limit: int = LIMIT):
        self.atoms = atoms
        self.limit = limit
        self.width = width
        self.signed = signed
        self.found: list[tuple[Piece, ...]] = []
        self.exhausted = False
        self.nodes = 0
        # Identities checked when their last cell is placed; a 总计 after all its parts is forced.
        self.closing: dict[int, list[Identity]] = {}
        self.forced: dict[int, Identity] = {}
        for ident in identities:
            last = max((*ident.parts, ident.total))
            self.closing.setdefault(last, []).append(ident)
            if ident.op == "=" and ident.total == last:
                self.forced[last] = ident
        self.rest = [sum(len(a[2]) for a in atoms[i:]) for i in range(len(atoms) + 1)]

    def walk(self, ai: int, pos: int, cells: list[Piece]) -> None:
        if self.exhausted:
            return
        self.nodes += 1
        if self.nodes > BUDGET:
            self.exhausted = True
            return
        if ai == len(self.atoms):
            if len(cells) == self.width:
                self.found.append(tuple(cells))
                self.exhausted = len(self.found) >= self.limit
            return
        ci = len(cells)
        if ci == self.width:
            return
        ti, offset, text = self.atoms[ai]
        left_here = len(text) - pos
        # Every later atom needs a cell of its own, and every cell needs at least one character.
        chars = self.rest[ai + 1] + left_here
        if not len(self.atoms) - ai <= self.width - ci <= chars or chars > (self.width - ci) * (MAX_DIGITS + 1):
            return
        for length in self._lengths(ci, text, pos, cells):
            part = text[pos:pos + length]
            cells.append(Piece(ti, offset + pos, offset + pos + length, int(part)))
            if self._consistent(cells):
                if pos + length == len(text):
                    self.walk(ai + 1, 0, cells)
                else:
                    self.walk(ai, pos + length, cells)
            cells.pop()

    def _lengths(self, ci: int, text: str, pos: int, cells: list[Piece]) -> list[int]:
        ident = self.forced.get(ci)
        if ident is not None:
            want = sum(cells[i].value for i in ident.parts)
            wanted = str(want)
            return [len(wanted)] if text.startswith(wanted, pos) else []
        out = []
        negative = text[pos] == "-"
        first = pos + 1 if negative else pos
        if negative and (ci not in self.signed or text[first] == "0"):
            return []
        for end in range(first + 1, min(len(text), first + MAX_DIGITS) + 1):
            if text[first] == "0" and end > first + 1:
                break  # "07" is not how a cell is written: a leading zero is a cell of its own
            out.append(end - pos)
        return out

    def _consistent(self, cells: list[Piece]) -> bool:
        for ident in self.closing.get(len(cells) - 1, ()):
            parts = sum(cells[i].value for i in ident.parts)
            total = cells[ident.total].value
            if (ident.op == "=" and parts != total) or (ident.op == "<=" and parts > total):
                return False
        return True
