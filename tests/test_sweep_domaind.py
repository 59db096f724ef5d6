"""DOMAIN.md 9, 10, 11 and 12 sentence by sentence, through every command that shows
them (sweep of 5 December (third), domaind)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P = "/\\"


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- DOMAIN.md 9: a letter already sent this half term, in `check` and `pupil` ----------

#: Mon 7 Sep to Fri 9 Oct 2026 (25 school days, i = 0..24).  AMB misses the PM of every
#: 5th day (i = 0, 5, 10, 15, 20): 45 of 50 = 90.0 %, red in the default bands (50 % <
#: attendance <= 90 %).  LT4 is late (L) on 4 mornings of Autumn 1: the lateness letter
#: (DOMAIN.md 9: 4 or more lates in the half term).  OK is present throughout.
LETTERED = {
    "AMB": " ".join("/O" if i % 5 == 0 else P for i in range(25)),
    "LT4": " ".join("L\\" if i in (0, 20, 21, 24) else P for i in range(25)),
    "OK": " ".join([P] * 25),
}


def test_the_pupil_record_s_action_is_the_check_s_once_the_letter_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`attcli letters` as of Fri 9 Oct sends AMB's red letter and LT4's lateness letter
    (Autumn 1's).  A pupil must not get the same letter twice for the same half term
    (DOMAIN.md 9): the check as of the same day says so in the reason and asks for no
    letter ("meeting as your policy sets for this band; no letter: the reason says why";
    "none: this half term's lateness letter went (the reason says when)").  The pupil
    record shows the flags "as the weekly check shows them": the same reason, and it said
    "action: letter and meeting as your policy sets for this band" and "action: lateness
    letter", asking the office for the letter it had just been told went."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register(LETTERED), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(LETTERED)],
    )
    day = "2026-10-09"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, _, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day,
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert code == 0, err
    code, check, err = run_cli("check", export, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    check = _flat(check)
    band_action = "meeting as your policy sets for this band; no letter: the reason says why"
    lates_action = "none: this half term's lateness letter went (the reason says when)"
    assert f"Action: {band_action}" in check
    assert f"Action: {lates_action}" in check
    for upn, reason, action in (
        ("AMB", "red letter for Autumn 1 sent 09/10/2026: no second this half term", band_action),
        ("LT4", "lateness letter for Autumn 1 sent 09/10/2026: no second", lates_action),
    ):
        code, text, err = run_cli("pupil", upn, export, "-c", cfg, "--as-of", day, width=400)
        assert code == 0, err
        text = _flat(text)
        assert reason in text
        assert f"action: {action}" in text, text


# --- DOMAIN.md 11: a stage due this week and one overdue, in `cases` and `pupil` --------

#: Seed 004's ladder (its letter at 93 % or below, a support meeting if not improved after
#: 4 weeks).  School days from Mon 7 Sep 2026 (i = 0, 1, ...; i = 4 is Fri 11 Sep, 9 Fri
#: 18 Sep, 29 Fri 16 Oct).  OVER misses the PM of i = 4, 15, 16; DUE the whole of i = 9
#: and 20.
SEED004 = {
    "OVER": lambda i: "/O" if i in (4, 15, 16) else P,
    "DUE": lambda i: "OO" if i in (9, 20) else P,
    "OK": lambda i: P,
}


def test_the_pupil_record_names_the_ladder_step_due_this_week_and_the_one_overdue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By hand (DOMAIN.md 11, seed 004; the preset's 4-week periods, improved = 1 point
    above the 4 weeks before or 95 % over the period).

    Fri 11 Sep: OVER 9/10 = 90.0 %, at or below 93 %: the letter goes (the ladder's
    letter stage, recorded by `attcli letters`).  Its period 11/09-08/10 (i = 4..23):
    37/40 = 92.5 %, against 8/8 = 100 % before it: not improved, the support meeting due
    from Fri 09/10.  Fri 18 Sep: DUE 18/20 = 90.0 %: the letter; its period 18/09-15/10
    (i = 9..28): 36/40 = 90.0 % against 18/18: not improved, the meeting due from 16/10.
    As of Fri 16 Oct both meetings are to book (`attcli cases`): DUE's due this week,
    OVER's due since last week and not recorded.  Both pupils are green by then (93.3 %,
    95.0 %), so the check flags neither; the pupil record said "none: nothing needs doing
    for this pupil" and nothing of the ladder, to an officer who reads it on the phone."""
    import json

    from test_sweep_policies2 import init_workspace, year_register

    cfg = init_workspace(tmp_path / "ws", "seed004")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(SEED004)],
    )

    def export(day: str) -> Path:
        return write_long_csv(year_register(SEED004, D.fromisoformat(day)), tmp_path / f"{day}.csv")

    for day in ("2026-09-11", "2026-09-18"):
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, _, err = run_cli(
            "letters", export(day), "--contacts", contacts, "-c", cfg, "--as-of", day,
            "--out", tmp_path / f"out-{day}",
        )  # fmt: skip
        assert code == 0, err
    day = "2026-10-16"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    reg = export(day)
    code, js, err = run_cli("cases", reg, "-c", cfg, "--as-of", day, "-f", "json")
    assert code == 0, err
    cases = {c["upn"]: c for c in json.loads(js)["cases"]}
    assert {u: (c["due"], c["due_stage"], c["due_from"]) for u, c in cases.items()} == {
        "DUE": ("meeting", "support_meeting", "2026-10-16"),
        "OVER": ("meeting", "support_meeting", "2026-10-09"),
    }
    for upn, since, due_from in (("DUE", "18/09/2026", "16/10/2026"), ("OVER", "11/09/2026", "09/10/2026")):
        code, text, err = run_cli("pupil", upn, reg, "-c", cfg, "--as-of", day, width=400)
        assert code == 0, err
        text = _flat(text)
        assert "nothing needs doing" not in text
        # (each stage by its title: sweep leftovers14)
        assert f"Letter offering support since {since}" in text, text
        assert f"Attendance support meeting due from {due_from}" in text, text
    code, text, err = run_cli("pupil", "OK", reg, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    assert "none: nothing needs doing for this pupil" in _flat(text)
    assert "ladder" not in text
    # `--from` a later day: figures of that period, not the year's the ladder is placed on
    code, text, err = run_cli(
        "pupil", "OVER", reg, "-c", cfg, "--as-of", day, "--from", "2026-10-01", width=400
    )  # fmt: skip
    assert code == 0, err
    assert "Escalation ladder" not in text


# --- DOMAIN.md 9 and 10: a half term whose first day is an INSET day ---------------------

#: Autumn 2026 with Mon 2 Nov, Autumn 2's first day by the term dates, an INSET day (no
#: row: the register holds none).  AMB misses the PM of every 5th school day from Mon 7
#: Sep (i = 0, 5, ...): as of Fri 23 Oct 63/70 = 90.0 % and as of Mon 2 Nov the same (no
#: school day since), red.
def _inset_opening(tmp_path: Path) -> tuple[Path, Path, Path]:
    from builders import school_days

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("inset_days = []", "inset_days = [2026-11-02]", 1),
        encoding="utf-8",
    )
    off = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)] + [D(2026, 11, 2)]
    days = school_days(D(2026, 9, 7), 40, off)
    pupils = {"AMB": " ".join("/O" if i % 5 == 0 else P for i in range(len(days))),
              "OK": " ".join([P] * len(days))}  # fmt: skip
    export = write_long_csv(register(pupils, holidays=off), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(pupils)]
    )
    return cfg, export, contacts


def test_the_check_asks_no_letter_of_a_half_term_that_has_had_no_school_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Autumn 1's red letter went on Fri 23 Oct.  As of Mon 2 Nov (Autumn 2 by the term
    dates, an INSET day) `attcli letters` writes none: "no letters for Autumn 2 yet: the
    register holds no school day of it" (a letter 2 on the figures letter 1 gave).  The
    check as of that day asked for it: "Action: letter and meeting as your policy sets for
    this band", its reason saying nothing of the letter that went.  It now says why there
    is no letter, in the letters' words, and asks for none; the pupil record the same."""
    cfg, export, contacts = _inset_opening(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-23")
    code, _, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", "2026-10-23",
        "--out", tmp_path / "out1",
    )  # fmt: skip
    assert code == 0, err
    day = "2026-11-02"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, _, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day,
        "--out", tmp_path / "out2",
    )  # fmt: skip
    assert code == 1
    assert "no letters for Autumn 2 yet: the register holds no school day of it" in err
    code, text, err = run_cli("check", export, "-c", cfg, "--as-of", day, width=600)
    assert code == 0, err
    text = _flat(text)
    why = "no red letter for Autumn 2 yet: the register holds no school day of it up to 02/11/2026"
    assert why in text, text
    assert "Action: meeting as your policy sets for this band; no letter: the reason says why" in text
    code, text, err = run_cli("pupil", "AMB", export, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    text = _flat(text)
    assert why in text
    assert "action: meeting as your policy sets for this band; no letter: the reason says why" in text
    # the next school day, Autumn 2's letter 2 is asked for and written, as before
    day = "2026-11-03"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    code, text, err = run_cli("check", export, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    assert "Action: letter and meeting as your policy sets for this band" in _flat(text)


def test_the_pupil_record_says_a_ladder_meeting_is_held_as_the_casebook_holds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004.  ILL misses the PM of Fri 11 Sep (i = 4): 9/10 = 90.0 %, the letter goes.
    Ill (I) Wed 16 to Fri 18 Sep (i = 7..9): as of Fri 18 Sep 13/20 = 65.0 %, below 90 %:
    the review meeting is due by its condition (DOMAIN.md 11, "below 90 % at any point").
    6 of ILL's 7 absence sessions are illness, more than half: a meeting that warns is
    wrong for a child whose absence the school cannot blame on the family (DOMAIN.md 9),
    so `attcli cases` holds it for a person to review, and the pupil record says so."""
    import json

    from test_sweep_policies2 import init_workspace, year_register

    pats = {"ILL": lambda i: "/O" if i == 4 else "I" * 2 if i in (7, 8, 9) else P, "OK": lambda i: P}
    cfg = init_workspace(tmp_path / "ws", "seed004")
    contacts = contacts_file(tmp_path / "contacts.csv", [("ILL", "C1", "Ms", "Ada", "Ill"), ("OK", "C2", "Mr", "Bo", "Ok")])
    day = "2026-09-11"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    reg = write_long_csv(year_register(pats, D.fromisoformat(day)), tmp_path / f"{day}.csv")
    code, _, err = run_cli(
        "letters", reg, "--contacts", contacts, "-c", cfg, "--as-of", day, "--out", tmp_path / "o",
    )  # fmt: skip
    assert code == 0, err
    day = "2026-09-18"
    monkeypatch.setenv("ATTCLI_TODAY", day)
    reg = write_long_csv(year_register(pats, D.fromisoformat(day)), tmp_path / f"{day}.csv")
    code, js, err = run_cli("cases", reg, "-c", cfg, "--as-of", day, "-f", "json")
    assert code == 0, err
    ill = {c["upn"]: c for c in json.loads(js)["cases"]}["ILL"]
    assert (ill["due"], ill["due_stage"]) == ("held", "review_meeting"), ill
    code, text, err = run_cli("pupil", "ILL", reg, "-c", cfg, "--as-of", day, width=400)
    assert code == 0, err
    text = _flat(text)
    assert "Attendance review meeting (persistent absence, weekly monitoring) due" in text, text
    assert "held for review: 6 of 7 absence sessions" in text, text


def test_the_casebook_lists_no_letter_to_send_in_a_half_term_with_no_school_day_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004 with Mon 2 Nov (Autumn 2's first day) an INSET day.  X misses the PM of
    every 7th school day from Mon 7 Sep (i = 0, 7, ..., 28): as of Mon 2 Nov (the register
    holds no school day since Fri 23 Oct, i = 34) 65/70 = 92.9 %, at or below 93 %: the
    ladder's letter step is due.  `attcli letters` writes no letter that day ("no letters
    for Autumn 2 yet"), and the check asks for none; `attcli cases` listed X under
    "Letters to send".  The step stays due (the figure is below the line), "due, no letter
    now", with the letters' reason.  Tue 3 Nov (i = 36, X absent that afternoon too):
    66/72 = 91.7 %, a school day of Autumn 2: a letter to send, as letters writes it."""
    import json

    import polars as pl

    from test_sweep_policies2 import init_workspace, year_register

    cfg = init_workspace(tmp_path / "ws", "seed004")
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("inset_days = []", "inset_days = [2026-11-02]", 1),
        encoding="utf-8",
    )
    pats = {"X": lambda i: "/O" if i % 7 == 0 or i == 36 else P, "OK": lambda i: P}
    reg = year_register(pats, D(2026, 11, 3)).filter(pl.col("date") != D(2026, 11, 2))
    export = write_long_csv(reg, tmp_path / "reg.csv")

    def cases(day: str) -> tuple[dict, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, js, err = run_cli("cases", export, "-c", cfg, "--as-of", day, "-f", "json")
        assert code == 0, err
        code, text, err = run_cli("cases", export, "-c", cfg, "--as-of", day, width=300)
        assert code == 0, err
        return {c["upn"]: c for c in json.loads(js)["cases"]}["X"], _flat(text)

    x, text = cases("2026-11-02")
    assert (x["due"], x["due_stage"], x["attendance_pct"]) == (None, "letter", 92.9)
    assert "Letters to send" not in text
    assert "no letters for Autumn 2 yet: the register holds no school day of it up to 02/11/2026" in x["note"]
    x, text = cases("2026-11-03")
    assert (x["due"], x["due_stage"]) == ("letter", "letter")
    assert "Letters to send (1)" in text


def test_the_ladder_line_of_the_pupil_record_in_each_standing() -> None:
    """`ladder.standing_text`, the pupil record's line: a stage monitoring to its end, or
    past the half terms listed; a meeting due (held or not); a review by hand; a stage passed
    over; a stage not improved whose next step waits for a band, in the casebook's words; a letter step due
    named, left to `attcli letters` (sweep wording); off the ladder, nothing."""
    from attcli.config import Stage
    from attcli.ladder import END_UNKNOWN_TEXT, Case, standing_text

    red = Stage("red", "Red letter", "letter", template="red", when_band="red", weeks=4)
    meet = Stage("meeting", "Meeting", "meeting", after="red", weeks=4)
    severe = Stage("severe", "Severe letter", "letter", template="severe", when_band="severe")
    on = {"stage": red, "since": D(2026, 10, 9)}
    assert standing_text(Case()) is None
    assert standing_text(Case(status="left", **on, left_on=D(2026, 11, 5))) is None
    assert standing_text(Case(status="monitoring", **on, period_end=D(2026, 11, 5))) == (
        "Red letter since 09/10/2026, its period to 05/11/2026"
    )
    assert standing_text(Case(status="monitoring", **on, end_unknown=True)) == (
        f"Red letter since 09/10/2026, its period ends {END_UNKNOWN_TEXT}"
    )
    due = {"status": "due", "due_stage": meet, "due_from": D(2026, 11, 6)}
    assert standing_text(Case(**on, **due)) == (
        "Red letter since 09/10/2026; Meeting due from 06/11/2026"
    )
    assert standing_text(Case(**on, **due, held="6 of 7 absence sessions ...")) == (
        "Red letter since 09/10/2026; Meeting due from 06/11/2026, held for review: "
        "6 of 7 absence sessions ..."
    )
    # (sweep wording: a letter step due is named, with where to see whether it goes)
    assert standing_text(Case(status="due", **on, due_stage=severe)) == (
        "Red letter since 09/10/2026; Severe letter due: attcli letters --dry-run "
        "shows whether it goes this week, or why not"
    )
    assert standing_text(Case(status="review", **on, due_from=D(2026, 11, 6))) == (
        "Red letter since 09/10/2026; a review by hand due from 06/11/2026"
    )
    passed = Case(status="monitoring", **on, period_end=D(2026, 12, 17), passed=severe, passed_band="red")
    assert standing_text(passed) == (
        "Red letter since 09/10/2026, its period to 17/12/2026; Severe letter passed over, band red"
    )
    assert standing_text(Case(status="not_improved", **on, waiting=severe)) == (
        "Red letter since 09/10/2026; not improved; Severe letter waits for band severe or a worse one"
    )


# --- DOMAIN.md 12: a correction across exports, in the pupil's record ---------------------


def test_the_pupil_record_lists_the_pupil_s_register_corrections(tmp_path: Path) -> None:
    """DOMAIN.md 12: a later export showing a final code where an earlier one showed `N`
    for the same session is a correction: the later one counts, and the correction is
    listed.  The export of 7 Sep-9 Oct has AMB `N` all day Wed 9 to Fri 11 Sep; the
    export of 7 Sep-16 Oct has `B` there (educational activity off site: present).  As of
    Fri 16 Oct AMB is 57/60 = 95.0 % (3 `O`), green: the check lists the 6 corrections
    "for the record"; the pupil's record, whose figures rest on them, said nothing of
    them but the loader's note naming one "e.g."."""
    n_days = (2, 3, 4)

    def marks(n: int, fixed: bool) -> str:
        return " ".join(
            ("B" if fixed else "N") if i in n_days else "/O" if i % 10 == 5 else P
            for i in range(n)
        )

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    early = write_long_csv(register({"AMB": marks(25, False), "OK": " ".join([P] * 25)}), tmp_path / "a.csv")
    late = write_long_csv(register({"AMB": marks(30, True), "OK": " ".join([P] * 30)}), tmp_path / "b.csv")
    code, text, err = run_cli("check", early, late, "-c", cfg, "--as-of", "2026-10-16", width=400)
    assert code == 0, err
    assert "(AMB): 09/09/2026 AM to 11/09/2026 PM (6 sessions): N -> B" in _flat(text)
    code, text, err = run_cli("pupil", "AMB", early, late, "-c", cfg, "--as-of", "2026-10-16", width=400)
    assert code == 0, err
    text = _flat(text)
    assert "Attendance 95.0% 95.0%" in text
    assert (
        "Register corrections (a later export's code replaces an earlier N, or marks a "
        "session it left unmarked), counted as the later export gives them: 6 sessions: 09/09/2026 AM and PM N -> B; 10/09/2026 AM and "
        "PM N -> B; 11/09/2026 AM and PM N -> B (b.csv)"
    ) in text, text
