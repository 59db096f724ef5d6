"""Sweep of 5 December (seventh), mutlayout: mutation testing of the loader pieces never
mutated (src/attcli/loaders/_headers.py: `_not_a_register`, `_could_be_mark`,
`columns_hint`), the check's "since the last run" (`moved_by_corrections`, `n_since`,
`since_run_notes`, `_back_on_roll`, `_new_upns`), the filtered views' `out_of_view`, and
report/trust.py.  Each test pins a boundary a surviving mutant crossed, its right answer
worked out by hand from DOMAIN.md, docs/presets.md or the code's own contract; each was
seen to pass on the code and fail on its mutant."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers

#: What every file that is no register is told (tests/test_layouts.py's NOT_A_REGISTER).
NOT_A_REGISTER = (
    "the register is the attendance export, one row per pupil per session or a column per "
    "session"
)
LEAVE_OUT = "Leave it out of the exports (a pattern such as *.csv takes it in too)"


def _refusal(tmp_path: Path, text: str, **kwargs: object) -> str:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_registers([path], **kwargs)  # type: ignore[arg-type]
    return str(e.value).removeprefix(f"{path}, ")


# --- _not_a_register: the files that are no register, named as what they are --------------


def test_a_letters_manifest_with_only_its_own_columns_is_named(tmp_path):
    """attcli's letters manifest is known by its four columns (letter_date, html_file,
    sha256, print_file) being among the header's: a manifest cut down to exactly those four
    is still one (the subset test, not a strict subset)."""
    text = _refusal(
        tmp_path, "letter_date,html_file,sha256,print_file\n2026-09-07,a.html,ab,p.pdf\n"
    )
    assert text == (
        "line 1: this is attcli's letters manifest (the list attcli letters writes "
        f"beside the letters), not a register. {LEAVE_OUT}; {NOT_A_REGISTER}"
    )


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        # contact names, no relationship column
        ("UPN,Contact Name,Priority,Phone", "'Contact Name', 'Priority', 'Phone'"),
        # a relationship, no contact name column
        ("UPN,Relationship,Priority,Mobile", "'Relationship', 'Priority', 'Mobile'"),
    ],
)
def test_a_contacts_export_needs_names_or_a_relationship_not_both(tmp_path, header, shown):
    """The contacts export is three kinds of contact column or more, one of them the
    contact's name or the relationship (either: a contacts export with no relationship
    column is still one)."""
    text = _refusal(tmp_path, f"{header}\nA1,Ann Smith,1,01234 567890\n")
    assert text == (
        f"line 1: this looks like the contacts export (columns {shown}), not a register. "
        f"{LEAVE_OUT} and give it as --contacts (to letters, cases, cme, la-return, register-check, "
        f"evidence, pupil or pn record); {NOT_A_REGISTER}"
    )


def test_a_pupil_list_s_own_columns_are_no_mark_column(tmp_path):
    """A pupil list whose admission number column is named in [columns] ('Adm Code', values
    like '1234'): the column read as the MIS id is not also taken for the mark column under
    another name ('code', code-like values), so the file is still named a pupil list."""
    text = _refusal(
        tmp_path,
        "Adm Code,Surname,Forename,Date of Birth\n1234,Lamb,Poppy,14/10/2015\n",
        columns={"mis_id": "Adm Code"},
    )
    assert text == (
        "line 1: this looks like a pupil list (columns 'Adm Code', 'Surname', 'Forename', "
        "'Date of Birth'; no date, session or mark column), not a register. "
        f"{LEAVE_OUT} and give it as --pupils; {NOT_A_REGISTER}"
    )


# --- columns_hint: which column the hint offers for a missing field ------------------------

_NO_OTHER_MARK = (
    "The header row has no other column that could hold the mark: export the register "
    "again with its mark column"
)


def test_a_column_of_words_some_short_is_never_offered_as_the_mark(tmp_path):
    """A register missing its mark column beside 'Attendance Description' ('Present',
    'Late'): 'Late' is four characters, but 'Present' is no attendance code, so the column
    is not offered as the mark (every value must be code-like, not one)."""
    text = _refusal(
        tmp_path,
        "UPN,Surname,Forename,Date,Session,Attendance Description\n"
        "A1,S,F,09/09/2026,AM,Present\nA2,T,G,09/09/2026,AM,Late\n",
    )
    assert "Attendance Description\"" not in text
    assert text.endswith(_NO_OTHER_MARK)


def test_a_session_column_under_another_name_is_offered(tmp_path):
    """A long register whose session column is headed 'Half': the hint offers it as the
    session in attcli.toml (only a column headed 'AM' or 'PM' is never the session).  (A
    'Period' of session words is read as the session since layouts9: Arbor's PERIOD.)"""
    text = _refusal(tmp_path, "UPN,Surname,Forename,Date,Half,Mark\nA1,S,F,09/09/2026,AM,/\n")
    assert text.endswith(
        "If these columns hold them, tell attcli in attcli.toml (the field, then the header "
        'as the export writes it):\n[columns]\nsession = "Half"'
    )


def test_one_session_column_alone_is_not_a_day_s_two_marks(tmp_path):
    """A row with a column 'AM' and no 'PM' is not "each day's two marks on one row" (that
    needs both): the ordinary hint, one line, no traceback."""
    text = _refusal(tmp_path, "UPN,Surname,Forename,Date,AM\nA1,S,F,09/09/2026,/\n")
    assert "two marks" not in text
    assert text.endswith(
        "The header row has no other column that could hold the session: export the register "
        "again with its session column"
    )


# --- check._back_on_roll: who was off the roll in the run, by this register -------------
def test_a_pupil_with_a_missing_row_before_the_run_s_date_or_half_of_it_is_not_back_on_roll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run as of Friday 18/09/2026 is recorded; the check as of 25/09 compares with it.
    DAN has no row on Wednesday 16/09 (two missing rows, before the run's date, not on it);
    EVE has her morning mark on Friday 18/09 and no afternoon row (one missing row on the
    run's date, not the whole day): each was on the roll in that check to its last day, so
    neither is "off the roll in that check ..., marks again since" (DOMAIN.md 1; only a
    pupil with no row at all on the run's date is).  Each week-1 absence (10 O) puts both
    in the penalty-notice group then and now; their bands move up as they attend (DAN 8 of
    18 sessions = 44.4 % then, 18 of 28 = 64.3 % now; EVE 9 of 19 = 47.4 %, 19 of 29 =
    65.5 %): ordinary band changes, with the missing rows in the data-quality list."""
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)
    absent = " ".join(["O"] * 5)
    reg = register({
        "ANNA": " ".join([week] * 3),
        "DAN": " ".join([absent, "/\\ /\\ ! /\\ /\\", week]),
        "EVE": " ".join([absent, "/\\ /\\ /\\ /\\ /!", week]),
    })  # fmt: skip
    import datetime as dt
    import json

    def export(day: dt.date) -> Path:
        return write_long_csv(reg.filter(reg["date"] <= day), tmp_path / f"r{day:%m%d}.csv",
                              dob=True)  # fmt: skip

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    code, _, err = run_cli("check", export(dt.date(2026, 9, 18)), "-c", ws, "--record")
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    code, out, err = run_cli("check", export(dt.date(2026, 9, 25)), "-c", ws, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    figures = {p["upn"]: (p["attended"], p["possible"], p["band"], p["pn_window_sessions"])
               for p in doc["pupils"]}  # fmt: skip
    assert figures["DAN"] == (18, 28, "red", 10)
    assert figures["EVE"] == (19, 29, "red", 10)
    assert sorted((c["upn"], c["kind"]) for c in doc["changes"]) == [
        ("DAN", "band_up"), ("EVE", "band_up"),
    ]  # fmt: skip
    missing = sorted((q["upn"], q["date"], q["session"]) for q in doc["data_quality"]
                     if q["kind"] == "missing_row")  # fmt: skip
    assert missing == [
        ("DAN", "2026-09-16", "AM"), ("DAN", "2026-09-16", "PM"), ("EVE", "2026-09-18", "PM"),
    ]  # fmt: skip


# --- check_register's out_of_view: a filtered check's data-quality list -------------------
@pytest.mark.parametrize("option", [("--year-group", "7"), ("--reg-group", "7A")])
def test_a_pupil_of_no_group_is_out_of_every_group_s_view(tmp_path, option):
    """NEWBY's Year and form cells are blank and one morning's mark is blank (a missing
    mark, in the whole school's data-quality list).  A head of year's check leaves NEWBY
    out (in no year group's check, said in one line): their data-quality item goes with
    them, as every pupil's a filter leaves out (a group that is unknown is not this one)."""
    from test_sweep_groups import check_json, export, fixed, present

    exp = export(tmp_path / "e.csv", [
        ("ASH", "Ash", fixed("Year 7", "7A"), present),
        ("NEWBY", "Newby", fixed("", ""), lambda n, s: "" if (n, s) == (3, "AM") else "/"),
    ], 10)  # fmt: skip
    items = [(q["upn"], q["kind"], q["date"]) for q in check_json(exp)["data_quality"]]
    assert ("NEWBY", "missing_mark", "2026-09-10") in items
    doc = check_json(exp, *option)
    assert [p["upn"] for p in doc["pupils"]] == ["ASH"]
    assert [q for q in doc["data_quality"] if q["upn"] == "NEWBY"] == []
    assert any(w.startswith("1 pupil of the exports has no") for w in doc["warnings"])


# --- report/trust.py: which [schools] section a summary is -------------------------------
@pytest.mark.parametrize("urn", ["", "FILL IN: URN"])
def test_a_school_with_no_urn_is_known_by_its_name_in_any_case(urn):
    """A [schools.KEY] with no URN (none given, or attcli init's "FILL IN: URN" still in
    it: the config takes either, as a URN "not given yet") is matched by its name, whatever
    its case ('Oakfield academy' in attcli.toml, 'Oakfield Academy' in the summary):
    neither "no export or summary given" nor "none of the trust's [schools]" is said.  A
    summary of another name is another school's, and the lines name the section by its
    name alone (no "URN " with nothing or a placeholder after it).  The placeholder was
    taken for a URN: the school was said to be missing and its own summary to be no
    school of the trust's."""
    from types import SimpleNamespace as NS

    from attcli.report.trust import schools_not_given, schools_not_of_the_trust

    config = NS(schools=[NS(key="oak", school=NS(name="Oakfield academy", urn=urn))])
    same = [NS(name="Oakfield Academy", urn="100001")]
    assert schools_not_given(config, same) == []  # type: ignore[arg-type]
    assert schools_not_of_the_trust(config, same) == []  # type: ignore[arg-type]
    other = [NS(name="Oakfield Primary", urn="100002")]
    assert schools_not_given(config, other) == [  # type: ignore[arg-type]
        "no export or summary given for oak (Oakfield academy): the trust's figures are of "
        "the other schools only"
    ]
    assert schools_not_of_the_trust(config, other) == [  # type: ignore[arg-type]
        "Oakfield Primary (URN 100002) is none of the trust's [schools] (oak: Oakfield "
        "academy), and the trust's figures include it: add it as [schools.KEY] with its URN "
        "if it is the trust's, or leave its summary out"
    ]


# --- check_register: a correction between the exports and since the run is said once -----
def test_a_correction_between_the_exports_is_not_said_again_as_one_since_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run as of 18/09 recorded DAN's N on Monday 07/09 AM and Monday 14/09 AM.  The
    check as of 25/09 is given week 1's old export (07/09 AM still N) and the new one (both
    now I).  07/09 AM is a correction between the exports: said once, there (with the file
    that had N); 14/09 AM, in no earlier export given, is the one correction since the run
    (DOMAIN.md 12: the later code counts; each correction listed once)."""
    import datetime as dt
    import json

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)

    def reg(code: str):  # noqa: ANN202
        return register({
            "ANNA": " ".join([week] * 3),
            "DAN": " ".join([f"{code}\\ /\\ /\\ /\\ /\\", f"{code}\\ /\\ /\\ /\\ /\\", week]),
        })  # fmt: skip

    def export(frame, day: dt.date, name: str) -> Path:  # noqa: ANN001
        return write_long_csv(frame.filter(frame["date"] <= day), tmp_path / name, dob=True)

    old, new = reg("N"), reg("I")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    code, _, err = run_cli("check", export(old, dt.date(2026, 9, 18), "run.csv"), "-c", ws,
                           "--record")  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    week1 = export(old, dt.date(2026, 9, 11), "week1.csv")
    now = export(new, dt.date(2026, 9, 25), "now.csv")
    code, out, err = run_cli("check", week1, now, "-c", ws, "--format", "json")
    assert code == 0, err
    assert [
        (c["upn"], c["date"], c["session"], c["was"], c["now"], c["was_file"], c.get("since_run"))
        for c in json.loads(out)["corrections"]
    ] == [
        ("DAN", "2026-09-07", "AM", "N", "I", str(week1), None),
        ("DAN", "2026-09-14", "AM", "N", "I", None, "2026-09-18"),
    ]


# --- report/trust.py: a change in points, on the page and in the workbook -----------------
@pytest.mark.parametrize(
    ("value", "page", "cell"),
    [
        ((5, 4), "+1.3 pp", 1.3),  # 1.25 half up, not to even
        ((-5, 4), "−1.3 pp", -1.3),  # the size rounded, then the sign
        ((1, 20), "+0.1 pp", 0.1),  # 0.05
        ((-1, 21), "±0.0 pp", 0.0),  # -0.0476: no change to one place, no sign
        ((0, 1), "±0.0 pp", 0.0),
    ],
)
def test_a_change_in_points_is_rounded_half_up_alike_on_the_page_and_in_the_workbook(
    value, page, cell
):
    """The trust's change since last half term is shown to one place, half up, on the page
    (`_pp`) and as the workbook's number (`_xl_pp`, formatted "+0.0 pp"): one rounding, so
    the two never differ by a tenth."""
    from fractions import Fraction

    from attcli.report.trust import PP_FORMAT, _pp, _xl_pp

    assert _pp(Fraction(*value)) == page
    assert _xl_pp(Fraction(*value)) == (cell, PP_FORMAT)


# --- check.since_run_notes: one N of the run is said as many are -------------------------
def test_one_n_of_the_run_unmarked_or_outside_the_exports_is_said():
    """What became of the run's N sessions, at one each: one correction, one N now with no
    mark (a problem a penalty notice may rest on), one outside the exports' dates (not
    compared).  One is said as two are, in the singular; none is not said."""
    import datetime as dt
    from types import SimpleNamespace as NS

    import polars as pl

    from attcli.check import since_run_notes

    snap = NS(as_of=dt.date(2026, 9, 18))
    one = {"upn": ["DAN"], "date": [dt.date(2026, 9, 14)], "session": ["AM"]}
    corrections = pl.DataFrame({**one, "now": ["I"], "file": ["now.csv"]})
    unmarked = pl.DataFrame(one)
    dates = (dt.date(2026, 9, 7), dt.date(2026, 9, 25))
    run = "the check recorded as of 18/09/2026"
    assert since_run_notes(snap, corrections, unmarked, 1, dates) == (  # type: ignore[arg-type]
        f"1 register correction since {run}: an N on record in that check replaced by the code "
        "the exports now give, e.g. DAN 14/09/2026 AM N -> I (now.csv)",
        [
            f"1 N session on record in {run} now with no mark in the exports, e.g. DAN "
            "14/09/2026 AM: a problem to fix in the MIS, not a correction (a penalty notice "
            "may rest on it)",
            f"1 N session on record in {run} is outside the exports' dates (07/09/2026 to "
            "25/09/2026): not compared; give the exports that hold them to see whether they "
            "were corrected",
        ],
    )
    assert since_run_notes(snap, corrections.clear(), unmarked.clear(), 0, dates) == (  # type: ignore[arg-type]
        None, []
    )


# --- loaders._register._register_sheet: a hidden table of pupils refused is no one's ------
def test_a_hidden_sheet_of_pupils_refused_does_not_stop_the_hidden_register_being_read(
    tmp_path,
):
    """A workbook of a cover sheet (seen) and two hidden sheets: a table of pupils attcli
    refuses (dates with no year) and the register.  No sheet the person sees holds a
    register or a table of pupils, so the hidden register is read, with its note; the
    refused table, hidden too, is not the one they meant (only a *visible* refused table
    of pupils stops a hidden register being read in its place)."""
    import datetime as dt

    from test_loaders import COVER, REGISTER_SHEET, _workbook

    no_year = [["UPN", "Name", "03/09 AM", "03/09 PM"], ["A1", "Smith, Ava", "/", "\\"]]
    path = _workbook(
        tmp_path / "book.xlsx",
        {"Report Details": COVER, "Old list": no_year, "Register": REGISTER_SHEET},
        hidden=("Old list", "Register"),
    )
    result = load_registers([path])
    assert result.register.select("upn", "date", "session", "mark").rows() == [
        ("A1", dt.date(2026, 9, 9), "AM", "/"), ("A1", dt.date(2026, 9, 9), "PM", "N"),
    ]  # fmt: skip
    assert any(
        w.endswith("it is hidden, and no sheet that is not holds one") for w in result.warnings
    )


# --- check._new_upns: a vanished UPN beside two new ones of the same child's details ------
def test_a_vanished_upn_beside_two_new_ones_names_both(tmp_path):
    """The run as of 23/10 has KIT under a temporary UPN; November's export has no such
    UPN, and two new UPNs with KIT's surname, forename and date of birth (a permanent UPN
    entered twice, or two children who share all three: attcli cannot tell, so never
    merges).  The vanished UPN's change names both, each with its merge command, not the
    last one alone (a child left out of the line is the one an officer merges wrongly)."""
    import polars as pl

    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_vanished import PERM, TEMP, D, check_json, export, kit_register

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    perm2 = "H801200001002"
    twice = kit_register(PERM)
    second = twice.filter(pl.col("upn") == PERM).with_columns(
        pl.lit(perm2).cast(twice.schema["upn"]).alias("upn")
    )
    oct_ = export(tmp_path / "oct.csv", kit_register(TEMP), D(2026, 10, 31))
    nov = export(tmp_path / "nov.csv", pl.concat([twice, second], how="vertical_relaxed"),
                 D(2026, 11, 30))  # fmt: skip
    check_json(ws, oct_, "2026-10-23", "--record")
    doc, _ = check_json(ws, nov, "2026-11-13")
    (gone,) = [c for c in doc["changes"] if c["upn"] == TEMP]
    assert gone["kind"] == "not_in_exports"
    assert gone["detail"].endswith(
        f"; perhaps {PERM} (same name and birth date): attcli pupil merge {TEMP} {PERM}; "
        f"perhaps {perm2} (same name and birth date): attcli pupil merge {TEMP} {perm2}"
    )


def test_a_placeholder_urn_is_not_offered_as_what_a_school_column_may_say():
    """The hint listing the trust's schools for an export's School column names each by
    its key, name, URN and DfE number: one still "FILL IN: ..." (attcli init's, which the
    config takes as not given yet) is not among them, as the trust report's lines."""
    from types import SimpleNamespace as NS

    from attcli.school_split import _known

    school = NS(name="Oakfield Academy", urn="FILL IN: URN", dfe_number="FILL IN: DfE number")
    assert _known(NS(key="oak", school=school)) == "oak (Oakfield Academy)"  # type: ignore[arg-type]
    school = NS(name="Oakfield Academy", urn="400001", dfe_number="999/4001")
    assert _known(NS(key="oak", school=school)) == (  # type: ignore[arg-type]
        "oak (Oakfield Academy, URN 400001, DfE 999/4001)"
    )
