"""A red letter a person released after it was held for review (``--release``): what it
says of a looked-after pupil's next steps, and of absence the school agreed (R, T).
Small registers by hand; the right answers worked from DOMAIN.md 5 and 9 and the
policies (002: the designated teacher works with the Virtual School Head on the
Personal Education Plan)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.config import parse_config
from attcli.letters import History, run_letters
from attcli.store import Parent
from builders import register
from school import AUTUMN_HALF_TERMS
from test_letters import AUTUMN_HOLIDAY, CONFIG, FONTS, html_text, run

HEAD = (
    "UPN,Contact ID,Contact Title,Contact Forename,Contact Surname,Relationship,Priority,"
    "Parental Responsibility,Lives With Pupil,Address Line 1,Town,Postcode\n"
)


def _further_red(tmp: Path, contacts: str, notices: tuple[str, ...] = ()) -> dict[str, str]:
    """LAC and BIO miss every fifth day (O): 56/70 = 80.0 % on 23 Oct, 112/140 = 80.0 %
    on 18 Dec, red both times and not improved, so the second letter asks for the formal
    meeting and names the next steps.  Every held letter released both times."""
    reg = register({u: ("/ " * 4 + "O ") * 14 for u in ("LAC", "BIO")}, holidays=AUTUMN_HOLIDAY)
    cfg = parse_config(
        CONFIG.format(history=tmp / "history.sqlite3", fonts=FONTS, extra="") + AUTUMN_HALF_TERMS
    )
    path = tmp / "contacts.csv"
    path.write_text(HEAD + contacts, encoding="utf-8")
    with History(tmp / "history.sqlite3", write=True) as store:
        for upn in notices:
            store.record_notice(upn, Parent("id:F1", "Ms Fay Foster"), dt.date(2026, 2, 9))
    kw = dict(register=reg, out_dir=tmp / "out", only=["red"], contacts=path, release=["LAC"])
    oct23, dec18 = dt.date(2026, 10, 23), dt.date(2026, 12, 18)
    run_letters([], cfg, as_of=oct23, letter_date=oct23, **kw)
    r = run_letters([], cfg, as_of=dec18, letter_date=dec18, **kw)
    return {x.upn: html_text(tmp / "out" / x.html_file) for x in r.letters}


LOOKED_AFTER = (
    "LAC,L1,,,Anyshire County Council,Local Authority,1,Yes,No,County Hall,Anytown,AN1 0AA\n"
    "LAC,F1,Ms,Fay,Foster,Foster Carer,2,No,Yes,5 Elm Road,Anytown,AN1 5AB\n"
    "BIO,B1,Mrs,Bea,Io,Mother,1,Yes,Yes,1 Oak Road,Anytown,AN1 1AB\n"
)


def _released_to_carer(tmp_path: Path, reg, template: str) -> tuple[str, str]:  # noqa: ANN001
    """LAC's letter of ``template``, held as looked after and released to the foster carer,
    and BIO's, to a mother (:data:`LOOKED_AFTER`'s contacts): their texts."""
    path = tmp_path / "lac.csv"  # (run() writes contacts.csv)
    path.write_text(HEAD + LOOKED_AFTER, encoding="utf-8")
    made = run(tmp_path, reg, contacts=path, only=[template], release=["LAC"])
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in made.letters}
    return texts["LAC"], texts["BIO"]


def test_a_released_red_letter_about_a_looked_after_pupil_names_no_penalty_notice(
    tmp_path: Path,
) -> None:
    """blind2's leftover: LAC is looked after (Anyshire County Council holds parental
    responsibility), the letter held, then released to the foster carer.  Its next steps
    said "which can include a parenting contract, a notice to improve or a penalty
    notice", though check and the evidence pack quote none for a looked-after child with
    no notice on record (store.looked_after_quote: the local authority's to decide with
    the social worker and the Virtual School Head).  Now the next steps are the Personal
    Education Plan's; BIO's letter, to a mother, is as ever."""
    texts = _further_red(tmp_path, LOOKED_AFTER)
    lac, bio = texts["LAC"], texts["BIO"]
    assert "formal attendance meeting" in bio
    # (sweep lacfollow: the carer is asked to the Personal Education Plan's meeting, not
    # the Headteacher's formal one, with the council that looks after the child named)
    assert (
        "you are asked to a meeting with the school's designated teacher for looked-after "
        "children, ForenameLAC's social worker and the Virtual School Head of Anyshire County "
        "Council to review ForenameLAC's Personal Education Plan."
    ) in lac, lac
    assert "formal attendance meeting" not in lac and "Headteacher" not in lac
    assert "penalty notice" not in lac and "notice to improve" not in lac, lac
    assert "parenting contract" not in lac
    # (the lead, 7 December: "with them" left the carer out of the plan made with them;
    # the penalty-notice warning says "with you and with them" since slips8)
    assert (
        "Where support is not working or not taken up, the school will agree the next steps "
        "with you and with them, through ForenameLAC's Personal Education Plan."
    ) in lac, lac
    assert "which can include a parenting contract, a notice to improve or a penalty notice." in bio


def test_a_released_red_letter_follows_a_notice_the_local_authority_issued_to_the_carer(
    tmp_path: Path,
) -> None:
    """A notice on record to the foster carer (issued by the local authority, 09/02/2026):
    store.looked_after_quote keeps the next notice, a second, as for any parent."""
    texts = _further_red(tmp_path, LOOKED_AFTER, notices=("LAC",))
    assert "a notice to improve or a penalty notice" in texts["LAC"], texts["LAC"]


def test_a_released_red_letter_for_agreed_absence_says_so_as_the_amber_does(tmp_path) -> None:
    """looks12's leftover: REL away 6 days of festivals (12 R sessions) of 40, 68/80 =
    85.0 %, red; TRV the same travelling (T).  Held, then released: the letter said
    nothing of the absence being agreed.  Now it has the amber letter's paragraph, word
    for word, and its next steps name no notice; MIX (3 R, 3 O: half) is sent as ever
    with no such paragraph."""
    reg = register({
        "REL": "/ " * 34 + "R " * 6,
        "TRV": "/ " * 34 + "T " * 6,
        "MIX": "/ " * 34 + "R " * 3 + "O " * 3,
    })  # fmt: skip
    made = run(tmp_path, reg, include_held=True, only=["red"])
    texts = {x.upn: html_text(tmp_path / "out" / x.html_file) for x in made.letters}
    assert sorted(texts) == ["MIX", "REL", "TRV"]
    said = (
        "We know that much of Forename{u}'s absence this year is recorded as {what}, and we "
        "are not writing to blame anyone for it. If there is anything the school can do to "
        "help Forename{u} attend, or to help with catching up on learning missed, please "
        "tell us."
    )
    assert said.format(u="REL", what="religious observance") in texts["REL"], texts["REL"]
    assert said.format(u="TRV", what="travelling with a parent for their work") in texts["TRV"]
    assert "not writing to blame" not in texts["MIX"]


def test_a_released_penalty_notice_warning_about_a_looked_after_pupil_quotes_no_fine(
    tmp_path: Path,
) -> None:
    """The same rule for the warning, held too (hold_templates) and released: LAC's said
    "A penalty notice to you would be a first notice: £80 ..." to the foster carer.  16
    unauthorised sessions (O) in the window: the threshold is met for both; BIO's mother is
    quoted the first notice as ever."""
    reg = register({u: ("/ " * 4 + "O ") * 8 for u in ("LAC", "BIO")})
    lac, bio = _released_to_carer(tmp_path, reg, "penalty_notice_warning")
    assert "£80" not in lac and "a penalty notice or a notice to improve" not in lac, lac
    # (sweep leftovers16: no fine to a carer, nor "whether one is issued to a carer"; the
    # next steps agreed with the carer through the Personal Education Plan)
    assert (
        "ForenameLAC is looked after, so this letter quotes no penalty notice or fine: any "
        "formal action on ForenameLAC's attendance is for Example Borough Council to decide "
        "with ForenameLAC's social worker and the Virtual School Head of Anyshire County "
        "Council."
    ) in lac, lac
    assert (
        "the school will agree the next steps with you and with them, through ForenameLAC's "
        "Personal Education Plan."
    ) in lac, lac
    assert "A penalty notice to you would be a first notice: £80" in bio


def test_a_released_severe_letter_about_a_looked_after_pupil_threatens_no_prosecution(
    tmp_path: Path,
) -> None:
    """The severe letter, released for LAC (30/80 = 37.5 %, 50 sessions O), told the foster
    carer "the local authority may take formal action, including a parenting contract, an
    education supervision order or prosecution" and offered an early help assessment to a
    child who has a social worker.  Now the plan is agreed with the social worker and the
    Virtual School Head through the Personal Education Plan; BIO's is as ever."""
    reg = register({u: "/ " * 15 + "O " * 25 for u in ("LAC", "BIO")})
    lac, bio = _released_to_carer(tmp_path, reg, "severe")
    assert "prosecution" not in lac and "early help" not in lac, lac
    assert "Headteacher" not in lac  # (sweep lacfollow: the Plan's review, not its meeting)
    assert (
        "we will arrange an urgent review of ForenameLAC's Personal Education Plan with you "
        "and the school's designated teacher for looked-after children, ForenameLAC's social "
        "worker and the Virtual School Head of Anyshire County Council, to agree a plan of "
        "support."
    ) in lac, lac
    assert "an education supervision order or prosecution." in bio
