"""disclosure_lint/read/report_parser.py is Lark's stand-alone LALR parser of read/grammars/report.lark,
generated so that a run neither imports lark nor rebuilds its tables (a sixth of a one-report check).

Lark writes its tables in an order that changes from one generation to the next, so the file cannot be
compared with a fresh one byte for byte: it records the grammar's hash (a test fails when the grammar
changed and the file was not regenerated), and it must parse exactly as a parser that lark builds from
the grammar now does, on every fixture report and on random sequences of lines.

Regenerate it with ``python tests/test_report_parser.py``.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
GRAMMAR = ROOT / "disclosure_lint" / "read" / "grammars" / "report.lark"
GENERATED = ROOT / "disclosure_lint" / "read" / "report_parser.py"
HEADER = """\
# Generated from grammars/report.lark (grammar sha256 {digest}) by Lark's stand-alone generator:
# `python tests/test_report_parser.py` rewrites it, and tests/test_report_parser.py checks that it is
# current and parses as lark does.  Do not edit.  (Lark's stand-alone code is under the MPL 2.0, below.)
"""


def _digest() -> str:
    return hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()


def regenerate() -> None:
    out = subprocess.run([sys.executable, "-m", "lark.tools.standalone", "-l", "basic", str(GRAMMAR)],
                         capture_output=True, text=True, check=True).stdout
    GENERATED.write_text(HEADER.format(digest=_digest()) + out, encoding="utf-8")


def test_the_generated_parser_is_of_the_current_grammar():
    assert GENERATED.read_text(encoding="utf-8").startswith(HEADER.format(digest=_digest())), \
        "grammars/report.lark changed: run python tests/test_report_parser.py"


@pytest.fixture(scope="module")
def lark_built():
    """The parser lark builds from the grammar now, with the same block builder."""
    lark = pytest.importorskip("lark")
    from disclosure_lint.read.grammar import _Build

    return lark.Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="basic", transformer=_Build(),
                     maybe_placeholders=False)


def test_every_fixture_report_parses_as_with_lark(lark_built, fixtures, monkeypatch):
    from disclosure_lint.read import grammar

    paths = sorted((fixtures / "reports").glob("*.txt"))
    assert paths
    standalone = [grammar.parse_text(p.read_text(encoding="utf-8"), str(p)) for p in paths]
    monkeypatch.setattr(grammar, "parser", lambda: lark_built)
    assert [grammar.parse_text(p.read_text(encoding="utf-8"), str(p)) for p in paths] == standalone


TERMINALS = ("H1 H2 H3 H4 DOCNO SIGNER ADDRESSEE TITLE TEXT DATE TRAILER META GRID ROWCELL CELL CONT PIPECELL "
             "PIPEROW TABROW NUMROW FRAG LABELROW").split()


def _outcome(parser, kinds: list[str], token_class) -> object:
    """The tree as nested tuples, or the kind of token the parser refused (with its position)."""
    interactive = parser.parse_interactive()
    try:
        for n, kind in enumerate(kinds):
            interactive.feed_token(token_class(kind, str(n)))
        return _plain(interactive.feed_eof())
    except Exception as exc:  # noqa: BLE001 - both must refuse the same token
        return ("refused", getattr(getattr(exc, "token", None), "type", None), type(exc).__name__)


def _plain(tree) -> object:
    if hasattr(tree, "children"):
        return (str(tree.data), tuple(_plain(c) for c in tree.children))
    return (tree.type, tree.seg.text if hasattr(tree, "seg") else str(tree))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TERMINALS), max_size=12))
def test_any_sequence_of_lines_parses_as_with_lark(kinds):
    lark = pytest.importorskip("lark")
    from disclosure_lint.read import report_parser

    if not _STANDALONE:  # built once: hypothesis calls the test many times
        _STANDALONE.append(report_parser.Lark_StandAlone())
    ours = _STANDALONE[0]
    theirs = _lark_tree_parser()
    assert _outcome(ours, kinds, report_parser.Token) == _outcome(theirs, kinds, lark.Token)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TERMINALS), max_size=12))
def test_the_table_driver_parses_as_lark_does(kinds):
    """grammar.py drives the generated tables itself (no Lark token per line): the same trees as Lark."""
    lark = pytest.importorskip("lark")
    from disclosure_lint.read import report_parser
    from disclosure_lint.read.grammar import _Tables
    from disclosure_lint.read.lexer import LineToken
    from disclosure_lint.read.source import Seg

    lines = [LineToken(kind, Seg(str(n), 1, 1)) for n, kind in enumerate(kinds)]
    if not _DRIVER:  # built once: hypothesis calls the test many times
        _DRIVER.append(_Tables(report_parser.Lark_StandAlone()))
    try:
        ours = _plain(_DRIVER[0].run(lines))
    except report_parser.UnexpectedToken as exc:
        ours = ("refused", exc.token.type, "UnexpectedToken")
    assert ours == _outcome(_lark_tree_parser(), kinds, lark.Token)


def test_a_line_the_grammar_refuses_is_kept_as_text_with_a_problem():
    from disclosure_lint.read.grammar import parse_tokens
    from disclosure_lint.read.lexer import LineToken
    from disclosure_lint.read.source import Seg, Source

    source = Source.from_text("一、总体情况\n怪行")
    doc = parse_tokens(source, [LineToken("H1", Seg("一、总体情况", 1, 1)), LineToken("ODD", Seg("怪行", 2, 1))])
    assert [type(b).__name__ for b in doc.blocks] == ["Para", "Para"]
    (span, message), = doc.problems
    assert span.line == 2 and message.startswith("Unexpected token Token('ODD', '怪行') at line 2, column 1.")


_TREE_PARSER: list = []
_DRIVER: list = []
_STANDALONE: list = []


def _lark_tree_parser():
    if not _TREE_PARSER:  # built once: hypothesis calls the test many times
        import lark

        _TREE_PARSER.append(lark.Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="basic",
                                      maybe_placeholders=False))
    return _TREE_PARSER[0]


if __name__ == "__main__":
    regenerate()
    print(f"wrote {GENERATED.relative_to(ROOT)}")
