"""Sweep leftovers13 (docs/decisions.md, "... (sweep of 6 December (third), leftovers13)"):
a pupil list's leaver before exports that start late, letters per school and a child of
two schools, cme's joined row's year and birth date, the pupil record's imports, and
decide10's term across two school years."""

from __future__ import annotations

import datetime as dt
import json

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

PUPILS_HEADER = "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date\n"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _late_start(tmp_path, start: dt.date, days: int):
    """Exports of STAY (present throughout) from ``start`` for ``days`` school days, and a
    pupil list: STAY admitted 07/09/2026, GONE admitted 07/09/2026 and left Thu 10/09/2026.
    GONE's rows: present on the four days to 10/09 where the exports hold them, and on the
    exports' first day a "-" and a present mark (after leaving: counted for nothing), as
    the MIS exported seed 70124's leaver."""
    cfg = make_workspace(tmp_path, AUTUMN_HALF_TERMS)
    gone = "/\\ /\\ /\\ /\\" if start == dt.date(2026, 9, 7) else "-\\"
    reg = register({"STAY": " ".join(["/\\"] * days), "GONE": gone}, start=start)
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True, groups=True)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text(
        PUPILS_HEADER
        + "STAY,SurnameSTAY,ForenameSTAY,01/10/2014,07/09/2026,\n"
        + "GONE,SurnameGONE,ForenameGONE,01/10/2014,07/09/2026,10/09/2026\n",
        encoding="utf-8",
    )
    return cfg, export, pupils


def test_a_pupil_list_s_leaver_before_exports_that_start_late_is_not_on_roll_in_the_period(
    tmp_path,
):
    """oracle6's seed 70124.  Exports from Mon 14/09/2026 to Fri 25/09/2026 (10 school
    days; the year's first, Mon 07/09, is not in them: figures for 14/09 to 25/09 only,
    no band, DOMAIN.md 2).  The pupil list's GONE left on Thu 10/09: not on roll on any
    day of the period, so not one of its pupils: the summary counts 1 pupil (STAY, 20 of
    20 sessions), the report's headline "1 pupils on roll at some point in the period",
    the check names no leaver "in the period" (it said "left 10/09/2026" of a period from
    14/09) but still lists GONE's two marks after the leaving date as a register problem.  With `--from 14/09/2026` (exports from 07/09) GONE was already not counted:
    the same answer either way."""
    cfg, export, pupils = _late_start(tmp_path, dt.date(2026, 9, 14), 10)
    base = [export, "--pupils", pupils, "--config", cfg, "--as-of", "2026-09-25"]
    code, out, err = run_cli("summary", *base, "-o", tmp_path / "s.json")
    assert code == 0, err
    doc = json.loads((tmp_path / "s.json").read_text())
    assert doc["period"]["start"] == "2026-09-14"
    assert doc["period"]["complete"] is False
    t = doc["totals"]
    assert (t["pupils"], t["on_roll"], t["no_band"], t["possible"], t["attended"]) == (
        1, 1, 1, 20, 20,
    )  # fmt: skip
    code, out, err = run_cli("report", *base, "-o", tmp_path / "r.html")
    assert code == 0, err
    page = _flat((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "1 pupils on roll at some point in the period" in page or (
        "1 pupil on roll at some point in the period" in page
    )
    code, out, err = run_cli("check", *base)
    assert code == 0, err
    text = _flat(out + err)
    assert "left the roll in the period" not in text and "GONE (left" not in text
    assert "no band (incomplete data) 1" in text
    # (its marks after the leaving date are still a register problem to fix)
    assert "GONE (GONE): 2 sessions, 14/09/2026 (after the leaving date 10/09/2026" in text


def test_a_pupil_list_s_leaver_is_counted_when_the_exports_hold_their_time_on_roll(tmp_path):
    """The same pupil list with exports from the year's first day, Mon 07/09/2026, to Fri
    25/09/2026 (15 school days): GONE was on roll 07/09 to 10/09, days of the period, so is
    one of its 2 pupils (1 on roll on the last day; 30 + 8 possible sessions) and the check
    names the leaver.  With `--from 14/09/2026` the period is 14/09 to 25/09, which GONE
    was not on roll in: 1 pupil, 20 sessions, as from exports that start then."""
    cfg, export, pupils = _late_start(tmp_path, dt.date(2026, 9, 7), 15)
    base = [export, "--pupils", pupils, "--config", cfg, "--as-of", "2026-09-25"]
    code, out, err = run_cli("summary", *base, "-o", tmp_path / "s.json")
    assert code == 0, err
    t = json.loads((tmp_path / "s.json").read_text())["totals"]
    assert (t["pupils"], t["on_roll"], t["possible"]) == (2, 1, 38)
    code, out, err = run_cli("check", *base)
    assert code == 0, err
    assert "GONE (left 10/09/2026)" in _flat(out + err)
    code, out, err = run_cli("summary", *base, "--from", "2026-09-14", "-o", tmp_path / "f.json")
    assert code == 0, err
    t = json.loads((tmp_path / "f.json").read_text())["totals"]
    assert (t["pupils"], t["on_roll"], t["possible"]) == (1, 1, 20)


def test_the_record_of_a_leaver_before_exports_that_start_late_says_when_they_left(tmp_path):
    """`attcli pupil GONE` of the late exports above: GONE is not one of the period's
    pupils, and the record said "has no session on roll this school year" (GONE was on
    roll 07/09 to 10/09 this school year: the exports do not hold it).  It says when they
    left and what would give their record: the register from the school year's start."""
    cfg, export, pupils = _late_start(tmp_path, dt.date(2026, 9, 14), 10)
    code, out, err = run_cli(
        "pupil", "GONE", export, "--pupils", pupils, "--config", cfg, "--as-of", "2026-09-25"
    )
    assert code == 1
    assert _flat(err) == (
        "error: pupil 'GONE' left the roll on 10/09/2026, before the exports start "
        "(14/09/2026), so these exports hold no day of theirs on roll: give the register "
        "from 01/09/2026 (the start of the school year) for their record"
    )


#: a trust of two schools (docs/trust.md): each school's files by its own pattern
TRUST_SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]

[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
"""


def _two_school_child(folder):  # noqa: ANN001, ANN202
    """Ash and Birch, 20 school days from Mon 7 September 2026 to Fri 2 October: ANN at
    Ash and BEN at Birch present throughout; Pat Mover on roll at both under two UPNs,
    P999100000001 at Ash and P999200000002 at Birch (the same surname, forename and date
    of birth), at each present but for a G afternoon on each of the first 8 days: 32 of
    40 sessions, 80.0 %, red at both (DOMAIN.md 3).  The contacts export gives both UPNs
    the same parent, contact C1, Mrs Jo Mover, at one address."""
    import polars as pl

    from attcli.config import init_text
    from school import CONTACTS_HEADER, DETAILS

    pat = " ".join(["/G"] * 8 + ["/\\"] * 12)
    every = " ".join(["/\\"] * 20)
    a = register({"A999100000009": every, "P999100000001": pat}, school="Ash Primary School")
    b = register({"B999200000009": every, "P999200000002": pat}, school="Birch Academy")

    def named(reg: pl.DataFrame) -> pl.DataFrame:
        p = pl.col("upn").cast(pl.Utf8).str.starts_with("P")
        return reg.with_columns(
            pl.when(p).then(pl.lit("Mover")).otherwise(pl.col("surname")).alias("surname"),
            pl.when(p).then(pl.lit("Pat")).otherwise(pl.col("forename")).alias("forename"),
        )

    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + TRUST_SCHOOLS, encoding="utf-8")
    contacts = folder / "contacts.csv"
    contacts.write_text(CONTACTS_HEADER + "".join(
        f"{upn},{cid},{title},{fore},{sur},Parent,1,Yes,{n} Elm Road,Anytown,AN1 1AB\n"
        for upn, cid, title, fore, sur, n in (
            ("A999100000009", "C9", "Mr", "Al", "Ash", 9),
            ("B999200000009", "C8", "Mr", "Bo", "Birch", 8),
            ("P999100000001", "C1", "Mrs", "Jo", "Mover", 1),
            ("P999200000002", "C1", "Mrs", "Jo", "Mover", 1),
        )
    ), encoding="utf-8")  # fmt: skip
    files = (
        write_long_csv(named(a), folder / "a-autumn.csv", dob=True, groups=True),
        write_long_csv(named(b), folder / "b-autumn.csv", dob=True, groups=True),
    )
    return config, files, contacts


def test_letters_per_school_says_a_child_of_two_schools_and_the_two_letters_made(tmp_path):
    """`letters --per-school` as of Fri 02/10/2026: each school's run makes a red letter
    to Mrs Jo Mover, one for P...01 at Ash and one for P...02 at Birch (each school's
    figures are its own register's: 80.0 % at each).  If the two UPNs are one child, the
    parent gets the same letter twice: the run said nothing of it (check, cme and
    register-check --per-school say the child of two schools once).  It now says the
    child once, after the schools' lines, as the check does, and then the two letters,
    each school's with its UPN and recipient, on a dry run and on the run that writes
    them; a run of Ash alone, or with no letter for Pat at one school, says no such
    line of letters."""
    config, files, contacts = _two_school_child(tmp_path / "trust")
    child = (
        "one child under two UPNs in two schools? 'Mover, Pat' born 01/10/2014: "
        "P999100000001 at Ash Primary School, P999200000002 at Birch Academy"
    )
    two = (
        "two letters for one child? 'Mover, Pat' born 01/10/2014 (two UPNs, above): "
        "{verb} red at Ash Primary School (P999100000001, to Mrs Jo Mover) and red at "
        "Birch Academy (P999200000002, to Mrs Jo Mover): if this is one child, the family "
        "gets two letters about them, one from each school's register: decide which "
        "school writes, and send one"
    )
    base = [*files, "-c", config, "--contacts", contacts, "--as-of", "2026-10-02",
            "--per-school", tmp_path / "out"]  # fmt: skip
    for dry, verb in ((True, "this run would make"), (False, "this run made")):
        code, out, err = run_cli("letters", *base, *(["--dry-run"] if dry else []), width=80)
        assert code == 0, err
        text = _flat(err)
        assert text.count(child) == 1, text
        assert text.count(two.format(verb=verb)) == 1, text
        assert text.index(two.format(verb=verb)) > text.index(child), text
        assert text.index(child) > text.index("b (Birch Academy):"), text
    # run again: both letters already sent, nothing new: no line of letters made
    code, out, err = run_cli("letters", *base, width=80)
    assert code == 0, err
    assert "two letters for one child?" not in _flat(out + err)


OLD, NEW = "A99920101001A", "A999201010017"


def _kit_under_two_upns(tmp_path, new_group=("7", "7A")):  # noqa: ANN001, ANN202
    """leftovers11's 6 + 6: FILL present throughout; Kit Child (born 01/05/2015) is OLD
    (Year 7, 7A) from Mon 7 Sep to Fri 2 Oct, present to Thu 24 Sep and N from Fri 25 Sep
    (6 days), and NEW (``new_group``) N from Mon 5 to Mon 12 Oct (6 days): one run of 12
    across the UPNs as of 12/10/2026, neither UPN's own reaching 10."""
    from builders import register_rows, school_days, token_rows

    kit = {"surname": "Child", "forename": "Kit", "dob": dt.date(2015, 5, 1)}
    old_days = school_days(dt.date(2026, 9, 7), 20)
    new_days = school_days(dt.date(2026, 10, 5), 6)
    fill = school_days(dt.date(2026, 9, 7), 26)
    rows = token_rows("FILL", fill, " ".join("/" for _ in fill))
    rows += token_rows(OLD, old_days, "/ " * 14 + "N " * 6,
                       {**kit, "year_group": "7", "reg_group": "7A"})  # fmt: skip
    rows += token_rows(NEW, new_days, "N " * 6,
                       {**kit, "year_group": new_group[0], "reg_group": new_group[1]})  # fmt: skip
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True, groups=True)
    return cfg, export


def test_cme_s_joined_row_on_the_terminal_gives_the_year_group_and_birth_date(tmp_path):
    """The terminal's row of the run joined across OLD and NEW said "under two UPNs" in its
    "Year, born" column, where every other row gives the year, group and date of birth and
    the CSV and JSON give them for the joined row too (leftovers11's `agreed`).  It now
    says "7 7A" over "01/05/2015" when the UPNs agree, as a UPN's own row does, within 80
    columns; when they differ (NEW in Year 8, 8B), each UPN's in turn, "7 7A / 8 8B", as
    the JSON's "7 / 8" and "7A / 8B" are."""
    for new_group, group in ((("7", "7A"), "7 7A"), (("8", "8B"), "7 7A / 8 8B")):
        cfg, export = _kit_under_two_upns(tmp_path / new_group[0], new_group)
        code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-12", width=80)
        assert code == 0, err
        lines = out.splitlines()
        assert max(len(x) for x in lines) <= 80, out
        assert "under two UPNs" not in out[: out.index("Child, Kit (")], out  # (the table)
        (i,) = [n for n, x in enumerate(lines) if "ACROSS UPNS" in x]
        assert lines[i].split("│")[2].strip() == group, out
        assert lines[i + 1].split("│")[2].strip() == "01/05/2015", out


#: 2026/27's half terms (tests/test_sweep_policies2.py's) and 2027/28's autumn
YEAR_1 = [
    ("Autumn 1", dt.date(2026, 9, 7), dt.date(2026, 10, 23)),
    ("Autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
    ("Spring 1", dt.date(2027, 1, 4), dt.date(2027, 2, 12)),
    ("Spring 2", dt.date(2027, 2, 22), dt.date(2027, 3, 25)),
    ("Summer 1", dt.date(2027, 4, 12), dt.date(2027, 5, 28)),
    ("Summer 2", dt.date(2027, 6, 7), dt.date(2027, 7, 16)),
]
YEAR_2 = [
    ("Autumn 1", dt.date(2027, 9, 6), dt.date(2027, 10, 22)),
    ("Autumn 2", dt.date(2027, 11, 1), dt.date(2027, 12, 17)),
]


def test_a_term_from_a_first_step_whose_term_dates_are_not_listed_is_not_reckoned() -> None:
    """decide10's term across two school years.  A first step on Tue 04/05/2027 (Mon 3 May
    a bank holiday), in the summer term of 2026/27: Summer 1 (12/04-28/05, less 03/05) 34
    school days and Summer 2 (07/06-16/07) 30: a term of 64.  From 04/05: 19 in Summer 1,
    30 in Summer 2 (49), then 15 of Autumn 1 2027 from Mon 06/09: Fri 24/09/2027.  With
    only 2027/28's dates listed (last year's replaced, as schools do each September) the
    step was read as in a holiday before the autumn term, whose 70 days from 06/09 end
    17/12/2027: a term and a half, the referral due 12 weeks late, unsaid.  Its term is
    not known then: None (and `attcli cases` says so, below).  Likewise with 2026/27's
    summer left out (a gap longer than any holiday before 2027/28's autumn).  A step in
    the summer holiday of a year whose dates are listed (Tue 20/07/2027) counts from the
    next term as before (Autumn 2027: 35 + 35 days to 17/12/2027), and one before the
    first half term of its own year (Wed 02/09/2026) from Autumn 1 (to 18/12/2026)."""
    from attcli.config import HalfTerm
    from attcli.ladder import term_end, term_unlisted

    y1 = [HalfTerm(*h) for h in YEAR_1]
    y2 = [HalfTerm(*h) for h in YEAR_2]
    first = dt.date(2027, 5, 4)
    assert term_end(first, y1 + y2) == dt.date(2027, 9, 24)
    assert term_unlisted(first, y1 + y2) is None
    assert term_end(first, y2) is None
    assert term_unlisted(first, y2) is not None
    assert term_end(first, y1[:4] + y2) is None
    assert term_unlisted(first, y1[:4] + y2) is not None
    assert term_end(dt.date(2027, 7, 20), y1 + y2) == dt.date(2027, 12, 17)
    assert term_unlisted(dt.date(2027, 7, 20), y1 + y2) is None
    assert term_end(dt.date(2026, 9, 2), y1) == dt.date(2026, 12, 18)
    assert term_unlisted(dt.date(2026, 9, 2), y1) is None
    assert term_unlisted(first, []) is None  # (no dates at all: unlisted_half_terms says it)


def test_cases_says_a_term_on_the_ladder_it_cannot_judge_for_want_of_its_term_dates(
    tmp_path, monkeypatch
) -> None:
    """Seed 004's ladder.  STEADY misses a Wednesday afternoon a week (90 %) from 7
    September 2026 to Fri 08/10/2027; the letter recorded on Tue 04/05/2027 (2026/27's
    dates listed then).  In September the school lists 2027/28's dates in place of
    2026/27's.  As of Mon 27/09/2027 the term from 04/05 (to 24/09/2027 by both years'
    dates) cannot be reckoned: nothing is due by it (the support meeting stays due, the
    ladder's own way), and the row's note says why in one line, where before the
    referral fell due, silently, on 18/12/2027 ("from 04/05/2027 to 17/12/2027").  With
    both years listed the referral is due from Sat 25/09/2027, as decide10 has it."""
    from attcli.bankholidays import is_bank_holiday
    from builders import register_rows, weekdays
    from test_ladder_presets import init_workspace

    monkeypatch.setenv("ATTCLI_TODAY", "2027-10-08")

    def toml(halves):  # noqa: ANN001, ANN202
        return "".join(f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n'
                       for n, s, e in halves)  # fmt: skip

    days = [d for _, s, e in YEAR_1 + YEAR_2 for d in weekdays(s, min(e, dt.date(2027, 10, 8)))
            if not is_bank_holiday(d)]  # fmt: skip
    rows = [
        {"upn": "STEADY", "date": d, "session": s, "mark": m}
        for i, d in enumerate(days)
        for s, m in zip(("AM", "PM"), "/O" if i >= 10 and d.weekday() == 2 else "/\\", strict=True)
    ]
    export = write_long_csv(register_rows(rows), tmp_path / "r.csv")

    def cases(cfg, as_of: str) -> dict:  # noqa: ANN001
        code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", as_of, "-f", "json")
        assert code == 0, err
        return next(c for c in json.loads(out)["cases"] if c["upn"] == "STEADY")

    for both in (False, True):
        cfg = init_workspace(tmp_path / f"ws{both}", "seed004", "")
        plain = cfg.read_text(encoding="utf-8")
        cfg.write_text(plain + toml(YEAR_1), encoding="utf-8")
        assert cases(cfg, "2027-05-04")["due_stage"] == "letter"
        code, _, err = run_cli("case", "record", "STEADY", "--action", "letter", "--date",
                               "2027-05-04", "-c", cfg)  # fmt: skip
        assert code == 0, err
        cfg.write_text(plain + toml(YEAR_1 + YEAR_2 if both else YEAR_2), encoding="utf-8")
        got = cases(cfg, "2027-09-27")
        if both:
            assert (got["due_stage"], got["due_from"]) == ("ewo_referral", "2027-09-25")
            assert "from 04/05/2027 to 24/09/2027" in got["note"]
            # the support meeting held on Tue 07/09/2027 (its period to 04/10), and the new
            # school year's exports alone given (from Mon 06/09/2027): the term, judged
            # against the 144 days before it (from 11/12/2026), needs 2026/27's register,
            # to 16/07/2027: not judged, and said (it was silent: monitoring, no note)
            code, _, err = run_cli("case", "record", "STEADY", "--action", "support_meeting",
                                   "--date", "2027-09-07", "-c", cfg)  # fmt: skip
            assert code == 0, err
            export = write_long_csv(
                register_rows([r for r in rows if r["date"] >= dt.date(2027, 9, 6)]),
                tmp_path / "new-year.csv",
            )
            got = cases(cfg, "2027-09-27")
            assert (got["stage"], got["status"], got["due_stage"]) == (
                "support_meeting", "monitoring", None,
            )  # fmt: skip
            assert got["note"].startswith(
                "the term on the ladder from 04/05/2027 to 24/09/2027 cannot be judged from "
                "the exports given: they do not hold 11/12/2026 to 16/07/2027; give the "
                "exports holding those dates too, or Referral to the Education Welfare Officer, "
                "due after a term without improvement, does not fall due by it (docs/cases.md "
                "step 4)"
            )
            continue
        assert (got["stage"], got["due_stage"]) == ("letter", "support_meeting")
        assert got["note"] == (
            "a term on the ladder from the first step on 04/05/2027 cannot be judged: "
            "attcli.toml's [[calendar.half_terms]] do not hold the term that day is in "
            "(the 2026/27 school year's): list them too, or Referral to the Education Welfare "
            "Officer, due after a term without improvement, never falls due by it "
            "(docs/cases.md step 4)"
        )
