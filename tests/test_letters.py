"""attcli letters: choosing, wording, PDFs, history, interrupted runs, hostile names."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import sqlite3
import stat
from pathlib import Path

import polars as pl
import pytest

from attcli.config import parse_config
from attcli.errors import AttcliError, ConfigError, InputError, OutputError
from attcli.letters import History, load_contacts, run_letters
from attcli.letters.run import MANIFEST, pct_text
from attcli.letters.templates import TemplateError
from attcli.store import SCHEMA_VERSION
from builders import count_calls, register
from clirun import as_in_a_test
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER

pypdf = pytest.importorskip("pypdf")

DATA = Path(__file__).parent / "data" / "letters"
CONTACTS = DATA / "contacts.csv"
FONTS = DATA / "fonts"

CONFIG = """
[school]
name = "Oakfield Academy"
local_authority = "Example Borough Council"
address = ["1 School Lane", "Exampletown", "EX1 2AB"]
phone = "01632 960000"
email = "attendance@oakfield.example.org"
headteacher = "Mrs J. Example"
attendance_lead = "Mr A. Officer"

[lessons]
am = 3
pm = 2

[history]
path = "{history}"

[letters]
fonts = "{fonts}"
{extra}
"""

# 40 school days from Monday 7 September 2026 (80 sessions), one pupil per letter.  Their
# unauthorised absence is O, not N: a letter resting on N marks not yet due to be resolved
# is held for review (PROVISIONAL, below)
PUPILS = {
    # 73/80 = 91.25 %: amber; 2 authorised (R: religious observance), 5 unauthorised.  (Not
    # mostly illness, leave or R/T: a pupil whose absence is mostly that is held for review.)
    "AMB": "/ " * 36 + "R O O /O",
    # 70/80 = 87.5 %: red; 4 authorised (T: parent travelling for work), 6 unauthorised
    "RED": "/ " * 35 + "T T O O O",
    # 30/80 = 37.5 %: severe, and 50 unauthorised sessions: penalty-notice threshold
    "SEV": "/ " * 15 + "O " * 25,
    # 80/80 = 100 %: praise when switched on
    "PRA": "/ " * 40,
    # 4 late days (8 late sessions) this half term, attendance 100 %
    "LAT": "/ " * 36 + "L " * 4,
    # threshold met but no date of birth: for a person to decide
    "UNK": "/ " * 34 + "O " * 6,
}


def contacts_for(upns: list[str], tmp: Path, extra: str = "") -> Path:
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Address Line 2,Town,Postcode,Email,Telephone\n"
    )
    rows = [
        f"{u},Mrs,Parent{u},Family{u},Mother,1,Yes,{i} Elm Road,,Exampletown,EX1 {i}AB,,"
        for i, u in enumerate(upns, 1)
    ]
    p = tmp / "contacts.csv"
    p.write_text(header + "\n".join(rows) + "\n" + extra, encoding="utf-8")
    return p


def make_config(tmp: Path, extra: str = "") -> object:
    return parse_config(CONFIG.format(history=tmp / "history.sqlite3", fonts=FONTS, extra=extra))


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages)


def html_text(path: Path) -> str:
    """The HTML's visible text, tags removed and entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<style>.*?</style>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def with_names(reg: pl.DataFrame, names: dict[str, tuple[str, str]]) -> pl.DataFrame:
    fore = {u: f for u, (f, _) in names.items()}
    sur = {u: s for u, (_, s) in names.items()}
    return reg.with_columns(
        pl.col("upn").replace_strict(fore, default=pl.col("forename")).alias("forename"),
        pl.col("upn").replace_strict(sur, default=pl.col("surname")).alias("surname"),
    )


@pytest.fixture
def reg() -> pl.DataFrame:
    return register(PUPILS, dob={"UNK": None})


def run(tmp: Path, reg: pl.DataFrame, extra: str = "", out: str = "out", **kw):
    kw.setdefault("contacts", contacts_for(sorted(set(reg["upn"].to_list())), tmp))
    return run_letters(
        [],
        make_config(tmp, extra),
        register=reg,
        out_dir=tmp / out,
        **{"letter_date": dt.date(2026, 11, 2), **kw},
    )


# --------------------------------------------------------------------------- contacts


def test_contacts_sharing_the_first_priority_each_get_the_letter_and_the_run_says(
    tmp_path: Path, reg
) -> None:
    """AMB's two contacts with parental responsibility give no priority, RED's both give
    2: neither file says who comes first, and the letter went to whichever row came
    first, silently.  Each gets it now, and the run says why; a 1 and a 2 still mean one
    letter."""
    header = (
        "UPN,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
    )
    rows = [
        "AMB,Mr,Olu,Ogunleye,Father,,Yes,1 Elm Road,Exampletown,EX1 1AB",
        "AMB,Mrs,Ana,Khan,Mother,,Yes,1 Elm Road,Exampletown,EX1 1AB",
        "RED,Mr,Dan,Nowak,Father,2,Yes,2 Elm Road,Exampletown,EX1 2AB",
        "RED,Ms,Eva,Nowak,Mother,2,Yes,2 Elm Road,Exampletown,EX1 2AB",
        "SEV,Mrs,Sue,Doyle,Mother,1,Yes,3 Elm Road,Exampletown,EX1 3AB",
        "SEV,Mr,Sam,Doyle,Father,2,Yes,3 Elm Road,Exampletown,EX1 3AB",
    ]
    contacts = tmp_path / "c.csv"
    contacts.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    book = load_contacts(contacts)
    assert [c.name for c in book.recipients("AMB")] == ["Mr Olu Ogunleye", "Mrs Ana Khan"]
    assert [c.name for c in book.recipients("RED")] == ["Mr Dan Nowak", "Ms Eva Nowak"]
    assert [c.name for c in book.recipients("SEV")] == ["Mrs Sue Doyle"]
    r = run(tmp_path, reg, contacts=contacts, only=["amber", "red"], dry_run=True)
    assert sorted((x.upn, x.contact.name) for x in r.letters) == [
        ("AMB", "Mr Olu Ogunleye"), ("AMB", "Mrs Ana Khan"),
        ("RED", "Mr Dan Nowak"), ("RED", "Ms Eva Nowak"),
    ]  # fmt: skip
    assert (
        "2 pupils' contacts share the first priority (or give none), so each of them gets "
        "the letter, e.g. AMB: set the priorities in the MIS to write to one"
    ) in r.notes


def test_contacts_priority_parental_responsibility_and_aliases(tmp_path: Path) -> None:
    book = load_contacts(CONTACTS)
    assert [c.name for c in book.recipients("A")] == ["Mrs Anna Wójcik"]
    assert [c.name for c in book.recipients("A", all_with_pr=True)] == [
        "Mrs Anna Wójcik",
        "Mr Piotr Wójcik",
    ]
    assert book.recipients("E") == []  # grandmother without parental responsibility
    assert book.priority_contact("E").name == "Grandma Smith"  # but she is the one to phone
    a = book.priority_contact("A")
    assert (a.phone, a.postal_lines) == ("07700 900001", ("12 Elm Road", "Exampletown", "EX1 3CD"))
    assert a.salutation == "Mrs Wójcik"
    frame = book.priority_frame()
    assert frame.columns == ["upn", "contact_name", "contact_phone", "contact_address"]
    other = tmp_path / "sims.csv"
    other.write_text(
        "Contacts export\n\nPupil UPN,Title,First Name,Last Name,Priority Order,"
        "Has Parental Responsibility,Address 1,City,Post Code,Email Address,Mobile\n"
        "X1,Mr,Second,Person,2,Y,2 Road,Town,AB1 2CD,,0700\n"
        "X1,Ms,First,Person,1,Y,1 Road,Town,AB1 2CD,first@example.org,0701\n"
        "X1,Mr,No,Address,0,Y,,,,,\n",
        encoding="utf-8",
    )
    book = load_contacts(other)
    assert [c.name for c in book.recipients("X1", all_with_pr=True)] == [
        "Ms First Person",
        "Mr Second Person",
    ]
    assert book.priority_contact("X1").name == "Mr No Address"  # priority 0, unusable for post


#: what a refusal of a pupil list given as the contacts asks for instead
CONTACTS_NEEDED = (
    "give the MIS's contacts export (one row per contact: name, relationship, priority, "
    "address)"
)


def pupil_list(
    tmp: Path, rows: list[str], header: str = "UPN,Surname,Forename", name: str = "pupils.csv"
) -> Path:
    """A file of ``header`` and ``rows`` with an address (``i Elm Road, Exampletown``)."""
    lines = [f"{r},{i} Elm Road,Exampletown,EX1 {i}AB" for i, r in enumerate(rows, 1)]
    p = tmp / name
    p.write_text(f"{header},Address Line 1,Town,Postcode\n" + "\n".join(lines) + "\n")
    return p


def own_name(upn: str) -> str:
    return f"{upn},Surname{upn},Forename{upn}"


def test_a_pupil_list_given_as_the_contacts_is_refused_before_anything_is_recorded(
    tmp_path: Path, reg
) -> None:
    """The fault: a pupil-details export (UPN, Surname, Forename, an address) given as
    --contacts read each pupil as their own contact: letters "Dear ForenameSEV SurnameSEV"
    to the child, penalty-notice warning and all, recorded as sent.  The six pupils (AMB,
    LAT, PRA, RED, SEV, UNK, rows in that order) are all named as their own contact: 6 of
    the 6 the file shares with the register, more than half.  Refused in one line, before
    the history is made or a letter written."""
    contacts = pupil_list(tmp_path, [own_name(u) for u in sorted(PUPILS)])
    with pytest.raises(InputError) as e:
        run(tmp_path, reg, contacts=contacts)
    assert str(e.value) == (
        f"{contacts}: this looks like a pupil list, not a contacts export: the names in it "
        "are the pupils' own (6 of the 6 pupils it shares with the register, e.g. AMB "
        f"ForenameAMB SurnameAMB on line 2); {CONTACTS_NEEDED}"
    )
    assert not (tmp_path / "out").exists() and not (tmp_path / "history.sqlite3").exists()


def test_more_than_half_of_the_pupils_named_as_their_own_contact_is_a_pupil_list(
    tmp_path: Path, reg
) -> None:
    """The share: more than half of the pupils the file and the register share, and at
    least two.  Of the 6 pupils, 4 named as their own contact (4 > 6 / 2) is refused; 3
    (not more than half) is a contacts export whose 3 odd rows are said in a note (no
    title, no relationship: nothing shows them to be a parent), and the letters go."""
    others = [f"{u},Family{u},Parent{u}" for u in ("RED", "SEV", "UNK")]
    four = pupil_list(tmp_path, [own_name(u) for u in ("AMB", "LAT", "PRA")] + [
        "RED,SurnameRED,ForenameRED", *others[1:]
    ])
    with pytest.raises(InputError, match=r"pupils' own \(4 of the 6 pupils .* AMB Fore"):
        run(tmp_path, reg, contacts=four)
    three = pupil_list(
        tmp_path, [own_name(u) for u in ("AMB", "LAT", "PRA")] + others, name="three.csv"
    )
    r = run(tmp_path, reg, contacts=three, dry_run=True)
    assert {x.upn: x.contact.name for x in r.letters}["AMB"] == "ForenameAMB SurnameAMB"
    assert {x.upn: x.contact.name for x in r.letters}["RED"] == "ParentRED FamilyRED"
    assert (
        f"{three}: 3 pupils' contacts have the pupil's own name and no title or relationship "
        "(AMB on line 2, LAT on line 3, PRA on line 4): if a row is the pupil, not a "
        "parent, correct it in the MIS"
    ) in r.notes


def test_a_parent_who_shares_the_child_s_full_name_gets_the_letter(tmp_path: Path, reg) -> None:
    """A father named as his son (Mr ForenameAMB SurnameAMB, Father) is real: one pupil of
    6 is not a pupil list, and his title and relationship show a parent, so his letter
    goes as any other, with no note and nothing held."""
    text = contacts_for(sorted(PUPILS), tmp_path).read_text(encoding="utf-8")
    contacts = tmp_path / "father.csv"  # (run writes contacts.csv)
    contacts.write_text(
        text.replace("AMB,Mrs,ParentAMB,FamilyAMB,Mother", "AMB,Mr,ForenameAMB,SurnameAMB,Father"),
        encoding="utf-8",
    )
    r = run(tmp_path, reg, contacts=contacts, only=["amber"], dry_run=True)
    assert [(x.upn, x.contact.name) for x in r.letters] == [("AMB", "Mr ForenameAMB SurnameAMB")]
    assert not r.held and not [n for n in r.notes if "own name" in n]


def test_a_file_with_the_pupils_dates_of_birth_and_no_contact_column_is_refused(
    tmp_path: Path,
) -> None:
    """A date of birth column and no column about a contact (relationship, priority,
    parental responsibility, title, salutation, email, telephone, contact id, or a name
    headed 'Contact ...') is a pupil list whatever its names: refused by the loader
    itself, so every command that takes --contacts (pn next too, which reads no
    register) refuses it."""
    contacts = pupil_list(
        tmp_path, ["AMB,Nowak,Ewa,01/10/2014"], header="UPN,Surname,Forename,Date of Birth"
    )
    with pytest.raises(InputError) as e:
        load_contacts(contacts)
    assert str(e.value) == (
        f"{contacts}: this looks like a pupil list, not a contacts export: it has the "
        "pupils' date of birth (column 'Date of Birth') and no column about a contact "
        "(relationship, priority, parental responsibility, title, salutation, email, "
        f"telephone, contact id, or a name headed 'Contact ...'); {CONTACTS_NEEDED}"
    )


def test_without_a_register_a_file_with_nothing_of_a_contact_is_refused(tmp_path: Path) -> None:
    """Where no register is read (pn next), the pupils' own names are not known: a file with
    no column about a contact (here UPN, Surname, Forename and an address, a pupil list
    without its dates of birth) cannot be told from a pupil list and is refused; one column
    only a contact has (Relationship), or a name headed 'Contact ...', is enough to read it
    (docs/decisions.md, "A pupil list is not the contacts")."""
    plain = pupil_list(tmp_path, ["AMB,Nowak,Ewa"])
    book = load_contacts(plain)  # with a register, the names decide (the tests above)
    with pytest.raises(InputError) as e:
        book.refuse_pupil_list(None)
    assert str(e.value) == (
        f"{plain}: this may be a pupil list, not a contacts export: it has no column about a "
        "contact (relationship, priority, parental responsibility, title, salutation, email, "
        "telephone, contact id, or a name headed 'Contact ...') and no register is read to "
        f"compare its names with the pupils' own; {CONTACTS_NEEDED}"
    )
    for header, row in [
        ("UPN,Surname,Forename,Relationship", "AMB,Nowak,Ewa,Mother"),
        ("UPN,Contact Surname,Contact Forename", "AMB,Nowak,Ewa"),
    ]:
        ok = pupil_list(tmp_path, [row], header=header, name="ok.csv")
        assert load_contacts(ok).refuse_pupil_list(None) == []


@pytest.mark.parametrize(
    "header",
    [
        "UPN,Legal Surname,Legal Forename,Date of Birth,Contact Forename,Contact Surname",
        "UPN,Surname,Forename,Date of Birth,Contact Forename,Contact Surname",
    ],
)
def test_a_contacts_export_that_also_names_the_pupil_keeps_working(
    tmp_path: Path, reg, header: str
) -> None:
    """An export of contacts that carries the pupil's own name and date of birth beside
    the contact's (headed 'Contact ...'): the contact's name is read, and the file is not
    a pupil list."""
    rows = [f"{own_name(u)},01/10/2014,Parent{u},Family{u}" for u in sorted(PUPILS)]
    contacts = pupil_list(tmp_path, rows, header=header)
    r = run(tmp_path, reg, contacts=contacts, only=["amber"], dry_run=True)
    assert [(x.upn, x.contact.name) for x in r.letters] == [("AMB", "ParentAMB FamilyAMB")]


# --------------------------------------------------------------------------- wording


def test_no_praise_letter_beside_a_lateness_letter(tmp_path: Path) -> None:
    """DOMAIN.md 9: a parent must never get the wrong letter.  LAT attended every session
    (100 %) but arrived late 8 times this half term: the run wrote her family a lateness
    letter ("arrived late to school 8 times") and, beside it in the same print file, a
    praise letter thanking them "for your support in helping ForenameLAT to be here, on
    time" ("Keep it up!").  The lateness letter goes; the praise letter does not, and the
    run says so.  Three late sessions (under the threshold of 4) do not stop praise."""
    reg = register(
        {
            "PRA": "/ " * 40,
            "LAT": "/ " * 36 + "L " * 4,  # 8 late sessions this half term: lateness letter
            "LA3": "/ " * 37 + "L\\ " * 3,  # 3 late sessions: under the threshold
        }
    )
    r = run(tmp_path, reg, extra="praise = true")
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("LA3", "praise"),
        ("LAT", "lateness"),
        ("PRA", "praise"),
    ]
    assert (
        "1 pupil with praise-worthy attendance gets no praise letter, as a lateness letter "
        "goes to them: ForenameLAT SurnameLAT (LAT), 8 lates this half term"
    ) in r.notes
    # --only praise: the lateness letter is still due, so still no praise
    only = run(tmp_path, reg, extra="praise = true", only=["praise"], out="only", dry_run=True)
    assert sorted((x.upn, x.template) for x in only.letters) == [
        ("LA3", "praise"),
        ("PRA", "praise"),
    ]
    # no lateness letters at all ([letters] lateness = false): praise as before
    off = run(tmp_path, reg, extra="praise = true\nlateness = false", out="off", dry_run=True)
    assert sorted((x.upn, x.template) for x in off.letters) == [
        ("LA3", "praise"),
        ("LAT", "praise"),
        ("PRA", "praise"),
    ]
    assert not [n for n in off.notes if "no praise letter" in n]


def test_each_template_states_the_figures_and_what_happens_next(tmp_path, reg) -> None:
    r = run(tmp_path, reg, extra="praise = true")
    got = {(x.upn, x.template) for x in r.letters}
    assert got == {
        ("AMB", "amber"),
        ("RED", "red"),
        ("SEV", "severe"),
        ("SEV", "penalty_notice_warning"),
        ("PRA", "praise"),
        ("LAT", "lateness"),  # no praise beside it: test_no_praise_letter_beside_a_lateness_letter
        ("UNK", "red"),
    }
    assert [(u.upn, u.template) for u in r.to_decide] == [("UNK", "penalty_notice_warning")]
    out = tmp_path / "out"
    text = {(x.upn, x.template): html_text(out / x.html_file) for x in r.letters}

    amber = text[("AMB", "amber")]
    assert "Dear Mrs FamilyAMB," in amber
    assert "ForenameAMB's attendance is 91.3% this school year (up to 30 October 2026)" in amber
    assert "below the 92% attendance we expect" in amber
    # figures: attendance, sessions attended, missed, lessons (3 AM / 2 PM), auth, unauth
    assert "Attendance 91.3% 91.3%" in amber
    assert "Sessions attended 73 of 80 73 of 80" in amber
    assert "Sessions missed 7 7" in amber
    assert "Lessons missed 17 17" in amber  # AM: R O O = 3 x 3, PM: R O O O = 4 x 2
    assert "Authorised absence (sessions) 2 2" in amber
    assert "Unauthorised absence (sessions) 5 5" in amber
    assert "we will keep a close eye" in amber and "invite you into school" in amber
    assert "Mr A. Officer on 01632 960000" in amber
    assert "Oakfield Academy" in amber and "1 School Lane" in amber

    red = text[("RED", "red")]
    assert "attendance this school year (up to 30 October 2026) is 87.5%" in red
    assert "missed 10 sessions (5 days) of school, which is 25 lessons" in red
    assert "persistent absence" in red and "legal duty" in red
    assert "attendance meeting" in red

    severe = text[("SEV", "severe")]
    assert "37.5%" in severe and "50 sessions (25 days)" in severe
    assert "severe absence" in severe and "Example Borough Council" in severe
    assert "required to attend a meeting" in severe

    pn = text[("SEV", "penalty_notice_warning")]
    assert "50 sessions of unauthorised absence" in pn
    assert "£80 if paid within 21 days, rising to £160 if paid within 28 days" in pn
    # no notice on record: the next would be a first, and only its amount is quoted
    assert "A penalty notice to you would be a first notice" in pn and "second" not in pn

    assert "100% attendance" in text[("PRA", "praise")]
    late = text[("LAT", "lateness")]
    assert "arrived late to school 8 times this half term" in late
    assert "Late arrivals 8" in late

    # the PDF says the same (one smoke check per page layout), one A4 page
    pdf = out / next(x.file for x in r.letters if x.template == "red" and x.upn == "RED")
    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    words = " ".join(pdf_text(pdf).split())
    for needle in (
        "Dear Mrs FamilyRED,",
        "87.5%",
        "25 lessons",
        "Yours sincerely,",
        "Mr A. Officer",
        "Attendance Officer",
        "Lessons missed 25 25",
    ):
        assert needle in words


def test_percentages_round_to_one_decimal_but_never_onto_or_across_a_line() -> None:
    """docs/decisions.md, "Percentages people read": half up to one decimal; more decimals
    where one decimal would land on or cross a band line (here 92, 90, 50 and the national
    90 and 50), or 0 or 100, that the exact figure is not on."""
    from fractions import Fraction

    bands = [Fraction(92), Fraction(90), Fraction(50)]
    assert pct_text(1825, 2000, bands) == "91.3%"  # 91.25: half up
    assert pct_text(1839, 2000, bands) == "91.95%"  # amber: 92.0 would read green
    assert pct_text(2299, 2500, bands) == "91.96%"
    assert pct_text(18008, 20000, bands) == "90.04%"  # amber: 90.0 would read red
    assert pct_text(224, 249, bands) == "89.96%"  # red: 90.0 would read as the line
    assert pct_text(171, 190, bands) == "90.0%"  # exactly on the line: shown on it
    assert pct_text(1001, 2000, bands) == "50.1%"  # 50.05: red, and so is 50.1
    assert pct_text(12509, 25000, bands) == "50.04%"  # red: 50.0 would read severe
    assert pct_text(2499, 2500) == "99.96%"  # never "100.0%" for a missed session
    assert pct_text(1, 2500) == "0.04%"
    assert pct_text(80, 80) == "100.0%"
    assert pct_text(1959, 2000, [Fraction(98)]) == "97.95%"  # the praise letter's line
    assert pct_text(0, 0) == "–"


def test_a_letter_counts_one_of_a_thing_as_one(tmp_path) -> None:
    """A red letter in the second week of term: ONE was absent 2 sessions of 20 (90.0 %,
    red: at most 90 %), TWO 3 of 20 (85.0 %), each one O the first Monday and the rest
    attended; lessons 3 AM and 2 PM.  The letter said "missed 2 sessions (1 days) of
    school, which is 5 lessons" and "3 sessions (1½ days)": one day is "1 day"; a session
    alone is "1 session (½ day)"."""
    reg = register({"ONE": "O " + "/ " * 9, "TWO": "O /O " + "/ " * 8})
    r = run_letters([], make_config(tmp_path), register=reg, out_dir=tmp_path / "out",
                    letter_date=dt.date(2026, 9, 21),
                    contacts=contacts_for(["ONE", "TWO"], tmp_path))  # fmt: skip
    out = tmp_path / "out"
    text = {x.upn: html_text(out / x.html_file) for x in r.letters if x.template == "red"}
    assert "missed 2 sessions (1 day) of school, which is 5 lessons" in text["ONE"]
    assert "missed 3 sessions (1½ days) of school, which is 7 lessons" in text["TWO"]
    from attcli.letters.run import _days, _days_text

    assert [_days(n) for n in (1, 2, 3, 4)] == ["½", "1", "1½", "2"]
    assert [_days_text(n) for n in (1, 2, 3, 4)] == ["½ day", "1 day", "1½ days", "2 days"]


def test_unknown_template_variable_is_a_clear_error(tmp_path, reg) -> None:
    folder = tmp_path / "mytemplates"
    folder.mkdir()
    (folder / "amber.html").write_text(
        "<h1>Attendance</h1>\n<p>Dear {{ pupil.forename }}, {{ attendance_percent }}</p>\n",
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as exc:
        run(tmp_path, reg, extra=f'templates = "{folder}"')
    assert str(exc.value) == (
        "letter template 'amber.html', line 2 uses an unknown variable "
        "'attendance_percent'; see docs/letters.md for the variables"
    )
    assert not (tmp_path / "out").exists()  # nothing written before the wording is right
    (folder / "amber.html").write_text("<p>{{ pupil.nickname }}</p>", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"'nickname' \(dict object has no such attribute\)"):
        run(tmp_path, reg, extra=f'templates = "{folder}"')


def test_school_template_overrides_by_file_name(tmp_path, reg) -> None:
    folder = tmp_path / "mytemplates"
    folder.mkdir()
    (folder / "amber.html").write_text(
        "<h1>Our own words</h1><p>{{ pupil.forename }} is at {{ year.attendance_pct }}.</p>"
        "<figures></figures>",
        encoding="utf-8",
    )
    r = run(tmp_path, reg, extra=f'templates = "{folder}"', only=["amber,red"])
    assert {x.template for x in r.letters} == {"amber", "red"}
    amber = next(x for x in r.letters if x.template == "amber")
    text = html_text(tmp_path / "out" / amber.html_file)
    assert "Our own words ForenameAMB is at 91.3%." in text and "Sessions missed 7 7" in text
    (folder / "red.html").write_text("<table><tr><td>x</td></tr></table>", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"'red.html' uses <table>"):
        run(tmp_path, reg, extra=f'templates = "{folder}"', out="out2", only=["red"], resend=True)


def test_only_and_dry_run(tmp_path, reg) -> None:
    r = run(tmp_path, reg, only=["pn"], dry_run=True)
    assert [(x.upn, x.template, x.status) for x in r.letters] == [
        ("SEV", "penalty_notice_warning", "new")
    ]
    assert not (tmp_path / "out").exists() and not (tmp_path / "history.sqlite3").exists()
    with pytest.raises(AttcliError, match="--only 'purple' is not a letter"):
        run(tmp_path, reg, only=["purple"], dry_run=True)


def test_pupil_without_usable_contact_is_listed(tmp_path, reg) -> None:
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Postcode\n"
        "RED,Gran,Smith,1,No,1 Road,AB1 2CD\n"
        "AMB,Mum,Jones,1,Yes,,\n",
        encoding="utf-8",
    )
    r = run(tmp_path, reg, contacts=contacts, only=["amber,red,severe"])
    assert r.letters == []
    assert {(u.upn, u.reason) for u in r.no_contact} == {
        ("AMB", "no contact with parental responsibility and a postal address or email"),
        ("RED", "no contact with parental responsibility and a postal address or email"),
        ("UNK", "no contacts in the contacts export"),
        ("SEV", "no contacts in the contacts export"),
    }


# --------------------------------------------------------------------------- PDF text


def test_names_in_four_scripts_reach_the_pdf(tmp_path) -> None:
    names = {
        "PL": ("Zofia", "Wójcik-Łęcka"),
        "VN": ("Thị Hương", "Nguyễn"),
        "AR": ("محمد", "علي"),
        "ZH": ("小明", "王"),
    }
    reg = with_names(register({u: "/ " * 34 + "O " * 6 for u in names}), names)
    r = run(tmp_path, reg, only=["red"])
    assert len(r.letters) == 4
    for x in r.letters:
        text = pdf_text(tmp_path / "out" / x.file)
        fore, sur = names[x.upn]
        for word in (*fore.split(), sur):
            assert word in text, (x.upn, word)
    assert r.combined == tmp_path / "out" / "letters-to-print-2026-11-02-1.pdf"
    combined = pdf_text(r.combined)
    assert "Wójcik-Łęcka" in combined and "Nguyễn" in combined and "王" in combined
    assert len(pypdf.PdfReader(str(r.combined)).pages) == 4


# --------------------------------------------------------------------------- history


def count_rows(tmp: Path) -> list[tuple]:
    db = sqlite3.connect(tmp / "history.sqlite3")
    try:
        return db.execute(
            "SELECT upn, template, status, COUNT(*) FROM letters GROUP BY 1, 2, 3 ORDER BY 1, 2"
        ).fetchall()
    finally:
        db.close()


def test_second_run_sends_nothing_new(tmp_path, reg) -> None:
    first = run(tmp_path, reg)
    assert len(first.new) == 6 and first.already_sent == []
    out = tmp_path / "out"
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    second = run(tmp_path, reg)
    assert second.new == [] and len(second.already_sent) == 6
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
    assert all(n == 1 for *_, n in count_rows(tmp_path))
    again = run(tmp_path, reg, resend=True, only=["amber"])
    assert [x.status for x in again.letters] == ["written"]
    assert ("AMB", "amber", "sent", 2) in count_rows(tmp_path)


def test_files_are_private_and_manifest_lists_every_letter(tmp_path, reg) -> None:
    r = run(tmp_path, reg)
    out = tmp_path / "out"
    for p in [*out.iterdir(), tmp_path / "history.sqlite3"]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    rows = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert len(rows) == len(r.letters) == 6
    assert rows[0].keys() >= {"pupil", "contact", "address", "email", "template", "band", "file"}
    assert all((out / row["file"]).exists() for row in rows)
    assert {row["print_file"] for row in rows} == {"letters-to-print-2026-11-02-1.pdf"}
    assert len(pypdf.PdfReader(str(r.combined)).pages) == 6


def test_interrupted_run_is_completed_by_a_rerun_without_duplicates(
    tmp_path, reg, monkeypatch
) -> None:
    from attcli import pdf as render

    real = render.PdfRenderer.letter
    calls = {"n": 0}

    def flaky(self, doc, when, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(self, doc, when, **kw)

    monkeypatch.setattr(render.PdfRenderer, "letter", flaky)
    with pytest.raises(RuntimeError, match="power cut"):
        run(tmp_path, reg)
    out = tmp_path / "out"
    assert len(list(out.glob("*.pdf"))) == 2  # two letters, no combined PDF yet
    # none is sent: no print file holds them (sent only with their print file on disk)
    statuses = [s for *_, s, _n in count_rows(tmp_path)]
    assert statuses == ["writing"] * 3

    # a crash after the files are written but before the letter's hash is recorded
    monkeypatch.setattr(render.PdfRenderer, "letter", real)
    written = History.letter_written

    def crash_on_written(self, letter_id, sha):
        raise RuntimeError("killed")

    monkeypatch.setattr(History, "letter_written", crash_on_written)
    with pytest.raises(RuntimeError, match="killed"):
        run(tmp_path, reg)
    monkeypatch.setattr(History, "letter_written", written)

    done = run(tmp_path, reg)  # no --force needed: the leftover files are attcli's own
    assert len(done.new) == 6  # none had gone: each is made again, with today's figures
    rows = count_rows(tmp_path)
    # every letter recorded once, as sent; no unfinished rows left
    assert len(rows) == 6 and all(status == "sent" and n == 1 for _, _, status, n in rows)
    assert len(pypdf.PdfReader(str(done.combined)).pages) == 6
    assert done.combined_earlier == 0
    assert len(list(out.glob("*.pdf"))) == 7  # 6 letters + the print file
    assert not list(out.glob(".*.part"))


def _held_by_another_program(monkeypatch, held: set[Path]) -> None:
    """Each of ``held`` open in Excel or a PDF viewer, as Windows keeps it: it may be read,
    but not opened for writing nor replaced (PermissionError, errno 13)."""
    import os

    real_open, real_replace = os.open, os.replace

    def os_open(path, flags, *args, **kwargs):
        if Path(path) in held and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):
        if Path(dst) in held:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "replace", replace)


def test_a_manifest_or_letter_open_in_another_program_stops_the_run_before_any_letter(
    tmp_path, reg, monkeypatch
) -> None:
    """Windows: last week's manifest.csv open in Excel (or a letter sent again open in a PDF
    viewer). The run wrote and put every new letter in a print file, then stopped at the
    manifest saying "nothing was written". Now it is said before any letter is begun."""
    run(tmp_path, reg, only=["amber"])
    out = tmp_path / "out"
    before = sorted(p.name for p in out.iterdir())
    manifest = out / MANIFEST
    for held, kw in (
        (manifest, {"only": ["red"]}),
        (out / "AMB_SurnameAMB_ForenameAMB_amber.pdf", {"only": ["amber"], "resend": True}),
    ):
        with monkeypatch.context() as m:
            _held_by_another_program(m, {held})
            with pytest.raises(OutputError) as exc:
                run(tmp_path, reg, **kw)
        said = str(exc.value)
        assert str(held) in said and "Excel" in said and "no letter was written" in said, said
        assert sorted(p.name for p in out.iterdir()) == before
        assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1)]
    r = run(tmp_path, reg, only=["red"])  # closed: the run goes ahead
    assert r.letters and {x.status for x in r.letters} == {"written"}
    assert ("RED", "red", "sent", 1) in count_rows(tmp_path)


def test_existing_file_not_written_by_attcli_needs_force(tmp_path, reg) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "AMB_SurnameAMB_ForenameAMB_amber.pdf").write_bytes(b"someone else's")
    with pytest.raises(OutputError, match="attcli has no record of writing it"):
        run(tmp_path, reg, only=["amber"])
    r = run(tmp_path, reg, only=["amber"], force=True)
    assert [x.status for x in r.letters] == ["written"]


def test_a_manifest_attcli_did_not_write_needs_force(tmp_path, reg) -> None:
    """The office's own manifest.csv in --out (notes beside the letters) was replaced
    without a word; attcli's own is rewritten each run, as before."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.csv").write_text("mine,notes\nphoned Mrs A\n", encoding="utf-8")
    with pytest.raises(OutputError, match="manifest.csv already exists and is not a manifest attcli wrote"):
        run(tmp_path, reg, only=["amber"])
    assert (out / "manifest.csv").read_text(encoding="utf-8").startswith("mine,notes")
    r = run(tmp_path, reg, only=["amber"], force=True)
    assert [x.status for x in r.letters] == ["written"]
    assert (out / "manifest.csv").read_text(encoding="utf-8-sig").startswith("upn,pupil,contact")
    again = run(tmp_path, reg, only=["red"])  # attcli's own manifest: no --force needed
    assert again.letters and (out / "manifest.csv").exists()


def test_repeat_amber_gets_second_level_wording(tmp_path) -> None:
    """The ladder's amber stage judges the 4 weeks after the letter of Fri 23 Oct
    (day 35) to Thu 19 Nov (day 49), 26/30 = 86.67 %, not improved on the 4 weeks before,
    Fri 25 Sep to Thu 22 Oct (days 15-34), 36/40 = 90 %: the second-level wording."""
    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    # 35 days in Autumn 1 with 6 absent sessions (64/70 = 91.4 %; 2 R and 4 O: not mostly
    # R, which is held), 15 more in Autumn 2 with 3 (91/100 = 91.0 % on Fri 20 Nov, day 50)
    reg = register(
        {"AMB": "/ " * 32 + "R O O " + "/ " * 9 + "O " + "/ " * 4 + "/O"},
        start=dt.date(2026, 9, 7),
        holidays=holidays,
    )
    terms = AUTUMN_HALF_TERMS
    contacts = contacts_for(["AMB"], tmp_path)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="") + terms
    )
    kw = dict(register=reg, contacts=contacts)
    one = run_letters([], cfg, out_dir=tmp_path / "a1", as_of=dt.date(2026, 10, 23),
                      letter_date=dt.date(2026, 10, 23), **kw)  # fmt: skip
    assert [(x.template, x.stage) for x in one.letters] == [("amber", 1)]
    first = html_text(tmp_path / "a1" / one.letters[0].html_file)
    assert "We are writing to let you know" in first and "second letter" not in first
    two = run_letters([], cfg, out_dir=tmp_path / "a2", letter_date=dt.date(2026, 11, 20), **kw)
    assert two.half_term.name == "Autumn 2"
    assert [(x.template, x.stage, x.status) for x in two.letters] == [("amber", 2, "written")]
    second = html_text(tmp_path / "a2" / two.letters[0].html_file)
    assert "attendance, a second letter" in second
    # the earlier letter by its date
    assert (
        "We wrote to you about ForenameAMB's attendance on 23 October 2026. We are writing "
        "again because it has not improved enough: in the weeks we monitored after our letter "
        "of 23 October 2026 (to 19 November 2026) it was 86.7%, against 90.0% in the same "
        "number of weeks before it. It is 91.0% this school year (up to 20 November 2026), "
        "against 91.4% when we last wrote."
    ) in second
    assert "meet you to agree a plan" in second


def test_next_half_term_s_letters_into_the_same_folder_keep_the_ones_sent(tmp_path) -> None:
    """One --out folder each half term (as the README's first day does): Autumn 2's amber
    letter to the same parent was refused as a file attcli "has no record of writing"
    (it had: in Autumn 1), and --force replaced the letter sent.  Now it has a name of
    its own ending with the half term, and the Autumn 1 letter is left as it was sent."""
    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register(
        {"AMB": "/ " * 32 + "R R R " + "/ " * 9 + "O"}, start=dt.date(2026, 9, 7), holidays=holidays
    )
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["AMB"], tmp_path), out_dir=tmp_path / "out")
    one = run_letters([], cfg, as_of=dt.date(2026, 10, 23), **kw)
    sent = tmp_path / "out" / "AMB_SurnameAMB_ForenameAMB_amber.pdf"
    assert [x.file for x in one.letters] == [sent.name]
    before = sent.read_bytes()
    two = run_letters([], cfg, as_of=dt.date(2026, 11, 13), **kw)
    assert [(x.file, x.status) for x in two.letters] == [
        ("AMB_SurnameAMB_ForenameAMB_amber_Autumn-2.pdf", "written")
    ]
    assert sent.read_bytes() == before
    assert (tmp_path / "out" / "AMB_SurnameAMB_ForenameAMB_amber_Autumn-2.html").exists()


def test_same_band_but_better_attendance_is_not_the_has_not_improved_letter(tmp_path) -> None:
    """Amber in Autumn 1 at 64/70 (91.4 %), still amber in Autumn 2 at 101/110 (91.8 %):
    higher than the figure the last letter gave.  It was "improved" (any rise); the ladder
    now decides (review6/ladder, review7): its period after the first letter, dated 27/11
    here as every letter of this test, has not begun by the figures' date (13/11), so it
    has no judgement, and the second letter gives both figures plainly, never "improved"
    nor "not improved enough" (test_a_letter_judges_the_ladder_s_period_not_the_year_to_date
    has the judged ones)."""
    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register(
        {"AMB": "/ " * 32 + "R O O " + "/ " * 18 + "O /O"},
        start=dt.date(2026, 9, 7),
        holidays=holidays,
    )
    terms = AUTUMN_HALF_TERMS
    contacts = contacts_for(["AMB"], tmp_path)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="") + terms
    )
    kw = dict(register=reg, contacts=contacts, letter_date=dt.date(2026, 11, 27))
    one = run_letters([], cfg, out_dir=tmp_path / "a1", as_of=dt.date(2026, 10, 23), **kw)
    assert [(x.template, x.attended, x.possible) for x in one.letters] == [("amber", 64, 70)]
    with History(tmp_path / "history.sqlite3") as store:
        assert [(r.attended, r.possible) for r in store.all_letters()] == [(64, 70)]
    two = run_letters([], cfg, out_dir=tmp_path / "a2", **kw)
    assert [(x.template, x.stage, x.attended, x.possible) for x in two.letters] == [
        ("amber", 2, 101, 110)
    ]
    text = html_text(tmp_path / "a2" / two.letters[0].html_file)
    assert (
        "We wrote to you about ForenameAMB's attendance on 27 November 2026. ForenameAMB's "
        "attendance is 91.8% this school year (up to 27 November 2026), against 91.4% when "
        "we last wrote. This is "
        "below the 92% attendance we expect"
    ) in text
    assert "attendance, a second letter" in text and "improved" not in text
    # not judged, but a second letter: the repeat letter's next steps, never the first
    # letter's (review8 halfterm)
    assert "As this is our second letter, we would like to meet you" in text

    # the same history from before attcli kept the figure: the old rule, a second letter
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute("UPDATE letters SET attended = NULL, possible = NULL WHERE half_term = 'Autumn 1'")
    db.execute("DELETE FROM letters WHERE half_term = 'Autumn 2'")
    db.commit()
    db.close()
    again = run_letters([], cfg, out_dir=tmp_path / "a3", **kw)
    text = html_text(tmp_path / "a3" / again.letters[0].html_file)
    assert "attendance, a second letter" in text and "improved" not in text


# --------------------------------------------------------------------------- held for review

# 40 school days (80 sessions) from Monday 7 September 2026, as PUPILS
HELD = {
    # every afternoon C2 (a part-time timetable), present every morning: 40/80 = 50 %, severe
    "PTT": "/.C2 " * 40,
    # 50/80, red; 30 absent: 15 I and 15 O, exactly half illness: not more than half, sent
    "HALF": "/ " * 25 + "I " * 7 + "IO " + "O " * 7,
    # 50/80, red; 30 absent: 14 I and 2 M (16) and 14 O: more than half, held
    "MOST": "/ " * 25 + "I " * 7 + "M " + "O " * 7,
}


def test_letters_for_absence_mostly_agreed_or_illness_are_held_for_review(tmp_path) -> None:
    reg = register(HELD)
    r = run(tmp_path, reg)
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("HALF", "penalty_notice_warning"),
        ("HALF", "red"),
    ]
    assert [(u.upn, u.template, u.reason) for u in r.held] == [
        ("MOST", "red", "16 of 30 absence sessions this school year are I or M: "
         "14 I (illness), 2 M (medical or dental appointment)"),
        ("MOST", "penalty_notice_warning", "16 of 30 absence sessions this school year are "
         "I or M: 14 I (illness), 2 M (medical or dental appointment)"),
        ("PTT", "severe", "40 of 40 absence sessions this school year are C2 "
         "(part-time timetable)"),
    ]  # fmt: skip
    # held letters are not made and not recorded as sent
    assert {u for u, *_ in count_rows(tmp_path)} == {"HALF"}
    assert not list((tmp_path / "out").glob("PTT*")) and not list((tmp_path / "out").glob("MOST*"))
    # a person releases one pupil; the rest stay held
    one = run(tmp_path, reg, release=["PTT"])
    assert [(x.upn, x.template, x.status) for x in one.new] == [("PTT", "severe", "written")]
    assert [u.upn for u in one.held] == ["MOST", "MOST"]
    # once sent, a letter shows as already sent, not as held
    again = run(tmp_path, reg)
    statuses = {(x.upn, x.template, x.status) for x in again.letters}
    assert ("PTT", "severe", "already sent") in statuses
    assert [u.upn for u in again.held] == ["MOST", "MOST"]
    with pytest.raises(AttcliError) as exc:
        run(tmp_path, reg, release=["HALF"])
    assert str(exc.value) == (
        "--release HALF: no letter for this pupil is held for review in this run (held: MOST)"
    )
    every = run(tmp_path, reg, include_held=True)
    assert sorted((x.upn, x.template) for x in every.new) == [
        ("MOST", "penalty_notice_warning"),
        ("MOST", "red"),
    ]
    assert every.held == []


def test_a_legacy_holiday_the_school_authorised_is_leave_it_agreed(tmp_path) -> None:
    """sweep4 case3: H (holiday authorised by the school) and F (agreed extended holiday),
    the pre-2024 codes counted as they were recorded (DOMAIN.md 1), are leave of absence
    the school granted, as C is: a red letter for a pupil whose absence is mostly of them
    was sent ("you have a legal duty ... an attendance meeting") where the same absence as
    C was held.  50/80 each, red: HOL 20 H and 10 O, EXT 20 F and 10 O, CEE 20 C and 10
    O: all three held."""
    reg = register({
        "HOL": "/ " * 30 + "H " * 10 + "O " * 5 + "/ " * 5,
        "EXT": "/ " * 30 + "F " * 10 + "O " * 5 + "/ " * 5,
        "CEE": "/ " * 30 + "C " * 10 + "O " * 5 + "/ " * 5,
    })  # fmt: skip
    # (dated after the register's last day, 13 Nov: letters are never dated before it)
    r = run(tmp_path, reg, dry_run=True, only=["red"], letter_date=dt.date(2026, 11, 16))
    assert sorted((u.upn, u.template) for u in r.held) == [
        ("CEE", "red"), ("EXT", "red"), ("HOL", "red"),
    ]  # fmt: skip
    assert [x.upn for x in r.letters if x.status != "held"] == []


def test_hold_codes_and_share_are_settings(tmp_path) -> None:
    reg = register(HELD)
    r = run(tmp_path, reg, extra="hold_share = 40", dry_run=True)
    assert sorted({u.upn for u in r.held}) == ["HALF", "MOST", "PTT"]  # 15 of 30 > 40 %
    r = run(tmp_path, reg, extra='hold_codes = ["C2"]', dry_run=True)
    assert sorted({u.upn for u in r.held}) == ["PTT"]
    r = run(tmp_path, reg, extra="hold_share = 100", dry_run=True)
    assert r.held == []
    with pytest.raises(ConfigError) as exc:
        run(tmp_path, reg, extra='hold_codes = ["C2", "Q"]', dry_run=True)
    assert "letters.hold_codes" in str(exc.value)
    assert "'Q' is not an absence code; choose from: C1 M J1 S C2 C T R I E G N O U H F" in str(
        exc.value
    )
    with pytest.raises(ConfigError, match=r"expected a percentage from 0 to 100 such as 50"):
        run(tmp_path, reg, extra="hold_share = 150", dry_run=True)


def test_only_letters_that_warn_are_held(tmp_path) -> None:
    """DOMAIN.md 9 holds the letters that warn of meetings, fines or prosecution.  ILL
    attended 73 of 80 sessions (91.25 %, amber), and all 7 absences are I: the amber
    letter warns of nothing and is sent; a school whose amber letter does warn lists it
    in hold_templates, and then it is held."""
    reg = register({"ILL": "/ " * 36 + "I " * 3 + "/I"})  # 73 of 80: 91.25 %, amber
    r = run(tmp_path, reg, dry_run=True)
    assert [(x.upn, x.template) for x in r.letters] == [("ILL", "amber")] and r.held == []
    r = run(tmp_path, reg, extra='hold_templates = ["amber", "red"]', dry_run=True)
    assert [(u.upn, u.template) for u in r.held] == [("ILL", "amber")] and r.letters == []
    # ... and it warns of nothing: the shipped amber letter invited the family "into
    # school" (a second one: "to meet you") whatever the absence; for a pupil whose absence
    # is mostly illness or agreed it says it knows, and offers help (agreed_absence)
    sent = run(tmp_path, reg, out="sent")
    text = html_text(tmp_path / "sent" / sent.letters[0].html_file)
    assert "ForenameILL's attendance is 91.3% this school year (up to 30 October 2026)" in text
    assert "much of ForenameILL's absence this year is recorded as illness" in text
    assert "invite you" not in text and "meet you" not in text


def test_no_legal_duty_in_a_letter_to_a_pupil_not_of_compulsory_school_age(tmp_path) -> None:
    """DOMAIN.md 5: a pupil not of compulsory school age is never quoted a notice or a
    fine, and parents have no legal duty to send them to school.  The red and severe
    letters said "you have a legal duty" (and the severe one named prosecution) to the
    parents of a reception child under five.  YNG (born 1 September 2021: compulsory
    school age from 31 December 2026) and SIX (born 1 September 2009: past it since the
    last Friday of June 2026) get the letters of their bands without it; OLD (born 1
    October 2014) gets them with it; UNK (no date of birth) without, and the run says
    so (don't assume)."""
    red, severe = PUPILS["RED"], PUPILS["SEV"]  # 87.5 %: red; 37.5 %: severe
    dob = {"YNG": dt.date(2021, 9, 1), "SIX": dt.date(2009, 9, 1), "UNK": None}
    reg = register({"YNG": red, "SIX": severe, "OLD": red, "OLS": severe, "UNK": red}, dob=dob)
    r = run(tmp_path, reg, only=["red", "severe"])
    out = tmp_path / "out"
    text = {x.upn: html_text(out / x.html_file) for x in r.letters}
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("OLD", "red"), ("OLS", "severe"), ("SIX", "severe"), ("UNK", "red"), ("YNG", "red"),
    ]  # fmt: skip
    assert "legal duty" in text["OLD"] and "penalty notice" not in text["OLD"]
    assert "legal duty" in text["OLS"] and "prosecution" in text["OLS"]
    for upn in ("YNG", "SIX", "UNK"):
        assert "legal duty" not in text[upn] and "prosecution" not in text[upn]
        assert "penalty notice" not in text[upn] and "parenting contract" not in text[upn]
    assert "attendance meeting" in text["YNG"]  # the school still asks to meet
    # past compulsory school age: asked to a meeting, not "required" (sweep rough8)
    assert "required to attend" not in text["SIX"], text["SIX"]
    assert "we ask you to come to a meeting" in text["SIX"]
    assert (
        "1 letter says nothing of a legal duty or formal action because the pupil has no "
        "date of birth (compulsory school age unknown): UNK"
    ) in r.notes


# --------------------------------------------------------------------------- print files


def test_each_run_prints_only_its_new_letters_and_says_when_there_is_nothing(tmp_path) -> None:
    two = register({"RED": PUPILS["RED"], "SEV": PUPILS["SEV"]})
    contacts = contacts_for(["RED", "SEV", "AMB"], tmp_path)
    first = run(tmp_path, two, contacts=contacts)
    out = tmp_path / "out"
    assert first.combined == out / "letters-to-print-2026-11-02-1.pdf"
    assert len(pypdf.PdfReader(str(first.combined)).pages) == 3
    second = run(tmp_path, two, contacts=contacts)
    assert second.new == [] and second.combined is None  # nothing new to print
    assert sorted(p.name for p in out.glob("letters-to-print*")) == [first.combined.name]
    three = register({k: PUPILS[k] for k in ("RED", "SEV", "AMB")})
    third = run(tmp_path, three, contacts=contacts)
    assert third.combined == out / "letters-to-print-2026-11-02-2.pdf"
    assert "ForenameAMB" in pdf_text(third.combined) and "ForenameRED" not in pdf_text(
        third.combined
    )
    rows = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert {(r["upn"], r["template"], r["print_file"]) for r in rows} == {
        ("RED", "red", "letters-to-print-2026-11-02-1.pdf"),
        ("SEV", "severe", "letters-to-print-2026-11-02-1.pdf"),
        ("SEV", "penalty_notice_warning", "letters-to-print-2026-11-02-1.pdf"),
        ("AMB", "amber", "letters-to-print-2026-11-02-2.pdf"),
    }


def test_a_store_from_before_print_files_does_not_print_its_letters_again(tmp_path) -> None:
    """Before schema 3 a folder had one print file: letters in it are recorded as printed."""
    reg = register({"RED": PUPILS["RED"]})
    contacts = contacts_for(["RED", "AMB"], tmp_path)
    run(tmp_path, reg, contacts=contacts)
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute("ALTER TABLE letters DROP COLUMN print_file")
    db.execute("ALTER TABLE letters DROP COLUMN as_of")  # schema 12's
    for column in ("marks", "released_by", "held_for"):  # schema 17's
        db.execute(f"ALTER TABLE letters DROP COLUMN {column}")
    db.execute("ALTER TABLE penalty_notices DROP COLUMN pupil_name")  # schema 14's
    db.execute("ALTER TABLE penalty_notices DROP COLUMN pupil_dob")  # schema 14's
    db.execute("ALTER TABLE penalty_notices DROP COLUMN school")  # schema 20's
    db.execute("DROP TABLE snapshot_n_spans")  # schema 9's table, as 21 keeps it
    db.execute("DROP INDEX letters_half_term")  # schema 21's
    db.execute("DROP TABLE evidence_packs")  # schema 18's
    for table in ("snapshot_pupils", "snapshots", "case_actions"):  # schema 4's
        db.execute(f"DROP TABLE {table}")
    for table in ("la_return_rows", "la_returns"):  # schema 5's
        db.execute(f"DROP TABLE {table}")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    db.commit()
    db.close()
    later = run(tmp_path, register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]}), contacts=contacts)
    assert [x.upn for x in later.new] == ["AMB"]
    assert len(pypdf.PdfReader(str(later.combined)).pages) == 1  # RED is not printed again
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    assert db.execute("SELECT upn, print_file FROM letters ORDER BY id").fetchall() == [
        ("RED", "letters-to-print.pdf"),
        ("AMB", later.combined.name),
    ]
    db.close()


def test_a_print_file_written_but_not_recorded_is_not_printed_again(tmp_path, monkeypatch) -> None:
    """Killed between writing a print file and recording its letters as sent: the next run
    records them, in that file, says so with the file's name, and prints nothing new;
    killed before writing it: nothing was sent, and the next run makes those letters."""
    reg = register({"RED": PUPILS["RED"]})
    contacts = contacts_for(["RED", "AMB"], tmp_path)
    marks = []
    real_mark = History.set_print_file

    def marked(self, ids, name):
        marks.append(name)
        return real_mark(self, ids, name)

    def killed_after_the_file(self, print_files):
        raise RuntimeError("killed")

    monkeypatch.setattr(History, "set_print_file", marked)
    monkeypatch.setattr(History, "send_letters", killed_after_the_file)
    with pytest.raises(RuntimeError, match="killed"):
        run(tmp_path, reg, contacts=contacts)
    monkeypatch.undo()
    name = "letters-to-print-2026-11-02-1.pdf"
    assert marks == [f"writing:{name}"] and (tmp_path / "out" / name).exists()
    assert count_rows(tmp_path) == [("RED", "red", "writing", 1)]
    again = run(tmp_path, reg, contacts=contacts)
    assert again.new == [] and again.combined is None
    assert (
        f"an earlier letters run was stopped after writing the print file "
        f"{tmp_path / 'out' / name} and before recording its 1 letter: it is recorded as "
        "sent now, in that file; print it if it has not been printed"
    ) in again.notes
    assert count_rows(tmp_path) == [("RED", "red", "sent", 1)]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / MANIFEST).read_text("utf-8-sig"))))
    assert [r["print_file"] for r in rows] == [name]

    from attcli import pdf as render

    def killed_before_the_file(self, folder, files, when, **_):
        raise RuntimeError("killed")

    monkeypatch.setattr(render.PdfRenderer, "combine", killed_before_the_file)
    both = register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]})
    with pytest.raises(RuntimeError, match="killed"):
        run(tmp_path, both, contacts=contacts, out="o2")
    monkeypatch.undo()
    done = run(tmp_path, both, contacts=contacts, out="o2")
    assert [x.upn for x in done.new] == ["AMB"]  # not sent by the killed run (RED's was)
    assert done.combined == tmp_path / "o2" / "letters-to-print-2026-11-02-1.pdf"
    assert len(pypdf.PdfReader(str(done.combined)).pages) == 1  # ... and is printed now
    assert "ForenameAMB" in pdf_text(done.combined)
    assert not any("earlier letters run" in n for n in done.notes)


def _stopped_at_the_print_file(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A letters run for RED and AMB stopped by Ctrl-C while its print file is made (the
    letters' own PDFs written); the register and contacts, for the run after it."""
    from attcli import pdf as render

    reg = register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]})
    contacts = contacts_for(["AMB", "RED"], tmp_path)

    def ctrl_c(self, folder, files, when, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.PdfRenderer, "combine", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, reg, contacts=contacts)
    monkeypatch.undo()
    return reg, contacts


def test_a_run_stopped_while_its_print_file_is_made_records_no_letter_as_sent(
    tmp_path, monkeypatch
) -> None:
    """Ctrl-C while the print file is made: each letter's own PDF is on disk, but in no
    print file the office was told of.  They were recorded as sent, so a run into another
    folder (or next half term's) never printed them, and the pupil record and the ladder
    said they had gone.  None is sent until its print file is on disk: the next run, in
    whichever folder, offers them again and prints each once."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "AMB_SurnameAMB_ForenameAMB_amber.pdf",
        "RED_SurnameRED_ForenameRED_red.pdf",
    ]  # the letters, and no print file
    assert {status for _, _, status, _ in count_rows(tmp_path)} == {"writing"}
    with History(tmp_path / "history.sqlite3") as store:
        assert store.letters_for("AMB") == [] and store.letters_for("RED") == []

    other = run(tmp_path, reg, contacts=contacts, out="o2")
    assert sorted(x.upn for x in other.new) == ["AMB", "RED"]
    assert other.combined == tmp_path / "o2" / "letters-to-print-2026-11-02-1.pdf"
    assert len(pypdf.PdfReader(str(other.combined)).pages) == 2
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1), ("RED", "red", "sent", 1)]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "o2" / MANIFEST).read_text("utf-8-sig"))))
    assert [r["print_file"] for r in rows] == ["letters-to-print-2026-11-02-1.pdf"] * 2


def test_a_stopped_runs_unprinted_letters_go_once_another_folder_holds_them(
    tmp_path, monkeypatch
) -> None:
    """The stopped run left AMB's and RED's own PDFs (and HTML copies) in out/, in no
    print file and on no manifest; the next run, into o2/, prints them there.  The copies
    in out/ could then be printed as well, one by one: they are removed once o2's print
    file is on record, and the run says so.  A file changed since (its hash is not the
    one recorded) is the office's: kept, and said."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    out = tmp_path / "out"
    edited = out / "RED_SurnameRED_ForenameRED_red.pdf"
    edited.write_bytes(edited.read_bytes() + b"%% the office's note\n")
    other = run(tmp_path, reg, contacts=contacts, out="o2")
    assert sorted(x.upn for x in other.new) == ["AMB", "RED"]
    assert sorted(p.name for p in out.iterdir()) == [
        "RED_SurnameRED_ForenameRED_red.html",
        "RED_SurnameRED_ForenameRED_red.pdf",
    ]
    said = [n for n in other.notes if "stopped" in n and str(out) in n]
    assert len(said) == 1, other.notes
    assert "removed 1 letter" in said[0] and "kept 1" in said[0], said
    assert "RED_SurnameRED_ForenameRED_red.pdf" in said[0]
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1), ("RED", "red", "sent", 1)]


def test_a_stopped_runs_letter_open_in_a_pdf_viewer_is_kept_and_said(
    tmp_path, monkeypatch
) -> None:
    """Windows: the stopped run's AMB letter open in a PDF viewer cannot be deleted
    (PermissionError). The next run, into o2/, had sent and recorded its letters and then
    ended "attcli failed unexpectedly" (exit 70) on removing it. Now the run ends, and the
    copy is kept and said, with "do not print it"."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    out = tmp_path / "out"
    viewed = out / "AMB_SurnameAMB_ForenameAMB_amber.pdf"
    real_unlink = Path.unlink

    def unlink(self, *args, **kwargs):
        if self == viewed:
            raise PermissionError(13, "Permission denied", str(self))
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    other = run(tmp_path, reg, contacts=contacts, out="o2")
    assert sorted(x.upn for x in other.new) == ["AMB", "RED"]
    assert viewed.exists() and not (out / "RED_SurnameRED_ForenameRED_red.pdf").exists()
    said = [n for n in other.notes if "stopped" in n and str(out) in n]
    assert len(said) == 1, other.notes
    assert "removed 1 letter" in said[0], said
    assert (
        "could not remove 1 (AMB_SurnameAMB_ForenameAMB_amber.pdf: open in another program?): "
        "delete it, do not print it"
    ) in said[0], said
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1), ("RED", "red", "sent", 1)]


def test_a_stopped_runs_unprinted_letters_go_once_a_later_stopped_run_is_recorded(
    tmp_path, monkeypatch
) -> None:
    """Two stops: the first before its print file (AMB's and RED's PDFs in out/), the
    second, into o2/, after its print file reached the disk (a full disk at the
    manifest).  The third run records the second's letters as sent in o2's print file
    and writes nothing new; the first run's copies in out/ are removed then, and said,
    naming the print file that holds the letters."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    _, _, printed = _full_at_the_manifest(tmp_path, monkeypatch, reg, contacts, out="o2")
    assert printed.exists() and len(list((tmp_path / "out").glob("*.pdf"))) == 2
    third = run(tmp_path, reg, contacts=contacts, out="o3")
    assert third.new == [] and third.combined is None
    assert list((tmp_path / "out").iterdir()) == []
    said = [n for n in third.notes if n.startswith("a stopped letters run left")]
    assert said == [
        f"a stopped letters run left 2 unsent letters in {tmp_path / 'out'}, now in "
        f"{printed}: removed 2 letters (AMB_SurnameAMB_ForenameAMB_amber.pdf, "
        "RED_SurnameRED_ForenameRED_red.pdf) so none is printed twice"
    ], third.notes
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1), ("RED", "red", "sent", 1)]


def test_a_run_stopped_while_its_print_file_is_made_is_made_again_in_its_folder(
    tmp_path, monkeypatch
) -> None:
    """The same stop, run again into the same folder: its own leftover letters are
    replaced without --force, and printed once, in this run's print file."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    again = run(tmp_path, reg, contacts=contacts)
    assert sorted(x.upn for x in again.new) == ["AMB", "RED"]
    assert again.combined == tmp_path / "out" / "letters-to-print-2026-11-02-1.pdf"
    assert again.combined_earlier == 0
    assert len(pypdf.PdfReader(str(again.combined)).pages) == 2
    assert count_rows(tmp_path) == [("AMB", "amber", "sent", 1), ("RED", "red", "sent", 1)]
    assert run(tmp_path, reg, contacts=contacts).new == []


def test_a_stopped_runs_letter_under_another_name_in_the_same_folder_goes_too(
    tmp_path, monkeypatch
) -> None:
    """The stopped run wrote RED's letter under a name the next run does not use (the
    pupil's name corrected in the MIS between the two exports): the next run, into the
    same folder, writes it under the new name and removes the old copy, which no print
    file or manifest holds.  (Only a file a sent letter is in is left.)"""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    out = tmp_path / "out"
    for suffix in (".pdf", ".html"):
        (out / f"RED_SurnameRED_ForenameRED_red{suffix}").rename(out / f"RED_Old_Name_red{suffix}")
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    with db:
        db.execute("UPDATE letters SET file = 'RED_Old_Name_red.pdf' WHERE upn = 'RED'")
    db.close()
    again = run(tmp_path, reg, contacts=contacts)
    assert sorted(x.upn for x in again.new) == ["AMB", "RED"]
    assert not (out / "RED_Old_Name_red.pdf").exists()
    assert not (out / "RED_Old_Name_red.html").exists()
    assert (out / "RED_SurnameRED_ForenameRED_red.pdf").exists()
    assert (out / "AMB_SurnameAMB_ForenameAMB_amber.pdf").exists()
    said = [n for n in again.notes if n.startswith("a stopped letters run left")]
    assert said == [
        f"a stopped letters run left 1 unsent letter in {out.resolve()}, now in this run's "
        "print file: removed 1 letter (RED_Old_Name_red.pdf) so none is printed twice"
    ], again.notes


def _full_at_the_manifest(  # type: ignore[no-untyped-def]
    tmp_path, monkeypatch, reg=None, contacts=None, out="out"
):
    """A letters run (for RED unless ``reg`` and ``contacts`` are given) stopped by a full
    disk at its manifest, its print file on disk: the register, the contacts and that
    print file."""
    from attcli.letters import run as letters_run

    if reg is None:
        reg = register({"RED": PUPILS["RED"]})
        contacts = contacts_for(["RED"], tmp_path)
    real = letters_run._write_atomic

    def full_at_the_manifest(path, data):
        if path.name == MANIFEST:
            raise OutputError(f"cannot write {path}: the disk is full")
        return real(path, data)

    monkeypatch.setattr(letters_run, "_write_atomic", full_at_the_manifest)
    with pytest.raises(OutputError, match="the disk is full"):
        run(tmp_path, reg, contacts=contacts, out=out)
    monkeypatch.undo()
    return reg, contacts, tmp_path / out / "letters-to-print-2026-11-02-1.pdf"


def test_a_full_disk_at_the_manifest_leaves_the_letters_unsent_and_the_next_run_names_the_file(
    tmp_path, monkeypatch
) -> None:
    """The print file fitted on the memory stick, the manifest did not: the run ended
    "cannot write manifest.csv: the disk is full" with the letters recorded as sent in a
    print file it never named.  They are recorded only after the manifest; the next run
    (space freed) records them in that print file and names it."""
    reg, contacts, printed = _full_at_the_manifest(tmp_path, monkeypatch)
    assert printed.exists() and not (tmp_path / "out" / MANIFEST).exists()
    assert count_rows(tmp_path) == [("RED", "red", "writing", 1)]
    again = run(tmp_path, reg, contacts=contacts)
    assert again.new == [] and again.combined is None
    assert any(f"writing the print file {printed} " in n for n in again.notes)
    assert count_rows(tmp_path) == [("RED", "red", "sent", 1)]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / MANIFEST).read_text("utf-8-sig"))))
    assert [(r["upn"], r["print_file"]) for r in rows] == [("RED", printed.name)]


def test_a_dry_run_after_a_stop_says_what_the_real_run_will_do(tmp_path, monkeypatch) -> None:
    """A run stopped after its print file reached the disk (the manifest did not fit),
    then a dry run to see what is left: it listed RED's letter as new, though the real
    run records it as sent in that print file and writes nothing.  The dry run now says
    what the real run will do, and records nothing itself."""
    reg, contacts, printed = _full_at_the_manifest(tmp_path, monkeypatch)
    preview = run(tmp_path, reg, contacts=contacts, dry_run=True)
    assert preview.new == []
    assert any(
        f"writing the print file {printed} " in n and "a real run records" in n
        for n in preview.notes
    ), preview.notes
    assert count_rows(tmp_path) == [("RED", "red", "writing", 1)]  # the dry run wrote nothing
    again = run(tmp_path, reg, contacts=contacts)
    assert again.new == [] and count_rows(tmp_path) == [("RED", "red", "sent", 1)]


def test_a_dry_run_after_a_stop_before_the_print_file_offers_its_letters(
    tmp_path, monkeypatch
) -> None:
    """Stopped before the print file reached the disk: the real run offers the letters
    again, and so does the dry run before it (the same letters, nothing recorded)."""
    reg, contacts = _stopped_at_the_print_file(tmp_path, monkeypatch)
    preview = run(tmp_path, reg, contacts=contacts, out="o2", dry_run=True)
    assert sorted(x.upn for x in preview.new) == ["AMB", "RED"]
    assert {status for _, _, status, _ in count_rows(tmp_path)} == {"writing"}
    other = run(tmp_path, reg, contacts=contacts, out="o2")
    assert sorted(x.upn for x in other.new) == ["AMB", "RED"]


def test_a_refused_run_starts_no_history_and_one_that_began_letters_keeps_it(
    tmp_path, monkeypatch
) -> None:
    """`--out` naming a file, on a workspace with no history yet: refused in one line,
    and the empty history it had made was left behind (every later command then read
    it as one, no longer "(none yet)").  One stopped after it began letters keeps its
    history: its rows say the files left are its own."""
    reg = register({"RED": PUPILS["RED"]})
    (tmp_path / "afile").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file; give a folder"):
        run(tmp_path, reg, out="afile")
    assert not (tmp_path / "history.sqlite3").exists()
    assert not (tmp_path / "history.sqlite3.lock").exists()

    from attcli import pdf as render

    def ctrl_c(self, folder, files, when, **_):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.PdfRenderer, "combine", ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run(tmp_path, reg)
    assert count_rows(tmp_path) == [("RED", "red", "writing", 1)]


def test_the_certificate_is_a_page_after_the_letter_and_every_page_is_printed(tmp_path) -> None:
    reg = register({"RED": PUPILS["RED"]})
    r = run(tmp_path, reg, extra="certificate = true", only=["red"])
    (letter,) = r.letters
    reader = pypdf.PdfReader(str(tmp_path / "out" / letter.file))
    assert len(reader.pages) == 2
    assert "Dear Mrs FamilyRED," in reader.pages[0].extract_text()
    cert = reader.pages[1].extract_text()
    assert "Attendance certificate" in cert and "ForenameRED SurnameRED" in cert
    assert "Key to the marks" in cert
    # the print file has both pages, not only the first
    printed = pypdf.PdfReader(str(r.combined))
    assert len(printed.pages) == 2
    assert "Attendance certificate" in printed.pages[1].extract_text()


def test_certificates_do_not_filter_the_register_per_pupil(tmp_path, monkeypatch) -> None:
    """Issue 15 (linear rendering): with certificates on, each letter's certificate took
    its pupil's marks by filtering the whole register, so the run's time grew with
    pupils x marks (minutes for a school of thousands).  Counted, not timed: the number
    of DataFrame filters in a run is the same for 5 pupils as for 40, and each pupil's
    certificate still shows their own marks."""

    def filters_for(n: int) -> int:
        folder = tmp_path / str(n)
        folder.mkdir()
        reg = register({f"P{i:02d}": PUPILS["RED"] for i in range(n)})
        with monkeypatch.context() as mp:
            calls = count_calls(mp, pl.DataFrame, "filter")
            r = run(folder, reg, extra="certificate = true", only=["red"], dry_run=True)
        assert len(r.letters) == n
        for letter in r.letters:  # RED: 35 days present (both sessions), then T T T N N
            cells = [c for week in letter.certificate["weeks"] for c in week["cells"]]
            assert ["UPN", letter.upn] in letter.certificate["pupil"]
            kinds = [c["kind"] for c in cells if c["text"]]
            assert (kinds.count("present"), len(kinds)) == (70, 80)
        return len(calls)

    assert filters_for(5) == filters_for(40)


# --------------------------------------------------------------------------- hostile names


def test_hostile_names_are_harmless_everywhere(tmp_path) -> None:
    names = {"H1": ('=HYPERLINK("http://evil.example","x")', "../../x")}
    reg = with_names(register({"H1": "/ " * 34 + "O " * 6}), names)
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Parental Responsibility,"
        "Address Line 1,Address Line 2,Postcode,Email\n"
        "H1,,\"=cmd|' /C calc'!A0\",<script>alert(1)</script>,Yes,"
        '#set text(red) $x$,{{ 7*7 }} <b>bold</b>,EX6 6AA,"+evil@example.org"\n',
        encoding="utf-8",
    )
    r = run(tmp_path, reg, contacts=contacts, only=["red"])
    out = tmp_path / "out"
    (letter,) = r.letters
    # file names: no separators, no shell specials; everything stays in --out
    assert letter.file == "H1_x_HYPERLINK_http_evil.example_x_red.pdf"
    for p in out.iterdir():
        assert p.parent == out and re.fullmatch(r"[A-Za-z0-9._-]+", p.name)
    assert not (tmp_path / "x").exists()
    # manifest: formula cells neutralised
    rows = list(csv.reader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert rows[1][1].startswith("'=HYPERLINK(")
    assert rows[1][2].startswith("'=cmd|")
    assert rows[1][4] == "'+evil@example.org"
    # HTML: escaped, the template engine did not run the data
    raw = (out / letter.html_file).read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;b&gt;bold&lt;/b&gt;" in raw and "{{ 7*7 }}" in raw and "49" not in raw
    # PDF: the text is literal (Typst did not run "#set text(red)" or "$x$")
    text = pdf_text(out / letter.file)
    for literal in (
        "#set text(red) $x$",
        "{{ 7*7 }} <b>bold</b>",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://evil.example","x") ../../x',
    ):
        assert literal in text, literal


# --------------------------------------------------------------------------- penalty notices


def test_next_notice_over_three_years(tmp_path) -> None:
    from attcli.store import Parent, next_notice

    smith, other = Parent("id:7", "Mrs Smith"), Parent("id:8", "Mr Smith")
    with History(tmp_path / "h.sqlite3") as store:
        # (the first notice after 19 August 2024, when the national framework began: one
        # before it counts toward no limit, tests/test_sweep_rules3.py)
        assert next_notice(store, "A1", smith.key, dt.date(2024, 9, 1)) == "first"
        store.record_notice("A1", smith, dt.date(2024, 9, 10))
        assert next_notice(store, "A1", smith.key, dt.date(2025, 1, 1)) == "second"
        assert next_notice(store, "A1", other.key, dt.date(2025, 1, 1)) == "first"
        assert next_notice(store, "B2", smith.key, dt.date(2025, 1, 1)) == "first"
        store.record_notice("A1", smith, dt.date(2025, 6, 1))
        assert next_notice(store, "A1", smith.key, dt.date(2026, 1, 9)) == (
            "none: alternative action"
        )
        # three years after the first, only the second still counts
        assert next_notice(store, "A1", smith.key, dt.date(2027, 9, 10)) == "second"
        assert next_notice(store, "A1", smith.key, dt.date(2028, 6, 1)) == "first"
        with pytest.raises(AttcliError, match="already recorded"):
            store.record_notice("A1", smith, dt.date(2025, 6, 1))


def test_a_name_another_pupil_had_in_this_folder_is_never_reused(tmp_path) -> None:
    """UPNs X1/1 and X1?1 with the same names sanitise to one file name. X1?1 is sent
    first and takes it. When both are due later, X1/1 (first in pupil order) must not
    take that name, with or without --resend: X1?1's letter is never replaced.  (Born a
    day apart: two children, not one child under two UPNs, whose letters are held.)"""
    pattern = "/ " * 35 + "T T O O O"  # red
    both = with_names(
        register(
            {"X1/1": pattern, "X1?1": pattern},
            dob={"X1/1": dt.date(2014, 10, 1), "X1?1": dt.date(2014, 10, 2)},
        ),
        {"X1/1": ("Jo", "Smith"), "X1?1": ("Jo", "Smith")},
    )
    (tmp_path / "c").mkdir()  # run() writes its own default tmp_path/contacts.csv
    contacts = contacts_for(["X1/1", "X1?1"], tmp_path / "c")
    first = run(tmp_path, both.filter(pl.col("upn") == "X1?1"), contacts=contacts)
    assert [x.file for x in first.letters] == ["X1_1_Smith_Jo_red.pdf"]
    out = tmp_path / "out"
    later = run(tmp_path, both, contacts=contacts)  # no --force needed
    assert [(x.upn, x.status, x.file) for x in later.letters] == [
        ("X1/1", "written", "X1_1_Smith_Jo_red_2.pdf"),
        ("X1?1", "already sent", "X1_1_Smith_Jo_red.pdf"),
    ]
    again = run(tmp_path, both, contacts=contacts, resend=True)
    assert [(x.upn, x.status, x.file) for x in again.letters] == [
        ("X1/1", "written", "X1_1_Smith_Jo_red_2.pdf"),
        ("X1?1", "written", "X1_1_Smith_Jo_red.pdf"),
    ]
    one, two = pdf_text(out / "X1_1_Smith_Jo_red.pdf"), pdf_text(out / "X1_1_Smith_Jo_red_2.pdf")
    assert "X1?1" in one and "X1/1" not in one
    assert "X1/1" in two and "X1?1" not in two


def test_an_empty_contacts_file_is_not_called_a_register(tmp_path: Path) -> None:
    """The contacts file's own faults said "export the register again"."""
    empty = tmp_path / "contacts.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(AttcliError) as exc:
        load_contacts(empty)
    assert str(exc.value).endswith("Export it again, with its header row")
    empty.write_text("UPN,Contact Forename,Contact Surname,Priority\n", encoding="utf-8")
    with pytest.raises(AttcliError) as exc:
        load_contacts(empty)
    assert str(exc.value).endswith("Export it again with its rows (a pupil or contact a row)")


def test_letters_dated_weeks_after_the_register_ends_are_refused_unless_as_of_is_given(
    tmp_path: Path, reg
) -> None:
    """Letters dated today from an export that ended weeks ago (forgotten, or last year's)
    gave a family old figures as this year's, with nothing said.  The register ends Fri
    30 Oct; without term dates, the 10 weekdays 2-13 Nov lie before Mon 16 Nov (allowed:
    two school weeks; the letters' date itself is not counted), 11 before Tue 17 Nov
    (refused).  --as-of the last day writes them as of it."""
    cfg = make_config(tmp_path)
    assert reg.get_column("date").max() == dt.date(2026, 10, 30)
    kw = dict(register=reg, contacts=contacts_for(sorted(set(reg["upn"])), tmp_path), dry_run=True)
    ok = run_letters([], cfg, out_dir=tmp_path / "a", letter_date=dt.date(2026, 11, 16), **kw)
    assert ok.as_of == dt.date(2026, 10, 30) and ok.letters
    with pytest.raises(AttcliError) as exc:
        run_letters([], cfg, out_dir=tmp_path / "b", letter_date=dt.date(2026, 11, 17), **kw)
    assert str(exc.value) == (
        "no letters: the register ends 30/10/2026, 11 weekdays before the letters' date "
        "(17/11/2026): letters dated then would give figures that old; export the register "
        "up to date, or give --as-of 2026-10-30 to write them as of its last day"
    )
    late = run_letters(
        [], cfg, out_dir=tmp_path / "c", letter_date=dt.date(2026, 11, 17),
        as_of=dt.date(2026, 10, 30), **kw,
    )  # fmt: skip
    assert [x.file for x in late.letters] == [x.file for x in ok.letters]



def test_letters_dated_in_a_later_school_year_than_the_register_are_refused(tmp_path) -> None:
    """A tester's office ran letters on Mon 7 Sep 2026 with July's export (to Fri 17 Jul
    2026): the summer is no school days, so the two-school-weeks rule let them through,
    and 8 letters dated 7 September 2026 told families the 2025/26 figure was "this
    school year" (DOMAIN.md 2: the year to the as-of date).  A letter dated in a later
    school year than the register's figures is refused, --as-of or not."""
    summer = parse_config(
        CONFIG.format(history=tmp_path / "h.sqlite3", fonts=FONTS, extra="")
        + "\n[calendar]\nhalf_terms = [\n"
        '  { name = "Summer 2", start = 2026-06-01, end = 2026-07-17 },\n'
        '  { name = "Autumn 1", start = 2026-09-02, end = 2026-10-23 },\n]\n'
    )
    reg = register({"RED": "/ " * 5 + "O " * 5}, start=dt.date(2026, 7, 6))  # 50 %: severe
    assert reg.get_column("date").max() == dt.date(2026, 7, 17)
    kw = dict(register=reg, contacts=contacts_for(["RED"], tmp_path), dry_run=True,
              period_start=dt.date(2026, 7, 6))  # fmt: skip
    ok = run_letters([], summer, out_dir=tmp_path / "a", letter_date=dt.date(2026, 7, 20), **kw)
    assert "severe" in [x.template for x in ok.letters]
    for as_of in (None, dt.date(2026, 7, 17)):
        with pytest.raises(AttcliError) as exc:
            run_letters([], summer, out_dir=tmp_path / "b", letter_date=dt.date(2026, 9, 7),
                        as_of=as_of, **kw)  # fmt: skip
        assert str(exc.value) == (
            "no letters: they would be dated 07/09/2026, in the 2026/27 school year, and the "
            "register's figures are of 2025/26 (to 17/07/2026): a letter would give that "
            "year's attendance as this year's; export this year's register"
        )


# ----------------------------------------------------------- band letters in a half term

AUTUMN_HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
# 40 school days from Monday 7 September 2026: 35 in Autumn 1 (to Friday 23 October), 5 in
# Autumn 2 (2 to 6 November).  Day 30 is Friday 16 October.
MOVERS = {
    # 6 absent by day 30: 54/60 = 90.0 % (red, 90 % or less); none more by day 35: 64/70 =
    # 91.43 % (amber); one more on day 40: 73/80 = 91.25 % (amber)
    "IMP": "/ " * 9 + "O O O " + "/ " * 23 + "/ " * 4 + "/O",
    # 5 absent by day 30: 55/60 = 91.67 % (amber); 2 more on day 31: 63/70 = 90.0 % (red)
    "WOR": "/ " * 9 + "O O /O " + "/ " * 18 + "O " + "/ " * 9,
}


def test_a_pupil_improved_since_a_more_serious_letter_this_half_term_gets_no_milder_one(
    tmp_path,
) -> None:
    """Run 2 of the tester's: a pupil sent the red letter earlier in the half term and
    amber now got the amber letter as well, a second and milder one in the same half term.
    Now they get none and the run says why; a pupil who got worse still gets the more
    serious letter; the next half term's letter is not affected."""
    reg = register(MOVERS, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    contacts = contacts_for(sorted(MOVERS), tmp_path)
    kw = dict(register=reg, contacts=contacts, out_dir=tmp_path / "out")
    one = run_letters(
        [], cfg, as_of=dt.date(2026, 10, 16), letter_date=dt.date(2026, 10, 16), **kw
    )
    assert sorted((x.upn, x.template, x.attended, x.possible) for x in one.letters) == [
        ("IMP", "red", 54, 60),
        ("WOR", "amber", 55, 60),
    ]
    two = run_letters(
        [], cfg, as_of=dt.date(2026, 10, 23), letter_date=dt.date(2026, 10, 23), **kw
    )
    assert [(x.upn, x.template, x.status, x.attended, x.possible) for x in two.letters] == [
        ("WOR", "red", "written", 63, 70)
    ]
    assert [(u.upn, u.template, u.reason) for u in two.improved] == [
        ("IMP", "amber", "improved since the red letter of 16/10/2026: no amber letter this "
         "half term"),
    ]  # fmt: skip
    assert count_rows(tmp_path) == [
        ("IMP", "red", "sent", 1), ("WOR", "amber", "sent", 1), ("WOR", "red", "sent", 1)
    ]  # fmt: skip
    nov6 = dt.date(2026, 11, 6)
    three = run_letters([], cfg, as_of=nov6, letter_date=nov6, only=["amber"], **kw)
    assert [(x.upn, x.template, x.status, x.attended, x.possible) for x in three.letters] == [
        ("IMP", "amber", "written", 73, 80),
        ("WOR", "amber", "written", 73, 80),
    ]
    assert three.improved == []


# 40 school days from Monday 7 September to Friday 30 October 2026 (the as-of date).  An N is
# stale (attcli check lists it) when older than 5 school days: days 35 to 40 are not yet.
PROVISIONAL = {
    # 8 N on days 37-40: 72/80 = 90.0 %, red; counted as attended, 80/80: green
    "PRV": "/ " * 36 + "N " * 4,
    # the same 8 N on days 29-32, stale: unauthorised as ever, red, sent (and named:
    # test_a_letter_resting_on_stale_n_marks_is_named_a_warning_held)
    "STL": "/ " * 28 + "N " * 4 + "/ " * 8,
    # 6 O (days 31-33) and 4 N (39-40): 10 unauthorised, the penalty-notice threshold;
    # 70/80 = 87.5 %, red; the 4 N as attended: 74/80 = 92.5 %, green, and 6 unauthorised
    "PNF": "/ " * 30 + "O " * 3 + "/ " * 5 + "N " * 2,
    # 12 O (days 26-31) and 4 N (39-40): 64/80 = 80.0 %, red; the N as attended: 68/80 =
    # 85.0 %, still red, and 12 unauthorised, still the threshold: both sent
    "FRM": "/ " * 25 + "O " * 6 + "/ " * 7 + "N " * 2,
}


def test_a_letter_resting_on_n_marks_not_yet_due_to_be_resolved_is_held_for_review(
    tmp_path,
) -> None:
    """Run 1 of the tester's: a red letter at 50/56 with 6 N marks 2 to 4 school days old,
    all corrected to B in the next export, went out with nothing said.  An N is provisional
    for 5 school days (DOMAIN.md 12): a letter whose band (or penalty-notice threshold)
    rests on N marks not yet due to be resolved is held for review; stale N marks count as
    unauthorised, as before (a band letter resting on them is named, below)."""
    reg = register(PROVISIONAL)
    r = run(tmp_path, reg)
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("FRM", "penalty_notice_warning"),
        ("FRM", "red"),
        ("STL", "red"),
    ]
    pn = "the penalty-notice threshold (10 unauthorised sessions in 10 school weeks)"
    assert sorted((u.upn, u.template, u.reason) for u in r.held) == [
        ("PNF", "penalty_notice_warning",
         f"4 N marks still within the 5 school days allowed to resolve them: {pn} rests on them"),
        ("PNF", "red", "4 N marks still within the 5 school days allowed to resolve them: band red rests "
         "on them"),
        ("PRV", "red", "8 N marks still within the 5 school days allowed to resolve them: band red rests "
         "on them"),
    ]  # fmt: skip
    one = run(tmp_path, reg, release=["PRV"])
    assert [(x.upn, x.template, x.status) for x in one.new] == [("PRV", "red", "written")]
    assert sorted({u.upn for u in one.held}) == ["PNF"]


def test_a_penalty_notice_warning_resting_on_last_term_s_recent_n_marks_is_held(tmp_path) -> None:
    """The turn of the year (Summer 2 to Fri 17 Jul 2026, Autumn 1 from Thu 3 Sep; the
    summer holiday is no school days).  Letters as of Fri 4 Sep, dated Mon 7 Sep.  The
    penalty-notice window reaches back across the summer (DOMAIN.md 5), so must an N's
    age: counted in school days, an N of Fri 17 Jul is 2 days old on 4 Sep (3 and 4 Sep
    after it), one of Mon 13 Jul 6 (stale: 14-17 Jul, 3 and 4 Sep).

    CAI: N Mon 13 - Fri 17 Jul (10) and Thu 3 - Fri 4 Sep (4): 14 in the window.  Within
    5 school days: 14-17 Jul (8) and 3-4 Sep (4), 12; without them 2, under 10: held.
    Only this year's 4 were taken as provisional (14 - 4 = 10: the warning went out).
    Since stale N hold a letter too, the reason counts all 14, 2 of them (13 Jul) stale.
    OLD: N Mon 6 - Fri 10 Jul (10, from 7 to 11 school days old: stale) and 3-4 Sep (4):
    14, 10 without the 4, which sent it; none without the 14: held, the stale ones to be
    resolved first (test_a_letter_resting_on_stale_n_marks_is_held_for_review).  Neither
    has a band (4 sessions this year, < 10)."""
    from builders import across
    from school import ROLLOVER_HALF_TERMS

    reg = across(
        (dt.date(2026, 7, 6), {"CAI": "/ " * 5 + "N " * 5, "OLD": "N " * 5 + "/ " * 5,
                               "FINE": "/ " * 10}),
        (dt.date(2026, 9, 3), {"CAI": "N N", "OLD": "N N", "FINE": "/ /"}),
    )  # fmt: skip
    r = run_letters(
        [],
        make_config(tmp_path, ROLLOVER_HALF_TERMS),
        register=reg,
        contacts=contacts_for(["CAI", "FINE", "OLD"], tmp_path),
        out_dir=tmp_path / "out",
        letter_date=dt.date(2026, 9, 7),
        dry_run=True,
    )
    assert r.letters == []
    rests = (
        "the penalty-notice threshold (10 unauthorised sessions in 10 school weeks) rests on "
        "them; find their reasons and correct them in the MIS first"
    )
    assert [(u.upn, u.template, u.reason) for u in r.held] == [
        ("CAI", "penalty_notice_warning",
         "14 N marks, 2 of them older than the 5 school days allowed to resolve them and 12 "
         f"still within them (8 of those last school year's): {rests}"),
        ("OLD", "penalty_notice_warning",
         "14 N marks, 10 of them older than the 5 school days allowed to resolve them and 4 "
         f"still within them: {rests}"),
    ]  # fmt: skip


# 40 school days from Monday 7 September to Friday 30 October 2026 (the as-of date).  Every
# N here is stale: older than 5 school days (days 33 and before have 7 or more after them).
STALE_N = {
    # letters6's Noah: 10 N (days 26-30, stale) and 4 O (days 31-32): 14 unauthorised, the
    # penalty-notice threshold; 66/80 = 82.5 %, red.  Without the 10 N: 4 unauthorised,
    # and 76/80 = 95.0 %, green: both letters rest on them
    "NSH": "/ " * 25 + "N " * 5 + "O " * 2 + "/ " * 8,
    # 4 N (days 29-30, stale) and 4 N (days 37-38, 2 and 3 school days old): 72/80 = 90.0 %,
    # red; without the 8: 80/80, green
    "MIX": "/ " * 28 + "N " * 2 + "/ " * 6 + "N " * 2 + "/ " * 2,
    # 12 O (days 26-31) and 4 N (days 32-33, stale): 64/80 = 80.0 %, red, 16 unauthorised;
    # without the N 68/80 = 85.0 %, still red, and 12, still the threshold: both sent
    "STO": "/ " * 25 + "O " * 6 + "N " * 2 + "/ " * 7,
}


def test_a_letter_resting_on_stale_n_marks_is_named_a_warning_held(tmp_path) -> None:
    """letters6 of the tester's: Noah's red letter and penalty-notice warning ("14 sessions
    of unauthorised absence") were written and recorded as sent; 10 of the 14 were N marks
    older than 5 school days, and the run said only "10 N codes older than 5 school days
    ... fix them in the MIS".  A local authority returns a request whose window holds N
    (DOMAIN.md 5): the warning of a fine resting on N marks, stale or not, is held, saying
    how many and that their reasons are to be found first.  A band letter resting on stale
    N is sent (a stale N is unauthorised, DOMAIN.md 12: the reason the school could not
    establish is what the letter asks the family for; a child missing education's N are
    all stale) and named in the run; one resting on N still within the 5 days is held, as
    before."""
    reg = register(STALE_N)
    r = run(tmp_path, reg, dry_run=True)
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("NSH", "red"),
        ("STO", "penalty_notice_warning"),
        ("STO", "red"),
    ]
    pn = "the penalty-notice threshold (10 unauthorised sessions in 10 school weeks)"
    fix = "find their reasons and correct them in the MIS first"
    assert sorted((u.upn, u.template, u.reason) for u in r.held) == [
        # 72/80 + the 4 recent N = 76/80 = 95.0 %: green; the 4 stale ones hold nothing
        ("MIX", "red", "4 N marks still within the 5 school days allowed to resolve them: "
         "band red rests on them"),
        ("NSH", "penalty_notice_warning",
         f"10 N marks older than the 5 school days allowed to resolve them: {pn} rests on "
         f"them; {fix}"),
    ]  # fmt: skip
    # NSH's red letter rests on its 10 stale N (76/80 without them: green); STO's does not
    # (68/80 = 85.0 % without its 4: still red)
    [said] = [n for n in r.notes if "on N marks older than 5 school days" in n]
    assert said.startswith("1 band letter rests on N marks older than 5 school days")
    assert said.endswith("(red: 10 N)") and "NSH" in said and "STO" not in said


def test_a_letter_sent_this_half_term_that_the_register_no_longer_calls_for_is_listed(
    tmp_path, capsys, monkeypatch
) -> None:
    """letters6 of the tester's: after Noah's N were corrected to I, a rerun dropped his
    penalty-notice warning without a word (and showed his red letter as already sent):
    nothing told the office that a warning of a fine already sent no longer held
    (DOMAIN.md 12: corrections are listed, never absorbed).  40 school days from Mon 7 Sep
    to Fri 30 Oct 2026; letters dated 02/11/2026.

    WRN: 10 O on days 31-35: 70/80 = 87.5 %, red, 10 unauthorised: red and warning.
      Corrected, days 33-35 O -> I: 70/80 still red (already sent), 4 unauthorised: the
      warning is no longer called for.
    BND: 8 O on days 33-36: 72/80 = 90.0 %, red.  Corrected, day 33 O -> present: 74/80 =
      92.5 %, green: the red letter is no longer called for.
    IMP: 2 O on days 19-20: as of Fri 2 Oct (day 20) 36/40 = 90.0 %, red, sent then; as of
      30 Oct 76/80 = 95.0 %, green.  Improved, not corrected: the register still gives red
      as of the letter's figures' date, so nothing is said."""
    from attcli.letters.command import _print_run

    before = {
        "WRN": "/ " * 30 + "O " * 5 + "/ " * 5,
        "BND": "/ " * 32 + "O " * 4 + "/ " * 4,
        "IMP": "/ " * 18 + "O " * 2 + "/ " * 20,
    }
    after = {
        "WRN": "/ " * 30 + "O " * 2 + "I " * 3 + "/ " * 5,
        "BND": "/ " * 33 + "O " * 3 + "/ " * 4,
        "IMP": before["IMP"],
    }
    first = run(tmp_path, register(before), as_of=dt.date(2026, 10, 2))
    assert [(x.upn, x.template) for x in first.new] == [("IMP", "red")]
    second = run(tmp_path, register(before))
    assert sorted((x.upn, x.template) for x in second.new) == [
        ("BND", "red"), ("WRN", "penalty_notice_warning"), ("WRN", "red"),
    ]  # fmt: skip
    assert second.no_longer == []
    capsys.readouterr()
    for dry_run in (True, False):
        third = run(tmp_path, register(after), dry_run=dry_run)
        assert [(x.upn, x.template, x.status) for x in third.letters] == [
            ("WRN", "red", "already sent")
        ]
        assert [(u.upn, u.template, u.reason) for u in third.no_longer] == [
            ("BND", "red", "sent 02/11/2026: no longer called for: the register now gives "
             "92.5% to 30/10/2026 (green); consider telling the family"),
            ("WRN", "penalty_notice_warning", "sent 02/11/2026: no longer called for: the "
             "register now gives 4 unauthorised sessions in the penalty-notice window to "
             "30/10/2026 (the threshold is 10); consider telling the family"),
        ]  # fmt: skip
    from attcli import cliutil

    monkeypatch.setattr(cliutil.console, "width", 80)  # (what it reads is the 80 columns')
    _print_run(third)
    said = " ".join(capsys.readouterr().out.split())
    assert (
        "No longer called for: letters sent this half term or last that the register, "
        "corrected since, does not support" in said
    )
    # (at 80 columns a block, the reason whole across the line: terminal.READ_WIDTH)
    assert "WRN ForenameWRN SurnameWRN letter: penalty notice warning; why: sent 02/11/2026" in said
    assert "threshold is 10); consider telling the family" in said


# --------------------------------------------------------------------------- sent by email


def test_letters_to_email_only_contacts_are_not_in_the_print_file(tmp_path, capsys) -> None:
    """A letter to a contact with an email and no postal address went into the print file
    with the email where the envelope's address goes.  It is left out of the print file
    now; it still has its own PDF and HTML, and the manifest and the run say it goes by
    email."""
    from attcli.letters.command import _print_run

    reg = register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]})
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode,Email\n"
        "AMB,Mrs,Eve,Nash,1,Yes,,,,eve.nash@example.org\n"
        "RED,Mr,Dan,Nowak,1,Yes,2 Elm Road,Exampletown,EX1 2AB,dan@example.org\n",
        encoding="utf-8",
    )
    r = run(tmp_path, reg, contacts=contacts)
    out = tmp_path / "out"
    assert sorted((x.upn, x.template, x.status) for x in r.letters) == [
        ("AMB", "amber", "written"),
        ("RED", "red", "written"),
    ]
    for x in r.letters:
        assert (out / x.file).exists() and (out / x.html_file).exists()
    assert "eve.nash@example.org" in pdf_text(out / "AMB_SurnameAMB_ForenameAMB_amber.pdf")
    printed = pypdf.PdfReader(str(r.combined))
    assert len(printed.pages) == 1
    assert "Dan Nowak" in printed.pages[0].extract_text()
    assert "eve.nash@example.org" not in pdf_text(r.combined)
    rows = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert [(x["upn"], x["send_by"], x["email"], x["address"], x["print_file"]) for x in rows] == [
        ("AMB", "email", "eve.nash@example.org", "", ""),
        ("RED", "post", "dan@example.org", "2 Elm Road, Exampletown, EX1 2AB", r.combined.name),
    ]
    assert [x.upn for x in r.by_email] == ["AMB"]
    _print_run(r)
    said = " ".join(capsys.readouterr().out.split())
    assert (
        "1 letter to send by email (not in the print file): AMB_SurnameAMB_ForenameAMB_amber.pdf "
        "to eve.nash@example.org" in said
    )
    assert "to print:" in said and r.combined.name in said.replace(" ", "")
    # a second run prints nothing again, and does not put the emailed letter in a print file
    again = run(tmp_path, reg, contacts=contacts)
    assert again.combined is None and again.by_email == []


def test_a_run_that_writes_only_letters_to_send_by_email_lists_them_in_the_manifest(
    tmp_path, capsys
) -> None:
    from attcli.letters.command import _print_run

    reg = register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]})
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode,Email\n"
        "AMB,Mrs,Eve,Nash,1,Yes,,,,eve.nash@example.org\n"
        "RED,Mr,Dan,Nowak,1,Yes,2 Elm Road,Exampletown,EX1 2AB,\n",
        encoding="utf-8",
    )
    first = run(tmp_path, reg, contacts=contacts, only=["red"])
    assert first.combined is not None and first.by_email == []
    second = run(tmp_path, reg, contacts=contacts)
    assert [(x.upn, x.status) for x in second.new] == [("AMB", "written")]
    assert second.combined is None
    out = tmp_path / "out"
    rows = list(csv.DictReader(io.StringIO((out / MANIFEST).read_text("utf-8-sig"))))
    assert [(x["upn"], x["send_by"]) for x in rows] == [("RED", "post"), ("AMB", "email")]
    _print_run(second)
    said = " ".join(capsys.readouterr().out.split())
    assert "1 letter to send by email (not in the print file)" in said
    assert "nothing new to print" in said


# --------------------------------------------------------------------------- figures compared


def test_an_improvement_is_shown_with_the_decimals_that_tell_the_figures_apart(tmp_path) -> None:
    """Run 3 of the tester's: "It has improved since then, from 91.1% to 91.1%" (51/56 =
    91.071 %, then 133/146 = 91.096 %).  Amber at 51/56 on Wednesday 14 October (day 28),
    amber at 82/90 = 91.111 % on Friday 13 November (day 45): both read 91.1 % to one
    decimal, 91.07 % and 91.11 % to two.  (Improved, by the ladder's judgement of the 4
    weeks after the letter, 14/10 to 10/11 (days 28-42): 27/30 = 90 %, against 35/40 =
    87.5 % over Wed 16 Sep to Tue 13 Oct (days 8-27): 2.5 points; the year's 0.04 points
    is no part of it.)"""
    reg = register(
        {"AMB": "/ " * 9 + "O O /O " + "/ " * 27 + "O /O " + "/ " * 4},
        holidays=AUTUMN_HOLIDAY,
    )
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["AMB"], tmp_path), out_dir=tmp_path / "out")
    oct14, nov13 = dt.date(2026, 10, 14), dt.date(2026, 11, 13)
    one = run_letters([], cfg, as_of=oct14, letter_date=oct14, **kw)
    assert [(x.template, x.attended, x.possible) for x in one.letters] == [("amber", 51, 56)]
    # the period ended improved on Tue 10 Nov, but at 90.0 % over it AMB is still band red
    # (amber is above 90 %), no better than amber: AMB stays at amber, another period
    # running (docs/cases.md step 4, "Improved, but still in the band"), so the amber letter
    # is not held as "left the ladder improved" (it was before sweepC)
    two = run_letters([], cfg, as_of=nov13, letter_date=nov13, **kw)
    assert two.held == []
    assert [(x.template, x.attended, x.possible) for x in two.letters] == [("amber", 82, 90)]
    text = html_text(tmp_path / "out" / two.letters[0].html_file)
    assert "91.11% this school year (up to 13 November 2026), against 91.07% when we" in text
    assert (
        "Thank you: it has improved. In the weeks we monitored after our letter of 14 "
        "October 2026 (to 10 November 2026) it was 90.0%, against 87.5% in the same number of "
        "weeks before it."
    ) in text
    assert "91.1%" in text  # the figures table keeps the one-decimal figure


def test_already_sent_names_the_person_the_letter_went_to(tmp_path, capsys) -> None:
    """ws2 of the tester's: after the priority contact changed in the MIS, a rerun listed
    the letter as "already sent" "to: Mr New Carer", who never got it.  The name is the
    history's: the person it was sent to."""
    from attcli.letters.command import _print_run

    reg = register({"AMB": PUPILS["AMB"]})
    first = run(tmp_path, reg)
    assert [(x.contact.name, x.status) for x in first.letters] == [
        ("Mrs ParentAMB FamilyAMB", "written")
    ]
    capsys.readouterr()
    changed = tmp_path / "b.csv"
    changed.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "AMB,Mr,New,Carer,1,Yes,99 New Road,Oakfield,OK2 2BB\n",
        encoding="utf-8",
    )
    again = run(tmp_path, reg, contacts=changed)
    assert [(x.status, x.sent_to) for x in again.letters] == [
        ("already sent", "Mrs ParentAMB FamilyAMB")
    ]
    _print_run(again)
    said = " ".join(capsys.readouterr().out.split())
    assert "Mrs ParentAMB FamilyAMB" in said and "New Carer" not in said


def test_already_sent_names_each_contact_sharing_the_first_priority(tmp_path, capsys) -> None:
    """letters6 of the tester's: Bilal's two contacts share the first priority, so each got
    the red letter (to Ms Beth Baker, ..._red.pdf; to Mr Basil Khan, ..._red_contact2.pdf),
    and a rerun listed both rows as already sent "to Mr Basil Khan ... _contact2.pdf": every
    contact took the pupil's last record.  Each row is the record of the letter to that
    contact now: its name and its file."""
    from attcli.letters.command import _print_run

    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode\n"
        "RED,Ms,Beth,Baker,1,Yes,1 Elm Road,Oakfield,OK1 1AA\n"
        "RED,Mr,Basil,Khan,1,Yes,9 Ash Road,Oakfield,OK9 9ZZ\n",
        encoding="utf-8",
    )
    reg = register({"RED": PUPILS["RED"]})
    first = run(tmp_path, reg, contacts=contacts)
    sent = [
        ("Ms Beth Baker", "RED_SurnameRED_ForenameRED_red.pdf"),
        ("Mr Basil Khan", "RED_SurnameRED_ForenameRED_red_contact2.pdf"),
    ]
    assert [(x.contact.name, x.file) for x in first.letters] == sent
    capsys.readouterr()
    for dry_run in (True, False):
        again = run(tmp_path, reg, contacts=contacts, dry_run=dry_run)
        assert [(x.status, x.recipient_name, x.file) for x in again.letters] == [
            ("already sent", *s) for s in sent
        ]
    _print_run(again)
    said = capsys.readouterr().out
    assert said.count("Mr Basil Khan") == 1 and said.count("Ms Beth Baker") == 1


def test_a_contact_s_incomplete_address_is_named_as_the_reason(tmp_path) -> None:
    """A contact with parental responsibility and an address line but no postcode was
    reported as "no contact with parental responsibility and a postal address or email",
    which sends the office looking for a missing contact: it says what is missing."""
    reg = register({"AMB": PUPILS["AMB"], "RED": PUPILS["RED"]})
    contacts = tmp_path / "c.csv"
    contacts.write_text(
        "UPN,Contact Title,Contact Forename,Contact Surname,Priority,Parental Responsibility,"
        "Address Line 1,Town,Postcode,Email\n"
        "AMB,Mrs,Jo,Quinn,1,Yes,8 Holly Road,Oakfield,,\n"
        "AMB,Mr,Al,Quinn,2,No,8 Holly Road,Oakfield,OK1 1AA,\n"
        "RED,Ms,Di,Ray,1,Yes,,,OK2 2BB,\n",
        encoding="utf-8",
    )
    r = run(tmp_path, reg, contacts=contacts, dry_run=True)
    assert r.letters == []
    base = "no contact with parental responsibility and a postal address or email"
    assert sorted((u.upn, u.reason) for u in r.no_contact) == [
        ("AMB", f"{base}: Mrs Jo Quinn's address has no postcode"),
        ("RED", f"{base}: Ms Di Ray's address is only a postcode"),
    ]


def test_file_names_spell_letters_that_have_no_accent_to_drop(tmp_path) -> None:
    """"Łucja" became "ucja": NFKD takes the accent off "ó" and "ễ" but Ł, Ø, Đ, ß, Æ, Œ,
    Þ and dotless ı are letters of their own, and were dropped with the other non-ASCII
    characters.  They are spelt in ASCII now; the name stays one safe piece."""
    names = {
        "P1": ("Łucja", "Wójcik-Nguyễn"),
        "P2": ("Søren", "Ødegård"),
        "P3": ("Đức", "Trần"),
        "P4": ("Ægir", "Straße"),
        "P5": ("Þóra", "Œuvray"),
        "P6": ("Yıldız", "Çelik"),
        "P7": ("Ł/../x", "ł\\..\\ł"),
    }
    reg = with_names(register({u: PUPILS["RED"] for u in names}), names)
    r = run(tmp_path, reg, only=["red"], dry_run=True)
    assert sorted(x.file for x in r.letters) == [
        "P1_Wojcik-Nguyen_Lucja_red.pdf",
        "P2_Odegard_Soren_red.pdf",
        "P3_Tran_Duc_red.pdf",
        "P4_Strasse_AEgir_red.pdf",
        "P5_OEuvray_Thora_red.pdf",
        "P6_Celik_Yildiz_red.pdf",
        "P7_l_.._l_L_.._x_red.pdf",
    ]
    for x in r.letters:
        assert re.fullmatch(r"[A-Za-z0-9._-]+", x.file) and Path(x.file).name == x.file


#: The last private-use code point: no font draws it, so a PDF prints it as an empty box.
NO_FONT = "\U0010fffd"


def test_a_letter_with_a_character_no_font_has_is_held_and_accented_latin_is_not(
    tmp_path,
) -> None:
    """A tester's run put letters to pupils named in Bengali and Tamil in the print file,
    the names printed as empty boxes, with no word: only Chinese, Japanese and Korean were
    looked for.  Every character of a letter is looked up in the fonts its PDF is made
    with: a letter with one no font has, in the pupil's name or in the contact's address,
    is held, saying what to add; accented Latin is not held.  --release makes a pupil's,
    --include-held all of them (the PDF shows the boxes: pypdf reads the empty glyph as
    NUL), and the run says so."""
    names = {
        "ACC": ("Zoë Renée", "Łukasiewicz-Straße Ölund"),
        "NAME": (f"Ay{NO_FONT}sha", "Khan"),
        "ADDR": ("Tom", "Ward"),
    }
    reg = with_names(register({u: "/ " * 34 + "O " * 6 for u in names}), names)
    (tmp_path / "c").mkdir()  # (run() writes tmp_path / "contacts.csv")
    contacts = contacts_for(
        ["ACC", "NAME"],
        tmp_path / "c",
        extra=f"ADDR,Mr,Sam,Ward,Father,1,Yes,1 {NO_FONT} Road,,Exampletown,EX1 9AB,,\n",
    )
    r = run(tmp_path, reg, only=["red"], contacts=contacts)
    assert [x.upn for x in r.letters] == ["ACC"]
    assert sorted((h.upn, h.template) for h in r.held) == [("ADDR", "red"), ("NAME", "red")]
    assert {h.reason for h in r.held} == {
        "no font here has some of its characters (U+10FFFD): the PDF would print them as "
        "empty boxes; install a font that has them, or name a folder holding one "
        '([letters] fonts = "FOLDER"); --include-held makes it'
    }
    text = pdf_text(tmp_path / "out" / r.letters[0].file)
    assert "Zoë Renée Łukasiewicz-Straße Ölund" in text and "\x00" not in text
    # --release makes one pupil's (as for any held letter), --include-held all
    r = run(tmp_path, reg, only=["red"], contacts=contacts, release=["NAME"], out="one")
    (made,) = [x for x in r.letters if x.status == "written"]
    assert made.upn == "NAME" and [h.upn for h in r.held] == ["ADDR"]
    assert "\x00" in pdf_text(tmp_path / "one" / made.file)
    assert (
        "1 letter has characters no font here has (U+10FFFD): its PDF prints them as empty "
        "boxes (the HTML shows them); install a font that has them, or name a folder holding "
        'one ([letters] fonts = "FOLDER")'
    ) in r.notes
    r = run(tmp_path, reg, only=["red"], contacts=contacts, include_held=True, out="all")
    (made,) = [x for x in r.letters if x.status == "written"]
    assert made.upn == "ADDR" and r.held == []
    assert "\x00" in pdf_text(tmp_path / "all" / made.file)


def test_a_name_in_chinese_is_printed_with_the_config_font_folder(tmp_path) -> None:
    """The config's font folder (tests/data/letters/fonts: 华小明李王陈) is asked too: a
    letter naming 王小明 is made, the name printed."""
    names = {"ZH": ("小明", "王")}
    reg = with_names(register({u: "/ " * 34 + "O " * 6 for u in names}), names)
    r = run(tmp_path, reg, only=["red"])
    assert [x.upn for x in r.letters] == ["ZH"] and r.held == []
    text = pdf_text(tmp_path / "out" / r.letters[0].file)
    assert "小明 王" in text and "\x00" not in text


# ------------------------------------------------------------------ pupils who have left


def test_a_pupil_who_has_left_gets_no_letter_whatever_the_as_of_date(tmp_path) -> None:
    """A tester's office ran `letters --as-of` a date weeks back and got a red letter,
    dated today and inviting the family to a meeting, for a pupil who had left since (the
    export showed it: his marks stop).  A letter goes out dated today: a pupil whose time
    on roll ended before the data's last day gets none, whatever --as-of, and the run
    names them with the day they left.

    40 school days from Mon 7 Sep 2026 (to Fri 30 Oct).  LEFT's rows stop after day 20
    (Fri 2 Oct); as of day 15 (Fri 25 Sep) he was on roll at 24/30 = 80 %: red.  STAY is
    present all 15 days then (30/30): no letter."""
    reg = register({"STAY": "/ " * 36 + "R R O /O", "LEFT": "/ " * 12 + "O " * 3 + "/ " * 5})
    back = run(tmp_path, reg, as_of=dt.date(2026, 9, 25), dry_run=True)
    assert [(x.upn, x.template) for x in back.letters] == []
    assert (
        "1 pupil no longer on roll: no letters: ForenameLEFT SurnameLEFT (LEFT), left 02/10/2026"
        in back.notes
    )
    # as of the data's last day, as before: STAY's amber letter, LEFT named as having left
    now = run(tmp_path, reg, dry_run=True)
    assert [(x.upn, x.template) for x in now.letters] == [("STAY", "amber")]
    assert (
        "1 pupil no longer on roll: no letters: ForenameLEFT SurnameLEFT (LEFT), left 02/10/2026"
        in now.notes
    )


def test_a_pupil_a_pupil_list_says_has_left_by_the_letters_date_gets_no_letter(tmp_path) -> None:
    """The register's last day is Fri 30 Oct 2026 and the letters are dated Mon 2 Nov.  The
    pupil list says GONE left on Sat 31 Oct (after the data's last day, before the letters'
    date) and LATER leaves on 20 Nov: GONE gets no letter, LATER still does.  Both are red:
    60/80 = 75 %."""
    from attcli.loaders import read_pupil_list
    from builders import write_long_csv

    reg = register({"GONE": "/ " * 30 + "O " * 10, "LATER": "/ " * 30 + "O " * 10})
    export = write_long_csv(reg, tmp_path / "register.csv")
    listed = tmp_path / "pupils.csv"
    listed.write_text(
        "UPN,Leaving Date\nGONE,31/10/2026\nLATER,20/11/2026\n", encoding="utf-8"
    )
    r = run_letters(
        [export],
        make_config(tmp_path),
        contacts=contacts_for(["GONE", "LATER"], tmp_path),
        out_dir=tmp_path / "out",
        letter_date=dt.date(2026, 11, 2),
        pupils=read_pupil_list(listed),
        only=["red"],
        dry_run=True,
    )
    assert [(x.upn, x.template) for x in r.letters] == [("LATER", "red")]
    assert (
        "1 pupil no longer on roll: no letters: ForenameGONE SurnameGONE (GONE), left 31/10/2026"
        in r.notes
    )


# ------------------------------------------------------ repeat penalty-notice warnings

# 45 school days from Mon 7 Sep 2026 (AUTUMN_HALF_TERMS): days 26-30 are Mon 12 to Fri 16
# Oct, day 32 Tue 20 Oct, days 36-45 Mon 2 to Fri 13 Nov (Autumn 2)
WARNED = {
    # 10 unauthorised sessions 12-16 Oct, none after: the window to 13 Nov still holds them
    "PNA": "/ " * 25 + "O " * 5 + "/ " * 15,
    # the same, and one more on Tue 20 Oct PM: after the first warning's figures (to Fri 16
    # Oct), before its date (Fri 23 Oct)
    "PNC": "/ " * 25 + "O " * 5 + "/ /O " + "/ " * 13,
}


def test_a_penalty_notice_warning_is_repeated_only_for_unauthorised_absence_since_the_last(
    tmp_path,
) -> None:
    """A tester's Spring 2 run warned two families again about the same sessions (the
    rolling 10-week window still held them; both had full attendance since), and the
    letter did not say it was a second warning.  A repeat warning goes only when the
    window holds an unauthorised session after the figures date of the last warning; it
    says which warning it follows.  PNA: none since, listed "already warned"; PNC: 20 Oct,
    after the first warning's figures (16 Oct) though before its date (23 Oct): warned."""
    reg = register(WARNED, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(sorted(WARNED), tmp_path), only=["pn"])
    one = run_letters([], cfg, out_dir=tmp_path / "a1", as_of=dt.date(2026, 10, 16),
                      letter_date=dt.date(2026, 10, 23), **kw)  # fmt: skip
    assert sorted((x.upn, x.stage, x.status) for x in one.letters) == [
        ("PNA", 1, "written"),
        ("PNC", 1, "written"),
    ]
    first = html_text(tmp_path / "a1" / one.letters[0].html_file)
    assert "a further warning" not in first and "earlier warning" not in first
    two = run_letters([], cfg, out_dir=tmp_path / "a2", letter_date=dt.date(2026, 11, 16), **kw)
    assert two.half_term.name == "Autumn 2"
    assert [(x.upn, x.template, x.stage, x.status) for x in two.letters] == [
        ("PNC", "penalty_notice_warning", 2, "written")
    ]
    assert [(u.upn, u.template, u.reason) for u in two.warned] == [
        ("PNA", "penalty_notice_warning",
         "already warned on 23/10/2026; no unauthorised absence since"),
    ]  # fmt: skip
    again = html_text(tmp_path / "a2" / two.letters[0].html_file)
    assert "unauthorised absence and penalty notices, a further warning" in again
    assert "This letter follows our warning of 23 October 2026" in again


def test_a_penalty_notice_warning_quotes_the_notice_the_parent_would_be_issued_next(
    tmp_path,
) -> None:
    """A tester's warning quoted the first notice's GBP 80 to a parent with a notice on
    record, whose next would be a second, GBP 160 (DOMAIN.md 5).  The warning quotes the
    next notice to the parent it is addressed to, by contact id: SEC's mother (C1) has one
    notice on record (20/01/2026): a second, £160; his father (C2) none: a first, £80 (each
    copy its own, recipients = "all"); THI's mother (C3) has two within three years: no
    further notice, no amount, other action.  Each pupil has 10 unauthorised sessions."""
    from attcli.store import Parent

    reg = register({"SEC": "/ " * 35 + "O " * 5, "THI": "/ " * 35 + "O " * 5})
    contacts = tmp_path / "contacts-with-ids.csv"  # (run() writes contacts.csv)
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "SEC,C1,Mrs,Ann,Second,1,Yes,1 Elm Road,Exampletown,EX1 1AB\n"
        "SEC,C2,Mr,Bob,Second,2,Yes,1 Elm Road,Exampletown,EX1 1AB\n"
        "THI,C3,Mrs,Cat,Third,1,Yes,3 Elm Road,Exampletown,EX1 3AB\n",
        encoding="utf-8",
    )
    with History(tmp_path / "history.sqlite3", write=True) as store:
        store.record_notice("SEC", Parent("id:C1", "Mrs Ann Second"), dt.date(2026, 1, 20))
        store.record_notice("THI", Parent("id:C3", "Mrs Cat Third"), dt.date(2025, 3, 2))
        store.record_notice("THI", Parent("id:C3", "Mrs Cat Third"), dt.date(2026, 2, 9))
    r = run(tmp_path, reg, extra='recipients = "all"', contacts=contacts, only=["pn"])
    texts = {x.contact.contact_id: html_text(tmp_path / "out" / x.html_file) for x in r.letters}
    assert sorted(texts) == ["C1", "C2", "C3"]
    assert "a second penalty notice, of £160" in texts["C1"] and "£80" not in texts["C1"]
    assert "£80 if paid within 21 days, rising to £160 if paid within 28 days" in texts["C2"]
    assert "second penalty notice" not in texts["C2"]
    assert "£" not in texts["C3"]
    assert "would not be dealt with by a penalty notice" in texts["C3"]


def test_no_letter_to_a_parent_with_two_notices_says_a_penalty_notice_may_follow(
    tmp_path,
) -> None:
    """pn5: the warning to a parent with two notices within three years said "further
    unauthorised absence would not be dealt with by a penalty notice", then closed "Any
    further unauthorised absence may lead to a penalty notice or a notice to improve
    without further warning" (DOMAIN.md 5: no third notice; alternative action).  The
    closing, and the red letter's next steps, follow the next notice to the addressee.
    THI's mother (C3): notices 02/03/2025 and 09/02/2026, both within three years of the
    letter (02/11/2026); his father (C4): none."""
    from attcli.store import Parent

    reg = register({"THI": "/ " * 35 + "O " * 5})
    contacts = tmp_path / "contacts-with-ids.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "THI,C3,Mrs,Cat,Third,1,Yes,3 Elm Road,Exampletown,EX1 3AB\n"
        "THI,C4,Mr,Dan,Third,2,Yes,3 Elm Road,Exampletown,EX1 3AB\n",
        encoding="utf-8",
    )
    with History(tmp_path / "history.sqlite3", write=True) as store:
        store.record_notice("THI", Parent("id:C3", "Mrs Cat Third"), dt.date(2025, 3, 2))
        store.record_notice("THI", Parent("id:C3", "Mrs Cat Third"), dt.date(2026, 2, 9))
    r = run(tmp_path, reg, extra='recipients = "all"', contacts=contacts, only=["pn"])
    texts = {x.contact.contact_id: html_text(tmp_path / "out" / x.html_file) for x in r.letters}
    mother, father = texts["C3"], texts["C4"]
    assert "would not be dealt with by a penalty notice" in mother
    assert "may lead to a penalty notice" not in mother and "notice to improve" not in mother
    assert (
        "Any further unauthorised absence may lead to Example Borough Council taking other "
        "action, which may include prosecution, without further warning."
    ) in mother
    assert (
        "Any further unauthorised absence may lead to a penalty notice or a notice to "
        "improve without further warning."
    ) in father


def test_a_red_letter_to_a_parent_with_two_notices_offers_no_penalty_notice(tmp_path) -> None:
    """pn5 (every template checked for the warning's contradiction): the red letter's next
    steps after a further letter said they "can include a parenting contract, a notice to
    improve or a penalty notice", also to a parent with two notices within three years,
    to whom no third can be issued.  RED misses every fifth day (O): 56/70 = 80.0 % on
    23 Oct, 112/140 = 80.0 % on 18 Dec, red both times and not improved: the second letter
    asks for the formal meeting.  Mother (C5): notices 02/03/2025 and 09/02/2026, both
    within three years of 18/12/2026; father (C6): none."""
    from attcli.store import Parent

    reg = register({"RED": ("/ " * 4 + "O ") * 14}, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra='recipients = "all"')
        + AUTUMN_HALF_TERMS
    )
    contacts = tmp_path / "contacts-with-ids.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "RED,C5,Mrs,Eve,Red,1,Yes,5 Elm Road,Exampletown,EX1 5AB\n"
        "RED,C6,Mr,Fin,Red,2,Yes,5 Elm Road,Exampletown,EX1 5AB\n",
        encoding="utf-8",
    )
    with History(tmp_path / "history.sqlite3", write=True) as store:
        store.record_notice("RED", Parent("id:C5", "Mrs Eve Red"), dt.date(2025, 3, 2))
        store.record_notice("RED", Parent("id:C5", "Mrs Eve Red"), dt.date(2026, 2, 9))
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"], contacts=contacts)
    oct23, dec18 = dt.date(2026, 10, 23), dt.date(2026, 12, 18)
    run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    r = run_letters([], cfg, as_of=dec18, letter_date=dec18, **kw)
    texts = {x.contact.contact_id: html_text(tmp_path / "out" / x.html_file) for x in r.letters}
    mother, father = texts["C5"], texts["C6"]
    assert "has not improved enough" in mother
    assert "formal attendance meeting" in mother and "formal attendance meeting" in father
    assert "a notice to improve or a penalty notice" in father
    assert "penalty notice" not in mother and "notice to improve" not in mother
    assert "which can include a parenting contract or prosecution." in mother


# ------------------------------------------------------------ a third band letter and on

# 75 school days from Mon 7 Sep 2026: 35 in Autumn 1 (6 sessions missed: 64/70 = 91.43 %),
# 35 in Autumn 2 (7 more: 127/140 = 90.71 %), 5 in Spring 1 from Mon 4 Jan 2027 (1 more:
# 136/150 = 90.67 %): amber each time (above 90, below 92), never higher than before
THIRD = {"AMB": "/ " * 32 + "O O O " + "/ " * 31 + "O O O /O " + "/ " * 4 + "/O"}
WINTER = [dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)]
THREE_HALF_TERMS = AUTUMN_HALF_TERMS + """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
"""


def test_a_third_letter_at_a_band_does_not_call_itself_the_second(tmp_path) -> None:
    """A tester's third amber letter was headed "attendance, a second letter" and said "As
    this is our second letter, we would like to meet you" (the family had been invited to a
    meeting in December).  From the third letter on, the letter says "a further letter" and
    names the dates of the letters before it."""
    reg = register(THIRD, holidays=AUTUMN_HOLIDAY + WINTER)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + THREE_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["AMB"], tmp_path), out_dir=tmp_path / "out",
              only=["amber"])  # fmt: skip
    for as_of in (dt.date(2026, 10, 23), dt.date(2026, 12, 18)):
        run_letters([], cfg, as_of=as_of, letter_date=as_of, **kw)
    three = run_letters([], cfg, letter_date=dt.date(2027, 1, 8), **kw)
    assert [(x.template, x.stage, x.attended, x.possible) for x in three.letters] == [
        ("amber", 3, 136, 150)
    ]
    text = html_text(tmp_path / "out" / three.letters[0].html_file)
    assert "attendance, a further letter" in text
    assert "second" not in text
    assert (
        "We wrote to you about ForenameAMB's attendance on 23 October 2026 and 18 December 2026"
        in text
    )


def test_a_repeat_warning_names_the_figures_date_and_the_sessions_since_it(tmp_path) -> None:
    """review6/pnw: the Spring 2 warning said "This letter follows our earlier warning of 22
    February 2027: since then Bella has had more unauthorised absence" when her one new
    session (10/02) was before 22/02 and after the first warning's figures (05/02); she had
    none since 22/02.  The repeat is right (the figures date decides), the wording was not.
    PNC (WARNED): the first warning dated Fri 23 Oct 2026 gave figures to Fri 16 Oct; the
    one session since is Tue 20 Oct PM, before the letter date."""
    reg = register(WARNED, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["PNC"], tmp_path), only=["pn"])
    run_letters([], cfg, out_dir=tmp_path / "a1", as_of=dt.date(2026, 10, 16),
                letter_date=dt.date(2026, 10, 23), **kw)  # fmt: skip
    two = run_letters([], cfg, out_dir=tmp_path / "a2", letter_date=dt.date(2026, 11, 16), **kw)
    assert [(x.upn, x.stage) for x in two.letters] == [("PNC", 2)]
    text = html_text(tmp_path / "a2" / two.letters[0].html_file)
    assert (
        "This letter follows our warning of 23 October 2026, which gave ForenamePNC's "
        "attendance up to 16 October 2026; since 16 October 2026 ForenamePNC has had 1 more "
        "session of unauthorised absence (20 October 2026)."
    ) in text
    assert "since then" not in text


# 75 school days from Mon 7 Sep 2026: 35 in Autumn 1 (to Fri 23 Oct), 35 in Autumn 2 (2 Nov
# to Fri 18 Dec), 5 in Spring 1 (Mon 4 to Fri 8 Jan 2027).  7 days O in each autumn half
# term: 56/70 = 80.0 % on 23 Oct, 112/140 = 80.0 % on 18 Dec (red; letters on those days).
ON_A_LADDER = {
    # one more O on Fri 8 Jan: 121/150 = 80.67 %, 0.67 points up the year since 18 Dec
    "RISE": "/ " * 28 + "O " * 7 + "/ " * 28 + "O " * 7 + "/ " * 4 + "/O",
    # none more: 122/150 = 81.33 %, 1.33 points up the year (improved, by the year's figure
    # the letters once judged).  The ladder's red period after the letter of 18 Dec runs
    # to 14 Jan: on 8 Jan it has no judgement of either, so neither letter makes one
    "UP": "/ " * 28 + "O " * 7 + "/ " * 28 + "O " * 7 + "/ " * 5,
    # as RISE, with no letter in December (no contact then): its last red letter is two
    # half terms back, 23 Oct at 80.0 %; the period after it, 23 Oct to 19 Nov (days 35-49),
    # 28/30 = 93.33 %, against 28/40 = 70 % over 25 Sep to 22 Oct (days 15-34): improved
    # (92 % or better over the period), the pupil off the ladder from 19 Nov; but since
    # then (days 50-75) 37/52 = 71.15 %, band red: on 8 Jan the ladder has the red letter
    # due again, and the letter gives the figures without a verdict (letters6).  Spring 1
    # so far (days 71-75): 9/10 = 90.0 %
    "TWO": "/ " * 28 + "O " * 7 + "/ " * 28 + "O " * 7 + "/ " * 4 + "/O",
}


def test_a_letter_says_improved_only_by_the_ladder_s_rule_and_dates_the_earlier_letters(
    tmp_path,
) -> None:
    """review6/ladder: a third red letter said "It has improved since then, from 79.5% to
    79.6% ... we are glad to see it" and "I wrote to you last half term" (no "further
    letter", no earlier dates) while `cases` said not improved.  "Improved" is now the
    ladder's judgement of the period since the last letter (docs/cases.md step 3; review7),
    a period not judged yet has the figures said plainly, letter 3+ is "a further letter"
    naming the earlier dates in every branch, and the last letter is named by its date,
    not "last half term"."""
    reg = register(ON_A_LADDER, holidays=AUTUMN_HOLIDAY + WINTER)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + THREE_HALF_TERMS
    )
    everyone = contacts_for(sorted(ON_A_LADDER), tmp_path)
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"])
    oct23, dec18, jan8 = dt.date(2026, 10, 23), dt.date(2026, 12, 18), dt.date(2027, 1, 8)
    run_letters([], cfg, as_of=oct23, letter_date=oct23, contacts=everyone, **kw)
    (tmp_path / "dec").mkdir()
    some = contacts_for(["RISE", "UP"], tmp_path / "dec")
    run_letters([], cfg, as_of=dec18, letter_date=dec18, contacts=some, **kw)
    three = run_letters([], cfg, letter_date=jan8, contacts=everyone, **kw)
    got = {x.upn: x for x in three.letters}
    assert sorted((u, x.stage, x.attended, x.possible) for u, x in got.items()) == [
        ("RISE", 3, 121, 150),
        ("TWO", 2, 121, 150),
        ("UP", 3, 122, 150),
    ]
    rise, up, two = (html_text(tmp_path / "out" / got[u].html_file) for u in ("RISE", "UP", "TWO"))
    for text in (rise, up, two):
        assert "persistent absence, a further letter" in text
        assert "last half term" not in text
    assert (
        "I wrote to you about ForenameRISE's attendance on 23 October 2026 and 18 December "
        "2026. It was 80.0% for the school year when I last wrote and is 80.7% now (up to 8 "
        "January 2027): "
        "ForenameRISE has missed 29 sessions"
    ) in rise
    assert (
        "I wrote to you about ForenameUP's attendance on 23 October 2026 and 18 December "
        "2026. It was 80.0% for the school year when I last wrote and is 81.3% now (up to 8 "
        "January 2027): "
        "ForenameUP has missed 28 sessions"
    ) in up
    for text in (rise, up):  # not judged: the repeat letter's next steps (review8 halfterm)
        assert "glad" not in text and "improved" not in text
        assert "as this is a further letter, you are asked to attend a formal" in text
    assert (
        "I wrote to you about ForenameTWO's attendance on 23 October 2026. It was 80.0% for "
        "the school year when I last wrote and is 80.7% now (up to 8 January 2027): ForenameTWO has missed 29 "
        "sessions (14½ days) of school, which is 72 lessons, and remains persistently absent "
        "(absence of 10% or more). Attendance this half term is 90.0%."
    ) in two
    assert "glad" not in two and "improved" not in two


# 70 school days from Mon 7 Sep 2026 (AUTUMN_HOLIDAY 26-30 Oct): day 15 is Fri 25 Sep, day
# 34 Thu 22 Oct, day 35 Fri 23 Oct (the first red letter), day 36 Mon 2 Nov, day 49 Thu 19
# Nov, day 70 Fri 18 Dec (the second).  The default ladder's red stage: 4 weeks from the
# letter, 23/10 to 19/11 (days 35-49, 30 sessions), against the 4 weeks before it, 25/09
# to 22/10 (days 15-34, 40 sessions); improved at 1 point better, or 92 % over the period.
PERIOD_JUDGED = {
    # review7 "Late, Recovery": 17/28 on days 1-14, then one session missed every fifth day
    # from day 15 (15, 20, ... 70): 36/40 = 90 % before, 27/30 = 90 % over the period: not
    # improved.  Year to date 54/70 = 77.14 % on 23/10, 117/140 = 83.57 % on 18/12: 6.4
    # points up the year, which is all the first weeks' 60 % diluted
    "LATE": "O " * 5 + "/O " + "/ " * 8
    + " ".join("/O" if (d - 15) % 5 == 0 else "/" for d in range(15, 71)),
    # before 33/40 = 82.5 %, over the period 26/30 = 86.67 % (4.17 points up): improved;
    # year to date 56/70 = 80.0 % on 23/10 and 113/140 = 80.71 % on 18/12 (0.71 up)
    "GAIN": "O " * 3 + "/O " + "/ " * 10  # days 1-14: 21/28
    + "O " * 3 + "/O " + "/ " * 16  # days 15-34: 33/40
    + "/ "  # day 35: 2/2
    + "O O " + "/ " * 12  # days 36-49: 24/28
    + "O " * 4 + "/O " + "/ " * 16,  # days 50-70: 33/42
}


@pytest.fixture(scope="module")
def period_letters(tmp_path_factory):
    """The two red letters' HTML (23 October, 18 December) of PERIOD_JUDGED's pupils, made
    once for the tests that read them (the runs are the same for each).  Made as in a test:
    the conftest's user folder, "today" and font cache (its fixtures are per test)."""
    tmp_path = tmp_path_factory.mktemp("period-letters")
    with as_in_a_test(tmp_path), pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
        return _period_letters(tmp_path)


def _period_letters(tmp_path):
    reg = register(PERIOD_JUDGED, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"],
              contacts=contacts_for(sorted(PERIOD_JUDGED), tmp_path))  # fmt: skip
    oct23, dec18 = dt.date(2026, 10, 23), dt.date(2026, 12, 18)
    one = run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    assert sorted((x.upn, x.attended, x.possible) for x in one.letters) == [
        ("GAIN", 56, 70), ("LATE", 54, 70)
    ]  # fmt: skip
    two = run_letters([], cfg, as_of=dec18, letter_date=dec18, **kw)
    got = {x.upn: x for x in two.letters}
    assert sorted((u, x.stage, x.attended, x.possible) for u, x in got.items()) == [
        ("GAIN", 2, 113, 140), ("LATE", 2, 117, 140)
    ]  # fmt: skip
    return {u: html_text(tmp_path / "out" / x.html_file) for u, x in got.items()}


def test_a_letter_judges_the_ladder_s_period_not_the_year_to_date(period_letters) -> None:
    """review7 ladder3: "Late, Recovery", 60 % to 25/09 then exactly 90 % in every 4-week
    period, got a red letter on 21/12 saying "It has improved since then, from 78.9% to
    84.2% ... and we are glad to see it" (the year's figure, the early weeks diluted) while
    `cases` that week said red -> la_referral: the period after the letter was not
    improved on the one before it.  The letter now says the ladder's judgement of the
    period since the last letter at the band, with its figures; the year's are given
    plainly."""
    late = period_letters["LATE"]
    assert (
        "I wrote to you about ForenameLATE's attendance on 23 October 2026. It has not "
        "improved enough: in the weeks we monitored after my letter of 23 October 2026 "
        "(to 19 November 2026) it was 90.0%, against 90.0% in the same number of weeks "
        "before it. For the school year so far it was 77.1% when I last wrote and is 83.6% "
        "now"
    ) in late
    assert "glad" not in late and "has improved" not in late
    assert "formal attendance meeting" in late


def test_a_period_better_by_the_ladder_s_rule_is_not_called_not_improved_by_the_year(
    period_letters,
) -> None:
    """The other way round (review7): 4.17 points better over the period after the letter
    (82.5 % to 86.67 %), 0.71 points up the year: `cases` judges it improved, the letter
    said "It has not improved enough" and asked for a formal meeting.  The period ended
    improved on 19/11 and GAIN left the ladder; since then (days 50-70) 33/42 = 78.57 %,
    band red, so on 18/12 the ladder has the red letter due again: the letter says
    neither, it gives the figures (letters6, tests/test_letters_verdict.py).  27 sessions
    missed (12 whole days and 3 afternoons: 12 x 5 + 3 x 2 = 66 lessons); Autumn 2 (days
    36-70) 57/70 = 81.43 %."""
    gain = period_letters["GAIN"]
    assert (
        "I wrote to you about ForenameGAIN's attendance on 23 October 2026. It was 80.0% for "
        "the school year when I last wrote and is 80.7% now (up to 18 December 2026): ForenameGAIN has missed 27 "
        "sessions (13½ days) of school, which is 66 lessons, and remains persistently absent "
        "(absence of 10% or more). Attendance this half term is 81.4%."
    ) in gain
    assert "improved" not in gain and "glad" not in gain


# Rosa Reid (spring4): amber letters in Autumn 1 and Autumn 2, then a red one in Autumn 2,
# then amber again in Spring 1, letter 3 at amber whose last band letter was red.  From Mon
# 7 Sep 2026: 64/70 = 91.43 % on Fri 23 Oct (day 35, amber), 82/90 = 91.11 % on Fri 13 Nov
# (day 45, amber), 108/120 = 90.0 % on Fri 4 Dec (day 60, red: amber is above 90), 137/150
# = 91.33 % on Fri 8 Jan 2027 (day 75, amber)
BACK_TO_AMBER = {
    "ROS": "O O O " + "/ " * 32 + "O " + "/ " * 9 + "O O " + "/ " * 13 + "/O " + "/ " * 14
}


def test_a_third_letter_names_the_earlier_letters_when_the_last_was_at_another_band(
    tmp_path,
) -> None:
    """spring4 Reid, Rosa: her amber letter 3 in Spring 2 was headed "a further letter" but
    its body read as a first letter ("We are writing to let you know how Rosa's attendance
    is going") and never mentioned the earlier ones (her last band letter was red, so
    neither the improved nor the not-improved wording).  Every branch now names them, the
    red letter between them too (sweep lettertext: every band letter of the year)."""
    reg = register(BACK_TO_AMBER, holidays=AUTUMN_HOLIDAY + WINTER)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + THREE_HALF_TERMS
    )
    kw = dict(register=reg, contacts=contacts_for(["ROS"], tmp_path), out_dir=tmp_path / "out",
              only=["amber", "red"])  # fmt: skip
    for day in (dt.date(2026, 10, 23), dt.date(2026, 11, 13), dt.date(2026, 12, 4)):
        done = run_letters([], cfg, as_of=day, letter_date=day, **kw)
        assert [x.template for x in done.letters if x.status == "written"] == [
            "red" if day.month == 12 else "amber"
        ]
    # (the red period 4 - 31 Dec ended improved: ROS left the ladder, and the amber letter
    # that would put her on it again is held for review until a person releases it)
    held = run_letters([], cfg, letter_date=dt.date(2027, 1, 8), dry_run=True, **kw)
    assert [u.upn for u in held.held] == ["ROS"]
    assert held.held[0].reason.startswith("left the ladder improved on 31/12/2026; since then")
    three = run_letters([], cfg, letter_date=dt.date(2027, 1, 8), release=["ROS"], **kw)
    assert [(x.template, x.stage, x.attended, x.possible) for x in three.letters] == [
        ("amber", 3, 137, 150)
    ]
    text = html_text(tmp_path / "out" / three.letters[0].html_file)
    assert "attendance, a further letter" in text
    assert (
        "We wrote to you about ForenameROS's attendance on 23 October 2026, 13 November "
        "2026 and 4 December 2026. We are writing again to let you know how it is going"
    ) in text
    assert "We are writing to let you know" not in text


FRIDAYS = "/ / / / O "  # a school week absent on the Friday: 8/10 = 80 %


def _half_term_letters(tmp_path, pupils, half_terms, runs):
    """run_letters (red only) with the half-term ladder at each (as_of, letter_date) of
    ``runs``; the last run's letters by upn, with their text."""
    reg = register(pupils, holidays=AUTUMN_HOLIDAY + WINTER)
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + half_terms + HALF_TERM_LADDER
    )
    kw = dict(register=reg, out_dir=tmp_path / "out", only=["red"],
              contacts=contacts_for(sorted(pupils), tmp_path))  # fmt: skip
    for as_of, letter_date in runs:
        done = run_letters([], cfg, as_of=as_of, letter_date=letter_date, **kw)
    return {
        x.upn: (x, html_text(tmp_path / "out" / x.html_file))
        for x in done.letters
        if x.status == "written"
    }


def test_a_letter_before_the_half_term_s_period_ends_judges_the_period_so_far(
    tmp_path,
) -> None:
    """review8 halfterm run3: on a ladder that monitors by half terms, letters sent in the
    last week of each half term always come before the period begun by the last one ends,
    so every letter was unjudged: a pupil absent every Friday got five red letters, none
    saying "not improved enough" or asking for the formal meeting.  The period so far is
    judged once it holds 30 possible sessions (three school weeks).

    From Mon 7 Sep 2026, absent every Friday (days 5, 10, ...).  Letter 1 on Wed 21 Oct
    (day 33): the period, Autumn 2, ends Fri 18 Dec (59 days from 21/10).  Letter 2 on Wed
    16 Dec (day 68).  So far, 21/10 to 16/12 = days 33-68, 36 days, 7 Fridays: 58/72 =
    80.56 %; before, as judge_period takes it (the 59 days before 21/10: 23/08 to 20/10 =
    days 1-32, 6 Fridays): 52/64 = 81.25 %; 80.56 < 81.25 + 1 and < 95: not improved.
    Year: 54/66 = 81.82 % on 21/10, 110/136 = 80.88 % on 16/12."""
    oct21, dec16 = dt.date(2026, 10, 21), dt.date(2026, 12, 16)
    got = _half_term_letters(
        tmp_path, {"FRI": FRIDAYS * 13 + "/ / /"}, AUTUMN_HALF_TERMS,
        [(oct21, oct21), (dec16, dec16)],
    )  # fmt: skip
    letter, text = got["FRI"]
    assert (letter.stage, letter.attended, letter.possible) == (2, 110, 136)
    assert (
        "I wrote to you about ForenameFRI's attendance on 21 October 2026. Since my letter "
        "of 21 October 2026, attendance has been 80.6% (against 81.3% before it): "
        "it has not improved enough. For the school year so far it was 81.8% when I last "
        "wrote and is 80.9% now (up to 16 December 2026)."
    ) in text
    assert "formal attendance meeting" in text
    assert "we will invite you to an attendance meeting" not in text


def test_a_period_whose_end_the_half_terms_listed_do_not_reach_is_judged_so_far(
    tmp_path,
) -> None:
    """review8 halfterm run.sh: Summer 1 letters sent on 08/06 (Summer 2 started 07/06), then
    the Summer 2 run refused: "stage 'amber' monitors for 1 half term(s) from 2027-06-08,
    but the half terms listed do not reach that far" (judge_period -> period_end).  Letters
    judge the period so far instead, against the same length of time before the letter.

    Autumn 1 and 2 listed only.  Letter 1 (Autumn 1's, as of Fri 23 Oct, day 35) sent on
    Tue 3 Nov, the second day of Autumn 2: its period (the next half term starting on or
    after it, Spring 1) is not listed.  (Sent on Mon 2 Nov, the first day of Autumn 2, its
    period is Autumn 2 itself, ended and judged on 18 Dec: the sweep of 4 December, ladder3.)
    Letter 2 as of Fri 18 Dec (day 70).  So far: 3/11 to 18/12, days 37-70, 46 days;
    before, the 46 days before 3/11: 18/09 to 02/11, days 10-36 (27 days, Fridays 10-35: 6):
    42/54 = 77.78 %.  FRI, absent every Friday: 54/68 = 79.41 %, 1.63 points up: improved.
    WORSE, absent Thursdays too from day 36: days 37-70 40/68 = 58.82 %: not improved; year
    56/70 = 80.0 % on 23/10, 98/140 = 70.0 % on 18/12."""
    pupils = {
        "FRI": FRIDAYS * 14,
        "WORSE": FRIDAYS * 7 + "/ / / O O " * 7,
    }
    got = _half_term_letters(
        tmp_path, pupils, AUTUMN_HALF_TERMS,
        [(dt.date(2026, 10, 23), dt.date(2026, 11, 3)), (dt.date(2026, 12, 18),) * 2],
    )  # fmt: skip
    fri, worse = got["FRI"][1], got["WORSE"][1]
    assert (got["WORSE"][0].attended, got["WORSE"][0].possible) == (98, 140)
    assert (
        "I wrote to you about ForenameFRI's attendance on 3 November 2026. It has improved: "
        "since my letter of 3 November 2026, attendance has been 79.4% (against 77.8% "
        "before it), and we are glad to see it."
    ) in fri
    assert "formal attendance meeting" not in fri
    assert (
        "I wrote to you about ForenameWORSE's attendance on 3 November 2026. Since my letter "
        "of 3 November 2026, attendance has been 58.8% (against 77.8% before it): "
        "it has not improved enough. For the school year so far it was 80.0% when I last "
        "wrote and is 70.0% now (up to 18 December 2026)."
    ) in worse
    assert "formal attendance meeting" in worse


def test_a_second_letter_too_soon_to_judge_gives_the_figures_and_the_repeat_next_steps(
    tmp_path,
) -> None:
    """A second red letter 6 school days after the first (Fri 23 Oct, day 35, then Fri 6
    Nov, day 40): the period so far (days 35-40, 12 possible sessions) is under three
    school weeks (30): no judgement, the figures plainly (year 56/70 = 80.0 % then, 64/80 =
    80.0 % now), and the repeat letter's next steps (the formal meeting), never the first
    letter's (review8: five "letter 5"s each with the first letter's next steps)."""
    oct23, nov6 = dt.date(2026, 10, 23), dt.date(2026, 11, 6)
    got = _half_term_letters(
        tmp_path, {"FRI": FRIDAYS * 14}, AUTUMN_HALF_TERMS, [(oct23, oct23), (nov6, nov6)]
    )
    letter, text = got["FRI"]
    assert (letter.stage, letter.attended, letter.possible) == (2, 64, 80)
    assert (
        "I wrote to you about ForenameFRI's attendance on 23 October 2026. It was 80.0% for "
        "the school year when I last wrote and is 80.0% now"
    ) in text
    assert "improved" not in text
    assert "formal attendance meeting" in text
    assert "we will invite you to an attendance meeting" not in text


def test_a_letter_inside_the_period_moves_nothing_the_next_judges_the_period_it_was_in(
    tmp_path,
) -> None:
    """review8: `cases` now lets a letter sent while its stage's period runs move nothing
    (docs/cases.md step 7), so on a ladder that monitors by half terms the period began at
    the earlier letter; the letters judged from the last letter instead, another window
    than the one `cases` judged.  The period running began at the letter after the last
    period ended (attcli.ladder.period_start).

    FRI, absent every Friday from Mon 7 Sep 2026 to Fri 12 Feb 2027 (20 school weeks).  Red
    letters on Wed 21 Oct (period: Autumn 2, to Fri 18 Dec) and Wed 16 Dec (inside it:
    moves nothing); the third, on Fri 12 Feb, judges 21/10 to 18/12: days 33-70, 38 days,
    8 Fridays: 60/76 = 78.95 %, against the 59 days before 21/10 (days 1-32, 6 Fridays):
    52/64 = 81.25 %; 78.95 < 82.25 and < 95: not improved.  (From the 16 Dec letter it
    would have judged 16/12 to 12/02.)"""
    got = _half_term_letters(
        tmp_path, {"FRI": FRIDAYS * 20}, THREE_HALF_TERMS,
        [(dt.date(2026, 10, 21),) * 2, (dt.date(2026, 12, 16),) * 2,
         (dt.date(2027, 2, 12),) * 2],
    )  # fmt: skip
    letter, text = got["FRI"]
    assert letter.stage == 3
    assert "on 21 October 2026 and 16 December 2026" in text
    assert (
        "It has not improved enough: in the weeks we monitored after my letter of 21 "
        "October 2026 (to 18 December 2026) it was 78.9%, against 81.3% in the same number "
        "of weeks before it."
    ) in text
    assert "16 December 2026 (to" not in text


def test_letters_dated_after_compulsory_school_age_ended_quote_no_notice(tmp_path) -> None:
    """review9: Amy (born 15/01/2010) turns 16 in 2025-26, so her compulsory school age
    ends on the last Friday in June 2026, Friday 26/06/2026.  Letters with figures as of
    that Friday, dated Monday 29/06/2026, read her age on the Friday (of it) and quoted the
    notice on the Monday: the warning said "a further notice to you would be a second
    penalty notice, of £160" to a parent of a pupil no longer of compulsory school age
    (DOMAIN.md 5: never quoted a next notice or a fine).  A letter uses the age on the
    letter's date as well as the as-of date's: AMY (mother C1: one notice, 20/01/2026) gets
    no penalty-notice warning (the run says why), and her red letter states no legal duty
    and offers no notice.  OLD (born 01/10/2014) is the control.  Marks: 20 school days
    Mon 01/06 to Fri 26/06/2026, the last five O: 10 unauthorised sessions in the window,
    30/40 = 75.0 % (red)."""
    from attcli.store import Parent

    marks = "/ " * 15 + "O " * 5
    dob = {"AMY": dt.date(2010, 1, 15), "OLD": dt.date(2014, 10, 1)}
    reg = register({"AMY": marks, "OLD": marks}, start=dt.date(2026, 6, 1), dob=dob)
    contacts = tmp_path / "contacts-with-ids.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "AMY,C1,Ms,Pat,Smith,1,Yes,1 Elm Road,Exampletown,EX1 1AB\n"
        "OLD,C2,Mrs,Ola,Old,1,Yes,2 Elm Road,Exampletown,EX1 2AB\n",
        encoding="utf-8",
    )
    with History(tmp_path / "history.sqlite3", write=True) as store:
        store.record_notice("AMY", Parent("id:C1", "Ms Pat Smith"), dt.date(2026, 1, 20))
    fri, mon = dt.date(2026, 6, 26), dt.date(2026, 6, 29)
    kw = dict(register=reg, contacts=contacts, as_of=fri, period_start=dt.date(2026, 6, 1))
    kw["only"] = ["pn", "red"]
    # dated the Monday after: no warning for AMY, said; the control's letters unchanged
    r = run_letters([], make_config(tmp_path), out_dir=tmp_path / "mon", letter_date=mon, **kw)
    assert sorted((x.upn, x.template) for x in r.letters) == [
        ("AMY", "red"), ("OLD", "penalty_notice_warning"), ("OLD", "red"),
    ]  # fmt: skip
    text = {(x.upn, x.template): html_text(tmp_path / "mon" / x.html_file) for x in r.letters}
    amy = text[("AMY", "red")]
    assert "legal duty" not in amy and "penalty notice" not in amy and "£" not in amy
    assert "legal duty" in text[("OLD", "red")]
    assert "£80 if paid within 21 days" in text[("OLD", "penalty_notice_warning")]
    assert (
        "1 pupil meets the penalty-notice threshold on 26/06/2026 but is not of compulsory "
        "school age on the letters' date (29/06/2026): no penalty-notice warning: "
        "ForenameAMY SurnameAMY (AMY), to 26/06/2026"
    ) in r.notes
    # dated the Friday itself (the one letter not yet sent): of compulsory school age, the
    # warning quotes her mother's second notice
    fri_run = run_letters(
        [], make_config(tmp_path), out_dir=tmp_path / "fri", letter_date=fri, **kw
    )
    assert [(x.upn, x.template) for x in fri_run.letters if x.status == "written"] == [
        ("AMY", "penalty_notice_warning")
    ]
    new = next(x for x in fri_run.letters if x.status == "written")
    warned = html_text(tmp_path / "fri" / new.html_file)
    assert "a second penalty notice, of £160" in warned


def test_letters_already_sent_are_read_in_one_query_whatever_the_pupils(tmp_path) -> None:
    """Issue 15: whether each letter due was sent already this half term was asked of the
    history a pupil and a letter at a time (25,000 queries for a large school's run, 0.4 s
    and growing with the pupils).  Counted, not timed: the history's letter queries in a
    second run are as many for 6 pupils as for 2 (three times the pupils, as 12 and 4 were:
    a query a pupil would differ), and the second run sends nothing again (each letter is
    found sent)."""
    from attcli.store import History as Store

    def queries_for(n: int) -> int:
        folder = tmp_path / str(n)
        folder.mkdir()
        reg = register({f"P{i:02d}": PUPILS["RED"] for i in range(n)})
        first = run(folder, reg, only=["red"])
        assert len(first.new) == n
        with pytest.MonkeyPatch.context() as mp:
            calls = count_calls(mp, Store, "_letters")
            second = run(folder, reg, only=["red"])
        assert second.new == [] and len(second.already_sent) == n
        return len(calls)

    assert queries_for(2) == queries_for(6)


def test_a_dry_run_on_an_older_history_says_the_real_run_brings_it_up_to_date(tmp_path):
    """A store made by attcli before version 2: the dry run reads it in memory and writes
    nothing, yet said "the history ... was brought up to date".  It says a real run will;
    the real run says it was."""
    import shutil

    history = tmp_path / "history.sqlite3"
    shutil.copy(Path(__file__).parent / "data" / "store" / "history-v1.sqlite3", history)
    before = history.read_bytes()
    reg = register({"RED": PUPILS["RED"]})
    preview = run(tmp_path, reg, dry_run=True)
    assert f"the history {history} is of an older attcli (version 1): a real run brings it up to date" in preview.notes
    assert history.read_bytes() == before
    real = run(tmp_path, reg)
    assert f"the history {history} was brought up to date (from version 1)" in real.notes


def test_a_second_letter_to_a_new_contact_does_not_say_we_wrote_to_them(tmp_path) -> None:
    """Sweep "lettertext": Autumn 1's amber letter went to AMB's mother; in Autumn 2 the
    contacts export gives the father, at another address, as priority 1.  His letter said
    "We wrote to you about ForenameAMB's attendance on 23 October 2026", and asked him to
    a meeting as a second letter, though he never had the first.  It now says "We wrote
    about ...", and the run names the letter for the office to check.  (The scenario is
    test_repeat_amber_gets_second_level_wording's.)"""
    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register(
        {"AMB": "/ " * 32 + "R O O " + "/ " * 9 + "O " + "/ " * 4 + "/O"},
        start=dt.date(2026, 9, 7),
        holidays=holidays,
    )
    cfg = parse_config(
        CONFIG.format(history=tmp_path / "history.sqlite3", fonts=FONTS, extra="")
        + AUTUMN_HALF_TERMS
    )
    mother = contacts_for(["AMB"], tmp_path)
    one = run_letters([], cfg, register=reg, contacts=mother, out_dir=tmp_path / "a1",
                      as_of=dt.date(2026, 10, 23), letter_date=dt.date(2026, 10, 23))  # fmt: skip
    assert [x.contact.name for x in one.letters] == ["Mrs ParentAMB FamilyAMB"]
    father = tmp_path / "father.csv"
    father.write_text(
        mother.read_text(encoding="utf-8").replace(
            "AMB,Mrs,ParentAMB,FamilyAMB,Mother,1,Yes,1 Elm Road,,Exampletown,EX1 1AB",
            "AMB,Mr,DadAMB,FamilyAMB,Father,1,Yes,9 Oak Lane,,Othertown,OT9 9ZZ",
        ),
        encoding="utf-8",
    )
    two = run_letters([], cfg, register=reg, contacts=father, out_dir=tmp_path / "a2",
                      letter_date=dt.date(2026, 11, 20))  # fmt: skip
    assert [(x.contact.name, x.stage) for x in two.letters] == [("Mr DadAMB FamilyAMB", 2)]
    second = html_text(tmp_path / "a2" / two.letters[0].html_file)
    assert "We wrote about ForenameAMB's attendance on 23 October 2026. We are writing" in second
    assert "wrote to you" not in second
    assert (
        "1 letter refers to an earlier letter about the pupil that went to another contact "
        "(the contacts export names someone else first now): it says \"we wrote about\", not "
        "\"to you\"; check it before it goes: ForenameAMB SurnameAMB (AMB), amber to Mr DadAMB "
        "FamilyAMB"
    ) in two.notes
    # the mother again (the same contact as before): "to you", no note
    again = run_letters([], cfg, register=reg, contacts=mother, out_dir=tmp_path / "a3",
                        letter_date=dt.date(2026, 11, 20), dry_run=True)  # fmt: skip
    assert not any("another contact" in n for n in again.notes)


def test_duplex_gives_each_letter_its_own_sheets_in_the_print_file(tmp_path) -> None:
    """Sweep "lettertext": the print file puts letters back to back, so on a printer set to
    print on both sides a one-page letter went on the back of another family's.  With
    ``[letters] duplex = true`` each letter of an odd number of pages is followed by a blank
    page; without it the run says to print single-sided.  (RED and AMB: a letter each, one
    page; with the certificate two pages each, no blank page needed.)"""
    from attcli.pdf import pdf_pages

    reg = register({"RED": PUPILS["RED"], "AMB": PUPILS["AMB"]})
    for folder in "abc":
        (tmp_path / folder).mkdir()
    plain = run(tmp_path / "a", reg)
    assert len(plain.letters) == 2 and pdf_pages(plain.combined.read_bytes()) == 2
    assert any("print it single-sided" in n for n in plain.notes)
    duplex = run(tmp_path / "b", reg, extra="duplex = true\n")
    assert pdf_pages(duplex.combined.read_bytes()) == 4
    assert not any("single-sided" in n for n in duplex.notes)
    both = run(tmp_path / "c", reg, extra="duplex = true\ncertificate = true\n")
    assert pdf_pages(both.combined.read_bytes()) == 4  # two pages each: nothing added
