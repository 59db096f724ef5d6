"""Sweep oracle13: oracle10's and oracle11's references (tests/test_sweep_oracle10.py,
tests/test_sweep_oracle11.py) on new seeds, with edges of real registers none of the
generators (oracle4-12) made, each worked from DOMAIN.md 1, 2, 4, 5, 6, 10 and 12
(sweep of 7 December (fifth), oracle13):

- a pupil whose form, year group or surname changes in the export's attribute columns
  mid-term (a move of class; a year group typed wrong for a week; a new surname), the
  figures unchanged;
- a morning closed for everyone (`#` AM, the afternoon marked: a polling morning) where
  oracle10 closed only afternoons;
- dual registration by the half day: `D` one session, the main school's mark the other;
- a pupil whose only rows are `#` (on roll only on the days of a closure, or an INSET day);
- the last export's register taken to Wednesday of its last week: Thursday and Friday
  `-`, blank cells or no rows for 30-100 % of the pupils;
- a later export turning an earlier `N` into `U` on the 10-school-week window's first day
  and on the school day before it, the pupil at exactly 10 in the window;
- lates (`L` and `U`) in the last days of a half term and the first days of the next;
- a day closed for part of the school (`#` for 20-80 % of the pupils, the rest marked).

``add_edges13`` adds them to a case of oracle10's ``generate``;
``python tests/test_sweep_oracle13.py FIRST COUNT [10|11]`` runs a longer sweep.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from pathlib import Path

import pytest
import tests.test_sweep_oracle10 as o10
import tests.test_sweep_oracle11 as o11
from tests.builders import write_marks_csv
from tests.test_sweep_oracle10 import HALF_TERMS, INSET, Case, generate, monday
from tests.test_sweep_oracle12 import case_sessions

D = dt.date
ONE = dt.timedelta(days=1)
SESSIONS = ("AM", "PM")


def _present(k: tuple[D, str]) -> str:
    return "/" if k[1] == "AM" else "\\"


def _merged(case: Case) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for export in case.exports:
        for upn, ms in export.items():
            out.setdefault(upn, {}).update(ms)
    return out


def add_edges13(case: Case, seed: int) -> list[str]:
    """Pupils F00.. with the edges above (each export gets them over its own dates), and
    the case-wide ones (a closed morning, the register taken to Wednesday)."""
    rnd = random.Random(seed * 104729 + 13)
    days, sess, spans = case_sessions(case)
    merged = _merged(case)
    shut = {(d, s) for d in days for s in SESSIONS
            if any((d, s) in ms for ms in merged.values())
            and all(ms.get((d, s), "#") in ("#", "", "Z") for ms in merged.values())}
    # a morning closed for everyone, the afternoon marked (a polling morning)
    if rnd.random() < 0.35:
        poll = rnd.choice(days[3:-1] or days)
        if (poll, "PM") not in shut:
            for export in case.exports:
                for ms in export.values():
                    if ms.get((poll, "AM"), "") not in ("", "Z", "-"):
                        ms[(poll, "AM")] = "#"
            shut.add((poll, "AM"))
            case.notes.append(f"morning closed {poll}")
    upto = [d for d in days if d <= case.as_of and (d, "AM") not in shut or
            d <= case.as_of and (d, "PM") not in shut]
    kinds = ["form", "year", "dualhalf", "closureonly", "n2u", "lates", "dualhalf", "form",
             "name"]
    pupils: dict[str, dict] = {}
    case.forms = getattr(case, "forms", {})
    for i, kind in enumerate(rnd.sample(kinds, rnd.randint(3, len(kinds)))):
        upn = f"F{i:02d}"
        ms = {k: (rnd.choice(["O", "I", "C", "L", "M"]) if rnd.random() < 0.06 else _present(k))
              for k in sess}  # fmt: skip
        note = kind
        if kind in ("form", "year", "name"):
            cut = rnd.choice(days[1:])
            if kind == "name":  # a surname changed in the MIS (a marriage, an adoption)
                case.forms[upn] = [(days[0], "5", "5A"), (cut, "5", "5A", f"New{upn}")]
            elif kind == "form":
                case.forms[upn] = [(days[0], "5", "5A"), (cut, "5", "5B")]
            else:  # a year typed wrong for a week, then right again
                back = min([d for d in days if d > cut + 6 * ONE] or [days[-1]])
                case.forms[upn] = [(days[0], "5", "5A"), (cut, "6", "6A"), (back, "5", "5A")]
            note = f"{kind} from {cut}"
        elif kind == "dualhalf":
            wd = rnd.randrange(5)
            half = rnd.choice(SESSIONS)
            for k in sess:
                if k[0].weekday() == wd and k[1] == half:
                    ms[k] = "D"
            note = f"dualhalf {wd} {half}"
        elif kind == "closureonly":
            closed_days = sorted({k for k in shut})
            if closed_days and rnd.random() < 0.7:
                ms = {k: "#" for k in closed_days}
                note = f"closureonly {closed_days[0]}"
            elif case.inset_rows and any(d <= case.last_day for d in INSET[1:]):
                d = max(d for d in INSET[1:] if d <= case.last_day)
                ms = {(d, s): "#" for s in SESSIONS}
                note = f"closureonly inset {d}"
            else:
                continue
        elif kind == "n2u":
            weeks = sorted({monday(d) for d in upto})
            if len(weeks) < 11 or len(case.exports) < 2:
                continue
            ms = {k: _present(k) for k in sess}
            first = min(d for d in upto if monday(d) == weeks[-10])
            before = max(d for d in upto if d < first)
            inside = [(d, s) for d in upto if d >= first for s in SESSIONS
                      if (d, s) not in shut]  # fmt: skip
            n = rnd.choice([9, 10, 10, 11])
            chosen = {(first, "AM"), (before, "PM")} | set(rnd.sample(inside[1:], n - 1))
            for k in chosen:
                ms[k] = "U"
            note = f"n2u window {first} {n}"
        elif kind == "lates":
            starts = [a for _, a, _ in HALF_TERMS if a <= case.as_of]
            if len(starts) < 2:
                continue
            a = starts[-1]
            prev = [d for d in upto if d < a][-3:]
            here = [d for d in upto if d >= a][:4]
            ms = {k: ("\\" if m == "L" else m) for k, m in ms.items()}
            for d in prev:
                ms[(d, rnd.choice(SESSIONS))] = rnd.choice(["L", "U"])
            for d in here[:rnd.choice([3, 4, 4])]:
                ms[(d, "AM")] = rnd.choice(["L", "U", "L"])
            note = f"lates round {a}"
        pupils[upn] = ms
        case.notes.append(f"{upn}:{note}")
        case.dob[upn] = D(2015, 1, 1) + rnd.randrange(365) * ONE
    # the closures and the INSET days' rows, as every other pupil on roll has them
    for ms in pupils.values():
        for k in list(ms):
            if k in shut and ms[k] not in ("", "Z"):
                ms[k] = "#"
        on = [k for k, m in ms.items() if m not in ("", "Z")]
        if case.inset_rows and on and any(m != "#" for m in ms.values()):
            for d in INSET:
                for s in SESSIONS:
                    if min(on) <= (d, s) <= max(on) and d <= case.last_day:
                        ms[(d, s)] = "#"
    for j, (export, (a, b)) in enumerate(zip(case.exports, spans, strict=True)):
        for upn, ms in pupils.items():
            export[upn] = {k: m for k, m in ms.items() if a <= k[0] <= b}
            if j == 0 and len(case.exports) == 2:  # the earlier export's `N`, later `U`
                lo = spans[1][0]
                for k, m in export[upn].items():
                    if m == "U" and k[0] >= lo:
                        export[upn][k] = "N"
    # the last export's register taken to Wednesday of its last week
    last = case.exports[-1]
    end = max(k[0] for ms in last.values() for k in ms)
    wed = monday(end) + 2 * ONE
    tail = [d for d in days if wed < d <= end and (d, "AM") not in shut]
    if tail and rnd.random() < 0.4:
        # (one export writes one thing for a register not taken: SIMS `-`, others blank)
        style = rnd.choice(["-", "", "norow"])
        share = rnd.choice([0.3, 0.7, 1.0])
        for ms in last.values():
            if rnd.random() > share:
                continue
            for k in [(d, s) for d in tail for s in SESSIONS]:
                st = style
                if k in ms and st == "norow":
                    ms.pop(k)  # not in the export at all
                elif k in ms and ms[k] not in ("Z", "", "-", "#"):
                    ms[k] = st
        case.notes.append(f"register taken to {wed}: {style!r} {share}")
        # the data's end is the last day any row holds
        case.last_day = max(k[0] for e in case.exports for ms in e.values() for k in ms)
    # a day closed for part of the school (`#` for a year group's pupils: a partial
    # closure, DOMAIN.md 1's `#`), the others marked (its own draws: the edges above are
    # the same registers with or without it)
    rnd2 = random.Random(seed * 31 + 5)
    if rnd2.random() < 0.3:
        open_days = [d for d in days if (d, "AM") not in shut and (d, "PM") not in shut]
        d = rnd2.choice(open_days)
        share = rnd2.choice([0.2, 0.5, 0.8])
        part = {u for u in sorted({u for e in case.exports for u in e}) if rnd2.random() < share}
        for export in case.exports:
            for u, ms in export.items():
                for k in ((d, "AM"), (d, "PM")):
                    if u in part and ms.get(k, "") not in ("", "Z", "-"):
                        ms[k] = "#"
        case.notes.append(f"partial closure {d} {share}")
    return list(pupils)


def _csv_forms(forms: dict):
    """oracle10's long writer with Year and Registration Form columns, a pupil's values
    changing on the dates ``forms`` gives (everyone else Year 5, 5A)."""

    def write(export: dict, dob: dict[str, D], path: Path) -> Path:
        lines = ["UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"]
        for upn, ms in export.items():
            for (d, s), m in sorted(ms.items()):
                year, form, surname = "5", "5A", f"Sur{upn}"
                for since, y, f, *name in forms.get(upn, []):
                    if d >= since:
                        year, form, surname = y, f, (name or [surname])[0]
                lines.append(f"{upn},{surname},Fore{upn},{dob[upn]:%d/%m/%Y},Year {year},{form},"
                             f"{d:%d/%m/%Y},{s},{m}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


def case_for(seed: int, cme: bool) -> tuple[Case, list[str]]:
    case = generate(seed)
    added = o11.add_run_pupils(case, seed) if cme else []
    return case, added + add_edges13(case, seed)


def compare(
    case: Case, added: list[str], folder: Path, cme: bool, long=None, wide=None  # noqa: ANN001
) -> list[str]:
    """oracle10's (or oracle11's) comparison, the long export with attribute columns;
    ``long``, ``wide``: the long and wide exports written otherwise (oracle14's, with
    sub-codes)."""
    old = o10._csv, o11._csv, o10._wide_csv, o11._wide_csv
    o10._csv = o11._csv = long or _csv_forms(getattr(case, "forms", {}))
    if wide is not None:
        o10._wide_csv = o11._wide_csv = wide
    try:
        if cme:
            return o11.compare(case, added, folder)
        return o10.compare(case, folder)
    finally:
        o10._csv, o11._csv, o10._wide_csv, o11._wide_csv = old


#: two exports (the earlier's `N` the later's `U` on the window's first day), a morning
#: closed for everyone, a pupil whose rows are only `#`, lates round Autumn 2's first day,
#: a form and a year group changed, the last export's Thursday and Friday with no rows,
#: Thu 10 Sep closed for 80 % of the pupils
CHECK_SEEDS = [76033]
#: as of the INSET Monday after the half term, the register taken to Wednesday: `-` for
#: 70 % of the pupils on Thursday and Friday (the school's sessions: decided); Wed 30 Sep
#: closed for half the pupils
CME_SEEDS = [75061]


@pytest.mark.parametrize("seed", CHECK_SEEDS)
def test_check_agrees_with_oracle10_on_the_new_edges(seed: int, tmp_path: Path) -> None:
    case, added = case_for(seed, cme=False)
    assert compare(case, added, tmp_path, cme=False) == [], (seed, case.as_of, case.notes)


@pytest.mark.parametrize("seed", CME_SEEDS)
def test_cme_agrees_with_oracle11_on_the_new_edges(seed: int, tmp_path: Path) -> None:
    case, added = case_for(seed, cme=True)
    assert compare(case, added, tmp_path, cme=True) == [], (seed, case.as_of, case.notes)


def run_seeds(case_for, compare, work: str, argv: list[str]) -> None:  # noqa: ANN001
    """``python tests/test_sweep_oracleN.py FIRST COUNT [11]``: each seed's case (``11``:
    the cme's, against oracle11's reference) compared, a line a seed, in folders under
    ``work`` (oracle13's and oracle14's runs)."""
    import tempfile

    first, count = int(argv[1]), int(argv[2])
    cme = len(argv) > 3 and argv[3] == "11"
    Path(work, "runs").mkdir(parents=True, exist_ok=True)
    for seed in range(first, first + count):
        case, added = case_for(seed, cme)
        with tempfile.TemporaryDirectory(dir=Path(work, "runs")) as tmp:
            try:
                diffs = compare(case, added, Path(tmp), cme)
            except AssertionError as exc:
                diffs = [f"refused: {exc}"[:800]]
        print(f"seed {seed} ok" if not diffs else
              f"seed {seed} as of {case.as_of} last {case.last_day} wide={case.wide} "
              f"inset_rows={case.inset_rows} {case.notes}", flush=True)
        for line in diffs[:12]:
            print("   ", line, flush=True)


if __name__ == "__main__":
    run_seeds(case_for, compare, "/tmp/oracle13-work", sys.argv)


# ---- disagreements found, each pinned on a register worked by hand


def test_new_compares_with_a_week_before_the_figures_when_the_last_days_are_unmarked(
    tmp_path: Path,
) -> None:
    """Autumn 1 from Mon 7 Sep.  The export runs to Fri 16 Oct, but the register was taken
    only to Wed 14 Oct: Thursday's and Friday's cells are blank for A and B and SIMS's `-`
    (no mark recorded) for C, a minority (no register: no school day in the data; decided,
    `roll.DASH_DAY_SHARE`).  The figures are as of Wed 14 Oct, said in the INCOMPLETE
    DATA line.  B is late (`L`) on Mon 28 Sep, Thu 1 Oct, Tue 6 Oct and Thu 8 Oct: 3 lates
    by Wed 7 Oct, 4 (the flag) by Fri 9 Oct and by Wed 14 Oct.  "New since last week" is
    since a week before the figures' date (sweep oracle10's rule: the data's last day when
    school days lie after it), Wed 7 Oct: B's lateness is NEW.  attcli took the export's
    last mark (C's `-` of Fri 16 Oct) for the data's end, compared with Fri 9 Oct, and B
    was never NEW (next week's check, the register to 23 Oct, compares with 16 Oct)."""
    from tests.clirun import run_cli
    from tests.school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    days = [D(2026, 9, 7) + i * ONE for i in range(40)]
    days = [d for d in days if d.weekday() < 5 and d <= D(2026, 10, 16)]
    lates = {D(2026, 9, 28), D(2026, 10, 1), D(2026, 10, 6), D(2026, 10, 8)}
    rows = []
    for d in days:
        for s in SESSIONS:
            taken = d <= D(2026, 10, 14)
            rows.append(("A", d, s, _present((d, s)) if taken else ""))
            late = d in lates and s == "AM"
            rows.append(("B", d, s, ("L" if late else _present((d, s))) if taken else ""))
            rows.append(("C", d, s, _present((d, s)) if taken else "-"))
    export = write_marks_csv(tmp_path / "export.csv", rows)
    code, out, err = run_cli("check", export, "--config", config, "--as-of", "2026-10-16",
                             "--format", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert "Figures are as of 14/10/2026" in err
    b = next(p for p in doc["pupils"] if p["upn"] == "B")
    assert (b["lates_half_term"], b["lates_flag"], b["on_roll"]) == (4, True, True)
    assert doc["compared_with"] == "2026-10-07"
    assert b["new_groups"] == ["lates"]
    c = next(p for p in doc["pupils"] if p["upn"] == "C")
    assert (c["on_roll"], c["missing_marks"]) == (True, 4)  # C's `-`: listed
