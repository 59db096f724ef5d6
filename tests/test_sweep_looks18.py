"""What a person sees of the round's new outputs (sweep of 7 December (tenth), looks18).

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py).
"""

from __future__ import annotations

import io

from attcli.config import Config
from builders import register


def test_the_workbook_summary_shows_each_group_s_title_whole() -> None:
    # The Summary sheet's column A was 70 wide; the sickness group's title grew this round
    # to 87 characters ("Sickness (30+ illness sessions or 15+ school days missed, or a run
    # of 15+ school days)") and, its count in column B beside it, was cut in Excel at "a run
    # of 1".  Every title now fits its column (wrapped where the column stops growing).
    import openpyxl

    from attcli.check import check_register
    from attcli.report_check import to_xlsx

    reg = register({"ILL": " ".join(["I"] * 15 + ["/"] * 5), "OK": " ".join(["/"] * 20)})
    checked = check_register(reg, Config())
    buf = io.BytesIO()
    to_xlsx(checked, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Summary"]
    rows = [r for r in sheet.iter_rows(min_col=1, max_col=1) if r[0].value]
    head = next(i for i, r in enumerate(rows) if r[0].value == "Group")
    titles = [r[0] for r in rows[head + 1 :]]
    assert [c.value for c in titles][-1] == (
        "Sickness (30+ illness sessions or 15+ school days missed, or a run of 15+ school days)"
    )
    width = sheet.column_dimensions["A"].width
    cut = [c.value for c in titles if len(c.value) > width and not c.alignment.wrap_text]
    assert not cut, (width, cut)


def test_the_note_on_n_now_off_roll_says_the_leaving_date_plainly() -> None:
    # "(a leaving date set since before them)" read as "set since before them": the
    # leaving date was set since the check, and falls before the sessions.  Now "(the
    # pupil has since been given a leaving date before them)"; one session "before it".
    import datetime as dt
    from types import SimpleNamespace

    import polars as pl

    from attcli.check import since_run_notes

    snap = SimpleNamespace(as_of=dt.date(2026, 9, 11))
    none = pl.DataFrame()
    days = [dt.date(2026, 9, 10), dt.date(2026, 9, 10), dt.date(2026, 9, 11)]
    off = pl.DataFrame({"school": [None] * 3, "upn": ["C"] * 3, "date": days})
    _, notes = since_run_notes(snap, none, none, 0, (None, None), off)
    assert notes == [
        "3 N sessions on record in the check recorded as of 11/09/2026 are now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before them), "
        "e.g. C 10/09/2026 to 11/09/2026 (3 sessions): no mark to fix, but check the leaving "
        "date is right, and that a child absent without reason, then taken off roll, was "
        "deleted lawfully and the local authority told"
    ]
    _, notes = since_run_notes(snap, none, none, 0, (None, None), off.head(1))
    assert notes[0].startswith(
        "1 N session on record in the check recorded as of 11/09/2026 is now outside the "
        "pupil's time on roll (the pupil has since been given a leaving date before it), "
        "e.g. C 10/09/2026 (1 session): no mark to fix"
    ), notes


def test_the_workbook_summary_prints_whole_on_one_page_s_width() -> None:
    # Printed, the Summary (no page set-up: portrait, 100 %) put its labels on one page and
    # their values on the next, and a long note beside its label (the Data quality line, 122
    # characters here, in B, 14 wide) ran over the empty columns after C, outside what is
    # printed: cut on paper.  Now landscape, fitted to one page's width, and such a note
    # wrapped over B and C, its row as tall as its lines.  Column A is 88 (the sickness
    # title's 86 characters and 2); C takes the rest of the page's 140 characters, 10
    # spare: 140 - 10 - 88 - 14 = 28; B and C are 42 wide: 122 characters are 3 lines of
    # 42 (2.9), 3 x 15 = 45 points.  A short value keeps its one cell.
    import openpyxl

    from attcli.check import check_register
    from attcli.report_check import to_xlsx

    reg = register({"N3": " ".join(["N"] * 3 + ["/"] * 17), "OK": " ".join(["/"] * 20)})
    buf = io.BytesIO()
    to_xlsx(check_register(reg, Config()), buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Summary"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Data quality")
    note = sheet.cell(row, 2)
    assert note.value == (
        "6 problems in the register to fix in the MIS (6 N codes older than 5 school days): "
        "each is a row of the Data quality sheet"
    )
    assert len(note.value) == 122
    assert f"B{row}:C{row}" in [str(r) for r in sheet.merged_cells.ranges]
    assert note.alignment.wrap_text and note.alignment.vertical == "top"
    widths = [sheet.column_dimensions[c].width for c in "ABC"]
    assert widths == [88, 14, 28]
    assert sheet.row_dimensions[row].height == 45
    pupils = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "Pupils")
    assert sheet.cell(pupils, 2).value == 2
    assert f"B{pupils}:C{pupils}" not in [str(r) for r in sheet.merged_cells.ranges]
    assert sheet.row_dimensions[pupils].height is None


def test_the_changes_line_of_a_part_time_pupil_newly_ill_says_the_days_missed(tmp_path) -> None:
    # rough8 made the check's reason say a part-time pupil's days missed ("15 illness
    # sessions this year, 15 school days missed (on 15 of them the only session due)"); the
    # "Changed since" line of a pupil found in the sickness group as of the last check's
    # date still said "14 illness sessions as of 25/09/2026, longest run of illness 8
    # school days" beside the group's "20+ illness sessions or 10+ school days missed": read
    # as below both.  P: `I` mornings, `C2` afternoons (tests/builders.py), 8 days, a day
    # in school, 6 more (to Fri 25/09: 14 days), 5 days present.  Recorded as of 25/09 with
    # the default 30 sessions (15 days): not listed; checked as of 02/10 with 20 sessions
    # (10 days): in it as of 25/09, 14 school days missed.  A full-time pupil's line is as
    # before (F: 10 whole days of `I`, 20 sessions, then present).
    part = "I.C2"
    reg = register({
        "P": " ".join([part] * 8 + ["/.C2"] + [part] * 6 + ["/"] * 5),
        "F": " ".join(["I"] * 10 + ["/"] * 10),
    })  # fmt: skip
    lines = _raised_once_lowered(tmp_path, reg, 20)
    assert lines["P"].startswith(
        "sickness: by today's register 14 illness sessions as of 25/09/2026, 14 school days "
        "missed (on 14 of them the only session due), longest run of illness 8 school days,"
    ), lines
    assert lines["F"].startswith(
        "sickness: by today's register 20 illness sessions as of 25/09/2026, longest run of "
        "illness 10 school days,"
    ), lines


def test_the_days_missed_words_are_one_rule_for_a_line_and_a_column() -> None:
    # (sessions, days whose only session due was illness): a day each such, half a day each
    # other illness session.  15 and 4: 4 whole days and 11 halves, 9.5 days; 1 and 1: 1 day;
    # none whole: nothing added (a full-time pupil's sessions are two a day).
    import polars as pl

    from attcli.percent import illness_days_missed, illness_days_missed_expr

    cases = [(15, 4), (1, 1), (20, 20), (30, 0), (30, None)]
    said = [illness_days_missed(n, w) for n, w in cases]
    assert said == [
        ", 9.5 school days missed (on 4 of them the only session due)",
        ", 1 school day missed (on 1 of them the only session due)",
        ", 20 school days missed (on 20 of them the only session due)",
        "",
        "",
    ]
    frame = pl.DataFrame(
        {"n": [n for n, _ in cases], "w": [w for _, w in cases]},
        schema={"n": pl.Int64, "w": pl.Int64},
    )
    assert (
        frame.select(illness_days_missed_expr(pl.col("n"), pl.col("w"))).to_series().to_list()
        == said
    )


def test_the_changes_line_of_one_illness_session_says_it_in_the_singular(tmp_path) -> None:
    # mutnew22 made the check's reason say "1 illness session" under a school's own
    # trigger of 2 sessions; the "Changed since" line of the same pupil still said "1
    # illness sessions" (the merge review of 7 December, tenth).  Q: `I` the first
    # morning, `C2` that afternoon (the only session due: a whole day), then present to
    # 02/10.  Recorded as of 25/09 with the default 30 sessions: not listed; checked as of
    # 02/10 with 2: in the sickness group as of 25/09 by 1 session and 1 whole day (2 half
    # days).
    reg = register({"Q": " ".join(["I.C2"] + ["/"] * 19), "F": " ".join(["/"] * 20)})
    lines = _raised_once_lowered(tmp_path, reg, 2)
    assert lines["Q"].startswith(
        "sickness: by today's register 1 illness session as of 25/09/2026, 1 school day "
        "missed (on 1 of them the only session due), longest run of illness 1 school day,"
    ), lines


def _raised_once_lowered(tmp_path, reg, sessions: int) -> dict[str, str]:
    """Each pupil's "Changed since" line of kind flag_raised: ``reg`` recorded as of Fri
    25/09/2026 with the default sickness trigger of 30 sessions, then checked as of
    02/10/2026 with ``sessions``."""
    import json

    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws")
    exp = write_long_csv(reg, tmp_path / "register.csv")
    code, _, err = run_cli("check", exp, "-c", config, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    text = config.read_text(encoding="utf-8")
    assert "\nsessions = 30 " in text
    config.write_text(
        text.replace("\nsessions = 30 ", f"\nsessions = {sessions} "), encoding="utf-8"
    )
    code, out, err = run_cli("check", exp, "-c", config, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    return {
        c["upn"]: c["detail"] for c in json.loads(out)["changes"] if c["kind"] == "flag_raised"
    }
