"""Hostile values from an MIS export, through every command that writes or prints them.

Pupil names, registration groups, cohort values and contact fields come from a school's
export and are never executed, interpreted or allowed to break the layout: no formula in
a CSV or XLSX cell, no markup in HTML, Typst or the terminal, no file outside ``--out``.
One small register is built (each hostile value is a pupil's forename, surname and
registration group, and their contact's name, address, email and phone; every pupil is
red, at the penalty-notice threshold, 10 days into a run of unexplained absence and was
green last half term), and the real CLI entry point runs every command over it once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len

from attcli.output import display_text, safe_cell, safe_filename
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

LONG = "Abcdefghij" * 500  # 5,000 characters, no space to break at

#: key -> value; each is a pupil's forename, surname and registration group
HOSTILE = {
    "cmd": "=CMD|' /C calc'!A0",
    "plus": "+SUM(1)",
    "minus": "-2+3",
    "at": "@x",
    "hyperlink": '=HYPERLINK("http://evil","x")',
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "spaces": "  =1+1",
    "fullwidth": "\uff1d1+1",
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "jinja": "{{ 7*7 }}",
    "jinja_raw": "{% raw %}",
    "typst_set": "#set page(fill: red)",
    "typst_include": '#include "/etc/passwd"',
    "typst_math": "$x$",
    "typst_bold": "*bold*",
    "backslash": "\\",
    "mathtext": "$\\frac$",  # matplotlib would typeset it, and fail on it
    "path": "../../etc/passwd",
    "winpath": "..\\..\\x",
    "con": "CON",
    "nul": "NUL",
    "long": LONG,
    "arabic": "\u0645\u062d\u0645\u062f",
    "hebrew": "\u05e9\u05e8\u05d4",
    "rlo": "Smith\u202egnp.exe",
    "zero_width": "Zero\u200bWidth\u200d",
    "rich": "[bold red]x[/]",
    "rich_link": "[link=http://evil]click[/link]",
    "ansi": "\x1b[2J\x1b[31mANSI",
}
NUL_NAME = "Nul\x00Byte"  # see test_a_nul_byte_is_refused_or_shown_harmlessly
UPN = {k: f"H{i:012d}" for i, k in enumerate(HOSTILE)}
#: pupils whose UPN is hostile (file names are made from it); the last two sanitise to the
#: same file name
ODD_UPNS = ["../../etc/passwd", "..\\..\\x", "CON", "NUL", "E\x1b[2J1", "X1/1", "X1?1"]
FORMULA_KEYS = ["cmd", "plus", "minus", "at", "hyperlink", "tab", "cr", "spaces", "fullwidth"]
TYPST_KEYS = ["typst_set", "typst_include", "typst_math", "typst_bold", "jinja", "jinja_raw"]
N_PUPILS = len(HOSTILE) + len(ODD_UPNS)

HALF_TERM = (dt.date(2026, 10, 26), dt.date(2026, 10, 30))
CONFIG = """
[school]
name = "Oakfield Academy"
urn = "123456"
address = ["1 School Lane", "Exampletown", "EX1 2AB"]
phone = "01632 960000"
attendance_lead = "Mr A. Officer"
""" + AUTUMN_HALF_TERMS


def _school_days(n: int) -> list[dt.date]:
    out, d = [], dt.date(2026, 9, 7)
    while len(out) < n:
        if d.weekday() < 5 and not HALF_TERM[0] <= d <= HALF_TERM[1]:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def _pupils() -> list[tuple[str, str, str, str]]:
    """(upn, surname/forename, registration group, contact value) for every pupil."""
    rows = [(UPN[k], v, v, v) for k, v in HOSTILE.items()]
    rows += [(u, "Smith", f"7{chr(65 + i)}", "Mrs Smith") for i, u in enumerate(ODD_UPNS)]
    return rows


def build(folder: Path) -> dict[str, Path]:
    """The export (Arbor-style long CSV), contacts, pupil list and config, in ``folder``.

    Every pupil attends all 35 days of Autumn 1 (green), then is absent ``O`` for the first
    10 days of Autumn 2: 70 of 90 sessions (red), 20 unauthorised sessions (penalty-notice
    threshold), a 10-day run of unexplained absence (CME, and the LA's register check).
    (``O``, not ``N``: a letter resting on N marks not yet due to be resolved is held.)
    """
    days = _school_days(45)
    with (folder / "export.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                    "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
        for upn, name, reg, _ in _pupils():
            for n, d in enumerate(days):
                marks = ("/", "\\") if n < 35 else ("O", "O")
                for session, mark in zip(("AM", "PM"), marks, strict=True):
                    w.writerow([upn, name, name if name != "Smith" else "Jo", "Year 7", reg,
                                "01/10/2014", f"{d:%d/%m/%Y}", session, mark])  # fmt: skip
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Contact Title", "Contact Forename", "Contact Surname", "Salutation",
                    "Relationship", "Priority", "Parental Responsibility", "Address Line 1",
                    "Address Line 2", "Town", "Postcode", "Email", "Telephone"])  # fmt: skip
        # the contact's surname is the value and " Snr": a file whose contacts all have
        # their pupil's own name is a pupil list, refused (docs/decisions.md)
        for upn, _, _, v in _pupils():
            w.writerow([upn, "Mx", v, f"{v} Snr", v, v, 1, "Y", v, v, v, "OK1 1AA", v, v])
    with (folder / "pupils.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Gender", "SEN Status", "FSM", "Pupil Premium", "EAL", "CLA"])
        for upn, name, _, _ in _pupils():
            w.writerow([upn, name, name, "N", "N", "N", "N"])
    (folder / "attcli.toml").write_text(CONFIG, encoding="utf-8")
    return {n: folder / f for n, f in (("export", "export.csv"), ("contacts", "contacts.csv"),
                                       ("pupils", "pupils.csv"), ("config", "attcli.toml"))}  # fmt: skip


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, build(folder)


# --------------------------------------------------------------------------- expectations


def in_file(key: str) -> str:
    """What a CSV/XLSX cell holds for ``HOSTILE[key]`` read from the export: trimmed by the
    loader, a control character shown as U+FFFD, and an apostrophe before a formula."""
    value = HOSTILE[key].strip().replace("\x00", "\ufffd").replace("\x1b", "\ufffd")
    return "'" + value if key in FORMULA_KEYS else value


def in_contact(key: str) -> str:
    """The same for a contact field: read with control characters and overrides dropped."""
    value = HOSTILE[key].replace("\x00", "").replace("\x1b", "").replace("\u202e", "")
    value = " ".join(value.split(" ")).replace("\t", " ").replace("\r", " ").strip()
    return "'" + value if key in FORMULA_KEYS else value


def formula_like(cell: str) -> bool:
    """What a spreadsheet may run: = + - @ first (after spaces, fullwidth forms
    included), or a leading tab/CR/LF."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    head = cell.lstrip()[:1]
    return bool(head) and unicodedata.normalize("NFKC", head) in ("=", "+", "-", "@")


def assert_inert(cells: list[object], where: str) -> None:
    """No text cell a spreadsheet would run or could not hold."""
    for c in cells:
        if not isinstance(c, str) or c in ("", "-"):
            continue
        assert not (formula_like(c) and not c.startswith("'")), f"{where}: formula {c!r}"
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", c), f"{where}: control {c!r}"


def read_csv(path: Path | str) -> list[dict[str, str]]:
    text = (  # CSVs for people start with a BOM (Excel), on stdout too
        Path(path).read_text(encoding="utf-8-sig")
        if isinstance(path, Path)
        else path.removeprefix("\ufeff")
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert_inert([c for r in rows for c in r], str(path)[:40])
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def read_xlsx(path: Path) -> dict[str, list[list[object]]]:
    wb = load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{path.name}!{ws.title}!{c.coordinate}: {c.value!r}"
        sheets[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        assert_inert([c for r in sheets[ws.title] for c in r], f"{path.name}!{ws.title}")
    return sheets


def by_upn(rows: list[dict[str, str]], column: str = "upn") -> dict[str, dict[str, str]]:
    return {r[column]: r for r in rows}


# --------------------------------------------------------------------------- the helpers


def test_safe_cell_neutralises_every_formula_start_and_keeps_the_text():
    for value in ["=1+1", "+1", "-1+2", "@x", "\t=1", "\r=1", "\n=1", "|x",
                  "  =1+1", "\t =1", "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff201", "\ufe621"]:  # fmt: skip
        assert safe_cell(value) == "'" + value, value
    for value in ["Smith", "O'Neil", "-", "a=b", "1+1", "\u22121", "", " Smith"]:
        assert safe_cell(value) == value, value
    assert safe_cell(5) == 5 and safe_cell(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert safe_cell("Nul\x00Byte\x1b[2J\x7f") == "Nul\ufffdByte\ufffd[2J\ufffd"
    assert safe_cell("a\tb\nc") == "a\tb\nc"  # inside a cell these are ordinary text


def test_display_text_drops_overrides_and_controls_and_cuts_long_values():
    assert display_text("Smith\u202egnp.exe\tJo\nX\x1b[2J") == "Smithgnp.exe Jo X[2J"
    assert display_text("A\x00B\x1bC", control="\ufffd") == "A\ufffdB\ufffdC"
    assert display_text("Abcdefghij", 10) == "Abcdefghij"
    assert display_text("Abcd efghijk", 6) == "Abcd\u2026"  # the space before the cut goes
    assert display_text(None) == "" and display_text(7) == "7"


def test_safe_filename_stays_in_the_folder_and_avoids_device_names():
    for value in ["../../etc/passwd", "..\\..\\x", "/abs", "a/../../b", "C:\\x", "..", "."]:
        name = safe_filename(value)
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name), (value, name)
        assert "/" not in name and "\\" not in name  # no separator: one name in the folder
    for value in ["CON", "nul", "Prn", "AUX", "COM1", "lpt9", "con.txt"]:
        stem = safe_filename(value).split(".")[0]
        assert stem.upper() not in {"CON", "NUL", "PRN", "AUX", "COM1", "LPT9"}, value
    assert safe_filename("COM10") == "COM10" and safe_filename("Conway") == "Conway"
    assert safe_filename("") == safe_filename("\u0645\u062d\u0645\u062f") == "unnamed"
    assert len(safe_filename(LONG, max_len=30)) == 30


# --------------------------------------------------------------------------- check


def test_check_table_prints_values_literally_and_keeps_its_columns(school):
    folder, f = school
    code, out, err = run_cli("check", f["export"], "-c", f["config"])
    assert code == 0, err
    assert "\x1b" not in out and "\x00" not in out  # no escape sequence reaches the terminal
    assert "\ufffd[2J\ufffd[31mANSI" in out  # ... it is shown, harmless
    # rich markup in a name is printed, not interpreted
    assert "[bold" in out and "x[/]" in out and "[link=http://evil]click[/link]" in out
    assert "\u202e" not in out  # no right-to-left override
    # the 5,000-character name and registration group do not push columns off the table
    header = next(line for line in out.splitlines() if "Pupil" in line)
    for column in ("UPN", "Year", "Att %", "Band", "Reason"):
        assert column in header
    assert max(cell_len(line) for line in out.splitlines()) <= 200
    assert "7 Abcdefg\u2026" in out  # the long registration group, shortened


def test_check_csv_json_xlsx_keep_values_and_run_nothing(school, tmp_path):
    folder, f = school
    code, out, err = run_cli("check", f["export"], "-c", f["config"], "-f", "csv")
    assert code == 0, err
    rows = by_upn(read_csv(out))
    assert len(rows) == N_PUPILS
    for key in HOSTILE:
        row = rows[UPN[key]]
        assert row["surname"] == row["forename"] == row["reg_group"] == in_file(key), key

    code, out, err = run_cli("check", f["export"], "-c", f["config"], "-f", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    for key, value in HOSTILE.items():  # JSON carries every character, escaped by JSON
        p = pupils[UPN[key]]
        assert p["surname"] == p["forename"] == p["reg_group"] == value.strip(), key
    for upn in ODD_UPNS:
        assert pupils[upn]["surname"] == "Smith"

    target = tmp_path / "check.xlsx"
    code, _, err = run_cli("check", f["export"], "-c", f["config"], "-f", "xlsx", "-o", target)
    assert code == 0, err
    sheet = read_xlsx(target)["All pupils"]
    head = sheet[0]
    rows = {r[head.index("UPN")]: r for r in sheet[1:]}
    for key in HOSTILE:
        r = rows[UPN[key]]
        assert r[head.index("Surname")] == r[head.index("Reg group")] == in_file(key), key


def test_a_hostile_year_group_is_a_clear_input_error(tmp_path):
    f = build(tmp_path)
    text = f["export"].read_text(encoding="utf-8")
    f["export"].write_text(text.replace("Year 7", "=1+1\x1b[2J", 1), encoding="utf-8")
    code, out, err = run_cli("check", f["export"], "-c", f["config"])
    assert code == 1
    assert "not a year group" in err and "Traceback" not in err


def test_a_nul_byte_is_refused_or_shown_harmlessly(tmp_path):
    """The loader may refuse a NUL byte (binary data in a text export) with a clear error;
    if it lets one through, no output carries it raw."""
    f = build(tmp_path)
    text = f["export"].read_text(encoding="utf-8")
    f["export"].write_text(text.replace(HOSTILE["cmd"], NUL_NAME), encoding="utf-8")
    code, out, err = run_cli("check", f["export"], "-c", f["config"], "-f", "csv")
    assert "Traceback" not in err
    if code == 1:
        assert "NUL byte" in err
    else:
        assert code == 0 and "\x00" not in out and "Nul\ufffdByte" in out


# --------------------------------------------------------------------------- cme


def test_cme_table_csv_json_xlsx(school, tmp_path):
    folder, f = school
    base = ["cme", f["export"], "-c", f["config"], "--contacts", f["contacts"]]
    code, out, err = run_cli(*base)
    assert code == 0, err
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "[link=http://evil]click" in out and "x[/]" in out
    header = next(line for line in out.splitlines() if "Pupil" in line)
    for column in ("Year, born", "Run", "Now, seen", "Contact"):
        assert column in header
    assert f"{N_PUPILS} runs" in out

    code, out, err = run_cli(*base, "-f", "csv")
    assert code == 0, err
    rows = by_upn(read_csv(out), "UPN")
    for key in HOSTILE:
        r = rows[UPN[key]]
        assert r["Surname"] == r["Reg group"] == in_file(key), key
        assert r["Contact phone"] == in_contact(key), key
        assert r["Priority contact"].startswith("Mx ")

    code, out, err = run_cli(*base, "-f", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    for key, value in HOSTILE.items():
        r = runs[UPN[key]]
        assert r["surname"] == value.strip() and r["run_days"] == 10, key
        # contact fields are cleaned when read: control characters and overrides dropped
        assert r["contact_phone"] == in_contact(key).removeprefix("'"), key

    target = tmp_path / "cme.xlsx"
    code, _, err = run_cli(*base, "-f", "xlsx", "-o", target)
    assert code == 0, err
    (sheet,) = read_xlsx(target).values()
    rows = {r[0]: r for r in sheet[1:]}
    for key in HOSTILE:
        assert rows[UPN[key]][sheet[0].index("Surname")] == in_file(key), key


# --------------------------------------------------------------------------- register-check


def test_register_check_csv_and_xlsx(school, tmp_path):
    folder, f = school
    # (the export ends Fri 13 Nov: the term so far, as of then)
    base = ["register-check", f["export"], "-c", f["config"], "--term", "autumn",
            "--as-of", "2026-11-13"]  # fmt: skip
    target = tmp_path / "la.csv"
    code, out, err = run_cli(*base, "--contacts", f["contacts"], "-o", target)
    assert code == 0, err
    rows = by_upn(read_csv(target), "UPN")
    assert len(rows) == N_PUPILS
    for key in HOSTILE:
        r = rows[UPN[key]]
        assert r["Surname"] == r["Forename"] == in_file(key), key
        assert r["Address"].endswith(", OK1 1AA")

    target = tmp_path / "la.xlsx"
    code, out, err = run_cli(*base, "--contacts", f["contacts"], "-o", target)
    assert code == 0, err
    (sheet,) = read_xlsx(target).values()
    head_row = next(i for i, r in enumerate(sheet) if r[0] == "UPN")
    head = sheet[head_row]
    rows = {r[0]: r for r in sheet[head_row + 1 :]}
    for key in HOSTILE:
        assert rows[UPN[key]][head.index("Surname")] == in_file(key), key


# --------------------------------------------------------------------------- report


def test_report_html_escapes_every_value(school, tmp_path):
    folder, f = school
    target = tmp_path / "report.html"
    code, out, err = run_cli("report", f["export"], "--pupils", f["pupils"], "-c", f["config"],
                         "-o", target)  # fmt: skip
    assert code == 0, err  # "$\frac$" as a group label stopped the report
    html = target.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "{{ 7*7 }}" in html and "{% raw %}" in html  # printed, not run by Jinja
    assert "[bold red]x[/]" in html and "#set page(fill: red)" in html
    # the pupils whose band got worse are named (staff section): values escaped there too
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;, &lt;script&gt;") == 1


def test_report_xlsx_has_no_formula(school, tmp_path):
    folder, f = school
    target = tmp_path / "report.xlsx"
    code, out, err = run_cli("report", f["export"], "--pupils", f["pupils"], "-c", f["config"],
                         "-o", target)  # fmt: skip
    assert code == 0, err
    sheets = read_xlsx(target)
    worse = sheets["Worse band (staff)"]
    rows = {r[0]: r for r in worse[1:]}
    regs = {r[1] for r in sheets["Reg groups"][1:]}
    for key in HOSTILE:
        assert rows[UPN[key]][1] == in_file(key), key
        assert in_file(key) in regs, key


# --------------------------------------------------------------------------- letters


def _pdf_text(path: Path) -> tuple[int, str]:
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    text = " ".join(p.extract_text() for p in pages)
    return len(pages), " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def letters(school):
    folder, f = school
    out = folder / "letters"
    # --include-held: the fullwidth = has no glyph in FiraGO (a CJK font has one), and a
    # letter with a character no font has is held (test_letters.py); made, it shows a box
    code, stdout, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                            f["contacts"], "--out", out, "--as-of", "2026-11-13",
                            "--include-held")  # fmt: skip
    assert code == 0, err
    return out, stdout, err


def test_manifest_neutralises_formulas(letters):
    out, _, _ = letters
    rows = read_csv(out / "manifest.csv")
    mine = {(r["upn"], r["template"]): r for r in rows}
    r = mine[(UPN["cmd"], "red")]
    assert r["pupil"] == "'=CMD|' /C calc'!A0 =CMD|' /C calc'!A0"
    assert r["address"].startswith("'=CMD|' /C calc'!A0, =CMD|' /C calc'!A0, ")
    # (a formula in the email column is no email address: read as none, sweep of 4
    # December, so it reaches no file; the letter goes by post, to the address)
    assert r["email"] == "" and mine[(UPN["fullwidth"], "red")]["email"] == ""


def test_letter_pdfs_print_markup_as_text_one_page_each(letters):
    out, _, _ = letters
    rows = {(r["upn"], r["template"]): r for r in read_csv(out / "manifest.csv")}
    # (the fullwidth = is left out: FiraGO has no glyph for it; a CJK font would)
    keys = [*TYPST_KEYS, *FORMULA_KEYS, "backslash", "rich", "script", "arabic", "hebrew"]
    for key in [k for k in keys if k != "fullwidth"]:
        pages, text = _pdf_text(out / rows[(UPN[key], "red")]["file"])
        assert pages == 1, key
        value = " ".join(unicodedata.normalize("NFKC", HOSTILE[key]).split())
        assert f"Dear {value}," in text, (key, text[:400])
    from pypdf import PdfReader

    (printed,) = out.glob("letters-to-print-*.pdf")
    assert len(PdfReader(printed).pages) == 2 * N_PUPILS


def test_letter_with_a_5000_character_name_prints_shortened_on_one_page(letters):
    out, stdout, err = letters
    rows = {(r["upn"], r["template"]): r for r in read_csv(out / "manifest.csv")}
    for template in ("red", "penalty_notice_warning"):
        pages, text = _pdf_text(out / rows[(UPN["long"], template)]["file"])
        assert pages == 1
        # a name part cut at 40 characters, the last an ellipsis (NFKC reads it as "..."),
        # the salutation too: a run of over 40 letters with no space or hyphen, by the
        # names' rule (names.legal_name: a parent's name and salutation too, sweep looks7)
        assert f"{LONG[:39]}... {LONG[:39]}...: " in text, text[:600]
        assert f"Dear {LONG[:39]}...," in text
        assert LONG[:50] not in text
    assert "printed shortened" in " ".join(err.split())
    html = (out / rows[(UPN["long"], "red")]["html_file"]).read_text(encoding="utf-8")
    assert LONG not in html and LONG[:30] in html


def test_letter_html_is_escaped_and_controls_are_dropped(letters):
    out, _, _ = letters
    rows = {(r["upn"], r["template"]): r for r in read_csv(out / "manifest.csv")}

    def page(key: str) -> str:
        return (out / rows[(UPN[key], "red")]["html_file"]).read_text(encoding="utf-8")

    assert "<script>" not in page("script") and "&lt;script&gt;alert(1)&lt;/script&gt;" in page(
        "script"
    )
    assert "<img" not in page("img") and "&lt;img src=x onerror=alert(1)&gt;" in page("img")
    assert "Dear {{ 7*7 }}," in page("jinja") and "Dear {% raw %}," in page("jinja_raw")
    assert "\x1b" not in page("ansi") and "[2J[31mANSI" in page("ansi")
    assert "\u202e" not in page("rlo") and "Smithgnp.exe" in page("rlo")
    assert "Zero\u200bWidth\u200d" in page("zero_width")  # legitimate in some scripts: kept
    pages, text = _pdf_text(out / rows[(UPN["rlo"], "red")]["file"])
    assert "Dear Smithgnp.exe," in text


# (after the tests that make and read the module's letters run: its time is its own)
def test_letters_files_stay_in_the_folder_with_safe_distinct_names(school, letters):
    folder, _ = school
    out, stdout, err = letters
    made = sorted(p for p in folder.rglob("*") if p.is_file())
    outside = [p for p in made if p.parent != out and p.parent != folder]
    assert outside == []  # nothing written under ../../etc or anywhere but --out
    names = [p.name for p in out.iterdir()]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", n) for n in names), names
    reserved = {"CON", "PRN", "AUX", "NUL", *(f"{p}{i}" for p in ("COM", "LPT") for i in range(10))}
    assert not [n for n in names if n.split(".")[0].upper() in reserved]
    rows = read_csv(out / "manifest.csv")
    assert len(rows) == 2 * N_PUPILS  # a red letter and a penalty-notice warning each
    files = [r["file"] for r in rows]
    assert len({x.casefold() for x in files}) == len(files)  # none overwrote another
    pair = [r for r in rows if r["upn"] in ("X1/1", "X1?1") and r["template"] == "red"]
    assert len(pair) == 2 and pair[0]["sha256"] != pair[1]["sha256"]
    (printed,) = out.glob("letters-to-print-*.pdf")  # the run's one print file
    assert {p.name for p in out.glob("*.pdf")} == {*files, printed.name}
    assert "\x1b" not in stdout and "\x1b" not in err


def test_json_written_in_polars_is_what_json_dumps_writes():
    """The data-quality list is written a column at a time in Polars (issue 15): every
    text, however hostile, comes out as json.dumps(..., ensure_ascii=False) writes it."""
    import datetime as dt
    import json

    import polars as pl

    from attcli.output import json_column

    texts = [
        'O"Neill \\ back', "line\nbreak\r\ttab\b\f", "".join(chr(c) for c in range(32)),
        "\x7f del, é, 中文, \u2028 sep, \U0001f600", "</script>", "", None,
        "=HYPERLINK(\"x\")", "\x1b[2J",
    ]  # fmt: skip
    frame = pl.DataFrame(
        {
            "kind": ["k"] * len(texts),
            "upn": texts,
            "date": [dt.date(2026, 9, 1) if i % 2 else None for i in range(len(texts))],
            "school": [None, "", "Oak", *texts[3:]],
        }
    )
    lines = json_column(
        frame, ["kind", "upn", "date"], {"school": pl.col("school").is_not_null()}
    ).to_list()
    for line, row in zip(lines, frame.iter_rows(named=True), strict=True):
        want = {"kind": row["kind"], "upn": row["upn"], "date": row["date"]}
        if want["date"] is not None:
            want["date"] = want["date"].isoformat()
        if row["school"] is not None:
            want["school"] = row["school"]
        assert line == json.dumps(want, ensure_ascii=False)
        assert json.loads(line) == want


def _pupil_objects(result) -> list[dict]:
    """The check JSON's pupil objects built the plain way (a dict a pupil, as attcli did
    before issue 15 wrote them in Polars): the oracle for report_check's lines."""
    from attcli.check import reason_for
    from attcli.engine import PUPIL_FIELDS

    ev = result.evaluation
    multi = result.pupils.get_column("school").n_unique() > 1

    def iso(v):
        return v.isoformat() if isinstance(v, dt.date) else v

    evidence: dict = {}
    def empty() -> dict:
        return {"pn_sessions": [], "late_sessions": [], "runs": [], "sickness_sessions": []}

    for name, frame in (("pn_sessions", ev.pn_sessions), ("late_sessions", ev.late_sessions),
                        ("sickness_sessions", ev.sickness_sessions)):
        for r in frame.iter_rows(named=True):
            key = (r["school"] or "", r["upn"])
            item = f"{r['date']:%Y-%m-%d} {r['session']} {r['mark']}"
            evidence.setdefault(key, empty())
            evidence[key][name].append(item)
    for r in ev.runs.iter_rows(named=True):
        key = (r["school"] or "", r["upn"])
        evidence.setdefault(key, empty())
        evidence[key]["runs"].append(
            {k: iso(r[k]) for k in ("kind", "start", "end", "days", "codes", "current")}
        )
    out = []
    for r in result.pupils.iter_rows(named=True):
        obj = {k: iso(r[k]) for k in PUPIL_FIELDS}
        if multi or r["school"]:
            obj["school"] = r["school"] or None
        obj["pn_next_notice"] = r["pn_next_notice"]
        obj["groups"] = r["groups"]
        obj["new_groups"] = r["new_groups"]
        obj["reasons"] = {g: r[reason_for(g)] for g in r["groups"]}
        if r["groups"]:
            obj["evidence"] = evidence.get((r["school"] or "", r["upn"]), empty())
        out.append(obj)
    return out


@pytest.mark.parametrize("source", ["hostile", "example", "two_schools"])
def test_check_json_pupils_are_what_json_dumps_writes(school, source, tmp_path):
    """Issue 15: the check's pupil objects are written in Polars, a column at a time; each
    line is byte for byte what json.dumps(..., ensure_ascii=False) writes for the object
    the contract describes: hostile names, every kind of evidence, several schools."""
    from attcli import report_check
    from attcli.check import run_check
    from attcli.config import load_config, parse_config
    from attcli.loaders import load_registers

    root = Path(__file__).resolve().parents[1]
    example = root / "examples" / "exports" / "arbor_autumn_2026.csv"
    if source == "hostile":
        folder, files = school
        result = run_check([files["export"]], parse_config(CONFIG))
    elif source == "example":
        result = run_check([example], load_config(root / "examples" / "attcli.toml"))
    else:
        rows = list(csv.reader(example.open(encoding="utf-8-sig")))
        path = tmp_path / "two.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["School", *rows[0]])
            for i, r in enumerate(rows[1:]):
                w.writerow(["Oak" if i % 3 else 'Ash "A"\n', *r])
        # (a command refuses several schools' exports read with one config,
        # tests/test_trust_rules.py; the library writes such a register's check if given it)
        config = load_config(root / "examples" / "attcli.toml")
        loaded = load_registers([path], columns=config.columns, subcodes=config.subcodes)
        result = run_check(loaded, config)
    want = _pupil_objects(result)
    flagged = [o for o in want if o["groups"]]
    assert flagged and any(o["evidence"]["runs"] for o in flagged)
    assert any(o["evidence"]["pn_sessions"] for o in flagged)
    if source == "example":
        assert any(o["evidence"]["late_sessions"] for o in flagged)
    if source == "two_schools":
        assert {o["school"] for o in want} == {"Oak", 'Ash "A"'}
    multi = result.pupils.get_column("school").n_unique() > 1
    lines = report_check._pupil_column(result, multi).to_list()
    assert lines == [json.dumps(o, ensure_ascii=False) for o in want]


def test_percentages_are_written_as_python_writes_them():
    """The check's percentages (0 to 100, two decimals) come out of Polars' float writer
    exactly as json.dumps writes them."""
    import polars as pl

    from attcli.output import json_value

    values = [k / 100 for k in range(10001)] + [None]
    got = pl.DataFrame({"v": values}).select(json_value(pl.col("v"), pl.Float64)).to_series()
    assert got.to_list() == [json.dumps(v) for v in values]


def test_display_text_s_fast_path_for_plain_ascii_changes_nothing():
    """display_text skips its two regular expressions for printable ASCII (issue 15): for
    every character (ASCII, the C1 controls, the bidirectional ones, and some others),
    alone and inside a word, it gives what the expressions give."""
    from attcli.output import BIDI_CONTROLS, CONTROL_CHARS, LINE_BREAKS, display_text

    def slow(text: str, control: str = "") -> str:
        # (NEL, U+2028 and U+2029 are line breaks as LF is: a space, sweep of 4 December)
        return CONTROL_CHARS.sub(control, LINE_BREAKS.sub(" ", BIDI_CONTROLS.sub("", text)))

    chars = [chr(c) for c in [*range(0x00, 0xA0), 0x200B, 0x202A, 0x202E, 0x2066, 0x2069,
                              0x2028, 0x2029, 0xFF1D, 0x4E2D]]  # fmt: skip
    for ch in chars:
        for text in (ch, f"Ab{ch}cd", f"{ch} x {ch}"):
            assert display_text(text) == slow(text), repr(text)
            assert display_text(text, control="\ufffd") == slow(text, "\ufffd"), repr(text)
    assert display_text("Smith, Jo  (7A)") == "Smith, Jo  (7A)"
