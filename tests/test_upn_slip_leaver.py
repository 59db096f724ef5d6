"""A "leaver" who is only a UPN typed differently on a few rows (a typing slip the loader's
note names) is said to be so wherever the leavers are listed (docs/decisions.md, "A leaver
under a UPN typed differently says so")."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli

GUS = "G999201234571"
SLIP = "G99920123457"  # a digit dropped


def _export(tmp_path):
    """Three pupils present every session of 10 school days (Mon 07/09 to Fri 18/09/2026),
    Gus Green (born 01/08/2014) first: his rows are lines 2-21, a day's AM then PM, so his
    Wednesday 16/09 AM (the 8th day) is line 2 + 7 * 2 = 16, written under SLIP."""
    upns = [GUS, "A999200000001", "B999200000002"]
    reg = register(
        {u: " ".join(["/\\"] * 10) for u in upns},
        dob={GUS: dt.date(2014, 8, 1)},
    )
    reg = reg.with_columns(
        pl.when(pl.col("upn") == GUS).then(pl.lit("Green")).otherwise("surname").alias("surname"),
        pl.when(pl.col("upn") == GUS).then(pl.lit("Gus")).otherwise("forename").alias("forename"),
    )
    row = reg.row(14, named=True)
    assert (row["upn"], row["date"], row["session"], row["line"]) == (
        GUS, dt.date(2026, 9, 16), "AM", 16
    )
    reg = reg.with_columns(
        pl.when(pl.col("line") == 16).then(pl.lit(SLIP)).otherwise("upn").alias("upn")
    )
    return write_long_csv(reg, tmp_path / "reg.csv", dob=True)


CLAUSE = f"1 row under a UPN typed differently from {GUS}'s, line 16: see the note"


def test_a_leaver_under_a_upn_typed_differently_says_so_in_check(tmp_path):
    """Review10's Gus Green: one row (line 362) under 'G99920123457' was listed as a pupil
    who "left the roll" on 24/09, with nothing beside it, while a note further down called
    that row a typing slip of G999201234571's: read, Gus had left the school.  The leaver is
    still counted as a pupil of its own (attcli does not join them), but the line says what
    it is.  Here: SLIP's one row is Wed 16/09/2026 AM, so it "left" 16/09/2026."""
    path = _export(tmp_path)
    code, out, err = run_cli("check", path)
    assert code == 0, err
    text = " ".join(out.split())
    assert (
        f"1 pupil left the roll in the period (counted in the bands to the day they left; no "
        f"action listed for them): Green, Gus {SLIP} (left 16/09/2026; {CLAUSE})."
    ) in text
    assert f"line 16: UPN '{SLIP}' is not a UPN" in " ".join(err.split())  # the note


def test_check_json_carries_the_slip_on_the_leaver(tmp_path):
    """The JSON pupil object of the slip carries ``upn_typed_apart``: the other pupil's UPN
    (its name and date of birth), the file and its lines; the real pupil has none."""
    path = _export(tmp_path)
    code, out, err = run_cli("check", path, "--format", "json")
    assert code == 0, err
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    slip = pupils[SLIP]
    assert slip["on_roll"] is False and slip["left_on"] == "2026-09-16"
    assert slip["upn_typed_apart"] == {"like_upn": GUS, "file": str(path), "lines": [16]}
    assert "upn_typed_apart" not in pupils[GUS]
    assert json.loads(out)["summary"]["left"] == 1  # still counted apart


def test_letters_name_the_slip_among_those_no_longer_on_roll(tmp_path):
    """letters --dry-run names the pupils no longer on roll (no letters): the slip is one
    of them, and says what it is.  Dated Mon 21/09/2026, the school day after the data."""
    from attcli.letters import run_letters
    from test_letters import contacts_for, make_config

    r = run_letters(
        [_export(tmp_path)],
        make_config(tmp_path),
        contacts=contacts_for([GUS, "A999200000001", "B999200000002"], tmp_path),
        out_dir=tmp_path / "out",
        letter_date=dt.date(2026, 9, 21),
        dry_run=True,
    )
    assert (
        f"1 pupil no longer on roll: no letters: Gus Green ({SLIP}), left 16/09/2026 ({CLAUSE})"
        in r.notes
    )
