"""The LA termly register check (DOMAIN.md 8) on hand-made registers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import polars as pl
import pytest
from openpyxl import load_workbook

from attcli.config import Config, parse_config
from attcli.errors import AttcliError, ConfigError
from attcli.lacheck import register_check, settings_from, to_csv, to_xlsx
from builders import register, write_long_csv
from school import AUTUMN_HALF_TERMS

D = dt.date


def autumn(pupils: dict[str, str], **kw):
    # 20 school days from Mon 7 Sep 2026 = 40 sessions: all in the autumn term
    return register(pupils, start=D(2026, 9, 7), **kw)


def test_listing_reasons_and_the_90_percent_boundary():
    reg = autumn(
        {
            "EXACT90": " ".join(["/\\"] * 18 + ["I", "I"]),  # 36/40 = 90 % -> listed (<= 90)
            "ABOVE90": " ".join(["/\\"] * 18 + ["I", "I\\"]),  # 37/40 = 92.5 % -> not listed
            # 10 N days then present: 20/40 = 50 % and a 10-day run -> two reasons
            "TWO": " ".join(["N"] * 10 + ["/\\"] * 10),
            "FINE": " ".join(["/\\"] * 20),
        }
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert (rc.start, rc.end, rc.as_of) == (D(2026, 9, 7), D(2026, 10, 2), D(2026, 10, 2))
    rows = {r["upn"]: r for r in rc.rows.iter_rows(named=True)}
    assert sorted(rows) == ["EXACT90", "TWO"]
    assert rows["EXACT90"]["reasons"] == "below_threshold"
    assert (rows["EXACT90"]["term_pct"], rows["EXACT90"]["band"]) == (90.0, "red")
    assert rows["EXACT90"]["authorised"] == 4 and rows["EXACT90"]["possible"] == 40
    assert rows["TWO"]["reasons"] == "below_threshold;continuous_unauthorised_10_days"
    assert (rows["TWO"]["unauthorised"], rows["TWO"]["band"]) == (20, "severe")


def test_sickness_reason_alone_and_seed_004_threshold():
    # 15 illness days and 5 present: 10/40 = 25 % and sickness; with the threshold at 93 %
    # (seed 004) a 92.5 % pupil is listed too.
    reg = autumn(
        {"SICK": " ".join(["I"] * 15 + ["/\\"] * 5), "P925": " ".join(["/\\"] * 18 + ["I", "I\\"])}
    )
    cfg = parse_config("[register_check]\nthreshold = 93\n")
    rc = register_check(reg, cfg, term="autumn", settings=settings_from(cfg))
    rows = {r["upn"]: r["reasons"] for r in rc.rows.iter_rows(named=True)}
    assert rows == {"SICK": "below_threshold;sickness_15_days", "P925": "below_threshold"}


def test_a_pupil_who_left_says_so_in_the_file():
    """A tester's pupil taken off roll straight after a 15-day run was listed with the
    reason continuous_unauthorised_10_days and nothing to say they had left: the LA reads
    the file alone.  GONE: 5 days present, then N for 10 days (Mon 14 - Fri 25 Sep), no
    row after: left 25/09/2026.  STAY: the same 10-day run, then back (on roll)."""
    reg = autumn(
        {
            "GONE": " ".join(["/\\"] * 5 + ["N"] * 10),
            "STAY": " ".join(["/\\"] * 5 + ["N"] * 10 + ["/\\"] * 5),
        }
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    got = {r["upn"]: (r["reasons"], r["left_on"]) for r in rc.rows.iter_rows(named=True)}
    assert got == {
        "GONE": ("below_threshold;continuous_unauthorised_10_days", D(2026, 9, 25)),
        "STAY": ("below_threshold;continuous_unauthorised_10_days", None),
    }
    rows = list(csv.DictReader(io.StringIO(to_csv(rc).lstrip("\ufeff"))))
    assert {r["UPN"]: r["Left the roll on"] for r in rows} == {"GONE": "25/09/2026", "STAY": ""}


def test_a_term_with_no_listed_pupils_still_gives_a_file(tmp_path):
    reg = autumn({"A": " ".join(["/\\"] * 20), "B": " ".join(["/\\"] * 20)})
    cfg = parse_config(
        "[school]\nname = 'Oakfield Academy'\nurn = '123456'\ndfe_number = '999/4001'\n"
    )
    rc = register_check(reg, cfg, term="autumn")
    assert rc.rows.height == 0
    text = to_csv(rc)
    assert text.splitlines() == [
        "UPN,Surname,Forename,Date of birth,Year group,Address,Attendance % (term),"
        "Attendance % (year to date),Possible sessions (term),Authorised absence sessions (term),"
        "Unauthorised absence sessions (term),Reasons,Band,Left the roll on,"
        "Days off the roll inside the run"
    ]
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 10)}
    assert block["School"] == "Oakfield Academy" and block["URN"] == "123456"
    assert block["DfE number"] == "999/4001" and block["Number of pupils"] == 0
    assert block["Date produced"].date() == D(2026, 11, 23)
    assert block["Data"] == "The exports cover the term"  # what the register covers
    assert ws.cell(11, 1).value == "UPN" and ws.max_row == 11
    assert ws.auto_filter.ref == "A11:O11"  # (15 columns: sweep rules3)


def test_the_register_s_problems_in_the_term_are_said_in_the_file_and_on_screen():
    """DOMAIN.md 12: data-quality problems are reported, never silently absorbed.  Twenty
    school days from Mon 7 Sep: A has N both sessions of day 3 (17 school days old on Fri
    2 Oct: stale), '-' (no mark recorded) on day 5 AM and a blank cell on day 7 PM (both
    inside the time on roll: missing marks); B has no row on day 9, when A was marked
    (two missing rows).  The register check's figures leave the four unmarked sessions
    out and count the Ns as unauthorised; it used to say nothing of them."""
    present = ["/\\"] * 20
    a = present.copy()
    a[2], a[4], a[6] = "NN", "-\\", "/_"
    b = present.copy()
    b[8] = "!"
    rc = register_check(autumn({"A": " ".join(a), "B": " ".join(b)}), Config(), term="autumn")
    line = (
        "register problems in the term: 2 N codes older than 5 school days, 2 missing marks, "
        "2 missing rows; the figures leave out sessions with no mark and count each N as "
        "unauthorised: fix them in the MIS (attcli check lists them) before sending"
    )
    assert rc.problems_line() == line
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    data = next(r for r in range(2, 10) if ws.cell(r, 1).value == "Data")
    # (a note beside its label: a sentence, sweep leftovers14)
    # (the LA's file: the facts, not the advice to the school, sweep decide11)
    facts = line.removesuffix(": fix them in the MIS (attcli check lists them) before sending")
    assert ws.cell(data, 2).value == facts[0].upper() + facts[1:] and ws.cell(data, 2).font.bold
    assert ws.cell(11, 1).value == "UPN"  # the table where it was


def test_the_register_check_counts_the_problems_check_lists(tmp_path):
    """The example school's autumn term: the register check's line counts what check lists
    for the same period (337 stale N codes, 5 missing marks and 2 missing rows)."""
    import collections
    import json
    from pathlib import Path

    from clirun import run_cli

    root = Path(__file__).resolve().parents[1] / "examples"
    args = [root / "exports" / "arbor_autumn_2026.csv", "-c", root / "attcli.toml"]
    code, out, err = run_cli("check", *args, "-f", "json")
    assert code == 0, err
    counts = collections.Counter(d["kind"] for d in json.loads(out)["data_quality"])
    assert counts == {"stale_n": 337, "missing_mark": 5, "missing_row": 2}
    code, out, err = run_cli("register-check", *args, "--term", "autumn", "-o", tmp_path / "rc.csv")
    assert code == 0, err
    assert (
        "register problems in the term: 337 N codes older than 5 school days, 5 missing marks, "
        "2 missing rows;" in " ".join(out.split())
    )


def test_xlsx_has_a_filter_and_no_formula_from_pupil_data():
    reg = autumn({'=HYPERLINK("http://x")': " ".join(["N"] * 20)})
    rc = register_check(reg, Config(), term="autumn")
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    cell = ws.cell(12, 1)
    assert cell.data_type == "s" and cell.value == '\'=HYPERLINK("http://x")'
    assert ws.auto_filter.ref == "A11:O12"  # (15 columns: the days off roll, sweep rules3)
    assert ws.cell(12, 7).value == 0 and ws.cell(12, 7).number_format == "0.00%"
    # written a row at a time (write-only): the header row frozen, dates formatted, the
    # title and header bold
    assert ws.freeze_panes == "A12"
    assert ws.cell(6, 2).number_format == "DD/MM/YYYY" and ws.cell(1, 1).font.b
    # (the UPN column as wide as its longest value, the quoted formula: 22 characters + 2)
    assert ws.cell(11, 1).font.b and ws.column_dimensions["A"].width == 24
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f"
    rows = list(csv.reader(io.StringIO(to_csv(rc))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_la_columns_and_headers_come_from_the_config():
    reg = autumn({"A": " ".join(["N"] * 20)}, dob={"A": D(2014, 10, 1)})
    cfg = parse_config(
        "[register_check]\ncolumns = ['upn', 'dob', 'term_pct', 'reasons']\n"
        "[register_check.headers]\nupn = 'Pupil UPN'\ndob = 'DOB'\nterm_pct = 'Term %'\n"
    )
    rc = register_check(reg, cfg, term="autumn", settings=settings_from(cfg))
    assert to_csv(rc).splitlines() == [
        "Pupil UPN,DOB,Term %,Reasons",
        "A,01/10/2014,0.00,below_threshold;continuous_unauthorised_10_days",
    ]


def test_bad_register_check_settings_and_terms():
    with pytest.raises(ConfigError, match="register_check.columns.*unknown column.*'phone'"):
        settings_from(parse_config("[register_check]\ncolumns = ['upn', 'phone']\n"))
    reg = autumn({"A": " ".join(["/\\"] * 20)})
    with pytest.raises(AttcliError, match="no spring term 2026/27"):
        register_check(reg, Config(), term="spring")
    with pytest.raises(AttcliError, match="choose autumn, spring or summer"):
        register_check(reg, Config(), term="winter")



def test_the_term_s_dates_leave_out_a_stray_day_as_the_figures_do():
    """Eleven pupils present every school day from Mon 7 Sep 2026 (half term 19-23 Oct,
    Christmas 21 Dec to 1 Jan) to Fri 15 Jan 2027.  P00 also has a row on Wed 23 Dec, in
    the holiday: 1 pupil of 11 (fewer than a tenth) marked that day, a stray day, which is
    no school day in the figures (DOMAIN.md 1).  The autumn term still ends on Fri 18 Dec:
    the register check used to take its term from every mark, stray days included, and
    said the term ran to 23 Dec."""
    from builders import school_days

    holidays = [D(2026, 10, 19) + dt.timedelta(i) for i in range(5)]
    holidays += [D(2026, 12, 21) + dt.timedelta(i) for i in range(14)]
    days = school_days(D(2026, 9, 7), 80, holidays)
    assert (days[-1], len(days)) == (D(2027, 1, 15), 80)
    reg = register({f"P{i:02}": " ".join(["/\\"] * 80) for i in range(11)}, holidays=holidays)
    stray = reg.filter((pl.col("upn") == "P00") & (pl.col("date") == D(2026, 12, 18)))
    reg = pl.concat([reg, stray.with_columns(pl.lit(D(2026, 12, 23)).alias("date"))])
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert (rc.start, rc.end, rc.as_of) == (D(2026, 9, 7), D(2026, 12, 18), D(2026, 12, 18))
    spring = register_check(reg, Config(), term="spring", year=2026)
    assert (spring.start, spring.as_of) == (D(2027, 1, 4), D(2027, 1, 15))


def test_last_year_s_term_dates_are_an_error_naming_the_key_and_the_year():
    """Last year's config (half terms for 2025/26) and a register of December 2026: the
    error names the config key and both years, as check's does (it said only that there
    was no autumn term in the data or the config)."""
    last_year = parse_config(
        "[[calendar.half_terms]]\nname = 'Autumn 1'\nstart = 2025-09-03\nend = 2025-10-24\n"
        "[[calendar.half_terms]]\nname = 'Autumn 2'\nstart = 2025-11-03\nend = 2025-12-19\n"
    )
    reg = register({"A": "/\\ " * 10}, start=D(2026, 12, 7))
    with pytest.raises(ConfigError) as exc:
        register_check(reg, last_year, term="autumn")
    assert str(exc.value) == (
        "config key 'calendar.half_terms': no half term in 2026/27, the school year of the "
        "autumn term asked for; the term dates given are for 2025/26: add 2026/27's half "
        "terms (or remove them all to have attcli infer them from the register)"
    )


def _joined_late():
    """FINE present and LATE absent (N) for the 20 school days from Mon 7 Sep 2026."""
    return autumn({"FINE": " ".join(["/\\"] * 20), "LATE": " ".join(["N"] * 20)})


def test_a_pupil_list_s_dates_decide_the_time_on_roll_as_in_check():
    """DOMAIN.md 1: a joining or leaving date from a pupil list decides the time on roll, in
    the register check as in check.  Without the list LATE is on roll from the first mark:
    0/40 and a 20-day run, listed.  The list says LATE joined on Mon 5 Oct, after the term's
    data ends (Fri 2 Oct): not on roll in the term, so check leaves LATE out, and so does
    the register check."""
    from attcli.engine import prepare

    reg = _joined_late()
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert [(r["upn"], r["possible"], r["unauthorised"], r["reasons"])
            for r in rc.rows.iter_rows(named=True)] == [
        ("LATE", 40, 40, "below_threshold;continuous_unauthorised_10_days")
    ]  # fmt: skip
    listed = pl.DataFrame(
        {
            "school": [None, None],
            "upn": ["FINE", "LATE"],
            "joined": [D(2026, 9, 7), D(2026, 10, 5)],
            "left": [None, None],
        },
        schema={"school": pl.Utf8, "upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
    )
    ev = prepare(reg, Config(), roll_dates=listed).evaluate(as_of=D(2026, 10, 2))
    assert ev.pupils.get_column("upn").to_list() == ["FINE"]
    rc = register_check(reg, Config(), term="autumn", year=2026, roll_dates=listed)
    assert rc.rows.height == 0


def test_register_check_reads_the_pupil_list_s_dates(tmp_path, monkeypatch):
    """The command passes the pupil list's dates on (it read them, and dropped them)."""
    from clirun import run_cli

    monkeypatch.chdir(tmp_path)
    write_long_csv(_joined_late(), tmp_path / "export.csv")
    (tmp_path / "pupils.csv").write_text(
        "UPN,Surname,Forename,Admission Date\n"
        "FINE,SurnameFINE,ForenameFINE,07/09/2026\n"
        "LATE,SurnameLATE,ForenameLATE,05/10/2026\n",
        encoding="utf-8",
    )
    args = ["register-check", "export.csv", "--term", "autumn", "--year", "2026"]
    code, out, err = run_cli(*args, "-o", "without.csv")
    assert (code, err.splitlines()[0]) == (0, "wrote without.csv"), err
    assert out.startswith("1 pupil listed for the autumn term 2026/27")
    assert "LATE" in (tmp_path / "without.csv").read_text(encoding="utf-8-sig")
    code, out, err = run_cli(*args, "--pupils", "pupils.csv", "-o", "with.csv")
    assert (code, err.splitlines()[0]) == (0, "wrote with.csv"), err
    assert out.startswith("0 pupils listed for the autumn term 2026/27")
    assert "LATE" not in (tmp_path / "with.csv").read_text(encoding="utf-8-sig")


def test_a_term_with_a_week_missing_from_the_exports_is_refused():
    # term dates from Mon 7 Sep; the exports hold 7 Sep - 2 Oct but not the week of Mon
    # 21 Sep: the term's figures, runs and illness are the exports', not the school's.
    # la-return refused such a register; the register check wrote the LA's file from it
    # (a pupil listed at 89.39 % who was 90.14 %), the INCOMPLETE line on the terminal only
    cfg = parse_config(
        '[calendar]\n[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-07\n'
        "end = 2026-10-23\n"
    )
    gap = [D(2026, 9, 21) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": "/\\ " * 15}, start=D(2026, 9, 7), holidays=gap)
    with pytest.raises(AttcliError) as exc:
        register_check(reg, cfg, term="autumn", year=2026)
    assert "no register for the week 21/09/2026 to 25/09/2026 (5 school days), in the autumn term" in str(exc.value)
    assert (
        "in the autumn term. The register check needs the whole term's register up to its "
        "date: give those exports (if the school had no sessions on those days"
    ) in str(exc.value)


# ------------------------------------------------------- an export that stops before the term ends
#: Autumn 2026 from Mon 7 Sep, half term Mon 26 - Fri 30 Oct: d35 = Fri 23 Oct, d36 = Mon
#: 2 Nov, d68 = Wed 16 Dec, d69 = Thu 17 Dec, d70 = Fri 18 Dec (the term's last day).
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def _autumn_to(n_days: int):
    """Pupil A present every school day for the first ``n_days`` school days of the term."""
    return register({"A": " ".join(["/\\"] * n_days)}, start=D(2026, 9, 7), holidays=HALF_TERM)


def _term_config(extra: str = ""):
    from school import AUTUMN_HALF_TERMS

    return parse_config(extra + AUTUMN_HALF_TERMS)


def test_a_term_file_from_an_export_that_stops_weeks_before_the_term_ended_is_refused(
    monkeypatch, tmp_path
):
    """A tester's autumn-term file, made on 21/12/2026 from an export that ends Fri 23 Oct,
    said "figures as of 23/10/2026" and nothing of the 7 weeks of Autumn 2 it lacked.  Mon
    2 Nov to Fri 18 Dec: 7 weeks of 5 = 35 school days not in the export (DOMAIN.md 2: never
    silently used).  --as-of 2026-10-23 asks for the term so far: made, and it says so."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-21")
    reg, cfg = _autumn_to(35), _term_config()
    with pytest.raises(AttcliError) as exc:
        register_check(reg, cfg, term="autumn")
    assert str(exc.value) == (
        "the exports end 23/10/2026, and the autumn term 2026/27's last school day is "
        "18/12/2026: no register from 02/11/2026 to 18/12/2026 (35 school days) after the "
        "data ends; export the register up to 18/12/2026, or pass --as-of 2026-10-23 to make "
        "the file of the autumn term 2026/27 so far (it then says figures as of 23/10/2026)"
    )
    rc = register_check(reg, cfg, term="autumn", as_of=D(2026, 10, 23))
    assert (rc.start, rc.end, rc.as_of) == (D(2026, 9, 7), D(2026, 12, 18), D(2026, 10, 23))
    with open(tmp_path / "rc.xlsx", "wb") as f:
        to_xlsx(rc, f)
    block = {r[0]: r[1] for r in load_workbook(tmp_path / "rc.xlsx").active.iter_rows(values_only=True)}
    assert block["Figures as of"] == dt.datetime(2026, 10, 23)


def test_an_as_of_date_after_the_export_is_refused_not_read_as_its_last_day():
    """--as-of 2026-12-18 and an export ending Fri 23 Oct: the file was made as of 23 Oct,
    unsaid.  The term's school days to the as-of date after the export: 2 Nov - 18 Dec, 35."""
    with pytest.raises(AttcliError) as exc:
        register_check(_autumn_to(35), _term_config(), term="autumn", as_of=D(2026, 12, 18))
    assert str(exc.value).startswith(
        "the exports end 23/10/2026, and the autumn term 2026/27's last school day is "
        "18/12/2026: no register from 02/11/2026 to 18/12/2026 (35 school days)"
    )


@pytest.mark.parametrize(
    ("days", "today", "inset", "refused"),
    [
        # the whole term (to Fri 18 Dec), made after it: made, as of 18 Dec
        (70, "2026-12-21", "", None),
        # one school day short (to Thu 17 Dec): Fri 18 Dec is missing
        (69, "2026-12-21", "", "the autumn term 2026/27's last school day is 18/12/2026: no "
         "register on 18/12/2026 (1 school day)"),
        # ... unless Fri 18 Dec is an INSET day: no school day after the export
        (69, "2026-12-21", "[calendar]\ninset_days = [2026-12-18]\n", None),
        # made on Fri 18 Dec itself (the term's last day, not over: its register may not be
        # taken yet), from an export to the day before: made
        (69, "2026-12-18", "", None),
        # made on Fri 18 Dec from an export to Wed 16 Dec: Thu 17 Dec is missing
        (68, "2026-12-18", "", "the autumn term 2026/27's last school day before today "
         "(18/12/2026) is 17/12/2026: no register on 17/12/2026 (1 school day)"),
    ],
)
def test_the_term_s_school_days_after_the_export_boundaries(monkeypatch, days, today, inset, refused):
    monkeypatch.setenv("ATTCLI_TODAY", today)
    reg, cfg = _autumn_to(days), _term_config(inset)
    last = reg.get_column("date").max()
    if refused is None:
        assert register_check(reg, cfg, term="autumn").as_of == last
        return
    with pytest.raises(AttcliError) as exc:
        register_check(reg, cfg, term="autumn")
    assert f"the exports end {last:%d/%m/%Y}, and {refused} after the data ends" in str(exc.value)


def test_a_bank_holiday_after_the_export_is_not_a_missing_school_day(monkeypatch):
    """Spring 2027: Spring 1 Mon 4 Jan - Fri 12 Feb, Spring 2 Mon 22 Feb - Fri 26 Mar (Good
    Friday, a bank holiday: the term dates run across it).  An export to Thu 25 Mar holds
    every school day of the term: 6 + 5 weeks = 55 days less Good Friday = 54.  An export
    to Wed 24 Mar lacks Thu 25 Mar: 1 school day."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-04-06")
    cfg = parse_config(
        "[[calendar.half_terms]]\nname = 'Spring 1'\nstart = 2027-01-04\nend = 2027-02-12\n"
        "[[calendar.half_terms]]\nname = 'Spring 2'\nstart = 2027-02-22\nend = 2027-03-26\n"
    )
    half_term = [D(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)]

    def spring(n: int):
        return register({"A": " ".join(["/\\"] * n)}, start=D(2027, 1, 4), holidays=half_term)

    assert spring(54).get_column("date").max() == D(2027, 3, 25)
    rc = register_check(spring(54), cfg, term="spring", year=2026)
    assert (rc.end, rc.as_of) == (D(2027, 3, 26), D(2027, 3, 25))
    with pytest.raises(AttcliError) as exc:
        register_check(spring(53), cfg, term="spring", year=2026)
    assert "no register on 25/03/2027 (1 school day) after the data ends" in str(
        exc.value
    )


def test_sickness_across_the_summer_counts_this_school_year_only():
    """The register check and the weekly check's sickness group apply DOMAIN.md 7 over the
    school year (tests/test_engine.py test_the_sickness_run_counts_this_school_year_only
    for the registers): ACROSS7, ill the last 8 school days of July and the first 7 of
    September, has 14 illness sessions and a run of 7 days this year: not over the sickness
    threshold (it said sickness_15_days, from one 15-day run across the summer).  Autumn to
    Wed 30 Sep is 20 school days: ACROSS7 attended 13 (65 %, below 90 %); ACROSS15 and
    INYEAR 5 (25 %) with 15 days of illness this year; CAI 12 (60 %) with a 13-day run of
    N across the summer (runs of unexplained absence still cross it, DOMAIN.md 6)."""
    from attcli.check import membership
    from attcli.engine import evaluate
    from builders import across
    from school import ROLLOVER_HALF_TERMS
    from test_engine import SICK_JULY, SICK_SEP

    config = parse_config(ROLLOVER_HALF_TERMS)
    reg = across((D(2026, 7, 6), SICK_JULY), (D(2026, 9, 3), SICK_SEP))
    rc = register_check(reg, config, term="autumn", year=2026, as_of=D(2026, 9, 30))
    rows = {r["upn"]: (r["term_pct"], r["reasons"]) for r in rc.rows.iter_rows(named=True)}
    assert rows == {
        "ACROSS7": (65.0, "below_threshold"),
        "ACROSS15": (25.0, "below_threshold;sickness_15_days"),
        "INYEAR": (25.0, "below_threshold;sickness_15_days"),
        "CAI": (60.0, "below_threshold;continuous_unauthorised_10_days"),
    }
    groups = membership(evaluate(reg, config, as_of=D(2026, 9, 30)))
    sick = groups.filter(pl.col("groups").list.contains("sickness")).get_column("upn")
    assert sorted(sick.to_list()) == ["ACROSS15", "INYEAR"]


# ------------------------------------------- exports that start at the term, not the year
#: Spring 2027: Spring 1 Mon 4 Jan - Fri 12 Feb (6 weeks, 30 days), half term 15-19 Feb,
#: Spring 2 Mon 22 Feb - Fri 26 Mar (5 weeks less Good Friday 26 Mar, 24 days): 54 school
#: days, 108 sessions, the last Thu 25 Mar.  The year's first school day is Mon 7 Sep 2026
#: (AUTUMN_HALF_TERMS): autumn is 7 + 7 weeks = 70 school days.
SPRING_HALF_TERMS = """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12

[[calendar.half_terms]]
name = "Spring 2"
start = 2027-02-22
end = 2027-03-26
"""
AUTUMN_HALF_TERMS_AND_SPRING = AUTUMN_HALF_TERMS + SPRING_HALF_TERMS
SPRING_HOLIDAY = [D(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)]
#: present 5 days, N for 20 (Mon 11 Jan - Fri 5 Feb), present 29: 34 days = 68 of 108
#: sessions = 62.96 % (62.962...), 40 unauthorised, a 20-day run
SPRING_N = " ".join(["/\\"] * 5 + ["N"] * 20 + ["/\\"] * 29)
#: 15 days of illness (Mon 4 - Fri 22 Jan), then present 39: 78/108 = 72.22 %
SPRING_SICK = " ".join(["I"] * 15 + ["/\\"] * 39)


def _spring(pupils: dict[str, str]):
    return register(pupils, start=D(2027, 1, 4), holidays=SPRING_HOLIDAY)


def _whole_year(pupils: dict[str, str]):
    """The autumn present every day (70 days), then ``pupils``' spring."""
    autumn_part = register(
        {u: " ".join(["/\\"] * 70) for u in pupils}, start=D(2026, 9, 7), holidays=HALF_TERM
    )
    return pl.concat([autumn_part, _spring(pupils)])


def test_an_export_from_the_term_leaves_the_band_and_year_to_date_blank(monkeypatch):
    """A tester's spring file from exports of 4 Jan - 25 Mar only: the row said band "red"
    and "Attendance % (year to date)" 62.96, the spring's 68/108 labelled as the year, and
    the CSV (no header block) carried both to the LA with no warning (DOMAIN.md 2: an
    export that starts later cannot give a year-to-date % or band).  The terminal line
    advised "pass --from 04/01/2027", an option register-check does not have.  The term's
    figures stay (the term is covered) and list the pupil: 62.96 % <= 90."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    cfg = parse_config(AUTUMN_HALF_TERMS_AND_SPRING)
    rc = register_check(_spring({"A": SPRING_N, "S": SPRING_SICK}), cfg, term="spring")
    rows = {r["upn"]: r for r in rc.rows.iter_rows(named=True)}
    a = rows["A"]
    assert (a["term_pct"], a["possible"], a["unauthorised"]) == (62.96, 108, 40)
    assert a["reasons"] == "below_threshold;continuous_unauthorised_10_days"
    assert (a["ytd_pct"], a["band"]) == (None, None)
    # 15 days of illness in the exports are 15 days in the year: listed, and said
    assert rows["S"]["reasons"] == "below_threshold;sickness_15_days"
    assert (rows["S"]["ytd_pct"], rows["S"]["band"]) == (None, None)
    line = rc.coverage_line()
    assert line == (
        "INCOMPLETE DATA: the exports cover 04/01/2027 to 25/03/2027; no register from "
        "07/09/2026 to 18/12/2026 (70 school days) before the data starts. The term's "
        "figures are whole and decide who is listed; the year-to-date % and the band are "
        "left blank, and illness over the year (sickness 15 days) and runs begun before "
        "the term count only what the exports hold: give the exports from 01/09/2026 (the "
        "start of the school year) to fill them"
    )
    got = list(csv.DictReader(io.StringIO(to_csv(rc).lstrip("\ufeff"))))
    assert [
        (r["UPN"], r["Attendance % (term)"], r["Attendance % (year to date)"], r["Band"])
        for r in got
    ] == [("A", "62.96", "", ""), ("S", "72.22", "", "")]
    buf = io.BytesIO()
    to_xlsx(rc, buf)
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 10)}
    assert block["Data"].startswith(line)
    head = [c.value for c in ws[11]]
    first = dict(zip(head, [c.value for c in ws[12]], strict=True))
    assert first["Attendance % (term)"] == pytest.approx(0.6296)
    assert (first["Attendance % (year to date)"], first["Band"]) in {(None, None), ("", "")}


def test_a_whole_year_export_still_gives_the_year_to_date_and_the_band(monkeypatch):
    """The same spring after an autumn present every day: the year is covered.  A: term
    68/108 = 62.96 %; year (140 + 68) / (140 + 108) = 208/248 = 83.87 %; band of the
    year to date (DOMAIN.md 3): red (50 < 83.87 <= 90).  No INCOMPLETE line."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    cfg = parse_config(AUTUMN_HALF_TERMS_AND_SPRING)
    rc = register_check(_whole_year({"A": SPRING_N}), cfg, term="spring")
    (a,) = rc.rows.iter_rows(named=True)
    assert (a["term_pct"], a["ytd_pct"], a["band"]) == (62.96, 83.87, "red")
    assert rc.coverage_line() is None
    (row,) = csv.DictReader(io.StringIO(to_csv(rc).lstrip("\ufeff")))
    assert (row["Attendance % (term)"], row["Attendance % (year to date)"], row["Band"]) == (
        "62.96", "83.87", "red",
    )  # fmt: skip


def test_a_week_missing_before_the_term_names_the_week_to_give(monkeypatch):
    """review9: the whole year given, but the autumn's week Mon 12 - Fri 16 Oct 2026 missing
    from the exports.  The spring is whole (A: 68/108 = 62.96 %, listed); the year is not,
    so the year-to-date % and the band are blank (right), but the line's remedy was "give
    the exports from 01/09/2026 (the start of the school year)", which were given: it now
    names the week to give, as the coverage line's own advice does."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    cfg = parse_config(AUTUMN_HALF_TERMS_AND_SPRING)
    reg = _whole_year({"A": SPRING_N}).filter(~pl.col("date").is_between(D(2026, 10, 12), D(2026, 10, 16)))
    rc = register_check(reg, cfg, term="spring")
    (a,) = rc.rows.iter_rows(named=True)
    assert (a["term_pct"], a["ytd_pct"], a["band"]) == (62.96, None, None)
    assert rc.coverage_line() == (
        "INCOMPLETE DATA: the exports cover 07/09/2026 to 25/03/2027; no register for the "
        "week 12/10/2026 to 16/10/2026 (5 school days), in the autumn term. The term's figures "
        "are whole and decide who is listed; the year-to-date % and the band are left blank, "
        "and illness over the year (sickness 15 days) and runs begun before the term count "
        "only what the exports hold: give the register for the week 12/10/2026 to "
        "16/10/2026 too, with the others, to fill them (if the school had no sessions on "
        "those days, INSET days or a closure, list them in [calendar] inset_days)"
    )
    # the exports starting late as well: both are named
    late = reg.filter(pl.col("date") >= D(2026, 9, 14))
    assert register_check(late, cfg, term="spring").coverage_line().endswith(
        "give the exports from 01/09/2026 (the start of the school year), and the register "
        "for the week 12/10/2026 to 16/10/2026, to fill them (if the school had no sessions "
        "on those days, INSET days or a closure, list them in [calendar] inset_days)"
    )


def test_a_missing_week_is_said_to_be_in_its_own_term(monkeypatch):
    """review: a spring register check of the whole year with the autumn's week Mon 12 -
    Fri 16 Oct 2026 missing said "no register for the week 12/10/2026 to 16/10/2026 (5
    school days), inside the term": the term checked is the spring, and the week is in the
    autumn, before it.  A gap now says the term it is in, from the configured half term
    holding it (Autumn 1 here): "in the autumn term".  A week missing from the spring
    itself (Mon 25 - Fri 29 Jan 2027, in Spring 1) is refused, as before, and said to be
    "in the spring term"."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    cfg = parse_config(AUTUMN_HALF_TERMS_AND_SPRING)
    whole = _whole_year({"A": SPRING_N})
    autumn_gap = whole.filter(~pl.col("date").is_between(D(2026, 10, 12), D(2026, 10, 16)))
    line = register_check(autumn_gap, cfg, term="spring").coverage_line()
    assert "no register for the week 12/10/2026 to 16/10/2026 (5 school days), in the autumn term. " in line
    assert "inside the term" not in line
    spring_gap = whole.filter(~pl.col("date").is_between(D(2027, 1, 25), D(2027, 1, 29)))
    with pytest.raises(AttcliError) as exc:
        register_check(spring_gap, cfg, term="spring")
    assert "no register for the week 25/01/2027 to 29/01/2027 (5 school days), in the spring term. " in str(exc.value)
    assert "inside the term" not in str(exc.value)


def test_the_band_is_the_year_to_date_band_as_the_check_gives_it(monkeypatch):
    """DOMAIN.md 3: a band is a rule on the year to date.  B was present all autumn (140 of
    140 sessions) and 45 of the 54 spring days, the other 9 authorised (C): the term is
    90/108 = 83.33 %, listed (<= 90 %); the year is (140 + 90) / 248 = 230/248 = 92.74 %:
    green (>= 92 %), the band the weekly check and the letters give B.  The row said red,
    the band of the term's 83.33 %, beside a year-to-date 92.74 %."""
    from attcli.engine import evaluate

    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    cfg = parse_config(AUTUMN_HALF_TERMS_AND_SPRING)
    reg = _whole_year({"B": " ".join(["/\\"] * 45 + ["C"] * 9)})
    rc = register_check(reg, cfg, term="spring")
    (b,) = rc.rows.iter_rows(named=True)
    assert (b["term_pct"], b["ytd_pct"], b["reasons"]) == (83.33, 92.74, "below_threshold")
    assert b["band"] == "green"
    # the sheet is named by the term and the year it is in: the spring term of 2026/27 is
    # in 2027 (it was "Spring 2026", under the header's "Spring term 2026/27": sweep8)
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2027, 3, 29))
    assert load_workbook(io.BytesIO(buf.getvalue())).sheetnames == ["Spring 2027"]
    (checked,) = evaluate(reg, cfg, as_of=D(2027, 3, 25)).pupils.iter_rows(named=True)
    assert (checked["attended"], checked["possible"], checked["band"]) == (230, 248, "green")


def test_register_check_advises_no_option_it_does_not_have(tmp_path, monkeypatch):
    """The terminal said "... or pass --from 04/01/2027": register-check has no --from.
    A term the exports start after (Tue 5 Jan, the term from Mon 4 Jan) is refused, and
    the refusal advised --from too."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-03-29")
    from clirun import run_cli
    from school import make_workspace

    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS_AND_SPRING)
    export = write_long_csv(_spring({"A": SPRING_N}), tmp_path / "spring.csv")
    code, out, err = run_cli(
        "register-check", export, "--term", "spring", "-c", config, "-o", tmp_path / "rc.csv",
        width=2000,
    )
    assert code == 0, err
    assert "year-to-date % and the band are left blank" in out
    assert "--from" not in out + err
    late = _spring({"A": SPRING_N}).filter(pl.col("date") > D(2027, 1, 4))
    code, out, err = run_cli(
        "register-check", write_long_csv(late, tmp_path / "late.csv"), "--term", "spring",
        "-c", config, "-o", tmp_path / "late.csv.out.csv", width=2000,
    )
    assert code == 1 and "no register on 04/01/2027" in err
    assert "--from" not in err and (
        "before the data starts. The register check needs the whole term's register up to "
        "its date: give those exports (if the school had no sessions on those days"
    ) in err


def test_the_reasons_name_the_school_s_own_days_when_it_sets_them():
    # [cme] days = 5 and [sickness] days = 8: a 6-day run of N and 8 days of illness are
    # listed by the school's thresholds, and the reasons must say so: a file reading
    # "continuous_unauthorised_10_days" of a 6-day run tells the LA what did not happen.
    # The defaults keep the names DOMAIN.md 8 gives (test above).
    reg = autumn(
        {
            "RUN": " ".join(["/\\"] * 14 + ["N"] * 6),  # 28/40 = 70 %: below too
            "SICK": " ".join(["/\\"] * 12 + ["I"] * 8),
        }
    )
    cfg = parse_config("[cme]\ndays = 5\n[sickness]\ndays = 8\nsessions = 16\n")
    rc = register_check(reg, cfg, term="autumn", settings=settings_from(cfg))
    rows = {r["upn"]: r["reasons"] for r in rc.rows.iter_rows(named=True)}
    assert rows == {
        "RUN": "below_threshold;continuous_unauthorised_5_days",
        "SICK": "below_threshold;sickness_8_days",
    }
