"""Sweep "wording" (5 December, third): what people read when attcli holds or waits.

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the half-term
holiday 26-30 October, the ladder seed 004's (tests/test_cases_held.py's school).
"""

from __future__ import annotations

from clirun import run_cli
from test_cases_held import P, cases_json, days, held_by_letters, letters, school

# D: O (unauthorised) days 1-3 and the afternoon of day 4 (7 sessions), present after.
# Fri 2 Oct (20 days, 40 sessions): 33/40 = 82.5 %, below 90 %: the review meeting is
# due, recorded Mon 5 Oct.  Its period 5 Oct - 1 Nov: 30/30 = 100 % against 82.5 %:
# improved, D leaves the ladder on Sun 1 Nov.  Thu 5 Nov (39 days, 78 sessions): 71/78 =
# 91.03 %, amber (> 90, < 92); since leaving (2 - 5 Nov) 8/8 sessions, fewer than the 10
# possible sessions a band needs (DOMAIN.md 3): no band since, nothing due on the ladder,
# and the amber letter of the year's band, seed 004's letter stage's, held.  Fri 6 Nov:
# 10/10 since, a band judged (green), 73/80 = 91.25 % amber for the year.
D_FEW = days("O", "O", "O", "/O", days(P, n=36))


def _left_with_few_sessions(tmp_path):
    ws, exp, contacts = school(tmp_path, {"D": D_FEW})
    assert cases_json(ws, exp, "2026-10-02")["D"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "D", "--action", "review_meeting", "--date",
                           "2026-10-05", "-c", ws)  # fmt: skip
    assert code == 0, err
    return ws, exp, contacts


FEW_WHY = (
    "left the ladder improved on 01/11/2026; since then 100.0% (8 of 8 sessions), too few "
    "sessions to judge a band (fewer than 10), so nothing is due on the ladder: the amber "
    "letter would put the pupil on it again"
)


def test_letters_says_why_nothing_is_due_after_too_few_sessions_since_leaving(tmp_path):
    ws, exp, contacts = _left_with_few_sessions(tmp_path)
    c = cases_json(ws, exp, "2026-11-05")
    assert (c["D"]["status"], c["D"]["due"], c["D"]["attendance_pct"]) == ("left", None, 91.0)
    run = letters(ws, exp, contacts, "2026-11-05")
    assert held_by_letters(run) == {"D": FEW_WHY}
    # cases says it where it lists D leaving the ladder (it said nothing of the letter)
    assert c["D"]["note"] == (
        f"the amber letter attcli letters would send this half term is held for review: {FEW_WHY}"
        "; if a person decides it should go, attcli letters EXPORT --contacts FILE --release D "
        "makes it"
    )
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-05")
    assert code == 0, err
    assert "too few sessions to judge a band" in " ".join(
        w for w in out.split() if w not in "│┃"
    )
    # the weekly check says the same of the amber band's letter (it said "letter and
    # meeting as your policy sets for this band" and nothing of the hold)
    code, out, err = run_cli(
        "check", exp, "-c", ws, "--as-of", "2026-11-05", "--format", "json"
    )
    assert code == 0, err
    assert f"the amber letter is held for review by attcli letters: {FEW_WHY}" in out
    # and its Action line says what a person does with the letter held (it said "a person
    # decides whether it goes" and not how it goes)
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-05", width=400)
    assert code == 0, err
    assert (
        "is held for review: a person decides whether it goes (if it should, attcli letters "
        "EXPORT --contacts FILE --release UPN makes it)"
    ) in " ".join(out.split()), out


def test_a_figure_since_leaving_of_10_sessions_keeps_the_old_words(tmp_path):
    """Fri 6 Nov: 10/10 sessions since leaving, a band judged (green): nothing due."""
    ws, exp, contacts = _left_with_few_sessions(tmp_path)
    run = letters(ws, exp, contacts, "2026-11-06")
    assert held_by_letters(run) == {
        "D": "left the ladder improved on 01/11/2026; since then 100.0% (10 of 10 sessions) "
        "and nothing due on the ladder: the amber letter would put the pupil on it again"
    }


def test_the_pupil_record_names_a_letter_step_due(tmp_path):
    """E (test_cases_held's D's marks, never on the ladder): Fri 13 Nov 82/90 = 91.1 %,
    at or below seed 004's 93 %: `cases` has the letter step due; the pupil's ladder line
    said nothing of it, an officer reading the record unaware a letter is due."""
    from test_cases_held import D_MARKS

    ws, exp, _ = school(tmp_path, {"E": D_MARKS})
    c = cases_json(ws, exp, "2026-11-13")
    assert (c["E"]["due"], c["E"]["due_stage"], c["E"]["due_from"]) == (
        "letter", "letter", None
    )
    code, out, err = run_cli("pupil", "E", exp, "-c", ws, "--as-of", "2026-11-13", width=400)
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        "Escalation ladder (as attcli cases places the pupil): Letter offering support (the "
        "amber letter) due: "
        "attcli letters --dry-run shows whether it goes this week, or why not"
    ) in text, text
