"""The office's slips the last round left (sweep of 6 December (ninth), slips8): a run
from a folder holding another school's ``attcli.toml``, a review by hand that says how its
outcome is recorded, the looked-after pupil's warning letter read by the foster carer."""

from __future__ import annotations

import datetime as dt
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
    options that give the right one, and so are the LA's monthly return (filed as
    Riverside's, recorded in its history, without a word), the termly register check and
    an evidence pack; `cme` says the same as a note (`check` and `cases` do, their run on
    record compared with: test_sweep_store). B01..B03: N all week of 28/09 (30 of 40
    sessions attended, 75 %: red)."""
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
        "12 pupils its history knows (its check recorded as of 25/09/2026) is in these exports "
        "(12 pupils)"
    )
    code, _, err = run_cli("letters", elm, "--contacts", book, "--out", tmp_path / "l", "--dry-run")
    said = " ".join(err.split())
    assert code == 1, said
    assert said == (
        f"error: no letters: {whose} or the contacts: if these are another school's exports, "
        "whose letters would carry Riverside Primary School's letterhead, give that school's "
        "workspace (--workspace DIR, or --config FILE); if they are one year group's, of "
        "pupils all new since then (a new Year 7 or Reception), give the school's whole "
        "contacts export as --contacts (it holds pupils this workspace knows)"
    )
    assert history.read_bytes() == before and not (tmp_path / "l").exists()
    # the LA's monthly return, under Riverside's URN and recorded in its history: the same
    code, _, err = run_cli("la-return", elm, "--month", "2026-09", "-o", tmp_path / "r.csv")
    assert (code, " ".join(err.split())) == (1, (
        f"error: no return: {whose}: these are another school's exports, whose return would "
        "go to the local authority as Riverside Primary School's; give that school's "
        "workspace (--workspace DIR, or --config FILE)"
    ))  # fmt: skip
    assert history.read_bytes() == before and not (tmp_path / "r.csv").exists()
    code, _, err = run_cli("register-check", elm, "--term", "autumn", "-o", tmp_path / "c.csv")
    assert (code, " ".join(err.split())) == (1, (
        f"error: no register check: {whose}: these are another school's exports, whose "
        "register check would go to the local authority as Riverside Primary School's; give "
        "that school's workspace (--workspace DIR, or --config FILE)"
    ))  # fmt: skip
    assert not (tmp_path / "c.csv").exists()
    code, _, err = run_cli("evidence", "B01", elm, "--for", "referral", "--contacts", book,
                           "-o", tmp_path / "p.pdf")  # fmt: skip
    assert code == 1, err
    assert f"error: no evidence pack: {whose} or the contacts: these" in " ".join(err.split())
    note = (
        f"note: {whose}: these are another school's exports (or one year group's, all pupils "
        "new since); if so, give that school's workspace (--workspace DIR, or --config FILE)"
    )
    code, _, err = run_cli("cme", elm, "--days", "3")
    assert code == 0, err
    assert note in " ".join(err.split())
    # (check and cases: the same words, test_sweep_store's case)
    # Riverside's own export of the next week, a new pupil among them: nothing said
    ours = register({f"A{i:02}": " ".join([week] * 4) for i in [*range(2, 13), 99]})
    code, _, err = run_cli("cme", write_long_csv(ours, ws / "exports.csv", dob=True), "--days", "3")
    assert code == 0 and "another school's" not in err, err


def test_a_review_by_hand_says_how_its_decision_is_recorded(tmp_path: Path, monkeypatch) -> None:
    """A (O every Monday of Summer 2, 80.0 %, red) was sent the red letter on Saturday 18
    July; its 4-week period counts from the first school day after the holiday (sweep
    leftovers17), 03/09 to 30/09/2026, and holds 4 sessions of A's (2 days present, the
    rest X, not required): too few to compare (fewer than 10), so on 2 October `cases`
    lists "Reviews to make by hand": "Red letter -> decide by hand (the red period 18/07
    to 30/09/2026 cannot be judged: too few sessions ...)", and the pupil record "a review
    by hand due from 01/10/2026 (...)". Neither said how the attendance officer records
    what they decide. docs/cases.md: record everything else "on the day it happened" with
    `attcli case record UPN --action STAGE --date DATE`, `--outcome TEXT` noting what came
    of it; a record made while a review by hand is due starts that stage (step 7): red
    again another red period, severe (the stage after red) moves the pupil on.  (Written
    first on slips7's summer period of no session, which leftovers17's rule now monitors
    in September.)"""
    from attcli.store import History
    from builders import across, write_long_csv
    from school import ROLLOVER_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")
    config = make_workspace(tmp_path / "school", ROLLOVER_HALF_TERMS)
    p = "/\\"
    summer = " ".join((["O"] + [p] * 4) * 6)
    autumn = " ".join([p] * 2 + ["XX"] * 18)  # 03/09 to 30/09: 4 sessions possible
    export = write_long_csv(
        across((dt.date(2026, 6, 8), {"A": summer}), (dt.date(2026, 9, 3), {"A": autumn})),
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
    how = (
        "record the decision on the day it is made: `attcli case record A --action red "
        "--date DATE --outcome TEXT` starts another red period; `--action severe`, once "
        "done, moves the pupil on to it"
    )
    code, out, err = run_cli("cases", export, "-c", config, width=80)
    assert code == 0, err
    said = " ".join(out.split())
    too_few = "too few sessions: 4 over the period, fewer than 10"
    assert (
        f"(the red period 18/07 to 30/09/2026 cannot be judged: {too_few}); due from: "
        f"01/10/2026 Decide each by hand; {how}"
    ) in said, said
    code, out, err = run_cli("pupil", "A", export, "-c", config, width=80)
    assert code == 0, err
    assert f"cannot be judged: {too_few}; {how})" in " ".join(out.split()), out


def test_the_carers_warning_says_it_quotes_no_notice_where_it_names_the_duty(
    tmp_path: Path,
) -> None:
    """The penalty-notice warning released to LAC's foster carer (Anyshire County Council
    holds parental responsibility; 16 unauthorised sessions, O every fifth day for 8
    weeks), read as the carer and the social worker would, opened: "This meets the national
    threshold at which the school must consider a penalty notice", and only after the
    figures' table and the legal duty, a paragraph on, "ForenameLAC is looked after, so this
    letter quotes no penalty notice or fine". Read in that order it is a fine held over the
    carer, then taken back. The duty stays (it is the school's, nationally), and what it
    means for a looked-after child follows it in the same paragraph; the paragraph after
    the table keeps the statutory sentence alone. BIO's letter, to a mother, is as ever."""
    from attcli.letters.render import letter_html
    from builders import register
    from test_letters import html_text, run
    from test_sweep_lacletter import HEAD, LOOKED_AFTER

    reg = register({u: ("/ " * 4 + "O ") * 8 for u in ("LAC", "BIO")})
    contacts = tmp_path / "lac.csv"
    contacts.write_text(HEAD + LOOKED_AFTER, encoding="utf-8")
    made = run(tmp_path, reg, contacts=contacts, only=["penalty_notice_warning"],
               release=["LAC"], dry_run=True)  # fmt: skip
    page = tmp_path / "letter.html"  # (the dry run drafts each letter: no PDF made)
    texts = {}
    for x in made.letters:
        page.write_text(letter_html(x.doc), encoding="utf-8")
        texts[x.upn] = html_text(page)
    lac, bio = texts["LAC"], texts["BIO"]
    assert (
        "This meets the national threshold at which the school must consider a penalty "
        "notice: 10 sessions of unauthorised absence (usually 5 school days) within 10 school "
        "weeks, but ForenameLAC is looked after, so this letter quotes no penalty notice or "
        "fine: any formal action on ForenameLAC's attendance is for Example Borough Council to "
        "decide with ForenameLAC's social worker and the Virtual School Head of Anyshire "
        "County Council."
    ) in lac, lac
    assert (
        "parents have a legal duty to make sure their child attends school regularly. What "
        "happens next: we are sharing this letter"
    ) in lac, lac
    assert lac.count("quotes no penalty notice") == 1
    assert (
        "within 10 school weeks. Attendance figures" in bio
        and "regularly. Where the threshold is met, the school and Example Borough Council may "
        "issue a penalty notice to each parent who allowed the absence." in bio
    ), bio
