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

import contextlib
import datetime as dt
import random
import re
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


# ---- the weekly check on a re-issued export, recorded week by week (the history store)

BAND_GROUPS = {"band:severe", "band:red", "band:amber", "lates"}
#: what the weekly checks compared (the sweep's count)
CHECKED: dict[str, int] = {}


def _groups(reg: dict, as_of: D, half_terms: list, left: set[str]) -> dict[str, set[str]]:
    """DOMAIN.md 3 and 4 from the register as the run's export shows it: the band of the
    year to date (on exact integers; under 10 possible sessions none) and 4 or more `L`/`U`
    in the half term to the as-of date; a pupil who has left is in no group (README)."""
    from tests.oracleletters_ref import AUTHORISED, PRESENT, UNAUTHORISED, band_of

    ht = next(h for h in half_terms if h.start <= as_of <= h.end)
    out = {}
    for upn, by_day in reg.items():
        if not by_day:  # not yet joined: no row in the export
            continue
        att = poss = lates = 0
        for d, pair in by_day.items():
            for m in pair:
                if m in PRESENT or m in AUTHORISED or m in UNAUTHORISED:
                    poss += 1
                    att += m in PRESENT
                    lates += m in ("L", "U") and ht.start <= d
        band = band_of(att, poss)
        out[upn] = (
            set()
            if upn in left
            else ({f"band:{band}"} if band in ("amber", "red", "severe") else set())
            | ({"lates"} if lates >= 4 else set())
        )
    return out


def _half_term(day: D) -> str:
    import tests.test_sweep_oracleletters as ol

    return next(h.name for h in ol.HALF_TERMS if h.start <= day <= h.end)


def reissue_checks(tmp_path: Path, seed: int, max_runs: int | None = None) -> list[str]:
    """oracleletters' year, re-issued as ``reissue_year`` makes it, checked and recorded
    (`check --record`) on each run's date: each run's corrections since the run before
    (DOMAIN.md 12: an `N` of that run given a code now; no mark now is a problem, never a
    correction), its band and lateness groups and which of them are NEW (not in that group
    in the check recorded before: README, docs/cases.md "Snapshots")."""
    import json

    import tests.test_sweep_oracleletters as ol
    from tests.clirun import run_cli
    from tests.school import make_workspace

    diffs: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        captured = {}

        def one_year(tmp, seed_, praise, monkeypatch, max_runs=None):  # noqa: ANN001, ANN202
            rng = random.Random(seed_)
            captured["marks"], captured["prov"] = ol.make_year(rng)
            captured["runs"] = ol.plan_runs(rng, ol.school_days())
            return [], None

        mp.setattr(ol, "one_year", one_year)
        reissue_year(tmp_path, seed, mp)
        marks, prov, runs = captured["marks"], captured["prov"], captured["runs"]
        days = ol.school_days()
        config = make_workspace(tmp_path / "ws", ol.TOML)
        before: tuple[D, dict, dict] | None = None  # the run recorded last: date, register, groups
        for k, as_of in enumerate(runs[:max_runs]):
            reg = ol.export_as_of(marks, prov, as_of, days)
            export = ol.write_export(reg, tmp_path / f"export-{k}.csv")
            mp.setenv("ATTCLI_TODAY", as_of.isoformat())
            code, out, err = run_cli(
                "check", export, "--config", config, "--record", "--format", "json"
            )
            if code != 0:
                return [f"{as_of}: check exit {code}: {err}"]
            doc = json.loads(out)
            last = max(d for by in reg.values() for d in by)
            left = {u for u, by in reg.items() if by and max(by) < last}
            want = _groups(reg, as_of, ol.HALF_TERMS, left)
            got = {p["upn"]: set(p["groups"]) & BAND_GROUPS for p in doc["pupils"]}
            new = {p["upn"]: set(p["new_groups"] or []) & BAND_GROUPS for p in doc["pupils"]}
            for upn in sorted(set(want) | set(got)):
                if got.get(upn) != want.get(upn):
                    diffs.append(
                        f"{as_of} {upn} groups: attcli {got.get(upn)} oracle {want.get(upn)}"
                    )
                elif before is not None:
                    then = before[2].get(upn, set())
                    if _half_term(before[0]) != _half_term(as_of):
                        # DOMAIN.md 4: lates count within one half term; a new one's flag is
                        # reached afresh (docs/cases.md, `half_term_new_in`: NEW marks it)
                        then = then - {"lates"}
                    w = {g for g in want[upn] if g not in then}
                    if new.get(upn, set()) != w:
                        diffs.append(
                            f"{as_of} {upn} NEW against {before[0]}: attcli "
                            f"{new.get(upn)} oracle {w} (then {then})"
                        )
            corr = {
                (c["upn"], c["date"], c["session"], c["was"], c["now"]) for c in doc["corrections"]
            }
            wantc = set()
            if before is not None:
                for upn, by_day in before[1].items():
                    for d, pair in by_day.items():
                        now = reg.get(upn, {}).get(d)
                        for i, s in enumerate(SESSIONS):
                            if pair[i] == "N" and now and now[i] not in ("N", "", "-"):
                                wantc.add((upn, d.isoformat(), s, "N", now[i]))
            CHECKED["runs"] = CHECKED.get("runs", 0) + 1
            CHECKED["corrections"] = CHECKED.get("corrections", 0) + len(wantc)
            CHECKED["new"] = CHECKED.get("new", 0) + sum(len(v) for v in new.values())
            CHECKED["in groups"] = CHECKED.get("in groups", 0) + sum(map(len, want.values()))
            if corr != wantc:
                diffs.append(
                    f"{as_of} corrections since {before and before[0]}: attcli-only "
                    f"{sorted(corr - wantc)[:6]} oracle-only {sorted(wantc - corr)[:6]}"
                )
            if diffs:
                return diffs
            before = (as_of, reg, want)
    return diffs


def _checks_sweep(first: int, count: int) -> None:
    import tempfile

    bad = 0
    for seed in range(first, first + count):
        with tempfile.TemporaryDirectory(dir="/tmp/oracle21-work") as tmp:
            found = reissue_checks(Path(tmp), seed)
        bad += bool(found)
        print(
            f"seed {seed} ok" if not found else f"seed {seed}:",
            *found[:6],
            sep="\n    ",
            flush=True,
        )
    print(f"{bad} of {count} disagree; corrections made: {REISSUED}; compared: {CHECKED}")


# ---- a pupil list with two spells (tests/test_sweep_oracle.py's registers and reference)


def make_case2(seed: int):  # noqa: ANN201
    """tests/test_sweep_oracle.py's ``make_case`` with, where it gives a pupil list, one
    pupil on roll throughout made a leaver who rejoins (two rows in the list, DOMAIN.md 1:
    the list's dates decide the time on roll): the first spell ends on a school day, the
    second starts 3-15 days later on any weekday; between them no rows or `Z`; now and
    then a run of `N` to the first spell's end.  ``case.spells2``: upn -> the second
    spell (start, None)."""
    import tests.test_sweep_oracle as o

    case = o.make_case(seed)
    case.spells2 = {}
    if case.pupil_list is None:
        return case
    rnd = random.Random(seed * 6007 + 21)
    days = sorted({d for ms in case.marks.values() for (d, _), m in ms.items()
                   if o.possible(m)})  # fmt: skip
    earlier = {u for u, _, _ in case.earlier}
    cands = [u for i, u in enumerate(case.marks) if i >= 2 and u not in earlier
             and case.pupil_list[u] == (case.start, None)
             and not (case.conflict and case.conflict[0] == u)]  # fmt: skip
    if len(days) < 12 or not cands:
        return case
    upn = rnd.choice(cands)
    b1 = rnd.randrange(3, len(days) // 2)
    a2 = min(b1 + rnd.randint(3, 15), len(days) - 3)
    ms = case.marks[upn]
    if rnd.random() < 0.4:
        for d in days[max(0, b1 - rnd.randint(1, 9)) : b1 + 1]:
            for s in SESSIONS:
                if o.possible(ms.get((d, s), "")):
                    ms[(d, s)] = "N"
    style = rnd.choice(["norow", "Z"])
    for key in [k for k in ms if days[b1] < k[0] < days[a2]]:
        if style == "norow":
            del ms[key]
        else:
            ms[key] = "Z"
    case.pupil_list[upn] = (case.start, days[b1])
    case.spells2[upn] = (days[a2], None)
    return case


def _two_spells(case) -> contextlib.AbstractContextManager:  # noqa: ANN001
    """The reference's time on roll with the second spells (DOMAIN.md 1), and the pupil
    list written with a row for each spell."""
    import tests.test_sweep_oracle as o

    stack = contextlib.ExitStack()
    spells2 = getattr(case, "spells2", {})
    if not spells2:
        return stack
    on_roll_on, init, write = o.Oracle.on_roll_on, o.Oracle.__init__, o.write_exports
    on_roll_ = o.Oracle.on_roll

    first = {u: case.pupil_list[u] for u in spells2}

    def on(self, upn: str, d: D) -> bool:  # noqa: ANN001
        if upn in spells2:  # the first spell or the second
            return first[upn][0] <= d <= first[upn][1] or spells2[upn][0] <= d
        return on_roll_on(self, upn, d)

    def on_roll(self, upn: str) -> bool:  # noqa: ANN001
        """(the reference's reading, each spell as a time on roll) on roll when the first
        spell reaches the last school day up to the as-of date, or the second has begun by
        the as-of date; between them the pupil has left (seeds 210038, 210060: as of a day
        between the spells, left after a run of `N`, DOMAIN.md 6)."""
        if upn not in spells2:
            return on_roll_(self, upn)
        last = max(d for d in self.school_days if d <= self.as_of)
        return first[upn][1] >= last or spells2[upn][0] <= self.as_of

    def init_(self, case_) -> None:  # noqa: ANN001
        init(self, case_)
        for upn in spells2:
            self.roll[upn] = (case_.pupil_list[upn][0], None)  # from the first spell on

    def write_(case_, folder: Path) -> list[str]:  # noqa: ANN001
        files = write(case_, folder)
        path = folder / "pupils.csv"
        rows = path.read_text(encoding="utf-8").splitlines()
        for upn, (a, _) in spells2.items():
            rows.append(f"{upn},{a:%d/%m/%Y},")
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
        return files

    mp = stack.enter_context(pytest.MonkeyPatch.context())
    mp.setattr(o.Oracle, "on_roll_on", on)
    mp.setattr(o.Oracle, "on_roll", on_roll)
    mp.setattr(o.Oracle, "__init__", init_)
    mp.setattr(o, "write_exports", write_)
    return stack


def spells_disagreements(seed: int, tmp: Path) -> list[str]:
    """tests/test_sweep_oracle.py's comparisons (check, cme, the ladder's first run, the
    corrections since a recorded run) on ``make_case2``'s registers."""
    import tests.test_sweep_oracle as o

    found = []
    for name, run in (
        ("check", o.disagreements),
        ("ladder", o.ladder_disagreements),
        ("since", o.since_run_disagreements),
    ):
        case = make_case2(seed)
        with _two_spells(case):
            found += [f"{name}: {x}" for x in run(case, tmp / name)]
    case = make_case2(seed)
    with _two_spells(case):
        found += o.cme_disagreements(case, tmp / "cme", 3 + 7 * (seed % 2))
    return found


def _spells_sweep(first: int, count: int) -> None:
    import os
    import tempfile

    os.environ.setdefault("ATTCLI_TODAY", "2027-08-31")
    bad = made = 0
    for seed in range(first, first + count):
        made += bool(make_case2(seed).spells2)
        with tempfile.TemporaryDirectory(dir="/tmp/oracle21-work") as tmp:
            found = spells_disagreements(seed, Path(tmp))
        bad += bool(found)
        print(
            f"seed {seed} ok" if not found else f"seed {seed}: {make_case2(seed).spells2}",
            *[x[:400] for x in found[:8]],
            sep="\n    ",
            flush=True,
        )
    print(f"{bad} of {count} disagree; {made} with a pupil of two spells")


if __name__ == "__main__":
    if sys.argv[3:] == ["letters"]:
        _letters_sweep(int(sys.argv[1]), int(sys.argv[2]))
    elif sys.argv[3:] == ["spells"]:
        _spells_sweep(int(sys.argv[1]), int(sys.argv[2]))
    elif sys.argv[3:] == ["checks"]:
        _checks_sweep(int(sys.argv[1]), int(sys.argv[2]))
    else:
        run_seeds(case_for, compare, "/tmp/oracle21-work/o21", sys.argv)


# ---- worked by hand


def _easter_school(tmp_path: Path, terms: bool) -> tuple[Path, Path]:
    """Oakfield-like: three pupils present every school day from Thu 3 Sep 2026 to Thu 25
    Mar 2027 (oracle10's calendar: INSET 3 Sep, 2 Nov, 4 Jan; Spring 2 to Fri 26 Mar,
    Good Friday, a bank holiday: no school), the export made that evening; the term
    dates in the config (Summer 1 from Mon 12 Apr) or none."""
    import tests.test_sweep_oracle10 as o10
    from tests.school import make_workspace

    days = [d for d in term_days() if d <= D(2027, 3, 25)]
    export = {u: {(d, s): _present(s) for d in days for s in SESSIONS} for u in ("A", "B", "C")}
    extra = o10._config() if terms else ""
    config = make_workspace(tmp_path / "ws", extra)
    inset = "inset_days = [" + ", ".join(d.isoformat() for d in o10.INSET) + "]"
    config.write_text(
        config.read_text(encoding="utf-8").replace("inset_days = []", inset, 1), encoding="utf-8"
    )
    dob = dict.fromkeys(export, D(2016, 5, 1))
    return config, o10._csv(export, dob, tmp_path / "export.csv")


def test_a_check_as_of_a_day_after_easter_says_what_the_data_cannot_and_the_summer_term_s_return_is_refused(
    tmp_path: Path,
) -> None:
    """Seed 200037 of oracle16, made small (DOMAIN.md 2 and 10).  The data end Thu 25 Mar
    2027 (Good Friday 26 Mar and Easter Monday 29 Mar bank holidays, never school days).

    No term dates: as of Mon 12 Apr nothing says whether 30 Mar to 12 Apr (10 weekdays)
    were the Easter holiday or term: the figures are as of 25/03/2027 and the check says so
    in its INCOMPLETE DATA line, naming the term dates as the way to tell; the summer term's
    register check has no day of data and no term dates to place it: one line, exit 1.
    With term dates (Spring 2 to 26 Mar, Summer 1 from 12 Apr): as of Fri 9 Apr, in the
    holiday, the data are whole (no INCOMPLETE line, the period to 25/03); as of Mon 12 Apr,
    Summer 1's first day, one school day has no register; the summer term's register check
    is refused naming the term's start."""
    from tests.clirun import run_cli

    config, export = _easter_school(tmp_path / "none", terms=False)
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2027-04-12")
    text = re.sub(r"\s+", " ", out + err)
    assert code == 0, err
    assert (
        "no register from 30/03/2027 to 12/04/2027 (10 weekdays) after the data ends. "
        "Figures are as of 25/03/2027"
    ) in text, text
    assert "Period 01/09/2026 to 25/03/2027" in text, text
    code, out, err = run_cli(
        "register-check",
        export,
        "--config",
        config,
        "--as-of",
        "2027-03-25",
        "--term",
        "summer",
        "-o",
        tmp_path / "rc.csv",
    )
    assert (code, err.strip()) == (
        1,
        (
            "error: no summer term 2026/27 in the data or the config's term dates (they hold "
            "the autumn and spring terms of it: give --term autumn or --term spring, or export "
            "the summer term's register with the others)"
        ),
    ), err
    assert not (tmp_path / "rc.csv").exists()

    config, export = _easter_school(tmp_path / "terms", terms=True)
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2027-04-09")
    text = re.sub(r"\s+", " ", out + err)
    assert code == 0, err
    assert "INCOMPLETE" not in text and "Period 01/09/2026 to 25/03/2027" in text, text
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2027-04-12")
    text = re.sub(r"\s+", " ", out + err)
    assert "no register on 12/04/2027 (1 school day) after the data ends" in text, text
    code, out, err = run_cli(
        "register-check",
        export,
        "--config",
        config,
        "--as-of",
        "2027-04-12",
        "--term",
        "summer",
        "-o",
        tmp_path / "rc.csv",
    )
    assert (code, err.strip()) == (
        1,
        "error: the data ends 25/03/2027, before the summer term starts (12/04/2027)",
    ), err


#: a mid-week joiner with blank cells before their first mark (`N` from that Wednesday
#: afternoon, 3 days: oracle11's reference had the blank weeks as days with no mark next
#: to the run, listed at 10, 210025); a lunchtime export whose last morning is `#` for 80 %
#: of the pupils (no afternoon rows for anyone: no missing mark, oracle11's reference
#: counted one after three runs, 210044); more: ``python tests/test_sweep_oracle21.py
#: FIRST COUNT 11``
CME_SEEDS = [210025, 210044]


@pytest.mark.parametrize("seed", CME_SEEDS)
def test_cme_agrees_with_oracle11_with_rejoiners_mid_week_joiners_and_missing_marks(
    seed: int, tmp_path: Path
) -> None:
    case, added = case_for(seed, cme=True)
    assert compare(case, added, tmp_path, cme=True) == [], (seed, case.as_of, case.notes)


def test_weekly_checks_of_a_re_issued_export_agree_with_the_reference(tmp_path: Path) -> None:
    """Seed 210002's first ten runs (to Mon 2 Nov 2026): `N` corrected weeks later, `/`
    made `L`; the corrections since each recorded run, the band and lateness groups and
    NEW; more: ``python tests/test_sweep_oracle21.py FIRST COUNT checks``."""
    assert reissue_checks(tmp_path, 210002, max_runs=10) == []


def test_an_n_five_school_days_old_is_still_within_the_days_allowed_and_holds_the_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 210002's red letter of 2 Dec, made small (DOMAIN.md 9 and 12: an `N` is stale
    when older than 5 school days).  Autumn 1 from Mon 7 Sep 2026.  P is `O` on Mon 7 Sep
    morning and `N` all Fri 11 Sep, present otherwise.  As of Fri 18 Sep: 17 of 20 (85.0 %,
    red), the `N` 5 school days old (14-18 Sep), still within the days allowed, and with
    it counted as attended 19 of 20 (95.0 %, green): the red letter rests on it and is
    held.  As of Mon 21 Sep the `N` is 6 school days old, stale, counted unauthorised: 19
    of 22 (86.4 %), red, the letter sent.  oracleletters' reference had the `N` stale a
    day early (the 6th-last school day) and sent the letter on 18 Sep."""
    import csv

    import tests.test_sweep_oracleletters as ol
    from tests.clirun import run_cli
    from tests.oracleletters_ref import due_letters
    from tests.school import contacts_file, make_workspace

    days = [d for d in ol.school_days() if d <= D(2026, 9, 21)]
    upn = "A100000000150"
    marks = {
        upn: {d: ("O", "\\") if d == D(2026, 9, 7) else ("N", "N") if d == D(2026, 9, 11)
              else ("/", "\\") for d in days},
        "A100000000151": {d: ("/", "\\") for d in days},
    }  # fmt: skip
    config = make_workspace(tmp_path / "ws", ol.TOML)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{u}", "Mrs", "Parent", "Family") for u in marks]
    )
    for k, (as_of, sent) in enumerate([(D(2026, 9, 18), False), (D(2026, 9, 21), True)]):
        reg = {u: {d: m for d, m in by.items() if d <= as_of} for u, by in marks.items()}
        export = ol.write_export(reg, tmp_path / f"export-{k}.csv")
        monkeypatch.setenv("ATTCLI_TODAY", as_of.isoformat())
        out = tmp_path / f"out-{k}"
        code, text, err = run_cli(
            "letters", export, "--contacts", contacts, "--out", out, "--config", config
        )
        assert code == 0, err
        rows = []
        if (out / "manifest.csv").exists():
            with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
                rows = [(r["upn"], r["template"]) for r in csv.DictReader(f)]
        assert rows == ([(upn, "red")] if sent else []), (as_of, text + err)
        assert ol.held_upns(text + err) == (set() if sent else {upn}), text + err
        if not sent:
            assert "2 N marks still within the 5 school days allowed" in text, text
        due = due_letters(reg, as_of, ol.HALF_TERMS, [])
        assert (set(due.sent), due.held) == (
            ({(upn, "red")}, set()) if sent else (set(), {(upn, "red")})
        ), due.why


def test_the_register_check_of_a_spring_term_inferred_from_the_data_agrees_with_oracle11(
    tmp_path: Path,
) -> None:
    """oracle16's seed 200049 (no term dates; the week of Mon 29 Mar `#` for everyone, the
    Easter bank holidays inside the generator's own Spring 2 to Fri 2 Apr; as of Thu 1 Apr,
    the data to Tue 20 Apr): the spring term inferred from the data ends Thu 25 Mar (DOMAIN.md
    10: a week with no session is no school week), so the Reception pupils of compulsory
    school age from 31 Mar are not of it on any day of the term and are named in a note,
    not listed.  oracle11's reference kept its own calendar's spring term to 2 Apr and listed
    six of them."""
    import tests.test_sweep_oracle16 as o16

    case, added = o16.case_for(200049, cme=True)
    assert o16.compare(case, added, tmp_path, cme=True) == [], case.notes


def test_a_pupil_of_two_spells_as_of_a_day_between_them_agrees_with_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 210060 of ``make_case2``: P00602's pupil list has two rows (from Thu 3 Sep 2026
    to Mon 14 Sep, and from Wed 23 Sep), `N` to the first spell's end, no rows between; as
    of Sat 19 Sep the pupil is between the spells: left after 6 days of unexplained absence
    (DOMAIN.md 1: the list's dates decide; 6: listed as left, not as absent now), and the
    check, cme, the ladder and the corrections agree with tests/test_sweep_oracle.py's
    reference over both spells; more: ``python tests/test_sweep_oracle21.py FIRST COUNT
    spells``."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-08-31")
    assert make_case2(210060).spells2
    assert spells_disagreements(210060, tmp_path) == []


def test_a_pupil_taken_off_roll_in_september_straight_after_a_july_run_stays_listed(
    tmp_path: Path,
) -> None:
    """Seed 210259 of tests/test_sweep_oracle.py, made small (DOMAIN.md 6).  The register
    from Mon 6 Jul 2026 to Fri 18 Sep 2026, no term dates: the summer holiday (no rows),
    the week of 7 Sep `Y4` for everyone (closed, no school week), the week of 14 Sep open.
    A present every day.  H present to Tue 14 Jul, `N` Wed 15 to Fri 17 Jul (3 school
    days), `Y4` the closed week, and the pupil list's leaving date Thu 10 Sep: no school
    day between the run and the leaving.  "A pupil who left ends their run on their last
    day on roll" (10 Sep, inside the period 2026/27) and "a pupil taken off roll straight
    after a run of unexplained absence ... stay[s] listed as left after N days": as of Fri
    18 Sep `cme --days 3` lists H's run (3 days, left on 10/09/2026) and the check has H
    left after 3 days of unexplained absence.  attcli dropped it: the run ends in 2025/26."""
    import json

    from tests.clirun import run_cli
    from tests.school import make_workspace

    days = [D(2026, 7, 6) + i * ONE for i in range(12)] + [
        D(2026, 9, 7) + i * ONE for i in range(12)
    ]
    days = [d for d in days if d.weekday() < 5]
    closed = {d for d in days if D(2026, 9, 7) <= d <= D(2026, 9, 11)}
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    for upn in ("A", "H"):
        for d in days:
            if upn == "H" and d > D(2026, 9, 10):
                continue
            for s in SESSIONS:
                m = "Y4" if d in closed else _present(s)
                if upn == "H" and D(2026, 7, 15) <= d <= D(2026, 7, 17):
                    m = "N"
                lines.append(f"{upn},Sur{upn},Fore{upn},01/10/2014,{d:%d/%m/%Y},{s},{m}")
    export = tmp_path / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Admission Date,Leaving Date\nA,06/07/2026,\nH,06/07/2026,10/09/2026\n",
        encoding="utf-8",
    )
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("cme", export, "--pupils", pupils, "--config", config, "--as-of",
                             "2026-09-18", "--days", "3", "--format", "json")  # fmt: skip
    assert code == 0, err
    runs = [(r["upn"], r["run_start"], r["run_days"], r["status"], r["left_on"])
            for r in json.loads(out)["runs"]]  # fmt: skip
    assert runs == [("H", "2026-07-15", 3, "left", "2026-09-10")], out
    code, out, err = run_cli("check", export, "--pupils", pupils, "--config", config,
                             "--as-of", "2026-09-18", "--format", "json")  # fmt: skip
    assert code == 0, err
    h = next(p for p in json.loads(out)["pupils"] if p["upn"] == "H")
    assert (h["on_roll"], h["left_on"], h["left_after_absence_days"]) == (
        False, "2026-09-10", 3), h  # fmt: skip
