"""What a person sees, a tenth pass: looks9's leftovers (docs/decisions.md, sweep looks10).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def test_cme_s_run_column_counts_school_days_in_the_80_column_table(tmp_path) -> None:
    """cme's Run cell said "12 days, N O" under a title of "10+ school days" (a run counts
    school days only, DOMAIN.md 6): Reuben Walsh's run, 03/12 to 18/12/2026, is 12 school
    days (Thursday 3 December to Friday 18 December: 2 + 5 + 5).  It says "12 school days",
    its codes on the line below, and the table (with contacts, at 80 columns) is still a
    table, not blocks."""
    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("cme", AUTUMN, "--contacts", CONTACTS, "-c", cfg, width=80)
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.startswith("┃ Pupil") and "┃ Run " in line for line in lines), out
    assert max(len(line) for line in lines) <= 80, out
    at = next(i for i, line in enumerate(lines) if "Walsh, Reuben" in line)
    cells = [[c.strip() for c in line.split("│")] for line in lines[at:at + 3]]
    assert [row[3] for row in cells] == ["12 school days", "N O", "03/12-18/12/26"], out
    assert " days, N" not in out


def _column(ws, header: str) -> list[object]:
    """The values under ``header`` (the first row holding it), to the sheet's end."""
    for row in ws.iter_rows():
        names = [c.value for c in row]
        if header in names:
            at, first = names.index(header), row[0].row
            return [r[at].value for r in ws.iter_rows(min_row=first + 1)]
    raise AssertionError(f"no {header!r} in {ws.title}")


def test_the_report_s_workbook_names_reception_as_its_page_does() -> None:
    """The report's page calls the year "Reception"; its workbook's Year group column said
    "R" beside 7.  One name, from the helper that names a year group: "Reception"; a whole
    year stays the number 7 (it sorts and filters as one), under the heading "Year group"."""
    import io

    import polars as pl
    from openpyxl import load_workbook

    from attcli.config import parse_config
    from attcli.report import build_report
    from attcli.report.html import render_html
    from attcli.report.xlsx import write_xlsx
    from builders import register
    from test_report import CONFIG

    p = " ".join(["/\\"] * 10)
    reg = pl.concat([
        register({"R1": p, "R2": p, "R3": p}, year_group="R"),
        register({"S1": p, "S2": p, "S3": p}, year_group="7"),
    ])  # fmt: skip
    report = build_report(reg, parse_config(CONFIG))
    assert ">Reception<" in render_html(report)
    buf = io.BytesIO()
    write_xlsx(report, buf)
    book = load_workbook(buf)
    assert _column(book["Year groups"], "Year group") == ["Reception", 7]
    assert _column(book["Reg groups"], "Year group") == ["Reception", 7]
