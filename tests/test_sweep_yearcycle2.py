"""Sweep "yearcycle2" (5 December, third): the turn of the school year in real hands.

Exports crossing the summer (Summer 2 of 2025/26 to Friday 17 July 2026, Autumn 1 of
2026/27 from Thursday 3 September), the term dates of tests/test_sweep_cadence.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register_rows, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace
from test_sweep_cadence import TWO_YEARS, _school_days

D = dt.date
P = "/\\"


def _workspace(tmp_path: Path, years=TWO_YEARS) -> Path:
    toml = "".join(
        f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n' for n, s, e in years
    )
    return make_workspace(tmp_path / "ws", toml)


def _export(path: Path, first: dt.date, last: dt.date, pupils: dict) -> Path:
    """pupils: upn -> (year group, dob, pattern(day) -> 'AM PM' marks or None for no row)."""
    rows = []
    for upn, (yg, dob, pattern) in pupils.items():
        for day in _school_days(first, last):
            marks = pattern(day)
            if marks is None:
                continue
            for s, m in zip(("AM", "PM"), marks, strict=True):
                rows.append({"upn": upn, "date": day, "session": s, "mark": m,
                             "year_group": yg, "dob": dob})
    return write_long_csv(register_rows(rows), path, dob=True, groups=True)


def test_a_warning_of_last_july_is_not_called_unsupported_by_september_s_export_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PN (of compulsory school age) was O on 13-15/07/2026 (6 sessions) and on Mon
    07/09 and Tue 08/09 (4): 10 unauthorised sessions in the 10 school weeks 01/06 to
    14/09 (weeks of 01/06 ... 13/07, then of 31/08, 07/09 and 14/09; DOMAIN.md 5: the
    window spans the summer).  The letters run as of Mon 14/09 with July's and
    September's exports sends the warning.  The next run, the same day, is given
    September's export alone (the office's usual weekly file): its window holds 3 of the
    10 school weeks (said in a note), 4 sessions.  No mark was corrected: the warning
    must not be listed "no longer called for ... consider telling the family" (it would
    have the family told the warning is void).  With both exports it is not listed either;
    a real correction (September's O made I) still is."""
    cfg = _workspace(tmp_path)
    jul_o = {D(2026, 7, 13), D(2026, 7, 14), D(2026, 7, 15)}
    sep_o = {D(2026, 9, 7), D(2026, 9, 8)}
    born = D(2014, 10, 1)
    jul = _export(tmp_path / "jul.csv", D(2025, 9, 3), D(2026, 7, 17),
                  {"PN": ("7", born, lambda d: "OO" if d in jul_o else P)})  # fmt: skip
    sep = _export(tmp_path / "sep.csv", D(2026, 9, 3), D(2026, 9, 14),
                  {"PN": ("8", born, lambda d: "OO" if d in sep_o else P)})  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", [("PN", "C1", "Ms", "Ada", "Pen")])
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-14")

    def letters(*exports: Path, out: str) -> str:
        code, text, err = run_cli(
            "letters", *exports, "--contacts", contacts, "-c", cfg, "--as-of", "2026-09-14",
            "--out", tmp_path / out, width=250,
        )  # fmt: skip
        assert code == 0, err
        return " ".join((text + err).split())

    first = letters(jul, sep, out="l1")
    assert "penalty_notice_warning" in first and "written" in first
    alone = letters(sep, out="l2")
    assert "the exports hold 3 of the 10 school weeks" in alone
    assert "no longer called for" not in alone
    assert "consider telling the family" not in alone
    both = letters(jul, sep, out="l3")
    assert "no longer called for" not in both
    # the control: September's O made I (illness) in both exports: 6 sessions now
    ill = _export(tmp_path / "sep-ill.csv", D(2026, 9, 3), D(2026, 9, 14),
                  {"PN": ("8", born, lambda d: "II" if d in sep_o else P)})  # fmt: skip
    corrected = letters(jul, ill, out="l4")
    assert "no longer called for" in corrected
    assert "6 unauthorised sessions in the penalty-notice window" in corrected



def test_a_pupil_who_left_the_ladder_last_year_is_judged_on_this_year_s_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RED was O every Monday of September and October 2025 (2025/26): the letters run of
    Fri 10/10/2025 sent the red letter (the default ladder's red stage), and he came every
    day after October, so his red period ended improved and he left the ladder (on
    04/12/2025, as `cases` places him).  In September 2026 he is O every Monday again:
    as of Mon 21/09/2026 (Autumn 1 from Thu 03/09: 13 school days, 26 sessions, the
    Mondays 07/09, 14/09 and 21/09 absent) his year is 20/26 = 76.9 %, red (DOMAIN.md 2:
    the figures are this year's).  His attendance "since leaving the ladder" was counted
    from 05/12/2025, across the summer into last year (280/286 = 97.9 %), so `letters` held
    his red letter ("left the ladder improved on 04/12/2025; since then 97.9% ...") and
    `cases` did not list him at all: a red pupil missed.  The figure since leaving is
    counted within the school year: since 1 September it is the year's own, so the red
    letter is due (cases) and written (letters); the note does not say "since leaving"."""
    cfg = _workspace(tmp_path)
    born = D(2014, 10, 1)
    red = lambda d: "OO" if d.weekday() == 0 and d.month in (9, 10) else P  # noqa: E731
    jul = _export(tmp_path / "jul.csv", D(2025, 9, 3), D(2026, 7, 17),
                  {"RED": ("7", born, red), "ANN": ("7", born, lambda d: P)})  # fmt: skip
    sep = _export(tmp_path / "sep.csv", D(2026, 9, 3), D(2026, 9, 21),
                  {"RED": ("8", born, red), "ANN": ("8", born, lambda d: P)})  # fmt: skip
    contacts = contacts_file(tmp_path / "contacts.csv", [("RED", "C1", "Ms", "Ada", "Red")])
    monkeypatch.setenv("ATTCLI_TODAY", "2025-10-10")
    code, out, err = run_cli("letters", jul, "--contacts", contacts, "-c", cfg,
                             "--as-of", "2025-10-10", "--out", tmp_path / "oct")  # fmt: skip
    assert code == 0, err
    assert "RED_SurnameRED_ForenameRED_red.pdf" in out
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-21")
    code, js, err = run_cli("cases", jul, sep, "-c", cfg, "--as-of", "2026-09-21", "-f", "json")
    assert code == 0, err
    cases = {c["upn"]: c for c in json.loads(js)["cases"]}
    assert "RED" in cases, js
    assert cases["RED"]["attendance_pct"] == 76.9
    assert (cases["RED"]["due"], cases["RED"]["due_stage"]) == ("letter", "red")
    assert "since leaving" not in (cases["RED"]["note"] or "")
    code, out, err = run_cli("letters", jul, sep, "--contacts", contacts, "-c", cfg,
                             "--as-of", "2026-09-21", "--out", tmp_path / "sep", width=250)  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "left the ladder improved" not in said
    with (tmp_path / "sep" / "manifest.csv").open(encoding="utf-8-sig") as f:
        sent = [(r["upn"], r["template"]) for r in csv.DictReader(f)]
    assert ("RED", "red") in sent
