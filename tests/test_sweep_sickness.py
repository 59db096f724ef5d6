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
