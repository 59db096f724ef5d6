"""Sweep: faults earlier sweeps noticed and left (5 December (fifth), leftovers).

Item 1: a wide CSV line cut short in the middle of the file.  The register: five pupils,
Mon 07/09 - Fri 18/09/2026 (10 school days, 20 sessions), a wide export of a name, UPN and
year column then one column a session (23 cells a line; the header is line 1, pupil k's
line is k + 1).  Ashworth 20/20, Brown 18/20 (`I` Mon 14/09), Cole 19/20 (`N` Fri 18/09 PM),
Dunn and Evans 20/20 (the dialects sweep's register with two more pupils present
throughout).  A pupil read as leaving after their 14th session (Tue 15/09 PM, the first
14 sessions all present for Cole, Dunn and Evans) has 14/14.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_dialects import PUPILS, upn, wide_rows

FIVE = [*PUPILS, (upn(4), "Dunn", "Ada"), (upn(5), "Evans", "Ben")]
#: upn -> (attended, possible), worked out by hand (module docstring)
WHOLE = {upn(1): (20, 20), upn(2): (18, 20), upn(3): (19, 20), upn(4): (20, 20), upn(5): (20, 20)}


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("ws"), AUTUMN_HALF_TERMS)


def write(path: Path, head: list[str], body: list[list[str]]) -> None:
    """Each row as its cells are (a short row stays short: no empty cells added)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in [head, *body]:
        writer.writerow(row)
    path.write_text(buf.getvalue(), encoding="utf-8")


def check(path: Path, config: Path) -> tuple[int, dict | None, str]:
    code, out, err = run_cli(
        "check", "--format", "json", path, "--config", config, "--as-of", "2026-09-18"
    )
    return code, (json.loads(out) if code == 0 else None), err


def figures(got: dict) -> dict[str, tuple[int, int]]:
    return {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]}


def test_the_five_pupil_register_gives_the_figures_worked_by_hand(tmp_path, config):
    head, body = wide_rows(FIVE)
    assert [len(r) for r in body] == [23] * 5
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == WHOLE


def test_a_line_cut_short_mid_file_where_leavers_write_their_empty_cells_is_refused(
    tmp_path, config
):
    # Cole's line (line 4) is cut after her 14th session's cell (17 of 23 cells); the lines
    # above and below are whole, and Evans, who left after Wed 16/09 PM, has his four empty
    # cells written out (line 6): this writer writes empty cells, so line 4 is damage, not a
    # leaver (read as one it gave Cole 14/14 = 100% for 19/20, unsaid).
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    body[4][-4:] = ["", "", "", ""]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 1, got
    lines = [x for x in err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "r.csv" in lines[0] and "line 4" in lines[0], lines[0]
    assert "17 of the header row's 23 cells" in lines[0], lines[0]
    assert "cut short" in err


def test_a_lone_short_line_with_no_sign_of_the_writer_is_read_as_a_leaver_and_said(
    tmp_path, config
):
    # The same cut with no line that writes its empty cells out: a writer that leaves a
    # leaver's empty cells off (a script, a tool) would write this line so too.  Read as
    # leaving after the 14th session (Cole: 14/14), and said in one line naming the file and
    # line, so an officer who knows she is on roll sees it.
    head, body = wide_rows(FIVE)
    body[2] = body[2][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    said = [w for w in got["warnings"] if "fewer cells than the header" in w]
    assert len(said) == 1, got["warnings"]
    assert "r.csv" in said[0] and "line 4" in said[0] and "cut short" in said[0], said
    assert upn(3) not in said[0]  # (a load's note may reach the summary: no UPN in it)


def test_excel_s_short_lines_in_a_block_are_read_as_leavers_unsaid(tmp_path, config):
    # Excel leaves off the empty cells at the end of a block of rows when none in the block
    # has a value there: two leavers side by side (Dunn and Evans after their 14th session)
    # are written 17 cells each.  Leavers, silently: 14/14 each.
    head, body = wide_rows(FIVE)
    body[3] = body[3][:17]
    body[4] = body[4][:17]
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(4): (14, 14), upn(5): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]


def test_a_leaver_s_empty_cells_written_out_are_read_unsaid(tmp_path, config):
    # Cole left after her 14th session, her six empty cells written out: a leaver, 14/14,
    # as DOMAIN.md 1 says, with nothing to say.
    head, body = wide_rows(FIVE)
    body[2][-6:] = [""] * 6
    write(tmp_path / "r.csv", head, body)
    code, got, err = check(tmp_path / "r.csv", config)
    assert code == 0, err
    assert figures(got) == {**WHOLE, upn(3): (14, 14)}
    assert not [w for w in got["warnings"] if "cells" in w], got["warnings"]
