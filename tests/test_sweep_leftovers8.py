"""What the last sweeps left, the eighth round (docs/decisions.md, sweep leftovers8).

Each test reads the visible text of a command at 80 columns, on small registers from
Mon 7 Sep 2026 built for it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"

# ------------------------------- 1. a pupil's record names no other pupil in its notes


@pytest.fixture(scope="module")
def two_names(tmp_path_factory):
    """A111 ill then N then O (a record to print); B222 present, whose rows carry the
    forename Zed from Mon 14 Sep (a UPN given to two children: a note naming B222 and
    both its names); C333 present."""
    tmp = tmp_path_factory.mktemp("two_names")
    reg = register(
        {
            "A111": " ".join(["I", "I", "N", "O\\"] + [P] * 6),
            "B222": " ".join([P] * 10),
            "C333": " ".join([P] * 10),
        }
    )
    later = (pl.col("upn") == "B222") & (pl.col("date") > dt.date(2026, 9, 11))
    reg = reg.with_columns(
        pl.when(later).then(pl.lit("Zed")).otherwise(pl.col("forename")).alias("forename")
    )
    (tmp / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp / "export.csv"), tmp / "attcli.toml"


def _record(two_names, upn):
    export, config = two_names
    code, out, err = run_cli("pupil", upn, export, "-c", config, "--as-of", "2026-09-18",
                             width=80)  # fmt: skip
    assert code == 0, err
    return out, " ".join(err.split())


def test_a_pupil_s_record_leaves_out_the_notes_that_name_another_pupil(two_names):
    """A111's record (it may be printed for A111's parent) printed the register's note
    "1 UPN's rows carry two children's forenames: B222: 'SurnameB222, ForenameB222' ...
    'SurnameB222, Zed' ...": another child's UPN and names.  It is left out, and said to
    be (how many, naming none); the note naming no pupil (the penalty-notice window)
    stays."""
    out, err = _record(two_names, "A111")
    for other in ("B222", "SurnameB222", "Zed", "ForenameB222"):
        assert other not in out + err, err
    assert "note: penalty-notice window:" in err, err
    assert "note: 1 note naming another pupil left out: attcli check shows it" in err, err


def test_a_pupil_s_record_keeps_the_notes_about_that_pupil(two_names):
    """B222's own record keeps the note about B222's two forenames (it names no one
    else), and says nothing was left out; C333 (no note names C333) is told one was."""
    _, err = _record(two_names, "B222")
    assert "note: 1 UPN's rows carry two children's forenames: B222:" in err, err
    assert "left out" not in err, err
    _, err = _record(two_names, "C333")
    assert "B222" not in err and "note: 1 note naming another pupil left out" in err, err


def test_which_notes_name_another_pupil():
    """The one test of a note (names.names_another): by another pupil's UPN or id as a
    whole word, a UPN's shape (one not in the register: a contacts row, a letter on
    record), "Surname, Forename" or "Forename Surname"; a second UPN of this pupil's own
    name (one child under two UPNs) names no other child; a number that is a count does
    not match a longer one."""
    from attcli.names import names_another

    me = ("A111", "Smith", "Ann")
    roll = [me, ("B222", "Jones", "Bo"), ("4711", "Lee", "Cy"), ("A999", "Smith", "Ann")]

    def named(note: str) -> bool:
        return names_another(note, me, roll)

    assert named("B222 is given twice: read once")
    assert named("'Jones, Bo' born 01/10/2014")
    assert named("contact for Bo Jones has no phone")
    assert named("W999290026002 is in the contacts and none of the exports")
    assert named("pupil 4711 has no date of birth")
    assert not named("47110 rows read; 14711 sessions; 4711.5 days")
    assert not named("on 07/09/4711 at 47:11; 12/4711")
    roll.append(("12", "Ng", "Di"))
    assert not named("12 rows read") and named("'Ng, Di' has no date of birth")
    assert not named("1 child under two UPNs: 'Smith, Ann' born 01/10/2014: A111 and A999")
    assert not named("penalty-notice window: the exports hold 2 of the 10 school weeks")
    assert not named("A111's date of birth changed")
    assert not named("Bo is not a name here; Jonesy neither")


# ------------------------------------- 2. a leaver's row says "left DD/MM/YYYY" once


@pytest.mark.parametrize("width", [80, 140])
def test_a_leaver_s_row_in_the_check_says_left_once(tmp_path, width):
    """C333, O on four days then no mark (left 10/09/2026): the check's row read
    "... -  left 10/09/2026" then "left 10/09/2026 after 4 school days of unexplained
    absence (O)": the date twice.  It is said once (the reason's sentence), narrow and
    wide; a leaver whose reason does not say it keeps it beside the name."""
    reg = register({"A111": " ".join([P] * 10), "C333": " ".join(["O"] * 4 + ["!"] * 6)})
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("check", export, "-c", tmp_path / "attcli.toml", "--as-of",
                             "2026-09-18", width=width)  # fmt: skip
    assert code == 0, err
    at = out.index("Continuous unexplained absence")
    block = out[at : out.index("Action:", at)]
    assert block.count("left 10/09/2026") == 1, block
    assert "left 10/09/2026 after 4 school days" in " ".join(block.split()), block


# --------------------- 3. a long name's second line under its column (cases, letters)

ONE = "W999290026002"
LONG = ("Wolfeschlegelsteinhausen-Bergerdorff-Ní Bhriain", "Anastasia-Maximiliana Józefina")


@pytest.fixture(scope="module")
def long_name(tmp_path_factory):
    """ONE, with LONG's names, O on nine days of ten (severe); OTHER present; a
    workspace and ONE's contact."""
    from school import contacts_file, make_workspace

    tmp = tmp_path_factory.mktemp("long_name")
    reg = register({ONE: " ".join(["O"] * 9 + [P]), "OTHER": " ".join([P] * 10)})
    one = pl.col("upn") == ONE
    reg = reg.with_columns(
        pl.when(one).then(pl.lit(LONG[0])).otherwise(pl.col("surname")).alias("surname"),
        pl.when(one).then(pl.lit(LONG[1])).otherwise(pl.col("forename")).alias("forename"),
    )
    export = write_long_csv(reg, tmp / "export.csv")
    config = make_workspace(tmp / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp / "contacts.csv", [(ONE, "1", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _name_lines(out: str) -> list[str]:
    """The line after each line that begins with ONE's UPN and a name."""
    lines = out.splitlines()
    return [lines[i + 1] for i, ln in enumerate(lines) if ln.startswith(ONE + "  ")]


@pytest.mark.parametrize("command", ["cases", "letters"])
def test_a_long_name_s_second_line_starts_under_the_name(long_name, command):
    """At 80 columns the casebook's block read "W999290026002  Wolfeschlegel...Ní
    Bhriain," over "Anastasia-Maximiliana Józefina" at the left edge, under the UPN, as
    the letters' list did: the name's second line reads as another row's first.  It
    starts under the name (15 columns in)."""
    export, config, contacts = long_name
    extra = ("--contacts", contacts, "--dry-run") if command == "letters" else ()
    code, out, err = run_cli(command, export, "-c", config, "--as-of", "2026-09-18", *extra,
                             width=80)  # fmt: skip
    assert code == 0, err
    seconds = _name_lines(out)
    assert seconds, out
    for ln in seconds:
        assert ln.startswith(" " * 15) and ln[15] != " ", out
        assert len(ln) <= 80, out
    assert all(len(ln) <= 80 for ln in out.splitlines()), out


def test_the_plain_block_lines_hang_a_long_lead_under_its_second_column():
    """The plain path of the blocks (past RICH_ROWS rows: terminal._block_lines) hangs the
    lead's second line as Rich's path does."""
    from rich.text import Text

    from attcli.terminal import _block_lines

    lines = _block_lines("T", ("UPN", "Pupil", "att."),
                         [[Text(ONE), Text(", ".join(LONG)), Text("10.0%")]], 2, 80)  # fmt: skip
    assert lines[1] == f"{ONE}  {LONG[0]},", lines
    assert lines[2] == " " * 15 + LONG[1], lines
    assert lines[3] == "    att.: 10.0%", lines


# ---------------------------------- 4. C2 in the same words in `codes` and the record


def test_c2_is_a_part_time_timetable_in_codes_as_in_the_pupil_record(tmp_path):
    """`attcli codes` called C2 "Temporary reduced timetable" (an MIS's words) where the
    record, the check's reasons and the amber letter say "part-time timetable" (the DfE's
    2024 guidance: a compulsory school age pupil subject to a part-time timetable;
    DOMAIN.md 9).  One wording, from the code list."""
    code, out, err = run_cli("codes", width=80)
    assert code == 0, err
    row = next(ln for ln in out.splitlines() if ln.strip("│ ").startswith("C2 "))
    assert "Part-time timetable" in row and "reduced" not in out, out
    reg = register({"A111": " ".join(["/.C2"] * 10), "B222": " ".join([P] * 10)})
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli("pupil", "A111", export, "-c", tmp_path / "attcli.toml",
                             "--as-of", "2026-09-18", width=80)  # fmt: skip
    assert code == 0, err
    assert "Absence by code: C2 10 (part-time timetable)" in out, out


# ------------------------------------- 5. the casebook's "att." heading spelt out


def test_the_casebook_spells_out_attendance_where_it_fits(long_name):
    """The casebook's blocks read "att.: 10.0%": an abbreviation an office member must
    guess.  A block has the room: "attendance: 10.0%".  (The table keeps "att.": six
    columns more took the README's casebook 3 past 80, "due from" wrapped.)"""
    export, config, _ = long_name
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-09-18",
                             width=80)  # fmt: skip
    assert code == 0, err
    assert "att.:" not in out and "attendance: 10.0%" in out, out
    assert all(len(ln) <= 80 for ln in out.splitlines()), out
