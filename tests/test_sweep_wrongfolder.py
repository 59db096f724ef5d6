"""attcli in an office's hands: run from the wrong folder, with last year's config, files
named as Windows users name them, outputs given where they do harm (sweep of 4 December,
fourth, "wrongfolder").

Each case ends in one line naming the file and what would be valid, exit 1, or does the
right thing: never the wrong school's data or settings, never a file the command reads
written over.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
EXPORT = EXPORTS / "arbor_autumn_2026.csv"
CONTACTS = EXPORTS / "contacts.csv"
PUPILS = EXPORTS / "pupils.csv"


@pytest.fixture
def office(tmp_path: Path, monkeypatch) -> Path:
    """A school's folder as OneDrive names it, its config beside copies of its files."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    folder = tmp_path / "OneDrive - Oakfield Academy" / "Attendance’s files #2"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "attcli.toml", folder / "attcli.toml")
    shutil.copy(CONTACTS, folder / "contacts [1].csv")
    shutil.copy(PUPILS, folder / "pupils [1].csv")
    monkeypatch.chdir(folder)
    return folder


# ------------------------------------------------ an output named as a file the command reads


@pytest.mark.parametrize(
    ("args", "option", "name"),
    [
        (["check", str(EXPORT), "--format", "csv", "--pupils"], "--pupils", "pupils [1].csv"),
        (["summary", str(EXPORT), "--pupils"], "--pupils", "pupils [1].json"),
        (["report", str(EXPORT), "--pupils"], "--pupils", "pupils [1].xlsx"),
        (
            ["register-check", str(EXPORT), "--term", "autumn", "--contacts"],
            "--contacts",
            "contacts [1].csv",
        ),
        (
            ["la-return", str(EXPORT), "--month", "2026-11", "--contacts"],
            "--contacts",
            "contacts [1].csv",
        ),
    ],
)
def test_an_output_named_as_the_pupil_list_or_contacts_it_reads_is_refused_even_with_force(
    office: Path, args: list[str], option: str, name: str
) -> None:
    """`check --pupils pupils.csv -o pupils.csv --force` wrote the check over the school's
    pupil list (and `register-check --contacts c.csv -o c.csv --force` over its contacts):
    only the exports, the config and the history were kept from an output."""
    target = office / name
    if not target.exists():
        shutil.copy(office / ("pupils [1].csv" if option == "--pupils" else "contacts [1].csv"), target)
    before = target.read_bytes()
    code, out, err = run_cli(*args, name, "-o", name, "--force")
    assert code == 1, err
    assert err.strip().splitlines() == [
        f"error: {name} is the {option} file this command reads; give another name for the "
        "output"
    ]
    assert target.read_bytes() == before


# ------------------------------------------------ one file given in another's place


def test_the_register_given_as_contacts_is_named_the_register_not_a_pupil_list(
    office: Path,
) -> None:
    """`letters reg.csv --contacts reg.csv` (the same export picked twice in the file
    dialog) said "this looks like a pupil list": the office looked for a pupil list it had
    never given. The register is named as the register, with where it goes."""
    shutil.copy(EXPORT, office / "register [1].csv")
    code, _, err = run_cli(
        "letters", EXPORT, "--contacts", "register [1].csv", "--dry-run", "--as-of", "2026-12-18"
    )
    assert code == 1
    assert err.strip().splitlines() == [
        "error: register [1].csv: this looks like the register export (column 'Session'), not "
        "a contacts export: give it as the export, and the MIS's contacts export (one row per "
        "contact: name, relationship, priority, address) as --contacts"
    ]


def test_the_pupil_list_given_as_contacts_is_still_named_a_pupil_list(office: Path) -> None:
    code, _, err = run_cli(
        "letters", EXPORT, "--contacts", "pupils [1].csv", "--dry-run", "--as-of", "2026-12-18"
    )
    assert code == 1
    assert "this looks like a pupil list, not a contacts export" in err


def test_a_wide_register_given_as_contacts_is_named_the_register(office: Path) -> None:
    code, _, err = run_cli(
        "letters", EXPORT, "--contacts", EXPORTS / "integris_autumn_2026.xlsx", "--dry-run",
        "--as-of", "2026-12-18",
    )
    assert code == 1
    assert "this looks like the register export (column 'Wed 02/09/2026 AM'), not a contacts" in err


# ------------------------------------------------ an export from another school's workspace


def _school_folder(parent: Path, name: str, urn: str) -> Path:
    """A workspace of another school: the example config under another name and URN, and
    its exports folder holding the example export (an Arbor export names no school)."""
    text = (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
    folder = parent / name
    (folder / "exports").mkdir(parents=True)
    (folder / "attcli.toml").write_text(
        text.replace('"Oakfield Academy"', f'"{name}"').replace('"123456"', f'"{urn}"'),
        encoding="utf-8",
    )
    shutil.copy(EXPORT, folder / "exports" / "register.csv")
    return folder


def test_an_export_in_another_schools_workspace_is_refused(office: Path) -> None:
    """Run from Oakfield's folder on Riverside's export (`check ..\\Riverside\\exports\\
    register.csv`): an Arbor export names no school, so its pupils were judged by
    Oakfield's term dates and bands, and letters went on Oakfield's letterhead into
    Oakfield's history, without a word. The export's folder is Riverside's workspace."""
    riverside = _school_folder(office.parent, "Riverside Primary School", "100001")
    export = riverside / "exports" / "register.csv"
    for args in (["check", export], ["letters", export, "--contacts", CONTACTS, "--dry-run"]):
        code, out, err = run_cli(*args)
        assert code == 1, err
        assert err.strip().splitlines() == [
            f"error: {export} lies in the workspace {riverside} (Riverside Primary School, "
            f"URN 100001), not this run's (Oakfield Academy, URN 123456, "
            f"{office / 'attcli.toml'}): run with that school's workspace (--workspace "
            # (quoted to be pasted: the OneDrive folder's name holds spaces)
            f"'{riverside}'); if the export is this school's, move it out of that folder"
        ], err
        assert out == ""


def test_an_export_in_the_same_schools_other_folder_is_read(office: Path) -> None:
    """Last year's folder of the same school (its URN), or the school under a new URN with
    the same name (an academy conversion): the same school, read as before."""
    for name, urn in (("Oakfield Academy", "123456"), ("Oakfield Academy", "140001")):
        folder = office.parent / f"{urn} last year"
        folder.mkdir()
        other = _school_folder(folder, name, urn)
        code, out, err = run_cli("check", other / "exports" / "register.csv", "--format", "json")
        assert code == 0, err
        assert "lies in the workspace" not in err


def test_an_export_below_no_workspace_or_an_unnamed_one_is_read(office: Path) -> None:
    """A folder with no attcli.toml above the export, or one not filled in (`attcli init`'s
    FILL IN), says nothing of whose the export is."""
    folder = office.parent / "Unnamed"
    (folder / "exports").mkdir(parents=True)
    (folder / "attcli.toml").write_text('[school]\nname = "FILL IN"\n', encoding="utf-8")
    shutil.copy(EXPORT, folder / "exports" / "register.csv")
    code, _, err = run_cli("check", folder / "exports" / "register.csv", "--format", "json")
    assert code == 0, err


def test_an_export_in_another_schools_workspace_is_refused_under_attcli_workspace_too(
    office: Path, monkeypatch, tmp_path: Path
) -> None:
    """ATTCLI_WORKSPACE set once (to Oakfield's folder) and the office in Riverside's."""
    riverside = _school_folder(office.parent, "Riverside Primary School", "100001")
    monkeypatch.setenv("ATTCLI_WORKSPACE", str(office))
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", riverside / "exports" / "register.csv")
    assert code == 1
    assert f"lies in the workspace {riverside} (Riverside Primary School, URN 100001)" in err


def test_a_workspace_chosen_on_the_command_line_reads_the_export_it_is_given(
    office: Path,
) -> None:
    """`--workspace DIR` or `--config FILE` is the office's choice made on the command line
    (docs/decisions.md, "Two configs: the one passed over is said"): not second-guessed."""
    riverside = _school_folder(office.parent, "Riverside Primary School", "100001")
    export = riverside / "exports" / "register.csv"
    for how in (["--workspace", office], ["--config", office / "attcli.toml"]):
        code, _, err = run_cli("check", export, "--format", "json", *how)
        assert code == 0, err


# ------------------------------------------------ last week's output in the exports folder


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("check", ["--format", "csv"]),
        ("cme", ["--format", "csv"]),
        ("register-check", ["--term", "autumn"]),
        ("la-return", ["--month", "2026-11"]),
        ("cases", ["--format", "csv"]),
    ],
)
def test_attclis_own_csv_in_the_exports_folder_is_named_as_attclis(
    office: Path, command: str, args: list[str]
) -> None:
    """`check exports\\*.csv -o exports\\check.csv` one week, the same pattern the next: the
    CSV attcli wrote was "a per-pupil attendance summary ... Export the register itself
    from your MIS" (or "a pupil list ... give it as --pupils"), sending the office to the
    MIS for a file it had. It is named as attcli's own output, with what to do, as
    attcli's workbooks and letters manifest are."""
    exports = office / "exports"
    exports.mkdir()
    shutil.copy(EXPORT, exports / "register.csv")
    out = exports / f"{command}.csv"
    code, _, err = run_cli(command, exports / "register.csv", *args, "-o", out)
    assert code == 0, err
    code, _, err = run_cli("check", exports / "*.csv")
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {out}, line 1: this is attcli's own {command} CSV (written by attcli "
        f"{command} -o), not a register. Leave it out of the exports (a pattern such as *.csv "
        "takes it in too), or write it to another folder; the register is the attendance "
        "export, one row per pupil per session or a column per session"
    ], err


# ------------------------------------------------ the history given as the config


def test_the_history_given_as_the_config_is_named_the_history(office: Path) -> None:
    """`-c attcli-history.sqlite3` (the file beside attcli.toml, picked by mistake) said
    "this is not a text file ...: attcli-history.sqlite3 is plain text, as `attcli init`
    writes it": the history is not meant to be plain text, and the office was told to open
    it in Notepad."""
    import sqlite3

    history = office / "attcli-history.sqlite3"
    sqlite3.connect(history).execute("CREATE TABLE meta (key TEXT, value TEXT)").connection.close()
    code, _, err = run_cli("check", EXPORT, "-c", history)
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: config key '--config': {str(history)!r} is attcli's history of letters and "
        "notices (an SQLite database), not its config: give the config file (attcli.toml) "
        "after --config"
    ]


# ------------------------------------------------ a band's letter renamed in the config


def test_a_bands_letter_renamed_mid_half_term_is_not_sent_again(office: Path) -> None:
    """The amber band's letter sent on Friday under 'amber'; the config then changed to
    seed 003's wording (`letter = "upper_amber"`, the band still amber): every amber family
    got a second amber letter in the same half term, as a first letter (DOMAIN.md 9: never
    the same letter twice in a half term). A band's letter on record this half term for
    the same band is that band's letter, whatever its template's name; --resend sends it
    again."""
    import csv

    args = ["letters", EXPORT, "--contacts", CONTACTS, "--as-of", "2026-12-18"]
    code, _, err = run_cli(*args, "--out", office / "letters")
    assert code == 0, err
    with open(office / "letters" / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        sent = list(csv.DictReader(f))
    amber = {r["upn"] for r in sent if r["template"] == "amber"}
    assert len(amber) >= 2
    config = office / "attcli.toml"
    text = config.read_text(encoding="utf-8")
    assert text.count('letter = "amber"') == 1
    config.write_text(text.replace('letter = "amber"', 'letter = "upper_amber"'), encoding="utf-8")
    code, out, err = run_cli(*args, "--out", office / "again", "--dry-run")
    assert code == 0, err
    said = " ".join((out + err).split())
    assert f"dry run: 0 letters would be written; {len(sent)} already sent this half term" in (
        said
    ), said
    code, out, err = run_cli(*args, "--out", office / "again", "--dry-run", "--resend")
    assert code == 0, err
    assert out.count("│ upper amber ") == len(amber), out  # (the letter in words)


def test_a_bands_letter_renamed_keeps_the_casebook_stage_it_recorded(office: Path) -> None:
    """The same rename seen by `cases`: the amber letters sent under 'amber' were no
    stage's letter any more (the ladder's amber step now sends 'upper_amber'), so every
    amber pupil in monitoring went back to "due: letter amber", silently. A letter on
    record is its band's step when its template is no stage's."""
    import csv

    run = ["--as-of", "2026-12-18"]
    code, _, err = run_cli("letters", EXPORT, "--contacts", CONTACTS, *run, "--out", office / "l")
    assert code == 0, err

    def cases(out: str) -> dict[str, tuple[str, str]]:
        code, _, err = run_cli("cases", EXPORT, *run, "--format", "csv", "-o", office / out)
        assert code == 0, err
        with open(office / out, encoding="utf-8-sig", newline="") as f:
            return {r["UPN"]: (r["stage"], r["status"]) for r in csv.DictReader(f)}

    before = cases("before.csv")
    assert sum(1 for stage, status in before.values() if stage == "amber") >= 2
    config = office / "attcli.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('letter = "amber"', 'letter = "upper_amber"'), encoding="utf-8")
    assert cases("after.csv") == before


@pytest.mark.parametrize(
    ("given", "column"),
    [(EXPORT, "Session"), (EXPORTS / "integris_autumn_2026.xlsx", "Wed 02/09/2026 AM")],
)
def test_the_register_given_as_the_pupil_list_is_refused(
    office: Path, given: Path, column: str
) -> None:
    """`--pupils register.csv` (the register picked for the pupil list) was read without a
    word: the joining and leaving dates the office meant to give were not, and the run
    looked as if they had been."""
    code, out, err = run_cli("check", EXPORT, "--pupils", given)
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [
        f"error: {given}: this looks like the register export, not a pupil list (column "
        f"{column!r}). Give the MIS's pupil list (one row per pupil: UPN, names, date of birth), or "
        "leave out --pupils"
    ]


@pytest.mark.parametrize(("command", "args"), [("check", ["--format", "csv"]), ("cme", ["--format", "csv"])])
def test_attclis_own_csv_given_as_the_pupil_list_is_refused(
    office: Path, command: str, args: list[str]
) -> None:
    """Last week's check CSV (UPN, surname, forename, dob) picked for the pupil list was
    read without a word."""
    out = office / f"{command}.csv"
    code, _, err = run_cli(command, EXPORT, *args, "-o", out)
    assert code == 0, err
    code, _, err = run_cli("check", EXPORT, "--pupils", out)
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {out}: this is attcli's own {command} CSV (written by attcli {command}), not "
        "a pupil list. Give the MIS's pupil list (one row per pupil: UPN, names, date of "
        "birth), or leave out --pupils"
    ]
