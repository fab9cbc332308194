"""Rule references: the one way a rule is named wherever users name rules.

``--select``/``--ignore``/``--extend-select``, the configuration's ``select``, ``ignore``,
``severity``, ``per-file-ignores`` and ``rule-params``, suppression comments and baselines all name
rules by code (``DL201``), kebab-case name (``table-unbalanced``) or code prefix (``DL2``, ``dl2``).
Matching and "did you mean" live here only, so that every place accepts and rejects the same words.
"""

from __future__ import annotations

from disclosure_lint import recache as re
from collections.abc import Iterable, Sequence
from typing import Protocol


class Named(Protocol):
    code: str
    name: str


_PREFIX = re.compile(r"^[A-Za-z]{2}\d{0,3}$")


def matches(ref: str, code: str, name: str) -> bool:
    """Does ``ref`` name the rule ``code``/``name``: exactly, or as a code prefix (``DL2``, ``dl``)?"""
    if ref in (code, name):
        return True
    return bool(_PREFIX.match(ref)) and code.startswith(ref.upper())


def refers_to(ref: str, rule: Named) -> bool:
    return matches(ref, rule.code, rule.name)


def any_refers_to(refs: Iterable[str], rule: Named) -> bool:
    return any(matches(ref, rule.code, rule.name) for ref in refs)


def selected(rules: Iterable[Named], ref: str) -> list[Named]:
    """The rules ``ref`` names (empty when it names none)."""
    return [rule for rule in rules if refers_to(ref, rule)]


def unknown_reason(ref: str, rules: Sequence[Named]) -> str | None:
    """None when ``ref`` names at least one rule; otherwise a hint for the user ("did you mean …")."""
    if any(refers_to(ref, rule) for rule in rules):
        return None
    parts = [p for p in re.split(r"[\s,，;]+", ref) if p]
    if len(parts) > 1 and all(unknown_reason(p, rules) is None for p in parts):
        # '--select "DL1 DL2"': one word with a space; the user meant two rules.
        return f"separate rules with commas: {','.join(parts)}"
    words = [r.name for r in rules] + [r.code for r in rules]
    import difflib  # only to suggest a name for a mistyped one

    close = difflib.get_close_matches(ref.lower() if ref[:2].lower() != "dl" else ref.upper(), words, n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return "see 'disclosure-lint rules' for every code and name"


def unknown_refs(refs: Iterable[str], rules: Sequence[Named]) -> list[tuple[str, str]]:
    """Each reference that names no rule, with its hint."""
    out = []
    for ref in refs:
        reason = unknown_reason(ref, rules)
        if reason is not None:
            out.append((ref, reason))
    return out
