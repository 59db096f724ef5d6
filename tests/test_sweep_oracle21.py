"""Sweep oracle21: the references on new edges real registers have, each written from
DOMAIN.md 1, 6, 9 and 12, not from attcli's code (sweep of 7 December (tenth), oracle21):

- ``add_edges21`` (oracle10's ``generate``, oracle11's reference, beside oracle19's and
  oracle13's pupils): a leaver who rejoins the same school weeks later (two spells: `Z`
  between them, or no rows, which without a pupil list is inside the time on roll: missing
  marks, DOMAIN.md 1), back on any weekday, morning or afternoon, now and then after a run
  of `N` that ended the first spell or with one at the start of the second; a pupil who
  joins mid-week (first mark a Tuesday to Thursday, morning or afternoon; before it no row,
  a blank cell or `Z`), now and then absent (`N`) from the first day; and sessions with no
  mark at all (a blank cell, SIMS's `-`, no row; one session or a whole day) in the middle
  of the data and inside a run of `N`/`O`/`G` (DOMAIN.md 1 and 6: left out of possible,
  neither count toward nor break a run, always counted as a data-quality problem).
- ``reissue_year`` (oracleletters' year of `letters` runs): the register exported afresh
  for each run, the weeks already sent corrected: an absence shown `N` for 1 to 4 weeks
  until a note comes in (then `I` or `M`, or the code it always had), and a late arrival
  shown `/` for a week or two before the office codes it `L`.  The reference is given the
  register as each run's export shows it and the letters sent so far: never the same
  letter twice in a half term, never one the corrected register does not call for
  (DOMAIN.md 9, 12).

``python tests/test_sweep_oracle21.py FIRST COUNT [10|11|letters]`` runs a longer sweep.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import pytest
import tests.test_sweep_oracle11 as o11
from tests.test_sweep_oracle10 import Case, generate, term_days
from tests.test_sweep_oracle13 import add_edges13, run_seeds
from tests.test_sweep_oracle19 import add_edges19, lunchtime_export
from tests.test_sweep_oracle19 import compare as compare19

D = dt.date
ONE = dt.timedelta(days=1)
SESSIONS = ("AM", "PM")


def _present(s: str) -> str:
    return "/" if s == "AM" else "\\"


def add_edges21(case: Case, seed: int) -> list[str]:
    """Pupils V00.. added to ``case`` (each export over the dates it holds)."""
    rnd = random.Random(seed * 7919 + 21)
    merged = o11.merged_marks(case)
    days = o11.school_days(merged, case.last_day)
    every = [d for d in term_days() if d <= case.last_day]
    shut = {
        (d, s)
        for d in every
        for s in SESSIONS
        if any((d, s) in ms for ms in merged.values())
        and all(ms.get((d, s), "#") in ("#", "", "Z") for ms in merged.values())
    }
    upto = [d for d in days if d <= case.as_of]
    if len(upto) < 30:
        return []
    added = []
    kinds = ["rejoin", "rejoin", "midweek", "midweek", "holes", "holes"]
    for i, kind in enumerate(rnd.sample(kinds, rnd.randint(2, len(kinds)))):
        upn = f"V{i:02d}"
        ms: dict[tuple[D, str], str] = {
            (d, s): (rnd.choice(["O", "I", "M", "L"]) if rnd.random() < 0.03 else _present(s))
            for d in every for s in SESSIONS}  # fmt: skip
        if kind == "rejoin":
            a = rnd.randrange(len(upto) // 5, len(upto) * 3 // 5)  # the first spell's last day
            gap = rnd.randint(10, 45)  # school days off roll
            b = min(a + 1 + gap, len(upto) - 1)  # back on this day
            join = rnd.choice(SESSIONS)  # ... from this session
            style = rnd.choice(["Z", "Z", "norow"])
            before = rnd.choice([0, 0, 3, 6, 10, 12])  # a run of N ending the first spell
            after = rnd.choice([0, 0, 0, 2, 5])  # ... and N on coming back
            for d in upto[max(0, a - before + 1) : a + 1] if before else []:
                for s in SESSIONS:
                    ms[(d, s)] = rnd.choice(["N", "N", "O", "G"])
            for d in every:
                if upto[a] < d < upto[b] or (d == upto[b] and join == "PM"):
                    for s in SESSIONS if d < upto[b] else ("AM",):
                        if style == "Z":
                            ms[(d, s)] = "Z"
                        else:
                            ms.pop((d, s), None)
            for d in upto[b : b + after]:
                for s in SESSIONS:
                    if (d, s) in ms:
                        ms[(d, s)] = "N"
            note = (
                f"rejoin {style} left {upto[a]} back {upto[b]} {join} "
                f"N {before} before {after} after"
            )
        elif kind == "midweek":
            cands = [d for d in upto[5:] if d.weekday() in (1, 2, 3)]
            first = rnd.choice(cands)
            join = rnd.choice(SESSIONS)
            style = rnd.choice(["norow", "blank", "Z"])
            for key in list(ms):
                if key < (first, join):
                    if style == "norow":
                        del ms[key]
                    else:
                        ms[key] = "" if style == "blank" else "Z"
            absent = rnd.choice([0, 0, 3, 10, 11])
            mine = [d for d in upto if d >= first][:absent]
            for d in mine:
                for s in SESSIONS:
                    if (d, s) >= (first, join):
                        ms[(d, s)] = "N"
            note = f"midweek {style} from {first} {join} N {absent}"
        else:  # holes: sessions with no mark in the middle, some inside a run
            length = rnd.choice([3, 8, 9, 10, 11, 14])
            a = rnd.randrange(len(upto) // 4, len(upto) - length)
            run = upto[a : a + length]
            for d in run:
                for s in SESSIONS:
                    ms[(d, s)] = rnd.choice(["N", "N", "O", "G"])
            holes = []
            for _ in range(rnd.randint(1, 3)):
                d = rnd.choice(run[1:-1] if rnd.random() < 0.7 else upto[2:-2])
                style = rnd.choice(["", "-", "norow"])
                for s in SESSIONS if rnd.random() < 0.5 else (rnd.choice(SESSIONS),):
                    if style == "norow":
                        ms.pop((d, s), None)
                    else:
                        ms[(d, s)] = style
                    holes.append(f"{d}{s}{style or 'blank'}")
            note = f"holes run {length} from {run[0]}: {holes}"
        for k in shut & set(ms):
            if ms[k] not in ("", "Z"):
                ms[k] = "#"
        case.notes.append(f"{upn}:{note}")
        for export in case.exports:
            lo = min(k for e in export.values() for k in e)
            hi_ = max(k for e in export.values() for k in e)
            export[upn] = {k: m for k, m in ms.items() if lo <= k <= hi_}
        case.dob[upn] = D(2014, 3, 1) + i * ONE
        added.append(upn)
    return added


def case_for(seed: int, cme: bool) -> tuple[Case, list[str]]:
    """oracle19's case (its pupils before oracle13's edges, the lunchtime export last) with
    ``add_edges21``'s pupils beside its own."""
    case = generate(seed)
    added = o11.add_run_pupils(case, seed) if cme else []
    more = add_edges19(case, seed, lunchtime=False)
    more += add_edges21(case, seed)
    added += add_edges13(case, seed)
    if random.Random(seed * 4099 + 20).random() < 0.2:
        lunchtime_export(case)
    return case, added + more


def compare(case: Case, added: list[str], folder: Path, cme: bool) -> list[str]:
    return compare19(case, added, folder, cme)


# ---- the letters: a re-issued export each run, the weeks already sent corrected


#: the corrections the year's exports made (the sweep's count): "N->I", "/->L", ...
REISSUED: dict[str, int] = {}


def reissue_year(tmp_path: Path, seed: int, monkeypatch, max_runs: int | None = None):  # noqa: ANN001, ANN201
    """oracleletters' ``one_year`` with each run's export the register re-issued: an
    absence shown `N` for 5 to 20 school days until the note comes in (then `I` or `M`
    where the note says illness, else the code it always had), a late arrival shown `/`
    for 5 to 10 school days before the office codes it `L`.  The reference sees what each
    run's export shows (oracleletters' ``export_as_of``), so a letter sent on an `N` that
    is now `I` is history, not sent again."""
    import tests.test_sweep_oracleletters as ol

    make_year, export_as_of = ol.make_year, ol.export_as_of
    rnd = random.Random(seed * 2203 + 21)
    days = ol.school_days()
    index = {d: i for i, d in enumerate(days)}
    shown: dict[tuple[str, D], tuple[int, tuple[str, str]]] = {}  # (upn, day) -> (lag, marks)

    def year(rng: random.Random):  # noqa: ANN202
        marks, provisional = make_year(rng)
        for upn, by_day in marks.items():
            for d, (am, pm) in sorted(by_day.items()):
                absent = [m for m in (am, pm) if m not in ("/", "\\", "L", "U")]
                if absent and "C2" not in absent and rnd.random() < 0.2:
                    lag = rnd.choice([5, 8, 10, 15, 20])
                    final = rnd.choice(["I", "M", None])
                    if final:  # the note says illness (or an appointment)
                        am = final if am not in ("/", "\\", "L", "U") else am
                        pm = final if pm not in ("/", "\\", "L", "U") else pm
                        by_day[d] = (am, pm)
                    shown[(upn, d)] = (
                        lag,
                        tuple(  # type: ignore[assignment]
                            "N" if m not in ("/", "\\", "L", "U") else m for m in (am, pm)
                        ),
                    )
                    key = f"N->{final or 'as was'}"
                    REISSUED[key] = REISSUED.get(key, 0) + 1
                elif (am, pm) == ("/", "\\") and rnd.random() < 0.03:
                    by_day[d] = ("L", "\\")
                    shown[(upn, d)] = (rnd.choice([5, 7, 10]), ("/", "\\"))
                    REISSUED["/->L"] = REISSUED.get("/->L", 0) + 1
        return marks, provisional

    def as_exported(marks, provisional, end: D, days_: list[D]):  # noqa: ANN001, ANN202
        out = export_as_of(marks, provisional, end, days_)
        upto = sum(1 for d in days if d <= end)
        for (upn, d), (lag, was) in shown.items():
            if d in out.get(upn, {}) and upto <= index[d] + lag:  # not yet corrected
                out[upn][d] = was
        return out

    monkeypatch.setattr(ol, "make_year", year)
    monkeypatch.setattr(ol, "export_as_of", as_exported)
    return ol.one_year(
        tmp_path, seed, praise=seed % 2 == 0, monkeypatch=monkeypatch, max_runs=max_runs
    )


def _letters_sweep(first: int, count: int) -> None:
    import os
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    os.environ["ATTCLI_TODAY"] = "2027-08-31"
    bad = 0
    for seed in range(first, first + count):
        with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
            found, _ = reissue_year(Path(tmp), seed, mp)
        if found:
            bad += 1
            print(
                f"seed {seed}:",
                *[f"{a} {k} {d}\n{t[-1500:]}" for a, k, d, t in found[:2]],
                sep="\n  ",
                flush=True,
            )
        else:
            print(f"seed {seed} ok", flush=True)
    print(f"{bad} of {count} disagree; corrections made: {REISSUED}")


if __name__ == "__main__":
    if sys.argv[3:] == ["letters"]:
        _letters_sweep(int(sys.argv[1]), int(sys.argv[2]))
    else:
        run_seeds(case_for, compare, "/tmp/oracle21-work/o21", sys.argv)
