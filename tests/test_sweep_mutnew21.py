"""Sweep mutnew21: tests that hold lines of the last round (38803e34..529a25ca) no test held.

Each test's right answer is worked by hand from DOMAIN.md; each fails on the mutant named in
its docstring (docs/decisions.md, sweep mutnew21).
"""

from __future__ import annotations

import datetime as dt

import pytest

from builders import register, register_rows, school_days

D = dt.date
SPELLS_HEAD = "MIS ID,Surname,Forename,Form,Admission Date,Leaving Date\n"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}


def _kit_register(day5: tuple[str, str]) -> object:
    """A child under two UPNs (the same name and birthday): KIT1 on roll d1-d5, ill (I)
    all day d1-d4, and ``day5`` (AM, PM) on d5; KIT2 on roll d6-d10, ill d6-d9, present
    d10 (on roll to the as-of date).  A classmate present every day makes the school days."""
    days = school_days(D(2026, 9, 7), 10)
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")
    ]
    for i, d in enumerate(days):
        upn = "KIT1" if i < 5 else "KIT2"
        am, pm = day5 if i == 4 else ("/", "/") if i == 9 else ("I", "I")
        rows += [{"upn": upn, "date": d, "session": "AM", "mark": am, **KIT},
                 {"upn": upn, "date": d, "session": "PM", "mark": pm, **KIT}]  # fmt: skip
    return register_rows(rows)


def test_a_part_time_day_the_child_attended_breaks_a_run_of_illness_across_two_upns() -> None:
    """DOMAIN.md 6/7: a run of illness is of school days whose every possible session is
    illness; a day the child attended breaks it.  Kit, under KIT1 then KIT2, is ill d1-d4
    and d6-d9; on d5 (a part-time day: C2 in the morning) Kit attended in the afternoon.
    The longest run across the UPNs is 4 days, not 8: with `[sickness] days = 8` (and
    sessions out of reach) nothing is said.  A day of C2 alone (no session timetabled)
    neither counts nor breaks (sweep rough7): the same child with C2 all day on d5 has a
    run of 8 days, said.  (Mutant: :func:`attcli.engine.beside_only` without its
    ``_c_sickness`` clause took the day of C2 and present for one of C2 alone, skipped,
    and joined 4 and 4 into 8.)"""
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import sickness_across_upns

    cfg = Config(sickness_sessions=99, sickness_days=8)
    attended = sickness_across_upns(evaluate(_kit_register(("C2", "/")), cfg))
    assert attended == []
    alone = sickness_across_upns(evaluate(_kit_register(("C2", "C2")), cfg))
    assert len(alone) == 1, alone
    assert (
        "has 16 illness sessions this school year (longest run of illness 8 school days)"
        in alone[0]
    ), alone


def test_a_day_of_c2_alone_is_not_a_day_of_illness_across_two_upns() -> None:
    """The day of C2 alone between two spells of illness under two UPNs is skipped, not
    counted (DOMAIN.md 6: a day with no possible session of illness counts for nothing):
    8 days in a row, not 9.  With `[sickness] days = 9` nothing is said.  (Mutant: the
    :func:`attcli.engine.beside_only` filter dropped from
    :func:`attcli.joined.sickness_across_upns` counted the C2 day: 9 days.)"""
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.joined import sickness_across_upns

    reg = _kit_register(("C2", "C2"))
    assert sickness_across_upns(evaluate(reg, Config(sickness_sessions=99, sickness_days=9))) == []


def test_only_the_days_strictly_inside_a_run_are_inside_it() -> None:
    """:func:`attcli.engine._inside_runs`, the one reading of "inside a run" of the days off
    roll and the days marked D (DOMAIN.md 6: neither counted nor a break; a run's own first
    and last days are counted days, never inside it).  Run 0 of pupil 1, Mon 5 to Fri 9
    Oct: of Mon 5, Tue 6, Thu 8 and Fri 9, inside are Tue 6 and Thu 8; run 1 of pupil 2,
    Tue 6 to Wed 7, with Tue 6 and Wed 7 only: none inside, no row.  (Mutants: ``>=`` at
    the start, ``<=`` at the end.)"""
    import polars as pl

    from attcli.engine import _inside_runs

    mon = D(2026, 10, 5)
    day = [mon + dt.timedelta(days=i) for i in range(5)]
    edges = pl.DataFrame(
        {"_r": pl.Series([0, 1], dtype=pl.UInt32), "pid": pl.Series([1, 2], dtype=pl.UInt64),
         "start": [day[0], day[1]], "end": [day[4], day[2]]}
    )  # fmt: skip
    days = pl.DataFrame(
        {"pid": pl.Series([1, 1, 1, 1, 2, 2], dtype=pl.UInt64),
         "_d": [day[0], day[1], day[3], day[4], day[1], day[2]]}
    )  # fmt: skip
    found = _inside_runs(edges, days.lazy())
    assert found.sort("_r").rows() == [(0, 2, [day[1], day[3]])]


def test_an_n_on_the_day_the_national_framework_began_is_not_before_it() -> None:
    """The penalty-notice framework began on Mon 19 Aug 2024 (DOMAIN.md 5): a session that
    day is within it.  P, N on Fri 16 Aug 2024 AM (before it: counted toward nothing) and on
    Mon 19 Aug AM (a session a notice on record used: counted toward nothing either), is
    present otherwise from Mon 12 to Fri 23 Aug.  The window holds 2 N it does not count,
    1 of them before the framework: "1 before the national framework began (19/08/2024):
    16/08/2024 AM; 19/08/2024 AM", not both before it (mutant: ``<=`` the first day)."""
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from attcli.quality import window_uncounted_n
    from builders import register

    marks = {"P": " ".join(["/\\"] * 4 + ["N\\", "N\\"] + ["/\\"] * 4)}
    ev = evaluate(register(marks, start=D(2024, 8, 12)), parse_config(""), as_of=D(2024, 8, 23),
                  pn_covered=[("P", D(2024, 8, 19), "AM")])  # fmt: skip
    assert window_uncounted_n(ev).rows() == [
        ("", "P", 2, "1 before the national framework began (19/08/2024): 16/08/2024 AM; "
                     "19/08/2024 AM")
    ]  # fmt: skip


def test_a_pupil_s_own_not_possible_sessions_are_by_code_most_first_without_the_closure() -> None:
    """`attcli pupil`'s "Left out of possible sessions" (sweep rough7): the pupil's own
    not-possible sessions by code, most first (a tie by code), never ``#`` (the school
    closed: every pupil's, no one's own).  A pupil with `D` x2, `Y1` x2, `X` x4, `#` x6 and
    12 present: X 4, D 2, Y1 2.  (Mutants: `#` kept, 6 first; the fewest first.)"""
    import polars as pl

    from attcli.codes import CATEGORY_DTYPE
    from attcli.pupil_record import _not_possible

    marks = ["D"] * 2 + ["Y1"] * 2 + ["X"] * 4 + ["#"] * 6 + ["/"] * 12
    category = ["not_possible"] * 14 + ["present"] * 12
    mine = pl.DataFrame(
        {"mark": pl.Series(marks, dtype=pl.Categorical),
         "category": pl.Series(category, dtype=CATEGORY_DTYPE)}
    )  # fmt: skip
    assert _not_possible(mine) == [("X", 4), ("D", 2), ("Y1", 2)]


def test_pupil_says_what_the_check_does_with_a_leaver_in_a_band_with_a_letter_only(
    tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    """`attcli pupil` of a leaver (sweep rough6) as of Fri 16 Oct 2026, from Mon 7 Sep: A
    present 21 days and `O` on Tue 6 and Wed 7 Oct, then off roll: 42 of 46, 91.3 %, amber
    (above 90 %, below 92 %), the band's letter not sent as the check holds a leaver in no
    band group: said.  G present 20 days to Fri 2 Oct, then off roll: 100 %, green, a band
    with no group and no letter: the band to that day, and nothing of a letter.
    (Mutants: the first band said as one with a group; amber not.)"""
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    p = "/\\"
    reg = register({"A": " ".join([p] * 19 + ["O"] * 2 + ["!"] * 9),
                    "G": " ".join([p] * 20 + ["!"] * 10), "S": " ".join([p] * 30)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "to-16-10.csv")
    told = "the check counts the pupil in its bands to that day"
    code, out, err = run_cli("--workspace", ws, "pupil", "A", export, width=80)
    assert code == 0, err
    text = " ".join(out.split())
    assert "Sessions attended 38 of 42" in text, text
    assert (
        "to 05/10/2026, the last day on roll: " + told + ", in no band group (no band letter goes)"
    ) in text, text
    code, out, err = run_cli("--workspace", ws, "pupil", "G", export, width=80)
    assert code == 0, err
    text = " ".join(out.split())
    assert "to 02/10/2026, the last day on roll" in text, text
    assert told not in text and "can miss" not in text, text


def test_a_meeting_step_for_a_looked_after_pupil_is_held_as_a_warning() -> None:
    """`attcli cases` holds a step that warns (an invitation to a meeting: placing's
    WARNING_ACTIONS) about a looked-after pupil in the words of a letter that warns (policy
    002, DOMAIN.md 9: agreed with the social worker and the Virtual School Head first),
    not in the words of any other letter (sweep rough6's, for an amber or praise letter).
    LAC, `O` every session of Mon 7 - Fri 18 Sep 2026, a council holding parental
    responsibility among the contacts, a meeting due.  (Mutant: the step's ``warns``
    dropped, the letter's template alone deciding the words.)"""
    from attcli.config import Config, Stage
    from attcli.engine import evaluate
    from attcli.ladder import Case
    from attcli.placing import hold_steps
    from builders import register

    reg = register({"LAC": " ".join(["O"] * 10), "S": " ".join(["/\\"] * 10)}, start=D(2026, 9, 7))
    cfg = Config()
    ev = evaluate(reg, cfg, as_of=D(2026, 9, 18))
    case = Case(status="due")
    case.due_stage = Stage("meet", "Attendance meeting", "meeting")
    hold_steps(ev, cfg, [(("", "LAC"), case, "severe")],
               councils=lambda upn: ["Anyshire County Council"] if upn == "LAC" else [])  # fmt: skip
    assert case.held == (
        "looked after (Anyshire County Council holds parental responsibility in the contacts "
        "export): agree a letter warning of meetings, fines or prosecution with the social "
        "worker and the Virtual School Head (the Personal Education Plan) first"
    )


def _trust_summary(name: str, year_groups: dict[str, int]):  # noqa: ANN202
    from test_sweep_blind7 import _summary

    return _summary(name, year_groups)


def test_the_trust_s_national_figures_say_where_their_phase_came_from() -> None:
    """The trust's national row names how its phase was found (sweep blind7): the trust's
    own `[school] phase` ("[school] phase in attcli.toml"), not the schools' year groups it
    was not read from, for three primaries under `phase = "secondary"` (the secondary
    figures, 91.1 %); and two all-through schools (Reception to Year 11, each "all") are
    "schools of every phase together" (92.9 %), not "each of the 2 schools all".
    (Mutants: the trust's phase skipped for each school's, which reads it too; the
    schools' one phase taken when it is "all".)"""
    from fractions import Fraction

    from attcli.config import parse_config
    from attcli.report.trust import trust_national

    primary = {"R": 30, "1": 30, "2": 31, "3": 30, "4": 31, "5": 31, "6": 30}
    schools = [_trust_summary(n, primary) for n in ("Oak Lane", "Beech Hill", "Cedar Row")]
    nat, _ = trust_national(parse_config('[school]\nphase = "secondary"\n'), schools)
    assert nat is not None and nat.attendance_pct == Fraction(911, 10)
    assert "[school] phase in attcli.toml" in nat.source, nat.source
    assert "each of the" not in nat.source, nat.source
    through = {"R": 50, "7": 50}
    both = [_trust_summary(n, through) for n in ("Ash", "Elm")]
    nat, _ = trust_national(parse_config(""), both)
    assert nat is not None and nat.attendance_pct == Fraction(929, 10)
    assert "the trust: schools of every phase together" in nat.source, nat.source
    assert "each of the" not in nat.source, nat.source


def test_the_trust_s_national_attendance_is_shown_as_published() -> None:
    """The national row's attendance, as its PA and SA (sweep blind7), as published to two
    places: 94.55 % is "94.55 %", not "94.6 %" to one place.  (Mutant: the attendance
    through the trust's one-place percentage.)"""
    from fractions import Fraction

    from attcli.report.trust import build_trust, trust_context
    from attcli.report_settings import National, ReportSettings

    nat = National(attendance_pct=Fraction(9455, 100), pa_rate=Fraction(1456, 100),
                   sa_rate=Fraction(85, 100), source="DfE test")  # fmt: skip
    schools = [_trust_summary(n, {"R": 30, "1": 30}) for n in ("Oak Lane", "Beech Hill")]
    row = trust_context(build_trust(schools, ReportSettings(national=nat)))["national"]
    assert (row["attendance"], row["pa"], row["sa"]) == ("94.55 %", "14.56 %", "0.85 %")


def test_a_child_under_three_upns_two_at_one_school_is_under_three_upns_in_two_schools() -> None:
    """Kit under A001 at Oak and under B002 and B003 at Beech (the same name and birthday):
    "one child under three UPNs in two schools?", the UPNs and the schools counted apart.
    (Mutant: the UPNs counted as the schools.)"""
    import polars as pl

    from attcli.report.trust import two_school_children_lines

    def school(*upns: str) -> pl.DataFrame:
        n = len(upns)
        return pl.DataFrame({"upn": list(upns), "surname": ["Sur"] * n, "forename": ["Kit"] * n,
                             "dob": [D(2017, 11, 5)] * n})  # fmt: skip

    lines = two_school_children_lines([("Oak", school("A001")), ("Beech", school("B002", "B003"))])
    assert lines[0].startswith("one child under three UPNs in two schools? 'Sur, Kit'"), lines
    assert "A001 at Oak, B002 at Beech, B003 at Beech" in lines[0], lines


def test_the_national_figures_shown_for_a_pru_say_none_is_compared() -> None:
    """`attcli national` for a pupil referral unit (`[school] phase = "none"`, sweep
    rough7): its last line says the report shows no national or local authority figure,
    not "phase none ([school] phase)" as if a phase "none" had figures.  (Mutant: the
    "none" branch of :func:`attcli.national.describe` never taken.)"""
    from attcli.config import parse_config
    from attcli.national import describe

    lines = describe(parse_config('[school]\nphase = "none"\n'), 100)
    assert lines[-1] == (
        'The school: [school] phase = "none": the report shows no national or local '
        "authority figure."
    )
    assert not any("phase none" in line for line in lines), lines


def test_a_pack_whose_parent_option_names_none_of_the_pupils_contacts_says_every_reason(
    tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    """rough6's pack of Reception's R (not of compulsory school age, the threshold not met),
    R now in the contacts export (Mrs Rae Arr, C1) but `--parent C7` naming none of R's
    contacts: the parent not known is one reason among three, said with the others in one
    run, the parent's first (sweep rough6), not the one line of the parent alone.
    (Mutant: the refusal of the first reading of R's contacts, for the pack's history,
    not caught.)"""
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-20")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    half_term = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    marks = " ".join(["/\\"] * 45 + ["O"] * 5)
    reg = register({"R": marks, "S": marks}, holidays=half_term,
                   dob={"R": D(2022, 3, 15), "S": D(2014, 10, 1)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "to-20-11.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("R", "C1", "Mrs", "Rae", "Arr")])
    code, _, err = run_cli(
        "--workspace", ws, "evidence", "R", export, "--for", "penalty-notice",
        "--contacts", book, "--parent", "C7", "-f", "json", "-o", tmp_path / "pn.json",
        width=1000,
    )  # fmt: skip
    assert code == 1 and not (tmp_path / "pn.json").exists()
    said = [x.strip() for x in err.splitlines() if x.strip()]
    assert len(said) == 4, said
    assert said[0].startswith("no contact of R in the contacts export is 'C7'"), said
    assert said[1].startswith("not of compulsory school age on 20/11/2026"), said
    assert said[2].startswith("the threshold is not met: 0 unauthorised sessions"), said
    assert said[3].startswith("error: the penalty-notice pack for R is not complete: 3 problems"), (
        said
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # no Admission Date column: two rows of one pupil differ, no spells to read them as
        ("MIS ID,Surname,Forename,Form\n1,Sur,Fore,7A\n1,Sur,Fore,7B\n", "MIS id 1"),
        # one of the two rows without its joining date: not spells either
        (SPELLS_HEAD + "1,Sur,Fore,7B,,\n1,Sur,Fore,7A,01/09/2026,30/09/2026\n", "MIS id 1"),
        # two pupils whose rows differ otherwise (0 and 2): the first by line is named
        (
            SPELLS_HEAD
            + "".join(
                f"{i},{'Sur' if i == 1 else 'Oth'}{i},Fore{i},7B,02/11/2026,\n"
                f"{i},Sur{i},Fore{i},7A,01/09/2026,30/09/2026\n"
                for i in range(3)
            ),
            "MIS id 0",
        ),
        # rows that differ otherwise and overlap too: not spells, so no overlap of spells
        (
            SPELLS_HEAD + "0,Oth0,Fore0,7B,29/09/2026,\n0,Sur0,Fore0,7A,01/09/2026,30/09/2026\n",
            "MIS id 0",
        ),
    ],
)
def test_a_pupil_listed_twice_but_not_as_spells_is_refused(tmp_path, text, said) -> None:  # noqa: ANN001
    """A pupil list's pupil on two rows that are not spells on roll (sweep spells2) is
    refused in one line naming the first such pupil and its lines, never read as one row
    chosen silently (DOMAIN.md: never silently wrong).  (Mutants: no joining-date column
    read as no refusal; one row's missing date let through; the last such pupil named;
    the first such pupil's rows read as spells that overlap.)"""
    from attcli.errors import InputError
    from attcli.loaders import read_pupil_list

    path = tmp_path / "pupils.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value) == (
        f"{path}, line 3: {said} is listed more than once with different values (lines 2, 3) "
        "(column 'MIS ID'). Keep one row per pupil"
    )


def test_spells_that_share_a_day_or_follow_one_with_no_leaving_date_overlap(tmp_path) -> None:  # noqa: ANN001
    """A pupil's spells on roll overlap when one begins on or before the day the one
    before it ends, or follows one with no leaving date (sweep spells2, as :func:`attcli.
    loaders._pupils._overlap` reads them): left 30/09/2026 and back 30/09/2026 is refused
    (which spell's that day is cannot be known), back 01/10/2026 is two spells (one above);
    on roll from 01/09/2026 with no leaving date and again from 02/11/2026 is refused.
    (Mutants: ``<`` for ``<=``; a spell with no leaving date taken as ended.)"""
    from attcli.errors import InputError
    from attcli.loaders import read_pupil_list

    def read(rows: str):  # noqa: ANN202
        path = tmp_path / "pupils.csv"
        path.write_text(SPELLS_HEAD + rows, encoding="utf-8")
        return path, read_pupil_list

    path, reader = read("1,Sur,Fore,7B,30/09/2026,\n1,Sur,Fore,7A,01/09/2026,30/09/2026\n")
    with pytest.raises(InputError) as info:
        reader(path)
    assert str(info.value).startswith(
        f"{path}, line 3: MIS id 1 is listed twice, on roll 01/09/2026 to 30/09/2026 and from "
        "30/09/2026 (lines 2, 3): the spells overlap"
    ), info.value
    path, reader = read("1,Sur,Fore,7B,01/10/2026,\n1,Sur,Fore,7A,01/09/2026,30/09/2026\n")
    assert reader(path).spells.rows() == [
        ("1", D(2026, 9, 1), D(2026, 9, 30), "7A"),
        ("1", D(2026, 10, 1), None, "7B"),
    ]
    path, reader = read("1,Sur,Fore,7A,01/09/2026,\n1,Sur,Fore,7B,02/11/2026,\n")
    with pytest.raises(InputError) as info:
        reader(path)
    assert "the spells overlap (the one from 01/09/2026 has no leaving date)" in str(info.value)


def test_a_trust_pupil_s_spells_overlapping_at_two_schools_are_refused_at_the_first_met(
    tmp_path,  # noqa: ANN001
) -> None:
    """A trust's list of enrolments (a School column: each school's spells its own, sweep
    movers) with pupil 1's spells overlapping at Ash (lines 2-3: from 01/09/2026 with no
    leaving date, again from 01/10/2026) and at Birch (lines 4-5): refused once, at the
    school the file lists first (Ash, line 3), as the first problem of a file is said.
    (Mutant: the school whose name sorts last, Birch, line 5.)"""
    from attcli.errors import InputError
    from attcli.loaders import read_pupil_list

    path = tmp_path / "pupils.csv"
    path.write_text(
        "School,MIS ID,Surname,Forename,Admission Date,Leaving Date\n"
        "Ash,1,Sur,Fore,01/09/2026,\nAsh,1,Sur,Fore,01/10/2026,\n"
        "Birch,1,Sur,Fore,01/09/2026,30/09/2026\nBirch,1,Sur,Fore,15/09/2026,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value).startswith(
        f"{path}, line 3: MIS id 1 is listed twice, on roll from 01/09/2026 and from "
        "01/10/2026 (lines 2, 3): the spells overlap (the one from 01/09/2026 has no leaving "
        "date)"
    ), info.value


def test_the_check_s_csv_and_workbook_say_the_changes_since_the_last_run(
    tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    """The check of 18/09/2026 recorded A and B green, 20 of 20 (sweep rough6's two weeks);
    the export to 25/09 has each ill (`I`, authorised) all week to Fri 25 Sep: 20 of 30,
    66.7 %, red.  `check --format csv`, a row a pupil, says the changes in one line: "2
    changes ... (2 bands moved, ...)"; the ten other pupils of that run (G0-G9), in none of
    the exports, are counted in one line naming, for the workbook, its Changes sheet, which
    lists each.  (Mutants: the line not said for a CSV; "2 band moved"; the terminal's and
    the Summary's line of many gone naming the JSON, not the Changes sheet.)
    The workbook's Changes sheet is a table as the others are (report_check._table_sheet):
    its header frozen and filtered over its five columns and twelve rows, each Detail cell
    wrapped at the top; the group sheets' headers wrapped, the Changes sheet's not.
    (Mutants: the Detail of the header, not of the last row, wrapped; the filter a column
    short; the headers' wrapping flipped; no frozen header.)"""
    from attcli.snapshots import store_snapshot
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    run = ["A", "B", *(f"G{i}" for i in range(10))]
    store_snapshot(ws / "attcli-history.sqlite3", D(2026, 9, 18), ["to-18-09.csv"],
                   [("", u, 20, 20, "green", [], None, None, 0) for u in run],
                   names={("", u): (f"Surname{u}", f"Forename{u}", None) for u in run},
                   lates={("", u): (0, "L,U") for u in run},
                   pn_windows={("", u): 0 for u in run})  # fmt: skip
    marks = " ".join(["/\\"] * 10 + ["I"] * 5)
    week2 = write_long_csv(register({u: marks for u in "AB"}), tmp_path / "to-25-09.csv")
    code, _, err = run_cli("--workspace", ws, "check", week2, "--format", "csv", "-o",
                           tmp_path / "check.csv")  # fmt: skip
    assert code == 0, err
    assert (
        "note: 12 changes since the check recorded as of 18/09/2026 (2 bands moved, 10 not in "
        "these exports): this CSV lists pupils only; the check's table, JSON or workbook lists "
        "each"
    ) in " ".join(err.split()), err
    from openpyxl import load_workbook

    code, _, err = run_cli("--workspace", ws, "check", week2, "--format", "xlsx", "-o",
                           tmp_path / "check.xlsx")  # fmt: skip
    assert code == 0, err
    gone = (
        "10 pupils of the check recorded as of 18/09/2026 are in none of these exports (taken "
        "off roll, or a filtered export?): "
    )
    said = " ".join(err.split())
    assert f"note: {gone}the workbook's Changes sheet lists each with what they were in" in said
    wb = load_workbook(tmp_path / "check.xlsx")
    summary = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Since the last recorded check"] == (
        f"{gone}the Changes sheet lists each with what they were in"
    )
    ws_ = wb["Changes"]
    assert ws_.freeze_panes == "A2" and ws_.auto_filter.ref == "A1:E13"
    kinds = sorted((ws_.cell(r, 1).value, ws_.cell(r, 4).value) for r in range(2, 14))
    assert kinds[:2] == [("A", "band down"), ("B", "band down")], kinds
    assert len({k for _, k in kinds[2:]}) == 1, kinds  # (the ten gone, one kind)
    wrapped = [bool(ws_.cell(r, 5).alignment.wrap_text) for r in range(1, 14)]
    assert wrapped == [False] + [True] * 12
    group = wb["All pupils"]
    assert group.freeze_panes == "A2" and group.cell(1, 1).alignment.wrap_text


def test_the_letters_run_names_a_trust_school_s_own_half_terms_left_out(tmp_path) -> None:  # noqa: ANN001
    """trustkeys' ladder gap, from `attcli letters` as `attcli cases` says it: the trust's
    ladder monitors in half terms; Cedar's own term dates give Autumn 1 (7 Sep to 23 Oct
    2026) and Spring 1, Autumn 2 left out.  The letters run (a dry run as of 23 Oct) names
    the list that leaves it out, Cedar's own `[[schools.cedar.half_terms]]`, not the
    trust's `[[calendar.half_terms]]` (which holds Autumn 2).  (Mutant: the letters run's
    `unlisted_half_terms` without the school's key.)"""
    from attcli.config import parse_config
    from attcli.letters.run import run_letters
    from builders import register, write_long_csv
    from clirun import as_in_a_test
    from school import HALF_TERM_LADDER, contacts_file
    from test_sweep_trustkeys import _CEDAR_A1, _TRUST, _present

    head, schools = _TRUST.split("[schools.ash]")
    history = f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n'
    spring = (
        '\n[[schools.cedar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-04\nend = 2027-02-12\n'
    )
    a1 = _CEDAR_A1.replace("2026-10-16", "2026-10-23")
    text = head + history + HALF_TERM_LADDER + "[schools.ash]" + schools + a1 + spring
    cfg = parse_config(text).for_school("cedar")
    export = write_long_csv(register({"A": _present(35)}, start=D(2026, 9, 7)), tmp_path / "c.csv")
    book = contacts_file(tmp_path / "contacts.csv", [("A", "C1", "Mrs", "Ann", "Aye")])
    with as_in_a_test(tmp_path):
        done = run_letters([export], cfg, contacts=book, out_dir=None, dry_run=True,
                           as_of=D(2026, 10, 23), letter_date=D(2026, 10, 26))  # fmt: skip
    assert [n for n in done.notes if "(half_terms = N)" in n] == [
        "the ladder's steps amber, red monitor in half terms (half_terms = N), but "
        "[[schools.cedar.half_terms]] leaves a half term out between Autumn 1 (to "
        "23/10/2026) and Spring 1 (from 04/01/2027): a period across it has no known end "
        "until it is added"
    ]


def test_the_short_half_term_note_names_a_school_s_own_empty_half_terms() -> None:
    """trustkeys' short half term (Autumn 1 of one school week, 7-11 Sep 2026, then no row
    in the week of 14 Sep, then 21 Sep to Fri 2 Oct), at Cedar with `half_terms = []` of
    its own (its list, empty, replaces the trust's: the half terms inferred): the term
    dates to give are Cedar's own `[[schools.cedar.half_terms]]`, as the other inferred
    notes name them, and the closure in its own INSET days (its own calendar); trustkeys'
    test had Cedar on the trust's term dates, where both keys read the same.  (Mutant: the note's term-dates key always `[[calendar.half_terms]]`.)"""
    from test_sweep_trustkeys import _TRUST, _inferred, _present

    closed = [D(2026, 9, 14) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": _present(15)}, holidays=closed)  # to Fri 2 Oct
    (line,) = _inferred(_TRUST + "half_terms = []\n", reg, D(2026, 10, 2))
    assert line.endswith(
        "give the term dates in the config ([[schools.cedar.half_terms]], a closure in "
        "[schools.cedar] inset_days)"
    ), line
