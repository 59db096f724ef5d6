"""Sweep leftovers15: pupils' rows left in the system's temp folder by a workbook's write,
one quoting for a value pasted into a command, errors.shown taking a path, and wording."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from attcli.output import render_to_bytes

POSIX = os.name != "nt"


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------ a workbook's sheets outside the system temp


def test_a_sheet_being_written_is_in_attcli_s_own_folder_never_the_system_temp(
    tmp_path, monkeypatch
):
    """openpyxl writes each sheet to a temporary file before zipping it: while a write-only
    workbook of one pupil is being written, that file (her name in it) is in attcli's own
    owner-only folder under the user's cache, not the system temp folder; after, nothing is
    left in either, and the system temp folder is the default again."""
    from openpyxl import Workbook

    system = tmp_path / "system-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    during: list[tuple[Path, bytes, int, int]] = []

    def writer(buf):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Pupils")
        ws.append(["Lovelace", "Ada", "A123456789012"])  # (in the file at the save)
        for p in _files(tmp_path):
            if p.name == "lock":  # (the run's own, empty: that it is live)
                continue
            during.append((p, p.read_bytes(), p.stat().st_mode, p.parent.stat().st_mode))
        wb.save(buf)

    data = render_to_bytes(writer)
    assert data[:2] == b"PK"
    assert len(during) == 1
    ((sheet, _, mode, folder_mode),) = during
    assert (tmp_path / "cache") in sheet.parents and system not in sheet.parents
    if POSIX:
        assert (stat.S_IMODE(mode), stat.S_IMODE(folder_mode)) == (0o600, 0o700)
    assert _files(system) == [] and _files(tmp_path / "cache") == []
    assert tempfile.tempdir == str(system)


_KILLED = textwrap.dedent(
    """
    import os, signal
    from openpyxl import Workbook
    from attcli.output import render_to_bytes

    def writer(buf):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Pupils")
        for n in range(2000):  # (the file's buffer written out)
            ws.append(["Lovelace", "Ada", n])
        os.kill(os.getpid(), signal.SIGKILL)  # (a power cut mid-write)

    render_to_bytes(writer)
    """
)


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_a_write_killed_mid_sheet_leaves_nothing_in_the_system_temp_and_the_next_run_clears_it(
    tmp_path, monkeypatch
):
    """A run killed while its sheet is half written leaves the sheet (pupils' rows) only in
    attcli's own folder, owner-only (the file 0600, each folder 0700), none in the system
    temp folder (TMPDIR); the next run that writes a workbook removes it (its writer is
    dead: no lock held)."""
    system, cache = tmp_path / "system-temp", tmp_path / "cache"
    system.mkdir()
    env = {**os.environ, "TMPDIR": str(system), "XDG_CACHE_HOME": str(cache)}
    proc = subprocess.run([sys.executable, "-c", _KILLED], env=env, capture_output=True)
    assert proc.returncode == -9
    assert _files(system) == []
    left = _files(cache)
    assert left and any(b"Lovelace" in p.read_bytes() for p in left)
    for p in left:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        for folder in p.parents:
            if folder == cache:
                break
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert render_to_bytes(lambda b: b.write(b"x")) == b"x"  # (the next run, any output)
    assert _files(cache) == [] and _files(system) == []


@pytest.mark.skipif(not POSIX, reason="flock")
def test_a_live_run_s_folder_is_kept_by_another_run_s_sweep_and_a_dead_one_s_removed(
    tmp_path, monkeypatch
):
    """output._clear_dead_temp: a run's folder whose lock is held (a run writing now) stays;
    once its lock is let go (the run killed: the OS lets go), the next sweep removes it.
    On Windows (no lock) a folder goes at STALE_SECONDS old, not before."""
    from attcli import output

    base = tmp_path / "sheets"
    base.mkdir()
    mine, lock = output._own_temp(base)
    (mine / "openpyxl.x").write_text("Lovelace")
    now = mine.stat().st_mtime
    output._clear_dead_temp(base, now)
    assert mine.is_dir() and mine.name.startswith("run-")
    os.close(lock)  # (as the OS does for a killed run)
    monkeypatch.setattr(output, "WINDOWS", True)
    output._clear_dead_temp(base, now + output.STALE_SECONDS - 1)
    assert mine.is_dir()
    monkeypatch.setattr(output, "WINDOWS", False)
    output._clear_dead_temp(base, now)
    assert list(base.iterdir()) == []


def test_a_cache_folder_that_cannot_be_made_leaves_the_workbook_written_as_before(
    tmp_path, monkeypatch
):
    """Where the user's cache folder cannot be made (here a file is in its way: a
    locked-down PC), the workbook is still written, its sheet in the default temp folder
    as before (removed once zipped), and the default is left as it was."""
    from openpyxl import Workbook

    system = tmp_path / "system-temp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    (tmp_path / "cache").write_text("a file, not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def writer(buf):
        wb = Workbook(write_only=True)
        wb.create_sheet("Pupils").append(["Lovelace"])
        wb.save(buf)

    assert render_to_bytes(writer)[:2] == b"PK"
    assert _files(system) == [] and tempfile.tempdir == str(system)


# ------------------------------------------------ one quoting for a value pasted into a command

#: a clear-screen, a right-to-left override, a line break, a C1 control (U+0085)
_LIVE = ["A1\x1b[2JB", "A1\u202eB", "A1\nB", "A1\x85B"]


@pytest.mark.parametrize("value", _LIVE)
def test_a_value_with_a_control_is_never_raw_in_a_command_and_both_quotings_agree(
    monkeypatch, value
):
    """output.command_word (an export's UPN) and output.command_arg (a path) quote by one
    rule: elsewhere than Windows a value holding a control or a format character is given in
    bash's ``$'...'``, printable ASCII only, and bash reads it back as the value (a UPN was
    given in shlex's single quotes, the escape raw in the line); on Windows, where no quoting
    holds it inert, each gives its placeholder (a path was given raw in double quotes)."""
    from attcli import output
    from attcli.output import command_arg, command_word

    monkeypatch.setattr(output, "WINDOWS", False)
    word = command_word(value)
    assert word == command_arg(value)
    assert word.startswith("$'") and all(" " <= c <= "~" for c in word), word
    got = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, check=True)
    assert got.stdout.decode("utf-8") == value
    monkeypatch.setattr(output, "WINDOWS", True)
    assert command_word(value) == "UPN"
    assert command_arg(f"C:\\att\\{value}") == "FOLDER"
    assert command_arg(f"C:\\att\\{value}", "FILE") == "FILE"
    # a plain value and a path with a space: as before
    assert command_word("A1 B") == '"A1 B"' and command_arg("C:\\a b") == '"C:\\a b"'


# ------------------------------------------------ errors.shown takes a path


def test_shown_gives_a_path_as_its_text_its_controls_escaped():
    """errors.shown takes a path as well as its text, and shows both alike: a line break and
    an escape in a file's name escaped (a call site no longer writes ``shown(str(p))``)."""
    from attcli.errors import shown

    name = "autumn\n\x1b[2J.csv"
    assert shown(Path(name)) == shown(name) == "autumn\\n\\x1b[2J.csv"
    assert shown(Path("reg") / "oct.csv") == str(Path("reg") / "oct.csv")


# ------------------------------------------------ wording: a count of one


def test_one_pupil_is_the_pupil_not_the_1_pupil():
    """percent.the_counted: a count of pupils named as known is "the pupil" for one (the
    check's actions and the contacts note said "for the 1 pupil"), "the 3 pupils" else."""
    from attcli.contacts import not_given_line
    from attcli.percent import the_counted

    assert the_counted(1, "pupil") == "the pupil"
    assert the_counted(3, "pupil") == "the 3 pupils"
    assert the_counted(0, "pupil") == "the 0 pupils"
    assert "blank for the pupil in the return;" in not_given_line(["Address"], 1, "in the return")


# ------------------------------------------------ wording: the register problems line a note


def test_the_register_problems_line_is_a_note_as_every_other_note_is(tmp_path):
    """cme said "register problems from ..." on a line of its own, in lower case and without
    the "note: " every other note on the terminal has: now "note: register problems ...".
    A week of N for A from Mon 7 Sep 2026 (10 sessions), as of Fri 25 Sep: each N is more
    than 5 school days old (the last, Fri 11 Sep, is 10 school days old), so 10 stale N."""
    import datetime as dt

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    week = " ".join(["/\\"] * 5)
    reg = register(
        {"A": " ".join(["NN"] * 5 + ["/\\"] * 10), "B": " ".join([week] * 3)},
        start=dt.date(2026, 9, 7),
    )
    export = write_long_csv(reg, tmp_path / "export.csv")
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("cme", export, "-c", ws, "--as-of", "2026-09-25", width=80)
    assert code == 0, err
    assert " ".join(err.split()).startswith(
        "note: register problems from 01/09/2026 to 25/09/2026: 10 N codes older than 5 "
        "school days;"
    ), err


# ------------------------------------------------ a name in the LA file's header block


def test_the_la_file_s_header_block_shows_a_name_as_written_and_a_note_as_a_sentence():
    """lafile.write_xlsx begun every text of the header block as a sentence (note_cell): a
    school named "st mary's" and a local authority "london borough of example" were
    changed to "St mary's" and "London borough of example" in the file the LA reads.  A
    name is shown as written; a note (the Data row's "the exports cover ...") is still a
    sentence.  A and B present every session of Mon 7 - Fri 11 Sep 2026."""
    from attcli.config import School
    from builders import la_header_block

    cells = la_header_block(School(name="st mary's", local_authority="london borough of example"))
    block = {label: cell.value for label, cell in cells.items()}
    assert block["School"] == "st mary's", block
    assert block["Data"] == "The exports cover the term"  # (given "the exports ...")


def test_a_contacts_export_of_one_pupil_none_of_the_register_s_is_the_pupil_not_none_of_1(
    tmp_path,
):
    """contacts._refuse_other_pupils said "none of the 1 pupils in the contacts export is in
    the register" of a file of one pupil keyed by another id: now "the pupil in the
    contacts export is not in the register" (two pupils: "none of the 2 pupils ...", as
    tests/test_sweep_contacts.py pins)."""
    import datetime as dt

    from attcli.config import load_config
    from attcli.errors import InputError
    from attcli.letters import run_letters
    from builders import register
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_sweep_contacts import HEAD, RED

    path = tmp_path / "contacts.csv"
    path.write_text(
        HEAD.replace("UPN,", "Admission Number,")
        + "1001,11,Mrs,Ann,One,Mother,1,Y,1 Elm Road,Anytown,AN1 1AB,\n",
        encoding="utf-8",
    )
    extra = AUTUMN_HALF_TERMS + '\n[letters.contact_columns]\nupn = "Admission Number"\n'
    config = load_config(make_workspace(tmp_path / "ws", extra))
    with pytest.raises(InputError) as exc:
        run_letters(
            [], config, register=register({"A1": RED}, start=dt.date(2026, 9, 7)),
            contacts=path, out_dir=None, dry_run=True, as_of=dt.date(2026, 10, 23),
            letter_date=dt.date(2026, 10, 23),
        )  # fmt: skip
    assert str(exc.value).startswith(
        f"{path}: the pupil in the contacts export is not in the register (column "
        "'Admission Number', e.g. '1001' on line 2; "
    ), str(exc.value)


def test_the_workspace_above_is_named_escaped_and_suggested_quoted(monkeypatch):
    """workspace.Workspace.above_hint named the folder above raw (a line break in its name
    broke the line) and suggested "--workspace /x/OneDrive - Oak" unquoted (pasted, three
    words): now the folder as every message shows it and the option's value as
    output.command_arg gives it, the same one quoting as every suggested command."""
    from attcli import output
    from attcli.workspace import Workspace

    monkeypatch.setattr(output, "WINDOWS", False)
    above = Path("/s/OneDrive - Oak\nerror: x")
    hint = Workspace(None, None, "--workspace", above=above).above_hint()
    assert hint == (
        "the folder /s/OneDrive - Oak\\nerror: x, above the working folder, holds "
        "attcli.toml: run attcli from there, or give --workspace $'/s/OneDrive - Oak\\nerror: x'"
    )
