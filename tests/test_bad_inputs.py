"""A corpus of bad register exports (tests/data/bad), each run through the CLI as a user runs
it: exit code 1, exactly the one-line message in tests/data/bad/expected.toml on stderr, no
traceback, and no output file.  Files over 1 GB are made here as sparse files and must be
turned away from their first bytes, without reading them whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from clirun import run_cli

DATA = Path(__file__).parent / "data" / "bad"
EXPECTED: dict[str, dict[str, str]] = tomllib.loads(
    (DATA / "expected.toml").read_text(encoding="utf-8")
)
# Loaded without error (the documented rules): not in expected.toml.
ACCEPTED = {"lowercase_and_spaced_marks.csv"}
BIG = 1_100_000_000


def test_every_file_has_an_expected_message():
    files = {p.name for p in DATA.iterdir() if p.name != "expected.toml"}
    assert files - ACCEPTED == set(EXPECTED)
    for name, case in EXPECTED.items():
        assert set(case) == {"case", "message"}, name
        # one line, or one line then the [columns] lines to add to attcli.toml
        first, *rest = case["message"].split("\n")
        assert not rest or (rest[0] == "[columns]" and all(" = " in line for line in rest[1:]))
        assert case["message"].startswith(name), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_gives_its_message(name, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(DATA)
    out_file = tmp_path / "out.json"
    code, out, err = run_cli("check", name, "--format", "json", "-o", str(out_file))
    assert "Traceback" not in out + err
    assert err == f"error: {EXPECTED[name]['message']}\n"
    assert code == 1
    assert out == ""
    assert not out_file.exists()


def test_lower_case_and_spaced_marks_are_read_and_said(capsys, monkeypatch):
    """Marks are trimmed and upper-cased (docs/presets.md, docs/decisions.md): `o` is `O`,
    ` / ` is `/`; the upper-casing is named in a warning, never silent."""
    monkeypatch.chdir(DATA)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-14")  # the Monday after the register
    code, out, err = run_cli("check", "lowercase_and_spaced_marks.csv", "--format", "json")
    lower = (
        "lowercase_and_spaced_marks.csv: 1 mark in lower case read as upper case ('o' as 'O'; "
        "first on line 5)"
    )
    # notes go to stderr in every format, and into the JSON (the second: one school week of
    # this year holds one of the penalty-notice window's 10)
    assert (code, err.split("\n")[0]) == (0, f"note: {lower}")
    doc = json.loads(out)
    assert doc["warnings"][0] == lower and len(doc["warnings"]) == 2
    assert doc["warnings"][1].startswith("penalty-notice window: the exports hold 1 of the 10")
    ava = next(p for p in doc["pupils"] if p["upn"] == "A999290719001")
    assert (ava["possible"], ava["attended"], ava["unauthorised"]) == (10, 9, 1)


# --- over 1 GB ----------------------------------------------------------------------------

# Runs the CLI and records the peak memory and bytes read of its process.
_MEASURED = r"""
import json, resource, sys
from attcli.cli import main
report = sys.argv.pop(1)
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
finally:
    # Linux's ru_maxrss keeps the pytest parent's size from before exec (hundreds of MB
    # once other tests have run); VmHWM is this program's own peak.
    try:
        with open("/proc/self/status") as f:
            rss = int(next(l for l in f if l.startswith("VmHWM:")).split()[1])
    except OSError:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rss = rss // 1024 if sys.platform == "darwin" else rss
    read = None
    try:
        with open("/proc/self/io") as f:
            read = int(dict(l.split(": ") for l in f.read().splitlines())["rchar"])
    except OSError:
        pass
    with open(report, "w") as f:
        json.dump({"rss_kb": rss, "read": read}, f)
sys.exit(code)
"""


def _big(path: Path, start: bytes) -> Path:
    with path.open("wb") as f:
        f.write(start)
        f.truncate(BIG)  # sparse: the rest reads as NUL bytes but takes no disk
    return path


def _text_lines(n: int) -> bytes:
    return b"".join(b"garbage line %d of a file that is not a register\n" % i for i in range(n))


BIG_CASES = {
    # Binary garbage: known from its first bytes.
    "big_binary.csv": (
        b"garbage, not an export\x00" + bytes(range(256)) * 16,
        "big_binary.csv: not a CSV file: it is binary data, not text (a NUL byte at byte 23, "
        "line 1). "
        "Save the report from your MIS as CSV (UTF-8) or as an Excel Workbook (.xlsx)",
    ),
    "big_binary.xlsx": (
        b"garbage, not an export\x00" + bytes(range(256)) * 16,
        "big_binary.xlsx: not an Excel workbook: it is binary data. Save the report from your "
        "MIS as CSV (UTF-8) or as an Excel Workbook (.xlsx)",
    ),
    # Text garbage (more than the first MiB the header is looked for in): no header row in
    # the first lines is enough to stop.
    "big_text.csv": (
        _text_lines(40_000),
        "big_text.csv, line 1: no header row found in the first 30 lines. Missing for every "
        "layout: pupil id: upn (looked for: 'UPN', 'Unique Pupil Number', 'Pupil UPN'); or "
        "mis_id (looked for: 'MIS ID', 'Person ID', 'Student ID'); pupil name: surname "
        "(looked for: 'Legal Surname', 'Legal Last Name', 'Surname', 'Last Name', 'Student "
        "Last Name', 'Preferred Surname', 'Preferred Last Name') and forename (looked for: "
        "'Legal Forename', 'Legal First Name', 'Forename', 'First Name', 'Student First "
        "Name', 'Preferred Forename', 'Preferred First Name'); or name (looked for: "
        "'Student', 'Pupil', 'Name', 'Student Name', 'Pupil Name'). For a long register (one "
        "row per pupil per session), also missing date: date (looked for: 'Date', 'Session "
        "Date', 'Attendance Date'); or datetime (looked for: 'Start Datetime', 'Start Date "
        "Time', 'Session Start', 'Datetime', 'Date Time'); session: session (looked for: "
        "'Session', 'Session Name', 'AM/PM'); or datetime (looked for: 'Start Datetime', "
        "'Start Date Time', 'Session Start', 'Datetime', 'Date Time'); or start_time (looked "
        "for: 'Start Time', 'Session Start Time', 'Time'); mark (looked for: 'Mark', 'Code', "
        "'Attendance Mark', 'Attendance Code', 'Session Mark', 'Raw Mark'). Or, for a wide "
        "register (one column per session), also missing session columns (headers like '02/09/2026 AM', "
        "'Wed 02/09/2026 PM', '2026-09-02 AM', 'Wed, 02 Sep 2026 AM', '02-Sep-2026 PM'). Or, "
        "for a register of packed marks (one row per pupil: a start date and a string of "
        "marks), also missing start_date (looked for: 'Attendance Start Date', 'Marks Start "
        "Date', 'Start Date'); marks (looked for: 'Attendance Marks', 'Session Marks', "
        "'Marks'). Headers found on line 1: 'garbage line 0 of a file that is not a "
        "register'. If this is a register export whose columns have other names, name them in "
        "attcli.toml, e.g.:\n[columns]\nupn = \"Pupil ID\"",
    ),
    # A real header and 2 MB of rows, then NUL bytes to 1.1 GB (a file padded or damaged on
    # disk): the pass over the file stops at the first NUL.
    "big_after_header.csv": (
        b"UPN,Surname,Forename,Date,Session,Mark\n"
        + b"".join(b"A%012d,Smith,Ava,07/09/2026,AM,/\n" % i for i in range(60_000)),
        "big_after_header.csv, line 60002: this line holds a NUL byte: part of the file is "
        "binary data, not text. The file may be damaged: export the register again",
    ),
    # The same within the first MiB: known from the first bytes.
    "big_nul_early.csv": (
        b"UPN,Surname,Forename,Date,Session,Mark\nA1,Smith,Ava,07/09/2026,AM,/\n",
        "big_nul_early.csv: not a CSV file: it is binary data, not text (a NUL byte at byte "
        "69, line 3). Save the report from your MIS as CSV (UTF-8) or as an Excel Workbook "
        "(.xlsx)",
    ),
}


@pytest.mark.skipif(sys.platform == "win32", reason="resource (peak memory) is POSIX only")
@pytest.mark.parametrize("name", sorted(BIG_CASES))
def test_file_over_1gb_is_refused_without_reading_it_whole(name, tmp_path):
    start, message = BIG_CASES[name]
    path = _big(tmp_path / name, start)
    if os.stat(path).st_blocks * 512 > 64 << 20:
        pytest.skip("this filesystem has no sparse files")
    report = tmp_path / "measured.json"
    out_file = tmp_path / "out.json"
    began = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, str(report), "check", name, "-o", str(out_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "10000"},
        timeout=120,
    )
    elapsed = time.monotonic() - began
    assert "Traceback" not in proc.stdout + proc.stderr
    workspace, rest = proc.stderr.split("\n", 1)  # the line every command starts with
    assert workspace.startswith("workspace: none") and rest == f"error: {message}\n"
    assert (proc.returncode, proc.stdout) == (1, "")
    assert not out_file.exists()
    measured = json.loads(report.read_text())
    assert measured["rss_kb"] < 400_000, measured  # the file is 1.1 GB; attcli alone ~100 MB
    if measured["read"] is not None:
        assert measured["read"] < 100_000_000, measured  # far less than the file
    assert elapsed < 30
