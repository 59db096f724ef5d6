"""The office's hands, a sixth pass: the week recorded again, the name on record, and
forgetting (sweep slips6).  Small registers from tests/builders.py in a workspace from
tests/school.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_sweep_slips5 import YEARS, YEARS_TOML

P = "/\\"


def test_a_week_recorded_again_lists_the_pupils_whose_figures_differ_from_the_run_replaced(
    tmp_path: Path,
) -> None:
    """Two weeks (7-18 Sep, 20 sessions each) recorded as of 18/09, then corrected in the
    MIS and recorded again.  A: all present (green, 20/20), then two days made O (16/20 =
    80.0 %, red, 4 unauthorised: in band red now).  B: N on 14-15/09 (16/20, 4
    unauthorised, red), made I (16/20, none unauthorised, still red).  C: N on 7-8/09 made
    O (12/20, 8 unauthorised either way: nothing differs, not listed).  slips5's line said
    only "2 pupils' figures differ from it"; the officer needs who and how."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    marks = {"A": [P] * 10, "B": [P] * 10, "C": [P] * 10}
    marks["B"][5:7] = ["N", "N"]
    marks["C"][0:2] = ["N", "N"]
    first = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "a.csv")
    marks["A"][0:2] = ["O", "O"]
    marks["B"][5:7] = ["I", "I"]
    marks["C"][0:2] = ["O", "O"]
    again = write_long_csv(register({k: " ".join(v) for k, v in marks.items()}), tmp_path / "b.csv")
    assert run_cli("check", first, "-c", config, "--record")[0] == 0
    code, _, err = run_cli("check", again, "-c", config, "--record", "-f", "json")
    assert code == 0, err
    said = " ".join(err.split())
    assert (
        " (no. 1 in the history), which it replaces: 2 pupils' figures differ from it: "
        "SurnameA, ForenameA (A) was green (20/20), is red (16/20, 4 unauthorised): now in "
        "band red; SurnameB, ForenameB (B) was red (16/20, 4 unauthorised), is red (16/20)"
    ) in said, said
    assert "(C)" not in said


AMY = "A123456789011"


def test_the_name_on_record_is_the_newest_run_s_not_the_run_recorded_last(
    tmp_path: Path,
) -> None:
    """Amy's surname changed in the MIS in the second week: this week's export (to 18/09)
    names her Amy Jones, last week's (to 11/09) Amy Smith.  `cases` on this week's, then on
    last week's by mistake (recorded after it, said to be older).  The newest run on record
    is the one as of 18/09 (slips5), but the name on record (`History.pupil_name`, what a
    case, pack or letter says of a pupil the register does not name) was the run recorded
    last's: a UPN typed a digit wrong was "did you mean ... (Amy Smith)?"."""
    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    reg = register({AMY: " ".join([P] * 10), "B": " ".join([P] * 10)}).with_columns(
        forename=pl.when(pl.col("upn") == AMY).then(pl.lit("Amy")).otherwise("forename"),
        surname=pl.when((pl.col("upn") == AMY) & (pl.col("date") < dt.date(2026, 9, 14)))
        .then(pl.lit("Smith"))
        .when(pl.col("upn") == AMY)
        .then(pl.lit("Jones"))
        .otherwise("surname"),
    )
    wk2 = write_long_csv(reg, tmp_path / "wk2.csv")
    wk1 = write_long_csv(reg.filter(pl.col("date") < dt.date(2026, 9, 12)), tmp_path / "wk1.csv")
    assert run_cli("cases", wk2, "-c", config)[0] == 0
    code, _, err = run_cli("cases", wk1, "-c", config)
    assert code == 0 and "a check as of 18/09/2026 is on record, after" in err
    code, _, err = run_cli("case", "record", "A123457789011", "--action", "amber", "--date",
                           "2026-09-21", "-c", config)  # fmt: skip
    assert code == 1
    assert " ".join(err.split()).endswith(f"; did you mean {AMY} (Amy Jones)?"), err


# (the school year 2025/26 and Autumn 2026 from Thu 3 September: slips5's YEARS)


def test_forgetting_last_year_s_records_does_not_stop_this_year_s_letters(
    tmp_path: Path, monkeypatch
) -> None:
    """July: the letters for 2025/26 into letters/ (P1 ill every fifth day, 80.0 %: a red
    letter, held for the illness and released).  September, the school's retention: `pupil forget --before 2026-09-01 --yes`
    deletes last year's records, July's letter among them.  Then September's letters into
    the same folder (P1 N on 3-4 Sep, 12 of 16 = 75.0 %: red again, this year's first):
    refused "the history ... has no record of any of them: the school's history is
    elsewhere or was lost", of a history that forgot them as the office asked."""
    from builders import register_rows, token_rows, weekdays
    from school import contacts_file

    config = make_workspace(tmp_path, YEARS_TOML)
    last = [d for _, a, b in YEARS[:6] for d in weekdays(a, b)]
    this = [d for _, a, b in YEARS[6:] for d in weekdays(a, b)][:8]
    july = token_rows("P0", last, " ".join([P] * len(last))) + token_rows(
        "P1", last, " ".join(([P] * 4 + ["I"]) * (len(last) // 5) + [P] * (len(last) % 5))
    )
    sept = token_rows("P0", this, " ".join([P] * 8)) + token_rows(
        "P1", this, " ".join(["N", "N"] + [P] * 6)
    )
    july_csv = write_long_csv(register_rows(july), tmp_path / "july.csv")
    sept_csv = write_long_csv(register_rows(sept), tmp_path / "sept.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv", [("P0", "C1", "Mrs", "Ann", "Nought"), ("P1", "C2", "Mr", "Bob", "One")]
    )
    out = tmp_path / "letters"

    def letters(export: Path, today: str, *more: str) -> tuple[int, str, str]:
        monkeypatch.setenv("ATTCLI_TODAY", today)
        return run_cli("letters", export, "--contacts", contacts, "--out", out, "-c", config,
                       *more)  # fmt: skip

    code, said, err = letters(july_csv, "2026-07-17", "--release", "P1")
    assert code == 0 and "1 letter written" in said, err
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-14")
    code, said, err = run_cli("pupil", "forget", "--before", "2026-09-01", "--yes", "-c", config)
    assert code == 0 and "deleted the records dated before 01/09/2026: 1 letter" in said, err
    code, said, err = letters(sept_csv, "2026-09-14")
    assert code == 0 and "1 letter written" in said, err
    # July's letter, sent, kept in the folder; September's has a name of its own
    assert sorted(p.name for p in out.glob("*.pdf") if p.name.startswith("P1_")) == [
        "P1_SurnameP1_ForenameP1_red.pdf", "P1_SurnameP1_ForenameP1_red_Autumn-1.pdf"
    ]


def test_forgetting_a_pupil_s_letters_of_this_year_says_what_it_means_for_the_next_letters(
    tmp_path: Path, monkeypatch
) -> None:
    """Autumn 1: C's red letter on 21/09 (O on 14-17 Sep: 12 of 20 = 60.0 % by 18/09,
    red).  The family asks for C's records to be erased
    (`pupil forget C --force`: this school year's records, which this year's steps rest
    on).  It said only what --force overrode; the office is not told that the next
    letters run no longer knows C's letter was sent.  Said now, dry run and real, and the
    next letters run says so beside C's letter (as it did)."""
    from school import contacts_file

    config = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    marks = {k: [P] * 15 for k in "ABC"}
    marks["C"][5:9] = ["O"] * 4
    reg = register({k: " ".join(v) for k, v in marks.items()})
    wk2 = write_long_csv(reg.filter(pl.col("date") <= dt.date(2026, 9, 18)), tmp_path / "wk2.csv")
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("A", "C1", "Mrs", "Ann", "A"), ("B", "C2", "Mr", "Bob", "B"), ("C", "C3", "Ms", "Cat", "C"),
    ])  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-21")
    code, said, err = run_cli("letters", wk2, "--contacts", contacts, "--out", tmp_path / "out",
                              "-c", config)  # fmt: skip
    assert code == 0 and "1 letter written" in said, err
    means = (
        "C's 1 letter of this school year is no longer on record: the next letters run "
        "cannot tell it was sent, and says so beside any letter to C (check it is not the "
        "same letter again before it goes)"
    )
    for more, gone in (([], "would no longer be"), (["--yes"], "is no longer")):
        code, said, err = run_cli("pupil", "forget", "C", "--force", "-c", config, *more)
        assert code == 0, err
        assert means.replace("is no longer", gone) in " ".join(err.split()), err


def test_a_trust_s_letters_release_a_pupil_held_at_one_school_and_run_every_school(
    tmp_path: Path, monkeypatch
) -> None:
    """Oak Trust, Ash and Birch, one export with a School column, 20 school days from
    Mon 7 Sep.  At Ash, 1004 ill (`I`) the first 4 days: 32 of 40 = 80.0 %, red, the
    letter held for review (all absence illness); 1002 present.  At Birch, 1003 away
    (`O`) the first 4 days: red, not held.  `letters --per-school L --release 1004`: Ash's
    run made 1004's letter, then Birch's was refused, "--release 1004: no letter for this
    pupil is held for review in this run (held: none)", and Birch's letters were never
    made: a UPN released is another school's pupil in every school's run but its own.
    Now Birch's letters are made too; a UPN no school has on roll is still refused."""
    from school import contacts_file

    config = trust_config(tmp_path)
    away = {"I": " ".join(["I"] * 4 + [P] * 16), "O": " ".join(["O"] * 4 + [P] * 16)}
    ash = register({"1002": " ".join([P] * 20), "1004": away["I"]}, school="Ash Primary School")
    birch = register({"1003": away["O"]}, school="Birch Academy")
    shared = write_long_csv(pl.concat([ash, birch]), tmp_path / "trust-autumn.csv", school=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [
        ("1002", "C2", "Mr", "Bob", "Two"), ("1003", "C3", "Ms", "Cat", "Three"),
        ("1004", "C4", "Mr", "Dan", "Four"),
    ])  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")

    def letters(*more: str) -> tuple[int, str, str]:
        return run_cli("letters", shared, "--contacts", contacts, "-c", config, "--per-school",
                       tmp_path / "L", *more)  # fmt: skip

    code, out, err = letters("--release", "1004", "--dry-run")
    assert code == 0, err
    said = " ".join(out.split())
    ash, birch = said.split("dry run: ")[:2]
    assert "1004_Surname1004_Forename1004_red.pdf" in ash and "Held for review" not in ash
    assert "1003_Surname1003_Forename1003_red.pdf" in birch, said
    code, out, err = letters("--release", "1009", "--dry-run")
    assert code == 1
    assert " ".join(err.split()).endswith(
        "error: --release 1009: no school of the trust has this pupil on roll in these "
        "exports (a: Ash Primary School, b: Birch Academy); check the UPN"
    ), err


def trust_config(folder: Path) -> Path:
    """A trust's workspace in ``folder``: the Oak Trust of Ash Primary School (key a, its
    files a-*) and Birch Academy (b, b-*), Autumn 2026's half terms."""
    from attcli.config import init_text
    from school import DETAILS

    schools = "".join(
        f'\n[schools.{k}]\nname = "{n}"\nurn = "{u}"\nfiles = ["{k}-*"]\n'
        for k, n, u in (("a", "Ash Primary School", "100001"), ("b", "Birch Academy", "100002"))
    )
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + schools, encoding="utf-8")
    return config
