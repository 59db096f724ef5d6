"""The part-time CME section's leftovers (sweep parttime2; the lead's decision of sweep
cmept, docs/decisions.md): one child's part-time run across two UPNs, a part-time run that
may have begun before the exports, the pupil record, and the LA's files.

One register, school days Mon 7 Sep to Fri 2 Oct 2026 (20: 7-11, 14-18, 21-25 Sep, 28
Sep-2 Oct), as of Fri 2 Oct, ``[cme] days`` 10.  "N.C2": N in the morning, C2 (the
part-time timetable leaves the afternoon out) in the afternoon.

- FILL present every day.
- PTTEN present 7-18 Sep (10 days), N.C2 21 Sep-2 Oct: a part-time run of 10 school days,
  21/09 to 02/10, still absent, last attended 18/09: listed at 10.
- PTFIRST N.C2 7-16 Sep (8 days: 7-11, 14-16), present 17 Sep-2 Oct: a part-time run of
  8 days beginning on the exports' first school day (07/09/2026, the first of the school
  year), so it may have begun in the summer term: not listed at 10, said.
- PTLEFT present 7-11 Sep, N.C2 14-25 Sep (10 days), no row after Fri 25 Sep: left the
  roll after a part-time run of 10 days (14/09 to 25/09), last attended 11/09.
- Kit Child (born 01/05/2015): OLD 7-25 Sep (present 7-17 Sep, N.C2 Fri 18 and 21-25 Sep:
  6 days), NEW from Mon 28 Sep (N.C2 28 Sep-2 Oct: 5 days): one run of 6 + 5 = 11 school
  days, 18/09 to 02/10, across the two UPNs, last attended 17/09, still absent.  Neither
  part reaches 10: before this sweep the child was on no list.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register_rows, school_days, token_rows, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}
AS_OF = "2026-10-02"
NC = "N.C2 "
KIT_LINE = (
    f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 11 school days of a "
    "part-time timetable (C2) absent at every other session from 18/09/2026 to 02/10/2026 "
    f"across the two UPNs ({OLD}'s 6 days, {NEW}'s 5): if one child, give the exports one "
    f"UPN (the permanent one); `attcli pupil merge {OLD} {NEW}` moves letters and notices "
    "on record"
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> tuple[Path, Path]:  # noqa: ANN001
    """(the config, the export) of the register above."""
    days = school_days(D(2026, 9, 7), 20)
    assert (days[0], days[9], days[10], days[15], days[-1]) == (
        D(2026, 9, 7), D(2026, 9, 18), D(2026, 9, 21), D(2026, 9, 28), D(2026, 10, 2)
    )
    rows: list[dict] = []

    rows += token_rows("FILL", days, "/ " * 20)
    rows += token_rows("PTTEN", days, "/ " * 10 + NC * 10)
    rows += token_rows("PTFIRST", days, NC * 8 + "/ " * 12)
    rows += token_rows("PTLEFT", days[:15], "/ " * 5 + NC * 10)
    rows += token_rows(OLD, days[:15], "/ " * 9 + NC * 6, KIT)
    rows += token_rows(NEW, days[15:], NC * 5, KIT)
    folder = tmp_path_factory.mktemp("parttime2")
    cfg = make_workspace(folder / "ws", AUTUMN_HALF_TERMS)
    return cfg, write_long_csv(register_rows(rows), folder / "register.csv", dob=True, groups=True)


@pytest.fixture(scope="module")
def cme_json(school) -> tuple[dict, str]:  # noqa: ANN001
    cfg, export = school
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", AS_OF, "-f", "json", width=400)
    assert code == 0, err
    return json.loads(out), flat(err)


# -- 1. a part-time run across two UPNs ----------------------------------------------------


def test_cme_joins_one_child_s_part_time_run_across_two_upns(cme_json):
    doc, err = cme_json
    # the runs and each UPN's part-time runs are as before: neither part reaches 10
    assert doc["runs"] == []
    assert [(r["upn"], r["run_start"], r["run_days"]) for r in doc["part_time_runs"]] == [
        ("PTTEN", "2026-09-21", 10), ("PTLEFT", "2026-09-14", 10)
    ]
    # each UPN's alone, and the run across them in part_time_joined_runs (sweep
    # leftovers11): the line beside it says where (it said "not in this list")
    assert len(doc["part_time_joined_runs"]) == 1
    said = f"in this file's part_time_joined_runs, 10+ school days across two UPNs: {KIT_LINE}"
    assert said in doc["warnings"]
    assert err.count(said) == 1


def test_cme_s_part_time_section_has_the_run_across_two_upns_as_a_row(school):
    cfg, export = school
    code, out, _ = run_cli("cme", export, "-c", cfg, "--as-of", AS_OF, width=80)
    assert code == 0
    section = out[out.index("Part-time pupils"):]
    assert flat(section).startswith(
        "Part-time pupils (C2) absent at every other session for 10+ school days, as of "
        "02/10/2026: 2 runs, and 1 across two UPNs (one child?)"
    )
    table = section[: section.index("A part-time pupil's day counts")]
    # (its "Year, born" the UPNs' year, group and birth date, as a UPN's row: sweep
    # leftovers13; it said "under two UPNs")
    for cell in ("Child, Kit", f"{OLD} +", "7 7A", "01/05/2015", "11 school days", "C2 N",
                 "18/09-02/10/26", "6 + 5", "ACROSS UPNS", "ABSENT", "17/09/2026"):  # fmt: skip
        assert cell in table, cell
    assert KIT_LINE in flat(section)
    # the leaver's line says what the part-time run's days were: not "unexplained absence"
    assert (
        "SurnamePTLEFT, ForenamePTLEFT left 25/09/2026 after 10 school days absent at every other "
        "session (part-time, C2): check the deletion was lawful and the LA was told"
    ) in flat(section)
    # the runs' own table is as it was: no run
    assert "of 10+ school days, as of 02/10/2026: 0 runs\n" in out


def test_a_part_time_run_across_two_upns_short_of_the_days_is_said_not_listed(school):
    cfg, export = school
    code, out, _ = run_cli("cme", export, "-c", cfg, "--as-of", AS_OF, "--days", "12", width=400)
    assert code == 0
    # 11 < 12: no row, no section (PTTEN's 10 is short too); the line still says it
    assert "Part-time pupils (C2)" not in out and "ACROSS UPNS" not in out
    assert flat(out).count(KIT_LINE) == 1


def test_the_check_counts_the_child_across_two_upns_among_the_part_time_pupils(school):
    cfg, export = school
    code, out, err = run_cli("check", export, "-c", cfg, "--as-of", AS_OF, width=400)
    assert code in (0, 1), err
    said = flat(out + err)
    assert (
        "3 part-time pupils (C2) absent (N, O or G) at every other session of 10+ school "
        f"days in a row (the longest: Child, Kit ({OLD} + {NEW}, one child under two UPNs?), "
        "11 school days to 02/10/2026): C2 (a session the pupil's part-time timetable "
        "leaves out) breaks a run of unexplained absence, so the absence group does not "
        "list them for it: `attcli cme` lists them apart"
    ) in said, said
    assert said.count(KIT_LINE) == 1


def _kit(old: str, new: str):  # noqa: ANN202
    """Kit under OLD 7-25 Sep (15 school days), NEW 28 Sep-2 Oct (5), FILL present every
    day (tokens as the module's register), evaluated as of Fri 2 Oct."""
    from attcli.config import Config
    from attcli.engine import evaluate

    days = school_days(D(2026, 9, 7), 20)
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    for upn, ds, marks in ((OLD, days[:15], old), (NEW, days[15:], new)):
        for d, t in zip(ds, marks.split(), strict=True):
            am, pm = t.split(".") if "." in t else (t, t)
            rows += [{"upn": upn, "date": d, "session": "AM", "mark": am, **KIT},
                     {"upn": upn, "date": d, "session": "PM", "mark": pm, **KIT}]  # fmt: skip
    return evaluate(register_rows(rows), Config(), as_of=D(2026, 10, 2))


def test_a_full_timetable_under_one_upn_and_part_time_under_the_next_join():
    from attcli.joined import joined_runs

    # OLD N all day Fri 18, 21-25 Sep (6 days: a run of unexplained absence, no C2), NEW
    # N.C2 28 Sep-2 Oct (5 days, part-time): a day wholly N counts toward a part-time run,
    # so one part-time run of 11 days; no run of unexplained absence joins (NEW has none)
    ev = _kit("/ " * 9 + "N " * 6, NC * 5)
    assert joined_runs(ev) == []
    (j,) = joined_runs(ev, part_time=True)
    assert (j.upns, j.parts, j.days, j.start, j.end, j.codes, j.current, j.last_attended) == (
        (OLD, NEW), (6, 5), 11, D(2026, 9, 18), D(2026, 10, 2), ("C2", "N"), True,
        D(2026, 9, 17),
    )  # fmt: skip
    # a day of C2 alone under OLD (Tue 22 Sep) neither counts nor breaks: 10 days; the
    # runs of unexplained absence it splits (2 + 3 days) are OLD's one part of 5
    ev = _kit("/ " * 9 + "N N C2 N N N ", NC * 5)
    (j,) = joined_runs(ev, part_time=True)
    assert (j.parts, j.days, j.start) == ((5, 5), 10, D(2026, 9, 18))


def test_a_part_time_run_across_two_upns_breaks_where_the_child_was_seen():
    from attcli.joined import joined_runs

    # OLD present on the morning of Wed 23 Sep (its afternoon C2): OLD's part-time runs
    # are 18, 21-22 Sep (3) and 24-25 Sep (2); the 2 join NEW's 5: 7 days from 24/09
    ev = _kit("/ " * 9 + NC * 3 + "/.C2 " + NC * 2, NC * 5)
    (j,) = joined_runs(ev, part_time=True)
    assert (j.parts, j.days, j.start, j.last_attended) == ((2, 5), 7, D(2026, 9, 24), D(2026, 9, 23))
    # ill (I) on NEW's first morning: an authorised absence breaks: nothing joins
    assert joined_runs(_kit("/ " * 9 + NC * 6, "I.C2 " + NC * 4), part_time=True) == []
    # no C2 under either UPN: the runs of unexplained absence join (as before), not these
    assert joined_runs(_kit("/ " * 9 + "N " * 6, "N " * 5), part_time=True) == []
    assert [x.days for x in joined_runs(_kit("/ " * 9 + "N " * 6, "N " * 5))] == [11]


# -- 2. a part-time run that may have begun before the exports --------------------------------


def test_cme_says_a_part_time_run_on_the_exports_first_day_may_have_begun_before(cme_json):
    doc, err = cme_json
    line = (
        "1 run of a part-time pupil (C2) absent at every other session begins on the "
        "exports' first school day, 07/09/2026, and may have begun before it, so be longer "
        "than counted here (SurnamePTFIRST, ForenamePTFIRST (PTFIRST), 8 school days to "
        "16/09/2026): give the export of the weeks before ("
    )
    (said,) = [w for w in doc["warnings"] if w.startswith(line)]
    assert said.endswith(") to see it whole")
    assert err.count(line) == 1
    # no run of unexplained absence begins then: the runs' own line is not said
    assert not any(w.startswith("1 run of unexplained absence begins") for w in doc["warnings"])


# -- 3. the pupil record ---------------------------------------------------------------------

RECORD = "Part-time (C2), absent at every other session for 10+ school days in a row: "
WHY = (
    ". C2 (a session the pupil's part-time timetable leaves out) breaks a run of "
    "unexplained absence, so no flag below shows the run: attcli cme lists it apart from "
    "its runs"
)


@pytest.mark.parametrize(
    ("upn", "said"),
    [
        ("PTTEN", "10 school days from 21/09/2026 to 02/10/2026 (C2 N), still absent, last "
                  "attended 18/09/2026"),
        (NEW, KIT_LINE),  # (OLD's record says it too: the same function)
        ("PTLEFT", "10 school days from 14/09/2026 to 25/09/2026 (C2 N), then left the roll "
                   "25/09/2026, last attended 11/09/2026"),
        ("PTFIRST", None),  # 8 days: not listed at 10
    ],
)  # fmt: skip
def test_the_pupil_record_shows_the_part_time_run_cme_lists(school, upn, said):
    cfg, export = school
    code, out, err = run_cli("pupil", upn, export, "-c", cfg, "--as-of", AS_OF, width=400)
    assert code == 0, err
    text = flat(out)
    if said is None:
        assert "Part-time (C2), absent" not in text
    else:
        assert text.count(RECORD + said + WHY) == 1, text
        # said before the flags, none of which shows it
        assert text.index(RECORD) < text.index("Flags (as the weekly check shows them)")


# -- 4. the LA's files -------------------------------------------------------------------------


def _not_in(n: int, where: str) -> str:
    return (
        f"{n} part-time pupils (C2) were absent (N, O or G) at every other session for 10+ "
        f"school days in a row, and {where} does not list them for it: C2 (a session the pupil's "
        "part-time timetable leaves out) is an authorised absence, so it breaks a run of "
        "unexplained absence; `attcli cme` lists them apart, and the designated safeguarding "
        "lead decides whether to tell the LA"
    )


def _cells(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return [
        c for row in load_workbook(path).active.iter_rows(values_only=True) for c in row
        if isinstance(c, str)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("command", "args", "n", "where"),
    [
        # the term's: PTTEN, PTLEFT and Kit (11 days across two UPNs)
        ("register-check", ("--term", "autumn"), 3, "this file"),
        # October's: PTLEFT's run, over on 25 Sep, is no part of it (as the return's runs)
        ("la-return", ("--month", "2026-10"), 2, "this return"),
    ],
)
def test_the_la_files_say_they_do_not_list_the_part_time_pupils(
    school, tmp_path, command, args, n, where
):
    # the children are named nowhere in the line: the file goes to the LA
    cfg, export = school
    target = tmp_path / "la.xlsx"
    code, out, err = run_cli(
        command, export, *args, "--as-of", AS_OF, "-c", cfg, "-o", target, width=400
    )
    assert code == 0, err
    line = _not_in(n, where)
    assert "PTTEN" not in line and "Kit" not in line
    assert flat(out + err).count(line) == 1, flat(out + err)
    # in the workbook's header block too: the LA reads the file alone
    assert any(line in c for c in _cells(target))


def test_cme_says_a_part_time_run_at_the_data_s_end_may_go_on_after_it(tmp_path):
    # no term dates: the 5 weekdays after Fri 2 Oct to Fri 9 Oct (the as-of date) may be
    # school days or a holiday.  PTEND N.C2 Mon 21 Sep-Fri 2 Oct is 10 days: listed, no
    # line; PTEIGHT N.C2 Wed 23 Sep-Fri 2 Oct is 8 days: 8 + 5 may reach 10, said
    days = school_days(D(2026, 9, 7), 20)
    rows = [
        {"upn": u, "date": d, "session": s, "mark": m}
        for u, marks in (("FILL", "/ " * 20), ("PTEND", "/ " * 10 + NC * 10),
                         ("PTEIGHT", "/ " * 12 + NC * 8))
        for d, t in zip(days, marks.split(), strict=True)
        for s, m in zip(("AM", "PM"), t.split(".") if "." in t else (t, t), strict=True)
    ]  # fmt: skip
    cfg = make_workspace(tmp_path / "ws")
    export = write_long_csv(register_rows(rows), tmp_path / "register.csv")
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-09", "-f", "csv", width=400
    )
    assert code == 0, err
    line = (
        "1 run of a part-time pupil (C2) absent at every other session reaches the end of the "
        "data, 02/10/2026, and may have gone on through the 5 weekdays (not bank holidays) "
        "to 09/10/2026, which with no term dates attcli cannot tell from a holiday "
        "(SurnamePTEIGHT, ForenamePTEIGHT (PTEIGHT), 8 school days to 02/10/2026): give the "
        "exports to 09/10/2026, or the term dates ([[calendar.half_terms]]), to count it"
    )
    assert flat(err).count(line) == 1
    # the file's one part-time row, said in the singular beside it
    rows = out.lstrip("\ufeff").splitlines()
    assert len(rows) == 2 and rows[1].startswith("PTEND,")
    assert (
        "the file's last row (List 'part-time (C2), absent at every other session') is a "
        "part-time pupil's run, after the runs of unexplained absence: "
    ) in flat(err)
