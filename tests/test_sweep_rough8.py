"""The last rounds' rough edges (sweep of 7 December (tenth), rough8): a part-time pupil's
days of illness counted and said as the days they are.

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py: ``I.C2`` is `I` in
the morning, `C2` in the afternoon, a part-time timetable), no holiday: 20 tokens are 7 Sep
to Fri 2 Oct.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from attcli.config import Config
from attcli.engine import evaluate
from builders import pupil, register
from test_sweep_rough6 import RED_CONTEXTS, letters_of_four  # noqa: F401 (its fixture)

D = dt.date
PART = "I.C2"


def test_a_part_time_pupil_s_days_of_illness_count_toward_the_15_days_in_a_row_or_not():
    # DOMAIN.md 7: 15 school days missed through illness, "consecutively or cumulatively".
    # rough7 decided a day whose only timetabled session is `I` (the rest `C2`) is a day
    # missed through illness, for the run; the cumulative count still took each `I` session
    # as half a day, so 8 such days, a day in school, then 7 more (15 days missed) were
    # "15 illness sessions" (7.5 days) and a longest run of 8: on no list.
    # Hand-worked: a day whose only session due was illness is a whole day (2 half days),
    # any other illness session half a day; listed at 30 half days.
    reg = register({
        "P15": " ".join([PART] * 8 + ["/.C2"] + [PART] * 7 + ["/"] * 4),  # 15 days: listed
        "P14": " ".join([PART] * 7 + ["/.C2"] + [PART] * 7 + ["/"] * 5),  # 14 days: not
        # a full-time pupil's half day of illness stays half a day: 14 whole days and a
        # morning, 29 sessions, 14.5 days: not; one more morning (15 days): listed
        "F29": " ".join(["I"] * 7 + ["/"] + ["I"] * 7 + ["I./"] + ["/"] * 4),
        "F30": " ".join(["I"] * 7 + ["/"] + ["I"] * 7 + ["I./", "I./"] + ["/"] * 3),
        # dual registered, `D` afternoons: 8 + 7 mornings ill, the only sessions due here
        "D15": " ".join(["I.D"] * 8 + ["/.D"] + ["I.D"] * 7 + ["/"] * 4),
        # a C2 day alone (nothing due) is no day missed; I.O is half a day (O was due)
        "MIX": " ".join([PART] * 7 + ["C2.C2", "I.O"] + [PART] * 7 + ["/"] * 4),
    })  # fmt: skip
    ev = evaluate(reg, Config())

    def sick(upn: str) -> tuple[int, int, bool]:
        p = pupil(ev, upn)
        return p["sickness_sessions"], p["sickness_longest_days"], p["sickness_flag"]

    assert sick("P15") == (15, 8, True)
    assert sick("P14") == (14, 7, False)
    assert sick("F29") == (29, 7, False)
    assert sick("F30") == (30, 7, True)
    assert sick("D15") == (15, 8, True)
    # MIX: 14 whole days and half of the I.O day (14.5): not listed
    assert sick("MIX") == (15, 7, False)
    whole = {u: d for _, u, d in ev.sickness_whole_days.iter_rows()}
    assert whole == {"P15": 15, "P14": 14, "D15": 15, "MIX": 14}


def test_the_check_says_a_part_time_pupil_s_days_missed_beside_the_sessions():
    # "20 illness sessions this year; longest run of illness 20 school days" read as 10
    # days beside a run of 20; the reason now says the days missed and why.  A full-time
    # pupil's reason is as before.
    from attcli.check import check_register, groups_for

    reg = register({
        "SOL": " ".join([PART] * 20),
        "P15": " ".join([PART] * 8 + ["/.C2"] + [PART] * 7 + ["/"] * 4),
        "FULL": " ".join(["I"] * 15 + ["/"] * 5),
        "OK": " ".join(["/"] * 20),
    })  # fmt: skip
    checked = check_register(reg, Config())
    reasons = dict(checked.members("sickness").select("upn", "reason_sickness").rows())
    assert reasons == {
        "SOL": "20 illness sessions this year, 20 school days missed (on 20 of them the only "
        "session due); longest run of illness 20 school days",
        "P15": "15 illness sessions this year, 15 school days missed (on 15 of them the only "
        "session due); longest run of illness 8 school days",
        "FULL": "30 illness sessions this year; longest run of illness 15 school days",
    }
    title = {g.key: g for g in groups_for(Config())}["sickness"].title
    assert title == (
        "Sickness (30+ illness sessions or 15+ school days missed, or a run of 15+ school days)"
    )


def test_the_la_return_s_school_days_of_a_part_time_pupil_are_the_days_missed(tmp_path):
    # The LA return's "School days" for sickness was illness sessions / 2: SOL, ill at the
    # only session due on each of 18 school days (7-30 Sep), read "9 school days" beside
    # "Longest illness (days)" 18.  Now 18; a full-time pupil's 36 sessions stay 18 days.
    # October's return (as of Fri 2 Oct: 20 such days) adds 2 days, not 1.
    import openpyxl

    from builders import write_long_csv
    from clirun import run_cli
    from school import make_workspace

    make_workspace(tmp_path / "ws", "\n[[calendar.half_terms]]\nname = \"Autumn 1\"\n"
                   "start = 2026-09-07\nend = 2026-10-23\n")  # fmt: skip
    reg = register(
        {"SOL": " ".join([PART] * 20), "FULL": " ".join(["I"] * 18 + ["/"] * 2)},
        dob={"SOL": D(2012, 1, 1), "FULL": D(2012, 1, 1)},
    )
    exp = write_long_csv(reg, tmp_path / "register.csv", dob=True)

    def rows(month: str, *more: str) -> dict[str, dict[str, object]]:
        out = tmp_path / f"{month}.xlsx"
        code, _, err = run_cli(
            "--workspace", tmp_path / "ws", "la-return", exp, "--month", month, "-o", out, *more
        )
        assert code == 0, err
        sheet = openpyxl.load_workbook(out).active
        values = list(sheet.iter_rows(values_only=True))
        head = next(i for i, r in enumerate(values) if r[0] == "List")
        header = values[head]
        return {r[2]: dict(zip(header, r, strict=True)) for r in values[head + 1 :] if r[0]}

    september = rows("2026-09")
    assert (september["SOL"]["School days"], september["SOL"]["Longest illness (days)"]) == (
        18, 18,
    )  # fmt: skip
    assert september["SOL"]["Illness sessions (year)"] == 18
    assert september["FULL"]["School days"] == 18
    october = rows("2026-10", "--as-of", "2026-10-02")
    assert (october["SOL"]["School days"], october["SOL"]["Days since last return"]) == (20, 2)
    assert october["FULL"]["School days"] == 18


TRUST_SCHOOLS = """
[schools.oak]
name = "Oak Lane"
urn = "100101"
files = ["oak-*.csv"]

[schools.beech]
name = "Beech Hill"
urn = "100102"
files = ["beech-*.csv"]

[schools.cedar]
name = "Cedar Row"
urn = "100103"
files = ["cedar-*.csv"]
"""


def test_a_trust_school_s_own_phase_is_the_one_its_figures_are_compared_by() -> None:
    # blind7: the trust's national row takes the schools' phase from their summaries' year
    # groups; a [schools.KEY] phase (a special school whose pupils are in Years 1-6, a PRU)
    # was read nowhere there.  Three schools of Reception-Year 6: primary's 94.5 %; with
    # Cedar's own phase "special", two phases: all phases' 92.9 %; every school's own
    # phase "secondary" (however the year groups look): secondary's 91.1 %.
    import dataclasses as dc
    from fractions import Fraction

    from attcli.config import parse_config
    from attcli.report.trust import trust_national
    from attcli.summary_file import Counts

    primary = {"R": 30, "1": 30, "2": 31, "3": 30, "4": 31, "5": 31, "6": 30}

    def summary(name: str, urn: str):  # noqa: ANN202
        from test_trust_report import _summary as made

        groups = {y: Counts(n, n, 0, 0, 100 * n, 95 * n, 5 * n, 0) for y, n in primary.items()}
        return dc.replace(made(name, urn, 213, {}), year_groups=groups)

    schools = [
        summary("Oak Lane", "100101"), summary("Beech Hill", "100102"),
        summary("Cedar Row", "100103"),
    ]  # fmt: skip
    nat, _ = trust_national(parse_config(TRUST_SCHOOLS), schools)
    assert nat is not None and nat.attendance_pct == Fraction(945, 10)
    special = TRUST_SCHOOLS.replace('"cedar-*.csv"]', '"cedar-*.csv"]\nphase = "Special"')
    nat, _ = trust_national(parse_config(special), schools)
    assert nat is not None and nat.attendance_pct == Fraction(929, 10)
    assert "every phase" in nat.source
    every = TRUST_SCHOOLS.replace('*.csv"]', '*.csv"]\nphase = "secondary"')
    nat, _ = trust_national(parse_config(every), schools)
    assert nat is not None and nat.attendance_pct == Fraction(911, 10)
    assert "[schools.KEY] phase" in nat.source


def test_a_trust_school_s_own_report_names_its_own_phase_key() -> None:
    # Cedar's own report (its config as `for_school` makes it) said its phase came from
    # "[school] phase in attcli.toml", the trust's key, which is not Cedar's (as trustkeys
    # found for the term dates); and a phase that is none of the phases is refused naming
    # Cedar's key, as [school] phase is.
    import pytest

    from attcli.config import parse_config
    from attcli.errors import ConfigError
    from attcli.national import report_national, school_phase

    text = TRUST_SCHOOLS.replace('"cedar-*.csv"]', '"cedar-*.csv"]\nphase = "special"')
    cedar = parse_config(text).for_school("cedar")
    assert school_phase(cedar, ["1", "2"]) == ("special", "[schools.cedar] phase in attcli.toml")
    pru = parse_config(text.replace('"special"', '"none"')).for_school("cedar")
    assert report_national(pru, ["7"])[1] == [
        'national figures: none shown ([schools.cedar] phase = "none" in attcli.toml): the '
        "school is compared with no phase's published figures"
    ]
    with pytest.raises(ConfigError) as e:
        parse_config(text.replace('"special"', '"middle"'))
    assert "schools.cedar.phase" in str(e.value) and "expected one of primary" in str(e.value)


def test_letters_as_of_an_inset_day_before_the_first_half_term_say_so(tmp_path):
    # trustkeys left "is not in a half term" untested, no register reaching it found.  One
    # does: Autumn 1 from Thu 3 Sep 2026 in the term dates, the register's Tue 1 and Wed 2
    # Sep INSET days (`#`, no school day, so not outside the half terms) before it.  As of
    # 2 Sep, the line told the office to give "the term dates in the config", which it had.
    from builders import write_long_csv
    from clirun import one_line, run_cli
    from school import contacts_file, make_workspace

    make_workspace(tmp_path / "ws", "\n[[calendar.half_terms]]\nname = \"Autumn 1\"\n"
                   "start = 2026-09-03\nend = 2026-10-23\n")  # fmt: skip
    reg = register({"A": " ".join(["#", "#"] + ["O"] * 13)}, start=D(2026, 9, 1))
    exp = write_long_csv(reg, tmp_path / "register.csv", dob=True)
    book = contacts_file(tmp_path / "contacts.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    code, _, err = run_cli(
        "--workspace", tmp_path / "ws", "letters", exp, "--contacts", book, "--dry-run",
        "--as-of", "2026-09-02",
    )  # fmt: skip
    assert code == 1
    assert one_line(err) == (
        "error: 02/09/2026 is before the first half term in the term dates "
        "([[calendar.half_terms]], from 03/09/2026): no half term's letters are due as of it; "
        "give --as-of a school day of a half term"
    )


def test_a_letter_asks_no_medical_evidence_where_no_absence_was_illness() -> None:
    # The red letter said "We may ask for medical evidence for further absences due to
    # illness" to a family whose child's absence was all `O` (rough6 left it).  Policies
    # 000, 001 and 003: "We will not ask for medical evidence unnecessarily"; 002 asks it
    # where absence is "reported as being due to medical reasons".  Asked where any absence
    # is illness (I, M), none where none is; agreed absence as before (sweep lacfollow).
    from attcli.absence import evidence_asked

    codes, share = ("C2", "I", "M", "C1", "J1", "S", "C", "T", "R"), Fraction(50)
    assert evidence_asked({"O": 10}, codes, share) == (False, None)
    assert evidence_asked({"O": 9, "I": 1}, codes, share) == (True, None)
    assert evidence_asked({"O": 9, "M": 1}, codes, share) == (True, None)
    assert evidence_asked({"N": 4, "G": 6}, codes, share) == (False, None)
    assert evidence_asked({"I": 10}, codes, share) == (True, None)  # held: illness
    assert evidence_asked({"R": 6, "O": 4}, codes, share) == (False, "religious observance")


def _letter_text(templates, name: str, ctx: dict) -> str:  # noqa: ANN001
    blocks = templates.render(name, ctx)
    return " ".join(
        " ".join(str(r.get("text", "")) for r in b.get("runs", []))
        for b in blocks
        if isinstance(b, dict)
    )


def test_letters_to_a_family_of_a_child_under_compulsory_school_age_require_nothing(
    letters_of_four,  # noqa: ANN001, F811
) -> None:
    # rough6's R (Reception, born 15/03/2022, of compulsory school age from 31/03/2027) and
    # S (Year 7), each absent 5 whole days `O`.  The severe letter told R's parent "you are
    # required to attend a meeting with the Headteacher" and named the council in the plan:
    # no law requires the parent of a child under compulsory school age to attend (DOMAIN.md
    # 5; the red letter names no council for R since rough6).  R's severe letter asks, S's
    # requires as before; neither red letter asks for medical evidence (no illness).
    from attcli.letters.render import letter_html

    done, _ = letters_of_four
    reds = {
        x.upn: " ".join(re.sub(r"<[^>]+>", " ", letter_html(x.doc)).split())
        for x in done.new
        if x.template == "red"
    }
    assert sorted(reds) == ["R", "S"]
    assert not [u for u, t in reds.items() if "medical evidence" in t], reds
    templates, r_ctx = RED_CONTEXTS["R"]
    r = " ".join(_letter_text(templates, "severe", r_ctx).split())
    s = " ".join(_letter_text(templates, "severe", RED_CONTEXTS["S"][1]).split())
    assert "required" not in r and "Anyshire County Council" not in r, r
    assert (
        "What happens next: we ask you to come to a meeting with the Headteacher and the "
        "attendance team, as soon as you can. We will agree a plan of support with you, which "
        "may include an early help assessment or a referral to other services."
    ) in r, r
    assert (
        "you are required to attend a meeting with the Headteacher and the attendance team. "
        "We will agree a plan of support with you and with Anyshire County Council"
    ) in s, s


def test_the_trust_sets_its_pupils_in_years_1_to_11_beside_the_national_figures() -> None:
    # The DfE's census figures count pupils aged 5 to 15 (Years 1 to 11); the trust's row
    # counts every pupil, Reception too (blind7: a primary trust's severe absence was its
    # Reception children's).  Two primaries, each Reception 20 pupils (1,600 of 2,000
    # sessions, 8 persistently and 2 severely absent) and Years 1 and 2 of 30 (2,850 of
    # 3,000, 3 persistently absent each).  The trust: 14,600 of 16,000 (91.3 %), PA 28 of
    # 160 (17.5 %), SA 4 of 160 (2.5 %); its Years 1 to 11: 11,400 of 12,000 (95.0 %), PA 12
    # of 120 (10.0 %), SA 0 of 120 (0.0 %): a row of its own, in the page and the workbook.
    import dataclasses as dc
    import io

    from openpyxl import load_workbook

    from attcli.report.trust import build_trust, trust_context, write_trust_xlsx
    from attcli.report_settings import National, ReportSettings
    from attcli.summary_file import Counts
    from test_trust_report import _summary as made

    groups = {
        "R": Counts(20, 20, 8, 2, 2000, 1600, 400, 0),
        "1": Counts(30, 30, 3, 0, 3000, 2850, 150, 0),
        "2": Counts(30, 30, 3, 0, 3000, 2850, 150, 0),
    }
    total = sum(groups.values(), Counts.zero())
    schools = [
        dc.replace(made(n, u, 80, {}), year_groups=groups, totals=total)
        for n, u in (("Oak Lane", "100101"), ("Beech Hill", "100102"))
    ]
    nat = National(attendance_pct=Fraction(945, 10), pa_rate=Fraction(1456, 100),
                   sa_rate=Fraction(85, 100), source="DfE test", ages="5 to 15")  # fmt: skip
    report = build_trust(schools, ReportSettings(national=nat))
    assert report.aged is not None
    assert (report.aged.counts.attended, report.aged.counts.possible) == (11400, 12000)
    ctx = trust_context(report)
    row = ctx["aged"]
    assert (row["name"], row["pupils"], row["attendance"]) == (
        "Trust, Years 1 to 11",
        "120",
        "95.0 %",
    )
    assert (row["pa"], row["pa_n"], row["sa"], row["sa_n"]) == (
        "10.0 %",
        "12 of 120",
        "0.0 %",
        "0 of 120",
    )
    assert (ctx["total"]["attendance"], ctx["total"]["sa"]) == ("91.3 %", "2.5 %")
    assert "the Trust, Years 1 to 11 row counts those year groups only" in ctx["national"]["note"]
    buf = io.BytesIO()
    write_trust_xlsx(report, buf)
    rows = list(load_workbook(io.BytesIO(buf.getvalue()))["Schools"].iter_rows(values_only=True))
    names = [r[0] for r in rows]
    assert names[-3:] == ["Trust", "Trust, Years 1 to 11", names[-1]]
    assert str(names[-1]).startswith("National")
    aged = dict(zip(rows[0], rows[-2], strict=True))
    assert (aged["Pupils"], aged["Sessions attended"], aged["Attendance"]) == (120, 11400, 0.95)
    # every pupil in Years 1 to 11: the trust's row is the like-for-like one, no second row
    years = {"1": groups["1"], "2": groups["2"]}
    same = [dc.replace(s, year_groups=years, totals=years["1"] + years["2"]) for s in schools]
    assert build_trust(same, ReportSettings(national=nat)).aged is None


def test_a_severe_letter_released_for_a_child_mostly_ill_threatens_nothing(
    letters_of_four,  # noqa: ANN001, F811
) -> None:
    # DOMAIN.md 9: a letter warning of meetings, fines or prosecution is wrong for absence
    # the school agreed or cannot blame on the family (a long illness); such a letter is
    # held, and a person may release it.  The red letter released so says the agreed
    # absence's paragraph and no formal action; the severe letter still told the family of
    # a child of compulsory school age (S) "You have a legal duty", "you are required to
    # attend a meeting" and "the local authority may take formal action, including ...
    # prosecution".  Now it says what the red letter says, and asks to meet.
    templates, ctx = RED_CONTEXTS["S"]
    text = " ".join(_letter_text(templates, "severe", {**ctx, "agreed_absence": "illness"}).split())
    for word in ("legal duty", "required", "prosecution", "formal action", "parenting contract"):
        assert word not in text, (word, text)
    assert "is recorded as illness, and we are not writing to blame anyone for it" in text
    assert "we ask you to come to a meeting with the Headteacher" in text


def test_the_changes_line_says_the_sickness_rule_as_the_group_s_title_does() -> None:
    # the check's "Changed since" line for a pupil moved by a change of [sickness] gives
    # today's rule: it said "30+ sessions or a run of 15+ days", leaving out the school
    # days missed that list a part-time pupil (the group's title says them)
    from attcli.snapshots import _rule_words

    then = {"sickness_sessions": 15, "sickness_longest_days": 8}
    assert _rule_words("sickness", Config(), then) == (
        "15 illness sessions, longest run of illness 8 school days then; 30+ sessions or 15+ "
        "school days missed, or a run of 15+ days"
    )
