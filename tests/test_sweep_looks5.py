"""What a person sees, a fifth pass (docs/decisions.md, sweep looks5).

Each test reads the visible text of a command at 80 columns (or the line of a refusal),
on small registers from Mon 7 Sep 2026 built for it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import check_json, one_line, run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"


# ------------------------------------------ 1. a quoted column name is kept on one line


def test_a_quoted_column_name_in_a_note_is_never_broken_across_two_lines(tmp_path):
    """The note naming an export's dated columns that are no session said, at 80
    columns, "'Wed" at the end of one line and "09/09/2026 Reg'" at the start of the next:
    the name, as the header has it, is read whole or not at all.  Printed by Rich (a
    note's first line) and by `terminal.wrapped` (an indented line), at every width from
    40 to 80 (by 4) each quoted name is on one line."""
    from io import StringIO

    from rich.console import Console

    from attcli.terminal import keep_units_whole, print_line
    from test_sweep_leftovers7 import _wide_with

    path = _wide_with(
        tmp_path, {"Mon 07/09/2026": ["Reg", "P1"], "Wed 09/09/2026": ["Reg"]}, "three.csv"
    )
    code, out, err = run_cli("check", path, "--as-of", "2026-09-11", width=80)
    assert code == 0, err
    names = ["'Mon 07/09/2026 Reg'", "'Mon 07/09/2026 P1'", "'Wed 09/09/2026 Reg'"]
    for name in names:
        assert any(name in line for line in err.splitlines()), (name, err)
    # (found by a name it quotes: the file's path, as long as the temporary folder's, may
    # be folded inside a word at 80 columns)
    note = next(ln for ln in " ".join(err.split()).split("note: ") if names[-1] in ln)
    keep_units_whole()
    for width in range(40, 81, 4):
        for indent in ("", "  "):
            buf = StringIO()
            print_line(Console(file=buf, width=width), indent + note)
            lines = buf.getvalue().splitlines()
            for name in names:
                assert any(name in line for line in lines), (width, indent, name, lines)
    # an apostrophe in a word ("period's", "O'Brien") opens no quote: those words wrap
    buf = StringIO()
    print_line(Console(file=buf, width=30), "a registration period's or a lesson's register")
    assert [ln.rstrip() for ln in buf.getvalue().splitlines()] == [
        "a registration period's or a",
        "lesson's register",
    ]


# --------------------------------------- 2. an xlsx cell refused as Excel shows the cell


def _book(tmp_path, name: str, column: str, cell: object):
    """Ash and Bell's Monday and Tuesday (7 and 8 Sep 2026) as a workbook of UPN,
    Surname, Forename, Date of Birth, Year, Date, Session and Mark, every mark present; the
    ``column`` cell of sheet row 3 (Bell's Monday AM) is ``cell`` instead."""
    import openpyxl

    head = ["UPN", "Surname", "Forename", "Date of Birth", "Year", "Date", "Session", "Mark"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(head)
    for day in (dt.date(2026, 9, 7), dt.date(2026, 9, 8)):
        for session in ("AM", "PM"):
            for upn, surname in (("A999100000001", "Ash"), ("B999100000002", "Bell")):
                ws.append([upn, surname, "Pupil", dt.date(2014, 3, 1), "Year 7", day, session,
                           "/" if session == "AM" else "\\"])  # fmt: skip
    ws.cell(3, head.index(column) + 1, cell)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("column", "cell", "shown", "raw"),
    [
        ("Mark", dt.datetime(2026, 9, 8, 8, 45), "'08/09/2026 08:45'", "2026-09-08 08:45:00"),
        ("Year", dt.datetime(2026, 9, 8), "'08/09/2026'", "2026-09-08 00:00:00"),
        ("Date of Birth", True, "'TRUE'", "'true'"),
        ("Date", dt.time(8, 45), "an Excel time cell (08:45), not a date", "1899"),
    ],
)  # fmt: skip
def test_an_xlsx_refusal_shows_the_cell_as_excel_shows_it(tmp_path, column, cell, shown, raw):
    """A refused workbook cell was quoted as the workbook reader writes it: a date-time
    cell as '2026-09-08 08:45:00' (Excel shows 08/09/2026 08:45 in an English school's
    Excel), a date cell with its midnight, a time cell as a date-time of 31/12/1899 and a
    TRUE cell as 'true'.  The office member looks for the cell they see, so the refusal
    quotes it so; still one line naming the file, the row and the column.  A time cell
    where the date goes was "Sunday 31/12/1899 is a weekend day" (the day before Excel's
    first): it is said to be a time cell."""
    path = _book(tmp_path, f"{column.replace(' ', '_')}.xlsx", column, cell)
    code, result, err = check_json(path, as_of="2026-09-08")
    assert code == 1 and result is None
    line = one_line(err)
    assert ", row 3:" in line and f"(column '{column}')" in line, line
    assert shown in line, line
    assert raw not in line, line


# ------------------------------------ 3. the pupil record: a code with its count, a UPN


ONE = "W999290026002"
LONG = ("Wolfeschlegelsteinhausen-Bergerdorff-Ní Bhriain", "Anastasia-Maximiliana Józefina")


def _pupil_export(tmp_path, surname: str | None = None, forename: str | None = None):
    """ONE's two weeks from Mon 7 Sep 2026: ill (I) Monday and Tuesday, N all Wednesday,
    O on Thursday morning, present otherwise (I 4, N 2, O 1); OTHER present throughout."""
    reg = register(
        {ONE: " ".join(["I", "I", "N", "O\\"] + [P] * 6), "OTHER": " ".join([P] * 10)}
    )
    if surname is not None:
        reg = reg.with_columns(
            pl.when(pl.col("upn") == ONE).then(pl.lit(surname)).otherwise(pl.col("surname"))
            .alias("surname"),
            pl.when(pl.col("upn") == ONE).then(pl.lit(forename)).otherwise(pl.col("forename"))
            .alias("forename"),
        )  # fmt: skip
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def test_the_pupil_record_s_absence_by_code_never_breaks_a_code_from_its_count(tmp_path):
    """ "Absence by code: I 4 (illness), N 2 (reason for absence not yet established), O"
    then "1 (absent in other or unknown circumstances)" at 80 columns: the O's count began
    the next line, read as a count of nothing.  A code and its count stay together."""
    export, config = _pupil_export(tmp_path)
    code, out, err = run_cli("pupil", ONE, export, "-c", config, "--as-of", "2026-09-18",
                             width=80)  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("Absence by code: "))
    said = " ".join(" ".join(lines[at : at + 3]).split())
    assert said.startswith(
        "Absence by code: I 4 (illness), N 2 (reason for absence not yet established), "
        "O 1 (absent in other or unknown circumstances)"
    ), said
    for ln in lines[at : at + 2]:
        assert len(ln.rstrip()) <= 80, ln
    assert any("O 1 (absent" in ln for ln in lines[at : at + 2]), lines[at : at + 2]


def test_the_pupil_record_s_first_line_keeps_upn_with_the_upn(tmp_path):
    """A pupil whose names fill the first line: "...Ní…  UPN" over "W999290026002": the
    label and the number on two lines.  "UPN" stays with its UPN (and "Year" with the
    year, "born" with the date)."""
    export, config = _pupil_export(tmp_path, *LONG)
    code, out, err = run_cli("pupil", ONE, export, "-c", config, "--as-of", "2026-09-18",
                             width=80)  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert any(f"UPN {ONE}" in ln for ln in lines[:2]), lines[:2]
    assert all(len(ln.rstrip()) <= 80 for ln in lines[:2]), lines[:2]


# ------------------------------------------- 4. the letters' list: a file's name whole


def test_the_letters_list_gives_each_file_s_name_whole(tmp_path):
    """A pupil with long names: the dry run listed the letter's file as
    "W999290026002_Wolfeschlegelsteinhausen-Berge_Anastasia-Maximiliana_Jozefina_" over
    "red…", its name cut at 80 characters with ".pdf" lost: the office member looks in
    the folder for a file the list does not name.  The name is attcli's own, and shown
    whole (folded at the terminal's edge, as a word longer than a line is)."""
    from school import contacts_file, make_workspace

    reg = register({ONE: " ".join(["O"] * 9 + [P]), "OTHER": " ".join([P] * 10)})
    reg = reg.with_columns(
        pl.when(pl.col("upn") == ONE).then(pl.lit(LONG[0])).otherwise(pl.col("surname"))
        .alias("surname"),
        pl.when(pl.col("upn") == ONE).then(pl.lit(LONG[1])).otherwise(pl.col("forename"))
        .alias("forename"),
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "contacts.csv", [(ONE, "1", "Mrs", "Ann", "Parent")])
    code, out, err = run_cli("letters", export, "-c", config, "--contacts", contacts,
                             "--as-of", "2026-09-18", "--dry-run", width=80)  # fmt: skip
    assert code == 0, err
    flat = "".join(ln.strip() for ln in out.splitlines())
    name = f"{ONE}_Wolfeschlegelsteinhausen-Berge_Anastasia-Maximiliana_Jozefina_severe.pdf"
    assert name in flat, out
    assert "…" not in out, out


# ------------------------------- 5. a time the history recorded, as every other is shown


_STORED = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
_SHOWN = r"\d\d/\d\d/\d{4} \d\d:\d\d"


def test_the_la_return_and_a_second_void_name_a_recorded_time_as_dd_mm_yyyy(tmp_path):
    """looks3 gave every recorded time as "05/12/2026 16:23" (`datetext.recorded_time`);
    four lines still showed the history's stored text, "2026-12-05 21:41:32": the LA
    return run again ("the same as return 1, written ..."), its file refused as one on
    record, and a penalty notice or casebook record voided a second time."""
    import re

    from school import contacts_file, make_workspace

    reg = register({ONE: " ".join(["O"] * 10), "OTHER": " ".join([P] * 10)},
                   dob={ONE: dt.date(2014, 3, 1), "OTHER": dt.date(2014, 3, 1)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "contacts.csv", [(ONE, "1", "Mrs", "Ann", "Parent")])
    out_file = tmp_path / "return.csv"
    said = []
    for args in (
        ("la-return", export, "-c", config, "--month", "2026-09", "--as-of", "2026-09-18", "-o", out_file),
        ("la-return", export, "-c", config, "--month", "2026-09", "--as-of", "2026-09-18", "-o", tmp_path / "again.csv"),
        ("la-return", export, "-c", config, "--month", "2026-09", "--as-of", "2026-09-18", "-o", out_file),
    ):
        code, out, err = run_cli(*args, width=200)
        said.append(" ".join(err.split()))
    assert "the same as return 1, written " in said[1], said[1]
    assert "it is return 1 on record, written " in said[2], said[2]
    code, out, err = run_cli("pn", "record", ONE, export, "-c", config, "--contacts", contacts,
                             "--parent", "Ann Parent", "--date", "2026-09-18", "--as-of", "2026-09-18")  # fmt: skip
    assert code == 0, err
    for _ in range(2):
        code, out, err = run_cli("pn", "void", "1", "-c", config, "--reason", "in error")
    said.append(" ".join(err.split()))
    assert "was already voided on " in said[3], said[3]
    for line in said[1:]:
        assert not re.search(_STORED, line), line
        assert re.search(_SHOWN, line), line
    # the list's last column said "a notice today would be: VOID (...)" of a void notice
    code, out, err = run_cli("pn", "list", "-c", config, width=80)
    assert code == 0, err
    listed = " ".join(out.split())
    assert "next notice, or void: VOID (" in listed and "would be: VOID" not in listed, listed


# ------------------------------- 6. the changes since the last run name a group in words


def test_the_changes_since_the_last_run_name_the_group_as_the_check_does(tmp_path):
    """ONE absent (O) every session of the second week: in the penalty-notice group as
    of Fri 18 Sep, not as of Fri 11 Sep.  The check's "Changed since" table said "now in"
    and, as its detail, "pn": the group's key, which an office member never sees
    elsewhere (the check calls it "Penalty-notice threshold").  The detail names the
    group in the words of the last run's lines (`snapshots.GROUP_WORDS`)."""
    import re

    from school import make_workspace

    reg = register({ONE: " ".join([P] * 5 + ["O"] * 5), "OTHER": " ".join([P] * 10)},
                   dob={ONE: dt.date(2014, 3, 1), "OTHER": dt.date(2014, 3, 1)})  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    for as_of in ("2026-09-11", "2026-09-18"):
        code, out, err = run_cli("check", export, "-c", config, "--as-of", as_of, "--record",
                                 width=80)  # fmt: skip
        assert code == 0, err
    changed = out[out.index("Changed since") :]
    assert "now in" in changed and "penalty-notice threshold" in changed, changed
    assert "continuous unexplained absence" in changed, changed
    assert not re.search(r"detail: (pn|absence)\b|│ (pn|absence) +│", changed), changed


def test_a_table_s_title_wraps_at_the_terminal_s_width_not_the_table_s(tmp_path):
    """A narrow table under a long title: the check's "Changed since the check as of
    24/09/2026 (recorded" over "05/12/2026 21:47 by root): 1" above a table 48 columns
    wide on an 80-column terminal, its title broken at the table's edge.  The title is a
    line of its own, wrapped at the terminal's width."""
    from school import make_workspace

    reg = register({"A1": " ".join([P] * 5 + ["O"] * 5), "B1": " ".join([P] * 10)})
    reg = reg.with_columns(pl.lit("Ash").alias("surname"), pl.lit("Amy").alias("forename"))
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    for as_of in ("2026-09-11", "2026-09-18"):
        code, out, err = run_cli("check", export, "-c", config, "--as-of", as_of, "--record",
                                 width=80)  # fmt: skip
        assert code == 0, err
    lines = out[out.index("Changed since") :].splitlines()
    title = lines[: next(i for i, ln in enumerate(lines) if ln.startswith("┏"))]
    assert "".join(title).count("Changed since") == 1, lines
    for line, after in zip(title, title[1:], strict=False):
        # each line of the title full to the terminal's edge: the next word did not fit
        assert len(line.rstrip()) + 1 + len(after.split()[0]) > 80, title


# --------------------------------------- 7. a report's chart with no bar is left out


def test_a_report_chart_whose_every_group_is_hidden_is_left_out(tmp_path):
    """Three year groups of fewer than 5 pupils each: the report drew "Attendance by year
    group" (and by registration group) as a chart of no bar, each row "not shown: see the
    table", over a table that shows no figure either ("fewer than 5 pupils").  A chart
    with nothing to draw is left out (the table says why)."""
    reg = pl.concat([
        register({f"A{i}": " ".join([P] * 10) for i in range(2)}, year_group="7"),
        register({f"B{i}": " ".join([P] * 10) for i in range(2)}, year_group="8"),
    ])  # fmt: skip
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv", groups=True)
    code, out, err = run_cli("report", export, "-c", tmp_path / "attcli.toml",
                             "--as-of", "2026-09-18", "-o", tmp_path / "r.html")  # fmt: skip
    assert code == 0, err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "fewer than 5 pupils" in page
    assert "not shown: see the table" not in page
    assert "Attendance by year group" not in page and "Attendance by registration group" not in page


# ----------------------------------------------- 8. national show: its figures' unit


def test_national_show_says_what_its_figures_are_in(tmp_path):
    """`attcli national show` listed "attendance 94.5 ... PA 14.55841 SA 0.85439" under
    headings without a unit: a figure of what?  Under each release's table a line says
    they are percentages, of sessions or of pupils (PA and SA, as the report's)."""
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    code, out, err = run_cli("--workspace", tmp_path, "national", "show", width=80)
    assert code == 0, err
    said = " ".join(out.split())
    assert (
        "each figure a percentage: attendance, absence and unauthorised absence of possible "
        "sessions; PA (persistent absence) and SA (severe absence) of pupils"
    ) in said, out
