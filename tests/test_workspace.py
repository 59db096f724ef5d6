"""One school workspace (issue 13): found the same way from any folder, made by `attcli
init` without another school's details, and said on every run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from clirun import run_cli
from school import DETAILS, contacts_file, make_workspace
from test_cli import write_export

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "exports"
UPN = "A123456789011"
# 5 days present, 5 days N (14-18 Sep), 5 present, 5 days N (28 Sep - 2 Oct 2026)
MARKS = " ".join(["/\\"] * 5 + ["N"] * 5 + ["/\\"] * 5 + ["N"] * 5)


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "week.csv", {UPN: MARKS})


@pytest.fixture
def contacts(tmp_path: Path) -> Path:
    return contacts_file(tmp_path / "contacts.csv", [(UPN, "501", "Mrs", "J", "Doyle")])


def init_args(*extra: str) -> list[str]:
    return [
        "init",
        *extra,
        "--school", DETAILS["name"], "--urn", DETAILS["urn"],
        "--dfe-number", DETAILS["dfe_number"], "--local-authority", DETAILS["local_authority"],
        "--address", ", ".join(DETAILS["address"]), "--phone", DETAILS["phone"],
        "--email", DETAILS["email"], "--headteacher", DETAILS["headteacher"],
        "--attendance-lead", DETAILS["attendance_lead"],
    ]  # fmt: skip


def record(
    export: Path, contacts: Path, date: str, *extra: str, workspace_line: bool = False
) -> tuple[int, str, str]:
    return run_cli(
        "pn", "record", UPN, str(export), "--parent", "Mrs J Doyle", "--contacts",
        str(contacts), "--date", date, *extra, workspace_line=workspace_line,
    )  # fmt: skip


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch) -> Path:
    """A working folder with no attcli.toml: where an office runs attcli from by chance."""
    folder = tmp_path / "Desktop"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_running_from_another_folder_finds_the_same_history(
    tmp_path, export, contacts, elsewhere, no_user_workspace, monkeypatch
):
    """`attcli init` with the school's details makes the workspace in the user's folder;
    a notice recorded from one folder is the first on record from any other."""
    code, out, err = run_cli(*init_args())
    assert code == 0, err
    config = no_user_workspace / "attcli.toml"
    assert out.splitlines() == [
        f"wrote {config} (your user folder)",
        "attcli finds this workspace from any folder (unless a folder has its own attcli.toml)",
    ]
    code, out, err = record(export, contacts, "2026-09-18", workspace_line=True)
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"workspace: {no_user_workspace} (your user folder): config attcli.toml, history "
        "attcli-history.sqlite3 (none yet)"
    )
    other = tmp_path / "Documents"
    other.mkdir()
    monkeypatch.chdir(other)
    code, out, err = run_cli(
        "pn", "next", UPN, "--parent", "Mrs J Doyle", "--date", "2026-10-02", workspace_line=True
    )
    assert (code, out) == (0, "second (GBP 160)\n"), err
    assert err == (
        f"workspace: {no_user_workspace} (your user folder): config attcli.toml, history "
        "attcli-history.sqlite3\n"
        # by the name typed, the contact it was recorded to is said (DOMAIN.md 5)
        f"note: by name: the notices on record to 'Mrs J Doyle' about {UPN} are to Mrs J "
        "Doyle (contact 501); for another contact of that name give their contact id, or "
        "--contacts FILE\n"
    )
    assert not list(elsewhere.iterdir()) and not list(other.iterdir())  # nothing made there


def test_workspace_option_environment_and_working_folder_in_that_order(
    tmp_path, export, elsewhere, monkeypatch
):
    a, b, c = (make_workspace(tmp_path / n).parent for n in ("a", "b", "c"))
    (elsewhere / "attcli.toml").write_text((c / "attcli.toml").read_text("utf-8"), "utf-8")

    def used(*args: str) -> str:
        code, out, err = run_cli(*args, "check", str(export), "-f", "json", workspace_line=True)
        assert code == 0, err
        json.loads(out)  # nothing but JSON on stdout
        return err.splitlines()[0]

    assert used() == (
        f"workspace: {elsewhere} (attcli.toml in the working folder): config attcli.toml, "
        "history attcli-history.sqlite3 (none yet)"
    )
    monkeypatch.setenv("ATTCLI_WORKSPACE", str(b))
    assert used().startswith(f"workspace: {b} (ATTCLI_WORKSPACE): ")
    assert used("--workspace", str(a)).startswith(f"workspace: {a} (--workspace): ")
    # --workspace may follow the command, as an office types it
    code, _, err = run_cli("check", str(export), "--workspace", str(a), workspace_line=True)
    assert code == 0 and err.startswith(f"workspace: {a} (--workspace): "), err


def test_a_workspace_that_is_not_one_is_an_error_not_an_empty_workspace(tmp_path, export):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli("--workspace", str(empty), "check", str(export))
    assert code == 1
    assert err == (
        f"error: --workspace '{empty}' holds no attcli.toml; make it with `attcli "
        f"--workspace {empty} init`\n"
    )
    code, _, err = run_cli(
        "--workspace", str(tmp_path), "check", str(export), "-c", str(tmp_path / "x.toml")
    )
    assert code == 1 and err.startswith("error: give --workspace DIR or --config FILE, not both")


def test_no_workspace_is_said_and_history_is_never_started_in_the_working_folder(
    tmp_path, export, contacts, elsewhere, no_user_workspace
):
    code, _, err = run_cli("check", str(export), workspace_line=True)
    assert code == 0
    assert err.splitlines()[0] == (
        "workspace: none (no --workspace, no ATTCLI_WORKSPACE, no ./attcli.toml, nothing in "
        f"{no_user_workspace}): default settings, no history of letters or notices"
    )
    code, _, err = record(export, contacts, "2026-09-18")
    assert code == 1
    assert err.splitlines()[-1] == (
        "error: recording penalty notices: no school workspace; if your school has one, run "
        "attcli in the folder that holds its attcli.toml, or give --workspace DIR (or set "
        "ATTCLI_WORKSPACE); `attcli init` makes a new one, with no record of the letters and "
        "notices sent"
    )
    code, _, err = run_cli("pn", "list")
    assert code == 1 and err.splitlines()[-1] == (
        "error: no school workspace, so no history of letters and notices: if your school has "
        "one, run attcli in the folder that holds its attcli.toml, or give --workspace DIR (or "
        "set ATTCLI_WORKSPACE); `attcli init` makes a new one, with no record of the letters "
        "and notices sent"
    )
    assert list(elsewhere.iterdir()) == []


def test_history_path_is_the_config_folders_from_any_working_folder(
    tmp_path, export, contacts, elsewhere
):
    config = make_workspace(tmp_path / "school")
    config.write_text(
        config.read_text("utf-8").replace('path = "attcli-history.sqlite3"', 'path = "h.db"'),
        "utf-8",
    )
    code, _, err = record(export, contacts, "2026-09-18", "-c", str(config))
    assert code == 0, err
    assert (tmp_path / "school" / "h.db").exists() and list(elsewhere.iterdir()) == []


def test_an_unedited_init_cannot_produce_a_letter(tmp_path, elsewhere):
    code, out, err = run_cli("init", ".")
    assert code == 0, err
    config = elsewhere / "attcli.toml"
    text = config.read_text("utf-8")
    assert "Oakfield" not in text and 'name = "FILL IN: school name"' in text
    assert out.splitlines()[1] == (
        "11 values still say FILL IN (school.name, school.urn, school.dfe_number, "
        "school.local_authority, ...): letters and penalty notices wait until you fill them in"
    )
    code, out, err = run_cli(
        "letters", str(EXAMPLES / "arbor_autumn_2026.csv"), "--contacts",
        str(EXAMPLES / "contacts.csv"), "--out", str(tmp_path / "letters"),
    )  # fmt: skip
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: {config}: config key 'school.name': still says 'FILL IN': put in your "
        "school's details before letters (10 more places to fill in)"
    )
    assert not (tmp_path / "letters").exists() and sorted(os.listdir(elsewhere)) == [
        "attcli.toml"
    ]
    # filled in, but with no name at all: still refused, naming the key
    config.write_text(
        text.replace('name = "FILL IN: school name"\n', "")
        .replace('"FILL IN: URN"', '"100001"')
        .replace('"FILL IN: DfE number"', '"999/4001"')
        .replace('"FILL IN: ', '"'),
        "utf-8",
    )
    code, _, err = run_cli(
        "letters", str(EXAMPLES / "arbor_autumn_2026.csv"), "--contacts",
        str(EXAMPLES / "contacts.csv"), "--out", str(tmp_path / "letters"),
    )  # fmt: skip
    assert code == 1 and err.splitlines()[-1] == (
        f"error: {config}: config key 'school.name': missing: letters need the school's name"
    )


def test_init_in_a_folder_it_cannot_make_is_one_line(tmp_path, monkeypatch):
    """sweep10 case1: `attcli init ro/school` under a folder the user cannot write to said
    "attcli failed unexpectedly (PermissionError ...)", exit 70; `init ro` was one line.
    (The folder's refusal as the OS gives it to an office user: this machine runs as root.)"""
    from pathlib import Path

    def refuse(self, *a, **k):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    code, out, err = run_cli(*init_args(str(tmp_path / "ro" / "school")))
    assert code == 1 and not out
    assert err.strip().splitlines()[-1] == (
        f"error: cannot make the folder {tmp_path / 'ro' / 'school'}: you may not write there; "
        "choose a folder you can write to (nothing was written)"
    )


def test_init_refuses_a_value_it_could_not_read_back_before_writing(tmp_path):
    """sweep10 case5: a school name holding an escape character was written into
    attcli.toml, which every command then refused, and `init` again said it existed.  The
    values are checked as the config reads them before the file is written."""
    folder = tmp_path / "school"
    args = init_args(str(folder))
    args[args.index("--school") + 1] = "Oak\x1b[31m Academy"
    code, out, err = run_cli(*args)
    assert code == 1 and not out
    assert err.strip().splitlines()[-1] == (
        # (named by the option typed: tests/test_sweep_errors.py)
        "error: --school: holds a control character (U+001B): remove it"
    )
    assert not (folder / "attcli.toml").exists()


def test_init_never_replaces_a_workspace_and_names_where_it_wrote(tmp_path):
    folder = tmp_path / "school"
    code, out, err = run_cli(*init_args(str(folder)))
    assert code == 0, err
    assert out.splitlines()[0] == f"wrote {folder / 'attcli.toml'} (the folder named)"
    assert " ".join(out.splitlines()[1:]) == (  # (wrapped between words at the width)
        f"use it from any folder with `attcli --workspace {folder} ...` or by setting "
        f"ATTCLI_WORKSPACE={folder}"
    )
    from attcli.config import load_config

    cfg = load_config(folder / "attcli.toml")
    assert cfg.unfilled == () and cfg.school.name == DETAILS["name"]
    assert cfg.school.address == tuple(DETAILS["address"])
    code, _, err = run_cli("init", str(folder))
    assert code == 1 and err == (
        f"error: {folder / 'attcli.toml'} already exists; use --force to replace it\n"
    )


def test_an_unknown_key_in_any_features_section_stops_every_command(tmp_path, export):
    config = make_workspace(tmp_path / "school")
    config.write_text(
        config.read_text("utf-8").replace("min_cohort = 5", "min_cohrt = 5"), "utf-8"
    )
    code, _, err = run_cli("check", str(export), "-c", str(config))
    assert code == 1
    assert err == (
        f"error: {config}: config key 'report.min_cohrt': unknown key; [report] takes: "
        "min_cohort, national, target, title\n"
    )


# --------------------------------------------------------------------------- outputs


def test_output_format_follows_the_file_name(tmp_path, export):
    from openpyxl import load_workbook

    for command in ("check", "cme"):
        target = tmp_path / f"{command}.xlsx"
        code, out, err = run_cli(command, str(export), "-o", str(target))
        assert code == 0, err
        assert target.read_bytes()[:2] == b"PK" and load_workbook(target).sheetnames
        target = tmp_path / f"{command}.json"
        assert run_cli(command, str(export), "-o", str(target))[0] == 0
        json.loads(target.read_text("utf-8"))
        target = tmp_path / f"{command}.csv"
        assert run_cli(command, str(export), "-o", str(target))[0] == 0
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    code, _, err = run_cli("check", str(export), "-f", "xlsx", "-o", str(tmp_path / "x.csv"))
    assert code == 1
    assert err.splitlines()[-1] == (
        f"error: --format xlsx does not match --output '{tmp_path / 'x.csv'}' (a .csv file is "
        "csv); give a file ending .xlsx, or leave out --format"
    )
    code, _, err = run_cli("cme", str(export), "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and err.splitlines()[-1] == (
        f"error: --output '{tmp_path / 'x.pdf'}': attcli writes .xlsx, .csv, .json or .txt (a "
        "table); give a file with one of those endings, or --format"
    )
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.pdf").exists()


def test_register_check_csv_bom_setting_and_as_of(tmp_path, export):
    config = make_workspace(tmp_path / "school")
    target = tmp_path / "la.csv"
    code, out, err = run_cli(
        "register-check", str(export), "--term", "autumn", "-c", str(config), "-o", str(target),
        "--as-of", "2026-09-18",
    )  # fmt: skip
    assert code == 0, err
    # as of 18 Sep: 10 school days, 10 of 20 sessions attended (50 %)
    assert "figures as of 18/09/2026" in out
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert f"{UPN},Surname1,Forename1,01/10/2014,7,,50.00,50.00,20,0,10," in data.decode(
        "utf-8-sig"
    )
    config.write_text(config.read_text("utf-8").replace("bom = true", "bom = false"), "utf-8")
    code, _, err = run_cli(
        "register-check", str(export), "--term", "autumn", "-c", str(config), "-o", str(target),
        "--force",
    )  # fmt: skip
    assert code == 0, err
    assert target.read_bytes().startswith(b"UPN,")


# --------------------------------------------------------------------------- CLI


def test_preset_long_and_wide_are_the_shapes(tmp_path, export):
    code, out, err = run_cli("check", str(export), "--preset", "long", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["pupils"][0]["upn"] == UPN
    code, _, err = run_cli("check", str(export), "--preset", "wide", "-f", "json")
    assert code == 1 and "error:" in err  # a long export is not a wide one
    code, _, err = run_cli("check", str(export), "--preset", "sims")
    assert code == 2
    assert err == (
        "error: Invalid value for '--preset': 'sims' is not a preset; choose arbor (or long), "
        "integris (or wide); see `attcli check --help`\n"
    )


def test_usage_errors_are_one_line_with_exit_2(capsys):
    code, out, err = run_cli("check")
    assert (code, out, err) == (
        2,
        "",
        "error: Missing argument 'EXPORT...'; see `attcli check --help`\n",
    )
    code, _, err = run_cli("pn", "record", "A1", "x.csv", "--parent")
    assert code == 2 and err == (
        "error: Option '--parent' requires an argument; see `attcli pn record --help`\n"
    )


def _all_commands() -> list[list[str]]:
    from typer.main import get_command

    from attcli.cli import app

    root = get_command(app)
    found = [[]]
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        found.append([name])
        for sub in getattr(cmd, "commands", {}):
            found.append([name, sub])
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c) or "attcli")
def test_help_reads_as_english_at_80_columns(command):
    code, out, err = run_cli(*command, "--help", width=80)
    assert code == 0, err
    for label in ("<bool>", "<str>", "<path>", "<list", "list[", "<int>", "{", "}"):
        assert label not in out, (label, out)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_workspace_line_on_a_narrow_terminal_breaks_between_its_parts(
    tmp_path, export, monkeypatch
):
    """A terminal of 80 columns would break the line mid-word (a path is one long word);
    there it is broken after the folder and between its parts; a pipe keeps one line."""
    import io

    from rich.console import Console

    from attcli import cliutil

    school = make_workspace(tmp_path / "a-school-folder-with-a-long-name").parent
    shown = io.StringIO()
    monkeypatch.setattr(
        cliutil, "err_console", Console(file=shown, width=80, force_terminal=True, color_system=None)
    )
    code, _, err = run_cli(
        "--workspace", str(school), "check", str(export), "-f", "json", width=80
    )
    assert code == 0, err
    lines = shown.getvalue().splitlines()
    assert lines[:3] == [
        f"workspace: {school} (--workspace):",
        "  config attcli.toml,",
        "  history attcli-history.sqlite3 (none yet)",
    ]
    assert cliutil.narrow_workspace_line("workspace: none (no --workspace): default, x") == (
        "workspace: none (no --workspace):\n  default,\n  x"
    )
    # a pipe or a log: the one line, as before
    piped = io.StringIO()
    monkeypatch.setattr(cliutil, "err_console", Console(file=piped, width=80))
    code, _, err = run_cli(
        "--workspace", str(school), "check", str(export), "-f", "json", width=80
    )
    assert code == 0, err
    assert piped.getvalue().splitlines()[0] == (
        f"workspace: {school} (--workspace): config attcli.toml, "
        "history attcli-history.sqlite3 (none yet)"
    )
