"""The evidence pack as a print-ready PDF (Typst: templates/evidence/_evidence.typ).

:func:`pack_document` turns a :class:`~attcli.evidence.build.Pack` into plain data for
the layout: every value from an export or a record goes in as a string of data
(:func:`attcli.output.display_text`), never as markup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from attcli import percent
from attcli.certificate import certificate_data, year_and_form_row
from attcli.config import letter_name
from attcli.contacts import Contact, is_carer
from attcli.errors import AttcliError
from attcli.evidence.build import (
    NOTICE_TO_IMPROVE,
    PENALTY_NOTICE,
    REFERRAL,
    TITLES,
    Pack,
    age_disputed,
    meaning,
)
from attcli.output import display_text
from attcli.store import (
    AGE_NOT_CHECKED,
    NEXT_FIRST,
    NEXT_LOOKED_AFTER,
    NEXT_NOT_OF_AGE,
    NEXT_SECOND,
)


def _t(value: object, limit: int = 80) -> str:
    return display_text(value, limit)


def _d(day: dt.date) -> str:
    return f"{day:%a %d/%m/%Y}"


def _date(day: dt.date) -> str:
    """A date in a sentence or a field of the pack, as its rows and its date of birth give
    it: 20/11/2026 (it said "20 November 2026" over "Mon 16/11/2026" rows: one format)."""
    return f"{day:%d/%m/%Y}"


def _marked(c: Contact) -> str:
    """" (court order)", " (Do Not Contact)", both, or nothing."""
    marks = [m for m, on in (("court order", c.court_order), ("Do Not Contact", c.no_contact)) if on]
    return f" ({', '.join(marks)})" if marks else ""


#: (in pounds, as the warning letter says them: "GBP" is the terminal's, whose console may
#: have no "£"; the pack's fonts are the letters')
THIS_NOTICE = {
    NEXT_FIRST: "This would be the first notice to this parent about this pupil within 3 "
    "years: £80 if paid within 21 days, £160 within 28.",
    NEXT_SECOND: "This would be the second notice to this parent about this pupil within 3 "
    "years: £160.",
    NEXT_NOT_OF_AGE: "Not of compulsory school age on the date of this evidence: no penalty "
    "notice.",
    # (the pupil's "Looked after" row, on every pack that quotes none, says whose decision
    # a notice to a carer is: not said twice on one page, sweep looks12)
    NEXT_LOOKED_AFTER: "No penalty notice or fine is quoted: the pupil is looked after (see "
    '"Looked after" under The pupil).',
}


def pack_document(pack: Pack) -> dict[str, Any]:
    """What the layout shows, as data."""
    rec, row, cfg = pack.rec, pack.rec.row, pack.rec.config
    s = cfg.school
    lines = percent.attendance_lines(b.threshold for b in cfg.bands)
    # the legal names whole (a pack for the LA; 100 characters each is beyond any real name)
    name = " ".join(_t(row.get(k), 100) for k in ("forename", "surname")).strip()
    csa = row["compulsory_school_age"]
    pupil = [
        ["Name", name],
        ["UPN", _t(rec.upn, 20)],
        ["Date of birth", _date(row["dob"]) if row["dob"] else "not in the exports"],
        year_and_form_row(row),
        [
            "Compulsory school age",
            "not known (no date of birth)"
            if csa is None
            # (two dates of birth, of the age by one only: not known either, leftovers19)
            else "not known (the exports give two dates of birth: see the problems above)"
            if age_disputed(pack) is not None
            else (f"yes, on {_date(pack.as_of)}" if csa else f"no, on {_date(pack.as_of)}"),
        ],
    ]
    joined = pack.rec.joined_on
    on_roll = [f"joined the roll on {_date(joined)}"] if joined is not None else []
    for left, back in pack.rec.off_roll:  # (two spells of a pupil list)
        on_roll.append(f"left the roll on {_date(left)} and joined it again on {_date(back)}")
    if row.get("left_on") is not None:
        on_roll.append(f"left the roll on {_date(row['left_on'])}")
    if on_roll:
        pupil.append(["On roll", "; ".join(on_roll)])
    if pack.looked_after is not None:  # (printed and sent, the pack says it: not a run note only)
        # (the check's sentence begins "looked after (WHY): ...": under the label "Looked
        # after" it answers it, "yes (WHY): ...", not the label said twice: sweep looks12)
        said = pack.looked_after
        said = "yes " + said.removeprefix("looked after ") if said.startswith("looked after (") else said
        pupil.append(["Looked after", _t(said, 600)])
    p = pack.parent
    parent = [
        ["Name", _t(p.name)],
        ["Relationship", _t(p.relationship) or "not in the contacts export"],
        [
            "Parental responsibility",
            {True: "yes", False: "no", None: "not stated in the contacts export"}[
                p.parental_responsibility
            ],
        ],
        # (where the export says: a carer the pupil lives with is a parent, s.576 of the
        # Education Act 1996, though without parental responsibility: carers sweep)
        *(
            [["Lives with the pupil", "yes: has care of the pupil (a parent under s.576 of "
              "the Education Act 1996)" if is_carer(p) and p.parental_responsibility is not True else "yes" if p.lives_with else "no"]]
            if p.lives_with is not None else []
        ),  # fmt: skip
        ["Address", ", ".join(_t(x) for x in p.postal_lines) or "none in the contacts export"],
        ["Phone", _t(p.phone) or "–"],
        ["Email", _t(p.email) or "–"],
    ]
    if p.no_letters:
        parent.append(
            ["Letters", "marked in the contacts export not to be sent letters" + _marked(p)]
        )
    if p.contact_id:
        parent.append(["MIS contact id", _t(p.contact_id, 40)])
    others = [
        [
            # (the marks that keep the school from a contact, named beside them as cme
            # names them: the LA must not write to or ring them unawares)
            _t(c.name) + _marked(c),
            _t(c.relationship),
            {True: "yes", False: "no", None: "not stated"}[c.parental_responsibility],
            _t(c.phone),
        ]
        for c in pack.contacts
        if c is not p
    ]
    ev = rec.evaluation
    figures = [
        # (a pupil who left: the figures end on their last day on roll, and say so)
        ["Period", f"{_date(ev.period_start)} to {_date(pack.figures_end)} (the school year to "
         "the day the pupil left the roll)"
         if (left := row.get("left_on")) is not None and left < ev.as_of
         else f"{_date(ev.period_start)} to {_date(pack.figures_end)} (the school year to date)"],
        ["Attendance", percent.pct_text(row["attended"], row["possible"], lines)],
        ["Sessions attended", f"{row['attended']} of {row['possible']} possible"],
        ["Authorised absence", percent.counted(row["authorised"], "session")],
        ["Unauthorised absence", percent.counted(row["unauthorised"], "session")],
    ]
    w0, w1 = pack.window
    n = len(pack.sessions)
    # the window's school weeks, as the check and the letters count them: fewer than the
    # rule's where the exports start inside it (the problems say so)
    weeks = ev.window_weeks(row.get("school"))
    window_text = (
        f"The {percent.counted(weeks, 'school week')} from {_date(w0)} to {_date(w1)} "
        f"(weeks with no school are not school weeks). {n} session{'s' if n != 1 else ''} "
        f"of unauthorised absence ({', '.join(cfg.pn_codes)})"
        # with no date of birth the age is not known: every session is counted, and the
        # pack does not claim them as of compulsory school age (DOMAIN.md 5)
        + (
            " (compulsory school age not known: no date of birth, so every session counts)"
            if csa is None
            else " while of compulsory school age"
        )
        + (f"; the threshold is {cfg.pn_sessions}" if pack.kind == PENALTY_NOTICE else "")
        # (the first date this school year it was met: DOMAIN.md 5)
        + (
            f", first met on {_date(row['pn_first_met'])}."
            # (said of a window that meets it: a draft whose window no longer does is not
            # said to rest on a date its sessions have left)
            if row.get("pn_first_met") is not None
            and pack.kind == PENALTY_NOTICE
            and n >= cfg.pn_sessions
            else "."
        )
    )
    covered_text = (
        f"Not counted: {len(pack.covered)} session{'s' if len(pack.covered) != 1 else ''} of "
        "the window that supported a penalty notice to this parent on record ("
        + ", ".join(f"{d:%d/%m} {se}" for d, se in pack.covered)
        + "): a session never supports a second notice to the same parent."
        if pack.covered
        else ""
    )
    support: list[list[str]] = []
    events: list[tuple[dt.date, int, list[str]]] = []
    for x in rec.letters:
        if rec.on_record(x.letter_date):
            events.append(
                (x.letter_date, 0, [_d(x.letter_date), "Letter", f"{_t(letter_name(x.template), 40)} letter to {_t(x.contact_name)}" + (
                    f" (held for review: {_t(x.held_for or '', 200)}; released by {_t(x.released_by, 40)})"
                    if x.released_by else ""
                )])
            )
    ladder = {st.name: st.title for st in cfg.escalation.stages}
    for a in pack.actions:
        detail = "; ".join(
            t for t in (_t(a.note, 200), f"outcome: {_t(a.outcome, 200)}" if a.outcome else "") if t
        )
        events.append(
            (a.done_on, 1, [_d(a.done_on), _t(ladder.get(a.action, a.action), 80),
                            f"{detail} (recorded by {_t(a.recorded_by, 40)})".strip()])
        )  # fmt: skip
    for _, _, cells in sorted(events, key=lambda e: (e[0], e[1])):
        support.append(cells)
    notices = [
        [_d(x.issued_on), _t(x.parent), _t(x.note, 200)] for x in pack.notices
    ]
    this_notice = THIS_NOTICE.get(pack.this_notice or "", "") if pack.kind == PENALTY_NOTICE else ""
    if this_notice and pack.rec.row["compulsory_school_age"] is None:
        # no date of birth (a draft): the notice is quoted only if the pupil is of
        # compulsory school age, which is not known: said beside it (DOMAIN.md 5, nodob)
        this_notice += f" {AGE_NOT_CHECKED[:1].upper()}{AGE_NOT_CHECKED[1:]}."
    elif pack.kind == PENALTY_NOTICE and (why := age_disputed(pack)) is not None:
        # two dates of birth, of the age by one only (a draft): the notice the records make
        # it, said as only if of the age (sweep leftovers19)
        this_notice = THIS_NOTICE.get(pack.next_notice or "", "")
        if this_notice:
            this_notice += f" {why[:1].upper()}{why[1:]}."
    improvement: list[list[str]] = []
    period = pack.improvement_period
    if pack.kind == NOTICE_TO_IMPROVE and period is not None:
        improvement = [
            ["Length", pack.improvement_length()],
            ["Proposed dates", f"{_date(period[0])} to {_date(period[1])} (the notice sets them)"],
            ["Improvement asked", _t(pack.improvement, 500)],
        ]
    periods: list[list[str]] = []
    if pack.periods is not None:
        from attcli.ladder import judged_lines

        stages = {st.name: st for st in cfg.escalation.stages}

        def figure(att: tuple[int, int] | None, marks: tuple = lines) -> str:
            if att is None or att[1] == 0:
                return "–"
            # the bracket kept whole, on the line under the figure when the column is narrow
            shown, counts = percent.with_sessions(*att, marks).split(" ", 1)
            return shown + " " + counts.replace(" ", "\u00a0")

        for m in pack.periods:
            per = m.period
            periods.append(
                [_t(m.title, 120), _date(m.since), _date(per.end) if per.end else "–",
                 figure(per.before),
                 # (against the stage's rule too: a figure shown never looks improved
                 # when it is not, as `attcli cases` shows it)
                 figure(per.after, judged_lines(stages.get(m.name), per.before, lines)),
                 _t(m.improved_when, 200), m.outcome]
            )  # fmt: skip
    calendars = [
        certificate_data(
            rec.register,
            ev,
            row,
            made_on=pack.made_on,
            start=w0,
            end=w1,
            heading=f"Register for the window: {name}",
            period=f"The {percent.counted(weeks, 'school week')} from {_date(w0)} to {_date(w1)} "
            "(figures: the school year to date)",
            outside="Outside the penalty-notice window",
        )
    ]
    if pack.kind == REFERRAL:
        calendars.append(
            certificate_data(
                rec.register, ev, row, made_on=pack.made_on, heading=f"Register for the year: {name}",
                outside="Outside the period shown",
            )
        )
    title = TITLES[pack.kind]
    footer = f"{s.name} · {title} · {name} · personal information: keep it safe"
    for c in calendars:  # a page of the pack: its footer and page number, not a certificate's
        c["footer"], c["paged"] = footer, True
    return {
        "title": f"{title}: {name}",
        "subtitle": f"Evidence as of {_date(pack.as_of)}, made on {_date(pack.made_on)}"
        + (f" · for {_t(s.local_authority)}" if s.local_authority else ""),
        "draft": bool(pack.problems),
        "problems_heading": f"DRAFT: not complete ({len(pack.problems)} "
        f"problem{'s' if len(pack.problems) != 1 else ''}); the local authority would return it",
        "problems": [_t(x.text(), 300) for x in pack.problems],
        "school": {"name": s.name, "address": list(s.address), "phone": s.phone, "email": s.email},
        "pupil": pupil,
        "parent_heading": "The parent this request is about"
        if pack.kind == PENALTY_NOTICE
        else "The parent",
        "parent": parent,
        "others_heading": "The pupil's other contacts",
        "others": others,
        "figures": figures,
        "window_heading": "Unauthorised absence in the penalty-notice window",
        "window_text": window_text,
        "sessions": [[_d(d), se, m, meaning(m)] for d, se, m in pack.sessions],
        "covered_text": covered_text,
        "support": support,
        # (for the LA, who knows neither the program's name nor its word for its records)
        "no_support": "None on record: no letter sent and no action recorded for this pupil.",
        "notices": notices,
        "this_notice": this_notice,
        "other_parents": [_t(x, 600) for x in pack.other_parents + pack.not_counted],
        "improvement": improvement,
        "periods_heading": "Monitoring periods (improvement asked)",
        "periods": periods,
        # (a penalty-notice request shows them when it has some: a request for a holiday
        # in term time follows no stage, and says nothing of stages)
        "show_periods": pack.periods is not None
        and (pack.kind == REFERRAL or bool(pack.periods)),
        "no_periods": "No monitoring period on record: no stage of the escalation ladder with "
        "a monitoring period was recorded for this pupil.",
        "signature": {
            "name": _t(s.attendance_lead) or "–",
            "role": _t(s.attendance_lead_role),
        },
        "footer": footer,
        "calendars": calendars,
    }


def pack_pdf(
    pack: Pack, *, draft: bool, fonts: list[Path] | None = None, notes: list[str] | None = None
) -> bytes:
    """The pack as an A4 PDF; ``draft`` marks every page (a pack with problems is always
    a draft).

    A pack whose text has a character no font has (it would print as an empty box) is
    refused, as a pack with any other problem is; a draft is written, and ``notes`` says so."""
    from attcli.pdf import PdfRenderer, no_font_text

    doc = pack_document(pack)
    doc["draft"] = draft or bool(pack.problems)
    renderer = PdfRenderer(fonts)
    lacking = renderer.missing(doc)
    if lacking and not draft:
        raise AttcliError(
            f"the {pack.kind} pack for {pack.rec.upn} cannot be made: {no_font_text(lacking)}"
            "; or write a draft with --draft"
        )
    if lacking and notes is not None:
        notes.append(f"written as a DRAFT: {no_font_text(lacking, written=True)}")
    return renderer.evidence(doc, pack.made_on)
