"""Mutation testing of the eighth round's new decision code (sweep of 6 December
(eighth), mutnew12): each test kills a mutant no other test killed, its answer worked by
hand from DOMAIN.md and the policies (docs/decisions.md, the heading of mutnew12: the table
of mutants).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from tests.builders import weekdays
from tests.clirun import run_cli
from tests.school import ROLLOVER_HALF_TERMS, make_workspace

D = dt.date
HEAD = "UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"


def _row(upn: str, d: D, s: str, m: str) -> str:
    return f"{upn},Sur{upn},Fore{upn},01/10/2014,Year 7,7A,{d:%d/%m/%Y},{s},{m}"


def test_a_pupil_off_roll_for_a_week_inside_the_year_keeps_the_year_s_first_spell(
    tmp_path: Path,
) -> None:
    """Term dates from Thu 3 Sep 2026; check --from Mon 14 Sep as of Fri 23 Oct.  A on roll
    throughout; D on roll from 3 Sep, off roll Mon 28 Sep to Fri 2 Oct (left 25 Sep, back
    Mon 5 Oct).  Both were on roll on days of this school year before the period began
    (3-11 Sep), so neither one's year to date is the period's: no sessions they can miss
    this year (docs/decisions.md, sweep domaina).  Only a gap from before the year's start
    moves a pupil's first session on roll to their return (sweep oracle9's `_back`): a gap
    inside the year taken so would give D a figure."""
    config = make_workspace(tmp_path, ROLLOVER_HALF_TERMS)
    autumn = weekdays(D(2026, 9, 3), D(2026, 10, 23))
    gap = weekdays(D(2026, 9, 28), D(2026, 10, 2))
    rows = [HEAD]
    for upn, days in (("A", autumn), ("D", [d for d in autumn if d not in gap])):
        rows += [_row(upn, d, s, "/") for d in days for s in ("AM", "PM")]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"
        "A,SurA,ForeA,01/10/2014,03/09/2026,\n"
        "D,SurD,ForeD,01/10/2014,03/09/2026,25/09/2026\n"
        "D,SurD,ForeD,01/10/2014,05/10/2026,\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", export, "--config", config, "--pupils", pupils, "--from", "2026-09-14",
        "--as-of", "2026-10-23", "--format", "json",
    )
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    # D: 14-25 Sep (10 days) and 5-23 Oct (15 days) on roll, present: 50 of 50
    assert (got["D"]["attended"], got["D"]["possible"]) == (50, 50)
    assert got["A"]["can_miss_sessions"] is None
    assert got["D"]["can_miss_sessions"] is None


@pytest.mark.parametrize(("mark", "n"), [("-", 3), ("/", 11)])
def test_a_first_day_the_register_holds_with_no_mark_written_is_the_term_dates_to_say(
    mark: str, n: int, tmp_path: Path,
) -> None:
    """Term dates from Thu 3 Sep 2026 (half term 26-30 Oct); n pupils admitted 3 Sep (the
    pupil list); the export holds Thu 3 Sep for pupil A alone, both sessions ``mark``, and
    every pupil present every school day from Fri 4 Sep to Fri 13 Nov, the as-of date.  "-"
    (the missing mark) of one pupil of three is no mark written and not the school's
    register opened (roll's DASH_DAY_SHARE); "/" of one pupil of eleven is a stray day (a
    handful's mark, fewer than STRAY_DAY_SHARE, a tenth).  Either way the register decides
    nothing of the 3rd (`Calendar.first_marked`: the first day it holds a mark written on,
    not a stray day's), so the term dates' school day is the window's first week's first:
    03/09/2026 (rules3), unlike a 3rd closed by Y1 for everyone (oracle9: 04/09/2026)."""
    config = make_workspace(tmp_path, ROLLOVER_HALF_TERMS)
    days = weekdays(D(2026, 9, 4), D(2026, 11, 13), weekdays(D(2026, 10, 26), D(2026, 10, 30)))
    upns = [f"A{i:02d}" for i in range(n)]
    rows = [HEAD, _row(upns[0], D(2026, 9, 3), "AM", mark), _row(upns[0], D(2026, 9, 3), "PM", mark)]
    for upn in upns:
        rows += [_row(upn, d, s, "/") for d in days for s in ("AM", "PM")]
    export = tmp_path / "export.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"
        + "".join(f"{u},Sur{u},Fore{u},01/10/2014,03/09/2026,\n" for u in upns),
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", export, "--config", config, "--pupils", pupils, "--as-of", "2026-11-13",
        "--format", "json",
    )
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (got["A01"]["pn_window_start"], got["A01"]["pn_window_end"]) == ("2026-09-03", "2026-11-13")


def test_conflicting_marks_are_one_line_only_for_the_same_marks_from_the_same_exports(
    tmp_path: Path,
) -> None:
    """Three exports of Mon 14 and Tue 15 Sep 2026 (slips7's lines of conflicts, DOMAIN.md
    12: a conflict refused).  A: Monday O in the first, M in the second; Tuesday O in the
    second, M in the third: the same marks but not from the same exports, two lines.  B:
    Monday O in the first and the second, M in the third: a mark in two exports is said
    export by export (only more than two are a run, "in N exports (a to b)").  C01-C20:
    Monday O in the first, M in the second: 23 lines in all, the first 20 shown, then the
    sessions of the 3 left, 6 (not 3, the lines)."""
    from tests.builders import register, write_long_csv

    from attcli.errors import InputError
    from attcli.loaders import load_registers

    mon = D(2026, 9, 14)
    c = [f"C{i:02d}" for i in range(1, 21)]
    e1 = write_long_csv(
        register({"A": "OO", "B": "OO", **dict.fromkeys(c, "OO")}, start=mon), tmp_path / "e1.csv"
    )
    e2 = write_long_csv(
        register({"A": "MM OO", "B": "OO", **dict.fromkeys(c, "MM")}, start=mon),
        tmp_path / "e2.csv",
    )
    e3 = write_long_csv(register({"A": "!! MM", "B": "MM"}, start=mon), tmp_path / "e3.csv")
    with pytest.raises(InputError) as exc:
        load_registers([e1, e2, e3])
    lines = str(exc.value).split(". A later export")[0].splitlines()
    assert lines[0].startswith("46 sessions have conflicting marks")
    assert lines[1:4] == [
        f"  A SurnameA, ForenameA, 2 sessions, 14/09/2026 AM to 14/09/2026 PM: 'O' in {e1}; 'M' in {e2}",
        f"  A SurnameA, ForenameA, 2 sessions, 15/09/2026 AM to 15/09/2026 PM: 'O' in {e2}; 'M' in {e3}",
        f"  B SurnameB, ForenameB, 2 sessions, 14/09/2026 AM to 14/09/2026 PM: 'O' in {e1}; 'O' in {e2}; 'M' in {e3}",
    ]
    assert lines[21:] == ["  and 6 more"]


def test_a_contact_s_school_cell_naming_two_schools_leaves_the_contacts_whole(
    tmp_path: Path,
) -> None:
    """Oak Trust (Ash a, Birch b; test_sweep_trustids), both schools given the export name
    "Oak" (a config's slip).  The contacts of 1001: Ash's council (School "a"), Birch's
    father ("b") and a row whose School cell is "Oak", which names both.  Asked through that
    row (`pn next 1001 --parent`), the contacts are as they are, all three: attcli does not
    choose a school (`Contacts.of_contacts_school`); asked through Ash's row, Ash's rows
    alone, the "Oak" row among them (it names Ash too)."""
    from tests.school import CONTACTS_HEADER

    from attcli.config import load_config
    from attcli.contacts import load_contacts
    from test_sweep_trustids import _trust

    config, _, _ = _trust(tmp_path)
    text = config.read_text(encoding="utf-8")
    for f in ("ash", "birch"):
        text = text.replace(f'files = ["{f}-*"]', f'files = ["{f}-*"]\nexport_names = ["Oak"]')
    config.write_text(text, encoding="utf-8")
    path = tmp_path / "contacts.csv"
    path.write_text(
        "School," + CONTACTS_HEADER
        + "a,1001,L1,,,Westshire County Council,Local Authority,1,Yes,County Hall,Anytown,AN1 0AA\n"
        + "b,1001,B1,Mr,Ben,Birch,Father,1,Yes,1 Oak Road,Anytown,AN1 1AB\n"
        + "Oak,1001,X1,Ms,Olive,Oak,Mother,2,Yes,2 Oak Road,Anytown,AN1 2AB\n",
        encoding="utf-8",
    )  # fmt: skip
    cfg, book = load_config(config), load_contacts(path)
    by_id = {c.contact_id: c for c in book.for_upn("1001")}
    assert sorted(by_id) == ["B1", "L1", "X1"]
    whole = book.of_contacts_school(cfg, by_id["X1"])
    assert sorted(c.contact_id for c in whole.for_upn("1001")) == ["B1", "L1", "X1"]
    ash = book.of_contacts_school(cfg, by_id["L1"])
    assert sorted(c.contact_id for c in ash.for_upn("1001")) == ["L1", "X1"]


def test_the_days_off_roll_given_out_of_order_or_twice_are_spans_of_each_day_once() -> None:
    """`quality.off_roll_spans`: the days off the roll inside a run as dates, consecutive
    school days one span (leftovers16), whatever order they come in: Thu 24 Sep, Mon 21,
    Tue 22 and Mon 21 again, over the school days of 21-25 Sep 2026, are 21-22 Sep and the
    24th."""
    from attcli.quality import off_roll_spans

    days = weekdays(D(2026, 9, 21), D(2026, 9, 25))
    got = off_roll_spans([D(2026, 9, 24), D(2026, 9, 21), D(2026, 9, 22), D(2026, 9, 21)], days)
    assert got == "21/09/2026-22/09/2026; 24/09/2026"
    assert off_roll_spans([], days) is None


def test_a_pupil_in_three_form_sheets_is_said_once_a_form_and_two_sessions_alike_are_more(
    tmp_path: Path,
) -> None:
    """A workbook a form a sheet (layouts7's moves): 7A, 7B and 7C, a pupil each present Mon
    7 to Fri 18 Sep 2026; Pupil3 in 7A Mon 7 to Wed 9, 7B Thu 10 and Fri 11, 7C from Mon 14,
    and Friday 11th in 7C's sheet too, marked alike ('/' then '\\').  One pupil, 20
    sessions (Friday's two read once); the note names the forms in order, each once ('7A'
    then '7B' then '7C'), and the note of the sessions alike quotes the first of the two,
    then "..." for the other."""
    import openpyxl

    from attcli.loaders import load_registers

    days = weekdays(D(2026, 9, 7), D(2026, 9, 18))
    p3 = {"7A": days[:3], "7B": days[3:5], "7C": days[4:]}
    book = openpyxl.Workbook()
    book.remove(book.active)
    for form, other in (("7A", 1), ("7B", 2), ("7C", 4)):
        sheet = book.create_sheet(form)
        sheet.append(["UPN", "Surname", "Forename", "Registration Form", "Date", "Session", "Mark"])
        for i, mine in ((other, days), (3, p3[form])):
            for d in mine:
                for s, m in (("AM", "/"), ("PM", "\\")):
                    sheet.append([f"A1000000000{i}", f"P{i}", f"K{i}", form, f"{d:%d/%m/%Y}", s, m])
    path = tmp_path / "forms.xlsx"
    book.save(path)
    result = load_registers([path])
    rows = result.register.filter(pl.col("upn") == "A10000000003")
    assert rows.height == 20 and rows.get_column("upn").len() == rows.select("date", "session").n_unique()
    said = " ".join(" ".join(result.warnings).split())
    assert "1 pupil in two form sheets read as one pupil who moved form" in said
    assert "latest sheet's: A10000000003 ('7A' then '7B' then '7C')" in said
    assert (
        "2 sessions of a pupil in two form sheets marked alike in both, read once: "
        "A10000000003 11/09/2026 AM '/' in sheets '7B' and '7C' ..."
    ) in said


def test_a_printed_page_s_furniture_is_read_through_or_refused_only_beside_its_number(
    tmp_path: Path,
) -> None:
    """layouts6's two printed pages of three pupils (tests/test_sweep_layouts6.py), "Page n
    of 2" below each.  "Confidential" alone between two pupils of page 1 is beside no page's
    number: not the page's foot, refused as the row with no UPN it is (line 5).  The
    school's name above the page's number, a row of empty cells between: refused as the
    foot it may be, naming the number's line (9).  On the number's own line, the name
    quoted without the number; in the Surname column, the UPN cell empty: "a pupil with no
    UPN"."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _PAGES, _printed, _pupil

    def error(pages: list[list[str]], foot: str = "Page {n} of {m}") -> str:
        with pytest.raises(InputError) as info:
            load_registers([_printed(tmp_path / "p.csv", pages, foot=foot)])
        return " ".join(str(info.value).split())

    lone = [[_pupil(1), "Confidential", _pupil(2), _pupil(3)], _PAGES[1]]
    assert "line 5: data row with no UPN (column 'UPN'): 'Confidential'." in error(lone)
    said = error(_PAGES, "Oakfield Academy\n,,,\nPage {n} of {m}")
    assert (
        "line 7: a printed page's foot or head: 'Oakfield Academy' beside its number "
        "'Page 1 of 2' (line 9), which attcli cannot tell"
    ) in said
    said = error(_PAGES, "Oakfield,,,Page {n} of {m}")
    assert "line 7: a printed page's foot or head: 'Oakfield' beside its number 'Page 1 of 2', which" in said
    assert "read, it is a pupil whose UPN is 'Oakfield', with no name and no marks." in said
    said = error(_PAGES, ",Oakfield Academy,,Page {n} of {m}")
    assert "'Oakfield Academy' beside its number 'Page 1 of 2'" in said
    assert "read, it is a pupil with no UPN, with no name and no marks." in said


def test_excel_s_subtotals_nested_or_of_a_form_twice_are_skipped_and_each_label_said_once(
    tmp_path: Path,
) -> None:
    """Excel's Data > Subtotal (layouts7), pupils present Mon 7 to Fri 11 Sep 2026 (10
    sessions each).  Rows not sorted by form (7A: 1, 2; 7B: 3; 7A: 4; 7C: 5): a subtotal at
    each change, "7A Count" twice; the labels said each once, three, no "...".  Two
    functions at each change (Count, then Max, "Replace current subtotals" off: the second
    row below the first, the group two rows up): both skipped."""
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _DAYS

    def said(groups: list[tuple[str, tuple[int, ...]]], funcs: list[str]) -> tuple[int, str]:
        lines = ["UPN,Surname,Forename,Registration Form,Date,Session,Mark"]
        for form, upns in groups:
            for i in upns:
                lines += [f"A1000000000{i},P{i},K{i},{form},{d:%d/%m/%Y},{s},/"
                          for d in _DAYS[:5] for s in ("AM", "PM")]  # fmt: skip
            lines += [f",,,{form} {f},,,{len(upns) * 10}" for f in funcs]
        path = tmp_path / "sub.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = load_registers([path])
        return result.register.height, " ".join(" ".join(result.warnings).split())

    height, text = said([("7A", (1, 2)), ("7B", (3,)), ("7A", (4,)), ("7C", (5,))], ["Count"])
    assert height == 50
    assert "4 subtotal lines (Excel's Data > Subtotal, below each group) skipped (lines 22, " \
        "33, 44, 55: '7A Count', '7B Count', '7C Count')" in text
    height, text = said([("7A", (1, 2)), ("7B", (3, 4))], ["Count", "Max"])
    assert height == 40
    assert "4 subtotal lines (Excel's Data > Subtotal, below each group) skipped (lines 22-23, " \
        "44-45: '7A Count', '7A Max', '7B Count' ...)" in text


def test_a_pupil_s_week_in_one_form_sheet_all_in_the_other_is_a_copy_and_two_clashes_counted(
    tmp_path: Path,
) -> None:
    """layouts7's workbook a form a sheet (7A, 7B; Pupil3 moving).  Pupil3's first week in
    7A's sheet and both weeks in 7B's: every session of one sheet's is in the other, a copy
    of the register, not a move: refused as two sheets each a register (layouts6), though
    7B's holds more.  Pupil3's Friday 11th in both, both sessions marked differently ('/'
    and '\\' in 7A, 'N' in 7B): the first named, then "and 1 more session so"."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _DAYS
    from test_sweep_layouts7 import _moved_book, _sessions

    first, second = _DAYS[:5], _DAYS[5:]
    with pytest.raises(InputError) as info:
        load_registers([_moved_book(tmp_path / "copy.xlsx", {"7A": _sessions(first), "7B": _sessions(_DAYS)})])
    assert "sheets '7A' and '7B' each hold a register" in str(info.value)
    clash = {"7A": _sessions(first), "7B": [*_sessions(first[-1:], "N"), *_sessions(second)]}
    with pytest.raises(InputError) as info:
        load_registers([_moved_book(tmp_path / "two.xlsx", clash)])
    assert (
        "pupil A10000000003 has two marks for 11/09/2026 AM: '/' in sheet '7A' (row 50), 'N' "
        "in sheet '7B' (row 22), and 1 more session so."
    ) in " ".join(str(info.value).split())


def test_a_dual_registered_pupil_s_line_counts_each_school_in_the_window_said(
    tmp_path: Path,
) -> None:
    """test_sweep_oracletrust's Ash and Birch (Ash's window 14/09 to 27/11/2026; Birch,
    closed 5-9 October, 07/09 to 27/11), M dual registered all the while (``D`` at Ash from
    12 October, at Birch to 9 October).  ``O`` at Ash on Mon 7, Tue 8 (before Ash's own
    window), Mon 14 and Tue 15 September (4 in it), at Birch Monday to Wednesday 19-21
    October (6).  Neither school's own window holds 10 (Ash's 4, Birch's 6); Ash's window,
    tried first, holds 4 + 6 = 10 across the two: said, Ash's 4 (not the 8 of its whole
    export) and Birch's 6."""
    from test_sweep_oracletrust import _ash_and_birch

    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    n, m, born = 55, "M999000000009", D(2015, 5, 5)

    def marks(absent=(), dual=(), closed=()) -> str:  # noqa: ANN001
        return " ".join("Y1.Y1" if i in closed else "D" if i in dual else "O" if i in absent
                        else "/\\" for i in range(n))  # fmt: skip

    closed = range(20, 25)
    ash = {f"A99910000000{i}": marks() for i in range(1, 5)}
    ash[m] = marks((0, 1, 5, 6), dual=range(25, n))
    birch = {f"B99920000000{i}": marks(closed=closed) for i in range(1, 5)}
    birch[m] = marks((30, 31, 32), dual=range(20), closed=closed)
    got, err = _ash_and_birch(tmp_path, ash, birch, holiday, born, m)
    assert [(p["pn_window_start"], p["pn_window_sessions"]) for p in got.values()] == [
        ("2026-09-14", 4), ("2026-09-07", 6)
    ]
    assert (f"({m}) has 10 unauthorised sessions in the penalty-notice window 14/09/2026 to "
            "27/11/2026 across the trust's schools (Ash Primary School's 4, Birch Academy's "
            "6), the threshold of 10") in " ".join(err.split())  # fmt: skip
