"""Sweep leftovers19 (7 December, second): the round's leftovers decided (docs/decisions.md,
"(sweep of 7 December (second), leftovers19)")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

D = dt.date


def test_a_notice_of_29_february_counts_for_the_3_years_beginning_with_it() -> None:
    """5. A notice issued on Tue 29/02/2028: the 3 years beginning with it run to
    28/02/2031 inclusive (day one the leap day, as a year beginning with 29/02/2028 runs to
    28/02/2029: 366 days, the leap day in it), and 01/03/2031, its anniversary as
    compulsory school age takes a 29 February birthday's, is the first day outside.  So a
    third notice on 28/02/2031 after one in between is the third within 3 years; one on
    01/03/2031 is not.  (It stopped counting on 28/02/2031, a day short.)"""
    from attcli.notices import third_within_three_years
    from attcli.store import add_years

    assert add_years(D(2028, 2, 29), 3) == D(2031, 3, 1)
    assert add_years(D(2028, 2, 28), 3) == D(2031, 2, 28)  # (any other day as before)
    assert third_within_three_years([D(2028, 2, 29), D(2029, 6, 1), D(2031, 2, 28)]) == D(
        2028, 2, 29
    )
    assert third_within_three_years([D(2028, 2, 29), D(2029, 6, 1), D(2031, 3, 1)]) is None


def test_a_dry_run_of_a_month_on_record_as_of_a_later_date_says_the_run_would_be_refused(
    tmp_path: Path,
) -> None:
    """4. November's return made and recorded as of 30/11; `la-return --dry-run --as-of
    2026-11-20` then previewed the return as if it could be made, while the same run
    without --dry-run is refused (leftovers17's rule).  The dry run now says, among its
    notes, that the real run would be refused and why (the same line); with --force, or as
    of 30/11 itself (a re-run), it says nothing of it.  Nothing is recorded either way."""
    import sqlite3

    from attcli.config import load_config
    from attcli.lareturn.run import run_la_return
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"RUN": "/\\ " * 45 + "N " * 11, "OK": "/\\ " * 56}, start=D(2026, 9, 7),
                   holidays=holiday)  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = load_config(make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS))
    run_la_return([export], config, month="2026-11", output=tmp_path / "nov.csv",
                  today=D(2026, 12, 1))  # fmt: skip

    def said(**kw) -> list[str]:
        out = run_la_return([export], config, month="2026-11", dry_run=True,
                            today=D(2026, 12, 1), **kw)  # fmt: skip
        return [w for w in out.warnings if "would be refused" in w]

    (line,) = said(as_of=D(2026, 11, 20))
    assert line.startswith("without --dry-run this run would be refused: "), line
    assert "as of 30/11/2026" in line and "20/11/2026" in line and "--force" in line, line
    assert said(as_of=D(2026, 11, 20), force=True) == []
    db = sqlite3.connect(tmp_path / "school" / "attcli-history.sqlite3")
    assert db.execute("SELECT as_of FROM la_returns").fetchall() == [("2026-11-30",)]
    db.close()


def test_check_names_a_pupil_the_latest_date_of_birth_keeps_out_of_the_penalty_notice_group(
    tmp_path: Path, monkeypatch
) -> None:
    """1. pn3's R the other way round: autumn's export gives 31/08/2021, January's
    01/09/2021, the latest, used.  R's `O`: all of 14-18 December (10) and 5 January (2).
    Born 01/09/2021, R is of compulsory school age from 31/12/2026: as of Fri 15/01/2027
    only 5 January's 2 count (no group); as of Fri 18/12/2026 R is not of the age at all.
    Born 31/08/2021 (from 31/08/2026), all 12 (then 10) count: in the group.  The check
    listed R nowhere (the reason with the two dates is the group's, and the loader's note
    names one pupil "e.g."); now a line says both dates and both counts.  The window as of
    15/01: the 10 school weeks from Mon 19/10/2026 (the half term's week skipped).  The
    other way (pn3's: in the group by the latest) the group's reason says the dates, and
    Z (one date) has no line."""
    from attcli.check import run_check
    from attcli.config import load_config
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
    config = load_config(path)

    autumn = _export(tmp_path / "autumn.csv", AUTUMN, D(2021, 8, 31))
    spring = _export(tmp_path / "spring.csv", SPRING, D(2021, 9, 1))
    result = run_check([autumn, spring], config, as_of=D(2027, 1, 15))
    (jan,) = [" ".join(w.split()) for w in result.warnings if "penalty-notice group by" in w]
    assert jan == (
        "R: not in the penalty-notice group by the latest of the 2 dates of birth the exports "
        "give (31/08/2021, then 01/09/2021): 2 unauthorised sessions of the window count "
        "(born 01/09/2021: of compulsory school age from 31/12/2026); born 31/08/2021, of "
        "compulsory school age from 31/08/2026, 12 unauthorised sessions of the window (19/10/2026 to "
        "15/01/2027) would count, at the threshold of 10: whether a notice can follow hangs "
        "on which is right; put it in the MIS and export the register again"
    ), jan
    # (as of 18/12 on the rules alone: the same register)
    from attcli.check import pn_by_another_birth

    assert result.evaluation.prepared is not None
    (dec,) = pn_by_another_birth(result.evaluation.prepared.evaluate(as_of=D(2026, 12, 18)))
    assert (
        "(31/08/2021, then 01/09/2021): not of compulsory school age on 18/12/2026 (born "
        "01/09/2021: of compulsory school age from 31/12/2026); born 31/08/2021" in dec
    ), dec
    assert ", 10 unauthorised sessions of the window (" in dec, dec


def test_packs_on_dates_of_birth_the_exports_disagree_on(tmp_path: Path, monkeypatch) -> None:
    """1. pn3's R (autumn's export 01/09/2021, January's 31/08/2021, used), as of Fri
    18/12/2026, when R is of compulsory school age by 31/08/2021 (from 31/08/2026) and not
    by 01/09/2021 (from 31/12/2026):
    - the penalty-notice pack's JSON quoted `this_notice: "first"` beside pn3's problem, a
      notice and its fine to a pupil who may not be of the age (DOMAIN.md 5): now null,
      with the notice if of age and why, as for a pupil with no date of birth (where both
      dates make the pupil of the age, as of 15/01/2027, "first" stands);
    - the referral pack, which gives the local authority the same date of birth (and
      whose next steps need compulsory school age), listed nothing and was complete: now
      it lists both dates and what each makes of the age, in the referral's words."""
    from attcli.config import load_config
    from attcli.evidence.build import build_pack, load_pack, pack_json, problems
    from school import contacts_file, make_workspace
    from test_sweep_pn3 import AUTUMN, SPRING, TERMS, _export

    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-15")
    config = load_config(make_workspace(tmp_path / "ws", TERMS))
    book = contacts_file(tmp_path / "contacts.csv", [("R", "C1", "Mrs", "Ann", "Arr"),
                                                     ("Z", "C2", "Mr", "Zed", "Zee")])  # fmt: skip
    autumn = _export(tmp_path / "autumn.csv", AUTUMN, D(2021, 9, 1))
    spring = _export(tmp_path / "spring.csv", SPRING, D(2021, 8, 31))
    pack = load_pack([autumn, spring], config, "R", "penalty-notice", contacts=book,
                     as_of=D(2026, 12, 18))  # fmt: skip
    doc = pack_json(pack)
    assert (doc["this_notice"], doc["this_notice_if_of_age"], doc["this_notice_reason"]) == (
        None,
        "first",
        "compulsory school age on 18/12/2026 not known: of it if born 31/08/2021, not if "
        "born 01/09/2021, and the exports give both",
    )
    referral = build_pack(pack.rec, config, "referral", parent=pack.parent, made_on=D(2027, 1, 15))
    (line,) = [" ".join(p.what.split()) for p in problems(referral, config) if "birth" in p.what]
    assert line == (
        "the exports give R 2 dates of birth (01/09/2021, then 31/08/2021): the latest is used "
        "(born 31/08/2021, of compulsory school age from 31/08/2026 to 26/06/2037; born "
        "01/09/2021, from 31/12/2026 to 25/06/2038), and the pack gives it to the local "
        "authority, whose next steps (a notice, a prosecution) are open only for a pupil of "
        "compulsory school age: put the right one in the MIS and export the register again, "
        "every week of it"
    ), line


def test_a_penalty_notice_warning_whose_threshold_hangs_on_the_date_of_birth_waits(
    tmp_path: Path, monkeypatch
) -> None:
    """1. pn3's R (01/09/2021, then 31/08/2021, used): as of 15/01/2027 R's window counts
    12 (of compulsory school age from 31/08/2026), so the letters wrote a penalty-notice
    warning quoting the fine; born 01/09/2021 (of the age from 31/12/2026) only 5
    January's 2 count.  The warning now waits for a person, saying both dates (with one
    date the warning is written as before: the letters' own tests)."""
    from attcli.config import load_config
    from attcli.letters.run import run_letters
    from school import contacts_file, make_workspace
    from test_sweep_pn3 import AUTUMN, SPRING, TERMS, _export

    monkeypatch.setenv("ATTCLI_TODAY", "2027-01-15")
    path = make_workspace(tmp_path / "ws", TERMS)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "inset_days = []", "inset_days = [2026-09-01, 2026-09-02, 2027-01-04]"
        ),
        encoding="utf-8",
    )
    config = load_config(path)
    book = contacts_file(tmp_path / "contacts.csv", [("R", "C1", "Mrs", "Ann", "Arr"),
                                                     ("Z", "C2", "Mr", "Zed", "Zee")])  # fmt: skip

    def run(autumn_dob: dt.date):
        autumn = _export(tmp_path / "autumn.csv", AUTUMN, autumn_dob)
        spring = _export(tmp_path / "spring.csv", SPRING, D(2021, 8, 31))
        return run_letters([autumn, spring], config, contacts=book, out_dir=None,
                           dry_run=True, as_of=D(2027, 1, 15), only=["penalty_notice_warning"],
                           letter_date=D(2027, 1, 15))  # fmt: skip

    held = run(D(2021, 9, 1))
    assert [x.upn for x in held.letters] == []
    (wait,) = held.to_decide
    assert (wait.upn, wait.template) == ("R", "penalty_notice_warning")
    assert wait.reason.endswith(
        "but the exports give 2 dates of birth (01/09/2021, then 31/08/2021; the latest is "
        "used) and born 01/09/2021 only 2 of the window's unauthorised sessions count (fewer "
        "than 10): put the right one in the MIS and export the register again"
    ), wait.reason


def test_the_casebook_compares_with_the_week_before_the_figures_as_the_check_does(
    tmp_path: Path, monkeypatch
) -> None:
    """2. The register Mon 7 Sep to Fri 2 Oct 2026; P present but for `O` all day Mon 28 to
    Wed 30 Sep: 30/30 (100 %) on Fri 25 Sep, 30/36 (83.3 %) on Wed 30 Sep, 34/40 (85.0 %)
    on Fri 2 Oct.  As of Wed 7 Oct (three school days after the data: the figures are as
    of Fri 2 Oct) the check's NEW compares with Fri 25 Sep, a week before the figures, and
    P is NEW in the red band; the casebook compared with Wed 30 Sep, a week before the
    as-of date, two days before its figures, so P, on the ladder since 28 Sep, was not new
    there.  Now both compare with Fri 25 Sep."""
    from attcli.cases.run import run_cases
    from attcli.config import load_config
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-07")
    here = "/\\ "
    reg = register({"P": here * 15 + "O " * 3 + here * 2, "Q": here * 20}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))

    # (the check's NEW, as of the same day, is oracle10's: Fri 25 Sep, P NEW in red)
    cases = run_cases([export], config, as_of=D(2026, 10, 7), store_snapshot=False)
    (row,) = [r for r in cases.rows if r.upn == "P"]
    assert row.new is True


def test_the_pupil_record_says_the_time_off_roll_between_z_marks(tmp_path: Path) -> None:
    """3. B `Z` (not yet on roll) Mon 7 to Fri 11 Sep 2026, present Mon 14 Sep to Fri 2
    Oct, `Z` (off roll) Mon 5 to Fri 16 Oct, present again Mon 19 to Thu 22 Oct, `Z` Fri 23
    (left): the record's figures leave the Z fortnight out, but it said nothing of it (only
    a pupil list's two spells were said).  Now "left 02/10/2026, joined again 19/10/2026",
    as for the list's; the `Z` before the first mark and after the last are no time between
    spells."""
    from attcli.config import load_config
    from attcli.pupil_record import load_pupil_record
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    here = "/\\ "
    reg = register({"B": "Z " * 5 + here * 15 + "Z " * 10 + here * 4 + "Z ", "Q": here * 35},
                   start=D(2026, 9, 7))  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = load_config(make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS))
    assert load_pupil_record([export], config, "B").off_roll == [(D(2026, 10, 2), D(2026, 10, 19))]
