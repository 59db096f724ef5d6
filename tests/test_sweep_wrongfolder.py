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
