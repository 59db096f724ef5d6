"""Mutation testing of the fifteenth round's new decision code (sweep of 6 December
(seventh), mutnew11): each test kills a mutant no other test killed, its answer worked by
hand from DOMAIN.md and the policies (docs/decisions.md, the heading of mutnew11: the table
of mutants).
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from attcli.absence import evidence_asked
from attcli.looked_after import REGISTER_COLUMN, listed_line, looked_after
from attcli.snapshots import store_snapshot
from attcli.store import History

D = dt.date
HOLD = ("C2", "I", "M", "R", "T")  # the agreed absence a letter is held for


def test_what_says_a_pupil_is_looked_after_names_each_council_once_in_number() -> None:
    # one council listed twice among the contacts (the mother's and the father's row):
    # named once, "holds"; two councils: "hold", both named, and the Virtual School Head
    # of both
    one = looked_after(["Westshire County Council", "Westshire County Council"], None)
    assert one.councils == ("Westshire County Council",)
    assert one.whose == "Westshire County Council holds parental responsibility in the contacts export"
    assert one.virtual_school_head == "the Virtual School Head of Westshire County Council"
    two = looked_after(["Westshire", "Anyshire"], True)
    assert two.whose == "Westshire and Anyshire hold parental responsibility in the contacts export"
    assert two.virtual_school_head == "the Virtual School Head of Westshire and Anyshire"
    assert two.disagreement is None  # the column says Y: no contradiction
    # the column alone: said by it, and the Virtual School Head not named by a council
    column = looked_after([], True)
    assert column.said and column.whose == REGISTER_COLUMN
    assert column.virtual_school_head == "the Virtual School Head"
    # the column's N, or no column, with no council: not looked after, nothing says so
    for mark in (False, None):
        assert not looked_after([], mark).said
        assert looked_after([], mark).whose is None
        assert looked_after([], mark).disagreement is None  # (one source: nothing to contradict)


def test_the_listed_line_names_ten_pupils_in_order_then_says_more() -> None:
    upns = [f"A{i:02d}" for i in range(11, 0, -1)]  # A11 .. A01, out of order
    line = listed_line(upns, {u: True for u in upns}, None)
    assert line is not None
    assert line.startswith("11 pupils listed are looked after (")
    # the first ten in order (A01 .. A10), A11 left to "..."
    assert line.endswith(": " + ", ".join(f"A{i:02d}" for i in range(1, 11)) + ", ...")
    one = listed_line(["A01", "A02"], {"A01": True, "A02": False}, None)
    assert one is not None and one.startswith("1 pupil listed is looked after (")
    assert one.endswith("the Virtual School Head: A01")


def test_the_listed_line_with_contacts_says_each_pupils_source_and_a_contradiction() -> None:
    councils = {"B": ["Westshire"], "C": ["Westshire"]}
    line = listed_line(
        ["A", "B", "C", "D"], {"A": True, "B": False, "D": False},
        lambda u: councils.get(u, []),
    )  # fmt: skip
    assert line is not None
    assert line.startswith(
        "3 pupils listed are looked after (a local authority holds parental responsibility in "
        f"the contacts export, or {REGISTER_COLUMN} says so): "
    )
    assert line.endswith(
        f"the Virtual School Head: A ({REGISTER_COLUMN}), B (Westshire; {REGISTER_COLUMN} says "
        "No: taken as looked after; correct whichever is wrong in the MIS), C (Westshire)"
    )
    # the councils alone: no "or the column says so"
    only = listed_line(["C"], {}, lambda u: councils.get(u, []))
    assert only is not None and f"or {REGISTER_COLUMN}" not in only


def test_a_letter_asks_medical_evidence_unless_the_agreed_absence_has_no_illness() -> None:
    share = Fraction(50)
    # 8 of 10 sessions religious observance: held, told ahead, no medical evidence
    assert evidence_asked({"R": 8, "O": 2}, HOLD, share) == (False, "religious observance")
    # both, the most first (T 5, R 3)
    assert evidence_asked({"R": 3, "T": 5, "O": 2}, HOLD, share) == (
        False, "travelling with a parent for their work or religious observance"
    )  # fmt: skip
    # illness among the agreed (I 1 of R 5): medical evidence, nothing told ahead
    assert evidence_asked({"R": 5, "I": 1, "O": 2}, HOLD, share) == (True, None)
    assert evidence_asked({"R": 5, "M": 1, "O": 2}, HOLD, share) == (True, None)
    # 5 of 10 agreed is not more than half: not held; no illness, so no medical evidence
    # (sweep rough8: policies 000, 001, 003 ask none unnecessarily); with some, asked
    assert evidence_asked({"R": 5, "O": 5}, HOLD, share) == (False, None)
    assert evidence_asked({"R": 4, "O": 5, "I": 1}, HOLD, share) == (True, None)
    # a part-time timetable alone: neither
    assert evidence_asked({"C2": 9, "O": 1}, HOLD, share) == (False, None)


def test_of_two_runs_as_of_one_date_the_name_and_birth_date_are_the_one_recorded_last(
    tmp_path: Path,
) -> None:
    # the week as of 18/09 recorded, then recorded again from a corrected export (Amy's
    # surname and date of birth put right in the MIS): the run recorded last replaces the
    # first (slips5), so its name and date of birth are the ones on record
    history = tmp_path / "attcli-history.sqlite3"
    row = ("", "A", 20, 20, "green", (), None, None, 0)
    store_snapshot(history, D(2026, 9, 11), ["wk1.csv"], [row],
                   names={("", "A"): ("Brown", "Amy", D(2014, 1, 1))})  # fmt: skip
    for surname, dob in (("Smith", D(2014, 2, 2)), ("Jones", D(2014, 3, 3))):
        store_snapshot(history, D(2026, 9, 18), ["wk2.csv"], [row],
                       names={("", "A"): (surname, "Amy", dob)})  # fmt: skip
    with History(history) as store:
        assert store.pupil_name("A") == "Amy Jones"
        assert store.pupil_dob("A") == D(2014, 3, 3)


def test_the_latest_old_year_forgetting_says_which_letters_the_retention_removed(
    tmp_path: Path,
) -> None:
    # the retention run in September 2026 (records before 01/09/2025), then once more
    # with an earlier date typed by mistake (before 01/09/2024): everything before
    # 01/09/2025 is gone all the same, so a letter of June 2025 is the retention's
    history = tmp_path / "attcli-history.sqlite3"
    with History(history, write=True) as store:
        assert store.forgotten_before() is None
        store.forget(before=D(2025, 9, 1), today=D(2026, 9, 14))
        store.forget(before=D(2024, 9, 1), today=D(2026, 9, 15))
    with History(history) as store:
        assert store.forgotten_before() == D(2025, 9, 1)


def _pages(*said: str) -> list[str]:
    from types import SimpleNamespace

    from attcli.loaders._register import _page_lines

    layout = SimpleNamespace(unit="line", file="printed.csv")
    warnings: list[str] = []
    return _page_lines(layout, [(10 * i, s) for i, s in enumerate(said, 1)], warnings)  # type: ignore[arg-type]


def test_printed_pages_numbers_that_do_not_follow_on_are_refused_saying_what_is_missing() -> None:
    import pytest

    from attcli.errors import InputError

    assert _pages("Page 1 of 3", "Page 2 of 3", "Page 3 / 3") == [
        "3 lines of a printed page's number skipped (lines 10, 20, 30: 'Page 1 of 3', "
        "'Page 2 of 3', 'Page 3 / 3')"
    ]
    assert _pages(*(f"Page {n} of 4" for n in range(1, 5)))[0].endswith(
        ": 'Page 1 of 4', 'Page 2 of 4', 'Page 3 of 4' ...)"
    )
    for said, lost in (
        # two pages lost: "pages 2 to 3 ... are ... them"
        (("Page 1 of 4", "Page 4 of 4"), "pages 2 to 3 of 4 are not in the file, nor are the "
         "pupils printed on them"),
        # one lost: "page 2 ... is ... it"
        (("Page 1 of 3", "Page 3 of 3"), "page 2 of 3 is not in the file, nor are the pupils "
         "printed on it"),
        # counts of pages differ, a page again, pages backwards, past the count: two
        # printouts, or pages moved
        (("Page 1 of 2", "Page 2 of 3"), "they are not one printout's pages in order"),
        (("Page 1 of 2", "Page 1 of 2"), "they are not one printout's pages in order"),
        (("Page 2 of 2", "Page 1 of 2"), "they are not one printout's pages in order"),
        (("Page 1 of 2", "Page 3 of 2"), "they are not one printout's pages in order"),
        (("Page 2 of 2", "Page 3 of 2"), "they are not one printout's pages in order"),
    ):  # fmt: skip
        with pytest.raises(InputError) as exc:
            _pages(*said)
        assert f"then line 20 {said[1]!r}" in str(exc.value)
        assert (exc.value.hint or "").startswith(lost), exc.value.hint


def _printout(path: Path, lines: list[str]) -> tuple[int, str]:
    from clirun import run_cli

    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _out, err = run_cli("check", path, "--format", "json")
    return code, " ".join(err.split())


def test_a_printed_page_s_head_is_its_title_rows_back_to_the_page_line_and_no_pupil(
    tmp_path: Path,
) -> None:
    from test_sweep_layouts6 import _HEADER, _PAGES, _PRESENT, _TITLE

    # four title rows at the top of each page (the school, the report, the term, when
    # printed), the page's number at its foot: the second page's four dropped with its
    # repeated headings, and both page lines counted
    head = ["Example Academy", _TITLE[0], "Autumn term 2026", _TITLE[1]]
    lines = [*head, _HEADER, *_PAGES[0], "Page 1 of 2", *head, _HEADER, *_PAGES[1], "Page 2 of 2"]
    code, err = _printout(tmp_path / "four.csv", lines)
    assert code == 0, err
    assert (
        "line 14: header row repeated (a report printed in parts) skipped, with its title rows "
        "'Example Academy', 'Attendance Register: Form 7A', 'Autumn term 2026', 'Printed: "
        "18/09/2026 09:14' (lines 10-13)"
    ) in err
    assert "2 lines of a printed page's number skipped (lines 9, 18:" in err
    # no title: the page's number just above the headings repeated is the page line, not
    # the headings' title
    code, err = _printout(tmp_path / "bare.csv", [_HEADER, *_PAGES[0], "Page 1 of 2", _HEADER,
                                                  *_PAGES[1], "Page 2 of 2"])  # fmt: skip
    assert code == 0, err
    assert "line 6: header row repeated (a report printed in parts) skipped note:" in err
    assert "2 lines of a printed page's number skipped (lines 5, 10: 'Page 1 of 2', 'Page 2 of 2')" in err
    # a group's heading above a class's title: the class's title alone is the headings',
    # the group's heading, and one between pupils, no title row of the report
    lines = [*_TITLE, _HEADER, _PAGES[0][0], "Year 7", _PAGES[0][1], "Year 8", "Class 8A",
             _HEADER, *_PAGES[1]]  # fmt: skip
    code, err = _printout(tmp_path / "groups.csv", lines)
    assert code == 0, err
    assert "line 9: header row repeated (a report printed in parts) skipped, with its title row 'Class 8A' (line 8)" in err
    assert "title rows (a printed page's head)" not in err
    # a pupil's row holding its UPN alone above the headings: a pupil, never the page's head
    upn = "A100000000003"
    lines = [*_TITLE, _HEADER, _PAGES[0][0], upn + "," * 22, _HEADER, f"A100000000004,P,K,{_PRESENT}"]
    code, err = _printout(tmp_path / "alone.csv", lines)
    assert code == 1 and "line 5: pupil has no name (column 'Surname')" in err, err


def _book(path: Path, sheets: dict[str, tuple[list[str], dict[int, str]]]) -> Path:
    """A workbook of ``sheets``: name -> (headings, pupil i -> form), each pupil
    A1000000000i present every session Mon 7 to Fri 18 Sep 2026, a row a session; a
    heading "Registration Form" (any case) takes the pupil's form, the others their
    values; an empty sheet (no headings) a summary with no register."""
    import openpyxl

    from test_sweep_layouts6 import _DAYS

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (head, pupils) in sheets.items():
        sheet = book.create_sheet(name)
        if not head:
            sheet.append(["Form", "Pupils"])
            continue
        sheet.append(head)
        for i, form in pupils.items():
            cells = {"upn": f"A1000000000{i}", "surname": f"P{i}", "forename": f"K{i}",
                     "registration form": form}  # fmt: skip
            for d in _DAYS:
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    more = {"date": f"{d:%d/%m/%Y}", "session": session, "mark": mark}
                    sheet.append([{**cells, **more}[h.lower()] for h in head])
    book.save(path)
    return path


_HEAD = ["UPN", "Surname", "Forename", "Registration Form", "Date", "Session", "Mark"]


def test_a_workbook_a_form_a_sheet_is_read_only_as_one_register_a_form_a_sheet(
    tmp_path: Path,
) -> None:
    from clirun import run_cli

    def check(sheets: dict[str, tuple[list[str], dict[int, str]]]) -> tuple[int, str]:
        code, _out, err = run_cli("check", _book(tmp_path / "book.xlsx", sheets))
        return code, " ".join(err.split())

    # the sheets' names and the forms alike but for case, spaces and a leading "Form",
    # their headings but for case; two summaries: read, each pupil in the sheet's form
    code, err = check({
        "Summary": ([], {}), "Form 7A": (_HEAD, {1: "7A", 2: "7 a"}),
        "7b": ([h.upper() for h in _HEAD], {3: "Form 7B"}), "Notes": ([], {}),
    })  # fmt: skip
    assert code == 0, err
    assert (
        "sheets 'Form 7A' and '7b' each hold a register with the same headings (one register "
        "saved with a sheet for each form): read together, as exports given at once; sheets 'Summary' "
        "and 'Notes' hold no register and are not read"
    ) in err
    # one pupil in two sheets (last week's copy and this week's): not a form a sheet
    week = (["UPN", "Surname", "Forename", "Date", "Session", "Mark"], {1: "", 2: ""})
    code, err = check({"Week 1": week, "Week 2": week})
    assert code == 1 and "sheets 'Week 1' and 'Week 2' each hold a register." in err, err
    # headings not the same: not one register, refused as before
    code, err = check({"7A": (_HEAD, {1: "7A"}), "7B": (_HEAD[:3] + _HEAD[4:], {2: ""})})
    assert code == 1 and "sheets '7A' and '7B' each hold a register." in err, err
    # a sheet holding two other forms' pupils: the first row's named
    code, err = check({"7A": (_HEAD, {1: "7A"}), "7B": (_HEAD, {2: "7C", 3: "7D"})})
    assert code == 1 and "sheet '7B', row 2: sheet '7B' holds a pupil of form '7C'" in err, err


def test_r_s_na_in_any_case_for_a_form_is_no_form_and_a_title_repeated_is_named_once(
    tmp_path: Path,
) -> None:
    from test_sweep_layouts4 import _check
    from test_sweep_layouts6 import _HEADER, _TITLE, _long_with, _pupil

    result, err = _check(_long_with(tmp_path / "form.csv", "Registration Form", "na"))
    assert next(p for p in result["pupils"] if p["upn"] == "A10000000002")["reg_group"] is None
    assert "'na' in column 'Registration Form' read as no form" in " ".join(err.split())
    # three pages, the headings on the first alone, the title's two rows on each: lines
    # 1-2 the title, 3 the headings, then a pupil and the page's number a page (4-5, 8-9,
    # 12-13), the title again at 6-7 and 10-11: each of its rows named once
    lines = [*_TITLE, _HEADER]
    for n in (1, 2, 3):
        lines += ([*_TITLE] if n > 1 else []) + [_pupil(n), f"Page {n} of 3"]
    code, err = _printout(tmp_path / "three.csv", lines)
    assert code == 0, err
    assert (
        "4 lines repeating the report's title rows (a printed page's head) skipped (lines 6-7, "
        "10-11: 'Attendance Register: Form 7A', 'Printed: 18/09/2026 09:14')"
    ) in err


def test_a_window_s_first_week_starts_on_its_first_school_day_by_the_term_dates_too(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 5 and 6.  The term began Mon 7 Sep 2026 (the term dates), the export
    starts Wed 9 Sep: as of Fri 2 Oct the window's first week is the week of 7 Sep, whose
    first school day is Monday by the term dates (its marks not in the export), not the
    export's Wednesday; without term dates the export's first day is all that is known.
    And the short window's note names the first week's first school day, Thu 3 Sep (Mon
    31 Aug the bank holiday), as the check's window does (rules3's register)."""
    from attcli.config import Config, parse_config
    from attcli.engine import evaluate
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import make_workspace
    from test_sweep_rules3 import TERMS, _register, _window

    late = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-23
"""
    p = "/\\ "
    reg = register({"A": "O O " + p * 2 + p * 5 * 3, "OK": p * 3 + p * 5 * 3}, start=D(2026, 9, 9))
    for config, first in ((parse_config(late), D(2026, 9, 7)), (Config(), D(2026, 9, 9))):
        assert _window(evaluate(reg, config, as_of=D(2026, 10, 2)))["A"][0] == first
    export = write_long_csv(_register(), tmp_path / "export.csv")
    config = make_workspace(tmp_path / "ws", TERMS)
    code, _out, err = run_cli("check", export, "--as-of", "2026-09-18", "-c", config, width=400)
    assert code == 0, err
    said = " ".join(err.split())
    assert "the exports hold 3 of the 10 school weeks up to 18/09/2026 (from 03/09/2026)" in said, said


def test_the_pupil_record_takes_a_council_among_the_contacts_without_the_register_s_column(
    tmp_path: Path,
) -> None:
    """lacfollow's school, its register saved without the Looked After column: CONN's
    contacts list Westshire County Council with parental responsibility, so the record
    read with them quotes no notice (looked after by the contacts alone, no contradiction)."""
    from clirun import run_cli
    from test_sweep_lacfollow import _school

    export, contacts, config = _school(tmp_path)
    lines = export.read_text("utf-8").splitlines()
    export.write_text("\n".join(x.rpartition(",")[0] for x in lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("pupil", "CONN", export, "--contacts", contacts, "--as-of",
                             "2026-11-20", "-c", config, width=400)  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "next notice: none quoted: looked after (Westshire County Council holds parental "
        "responsibility in the contacts export)"
    ) in said, said


def test_the_register_check_file_adds_the_days_off_roll_of_two_listed_runs() -> None:
    """DOMAIN.md 8 and 6 (rules3's column): TWO, from Mon 7 Sep 2026, `N` 5 days, `Z` 2,
    `N` 5 (a run of 10 school days, 2 off the roll inside it), present a week, `N` 5, `Z`
    3, `N` 5 (another, 3 off the roll): as of Fri 16 Oct both runs are listed, the
    column says the 5 days off the roll inside them."""
    import csv

    from attcli.config import Config
    from attcli.lacheck import register_check, to_csv
    from builders import register

    p, n = "/\\ " * 5, "N " * 5
    reg = register({"TWO": n + "Z " * 2 + n + p + n + "Z " * 3 + n, "OK": p * 6}, start=D(2026, 9, 7))
    rc = register_check(reg, Config(), term="autumn", as_of=D(2026, 10, 16))
    rows = {r["UPN"]: r for r in csv.DictReader(to_csv(rc).lstrip("\ufeff").splitlines())}
    assert rows["TWO"]["Days off the roll inside the run"] == (
        "14/09/2026-15/09/2026; 07/10/2026-09/10/2026"  # (the dates: sweep leftovers16)
    )


def test_a_manifest_s_letters_the_forgettings_explain_are_those_before_the_date_or_the_pupil_s(
    tmp_path: Path,
) -> None:
    # the retention deleted the records dated before 01/09/2025, and pupil Z's were
    # forgotten by UPN: of the manifest's letters the history has no record of, Z's and
    # X's of 31/08/2025 are explained; Y's of 01/09/2025 (not before it) is not
    from attcli.letters.run import _not_forgotten

    history = tmp_path / "attcli-history.sqlite3"
    store_snapshot(history, D(2026, 9, 11), ["wk1.csv"], [("", "Z", 20, 20, "green", (), None, None, 0)])
    with History(history, write=True) as store:
        store.forget(before=D(2025, 9, 1), today=D(2026, 9, 14))
        store.forget(upns=["Z"], today=D(2026, 9, 14), force=True)
    rows = [
        {"file": "x.pdf", "upn": "X", "letter_date": "2025-08-31"},
        {"file": "y.pdf", "upn": "Y", "letter_date": "2025-09-01"},
        {"file": "z.pdf", "upn": " Z ", "letter_date": "2026-09-10"},
    ]
    with History(history) as store:
        assert [r["file"] for r in _not_forgotten(rows, store)] == ["y.pdf"]


def test_a_window_whose_first_week_no_export_holds_starts_on_its_first_school_day() -> None:
    """DOMAIN.md 5 and 6.  The summer term 12 Apr to 16 Jul 2027 (term dates); the export
    holds no row for the week of Mon 3 May (the early May bank holiday) to Fri 7 May: a
    school week by the term dates, its marks not known.  As of Fri 9 Jul the 10 school
    weeks are those of 3, 10, 17, 24, 31 May, 7, 14, 21, 28 Jun and 5 Jul: the window
    starts Tue 4 May, the week's first school day, not the bank holiday."""
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from builders import register
    from test_sweep_rules3 import _window

    summer = """
[[calendar.half_terms]]
name = "Summer"
start = 2027-04-12
end = 2027-07-16
"""
    week = "/\\ " * 5
    gap = [D(2027, 5, 3) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": week * 14, "OK": week * 14}, start=D(2027, 4, 12), holidays=gap)
    got = _window(evaluate(reg, parse_config(summer), as_of=D(2027, 7, 9)))["A"]
    assert got[:2] == (D(2027, 5, 4), D(2027, 7, 9))


def test_a_trust_s_letters_refuse_a_shared_export_s_looked_after_cell_that_is_no_yes_or_no(
    tmp_path: Path,
) -> None:
    """lacla's school as a trust's shared export, REGY's Looked After cell 'PLAC': cme and
    check read it without the column, said (lacla); letters hold a warning letter by the
    column, so a trust's letters refuse it, as one school's letters do (leftovers)."""
    from clirun import run_cli
    from test_sweep_lacla import _files, as_trust

    export, contacts, config = _files(tmp_path, regy="PLAC")
    shared = as_trust(export, config)
    code, out, err = run_cli("letters", shared, "--contacts", contacts, "-c", config,
                             "--per-school", tmp_path / "L", "--dry-run")  # fmt: skip
    assert code == 1, out
    assert "not a yes/no value (column 'Looked After'): 'PLAC'" in " ".join(err.split()), err


def test_each_pupil_of_a_week_recorded_again_is_said_by_name_school_and_either_run() -> None:
    from attcli.snapshots import _replaced_pupil

    # figures: (attended, possible, band, groups, unauthorised)
    then = (20, 20, None, "", 0)
    now = (16, 20, "red", "band:red,x", 4)
    assert _replaced_pupil("oak", "A", "Smith", "Amy", then, now) == (
        "Smith, Amy (A) of oak was no band (20/20), is red (16/20, 4 unauthorised): now in "
        "band red and x"
    )
    assert _replaced_pupil("", "B", None, None, now, then) == (
        "B was red (16/20, 4 unauthorised), is no band (20/20): no longer in band red and x"
    )
    # in one run only: no groups said moved
    assert _replaced_pupil("", "C", "Cole", None, None, now) == (
        "Cole (C) was not in the check replaced, is red (16/20, 4 unauthorised)"
    )
    assert _replaced_pupil("", "D", None, "Dan", now, None) == (
        "Dan (D) was red (16/20, 4 unauthorised), is not in this check"
    )


def test_a_week_recorded_again_lists_twelve_pupils_whole_by_this_run_s_names(
    tmp_path: Path,
) -> None:
    from attcli.snapshots import runs_beside

    history = tmp_path / "attcli-history.sqlite3"
    upns = [f"P{i:02d}" for i in range(1, 13)]

    def run(attended: int, surname: str) -> int:
        rows = [("", u, attended, 20, None, (), None, None, 0) for u in upns]
        names = {("", u): (surname if u == "P01" else None, None, None) for u in upns}
        return store_snapshot(history, D(2026, 9, 18), ["wk.csv"], rows, names=names)

    run(20, "Smith")
    said = runs_beside(history, D(2026, 9, 18), "", run(19, "Jones"))[1]
    # twelve differ: all twelve listed, no "and 0 more"; P01 by the name this run holds
    assert said is not None and said.count(" was no band (20/20), is no band (19/20)") == 12
    assert said.endswith("P12 was no band (20/20), is no band (19/20)"), said
    assert "Jones (P01) was" in said and "Smith" not in said
