"""Sweep: several exports given at once, as schools give them (4 December, multifile).

Registers of the tests below are small long CSVs (Arbor's columns), pupils present
unless said, school days Monday to Friday from Mon 7 September 2026 (the term dates of
tests/school.py).  Worked by hand from DOMAIN.md 1 and 12 and docs/presets.md
("Several files").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
AMY, BEN = "A999200000001", "A999200000002"
PUPILS = {AMY: ("Adams", "Amy", "01/10/2014"), BEN: ("Brown", "Ben", "02/03/2015")}
HEADER = "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    n = (last - first).days + 1
    return [first + dt.timedelta(i) for i in range(n) if (first + dt.timedelta(i)).weekday() < 5]


def _export(path: Path, first: dt.date, last: dt.date, marks: dict | None = None,
            default: str = "/") -> Path:  # fmt: skip
    """A long export of AMY and BEN from ``first`` to ``last``; ``marks`` gives
    (upn, date, session) another mark than ``default`` ("" a blank cell)."""
    marks = marks or {}
    lines = [HEADER]
    for day in _days(first, last):
        for upn, (sur, fore, dob) in PUPILS.items():
            for s in ("AM", "PM"):
                mark = marks.get((upn, day, s), default)
                lines.append(f"{upn},{sur},{fore},Year 7,7A,{dob},{day:%d/%m/%Y},{s},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def config(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def _said(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("blank", ["", "-"])
@pytest.mark.parametrize(
    ("first", "last"),
    [(D(2026, 9, 21), D(2026, 9, 25)),  # inside the term export's dates
     (D(2026, 10, 5), D(2026, 10, 9))],  # after them (a Monday-morning export of next week)
)  # fmt: skip
def test_an_export_with_no_marks_at_all_among_others_is_refused_naming_it(
    tmp_path, config, blank, first, last
):
    """An export with no mark at all (every cell blank, or SIMS's ``-``: a report of
    pupils' details, or one made before any register of its dates was taken) given with
    the term's export carries nothing to count.  Alone it is refused ("no marks at all");
    beside another it was read as 20 later no-marks over the term's marks, refused as
    conflicts "these exports all end on 25/09/2026, so which is later cannot be told"
    (the empty export ends on no marked date at all), or, after the term's dates, dropped
    without a word.  Now refused in one line naming it, whichever order."""
    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25))
    empty = _export(tmp_path / "empty.csv", first, last, default=blank)
    for files in ((term, empty), (empty, term)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 1, out
        said = _said(err)
        assert "empty.csv" in said and "no marks at all" in said, said
        assert "term.csv" not in said.split("error:")[1], said
        assert "conflicting" not in said and "Traceback" not in said
        assert len(err.strip().splitlines()) == 1, err


def test_an_export_with_one_mark_among_others_is_read(tmp_path, config):
    """The boundary: one mark in the otherwise blank week (BEN's Monday AM, the rest not
    yet taken) is an export: the term's marks fill in its blanks (listed, DOMAIN.md 12),
    and no refusal."""
    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25))
    week = _export(tmp_path / "week.csv", D(2026, 9, 21), D(2026, 9, 25),
                   {(BEN, D(2026, 9, 21), "AM"): "/"}, default="")  # fmt: skip
    code, out, err = run_cli("check", term, week, "-c", config, "-f", "json")
    assert code == 0, err
    import json

    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (pupils[AMY]["attended"], pupils[AMY]["possible"]) == (30, 30)
    assert (pupils[BEN]["attended"], pupils[BEN]["possible"]) == (30, 30)


def test_last_week_s_letters_manifest_a_glob_takes_in_is_named_as_attcli_s_own(tmp_path, config):
    """``attcli check exports/*.csv`` where last week's letters were written beside the
    exports: the manifest (upn, pupil, contact, address ...) was refused as "a pupil list
    ... give it as --pupils", advice that sends the office to pass attcli's own record of
    letters as the school's pupils.  Now it is named as the letters manifest, to be left
    out, in one line.  The same header is the letters command's own (MANIFEST_HEADERS)."""
    from attcli.letters.run import MANIFEST_HEADERS

    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25))
    manifest = tmp_path / "manifest.csv"
    row = [AMY, "Amy Adams", "Mrs A Adams", "1 Elm Road, Anytown", "", "amber", "amber", "1",
           "Autumn 1", "2026-09-25", f"{AMY}_Adams_Amy_amber.pdf",
           f"{AMY}_Adams_Amy_amber.html", "0" * 64, "letters-to-print-2026-09-25-1.pdf", "post"]
    manifest.write_text("\ufeff" + ",".join(MANIFEST_HEADERS) + "\n" + ",".join(row) + "\n",
                        encoding="utf-8")  # fmt: skip
    for command in (("check",), ("cme",), ("letters", "--dry-run", "--contacts", term)):
        code, out, err = run_cli(*command, term, manifest, "-c", config)
        assert code == 1, out
        said = _said(err)
        assert "manifest.csv" in said and "letters manifest" in said, said
        assert "--pupils" not in said, said
        assert len(err.strip().splitlines()) == 1, err


JOE = "A999200000003"


def _joiner_exports(tmp_path: Path) -> tuple[Path, Path]:
    """The term's export (Mon 7 Sep to Fri 16 Oct) with the pupils' date of birth and SEN
    status, and this fortnight's (Mon 5 to Fri 16 Oct) from a report without those
    columns.  JOE joined on Mon 5 October: every one of his rows is in both exports."""
    cols = "UPN,Legal Surname,Legal Forename,Year,Registration Form"
    term = [f"{cols},Date of Birth,SEN Status,Date,Session,Mark"]
    fortnight = [f"{cols},Date,Session,Mark"]
    people = [(AMY, "Adams,Amy", "01/10/2014", "N", D(2026, 9, 7)),
              (JOE, "Jones,Joe", "03/04/2015", "E", D(2026, 10, 5))]  # fmt: skip
    for upn, name, dob, sen, joined in people:
        for day in _days(joined, D(2026, 10, 16)):
            for s in ("AM", "PM"):
                mark = "N" if upn == JOE and day >= D(2026, 10, 12) else "/"
                term.append(f"{upn},{name},Year 7,7A,{dob},{sen},{day:%d/%m/%Y},{s},{mark}")
                if day >= D(2026, 10, 5):
                    fortnight.append(f"{upn},{name},Year 7,7A,{day:%d/%m/%Y},{s},{mark}")
    a, b = tmp_path / "term.csv", tmp_path / "fortnight.csv"
    a.write_text("\n".join(term) + "\n", encoding="utf-8")
    b.write_text("\n".join(fortnight) + "\n", encoding="utf-8")
    return a, b


def test_a_pupil_s_details_one_export_lacks_are_taken_from_the_other_whatever_the_order(
    tmp_path, config
):
    """JOE's date of birth and SEN status are only in the term's export, and every row of
    his is a duplicate of the fortnight's (same session, same mark).  Given the fortnight's
    export first, the first row was kept, without either: "no date of birth" (his 10 `N`
    sessions of Mon 12 to Fri 16 Oct at the penalty-notice threshold "of unknown age")
    and his SEN status unknown, while given the other way round both were known.  A value
    against no value is no difference (docs/decisions.md, "Duplicate rows that differ"): the
    kept row now takes what a removed row of the same session gives and it lacks."""
    import json

    from attcli.loaders import load_registers

    term, fortnight = _joiner_exports(tmp_path)
    for files in ((term, fortnight), (fortnight, term)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 0, err
        joe = next(p for p in json.loads(out)["pupils"] if p["upn"] == JOE)
        assert joe["dob"] == "2015-04-03", files
        assert joe["compulsory_school_age"] is True
        assert (joe["pn_threshold_met"], joe["pn_window_sessions"]) == (True, 10)
        assert "date of birth" not in _said(joe["reasons"]["pn"])
        reg = load_registers(files).register
        rows = reg.filter(reg["upn"] == JOE)
        assert rows.height == 20
        assert rows.get_column("sen").to_list() == ["E"] * 20, files
        assert rows.get_column("dob").null_count() == 0


@pytest.mark.parametrize(
    ("command", "what"),
    [(("check",), "check"), (("report", "--audience", "staff"), "report"),
     (("report", "--audience", "governors"), "report")],
)  # fmt: skip
def test_attcli_s_own_workbook_a_glob_takes_in_is_named_in_one_line(tmp_path, config, command, what):
    """``attcli check exports/*.xlsx`` where last week's check (or report) workbook was
    saved beside the MIS's workbooks: its first sheet has no header row, so the refusal was
    the whole "no header row found ... Missing for every layout ..." paragraph and a
    ``[columns]`` mapping to write (two dozen lines of advice to map attcli's own output
    as a register).  Now one line naming it as attcli's own workbook, to be left out."""
    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25))
    own = tmp_path / f"last_{what}.xlsx"
    code, _, err = run_cli(*command, term, "-c", config, "-o", own)
    assert code == 0, err
    code, out, err = run_cli("check", term, own, "-c", config)
    assert code == 1, out
    said = _said(err)
    assert own.name in said and f"attcli's own {what} workbook" in said, said
    assert "[columns]" not in said and "no header row" not in said, said
    assert len(err.strip().splitlines()) == 1, err


def test_an_export_made_before_friday_afternoon_s_register_is_the_earlier_of_the_day(
    tmp_path, config
):
    """The week's export made at Friday lunchtime (Fri 25 Sep PM blank for everyone: not yet
    taken) and the term's made that evening (Fri PM marked) both end on Fri 25 Sep, so they
    were "exports ending on the same day: which is later cannot be told", and every pupil's
    Friday afternoon was refused as a conflict.  The export whose last marked session is
    later (the PM) is the later one: its marks fill in the blanks, listed (DOMAIN.md 12), and
    an N of the lunchtime export's Friday morning the evening's codes is a correction.
    Two exports that both mark the Friday afternoon still cannot be ordered (the boundary)."""
    import json

    fri_pm = {(u, D(2026, 9, 25), "PM"): "" for u in PUPILS}
    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25),
                   {(AMY, D(2026, 9, 25), "AM"): "I"})  # fmt: skip
    week = _export(tmp_path / "week.csv", D(2026, 9, 21), D(2026, 9, 25),
                   {**fri_pm, (AMY, D(2026, 9, 25), "AM"): "N"})  # fmt: skip
    for files in ((term, week), (week, term)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 0, err
        got = json.loads(out)
        pupils = {p["upn"]: p for p in got["pupils"]}
        assert (pupils[AMY]["attended"], pupils[AMY]["authorised"]) == (29, 1)
        assert (pupils[AMY]["possible"], pupils[AMY]["unauthorised"]) == (30, 0)
        assert (pupils[BEN]["attended"], pupils[BEN]["possible"]) == (30, 30)
        was = sorted((c["upn"], c["session"], c["was"], c["now"]) for c in got["corrections"])
        assert was == [(AMY, "AM", "N", "I"), (AMY, "PM", "-", "/"), (BEN, "PM", "-", "/")]
        assert all(c["file"] == str(term) for c in got["corrections"])
    # the boundary: the week's Friday afternoon marked too (BEN's O against the term's /)
    week2 = _export(tmp_path / "week2.csv", D(2026, 9, 21), D(2026, 9, 25),
                    {(BEN, D(2026, 9, 25), "PM"): "O"})  # fmt: skip
    code, out, err = run_cli("check", term, week2, "-c", config)
    assert code == 1 and "cannot be told" in _said(err), err


def test_a_lunchtime_export_without_the_afternoon_s_rows_is_the_earlier_of_the_day(
    tmp_path, config
):
    """The same lunchtime export as a long report that leaves the Friday afternoon's rows
    out (no blank cells at all): its N of the Friday morning, which the evening's term
    export codes I, was refused as exports that "cannot be ordered"; it is a correction."""
    import json

    term = _export(tmp_path / "term.csv", D(2026, 9, 7), D(2026, 9, 25),
                   {(AMY, D(2026, 9, 25), "AM"): "I"})  # fmt: skip
    week = _export(tmp_path / "week.csv", D(2026, 9, 21), D(2026, 9, 25),
                   {(AMY, D(2026, 9, 25), "AM"): "N"})  # fmt: skip
    lines = week.read_text(encoding="utf-8").splitlines()
    week.write_text("\n".join(x for x in lines if not x.endswith("25/09/2026,PM,/")) + "\n",
                    encoding="utf-8")  # fmt: skip
    for files in ((term, week), (week, term)):
        code, out, err = run_cli("check", *files, "-c", config, "-f", "json")
        assert code == 0, err
        got = json.loads(out)
        assert [(c["upn"], c["was"], c["now"]) for c in got["corrections"]] == [(AMY, "N", "I")]
        amy = next(p for p in got["pupils"] if p["upn"] == AMY)
        assert (amy["attended"], amy["authorised"], amy["possible"]) == (29, 1, 30)
