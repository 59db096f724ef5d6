"""An independent oracle for DOMAIN.md sections 1 to 4 (sessions and codes, measures, bands,
lateness) on small seeded random registers, compared with `check --format json` (and, for a
few, `--format csv` and `--format xlsx`) (sweep of 4 December (third), oracle24).

Everything under ``# ---- the oracle`` is written from DOMAIN.md's text alone: no attcli
module computes an expected value.  The registers (3-7 pupils, 3 to 100 school days from
Monday 7 September 2026, the half-term and Christmas holidays with no rows, term dates in
the config) hold every code of every category, legacy ``H`` ``F`` ``J`` ``Y``, sub-codes
(``I01``, ``X05``, and the config's own ``L01`` -> ``L``, ``N02`` -> ``N``), SIMS's ``-``,
blank cells and missing rows inside and outside the time on roll, joiners (no row, blank
cells or ``Z`` before) and leavers (no row or blank cells after), trailing ``-`` (on roll,
no mark), late arrivals near the 4-in-a-half-term edge, pupils whose possible sessions sit
near the minimum (10) and whose attendance sits exactly on, one above or one below each
band's line (171/190, 92/100, 50/100 ...), with the default bands, seed 003's (96/94/90) or
seed 004's (93/90), and now and then other lateness settings.

``python tests/test_sweep_oracle24.py FIRST COUNT`` runs a longer sweep and prints every
disagreement; the tests run a few seeds each.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

D = dt.date
ONE = dt.timedelta(days=1)
START = D(2026, 9, 7)
#: weekdays with no school (no rows): the half-term and Christmas holidays
HOLIDAYS = {D(2026, 10, 26) + i * ONE for i in range(5)} | {
    D(2026, 12, 21) + i * ONE for i in range(12)
}
HALF_TERMS = [
    ("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
    ("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    ("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
]
TEMPLATES = Path(__file__).resolve().parents[1] / "src/attcli/templates/ladders"

# ------------------------------------------------------------------ the random registers


def school_days(n: int) -> list[dt.date]:
    out, d = [], START
    while len(out) < n:
        if d.weekday() < 5 and d not in HOLIDAYS:
            out.append(d)
        d += ONE
    return out


@dataclass
class Case:
    seed: int
    days: list[dt.date]
    bands: str  # "default", "seed003", "seed004"
    late_codes: tuple[str, ...] = ("L", "U")
    late_threshold: int = 4
    min_possible: int = 10
    #: upn -> (admission, leaving or None) when a pupil list is given (its dates decide)
    pupil_list: dict[str, tuple[dt.date, dt.date | None]] | None = None
    as_of: dt.date | None = None  # --as-of, or the last date in the data
    late_start: dt.date | None = None  # the export's first day, after the year's first
    unknown: tuple[str, dt.date, str, str] | None = None  # (upn, date, session, code)
    term_dates: bool = True  # else the half terms are inferred (holiday weeks: no rows)
    since: dt.date | None = None  # --from: an explicit, shorter period (DOMAIN.md 2)
    #: upn -> {(date, "AM"|"PM"): raw mark}; absent: no row
    marks: dict[str, dict[tuple[dt.date, str], str]] = field(default_factory=dict)


PRESENT = ["/", "\\", "L", "K", "V", "P", "W", "B", "J", "L01"]
AUTH = ["C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F", "I01"]
UNAUTH = ["G", "N", "O", "U", "N02"]
NOTPOSS = ["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#", "Y", "X05"]

#: (attended, possible) on each side of a line, by bands
EDGES = {
    "default": [(171, 190), (172, 190), (170, 190), (92, 100), (91, 100), (90, 100),
                (50, 100), (51, 100), (49, 100), (23, 25), (9, 10), (5, 10), (10, 10),
                (80, 87)],  # 91.95 %: amber, one decimal would read 92.0
    "seed003": [(96, 100), (95, 100), (94, 100), (93, 100), (90, 100), (89, 100),
                (171, 190), (50, 100), (51, 100), (24, 25), (78, 83), (95, 99)],
    "seed004": [(93, 100), (94, 100), (92, 100), (90, 100), (89, 100), (171, 190),
                (172, 190), (50, 100), (14, 15), (40, 43), (133, 143)],
}  # fmt: skip


def _random_mark(rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.62:
        return rnd.choice(PRESENT[:3]) if rnd.random() < 0.8 else rnd.choice(PRESENT)
    if r < 0.78:
        return rnd.choice(AUTH)
    if r < 0.9:
        return rnd.choice(UNAUTH)
    if r < 0.96:
        return rnd.choice(NOTPOSS)
    return rnd.choice(["-", "", "!"])  # no mark, a blank cell, a missing row (one session)


def make_case(seed: int) -> Case:
    rnd = random.Random(seed)
    n = rnd.choice([3, 5, 6, 8, 12, 20, 30, 45, 60, 80, 100, rnd.randint(3, 100)])
    days = school_days(n)
    case = Case(seed, days, rnd.choice(["default", "default", "seed003", "seed004"]))
    if rnd.random() < 0.2:
        case.late_codes = rnd.choice([("L",), ("U",), ("L", "U")])
        case.late_threshold = rnd.choice([3, 4, 5])
    if rnd.random() < 0.15:
        case.min_possible = rnd.choice([1, 9, 10, 11, 20])
    sessions = [(d, s) for d in days for s in ("AM", "PM")]
    # the as-of date's half term: its sessions (for late arrivals near the flag's edge)
    ht = next(h for h in HALF_TERMS if h[1] <= days[-1] <= h[2])
    in_ht = [k for k in sessions if ht[1] <= k[0]]
    n_pupils = rnd.randint(3, 7)
    with_list = rnd.random() < 0.2
    listed: dict[str, tuple[dt.date, dt.date | None]] = {}
    for i in range(n_pupils):
        upn = f"Q{seed % 100000:05d}{i}"
        if i == 0:  # on roll throughout, every session marked: the school's sessions
            case.marks[upn] = {k: rnd.choice(["/", "\\", "/", "L", "U", "B"]) for k in sessions}
            listed[upn] = (days[0], None)
            continue
        marks = {k: _random_mark(rnd) for k in sessions}
        if rnd.random() < 0.4:  # attendance on one side of a band's line, exactly
            att, pos = rnd.choice(EDGES[case.bands])
            if pos > len(sessions) - 4:
                att, pos = rnd.choice([(9, 10), (10, 10), (10, 11), (9, 9), (19, 20), (1, 2)])
            if pos <= len(sessions) - 2:
                keys = sessions[:]
                rnd.shuffle(keys)
                chosen = keys[:pos]
                rest = keys[pos:]
                for k in chosen[:att]:
                    marks[k] = rnd.choice(PRESENT)
                for k in chosen[att:]:
                    marks[k] = rnd.choice(AUTH + UNAUTH)
                for k in rest:
                    marks[k] = rnd.choice(NOTPOSS[:-4] + ["X05", "Y", "-", "", "!"])
                if marks[sessions[0]] in ("", "!"):  # keep the time on roll whole
                    marks[sessions[0]] = "X"
                if marks[sessions[-1]] in ("", "!"):
                    marks[sessions[-1]] = "D"
        if rnd.random() < 0.35 and in_ht:  # late arrivals near the flag's line
            want = rnd.choice([2, 3, 4, 4, 5])
            for k in rnd.sample(in_ht, min(want, len(in_ht))):
                marks[k] = rnd.choice(["L", "U", "L01"])
        # joiners and leavers
        first, last = 0, len(sessions) - 1
        if rnd.random() < 0.3 and len(sessions) > 6:
            first = rnd.randint(1, len(sessions) // 2)
        if rnd.random() < 0.25 and len(sessions) - first > 6:
            last = rnd.randint(first + 3, len(sessions) - 2)
        out: dict[tuple[dt.date, str], str] = {}
        before = rnd.choice(["none", "blank", "Z"] + ([] if with_list else ["dash"]))
        after = rnd.choice(["none", "blank"] + ([] if with_list else ["dash"]))
        for j, k in enumerate(sessions):
            if j < first:  # '-' just before the first mark: no mark recorded, on roll
                m = {"none": "!", "blank": "", "Z": "Z"}.get(before, "-" if j >= first - 2
                                                             else "!")  # fmt: skip
            elif j > last:
                m = {"none": "!", "blank": ""}.get(after, "-" if j <= last + 2 else "!")
            else:
                m = marks[k]
                if j in (first, last) and m in ("", "!", "-", "Z"):
                    m = "/"  # the first and last marks bound the time on roll
            if m != "!":
                out[k] = m
        if last == len(sessions) - 1 and rnd.random() < 0.1 and not with_list:
            for k in sessions[-rnd.randint(1, 6):]:  # no mark to the end: on roll
                out[k] = "-"
        case.marks[upn] = out
        # the list's dates: the first and last marks' days, or a day or two either side
        a = days.index(sessions[first][0])
        b = days.index(sessions[last][0])
        admission = days[max(0, a + rnd.choice([0, 0, -2, -1, 1, 2]))] if a else days[0]
        leaving = None
        if last < len(sessions) - 1:
            leaving = days[min(len(days) - 1, max(0, b + rnd.choice([0, 0, -1, 1, 2])))]
            if leaving < admission:
                leaving = admission
        listed[upn] = (admission, leaving)
    if with_list:
        case.pupil_list = listed
    if rnd.random() < 0.25:  # any date of the second half (a weekend, a holiday)
        span = (days[-1] - days[len(days) // 2]).days
        case.as_of = days[-1] - dt.timedelta(days=rnd.randint(0, span))
    elif rnd.random() < 0.08:  # after the data ends (DOMAIN.md 2: said loudly)
        case.as_of = min(days[-1] + dt.timedelta(days=rnd.randint(1, 45)), HALF_TERMS[-1][2])
    if rnd.random() < 0.08 and len(days) > 6 and case.pupil_list is None:
        # a later export (DOMAIN.md 2: no year-to-date band from it)
        case.late_start = days[rnd.randint(1, len(days) // 2)]
        for upn in case.marks:
            case.marks[upn] = {k: m for k, m in case.marks[upn].items() if k[0] >= case.late_start}
        case.marks = {u: ms for u, ms in case.marks.items() if any(
            m not in ("", "Z") for m in ms.values())}  # fmt: skip
        if case.as_of is not None and case.as_of < case.late_start:
            case.as_of = None
    elif rnd.random() < 0.08:  # DOMAIN.md 1: an unknown code is an input error
        upn = rnd.choice(list(case.marks))
        k = rnd.choice(sorted(case.marks[upn]))
        code = rnd.choice(["ZQ", "A", "X08", "I02", "Y8", "LL", "*"])
        case.marks[upn][k] = code
        case.unknown = (upn, k[0], k[1], code)
    if rnd.random() < 0.25 and not (case.as_of and case.as_of > days[-1]):
        case.term_dates = False
    if rnd.random() < 0.1 and len(days) > 4 and case.unknown is None and not case.late_start:
        case.since = days[rnd.randint(1, len(days) // 2)] - dt.timedelta(days=rnd.choice([0, 0, 1, 2]))
    return case


def config_text(case: Case) -> str:
    from attcli.config import init_text
    from school import DETAILS

    text = init_text(DETAILS)
    terms = "".join(f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {a}\nend = {b}\n'
                    for n, a, b in HALF_TERMS)  # fmt: skip
    if case.bands != "default":
        bands = (TEMPLATES / f"{case.bands}-bands.toml").read_text(encoding="utf-8")
        a, b = text.index("[[bands]]"), text.index("[thresholds]")
        text = text[:a] + bands + "\n" + text[b:]
    text = re.sub(r"(?m)^min_possible_sessions = 10", f"min_possible_sessions = "
                  f"{case.min_possible}", text)  # fmt: skip
    codes = ", ".join(f'"{c}"' for c in case.late_codes)
    text = re.sub(r'(?m)^codes = \["L", "U"\]', f"codes = [{codes}]", text)
    text = re.sub(r"(?m)^threshold = 4 ", f"threshold = {case.late_threshold} ", text)
    text = text.replace("[codes.subcodes]", '[codes.subcodes]\nL01 = "L"\nN02 = "N"')
    return text + (terms if case.term_dates else "")


def write_case(case: Case, folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"]
    for i, (upn, marks) in enumerate(case.marks.items()):
        for (d, s), m in sorted(marks.items()):
            lines.append(f"{upn},Sur{chr(65 + i)},Fore{chr(65 + i)},01/10/2014,Year 7,7A,"
                         f"{d:%d/%m/%Y},{s},{m}")  # fmt: skip
    csv = folder / "register.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cfg = folder / "attcli.toml"
    cfg.write_text(config_text(case), encoding="utf-8")
    args = [csv]
    if case.pupil_list is not None:
        rows = ["UPN,Admission Date,Leaving Date"]
        for upn, (a, b) in case.pupil_list.items():
            rows.append(f"{upn},{a:%d/%m/%Y},{'' if b is None else f'{b:%d/%m/%Y}'}")
        (folder / "pupils.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        args += ["--pupils", folder / "pupils.csv"]
    if case.as_of is not None:
        args += ["--as-of", case.as_of.isoformat()]
    if case.since is not None:
        args += ["--from", case.since.isoformat()]
    return args, cfg


# ------------------------------------------------------------------ the oracle
# DOMAIN.md 1: the categories; legacy H F -> authorised, J -> attended, Y -> not possible;
# sub-codes count as their parent (I01 -> I, X01..X07 -> X; the config's L01, N02)

ATTENDED = {"/", "\\", "L", "K", "V", "P", "W", "B", "J"}
AUTHORISED = {"C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E", "H", "F"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"D", "X", "Q", "Z", "#", "Y"} | {f"Y{i}" for i in range(1, 8)}
SUBCODES = {"I01": "I", "I_F": "I", "L01": "L", "N02": "N"} | {f"X0{i}": "X" for i in range(1, 8)}


def parent(m: str) -> str:
    return SUBCODES.get(m, m)


def bands_of(case: Case) -> list[tuple[str, str | None, int | None]]:
    """(name, "at_least"|"above"|None, percent) best first, from DOMAIN.md 3's tables."""
    return {
        "default": [("green", "at_least", 92), ("amber", "above", 90), ("red", "above", 50),
                    ("severe", None, None)],
        "seed003": [("green", "at_least", 96), ("upper_amber", "at_least", 94),
                    ("lower_amber", "at_least", 90), ("red", "above", 50),
                    ("severe", None, None)],
        "seed004": [("green", "above", 93), ("amber", "at_least", 90), ("red", "above", 50),
                    ("severe", None, None)],
    }[case.bands]  # fmt: skip


def expected(case: Case) -> dict[str, dict]:
    school = {k for ms in case.marks.values() for k, m in ms.items()}  # sessions the school had
    data_end = max(d for d, _ in school)
    as_of = case.as_of or data_end
    # the as-of date's half term; on a holiday, the one that ended last (docs/decisions.md)
    ht = [h for h in HALF_TERMS if h[1] <= as_of][-1]
    out = {}
    for upn, ms in case.marks.items():
        # the time on roll: the first mark to the last (a blank cell and Z are not marks of
        # being on roll; '-' is: a missing mark wherever it stands)
        on = sorted(k for k, m in ms.items() if m not in ("", "Z"))
        if not on:
            continue
        first, last = on[0], on[-1]
        if last[0] == data_end:
            # docs/decisions.md "The last afternoon": marked on the morning of the data's
            # last day, the pupil is on roll that day (the afternoon is a missing mark)
            last = (data_end, "PM")
        if case.pupil_list is not None:  # the list's dates decide (DOMAIN.md 1)
            a, b = case.pupil_list[upn]
            first, last = (a, "AM"), (b or D(2099, 1, 1), "PM")
        if first[0] > as_of:
            continue  # joins after the as-of date
        if case.since is not None and last[0] < case.since:
            continue  # left before the period asked for
        e = {"possible": 0, "attended": 0, "authorised": 0, "unauthorised": 0,
             "missing_marks": 0, "lates_half_term": 0}  # fmt: skip
        for k in sorted(school):
            if not first <= k <= last or k[0] > as_of:
                continue
            m = parent(ms.get(k, ""))
            if case.since is not None and k[0] < case.since:  # lates: the whole half term
                if m in case.late_codes and ht[1] <= k[0]:
                    e["lates_half_term"] += 1
                continue
            if m in ("", "-"):
                e["missing_marks"] += 1
                continue
            if m in NOT_POSSIBLE:
                continue
            e["possible"] += 1
            if m in ATTENDED:
                e["attended"] += 1
            elif m in AUTHORISED:
                e["authorised"] += 1
            else:
                assert m in UNAUTHORISED, m
                e["unauthorised"] += 1
            if m in case.late_codes and ht[1] <= k[0] <= as_of:
                e["lates_half_term"] += 1
        e["lates_flag"] = e["lates_half_term"] >= case.late_threshold
        band = None
        a, p = e["attended"], e["possible"]
        if p >= case.min_possible and p > 0 and (case.late_start is None or case.since):
            for name, how, pct in bands_of(case):
                if how is None or (how == "at_least" and 100 * a >= pct * p) or (
                    how == "above" and 100 * a > pct * p
                ):
                    band = name
                    break
        e["band"] = band
        out[upn] = e
    return out


def legacy_counted(case: Case) -> set[str]:
    """The legacy codes (H F J Y) of sessions counted: on roll, up to the as-of date."""
    school = {k for ms in case.marks.values() for k in ms}
    as_of = case.as_of or max(d for d, _ in school)
    out = set()
    for upn, ms in case.marks.items():
        on = sorted(k for k, m in ms.items() if m not in ("", "Z"))
        if not on:
            continue
        a, b = on[0], on[-1]
        if case.pupil_list is not None:
            x, y = case.pupil_list[upn]
            a, b = (x, "AM"), (y or D(2099, 1, 1), "PM")
        out |= {m for k, m in ms.items() if m in "HFJY" and m and a <= k <= b and k[0] <= as_of}
    return out


# ------------------------------------------------------------------ attcli, compared

FIELDS = ("possible", "attended", "authorised", "unauthorised", "missing_marks", "band",
          "lates_half_term", "lates_flag")  # fmt: skip


def _rows(fmt: str, path: Path) -> dict[str, dict]:
    """The pupils of a csv or xlsx output, their values typed as the json's."""
    if fmt == "csv":
        import csv

        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    else:  # the workbook's "All pupils" sheet; the flag is a row on its "Lateness" sheet
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        heads = {"UPN": "upn", "Band": "band", "Possible": "possible", "Attended": "attended",
                 "Authorised": "authorised", "Unauthorised": "unauthorised",
                 "Missing marks": "missing_marks", "Lates (half term)": "lates_half_term"}
        late = {r[1] for r in list(wb["Lateness"].iter_rows(values_only=True))[1:]}
        table = list(wb["All pupils"].iter_rows(values_only=True))
        names = [heads.get(str(c), str(c)) for c in table[0]]
        rows = []
        for r in table[1:]:
            row = {k: ("" if c is None else str(c)) for k, c in zip(names, r, strict=True)}
            # a pupil who has left is in no group (nothing to act on): no flag to read
            row["lates_flag"] = str(row["upn"] in late) if not row.get("Left on") else "?"
            rows.append(row)
    out = {}
    for r in rows:
        v: dict = {}
        for f in FIELDS:
            x = r.get(f)
            if f == "band":
                v[f] = x or None
            elif f == "lates_flag":
                v[f] = {"True": True, "False": False, "TRUE": True, "FALSE": False}.get(x, x)
            else:
                v[f] = int(float(x)) if x not in (None, "") else x
        out[r["upn"]] = v
    return out


def disagreements(case: Case, tmp: Path, fmt: str = "json") -> list[str]:
    from clirun import run_cli

    files, cfg = write_case(case, tmp)
    if case.unknown is not None:  # one line naming the file, the line, the pupil, the code
        upn, d, s, bad = case.unknown
        code, out, err = run_cli("check", *files, "-c", cfg, "--format", "json", width=300)
        lines = [x for x in err.strip().splitlines() if x.startswith("error:")]
        line = 2 + sorted((u, k) for u, ms in case.marks.items() for k in ms).index((upn, (d, s)))
        if code != 1 or len(lines) != 1 or not all(
            x in lines[0] for x in ("register.csv", f"line {line}", f"'{upn}'", f"'{bad}'")
        ):
            return [f"unknown code {case.unknown} (line {line}): exit {code}, {err[:300]}"]
        return []
    if fmt == "json":
        code, out, err = run_cli("check", *files, "-c", cfg, "--format", "json", width=300)
        if code != 0:
            return [f"exit {code}: {err.strip()[:300]}"]
        doc = json.loads(out)
        got = {p["upn"]: p for p in doc["pupils"]}
        said = " ".join([*doc["warnings"], *err.split()])
        end = max(d for ms in case.marks.values() for d, _ in ms)
        if case.as_of and [h for h in HALF_TERMS if h[1] <= case.as_of][-1][1] > end:
            if not any(w.startswith("lateness: ") for w in doc["warnings"]):  # DOMAIN.md 4
                return [f"as of {case.as_of}, a half term after the data: no lateness line"]
        for code in sorted(legacy_counted(case)):  # DOMAIN.md 1: "and say so in the output"
            if f"legacy code '{code}'" not in said:
                return [f"legacy {code} counted, not said"]
        if case.late_start is not None and (doc["coverage"]["complete"] or not any(
            "no band" in w for w in [*doc["warnings"], " ".join(err.split())]
        )):  # fmt: skip
            return [f"an export from {case.late_start}: {doc['coverage']}, no line said"]
    else:
        dest = tmp / f"out.{fmt}"
        code, out, err = run_cli("check", *files, "-c", cfg, "--format", fmt, "-o", dest,
                                 width=300)  # fmt: skip
        if code != 0:
            return [f"exit {code} ({fmt}): {err.strip()[:300]}"]
        got = _rows(fmt, dest)
    want = expected(case)
    found = []
    if set(got) != set(want):
        found.append(f"pupils {sorted(got)} != {sorted(want)}")
    for upn in sorted(set(got) & set(want)):
        for f in FIELDS:
            if got[upn][f] != want[upn][f] and got[upn][f] != "?":
                found.append(f"{fmt} {upn} {f}: attcli {got[upn][f]!r}, oracle {want[upn][f]!r}")
        why = got[upn].get("reasons", {}).get(f"band:{want[upn]['band']}")
        evidence = f"({want[upn]['attended']} of {want[upn]['possible']} sessions)"
        if why is not None and evidence not in why:  # every flag carries its evidence
            found.append(f"{upn} band reason {why!r} lacks {evidence!r}")
    return found


# A few seeds each (the whole well under 20 s); the longer sweep is run by hand (above).
# Random seeds 1-6 (1-12 until the suite's time: CI's 15 minutes; the sweep by hand runs
# any number), and the three chosen for what they hold.


@pytest.mark.parametrize("seed", [*range(1, 7), 22, 56, 90])  # 22: a later export,
# 56: an unknown code, 90: as of a half term after the data
def test_check_agrees_with_the_oracle_of_domain_1_to_4(seed, tmp_path):
    assert disagreements(make_case(seed), tmp_path) == [], seed


@pytest.mark.parametrize(("seed", "fmt"), [(13, "csv"), (14, "xlsx"), (15, "csv")])
def test_check_csv_and_xlsx_agree_with_the_oracle(seed, fmt, tmp_path):
    assert disagreements(make_case(seed), tmp_path, fmt) == [], seed


if __name__ == "__main__":  # a longer sweep: python tests/test_sweep_oracle24.py FIRST COUNT
    import os
    import tempfile

    # the tests' "today" (conftest.py): a record dated in the generated year is not
    # refused as in the future when the sweep runs outside pytest
    os.environ.setdefault("ATTCLI_TODAY", "2027-08-31")
    sys.path.insert(0, str(Path(__file__).parent))
    first, count = int(sys.argv[1]), int(sys.argv[2])
    bad = 0
    for seed in range(first, first + count):
        with tempfile.TemporaryDirectory() as tmp:
            fmt = ["json", "json", "json", "csv", "xlsx"][seed % 5]
            found = disagreements(make_case(seed), Path(tmp), fmt)
        if found:
            bad += 1
            print(f"seed {seed}:")
            for line in found[:12]:
                print("   ", line[:400])
    print(f"{bad} of {count} disagree")


# ------------------------- lates of a half term the data never reaches, as of a later date
# Term dates Autumn 1 (7 Sep to 23 Oct 2026) and Autumn 2 (from 2 Nov).  The export holds
# 7 to 25 Sep; P is late (L) 4 times in it: flagged in Autumn 1 (DOMAIN.md 4).  As of Tue
# 3 Nov (Autumn 2) the INCOMPLETE DATA line says "Figures are as of 25/09/2026", but the
# lates counted are Autumn 2's, none of whose days the export holds: 0, not flagged, and
# nothing said of lateness (the note on a half term's unseen days stopped at the data's
# end).  As of Mon 5 Oct (Autumn 1, the figures' half term) nothing more is to say.


@pytest.mark.parametrize(("as_of", "note"), [("2026-11-03", True), ("2026-10-05", False)])
def test_lates_of_a_half_term_after_the_data_ends_say_its_days_are_not_counted(
    tmp_path, as_of, note
):
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    reg = register({"P": " ".join(["L\\"] * 4 + ["/\\"] * 11), "OK": " ".join(["/\\"] * 15)})
    cfg = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    csv = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    code, out, err = run_cli("check", csv, "-c", cfg, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    p = next(x for x in doc["pupils"] if x["upn"] == "P")
    line = (
        "lateness: the exports hold no register for 2 school days of Autumn 2 up to "
        "03/11/2026 (02/11/2026 to 03/11/2026): late arrivals on them are not counted, so a "
        "pupil under 4 lates may have 4 or more; give the exports of those days to count the "
        "whole half term"
    )
    assert (line in doc["warnings"]) is note, doc["warnings"]
    assert not any(w.startswith("lateness: ") for w in doc["warnings"] if w != line)
    assert (p["lates_half_term"], p["lates_flag"]) == ((0, False) if note else (4, True))
