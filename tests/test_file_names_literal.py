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


def test_an_out_folder_that_cannot_be_made_is_one_line(tmp_path):
    """A found bug: ``letters --out`` and ``--per-school`` under a file (or on a read-only
    disk) ended 'attcli failed unexpectedly ... This is a bug', exit 70."""
    blocker = tmp_path / "target.txt"
    blocker.write_text("not a folder", "utf-8")
    # (a copy: a letters run opens the history beside its config to write, and made then
    # removed one in the checkout's examples/, under a test copying that folder)
    config = tmp_path / "attcli.toml"
    config.write_text((EXAMPLES / "attcli.toml").read_text("utf-8"), "utf-8")
    code, _, err = run_cli(
        "letters", EXPORT, "--contacts", EXAMPLES / "exports" / "contacts.csv", "-c", config,
        "--as-of", "2026-12-18", "--out", blocker / "sub",
    )  # fmt: skip
    assert code == 1, err
    assert err.strip().splitlines()[-1] == (
        f"error: cannot make the folder {blocker / 'sub'}: {blocker} is a file, not a folder: "
        "give a folder's name no file has"
    )  # (was "Not a directory": the file in the way named, sweep filesystem)
    trust = tmp_path / "trust.toml"
    trust.write_text(
        config.read_text("utf-8") + '\n[schools.oak]\nname = "Oak"\nurn = "100001"\n'
        'files = ["arbor*"]\n',
        "utf-8",
    )
    code, _, err = run_cli("check", EXPORT, "-c", trust, "--per-school", blocker)
    assert code == 1, err
    assert err.strip().splitlines()[-1] == (
        f"error: cannot make the folder {blocker}: {blocker} is a file, not a folder: "
        "give a folder's name no file has"
    )  # (was "File exists")


def test_an_error_naming_a_path_with_a_line_break_is_one_line(tmp_path):
    """The error is one line whatever the path holds: a line break (or an escape) in a file
    name is shown escaped, as a cell's value is."""
    bad = tmp_path / "nofile\n.csv"
    code, _, err = run_cli("check", bad, "-c", EXAMPLES / "attcli.toml")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "nofile\\n.csv" in lines[0]


def test_output_dash_is_refused_not_written_as_a_file(tmp_path, monkeypatch):
    """``-o -`` wrote a file named '-' holding pupil data (and the next run said it
    already exists); the screen is where the output goes without -o."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", EXPORT, "-c", EXAMPLES / "attcli.toml", "-o", "-")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: -o -: give a file name; leave out -o to print to the screen"
    )
    assert not (tmp_path / "-").exists()


def test_an_empty_output_name_is_refused_as_empty(tmp_path, monkeypatch):
    """``-o ''`` (a variable that was empty, a quoted name left out) was taken as the
    current folder: "error: . is a folder; give a file name", which names no folder the
    user gave. It is said as what it is."""
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", EXPORT, "-c", EXAMPLES / "attcli.toml", "-o", "")
    assert code == 2  # (a usage error, as for any option's bad value)
    assert " ".join(err.split()).endswith(
        "'': the output file's name is empty; give a file name, or leave out -o to print to "
        "the screen; see `attcli check --help`"
    ), err
    # every command's -o: report, summary, register-check and la-return have their own
    for command in (["report"], ["summary"], ["register-check", "--term", "autumn"],
                    ["la-return", "--month", "2026-10"]):  # fmt: skip
        code, _, err = run_cli(*command, EXPORT, "-c", EXAMPLES / "attcli.toml", "-o", "")
        assert code == 2 and "the output file's name is empty" in err, (command, err)


def test_excel_s_lock_file_and_a_pipe_are_named_for_what_they_are(tmp_path):
    lock = tmp_path / "~$week.csv"
    lock.write_bytes(b"\x0bK Office\x00" * 10)  # (as Excel writes it: the user's name)
    code, _, err = run_cli("check", lock, "-c", EXAMPLES / "attcli.toml")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: {lock}: this is the lock file Excel keeps beside a file while it is open, "
        "not an export. Give the export itself (its name without '~$'), and leave this one out"
    )
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run_cli("check", fifo, "-c", EXAMPLES / "attcli.toml")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: {fifo}: not a file: a pipe or a device. Save the export to a file and give that"
    )
