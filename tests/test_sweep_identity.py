"""Sweep identity: which child is which, in real exports and contacts (DOMAIN.md 5, 9; a
mark, flag, letter or pack attributed to the right child and sent to the right, allowed
parent).

Registers are hand made (tests/builders.py) from Monday 7 September 2026, the half-term
holiday 26-30 October; the figures of each test are worked by hand in its docstring.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

P = "/\\"
HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: school days 7 September to Friday 27 November 2026: 20 to Fri 2 Oct, then 35
DAYS = 55


def _named(reg: pl.DataFrame, names: dict[str, tuple[str, str, dt.date]]) -> pl.DataFrame:
    """``reg`` with each UPN of ``names`` given (surname, forename, date of birth)."""
    for upn, (sur, fore, dob) in names.items():
        mine = pl.col("upn") == upn
        reg = reg.with_columns(
            pl.when(mine).then(pl.lit(sur)).otherwise(pl.col("surname")).alias("surname"),
            pl.when(mine).then(pl.lit(fore)).otherwise(pl.col("forename")).alias("forename"),
            pl.when(mine).then(pl.lit(dob)).otherwise(pl.col("dob")).alias("dob"),
        )
    return reg


def _two_upn_school(tmp_path: Path, forename_of_old: str) -> tuple[Path, Path, Path]:
    """OLD present 7 Sep - 2 Oct (20 days, then no row); NEW from Mon 5 Oct: O on its
    first 10 school days (20 sessions), present after, to Fri 27 Nov.  Both Tempest, born
    01/05/2018; OLD's forename ``forename_of_old``, NEW's Tia.  NEW alone: 50 of 70
    sessions (71.4 %); the one child under both UPNs: 90 of 110 (81.8 %)."""
    born = dt.date(2018, 5, 1)
    reg = register(
        {
            "OLD": " ".join([P] * 20 + ["!"] * 35),
            "NEW": " ".join(["!"] * 20 + ["O"] * 10 + [P] * 25),
            "A0": " ".join([P] * DAYS),
        },
        holidays=HOLIDAY,
    )
    reg = _named(reg, {"OLD": ("Tempest", forename_of_old, born), "NEW": ("Tempest", "Tia", born)})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("NEW", "CP", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _pack(export: Path, config: Path, contacts: Path, upn: str, *more: str | Path):
    return run_cli(
        "evidence", upn, export, "-c", config, "--contacts", contacts,
        "--for", "penalty-notice", "--as-of", "2026-11-27", *more,
    )  # fmt: skip


def test_a_pack_of_one_upn_of_a_child_under_two_says_so_and_is_not_complete(tmp_path):
    """A temporary UPN replaced by the permanent one mid-term: the pack of NEW gave
    NEW's 50 of 70 (71.4 %) as the child's school year, complete, nothing said (the
    letters hold such a letter; the pack for the local authority did not).  Its figures
    are NEW's alone, so it is not complete: the problem names the other UPN and its
    dates.  Twins (another forename) are two children: nothing said, the pack complete."""
    export, config, contacts = _two_upn_school(tmp_path, "Tia")
    code, out, err = _pack(export, config, contacts, "NEW", "--draft", "-f", "json")
    assert code == 0, err
    pack = json.loads(out)
    assert pack["figures"]["possible"] == 70 and pack["figures"]["attended"] == 50
    assert not pack["complete"]
    said = [p for p in pack["problems"] if "two UPNs" in p]
    assert len(said) == 1, pack["problems"]
    assert "OLD" in said[0] and "07/09/2026 to 02/10/2026" in said[0]
    assert "NEW's alone" in said[0]
    code, out, err = _pack(export, config, contacts, "NEW", "-o", tmp_path / "p.pdf")
    assert code == 1 and "two UPNs" in err

    twins = tmp_path / "twins"
    twins.mkdir()
    export, config, contacts = _two_upn_school(twins, "Tom")
    code, out, err = _pack(export, config, contacts, "NEW", "--draft", "-f", "json")
    assert code == 0, err
    pack = json.loads(out)
    assert pack["complete"], pack["problems"]


CONTACTS_HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Correspondence,Address Line 1,Town,Postcode\n"
)


def _red_school(tmp_path: Path, contacts: str) -> tuple[Path, Path, Path]:
    """P: O on Mon 16 - Thu 19 Nov and Mon 23 - Tue 24 Nov (12 sessions, 10+ in the
    window of 14 Sep - 27 Nov), present otherwise; A0 present throughout."""
    days = [d for d in (dt.date(2026, 9, 7) + dt.timedelta(i) for i in range(82))
            if d.weekday() < 5 and d not in HOLIDAY]  # fmt: skip
    absent = {dt.date(2026, 11, d) for d in (16, 17, 18, 19, 23, 24)}
    reg = register(
        {"P": " ".join("O" if d in absent else P for d in days), "A0": " ".join([P] * DAYS)},
        holidays=HOLIDAY,
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS_HEAD + contacts, encoding="utf-8")
    return export, config, path


def test_a_pack_s_parent_is_one_with_parental_responsibility_who_may_be_written_to(tmp_path):
    """The pack's parent by default (no --parent) was the first contact whose parental
    responsibility was not 'No': a grandmother with it blank (priority 1) was named as
    the parent the notice is for, though the export has the column and the letters, which
    read a blank as no, went to the mother (priority 2).  And a father the school marks
    not to be sent letters (Correspondence N: a court order, a parent who must not get the
    child's post) was named before the mother the letters go to.  The default is now the
    first contact the letters would go to (parental responsibility, not marked), the one
    skipped said; --parent still names anyone."""
    export, config, contacts = _red_school(
        tmp_path,
        "P,G1,Mrs,Gran,Nana,Grandmother,1,,Y,1 Elm Road,Anytown,AN1 1AB\n"
        "P,F1,Mr,Stan,Shaw,Father,1,Yes,N,2 Elm Road,Anytown,AN1 2AB\n"
        "P,M1,Mrs,Sal,Shaw,Mother,2,Yes,Y,3 Elm Road,Anytown,AN1 3AB\n",
    )
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json")
    assert code == 0, err
    assert json.loads(out)["parent"]["name"] == "Mrs Sal Shaw"
    assert "Mr Stan Shaw" in err and "not to be sent letters" in err
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json",
                           "--parent", "F1")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["parent"]["name"] == "Mr Stan Shaw"

    # no one the letters may go to: refused, naming why, until --parent says who
    export, config, contacts = _red_school(
        tmp_path,
        "P,G1,Mrs,Gran,Nana,Grandmother,1,,Y,1 Elm Road,Anytown,AN1 1AB\n"
        "P,F1,Mr,Stan,Shaw,Father,2,Yes,N,2 Elm Road,Anytown,AN1 2AB\n",
    )
    code, out, err = _pack(export, config, contacts, "P", "--draft", "-f", "json")
    assert code == 1 and "--parent" in err and "Mr Stan Shaw" in err, err
