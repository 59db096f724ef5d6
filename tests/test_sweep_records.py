"""The school's records in real hands (a sweep): `pn record / void / list / next`,
`case record / void / list` (and `--from FILE`) and `pupil merge OLD NEW`, used the way an
attendance officer uses them."""

from __future__ import annotations

from pathlib import Path

from attcli.store import History
from test_cases_cli import OCONNOR, WALSH, cases, record
from test_cases_cli import school as school  # noqa: F401  (the fixture)


def test_a_bulk_file_holding_one_record_twice_names_both_lines_not_a_record_never_made(
    school, tmp_path: Path
):
    """A week's meetings typed into a spreadsheet with one row pasted twice: nothing is
    recorded (all or none), and the refusal cited "record 3, by ... at ..." (the first
    row's id in the transaction rolled back), a record `case list` never shows. It names
    the two lines of the file instead."""
    assert cases(school)[0] == 0
    bulk = tmp_path / "week.csv"
    bulk.write_text(
        "upn,action,date,note\n"
        f"{OCONNOR},letter,2026-11-23,\n"
        f"{WALSH},review_meeting,2026-11-20,Mum came\n"
        f"{WALSH},review_meeting,2026-11-20,Mum came\n",
        encoding="utf-8",
    )
    code, _, err = record(school, "--from", str(bulk))
    assert code == 1 and err.strip() == (
        f"error: {bulk}, line 4: review_meeting for {WALSH} on 20/11/2026 is on line 3 "
        "too: a record once is enough; remove one of the lines"
    )
    with History(school / "attcli-history.sqlite3") as store:
        assert store.actions() == []


def test_a_bulk_file_s_record_already_on_record_is_named_by_its_line(school, tmp_path: Path):
    """The error for a row recorded before (last week's file given again, with a new row)
    named the record on file but not the line of the file to remove."""
    assert cases(school)[0] == 0
    assert record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-20")[0] == 0
    bulk = tmp_path / "week.csv"
    bulk.write_text(
        "upn,action,date\n"
        f"{OCONNOR},letter,2026-11-23\n"
        f"{WALSH},review_meeting,2026-11-20\n",
        encoding="utf-8",
    )
    code, _, err = record(school, "--from", str(bulk))
    assert code == 1
    assert err.strip().startswith(
        f"error: {bulk}, line 3: review_meeting for {WALSH} on 20/11/2026 is already "
        "recorded (record 1, by "
    ), err
    with History(school / "attcli-history.sqlite3") as store:
        assert len(store.actions()) == 1
