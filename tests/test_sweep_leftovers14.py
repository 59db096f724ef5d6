"""The lead's leftovers, fourteenth list (docs/decisions.md, sweep leftovers14).

Each test failed before its fix; every figure is worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def _row(out: str, upn: str) -> list[str]:
    """The lines of ``upn``'s block in a letters table (its UPN line and the indented
    lines under it), joined: a block's items wrap at 80 columns."""
    lines = out.splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith(upn)]
    blocks = []
    for i in at:
        block = [lines[i]]
        for line in lines[i + 1:]:
            if not line.startswith("    "):
                break
            block.append(line.strip())
        blocks.append(" ".join(block))
    return blocks


def test_the_letters_table_names_a_letter_in_words_not_its_key(tmp_path) -> None:
    """Harvey Doyle (L999290719909) has G all week 16-20 November: 10 unauthorised sessions
    in 10 school weeks (DOMAIN.md 5), so a penalty-notice warning letter.  The letters
    table said "letter: penalty_notice_warning" (the template's key); it says "penalty
    notice warning", as the pupil record does.  The file's name keeps the key (attcli's
    own, found in the folder)."""
    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli(
        "letters", AUTUMN, "--contacts", CONTACTS, "-c", cfg, "--as-of", "2026-12-18",
        "--dry-run", width=80,
    )  # fmt: skip
    assert code == 0, err
    (doyle,) = _row(out, "L999290719909")
    assert "letter: penalty notice warning; to: Mrs Joanne Doyle" in doyle, doyle
    assert "L999290719909_Doyle_Harvey_penalty_notice_warning.pdf" in doyle
    # Priya Sharma's warning is held (it rests on N marks): the held table says it too
    held = [b for b in _row(out, "T999290917910") if "why:" in b]
    assert held and "letter: penalty notice warning; why:" in held[0], held
    assert "letter: penalty_notice_warning" not in out


def test_the_casebook_names_a_stage_by_its_title_not_its_key(tmp_path) -> None:
    """The default ladder (from the bands, no [escalation]): a stage per band letter,
    titled "Amber letter", "Red letter", "Severe letter", then "Referral to the local
    authority" (`config.default_ladder`).  C, hand made from Mon 7 Sep 2026: two days
    missed in weeks 1-4, the amber letter recorded Mon 5 Oct; three days missed 5-23 Oct
    (its period: 24 of 30, 80 %, against 36 of 40, 90 %, before it: not improved), so
    as of Fri 6 Nov the red letter is due from Mon 2 Nov (tests/test_cases_bands.py).

    The terminal's step said "amber -> red", the keys; it says "Amber letter -> Red
    letter", and the workbook's stage columns likewise.  The CSV and the JSON keep the
    keys (machine output, and what `case record --action` takes)."""
    import io

    from openpyxl import load_workbook

    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace
    from test_cases_bands import C_MARKS, P, days, export

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    exp = export(tmp_path, "c.csv", {"C": days(C_MARKS, days(P, n=20))})
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-10-02")
    assert code == 0, err
    code, _, err = run_cli("case", "record", "C", "--action", "amber", "--date", "2026-10-05",
                           "-c", ws)  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-06", width=100)
    assert code == 0, err
    row = next(line for line in out.splitlines() if "│ C " in line)
    assert "│ Amber letter -> Red letter │" in row, out
    assert "amber -> red" not in out

    xlsx = tmp_path / "cases.xlsx"
    code, _, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-06", "--format", "xlsx",
                           "--output", xlsx)  # fmt: skip
    assert code == 0, err
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head = rows[0]
    (c,) = [r for r in rows[1:] if r[0] == "C"]
    assert (c[head.index("stage")], c[head.index("due stage")]) == ("Amber letter", "Red letter")

    code, out, err = run_cli("cases", exp, "-c", ws, "--as-of", "2026-11-06", "--format", "csv")
    assert code == 0, err
    assert ",amber,due," in out and ",red,2026-11-02," in out, out


def _lower_notes(book, sheets: dict[str, str]) -> list[str]:
    """The cells of ``sheets`` (sheet -> column letter) that begin with a lower-case
    letter: each note standing alone in its cell (in a header block, the rows before its
    first blank row: the table's rows below are values, not notes)."""
    out = []
    for title, column in sheets.items():
        for cell in book[title][column]:
            if cell.row > 1 and book[title].cell(cell.row, 1).value is None:
                break
            v = cell.value
            if isinstance(v, str) and v[:1].islower():
                out.append(f"{title}!{cell.coordinate}: {v[:60]}")
    return out


def test_a_note_standing_alone_in_a_workbook_cell_begins_with_a_capital(tmp_path) -> None:
    """The report's page says "Register problems from 01/09/2026 ..." and "National
    figures: ..." (output.coded_html, sweep looks10); its workbook's Data notes said
    "register problems ...", "national figures ...", the check's Summary "the exports cover
    the period", la-return's "no earlier return: the first ...".  Each is a sentence of its
    own in its cell: begun with a capital, by the one rule (errors.sentence) at the one
    place a note enters a workbook (output.note_cell)."""
    from openpyxl import load_workbook

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    made = {}
    for name, args in {
        "report": ("report", AUTUMN, "--as-of", "2026-12-18", "--format", "xlsx"),
        "check": ("check", AUTUMN, "--as-of", "2026-12-18", "--format", "xlsx"),
        "la": ("la-return", AUTUMN, "--month", "2026-11"),
        "rc": ("register-check", AUTUMN, "--term", "autumn"),
    }.items():
        out = tmp_path / f"{name}.xlsx"
        code, _, err = run_cli(*args, "-c", cfg, "--output", out)
        assert code == 0, err
        made[name] = load_workbook(out)
    report = made["report"]
    notes = [c.value for c in report["Notes"]["A"]]
    assert any(str(n).startswith("Register problems from 01/09/2026 to 18/12/2026: ")
               for n in notes), notes  # fmt: skip
    assert any(str(n).startswith("National figures: ") for n in notes), notes
    assert _lower_notes(report, {"Notes": "A"}) == []
    check = made["check"]["Summary"]
    assert [r[1].value for r in check.iter_rows() if r[0].value == "Data"] == [
        "The exports cover the period"
    ]
    assert _lower_notes(made["check"], {"Summary": "B"}) == []
    la = made["la"].active
    assert [r[1].value for r in la.iter_rows() if r[0].value == "Compared with"] == [
        "No earlier return: the first (everything current is new)"
    ]
    assert _lower_notes(made["la"], {la.title: "B"}) == []
    rc = made["rc"].active
    assert [r[1].value for r in rc.iter_rows() if r[0].value == "Data"][0].startswith(
        "Register problems in the term: "
    )
    assert _lower_notes(made["rc"], {rc.title: "B"}) == []


def test_la_return_s_illness_cell_counts_school_days_as_its_heading_does(tmp_path) -> None:
    """Siân Pritchard (F999290917918) is ill (I) every day Mon 9 - Mon 30 Nov 2026: 32
    sessions, 16 school days (DOMAIN.md 7: 30 sessions, 15 school days, a year's threshold),
    in one run of 16 school days.  The list's heading says "Illness, 15+ school days this
    school year"; its Illness cell said "16 days" over "longest 16".  It says "16 school
    days" over "longest run 16", the one unit of the column said once."""
    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli(
        "la-return", AUTUMN, "--month", "2026-11", "-c", cfg, "--output", tmp_path / "r.xlsx",
        width=80,
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert "Illness, 15+ school days this school year: 1 pupil: 1 new" in lines, out
    at = next(i for i, line in enumerate(lines) if "Pritchard, Siân" in line)
    cells = [[c.strip() for c in line.split("│")] for line in lines[at:at + 2]]
    assert [row[3] for row in cells] == ["16 school days", "longest run 16"], out
    assert max(len(line) for line in lines) <= 80, out


def test_a_repeated_header_whose_upn_column_moved_too_is_refused_as_such(tmp_path) -> None:
    """A second export pasted below the first, header and all, its columns in another
    order with the UPN column moved too (Surname first, UPN second).  slips4 looked for a
    repeated header among the UPN column's values only ("UPN" there), so this one was read
    as a pupil 'Surname' and refused as "not a date: 'Date'", which says nothing of the
    pasting.  It is refused as what it is, naming its line, as slips4's other case."""
    import pytest

    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from builders import pasted_below, register, write_long_csv

    week = " ".join(["/\\"] * 5)
    reg = register({"AAA": week, "BBB": week, "CCC": week})
    export = write_long_csv(reg, tmp_path / "reg.csv", dob=True)
    lines = export.read_text().splitlines()
    head = lines[0].split(",")
    assert head[:3] == ["UPN", "Surname", "Forename"], head
    order = [1, 0, *range(2, len(head))]
    pasted, line = pasted_below(lines, order, tmp_path / "pasted.csv")
    with pytest.raises(InputError) as info:
        load_registers([pasted])
    assert str(info.value).startswith(
        f"{pasted}, line {line}: the header row is repeated here with its columns in "
        "another order ('Surname' where line 1 has 'UPN'): a second export pasted below "
        "the first"
    ), str(info.value)


def test_a_term_on_the_ladder_whose_end_lies_past_the_term_dates_listed_is_never_silently_wrong(
    tmp_path, monkeypatch
) -> None:
    """leftovers13's leftover, found right (a pin, not a fix).  Seed 004's ladder (a
    referral after a term on the ladder without improvement).  STEADY misses a Wednesday
    afternoon a week (about 90 %) from 7 September 2026; the letter recorded on Tue
    04/05/2027, in Summer 1 (12/04-28/05).  attcli.toml lists the half terms to Summer 1
    only (Summer 2 not typed in yet): the summer term's length, and so the end of the term
    on the ladder from 04/05, is not known (`ladder.term_end`), and nothing falls due by
    it.  As of Fri 28/05/2027, the last day listed, that is right: the term ends after it,
    still to come, and the row says nothing of it (it is no figure over unlisted days).
    As of Fri 25/06/2027, past the dates listed, where the term might have ended unseen,
    every command refuses already, in one line naming the last half term given."""
    from attcli.bankholidays import is_bank_holiday
    from builders import register_rows, weekdays, write_long_csv
    from clirun import one_line, run_cli
    from test_ladder_presets import init_workspace
    from test_sweep_leftovers13 import YEAR_1

    monkeypatch.setenv("ATTCLI_TODAY", "2027-06-25")
    last = dt.date(2027, 6, 25)
    days = [d for _, s, e in YEAR_1 for d in weekdays(s, min(e, last)) if not is_bank_holiday(d)]
    rows = [
        {"upn": "STEADY", "date": d, "session": s, "mark": m}
        for i, d in enumerate(days)
        for s, m in zip(("AM", "PM"), "/O" if i >= 10 and d.weekday() == 2 else "/\\", strict=True)
    ]
    export = write_long_csv(register_rows(rows), tmp_path / "r.csv")
    cfg = init_workspace(tmp_path / "ws", "seed004", "")
    cfg.write_text(cfg.read_text(encoding="utf-8") + "".join(
        f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n'
        for n, s, e in YEAR_1[:5]
    ), encoding="utf-8")  # fmt: skip

    def cases(as_of: str) -> dict:
        code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", as_of, "-f", "json")
        assert code == 0, err
        return next(c for c in json.loads(out)["cases"] if c["upn"] == "STEADY")

    assert cases("2027-05-04")["due_stage"] == "letter"
    code, _, err = run_cli("case", "record", "STEADY", "--action", "letter", "--date",
                           "2027-05-04", "-c", cfg)  # fmt: skip
    assert code == 0, err
    got = cases("2027-05-28")
    assert (got["stage"], got["status"], got["due_stage"]) == ("letter", "monitoring", None)
    assert "term on the ladder" not in (got["note"] or "")
    code, _, err = run_cli("cases", export, "-c", cfg, "--as-of", "2027-06-25")
    assert code == 1
    assert one_line(err).endswith(
        "the as-of date 25/06/2027 is after the last half term given for 2026/27 (Summer 1, "
        "to 28/05/2027), so attcli cannot tell which days since are school days: add the "
        "half terms up to the as-of date"
    )
