"""Sweep rcdob: the LA's files for a pupil whose date of birth the register does not
give (DOMAIN.md 8: the file lists the date of birth; a problem in the data is never
hidden), and a period over two school years (DOMAIN.md 2 and 10)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from attcli.config import Config
from attcli.lacheck import register_check, to_csv, to_xlsx
from builders import register
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
NO_DOB_LA = "no date of birth in the register: compulsory school age not checked; check it in the MIS"
NO_DOB_SICK = "no date of birth in the register: check it in the MIS"


def _export(path: Path, reg: pl.DataFrame) -> Path:
    """An Arbor-style long CSV of ``reg``; a pupil with no date of birth has a blank cell."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
    for r in reg.iter_rows(named=True):
        born = "" if r["dob"] is None else f"{r['dob']:%d/%m/%Y}"
        w.writerow([r["upn"], r["surname"], r["forename"], "Year 7", r["reg_group"], born,
                    f"{r['date']:%d/%m/%Y}", r["session"], r["raw_mark"]])  # fmt: skip
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _two() -> pl.DataFrame:
    """Autumn 2026 from Mon 7 Sep, 18 school days to Wed 30 Sep: NODOB (no date of birth)
    and KNOWN (born 01/10/2014, Y7) N every day: 0/36 = 0.00 %, a run of 18 school days;
    SICKLY (no date of birth) I every day: 36 illness sessions, 18 days in a row.  All
    three are listed by the register check (below 90 %) and the September return."""
    start = D(2026, 9, 7)
    return pl.concat([
        register({"NODOB": " ".join(["N"] * 18)}, start=start, dob={"NODOB": None}),
        register({"KNOWN": " ".join(["N"] * 18)}, start=start),
        register({"SICKLY": " ".join(["I"] * 18)}, start=start, dob={"SICKLY": None}),
    ])  # fmt: skip


def test_the_register_check_workbook_says_which_listed_pupils_have_no_date_of_birth():
    """The LA's officer reads the workbook alone: a blank "Date of birth" cell must be
    explained in it, not only on the school's screen.  The header block gets a red
    "Date of birth" row, the one line the terminal says; the pupil table's columns are
    unchanged (the LA's template).  With every date of birth given there is no such row."""
    rc = register_check(_two(), Config(), term="autumn", year=2026)
    line = rc.no_dob_line()
    assert line == (
        "2 listed pupils have no date of birth: listed, as compulsory school age cannot be "
        "told without it (check it in the MIS): SurnameNODOB, ForenameNODOB (NODOB); "
        "SurnameSICKLY, ForenameSICKLY (SICKLY)"
    )
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 10, 1))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    labels = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, 14)}
    assert labels["Date of birth"].value == line
    assert labels["Date of birth"].font.b  # red and bold, as the Data row's problems
    # the table: the same columns as ever, its header row where it was plus one
    head_row = next(r for r in range(1, 20) if ws.cell(r, 1).value == "UPN")
    head = [c.value for c in ws[head_row]]
    assert head == [rc.settings.header(c) for c in rc.settings.columns]
    # the CSV's columns are the LA portal's: unchanged, the cell blank
    rows = list(csv.DictReader(io.StringIO(to_csv(rc))))
    assert list(rows[0]) == [rc.settings.header(c) for c in rc.settings.columns]
    assert {r["UPN"]: r["Date of birth"] for r in rows} == {
        "KNOWN": "01/10/2014", "NODOB": "", "SICKLY": ""}
    # every date of birth known: no row
    known = register_check(_two().filter(pl.col("upn") == "KNOWN"), Config(), term="autumn",
                           year=2026)  # fmt: skip
    buf = io.BytesIO()
    to_xlsx(known, buf, produced=D(2026, 10, 1))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert "Date of birth" not in [ws.cell(r, 1).value for r in range(2, 11)]


def test_the_la_return_notes_a_row_whose_date_of_birth_is_blank(tmp_path: Path):
    """September's return (term dates, export to Wed 30 Sep): NODOB and KNOWN on the
    unauthorised list (18 school days), SICKLY on the sickness list (36 sessions).  The
    return's "Note" column (in the LA's default columns) says why NODOB's and SICKLY's
    date of birth is blank, and for a run of unauthorised absence that compulsory school
    age (a child missing education is of it) was not checked; KNOWN's note is empty.  The
    terminal shows the same note."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "sep.csv", _two())
    out = tmp_path / "sep-return.csv"
    code, text, err = run_cli("la-return", export, "--month", "2026-09", "-c", config,
                              "-o", out, width=400)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")[1:])))
    notes = {r["UPN"]: (r["Date of birth"], r["Note"]) for r in rows}
    assert notes == {
        "NODOB": ("", NO_DOB_LA),
        "KNOWN": ("01/10/2014", ""),
        "SICKLY": ("", NO_DOB_SICK),
    }
    assert NO_DOB_LA in " ".join(text.split())


def test_register_check_to_a_csv_says_the_csv_cannot_carry_the_note(tmp_path: Path):
    """The CSV's columns are the LA portal's (docs/la-return.md, lacheck): no header block,
    no note column.  Made to a CSV, the run's line on the missing dates of birth says the
    file cannot say so, and what to do; to a workbook, it does not (the header block
    says it)."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _export(tmp_path / "sep.csv", _two())
    tail = "the CSV, in the LA's columns, cannot say so (the workbook's header block does)"
    for out, said in ((tmp_path / "rc.csv", True), (tmp_path / "rc.xlsx", False)):
        code, text, err = run_cli("register-check", export, "--term", "autumn", "--as-of", "2026-09-30",
                                  "-c", config, "-o", out, width=400)  # fmt: skip
        assert code == 0, err
        flat = " ".join(text.split())
        assert "2 listed pupils have no date of birth" in flat
        assert (tail in flat) is said, flat


def test_from_an_earlier_school_year_with_term_dates_is_refused_before_it_asks_for_that_year(
    tmp_path: Path,
):
    """A 2026/27 register (Mon 7 Sep - Fri 2 Oct 2026), `check --from 2025-09-01`.
    With term dates, a period lies within the as-of date's school year (the register is
    checked against that year's half terms; tests/test_real_registers.py): a register that
    holds 2025/26's days is refused.  One that does not was run, figures without a band,
    telling the office to "export the register from 01/09/2025": the export it asked for
    would then be refused.  Now refused at once, with the earliest --from (1 September
    2026) and the other way (an --as-of in 2025/26).  Without term dates the data is the
    calendar and such a period is taken (docs/decisions.md: a period may span the
    summer); its advice to export from 01/09/2025 then runs, so it is unchanged."""
    reg = register({"A": " ".join([P] * 10 + ["N"] * 10), "B": " ".join([P] * 20)},
                   start=D(2026, 9, 7))  # fmt: skip
    export = _export(tmp_path / "exp.csv", reg)
    terms = make_workspace(tmp_path / "terms", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", terms, "--from", "2025-09-01", width=400)
    assert code == 1 and out == "", out
    assert err.strip() == (
        "error: --from 2025-09-01 is in the school year 2025/26: with term dates in the "
        "config, a period lies within the school year of its as-of date (02/10/2026: "
        "2026/27, from 01/09/2026), checked against that year's half terms; give --from "
        "2026-09-01 or later (the earliest for this as-of date), or an --as-of date in "
        "2025/26"
    )
    code, out, err = run_cli("check", export, "-c", terms, "--from", "2026-09-01", width=400)
    assert code == 0, err
    bare = make_workspace(tmp_path / "bare")
    code, out, err = run_cli("check", export, "-c", bare, "--from", "2025-09-01", width=400)
    assert code == 0, err
    assert "export the register from 01/09/2025" in " ".join(out.split())
