"""Sweep hostile5 (docs/decisions.md, "... (sweep of 6 December (fourth), hostile5)"):
older one-line errors that put a file's or a folder's name in raw, so a name holding a
line break split the error in two (and could print a forged "error:" line of its own).
Each now shows the name with its escapes (``errors.shown``) where its message is made.
Each test: a name holding a line break and ESC gives ONE line on stderr, exit 1, the
name's escapes shown; every expected text worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from builders import school_days
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

#: a name's hostile part: a line break that would begin a forged error, and ESC
BAD = "x\nerror: forged\x1b[2J"
#: the same as a one-line error shows it
BAD_SHOWN = "x\\nerror: forged\\x1b[2J"
HEADER = ["UPN", "Surname", "Forename", "Date of Birth", "Year", "Registration Form",
          "Date", "Session", "Mark"]  # fmt: skip
DAYS = school_days(dt.date(2026, 9, 7), 5)  # Mon 07/09 to Fri 11/09/2026


def _export(path: Path) -> Path:
    """Two pupils present Mon 07/09 to Fri 11/09/2026."""
    rows = [
        [upn, "Child", "Kit", "01/10/2014", "Year 7", "7A", f"{d:%d/%m/%Y}", s, "/"]
        for upn in ("A999100000001", "B999100000002")
        for d in DAYS
        for s in ("AM", "PM")
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def _one_line(code: int, err: str) -> str:
    """The error's one line (asserted one, exit 1), without "error: " and its end."""
    assert code == 1, err
    assert err.count("\n") == 1 and err.endswith("\n") and "\x1b" not in err, repr(err)
    assert err.startswith("error: "), err
    return err[len("error: "):-1]


# ------------------------------------------------------------- 1. outputs: "cannot write"


def test_an_output_that_exists_is_named_in_one_line(tmp_path):
    """`-o FILE` naming a file there, without --force (output.output_ready)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "reg.csv")
    out = tmp_path / f"{BAD}.csv"
    out.write_text("old", encoding="utf-8")
    code, _, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-09-11", "-o", out)
    assert _one_line(code, err) == (
        f"{tmp_path}/{BAD_SHOWN}.csv already exists; use --force to replace it"
    )


def test_an_output_s_missing_folder_is_named_in_one_line(tmp_path):
    """`-o` into a folder that does not exist (output._no_folder)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "reg.csv")
    out = tmp_path / BAD / "out.csv"
    code, _, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-09-11", "-o", out)
    assert _one_line(code, err) == (
        f"the folder {tmp_path}/{BAD_SHOWN} does not exist: make it first, or give a folder "
        "that exists"
    )


def test_an_output_that_is_an_export_read_is_named_in_one_line(tmp_path):
    """`-o` naming the export the command reads, even with --force (output.read_or_kept)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / f"{BAD}.csv")
    code, _, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-09-11", "-o", export,
                           "--force")  # fmt: skip
    assert _one_line(code, err) == (
        f"{tmp_path}/{BAD_SHOWN}.csv is an export this command reads; give another name for "
        "the output"
    )


# ------------------------------------------------------------ 2. the history's own path


def test_an_empty_history_is_named_in_one_line(tmp_path):
    """A workspace whose history is a file of 0 bytes (a failed copy), in a workspace
    folder named with a line break (store.History)."""
    cfg = make_workspace(tmp_path / BAD, AUTUMN_HALF_TERMS)
    (cfg.parent / "attcli-history.sqlite3").write_bytes(b"")
    export = _export(tmp_path / "reg.csv")
    code, _, err = run_cli("pupil", "A999100000001", export, "-c", cfg, "--as-of", "2026-09-11")
    assert _one_line(code, err).startswith(
        f"the history {tmp_path}/{BAD_SHOWN}/attcli-history.sqlite3 is empty (0 bytes), so "
    )


# ---------------------------------------------------------- 3. the letters' --out folder


def test_a_letters_out_that_is_a_file_is_named_in_one_line(tmp_path):
    """`letters --out FILE` where a file, not a folder, is (letters.run)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "reg.csv")
    contacts = contacts_file(tmp_path / "contacts.csv", [("A999100000001", "C1", "Ms", "Ann", "Child")])
    out = tmp_path / BAD
    out.write_text("", encoding="utf-8")
    code, _, err = run_cli("letters", export, "--contacts", contacts, "-c", cfg, "--as-of",
                           "2026-09-11", "--out", out)  # fmt: skip
    assert _one_line(code, err) == f"--out {tmp_path}/{BAD_SHOWN} is a file; give a folder"


# -------------------------------------------------------- 4. the contacts file in pn record


def test_pn_record_names_its_contacts_file_in_one_line(tmp_path):
    """`pn record` for a pupil the contacts export has no row for (notices.resolve_parent):
    the export named with a line break."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "reg.csv")
    book = contacts_file(tmp_path / f"{BAD}.csv", [("A999100000001", "C1", "Ms", "Ann", "Child")])
    code, _, err = run_cli("pn", "record", "B999100000002", export, "--parent", "C1",
                           "--contacts", book, "--date", "2026-09-11", "-c", cfg)  # fmt: skip
    assert _one_line(code, err) == (
        f"pupil B999100000002 has no contacts in {tmp_path}/{BAD_SHOWN}.csv: check the UPN, "
        "or use --force to record the notice by the name typed"
    )


# ------------------------------------------------------------- 5. the loader's refusals

DATA = Path(__file__).parent / "data" / "layouts"


def test_two_exports_keyed_differently_are_named_in_one_line(tmp_path):
    """An export keyed by MIS id (SIMS' PersonID) and one by UPN, no --pupils
    (loaders._identify): the first named with a line break."""
    ids = tmp_path / f"{BAD}.csv"
    ids.write_bytes((DATA / "sims_personid.csv").read_bytes())
    upns = DATA / "aliases_long.csv"
    code, _, err = run_cli("check", ids, upns, "-c", make_workspace(tmp_path / "ws"))
    assert _one_line(code, err) == (
        f"{tmp_path}/{BAD_SHOWN}.csv identifies pupils by their MIS id (column 'PersonID') "
        f"and {upns} by UPN, so attcli cannot tell which rows are the same pupil. Give "
        "--pupils FILE, a pupil list with each pupil's MIS id and UPN"
    )


def test_a_missing_id_names_the_pupil_list_in_one_line(tmp_path):
    """A register's MIS id the pupil list lacks (loaders._identify): the list named with a
    line break, in the message (its file= position is the register's)."""
    listed = tmp_path / f"{BAD}.csv"
    listed.write_text("UPN,PersonID,Surname,Forename\nA999100000001,1,Ahmed,Sara\n",
                      encoding="utf-8")  # fmt: skip
    reg = DATA / "sims_personid.csv"
    code, _, err = run_cli("check", reg, "--pupils", listed, "-c", make_workspace(tmp_path / "ws"))
    line = _one_line(code, err)
    assert f"is not in the pupil list {tmp_path}/{BAD_SHOWN}.csv (column 'PersonID')" in line, line


# ----------------------------------------------------- 6. a workspace, a summary, a config


def test_a_missing_workspace_s_command_to_paste_is_one_line_and_names_it(tmp_path):
    """`--workspace DIR` that does not exist suggests `attcli --workspace DIR init`
    (output.command_arg): shell-quoted, the line break stayed in it.  Given in bash's
    ``$'...'``, the line is one, and the command pasted names that very folder."""
    import subprocess

    folder = tmp_path / BAD
    code, _, err = run_cli("--workspace", folder, "check", _export(tmp_path / "reg.csv"))
    line = _one_line(code, err)
    assert line == (
        f"--workspace {str(folder)!r}: no such folder; make the workspace with `attcli "
        f"--workspace $'{tmp_path}/{BAD_SHOWN}' init`"
    )
    pasted = line.split("--workspace ")[-1].removesuffix(" init`")
    said = subprocess.run(["bash", "-c", f"printf %s {pasted}"], capture_output=True, check=True)
    assert said.stdout.decode() == str(folder)


def test_an_empty_summary_is_named_in_one_line(tmp_path):
    """A trust's report given a summary file of 0 bytes (summary_file.SummaryError)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    made = tmp_path / f"{BAD}.json"
    made.write_bytes(b"")
    code, _, err = run_cli("report", "--trust", made, "-c", cfg, "-o", tmp_path / "t.html")
    assert _one_line(code, err) == (
        f"{tmp_path}/{BAD_SHOWN}.json: the file is empty (0 bytes), not a summary: make it "
        "again with attcli summary"
    )


def test_a_trust_s_school_none_of_its_names_the_config_in_one_line(tmp_path):
    """`pupil forget --school KEY` in a workspace with no [schools.KEY] (config.Config): the config's
    folder named with a line break."""
    cfg = make_workspace(tmp_path / BAD, AUTUMN_HALF_TERMS)
    code, _, err = run_cli("pupil", "forget", "A999100000001", "--school", "oak", "--yes",
                           "-c", cfg)  # fmt: skip
    assert _one_line(code, err) == (
        "--school oak: --school is for a trust's workspace ([schools.KEY] in its attcli.toml); "
        f"{tmp_path}/{BAD_SHOWN}/attcli.toml has none: leave --school out"
    )


def test_an_export_in_another_school_s_workspace_is_named_in_one_line(tmp_path, monkeypatch):
    """An export inside another school's workspace folder, named with a line break
    (school_name), run from our workspace's folder: its name, the folder and the
    suggested --workspace all in one line."""
    theirs = make_workspace(tmp_path / BAD, AUTUMN_HALF_TERMS).parent
    export = _export(theirs / "reg.csv")
    ours = make_workspace(tmp_path / "ours", AUTUMN_HALF_TERMS)
    ours.write_text(ours.read_text(encoding="utf-8").replace("Riverside Primary School", "Oak")
                    .replace('"100001"', '"123456"'), encoding="utf-8")  # fmt: skip
    monkeypatch.chdir(ours.parent)  # (the workspace found there: --config is not doubted)
    code, _, err = run_cli("check", export, "--as-of", "2026-09-11")
    folder = f"{tmp_path}/{BAD_SHOWN}"
    assert _one_line(code, err) == (
        f"{folder}/reg.csv lies in the workspace {folder} (Riverside Primary School, URN "
        f"100001), not this run's (Oak, URN 123456, {ours}): run with that school's "
        f"workspace (--workspace $'{folder}'); if the export is this school's, move it out of "
        "that folder"
    )


def test_an_export_in_a_missing_folder_is_named_in_one_line_with_its_hint(tmp_path):
    """An export whose folder does not exist: the file through InputError (escaped
    already), the hint "there is no folder ..." (errors.missing_file_hint) now too."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("check", tmp_path / BAD / "reg.csv", "-c", cfg)
    folder = f"{tmp_path}/{BAD_SHOWN}"
    assert _one_line(code, err) == f"{folder}/reg.csv: no such file. There is no folder {folder}"


# ---------------------------------------------------------- 7. the "wrote FILE" line


def test_the_wrote_line_names_an_output_in_one_line(tmp_path):
    """Not an error, but stderr's line after an output is written (cliutil): a name with a
    line break printed "error: forged..." as a line of its own after a run that succeeded.
    Now one line, the name's escapes shown."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / f"{BAD}.csv"
    code, _, err = run_cli("check", _export(tmp_path / "reg.csv"), "-c", cfg, "--as-of",
                           "2026-09-11", "-o", out)  # fmt: skip
    assert code == 0, err
    assert out.is_file()
    assert not any(line.startswith("error") for line in err.splitlines()), err
    assert f"wrote {tmp_path}/{BAD_SHOWN}.csv\n" in err, err


def test_the_pupil_record_names_its_history_in_one_line(tmp_path):
    """The pupil record's last line "(history: FILE)" (stdout), printed straight to the
    console: a workspace folder with a line break split it. One line now, escaped."""
    cfg = make_workspace(tmp_path / BAD, AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "reg.csv")
    book = contacts_file(tmp_path / "c.csv", [("A999100000001", "C1", "Ms", "Ann", "Child")])
    code, _, err = run_cli("pn", "record", "A999100000001", export, "--parent", "C1",
                           "--contacts", book, "--date", "2026-09-11", "-c", cfg)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("pupil", "A999100000001", export, "-c", cfg, "--as-of", "2026-09-11")
    assert code == 0, err
    assert f"\n(history: {tmp_path}/{BAD_SHOWN}/attcli-history.sqlite3)\n" in out, out
    assert "\nerror" not in out, out
