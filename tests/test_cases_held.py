"""`attcli cases` and `attcli letters` hold the same steps for review, for the same reasons
(DOMAIN.md 9, 11, 12; docs/cases.md "Held for review", docs/letters.md "Held for review").

A tester's seed 004 autumn (ladder6): Polly, 40 of 40 absence sessions illness, had her
red letter held by `letters` while `cases` booked her a review meeting and then a formal
review; Finn's amber letter rested on 4 N marks not yet due to be resolved, held by
`letters`, "a letter to send" in `cases`; Edward and Daisy left the ladder improved,
`cases` had nothing due, and the routine `letters` run sent them the amber letter, which
put them back on the ladder.

The registers are hand made (tests/builders.py) from Monday 7 September 2026 (day 1), the
half-term holiday 26-30 October; the bands are attcli's defaults (green >= 92 %, amber >
90 %, red > 50 %, severe), the ladder seed 004's (a letter, template amber, at 93 % or
less; a review meeting below 90 %; a formal review after it; 4 weeks each; 1 point better
or 95 % over the period is improved).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attcli.config import load_config
from attcli.letters import run_letters
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

P = "/\\"  # present, both sessions
HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
SEED004 = (
    Path(__file__).resolve().parents[1] / "src" / "attcli" / "templates" / "ladders" / "seed004.toml"
).read_text(encoding="utf-8")


def days(*tokens: str, n: int = 1) -> str:
    return " ".join(list(tokens) * n)


def school(tmp_path: Path, pupils: dict[str, str]) -> tuple[Path, Path, Path]:
    """(config, export, contacts) of a seed 004 workspace with these pupils' register."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + SEED004)
    exp = write_long_csv(register(pupils, holidays=HOLIDAY), tmp_path / "reg.csv")
    people = [(u, f"C{u}", "Ms", "Parent", f"Surname{u}") for u in sorted(pupils)]
    return ws, exp, contacts_file(tmp_path / "contacts.csv", people)


def cases_json(ws: Path, exp: Path, as_of: str) -> dict[str, dict]:
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return {c["upn"]: c for c in json.loads(out)["cases"]}


def letters(ws: Path, exp: Path, contacts: Path, as_of: str, **kw):
    """`attcli letters --dry-run` as of the date, dated the Monday after."""
    day = dt.date.fromisoformat(as_of)
    return run_letters(
        [exp], load_config(ws), contacts=contacts, out_dir=None, dry_run=True, as_of=day,
        letter_date=day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7), **kw,
    )  # fmt: skip


def held_by_letters(run) -> dict[str, str]:
    return {u.upn: u.reason for u in run.held}


# P: present days 1-16, ill (I) days 17-45 (Tue 29 Sep on).  Fri 2 Oct (20 days, 40
# sessions): 32/40 = 80 %, below 90 %: the review meeting is due by its condition; absence
# 8 sessions, all I: 8 * 100 > 50 * 8, held.  Q: the same days O (unauthorised): due, not
# held.
P_MARKS = days(days(P, n=16), days("I", n=29))
Q_MARKS = days(days(P, n=16), days("O", n=4), days(P, n=25))


def test_an_ill_pupil_s_meeting_is_held_for_review_with_the_letters_reason(tmp_path):
    """Fri 2 Oct: P's review meeting is held, with the words `letters` holds her red letter
    with ("8 of 8 absence sessions this school year are I (illness)"); Q's is a meeting to
    book.  The meeting recorded on Mon 5 Oct (a person decided), P ill on: the period 5 Oct
    - 1 Nov 0/30 against 32/40 before it, not improved; Fri 6 Nov (40 days, 80 sessions):
    32/80 = 40 %, severe; 48 absence sessions, all I: the formal review due from Mon 2 Nov
    is held too, the severe letter held by letters with the same words."""
    ws, exp, contacts = school(tmp_path, {"P": P_MARKS, "Q": Q_MARKS})
    c = cases_json(ws, exp, "2026-10-02")
    why = "8 of 8 absence sessions this school year are I (illness)"
    assert (c["P"]["status"], c["P"]["due"], c["P"]["due_stage"], c["P"]["held"]) == (
        "due", "held", "review_meeting", why,
    )  # fmt: skip
    assert (c["Q"]["status"], c["Q"]["due"], c["Q"]["due_stage"], c["Q"]["held"]) == (
        "due", "meeting", "review_meeting", None,
    )  # fmt: skip
    assert held_by_letters(letters(ws, exp, contacts, "2026-10-02")) == {"P": why}

    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-02", width=200)
    assert code == 0, err
    text = " ".join(out.replace("│", " ").split())
    book, _, held = text.partition("Held for review")
    assert "Meetings to book (1)" in book and "SurnameQ" in book and "SurnameP" not in book
    assert "SurnameP" in held and why in held

    code, _, err = run_cli("case", "record", "P", "--action", "review_meeting", "--date",
                           "2026-10-05", "-c", ws)  # fmt: skip
    assert code == 0, err
    c = cases_json(ws, exp, "2026-11-06")
    why = "48 of 48 absence sessions this school year are I (illness)"
    assert (
        c["P"]["stage"], c["P"]["improved"], c["P"]["due"], c["P"]["due_stage"],
        c["P"]["due_from"], c["P"]["held"],
    ) == ("review_meeting", False, "held", "formal_review", "2026-11-02", why)  # fmt: skip
    assert held_by_letters(letters(ws, exp, contacts, "2026-11-06")) == {"P": why}


# F: N (reason not yet established) on Thu 1 and Fri 2 Oct (days 19-20), every other day
# present.  Wed 7 Oct (23 days, 46 sessions): 42/46 = 91.30 %, amber, at or below 93 %:
# the letter (amber) is due; the 4 N marks are within the 5 school days allowed to resolve
# them (Fri 2, Mon 5, Tue 6, Wed 7 Oct since the first), and counted as attended 46/46 =
# 100 %, green: the amber band rests on them.  G: the same 4 N on Mon 7 - Tue 8 Sep, long
# stale: the same figure, the letter due.  R: N on Thu 1 - Tue 6 Oct (days 19-22, 8
# sessions): 38/46 = 82.61 %, red, below 90 %: the review meeting is due; without the N
# 46/46, green: band red rests on them.
F_MARKS = days(days(P, n=18), "N", "N", days(P, n=3))
G_MARKS = days("N", "N", days(P, n=21))
R_MARKS = days(days(P, n=18), days("N", n=4), P)


def test_a_step_that_rests_on_n_marks_not_yet_resolved_is_held_as_letters_holds_it(tmp_path):
    ws, exp, contacts = school(tmp_path, {"F": F_MARKS, "G": G_MARKS, "R": R_MARKS})
    c = cases_json(ws, exp, "2026-10-07")
    f_why = (
        "4 N marks still within the 5 school days allowed to resolve them: band amber "
        "rests on them"
    )
    r_why = (
        "8 N marks still within the 5 school days allowed to resolve them: band red rests "
        "on them"
    )
    assert (c["F"]["due"], c["F"]["due_stage"], c["F"]["attendance_pct"], c["F"]["held"]) == (
        "held", "letter", 91.3, f_why,
    )  # fmt: skip
    assert (c["G"]["due"], c["G"]["due_stage"], c["G"]["held"]) == ("letter", "letter", None)
    assert (c["R"]["due"], c["R"]["due_stage"], c["R"]["held"]) == (
        "held", "review_meeting", r_why,
    )  # fmt: skip
    # the same words as letters holds their band letters with; G's amber letter is made
    run = letters(ws, exp, contacts, "2026-10-07")
    assert held_by_letters(run) == {"F": f_why, "R": r_why}
    assert [(x.upn, x.template) for x in run.letters] == [("G", "amber")]


# D: O (unauthorised) days 1-4 (Mon 7 - Thu 10 Sep), every other day present.  Fri 2 Oct:
# 32/40 = 80 %: the review meeting is due, recorded Mon 5 Oct.  Its period 5 Oct - 1 Nov:
# 30/30 = 100 % against 32/40 = 80 % over 7 Sep - 4 Oct: improved, D leaves the ladder on
# Sun 1 Nov.  Fri 13 Nov (45 days, 90 sessions): 82/90 = 91.11 %, amber; since leaving
# (2 - 13 Nov) 20/20 = 100 %: nothing due.  E: the same marks, never on the ladder: the
# letter is due, and the amber letter is sent.
D_MARKS = days(days("O", n=4), days(P, n=41))


def test_a_pupil_who_left_the_ladder_improved_is_not_sent_the_first_letter_unreviewed(tmp_path):
    ws, exp, contacts = school(tmp_path, {"D": D_MARKS, "E": D_MARKS})
    assert cases_json(ws, exp, "2026-10-02")["D"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "D", "--action", "review_meeting", "--date",
                           "2026-10-05", "-c", ws)  # fmt: skip
    assert code == 0, err
    c = cases_json(ws, exp, "2026-11-13")
    # off the ladder, nothing due: listed once as left (no run on record since 02/10)
    assert (c["D"]["status"], c["D"]["due"]) == ("left", None)
    assert (c["E"]["due"], c["E"]["due_stage"], c["E"]["attendance_pct"]) == (
        "letter", "letter", 91.1,
    )  # fmt: skip

    run = letters(ws, exp, contacts, "2026-11-13")
    assert held_by_letters(run) == {
        "D": "left the ladder improved on 01/11/2026; since then 100.0% (20 of 20 sessions) "
        "and nothing due on the ladder: the amber letter would put the pupil on it again"
    }
    assert [(x.upn, x.template) for x in run.letters] == [("E", "amber")]
    # a person decides: released, it is made
    run = letters(ws, exp, contacts, "2026-11-13", release=["D"])
    assert run.held == []
    assert sorted((x.upn, x.template) for x in run.letters) == [("D", "amber"), ("E", "amber")]
