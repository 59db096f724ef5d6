"""Run attcli check/cme on an oracle4 case and compare with the reference (oracle4_ref)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from tests.clirun import run_cli
from tests.oracle4_gen import BANK_HOLIDAYS, HALF_TERMS, INSET, PRIOR, Case, config_toml
from tests.oracle4_ref import Export, reference, year_start
from tests.school import make_workspace

D = dt.date


def _rows(text: str) -> list[tuple[str, D, str, str]]:
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        d, m, y = map(int, r["Date"].split("/"))
        out.append((r["UPN"], D(y, m, d), r["Session"], r["Mark"]))
    return out


def write_case(case: Case, folder: Path) -> tuple[Path, list[Path], Path | None]:
    config = make_workspace(folder)
    text = config.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("inset_days = []"))
    config.write_text(
        text.replace("[calendar]\n" + line + "\n", config_toml(case.prior, case.term_dates)),
        encoding="utf-8",
    )
    files = []
    for i, text in enumerate(case.raw or case.files):
        p = folder / f"export{i + 1}.csv"
        p.write_bytes(text.encode("utf-8"))
        files.append(p)
    plist = None
    if case.pupils_csv is not None:
        plist = folder / "pupils.csv"
        plist.write_text(case.pupils_csv, encoding="utf-8")
    return config, files, plist


def compare(case: Case, folder: Path, cme: bool = True) -> list[str]:
    """Every disagreement between attcli and the reference, as lines (empty: agree)."""
    config, files, plist = write_case(case, folder)
    extra = ["--pupils", str(plist)] if plist else []
    if case.from_ is not None:
        extra += ["--from", case.from_.isoformat()]
    given = [files[i] for i in case.order] if case.order else files
    args = [*given, "--config", config, "--as-of", case.as_of.isoformat(), *extra]
    code, out, err = run_cli("check", *args, "--format", "json")
    exports = [Export(_rows(t)) for t in case.files]
    try:
        ref = reference(
            exports,
            case.dobs,
            case.as_of,
            PRIOR + HALF_TERMS if case.term_dates else [],
            case.pupil_list,
            no_school=frozenset(INSET + BANK_HOLIDAYS),
            from_=case.from_,
        )
    except ValueError as exc:
        if code == 1 and "line" in err and ".csv" in err and "Traceback" not in err:
            return []
        return [f"reference refuses ({exc}) but attcli exit {code}: {err.strip()[:300]}"]
    if code != 0:
        return [f"attcli exit {code}: {err.strip()[:400]}"]
    data = json.loads(out)
    diffs = []
    got = {p["upn"]: p for p in data["pupils"]}
    for upn, r in ref.items():
        if r.possible == 0 and r.missing == 0 and upn not in got:
            continue
        g = got.get(upn)
        if g is None:
            diffs.append(f"{upn}: missing from attcli's pupils (ref possible {r.possible})")
            continue
        want = {
            "possible": r.possible,
            "attended": r.attended,
            "authorised": r.authorised,
            "unauthorised": r.unauthorised,
            "missing_marks": r.missing,
            "band": r.band,
            "lates_half_term": r.lates,
            "pn_threshold_met": r.pn_met,
            "pn_first_met": r.pn_first.isoformat() if r.pn_first else None,
            "pn_window_sessions": r.pn_sessions,
            "pn_window_start": r.pn_window[0].isoformat() if r.pn_window else None,
            "compulsory_school_age": r.csa,
            "continuous_absence_days": r.continuous,
            "longest_absence_days": r.longest,
            "left_after_absence_days": next((x.days for x in r.runs if x.left), 0),
            "on_roll": r.on_roll,
            "lates_flag": r.lates >= 4,
            "ht_possible": r.ht[0],
            "ht_attended": r.ht[1],
            "ht_authorised": r.ht[2],
            "ht_unauthorised": r.ht[3],
            "sickness_sessions": r.sick_sessions,
            "sickness_longest_days": r.sick_longest,
            "sickness_flag": r.sick_sessions + r.sick_whole >= 30 or r.sick_longest >= 15,
        }
        since = (case.from_ or year_start(case.as_of)).isoformat()
        stale = sum(
            1
            for x in data["data_quality"]
            if x["kind"] == "stale_n" and x["upn"] == upn and x["date"] >= since
        )
        if stale != r.stale_n:
            diffs.append(f"{upn}: stale N attcli {stale} ref {r.stale_n}")
        for k, v in want.items():
            if g.get(k) != v:
                diffs.append(f"{upn}: {k} attcli {g.get(k)!r} ref {v!r}")
        if case.as_of >= D(2026, 9, 1) and g.get("can_miss_sessions") != r.can_miss:
            diffs.append(
                f"{upn}: can_miss_sessions attcli {g.get('can_miss_sessions')} ref {r.can_miss}"
            )
        if r.pct is not None and g.get("attendance_pct") is not None:
            if abs(g["attendance_pct"] - r.pct) > 0.005:
                diffs.append(f"{upn}: attendance_pct attcli {g['attendance_pct']} ref {r.pct}")
    for upn in got:
        if upn not in ref:
            diffs.append(f"{upn}: in attcli's pupils, not the reference's")
    if cme:
        code, out, err = run_cli("cme", *args, "--days", "3", "--format", "json")
        if code != 0:
            return [*diffs, f"cme exit {code}: {err.strip()[:300]}"]
        runs = json.loads(out)["runs"]
        mine = {
            (u, x.first.isoformat(), x.last.isoformat(), x.days)
            for u, r in ref.items()
            for x in r.runs
            if x.days >= 3
        }
        # attcli also lists a shorter run that unmarked days after it could make long
        # enough ("2 days, +1 unmarked"): listed on purpose, not a run of 3 it counted.
        theirs = {
            (x["upn"], x["run_start"], x["run_end"], x["run_days"])
            for x in runs
            if x["run_days"] >= 3
        }
        for t in sorted(mine - theirs):
            diffs.append(f"cme: reference run {t} not in attcli's")
        for t in sorted(theirs - mine):
            diffs.append(f"cme: attcli run {t} not in the reference's")
        cur = {
            (u, x.first.isoformat())
            for u, r in ref.items()
            for x in r.runs
            if x.days >= 3 and x.current
        }
        for x in runs:
            r = ref.get(x["upn"])
            mine_run = next(
                (y for y in (r.runs if r else []) if y.first.isoformat() == x["run_start"]), None
            )
            if mine_run is None or x["run_days"] < 3:
                continue
            want = (sorted(mine_run.codes), mine_run.seen.isoformat() if mine_run.seen else None)
            if (x["codes"], x["last_attended"]) != want:
                diffs.append(
                    f"cme: {x['upn']} run {x['run_start']} codes, last attended "
                    f"attcli {(x['codes'], x['last_attended'])} ref {want}"
                )
        tcur = {(x["upn"], x["run_start"]) for x in runs if x["current"] and x["run_days"] >= 3}
        for t in sorted(cur ^ tcur):
            diffs.append(f"cme: current differs for {t} (ref {t in cur})")
    return diffs
