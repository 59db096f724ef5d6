"""A file whose contact columns attcli fills only from ``--contacts``, made without it:
the blank columns are said, in one line, never left for the LA to find (DOMAIN.md 8: the
address "when known"; a blank column with nothing said reads as "no address known")."""

from __future__ import annotations

import datetime as dt

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date


def _export(tmp_path, upns):
    # N on every session of 20 school days from Mon 7 Sep 2026: each pupil 0 % (listed by
    # the register check, below 90 %) and in a 10+ day run (the LA return)
    reg = register({u: " ".join(["N"] * 20) for u in upns}, start=D(2026, 9, 7))
    return write_long_csv(reg, tmp_path / "export.csv")


def _notes(stdout: str, err: str) -> list[str]:
    return [ln for ln in (stdout + err).splitlines() if "--contacts" in ln]


def test_the_register_check_without_contacts_says_its_address_column_is_blank(tmp_path):
    export = _export(tmp_path, ["AAA", "BBB", "CCC"])
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "-o", tmp_path / "rc.csv", width=400
    )
    assert code == 0, err
    assert "3 pupils listed" in stdout + err
    assert _notes(stdout, err) == [
        "note: no contacts export given: the Address column is blank for the 3 pupils "
        "listed; give the MIS contacts export with --contacts to fill it"
    ]
    # (the file itself: the column there, blank)
    lines = (tmp_path / "rc.csv").read_text(encoding="utf-8-sig").splitlines()
    col = lines[0].split(",").index("Address")
    assert [ln.split(",")[col] for ln in lines[1:]] == ["", "", ""]


def test_the_register_check_listing_nobody_says_nothing_of_contacts(tmp_path):
    reg = register({"AAA": " ".join(["/"] * 20)}, start=D(2026, 9, 7))  # 100 %: not listed
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "-o", tmp_path / "rc.csv", width=400
    )
    assert code == 0, err
    assert "0 pupils listed" in stdout + err
    assert _notes(stdout, err) == []


def test_the_la_return_without_contacts_says_its_contact_columns_are_blank(tmp_path):
    export = _export(tmp_path, ["AAA"])
    code, stdout, err = run_cli(
        "la-return", export, "--month", "2026-09", "--dry-run", "--as-of", "2026-09-30",
        "-c", make_workspace(tmp_path / "w"), width=400,
    )  # fmt: skip
    assert code == 0, err
    assert _notes(stdout, err) == [
        "note: no contacts export given: the Address, Priority contact and Contact phone "
        "columns are blank for the pupil in the return; give the MIS contacts export with "
        "--contacts to fill them"
    ]


def test_the_note_names_the_columns_by_the_headers_the_file_gives_them(tmp_path):
    """A school that renamed the LA files' columns (`[register_check.headers]`,
    `[la_return.headers]`) reads the note under its own headers, as the file shows them."""
    export = _export(tmp_path, ["AAA"])
    ws = make_workspace(
        tmp_path / "w",
        "\n[register_check.headers]\naddress = 'Home address'\n"
        "[la_return.headers]\naddress = 'Home address'\ncontact_phone = 'Telephone'\n",
    )
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "-o", tmp_path / "rc.csv", "-c", ws,
        width=400,
    )  # fmt: skip
    assert code == 0, err
    assert _notes(stdout, err) == [
        "note: no contacts export given: the Home address column is blank for the pupil "
        "listed; give the MIS contacts export with --contacts to fill it"
    ]
    code, stdout, err = run_cli(
        "la-return", export, "--month", "2026-09", "--dry-run", "--as-of", "2026-09-30",
        "-c", ws, width=400,
    )  # fmt: skip
    assert code == 0, err
    assert _notes(stdout, err) == [
        "note: no contacts export given: the Home address, Priority contact and Telephone "
        "columns are blank for the pupil in the return; give the MIS contacts export with "
        "--contacts to fill them"
    ]
