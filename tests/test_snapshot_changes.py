"""What changed since the last recorded run (attcli.snapshots.changes): worked by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import polars as pl

from attcli.config import DEFAULT_BANDS, Band, Config
from attcli.snapshots import SNAPSHOT_SCHEMA, Snapshot, changes

ORDER = ["green", "amber", "red", "severe"]


def snapshot(rows: list[dict]) -> Snapshot:
    full = [
        {"school": "", "attended": 8, "possible": 8, "stage": None, "status": None,
         "unauthorised": 0, **r}
        for r in rows
    ]  # fmt: skip
    return Snapshot(1, dt.date(2026, 9, 4), "2026-09-07 09:00", "office",
                    pl.DataFrame(full, schema=SNAPSHOT_SCHEMA))  # fmt: skip


def now(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"school": None, **r} for r in rows],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "band": pl.Utf8, "groups": pl.List(pl.Utf8)},
    )


def test_a_first_band_a_lost_band_and_a_pupil_new_to_the_run_are_changes() -> None:
    """A tester's week-2 check listed five NEW pupils in the severe and red groups and
    then said "No change since the check as of 04/09/2026": after four days nobody had a
    band (fewer than 10 possible sessions), and a change was only ever from one band to
    another.  A joiner (not in the recorded run at all) flagged NEW was no change
    either."""
    snap = snapshot(
        [
            {"upn": "A", "band": None, "groups": []},  # no band then (too few sessions)
            {"upn": "B", "band": "red", "groups": ["band:red"]},  # a band then, none now
            {"upn": "C", "band": "green", "groups": []},  # green both times: no change
        ]
    )
    got = changes(
        snap,
        now(
            [
                {"upn": "A", "band": "severe", "groups": ["band:severe"]},
                {"upn": "B", "band": None, "groups": []},
                {"upn": "C", "band": "green", "groups": []},
                {"upn": "J", "band": "red", "groups": ["band:red", "lates"]},  # joined
                {"upn": "K", "band": None, "groups": []},  # joined, nothing to act on
            ]
        ),
        None,
        ORDER,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("B", "band_lost", "red -> no band"),
        ("A", "band_new", "no band -> severe"),
        ("J", "not_in_run", "not in that check; now: band red, lates"),
    ]


def nell_and_rohan() -> tuple[Snapshot, pl.DataFrame, pl.DataFrame]:
    """The run (NELL 53/54, 1 unauthorised; ROHAN 146/152, 4), both green now, and their
    figures as of the run worked out again from today's register: NELL lost a possible
    session (53/53, 0), ROHAN's N made authorised (146/152, 1)."""
    snap = snapshot(
        [
            {"upn": "NELL", "band": "green", "groups": [], "attended": 53, "possible": 54,
             "unauthorised": 1},
            {"upn": "ROHAN", "band": "green", "groups": [], "attended": 146, "possible": 152,
             "unauthorised": 4},
        ]
    )  # fmt: skip
    same = now([{"upn": "NELL", "band": "green", "groups": []},
                {"upn": "ROHAN", "band": "green", "groups": []}])  # fmt: skip
    then = pl.DataFrame(
        {"school": ["", ""], "upn": ["NELL", "ROHAN"], "attended": [53, 146],
         "possible": [53, 152], "unauthorised": [0, 1]}
    )  # fmt: skip
    return snap, same, then

def test_a_past_figure_that_lost_sessions_is_not_called_a_correction() -> None:
    """A reviewer's week-2 export had '-' where week 1 had an N (and another pupil's rows
    stopped a day earlier): 'Changed since' called it "a register correction" while the
    data-quality list said "not a correction" (DOMAIN.md 12: only a final code over an N
    is one).  Possible sessions fewer than the run had: a mark removed, or changed to a code
    that is not possible (N -> D, a correction: a second reviewer's): the figures cannot
    tell which, the lists can, and the line says so."""
    snap, same, then = nell_and_rohan()
    got = {r[0]: r[2] for r in changes(snap, same, then, ORDER).select("upn", "kind", "detail").rows()}
    assert got == {
        "NELL": "as of 04/09/2026: was 53/54, 1 unauthorised, now 53/53, 0 unauthorised "
        "(fewer possible sessions: marks changed since to codes that are not possible (D, "
        "X, Z...) or removed, or the time on roll shortened: check them in the MIS)",
        "ROHAN": "as of 04/09/2026: was 146/152, 4 unauthorised, now 146/152, 1 unauthorised "
        "(a register correction)",
    }


def test_a_figure_an_n_corrected_since_explains_is_not_a_change_again() -> None:
    """An ordinary week: ROHAN's N of last week made I (authorised) moves his figure as of
    the run in its unauthorised sessions only (4 -> 1): the corrections since the run list
    those sessions, so it is no "past figure changed" row as well (a reviewer counted each
    routine correction said three times).  NELL's moved possible sessions, which her one
    correction (an N made I: -1 unauthorised) does not explain: still a row."""
    snap, same, then = nell_and_rohan()
    got = changes(snap, same, then, ORDER, explained={("", "ROHAN"): (0, 0, -3),
                                                      ("", "NELL"): (0, 0, -1)})  # fmt: skip
    assert got.get_column("upn").to_list() == ["NELL"]


def test_a_pupil_of_the_run_in_none_of_the_exports_is_a_change_one_unlisted_is_not() -> None:
    """docs/decisions.md, "A pupil gone from the exports": Z (red then, 7/10, 3
    unauthorised, the absence group) is in no export now: a change, by what Z was in; Q
    is in the exports but not in the check's list (``now``): not gone; a snapshot from
    before names were kept (none here) names nobody, the change is still made."""
    snap = snapshot(
        [
            {"upn": "Z", "band": "red", "groups": ["absence", "band:red"], "attended": 7,
             "possible": 10, "unauthorised": 3},
            {"upn": "Q", "band": "green", "groups": []},
        ]
    )  # fmt: skip
    got = changes(snap, now([]), None, ORDER, in_exports={("", "Q")},
                  gone_notes={("", "Z"): "see also"})  # fmt: skip
    assert got.select("upn", "kind", "detail").rows() == [
        ("Z", "not_in_exports", "not in these exports (taken off roll, or a filtered "
         "export?); in the check recorded as of 04/09/2026: red (7/10, 3 unauthorised), continuous "
         "unexplained absence; see also"),
    ]  # fmt: skip


# ------------------------------------------------- the school's thresholds changed since

#: The policy of the spring term's tester: green from 92 % in the run, from 95 % now.
OLD_RULES = Config()  # (the defaults: green >= 92, amber > 90, red > 50, severe)
NEW_RULES = replace(
    Config(),
    bands=(Band("green", Fraction(95)), *DEFAULT_BANDS[1:]),
    lates_threshold=3,
)


def now_figures(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"school": None, **r} for r in rows],
        schema={"school": pl.Utf8, "upn": pl.Utf8, "band": pl.Utf8,
                "groups": pl.List(pl.Utf8), "attended": pl.Int64, "possible": pl.Int64},
    )  # fmt: skip


def test_a_band_moved_by_the_thresholds_is_said_so_not_as_a_fall() -> None:
    """The spring tester's 15 January check: Olly Owen, 140/152 in the run (92.11 %:
    14000 >= 152 x 92 = 13984, green under 92 %), 150/162 now (92.59 %: 15000 < 162 x 95
    = 15390 and > 162 x 90 = 14580, amber under 95 %): his attendance ROSE, and the check
    said "band down green -> amber".  By today's thresholds his 140/152 then is amber
    (14000 < 152 x 95 = 14440, > 152 x 90 = 13680): the thresholds moved him, not his
    attendance.  ROSA, 140/152 then too, 148/162 now (91.36 %: 14800 < 15390, > 14580,
    amber): lower, but amber by today's thresholds then already: the thresholds moved her
    band, and the detail says her figure is lower."""
    snap = snapshot([{"upn": "OLLY", "band": "green", "groups": [], "attended": 140,
                      "possible": 152},
                     {"upn": "ROSA", "band": "green", "groups": [], "attended": 140,
                      "possible": 152}])  # fmt: skip
    got = changes(
        snap,
        now_figures([{"upn": "OLLY", "band": "amber", "groups": ["band:amber"],
                      "attended": 150, "possible": 162},
                     {"upn": "ROSA", "band": "amber", "groups": ["band:amber"],
                      "attended": 148, "possible": 162}]),  # fmt: skip
        None,
        ORDER,
        rules=NEW_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("OLLY", "band_rule", "green -> amber: the thresholds changed (92.1 % then, 92.6 % now)"),
        ("ROSA", "band_rule", "green -> amber: the thresholds changed (92.1 % then, 91.4 % "
         "now: lower, but amber by today's thresholds then too)"),
    ]  # fmt: skip


def test_a_fall_across_a_band_line_stays_a_fall() -> None:
    """No policy change (the run's thresholds today): FRED 140/152 (92.11 %, green) then,
    145/160 now (90.63 %: 14500 < 160 x 92 = 14720, > 160 x 90 = 14400: amber): his
    attendance fell across the line, band_down as ever.  And under the new thresholds ZOE,
    150/152 then (98.68 %: green under 95 too, 15000 >= 152 x 95 = 14440), 150/162 now
    (amber): the new line did not move her band then, her attendance did: band_down."""
    fred = snapshot([{"upn": "FRED", "band": "green", "groups": [], "attended": 140,
                      "possible": 152}])  # fmt: skip
    got = changes(
        fred,
        now_figures([{"upn": "FRED", "band": "amber", "groups": ["band:amber"],
                      "attended": 145, "possible": 160}]),  # fmt: skip
        None,
        ORDER,
        rules=OLD_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [("FRED", "band_down", "green -> amber")]
    zoe = snapshot([{"upn": "ZOE", "band": "green", "groups": [], "attended": 150,
                     "possible": 152}])  # fmt: skip
    got = changes(
        zoe,
        now_figures([{"upn": "ZOE", "band": "amber", "groups": ["band:amber"],
                      "attended": 150, "possible": 162}]),  # fmt: skip
        None,
        ORDER,
        rules=NEW_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [("ZOE", "band_down", "green -> amber")]


def test_a_band_moved_by_the_thresholds_and_a_fall_says_both() -> None:
    """MIA: 140/152 in the run (92.11 %, green under 92; amber under 95, as Olly's), 144/162
    now (88.89 %: 14400 <= 162 x 90 = 14580, > 162 x 50: red under either).  Green -> red
    is two moves: green -> amber by the thresholds (her figures then, today's lines) and
    amber -> red by her attendance falling (92.1 % -> 88.9 %): two rows, each with its
    cause, the fall still a band_down."""
    snap = snapshot([{"upn": "MIA", "band": "green", "groups": [], "attended": 140,
                      "possible": 152}])  # fmt: skip
    got = changes(
        snap,
        now_figures([{"upn": "MIA", "band": "red", "groups": ["band:red"],
                      "attended": 144, "possible": 162}]),  # fmt: skip
        None,
        ORDER,
        rules=NEW_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("MIA", "band_down", "amber -> red: attendance fell (92.1 % then, 88.9 % now), "
         "after the thresholds moved green -> amber"),
        ("MIA", "band_rule", "green -> amber: the thresholds changed (92.1 % then is amber "
         "by today's); then their attendance: amber -> red"),
    ]  # fmt: skip


def test_a_lateness_flag_raised_by_the_threshold_is_said_so() -> None:
    """The lateness threshold went from 4 to 3 lates a half term.  LEO had 3 lates in the
    run (not in the lateness group under 4) and 3 now (in it under 3): as of the run's date
    today's register and threshold put him in it already: the threshold moved him (or a
    late mark entered since: the run kept no count to tell).  LILY had 2 then (not in it
    under 3 either) and 3 now: a late since, flag_raised as ever."""
    snap = snapshot([{"upn": "LEO", "band": "green", "groups": []},
                     {"upn": "LILY", "band": "green", "groups": []}])  # fmt: skip
    then = pl.DataFrame(
        {"school": ["", ""], "upn": ["LEO", "LILY"], "attended": [8, 8], "possible": [8, 8],
         "unauthorised": [0, 0], "lates_half_term": [3, 2], "lates_flag": [True, False],
         "on_roll": [True, True]}
    )  # fmt: skip
    got = changes(
        snap,
        now_figures([{"upn": "LEO", "band": "green", "groups": ["lates"], "attended": 10,
                      "possible": 10},
                     {"upn": "LILY", "band": "green", "groups": ["lates"], "attended": 10,
                      "possible": 10}]),  # fmt: skip
        then,
        ORDER,
        rules=NEW_RULES,
    )
    assert got.select("upn", "kind", "detail").rows() == [
        ("LILY", "flag_raised", "lates"),
        ("LEO", "flag_rule", "lates: 3 lates in the half term as of 04/09/2026 reach "
         "today's threshold (3+), and that check did not flag them: the threshold changed "
         "(or a late mark was entered since)"),
    ]  # fmt: skip


def test_a_pupil_of_a_group_who_left_the_roll_since_is_a_change() -> None:
    """sweep9 case1: GIL (red, at the penalty-notice threshold) and ROD (red) in the run as
    of 9 Oct, both off the roll since (last mark 14 Oct).  A leaver is in no group, but
    keeps the band of their figures: the changes said "no longer in pn" of GIL, as if his
    absence had fallen, and nothing of ROD.  Each is now one row: left the roll, and the
    groups they were in.  A pupil in no group then who left (ANN) is no change, as a
    joiner in no group is none."""
    snap = snapshot(
        [
            {"upn": "GIL", "band": "red", "groups": ["band:red", "pn"]},
            {"upn": "ROD", "band": "red", "groups": ["band:red"]},
            {"upn": "ANN", "band": "green", "groups": []},
        ]
    )
    left = dt.date(2026, 10, 14)
    frame = now(
        [
            {"upn": "GIL", "band": "red", "groups": []},
            {"upn": "ROD", "band": "red", "groups": []},
            {"upn": "ANN", "band": "green", "groups": []},
        ]
    ).with_columns(pl.lit(False).alias("on_roll"), pl.lit(left).alias("left_on"))
    got = changes(snap, frame, None, ORDER)
    assert got.select("upn", "kind", "detail").rows() == [
        ("GIL", "left_roll", "on 14/10/2026: no longer in band red, penalty-notice threshold"),
        ("ROD", "left_roll", "on 14/10/2026: no longer in band red"),
    ]


def test_a_leaver_s_left_roll_is_said_once_and_never_against_a_group_still_theirs() -> None:
    """sweepC repro2: EVE left on 16/10 after 10 days of N, before the run compared with;
    she was in the absence group then (a leaver after a run of N stays in it, DOMAIN.md 6)
    and is now, and every week's changes said "left the roll | on 16/10/2026: no longer in
    continuous unexplained absence" beside the group listing her.  Worked by hand:

    - EVE (left on 02/09): off roll as of the run's date, 04/09 (today's register,
      ``then``), absence then and now: she had left already, nothing changed: no row.
    - MAY: off roll then too, absence then, in no group now (a correction since): the
      leaving is no change, the group left is, as for any pupil: ``flag_cleared``.
    - GIL: on roll then (band red, penalty notice, absence), left on 14/10 straight after
      his run: one row, no longer in the band and the notice group, still in absence.
    - ROD: on roll then in band red, left on 14/10 after a run of N that reached the
      absence group since: no longer in band red, now in absence (NEW there).
    - KIT: off roll as of the run's date by today's register (her leaving date moved
      back since, to 02/09), but in band red and the penalty-notice group then, which
      hold pupils on roll only: that check had her on roll, the leaving is a change."""
    snap = snapshot(
        [
            {"upn": "EVE", "band": "red", "groups": ["absence"]},
            {"upn": "MAY", "band": "red", "groups": ["absence"]},
            {"upn": "GIL", "band": "red", "groups": ["absence", "band:red", "pn"]},
            {"upn": "ROD", "band": "red", "groups": ["band:red"]},
            {"upn": "KIT", "band": "red", "groups": ["band:red", "pn"]},
        ]
    )
    frame = now(
        [
            {"upn": "EVE", "band": "red", "groups": ["absence"]},
            {"upn": "MAY", "band": "red", "groups": []},
            {"upn": "GIL", "band": "red", "groups": ["absence"]},
            {"upn": "ROD", "band": "red", "groups": ["absence"]},
            {"upn": "KIT", "band": "red", "groups": []},
        ]
    ).with_columns(
        pl.lit(False).alias("on_roll"),
        pl.Series("left_on", [dt.date(2026, 9, 2)] * 2 + [dt.date(2026, 10, 14)] * 2
                  + [dt.date(2026, 9, 2)]),
    )  # fmt: skip
    then = pl.DataFrame(
        {"school": [""] * 5, "upn": ["EVE", "MAY", "GIL", "ROD", "KIT"], "attended": [8] * 5,
         "possible": [8] * 5, "unauthorised": [0] * 5,
         "on_roll": [False, False, True, True, False]}
    )  # fmt: skip
    got = changes(snap, frame, then, ORDER)
    assert got.select("upn", "kind", "detail").rows() == [
        ("MAY", "flag_cleared", "absence"),
        ("GIL", "left_roll", "on 14/10/2026: no longer in band red, penalty-notice "
         "threshold; still in continuous unexplained absence"),
        ("KIT", "left_roll", "on 02/09/2026: no longer in band red, penalty-notice "
         "threshold"),
        ("ROD", "left_roll", "on 14/10/2026: no longer in band red; now in continuous "
         "unexplained absence"),
    ]  # fmt: skip
