"""Tests written by the mutnew sweep: each kills a mutant of the code the seventh round
added (the part-time CME section of sweep cmept, and leftovers7's items) that the round's
own tests let live.  Every answer is worked by hand from DOMAIN.md 6 and the lead's
decisions (docs/decisions.md, sweeps cmept and leftovers7).

The registers (tests/builders.py) run from Mon 7 Sep 2026: 7-11 Sep, 14-18 Sep, 21-25 Sep.
"""

from __future__ import annotations

import datetime as dt
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"
NC = "N.C2"  # absent (N) in the morning, C2 (part-time timetable) in the afternoon
AS_OF = "2026-09-25"


def _export(tmp_path, pupils: dict[str, str]):  # noqa: ANN001, ANN202
    reg = register(pupils, start=dt.date(2026, 9, 7))
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def _cme(tmp_path, pupils: dict[str, str], *args: str) -> dict:  # noqa: ANN001
    export, config = _export(tmp_path, pupils)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_a_part_time_run_at_the_pupil_s_last_possible_day_is_followed_by_the_days_after_it(
    tmp_path,
):
    # The part-time runs are described by the runs' own steps (decision 1), the days after
    # a run at the pupil's last possible day included (engine._AT_END_KINDS):
    # GAPEND: N/C2 14-23 Sep (8 school days), then no mark at all on Thu 24 and Fri 25:
    #   8 days seen + 2 with no mark after = may be 10: listed at 10, the run 8 days
    # DEND: N/C2 14-23 Sep (8 days), then D (not possible) on 24 and 25 Sep: 8 days, 2 days
    #   not possible after it (neither count nor break: still absent), listed at 8
    pupils = {
        "GAPEND": " ".join([P] * 5 + [NC] * 8 + ["-"] * 2),
        "DEND": " ".join([P] * 5 + [NC] * 8 + ["D"] * 2),
        "FINE": " ".join([P] * 15),  # (24 and 25 Sep are school days)
    }
    at10 = {r["upn"]: r for r in _cme(tmp_path, pupils)["part_time_runs"]}
    assert set(at10) == {"GAPEND"}
    gap = at10["GAPEND"]
    assert (gap["run_start"], gap["run_end"], gap["run_days"], gap["unmarked_days"]) == (
        "2026-09-14", "2026-09-23", 8, 2
    )
    assert gap["unmarked_within_days"] == 0  # (after the run: not also in or next to it)
    at8 = {r["upn"]: r for r in _cme(tmp_path, pupils, "--days", "8")["part_time_runs"]}
    d = at8["DEND"]
    assert (d["run_days"], d["not_possible_days"], d["not_possible_codes"]) == (8, 2, ["D"])


def test_a_stray_day_neither_counts_toward_nor_breaks_a_part_time_run(tmp_path):
    # A day on which only a handful of pupils have marks is no school day (DOMAIN.md 12),
    # so it neither counts toward a run nor breaks one (DOMAIN.md 6), a part-time run too
    # (decision 1: "a stray day ... neither counts nor breaks"). Wed 16 Sep: only STRAYPT has
    # marks (1 of 21 pupils), present; its N/C2 days are Fri 11, Mon 14, Tue 15, then
    # Thu 17 - Fri 25 (7): 10 school days in a row, listed at 10. Were the stray day read,
    # the present day would break it into 3 and 7 days, neither listed.
    fine = {f"FINE{i:02d}": " ".join([P] * 7 + ["!"] + [P] * 7) for i in range(20)}
    pupils = {"STRAYPT": " ".join([P] * 4 + [NC] * 3 + [P] + [NC] * 7), **fine}
    doc = _cme(tmp_path, pupils)
    assert [(r["upn"], r["run_start"], r["run_end"], r["run_days"])
            for r in doc["part_time_runs"]] == [("STRAYPT", "2026-09-11", "2026-09-25", 10)]  # fmt: skip


def test_the_check_s_part_time_line_counts_a_pupil_once_by_their_longest_run(tmp_path):
    # [cme] days = 4 and codes N and O (the school's own). TWO: N/C2 Wed 9 - Mon 14 Sep
    # (4 days), present Tue 15, N/C2 Wed 16 - Fri 25 (8 days): two runs listed, one child,
    # counted once by the longer. ONE: N/C2 Fri 18 - Fri 25 (6 days). So 2 pupils, the
    # longest TWO's 8 days; the codes said as the school sets them, "N or O".
    pupils = {
        "TWO": " ".join([P] * 2 + [NC] * 4 + [P] + [NC] * 8),
        "ONE": " ".join([P] * 9 + [NC] * 6),
        "FINE": " ".join([P] * 15),
    }
    export, config = _export(tmp_path, pupils)
    config.write_text(
        AUTUMN_HALF_TERMS + '\n[cme]\ndays = 4\ncodes = ["N", "O"]\n', encoding="utf-8"
    )
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    (line,) = [w for w in json.loads(out)["warnings"] if "part-time" in w]
    # (what follows the longest run, why the absence group leaves them out, is
    # test_sweep_cmept's)
    assert line.startswith(
        "2 part-time pupils (C2) absent (N or O) at every other session of 4+ school days "
        "in a row (the longest: SurnameTWO, ForenameTWO (TWO), 8 school days to "
        "25/09/2026): "
    ), line
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert sorted((r["upn"], r["run_days"]) for r in doc["part_time_runs"]) == [
        ("ONE", 6), ("TWO", 4), ("TWO", 8)
    ]
    assert "N or O" in doc["part_time_rule"], doc["part_time_rule"]


def test_a_register_with_no_part_time_run_keeps_the_json_keys_and_prints_no_section(tmp_path):
    # the keys are always there (a reader tells none from not looked for: decision 1);
    # the table's section is printed only when it has a row
    pupils = {"ORD": " ".join([P] * 5 + ["N"] * 10), "FINE": " ".join([P] * 15)}
    doc = _cme(tmp_path, pupils)
    assert doc["part_time_runs"] == []
    assert doc["part_time_rule"].startswith("A part-time pupil's day counts")
    export, config = _export(tmp_path, pupils)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, width=160)
    assert code == 0, err
    assert "ORD" in out
    assert "Part-time" not in out and "part-time" not in out + err


def test_four_dated_columns_that_are_no_session_name_three_and_count_the_rest(tmp_path):
    # leftovers7's note names the first three such columns, "and N more" for the rest:
    # Mon's Reg, P1, P2 (columns 6-8, after Mon AM 4 and PM 5) and Wed's Reg (column 13,
    # after Tue 9-10 and Wed 11-12): three named and 1 more; Ash's N in them is not counted
    from clirun import check_json
    from test_sweep_leftovers7 import _wide_with

    path = _wide_with(
        tmp_path, {"Mon 07/09/2026": ["Reg", "P1", "P2"], "Wed 09/09/2026": ["Reg"]}, "four.csv"
    )
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 0, err
    ash = next(p for p in result["pupils"] if p["upn"] == "A999100000001")
    assert (ash["possible"], ash["attended"], ash["unauthorised"]) == (10, 10, 0)
    assert (
        "4 columns are headed by a date and a word that is no session ('Mon 07/09/2026 Reg' "
        "(column 6), 'Mon 07/09/2026 P1' (column 7), 'Mon 07/09/2026 P2' (column 8) and 1 "
        "more): a registration period's or a lesson's registers"
    ) in " ".join(err.split()), err


def test_a_dated_column_that_is_no_session_on_a_day_with_no_session_column_is_refused(tmp_path):
    # Wed 09/09/2026 has no AM and no PM column, only 'Wed 09/09/2026 Reg' (column 8, after
    # Mon's AM and PM, 4-5, and Tue's, 6-7): its marks
    # may be that day's register under another name (Ash's N in it); leftovers7's decision
    # refuses such a column "on a day whose AM or PM has no column", and a day with neither
    # is such a day. It was read as no register that day, the N lost and nothing said
    # (found by a mutant of `_dated_non_sessions`: `date in days and lacking`).
    from clirun import check_json, one_line
    from test_sweep_leftovers7 import _wide_with

    day = "Wed 09/09/2026"
    path = _wide_with(tmp_path, {day: ["Reg"]}, "noday.csv", drop={f"{day} AM", f"{day} PM"})
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None, err
    line = one_line(err)
    assert "noday.csv, line 1:" in line, line
    assert (
        "the column 'Wed 09/09/2026 Reg' (column 8) is headed by a date and 'Reg', which is "
        "no session, on a day with no AM or PM column: its marks may be that day's "
        "register, which attcli would leave out"
    ) in line, line


def test_the_part_time_section_says_the_lines_by_its_runs_and_its_pupils_missing_contacts(
    tmp_path,
):
    # decision 1: the section's runs are described as the runs are, and the contacts' gaps
    # line names its pupils too. GAPEND: N/C2 14-23 Sep (8 days), then no mark 24-25 Sep:
    # listed at 10 (8 + 2), and by it the line "no mark since" its last mark, 23/09/2026,
    # as a run's. ORD: N 14-25 Sep, a run. Neither is in the contacts export (FINE alone):
    # 2 pupils listed without a priority contact.
    from school import contacts_file

    pupils = {
        "GAPEND": " ".join([P] * 5 + [NC] * 8 + ["-"] * 2),
        "ORD": " ".join([P] * 5 + ["N"] * 10),
        "FINE": " ".join([P] * 15),
    }
    export, config = _export(tmp_path, pupils)
    contacts = contacts_file(tmp_path / "contacts.csv", [("FINE", "C1", "Mrs", "Ann", "Fine")])
    code, out, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "--contacts", contacts, width=400
    )
    assert code == 0, err
    section = out[out.index("Part-time pupils (C2) absent at every other session"):]
    said = [ln for ln in section.splitlines() if ln.startswith("SurnameGAPEND, ForenameGAPEND")]
    assert len(said) == 1 and "23/09/2026" in said[0], section
    assert (
        "2 pupils listed have no priority contact: GAPEND (not in the contacts export), ORD "
        "(not in the contacts export)"
    ) in " ".join((out + err).split()), out + err


def _stamps_book(tmp_path, name: str):  # noqa: ANN001, ANN202
    """leftovers7's xlsx week with a 'Session' column of Excel date-times (08:45, 13:30)."""
    from test_sweep_leftovers7 import _book

    def stamp(d, s):  # noqa: ANN001, ANN202
        return dt.datetime.combine(d, dt.time(8, 45) if s == "AM" else dt.time(13, 30))

    return _book(tmp_path, name, header="Session", form=stamp)


def test_a_session_column_the_school_named_in_columns_is_not_read_as_date_and_time(tmp_path):
    # "A field the school named in [columns] is never second-guessed" (the loader's rule):
    # with [columns] session = "Session" the column is the session, whatever its cells, so
    # its date-times are not read as each session's date and start (leftovers7's reading
    # is for a column attcli found by its header): no date column, refused in one line
    # saying so (not "[columns] maps session to 'Session', but ... no such column").
    # Without the line, the same sheet is read (leftovers7's test: the hand figures).
    from clirun import check_json, one_line

    path = _stamps_book(tmp_path, "named.xlsx")
    (tmp_path / "attcli.toml").write_text('[columns]\nsession = "Session"\n', encoding="utf-8")
    code, result, err = check_json(path, "-c", tmp_path / "attcli.toml", as_of="2026-09-11")
    assert code == 1 and result is None, err
    line = one_line(err)
    assert "named.xlsx, row 1: no header row found" in line and "missing date" in line, line
    assert "no such column" not in line, line
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 0, err


def test_a_csv_s_date_and_session_cell_written_as_a_timestamp_is_not_called_an_excel_cell(
    tmp_path,
):
    # leftovers7 says "an Excel date cell" of a workbook's date cell; a CSV has no such
    # cell, so the same text in a CSV ('2026-09-08 00:00:00', row 5: Ash's Tue 08/09 AM) is
    # refused as the text it is, in one line naming the row and the column, without
    # "Excel" and without a date typed back to the officer as if read from a cell.
    from clirun import check_json, one_line

    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    rows = ["UPN,Surname,Forename,Session,Mark"]
    for n, r in enumerate(reg.iter_rows(named=True), start=2):
        cell = "2026-09-08 00:00:00" if n == 5 else f"{r['date']:%d/%m/%Y} {r['session']}"
        rows.append(f"{r['upn']},{r['surname']},{r['forename']},{cell},{r['raw_mark']}")
    path = tmp_path / "stamp.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None, err
    line = one_line(err)
    assert "stamp.csv, line 5:" in line and "(column 'Session')" in line, line
    assert "Excel" not in line and "type the cell as text" not in line, line


def test_the_workbook_s_part_time_rows_hold_date_cells_as_the_runs_rows_do(tmp_path):
    # decision 1: the workbook's part-time rows follow the runs' "the same columns": a date
    # an Excel date cell (sortable, filterable), a year group a number, in both. TEN's run
    # 14/09/2026 - 25/09/2026, last attended 11/09/2026; ORDINARY's from 14/09/2026.
    from openpyxl import load_workbook

    from test_sweep_cmept import _part_time_export

    export, config = _part_time_export(tmp_path)
    out = tmp_path / "cme.xlsx"
    code, _, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-o", out)
    assert code == 0, err
    rows = [[c.value for c in r] for r in load_workbook(out).active.iter_rows()]
    header, by_upn = rows[0], {r[0]: r for r in rows[1:] if r[0]}
    ordinary, ten = by_upn["ORDINARY"], by_upn["TEN"]
    for i, name in enumerate(header):
        assert type(ordinary[i]) is type(ten[i]) or None in (ordinary[i], ten[i]), name
    dates = {v for v in ten if isinstance(v, dt.datetime)}
    assert {dt.datetime(2026, 9, 14), dt.datetime(2026, 9, 25), dt.datetime(2026, 9, 11)} <= dates


def test_a_session_column_of_date_times_beside_a_start_time_column_is_not_read_as_one(
    tmp_path,
):
    # leftovers7's decision reads a 'Session' column of date-times as each session's start
    # only "with no date or time column": beside a 'Start Time' column two cells would say
    # the time, and which to believe where they differ is not decided, so the sheet is
    # refused (no date column, the [columns] lines to add after it), as before leftovers7.
    import openpyxl

    from clirun import check_json

    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UPN", "Surname", "Forename", "Session", "Start Time", "Mark"])
    for r in reg.iter_rows(named=True):
        tm = dt.time(8, 45) if r["session"] == "AM" else dt.time(13, 30)
        when = dt.datetime.combine(r["date"], tm)
        ws.append([r["upn"], r["surname"], r["forename"], when, f"{tm:%H:%M}", r["raw_mark"]])
    path = tmp_path / "both.xlsx"
    wb.save(path)
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None, err
    line = err.strip().splitlines()[0]  # (then the [columns] lines it suggests)
    assert "both.xlsx, row 1: no header row found" in line and "missing date" in line, line
