"""Sweep: every command says the same of the same pupil (figures, holds, periods) as
`letters`, `cases` and `check`, for one as-of date, with --from, mid-week and in a
holiday.

The registers: autumn 2026 from Monday 7 September, 20 school days to Friday 2 October,
A present throughout (the school's days).

The weekly commands agree about who gets a letter this week (sweep of 5 December, agree;
the tests after the first ones): `attcli check` (its groups and "Action:" lines),
`attcli cases` ("Letters to send", steps due) and `attcli letters` (what is written and
recorded), over weekly runs in one workspace.  Their school year is 2026/27's, as
tests/test_sweep_policies2.py builds it: six half terms (Autumn 1 from Monday 7 September
2026), bank holidays not school days; one pattern of marks a pupil, repeated over the
school days (i = 0, 1, ...: Autumn 1 is i = 0..34, Autumn 2 35..69, Spring 1 70..99,
Spring 2 100..123, Summer 1 124..).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace
from test_sweep_cadence import _cases, _letters
from test_sweep_policies2 import SCHOOL_DAYS, Pattern, init_workspace, year_register

DAYS = 20  # Monday 7 September to Friday 2 October 2026
AS_OF = ("--as-of", "2026-10-02")  # the register's last day (letters are dated today)


def _school(tmp_path: Path, pupil: str) -> tuple[Path, Path, Path]:
    """(the export, the config, the contacts) of A (present) and P (``pupil``: tokens)."""
    reg = register({"A": " ".join(["/\\"] * DAYS), "P": pupil})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "C1", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _said(text: str) -> str:
    return " ".join(text.split())



def _school_with_a_notice(tmp_path: Path) -> tuple[Path, Path, Path]:
    """:func:`_school` with P absent (O) every afternoon, and a first notice to Mrs Ann
    Parent (C1) recorded on Monday 5 October on the evidence as of 18 September."""
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli(
        "pn", "record", "P", export, "-c", config, "--parent", "C1", "--date", "2026-10-05",
        "--as-of", "2026-09-18", "--contacts", contacts,
    )  # fmt: skip
    assert code == 0, err
    return export, config, contacts


def _pack(tmp_path, export, config, contacts, *more: str) -> dict:  # noqa: ANN001
    """The penalty-notice pack of P as JSON, made (as a draft) from ``export`` (``more``:
    other options, such as --as-of)."""
    pack = tmp_path / "pack.json"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--for", "penalty-notice", *more,
        "--contacts", contacts, "--format", "json", "-o", pack, "--draft", "--force",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(pack.read_text(encoding="utf-8"))

def test_the_record_holds_a_letter_resting_on_fresh_n_marks_as_letters_does(tmp_path) -> None:
    """P is present but for N on the last three days (Wed 30 September to Fri 2 October):
    34 of 40 = 85.0 %, red; the 6 N are within the 5 school days allowed to resolve them,
    and counted as attended (40 of 40) P would be green: `letters` and `cases` hold the red
    letter ("6 N marks still within ..."), so the record must say it is held, not leave
    the office to send it."""
    export, config, contacts = _school(tmp_path, " ".join(["/\\"] * 17 + ["N"] * 3))
    code, out, err = run_cli("letters", export, "-c", config, "--contacts", contacts, "--dry-run", *AS_OF)
    assert code == 0, err
    why = (
        "6 N marks still within the 5 school days allowed to resolve them: band red rests "
        "on them"
    )
    assert why in _said(out)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "Sessions attended 34 of 40" in said and "Band: red" in said
    assert f"Held for review: the red letter: {why}. attcli letters EXPORT --contacts FILE --release P sends it." in said


def test_the_record_names_the_from_period_a_hold_is_counted_over(tmp_path) -> None:
    """P is absent with N on Monday 7 September (2 sessions, before the period) and ill
    (I) on Monday 28 and Tuesday 29 September (4 sessions).  With --from 2026-09-21 the
    period is 21 September to 2 October: 16 of 20 = 80.0 %, red, and 4 of its 4 absence
    sessions are I, so the red letter is held.  `letters` says "4 of 4 absence sessions
    from 21 September 2026 to 2 October 2026"; the record said "this school year", where
    the school year's count is 4 of 6."""
    tokens = ["N"] + ["/\\"] * 14 + ["I", "I"] + ["/\\"] * 3
    export, config, contacts = _school(tmp_path, " ".join(tokens))
    period = ("--from", "2026-09-21", *AS_OF)
    why = "4 of 4 absence sessions from 21 September 2026 to 2 October 2026 are I (illness)"
    code, out, err = run_cli(
        "letters", export, "-c", config, "--contacts", contacts, "--dry-run", *period
    )
    assert code == 0, err
    assert why in _said(out)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *period)
    assert code == 0, err
    said = _said(out)
    assert "Sessions attended 16 of 20" in said
    assert f"Held for review: the red letter: {why}." in said
    assert "this school year are I" not in said


def test_a_notice_issued_after_the_register_ends_counts_in_every_command(tmp_path) -> None:
    """P is absent (O) every afternoon, 7 September to 2 October: 20 unauthorised sessions.
    A first notice to Mrs Ann Parent (contact C1), on the evidence as of 18 September (the
    10 sessions 7-18 September), was issued on Monday 5 October, after the export's last
    day.  As of that day (no --as-of), the window's 10 other sessions meet the threshold
    again (the check leaves the notice's 10 out: every notice on record counts, docs/
    decisions.md), and the next notice to her is a second (GBP 160): `letters` says so.
    The check, the record and the evidence pack said "first (GBP 80 ...)", the record
    under its own line "Penalty notices on record: 1 ... 05/10/2026"."""
    export, config, contacts = _school_with_a_notice(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "P"]
    assert (p["pn_window_sessions"], p["pn_threshold_met"]) == (10, True)
    assert p["pn_next_notice"] == "Mrs Ann Parent: next notice: second (GBP 160)"
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "next notice to Mrs Ann Parent: second" in _said(out)
    made = _pack(tmp_path, export, config, contacts)
    assert made["this_notice"] == "second"
    assert [n["issued_on"] for n in made["notices_last_3_years"]] == ["2026-10-05"]
    assert len(made["window"]["unauthorised_sessions"]) == 10
    assert len(made["window"]["sessions_used_by_earlier_notices"]) == 10


def test_the_pack_lists_the_letters_sent_on_the_register_it_rests_on(
    tmp_path, monkeypatch
) -> None:
    """P is absent (O) every afternoon, 7 September to 2 October: 20 unauthorised sessions,
    red (20 of 40 = 50.0 %, severe) and at the penalty-notice threshold.  On Monday 5
    October the office sends the letters from the export ending Friday 2 October (the
    severe letter and the penalty-notice warning, dated 5 October), then makes the
    penalty-notice pack from the same export: the record lists both letters, and the
    pack's "support given" must too (it said "No letter sent by attcli": it counted only
    records dated by the register's last day, though made after it)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-05")
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                           "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "Letters sent: 2" in out
    made = _pack(tmp_path, export, config, contacts)
    assert sorted((x["date"], x["template"]) for x in made["letters"]) == [
        ("2026-10-05", "penalty_notice_warning"),
        ("2026-10-05", "severe"),
    ]
    # with --as-of, the records up to that date only, as before
    assert _pack(tmp_path, export, config, contacts, "--as-of", "2026-10-02")["letters"] == []


def test_the_report_s_method_names_the_from_period_not_the_academic_year(tmp_path) -> None:
    """With --from 2026-09-21 the report's header says "21 September 2026 to 2 October
    2026 (from --from)" and its figures count from then (A and P present: 40 of 40
    sessions); its "How the figures are worked out" said "over the academic year from 21
    September 2026", a period no academic year has."""
    export, config, _ = _school(tmp_path, " ".join(["/\\"] * DAYS))
    out = tmp_path / "report.html"
    code, _, err = run_cli("report", export, "-c", config, "--from", "2026-09-21", "-o", out)
    assert code == 0, err
    said = _said(out.read_text(encoding="utf-8"))
    assert "21 September 2026 to 2 October 2026 (from --from)" in said
    assert "40 of 40 possible sessions attended" in said
    assert "over the academic year" not in said
    assert "possible sessions, over the period from 21 September 2026 to 2 October 2026." in said


def test_the_record_as_of_a_past_date_says_a_later_notice_is_not_counted(tmp_path) -> None:
    """The notice of 5 October above, and the record asked --as-of 2026-10-02: a notice
    issued after that date did not exist then (docs/decisions.md), so the next notice to
    Mrs Ann Parent is a first, and the window keeps all 20 sessions.  The record listed
    "Penalty notices on record: 1 / 05/10/2026 to Mrs Ann Parent" just above "next notice
    to Mrs Ann Parent: first", with no word of why the one does not count."""
    export, config, contacts = _school_with_a_notice(tmp_path)
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "20 unauthorised sessions in the 4 school weeks" in said
    assert (
        "05/10/2026 to Mrs Ann Parent (issued after the as-of date, 02/10/2026: not "
        "counted as of then) next notice to Mrs Ann Parent: first"
    ) in said


def test_the_record_as_of_a_past_date_says_which_letters_were_sent_after_it(
    tmp_path, monkeypatch
) -> None:
    """The letters of Monday 5 October (the severe letter and the penalty-notice warning),
    and the record asked --as-of Friday 2 October: it listed "Letters sent: 2" as if they
    had gone by then, where the evidence pack as of that date lists none.  They are still
    listed (they are on record), each marked, and the count says how many came after."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-05")
    export, config, contacts = _school(tmp_path, " ".join(["/O"] * DAYS))
    code, _, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                           "--out", tmp_path / "letters")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "P", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert "Letters sent: 2 (both after the as-of date, 02/10/2026: not sent as of then)" in said
    assert said.count("05/10/2026 (after)") == 2
    # without --as-of (the record made on the 5th, from the export ending the 2nd): as before
    code, out, err = run_cli("pupil", "P", export, "-c", config)
    assert code == 0, err
    assert "Letters sent: 2 " in _said(out) + " " and "(after)" not in _said(out)


D = dt.date
P = "/\\"

# --- a ladder step due on the figure since leaving, the year green (left by cadence) -----

#: GIL: one session O on i = 0, 9, ..., 54 (7 of the autumn's 140 sessions), present all
#: of Spring 1, one session O on i = 100 and 110 (Spring 2).
GIL: Pattern = lambda i: "/O" if (i < 63 and i % 9 == 0) or i in (100, 110) else P  # noqa: E731


def test_a_band_letter_step_due_since_leaving_is_no_letter_to_send_while_the_year_is_green(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003.  By hand.  Mon 04/01/2027 (i = 70, present): 135/142 = 95.07 %, upper
    amber: the upper_amber letter goes (letter 1), the ladder's upper_amber step recorded;
    its period is Spring 1 (to Fri 12/02): 60/60 = 100 %, improved, GIL leaves the ladder.
    Thu 18/03/2027 (i = 118): since leaving (i = 100..118: 38 sessions, 2 missed) 36/38 =
    94.7 %, below 96 %: the upper_amber step is due again by its condition; but the year
    to date is 229/238 = 96.2 %, band green, which sends no letter: `attcli letters` sends
    none, so `attcli cases` must not list the upper_amber letter under "Letters to send":
    it stays due (no improvement since leaving), "due, no letter now", and says why."""
    cfg = init_workspace(tmp_path / "ws", "seed003")
    contacts = contacts_file(tmp_path / "contacts.csv", [("GIL", "C1", "Ms", "Ada", "Stone")])
    jan, mar = D(2027, 1, 4), D(2027, 3, 18)
    assert (SCHOOL_DAYS.index(jan), SCHOOL_DAYS.index(mar)) == (70, 118)

    def run(day: dt.date) -> tuple[dict, str, list, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"GIL": GIL}, day), tmp_path / f"reg-{day}.csv")
        cases, text = _cases(cfg, export, day)
        sent, said = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        return cases, text, sent, said

    cases, _, sent, _ = run(jan)
    assert cases["GIL"]["attendance_pct"] == 95.1  # 135/142
    assert (cases["GIL"]["due"], cases["GIL"]["due_stage"]) == ("letter", "upper_amber")
    assert sent == [("GIL", "upper_amber", "1")]

    cases, text, sent, _ = run(mar)
    gil = cases["GIL"]
    assert gil["attendance_pct"] == 96.2  # 229/238
    assert (gil["status"], gil["due_stage"]) == ("due", "upper_amber")
    assert sent == []
    # the casebook agrees with the letters: no letter to send this week, and why
    assert gil["due"] is None
    assert "Letters to send" not in text
    assert "band green" in gil["note"] and "upper_amber" in gil["note"]
    assert "due, no letter now" in text


# --- the check's lateness and band groups after this half term's letter (left by lates2) -

#: LAT: late (`L`) in the morning of i = 20..23 (Mon 05/10 to Thu 08/10: 4 lates in Autumn
#: 1), present otherwise.
LAT: Pattern = lambda i: "L\\" if 20 <= i <= 23 else P  # noqa: E731


def _check(cfg: Path, export: Path, day: dt.date) -> tuple[dict, str]:
    code, js, err = run_cli("check", export, "-c", cfg, "--as-of", day.isoformat(), "-f", "json")
    assert code == 0, err
    code, text, err = run_cli("check", export, "-c", cfg, "--as-of", day.isoformat(), width=250)
    assert code == 0, err
    return json.loads(js), " ".join(text.split())


def test_the_check_says_this_half_term_s_lateness_letter_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default config.  By hand: LAT is late on Mon 05/10, Tue 06/10, Wed 07/10 and
    Thu 08/10 (i = 20..23), 4 lates in Autumn 1: the check of Thu 08/10 lists him under
    Lateness, "Action: lateness letter", and `letters` sends the lateness letter that day
    (letter 1).  The check of Thu 15/10 (i = 28, still Autumn 1, 4 lates) lists him still
    (the group is the pupils with 4+ lates this half term), but `letters` sends no second
    ("already sent"): the check must say his went, with its date, not ask for it again.
    Mon 02/11 (Autumn 2, no lates): not in the group."""
    cfg = init_workspace(tmp_path / "ws", None)
    contacts = contacts_file(tmp_path / "contacts.csv", [("LAT", "C1", "Ms", "Ada", "Stone")])
    oct8, oct15 = D(2026, 10, 8), D(2026, 10, 15)
    assert (SCHOOL_DAYS.index(D(2026, 10, 5)), SCHOOL_DAYS.index(oct15)) == (20, 28)

    def run(day: dt.date) -> tuple[dict, str, list, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"LAT": LAT}, day), tmp_path / f"reg-{day}.csv")
        doc, text = _check(cfg, export, day)
        sent, said = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        return doc, text, sent, said

    doc, text, sent, _ = run(oct8)
    lat = doc["pupils"][0]
    assert (lat["lates_half_term"], lat["groups"]) == (4, ["lates"])
    assert "Action: lateness letter" in text and "sent" not in lat["reasons"]["lates"]
    assert sent == [("LAT", "lateness", "1")]

    doc, text, sent, said = run(oct15)
    lat = doc["pupils"][0]
    assert (lat["lates_half_term"], lat["groups"]) == (4, ["lates"])
    assert sent == [] and "1 already sent this half term" in said
    # the check agrees with the letters: his went, and when
    assert lat["reasons"]["lates"].endswith(
        "; lateness letter for Autumn 1 sent 08/10/2026: no second this half term"
    )
    assert "Action: lateness letter" not in text
    assert "Action: none: this half term's lateness letter went (the reason says when)" in text

    doc, text, sent, _ = run(D(2026, 11, 2))  # Autumn 2: lates count afresh
    assert doc["pupils"][0]["groups"] == [] and sent == []


# --- a milder band's letter step after a more serious band's letter this half term ------

#: REC: absent all day on i = 1, 2, 3 (Tue 08 - Thu 10/09), present otherwise.
REC: Pattern = lambda i: "OO" if i in (1, 2, 3) else P  # noqa: E731


def test_a_milder_band_s_letter_step_after_a_more_serious_letter_this_half_term_is_none_to_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003.  By hand.  Fri 09/10/2026 (i = 24, 25 school days): 44/50 = 88.0 %, band
    red: `letters` sends the red letter (the band's; no step's template: the ladder's
    below_90_meeting is due, a meeting, and nothing is recorded).  Fri 16/10 (i = 29):
    54/60 = 90.0 %, band lower_amber (90 % inclusive): the ladder's lower_amber step is
    due by its condition (below 94 %), but `letters` sends no lower_amber letter ("improved
    since the red letter of 09/10/2026: no lower_amber letter this half term"), so `cases`
    must not list it under "Letters to send": due, no letter now, the letters' words.
    90.0 % is the boundary: one session fewer (53/60, 88.3 %) is red, and the meeting."""
    cfg = init_workspace(tmp_path / "ws", "seed003")
    contacts = contacts_file(tmp_path / "contacts.csv", [("REC", "C1", "Ms", "Ada", "Stone")])
    oct9, oct16 = D(2026, 10, 9), D(2026, 10, 16)
    assert (SCHOOL_DAYS.index(oct9), SCHOOL_DAYS.index(oct16)) == (24, 29)

    def run(day: dt.date) -> tuple[dict, str, list, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"REC": REC}, day), tmp_path / f"reg-{day}.csv")
        cases, text = _cases(cfg, export, day)
        sent, said = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        return cases, text, sent, said

    cases, _, sent, _ = run(oct9)
    assert (cases["REC"]["attendance_pct"], cases["REC"]["due_stage"]) == (88.0, "below_90_meeting")
    assert sent == [("REC", "red", "1")]

    cases, text, sent, said = run(oct16)
    rec = cases["REC"]
    assert (rec["attendance_pct"], rec["status"], rec["due_stage"]) == (90.0, "due", "lower_amber")
    assert sent == []
    words = "improved since the red letter of 09/10/2026: no lower amber letter this half term"
    assert words in " ".join(said.split())
    assert rec["due"] is None
    assert "Letters to send" not in text
    assert words in rec["note"]


# --- the check's band groups after this half term's (or term's) band letter -------------

#: RED: absent all day on i = 0, 5, 10, ... (80 %); UMA: one session O on i = 0, 10, 20, ...
RED: Pattern = lambda i: "OO" if i % 5 == 0 else P  # noqa: E731
UMA: Pattern = lambda i: "/O" if i % 10 == 0 else P  # noqa: E731


def test_the_check_says_this_half_term_s_band_letter_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003's bands.  By hand.  Fri 09/10/2026 (i = 24, 25 school days): RED 40/50 =
    80.0 %, band red; UMA 47/50 = 94.0 %, band upper_amber (94 % inclusive): `letters`
    sends each their band's letter.  Fri 16/10 (i = 29): RED 48/60 = 80.0 %, UMA 57/60 =
    95.0 %: the same bands, both listed by the check, but `letters` sends neither again
    ("already sent"): the check says each went, with its date.  Fri 06/11 (Autumn 2, i =
    39): RED 64/80 = 80.0 % gets red letter 2 (each half term) and the check asks for it;
    UMA 76/80 = 95.0 % gets none (upper amber goes once a term, and Autumn 1's went): the
    check says so in the letters' words."""
    cfg = init_workspace(tmp_path / "ws", "seed003")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("RED", "C1", "Ms", "Ada", "Stone"), ("UMA", "C2", "Mr", "Bo", "Hill")],
    )
    oct9, oct16, nov6 = D(2026, 10, 9), D(2026, 10, 16), D(2026, 11, 6)
    assert [SCHOOL_DAYS.index(d) for d in (oct9, oct16, nov6)] == [24, 29, 39]

    def run(day: dt.date, dry: bool = False) -> tuple[dict, str, list, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(
            year_register({"RED": RED, "UMA": UMA}, day), tmp_path / f"reg-{day}.csv"
        )
        doc, text = _check(cfg, export, day)
        sent, said = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        by = {p["upn"]: p for p in doc["pupils"]}
        return by, text, sent, said

    by, text, sent, _ = run(oct9)
    assert "band:red" in by["RED"]["groups"] and by["UMA"]["groups"] == ["band:upper_amber"]
    assert "sent" not in by["RED"]["reasons"]["band:red"]
    assert "Action: letter and meeting as your policy sets for this band" in text
    assert sent == [("RED", "red", "1"), ("UMA", "upper_amber", "1")]

    by, text, sent, said = run(oct16)
    assert "band:red" in by["RED"]["groups"] and by["UMA"]["groups"] == ["band:upper_amber"]
    assert sent == [] and "2 already sent this half term" in said
    assert by["RED"]["reasons"]["band:red"].endswith(
        "; red letter for Autumn 1 sent 09/10/2026: no second this half term"
    )
    assert by["UMA"]["reasons"]["band:upper_amber"].endswith(
        "; upper amber letter for Autumn 1 sent 09/10/2026: no second this half term"
    )
    assert "Action: letter and meeting as your policy sets for this band" not in text
    assert text.count("Action: meeting as your policy sets for this band; no letter: "
                      "the reason says why") == 2  # fmt: skip

    by, text, sent, said = run(nov6)
    assert sent == [("RED", "red", "2")]
    assert "sent" not in by["RED"]["reasons"]["band:red"]
    assert by["UMA"]["reasons"]["band:upper_amber"].endswith(
        '; the upper amber letter of 09/10/2026 (Autumn 1) is this term\'s: band upper_amber\'s '
        'letter goes once a term (letter_every = "term")'
    )
    assert "Action: letter and meeting as your policy sets for this band" in text
    assert "Action: meeting as your policy sets for this band; no letter: the reason says why" in text
