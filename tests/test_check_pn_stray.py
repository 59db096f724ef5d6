"""The check's penalty-notice reason and action for a window whose threshold rests on a
mark on a stray day (a day only a handful of the pupils on roll have marks on: not taken as
a school day, docs/decisions.md "Stray days").  The evidence pack refuses such a window
(tests/test_sweep_evidence2.py): a local authority returns a request resting on a mark
recorded while the school was shut.  The check said "consider a notice to improve or a
penalty notice", the 10 sessions with no word that 2 of them were on the stray day; its
data-quality list named the day, but not that the flag rests on it.

The register (tests/test_sweep_evidence2.py's): 13 pupils, 7 September to Friday 27
November 2026, half term 26-30 October, no term dates.  P: O on Mon 16 - Thu 19 Nov (8
sessions) and G on Wed 28 Oct AM and PM, the half-term week, on which no other pupil has a
mark (1 of 13 on roll: a stray day).  As of 27/11 the window is the 10 school weeks
14/09/2026 to 27/11/2026 (the half-term week is no school week): 8 O + 2 G = 10, the
threshold met on 19/11, 2 of the 10 on the stray day; without them 8.
"""

from __future__ import annotations

import datetime as dt

from attcli.check import check_register
from attcli.config import load_config
from attcli.loaders import load_exports
from test_sweep_evidence2 import O_WEEK, _school


def _stray_register(tmp_path, *, stray: bool = True):
    export, config, _ = _school(tmp_path, O_WEEK, others=12)
    if stray:
        with export.open("a", encoding="utf-8") as f:
            for s in ("AM", "PM"):
                f.write(f"P,SurnameP,ForenameP,01/10/2014,Year 7,7A,28/10/2026,{s},G\n")
    cfg = load_config(config)
    return load_exports([export], cfg).take_compact(), cfg


def test_the_reason_says_which_sessions_rest_on_a_stray_day_and_no_notice_is_advised(tmp_path):
    loaded, cfg = _stray_register(tmp_path)
    result = check_register(loaded, cfg, as_of=dt.date(2026, 11, 27))
    got = dict(result.members("pn").select("upn", "reason_pn").rows())
    assert list(got) == ["P"]
    assert got["P"].startswith(
        "10 unauthorised sessions in the 10 school weeks 14/09/2026 to 27/11/2026 "
        "(first met 19/11/2026)"
    ), got["P"]
    assert got["P"].endswith(
        "; 2 of the 10 are on 28/10/2026, a stray day (only a handful of the pupils on roll "
        "have marks on it: not taken as a school day): check the dates of these marks in the "
        "MIS before a notice (a local authority returns a request resting on a mark "
        "recorded while the school was shut)"
    ), got["P"]
    held = result.members("pn").select("pn_window_held", "pn_window_gaps").row(0)
    assert held == (True, 2)
    assert result.action_for("pn").startswith("complete the window first")
    assert "a mark on a stray day" in result.action_for("pn")


def test_no_stray_day_no_note(tmp_path):
    """The same pupil with the 2 G on a Monday of term instead (the threshold met on the
    school days only): nothing about stray days is said, and a notice is advised."""
    export, config, _ = _school(tmp_path, {**O_WEEK, dt.date(2026, 11, 9): "GG"}, others=12)
    cfg = load_config(config)
    result = check_register(load_exports([export], cfg).take_compact(), cfg, as_of=dt.date(2026, 11, 27))
    (reason,) = result.members("pn").get_column("reason_pn").to_list()
    assert "stray" not in reason
    assert result.action_for("pn") == "consider a notice to improve or a penalty notice"
