"""A run of unexplained absence split between the two UPNs of one child (the MIS changed a
temporary UPN to the permanent one mid-export): said in one line by cme and la-return, and
put on the list when the days joined reach ``--days``; neither UPN's own figures change.

School days from Mon 7 Sep 2026 (no holiday before Fri 16 Oct).  FILL is present every
day.  Kit Child (born 01/05/2015) is OLD (a temporary UPN) to Fri 2 Oct, NEW (the
permanent one) from Mon 5 Oct: the same surname, forename and date of birth.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.cme import cme_runs, joined_runs
from attcli.config import Config
from attcli.engine import evaluate
from builders import register_rows, school_days, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}


def build(old: str, new: str, as_of: dt.date):
    """OLD's marks from Mon 7 Sep to Fri 2 Oct (20 school days, one token a day), NEW's
    from Mon 5 Oct to ``as_of``; a token of one mark for both sessions."""
    old_days = school_days(D(2026, 9, 7), 20)
    new_days = [d for d in school_days(D(2026, 10, 5), 10) if d <= as_of]
    assert len(old.split()) == 20
    return build_on(old_days, old, new_days, new, as_of)


def build_on(old_days: list, old: str, new_days: list, new: str, as_of: dt.date):
    """OLD's marks on ``old_days``, NEW's on ``new_days`` (a token a day, as :func:`build`);
    the two may share days (overlapping weekly exports)."""
    old_marks, new_marks = old.split(), new.split()
    assert len(old_marks) == len(old_days) and len(new_marks) == len(new_days)
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"}
        for d in school_days(D(2026, 9, 7), 30) if d <= as_of
        for s in ("AM", "PM")
    ]  # fmt: skip
    for upn, days, marks in ((OLD, old_days, old_marks), (NEW, new_days, new_marks)):
        rows += [
            {"upn": upn, "date": d, "session": s, "mark": m, **KIT}
            for d, m in zip(days, marks, strict=True)
            for s in ("AM", "PM")
        ]
    return register_rows(rows)


# 6 + 6: OLD present 7-24 Sep (14 days), N Fri 25 Sep - Fri 2 Oct (6: 25, 28, 29, 30 Sep,
# 1, 2 Oct); NEW N Mon 5 - Mon 12 Oct (6: 5-9, 12).  One run of 12 school days from
# 25/09/2026 to 12/10/2026, still current, last seen Thu 24 Sep; neither part reaches 10.
SIX_SIX = ("/ " * 14 + "N " * 6, "N " * 6, D(2026, 10, 12))
# 4 + 4: OLD N Tue 29 Sep - Fri 2 Oct (4), NEW N Mon 5 - Thu 8 Oct (4): 8 days, under 10.
FOUR_FOUR = ("/ " * 16 + "N " * 4, "N " * 4, D(2026, 10, 8))


def test_six_and_six_days_join_to_a_run_of_twelve_listed_at_ten():
    ev = evaluate(build(*SIX_SIX), Config(), as_of=SIX_SIX[2])
    # each UPN's own figures are unchanged: 6 days each, neither on the 10-day list
    assert cme_runs(ev, 10).height == 0
    assert sorted(
        ev.runs.filter(kind="unexplained").select("upn", "days", "current").rows()
    ) == [(NEW, 6, True), (OLD, 6, False)]
    (j,) = joined_runs(ev)
    assert (j.upns, j.parts, j.days, j.start, j.end, j.current) == (
        (OLD, NEW), (6, 6), 12, D(2026, 9, 25), D(2026, 10, 12), True,
    )  # fmt: skip
    assert j.last_attended == D(2026, 9, 24) and j.reaches(10) and not j.reaches(13)
    assert j.line() == (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 12 school days of "
        "unexplained absence from 25/09/2026 to 12/10/2026 across the two UPNs "
        f"({OLD}'s 6 days, {NEW}'s 6): if one child, give the exports one UPN (the "
        f"permanent one); `attcli pupil merge {OLD} {NEW}` moves letters and notices on record"
    )


def test_four_and_four_days_join_to_eight_a_line_not_on_the_list():
    ev = evaluate(build(*FOUR_FOUR), Config(), as_of=FOUR_FOUR[2])
    (j,) = joined_runs(ev)
    assert (j.parts, j.days, j.start, j.end) == ((4, 4), 8, D(2026, 9, 29), D(2026, 10, 8))
    assert not j.reaches(10) and j.reaches(8)


def test_an_attended_day_between_the_two_parts_does_not_join_them():
    # OLD N Fri 25 Sep - Thu 1 Oct (5), present on its last day Fri 2 Oct: its run does not
    # reach its last day on roll.  Then NEW present on its first day Mon 5 Oct, N after.
    as_of = D(2026, 10, 12)
    ev = evaluate(build("/ " * 14 + "N " * 5 + "/", "N " * 6, as_of), Config(), as_of=as_of)
    assert joined_runs(ev) == []
    ev = evaluate(build("/ " * 14 + "N " * 6, "/ " + "N " * 5, as_of), Config(), as_of=as_of)
    assert joined_runs(ev) == []
    # an authorised absence (C) on NEW's first day breaks it as well
    ev = evaluate(build("/ " * 14 + "N " * 6, "C " + "N " * 5, as_of), Config(), as_of=as_of)
    assert joined_runs(ev) == []


# The overlap (a reviewer's): last week's year-to-date export runs to Fri 9 Oct with Kit
# under OLD, this week's covers Mon 5 - Wed 14 Oct under NEW (the MIS rewrote the UPN; the
# weekly exports overlap by a week).  Kit present 7-30 Sep, N every school day 1-14 Oct.
# OLD: 18 days present (7 Sep - 30 Sep), N 1, 2, 5, 6, 7, 8, 9 Oct: 7 days, then gone (left
# 09/10).  NEW: N 5-9, 12, 13, 14 Oct: 8 days, current.  5-9 Oct are under both: counted
# once, the union is 1, 2, 5, 6, 7, 8, 9, 12, 13, 14 Oct: 10 school days (not 7 + 8 = 15).
OVERLAP_OLD_DAYS = school_days(D(2026, 9, 7), 25)  # to Fri 9 Oct
OVERLAP_NEW_DAYS = school_days(D(2026, 10, 5), 8)  # to Wed 14 Oct
OVERLAP = ("/ " * 18 + "N " * 7, "N " * 8, D(2026, 10, 14))


def test_overlapping_exports_join_on_the_distinct_days_ten_listed_at_ten():
    old, new, as_of = OVERLAP
    assert OVERLAP_OLD_DAYS[-1] == D(2026, 10, 9) and OVERLAP_NEW_DAYS[-1] == as_of
    ev = evaluate(build_on(OVERLAP_OLD_DAYS, old, OVERLAP_NEW_DAYS, new, as_of), Config(),
                  as_of=as_of)  # fmt: skip
    assert cme_runs(ev, 10).height == 0  # each UPN's own: 7 and 8
    assert sorted(
        ev.runs.filter(kind="unexplained").select("upn", "days", "start", "current").rows()
    ) == [(NEW, 8, D(2026, 10, 5), True), (OLD, 7, D(2026, 10, 1), False)]
    (j,) = joined_runs(ev)
    assert (j.upns, j.parts, j.days, j.start, j.end, j.current, j.left_on) == (
        (OLD, NEW), (7, 8), 10, D(2026, 10, 1), D(2026, 10, 14), True, None,
    )  # fmt: skip
    assert j.last_attended == D(2026, 9, 30) and j.reaches(10) and not j.reaches(11)
    assert j.line() == (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 10 school days of "
        "unexplained absence from 01/10/2026 to 14/10/2026 across the two UPNs "
        f"({OLD}'s 7 days, {NEW}'s 8): if one child, give the exports one UPN (the "
        f"permanent one); `attcli pupil merge {OLD} {NEW}` moves letters and notices on record"
    )


def test_a_day_attended_under_the_new_upn_inside_the_overlap_breaks_the_join():
    # as OVERLAP, but NEW present on Wed 7 Oct (OLD's N that day): Kit was seen then, so no
    # run crosses 07/10.  Before it: 1, 2, 5, 6 Oct (4 days); after it: 8, 9, 12, 13, 14 Oct
    # (5), NEW's own run.  OLD's own run (1-9 Oct, 7 days) reaches over 07/10, so it is not a
    # part of either: nothing is joined (each UPN's own figures stand, as ever)
    old, _, as_of = OVERLAP
    new = "N N / N N N N N"
    ev = evaluate(build_on(OVERLAP_OLD_DAYS, old, OVERLAP_NEW_DAYS, new, as_of), Config(),
                  as_of=as_of)  # fmt: skip
    assert sorted(ev.runs.filter(kind="unexplained").select("upn", "days").rows()) == [
        (NEW, 2), (NEW, 5), (OLD, 7)
    ]
    assert joined_runs(ev) == []
    # an authorised absence (C) under OLD inside the overlap (Thu 8 Oct) breaks it as well:
    # OLD's run is then 1-7 Oct (5 days) and its last day 9 Oct is N again
    ev = evaluate(
        build_on(OVERLAP_OLD_DAYS, "/ " * 18 + "N " * 5 + "C N", OVERLAP_NEW_DAYS, "N " * 8,
                 as_of),
        Config(), as_of=as_of,
    )  # fmt: skip
    assert joined_runs(ev) == []


def test_two_children_with_different_dates_of_birth_are_not_joined():
    reg = build(*SIX_SIX)
    import polars as pl

    reg = reg.with_columns(
        pl.when(pl.col("upn") == NEW).then(D(2015, 5, 2)).otherwise(pl.col("dob")).alias("dob")
    )
    assert joined_runs(evaluate(reg, Config(), as_of=SIX_SIX[2])) == []


def _workspace(tmp_path: Path, case) -> tuple[Path, Path]:  # noqa: ANN001
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(build(*case), tmp_path / "register.csv", dob=True)
    return cfg, export


def test_cme_lists_the_joined_run_in_its_table_and_says_the_line(tmp_path):
    cfg, export = _workspace(tmp_path, SIX_SIX)
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-12", width=200)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "10+ school days, as of 12/10/2026: 0 runs, and 1 across two UPNs" in flat
    # a row of its own: both UPNs, 12 school days (6 + 6) from 25/09, still absent, seen 24/09
    for cell in (f"{OLD} + {NEW}", "12 school days", "│ N ", "25/09-12/10/26", "6 + 6", "ACROSS UPNS",
                 "ABSENT", "24/09/2026"):  # fmt: skip
        assert cell in flat, cell
    assert (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 12 school days" in flat
    )
    # CSV: each UPN's own rows (none reach 10), and the joined run's row as the table's, its
    # Note the line (the lead's decision, sweep decide9); the line on stderr names the row
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-12", "--format", "csv", width=400
    )
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 2 and lines[0].endswith(",Note")
    assert lines[1].startswith(f"{OLD} + {NEW},Child,Kit,")
    assert (
        f"a row of this file, UPN '{OLD} + {NEW}' (its Note says so), 10+ school days across "
        "two UPNs: Child, Kit"
    ) in " ".join(err.split())


def test_cme_says_a_short_joined_run_without_listing_it(tmp_path):
    cfg, export = _workspace(tmp_path, FOUR_FOUR)
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-08", width=200)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "as of 08/10/2026: 0 runs" in flat and "across two UPNs:" not in flat
    assert "ACROSS UPNS" not in flat
    assert "has 8 school days of unexplained absence from 29/09/2026 to 08/10/2026" in flat


def test_la_return_says_the_joined_run_beside_the_list_and_in_the_file(tmp_path):
    cfg, export = _workspace(tmp_path, SIX_SIX)
    target = tmp_path / "la.xlsx"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-10", "--as-of", "2026-10-12", "-c", cfg,
        "-o", target, width=200,
    )  # fmt: skip
    assert code == 0, err
    flat = " ".join(out.split())
    listed = flat.index("Unauthorised absence, 10+ school days in a row: none")
    line = flat.index(
        "NOT IN THIS RETURN, 10+ school days across two UPNs: Child, Kit "
        f"({OLD}, {NEW}: one child under two UPNs?) has 12 school days"
    )
    assert listed < line < flat.index("Illness, 15+")
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and "one child under two UPNs?) has 12" in c for c in cells)


def test_check_says_the_joined_run_in_the_new_upns_absence_reason(tmp_path):
    # NEW's own reason is its own 6 days since 05/10 (unchanged); the joined run follows it
    cfg, export = _workspace(tmp_path, SIX_SIX)
    code, out, err = run_cli(
        "check", export, "-c", cfg, "--as-of", "2026-10-12", "--format", "csv", width=400
    )
    assert code == 0, err
    import csv
    import io

    rows = {r["upn"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    line = (
        f"; Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 12 school days of "
        "unexplained absence from 25/09/2026 to 12/10/2026 across the two UPNs "
        f"({OLD}'s 6 days, {NEW}'s 6): if one child, give the exports one UPN (the "
        f"permanent one); `attcli pupil merge {OLD} {NEW}` moves letters and notices on record"
    )
    for upn, own in (
        # (NEW's time on roll begins 05/10: "never this year" had been said of a child
        # who, under the old UPN, attended to 24/09)
        (NEW, "6 school days of unexplained absence since 05/10/2026 (N); last attended "
              "never, on roll from 05/10/2026"),
        (OLD, "left 02/10/2026 after 6 school days of unexplained absence (N); last "
              "attended 24/09/2026: check the deletion was lawful and the LA was told"),
    ):  # fmt: skip
        assert rows[upn]["continuous_absence_days"] == ("6" if upn == NEW else "0")
        (reason,) = [r for r in rows[upn]["reasons"].split(" | ") if "unexplained" in r]
        assert reason == own + line


def test_cme_and_check_say_the_overlapping_run_at_ten_days(tmp_path):
    old, new, as_of = OVERLAP
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(
        build_on(OVERLAP_OLD_DAYS, old, OVERLAP_NEW_DAYS, new, as_of), tmp_path / "r.csv",
        dob=True,
    )
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-14", "--days", "10", width=200
    )
    assert code == 0, err
    flat = " ".join(out.split())
    assert "10+ school days, as of 14/10/2026: 0 runs, and 1 across two UPNs" in flat
    for cell in ("10 school days", "│ N ", "01/10-14/10/26", "7 + 8", "ACROSS UPNS", "ABSENT",
                 "30/09/2026"):  # fmt: skip
        assert cell in flat, cell
    code, out, err = run_cli(
        "check", export, "-c", cfg, "--as-of", "2026-10-14", "--format", "csv", width=400
    )
    assert code == 0, err
    assert out.count(
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 10 school days of "
        f"unexplained absence from 01/10/2026 to 14/10/2026 across the two UPNs ({OLD}'s 7 "
        f"days, {NEW}'s 8)"
    ) == 2


def test_the_runs_of_many_children_are_joined_in_one_pass_over_the_days(monkeypatch):
    """Issue 15: each child under two UPNs read its days by joining the school's whole
    frame of pupil-days (every pupil's, a row a day) to its own UPNs, so the work grew
    with the children times the pupils (2.2 s of the check at 100,000 pupils, 42 such
    children).  Five children (6 + 6 days each, as SIX_SIX, Kit1 to Kit5) are joined from
    one read of the days (counted, not timed), each as the one child alone is."""
    from attcli.engine import Prepared

    as_of = SIX_SIX[2]
    old_days = school_days(D(2026, 9, 7), 20)
    new_days = [d for d in school_days(D(2026, 10, 5), 10) if d <= as_of]
    rows = [
        {"upn": "FILL", "date": d, "session": s, "mark": "/"}
        for d in school_days(D(2026, 9, 7), 30) if d <= as_of
        for s in ("AM", "PM")
    ]  # fmt: skip
    kids = []
    for i in range(1, 6):
        old, new = f"A9992010100{i}A", f"A99920101002{i}"
        kid = {"surname": "Child", "forename": f"Kit{i}", "dob": D(2015, 5, i)}
        kids.append((old, new))
        for upn, days, marks in ((old, old_days, SIX_SIX[0]), (new, new_days, SIX_SIX[1])):
            rows += [
                {"upn": upn, "date": d, "session": s, "mark": m, **kid}
                for d, m in zip(days, marks.split(), strict=True)
                for s in ("AM", "PM")
            ]
    ev = evaluate(register_rows(rows), Config(), as_of=as_of)
    reads = []
    real = Prepared.days

    def counted(self, school, **kw):
        reads.append(school)
        return real(self, school, **kw)

    monkeypatch.setattr(Prepared, "days", counted)
    joined = joined_runs(ev)
    assert len(reads) == 1  # one read of the school's days, whatever the number of children
    assert [(j.forename, j.upns, j.parts, j.days, j.start, j.end, j.current) for j in joined] == [
        (f"Kit{i}", kids[i - 1], (6, 6), 12, D(2026, 9, 25), D(2026, 10, 12), True)
        for i in range(1, 6)
    ]
