"""Mutants of the 7 December (tenth) merges that no test held (sweep mutnew22): each test
here fails on a mutant of a line merged that round and passes on the code.

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py: ``I.C2`` is `I` in
the morning, `C2` in the afternoon, a part-time timetable), no holiday.
"""

from __future__ import annotations

from attcli.config import Config
from attcli.engine import evaluate
from builders import pupil, register
from test_sweep_rough6 import RED_CONTEXTS, letters_of_four  # noqa: F401 (its fixture)

PART = "I.C2"


def test_one_day_whose_only_session_due_was_illness_tips_29_sessions_to_15_days() -> None:
    # DOMAIN.md 7: 15 school days missed through illness, cumulatively.  ONE: 14 whole days
    # ill (28 sessions), a day in school, then a day `I` with the afternoon `C2` (the only
    # session due): 29 sessions, but 28 + 2 = 30 half days, 15 days missed: listed, with a
    # longest run of 14 (the day in school breaks it).  ONE29: the same with the last day
    # `I./` (half a day, the afternoon attended): 29 half days, 14.5 days: not listed.
    # HALF: 15 part-time days ill (15 sessions, 15 whole days) and a morning `I./` beside
    # them: 16 sessions, 31 half days, 15.5 days missed.
    from attcli.check import check_register

    reg = register({
        "ONE": " ".join(["I"] * 14 + ["/", PART] + ["/"] * 4),
        "ONE29": " ".join(["I"] * 14 + ["/", "I./"] + ["/"] * 4),
        "HALF": " ".join([PART] * 8 + ["/.C2"] + [PART] * 7 + ["I./"] + ["/"] * 3),
    })  # fmt: skip
    ev = evaluate(reg, Config())
    assert pupil(ev, "ONE")["sickness_flag"] is True
    assert pupil(ev, "ONE29")["sickness_flag"] is False
    assert pupil(ev, "HALF")["sickness_flag"] is True
    whole = {u: d for _, u, d in ev.sickness_whole_days.iter_rows()}
    assert whole == {"ONE": 1, "HALF": 15}
    checked = check_register(reg, Config())
    reasons = dict(checked.members("sickness").select("upn", "reason_sickness").rows())
    assert reasons == {
        "ONE": "29 illness sessions this year, 15 school days missed (on 1 of them the only "
        "session due); longest run of illness 14 school days",
        "HALF": "16 illness sessions this year, 15.5 school days missed (on 15 of them the "
        "only session due); longest run of illness 8 school days",
    }


def test_a_repeated_request_is_only_another_window_s_of_this_school_on_these_sessions(
    tmp_path,
) -> None:
    # pack_marks.repeats (DOMAIN.md 5: a session that has supported one notice must not
    # support another).  P's request now: window 21/09 to 04/12, 11 sessions (AM and PM of
    # Mon 16 to Thu 19 and Mon 23 November, and Tue 01/12 AM).  On record before it:
    #   1: another school's request about the same UPN, on the same days (not this school's
    #      request: skipped);
    #   2: this school's request of the same window (the corrected request, said by
    #      correction_lines: skipped);
    #   3: this school's request of October's sessions only (none shared: skipped);
    #   4: this school's request of 14/09 to 27/11 on the 10 November sessions, two of them
    #      since corrected from `G` to `O` (compared on date and AM/PM: all 10 shared).
    # Hand-worked: "10 of the 11", naming pack 4; the 4 sessions of 16-17 Nov alone: "all 4".
    import datetime as dt

    from attcli.pack_marks import repeats
    from attcli.store import History, Parent

    D = dt.date
    days = [D(2026, 11, 16), D(2026, 11, 17), D(2026, 11, 18), D(2026, 11, 19), D(2026, 11, 23)]
    ten = [(d, s, "O") for d in days for s in ("AM", "PM")]
    mine = [*ten, (D(2026, 12, 1), "AM", "O")]
    window = (D(2026, 9, 21), D(2026, 12, 4))
    earlier = (D(2026, 9, 14), D(2026, 11, 27))
    october = [(D(2026, 10, 5) + dt.timedelta(days=i), s, "O") for i in range(5) for s in "AP"]
    four = [(d, s, "G" if d == days[0] else c) for d, s, c in ten]
    ann = Parent("id:CP", "Mrs Ann Parent")
    with History(tmp_path / "h.sqlite3", write=True) as store:
        for school, win, sessions in (
            ("other", earlier, ten),
            ("s", window, ten),
            ("s", earlier, [(d, "AM" if s == "A" else "PM", c) for d, s, c in october]),
            ("s", earlier, four),
        ):
            store.record_pack(
                school=school, upn="P", pupil_name="Pat", parent=ann, kind="penalty-notice",
                made_on=D(2026, 11, 30), as_of=win[1], window=win, threshold=10,
                sessions=sessions, marks="[]",
            )  # fmt: skip
        said = repeats(store, "s", "P", "id:CP", window, mine)
        some = repeats(store, "s", "P", "id:CP", window, ten[:4])
    assert said == (
        "10 of the 11 unauthorised sessions of this request (window 21/09/2026 to 04/12/2026) "
        "were counted by penalty-notice pack 4 about P, made 30/11/2026 (to Mrs Ann Parent, "
        "window 14/09/2026 to 27/11/2026): if that request went to the local authority, this "
        "one asks again for the same sessions; send the LA one request for them (a session "
        "supports one notice)"
    )
    assert some is not None
    assert some.startswith("all 4 unauthorised sessions of this request (window 21/09/2026")
    assert "penalty-notice pack 4 about P" in some


def _n_frame(rows: list[tuple[str, str, object, str]]):
    import polars as pl

    schema = {"school": pl.Utf8, "upn": pl.Utf8, "date": pl.Date, "session": pl.Utf8}
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_n_of_the_run_off_roll_or_unmarked_at_the_edges_of_the_time_on_roll() -> None:
    # snapshots.n_since (DOMAIN.md 1): sessions after a pupil's last mark with no row or a
    # blank cell are outside the time on roll; `-` is a missing mark wherever it stands;
    # where a pupil list dates the time on roll, it decides.  Weeks 1-4 from Mon 7 Sep.
    #   HUG (listed: 7-18 Sep and from 28 Sep): no row Fri 18 Sep PM (the first spell's
    #       last session: inside, unmarked), Mon 21 Sep (between the spells: off roll), Mon
    #       28 Sep AM (the second spell's first: inside, unmarked);
    #   C: rows to Wed 9 only: its N of Thu 10 and Fri 11 are off roll;
    #   E: `-` on Thu 10 and Fri 11 after its last mark: missing marks, unmarked;
    #   F: blank cells from Thu 10: its N of Fri 11 AM off roll;
    #   LEF (listed 7-11 Sep): no row Mon 7 AM (the list's first session: inside, unmarked)
    #       nor Fri 11 PM (the list's last: inside, unmarked);
    #   U: blank cells only, no mark at all: no time on roll, its N of Tue 8 AM off roll.
    import datetime as dt

    from attcli.snapshots import Snapshot, n_since
    from test_spells import spells

    D = dt.date
    week = "/ " * 5
    reg = register({
        "HUG": week + "/ / / / /! " + "! " * 5 + "!/ / / / / ",
        "C": "/ / / ! ! " + "! " * 15,
        "E": "/ / / - - " + "! " * 15,
        "F": "/ / / _ _ " + "_ " * 15,
        "LEF": "!/ / / / /! " + "! " * 15,
        "U": "_ " * 20,
        "OTH": week * 4,
    })  # fmt: skip
    listed = spells(
        ("HUG", D(2026, 9, 7), D(2026, 9, 18)),
        ("HUG", D(2026, 9, 28), None),
        ("LEF", D(2026, 9, 7), D(2026, 9, 11)),
    )
    ev = evaluate(reg, Config(), as_of=D(2026, 10, 2), roll_dates=listed)
    was = _n_frame([
        ("", "HUG", D(2026, 9, 18), "PM"), ("", "HUG", D(2026, 9, 21), "AM"),
        ("", "HUG", D(2026, 9, 28), "AM"),
        ("", "C", D(2026, 9, 10), "AM"), ("", "C", D(2026, 9, 10), "PM"),
        ("", "C", D(2026, 9, 11), "AM"), ("", "C", D(2026, 9, 11), "PM"),
        ("", "E", D(2026, 9, 10), "AM"), ("", "F", D(2026, 9, 11), "AM"),
        ("", "LEF", D(2026, 9, 7), "AM"), ("", "LEF", D(2026, 9, 11), "PM"),
        ("", "U", D(2026, 9, 8), "AM"),
    ])  # fmt: skip
    snap = Snapshot(1, D(2026, 9, 25), "", "", pl_empty(), n_sessions=was)
    since = n_since(snap, ev.prepared.roll)
    assert since is not None
    assert sorted(since.unmarked.select("upn", "date", "session").rows()) == [
        ("E", D(2026, 9, 10), "AM"), ("HUG", D(2026, 9, 18), "PM"),
        ("HUG", D(2026, 9, 28), "AM"), ("LEF", D(2026, 9, 7), "AM"),
        ("LEF", D(2026, 9, 11), "PM"),
    ]  # fmt: skip
    assert since.off_roll is not None
    assert sorted(since.off_roll.select("upn", "date", "session").rows()) == [
        ("C", D(2026, 9, 10), "AM"), ("C", D(2026, 9, 10), "PM"), ("C", D(2026, 9, 11), "AM"),
        ("C", D(2026, 9, 11), "PM"), ("F", D(2026, 9, 11), "AM"),
        ("HUG", D(2026, 9, 21), "AM"), ("U", D(2026, 9, 8), "AM"),
    ]  # fmt: skip


def pl_empty():
    import polars as pl

    return pl.DataFrame()


def test_the_off_roll_line_names_the_first_pupil_s_own_sessions() -> None:
    # check.since_run_notes' off-roll line: N sessions in all (3), e.g. the first pupil's
    # own (F: one session, one date: "11/09/2026 (1 session)", not C's two beside it);
    # one session alone: "1 N session ... is ... before it".
    import datetime as dt

    from attcli.check import since_run_notes
    from attcli.snapshots import Snapshot

    D = dt.date
    snap = Snapshot(1, D(2026, 9, 11), "", "", pl_empty())
    none = _n_frame([])
    three = _n_frame([
        ("", "F", D(2026, 9, 11), "AM"), ("", "C", D(2026, 9, 10), "AM"),
        ("", "C", D(2026, 9, 10), "PM"),
    ])  # fmt: skip
    tail = (
        ": no mark to fix, but check the leaving date is right, and that a child absent "
        "without reason, then taken off roll, was deleted lawfully and the local authority told"
    )
    _, notes = since_run_notes(snap, none, none, 0, (None, None), three)
    assert notes == [
        "3 N sessions on record in the check recorded as of 11/09/2026 are now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before them), "
        "e.g. F 11/09/2026 "
        "(1 session)" + tail
    ]
    _, notes = since_run_notes(snap, none, none, 0, (None, None), three.slice(1, 1))
    assert notes == [
        "1 N session on record in the check recorded as of 11/09/2026 is now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before it), "
        "e.g. C 10/09/2026 "
        "(1 session)" + tail
    ]


def _trust_aged(groups: dict[str, tuple[int, int]]):
    """The trust's Years 1 to 11 row of one school of ``groups`` (label: pupils, sessions
    attended of 100 each), with national figures, min_cohort 5 (the default)."""
    import dataclasses as dc
    from fractions import Fraction

    from attcli.report.trust import build_trust
    from attcli.report_settings import National, ReportSettings
    from attcli.summary_file import Counts
    from test_trust_report import _summary as made

    counts = {g: Counts(n, n, 0, 0, 100 * n, a, 100 * n - a, 0) for g, (n, a) in groups.items()}
    total = sum(counts.values(), Counts.zero())
    school = dc.replace(made("Oak Lane", "100101", total.pupils, {}), year_groups=counts,
                        totals=total)  # fmt: skip
    nat = National(attendance_pct=Fraction(945, 10), pa_rate=Fraction(1456, 100),
                   sa_rate=Fraction(85, 100), source="DfE test", ages="5 to 15")  # fmt: skip
    return build_trust([school], ReportSettings(national=nat)).aged


def test_the_years_1_to_11_row_keeps_those_years_and_hides_at_min_cohort() -> None:
    # report.trust._years_1_to_11: Years 1 to 11 only (not "0", Reception's number in
    # some MIS, nor Year 12); shown at 5 pupils kept and 5 left out (min_cohort 5, "fewer
    # than" hides), hidden at 4 of either; none with a year group whose ages are unknown,
    # or where the trust's row is itself hidden.
    aged = _trust_aged({"0": (2, 180), "Y1": (5, 480), "12": (3, 270)})
    assert aged is not None and not aged.hidden
    assert (aged.counts.pupils, aged.counts.attended, aged.counts.possible) == (5, 480, 500)
    few = _trust_aged({"1": (4, 400), "R": (6, 500)})
    assert few is not None
    assert (few.hidden, few.note) == (True, "fewer than 5 pupils")
    rest = _trust_aged({"1": (6, 600), "R": (4, 300)})
    assert rest is not None
    assert (rest.hidden, rest.note) == (
        True,
        "not shown, so that the figures of the fewer than 5 pupils outside Years 1 to 11 "
        "cannot be worked out from the Trust row (which counts them)",
    )
    assert _trust_aged({"1": (6, 600), "Mixed": (6, 500)}) is None
    assert _trust_aged({"1": (3, 300), "R": (1, 90)}) is None  # (the trust: 4 pupils, hidden)


def test_rows_read_ahead_are_taken_only_by_the_read_they_were_read_for(tmp_path) -> None:
    # loaders._source: a small CSV's rows read ahead (header_end 1, 7 columns, the four
    # read as their own categories) are taken by a scan for exactly those rows of the same
    # data; a scan for rows below another header line, for another width, without `own`,
    # or after the pass cut the data at MS-DOS's end-of-file mark reads the file again:
    # each gives what a source with no read ahead gives.
    from attcli.loaders._source import open_source

    head = "UPN,Surname,Forename,Date,Session,Mark\n"
    rows = "".join(
        f"A123456789012,Smith,Jo,0{d}/09/2026,{s},/\n" for d in (1, 2, 3) for s in ("AM", "PM")
    )
    path = tmp_path / "reg.csv"
    path.write_text(head + rows + "\x1a", encoding="utf-8", newline="")
    own = ["c0", "c3", "c4", "c5"]

    def read(ahead: bool, end: int, ncols: int, own: list[str], check: bool = False):
        src = open_source(path, trust_utf8=True)
        if ahead:
            src.read_ahead(1, 7, ["c0", "c3", "c4", "c5"])
        if check:
            assert src.check is not None
            src.check(6, 1)
        frame = src.scan(end, ncols, own=own).collect()
        src.settle()
        return frame.with_columns(frame.get_column(c).cast(str) for c in own)

    taken = read(True, 1, 7, own)
    assert taken.height == 7  # (the end-of-file mark's line, as the read ahead was asked)
    for end, ncols, cols, check in ((2, 7, own, False), (1, 8, own, False), (1, 7, [], False),
                                    (1, 7, own, True)):  # fmt: skip
        again, plain = read(True, end, ncols, cols, check), read(False, end, ncols, cols, check)
        assert again.columns == plain.columns, (end, ncols, cols, check)
        assert again.equals(plain), (end, ncols, cols, check)
    assert read(False, 1, 7, own, True).height == 6  # (cut at the mark)
    assert read(False, 2, 7, own).height == 6


def test_a_severe_letter_for_a_child_under_compulsory_school_age_names_no_duty_nor_action(
    letters_of_four,  # noqa: ANN001, F811
) -> None:
    # DOMAIN.md 5: the legal duty, and formal action by the local authority, are for a pupil
    # of compulsory school age.  rough6's R (Reception, of compulsory school age from
    # 31/03/2027), absent 5 whole days `O`: R's severe letter says neither; S's (Year 7)
    # says both.
    from test_sweep_rough8 import _letter_text

    templates, r_ctx = RED_CONTEXTS["R"]
    r = " ".join(_letter_text(templates, "severe", r_ctx).split())
    s = " ".join(_letter_text(templates, "severe", RED_CONTEXTS["S"][1]).split())
    for word in ("legal duty", "formal action", "prosecution"):
        assert word not in r, (word, r)
        assert word in s, (word, s)
    assert "We are here to help you and" in r, r


def test_a_head_of_year_s_check_of_the_same_week_says_no_other_year_s_corrections(
    tmp_path,
) -> None:
    # check.same_day_run_note (blind9) is said by a check of the whole register only: A
    # (8A) has its two `N` of Thu 10 September given `I` since Friday's recorded run of the
    # same date; B and C (7A) nothing corrected.  The whole school's check says A's line;
    # 7A's check names no pupil of another year group (a view's check says no pupil out of
    # view, as its changes and corrections do since sweep blind9).
    import polars as pl

    from builders import write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    p, week = "/\\", " ".join(["/\\"] * 5)

    def export(a: str, name: str):  # noqa: ANN202
        reg = register({"A": f"{p} {p} {p} {a} {p}", "B": week, "C": f"{p} {p} {p} {p} N/"})
        eight = pl.col("upn") == "A"
        reg = reg.with_columns(
            pl.when(eight).then(pl.lit("8")).otherwise(pl.col("year_group")).alias("year_group"),
            pl.when(eight).then(pl.lit("8A")).otherwise(pl.col("reg_group")).alias("reg_group"),
        )
        return write_long_csv(reg, tmp_path / name, groups=True)

    def check(exp, *more: str) -> str:  # noqa: ANN001
        code, _, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-09-11", *more)
        assert code == 0, err
        return " ".join(err.split())

    check(export("NN", "friday.csv"), "--record")
    again = export("II", "monday.csv")
    assert "as of this same date (11/09/2026) now have their reasons" in check(again)
    assert "as of this same date" not in check(again, "--reg-group", "7A")


def test_where_a_trust_s_phase_comes_from_is_said_as_it_was_found() -> None:
    # report.trust.trust_national (rough8): three schools of Reception to Year 6.  No
    # school's own phase: "the schools' year groups"; Cedar's own `primary`, the others by
    # year groups: "[schools.KEY] phase and year groups"; Cedar a PRU (`none`) beside two
    # primaries: two phases, all phases' 92.9 % (not no figures for all three); every
    # school `none`: no national figures.
    import dataclasses as dc
    from fractions import Fraction

    from attcli.config import parse_config
    from attcli.report.trust import trust_national
    from attcli.summary_file import Counts
    from test_sweep_rough8 import TRUST_SCHOOLS
    from test_trust_report import _summary as made

    primary = {"R": 30, "1": 30, "2": 31, "3": 30, "4": 31, "5": 31, "6": 30}
    groups = {y: Counts(n, n, 0, 0, 100 * n, 95 * n, 5 * n, 0) for y, n in primary.items()}
    schools = [
        dc.replace(made(name, urn, 213, {}), year_groups=groups)
        for name, urn in (("Oak Lane", "100101"), ("Beech Hill", "100102"),
                          ("Cedar Row", "100103"))
    ]  # fmt: skip

    def cedar(phase: str) -> str:
        return TRUST_SCHOOLS.replace('"cedar-*.csv"]', f'"cedar-*.csv"]\nphase = "{phase}"')

    nat, _ = trust_national(parse_config(TRUST_SCHOOLS), schools)
    assert nat is not None
    assert "the schools' year groups (each of the 3 schools primary)" in nat.source, nat.source
    nat, _ = trust_national(parse_config(cedar("primary")), schools)
    assert nat is not None and nat.attendance_pct == Fraction(945, 10)
    assert (
        "the schools' [schools.KEY] phase and year groups (each of the 3 schools primary)"
        in nat.source
    ), nat.source
    nat, _ = trust_national(parse_config(cedar("none")), schools)
    assert nat is not None and nat.attendance_pct == Fraction(929, 10)
    assert "every phase" in nat.source
    every = TRUST_SCHOOLS.replace('*.csv"]', '*.csv"]\nphase = "none"')
    nat, _ = trust_national(parse_config(every), schools)
    assert nat is None


def test_one_illness_session_and_one_day_missed_are_said_in_the_singular() -> None:
    # A school's `sickness.sessions = 2` (a smaller trigger than DOMAIN.md 7's 30: its own
    # policy): ONE, `I` at the only session due on Mon 7 Sep (`C2` the afternoon): 1
    # session, a whole day missed (2 half days): listed.  The reason read "1 illness
    # sessions this year" and the days missed' singular branch was never reached.
    import dataclasses as dc

    from attcli.check import check_register

    reg = register({"ONE": " ".join([PART] + ["/"] * 4), "OK": " ".join(["/"] * 5)})
    checked = check_register(reg, dc.replace(Config(), sickness_sessions=2))
    reasons = dict(checked.members("sickness").select("upn", "reason_sickness").rows())
    assert reasons == {
        "ONE": "1 illness session this year, 1 school day missed (on 1 of them the only "
        "session due); longest run of illness 1 school day"
    }


def test_a_stray_day_inside_a_run_of_illness_is_not_a_whole_day_missed() -> None:
    # engine._whole_day_single_sessions: a stray day (fewer than 1 in 10 of the pupils on
    # roll marked: roll.STRAY_DAY_SHARE) is no school day of a run.  X (part-time, `I` at
    # the only session due) Mon 7 to Fri 18 September, 10 school days, and a stray mark on
    # Saturday 12 (`I`, `C2`), the only pupil of 20 marked that day: its session counts
    # among the 11 illness sessions, but the run is 10 days and the whole days 10, not 11.
    import datetime as dt

    import polars as pl

    pupils = {"X": " ".join([PART] * 10)} | {f"P{i:02d}": " ".join(["/"] * 10) for i in range(19)}
    reg = register(pupils)
    friday = reg.filter((pl.col("upn") == "X") & (pl.col("date") == dt.date(2026, 9, 11)))
    saturday = friday.with_columns(pl.lit(dt.date(2026, 9, 12)).alias("date"))
    both = pl.concat([reg, saturday])
    both = both.with_columns(
        pl.int_range(2, both.height + 2).cast(reg.schema["line"]).alias("line")
    )
    ev = evaluate(both, Config(), as_of=dt.date(2026, 9, 18))
    assert ev.prepared.stray[""].get_column("date").to_list() == [dt.date(2026, 9, 12)]
    x = pupil(ev, "X")
    assert (x["sickness_sessions"], x["sickness_longest_days"]) == (11, 10)
    assert ev.sickness_whole_days.rows() == [("", "X", 10)]


def test_the_la_workbook_s_data_row_is_never_taller_than_excel_allows() -> None:
    # lafile._wrapped: 16 columns 20 wide (printed across pages: B to H on the first, 140
    # characters wide, as blind8's test works out). 1,000 characters of bold text are
    # ceil(1,150 / 140) = 9 lines, 135 points; 20,000 characters would be 165 lines (2,475
    # points): Excel's tallest row is 409 points.
    from attcli.lafile import _wrapped

    widths = [20.0] * 16
    assert _wrapped("x" * 1000, widths) == (8, 135)
    assert _wrapped("x" * 20000, widths) == (8, 409)


def test_the_newest_export_given_is_the_one_saved_last(tmp_path) -> None:
    # letter_marks.export_files_saved (blind9): of two exports, "old.csv" saved 01/09/2026
    # 08:00 and "new.csv" 08/09/2026 08:00 (local time), given newest first or last, the
    # newest is new.csv; a row with no file name (a register given in memory) tells nothing.
    import datetime as dt
    import os
    from types import SimpleNamespace

    import polars as pl

    from attcli.letter_marks import export_files_saved

    new_at, old_at = dt.datetime(2026, 9, 8, 8, 0), dt.datetime(2026, 9, 1, 8, 0)
    for name, at in (("new.csv", new_at), ("old.csv", old_at)):
        (tmp_path / name).write_text("x", encoding="utf-8")
        os.utime(tmp_path / name, (at.timestamp(), at.timestamp()))
    for order in (["new.csv", "old.csv"], ["old.csv", "new.csv"]):
        sources = pl.Series("source", [str(tmp_path / n) for n in order])
        ev = SimpleNamespace(prepared=None, register=pl.DataFrame([sources]))
        assert export_files_saved(ev) == ("new.csv", new_at), order  # type: ignore[arg-type]
    blank = pl.DataFrame({"source": [str(tmp_path / "new.csv"), ""]})
    assert export_files_saved(SimpleNamespace(prepared=None, register=blank)) is None  # type: ignore[arg-type]
