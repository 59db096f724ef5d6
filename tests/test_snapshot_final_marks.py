"""A mark that was final in the last recorded run, changed since (DOMAIN.md 12): only an
`N` given its reason is a register correction; any other disagreement is a conflict to
resolve, never guessed, so 'Changed since' must not call it a correction.

Hand-made registers (tests/builders.py), four pupils from Monday 7 September 2026.
Week 1 (to Friday 11 September, recorded): everyone present throughout except
R, N on Tue 8 AM (9/10, 1 unauthorised), and T, I on Mon 7 AM (9/10, 0 unauthorised).
Week 2 (the cumulative export to Friday 18 September), everyone present all week 2, and
in week 1:

- R's N is now ``/``: a correction (as of 11/09: 9/10, 1 -> 10/10, 0), listed once;
- S's Mon 7 and Tue 8, present in the run, are now O: 4 sessions that check counted as
  attended are absences (as of 11/09: 10/10, 0 -> 6/10, 4): no N was there to replace;
- T's I (authorised) is now O: the same attended and possible, 0 -> 1 unauthorised: no N
  was there either;
- U is present throughout: no change.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

START = dt.date(2026, 9, 7)
P = "/\\"
WEEK = " ".join([P] * 5)
WEEK1 = {"R": f"{P} N\\ {P} {P} {P}", "S": WEEK, "T": f"I\\ {P} {P} {P} {P}", "U": WEEK}
WEEK2 = {"R": f"{WEEK} {WEEK}", "S": f"O O {P} {P} {P} {WEEK}",
         "T": f"O\\ {P} {P} {P} {P} {WEEK}", "U": f"{WEEK} {WEEK}"}  # fmt: skip

CHANGED_FINAL = (
    "marks that check counted as {what} were changed since: not an N given its reason "
    "but a disagreement with that check: check them in the MIS"
)


def test_a_final_mark_changed_since_the_run_is_not_called_a_correction(tmp_path: Path) -> None:
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week1 = write_long_csv(register(WEEK1, start=START), tmp_path / "week1.csv")
    week2 = write_long_csv(register(WEEK2, start=START), tmp_path / "week2.csv")
    code, _, err = run_cli("check", week1, "-c", config, "--as-of", "2026-09-11", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", week2, "-c", config, "--as-of", "2026-09-18",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    figures = {c["upn"]: c["detail"] for c in doc["changes"] if c["kind"] == "corrected"}
    assert figures == {
        # R's N given its reason (present, 9/10, 1 -> 10/10, 0): the one correction, said
        # by the list alone (tests/test_sweep_ncodes.py), not by a changed figure again
        "S": "as of 11/09/2026: was 10/10, 0 unauthorised, now 6/10, 4 unauthorised ("
        + CHANGED_FINAL.format(what="attended") + ")",
        "T": "as of 11/09/2026: was 9/10, 0 unauthorised, now 9/10, 1 unauthorised ("
        + CHANGED_FINAL.format(what="attended or authorised absence") + ")",
    }
    assert [(c["upn"], c["was"], c["now"]) for c in doc["corrections"]] == [("R", "N", "/")]
    # the figures are today's register's (the MIS's now), as before: S 16/20, T 19/20
    got = {p["upn"]: (p["attended"], p["possible"], p["unauthorised"]) for p in doc["pupils"]}
    assert got == {"R": (20, 20, 0), "S": (16, 20, 4), "T": (19, 20, 1), "U": (20, 20, 0)}


def test_a_sickness_group_joined_by_marks_changed_since_says_so(tmp_path: Path) -> None:
    """Three weeks recorded as of Friday 25 September: S was M (medical appointment) all
    week 1 and I (illness) weeks 2-3: 20 illness sessions, a run of 10 days, under the 30
    sessions and 15 days of the sickness group.  Week 4's export gives S's week 1 as I (the
    MIS changed; M and I are both authorised, so no other figure moved) and S present all
    week 4: 30 illness sessions and a run of 15 days, as of 25/09 already.  'Now in
    sickness' alone read as new illness in a week S attended throughout.  T, present week 1
    and I from week 2 to week 4 (30 sessions, 15 days on Friday 2 October), joins it by
    time: the plain 'now in'."""
    weeks13 = {"S": " ".join(["M"] * 5 + ["I"] * 10),
               "T": " ".join([P] * 5 + ["I"] * 10), "U": " ".join([P] * 15)}  # fmt: skip
    weeks14 = {"S": " ".join(["I"] * 15 + [P] * 5),
               "T": " ".join([P] * 5 + ["I"] * 15), "U": " ".join([P] * 20)}  # fmt: skip
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    first = write_long_csv(register(weeks13, start=START), tmp_path / "to_25_09.csv")
    second = write_long_csv(register(weeks14, start=START), tmp_path / "to_02_10.csv")
    code, _, err = run_cli("check", first, "-c", config, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    code, out, err = run_cli("check", second, "-c", config, "--as-of", "2026-10-02",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"]] == [
        ("S", "flag_raised", "sickness: by today's register 30 illness sessions as of "
         "25/09/2026, longest run of illness 15 school days, and that check did not list them: "
         "marks of those dates were changed since (or the threshold changed): check them in the MIS"),
        ("T", "flag_raised", "sickness"),
    ]  # fmt: skip
    got = {p["upn"]: (p["sickness_sessions"], p["sickness_flag"]) for p in doc["pupils"]}
    assert got == {"S": (30, True), "T": (30, True), "U": (0, False)}
