"""Sweep parttime: pupils whose timetable here is not full (dual registration `D`, `X`, a
part-time timetable `C2`), whose absence the school agreed, across the commands.  Worked
by hand from DOMAIN.md.

The registers: autumn 2026 from Monday 7 September, 20 school days to Friday 2 October
(the as-of date), no term dates reaching July, so the sessions left in the year are the
statutory 380 less the 40 so far: 340 (docs/decisions.md, "Sessions the pupil can still
miss").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

DAYS = 20  # Monday 7 September to Friday 2 October 2026
AS_OF = ("--as-of", "2026-10-02")


def _said(text: str) -> str:
    return " ".join(text.split())


def _export(tmp_path: Path, pupils: dict[str, str]) -> tuple[Path, Path]:
    reg = register(pupils)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    return export, make_workspace(tmp_path / "ws")


def test_no_sessions_left_to_miss_are_claimed_for_a_pupil_whose_timetable_here_is_not_full(
    tmp_path,
) -> None:
    """FULL attends 38 of 40 (ill, I, on Friday 2 October): 95.0 %, green.  With the 340
    sessions left all attended she ends at (38 + 340 - k) of 380; green is >= 92 %, so
    38 + 340 - k >= 349.6, k <= 28: "can miss 28 more sessions this year before amber".

    DUAL is dual registered, at the other school every afternoon (`D`, not possible), and
    attends 19 of his 20 mornings (ill on the last): 95.0 %, green.  attcli said "can miss
    27 more": (19 + 340 - k) of (20 + 340), as if all 340 sessions left were his.  Only
    his mornings are (about 170 of them: 19 + 170 - k >= 0.92 x 190 = 174.8, k <= 14), and
    the register cannot say how many: his timetable here may change.  NURSERY (`X` every
    afternoon: not required to attend) is the same.  The number is wrong by about half,
    so none is given (as for any pupil whose sessions left are not known), in the check's
    reason and JSON and in the pupil record; FULL's stays.  PARTTIME, on a part-time
    timetable (C2 on two Friday afternoons, present otherwise: 38 of 40, green), "could
    miss 28 more", assuming she attends every afternoon left, which the timetable says she
    will not while it lasts, and how long that is the register cannot say: none either."""
    export, config = _export(
        tmp_path,
        {
            "FULL": " ".join(["/\\"] * (DAYS - 1) + ["I"]),
            "DUAL": " ".join(["/.D"] * (DAYS - 1) + ["I.D"]),
            "NURSERY": " ".join(["/.X"] * (DAYS - 1) + ["I.X"]),
            # a part-time timetable: C2 on Friday afternoons (11 and 18 September)
            "PARTTIME": " ".join((["/\\"] * 4 + ["/.C2"]) * 2 + ["/\\"] * 10),
        },
    )
    code, out, err = run_cli("check", export, "-c", config, "--format", "json", *AS_OF)
    assert code == 0, err
    got = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert (got["FULL"]["attended"], got["FULL"]["possible"], got["FULL"]["band"]) == (38, 40, "green")
    assert got["FULL"]["can_miss_sessions"] == 28
    for upn in ("DUAL", "NURSERY"):
        p = got[upn]
        assert (p["attended"], p["possible"], p["band"]) == (19, 20, "green")
        assert p["can_miss_sessions"] is None, upn
    p = got["PARTTIME"]
    assert (p["attended"], p["possible"], p["authorised"], p["band"]) == (38, 40, 2, "green")
    assert p["can_miss_sessions"] is None
    for upn, says in (("FULL", True), ("DUAL", False), ("NURSERY", False), ("PARTTIME", False)):
        code, out, err = run_cli("pupil", upn, export, "-c", config, *AS_OF)
        assert code == 0, err
        said = _said(out)
        assert "Band: green" in said
        assert ("can miss 28 more sessions this year before amber" in said) is says, said
        assert says or "can miss" not in said


def test_an_mis_sub_code_in_a_list_of_codes_is_named_as_its_parent(tmp_path) -> None:
    """An Arbor school's register says I01 for illness, and attcli counts it as I (DOMAIN.md
    1; [codes.subcodes]).  Its office, holding letters for illness, wrote hold_codes =
    ["C2", "I01"] and was told "'I01' is not an absence code", and with [sickness] codes =
    ["I01"] "unknown attendance code(s) 'I01'", though every I01 in its register is counted
    as illness.  The message says what it is and what to write: "'I01' is an MIS sub-code,
    counted as I: give I".  The same for a school's own sub-code ([codes.subcodes] C2A =
    "C2", counted as C2)."""
    export, _ = _export(tmp_path, {"A": " ".join(["/\\"] * DAYS)})
    contacts = contacts_file(tmp_path / "contacts.csv", [("A", "C1", "Mrs", "Ann", "Parent")])
    hold = r"^hold_codes = .*$"
    cases = (
        ({hold: 'hold_codes = ["C2", "I01"]'}, "letters.hold_codes", "'I01'", "I"),
        ({r'^codes = \["I"\]$': 'codes = ["i_f"]'}, "sickness.codes", "'I_F'", "I"),
        ({hold: 'hold_codes = ["C2A"]', r"^\[codes.subcodes\]$": '[codes.subcodes]\nC2A = "C2"'},
         "letters.hold_codes", "'C2A'", "C2"),
    )  # fmt: skip
    for i, (lines, key, code, parent) in enumerate(cases):
        config = make_workspace(tmp_path / f"ws{i}")
        text = config.read_text(encoding="utf-8")
        for pattern, line in lines.items():
            text, n = re.subn(pattern, line, text, count=1, flags=re.M)
            assert n == 1, pattern
        config.write_text(text, encoding="utf-8")
        code_, out, err = run_cli(
            "letters", export, "-c", config, "--contacts", contacts, "--dry-run",
            "--out", tmp_path / "letters", *AS_OF,
        )  # fmt: skip
        said = _said(err)
        assert code_ != 0, out
        assert key in said, said
        assert f"{code} is an MIS sub-code, counted as {parent}: give {parent}" in said, said


def test_a_part_time_timetable_s_missing_afternoon_rows_do_not_ask_whether_the_pupil_left(
    tmp_path,
) -> None:
    """NOPM is on a part-time timetable the MIS leaves out of the export (no afternoon row
    at all, not C2): each afternoon is a missing row (DOMAIN.md 1), 20 of them, listed as
    one line (DOMAIN.md 12: what repeats, a part-time timetable, reads as one line).  The
    line added "(a week or more with no row: if they left and came back, give a pupil list
    ...)", said of a stretch of a week of missing rows: NOPM has a row every morning, so
    never left, and the office was sent after a pupil list for spells that never were.  It
    is said of a week of whole days with no row (HUG, tests/test_spells.py), not of a week
    of afternoons.  PART misses the afternoon rows of one week and both rows of the next
    week's Monday to Friday: the whole week is asked about."""
    export, config = _export(
        tmp_path,
        {
            "A": " ".join(["/\\"] * DAYS),
            "NOPM": " ".join(["/!"] * DAYS),
            "PART": " ".join(["/\\"] * 5 + ["/!"] * 5 + ["!"] * 5 + ["/\\"] * 5),
        },
    )
    code, out, err = run_cli("check", export, "-c", config, *AS_OF)
    assert code == 0, err
    said = _said(out)
    assert (
        "SurnameNOPM, ForenameNOPM (NOPM): 20 sessions, 07/09/2026 to 02/10/2026, all PM "
        "SurnamePART"
    ) in said, said
    # (its week of afternoons and its week of no row are two lines, two problems: the
    # afternoons a timetable's, 5 school days or more, sweep quality2)
    assert (
        "SurnamePART, ForenamePART (PART): 5 sessions, 14/09/2026 to 18/09/2026, all PM "
        "SurnamePART, ForenamePART (PART): 10 sessions, 21/09/2026 to 25/09/2026 (a week or "
        "more with no row: if they left and came back, give a pupil list with a row for "
        "each spell, --pupils FILE)"
    ) in said, said
