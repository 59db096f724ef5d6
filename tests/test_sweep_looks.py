"""Faults found by a sweep of what a person sees: the terminal at 80 columns, the
workbooks' cells, the PDFs and the HTML pages, with awkward but real pupil data (long
double-barrelled names, accents, a long registration group, runs across the new year)."""

from __future__ import annotations

import datetime as dt

import polars as pl
from rich.cells import cell_len

D = dt.date
P, N = "/\\", "N"


def marks(*parts: tuple[str, int]) -> str:
    return " ".join(tok for tok, n in parts for _ in range(n))


def test_the_cme_table_with_contacts_fits_80_columns_with_a_long_group_and_a_run_across_years(
    tmp_path,
):
    # School days Mon 7 - Fri 18 Dec 2026, the Christmas holiday (no rows), Mon 4 - Fri 15
    # Jan 2027.  LONG (registration group "10 Montgomery House", shown "10 10 Mont…") is
    # absent (N) from Mon 14 Dec to the end: a current run whose dates carry both years
    # ("14/12/26-15/01/27").  GONE never attended ("not in data").  With the contacts, the
    # table at 80 columns had its right edge cropped: no closing border, the contact's
    # column cut at the screen's edge (Rich cannot shrink the no-wrap columns and crops).
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import contacts_file, make_workspace

    holidays = [D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)]
    reg = register(
        {
            "A100000000001": marks((P, 5), (N, 15)),
            "A100000000002": marks((N, 20)),
            "A100000000003": marks((P, 20)),
        },
        start=D(2026, 12, 7),
        holidays=holidays,
        year_group="10",
    ).with_columns(
        pl.when(pl.col("upn") == "A100000000001")
        .then(pl.lit("10 Montgomery House"))
        .otherwise(pl.col("reg_group"))
        .alias("reg_group"),
        pl.when(pl.col("upn") == "A100000000001")
        .then(pl.lit("Montgomery-Fotheringham-Smythe"))
        .otherwise(pl.col("surname"))
        .alias("surname"),
    )
    config = make_workspace(tmp_path / "ws", "")
    export = write_long_csv(reg, tmp_path / "reg.csv", groups=True, dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [
            ("A100000000001", "7001", "Dr", "Bartholomew-Maximilian", "Montgomery-Smythe"),
            ("A100000000002", "7002", "Ms", "Mary", "Gone"),
            ("A100000000003", "7003", "Mr", "Fine", "Parent"),
        ],
    )
    code, out, err = run_cli(
        "cme", export, "-c", config, "--contacts", contacts, "--days", "3", width=80
    )
    assert code == 0, err
    assert "14/12/26-15/01/27" in out and "not in data" in out
    table = [line for line in out.splitlines() if line[:1] in "┏┃┡│└"]
    assert table
    assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    # every line of the table closes with its right border: nothing cropped
    assert all(line.rstrip()[-1] in "┓┃┩│┘" for line in table), out


LONG_SURNAME = "Montgomery-Fotheringham-Smythe"  # 30 characters: a real double barrel
LONG_GROUP = "10 Montgomery-Fotheringham House"


def _long_named_register():
    """Three weeks from Mon 7 Sep 2026: A100000000001 (13 characters, as every UPN) named
    Montgomery-Fotheringham-Smythe in registration group "10 Montgomery-Fotheringham
    House", absent (N) all of it; A100000000002 present."""
    from builders import register

    return register(
        {"A100000000001": marks((N, 15)), "A100000000002": marks((P, 15))}, year_group="10"
    ).with_columns(
        pl.when(pl.col("upn") == "A100000000001")
        .then(pl.lit(LONG_SURNAME))
        .otherwise(pl.col("surname"))
        .alias("surname"),
        pl.when(pl.col("upn") == "A100000000001")
        .then(pl.lit(LONG_GROUP))
        .otherwise(pl.col("reg_group"))
        .alias("reg_group"),
    )


def _width_of(ws, header: str, header_row: int = 1) -> float:  # noqa: ANN001
    from openpyxl.utils import get_column_letter

    heads = [c.value for c in ws[header_row]]
    return ws.column_dimensions[get_column_letter(heads.index(header) + 1)].width


def test_the_register_check_workbook_s_columns_are_wide_enough_for_a_upn_and_a_long_name():
    # Excel shows a text cell cut at its column's edge when the next cell holds a value,
    # as the next column of the register check always does.  The columns were 12 wide
    # (from their headers): a 13-character UPN read "A10000000000" and the surname
    # "Montgomery-Fo"; the address likewise.  Each column is now as wide as its longest
    # value (up to 50 characters).
    import io

    from openpyxl import load_workbook

    from attcli.config import Config
    from attcli.lacheck import register_check, to_xlsx

    rc = register_check(_long_named_register(), Config(), term="autumn")
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 9, 25))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "UPN")
    assert ws.cell(row + 1, 2).value == LONG_SURNAME
    assert _width_of(ws, "UPN", row) >= len("A100000000001") + 1
    assert _width_of(ws, "Surname", row) >= len(LONG_SURNAME) + 1


def test_the_check_workbook_s_columns_are_wide_enough_for_a_long_name_and_group():
    # The check's sheets had fixed widths: Surname 18, Reg group 10, so
    # "Montgomery-Fotheringham-Smythe" and "10 Montgomery-Fotheringham House" were cut at
    # the next column's edge.
    import io

    from openpyxl import load_workbook

    from attcli.check import check_register
    from attcli.config import parse_config
    from attcli.report_check import to_xlsx

    result = check_register(_long_named_register(), parse_config(""), as_of=D(2026, 9, 25))
    buf = io.BytesIO()
    to_xlsx(result, buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    ws = wb["All pupils"]
    assert LONG_SURNAME in [c.value for c in ws["C"]]
    assert _width_of(ws, "Surname") >= len(LONG_SURNAME) + 1
    assert _width_of(ws, "Reg group") >= len(LONG_GROUP) + 1
    assert _width_of(ws, "UPN") >= len("A100000000001") + 1


def test_the_weekly_chart_labels_at_most_12_weeks_so_they_do_not_run_together():
    # The shipped example's report (autumn and spring to 12 Feb: 22 school weeks) labelled
    # every week under the weekly chart, and the labels ran into each other ("7 Sep14
    # Sep21 Sep28 Sep5 Oct"): the step was 22 // 14 = 1.  A whole year (39 weeks) showed
    # 19.  At most 12 labels now, evenly spaced; every week keeps its point.
    import re

    from attcli.report.charts import weekly_chart

    start = D(2026, 9, 7)
    for weeks in (12, 13, 15, 22, 27, 39):
        labels = [
            f"{start + dt.timedelta(weeks=i):%d %b}".lstrip("0") for i in range(weeks)
        ]
        svg = weekly_chart(labels, [90.0 + (i % 5) for i in range(weeks)], 91.1)
        shown = [t for t in re.findall(r"<!-- (.*?) -->", svg) if t in labels]
        assert labels[0] in shown
        assert len(shown) <= 12, (weeks, shown)
        if weeks <= 12:
            assert shown == labels


def _baselines(pdf) -> list[tuple[float, str]]:  # noqa: ANN001
    """(baseline y in points from the page's foot, text) of each line of a PDF's first page."""
    import pypdf

    out: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001, ARG001
        if text.strip():
            out.append((float(cm[5]), text.strip()))

    pypdf.PdfReader(str(pdf)).pages[0].extract_text(visitor_text=visit)
    return out


def test_a_long_school_name_and_address_never_overprint_the_address_window(
    tmp_path, monkeypatch
):
    # A school named in 85 characters with a six-line address: the letterhead's name took
    # five lines at 17 pt, its details eight, and both ran down over the recipient's
    # address (placed for the envelope window) and the date: "Form College" printed on
    # top of "Dr Bartholomew-Maximilian ...".  The letterhead is now set smaller until it
    # fits above the window.
    from attcli.config import init_text
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, contacts_file

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    details = {
        "name": "The Blessed Cardinal John Henry Newman Catholic Voluntary Academy and "
        "Sixth Form College",
        "urn": "100001",
        "dfe_number": "999/2001",
        "local_authority": "Anyshire County Council",
        "address": [
            "The Montgomery-Fotheringham Building",
            "Saint Bartholomew-the-Great Campus",
            "123-125 Upper Richmond Road West",
            "East Sheen",
            "London",
            "SW14 8DS",
        ],
        "phone": "020 8876 1234",
        "email": "attendance.office@blessed-cardinal-newman-academy.example.org.uk",
        "headteacher": "Mrs P. Head",
        "attendance_lead": "Mr L. Lead",
    }
    ws = tmp_path / "ws"
    ws.mkdir()
    config = ws / "attcli.toml"
    config.write_text(init_text(details) + AUTUMN_HALF_TERMS, encoding="utf-8")
    reg = register({"A100000000001": marks((P, 16), ("O", 4))})  # 80 %: red
    export = write_long_csv(reg, tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("A100000000001", "7001", "Dr", "Bartholomew-Maximilian", "Montgomery-Smythe")],
    )
    out = tmp_path / "letters"
    code, _, err = run_cli(
        "letters", export, "-c", config, "--contacts", contacts, "--out", out,
        "--as-of", "2026-10-02",
    )  # fmt: skip
    assert code == 0, err
    pdf = next(out.glob("A100000000001_*red.pdf"))
    lines = _baselines(pdf)
    recipient = next(y for y, t in lines if t.startswith("Dr Bartholomew"))
    date = next(y for y, t in lines if t == "5 October 2026")
    head = [  # the letterhead's last lines (the signature and the footer name it lower down)
        y for y, t in lines
        if y > recipient - 40 and ("Form College" in t or t.startswith("attendance.office"))
    ]  # fmt: skip
    assert len(head) == 2, lines
    # the letterhead's last lines sit above the window's first line and the date (their
    # text 10.5 pt tall, the letterhead's descenders and the rule between)
    assert min(head) >= max(recipient, date) + 14, lines


def test_the_pupil_record_shows_a_contact_s_whole_address_and_name(tmp_path):
    # A contact at a six-line address (three lines, town, county, postcode): the record joined the lines and cut the whole at
    # 70 characters, so the town, county and postcode were lost ("... Upper
    # Montgomery-Fotheringham Lan…"), in the record the attendance officer reads the
    # address from; the contact's name (56 characters) read "Dr Bartholomew-Maximilian
    # Montgomery-Fo…".  Each address line is now limited on its own (50 characters, as a
    # letter prints it) and the name as a letter's name is, so a real one is shown whole.
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws", "")
    export = write_long_csv(register({"A100000000001": marks((P, 10))}), tmp_path / "r.csv")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Address Line 2,Address Line 3,Town,County,"
        "Postcode\n"
        "A100000000001,7001,Dr,Bartholomew-Maximilian,Montgomery-Fotheringham-Smythe,"
        "Father,1,Yes,\"Flat 12B, The Old Rectory Cottages\",Upper Montgomery-Fotheringham "
        "Lane,Little Snoring-on-the-Marsh,Fakenham,Norfolk,NR21 0AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "pupil", "A100000000001", export, "-c", config, "--contacts", contacts, width=80
    )
    assert code == 0, err
    text = " ".join(out.split())
    assert "Dr Bartholomew-Maximilian Montgomery-Fotheringham-Smythe (Father)" in text
    assert (
        "Flat 12B, The Old Rectory Cottages, Upper Montgomery-Fotheringham Lane, Little "
        "Snoring-on-the-Marsh, Fakenham, Norfolk, NR21 0AB" in text
    )
    assert "…" not in out


def test_the_pupil_record_names_a_long_named_school_whole(tmp_path):
    # The record's heading cut the school's name at 60 characters: "The Blessed Cardinal
    # John Henry Newman Catholic Voluntary A…: school year ...".  The name is the
    # school's own, from its config; the check's heading shows it whole, and so does this.
    from attcli.config import init_text
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, DETAILS

    name = "The Blessed Cardinal John Henry Newman Catholic Voluntary Academy and Sixth Form College"
    ws = tmp_path / "ws"
    ws.mkdir()
    config = ws / "attcli.toml"
    config.write_text(init_text({**DETAILS, "name": name}) + AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(register({"A100000000001": marks((P, 10))}), tmp_path / "r.csv")
    code, out, err = run_cli("pupil", "A100000000001", export, "-c", config, width=80)
    assert code == 0, err
    assert f"{name}: school year" in " ".join(out.split())


def test_the_cme_workbook_holds_dates_as_dates(tmp_path):
    # `cme -o x.xlsx` wrote every date as text ("07/09/2026"): a spreadsheet sorts and
    # filters such a column by its characters (day first), not by date.  The workbook's
    # dates are date cells shown DD/MM/YYYY; the CSV keeps its text.
    from openpyxl import load_workbook

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "ws", "")
    reg = register({"A100000000001": marks((P, 5), (N, 10)), "A100000000002": marks((P, 15))})
    export = write_long_csv(reg, tmp_path / "r.csv", dob=True)
    code, _, err = run_cli("cme", export, "-c", config, "-o", tmp_path / "cme.xlsx")
    assert code == 0, err
    ws = load_workbook(tmp_path / "cme.xlsx").active
    heads = [c.value for c in ws[1]]
    for header, day in (
        ("Date of birth", dt.datetime(2014, 10, 1)),
        ("Run began", dt.datetime(2026, 9, 14)),
        ("Last day of run", dt.datetime(2026, 9, 25)),
        ("Last attended", dt.datetime(2026, 9, 11)),
    ):
        cell = ws.cell(2, heads.index(header) + 1)
        assert (cell.value, cell.number_format) == (day, "DD/MM/YYYY"), header
    code, _, err = run_cli("cme", export, "-c", config, "-o", tmp_path / "cme.csv")
    assert code == 0, err
    assert ",01/10/2014,14/09/2026,25/09/2026," in (tmp_path / "cme.csv").read_text("utf-8-sig")


def test_a_list_with_no_rows_is_one_line_not_an_empty_table():
    # A letters run that wrote nothing (every letter held) printed an empty table, its
    # title folded to the empty table's width ("Letters for Autumn 1 (figures as of" /
    # "02/10/2026)") above six headers with no row under them.  It is one line now.
    import io

    from rich.console import Console

    from attcli.terminal import print_rows

    sink = io.StringIO()
    print_rows(
        Console(file=sink, width=80, no_color=True),
        "Letters for Autumn 1 (figures as of 02/10/2026)",
        ("UPN", "pupil", "letter", "to", "status", "file"),
        [],
    )
    assert sink.getvalue() == "Letters for Autumn 1 (figures as of 02/10/2026): none\n"


def test_the_casebook_workbook_holds_dates_as_dates(tmp_path, monkeypatch):
    # `cases -o x.xlsx` wrote its dates as text ("2027-01-12"); the workbook's dates are
    # date cells shown DD/MM/YYYY (the CSV keeps its ISO text, docs/cases.md).
    from pathlib import Path

    from openpyxl import load_workbook

    from clirun import run_cli

    root = Path(__file__).resolve().parents[1]
    exports = root / "examples" / "exports"
    config = tmp_path / "attcli.toml"
    config.write_text(
        (root / "examples" / "attcli.toml").read_text(encoding="utf-8")
        + "\n"
        + (root / "src" / "attcli" / "templates" / "ladders" / "seed004.toml").read_text(
            encoding="utf-8"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-18")
    walsh = "K999290917913"  # due a review meeting on 15 Jan: held on Tue 12 Jan
    files = (exports / "arbor_autumn_2026.csv", exports / "weekly" / "arbor_2027-01-15.csv")
    assert run_cli("cases", *files, "-c", config, "-f", "json")[0] == 0  # the first run
    code, _, err = run_cli(
        "case", "record", walsh, "--action", "review_meeting", "--date", "2027-01-12",
        "-c", config,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("cases", *files, "-c", config, "-o", tmp_path / "cases.xlsx")
    assert code == 0, err
    ws = load_workbook(tmp_path / "cases.xlsx").active
    heads = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == walsh)
    for header, day in (("since", D(2027, 1, 12)), ("period ends", D(2027, 2, 8))):
        cell = ws.cell(row, heads.index(header) + 1)
        assert (cell.value, cell.number_format) == (
            dt.datetime.combine(day, dt.time()), "DD/MM/YYYY"
        ), header
    code, out, err = run_cli("cases", *files, "-c", config, "-f", "csv")
    assert code == 0, err
    assert any(line.startswith(walsh) and ",2027-01-12,2027-02-08," in line for line in out.splitlines())


def test_an_evidence_pack_s_register_page_has_the_pack_s_footer_and_page_number(tmp_path):
    # The pack's register page (the certificate's layout) kept the certificate's footer:
    # "... This certificate contains personal information", and no page number, on a
    # page of a penalty-notice request whose other pages read "Penalty notice request ·
    # Harvey Doyle · personal information: keep it safe · page 1 of 2".
    from pathlib import Path

    import pypdf

    from clirun import run_cli

    root = Path(__file__).resolve().parents[1]
    exports = root / "examples" / "exports"
    config = tmp_path / "attcli.toml"
    config.write_text((root / "examples" / "attcli.toml").read_text("utf-8"), "utf-8")
    out = tmp_path / "pack.pdf"
    code, _, err = run_cli(
        "evidence", "L999290719909", exports / "arbor_autumn_2026.csv", "--contacts",
        exports / "contacts.csv", "-c", config, "--as-of", "2026-11-20",
        "--for", "penalty-notice", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages]
    assert len(pages) == 2 and "Register for the window" in pages[1]
    assert "certificate" not in pages[1].lower()
    footer = "Oakfield Academy · Penalty notice request · Harvey Doyle · personal information: keep it safe"
    assert f"{footer} · page 1 of 2" in pages[0]
    assert f"{footer} · page 2 of 2" in pages[1]
