"""Sweep mutnew17 (7 December, eighth): tests that kill the hand-made mutants of sweep
blind3's lines that no test caught (docs/decisions.md, "mutnew17").

The user folder's workspace is Riverside (URN 100001), its history written by hand; the
folder attcli runs from holds Oakfield Academy's attcli.toml (URN 100002), with no history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
TRUST = """
[schools.riv]
name = "Riverside Primary School"
urn = "100001"
files = ["riv-*.csv"]

[schools.oak]
name = "Oak Primary School"
urn = "100002"
files = ["oak-*.csv"]
"""


def _other_school(folder: Path, user: Path, name: str, urn: str) -> Path:
    """``folder/attcli.toml``: the user folder's config with the school's name and URN
    changed."""
    folder.mkdir()
    text = (user / "attcli.toml").read_text(encoding="utf-8")
    (folder / "attcli.toml").write_text(
        text.replace("100001", urn, 1).replace("Riverside Primary School", name), encoding="utf-8"
    )
    return folder / "attcli.toml"


def _riverside(user: Path) -> list[str]:
    """The user folder's workspace, Riverside, its history's runs as of 11/09 (3 pupils
    known, K01-K03), 18/09 (K01-K06) and 25/09 (K01-K30); returns K01-K30."""
    from attcli.store import History

    make_workspace(user, AUTUMN_HALF_TERMS)
    k = [f"K{i:02d}" for i in range(1, 31)]
    with History(user / "attcli-history.sqlite3", write=True) as store:
        for day, n in ((D(2026, 9, 11), 3), (D(2026, 9, 18), 6), (D(2026, 9, 25), 30)):
            store.add_snapshot(
                day, "reg.csv", [("", u, 9, 10, None, "", None, None, None) for u in k[:n]]
            )
    return k


def test_whose_pupils_needs_3_shared_and_most_of_those_known_or_10_most_of_the_exports(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """Riverside's history holds three runs: as of 11/09 it knew 3 pupils (K01-K03), as of
    18/09 6 (K01-K06), as of 25/09 30 (K01-K30); each as-of date below reads one of them.
    The rule (snapshots.users_school_line, sweep blind3): at least 3 of the exports'
    pupils known there, and more than half of those it knows, or 10 or more and more than
    half of the exports' pupils; and exports of fewer than 10 pupils are never judged.
    Worked by hand, each case at the edge of one comparison:
    - 11/09, knows 3: 2 of them among 12 exports -> None (2 < 3, though 2 is most of 3);
      all 3 -> said, "knows 3 of these exports' 12 pupils (of the 3 it knows".
    - 18/09, knows 6: 3 of them -> None (3 is half of 6, not most); 4 -> said.
    - 25/09, knows 30: 9 of 12 exports -> None (most of the exports, but under 10);
      10 of 12 -> said; 10 of 20 -> None (half the exports, not most).
    - 9 exports' pupils, all 3 known as of 11/09 among them -> None (under 10 pupils).
    The same name under a new URN (an academy conversion) is the same school: None; and a
    trust's workspace listing Riverside is not compared with it: None."""
    from attcli.config import load_config
    from attcli.snapshots import users_school_line

    user = no_user_workspace
    k = _riverside(user)
    cfg = load_config(_other_school(tmp_path / "other", user, "Oakfield Academy", "100002"))

    def line(shared: list[str], n: int, day: dt.date) -> str | None:
        upns = shared + [f"Q{i:02d}" for i in range(n - len(shared))]
        found = users_school_line(cfg, upns, day, 2026)
        return None if found is None else found[0]

    assert line(k[:2], 12, D(2026, 9, 11)) is None
    said = line(k[:3], 12, D(2026, 9, 11))
    assert said is not None and "knows 3 of these exports' 12 pupils (of the 3 it knows" in said
    assert line(k[:3], 12, D(2026, 9, 18)) is None
    assert line(k[:4], 12, D(2026, 9, 18)) is not None
    assert line(k[:9], 12, D(2026, 9, 25)) is None
    said = line(k[:10], 12, D(2026, 9, 25))
    assert said is not None and "knows 10 of these exports' 12 pupils (of the 30 it knows" in said
    assert line(k[:10], 20, D(2026, 9, 25)) is None
    assert line(k[:3], 9, D(2026, 9, 11)) is None
    converted = load_config(
        _other_school(tmp_path / "academy", user, "Riverside Primary School", "100009")
    )
    assert users_school_line(converted, k[:12], D(2026, 9, 25), 2026) is None
    # a trust's workspace, Riverside among its schools: its exports hold Riverside's pupils
    # as they should (the school's own workspace in the user folder is not "another's")
    trust = _other_school(tmp_path / "trust", user, "Anyshire Trust", "100009")
    trust.write_text(trust.read_text(encoding="utf-8") + TRUST, encoding="utf-8")
    assert users_school_line(load_config(trust), k[:12], D(2026, 9, 25), 2026) is None
    assert users_school_line(cfg, k[:12], D(2026, 9, 25), 2026) is not None


def test_a_history_that_knows_no_pupil_yet_is_compared_with_the_user_folder_s(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """Oakfield's folder holds a history that knows no pupil yet (made, nothing recorded:
    as a `case record` or last year's runs leave one): nothing of its own to compare
    the exports' pupils with, so, as with no history at all, the user folder's is asked
    (snapshots.refuse_strangers, ``knows_nobody``).  12 exports' pupils, K01-K03 among
    them, as of 11/09 (Riverside knows those 3): the letters are refused, naming the user
    folder."""
    import pytest

    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.snapshots import refuse_strangers_of
    from attcli.store import History

    user = no_user_workspace
    k = _riverside(user)
    cfg = load_config(_other_school(tmp_path / "other", user, "Oakfield Academy", "100002"))
    with History(tmp_path / "other" / "attcli-history.sqlite3", write=True):
        pass
    upns = k[:3] + [f"Q{i:02d}" for i in range(9)]
    with pytest.raises(
        AttcliError, match=r"^no letters: this workspace .* has no history yet"
    ) as e:
        refuse_strangers_of(cfg, upns, D(2026, 9, 11), what="letters",
                            would="letters would carry {}'s letterhead")  # fmt: skip
    assert f"(--workspace {user})" in str(e.value)


def test_a_history_that_knows_a_few_pupils_none_of_these_is_compared_with_the_user_folder_s(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """Oakfield's history knows 4 pupils (O01-O04, its run as of 04/09): too few for its
    own "another school's exports" rule (10, ``MANY_GONE``), and none of these exports'
    12 (K01-K03, which Riverside's history knows, and 9 others).  Neither rule spoke, and
    the letters went on Oakfield's letterhead; the user folder's history is asked as when
    Oakfield's knows nobody, and refuses them, saying what Oakfield's history knows.
    Exports holding one of Oakfield's 4 (O01) are its own: not asked, run."""
    import pytest

    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.snapshots import refuse_strangers_of
    from attcli.store import History

    user = no_user_workspace
    k = _riverside(user)
    cfg = load_config(_other_school(tmp_path / "other", user, "Oakfield Academy", "100002"))
    with History(tmp_path / "other" / "attcli-history.sqlite3", write=True) as store:
        store.add_snapshot(
            D(2026, 9, 4), "reg.csv",
            [("", f"O{i:02d}", 9, 10, None, "", None, None, None) for i in range(1, 5)],
        )  # fmt: skip
    upns = k[:3] + [f"Q{i:02d}" for i in range(9)]
    said = {"what": "letters", "would": "letters would carry {}'s letterhead"}
    with pytest.raises(AttcliError) as e:
        refuse_strangers_of(cfg, upns, D(2026, 9, 11), **said)
    assert str(e.value).startswith(
        f"no letters: this workspace ({tmp_path / 'other'}) is Oakfield Academy's (URN "
        f"100002) and its history knows none of these exports' pupils (it knows 4), but the "
        f"history of Riverside Primary School (URN 100001), the workspace in your user "
        f"folder ({user}), knows 3 of these exports' 12 pupils (of the 3 it knows"
    ), str(e.value)
    refuse_strangers_of(cfg, [*upns, "O01"], D(2026, 9, 11), **said)


def _recorded_after_the_export(tmp_path: Path) -> tuple[Path, Path]:
    """Friday 25/09's export (3 weeks from 07/09) of BEN, CAL and DAN, each absent (O) all
    the second week: 20 of 30 sessions, 66.7 %, red, the red letter due; ANNA present.
    After it, the office recorded BEN's red letter on 28/09, CAL's on 30/09, and an amber
    letter for DAN on 29/09 (not the step due).  Returns the workspace and the export."""
    from attcli.store import History
    from builders import register, write_long_csv

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)
    off = " ".join([week, "O O O O O", week])
    reg = register({"ANNA": " ".join([week] * 3), "BEN": off, "CAL": off, "DAN": off})
    exp = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    with History(tmp_path / "ws" / "attcli-history.sqlite3", write=True) as store:
        store.record_action("BEN", "red", D(2026, 9, 28))
        store.record_action("CAL", "red", D(2026, 9, 30))
        store.record_action("DAN", "amber", D(2026, 9, 29))
    return ws, exp


def test_cases_names_only_the_due_step_s_later_records_and_the_latest_as_of(
    tmp_path: Path, monkeypatch
) -> None:
    """:func:`_recorded_after_the_export`: `cases` on the export (as of 25/09) lists all
    three red letters as due, and its line names BEN's and CAL's (the red letter, the
    step due, recorded after 25/09) but not DAN's amber letter, and gives the --as-of that
    places both: 30/09, the later (28/09 would leave CAL's out)."""
    import json

    from clirun import run_cli

    ws, exp = _recorded_after_the_export(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-30")
    code, out, err = run_cli("cases", exp, "-c", ws, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [(r["upn"], r["status"], r["due_stage"]) for r in data["cases"]] == [
        ("BEN", "due", "red"),
        ("CAL", "due", "red"),
        ("DAN", "due", "red"),
    ]
    assert [w for w in data["warnings"] if "recorded after" in w] == [
        "2 steps listed as due were recorded after 25/09/2026, the day this casebook is as of, "
        "and are not counted in it: SurnameBEN, ForenameBEN (BEN): Red letter, 28/09/2026; "
        "SurnameCAL, ForenameCAL (CAL): Red letter, 30/09/2026; run cases on the newest "
        "export, or on this one with --as-of 2026-09-30"
    ]


def test_the_pupil_s_ladder_line_says_a_later_record_only_of_the_step_due_as_of_the_end(
    tmp_path: Path, monkeypatch
) -> None:
    """:func:`_recorded_after_the_export`: `pupil DAN` says nothing of a record after the
    export (his amber letter of 29/09 is not the red letter due); `pupil BEN --as-of
    2026-09-24` (a past date asked for: BEN 18 of 28 sessions, red, due) says nothing of
    the red letter of 28/09 either: what came after that date is left out knowingly, as
    `cases` does."""
    from clirun import run_cli

    ws, exp = _recorded_after_the_export(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-30")
    code, out, err = run_cli("pupil", "DAN", exp, "-c", ws)
    assert code == 0, err
    assert "Red letter due" in out and "recorded on" not in out
    code, out, err = run_cli("pupil", "BEN", exp, "-c", ws, "--as-of", "2026-09-24")
    assert code == 0, err
    assert "Red letter due" in out and "recorded on" not in out


def test_pn_record_for_a_new_year_group_s_export_with_the_school_s_contacts_is_recorded(
    tmp_path: Path, monkeypatch
) -> None:
    """Riverside's history knows K01-K12 (its run as of 18/09); the export is a new year
    group's alone, Q01-Q12 (none the history knows), Q12 absent (O) all the second week:
    10 unauthorised sessions, the penalty-notice threshold.  The contacts export is the
    school's whole, holding K01-K12 as well: the exports are this school's (sweep slips9's
    rule for the letters, which `pn record` asks as they do since sweep blind3), so the
    notice is recorded, not refused as another school's."""
    from attcli.store import History
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import contacts_file

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    k = [f"K{i:02d}" for i in range(1, 13)]
    q = [f"Q{i:02d}" for i in range(1, 13)]
    with History(tmp_path / "ws" / "attcli-history.sqlite3", write=True) as store:
        store.add_snapshot(
            D(2026, 9, 18), "reg.csv", [("", u, 9, 10, None, "", None, None, None) for u in k]
        )
    week = " ".join(["/\\"] * 5)
    marks = {u: " ".join([week] * 3) for u in q}
    marks["Q12"] = " ".join([week, "O O O O O", week])
    exp = write_long_csv(register(marks), tmp_path / "reg.csv", dob=True)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{u}", "Mrs", "Ann", u.title()) for u in k + q]
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-28")
    code, out, err = run_cli("pn", "record", "Q12", exp, "--contacts", contacts, "--parent",
                             "CQ12", "--date", "2026-09-28", "-c", ws)  # fmt: skip
    assert code == 0, err
    with History(tmp_path / "ws" / "attcli-history.sqlite3") as store:
        assert [n.upn for n in store.notices()] == ["Q12"]
