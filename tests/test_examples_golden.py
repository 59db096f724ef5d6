"""The shipped example school, checked against values worked out independently.

``examples/expected/planted.json`` is written by ``tools/generate_exports.py``
with plain Python loops over the marks it wrote (it imports nothing from attcli).
Here the same exports go through the loaders, the engine and the JSON contract
of ``attcli check``, and every planted pupil must match field by field: as of
18 Dec for the autumn export (Arbor long CSV and Integris wide xlsx), and as of
15 Jan for the autumn export plus the two weekly Arbor exports loaded together.
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
CONFIG = ROOT / "examples" / "attcli.toml"
EXPECTED = json.loads((ROOT / "examples" / "expected" / "planted.json").read_text(encoding="utf-8"))
SPRING = EXPECTED["spring"]
FIELDS = [
    "possible", "attended", "authorised", "unauthorised", "attendance_pct", "band",
    "lates_half_term", "lates_flag", "pn_threshold_met", "pn_first_met", "pn_window_start",
    "pn_window_sessions", "continuous_absence_days", "longest_absence_days",
    "sickness_sessions", "sickness_flag",
    "missing_marks", "on_roll", "left_on", "compulsory_school_age",
]  # fmt: skip
#: the data-quality kinds planted.json lists in full; others attcli may add are not judged here
DQ_KINDS = ("missing_mark", "missing_row", "stale_n", "stray_day")
AUTUMN_FILES = {"arbor": "arbor_autumn_2026.csv", "integris": "integris_autumn_2026.xlsx"}
SPRING_FILES = [str(ROOT / "examples" / f) for f in SPRING["files"]]


def check_json(capsys, *args: str) -> dict:
    from attcli import cliutil

    old, width = sys.argv, cliutil.console.width
    cliutil.console.width = 200
    sys.argv = ["attcli", "check", *args, "--format", "json"]
    try:
        main()
    except SystemExit as exc:
        assert exc.code in (0, None)
    finally:
        # (the width put back: a test run after this one in the same worker drew its
        # tables 200 columns wide, and one reading the 80-column layout failed)
        sys.argv, cliutil.console.width = old, width
    return json.loads(capsys.readouterr().out)


def field_mismatches(doc: dict, planted: list[dict]) -> list[str]:
    by_upn = {p["upn"]: p for p in doc["pupils"]}
    out = []
    for want in planted:
        got = by_upn.get(want["upn"])
        if got is None:
            out.append(f"{want['case']} {want['upn']}: not listed")
            continue
        for f in FIELDS:
            if got.get(f, "<missing>") != want[f]:
                out.append(
                    f"{want['case']} {want['upn']} {f}: got {got.get(f, '<missing>')!r}, "
                    f"expected {want[f]!r}"
                )
    return out


def dq_items(doc: dict, kind: str) -> list[tuple[str, str, str]]:
    return sorted(
        (i["upn"], i["date"], i["session"]) for i in doc["data_quality"] if i["kind"] == kind
    )


def expected_items(items: list[dict]) -> list[tuple[str, str, str]]:
    return sorted((i["upn"], i["date"], i["session"]) for i in items)


def dq_mismatches(doc: dict, want: dict, missing_mark_key: str = "missing_mark") -> list[str]:
    expected = {
        "missing_mark": expected_items(want[missing_mark_key]),
        "missing_row": [] if missing_mark_key != "missing_mark" else expected_items(
            want["missing_row"]
        ),
        "stale_n": expected_items(want["stale_n"]),
        "stray_day": want["stray_day"],
    }
    out = []
    for kind in DQ_KINDS:
        got = dq_items(doc, kind)
        if got != expected[kind]:
            extra = sorted(set(got) - set(expected[kind]))[:5]
            lost = sorted(set(expected[kind]) - set(got))[:5]
            out.append(
                f"data_quality {kind}: {len(got)} items, expected {len(expected[kind])}; "
                f"unexpected {extra}, not listed {lost}"
            )
    return out


def summary_mismatches(doc: dict, summary: dict, lates_key: str) -> list[str]:
    pupils = doc["pupils"]
    out = []
    totals = {k: sum(p[k] for p in pupils) for k in
              ("possible", "attended", "authorised", "unauthorised", "missing_marks")}  # fmt: skip
    for k, got in [("pupils", len(pupils)), *totals.items()]:
        if got != summary[k]:
            out.append(f"summary {k}: got {got}, expected {summary[k]}")
    bands = dict(summary["bands"])
    bands["no_band"] = bands.pop("none")
    if doc["summary"]["bands"] != bands:
        out.append(f"summary bands: got {doc['summary']['bands']}, expected {bands}")
    flagged = summary["flagged"]

    def upns(pred):
        return sorted(p["upn"] for p in pupils if pred(p))

    checks = {
        "red_or_severe": lambda p: p["band"] in ("red", "severe"),
        "severe": lambda p: p["band"] == "severe",
        lates_key: lambda p: p["lates_flag"],
        "pn_threshold_met": lambda p: p["pn_threshold_met"],
        "pn_met_in_period": lambda p: p["pn_first_met"] is not None,
        "continuous_absence_current_10": lambda p: p["continuous_absence_days"] >= 10,
        "continuous_absence_any_10": lambda p: p["longest_absence_days"] >= 10,
        "continuous_absence_any_3": lambda p: p["longest_absence_days"] >= 3,
        "sickness": lambda p: p["sickness_flag"],
        "missing_marks": lambda p: p["missing_marks"] > 0,
        "not_on_roll": lambda p: not p["on_roll"],
        "not_compulsory_school_age": lambda p: p["compulsory_school_age"] is False,
    }
    for name, pred in checks.items():
        got = upns(pred)
        if got != sorted(flagged[name]):
            out.append(f"flagged {name}: got {got}, expected {sorted(flagged[name])}")
    return out


@pytest.mark.parametrize("export", AUTUMN_FILES.values())
def test_every_planted_pupil_matches_the_independent_figures(capsys, export):
    doc = check_json(capsys, str(EXPORTS / export), "--as-of", EXPECTED["as_of"])
    assert doc["as_of"] == EXPECTED["as_of"]
    assert doc["period"] == EXPECTED["period"]
    mismatches = field_mismatches(doc, EXPECTED["planted"])
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


@pytest.mark.parametrize("shape", AUTUMN_FILES)
def test_data_quality_list_matches(capsys, shape):
    """Arbor (long): 5 '-' are missing marks, 2 absent PM rows missing rows.  Integris
    (wide): the same 2 sessions are blank cells, so 7 missing marks and no missing rows.
    Both: every N with more than 5 school days after it up to 18 Dec is stale."""
    doc = check_json(capsys, str(EXPORTS / AUTUMN_FILES[shape]), "--as-of", EXPECTED["as_of"])
    want = EXPECTED["data_quality"]
    key = "missing_mark" if shape == "arbor" else "wide_missing_mark"
    assert dq_mismatches(doc, want, key) == []
    for item in doc["data_quality"]:
        assert set(item) >= {"kind", "upn", "date", "session", "detail"}, item
    assert doc["corrections"] == []


def test_school_summary_matches(capsys):
    doc = check_json(capsys, str(EXPORTS / "arbor_autumn_2026.csv"))
    assert doc["coverage"]["complete"] is True, doc["coverage"]
    assert summary_mismatches(doc, EXPECTED["school_summary"], "lates_autumn2") == []


def test_spring_weekly_exports_with_the_autumn_one(capsys):
    """Autumn + 8 Jan + 15 Jan exports as of 15 Jan: the 15 Jan export's final codes
    replace the 8 Jan one's N (corrections, not conflicts), the Reception pupil's January
    N count toward a penalty notice and the autumn ones do not, leavers stay left."""
    doc = check_json(
        capsys, *SPRING_FILES, "--as-of", SPRING["as_of"], "--config", str(CONFIG)
    )
    assert doc["as_of"] == SPRING["as_of"]
    assert doc["period"] == SPRING["period"]
    assert doc["coverage"]["complete"] is True and doc["coverage"]["gaps"] == [], doc["coverage"]
    assert corrections(doc) == SPRING["corrections"]
    assert field_mismatches(doc, SPRING["planted"]) == []
    assert dq_mismatches(doc, SPRING["data_quality"]) == []
    assert summary_mismatches(doc, SPRING["school_summary"], "lates_spring1") == []


def corrections(doc: dict) -> list[dict]:
    """The JSON corrections with each file named as the generator names it (attcli gives the
    path as it was typed, and names the export replaced too)."""
    return [
        {**{k: v for k, v in c.items() if k != "was_file"}, "file": Path(c["file"]).name}
        for c in doc["corrections"]
    ]


def test_spring_corrections_do_not_depend_on_the_order_the_files_are_given(capsys):
    doc = check_json(
        capsys, *reversed(SPRING_FILES), "--as-of", SPRING["as_of"], "--config", str(CONFIG)
    )
    assert corrections(doc) == SPRING["corrections"]
    assert field_mismatches(doc, SPRING["planted"]) == []
