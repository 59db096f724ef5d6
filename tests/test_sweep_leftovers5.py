"""What the fifth round noticed and left (sweep of 5 December (sixth), leftovers5).

Hand-made registers (tests/builders.py), the right answers worked by hand from DOMAIN.md
and the policies.

Item 1: a long export whose one column holds each row's date and session
(``07/09/2026 AM``).  The register: Ash and Bell, Mon 07/09 - Fri 11/09/2026 (5 school
days, 10 sessions), present throughout but Ash's ``N`` on Tue 08/09 AM: Ash 9/10 =
90.0 %, one unauthorised session, 2026-09-08 AM (the PM a swap would give); Bell 10/10.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from builders import register, write_long_csv
from clirun import check_json, one_line, run_cli

D = dt.date

# ------------------------------------------------- 1. a date and session in one cell

_FORMS = {
    "dmy": lambda d, s: f"{d:%d/%m/%Y} {s}",
    "iso": lambda d, s: f"{d:%Y-%m-%d} {s}",
    "named": lambda d, s: f"{d:%a %d %b %Y} {s}",
    "bracketed": lambda d, s: f"{d:%d/%m/%Y} ({s})",
    "session_first": lambda d, s: f"{s} {d:%d/%m/%Y}",
    "words": lambda d, s: f"{d:%d/%m/%Y} {'Morning' if s == 'AM' else 'Afternoon'}",
}


def _one_cell_csv(tmp_path: Path, form, header: str = "Session", name: str = "one.csv",
                  cells: dict[int, str] | None = None) -> Path:  # fmt: skip
    """Ash and Bell's week as a long CSV of UPN, Surname, Forename, ``header`` (the date
    and session written by ``form``) and Mark; ``cells``: line -> that line's cell
    written instead."""
    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    lines = [f"UPN,Surname,Forename,{header},Mark"]
    for r in reg.iter_rows(named=True):
        cell = form(r["date"], r["session"])
        if cells and len(lines) + 1 in cells:
            cell = cells[len(lines) + 1]
        lines.append(f"{r['upn']},{r['surname']},{r['forename']},{cell},{r['raw_mark']}")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _figures(result: dict) -> dict[str, tuple]:
    return {
        p["upn"]: (p["possible"], p["attended"], p["unauthorised"], p["attendance_pct"],
                   (p.get("evidence") or {}).get("pn_sessions", []))
        for p in result["pupils"]
    }  # fmt: skip


_RIGHT = {"A1": (10, 9, 1, 90.0, ["2026-09-08 AM N"]), "B1": (10, 10, 0, 100.0, [])}


def test_the_same_register_with_date_and_session_columns_gives_the_hand_figures(
    tmp_path: Path,
) -> None:
    reg = register({"A1": "/\\ N/ /\\ /\\ /\\", "B1": "/\\ /\\ /\\ /\\ /\\"})
    code, result, err = check_json(write_long_csv(reg, tmp_path / "two.csv"), as_of="2026-09-11")
    assert code == 0, err
    assert _figures(result) == _RIGHT


#: every form under a Session header, and the date field's two headers (the other branch
#: of ``_headers._date_and_session_column``) each with a form of its own: 6 + 2 cases, not
#: the 6 x 3 of every pair (the forms are read alike whichever header found the column)
_FORM_HEADERS = [(form, "Session") for form in sorted(_FORMS)] + [
    ("named", "Date"),
    ("session_first", "Session Date"),
]


@pytest.mark.parametrize(("form", "header"), _FORM_HEADERS)
def test_a_long_column_holding_each_row_s_date_and_session_is_read(
    tmp_path: Path, form: str, header: str
) -> None:
    """Refused as "no header row found ... Export the register again with its date
    column" (a Session column) or "... with its session column" (a Date column), though
    the column holds both.  The forms are a wide export's session headers
    (``parse_session_header``), unambiguous: read, each row its date and session, with
    Ash's N on the Tuesday morning (a swap would put it on the afternoon)."""
    code, result, err = check_json(
        _one_cell_csv(tmp_path, _FORMS[form], header), as_of="2026-09-11"
    )
    assert code == 0, err
    assert _figures(result) == _RIGHT


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("08/09/26 AM", "two-digit year"),
        ("Sat 12/09/2026 AM", "weekend"),
        ("Wed 08/09/2026 AM", "is a Tuesday, not a Wednesday"),
        ("08/09/2026", "no session"),
        ("08/09/2026 AM PM", "not a date and session"),
    ],
)
def test_a_bad_cell_in_a_date_and_session_column_is_refused_in_one_line(
    tmp_path: Path, cell: str, why: str
) -> None:
    """Line 5 is Ash's Tue 08/09 AM (the header is line 1, Ash's rows 2-11 in order).
    Never read with the session lost or another day: refused naming the file, the line,
    the column and the cell, and what would be valid."""
    path = _one_cell_csv(tmp_path, _FORMS["dmy"], cells={5: cell})
    code, result, err = check_json(path, as_of="2026-09-11")
    assert code == 1 and result is None
    line = one_line(err)
    assert "one.csv, line 5:" in line and "(column 'Session')" in line, line
    assert repr(cell) in line and why in line, line
    assert "07/09/2026 AM" in line, line  # what would be valid


def test_a_date_column_beside_a_date_and_session_column_is_refused_as_before(
    tmp_path: Path,
) -> None:
    """A Date column and a Session column that also holds the date: two dates for one row,
    not read (which to believe is not attcli's to guess): refused naming the cell."""
    path = _one_cell_csv(tmp_path, _FORMS["dmy"])
    lines = path.read_text("utf-8").splitlines()
    out = ["UPN,Surname,Forename,Date,Session,Mark"] + [
        ",".join([*x.split(",")[:3], x.split(",")[3].split()[0], *x.split(",")[3:]])
        for x in lines[1:]
    ]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    code, _, err = check_json(path, as_of="2026-09-11")
    assert code == 1
    assert "'07/09/2026 AM'" in one_line(err)


def test_a_date_and_session_column_in_us_order_is_refused_as_us_order(tmp_path: Path) -> None:
    """The week written MM/DD/YYYY ('09/14/2026 AM' is no date DD/MM): refused as a
    date column in US order is (``_check_us_order`` on the cells' dates), not read."""
    path = _one_cell_csv(tmp_path, lambda d, s: f"{d + dt.timedelta(days=7):%m/%d/%Y} {s}")
    code, _, err = check_json(path, as_of="2026-09-18")
    assert code == 1
    line = one_line(err)
    assert "US order (MM/DD/YYYY)" in line and "'09/14/2026 AM'" in line, line


def test_a_date_and_session_column_of_us_order_weekdays_is_refused_as_us_order(
    tmp_path: Path,
) -> None:
    """Mon 2 - Fri 6 November 2026 written MM/DD/YYYY ('11/02/2026 AM'): read DD/MM they
    are 11 February to 11 June 2026, Wed 4 November's '11/04/2026' a Saturday (11 April)
    where every date read MM/DD is a weekday: refused as US order, naming the cell (it
    was "a weekend day", as if one cell were wrong)."""
    path = _one_cell_csv(tmp_path, lambda d, s: f"{d + dt.timedelta(days=56):%m/%d/%Y} {s}")
    code, _, err = check_json(path, as_of="2026-11-06")
    assert code == 1
    line = one_line(err)
    assert "US order (MM/DD/YYYY)" in line and "'11/04/2026 AM'" in line, line


# ------------------------------ 2. cases and la-return after a pupil forgotten on roll

NOWAK, PRITCHARD = "U999291016905", "F999290917918"


def _examples(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:  # noqa: ANN001
    """A copy of the examples' workspace (the Arbor export of autumn 2026), today 18/12/2026."""
    import shutil

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    ex = tmp_path / "ex"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples", ex)
    return ex / "attcli.toml", ex / "exports" / "arbor_autumn_2026.csv"


def _cases_json(export: Path, config: Path, as_of: str) -> dict:
    import json

    code, out, err = run_cli("cases", export, "-c", config, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _case(result: dict, upn: str) -> dict:
    rows = [r for key in ("cases", "rows", "pupils") for r in result.get(key, []) or []]
    return next(r for r in rows if r["upn"] == upn)


def test_cases_says_a_pupil_forgotten_on_roll_is_new_because_forgotten(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """The run of 04/12/2026 is recorded with Kacper Nowak severe on the ladder; his
    records are deleted with --force (a parent's erasure request, still on roll), that check's
    row among them.  The run of 11/12 shows him NEW, severe due now: true to the history,
    but read as a pupil new to the ladder.  The officer should read why: the row's note
    says the records were deleted on the day, by whom (what the audit row holds), and that
    the steps before are no longer known.  Siân Cooper, new to the ladder that week, has
    no such note."""
    config, export = _examples(tmp_path, monkeypatch)
    _cases_json(export, config, "2026-12-04")
    code, _, err = run_cli("pupil", "forget", NOWAK, "-c", config, "--force", "--yes",
                           "--by", "dpo")  # fmt: skip
    assert code == 0, err
    result = _cases_json(export, config, "2026-12-11")
    nowak, cooper = _case(result, NOWAK), _case(result, "J999202815165")
    assert nowak["new"] and cooper["new"]
    today = f"{dt.date.today():%d/%m/%Y}"  # (the audit row's time is the PC's clock)
    assert f"deleted on {today} by dpo (attcli pupil forget)" in (nowak["note"] or ""), nowak
    assert "forget" not in (cooper["note"] or ""), cooper
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-12-11")
    assert code == 0, err
    assert f"deleted on {today} by dpo" in " ".join(out.split()), out


def test_la_return_says_a_pupil_forgotten_on_roll_is_new_because_forgotten(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """November's return lists Siân Pritchard new on the sickness list (32 illness
    sessions, 16 days in a row, by 30/11).  Her records are deleted with --force, the
    return's row among them.  December's lists her new again, and its note said "not on
    the return as of 30/11/2026, though the register now shows 32 illness sessions ... by
    then (a register correction)": wrong, no correction was made.  It now says her records
    were deleted on the day (attcli pupil forget) so the return cannot tell whether the
    earlier one listed her, naming no one who did it (the file goes to the LA); Ibrahim
    Hassan, new that month, has no such note."""
    import csv

    config, export = _examples(tmp_path, monkeypatch)
    code, _, err = run_cli("la-return", export, "-c", config, "--month", "2026-11",
                           "-o", tmp_path / "nov.csv")  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli("pupil", "forget", PRITCHARD, "-c", config, "--force", "--yes",
                           "--by", "dpo")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("la-return", export, "-c", config, "--month", "2026-12",
                             "-o", tmp_path / "dec.csv")  # fmt: skip
    assert code == 0, err
    with (tmp_path / "dec.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = {r["UPN"]: r for r in csv.DictReader(f)}
    today = f"{dt.date.today():%d/%m/%Y}"
    note = rows[PRITCHARD]["Note"]
    assert rows[PRITCHARD]["Status"] == "new"
    assert "register correction" not in note, note
    assert f"deleted on {today} (attcli pupil forget)" in note and "dpo" not in note, note
    assert "forget" not in rows["L999291115919"]["Note"]


# ----------------------- 3. a session of a minority's '-' and everyone else's no row


@pytest.mark.parametrize("dashes", [1, 2])
def test_a_session_of_a_minority_s_dashes_accounts_for_every_pupil_on_roll(dashes: int) -> None:
    """P0-P3 present every session of Thu 3 - Wed 16 Sep 2026 but Wed 9 Sep PM, where the
    first ``dashes`` have '-' (no mark recorded) and the rest no row.  No pupil has a mark
    on it, the morning's register taken: a session with no register, counted for no one
    (19 possible each).  With 2 of 4 (more than the handful, not most: DASH_DAY_SHARE) only
    the two '-' were listed, as missing marks, and the other two were left out unsaid.
    Now one item for the session accounts for all four, as it does for 1 of 4 (a handful:
    it said "only 1 of the 4 pupils on roll has a mark", the '-' read as a mark)."""
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from builders import pupil, register_rows, school_days

    days, wed = school_days(D(2026, 9, 3), 10), D(2026, 9, 9)
    rows = [
        {"upn": f"P{i}", "date": d, "session": s, "mark": "-" if (d, s) == (wed, "PM") else "/"}
        for i in range(4)
        for d in days
        for s in ("AM", "PM")
        if (d, s) != (wed, "PM") or i < dashes
    ]
    ev = evaluate(register_rows(rows), parse_config(""))
    other = "the other 3 no mark" if dashes == 1 else "the other 2 no mark"
    assert ev.data_quality.filter(pl.col("kind") == "missing_session").select(
        "date", "session", "detail"
    ).rows() == [(
        wed, "PM",
        f"no pupil has a mark: {dashes} of the 4 pupils on roll {'has' if dashes == 1 else 'have'}"
        f" '-' (no mark recorded), {other} (no row, or a blank cell), the AM register taken: "
        "left out of every pupil's possible sessions (export its register, or record # in "
        "the MIS if the school was closed)",
    )]  # fmt: skip
    assert ev.data_quality.filter(pl.col("kind") == "missing_mark").get_column("upn").to_list() == [
        f"P{i}" for i in range(dashes)
    ]
    assert [pupil(ev, f"P{i}")["possible"] for i in range(4)] == [19] * 4


# --------------------- 4. a deleted notice's warning and a trust's two children of one id


@pytest.mark.parametrize(("child", "one_child"), [("1003", False), ("A123456789012", True)])
def test_a_deleted_notice_is_said_of_its_own_school_s_child_alone(
    tmp_path: Path, child: str, one_child: bool
) -> None:
    """The forgetschool sweep's trust: Ash (a) and Birch (b) each number their pupils from
    1, so "1003" is two children.  Birch's 1003 had a notice of 01/06/2025 (counting until
    01/06/2028); Birch's records are deleted with ``pupil forget 1003 --school b --force``.
    As of 31/08/2027 the warning that the next notice may be one later was given for
    Ash's 1003 too (another child, whose parent had no notice from Birch); now Birch's
    child alone, and a caller that does not know the school (None) hears it still.  Under
    a UPN the id is one child, who moved: a notice to their parent counts at either
    school, so Ash's hears it, naming Birch ("--school b")."""
    from attcli.store import History, Parent
    from test_sweep_forgetschool import TODAY, _seed_school

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        _seed_school(store, "a", child)
        _seed_school(store, "b", child)
        store.record_notice(child, Parent("id:b2", "Mr B"), D(2025, 6, 1), school="b")
        store.forget(upns=[child], today=TODAY, school="b", force=True)
        for school in ("b", None):
            gone = store.deleted_notice(child, TODAY, school)
            assert gone is not None and gone[2:] == (D(2028, 6, 1), "b"), (school, gone)
        ash = store.notice_forgotten(child, TODAY, "a")
        assert (ash is not None) is one_child, ash
        if one_child:
            assert "attcli pupil forget --school b" in ash, ash


def test_pn_list_warns_of_a_deleted_notice_for_its_own_school_s_child_alone(
    tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    """`pn list` in the trust after Birch's 1003 was forgotten with --force: Ash's notice
    of 20/03/2023 to Mrs A is listed (no longer counting), and Ash's 1003 is another
    child: no warning (there was one, "1003's records were deleted on ...").  Birch's own
    notice recorded after the forgetting (to Mr B, 01/06/2027) is Birch's child's: warned."""
    from attcli.store import History, Parent
    from test_sweep_forgetschool import TODAY, _trust

    config, path = _trust(tmp_path)
    with History(path, write=True) as store:
        store.record_notice("1003", Parent("id:b2", "Mr B"), D(2025, 6, 1), school="b")
        store.forget(upns=["1003"], today=TODAY, school="b", force=True)
    code, _, err = run_cli("pn", "list", "-c", config)
    assert code == 0, err
    assert "records were deleted" not in err, err
    with History(path, write=True) as store:
        store.record_notice("1003", Parent("id:b3", "Mr C"), D(2027, 6, 1), school="b")
    code, _, err = run_cli("pn", "list", "-c", config)
    assert code == 0, err
    assert " ".join(err.split()).count("1003's records were deleted on") == 1, err


# --------------------------------------------- 5. a short last line of a wide CSV


def _five_wide(tmp_path: Path, cut: dict[int, int], empties: dict[int, int] | None = None) -> Path:
    """The fifth round's five-pupil wide CSV (tests/test_sweep_leftovers.py: 23 cells a
    line, the header line 1, pupil k's line k + 1, Evans's line 6 the last); ``cut``:
    body row -> the cells it keeps; ``empties``: body row -> its last cells written empty."""
    from test_sweep_leftovers import FIVE, wide_rows, write

    head, body = wide_rows(FIVE)
    for i, n in (empties or {}).items():
        body[i][-n:] = [""] * n
    for i, n in cut.items():
        body[i] = body[i][:n]
    write(tmp_path / "r.csv", head, body)
    return tmp_path / "r.csv"


@pytest.fixture(scope="module")
def autumn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from school import AUTUMN_HALF_TERMS, make_workspace

    return make_workspace(tmp_path_factory.mktemp("ws"), AUTUMN_HALF_TERMS)


def _wide_check(path: Path, config: Path) -> dict:
    import json

    code, out, err = run_cli("check", "--format", "json", path, "--config", config,
                             "--as-of", "2026-09-18")  # fmt: skip
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("written", [False, True])
def test_a_short_last_line_of_a_wide_csv_is_read_as_a_leaver_and_said(
    tmp_path: Path, autumn: Path, written: bool
) -> None:
    """Evans's line, the last (line 6), has 17 of the 23 cells (after his 14th session,
    Tue 15/09 PM), the line above whole.  Excel's last block of rows may be his line alone,
    written without its empty cells, so it may be a leaver's (14/14) and may be a line cut
    short (20/20 as exported): attcli cannot tell, and read it as a leaver unsaid.  Now
    said, as the mid-file line that cannot be told is, naming the file and line and no
    UPN: an officer who knows Evans on roll exports the register again.  A line elsewhere
    writing a leaver's empty cells out (Cole's, ``written``) proves nothing of the last
    block's: said, not refused."""
    from test_sweep_dialects import upn
    from test_sweep_leftovers import WHOLE

    got = _wide_check(_five_wide(tmp_path, {4: 17}, {2: 4} if written else None), autumn)
    want = {**WHOLE, upn(5): (14, 14)}
    if written:
        want[upn(3)] = (16, 16)  # (Cole's last four sessions, her N among them, empty)
    assert {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]} == want
    said = [w for w in got["warnings"] if "fewer cells than the header" in w]
    assert len(said) == 1, got["warnings"]
    assert "r.csv: line 6, the last," in said[0] and "cut short" in said[0], said
    assert upn(5) not in said[0]


def test_a_block_of_short_lines_at_the_end_is_read_as_leavers_unsaid(
    tmp_path: Path, autumn: Path
) -> None:
    """Dunn's and Evans's lines (5 and 6, the last two) both 17 cells: a block of one length,
    as Excel writes leavers' rows when no row of the block reaches the end: unsaid."""
    from test_sweep_dialects import upn
    from test_sweep_leftovers import WHOLE

    got = _wide_check(_five_wide(tmp_path, {3: 17, 4: 17}), autumn)
    assert {p["upn"]: (p["attended"], p["possible"]) for p in got["pupils"]} == {
        **WHOLE, upn(4): (14, 14), upn(5): (14, 14)
    }
    assert not [w for w in got["warnings"] if "fewer cells than the header" in w]
