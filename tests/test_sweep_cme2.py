"""Faults found by a second sweep of `attcli cme` as the DSL reads it (DOMAIN.md 6).

The register (tests/builders.py) runs from Mon 7 Sep 2026, Autumn 1 to Fri 23 Oct."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

D = dt.date
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


def _export(tmp_path):  # noqa: ANN001, ANN202
    # Mon 7 Sep - Fri 2 Oct (20 school days).  GONE: in school to Fri 18 Sep, then N on
    # every school day to the data's end, Fri 2 Oct (10 days).  BACK: N 14-25 Sep (10
    # days), in school since.  As of Fri 9 Oct (term dates: 5 school days after the data,
    # no register), GONE's run reaches the end of the data: nobody knows whether the child
    # is still absent ("data ends"); BACK is back.
    reg = register(
        {
            "GONE": marks((P, 10), (N, 10)),
            "BACK": marks((P, 5), (N, 10), (P, 5)),
            "FINE": marks((P, 20)),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def test_a_run_to_the_end_of_the_data_is_not_said_over_in_the_spreadsheet_to_be_no_longer_absent(
    tmp_path,
):
    # The table says "data ends" for GONE (not known since), the check "not known since";
    # the CSV's and the workbook's "Still absent" said "no", as for a child back in
    # school: a DSL filtering the sheet on "Still absent" lost a child unseen 10 days to the
    # last day anyone knows of.  It says "not known" (the run's status is data_ends); a run
    # still going says "yes", one the pupil came back from "no", as before.
    export, config = _export(tmp_path)
    args = ("cme", export, "-c", config, "--days", "10", "--as-of", "2026-10-09")
    code, out, err = run_cli(*args, "-f", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert {u: (r["Now"], r["Still absent"]) for u, r in rows.items()} == {
        "GONE": ("data_ends", "not known"),
        "BACK": ("back", "no"),
    }
    code, _, err = run_cli(*args, "-o", tmp_path / "cme.xlsx")
    assert code == 0, err
    sheet = openpyxl.load_workbook(tmp_path / "cme.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    at = values[0].index("Still absent")
    assert {r[0]: r[at] for r in values[1:]} == {"GONE": "not known", "BACK": "no"}
    # as of the data's last day the run is still going: "yes"
    code, out, err = run_cli(*args[:-1], "2026-10-02", "-f", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["GONE"]["Now"], rows["GONE"]["Still absent"]) == ("absent", "yes")


def test_runs_worked_by_hand_across_closures_and_breaks_at_ten_and_three_days():
    # Found right (no change), kept under test: Mon 7 Sep - Fri 13 Nov 2026, half term
    # 26-30 Oct; Mon 5 Oct an INSET day (`#` for everyone), Wed 11 Nov a snow day (`Y1`
    # for everyone): neither counts nor breaks a run (DOMAIN.md 6).
    from attcli.cme import cme_runs
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from builders import school_days

    half_term = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    days = school_days(D(2026, 9, 7), 45, half_term)
    assert days[-1] == D(2026, 11, 13)
    closed = {D(2026, 10, 5): "#", D(2026, 11, 11): "Y1.Y1"}

    def pupil(*spans: tuple[dt.date, dt.date, str]) -> str:
        out = []
        for d in days:
            tok = P
            for a, b, t in spans:
                if a <= d <= b:
                    tok = t
            out.append(closed.get(d, tok) if tok != "!" else tok)
        while out and out[-1] == "!":  # no row after the last: left the roll
            out.pop()
        return " ".join(out)

    d = lambda m, day: D(2026, m, day)  # noqa: E731
    pupils = {
        "WKND": pupil((d(9, 14), d(9, 25), N)),  # 10 days over a weekend
        "HALF": pupil((d(10, 19), d(11, 6), N)),  # 5 + 5 over half term
        "INSET": pupil((d(9, 30), d(10, 14), N)),  # 3 + INSET + 4 + 3 = 10
        "SNOW": pupil((d(11, 2), d(11, 13), N)),  # 9: the snow day is no school day
        "XDAY": pupil((d(10, 12), d(10, 23), N), (d(10, 14), d(10, 14), "N.X")),  # 10
        "C2DAY": pupil((d(10, 12), d(11, 3), N), (d(10, 19), d(10, 19), "N.C2")),  # 5 | 6
        "DASH": pupil((d(9, 14), d(9, 25), N), (d(9, 16), d(9, 16), "-")),  # 9: - is no day
        "HALFDASH": pupil((d(9, 14), d(9, 25), N), (d(9, 16), d(9, 16), "N.-")),  # 10
        "LATE": pupil((d(9, 14), d(9, 25), N), (d(9, 18), d(9, 18), "NL")),  # 4 | 5
        "UDAY": pupil((d(9, 14), d(9, 25), N), (d(9, 18), d(9, 18), "U")),  # 4 | 5
        "GON": pupil(
            (d(9, 14), d(9, 25), "G"),
            (d(9, 16), d(9, 17), "O"),
            (d(9, 21), d(9, 21), "NG"),
            (d(9, 22), d(9, 22), "O.N"),
        ),  # fmt: skip
        "PMSEEN": pupil((d(9, 11), d(9, 11), "N/"), (d(9, 14), d(9, 25), N)),
        "LEFTNOW": pupil((d(10, 6), d(10, 19), N), (d(10, 20), d(11, 13), "!")),
        "LEFTLATER": pupil((d(9, 14), d(9, 25), N), (d(10, 10), d(11, 13), "!")),
        "TWO": pupil((d(9, 14), d(9, 25), N), (d(10, 12), d(11, 13), N)),  # 10, then 19
        "FINE": pupil(),
    }
    config = parse_config(AUTUMN_HALF_TERMS + "\n[calendar]\ninset_days = [2026-10-05]\n")
    ev = evaluate(register(pupils, start=D(2026, 9, 7), holidays=half_term), config,
                  as_of=D(2026, 11, 13))  # fmt: skip
    cols = ("upn", "run_start", "run_days", "codes", "last_attended", "status", "left_on")
    ten = {r[0]: r[1:] for r in cme_runs(ev, 10).select(cols).rows() if r[0] != "TWO"}
    back = "back"
    assert ten == {
        "WKND": (d(9, 14), 10, ["N"], d(9, 11), back, None),
        "HALF": (d(10, 19), 10, ["N"], d(10, 16), back, None),
        "INSET": (d(9, 30), 10, ["N"], d(9, 29), back, None),
        "XDAY": (d(10, 12), 10, ["N"], d(10, 9), back, None),
        "HALFDASH": (d(9, 14), 10, ["N"], d(9, 11), back, None),
        # 9 seen and a whole day with no mark inside: may be 10, listed (sweep runs3)
        "DASH": (d(9, 14), 9, ["N"], d(9, 11), back, None),
        "GON": (d(9, 14), 10, ["G", "N", "O"], d(9, 11), back, None),
        "PMSEEN": (d(9, 14), 10, ["N"], d(9, 11), back, None),
        "LEFTNOW": (d(10, 6), 10, ["N"], d(10, 2), "left", d(10, 19)),
        "LEFTLATER": (d(9, 14), 10, ["N"], d(9, 11), back, d(10, 9)),
    }
    two = cme_runs(ev, 10).filter(cme_runs(ev, 10)["upn"] == "TWO").select(cols).rows()
    assert two == [
        ("TWO", d(10, 12), 19, ["N"], d(10, 9), "absent", None),
        ("TWO", d(9, 14), 10, ["N"], d(9, 11), back, None),
    ]
    three = {(r[0], r[1]): r[2] for r in cme_runs(ev, 3).select(cols).rows()}
    assert {
        k: v for k, v in three.items() if k[0] in ("SNOW", "C2DAY", "DASH", "LATE", "UDAY")
    } == {
        ("SNOW", d(11, 2)): 9,
        ("C2DAY", d(10, 12)): 5,
        ("C2DAY", d(10, 20)): 6,
        ("DASH", d(9, 14)): 9,
        ("LATE", d(9, 14)): 4,
        ("LATE", d(9, 21)): 5,
        ("UDAY", d(9, 14)): 4,
        ("UDAY", d(9, 21)): 5,
    }


def test_cme_s_table_says_never_this_year_of_a_child_absent_since_the_year_s_first_day(tmp_path):
    # The exports hold the school year from its first school day (Mon 7 Sep, the term
    # dates'); NEVER has N on every school day of it to Fri 2 Oct.  The check's reason says
    # "last attended never this year"; cme's table said "not in data", read as a gap in the
    # exports rather than a child nobody has seen in school all year.  It says "never this
    # year" as the check does; from an export starting later (5 Oct, a half-term export)
    # attcli cannot know, and the table says "not in data" as before.
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    whole = register({"NEVER": marks((N, 20)), "FINE": marks((P, 20))}, start=D(2026, 9, 7))
    export = write_long_csv(whole, tmp_path / "year.csv")
    code, out, err = run_cli("cme", export, "-c", tmp_path / "attcli.toml", "--days", "10")
    assert code == 0, err
    assert "never this year" in out and "not in data" not in out
    later = register({"NEVER": marks((N, 10)), "FINE": marks((P, 10))}, start=D(2026, 10, 5))
    export = write_long_csv(later, tmp_path / "half.csv")
    code, out, err = run_cli("cme", export, "-c", tmp_path / "attcli.toml", "--days", "10")
    assert code == 0, err
    assert "not in data" in out and "never this year" not in out
