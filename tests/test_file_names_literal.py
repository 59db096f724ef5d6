"""A file is read by its name as given: ``[ ] * ?`` in a name are characters, not a
pattern (a found bug: Polars expanded them, so ``register [autumn].csv`` read as empty and
``autumn*.csv`` read every export its pattern matched, another week's marks mixed in)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPORT = EXAMPLES / "exports" / "arbor_autumn_2026.csv"


def _as_of(out: Path) -> str:
    return json.loads(out.read_text("utf-8"))["as_of"]


@pytest.mark.parametrize("name", ["register [autumn].csv", "reg[1].csv", "autumn*.csv", "a?.csv"])
def test_a_name_with_pattern_characters_reads_that_file_only(tmp_path, name):
    shutil.copy(EXPORT, tmp_path / name)
    # files a pattern would match: another week's export beside it
    shutil.copy(EXAMPLES / "exports" / "weekly" / "arbor_2027-01-08.csv", tmp_path / "autumn-jan.csv")
    shutil.copy(EXAMPLES / "exports" / "weekly" / "arbor_2027-01-08.csv", tmp_path / "ab.csv")
    shutil.copy(EXAMPLES / "exports" / "weekly" / "arbor_2027-01-08.csv", tmp_path / "r.csv")
    out = tmp_path / "out.json"
    code, _, err = run_cli(
        "check", tmp_path / name, "--config", EXAMPLES / "attcli.toml", "--format", "json",
        "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert _as_of(out) == "2026-12-18"


def test_contacts_and_pupil_lists_are_read_by_their_names_too(tmp_path):
    contacts = tmp_path / "contacts [1].csv"
    shutil.copy(EXAMPLES / "exports" / "contacts.csv", contacts)
    code, out, err = run_cli(
        "letters", EXPORT, "--contacts", contacts, "--config", EXAMPLES / "attcli.toml",
        "--out", tmp_path / "letters", "--as-of", "2026-12-18", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "no contact" not in (out + err).lower()
