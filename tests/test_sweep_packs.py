"""Sweep "packs" (4 December, sixth): the penalty-notice request packs that went to the
local authority, and what the school knows of them after a correction (DOMAIN.md 5, 12).

P's register runs from Monday 7 September 2026 (the holiday 26-30 October); the pack is
made as of Friday 27 November, whose 10 school weeks run from Monday 14 September.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace
from test_sweep_evidence2 import HOLIDAY, P, _days

DATA = Path(__file__).parent / "data" / "packs"

#: 8 `O` Mon 16 to Thu 19 Nov, 2 on Mon 23 Nov: 10, the threshold
TEN = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(4)} | {
    dt.date(2026, 11, 23): "OO"
}


def _export(tmp_path: Path, name: str, last: dt.date, marks: dict[dt.date, str]) -> Path:
    days = _days(dt.date(2026, 9, 7), last)
    reg = register(
        {"A0": " ".join([P] * len(days)), "P": " ".join(marks.get(d, P) for d in days)},
        holidays=HOLIDAY,
    )
    return write_long_csv(reg, tmp_path / name, dob=True, groups=True)


def _school(tmp_path: Path) -> tuple[Path, Path]:
    config = make_workspace(tmp_path / "ws")
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    return config, contacts


def _pack(
    export: Path, config: Path | None, contacts: Path, *more: str | Path, as_of: str = "2026-11-27"
):
    cfg = ("-c", config) if config is not None else ()
    return run_cli(
        "evidence", "P", export, *cfg, "--contacts", contacts, "--for", "penalty-notice",
        "--as-of", as_of, *more,
    )  # fmt: skip


def _packs(config: Path) -> list[tuple]:
    from attcli.store import History

    with History(config.parent / "attcli-history.sqlite3") as store:
        return [
            (p.upn, p.parent_key, p.made_on, p.as_of, p.window, len(p.sessions))
            for p in store.evidence_packs()
        ]


def _said(lines: list[str]) -> list[str]:
    return [x for x in lines if "penalty-notice pack" in x and "marks changed since" in x]


def _check(export: Path, config: Path) -> list[str]:
    from attcli.check import check_register
    from attcli.config import load_config
    from attcli.loaders import load_exports

    cfg = load_config(config)
    return check_register(load_exports([export], cfg).register, cfg).warnings


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")


def test_a_pack_made_is_recorded_and_a_correction_below_the_threshold_says_withdraw(
    tmp_path: Path,
) -> None:
    """The office made P's penalty-notice pack on Mon 30/11 (10 `O` to 27/11, the
    threshold) and sent it to the LA. On 04/12 P's Mon 23/11 afternoon was found to be
    illness (`I`): 9. Nothing said the request went on figures no longer true until the
    LA's notice was recorded. Now the pack is recorded (pupil, parent, date made, window,
    its 10 sessions), and `check` and `pupil` name it: the session, 10 then, 9 now, below
    the threshold: withdraw the request. Boundary: a pack on an unchanged register is not
    said."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, out, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    assert "recorded" in err
    assert _packs(config) == [
        ("P", "id:CP", dt.date(2026, 11, 30), dt.date(2026, 11, 27),
         (dt.date(2026, 9, 14), dt.date(2026, 11, 27)), 10)
    ]  # fmt: skip
    same = _export(tmp_path, "same.csv", dt.date(2026, 12, 4), TEN)
    assert not _said(_check(same, config))
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 11, 23): "OI"})
    said = _said(_check(new, config))
    assert said == [
        "ForenameP SurnameP (P): the penalty-notice pack made 30/11/2026 (window 14/09/2026 to "
        "27/11/2026, to Mrs Ann Parent) rests on marks changed since: 1 session (23/11 PM O "
        "-> I); it counted 10 unauthorised sessions, the register now gives 9, below the "
        "threshold of 10: if the request went to the local authority, withdraw it"
    ], said
    code, out, err = run_cli("pupil", "P", new, "-c", config)
    assert code == 0, err
    assert said[0] in " ".join(out.split()), out
    assert said[0] not in " ".join(err.split()), err  # (said once, in the record)
    assert (
        "Penalty-notice packs made: 1 30/11/2026 to Mrs Ann Parent: window 14/09/2026 to "
        "27/11/2026, 10 unauthorised sessions"
    ) in " ".join(out.split()), out
    # (as of a day before the pack was made, it was not on record)
    code, out, err = run_cli("pupil", "P", new, "-c", config, "--as-of", "2026-11-27")
    assert code == 0, err
    assert "penalty-notice pack made" not in out + err and "packs made" not in out


def test_a_correction_that_leaves_the_threshold_met_says_changed_but_met(
    tmp_path: Path,
) -> None:
    """11 `O` (Tue 24/11 AM too), one made `I`: 10 now, still the threshold: said, as
    changed but still met (the LA must have the corrected figures)."""
    config, contacts = _school(tmp_path)
    eleven = TEN | {dt.date(2026, 11, 24): "O\\"}
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), eleven)
    code, _, err = _pack(old, config, contacts, "--format", "json", "-o", tmp_path / "p.json")
    assert code == 0, err
    assert [p[-1] for p in _packs(config)] == [11]
    new = _export(
        tmp_path, "new.csv", dt.date(2026, 12, 4), eleven | {dt.date(2026, 11, 24): "I\\"}
    )
    said = _said(_check(new, config))
    assert len(said) == 1, said
    assert "1 session (24/11 AM O -> I)" in said[0]
    assert said[0].endswith(
        "it counted 11 unauthorised sessions, the register now gives 10, still meeting the threshold "
        "of 10: if the request went to the local authority, send it the corrected figures"
    ), said[0]


def test_a_change_outside_the_pack_s_window_is_not_said(tmp_path: Path) -> None:
    """An `O` on Tue 8/09 (before the window's first day, 14/09) made `I`: the pack's
    figures are unchanged; nothing is said of the pack."""
    config, contacts = _school(tmp_path)
    early = TEN | {dt.date(2026, 9, 8): "OO"}
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), early)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    assert [p[-1] for p in _packs(config)] == [10]
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), early | {dt.date(2026, 9, 8): "II"})
    assert not _said(_check(new, config))
    both = early | {dt.date(2026, 9, 8): "II", dt.date(2026, 11, 16): "IO"}
    said = _said(_check(_export(tmp_path, "both.csv", dt.date(2026, 12, 4), both), config))
    assert len(said) == 1 and "1 session (16/11 AM O -> I)" in said[0], said


def test_a_draft_is_not_recorded_and_no_workspace_is_refused_as_before(tmp_path: Path) -> None:
    """A draft is no request: never recorded, and it says so in one line (no history is
    made for it). With no workspace the pack is refused as before (no history to say
    which notices went: a first notice would be a guess), no file written."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "--draft", "-o", tmp_path / "d.pdf")
    assert code == 0, err
    said = [x for x in err.splitlines() if "not recorded" in x]
    assert len(said) == 1 and "draft" in said[0], err
    assert not (config.parent / "attcli-history.sqlite3").exists()
    code, _, err = _pack(old, None, contacts, "-o", tmp_path / "p2.pdf")
    assert code == 1 and "no school workspace" in err
    assert not (tmp_path / "p2.pdf").exists()


def test_a_pack_whose_notice_is_recorded_is_said_by_the_notice_alone(tmp_path: Path) -> None:
    """The LA issued the notice (recorded with `pn record --as-of 27/11`): the correction
    is said of the notice (`check`'s notice line), not twice."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 11, 23): "OI"})
    assert len(_said(_check(new, config))) == 1  # (before the notice: the pack's line)
    code, _, err = run_cli(
        "pn", "record", "P", old, "-c", config, "--contacts", contacts, "--parent", "CP",
        "--date", "2026-11-30", "--as-of", "2026-11-27",
    )  # fmt: skip
    assert code == 0, err
    lines = _check(new, config)
    assert not _said(lines), lines
    assert [x for x in lines if x.startswith("penalty notice 1 about P")], lines


def test_a_version_17_history_migrates_with_every_row_unchanged(tmp_path: Path) -> None:
    """tests/data/packs/history-v17.sqlite3 was written by main's code before this sweep
    (0ad45175, version 17: `pn record P --parent CP --date 2026-10-05 --as-of 2026-10-02`
    on 10 `O` 14-18 Sep): a penalty notice to P's parent, its sessions, its audit row. Opened now it is
    version 18, its rows as they were, no pack on record; a pack made then is recorded."""
    from attcli.store import SCHEMA_VERSION, History

    config, contacts = _school(tmp_path)
    path = config.parent / "attcli-history.sqlite3"
    shutil.copyfile(DATA / "history-v17.sqlite3", path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("17",)
        old = {
            t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall()  # noqa: S608
            for t in ("penalty_notices", "notice_sessions", "letters", "audit")
        }
    db.close()
    assert old["penalty_notices"] and old["notice_sessions"]
    with History(path) as store:
        assert store.version() == SCHEMA_VERSION >= 18
        assert store.migrated_from == 17
        assert store.evidence_packs() == []
    with sqlite3.connect(path) as db:
        for t, rows in old.items():
            assert db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() == rows  # noqa: S608
    db.close()
    # (the notice covered 14-18 Sep's 10 `O`: in the window, not counted again)
    sept = {dt.date(2026, 9, 14) + dt.timedelta(days=i): "OO" for i in range(5)}
    export = _export(tmp_path, "e.csv", dt.date(2026, 11, 27), sept | TEN)
    code, out, err = _pack(export, config, contacts, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["this_notice"].startswith("second")
    assert [p[-1] for p in _packs(config)] == [10]


def test_a_pupil_merge_moves_the_packs_made_under_the_old_upn(tmp_path: Path) -> None:
    """A pack made under a temporary UPN moves with the child's other records (`pupil
    merge`), so a correction is said under the permanent one; a merge of a pupil with no
    pack says nothing of packs (its line as before)."""
    from attcli.store import History, Parent

    with History(tmp_path / "h.sqlite3", write=True) as store:
        store.record_pack(
            school="", upn="A99999999999T", pupil_name="Ann", parent=Parent("id:1", "Mrs X"),
            kind="penalty-notice", made_on=dt.date(2026, 11, 30), as_of=dt.date(2026, 11, 27),
            window=(dt.date(2026, 9, 14), dt.date(2026, 11, 27)), threshold=10,
            sessions=[(dt.date(2026, 11, 16), "AM", "O")], marks="{}",
        )  # fmt: skip
        store.record_action("B99999999999T", "amber", dt.date(2026, 11, 2))
        moved = store.merge_pupil("A99999999999T", "A123456789012")
        assert moved["penalty-notice packs"] == 1
        assert [p.upn for p in store.evidence_packs()] == ["A123456789012"]
        assert "penalty-notice packs" not in store.merge_pupil("B99999999999T", "B123456789012")


def test_pn_record_names_the_pack_on_record_when_its_window_is_not_the_pack_s(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LA's notice came on 07/12, on the pack made 30/11 as of 27/11 (10 `O`); P was
    off unauthorised again on Tue 01/12 (2 `O`). Recorded without `--as-of`, the notice
    covered the window to 07/12: 12 sessions, 2 of them after the request, which could
    then never support another notice; unsaid though the pack is on record. Now `pn
    record` names the pack and its as-of date. Boundary: with that --as-of (the pack's 10
    sessions), nothing is said of the pack."""
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    code, _, err = _pack(old, config, contacts, "-o", tmp_path / "pack.pdf")
    assert code == 0, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    new = _export(tmp_path, "new.csv", dt.date(2026, 12, 4), TEN | {dt.date(2026, 12, 1): "OO"})

    def record(*more: str) -> str:
        code, out, err = run_cli(
            "pn", "record", "P", new, "-c", config, "--contacts", contacts, "--parent", "CP",
            "--date", "2026-12-07", *more,
        )  # fmt: skip
        assert code == 0, err
        return " ".join((out + err).split())

    said = record()
    assert (
        "the penalty-notice pack on record to Mrs Ann Parent about P was made 30/11/2026 as "
        "of 27/11/2026 (10 sessions), and this notice covers the window to 07/12/2026 (12 "
        "sessions, 2 not the pack's): if the notice was "
        "issued on that request, void this one (attcli pn void 1) and record it again with "
        "--as-of 2026-11-27"
    ) in said, said
    code, _, err = run_cli("pn", "void", "1", "-c", config, "--reason", "wrong window")
    assert code == 0, err
    assert "penalty-notice pack on record" not in record("--as-of", "2026-11-27")


def test_a_pack_from_exports_older_than_a_pack_on_record_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pack 1 was made on 07/12 from the export to 04/12 (P's Mon 23/11 afternoon `I`
    there, 2 more `O` on Tue 01/12: 11). A second pack, as of 27/11, from the export the
    office saved on 27/11 (23/11 PM `O`: 10) was "complete", though the history held the
    newer register pack 1 rests on, which marks that session `I` (as a letter's kept marks
    already made it incomplete, sweep corrections3). Now it is a problem naming the
    session. Boundary: from the newer export itself, no such problem."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-07")
    config, contacts = _school(tmp_path)
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    new = _export(
        tmp_path, "new.csv", dt.date(2026, 12, 4),
        TEN | {dt.date(2026, 11, 23): "OI", dt.date(2026, 12, 1): "OO"},
    )  # fmt: skip
    code, _, err = _pack(new, config, contacts, "-o", tmp_path / "1.pdf", as_of="2026-12-04")
    assert code == 0, err
    code, out, err = _pack(old, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["complete"] is False
    assert doc["problems"] == [
        "these exports end 27/11/2026, and the register the penalty-notice pack of "
        "07/12/2026 was made from (to 04/12/2026) marks 1 of the pack's sessions otherwise "
        "(23/11 PM O -> I): corrected since these exports; make the pack from the newest export"
    ], doc["problems"]
    code, out, err = _pack(new, config, contacts, "--format", "json", "--draft")
    assert code == 0, err
    assert not [p for p in json.loads(out)["problems"] if "these exports end" in p]


def test_the_pupil_record_says_a_letter_on_changed_marks_once(tmp_path: Path) -> None:
    """`attcli pupil RED` said the red letter resting on marks changed since twice: in the
    record (under the letters) and again among its notes (the check's line). Once now."""
    from attcli.pupil import pupil_record
    from test_letters import contacts_for, make_config, run
    from test_sweep_corrections3 import RED_I, RED_O

    run(tmp_path, register({"RED": RED_O}), contacts=contacts_for(["RED"], tmp_path))
    rec = pupil_record(register({"RED": RED_I}), make_config(tmp_path), "RED")
    assert len(rec.letters_changed) == 1
    assert not [w for w in rec.warnings if w in rec.letters_changed], rec.warnings


def test_a_pack_from_a_copy_of_the_config_elsewhere_does_not_start_a_second_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_workspace: Path
) -> None:
    """The school's workspace is the user folder's, with its history. attcli.toml copied
    to the Desktop makes the Desktop the workspace: the pack would be recorded in a new
    history there, which the weekly check (run in the user folder) never reads: a pack
    sent, and its correction never said. Refused, as letters and `pn record` are (sweep
    history), before anything is written; a draft (not recorded) is made as before."""
    from attcli.store import History

    user = no_user_workspace
    make_workspace(user)
    with History(user / "attcli-history.sqlite3", write=True):
        pass
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    old = _export(tmp_path, "old.csv", dt.date(2026, 11, 27), TEN)
    desk = tmp_path / "Desktop"
    desk.mkdir()
    (desk / "attcli.toml").write_bytes((user / "attcli.toml").read_bytes())
    monkeypatch.chdir(desk)
    code, _, err = _pack(old, None, contacts, "-o", desk / "pack.pdf")
    assert code == 1, err
    assert "has no history yet, but the workspace in your user folder" in " ".join(err.split())
    assert not (desk / "pack.pdf").exists() and not (desk / "attcli-history.sqlite3").exists()
    code, _, err = _pack(old, None, contacts, "--draft", "-o", desk / "draft.pdf")
    assert code == 0, err
    assert not (desk / "attcli-history.sqlite3").exists()
