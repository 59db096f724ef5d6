"""Sweep "mutnew6" (6 December, fourth): mutation testing of the code the last three
rounds added (docs/decisions.md, "mutnew6").  Each test here was seen to pass on the code
and to fail on the one mutant it names; the answers are worked out by hand from DOMAIN.md.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

TODAY = dt.date(2027, 8, 31)  # (tests/conftest.py's "today")


def test_a_common_figure_is_shown_in_integers_without_the_fraction_rule(monkeypatch) -> None:
    """``pct``'s integer path (issue 15: a check has hundreds of figures) gives the figure
    itself, falling back to :func:`percent.shown` (a Fraction) never for these: 91.96 % by
    the 92 % line, 90.04 % and 89.96 % by the 90 % line, 90.0 % on it, 50.0 %, 0.0 %, 100.0 %
    99.96 % (not 100.0 %) and 91.996 % (not 92.00 %).  A mutant that broke the integer test of a side (a line's
    denominator left out, the sides compared with !=) fell back every time: right, slow."""
    from attcli import percent

    def no_fraction(*_a, **_k):
        raise AssertionError("fell back to the Fraction rule")

    monkeypatch.setattr(percent, "shown", no_fraction)
    lines = (Fraction(92), Fraction(90), Fraction(50))
    got = [
        str(percent.pct(a, p, lines))
        for a, p in ((9196, 10000), (9004, 10000), (8996, 10000), (90, 100), (71, 142),
                     (0, 140), (140, 140), (9996, 10000), (2, 3))
    ]  # fmt: skip
    assert got == ["91.96", "90.04", "89.96", "90.0", "50.0", "0.0", "100.0", "99.96", "66.7"]
    assert str(percent.pct(9225, 10000, (Fraction(369, 4),))) == "92.25"  # (a line of 92.25)
    assert str(percent.pct(91996, 100000, lines)) == "91.996"  # (92.0 and 92.00 on the line)


def test_a_deleted_notice_is_found_under_its_own_id_not_inside_a_longer_one(
    tmp_path: Path,
) -> None:
    """``pupil forget 01003 1003 --force``, each with a notice that still counts (issued
    01/06/2025 and 01/07/2025: counted until 01/06/2028 and 01/07/2028, DOMAIN.md 5): the
    audit row says "01003 counted until 2028-06-01, 1003 counted until 2028-07-01".  1003's
    deleted notice is its own, the second said (not the first, found inside "01003"); and
    after a forgetting of 01003 alone, 1003 has none."""
    from attcli.store import History, Parent

    path = tmp_path / "h.sqlite3"
    with History(path, write=True) as store:
        store.record_notice("01003", Parent("id:p1", "Mrs One"), dt.date(2025, 6, 1))
        store.record_notice("1003", Parent("id:p2", "Mrs Two"), dt.date(2025, 7, 1))
        store.forget(upns=["01003", "1003"], today=TODAY, force=True)
        assert store.deleted_notice("1003", TODAY)[2] == dt.date(2028, 7, 1)
        assert store.deleted_notice("01003", TODAY)[2] == dt.date(2028, 6, 1)
    other = tmp_path / "h2.sqlite3"
    with History(other, write=True) as store:
        store.record_notice("01003", Parent("id:p1", "Mrs One"), dt.date(2025, 6, 1))
        store.forget(upns=["01003"], today=TODAY, force=True)
        assert store.deleted_notice("01003", TODAY)[2] == dt.date(2028, 6, 1)
        assert store.deleted_notice("1003", TODAY) is None


def _long_register(path: Path, upns: list[str]) -> Path:
    """A long-layout register of ``upns``, each present both sessions of 7 and 8/09/2026."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        f"{upn},S,F,{d:02d}/09/2026,{s},/" for upn in upns for d in (7, 8) for s in ("AM", "PM")
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_upns_without_their_letter_in_half_the_pupils_are_not_refused_as_lost(
    tmp_path: Path,
) -> None:
    """The lost-letter refusal is for a column *most* of whose UPNs are 12 characters with
    no letter first: one such of two pupils (half, not most) is read (mutant: ``short * 2
    < n``, refusing at half), and said as no UPN.  It was read in silence: the odd-UPN
    note is for a file most of whose values are UPNs, and half is not most (fixed: a UPN
    without its letter is questioned beside any UPN)."""
    from attcli.loaders import load_registers

    path = _long_register(tmp_path / "reg.csv", ["999201618043", "A999201618044"])
    result = load_registers([path])
    assert result.register["upn"].n_unique() == 2
    assert any("'999201618043'" in w for w in result.warnings)


def test_a_temporary_upn_without_its_letter_is_counted_among_the_lost(tmp_path: Path) -> None:
    """A temporary UPN is a letter, 11 digits and a letter (DOMAIN.md's UPN shape): with its
    first letter lost it is ``99920161804B``, one of the three lost here, so "(and 2 more
    like it)" (mutant: the last character a digit only, "(and 1 more")."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    path = _long_register(tmp_path / "reg.csv", ["999201618043", "99920161804B", "999201618045"])
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert "line 2: the UPN '999201618043' (and 2 more like it) has 12 characters" in str(
        info.value
    )


def test_a_gap_of_the_longest_holiday_between_half_terms_is_a_holiday_for_the_term() -> None:
    """A first step on Sun 01/08/2027 between Summer 2 (to Fri 16/07/2027) and an autumn
    half term starting 56 days later (Fri 10/09/2027): a gap of 8 weeks, the longest the
    config takes as a holiday (``LONGEST_HOLIDAY``, config's rule: a longer gap is a half
    term left out), so the term is the one after it: nothing unlisted (mutant: ``<``).
    A day more (Sat 11/09) is a half term left out: the term 01/08 falls in is not known,
    2026/27's."""
    from attcli.config import HalfTerm
    from attcli.ladder import term_unlisted

    summer = HalfTerm("Summer 2", dt.date(2027, 6, 7), dt.date(2027, 7, 16))
    first = dt.date(2027, 8, 1)
    autumn = HalfTerm("Autumn 1", dt.date(2027, 9, 10), dt.date(2027, 10, 22))
    assert term_unlisted(first, [summer, autumn]) is None
    later = HalfTerm("Autumn 1", dt.date(2027, 9, 11), dt.date(2027, 10, 22))
    assert term_unlisted(first, [summer, later]) == "2026/27"


def test_a_first_step_on_the_last_day_of_a_half_term_is_in_that_half_term() -> None:
    """A first step on Fri 18/12/2026, the last day of Autumn 2 (Autumn 1 02/09-23/10,
    Autumn 2 02/11-18/12, Spring 1 from 04/01/2027): in a half term listed, nothing
    unlisted (mutant: the half term's last day left out of it, the step then between
    Autumn 1 and Spring 1, 73 days apart, "a half term left out": 2026/27's unlisted)."""
    from attcli.config import HalfTerm
    from attcli.ladder import term_unlisted

    year = [
        HalfTerm("Autumn 1", dt.date(2026, 9, 2), dt.date(2026, 10, 23)),
        HalfTerm("Autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
        HalfTerm("Spring 1", dt.date(2027, 1, 4), dt.date(2027, 2, 12)),
    ]
    assert term_unlisted(dt.date(2026, 12, 18), year) is None
    assert term_unlisted(dt.date(2026, 9, 2), year) is None  # (its first day too)


def test_term_dates_given_as_three_whole_terms_give_a_term_s_end() -> None:
    """A school that lists its three terms whole (Autumn 02/09-18/12/2026, Spring
    04/01-26/03/2027, Summer 12/04-21/07/2027), one "half term" each: a term from Mon
    05/10/2026 is the autumn term's 78 school days (Wed 2 to Fri 4 September, 3, and 15
    weeks to 18/12, 75): 55 to 18/12, then 23 of Spring from 04/01, to Wed 03/02/2027.
    (Mutant: a term of one half term listed taken as of unknown length wherever it is,
    not only when it is the last listed: None, and no term ever judged.)"""
    from attcli.config import HalfTerm
    from attcli.ladder import term_end

    terms = [
        HalfTerm("Autumn", dt.date(2026, 9, 2), dt.date(2026, 12, 18)),
        HalfTerm("Spring", dt.date(2027, 1, 4), dt.date(2027, 3, 26)),
        HalfTerm("Summer", dt.date(2027, 4, 12), dt.date(2027, 7, 21)),
    ]
    assert term_end(dt.date(2026, 10, 5), terms) == dt.date(2027, 2, 3)
    assert term_end(dt.date(2027, 5, 4), terms) is None  # (the last listed: length unknown)


def test_a_term_whose_days_the_exports_lack_is_not_judged_but_said() -> None:
    """tests/test_sweep_decide10.py's pupil who left the ladder improved: letters on
    07/09 and Mon 12/10/2026, absent a session every Wednesday from 14/10; the term from
    12/10 is 70 school days, to Fri 05/02/2027, not improved: the referral due from 06/02.
    With the exports lacking the week of 07/12 to 11/12/2026 (inside that term and the
    year before it: ``unheld`` says so of any span holding it) the term is not judged on
    the days there are: no referral by it, and the case says why (mutant: the review made
    whatever ``unheld`` says, the referral due on a term with a week unread)."""
    from attcli.config import HalfTerm
    from attcli.ladder import place
    from test_cases_ladder import CFG, LADDER, Register
    from test_sweep_policies2 import HALF_TERMS

    reg = Register()
    day = dt.date(2026, 10, 14)
    while day <= dt.date(2027, 3, 31):
        reg.absent(day, day, sessions=1)
        day += dt.timedelta(days=7)
    halves = [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]
    records = [("letter", dt.date(2026, 9, 7)), ("letter", dt.date(2026, 10, 12))]
    gap = (dt.date(2026, 12, 7), dt.date(2026, 12, 11))

    def unheld(a: dt.date, b: dt.date):  # noqa: ANN202
        return gap if a <= gap[0] and gap[1] <= b else None

    as_of = dt.date(2027, 2, 5)
    case = place(
        LADDER, records, as_of, reg.standing(as_of), reg.window, half_terms=halves,
        bands=CFG.bands, minimum=10, unheld=unheld,
    )  # fmt: skip
    assert case.term is None
    assert case.due_stage is None or case.due_stage.name != "ewo_referral"
    assert case.term_unknown is not None
    assert case.term_unknown.startswith(
        "the term on the ladder from 12/10/2026 to 05/02/2027 cannot be judged from the "
        "exports given: they do not hold"
    ), case.term_unknown


def test_a_step_days_after_leaving_the_ladder_improved_starts_a_new_time_on_it() -> None:
    """tests/test_sweep_decide10.py's pupil: the letter on Mon 07/09/2026, 100 % over its 4
    weeks: improved, off the ladder on Sun 04/10.  A letter again on Fri 09/10, five days
    later (the case as of 09/10 still "left", its stage the letter: listed a week after
    leaving): a new time on the ladder, its term counted from 09/10, not from 07/09
    (mutant: only a case with no stage starting a new time, the "left" case's first step
    kept, the term from 07/09 ending 18/12)."""
    from attcli.config import HalfTerm
    from attcli.ladder import place
    from test_cases_ladder import CFG, LADDER, Register
    from test_sweep_policies2 import HALF_TERMS

    reg = Register()
    day = dt.date(2026, 10, 14)
    while day <= dt.date(2027, 3, 31):
        reg.absent(day, day, sessions=1)
        day += dt.timedelta(days=7)
    halves = [HalfTerm(n, s, e) for n, s, e in HALF_TERMS]

    def at(records, as_of: dt.date):  # noqa: ANN001, ANN202
        return place(
            LADDER, records, as_of, reg.standing(as_of), reg.window, half_terms=halves,
            bands=CFG.bands, minimum=10,
        )  # fmt: skip

    left = at([("letter", dt.date(2026, 9, 7))], dt.date(2026, 10, 9))
    assert (left.status, left.stage.name, left.left_on) == ("left", "letter", dt.date(2026, 10, 4))
    case = at([("letter", dt.date(2026, 9, 7)), ("letter", dt.date(2026, 10, 9))], dt.date(2026, 12, 1))
    assert case.on_ladder and case.first == dt.date(2026, 10, 9)


def test_a_term_from_the_last_day_of_a_half_term_is_that_half_term_s_term() -> None:
    """decide10's term dates (Autumn 1 07/09-23/10, Autumn 2 02/11-18/12/2026, Spring 1
    04/01-12/02, Spring 2 22/02-25/03, Summer 1 from 12/04/2027): a first step on Fri
    18/12, Autumn 2's last day, is a term of the autumn's 70 school days: 18/12 (1),
    Spring 1 (30), Spring 2 (24, to 55), then 15 of Summer 1 from 12/04: Fri 30/04/2027
    (mutant: the half term taken as the first ending after the day, Spring 1's, a spring
    term of 54 days to Wed 24/03)."""
    from attcli.config import HalfTerm
    from attcli.ladder import term_end
    from test_sweep_policies2 import HALF_TERMS

    halves = [HalfTerm(*h) for h in HALF_TERMS]
    assert term_end(dt.date(2026, 12, 18), halves) == dt.date(2027, 4, 30)


def test_an_as_of_date_a_year_to_the_day_after_the_exports_is_within_a_school_year(
    tmp_path: Path,
) -> None:
    """``as_of_slip`` (test_sweep_leftovers10's rule): term dates for Autumn 2026, exports
    ending Fri 25/09/2026.  As of 25/09/2027, 365 days on, the date is not "more than a
    school year" after the exports, but in the next school year, which the term dates do not
    hold while the exports' does: "in 2026/27" (mutant: ``>= 365``, "more than a school
    year before it"); as of 26/09/2027, 366 days on, it is more.  With term dates of
    2025/26 alone (last year's config) neither year has a half term: no slip, the term
    dates are what is wrong, and said by their own line (mutant: the exports' year's half
    terms not asked, a slip said)."""
    import dataclasses

    from attcli.config import HalfTerm, load_config
    from attcli.coverage import as_of_slip
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))
    end = dt.date(2026, 9, 25)
    said = as_of_slip(config, dt.date(2027, 9, 25), end)
    assert said is not None and "these exports end 25/09/2026, in 2026/27, and" in said, said
    said = as_of_slip(config, dt.date(2027, 9, 26), end)
    assert said is not None and "25/09/2026, more than a school year before it" in said, said
    old = dataclasses.replace(
        config, half_terms=(HalfTerm("Autumn 1", dt.date(2025, 9, 3), dt.date(2025, 10, 24)),)
    )
    assert as_of_slip(old, dt.date(2027, 9, 2), end) is None


def test_a_pupil_list_s_leaver_on_the_first_day_of_exports_that_start_late_is_on_roll(
    tmp_path: Path,
) -> None:
    """test_sweep_leftovers13's exports from Mon 14/09/2026 to Fri 25/09/2026 (figures for
    those days only), STAY present throughout; GONE, admitted 07/09, left on Mon 14/09 and
    present that day: on roll on a day of the period (a leaving date is the last day on
    roll), so one of its 2 pupils, 20 + 2 possible sessions (mutant: the time on roll
    compared with the figures' first day a session late, ``_to > period_first + 1``, GONE
    left out: 1 pupil, 20; ``>`` alone is equivalent: ``_to`` is the leaving day's PM
    session, one past the day's AM that ``period_first`` is)."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"STAY": " ".join(["/\\"] * 10), "GONE": "/\\"}, start=dt.date(2026, 9, 14))
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True, groups=True)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"
        "STAY,SurnameSTAY,ForenameSTAY,01/10/2014,07/09/2026,\n"
        "GONE,SurnameGONE,ForenameGONE,01/10/2014,07/09/2026,14/09/2026\n",
        encoding="utf-8",
    )
    out = tmp_path / "s.json"
    code, _, err = run_cli(
        "summary", export, "--pupils", pupils, "--config", cfg, "--as-of", "2026-09-25",
        "-o", out,
    )  # fmt: skip
    assert code == 0, err
    doc = json.loads(out.read_text())
    assert doc["period"]["start"] == "2026-09-14"
    t = doc["totals"]
    assert (t["pupils"], t["on_roll"], t["possible"], t["attended"]) == (2, 1, 22, 22)


def test_a_note_on_a_page_is_escaped_and_only_commands_become_code() -> None:
    """``coded_html``: a note quoting a file or a name with ``&`` and ``<`` shows them as
    text, escaped (mutant: the escape left out, a name's ``<b>`` markup on the report's
    page); a command in backticks is code a word, a name in backticks stays text (mutant:
    every backticked text made code)."""
    from attcli.output import coded_html

    assert str(coded_html("the file Smith & <b>Jones</b>.csv: run `attcli check --record`")) == (
        "The file Smith &amp; &lt;b&gt;Jones&lt;/b&gt;.csv: run <code>attcli</code> "
        "<code>check</code> <code>--record</code>"
    )
    assert str(coded_html("`Smith` is named; run `attcli pupil merge`")) == (
        "`Smith` is named; run <code>attcli</code> <code>pupil</code> <code>merge</code>"
    )


def test_a_year_group_is_named_only_when_it_is_one_the_mis_gives() -> None:
    """``year_group_label``: N2 and E1 are "Nursery 2" and "Early years 1", R and X named,
    a whole year "Year 7"; a value that is none of these stays as written: "N", "E", "NC",
    "7A" (mutant: any value starting N or E named, "Nursery C", "Early years ")."""
    from attcli.output import year_group_label

    got = [year_group_label(v) for v in ("N2", "E1", "R", "X", "7", "N", "E", "NC", "7A")]
    assert got == [
        "Nursery 2", "Early years 1", "Reception", "NC year X", "Year 7", "N", "E", "NC", "7A",
    ]  # fmt: skip


def test_a_hidden_title_row_is_not_said_and_a_hidden_column_is_named_by_its_own_header(
    tmp_path: Path,
) -> None:
    """A workbook whose title row (sheet row 1, above the header) the office hid, and whose
    Surname column, sheet column C (the export pasted from column B), too: the title row is
    no data row, so no hidden row is said (mutant: every hidden row said, "row 1"); the
    hidden column is named by its own header, 'Surname' (mutant: the sheet's column taken
    as the frame's, the column after it, 'Forename')."""
    import openpyxl

    from attcli.loaders import load_registers
    from test_sweep_slips4 import _long_rows

    rows = [["Attendance export"], *_long_rows({"A1": "/\\ /\\", "B1": "OO /\\"})]
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append([None, *row])
    ws.row_dimensions[1].hidden = True
    ws.column_dimensions["C"].hidden = True
    path = tmp_path / "book.xlsx"
    wb.save(path)
    result = load_registers([path])
    assert result.register.height == 8
    assert [w for w in result.warnings if "hidden" in w] == [
        f"{path}: 1 column attcli reads is hidden in Excel ('Surname'): read, the hidden ones "
        "too (hiding a column does not delete it); unhide it in Excel to see what attcli reads"
    ]


def test_a_pasted_header_with_one_column_named_otherwise_is_still_a_header(
    tmp_path: Path,
) -> None:
    """A second export pasted below the first, its header 'UPN,Forename,Surname,Date,
    Session,Attendance Mark': five of the six header texts (not 'Attendance Mark') in
    another order is the header repeated (four in five of them, rounded up: five of six),
    said as such, not read as a pupil 'UPN' (mutant: one more text needed, the row refused
    as a date that is not one)."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    path = _long_register(tmp_path / "reg.csv", ["A999201618043", "A999201618044"])
    lines = path.read_text(encoding="utf-8").splitlines()
    second = "UPN,Forename,Surname,Date,Session,Attendance Mark"
    path.write_text("\n".join([*lines[:5], second, *lines[5:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value).startswith(
        f"{path}, line 6: the header row is repeated here with its columns in another order "
        "('Forename' where line 1 has 'Surname')"
    ), str(info.value)


def test_the_run_s_own_unauthorised_count_is_said_beside_a_correction_only_where_it_differs(
    tmp_path: Path,
) -> None:
    """test_sweep_leftovers12's A: the check recorded as of Fri 27/11/2026 counted 12 unauthorised (O
    on Mon 7 September, 2; Mon to Thu of the week of 23 November, 8; Fri 27 N, 2).  Since,
    Fri 27 is ``/`` (a correction).  Where Thu 26 is ``/`` too (a mark of then changed, not
    a correction), the corrections undone give 10, not the run's 12: the absence row says
    so as the pn row does (mutant: said on the pn row alone).  Where Thu 26 is still ``O``
    they give the run's 12: neither row says a mark changed besides (mutant: said whenever
    the run kept its count)."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    holiday = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    week, present = " ".join(["/\\"] * 5), ["/\\"] * 4

    def a_of(last_week: str) -> str:
        return " ".join(["O", *present, *[week] * 9, last_week, week])

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    then = register({"A": a_of("O O O O N"), "B": " ".join([week] * 12)}, holidays=holiday)
    run = write_long_csv(then.filter(then["date"] <= dt.date(2026, 11, 27)), tmp_path / "a.csv")
    code, _, err = run_cli("check", run, "-c", ws, "--as-of", "2026-11-27", "--record")
    assert code == 0, err

    def rows(last_week: str) -> dict[str, str]:
        now = register({"A": a_of(last_week), "B": " ".join([week] * 12)}, holidays=holiday)
        export = write_long_csv(now, tmp_path / f"now-{last_week.count('O')}.csv")
        code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-12-04", "-f", "json")
        assert code == 0, err
        return {
            c["detail"].split(":")[0]: c["detail"]
            for c in json.loads(out)["changes"]
            if c["upn"] == "A" and c["detail"].startswith(("absence: ", "pn: "))
        }

    besides = "and a mark of then changed since besides"
    changed = rows("O O O / /")
    assert besides in changed["absence"] and "that check counted 12 unauthorised" in changed["absence"]
    assert besides in changed["pn"]
    corrected = rows("O O O O /")
    assert set(corrected) == {"absence", "pn"}
    assert not [d for d in corrected.values() if besides in d], corrected


def test_a_mover_whose_new_school_holds_a_second_upn_is_no_child_of_two_schools() -> None:
    """test_sweep_leftovers12's Ann the other way round: Ann at Ash under A2, at Birch
    under A1 and A2 (she moved under A2; A1 is Birch's own second UPN of her, Birch's own
    note).  Read in the schools' order (Ash's A2 first), no child of two schools under two
    UPNs (mutant: only the second UPN looked for at the first school, A1 not at Ash: Ann
    "found")."""
    import polars as pl

    from attcli.loaders import children_of_two_schools

    born = dt.date(2015, 3, 1)

    def school(*upns: str) -> pl.DataFrame:
        return pl.DataFrame(
            [(u, "Dual", "Ann", born) for u in upns],
            schema={"upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8, "dob": pl.Date},
            orient="row",
        )

    assert children_of_two_schools([("Ash", school("A2")), ("Birch", school("A1", "A2"))]) == []
    assert children_of_two_schools([("Ash", school("A2")), ("Birch", school("A1"))]) == [
        ("Dual", "Ann", born, [("A2", "Ash"), ("A1", "Birch")])
    ]


def test_a_code_with_a_zero_that_is_no_code_with_an_o_is_not_said_to_be_one(
    tmp_path: Path,
) -> None:
    """test_sweep_slips4's zero typed for the letter O: ``0`` is said to hold a zero where
    the code ``O`` has the letter O.  ``X0`` is an unknown code too, but ``XO`` is no code:
    nothing is said of a zero (mutant: any code with a zero said so, "where the code 'XO'
    has the letter O", a code that does not exist)."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    rows = ["UPN,Surname,Forename,Date,Session,Mark", "A999201618043,S,F,07/09/2026,AM,/",
            "A999201618043,S,F,07/09/2026,PM,X0"]  # fmt: skip
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value).startswith(
        f"{path}, line 3: unknown attendance code 'X0' for pupil 'A999201618043' (1 session "
        "with an unknown code: 'X0') (column 'Mark'). Valid codes: "
    ), info.value


def test_a_headless_file_is_said_so_from_three_cells_of_a_pupil_s_row(tmp_path: Path) -> None:
    """A pupil list whose header row was deleted: its first line 'A999201618043,Smith,Ann',
    a UPN among three cells, is a pupil's row: "no header row: the first line is a pupil's
    row" (mutant: four cells needed, the general "no header row found" instead).  Two
    cells, 'A999201618043,Smith', are too few to call it a pupil's row: the general line,
    which lists the headers found (mutant: two cells taken as a pupil's row)."""
    from attcli.errors import InputError
    from attcli.loaders import read_pupil_list

    path = tmp_path / "pupils.csv"
    path.write_text("A999201618043,Smith,Ann\nA999201618044,Jones,Bob\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value).startswith(
        f"{path}, line 1: no header row: the first line is a pupil's row (its cell "
        "'A999201618043' is a UPN)"
    ), info.value
    path.write_text("A999201618043,Smith\nA999201618044,Jones\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value).startswith(
        f"{path}, line 1: no header row found in the first 30 lines"
    ), info.value


def test_a_pupil_column_of_mis_ids_with_one_upn_among_them_is_the_mis_id(tmp_path: Path) -> None:
    """test_sweep_slips4's 'Pupil' column renamed by hand: read as the UPN when its values
    are all UPNs; ids 1200 and 1201 beside one UPN-shaped A999201618045 are MIS ids, the
    file keyed by MIS id (mutant: any UPN among them making the column the UPN)."""
    from attcli.loaders import load_registers

    rows = ["Pupil,Surname,Forename,Date,Session,Mark"] + [
        f"{pid},S,F{pid},07/09/2026,{s},/" for pid in ("1200", "1201", "A999201618045")
        for s in ("AM", "PM")
    ]  # fmt: skip
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert load_registers([path]).keyed_by == "mis_id"


def test_a_child_of_two_schools_with_a_letter_at_one_school_only_is_no_two_letters() -> None:
    """``two_school_letters_lines`` (test_sweep_leftovers13's trust): Pat under P1 at Ash
    and P2 at Birch, a child of two schools (the check's line).  A letter made at Ash
    alone is one letter: no "two letters for one child?" line (mutant: one school's
    letter enough for it); with Birch's too, the line names both."""
    from types import SimpleNamespace

    import polars as pl

    from attcli.letters.command import two_school_letters_lines

    born = dt.date(2015, 3, 1)

    def run(upn: str, letters: list) -> SimpleNamespace:  # noqa: ANN401
        who = pl.DataFrame(
            [(upn, "Mover", "Pat", born)],
            schema={"upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8, "dob": pl.Date},
            orient="row",
        )
        return SimpleNamespace(identities=who, letters=letters)

    def letter(upn: str) -> SimpleNamespace:
        return SimpleNamespace(upn=upn, status="new", template="amber", recipient_name="Mrs Mover")

    one = two_school_letters_lines(
        [("Ash", run("P1", [letter("P1")])), ("Birch", run("P2", []))], dry_run=True
    )
    assert not [x for x in one if x.startswith("two letters for one child?")], one
    two = two_school_letters_lines(
        [("Ash", run("P1", [letter("P1")])), ("Birch", run("P2", [letter("P2")]))], dry_run=True
    )
    assert [x for x in two if x.startswith("two letters for one child?")] == [
        "two letters for one child? 'Mover, Pat' born 01/03/2015 (two UPNs, above): this run "
        "would make amber at Ash (P1, to Mrs Mover) and amber at Birch (P2, to Mrs Mover): if "
        "this is one child, the family gets two letters about them, one from each school's "
        "register: decide which school writes, and send one"
    ]


def test_ten_children_of_two_schools_are_each_named_and_the_eleventh_counted() -> None:
    """``two_school_children_lines`` names ten children of two schools, then counts the
    rest: ten found give ten lines and no "and 0 more" (mutant: ``>= 10``); eleven give
    ten lines and "and 1 more children under a UPN at each of two schools"."""
    import polars as pl

    from attcli.report.trust import two_school_children_lines

    born = dt.date(2015, 3, 1)

    def school(prefix: str, n: int) -> pl.DataFrame:
        return pl.DataFrame(
            [(f"{prefix}{i}", f"Name{i:02d}", "Pat", born) for i in range(n)],
            schema={"upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8, "dob": pl.Date},
            orient="row",
        )

    ten = two_school_children_lines([("Ash", school("A", 10)), ("Birch", school("B", 10))])
    assert len(ten) == 10 and not [x for x in ten if x.startswith("and ")]
    eleven = two_school_children_lines([("Ash", school("A", 11)), ("Birch", school("B", 11))])
    assert len(eleven) == 11
    assert eleven[-1] == "and 1 more child under a UPN at each of two schools"
    twelve = two_school_children_lines([("Ash", school("A", 12)), ("Birch", school("B", 12))])
    assert twelve[-1] == "and 2 more children under a UPN at each of two schools"


def test_a_hold_share_with_a_fraction_of_a_percent_is_compared_exactly() -> None:
    """``hold_reason``: letters held when the codes' sessions are more than ``share`` % of
    all absence sessions, on exact integers.  At 50.5 %: 51 illness sessions of 100 are
    more (51 > 50.5): held; 50 of 100 are not (mutant: the share's denominator left out,
    51 × 100 against 101 × 100, never held)."""
    from attcli.absence import hold_reason

    share = Fraction(101, 2)
    assert hold_reason({"I": 51, "O": 49}, ("I",), share) is not None
    assert hold_reason({"I": 50, "O": 50}, ("I",), share) is None
