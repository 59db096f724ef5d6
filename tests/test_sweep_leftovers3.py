"""Sweep "leftovers3" (5 December, third): what the nti, handstage and earlier sweeps left
(notices to improve, evidence packs, the history store).

R's register runs from Monday 7 September 2026 (the holiday 26-30 October, the term dates
Autumn 1 7/09-23/10 and Autumn 2 2/11-18/12; tests/school.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import count_calls, register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, HALF_TERM_LADDER, make_workspace

HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
#: three weeks of O, three present: 10 O in a week, the penalty-notice threshold met
R_MARKS = " ".join(["O O O O O"] * 3 + ["/\\ /\\ /\\ /\\ /\\"] * 3)


def _with_history(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace whose history holds a casebook run and a red stage recorded by hand."""
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + HALF_TERM_LADDER)
    exp = write_long_csv(register({"R": R_MARKS}, holidays=HOLIDAY), tmp_path / "e.csv")
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-09")
    assert code == 0, err
    code, _, err = run_cli("case", "record", "R", "--action", "red", "--date", "2026-09-18", "-c", ws)
    assert code == 0, err
    return ws, exp


def test_check_opens_the_history_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The weekly check read the history six times over, each an open of its own (the
    notices' sessions, the run on record, a later run, the next notice, the letters of the
    half term, the corrections since): one open serves them all, and the check says the
    same (R at the penalty-notice threshold, the red letter recorded by hand)."""
    from attcli.store import History

    ws, exp = _with_history(tmp_path)
    args = ("check", exp, "-c", ws, "--as-of", "2026-10-16")
    code, before, err = run_cli(*args)
    assert code == 0, err
    opened = count_calls(monkeypatch, History, "__init__")
    code, out, err2 = run_cli(*args)
    assert code == 0, err2
    assert len(opened) == 1
    assert (out, err2) == (before, err)
    from attcli import store

    assert not store._shared  # (closed at the end of the run)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each open of the history from here on: whether it writes."""
    from attcli.store import History

    opened: list[bool] = []
    real = History.__init__

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        opened.append(bool(kwargs.get("write")))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(History, "__init__", counting)
    return opened


def test_cases_pupil_and_evidence_read_the_history_through_one_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same beside the check: `cases` read it through four opens before placing the
    ladder (the notices' sessions, the run on record, the casebook's records, the
    termly letters), `pupil` through three, an evidence pack through eight.  Now one
    each for the reads (`cases` writes its run after, under the run lock, with an open of
    its own, and then reads the date of a later run: a third; the pack reads the parent's
    names on record before the exports are loaded: a second)."""
    from school import contacts_file

    ws, exp = _with_history(tmp_path)
    con = contacts_file(tmp_path / "c.csv", [("R", "C1", "Mrs", "Ann", "Parent")])
    opened = _reads(monkeypatch)
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-16")
    assert code == 0, err
    assert opened == [False, True, False], opened
    opened.clear()
    code, _, err = run_cli("pupil", "R", exp, "-c", ws, "--as-of", "2026-10-16")
    assert code == 0, err
    assert opened == [False], opened
    opened.clear()
    code, _, err = run_cli(
        "evidence", "R", exp, "-c", ws, "--contacts", con, "--for", "penalty-notice",
        "--as-of", "2026-10-16", "--draft", "-o", tmp_path / "p.pdf",
    )  # fmt: skip
    assert code == 0, err
    assert opened == [False, False], opened


def test_the_run_lock_file_stays_and_locks_nothing_by_being_there(tmp_path: Path) -> None:
    """A run that writes the history takes its run lock, HISTORY.lock beside it, with an OS
    lock (flock) and leaves the file when it ends (removing it would race a run taking it):
    0 bytes, owner-only.  The lock is the OS lock, not the file: the file left behind keeps
    no later run out, and a reader neither makes nor needs it.  Held by another open, a
    second writer is refused in one line."""
    from attcli.errors import AttcliError
    from attcli.store import History, lock_path, run_under_way

    ws, exp = _with_history(tmp_path)
    hist = ws.parent / "attcli-history.sqlite3"
    lock = lock_path(hist)
    assert lock.exists() and lock.stat().st_size == 0
    assert lock.stat().st_mode & 0o077 == 0
    assert not run_under_way(hist)
    code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-11", "-c", ws)
    assert code == 0, err
    with History(hist, write=True):
        assert run_under_way(hist)
        code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-14", "-c", ws)
        assert code == 1 and "another attcli run is writing to the history" in err, err
        assert err.count("\n") == 1
    with pytest.raises(AttcliError):  # (the same in this process: the OS lock, not the file)
        with History(hist, write=True), History(hist, write=True):
            pass
    lock.unlink()  # gone (deleted by hand): the next writer makes it again
    code, _, err = run_cli("case", "record", "R", "--action", "amber", "--date", "2026-09-15", "-c", ws)
    assert code == 0, err
    assert lock.exists()


REGISTER_SAYS = (
    "looked after (the register's Looked After column): no penalty notice to a local "
    "authority, which cannot be fined; a notice to a carer is the local authority's to "
    "decide: agree any step with the social worker and the Virtual School Head first"
)
COUNCIL_SAYS = (
    "Anyshire County Council is a local authority with parental responsibility (the "
    "pupil is looked after): the pack's parent is Ms Fay Foster, the carer the pupil "
    "lives with; a penalty notice cannot be issued to a local authority, and whether "
    "one goes to a foster carer is for the local authority (the Virtual School Head and "
    "the social worker) to decide"
)


def _pdf_text(path: Path) -> str:
    import pypdf

    return " ".join(
        " ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages
    )


@pytest.mark.parametrize(
    ("upn", "rows", "said"),
    [
        # FOST: the foster carer the only contact, the register's column Y (sweep handstage)
        ("FOST", "FOST,F1,Ms,Fay,Foster,Foster Carer,1,N,Y,,5 Elm Road,Anytown,AN1 5AB\n",
         REGISTER_SAYS),
        # LAC1: the council holds PR, the foster carer has care (sweep lac)
        ("LAC1", "LAC1,L1,,,Anyshire County Council,Local Authority,1,Y,N,,County Hall,Anytown,AN1 0AA\n"
         "LAC1,L2,Ms,Fay,Foster,Foster Carer,2,N,Y,,5 Elm Road,Anytown,AN1 5AB\n", COUNCIL_SAYS),
        # BIO: a mother with PR, the column N: nothing
        ("BIO", "BIO,B1,Mrs,Bea,Io,Mother,1,Y,Y,,1 Oak Road,Anytown,AN1 1AB\n", None),
    ],
)
def test_the_looked_after_sentence_is_on_the_pack_s_pages_and_in_its_json(
    tmp_path: Path, upn: str, rows: str, said: str | None
) -> None:
    """The sentence that a looked-after pupil's pack is the local authority's to decide
    (the Virtual School Head and the social worker) was a note of the run only: the pack
    printed and sent to the LA, or read from its JSON by a portal, lost it.  It is on the
    pack's first page, under the pupil ("Looked after"), and in the JSON
    (``pupil.looked_after``), whichever says it: the register's column or a council among
    the contacts; the run still says it.  A pupil not looked after: no such line, null."""
    import json

    from test_sweep_handstage import flat
    from test_sweep_lac import HEAD, _absent, _write

    contacts = _write(tmp_path, HEAD + rows)
    export = _absent(tmp_path, (upn,))  # (the Looked After column Y, BIO's N)
    config = make_workspace(tmp_path / "ws")
    common = (
        "evidence", upn, export, "--for", "penalty-notice", "--contacts", contacts,
        "--as-of", "2026-10-02", "--draft", "--force", "-c", config,
    )  # fmt: skip
    code, stdout, err = run_cli(*common, "-f", "json", "-o", tmp_path / "p.json")
    assert code == 0, err
    pack = json.loads((tmp_path / "p.json").read_text("utf-8"))
    assert pack["pupil"]["looked_after"] == said
    assert (said is not None and said in flat(stdout + err)) or said is None
    code, _, err = run_cli(*common, "-o", tmp_path / "p.pdf")
    assert code == 0, err
    text = _pdf_text(tmp_path / "p.pdf")
    first = " ".join(
        __import__("pypdf").PdfReader(tmp_path / "p.pdf").pages[0].extract_text().split()
    )
    if said is None:
        assert "Looked after" not in text and "Virtual School Head" not in text, text
    else:
        # (the register's sentence answers the row's label: "yes (the register's ...)",
        # sweep looks12)
        shown = said.replace("looked after (", "yes (", 1) if said.startswith("looked") else said
        assert "Looked after " + shown[:60] in first, first
        assert "Virtual School Head" in first, first


def test_a_penalty_notice_on_record_is_the_ladder_s_step_after_a_notice_to_improve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A school following seeds 000/001 (tests/test_sweep_nti.py's ladder: a notice to
    improve on the `pn` flag, then "Penalty-notice request to the LA" after it).  P's
    notice to improve of Mon 19/10 ran to Fri 20/11; 10 `O` 16-20 Nov: not improved
    (30/40 against 36/46), the request due from 21/11.  The LA issued the notice and the
    office recorded it with `pn record` on Wed 25/11: `cases` as of 27/11 and 11/12 still
    listed "Referrals to make: nti -> pn_request", a second request for a notice issued.
    A penalty notice on record after a notice to improve is the ladder's step after it:
    as of 27/11 P is at pn_request since 25/11 (its last step: nothing due).  Boundaries:
    as of 24/11 (before the notice) the request is due; the notice voided, due again; a
    notice with no notice to improve before it (a term-time holiday's) is no stage."""
    import json

    from test_sweep_nti import _case, _record, _school

    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    marks = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(5)}
    export, config, contacts = _school(tmp_path, marks)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    case = _case(export, config, "2026-11-23")
    assert (case["status"], case["due_stage"], case["due_from"]) == ("due", "pn_request", "2026-11-21")
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "CP", "--date", "2026-11-25", "--as-of",
        "2026-11-23", "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    case = _case(export, config, "2026-11-24")
    assert (case["status"], case["due_stage"]) == ("due", "pn_request"), case
    for day in ("2026-11-27", "2026-12-11"):
        case = _case(export, config, day)
        assert (case["stage"], case["since"], case["status"], case["due"]) == (
            "pn_request", "2026-11-25", "last", None
        ), case
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-11-27")
    assert code == 0, err
    assert "Referrals to make" not in out, out
    code, _, err = run_cli("pn", "void", "1", "--reason", "issued in error", "-c", config)
    assert code == 0, err
    case = _case(export, config, "2026-11-27")
    assert (case["status"], case["due_stage"]) == ("due", "pn_request"), case
    # a notice resting only on absence after the notice to improve's period (its notice
    # of Mon 7/09 ran 20 school days to Fri 2/10; the notice of 12/10 rests on 5-9 Oct):
    # no step of the ladder
    later = tmp_path / "later"
    later.mkdir()
    export, config, contacts = _school(later, marks)
    _record(config, "nti", dt.date(2026, 9, 7))
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "CP", "--date", "2026-10-12", "--as-of",
        "2026-10-09", "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    assert _case(export, config, "2026-10-16").get("stage") != "pn_request"
    # no notice to improve before it: the notice is no step of the ladder
    other = tmp_path / "other"
    other.mkdir()
    export, config, contacts = _school(other, marks)
    code, _, err = run_cli(
        "pn", "record", "P", export, "--parent", "CP", "--date", "2026-10-12", "--as-of",
        "2026-10-09", "--contacts", contacts, "-c", config,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-10-16", "--format", "json")
    assert code == 0, err
    assert all(c.get("stage") != "pn_request" for c in json.loads(out)["cases"]), out


def test_a_notice_to_improve_pack_says_to_record_the_notice_from_its_period_s_first_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack proposes the improvement period from the first school day after it is made
    (the notice sets its dates from when it is given), not from the register's as-of date:
    a pack made Fri 16/10 on the export as of Fri 9/10 proposes Mon 19/10 to Fri 20/11 (4
    school weeks, the October holiday no week of it); from the as-of date it would be 12/10
    to 13/11, a period begun before the parent was told of it.  The casebook counts the
    notice from the day it is recorded: the office recording it on the day the pack was
    made and given (16/10) was judged over 16/10 to 19/11, a school day before the
    notice's end (docs/evidence.md said "the same school weeks").  The run now says to
    record it from the period's first day, with the command; so recorded, `cases` judges
    the dates the notice gives (period_end 20/11)."""
    import json

    from test_sweep_nti import _case, _nti_pack, _record, _school

    export, config, contacts = _school(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    code, out, err = _nti_pack(export, config, contacts, as_of="2026-10-09")
    assert code == 0, err
    got = json.loads(out)["improvement"]
    assert (got["from"], got["to"]) == ("2026-10-19", "2026-11-20")
    said = " ".join(err.split())
    assert (
        "once the notice is given, record it as given on the first day of its improvement "
        "period, 19/10/2026: attcli case record P --action nti --date 2026-10-19 (attcli "
        "cases then judges the period the notice gives, 19/10/2026 to 20/11/2026)"
    ) in said, said
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    _record(config, "nti", dt.date(2026, 10, 16))  # (the day the pack was made: a day early)
    assert _case(export, config, "2026-11-19")["period_end"] == "2026-11-19"
    code, _, err = run_cli("case", "void", "1", "--reason", "dated the pack's day", "-c", config)
    assert code == 0, err
    _record(config, "nti", dt.date(2026, 10, 19))
    assert _case(export, config, "2026-11-19")["period_end"] == "2026-11-20"
