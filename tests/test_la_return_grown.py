"""`attcli la-return`: a run reported over that the register now shows went on, or left
the roll on another day, is reported again (DOMAIN.md 6: "a run that has grown since is
reported as continuing").

sweepC repro3: October's return (as of Fri 23 Oct) reported Eve Evans new, 05/10 to
16/10, 10 days, "left the roll 16/10/2026"; the November export showed her leaving date
as 23/10 with N on 19-23 Oct (15 days), and November's return did not list her: the LA
was left with 10 days and a leaving date a week early, while `attcli cme` said "15 days,
LEFT 23/10/26".

School days (autumn 2026 from Mon 7 Sep, half term 26-30 Oct): d9 = Thu 17 Sep, d18 =
Wed 30 Sep, d21 = Mon 5 Oct, d25 = Fri 9 Oct, d26 = Mon 12 Oct, d27 = Tue 13 Oct, d30 =
Fri 16 Oct, d31 = Mon 19 Oct, d33 = Wed 21 Oct, d35 = Fri 23 Oct, d36 = Mon 2 Nov, d40 =
Fri 6 Nov, d56 = Mon 30 Nov, d70 = Fri 18 Dec.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_la_return import HOLIDAY, UNAUTH, P, days, read_return, write_export

D = dt.date

#: the registers as the September and October exports had them
BEFORE = {
    # N d21-d30 (5-16 Oct), then off the roll (no row after Fri 16 Oct)
    "EVE": days((20, P), (10, "N"), (40, "!")),
    # the same
    "FRED": days((20, P), (10, "N"), (40, "!")),
    # N d21-d30, back Mon 19 Oct
    "GINA": days((20, P), (10, "N"), (40, P)),
    # N d21-d30, then off the roll: never corrected
    "HANK": days((20, P), (10, "N"), (40, "!")),
    # N d21-d30, back 19 Oct - Fri 6 Nov, then off the roll (after October's return)
    "IVY": days((20, P), (10, "N"), (10, P), (30, "!")),
    # N d9-d25 (Thu 17 Sep - Fri 9 Oct), back Mon 12 Oct
    "KATE": days((8, P), (17, "N"), (45, P)),
}
#: the registers as the November and December exports have them (the MIS corrected)
AFTER = {
    **BEFORE,
    # N 5-23 Oct, leaving date Fri 23 Oct
    "EVE": days((20, P), (15, "N"), (35, "!")),
    # in school Mon 19 - Wed 21 Oct, leaving date Wed 21 Oct
    "FRED": days((20, P), (10, "N"), (3, P), (37, "!")),
    # N from Mon 5 Oct, every day since
    "GINA": days((20, P), (50, "N")),
    # N Mon 12 and Tue 13 Oct too, back Wed 14 Oct
    "KATE": days((8, P), (19, "N"), (43, P)),
}

FIELDS = ("Status", "UPN", "Absence began", "Last day of absence", "School days",
          "Days since last return", "Still absent", "Left the roll on", "Last reported")  # fmt: skip


@pytest.fixture
def corrected_later(tmp_path: Path) -> Path:
    make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    before = register(BEFORE, start=D(2026, 9, 7), holidays=HOLIDAY)
    after = register(AFTER, start=D(2026, 9, 7), holidays=HOLIDAY)
    write_export(tmp_path / "sep.csv", before, D(2026, 9, 30))
    write_export(tmp_path / "oct.csv", before, D(2026, 10, 31))
    write_export(tmp_path / "nov.csv", after, D(2026, 11, 30))
    write_export(tmp_path / "dec.csv", after, D(2026, 12, 31))
    return tmp_path


def month(root: Path, name: str, month: str) -> tuple[dict[str, dict[str, str]], str]:
    out = root / f"{name}-return.csv"
    code, text, err = run_cli(
        "la-return", root / f"{name}.csv", "--month", month, "-c", root / "school" / "attcli.toml",
        "-o", out, "--force", width=200,
    )  # fmt: skip
    assert code == 0, err
    return {r["UPN"]: r for r in read_return(out) if r["List"] == UNAUTH}, text


def shown(rows: dict[str, dict[str, str]]) -> list[tuple[str, ...]]:
    return [tuple(r[f] for f in FIELDS) for r in rows.values()]


def test_a_run_reported_over_that_grew_or_left_later_is_reported_again(corrected_later):
    root = corrected_later
    # September (as of Wed 30 Sep): KATE N 17-30 Sep, 10 days, still absent -> new
    sep, _ = month(root, "sep", "2026-09")
    assert shown(sep) == [("new", "KATE", "17/09/2026", "30/09/2026", "10", "", "yes", "", "")]

    # October (as of Fri 23 Oct): EVE, FRED, HANK 5-16 Oct, 10 days, then off the roll;
    # GINA, IVY 5-16 Oct, 10 days, back Mon 19 Oct; KATE ended Fri 9 Oct at 17 (+7)
    octo, _ = month(root, "oct", "2026-10")
    assert shown(octo) == [
        ("new", "EVE", "05/10/2026", "16/10/2026", "10", "", "no", "16/10/2026", ""),
        ("new", "FRED", "05/10/2026", "16/10/2026", "10", "", "no", "16/10/2026", ""),
        ("new", "GINA", "05/10/2026", "16/10/2026", "10", "", "no", "", ""),
        ("new", "HANK", "05/10/2026", "16/10/2026", "10", "", "no", "16/10/2026", ""),
        ("new", "IVY", "05/10/2026", "16/10/2026", "10", "", "no", "", ""),
        ("ended", "KATE", "17/09/2026", "09/10/2026", "17", "7", "no", "", "30/09/2026"),
    ]

    # November (as of Mon 30 Nov), from the corrected export:
    #  EVE  N 5-23 Oct: 15 days (5 more), left the roll Fri 23 Oct      -> continuing, +5
    #  FRED the run as reported, but in school 19-21 Oct, left Wed 21 Oct -> continuing, +0
    #  GINA N 5 Oct - 30 Nov: d21-d56, 36 days, still absent             -> continuing, +26
    #  KATE N 17 Sep - 13 Oct: d9-d27, 19 days (2 more), back 14 Oct     -> continuing, +2
    #  HANK as reported (left 16 Oct); IVY as reported as of 23 Oct (in school, on the roll
    #  then; she left on Fri 6 Nov, after the return): not listed again
    nov, text = month(root, "nov", "2026-11")
    assert shown(nov) == [
        ("continuing", "EVE", "05/10/2026", "23/10/2026", "15", "5", "no", "23/10/2026", "23/10/2026"),
        ("continuing", "FRED", "05/10/2026", "16/10/2026", "10", "0", "no", "21/10/2026", "23/10/2026"),
        ("continuing", "GINA", "05/10/2026", "30/11/2026", "36", "26", "yes", "", "23/10/2026"),
        ("continuing", "KATE", "17/09/2026", "13/10/2026", "19", "2", "no", "", "23/10/2026"),
    ]  # fmt: skip
    assert nov["EVE"]["Note"] == (
        "the return as of 23/10/2026 reported 05/10/2026 to 16/10/2026, 10 days, ended, left "
        "the roll 16/10/2026; the register now shows 05/10/2026 to 23/10/2026, 15 days (a "
        "register correction); left the roll 23/10/2026 after the run: check the deletion "
        "was lawful and the LA was told"
    )
    assert nov["FRED"]["Note"] == (
        "the return as of 23/10/2026 reported 05/10/2026 to 16/10/2026, 10 days, ended, left "
        "the roll 16/10/2026; the register now shows 05/10/2026 to 16/10/2026, 10 days (a "
        "register correction); back in school, then left the roll 21/10/2026"
    )
    assert nov["GINA"]["Note"] == (
        "the return as of 23/10/2026 reported 05/10/2026 to 16/10/2026, 10 days, ended, back "
        "in school; the register now shows 05/10/2026 to 30/11/2026, 36 days, still absent "
        "(a register correction)"
    )
    assert nov["KATE"]["Note"] == (
        "the return as of 23/10/2026 reported 17/09/2026 to 09/10/2026, 17 days, ended, back "
        "in school; the register now shows 17/09/2026 to 13/10/2026, 19 days, back in school "
        "(a register correction)"
    )
    flat = " ".join(text.split())
    assert "4 pupils: 4 continuing" in flat and "+5 days since last return" in flat

    # December (as of Fri 18 Dec): GINA 36 + 14 = 50, still absent -> continuing, +14;
    # EVE, FRED, KATE were reported as they now are: not listed again
    dec, _ = month(root, "dec", "2026-12")
    assert shown(dec) == [
        ("continuing", "GINA", "05/10/2026", "18/12/2026", "50", "14", "yes", "", "30/11/2026"),
    ]


def test_rows_from_before_the_leaving_date_was_kept(corrected_later):
    """October's rows as a history from before version 15 holds them (no leaving date
    kept): EVE's 5 more days still bring her back (continuing, +5), the note without the
    leaving date it cannot know; FRED's run is as reported and the leaving date he was
    reported with is not known, so it cannot be said to have moved: not listed (not read
    as "back in school", which it was not)."""
    import sqlite3

    root = corrected_later
    month(root, "sep", "2026-09")
    month(root, "oct", "2026-10")
    db = sqlite3.connect(root / "school" / "attcli-history.sqlite3")
    with db:
        assert db.execute("SELECT COUNT(*) FROM la_return_rows WHERE left_on = ''").fetchone() == (4,)
        db.execute("UPDATE la_return_rows SET left_on = NULL")
    db.close()
    nov, _ = month(root, "nov", "2026-11")
    assert sorted(nov) == ["EVE", "GINA", "KATE"]
    assert nov["EVE"]["Note"] == (
        "the return as of 23/10/2026 reported 05/10/2026 to 16/10/2026, 10 days, ended; the "
        "register now shows 05/10/2026 to 23/10/2026, 15 days (a register correction); left "
        "the roll 23/10/2026 after the run: check the deletion was lawful and the LA was told"
    )
    assert (nov["EVE"]["Status"], nov["EVE"]["Days since last return"]) == ("continuing", "5")
