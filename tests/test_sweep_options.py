"""Options and paths as office staff type them (sweep of 3 December, options).

Each register is written by hand here; the expected answer is worked from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from clirun import run_cli

HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"


def _export(
    path: Path,
    pupils: list[tuple[str, str, str, str]],
    days: int = 10,
    *,
    dob: str = "01/10/2014",
    unauthorised: tuple[int, ...] = (),
) -> Path:
    """A long CSV: each pupil (UPN, surname, year as the export writes it, form) born on
    ``dob``, present every session of ``days`` school days from Monday 7 September 2026,
    but the pupils at the places ``unauthorised`` in ``pupils``, unauthorised (O) all day
    every other school day (the first, the third, ...)."""
    lines = [HEADER]
    day = dt.date(2026, 9, 7)
    n = 0
    while n < days:
        if day.weekday() < 5:
            for i, (upn, surname, year, form) in enumerate(pupils):
                for session in ("AM", "PM"):
                    mark = "/" if session == "AM" else "\\"
                    if i in unauthorised and n % 2 == 0:
                        mark = "O"
                    lines.append(
                        f'{upn},{surname},Jo,{year},{form},{dob},"{day:%a, %d %b %Y}",'
                        f"{session},{mark}"
                    )
            n += 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


REC, Y7 = "A123456789011", "A123456789012"


@pytest.mark.parametrize(
    ("typed", "upn"),
    [
        ("7", Y7),
        ("Year 7", Y7),
        ("year 7", Y7),
        ("Y7", Y7),
        ("Yr 7", Y7),
        ("07", Y7),
        ("NC Year 7", Y7),
        ("Reception", REC),  # as the export's own Year column writes it
        ("R", REC),
        ("YR", REC),
    ],
)
def test_year_group_option_reads_what_the_export_s_column_reads(tmp_path, typed, upn):
    """The export says "Reception" and "Year 7"; the loader reads "Reception", "YR", "Y7",
    "Yr 7", "NC Year 7" and "07" in the column as R and 7. ``--year-group`` took only "7",
    "Year 7" and "R": ``--year-group Reception`` (the word on the office's own screen) was
    refused with "no such year group in the data (found: 7, R)"."""
    export = _export(tmp_path / "e.csv", [(REC, "Lamb", "Reception", "RA"), (Y7, "Booth", "Year 7", "7A")])
    code, out, err = run_cli("check", export, "--year-group", typed, "-f", "json")
    assert code == 0, err
    assert [p["upn"] for p in json.loads(out)["pupils"]] == [upn]


def test_year_group_option_not_in_the_data_names_what_is(tmp_path):
    export = _export(tmp_path / "e.csv", [(REC, "Lamb", "Reception", "RA"), (Y7, "Booth", "Year 7", "7A")])
    for typed in ("Year 12", "Year Seven"):
        code, _, err = run_cli("check", export, "--year-group", typed)
        assert code == 1
        assert err.strip().splitlines()[-1] == (
            f"error: --year-group {typed!r}: no such year group in the data (found: 7, R)"
        )


def _last(err: str) -> str:
    return err.strip().splitlines()[-1]


def test_a_file_not_found_says_what_to_give_instead(tmp_path, monkeypatch):
    """A name that is no file said only "no such file": the path dragged in with its quote
    marks, a Windows path on this computer, a letter left out beside the right file, a
    folder that is not there. Each now says what to give (the export, the contacts, the
    pupil list and the config alike); a name near nothing is as before."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "x y"
    folder.mkdir()
    export = _export(folder / "register.csv", [(Y7, "Booth", "Year 7", "7A")])
    (folder / "contacts.csv").write_text("UPN,Contact Name\n", "utf-8")
    quoted = f'"{export}"'
    code, _, err = run_cli("check", quoted)
    assert code == 1
    assert _last(err) == (
        f"error: {quoted}: no such file. The name has quote marks round it: give it without "
        f"them, {export} (that file exists)"
    )
    code, _, err = run_cli("check", "C:\\Users\\office\\register.csv")
    assert _last(err) == (
        "error: C:\\Users\\office\\register.csv: no such file. This is a Windows path, and "
        "this computer is not Windows: give the path on this computer (folders separated by /)"
    )
    for typo in ("registr.csv", "Register.csv", "register.xlsx"):
        code, _, err = run_cli("check", folder / typo)
        assert (code, _last(err)) == (
            1, f"error: {folder / typo}: no such file. Did you mean {export}?"
        )
    code, _, err = run_cli("check", tmp_path / "gone" / "register.csv")
    assert _last(err) == (
        f"error: {tmp_path / 'gone' / 'register.csv'}: no such file. There is no folder "
        f"{tmp_path / 'gone'}"
    )
    code, _, err = run_cli("check", folder / "autumn.csv")
    assert _last(err) == f"error: {folder / 'autumn.csv'}: no such file"
    code, _, err = run_cli("cme", export, "--contacts", folder / "contact.csv")
    assert _last(err) == (
        f"error: {folder / 'contact.csv'}: the contacts file does not exist. Did you mean "
        f"{folder / 'contacts.csv'}?"
    )
    code, _, err = run_cli("check", export, "--pupils", f"'{folder / 'contacts.csv'}'")
    assert _last(err).endswith(
        f"no such file. The name has quote marks round it: give it without them, "
        f"{folder / 'contacts.csv'} (that file exists)"
    )
    (tmp_path / "attcli.toml").write_text("", "utf-8")
    code, _, err = run_cli("check", export, "-c", "attcli.tom")
    assert _last(err) == (
        "error: config key '--config': file 'attcli.tom' does not exist; did you mean "
        "attcli.toml?"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{export}", "-o", "{out}.csv"),
        ("check", "{export}", "-f", "json", "-o", "{out}.json"),
        ("cme", "{export}", "-o", "{out}.xlsx"),
        ("report", "{export}", "-o", "{out}.html"),
        ("la-return", "{export}", "--month", "2026-09", "-o", "{out}.csv"),
        ("pupil", "show", Y7, "{export}", "--pdf", "{out}.pdf"),
        ("letters", "{ex}/arbor_autumn_2026.csv", "--contacts", "{ex}/contacts.csv", "--out", "{out}"),
    ],
)
@pytest.mark.parametrize("kind", ["windows", "quoted"])
def test_an_output_path_typed_for_another_computer_is_refused(tmp_path, monkeypatch, args, kind):
    """``-o C:\\Users\\office\\out.csv`` on this Linux machine wrote a file of that name in
    the working folder (exit 0, "wrote C:\\Users\\office\\out.csv"): pupil data left where
    nobody would look, and not where it was asked. A name with its quote marks still on
    made folders named '"' down the path (``letters --out``). Both are refused, nothing
    written."""
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    run = tmp_path / "run"
    run.mkdir()
    monkeypatch.chdir(run)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    export = _export(tmp_path / "e.csv", [(Y7, "Booth", "Year 7", "7A")])
    out = "C:\\Users\\office\\out" if kind == "windows" else f'"{tmp_path / "x y" / "out"}'
    ex = Path(__file__).resolve().parents[1] / "examples" / "exports"
    given = [a.format(export=export, out=out, ex=ex) for a in args]
    if kind == "quoted" and given[-1].endswith(("csv", "json", "xlsx", "html", "pdf")):
        given[-1] += '"'
    code, _, err = run_cli(*given, "--workspace", ws)
    assert code == 1, err
    why = "this is a Windows path" if kind == "windows" else "the name has quote marks round it"
    # (report, la-return and pupil --pdf refuse the quoted name's ending first: shown
    # with its quote mark, as before)
    assert why in _last(err) or (kind == "quoted" and "give a file ending" in err), err
    assert list(run.iterdir()) == []
    assert not (tmp_path / "x y").exists()


@pytest.mark.parametrize("typed", ["", " ", ","])
def test_letters_only_naming_no_letter_is_refused(tmp_path, monkeypatch, typed):
    """``--only ""`` (a script's empty variable) made every letter (18 for the example, the
    red and severe ones with them), and ``--only " "`` or ``--only ,`` none, each without
    a word. "Only these letters" naming none is one line, nothing made."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-19")
    ex = Path(__file__).resolve().parents[1] / "examples"
    code, out, err = run_cli(
        "letters", ex / "exports" / "arbor_autumn_2026.csv", "--contacts",
        ex / "exports" / "contacts.csv", "-c", ex / "attcli.toml", "--out", tmp_path / "l",
        "--dry-run", "--only", typed,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert _last(err) == (
        f"error: --only {typed!r} names no letter; give the letters to make, e.g. amber,red "
        "(choose from: amber, lateness, penalty_notice_warning, praise, red, severe), or "
        "leave out --only"
    )


def test_a_pattern_attcli_expands_leaves_out_excel_s_lock_file(tmp_path):
    """cmd and PowerShell pass ``exports\\*.csv`` as typed and attcli expands it; with the
    export open in Excel the pattern matched Excel's lock file ``~$register.csv`` beside it,
    and the run was refused "leave this one out", which a pattern cannot. attcli's own
    expansion leaves lock files out (a name given whole is still refused)."""
    folder = tmp_path / "exports"
    folder.mkdir()
    export = _export(folder / "register.csv", [(Y7, "Booth", "Year 7", "7A")])
    lock = folder / "~$register.csv"
    lock.write_bytes(b"\x0bK Office\x00" * 10)
    code, out, err = run_cli("check", folder / "*.csv", "-f", "json")
    assert code == 0, err
    assert [p["upn"] for p in json.loads(out)["pupils"]] == [Y7]
    code, _, err = run_cli("check", export, lock)
    assert code == 1 and "this is the lock file Excel keeps" in _last(err)
    code, _, err = run_cli("check", folder / "~$*.csv")
    assert _last(err) == (
        f"error: {folder / '~$*.csv'}: no file matches this pattern; give the export files, "
        "or a pattern that matches them (exports/*.csv)"
    )


def test_a_workspace_folder_typed_with_its_quotes_says_so(tmp_path):
    """``--workspace '"/school"'`` said "no such folder; make the workspace with `attcli
    --workspace "/school" init`", of a folder that exists and holds its workspace."""
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    export = _export(tmp_path / "e.csv", [(Y7, "Booth", "Year 7", "7A")])
    code, _, err = run_cli("check", export, "--workspace", f'"{ws}"')
    assert (code, _last(err)) == (
        1,
        f"error: --workspace '\"{ws}\"': no such folder; the name has quote marks round it: "
        f"give it without them, {ws}",
    )


def test_a_trust_report_s_missing_summary_is_no_such_file(tmp_path):
    """``report --trust`` took whatever is no summary for an export: a misspelt summary
    name (or a folder) was refused "an export, and attcli.toml has no [schools.KEY]
    sections ...", sending the trust to write config sections for a typo."""
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    (tmp_path / "oak.summary.json").write_text("{}", "utf-8")
    typo = tmp_path / "oak.summary.jsn"
    code, _, err = run_cli("report", "--trust", typo, "-o", tmp_path / "t.html", "--workspace", ws)
    assert (code, _last(err)) == (
        1, f"error: {typo}: no such file. Did you mean {tmp_path / 'oak.summary.json'}?"
    )
    code, _, err = run_cli("report", "--trust", ws, "-o", tmp_path / "t.html", "--workspace", ws)
    assert (code, _last(err)) == (
        1, f"error: {ws}: this is a folder, not a file. Give the schools' summary files "
        "(attcli summary) or exports inside it",
    )


@pytest.mark.parametrize(
    "args",
    [
        ("pupil", "show", "{export}", Y7),
        ("pupil", "{export}", Y7),
        ("evidence", "{export}", Y7, "--for", "penalty-notice", "--contacts", "{export}"),
        ("pn", "record", "{export}", Y7, "--parent", "Jo", "--date", "2026-09-18",
         "--contacts", "{export}"),
    ],
)  # fmt: skip
def test_the_export_given_before_the_upn_is_said(tmp_path, args):
    """The UPN and the export the other way round said "A123456789012: no such file"
    (pupil, evidence), or "pupil e.csv has no contacts in e.csv" (pn record)."""
    export = _export(tmp_path / "e.csv", [(Y7, "Booth", "Year 7", "7A")])
    code, out, err = run_cli(*[a.format(export=export) for a in args])
    assert (code, out) == (2, "")
    assert f"Invalid value for 'UPN': '{export}' is a file, not a pupil: give the pupil's UPN " \
        "first, then the exports" in " ".join(err.split())


@pytest.mark.parametrize("command", [("check",), ("cme", "-f", "csv"), ("la-return", "--month", "2026-09")])
def test_an_output_named_as_the_export_it_reads_is_refused_even_with_force(tmp_path, command):
    """``check register.csv -o register.csv --force`` wrote the check over the register it
    was made from (exit 0, the MIS export gone). ``--force`` replaces an earlier output,
    never the command's own export: one line, the export as it was."""
    from school import make_workspace

    ws = make_workspace(tmp_path / "ws").parent
    export = _export(tmp_path / "register.csv", [(Y7, "Booth", "Year 7", "7A")])
    before = export.read_bytes()
    code, _, err = run_cli(command[0], export, *command[1:], "-o", export, "--force",
                           "--workspace", ws)  # fmt: skip
    assert (code, _last(err)) == (
        1, f"error: {export} is an export this command reads; give another name for the output"
    )
    assert export.read_bytes() == before


def test_a_home_folder_tilde_in_quotes_is_said(tmp_path, monkeypatch):
    """``"~/register.csv"`` in quotes reaches attcli as typed (no shell expands it): "no
    such file" (or "the folder ~ does not exist" for -o) did not say why."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    export = _export(tmp_path / "register.csv", [(Y7, "Booth", "Year 7", "7A")])
    code, _, err = run_cli("check", "~/register.csv")
    assert (code, _last(err)) == (
        1, "error: ~/register.csv: no such file. ~ (your home folder) is not read in quotes: "
        f"give it as {export}",
    )
    code, _, err = run_cli("check", export, "-o", "~/out.csv")
    assert (code, _last(err)) == (
        1, f"error: ~/out.csv: ~ (your home folder) is not read in quotes: give it as "
        f"{tmp_path / 'out.csv'}",
    )
