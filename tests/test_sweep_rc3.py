"""Third sweep of the LA's termly register check (DOMAIN.md 8), on hand-made registers
worked by hand."""

from __future__ import annotations

import datetime as dt

import polars as pl

from attcli.config import Config, parse_config
from attcli.lacheck import register_check
from builders import register
from school import AUTUMN_HALF_TERMS

D = dt.date


def _pupils(start: dt.date, days: int, who: dict[str, tuple[str, dt.date | None]],
            mark: str = "N", holidays=()) -> pl.DataFrame:
    """One register of pupils ``who`` (upn -> (year group, date of birth)), each ``mark``
    every one of ``days`` school days from ``start``."""
    parts = [
        register({upn: " ".join([mark] * days)}, start=start, holidays=holidays,
                 dob={upn: born}, year_group=year)
        for upn, (year, born) in who.items()
    ]  # fmt: skip
    out = pl.concat(parts)
    return out.with_columns(pl.int_range(2, out.height + 2).cast(out.schema["line"]).alias("line"))


# ---------------------------------------------------------------- compulsory school age


def test_the_register_check_lists_only_pupils_of_compulsory_school_age_in_the_term():
    """The 2006 (2024) regulations' return is of registered pupils of compulsory school age
    (DOMAIN.md 5: from the 31 Dec/31 Mar/31 Aug on or after the 5th birthday to the last
    Friday in June of Year 11).  Autumn 2026 (20 school days from Mon 7 Sep, no term dates:
    the figures to Fri 2 Oct); everyone N every day: 0/40, below the threshold and a run of
    20 school days.
    Y12 born 31/08/2010: compulsory school age ended Fri 26/06/2026, before the term: NOT
    listed.  Y11 born 01/09/2010: of it to Fri 25/06/2027: listed.  Y11 born 15/10/2010
    turns 16 in the term and stays of it to 25/06/2027: listed.  Y1 born 31/08/2021: 5 on
    31/08/2026, of it from that day: listed.  R born 01/09/2021: 5 on 01/09/2026, of it from
    31/12/2026, after the term: NOT listed.  NODOB: listed (not known not to be of it).
    Were these silently dropped, the school would not know; they are named."""
    reg = _pupils(D(2026, 9, 7), 20, {
        "Y12": ("12", D(2010, 8, 31)),
        "Y11": ("11", D(2010, 9, 1)),
        "Y11OCT": ("11", D(2010, 10, 15)),
        "Y1": ("1", D(2021, 8, 31)),
        "REC": ("R", D(2021, 9, 1)),
        "NODOB": ("7", None),
    })  # fmt: skip
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert sorted(rc.rows.get_column("upn")) == ["NODOB", "Y1", "Y11", "Y11OCT"]
    assert rc.not_of_age_line() == (
        "2 pupils who meet a listing rule are not listed: not of compulsory school age on "
        "any day of the term to 02/10/2026 (the return is of pupils of compulsory school "
        "age); each is named in a note"
    )
    assert rc.not_of_age == (
        "not in the register check, not of compulsory school age in the term: SurnameREC, "
        "ForenameREC (REC), year R, born 01/09/2021: of compulsory school age from "
        "31/12/2026; 0.00 % in the term (below threshold; continuous unauthorised 10 days)",
        "not in the register check, not of compulsory school age in the term: SurnameY12, "
        "ForenameY12 (Y12), year 12, born 31/08/2010: compulsory school age ended on "
        "26/06/2026; 0.00 % in the term (below threshold; continuous unauthorised 10 days)",
    )
    assert rc.no_dob_line() == (
        "1 listed pupil has no date of birth: listed, as compulsory school age cannot be "
        "told without it (check it in the MIS): SurnameNODOB, ForenameNODOB (NODOB)"
    )
    # no year group in the exports: none said (not "year None")
    blank = register_check(
        reg.with_columns(pl.lit(None, pl.Utf8).alias("year_group")), Config(), term="autumn",
        year=2026,
    )
    assert blank.not_of_age[1].startswith(
        "not in the register check, not of compulsory school age in the term: SurnameY12, "
        "ForenameY12 (Y12), born 31/08/2010: "
    )
    # no pupil outside the age: no line
    only = register_check(reg.filter(pl.col("upn") == "Y11"), Config(), term="autumn", year=2026)
    assert only.rows.height == 1 and only.not_of_age == () and only.not_of_age_line() is None
    assert only.no_dob_line() is None
    # an export with no date of birth at all: ten named, the rest in the file's blank cells
    many = _pupils(D(2026, 9, 7), 20, {f"P{i:02}": ("7", None) for i in range(11)})
    line = register_check(many, Config(), term="autumn", year=2026).no_dob_line()
    assert line is not None and line.startswith("11 listed pupils have no date of birth")
    assert "(P09); ... (the file's blank dates of birth)" in line and "(P10)" not in line


def test_compulsory_school_age_starting_inside_the_term_decides_by_the_figures_date():
    """Spring 2024/25 ran to Fri 4 Apr 2025 (Easter 20 April), the half term 17-21 Feb:
    31 March, a day compulsory school age starts, is inside it.  All N every day.
    EARLY born 31/12/2019: 5 on 31/12/2024, of it from that day: listed either way.
    MARCH born 01/01/2020: 5 on 01/01/2025, of it from 31/03/2025: as of Fri 28/03/2025 not
    of it on any day of the figures (NOT listed, named); as of Mon 31/03/2025 of it on the
    last day (listed: of compulsory school age in the term).
    APRIL born 01/04/2020: of it from 31/08/2025, after the term: not listed either way."""
    cfg = parse_config(
        "[[calendar.half_terms]]\nname = 'Spring 1'\nstart = 2025-01-06\nend = 2025-02-14\n"
        "[[calendar.half_terms]]\nname = 'Spring 2'\nstart = 2025-02-24\nend = 2025-04-04\n"
    )
    half_term = [D(2025, 2, 17) + dt.timedelta(days=i) for i in range(5)]
    # 6 Jan - 4 Apr 2025: 65 weekdays, 5 of them the half term: 60 school days
    reg = _pupils(D(2025, 1, 6), 60, {
        "EARLY": ("R", D(2019, 12, 31)),
        "MARCH": ("R", D(2020, 1, 1)),
        "APRIL": ("R", D(2020, 4, 1)),
    }, holidays=half_term)  # fmt: skip
    assert reg.get_column("date").max() == D(2025, 4, 4)
    before = register_check(reg, cfg, term="spring", year=2024, as_of=D(2025, 3, 28))
    assert sorted(before.rows.get_column("upn")) == ["EARLY"]
    assert [n.split("(")[1].split(")")[0] for n in before.not_of_age] == ["APRIL", "MARCH"]
    assert "born 01/01/2020: of compulsory school age from 31/03/2025" in before.not_of_age[1]
    on = register_check(reg, cfg, term="spring", year=2024, as_of=D(2025, 3, 31))
    assert sorted(on.rows.get_column("upn")) == ["EARLY", "MARCH"]
    assert len(on.not_of_age) == 1 and "(APRIL)" in on.not_of_age[0]


def test_a_year_11_is_of_compulsory_school_age_in_the_summer_term_after_the_last_friday_in_june():
    """Summer 2027 (no term dates: the register Mon 12 Apr - Fri 16 Jul 2027, the half term
    31 May - 4 Jun): compulsory school age ends on Fri 25/06/2027 for a Year 11 born
    01/09/2010, inside the term: of it on its days to then, so listed as of 16/07/2027 and as
    of 25/06/2027 alike.  A Year 12 born 31/08/2010 (ended 26/06/2026): never, not listed."""
    half_term = [D(2027, 5, 31) + dt.timedelta(days=i) for i in range(5)]
    # 12 Apr - 16 Jul 2027: 70 weekdays, 5 the half term, 3 May a bank holiday: 64 days
    reg = _pupils(D(2027, 4, 12), 64, {
        "Y11": ("11", D(2010, 9, 1)),
        "Y12": ("12", D(2010, 8, 31)),
    }, holidays=[*half_term, D(2027, 5, 3)])  # fmt: skip
    assert reg.get_column("date").max() == D(2027, 7, 16)
    for as_of in (D(2027, 6, 25), D(2027, 7, 16)):
        rc = register_check(reg, Config(), term="summer", year=2026, as_of=as_of)
        assert list(rc.rows.get_column("upn")) == ["Y11"], as_of
        assert len(rc.not_of_age) == 1 and "(Y12)" in rc.not_of_age[0]
        assert "compulsory school age ended on 26/06/2026" in rc.not_of_age[0]


def test_the_register_check_command_says_and_names_the_pupils_not_of_compulsory_school_age(
    tmp_path, monkeypatch
):
    """The command: one line on the terminal (how many, why), a note naming each, read at
    80 columns; the CSV for the LA holds the pupils of compulsory school age only."""
    import csv
    import io

    from builders import write_long_csv
    from clirun import run_cli

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-05")
    reg = _pupils(D(2026, 9, 7), 20, {
        "Y12": ("12", D(2010, 8, 31)),
        "Y11": ("11", D(2010, 9, 1)),
    })  # fmt: skip
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True, groups=True)
    out = tmp_path / "rc.csv"
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "-o", out, width=80
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["UPN"] for r in rows] == ["Y11"]
    flat = " ".join(stdout.split())
    assert "1 pupil listed for the autumn term 2026/27" in flat
    assert (
        "1 pupil who meets a listing rule is not listed: not of compulsory school age on any "
        "day of the term to 02/10/2026" in flat
    )
    notes = " ".join(err.split())
    assert "SurnameY12, ForenameY12 (Y12), year 12, born 31/08/2010" in notes
    assert "Y11)" not in notes


# ---------------------------------------------------------------- a child under two UPNs

_TERMS_TO_SPRING = AUTUMN_HALF_TERMS + """
[[calendar.half_terms]]
name = "Spring 1"
start = 2027-01-04
end = 2027-02-12
[[calendar.half_terms]]
name = "Spring 2"
start = 2027-02-22
end = 2027-03-26
"""
#: the holidays of those term dates: 26-30 Oct, 21 Dec - 1 Jan, 15-19 Feb
_HOLIDAYS = [
    *(D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)),
    *(D(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)),
    *(D(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)),
]


def _two_upns(old_n: int, new_n: int, blank: str = "!", code: str = "N") -> pl.DataFrame:
    """Autumn (70 school days) and spring (55) 2026/27.  FULL present throughout.  Child,
    Kit, born 01/10/2014, under two UPNs: OLD present to Thu 10 Dec, then ``old_n`` days
    N to the term's last day (Fri 18 Dec), then no row (off roll); NEW's rows begin on Mon
    4 Jan (``blank`` "_": blank cells from 7 Sep, as a wide export writes a pupil not yet on
    roll): ``new_n`` days N (or ``code``), then present to 26 Mar."""
    P = "/\\"  # noqa: N806
    reg = register(
        {
            "FULL": " ".join([P] * 125),
            "OLD": " ".join([P] * (70 - old_n) + [code] * old_n + ["!"] * 55),
            "NEW": " ".join([blank] * 70 + [code] * new_n + [P] * (55 - new_n)),
        },
        start=D(2026, 9, 7),
        holidays=_HOLIDAYS,
    )
    kit = pl.col("upn").is_in(["OLD", "NEW"])
    return reg.with_columns(
        pl.when(kit).then(pl.lit("Child")).otherwise(pl.col("surname")).alias("surname"),
        pl.when(kit).then(pl.lit("Kit")).otherwise(pl.col("forename")).alias("forename"),
    )


def test_a_run_of_10_days_across_two_upns_reaching_the_term_is_said():
    """Kit's UPN changed over Christmas: 6 school days N under OLD (11-18 Dec) and 4 under
    NEW (4-7 Jan): 10 school days of continuous unexplained absence, reaching into the
    spring term (DOMAIN.md 8: a reason to list).  OLD is not on roll in the spring; NEW's
    term is 102/110 = 92.73 %, above 90 %, and its own run is 4 days: the spring register
    check listed nobody and said nothing (cme, the check and the LA return say such a
    run).  Now a line names the child, the days and both UPNs, on the terminal and in the
    workbook's Data row; the rows stay each UPN's own.  One day fewer (5 + 4 = 9): no
    line."""
    import io

    from openpyxl import load_workbook

    from attcli.lacheck import to_xlsx

    cfg = parse_config(_TERMS_TO_SPRING)
    rc = register_check(_two_upns(6, 4), cfg, term="spring", year=2026)
    assert rc.rows.height == 0
    assert rc.runs_joined == (
        "no row's reasons say continuous_unauthorised_10_days, 10+ school days across two "
        "UPNs: Child, Kit (OLD, NEW: one child under two UPNs?) has 10 school days of "
        "unexplained absence from 11/12/2026 to 07/01/2027 across the two UPNs (OLD's 6 "
        "days, NEW's 4): if one child, give the exports one UPN (the permanent one); "
        "`attcli pupil merge OLD NEW` moves letters and notices on record",
    )
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2027, 3, 29))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    data = next(r[1] for r in ws.iter_rows(values_only=True) if r and r[0] == "Data")
    assert "Child, Kit (OLD, NEW: one child under two UPNs?) has 10 school days" in data
    assert register_check(_two_upns(5, 4), cfg, term="spring", year=2026).runs_joined == ()
    # the autumn term's check as of its end: 6 days under OLD alone, no NEW yet: no line
    autumn = register_check(
        _two_upns(6, 4), cfg, term="autumn", year=2026, as_of=D(2026, 12, 18)
    )
    assert autumn.runs_joined == ()


def test_the_too_few_sessions_line_names_no_pupil_outside_compulsory_school_age():
    """[thresholds] min_possible_sessions = 30 (the default 10 would let 8 days be judged):
    two pupils join on Mon 21 Sep 2026 (14 school days to Fri 2 Oct, no term dates), each
    N on 4 of them: 20/28 = 71.43 %, below 90 % on too few sessions to judge.  The line
    says "would be listed but for too few sessions": true of Y7 (born 01/10/2014), not of
    Y12 (born 31/08/2010, compulsory school age ended 26/06/2026), who would not be
    listed with any number.  Only Y7 is named."""
    cfg = parse_config("[thresholds]\nmin_possible_sessions = 30\n")
    P = "/\\"  # noqa: N806
    late = " ".join(["!"] * 10 + ["N"] * 4 + [P] * 10)
    reg = pl.concat([
        register({"Y7": late}, start=D(2026, 9, 7), year_group="7"),
        register({"Y12": late}, start=D(2026, 9, 7), year_group="12", dob={"Y12": D(2010, 8, 31)}),
        register({"FULL": " ".join([P] * 20)}, start=D(2026, 9, 7)),
    ])  # fmt: skip
    rc = register_check(reg, cfg, term="autumn", year=2026)
    assert rc.rows.height == 0 and rc.not_of_age == ()
    assert rc.too_few == ("SurnameY7, ForenameY7 (Y7), 20 of 28",)
    assert rc.too_few_line() is not None and rc.too_few_line().startswith("1 pupil at or below")


def test_a_run_from_the_exports_first_school_day_may_have_begun_before_and_is_said():
    """This school year's export alone, from Thu 3 Sep 2026 (its first school day, no term
    dates), 20 school days.  CAI is N on the first 8 (3-14 Sep), then present: 24/40 =
    60 %, listed below the threshold, with no run reason (8 days).  But the summer holiday
    neither counts nor breaks a run (DOMAIN.md 6): absent since the last days of the summer
    term, CAI's run may be 10 school days or more, which the LA's file is to list.  cme and
    the LA return say such runs in a line; the register check said nothing.  Now it does,
    on the terminal and in the workbook's Data row.  DEE, N from the second day: no line."""
    import io

    from openpyxl import load_workbook

    from attcli.lacheck import to_xlsx

    P = "/\\"  # noqa: N806
    reg = register(
        {
            "CAI": " ".join(["N"] * 8 + [P] * 12),
            "DEE": " ".join([P] + ["N"] * 8 + [P] * 11),
            "FULL": " ".join([P] * 20),
        },
        start=D(2026, 9, 3),
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    assert sorted(rc.rows.get_column("upn")) == ["CAI", "DEE"]
    assert set(rc.rows.get_column("reasons")) == {"below_threshold"}
    assert rc.before_exports is not None
    assert rc.before_exports.startswith(
        "1 run of unexplained absence begins on the exports' first school day, 03/09/2026, "
        "and may have begun before it"
    )
    assert "(SurnameCAI, ForenameCAI (CAI), 8 school days to 14/09/2026)" in rc.before_exports
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 10, 5))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    data = next(r[1] for r in ws.iter_rows(values_only=True) if r and r[0] == "Data")
    assert rc.before_exports in data
    # DEE alone (present on the first day): nothing to say
    alone = register_check(reg.filter(pl.col("upn") != "CAI"), Config(), term="autumn", year=2026)
    assert alone.before_exports is None


def test_the_joined_run_names_the_old_upn_first_when_the_new_one_has_blank_cells_before():
    """The run above, from an export that writes NEW's cells from 7 Sep blank (not on roll
    then): the loader orders a child's UPNs by their first row, so NEW came first, the
    line said "(NEW, OLD: ...)" and advised `attcli pupil merge NEW OLD`, which moves the
    letters and notices on record from the UPN in use to the one gone.  The run's parts
    are now in the order they began: OLD's (11 Dec) first, so `merge OLD NEW`."""
    cfg = parse_config(_TERMS_TO_SPRING)
    rc = register_check(_two_upns(6, 4, blank="_"), cfg, term="spring", year=2026)
    (line,) = rc.runs_joined
    assert "Child, Kit (OLD, NEW: one child under two UPNs?)" in line
    assert "(OLD's 6 days, NEW's 4)" in line and "`attcli pupil merge OLD NEW`" in line


def test_a_child_ill_across_two_upns_is_named_old_upn_first_whatever_the_blank_cells():
    """Kit ill (I) 8 school days under OLD (9-18 Dec) and 7 under NEW (4-12 Jan): 30
    sessions and a run of 15 days across the two UPNs, the sickness threshold under
    neither alone: said (sweep sickness).  With NEW's cells blank from 7 Sep the line put
    NEW first and advised `attcli pupil merge NEW OLD`; the UPNs are now in the order the
    child came on roll under them, with and without the blank cells."""
    cfg = parse_config(_TERMS_TO_SPRING)
    for blank in ("!", "_"):
        rc = register_check(_two_upns(8, 7, blank=blank, code="I"), cfg, term="spring", year=2026)
        (line,) = rc.sick_joined
        assert line.startswith("Child, Kit (OLD, NEW: one child under two UPNs?) has 30"), blank
        assert "(OLD's 16 sessions, NEW's 14)" in line and "`attcli pupil merge OLD NEW`" in line


def test_listed_pupils_the_contacts_give_no_address_for_are_named(tmp_path):
    """DOMAIN.md 8: the address "when known".  With --contacts, three pupils listed (N every
    day, 20 school days from Mon 7 Sep 2026): HOME has an address; NOADDR's only contact has
    none; MISSING is not in the contacts export (one shared pupil is enough for it to be
    read).  The file's Address is blank for two, as it should be, but nothing said so: a
    partial contacts export left the LA without addresses unsaid.  One line now counts and
    names them; with every address known, no line."""
    from builders import write_long_csv
    from clirun import run_cli

    reg = register(
        {u: " ".join(["N"] * 20) for u in ("HOME", "NOADDR", "MISSING")}, start=D(2026, 9, 7)
    )
    export = write_long_csv(reg, tmp_path / "export.csv")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact ID,Contact Forename,Contact Surname,Relationship,Priority,"
        "Parental Responsibility,Address Line 1,Town,Postcode\n"
        "HOME,C1,Ann,Home,Mother,1,Yes,1 Elm Road,Anytown,AN1 1AA\n"
        "NOADDR,C2,Bob,Noaddr,Father,1,Yes,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "rc.csv"
    code, stdout, err = run_cli(
        "register-check", export, "--term", "autumn", "--contacts", contacts, "-o", out,
        width=400,
    )  # fmt: skip
    assert code == 0, err
    (line,) = [ln for ln in (stdout + err).splitlines() if "no address" in ln]
    # (one note, the contacts' own: contacts sweep 3 says it the same way in cme and the LA
    # return, with why each is blank)
    assert line == (
        "note: 2 pupils listed have no address: MISSING (not in the contacts export), NOADDR "
        "(no contact has an address); put it right in the MIS and export the contacts again"
    )
    home = register({"HOME": " ".join(["N"] * 20)}, start=D(2026, 9, 7))
    code, stdout, err = run_cli(
        "register-check", write_long_csv(home, tmp_path / "home.csv"), "--term", "autumn",
        "--contacts", contacts, "-o", tmp_path / "home-rc.csv", width=400,
    )  # fmt: skip
    assert code == 0, err
    assert "no address" not in stdout + err


# ---------------------------------------------------------------- checked by hand, kept


def test_seed_004_s_93_and_the_default_90_compare_exact_integers_one_session_either_side():
    """50 school days from Mon 7 Sep 2026 (the half term 26-30 Oct), 100 sessions; Ak is
    absent k sessions (N), so at (100 - k) %.  Default (<= 90 %): A10 (90/100) in, A9 out.
    Seed 004 (93 % or less, inclusive): A7 (93/100) in, A6 out.  Not inclusive at 93: A7
    out, A8 in.  92.5: A8 (92/100) in, A7 out."""
    from attcli.lacheck import settings_from

    half_term = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]

    def absent(k: int) -> str:
        days = ["N"] * (k // 2) + ["/N"] * (k % 2)
        return " ".join(days + ["/\\"] * (50 - len(days)))

    reg = register({f"A{k}": absent(k) for k in range(5, 12)}, start=D(2026, 9, 7),
                   holidays=half_term)  # fmt: skip
    for toml, first_in in (
        ("", 10),
        ("[register_check]\nthreshold = 93\n", 7),
        ("[register_check]\nthreshold = 93\ninclusive = false\n", 8),
        ("[register_check]\nthreshold = 92.5\n", 8),
    ):
        cfg = parse_config(toml)
        rc = register_check(reg, cfg, term="autumn", year=2026, settings=settings_from(cfg))
        got = {u: p for u, p in zip(rc.rows["upn"], rc.rows["possible"], strict=True)}
        assert sorted(got, key=lambda u: int(u[1:])) == [f"A{k}" for k in range(first_in, 12)], toml
        assert set(got.values()) == {100}


def test_the_three_reasons_alone_and_together_with_term_and_year_figures():
    """Autumn (70 school days) and spring (55) 2026/27 by term dates; the spring check.
    BELOW: 6 N days in the spring: 98/110 = 89.09 % (year 238/250 = 95.20 %).  RUNONLY: 5
    N days to 18 Dec and 5 from 4 Jan, a run of 10 reaching the term: 100/110 = 90.91 %,
    not below (year 92.00 %).  SICKONLY: 15 days I in the autumn, the spring 100 % (year
    220/250 = 88.00 %, over the year's illness).  ALL: 10 N and 15 I in the spring: 60/110
    = 54.55 %, 30 authorised, 20 unauthorised, all three reasons."""
    P = "/\\"  # noqa: N806

    def t(n: int, m: str = P) -> list[str]:
        return [m] * n

    reg = register(
        {
            "FULL": " ".join(t(125)),
            "BELOW": " ".join(t(70) + t(6, "N") + t(49)),
            "RUNONLY": " ".join(t(65) + t(10, "N") + t(50)),
            "SICKONLY": " ".join(t(20) + t(15, "I") + t(90)),
            "ALL": " ".join(t(70) + t(10, "N") + t(15, "I") + t(30)),
        },
        start=D(2026, 9, 7),
        holidays=_HOLIDAYS,
    )
    rc = register_check(reg, parse_config(_TERMS_TO_SPRING), term="spring", year=2026)
    got = {
        r["upn"]: (r["term_pct"], r["ytd_pct"], r["authorised"], r["unauthorised"], r["reasons"])
        for r in rc.rows.iter_rows(named=True)
    }
    run, sick = "continuous_unauthorised_10_days", "sickness_15_days"
    assert got == {
        "BELOW": (89.09, 95.2, 0, 12, "below_threshold"),
        "RUNONLY": (90.91, 92.0, 0, 10, run),
        "SICKONLY": (100.0, 88.0, 0, 0, sick),
        "ALL": (54.55, 80.0, 30, 20, f"below_threshold;{run};{sick}"),
    }


def test_the_too_few_sessions_line_names_no_pupil_the_file_lists_for_another_reason():
    """[thresholds] min_possible_sessions = 30.  LATE joins on Wed 16 Sep 2026 (12 school
    days to Fri 2 Oct, no term dates) and is N on the first 10: 4/24 = 16.67 %, too few
    sessions to judge against the threshold, but a run of 10 school days: listed, with
    continuous_unauthorised_10_days.  The terminal said "1 pupil at or below 90 % in the
    term is not listed: fewer than 30 possible sessions ...: LATE": the file lists LATE.
    Now the line names only those not in the file; SOON (joins the same day, N on 4 of
    them, 16/24) is still named."""
    cfg = parse_config("[thresholds]\nmin_possible_sessions = 30\n")
    P = "/\\"  # noqa: N806
    reg = register(
        {
            "LATE": " ".join(["!"] * 8 + ["N"] * 10 + [P] * 2),
            "SOON": " ".join(["!"] * 8 + ["N"] * 4 + [P] * 8),
            "FULL": " ".join([P] * 20),
        },
        start=D(2026, 9, 7),
    )
    rc = register_check(reg, cfg, term="autumn", year=2026)
    assert list(rc.rows.get_column("upn")) == ["LATE"]
    assert rc.too_few == ("SurnameSOON, ForenameSOON (SOON), 16 of 24",)


def test_the_loaders_two_upn_note_dates_each_upn_from_its_marks_not_its_blank_cells():
    """The loader's note on one child under two UPNs dated each UPN from its first row,
    blank cells included: with NEW's cells blank from 7 Sep (a wide export writing a pupil
    not yet on roll) it said "NEW, 07/09/2026 to 26/03/2027 and OLD, 07/09/2026 to
    18/12/2026", NEW first and on roll, it seemed, the whole year.  Each UPN is now dated
    by its marks, in the order the child came on roll under them; with no blank cells the
    line is as before."""
    from attcli.loaders import _one_child_two_upns
    from attcli.roll import compact

    want = "OLD, 07/09/2026 to 18/12/2026 and NEW, 04/01/2027 to 26/03/2027: if one child"
    for blank in ("!", "_"):
        (line,) = _one_child_two_upns(compact(_two_upns(6, 4, blank=blank)))
        assert "'Child, Kit' born 01/10/2014: " + want in line, (blank, line)
