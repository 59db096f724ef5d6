"""Sweep: every attendance code, end to end, through every command (DOMAIN.md 1-7).

Each test is a register made by hand, its answer worked out from DOMAIN.md in the
docstring, and a fault attcli had on it.
"""

from __future__ import annotations

import json
from pathlib import Path

from attcli.check import check_register
from attcli.config import parse_config
from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

NO_CONFIG = parse_config("")


def test_a_pupil_whose_every_mark_is_z_is_prospective_not_a_pupil_with_no_mark(
    tmp_path: Path, monkeypatch  # noqa: ANN001
) -> None:
    """Mon 7 to Fri 18 Sep 2026: A present; PROSP is in the export with `Z` in all 20
    sessions (a prospective pupil, not yet on the admission register: an MIS exports its
    next admissions so).  DOMAIN.md 1: `Z` is outside the pupil's time on roll, not
    possible, so PROSP has no session on roll and is listed nowhere.  But `Z` is a mark
    written, the right one, and nothing is wrong in the register: the check put PROSP in
    its data-quality list ("problems in the register to fix in the MIS") as a pupil "with
    no mark at all", and `attcli pupil PROSP` said "in the exports with no mark at all
    (only blank cells)", though the export holds 20 marks for them."""
    present = " ".join(["/\\"] * 10)
    reg = register({"A": present, "PROSP": " ".join(["Z"] * 10), "B": " ".join(["_"] * 10)})
    result = check_register(reg, NO_CONFIG)
    assert result.pupils.get_column("upn").to_list() == ["A"]
    found = result.data_quality.select("kind", "upn").rows()
    assert found == [("no_marks", "B")]  # B: only blank cells, a pupil with no mark at all
    monkeypatch.chdir(tmp_path)
    export = write_long_csv(reg, Path("export.csv"), dob=True, groups=True)
    config = make_workspace(tmp_path / "ws")
    code, out, err = run_cli("check", export, "-c", config, "-f", "json")
    assert code == 0, err
    assert [(d["kind"], d["upn"]) for d in json.loads(out)["data_quality"]] == [("no_marks", "B")]
    code, out, err = run_cli("pupil", "PROSP", export, "-c", config)
    assert (code, " ".join(err.split())) == (
        1,
        "error: pupil 'PROSP' has no session on roll this school year up to 18/09/2026: "
        "every mark of theirs in the exports is Z (a prospective pupil, not yet on the "
        "admission register), from export.csv line 22",
    )
    code, out, err = run_cli("pupil", "B", export, "-c", config)
    assert (code, " ".join(err.split())) == (
        1,
        "error: pupil 'B' has no session on roll this school year up to 18/09/2026: in the "
        "exports with no mark at all (only blank cells)",
    )
