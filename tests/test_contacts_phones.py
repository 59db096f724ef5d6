"""A contacts export opened in Excel and saved again: a telephone number written without
spaces is a number to Excel, which drops its leading 0 (07700900123 -> 7700900123) or
writes a long one as 7.7009E+09.  The number is shown as written (attcli does not guess
a digit), and one line says how many look shortened, with the first's line, wherever
the contacts' telephone numbers are shown (``cme``'s list, the LA's return)."""

from __future__ import annotations

import shutil
from pathlib import Path

from attcli.config import load_config
from attcli.contacts import read_contacts
from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPORT = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
NOTE = (
    "{file}: 2 telephone numbers look shortened by a spreadsheet (line 3: '1632960477', "
    "no leading 0, or written as a number like 7.7009E+09): shown as written; check them in "
    "the MIS and export the contacts again without opening them in Excel"
)


def _resaved(tmp: Path) -> Path:
    lines = (EXAMPLES / "exports" / "contacts.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("01632 960477", "1632960477")  # line 3
    lines[5] = lines[5].rsplit(",", 1)[0] + ",7.7009E+09"  # line 6
    out = tmp / "contacts.csv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_shortened_numbers_are_named_once_and_kept_as_written(tmp_path: Path) -> None:
    contacts = _resaved(tmp_path)
    book = read_contacts(contacts, load_config(EXAMPLES / "attcli.toml"))
    assert NOTE.format(file=contacts) in book.notes
    assert book.phone_note == NOTE.format(file=contacts)
    phones = {c.phone for cs in book.by_upn.values() for c in cs}
    assert "1632960477" in phones and "7.7009E+09" in phones


def test_the_example_contacts_have_no_such_note() -> None:
    book = read_contacts(EXAMPLES / "exports" / "contacts.csv", load_config(EXAMPLES / "attcli.toml"))
    assert book.phone_note is None
    assert not any("telephone" in n for n in book.notes)


def test_cme_says_it_beside_the_numbers_it_lists(tmp_path: Path) -> None:
    contacts = _resaved(tmp_path)
    shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli(
        "cme", EXPORT, "--config", tmp_path / "attcli.toml", "--contacts", contacts,
        "--as-of", "2026-11-27", "--days", "3",
    )  # fmt: skip
    assert code == 0, err
    assert " ".join(NOTE.format(file=contacts).split()) in " ".join(err.split())


def test_the_la_return_says_it_too(tmp_path: Path) -> None:
    contacts = _resaved(tmp_path)
    shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, _, err = run_cli(
        "la-return", EXPORT, "--config", tmp_path / "attcli.toml", "--month", "2026-11",
        "--as-of", "2026-11-27", "--contacts", contacts, "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert " ".join(NOTE.format(file=contacts).split()) in " ".join(err.split())
