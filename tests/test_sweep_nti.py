"""Sweep "nti" (5 December, second): the notice to improve, end to end (DOMAIN.md 5, 9,
11; seeds 000 4.3, 001 21.3, 003 "Notices to improve").

P's register runs from Monday 7 September 2026 (the holiday 26-30 October, the term
dates Autumn 1 7/09-23/10 and Autumn 2 2/11-18/12): 10 `O` Mon 5 to Fri 9 October (the
threshold met on Fri 9/10), present every other session; A0 present throughout.  Mrs
Ann Parent (contact CP) is P's parent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace
from test_sweep_evidence2 import HOLIDAY, P, _days

#: 10 `O`, Mon 5 to Fri 9 October
OFFENCES = {dt.date(2026, 10, 5) + dt.timedelta(days=i): "OO" for i in range(5)}


def _ladder(weeks: int = 4, action: str = "notice_to_improve") -> str:
    """A school following seeds 000/001: a notice to improve when the penalty-notice
    threshold is met, a referral to the LA (for the penalty notice) when it does not work."""
    return f"""
[[escalation.stages]]
name = "nti"
title = "Notice to improve"
action = "{action}"
when_flag = "pn"
weeks = {weeks}

[[escalation.stages]]
name = "pn_request"
title = "Penalty-notice request to the LA"
action = "referral"
after = "nti"
"""


def _school(
    tmp_path: Path, marks: dict[dt.date, str] | None = None, *, ladder: str | None = None,
    last: dt.date = dt.date(2026, 12, 18),
) -> tuple[Path, Path, Path]:  # fmt: skip
    days = _days(dt.date(2026, 9, 7), last)
    marks = OFFENCES | (marks or {})
    reg = register(
        {"A0": " ".join([P] * len(days)), "P": " ".join(marks.get(d, P) for d in days)},
        holidays=HOLIDAY,
    )
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + (ladder if ladder is not None else _ladder()))
    contacts = contacts_file(tmp_path / "contacts.csv", [("P", "CP", "Mrs", "Ann", "Parent")])
    return export, config, contacts


def _record(config: Path, action: str, day: dt.date, note: str = "") -> None:
    from attcli.store import History

    with History(config.parent / "attcli-history.sqlite3", write=True) as store:
        store.record_action("P", action, day, note=note, by="Ms Lead")


def _case(export: Path, config: Path, as_of: str) -> dict:
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    (case,) = [c for c in json.loads(out)["cases"] if c["upn"] == "P"]
    return case


def _nti_pack(export: Path, config: Path, contacts: Path, *more: str, as_of: str = "2026-10-16"):
    return run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "notice-to-improve", "--as-of", as_of, "--format", "json", "--draft", *more,
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")


def test_a_notice_to_improve_is_judged_over_the_school_weeks_the_notice_gave(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notice to improve issued Mon 19/10 gives 4 weeks, as the pack proposed them: 20
    school days by the term dates, 19-23 Oct, 2-6, 9-13 and 16-20 Nov (the half-term
    holiday 26-30 Oct is no week of it): to Fri 20/11.  The casebook counted the stage's
    `weeks = 4` as 28 calendar days, to Sun 15/11, a holiday week in them: it judged the
    notice "improved" on 16/11, after 3 school weeks, a week before the period the
    parent was given ended (and a referral would have fallen due a week early).
    A stage with `action = "notice_to_improve"` now counts its weeks as the pack does.
    By hand, as of Fri 20/11: before it, the 33 days 16/09-18/10 (23 school days, 46
    sessions, the 10 `O`): 36/46; over it 40/40: improved.  Boundaries: as of Thu 19/11
    still monitoring; a stage of `action = "other"` keeps calendar weeks (15/11)."""
    export, config, contacts = _school(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")  # the pack made on Fri 16/10
    code, out, err = _nti_pack(export, config, contacts)
    assert code == 0, err
    assert json.loads(out)["improvement"]["from"] == "2026-10-19"
    assert json.loads(out)["improvement"]["to"] == "2026-11-20"
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    case = _case(export, config, "2026-11-19")
    assert (case["status"], case["period_end"]) == ("monitoring", "2026-11-20"), case
    case = _case(export, config, "2026-11-20")
    assert case["period_end"] == "2026-11-20", case
    assert case["improved"] is True, case
    assert (case["before"]["attended"], case["before"]["possible"]) == (36, 46), case
    assert (case["since_stage"]["attended"], case["since_stage"]["possible"]) == (40, 40), case
    # an `other` stage of 4 weeks is 28 calendar days, as docs/cases.md says
    other = tmp_path / "other"
    other.mkdir()
    export, config, _ = _school(other, ladder=_ladder(action="other"))
    _record(config, "nti", dt.date(2026, 10, 19))
    assert _case(export, config, "2026-11-19")["period_end"] == "2026-11-15"


def test_the_pack_proposes_the_ladder_s_notice_to_improve_and_its_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a notice-to-improve stage of 4 weeks in the ladder, the pack proposed 3 weeks
    (its own default) and "no unauthorised absence during the improvement period" as what
    counts, while `attcli cases` judges the notice recorded over the stage's 4 weeks by
    its rule (1 point better than before): the parent was told one period and one test,
    the casebook judged another.  The pack now proposes the stage's weeks and rule;
    `--weeks 3` against the stage's 4 is one line, exit 1; `--weeks 4` is the stage's;
    `--improvement TEXT` words the notice as the officer decides.  Boundary: without
    such a stage, 3 weeks and the pack's own words, as before."""
    export, config, contacts = _school(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    code, out, err = _nti_pack(export, config, contacts)
    assert code == 0, err
    improvement = json.loads(out)["improvement"]
    assert improvement["weeks"] == 4
    assert improvement["asked"] == (
        "attendance over the period at least 1 point above the attendance before it"
    )
    code, out, err = _nti_pack(export, config, contacts, "--weeks", "3")
    assert code == 1 and "\n" not in err.strip(), err
    assert "--weeks 3: the ladder's notice to improve ('nti' in attcli.toml) gives 4 weeks" in err
    code, out, err = _nti_pack(export, config, contacts, "--weeks", "4", "--improvement", "no O")
    assert code == 0, err
    assert (json.loads(out)["improvement"]["weeks"], json.loads(out)["improvement"]["asked"]) == (
        4, "no O",
    )  # fmt: skip
    plain = tmp_path / "plain"
    plain.mkdir()
    export, config, contacts = _school(plain, ladder="")
    code, out, err = _nti_pack(export, config, contacts)
    assert code == 0, err
    improvement = json.loads(out)["improvement"]
    assert (improvement["weeks"], improvement["to"]) == (3, "2026-11-13")
    assert improvement["asked"].startswith("no unauthorised absence during the improvement period")


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ("weeks = 2", "got 2"),
        ("weeks = 7", "got 7"),
        ("half_terms = 1", "got half_terms = 1"),
        ("", "got None"),
    ],
)
def test_a_notice_to_improve_stage_gives_3_to_6_weeks(tmp_path: Path, lines: str, said: str) -> None:
    """DOMAIN.md 5: a notice to improve gives an improvement period of 3 to 6 weeks (seeds
    000, 001, 003: "a clear timeframe of between 3 and 6 weeks").  A stage of `action =
    "notice_to_improve"` of 2 or 7 weeks, in half terms or with no period at all (a last
    step, never judged) is refused when attcli.toml is read, naming the key; 3 and 6 are
    read."""
    from attcli.config import load_config
    from attcli.errors import AttcliError

    ladder = _ladder().replace("weeks = 4", lines)
    config = make_workspace(tmp_path / "ws", ladder)
    with pytest.raises(AttcliError) as e:
        load_config(config)
    assert "escalation.stages[0].weeks" in str(e.value)
    assert "a notice to improve gives an improvement period of 3 to 6 weeks" in str(e.value)
    assert said in str(e.value)
    for weeks in (3, 6):
        config = make_workspace(tmp_path / f"ws{weeks}", _ladder(weeks))
        assert load_config(config).escalation.stages[0].weeks == weeks


def _status(export: Path, config: Path, as_of: str) -> tuple[str | None, str | None, str | None]:
    """P's (status, due stage, note) in `attcli cases` as of ``as_of``; Nones when P is not
    listed (off the ladder)."""
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    found = [c for c in json.loads(out)["cases"] if c["upn"] == "P"]
    return (found[0]["status"], found[0]["due_stage"], found[0]["note"]) if found else (None, None, None)


def test_an_improved_notice_to_improve_is_not_due_again_for_the_same_offences(tmp_path: Path) -> None:
    """P's notice to improve (Mon 19/10, 4 school weeks to Fri 20/11) worked: 40 of 40
    sessions over it, improved, P left the ladder on 20/11.  But the 10 `O` of 5-9 October
    stay in the rolling 10-school-week window until mid-December, so the `pn` flag held,
    and `attcli cases` listed P under "Notices to improve to give" again from 20/11 (a
    second notice for the offences the first one covered, which the parent answered),
    "due by attendance since leaving the ladder on 20/11/2026: - (0/0)".  For a pupil
    who has left the ladder, the `pn` flag now counts only the window's sessions after
    they left, as the figures count only attendance since (docs/cases.md): as of 23/11
    and 04/12 nothing is due.  Boundaries: 10 new `O` Mon 23 to Fri 27 Nov meet the
    threshold again after leaving: the notice is due as of 27/11, and its note says no
    attendance figure made it due; 9 (Fri 27 PM present) do not."""
    export, config, _ = _school(tmp_path)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    assert _status(export, config, "2026-11-20")[0] == "left"
    for day in ("2026-11-23", "2026-12-04"):
        status, due, _ = _status(export, config, day)
        assert status != "due" and due is None, (day, status, due)
    again = {dt.date(2026, 11, 23) + dt.timedelta(days=i): "OO" for i in range(5)}
    for n, marks in ((10, again), (9, again | {dt.date(2026, 11, 27): "O\\"})):
        folder = tmp_path / f"again{n}"
        folder.mkdir()
        export, config, _ = _school(folder, marks)
        _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
        status, due, note = _status(export, config, "2026-11-27")
        if n == 10:
            assert (status, due) == ("due", "nti"), (status, due, note)
            assert not note or "attendance" not in note, note
        else:
            assert status != "due" and due is None, (n, status, due, note)


def _pn_reason(export: Path, config: Path, as_of: str) -> str:
    code, out, err = run_cli("check", export, "-c", config, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    (p,) = [p for p in json.loads(out)["pupils"] if p["upn"] == "P"]
    return p["reasons"]["pn"]


def test_the_check_says_a_notice_to_improve_s_period_is_running(tmp_path: Path) -> None:
    """During P's improvement period (the notice of Mon 19/10, 4 school weeks to Fri
    20/11) the weekly check listed P at the threshold with "next notice: first (GBP 80
    ...)" and the group's "consider a notice to improve or a penalty notice", nothing of
    the notice given: an officer reading it on 06/11 would issue a notice to improve
    again, or a penalty notice a fortnight before the period the parent was given ends
    (seeds 000, 001, 003: a penalty notice before its end only on the grounds the notice
    gave).  The reason now ends "notice to improve given 19/10/2026: its improvement
    period runs to 20/11/2026; a penalty notice before then only on the grounds the
    notice gave".  Boundaries: as of 16/10 (none on record yet) nothing; as of Fri 20/11,
    its last day, running; as of Mon 23/11 "its improvement period ended 20/11/2026:
    `attcli cases` judges whether attendance improved"."""
    export, config, _ = _school(tmp_path)
    assert "notice to improve" not in _pn_reason(export, config, "2026-10-16")
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    running = (
        "notice to improve given 19/10/2026: its improvement period runs to 20/11/2026; a "
        "penalty notice before then only on the grounds the notice gave"
    )
    assert _pn_reason(export, config, "2026-11-06").endswith(running)
    assert _pn_reason(export, config, "2026-11-20").endswith(running)
    assert _pn_reason(export, config, "2026-11-23").endswith(
        "notice to improve given 19/10/2026: its improvement period ended 20/11/2026: attcli "
        "cases judges whether attendance improved"
    )


def test_pn_next_says_a_notice_to_improve_s_period_is_running(tmp_path: Path) -> None:
    """`attcli pn next P --parent ... --date 2026-11-06`, during the improvement period of
    the notice to improve given on 19/10 (to 20/11), said only "first (GBP 80 if paid
    within 21 days, 160 within 28)": the officer asking before issuing one was not told
    the parent's period had two weeks to run.  It now says so in a note, as the check
    does.  Boundaries: on 20/11 (its last day) said; on 23/11 (ended: `attcli cases`
    judges it) and before it was given (16/10), not."""
    _, config, _ = _school(tmp_path)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    running = (
        "notice to improve given 19/10/2026: its improvement period runs to 20/11/2026; a "
        "penalty notice before then only on the grounds the notice gave"
    )
    for day, said in (("2026-10-16", False), ("2026-11-06", True), ("2026-11-20", True),
                      ("2026-11-23", False)):  # fmt: skip
        code, out, err = run_cli(
            "pn", "next", "P", "--parent", "Mrs Ann Parent", "--date", day, "-c", config
        )
        assert code == 0, err
        assert out.startswith("first (GBP 80"), out
        assert (running in " ".join(err.split())) is said, (day, err)


def test_a_second_notice_to_improve_during_the_first_s_period_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notice to improve given on 19/10 runs to 20/11.  On Fri 06/11 the officer made
    a notice-to-improve pack for P again: "complete", proposing a new period from Mon
    09/11, for the same 10 sessions the first notice was given for, in the middle of the
    period the parent is still answering.  It is now a problem ("a notice to improve given
    19/10/2026 is running: its improvement period ends 20/11/2026; attcli cases judges it
    then, and a penalty notice, not another notice to improve, follows if attendance has
    not improved"), the pack a draft.  Boundaries: the pack of 16/10 (none on record) is
    complete; one as of Mon 23/11 (the period over) is not refused on this account."""
    export, config, contacts = _school(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    code, out, err = _nti_pack(export, config, contacts)
    assert code == 0, err
    assert not [p for p in json.loads(out)["problems"] if "running" in p], out
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-06")
    code, out, err = _nti_pack(export, config, contacts, as_of="2026-11-06")
    assert code == 0, err
    assert (
        "a notice to improve given 19/10/2026 is running: its improvement period ends "
        "20/11/2026; attcli cases judges it then, and a penalty notice, not another notice "
        "to improve, follows if attendance has not improved"
    ) in json.loads(out)["problems"], out
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-23")
    code, out, err = _nti_pack(export, config, contacts, as_of="2026-11-23")
    assert code == 0, err
    assert not [p for p in json.loads(out)["problems"] if "is running" in p], out


def test_a_penalty_notice_pack_during_the_improvement_period_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A penalty-notice request for P made on Fri 06/11, inside the improvement period of
    the notice to improve of 19/10 (to 20/11), was made with nothing said to the officer
    but the PDF's "running: ends 20/11/2026" among the monitoring periods.  The policies
    allow a penalty notice before the period's end only on the grounds the notice gave
    (seeds 000 4.3, 001 21.3, 003), which attcli cannot know: not a problem, but said on
    stderr, in the check's words.  Boundary: the request as of Mon 23/11 (the period
    over, judged not improved after 10 `O` 16-20 Nov) says nothing of it."""
    more = {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(5)}
    export, config, contacts = _school(tmp_path, more)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    said = (
        "notice to improve given 19/10/2026: its improvement period runs to 20/11/2026; a "
        "penalty notice before then only on the grounds the notice gave"
    )
    for day, running in (("2026-11-06", True), ("2026-11-23", False)):
        monkeypatch.setenv("ATTCLI_TODAY", day)
        code, out, err = run_cli(
            "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
            "penalty-notice", "--as-of", day, "--format", "json", "--draft",
        )  # fmt: skip
        assert code == 0, err
        assert (said in " ".join(err.split())) is running, (day, err)
    (period,) = json.loads(out)["monitoring_periods"]
    assert (period["to"], period["outcome"]) == ("2026-11-20", "not improved"), period


def test_a_notice_to_improve_for_a_pupil_with_no_date_of_birth_is_held(tmp_path: Path) -> None:
    """P's date of birth is blank in the export: the check keeps P in the penalty-notice
    group (the age unknown, never assumed either way, DOMAIN.md 5), and `attcli cases`
    listed the notice to improve among the steps to take, as if P were known to be of
    compulsory school age, though a notice to improve is for a pupil of that age only
    (sweep csa) and its pack says so.  It is held for a person to review, as the
    penalty-notice warning letter is, in the same words.  Boundary: with the date of birth
    (01/10/2014) it is due, not held."""
    from attcli.absence import AGE_UNKNOWN

    export, config, _ = _school(tmp_path)
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-10-16", "--format", "json")
    assert code == 0, err
    (case,) = [c for c in json.loads(out)["cases"] if c["upn"] == "P"]
    assert (case["due_stage"], case["held"]) == ("nti", None), case
    export.write_text(export.read_text(encoding="utf-8").replace("01/10/2014", ""), encoding="utf-8")
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-10-16", "--format", "json")
    assert code == 0, err
    (case,) = [c for c in json.loads(out)["cases"] if c["upn"] == "P"]
    assert case["due_stage"] == "nti" and case["held"] is not None, case
    assert AGE_UNKNOWN in case["held"], case


def test_a_ladder_s_notice_to_improve_without_term_dates_says_it_counts_calendar_weeks(
    tmp_path: Path,
) -> None:
    """A notice to improve's weeks are school weeks by the term dates; a workspace with no
    [[calendar.half_terms]] gives none, so the casebook (and the pack, which says so) count
    calendar weeks, a holiday among them, and `attcli cases` said nothing.  It now says
    it in one line.  Boundary: with the term dates, no such line."""
    export, config, _ = _school(tmp_path)
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-10-16", "--format", "json")
    assert code == 0, err
    line = (
        "the ladder's notice to improve nti counts its weeks as school weeks by the term "
        "dates, but attcli.toml lists no [[calendar.half_terms]]: its improvement periods "
        "are calendar weeks, holidays among them; add this school year's half terms"
    )
    assert line not in json.loads(out)["warnings"]
    config.write_text(config.read_text(encoding="utf-8").replace(AUTUMN_HALF_TERMS, ""), encoding="utf-8")
    code, out, err = run_cli("cases", export, "-c", config, "--as-of", "2026-10-16", "--format", "json")
    assert code == 0, err
    assert line in json.loads(out)["warnings"], json.loads(out)["warnings"]


def _pn_action(export: Path, config: Path, as_of: str) -> str:
    code, out, err = run_cli("check", export, "-c", config, "--as-of", as_of, width=400)
    assert code == 0, err
    lines = out.splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("Penalty-notice threshold"))
    return next(x for x in lines[at:] if x.startswith("Action:"))


def test_the_check_s_action_waits_for_a_running_improvement_period(tmp_path: Path) -> None:
    """With P's notice to improve running (19/10 to 20/11), the pupil's reason says so, but
    the group's action still read "consider a notice to improve or a penalty notice": the
    one line an officer acts on.  When every pupil of the group has a notice running it
    now reads "none until the notice to improve's improvement period ends (the reason says
    when); a penalty notice before then only on the grounds the notice gave"; with others
    in the group, their action and "for the pupil whose notice to improve is running,
    wait for its end".  Boundaries: as of 16/10 (none given) and 23/11 (ended) the action
    is as it was."""
    from attcli.check import PN_ACTION

    waiting = (
        "Action: none until the notice to improve's improvement period ends (the reason says "
        "when); a penalty notice before then only on the grounds the notice gave"
    )
    export, config, _ = _school(tmp_path)
    assert _pn_action(export, config, "2026-10-16") == f"Action: {PN_ACTION}"
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    assert _pn_action(export, config, "2026-11-06") == waiting
    assert _pn_action(export, config, "2026-11-23") == f"Action: {PN_ACTION}"
    # A0 at the threshold too (10 `O` 2-6 Nov), no notice to improve given
    both = tmp_path / "both"
    both.mkdir()
    export, config, _ = _school(both)
    text = export.read_text(encoding="utf-8").splitlines()
    o_days = {f"{d:02d}/11/2026" for d in range(2, 7)}
    text = [
        x[: x.rindex(",")] + ",O" if x.startswith("A0,") and x.split(",")[6] in o_days else x
        for x in text
    ]
    export.write_text("\n".join(text) + "\n", encoding="utf-8")
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    assert _pn_action(export, config, "2026-11-06") == (
        f"Action: {PN_ACTION}; for the pupil whose notice to improve is running, wait for "
        "its end (the reason says when)"
    )


def test_the_pupil_record_s_action_waits_too(tmp_path: Path) -> None:
    """`attcli pupil P` shows the check's flags with their actions: during the improvement
    period its penalty-notice flag said "consider a notice to improve or a penalty notice"
    while the check's group waited.  It now says the check's words; after the period (as
    of 23/11) the plain action again."""
    from attcli.check import PN_ACTION, PN_NTI_RUNNING_ACTION

    export, config, _ = _school(tmp_path)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    for day, action in (("2026-11-06", PN_NTI_RUNNING_ACTION), ("2026-11-23", PN_ACTION)):
        code, out, err = run_cli("pupil", "P", export, "-c", config, "--as-of", day, width=400)
        assert code == 0, err
        assert action in out, (day, out)


def test_the_notice_s_page_says_its_weeks_are_school_weeks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack's page said "Length 4 weeks" beside "Proposed dates 19 October 2026 to
    20 November 2026", five calendar weeks apart (the half-term holiday among them): the
    parent and the LA could not tell how the four were counted.  It now says "4 school
    weeks (20 school days)"; where the term dates do not reach (none in the config),
    "4 weeks (calendar weeks: the term dates do not reach so far)"."""
    from test_evidence import pdf_text

    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-16")
    export, config, contacts = _school(tmp_path)
    pdf = tmp_path / "nti.pdf"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "notice-to-improve", "--as-of", "2026-10-16", "--draft", "-o", pdf,
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert "4 school weeks (20 school days)" in text, text
    config.write_text(config.read_text(encoding="utf-8").replace(AUTUMN_HALF_TERMS, ""), encoding="utf-8")
    pdf = tmp_path / "calendar.pdf"
    code, _, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "notice-to-improve", "--as-of", "2026-10-16", "--draft", "-o", pdf,
    )  # fmt: skip
    assert code == 0, err
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert "4 weeks (calendar weeks: the term dates do not reach so far)" in text, text


def _pn_problems(export: Path, config: Path, contacts: Path, day: str) -> list[str]:
    code, out, err = run_cli(
        "evidence", "P", export, "-c", config, "--contacts", contacts, "--for",
        "penalty-notice", "--as-of", day, "--format", "json", "--draft",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["problems"]


def test_no_penalty_notice_for_the_offences_an_improved_notice_to_improve_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P answered the notice to improve of 19/10: 40 of 40 sessions over its period (to
    20/11), improved.  A penalty-notice request made on Mon 23/11 for the same 10 `O` of
    October, still in the window, was "complete": the notice's "final chance" (seeds 000,
    001, 003) taken and met, and the parent fined anyway.  It is now a problem: "the
    notice to improve given 19/10/2026 was answered: attendance improved over its period
    (19/10/2026 to 20/11/2026), and 0 of the window's unauthorised sessions are after it,
    fewer than 10: no penalty notice for the offences it answered".  Boundaries: 10 new
    `O` 23-27 Nov (after the period) make a request as of 27/11 complete of this; a notice
    not improved (10 `O` 16-20 Nov, in the period) is no such problem."""
    answered = (
        "the notice to improve given 19/10/2026 was answered: attendance improved over its "
        "period (19/10/2026 to 20/11/2026), and 0 of the window's unauthorised sessions are "
        "after it, fewer than 10: no penalty notice for the offences it answered"
    )
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-30")
    export, config, contacts = _school(tmp_path)
    _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
    assert answered in _pn_problems(export, config, contacts, "2026-11-23")
    for name, marks, day in (
        ("again", {dt.date(2026, 11, 23) + dt.timedelta(days=i): "OO" for i in range(5)}, "2026-11-27"),
        ("during", {dt.date(2026, 11, 16) + dt.timedelta(days=i): "OO" for i in range(5)}, "2026-11-23"),
    ):  # fmt: skip
        folder = tmp_path / name
        folder.mkdir()
        export, config, contacts = _school(folder, marks)
        _record(config, "nti", dt.date(2026, 10, 19), "NTI issued")
        problems = _pn_problems(export, config, contacts, day)
        assert not [p for p in problems if "was answered" in p], (name, problems)
