"""Sweep blind7: a primary head's and a trust CEO's figures, checked by hand."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from attcli.config import parse_config


def _summary(name: str, year_groups: dict[str, int]):  # noqa: ANN202
    """A school's summary whose year groups hold these pupils (100 sessions each, 95 attended)."""
    from attcli.summary_file import Counts
    from test_trust_report import _summary as made

    s = made(name, name[:3], sum(year_groups.values()), {})
    groups = {y: Counts(n, n, 0, 0, 100 * n, 95 * n, 5 * n, 0) for y, n in year_groups.items()}
    return dataclasses.replace(s, year_groups=groups)


def test_a_trust_of_primaries_is_compared_with_the_primary_figures() -> None:
    """Three primaries (Reception to Year 6, 213 pupils each) are compared with the DfE's
    state-funded primary figures (94.5 %, PA 14.56 %), not all phases' 92.9 % with no PA: a
    CEO read the trust's 95.1 % as 2.2 pp above national, where primaries are 0.6 pp."""
    from attcli.report.trust import trust_national

    primary = {"R": 30, "1": 30, "2": 31, "3": 30, "4": 31, "5": 31, "6": 30}
    schools = [_summary(n, primary) for n in ("Oak Lane", "Beech Hill", "Cedar Row")]
    nat, _ = trust_national(parse_config(""), schools)
    assert nat is not None
    assert nat.attendance_pct == Fraction(945, 10)
    assert nat.pa_rate == Fraction(1456, 100)
    assert "state-funded primary schools" in nat.source
    assert "each of the 3 schools" in nat.source
    # a secondary among them: the schools are of two phases, so all phases' figure
    mixed = [*schools[:2], _summary("Ash Academy", {"7": 100, "8": 100})]
    nat, _ = trust_national(parse_config(""), mixed)
    assert nat is not None and nat.attendance_pct == Fraction(929, 10)
    assert "every phase" in nat.source
    # the trust's own [school] phase wins, as a school's does
    nat, _ = trust_national(parse_config('[school]\nphase = "secondary"\n'), schools)
    assert nat is not None and nat.attendance_pct == Fraction(911, 10)


def test_the_trust_table_shows_the_national_rates_as_published() -> None:
    """The national row showed PA 14.6 % and SA 0.9 % (the DfE's 14.56 % and 0.85 %, which a
    school's report shows as published): beside the trust's SA 0.9 % (6 of 636 = 0.94 %) a
    CEO read the trust level with national, where it is 0.09 pp above."""
    from attcli.report.trust import build_trust, trust_context
    from attcli.report_settings import National, ReportSettings

    nat = National(attendance_pct=Fraction(945, 10), pa_rate=Fraction(1456, 100),
                   sa_rate=Fraction(85, 100), source="DfE test")  # fmt: skip
    schools = [_summary(n, {"R": 30, "1": 30}) for n in ("Oak Lane", "Beech Hill")]
    row = trust_context(build_trust(schools, ReportSettings(national=nat)))["national"]
    # (the page's row is these texts: the template prints them as they are)
    assert (row["attendance"], row["pa"], row["sa"]) == ("94.5 %", "14.56 %", "0.85 %")


def test_the_trust_workbook_has_the_national_row_and_its_source() -> None:
    """The trust's page sets a National row under the schools (94.5 %, PA 14.56 %, SA
    0.85 %) with its source; its workbook ("the same tables", docs/trust.md) had neither, so
    a CEO comparing in Excel had no national figure at all."""
    import io

    from openpyxl import load_workbook

    from attcli.report.trust import build_trust, write_trust_xlsx
    from attcli.report_settings import National, ReportSettings

    nat = National(attendance_pct=Fraction(945, 10), pa_rate=Fraction(1456, 100),
                   sa_rate=Fraction(85, 100), source="DfE test release")  # fmt: skip
    schools = [_summary(n, {"R": 30, "1": 30}) for n in ("Oak Lane", "Beech Hill")]
    buf = io.BytesIO()
    write_trust_xlsx(build_trust(schools, ReportSettings(national=nat)), buf)
    wb = load_workbook(io.BytesIO(buf.getvalue()))
    rows = list(wb["Schools"].iter_rows())
    head = [c.value for c in rows[0]]
    row = next(r for r in rows if str(r[0].value).startswith("National"))
    cell = dict(zip(head, row, strict=True))
    assert cell["Attendance"].value == 0.945 and cell["Attendance"].number_format == "0.0%"
    assert cell["Persistent absence"].value == 0.1456
    assert cell["Persistent absence"].number_format == "0.00%"
    assert cell["Severe absence"].value == 0.0085
    assert cell["Pupils"].value is None  # no count of the nation's pupils
    notes = " ".join(str(c.value) for r in wb["Notes"].iter_rows() for c in r)
    assert "DfE test release" in notes


def test_a_child_under_a_upn_at_each_of_three_schools_is_under_three_upns() -> None:
    """A child at three of the trust's schools under three UPNs was "one child under two
    UPNs in three schools?", naming three UPNs."""
    import datetime as dt

    import polars as pl

    from attcli.report.trust import two_school_children_lines

    def school(upn: str) -> pl.DataFrame:
        return pl.DataFrame({"upn": [upn], "surname": ["Sur"], "forename": ["Kit"],
                             "dob": [dt.date(2017, 11, 5)]})  # fmt: skip

    lines = two_school_children_lines(
        [("Oak", school("A001")), ("Beech", school("B002")), ("Cedar", school("C003"))]
    )
    assert lines[0].startswith("one child under three UPNs in three schools? 'Sur, Kit'")
    assert "A001 at Oak, B002 at Beech, C003 at Cedar" in lines[0]
    two = two_school_children_lines([("Oak", school("A001")), ("Beech", school("B002"))])
    assert two[0].startswith("one child under two UPNs in two schools?")
