"""The office's hands, a fifth pass: the workspace and its history week after week
(sweep slips5).  Small registers from tests/builders.py in a workspace from
tests/school.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, make_workspace

P = "/\\"


def _two_weeks(folder: Path) -> tuple[Path, Path, Path]:
    """A workspace with the half-term ladder and two weekly exports of one register from
    Mon 7 Sep 2026: A present throughout; B N on 7-9 Sep; NEW joins on Mon 14 Sep (no row
    before), N on 14-16 Sep.  wk1.csv holds 7-11 Sep, wk2.csv 7-18 Sep."""
    config = make_workspace(folder, AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    reg = register({
        "A": " ".join([P] * 10),
        "B": " ".join(["N"] * 3 + [P] * 7),
        "NEW": " ".join(["!"] * 5 + ["N"] * 3 + [P] * 2),
    })
    wk2 = write_long_csv(reg, folder / "wk2.csv")
    wk1 = write_long_csv(reg.filter(pl.col("date") < dt.date(2026, 9, 12)), folder / "wk1.csv")
    return config, wk1, wk2


def test_case_record_checks_upns_against_the_newest_run_not_an_older_export_run_after_it(
    tmp_path: Path,
) -> None:
    """`cases` on this week's export (to 18/09, NEW joined on 14/09), then on last week's
    by mistake (to 11/09, recorded after it, and said so).  The newest run on record is
    still the one as of 18/09 (next week's NEW compares with it), but `case record` checked
    UPNs against the run recorded last: NEW, in this week's run, was refused "not a pupil
    in the last recorded check (as of 2026-09-11) ... run `attcli cases` on a newer
    export", which the office had just done."""
    config, wk1, wk2 = _two_weeks(tmp_path)
    assert run_cli("cases", wk2, "-c", config)[0] == 0
    code, _, err = run_cli("cases", wk1, "-c", config)
    assert code == 0 and "a check as of 18/09/2026 is on record, after" in err
    code, out, err = run_cli("case", "record", "NEW", "--action", "amber", "--date",
                             "2026-09-21", "-c", config)  # fmt: skip
    assert code == 0 and "NEW" in out, err


#: The school year 2025/26 (six half terms, to Fri 17 July 2026) and Autumn 2026 from Thu 3
#: September, as TOML.
YEARS = [
    ("Autumn 1", dt.date(2025, 9, 1), dt.date(2025, 10, 24)),
    ("Autumn 2", dt.date(2025, 11, 3), dt.date(2025, 12, 19)),
    ("Spring 1", dt.date(2026, 1, 5), dt.date(2026, 2, 13)),
    ("Spring 2", dt.date(2026, 2, 23), dt.date(2026, 3, 27)),
    ("Summer 1", dt.date(2026, 4, 13), dt.date(2026, 5, 22)),
    ("Summer 2", dt.date(2026, 6, 1), dt.date(2026, 7, 17)),
    ("Autumn 1", dt.date(2026, 9, 3), dt.date(2026, 10, 23)),
    ("Autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
]
YEARS_TOML = "".join(
    f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {a}\nend = {b}\n' for n, a, b in YEARS
)


def _new_year(folder: Path) -> tuple[Path, Path, Path]:
    """The workspace, last school year's export (every school day of 2025/26: P0 and P1
    present throughout) and September's (Thu 3 to Mon 14 Sep 2026, 8 school days: P0
    present, P1 N on 3 and 4 September, present after)."""
    from builders import register_rows, token_rows, weekdays

    config = make_workspace(folder, YEARS_TOML)
    last = [d for _, a, b in YEARS[:6] for d in weekdays(a, b)]
    this = [d for _, a, b in YEARS[6:] for d in weekdays(a, b)][:8]
    july = [r for u in ("P0", "P1") for r in token_rows(u, last, " ".join([P] * len(last)))]
    sept = token_rows("P0", this, " ".join([P] * 8)) + token_rows(
        "P1", this, " ".join(["N", "N"] + [P] * 6)
    )
    return (
        config,
        write_long_csv(register_rows(july), folder / "july.csv"),
        write_long_csv(register_rows(sept), folder / "sept.csv"),
    )


def test_last_school_year_s_run_on_record_is_said_to_be_last_year_s_not_a_late_export(
    tmp_path: Path,
) -> None:
    """July's run recorded (as of 17/07/2026), then September's first weekly check (as of
    Mon 14/09/2026) in the same workspace.  The new year's figures start afresh on 1
    September (DOMAIN.md 2), so July's run is never compared with; NEW compares with the
    check 7 days earlier, Mon 07/09/2026 (in the export): P1 then had 4 of 6 sessions,
    fewer than 10, no band; now 12 of 16 = 75.0 %, red: NEW.  The check said "these
    exports begin 03/09/2026, after it, so nothing is marked NEW ... give the exports from
    01/09/2026 (the start of the school year) to see what changed since that check": P1 was
    marked NEW in the same output, the exports do begin on the year's first school day,
    and no export makes July's run comparable."""
    import json

    config, july, sept = _new_year(tmp_path)
    assert run_cli("check", july, "-c", config, "--record")[0] == 0
    code, out, err = run_cli("check", sept, "-c", config, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["changes"] is None and doc["compared_with_run"] is None
    p1 = next(p for p in doc["pupils"] if p["upn"] == "P1")
    assert (p1["band"], p1["attended"], p1["possible"]) == ("red", 12, 16)
    assert p1["new_groups"] == ["band:red"] and doc["compared_with"] == "2026-09-07"
    note = [w for w in doc["warnings"] if w.startswith("the check as of")]
    assert note == [
        "the check as of 17/07/2026 on record is of the school year 2025/26, and these "
        "figures of 2026/27 (from 01/09/2026), which start afresh: no change since that check "
        "is listed, and NEW compares with the check 7 days earlier (07/09/2026)"
    ]


def test_letters_from_a_history_restored_from_an_older_backup_are_not_sent_again(
    tmp_path: Path, monkeypatch
) -> None:
    """Autumn 1, two letters runs into letters/: on 21/09 (export to 18/09) B's red letter
    (B: N on 14-16 Sep, 14 of 20 sessions, 70.0 %); the history is copied to a backup;
    on 28/09 (export to 25/09) C's red letter (C: N all of 21-25 Sep, 20 of 30, 66.7 %;
    B 24 of 30, 80.0 %, already sent).  Then the history is restored from that backup (or
    another PC's older copy is used): it knows B's letter, not C's.  The dry run said "1
    letter would be written" (C's again), and the real run "C_..._red.pdf already exists
    and attcli has no record of writing it ...; use --force to replace, or another --out
    folder": either way C's family gets the same letter twice in the half term (DOMAIN.md
    9).  The folder's manifest lists C's letter: refused, dry run or not, naming it."""
    import shutil

    from school import contacts_file

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    marks = {k: [P] * 15 for k in "ABC"}
    marks["B"][5:8] = ["N"] * 3
    marks["C"][10:15] = ["N"] * 5
    reg = register({k: " ".join(v) for k, v in marks.items()})
    wk2 = write_long_csv(reg.filter(pl.col("date") <= dt.date(2026, 9, 18)), tmp_path / "wk2.csv")
    wk3 = write_long_csv(reg, tmp_path / "wk3.csv")
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("A", "C1", "Mrs", "Ann", "A"), ("B", "C2", "Mr", "Bob", "B"), ("C", "C3", "Ms", "Cat", "C"),
    ])  # fmt: skip
    out = tmp_path / "letters"
    history = tmp_path / "attcli-history.sqlite3"

    def letters(export: Path, today: str, *more: str) -> tuple[int, str, str]:
        monkeypatch.setenv("ATTCLI_TODAY", today)
        return run_cli("letters", export, "--contacts", contacts, "--out", out, "-c", config,
                       *more)  # fmt: skip

    code, said, err = letters(wk2, "2026-09-21", "--release", "B")
    assert code == 0 and "1 letter written" in said, err
    shutil.copy(history, tmp_path / "backup.sqlite3")
    code, said, err = letters(wk3, "2026-09-28", "--release", "C")
    assert code == 0 and "1 letter written" in said and "1 already sent" in said, err
    shutil.copy(tmp_path / "backup.sqlite3", history)
    before = sorted(p.name for p in out.iterdir())
    want = (
        f"no letters: {out / 'manifest.csv'} lists 1 letter attcli wrote in this folder this "
        f"school year that the history {history} has no record of (C's red letter of "
        "28/09/2026), though it has the folder's other 1: the history is an older copy (a "
        "backup restored, another PC's copy) without the letters sent since; use the history "
        "that recorded them, or the letters sent are sent again (--force: write them all the "
        "same)"
    )
    for dry in (["--dry-run"], []):
        code, _, err = letters(wk3, "2026-09-29", "--release", "C", *dry)
        assert (code, " ".join(err.split()).split("error: ")[-1]) == (1, want), dry
    assert sorted(p.name for p in out.iterdir()) == before


def test_a_week_recorded_again_after_a_correction_says_which_run_it_replaces(
    tmp_path: Path,
) -> None:
    """This week's export recorded on Monday (as of Fri 18/09: B's N on 14 and 15 Sep,
    NEW red against the check 7 days before, 16 of 20 = 80.0 %), then the N made I in the
    MIS and the export recorded again.  Both runs are as of 18/09; next week's NEW compares
    with the one recorded last (the corrected one), and against last week B is rightly red
    and new.  The second run's line was the first's, "recorded this check as of 18/09/2026
    (no. 2 in the history): next week's NEW compares with it", with nothing of the run of that date
    the office had read on Monday: it now names the run it replaces."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    marks = {"A": [P] * 10, "B": [P] * 10}
    marks["B"][5:7] = ["N", "N"]
    first = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "a.csv")
    marks["B"][5:7] = ["I", "I"]
    again = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "b.csv")
    code, _, err = run_cli("check", first, "-c", config, "--record")
    said = " ".join(err.split())
    assert code == 0 and "recorded this check as of 18/09/2026 (no. 1 in the history): next week's NEW compares with it" in said
    assert "replaces" not in said
    code, out, err = run_cli("check", again, "-c", config, "--record", "-f", "json")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "recorded this check as of 18/09/2026 (no. 2 in the history): next week's NEW compares with it, "
        "not with the check of the same date recorded "
    ) in said and " (no. 1 in the history), which it replaces: 1 pupil's figures differ from it" in said
    # `cases` on the same export after it: the figures are that run's, nothing more said
    code, _, err = run_cli("cases", again, "-c", config)
    assert code == 0 and "replaces" not in " ".join(err.split()), err


def test_two_weeks_exported_alone_after_a_run_say_new_is_against_the_week_before(
    tmp_path: Path,
) -> None:
    """slips2's case over two weeks: a run recorded as of Fri 18/09 on the year's export,
    then an export of 21/09 to 02/10 alone.  The run is before the export, so not compared
    with, but the week before the as-of date is in it: NEW compares with the check as of
    25/09, and B (present to 25/09, N every session of 28/09 to 02/10: 10 unauthorised
    sessions, the penalty-notice threshold, and a run of 5 school days, in the list from 3,
    DOMAIN.md 5 and 6) is NEW in both (no band: the export starts after the year's first
    school day, DOMAIN.md 2).  The line said "so nothing is marked NEW"."""
    import json

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    reg = register({"A": " ".join([P] * 20), "B": " ".join([P] * 15 + ["N"] * 5)})
    whole = write_long_csv(reg.filter(pl.col("date") <= dt.date(2026, 9, 18)), tmp_path / "a.csv")
    two = write_long_csv(reg.filter(pl.col("date") >= dt.date(2026, 9, 21)), tmp_path / "b.csv")
    assert run_cli("check", whole, "-c", config, "--record")[0] == 0
    code, out, err = run_cli("check", two, "-c", config, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    b = next(p for p in doc["pupils"] if p["upn"] == "B")
    assert (b["band"], b["continuous_absence_days"], doc["compared_with"]) == (
        None, 5, "2026-09-25"
    )
    assert b["new_groups"] == ["pn", "absence"]
    assert [w for w in doc["warnings"] if w.startswith("the check as of")] == [
        "the check as of 18/09/2026 on record is not compared with: these exports begin "
        "21/09/2026, after it, so no change since it is listed, and NEW compares with the "
        "check 7 days earlier (25/09/2026): give the exports from 01/09/2026 (the start of "
        "the school year) to see what changed since that check"
    ]
