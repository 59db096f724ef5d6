"""The shipped example school, checked against values worked out independently.

``examples/expected/planted.json`` is written by ``tools/generate_exports.py``
with plain Python loops over the marks it wrote (it imports nothing from attcli).
Here the same export goes through the loaders, the engine and the JSON contract
of ``attcli check``, and every planted pupil must match field by field.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from attcli.cli import main
from attcli.config import Config

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
EXPECTED = json.loads((ROOT / "examples" / "expected" / "planted.json").read_text(encoding="utf-8"))
FIELDS = [
    "possible", "attended", "authorised", "unauthorised", "attendance_pct", "band",
    "lates_half_term", "lates_flag", "pn_threshold_met", "pn_first_met", "pn_window_start",
    "pn_window_sessions", "continuous_absence_days", "longest_absence_days",
    "sickness_sessions", "sickness_flag",
]  # fmt: skip


def check_json(capsys, *args: str) -> dict:
    from attcli import cliutil

    cliutil.console.width = 200
    old = sys.argv
    sys.argv = ["attcli", "check", *args, "--format", "json"]
    try:
        main()
    except SystemExit as exc:
        assert exc.code in (0, None)
    finally:
        sys.argv = old
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("export", ["arbor_autumn_2026.csv", "integris_autumn_2026.xlsx"])
def test_every_planted_pupil_matches_the_independent_figures(capsys, export):
    doc = check_json(capsys, str(EXPORTS / export), "--as-of", EXPECTED["as_of"])
    assert doc["as_of"] == EXPECTED["as_of"]
    assert doc["period"] == EXPECTED["period"]
    by_upn = {p["upn"]: p for p in doc["pupils"]}
    mismatches = []
    for want in EXPECTED["planted"]:
        got = by_upn[want["upn"]]
        for f in FIELDS:
            if got[f] != want[f]:
                mismatches.append(
                    f"{want['case']} {want['upn']} {f}: got {got[f]!r}, expected {want[f]!r}"
                )
    # runs of 3+ days, from the library (the JSON carries evidence for flagged pupils only)
    import datetime as dt

    from attcli.engine import evaluate
    from attcli.loaders import load_registers

    register = load_registers([EXPORTS / export]).register
    ev = evaluate(register, Config(), as_of=dt.date.fromisoformat(EXPECTED["as_of"]))
    for want in EXPECTED["planted"]:
        got_runs = [
            {"start": s.isoformat(), "end": e.isoformat(), "days": n, "codes": c}
            for s, e, n, c in ev.runs.filter(
                (ev.runs["upn"] == want["upn"])
                & (ev.runs["kind"] == "unexplained")
                & (ev.runs["days"] >= 3)
            )
            .select("start", "end", "days", "codes")
            .iter_rows()
        ]
        want_runs = [{k: r[k] for k in ("start", "end", "days", "codes")} for r in want["runs"]]
        if got_runs != want_runs:
            mismatches.append(f"{want['case']} runs: got {got_runs}, expected {want_runs}")
    assert mismatches == []


def test_school_summary_matches(capsys):
    doc = check_json(capsys, str(EXPORTS / "arbor_autumn_2026.csv"))
    summary = EXPECTED["school_summary"]
    pupils = doc["pupils"]
    assert len(pupils) == summary["pupils"]
    assert sum(p["possible"] for p in pupils) == summary["possible"]
    assert sum(p["attended"] for p in pupils) == summary["attended"]
    assert sum(p["authorised"] for p in pupils) == summary["authorised"]
    assert sum(p["unauthorised"] for p in pupils) == summary["unauthorised"]
    bands = dict(summary["bands"])
    bands["no_band"] = bands.pop("none")
    assert doc["summary"]["bands"] == bands
    flagged = summary["flagged"]

    def upns(pred):
        return sorted(p["upn"] for p in pupils if pred(p))

    assert upns(lambda p: p["band"] in ("red", "severe")) == sorted(flagged["red_or_severe"])
    assert upns(lambda p: p["lates_flag"]) == sorted(flagged["lates_autumn2"])
    assert upns(lambda p: p["pn_threshold_met"]) == sorted(flagged["pn_threshold_met"])
    assert upns(lambda p: p["pn_first_met"] is not None) == sorted(flagged["pn_met_in_period"])
    assert upns(lambda p: p["continuous_absence_days"] >= 10) == sorted(
        flagged["continuous_absence_current_10"]
    )
    assert upns(lambda p: p["longest_absence_days"] >= 10) == sorted(
        flagged["continuous_absence_any_10"]
    )
    assert upns(lambda p: p["longest_absence_days"] >= 3) == sorted(
        flagged["continuous_absence_any_3"]
    )
    assert upns(lambda p: p["sickness_flag"]) == sorted(flagged["sickness"])
