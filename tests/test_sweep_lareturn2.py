"""Second sweep of the monthly LA return (`attcli la-return`) over three months, by hand.

The register starts Monday 7 September 2026 (d1); the October half term is 26-30
October (the workspace's term dates).  School days: September d1-d18 (7-30 Sep), October
d19-d35 (1-23 Oct), November d36-d56 (2-30 Nov).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


def test_a_month_made_again_from_a_later_export_is_the_same_return(tmp_path: Path) -> None:
    """RUN: N Mon 12 - Fri 23 Oct (d26-d35, 10 days), then N on to Mon 2 Nov.  October's
    return from the export to Fri 23 Oct (its last school day: 26-30 Oct are the half term)
    is as of 23/10 and lists RUN new, still absent.  Made again in December from the
    export to 30 Nov (to send the file again), it was as of 31/10, a half-term Saturday:
    another "Figures as of" date, so a second October recorded ("recorded as return 2")
    for the same figures.  Run twice, a return records nothing new the second time: the
    month's return is as of its last school day in the exports whichever export it is
    made from, so the second run is "the same as return 1"."""
    ws = tmp_path / "school"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    reg = register(
        {"RUN": days((25, P), (11, "N"), (34, P)), "OK": days((70, P))},
        start=D(2026, 9, 7),
        holidays=HALF_TERM,
    )
    outs = []
    for upto in (D(2026, 10, 23), D(2026, 10, 30), D(2026, 11, 30)):
        exp = write_long_csv(
            reg.filter(pl.col("date") <= upto), tmp_path / f"e{upto}.csv", dob=True, groups=True
        )
        out = tmp_path / f"oct-{upto}.csv"
        code, text, err = run_cli(
            "la-return", exp, "--month", "2026-10", "-c", config, "-o", out, width=300
        )
        assert code == 0, err
        assert "October 2026 (01/10/2026 to 23/10/2026)" in text
        with out.open(encoding="utf-8-sig", newline="") as f:
            got = [(r["Status"], r["UPN"], r["School days"], r["Still absent"])
                   for r in csv.DictReader(f)]  # fmt: skip
        assert got == [("new", "RUN", "10", "yes")]
        outs.append((text + err, out.read_bytes()))
    assert "recorded as return 1" in outs[0][0]
    for text, data in outs[1:]:
        assert "the same as return 1" in text and "nothing new recorded" in text
        assert data == outs[0][1]
