"""Sweep: the commands agree about the same pupil on the same date (a small school whose
pupils each carry one hard case, worked out by hand from DOMAIN.md).

The registers: autumn 2026 from Monday 7 September (``builders.register``), term dates in
the config (``school.AUTUMN_HALF_TERMS``), A present throughout (the school's days).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace


def _said(text: str) -> str:
    return " ".join(text.split())


def _back_then_left(tmp_path: Path) -> tuple[Path, Path]:
    """(the export, the config): 30 school days, Mon 7 September to Fri 16 October.
    BACK: present 10 days, absent (O) Mon 21 September to Fri 2 October (10 school days),
    back in school Mon 5 and Tue 6 October, then no row: left the roll on Tue 6 October.
    GONE: the same run, no row after it: left on Fri 2 October, straight after the run."""
    pupils = {
        "A": " ".join(["/\\"] * 30),
        "BACK": " ".join(["/\\"] * 10 + ["O"] * 10 + ["/\\"] * 2 + ["!"] * 8),
        "GONE": " ".join(["/\\"] * 10 + ["O"] * 10 + ["!"] * 10),
    }
    export = write_long_csv(register(pupils), tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    return export, config


def test_cme_says_a_pupil_back_after_a_run_has_since_left_the_roll_as_the_la_return_does(
    tmp_path,
) -> None:
    """As of Fri 16 October, BACK's 10-day run (21/09-02/10) is over: they came back on
    5 October, then left the roll on 6 October.  The LA return says "back in school, then
    left the roll 06/10/2026"; the check lists BACK as "left 06/10/2026".  `cme` said only
    "back", its "Left the roll on" column blank (CSV, JSON `left_on` null): a DSL reading
    the CME list took a child no longer on roll for one in school.  GONE, who left straight
    after the run, is unchanged: status left, left on 02/10/2026."""
    export, config = _back_then_left(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--format", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert (runs["BACK"]["status"], runs["BACK"]["left_on"]) == ("back", "2026-10-06")
    assert (runs["GONE"]["status"], runs["GONE"]["left_on"]) == ("left", "2026-10-02")
    code, out, err = run_cli("cme", export, "-c", config, "--format", "csv")
    assert code == 0, err
    rows = {r["UPN"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert (rows["BACK"]["Now"], rows["BACK"]["Left the roll on"]) == ("back", "06/10/2026")
    assert (rows["GONE"]["Now"], rows["GONE"]["Left the roll on"]) == ("left", "02/10/2026")
    code, out, err = run_cli("cme", export, "-c", config)
    assert code == 0, err
    back = next(i for i, line in enumerate(out.splitlines()) if "back, then" in line)
    assert "left 06/10/26" in out.splitlines()[back + 1] and "LEFT 02/10/26" in out
    code, out, err = run_cli(
        "la-return", export, "-c", config, "--month", "2026-10", "--as-of", "2026-10-16",
        "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "back in school, then left the roll 06/10/2026" in _said(out)


def _pdf_said(path: Path) -> str:
    import pypdf

    return _said(" ".join(p.extract_text() for p in pypdf.PdfReader(str(path)).pages))


def _absent_school(tmp_path: Path, tokens: list[str], dob: bool = True) -> tuple[Path, Path, Path]:
    """(the export, the config, the contacts) of A (present) and P (``tokens``, one a
    school day from Mon 7 September, the half-term holiday 26-30 October skipped), P's
    date of birth given or (``dob`` false) left blank; Mrs Ann Parent (C1) is P's contact."""
    import datetime as dt

    holidays = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register(
        {"A": " ".join(["/\\"] * len(tokens)), "P": " ".join(tokens)}, holidays=holidays
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    if not dob:  # P's date of birth cell left blank
        lines = export.read_text(encoding="utf-8").splitlines()
        lines = [
            ",".join(c if i != 3 else "" for i, c in enumerate(x.split(","))) if x.startswith("P,") else x
            for x in lines
        ]  # fmt: skip
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "C1", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _pack_said(tmp_path: Path, export: Path, config: Path, contacts: Path) -> str:
    """The text of P's penalty-notice evidence pack (a draft) from these files."""
    pack = tmp_path / "pack.pdf"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--for", "penalty-notice",
        "--contacts", contacts, "-o", pack, "--draft",
    )  # fmt: skip
    assert code == 0, err
    return _pdf_said(pack)


def test_the_evidence_pack_does_not_say_of_compulsory_school_age_without_a_date_of_birth(
    tmp_path,
) -> None:
    """P has no date of birth and is absent (G) all of Mon 16 to Fri 20 November: 10
    unauthorised sessions in the window, 45 school days to Fri 20 November.  The check
    says "no date of birth: check compulsory school age" and the pack's own pupil table
    "not known (no date of birth)"; its window paragraph said "10 sessions of unauthorised
    absence (G, N, O, U) while of compulsory school age": a claim no register can back
    (DOMAIN.md 5: "Where no date of birth is known, say so; don't assume")."""
    tokens = ["/\\"] * 40 + ["G"] * 5
    export, config, contacts = _absent_school(tmp_path, tokens, dob=False)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "P"]
    assert (p["pn_window_sessions"], p["compulsory_school_age"]) == (10, None)
    said = _pack_said(tmp_path, export, config, contacts)
    assert "10 sessions of unauthorised absence (G, N, O, U)" in said
    assert "while of compulsory school age" not in said
    assert "compulsory school age not known" in said


def test_the_evidence_pack_counts_the_window_s_school_weeks_as_the_check_does(tmp_path) -> None:
    """The exports start Mon 7 September; as of Fri 23 October the window holds the 7
    school weeks 07/09-23/10 (the 3 before are last school year's, not exported).  P is
    absent (O) Mon 19 to Fri 23 October: 10 sessions.  The check and the letters say "the 7
    school weeks"; the evidence pack said "The 10 school weeks from 7 September 2026 to 23
    October 2026", seven weeks long on its own dates."""
    tokens = ["/\\"] * 30 + ["O"] * 5
    export, config, contacts = _absent_school(tmp_path, tokens)
    code, out, err = run_cli("check", export, "-c", config)
    assert code == 0, err
    assert "10 unauthorised sessions in the 7 school weeks 07/09/2026 to 23/10/2026" in _said(out)
    said = _pack_said(tmp_path, export, config, contacts)
    assert "The 7 school weeks from 07/09/2026 to 23/10/2026" in said
    assert "The 10 school weeks" not in said


def test_the_casebook_workbook_holds_attendance_as_a_number_as_the_check_s_does(tmp_path) -> None:
    """P is absent (O) on 11 mornings of 55 school days (to Fri 27 November): 99 of 110,
    exactly 90.0 %, red.  The check's workbook holds 0.9 under "0.0%"; the casebook's held
    the text "90.0%" (sorted as text, "100.0%" before "72.7%", and summed as nothing).
    Its CSV and JSON say 90.0% and 90.0 as before."""
    from openpyxl import load_workbook

    tokens = ["/\\"] * 55
    for i in (1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50):  # 11 mornings
        tokens[i] = "O\\"
    export, config, _ = _absent_school(tmp_path, tokens)
    book = tmp_path / "cases.xlsx"
    code, _, err = run_cli("cases", export, "-c", config, "-o", book)
    assert code == 0, err
    ws = load_workbook(book).active
    heads = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "P")
    cell = ws.cell(row, heads.index("attendance") + 1)
    assert (cell.value, cell.number_format) == (0.9, "0.0%")
    code, out, err = run_cli("cases", export, "-c", config, "-f", "csv")
    assert code == 0, err
    assert any(line.startswith("P,") and ",90.0%," in line for line in out.splitlines())
