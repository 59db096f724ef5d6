"""Faults found by a second sweep of `attcli cme` as the DSL reads it (DOMAIN.md 6).

The register (tests/builders.py) runs from Mon 7 Sep 2026, Autumn 1 to Fri 23 Oct."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

D = dt.date
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


def _export(tmp_path):  # noqa: ANN001, ANN202
    # Mon 7 Sep - Fri 2 Oct (20 school days).  GONE: in school to Fri 18 Sep, then N on
    # every school day to the data's end, Fri 2 Oct (10 days).  BACK: N 14-25 Sep (10
    # days), in school since.  As of Fri 9 Oct (term dates: 5 school days after the data,
    # no register), GONE's run reaches the end of the data: nobody knows whether the child
    # is still absent ("data ends"); BACK is back.
    reg = register(
        {
            "GONE": marks((P, 10), (N, 10)),
            "BACK": marks((P, 5), (N, 10), (P, 5)),
            "FINE": marks((P, 20)),
        },
        start=D(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def test_a_run_to_the_end_of_the_data_is_not_said_over_in_the_spreadsheet_to_be_no_longer_absent(
    tmp_path,
):
    # The table says "data ends" for GONE (not known since), the check "not known since";
    # the CSV's and the workbook's "Still absent" said "no", as for a child back in
    # school: a DSL filtering the sheet on "Still absent" lost a child unseen 10 days to the
    # last day anyone knows of.  It says "not known" (the run's status is data_ends); a run
    # still going says "yes", one the pupil came back from "no", as before.
    export, config = _export(tmp_path)
    args = ("cme", export, "-c", config, "--days", "10", "--as-of", "2026-10-09")
    code, out, err = run_cli(*args, "-f", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert {u: (r["Now"], r["Still absent"]) for u, r in rows.items()} == {
        "GONE": ("data_ends", "not known"),
        "BACK": ("back", "no"),
    }
    code, _, err = run_cli(*args, "-o", tmp_path / "cme.xlsx")
    assert code == 0, err
    sheet = openpyxl.load_workbook(tmp_path / "cme.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    at = values[0].index("Still absent")
    assert {r[0]: r[at] for r in values[1:]} == {"GONE": "not known", "BACK": "no"}
    # as of the data's last day the run is still going: "yes"
    code, out, err = run_cli(*args[:-1], "2026-10-02", "-f", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["GONE"]["Now"], rows["GONE"]["Still absent"]) == ("absent", "yes")
