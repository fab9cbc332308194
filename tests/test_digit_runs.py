"""The digit-run decoder (report/digit_runs.py) and what a cell holds (read/cell_text.py): a run is
cut into cells only where the template's arithmetic leaves exactly one reading; blank, 0, a dash, a
slash, 无 and unreadable stay apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.read.cell_text import read_cell
from disclosure_lint.report.digit_runs import Identity, decode

T3 = (Identity((0, 1, 2, 3, 4, 5), 6),)  # 总计 = the six applicant columns
T4 = tuple(Identity((b, b + 1, b + 2, b + 3), b + 4) for b in (0, 5, 10))  # each block's 总计
ANNEX = (Identity((0,), 1, "<="),)  # 年度 ≤ 历年累计


def test_row_of_table_three_with_its_total():
    assert decode(["3200000326"[:-1]], 7, T3).values() == ((32, 0, 0, 0, 0, 0, 32),)
    assert decode(["5800000", "58"], 7, T3).values() == ((58, 0, 0, 0, 0, 0, 58),)
    assert decode(["2", "00", "00", "0", "2"], 7, T3).values() == ((2, 0, 0, 0, 0, 0, 2),)


def test_a_run_with_one_way_to_make_its_cells_is_read_as_it_is():
    # 2025 海坛片区: "2000000" is 2|0|0|0|0|0|0; its wrong 总计 is the report's defect, for sum-mismatch.
    decoded = decode(["2000000"], 7, T3)
    assert decoded.unique is not None and decoded.values() == ((2, 0, 0, 0, 0, 0, 0),)


def test_table_four_run_of_seventeen_digits_has_no_reading():
    decoded = decode(["00202000001324015"], 15, T4)
    assert decoded.readings == () and not decoded.exhausted


def test_ambiguous_runs_name_their_readings():
    assert decode(["1077"], 3).values() == ((1, 0, 77), (10, 7, 7))
    assert decode(["99407"], 2, ANNEX).values() == ((9, 9407), (99, 407))
    assert decode(["1018703"], 2).unique is None


def test_spaced_numbers_that_could_each_be_a_cell_need_the_arithmetic():
    assert decode(["30", "3", "1", "1", "35"], 7, T3).readings == ()  # blanks may have left no trace
    assert decode(["12", "3"], 3).readings == ()  # no identity: nothing can tell


def test_signed_change_column():
    assert decode(["10-28"], 3, signed=frozenset({1})).values() == ((10, -2, 8),)
    assert decode(["10-28"], 3).readings == ()  # a count cannot be negative


def test_long_runs_stay_bounded():
    decoded = decode(["1" * 200], 15, T4)
    assert decoded.unique is None


@st.composite
def t3_rows(draw):
    parts = [draw(st.integers(0, 120)) for _ in range(6)]
    return [*parts, sum(parts)]


@st.composite
def t4_rows(draw):
    out = []
    for _ in range(3):
        parts = [draw(st.integers(0, 30)) for _ in range(4)]
        out += [*parts, sum(parts)]
    return out


@st.composite
def annex_rows(draw):
    year = draw(st.integers(0, 3000))
    return [year, year + draw(st.integers(0, 5000))]


@settings(max_examples=200, deadline=None)
@given(st.one_of(t3_rows().map(lambda r: (r, T3)), t4_rows().map(lambda r: (r, T4)),
                 annex_rows().map(lambda r: (r, ANNEX))), st.data())
def test_running_digits_together_never_gives_a_wrong_number(case, data):
    row, identities = case
    # Keep some of the spaces between cells, as flattened pages do.
    spaces = data.draw(st.lists(st.booleans(), min_size=len(row) - 1, max_size=len(row) - 1))
    text = str(row[0]) + "".join((" " if gap else "") + str(v) for gap, v in zip(spaces, row[1:]))
    decoded = decode(text.split(), len(row), identities)
    if decoded.unique is not None:
        assert list(decoded.values()[0]) == row
    elif not decoded.exhausted:
        assert tuple(row) in decoded.values() or len(text.split()) > 1


def test_blank_zero_markers_and_unreadable_stay_apart():
    statuses = {text: read_cell(text).status for text in ("", "0", "—", "/", "无", "1O", "12")}
    assert statuses == {"": "blank", "0": "number", "—": "dash", "/": "slash", "无": "nil", "1O": "unreadable",
                        "12": "number"}
    assert read_cell("—").value == 0 and read_cell("").value is None


@given(st.text(alphabet="01-x３ ", max_size=12))
@settings(max_examples=300, deadline=None)
def test_is_run_is_its_definition(text):
    """is_run's single match says what its definition says: every atom (a minus sign starts one) is
    an optional sign and digits."""
    from disclosure_lint import recache as re
    from disclosure_lint.report.digit_runs import _atoms, is_run

    assert is_run(text) == (bool(text) and all(re.fullmatch(r"-?\d+", a) for a in _atoms(text)))


@given(st.lists(st.text(alphabet="0123456789-３", min_size=1, max_size=8), min_size=1, max_size=4),
       st.integers(min_value=1, max_value=8))
@settings(max_examples=300, deadline=None)
def test_every_decoded_piece_reads_as_its_number(tokens, width):
    """The table reader takes a decoded piece's value as the cell's: read_cell must read the piece's
    text as that number (status number, no note), whatever the readings."""
    from hypothesis import assume

    from disclosure_lint.read.cell_text import Reading
    from disclosure_lint.report.digit_runs import is_run

    assume(all(is_run(t) for t in tokens))  # the reader decodes runs only
    decoded = decode(tokens, width, (), frozenset(range(width)))
    for reading in decoded.readings:
        for piece in reading:
            assert read_cell(tokens[piece.token][piece.start:piece.end]) == Reading("value", "number", piece.value)
