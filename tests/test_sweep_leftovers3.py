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
    # the open is closed at the end: the file can be moved away (nothing holds it)
    monkeypatch.undo()
    from attcli import store

    assert not store._shared


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
        assert "Looked after " + said.split(":")[0] in first or said[:60] in first, first
        assert "Virtual School Head" in first, first
