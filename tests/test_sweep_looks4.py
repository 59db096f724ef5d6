"""What a person sees of the seventh round's new outputs (docs/decisions.md, sweep looks4).

The register (tests/builders.py) runs from Mon 7 Sep 2026, as of Fri 25 Sep: one pupil
part-time (C2 every afternoon) and absent (N) every morning of 14-25 Sep, ten school
days, so ``cme`` lists the pupil in its part-time section."""

from __future__ import annotations

import datetime as dt
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"
AS_OF = "2026-09-25"


def _export(tmp_path):  # noqa: ANN001, ANN202
    reg = register(
        {
            "PART": " ".join([P] * 5 + ["N.C2"] * 10),
            "ORDINARY": " ".join([P] * 5 + ["N"] * 10),
            "FINE": " ".join([P] * 15),
        },
        start=dt.date(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def test_cme_s_part_time_rule_line_is_wrapped_to_the_terminal_between_words(tmp_path):
    """At 80 columns every line of the table's output fits: the rule under the part-time
    section was printed as one 400-character line (soft_wrap), cut by the terminal
    mid-word wherever column 80 fell."""
    export, config = _export(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, width=80)
    assert code == 0, err
    assert "Part-time pupils" in out
    long = [ln for ln in out.splitlines() if len(ln.rstrip()) > 80]
    assert long == [], long
    # the rule is all there, its words kept (the first and the last)
    flat = " ".join(out.split())
    assert "A part-time pupil's day counts when" in flat
    assert "these pupils are not among the runs of unexplained absence" in flat


def test_the_part_time_lines_say_c2_in_words_and_cite_no_file_the_reader_lacks(tmp_path):
    """An office member has no DOMAIN.md (the project's rules, not shipped): cme's rule
    and the check's line said "(DOMAIN.md 6)" to them.  Each now says what C2 is, in
    words, and why it breaks a run, with no reference to a file."""
    export, config = _export(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    rule = json.loads(out)["part_time_rule"]
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    line = next(w for w in json.loads(out)["warnings"] if "part-time" in w)
    for said in (rule, line):
        assert "DOMAIN.md" not in said, said
        assert "C2 (a session the pupil's part-time timetable leaves out)" in said, said


def test_the_stderr_line_beside_a_csv_says_which_rows_and_the_list_column_s_words(tmp_path):
    """Beside a CSV with part-time rows stderr said "(part_time_runs; List: part-time)":
    a JSON key the CSV has not, and a List value the CSV does not hold.  It now names
    the rows by the List column's own words."""
    from attcli.cme import LIST_PART_TIME

    export, config = _export(tmp_path)
    code, out, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "-f", "csv", "-o", tmp_path / "cme.csv"
    )
    assert code == 0, err
    flat = " ".join(err.split())
    assert "part_time_runs" not in flat, flat
    assert f"the file's last row (List '{LIST_PART_TIME}')" in flat, flat
    assert "after the runs of unexplained absence" in flat, flat
    rows = (tmp_path / "cme.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[-1].endswith(f'"{LIST_PART_TIME}"') and rows[-2].endswith("runs of unexplained absence")


def test_the_trust_s_mover_note_below_min_cohort_reads_as_a_sentence(tmp_path):
    """Sweep movers' trust (2 movers) at the default min_cohort 5: the note's clause began
    "being fewer than 5 (...), whether any of them ... is not said", a participle with
    nothing to hang on.  It now says why, then what is not said."""
    from test_sweep_movers import _page, trust

    t = trust(tmp_path)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    said = (
        "so the trust's 11 pupils are 9 children; as they are fewer than 5 (the report's "
        "smallest group shown with figures), whether any of them is persistently or "
        "severely absent at two schools (and so counted twice in the trust's counts of "
        "those pupils) is not said"
    )
    for where in (_page(out), " ".join(err.split())):
        assert said in where, where
        assert "being fewer" not in where


def test_the_trust_report_says_why_its_cohort_table_has_no_row(tmp_path):
    """Summaries made without a pupil list hold no cohort: the page showed the section's
    heading over a table of column headings and no row, nothing saying why.  It now says
    so in a line, and what would add them (each school's pupil list to `attcli summary`),
    with no empty table; the workbook's Cohorts sheet, headings alone, says it too."""
    import re

    from test_sweep_movers import _page, trust

    t = trust(tmp_path)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    raw = out.read_text(encoding="utf-8")
    section = re.search(r'<section id="cohorts">(.*?)</section>', raw, re.S).group(1)
    assert "<tbody></tbody>" not in section and "<table" not in section, section
    assert (
        "No cohort: none of the schools' summaries holds one (a summary holds a school's "
        "cohorts, such as pupil premium or SEN, when attcli summary is given the "
        "school's pupil list with --pupils FILE)"
    ) in _page(out)  # (the command a <code> a word on the page: sweep looks9)
    # the workbook's Cohorts sheet: its headings, then the same line
    import openpyxl

    book = tmp_path / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", book)
    assert code == 0, err
    rows = list(openpyxl.load_workbook(book)["Cohorts"].iter_rows(values_only=True))
    assert rows[0][0] == "Cohort" and len(rows) == 2, rows
    assert rows[1][0].startswith("No cohort: none of the schools' summaries holds one"), rows


def test_a_session_list_keeps_a_short_date_its_session_and_its_code_together():
    """The pupil record's penalty-notice sessions ("sessions: 14/09 AM N; 15/09 AM N; ...")
    broke at 80 columns between "21/09 AM" and "N", the next line beginning "N; 22/09":
    a mark read as a line of its own.  Rich (and ``terminal.wrapped``) now keep a short
    date with its session, as the long one already was, and a session with the code after
    it ("AM N,", "PM C2;", "PM C2" at the end).  Every width from 24 to 60 columns."""
    import re
    from itertools import pairwise

    from rich.text import Text

    from attcli import cliutil
    from attcli.terminal import wrapped

    # (as pupil_record._sessions_text writes them: "05/10 AM N, PM N; 12/10 PM O")
    line = "  sessions: " + "; ".join(f"{d:02d}/09 AM N, PM C2" for d in range(14, 26))
    console = cliutil.console
    old = console.width
    try:
        for width in range(24, 61):
            console.width = width
            with console.capture() as cap:
                console.print(Text(line))
            for lines in (cap.get().splitlines(), wrapped(line, width)):
                for above, below in pairwise(lines):
                    a, b = above.rstrip(), below.lstrip()
                    assert not (re.search(r"\d\d/\d\d$", a) and re.match(r"(AM|PM)\b", b)), (
                        width, lines)
                    assert not (re.search(r"\b(AM|PM)$", a) and re.match(r"(N|C2)\b", b)), (
                        width, lines)
    finally:
        console.width = old
