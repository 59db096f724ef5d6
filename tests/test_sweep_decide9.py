"""The lead's decisions of sweep decide9 (docs/decisions.md, "sweep of 6 December, decide9").

1. A part-time run is kept when a ``C2`` session lies anywhere inside its span from first
   to last day: a day of ``C2`` at every possible session skipped inside it counts as
   holding one (N x5, C2 day, N x5: 10 school days, part-time).

The registers (tests/builders.py) run from Mon 7 Sep 2026: 7-11 Sep, 14-18 Sep, 21-25 Sep,
as of Fri 25 Sep.  Every answer below is worked by hand from DOMAIN.md 6 and the lead's
decisions (cmept, this sweep)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"
C2DAY = "C2.C2"  # C2 at both sessions: no timetabled session that day
AS_OF = "2026-09-25"


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):  # noqa: ANN001, ANN201
    tmp = tmp_path_factory.mktemp("bridge")
    reg = register(
        {
            # N Fri 11, Mon 14-Thu 17 (5 days), C2 all of Fri 18, N Mon 21-Fri 25 (5):
            # the C2 day breaks the run of unexplained absence (5 + 5, DOMAIN.md 6) and
            # lies inside the part-time span: 10 school days from 11/09, part-time
            "BRIDGE": " ".join([P] * 4 + ["N"] * 5 + [C2DAY] + ["N"] * 5),
            # N Mon 14-Thu 17 (4), C2 Fri 18, N 21-25 (5): 9 days, not listed at 10
            "SHORT": " ".join([P] * 5 + ["N"] * 4 + [C2DAY] + ["N"] * 5),
            # C2 all of Fri 11 (before the N days), N 14-25 (10): the C2 day is outside
            # the span: a run of unexplained absence of 10 days, not part-time
            "C2FIRST": " ".join([P] * 4 + [C2DAY] + ["N"] * 10),
            # N Thu 10 - Thu 24 (11 days), C2 all of Fri 25 (after them): outside the span,
            # an ordinary run of 11 days, not part-time
            "C2LAST": " ".join([P] * 3 + ["N"] * 11 + [C2DAY]),
            "FINE": " ".join([P] * 15),
        },
        start=dt.date(2026, 9, 7),
    )
    (tmp / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp / "export.csv"), tmp / "attcli.toml"


@pytest.fixture(scope="module")
def bridge_cme(bridge):  # noqa: ANN001, ANN201
    export, config = bridge
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def test_a_part_time_run_around_a_whole_c2_day_is_listed_at_ten(bridge_cme):
    pt = {
        r["upn"]: (r["run_start"], r["run_end"], r["run_days"], "".join(r["codes"]),
                   r["current"], r["last_attended"])
        for r in bridge_cme["part_time_runs"]
    }  # fmt: skip
    # the C2 day inside the span: the run holds a C2 session (the codes say C2)
    assert pt == {"BRIDGE": ("2026-09-11", "2026-09-25", 10, "C2N", True, "2026-09-10")}
    # the runs of unexplained absence are as DOMAIN.md 6 has them: BRIDGE's 5 + 5 and
    # SHORT's 4 + 5 are not listed; a C2 day before or after a run leaves it ordinary
    runs = {r["upn"]: (r["run_start"], r["run_days"]) for r in bridge_cme["runs"]}
    assert runs == {"C2FIRST": ("2026-09-14", 10), "C2LAST": ("2026-09-10", 11)}


def test_four_c2_day_five_is_nine_days_listed_at_nine_not_ten(bridge):
    export, config = bridge
    code, out, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "--days", "9", "-f", "json"
    )
    assert code == 0, err
    pt = {r["upn"]: (r["run_start"], r["run_days"]) for r in json.loads(out)["part_time_runs"]}
    assert pt == {"BRIDGE": ("2026-09-11", 10), "SHORT": ("2026-09-14", 9)}


def test_the_check_and_the_la_file_count_the_run_around_a_c2_day(bridge, tmp_path):
    export, config = bridge
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    lines = [w for w in json.loads(out)["warnings"] if "part-time" in w]
    assert len(lines) == 1 and lines[0].startswith(
        "1 part-time pupil (C2) absent (N, O or G) at every other session of 10+ school "
        "days in a row (SurnameBRIDGE, ForenameBRIDGE (BRIDGE), 10 school days"
    ), lines
    code, out, err = run_cli(
        "register-check", export, "-c", config, "--term", "autumn", "--as-of", AS_OF, "-o", tmp_path / "rc.csv",
        width=400,
    )
    assert code == 0, err
    assert "1 part-time pupil (C2) was absent (N, O or G) at every other session" in out + err


# 5. A CSV row ="",,,,, (a formula giving empty text: Excel shows a blank row) is the blank
# row it shows: skipped and counted as blank rows are (docs/presets.md, "Rows that are not
# pupils"), in the long, wide and packed layouts; ="" in the UPN with marks beside it is
# still a row without a UPN.

LAYOUTS = __import__("pathlib").Path(__file__).parent / "data" / "layouts"
LONG = (
    "UPN,Surname,Forename,Date,Session,Mark\n"
    "A999400000001,Patel,Asha,07/09/2026,AM,/\n"
    "A999400000001,Patel,Asha,07/09/2026,PM,\\\n"
    "{row}\n"
    "A999400000002,Quinn,Ben,07/09/2026,AM,/\n"
    "A999400000002,Quinn,Ben,07/09/2026,PM,N\n"
)


def _with_row(name: str, at: int, row: str) -> str:
    lines = (LAYOUTS / name).read_text(encoding="utf-8").splitlines()
    lines.insert(at, row)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "sessions"),
    [
        (LONG.format(row='="",,,,,'), 4, 4),
        # a row of ="" in every cell shows blank too
        (LONG.format(row='="",="",="",="",="",=""'), 4, 4),
        # wide_two_rows.csv: 3 pupils x 10 sessions; the row between its first two pupils
        (_with_row("wide_two_rows.csv", 4, '="",,,,,,,,,,,,'), 5, 30),
        # bromcom_packed.csv: 18 + 18 + 14 sessions; the row between its first two pupils
        (_with_row("bromcom_packed.csv", 2, '="",,,,,'), 3, 50),
    ],
    ids=["long", "long-every-cell", "wide", "packed"],
)
def test_a_csv_row_of_an_empty_text_formula_is_a_blank_row(tmp_path, text, line, sessions):
    from attcli.loaders import load_registers

    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    result = load_registers([path])
    assert f"1 blank line skipped (line {line})" in result.files[0].skipped
    assert result.register.height == sessions


def test_an_empty_text_formula_upn_with_marks_beside_it_is_still_refused(tmp_path):
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    path = tmp_path / "export.csv"
    path.write_text(LONG.format(row='="",Patel,Asha,08/09/2026,AM,/'), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4: data row with no UPN"):
        load_registers([path])
