"""`attcli pn record`, `pn list` and `pn next` against DOMAIN.md 5 (a tester's pn5 findings):
compulsory school age on the notice's date, the request's window (--as-of), a notice to
each liable parent for the same absence, a list that tells siblings apart at 80 columns,
and the next notice's amount.

Dates worked by hand.  Compulsory school age (calendar.compulsory_school_age_window): born
01/01/2020, 5th birthday 01/01/2025, the prescribed day on or after it is 31/03/2025; 16th
birthday 01/01/2036, in the school year 2035/36, whose last Friday in June is 27/06/2036.
The window is the 10 school weeks (a week with a session) up to the date, holiday weeks
skipped."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from attcli.store import History, Parent
from builders import across, register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
P, G, OO = "/\\", "G", "O"  # a day present; a day of G; of O (both sessions)


def week(token: str) -> list[str]:
    return [token] * 5


def said(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "school")


def record(ws: Path, upn: str, export: Path, book: Path, parent: str, date: str, *extra: str):
    return run_cli(
        "pn", "record", upn, export, "--parent", parent, "--contacts", book,
        "--date", date, "-c", ws, *extra,
    )  # fmt: skip


# ---------------------------------------------------------------- compulsory school age

GUS = "B100000000002"
# Mon 25/11/2024 to Fri 04/04/2025, Christmas 23/12-03/01 a holiday: O all week 10-14 Feb
# (10 sessions, before compulsory school age) and 31 Mar-4 Apr (10, from its first day)
CHRISTMAS = [D(2024, 12, 23) + dt.timedelta(days=i) for i in range(12)]
GUS_MARKS = week(P) * 4 + week(P) * 5 + week(OO) + week(P) * 6 + week(OO)


def gus_files(tmp_path: Path, *, dob: bool = True) -> tuple[Path, Path]:
    reg = register(
        {GUS: " ".join(GUS_MARKS)}, start=D(2024, 11, 25), holidays=CHRISTMAS,
        dob={GUS: D(2020, 1, 1)},
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=dob, groups=True)
    book = contacts_file(tmp_path / "contacts.csv", [(GUS, "9006", "Mrs", "Ann", "Small")])
    return export, book


def test_a_notice_to_a_pupil_not_of_compulsory_school_age_is_refused(tmp_path, ws):
    """Gus, born 01/01/2020, is of compulsory school age from 31/03/2025: a notice on
    14/02/2025 (his 10 O of 10-14 Feb) and on Fri 28/03/2025, the last school day before,
    is refused, saying from when (nothing recorded); one on Mon 31/03/2025 is recorded and
    covers the 2 O of that day only: the 10 of February are before compulsory school age,
    and the warning says so (it said only "covers 0")."""
    export, book = gus_files(tmp_path)
    for day in ("2025-02-14", "2025-03-28"):
        code, out, err = record(ws, GUS, export, book, "9006", day)
        shown = f"{D.fromisoformat(day):%d/%m/%Y}"
        assert (code, out) == (1, ""), out
        assert err.splitlines()[-1] == (
            f"error: {GUS} was not of compulsory school age on {shown} (born 01/01/2020: "
            "of compulsory school age from 31/03/2025 to 27/06/2036): no penalty notice can "
            "be issued; if the date of birth is wrong, correct it in the MIS and export again"
        )
    assert not (ws.parent / "attcli-history.sqlite3").exists()
    code, out, err = record(ws, GUS, export, book, "9006", "2025-03-31")
    assert code == 0, err
    assert out.splitlines()[1] == (
        # the window: the 10 school weeks 27/01 to 31/03 (the week of 31/03 and 9 before)
        "it covers 2 unauthorised sessions of the window 27/01/2025 to 31/03/2025"
    )
    assert (
        "warning: the notice covers 2 unauthorised sessions, fewer than the threshold of 10 "
        "in 10 school weeks; 10 more of the window are before 31/03/2025, when the pupil "
        "became of compulsory school age, and do not count" in said(err)
    ), err


def test_a_notice_with_no_date_of_birth_is_recorded_saying_so(tmp_path, ws):
    """An export with no date of birth: compulsory school age is not known.  attcli records
    the notice (the local authority issued it, and a notice left off the record would make
    the next one look like a first) and says in one line that it could not check the age."""
    export, book = gus_files(tmp_path, dob=False)
    code, out, err = record(ws, GUS, export, book, "9006", "2025-02-14")
    assert code == 0, err
    assert out.splitlines()[0].startswith("recorded: penalty notice 1 ")
    assert (
        f"warning: no date of birth for {GUS} in the exports: attcli cannot tell whether the "
        "pupil was of compulsory school age on 14/02/2025 (only such a pupil can be the "
        "subject of a notice); check it in the MIS" in said(err)
    ), err


# ---------------------------------------------------------------- the request's window

YAS = "E100000000005"
# Summer 2 2024 (03/06-19/07) present, then Mon 02/09/2024 to Fri 29/11/2024, half term
# 28/10-01/11: G all week 30/09-04/10 (10) and 11-15/11 (10)
SUMMER = (D(2024, 6, 3), " ".join(week(P) * 7))
HALF_TERM = [D(2024, 10, 28) + dt.timedelta(days=i) for i in range(5)]
YAS_MARKS = week(P) * 4 + week(G) + week(P) * 3 + week(P) + week(G) + week(P) * 2


def yas_files(tmp_path: Path) -> tuple[Path, Path]:
    autumn = register({YAS: " ".join(YAS_MARKS)}, start=D(2024, 9, 2), holidays=HALF_TERM,
                      dob={YAS: D(2012, 3, 3)})  # fmt: skip
    summer = register({YAS: SUMMER[1]}, start=SUMMER[0], dob={YAS: D(2012, 3, 3)})
    reg = pl.concat([summer, autumn])
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    book = contacts_file(tmp_path / "contacts.csv", [(YAS, "9024", "Mrs", "Pat", "Edge")])
    return export, book


def days(first: D, n: int) -> list[tuple[D, str]]:
    return [(first + dt.timedelta(days=i), s) for i in range(n) for s in ("AM", "PM")]


def test_a_notice_covers_its_requests_window_and_leaves_a_later_offence(tmp_path, ws):
    """The request went to the LA as of Fri 04/10/2024 (10 G, 30/09-04/10); the LA issued
    the notice on 22/11.  The window up to 22/11 (18/11, 11/11, 4/11, then 21/10 back to
    9/09: 09/09 to 22/11) holds 20 G: the threshold was met on 04/10 and the 10 of 11-15
    Nov after it are another offence.  Without --as-of attcli refuses to guess (it recorded
    all 20, so November's could never support a second notice); with --as-of 2024-10-04
    the notice covers the request's 10, and a second notice on 29/11 covers November's."""
    export, book = yas_files(tmp_path)
    code, out, err = record(ws, YAS, export, book, "9024", "2024-11-22")
    assert (code, out) == (1, ""), out
    assert err.splitlines()[-1] == (
        "error: the window 09/09/2024 to 22/11/2024 holds 20 unauthorised sessions: the "
        "threshold of 10 was met on 04/10/2024, and the 10 after it (11/11/2024 to "
        "15/11/2024) are enough for another notice; give the date the request's evidence "
        "was as of with --as-of DATE (the notice then covers the window up to it), or "
        "--as-of 2024-11-22 if the notice rests on them all"
    )
    code, out, err = record(ws, YAS, export, book, "9024", "2024-11-22", "--as-of", "2024-11-25")
    assert code == 1 and err.splitlines()[-1] == (
        "error: --as-of 25/11/2024 is after the notice's date 22/11/2024: the request went "
        "to the local authority before the notice was issued"
    ), err
    code, out, err = record(ws, YAS, export, book, "9024", "2024-11-22", "--as-of", "2024-10-04")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        f"recorded: penalty notice 1 to Mrs Pat Edge (contact 9024) about {YAS} on 22/11/2024",
        # 10 school weeks up to 04/10: 5 from 02/09 and the last 5 of the summer term, from
        # Mon 17/06/2024 (the summer holiday's weeks skipped)
        "it covers 10 unauthorised sessions of the window 17/06/2024 to 04/10/2024 (the "
        "request's, as of 04/10/2024)",
    ]
    code, out, err = record(ws, YAS, export, book, "9024", "2024-11-29")
    assert code == 0, err
    assert out.splitlines()[1:3] == [
        # 25/11 back to 16/09 (the half-term week skipped): 20 G, 10 on notice 1
        "it covers 10 unauthorised sessions of the window 16/09/2024 to 29/11/2024",
        "this was the second notice within 3 years (GBP 160)",
    ]
    with History(ws.parent / "attcli-history.sqlite3") as s:
        assert [(d, x) for d, x, _ in s.notice_sessions(1)] == days(D(2024, 9, 30), 5)
        assert [(d, x) for d, x, _ in s.notice_sessions(2)] == days(D(2024, 11, 11), 5)


# ---------------------------------------------------------------- each liable parent

RAE = "D100000000001"


def rae_files(tmp_path: Path) -> tuple[Path, Path]:
    # Summer 2 2024 present, then 02/09 to 18/10/2024: G all week 30/09-04/10 (10)
    reg = across(
        (SUMMER[0], {RAE: SUMMER[1]}),
        (D(2024, 9, 2), {RAE: " ".join(week(P) * 4 + week(G) + week(P) * 2)}),
        dob={RAE: D(2013, 10, 10)},
    )
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    book = contacts_file(
        tmp_path / "contacts.csv",
        [(RAE, "8001", "Mrs", "Mary", "Family"), (RAE, "8002", "Mr", "Frank", "Family")],
    )
    return export, book


def evidence(ws: Path, export: Path, book: Path, parent: str) -> tuple[int, dict, str]:
    code, out, err = run_cli(
        "evidence", RAE, export, "--for", "penalty-notice", "--contacts", book, "--parent",
        parent, "--as-of", "2024-10-18", "--format", "json", "--draft", "-c", ws,
    )  # fmt: skip
    assert code == 0, err
    return code, json.loads(out), err


def test_the_same_absence_supports_a_notice_to_each_parent_in_record_and_evidence(tmp_path, ws):
    """decisions.md: a session supports one notice per parent (each liable parent may be
    issued one for the same absence).  With the mother's notice of 18/10 on record (the 10
    G of 30/09-04/10), the father's request as of 18/10 is complete on the same 10 (it
    said "0 unauthorised sessions", the 10 "never count again"), and his notice covers
    them, saying they supported hers; the mother's own next request does not count them."""
    export, book = rae_files(tmp_path)
    code, out, err = record(ws, RAE, export, book, "8001", "2024-10-18")
    assert code == 0, err
    _, father, err = evidence(ws, export, book, "8002")
    assert father["complete"], father["problems"]
    assert len(father["window"]["unauthorised_sessions"]) == 10
    assert father["window"]["sessions_used_by_earlier_notices"] == []
    assert (
        "10 of the window's unauthorised sessions also supported notice 1 to Mrs Mary Family "
        "(contact 8001) on 18/10/2024: they count for this parent too (a notice to each "
        "liable parent)" in said(err)
    ), err
    code, out, err = record(ws, RAE, export, book, "8002", "2024-10-18")
    assert code == 0, err
    assert out.splitlines()[1:4] == [
        # 14/10 back to 02/09 (7 weeks), then 15/07, 08/07 and 01/07
        "it covers 10 unauthorised sessions of the window 01/07/2024 to 18/10/2024",
        "10 of them also supported notice 1 to Mrs Mary Family (contact 8001) on 18/10/2024 "
        "(a notice to each liable parent for the same absence)",
        "this was the first notice within 3 years (GBP 80 if paid within 21 days, 160 within 28)",
    ]
    _, mother, _ = evidence(ws, export, book, "8001")
    assert not mother["complete"]
    assert mother["problems"][-1] == (
        "the threshold is not met: 0 unauthorised sessions in the 10 school weeks "
        "01/07/2024 to 18/10/2024, fewer than 10; 10 more of the window's sessions supported "
        "a notice to this parent on record and never count again"
    )


# ---------------------------------------------------------------- pn list and pn next


def test_pn_list_at_80_columns_shows_every_upn_whole_and_the_pupils_names(tmp_path, ws):
    """Two siblings' notices to one parent: at 80 columns the list cut both UPNs to
    "D100000000…" and had no name, so they could not be told apart."""
    sam, tia = "D100000000002", "D100000000003"
    reg = register(
        {sam: " ".join(week(P) * 4 + week(G)), tia: " ".join(week(P) * 4 + week(G))},
        start=D(2024, 9, 2),
    )
    reg = reg.with_columns(
        forename=reg.get_column("upn").replace({sam: "Sam", tia: "Tia"}),
        surname=reg.get_column("upn").replace({sam: "Sibling", tia: "Sibling"}),
    )
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    book = contacts_file(
        tmp_path / "contacts.csv",
        [(sam, "8003", "Ms", "Petra", "Sibling"), (tia, "8003", "Ms", "Petra", "Sibling")],
    )
    for upn in (sam, tia):
        assert record(ws, upn, export, book, "8003", "2024-10-04")[0] == 0
    code, out, err = run_cli("pn", "list", "-c", ws, width=80)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    lines = out.splitlines()
    assert "…" not in out
    first = next(i for i, line in enumerate(lines) if sam in line)
    second = next(i for i, line in enumerate(lines) if tia in line)
    assert "Sam" in " ".join(lines[first:second]) and "Tia" in " ".join(lines[second:])
    code, out, err = run_cli("pn", "list", "--json", "-c", ws)
    assert [n["pupil"] for n in json.loads(out)] == ["Sam Sibling", "Tia Sibling"]


def test_pn_next_gives_the_amount(tmp_path, ws):
    """pn next said a bare "second": the amount, as pn record and check give it."""
    export, book = rae_files(tmp_path)
    nxt = ("pn", "next", RAE, "--parent", "8001", "--contacts", book, "-c", ws)
    assert run_cli(*nxt, "--date", "2024-10-18")[1] == (  # no notice yet: no date of birth
        "first (GBP 80 if paid within 21 days, 160 within 28); compulsory school age not "
        "checked: no date of birth on record\n"
    )
    assert record(ws, RAE, export, book, "8001", "2024-10-18")[0] == 0
    assert run_cli(*nxt, "--date", "2024-10-21")[1] == "second (GBP 160)\n"
    with History(ws.parent / "attcli-history.sqlite3", write=True) as s:
        n = s.notices(RAE)[0]
        s.record_notice(RAE, Parent(n.parent_key, n.parent), D(2024, 10, 21), by="test")
    assert run_cli(*nxt, "--date", "2024-10-22")[1] == "none: alternative action\n"


def test_the_school_s_own_window_is_named_when_the_exports_start_after_the_notice(tmp_path):
    """A school whose policy counts 10 sessions in 6 school weeks (`[penalty_notice] weeks
    = 6`): a notice dated before the exports start is refused asking for the exports that
    hold "the 6 school weeks up to it" (it said "the 10 school weeks" whatever the setting);
    a window of one school week reads "1 school week", not "1 school weeks"."""
    config = make_workspace(tmp_path / "school")
    text = config.read_text(encoding="utf-8")
    assert "\nweeks = 10" in text
    upn = "B100000000003"
    reg = register(
        {upn: " ".join(week(P) * 2 + week(OO))}, start=D(2024, 11, 25),
        dob={upn: D(2015, 1, 1)},
    )  # fmt: skip
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True, groups=True)
    book = contacts_file(tmp_path / "contacts.csv", [(upn, "9007", "Mr", "Bob", "Tall")])
    for weeks, words in ((6, "the 6 school weeks"), (1, "the 1 school week")):
        config.write_text(text.replace("\nweeks = 10", f"\nweeks = {weeks}"), encoding="utf-8")
        code, out, err = record(config, upn, export, book, "9007", "2024-11-22")
        assert code == 1, out
        assert f"give exports that hold {words} up to it" in said(err), err
    # (a notice the window holds too few sessions for: "in 1 school week", not "weeks")
    code, out, err = record(config, upn, export, book, "9007", "2024-11-29")
    assert code == 0, err
    assert "fewer than the threshold of 10 in 1 school week" in said(err), err
    assert "1 school weeks" not in said(err), err
