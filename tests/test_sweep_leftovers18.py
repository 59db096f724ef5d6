"""The lead's eighteenth leftovers (sweep of 7 December, leftovers18): an `attcli init`
workspace's placeholder name is no name on an LA file's note; a UPN's conflicting marks at
two schools name each school; one child's crossed names name the exports each was read
from; a report and a summary of another school's exports are refused as the LA files
are; a monitoring period moved past a holiday says where it began in the casebook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clirun import run_cli


def test_an_init_workspace_never_filled_in_is_said_to_name_no_school_on_an_la_file(
    tmp_path: Path,
) -> None:
    """`attcli init` with no details writes `name = "FILL IN: school name"` and `urn =
    "FILL IN: URN"`. la-return and register-check wrote the file with "FILL IN: school
    name" in its School cell and no note: the note asked only for the default "School" and
    a blank URN. Letters treat the placeholder as no name (config.name_given, config.filled):
    so does the note now, and where there is a config it says which keys to fill in in it
    (`attcli init` again would make another). A workspace filled in says nothing."""
    from attcli.cliutil import school_identity_note
    from attcli.config import init_text, load_config, parse_config

    path = tmp_path / "attcli.toml"
    path.write_text(init_text(), encoding="utf-8")
    assert school_identity_note(load_config(path), "the return") == [
        "the return does not say which school it is (its name or its URN not set): fill in "
        f"school.name and school.urn in {path} before sending it"
    ]

    blank = parse_config(init_text())
    assert school_identity_note(blank, "the return") == [
        "the return does not say which school it is (its name or its URN not set): make the "
        "school's workspace with `attcli init` (or give --workspace DIR) before sending it"
    ]
    named = parse_config(init_text({"name": "Riverside Primary School"}))
    assert school_identity_note(named, "the return")[0].startswith(
        "the return does not say which school it is (its URN not set)"
    )
    filled = parse_config(init_text({"name": "Riverside Primary School", "urn": "100001"}))
    assert school_identity_note(filled, "the return") == []


def test_a_upn_s_conflicting_marks_at_two_schools_name_each_school(tmp_path: Path) -> None:
    """A trust's two exports with a School column: UPN X at Ash and at Birch, 'O' in the
    first export and 'M' in the second at each. Two lines, one a school, which named no
    school: they differed only in their line numbers, and which school's register to
    correct could not be read. Each now says the school ("at Ash", "at Birch"); an export of
    one school (no School column) is said as before, with no school."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    head = "School,UPN,Surname,Forename,Date,Session,Mark\n"
    files = []
    for i, m in enumerate("OM", 1):
        files.append(tmp_path / f"t{i}.csv")
        files[-1].write_text(head + "".join(
            f"{s},X,SurX,ForeX,14/09/2026,AM,{m}\n" for s in ("Ash", "Birch")), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_registers(files)
    t1, t2 = files
    said = str(exc.value).split(". These exports all end on 14/09/2026")[0].splitlines()
    assert said[1:] == [
        f"  X SurX, ForeX at Ash, 14/09/2026 AM: 'O' in {t1} line 2; 'M' in {t2} line 2",
        f"  X SurX, ForeX at Birch, 14/09/2026 AM: 'O' in {t1} line 3; 'M' in {t2} line 3",
    ]
    one = []
    for i, m in enumerate("OM", 1):
        one.append(tmp_path / f"o{i}.csv")
        one[-1].write_text(head.removeprefix("School,") + f"X,SurX,ForeX,14/09/2026,AM,{m}\n",
                           encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as exc:
        load_registers(one)
    assert f"  X SurX, ForeX, 14/09/2026 AM: 'O' in {one[0]} line 2; 'M' in {one[1]}" in str(
        exc.value
    )


def test_one_child_s_crossed_names_say_which_export_each_was_read_from(tmp_path: Path) -> None:
    """Week 1's export (07/09 to 11/09/2026) as the MIS wrote it; week 2's (14/09 to 18/09)
    with its Surname and Forename headers typed over each other: every pupil's rows carry
    'Smith, John' then 'John, Smith'. The note said "an export whose every pupil is so has
    its Surname and Forename columns swapped: correct it" without saying which export held
    which names: it now says the earlier names are w1.csv's and the later w2.csv's, so the
    office can open the one whose headers are wrong."""
    from attcli.loaders import load_registers
    from builders import weekdays

    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 9, 18))
    names = {1: ("Smith", "John"), 2: ("Jones", "Amy")}

    def export(path: Path, its: list, head: str) -> Path:
        lines = [head] + [f"A1000000000{i},{s},{f},{d:%d/%m/%Y},{x},/"
                          for i, (s, f) in names.items() for d in its for x in ("AM", "PM")]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    first = export(tmp_path / "w1.csv", days[:5], "UPN,Surname,Forename,Date,Session,Mark")
    later = export(tmp_path / "w2.csv", days[5:], "UPN,Forename,Surname,Date,Session,Mark")
    result = load_registers([first, later])
    result.take_compact()
    said = " ".join(" ".join(result.warnings).split())
    assert (
        "2 UPNs' rows carry one child's surname and forename crossed, not two children: "
        "A10000000001: 'Smith, John' 07/09/2026 to 11/09/2026 and 'John, Smith' 14/09/2026 to "
        "18/09/2026; A10000000002: 'Jones, Amy' 07/09/2026 to 11/09/2026 and 'Amy, Jones' "
        f"14/09/2026 to 18/09/2026: each read under the later names, from {later} (the earlier "
        f"from {first}); an export whose every pupil is so has its Surname and Forename columns "
        "swapped"
    ) in said


def test_a_report_and_a_summary_of_another_school_s_exports_are_refused(
    tmp_path: Path, monkeypatch
) -> None:
    """Slips8's case: Riverside's folder (Riverside Primary School, URN 100001) has one
    run on record, as of 25/09, of its 12 pupils A01..A12; the office runs Elm's export (12
    pupils B01..B12, no school named in it). The LA's files and letters are refused; the
    governors' report was written as "Riverside Primary School" with Elm's figures, and the
    summary for the trust under Riverside's name and URN (the trust adds it up as
    Riverside's), nothing said. Both are files made in the school's name: refused the
    same way. Riverside's own export is reported as before."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    ws = make_workspace(tmp_path / "riverside", AUTUMN_HALF_TERMS).parent
    week = " ".join(["/\\"] * 5)
    ours = write_long_csv(register({f"A{i:02}": " ".join([week] * 3) for i in range(1, 13)}),
                          ws / "exports.csv", dob=True)  # fmt: skip
    monkeypatch.chdir(ws)
    code, _, err = run_cli("check", ours, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    elm = write_long_csv(register({f"B{i:02}": " ".join([week] * 3) for i in range(1, 13)}),
                         tmp_path / "arbor.csv", dob=True)  # fmt: skip
    whose = (
        f"this workspace ({ws}) is Riverside Primary School's (URN 100001), and none of the "
        "12 pupils its history knows (its check recorded as of 25/09/2026) is in these exports "
        "(12 pupils): these are another school's exports, whose"
    )
    code, _, err = run_cli("report", elm, "-o", tmp_path / "r.html")
    assert (code, " ".join(err.split())) == (1, (
        f"error: no report: {whose} report would carry Riverside Primary School's name; "
        "give that school's workspace (--workspace DIR, or --config FILE)"
    ))  # fmt: skip
    assert not (tmp_path / "r.html").exists()
    code, _, err = run_cli("summary", elm, "-o", tmp_path / "s.json")
    assert (code, " ".join(err.split())) == (1, (
        f"error: no summary: {whose} summary would go to the trust as Riverside Primary "
        "School's; give that school's workspace (--workspace DIR, or --config FILE)"
    ))  # fmt: skip
    assert not (tmp_path / "s.json").exists()
    code, _, err = run_cli("summary", ours, "-o", tmp_path / "s.json")
    assert code == 0 and (tmp_path / "s.json").exists(), err


def test_a_casebook_row_whose_period_began_after_a_holiday_says_where_it_began() -> None:
    """Seed 004's red letter: 4 weeks' monitoring. Sent in the half-term holiday (Mon 26
    Oct 2026), its weeks run from the first school day after, Mon 2 Nov, to Sun 29 Nov
    (leftovers17). The casebook row said "since 26/10/2026", "period ends 29/11/2026":
    five weeks for a 4-week period, with nothing to say why (the pupil record did). The
    row's note (the CSV's, the terminal's stage cell) now says "4 weeks from 02/11/2026,
    the first school day after the holiday"; a period begun on a school day says
    nothing."""
    from attcli.cases.render import note_of
    from attcli.cases.run import CaseRow
    from attcli.config import Stage
    from attcli.ladder import Case

    red = Stage(name="red", title="Red letter", action="letter", weeks=4)
    moved = Case(stage=red, since=dt.date(2026, 10, 26), status="monitoring",
                 period_end=dt.date(2026, 11, 29), weeks_from=dt.date(2026, 11, 2))  # fmt: skip

    def row(case: Case) -> CaseRow:
        return CaseRow("", "A", "A, B", "5", "5A", 170, 200, 85.0, case, False)

    assert note_of(row(moved)) == (
        "period of 4 weeks from 02/11/2026, the first school day after the holiday"
    )
    plain = Case(stage=red, since=dt.date(2026, 10, 12), status="monitoring",
                 period_end=dt.date(2026, 11, 8))  # fmt: skip
    assert note_of(row(plain)) == ""
