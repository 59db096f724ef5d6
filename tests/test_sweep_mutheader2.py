"""Sweep of 5 December (sixth), mutheader2: mutation testing of header detection's refusals
(src/attcli/loaders/_headers.py: `_three_rows`, `_dated_columns`, `_date_headed`,
`_dates_over_pupils`, `check_match`, `check_override_fields`, `has`/`unmet`).  A survivor
there is a real export refused for the wrong reason (the officer told to fix the wrong
thing) or a broken one accepted.  Each test is a small export whose right refusal is worked
out by hand from docs/presets.md, at the boundary a surviving mutant crossed; each was seen
to pass on the code and fail on its mutant."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers


def _refusal(tmp_path: Path, text: str, **kwargs: object) -> str:
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_registers([path], **kwargs)  # type: ignore[arg-type]
    return str(e.value)


# --- _three_rows: a header on three rows is three adjacent rows, under pupil columns -------
# attcli reads a header of one row or two adjacent rows (dates, then AM/PM); a header whose
# pupil columns sit on a row of their own above them is refused as "on three lines".


@pytest.mark.parametrize(
    "text",
    [
        # a blank line between the pupil columns' row and the dates
        "Name,UPN,Year,Mon,,Tue,\n,,,,,,\n,,,07/09/2026,,08/09/2026,\n,,,AM,PM,AM,PM\n"
        '"Smith, Jo",A999201600101,Year 7,/,\\,N,N\n',
        # a blank line between the dates and AM/PM
        "Name,UPN,Year,Mon,,Tue,\n,,,07/09/2026,,08/09/2026,\n,,,,,,\n,,,AM,PM,AM,PM\n"
        '"Smith, Jo",A999201600101,Year 7,/,\\,N,N\n',
    ],
    ids=["gap-after-pupil-row", "gap-after-dates"],
)
def test_rows_apart_are_no_three_row_header(tmp_path, text):
    """A blank line ends a header (find_header joins adjacent rows only): rows 1, 3 and 4
    (or 1, 2 and 4) are not "the header on three lines", whose count and advice would name
    lines that are not one header.  The row beside the pupil columns is refused for what
    it is: weekdays with no date (mutants: either adjacency test of `_three_rows` dropped
    said "the header is on three lines ... the dates on line 3")."""
    text = _refusal(tmp_path, text)
    assert "line 1: the columns from 'Mon' are headed by a weekday with no date" in text
    assert "three lines" not in text


def test_a_title_over_a_two_row_header_is_no_three_row_header(tmp_path):
    """A title row ('Class 7A register') over a two-row header (Name and the dates, then
    AM/PM) that lacks a pupil id: the title holds no pupil column, so the header is the two
    rows below and what it lacks is the UPN or MIS id (mutant: `not pupil` dropped said
    "the pupil columns on line 1 ('Class 7A register')", the officer told to move a title)."""
    text = _refusal(
        tmp_path,
        "Class 7A register,,,,,\nName,Year,07/09/2026,,08/09/2026,\n,,AM,PM,AM,PM\n"
        '"Smith, Jo",7,/,\\,N,N\n',
    )
    assert "line 2: no header row found" in text
    assert "missing pupil id: upn (looked for: 'UPN'" in text
    assert "three lines" not in text


# --- _date_headed: a date and a time over AM and PM, said only of a date with a time over --
# --- AM/PM ---------------------------------------------------------------------------------


def test_dates_alone_over_am_pm_are_refused_for_what_the_header_lacks(tmp_path):
    """A good two-row header (dates over AM and PM) with a UPN but no name column: the
    header is read, and what it lacks is the pupil name (a UPN needs a name beside it).
    The dates carry no time (mutant: `_CLOCK_AFTER` dropped said "headed by a date and a
    time over AM and PM" and told the officer to take a time off dates that have none)."""
    text = _refusal(
        tmp_path,
        "UPN,Year,07/09/2026,,08/09/2026,\n,,AM,PM,AM,PM\nA999201600101,7,/,\\,N,N\n",
    )
    assert "line 1: no header row found" in text
    assert "missing pupil name" in text
    assert "a date and a time" not in text


def test_dates_with_a_time_over_no_session_are_said_to_have_it_under_them(tmp_path):
    """'07/09/2026 09:00' over 'Reg' (a register's name, no session): the cell under the
    dates is no AM or PM, and that is what is said ("have 'Reg' under them"); it is not "a
    date and a time over AM and PM" (mutant: the `_SESSION_CELL` test of the cell under
    dropped said so, advising a time be taken off while the row below still holds no
    session)."""
    text = _refusal(
        tmp_path,
        'UPN,Name,07/09/2026 09:00,07/09/2026 13:30\n,,Reg,Reg\nA999201600101,"Smith, Jo",/,\\\n',
    )
    assert "line 1: the columns from '07/09/2026 09:00' have 'Reg' under them" in text
    assert "over AM and PM:" not in text


def test_am_in_a_title_row_is_no_session_row_above_the_dates(tmp_path):
    """A title row ('Sessions shown', 'AM': a report's filter) over a header of dates with
    a word that is no session ('07/09/2026 Reg').  The title row has text over the pupil
    columns, so it is no upper half of the header (AM/PM over the dates): the header's own
    fault is said, that 'Reg' is no session (mutant: the empty-over-the-pupil-columns test
    dropped said the columns "have 'AM' above them", the dates to be put first)."""
    text = _refusal(
        tmp_path,
        "Sessions shown,,AM,\nUPN,Name,07/09/2026 Reg,08/09/2026 Reg\n"
        'A999201600101,"Smith, Jo",/,\\\n',
    )
    assert "line 2: the columns from '07/09/2026 Reg' are headed by a date and 'Reg'" in text
    assert "above them" not in text


def test_session_headers_are_no_dates_that_attcli_cannot_read(tmp_path):
    """'07/09/2026 AM' and '07/09/2026 PM' are session headers attcli reads; a header of
    them with a UPN and no name lacks the pupil name, and that is what is said (mutant: the
    `not looks_like_session_header` test dropped took '07/09/2026 AM' for a date with a
    word, "'AM', which is no session")."""
    text = _refusal(tmp_path, "UPN,Year,07/09/2026 AM,07/09/2026 PM\nA999201600101,7,/,\\\n")
    assert "line 1: no header row found" in text
    assert "missing pupil name" in text
    assert "no session" not in text


# --- _dates_over_pupils: a title row's print date is no row of dates ---------------------


def test_a_title_rows_print_date_over_a_pupil_list_is_no_row_of_dates(tmp_path):
    """A title row ('Class 7A register', printed 04/12/2026) over a pupil list (UPN, Name,
    Group): the title row has text over the pupil columns, so its date heads no column; the
    file is a pupil list, said as such (mutant: the title-row test of `_dates_over_pupils`
    made false said "the columns from '04/12/2026' have 'Group' under them")."""
    text = _refusal(
        tmp_path,
        'Class 7A register,,04/12/2026\nUPN,Name,Group\nA999201600101,"Smith, Jo",7A\n',
    )
    assert "line 2: this looks like a pupil list" in text
    assert "under them" not in text


@pytest.mark.parametrize(
    "text",
    [
        # the date over an empty header cell: nothing is under it to name
        ',,07/09/2026,\nUPN,Name,,Group\nA999201600101,"Smith, Jo",,7A\n',
        # a print date over a blank line: the rows are not adjacent, no two-row header
        ',,04/12/2026\n,,\nUPN,Name,Group\nA999201600101,"Smith, Jo",7A\n',
    ],
    ids=["empty-under", "blank-line-between"],
)
def test_a_lone_date_not_over_a_header_cell_is_no_row_of_dates(tmp_path, text):
    """A row with a date alone, over a pupil list's header: under the date is an empty
    cell, or a blank line parts the two rows.  Neither is a date heading a column whose
    cell under it is no session; the file is a pupil list, said as such (mutants: `sub`
    dropped from `_dates_over_pupils` said "have '' under them"; the adjacency of the row
    below dropped from `_dated_columns` said "'04/12/2026' have 'Group' under them" across
    the blank line)."""
    text = _refusal(tmp_path, text)
    assert "this looks like a pupil list" in text
    assert "under them" not in text


def test_am_over_a_blank_line_is_not_above_the_dates(tmp_path):
    """AM on line 1, a blank line 2, then a header whose dates carry a word that is no
    session ('07/09/2026 Reg'): the AM row is not adjacent, so it is no upper half of the
    header; the header's own fault is said (mutant: the adjacency of the row above dropped
    said "have 'AM' above them (line 2)", naming the blank line)."""
    text = _refusal(
        tmp_path,
        ',,AM,\n,,,\nUPN,Name,07/09/2026 Reg,08/09/2026 Reg\nA999201600101,"Smith, Jo",/,\\\n',
    )
    assert "line 3: the columns from '07/09/2026 Reg' are headed by a date and 'Reg'" in text
    assert "above them" not in text


# --- _dated_columns: three unreadable date columns say it on any row -----------------------


def test_three_weeks_columns_are_said_on_a_row_with_no_pupil_column(tmp_path):
    """A row with no UPN or name ('Group') and three week's columns ('w/c 31/08/2026', ...,
    a week's marks in a cell): three such columns say it on any row (docstring of
    `_dated_columns`), so it is "hold a week's marks each", not a list of every header
    looked for (mutant: the three raised to four said no header row was found)."""
    text = _refusal(
        tmp_path,
        "Group,w/c 31/08/2026,w/c 07/09/2026,w/c 14/09/2026\n"
        "7A,/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\\n",
    )
    assert "line 1: the columns from 'w/c 31/08/2026' hold a week's marks each" in text


def test_week_numbers_alone_are_weeks_on_a_row_with_no_pupil_column(tmp_path):
    """'Week 1', 'Week 2', 'Week 3' (a week's marks in a cell, no date): on a row with no
    pupil column three week's headers say it whether or not they carry a date; only beside
    the pupils is a week's header without a date let pass (a list's own 'Week commencing')
    (mutant: `least < 3` dropped asked a date of them everywhere and said no header row was
    found)."""
    text = _refusal(
        tmp_path,
        "Group,Week 1,Week 2,Week 3\n7A,/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\,/\\/\\/\\/\\/\\\n",
    )
    assert "line 1: the columns from 'Week 1' hold a week's marks each" in text


def test_two_dates_with_no_year_in_a_title_row_are_not_said(tmp_path):
    """A title row ('Autumn half term 1', '01 Sep', '23 Oct': a half term's dates) over a
    header of session columns with a UPN and no name: two dates with no year on a row with
    no pupil column are a title's, not columns attcli cannot read (three are needed there),
    so what is said is the header's own lack, the pupil name (mutant: three lowered to two
    said "the columns from '01 Sep' are headed by dates with no year")."""
    text = _refusal(
        tmp_path,
        "Autumn half term 1,01 Sep,23 Oct,,\nUPN,Year,07/09/2026 AM,07/09/2026 PM\n"
        "A999201600101,7,/,\\\n",
    )
    assert "line 2: no header row found" in text
    assert "missing pupil name" in text
    assert "no year" not in text


def test_two_weekday_columns_beside_the_pupils_are_said(tmp_path):
    """'Mon' and 'Tue' beside a UPN and a name, with marks under them: two weekday columns
    beside the pupils say it (one may be a list's own, a 'Mon' club), so the register is
    refused for having no dates, not taken for a pupil list to give as --pupils, which
    would drop its marks (mutant: two raised to three)."""
    text = _refusal(tmp_path, 'UPN,Name,Mon,Tue\nA999201600101,"Smith, Jo",/\\,NN\n')
    assert "line 1: the columns from 'Mon' are headed by a weekday with no date" in text


def test_one_weekday_column_beside_the_pupils_is_a_lists_own(tmp_path):
    """A pupil list (UPN, Name, Group) with one 'Mon' column of clubs ('Chess'): one
    weekday's column beside the pupils may be the list's own, so the file is said to be a
    pupil list to give as --pupils, not a register headed by weekdays (mutant: two lowered
    to one)."""
    text = _refusal(tmp_path, 'UPN,Name,Group,Mon\nA999201600101,"Smith, Jo",7A,Chess\n')
    assert "line 1: this looks like a pupil list" in text
    assert "headed by a weekday" not in text


# --- check_match: a column override with no attcli.toml table -----------------------------


def test_a_mapping_with_no_config_table_is_not_told_to_edit_attcli_toml(tmp_path):
    """`read_table` with a column override and no attcli.toml table behind it (the API's
    caller names the columns): a mapping to a header that is not there, one close to a
    header that is ('Names' for 'Name'), is told to map it to a header the file
    has; there is no [table] in attcli.toml to write (mutants: `table` dropped from `close
    and table`, or `elif table` made true, wrote the fix into '[None]' in attcli.toml)."""
    from attcli.loaders import read_table

    path = tmp_path / "list.csv"
    path.write_text('UPN,Name\nA999201600101,"Smith, Jo"\n', encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_table(path, {"upn": ["UPN"], "name": ["Name"]}, ["upn"], {"name": "Names"})
    text = str(e.value)
    assert "the column override maps name to 'Names'" in text
    assert "Map it to a header the file has" in text
    assert "attcli.toml" not in text


def test_a_date_and_time_over_am_pm_with_a_column_beyond_is_said_as_such(tmp_path):
    """'07/09/2026 09:00' and '08/09/2026 09:00' over AM and PM, then a 'Group' column with
    nothing under it on the AM/PM row: the row below is the header's lower half though not
    every cell from the first date on is filled, so what is said is a date and a time over
    AM and PM, with the fix (give the dates no time) (mutant: `any` -> `all` of the cells
    under the dates said "a date and a time, not AM or PM", as if no AM/PM row were there)."""
    text = _refusal(
        tmp_path,
        "UPN,Name,07/09/2026 09:00,,08/09/2026 09:00,,Group\n,,AM,PM,AM,PM,\n"
        'A999201600101,"Smith, Jo",/,\\,N,N,7A\n',
    )
    assert (
        "line 1: the columns from '07/09/2026 09:00' are headed by a date and a time over AM and PM"
        in text
    )


def test_a_date_beyond_the_end_of_a_short_header_row_below(tmp_path):
    """A row with a date in its third cell over a header row of two cells (UPN, Name): the
    cell under the date is past the end of the row, so nothing is under it; the file is a
    pupil list, said as such (mutant: `<` -> `<=` of the index read past the row's end and
    failed unexpectedly, IndexError)."""
    text = _refusal(tmp_path, ',,07/09/2026\nUPN,Name\nA999201600101,"Smith, Jo"\n')
    assert "line 2: this looks like a pupil list" in text


def test_a_row_below_with_nothing_under_the_dates_is_no_lower_half(tmp_path):
    """Under the header ('UPN', 'Name', 'Group', '07/09/2026 Reg', ...) a row with 'Form'
    under 'Group' only: nothing is under the dates, so it is no lower half of a two-row
    header, and the header's own fault is said, 'Reg' no session (mutant: the test that
    something is under the dates dropped failed unexpectedly, StopIteration)."""
    text = _refusal(
        tmp_path,
        "UPN,Name,Group,07/09/2026 Reg,08/09/2026 Reg\n,,Form,,\n"
        'A999201600101,"Smith, Jo",7A,/,\\\n',
    )
    assert "line 1: the columns from '07/09/2026 Reg' are headed by a date and 'Reg'" in text


def test_a_three_row_header_is_said_under_the_integris_preset(tmp_path):
    """The three-row header of test_layouts (pupil columns on line 1, dates on line 2,
    AM/PM on line 3) given with `--preset integris` (a wide register only): said as a
    header on three lines, as with no preset (mutant: `shape == "wide"` -> `!=` looked for
    the three rows only under the other shapes, and the Integris user was told the weekdays
    on line 1 had no date, though the dates are on line 2)."""
    text = _refusal(
        tmp_path,
        "Name,UPN,Year,Mon,,Tue,\n,,,07/09/2026,,08/09/2026,\n,,,AM,PM,AM,PM\n"
        '"Smith, Jo",A999201600101,Year 7,/,\\,N,N\n',
        preset="integris",
    )
    assert "line 1: the header is on three lines" in text
