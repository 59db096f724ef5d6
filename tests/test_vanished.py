"""A pupil on record who is in none of this run's exports (DOMAIN.md 6 and 12): never
absorbed unsaid, and a temporary UPN replaced by the permanent one is said, with the
command that joins the two records (docs/decisions.md, "A pupil gone from the exports").

The registers are hand made (tests/builders.py), from Monday 7 September 2026 (d1; d6 =
Mon 14 Sep, d10 = Fri 18 Sep, d15 = Fri 25 Sep; d26 = Mon 12 Oct, d35 = Fri 23 Oct, the
half-term holiday 26-30 Oct, d36 = Mon 2 Nov, d45 = Fri 13 Nov).  The config's defaults:
bands green 92+, amber above 90, red above 50, severe below; no band under 10 possible
sessions; a penalty notice at 10 unauthorised sessions in 10 school weeks; the absence
group from 3 school days of unexplained absence; the LA return's runs from 10 days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def export(path: Path, reg: pl.DataFrame, upto: dt.date, *, groups: bool = False) -> Path:
    return write_long_csv(reg.filter(pl.col("date") <= upto), path, dob=True, groups=groups)


def check_json(config: Path, exp: Path, as_of: str, *args: str) -> tuple[dict, str]:
    code, out, err = run_cli("check", exp, "-c", config, "--as-of", as_of, "--format", "json",
                             *args)  # fmt: skip
    assert code == 0, err
    return json.loads(out), err


# --------------------------------------------------------------------------- vanished


#: The run recorded as of Fri 18 Sep (d1-d10), worked by hand:
#: ANNA present: 20/20, green, in no group; here both weeks.
#: ZED present d1-d5, N d6-d10: 10/20 = 50 %, not above 50: severe; 10 unauthorised
#: sessions in the window: the penalty-notice group; 5 school days of N: the absence
#: group.  Taken off roll: in no export after.
#: GREEN present: 20/20, green, in no group.  Gone too (left, an ordinary leaver).
#: LATE no row before d9, present d9-d10: 4/4, no band (under 10 sessions), in no group.
#: Gone too.
RUN = {
    "ANNA": days((10, P)),
    "ZED": days((5, P), (5, "N")),
    "GREEN": days((10, P)),
    "LATE": days((8, "!"), (2, P)),
}
GONE = "not in these exports (taken off roll, or a filtered export?); in the check recorded as of 18/09/2026: "


def test_pupils_of_the_last_run_in_none_of_these_exports_are_changes_by_name(ws, tmp_path):
    """A tester's "current pupils only" export left out a pupil taken off roll after 10
    days of N, red and at the penalty-notice threshold in the run before; the check said
    "No change since the run" (only the pupils of this week's data were compared).  Every
    pupil of the run not in these exports is a change now, named from the run's record,
    with what they were in then: the one in groups and, by the rule written down, those in
    none (a green pupil, one with no band yet): a child gone from the data is the change,
    whatever their figures were."""
    week1 = export(tmp_path / "week1.csv", register(RUN), D(2026, 9, 18))
    doc1, err = check_json(ws, week1, "2026-09-18", "--record")
    assert "recorded this check as of 18/09/2026 (no. 1 in the history)" in " ".join(err.split())
    figures = {p["upn"]: (p["attended"], p["possible"], p["band"], sorted(p["groups"]))
               for p in doc1["pupils"]}  # fmt: skip
    assert figures == {
        "ANNA": (20, 20, "green", []),
        "ZED": (10, 20, "severe", ["absence", "band:severe", "pn"]),
        "GREEN": (20, 20, "green", []),
        "LATE": (4, 4, None, []),
    }
    # week 3's cumulative export (to Fri 25 Sep): ANNA only, present all week
    week3 = export(tmp_path / "week3.csv", register({"ANNA": days((15, P))}), D(2026, 9, 25))
    doc, _ = check_json(ws, week3, "2026-09-25")
    assert doc["compared_with_run"]["as_of"] == "2026-09-18"
    assert doc["changes"] == [
        {"school": None, "upn": "GREEN", "kind": "not_in_exports",
         "detail": GONE + "green (20/20), in no group",
         "surname": "SurnameGREEN", "forename": "ForenameGREEN"},
        {"school": None, "upn": "LATE", "kind": "not_in_exports",
         "detail": GONE + "no band (4/4), in no group",
         "surname": "SurnameLATE", "forename": "ForenameLATE"},
        {"school": None, "upn": "ZED", "kind": "not_in_exports",
         "detail": GONE + "severe (10/20, 10 unauthorised), penalty-notice threshold, "
         "continuous unexplained absence",
         "surname": "SurnameZED", "forename": "ForenameZED"},
    ]  # fmt: skip
    # ZED's 10 N sessions of the run are not "N now with no mark" problems to fix in the MIS:
    # ZED is in none of these exports, which the change above says (once, not 10 times more)
    assert [q for q in doc["data_quality"] if q["kind"] == "n_unmarked"] == []
    code, out, err = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25", width=200)
    assert code == 0, err
    text = " ".join(out.split())
    assert "No change" not in text
    assert "Changed since the check as of 18/09/2026" in text
    assert ": 3 (3 not in these exports)" in text
    assert "SurnameZED, ForenameZED │ ZED │ not in the exports │" in text
    # a CSV lists pupils only: one line says so (the example: one who was in a group)
    code, _, err = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25", "-f", "csv")
    assert code == 0, err
    assert (
        "3 pupils of the check recorded as of 18/09/2026 are in none of these exports (taken off roll, "
        "or a filtered export?), e.g. ZED (SurnameZED, ForenameZED): the check's table "
        "and JSON list each with what they were in"
    ) in " ".join(err.split())


def test_a_pupil_still_in_the_exports_is_no_vanished_change(ws, tmp_path):
    """The boundary the other way: everyone of the run in this week's export (ANNA and
    GREEN present throughout: 20/20 then, 30/30 now, green) gives no ``not_in_exports``
    change, and a week with nothing changed still says "No change"."""
    reg = register({"ANNA": days((15, P)), "GREEN": days((15, P))})
    week1 = export(tmp_path / "week1.csv", reg, D(2026, 9, 18))
    check_json(ws, week1, "2026-09-18", "--record")
    week3 = export(tmp_path / "week3.csv", reg, D(2026, 9, 25))
    doc, _ = check_json(ws, week3, "2026-09-25")
    assert doc["changes"] == []
    code, out, _ = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25")
    assert "No change since the check as of 18/09/2026" in " ".join(out.split())


#: A whole-school run as of Fri 18 Sep (d1-d10), then a Year 8-only export: Year 8 is
#: E1-E4, here throughout, and F5 (8A, present d1-d10, gone: left); Year 7 A1-A5 (7A,
#: present, green, in no group); Year 9 Z01-Z12 (9A), each as ZED above: present d1-d5,
#: N d6-d10, 10/20 = 50 %: severe, 10 unauthorised sessions (the penalty-notice group),
#: 5 school days of N (the absence group).  Gone from the Year 8 export: F5, A1-A5 and
#: Z01-Z12, 18 pupils; Years 7 (5 of 5) and 9 (12 of 12) whole, F5 the 1 other of Year
#: 8; the 12 of Year 9 were in a group then, the first 10 by UPN Z01-Z10 listed.
WHOLE = {
    "8": {**{f"E{i}": days((10, P)) for i in range(1, 5)}, "F5": days((10, P))},
    "7": {f"A{i}": days((10, P)) for i in range(1, 6)},
    "9": {f"Z{i:02d}": days((5, P), (5, "N")) for i in range(1, 13)},
}


def test_a_filtered_export_is_one_line_naming_the_whole_groups_it_leaves_out(ws, tmp_path):
    """A Year 8-only export checked after a whole-school run listed each of the other
    pupils as a change of six lines at 80 columns (a school: a thousand).  Eighteen pupils
    of the run in none of the exports (10 or more) are one line naming the whole year and
    registration groups they make; only those in a group then are still listed (the
    safeguarding concern), the first 10 and how many more; the JSON keeps a row for
    each pupil."""
    whole = pl.concat([register(p, year_group=y) for y, p in WHOLE.items()])
    week2 = export(tmp_path / "week2.csv", whole, D(2026, 9, 18), groups=True)
    check_json(ws, week2, "2026-09-18", "--record")
    y8 = {u: days((15, P)) for u in ("E1", "E2", "E3", "E4")}
    week3 = export(tmp_path / "y8.csv", register(y8, year_group="8"), D(2026, 9, 25), groups=True)
    doc, _ = check_json(ws, week3, "2026-09-25")
    gone = [c["upn"] for c in doc["changes"] if c["kind"] == "not_in_exports"]
    assert len(gone) == 18 and len(doc["changes"]) == 18
    code, out, err = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25", width=200)
    assert code == 0, err
    text = " ".join(out.split())
    assert ": 18 (18 not in these exports)" in text
    assert (
        "18 pupils of the check recorded as of 18/09/2026 are in none of these exports: all of Years 7 "
        "and 9 and 1 other pupil (a filtered export?); those of them in a group then (12) are listed "
        "above, the first 10, and 2 more: --format json lists them"
    ) in text
    listed = [u for u in gone if f"│ {u} │" in out]
    assert listed == [f"Z{i:02d}" for i in range(1, 11)]
    # a CSV lists no changes: its one line names the groups too
    code, _, err = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25", "-f", "csv")
    assert code == 0, err
    assert (
        "18 pupils of the check recorded as of 18/09/2026 are in none of these exports: all of Years 7 "
        "and 9 and 1 other pupil (a filtered export?): the check's JSON lists each with what they "
        "were in"
    ) in " ".join(err.split())
    # a Year 9 without a pupil in a group: no row at all, the line says so
    calm = {y: {u: days((10, P)) for u in p} for y, p in WHOLE.items()}
    ws2 = make_workspace(tmp_path / "ws2", AUTUMN_HALF_TERMS)
    week2 = export(tmp_path / "calm.csv", pl.concat(
        [register(p, year_group=y) for y, p in calm.items()]), D(2026, 9, 18), groups=True)  # fmt: skip
    check_json(ws2, week2, "2026-09-18", "--record")
    code, out, err = run_cli("check", week3, "-c", ws2, "--as-of", "2026-09-25", width=200)
    assert code == 0, err
    text = " ".join(out.split())
    assert "not in the exports │" not in text
    assert (
        "Changed since the check as of 18/09/2026" in text
        and ": 18 (18 not in these exports) 18 pupils of the check recorded as of 18/09/2026 are in none "
        "of these exports: all of Years 7 and 9 and 1 other pupil (a filtered export?); none of "
        "them was in a group then: --format json lists them"
    ) in text


def test_nine_pupils_gone_are_still_a_row_each(ws, tmp_path):
    """The boundary: 9 pupils of the run in none of the exports (under 10) are each a row,
    as before, even a whole year group of them (Year 7, A1-A5)."""
    nine = {"8": {f"E{i}": days((10, P)) for i in range(1, 5)},
            "7": {f"A{i}": days((10, P)) for i in range(1, 6)},
            "9": {f"Z{i:02d}": days((10, P)) for i in range(1, 5)}}  # fmt: skip
    whole = pl.concat([register(p, year_group=y) for y, p in nine.items()])
    check_json(ws, export(tmp_path / "w2.csv", whole, D(2026, 9, 18), groups=True), "2026-09-18", "--record")
    y8 = {u: days((15, P)) for u in ("E1", "E2", "E3", "E4")}
    week3 = export(tmp_path / "y8.csv", register(y8, year_group="8"), D(2026, 9, 25), groups=True)
    code, out, err = run_cli("check", week3, "-c", ws, "--as-of", "2026-09-25", width=200)
    assert code == 0, err
    assert out.count("│ not in the exports │") == 9
    assert "pupils of the check recorded as of" not in out


# --------------------------------------------------------------------------- a new UPN


TEMP, PERM = "T99999999999A", "H801200001001"
#: KIT: N d26-d45 (Mon 12 Oct - Fri 13 Nov): 10 school days by Fri 23 Oct (the October
#: return), 20 when it ended (d36-d45 after the holiday: 10 more); present otherwise.
#: October's exports hold KIT under a temporary UPN, November's the whole history under
#: the permanent one; the surname, forename and date of birth are the same.
KIT = days((25, P), (20, "N"), (25, P))


BORN = D(2014, 10, 1)


def kit_register(upn: str, born: dt.date = BORN) -> pl.DataFrame:
    reg = register({"ANNA": days((70, P)), "KIT": KIT}, holidays=HOLIDAY, dob={"KIT": born})
    return reg.with_columns(
        pl.when(pl.col("upn") == "KIT").then(pl.lit(upn)).otherwise(pl.col("upn")).alias("upn")
    )


def hint(where: str) -> str:
    return (
        f"{TEMP} (a temporary UPN) on record in {where} is in none of these exports, and "
        f"{PERM} in them is new to the record with the same surname, forename and date of "
        "birth ('SurnameKIT, ForenameKIT', born 01/10/2014): if they are one child (a "
        f"temporary UPN replaced by the permanent one), run `attcli pupil merge {TEMP} "
        f"{PERM}` and run this again; attcli does not merge them itself (two children can "
        "share all three)"
    )


def la_return(config: Path, exp: Path, month: str) -> tuple[str, str]:
    code, out, err = run_cli("la-return", exp, "--month", month, "-c", config, "--output",
                             config.parent / f"{month}.csv", width=400)  # fmt: skip
    assert code == 0, err
    return " ".join(out.split()), " ".join(err.split())


def kit_rows(config: Path, month: str) -> list[tuple[str, ...]]:
    import csv

    text = (config.parent / f"{month}.csv").read_text(encoding="utf-8").lstrip("\ufeff")
    return [(r["Status"], r["UPN"], r["School days"], r["Days since last return"])
            for r in csv.DictReader(text.splitlines())]  # fmt: skip


def test_la_return_says_a_temporary_upn_replaced_and_the_merge_makes_one_run(ws, tmp_path):
    """A tester's November return listed the permanent UPN as a NEW run and the temporary
    one as ended (not in the exports), with nothing to say they were one child.  Now a
    line before the lists names both UPNs and the command; nothing is merged unasked.
    After `attcli pupil merge`, the return is one pupil, the run October reported followed:
    20 days, +10 since October (10 days d26-d35 by Fri 23 Oct; 20 by Fri 13 Nov), ended
    (back in school from Mon 16 Nov), not a NEW run beside an ended one."""
    oct_ = export(tmp_path / "oct.csv", kit_register(TEMP), D(2026, 10, 31))
    nov = export(tmp_path / "nov.csv", kit_register(PERM), D(2026, 11, 30))
    out, _ = la_return(ws, oct_, "2026-10")
    assert kit_rows(ws, "2026-10") == [("new", TEMP, "10", "")]
    assert "pupil merge" not in out
    # made as a dry run first: the hint, the two rows, nothing merged
    code, out, _ = run_cli("la-return", nov, "--month", "2026-11", "-c", ws, "--dry-run",
                           width=400)  # fmt: skip
    assert code == 0
    out = " ".join(out.split())
    assert hint("the return as of 23/10/2026") in out
    assert out.index("pupil merge") < out.index("NEW")
    code, out, err = run_cli("pupil", "merge", TEMP, PERM, "-c", ws)
    assert code == 0, err
    assert "1 LA return row," in out
    out, _ = la_return(ws, nov, "2026-11")
    assert "pupil merge" not in out
    assert kit_rows(ws, "2026-11") == [("ended", PERM, "20", "10")]


def test_the_same_names_with_another_date_of_birth_are_two_children(ws, tmp_path):
    """The boundary: the new UPN's child has the same surname and forename but another
    date of birth: not the same child, no line; the return lists both as before."""
    oct_ = export(tmp_path / "oct.csv", kit_register(TEMP), D(2026, 10, 31))
    nov = export(tmp_path / "nov.csv", kit_register(PERM, D(2014, 10, 2)), D(2026, 11, 30))
    la_return(ws, oct_, "2026-10")
    out, _ = la_return(ws, nov, "2026-11")
    assert "pupil merge" not in out
    assert sorted(kit_rows(ws, "2026-11")) == [("ended", TEMP, "10", ""), ("new", PERM, "20", "")]


def test_check_says_the_new_upn_beside_the_vanished_one_and_the_merge_makes_one(ws, tmp_path):
    """The check on the same pair said "joined" of the permanent UPN and called the
    temporary one's 20 N sessions a problem.  The temporary UPN's change (not in these
    exports) now names the permanent one and the command; after `attcli pupil merge`
    (which moves the run's record too) KIT is one pupil: no joined, no vanished, and the
    N of the run compare with the permanent UPN's marks (still N: nothing)."""
    oct_ = export(tmp_path / "oct.csv", kit_register(TEMP), D(2026, 10, 31))
    nov = export(tmp_path / "nov.csv", kit_register(PERM), D(2026, 11, 30))
    check_json(ws, oct_, "2026-10-23", "--record")
    doc, _ = check_json(ws, nov, "2026-11-13")
    mine = {c["upn"]: c for c in doc["changes"] if c["upn"] in (TEMP, PERM)}
    assert mine[PERM]["kind"] == "not_in_run"
    assert mine[TEMP]["kind"] == "not_in_exports"
    # (a cell of the changes table: the short form, the la-return's line says it whole)
    assert mine[TEMP]["detail"].endswith(
        f"; perhaps {PERM} (same name and birth date): attcli pupil merge {TEMP} {PERM}"
    )
    # at 80 columns the hint is 2 lines of the pupil's block (from "perhaps" to the second
    # UPN), read across the line (terminal.READ_WIDTH): it was 7 lines of a table's detail
    # cell, and 22 before that
    code, out, _ = run_cli("check", nov, "-c", ws, "--as-of", "2026-11-13", width=80)
    assert code == 0
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "perhaps" in line)
    last = next(i for i, line in enumerate(lines) if line.endswith(f"  {PERM}")) - 1
    assert last - first + 1 == 2, "\n".join(lines[first : last + 1])
    code, out, err = run_cli("pupil", "merge", TEMP, PERM, "-c", ws)
    assert code == 0, err
    assert "1 recorded check row\n" in out
    doc, _ = check_json(ws, nov, "2026-11-13")
    assert not [c for c in doc["changes"] if c["kind"] in ("not_in_run", "not_in_exports")]
    assert not [q for q in doc["data_quality"] if q["kind"] == "n_unmarked"]
    assert "pupil merge" not in json.dumps(doc)


def test_check_with_another_date_of_birth_gives_no_merge_line(ws, tmp_path):
    oct_ = export(tmp_path / "oct.csv", kit_register(TEMP), D(2026, 10, 31))
    nov = export(tmp_path / "nov.csv", kit_register(PERM, D(2014, 10, 2)), D(2026, 11, 30))
    check_json(ws, oct_, "2026-10-23", "--record")
    doc, _ = check_json(ws, nov, "2026-11-13")
    gone = next(c for c in doc["changes"] if c["upn"] == TEMP)
    assert gone["kind"] == "not_in_exports" and "pupil merge" not in gone["detail"]
