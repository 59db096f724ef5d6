"""The error paths in office hands (sweep of 4 December, errors).

What an office user types wrong, in an option or in attcli.toml, is refused in one line
naming the value and what would be valid, exit 1, never a traceback (exit 70) and never
taken without a word.  The register here is written by hand: three pupils, four school
weeks from Monday 7 September 2026."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run_cli
from test_sweep_options import _export as options_export

PUPILS = (
    ("A123456789011", "Smith", "Year 7", "7A"),
    ("A123456789012", "Jones", "Year 8", "8A"),
    ("B123456789013", "Brown", "Year 9", "9A"),
)


def _export(path: Path, days: int = 20) -> Path:
    """A long CSV: every pupil present every session of ``days`` school days from Monday
    7 September 2026, but Brown, unauthorised (O) all day every other day."""
    return options_export(path, list(PUPILS), days, dob="01/10/2012", unauthorised=(2,))


def _contacts(tmp_path: Path) -> Path:
    """A contacts export: one parent with parental responsibility for each pupil."""
    path = tmp_path / "contacts.csv"
    rows = ["UPN,Contact Name,Relationship,Priority,Parental Responsibility,Telephone"]
    rows += [f"{upn},Pat {surname},Mother,1,Y,01632 96000{n}" for n, (upn, surname, _, _) in
             enumerate(PUPILS)]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _school(tmp_path: Path, config: str = "") -> tuple[Path, Path]:
    """(workspace, export): a workspace whose attcli.toml names the school, then ``config``."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Oak School"\n' + config, encoding="utf-8")
    return ws, _export(tmp_path / "export.csv")


# ---------------------------------------------------------------- nan and inf in attcli.toml


@pytest.mark.parametrize(
    ("section", "key", "value", "valid"),
    [
        ("letters", "hold_share", "nan", "expected a percentage from 0 to 100 such as 50"),
        ("letters", "hold_share", "inf", "expected a percentage from 0 to 100 such as 50"),
        ("letters", "hold_share", "-inf", "expected a percentage from 0 to 100 such as 50"),
        ("report", "target", "nan", "expected a percentage such as 93.1"),
        ("report", "target", "-inf", "expected a percentage such as 93.1"),
        ("report.national", "attendance_pct", "nan", "expected a percentage such as 93.1"),
        ("report.national", "pa_rate", "inf", "expected a percentage such as 93.1"),
    ],
)
def test_nan_or_inf_for_a_percentage_is_refused_in_one_line(
    tmp_path: Path, section: str, key: str, value: str, valid: str
) -> None:
    """TOML reads ``nan`` and ``inf`` as numbers; ``hold_share = nan`` or ``target = inf``
    (a slip, or a value pasted from a spreadsheet's error cell) stopped every command with
    "attcli failed unexpectedly (ValueError: Invalid literal for Fraction: 'nan')", exit 70."""
    extra = 'source = "DfE"\n' if section == "report.national" else ""
    ws, export = _school(tmp_path, f"[{section}]\n{extra}{key} = {value}\n")
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key '{section}.{key}': {valid}, got "
        f"{float(value)!r}\n"
    )


# ---------------------------------------------------------------- an empty name


@pytest.mark.parametrize(
    ("args", "shown", "what", "command"),
    [
        (["check", ""], "'EXPORT...'", "file", "check"),
        (["check", "{export}", ""], "'EXPORT...'", "file", "check"),
        (["check", "{export}", "--pupils", ""], "'--pupils'", "file", "check"),
        (["check", "{export}", "--per-school", ""], "'--per-school'", "folder", "check"),
        (["cme", "{export}", "--contacts", ""], "'--contacts'", "file", "cme"),
        (["register-check", "{export}", "--term", "autumn", "--contacts", ""], "'--contacts'",
         "file", "register-check"),
        (["la-return", "{export}", "--month", "2026-09", "--contacts", ""], "'--contacts'",
         "file", "la-return"),
        (["letters", "{export}", "--contacts", "", "--dry-run"], "'--contacts'", "file",
         "letters"),
        (["letters", "{export}", "--contacts", "{export}", "--out", ""], "'--out'", "folder",
         "letters"),
        (["report", "{export}", "--pupils", ""], "'--pupils'", "file", "report"),
        (["summary", "{export}", "--pupils", ""], "'--pupils'", "file", "summary"),
        (["pupil", "show", "A123456789011", "{export}", "--pdf", ""], "'--pdf'", "file",
         "pupil show"),
        (["pupil", "show", "A123456789011", "{export}", "--contacts", ""], "'--contacts'",
         "file", "pupil show"),
        (["evidence", "A123456789011", "{export}", "--contacts", ""], "'--contacts'", "file",
         "evidence"),
        (["pn", "next", "A123456789011", "--contacts", ""], "'--contacts'", "file", "pn next"),
        (["case", "record", "--from", ""], "'--from'", "file", "case record"),
        (["national", "update", ""], "'FILE.csv'", "file", "national update"),
        (["init", ""], "'FOLDER'", "folder", "init"),
        # (--workspace is attcli's own option, wherever it is typed)
        (["check", "{export}", "--workspace", ""], "'--workspace'", "folder", ""),
    ],
)  # fmt: skip
def test_an_empty_name_is_refused_as_empty(
    tmp_path: Path, args: list[str], shown: str, what: str, command: str
) -> None:
    """A file or folder given as ``''`` (``attcli check "$EXPORT"`` with the variable
    empty, a quoted name left out) was taken as the current folder, ``Path('')``:
    "error: .: this is a folder, not a file. Give the export file inside it", naming a
    folder the user never typed (``--workspace ''`` offered `attcli --workspace . init`;
    ``--pdf ''``: "--pdf '.': give a file ending .pdf"). ``-o ''`` was said as empty
    already; every other name is now too."""
    ws, export = _school(tmp_path)
    args = [a.replace("{export}", str(export)) for a in args]
    # (--workspace '' is the workspace given: with the school's too it would be given twice)
    code, out, err = run_cli(*([] if "--workspace" in args else ["--workspace", ws]), *args)
    assert (code, out) == (2, ""), err
    assert " ".join(err.split()) == (
        f"error: Invalid value for {shown}: '': the {what}'s name is empty; give the {what}'s "
        f"name; see `{' '.join(['attcli', command]).strip()} --help`"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "ws"]
    assert [p.name for p in ws.iterdir()] == ["attcli.toml"]


@pytest.mark.parametrize(
    ("args", "default"),
    [
        (["summary", "{export}"], "URN-ASOF.summary.json"),
        (["report", "{export}"], "report.html (report-governors.html for --audience governors)"),
        (["register-check", "{export}", "--term", "autumn"], "register-check-TERM-YEAR.xlsx"),
        (["la-return", "{export}", "--month", "2026-09"], "la-return-YYYY-MM.xlsx"),
    ],
)
@pytest.mark.parametrize(("given", "said"), [("", "is empty"), ("-", "is - (the screen)")])
def test_an_empty_output_name_names_the_file_written_without_it(
    tmp_path: Path, args: list[str], default: str, given: str, said: str
) -> None:
    """``attcli summary x.csv -o ''`` said "give a file name, or leave out -o to print to
    the screen", and ``register-check -o -`` "leave out -o to print to the screen": these
    commands print no file to the screen, and without -o write one of their own name."""
    ws, export = _school(tmp_path)
    args = [a.replace("{export}", str(export)) for a in args]
    code, out, err = run_cli("--workspace", ws, *args, "-o", given)
    assert (code, out) == (2, ""), err
    assert " ".join(err.split()) == (
        f"error: Invalid value for '--output' / '-o': {given!r}: the output file's name {said}; "
        f"give a file name, or leave out -o to write {default}; see `attcli {args[0]} --help`"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "ws"]


# ---------------------------------------------------------------- a record's number


@pytest.mark.parametrize(
    ("command", "what", "see"),
    [
        ("pn", "penalty notice {n} on record", "attcli pn list"),
        ("case", "casebook record {n}", "attcli case list"),
    ],
)
@pytest.mark.parametrize("number", ["99999999999999999999999", str(2**63), "0"])
def test_a_record_number_too_big_for_the_history_is_not_on_record(
    tmp_path: Path, command: str, what: str, see: str, number: str
) -> None:
    """``attcli pn void 99999999999999999999999`` (a number mistyped, a UPN's digits
    pasted) stopped with "attcli failed unexpectedly (OverflowError: Python int too large
    to convert to SQLite INTEGER)", exit 70: no record has that number, which is what is
    said of any other."""
    ws, export = _school(tmp_path)
    assert run_cli("--workspace", ws, "check", export, "--record")[0] == 0
    code, out, err = run_cli("--workspace", ws, command, "void", number, "--reason", "typo")
    assert (code, out) == (1, ""), err
    assert err == f"error: no {what.format(n=number)} (see `{see}`)\n"


# ---------------------------------------------------------------- dates and numbers beyond any


@pytest.mark.parametrize(
    ("args", "typed", "year"),
    [
        (["check", "{export}", "--as-of", "9999-12-31"], "9999-12-31", 9999),
        (["check", "{export}", "--as-of", "31/12/9999"], "31/12/9999", 9999),
        (["check", "{export}", "--as-of", "0001-01-01"], "0001-01-01", 1),
        (["cme", "{export}", "--as-of", "01/01/0001"], "01/01/0001", 1),
        (["check", "{export}", "--as-of", "2100-01-01"], "2100-01-01", 2100),
        (["check", "{export}", "--from", "1999-12-31"], "1999-12-31", 1999),
        (["case", "record", "A123456789011", "--action", "amber", "--date", "0202-10-01"],
         "0202-10-01", 202),
    ],
)  # fmt: skip
def test_a_date_of_a_year_no_register_has_is_refused(
    tmp_path: Path, args: list[str], typed: str, year: int
) -> None:
    """``--as-of 9999-12-31`` stopped with "OverflowError: date value out of range" and
    ``--as-of 0001-01-01`` with "ValueError: year 0 is out of range" (its school year
    began in year 0), exit 70. A year outside 2000-2099 (the years a spreadsheet's day
    number is read in) is a slip, said so in one line."""
    ws, export = _school(tmp_path)
    args = [a.replace("{export}", str(export)) for a in args]
    option = args[args.index(typed) - 1]
    code, out, err = run_cli("--workspace", ws, *args)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: {option} {typed!r}: the year {year} is no school year attcli reads; give a "
        "date from 2000 to 2099, YYYY-MM-DD or DD/MM/YYYY\n"
    )


@pytest.mark.parametrize("typed", ["2000-01-01", "2099-12-31"])
def test_the_first_and_last_years_read_are_dates(tmp_path: Path, typed: str) -> None:
    """The boundaries: 2000 is read (and is before the data: said as that), 2099 is read
    (after the data: figures as of the end of the data, said as incomplete)."""
    ws, export = _school(tmp_path)
    code, out, err = run_cli("--workspace", ws, "check", export, "--as-of", typed)
    if typed.startswith("2000"):
        assert (code, err) == (
            1,
            "error: --as-of 2000-01-01 is before the first date in the data (07/09/2026): "
            "give --as-of 2026-09-07 or later\n",
        )
    else:
        assert code == 0, err
        assert out.startswith("Oak School: attendance check as of Thu 31 Dec 2099\n")


@pytest.mark.parametrize(("weeks", "code"), [("52", 0), ("53", 2), ("99999999999999999999", 2)])
def test_impact_weeks_beyond_a_year_are_refused(tmp_path: Path, weeks: str, code: int) -> None:
    """``attcli cases --impact --weeks 999999999`` stopped with "OverflowError: Python int
    too large to convert to C int", exit 70. The weeks before and after an action are at
    most a year (52) either side."""
    ws, export = _school(tmp_path)
    got, _, err = run_cli("--workspace", ws, "cases", export, "--impact", "--weeks", weeks)
    assert got == code, err
    if code:
        assert " ".join(err.split()) == (
            "error: Invalid value for '--weeks': expected 52 or fewer; see `attcli cases --help`"
        )


# ---------------------------------------------------------------- a value said back


@pytest.mark.parametrize("name", ["pack.txt", "pack", "pack.pdf.docx"])
def test_an_evidence_pack_s_file_of_another_kind_is_named(tmp_path: Path, name: str) -> None:
    """``attcli evidence UPN x.csv --for penalty-notice -o pack.txt`` said "give the pack's
    file name, -o FILE.pdf", as if no -o had been given: the name typed is said back."""
    ws, export = _school(tmp_path)
    out_file = tmp_path / name
    code, out, err = run_cli(
        "--workspace", ws, "evidence", "B123456789013", export, "--for", "penalty-notice",
        "--contacts", _contacts(tmp_path), "-o", out_file,
    )  # fmt: skip
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: --output {str(out_file)!r}: an evidence pack is a PDF; give a file ending "
        ".pdf (or .json, for an LA portal)\n"
    )
    assert not out_file.exists()


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_release_is_refused(tmp_path: Path, blank: str) -> None:
    """``attcli letters ... --release ''`` (a UPN variable left empty) made the letters
    with nobody released and no word of the blank; ``la-return --add ''`` is refused."""
    ws, export = _school(tmp_path)
    out_dir = tmp_path / "letters"
    code, out, err = run_cli(
        "--workspace", ws, "letters", export, "--contacts", _contacts(tmp_path), "--as-of",
        "2026-10-02", "--out", out_dir, "--release", blank,
    )  # fmt: skip
    assert (code, out, err) == (1, "", "error: --release: give the pupil's UPN\n")
    assert not out_dir.exists()


# ---------------------------------------------------------------- attcli.toml's values


@pytest.mark.parametrize(
    ("config", "key", "value"),
    [
        ("[calendar]\ninset_days = [0001-01-01]\n", "calendar.inset_days[0]", "0001-01-01"),
        ("[calendar]\ninset_days = [9999-12-31]\n", "calendar.inset_days[0]", "9999-12-31"),
        ('[calendar]\ninset_days = ["2100-01-04"]\n', "calendar.inset_days[0]", "2100-01-04"),
        ('[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 9999-09-06\nend = 9999-10-22\n',
         "calendar.half_terms[0].start", "9999-09-06"),
        ('[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 1999-09-06\nend = 1999-10-22\n',
         "calendar.half_terms[0].start", "1999-09-06"),
    ],
)  # fmt: skip
def test_a_term_date_of_a_year_no_register_has_is_refused(
    tmp_path: Path, config: str, key: str, value: str
) -> None:
    """A half term in 9999 stopped every command with "ValueError: year 10000 is out of
    range", exit 70; one in 0001 was taken and said as "the term dates given are for
    1/02"; an INSET day in 0001 or 9999 was taken without a word."""
    ws, export = _school(tmp_path, config)
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, ""), err
    year = int(value[:4])
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key {key!r}: {value}: the year {year} is no "
        "school year attcli reads; give a date from 2000 to 2099\n"
    )


def test_term_dates_of_2000_and_2099_are_read(tmp_path: Path) -> None:
    ws, export = _school(tmp_path, "[calendar]\ninset_days = [2000-01-04, 2099-12-31]\n")
    code, _, err = run_cli("--workspace", ws, "check", export)
    assert code == 0, err


@pytest.mark.parametrize("path", ["attcli-history.sqlite3 ", " attcli-history.sqlite3"])
def test_a_history_path_with_a_space_round_it_is_refused(tmp_path: Path, path: str) -> None:
    """``path = "attcli-history.sqlite3 "`` (a space typed after the name) was a new,
    empty history beside the one holding the letters and notices on record: the next
    run's penalty notices were all "first" again."""
    ws, export = _school(tmp_path)
    assert run_cli("--workspace", ws, "check", export, "--record")[0] == 0
    assert (ws / "attcli-history.sqlite3").is_file()
    toml = ws / "attcli.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + f'[history]\npath = "{path}"\n',
                    encoding="utf-8")  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "pn", "list")
    assert (code, out) == (1, ""), err
    end = "end" if path.endswith(" ") else "start"
    assert err == (
        f"error: {toml}: config key 'history.path': {path!r} has a space at its {end}: "
        'write path = "attcli-history.sqlite3"\n'
    )
    assert [p.name for p in ws.iterdir() if p.name != p.name.strip()] == []


def test_a_history_file_named_with_its_space_is_still_read(tmp_path: Path) -> None:
    """A history made under such a name before (on record there) stays readable."""
    ws, export = _school(tmp_path)
    assert run_cli("--workspace", ws, "check", export, "--record")[0] == 0
    (ws / "attcli-history.sqlite3").rename(ws / "h.sqlite3 ")
    toml = ws / "attcli.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '[history]\npath = "h.sqlite3 "\n',
                    encoding="utf-8")  # fmt: skip
    code, out, err = run_cli("--workspace", ws, "pn", "list")
    assert (code, out) == (0, "Penalty notices recorded: none\n"), err


@pytest.mark.parametrize("name", ['""', '"  "'])
def test_an_empty_school_name_is_the_name_not_given(tmp_path: Path, name: str) -> None:
    """``name = ""`` (a name deleted in Notepad) headed the check ": attendance check as of
    ...": it is a name not given, as with no name at all ("School"), and letters are
    refused for want of it."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text(f"[school]\nname = {name}\n", encoding="utf-8")
    export = _export(tmp_path / "export.csv")
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert code == 0, err
    assert out.startswith("School: attendance check as of Fri 02 Oct 2026\n"), out
    code, _, err = run_cli(
        "--workspace", ws, "letters", export, "--contacts", _contacts(tmp_path),
        "--as-of", "2026-10-02", "--out", tmp_path / "letters",
    )  # fmt: skip
    assert code == 1
    assert "config key 'school.name': missing: " in err, err


@pytest.mark.parametrize(
    ("line", "section", "keys"),
    [
        ("lateness.threshold = 3", "lateness", "threshold"),
        ("cme.days = 15", "cme", "days"),
        ("penalty_notice = { sessions = 8, weeks = 10 }", "penalty_notice", "sessions, weeks"),
    ],
)
def test_a_section_s_key_written_dotted_below_another_section_names_its_section(
    tmp_path: Path, line: str, section: str, keys: str
) -> None:
    """``lateness.threshold = 3`` (a key as attcli's own messages name it) added at the end
    of attcli.toml, below ``[sessions]``, was said as "lateness belongs under [letters],
    not [sessions]": [letters]' lateness is true or false, and the line put there is
    refused again. It is [lateness]'s threshold."""
    ws, export = _school(tmp_path, f'[sessions]\npm_from = "12:00"\n{line}\n')
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key 'sessions.{section}': [{section}] is a "
        f"section of its own, not a key of [sessions]: write {keys} without '{section}.' "
        f"below a [{section}] header\n"
    )


@pytest.mark.parametrize(
    ("config", "key", "sessions", "weeks", "most"),
    [
        ("[penalty_notice]\nsessions = 100\nweeks = 9\n", "penalty_notice.sessions", 100, 9, 90),
        ("[penalty_notice]\nsessions = 101\n", "penalty_notice.sessions", 101, 10, 100),
        ("[penalty_notice]\nsessions = 11\nweeks = 1\n", "penalty_notice.sessions", 11, 1, 10),
        ('[schools.b]\nname = "B School"\nurn = "100002"\nfiles = ["b-*.csv"]\n'
         "[schools.b.penalty_notice]\nweeks = 2\n[penalty_notice]\nsessions = 25\n"
         "weeks = 10\n", "schools.b.penalty_notice.weeks", 25, 2, 20),
    ],
)  # fmt: skip
def test_a_penalty_notice_threshold_no_pupil_can_reach_is_refused(
    tmp_path: Path, config: str, key: str, sessions: int, weeks: int, most: int
) -> None:
    """``sessions = 100`` (a 10 typed with one 0 too many) in 10 school weeks, which hold
    at most 100 sessions... 101 and more: no pupil was ever flagged for a notice, and
    nothing said so. (A trust's school with its own weeks is checked with them.)"""
    ws, export = _school(tmp_path, config)
    code, out, err = run_cli("--workspace", ws, "check", export)
    assert (code, out) == (1, ""), err
    week_s = "week" if weeks == 1 else "weeks"
    # (the check the settings sweep made of the same fault: the key named is the one the
    # school gave, its own weeks for a trust's school that set only them)
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key {key!r}: {sessions} unauthorised sessions "
        f"can never fall within {weeks} school {week_s} (a school week holds at most 10 "
        f"sessions, AM and PM of 5 days): give sessions of at most {most}, or more weeks\n"
    )


@pytest.mark.parametrize(("sessions", "weeks"), [(100, 10), (10, 1), (20, 2)])
def test_a_penalty_notice_threshold_of_every_session_is_read(
    tmp_path: Path, sessions: int, weeks: int
) -> None:
    ws, export = _school(tmp_path, f"[penalty_notice]\nsessions = {sessions}\nweeks = {weeks}\n")
    code, _, err = run_cli("--workspace", ws, "check", export)
    assert code == 0, err


# ---------------------------------------------------------------- attcli init's options


@pytest.mark.parametrize(
    ("option", "value", "why"),
    [
        ("--urn", "12", "expected the school's six-digit URN, got '12'"),
        ("--dfe-number", "999/400", "expected the local authority's three digits and the "
         "school's four, such as 999/4001, got '999/400'"),
    ],
)  # fmt: skip
def test_an_init_option_the_config_refuses_is_named_as_typed(
    tmp_path: Path, option: str, value: str, why: str
) -> None:
    """``attcli init FOLDER --urn 12`` said "config key 'school.urn': ..." of a file the
    user had not yet seen, and left FOLDER made and empty: the option typed is named, and
    nothing is made."""
    folder = tmp_path / "oak"
    code, out, err = run_cli("init", folder, "--school", "Oak School", option, value)
    assert (code, out) == (1, ""), err
    assert err == f"error: {option}: {why}\n"
    assert not folder.exists()
    # (the value right: written)
    code, _, err = run_cli("init", folder, "--school", "Oak School", "--urn", "123456",
                           "--dfe-number", "999/4001")  # fmt: skip
    assert code == 0, err
    assert (folder / "attcli.toml").is_file()


# ---------------------------------------------------------------- -o and --format


@pytest.mark.parametrize("command", ["check", "cme", "cases"])
def test_a_workbook_with_no_file_names_the_format(tmp_path: Path, command: str) -> None:
    """``attcli check x.csv --format xlsx`` read the whole register, then said "this format
    needs --output FILE", naming no format: it is said first, naming it."""
    ws, export = _school(tmp_path)
    code, out, err = run_cli("--workspace", ws, command, export, "--format", "xlsx")
    assert (code, out) == (1, ""), err
    assert err == (
        "error: --format xlsx is a workbook, which the screen cannot show: give --output "
        "FILE.xlsx\n"
    )


@pytest.mark.parametrize(
    ("name", "said", "meant"),
    [("week.csv.", "a dot", "week.csv"), ("week.xlsx..", "a dot", "week.xlsx"),
     ("week.", "a dot", "week")],
)  # fmt: skip
def test_an_output_name_ending_with_a_dot_is_refused(
    tmp_path: Path, name: str, said: str, meant: str
) -> None:
    """``-o week.csv.`` (a stray full stop) has no extension, so a text table was written
    in it, which Windows names week.csv: Excel opened a table of spaces as CSV."""
    ws, export = _school(tmp_path)
    target = tmp_path / name
    code, out, err = run_cli("--workspace", ws, "check", export, "-o", target)
    assert (code, out) == (1, ""), err
    assert err == f"error: --output {str(target)!r}: the name ends with {said}: give " \
        f"{tmp_path / meant}\n"  # fmt: skip
    assert not target.exists()


# ---------------------------------------------------------------- --debug


def test_debug_typed_after_the_command_is_read(tmp_path: Path) -> None:
    """A bug's message says "run the same command again with --debug to see where": typed
    at the end, as anyone adds it to the command they ran, it was "No such option:
    --debug", exit 2, and the traceback asked for could not be had."""
    from attcli.errors import AttcliError

    ws, export = _school(tmp_path)
    with pytest.raises(AttcliError, match="--as-of '2026-02-30' is not a date"):
        run_cli("--workspace", ws, "check", export, "--as-of", "2026-02-30", "--debug")
    # (and without it, the one line)
    code, _, err = run_cli("--workspace", ws, "check", export, "--as-of", "2026-02-30")
    assert (code, err) == (
        1, "error: --as-of '2026-02-30' is not a date: February 2026 has 28 days\n"
    )


@pytest.mark.parametrize("name", ["week.csv", "week.xlsx", "Week.XLSX"])
def test_an_export_given_as_the_config_is_said_so(tmp_path: Path, name: str) -> None:
    """``attcli check -c week.csv attcli.toml`` (the two given the other way round) said
    "config key '(syntax)': not valid TOML: Expected '=' after a key ... (at line 1, column
    4)"; a workbook, "this is not a text file ...: week.xlsx is plain text"."""
    ws, export = _school(tmp_path)
    given = tmp_path / name
    given.write_bytes(export.read_bytes() if name.endswith("csv") else b"PK\x03\x04rest")
    code, out, err = run_cli("check", "-c", given, export)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: config key '--config': {str(given)!r} is a register or MIS export "
        f"({given.suffix}), not attcli's config: give the config file (attcli.toml) after "
        "--config, and the exports after the command\n"
    )


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("UPN,Forename,Surname,Relationship,Priority,Telephone", "Relationship"),
        ("UPN,Forename,Surname,Parental Responsibility", "Parental Responsibility"),
        ("UPN,Contact Forename,Contact Surname,Contact Priority", "Contact Priority"),
    ],
)
def test_a_contacts_export_given_as_the_pupil_list_is_refused(
    tmp_path: Path, header: str, column: str
) -> None:
    """``--pupils contacts.csv`` (the two files swapped) was read without a word: its
    Forename and Surname are the parents', which name the pupils of a register that
    identifies them by MIS id only. (A contacts export given as ``--contacts`` the other
    way round has been refused since "A pupil list is not the contacts".)"""
    ws, export = _school(tmp_path)
    contacts = tmp_path / "contacts.csv"
    cells = {"UPN": "A123456789011", "Relationship": "Mother", "Priority": "1"}
    row = ",".join(cells.get(h, "1" if "Priority" in h else "Pat") for h in header.split(","))
    contacts.write_text(f"{header}\n{row}\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "check", export, "--pupils", contacts)
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: {contacts}: this looks like a contacts export, not a pupil list: it has a "
        f"column only a contact has (column {column!r}). Give the MIS's pupil list (one row "
        "per pupil: UPN, names, date of birth), or leave out --pupils\n"
    )


def test_a_pupil_list_with_a_title_and_order_is_a_pupil_list(tmp_path: Path) -> None:
    """Title, Order and PR are headers a pupil list may have too: read as before."""
    ws, export = _school(tmp_path)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Title,Order,PR\n"
        + "".join(f"{upn},{s},Jo,Miss,{n},N\n" for n, (upn, s, _, _) in enumerate(PUPILS)),
        encoding="utf-8",
    )
    code, _, err = run_cli("--workspace", ws, "check", export, "--pupils", pupils)
    assert code == 0, err


@pytest.mark.parametrize(("kind", "text"), [("check", None), ("list", "[]\n")])
def test_a_json_file_no_summary_given_to_a_trust_report_is_said_so(
    tmp_path: Path, kind: str, text: str | None
) -> None:
    """``attcli report --trust check.json`` (attcli check's JSON, not a summary) said
    "check.json: an export, and attcli.toml has no [schools.KEY] sections to say whose it
    is: add them", which, done, refused it as "unsupported file type '.json'"."""
    ws, export = _school(tmp_path)
    given = tmp_path / f"{kind}.json"
    if text is None:
        assert run_cli("--workspace", ws, "check", export, "-o", given)[0] == 0
    else:
        given.write_text(text, encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "report", "--trust", given, "-o",
                             tmp_path / "trust.html")  # fmt: skip
    assert (code, out) == (1, ""), err
    assert err == f'error: {given}: not an attcli summary (no "format": "attcli-summary")\n'


@pytest.mark.parametrize("where", ["missing folder", "file there"])
def test_a_certificate_that_cannot_be_written_is_said_before_the_record(
    tmp_path: Path, where: str
) -> None:
    """``attcli pupil show UPN x.csv --pdf nodir/c.pdf`` read the whole register and
    printed the pupil's record, then said "the folder nodir does not exist" (and a
    certificate already there, after it too): said first, as every command's -o is."""
    ws, export = _school(tmp_path)
    pdf = tmp_path / ("nodir/c.pdf" if where == "missing folder" else "c.pdf")
    if where == "file there":
        pdf.write_bytes(b"%PDF-1.4 someone's")
    code, out, err = run_cli("--workspace", ws, "pupil", "show", "A123456789011", export,
                             "--pdf", pdf)  # fmt: skip
    assert (code, out) == (1, ""), err
    assert err == (
        f"error: the folder {pdf.parent} does not exist: make it first, or give a folder "
        "that exists\n"
        if where == "missing folder"
        else f"error: {pdf} already exists; use --force to replace it\n"
    )
    assert where == "missing folder" or pdf.read_bytes() == b"%PDF-1.4 someone's"
