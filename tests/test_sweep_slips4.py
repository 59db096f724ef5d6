"""Sweep slips4: the office's machine and files, a fourth pass (docs/decisions.md, sweep of
6 December (third), slips4).  Each file is made by hand as the office's Excel or MIS leaves
it, and read beside the same register as the MIS wrote it."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest

from attcli.contacts import load_contacts
from attcli.errors import InputError
from attcli.loaders import load_registers, read_pupil_list
from builders import pasted_below, register, write_long_csv
from clirun import one_line, run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

LAYOUTS = Path(__file__).parent / "data" / "layouts"
P = "/\\"
WEEK = " ".join([P] * 5)
#: two weeks, two days absent unauthorised (16 of 20 sessions, 80 %: red)
RED = " ".join([WEEK, "O", "O", P, P, P])


def _with_separator(source: Path, target: Path, sep: str, *, line: str | None = None,
                    encoding: str = "utf-8-sig") -> Path:  # fmt: skip
    """``source`` (a comma CSV) written with ``sep`` between its cells, as Excel where the
    list separator is ``sep`` saves it (CR LF, quotes only where needed), under Excel's
    first line ``sep=X`` (or ``line``, as given)."""
    with source.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(rows)
    first = f"sep={sep}" if line is None else line
    target.write_text(first + "\r\n" + out.getvalue(), encoding=encoding, newline="")
    return target


# --- 1. A CSV whose first line is sep=; ----------------------------------------------------


@pytest.mark.parametrize("sep", [";", "\t", "|", ","])
def test_a_csv_under_a_sep_line_is_read_with_the_separator_it_names(
    tmp_path: Path, sep: str
) -> None:
    """Excel's first line ``sep=;`` says the file's separator: no guess.  A long register
    (Arbor's times), a wide one with a header on two lines under a title row (its names
    'Evans, Mia' hold a comma, unquoted in a semicolon file), and a packed one (its marks
    string holds commas) each read as the comma file does, every row's line the file's
    own: one further down, the ``sep=`` line being line 1.  ``sep=,`` reads as before."""
    for name in ("arbor_times.csv", "wide_two_rows.csv", "bromcom_packed.csv"):
        plain = load_registers([LAYOUTS / name])
        sepped = load_registers([_with_separator(LAYOUTS / name, tmp_path / name, sep)])
        a = plain.register.drop("source").with_columns(line=plain.register["line"] + 1)
        b = sepped.register.drop("source")
        assert b.height > 0 and b.equals(a), name
        read = (
            f"line 1: 'sep={'(a tab)' if sep == chr(9) else sep}' read: the cells are "
            f"separated by {SEPARATED[sep]}, as it says"
        )
        said = [s.replace("line 1: title row 'Attendance", "line 2: title row 'Attendance")
                .replace("lines (2 and 3)", "lines (3 and 4)") for s in plain.files[0].skipped]
        assert sepped.files[0].skipped == [read, *said], name


SEPARATED = {";": "semicolons", "\t": "tabs", "|": "vertical bars", ",": "commas"}


def _school(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workspace, a register of three red pupils (7 to 18 September) and their contacts."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"AAA": RED, "BBB": RED, "CCC": RED})
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("AAA", "1", "Mrs", "Ann", "Aa"), ("BBB", "2", "Mr", "Bob", "Bb"),
         ("CCC", "3", "Ms", "Cat", "Cc")],
    )  # fmt: skip
    return ws, export, contacts


def test_a_pupil_list_and_a_contacts_export_under_sep_are_read_too(tmp_path: Path) -> None:
    """Every reader of a CSV reads the ``sep=`` line: the pupil list (``--pupils``) and the
    contacts export (``--contacts``) as the register; the letters run on them as on the
    comma files (three letters, to Ann, Bob and Cat)."""
    ws, export, contacts = _school(tmp_path)
    semi_contacts = _with_separator(contacts, tmp_path / "contacts_semi.csv", ";")
    one_down = {
        upn: [dataclasses.replace(c, line=c.line + 1) for c in those]
        for upn, those in load_contacts(contacts).by_upn.items()
    }
    assert load_contacts(semi_contacts).by_upn == one_down
    pupils = _with_separator(LAYOUTS / "sims_pupils.csv", tmp_path / "pupils.csv", ";")
    plain, sepped = read_pupil_list(LAYOUTS / "sims_pupils.csv"), read_pupil_list(pupils)
    assert sepped.pupils.height == 3 and sepped.pupils.equals(plain.pupils)
    semi_export = _with_separator(export, tmp_path / "reg_semi.csv", ";")
    code, out, err = run_cli(
        "letters", semi_export, "--contacts", semi_contacts, "-c", ws, "--out",
        tmp_path / "l", "--as-of", "2026-09-18", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "3 letters would be written" in " ".join((out + err).split())


def test_errors_in_a_sep_file_name_the_file_s_own_lines(tmp_path: Path) -> None:
    """The ``sep=`` line is line 1: an unknown code on the register's fourth row is on line
    6 (the header on 2), as Notepad numbers it; a name holding the separator unquoted is
    one cell too many, on its line, said in the file's separator's words; a Windows-1252
    file under ``sep=;`` is read as UTF-8's (Siân)."""
    rows = [
        "UPN;Surname;Forename;Date;Session;Mark",
        *[f"A1;Aa;Ann;{d:02d}/09/2026;{s};/" for d in (7, 8) for s in ("AM", "PM")],
    ]
    bad = rows[:4] + ["A1;Aa;Ann;08/09/2026;PM;Q9"]
    path = tmp_path / "bad.csv"
    path.write_text("sep=;\r\n" + "\r\n".join(bad) + "\r\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value).startswith(f"{path}, line 6: unknown attendance code 'Q9'"), info.value
    extra = rows[:2] + ["A1;Aa;Ann; Jr;07/09/2026;PM;/"]
    path.write_text("sep=;\n" + "\n".join(extra) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value) == (
        f"{path}, line 4: more cells than the header row (line 2 has 6): cell 7 has no "
        "header: '/'. A cell that holds a semicolon (the file's separator, as its first line "
        'sep=; says) must be in quotes ("Smith; Ava"): export the register again'
    )
    accented = [rows[0], *[r.replace("Ann", "Siân") for r in rows[1:]]]
    path.write_bytes(("sep=;\r\n" + "\r\n".join(accented) + "\r\n").encode("cp1252"))
    result = load_registers([path])
    assert set(result.register["forename"].to_list()) == {"Siân"}
    assert result.register["line"].to_list() == [3, 4, 5, 6]


def test_a_sep_line_that_does_not_fit_the_file_is_refused_in_one_line(tmp_path: Path) -> None:
    """A ``sep=;`` line left on a file another tool then wrote with commas would read every
    row as one cell ("no header row found"): refused naming the line and what to do.  A
    ``sep=`` naming a letter attcli cannot read as a separator is refused at line 1."""
    ws, export, _ = _school(tmp_path)
    lying = tmp_path / "lying.csv"
    lying.write_text("sep=;\n" + export.read_text(), encoding="utf-8")
    code, _, err = run_cli("check", lying, "-c", ws, "--as-of", "2026-09-18")
    assert code == 1
    assert one_line(err) == (
        f"error: {lying}, line 2: the first line says the cells are separated by semicolons "
        "(sep=;), but this line is separated by commas: "
        "'UPN,Surname,Forename,Date of Birth,Date,Session,Mark'. Change the first line to "
        "'sep=,' (the separator the rows use) or remove it, or export it again from the MIS"
    )
    odd = tmp_path / "odd.csv"
    odd.write_text("sep=x\n" + export.read_text().replace(",", "x"), encoding="utf-8")
    code, _, err = run_cli("check", odd, "-c", ws, "--as-of", "2026-09-18")
    assert code == 1
    assert one_line(err).startswith(
        f"error: {odd}, line 1: the first line 'sep=x' says the cells are separated by 'x', "
        "which attcli does not read as a separator. attcli reads CSV separated by commas"
    )


# --- 3. Workbooks as the office saves them -------------------------------------------------


def _book(rows: list[list[object]], path: Path, *, hide: tuple[int, ...] = (),
          filtered: bool = False) -> Path:  # fmt: skip
    """``rows`` as a workbook's one sheet, sheet rows ``hide`` hidden (Excel's Hide, or a
    filter's work when ``filtered``: the filter's range kept as Excel keeps it)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for r in hide:
        ws.row_dimensions[r].hidden = True
    if filtered:
        ws.auto_filter.ref = f"A1:F{ws.max_row}"
    wb.save(path)
    return path


def _long_rows(marks: dict[str, str]) -> list[list[object]]:
    """A long register's header and rows: each pupil's marks, AM and PM from Mon 7 Sep."""
    rows: list[list[object]] = [["UPN", "Surname", "Forename", "Date", "Session", "Mark"]]
    for upn, text in marks.items():
        for i, token in enumerate(text.split()):
            for session, mark in zip(("AM", "PM"), token, strict=True):
                rows.append([upn, f"S{upn}", f"F{upn}", f"{7 + i:02d}/09/2026", session, mark])
    return rows


def test_rows_hidden_by_hand_are_read_and_said(tmp_path: Path) -> None:
    """The office hid B's rows (Hide) and saved: a hidden row is still the MIS's data, so
    every row is read (B absent O on Monday, 8 of 10 present), and a note says which rows
    were out of view, so the person who saw A's rows alone knows why B is counted: a run
    of rows as a run, two rows together each, and a filter's work as the filter's.  Empty
    rows hidden below the data (a writer may mark them so) are not counted."""
    rows = _long_rows({"A1": "/\\ /\\ /\\ /\\ /\\", "B1": "OO /\\ /\\ /\\ /\\"})
    hide = tuple(range(12, 22))  # (B's ten rows: 12 to 21)
    path = _book(rows, tmp_path / "hidden.xlsx", hide=hide)
    result = load_registers([path])
    present = result.register.filter(result.register["category"] == "present")
    assert present.group_by("upn").len().sort("upn").rows() == [("A1", 10), ("B1", 8)]
    notes = [w for w in result.warnings if "hidden" in w]
    assert notes == [
        f"{path}: 10 rows of the sheet are hidden in Excel: rows 12 to 21; every row "
        "is read, the hidden ones too (hiding a row does not delete it: the export is every "
        "row); unhide them in Excel to see what attcli reads"
    ]
    path = _book(rows, tmp_path / "two.xlsx", hide=(3, 4, 9))
    assert [w for w in load_registers([path]).warnings if "hidden" in w] == [
        f"{path}: 3 rows of the sheet are hidden in Excel: rows 3, 4 and 9; every row "
        "is read, the hidden ones too (hiding a row does not delete it: the export is every "
        "row); unhide them in Excel to see what attcli reads"
    ]
    path = _book(rows, tmp_path / "filtered.xlsx", hide=(3, 5, 7), filtered=True)
    assert [w for w in load_registers([path]).warnings if "hidden" in w] == [
        f"{path}: 3 rows of the sheet are hidden by its filter (Excel's Filter): rows 3, 5 "
        "and 7; every row is read, the hidden ones too (hiding a row does not delete it: the "
        "export is every row); unhide them in Excel to see what attcli reads"
    ]
    path = _book(rows, tmp_path / "plain.xlsx", hide=tuple(range(30, 40)))
    assert not [w for w in load_registers([path]).warnings if "hidden" in w]  # (empty rows)


def test_a_contact_on_a_hidden_row_is_still_written_to_and_said(tmp_path: Path) -> None:
    """A contacts workbook whose second parent's row the office hid (to stop letters to
    them?): hiding a row does not take the contact out of the export, so letters still go
    to them; the run says which rows were hidden, naming the file."""
    _, _, contacts = _school(tmp_path)
    rows = [line.split(",") for line in contacts.read_text().splitlines()]
    path = _book(rows, tmp_path / "contacts.xlsx", hide=(3,))
    book = load_contacts(path)
    assert sorted(book.by_upn) == ["AAA", "BBB", "CCC"]
    assert [n for n in book.notes if "hidden" in n] == [
        f"{path}: 1 row of the sheet is hidden in Excel: row 3; every row is read, the "
        "hidden ones too (hiding a row does not delete it: the export is every row); unhide "
        "it in Excel to see what attcli reads"
    ]


# --- 4. The same export twice --------------------------------------------------------------


def test_the_same_export_downloaded_twice_is_read_once_and_said(tmp_path: Path) -> None:
    """``register.csv`` and ``register (1).csv``, the same download made twice: read, the copy
    added every row again ("N duplicate session rows removed" of the whole file) and each of
    its notes twice.  Now the copy is named and read once; the figures are the one file's.
    Two files of the same size but other bytes are both read."""
    _, export, _ = _school(tmp_path)
    copy = tmp_path / "reg (1).csv"
    copy.write_bytes(export.read_bytes())
    alone, both = load_registers([export]), load_registers([export, copy])
    assert both.register.equals(alone.register)
    assert both.warnings == [
        f"{copy} holds the same bytes as {export} (a second download or copy of one export): "
        "read once",
        *alone.warnings,
    ]
    other = tmp_path / "other.csv"
    other.write_bytes(export.read_bytes().replace(b",/\n", b",L\n", 1))
    assert other.stat().st_size == export.stat().st_size
    with pytest.raises(InputError, match="conflicting marks"):
        load_registers([export, other])
    # (the same size and the same first 64 KiB, a mark apart further down: both read)
    big = write_long_csv(register({f"P{i:02d}": " ".join([WEEK] * 8) for i in range(40)}),
                         tmp_path / "big.csv", dob=True)  # fmt: skip
    text = big.read_bytes()
    assert len(text) > 1 << 17
    later = tmp_path / "big2.csv"
    later.write_bytes(text[:-3] + text[-3:].replace(b"\\", b"L"))
    assert later.stat().st_size == big.stat().st_size and later.read_bytes() != text
    with pytest.raises(InputError, match="conflicting marks"):
        load_registers([big, later])


# --- 5. What else an office does to a file -------------------------------------------------


def test_upns_whose_first_letter_was_lost_are_refused_in_every_reader(tmp_path: Path) -> None:
    """``999201618043`` for ``A999201618043``: the letter lost (a formula kept the digits).
    Read, each pupil was still told apart (the figures right), but the LA's files carried
    UPNs that are no child's and the contacts export, which keeps the letter, matched no
    pupil: refused in one line, naming the first row, in the register, the pupil list and
    the contacts export.  One such value among real UPNs stays the typing slip it was
    (a note: tests of the odd-UPN rule)."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        f"{upn},S,F,{d:02d}/09/2026,{s},/"
        for upn in ("999201618043", "999201618044") for d in (7, 8) for s in ("AM", "PM")
    ]  # fmt: skip
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value) == (
        f"{path}, line 2: the UPN '999201618043' (and 1 more like it) has 12 characters and "
        "no letter first, where a UPN has 13 characters: a letter, 11 digits, then a digit or "
        "letter: the first letters look lost (a formula, or Find and Replace, kept the digits "
        "alone), and no local authority file or contacts export would match them (column "
        "'UPN'). Export it again from the MIS with the UPNs whole (the letter and 12 more)"
    )
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("UPN,Surname,Forename\n999201618043,S,F\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pupils\.csv, line 2: the UPN '999201618043' has"):
        read_pupil_list(pupils)
    contacts = contacts_file(tmp_path / "c.csv", [("999201618043", "1", "Mrs", "Ann", "Aa")])
    with pytest.raises(InputError, match=r"c\.csv, line 2: the UPN '999201618043' has"):
        load_contacts(contacts)
    mixed = rows + [r.replace("999201618043", "C999201618045") for r in rows[1:5]]
    mixed = [r.replace("999201618044,", "A999201618044,") for r in mixed]
    path.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    result = load_registers([path])
    assert result.register["upn"].n_unique() == 3
    assert any("'999201618043'" in w for w in result.warnings)


def test_a_zero_typed_for_the_letter_o_is_said(tmp_path: Path) -> None:
    """A mark keyed in by hand in Excel as ``0`` (zero) for ``O``: still an unknown code
    (attcli does not guess), but the line says the zero is where the letter O goes."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark", "A999201618043,S,F,07/09/2026,AM,/",
            "A999201618043,S,F,07/09/2026,PM,0"]  # fmt: skip
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value).startswith(
        f"{path}, line 3: unknown attendance code '0' for pupil 'A999201618043' (1 session "
        "with an unknown code: '0'); '0' holds a zero where the code 'O' has the letter O "
        "(column 'Mark'). Valid codes: "
    ), info.value


@pytest.mark.parametrize("value", ["07-Sep", "7 Sep", "07/09"])
def test_a_date_excel_saved_without_its_year_is_said_so(tmp_path: Path, value: str) -> None:
    """A Date column formatted 'd-mmm' (or 'dd/mm') in Excel is saved in a CSV as Excel
    shows it, '07-Sep': no year, so no date attcli can know.  Still refused, but the line
    says the year is missing and how to keep it, where it listed the formats alone."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark", f"A999201618043,S,F,{value},AM,/"]
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value).startswith(
        f"{path}, line 2: not a date: it has no year (as Excel shows a date formatted 'd-mmm' "
        "or 'dd/mm', and saves it so in a CSV): format the column as dates (dd/mm/yyyy) in "
        "Excel before saving; dates must be DD/MM/YYYY"
    ), info.value


def test_a_header_row_sorted_in_among_the_rows_is_refused_not_read_as_a_title(
    tmp_path: Path,
) -> None:
    """Sorted in Excel without 'My data has headers' ticked, the header row lands among the
    rows: the four rows above it (A's Monday and Tuesday) were read as title rows and
    skipped, A counted 12 of 16 sessions (75.0 %) where the register has 16 of 20 (80.0 %),
    with a first mark on Wednesday, said nowhere but the file report.  A row above the
    header whose UPN cell holds a UPN (or a key a row below holds) and most fields filled
    in is a pupil's: refused naming it.  A title row above the header, a row of report
    parameters and a pupil's figures above the register (UPN, name, a percentage) are
    still skipped; a pupil list and a contacts export the same."""
    _, export, contacts = _school(tmp_path)
    lines = export.read_text().splitlines()
    moved = tmp_path / "sorted.csv"
    moved.write_text("\n".join(lines[1:5] + lines[:1] + lines[5:]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([moved])
    assert str(info.value) == (
        f"{moved}, line 1: this line, above the header row (line 5), is a pupil's row (its "
        "'UPN' cell is 'AAA'): rows above the header are not read, so its sessions would be "
        "lost; the header row looks sorted in among the rows (Excel's Sort without 'My data "
        "has headers' ticked). Put the header row back as the first row (in Excel: undo the "
        "sort, or cut the header row and insert it at the top) and save, or export the "
        "register again"
    )
    titled = tmp_path / "titled.csv"
    titled.write_text(
        "Attendance register,,,,,,\nFrom,07/09/2026,To,18/09/2026,,,\n" + export.read_text(),
        encoding="utf-8",
    )
    assert load_registers([titled]).register.height == 60
    summary = tmp_path / "summary_above.csv"  # (a pupil's figures above: not a data row)
    summary.write_text("AAA,Surname AAA,80%,,,,\n" + export.read_text(), encoding="utf-8")
    assert load_registers([summary]).register.height == 60
    c = contacts.read_text().replace("AAA,", "A999201618043,").splitlines()
    moved_contacts = tmp_path / "c.csv"
    moved_contacts.write_text("\n".join(c[1:2] + c[:1] + c[2:]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_contacts(moved_contacts)
    assert str(info.value) == (
        f"{moved_contacts}, line 1: this line, above the header row (line 2), is a pupil's row "
        "(its 'UPN' cell is 'A999201618043'): rows above the header are not read, so it would "
        "be left out; the header row looks sorted in among the rows (Excel's Sort without 'My "
        "data has headers' ticked). Put the header row back as the first row (in Excel: undo "
        "the sort, or cut the header row and insert it at the top) and save, or export it again"
    )


@pytest.mark.parametrize("where", ["deleted", "last"])
def test_a_register_whose_header_row_was_deleted_or_sorted_last_says_so(
    tmp_path: Path, where: str
) -> None:
    """The header row deleted, or sorted to the end (below the 30 lines looked at): the
    refusal listed every header attcli looks for and a [columns] table to write, of a
    file whose first line is a pupil's.  One line now says the header is gone."""
    lines = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        f"A999201618043,S,F,{d:02d}/09/2026,{s},/" for d in range(7, 26) for s in ("AM", "PM")
    ]
    body = lines[1:] if where == "deleted" else lines[1:] + lines[:1]
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert str(info.value) == (
        f"{path}, line 1: no header row: the first line is a pupil's row (its cell "
        "'A999201618043' is a UPN), and no line in the first 30 is the header; it looks "
        "deleted, or sorted down among the rows (Excel's Sort without 'My data has headers' "
        "ticked). Put the header row back as the first row (in Excel: undo the sort, or "
        "insert it at the top) and save, or export the register again"
    )


def test_a_upn_column_renamed_pupil_by_hand_is_read_as_the_upn(tmp_path: Path) -> None:
    """The office renamed 'UPN' to 'Pupil' (a name header): its values were read as MIS ids
    ("holds ids, not names"), the check ran keyed by MIS id and the letters were refused as
    "the register identifies pupils only by their MIS id: give --pupils", of a file whose
    every pupil has a UPN.  A name column of UPNs is read as the UPN, and said."""
    ws, export, contacts = _school(tmp_path)
    text = export.read_text()
    upns = {"AAA": "A999201618043", "BBB": "A999201618044", "CCC": "A999201618045"}
    for short, upn in upns.items():
        text = text.replace(f"{short},", f"{upn},")
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(text.replace("UPN,", "Pupil,", 1), encoding="utf-8")
    result = load_registers([renamed])
    assert result.keyed_by == "upn"
    assert sorted(result.register["upn"].unique()) == [
        "A999201618043", "A999201618044", "A999201618045"
    ]  # fmt: skip
    assert f"{renamed}: column 'Pupil' holds UPNs, not names: read as the UPN" in result.warnings
    ids = tmp_path / "ids.csv"
    ids.write_text(export.read_text().replace("UPN,", "Pupil,", 1).replace("AAA,", "1200,")
                   .replace("BBB,", "1201,").replace("CCC,", "1202,"), encoding="utf-8")  # fmt: skip
    assert load_registers([ids]).keyed_by == "mis_id"


def test_a_second_export_pasted_below_with_its_columns_in_another_order_is_refused(
    tmp_path: Path,
) -> None:
    """Two exports joined by pasting the second, header and all, below the first: its
    columns in another order (Forename before Surname, Mark before Session).  The repeated
    header was looked for cell for cell only, so the row was read as a pupil 'UPN' and
    refused as "date of birth not a date: 'Date of Birth'" (or "not a date: 'Date'"),
    which says nothing of the pasting, nor that the rows below would be read in the first
    header's columns.  The same header repeated as it is stays skipped (a report printed a
    class at a time)."""
    _, export, _ = _school(tmp_path)
    lines = export.read_text().splitlines()
    order = [0, 2, 1, 3, 4, 6, 5]
    pasted, line = pasted_below(lines, order, tmp_path / "pasted.csv")
    with pytest.raises(InputError) as info:
        load_registers([pasted])
    assert str(info.value) == (
        f"{pasted}, line {line}: the header row is repeated here with its columns in "
        "another order ('Forename' where line 1 has 'Surname'): a second export pasted below "
        "the first, whose rows would be read in the columns of line 1's header. Give each "
        "export as a file of its own (attcli reads several at once), or export the register "
        "again as one file"
    )
    same, half = tmp_path / "same.csv", len(lines) // 2
    same.write_text("\n".join(lines[:half] + lines[:1] + lines[half:]) + "\n", encoding="utf-8")
    assert load_registers([same]).register.height == 60


@pytest.mark.parametrize("line", ['"sep=;"', "sep=;;;;;;", "SEP=;", "sep=; "])
def test_a_sep_line_as_tools_write_it_is_read(tmp_path: Path, line: str) -> None:
    """The ``sep=`` line quoted, padded with the separator to the header's width (a tool
    that writes every row as wide), in capitals or with a space after: each names ';'."""
    path = _with_separator(LAYOUTS / "arbor_times.csv", tmp_path / "r.csv", ";", line=line)
    plain = load_registers([LAYOUTS / "arbor_times.csv"]).register
    assert load_registers([path]).register["upn"].to_list() == plain["upn"].to_list()


def test_columns_hidden_in_excel_that_attcli_reads_are_said(tmp_path: Path) -> None:
    """A wide register whose Monday, Tuesday and Wednesday morning columns the office hid
    (to see the rest of the week): read, as every column is (Evans 9 of 9 with her '-' a missing mark, as the
    CSV), and said by their headers; a hidden column attcli does not read (a notes column
    after the register) is not named."""
    import openpyxl

    with (LAYOUTS / "wide_two_rows.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[2].append("Notes")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for column in "DEFGHN":
        ws.column_dimensions[column].hidden = True
    path = tmp_path / "hidden_columns.xlsx"
    wb.save(path)
    result = load_registers([path])
    plain = load_registers([LAYOUTS / "wide_two_rows.csv"]).register
    assert result.register.drop("source", "line").equals(plain.drop("source", "line"))
    assert [w for w in result.warnings if "hidden" in w] == [
        f"{path}: 5 columns attcli reads are hidden in Excel ('Mon 07/09/2026 AM', "
        "'Mon 07/09/2026 PM', 'Tue 08/09/2026 AM', 'Tue 08/09/2026 PM' and 1 more): read, "
        "the hidden ones too "
        "(hiding a column does not delete it); unhide them in Excel to see what attcli reads"
    ]


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212"])
def test_a_long_dash_for_no_mark_is_said(tmp_path: Path, dash: str) -> None:
    """SIMS's '-' (no mark recorded) pasted from a document that made the hyphen a long
    dash: an unknown code, as before (attcli does not guess), said to be a dash."""
    rows = ["UPN,Surname,Forename,Date,Session,Mark", "A999201618043,S,F,07/09/2026,AM,/",
            f"A999201618043,S,F,07/09/2026,PM,{dash}"]  # fmt: skip
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([path])
    assert (
        f"; '{dash}' is a long dash or minus sign, where '-' (no mark recorded) is a hyphen "
        "(column 'Mark')" in str(info.value)
    ), info.value


def test_a_semicolon_file_s_refusal_gives_the_sep_line_as_a_way_out_that_works(
    tmp_path: Path,
) -> None:
    """A semicolon file with no ``sep=`` line is still refused (no separator guessed), and
    the line now offers the way out this sweep made work: a first line ``sep=;``, typed in
    Notepad.  Followed, the file is read."""
    _, export, _ = _school(tmp_path)
    semi = _with_separator(export, tmp_path / "semi.csv", ";", line="")
    semi.write_text(semi.read_text(encoding="utf-8-sig").lstrip("\r\n"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_registers([semi])
    assert str(info.value).endswith(
        "or (in Notepad) add a first line sep=; to name the separator, which attcli then reads"
    ), info.value
    semi.write_text("sep=;\r\n" + semi.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_registers([semi]).register.height == 60


def test_a_pupil_list_without_its_header_row_says_so(tmp_path: Path) -> None:
    """The pupil list's header deleted: the same line as a register's, "export it again"."""
    lines = (LAYOUTS / "sims_pupils.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "pupils.csv"
    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pupil_list(path)
    assert str(info.value).startswith(f"{path}, line 1: no header row: the first line is a ")
    assert str(info.value).endswith("and save, or export it again")


def test_many_hidden_rows_are_counted_and_the_first_named() -> None:
    """A filter that hides most of a long sheet: the note counts the rows and names where
    the first runs are, not a count of runs that reads as rows."""
    from attcli.loaders._source import _rows_text

    assert _rows_text([3, 5, 7, 8, 9, 10, 12, 20, 30, 31]) == "rows 3, 5, 7 to 10, 12, 20, ..."
    assert _rows_text([4, 5]) == "rows 4 and 5"
    assert _rows_text([9]) == "row 9"


def test_a_week_of_case_records_typed_in_a_semicolon_excel_is_read_under_sep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`case record --from week.csv`: a file the office types in Excel, so a semicolon file
    where the list separator is ';'.  Without a ``sep=`` line it was "no upn, action, date
    column" (the header one cell); now it says the cells are separated by semicolons and
    how to name them.  Under ``sep=;`` it is read, its mistakes named at the file's own
    lines (the ``sep=`` line is line 1)."""
    from test_ladder_presets import cases_by_upn, init_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    week_marks = "/ / / / /"
    export = write_long_csv(
        register({"PIP": " ".join([week_marks, "O O / / /", week_marks])}), tmp_path / "r.csv"
    )
    cases_by_upn(cfg, export, "2026-09-25")
    week = tmp_path / "week.csv"
    week.write_text("upn;action;date\nPIP;letter;22/09/2026\n", encoding="utf-8")
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 1
    assert one_line(err) == (
        f"error: {week}, line 1: the cells are separated by semicolons, not commas: save it as "
        "CSV with commas, or (in Notepad) add a first line sep=; to name the separator, which "
        "attcli then reads"
    )
    week.write_text("sep=;\nupn;action;date\nPIP;letter;22/09/2026\nPIP;Visit;23/09/2026\n",
                    encoding="utf-8")  # fmt: skip
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 1 and err.startswith(f"error: {week}, line 4: action 'Visit'"), err
    week.write_text("sep=;\nupn;action;date\nPIP;letter;22/09/2026\n", encoding="utf-8")
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 0, err


def test_an_export_still_in_its_zip_says_to_extract_it(tmp_path: Path) -> None:
    """A report downloaded zipped (or emailed so) given as it came: "unsupported file type
    '.zip'", with a hint to save it as CSV; the way out is to extract it."""
    import zipfile

    _, export, _ = _school(tmp_path)
    zipped = tmp_path / "register.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.write(export, "register.csv")
    with pytest.raises(InputError) as info:
        load_registers([zipped])
    assert str(info.value) == (
        f"{zipped}: this is a zip archive, which attcli does not open. Extract the export "
        "from it (in Windows: right-click, Extract All) and give the .csv or .xlsx inside"
    )


def test_a_windows_shortcut_to_the_export_says_to_give_the_file_itself(tmp_path: Path) -> None:
    """'Copy as path' of the shortcut on the desktop, not the export: "unsupported file
    type '.lnk'" told the office to save the report as CSV, which it is."""
    shortcut = tmp_path / "register.csv.lnk"
    shortcut.write_bytes(b"L\x00\x00\x00\x01\x14\x02\x00")  # (a shell link's first bytes)
    with pytest.raises(InputError) as info:
        load_registers([shortcut])
    assert str(info.value) == (
        f"{shortcut}: this is a Windows shortcut to a file, not the file itself. Give the "
        "file it points to (right-click the shortcut, Open file location, and give the "
        "export found there)"
    )


def test_an_export_saved_as_txt_says_what_it_is(tmp_path: Path) -> None:
    """A '.txt' export: comma-separated (an MIS's CSV saved .txt) is to be renamed;
    tab-separated (Excel's 'Text (Tab delimited)') saved again; other text keeps the
    general line."""
    _, export, _ = _school(tmp_path)
    commas = tmp_path / "reg.txt"
    commas.write_text(export.read_text(), encoding="utf-8")
    tabs = tmp_path / "tabs.txt"
    tabs.write_text(export.read_text().replace(",", "\t"), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("remember the letters\n", encoding="utf-8")
    said = {}
    for path in (commas, tabs, notes):
        with pytest.raises(InputError) as info:
            load_registers([path])
        said[path.name] = str(info.value).split(". ", 1)[1]
    assert said == {
        "reg.txt": "It is comma-separated text, a CSV in all but its name: rename it to end .csv",
        "tabs.txt": "It is text with tabs between its cells (Excel's 'Text (Tab delimited)'): in "
        "Excel, Save As 'Excel Workbook (*.xlsx)' and give that, or export it again from the "
        "MIS as CSV",
        "notes.txt": "attcli reads .csv and .xlsx exports: save the report as CSV (UTF-8) or as "
        "an Excel Workbook (.xlsx)",
    }
