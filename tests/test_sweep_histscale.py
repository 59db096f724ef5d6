"""Sweep "histscale" (5 December, fourth): a workspace in its third year.

A school runs attcli weekly for years, and its history store grows with every run (each
run's snapshot, each letter with the marks its figures rested on, each return).  What a
command reads of it must follow what it needs (one pupil, one half term, the last run),
not the number of runs and letters before: these tests count what is read (rows,
calls), never time.

The registers are hand made (tests/builders.py), from Monday 7 September 2026, with the
autumn term dates of tests/school.py; the letters of earlier school years are recorded
through the store's own API (:meth:`attcli.store.History.begin_letter`), as a letters run
records them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from builders import count_calls, register, write_long_csv
from clirun import as_in_a_test, run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

D = dt.date
P = "/\\"
WEEK = " ".join([P] * 5)


@pytest.fixture()
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def export_to(reg: pl.DataFrame, day: dt.date, tmp_path: Path) -> Path:
    """The cumulative export of ``reg`` to ``day``, as the MIS gives it that Friday."""
    path = tmp_path / f"reg_{day:%m%d}.csv"
    return write_long_csv(reg.filter(reg["date"] <= day), path, dob=True)


def earlier_years(history: Path, pupils: int) -> None:
    """Letters of the school years 2024/25 and 2025/26 to ``pupils`` other pupils (an
    amber letter each half term), with the marks a letter keeps, as a letters run records
    them: what a workspace in its third year holds."""
    from attcli.store import History

    with History(history, write=True) as store:
        # (the test's own records, made quickly: no wait on the disk after each letter's
        # commit, as a real run's must; what is read back is the same)
        store.db.execute("PRAGMA synchronous=OFF")
        for year in (2024, 2025):
            for half in range(6):
                start = D(year, 9, 1) + dt.timedelta(weeks=7 * half)
                for i in range(pupils):
                    upn = f"OLD{i:03d}"
                    lid = store.begin_letter(
                        school="", upn=upn, template="amber", band="amber",
                        half_term=f"Half term {half + 1}", half_term_start=start,
                        academic_year=year, recipient=f"C{i}", stage=half + 1,
                        letter_date=start + dt.timedelta(days=30), out_dir="letters",
                        file=f"{upn}_{year}_{half}.pdf", pupil_name=f"Old Pupil {i}",
                        contact_name="Mrs Old", address="1 Old Road", email="",
                        attended=300, possible=330, as_of=start + dt.timedelta(days=29),
                        marks='{"v":1,"marks":{}}' + " " * 2000,
                    )  # fmt: skip
                    store.finish_letter(lid, "0" * 64)


def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The letters each read of the letters table returns (:meth:`History._letters`),
    from here on."""
    from attcli.store import History

    got: list[int] = []
    real = History._letters

    def counting(self, where, args):  # noqa: ANN001, ANN202
        found = real(self, where, args)
        got.append(len(found))
        return found

    monkeypatch.setattr(History, "_letters", counting)
    return got


def gus_letters(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ANNA, present, and GUS, O all the week of 14/09: the letters run of 25/09 sends GUS
    his letters.  The export of 25/09."""
    reg = register({"ANNA": " ".join([WEEK] * 3), "GUS": " ".join([WEEK, "O O O O O", WEEK])})
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray")],
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-26")
    exp = export_to(reg, D(2026, 9, 25), tmp_path)
    code, _, err = run_cli("letters", exp, "--contacts", contacts, "--out",
                           tmp_path / "letters", "-c", ws)  # fmt: skip
    assert code == 0, err
    return exp


@pytest.fixture(scope="module")
def gus_sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as :func:`gus_letters` leaves it (the workspace with GUS's letters on
    record, the export of 25/09, the contacts, the letters), made once for the module:
    the same run each time (:func:`gus_copy` gives each test its own copy)."""
    folder = tmp_path_factory.mktemp("gus-sent")
    with as_in_a_test(folder), pytest.MonkeyPatch.context() as mp:
        gus_letters(make_workspace(folder / "ws", AUTUMN_HALF_TERMS), folder, mp)
    return folder


def gus_copy(ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sent: Path) -> Path:
    """:func:`gus_letters` in ``ws`` (the workspace's config) and ``tmp_path``, copied from
    :func:`gus_sent`'s run (its history names its letters' folder, which only a letters
    run reads): today 26/09/2026, as it sets.  The export of 25/09."""
    shutil.copytree(sent / "ws", ws.parent, dirs_exist_ok=True)
    for name in ("contacts.csv", "reg_0925.csv"):
        shutil.copy2(sent / name, tmp_path / name)
    shutil.copytree(sent / "letters", tmp_path / "letters")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-26")
    return tmp_path / "reg_0925.csv"


@pytest.mark.parametrize("others", [0, 20])
def test_a_pupil_s_record_reads_that_pupil_s_letters_not_every_letter_on_record(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, others: int, gus_sent: Path
) -> None:
    """`attcli pupil GUS` read every letter of the history (each with its marks, every
    school year: 240 letters of two earlier years here, 3,000 in a real school's third
    year) to find GUS's two, and the casebook under it read them all again with their
    marks to find the steps of the ladder.  Now the letters read for the record are
    GUS's, by the index on UPN, however many other pupils' letters are on record; the
    casebook reads each letter's step (UPN, template, band, date), not the letters."""
    from attcli.store import History

    exp = gus_copy(ws, tmp_path, monkeypatch, gus_sent)
    earlier_years(ws.parent / "attcli-history.sqlite3", others)
    got = rows_read(monkeypatch)
    every = count_calls(monkeypatch, History, "all_letters")
    code, out, err = run_cli("pupil", "GUS", exp, "-c", ws)
    assert code == 0, err
    assert "red" in out and "25/09/2026" in out  # (his letters, as before)
    assert every == []
    # the letters read: GUS's two (red, warning) for the record; the half term's letters
    # (GUS's two: Autumn 1, the one sent this school year) for the check under it
    assert max(got) <= 2, got
    assert sum(got) <= 10, got


def test_cases_reads_no_letter_s_marks_for_the_ladder(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gus_sent: Path
) -> None:
    """`attcli cases` read every letter on record with its marks (kilobytes each) for the
    ladder, which needs each letter's UPN, template, band and date.  Now it reads no
    whole letter of the earlier years' 120: the letters read whole are this half term's."""
    exp = gus_copy(ws, tmp_path, monkeypatch, gus_sent)
    earlier_years(ws.parent / "attcli-history.sqlite3", 10)
    got = rows_read(monkeypatch)
    code, out, err = run_cli("cases", exp, "-c", ws)
    assert code == 0, err
    assert "GUS" in out
    assert sum(got) <= 10, got


def other_notices(history: Path, n: int) -> None:
    """``n`` penalty notices of earlier school years to other parents about other pupils
    (10 sessions each), as `pn record` records them."""
    from attcli.store import History, Parent

    with History(history, write=True) as store:
        for i in range(n):
            issued = D(2024, 11, 4) + dt.timedelta(days=7 * i)
            store.record_notice(
                f"OLD{i:03d}", Parent(f"id:P{i}", f"Parent {i}"), issued,
                sessions=[(issued - dt.timedelta(days=d), s, "O") for d in range(14, 19)
                          for s in ("AM", "PM")],
                by="office", pupil_name=f"Old Pupil {i}", pupil_dob=D(2015, 1, 1),
            )  # fmt: skip


@pytest.mark.parametrize("others", [0, 30])
def test_a_letters_run_reads_each_parent_s_notices_not_every_notice_for_each_letter(
    ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, others: int
) -> None:
    """A letters run asks of each letter whether a notice to its parent about a pupil of
    the same name and date of birth is on record under another UPN (a temporary UPN
    replaced), and read every notice on record to answer: a third year's 120 notices for
    each of hundreds of letters.  Now it reads the parent's own notices (none here: GUS's
    father has none): the others' are read once a run, not once a letter."""
    from attcli.store import History

    reg = register({"ANNA": " ".join([WEEK] * 3), "GUS": " ".join([WEEK, "O O O O O", WEEK])})
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANNA", "C1", "Mrs", "Ann", "Able"), ("GUS", "C2", "Mr", "Gil", "Gray")],
    )
    history = ws.parent / "attcli-history.sqlite3"
    History(history, write=True).close()
    other_notices(history, others)
    got: list[int] = []
    real = History.notices

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        found = real(self, *args, **kwargs)
        got.append(len(found))
        return found

    monkeypatch.setattr(History, "notices", counting)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-26")
    exp = export_to(reg, D(2026, 9, 25), tmp_path)
    code, out, err = run_cli("letters", exp, "--contacts", contacts, "--out",
                             tmp_path / "letters", "-c", ws)  # fmt: skip
    assert code == 0, err
    assert "2 letters written" in " ".join(out.split() + err.split())
    # (once a run, all of them: the casebook's, whose ladder counts a notice as a step)
    assert got and sum(got) <= others, got


def test_the_days_a_period_needs_are_each_judged_once_a_run(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ladder replays every casebook record and letter since the first, in every
    school year on record, and asks of each period the first and last day before the
    exports that may hold sessions (:func:`attcli.casebook.unheld_days`): each day from
    the period's start to its end was judged (a bank holiday? between two half terms?)
    at every call, seconds of a third year's `cases` and `check`.  Now each day is judged
    at most once a run, and the answer is the same: checked here against every day of two
    school years judged afresh, for periods of every length."""
    from attcli import bankholidays
    from attcli.casebook import unheld_days
    from attcli.config import load_config

    config = load_config(ws)
    judged: list[dt.date] = []
    real = bankholidays.is_bank_holiday

    def counting(day: dt.date) -> bool:
        judged.append(day)
        return real(day)

    monkeypatch.setattr(bankholidays, "is_bank_holiday", counting)
    unheld = unheld_days(config, D(2026, 9, 7), D(2026, 9, 7))

    def afresh(a: dt.date, b: dt.date) -> tuple[dt.date, dt.date] | None:
        terms = sorted(config.half_terms, key=lambda h: h.start)
        breaks = [(x.end, y.start) for x, y in zip(terms, terms[1:], strict=False)]
        b = min(b, D(2026, 8, 31))  # (the exports hold from 1 September: held from then)
        days = [
            d for i in range((b - a).days + 1)
            if (d := a + dt.timedelta(days=i)).weekday() < 5 and d.month != 8
            and not real(d) and d not in config.inset_days
            and (any(h.start <= d <= h.end for h in terms)
                 or not any(e < d < s for e, s in breaks))
        ]  # fmt: skip
        return (days[0], days[-1]) if days else None

    first = D(2024, 9, 1)
    asked = [
        (first + dt.timedelta(days=s), first + dt.timedelta(days=s + n))
        for s in range(0, 730, 9)
        for n in (0, 1, 3, 7, 30, 70, 200, 800)
    ]
    got = [unheld(a, b) for a, b in asked]
    assert len(judged) <= 731 + 800, len(judged)  # (each day of the years asked, once)
    assert len(judged) == len(set(judged))
    assert got == [afresh(a, b) for a, b in asked]
    assert unheld(D(2025, 8, 1), D(2025, 8, 31)) is None  # (August: the summer holiday)
    assert unheld(D(2025, 12, 25), D(2025, 12, 26)) is None  # (bank holidays)
    assert unheld(D(2026, 9, 7), D(2026, 10, 1)) is None  # (the exports hold these days)
