"""What a person sees of the ninth round's new lines (sweep of 6 December (ninth), looks15):
read at 80 columns as the office would."""

from __future__ import annotations

from pathlib import Path

from clirun import run_cli


def test_another_schools_exports_are_said_once_where_no_run_is_stored(tmp_path: Path) -> None:
    """Riverside's workspace has one run on record, as of 25/09, of its 12 pupils A01..A12;
    Elm's export (B01..B12) is checked with `--record`, and `cases` run on it.  Each said
    the long line naming the workspace's school (slips8's, six lines at 80 columns) twice:
    in the note on NEW and again in "not recorded: ...".  Said once; the second note
    says only why nothing is stored and what to record."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)
    ours = register({f"A{i:02}": " ".join([week] * 3) for i in range(1, 13)})
    code, _, err = run_cli("check", write_long_csv(ours, tmp_path / "a.csv", dob=True), "-c", ws,
                           "--as-of", "2026-09-25", "--record")  # fmt: skip
    assert code == 0, err
    theirs = write_long_csv(
        register({f"B{i:02}": " ".join([week] * 4) for i in range(1, 13)}), tmp_path / "b.csv", dob=True
    )
    whose = "none of the 12 pupils its history knows (its check recorded as of 25/09/2026)"
    stored = (
        "not recorded: no pupil of the check on record is in these exports; record a check "
        "only of the whole school's exports, in its own workspace"
    )
    for args in (("check", "--record"), ("cases",)):
        code, out, err = run_cli(args[0], theirs, "-c", ws, "--as-of", "2026-10-02", *args[1:], width=80)
        said = " ".join((out + err).split())
        assert code == 0, said
        assert said.count(whose) == 1 and stored in said, said


def test_a_form_sheet_s_refusal_says_the_rule_layouts8_reads_by(tmp_path: Path) -> None:
    """Since layouts8 only a sheet named as a form is read as its form's ("Sheet1" and
    "Sheet2" are one register in parts), but the refusal of "Year 7 - 7B" holding a 7C
    pupil still said "a workbook whose sheets have the same headings is read a sheet a
    form, each sheet's name its pupils' form" (the name is 'Year 7 - 7B', the form 7B);
    and three sheets were named "'7A' and 'Year 7 - 7B' and 'Sheet1'"."""
    import pytest

    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_layouts8 import _DAYS, _book

    sheets = {"Sheet1": [(1, _DAYS)], "Year 7 - 7B": [(2, _DAYS)]}
    with pytest.raises(InputError) as info:
        load_registers([_book(tmp_path / "b.xlsx", sheets, {"Sheet1": "7A", "Year 7 - 7B": "7C"})])
    assert (
        "sheet 'Year 7 - 7B' holds a pupil of form '7C': a sheet named as a form ('7B') is "
        "read as that form's register"
    ) in str(info.value)
    three = {"7A": [(1, _DAYS)], "Year 7 - 7B": [(2, _DAYS)], "Sheet1": [(3, _DAYS)]}
    said = " ".join(" ".join(load_registers([_book(tmp_path / "c.xlsx", three)]).warnings).split())
    assert "sheets '7A', 'Year 7 - 7B' and 'Sheet1' each hold a register" in said, said


def test_a_workspace_naming_no_school_says_its_strangers_in_a_sentence(tmp_path: Path) -> None:
    """slips8's line for exports none of whose pupils the history knows, in a workspace
    whose config names no school (an empty attcli.toml: the default name, no URN), read
    "this workspace (F), and none of the 12 pupils its history knows (...) is in these
    exports": the clause naming the school left out, a fragment.  Now a sentence."""
    from attcli.config import load_config
    from attcli.snapshots import shown, strangers_line

    (tmp_path / "attcli.toml").write_text("", encoding="utf-8")
    config = load_config(tmp_path / "attcli.toml")
    assert strangers_line(config, 12, "its check recorded as of 25/09/2026", 11) == (
        f"none of the 12 pupils the history of this workspace ({shown(tmp_path)}) knows (its "
        "check recorded as of 25/09/2026) is in these exports (11 pupils)"
    )
