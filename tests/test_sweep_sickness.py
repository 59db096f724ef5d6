"""Sweep of the sickness rule (DOMAIN.md 7: 15 school days through illness in the school
year: 30 `I` sessions, or a run of 15 days) in every command that reports it, worked by hand.

The registers start Monday 7 September 2026 (d1); the October half term is 26-30 October.
School days: d1-d18 are 7-30 September, d19-d35 1-23 October, d36-d40 2-6 November.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
SICK = ("sickness_sessions", "sickness_longest_days", "sickness_flag")


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


def check_json(export: Path, config: Path, *more: str) -> dict[str, dict]:
    code, out, err = run_cli("check", export, "-c", config, "--format", "json", *more)
    assert code == 0, err
    return {p["upn"]: p for p in json.loads(out)["pupils"]}


def test_the_sickness_rule_counts_the_school_year_whatever_the_from_date(
    tmp_path: Path,
) -> None:
    """`check --from 2026-10-01` (as of Fri 6 Nov) counted the illness sessions of the
    period only and left out runs of illness that ended before it, so RUN15, ill every day
    7-25 Sep (30 sessions, a run of 15 days), read "nothing needs doing" and was in no
    sickness group, while `check` without --from, `attcli pupil` and the LA return of the
    same date listed them (DOMAIN.md 7: 15 days "in the school year").  By hand, as of
    6 Nov, whatever the period: RUN15 30 sessions, run 15, flagged; RUN14 (I d1-d14) 28,
    14, not; HALF30 (I mornings d1-d30) 30 sessions, run 0, flagged; HALF29 29, not.  The
    period's own figures stay the period's: 22 school days from 1 Oct, 44 possible."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    reg = register(
        {
            "RUN15": days((15, "I"), (25, P)),
            "RUN14": days((14, "I"), (26, P)),
            "HALF30": days((30, "I/"), (10, P)),
            "HALF29": days((29, "I/"), (11, P)),
            "OK": days((40, P)),
        },
        start=D(2026, 9, 7),
        holidays=HALF_TERM,
    )
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    expected = {
        "RUN15": (30, 15, True),
        "RUN14": (28, 14, False),
        "HALF30": (30, 0, True),
        "HALF29": (29, 0, False),
        "OK": (0, 0, False),
    }
    year = check_json(export, config)
    period = check_json(export, config, "--from", "2026-10-01")
    for upn, want in expected.items():
        assert tuple(year[upn][c] for c in SICK) == want, upn
        assert tuple(period[upn][c] for c in SICK) == want, upn
    assert period["RUN15"]["possible"] == 44 and year["RUN15"]["possible"] == 80
    # the terminal's sickness group and the pupil's record say the same
    code, out, err = run_cli("check", export, "-c", config, "--from", "2026-10-01")
    assert code == 0, err
    group = out.split("Sickness (", 1)[1].split("Action:", 1)[0]
    assert "RUN15" in group and "HALF30" in group
    assert "RUN14" not in group and "HALF29" not in group
    assert "30 illness sessions this year; longest run of illness 15 school days" in group
    code, out, err = run_cli("pupil", "RUN15", export, "-c", config, "--from", "2026-10-01")
    assert code == 0, err
    assert "30 illness sessions this year; longest run of illness 15 school days" in out


def _two_upns_register(tmp_path: Path) -> Path:
    """KIT: one child under two UPNs (the same surname, forename and date of birth), ill
    every day from Mon 7 Sep: under KIT1 d1-d8 (7-16 Sep, 16 sessions; no row after), under
    KIT2 d9-d15 (17-25 Sep, 14 sessions; no row before), then in school to d30: 30 illness
    sessions and a run of 15 school days across the two UPNs, 16 and 8 days, 14 and 7
    under each alone.  LEE: the same one day shorter (LEE1 d1-d7, LEE2 d8-d14): 28
    sessions, 14 days, under the threshold across the UPNs too."""
    import polars as pl

    reg = register(
        {
            "KIT1": days((8, "I")),
            "KIT2": days((8, "!"), (7, "I"), (15, P)),
            "LEE1": days((7, "I")),
            "LEE2": days((7, "!"), (7, "I"), (16, P)),
            "OK": days((30, P)),
        },
        start=D(2026, 9, 7),
        holidays=HALF_TERM,
    )
    child = pl.col("upn").cast(pl.Utf8).str.slice(0, 3)
    reg = reg.with_columns(
        pl.when(child.is_in(["KIT", "LEE"])).then(pl.lit("Child")).otherwise("surname")
        .alias("surname"),
        pl.when(child.is_in(["KIT", "LEE"])).then(child.str.to_titlecase())
        .otherwise("forename").alias("forename"),
    )  # fmt: skip
    return write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)


def test_a_child_ill_15_days_across_two_upns_is_said(tmp_path: Path) -> None:
    """A child whose UPN changed mid-illness (KIT, above) had 30 illness sessions and a
    run of 15 school days this school year, the sickness threshold, read as 16 and 14
    sessions, 8 and 7 days: in no sickness group, with nothing but the general note that
    one child may be under two UPNs, while a run of unexplained absence or a penalty-notice
    window split so is said in a line of its own (attcli.joined).  Now the check says it in
    one line; each UPN's figures stay its own (attcli never merges two UPNs).  LEE, one day
    shorter (28 sessions, 14 days), gets no such line."""
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _two_upns_register(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    by = {p["upn"]: p for p in doc["pupils"]}
    assert [tuple(by[u][c] for c in SICK) for u in ("KIT1", "KIT2")] == [
        (16, 8, False), (14, 7, False),
    ]  # fmt: skip
    lines = [w for w in doc["warnings"] if "illness" in w]
    assert len(lines) == 1, doc["warnings"]
    line = lines[0]
    assert "Child, Kit (KIT1, KIT2: one child under two UPNs?)" in line
    assert "30 illness sessions this school year" in line
    assert "longest run of illness 15 school days" in line
    assert "(KIT1's 16 sessions, KIT2's 14)" in line
    assert "LEE" not in line
    # the terminal says it too
    code, out, err = run_cli("check", export, "-c", config)
    assert code == 0, err
    assert "Child, Kit (KIT1, KIT2: one child under two UPNs?)" in (out + err).replace("\n", " ")


def test_the_la_return_says_a_child_ill_15_days_across_two_upns(tmp_path: Path) -> None:
    """The LA return of September (KIT and LEE, above) listed no one on its sickness list
    and said nothing of KIT, 15 days ill across two UPNs.  Now the terminal says it beside
    the sickness list, and the file's Data row too (the LA reads the file alone), as a run
    of unexplained absence split across two UPNs is said; the lists are unchanged."""
    import csv

    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _two_upns_register(tmp_path)
    out_csv = tmp_path / "sep.csv"
    code, out, err = run_cli(
        "la-return", export, "--month", "2026-09", "-c", config, "-o", out_csv, width=400
    )
    assert code == 0, err
    said = [ln for ln in out.splitlines() if "one child under two UPNs?" in ln]
    assert len(said) == 1 and "Child, Kit (KIT1, KIT2" in said[0], out
    assert said[0].startswith("NOT IN THIS RETURN")
    assert "30 illness sessions this school year" in said[0]
    assert "Lee" not in out
    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert not any(r and r[0].startswith("sickness") for r in table)
    # the workbook's Data row (the header block the LA reads above the rows)
    from openpyxl import load_workbook

    xlsx = tmp_path / "sep-again.xlsx"
    code, _, err = run_cli(
        "la-return", export, "--month", "2026-09", "-c", config, "-o", xlsx, width=400
    )
    assert code == 0, err
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    data = next(r[1] for r in rows if r and r[0] == "Data")
    assert "NOT IN THIS RETURN: Child, Kit (KIT1, KIT2: one child under two UPNs?)" in data
    assert "Lee" not in data


def test_the_register_check_says_a_child_ill_15_days_across_two_upns(tmp_path: Path) -> None:
    """The register check (DOMAIN.md 8: "sickness 15 days" is a reason a pupil is listed)
    listed KIT1 and KIT2 (above) below the threshold, neither with the sickness reason, and
    said nothing of the 30 illness sessions across the two UPNs.  Now the terminal and the
    workbook's Data row say it, as the check and the LA return do; the rows are unchanged
    (each UPN's own figures); LEE (28 sessions, 14 days) is not named."""
    import csv

    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = _two_upns_register(tmp_path)
    out_csv = tmp_path / "rc.csv"
    code, out, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-16", "-c", config,
        "-o", out_csv, width=400,
    )
    assert code == 0, err
    # (the line of the two rows, sweep twoupn, is another)
    said = [
        ln for ln in (out + err).splitlines()
        if "(KIT1, KIT2: one child under two" in ln and "rows of this file" not in ln
    ]
    assert len(said) == 1, out + err
    assert "30 illness sessions this school year" in said[0]
    assert not [ln for ln in (out + err).splitlines() if "Lee (LEE1" in ln and "illness" in ln]
    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        reasons = {r["UPN"]: r["Reasons"] for r in csv.DictReader(f)}
    assert "sickness" not in reasons.get("KIT1", "") + reasons.get("KIT2", "")
    from openpyxl import load_workbook

    xlsx = tmp_path / "rc.xlsx"
    code, _, err = run_cli(
        "register-check", export, "--term", "autumn", "--as-of", "2026-10-16", "-c", config,
        "-o", xlsx, width=400,
    )
    assert code == 0, err
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    data = next(r[1] for r in rows if r and r[0] == "Data")
    assert "Child, Kit (KIT1, KIT2: one child under two UPNs?)" in data
    assert not [x for x in data.split("; ") if "Lee (LEE1" in x and "illness" in x]
