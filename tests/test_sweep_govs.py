"""Sweep of the leaders' and governors' outputs (report, summary), second round: small
schools built by hand, each figure worked out from DOMAIN.md and docs/report.md first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.config import parse_config
from attcli.summary import summary_from_exports
from builders import first_weekdays

SCHOOL = '[school]\nname = "Hand School"\nurn = "100002"\n'


def _export(path: Path, days: list[dt.date], pupils: dict[str, tuple[str, str | None]]) -> Path:
    """A long export: UPN, names, Date, Session, Mark (and SEN Status when any pupil has a
    value for it, None meaning no such column).  ``pupils``: upn -> (marks, one a session
    with ``/`` present and ``O`` unauthorised, or one for every session; SEN cell)."""
    sen = any(v is not None for _, v in pupils.values())
    head = "UPN,Surname,Forename,Date,Session,Mark" + (",SEN Status" if sen else "")
    lines = [head]
    for upn, (marks, status) in pupils.items():
        marks = marks if len(marks) > 1 else marks * (2 * len(days))
        for i, day in enumerate(days):
            for j, session in enumerate(("AM", "PM")):
                cell = f",{status or ''}" if sen else ""
                lines.append(f"{upn},S{upn},F{upn},{day:%d/%m/%Y},{session},{marks[2 * i + j]}{cell}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _sen(document: dict) -> dict[str, tuple[int, int, int]]:
    """cohort -> (members, rest, unknown) of the SEN rows of a summary."""
    return {
        c["cohort"]: (c["members"]["pupils"], c["rest"]["pupils"], c["unknown"])
        for c in document["cohorts"]
        if c["attribute"] == "sen"
    }


def test_a_pupil_of_an_export_without_the_sen_column_has_no_sen_status_known(tmp_path):
    """Export A (Mon 7 - Fri 18 Sep 2026) has no SEN column; export B (Mon 21 - Fri 25
    Sep) has one.  L left after A: their SEN status is in no file, so it is unknown, as a
    gender or FSM column missing from their export is (docs/report.md: "a pupil whose
    value is unknown (not in the pupil list and not in the export) is in neither the
    cohort nor the rest").  L missed 4 sessions (16 of 20, 80 %: persistently absent).

        pupil  A           B          SEN now
        L      16/20       -          unknown
        P1     20/20       10/10 K    SEN support
        P2-P5  20/20       10/10 N    none

    SEN support: 1 pupil, the rest 4 (P2-P5), unknown 1.  attcli read L's missing SEN
    column as "no SEN": rest 5, unknown 0, L's absence in the no-SEN figures."""
    a = _export(tmp_path / "a.csv", first_weekdays(dt.date(2026, 9, 7), 10), {
        "L": ("OO" + "/" * 16 + "OO", None),
        **{f"P{i}": ("/", None) for i in range(1, 6)},
    })  # fmt: skip
    b = _export(tmp_path / "b.csv", first_weekdays(dt.date(2026, 9, 21), 5), {
        "P1": ("/", "K"), **{f"P{i}": ("/", "N") for i in range(2, 6)},
    })  # fmt: skip
    doc = summary_from_exports([a, b], parse_config(SCHOOL)).document
    assert doc["totals"]["pupils"] == 6 and doc["totals"]["pa"] == 1
    assert _sen(doc) == {
        "SEN support": (1, 4, 1),
        "EHC plan": (0, 5, 1),
        "Any SEN": (1, 4, 1),
    }
    rest = next(c["rest"] for c in doc["cohorts"] if c["cohort"] == "Any SEN")
    assert (rest["pa"], rest["possible"], rest["attended"]) == (0, 120, 120)


def test_a_blank_sen_cell_in_the_latest_export_is_no_sen(tmp_path):
    """The same weeks; both exports have the SEN column.  P2 is 'K' in A and blank in B:
    a blank SEN cell is no SEN (docs/report.md, "N/None/blank = no SEN"), and the value
    as of the as-of date is B's.  attcli carried A's 'K' over the blank (a blank cell was
    read as no value at all): SEN support 2.  Now: SEN support 1 (P1), rest 4."""
    a = _export(tmp_path / "a.csv", first_weekdays(dt.date(2026, 9, 7), 10), {
        "P1": ("/", "K"), "P2": ("/", "K"), **{f"P{i}": ("/", "N") for i in range(3, 6)},
    })  # fmt: skip
    b = _export(tmp_path / "b.csv", first_weekdays(dt.date(2026, 9, 21), 5), {
        "P1": ("/", "K"), "P2": ("/", ""), **{f"P{i}": ("/", "N") for i in range(3, 6)},
    })  # fmt: skip
    doc = summary_from_exports([a, b], parse_config(SCHOOL)).document
    assert _sen(doc) == {
        "SEN support": (1, 4, 0),
        "EHC plan": (0, 5, 0),
        "Any SEN": (1, 4, 0),
    }


def _sen_school():
    """30 pupils of Year 7, Mon 7 - Fri 18 Sep 2026 (20 sessions each).  SEN status: K
    (SEN support) 6, E (EHC plan) 5, Y (SEN, type not given: in "Any SEN" only) 2, N 17.
    Pupil i misses i % 3 sessions (O), except the two Y pupils: Y1 misses 6 (14 of 20,
    70 %, persistently absent), Y2 one (19 of 20)."""
    import polars as pl

    from builders import register

    sen = {f"K{i}": "K" for i in range(1, 7)} | {f"E{i}": "E" for i in range(1, 6)}
    sen |= {"Y1": "Y", "Y2": "Y"} | {f"N{i}": "N" for i in range(1, 18)}
    miss = {u: i % 3 for i, u in enumerate(sen, 1)} | {"Y1": 6, "Y2": 1}
    marks = {u: " ".join(("O" * m + "/" * (20 - m))[k : k + 2] for k in range(0, 20, 2))
             for u, m in miss.items()}  # fmt: skip
    reg = register(marks)
    return reg.with_columns(pl.col("upn").replace_strict(sen, return_dtype=pl.String).alias("sen"))


def test_pupils_in_any_sen_only_cannot_be_worked_out_from_the_sen_rows():
    """Any SEN is SEN support, EHC plans and every other SEN status (here 2 pupils
    recorded 'Y'), but the small-number rule took Any SEN = SEN support + EHC plan.  All
    three rows were shown (13, 6 and 5 pupils), and Any SEN less the other two was the two
    Y pupils: 13 - 6 - 5 = 2 pupils, attended 241 - 114 - 94 = 33 of 260 - 120 - 100 = 40
    sessions (82.5 %), and PA 5 - 2 - 2 = 1 of them.  The pupils in Any SEN only are a
    group of the sum, never shown: 2 is fewer than 5, so the next smallest part, the
    5 EHC plans, is hidden too (attcli.suppress.cohort_cells, the trust's rule as well)."""
    from attcli.config import parse_config
    from attcli.engine import prepare
    from attcli.report import build_report
    from attcli.report.trust import build_trust
    from attcli.report_settings import settings_from
    from attcli.summary import build_summary, parse_summary

    cfg = parse_config(SCHOOL)
    r = build_report(_sen_school(), cfg)
    rows = {row["cohort"]: row for row in r.cohorts.iter_rows(named=True) if row["attribute"] == "sen"}
    assert rows["Any SEN"]["pupils"] == 13 and rows["SEN support"]["pupils"] == 6
    assert rows["EHC plan"]["pupils"] is None and rows["EHC plan"]["attendance_pct"] is None
    assert rows["EHC plan"]["note"] == (
        "not shown, so that a smaller group's figures cannot be worked out from the total"
    )
    # the trust's report of the school's summary hides the same
    doc = build_summary(prepare(_sen_school(), cfg), cfg, generated=dt.date(2026, 9, 21))
    trust = build_trust([parse_summary(doc, source="hand")], settings_from(cfg))
    shown = {(c["school"], c["cohort"]) for c in trust.cohorts if c["members"] is not None}
    assert ("Hand School", "EHC plan") not in shown and ("Trust", "EHC plan") not in shown
    assert ("Hand School", "Any SEN") in shown and ("Hand School", "SEN support") in shown


def test_the_sender_is_told_of_a_small_group_of_other_sen_statuses():
    """The summary of the school above holds SEN support 6, EHC plan 5 and Any SEN 13
    exactly: the 2 pupils recorded 'Y' are Any SEN less the two (13 - 6 - 5), and their
    figures with them.  The sender was told "Send it to your trust only" with no small
    group named; it holds one of 2 pupils, and says so as for any other."""
    from attcli.config import parse_config
    from attcli.engine import prepare
    from attcli.summary import build_summary
    from attcli.summary.command import describe

    cfg = parse_config(SCHOOL)
    doc = build_summary(prepare(_sen_school(), cfg), cfg, generated=dt.date(2026, 9, 21))
    assert describe(doc, 5)[1].startswith(
        "It holds exact counts for 1 group of fewer than 5 pupils (SEN other than SEN "
        "support or an EHC plan: 2): "
    )


def test_the_school_s_phase_comes_from_the_exports_that_give_year_groups(tmp_path):
    """Export A (Mon 7 - Fri 18 Sep 2026) has no year group column; export B (Mon 21 -
    Fri 25 Sep) gives every pupil "Year 7".  The school is secondary (6 of 6 pupils with a
    year group in Year 7 and up: docs/report.md, "The school's phase"), so its report is
    compared with the secondary national figure (91.1 %).  The report took one row a pupil
    whatever it held, here A's, and said "the phase from the register, which has no year
    groups", comparing with all schools' 92.9 %."""
    from clirun import run_cli
    from school import make_workspace

    a = _export(tmp_path / "a.csv", first_weekdays(dt.date(2026, 9, 7), 10),
                {f"P{i}": ("/", None) for i in range(1, 7)})  # fmt: skip
    b = tmp_path / "b.csv"
    lines = ["UPN,Surname,Forename,Year,Date,Session,Mark"] + [
        f"P{i},SP{i},FP{i},Year 7,{d:%d/%m/%Y},{s},/"
        for i in range(1, 7)
        for d in first_weekdays(dt.date(2026, 9, 21), 5)
        for s in ("AM", "PM")
    ]
    b.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = make_workspace(tmp_path / "ws")
    out = tmp_path / "r.html"
    code, _, err = run_cli("report", a, b, "--config", config, "-o", out)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "which has no year groups" not in text
    assert "the phase from the register&#39;s year groups (6 of 6 pupils in Year 7 and up)" in text
    assert "national attendance 91.1 %" in text


def test_the_governors_report_says_which_legacy_codes_it_counts():
    """DOMAIN.md 1: a legacy code counts as it counted when recorded, "and say so in the
    output".  Pupil A's export has H (authorised holiday, before 2024) on 4 sessions of
    20 (16 of 20 attended, 80 %).  The staff version says so in the loaders' note, which
    names the file; the governors' version left that note out ("1 note about the export
    files ... is in the staff version only") and said nothing of H, whose 4 sessions its
    figures count as authorised absence.  It now has the LA files' line, which names no
    file."""
    from attcli.config import parse_config
    from attcli.report import build_report
    from builders import register

    reg = register({"A": "/ H H / / / / / / /", "B": " ".join(["/"] * 10)})
    r = build_report(reg, parse_config(SCHOOL), audience="governors")
    line = ("legacy codes (no longer in use) counted as they counted when in use: H on 4 "
            "sessions, as authorised, all recorded on or after 19/08/2024: to recode in the "
            "MIS")  # fmt: skip
    assert line in r.notes
    staff = build_report(reg, parse_config(SCHOOL))
    assert line not in staff.notes  # (the staff version has the loaders' note per export)


def test_sen_statuses_written_as_the_mis_describes_them():
    """An MIS may export the SEN status as its description, not its census code (Arbor:
    "Education, Health and Care Plan" is E, "SEN Support" K, "No Special Educational Need"
    and "Monitoring" N, "not counted as SEN students"; SIMS shows "K - SEN Support").
    Eight pupils, 10 school days each:

        SEN Support 2, K - SEN Support 1  -> SEN support 3
        Education, Health and Care Plan 1 -> EHC plan 1
        No Special Educational Need 2, Monitoring 1, N - No Special Educational Need 1
                                          -> no SEN 4

    attcli knew "SEN Support" only: the rest were "any other value", counted in Any SEN,
    so Any SEN was 8 of 8 pupils, the school's non-SEN pupils among them."""
    import polars as pl

    from attcli.config import parse_config
    from attcli.engine import prepare
    from attcli.summary import build_summary
    from builders import register

    sen = {"A": "SEN Support", "B": "SEN Support", "C": "K - SEN Support",
           "D": "Education, Health and Care Plan", "E": "No Special Educational Need",
           "F": "No Special Educational Need", "G": "Monitoring",
           "H": "N - No Special Educational Need"}  # fmt: skip
    reg = register({u: " ".join(["/"] * 10) for u in sen}).with_columns(
        pl.col("upn").replace_strict(sen, return_dtype=pl.String).alias("sen")
    )
    cfg = parse_config(SCHOOL)
    doc = build_summary(prepare(reg, cfg), cfg, generated=dt.date(2026, 9, 21))
    assert _sen(doc) == {
        "SEN support": (3, 5, 0),
        "EHC plan": (1, 7, 0),
        "Any SEN": (4, 4, 0),
    }


def test_an_sen_status_that_is_no_census_code_is_said_where_it_is_counted():
    """The school above with its two 'Y' pupils recorded 'P' and 'A' instead (School
    Action Plus and School Action, the codes before 2014; or a slip): neither is a census
    SEN provision code (N, K or E), and each was counted in Any SEN with nothing said (the
    govs sweep's note). What attcli did with each value is said in the report's notes and
    the summary's, naming the values and how many pupils hold each, never a pupil."""
    import polars as pl

    from attcli.engine import prepare
    from attcli.report import build_report
    from attcli.summary import build_summary

    cfg = parse_config(SCHOOL)
    reg = _sen_school().with_columns(
        pl.col("sen").replace({"Y": None}).fill_null(
            pl.when(pl.col("upn") == "Y1").then(pl.lit("P")).otherwise(pl.lit("A"))
        )
    )
    assert sorted(reg.unique("upn").get_column("sen").value_counts().rows()) == [
        ("A", 1), ("E", 5), ("K", 6), ("N", 17), ("P", 1),
    ]
    said = (
        "SEN statuses 'A' (1 pupil) and 'P' (1 pupil) are no census SEN codes (N, K or E): "
        "counted in Any SEN"
    )
    r = build_report(reg, cfg)
    assert [n for n in r.notes if n.startswith("SEN status")] == [said]
    rows = {row["cohort"]: row for row in r.cohorts.iter_rows(named=True) if row["attribute"] == "sen"}
    assert rows["Any SEN"]["pupils"] == 13
    notes: list[str] = []  # (the summary's notes are the terminal's, not the file's)
    build_summary(prepare(reg, cfg), cfg, generated=dt.date(2026, 9, 21), notes=notes)
    assert said in notes
    # the school above ('Y': SEN, its type not given, a value attcli reads) says nothing
    assert not [n for n in build_report(_sen_school(), cfg).notes if n.startswith("SEN status")]
