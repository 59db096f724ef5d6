"""Sweep oracle19: the references on new seeds after engine6, blind6, rough6 and trustkeys,
with what none of their generators made, each written from DOMAIN.md 1, 6, 7 and 9 and the
readings docs/decisions.md records (sweep of 7 December (ninth), oracle19):

- ``add_edges19`` (oracle10's ``generate``, oracle11's reference): a dual-registered pupil
  (`D` whole days on one or two weekdays and `D` single sessions) whose run of `N`/`O`/`G`
  has `D` days inside it (DOMAIN.md 1 and 6: a `D` day neither counts nor breaks a run);
  `D` every afternoon and the run on the mornings; a pupil on a part-time timetable (`C2`
  every afternoon, or two whole weekdays) ill (`I`) for weeks (DOMAIN.md 7); an export made
  at lunchtime (the last afternoon unregistered, every pupil).  Beside oracle11's runs, the
  `D` days inside each run: the school days strictly inside it marked `D` with no possible
  session that day (sweep blind6's reading: said, never counted), against `cme`'s JSON.
- ``lac_year`` (oracleletters' year of `letters` runs): one pupil looked after (the
  register's Looked After column `Y`): every letter about them held for a person, none in
  the print pile (sweep rough6's decision from DOMAIN.md 9 and policy 002).

``python tests/test_sweep_oracle19.py FIRST COUNT [10|11|letters]`` runs a longer sweep.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

import pytest
import tests.test_sweep_oracle11 as o11
from tests.test_sweep_oracle10 import Case, generate, term_days
from tests.test_sweep_oracle13 import add_edges13, run_seeds
from tests.test_sweep_oracle13 import compare as compare13

D = dt.date
ONE = dt.timedelta(days=1)
SESSIONS = ("AM", "PM")
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", *(f"Y{i}" for i in range(1, 8))}


def add_edges19(case: Case, seed: int, lunchtime: bool = True) -> list[str]:
    """Pupils W00.. added to ``case`` (each export over the dates it holds), and, one case
    in five (``lunchtime``), the last export made at lunchtime."""
    rnd = random.Random(seed * 4099 + 19)
    merged = o11.merged_marks(case)
    days = o11.school_days(merged, case.last_day)
    every = [d for d in term_days() if d <= case.last_day]
    shut = {(d, s) for d in every for s in SESSIONS
            if any((d, s) in ms for ms in merged.values())
            and all(ms.get((d, s), "#") in ("#", "", "Z") for ms in merged.values())}
    upto = [d for d in days if d <= case.as_of]
    if len(upto) < 25:
        return []
    added = []
    kinds = ["dualrun", "dualrun", "dualpm", "c2ill", "c2days", "dualrun"]
    for i, kind in enumerate(rnd.sample(kinds, rnd.randint(2, len(kinds)))):
        upn = f"W{i:02d}"
        ms = {(d, s): ("/" if s == "AM" else "\\") for d in every for s in SESSIONS}
        note = kind
        if kind == "dualrun":
            wds = rnd.sample(range(5), rnd.choice([1, 2]))
            single = rnd.choice([w for w in range(5) if w not in wds])
            one = rnd.choice(SESSIONS)
            for d in every:
                if d.weekday() in wds:
                    ms[(d, "AM")] = ms[(d, "PM")] = "D"
                elif d.weekday() == single:
                    ms[(d, one)] = "D"
            mine = [d for d in upto if d.weekday() not in wds]  # days the run can count
            length = rnd.choice([3, 9, 10, 10, 11, 14])
            current = rnd.random() < 0.5
            hi = len(mine) - (0 if current else rnd.randint(1, 8))
            a = max(0, hi - length)
            for d in mine[a:a + length]:
                for s in SESSIONS:
                    if ms[(d, s)] != "D":
                        ms[(d, s)] = rnd.choice(["N", "O", "O", "G"])
            if rnd.random() < 0.3 and length >= 3:  # a day inside: D and no mark
                d = rnd.choice([d for d in upto if mine[a] < d < mine[min(a + length, len(mine)) - 1]
                                and d.weekday() in wds] or [None])
                if d:
                    ms[(d, rnd.choice(SESSIONS))] = "-"
            note = f"dualrun D{wds} {one}@{single} {length} from {mine[a] if mine else None}"
        elif kind == "dualpm":
            for d in every:
                ms[(d, "PM")] = "D"
            length = rnd.choice([3, 10, 12, 15])
            a = max(0, len(upto) - length - rnd.choice([0, 0, 2]))
            for d in upto[a:a + length]:
                ms[(d, "AM")] = rnd.choice(["O", "N"])
            note = f"dualpm {length}"
        elif kind == "c2ill":
            for d in every:
                ms[(d, "PM")] = "C2"
            length = rnd.choice([14, 15, 16, 20])
            a = rnd.randrange(0, len(upto) - length)
            for d in upto[a:a + length]:
                ms[(d, "AM")] = "I"
                if rnd.random() < 0.3:  # a whole day ill
                    ms[(d, "PM")] = "I"
            note = f"c2ill {length}"
        elif kind == "c2days":  # two whole weekdays C2, ill the other days
            wds = rnd.sample(range(5), 2)
            for d in every:
                if d.weekday() in wds:
                    ms[(d, "AM")] = ms[(d, "PM")] = "C2"
            mine = [d for d in upto if d.weekday() not in wds]
            length = rnd.choice([10, 14, 15, 16])
            a = rnd.randrange(0, max(1, len(mine) - length))
            for d in mine[a:a + length]:
                ms[(d, "AM")] = ms[(d, "PM")] = rnd.choice(["I", "I", "I", "O"])
            note = f"c2days {wds} {length}"
        for k in shut & set(ms):
            ms[k] = "#"
        case.notes.append(f"{upn}:{note}")
        for export in case.exports:
            lo = min(k for e in export.values() for k in e)
            hi_ = max(k for e in export.values() for k in e)
            export[upn] = {k: m for k, m in ms.items() if lo <= k <= hi_}
        case.dob[upn] = D(2014, 5, 1) + i * ONE
        added.append(upn)
    # an export made at lunchtime: nobody's afternoon of the last day
    if lunchtime and rnd.random() < 0.2:
        lunchtime_export(case)
    return added


def lunchtime_export(case: Case) -> None:
    """The last export made at lunchtime: nobody's afternoon of the last day."""
    if case.as_of >= case.last_day:
        for export in case.exports:
            for ms in export.values():
                ms.pop((case.last_day, "PM"), None)
        case.notes.append("lunchtime export")


def dual_within(case: Case, upn: str, start: D, end: D) -> list[D]:
    """The school days strictly inside a run on which the pupil is marked `D` and has no
    possible session (DOMAIN.md 6: neither counted nor a break; said, sweep blind6)."""
    merged = o11.merged_marks(case)
    ms = merged[upn]
    days = o11.school_days(merged, case.last_day)
    out = []
    for d in days:
        if not start < d < end:
            continue
        marks = [ms.get((d, s), "") for s in SESSIONS]
        possible = [m for m in marks if m not in ("", "-") and m not in NOT_POSSIBLE]
        if "D" in marks and not possible:
            out.append(d)
    return out


def case_for(seed: int, cme: bool) -> tuple[Case, list[str]]:
    case = generate(seed)
    added = o11.add_run_pupils(case, seed) if cme else []
    # (sweep oracle20: before oracle13's edges, so that they follow its register taken to
    # Wednesday, its closures, as every other pupil does: seed 190201)
    # and its lunchtime export after them all, every pupil's afternoon gone: seed 190218)
    more = add_edges19(case, seed, lunchtime=False)
    added += add_edges13(case, seed)
    if random.Random(seed * 4099 + 20).random() < 0.2:
        lunchtime_export(case)
    return case, added + more


def compare(case: Case, added: list[str], folder: Path, cme: bool) -> list[str]:
    diffs = compare13(case, added, folder, cme)
    if not cme:
        return diffs
    from tests.clirun import run_cli

    config, files = o11._workspace(case, folder / "dual")
    code, out, err = run_cli("cme", *files, "--config", config, "--as-of",
                             case.as_of.isoformat(), "--days", "3")
    assert code == 0, err
    text = re.sub(r"\s+", " ", out + err)
    got = sorted(
        (m[1], int(m[2]), m[4] or m[3], m[5] or m[3])
        for m in re.finditer(r"\((W\d\d)\): marked D \(dual registered: at another school\) "
                             r"on the (\d+) school days? inside this run \((?:(\d\d/\d\d/\d{4})|"
                             r"between (\S+) and (\S+))\)", text))
    want = []
    for upn, runs in o11.cme_oracle(case, 3, {u for u in added if u.startswith("W")}).items():
        for r in runs:
            inside = dual_within(case, upn, D.fromisoformat(r["run_start"]),
                                 D.fromisoformat(r["run_end"]))
            if inside:
                want.append((upn, len(inside), f"{inside[0]:%d/%m/%Y}", f"{inside[-1]:%d/%m/%Y}"))
    if got != sorted(want):
        diffs.append(f"D days inside runs: attcli {got} oracle {sorted(want)}")
    return diffs


def la_plan(seed: int):  # noqa: ANN201
    """oracle17's month-by-month plan of `la-return`s with ``add_edges19``'s pupils (their
    runs with `D` days inside, their illness beside `C2` or `D` afternoons) compared too."""
    import tests.test_sweep_oracle17 as o17

    original = o17.add_la_pupils

    def more(case: Case, seed: int) -> tuple:
        truth, prov, added, months = original(case, seed)
        return truth, prov, added + add_edges19(case, seed, lunchtime=False), months

    o17.add_la_pupils = more
    try:
        return o17.plan_for(seed)
    finally:
        o17.add_la_pupils = original


# ---- the letters: a looked-after pupil (oracleletters' year)


#: the letters the reference held for the looked-after pupil, by template (the sweep's count)
LAC_HELD: dict[str, int] = {}


def lac_year(tmp_path: Path, seed: int, monkeypatch, max_runs: int | None = None):  # noqa: ANN001, ANN201
    """oracleletters' ``one_year`` with one pupil looked after (the register's Looked
    After column): the reference holds every letter due for them (sweep rough6)."""
    import tests.test_sweep_oracleletters as ol
    from tests.oracleletters_ref import due_letters

    lac = f"A1000000001{random.Random(seed * 13 + 19).randrange(11):02d}"

    def write_export(register, path: Path) -> Path:  # noqa: ANN001
        lines = ["UPN,Surname,Forename,Looked After,Date,Session,Mark"]
        for upn, by_day in register.items():
            for d in sorted(by_day):
                for session, mark in zip(SESSIONS, by_day[d], strict=True):
                    lines.append(f"{upn},Surname{upn[-2:]},Forename{upn[-2:]},"
                                 f"{'Y' if upn == lac else 'N'},{d:%d/%m/%Y},{session},{mark}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def held_too(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        due = due_letters(*args, **kwargs)
        for key in [k for k in due.sent if k[0] == lac]:
            del due.sent[key]
            due.held.add(key)
            LAC_HELD[key[1]] = LAC_HELD.get(key[1], 0) + 1
        return due

    monkeypatch.setattr(ol, "write_export", write_export)
    monkeypatch.setattr(ol, "due_letters", held_too)
    return ol.one_year(tmp_path, seed, praise=seed % 2 == 0, monkeypatch=monkeypatch,
                       max_runs=max_runs)


if __name__ == "__main__":
    if sys.argv[3:] == ["letters"]:
        import os
        import tempfile

        sys.path.insert(0, str(Path(__file__).parent))
        os.environ["ATTCLI_TODAY"] = "2027-08-31"
        first, count = int(sys.argv[1]), int(sys.argv[2])
        bad = 0
        for seed in range(first, first + count):
            with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
                found, _ = lac_year(Path(tmp), seed, mp)
            if found:
                bad += 1
                print(f"seed {seed}:", *[f"{a} {k} {d}\n{t[-1500:]}" for a, k, d, t in found[:2]],
                      sep="\n  ", flush=True)
            else:
                print(f"seed {seed} ok", flush=True)
        print(f"{bad} of {count} disagree; held for the looked-after pupil: {LAC_HELD}")
    elif sys.argv[3:] == ["la"]:
        import os
        import tempfile

        import tests.test_sweep_oracle17 as o17

        os.environ["ATTCLI_TODAY"] = "2027-08-31"
        Path("/tmp/oracle19-work/o19").mkdir(parents=True, exist_ok=True)
        for seed in range(int(sys.argv[1]), int(sys.argv[1]) + int(sys.argv[2])):
            plan = la_plan(seed)
            with tempfile.TemporaryDirectory(dir="/tmp/oracle19-work/o19") as tmp:
                diffs = o17.compare(plan, Path(tmp))
            print(f"seed {seed} ok" if not diffs else f"seed {seed} {plan.case.notes}",
                  *diffs[:6], sep="\n    ", flush=True)
        print(sorted(o17.STATS.items()))
    else:
        run_seeds(case_for, compare, "/tmp/oracle19-work/o19", sys.argv)


# ---- worked by hand (the new edges; the references agree with attcli on them)


def test_d_days_inside_a_run_and_illness_beside_d_afternoons_agree_with_the_reference(
    tmp_path: Path,
) -> None:
    """Autumn 1 from Mon 7 Sep 2026, the half term 26-30 Oct, the export to Mon 2 Nov.
    W is at another school (`D`) every Tuesday and Thursday and on Wednesday mornings;
    present otherwise to Fri 2 Oct, then `O` on every session due here from Mon 5 Oct:
    Mondays, Wednesday afternoons (the day's one possible session) and Fridays, 3 days a
    week for three weeks and Mon 2 Nov: a run of 10 school days (DOMAIN.md 6: a `D` day
    neither counts nor breaks it), last attended Fri 2 Oct; the `D` days strictly inside
    it with no possible session: the 6 Tuesdays and Thursdays 6-22 Oct (the Wednesdays
    have their `O` afternoon).  T is `D` every afternoon and ill (`I`) every morning from
    Mon 5 Oct: 16 school days of illness, each on its one possible session (DOMAIN.md 7:
    a run of 15 days; 16 sessions, under 30)."""
    from tests.builders import weekdays
    from tests.clirun import run_cli

    half_term = weekdays(D(2026, 10, 26), D(2026, 10, 30))
    days = [d for d in weekdays(D(2026, 9, 7), D(2026, 11, 2)) if d not in half_term]
    run_from = D(2026, 10, 5)

    def w(d: D) -> str:
        if d.weekday() in (1, 3):
            return "D"
        if d.weekday() == 2:
            return "D.O" if d >= run_from else "D.\\"
        return "O" if d >= run_from else "/\\"

    pupils = {
        "W": " ".join(w(d) for d in days),
        "T": " ".join("I.D" if d >= run_from else "/.D" for d in days),
        "A": " ".join("/\\" for _ in days),
    }
    from tests.builders import register, write_long_csv
    from tests.school import AUTUMN_HALF_TERMS, make_workspace

    reg = register(pupils, start=days[0], holidays=half_term,
                   dob={u: D(2014, 1, 1) for u in pupils})
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    # the reference's own reading of the same marks
    marks = {(d, s): m for d, t in zip(days, pupils["W"].split(), strict=True)
             for s, m in zip(SESSIONS, t.split(".") if "." in t else (t, t), strict=True)}
    ref_runs = o11.runs_of(marks, days, o11.CME)
    assert [(r.start, r.end, r.days) for r in ref_runs] == [
        (run_from, D(2026, 11, 2), 10)]
    inside = [d for d in days if run_from < d < D(2026, 11, 2) and d.weekday() in (1, 3)]
    assert len(inside) == 6
    code, out, err = run_cli("cme", export, "--config", config, "--days", "10",
                             "--as-of", "2026-11-02", "--format", "json")
    assert code == 0, err
    assert [(r["upn"], r["run_start"], r["run_end"], r["run_days"], r["last_attended"],
             r["status"]) for r in json.loads(out)["runs"]] == [
        ("W", "2026-10-05", "2026-11-02", 10, "2026-10-02", "absent")]
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2026-11-02",
                             "--format", "json")
    assert code == 0, err
    pupils_ = {p["upn"]: p for p in json.loads(out)["pupils"]}
    said = re.sub(r"\s+", " ", json.dumps(pupils_["W"]))
    assert ("marked D (dual registered: at another school) on the 6 school days inside "
            "this run (between 06/10/2026 and 22/10/2026)") in said
    t = pupils_["T"]
    assert (t["sickness_sessions"], t["sickness_longest_days"], t["sickness_flag"]) == (
        16, 16, True)


def test_a_pupil_s_own_closure_beside_a_blank_after_a_run_is_no_register_taken(
    tmp_path: Path,
) -> None:
    """Seed 190470 of oracle3's `cme` reference, made small (the reference was wrong,
    attcli right).  From Mon 7 Sep 2026: B `N` every session to Thu 17 Sep (9 school
    days), on Fri 18 Sep `#` in the morning (closed for B alone; A present) and a blank
    cell in the afternoon, `N` again from Mon 21 Sep.  As of Sat 19 Sep the blank is a
    missing mark inside B's time on roll (a later mark follows, DOMAIN.md 1) next to the
    run, and B's own `#` is no register taken (decided, sweep oracle11): the run may have
    gone on through that day, so 9 days seen and 1 with no mark reach `--days 10`."""
    from tests.builders import register, weekdays, write_long_csv
    from tests.clirun import run_cli
    from tests.school import AUTUMN_HALF_TERMS, make_workspace

    days = weekdays(D(2026, 9, 7), D(2026, 9, 23))
    pupils = {"A": " ".join("/\\" for _ in days),
              "B": " ".join("#._" if d == D(2026, 9, 18) else "N" for d in days)}
    reg = register(pupils, start=days[0], dob={u: D(2014, 1, 1) for u in pupils})
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("cme", export, "--config", config, "--days", "10",
                             "--as-of", "2026-09-19", "--format", "json")
    assert code == 0, err
    assert [(r["upn"], r["run_start"], r["run_end"], r["run_days"], r["unmarked_days"],
             r["status"]) for r in json.loads(out)["runs"]] == [
        ("B", "2026-09-07", "2026-09-17", 9, 1, "absent")]
