"""Sweep: faults earlier sweeps noticed and left (5 December (fifth), leftovers).

Item 1: a wide CSV line cut short in the middle of the file.  The register: five pupils,
Mon 07/09 - Fri 18/09/2026 (10 school days, 20 sessions), a wide export of a name, UPN and
year column then one column a session (23 cells a line; the header is line 1, pupil k's
line is k + 1).  Ashworth 20/20, Brown 18/20 (`I` Mon 14/09), Cole 19/20 (`N` Fri 18/09 PM),
Dunn and Evans 20/20 (the dialects sweep's register with two more pupils present
throughout).  A pupil read as leaving after their 14th session (Tue 15/09 PM, the first
14 sessions all present for Cole, Dunn and Evans) has 14/14.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_dialects import PUPILS, upn, wide_rows

FIVE = [*PUPILS, (upn(4), "Dunn", "Ada"), (upn(5), "Evans", "Ben")]
#: upn -> (attended, possible), worked out by hand (module docstring)
WHOLE = {upn(1): (20, 20), upn(2): (18, 20), upn(3): (19, 20), upn(4): (20, 20), upn(5): (20, 20)}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"), AUTUMN_HALF_TERMS)


def write(path: Path, head: list[str], body: list[list[str]]) -> None:
    """Each row as its cells are (a short row stays short: no empty cells added)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in [head, *body]:
        writer.writerow(row)
    path.write_text(buf.getvalue(), encoding="utf-8")


def check(path: Path, config: Path) -> tuple[int, dict | None, str]:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    return code, (json.loads(out) if code == 0 else None), err


def figures(got: dict) -> dict[str, tuple[int, int]]:
    return {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]}


def test_the_five_pupil_register_gives_the_figures_worked_by_hand(tmp_path, config):
    head, body = wide_rows(FIVE)
    assert [len(r) for r in body] == [23] * 5
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == WHOLE


def test_a_line_cut_short_mid_file_where_leavers_write_their_empty_cells_is_refused(
    tmp_path, config
):
    # Cole's line (line 4) is cut after her 14th session's cell (17 of 23 cells); the lines
    # above and below are whole, and Evans, who left after Wed 16/09 PM, has his four empty
    # cells written out (line 6): this writer writes empty cells, so line 4 is damage, not a
    # leaver (read as one it gave Cole 14/14 = 100% for 19/20, unsaid).
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    body[4][-4:] = ["", "", "", ""]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 1, got
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "r.csv" in lines[0] and "line 4" in lines[0], lines[0]
    assert "17 of the header row's 23 cells" in lines[0], lines[0]
    assert "cut short" in err


def test_a_lone_short_line_with_no_sign_of_the_writer_is_read_as_a_leaver_and_said(
    tmp_path, config
):
    # The same cut with no line that writes its empty cells out: a writer that leaves a
    # leaver's empty cells off (a script, a tool) would write this line so too.  Read as
    # leaving after the 14th session (Cole: 14/14), and said in one line naming the file and
    # line, so an officer who knows she is on roll sees it.
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    said = [w for w in got["warnings"] if "fewer cells than the header" in w]
    assert len(said) == 1, got["warnings"]
    assert "r.csv" in said[0] and "line 4" in said[0] and "cut short" in said[0], said
    assert upn(3) not in said[0]  # (a load's note may reach the summary: no UPN in it)


def test_a_lone_short_line_of_a_pupil_a_pupil_list_keeps_on_roll_is_missing_marks(
    tmp_path, config
):
    # The same cut, with a pupil list (admission 07/09/2026, no leaving date): the list
    # decides the time on roll (DOMAIN.md 1), so Cole's six sessions after the cut (Wed 16
    # - Fri 18 Sep) are missing marks, out of possible and counted (14/14, 6 missing), and
    # the line is still said.
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    write(tmp_path / "r.csv", head, body)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Admission Date\n"
        + "".join(f"{u},{sn},{fn},07/09/2026\n" for u, sn, fn in FIVE),
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "check", "--format", "json", tmp_path / "r.csv", "--config", config,
        "--as-of", "2026-09-18", "--pupils", pupils,
    )  # fmt: skip
    assert code == 0, err
    got = json.loads(out)
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    (cole,) = [p for p in got["pupils"] if p["upn"] == upn(3)]
    assert cole["missing_marks"] == 6, cole
    assert [w for w in got["warnings"] if "fewer cells than the header" in w], got["warnings"]


def test_excel_s_short_lines_in_a_block_are_read_as_leavers_unsaid(tmp_path, config):
    # Excel leaves off the empty cells at the end of a block of rows when none in the block
    # has a value there: two leavers side by side (Dunn and Evans after their 14th session)
    # are written 17 cells each.  Leavers, silently: 14/14 each.
    head, body = wide_rows(FIVE)
    body[3] = body[3][:17]
    body[4] = body[4][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(4): (14, 14), upn(5): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]


def test_a_leaver_s_empty_cells_written_out_are_read_unsaid(tmp_path, config):
    # Cole left after her 14th session, her six empty cells written out: a leaver, 14/14,
    # as DOMAIN.md 1 says, with nothing to say.
    head, body = wide_rows(FIVE)
    body[2][-6:] = [""] * 6
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]


# ---------------------------------------------------------------------------------------
# Item 2: after a forced `pupil forget`, the next notice quoted by `pn list`, `check` and
# `letters` rests on the notices on record alone.  Mrs J Doyle's notice of 18/09/2026
# about A123456789011 (test_notices' pupil: 10 days N from 14/09, so 20 unauthorised
# sessions in the 10 school weeks to 02/10/2026, at the threshold) counts toward the next
# until 18/09/2029 (DOMAIN.md 5: 3 years).  The pupil's records are deleted with --force
# (a parent's request) and the pupil stays on roll: the history now knows no notice, so
# each quotes a first where, if the deleted one was to this parent, it is a second.


def _forced(tmp_path: Path) -> tuple[Path, Path, Path]:
    from test_cli import write_export
    from test_notices import MARKS, UPN, contacts, record

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(tmp_path / "register.csv", {UPN: MARKS})
    book = contacts(tmp_path, "J")
    assert record(school, export, book, "Mrs J Doyle", "2026-09-18")[0] == 0
    code, out, err = run_cli("pupil", "forget", UPN, "-c", school, "--force", "--yes")
    assert code == 0, err
    return school, export, book


def test_pn_list_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    # The office records the notice of 02/10/2026 anyway (pn record warns); `pn list` on
    # 31/08/2027 (tests' today) quotes "a notice today would be" a second from the one
    # notice on record: if the deleted one was Mrs Doyle's, no third may be issued
    # (alternative action).  Said in one line beside the table, and in the JSON.
    from test_notices import UPN, record

    school, export, book = _forced(tmp_path)
    code, out, err = record(
        school, export, book, "Mrs J Doyle", "2026-10-02", "--as-of", "2026-10-02"
    )
    assert code == 0, err
    code, out, err = run_cli("pn", "list", "-c", school)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "second" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said
    code, out, err = run_cli("pn", "list", "-c", school, "--json")
    assert code == 0, err
    (row,) = json.loads(out)
    assert row["upn"] == UPN
    assert "pupil forget" in row["deleted_notice"] and "18/09/2029" in row["deleted_notice"]


def test_pn_list_says_nothing_of_a_forgetting_that_deleted_no_counting_notice(tmp_path):
    from test_cli import write_export
    from test_notices import MARKS, UPN, contacts, record

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(tmp_path / "register.csv", {UPN: MARKS})
    book = contacts(tmp_path, "J")
    assert record(school, export, book, "Mrs J Doyle", "2026-09-18")[0] == 0
    code, out, err = run_cli("pn", "list", "-c", school, "--json")
    assert code == 0, err
    assert json.loads(out)[0]["deleted_notice"] is None


def test_check_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    from test_notices import UPN

    school, export, _ = _forced(tmp_path)
    code, out, err = run_cli(
        "check", export, "-c", school, "--as-of", "2026-10-02", "--format", "json"
    )
    assert code == 0, err
    (pupil,) = [p for p in json.loads(out)["pupils"] if p["upn"] == UPN]
    text = pupil["pn_next_notice"]
    assert text.startswith("next notice: first"), text
    assert "pupil forget" in text and "18/09/2029" in text, text


def test_the_pupil_record_after_a_counting_notice_was_deleted_with_force_says_so(tmp_path):
    # `attcli pupil` lists the notices on record (none now) and the next notice to each
    # parent on record: the forgetting is said under them, as pn next says it.
    from test_notices import UPN

    school, export, _ = _forced(tmp_path)
    code, out, err = run_cli(
        "pupil", UPN, export, "-c", school, "--as-of", "2026-10-02", width=200
    )
    assert code == 0, err
    said = " ".join(out.split())
    assert "Penalty notices on record: 0" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said


def test_letters_quoting_a_notice_after_a_counting_notice_was_deleted_say_so(tmp_path):
    school, export, book = _forced(tmp_path)
    code, out, err = run_cli(
        "letters", export, "--contacts", book, "-c", school, "--as-of", "2026-10-02",
        "--dry-run", "--include-held",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "penalty_notice_warning" in said, said
    assert "pupil forget" in said and "18/09/2029" in said, said


# ---------------------------------------------------------------------------------------
# Item 3: the notes made as the register is compacted (a date of birth, a year group or a
# name that differs between a pupil's rows) were said by check, report and letters but
# not by `summary`: it copied the load's notes before they were made.


def test_summary_says_the_notes_made_as_the_register_is_compacted(tmp_path):
    # Pupil ...011's date of birth is 01/10/2014 on every row but the last, 02/10/2014:
    # check says "1 pupil's date of birth differs between rows ... check the MIS".  The
    # summary's terminal (staff's own screen, where its other notes name pupils and files)
    # says it too; the document (for the trust's leaders) carries no note, as before.
    from test_cli import write_export

    school = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_export(
        tmp_path / "register.csv",
        {"A123456789011": " ".join(["/\\"] * 10), "A123456789012": " ".join(["/\\"] * 10)},
    )
    lines = export.read_text(encoding="utf-8").splitlines()
    assert lines[20].startswith("A123456789011") and "01/10/2014" in lines[20]
    lines[20] = lines[20].replace("01/10/2014", "02/10/2014")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("check", export, "-c", school, "--format", "json")
    assert code == 0, err
    assert any("date of birth differs" in w for w in json.loads(out)["warnings"]), out
    target = tmp_path / "school.summary.json"
    code, out, err = run_cli("summary", export, "-c", school, "-o", target)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "date of birth differs between rows" in said, said
    assert "A123456789011" not in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Item 4: a pupil who left the ladder improved in an earlier run is listed nowhere in
# `cases` (status none), while `letters` holds their band's letter for review (it would
# put them on the ladder again) and `check` says so.  tests/test_cases_held.py's D (seed
# 004's ladder, attcli's bands): O Mon 7 - Thu 10 Sep, every other day present; the review
# meeting recorded Mon 5 Oct; its period 5 Oct - 1 Nov 100 % against 80 %: improved, D
# leaves the ladder on Sun 1 Nov.  The run as of Fri 13/11 (recorded) lists D as "left".
# Wed 18/11 (48 days, 96 sessions): 88/96 = 91.67 %, amber (above 90 %, below 92 %); since
# leaving (Mon 2 - Wed 18 Nov, 13 days) 26/26 = 100 %: nothing due on the ladder, and
# `letters` holds the amber letter.  E, the same marks never on the ladder: the letter
# step is due (listed as ever), nothing held.


def test_cases_lists_a_band_letter_held_for_a_pupil_who_left_the_ladder_in_an_earlier_run(
    tmp_path,
):
    from test_cases_held import P, cases_json, days, held_by_letters, letters, school

    marks = days(days("O", n=4), days(P, n=44))
    ws, exp, contacts = school(tmp_path, {"D": marks, "E": marks})
    assert cases_json(ws, exp, "2026-10-02")["D"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "D", "--action", "review_meeting", "--date",
                           "2026-10-05", "-c", ws)  # fmt: skip
    assert code == 0, err
    assert cases_json(ws, exp, "2026-11-13")["D"]["status"] == "left"  # (recorded)
    why = (
        "left the ladder improved on 01/11/2026; since then 100.0% (26/26 sessions) and "
        "nothing due on the ladder: the amber letter would put the pupil on it again"
    )
    assert held_by_letters(letters(ws, exp, contacts, "2026-11-18")) == {"D": why}

    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-18", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert "D" not in {c["upn"] for c in doc["cases"]}  # (off the ladder: no case)
    assert [(h["upn"], h["letter"]) for h in doc["held_off_ladder"]] == [("D", "amber")]
    assert why in doc["held_off_ladder"][0]["held"]
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-18", width=200)
    assert code == 0, err
    text = " ".join(out.replace("│", " ").split())
    assert "band letter held for review" in text and "SurnameD" in text and why in text, text
    assert "--release D" in text


# ---------------------------------------------------------------------------------------
# Item 5: `Calendar.is_the_year` with a first half term beginning on 30 September exactly.
# The coverage reads a school year's configured half terms as giving the year from
# September when the first begins by 30 September (else "the summer's only": the weekdays
# before them not known); `is_the_year` must read them the same way, or a period from the
# term dates' first school day would be the year to the coverage and not to the "can
# miss" number.  Decided: 30 September is in September (one rule, shared).
#
# Term dates: Autumn 1 Wed 30 Sep - Fri 23 Oct 2026, Autumn 2 2 Nov - 18 Dec, Spring 1
# 4 Jan - 12 Feb 2027, Spring 2 22 Feb - 26 Mar, Summer 1 12 Apr - 28 May, Summer 2 7 Jun
# - 21 Jul.  P present Wed 30 Sep - Tue 13 Oct (10 days): 20 of 20, green.  School days
# left after 13 Oct: 8 (14-23 Oct) + 35 + 30 + 24 (25, less Good Friday 26 Mar) + 34 (35,
# less Mon 3 May) + 33 (7 Jun - 21 Jul) = 164, 328 sessions; the year 348.  To end it
# green (at least 92 %): (348 - k) * 100 >= 92 * 348 = 32,016, k at most 27.  `--from 30
# Sep` (the year's first school day by the term dates) is the year to date: 27, as the
# default period from 1 September gives (with `<` for `<=` it was none).


def _late_terms(first):
    import dataclasses
    import datetime as dt

    from attcli.config import Config, HalfTerm

    d = dt.date
    return dataclasses.replace(
        Config(),
        half_terms=(
            HalfTerm("Autumn 1", first, d(2026, 10, 23)),
            HalfTerm("Autumn 2", d(2026, 11, 2), d(2026, 12, 18)),
            HalfTerm("Spring 1", d(2027, 1, 4), d(2027, 2, 12)),
            HalfTerm("Spring 2", d(2027, 2, 22), d(2027, 3, 26)),
            HalfTerm("Summer 1", d(2027, 4, 12), d(2027, 5, 28)),
            HalfTerm("Summer 2", d(2027, 6, 7), d(2027, 7, 21)),
        ),
    )


def test_a_first_half_term_on_30_september_gives_the_year_from_september():
    import datetime as dt

    from attcli.engine import evaluate
    from builders import pupil, register

    first = dt.date(2026, 9, 30)
    cfg = _late_terms(first)
    reg = register({"P": " ".join(["/\\"] * 10)}, start=first)
    ev = evaluate(reg, cfg)
    assert list(ev.sessions_left.values()) == [328]
    p = pupil(ev, "P")
    assert (p["attended"], p["possible"], p["band"], p["can_miss_sessions"]) == (
        20, 20, "green", 27,
    )  # fmt: skip
    assert pupil(evaluate(reg, cfg, period_start=first), "P")["can_miss_sessions"] == 27
    assert ev.calendar.is_the_year(first, dt.date(2026, 10, 13), cfg)


def test_the_coverage_and_the_year_read_30_september_alike():
    import datetime as dt

    from attcli.coverage import terms_give_the_year_from_september

    year = dt.date(2026, 9, 1)
    assert terms_give_the_year_from_september(dt.date(2026, 9, 30), year)
    assert not terms_give_the_year_from_september(dt.date(2026, 10, 1), year)
