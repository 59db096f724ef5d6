"""`attcli la-return`: the monthly return to the local authority (issue 17, part 3).

A planted register (autumn 2026, from Monday 7 September; half term 26-30 October) is
exported month by month, as a school exports it (from September to the month's end),
and the returns for September, October, November and December are made in one
workspace.  Every expected row is worked out by hand below from DOMAIN.md 6 and 7 and
docs/la-return.md:

* a run of unauthorised absence counts a school day when every possible session of it
  is N, O or G ([cme] codes); a day with a U session breaks it (the pupil was on site);
  it is listed once it has 10 school days;
* illness: 30 I sessions in the school year, or a run of 15 school days of I.

School days: September d1-d18 (7-30 Sep), October d19-d35 (1-23 Oct; d19 = Thu 1 Oct,
d21 = Mon 5 Oct, d26 = Mon 12 Oct, d31 = Mon 19 Oct), November d36-d56 (2-30 Nov; d41 =
Mon 9 Nov, d46 = Mon 16 Nov), December d57-d70 (1-18 Dec).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from attcli.store import TABLES
from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"

UNAUTH, SICK = "continuous_unauthorised_10_days", "sickness_15_days"


def days(*parts: tuple[int, str]) -> str:
    """``(n, token)`` parts: ``n`` school days with ``token`` (see tests/builders.py)."""
    return " ".join(tok for n, tok in parts for _ in range(n))


def hotel() -> str:
    """I on every other day: Sep d2, d4 ... d16 (8 days, 16 sessions); Oct d20, d22, d24,
    d26, d28, d30 (6 days, 12 sessions) and the AM of d32 (1 session): 29 by 23 Oct;
    Nov d38 (2 sessions): 31.  Never two days of I in a row."""
    tokens = [P] * 70
    for d in [2, 4, 6, 8, 10, 12, 14, 16, 20, 22, 24, 26, 28, 30, 38]:
        tokens[d - 1] = "I"
    tokens[32 - 1] = "I\\"
    return " ".join(tokens)


PUPILS = {
    # N d9-d25 (Thu 17 Sep - Fri 9 Oct): 10 days by 30 Sep, 17 when it ended
    "ALPHA": days((8, P), (17, "N"), (45, P)),
    # N d26-d45 (Mon 12 Oct - Fri 13 Nov): 10 days by 23 Oct, 20 when it ended
    "BRAVO": days((25, P), (20, "N"), (25, P)),
    # N d14-d18 (24-30 Sep, 5 days), O all October (17), G from 2 Nov (21 in November,
    # 14 in December): 5, 22, 43, 57
    "CHARLIE": days((13, P), (5, "N"), (17, "O"), (35, "G")),
    # N d21-d30 (Mon 5 - Fri 16 Oct): 10 days, over within October
    "DELTA": days((20, P), (10, "N"), (40, P)),
    # N d1-d9: 9 days, never listed
    "ECHO": days((9, "N"), (61, P)),
    # N Mon 5 - Fri 9 Oct, U Mon 12 Oct, N Tue 13 - Mon 19 Oct: 11 unauthorised days in a
    # row, but the U day breaks the run (on site): two runs of 5, never listed
    "FOX": days((20, P), (5, "N"), (1, "U"), (5, "N"), (39, P)),
    # I d1-d15 (7-25 Sep): 30 sessions and a 15-day run; I Mon 9 - Tue 10 Nov: 34
    "GOLF": days((15, "I"), (25, P), (2, "I"), (28, P)),
    "HOTEL": hotel(),
    # added by hand in October; I d46-d55 (16-27 Nov): 20 sessions, never over
    "INDIA": days((45, P), (10, "I"), (15, P)),
    # N d26-d35 (12-23 Oct): 10 days; the November export corrects 12-16 Oct to I
    "KILO": days((25, P), (10, "N"), (35, P)),
    # N d21-d30 (5-16 Oct), then off the roll (no rows after Fri 16 Oct)
    "LIMA": days((20, P), (10, "N"), (40, "!")),
}
INDIA_REASON = "surgery on 16 November; about six weeks' recovery expected"


def full_register() -> pl.DataFrame:
    return register(PUPILS, start=D(2026, 9, 7), holidays=HOLIDAY)


def corrected(reg: pl.DataFrame) -> pl.DataFrame:
    """KILO's N of Mon 12 - Fri 16 Oct, as the MIS later holds them: I (illness)."""
    fix = (pl.col("upn") == "KILO") & pl.col("date").is_between(D(2026, 10, 12), D(2026, 10, 16))
    return reg.with_columns(
        pl.when(fix).then(pl.lit("I")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )


def write_export(path: Path, reg: pl.DataFrame, upto: dt.date) -> Path:
    """An Arbor-style long CSV of ``reg`` from the start to ``upto``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
    for r in reg.filter(pl.col("date") <= upto).iter_rows(named=True):
        w.writerow([r["upn"], r["surname"], r["forename"], "Year 7", r["reg_group"],
                    f"{r['dob']:%d/%m/%Y}", f"{r['date']:%d/%m/%Y}", r["session"],
                    r["raw_mark"]])  # fmt: skip
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def monthly_exports(tmp_path_factory) -> dict[str, bytes]:
    """The four monthly exports' bytes, made once for the module (each test writes its own
    copies: a test may change one)."""
    folder = tmp_path_factory.mktemp("la-exports")
    reg = full_register()
    write_export(folder / "sep.csv", reg, D(2026, 9, 30))
    write_export(folder / "oct.csv", reg, D(2026, 10, 31))
    write_export(folder / "nov.csv", corrected(reg), D(2026, 11, 30))
    write_export(folder / "dec.csv", corrected(reg), D(2026, 12, 31))
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


@pytest.fixture
def school(tmp_path: Path, monthly_exports: dict[str, bytes]) -> Path:
    """The workspace (its history beside the config) and the four monthly exports."""
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    exports = tmp_path / "exports"
    exports.mkdir()
    for name, data in monthly_exports.items():
        (exports / name).write_bytes(data)
    return tmp_path


def la_return(root: Path, month: str, *args: str | Path) -> tuple[int, str, str]:
    export = (
        root
        / "exports"
        / f"{ {'09': 'sep', '10': 'oct', '11': 'nov', '12': 'dec'}[month[-2:]] }.csv"
    )
    return run_cli(
        "la-return", export, "--month", month, "-c", root / "school" / "attcli.toml", *args,
        width=80,
    )  # fmt: skip


def read_return(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # [la_return] bom: on by default (Excel)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


FIELDS = ("List", "Status", "UPN", "Absence began", "Last day of absence", "School days",
          "Days since last return", "Still absent", "Last reported")  # fmt: skip


def rows(path: Path) -> list[tuple[str, ...]]:
    return [tuple(r[f] for f in FIELDS) for r in read_return(path)]


def history(root: Path) -> sqlite3.Connection:
    return sqlite3.connect(root / "school" / "attcli-history.sqlite3")


def counts(root: Path) -> tuple[int, int]:
    """Returns and rows on record: none where a stopped first run left no history."""
    if not (root / "school" / "attcli-history.sqlite3").exists():
        return (0, 0)
    db = history(root)
    try:
        return (
            db.execute("SELECT COUNT(*) FROM la_returns").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM la_return_rows").fetchone()[0],
        )
    finally:
        db.close()


# --------------------------------------------------------------------------- four months


def test_four_months_new_continuing_ended_amended_as_worked_by_hand(school: Path) -> None:
    out = school / "out"
    out.mkdir()
    # September, as of Wed 30 Sep (the first return: everything current, and every run
    # over 10 days on a day of the month, is new).  ALPHA: N Thu 17 - Wed 30 Sep, 10
    # school days, still absent, last attended Wed 16 Sep.  CHARLIE has 5 days (24-30 Sep)
    # and ECHO's run ended at 9: neither is listed.  GOLF: I 7-25 Sep, 30 sessions = 15
    # days, a 15-day run: over both thresholds.  HOTEL: 16 I sessions, not yet.
    code, text, err = la_return(school, "2026-09", "-o", out / "sep.csv")
    assert code == 0, err
    assert rows(out / "sep.csv") == [
        (UNAUTH, "new", "ALPHA", "17/09/2026", "30/09/2026", "10", "", "yes", ""),
        (SICK, "new", "GOLF", "", "", "15", "", "no", ""),
    ]
    assert "compared with no earlier return: the first" in " ".join(text.split()).lower()
    assert "recorded as return 1 in the workspace's history" in " ".join(err.split())

    # October: the exports end Fri 23 Oct (half term follows), so the return is as of
    # 23 Oct.  Compared with September's:
    #  BRAVO   N 12-23 Oct: 10 days, still absent                          -> new
    #  CHARLIE N 24-30 Sep + O 1-23 Oct: 5 + 17 = 22 days, still absent    -> new
    #  DELTA   N 5-16 Oct: 10 days, back Mon 19 Oct (reached 10 in the month) -> new
    #  KILO    N 12-23 Oct: 10 days, still absent                          -> new
    #  LIMA    N 5-16 Oct: 10 days, then off the roll                      -> new (left)
    #  ALPHA   reported with 10 days; ended Fri 9 Oct at 17: 7 more        -> ended
    #  FOX     two runs of 5 (the U day on 12 Oct breaks it): not listed
    #  GOLF    still 30 sessions, reported before                          -> continuing, +0
    #  INDIA   added by hand (no illness yet)                              -> new
    #  HOTEL   16 + 12 + 1 = 29 sessions: under 30, not listed
    code, text, err = la_return(
        school, "2026-10", "-o", out / "oct.csv", "--add", "INDIA", "--reason", INDIA_REASON
    )
    assert code == 0, err
    assert rows(out / "oct.csv") == [
        (UNAUTH, "new", "BRAVO", "12/10/2026", "23/10/2026", "10", "", "yes", ""),
        (UNAUTH, "new", "CHARLIE", "24/09/2026", "23/10/2026", "22", "", "yes", ""),
        (UNAUTH, "new", "DELTA", "05/10/2026", "16/10/2026", "10", "", "no", ""),
        (UNAUTH, "new", "KILO", "12/10/2026", "23/10/2026", "10", "", "yes", ""),
        (UNAUTH, "new", "LIMA", "05/10/2026", "16/10/2026", "10", "", "no", ""),
        (UNAUTH, "ended", "ALPHA", "17/09/2026", "09/10/2026", "17", "7", "no", "30/09/2026"),
        (SICK, "new", "INDIA", "", "", "0", "", "no", ""),
        (SICK, "continuing", "GOLF", "", "", "15", "0", "no", "30/09/2026"),
    ]
    octo = {(r["List"], r["UPN"]): r for r in read_return(out / "oct.csv")}
    assert octo[UNAUTH, "CHARLIE"]["Codes"] == "N O"
    assert octo[UNAUTH, "DELTA"]["Last attended"] == "02/10/2026"
    assert octo[UNAUTH, "LIMA"]["Left the roll on"] == "16/10/2026"
    assert "check the deletion was lawful" in octo[UNAUTH, "LIMA"]["Note"]
    assert octo[SICK, "INDIA"]["Note"] == (
        f"added by hand: expected to miss 15 days through illness: {INDIA_REASON}"
    )
    assert (
        octo[SICK, "GOLF"]["Illness sessions (year)"],
        octo[SICK, "GOLF"]["Longest illness (days)"],
    ) == ("30", "15")

    # November, as of Mon 30 Nov, from an export in which KILO's 12-16 Oct are now I:
    #  CHARLIE 22 + G every day of November (21) = 43, still absent        -> continuing, +21
    #  BRAVO   12 Oct - Fri 13 Nov: 10 + 10 = 20, back Mon 16 Nov           -> ended, +10
    #  KILO    the register as of 23 Oct now shows N 19-23 Oct only: 5 days -> amended
    #  ALPHA, DELTA, LIMA: reported as over; not listed again
    #  HOTEL   29 + 2 (Wed 4 Nov) = 31 sessions = 15.5 days                 -> new
    #  GOLF    30 + 4 (9-10 Nov) = 34 = 17 days, 2 more                     -> continuing, +2
    #  INDIA   carried from October (by hand); I 16-27 Nov: 20 sessions = 10 days -> continuing, +10
    code, text, err = la_return(school, "2026-11", "-o", out / "nov.csv")
    assert code == 0, err
    assert rows(out / "nov.csv") == [
        (UNAUTH, "continuing", "CHARLIE", "24/09/2026", "30/11/2026", "43", "21", "yes", "23/10/2026"),
        (UNAUTH, "ended", "BRAVO", "12/10/2026", "13/11/2026", "20", "10", "no", "23/10/2026"),
        (UNAUTH, "amended", "KILO", "19/10/2026", "23/10/2026", "5", "", "no", "23/10/2026"),
        (SICK, "new", "HOTEL", "", "", "15.5", "", "no", ""),
        (SICK, "continuing", "GOLF", "", "", "17", "2", "no", "23/10/2026"),
        (SICK, "continuing", "INDIA", "", "", "10", "10", "no", "23/10/2026"),
    ]  # fmt: skip
    nov = {(r["List"], r["UPN"]): r for r in read_return(out / "nov.csv")}
    assert nov[UNAUTH, "CHARLIE"]["Codes"] == "G N O"
    assert nov[UNAUTH, "KILO"]["Note"] == (
        "the return as of 23/10/2026 reported 12/10/2026 to 23/10/2026, 10 days; the register "
        "now shows 19/10/2026 to 23/10/2026, 5 days, under 10 (a register correction)"
    )
    assert nov[SICK, "HOTEL"]["Illness sessions (year)"] == "31"
    assert nov[SICK, "INDIA"]["Note"] == (
        "added by hand on the return as of 23/10/2026: expected to miss 15 days through "
        f"illness: {INDIA_REASON}"
    )
    assert counts(school) == (3, 2 + 8 + 6)

    # A re-run of November (the same exports) is the same file and records nothing
    before = (out / "nov.csv").read_bytes()
    code, _, err = la_return(school, "2026-11", "-o", out / "nov.csv", "--force")
    assert code == 0, err
    assert (out / "nov.csv").read_bytes() == before
    assert "the same as return 3" in err and "nothing new recorded" in err
    assert counts(school) == (3, 16)
    # ... and so is a re-run of October from October's exports, made after November: a
    # month is compared with the returns before it
    code, _, err = la_return(
        school, "2026-10", "-o", out / "oct2.csv", "--add", "INDIA", "--reason", INDIA_REASON
    )
    assert code == 0, err
    assert (out / "oct2.csv").read_bytes() == (out / "oct.csv").read_bytes()
    assert counts(school) == (3, 16)

    # December, as of Fri 18 Dec (the data's end); the school withdraws INDIA:
    #  CHARLIE 43 + 14 = 57, still absent         -> continuing, +14
    #  KILO's run is 5 days now: not followed (under 10), BRAVO's is over: not listed
    #  GOLF 17, HOTEL 15.5: no more illness       -> continuing, +0
    #  INDIA withdrawn                            -> ended, once
    code, _, err = la_return(
        school, "2026-12", "-o", out / "dec.csv", "--withdraw", "INDIA", "--reason",
        "=HYPERLINK(\"http://x\") back in school",
    )  # fmt: skip
    assert code == 0, err
    assert rows(out / "dec.csv") == [
        (UNAUTH, "continuing", "CHARLIE", "24/09/2026", "18/12/2026", "57", "14", "yes", "30/11/2026"),
        (SICK, "continuing", "GOLF", "", "", "17", "0", "no", "30/11/2026"),
        (SICK, "continuing", "HOTEL", "", "", "15.5", "0", "no", "30/11/2026"),
        (SICK, "ended", "INDIA", "", "", "10", "0", "no", "30/11/2026"),
    ]  # fmt: skip
    dec = {(r["List"], r["UPN"]): r for r in read_return(out / "dec.csv")}
    assert dec[SICK, "INDIA"]["Note"] == (
        'withdrawn by the school: =HYPERLINK("http://x") back in school'
    )
    assert counts(school) == (4, 20)
    db = history(school)
    assert db.execute(
        "SELECT label, period_start, as_of, base_id FROM la_returns ORDER BY id"
    ).fetchall() == [
        ("2026-09", "2026-09-01", "2026-09-30", None),
        ("2026-10", "2026-10-01", "2026-10-23", 1),
        ("2026-11", "2026-11-01", "2026-11-30", 2),
        ("2026-12", "2026-12-01", "2026-12-18", 3),
    ]
    db.close()


def test_the_first_return_lists_everything_current_and_every_run_of_the_month(school):
    """October as the first return ever: ALPHA's run (over 10 days since 30 Sep, ended 9
    Oct) was going on in the month, so it is new too; ECHO's (over in September, 9 days)
    is not.  GOLF, over 30 sessions since September, is new."""
    code, _, err = la_return(school, "2026-10", "-o", school / "oct.csv")
    assert code == 0, err
    got = [(r[0], r[1], r[2], r[5]) for r in rows(school / "oct.csv")]
    assert got == [
        (UNAUTH, "new", "ALPHA", "17"),
        (UNAUTH, "new", "BRAVO", "10"),
        (UNAUTH, "new", "CHARLIE", "22"),
        (UNAUTH, "new", "DELTA", "10"),
        (UNAUTH, "new", "KILO", "10"),
        (UNAUTH, "new", "LIMA", "10"),
        (SICK, "new", "GOLF", "15"),
    ]


def test_since_the_last_return(school):
    """--since: from the day after the last return (23 Oct) to the as-of date, Fri 13 Nov.
    BRAVO's run reaches 13 Nov (20 days, still absent that day): continuing, +10."""
    assert la_return(school, "2026-10", "-o", school / "oct.csv")[0] == 0
    code, text, err = run_cli(
        "la-return", school / "exports" / "nov.csv", "--since", "--as-of", "2026-11-13",
        "-c", school / "school" / "attcli.toml", "-o", school / "since.csv", width=80,
    )  # fmt: skip
    assert code == 0, err
    assert "since the last return (24/10/2026 to 13/11/2026)" in text
    bravo = next(r for r in rows(school / "since.csv") if r[2] == "BRAVO")
    assert bravo == (
        UNAUTH,
        "continuing",
        "BRAVO",
        "12/10/2026",
        "13/11/2026",
        "20",
        "10",
        "yes",
        "23/10/2026",
    )
    db = history(school)
    assert db.execute("SELECT label, period_start, as_of FROM la_returns ORDER BY id").fetchall()[-1] == (
        "since 2026-10-24", "2026-10-24", "2026-11-13"
    )  # fmt: skip
    db.close()


def test_corrections_amend_sickness_and_bring_in_a_run_missed(tmp_path):
    """Register corrections seen by a later return:

    * JULIET: I 7-25 Sep (30 sessions, 15 days in a row): new in September.  The October
      export has Fri 25 Sep as present (a correction): 28 sessions and 14 days as of 30
      Sep, under both thresholds: amended, and off the list.
    * MIKE: N 5-9 Oct, I 12-16 Oct, N 19-23 Oct: two runs of 5, nothing in October.  The
      November export has 12-16 Oct as N: one run of 15 days, 5-23 Oct, over before
      November's window (24 Oct on) but never reported: new in November, saying why.
    """
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    pupils = {
        "JULIET": days((15, "I"), (41, P)),
        "MIKE": days((20, P), (5, "N"), (5, "I"), (5, "N"), (21, P)),
        "PAPA": days((56, P)),
    }
    reg = register(pupils, start=D(2026, 9, 7), holidays=HOLIDAY)
    fixed_juliet = reg.with_columns(
        pl.when((pl.col("upn") == "JULIET") & (pl.col("date") == D(2026, 9, 25)))
        .then(pl.lit("/")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )  # fmt: skip
    fixed_both = fixed_juliet.with_columns(
        pl.when((pl.col("upn") == "MIKE") & (pl.col("raw_mark") == "I"))
        .then(pl.lit("N")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )  # fmt: skip
    exports = {
        "2026-09": write_export(tmp_path / "sep.csv", reg, D(2026, 9, 30)),
        "2026-10": write_export(tmp_path / "oct.csv", fixed_juliet, D(2026, 10, 31)),
        "2026-11": write_export(tmp_path / "nov.csv", fixed_both, D(2026, 11, 30)),
    }
    got = {}
    for month, export in exports.items():
        target = tmp_path / f"{month}.csv"
        code, _, err = run_cli(
            "la-return", export, "--month", month, "-c", ws / "attcli.toml", "-o", target
        )
        assert code == 0, err
        got[month] = [
            (r["List"], r["Status"], r["UPN"], r["School days"], r["Note"])
            for r in read_return(target)
        ]
    assert got["2026-09"] == [(SICK, "new", "JULIET", "15", "")]
    assert got["2026-10"] == [
        (SICK, "amended", "JULIET", "14", "the return as of 30/09/2026 reported 30 illness "
         "sessions; the register now shows 28 as of that date (a register correction); now "
         "under the threshold (30 sessions, or 15 days in a row)"),
    ]  # fmt: skip
    assert got["2026-11"] == [
        (UNAUTH, "new", "MIKE", "15", "not on the return as of 23/10/2026, though the register "
         "now shows it had 15 days by then (a register correction)"),
    ]  # fmt: skip


# --------------------------------------------------------------------------- between returns


def december_school(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace and one export to Fri 18 Dec (d70), for returns between the monthly ones:

    * LEWIS: N from Mon 23 Nov (d51) on: 6 days as of 30 Nov (not listed), 15 as of Fri
      11 Dec (d65), 20 as of Fri 18 Dec;
    * GREEN: I Mon 23 Nov - Fri 11 Dec (d51-d65): 12 sessions as of 30 Nov, 30 (and a
      15-day run) as of 11 Dec, still 30 on 18 Dec;
    * KING: N from Mon 9 Nov (d41): 16 days as of 30 Nov, still absent; off the roll
      after Fri 4 Dec (no rows): the run ends 4 Dec at 20 days.
    """
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    pupils = {
        "LEWIS": days((50, P), (20, "N")),
        "GREEN": days((50, P), (15, "I"), (5, P)),
        "KING": days((40, P), (20, "N"), (10, "!")),
        "PAPA": days((70, P)),
    }
    reg = register(pupils, start=D(2026, 9, 7), holidays=HOLIDAY)
    return ws / "attcli.toml", write_export(tmp_path / "register.csv", reg, D(2026, 12, 31))


def test_a_return_since_between_monthly_ones_is_not_reported_again(tmp_path):
    """November (the first return), then --since as of Fri 11 Dec, then December as of
    Fri 18 Dec: December compares with the --since return too (made as of a date before
    its own), so what the --since return reported new is continuing, and KING's run,
    reported ended, is not listed again.  A --since as of 18 Dec, after December's return
    as of that date, has nothing to report; the --since as of 11 Dec made again is the
    same return."""
    cfg, export = december_school(tmp_path)

    def go(*args, target):
        code, text, err = run_cli("la-return", export, "-c", cfg, "-o", tmp_path / target,
                                  *args, width=400)  # fmt: skip
        return code, text, err

    code, _, err = go("--month", "2026-11", target="nov.csv")
    assert code == 0, err
    assert rows(tmp_path / "nov.csv") == [
        (UNAUTH, "new", "KING", "09/11/2026", "30/11/2026", "16", "", "yes", ""),
    ]
    # --since as of 11 Dec (1-11 Dec: d57-d65, 9 school days):
    #  LEWIS 23 Nov - 11 Dec: 6 + 9 = 15 days, still absent            -> new
    #  KING  9 Nov - 4 Dec, 20 days, 4 more than reported, left         -> ended
    #  GREEN 12 + 18 = 30 illness sessions: 15 days, ill that day      -> new
    code, text, err = go("--since", "--as-of", "2026-12-11", target="since.csv")
    assert code == 0, err
    assert rows(tmp_path / "since.csv") == [
        (UNAUTH, "new", "LEWIS", "23/11/2026", "11/12/2026", "15", "", "yes", ""),
        (UNAUTH, "ended", "KING", "09/11/2026", "04/12/2026", "20", "4", "no", "30/11/2026"),
        (SICK, "new", "GREEN", "", "", "15", "", "yes", ""),
    ]  # fmt: skip
    # December as of 18 Dec, compared with the --since return as of 11 Dec:
    #  LEWIS 15 + 5 (14-18 Dec) = 20, still absent                      -> continuing, +5
    #  KING  reported ended on 11 Dec: not listed again
    #  GREEN still 30 sessions, back in school                         -> continuing, +0
    code, text, err = go("--month", "2026-12", target="dec.csv")
    assert code == 0, err
    assert "Compared with the return as of 11/12/2026 (since 30/11/2026)" in text
    assert rows(tmp_path / "dec.csv") == [
        (UNAUTH, "continuing", "LEWIS", "23/11/2026", "18/12/2026", "20", "5", "yes", "11/12/2026"),
        (SICK, "continuing", "GREEN", "", "", "15", "0", "no", "11/12/2026"),
    ]  # fmt: skip
    assert counts(tmp_path) == (3, 1 + 3 + 2)
    # --since as of the December return's date: nothing since it
    code, _, err = go("--since", target="since2.csv")
    assert code == 1, err
    assert err.startswith(
        "error: --since: the return as of 18/12/2026 (December 2026) is on record: there is "
        "nothing since it to report"
    ), err
    assert not (tmp_path / "since2.csv").exists() and counts(tmp_path) == (3, 6)
    # the --since as of 11 Dec made again: compared with what it was, the same return
    before = (tmp_path / "since.csv").read_bytes()
    code, _, err = go("--since", "--as-of", "2026-12-11", "--force", target="since.csv")
    assert code == 0, err
    assert "the same as return 2" in err and counts(tmp_path) == (3, 6)
    assert (tmp_path / "since.csv").read_bytes() == before


def test_a_month_made_after_a_since_return_of_the_same_date_compares_with_it(tmp_path):
    """--since as of Fri 18 Dec, then December's return as of the same date: December
    compares with it (the LA has heard of LEWIS and GREEN already), so nothing is new."""
    cfg, export = december_school(tmp_path)
    for args in (["--month", "2026-11"], ["--since"], ["--month", "2026-12"]):
        code, _, err = run_cli("la-return", export, "-c", cfg, *args, "-o", tmp_path / "x.csv",
                               "--force")  # fmt: skip
        assert code == 0, err
    assert [r[:3] + (r[-1],) for r in rows(tmp_path / "x.csv")] == [
        (UNAUTH, "continuing", "LEWIS", "18/12/2026"),
        (SICK, "continuing", "GREEN", "18/12/2026"),
    ]


def test_a_month_made_again_says_what_it_no_longer_lists(school):
    """October made again from November's export, in which KILO's N of 12-16 Oct are now
    I: the return the LA was sent (as of Fri 23 Oct) said KILO new, 12-23 Oct, 10 days;
    the register now shows 19-23 Oct, 5 days, as of that date.  The new October (as of
    Sat 31 Oct, the month's last day: no school day after 23 Oct, so KILO is still absent)
    says so, KILO amended, rather than leaving KILO out; INDIA, added by hand on the first October and not on
    this one, is named in a note.  Made again, the same return; November then compares
    with the new October and does not follow KILO (5 days, under 10)."""
    out = school / "out"
    out.mkdir()
    assert la_return(school, "2026-09", "-o", out / "sep.csv")[0] == 0
    code, _, err = la_return(
        school, "2026-10", "-o", out / "oct.csv", "--add", "INDIA", "--reason", INDIA_REASON
    )
    assert code == 0, err
    assert ("new", "KILO", "10") in {(r[1], r[2], r[5]) for r in rows(out / "oct.csv")}

    def october_again():
        return run_cli(
            "la-return", school / "exports" / "nov.csv", "--month", "2026-10", "-c",
            school / "school" / "attcli.toml", "-o", out / "oct-again.csv", "--force",
            width=400,
        )  # fmt: skip

    code, _, err = october_again()
    assert code == 0, err
    assert rows(out / "oct-again.csv") == [
        (UNAUTH, "new", "BRAVO", "12/10/2026", "23/10/2026", "10", "", "yes", ""),
        (UNAUTH, "new", "CHARLIE", "24/09/2026", "23/10/2026", "22", "", "yes", ""),
        (UNAUTH, "new", "DELTA", "05/10/2026", "16/10/2026", "10", "", "no", ""),
        (UNAUTH, "new", "LIMA", "05/10/2026", "16/10/2026", "10", "", "no", ""),
        (UNAUTH, "ended", "ALPHA", "17/09/2026", "09/10/2026", "17", "7", "no", "30/09/2026"),
        (UNAUTH, "amended", "KILO", "19/10/2026", "23/10/2026", "5", "", "yes", "23/10/2026"),
        (SICK, "continuing", "GOLF", "", "", "15", "0", "no", "30/09/2026"),
    ]  # fmt: skip
    kilo = next(r for r in read_return(out / "oct-again.csv") if r["UPN"] == "KILO")
    assert kilo["Note"] == (
        "the return as of 23/10/2026 that this one replaces (made 31/08/2027) reported "
        "12/10/2026 to 23/10/2026, 10 days; the register now shows 19/10/2026 to 23/10/2026, "
        "5 days, under 10 (a register correction)"
    )
    assert (
        "note: October 2026 made again: INDIA (sickness_15_days, new, added by hand) is on "
        "the return as of 23/10/2026 that this one replaces (made 31/08/2027), and not on "
        "this one: give --add INDIA --reason TEXT to keep them on it"
    ) in " ".join(err.split())
    assert counts(school) == (3, 2 + 8 + 7)
    # made again from the same export: the same return, nothing recorded
    before = (out / "oct-again.csv").read_bytes()
    code, _, err = october_again()
    assert code == 0, err
    assert "the same as return 3" in err and counts(school) == (3, 17)
    assert (out / "oct-again.csv").read_bytes() == before
    # November compares with the new October: KILO's run is 5 days, not followed
    code, _, err = la_return(school, "2026-11", "-o", out / "nov.csv")
    assert code == 0, err
    assert [r[:3] for r in rows(out / "nov.csv")] == [
        (UNAUTH, "continuing", "CHARLIE"),
        (UNAUTH, "ended", "BRAVO"),
        (SICK, "new", "HOTEL"),
        (SICK, "continuing", "GOLF"),
    ]


def test_an_amendment_compares_as_of_the_date_reported(tmp_path):
    """September reports two runs; the October export corrects their first days:

    * IRWIN: N Mon 14 - Wed 30 Sep (d6-d18, 13 days), back Thu 1 Oct.  Corrected: 14-15
      Sep are I, and N goes on to Fri 2 Oct: 16 Sep - 2 Oct, 13 days.  As of 30 Sep it now
      shows 16-30 Sep, 11 days, against the 13 reported (not the 13 it has by 2 Oct).
    * VICTOR: N from Mon 14 Sep on.  Corrected: present on 14 Sep.  As of 30 Sep, 15-30
      Sep, 12 days; as of 23 Oct 15 Sep - 23 Oct, 29 days, still absent.

    The note says where the run stands now, as the terminal does (back in school, still
    absent), since the file may be read without those columns."""
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    pupils = {
        "IRWIN": days((5, P), (13, "N"), (17, P)),
        "VICTOR": days((5, P), (30, "N")),
    }
    reg = register(pupils, start=D(2026, 9, 7), holidays=HOLIDAY)
    fix = (
        ((pl.col("upn") == "IRWIN") & pl.col("date").is_in([D(2026, 9, 14), D(2026, 9, 15)]), "I"),
        ((pl.col("upn") == "IRWIN") & pl.col("date").is_in([D(2026, 10, 1), D(2026, 10, 2)]), "N"),
        ((pl.col("upn") == "VICTOR") & (pl.col("date") == D(2026, 9, 14)), "/"),
    )
    fixed = reg
    for where, mark in fix:
        fixed = fixed.with_columns(
            pl.when(where).then(pl.lit(mark)).otherwise(pl.col("raw_mark")).alias("raw_mark")
        )
    sep = write_export(tmp_path / "sep.csv", reg, D(2026, 9, 30))
    oct_ = write_export(tmp_path / "oct.csv", fixed, D(2026, 10, 31))
    cfg = ws / "attcli.toml"
    code, _, err = run_cli(
        "la-return", sep, "--month", "2026-09", "-c", cfg, "-o", tmp_path / "9.csv"
    )
    assert code == 0, err
    assert [r[:6] for r in rows(tmp_path / "9.csv")] == [
        (UNAUTH, "new", "IRWIN", "14/09/2026", "30/09/2026", "13"),
        (UNAUTH, "new", "VICTOR", "14/09/2026", "30/09/2026", "13"),
    ]
    code, text, err = run_cli(
        "la-return", oct_, "--month", "2026-10", "-c", cfg, "-o", tmp_path / "10.csv", width=400
    )
    assert code == 0, err
    got = {r["UPN"]: r for r in read_return(tmp_path / "10.csv")}
    assert [tuple(r[f] for f in FIELDS) for r in got.values()] == [
        (UNAUTH, "amended", "IRWIN", "16/09/2026", "02/10/2026", "13", "", "no", "30/09/2026"),
        (UNAUTH, "amended", "VICTOR", "15/09/2026", "23/10/2026", "29", "", "yes", "30/09/2026"),
    ]  # fmt: skip
    assert got["IRWIN"]["Note"] == (
        "the return as of 30/09/2026 reported 14/09/2026 to 30/09/2026, 13 days; the register "
        "now shows 16/09/2026 to 30/09/2026, 11 days as of that date (a register correction); "
        "now 16/09/2026 to 02/10/2026, 13 days, back in school"
    )
    assert got["VICTOR"]["Note"] == (
        "the return as of 30/09/2026 reported 14/09/2026 to 30/09/2026, 13 days; the register "
        "now shows 15/09/2026 to 30/09/2026, 12 days as of that date (a register correction); "
        "now 15/09/2026 to 23/10/2026, 29 days, still absent"
    )
    # the terminal says it once (it used to add "back in school" the file did not have)
    assert text.count("back in school") == 1 and text.count("still absent") == 1


# --------------------------------------------------------------------------- the xlsx


def test_xlsx_header_block_and_cells(school):
    assert la_return(school, "2026-10", "-o", school / "oct.xlsx")[0] == 0
    code, _, err = la_return(school, "2026-11", "-o", school / "nov.xlsx")
    assert code == 0, err
    wb = load_workbook(school / "nov.xlsx")
    ws = wb.active
    assert ws.title == "Return 2026-11"
    assert ws.cell(1, 1).value.startswith("Return to the local authority") and ws.cell(1, 1).font.b
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 13)}
    assert block["School"] == "Riverside Primary School" and block["URN"] == "100001"
    assert block["DfE number"] == "999/2001"
    assert block["Local authority"] == "Anyshire County Council"
    assert block["Return"] == "November 2026 (01/11/2026 to 30/11/2026)"
    assert block["Figures as of"].date() == D(2026, 11, 30)
    # (a note beside its label is a sentence: sweep leftovers14)
    assert block["Compared with"] == "The return as of 23/10/2026 (October 2026)"
    assert block["Unauthorised absence, 10+ school days in a row"] == (
        "3 pupils: 1 continuing, 1 ended, 1 amended"
    )
    # (INDIA is not added by hand in this workspace: HOTEL new, GOLF continuing)
    assert block["Illness, 15+ school days this school year"] == "2 pupils: 1 new, 1 continuing"
    # the N codes of the runs are still N (not yet replaced with a reason) and older than 5
    # school days: the return says so, in red, with the count check gives for the period
    import json

    code, out, err = run_cli(
        "check", school / "exports" / "nov.csv", "-c", school / "school" / "attcli.toml",
        "-f", "json",
    )  # fmt: skip
    stale = [d for d in json.loads(out)["data_quality"] if d["kind"] == "stale_n"]
    assert [d["kind"] for d in json.loads(out)["data_quality"]] == ["stale_n"] * len(stale)
    data = next(r for r in range(2, 13) if ws.cell(r, 1).value == "Data")
    assert ws.cell(data, 2).value == (
        f"Register problems in the school year to 30/11/2026: {len(stale):,} N codes older "
        "than 5 school days; a session with no mark neither counts toward nor breaks a run, "
        "and each N counts as unexplained absence"  # (not the advice: the LA's file, decide11)
        # (ECHO's N d1-d9 begin on the exports' first school day, maybe in July too, but were over
        # before the returns began in October: no return holds them, so no line)
    )
    assert ws.cell(data, 2).font.b and len(stale) > 100
    assert ws.cell(7, 2).number_format == "DD/MM/YYYY"  # Figures as of
    head = [c.value for c in ws[14]]
    assert head[:4] == ["List", "Status", "UPN", "Surname"] and ws.cell(14, 1).font.b
    assert ws.freeze_panes == "A15" and ws.auto_filter.ref == "A14:W19"
    # the labels of the header block can be read in the first column; the notes are wide
    assert ws.column_dimensions["A"].width == len("Unauthorised absence, 10+ school days in a row") + 2
    assert ws.column_dimensions[chr(ord("A") + head.index("Note"))].width == 80
    rows_ = {
        (r[0], r[2]): dict(zip(head, r, strict=True))
        for r in ws.iter_rows(min_row=15, values_only=True)
    }
    charlie = rows_[UNAUTH, "CHARLIE"]
    assert charlie["Absence began"] == dt.datetime(2026, 9, 24) and charlie["School days"] == 43
    assert ws.cell(15, head.index("Absence began") + 1).number_format == "DD/MM/YYYY"
    assert rows_[SICK, "HOTEL"]["School days"] == 15.5  # a number, not text
    assert rows_[UNAUTH, "KILO"]["Status"] == "amended"
    # the same return again: the same bytes (its dates are the date first produced)
    first = (school / "nov.xlsx").read_bytes()
    time.sleep(1.1)  # a second later: a zip stamped with the time of writing would differ
    assert la_return(school, "2026-11", "-o", school / "nov.xlsx", "--force")[0] == 0
    assert (school / "nov.xlsx").read_bytes() == first


def test_la_columns_and_headers_from_the_config(school):
    cfg = school / "school" / "attcli.toml"
    text = (
        cfg.read_text(encoding="utf-8")
        .replace(
            "[la_return]\n",
            "[la_return]\ncolumns = ['upn', 'status', 'days', 'list']\n"
            "headers = { upn = 'Pupil UPN', days = 'Days' }\n",
        )
        .replace("bom = true    # CSV", "bom = false    # CSV")
    )
    cfg.write_text(text, encoding="utf-8")
    code, _, err = la_return(school, "2026-09", "-o", school / "sep.csv")
    assert code == 0, err
    assert (school / "sep.csv").read_text(encoding="utf-8").splitlines() == [
        "Pupil UPN,Status,Days,List",
        f"ALPHA,new,10,{UNAUTH}",
        f"GOLF,new,15,{SICK}",
    ]


# --------------------------------------------------------------------------- hostile values


def test_hostile_names_and_contacts_are_inert(tmp_path):
    """The project's corpus of hostile values (tests/test_hostile.py) as pupils' names,
    registration groups and contacts: every pupil has N for the first 10 days of Autumn 2
    (2-13 Nov), so each is a new run in November's return."""
    from test_hostile import HOSTILE, N_PUPILS, UPN, build, in_contact, in_file, read_xlsx
    from test_hostile import read_csv as read_hostile_csv

    f = build(tmp_path)
    # (the export ends Fri 13 Nov: November so far, as of then)
    base = ["la-return", f["export"], "-c", f["config"], "--month", "2026-11",
            "--as-of", "2026-11-13", "--contacts", f["contacts"]]  # fmt: skip
    code, out, err = run_cli(*base, "-o", tmp_path / "la.csv", width=200)
    assert code == 0, err
    # nothing reaches the terminal raw: no escape sequence, no override, markup printed
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "[link=http://evil]click" in out and "x[/]" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 200  # the layout holds
    rows_ = {r["UPN"]: r for r in read_hostile_csv(tmp_path / "la.csv")}
    assert len(rows_) == N_PUPILS
    for key in HOSTILE:
        r = rows_[UPN[key]]
        assert (r["Status"], r["School days"], r["Still absent"]) == ("new", "10", "yes"), key
        assert r["Surname"] == r["Forename"] == r["Reg group"] == in_file(key), key
        assert r["Contact phone"] == in_contact(key), key
        assert r["Priority contact"].startswith("Mx "), key
        assert r["Address"].endswith(", OK1 1AA"), key
    assert rows_["X1/1"]["Surname"] == "Smith" and "E\ufffd[2J1" in rows_
    code, _, err = run_cli(*base, "-o", tmp_path / "la.xlsx", "--force", width=80)
    assert code == 0, err  # the same return (nothing recorded), as a workbook
    (sheet,) = read_xlsx(tmp_path / "la.xlsx").values()  # no formula, no control character
    head_row = next(i for i, r in enumerate(sheet) if r[0] == "List")
    head = sheet[head_row]
    by = {r[head.index("UPN")]: r for r in sheet[head_row + 1 :]}
    for key in HOSTILE:
        assert by[UPN[key]][head.index("Surname")] == in_file(key), key


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "error: give --month YYYY-MM (that month's return) or --since"),
        (["--month", "2026-10", "--since"], "error: give --month YYYY-MM or --since, not both"),
        (["--month", "October"], "error: --month 'October' is not a month: write it YYYY-MM"),
        (["--month", "2026-10", "--as-of", "2026-11-02"], "error: --as-of 02/11/2026 is not in October 2026"),
        (["--month", "2027-01"], "error: the exports end 23/10/2026, before January 2027 starts"),
        (["--since"], "error: --since: no return on record before 23/10/2026"),
        (["--month", "2026-10", "--add", "NOBODY", "--reason", "x"], "error: --add NOBODY: no pupil with that UPN"),
        (["--month", "2026-10", "--add", "INDIA"], "error: give one --reason for each --add and --withdraw (0 given, 1 needed)"),
        (["--month", "2026-10", "--add", "INDIA", "--reason", " "], "error: --add INDIA: give the reason"),
        (["--month", "2026-10", "--withdraw", "GOLF", "--reason", "x"], "error: --withdraw GOLF: not on an earlier return this school year as added by hand"),
        (["--month", "2026-10", "-o", "x.pdf"], "error: --output 'x.pdf': give a file ending .xlsx or .csv"),
        (["--month", "2026-10", "--as-of", "31/10"], "error: --as-of '31/10' is not a date"),
    ],
)  # fmt: skip
def test_bad_options_are_one_line(school, args, message):
    code, out, err = run_cli(
        "la-return", school / "exports" / "oct.csv", "-c", school / "school" / "attcli.toml",
        *args, width=400,
    )  # fmt: skip
    assert code == 1, (out, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith(message), err
    assert not (school / "school" / "attcli-history.sqlite3").exists() or counts(school) == (0, 0)


def test_no_workspace_and_incomplete_exports(school, tmp_path):
    export = school / "exports" / "oct.csv"
    code, _, err = run_cli("la-return", export, "--month", "2026-10")
    assert code == 1 and err.strip() == (
        "error: la-return keeps what each return reported in the school's workspace, and "
        "there is none: if your school has one, run attcli in the folder that holds its "
        "attcli.toml, or give --workspace DIR (or set ATTCLI_WORKSPACE); `attcli init` makes a "
        "new one, with no record of the letters and notices sent"
    )
    late = write_export(
        tmp_path / "late.csv",
        full_register().filter(pl.col("date") >= D(2026, 10, 1)),
        D(2026, 10, 31),
    )
    code, _, err = run_cli(
        "la-return", late, "--month", "2026-10", "-c", school / "school" / "attcli.toml", width=400
    )
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith("error: INCOMPLETE DATA: the exports cover 01/10/2026 to 23/10/2026")
    # what to give is named, as register-check names it (Coverage.to_give), not "give
    # those exports"
    assert err.strip().endswith(
        "(illness counts over the year; a run can begin before the month): give the "
        "exports from 01/09/2026 (the start of the school year)"
    )
    assert "give those exports" not in err
    # la-return has no --from: the line used to advise "or pass --from 01/10/2026 for
    # figures and bands over the shorter period", then say the return needs the year
    assert "--from" not in err and "Figures are for" not in err


def test_a_week_missing_from_the_year_is_named_in_the_refusal(school, tmp_path):
    """The November return from exports of the year without the week Mon 12 - Fri 16 Oct
    2026 (5 school days, Autumn 1): refused, as before (the return needs the year), but the
    advice was "give those exports", the exports the user had given.  It now names the
    week, as register-check's remedy does (test_register_check.py,
    test_a_week_missing_before_the_term_names_the_week_to_give); and the exports starting
    late too (from Mon 14 Sep): both."""
    config = school / "school" / "attcli.toml"
    reg = corrected(full_register()).filter(
        ~pl.col("date").is_between(D(2026, 10, 12), D(2026, 10, 16))
    )
    gapped = write_export(tmp_path / "gapped.csv", reg, D(2026, 11, 30))
    code, _, err = run_cli("la-return", gapped, "--month", "2026-11", "-c", config, width=400)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert err.startswith(
        "error: INCOMPLETE DATA: the exports cover 07/09/2026 to 30/11/2026; no register for "
        "the week 12/10/2026 to 16/10/2026 (5 school days), in the autumn term. The return "
        "needs the register from the start of the school year to its date (illness counts "
        "over the year; a run can begin before the month): give the register for the week "
        "12/10/2026 to 16/10/2026 too, with the others (if the school had no sessions"
    ), err
    assert "give those exports" not in err
    late = write_export(
        tmp_path / "late.csv", reg.filter(pl.col("date") >= D(2026, 9, 14)), D(2026, 11, 30)
    )
    code, _, err = run_cli("la-return", late, "--month", "2026-11", "-c", config, width=400)
    assert code == 1 and (
        ": give the exports from 01/09/2026 (the start of the school year), and the register "
        "for the week 12/10/2026 to 16/10/2026 (if the school had no sessions"
    ) in err, err
    # an --as-of after the exports' end (Fri 20 Nov; Mon 23 - Fri 27 Nov, 5 school days,
    # with no register): the register up to it
    short = write_export(tmp_path / "short.csv", corrected(full_register()), D(2026, 11, 20))
    code, _, err = run_cli("la-return", short, "--month", "2026-11", "--as-of", "2026-11-27",
                           "-c", config, width=400)  # fmt: skip
    assert code == 1 and err.strip().endswith(
        "no register from 23/11/2026 to 27/11/2026 (5 school days) after the data ends. The "
        "return needs the register from the start of the school year to its date (illness "
        "counts over the year; a run can begin before the month): give the register up to "
        "27/11/2026"
    ), err


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[la_return]\nfoo = 1\n", "la_return.foo"),
        ("[la_return]\ncolumns = ['upn', 'phone']\n", "la_return.columns"),
        ("[la_return]\ncolumns = ['upn', 'upn']\n", "la_return.columns"),
        ("[la_return]\nbom = 'yes'\n", "la_return.bom"),
        ("[la_return.headers]\nphone = 'Phone'\n", "la_return.headers.phone"),
    ],
)
def test_bad_settings_name_the_key_in_every_command(tmp_path, toml, key):
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(toml, encoding="utf-8")
    export = write_export(tmp_path / "x.csv", full_register(), D(2026, 9, 30))
    for command in (["la-return", "--month", "2026-09"], ["check"]):
        code, _, err = run_cli(command[0], export, *command[1:], "-c", cfg, width=400)
        assert code == 1 and len(err.strip().splitlines()) == 1, err
        assert key in err, err


def test_dry_run_writes_and_records_nothing(school):
    code, text, err = la_return(school, "2026-09", "--dry-run")
    assert code == 0, err
    assert "ALPHA" in text and "dry run: no file written, nothing recorded" in err
    assert not (school / "school" / "attcli-history.sqlite3").exists()
    assert not list(Path.cwd().glob("la-return-*.xlsx"))


# --------------------------------------------------------------------------- the example


def test_the_example_school_month_by_month(tmp_path):
    """The example school's planted runs and illness (examples/README.md): October lists
    Price (28 Sep - 12 Oct, 11 days) and Ashworth (left 16 Oct after 10 days); November
    Kowalska (19 Oct - 9 Nov across half term and the INSET day) and Pritchard (32
    illness sessions, 16 in a row)."""
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    got = {}
    for month in ("2026-10", "2026-11"):
        target = tmp_path / f"{month}.csv"
        code, _, err = run_cli(
            "la-return", EXAMPLE, "--month", month, "-c", tmp_path / "attcli.toml", "-o", target
        )
        assert code == 0, err
        got[month] = [
            (r["List"], r["Status"], r["Surname"], r["School days"]) for r in read_return(target)
        ]
    assert got == {
        "2026-10": [(UNAUTH, "new", "Ashworth", "10"), (UNAUTH, "new", "Price", "11")],
        "2026-11": [(UNAUTH, "new", "Kowalska", "10"), (SICK, "new", "Pritchard", "16")],
    }


def test_the_register_s_problems_to_the_return_s_date_are_said(tmp_path):
    """DOMAIN.md 12, never absorbed unsaid: the example school's November return counts
    the problems check lists for the school year to 30 Nov (261 N codes older than 5
    school days, 3 missing marks, 1 missing row: one, said as one), in a line of its own;
    the return used to say nothing of them."""
    import collections
    import json

    config = tmp_path / "attcli.toml"
    config.write_text((ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"))
    code, out, err = run_cli("check", EXAMPLE, "-c", config, "--as-of", "2026-11-30", "-f", "json")
    assert code == 0, err
    counts = collections.Counter(d["kind"] for d in json.loads(out)["data_quality"])
    assert counts == {"stale_n": 261, "missing_mark": 3, "missing_row": 1}
    code, out, err = run_cli(
        "la-return", EXAMPLE, "--month", "2026-11", "-c", config, "--dry-run", width=400
    )
    assert code == 0, err
    assert (
        "register problems in the school year to 30/11/2026: 261 N codes older than 5 school "
        "days, 3 missing marks, 1 missing row; a session with no mark neither counts toward "
        "nor breaks a run, and each N counts as unexplained absence: fix them in the MIS "
        "(attcli check lists them) before sending\n" in out
    )


def test_a_run_on_the_exports_first_day_may_have_begun_before_them(tmp_path):
    """CAI: N every day 13-17 Jul and 3-14 Sep 2026: one run of 13 school days (the summer
    holiday neither counts nor breaks it, DOMAIN.md 6).  September's return from
    September's export alone listed nobody and said nothing (the export covers the school
    year); it says now that 2 runs begin on the exports' first school day and may have begun
    before it.  With July's export too, CAI is listed: 13 days from 13/07/2026."""
    from builders import across
    from school import ROLLOVER_HALF_TERMS
    from test_cme import ROLLOVER_JULY, ROLLOVER_SEP

    ws = tmp_path / "school"
    config = make_workspace(ws, ROLLOVER_HALF_TERMS)
    sep = write_export(tmp_path / "sep.csv", across((D(2026, 9, 3), ROLLOVER_SEP)), D(2026, 9, 30))
    july = write_export(tmp_path / "july.csv", across((D(2026, 7, 6), ROLLOVER_JULY)), D(2026, 7, 31))
    out = tmp_path / "sep_return.xlsx"
    # (the export ends Fri 18 Sep: September so far, as of then)
    code, text, err = run_cli("la-return", sep, "--month", "2026-09", "--as-of", "2026-09-18",
                              "-c", config, "-o", out, width=400)  # fmt: skip
    assert code == 0, err
    line = (
        "2 runs of unexplained absence begin on the exports' first school day, 03/09/2026, and may "
        "have begun before it, so be longer than counted here (the longest: SurnameCAI, "
        "ForenameCAI (CAI), 8 school days to 14/09/2026): give the export of the weeks "
        "before (the end of last school year) to see them whole"
    )
    assert line in " ".join(text.split())
    ws = load_workbook(out).active
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 14)}
    assert block["Unauthorised absence, 10+ school days in a row"] == "0 pupils"
    assert block["Data"].endswith("; " + line)  # (the LA reads the file alone)
    code, text, err = run_cli("la-return", july, sep, "--month", "2026-09", "--as-of",
                              "2026-09-18", "-c", config, "--dry-run", width=400)  # fmt: skip
    assert code == 0, err
    said = " ".join(text.split())
    assert "1 pupil: 1 new" in said and "13/07-14/09/26" in said
    # the Run cell in school days, its codes below, as cme's (a run counts school days only)
    cell = [line.split("│")[3].strip() for line in text.splitlines() if line.count("│") >= 4]
    assert cell[:3] == ["13 school days", "N", "13/07-14/09/26"] and "13 days" not in said
    assert "begin on the exports' first school day" not in said
    # October's first return: the runs of 3-14 Sep were over before it began (CAI back on
    # 15 Sep), so it could hold neither whatever their length: no line (the shipped
    # example's November return named a 2-day run of 3-4 Sep)
    # (37 school days: Thu 3 Sep to Fri 23 Oct, the end of Autumn 1)
    autumn = {k: v + "/ " * 25 for k, v in ROLLOVER_SEP.items()}
    oct_ = write_export(tmp_path / "oct.csv", across((D(2026, 9, 3), autumn)), D(2026, 10, 31))
    ws2 = tmp_path / "school2"
    config2 = make_workspace(ws2, ROLLOVER_HALF_TERMS)
    code, text, err = run_cli("la-return", oct_, "--month", "2026-10", "-c", config2,
                              "--dry-run", width=400)  # fmt: skip
    assert code == 0, err
    assert "begin on the exports' first school day" not in " ".join(text.split())


# --------------------------------------------------------------------------- killed


def test_stopped_after_the_file_before_the_record(school, monkeypatch):
    """Stopped (Ctrl-C) between writing the file and recording it: the file was left,
    whole and on record nowhere, and the same command again was refused without --force;
    sent, the next return would have reported its pupils new again.  Its file goes with
    its record: the same command again makes and records it."""
    from attcli.store import History

    real = History.add_la_return

    def stopped(self, *args, **kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(History, "add_la_return", stopped)
    code, _, err = la_return(school, "2026-09", "-o", school / "sep.csv")
    assert code == 130 and "run it again" in err
    assert not (school / "sep.csv").exists()
    assert not [f for f in school.iterdir() if f.name.startswith(".")]
    assert counts(school) == (0, 0)
    monkeypatch.setattr(History, "add_la_return", real)
    code, _, err = la_return(school, "2026-09", "-o", school / "sep.csv")
    assert code == 0, err
    assert rows(school / "sep.csv")[0][:3] == (UNAUTH, "new", "ALPHA")
    assert counts(school) == (1, 2)


def test_a_full_disk_at_the_record_keeps_no_file_and_names_the_history(school, monkeypatch):
    """The history's disk full when October's return is recorded: the error was "the disk
    is full" with no file named (the return went to another disk), and October's file
    stayed, on record nowhere, so "run it again" was refused.  It names the history, and
    the file goes with its record."""
    from attcli.store import History

    code, _, err = la_return(school, "2026-09", "-o", school / "sep.csv")
    assert code == 0, err
    real = History.add_la_return

    def full(self, *args, **kw):  # SQLite's own words, from inside the record's transaction
        with self.transaction():
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(History, "add_la_return", full)
    code, _, err = la_return(school, "2026-10", "-o", school / "oct.csv")
    history_file = school / "school" / "attcli-history.sqlite3"
    assert code == 1 and " ".join(err.split()).endswith(
        f"error: cannot write the history {history_file}: the disk is full: free some space "
        "and run it again (nothing was half written)"
    ), err
    assert not (school / "oct.csv").exists()
    assert counts(school) == (1, 2)
    monkeypatch.setattr(History, "add_la_return", real)
    code, _, err = la_return(school, "2026-10", "-o", school / "oct.csv")
    assert code == 0, err
    assert counts(school)[0] == 2


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_at_random_leaves_no_record_or_a_whole_one_beside_its_file(tmp_path):
    """SIGKILL `attcli la-return` at random moments: the history is never half a return
    (a return on record has both its rows, October's two runs) and a return on record has
    its file, whole (its SHA-256 as recorded)."""
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    history_file = tmp_path / "attcli-history.sqlite3"
    rng = random.Random(1703)
    system = tmp_path / "system-temp"  # (the workbook's sheet, pupils' rows: never here)
    system.mkdir()
    env = {**os.environ, "TMPDIR": str(system)}
    for attempt in range(8):
        target = tmp_path / f"oct-{attempt}.xlsx"
        proc = subprocess.Popen(
            [sys.executable, "-m", "attcli", "la-return", str(EXAMPLE), "--month", "2026-10",
             "-c", str(tmp_path / "attcli.toml"), "-o", str(target)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        time.sleep(rng.uniform(0.3, 1.6))  # a whole run takes about 1.3 s
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        assert list(system.iterdir()) == []
        if not history_file.exists() or history_file.stat().st_size == 0:
            continue
        db = sqlite3.connect(history_file)  # read-write: rolls back a hot journal
        try:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not tables:
                continue
            assert tables == TABLES
            found = db.execute(
                "SELECT r.id, r.file, r.sha256, COUNT(x.upn) FROM la_returns r LEFT JOIN "
                "la_return_rows x ON x.return_id = r.id GROUP BY r.id"
            ).fetchall()
            orphans = db.execute(
                "SELECT COUNT(*) FROM la_return_rows WHERE return_id NOT IN (SELECT id FROM la_returns)"
            ).fetchone()[0]
        finally:
            db.close()
        assert orphans == 0
        for _, file, sha, n in found:
            assert n == 2
            assert hashlib.sha256(Path(file).read_bytes()).hexdigest() == sha
        assert len(found) <= 1  # a second run reports the same: nothing recorded again


# ---------------------------------------------------- an export that stops before the month ends


def test_october_s_return_from_an_export_ending_9_october_is_refused_on_2_november(
    school, monkeypatch
):
    """A tester made October's return on Mon 2 Nov from an export ending Fri 9 Oct: the
    return said nothing of 12-23 Oct.  October's school days after 9 Oct: Mon 12 - Fri 23
    Oct, 10 (26-30 Oct is half term; 31 Oct a Saturday).  Refused in one line, nothing
    recorded; --as-of 2026-10-09 makes the return of October so far, and it says so."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-02")
    export = write_export(school / "to0910.csv", full_register(), D(2026, 10, 9))
    args = ("la-return", export, "--month", "2026-10", "-c", school / "school" / "attcli.toml")
    code, out, err = run_cli(*args, "-o", school / "oct.xlsx", width=400)
    assert code == 1 and err.strip() == (
        "error: the exports end 09/10/2026, and October 2026's last school day is 23/10/2026: "
        "no register from 12/10/2026 to 23/10/2026 (10 school days) after the data ends; "
        "export the register up to 23/10/2026, or pass --as-of 2026-10-09 to make the file of "
        "October 2026 so far (it then says figures as of 09/10/2026)"
    ), (out, err)
    assert not (school / "oct.xlsx").exists() and counts(school) == (0, 0)
    code, _, err = run_cli(*args, "-o", school / "oct.xlsx", "--as-of", "2026-10-09")
    assert code == 0, err
    ws = load_workbook(school / "oct.xlsx").active
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 13)}
    assert block["Return"] == "October 2026 (01/10/2026 to 09/10/2026)"
    assert block["Figures as of"].date() == D(2026, 10, 9)


@pytest.mark.parametrize(
    ("upto", "today", "refused"),
    [
        # to Fri 23 Oct, October's last school day: made, as of 23 Oct
        (D(2026, 10, 23), "2026-11-02", None),
        # to Thu 22 Oct: Fri 23 Oct is missing
        (D(2026, 10, 22), "2026-11-02", "October 2026's last school day is 23/10/2026: no "
         "register on 23/10/2026 (1 school day)"),
        # October not over (made Wed 14 Oct), the export to the day before: made
        (D(2026, 10, 13), "2026-10-14", None),
        # made Wed 14 Oct from an export to Mon 12 Oct: Tue 13 Oct is missing
        (D(2026, 10, 12), "2026-10-14", "October 2026's last school day before today "
         "(14/10/2026) is 13/10/2026: no register on 13/10/2026 (1 school day)"),
    ],
)
def test_the_month_s_school_days_after_the_export_boundaries(
    school, monkeypatch, upto, today, refused
):
    monkeypatch.setenv("ATTCLI_TODAY", today)
    export = write_export(school / "x.csv", full_register(), upto)
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "-c", school / "school" / "attcli.toml",
        "--dry-run", width=400,
    )  # fmt: skip
    if refused is None:
        assert code == 0, err
        assert f"October 2026 (01/10/2026 to {upto:%d/%m/%Y})" in out
        return
    assert code == 1 and err.startswith(
        f"error: the exports end {upto:%d/%m/%Y}, and {refused} after the data ends"
    ), err


def test_sickness_list_counts_this_school_year_only(tmp_path):
    """An oracle's pupil ill 8 school days to the end of July and 7 from 3 September was
    listed new on September's return as 'sickness_15_days ... School days 7, Illness
    sessions 14, Longest illness 15': one run of illness across the summer.  The count
    starts afresh each school year (docs/la-return.md): ACROSS7 has 7 days this year and is
    not listed; ACROSS15 (8 + 15 days) is, with 15 days (30 sessions) and a longest run of
    15, not 23; INYEAR (15 days, 7-25 Sep) as before.  CAI's N runs across the summer
    still: 13 days from 13/07 (registers: tests/test_engine.py SICK_JULY, SICK_SEP)."""
    from builders import across
    from school import ROLLOVER_HALF_TERMS
    from test_engine import SICK_JULY, SICK_SEP

    config = make_workspace(tmp_path / "school", ROLLOVER_HALF_TERMS)
    reg = across((D(2026, 7, 6), SICK_JULY), (D(2026, 9, 3), SICK_SEP))
    export = write_export(tmp_path / "exp.csv", reg, D(2026, 9, 30))
    out = tmp_path / "sep.csv"
    code, text, err = run_cli("la-return", export, "--month", "2026-09", "-c", config,
                              "-o", out, width=400)  # fmt: skip
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["List"] != "" and r["UPN"]]
    cols = ("List", "UPN", "Absence began", "School days", "Illness sessions (year)",
            "Longest illness (days)")  # fmt: skip
    assert sorted(tuple(r[c] for c in cols) for r in rows) == [
        ("continuous_unauthorised_10_days", "CAI", "13/07/2026", "13", "", ""),
        ("sickness_15_days", "ACROSS15", "", "15", "30", "15"),
        ("sickness_15_days", "INYEAR", "", "15", "30", "15"),
    ]


def test_check_from_last_july_counts_illness_sessions_of_this_school_year(tmp_path):
    """review9: check --from 2023-07-03 --as-of 2023-09-21 listed a pupil with "30 illness
    sessions this year; longest run of illness 14 school days": the sessions followed
    --from back into July, the run started on 1 September.  Now the sickness rule counts
    the school year of the as-of date (DOMAIN.md 7) whatever the period, so check agrees
    with la-return and register-check (which count from 1 September).  The registers of
    test_sickness_list_counts_this_school_year_only, no term dates, check from Mon 6 Jul
    2026: ACROSS7 (8 days of I in July, 7 from 3 Sep: 14 sessions, run 7 days) is in no
    sickness group; ACROSS15 (8 + 15) and INYEAR (15) are, each "30 illness sessions this
    year; longest run of illness 15 school days"."""
    import json

    from builders import across
    from test_engine import SICK_JULY, SICK_SEP

    config = make_workspace(tmp_path / "school")
    reg = across((D(2026, 7, 6), SICK_JULY), (D(2026, 9, 3), SICK_SEP))
    export = write_export(tmp_path / "exp.csv", reg, D(2026, 9, 30))
    code, out, err = run_cli("check", export, "-c", config, "--from", "2026-07-06",
                             "--as-of", "2026-09-30", "-f", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    sick = {p["upn"]: p["reasons"]["sickness"] for p in doc["pupils"] if "sickness" in p["groups"]}
    assert sick == {
        "ACROSS15": "30 illness sessions this year; longest run of illness 15 school days",
        "INYEAR": "30 illness sessions this year; longest run of illness 15 school days",
    }
    code, _, err = run_cli("la-return", export, "--month", "2026-09", "-c", config,
                           "-o", tmp_path / "sep.csv")  # fmt: skip
    assert code == 0, err
    with (tmp_path / "sep.csv").open(encoding="utf-8-sig", newline="") as f:
        listed = sorted(r["UPN"] for r in csv.DictReader(f) if r["List"] == "sickness_15_days")
    assert listed == sorted(sick)


def october_return(tmp_path: Path, pupils: dict[str, str]) -> tuple[int, str, str]:
    """October's return (as of the export's Fri 23 Oct) of ``pupils`` from Mon 7 Sep, in a
    new workspace with the autumn term dates, written to ``oct-return.csv``."""
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(pupils, start=D(2026, 9, 7), holidays=HOLIDAY)
    export = write_export(tmp_path / "oct.csv", reg, D(2026, 10, 31))
    return run_cli(
        "la-return", export, "--month", "2026-10", "-c", ws / "attcli.toml",
        "-o", tmp_path / "oct-return.csv", width=160,
    )  # fmt: skip


def test_a_run_s_pupil_who_came_back_then_left_the_roll_is_said_to_have_left(tmp_path):
    """sweep2 caseC_lr: MIKE is N d21-d30 (Mon 5 - Fri 16 Oct, 10 days), back Mon 19 - Wed
    21 Oct, then off the roll (no row after Wed 21 Oct).  October's return (as of Fri 23
    Oct) listed the run with "back in school" and no date in "Left the roll on", as if he
    were still at the school.  He came back, so it is no deletion straight after the run
    (DOMAIN.md 6), but the LA reads that he has left the roll, and when."""
    code, out, err = october_return(
        tmp_path,
        {"MIKE": days((20, P), (10, "N"), (3, P), (37, "!")), "NOVEMBER": days((70, P))},
    )
    assert code == 0, err
    [row] = read_return(tmp_path / "oct-return.csv")
    assert (row["UPN"], row["Status"], row["Still absent"]) == ("MIKE", "new", "no")
    assert row["Left the roll on"] == "21/10/2026"
    assert row["Note"] == "back in school, then left the roll 21/10/2026"
    assert "back in school, then left the roll 21/10/2026" in out


def test_a_refused_return_starts_no_history(tmp_path):
    """Sweep G: a return refused after the history was opened (here: the export starts in
    January, and the return needs the year from September) left an empty history file
    and its lock, and later commands no longer said there was none yet."""
    import shutil

    from clirun import run_cli

    examples = Path(__file__).resolve().parents[1] / "examples"
    shutil.copy(examples / "attcli.toml", tmp_path / "attcli.toml")
    code, _, err = run_cli(
        "la-return", examples / "exports" / "weekly" / "arbor_2027-01-08.csv", "-c",
        tmp_path / "attcli.toml", "--month", "2027-01", "-o", tmp_path / "r.xlsx",
    )  # fmt: skip
    assert code == 1 and "needs the register from the start of the school year" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attcli.toml"]


def test_a_reported_run_a_correction_splits_keeps_its_first_day_and_is_not_new_again(tmp_path):
    """UNIFORM: N every day from Mon 12 Oct (d26) to Mon 30 Nov (d56), back Tue 1 Dec.
    October's return (as of Fri 23 Oct) says new, 12/10 to 23/10, 10 days, still absent;
    November's (as of 30 Nov) continuing, 12/10 to 30/11, 31 days (+21).  The December
    export corrects Mon 2 Nov (the first day after half term) to I: the run is now two,
    12/10 to 23/10 (10 days, as October reported it) and Tue 3 Nov to 30 Nov (20 days).

    December's return (--as-of Fri 11 Dec) must amend the run reported from 12/10 to what
    the register now shows from that first day (12/10 to 23/10, 10 days), and list the
    run from 03/11 new (the LA never heard of a run from that day: "not on the return as
    of 30/11/2026, though the register now shows it had 20 days by then").  It followed the
    longer piece instead (amended, 03/11 to 30/11), and the return since 11/12 then listed
    the run of 12/10 to 23/10, which October and November had reported, as new again, with
    a note saying no return had it."""
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(
        {"UNIFORM": days((25, P), (31, "N"), (14, P)), "ZULU": days((70, P))},
        start=D(2026, 9, 7),
        holidays=HOLIDAY,
    )
    fix = (pl.col("upn") == "UNIFORM") & (pl.col("date") == D(2026, 11, 2))
    fixed = reg.with_columns(
        pl.when(fix).then(pl.lit("I")).otherwise(pl.col("raw_mark")).alias("raw_mark")
    )
    oct_ = write_export(tmp_path / "oct.csv", reg, D(2026, 10, 31))
    nov = write_export(tmp_path / "nov.csv", reg, D(2026, 11, 30))
    dec = write_export(tmp_path / "dec.csv", fixed, D(2026, 12, 18))
    cfg = ws / "attcli.toml"

    def made(export: Path, name: str, *args: str) -> list[tuple[str, ...]]:
        code, _, err = run_cli(
            "la-return", export, *args, "-c", cfg, "-o", tmp_path / name, width=400
        )
        assert code == 0, err
        return rows(tmp_path / name)

    assert made(oct_, "10.csv", "--month", "2026-10") == [
        (UNAUTH, "new", "UNIFORM", "12/10/2026", "23/10/2026", "10", "", "yes", ""),
    ]
    assert made(nov, "11.csv", "--month", "2026-11") == [
        (UNAUTH, "continuing", "UNIFORM", "12/10/2026", "30/11/2026", "31", "21", "yes", "23/10/2026"),
    ]  # fmt: skip
    assert made(dec, "12.csv", "--month", "2026-12", "--as-of", "2026-12-11") == [
        (UNAUTH, "new", "UNIFORM", "03/11/2026", "30/11/2026", "20", "", "no", ""),
        (UNAUTH, "amended", "UNIFORM", "12/10/2026", "23/10/2026", "10", "", "no", "30/11/2026"),
    ]  # fmt: skip
    notes = [r["Note"] for r in read_return(tmp_path / "12.csv")]
    assert notes == [
        "not on the return as of 30/11/2026, though the register now shows it had 20 days "
        "by then (a register correction)",
        "the return as of 30/11/2026 reported 12/10/2026 to 30/11/2026, 31 days; the register "
        "now shows 12/10/2026 to 23/10/2026, 10 days (a register correction); back in school",
    ]
    # since 11/12: both runs as reported, over: nothing to list, nothing new again
    assert made(dec, "since.csv", "--since", "--as-of", "2026-12-18") == []


def test_a_pupil_on_the_sickness_list_who_left_the_roll_is_ended_once(tmp_path):
    """SICKL: I every day Thu 1 - Wed 21 Oct (d19-d33: 15 school days, 30 sessions), present
    Thu 22 Oct - Fri 13 Nov, then off the roll (no row after Fri 13 Nov).

    October's return (as of Fri 23 Oct) lists SICKL new (15 days).  November's (as of Mon
    30 Nov) must list them ended, once, "left the roll 13/11/2026", as a run of a pupil who
    left is ended (and as a pupil on the list not in the exports is ended): the LA follows
    the school's pupils.  December's lists nothing.  They were continuing, "+0", in
    November, December and every return after, as if still the school's pupil, with no
    word but the leaving date's column.  A school whose first return is November's lists
    them once, new, with the note, and December again nothing."""
    pupils = {"SICKL": days((18, P), (15, "I"), (12, P), (25, "!")), "ZULU": days((70, P))}
    reg = register(pupils, start=D(2026, 9, 7), holidays=HOLIDAY)
    oct_ = write_export(tmp_path / "oct.csv", reg, D(2026, 10, 31))
    nov = write_export(tmp_path / "nov.csv", reg, D(2026, 11, 30))
    dec = write_export(tmp_path / "dec.csv", reg, D(2026, 12, 18))
    left = "left the roll 13/11/2026"

    def made(ws: Path, export: Path, month: str) -> list[tuple[str, ...]]:
        out = tmp_path / f"{ws.name}-{month}.csv"
        code, _, err = run_cli(
            "la-return", export, "--month", month, "-c", ws / "attcli.toml", "-o", out,
            width=400,
        )  # fmt: skip
        assert code == 0, err
        return [(*r, n["Note"]) for r, n in zip(rows(out), read_return(out), strict=True)]

    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    assert made(ws, oct_, "2026-10") == [
        (SICK, "new", "SICKL", "", "", "15", "", "no", "", ""),
    ]
    assert made(ws, nov, "2026-11") == [
        (SICK, "ended", "SICKL", "", "", "15", "0", "no", "23/10/2026", left),
    ]
    assert made(ws, dec, "2026-12") == []

    late = tmp_path / "late"
    make_workspace(late, AUTUMN_HALF_TERMS)
    assert made(late, nov, "2026-11") == [(SICK, "new", "SICKL", "", "", "15", "", "no", "", left)]
    assert made(late, dec, "2026-12") == []


def test_a_month_made_after_a_later_return_says_so(tmp_path):
    """ECHO: N Mon 28 Sep - Fri 23 Oct (d16-d35, 20 days), back Mon 2 Nov.  September's
    return (as of 30 Sep: 3 days, not listed), then November's (as of 30 Nov: the run of
    20 days, over since 23 Oct, went on after September's return: new), then October's,
    forgotten, made last: compared with September's (the returns before 23 Oct) it lists
    ECHO new, 20 days, still absent as of 23 Oct, as it should for its date; but the LA
    has had the run new from November's return, and the terminal said nothing of it."""
    ws = tmp_path / "school"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(
        {"ECHO": days((15, P), (20, "N"), (35, P)), "ZULU": days((70, P))},
        start=D(2026, 9, 7),
        holidays=HOLIDAY,
    )
    cfg = ws / "attcli.toml"
    made = {}
    for month, upto in (("09", D(2026, 9, 30)), ("11", D(2026, 11, 30)), ("10", D(2026, 10, 31))):
        export = write_export(tmp_path / f"{month}.csv", reg, upto)
        code, _, err = run_cli(
            "la-return", export, "--month", f"2026-{month}", "-c", cfg,
            "-o", tmp_path / f"r{month}.csv", width=1000,
        )  # fmt: skip
        assert code == 0, err
        made[month] = (rows(tmp_path / f"r{month}.csv"), " ".join(err.split()))
    assert made["09"][0] == []
    assert made["11"][0] == [
        (UNAUTH, "new", "ECHO", "28/09/2026", "23/10/2026", "20", "", "no", ""),
    ]
    assert made["10"][0] == [
        (UNAUTH, "new", "ECHO", "28/09/2026", "23/10/2026", "20", "", "yes", ""),
    ]
    said = (
        "made after a later return on record, November 2026 (as of 30/11/2026): this one is "
        "compared with the returns before 23/10/2026 only, so a run or pupil the later one "
        "reported can be listed new here again; tell the LA this return is late, for October "
        "2026 (01/10/2026 to 23/10/2026)"
    )
    assert said in made["10"][1]
    assert "made after a later return" not in made["11"][1]
    # made again (the same file): compared as the first time, nothing more to say
    code, _, err = run_cli(
        "la-return", tmp_path / "10.csv", "--month", "2026-10", "-c", cfg,
        "-o", tmp_path / "r10.csv", "--force", width=1000,
    )  # fmt: skip
    assert code == 0 and "made after a later return" not in err, err


def test_a_run_ended_by_illness_is_not_back_in_school_while_the_pupil_has_not_attended(
    tmp_path,
):
    """A sweep of cme (tests/test_sweep_cme.py): ILL is N d21-d30 (Mon 5 - Fri 16 Oct,
    10 days), then ill (I) Mon 19 - Fri 23 Oct; SEEN is N the same days, then present.
    October's return (as of Fri 23 Oct) told the LA both were "back in school": ILL has
    attended on no day since the run (DOMAIN.md 6: it ended, as the reason is known)."""
    code, out, err = october_return(
        tmp_path,
        {"ILL": days((20, P), (10, "N"), (5, "I")), "SEEN": days((20, P), (10, "N"), (5, P))},
    )
    assert code == 0, err
    ill = next(ln for ln in out.splitlines() if "SurnameILL" in ln)
    seen = next(ln for ln in out.splitlines() if "SurnameSEEN" in ln)
    assert "back in school" in seen
    assert "back in school" not in ill and "ended, not attended since" in ill


def test_the_list_names_the_school_s_own_days_when_it_sets_them(school: Path) -> None:
    # [cme] days = 9: ECHO's run that ended at 9 days is listed with ALPHA's, and the List
    # column says the school's 9 days, not the default's 10 (the register check's reason
    # for the same pupils says the same); illness keeps its default name
    toml = school / "school" / "attcli.toml"
    text = toml.read_text(encoding="utf-8")
    assert "\ndays = 10" in text  # (the [cme] table's, the only days = 10)
    toml.write_text(text.replace("\ndays = 10", "\ndays = 9", 1), encoding="utf-8")
    out = school / "out"
    out.mkdir()
    code, _, err = la_return(school, "2026-09", "-o", out / "sep.csv")
    assert code == 0, err
    lists = {(r["List"], r["UPN"]) for r in read_return(out / "sep.csv")}
    assert ("continuous_unauthorised_9_days", "ALPHA") in lists
    assert ("continuous_unauthorised_9_days", "ECHO") in lists
    assert (SICK, "GOLF") in lists
    assert not any(name == UNAUTH for name, _ in lists)
