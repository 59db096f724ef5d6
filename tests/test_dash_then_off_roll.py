"""An earlier export's `-` (no mark recorded) where a later export has the pupil off roll:
a conflict between the exports, refused in one line (DOMAIN.md 12: "any other
disagreement between exports is a conflict to resolve, never guessed").

Autumn 1 from Mon 7 Sep.  The week's export (7-18 Sep) has B present to Tue 15 Sep and
`-` Wed 16 to Fri 18 (registers not taken for B); the later export (14-25 Sep) has B
present 14-15 Sep and then nothing (blank cells, or no rows): B's leaving date moved back
to 15 Sep in the MIS since.  The `-` puts 16-18 Sep inside B's time on roll (DOMAIN.md 1:
six missing marks, "to fix in the MIS"); the later export puts them outside it.  Until
now the `-` stood (left 18/09 with six missing marks the MIS no longer holds), where the
same disagreement with a mark (`/`, `N`, `O`) was refused: now it is refused alike,
whichever order the files are given.  A `-` where the later export also leaves B's
session inside B's time on roll (a hole among B's rows, or a blank between two marks) is
no disagreement: both say a missing mark, and it stays one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.builders import write_marks_csv
from tests.clirun import one_line, run_cli
from tests.school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
DAYS = [D(2026, 9, 7) + dt.timedelta(days=i) for i in range(19)]
DAYS = [d for d in DAYS if d.weekday() < 5]  # 7 Sep - 25 Sep: 15 school days


def _present(s: str) -> str:
    return "/" if s == "AM" else "\\"


def _exports(tmp_path: Path, later_b) -> tuple[Path, Path]:
    """The week's export (7-18 Sep: B's `-` 16-18 Sep) and the later one (14-25 Sep), B's
    rows there from ``later_b(day, session)``: a mark, "" (a blank cell), or None (no row)."""
    early, late = [], []
    for d in DAYS:
        for s in ("AM", "PM"):
            if d <= D(2026, 9, 18):
                early += [
                    ("A", d, s, _present(s)),
                    ("B", d, s, _present(s) if d <= D(2026, 9, 15) else "-"),
                ]
            if d >= D(2026, 9, 14):
                late.append(("A", d, s, _present(s)))
                b = _present(s) if d <= D(2026, 9, 15) else later_b(d, s)
                if b is not None:
                    late.append(("B", d, s, b))
    return write_marks_csv(tmp_path / "week.csv", early), write_marks_csv(
        tmp_path / "later.csv", late
    )


@pytest.mark.parametrize("after", ["", None], ids=["blank cells", "no rows"])
def test_an_earlier_dash_where_a_later_export_has_the_pupil_off_roll_is_refused(
    tmp_path: Path, after: str | None
) -> None:
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    week, later = _exports(tmp_path, lambda d, s: after)
    errors = set()
    for files in ((week, later), (later, week)):
        code, out, err = run_cli("check", *files, "--config", config, "--as-of", "2026-09-25",
                                 "--format", "json")  # fmt: skip
        assert code == 1, out
        assert "Traceback" not in err
        errors.add(one_line(err))
    # one refusal, the same whichever file is given first, naming the files, the pupil,
    # the first session and how many, and what would be valid
    (message,) = errors
    assert message.startswith(
        f"error: {later} has no mark for 1 pupil on days it holds where the earlier export "
        f"{week} has '-' (no mark recorded) inside their time on roll (6 sessions, e.g. B "
        "16/09/2026 AM in line 31; B's marks there run 14/09/2026 to 15/09/2026): whether "
        "the pupil was on roll then differs between the exports"
    ), message
    assert "load only the later export for these dates" in message


def test_a_dash_the_later_export_also_leaves_inside_the_time_on_roll_stays_a_missing_mark(
    tmp_path: Path,
) -> None:
    """B in the later export: no rows on Wed 16 Sep, blank cells on Thu 17, present on Fri
    18 and after.  Both exports have 16-17 Sep inside B's time on roll (DOMAIN.md 1: a
    missing row or a blank cell between two marks is a missing mark), so they agree:
    4 missing marks, and Fri 18's `-` is filled in by the later export's mark."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)

    def later_b(d: D, s: str) -> str | None:
        if d == D(2026, 9, 16):
            return None
        if d == D(2026, 9, 17):
            return ""
        return _present(s)

    week, later = _exports(tmp_path, later_b)
    seen = []
    for files in ((week, later), (later, week)):
        code, out, err = run_cli("check", *files, "--config", config, "--as-of", "2026-09-25",
                                 "--format", "json")  # fmt: skip
        assert code == 0, err
        b = next(p for p in json.loads(out)["pupils"] if p["upn"] == "B")
        seen.append((b["attended"], b["possible"], b["missing_marks"], b["on_roll"]))
    # 7-15 Sep: 7 days present (14 sessions); 18-25 Sep: 6 days (12); 16-17 Sep: 4 missing
    assert seen == [(26, 26, 4, True)] * 2
