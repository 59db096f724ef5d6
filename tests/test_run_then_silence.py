"""A run of unexplained absence followed by school days on which the pupil has no mark at
all while on roll (missing rows, '-' only), up to the as-of date (DOMAIN.md 1, 6, 12;
docs/decisions.md, "A run followed by days with no mark").

The missing days neither count toward nor break the run (DOMAIN.md 1): its figures are
unchanged.  But a child not registered for weeks after unexplained absence is the fact the
safeguarding lead needs, so the reason says so in one clause, the JSON carries the count
and the last marked day, and ``cme --days N`` lists a run whose days seen, days with no
register and days with no mark for the pupil reach N (as it lists a run beside a week
missing from the exports).

The register is hand made (tests/builders.py), one token a school day from Mon 5 Oct
2026: d1 Mon 5 Oct, d3 Wed 7, d4 Thu 8, d5 Fri 9, d6 Mon 12, d8 Wed 14, d9 Thu 15, d10
Fri 16, d11 Mon 19, d15 Fri 23 Oct; the half-term holiday 26-30 Oct (no rows); d16 Mon 2
Nov, d17 Tue 3, d18 Wed 4, d20 Fri 6 Nov.  As of Fri 6 Nov, the period from Mon 5 Oct.
FINE is present every day, so all 20 are school days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from attcli.check import check_register
from attcli.cme import cme_runs
from attcli.config import Config
from attcli.engine import evaluate
from builders import register, write_long_csv
from clirun import run_cli

D = dt.date
P = "/\\"
START, AS_OF = D(2026, 10, 5), D(2026, 11, 6)
HOLIDAY = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


MARKS = {
    # present d1-d3, N d4-d8 (Thu 8 - Wed 14 Oct: 5 days), then no row at all d9-d20: on
    # roll (the pupil list gives no leaving date), so 12 school days of missing rows (Thu
    # 15, Fri 16, Mon 19 - Fri 23 Oct, Mon 2 - Fri 6 Nov: 2 + 5 + 5), 24 sessions
    "SILENT": days((3, P), (5, "N"), (12, "!")),
    # present d1-d5, N d6-d15 (Mon 12 - Fri 23 Oct: 10 days), '-' d16-d20 (2-6 Nov: 5)
    "DASHES": days((5, P), (10, "N"), (5, "-")),
    # present d1-d10, N d11-d15 (19-23 Oct: 5 days), Y1 d16-d17 (2-3 Nov: not possible, but
    # marks), '-' d18-d20 (4-6 Nov: 3): no mark since Tue 3 Nov
    "CLOSED": days((10, P), (5, "N"), (2, "Y1.Y1"), (3, "-")),
    # as SILENT, but the pupil list says they left on Fri 16 Oct: missing rows d9-d10 only
    "LEFT": days((3, P), (5, "N"), (12, "!")),
    # present d1-d10, N d11-d20 (19 Oct - 6 Nov: 10 days) to the as-of date: nothing missing
    "RUN": days((10, P), (10, "N")),
    "FINE": days((20, P)),
}
LISTED = pl.DataFrame(
    {
        "upn": ["SILENT", "LEFT"],
        "joined": [START, START],
        "left": [None, D(2026, 10, 16)],
    },
    schema={"upn": pl.Utf8, "joined": pl.Date, "left": pl.Date},
)


def reg() -> pl.DataFrame:
    return register(MARKS, start=START, holidays=HOLIDAY)


def clause(since: str, n: int) -> str:
    return (
        f"; no mark since {since} ({n} school day{'s' if n != 1 else ''} with no register "
        "for this pupil: find out where the child is)"
    )


def test_a_current_run_followed_by_days_with_no_mark_says_so_in_its_reason():
    result = check_register(reg(), Config(), as_of=AS_OF, period_start=START, roll_dates=LISTED)
    absent = result.members("absence")
    reasons = dict(absent.select("upn", "reason_absence").rows())
    assert reasons == {
        "SILENT": "5 school days of unexplained absence since 08/10/2026 (N); last attended "
        "07/10/2026" + clause("14/10/2026", 12),
        "DASHES": "10 school days of unexplained absence since 12/10/2026 (N): reached 10 "
        "school days, tell the local authority (children missing education); "
        "last attended 09/10/2026" + clause("23/10/2026", 5),
        # (and, since sweep edges, the 2 days of Y1 after the run: not possible for the
        # pupil, neither counted nor breaking it, said)
        "CLOSED": "5 school days of unexplained absence since 19/10/2026 (N); last attended "
        "16/10/2026" + clause("03/11/2026", 3) + "; marked Y1 (not possible for the pupil) on "
        "the 2 school days since 23/10/2026: they neither count toward the run nor break it, "
        "so check the child is where those marks say",
        # on roll to Fri 16 Oct only: 2 school days with no mark (15 and 16 Oct)
        "LEFT": "left 16/10/2026 after 5 school days of unexplained absence (N); last "
        "attended 07/10/2026: check the deletion was lawful and the LA was told"
        + clause("14/10/2026", 2),
        # nothing missing after the run: the reason as before
        "RUN": "10 school days of unexplained absence since 19/10/2026 (N): reached 10 "
        "school days, tell the local authority (children missing education); "
        "last attended 16/10/2026",
    }
    # the figures are unchanged: the missing days neither count toward nor break the run
    cols = ("upn", "continuous_absence_days", "left_after_absence_days", "missing_marks",
            "unmarked_after_absence_days", "last_marked")  # fmt: skip
    rows = {r[0]: r[1:] for r in result.pupils.select(cols).rows()}
    assert rows == {
        "SILENT": (5, 0, 24, 12, D(2026, 10, 14)),
        "DASHES": (10, 0, 10, 5, D(2026, 10, 23)),
        "CLOSED": (5, 0, 6, 3, D(2026, 11, 3)),
        "LEFT": (0, 5, 4, 2, D(2026, 10, 14)),
        "RUN": (10, 0, 0, 0, None),
        "FINE": (0, 0, 0, 0, None),
    }


#: what a run at the CME threshold calls for, also when it reaches the end of the data
#: (sweep domainc: it was said of a current run only)
TELL = "reached 10 school days, tell the local authority (children missing education)"


def test_a_run_to_the_end_of_the_data_followed_by_days_with_no_mark_says_both():
    # as of Mon 9 Nov, one weekday after the data: the runs are "not known since", and the
    # pupil's own days with no mark before the data's end are said too
    result = check_register(
        reg(), Config(), as_of=D(2026, 11, 9), period_start=START, roll_dates=LISTED
    )
    reasons = dict(result.members("absence").select("upn", "reason_absence").rows())
    assert reasons["DASHES"] == (
        "10 school days of unexplained absence since 12/10/2026 (N) to 23/10/2026; the data "
        f"ends 06/11/2026: {TELL}; not known since; last attended 09/10/2026"
        + clause("23/10/2026", 5)
    )
    assert reasons["SILENT"] == (
        "5 school days of unexplained absence since 08/10/2026 (N) to 14/10/2026; the data "
        "ends 06/11/2026: not known since; last attended 07/10/2026" + clause("14/10/2026", 12)
    )
    assert reasons["RUN"] == (
        "10 school days of unexplained absence since 19/10/2026 (N) to 06/11/2026, the end of "
        f"the data: {TELL}; not known since; last attended 16/10/2026"
    )


def test_cme_lists_a_run_whose_days_and_days_with_no_mark_reach_n():
    ev = evaluate(reg(), Config(), as_of=AS_OF, period_start=START, roll_dates=LISTED)
    cols = ("upn", "run_days", "unregistered_days", "unmarked_days", "last_marked", "status")
    # SILENT: 5 days seen + 12 with no mark = 17 (may have been absent all of them): on the
    # 10-day list, its run_days still 5; CLOSED 5 + 3 = 8 and LEFT 5 + 2 = 7 are not
    assert cme_runs(ev, 10).select(cols).rows() == [
        ("DASHES", 10, 0, 5, D(2026, 10, 23), "absent"),
        ("RUN", 10, 0, 0, None, "absent"),
        ("SILENT", 5, 0, 12, D(2026, 10, 14), "absent"),
    ]
    assert cme_runs(ev, 7).select(cols).rows() == [
        ("DASHES", 10, 0, 5, D(2026, 10, 23), "absent"),
        ("RUN", 10, 0, 0, None, "absent"),
        ("CLOSED", 5, 0, 3, D(2026, 11, 3), "absent"),
        ("SILENT", 5, 0, 12, D(2026, 10, 14), "absent"),
        ("LEFT", 5, 0, 2, D(2026, 10, 14), "left"),
    ]
    # without the pupil list SILENT's last mark is read as their leaving date (DOMAIN.md
    # 1): no day with no mark while on roll, as before
    plain = evaluate(reg(), Config(), as_of=AS_OF, period_start=START)
    silent = cme_runs(plain, 3).filter(pl.col("upn") == "SILENT").select(cols).rows()
    assert silent == [("SILENT", 5, 0, 0, None, "left")]


def test_check_and_cme_say_it_in_their_json_and_table(tmp_path: Path):
    export = write_long_csv(reg(), tmp_path / "reg.csv", dob=True)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        "UPN,Surname,Forename,Admission Date,Leaving Date\n"
        + "".join(
            f"{u},Surname{u},Forename{u},05/10/2026,{'16/10/2026' if u == 'LEFT' else ''}\n"
            for u in MARKS
        ),
        encoding="utf-8",
    )
    common = ("--pupils", pupils, "--as-of", "2026-11-06", "--from", "2026-10-05")
    code, out, err = run_cli("check", export, *common, "--format", "json")
    assert code == 0, err
    silent = next(p for p in json.loads(out)["pupils"] if p["upn"] == "SILENT")
    assert (silent["continuous_absence_days"], silent["unmarked_after_absence_days"],
            silent["last_marked"]) == (5, 12, "2026-10-14")  # fmt: skip
    assert silent["reasons"]["absence"].endswith(clause("14/10/2026", 12))
    code, out, err = run_cli("cme", export, *common, "--format", "json")
    assert code == 0, err
    runs = {r["upn"]: r for r in json.loads(out)["runs"]}
    assert set(runs) == {"DASHES", "RUN", "SILENT"}
    assert (runs["SILENT"]["run_days"], runs["SILENT"]["unmarked_days"],
            runs["SILENT"]["last_marked"]) == (5, 12, "2026-10-14")  # fmt: skip
    assert (runs["RUN"]["unmarked_days"], runs["RUN"]["last_marked"]) == (0, None)
    code, out, err = run_cli("cme", export, *common, width=120)
    assert code == 0, err
    text = " ".join(out.split())
    assert "+12 unmarked" in text and "+5 unmarked" in text
    assert (
        "SurnameSILENT, ForenameSILENT (SILENT): " + clause("14/10/2026", 12)[2:]
    ) in text
