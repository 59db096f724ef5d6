"""The escalation ladder run week by week with the real policies (DOMAIN.md 11; seeds 003
and 004): a sweep of hand-worked registers.

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the half
term 26-30 October (tests/school.py's Autumn 2026); the workspaces are `attcli init
--ladder seedNNN` ones (tests/test_ladder_presets.py), run a week at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from test_ladder_presets import cases_by_upn, init_workspace

W = "/ / / / /"  # a full week: 10 of 10
HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def test_a_step_due_again_after_leaving_the_ladder_gives_the_figure_that_made_it_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004 (letter at or below 93 %, review meeting below 90 %).  BEA, by hand:
    7-18 Sep 17/20 = 85 %: the review meeting due on 18 Sep, held Mon 21 Sep; its period
    21 Sep - 18 Oct 35/40 = 87.5 %, at least 1 point above 85 %: improved, she leaves the
    ladder on 18 Oct.  Since then (19 Oct - 13 Nov: 15 school days over the half term)
    27/30 = 90.0 %: at or below 93 %, not below 90 %: the letter is due, though her year
    to date is 79/90 = 87.8 % (below 90 %).  The row said "87.8% | letter" and nothing
    else: a figure under the review meeting's line beside the letter, the figure the step
    was due by (90.0 % since leaving) nowhere, in the table, CSV or JSON."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-13")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    weeks = [W, "/ / O /O /", "O / / / /", "/ / / / /O", W, "O / / / /", W,
             "/ / / / /O", "O / / / /"]  # fmt: skip
    export = write_long_csv(
        register({"BEA": " ".join(weeks)}, holidays=HALF_TERM), tmp_path / "reg.csv"
    )
    assert cases_by_upn(cfg, export, "2026-09-18")["BEA"]["due_stage"] == "review_meeting"
    code, _, err = run_cli("case", "record", "BEA", "--action", "review_meeting",
                           "--date", "2026-09-21", "-c", cfg)  # fmt: skip
    assert code == 0, err
    left = cases_by_upn(cfg, export, "2026-10-23")["BEA"]
    assert (left["status"], left["before_pct"], left["since_pct"]) == ("left", 85.0, 87.5)
    bea = cases_by_upn(cfg, export, "2026-11-13")["BEA"]
    assert (bea["due_stage"], bea["attendance_pct"]) == ("letter", 87.8)
    said = "attendance since leaving the ladder on 18/10/2026: 90.0% (27 of 30 sessions)"
    assert said in bea["note"]
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-11-13")
    assert code == 0, err
    assert said in " ".join(out.split())
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-11-13", "-f", "csv")
    assert code == 0, err
    assert said in out


def test_a_ladder_in_half_terms_without_term_dates_says_its_periods_cannot_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`attcli init --ladder seed003` writes a ladder whose periods are half terms ("a
    half-term monitoring period", then the panel, "a further half term", then the LA) and
    no term dates ("Without them attcli infers half terms from the data ... no need to
    list them").  A period of half terms ends with the [[calendar.half_terms]] listed
    (docs/cases.md step 2): with none listed, MEG's meeting of Tue 22 Sep (7-18 Sep 16/20
    = 80 %) never ends; on 18 Dec, the end of Autumn 2, it was still "monitoring, period
    ends after the term dates listed (add next year's half terms)": advice for July, with
    no half term listed at all, and nothing said of why the seed 003 ladder never judges
    anything.  Now one line (cases and letters) names the steps and the missing key."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    cfg = tmp_path / "ws" / "attcli.toml"
    code, _, err = run_cli("init", cfg.parent, "--ladder", "seed003", "--school", "Sim School")
    assert code == 0, err
    weeks = [W, "O O / / /"] + ["O / / / /"] * 12  # 80 % all term
    export = write_long_csv(
        register({"MEG": " ".join(weeks)}, holidays=HALF_TERM), tmp_path / "reg.csv"
    )
    assert cases_by_upn(cfg, export, "2026-09-18")["MEG"]["due_stage"] == "below_90_meeting"
    code, _, err = run_cli("case", "record", "MEG", "--action", "below_90_meeting",
                           "--date", "2026-09-22", "-c", cfg)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-12-18", "-f", "json")
    assert code == 0, err
    meg = {c["upn"]: c for c in json.loads(out)["cases"]}["MEG"]
    assert (meg["status"], meg["period_end"]) == ("monitoring", None)
    said = (
        "the ladder's steps upper_amber, lower_amber, below_90_meeting, attendance_panel "
        "monitor in half terms "
        "(half_terms = N), but attcli.toml lists no [[calendar.half_terms]]: their periods "
        "never end and are never judged; add this school year's half terms"
    )
    assert said in " ".join(err.split())
    assert said in " ".join(json.loads(out)["warnings"])


def test_a_meeting_due_whose_figure_is_back_over_its_line_is_said_when_the_letter_is_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 004.  PIP, by hand: 7-18 Sep 16/20 = 80 %, below 90 %: the review meeting due
    (18 Sep), and still on 25 Sep (26/30 = 86.7 %); not booked.  By 2 Oct 36/40 = 90.0 %:
    not below 90 % any more, at or below 93 %: the letter is due instead.  The meeting due
    for two weeks went without a word: the row just said "letter", and the "No longer due"
    list (a due step is never dropped without a word) left her out because she was due
    something.  Now the meeting is listed there, the figure back over its line given."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    export = write_long_csv(register({"PIP": " ".join([W, "O O / / /", W, W])}), tmp_path / "r.csv")
    for as_of in ("2026-09-18", "2026-09-25"):
        assert cases_by_upn(cfg, export, as_of)["PIP"]["due_stage"] == "review_meeting"
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2026-10-02", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    [pip] = doc["cases"]
    assert (pip["due_stage"], pip["attendance_pct"]) == ("letter", 90.0)
    [gone] = doc["no_longer_due"]
    assert (gone["upn"], gone["due_stage"], gone["reason"]) == ("PIP", "review_meeting", "condition")
    assert gone["detail"] == (
        "review_meeting was due in that check; the condition (attendance below 90%) no longer "
        "holds: now 90.0% (36 of 40 sessions)"
    )


def test_a_bulk_record_file_s_mistake_is_named_by_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A week's meetings typed in a spreadsheet (`case record --from FILE`): a stage that is
    not the ladder's, or a UPN not in the last run, was named "record 3", the third record,
    where the file (and Excel) has it on line 5 after a blank row: "line 5" now, as the
    file's date errors already say."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-25")
    cfg = init_workspace(tmp_path / "ws", "seed004")
    export = write_long_csv(register({"PIP": " ".join([W, "O O / / /", W])}), tmp_path / "r.csv")
    cases_by_upn(cfg, export, "2026-09-25")
    week = tmp_path / "week.csv"
    week.write_text(
        "upn,action,date,note\nPIP,review_meeting,21/09/2026,\n\nPIP,letter,22/09/2026,\n"
        "PIP,Home Visit,23/09/2026,\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 1
    assert err.strip() == (
        f"error: {week}, line 5: action 'Home Visit' is not a stage of the ladder; the "
        "stages are: letter, support_meeting, review_meeting, formal_review, ewo_referral"
    )
    week.write_text("upn,action,date\n\nPIP,letter,22/09/2026\nPOP,letter,22/09/2026\n",
                    encoding="utf-8")  # fmt: skip
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 1 and err.startswith(f"error: {week}, line 4: UPN 'POP' is not a pupil"), err
