"""Two readings an outsider's test left (sweep of 6 December (sixth), spells), decided as an
attendance officer and designated safeguarding lead would, from DOMAIN.md and the policies.

1. A run of unexplained absence round a time off the roll (a pupil list's two spells, or
   ``Z`` marks inside one).  DOMAIN.md 6: "Days that are not possible for the pupil (`#`,
   `X`, `Y*`, `Q`, `Z`, `D`) neither count nor break a run", and DOMAIN.md 1 puts days
   between two spells with `Z` ("outside the pupil's time on roll: not possible").  Nobody
   saw the child on any day of it, so five days of `N`, a week off roll and five more are
   one run of 10 school days on roll (the CME list at ``--days 10``; 5 and 4 are 9, not).
   But the school must be "Notifying the local authority when a pupil's name is added to
   or deleted from the school admission register outside of standard transition times"
   (policies 000 and 003), and "children missing education may be a safeguarding issue"
   (policy 002): a child taken off the roll and put back during unexplained absence is a
   fact the DSL must read by the run, where nothing said it.  The run now says the days
   off roll inside it (``cme``, the check's reason, so the pupil record's flags); the pupil
   record and the evidence pack say each time off roll between two spells.
2. An INSET day (`#` for everyone) next to a holiday, with no term dates (DOMAIN.md 10:
   "infer them from the data: a week with no sessions at all is a holiday, and a half term
   is a run of school weeks between holidays").  The INSET Monday after a holiday opens
   the half term, as term dates give it: "Lateness letters go to families with 4 or more
   lates in the half term" (DOMAIN.md 9), and as of that Monday the half term before has
   ended; an INSET Friday before a holiday closes the half term it ends.

Registers (tests/builders.py) from Mon 07/09/2026, a school day a token:
  week 1: 7-11 Sep   week 2: 14-18   week 3: 21-25   week 4: 28 Sep-2 Oct   week 5: 5-9 Oct
"""

from __future__ import annotations

import datetime as dt
import io
import json

import polars as pl
from rich.console import Console

from attcli.check import check_register
from attcli.cme import CmeResult, cme_runs, render_table
from attcli.config import Config, parse_config
from attcli.engine import evaluate
from builders import register, weekdays, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P, N, OFF = "/ " * 5, "N " * 5, "! " * 5  # a week present, absent N, with no row


def spells(*rows: tuple[str, dt.date, dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"upn": u, "joined": j, "left": x} for u, j, x in rows],
        schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )


def flat(text: str) -> str:
    return " ".join(text.split())


def cme_text(ev, days: int) -> str:  # noqa: ANN001
    sink = io.StringIO()
    render_table(
        CmeResult(ev.as_of, cme_runs(ev, days), None, [], ev.coverage), days,
        Console(file=sink, width=80, no_color=True),
    )  # fmt: skip
    return flat(sink.getvalue())


# GAP and G54: present week 1, N week 2, off the roll week 3 (the list's two spells: left
# Fri 18/09, back Mon 28/09), then N all week 4 (GAP: 5 + 5 = 10 days on roll) or N Mon to
# Thu and present Fri 02/10 (G54: 5 + 4 = 9).  OTH present throughout.
SPELLS = register({"GAP": P + N + OFF + N, "G54": P + N + OFF + "N N N N /", "OTH": P * 4})
TWO = spells(
    ("GAP", D(2026, 9, 7), D(2026, 9, 18)), ("GAP", D(2026, 9, 28), None),
    ("G54", D(2026, 9, 7), D(2026, 9, 18)), ("G54", D(2026, 9, 28), None),
    ("OTH", D(2026, 9, 7), None),
)  # fmt: skip
OFF_SAID = (
    "off the roll on 5 school days inside this run (between 21/09/2026 and 25/09/2026), "
    "neither counted nor a break: the child left the roll and came back unseen; check the "
    "deletion and the readmission were lawful and the LA was told of both"
)


def test_a_week_off_the_roll_between_two_runs_of_five_is_one_run_of_ten_that_says_so():
    """As of Fri 02/10: GAP's run is 14/09 to 02/10, 10 school days on roll (the week off
    roll neither counts nor breaks it, DOMAIN.md 6), still absent, last attended 11/09;
    its 5 days off roll are named by it in ``cme`` and in the check's reason, where nothing
    said them.  G54's 5 + 4 is a run of 9: not on the list at ``--days 10``, on it at 9
    (back: attended Fri 02/10), saying its week off roll too.  As of Wed 23/09, in the week off roll, GAP "left
    18/09/2026 after 5 school days" (DOMAIN.md 6) and no day off roll lies inside it."""
    ev = evaluate(SPELLS, Config(), as_of=D(2026, 10, 2), roll_dates=TWO)
    cols = ("upn", "run_start", "run_end", "run_days", "status", "last_attended", "off_roll_days")
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("GAP", D(2026, 9, 14), D(2026, 10, 2), 10, "absent", D(2026, 9, 11), 5),
    ]
    assert cme_runs(ev, 9).select("upn", "run_days", "status", "off_roll_days").rows() == [
        ("GAP", 10, "absent", 5), ("G54", 9, "back", 5),
    ]
    run = ev.runs.filter((pl.col("upn") == "GAP") & (pl.col("kind") == "unexplained"))
    assert run.get_column("off_roll_within").to_list() == [weekdays(D(2026, 9, 21), D(2026, 9, 25))]
    assert f"SurnameGAP, ForenameGAP (GAP): {OFF_SAID}" in cme_text(ev, 10)
    checked = check_register(SPELLS, Config(), as_of=D(2026, 10, 2), roll_dates=TWO)
    reasons = dict(checked.members("absence").select("upn", "reason_absence").rows())
    assert reasons["GAP"] == (
        "10 school days of unexplained absence since 14/09/2026 (N): reached 10 school days, "
        "tell the local authority (children missing education); last attended 11/09/2026; "
        + OFF_SAID
    )
    gone = evaluate(SPELLS, Config(), as_of=D(2026, 9, 23), roll_dates=TWO)
    assert cme_runs(gone, 3).filter(pl.col("upn") == "GAP").select(
        "run_days", "status", "left_on", "off_roll_days"
    ).rows() == [(5, "left", D(2026, 9, 18), 0)]


def test_z_marks_inside_one_time_on_roll_are_days_off_roll_inside_the_run():
    """No pupil list: ZED is present week 1, N week 2, `Z` (not on roll) all week 3, N week
    4.  As of Fri 02/10 the run is 10 school days (`Z` neither counts nor breaks it,
    DOMAIN.md 6), and it says the 5 days marked `Z` inside it as a gap between spells is
    said.  A `Z` day with an `N` beside it is no day off roll (the pupil had a session)."""
    reg = register({"ZED": P + N + "Z " * 5 + N, "ZN": P + N + "ZN " + "Z " * 4 + N, "OTH": P * 4})
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2))
    assert cme_runs(ev, 10).select("upn", "run_days", "off_roll_days").rows() == [
        ("ZN", 11, 4), ("ZED", 10, 5),
    ]
    text = cme_text(ev, 10)
    assert f"SurnameZED, ForenameZED (ZED): {OFF_SAID}" in text
    assert (
        "SurnameZN, ForenameZN (ZN): off the roll on 4 school days inside this run (between "
        "22/09/2026 and 25/09/2026)"
    ) in text


def test_a_time_off_roll_before_the_first_spell_or_after_the_last_makes_no_run():
    """The pupil list's dates decide the time on roll (DOMAIN.md 1).  PRE joined Mon 21/09:
    the N of weeks 1-2 before it are outside the roll, no run (a run before the first spell
    is none), and the N of weeks 3-4 are a run of 10 from the joining date, nothing off
    roll inside it.  END left Fri 02/10 after N from 21/09 (10 days) with N marked after
    it: "left after 10 school days" (DOMAIN.md 6), the marks after not counted.  ZEN is on
    roll by the list with no leaving date, N weeks 3-4, then `Z` all week 5: the run is
    still current at 10 days, and now says the 5 days marked `Z` since, which nothing said:
    the dates and the register disagree on whether the child is on roll (after a leaver's
    run, as END's, `Z` is the leaving itself and is not said)."""
    reg = register({
        "PRE": N + N + N + N + P, "END": P + P + N + N + N, "ZEN": P + P + N + N + "Z " * 5,
        "OTH": P * 5,
    })  # fmt: skip
    roll = spells(
        ("PRE", D(2026, 9, 21), None), ("END", D(2026, 9, 7), D(2026, 10, 2)),
        ("ZEN", D(2026, 9, 7), None), ("OTH", D(2026, 9, 7), None),
    )  # fmt: skip
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 9), roll_dates=roll)
    cols = ("upn", "run_start", "run_days", "status", "off_roll_days", "not_possible_days")
    assert sorted(cme_runs(ev, 3).select(cols).rows()) == [
        ("END", D(2026, 9, 21), 10, "left", 0, 0),
        ("PRE", D(2026, 9, 21), 10, "back", 0, 0),
        ("ZEN", D(2026, 9, 21), 10, "absent", 0, 5),
    ]
    assert cme_runs(ev, 3).filter(pl.col("upn") == "ZEN").get_column(
        "not_possible_codes"
    ).to_list() == [["Z"]]
    assert (
        "SurnameZEN, ForenameZEN (ZEN): marked Z (not on roll) on the 5 school days since "
        "02/10/2026, though still on roll by the dates given: they neither count toward the "
        "run nor break it, so find out whether the child left the roll (then check the "
        "deletion was lawful and the LA was told) or the marks are wrong"
    ) in cme_text(ev, 10)


def test_the_pupil_record_and_the_evidence_pack_say_each_time_off_roll(tmp_path, monkeypatch):
    """The command line: GAP's record as of 02/10 says the week off roll between the two
    spells, and the evidence pack (JSON, a draft: its N marks) gives it under the pupil,
    as the PDF's "On roll" row does, and the LA's monthly return by the run's row: the LA
    reads that the child left and came back."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-12")
    config = make_workspace(tmp_path / "school")
    export = write_long_csv(SPELLS, tmp_path / "reg.csv")
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Surname,Forename,Admission Date,Leaving Date\n"
        "GAP,SurnameGAP,ForenameGAP,28/09/2026,\n"
        "GAP,SurnameGAP,ForenameGAP,07/09/2026,18/09/2026\n"
        "OTH,SurnameOTH,ForenameOTH,07/09/2026,\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("pupil", "GAP", export, "--pupils", listed, "-c", config)
    assert code == 0, err
    assert (
        "Off the roll between spells: left 18/09/2026, joined again 28/09/2026 (the days "
        "between not counted)"
    ) in flat(out)
    assert OFF_SAID in flat(out)  # (the check's reason, in the record's flags)
    contacts = contacts_file(tmp_path / "contacts.csv", [("GAP", "C1", "Ms", "Ann", "Gap")])
    code, out, err = run_cli(
        "evidence", "GAP", export, "--pupils", listed, "-c", config, "--for", "referral",
        "--contacts", contacts, "--draft", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    pupil = json.loads(out)["pupil"]
    assert (pupil["joined_on"], pupil["off_roll"]) == (
        "2026-09-07", [{"left_on": "2026-09-18", "back_on": "2026-09-28"}],
    )
    code, out, err = run_cli(
        "la-return", export, "--pupils", listed, "-c", config, "--month", "2026-10",
        "--as-of", "2026-10-02", "--dry-run", width=200,
    )  # fmt: skip
    assert code == 0, err
    assert (
        "still absent; off the roll on 5 school days inside the run (between 21/09/2026 and "
        "25/09/2026): left the roll and came back"
    ) in flat(out)


# ------------------------------------------------------------------ INSET days
# Autumn 1 to Fri 23/10, the October holiday 26-30/10, Autumn 2 from Mon 02/11 (its first
# school day Tue 03/11 when Mon 02/11 is INSET, `#` for everyone) to Fri 13/11.  LAT is
# late (`L`) on 3 mornings of Autumn 1 (10/09, 17/09, 05/10); FOUR on those and 12/10.
HOLIDAY = weekdays(D(2026, 10, 26), D(2026, 10, 30))
DAYS = weekdays(D(2026, 9, 7), D(2026, 11, 13), skip=HOLIDAY)
TERM_DATES = parse_config(AUTUMN_HALF_TERMS)


def inset_register(inset: dt.date) -> pl.DataFrame:
    def marks(lates: tuple[dt.date, ...]) -> str:
        return " ".join("#" if d == inset else "L/" if d in lates else "/" for d in DAYS)

    three = (D(2026, 9, 10), D(2026, 9, 17), D(2026, 10, 5))
    return register(
        {"LAT": marks(three), "FOUR": marks((*three, D(2026, 10, 12))), "OTH": marks(())},
        holidays=HOLIDAY,
    )


def readings(reg: pl.DataFrame, as_of: dt.date) -> list[tuple]:
    """With no term dates and with them: the half term of ``as_of``, whether it has begun
    (a school day of it by then: letters for it), LAT's and FOUR's lates in it and flags,
    and the penalty-notice window's dates."""
    out = []
    for config in (Config(), TERM_DATES):
        ev = evaluate(reg, config, as_of=as_of)
        ht = ev.half_term
        rows = {r["upn"]: r for r in ev.pupils.iter_rows(named=True)}
        out.append((
            ht.name, ev.calendar.begun(ht, as_of),
            rows["LAT"]["lates_half_term"], rows["FOUR"]["lates_half_term"],
            rows["FOUR"]["lates_flag"], rows["LAT"]["pn_window_start"],
            rows["LAT"]["pn_window_end"],
        ))  # fmt: skip
    return out


def test_an_inset_monday_after_a_holiday_opens_the_half_term_with_or_without_term_dates():
    """As of the INSET Monday 02/11 the half term is Autumn 2 either way (it was Autumn 1
    with no term dates: LAT's 3 lates and FOUR's flag for 4 counted on into it), none of
    its school days yet (no letters for it); Autumn 1's lates are flagged as of its last
    day, 23/10, and in the holiday, 28/10.  The rolling window of 10 school weeks (DOMAIN.md
    5) is the same either way on each day: from 07/09 (the exports' first week: they hold
    only 7 or 8 of its weeks) to the as-of date."""
    reg = inset_register(D(2026, 11, 2))
    for day in (D(2026, 10, 23), D(2026, 10, 28)):
        autumn1 = ("Autumn 1", True, 3, 4, True, D(2026, 9, 7), day)
        assert readings(reg, day) == [autumn1, autumn1]
    inset = ("Autumn 2", False, 0, 0, False, D(2026, 9, 7), D(2026, 11, 2))
    assert readings(reg, D(2026, 11, 2)) == [inset, inset]
    first = ("Autumn 2", True, 0, 0, False, D(2026, 9, 7), D(2026, 11, 3))
    assert readings(reg, D(2026, 11, 3)) == [first, first]
    ev = evaluate(reg, Config(), as_of=D(2026, 11, 13))
    assert [(h.name, h.start, h.end) for h in ev.calendar.half_terms] == [
        ("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)), ("Autumn 2", D(2026, 11, 2), D(2026, 11, 13)),
    ]


def test_an_inset_friday_before_a_holiday_closes_its_half_term_with_or_without_term_dates():
    """An INSET Friday 23/10 (`#`): as of it, and in the holiday after it, the half term is
    Autumn 1 either way, its lates counted (LAT 3, FOUR 4 flagged), the rolling window the
    same either way (07/09 to the as-of date)."""
    reg = inset_register(D(2026, 10, 23))
    for day in (D(2026, 10, 23), D(2026, 10, 30)):
        autumn1 = ("Autumn 1", True, 3, 4, True, D(2026, 9, 7), day)
        assert readings(reg, day) == [autumn1, autumn1]
