"""Sweep of 5 December (fourth), fuzz: registers damaged at random (bytes, lines, cells,
columns, headers, near-miss dates and codes) through the loaders and every command.  Where
attcli cannot give a correct answer it says so in one line (exit 1, no traceback); damage
that changes the data changes the figures as it implies, or is said; neutral damage (rows
reordered, cells quoted, trailing spaces, CRLF) gives the same figures.  Each fault the
random runs found has a plain regression test with its minimal case first."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.errors import InputError
from attcli.loaders import load_registers
from clirun import run_cli

#: two pupils, one week from Mon 07/09/2026: (UPN, surname, forename, marks AM/PM a day)
TWO = [
    ("A999300000001", "Ahmed", "Sara", "/\\/\\/\\/\\/\\"),
    ("A999300000002", "Brown", "Tom", "/\\NN/\\/\\/\\"),
]
DAYS = ["07/09/2026", "08/09/2026", "09/09/2026", "10/09/2026", "11/09/2026"]


def long_text(order=("UPN", "Surname", "Forename"), pupils=TWO) -> str:
    """A long register of ``pupils`` whose first three columns are headed ``order`` (the
    cells are always UPN, surname, forename: a header out of that order mislabels them)."""
    lines = [",".join(order) + ",Date,Session,Mark"]
    for upn, sur, fore, marks in pupils:
        for i, day in enumerate(DAYS):
            for j, session in enumerate(("AM", "PM")):
                lines.append(f"{upn},{sur},{fore},{day},{session},{marks[2 * i + j]}")
    return "\n".join(lines) + "\n"


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_registers([path])
    return str(info.value)


# --- a name column that holds UPNs: the columns swapped or mislabelled -------------------
# The UPN and Forename columns swapped (cells moved, or the headers typed over the wrong
# columns): every pupil was read with a forename for a UPN ('Sara', 'Tom') and a UPN for a
# forename, with nothing said; the LA's register-check file carried 'Sara' as a UPN, and two
# children of one forename (or surname, for that swap) were one pupil.  A name is never a
# UPN: refused, naming the column, its first line and value.


@pytest.mark.parametrize(
    ("order", "column", "value"),
    [
        (("Forename", "Surname", "UPN"), "Forename", "A999300000001"),
        (("Surname", "UPN", "Forename"), "Surname", "A999300000001"),
    ],
)
def test_a_name_column_of_upns_is_refused_as_columns_swapped(tmp_path, order, column, value):
    path = tmp_path / "swapped.csv"
    path.write_text(long_text(order), encoding="utf-8")
    text = refusal(path)
    assert text.startswith(f"{path}, line 2: column '{column}' holds UPNs, not names")
    assert repr(value) in text
    assert "swapped" in text


def test_one_name_that_is_a_upn_is_not_a_swap(tmp_path):
    # one pupil's forename typed as a UPN-shaped text in the MIS: a cell, not a column
    pupils = [*TWO, ("A999300000003", "Clark", "A999300000009", "/\\/\\/\\/\\/\\")]
    path = tmp_path / "one.csv"
    path.write_text(long_text(pupils=pupils), encoding="utf-8")
    assert load_registers([path]).register.height == 30


def test_upns_swapped_with_forenames_stop_every_command_in_one_line(tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text(long_text(("Forename", "Surname", "UPN")), encoding="utf-8")
    code, out, err = run_cli("check", path, "--as-of", "2026-09-11")
    assert code == 1
    assert "holds UPNs, not names" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
