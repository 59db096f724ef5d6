"""Sweep mutnew19 (7 December, ninth): tests that kill the hand-made mutants of the last
round's final lines that no test caught (docs/decisions.md, "mutnew19"): blind5's filled
sessions and ladder words, the merge's user-folder lines, blind3's `_recorded_after`.
Every expected value below was worked by hand from the data each test makes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date


def test_filled_sessions_are_the_unmarked_ones_of_5_pupils_or_more_and_only_those(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten pupils from Monday 7 September; the first export made on Monday 14 September at
    lunchtime, the second to Friday 18 September.
    - 14/09 PM: no mark for all 10 in the first (the lunchtime), marked in the second.
    - 11/09 PM: no mark for P01-P05 in the first (5 pupils, exactly
      ``FILLED_TOGETHER``), and P06 `N` there, given `O` in the second: the five are one
      line; P06's `N -> O`, in the same session and file, is a correction all the same.
    - 10/09 PM: P06-P10 `N` in the first (a class out), given `V` in the second: five
      corrections of a mark, never "no mark for 5 pupils".
    So: corrections 5 (10/09) + 1 (P06 11/09) = 6, none `- -> /`; two "no mark" lines,
    11/09 (5 pupils) before 14/09 (10 pupils)."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    ws = tmp_path / "ws"
    make_workspace(ws, AUTUMN_HALF_TERMS)
    early: dict[str, str] = {}
    late: dict[str, str] = {}
    for i in range(1, 6):
        early[f"P{i:02d}"] = "/ / / / /_ /_"
        late[f"P{i:02d}"] = " ".join(["/"] * 10)
    early["P06"] = "/ / / /N /N /_"
    late["P06"] = "/ / / /V /O / / / / /"
    for i in range(7, 11):
        early[f"P{i:02d}"] = "/ / / /N / /_"
        late[f"P{i:02d}"] = "/ / / /V / / / / / /"
    a = write_long_csv(register(early), tmp_path / "to-14-09-lunchtime.csv")
    b = write_long_csv(register(late), tmp_path / "to-18-09.csv")
    code, out, err = run_cli("--workspace", ws, "check", a, b)
    assert code == 0, err
    text = " ".join(out.split())
    assert "- -> " not in text, out
    assert (
        "register corrections (a later export's code replaces an earlier N, or marks a "
        "session it left unmarked): 6"
    ) in text, out
    assert "(P06): 11/09/2026 PM: N -> O" in text, out
    assert text.count(": 10/09/2026 PM: N -> V") == 5, out
    filled = re.findall(r"(\d\d/\d\d/\d{4} [AP]M): no mark for (\d+) pupils in an earlier", text)
    assert filled == [("11/09/2026 PM", "5"), ("14/09/2026 PM", "10")], out


def test_a_week_recorded_again_where_one_pupil_s_figures_moved_says_figures_and_off_the_ladder(
    tmp_path: Path,
) -> None:
    """The same week recorded twice (snapshots.runs_beside): A01's figures moved (36/40, 4
    unauthorised -> 35/40, 5: a correction), B01's did not (30/34, 4 unauthorised) but B01
    came onto the ladder (off it, then the amber letter due).  Not every pupil's figures
    are the same, so the line says "figures differ" of A01, and (sweep blind9) B01 apart,
    after it, as a place on the ladder, in B01's own words, from "off the ladder" (no
    stage)."""
    from attcli.snapshots import runs_beside, store_snapshot

    path = tmp_path / "attcli-history.sqlite3"
    as_of = D(2026, 10, 23)
    a_then = ("", "A01", 36, 40, "red", ["band:red"], "red", "due", 4)
    a_now = ("", "A01", 35, 40, "red", ["band:red"], "red", "due", 5)
    b_then = ("", "B01", 30, 34, "amber", ["band:amber"], None, None, 4)
    b_now = ("", "B01", 30, 34, "amber", ["band:amber"], "amber", "due", 4)
    store_snapshot(path, as_of, ["w.csv"], [a_then, b_then])
    sid = store_snapshot(path, as_of, ["w.csv"], [a_now, b_now])
    later, said = runs_beside(path, as_of, "", sid)
    assert later is None
    assert said is not None and said.endswith(
        "which it replaces: 1 pupil's figures differ from it: A01 was red (36/40, 4 "
        "unauthorised), is red (35/40, 5 unauthorised); and 1 more pupil's place on the "
        "ladder differs from it (the same figures: a letter sent or an action recorded "
        "since): B01: off the ladder, now step amber due"
    ), said


def test_a_step_recorded_twice_after_the_casebook_s_date_is_named_by_its_first_record() -> None:
    """cases.run._recorded_after as of Friday 25/09: BEN's red letter (the step due) was
    recorded on Monday 28/09 and again on Thursday 01/10 (a copy to the other parent); CAL's
    on 30/09; DAN's amber letter on 29/09 is not the step due (red); EVE has no step due.
    The line names BEN's first record, 28/09 (the one that placed the step), and the
    --as-of that places both, 30/09 (CAL's); 01/10 would be a later record of a step
    already done."""
    from attcli.cases.run import _recorded_after

    red = SimpleNamespace(name="red", title="Red letter")

    def row(upn: str, due: object) -> SimpleNamespace:
        return SimpleNamespace(name=upn.title(), upn=upn, case=SimpleNamespace(due_stage=due))

    rows = [row("BEN", red), row("CAL", red), row("DAN", red), row("EVE", None)]
    records = {
        "BEN": [("red", D(2026, 9, 28)), ("red", D(2026, 10, 1))],
        "CAL": [("red", D(2026, 9, 30))],
        "DAN": [("amber", D(2026, 9, 29))],
        "EVE": [("red", D(2026, 9, 29))],
    }
    assert _recorded_after(rows, records, D(2026, 9, 25)) == (  # type: ignore[arg-type]
        "2 steps listed as due were recorded after 25/09/2026, the day this casebook is as "
        "of, and are not counted in it: Ben (BEN): Red letter, 28/09/2026; Cal (CAL): Red "
        "letter, 30/09/2026; run cases on the newest export, or on this one with --as-of "
        "2026-09-30"
    )


def _user_folder_and(user: Path) -> list[str]:
    """The user folder's workspace, Riverside (URN 100001), its history's run as of 11/09
    knowing K01-K12; returns those 12 UPNs (the exports' pupils below)."""
    from attcli.store import History

    make_workspace(user, AUTUMN_HALF_TERMS)
    k = [f"K{i:02d}" for i in range(1, 13)]
    with History(user / "attcli-history.sqlite3", write=True) as store:
        store.add_snapshot(
            D(2026, 9, 11), "reg.csv", [("", u, 9, 10, None, "", None, None, None) for u in k]
        )
    return k


def _config(folder: Path, name: str, urn: str) -> Path:
    """``folder/attcli.toml``: Riverside's config with the school's name and URN changed."""
    folder.mkdir(exist_ok=True)
    text = make_workspace(folder, AUTUMN_HALF_TERMS).read_text(encoding="utf-8")
    (folder / "attcli.toml").write_text(
        text.replace('"100001"', f'"{urn}"', 1).replace(
            '"Riverside Primary School"', f'"{name}"', 1
        ),
        encoding="utf-8",
    )
    return folder / "attcli.toml"


def test_the_user_folder_s_init_placeholders_are_no_name_and_no_urn(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """The line comparing the exports' 12 pupils with the user folder's history, which
    knows all 12 (snapshots.users_school_line), from Oakfield Academy's workspace (URN
    100002).  The user folder's config as `attcli init` left it: a school name still
    "FILL IN: school name" is no name ("the school (URN 100001)"); a URN still "FILL IN:
    URN" is no URN ("Riverside Primary School", nothing after it).  And a workspace whose
    own name is still the placeholder is "this school": "this workspace (F) whose history
    knows none of these exports' pupils (it knows 4)"."""
    from attcli.config import load_config
    from attcli.snapshots import users_school_line

    user = no_user_workspace
    k = _user_folder_and(user)
    oak = load_config(_config(tmp_path / "oak", "Oakfield Academy", "100002"))

    def said(cfg: object, own: int = 0) -> str:
        found = users_school_line(cfg, k, D(2026, 9, 11), 2026, own=own)  # type: ignore[arg-type]
        assert found is not None
        return found[0]

    riverside = (user / "attcli.toml").read_text(encoding="utf-8")
    _config(user, "FILL IN: school name", "100001")
    assert (
        f"but the history of the school (URN 100001), the workspace in your user folder ({user}), "
        "knows 12 of these exports' 12 pupils"
    ) in said(oak)
    _config(user, "Riverside Primary School", "FILL IN: URN")
    assert (
        f"but the history of Riverside Primary School, the workspace in your user folder ({user})"
        in said(oak)
    )
    (user / "attcli.toml").write_text(riverside, encoding="utf-8")
    nameless = load_config(_config(tmp_path / "new", "FILL IN: school name", "100002"))
    assert said(nameless, own=4).startswith(
        f"this workspace ({tmp_path / 'new'}) whose history knows none of these exports' "
        "pupils (it knows 4), but the history of Riverside Primary School (URN 100001)"
    )


def test_the_user_folder_is_asked_once_and_a_school_s_own_run_reads_its_pupils_once(
    tmp_path: Path, no_user_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge review's point (38803e34): the user folder's workspace is asked once a
    refusal or a note, its answer handed on (``other=``), not asked again by
    users_school_line; and a school's own run (Riverside's exports, from Riverside's
    workspace, the user folder's own) reads the pupils its history knows once, for its own
    rule, never again for the user folder's (asked only when that is another school's)."""
    from attcli import store
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.snapshots import refuse_strangers_of, users_school_note
    from builders import count_calls

    user = no_user_workspace
    k = _user_folder_and(user)
    oak = load_config(_config(tmp_path / "oak", "Oakfield Academy", "100002"))
    asked: list[int] = []
    real = store.user_folder_other_school

    def counting(config: object) -> object:
        asked.append(1)
        return real(config)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "user_folder_other_school", counting)
    said = {"what": "letters", "would": "letters would carry {}'s letterhead"}
    with pytest.raises(AttcliError, match="^no letters: this workspace"):
        refuse_strangers_of(oak, k, D(2026, 9, 11), **said)
    assert len(asked) == 1
    assert users_school_note(oak, k, D(2026, 9, 11)) is not None
    assert len(asked) == 2
    rows = count_calls(monkeypatch, store.History, "snapshot_rows")
    refuse_strangers_of(load_config(user / "attcli.toml"), k, D(2026, 9, 11), **said)
    assert len(rows) == 1


def test_two_schools_whose_urns_are_both_still_init_s_placeholder_are_not_one_school(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """The user folder's Riverside and a working folder's Oakfield Academy, each made by
    `attcli init` without a URN ("FILL IN: URN" in both): two schools by name, not one by
    a URN neither has.  Oakfield's first letters were refused "the workspace in your user
    folder keeps the history of the same school (URN FILL IN: URN)", sending the office to
    Riverside's workspace, and Riverside's exports run from Oakfield's folder were never
    compared with Riverside's history.  A copy of Riverside's own config (the same name,
    the URN still the placeholder, or filled in on the copy alone) is the same school."""
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.store import no_second_history, user_folder_other_school

    user = no_user_workspace
    _user_folder_and(user)
    _config(user, "Riverside Primary School", "FILL IN: URN")
    oak = load_config(_config(tmp_path / "oak", "Oakfield Academy", "FILL IN: URN"))
    no_second_history(oak, "letters")
    found = user_folder_other_school(oak)
    assert found is not None and found[0] == "Riverside Primary School", found
    copy = load_config(_config(tmp_path / "desktop", "Riverside Primary School", "FILL IN: URN"))
    with pytest.raises(AttcliError, match=r"the same school \('Riverside Primary School'\)"):
        no_second_history(copy, "letters")
    # the URN filled in on the Desktop's copy alone: still Riverside, by name (it was
    # "another school" by a URN against a placeholder, and a second history began)
    filled_in = load_config(_config(tmp_path / "desktop2", "Riverside Primary School", "100001"))
    with pytest.raises(AttcliError, match=r"the same school \(URN 100001\)"):
        no_second_history(filled_in, "letters")


def test_a_school_s_own_workspace_with_init_s_urn_below_a_trust_listing_it_is_refused(
    tmp_path: Path,
) -> None:
    """A trust's folder lists Riverside ([schools.riv], URN 100001); a workspace of
    Riverside's own below it, made by `attcli init` without the URN ("FILL IN: URN"): the
    school by its name, so its letters are refused as the trust's records' (sweep
    "trust"), naming the school by name.  It was "another school" (a placeholder against
    100001), and letters the trust had sent could go again from it."""
    from attcli.config import load_config
    from attcli.errors import AttcliError
    from attcli.store import separate_from_trust

    trust = tmp_path / "trust"
    make_workspace(trust, '\n[schools.riv]\nname = "Riverside Primary School"\nurn = "100001"\n')
    own = load_config(_config(trust / "riverside", "Riverside Primary School", "FILL IN: URN"))
    with pytest.raises(
        AttcliError,
        match=r"^this workspace's school \('Riverside Primary School'\) is also \[schools\.riv\]",
    ):
        separate_from_trust(own, "letters")


def test_the_notes_ask_the_user_folder_s_letters_of_the_as_of_date_s_school_year(
    tmp_path: Path, no_user_workspace: Path
) -> None:
    """The user folder's Riverside knows K01-K12 only by its Autumn 1 letters of 2026/27
    (sent 10/09/2026, no run on record); Oakfield Academy's workspace has no history.  The
    notes of `cme` (snapshots.strangers_note) and `check` (users_school_note) as of
    11/09/2026 ask that school year's letters (2026, the year the merge moved out of the
    `if` in strangers_note): "knows 12 of these exports' 12 pupils (of the 12 it knows:
    its letters this school year)".  Of 2027/28 they would know nobody, and say nothing."""
    from attcli.config import load_config
    from attcli.snapshots import strangers_note, users_school_note
    from attcli.store import History

    user = no_user_workspace
    make_workspace(user, AUTUMN_HALF_TERMS)
    k = [f"K{i:02d}" for i in range(1, 13)]
    with History(user / "attcli-history.sqlite3", write=True) as store:
        for upn in k:
            store.finish_letter(
                store.begin_letter(
                    school="", upn=upn, template="amber", band="amber", half_term="Autumn 1",
                    half_term_start="2026-09-07", academic_year=2026, recipient="C1", stage=1,
                    letter_date="2026-09-10", out_dir="letters", file=f"{upn}.pdf",
                    pupil_name="", contact_name="", address="", email="",
                ),
                "0" * 64,
            )  # fmt: skip
    oak = load_config(_config(tmp_path / "oak", "Oakfield Academy", "100002"))
    said = "knows 12 of these exports' 12 pupils (of the 12 it knows: its letters this school year)"
    for note in (strangers_note, users_school_note):
        line = note(oak, k, D(2026, 9, 11))
        assert line is not None and said in line, (note, line)
