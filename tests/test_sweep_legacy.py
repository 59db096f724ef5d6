"""Sweep: codes as real MIS exports carry them, across the change of 19 August 2024.

DOMAIN.md 1 counts the legacy codes `H` `F` (authorised), `J` (attended) and `Y` (not
possible) "as it counted when it was recorded, and say so in the output"; MIS sub-codes
count as their parent, the mapping configurable; an unknown code is refused, never
guessed.  The School Attendance (Pupil Registration) (England) Regulations 2024 took
`H`, `J` and `Y` out of use from 19 August 2024 (`J1`, an authorised absence, replaced
`J`; `Y1`..`Y7` replaced `Y`; a holiday is `C` if the school grants leave, `G` if not):
schoolbusinessservices.co.uk/news/mis-attendance-codes-2024 ("Inactive Codes: H, Y and
J ... The J code has been replaced by a new code J1 and has changed from an Approved
Educational Activity to Authorised Absence") and support.keystonemis.co.uk, "Attendance
codes for 2024-2025 academic year" ("Removal of some historic codes").  Each register
below is worked by hand in its docstring.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from attcli.codes import legacy_line
from attcli.config import parse_config
from attcli.errors import ConfigError
from attcli.loaders import load_registers
from builders import across, register, write_long_csv
from clirun import run_cli
from school import make_workspace

P = "/\\"


def test_a_legacy_code_recorded_after_19_august_2024_is_counted_and_said_to_recode(
    tmp_path: Path,
) -> None:
    """One export spanning the change: Summer 2 2024 from Mon 1 July (3 weeks) and
    Autumn 2024 from Mon 2 September (3 weeks).  LEG has H both sessions on Mon 1 July
    and J on Wed 3 July AM (lawful then), and, a school still on its old habits, H both
    sessions on Mon 2 September and J on Tue 3 September AM (after the codes were taken
    out of use).  Counted as DOMAIN.md 1 says either way: H on 4 sessions authorised, J
    on 2 sessions approved educational activity (attended).  But the 3 sessions after 19
    August 2024 are codes no MIS should record then (the school census refuses them): a
    register to fix, which the note said nothing of ("legacy code 'H' (Holiday authorised
    by the school (pre-2024)) on 4 sessions, counted as authorised", as for an export of
    2023).  Now the note says how many were recorded on or after 19/08/2024, the first
    (line and pupil), and what to recode them as."""
    reg = across(
        (dt.date(2024, 7, 1), {"LEG": "HH " + P + " J/ " + " ".join([P] * 12),
                               "OK": " ".join([P] * 15)}),
        (dt.date(2024, 9, 2), {"LEG": "HH J\\ " + " ".join([P] * 13),
                               "OK": " ".join([P] * 15)}),
    )  # fmt: skip
    path = write_long_csv(reg, tmp_path / "span.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    first_after = next(
        i for i, x in enumerate(lines, 1) if x.startswith("LEG,") and "02/09/2024,AM,H" in x
    )
    result = load_registers([path])
    counted = result.register.filter(result.register["upn"] == "LEG")
    assert counted.filter(counted["mark"] == "H").get_column("category").unique().to_list() == [
        "authorised"
    ]
    assert counted.filter(counted["mark"] == "J").height == 2
    legacy = [w for w in result.warnings if "legacy code" in w]
    assert legacy == [
        f"{path}: legacy code 'H' (Holiday authorised by the school (pre-2024)) on 4 sessions, "
        "counted as authorised; 2 of them recorded on or after 19/08/2024, when H was no "
        f"longer a code (first on line {first_after}, pupil 'LEG', 02/09/2024 AM): recode "
        "them in the MIS (C if the school granted leave, G if not)",
        f"{path}: legacy code 'J' (Interview (pre-2024, counted as approved educational "
        "activity)) on 2 sessions, counted as approved activity; 1 of them recorded on or "
        "after 19/08/2024, when J was no longer a code (first on line "
        f"{first_after + 2}, pupil 'LEG', 03/09/2024 AM): recode it in the MIS (J1, an "
        "interview now, is an authorised absence)",
    ]


def test_a_legacy_code_wholly_before_19_august_2024_is_said_as_before(tmp_path: Path) -> None:
    """An export of June 2024 only: H on 2, F on 2, J on 1, Y on 2 sessions, each lawful
    when recorded.  The notes say each as before, with nothing to recode."""
    reg = register(
        {"LEG": "HH FF J/ Y.Y " + P, "OK": " ".join([P] * 5)}, start=dt.date(2024, 6, 3)
    )
    path = write_long_csv(reg, tmp_path / "before.csv")
    legacy = [w for w in load_registers([path]).warnings if "legacy code" in w]
    assert legacy == [
        f"{path}: legacy code 'F' (Agreed extended family holiday (pre-2024)) on 2 sessions, "
        "counted as authorised",
        f"{path}: legacy code 'H' (Holiday authorised by the school (pre-2024)) on 2 sessions, "
        "counted as authorised",
        f"{path}: legacy code 'J' (Interview (pre-2024, counted as approved educational "
        "activity)) on 1 session, counted as approved activity",
        f"{path}: legacy code 'Y' (Enforced closure (pre-2024)) on 2 sessions, counted as "
        "not possible",
    ]


def test_the_la_files_line_does_not_put_a_legacy_code_of_2026_before_2024() -> None:
    """The LA's files say "legacy codes (before 19 August 2024) counted as when they were
    recorded: H on 4 sessions, as authorised" of H marks of September 2026: the LA, which
    reads the file alone, is told the sessions were recorded before the codes changed.
    Those of 2024 (Mon 3 and Tue 4 June: H 2, J 1) are said as before; those of 2026
    (Mon 7 and Tue 8 September: H 2 of them, Y 1) say how many came after the change."""
    before = register({"A": "HH /J"}, start=dt.date(2024, 6, 3))
    assert legacy_line([before]) == (
        "legacy codes (before 19/08/2024) counted as when they were recorded: H on 2 "
        "sessions, as authorised; J on 1 session, as approved educational activity (attended)"
    )
    after = register({"A": "HH /Y"}, start=dt.date(2026, 9, 7))
    assert legacy_line([before, after]) == (
        "legacy codes (no longer in use) counted as they counted when in use: H on 4 "
        "sessions, as authorised, 2 recorded on or after 19/08/2024; J on 1 session, as "
        "approved educational activity (attended); Y on 1 session, as not possible, "
        "recorded on or after 19/08/2024: to recode in the MIS"
    )


@pytest.mark.parametrize("key", ['"-"', '" - "'])
def test_sims_no_mark_is_no_sub_code(key: str) -> None:
    """`[codes.subcodes] "-" = "O"` was taken: every SIMS "no mark recorded" (DOMAIN.md 1:
    a missing mark wherever it stands, left out of possible sessions and listed as a
    data-quality problem) became an unauthorised absence, counted and no longer listed:
    a pupil with O, L, I, I, /, \\ and one `-` went from 3 of 6 (50.0 %) to 3 of 7.  The
    missing mark is DOMAIN.md's own, as a blank cell is: refused, naming the key."""
    with pytest.raises(ConfigError) as info:
        parse_config(f'[codes.subcodes]\n{key} = "O"\n')
    text = str(info.value)
    assert "codes.subcodes" in text and "no mark recorded" in text


def test_a_sub_code_mapped_to_a_sub_code_is_named_as_one() -> None:
    """`I02 = "I01"`: "'I01' is not an attendance code", of the sub-code attcli itself
    counts as I.  Refused still (a map goes to a national code), with what to give."""
    with pytest.raises(ConfigError) as info:
        parse_config('[codes.subcodes]\nI02 = "I01"\n')
    assert "'I01' is an MIS sub-code, counted as I: give I" in str(info.value)


def test_the_check_says_it_of_an_export_spanning_the_change(tmp_path: Path) -> None:
    """End to end: the check of the export of the first test, as of Fri 20 Sep 2024,
    counts LEG's Autumn 2024 as DOMAIN.md 1 says (H 2 authorised, J 1 attended: 30
    possible, 28 attended, 2 authorised) and its notes say the sessions to recode."""
    reg = across(
        (dt.date(2024, 7, 1), {"LEG": "HH " + " ".join([P] * 14), "OK": " ".join([P] * 15)}),
        (dt.date(2024, 9, 2), {"LEG": "HH J\\ " + " ".join([P] * 13),
                               "OK": " ".join([P] * 15)}),
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "span.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("pupil", "LEG", export, "-c", config, "--as-of", "2024-09-20")
    assert code == 0, err
    assert "Sessions attended 28 of 30 28 of 30" in " ".join(out.split())
    said = " ".join(err.split())
    assert "2 of them recorded on or after 19/08/2024, when H was no longer a code" in said
    assert "it was recorded on or after 19/08/2024, when J was no longer a code" in said


def test_n_in_a_window_across_the_summer_of_2024_are_said_to_be_before_the_framework(
    tmp_path: Path,
) -> None:
    """Summer 2 2024 from Mon 1 July (3 weeks), Autumn 2024 from Mon 2 September (3
    weeks).  PNW has N at both sessions of Wed 10 to Fri 12 July (6) and Mon 2 to Fri 6
    September (10).  As of Fri 20 Sep 2024 the window (the 6 school weeks the exports
    hold of the 10) counts only the 10 of September (DOMAIN.md 5: only sessions on or
    after 19 August 2024): met on Fri 6 September, the 10th, not on Wed 4 September, the
    10th with July's.  The reason said "the window also holds 6 N that do not count
    toward the threshold (10/07/2024 AM; ...)", leaving the officer to guess why; it now
    says they were before the national framework began."""
    reg = across(
        (dt.date(2024, 7, 1), {"PNW": " ".join([P] * 7) + " NN NN NN " + " ".join([P] * 5),
                               "OK": " ".join([P] * 15)}),
        (dt.date(2024, 9, 2), {"PNW": "NN NN NN NN NN " + " ".join([P] * 10),
                               "OK": " ".join([P] * 15)}),
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "pn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2024-09-20", "-f", "json")
    assert code == 0, err
    (row,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "PNW"]
    assert (row["pn_threshold_met"], row["pn_first_met"], row["pn_window_sessions"]) == (
        True, "2024-09-06", 10,
    )  # fmt: skip
    assert (
        "the window also holds 6 N that do not count toward the threshold (before the "
        "national framework began (19/08/2024): 10/07/2024 AM; 10/07/2024 PM;"
    ) in str(row["reasons"])


def test_the_la_files_say_only_the_legacy_codes_their_figures_count(tmp_path: Path) -> None:
    """The export of Summer 2 2024 (from Mon 1 July, 3 weeks) and Autumn 2024 (from Mon 2
    September, 3 weeks): LEG has H at both sessions of Mon 1 July and Y at both of Tue 2
    July, and no legacy code in Autumn 2024.  The register check for Autumn 2024/25 counts
    the term and the year to date from 1 September 2024: none of its figures holds a
    legacy code.  Its "Codes" row said "legacy codes (before 19 August 2024) counted as
    when they were recorded: H on 2 sessions, as authorised; Y on 2 sessions, as not
    possible" all the same (every mark up to the as-of date), telling the LA its figures
    count holiday that is last school year's.  Now no row; the check's workbook the same.
    The register check of Summer 2024 still says them."""
    import openpyxl

    reg = across(
        (dt.date(2024, 7, 1), {"LEG": "HH Y.Y " + " ".join([P] * 13), "OK": " ".join([P] * 15)}),
        (dt.date(2024, 9, 2), {"LEG": " ".join([P] * 15), "OK": " ".join([P] * 15)}),
    )
    export = write_long_csv(reg, tmp_path / "span.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")

    def rows(path: Path, sheet: str | None = None) -> dict[object, object]:
        book = openpyxl.load_workbook(path)
        ws = book[sheet] if sheet else book.active
        return {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 14)}

    out = tmp_path / "rc.xlsx"
    code, _, err = run_cli(
        "register-check", export, "-c", config, "--term", "autumn", "--year", "2024",
        "--as-of", "2024-09-20", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert "Codes" not in rows(out)
    out = tmp_path / "check.xlsx"
    code, _, err = run_cli("check", export, "-c", config, "--as-of", "2024-09-20", "-o", out)
    assert code == 0, err
    assert "Codes" not in rows(out, "Summary")
    out = tmp_path / "rc-summer.xlsx"
    code, _, err = run_cli(
        "register-check", export, "-c", config, "--term", "summer", "--year", "2023/24",
        "--as-of", "2024-07-19", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    assert rows(out)["Codes"] == (
        "Legacy codes (before 19/08/2024) counted as when they were recorded: H on 2 "
        "sessions, as authorised; Y on 2 sessions, as not possible"
    )


def test_a_sub_code_given_twice_in_two_cases_is_refused() -> None:
    """Marks are read trimmed and in capitals, and so are the keys of `[codes.subcodes]`
    (docs/decisions.md).  `i02 = "I"` with `I02 = "O"` (TOML takes both: two keys) made
    the mark I02 whichever came last, illness or unauthorised absence, unsaid.  Refused,
    naming the key."""
    with pytest.raises(ConfigError) as info:
        parse_config('[codes.subcodes]\ni02 = "I"\nI02 = "O"\n')
    assert "'I02' is the sub-code 'i02' again" in str(info.value)
    # the same key in one case is TOML's own error; one key is taken
    assert parse_config('[codes.subcodes]\ni02 = "I"\n').subcodes["I02"] == "I"


def test_a_summary_and_the_trust_report_say_the_legacy_codes_their_figures_count(
    tmp_path: Path,
) -> None:
    """The summary a school sends its trust holds counts only, no notes, so a trust report
    made from summaries counted a school's H, F, J and Y as DOMAIN.md 1 counts them and
    never said so (the LA's files and the governors' report say them).  Autumn 2024 from
    Mon 2 September, 3 weeks: LEG has H at both sessions of Mon 2 September and J on Tue 3
    September AM, both after the codes went out of use; 20 others present throughout.
    The summary (version 4) counts them, `totals.legacy_codes`, and the trust report says
    them in a note for the school: H 2 sessions (all after 19 August 2024), J 1.  (A school
    too small to show is said to count legacy codes, without its counts.)"""
    present = " ".join([P] * 15)
    reg = register(
        {"LEG": "HH J\\ " + " ".join([P] * 13), **{f"P{i:02d}": present for i in range(20)}},
        start=dt.date(2024, 9, 2),
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    summary = tmp_path / "riverside.summary.json"
    code, _, err = run_cli("summary", export, "-c", config, "-o", summary)
    assert code == 0, err
    doc = json.loads(summary.read_text(encoding="utf-8"))
    assert doc["version"] == 5
    assert doc["totals"]["legacy_codes"] == [
        {"code": "H", "sessions": 2, "since_2024_08_19": 2},
        {"code": "J", "sessions": 1, "since_2024_08_19": 1},
    ]
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summary, "-o", out)
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert (
        "Riverside Primary School: legacy codes (no longer in use) counted as they counted "
        "when in use: H on 2 sessions, as authorised, both recorded on or after 19/08/2024; "
        "J on 1 session, as approved educational activity (attended), recorded on or after "
        "19/08/2024: to recode in the MIS"
    ) in text
    # a count that is no legacy code, or more after the change than in all, is refused
    doc["totals"]["legacy_codes"][0]["code"] = "I"
    summary.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("report", "--trust", summary, "-o", out, "--force")
    assert code == 1 and "totals.legacy_codes[0].code" in err
    doc["totals"]["legacy_codes"][0] = {"code": "H", "sessions": 2, "since_2024_08_19": 3}
    summary.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("report", "--trust", summary, "-o", out, "--force")
    assert code == 1 and "totals.legacy_codes[0].since_2024_08_19" in err
    small = register({"LEG": "HH J\\ " + " ".join([P] * 13), "OK": present},
                     start=dt.date(2024, 9, 2))  # fmt: skip
    export = write_long_csv(small, tmp_path / "small.csv", dob=True, groups=True)
    code, _, err = run_cli("summary", export, "-c", config, "-o", summary, "--force")
    assert code == 0, err
    code, _, err = run_cli("report", "--trust", summary, "-o", out, "--force")
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert "Riverside Primary School: its figures count legacy codes (no longer in use" in text
    assert "H on 2 sessions" not in text


def test_attcli_codes_says_when_the_legacy_codes_count_so() -> None:
    """`attcli codes` lists H F J Y among the 2024 codes, told apart only by a dim style
    (lost in a pipe or on paper) and "(pre-2024)": it now says, under the table, that they
    are no longer in use, count as they counted then, and that one recorded after 19
    August 2024 is said as a mark to recode."""
    code, out, _ = run_cli("codes")
    assert code == 0
    assert (
        "H F J Y: codes no longer in use (since 19/08/2024; F since September 2013), "
        "counted as they counted when in use and said in the output; one recorded on or "
        "after 19/08/2024 is said as a mark to recode in the MIS."
    ) in " ".join(out.split())


def test_a_legacy_code_after_the_change_in_a_spreadsheet_is_named_by_its_row() -> None:
    """The Integris example (xlsx) holds H from Wed 14 October 2026, the first on row 38:
    a spreadsheet's position is a row, as every other note of it says ("row 210: footer
    row 'Totals' skipped"); the note said "line 38"."""
    path = Path(__file__).resolve().parents[1] / "examples" / "exports" / "integris_autumn_2026.xlsx"
    (said,) = [w for w in load_registers([path]).warnings if "legacy code 'H'" in w]
    assert "(first on row 38, pupil 'K999290719920', 14/10/2026 AM)" in said
