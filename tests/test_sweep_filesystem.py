"""The files and folders office staff really have (sweep of 4 December (fifth),
filesystem): names too long, a register saved under the name of a file attcli writes,
the workspace's national figures, pipes and folders where a file is read, ``-o -``."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"
REGISTER = EXPORTS / "arbor_autumn_2026.csv"


def _no_part_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# --------------------------------------------------------------------------- long names


def test_an_output_name_the_file_system_allows_is_written_though_attcli_s_temporary_name_is_longer(
    tmp_path: Path,
) -> None:
    # 255 bytes is the longest name of a file (ext4, NTFS in characters); attcli's hidden
    # temporary name adds 15 (".", ".xxxxxxxx.part"): a 249-character name was "cannot
    # write in the folder: File name too long", a name the office may give
    for length in (240, 255):
        name = "a" * (length - 4) + ".csv"
        code, _, err = run_cli(
            "check", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-o", tmp_path / name
        )
        assert code == 0, err
        assert (tmp_path / name).is_file()
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
    # a name of accented letters: two bytes each, so the temporary name is cut by bytes
    name = "é" * 125 + ".csv"  # 254 bytes
    code, _, err = run_cli(
        "check", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-o", tmp_path / name
    )
    assert code == 0, err
    assert (tmp_path / name).is_file()
    assert _no_part_files(tmp_path) == []


def test_a_name_longer_than_the_file_system_allows_is_one_line_not_a_bug(tmp_path: Path) -> None:
    # `-o` (every command), an export, --pupils, --config, --workspace: "attcli failed
    # unexpectedly (OSError: [Errno 36] File name too long ...). This is a bug", exit 70
    long = "b" * 256
    cases = [
        ("check", REGISTER, "-c", CONFIG, "-o", tmp_path / f"{long}.csv"),
        ("report", REGISTER, "-c", CONFIG, "-o", tmp_path / f"{long}.html"),
        ("summary", REGISTER, "-c", CONFIG, "-o", tmp_path / f"{long}.json"),
        ("la-return", REGISTER, "-c", CONFIG, "--month", "2026-10", "-o", tmp_path / f"{long}.xlsx"),
        ("check", tmp_path / f"{long}.csv", "-c", CONFIG),
        ("check", REGISTER, "-c", CONFIG, "--pupils", tmp_path / f"{long}.csv"),
        ("check", REGISTER, "-c", tmp_path / f"{long}.toml"),
        ("--workspace", tmp_path / long, "check", REGISTER),
        ("case", "record", "--from", tmp_path / f"{long}.csv"),
    ]
    for args in cases:
        code, _, err = run_cli(*args)
        assert code == 1, (args, err)
        assert "bug" not in err and "Errno" not in err, (args, err)
        assert "too long" in err and long in err, (args, err)
        assert "at most 255" in err, (args, err)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- files attcli keeps


def test_an_output_named_as_the_workspaces_national_figures_is_refused_even_with_force(
    tmp_path: Path,
) -> None:
    # `check -o attcli-national.csv --force` wrote the check over the figures `attcli
    # national update` had loaded: every report after it stopped, "not an attcli table of
    # national figures", the release the school had downloaded lost
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    kept = ws / "attcli-national.csv"
    shutil.copy(ROOT / "src" / "attcli" / "data" / "national.csv", kept)
    before = kept.read_bytes()
    for out in (kept, ws / "." / "attcli-national.csv"):
        code, _, err = run_cli(
            "--workspace", ws, "check", REGISTER, "--as-of", "2026-10-16", "-o", out, "--force"
        )
        assert code == 1, err
        assert "national figures" in err and "give another name" in err, err
        assert kept.read_bytes() == before
    code, out, err = run_cli("--workspace", ws, "national", "show")
    assert code == 0, err
    assert "loaded by `attcli national update`" in out


# --------------------------------------------------------------------------- letters


def test_letters_with_force_never_begin_when_the_manifest_is_a_file_the_run_reads(
    tmp_path: Path,
) -> None:
    # the register saved in the letters' folder as manifest.csv, the run given --force
    # (a manifest attcli did not write needs it): every letter and the print file were
    # written and left "writing" in the history, then "manifest.csv is an export this
    # command reads; give another name for the output", and the next dry run said "42
    # already sent this half term"
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    for given in ("register", "contacts"):
        out = tmp_path / f"letters-{given}"
        out.mkdir()
        manifest = out / "manifest.csv"
        shutil.copy(REGISTER if given == "register" else EXPORTS / "contacts.csv", manifest)
        before = manifest.read_bytes()
        register = manifest if given == "register" else REGISTER
        contacts = manifest if given == "contacts" else EXPORTS / "contacts.csv"
        code, _, err = run_cli(
            "--workspace", ws, "letters", register, "--contacts", contacts, "--out", out,
            "--as-of", "2026-11-27", "--force",
        )  # fmt: skip
        assert code == 1, err
        assert str(manifest) in err and "reads" in err, err
        assert "no letter was written or recorded" in err, err
        assert sorted(p.name for p in out.iterdir()) == ["manifest.csv"]
        assert manifest.read_bytes() == before
        history = ws / "attcli-history.sqlite3"
        if history.exists():
            with sqlite3.connect(history) as db:
                assert db.execute("SELECT count(*) FROM letters").fetchone() == (0,)


# --------------------------------------------------------------------------- inputs


def test_a_folder_given_as_case_record_s_file_is_one_line(tmp_path: Path) -> None:
    # `case record --from FOLDER`: "attcli failed unexpectedly (IsADirectoryError)", exit 70
    folder = tmp_path / "records"
    folder.mkdir()
    code, _, err = run_cli("case", "record", "--from", folder)
    assert code == 1, err
    assert "bug" not in err and "folder" in err and str(folder) in err, err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe is POSIX's")
def test_a_pipe_given_as_a_trust_s_summary_is_said_as_a_pipe(tmp_path: Path) -> None:
    # `report --trust <(cat oak.summary.json)`: the pipe was read once to ask whether it is
    # a summary and again to load it, which found it empty: "not a summary: not JSON
    # (line 1, column 1: Expecting value)" of a good summary (and a named pipe no program
    # writes to kept the run waiting for ever). A pipe is said as the exports' is ("save it
    # to a file and give that"), before it is opened.
    summary = tmp_path / "made.summary.json"
    code, _, err = run_cli(
        "summary", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-o", summary
    )
    assert code == 0, err
    pipe = tmp_path / "63"  # as /dev/fd/63, the shell's name for <(...): no .json
    os.mkfifo(pipe)

    def cat() -> None:  # as the shell's <(cat FILE): writes the summary once
        with contextlib.suppress(OSError), open(pipe, "wb") as fh:
            fh.write(summary.read_bytes())

    threading.Thread(target=cat, daemon=True).start()

    def waited(*_: object) -> None:
        raise TimeoutError("attcli waited on the pipe")

    old = signal.signal(signal.SIGALRM, waited)
    signal.alarm(60)
    try:
        code, _, err = run_cli("report", "--trust", pipe, "-c", CONFIG, "-o", tmp_path / "t.html")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert code == 1, err
    assert "not a file: a pipe or a device" in err and "not JSON" not in err, err
    assert str(pipe) in err
    os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))  # (the writer let go)


# --------------------------------------------------------------------------- -o -


def test_dash_for_a_workbook_does_not_send_the_office_to_the_screen(tmp_path: Path) -> None:
    # `check -f xlsx -o -` said "leave out -o to print to the screen", and without -o
    # "--format xlsx is a workbook, which the screen cannot show": each sent to the other
    for command in (("check",), ("cme",), ("cases",)):
        code, _, err = run_cli(
            *command, REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-f", "xlsx", "-o", "-"
        )
        assert code == 1, err
        assert "print to the screen" not in err, (command, err)
        assert "workbook" in err and "FILE.xlsx" in err, (command, err)
    # a text format to `-o -` keeps its line: leaving out -o prints it
    code, _, err = run_cli("check", REGISTER, "-c", CONFIG, "-f", "csv", "-o", "-")
    assert code == 1 and "leave out -o to print to the screen" in err, err


# --------------------------------------------------------------------------- another user's folder


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A folder the office may not open (another user's, owner-only: attcli makes its own
    folders 0700), holding a register, contacts, a summary and a workspace's config. Its
    mode is 000; run as root (whom modes do not stop) the refusal is simulated: every
    look inside it is PermissionError, errno 13, as the OS says it."""
    folder = tmp_path / "colleague"
    folder.mkdir()
    shutil.copy(REGISTER, folder / "register.csv")
    shutil.copy(EXPORTS / "contacts.csv", folder / "contacts.csv")
    shutil.copy(CONFIG, folder / "attcli.toml")
    (folder / "ws").mkdir()
    if os.geteuid() != 0:
        folder.chmod(0)
        yield folder
        folder.chmod(0o700)
        return
    import builtins

    inside = str(folder) + os.sep

    def refused(path: object) -> bool:
        if isinstance(path, int) or not isinstance(path, (str, bytes, os.PathLike)):
            return False
        return os.path.abspath(os.fsdecode(path)).startswith(inside)

    def guard(real):  # type: ignore[no-untyped-def]
        def call(path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if refused(path):
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return real(path, *args, **kwargs)

        return call

    for owner, name in ((os, "stat"), (os, "lstat"), (os, "open"), (os, "scandir"),
                        (os, "listdir"), (os, "mkdir"), (builtins, "open")):  # fmt: skip
        monkeypatch.setattr(owner, name, guard(getattr(owner, name)))
    import io

    monkeypatch.setattr(io, "open", builtins.open)
    yield folder


def test_a_path_into_a_folder_the_office_may_not_open_is_one_line_not_a_bug(
    tmp_path: Path, locked: Path
) -> None:
    # a colleague's owner-only folder (attcli makes its own folders 0700) on a shared PC
    # or share: `-o`, an export, --pupils, --contacts, --workspace, a summary, `init
    # x.toml`, `national update`, `case record --from` in it were each "attcli failed
    # unexpectedly (PermissionError: [Errno 13] Permission denied ...). This is a bug"
    out = tmp_path / "out"
    out.mkdir()
    ws = tmp_path / "ws"  # (a letters run writes the history beside its config)
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    as_of = ("--as-of", "2026-10-16")
    cases = [
        ("check", REGISTER, "-c", CONFIG, *as_of, "-o", locked / "check.csv"),
        ("check", locked / "register.csv", "-c", CONFIG, *as_of),
        ("check", REGISTER, "-c", CONFIG, *as_of, "--pupils", locked / "pupils.csv"),
        ("letters", REGISTER, "-c", CONFIG, *as_of, "--contacts", locked / "contacts.csv",
         "--out", out / "letters", "--dry-run"),
        ("--workspace", ws, "letters", REGISTER, *as_of, "--contacts",
         EXPORTS / "contacts.csv", "--out", locked / "letters"),
        ("--workspace", locked, "check", REGISTER, *as_of),
        ("--workspace", locked / "ws", "check", REGISTER, *as_of),
        ("pupil", "show", "K999290917913", REGISTER, "-c", CONFIG, *as_of,
         "--pdf", locked / "c.pdf"),
        ("la-return", REGISTER, "-c", CONFIG, "--month", "2026-10", "-o", locked / "r.xlsx"),
        ("report", "--trust", locked / "oak.summary.json", "-c", CONFIG, "-o", out / "t.html"),
        ("init", locked / "x.toml"),
        ("national", "update", locked / "absence.csv", "-c", CONFIG),
        ("case", "record", "--from", locked / "records.csv"),
    ]  # fmt: skip
    for args in cases:
        code, _, err = run_cli(*args)
        assert code == 1, (args, err)
        assert "bug" not in err and "Errno" not in err, (args, err)
        assert str(locked) in err and "permission" in err.lower(), (args, err)
    assert sorted(p.name for p in out.iterdir()) == []
    assert sorted(p.name for p in ws.iterdir()) == ["attcli.toml"]  # (no history begun)


def test_an_empty_summary_is_said_empty_not_bad_json(tmp_path: Path) -> None:
    # a school's summary not yet brought down by OneDrive (0 bytes): "not a summary: not
    # JSON (line 1, column 1: Expecting value)"
    for text in ("", "\r\n"):
        summary = tmp_path / "oak.summary.json"
        summary.write_text(text, encoding="utf-8")
        code, _, err = run_cli("report", "--trust", summary, "-c", CONFIG, "-o", tmp_path / "t.html")
        assert code == 1, err
        assert "not JSON" not in err and str(summary) in err, err
        assert ("empty (0 bytes)" if not text else "blank") in err, err
        assert "attcli summary" in err, err


def test_a_file_named_as_a_folder_is_said_as_a_file(tmp_path: Path) -> None:
    # `-o contacts.csv/out.csv` was "cannot write in the folder contacts.csv: you may not
    # write there" (it is a file, and the office may write it); `--config
    # contacts.csv/attcli.toml`, `case record --from`, `national update` were exit 70
    # (NotADirectoryError)
    file = tmp_path / "contacts.csv"
    shutil.copy(EXPORTS / "contacts.csv", file)
    cases = [
        ("check", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-o", file / "out.csv"),
        ("init", file / "x.toml"),
        ("check", REGISTER, "-c", file / "attcli.toml"),
        ("case", "record", "--from", file / "records.csv"),
        ("national", "update", file / "absence.csv", "-c", CONFIG),
    ]
    for args in cases:
        code, _, err = run_cli(*args)
        assert code == 1, (args, err)
        assert "bug" not in err and "may not write" not in err, (args, err)
        assert f"{file} is a file, not a folder" in err, (args, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.csv"]


def test_a_link_that_leads_to_itself_is_one_line_not_a_bug(tmp_path: Path) -> None:
    # `check loop.csv`, `--config loop.toml`: "attcli failed unexpectedly (RuntimeError:
    # Symlink loop from ...). This is a bug"
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    toml = tmp_path / "loop.toml"
    toml.symlink_to(toml)
    for args in (("check", loop, "-c", CONFIG), ("check", REGISTER, "-c", toml)):
        code, _, err = run_cli(*args)
        assert code == 1, (args, err)
        assert "bug" not in err and "leads back to itself" in err, (args, err)


def test_a_name_with_square_brackets_is_said_as_it_is(tmp_path: Path) -> None:
    # "Letters [Autumn]", "week [x].csv": the lines saying what was written read the
    # brackets as the terminal's markup, "wrote week .csv", "42 letters written to
    # Letters ", "list: Letters /manifest.csv": the office went looking for files not there
    out = tmp_path / "week [x].csv"
    code, _, err = run_cli("check", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-o", out)
    assert code == 0, err
    assert f"wrote {out}" in err, err
    pdf = tmp_path / "cert [b].pdf"
    code, _, err = run_cli(
        "pupil", "show", "K999290917913", REGISTER, "-c", CONFIG, "--as-of", "2026-10-16",
        "--pdf", pdf,
    )  # fmt: skip
    assert code == 0, err
    assert f"wrote {pdf}" in err, err
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    folder = tmp_path / "Letters [Autumn]"
    code, text, err = run_cli(
        "--workspace", ws, "letters", REGISTER, "--contacts", EXPORTS / "contacts.csv",
        "--out", folder, "--as-of", "2026-10-16",
    )  # fmt: skip
    assert code == 0, err
    assert f"written to {folder} in" in text, text
    assert f"list: {folder / 'manifest.csv'}" in text, text
    assert f"to print: {folder / 'letters-to-print-'}" in text, text


def test_a_folder_to_make_where_a_file_is_names_the_file(tmp_path: Path) -> None:
    # `init contacts.csv`, `letters --out contacts.csv/autumn`: "cannot make the folder
    # contacts.csv: File exists" / "Not a directory", the file in the way not named
    file = tmp_path / "contacts.csv"
    shutil.copy(EXPORTS / "contacts.csv", file)
    ws = tmp_path / "ws"  # (a letters run writes the history beside its config)
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    for args in (
        ("init", file),
        ("init", file / "ws"),
        ("--workspace", ws, "letters", REGISTER, "--contacts", EXPORTS / "contacts.csv",
         "--out", file / "autumn", "--as-of", "2026-10-16"),
    ):  # fmt: skip
        code, _, err = run_cli(*args)
        assert code == 1, (args, err)
        assert f"{file} is a file, not a folder" in err, (args, err)
        assert "File exists" not in err and "Not a directory" not in err, (args, err)


def test_a_letters_dry_run_says_the_real_run_would_stop_at_its_folder(tmp_path: Path) -> None:
    # the dry run said "42 letters would be written" where the real run stops before its
    # first letter: a manifest.csv in --out that is the register the run reads
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(CONFIG, ws / "attcli.toml")
    out = tmp_path / "letters"
    out.mkdir()
    shutil.copy(REGISTER, out / "manifest.csv")
    code, text, err = run_cli(
        "--workspace", ws, "letters", out / "manifest.csv", "--contacts",
        EXPORTS / "contacts.csv", "--out", out, "--as-of", "2026-11-27", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((text + err).split())
    assert "the real run would stop, writing nothing" in said, said
    assert f"{out / 'manifest.csv'} is an export this command reads" in said, said
    assert sorted(p.name for p in out.iterdir()) == ["manifest.csv"]


def test_an_output_over_another_workspaces_history_is_refused_even_with_force(
    tmp_path: Path,
) -> None:
    # run with `-c` another school's config from a folder holding a workspace's history:
    # `-o attcli-history.sqlite3 --format csv --force` replaced that history with a CSV,
    # every letter and notice on record lost (only the run's own workspace was kept)
    here = tmp_path / "here"
    here.mkdir()
    shutil.copy(CONFIG, here / "attcli.toml")
    code, _, err = run_cli(
        "--workspace", here, "check", REGISTER, "--as-of", "2026-10-16", "--record"
    )
    assert code == 0, err
    history = here / "attcli-history.sqlite3"
    before = history.read_bytes()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CONFIG, other / "attcli.toml")
    code, _, err = run_cli(
        "check", REGISTER, "-c", other / "attcli.toml", "--as-of", "2026-10-16",
        "-f", "csv", "-o", history, "--force",
    )  # fmt: skip
    assert code == 1, err
    assert "is a database" in err and "give another name" in err, err
    assert history.read_bytes() == before


def test_an_output_name_ending_with_a_slash_names_a_folder_not_a_file(tmp_path: Path) -> None:
    # `check -f csv -o reports/` (the folder not made yet) wrote the check to a file named
    # `reports`: the slash was dropped with nothing said
    for command in ("check", "cme", "cases"):
        given = f"{tmp_path / 'reports'}/"
        code, _, err = run_cli(
            command, REGISTER, "-c", CONFIG, "--as-of", "2026-10-16", "-f", "csv", "-o", given
        )
        assert code == 2, (command, err)
        assert "names a folder" in err and f"{given}NAME" in err, (command, err)
        assert list(tmp_path.iterdir()) == [], command
    # a folder there keeps its line
    (tmp_path / "reports").mkdir()
    code, _, err = run_cli("check", REGISTER, "-c", CONFIG, "-o", f"{tmp_path / 'reports'}/")
    assert code == 1 and "is a folder; give a file name" in err, err


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_config_that_never_ends_is_one_line_not_read_until_memory_runs_out(
    tmp_path: Path,
) -> None:
    """`--config /dev/zero` (a device that never ends; the filesystem sweep left it) read
    until the machine ran out of memory. A config is a few kilobytes: one past
    config.MAX_CONFIG_BYTES is refused in one line naming it, as is a file that big; a
    pipe (`<(...)`) of a real config is still read."""
    from attcli.config import MAX_CONFIG_BYTES

    code, _, err = run_cli("check", tmp_path / "x.csv", "--config", "/dev/zero")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: config key '--config': '/dev/zero' is more than 16 MB, far larger than a config is: give "
        "attcli's config file (attcli.toml)"
    ), err
    big = tmp_path / "attcli.toml"
    big.write_bytes(b"#" * (MAX_CONFIG_BYTES + 1))
    code, _, err = run_cli("check", tmp_path / "x.csv", "--config", big)
    assert code == 1 and "is more than 16 MB" in err, err
    big.write_bytes(b"#" * MAX_CONFIG_BYTES)  # (at the limit: read, a comment)
    code, _, err = run_cli("check", tmp_path / "x.csv", "--config", big)
    assert "is more than 16 MB" not in err, err
