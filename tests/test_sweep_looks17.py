"""What the office reads, a seventeenth look (sweep of 7 December (second), looks17): a
check kept with --record is "the check recorded as of ...", never "the run" or a
"snapshot"; the certificate names a form with no year as a form; a workbook's sheets named
by a word beside a form column are not said to be a sheet for each form
(docs/decisions.md).  Wording only: what each rule decides is the sweeps' own tests'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from attcli.check import _run_before_note, _year_run_note
from attcli.snapshots import Snapshot
from test_sweep_layouts9 import _book, _said


def test_a_recorded_check_is_called_a_check_recorded_not_a_run() -> None:
    """The office recorded a check (`check --record`, or `cases`); it never did anything
    it calls "a run", and "run" is a run of absence in the same lines."""
    snap = SimpleNamespace(
        as_of=dt.date(2026, 10, 2), taken_at="2026-10-02 16:05:00", taken_by="office"
    )
    assert (
        Snapshot.describe(snap) == "the check as of 02/10/2026 recorded 02/10/2026 16:05 by office"
    )
    assert _year_run_note(snap, dt.date(2026, 9, 21)) == (
        "the check as of 02/10/2026 on record is of the school year to date, not the period "
        "from 21/09/2026: NEW compares with the check 7 days earlier, of the same period"
    )
    said = _run_before_note(snap, dt.date(2026, 10, 5), dt.date(2026, 9, 3))
    assert said == (
        "the check as of 02/10/2026 on record is not compared with: these exports begin "
        "05/10/2026, after it, so nothing is marked NEW and no change since it is listed: "
        "give the exports from 03/09/2026 (the start of the school year) to see what "
        "changed since that check"
    )


def test_the_certificate_names_a_form_with_no_year_as_a_form() -> None:
    """A pupil whose form ("Oak") has no year: the certificate's pupil table read
    "Year  (Oak)", a form in brackets under a heading it is not."""
    from attcli.certificate import year_and_form_row

    assert year_and_form_row({"year_group": None, "reg_group": "Oak"}) == ["Form", "Oak"]
    assert year_and_form_row({"year_group": "7", "reg_group": "7B"}) == ["Year and form", "7 (7B)"]
    assert year_and_form_row({"year_group": "7", "reg_group": None}) == ["Year", "7"]
    assert year_and_form_row({"year_group": None, "reg_group": None}) == ["Year and form", "–"]


def test_word_sheets_beside_a_form_column_are_not_called_a_sheet_for_each_form(
    tmp_path: Path,
) -> None:
    """Sheets "Oak" and "Willow" with a Class column: the rows' forms stand ("Oak" holds
    Ash's pupils), so the note no longer says "one register saved with a sheet for each
    form" (without the column each sheet is its pupils' form, and it still says so)."""
    from attcli.loaders import load_registers

    sheets = {"Oak": [(1, "Ash"), (2, "Ash")], "Willow": [(3, "Willow")]}
    said = _said(load_registers([_book(tmp_path / "column.xlsx", sheets, "Class")]))
    assert "(one register saved in parts, a sheet each)" in said
    assert "a sheet for each form" not in said
