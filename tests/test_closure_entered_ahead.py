"""A closure entered ahead after a day whose register is not yet taken (DOMAIN.md 6, 10
and 12; decided in docs/decisions.md, "A closure entered ahead after the last register").

Autumn 1 from Mon 7 Sep 2026.  Two pupils; registers taken to Wed 14 Oct; Thu 15 Oct's
rows blank for both (the export made on Thursday morning, before the register); Fri 16
Oct `#` for both, an INSET day the MIS holds ahead.  The data end on Wed 14 Oct: the
check is as of then, as it is for the same export without the Friday rows, not an
incomplete one with no band (Thursday "no register").  By hand: 28 school days 7 Sep to
14 Oct (56 sessions); B away (N) on the weekdays whose day of the month is a multiple of
3: 9, 15, 18, 21, 24, 30 Sep and 6, 9, 12 Oct, 9 days = 18 sessions: 38 of 56 = 67.86 %,
red (above 50, at most 90)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.builders import write_marks_csv
from tests.clirun import run_cli
from tests.school import AUTUMN_HALF_TERMS, make_workspace


def _export(path: Path, last: dt.date, closed: bool, thursday: bool = False) -> Path:
    def rows():  # noqa: ANN202
        d = dt.date(2026, 9, 7)
        while d <= last:
            for upn in ("A999200100001", "B999200100002") if d.weekday() < 5 else ():
                if d <= dt.date(2026, 10, 14 + thursday):
                    away = upn[0] == "B" and d.day % 3 == 0
                    marks = ("N", "N") if away else ("/", "\\")
                elif d == dt.date(2026, 10, 15):
                    marks = ("", "")
                else:
                    marks = ("#", "#") if closed else ("", "")
                yield from ((upn, d, s, m) for s, m in zip(("AM", "PM"), marks, strict=True))
            d += dt.timedelta(days=1)

    return write_marks_csv(path, rows())


def _check(config: Path, export: Path) -> dict:
    code, out, err = run_cli("check", export, "--config", config, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_a_closure_entered_ahead_after_a_register_not_yet_taken_does_not_make_a_gap(
    tmp_path: Path,
) -> None:
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    ahead = _check(config, _export(tmp_path / "ahead.csv", dt.date(2026, 10, 16), True))
    plain = _check(config, _export(tmp_path / "plain.csv", dt.date(2026, 10, 15), False))
    assert ahead["as_of"] == plain["as_of"] == "2026-10-14"
    assert not ahead.get("incomplete")
    b = {p["upn"]: p for p in ahead["pupils"]}["B999200100002"]
    assert b == {p["upn"]: p for p in plain["pupils"]}["B999200100002"]
    assert (b["possible"], b["attended"], b["unauthorised"], b["band"]) == (56, 38, 18, "red")
    assert not [w for w in ahead["warnings"] if "no register" in w]


def test_a_closure_the_day_after_the_last_register_stays_a_day_of_the_data(
    tmp_path: Path,
) -> None:
    """Thursday's register taken (B's N on the 15th, a multiple of 3, as before) and Friday
    `#`: no school day lies between, so Friday stays the data's last day, as it was: as of
    16 Oct, no day missing.  By hand: 29 school days with a register (Friday closed, no
    possible session) = 58 sessions; B away 10 days = 20: 38 of 58 = 65.5 %, red."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    got = _check(config, _export(tmp_path / "x.csv", dt.date(2026, 10, 16), True, True))
    assert got["as_of"] == "2026-10-16"
    b = {p["upn"]: p for p in got["pupils"]}["B999200100002"]
    assert (b["possible"], b["attended"], b["unauthorised"], b["band"]) == (58, 38, 20, "red")
    assert not [w for w in got["warnings"] if "no register" in w]
