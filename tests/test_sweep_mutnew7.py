"""Sweep of 6 December (fourth), mutnew7: mutation testing of the day's new decision code.

Each test kills a mutant no earlier test killed (the table in docs/decisions.md, heading
"... (sweep of 6 December (fourth), mutnew7)"); the answers are worked by hand from
DOMAIN.md and from what a shell reads.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from attcli import output
from attcli.errors import sentence
from attcli.output import command_arg, note_cell


def test_a_note_begun_with_a_word_then_a_file_s_longer_name_is_begun_as_a_sentence() -> None:
    """errors.sentence keeps a note small when it begins with a file's name, and only
    then: "keep autumn.csv.bak ..." begins with a verb, the file's name ending in .bak,
    not .csv (the ending must end the name: the mutant without the look-ahead read
    "keep autumn.csv" as a name and left the sentence small)."""
    assert sentence("keep autumn.csv.bak as it is") == "Keep autumn.csv.bak as it is"
    assert sentence("autumn (1).csv holds the same bytes") == "autumn (1).csv holds the same bytes"


def _bash_reads(word: str) -> str:
    """What bash makes of ``word`` as one argument (printf's %s of it, as bytes)."""
    got = subprocess.run(
        ["bash", "-c", f"printf %s {word}"], capture_output=True, check=True
    ).stdout
    return got.decode("utf-8", "surrogateescape")


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
@pytest.mark.parametrize(
    "path",
    [
        "/tmp/it's\nhere",  # a quote and a backslash beside a line break
        "C:\\x\tdata\\it's",
        "/tmp/a\x80b",  # a C1 control: \\u0080, not the byte \\x80
        "/tmp/line\u2028sep and\u00a0nbsp",  # a Unicode line separator, a no-break space
        "/tmp/tag\U000e0001bad",  # a format character past U+FFFF, a hex letter after it
    ],
)
def test_a_path_with_a_control_in_a_command_to_paste_is_one_line_and_names_that_path(
    monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    """output.command_arg's $'...' form: bash reads the word back as the very path (a
    quote or a backslash in it escaped, else the word ends early or a \\n is read as a
    line break's escape; U+0080 as \\u0080, as \\x80 is a byte that is no character), and
    the word shows on one line, holding nothing but printable ASCII and spaces (a raw
    U+2028 is a line break to a terminal that shows it)."""
    monkeypatch.setattr(output, "WINDOWS", False)
    word = command_arg(path)
    assert word.startswith("$'") and word.endswith("'")
    assert all(" " <= c <= "~" for c in word), word
    assert _bash_reads(word) == path


def test_a_note_in_a_workbook_cell_that_reads_as_a_formula_is_made_safe() -> None:
    """output.note_cell is safe_cell's defence too: a note beginning "=" (an export's
    file or school name at its start) is given an apostrophe before it, so a spreadsheet
    shows it and runs nothing; a plain note is begun as a sentence."""
    assert note_cell("=HYPERLINK(\"http://x\",\"y\") holds marks") == (
        "'=HYPERLINK(\"http://x\",\"y\") holds marks"
    )
    assert note_cell("register problems from 1 export") == "Register problems from 1 export"
    assert note_cell(3) == 3


def test_a_stage_with_no_title_is_named_by_its_key_in_words(tmp_path) -> None:
    """config's ladder: a stage given no ``title`` is titled by config.letter_name of its
    name, "la_referral" -> "la referral" (the title staff read), its name kept as the key."""
    from attcli.config import load_config
    from school import HALF_TERM_LADDER, make_workspace

    config = load_config(make_workspace(tmp_path / "ws", HALF_TERM_LADDER))
    stages = {s.name: s.title for s in config.ladder.stages}
    assert stages["la_referral"] == "la referral"
    assert stages["amber"] == "amber"


PRESENT = "/\\"


def _short_note(tmp_path, weeks: list[str], *more: str, start: str = "2026-09-07") -> str:
    """The check's stderr, joined to one line, of two pupils present on the school days
    from ``start`` (Mon 7 Sep 2026), ``weeks`` five school days each: "P" present, "-" no
    row; a "P2" two days present (a week begun on a Thursday)."""
    import datetime as dt

    from builders import register, write_long_csv
    from clirun import run_cli

    marks = " ".join(
        " ".join([PRESENT if w[0] == "P" else "!"] * (int(w[1:]) if w[1:] else 5)) for w in weeks
    )
    reg = register({"U00": marks, "U01": marks}, start=dt.date.fromisoformat(start))
    export = write_long_csv(reg, tmp_path / "r.csv")
    code, _, err = run_cli("check", export, "--format", "json", *more)
    assert code == 0, err
    return " ".join(err.split())


def test_a_two_week_half_term_before_a_two_week_gap_is_said_with_weeks_in_the_plural(
    tmp_path,
) -> None:
    """engine._short_half_term_note: Autumn 1 inferred as Mon 7 to Fri 18 Sep (2 school
    weeks, fewer than 3), the weeks of 21 and 28 Sep with no session, Autumn 2 from Mon 5
    Oct (DOMAIN.md 10): said, "2 school weeks", "the weeks ... were"."""
    said = _short_note(tmp_path, ["P", "P", "-", "-", "P"])
    assert (
        "Autumn 1 is 2 school weeks long (07/09/2026 to 18/09/2026), and the weeks with no "
        "session after it (21/09/2026 to 02/10/2026) were taken as its holiday, Autumn 2 "
        "from 05/10/2026; no half term is that short"
    ) in said, said


def test_a_three_week_half_term_is_long_enough_to_say_nothing(tmp_path) -> None:
    """Autumn 1 inferred as three school weeks (7 to 25 Sep), a week with no session,
    Autumn 2 from 5 Oct: 3 weeks is SHORTEST_HALF_TERM_WEEKS, no note."""
    said = _short_note(tmp_path, ["P", "P", "P", "-", "P"])
    assert "no half term is that short" not in said, said


def test_half_terms_given_in_the_config_are_never_called_too_short(tmp_path) -> None:
    """The same one-week Autumn 1 as the school's own term dates (7 to 11 Sep, Autumn 2
    from 21 Sep): the school said so; only an inferred half term is questioned."""
    from school import make_workspace

    ws = make_workspace(
        tmp_path / "ws",
        '\n[[calendar.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-07\nend = 2026-09-11\n'
        '\n[[calendar.half_terms]]\nname = "Autumn 2"\nstart = 2026-09-21\nend = 2026-12-18\n',
    )
    said = _short_note(tmp_path, ["P", "-", "P"], "--config", str(ws))
    assert "no half term is that short" not in said, said


def test_a_half_term_not_yet_begun_as_of_the_date_asked_makes_no_short_half_term(
    tmp_path,
) -> None:
    """As of Fri 18 Sep (the week with no session), Autumn 2 (from 21 Sep) has not begun:
    only the half terms begun by the as-of date are looked at, so no note; as of 25 Sep
    the note is said."""
    said = _short_note(tmp_path, ["P", "-", "P"], "--as-of", "2026-09-18")
    assert "no half term is that short" not in said, said
    said = _short_note(tmp_path, ["P", "-", "P"], "--as-of", "2026-09-25")
    assert "Autumn 1 is 1 school week long" in said, said


def test_a_half_term_begun_on_a_thursday_counts_its_first_week(tmp_path) -> None:
    """Autumn 1 inferred from Thu 3 Sep 2026 (the week of Mon 31 Aug) to Fri 18 Sep: three
    school weeks (31 Aug, 7 Sep, 14 Sep; a week is counted by its Monday, the half term's
    first week begun before its first day), then a week with no session, Autumn 2 from 28
    Sep: three weeks is no short half term."""
    said = _short_note(tmp_path, ["P2", "P", "P", "-", "P"], start="2026-09-03")
    assert "no half term is that short" not in said, said


def test_a_short_last_half_term_of_a_term_is_no_short_half_term_before_the_next_term(
    tmp_path,
) -> None:
    """Autumn 1 of six weeks (7 Sep to 16 Oct), a week with no session, Autumn 2 of one
    week (26 to 30 Oct), nine weeks with none, and January's two: the short half term is
    the last of its term, followed by the next term's, not by another of its own (the
    note is of a week of term read as a holiday between two half terms of one term)."""
    weeks = ["P"] * 6 + ["-", "P"] + ["-"] * 9 + ["P", "P"]
    said = _short_note(tmp_path, weeks)
    assert "no half term is that short" not in said, said


def test_a_third_half_term_said_makes_no_second_note_of_a_short_one(tmp_path) -> None:
    """Weeks 7, 21 Sep and 5 to 19 Oct with sessions, 14 and 28 Sep without: the autumn
    term has three half terms, said (engine._third_half_term_note) with both weeks named;
    Autumn 1 of one week is among what that note says, so no note of a short half term
    beside it."""
    said = _short_note(tmp_path, ["P", "-", "P", "-", "P", "P", "P"])
    assert "it gives the autumn term 3 half terms (Autumn 3 from 05/10/2026)" in said, said
    assert "no half term is that short" not in said, said


def _x_week(tmp_path, n_x: int, second: str = "XX") -> str:
    """Four pupils present Mon 7 to Fri 18 Sep 2026, no term dates; the week of 21 Sep
    holds only ``n_x`` pupils' `X` (not required to attend: no possible mark), entered
    ahead (the second pupil's each day ``second``), no row for the others.  The check's
    stderr on one line."""
    from builders import register, write_long_csv
    from clirun import run_cli

    weeks = " ".join([PRESENT] * 10)
    pupils = {
        f"U{i:02d}": " ".join([weeks, " ".join([(second if i == 1 else "XX") if i < n_x else "!"] * 5)])
        for i in range(4)
    }
    export = write_long_csv(register(pupils), tmp_path / f"x{n_x}.csv")
    code, _, err = run_cli("check", export, "--format", "json")
    assert code == 0, err
    return " ".join(err.split())


def test_a_week_of_a_minority_s_x_alone_holds_no_register_but_half_the_roll_s_does(
    tmp_path,
) -> None:
    """engine._minority_unregistered: a day with no possible mark holds no register when
    fewer than half of the pupils on roll on the last day with one (Fri 18 Sep: 4) have a
    mark.  One pupil's `X` (1 of 4) on 21 to 25 Sep: those days are not the exports
    reaching them, the exports end 18/09/2026.  Two pupils' (2 of 4, half: not fewer):
    the days are the data's, the exports end 25/09/2026."""
    assert "the exports end 18/09/2026" in _x_week(tmp_path, 1)
    assert "the exports end 25/09/2026" in _x_week(tmp_path, 2)
    # the second pupil's `X` in the afternoons only: a day's most marked session (2 of 4
    # in the afternoon) is what it holds, as each of its sessions is a register or none
    assert "the exports end 25/09/2026" in _x_week(tmp_path, 2, second="!X")


def _last_friday(tmp_path, last: dict[int, str]) -> tuple[dict, str]:
    """Twenty pupils U00..U19 present Mon 7 to Thu 24 Sep 2026; on Fri 25 Sep, the
    exports' last day, pupil i's token ``last[i]`` (else present all day).  The check's
    JSON and its stderr on one line."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli

    pupils = {
        f"U{i:02d}": " ".join([PRESENT] * 14 + [last.get(i, PRESENT)]) for i in range(20)
    }
    export = write_long_csv(register(pupils), tmp_path / "last.csv")
    code, out, err = run_cli("check", export, "--format", "json")
    assert code == 0, err
    return json.loads(out), " ".join(err.split())


def _missing(result: dict) -> list[tuple[str, str, str]]:
    return sorted((i["kind"], i["upn"], i["session"]) for i in result["data_quality"])


def test_eight_leavers_before_a_whole_last_day_are_no_register_not_yet_taken(tmp_path) -> None:
    """engine.marks_end_note's morning_only branch is for an export made at lunchtime:
    U00..U07's marks end Thu 24 Sep, the other 12 have the whole Friday (AM and PM), so
    the exports do not end with a morning: eight leavers (fewer than half), no note."""
    _, said = _last_friday(tmp_path, {i: "!" for i in range(8)})
    assert "marks end on" not in said, said


def test_most_pupils_ending_before_a_lunchtime_export_s_morning_get_the_general_note(
    tmp_path,
) -> None:
    """12 of 20 pupils' marks end Thu 24 Sep, the other 8 have Friday's AM only (an export
    made at lunchtime): most pupils' marks ending a day early is the general note
    (DOMAIN.md 2), not the note of a form's morning not yet taken (that is for fewer
    than half)."""
    _, said = _last_friday(tmp_path, {i: "!" if i < 12 else "/!" for i in range(20)})
    assert (
        "12 of the 20 pupils' marks end on 24/09/2026, and only 8 pupils have marks after "
        "it (to 25/09/2026): they are taken as leaving the roll on 24/09/2026"
    ) in said, said
    assert "whose morning register" not in said


def test_half_the_school_s_last_afternoon_marked_is_the_register_the_rest_missing(
    tmp_path,
) -> None:
    """roll.LAST_AFTERNOON_SHARE, the boundary: the last afternoon marked for 10 of 20
    (half: not fewer than half) is the school's register, a form's not yet completed, so
    U00..U09 (no PM row) are each a missing row (decisions, "The last afternoon")."""
    result, _ = _last_friday(tmp_path, {i: "/!" for i in range(10)})
    assert _missing(result) == [("missing_row", f"U{i:02d}", "PM") for i in range(10)]


def test_a_quarter_of_the_last_morning_marked_is_a_register_with_its_rows_missing(
    tmp_path,
) -> None:
    """The last afternoon's share is for the afternoon only: Friday's AM marked for 5 of
    20 (more than the stray-day 1 in 10), every PM marked, is the morning's register with
    15 rows missing, U05..U19 (DOMAIN.md 12)."""
    result, _ = _last_friday(tmp_path, {i: "!\\" for i in range(5, 20)})
    assert _missing(result) == [("missing_row", f"U{i:02d}", "AM") for i in range(5, 20)]


def test_a_quarter_of_an_earlier_afternoon_marked_is_a_register_with_its_rows_missing(
    tmp_path,
) -> None:
    """The last afternoon's share is for the exports' last day only: on Wed 23 Sep the
    afternoon marked for 5 of 20 (more than the stray-day 1 in 10), the rest of the week
    whole, is that afternoon's register with 15 rows missing, U05..U19 (DOMAIN.md 12):
    not a register "not yet taken" two days before the export was made."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli

    pupils = {
        f"U{i:02d}": " ".join([PRESENT] * 12 + [PRESENT if i < 5 else "/!"] + [PRESENT] * 2)
        for i in range(20)
    }
    export = write_long_csv(register(pupils), tmp_path / "wed.csv")
    code, out, err = run_cli("check", export, "--format", "json")
    assert code == 0, err
    assert sorted(
        (i["kind"], i["upn"], i["date"], i["session"]) for i in json.loads(out)["data_quality"]
    ) == [("missing_row", f"U{i:02d}", "2026-09-23", "PM") for i in range(5, 20)]


def test_a_twelve_digit_mis_id_beside_short_ids_and_no_upn_is_not_questioned(tmp_path) -> None:
    """loaders._odd_upns: a UPN's last 12 characters is questioned beside a whole UPN
    only; a file of an MIS's own ids (``P1``) holding no UPN, one of whose ids happens to
    be 12 digits, is no export of UPNs, and 1 of 2 is not most (no lost-letter refusal):
    read, both pupils, nothing said of '999201618043'."""
    from attcli.loaders import load_registers
    from test_sweep_mutnew6 import _long_register

    result = load_registers([_long_register(tmp_path / "reg.csv", ["999201618043", "P1"])])
    assert result.register["upn"].n_unique() == 2
    assert not any("999201618043" in w for w in result.warnings), result.warnings


def test_a_file_s_name_of_two_words_a_copy_s_number_or_a_capital_ending_stays_as_written() -> None:
    """errors._FILE_FIRST_RE: a name of two words with "(12)" (a twelfth download of it),
    an ending in capitals (".CSV") and ".htm" are a file's name as much as "(1)" and
    ".csv": the note keeps them as written, not "Autumn week (12).CSV"."""
    said = "autumn week (12).CSV holds the same bytes"
    assert sentence(said) == said
    assert sentence("attendance summary.htm was written") == "attendance summary.htm was written"


def test_a_c1_control_in_a_value_is_the_placeholder_on_windows(monkeypatch) -> None:
    """output.command_word on Windows: a value holding a C1 control (U+0085, a line break
    to some terminals) is given as the placeholder, as a C0 control is: no quoting there
    is inert for it."""
    from attcli.output import command_word

    monkeypatch.setattr(output, "WINDOWS", True)
    assert command_word("A1\x85B") == "UPN"
    assert command_word("A1 B") == '"A1 B"'


def test_the_roll_a_minority_is_measured_against_is_the_last_register_s(tmp_path) -> None:
    """engine._minority_unregistered measures against the pupils on roll on the *last*
    day with a possible mark: six pupils Mon 7 to Fri 11 Sep 2026, U04 and U05's marks
    ending then (they left), four present 14 to 18 Sep; 21 to 25 Sep only U00 and U01's
    `X`.  2 of the 4 on roll on Fri 18 Sep is half, not fewer: the days are the data's,
    the exports end 25/09/2026 (against the 6 of 7 Sep it would be a minority)."""
    from builders import register, write_long_csv
    from clirun import run_cli

    week = " ".join([PRESENT] * 5)
    pupils = {
        f"U{i:02d}": " ".join(
            [week, week if i < 4 else " ".join(["!"] * 5), " ".join(["XX" if i < 2 else "!"] * 5)]
        )
        for i in range(6)
    }
    export = write_long_csv(register(pupils), tmp_path / "left.csv")
    code, _, err = run_cli("check", export, "--format", "json")
    assert code == 0, err
    assert "the exports end 25/09/2026" in " ".join(err.split()), err
