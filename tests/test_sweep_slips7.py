"""A school year in an office's hands, end to end (sweep slips7): the faults a year of
weekly checks, half-term letters, LA returns, register checks and a penalty-notice pack
showed, each on a register built by hand (tests/builders.py, tests/school.py), every
answer worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import across, register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, ROLLOVER_HALF_TERMS, contacts_file, make_workspace

P = "/\\"


def test_the_pack_s_support_given_names_the_warning_letter_as_the_office_reads_it(
    tmp_path: Path, monkeypatch
) -> None:
    """Cara's year: a week of G (10 sessions, the threshold), the penalty-notice warning
    sent at half term, then the pack for the LA.  Its "Support given" read "Fri 12/02/2027
    Letter penalty_notice_warning letter to Mrs Pat Clark": the template's key, in a PDF
    for the local authority, where every other output says "penalty notice warning"
    (config.letter_name).  Here: A, O all week 14-18 Sep (10 unauthorised sessions in 2
    school weeks: met; 10 of 20 sessions, 50.0 %, severe), the warning sent 18/09."""
    from attcli.config import load_config
    from attcli.contacts import load_contacts
    from attcli.evidence.build import PENALTY_NOTICE, build_pack
    from attcli.evidence.pdf import pack_document
    from attcli.loaders import load_exports
    from attcli.pupil_record import pupil_record
    from attcli.store import History

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-18")
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    export = write_long_csv(
        register({"A": " ".join([P] * 5 + ["O"] * 5)}), tmp_path / "r.csv", dob=True, groups=True
    )
    contacts = contacts_file(tmp_path / "c.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    # the warning as `attcli letters` records it sent (writing its PDFs takes seconds)
    with History(config.parent / "attcli-history.sqlite3", write=True) as store:
        sent = store.begin_letter(
            school="", upn="A", template="penalty_notice_warning", band="severe",
            half_term="Autumn 1", half_term_start="2026-09-07", academic_year=2026,
            recipient="C1", stage=1, letter_date="2026-09-18", out_dir="l", file="a.pdf",
            pupil_name="ForenameA SurnameA", contact_name="Mrs Ann Able", address="1 Elm Road",
            email="",
        )  # fmt: skip
        store.letter_written(sent, "0" * 64)
        store.send_letters({sent: "letters-to-print-2026-09-18-1.pdf"})
    cfg = load_config(config)
    rec = pupil_record(load_exports([export], cfg).register, cfg, "A")
    parent = load_contacts(contacts).for_upn("A")[0]
    pack = build_pack(rec, cfg, PENALTY_NOTICE, parent=parent, made_on=dt.date(2026, 9, 18))
    details = [row[2] for row in pack_document(pack)["support"]]
    assert "penalty notice warning letter to Mrs Ann Able" in details, details
    assert not any("_" in d for d in details), details


def test_a_mark_changed_in_the_mis_reads_as_one_line_however_many_weekly_exports_hold_it(
    tmp_path: Path,
) -> None:
    """The year's weekly exports, each from 1 September (README: "give every weekly export
    since September"), and a mark changed in the MIS a week after (Kate's O on 12-16 Oct made
    M): a conflict, rightly refused (DOMAIN.md 12: not an N given its reason).  But the
    refusal gave a line per session naming every export and line: 10 lines of 2,115
    characters for one pupil's one change over 40 exports, some 290 rows on an 80-column
    terminal.  What repeats reads as one line (DOMAIN.md 12): the pupil's sessions of one
    pattern together, and a mark in more than two exports said as a run of them.  Here A's
    O on Mon 14 and Tue 15 Sep (4 sessions) in the export to 18/09, M in the three after."""
    import pytest

    from attcli.errors import InputError
    from attcli.loaders import load_registers

    files = []
    for weeks, mark in ((2, "O"), (3, "M"), (4, "M"), (5, "M")):
        marks = [P] * (5 * weeks)
        marks[5:7] = [mark, mark]
        files.append(write_long_csv(register({"A": " ".join(marks)}), tmp_path / f"w{weeks}.csv"))
    a, b, _, d = files
    with pytest.raises(InputError) as exc:
        load_registers(files)
    said = str(exc.value)
    assert said.startswith(
        "4 sessions have conflicting marks (the same pupil, date and session with different "
        f"marks):\n  A SurnameA, ForenameA, 4 sessions, 14/09/2026 AM to 15/09/2026 PM: 'O' in "
        f"{a}; 'M' in 3 exports ({b} to {d}). "
    ), said
    assert len(said.splitlines()) == 2


def test_a_red_letter_sent_after_the_last_school_day_is_monitored_from_september(
    tmp_path: Path, monkeypatch
) -> None:
    """The Summer 2 letters went on Friday 23 July, after the last school day (21/07): the
    red letter's 4-week period, 23/07 to 19/08, was all summer holiday.  In September
    `cases` listed those pupils "Red letter -> decide by hand; due from: 20/08/2027,
    overdue" and no reason (this sweep made it say "cannot be judged: no sessions to
    compare").  Sweep leftovers17: a period of weeks begun in a holiday counts its weeks
    from the first school day after (ladder.weeks_from), so the pupil is monitored over
    September's first 4 weeks, and the pupil record says from when.  Here: Summer 2 from
    8 June to 17 July 2026 (A: O every Monday, 24 of 30 days, 80.0 %, red), the red letter
    recorded sent on Saturday 18 July, Autumn from Thu 3 September: its 4 weeks 03/09 to
    30/09/2026."""
    from attcli.store import History

    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-11")
    config = make_workspace(tmp_path / "school", ROLLOVER_HALF_TERMS)
    summer = " ".join((["O"] + [P] * 4) * 6)
    export = write_long_csv(
        across((dt.date(2026, 6, 8), {"A": summer}), (dt.date(2026, 9, 3), {"A": " ".join([P] * 7)})),
        tmp_path / "r.csv",
    )
    with History(config.parent / "attcli-history.sqlite3", write=True) as store:
        sent = store.begin_letter(
            school="", upn="A", template="red", band="red", half_term="Summer 2",
            half_term_start="2026-06-08", academic_year=2025, recipient="C1", stage=1,
            letter_date="2026-07-18", out_dir="l", file="a.pdf", pupil_name="ForenameA SurnameA",
            contact_name="Mrs Ann Able", address="1 Elm Road", email="",
        )  # fmt: skip
        store.letter_written(sent, "0" * 64)
        store.send_letters({sent: "letters-to-print-2026-07-18-1.pdf"})
    code, out, err = run_cli("cases", export, "-c", config, width=200)
    assert code == 0, err
    assert "decide by hand" not in out
    # (the row says where the 4 weeks began: its since is the letter's date; leftovers18)
    assert "│ 18/07/2026 │ 30/09/2026  │" in out, out
    assert "Red letter (monitoring; period of 4 weeks from 03/09/2026, the first school day" in out
    # the pupil record's ladder line says from when its weeks count
    code, out, err = run_cli("pupil", "A", export, "-c", config, width=200)
    assert code == 0, err
    assert (
        "Red letter since 18/07/2026, its period to 30/09/2026 (4 weeks from 03/09/2026, the "
        "first school day after the holiday)"
    ) in " ".join(out.split()), out
