"""The office's slips the last round left (sweep of 6 December (ninth), slips8): a run
from a folder holding another school's ``attcli.toml``, a review by hand that says how its
outcome is recorded, the looked-after pupil's warning letter read by the foster carer."""

from __future__ import annotations

import json
from pathlib import Path

from clirun import run_cli


def test_a_run_from_another_schools_folder_names_the_school_its_history_knows(
    tmp_path: Path, monkeypatch
) -> None:
    """Riverside's folder (attcli.toml, Riverside Primary School, URN 100001) has one weekly
    run on record, as of Fri 25/09, of its 12 pupils A01..A12, and no letters yet. The
    office, in that folder, runs Elm's Arbor export (no school named in it: 12 pupils
    B01..B12, kept in Downloads) and Elm's contacts. `letters` wrote Elm's families'
    letters on Riverside's letterhead into Riverside's history without a word (its rule
    looked only at letters sent this year: none yet); `cme` said nothing. The history knows
    12 pupils, none in these exports nor the contacts: `letters` is refused in one line
    naming the school the workspace is for, how many pupils its history knows and the
    options that give the right one; `cme` and `check` say the same as a note. B01..B03: N
    all week of 28/09 (30 of 40 sessions attended, 75 %: red)."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    ws = make_workspace(tmp_path / "riverside", AUTUMN_HALF_TERMS).parent
    week = " ".join(["/\\"] * 5)
    ours = register({f"A{i:02}": " ".join([week] * 3) for i in range(1, 13)})
    exports = write_long_csv(ours, ws / "exports.csv", dob=True)
    monkeypatch.chdir(ws)  # (the workspace found as ./attcli.toml, as the office runs it)
    code, _, err = run_cli("check", exports, "--as-of", "2026-09-25", "--record")
    assert code == 0, err
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    theirs = register(
        {f"B{i:02}": " ".join([week] * 3 + (["N"] * 5 if i <= 3 else [week])) for i in range(1, 13)}
    )
    elm = write_long_csv(theirs, downloads / "arbor.csv", dob=True)
    book = contacts_file(
        downloads / "contacts.csv", [(f"B{i:02}", f"7{i}", "Mrs", "Pat", f"P{i}") for i in range(1, 13)]
    )
    history = ws / "attcli-history.sqlite3"
    before = history.read_bytes()
    whose = (
        f"this workspace ({ws}) is Riverside Primary School's (URN 100001), and none of the "
        "12 pupils its history knows (its run as of 25/09/2026) is in these exports "
        "(12 pupils)"
    )
    code, _, err = run_cli("letters", elm, "--contacts", book, "--out", tmp_path / "l", "--dry-run")
    said = " ".join(err.split())
    assert code == 1, said
    assert said == (
        f"error: no letters: {whose} or the contacts: these are another school's exports, "
        "whose letters would carry Riverside Primary School's letterhead; give that school's "
        "workspace (--workspace DIR, or --config FILE)"
    )
    assert history.read_bytes() == before and not (tmp_path / "l").exists()
    note = (
        f"note: {whose}: these are another school's exports (or a year group's its history "
        "has not seen); if so, give that school's workspace (--workspace DIR, or --config "
        "FILE)"
    )
    code, _, err = run_cli("cme", elm, "--days", "3")
    assert code == 0, err
    assert note in " ".join(err.split())
    code, out, err = run_cli("check", elm, "--format", "json")
    assert code == 0, err
    assert f"{note[6:]}; NEW compares with the check 7 days earlier, not with that run" in (
        json.loads(out)["warnings"]
    )
    # Riverside's own export of the next week, a new pupil among them: nothing said
    ours = register({f"A{i:02}": " ".join([week] * 4) for i in [*range(2, 13), 99]})
    code, _, err = run_cli("cme", write_long_csv(ours, ws / "exports.csv", dob=True), "--days", "3")
    assert code == 0 and "another school's" not in err, err
