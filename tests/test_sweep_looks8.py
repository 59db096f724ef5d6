"""What a person sees, an eighth pass (docs/decisions.md, sweep looks8).

Each test asserts the text (or the page's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clirun import run_cli

D = dt.date


def flat(text: str) -> str:
    return " ".join(text.split())


def test_no_command_in_the_report_breaks_at_its_hyphens_on_a_phone() -> None:
    """At 400 px (a phone, in Chromium) the staff report's banner broke its command over
    two lines at the hyphens, "attcli report ... --" / "audience governors" (looks7's
    leftover), and the footer could break its "--audience governors" so: a command read
    as two.  Every command or option in the school report is a `<code>` that never breaks
    (`white-space: nowrap`), none longer than a 320 px phone's line holds in monospace
    (24 characters): the banner's command is two of them, "attcli report ..." and
    "--audience governors", which break at the space between them alone."""
    from attcli.report.template import TEMPLATE

    assert re.search(r"\n  code \{[^}]*white-space: nowrap;", TEMPLATE)
    codes = re.findall(r"<code>(.*?)</code>", TEMPLATE)
    assert "--audience governors" in codes and "attcli report ..." in codes
    assert all(len(c) <= 24 for c in codes), [c for c in codes if len(c) > 24]
    # outside a <code>, no option is written in the page's own text
    bare = re.sub(r"<code>.*?</code>|<style>.*?</style>", "", TEMPLATE, flags=re.S)
    assert not re.findall(r"\s--[a-z]", bare)


def test_a_long_cohort_name_wraps_on_the_chart_and_a_cut_one_says_where_it_is_whole() -> None:
    """The cohort charts cut "English as an additional language (EAL)" to "English as an
    additional lang…" (30 characters), and nothing said where the name was whole (looks7's
    leftover).  A label wraps at its spaces over two lines of at most 24 characters; one
    longer still (a corrupt value) is cut short at the end of the second, and the chart
    then says, under it, that the table below gives it whole (each chart's table names
    every group whole)."""
    from attcli.report.charts import CUT_NOTE, hbar_chart, lines_chart, paired_chart

    def texts(svg: str) -> list[str]:  # the text drawn (as outlines), from its comments
        return re.findall(r"<!-- (.*?) -->", svg)

    eal = "English as an additional language (EAL)"
    svg = paired_chart(
        [eal, "Looked-after children (CLA)", "Gender: Female"], [92.8, None, 94.4],
        [94.1, None, 93.4], names=("Cohort", "Rest of school"), title="t", xlabel="attendance %",
    )  # fmt: skip
    shown = texts(svg)
    assert "English as an additional" in shown and "language (EAL)" in shown
    assert "Looked-after children" in shown and "(CLA)" in shown and "Gender: Female" in shown
    assert not any("\u2026" in t for t in shown) and CUT_NOTE not in svg

    school = "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh Academy of Excellence"
    for svg in (
        hbar_chart(["7A", school], [95.0, 91.0], title="t"),
        lines_chart(["7 Sep", "14 Sep"], [(school, [95.0, 94.0]), ("Trust", [95.0, 94.0])], None),
    ):
        shown = texts(svg)
        assert "Wolfeschlegelsteinhausen" in shown and "bergerdorff-Featherston\u2026" in shown
        assert svg.endswith(f'<p class="source">{CUT_NOTE}</p>')
    assert CUT_NOTE == (
        "A label ending in “…” is cut short on the chart: the table below gives it whole."
    )


def test_an_error_on_an_80_column_terminal_wraps_between_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every error was printed as one line (`soft_wrap`), which an 80-column terminal cut
    wherever column 80 fell: "... the folder attcli w" / "as run in", "for 13 January 2027
    write 2027-01-" / "13": a date broken in two.  On a terminal the error now wraps
    between words (as every note does); a pipe or a log keeps the one line."""
    from attcli import cliutil

    args = ("check", tmp_path / "nothere.csv", "--as-of", "2027-13-01")
    code, _, piped = run_cli(*args, width=80)
    assert code == 1 and len(piped.strip().splitlines()) == 1
    monkeypatch.setattr(cliutil.err_console, "_force_terminal", True)
    code, _, err = run_cli(*args, width=80)
    assert code == 1
    err = re.sub(r"\x1b\[[0-9;]*m", "", err)
    lines = err[err.index("error: ") :].rstrip("\n").split("\n")  # (the workspace's above)
    assert len(lines) >= 2 and all(len(x) <= 80 for x in lines), lines
    assert " ".join(" ".join(lines).split()) == " ".join(piped.split())
    assert not any(x.endswith("-") or x.startswith("13") for x in lines)


def test_the_summary_names_a_small_year_group_as_the_report_does() -> None:
    """`attcli summary` told the office its file holds exact counts for "year group R: 1"
    where the report (and the trust's) call the group "Reception", and would say "year
    group 7: 3" for "Year 7": the group is named as every table names it."""
    from attcli.summary.command import describe

    doc = {
        "school": {"name": "Oakfield Academy", "urn": "123456"},
        "period": {"start": "2026-09-01", "as_of": "2026-12-18"},
        "totals": {"pupils": 60, "possible": 8_000},
        "year_groups": [
            {"year_group": "R", "pupils": 1}, {"year_group": "7", "pupils": 3},
            {"year_group": "8", "pupils": 50}, {"year_group": None, "pupils": 2},
        ],
        "cohorts": [],
    }  # fmt: skip
    said = " ".join(" ".join(describe(doc, 5)).split())
    assert (
        "It holds exact counts for 3 groups of fewer than 5 pupils (Reception: 1; Year 7: 3; "
        "year group not known: 2)"
    ) in said, said


def test_the_pack_gives_year_and_form_as_its_register_page_does(tmp_path: Path) -> None:
    """The penalty-notice pack's first page said "Year and form: 7 7B" (two figures side
    by side, read as one), and its register page, the certificate's, "Year: 7 (7B)": one
    pupil's year and form said two ways in one pack.  Both say it by the certificate's
    rule, "9 (9A)"."""
    from attcli.config import load_config
    from attcli.contacts import load_contacts
    from attcli.evidence.build import PENALTY_NOTICE, build_pack
    from attcli.evidence.pdf import pack_document
    from attcli.loaders import load_exports
    from attcli.pupil import pupil_record
    from test_sweep_nodob import COLE, workspace

    ws, export, book = workspace(tmp_path)
    cfg = load_config(ws)
    reg = load_exports([export], cfg).register
    [mother] = load_contacts(book).for_upn(COLE)
    pack = build_pack(pupil_record(reg, cfg, COLE), cfg, PENALTY_NOTICE, parent=mother,
                      made_on=dt.date(2026, 6, 26))  # fmt: skip
    doc = pack_document(pack)
    first = dict(doc["pupil"])
    register_page = dict(doc["calendars"][0]["pupil"])
    assert register_page["Year and form"] == "9 (9A)"
    assert first["Year and form"] == "9 (9A)"


def test_the_letter_s_table_headings_never_break_inside_a_half_term_or_a_date(
    tmp_path: Path,
) -> None:
    """The letters' figures table headed its columns "This half term (Autumn" over "2)"
    and "School year (up to 4" over "December 2026)" (47 mm columns): a half term's name
    and a date broken in two, on every letter.  A heading now breaks between other words
    only: "This half term" over "(Autumn 1)", "School year (up to" over "2 October 2026)"."""
    import pypdf

    from school import contacts_file, make_workspace
    from test_sweep_names import named_register

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"L1": ("Smith", "Ann")})
    contacts = contacts_file(tmp_path / "contacts.csv", [("L1", "C1", "Mrs", "Ann", "Smith")])
    code, _, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config, "--only", "severe",
    )  # fmt: skip
    assert code == 0, err
    (pdf,) = sorted((tmp_path / "out").glob("L1_*severe.pdf"))
    text = pypdf.PdfReader(str(pdf)).pages[0].extract_text().replace("\xa0", " ")
    lines = [" ".join(x.split()) for x in text.splitlines()]
    at = lines.index("This half term")
    assert lines[at : at + 4] == ["This half term", "(Autumn 1)", "School year (up to",
                                  "2 October 2026)"], lines[at : at + 4]  # fmt: skip


def test_the_html_letter_keeps_the_school_s_email_whole_on_a_phone() -> None:
    """At 400 px (Chromium) the HTML letter's letterhead set the school's name and its
    contact lines side by side, and the body's `overflow-wrap: anywhere` let the name
    squeeze the address until "attendance@oakfield.example.o" broke over "rg".  The
    address never breaks inside a line; when the two do not fit side by side it goes
    under the name, on the right (seen in Chromium at 400 and 320 px)."""
    from attcli.letters.render import _CSS

    assert re.search(r"\.letterhead address \{[^}]*overflow-wrap: normal;[^}]*margin-left: auto;", _CSS)
    assert re.search(r"\.letterhead \{[^}]*flex-wrap: wrap;", _CSS)


def test_the_trust_s_weekly_chart_labels_its_weeks_as_the_school_report_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The trust report's weekly chart labelled its weeks "02 Nov", "07 Sep" (`%d %b`)
    where the school report's says "2 Nov", "7 Sep": one rule, `charts.week_label`."""
    import dataclasses
    from types import SimpleNamespace as NS

    from attcli.report import charts, trust
    from attcli.summary_file import SessionCounts
    from test_trust_report import _TREES, _summary

    weeks = {dt.date(2026, 9, 7): (5, SessionCounts(500, 450, 40, 10)),
             dt.date(2026, 11, 2): (4, SessionCounts(400, 380, 10, 10))}  # fmt: skip
    schools = [dataclasses.replace(_summary(n, u, p, c), weeks=weeks) for n, u, p, c in _TREES]
    seen: list = []
    monkeypatch.setattr(charts, "lines_chart", lambda labels, *a, **k: seen.append(labels) or "")
    report = trust.build_trust(schools, NS(min_cohort=5, title="Attendance report", national=None))
    trust.render_trust_html(report)  # (the page draws it: the workbook has no chart)
    assert seen == [["7 Sep", "2 Nov"]]
    assert charts.week_label(dt.date(2026, 11, 2)) == "2 Nov"


def test_the_certificate_s_key_begins_each_meaning_with_a_capital() -> None:
    """The register page's key (the certificate's and every evidence pack's) read
    "Present (AM)", "Illness (NOT medical or dental appointments)", then "no school for
    anyone this session", "outside the period of this certificate", "no mark recorded:
    ...", "not on roll: ...": the cells that are no code began in lower case beside the
    codes' meanings.  Each meaning of the key begins with a capital."""
    from test_pupil import certificate_of, every_kind_register

    key = certificate_of(every_kind_register())["key"]
    kinds = {k["kind"] for k in key}
    assert {"missing", "not_on_roll", "no_school", "outside"} <= kinds
    meanings = [k["meaning"] for k in key]
    assert [m for m in meanings if not m[:1].isupper()] == []
    assert "No school for anyone this session" in meanings


def test_cme_s_blocks_say_which_date_is_the_last_seen_and_which_the_birth(
    tmp_path: Path,
) -> None:
    """`cme` at 60 columns lists each run as a block (looks7), each column's lines joined:
    "Now, seen: back 25/09/2026" (read: back on 25/09, where that is the day last seen,
    before the run) and "9 9B 27/10/2012" under "Year, born".  A column of two headings
    over its two lines says each with its own: "Now: back; seen 07/09/2026", the year
    "7 7A; born 01/07/2015"."""
    from builders import register_rows, school_days, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    upn = "A999201010025"
    days = school_days(D(2026, 9, 7), 10)  # absent (O) the first 4 days, then back
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "O" if u == upn and 0 < i < 5 else "/",
         "surname": "Turner", "forename": "Lily-Mae", "dob": D(2015, 7, 1)}
        for u in (upn, "FILL") for i, d in enumerate(days) for s in ("AM", "PM")
    ]  # fmt: skip
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "r.csv", dob=True, groups=True)
    code, out, err = run_cli("cme", export, "-c", cfg, "--days", "3", width=40)
    assert code == 0, err
    said = flat(out)
    assert "Now: back; seen 07/09/2026" in said, out
    assert "A999201010025 7 7A; born 01/07/2015" in said, out
    code, out, err = run_cli("cme", export, "-c", cfg, "--days", "3", width=80)
    assert code == 0, err
    assert "Now, seen" in out and "; seen" not in out  # the table, as before


def test_a_dry_run_of_the_letters_shows_no_writing_letters_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`letters --dry-run` on a terminal drew "writing letters ━━━ 0/?" for the whole run
    (it writes none, and the bar never moved): a dry run is given no bar; a run for real
    still is (the run is stopped once it has its bar: what it draws is Rich's)."""
    from attcli import cliutil
    from attcli.errors import AttcliError
    from attcli.letters import run as letters_run

    bars: list = []

    def fake(*_a: object, progress: object = None, **_k: object) -> None:
        bars.append(progress)
        raise AttcliError("stopped by the test")

    monkeypatch.setattr(letters_run, "run_letters", fake)
    monkeypatch.setattr(cliutil.err_console, "_force_terminal", True)
    export = tmp_path / "register.csv"
    export.write_text("x", encoding="utf-8")
    for dry in (["--dry-run"], []):
        code, _, err = run_cli("letters", export, "--contacts", export, "--out",
                               tmp_path / "out", *dry)  # fmt: skip
        assert code == 1 and "stopped by the test" in err, err
    assert bars[0] is None and callable(bars[1])


def test_the_trust_workbook_s_weeks_are_dates() -> None:
    """The trust workbook's Weekly sheet headed its weeks "07/09", "02/11": text, no year,
    where every other date of attcli's workbooks (the school report's own Weekly sheet, the
    trust's As of column) is a date cell shown DD/MM/YYYY.  Each week is a date."""
    import dataclasses
    import io
    from types import SimpleNamespace as NS

    from openpyxl import load_workbook

    from attcli.report.trust import build_trust, write_trust_xlsx
    from attcli.summary_file import SessionCounts
    from test_trust_report import _TREES, _summary

    weeks = {dt.date(2026, 9, 7): (5, SessionCounts(500, 450, 40, 10)),
             dt.date(2026, 11, 2): (4, SessionCounts(400, 380, 10, 10))}  # fmt: skip
    schools = [dataclasses.replace(_summary(n, u, p, c), weeks=weeks) for n, u, p, c in _TREES]
    buf = io.BytesIO()
    write_trust_xlsx(build_trust(schools, NS(min_cohort=5, title="t", national=None)), buf)
    head = load_workbook(buf)["Weekly"][1]
    assert [c.value for c in head] == ["School", dt.datetime(2026, 9, 7), dt.datetime(2026, 11, 2)]
    assert [c.number_format for c in head[1:]] == ["DD/MM/YYYY"] * 2


def test_the_letter_gives_year_and_form_as_the_certificate_does(tmp_path: Path) -> None:
    """The letter's reference line read "Pupil: Ann Smith, Year 7 7A" (two figures side by
    side), where the certificate and the evidence pack say "7 (7A)": "Year 7 (7A)"."""
    from school import contacts_file, make_workspace
    from test_sweep_names import named_register

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"L1": ("Smith", "Ann")})
    contacts = contacts_file(tmp_path / "contacts.csv", [("L1", "C1", "Mrs", "Ann", "Smith")])
    code, _, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config, "--only", "severe",
    )  # fmt: skip
    assert code == 0, err
    (html,) = sorted((tmp_path / "out").glob("L1_*severe.html"))
    assert "Pupil: Ann Smith, Year 7 (7A)" in html.read_text(encoding="utf-8")
