"""Mutation testing of the fourteenth round's new decision code (sweep of 6 December
(seventh), mutnew10): each test kills a mutant no other test killed, its answer worked by
hand from DOMAIN.md (docs/decisions.md, the heading of mutnew10: the table of mutants).

Registers (tests/builders.py) from Mon 07/09/2026, a school day a token:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import polars as pl
import pytest

from attcli.check import check_register
from attcli.cme import cme_runs
from attcli.codes import empty_value_note, refused_as
from attcli.config import Config
from attcli.engine import evaluate
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_spells import cme_text, spells

D = dt.date
P, N = "/ " * 5, "N " * 5


def off_roll(ev) -> dict[str, tuple[int, list[dt.date]]]:  # noqa: ANN001
    runs = ev.runs.filter(pl.col("kind") == "unexplained")
    return {
        u: (n, list(d)) for u, n, d in runs.select("upn", "off_roll_days", "off_roll_within").rows()
    }


def test_a_z_day_is_off_roll_beside_a_dash_but_not_on_a_day_the_school_is_closed():
    """As of Fri 02/10, each pupil N in weeks 2 and 4.  ZED: `Z` all week 3; ZD: the same
    but Mon 21/09 `Z` then `-` (SIMS's no mark recorded: no mark, so the day is still one
    of `Z` alone, DOMAIN.md 1 and 6).  Wed 23/09 the school is closed (`#` for every
    pupil on roll): no school day, so it is no day off roll inside a run either: 4 days
    each (21, 22, 24, 25/09).  NIL, N weeks 2 to 4, has no day off roll: 0 and an empty
    list, not null (DOMAIN.md 6: a run's days are counted, every run has a number)."""
    week3 = "Z Z # Z Z "  # Wed 23/09 closed
    reg = register({
        "ZED": P + N + week3.replace("#", "Z") + N,
        "ZD": P + N + "Z- " + week3[2:].replace("#", "Z") + N,
        "NIL": P + N + "N N # N N " + N,
        "OTH": P + P + "/ / # / / " + P,
    })  # fmt: skip
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    four = [D(2026, 9, 21), D(2026, 9, 22), D(2026, 9, 24), D(2026, 9, 25)]
    assert off_roll(ev) == {"ZED": (4, four), "ZD": (4, four), "NIL": (0, [])}
    assert dict(cme_runs(ev, 3).select("upn", "run_days").rows()) == {
        "ZED": 10,
        "ZD": 10,
        "NIL": 14,
    }


ONE_OFF = (
    "off the roll on 1 school day inside this run (21/09/2026), neither counted nor a break: "
    "the child left the roll and came back unseen; check the deletion and the readmission "
    "were lawful and the LA was told of both"
)


def test_one_day_off_the_roll_inside_a_run_is_said_as_one_day_and_its_date():
    """ONE: N week 2, `Z` on Mon 21/09 alone, N the rest of week 3 and week 4: as of Fri
    02/10 a run of 14 school days (the `Z` day neither counts nor breaks it, DOMAIN.md 6),
    still absent, with 1 day off roll inside it: "1 school day ... (21/09/2026)", not "1
    school days", not "between 21/09/2026 and 21/09/2026", in ``cme`` and in the check's
    reason alike."""
    reg = register({"ONE": P + N + "Z N N N N " + N, "OTH": P * 4})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    assert off_roll(ev) == {"ONE": (1, [D(2026, 9, 21)])}
    assert f"SurnameONE, ForenameONE (ONE): {ONE_OFF}" in cme_text(ev, 10)
    checked = check_register(reg, Config(), as_of=D(2026, 10, 2))
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    assert reasons["ONE"] == (
        "14 school days of unexplained absence since 14/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended 11/09/2026; "
        + ONE_OFF
    )


def test_z_after_a_run_the_pupil_left_the_roll_by_is_the_leaving_not_a_day_not_possible():
    """No pupil list: LZ is N weeks 2 and 3, then `Z` (not on roll) weeks 4 and 5: as of
    Fri 09/10 they left the roll after a run of 10 school days (DOMAIN.md 6: "left"), and
    the `Z` days after it are the leaving itself, not days "marked Z ... though still on
    roll" (that is said only after a run still current, sweep spells): 0 days not possible
    after it."""
    reg = register({"LZ": P + N + N + "Z " * 10, "OTH": P * 5})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 9))
    assert cme_runs(ev, 10).select(
        "upn", "run_days", "status", "not_possible_days", "off_roll_days"
    ).rows() == [("LZ", 10, "left", 0, 0)]
    assert "marked Z" not in cme_text(ev, 10)


def test_the_data_s_first_half_term_starts_on_its_first_day_not_its_week_s_monday():
    """The exports begin on Tue 08/09 (no term dates): the days before the data's first
    are not known to be school days, INSET or not, so the inferred Autumn 1 begins on the
    Tuesday (DOMAIN.md 10: inferred from the data), where a half term after a holiday
    begins on its first week's Monday (sweep spells)."""
    reg = register({"A": "/ " * 9, "B": "/ " * 9}, start=D(2026, 9, 8))
    ev = evaluate(reg, Config(), as_of=D(2026, 9, 18))
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 8), D(2026, 9, 18)),
    ]


def test_a_half_term_opened_by_an_inset_monday_is_named_by_its_first_school_day():
    """No term dates, 2025: school weeks 3-21 March, a week's holiday 24-28 March, then an
    INSET Monday 31 March (`#` for every pupil) and school from Tue 1 April.  The half
    term after the holiday opens on the INSET Monday (sweep spells) and is named by its
    first school day, 1 April: Summer 1, not a third half term of Spring (DOMAIN.md 10).
    The data begin after Spring's half-term holiday (3 March is after 18 February): its
    first half term in them is Spring 2."""
    weeks = "/ " * 15 + "# " + "/ " * 4
    holiday = [D(2025, 3, d) for d in range(24, 29)]
    reg = register({"A": weeks, "B": weeks}, start=D(2025, 3, 3), holidays=holiday)
    ev = evaluate(reg, Config(), as_of=D(2025, 4, 4))
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Spring 2", D(2025, 3, 3), D(2025, 3, 21)),
        ("Summer 1", D(2025, 3, 31), D(2025, 4, 4)),
    ]


STILL_ON_ROLL = (
    "marked Z (not on roll) on the 5 school days since 02/10/2026, though still on roll by "
    "the dates given: they neither count toward the run nor break it, so find out whether "
    "the child left the roll (then check the deletion was lawful and the LA was told) or "
    "the marks are wrong"
)
D_AND_Z = (
    "marked D, Z (not possible for the pupil) on the 5 school days since 02/10/2026: they "
    "neither count toward the run nor break it, so check the child is where those marks say"
)


def test_not_possible_after_a_current_run_z_alone_is_said_as_off_roll_in_cme_and_check():
    """A pupil list keeps ZEN and DZ on roll from 07/09 with no leaving date; both are N
    weeks 3 and 4 (21/09-02/10), then ZEN `Z` all week 5, DZ `D` Mon and Tue and `Z` Wed
    to Fri.  As of Fri 09/10 each run is 10 school days and still current (DOMAIN.md 6:
    not possible days neither count nor break it).  `Z` alone after it is the register
    saying the child left a roll the dates keep them on (sweep spells); `D` among the codes
    is where the child may be, said as any not possible mark is, in ``cme`` and in the
    check's reason alike."""
    reg = register({
        "ZEN": P + P + N + N + "Z " * 5, "DZ": P + P + N + N + "D D Z Z Z ", "OTH": P * 5,
    })  # fmt: skip
    roll = spells(
        ("ZEN", D(2026, 9, 7), None), ("DZ", D(2026, 9, 7), None), ("OTH", D(2026, 9, 7), None),
    )  # fmt: skip
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 9), roll_dates=roll)
    assert sorted(
        cme_runs(ev, 10).select("upn", "run_days", "status", "not_possible_codes").rows()
    ) == [("DZ", 10, "absent", ["D", "Z"]), ("ZEN", 10, "absent", ["Z"])]
    text = cme_text(ev, 10)
    assert f"SurnameZEN, ForenameZEN (ZEN): {STILL_ON_ROLL}" in text
    assert f"SurnameDZ, ForenameDZ (DZ): {D_AND_Z}" in text
    checked = check_register(reg, Config(), as_of=D(2026, 10, 9), roll_dates=roll)
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    head = (
        "10 school days of unexplained absence since 21/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended 18/09/2026; "
    )
    assert reasons == {"ZEN": head + STILL_ON_ROLL, "DZ": head + D_AND_Z}


def test_one_day_not_possible_after_a_current_run_is_one_school_day():
    """The registers of the test before as of Mon 05/10: one school day since the run
    (ZEN's `Z`, DZ's `D`), said "the 1 school day" in ``cme`` and in the check's reason."""
    reg = register({"ZEN": P + P + N + N + "Z ", "DZ": P + P + N + N + "D ", "OTH": P * 4 + "/ "})
    roll = spells(
        ("ZEN", D(2026, 9, 7), None), ("DZ", D(2026, 9, 7), None), ("OTH", D(2026, 9, 7), None),
    )  # fmt: skip
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 5), roll_dates=roll)
    zed = "marked Z (not on roll) on the 1 school day since 02/10/2026, though still on roll"
    dee = "marked D (not possible for the pupil) on the 1 school day since 02/10/2026: they"
    text = cme_text(ev, 10)
    assert f"(ZEN): {zed}" in text
    assert f"(DZ): {dee}" in text
    checked = check_register(reg, Config(), as_of=D(2026, 10, 5), roll_dates=roll)
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    assert "; " + zed in reasons["ZEN"]
    assert "; " + dee in reasons["DZ"]


def test_each_program_s_empty_value_is_said_as_one_in_any_case_and_spacing():
    """R's ``NA``, pandas' ``nan`` once cast to text, SQL's ``NULL``, Python's ``None``,
    in any case and with spaces round them as a cell may hold them: each said as an empty
    value where ``what`` should be, the value shown as written without its spaces (sweep
    layouts5); a code, a blank, a word that merely holds one ("NAME"), none."""
    for value in ("NA", "nan", " NULL ", "None", "NaN"):
        assert empty_value_note(value, "a mark") == (
            f"{value.strip()!r} is how R and other tools write an empty value, not a mark: "
            "attcli does not guess it; save the export with empty cells for no value (in R, "
            'write.csv(..., na = ""))'
        ), value
    for value in ("N", "", None, "NAME", "NA1", "-"):
        assert empty_value_note(value) == "", value


def test_what_a_refusal_says_the_value_is_not():
    """``refused_as``: the thing a message "not a X" or "not an X" (before any colon) says
    the value is not; "a value" for any other message, one with a capital, a digit or a
    bracket in it included (sweep looks12)."""
    assert refused_as("not a year group") == "a year group"
    assert refused_as("not a date: dates must be DD/MM/YYYY") == "a date"
    assert refused_as("not a yes/no value") == "a yes/no value"
    assert refused_as("not an attendance code") == "an attendance code"
    assert refused_as("unknown attendance code") == "a value"
    assert refused_as("not a date (7 to 13)") == "a value"
    assert refused_as("not a UK postcode") == "a value"


def test_a_week_recorded_again_without_a_pupil_says_the_run_it_replaces_differs_by_one(
    tmp_path: Path,
) -> None:
    """slips5's week recorded again after a correction, the correction this time taking
    out a pupil (C, on the first export by mistake: A, B and C present throughout, as of
    Fri 18/09).  A's and B's figures are the same in both runs; C is in the run replaced
    and not in the new one: the two runs differ by 1 pupil, said by the second run's line
    (a pupil only in the older run is a difference as much as one only in the newer)."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    ten = "/ " * 10
    first = write_long_csv(register({"A": ten, "B": ten, "C": ten}), tmp_path / "a.csv")
    again = write_long_csv(register({"A": ten, "B": ten}), tmp_path / "b.csv")
    code, _, err = run_cli("check", first, "-c", config, "--record")
    assert code == 0, err
    code, _, err = run_cli("check", again, "-c", config, "--record")
    said = " ".join(err.split())
    assert code == 0, err
    assert " (no. 1 in the history), which it replaces: 1 pupil's figures differ from it" in said, err


def test_a_run_as_of_the_school_year_s_first_day_is_this_year_s_not_last_year_s(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """A run recorded as of Tue 01/09/2026, the school year's first day (DOMAIN.md 2: the
    year runs from 1 September), then the week of 07/09 exported alone: the run on record
    is this school year's, before the exports' first day, so not compared with, and the
    exports from 01/09 would make it comparable (slips2's line); not "of the school year
    2026/27, and these figures ... start afresh", said of a run of the year before
    (slips5)."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-12")
    config = make_workspace(tmp_path / "school")
    a = write_long_csv(
        register({"A": "/ / / /", "B": "/ / / /"}, start=D(2026, 9, 1)), tmp_path / "a.csv"
    )
    b = write_long_csv(
        register({"A": "/ " * 5, "B": "/ " * 5}, start=D(2026, 9, 7)), tmp_path / "b.csv"
    )
    code, _, err = run_cli("check", a, "-c", config, "--record", "--as-of", "2026-09-01")
    assert code == 0, err
    code, _, err = run_cli("check", b, "-c", config)
    assert code == 0, err
    assert (
        "the check as of 01/09/2026 on record is not compared with: these exports begin "
        "07/09/2026, after it, so nothing is marked NEW and no change since it is listed: "
        "give the exports from 01/09/2026 (the start of the school year)"
    ) in " ".join(err.split()), err


class _Forgotten:
    """A history's two answers :func:`_refuse_older_history` asks for: the pupils whose
    records a `pupil forget` deleted (``upns``), and the date an old year's forgetting
    (`--before`) deleted records before (none here)."""

    def __init__(self, *upns: str) -> None:
        self.upns = upns

    def forgettings_since(self, keys, since):  # noqa: ANN001, ANN202
        return {k: (dt.datetime(2026, 9, 29), "me") for k in keys if k[1] in self.upns}

    def forgotten_before(self) -> None:
        return None


def test_an_older_history_is_told_by_this_school_year_s_letters_not_a_forgotten_pupil_s():
    """slips5's refusal, by the manifest's rows: B's letter of 21/09/2026 is on record;
    C's of 28/09/2026 is not, this school year's (Autumn 1 2026): refused, naming it and
    the 1 other on record.  D's amber letter of 10/07/2026 (last school year's: the
    history's retention may have removed it) is no sign of an older copy; nor is C's when
    C was forgotten (`attcli pupil forget`: their letters deleted on purpose)."""
    from attcli.config import HalfTerm
    from attcli.errors import AttcliError
    from attcli.letters.run import _refuse_older_history

    ht = HalfTerm("Autumn 1", D(2026, 9, 7), D(2026, 10, 23))
    b = {"file": "B_red.pdf", "letter_date": "2026-09-21", "upn": "B", "template": "red"}
    c = {"file": "C_red.pdf", "letter_date": "2026-09-28", "upn": "C", "template": "red"}
    d = {"file": "D_amber.pdf", "letter_date": "2026-07-10", "upn": "D", "template": "amber"}
    where, history = Path("letters/manifest.csv"), Path("attcli-history.sqlite3")
    args = (where, [b, d], {"B_red.pdf"}, _Forgotten(), ht, history)
    _refuse_older_history(*args)  # (last year's D alone: nothing refused)
    args = (where, [b, c, d], {"B_red.pdf"}, _Forgotten("C"), ht, history)
    _refuse_older_history(*args)  # (C forgotten)
    try:
        _refuse_older_history(where, [b, c, d], {"B_red.pdf"}, _Forgotten(), ht, history)
    except AttcliError as exc:
        said = str(exc)
    else:
        raise AssertionError("not refused")
    assert said.startswith(
        f"no letters: {where} lists 1 letter attcli wrote in this folder this school year "
        f"that the history {history} has no record of (C's red letter of 28/09/2026), though "
        "it has the folder's other 1: "
    ), said


def test_pandas_nan_for_two_pupils_upns_is_no_upn_in_any_case(tmp_path: Path) -> None:
    """layouts5's two pupils with no UPN, the export saved by pandas (a missing value cast
    to text: ``nan``, in lower case) rather than by R (``NA``): the same no UPN, refused
    in one line saying what the value is, not read as one pupil's UPN (two children made
    one, DOMAIN.md 1: a pupil is known by the UPN)."""
    reg = register({"X1": "/ " * 5, "X2": "/ " * 5, "A1": "/ " * 5, "A2": "/ " * 5})
    export = write_long_csv(reg, tmp_path / "pandas.csv")
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("\nX1,", "\nnan,").replace("\nX2,", "\nnan,"), encoding="utf-8")
    code, _, err = run_cli("check", export)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1, err
    assert "pandas.csv, line 2: data row with no UPN" in lines[0], err
    assert "'nan' is how R and other tools write an empty value, not a UPN" in lines[0], err
    # (its fix alone: not the footer rows' rules, nothing after the temporary UPN's advice)
    assert lines[0].endswith("a letter last: give it, and export again)"), err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="chown: root only")
def test_whose_folder_it_is_and_whose_group_may_write(tmp_path: Path) -> None:
    """``not_only_mine`` (links): a folder of the user's (0o700) inside one another user
    owns (nobody's, 0o755) is not the user's alone: that user could rename it and put
    theirs in its place.  A folder of the user's whose group is another (nogroup) but may
    not write in it (0o755) is: only the group's write matters.  A file of the user's is
    theirs alone, but no folder: ``only_mine`` is of a folder."""
    import pwd

    from attcli.output import not_only_mine, only_mine

    above = tmp_path / "above"
    above.mkdir(mode=0o755)
    base = above / "base"
    base.mkdir(mode=0o700)
    os.chown(above, 65534, -1)
    nobody = pwd.getpwuid(65534).pw_name
    why = not_only_mine(base)
    assert why is not None and why.startswith("the folder above it, "), why
    assert why.endswith(f", belongs to another user, {nobody}"), why
    assert not only_mine(base)
    group = tmp_path / "group"
    group.mkdir()
    group.chmod(0o755)
    os.chown(group, -1, 65534)
    assert not_only_mine(group) is None
    assert only_mine(group)
    file = group / "sheets"  # (a file of the user's where a folder is wanted: no folder)
    file.write_text("", encoding="utf-8")
    assert not_only_mine(file) is None
    assert not only_mine(file)


def test_a_warning_about_a_pupil_the_register_marks_looked_after_quotes_no_fine(
    tmp_path: Path,
) -> None:
    """lacletter's released warning, the pupil looked after by the register's own Looked
    After column (``cla``) alone: the contacts export lists the foster carer and no
    council, as it often does.  LAC and BIO, 16 unauthorised sessions (`O`) in the window:
    the threshold met for both (DOMAIN.md 5).  LAC's letter, held and released, quotes no
    notice and no fine (a notice to a carer is the local authority's to decide, with the
    social worker and the Virtual School Head); BIO's mother is quoted the first notice."""
    from test_letters import html_text, run

    reg = register({u: ("/ " * 4 + "O ") * 8 for u in ("LAC", "BIO")})
    reg = reg.with_columns((pl.col("upn") == "LAC").alias("cla"))
    contacts = tmp_path / "carers.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Lives With Pupil,Address Line 1,Town,Postcode\n"
        "LAC,F1,Ms,Fay,Foster,Foster Carer,1,No,Yes,5 Elm Road,Anytown,AN1 5AB\n"
        "BIO,B1,Mrs,Bea,Io,Mother,1,Yes,Yes,1 Oak Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    made = run(tmp_path, reg, contacts=contacts, only=["penalty_notice_warning"], release=["LAC"])
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in made.letters}
    lac, bio = texts["LAC"], texts["BIO"]
    assert (
        "£80" not in lac and "ForenameLAC is looked after, so this letter quotes no penalty notice" in lac
    ), lac
    assert "A penalty notice to you would be a first notice: £80" in bio, bio


def test_of_two_runs_as_of_one_date_the_one_recorded_last_is_the_newest(tmp_path: Path) -> None:
    """slips5's newest run: the week to Fri 18/09 recorded, then recorded again after a
    correction that put C on the export (left out of the first).  Both runs are as of
    18/09; the newest is the one recorded last, which has C: `case record C` is taken, not
    refused as "not a pupil in the last recorded check"."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    ten = "/ " * 10
    first = write_long_csv(register({"A": ten, "B": ten}), tmp_path / "a.csv")
    again = write_long_csv(register({"A": ten, "B": ten, "C": ten}), tmp_path / "b.csv")
    for export in (first, again):
        code, _, err = run_cli("check", export, "-c", config, "--record")
        assert code == 0, err
    code, out, err = run_cli(
        "case", "record", "C", "--action", "amber", "--date", "2026-09-21", "-c", config
    )
    assert code == 0 and "C" in out, err


def test_a_further_red_letter_for_agreed_absence_names_no_formal_action(tmp_path: Path) -> None:
    """lacletter's red letter for absence the school agreed (REL: every fifth day `R`,
    religious observance: 56/70 = 80.0 % on 23/10, 112/140 on 18/12, red both times and
    not improved), held and released both times.  The second letter asks for the formal
    meeting; its next steps are the local authority's, with no parenting contract, notice
    to improve or penalty notice named for absence the school agreed (DOMAIN.md 9, the
    agreed-absence paragraph beside them); UNA (every fifth day `O`) is named them."""
    from attcli.config import parse_config
    from attcli.letters import run_letters
    from test_letters import AUTUMN_HOLIDAY, CONFIG, FONTS, html_text

    reg = register(
        {"REL": ("/ " * 4 + "R ") * 14, "UNA": ("/ " * 4 + "O ") * 14}, holidays=AUTUMN_HOLIDAY
    )
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="") + AUTUMN_HALF_TERMS
    )
    path = tmp_path / "contacts.csv"
    path.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Lives With Pupil,Address Line 1,Town,Postcode\n"
        "REL,R1,Mrs,Rae,El,Mother,1,Yes,Yes,1 Oak Road,Anytown,AN1 1AB\n"
        "UNA,U1,Mr,Una,Ay,Father,1,Yes,Yes,2 Oak Road,Anytown,AN1 2AB\n",
        encoding="utf-8",
    )
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"], contacts=path, release=["REL"])
    oct23, dec18 = D(2026, 10, 23), D(2026, 12, 18)
    run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    r = run_letters([], cfg, as_of=dec18, letter_date=dec18, **kw)
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in r.letters}
    rel, una = texts["REL"], texts["UNA"]
    assert "formal attendance meeting" in rel and "not writing to blame" in rel, rel
    assert "parenting contract" not in rel and "penalty notice" not in rel, rel
    assert "which can include a parenting contract, a notice to improve or a penalty notice." in una


def test_a_run_that_ended_since_the_check_before_says_its_days_off_roll_too():
    """No pupil list: BAK is N week 2, `Z` all week 3, N week 4 and Mon 05/10, present
    from Tue 06/10.  As of Fri 09/10 the run (11 school days: the `Z` days neither count
    nor break it, DOMAIN.md 6) ended since the check of 02/10, having reached 10: the LA is
    to be told, and the reason says its 5 days off roll as a current run's does."""
    reg = register({"BAK": P + N + "Z " * 5 + N + "N / / / / ", "OTH": P * 5})
    checked = check_register(reg, Config(), as_of=D(2026, 10, 9))
    assert checked.members("absence").select("upn", "reason_absence").rows() == [(
        "BAK",
        "11 school days of unexplained absence 14/09/2026 to 05/10/2026 (N), ended since the "
        "check as of 02/10/2026: reached 10 school days, tell the local authority (children "
        "missing education); last attended 11/09/2026; off the roll on 5 school days inside "
        "this run (between 21/09/2026 and 25/09/2026), neither counted nor a break: the child "
        "left the roll and came back unseen; check the deletion and the readmission were "
        "lawful and the LA was told of both",
    )]  # fmt: skip
