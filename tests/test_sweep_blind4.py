"""A secondary school's DSL and a trust's attendance lead run attcli on their own
registers (sweep of 7 December (eighth), blind4): each test is a fault found so, on a
small register whose right answer is worked out by hand in the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli

_TRUST = """\
[school]
name = "Tree Trust"
urn = "500000"
local_authority = "Anyshire"

[schools.cedar]
name = "Cedar Primary School"
urn = "400005"
files = ["cedar-*.csv"]
[[schools.cedar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-16
"""


def _cedar_export(path: Path, *, skip: dt.date) -> Path:
    """3 pupils present at every session Mon 7 Sep to Fri 16 Oct 2026, but no row for
    anyone on ``skip`` (the school's INSET day, which its term dates do not list)."""
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    day = dt.date(2026, 9, 7)
    while day <= dt.date(2026, 10, 16):
        if day.weekday() < 5 and day != skip:
            for i in range(3):
                for session, mark in (("AM", "/"), ("PM", "\\")):
                    lines.append(
                        f"C99930000100{i},Cedar{i},Pupil,01/10/2017,{day:%d/%m/%Y},{session},{mark}"
                    )
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_trust_school_s_missing_day_names_its_own_inset_days_key(tmp_path: Path) -> None:
    """Cedar gives its own term dates ([[schools.cedar.half_terms]]); its export has no
    row on Wed 14 Oct 2026 (an INSET day its section does not list). The check withholds
    the bands (right: 1 school day missing) and says where to list the day: Cedar's own
    section, `[schools.cedar] inset_days`. It said `[calendar] inset_days`, the workspace's
    list, which Cedar's own term dates replace, so the trust's lead would have added the
    day where it changes nothing for Cedar."""
    ws = tmp_path / "trust"
    ws.mkdir()
    (ws / "attcli.toml").write_text(_TRUST, encoding="utf-8")
    export = _cedar_export(ws / "cedar-autumn.csv", skip=dt.date(2026, 10, 14))
    code, out, err = run_cli("--workspace", ws, "check", export, "--as-of", "2026-10-16")
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "no register on 14/10/2026 (1 school day)" in text, text
    assert "list them in [schools.cedar] inset_days)" in text, text
    assert "[calendar] inset_days" not in text, text


_ASH = """\
[school]
name = "Ash Academy"
urn = "400003"
[calendar]
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-16
[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""


def test_a_week_of_registers_in_a_holiday_says_the_export_may_be_another_school_s(
    tmp_path: Path,
) -> None:
    """Ash's half term is 19-23 Oct 2026; Birch, a school of the same trust, has its half
    term a week later, so Birch's export (opened by Ash's DSL from the shared folder) has
    a full week of registers 19-23 Oct: 5 school days in Ash's holiday. attcli refuses
    it (right: a week of registers is no register opened by mistake), but said only "a
    half term is missing, or its dates are wrong: add it or correct its dates", so Ash's
    correct term dates were what the DSL was told to change. The line now names Ash's
    term dates and the other possibility: the export is another school's."""
    ws = tmp_path / "ash"
    ws.mkdir()
    (ws / "attcli.toml").write_text(_ASH, encoding="utf-8")
    birch = tmp_path / "birch.csv"
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    day = dt.date(2026, 9, 7)
    while day <= dt.date(2026, 10, 23):  # Birch's Autumn 1: 7 Sep to 23 Oct
        if day.weekday() < 5:
            for session in ("AM", "PM"):
                lines.append(f"B999300007001,Birch,Bea,01/10/2013,{day:%d/%m/%Y},{session},/")
        day += dt.timedelta(days=1)
    birch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "check", birch, "--as-of", "2026-10-23")
    assert code == 1, out
    line = " ".join(err.split())
    assert "5 school days in holidays of the half terms given for 2026/27" in line, line
    assert "Ash Academy's" in line, line
    assert "or these exports are another school's" in line, line
    assert "--workspace" in line, line


def test_a_trust_school_s_file_of_another_school_s_holidays_names_its_files_pattern(
    tmp_path: Path,
) -> None:
    """The same slip in a trust's workspace: Birch's export saved as cedar-*.csv, which
    [schools.cedar] files takes as Cedar's. Cedar's half term (its own term dates) is
    19-23 Oct; the file has registers all that week. The fix is the file's name (or the
    pattern), not another workspace: the line says so."""
    ws = tmp_path / "trust"
    ws.mkdir()
    (ws / "attcli.toml").write_text(
        _TRUST + '[[schools.cedar.half_terms]]\nname = "Autumn 2"\n'
        "start = 2026-11-02\nend = 2026-12-18\n",
        encoding="utf-8",
    )
    export = ws / "cedar-autumn.csv"
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    day = dt.date(2026, 9, 7)
    while day <= dt.date(2026, 10, 23):
        if day.weekday() < 5:
            for session in ("AM", "PM"):
                lines.append(f"B999300007001,Birch,Bea,01/10/2013,{day:%d/%m/%Y},{session},/")
        day += dt.timedelta(days=1)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "check", export, "--as-of", "2026-10-23")
    assert code == 1, out
    line = " ".join(err.split())
    assert "config key 'schools.cedar.half_terms'" in line, line
    assert "(Cedar Primary School's)" in line, line
    assert (
        "or these exports are another school's, whose holidays differ: check the files "
        "[schools.cedar] files matches are this school's; or," in line
    ), line


def test_cme_says_a_sixth_former_s_run_is_not_missing_education_as_the_check_does(
    tmp_path: Path,
) -> None:
    """Noah, Year 13, born 05/11/2007 (compulsory school age ended on the last Friday of
    June 2024, 28/06/2024), is present 7-18 Sep 2026 then `N` every session from Mon 21
    Sep to Tue 6 Oct: 12 school days. `cme` lists the run (right: DOMAIN.md 6, any pupil
    is told of), and the check says "not of compulsory school age ... so not a child
    missing education"; `cme`, the DSL's list of children missing education, said
    nothing, so the DSL read him as one. It now says it under the list, in the check's
    words."""
    ws = tmp_path / "ash"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Ash Academy"\nurn = "400003"\n')
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    day = dt.date(2026, 9, 7)
    while day <= dt.date(2026, 10, 6):
        if day.weekday() < 5:
            for session in ("AM", "PM"):
                noah = "N" if day >= dt.date(2026, 9, 21) else "/"
                lines.append(f"A999301300902,North,Noah,05/11/2007,{day:%d/%m/%Y},{session},{noah}")
                lines.append(f"A999300700001,Young,Yasmin,01/10/2014,{day:%d/%m/%Y},{session},/")
        day += dt.timedelta(days=1)
    export = tmp_path / "ash.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "cme", export)
    assert code == 0, err
    text = " ".join((out + err).split())
    assert "12 school days" in text, text
    assert (
        "North, Noah (A999301300902): not of compulsory school age on 06/10/2026 (born "
        "05/11/2007: compulsory school age ended on 28/06/2024), so not a child missing "
        "education" in text
    ), text
    assert "Young, Yasmin" not in text, text


def _ten(path: Path, prefix: str, name: str) -> Path:
    """10 pupils (UPNs ``prefix`` + 001..010) present every session of Mon 7 to Fri 18
    Sep 2026."""
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    for day in (dt.date(2026, 9, 7) + dt.timedelta(days=i) for i in range(12)):
        if day.weekday() < 5:
            for i in range(1, 11):
                for session in ("AM", "PM"):
                    lines.append(
                        f"{prefix}{i:03d},{name}{i},Pupil,01/10/2013,{day:%d/%m/%Y},{session},/"
                    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_check_says_another_school_s_export_of_the_day_of_its_recorded_run(
    tmp_path: Path,
) -> None:
    """Ash's weekly check is recorded as of Fri 18 Sep (10 pupils). The same day the DSL
    runs Cedar's export, also to 18 Sep (10 other pupils), in Ash's workspace. `cme` says
    "none of the 10 pupils its history knows ... is in these exports" (README: `check`,
    `cases` and `cme` say so in a note); the check, headed "Ash Academy", said nothing:
    the run on record is of the same day, not one before it, so it was not compared."""
    ws = tmp_path / "ash"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Ash Academy"\nurn = "400003"\n')
    ash = _ten(tmp_path / "ash.csv", "A9993000070", "Ash")
    cedar = _ten(tmp_path / "cedar.csv", "C9993000070", "Cedar")
    code, _, err = run_cli("--workspace", ws, "check", ash, "--record")
    assert code == 0, err
    code, out, err = run_cli("--workspace", ws, "check", cedar)
    assert code == 0, err
    text = " ".join((out + err).split())
    assert (
        "none of the 10 pupils its history knows (its check recorded as of 18/09/2026) is in "
        "these exports (10 pupils): these are another school's exports" in text
    ), text
    assert text.count("none of the 10 pupils") == 1, text
