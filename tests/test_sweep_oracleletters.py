"""A school's year of `attcli letters` runs, each compared with an independent reference.

A seeded generator makes a school year (2026/27, six half terms) of a dozen pupils whose
attendance, lateness and kind of absence change from half term to half term, one who leaves
and one who joins.  The register grows week by week; `attcli letters` runs (recording, in a
workspace under tmp_path) at random points of each half term, sometimes twice in a week,
sometimes not for weeks; the latest two school days of each export show `N` for some absences
that the next export gives their final code (a correction).  After each run the letters it
sent (its manifest) and held are compared with tests/oracleletters_ref.py, given the letters
sent so far.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import re
from pathlib import Path

import pytest

from clirun import run_cli
from oracleletters_ref import HalfTerm, Sent, due_letters
from school import contacts_file, make_workspace

D = dt.date
HALF_TERMS = [
    HalfTerm("Autumn 1", D(2026, 9, 7), D(2026, 10, 23)),
    HalfTerm("Autumn 2", D(2026, 11, 2), D(2026, 12, 18)),
    HalfTerm("Spring 1", D(2027, 1, 4), D(2027, 2, 12)),
    HalfTerm("Spring 2", D(2027, 2, 22), D(2027, 3, 26)),
    HalfTerm("Summer 1", D(2027, 4, 12), D(2027, 5, 28)),
    HalfTerm("Summer 2", D(2027, 6, 7), D(2027, 7, 16)),
]
BANK_HOLIDAYS = {D(2027, 5, 3)}
TOML = "".join(
    f'\n[[calendar.half_terms]]\nname = "{h.name}"\nstart = {h.start}\nend = {h.end}\n'
    for h in HALF_TERMS
)


def school_days() -> list[dt.date]:
    out = []
    for h in HALF_TERMS:
        d = h.start
        while d <= h.end:
            if d.weekday() < 5 and d not in BANK_HOLIDAYS:
                out.append(d)
            d += dt.timedelta(days=1)
    return out


def make_year(rng: random.Random, n: int = 12):
    """upn -> {day: (am, pm)} final marks, and the days whose absence shows N at first."""
    days = school_days()
    marks: dict[str, dict[dt.date, tuple[str, str]]] = {}
    provisional: set[tuple[str, dt.date]] = set()
    for i in range(n):
        upn = f"A1000000001{i:02d}"
        first, last = days[0], days[-1]
        if i == n - 1:
            first = rng.choice(days[20:80])  # joins
        if i == n - 2:
            last = rng.choice(days[30:150])  # leaves
        by_day = {}
        for h in HALF_TERMS:
            p_abs = rng.choice([0, 0, 0.01, 0.03, 0.06, 0.09, 0.15, 0.3, 0.6])
            agreed = rng.random() < 0.3
            p_late = rng.choice([0, 0, 0.02, 0.08, 0.2])
            for d in days:
                if not (h.start <= d <= h.end and first <= d <= last):
                    continue
                if rng.random() < p_abs:
                    code = rng.choice(
                        ["I", "I", "M", "C2"] if agreed else ["O", "G", "T", "R", "I"]
                    )
                    am = pm = code
                    if rng.random() < 0.3:
                        pm = "/"
                    if rng.random() < 0.5:
                        provisional.add((upn, d))
                    by_day[d] = (am, pm)
                elif rng.random() < p_late:
                    by_day[d] = (rng.choice(["L", "L", "U"]), "\\")
                else:
                    by_day[d] = ("/", "\\")
        marks[upn] = by_day
    return marks, provisional


def export_as_of(marks, provisional, end: dt.date, days: list[dt.date]):
    """The register as an export to ``end`` shows it: absence on the last two school days
    to ``end`` still `N` where it was provisional."""
    last_two = set([d for d in days if d <= end][-2:])
    out = {}
    for upn, by_day in marks.items():
        mine = {}
        for d, (am, pm) in by_day.items():
            if d > end:
                continue
            if d in last_two and (upn, d) in provisional:
                am = "N" if am not in ("/", "\\", "L") else am
                pm = "N" if pm not in ("/", "\\", "L") else pm
            mine[d] = (am, pm)
        out[upn] = mine
    return out


def write_export(register, path: Path) -> Path:
    lines = ["UPN,Surname,Forename,Date,Session,Mark"]
    for upn, by_day in register.items():
        for d in sorted(by_day):
            for session, mark in zip(("AM", "PM"), by_day[d], strict=True):
                lines.append(
                    f"{upn},Surname{upn[-2:]},Forename{upn[-2:]},{d:%d/%m/%Y},{session},{mark}"
                )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan_runs(rng: random.Random, days: list[dt.date]) -> list[dt.date]:
    """The as-of dates of the year's runs: some weeks none, some one, some two."""
    weeks: dict[dt.date, list[dt.date]] = {}
    for d in days:
        weeks.setdefault(d - dt.timedelta(days=d.weekday()), []).append(d)
    runs = []
    for week in weeks.values():
        r = rng.random()
        if r < 0.45:
            continue
        if r < 0.8:
            runs.append(rng.choice(week))
        else:
            runs += sorted(rng.sample(week, 2)) if len(week) >= 2 else week
    return runs


def held_upns(text: str) -> set[str]:
    """UPNs in the run's "Held for review" table."""
    m = re.search(r"Held for review.*?\n(.*?)\n└", text, re.S)
    return set(re.findall(r"^│ (A1000000001\d\d)", m.group(1), re.M)) if m else set()


def one_year(tmp_path: Path, seed: int, praise: bool, monkeypatch, max_runs: int | None = None):
    rng = random.Random(seed)
    days = school_days()
    marks, provisional = make_year(rng)
    extra = TOML + ("\n" if not praise else "")
    config = make_workspace(tmp_path / "ws", extra)
    if praise:
        text = config.read_text(encoding="utf-8").replace("praise = false", "praise = true")
        config.write_text(text, encoding="utf-8")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{u}", "Mrs", f"Parent{u[-2:]}", f"Family{u[-2:]}") for u in marks],
    )
    history: list[Sent] = []
    disagreements = []
    runs = plan_runs(rng, days)[:max_runs]
    for k, as_of in enumerate(runs):
        reg = export_as_of(marks, provisional, as_of, days)
        export = write_export(reg, tmp_path / f"export-{k}.csv")
        monkeypatch.setenv("ATTCLI_TODAY", as_of.isoformat())
        out = tmp_path / f"out-{k}"
        code, stdout, err = run_cli(
            "letters", export, "--contacts", contacts, "--out", out, "--config", config
        )
        assert code == 0, (as_of, err)
        got = {}
        manifest = out / "manifest.csv"
        if manifest.exists():
            with manifest.open(encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    got[(row["upn"], row["template"])] = int(row["stage"] or 0)
        ref = due_letters(reg, as_of, HALF_TERMS, history, praise=praise)
        want = dict(ref.sent)
        # stages are compared for band letters; other letters by presence
        for key in list(got):
            if key[1] not in ("amber", "red", "severe"):
                got[key] = want.get(key, got[key]) if key in want else got[key]
        if got != want:
            disagreements.append(
                (as_of, "sent", sorted(set(got.items()) ^ set(want.items())), stdout + err)
            )
        held = held_upns(stdout + err)
        want_held = {u for u, _ in ref.held if (u, _) not in ref.sent}
        if held != want_held:
            disagreements.append(
                (as_of, "held", sorted(held ^ want_held), f"{ref.why}\n" + stdout + err)
            )
        ht = next(h for h in HALF_TERMS if h.start <= as_of <= h.end)
        history += [Sent(u, t, ht.name, as_of) for (u, t) in got]
        if disagreements:
            break
    return disagreements, (history, marks, provisional, runs)


@pytest.mark.parametrize("seed", [1])
def test_a_year_of_letters_runs_agrees_with_the_reference(tmp_path, monkeypatch, seed):
    found, _ = one_year(tmp_path, seed, praise=True, monkeypatch=monkeypatch)
    assert not found, "\n\n".join(f"{a} {kind} {diff}\n{text}" for a, kind, diff, text in found)


@pytest.mark.skipif(not os.environ.get("ATTCLI_SLOW"), reason="slow: ATTCLI_SLOW=1")
# seeds 3, 6, 10 and 11 disagreed on "left the ladder improved" until the reference left a
# band's stage out of that band (not only at 92 %) and let a severe letter the band called
# for start the severe stage (docs/decisions.md, the oracleletters2 sweep)
@pytest.mark.parametrize("seed", [2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
def test_more_years_of_letters_runs(tmp_path, monkeypatch, seed):
    found, _ = one_year(tmp_path, seed, praise=seed % 2 == 0, monkeypatch=monkeypatch)
    assert not found, "\n\n".join(f"{a} {kind} {diff}\n{text}" for a, kind, diff, text in found)


def test_a_stage_passed_over_at_a_periods_end_stays_passed_over_when_the_year_rises_above_90(
    tmp_path, monkeypatch
):
    """Seed 1's pupil 100, made small.  School days from Mon 7 Sep 2026 (half terms as
    above).  PUP: 4 days away (T mornings, O afternoons: half `T`, so no letter is held for
    it) in the first 4 weeks (to Fri 2 Oct, 32 of 40, 80.0 %, red: the red letter of 2 Oct
    starts red's 4 weeks, 2 to 29 Oct).  4 more such days in 5-23 Oct: the
    period is 24 of 32 (75.0 %) against 30 of 38 (78.9 %) before it, not improved, and the
    year to 29 Oct is 54 of 70 (77.1 %), persistently absent: the severe letter (band red)
    is passed over, its period from 30 Oct (in the half-term holiday: its 4 weeks from the
    first school day after, Mon 2 Nov, sweep leftovers17) to 29 Nov run without it, 100 %
    against the time before: improved and out of the band: the pupil leaves the ladder on
    29 Nov.  Present every day
    since, the year rises: to Mon 18 Jan 2027 (46 days more) 146 of 162, 90.12 %, amber.
    Nothing is due on the ladder (100 % since leaving): the amber letter is held as "left
    the ladder improved".  attcli judged the pass-over on the year as of the run (90.12 %,
    not persistently absent): at 18 Jan it had the pupil "not improved since October, severe
    waits" and sent the amber letter as if the October period were the last word, though
    its run of 18 Oct... (any run in November) had the severe period passed over."""
    days = school_days()
    upto = [d for d in days if d <= D(2027, 1, 18)]
    absent = set(days[0:4]) | set(days[20:24])
    marks = {
        "A100000000199": {d: (("T", "O") if d in absent else ("/", "\\")) for d in upto},
        "A100000000198": {d: ("/", "\\") for d in upto},
    }
    config = make_workspace(tmp_path / "ws", TOML)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{u}", "Mrs", "Parent", "Family") for u in marks]
    )
    sent = {}
    for k, as_of in enumerate((D(2026, 10, 2), D(2027, 1, 18))):
        reg = {u: {d: m for d, m in by.items() if d <= as_of} for u, by in marks.items()}
        export = write_export(reg, tmp_path / f"export-{k}.csv")
        monkeypatch.setenv("ATTCLI_TODAY", as_of.isoformat())
        code, out, err = run_cli(
            "letters", export, "--contacts", contacts, "--out", tmp_path / f"out-{k}",
            "--config", config,
        )  # fmt: skip
        assert code == 0, err
        sent[as_of] = out
    assert "A100000000199 │ Forename99 Surname99 │ red" in sent[D(2026, 10, 2)]
    last = sent[D(2027, 1, 18)]
    assert held_upns(last) == {"A100000000199"}, last
    assert "left the ladder improved on 29/11/2026" in last, last
