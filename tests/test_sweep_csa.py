"""Compulsory school age at its boundaries, in every command (DOMAIN.md 5): a sweep of
hand-built registers worked out by hand.

A pupil is of compulsory school age from the prescribed day (31 December, 31 March or
31 August) on or after their 5th birthday until the last Friday in June of the school
year in which they turn 16; only sessions while of it count toward the penalty-notice
threshold, and a pupil not of it is never quoted a notice or a fine.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

# ------------------------------------------------ a date of birth corrected in a later export
# Autumn's export (Mon 07/09 - Fri 18/12/2026) gives PIA born 01/09/2021; spring's (from Mon
# 04/01/2027) gives 31/08/2021: the MIS corrected it.  The loader says "the latest is used,
# and compulsory school age follows it".  Born 31/08/2021: 5 on Mon 31/08/2026, itself a
# prescribed day, so of compulsory school age from 31/08/2026 (born 01/09/2021 it would be
# from 31/12/2026).  Autumn: 12 weeks present (07/09 - 27/11), G at every session of
# 30/11 - 11/12 (20 sessions), present 14/12 - 18/12.  As of Fri 11/12/2026 the window (the
# 10 school weeks 05/10 - 11/12) holds 20 G, all while of compulsory school age: met, first
# on Fri 04/12/2026 (the 10th, 04/12 PM).  attcli used the date of birth the rows up to the
# as-of date gave (01/09/2021): "NOT of compulsory school age", 0 sessions, no flag, while
# the same check as of 29/01/2027 said the threshold was first met on 04/12/2026.
# QUI, born 01/09/2021 in both exports, is the control: of age from 31/12/2026, so none of
# his G counts on either date.

PIA, QUI = "PIA", "QUI"
AUTUMN = "/ " * 60 + "G " * 10 + "/ " * 5
SPRING = "/ " * 20


def _corrected_birth(tmp: Path) -> tuple[Path, Path, Path]:
    first, second = dt.date(2021, 9, 1), dt.date(2021, 8, 31)
    autumn = register({PIA: AUTUMN, QUI: AUTUMN}, start=dt.date(2026, 9, 7),
                      dob={PIA: first, QUI: first}, year_group="R")  # fmt: skip
    spring = register({PIA: SPRING, QUI: SPRING}, start=dt.date(2027, 1, 4),
                      dob={PIA: second, QUI: first}, year_group="R")  # fmt: skip
    return (
        make_workspace(tmp / "school"),
        write_long_csv(autumn, tmp / "autumn.csv", dob=True, groups=True),
        write_long_csv(spring, tmp / "spring.csv", dob=True, groups=True),
    )


def test_a_corrected_date_of_birth_is_the_pupil_s_on_every_as_of_date(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-29")
    ws, autumn, spring = _corrected_birth(tmp_path)
    for as_of in ("2026-12-11", "2027-01-29"):
        code, out, err = run_cli("check", autumn, spring, "-c", ws, "--as-of", as_of, "-f", "json")
        assert code == 0, err
        assert "date of birth differs between rows (the latest is used" in err
        rows = {p["upn"]: p for p in json.loads(out)["pupils"]}
        pia, qui = rows[PIA], rows[QUI]
        assert pia["dob"] == "2021-08-31", as_of
        assert (pia["compulsory_school_age"], pia["pn_threshold_met"], pia["pn_first_met"]) == (
            True, True, "2026-12-04"
        ), as_of  # fmt: skip
        assert "pn" in pia["groups"]
        assert (qui["pn_window_sessions"], qui["pn_threshold_met"]) == (0, False), as_of
    # the window as of 11/12/2026: 20 G, every one counted
    code, out, _ = run_cli("check", autumn, spring, "-c", ws, "--as-of", "2026-12-11", "-f", "json")
    assert {p["upn"]: p["pn_window_sessions"] for p in json.loads(out)["pupils"]}[PIA] == 20
