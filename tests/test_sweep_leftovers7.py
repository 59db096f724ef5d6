"""Sweep leftovers7 (5 December (seventh)): small things earlier sweeps left, decided by
the lead, each worked by hand from DOMAIN.md, the policies and docs/presets.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

# ---------------------------------------------------------------- 1. can_miss_estimated

#: Autumn 1 (7-18 September 2026) and Summer 2 (12-16 July 2027): term dates reaching
#: July, so the sessions left are counted, not estimated
TO_JULY = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-09-18

[[calendar.half_terms]]
name = "Summer 2"
start = 2027-07-12
end = 2027-07-16
"""


def _check_rows(export, config, fmt: str) -> dict[str, dict]:
    code, out, err = run_cli("check", export, "-c", config, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        return {p["upn"]: p for p in json.loads(out)["pupils"]}
    return {r["upn"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}


def test_the_json_and_csv_say_whether_can_miss_sessions_rests_on_the_estimate(tmp_path):
    """No term dates: the sessions left are the statutory 380 less the 376 so far, 4, an
    estimate (test_can_miss_words' register): ALL 338 of 376, red, can miss all 4,
    ``can_miss_estimated`` true; SEV 180 of 376 (47.9 %) severe, no next band, no figure:
    both null (nothing to qualify).  Term dates to July (Autumn 1 and Summer 2 only): R
    14 of 20, red, 10 sessions left counted (12-16 July), can miss 8, false.  In the JSON
    the field follows ``can_miss_sessions``; in the CSV too (True/False, blank for null,
    as every other flag of the CSV)."""
    from test_can_miss_words import PUPILS, days

    est = make_workspace(tmp_path / "est")
    year = write_long_csv(
        register({**PUPILS, "SEV": days(("/", 90), ("O", 98))}), tmp_path / "year.csv"
    )
    counted = make_workspace(tmp_path / "counted", TO_JULY)
    short = write_long_csv(
        register({"R": " ".join(["/", "/", "O", "O", "O"] + ["/"] * 5)}), tmp_path / "short.csv"
    )
    js = _check_rows(year, est, "json")
    assert (js["ALL"]["can_miss_sessions"], js["ALL"]["can_miss_estimated"]) == (4, True)
    assert (js["ZERO"]["can_miss_sessions"], js["ZERO"]["can_miss_estimated"]) == (0, True)
    assert (js["SEV"]["can_miss_sessions"], js["SEV"]["can_miss_estimated"]) == (None, None)
    keys = list(js["ALL"])
    assert keys[keys.index("can_miss_sessions") + 1] == "can_miss_estimated", keys
    cs = _check_rows(year, est, "csv")
    assert (cs["ALL"]["can_miss_sessions"], cs["ALL"]["can_miss_estimated"]) == ("4", "True")
    assert (cs["SEV"]["can_miss_sessions"], cs["SEV"]["can_miss_estimated"]) == ("", "")
    js = _check_rows(short, counted, "json")
    assert (js["R"]["band"], js["R"]["can_miss_sessions"], js["R"]["can_miss_estimated"]) == (
        "red", 8, False
    )
    cs = _check_rows(short, counted, "csv")
    assert (cs["R"]["can_miss_sessions"], cs["R"]["can_miss_estimated"]) == ("8", "False")


# ---------------------------------------------------------------- 2. the mover note


def test_the_trust_s_mover_note_gives_the_pa_part_only_when_the_movers_reach_min_cohort(
    tmp_path,
):
    """Sweep movers' trust: M and K moved from Ash to Birch (2 movers, 11 enrolments, 9
    children); M is persistently absent at both (the trust's PA of 3 is 2 children).  The
    page shows groups under ``[report] min_cohort`` without figures, so the PA/SA part of
    the note is said only when the movers are at least min_cohort: at min_cohort 2 (2 of
    2: the boundary) it is; at 3 and the default 5 it is not, and in its place a clause
    that depends on the count alone (never on whether one is PA: that would say it) tells
    the board the PA count may hold a child twice.  The same at the terminal."""
    from test_sweep_movers import _page, trust

    count = (
        "2 pupils moved between the trust's schools in the period (the same UPN, name and "
        "date of birth in two schools' exports): each is counted at each school it was on "
        "roll at, as the DfE counts enrolments, so the trust's 11 pupils are 9 children"
    )
    pa = (
        "; 1 of them is persistently absent at two schools, so the trust's 3 persistently "
        "absent pupils are 2 children"
    )
    for mc, said in ((2, True), (3, False), (5, False)):
        folder = tmp_path / str(mc)
        folder.mkdir()
        t = trust(folder)
        text = t["config"].read_text(encoding="utf-8")
        assert "min_cohort = 5" in text
        t["config"].write_text(text.replace("min_cohort = 5", f"min_cohort = {mc}"), "utf-8")
        out = folder / "trust.html"
        code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
        assert code == 0, err
        for where in (_page(out), " ".join(err.split())):
            assert count in where, (mc, where)
            assert (pa in where) is said, (mc, where)
            assert ("persistently absent at two schools" in where) is said, (mc, where)
            below = (
                f"; as they are fewer than {mc} (the report's smallest group shown with "
                "figures), whether any of them is persistently or severely absent at two "
                "schools (and so counted twice in the trust's counts of those pupils) is not "
                "said"  # (worded as a sentence by sweep looks4)
            )
            assert (below in where) is not said, (mc, where)


# ------------------------------------------- 3. an xlsx date-and-session column's cells


def _book(tmp_path, name: str, header: str = "Session", cells=None, form=None):
    """leftovers5's week (Ash and Bell, Mon 07/09 - Fri 11/09/2026, Ash's N on Tue 08/09
    AM) as an xlsx sheet of UPN, Surname, Forename, ``header`` and Mark: each ``header``
    cell the text '07/09/2026 AM' (or ``form(date, session)``, any cell value), ``cells``:
    sheet row -> that row's value instead (row 5 is Ash's Tue 08/09 AM)."""
    import openpyxl

    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", header, "Mark"])
    for row, r in enumerate(reg.iter_rows(named=True), start=2):
        cell = form(r["date"], r["session"]) if form else f"{r['date']:%d/%m/%Y} {r['session']}"
        if cells and row in cells:
            cell = cells[row]
        ws.append([r["upn"], r["surname"], r["forename"], cell, r["raw_mark"]])
    path = tmp_path / name
    wb.save(path)
    return path


def test_an_excel_date_cell_in_an_xlsx_date_and_session_column_is_refused_naming_it(tmp_path):
    """A text cell '08/09/2026 AM' is what such a column holds; an Excel date cell holds a
    date and no session at all, and a date-time cell a time the column's other cells do
    not use for the session (leftovers5 refuses a time after a date in the column's text
    too): either in row 5 (Ash's Tue 08/09 AM) is refused in one line naming the file,
    the row, the column and the cell, saying it is an Excel date cell, and what to type
    (the date with AM or PM as text).  The same sheet all text reads as the CSV does."""
    from clirun import check_json, one_line
    from test_sweep_leftovers5 import _RIGHT, _figures

    code, result, err = check_json(_book(tmp_path, "text.xlsx"), as_of="2026-09-11")
    assert code == 0, err
    assert _figures(result) == _RIGHT
    for name, cell, said in (
        ("date.xlsx", dt.datetime(2026, 9, 8), "an Excel date cell (08/09/2026), which holds "
         "no session (AM or PM)"),
        ("time.xlsx", dt.datetime(2026, 9, 8, 8, 45), "an Excel date and time cell "
         "(08/09/2026 08:45), not a date and session"),
    ):  # fmt: skip
        code, result, err = check_json(_book(tmp_path, name, cells={5: cell}), as_of="2026-09-11")
        assert code == 1 and result is None, name
        line = one_line(err)
        assert f"{name}, row 5:" in line and "(column 'Session')" in line, line
        assert said in line, line
        assert "'08/09/2026 AM' or '08/09/2026 PM'" in line, line


def test_an_xlsx_session_column_of_date_and_time_cells_is_read_as_a_date_and_time(tmp_path):
    """A 'Session' column whose every cell is an Excel date-time (08:45 for the morning,
    13:30 for the afternoon), no Date or time column: unambiguous, each cell the start of
    its session, read as a 'Start Datetime' column is (the session from the time, before
    [sessions] pm_from AM): the hand figures, Ash's N on Tue 08/09 AM (it was refused as
    "no header row found ... missing date").  Under 'Date' it was already read so."""
    from clirun import check_json
    from test_sweep_leftovers5 import _RIGHT, _figures

    def stamp(d, s):
        return dt.datetime.combine(d, dt.time(8, 45) if s == "AM" else dt.time(13, 30))

    for header in ("Session", "Date"):
        path = _book(tmp_path, f"{header}.xlsx", header=header, form=stamp)
        code, result, err = check_json(path, as_of="2026-09-11")
        assert code == 0, (header, err)
        assert _figures(result) == _RIGHT, header


# ------------------------------------- 4. a figure and its unit, a phone number, kept


def _broken(lines: list[str]) -> list[tuple[str, str]]:
    """The pairs of consecutive lines (a table's column, or a message's lines) broken
    where a line must never break: a figure over its '%', a date over its session, "GBP"
    over its sum, a figure over the word a no-break space joins it to."""
    import re
    from itertools import pairwise

    out = []
    for above, below in pairwise(lines):
        a, b = above.rstrip(), below.lstrip()
        if (
            (re.search(r"\d$", a) and b.startswith("%"))
            or (re.search(r"\d\d/\d\d/\d{4}$", a) and re.match(r"(AM|PM)\b", b))
            or (a.endswith("GBP") and b[:1].isdigit())
            or (a.endswith(("\u00a0", " 5")) and b.startswith("days"))
        ):
            out.append((above, below))
    return out


def _cells(text: str) -> list[str]:
    """The last column of a Rich table's rows, a line each."""
    return [x.split("│")[-2] for x in text.splitlines() if x.count("│") >= 3]


def test_rich_never_wraps_a_figure_from_its_percent_in_a_table_cell_or_a_line():
    """Rich breaks a cell's or a line's text at any whitespace, a no-break space included
    (Python's \\s): "92" over "%", "14/10/2026" over "AM", "GBP" over "80" at some width of
    every table and note.  attcli's consoles now wrap as ``terminal.wrapped`` does: never
    between a figure and "%", a date and its session, "GBP" and its sum, nor at a no-break
    space.  Every width from 24 to 60 columns, a table cell and a printed line."""
    from rich.table import Table
    from rich.text import Text

    from attcli import cliutil

    note = "below the line of 92 % on 14/10/2026 AM, a fine of GBP 80 and 5\u00a0days"
    console = cliutil.console
    old = console.width
    try:
        for width in range(24, 61):
            console.width = width
            with console.capture() as cap:
                table = Table()
                table.add_column("Pupil")
                table.add_column("Note")
                table.add_row("Ash", Text(note))
                console.print(table)
                console.print(Text(note))
            out = cap.get()
            table_text, _, line_text = out.partition("┘\n")
            assert not _broken(_cells(table_text)), (width, out)
            assert not _broken(line_text.splitlines()), (width, out)
    finally:
        console.width = old


def _letter(phone: str, before: str) -> dict:
    """A one-paragraph letter whose sentence puts the school's phone number after
    ``before`` (its length moves the number along the line)."""
    run = {"bold": False, "italic": False}
    text = (
        f"If you would like to talk about anything in this letter, please contact {before} "
        f"on {phone} or at office@ash.example.org."
    )
    return {
        "title": "Ash: amber letter",
        "school": {"name": "Ash Primary School", "address": ["1 Ash Road", "Ashton AS1 1AA"],
                   "phone": phone, "email": "office@ash.example.org"},
        "recipient": ["Mrs A Parent", "2 Elm Road", "Ashton AS1 2BB"],
        "date": "7 September 2026",
        "reference": "Pupil: Ash Pupil, Year 7 7A",
        "salutation": "Dear Mrs Parent,",
        "blocks": [{"kind": "para", "runs": [{**run, "text": text}]}],
        "figures": {"columns": [], "rows": [], "note": ""},
        "closing": "Yours sincerely,",
        "signatory": {"name": "Ms Lead", "role": "Attendance Lead", "school": "Ash Primary School"},
        "footer": "Ash Primary School",
    }  # fmt: skip


def test_a_letter_never_breaks_the_school_s_phone_number_across_two_lines(tmp_path):
    """"... please contact Mrs X on 01632" / "960000 or at ..." (Typst breaks at the
    number's space; seen in a hostile copy's amber letter).  The attendance lead's name
    grown a letter at a time moves the number along the line: at every length the
    number is on one line of the PDF's text (pdftotext), the sentence otherwise wrapped
    as before, and in the HTML letter it is one unbreakable span."""
    import datetime as dt
    import shutil
    import subprocess

    import pytest

    from attcli.letters.render import letter_html
    from attcli.pdf import PdfRenderer

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    renderer = PdfRenderer()
    phone = "01632 960000"
    crossed = 0
    for n in range(0, 40, 2):
        before = "Mrs " + "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstu"[:n] + " Lead"
        doc = _letter(phone, before)
        pdf = tmp_path / f"{n}.pdf"
        pdf.write_bytes(renderer.letter(doc, dt.date(2026, 9, 7)))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        body = [x for x in text.splitlines() if x.strip() and "Tel:" not in x]
        assert any(phone in " ".join(x.split()) for x in body), (n, text)
        crossed += any(x.rstrip().endswith("01632") for x in body)
        page = letter_html(doc)
        assert f'<span class="tel">{phone}</span>' in page, page
    assert crossed == 0


# ---------------------------------- 5. a wide column 'Mon 07/09/2026 Reg' beside sessions

_DAYS = ["Mon 07/09/2026", "Tue 08/09/2026", "Wed 09/09/2026", "Thu 10/09/2026", "Fri 11/09/2026"]


def _wide_with(tmp_path, extra: dict[str, list[str]], name: str, drop: set[str] = frozenset()):
    """Ash and Bell's week as a wide CSV of a column per session, every mark present but
    ``N`` in Ash's extra columns; ``extra``: day -> the words of the columns after its
    AM and PM ('Reg', 'P1'); ``drop``: session headers left out."""
    head = ["UPN", "Surname", "Forename"]
    for d in _DAYS:
        head += [h for h in (f"{d} AM", f"{d} PM") if h not in drop]
        head += [f"{d} {w}" for w in extra.get(d, [])]
    rows = [",".join(head)]
    for upn, surname in (("A999100000001", "Ash"), ("B999100000002", "Bell")):
        cells = [upn, surname, "Pupil"]
        for d in _DAYS:
            cells += [m for h, m in ((f"{d} AM", "/"), (f"{d} PM", "\\")) if h not in drop]
            cells += ["N" if upn.startswith("A") else "/" for _ in extra.get(d, [])]
        rows.append(",".join(cells))
    path = tmp_path / name
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_dated_column_that_is_no_session_beside_the_day_s_sessions_is_said_as_what_it_is(
    tmp_path,
):
    """'Mon 07/09/2026 Reg' beside Monday's AM and PM: the registration period of a
    secondary school's lesson-monitoring export (SIMS, Bromcom and Arbor give 'Reg' and
    the periods 'P1'.. beside the statutory AM and PM): a register, but of a lesson, not a
    session (DOMAIN.md 1: attendance is counted in AM and PM sessions).  Its marks are not
    counted (Ash's N in it is no absence: 10 of 10, 100.0 %), which was said only among
    the file report's "columns not used" (printed nowhere); now in a note on the terminal
    naming the column.  Several such columns are said in one note."""
    from clirun import check_json

    path = _wide_with(tmp_path, {"Mon 07/09/2026": ["Reg"]}, "reg.csv")
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 0, err
    ash = next(p for p in result["pupils"] if p["upn"] == "A999100000001")
    assert (ash["possible"], ash["attended"], ash["unauthorised"]) == (10, 10, 0)
    said = " ".join(err.split())
    assert (
        "column 'Mon 07/09/2026 Reg' (column 6) is headed by a date and 'Reg', which is no "
        "session: a registration period's or a lesson's register (as a lesson-monitoring "
        "export has beside the AM and PM), not counted: attendance is counted in the AM and "
        "PM sessions, whose columns are read"
    ) in said, said
    path = _wide_with(
        tmp_path, {"Mon 07/09/2026": ["Reg", "P1"], "Wed 09/09/2026": ["Reg"]}, "three.csv"
    )
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        "3 columns are headed by a date and a word that is no session ('Mon 07/09/2026 Reg' "
        "(column 6), 'Mon 07/09/2026 P1' (column 7), 'Wed 09/09/2026 Reg' (column 12)): a "
        "registration period's or a lesson's registers"
    ) in said, said


def test_a_dated_column_that_is_no_session_on_a_day_without_both_sessions_is_refused(tmp_path):
    """'Tue 08/09/2026 Reg' where Tuesday has its AM column and no PM: its marks may be
    the afternoon's register under another name, which would be left out (Tuesday PM no
    register, said, but Ash's N in 'Reg' lost): refused naming the column and the
    session with no column of its own."""
    from clirun import check_json, one_line

    path = _wide_with(
        tmp_path, {"Tue 08/09/2026": ["Reg"]}, "nopm.csv", drop={"Tue 08/09/2026 PM"}
    )
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None
    line = one_line(err)
    assert "nopm.csv, line 1:" in line, line
    assert (
        "the column 'Tue 08/09/2026 Reg' (column 7) is headed by a date and 'Reg', which is "
        "no session, on a day with no PM column: its marks may be that session's, which "
        "attcli would leave out"
    ) in line, line
