"""The ends of a school career and of a school year, worked by hand (sweep post16).

Compulsory school age (DOMAIN.md 5) runs from the prescribed day on or after the 5th
birthday to the last Friday in June of the school year in which the child turns 16.
A child missing education is a child of compulsory school age; a sixth-former, a Year 11
past the last Friday in June or a Reception child not yet 5 can be absent without
explanation for 10 school days, and the school still tells the local authority
(DOMAIN.md 6: any pupil), but is not one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

# ------------------------------------------------ a run of 10 days for pupils of every age
# Autumn 2026 from Mon 07/09: a week present, then N at every session of Mon 14/09 - Fri
# 25/09 (10 school days), as of Fri 25/09/2026 (a current run of 10 days, at the CME
# threshold); ENDED's run is the same but they are back on Mon 28/09 (as of Tue 29/09: a
# run that reached the threshold and ended, the check's "reached" sentence).
#   KID born 15/03/2012 (Year 9): of compulsory school age, 14/15 on 25/09/2026
#   SIX born 15/03/2010 (Year 12): compulsory school age ended on Fri 26/06/2026
#   LAST born 31/08/2010 (Year 12): 16 on 31/08/2026, in 2025/26: ended on 26/06/2026
#   STAY born 01/09/2010 (Year 11): 16 on 01/09/2026, in 2026/27: of it to 25/06/2027
#   REC born 15/01/2022 (Reception): 5 on 15/01/2027, of compulsory school age from
#       31/03/2027
#   NODOB: no date of birth (the age is not known: nothing said of it)

CURRENT = "/ " * 5 + "N " * 10
ENDED_MARKS = "/ " * 5 + "N " * 10 + "/ " * 2
BORN = {
    "KID": dt.date(2012, 3, 15),
    "SIX": dt.date(2010, 3, 15),
    "LAST": dt.date(2010, 8, 31),
    "STAY": dt.date(2010, 9, 1),
    "REC": dt.date(2022, 1, 15),
    "NODOB": None,
}
CME = "children missing education"


def _check(tmp: Path, marks: str, as_of: str) -> dict[str, str]:
    ws = make_workspace(tmp / "school", AUTUMN_HALF_TERMS)
    reg = register({u: marks for u in BORN}, start=dt.date(2026, 9, 7),
                   dob={u: b or dt.date(1900, 1, 1) for u, b in BORN.items()})  # fmt: skip
    path = write_long_csv(reg, tmp / "autumn.csv", dob=True, groups=True)
    text = path.read_text(encoding="utf-8").replace("01/01/1900", "")
    path.write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", path, "-c", ws, "--as-of", as_of, "-f", "json")
    assert code == 0, err
    rows = {p["upn"]: p for p in json.loads(out)["pupils"]}
    return {u: rows[u]["reasons"].get("absence", "") for u in BORN}


def test_a_run_of_a_pupil_not_of_compulsory_school_age_is_no_child_missing_education(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    reasons = _check(tmp_path, CURRENT, "2026-09-25")
    for upn in ("KID", "STAY", "NODOB"):  # of compulsory school age, or not known
        assert f"reached 10 school days, tell the local authority ({CME})" in reasons[upn], upn
    assert "not of compulsory school age" not in reasons["KID"]
    for upn, ended in (("SIX", "ended on 26/06/2026"), ("LAST", "ended on 26/06/2026")):
        r = reasons[upn]
        assert "reached 10 school days, tell the local authority" in r, upn
        assert f"({CME})" not in r, upn
        assert (f"not of compulsory school age on 25/09/2026 (born {BORN[upn]:%d/%m/%Y}: "
                f"compulsory school age {ended}), so not a child missing education") in r, r  # fmt: skip
    r = reasons["REC"]
    assert ("not of compulsory school age on 25/09/2026 (born 15/01/2022: of compulsory "
            "school age from 31/03/2027), so not a child missing education") in r, r
    assert f"({CME})" not in r


def test_a_run_that_reached_the_threshold_and_ended_says_the_age_too(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-29")
    reasons = _check(tmp_path, ENDED_MARKS, "2026-09-29")
    assert f"reached 10 school days, tell the local authority ({CME})" in reasons["KID"]
    r = reasons["SIX"]
    assert "reached 10 school days, tell the local authority" in r, r
    assert f"({CME})" not in r, r
    assert ("not of compulsory school age on 29/09/2026 (born 15/03/2010: compulsory "
            "school age ended on 26/06/2026), so not a child missing education") in r, r
