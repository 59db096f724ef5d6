"""The slips office staff make when they type a command (sweep of 4 December (sixth),
slips): every option's value as a tired person types it.  A slip is either read as the
person certainly meant it, or refused in one line naming the value and what would be
valid; it is never read as something else without a word.

Each register is written by hand here; the expected answer is worked from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from clirun import run_cli

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"
AMY, BEN = "A123456789011", "A123456789012"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _export(path: Path, days: int = 10, *, absent: tuple[str, ...] = ()) -> Path:
    """A long CSV: AMY (Year 7, 7A) and BEN (Year 8, 8A), present every session of
    ``days`` school days from Monday 7 September 2026, but the pupils in ``absent``,
    unauthorised (O) every morning."""
    lines = [HEADER]
    day, n = dt.date(2026, 9, 7), 0
    while n < days:
        if day.weekday() < 5:
            for upn, surname, year in ((AMY, "Lamb", "Year 7"), (BEN, "Booth", "Year 8")):
                for session in ("AM", "PM"):
                    mark = "/" if session == "AM" else "\\"
                    if upn in absent and session == "AM":
                        mark = "O"
                    lines.append(
                        f'{upn},{surname},Jo,{year},{year[-1]}A,01/10/2013,"{day:%a, %d %b %Y}",'
                        f"{session},{mark}"
                    )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _last(err: str) -> str:
    return " ".join(err.strip().splitlines()[-1].split()) if err.strip() else ""


# ------------------------------------------------------------------ an option given twice


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # the command line recalled and a second --as-of added: which week's figures?
        (("check", "E", "--as-of", "2026-09-18", "--as-of", "2026-09-11"),
         "--as-of is given twice ('2026-09-18', then '2026-09-11')"),
        (("check", "E", "-o", "OUT/a.csv", "--output", "OUT/b.csv"),
         "--output is given twice ('OUT/a.csv', then 'OUT/b.csv')"),
        (("register-check", "E", "--term", "autumn", "--term", "spring", "-o", "OUT/rc.xlsx"),
         "--term is given twice ('autumn', then 'spring')"),
        (("cme", "E", "--days", "10", "--days", "5"), "--days is given twice ('10', then '5')"),
        (("la-return", "E", "--month", "2026-09", "--month", "2026-10", "--dry-run"),
         "--month is given twice ('2026-09', then '2026-10')"),
    ],
)  # fmt: skip
def test_an_option_given_twice_with_two_values_is_refused(tmp_path, args, said):
    """Typer takes the last of an option given twice, without a word: ``check --as-of
    2026-09-18 --as-of 2026-09-11`` (an earlier command recalled and a date added) made the
    check as of 11/09, and ``-o a.csv --output b.csv`` wrote b.csv only. Which one the
    person meant cannot be known: one line naming the option and both values, exit 2,
    nothing written."""
    export = _export(tmp_path / "e.csv")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = [str(export) if a == "E" else a.replace("OUT", str(out_dir)) for a in args]
    code, out, err = run_cli(*argv)
    assert code == 2, err
    assert out == ""
    line = _last(err).replace(str(out_dir), "OUT")
    assert line.startswith(f"error: {said}: give it once"), line
    assert len(err.strip().splitlines()) == 1
    assert list(out_dir.iterdir()) == []


def test_an_option_given_twice_with_the_same_value_is_read_once(tmp_path):
    """The same value twice means the same thing: read, as given once."""
    export = _export(tmp_path / "e.csv", absent=(AMY,))
    once = run_cli("check", export, "--as-of", "2026-09-11", "-f", "json")
    twice = run_cli("check", export, "--as-of", "2026-09-11", "-f", "json", "--as-of", "2026-09-11")
    assert once[0] == twice[0] == 0, twice[2]
    assert json.loads(once[1]) == json.loads(twice[1])
    assert json.loads(once[1])["as_of"] == "2026-09-11"


# ------------------------------------------------------------------ lists: commas or again


def _letters_dry_run(tmp_path, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    return run_cli(
        "letters", EXAMPLES / "exports" / "arbor_autumn_2026.csv", "--contacts",
        EXAMPLES / "exports" / "contacts.csv", "-c", EXAMPLES / "attcli.toml", "--out",
        tmp_path / "l", "--dry-run", *args, width=400,
    )  # fmt: skip


def _steady(out: str) -> str:
    """A dry run's text without the time each letter took to draft."""
    return re.sub(r"drafted in [0-9.]+ s", "drafted in T s", out)


def _would(out: str) -> str:
    """The dry run's count line: "dry run: N letters would be written (...)"."""
    line = next(x for x in out.splitlines() if x.startswith("dry run:"))
    return line.split(" (")[0]


def test_letters_only_given_again_makes_each_letter_named(tmp_path, monkeypatch):
    """``--only amber --only red`` (repeated, as ``--release`` is) made the red letters
    alone, the amber ones left out without a word (Typer kept the last). ``--only`` takes
    its letters either way: repeated or in one list (commas or spaces), the same run."""
    code, listed, err = _letters_dry_run(tmp_path, monkeypatch, "--only", "amber,red")
    assert code == 0, err
    code, again, err = _letters_dry_run(tmp_path, monkeypatch, "--only", "amber", "--only", "RED")
    assert code == 0, err
    code, red, err = _letters_dry_run(tmp_path, monkeypatch, "--only", "red")
    assert code == 0, err
    code, amber, err = _letters_dry_run(tmp_path, monkeypatch, "--only", "amber")
    assert code == 0, err
    code, spaced, err = _letters_dry_run(tmp_path, monkeypatch, "--only", "amber red")
    assert code == 0, err
    n = [int(_would(x).split()[2]) for x in (listed, again, red, amber)]
    assert n[0] == n[1] == n[2] + n[3] and n[2] > 0 and n[3] > 0
    assert _steady(again) == _steady(listed) == _steady(spaced)


def test_letters_release_takes_upns_in_a_comma_list(tmp_path, monkeypatch):
    """``--release`` is given again for each pupil; ``--only`` takes a comma list. Typed
    the ``--only`` way, ``--release Q999290818915,T999291016914`` (both held) was refused
    "no letter for this pupil is held", of two pupils whose letters are. A UPN holds no
    comma: the list is the two pupils, as given one by one."""
    q, t = "Q999290818915", "T999291016914"
    code, alone, err = _letters_dry_run(tmp_path, monkeypatch)
    assert code == 0, err
    code, one_by_one, err = _letters_dry_run(tmp_path, monkeypatch, "--release", q, "--release", t)
    assert code == 0, err
    code, listed, err = _letters_dry_run(tmp_path, monkeypatch, "--release", f"{q}, {t.lower()}")
    assert code == 0, err
    assert _steady(listed) == _steady(one_by_one)
    n = [int(_would(x).split()[2]) for x in (alone, listed)]
    assert n[1] == n[0] + 2


@pytest.mark.parametrize("typed", [",", " , "])
def test_letters_release_of_commas_alone_is_refused(tmp_path, monkeypatch, typed):
    code, out, err = _letters_dry_run(tmp_path, monkeypatch, "--release", typed)
    assert (code, out) == (1, "")
    assert _last(err) == "error: --release: give the pupil's UPN"


# ------------------------------------------------------------------ dates typed in options


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a day the month has not: the date was written as asked, so "write it DD/MM/YYYY"
        # sent the person looking for a mistake in the form
        ("29/02/2027", "is not a date: February 2027 has 28 days"),
        ("2027-02-29", "is not a date: February 2027 has 28 days"),
        ("31/11/2026", "is not a date: November 2026 has 30 days"),
        ("00/11/2026", "is not a date: there is no day 0"),
        # US order: no month 13 read day first, the day it would be said, never taken
        ("09/14/2026", "is not a date: there is no month 14 (dates are read day first, "
         "DD/MM/YYYY); for 14 September 2026 write 14/09/2026 or 2026-09-14"),
        ("12/25/2026", "is not a date: there is no month 25 (dates are read day first, "
         "DD/MM/YYYY); for 25 December 2026 write 25/12/2026 or 2026-12-25"),
        ("2026-14-09", "is not a date: there is no month 14 (YYYY-MM-DD is year, month, "
         "day); for 14 September 2026 write 2026-09-14 or 14/09/2026"),
        # the year in two digits, other separators, a month's name, a comma left on: the
        # date it would be is said, to write as attcli reads it
        ("11/09/26", "is not a date attcli reads (the year in full): for 11 September 2026 "
         "write 11/09/2026 or 2026-09-11"),
        ("11-09-2026", "is not a date attcli reads: for 11 September 2026 write 11/09/2026 or "
         "2026-09-11"),
        ("11.09.2026", "is not a date attcli reads: for 11 September 2026 write 11/09/2026 or "
         "2026-09-11"),
        ("2026/09/11", "is not a date attcli reads: for 11 September 2026 write 2026-09-11 or "
         "11/09/2026"),
        ("11 Sep 2026", "is not a date attcli reads: for 11 September 2026 write 11/09/2026 or "
         "2026-09-11"),
        ("Fri 11th September 2026", "is not a date attcli reads: for 11 September 2026 write "
         "11/09/2026 or 2026-09-11"),
        ("September 11, 2026", "is not a date attcli reads: for 11 September 2026 write "
         "11/09/2026 or 2026-09-11"),
        ("2026-09-11,", "is not a date attcli reads: for 11 September 2026 write 2026-09-11 or "
         "11/09/2026"),
        ("11/09/2026 00:00:00", "is not a date attcli reads: for 11 September 2026 write "
         "11/09/2026 or 2026-09-11"),
        ("2026-09-11T00:00", "is not a date attcli reads: for 11 September 2026 write "
         "2026-09-11 or 11/09/2026"),
        # a weekday the date does not fall on: which was meant is not certain
        ("Thu 11 September 2026", "is not a date: 11 September 2026 is a Friday; write the "
         "date meant YYYY-MM-DD or DD/MM/YYYY"),
        # a weekday before the date in figures (a wide export's header copied)
        ("Fri 11/09/2026", "is not a date attcli reads: for 11 September 2026 write "
         "11/09/2026 or 2026-09-11"),
        ("Thu 09/10/2026", "is not a date: read day first, 09/10/2026 is Friday 9 October "
         "2026; the Thursday is 10 September 2026 (month first, US order): write the date "
         "meant DD/MM/YYYY or YYYY-MM-DD"),
        ("Tue 11/09/2026", "is not a date: 11 September 2026 is a Friday; write the date "
         "meant YYYY-MM-DD or DD/MM/YYYY"),
        # nothing certain to offer: how to write a date
        ("11/09", "is not a date: write it YYYY-MM-DD or DD/MM/YYYY"),
        # (the day before the conftest's today, Tue 31/08/2027, said since sweep slips2)
        ("last friday", "is not a date attcli reads: write the date, DD/MM/YYYY or "
         "YYYY-MM-DD (the last Friday before today, 31/08/2027, is 27/08/2027)"),
    ],
)  # fmt: skip
def test_a_date_typed_wrong_says_what_is_wrong_with_it(tmp_path, typed, said):
    """``--as-of 29/02/2027`` (no such day) and ``--as-of 09/14/2026`` (US order) were
    both "is not a date: write it YYYY-MM-DD or DD/MM/YYYY", of a date written DD/MM/YYYY:
    the person cannot see what to change. Each slip now says what is wrong, and where
    the date meant is certain, that date written as attcli reads it (never read in its
    place: a date of another form is refused, as before)."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "--as-of", typed)
    assert (code, out) == (1, "")
    assert _last(err) == f"error: --as-of {typed!r} {said}"


def test_a_day_month_date_valid_both_ways_is_read_day_first(tmp_path):
    """11/09/2026 is 11 September in England (9 November in the US): read so, never the
    US way, the check as of Friday 11/09 (BEN's mornings O: 5 of 10 sessions missed)."""
    export = _export(tmp_path / "e.csv", absent=(BEN,))
    code, out, err = run_cli("check", export, "--as-of", "11/09/2026", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2026-09-11"


# ------------------------------------------------------------------ la-return --month


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # a certain month written another way: that month, as --month takes it
        ("Sep 2026", "is not a month attcli reads: for September 2026 write 2026-09"),
        ("september 2026", "is not a month attcli reads: for September 2026 write 2026-09"),
        ("09/2026", "is not a month attcli reads: for September 2026 write 2026-09"),
        ("2026/09", "is not a month attcli reads: for September 2026 write 2026-09"),
        ("2026-09-01", "is a date, not a month: for September 2026 write 2026-09"),
        # no year: which September is not certain
        ("september", "is not a month: write it YYYY-MM, with its year (September this "
         "school year is 2026-09)"),
        ("9", "is not a month: write it YYYY-MM, with its year (September this school year "
         "is 2026-09)"),
        # no such month, no such year
        ("2026-13", "is not a month: there is no month 13; write it YYYY-MM, e.g. 2026-10"),
        ("0026-09", "is not a month: the year 26 is no school year attcli reads; give a month "
         "from 2000 to 2099, YYYY-MM"),
        ("last month", "is not a month: write it YYYY-MM, e.g. 2026-10"),
    ],
)  # fmt: skip
def test_a_month_typed_wrong_says_what_to_write(tmp_path, typed, said):
    """``--month`` takes YYYY-MM. "Sep 2026" or "09/2026" were "not a month: write it
    YYYY-MM, e.g. 2026-10", another month than the one typed; "0026-09" was taken, and
    refused as "September 26", a month before any export. Each says what is wrong, and
    the month meant when it is certain (never taken in its place)."""
    from school import make_workspace

    config = make_workspace(tmp_path / "school")
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("la-return", export, "-c", config, "--month", typed, "--dry-run")
    assert (code, out) == (1, "")
    assert _last(err) == f"error: --month {typed!r} {said}"


@pytest.mark.parametrize("typed", ["2026-09", "2026-9", " 2026-09 "])
def test_a_month_written_yyyy_mm_is_read(tmp_path, typed):
    from school import make_workspace

    config = make_workspace(tmp_path / "school")
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("la-return", export, "-c", config, "--month", typed, "--dry-run")
    assert code == 0, err
    assert "September 2026 (01/09/2026 to 18/09/2026)" in out


# ------------------------------------------------------------------ register-check --term


@pytest.mark.parametrize("typed", ["autumn", "Autumn", "AUTUMN", " autumn ", "Autumn term", "aut", "Autum"])
def test_register_check_term_typed_as_the_office_writes_it(tmp_path, typed):
    """``--term " autumn "`` (a space copied with it) was refused "choose autumn, spring or
    summer", and "Autumn term" and "aut" too, each certainly the autumn term: read so
    (the line says the term and its dates)."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("register-check", export, "--term", typed, "-o", tmp_path / "rc.csv")
    assert code == 0, err
    assert "listed for the autumn term 2026/27" in out


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Autumn 1", "'Autumn 1' is a half term: the register check is of a whole term; give "
         "--term autumn"),
        ("spring2", "'spring2' is a half term: the register check is of a whole term; give "
         "--term spring"),
        ("fall", "'fall': choose autumn, spring or summer"),
        ("au", "'au': choose autumn, spring or summer"),
        ("", "'': choose autumn, spring or summer"),
    ],
)  # fmt: skip
def test_register_check_term_not_a_term_is_refused_before_the_load(tmp_path, typed, said):
    """A term attcli cannot read is refused in one line before the exports are read (it
    was refused after the load, the slow part of a whole school's year)."""
    junk = tmp_path / "not-read.csv"  # (no register: refused before it is read)
    junk.write_text("nothing here\n", encoding="utf-8")
    code, out, err = run_cli("register-check", junk, "--term", typed, "-o", tmp_path / "rc.csv")
    assert (code, out) == (1, "")
    assert _last(err) == f"error: --term {said}"


# ------------------------------------------------------------------ a UPN typed wrong


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("A123457789011", AMY),  # a digit wrong (7 for 6)
        ("B123456789011", AMY),  # the check letter wrong
        ("A123456798011", AMY),  # two digits swapped
        ("A12345678011", AMY),  # a digit left out
        ("A1234567890111", AMY),  # a digit typed twice
    ],
)
def test_a_upn_one_slip_from_a_pupil_s_says_whose_it_may_be(tmp_path, typed, meant):
    """``attcli pupil A123457789011`` (a digit wrong, copied from a letter) said "no pupil
    with UPN ... in the exports this school year": on the phone to a family, that reads as
    "not on roll". The one UPN in the exports a slip away is named, with the pupil's name
    (never shown in its place: the record asked for is another child's)."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("pupil", typed, export)
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: no pupil with UPN {typed!r} in the exports this school year up to 18/09/2026 "
        "(a pupil is listed from their first session on roll); did you mean "
        f"{meant} (Jo Lamb)?"
    )


def test_a_upn_far_from_every_pupil_s_is_only_not_found(tmp_path):
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("pupil", "Z999999999999", export)
    assert (code, out) == (1, "")
    assert _last(err) == (
        "error: no pupil with UPN 'Z999999999999' in the exports this school year up to "
        "18/09/2026 (a pupil is listed from their first session on roll)"
    )


@pytest.mark.parametrize("typed", ["Lamb", "lamb", "Jo Lamb", "Lamb, Jo", "LAMB JO"])
def test_a_name_typed_for_the_upn_names_the_pupil_s_upn(tmp_path, typed):
    """``attcli pupil Lamb e.csv``: the surname typed where the UPN goes was "no pupil with
    UPN 'Lamb'". The pupils of that name are said with their UPNs."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("pupil", typed, export)
    assert (code, out) == (1, "")
    assert _last(err).endswith(f"; give the UPN: {AMY} is Jo Lamb")


# ------------------------------------------------------------------ evidence --for


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("penalty-notice", "penalty-notice"),
        ("Penalty Notice", "penalty-notice"),
        ("penalty_notice", "penalty-notice"),
        ("PN", "penalty-notice"),
        ("notice to improve", "notice-to-improve"),
        ("NTI", "notice-to-improve"),
        (" Referral ", "referral"),
    ],
)
def test_evidence_for_reads_the_kind_as_the_office_writes_it(typed, kind):
    """``evidence --for "Penalty Notice"`` (or ``PN``, as every form calls it) was refused
    "choose penalty-notice, notice-to-improve, referral": each is certainly that kind."""
    from attcli.evidence.build import typed_kind

    assert typed_kind(typed) == kind


@pytest.mark.parametrize("typed", ["penalty", "fine", "", "pn,"])
def test_evidence_for_a_kind_not_known_is_refused_before_the_load(tmp_path, typed):
    junk = tmp_path / "not-read.csv"
    junk.write_text("nothing here\n", encoding="utf-8")
    code, out, err = run_cli(
        "evidence", AMY, junk, "--for", typed, "--contacts", junk, "-o", tmp_path / "p.pdf"
    )
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: --for {typed!r}: choose penalty-notice, notice-to-improve, referral"
    )


@pytest.mark.parametrize("option", ["--add", "--withdraw"])
def test_la_return_add_of_a_comma_list_says_one_upn_each_time(tmp_path, option):
    """``--add A...,B... --reason ill`` was "no pupil with that UPN in these exports", of
    two pupils who are: one UPN each time, each with its reason."""
    from school import make_workspace

    config = make_workspace(tmp_path / "school")
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli(
        "la-return", export, "-c", config, "--month", "2026-09", "--dry-run",
        option, f"{AMY},{BEN}", "--reason", "ill",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: {option} '{AMY},{BEN}': one UPN each time; give {option} again for each "
        "pupil, each with its --reason"
    )


# ------------------------------------------------------------------ an option's value left out


def test_letters_out_left_without_its_folder_before_dry_run_writes_nothing(tmp_path, monkeypatch):
    """``letters ... --out --dry-run`` (the folder left out) took ``--dry-run`` as the
    folder: every letter written and recorded as sent, in a folder named "--dry-run", the
    dry run asked for not made. An option's value that is one of the command's options
    is refused: nothing written, nothing recorded."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    code, out, err = run_cli(
        "letters", EXAMPLES / "exports" / "arbor_autumn_2026.csv", "--contacts",
        EXAMPLES / "exports" / "contacts.csv", "-c", EXAMPLES / "attcli.toml", "--out",
        "--dry-run",
    )  # fmt: skip
    assert (code, out) == (2, "")
    assert _last(err) == (
        "error: --out is followed by the option --dry-run, not its DIR: give --out its DIR "
        "first; see `attcli letters --help`"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("check", "E", "-o", "--force"), "--output is followed by the option --force, not its FILE"),
        (("check", "E", "-o", "--as-of", "2026-09-11"), "--output is followed by the option --as-of, not its FILE"),
        (("check", "E", "--as-of", "-o", "x.csv"), "--as-of is followed by the option -o, not its DATE"),
        (("check", "E", "--as-of=--force"), "--as-of is followed by the option --force, not its DATE"),
        (("check", "E", "--year-group", "-f", "json"), "--year-group is followed by the option -f, not its value"),
        (("cme", "E", "-o", "--dryrun"), "--output is followed by the option --dryrun, not its FILE"),
        (("la-return", "E", "--month", "--dry-run"), "--month is followed by the option --dry-run, not its YYYY-MM"),
    ],
)  # fmt: skip
def test_an_option_whose_value_is_left_out_is_refused(tmp_path, monkeypatch, args, said):
    """``check e.csv -o --force`` wrote the check to a file named "--force"; ``-o --as-of
    2026-09-11`` read the date as an export ("2026-09-11: no such file"). The option
    whose value was left out is named."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli(*[str(export) if a == "E" else a for a in args])
    assert (code, out) == (2, "")
    assert _last(err).startswith(f"error: {said}"), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv"]


def test_a_value_that_begins_with_a_dash_but_is_no_option_is_read(tmp_path, monkeypatch):
    """A file named "-week.csv" is a value, not an option: written."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "-o", "-week.json")
    assert code == 0, err
    assert json.loads((tmp_path / "-week.json").read_text(encoding="utf-8"))["as_of"] == "2026-09-18"


# ------------------------------------------------------------------ a choice in capitals


@pytest.mark.parametrize("typed", ["JSON", "Json"])
def test_a_format_in_capitals_is_that_format(tmp_path, typed):
    """``-f JSON`` was refused "'JSON' is not one of 'table', 'csv', 'json', 'xlsx'"."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "-f", typed)
    assert code == 0, err
    assert json.loads(out)["as_of"] == "2026-09-18"


def test_report_audience_in_capitals_is_that_audience(tmp_path):
    """``report --audience Governors`` was refused; it is the governors' report, which
    names no pupil."""
    export = _export(tmp_path / "e.csv", absent=(AMY,))
    code, _, err = run_cli("report", export, "--audience", "Governors", "-o", tmp_path / "g.html")
    assert code == 0, err
    code, _, err = run_cli("report", export, "--audience", "staff", "-o", tmp_path / "s.html")
    assert code == 0, err
    governors = (tmp_path / "g.html").read_text(encoding="utf-8")
    staff = (tmp_path / "s.html").read_text(encoding="utf-8")
    # (the staff version's footer sends governors to theirs)
    marker = "give governors the version made with <code>--audience governors</code>"
    assert marker in staff
    assert marker not in governors and "Lamb" not in governors and AMY not in governors


# ------------------------------------------------------------------ a date where a file goes


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("11/09/2026", "It is a date: give it after --as-of (--as-of 11/09/2026)"),
        ("2026-09-11", "It is a date: give it after --as-of (--as-of 2026-09-11)"),
        ("2026-09", "It is a month: give it after --month (--month 2026-09)"),
    ],
)
def test_a_date_typed_without_its_option_says_so(tmp_path, monkeypatch, typed, hint):
    """``check e.csv 11/09/2026`` (--as-of left out) said "11/09/2026: no such file. There
    is no folder 11/09"."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, typed)
    assert (code, out) == (1, "")
    assert _last(err) == f"error: {typed}: no such file. {hint}"


def test_two_upns_for_one_pupil_s_record_say_one_at_a_time(tmp_path, monkeypatch):
    """``pupil A... B... e.csv`` read the second UPN as an export ("no such file");
    ``pupil "A...,B..." e.csv`` was "no pupil with UPN 'A...,B...'"."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("pupil", AMY, BEN, export)
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: {BEN}: no such file. It is a UPN, not a file: a command takes one pupil's "
        "UPN, before the exports"
    )
    code, out, err = run_cli("pupil", f"{AMY},{BEN}", export)
    assert (code, out) == (1, "")
    assert _last(err).endswith("; one pupil at a time: give one UPN")


def test_case_records_with_a_month_first_date_name_the_lines_read_either_way(tmp_path):
    """A casebook CSV saved from Excel set to US dates: ``09/14/2026`` was refused alone,
    and with it put right, ``10/02/2026`` on the line before (2 October meant) went in as
    10 February, unsaid. The refusal names the lines whose dates read either way."""
    from school import make_workspace

    config = make_workspace(tmp_path / "school")
    bulk = tmp_path / "cases.csv"
    bulk.write_text(
        "upn,action,date,note,outcome\n"
        f"{AMY},letter,10/02/2026,,\n"
        f"{BEN},letter,09/14/2026,,\n"
        f"{BEN},letter,11/11/2026,,\n",  # (the same either way: no slip possible)
        encoding="utf-8",
    )
    code, out, err = run_cli("case", "record", "--from", bulk, "-c", config)
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: {bulk}, line 3, date '09/14/2026' is not a date: there is no month 14 "
        "(dates are read day first, DD/MM/YYYY); for 14 September 2026 write 14/09/2026 or "
        "2026-09-14; if the file's dates are month first, those on line 2 would be read with "
        "month and day swapped: write every date DD/MM/YYYY or YYYY-MM-DD"
    )


# ------------------------------------------------------------------ a folder named as a file


def test_letters_out_named_as_a_file_is_refused(tmp_path, monkeypatch):
    """``letters --out letters.pdf`` (the print file meant) made a folder "letters.pdf"
    with every letter in it. A folder to be made is not named as a file: refused, nothing
    written; a folder that exists so named is used."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    args = (
        "letters", EXAMPLES / "exports" / "arbor_autumn_2026.csv", "--contacts",
        EXAMPLES / "exports" / "contacts.csv", "-c", EXAMPLES / "attcli.toml", "--dry-run",
    )  # fmt: skip
    code, out, err = run_cli(*args, "--out", "letters.pdf")
    assert (code, out) == (2, "")
    assert _last(err) == (
        "error: Invalid value for '--out': 'letters.pdf' ends .pdf, as a file does: this is "
        "the folder the files are written in (made if missing); give a folder's name; see "
        "`attcli letters --help`"
    )
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "letters.pdf").mkdir()
    code, out, err = run_cli(*args, "--out", "letters.pdf")
    assert code == 0, err


@pytest.mark.parametrize("typed", [" 7A", "7A "])
def test_a_reg_group_with_a_space_copied_with_it_is_that_group(tmp_path, typed):
    """``--reg-group "7A "`` (copied from a list with its space) was "no such registration
    group in the data (found: 7A, 8A)". The name is matched as typed otherwise."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "--reg-group", typed, "-f", "json")
    assert code == 0, err
    assert [p["upn"] for p in json.loads(out)["pupils"]] == [AMY]
    code, out, err = run_cli("check", export, "--reg-group", "7a", "-f", "json")
    assert code == 1 and "no such registration group" in err


@pytest.mark.parametrize("typed", ["Seed 004", "SEED004", "seed_004"])
def test_init_ladder_typed_as_words_is_that_ladder(tmp_path, typed):
    """``init --ladder "Seed 004"`` was refused "no such ladder; attcli has: seed003,
    seed004": the same file as ``--ladder seed004``."""
    from school import DETAILS

    def init(folder: Path, ladder: str) -> str:
        args = ["init", folder, "--ladder", ladder, "--school", DETAILS["name"]]
        for key in ("urn", "dfe_number", "local_authority", "phone", "email", "headteacher",
                    "attendance_lead"):  # fmt: skip
            args += [f"--{key.replace('_', '-')}", DETAILS[key]]
        code, _, err = run_cli(*args, "--address", ", ".join(DETAILS["address"]))
        assert code == 0, err
        return (folder / "attcli.toml").read_text(encoding="utf-8")

    assert init(tmp_path / "typed", typed) == init(tmp_path / "named", "seed004")
    code, _, err = run_cli("init", tmp_path / "x", "--ladder", "seed4")
    assert code == 1 and "no such ladder; attcli has: seed003, seed004" in err


def test_codes_of_a_code_typed_shows_that_code():
    """``attcli codes n`` (what does N mean?) was "Got unexpected extra argument(s) (n)".
    The codes typed, in any capitals, are shown; a sub-code as the code it counts as."""
    code, out, err = run_cli("codes", "n", "I01", width=120)
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("│")]
    assert len(rows) == 2
    assert rows[0].split("│")[1].strip() == "N" and "unauthorised" in rows[0]
    assert rows[1].split("│")[1].strip() == "I01 (counted as I)" and "authorised" in rows[1]
    code, out, err = run_cli("codes", "XX")
    assert (code, out) == (1, "")
    assert _last(err) == "error: 'XX' is no attendance code; `attcli codes` lists them all"


def test_a_pattern_in_other_capitals_says_the_files_it_would_match(tmp_path, monkeypatch):
    """``check "exports/*.CSV"`` of files ending .csv (as Windows, not Linux, matches them)
    was "no file matches this pattern" of a folder of exports."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").mkdir()
    _export(tmp_path / "exports" / "week1.csv")
    _export(tmp_path / "exports" / "week2.csv")
    code, out, err = run_cli("check", "exports/*.CSV")
    assert (code, out) == (1, "")
    assert _last(err) == (
        "error: exports/*.CSV: no file matches this pattern; give the export files, or a "
        "pattern that matches them (exports/*.csv); 2 files match it in other capitals "
        "(exports/week1.csv, ...): write the pattern as their names are"
    )


# ------------------------------------------------------------------ dashes typed wrong


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        # click read "-output x.csv" as -o "utput" (a file named utput written), "-force"
        # as -f "orce", "-as-of" as "No such option: -a"
        (("-output", "x.csv"), "-output: a long option takes two hyphens: --output"),
        (("-force",), "-force: a long option takes two hyphens: --force"),
        (("-as-of", "2026-09-11"), "-as-of: a long option takes two hyphens: --as-of"),
    ],
)
def test_a_long_option_typed_with_one_hyphen_is_said(tmp_path, monkeypatch, typed, said):
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, *typed)
    assert (code, out) == (2, "")
    assert _last(err) == f"error: {said}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv"]


def test_a_short_option_with_its_value_joined_is_read(tmp_path):
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "-fjson")
    assert code == 0, err
    assert json.loads(out)["as_of"] == "2026-09-18"


@pytest.mark.parametrize("dash", ["\u2014", "\u2013", "\u2013-"])
def test_an_option_copied_from_a_document_with_a_long_dash_is_said(tmp_path, monkeypatch, dash):
    """A command copied from an email or a Word document, which turns "--" into a long
    dash: ``check e.csv —as-of 2026-09-11`` was "—as-of: no such file", and ``letters
    --out —dry-run`` made a folder "—dry-run" and wrote and recorded every letter."""
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("check", export, f"{dash}as-of", "2026-09-11")
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: {dash}as-of: no such file. It begins with a long dash, as a document or an "
        "email writes '--': type the option with two hyphens, --as-of"
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    # (a copy of the examples' config: a letters run opens the history beside it to write,
    # and made then removed one in the checkout's examples/, under a test copying it)
    config = tmp_path / "ws" / "attcli.toml"
    config.parent.mkdir()
    config.write_text((EXAMPLES / "attcli.toml").read_text("utf-8"), "utf-8")
    code, out, err = run_cli(
        "letters", EXAMPLES / "exports" / "arbor_autumn_2026.csv", "--contacts",
        EXAMPLES / "exports" / "contacts.csv", "-c", config, "--out", f"{dash}dry-run",
    )  # fmt: skip
    assert code == 1 and out == ""
    assert _last(err).endswith("type the option with two hyphens, --dry-run")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "ws"]
    assert sorted(p.name for p in config.parent.iterdir()) == ["attcli.toml"]


# ------------------------------------------------------------------ register-check --year


@pytest.mark.parametrize("term", ["spring", "summer"])
def test_a_calendar_year_with_the_spring_or_summer_term_is_refused(tmp_path, term):
    """``--year 2027 --term summer``: to a person, the summer of 2027 (of 2026/27); to the
    help, the year from September 2027 (its summer in 2028). Each reading names another
    term; with exports that reach both, one was made without a word. A bare year is the
    autumn term's only (the same either way); with spring or summer it is refused, naming
    both."""
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("register-check", export, "--term", term, "--year", "2027",
                             "-o", tmp_path / "rc.xlsx")  # fmt: skip
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: --year 2027 with --term {term}: the {term} term of 2027/28 is in 2028, and "
        f"the {term} term of 2027 is of 2026/27: write --year 2026/27 or 2027/28"
    )
    code, out, err = run_cli("register-check", export, "--term", "autumn", "--year", "2026",
                             "-o", tmp_path / "rc.xlsx")  # fmt: skip
    assert code == 0, err
    assert "listed for the autumn term 2026/27" in out


# ------------------------------------------------------------------ pupil merge


def test_a_merge_typed_the_wrong_way_round_is_refused(tmp_path):
    """``pupil merge OLD NEW`` typed NEW OLD (the permanent UPN first, the temporary one
    second) moved the child's records onto the temporary UPN the MIS no longer uses, and
    every later run under the permanent one found none. A temporary UPN (a letter last)
    is replaced by the permanent one, never the other way: refused, the order to type
    said, until --force."""
    from school import make_workspace

    temporary = "A12345678901T"
    config = make_workspace(tmp_path / "school")
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("la-return", export, "-c", config, "--month", "2026-09", "--add",
                             AMY, "--reason", "ill", "-o", tmp_path / "r.xlsx")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "merge", AMY, temporary, "-c", config)
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: {temporary} is a temporary UPN (a letter last) and {AMY} a permanent one: a "
        "merge moves the temporary UPN's records to the permanent one, not the other way; "
        f"check the order (attcli pupil merge {temporary} {AMY}), or --force if this is meant"
    )
    code, out, err = run_cli("pupil", "merge", AMY, temporary, "-c", config, "--force")
    assert code == 0, err
    assert f"moved from {AMY} to {temporary}" in out


def test_a_upn_with_a_comma_left_on_says_whose_it_may_be(tmp_path):
    export = _export(tmp_path / "e.csv")
    code, out, err = run_cli("pupil", f"{AMY},", export)
    assert (code, out) == (1, "")
    assert _last(err).endswith(f"; did you mean {AMY} (Jo Lamb)?")
