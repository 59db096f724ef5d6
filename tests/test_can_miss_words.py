"""The words of "can miss N more sessions" in the weekly check's band reason and the pupil
record (docs/decisions.md, "Sessions the pupil can still miss").

``can_miss_sessions`` is the most of the sessions left this year a pupil can miss and
still end the year in their band, kept within 0 and the sessions left. The reason said
"can miss {k} more sessions this year before {next band}" for every k: "1 more sessions";
"0 more sessions"; and, for a pupil who cannot reach the next band this year however many
of the sessions left they miss (k is all of them), "can miss 4 more sessions this year
before severe", which reads as if a fifth would make them severe. Seen in July on the
bench's year: every red pupil "can miss 4 more sessions this year before severe".

The register (tests/builders.py) runs 188 school days from Mon 7 Sep 2026 (376 sessions),
with no term dates: the year is the statutory 380 sessions, so 4 are left. Worked by
hand (amber > 90 %, red > 50 %: a pupil stays in the band while (a + 4 - k) * 100 > T *
380, i.e. a + 4 - k > 342 for amber and > 190 for red):

ALL    169 days present, 19 absent: 338 of 376 (89.9 %) red.   338 + 4 - k > 190: k < 152,
       within 0..4: all 4 sessions left.
THREE  171 present, 17 absent: 342 (91.0 %) amber.  346 - k > 342: k = 3.
ONE    170 present, 18 absent: 340 (90.4 %) amber.  344 - k > 342: k = 1.
ZERO   169 present, one day present AM and absent PM, 18 absent: 339 (90.2 %) amber.
       343 - k > 342: k = 0.
With 190 school days (380 sessions) the year is over: no session is left, and nothing is
said of missing more.
"""

from __future__ import annotations

from attcli.check import check_register
from attcli.config import parse_config
from builders import register
from clirun import run_cli
from school import make_workspace


def days(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


# (absent O, not N: a band resting on N marks not yet due is one `letters` holds, which
# the reason now says, sweep leftovers; these words are the same either way)
PUPILS = {
    "ALL": days(("/", 169), ("O", 19)),
    "THREE": days(("/", 171), ("O", 17)),
    "ONE": days(("/", 170), ("O", 18)),
    "ZERO": days(("/", 169), ("/O", 1), ("O", 18)),
}


#: no term dates: the sessions left are estimated, and the words say so (sweep notes2)
EST = " (estimated: no term dates given for 2026/27, the year taken as the statutory 380 sessions)"


def reasons(reg) -> dict[str, tuple[int, str]]:
    checked = check_register(reg, parse_config(""))
    rows = checked.pupils.select("upn", "can_miss_sessions", "reason_band").rows()
    return {upn: (k, reason.split("; ", 1)[1] if "; " in reason else "") for upn, k, reason in rows}


def test_the_reason_says_what_missing_more_would_do_in_the_sessions_left():
    got = reasons(register(PUPILS))
    tail = "unauthorised absences"
    assert {upn: k for upn, (k, _) in got.items()} == {"ALL": 4, "THREE": 3, "ONE": 1, "ZERO": 0}
    assert got["ALL"][1] == f"0 authorised, 38 {tail}; can miss all 4 sessions left this year and stay red{EST}"
    assert got["THREE"][1] == f"0 authorised, 34 {tail}; can miss 3 more sessions this year before red{EST}"
    assert got["ONE"][1] == f"0 authorised, 36 {tail}; can miss 1 more session this year before red{EST}"
    assert got["ZERO"][1] == f"0 authorised, 37 {tail}; can miss no more sessions this year before red{EST}"


def test_nothing_is_said_of_missing_more_when_no_session_is_left():
    """Two more school days, both attended: 380 sessions, the year's last."""
    whole = {upn: marks + " / /" for upn, marks in PUPILS.items()}
    got = reasons(register(whole))
    assert {upn: k for upn, (k, _) in got.items()} == {"ALL": 0, "THREE": 0, "ONE": 0, "ZERO": 0}
    assert all(not text.endswith(("red", "amber", "severe")) for _, text in got.values())
    assert got["ONE"][1] == "0 authorised, 36 unauthorised absences"


def test_the_pupil_record_says_it_in_the_same_words(tmp_path):
    from builders import write_long_csv

    config = make_workspace(tmp_path / "ws", "")
    export = write_long_csv(register(PUPILS), tmp_path / "year.csv")
    for upn, words in (
        ("ALL", "can miss all 4 sessions left this year and stay red"),
        ("ONE", "can miss 1 more session this year before red"),
        ("ZERO", "can miss no more sessions this year before red"),
    ):
        code, out, err = run_cli("pupil", upn, export, "-c", config, width=200)
        assert code == 0, err
        assert words in " ".join(out.split()), (upn, out)


def test_no_sessions_left_are_claimed_from_a_register_that_starts_after_september():
    """Without term dates reaching July the sessions left are estimated as the statutory
    380 less the year's school sessions so far, which only a register from September can
    count. The same four weeks (20 school days, every session attended: green), from
    Mon 7 Sep 2026: 40 sessions so far, 340 left; green while (40 + 340 - k) * 100 >=
    92 * 380 = 34,960: k = 30. From Mon 4 Jan 2027, asked for the period from that day
    (--from): the autumn's sessions are not in the register, so "380 less 40" would say
    340 left when about 230 are (a pupil told they can miss 30 more, not about 19): no
    number is given, and the reason says nothing of missing more."""
    import datetime as dt

    attended = {"G": days(("/", 20))}
    autumn = check_register(register(attended), parse_config(""))
    row = autumn.pupils.select("can_miss_sessions", "band", "reason_band").row(0)
    assert row[:2] == (30, "green")
    spring = check_register(
        register(attended, start=dt.date(2027, 1, 4)),
        parse_config(""),
        period_start=dt.date(2027, 1, 4),
    )
    k, band, reason = spring.pupils.select("can_miss_sessions", "band", "reason_band").row(0)
    assert (k, band) == (None, "green")
    assert "can miss" not in (reason or "")


def test_no_year_figure_is_claimed_from_a_shorter_period():
    """Asked for a period that starts after the year's first school day (--from), the band
    is the period's, and "can miss N more sessions this year" would add the year's
    sessions left to the period's counts: neither the year's figure nor the period's.
    ONE from Mon 14 Sep 2026 (its first week, 10 sessions present, left out): 330 of 366
    (90.2 %) amber; the year's sessions left added to the period's, 334 - k > 0.9 * 370 =
    333: k = 0, "can miss no more sessions this year", where the year's own figure (the
    first test) is 1. No number is given, and the reason says nothing of missing more. A
    period from the year's first school day (Mon 7 Sep) is the year: k = 1."""
    import datetime as dt

    reg = register({"ONE": PUPILS["ONE"]})
    later = check_register(reg, parse_config(""), period_start=dt.date(2026, 9, 14))
    row = later.pupils.select("possible", "attended", "band", "can_miss_sessions", "reason_band").row(0)
    assert row[:4] == (366, 330, "amber", None)
    assert "can miss" not in (row[4] or "")
    year = check_register(reg, parse_config(""), period_start=dt.date(2026, 9, 7))
    row = year.pupils.select("can_miss_sessions", "reason_band").row(0)
    assert row[0] == 1
    assert row[1].endswith("can miss 1 more session this year before red" + EST)
