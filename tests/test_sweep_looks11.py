"""What a person sees, an eleventh pass (docs/decisions.md, sweep looks11).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def test_a_stage_no_action_of_which_is_old_enough_says_none_yet() -> None:
    """"Did it work?" (the report's section, its workbook's Actions sheet, `cases
    --impact`) gave a stage whose actions were all done less than 4 weeks ago the row
    "Amber letter | 0 | | |": a 0 and three empty cells, as if something had failed to
    show.  The row says why there is nothing: "none done 4+ weeks ago" (before the as-of
    date: the section's lead says "at least 4 weeks ago")."""
    from attcli.casebook import impact
    from attcli.config import parse_config

    ladder = parse_config("").escalation
    as_of = dt.date(2026, 12, 18)
    # a letter sent 06/12 (12 days before): too recent to compare 4 weeks either side
    rows = impact(ladder, {"A1": [("amber", dt.date(2026, 12, 6))]}, {}, {"A1": 1}, as_of, 4, 5)
    assert [r.pupils for r in rows] == [0] * len(ladder.stages)
    assert {r.note for r in rows} == {
        "none done 4+ weeks ago"
    }, rows


def test_an_evidence_pack_s_n_problem_says_its_code_once() -> None:
    """A refused (or draft) penalty-notice pack listed each N as "Wed 23/09/2026 PM N: N
    (reason not yet established): replace it with the reason", the code twice, 30 times
    for Kacper Nowak; a missing mark reads "... PM -: no mark recorded: ..." with it once."""
    import polars as pl

    from attcli.evidence.build import incomplete_sessions

    marks = pl.DataFrame({
        "date": [dt.date(2026, 9, 23), dt.date(2026, 9, 24)], "session": ["PM", "AM"],
        "mark": ["N", "-"], "category": ["unauthorised", "missing"],
    })  # fmt: skip
    assert [p.text() for p in incomplete_sessions(marks)] == [
        "Wed 23/09/2026 PM N: reason not yet established: replace it with the reason",
        "Thu 24/09/2026 AM -: no mark recorded: complete the register",
    ]


def test_a_pack_refused_for_one_problem_says_fix_it(tmp_path: Path) -> None:
    """Harvey Doyle's window with one of its sessions an N (as of 20/11/2026): the refusal
    said "1 problem above ...; fix them in the MIS".  One problem: "fix it"."""
    import shutil

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    row = 'L999290719909,Doyle,Harvey,Year 7,7B,13/01/2015,"Tue, 06 Oct 2026",PM,\\,'
    text = AUTUMN.read_text(encoding="utf-8-sig")
    assert text.count(row) == 1
    export = tmp_path / "export.csv"
    export.write_text(text.replace(row, row[:-2] + "N,"), encoding="utf-8")
    code, _, err = run_cli(
        "evidence", "L999290719909", export, "--for", "penalty-notice", "--contacts", CONTACTS,
        "-c", cfg, "--as-of", "2026-11-20", "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        "error: the penalty-notice pack for L999290719909 is not complete: 1 problem above (the "
        "local authority would return it); fix it in the MIS, or write a draft with --draft"
    )


@functools.cache
def _doyle_pack() -> dict:
    """Harvey Doyle's penalty-notice pack as of 20/11/2026 (10 G in his window), for his
    mother, as the PDF's layout gets it (:func:`attcli.evidence.pdf.pack_document`)."""
    from attcli.config import load_config
    from attcli.contacts import load_contacts
    from attcli.evidence.build import PENALTY_NOTICE, build_pack
    from attcli.evidence.pdf import pack_document
    from attcli.loaders import load_exports
    from attcli.pupil import pupil_record

    cfg = load_config(EXAMPLES / "attcli.toml")
    reg = load_exports([AUTUMN], cfg).register
    rec = pupil_record(reg, cfg, "L999290719909", as_of=dt.date(2026, 11, 20))
    parent = load_contacts(CONTACTS).for_upn("L999290719909")[0]
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=parent, made_on=dt.date(2026, 11, 23))
    return pack_document(pack)


def test_the_penalty_notice_pack_gives_the_amounts_in_pounds_as_the_letter_does() -> None:
    """Harvey Doyle's pack as of 20/11/2026 said "This would be the first notice ...: GBP
    80 if paid within 21 days, GBP 160 within 28." beside a warning letter that says "£80
    if paid within 21 days, rising to £160": the pack is a PDF for the local authority,
    whose fonts have "£" (the letters' own); "GBP" is the terminal's (a Windows console's
    code page may have no "£")."""
    assert _doyle_pack()["this_notice"] == (
        "This would be the first notice to this parent about this pupil within 3 years: £80 "
        "if paid within 21 days, £160 within 28."
    )


def test_a_legacy_code_on_one_session_is_not_all_recorded_after_the_change() -> None:
    """The legacy-code line of the workbooks' headers, the summary and the trust's notes
    said "J on 1 session, as approved educational activity (attended), all recorded on or
    after 19/08/2024" (the example's one J, one Y): "all" of one.  One session is
    "recorded on or after", two "both recorded", more "all recorded" (as the terminal's
    note says "it was" and "both")."""
    from attcli.codes import legacy_text

    line = legacy_text({"J": (1, 1), "H": (2, 2), "F": (6, 6), "Y": (3, 1)})
    assert line == (
        "legacy codes (no longer in use) counted as they counted when in use: F on 6 sessions, "
        "as authorised, all recorded on or after 19/08/2024; H on 2 sessions, as authorised, "
        "both recorded on or after 19/08/2024; J on 1 session, as approved educational "
        "activity (attended), recorded on or after 19/08/2024; Y on 3 sessions, as not "
        "possible, 1 recorded on or after 19/08/2024: to recode in the MIS"
    )


def test_the_check_says_no_band_in_words_as_the_pupil_record_does() -> None:
    """The check's Bands line and its workbook's band table said "no band (< 10
    sessions)", signs and no "possible", where the band rules are said in words (looks9)
    and the pupil record says "none yet (fewer than 10 possible sessions)".  A joiner with
    3 days (6 possible sessions) beside a pupil of 20 days."""
    import io

    from rich.console import Console

    from attcli.check import check_register
    from attcli.config import parse_config
    from attcli.report_check import render_table
    from builders import register

    reg = register({"A": " ".join(["/"] * 20), "B": " ".join(["!"] * 17 + ["/"] * 3)})
    result = check_register(reg, parse_config(""), period_start=dt.date(2026, 9, 7))
    assert result.no_band == "no band (fewer than 10 possible sessions)"
    console = Console(file=io.StringIO(), width=80, color_system=None)
    render_table(result, console)
    text = " ".join(console.file.getvalue().split())
    assert "no band (fewer than 10 possible sessions) 1" in text, text


def test_the_check_s_workbook_counts_a_current_run_in_school_days() -> None:
    """The check's sheets headed the run column "Current absence run (days)" where its
    terminal and titles say "school days" (looks9: a run counts school days only, DOMAIN.md
    6).  A pupil absent (N) Thursday 17 to Wednesday 23 September across a weekend: 5
    school days, 7 calendar days."""
    import io

    from openpyxl import load_workbook

    from attcli.check import check_register
    from attcli.config import parse_config
    from attcli.report_check import to_xlsx
    from builders import register

    reg = register({"A": " ".join(["/"] * 8 + ["N"] * 5), "B": " ".join(["/"] * 13)})
    result = check_register(reg, parse_config(""), period_start=dt.date(2026, 9, 7))
    buf = io.BytesIO()
    to_xlsx(result, buf)
    ws = load_workbook(buf)["All pupils"]
    heads = [c.value for c in ws[1]]
    assert "Current absence run (school days)" in heads, heads
    at = heads.index("Current absence run (school days)")
    assert {r[1].value: r[at].value for r in ws.iter_rows(min_row=2)} == {"A": 5, "B": 0}


def test_the_report_s_workbook_holds_a_percentage_under_a_percent_format() -> None:
    """The report's workbook held 93.9 under "Attendance %" (format "0.0"), where the
    check's, the trust's and the LA files' workbooks hold 0.939 under "0.0%" (a sum or a
    chart of a column reads the same in each; formatted as a percentage by hand, 93.9
    read 9390.0 %).  Every percentage is a fraction of 1 under a percent format of its own
    decimals (91.96 % stays 0.9196 under 0.00%); a gap or change in points ("(pp)") stays
    a number of points.  Three pupils of 20 days: 40, 38 and 36 of 40 sessions."""
    import io

    from openpyxl import load_workbook

    from attcli.config import parse_config
    from attcli.report import build_report
    from attcli.report.xlsx import write_xlsx
    from builders import register
    from test_report import CONFIG

    def days(absent: int) -> str:
        return " ".join(["/"] * (20 - absent) + ["N"] * absent)

    reg = register({"A": days(0), "B": days(1), "C": days(2)})
    report = build_report(reg, parse_config(CONFIG))
    buf = io.BytesIO()
    write_xlsx(report, buf)
    book = load_workbook(buf)
    rows = list(book["Year groups"].iter_rows(min_row=2, values_only=False))
    [(year, pupils, att, pa, sa)] = [tuple(c for c in r) for r in rows]
    # 114 of 120 sessions: 95.0 %; none at or below 90 % (C is 90.0 %: 36 of 40 is PA)
    assert (att.value, att.number_format) == (0.95, "0.0%")
    assert (pa.value, pa.number_format) == (round(1 / 3, 3), "0.0%"), pa.value
    summary = book["Summary"]
    heads = [c.value for c in summary[4]]
    cells = {h: c for h, c in zip(heads, summary[5], strict=True)}
    assert (cells["%"].value, cells["%"].number_format) == (0.95, "0.0%")
    assert cells["Against national (pp)"].value == 1.9  # 95.0 - 93.1 points
    assert cells["Against national (pp)"].number_format == "0.0"
    weekly = book["Weekly"]
    at = [c.value for c in weekly[1]].index("Attendance %")
    assert all(r[at].number_format.endswith("%") and r[at].value <= 1 for r in weekly.iter_rows(min_row=2))


def test_the_report_s_cohort_table_heads_each_column_once() -> None:
    """The cohorts' table on the page read "Attendance | Rest of school | Gap | PA rate |
    Rest of school | Gap": the second pair was the PA rate's, said only to a screen reader
    (a11y's hidden words).  A sighted reader sees each column named once, as the workbook
    names them ("Rest PA rate", "PA gap"); the hidden words stay."""
    import re

    from attcli.config import parse_config
    from attcli.report import build_report
    from attcli.report.html import render_html
    from test_report import CONFIG, school

    html = render_html(build_report(school(), parse_config(CONFIG)))
    section = html.split('id="cohorts"', 1)[1].split("</section>", 1)[0]
    head = section.split("<thead>", 1)[1].split("</thead>", 1)[0]
    seen = re.sub(r'<span class="vh">[^<]*</span>', "", head)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>.*?</th>", seen)]
    assert cells == [
        "Cohort", "Pupils", "Attendance", "Rest of school", "Gap", "PA rate", "Rest PA rate",
        "PA gap",
    ]  # fmt: skip


def test_a_pack_with_no_support_on_record_does_not_name_the_program() -> None:
    """The pack is for the local authority; its Support given section said "No letter sent
    by attcli and no action recorded in its casebook.", a program's name and its word for
    its records, which the LA's officer knows neither of.  Doyle's, no letter or case
    record in the example's workspace: the records said as the school's."""
    said = _doyle_pack()
    assert said["support"] == []
    assert said["no_support"] == "None on record: no letter sent and no action recorded for this pupil."
    assert "attcli" not in said["no_support"] and "casebook" not in said["no_support"]


def test_national_show_on_a_narrow_terminal_gives_each_row_its_headings(tmp_path: Path) -> None:
    """`attcli national show` at 60 columns: the table's rows are 70 characters, and each
    wrapped its last column onto a line of its own, "unauthorised" under "area" and "1.6"
    under "England": a figure no heading stands over.  Where the table is wider than the
    terminal each row is a line of its own saying each figure's heading; at 80 columns the
    table stays."""
    import shutil

    from clirun import run_cli

    shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("--workspace", tmp_path, "national", "show", width=60)
    assert code == 0, err
    flat = " ".join(out.split())
    assert (
        "England, primary: attendance 94.5; absence 5.5; PA 14.55841; SA 0.85439; "
        "unauthorised 1.6"
    ) in flat, out
    assert not any(line.strip() in {"unauthorised", "1.6", "3.5", "–"} for line in out.splitlines())
    code, out, err = run_cli("--workspace", tmp_path, "national", "show", width=80)
    assert code == 0, err
    assert "  England  primary    94.5        5.5      14.55841  0.85439  1.6" in out.splitlines()


def test_a_count_is_never_wrapped_from_the_code_it_counts() -> None:
    """Jordan D'Souza's held letter in the casebook at 60 columns ended a line "... are I
    or M: 8" and began the next "I (illness), 3 M (...)": the count read as the line's
    own figure (looks8's leftover: "12" / "I (illness)").  A count stays with the code
    whose meaning follows, in a wrapped line and in a Rich table's cell alike."""
    import io

    from rich.console import Console
    from rich.table import Table

    from attcli.terminal import keep_units_whole, wrapped

    reason = (
        "form: 8A; attendance: 88.0%; step: red; held for review: 11 of 17 absence sessions "
        "this school year are I or M: 8 I (illness), 3 M (medical or dental appointment)"
    )
    lines = wrapped(reason, 60)
    assert not any(line.rstrip().endswith((": 8", ", 3")) for line in lines), lines
    assert any("8 I (illness)" in line for line in lines), lines
    keep_units_whole()
    console = Console(file=io.StringIO(), width=40, color_system=None)
    table = Table("why")
    table.add_row("held: 11 of 17 are I or M: 12 I (illness), 3 M (medical)")
    console.print(table)
    cells = [line.strip("│ ") for line in console.file.getvalue().splitlines()]
    assert not any(c.endswith(("M: 12", ", 3")) for c in cells), cells


def test_a_letter_s_figures_heading_keeps_its_date_whole_on_a_phone() -> None:
    """The HTML letter at 400 pixels (Chromium) headed its year column "School year (up to
    4 December 2" over "026)", and its half term's "(Autumn" over "2)": looks8 joined the
    date's words by no-break spaces, but the body's ``overflow-wrap: anywhere`` lets a
    table cell break inside a word when that narrows the table.  The figures' cells break
    at spaces only (seen again at 400 pixels: "4 December 2026)" whole).  Under 360 pixels
    the table cannot hold them whole: its headings break as before rather than its figures
    go past the screen's edge (seen at 320 and 360)."""
    import re

    from attcli.letters.render import _CSS
    from attcli.letters.run import _kept_whole

    assert "4\u00a0December\u00a02026" in _kept_whole("School year (up to 4 December 2026)")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", _CSS)
    cells = [body for sel, body in rules if "table.figures th" in sel and "table.figures td" in sel]
    assert any("overflow-wrap: normal" in body for body in cells), rules


def _shown_name(lines: list[str], name: str) -> list[bool]:
    """For each line holding ``name``'s first 12 characters: whether ``name`` is there
    whole, or folded (its pieces at the same column of that line and the next)."""
    out = []
    for at, line in enumerate(lines):
        if name[:12] in line:
            col = line.index(name[:12])
            first = line[col:].split()[0]
            rest = "" if first == name or at + 1 == len(lines) else lines[at + 1][col:].split()[0]
            out.append(first + rest == name)
    return out


def test_a_command_s_help_never_cuts_an_option_or_a_file_name_short(monkeypatch) -> None:
    """`attcli init --help` at 60 columns listed "--attendance-lead-r…", and `check`,
    `report`, `la-return` and `register-check` cut the file names their help gives
    ("DIR/KEY-check.js…", "report-governors.h…"): typer's options table leaves Rich's
    default, an ellipsis.  A name too long for its column folds onto the next line."""
    from clirun import run_cli

    monkeypatch.setenv("COLUMNS", "60")  # (typer's help console reads the terminal's width)
    for command, name in (
        ("init", "--attendance-lead-role"),
        ("check", "DIR/KEY-check.json"),
        ("report", "report-governors.html"),
    ):
        code, out, err = run_cli(command, "--help", width=60)
        assert code == 0, err
        assert "…" not in out, out
        # whole, or folded: its pieces at the same column of two lines
        assert any(_shown_name(out.splitlines(), name)), out
