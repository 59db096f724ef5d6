"""Sweep of 5 December (second), mis2: register layouts the MIS products and partner tools
really export, built by hand as small fixtures, each read right through the CLI or refused
in one line naming the file, line and column (docs/presets.md; DOMAIN.md section 1)."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import run_cli

SAM = "A999300000001,Smith,Sam"
JO = "A999300000002,Jones,Jo"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(export: Path, *more: str | Path) -> tuple[int, dict | None, str]:
    """``attcli check EXPORT --format json`` as of Tue 08/09/2026: (exit code, the JSON
    when it ran, stderr)."""
    code, out, err = run_cli(
        "check", export, "--as-of", "2026-09-08", "--format", "json", *more
    )
    assert "Traceback" not in out + err
    return code, (json.loads(out) if code == 0 else None), err


def pupil(result: dict, upn: str) -> dict:
    return next(p for p in result["pupils"] if p["upn"] == upn)


def one_line(err: str) -> str:
    lines = [x for x in err.strip().splitlines() if x.strip()]
    assert len(lines) == 1, err
    return lines[0]


# --- a long export with two columns of marks ------------------------------------------
# An export that keeps the mark as first taken ('Mark') beside the mark as it stands
# ('Attendance Code': Sam's Tuesday, unexplained, recorded N by the office) was read from
# 'Mark', the first of the mark's names, and 'Attendance Code' left unread: Sam 4/4 =
# 100 %, green, where the register says 2/4 = 50 % and 2 unauthorised sessions. A date or
# a session under two of its names was already refused as ambiguous; a mark now is too.

TWO_MARKS = (
    "UPN,Surname,Forename,Date,Session,Mark,Attendance Code\n"
    f"{SAM},07/09/2026,AM,/,/\n"
    f"{SAM},07/09/2026,PM,\\,\\\n"
    f"{SAM},08/09/2026,AM,/,N\n"
    f"{SAM},08/09/2026,PM,\\,N\n"
    f"{JO},07/09/2026,AM,/,/\n"
    f"{JO},07/09/2026,PM,\\,\\\n"
    f"{JO},08/09/2026,AM,/,/\n"
    f"{JO},08/09/2026,PM,\\,\\\n"
)


def test_a_long_export_with_two_columns_of_marks_is_refused_not_read_from_the_first(tmp_path):
    export = write(tmp_path, "marks.csv", TWO_MARKS)
    code, result, err = check(export)
    assert code == 1
    assert one_line(err) == (
        f"error: {export}, line 1: 2 columns could be mark: 'Mark' (column 6), "
        "'Attendance Code' (column 7). a field is read from one column: name it in "
        'attcli.toml ([columns] mark = "the header"), or remove or rename the others in the '
        "export"
    )


def test_two_columns_of_marks_read_from_the_one_the_school_names(tmp_path):
    export = write(tmp_path, "marks.csv", TWO_MARKS)
    config = write(tmp_path, "attcli.toml", '[columns]\nmark = "Attendance Code"\n')
    code, result, err = check(export, "-c", config)
    assert code == 0, err
    sam = pupil(result, "A999300000001")
    assert (sam["possible"], sam["attended"], sam["unauthorised"]) == (4, 2, 2)
    assert sam["attendance_pct"] == 50.0
    assert pupil(result, "A999300000002")["attendance_pct"] == 100.0
