"""Month boundaries of the LA return (`attcli la-return --month`), worked by hand.

The school year from Thursday 3 September 2026 (d1); the October half term 26-30
October (no school).  School days: d1-d20 3-30 Sep, d21-d37 1-23 Oct (d28 = Mon 12 Oct),
d38-d58 2-30 Nov (d43 = Mon 9 Nov, d47 = Fri 13 Nov).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: the tests' autumn term dates, from the year's first day here (Thursday 3 September)
TERMS = AUTUMN_HALF_TERMS.replace("2026-09-07", "2026-09-03")


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


def export(tmp_path: Path, pupils: dict[str, str], upto: dt.date) -> Path:
    import polars as pl

    reg = register(pupils, start=D(2026, 9, 3), holidays=HALF_TERM)
    return write_long_csv(
        reg.filter(pl.col("date") <= upto), tmp_path / "export.csv", dob=True, groups=True
    )


def listed(path: Path) -> list[tuple[str, ...]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            (r["List"], r["Status"], r["UPN"], r["Absence began"], r["Last day of absence"],
             r["School days"], r["Still absent"])
            for r in csv.DictReader(f)
        ]  # fmt: skip


def test_a_first_return_for_a_month_starting_on_a_weekend_lists_a_run_still_going_on_its_first_day(
    tmp_path: Path,
) -> None:
    """November 2026 starts on a Sunday.  WKND: N Mon 12 - Fri 23 Oct (d28-d37, 10 school
    days), the half term, back Mon 2 Nov: as of Sun 1 Nov, November's first day, the run
    is still going (`cme --as-of 2026-11-01`: ABSENT, 10 days), so November's return, the
    school's first, lists it (docs/la-return.md: "every run of 10+ days going on at some
    day of its period"): new, 12/10 to 23/10, 10 days, back in school.  It said none: the
    run's last day, 23 Oct, is before 1 Nov.  BACK1ST: N Thu 17 - Wed 30 Sep (d11-d20, 10
    days), back Thu 1 Oct: over on October's first day (cme as of 01/10: back), so
    October's first return does not list it; nor does November's list SEPT, whose run of
    N 14-25 Sep ended weeks before."""
    config = make_workspace(tmp_path / "school", TERMS)
    pupils = {
        "WKND": days((27, P), (10, "N"), (21, P)),
        "BACK1ST": days((10, P), (10, "N"), (38, P)),
        "SEPT": days((7, P), (10, "N"), (41, P)),
        "OK": days((58, P)),
    }
    exp = export(tmp_path, pupils, D(2026, 11, 30))
    code, _, err = run_cli(
        "la-return", exp, "--month", "2026-11", "-c", config, "-o", tmp_path / "nov.csv"
    )
    assert code == 0, err
    assert listed(tmp_path / "nov.csv") == [
        ("continuous_unauthorised_10_days", "new", "WKND", "12/10/2026", "23/10/2026", "10", "no")
    ]
    # October (a first return made in another workspace): BACK1ST's run was over on 1 Oct
    config = make_workspace(tmp_path / "other", TERMS)
    code, _, err = run_cli(
        "la-return", exp, "--month", "2026-10", "-c", config, "-o", tmp_path / "oct.csv"
    )
    assert code == 0, err
    assert [r[2] for r in listed(tmp_path / "oct.csv")] == ["WKND"]


def test_a_month_the_exports_stop_in_with_no_term_dates_says_it_is_not_the_whole_month(
    tmp_path: Path, monkeypatch
) -> None:
    """No term dates: the data's calendar knows no school day after the data, so the
    month's school days after it cannot be counted (docs/la-return.md), and November's
    return from an export ending Fri 13 Nov was made as of 13/11 with no word that 16-30
    November (11 weekdays, before today) are not in it.  Now one line says so, naming the
    days and the two ways on (with term dates it is refused, as before).  Made on Wed 18
    Nov: the weekdays before today, 16-17 Nov.  --as-of the exports' last day (the month
    so far, asked for) says nothing, nor does a month the exports reach past (October)."""
    pupils = {"OK": days((58, P)), "U": days((40, P), (8, "N"), (10, P))}
    exp = export(tmp_path, pupils, D(2026, 11, 13))
    config = make_workspace(tmp_path / "school")
    base = ("la-return", exp, "-c", config, "--dry-run")
    code, out, err = run_cli(*base, "--month", "2026-11", width=400)
    assert code == 0, err
    assert "November 2026 (01/11/2026 to 13/11/2026)" in out
    assert (
        "the exports end 13/11/2026, and November 2026 has 11 weekdays after it (16/11/2026 "
        "to 30/11/2026): with no term dates in the config attcli cannot tell which were "
        "school days, so this return is of November 2026 to 13/11/2026 only, not the whole "
        "month; export the register up to 30/11/2026, or give the school's term dates "
        "([[calendar.half_terms]])"
    ) in " ".join(err.split()), err
    code, out, err = run_cli(*base, "--month", "2026-11", "--as-of", "2026-11-13", width=400)
    assert code == 0 and "weekdays after it" not in err, err
    code, out, err = run_cli(*base, "--month", "2026-10", width=400)
    assert code == 0 and "weekdays after it" not in err, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-18")
    code, out, err = run_cli(*base, "--month", "2026-11", width=400)
    assert code == 0, err
    assert (
        "November 2026 has 2 weekdays after it before today (16/11/2026 to 17/11/2026)"
        in " ".join(err.split())
    ), err


def test_weekdays_after_the_data_without_term_dates_may_be_a_holiday_and_it_is_said(tmp_path):
    """No term dates; the exports end Fri 23 Oct 2026 and the return is asked as of Sat 31
    Oct. 26-30 Oct are weekdays attcli cannot tell from the half term: the refusal asked
    only for "the register up to 31/10/2026", which cannot be had of a holiday week; it
    now names the other fix, the school's term dates."""
    reg = register({"A": " ".join([P] * 35)}, start=D(2026, 9, 7))
    path = write_long_csv(reg, tmp_path / "e.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", "")
    code, _, err = run_cli(
        "la-return", path, "-c", config, "--month", "2026-10", "--as-of", "2026-10-31",
        "--dry-run", width=400,
    )  # fmt: skip
    assert code == 1
    said = " ".join(err.split())
    assert "no register from 26/10/2026 to 30/10/2026 (5 weekdays) after the data ends" in said
    assert said.endswith(
        "give the register up to 31/10/2026 (attcli.toml has no term dates, so those are "
        "weekdays: if they were a holiday, give the school's term dates in "
        "[[calendar.half_terms]])"
    )
