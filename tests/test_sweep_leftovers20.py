"""Sweep leftovers20 (7 December, third): the round's leftovers decided (docs/decisions.md,
"(sweep of 7 December (third), leftovers20)")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

D = dt.date


def test_the_casebook_finds_the_check_on_record_by_the_figures_date_as_the_check_does(
    tmp_path: Path, monkeypatch
) -> None:
    """1. leftovers19's register: Mon 7 Sep to Fri 2 Oct 2026, P present but for `O` all
    day Mon 28 to Wed 30 Sep (100 % on Fri 25 Sep, 85.0 % on Fri 2 Oct: red).  The casebook
    run and recorded as of Fri 2 Oct; as of Wed 7 Oct, the same export (its figures as of
    Fri 2 Oct), the check compares with the last check on record *before the figures*:
    none, so with Fri 25 Sep, and P is NEW (read by hand in `attcli check`'s output, with
    the note on the check of 02/10 not compared with; its rule is leftovers19's test's);
    the casebook took the last before the as-of date, the one of Fri 2 Oct of the same
    figures, and P was not NEW.  Now the casebook compares with Fri 25 Sep too, and says
    the check's line on the check of 02/10 on record not compared with."""
    from attcli.cases.run import run_cases
    from attcli.config import load_config
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    here = "/\\ "
    reg = register({"P": here * 15 + "O " * 3 + here * 2, "Q": here * 20}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    run_cases([export], config, as_of=D(2026, 10, 2))
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-07")
    cases = run_cases([export], config, as_of=D(2026, 10, 7), store_snapshot=False)
    (row,) = [r for r in cases.rows if r.upn == "P"]
    assert row.new is True
    assert any(
        w.startswith(
            "the check as of 02/10/2026 on record is not compared with: these exports end "
            "02/10/2026, on its date; NEW and the changes compare their figures (as of "
            "02/10/2026) with the check 7 days before them"
        )
        for w in cases.warnings
    ), cases.warnings


def test_a_block_list_s_upns_stand_under_each_other_beside_new() -> None:
    """2. `cases`' "Held for review" at 80 columns (the examples as of 09/10/2026): each row a
    block, "NEW  B999291016931  Ashworth, Tommy" and "C999291115904  Martin, Chloé" with its
    empty mark left out, so the UPNs did not line up.  Now a row with no mark gets as
    many spaces as "NEW" and its two after, where some row of the list has it."""
    from io import StringIO

    from rich.console import Console

    from attcli.terminal import print_rows

    console = Console(file=StringIO(), width=80, color_system=None)
    reason = "10 N marks still within the 5 school days allowed to resolve them"
    print_rows(
        console, "Held for review, not letters to send (2)",
        ["", "UPN", "name", "form", "att.", "step", "held for review"],
        [["", "C999291115904", "Martin, Chloé", "11A", "50.0%", "Severe letter", reason],
         ["NEW", "B999291016931", "Ashworth, Tommy", "10A", "81.5%", "Red letter", reason]],
        whole=(5, 6), plain=False, fold=False,
    )  # fmt: skip
    lines = [ln.rstrip() for ln in console.file.getvalue().splitlines()]
    assert lines[1] == "     C999291115904  Martin, Chloé", lines
    assert [ln for ln in lines if "B999" in ln] == ["NEW  B999291016931  Ashworth, Tommy"], lines


def test_the_ladder_line_names_a_letter_step_once() -> None:
    """3. The pupil record's ladder line of a letter step due said "Severe letter (the
    severe letter) due": the letter named twice.  The bracket is kept where the stage's
    title does not name its letter ("First warning (the red letter) due")."""
    from attcli.config import Stage
    from attcli.ladder import Case, standing_text

    severe = Stage("severe", "Severe letter", "letter", template="severe", when_band="severe")
    first = Stage("warn", "First warning", "letter", template="red", when_band="red")
    held = {"status": "due", "held": "10 N marks"}
    assert standing_text(Case(**held, due_stage=severe)) == (
        "Severe letter due, held for review: 10 N marks"
    )
    assert standing_text(Case(**held, due_stage=first)) == (
        "First warning (the red letter) due, held for review: 10 N marks"
    )


def test_the_pupil_record_says_the_latest_date_of_birth_keeps_the_pupil_out_of_the_group(
    tmp_path: Path, monkeypatch
) -> None:
    """4. leftovers19's R: autumn's export born 31/08/2021, January's 01/09/2021 (used); 12
    `O` in the window to Fri 15/01/2027, 2 of them while of compulsory school age by the
    date used, all 12 by the other.  The check names R in a note; the record's flags said
    "none: nothing needs doing for this pupil" (the note went to the terminal's notes, not
    the record).  Now the flags say the check's line, and the note is not said twice."""
    from io import StringIO

    from rich.console import Console

    from attcli.config import load_config
    from attcli.pupil_record import load_pupil_record, render_record
    from school import make_workspace
    from test_sweep_pn3 import AUTUMN, SPRING, TERMS, _export

    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-15")
    path = make_workspace(tmp_path / "ws", TERMS)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "inset_days = []", "inset_days = [2026-09-01, 2026-09-02, 2027-01-04]"
        ),
        encoding="utf-8",
    )
    autumn = _export(tmp_path / "autumn.csv", AUTUMN, D(2021, 8, 31))
    spring = _export(tmp_path / "spring.csv", SPRING, D(2021, 9, 1))
    rec = load_pupil_record([autumn, spring], load_config(path), "R", as_of=D(2027, 1, 15))
    console = Console(file=StringIO(), width=200, color_system=None)
    render_record(rec, console)
    text = " ".join(console.file.getvalue().split())
    assert "nothing needs doing" not in text, text
    assert (
        "none of the check's groups by the date of birth used, but: - Not in the penalty-notice "
        "group by the latest of the 2 dates of birth the exports give (31/08/2021, then "
        "01/09/2021): 2 unauthorised sessions of the window count"
    ) in text, text
    assert not [w for w in rec.warnings if "penalty-notice group by" in w], rec.warnings


def test_a_subject_s_sheet_beside_class_sheets_is_no_form(tmp_path: Path) -> None:
    """5. A primary's workbook of class sheets "Oak" and "Willow" and a "Maths" sheet, no
    form column: every sheet a capitalised word, so all three were read as forms, "Maths"
    too (a lesson's or a set's register is no form).  A subject is now no class's name, as
    "Summary" is: no sheet's name is read as a form (layouts9's rule for a word beside a
    sheet that is no class), and a note says which sheets may be classes and which is not."""
    from attcli.loaders import load_registers, sheet_form
    from test_sweep_layouts9 import _book, _of, _said

    assert sheet_form("Maths", words=True) is None and sheet_form("Oak", words=True) == "Oak"
    path = _book(tmp_path / "m.xlsx", {"Oak": [(1, None)], "Willow": [(2, None)], "Maths": [(3, None)]})
    result = load_registers([path])
    assert set(_of(result, "reg_group")) == {"A10000000001", "A10000000002", "A10000000003"}
    assert {v for vs in _of(result, "reg_group").values() for v in vs} == {None}
    said = _said(result)
    assert (
        "m.xlsx: 'Oak' and 'Willow' may name classes, but 'Maths' is no class's name (a "
        "subject, a period, a sheet's own), so no sheet's name is read as a form"
    ) in said, said
    assert "(one register saved in parts, a sheet each)" in said, said


def test_a_report_of_strangers_is_refused_before_the_report_is_built(
    tmp_path: Path, monkeypatch
) -> None:
    """6. `report` (and `summary`) refused another school's exports (leftovers18's Elm in
    Riverside's workspace) only after building the report, the slow part, as of its date.
    Now the refusal (`refuse_strangers_of`, the same, stood in for here: leftovers18's test
    runs the real one) is asked before the build, as of the data's last day (Fri 25 Sep:
    the report's default), of the exports' pupils."""
    from attcli import snapshots
    from attcli.errors import AttcliError
    from attcli.report import build
    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    ws = make_workspace(tmp_path / "riverside", AUTUMN_HALF_TERMS).parent
    monkeypatch.chdir(ws)
    week = " ".join(["/\\"] * 5)
    elm = write_long_csv(register({f"B{i:02}": " ".join([week] * 3) for i in range(1, 4)}),
                         tmp_path / "arbor.csv")  # fmt: skip
    asked = []

    def refuse(config, upns, as_of, **said):
        asked.append((sorted(upns), as_of, said["what"]))
        raise AttcliError("no report: these are another school's exports")

    def built(*a, **k):
        raise AssertionError("the report was built")

    monkeypatch.setattr(snapshots, "refuse_strangers_of", refuse)
    monkeypatch.setattr(build, "build_report", built)
    code, _, err = run_cli("report", elm, "-o", tmp_path / "r.html")
    assert (code, err.strip()) == (1, "error: no report: these are another school's exports")
    assert asked == [(["B01", "B02", "B03"], D(2026, 9, 25), "report")]
    # (and `summary`, the same way: found on the way)
    from attcli.summary import build as summary

    monkeypatch.setattr(summary, "build_summary", built)
    asked.clear()
    code, _, err = run_cli("summary", elm, "-o", tmp_path / "s.json")
    assert (code, err.strip()) == (1, "error: no report: these are another school's exports")
    assert asked == [(["B01", "B02", "B03"], D(2026, 9, 25), "summary")]
