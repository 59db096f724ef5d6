"""Sweep decide11: three rule questions DOMAIN.md leaves, decided (docs/decisions.md,
sweep of 6 December (fourth), decide11)."""

from __future__ import annotations

from tests.oracle4_compare import compare
from tests.oracle4_gen import generate


def test_a_pupil_back_on_roll_in_a_last_week_closed_for_everyone_is_on_roll(tmp_path) -> None:  # noqa: ANN001
    # oracle4's seed 70152, as of Fri 2 Oct 2026: P15206's list spells are 3 Sep to 23 Sep
    # and from Mon 28 Sep (open); 16 to 23 Sep are 6 days all O; the week of 28 Sep is Y1
    # for everyone (no school day), so the roll was judged on Fri 25 Sep, between the two
    # spells, and attcli said "left 23/09 after 6 school days of unexplained absence".
    # The list says the pupil is on roll on 2 Oct: on roll, the run of 6 days current
    # (days off roll between the spells neither count nor break it, as the reference has).
    case = generate(70152)
    assert compare(case, tmp_path) == []


def test_a_school_listing_its_terms_whole_has_its_last_term_listed_judged() -> None:
    """mutnew6's question: a school that lists its three terms whole (Autumn 02/09-18/12/
    2026, Spring 04/01-26/03/2027, Summer 12/04-21/07/2027), one block each.  A first step
    on the ladder in the Easter holiday (Tue 06/04/2027) starts a term from the summer's
    first day, Mon 12/04, as long as the summer term: its block is the whole term, so it
    ends on its last day, Wed 21/07/2027 (all of it listed) - it was None, the term never
    judged until next year's dates were added.  A school listing half terms whose last
    listed is Summer 1 alone still has the summer's length unknown (None); a first step
    of 04/05 runs past the dates listed (None: the next year's dates are needed)."""
    import datetime as dt

    from attcli.config import HalfTerm
    from attcli.ladder import term_end

    D = dt.date
    terms = [
        HalfTerm("Autumn", D(2026, 9, 2), D(2026, 12, 18)),
        HalfTerm("Spring", D(2027, 1, 4), D(2027, 3, 26)),
        HalfTerm("Summer", D(2027, 4, 12), D(2027, 7, 21)),
    ]
    assert term_end(D(2027, 4, 6), terms) == D(2027, 7, 21)
    assert term_end(D(2027, 4, 12), terms) == D(2027, 7, 21)
    assert term_end(D(2027, 5, 4), terms) is None
    halves = [
        HalfTerm("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
        HalfTerm("Spring 2", D(2027, 2, 22), D(2027, 3, 26)),
        HalfTerm("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    ]
    assert term_end(D(2027, 4, 12), halves) is None
    # a school's own names, only its first half term listed so far (02/09-23/10, 7 weeks),
    # a first step on its first day: too short for a whole term, so the autumn's length is
    # not known (None)
    assert term_end(D(2026, 9, 2), [HalfTerm("First half", D(2026, 9, 2), D(2026, 10, 23))]) is None


ADVICE = ": fix them in the MIS (attcli check lists them) before sending"


def test_the_register_check_workbook_tells_the_la_the_problems_not_the_school_what_to_do() -> None:
    """looks11's question: the workbook goes to the local authority, so its Data row
    says what the register's problems are and what the figures do with them; the advice
    to the school (fix them in the MIS before sending) is the terminal's, for the office
    that makes the file.  A has N both sessions of Wed 9 Sep (17 school days old on Fri
    2 Oct: stale) and no mark on Fri 11 Sep AM (a missing mark)."""
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from attcli.config import Config
    from attcli.lacheck import register_check, to_xlsx
    from builders import register

    a = ["/\\"] * 20
    a[2], a[4] = "NN", "-\\"
    reg = register({"A": " ".join(a), "B": " ".join(["/\\"] * 20)}, start=dt.date(2026, 9, 7))
    rc = register_check(reg, Config(), term="autumn")
    facts = (
        "register problems in the term: 2 N codes older than 5 school days, 1 missing mark; "
        "the figures leave out sessions with no mark and count each N as unauthorised"
    )
    assert rc.problems_line() == facts + ADVICE  # the terminal's, for the office
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=dt.date(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    data = next(r for r in range(2, 10) if ws.cell(r, 1).value == "Data")
    assert ws.cell(data, 2).value == "R" + facts[1:]


def test_the_la_return_workbook_tells_the_la_the_problems_not_the_school_what_to_do(tmp_path) -> None:  # noqa: ANN001
    """The same for the LA return: September's, from an export to Wed 30 Sep; C has N
    every day from Mon 14 Sep (13 school days: listed), never replaced, so the Ns of 14
    to 22 Sep (7 days, 14 sessions) are older than 5 school days.  The Data row counts
    them without the advice; the terminal's line keeps it."""
    import datetime as dt

    from openpyxl import load_workbook

    from builders import register
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_la_return import write_export

    reg = register(
        {"A": " ".join(["/\\"] * 20), "C": " ".join(["/\\"] * 5 + ["N"] * 15)},
        start=dt.date(2026, 9, 7),
    )
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(tmp_path / "sep.csv", reg, dt.date(2026, 9, 30))
    out_file = tmp_path / "sep.xlsx"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-09", "-c", config, "-o", out_file, width=400
    )
    assert code == 0, err
    assert ADVICE + "\n" in out
    ws = load_workbook(out_file).active
    data = next(r for r in range(2, 14) if ws.cell(r, 1).value == "Data")
    said = ws.cell(data, 2).value
    assert said.startswith(
        "Register problems in the school year to 30/09/2026: 14 N codes older than 5 school days; "
    )
    assert said.endswith("each N counts as unexplained absence")
