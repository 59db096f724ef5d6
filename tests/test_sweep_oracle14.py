"""Sweep oracle14: oracle10's and oracle11's references (tests/test_sweep_oracle10.py,
tests/test_sweep_oracle11.py) on new seeds, with edges of real registers none of the
generators (oracle4-13) made, each worked from DOMAIN.md 1, 2, 5, 6, 10 and 12
(sweep of 7 December (sixth), oracle14):

- the as-of date in January to early March (oracle10's ``generate(seed, winter=True)``):
  the 10-school-week window across Christmas and the January INSET day, runs of
  unexplained absence across the Christmas holiday;
- the 2024 codes for a closure no one planned (`Y1`..`Y7`): a day, two or three days
  across a weekend, a whole week, an afternoon, or the as-of date itself closed for
  everyone (snow: no school day, no school week, no half term ended: DOMAIN.md 10);
- `Y` codes a pupil alone has (`Y1` no transport, `Y3` part of the school closed, `Y5`
  in custody, for days or weeks), inside or next to a run of `N`/`O`/`G` and a window;
- MIS sub-codes written as the MIS writes them (`I01`, `I_F` for `I`, `X01`..`X07` for
  `X`), counted as their parent code (DOMAIN.md 1), the reference reading the parent.

``python tests/test_sweep_oracle14.py FIRST COUNT [10|11]`` runs a longer sweep against
either reference (oracle13's edges included); the test runs a seed or two.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import zlib
from pathlib import Path

import pytest
import tests.test_sweep_oracle10 as o10
import tests.test_sweep_oracle11 as o11
from tests.test_sweep_oracle10 import Case, generate, monday
from tests.test_sweep_oracle13 import _csv_forms, _merged, add_edges13, run_seeds
from tests.test_sweep_oracle13 import compare as compare13

D = dt.date
ONE = dt.timedelta(days=1)
SESSIONS = ("AM", "PM")
Y = [f"Y{i}" for i in range(1, 8)]


def add_edges14(case: Case, seed: int) -> list[str]:
    """Snow closures for everyone and a pupil's own `Y` codes (applied last, over every
    pupil the other edges added); returns no new pupils."""
    rnd = random.Random(seed * 7727 + 14)
    merged = _merged(case)
    days = sorted({k[0] for ms in merged.values() for k in ms})
    winter = [d for d in days if D(2027, 1, 5) <= d <= case.last_day]
    if not winter:
        return []
    code = rnd.choice(["Y1", "Y2", "Y4", "Y4", "Y7"])
    kind = rnd.choice(["day", "days", "week", "asof", "pm", "none"])
    shut: set[tuple[D, str]] = set()
    if kind == "day":
        shut = {(rnd.choice(winter), s) for s in SESSIONS}
    elif kind == "days":  # two or three days, across a weekend or not
        i = rnd.randrange(len(winter))
        shut = {(d, s) for d in winter[i:i + rnd.choice([2, 3])] for s in SESSIONS}
    elif kind == "week":
        m = monday(rnd.choice(winter))
        shut = {(d, s) for d in winter if monday(d) == m for s in SESSIONS}
    elif kind == "asof" and case.as_of in winter:  # closed on the day asked, and after
        shut = {(d, s) for d in winter if case.as_of <= d < case.as_of + rnd.choice([1, 3, 5]) * ONE
                for s in SESSIONS}
    elif kind == "pm":
        shut = {(rnd.choice(winter), "PM")}
    for export in case.exports:
        for ms in export.values():
            for k in shut:
                if ms.get(k, "") not in ("", "Z", "-"):
                    ms[k] = code
    if shut:
        case.notes.append(f"snow {kind} {code} {min(shut)[0]}..{max(shut)[0]}")
    # a pupil's own `Y` codes: a few pupils, days to weeks, anywhere in the data
    upns = sorted(merged)
    for upn in rnd.sample(upns, min(len(upns), rnd.choice([0, 1, 2, 3]))):
        mine = rnd.choice(["Y1", "Y3", "Y5", "Y5"])
        i = rnd.randrange(len(days))
        span = days[i:i + rnd.choice([1, 2, 5, 12, 25])]
        half = rnd.random() < 0.2  # the mornings alone (no transport in the morning)
        for export in case.exports:
            ms = export.get(upn, {})
            for d in span:
                for s in ("AM",) if half else SESSIONS:
                    if ms.get((d, s), "") not in ("", "Z", "-", "#") and (d, s) not in shut:
                        ms[(d, s)] = mine
        case.notes.append(f"{upn}:{mine} {span[0]}..{span[-1]}{' AM' if half else ''}")
    return []


SUBCODES = {"I": ["I01", "I_F"], "X": [f"X0{i}" for i in range(1, 8)]}


def _sub(export: dict, salt: int) -> dict:
    """The export as an MIS with sub-codes writes it: `I` and `X` as one of theirs, the
    same session the same in every export (a pupil's sub-code is not a correction)."""
    out = {}
    for upn, ms in export.items():
        new = {}
        for k, m in ms.items():
            if m in SUBCODES:
                h = zlib.crc32(f"{salt}{upn}{k}".encode())
                if h % 3:  # two in three written as a sub-code
                    m = SUBCODES[m][h % len(SUBCODES[m])]
            new[k] = m
        out[upn] = new
    return out


def case_for(seed: int, cme: bool) -> tuple[Case, list[str]]:
    case = generate(seed, winter=True)
    added = o11.add_run_pupils(case, seed) if cme else []
    added += add_edges13(case, seed)
    add_edges14(case, seed)
    return case, added


def compare(case: Case, added: list[str], folder: Path, cme: bool) -> list[str]:
    """oracle13's comparison (the long export with attribute columns, or the wide one),
    each export written with sub-codes; the references read the parent codes."""
    forms = _csv_forms(getattr(case, "forms", {}))
    wide = o10._wide_csv

    def long_sub(export: dict, dob: dict, path: Path) -> Path:
        return forms(_sub(export, case.seed), dob, path)

    def wide_sub(export: dict, dob: dict, path: Path) -> Path:
        return wide(_sub(export, case.seed), dob, path)

    return compare13(case, added, folder, cme, long=long_sub, wide=wide_sub)


if __name__ == "__main__":
    run_seeds(case_for, compare, "/tmp/oracle14-work", sys.argv)


#: Spring 1 as of Fri 5 Feb, the week of 1 Feb closed by snow (`Y1`) but for a minority's
#: `-` on Thursday and Friday (the register not taken for them), a pupil's lates round
#: Spring 1's first day, a year group typed wrong for a week (150018); more:
#: ``python tests/test_sweep_oracle14.py FIRST COUNT``
CHECK_SEEDS = [150018]


@pytest.mark.parametrize("seed", CHECK_SEEDS)
def test_check_agrees_with_oracle10_on_winter_registers(seed: int, tmp_path: Path) -> None:
    case, added = case_for(seed, cme=False)
    assert compare(case, added, tmp_path, cme=False) == [], (seed, case.as_of, case.notes)


# ---- the disagreements, each pinned on a register worked by hand (each was the
# reference's: attcli's readings below are DOMAIN.md's and the decided ones)


def _rows(days: list[D], marks) -> list[tuple[str, D, str, str]]:  # noqa: ANN001
    return [(upn, d, s, marks(upn, d, s)) for d in days for s in SESSIONS for upn in "ABCD"]


def test_a_snow_week_with_a_minority_s_dash_is_no_school_week_and_the_dashes_are_listed(
    tmp_path: Path,
) -> None:
    """Autumn 2026 from Mon 7 Sep (half term 26-30 Oct), the register to Fri 27 Nov: 11
    weeks, 55 school days.  The week of Mon 12 Oct is closed by snow: `Y1` in A's, C's and
    D's rows, and SIMS's `-` (no mark recorded) in B's, the office having missed B.  A
    week with no session of the school's is no school week (DOMAIN.md 10; `-` for 1 pupil
    in 4 is no register of the school's, decided `roll.DASH_DAY_SHARE`), so the 10 school
    weeks up to 27 Nov start on Mon 7 Sep.  B: `O` on Mon 7 Sep AM and on the 9 Fridays'
    afternoons of the other school weeks but the last = 10 unauthorised sessions in the
    window: the threshold met (with the snow week counted the window would start on 14
    Sep, 9 sessions).  B's `-` are 10 missing marks, wherever they stand (DOMAIN.md 1),
    not possible sessions: 50 school days, 100 possible, 90 attended = 90.0 % exactly,
    red (attendance <= 90 %, compared on integers).  oracle10's reference counted the
    week as a school week (its closed days took `#` and `Y` alone) and then the `-` on
    closed days as no missing marks (seeds 150018, 150033, 150108, 150113 and 4 more)."""
    from tests.builders import write_marks_csv
    from tests.clirun import check_json, pupil_of
    from tests.school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    days = [D(2026, 9, 7) + i * ONE for i in range(82)]
    days = [d for d in days if d.weekday() < 5 and not D(2026, 10, 26) <= d <= D(2026, 10, 30)]
    snow = {d for d in days if monday(d) == D(2026, 10, 12)}
    fridays = [d for d in days if d.weekday() == 4 and d not in snow][:9]
    o_b = {(D(2026, 9, 7), "AM")} | {(d, "PM") for d in fridays}

    def mark(upn: str, d: D, s: str) -> str:
        if d in snow:
            return "-" if upn == "B" else "Y1"
        if upn == "B" and (d, s) in o_b:
            return "O"
        return "/" if s == "AM" else "\\"

    assert len(days) == 55 and len(fridays) == 9 and len(o_b) == 10
    export = write_marks_csv(tmp_path / "export.csv", _rows(days, mark))
    code, doc, err = check_json(export, "--config", config, as_of="2026-11-27")
    assert code == 0 and doc, err
    b = pupil_of(doc, "B")
    assert (b["possible"], b["attended"], b["unauthorised"]) == (100, 90, 10)
    assert (b["attendance_pct"], b["band"]) == (90.0, "red")
    assert (b["pn_window_start"], b["pn_window_sessions"], b["pn_threshold_met"]) == (
        "2026-09-07", 10, True)
    assert b["missing_marks"] == 10
    assert pupil_of(doc, "A")["possible"] == 100


def test_the_age_is_the_as_of_date_s_when_the_figures_stop_before_it(tmp_path: Path) -> None:
    """Autumn 2026 and Spring 1 from Mon 4 Jan 2027; the register to Wed 16 Dec (the last
    two days of term not yet in the export), as of Mon 4 Jan: the figures are as of 16
    Dec (INCOMPLETE DATA).  B, in Reception, born 1 Oct 2021, is of compulsory school age
    from 31 Dec 2026 (the prescribed day on or after the 5th birthday, DOMAIN.md 5), so on
    the as-of date asked: `compulsory_school_age` true (decided: check keeps the as-of
    date's age).  B's 10 `O` sessions (Tue 1 to Fri 4 Dec and Mon 7 Dec) are before it:
    none counts toward the window, no threshold met.  oracle10's reference asked the age
    on the figures' date (seed 150383)."""
    from tests.clirun import check_json, pupil_of
    from tests.school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS + (
        '\n[[calendar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-04\n'
        'end = 2027-02-12\n'))
    days = [D(2026, 9, 7) + i * ONE for i in range(101)]
    days = [d for d in days if d.weekday() < 5 and not D(2026, 10, 26) <= d <= D(2026, 10, 30)]
    absent = {d for d in days if D(2026, 12, 1) <= d <= D(2026, 12, 7)}
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    for d in days:
        for s in SESSIONS:
            for upn, born in (("A", "01/01/2016"), ("B", "01/10/2021")):
                m = "O" if upn == "B" and d in absent else "/" if s == "AM" else "\\"
                lines.append(f"{upn},S{upn},F{upn},{born},{d:%d/%m/%Y},{s},{m}")
    export = tmp_path / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert days[-1] == D(2026, 12, 16) and len(absent) == 5
    code, doc, err = check_json(export, "--config", config, as_of="2027-01-04")
    assert code == 0 and doc, err
    assert "Figures are as of 16/12/2026" in err
    b = pupil_of(doc, "B")
    assert (b["compulsory_school_age"], b["unauthorised"]) == (True, 10)
    assert (b["pn_window_sessions"], b["pn_threshold_met"]) == (0, False)
