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


def test_a_note_on_the_trust_s_page_begins_with_a_capital(tmp_path) -> None:
    """The trust's weekly note "sessions with no mark recorded, left out of the figures, by
    week: ..." began in lower case on the page, under the weekly table and in its Notes
    (looks8's and looks9's leftover): on the terminal it follows "note: ", a continuation,
    and keeps its form; on the page it is a sentence of its own, so it begins with a
    capital, as does "national figures: ..." in the Notes.  A note beginning with a name
    keeps it as written (a school's, a file's, `attcli`)."""
    import re

    from attcli.output import coded_html
    from clirun import run_cli
    from test_sweep_summary5 import ASH, BIRCH, _ash_mark, _birch_mark, _export, _summary

    ash = _summary(tmp_path, ASH, "100011", _export(tmp_path / "a-reg.csv", "A", 12, _ash_mark))
    birch = _summary(tmp_path, BIRCH, "100012",
                     _export(tmp_path / "b-reg.csv", "B", 10, _birch_mark))  # fmt: skip
    out = tmp_path / "trust.html"
    # all phases (no PA or SA figure shipped: a "national figures: ..." note); two primaries
    # are compared with the primaries' figures, which have every one (sweep blind7)
    trust = tmp_path / "trust.toml"
    trust.write_text('[school]\nphase = "all"\n', encoding="utf-8")
    code, stdout, err = run_cli("report", "--trust", ash, birch, "-o", out, "-c", trust,
                                width=80)  # fmt: skip
    assert code == 0, err
    said = " ".join((stdout + err).split())
    assert "note: sessions with no mark recorded, left out of the figures, by week: 12/10" in said
    page = out.read_text(encoding="utf-8")
    weekly = re.findall(r'<p class="note">([^<]*)', page)
    assert weekly[0].startswith("Sessions with no mark recorded, left out of the figures, by "
                                "week: 12/10 Ash Primary School (none recorded all week"), weekly
    items = [re.sub("<[^>]+>", "", x) for x in re.findall(r"<li>(.*?)</li>", page, re.S)]
    assert any(x.startswith("Sessions with no mark recorded, left out") for x in items), items
    assert any(x.startswith("National figures: DfE") for x in items), items
    assert any(x.startswith("Ash Primary School: 144 sessions with no mark") for x in items)
    assert str(coded_html("exports/a.csv: legacy code")) == "exports/a.csv: legacy code"
    assert str(coded_html("`attcli national update FILE.csv` loads")).startswith("<code>attcli")


def test_a_note_begun_with_a_file_s_name_keeps_the_name_as_written(tmp_path, monkeypatch) -> None:
    """looks10's capital on a page's note (and leftovers14's in a workbook's cell) turned a
    note begun with a file's name into another name: "Autumn (1).csv holds the same bytes
    as autumn.csv" named a file that is not there (Linux's names tell capitals apart;
    found by hostile4).  A note begun with a file's name keeps it as written, a name with
    spaces and Windows' "(1)" of a second download too; a sentence begun with a plain
    word still begins with a capital."""
    import re

    from attcli.errors import sentence
    from clirun import run_cli

    assert sentence("autumn (1).csv holds the same bytes as autumn.csv") \
        == "autumn (1).csv holds the same bytes as autumn.csv"  # fmt: skip
    assert sentence("my export.xlsx: rows 3 to 9 are hidden") == "my export.xlsx: rows 3 to 9 are hidden"
    assert sentence("autumn term (2).csv is given twice: read once") \
        == "autumn term (2).csv is given twice: read once"  # fmt: skip
    assert sentence("register problems from a.csv") == "Register problems from a.csv"
    assert sentence("sessions with no mark recorded, by week") == "Sessions with no mark recorded, by week"

    monkeypatch.chdir(tmp_path)
    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    shutil.copy(AUTUMN, tmp_path / "autumn.csv")
    shutil.copy(AUTUMN, tmp_path / "autumn (1).csv")
    code, out, err = run_cli("report", "autumn.csv", "autumn (1).csv", "-c", cfg,
                             "-o", "report.html", width=80)  # fmt: skip
    assert code == 0, err
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    text = " ".join(re.sub("<[^>]+>", "", page).split())
    assert "autumn (1).csv holds the same bytes as autumn.csv" in text, text[:3000]
    assert "Autumn (1).csv" not in text
