"""Pupils' and parents' names as English schools have them (sweep of 5 December (second),
names): a pupil known by one name, surnames sorted as a person looks them up, spaces
typed twice, and wide characters in a long table."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli

#: 4 school weeks from Monday 7 September 2026: 12 days of O (unauthorised), 8 present:
#: 16 of 40 sessions (40.0 %, severe), every pupil alike, so that the lists are in the
#: order of their names alone.
MARKS = " ".join(["O"] * 12 + ["/\\"] * 8)


def named_register(tmp: Path, names: dict[str, tuple[str | None, str | None]]) -> Path:
    """A long export of pupils ``upn: (surname, forename)``, all with :data:`MARKS`."""
    reg = register({u: MARKS for u in names}, start=dt.date(2026, 9, 7))
    reg = reg.with_columns(
        pl.Series([names[u][0] or "" for u in reg["upn"]]).alias("surname"),
        pl.Series([names[u][1] or "" for u in reg["upn"]]).alias("forename"),
    )
    return write_long_csv(reg, tmp / "register.csv", dob=True, groups=True)


def json_upns(out: str) -> list[str]:
    """The UPNs of the check's JSON pupils, in its order."""
    return [p["upn"] for p in json.loads(out)["pupils"]]


# ------------------------------------------------------------------ one name

def test_a_pupil_known_by_one_name_is_never_shown_with_none(tmp_path: Path) -> None:
    """A pupil with a surname and no forename (a child known by one name, as some families
    register) was listed "Madonna, None" by the check and cme; a forename alone showed
    ", Cher" where a join dropped nothing.  Blank parts are left out: "Madonna", "Cher"."""
    path = named_register(
        tmp_path, {"S1": ("Madonna", None), "S2": (None, "Cher"), "S3": ("Okafor", "Ada")}
    )
    for args in (["check", path], ["cme", path, "--as-of", "2026-10-02"]):
        code, out, err = run_cli(*args, width=80)
        assert code == 0, err
        assert "None" not in out, (args, out)
        assert "Madonna," not in out and ", Cher" not in out, (args, out)
        assert "Okafor, Ada" in out
    code, out, err = run_cli("check", path, "--format", "csv")
    assert code == 0 and "None" not in out
    code, out, err = run_cli("check", path, width=80)
    assert "Madonna  S1" in out and "Cher  S2" in out


# ------------------------------------------------------------------ sorting by surname

#: Surnames as an English school's list files them (worked by hand): case aside
#: ("abbott" first, "van der Berg" among the Vs), accents aside (Ç with C, Ł with L), and
#: apostrophes aside: both O'Briens are "obrien", after "oakes", told apart by forename.
SORTED = {
    "P1": ("abbott", "Tom"),
    "P2": ("Çelik", "Emre"),
    "P3": ("Łukasiewicz", "Jan"),
    "P4": ("Ng", "Wei"),
    "P5": ("Oakes", "Ruby"),
    "P6": ("O’Brien", "Aoife"),
    "P7": ("O'Brien", "Seán"),
    "P8": ("van der Berg", "Anna"),
    "P9": ("Zebedee", "Zak"),
}


def test_pupils_are_listed_by_surname_as_a_person_looks_one_up(tmp_path: Path) -> None:
    """Surnames were sorted by code point: "abbott" and "van der Berg" after "Zebedee",
    "Çelik" and "Łukasiewicz" after Z too, and "O'Brien" before "Oakes" but "O’Brien"
    after it. The check (its JSON and table), cme and the letters list them in order."""
    shuffled = dict(reversed(list(SORTED.items())))
    path = named_register(tmp_path, shuffled)
    code, out, err = run_cli("check", path, "--format", "json")
    assert code == 0, err
    assert json_upns(out) == list(SORTED)
    code, out, err = run_cli("check", path, width=100)
    shown = [u for line in out.splitlines() for u in SORTED if f"│ {u} " in line]
    assert shown[: len(SORTED)] == list(SORTED)
    code, out, err = run_cli("cme", path, "--as-of", "2026-10-02", "--format", "csv")
    assert code == 0, err
    assert [line.split(",")[0].lstrip("\ufeff") for line in out.splitlines()[1:]] == list(SORTED)


# ------------------------------------------------------------------ wide characters

def test_a_long_table_keeps_its_columns_under_names_of_wide_characters() -> None:
    """A table of more than 500 rows is printed as plain lines padded to each column's
    width: the padding counted characters, so a name in Chinese or Japanese (two terminal
    columns a character) pushed the rest of its line right by one column a character, and
    a 40-character name of them took 80 columns.  Widths are the terminal's cells."""
    import io

    from rich.cells import cell_len
    from rich.console import Console

    from attcli.terminal import PLAIN_WIDTH, print_rows

    names = ["王, 小明", "Kowalczyk, Łukasz", "佐藤, ひなた", "O’Brien, Siobhán", "东" * 45]
    rows = [(n, f"U{i:03d}", "7A") for i, n in enumerate(names * 120)]
    buf = io.StringIO()
    print_rows(Console(file=buf, width=200), "pupils", ("pupil", "UPN", "group"), rows, plain=True)
    lines = buf.getvalue().splitlines()[3:]
    assert len(lines) == len(rows)
    starts = {cell_len(line[: line.index(" U")]) for line in lines}
    # one column for all, as wide as the widest name (19 of the 45 wide characters and
    # the ellipsis: 39 cells), then the two spaces between columns
    assert starts == {39 + 1}, starts
    widest = lines[4][: lines[4].index(" U")].rstrip()
    assert widest.endswith("\u2026") and cell_len(widest) <= PLAIN_WIDTH


# ------------------------------------------------------------------ spaces typed twice

def test_a_name_with_spaces_typed_twice_is_one_name(tmp_path: Path) -> None:
    """"van  der Berg" (two spaces, as typed) and "van der Berg" with a no-break space (as
    Excel pastes one) were kept as written: the check, letters and files showed the gap,
    and next week's export, typed right, made "1 pupil's names differ between exports"
    for one child.  Runs of spaces inside a name are one space, as the outer ones go."""
    first = named_register(tmp_path, {"V1": ("van  der Berg", " Anna  Maria "), "V2": ("Ng", "Wei")})
    second = tmp_path / "week2.csv"
    second.write_text(
        first.read_text(encoding="utf-8").replace("van  der Berg", "van\u00a0der Berg"),
        encoding="utf-8",
    )
    code, out, err = run_cli("check", first, second, "--format", "json")
    assert code == 0, err
    pupil = next(p for p in json.loads(out)["pupils"] if p["upn"] == "V1")
    assert (pupil["surname"], pupil["forename"]) == ("van der Berg", "Anna Maria")
    assert "differ" not in out + err


# ------------------------------------------------------------------ long names

#: A triple-barrelled surname of 65 characters, and a forename of three given names: real
#: names, each part of the surname well under 40 letters.
LONG_SURNAME = "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Cholmondeley"


def _text_of_pdf(path: Path) -> str:
    import pypdf

    reader = pypdf.PdfReader(str(path))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_a_long_legal_name_is_printed_whole_on_the_letter_and_the_certificate(
    tmp_path: Path,
) -> None:
    """A pupil's surname of 65 characters was cut to 40 in every letter ("Wolfeschlegel
    steinhausenbergerdorff-Fea…", the subject line and the "Pupil:" line of a penalty-notice
    warning) and on the certificate (a "word" over 40 characters: its hyphens were not
    read as breaks).  A family's letter names the child as the MIS does, to 100 characters
    a part as the evidence pack does; only a run of over 40 letters with no space or
    hyphen (no real name's) is cut."""
    from school import contacts_file, make_workspace

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"L1": (LONG_SURNAME, "Hubert Blaine Augustus")})
    contacts = contacts_file(tmp_path / "contacts.csv", [("L1", "C1", "Mrs", "Ann", "Smith")])
    code, out, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config,
    )  # fmt: skip
    assert code == 0, err
    letters = sorted((tmp_path / "out").glob("L1_*.pdf"))
    assert letters
    for pdf in letters:
        text = _text_of_pdf(pdf)
        assert "HubertBlaineAugustus" + LONG_SURNAME in text, text[:600]
        assert "Fea\u2026" not in text
        html = pdf.with_suffix(".html").read_text(encoding="utf-8")
        assert f"Hubert Blaine Augustus {LONG_SURNAME}" in html
    assert "too long for a letter" not in out + err
    code, out, err = run_cli("pupil", "L1", path, "--pdf", tmp_path / "cert.pdf", "--config", config)
    assert code == 0, err
    assert "HubertBlaineAugustus" + LONG_SURNAME in _text_of_pdf(tmp_path / "cert.pdf")


def test_a_run_of_letters_no_name_has_is_still_cut_and_said() -> None:
    """The cut that keeps a corrupt value to the page stays: 60 letters with no space or
    hyphen end in an ellipsis at 40."""
    from attcli.names import legal_name

    assert legal_name("x" * 60) == "x" * 39 + "\u2026"
    assert legal_name(LONG_SURNAME) == LONG_SURNAME
    assert legal_name("  Anna ") == "Anna"
    assert legal_name(None) == ""


# ------------------------------------------------------------------ a parent's name saved on a Mac

def test_a_parent_in_a_contacts_file_saved_on_a_mac_is_the_parent_of_the_earlier_notice(
    tmp_path: Path,
) -> None:
    """A contacts export with no contact ids keeps a parent by name and address.  The
    register's names are composed (NFC) as read, the contacts' were not: the same file
    saved on a Mac ("Siân" as ``a`` and a combining circumflex, NFD) made Mrs O'Neill
    another parent, so `pn next` after her first notice said "first (GBP 80 ...)", not
    "second (GBP 160)" (DOMAIN.md 5: the second notice to a parent in 3 years)."""
    import unicodedata

    from school import make_workspace
    from test_pn_record import RAE, rae_files

    ws = make_workspace(tmp_path / "school")
    export, _ = rae_files(tmp_path)
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
    )
    row = f"{RAE},Mrs,Siân,O'Neill,Mother,1,Yes,1 Rue Hélène,Anytown,AN1 1AB\n"
    composed = tmp_path / "contacts.csv"
    composed.write_text(header + row, encoding="utf-8")
    mac = tmp_path / "contacts-mac.csv"
    mac.write_text(header + unicodedata.normalize("NFD", row), encoding="utf-8")
    assert mac.read_bytes() != composed.read_bytes()
    code, out, err = run_cli(
        "pn", "record", RAE, export, "--parent", "Siân O'Neill", "--contacts", composed,
        "--date", "2024-10-18", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    for book, typed in ((composed, "Siân O'Neill"), (mac, "Siân O'Neill"),
                        (mac, unicodedata.normalize("NFD", "Siân O'Neill"))):  # fmt: skip
        code, out, err = run_cli(
            "pn", "next", RAE, "--parent", typed, "--contacts", book, "--date", "2024-10-21",
            "-c", ws,
        )  # fmt: skip
        assert (code, out) == (0, "second (GBP 160)\n"), (book.name, out, err)


def test_a_notice_on_record_under_a_decomposed_key_is_still_the_parent_s(tmp_path: Path) -> None:
    """A notice recorded before the fix from a contacts file saved on a Mac is on record
    under the decomposed key: it stays the parent's, read from either file."""
    import sqlite3
    import unicodedata

    from school import make_workspace
    from test_pn_record import RAE, rae_files

    ws = make_workspace(tmp_path / "school")
    export, _ = rae_files(tmp_path)
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
    )
    book = tmp_path / "contacts.csv"
    book.write_text(header + f"{RAE},Mrs,Siân,O'Neill,Mother,1,Yes,1 Elm Road,Anytown,AN1 1AB\n",
                    encoding="utf-8")  # fmt: skip
    code, out, err = run_cli(
        "pn", "record", RAE, export, "--parent", "Siân O'Neill", "--contacts", book,
        "--date", "2024-10-18", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    db = sqlite3.connect(ws.parent / "attcli-history.sqlite3")
    (key,) = db.execute("SELECT parent_key FROM penalty_notices").fetchone()
    assert "â" in key
    db.execute("UPDATE penalty_notices SET parent_key = ?", (unicodedata.normalize("NFD", key),))
    db.commit()
    db.close()
    code, out, err = run_cli(
        "pn", "next", RAE, "--parent", "Siân O'Neill", "--contacts", book, "--date",
        "2024-10-21", "-c", ws,
    )  # fmt: skip
    assert (code, out) == (0, "second (GBP 160)\n"), err
    assert "another address" not in err, err


def test_a_parent_s_name_typed_with_a_keyboard_apostrophe_is_the_contact_s(tmp_path: Path) -> None:
    """The MIS holds "O’Neill" (a typographic apostrophe, as a name pasted from a
    document has); staff type "O'Neill".  `pn record --parent "Siân O'Neill"` said no
    contact of that name, listing "Mrs Siân O’Neill", which looks the same; with --force
    it recorded the notice under the typed name, a parent of its own, whose notices the
    contact's next one would not count.  A typed name matches whatever apostrophe or
    hyphen the file has."""
    from school import make_workspace
    from test_pn_record import RAE, rae_files

    ws = make_workspace(tmp_path / "school")
    export, _ = rae_files(tmp_path)
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
    )
    book = tmp_path / "contacts.csv"
    book.write_text(
        header + f"{RAE},Mrs,Siân,O\u2019Neill\u2011Hughes,Mother,1,Yes,1 Elm Road,Anytown,AN1 1AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "pn", "record", RAE, export, "--parent", "Siân O'Neill-Hughes", "--contacts", book,
        "--date", "2024-10-18", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli(
        "pn", "next", RAE, "--parent", "Mrs O'Neill-Hughes", "--contacts", book, "--date",
        "2024-10-21", "-c", ws,
    )  # fmt: skip
    assert (code, out) == (0, "second (GBP 160)\n"), err


def test_a_pupil_known_by_one_name_in_a_single_name_column_is_read(tmp_path: Path) -> None:
    """An export with one "Name" column ("Surname, Forename", as Integris and SIMS reports
    write it) gives a child known by one name as "Madonna," (no forename): the whole
    school's check stopped, "pupil name is not 'Surname, Forename'", where separate columns
    read the same child.  A name with its comma and one part is that part; one with no
    comma (perhaps "Surname Forename" unsplit) is still refused, as is one with neither."""
    path = named_register(tmp_path, {"S1": ("Madonna", None), "S3": ("Okafor", "Ada")})
    lines = path.read_text(encoding="utf-8").splitlines()
    out_lines = ["UPN,Name," + lines[0].split(",", 3)[3]]
    for line in lines[1:]:
        upn, surname, forename, rest = line.split(",", 3)
        out_lines.append(f'{upn},"{surname}, {forename}",{rest}')
    single = tmp_path / "single.csv"
    single.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", single, "--format", "json")
    assert code == 0, err
    pupils = {p["upn"]: (p["surname"], p["forename"]) for p in json.loads(out)["pupils"]}
    assert pupils == {"S1": ("Madonna", None), "S3": ("Okafor", "Ada")}
    for bad, said in (("Madonna", "is not 'Surname, Forename'"), (" , ", "has no name")):
        text = single.read_text(encoding="utf-8").replace('"Madonna, "', f'"{bad}"')
        (tmp_path / "bad.csv").write_text(text, encoding="utf-8")
        code, out, err = run_cli("check", tmp_path / "bad.csv")
        assert code == 1 and said in err, err


def test_a_letter_about_a_child_known_by_one_name_calls_them_by_it(tmp_path: Path) -> None:
    """The letters call a child by their forename: a child with a surname and no forename
    got "I am writing because has missed half or more of school ... 's attendance is
    40.0%".  The name the letter calls them by is their one name."""
    from html import unescape

    from school import contacts_file, make_workspace

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"S1": ("Madonna", None), "S2": (None, "Cher")})
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("S1", "C1", "Ms", "Ann", "Madonna"), ("S2", "C2", "Mr", "Bob", "Sarkisian")],
    )
    code, out, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config,
    )  # fmt: skip
    assert code == 0, err
    for upn, name in (("S1", "Madonna"), ("S2", "Cher")):
        html = (tmp_path / "out" / next(
            p.name for p in (tmp_path / "out").glob(f"{upn}_*_severe.html")
        )).read_text(encoding="utf-8")  # fmt: skip
        text = unescape(" ".join(html.split()))
        assert f"I am writing because {name} has missed" in text, text
        assert f"{name}'s attendance is" in text and " 's " not in text


def test_the_casebook_lists_pupils_by_surname_as_the_check_does(tmp_path: Path) -> None:
    """The casebook sorted "Surname, Forename" as one text by code point, and once by the
    name's key the comma still came after a space: "Smith-Jones, Amelia" before "Smith,
    Anna", where the check lists Smith first.  The comma sorts first."""
    from attcli.names import sort_key
    from school import make_workspace

    assert sort_key("Smith, Anna") < sort_key("Smith-Jones, Amelia") < sort_key("Smithers, Al")
    names = {"C1": ("abbott", "Tom"), "C2": ("Łukasiewicz", "Jan"), "C3": ("Smith", "Anna"),
             "C4": ("Smith-Jones", "Amelia"), "C5": ("Smithers", "Al"), "C6": ("Zebedee", "Zak")}  # fmt: skip
    path = named_register(tmp_path, dict(reversed(list(names.items()))))
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("cases", path, "--as-of", "2026-10-02", "--config", config, width=100)
    assert code == 0, err
    listed = [u for line in out.splitlines() for u in names if f"│ {u} " in line]
    assert listed == list(names), out
    code, out, err = run_cli("check", path, "--format", "json")
    assert json_upns(out) == list(names)
