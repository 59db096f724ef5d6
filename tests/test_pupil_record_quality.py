"""A pupil's record says the register problems of that pupil the weekly check lists
(DOMAIN.md 12: reported, never silently absorbed), not only their missing marks.

NN (``builders.register``, Mon 07/09 - Fri 18/09/2026, as of the Friday) is present but
for N at both sessions of Tue 08/09 (8 school days before the as-of date: older than 5,
to be replaced with the reason) and N on Thu 17/09 AM (1 school day old: still in time).
Possible 20, attended 17, unauthorised 3.
"""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from attcli.pupil import pupil_record
from builders import register

D = dt.date
DAY = "/\\"


def test_the_record_lists_the_pupil_s_n_codes_older_than_5_school_days(tmp_path):
    """The check lists NN under "N codes older than 5 school days (replace with the
    reason)"; the record, read on the phone to a parent, counted the N as unauthorised and
    said nothing of them being provisional and overdue.  The N within 5 school days is not
    listed."""
    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    reg = register({"NN": f"{DAY} N {DAY} {DAY} {DAY} {DAY} {DAY} {DAY} N\\ {DAY}",
                    "OTH": " ".join([DAY] * 10)})  # fmt: skip
    cfg = parse_config(f'[history]\npath = "{tmp_path / "h.sqlite3"}"\n')
    rec = pupil_record(reg, cfg, "NN")
    assert (rec.row["possible"], rec.row["attended"], rec.row["unauthorised"]) == (20, 17, 3)
    assert rec.stale_n == [(D(2026, 9, 8), "AM"), (D(2026, 9, 8), "PM")]
    config = make_workspace(tmp_path / "ws")
    export = write_long_csv(reg, tmp_path / "reg.csv")
    code, out, err = run_cli("pupil", "NN", export, "-c", config, width=200)
    assert code == 0, err
    assert (
        "N codes older than 5 school days (replace with the reason in the MIS): 2 sessions: "
        "08/09/2026 AM and PM"
    ) in out
    code, out, err = run_cli("pupil", "OTH", export, "-c", config, width=200)
    assert code == 0 and "N codes older" not in out
