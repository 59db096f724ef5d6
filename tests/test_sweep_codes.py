"""Sweep: every attendance code, end to end, through every command (DOMAIN.md 1-7).

Each test is a register made by hand, its answer worked out from DOMAIN.md in the
docstring, and a fault attcli had on it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from attcli.check import check_register
from attcli.config import parse_config
from attcli.errors import ConfigError
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


def test_a_blank_cell_on_the_last_afternoon_is_said_as_a_blank_cell_not_a_missing_row() -> None:
    """Mon 7 to Fri 18 Sep 2026: A present throughout; B present but for Fri 18 Sep PM, a
    row in the export with a blank cell (B's form register not yet taken).  The school's
    last day is 18 Sep, so B is on roll that afternoon ("The last afternoon", decisions):
    a missing mark, 19 of 19 possible (the PM left out), 1 missing mark.  The row is there
    (line 41), its cell blank: the data-quality list said "no row in the exports"
    (`missing_row`), sending the office to look for a row the export has."""
    present = ["/\\"] * 10
    reg = register({"A": " ".join(present), "B": " ".join(present[:9] + ["/_"])})
    result = check_register(reg, NO_CONFIG)
    b = result.pupils.filter(pl.col("upn") == "B").row(0, named=True)
    assert (b["possible"], b["attended"], b["missing_marks"]) == (19, 19, 1)
    assert result.data_quality.select("kind", "upn", "date", "session", "detail").rows() == [
        ("missing_mark", "B", dt.date(2026, 9, 18), "PM", "blank cell in test line 41")
    ]


def test_a_sub_code_is_an_mis_s_own_code_and_its_parent_is_read_as_marks_are() -> None:
    """DOMAIN.md 1: MIS sub-codes count as their parent code, configurable.  Three slips
    in `[codes.subcodes]`:
    - `I02 = "i"`: marks are read upper-cased (`i` is `I`, decisions) and so is the
      sub-code (`i02 = "I"` was taken), but the parent in lower case was refused, with no
      word of what is valid.  Read as `I`.
    - `I09 = "II"`: no code; the message now says where the valid ones are, as the other
      code lists' messages do.
    - `L = "/"`: a national code given as a sub-code silently took every late arrival out
      of the lates (a pupil with 2 `L` and 2 `U` had 2 lates, not 4), and `N = "I"` would
      make every unexplained absence illness: a national code counts as itself (DOMAIN.md
      1), so it is refused, naming it and what it means.
    - `I09 = ["I"]` (a list) was a TypeError's traceback."""
    assert parse_config('[codes.subcodes]\nI02 = "i"').subcodes["I02"] == "I"
    with pytest.raises(ConfigError) as exc:
        parse_config('[codes.subcodes]\nI09 = "II"')
    assert str(exc.value) == (
        "config key 'codes.subcodes.I09': 'II' is not an attendance code; see `attcli codes` "
        "for the valid ones"
    )
    with pytest.raises(ConfigError) as exc:  # (a TypeError's traceback before)
        parse_config("[codes.subcodes]\nI09 = ['I']")
    assert "'codes.subcodes.I09': ['I'] is not an attendance code; see" in str(exc.value)
    for key, value, meaning in (
        ("L", "/", "Late arrival before the register closed"),
        ("n", "I", "Reason for absence not yet established"),
        ("H", "C", "Holiday authorised by the school (pre-2024)"),
    ):
        with pytest.raises(ConfigError) as exc:
            parse_config(f'[codes.subcodes]\n{key} = "{value}"')
        assert str(exc.value) == (
            f"config key 'codes.subcodes.{key}': {key.upper()!r} is an attendance code "
            f"({meaning}), not an MIS sub-code: it counts as itself; give only your MIS's "
            "own codes (such as I01) here"
        )


def test_a_config_s_code_lists_are_read_as_marks_are():
    """Marks and `hold_codes` are trimmed and upper-cased (`n` is `N`); the policy
    sections' code lists refused `["l", "u"]` as unknown codes. Now read the same way."""
    from attcli.config import parse_config

    cfg = parse_config(
        '[lateness]\ncodes = ["l", " u"]\n[cme]\ncodes = ["n", "o"]\n'
        '[penalty_notice]\ncodes = ["g", "N"]\n[sickness]\ncodes = ["i"]\n'
    )
    assert cfg.late_codes == ("L", "U")
    assert cfg.cme_codes == ("N", "O")
    assert cfg.pn_codes == ("G", "N")
    assert cfg.sickness_codes == ("I",)


def test_the_evidence_pack_calls_a_present_mark_present_in_either_session():
    """`/` is the regulations' "Present (AM)" and `\\` "Present (PM)", but MIS exports write
    `/` for both sessions; the pack's table, with the session in its own column, said
    "PM / Present (AM)". Either mark is "Present" there."""
    from attcli.evidence.build import meaning

    assert meaning("/") == meaning("\\") == "Present"
    assert meaning("N") == "Reason for absence not yet established"
