"""What the hostile2 sweep left (sweep of 5 December (third), hostile3): a formula behind
an invisible format character, names with no letter taken for one child, and an
``ATTCLI_WORKSPACE`` that is no UTF-8 text.  Each answer worked out by hand."""

from __future__ import annotations

import csv
import io
import os

from openpyxl import load_workbook

from attcli.output import safe_cell
from clirun import run_cli
from test_hostile import CONFIG, _school_days

FORMULA = '=HYPERLINK("http://evil","x")'
#: zero-width space, BOM, word joiner, zero-width joiner and non-joiner, soft hyphen,
#: left-to-right mark, Mongolian vowel separator: characters that show as nothing
INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u200d", "\u200c", "\u00ad", "\u200e", "\u180e"]


def _export(folder, pupils):
    """A long CSV of ``pupils`` (upn, surname, forename, dob): 35 days present, then 10
    days ``O`` (red, a 10-day run of unexplained absence)."""
    path = folder / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                    "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
        for upn, surname, forename, dob in pupils:
            for n, d in enumerate(_school_days(45)):
                for session in ("AM", "PM"):
                    mark = "/" if n < 35 else "O"
                    w.writerow([upn, surname, forename, "Year 7", "7A", dob,
                                f"{d:%d/%m/%Y}", session, mark])  # fmt: skip
    (folder / "attcli.toml").write_text(CONFIG, encoding="utf-8")
    return path, folder / "attcli.toml"


# ------------------------------------------------------------- 1. a formula behind a format char


def test_safe_cell_guards_a_formula_behind_any_invisible_format_character():
    # OWASP's advice: guard a cell whose first character that shows is = + - @ (or a
    # tab or CR); a zero-width space, a BOM or a word joiner shows as nothing, and a
    # spreadsheet, or a person pasting, may drop it: the cell is then a live formula
    for ch in INVISIBLE:
        for start in ("=", "+", "-", "@", "\uff1d"):
            cell = f"{ch}{start}1+1"
            assert safe_cell(cell) == "'" + cell, repr(cell)
        assert safe_cell(f"{ch} {ch}=1") == f"'{ch} {ch}=1"
        assert safe_cell(f"{ch}\t=1") == f"'{ch}\t=1"
        # a name with such a character inside, or first before a letter, is left alone
        assert safe_cell(f"{ch}Zoe") == f"{ch}Zoe"
        assert safe_cell(f"Zo{ch}=e") == f"Zo{ch}=e"
        assert safe_cell(ch) == ch
    assert safe_cell("\u00a0=1") == "'\u00a0=1"  # (as before)
    assert safe_cell("-") == "-" and safe_cell("Smith") == "Smith"


def test_a_formula_behind_a_zero_width_space_is_guarded_in_the_csv_and_the_xlsx(tmp_path):
    names = [f"{ch}{FORMULA}" for ch in INVISIBLE[:3]]
    export, config = _export(
        tmp_path,
        [(f"H{i:012d}", name, name, "01/10/2014") for i, name in enumerate(names)],
    )
    args = ["check", export, "-c", config, "--as-of", "2026-11-06"]
    code, _, err = run_cli(*args, "-o", tmp_path / "c.csv")
    assert code == 0, err
    text = (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    cells = [c for r in csv.reader(io.StringIO(text, newline="")) for c in r]
    for name in names:
        assert "'" + name in cells and name not in cells, name
    code, _, err = run_cli(*args, "-o", tmp_path / "c.xlsx")
    assert code == 0, err
    wb = load_workbook(tmp_path / "c.xlsx")
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    for name in names:
        assert "'" + name in values and name not in values, name


# ---------------------------------------------------- 3. ATTCLI_WORKSPACE that is no UTF-8 text


def test_an_attcli_workspace_that_is_no_utf8_text_is_one_line(tmp_path, monkeypatch):
    # a workspace folder named on a Latin-1 system: Python hands the variable over with
    # lone surrogates, as it does such an argument (refused in one line since hostile2);
    # `init` wrote the config there and named it with U+FFFD, and a command run in it
    # wrote its history and notices under a name no note can give
    export, _ = _export(tmp_path, [("H000000000001", "Smith", "Jo", "01/10/2014")])
    folder = tmp_path / os.fsdecode(b"ws\xe9")
    folder.mkdir()
    (folder / "attcli.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("ATTCLI_WORKSPACE", os.fsdecode(os.fsencode(str(folder))))
    monkeypatch.chdir(tmp_path)
    for args in (["check", export, "--as-of", "2026-11-06"], ["init"]):
        code, out, err = run_cli(*args, workspace_line=True)
        assert code == 1 and out == "", (args, out, err)
        assert err.count("\n") == 1 and "ws\\xe9" in err and "ATTCLI_WORKSPACE" in err, err
        assert "UTF-8" in err and "bug" not in err, err
    assert sorted(p.name for p in folder.iterdir()) == ["attcli.toml"]


# ------------------------------------------------- 2. names with no letter are no one child


def _two_upns(tmp_path, pupils):
    export, config = _export(tmp_path, pupils)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-11-06")
    assert code == 0, err
    return " ".join(err.split())


def test_names_with_no_letter_are_never_one_child_under_two_upns(tmp_path):
    # a surname or forename of punctuation alone ("-", "?", "...": an MIS's placeholder,
    # or junk) compared as "" with punctuation taken out: every such pupil born the same
    # day was "one child under two UPNs?", its letters held and the hold naming the
    # first one's name.  A name with no letter or digit is no evidence of who a child is.
    said = _two_upns(tmp_path, [
        ("H000000000001", "-", "-", "01/10/2014"),
        ("H000000000002", "?", "?", "01/10/2014"),
        ("H000000000003", "...", "..\\..", "01/10/2014"),
        # a forename with no letter beside a real one, the same surname: twins as likely
        ("H000000000004", "Smith", "?", "01/10/2014"),
        ("H000000000005", "Smith", "Amy", "01/10/2014"),
        ("H000000000006", "-", "Amy", "01/10/2014"),
    ])  # fmt: skip
    assert "under two UPNs" not in said, said


def test_names_apart_by_punctuation_alone_are_still_one_child_under_two_upns(tmp_path):
    # the boundary, kept: letters the same, punctuation apart (O'Neil, ONeil; and the
    # hostile '@x' beside '$x$'), the same date of birth: one child under two UPNs? (a
    # question, its letters held for a person: the conservative side)
    said = _two_upns(tmp_path, [
        ("H000000000001", "O'Neil", "Eve", "01/10/2014"),
        ("H000000000002", "ONeil", "Eve", "01/10/2014"),
        ("H000000000003", "@x", "@x", "02/10/2014"),
        ("H000000000004", "$x$", "$x$", "02/10/2014"),
    ])  # fmt: skip
    assert "2 children under two UPNs or more" in said, said
