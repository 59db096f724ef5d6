"""Hostile values an export can hold, beyond tests/test_hostile.py (sweep of 4 December,
hostile): each test builds a small register by hand and runs the real command.

The register: every pupil attends the 35 school days of Autumn 1 (70 of 70 sessions) and
is absent ``O`` the first 10 school days of Autumn 2: 70 of 90 sessions, 77.8 % (red),
20 unauthorised sessions (the penalty-notice threshold, 10 in 10 school weeks).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from attcli.output import display_text
from attcli.terminal import terminal_text
from clirun import run_cli
from test_hostile import CONFIG, _school_days


def build(folder: Path, pupils: dict[str, str]) -> dict[str, Path]:
    """An Arbor-style long export, contacts and config in ``folder``: ``pupils`` maps a UPN
    to a value that is the pupil's forename, surname and registration group, and their
    contact's forename, address lines, salutation and relationship (the contact's surname
    is the value and " Snr")."""
    folder.mkdir(parents=True, exist_ok=True)
    days = _school_days(45)
    with (folder / "export.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                    "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
        for upn, v in pupils.items():
            for n, d in enumerate(days):
                marks = ("/", "\\") if n < 35 else ("O", "O")
                for session, mark in zip(("AM", "PM"), marks, strict=True):
                    w.writerow([upn, v, v, "Year 7", v, "01/10/2014", f"{d:%d/%m/%Y}",
                                session, mark])  # fmt: skip
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Contact Title", "Contact Forename", "Contact Surname", "Salutation",
                    "Relationship", "Priority", "Parental Responsibility", "Address Line 1",
                    "Address Line 2", "Town", "Postcode"])  # fmt: skip
        for upn, v in pupils.items():
            w.writerow([upn, "Mx", v, f"{v} Snr", v, v, 1, "Y", v, v, v, "OK1 1AA"])
    (folder / "attcli.toml").write_text(CONFIG, encoding="utf-8")
    return {n: folder / f for n, f in (("export", "export.csv"), ("contacts", "contacts.csv"),
                                       ("config", "attcli.toml"))}  # fmt: skip


def _layout_lines(path: Path) -> list[str]:
    """The PDF's text as it is laid out, a line of the page a line of text, runs of spaces
    as one: where each value is placed, not only what it says."""
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# ------------------------------------------------- line and paragraph separators (U+2028/9)

#: U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE are line breaks
#: in Unicode: Typst breaks the line at each, so a name holding them printed over several
#: lines of the address block, the pupil line and the pack's tables.
SEPARATED = "Line\u2028Sep\u2029Para"
NEL = "Nel\u0085Line"


def test_display_text_makes_unicode_line_breaks_spaces_as_it_does_a_line_feed():
    # each is a line break, as \n is: a space, never a break on the page or screen
    assert display_text(SEPARATED) == "Line Sep Para"
    assert display_text(NEL) == "Nel Line"  # (was dropped, "NelLine": two words run together)
    assert display_text("a\nb") == "a b"  # as before
    assert terminal_text(SEPARATED) == "Line Sep Para"
    assert terminal_text(NEL) == "Nel Line"


@pytest.fixture(scope="module")
def separated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("separated")
    return folder, build(folder, {"H000000000001": SEPARATED, "H000000000002": NEL})


def test_a_name_with_line_separators_prints_on_one_line_of_the_letter(separated):
    folder, f = separated
    out = folder / "letters"
    code, _, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                           f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    (red,) = [r for r in rows if r["upn"] == "H000000000001" and r["template"] == "red"]
    lines = _layout_lines(out / red["file"])
    # the address block is five lines, the salutation under it (the name's breaks ran it
    # to 13 lines, over the salutation and the subject): "Mx", forename and surname; the
    # two address lines and the town (the pupil's line beside them); the postcode
    assert lines[4].startswith("Mx Line Sep Para Line Sep Para Snr "), lines[:12]
    assert all(x.startswith("Line Sep Para") for x in lines[5:8]), lines[:12]
    assert lines[8:10] == ["OK1 1AA", "Dear Line Sep Para,"], lines[:12]
    (nel,) = [r for r in rows if r["upn"] == "H000000000002" and r["template"] == "red"]
    assert "Dear Nel Line," in _layout_lines(out / nel["file"])


def test_a_name_with_line_separators_prints_on_one_line_of_the_certificate(separated):
    folder, f = separated
    pdf = folder / "certificate.pdf"
    code, _, err = run_cli("pupil", "H000000000001", f["export"], "-c", f["config"],
                           "--pdf", pdf, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    lines = _layout_lines(pdf)
    assert any(x.startswith("Pupil Line Sep Para Line Sep Para") for x in lines), lines[:14]
    assert not any(x in ("Sep", "Para") for x in lines), lines[:14]


def test_a_name_with_line_separators_prints_on_one_line_of_the_evidence_pack(separated):
    folder, f = separated
    pdf = folder / "pack.pdf"
    code, _, err = run_cli("evidence", "H000000000001", f["export"], "-c", f["config"],
                           "--for", "penalty-notice", "--contacts", f["contacts"], "--draft",
                           "--as-of", "2026-11-13", "-o", pdf)  # fmt: skip
    assert code == 0, err
    lines = _layout_lines(pdf)
    assert any("Penalty notice request: Line Sep Para Line Sep Para" in x for x in lines)
    assert any(x.startswith("Name Line Sep Para Line Sep Para") for x in lines), lines[:30]
    assert not any(x in ("Sep", "Para", "Para Snr") for x in lines), lines[:30]


# ------------------------------------------------------- names of invisible characters only

#: a name a person sees as blank: a zero-width space, a direction override, a byte-order
#: mark and a zero-width joiner, a line separator between spaces, an ESC
INVISIBLE = ["\u200b", "\u202e", "\ufeff\u200d", " \u2028 ", "\x1b"]


@pytest.mark.parametrize("name", INVISIBLE, ids=["zwsp", "rlo", "bom_zwj", "lsep", "esc"])
def test_a_name_of_invisible_characters_only_is_no_name(tmp_path, name):
    """A surname and forename that show as nothing were read as a name: the letter said
    "Pupil: , Year 7", "I am writing because 's attendance". An empty name is refused
    ("pupil has no name"); one that shows as empty is the same to a person."""
    f = build(tmp_path, {"H000000000001": "Jo", "H000000000002": name})
    code, _, err = run_cli("check", f["export"], "-c", f["config"], "--as-of", "2026-11-13")
    assert code == 1
    # the second pupil's first row: line 1 the header, 90 rows of the first pupil
    assert "export.csv, line 92: pupil has no name (column 'Legal Surname')" in err, err


def test_a_name_with_one_visible_character_is_read_and_an_invisible_surname_is_blank(tmp_path):
    f = build(tmp_path, {"H000000000001": "\u200bA", "H000000000002": "Jo"})
    # the second pupil: surname invisible, forename Ann (a forename alone is a name)
    text = f["export"].read_text(encoding="utf-8").replace(",Jo,Jo,", ",\u200b,Ann,")
    f["export"].write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", f["export"], "-c", f["config"], "--as-of", "2026-11-13",
                             "-f", "json")  # fmt: skip
    assert code == 0, err
    import json

    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (pupils["H000000000001"]["surname"], pupils["H000000000001"]["forename"]) == (
        "\u200bA",
        "\u200bA",
    )
    assert (pupils["H000000000002"]["surname"], pupils["H000000000002"]["forename"]) == (
        None,
        "Ann",
    )


# ------------------------------------------------ contact fields of invisible characters only

CONTACT_HEADER = ["UPN", "Contact Title", "Contact Forename", "Contact Surname", "Salutation",
                  "Relationship", "Priority", "Parental Responsibility", "Address Line 1",
                  "Address Line 2", "Town", "Postcode", "Email"]  # fmt: skip


@pytest.mark.parametrize("z", ["\u200b", "\ufeff\u200d", "\u202e", "\x1b"],
                         ids=["zwsp", "bom_zwj", "rlo", "esc"])  # fmt: skip
def test_contact_fields_of_invisible_characters_only_are_blank(tmp_path, z):
    """A contact's address of zero-width spaces was a postal address: a letter went to the
    print file with a blank address window. A name of them gave "Dear ,". An override or
    an ESC (dropped as the contacts are read) was blank already: the address none, so no
    letter ("no usable contact"), the name none, so "The Parent/Carer of" and "Dear
    Parent/Carer,". Each is now blank, whichever invisible character it is."""
    f = build(tmp_path, {"H000000000001": "Jo", "H000000000002": "Ann"})
    with f["contacts"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTACT_HEADER)
        w.writerow(["H000000000001", "Mrs", "Jane", "Doe", "", "Mother", 1, "Y", z, z, z, z, ""])
        w.writerow(["H000000000002", z, z, z, z, "Mother", 1, "Y", "1 Elm Road", "", "Anytown",
                    "AN1 1AA", ""])  # fmt: skip
    out = tmp_path / "letters"
    code, stdout, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                                f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    assert {r["upn"] for r in rows} == {"H000000000002"}  # Jo's contact has no address
    said = " ".join((stdout + err).split())
    assert "No usable contact: these letters were NOT made" in said
    assert "H000000000001 │ Jo Jo │ red │ no contact with parental responsibility" in said
    (red,) = [r for r in rows if r["template"] == "red"]
    lines = _layout_lines(out / red["file"])
    assert lines[4].startswith("The Parent/Carer of Ann Ann "), lines[:10]
    assert "Dear Parent/Carer," in lines, lines[:10]


# ------------------------------------------------------------- the envelope window holds it all

MM = 72 / 25.4  # points in a millimetre
#: the address window's block on the page, in PDF points from the foot of the A4 page
#: (841.89 pt tall): 14 mm margin + 31 mm down, 36 mm tall (templates/letters/_layout.typ)
WINDOW_TOP = 841.89 - (14 + 31) * MM  # 714.3
WINDOW_FOOT = 841.89 - (14 + 31 + 36) * MM  # 612.3


def _placed(path: Path) -> list[tuple[float, float, str]]:
    """(x, y of the baseline, text) of each run of text on the PDF's first page."""
    from pypdf import PdfReader

    out: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            out.append((cm[4] + tm[4], cm[5] + tm[5], text.strip()))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return out


def test_a_long_name_and_address_stay_inside_the_envelope_window(tmp_path):
    """A contact with two 40-character names and three 50-character address lines (within
    the letters' limits: docs/decisions.md) made nine lines at 10.5 pt: 51 mm of a 36 mm
    window, the postcode (the line the post reads) outside it, under the envelope. The
    block is set smaller until it fits, as the letterhead is; a short address is set in
    11 pt, the letter's size (10.5 pt before the accessibility sweep)."""
    f = build(tmp_path, {"H000000000001": "Jo", "H000000000002": "Ann"})
    line = "Flat 12 The Old Coach House Wimbledon Park Estates"  # 50 characters
    assert len(line) == 50
    with f["contacts"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTACT_HEADER)
        w.writerow(["H000000000001", "Mrs", "Alexandra-Jane Montgomery Wolstenholme",
                    "Fotheringham-Cavendish Bartholomew", "", "Mother", 1, "Y", line, line,
                    line, "SW19 1AA", ""])  # fmt: skip
        w.writerow(["H000000000002", "Mr", "Tom", "Lee", "", "Father", 1, "Y", "1 Elm Road",
                    "", "Anytown", "AN1 1AA", ""])  # fmt: skip
    out = tmp_path / "letters"
    code, _, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                           f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    files = {r["upn"]: out / r["file"] for r in rows if r["template"] == "red"}
    placed = _placed(files["H000000000001"])
    (dear,) = [y for x, y, t in placed if t.startswith("Dear ")]
    # the lines on the left between the letterhead's rule and the salutation
    address = [(y, t) for x, y, t in placed if x < 300 and dear < y < WINDOW_TOP + 20]
    assert "SW19 1AA" in [t for _, t in address] and len(address) >= 6, address
    # every line of it (a descender's 2 pt under its baseline) in the window, the
    # salutation under it (the postcode was at 611.4 pt, its baseline under the window)
    assert all(WINDOW_FOOT + 2 <= y <= WINDOW_TOP for y, _ in address), address
    assert dear < WINDOW_FOOT
    # the short address: four lines at 11 pt (12.53 pt apart; 10.5 pt, 11.96 apart, before)
    short = [y for x, y, t in _placed(files["H000000000002"]) if x < 300
             and WINDOW_FOOT < y < WINDOW_TOP]  # fmt: skip
    assert len(short) == 4 and round(short[0] - short[1], 2) == 12.53, short


def test_a_word_too_long_to_break_stays_inside_the_envelope_window(tmp_path):
    """An address line of 50 characters with no space (a corrupt export: within the
    letters' limit) ran 30 mm past the window's right edge, over the "Pupil:" line. The
    block is set smaller until its widest line fits the window's 88 mm too."""
    f = build(tmp_path, {"H000000000001": "Jo"})
    with f["contacts"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTACT_HEADER)
        w.writerow(["H000000000001", "Mr", "Tom", "Lee", "", "Father", 1, "Y", "N" * 50, "",
                    "Anytown", "AN1 1AA", ""])  # fmt: skip
    out = tmp_path / "letters"
    code, _, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                           f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    (red,) = [r for r in rows if r["template"] == "red"]
    from pypdf import PdfReader

    page = PdfReader(out / red["file"]).pages[0]
    widths: list[float] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip() == "N" * 50:  # its width: the font's size times its advance
            widths.append((cm[4] + tm[4], size * cm[0]))

    page.extract_text(visitor_text=visit)
    ((x, size),) = widths
    # the window's block: 22 mm margin - 2 mm, 88 mm wide; an N of FiraGO is 0.68 em
    right = x + 50 * 0.68 * size
    assert right <= (20 + 88) * MM, (right / MM, size)


def test_a_pupil_name_too_long_to_break_stays_in_the_pupil_line_s_column(tmp_path):
    """A 40-character forename and surname with no space (a corrupt export: the letters'
    limit) ran from the right-hand "Pupil:" column 20 mm left, over the recipient's
    address. The line is set smaller until its widest word fits the column's 62 mm."""
    f = build(tmp_path, {"H000000000001": "N" * 40})
    out = tmp_path / "letters"
    code, _, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                           f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    (red,) = [r for r in rows if r["template"] == "red"]
    lines = [(x, t) for x, y, t in _placed(out / red["file"])
             if WINDOW_FOOT < y < WINDOW_TOP and "N" * 40 in t]  # fmt: skip
    # the address block's lines start at 20 mm; the pupil line's column at 210 - 20 - 62
    pupil = [x for x, t in lines if x > 100]
    assert pupil and min(pupil) >= (210 - 20 - 62) * MM - 1, [(x / MM, t) for x, t in lines]


# ------------------------------------------------ the evidence pack: a word too long to break


def _runs_past(path: Path, right_edge_mm: float) -> list[tuple[float, str]]:
    """The runs of text on any page of the PDF whose right end (their glyphs' advances in
    the bundled FiraGO, at the size drawn) is past ``right_edge_mm`` from the page's left:
    (right end in mm, text)."""
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    from attcli.pdf import bundled_font_dir

    fonts = {w: TTFont(bundled_font_dir() / f"FiraGO-{w}.ttf") for w in ("Regular", "Bold")}
    past: list[tuple[float, str]] = []
    for page in PdfReader(path).pages:

        def visit(text, cm, tm, font, size):  # noqa: ANN001
            if not text.strip() or font is None:
                return
            f = fonts["Bold" if "Bold" in str(font.get("/BaseFont")) else "Regular"]
            cmap, hmtx, em = f.getBestCmap(), f["hmtx"], f["head"].unitsPerEm
            advance = sum(hmtx[cmap[ord(c)]][0] for c in text if ord(c) in cmap)
            right = (cm[4] + tm[4] + advance * size * cm[0] / em) / MM
            if right > right_edge_mm:
                past.append((round(right, 1), text.strip()[:30]))

        page.extract_text(visitor_text=visit)
    return past


def test_an_evidence_pack_keeps_a_word_too_long_to_break_on_the_page(tmp_path):
    """A pupil and parent named with 100 characters and no space (a corrupt export: the
    pack keeps legal names whole to 100 characters) ran off the page's right edge in the
    title, the pupil's and the parent's tables, cut by the paper with nothing said. Such
    a value is set smaller until its widest word fits the space it has."""
    f = build(tmp_path, {"H000000000001": "N" * 100})
    pdf = tmp_path / "pack.pdf"
    code, _, err = run_cli("evidence", "H000000000001", f["export"], "-c", f["config"],
                           "--for", "penalty-notice", "--contacts", f["contacts"], "--draft",
                           "--as-of", "2026-11-13", "-o", pdf)  # fmt: skip
    assert code == 0, err
    # the pack's page: A4, 210 mm wide, 16 mm margins; the glyphs' advances give its
    # right-aligned figures' ends at 195 mm, so 3 mm is allowed (the name ended at 368 mm)
    assert _runs_past(pdf, 210 - 16 + 3) == []
    # the legal name whole, smaller: the forename and the surname
    assert ("N" * 100 + " " + "N" * 100) in " ".join(_layout_lines(pdf))


# ---------------------------------------------------------- an email cell that is no email


def test_an_email_cell_that_is_no_email_address_is_no_way_to_reach_the_parent(tmp_path):
    """A contact with no postal address and "none", or a DDE payload, in the email column
    was reachable by email: the letters were written, listed "to send by email ... to
    none" and recorded as sent, and went nowhere. Such a value is no email: the contact
    has no usable address, the letters are not made and the line says why. A real
    address, and two in one cell, still are."""
    f = build(tmp_path, {"H000000000001": "Jo", "H000000000002": "Ann", "H000000000003": "Bea",
                         "H000000000004": "Cy"})  # fmt: skip
    with f["contacts"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTACT_HEADER)
        for upn, name, email in (
            ("H000000000001", "Doe", "=cmd|' /C calc'!A0"),
            ("H000000000002", "Roe", "none"),
            ("H000000000003", "Poe", "bea@example.org"),
            ("H000000000004", "Coe", "cy@example.org; cy.work@example.org"),
        ):
            w.writerow([upn, "Mrs", "Jane", name, "", "Mother", 1, "Y", "", "", "", "", email])
    out = tmp_path / "letters"
    code, stdout, err = run_cli("letters", f["export"], "-c", f["config"], "--contacts",
                                f["contacts"], "--out", out, "--as-of", "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    assert {r["upn"] for r in rows} == {"H000000000003", "H000000000004"}
    said = " ".join((stdout + err).split())
    assert "No usable contact: these letters were NOT made" in said
    assert "Mrs Jane Roe's email 'none' is not an email address" in said
    assert "Mrs Jane Doe's email \"=cmd|' /C calc'!A0\" is not an email address" in said
    assert " to none" not in said and "to bea@example.org" in said


# ------------------------------------------------------------------- a pupil with no name


def test_a_letter_about_a_pupil_with_no_name_is_held(tmp_path):
    """A register keyed by MIS id (no names) and a pupil list whose row for a pupil leaves
    the names blank (or zero-width spaces): the letters were made, "unnamed_unnamed_red.pdf",
    "I am writing because 's attendance", with nothing said. They are held, saying why;
    the named pupil's are made."""
    (tmp_path / "attcli.toml").write_text(CONFIG, encoding="utf-8")
    days = _school_days(45)
    with (tmp_path / "reg.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["PersonID", "AttendanceDate", "SessionName", "AttendanceMark"])
        for pid in ("1001", "1002", "1003"):
            for n, d in enumerate(days):
                for session, mark in zip(("AM", "PM"), ("/", "\\") if n < 35 else ("O", "O"),
                                         strict=True):  # fmt: skip
                    w.writerow([pid, d.isoformat(), session, mark])
    with (tmp_path / "pupils.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["MIS ID", "UPN", "Legal Surname", "Legal Forename", "Date of Birth", "Year"])
        w.writerow(["1001", "H000000000001", "Smith", "Jo", "01/10/2014", "7"])
        w.writerow(["1002", "H000000000002", "", "", "01/10/2014", "7"])
        w.writerow(["1003", "H000000000003", "\u200b", "\u200b", "01/10/2014", "7"])
    with (tmp_path / "contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CONTACT_HEADER)
        for i in (1, 2, 3):
            w.writerow([f"H00000000000{i}", "Mrs", "Ann", f"Roe{i}", "", "Mother", 1, "Y",
                        f"{i} Elm Road", "", "Anytown", "AN1 1AA", ""])  # fmt: skip
    out = tmp_path / "letters"
    code, stdout, err = run_cli("letters", tmp_path / "reg.csv", "-c", tmp_path / "attcli.toml",
                                "--pupils", tmp_path / "pupils.csv", "--contacts",
                                tmp_path / "contacts.csv", "--out", out, "--as-of",
                                "2026-11-13")  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader((out / "manifest.csv").open(encoding="utf-8-sig")))
    assert {r["upn"] for r in rows} == {"H000000000001"}
    said = " ".join((stdout + err).split())
    assert "Held for review: these letters were NOT made" in said
    assert said.count("the pupil has no name in the exports or the pupil list") == 4, said
    # an evidence pack for one of them names no child either: a problem, so refused
    code, _, err = run_cli("evidence", "H000000000002", tmp_path / "reg.csv", "-c",
                           tmp_path / "attcli.toml", "--pupils", tmp_path / "pupils.csv",
                           "--for", "penalty-notice", "--contacts", tmp_path / "contacts.csv",
                           "--as-of", "2026-11-13", "-o", tmp_path / "pack.pdf")  # fmt: skip
    assert code == 1 and not (tmp_path / "pack.pdf").exists()
    assert "the pupil has no name in the exports or the pupil list" in " ".join(err.split())
    # nor is a certificate made, which goes to the family: one line, no file
    code, _, err = run_cli("pupil", "H000000000003", tmp_path / "reg.csv", "-c",
                           tmp_path / "attcli.toml", "--pupils", tmp_path / "pupils.csv",
                           "--as-of", "2026-11-13", "--pdf", tmp_path / "cert.pdf")  # fmt: skip
    assert code == 1 and not (tmp_path / "cert.pdf").exists()
    assert (
        "error: the certificate for H000000000003 cannot be made: the pupil has no name in "
        "the exports or the pupil list" in " ".join(err.split())
    ), err
