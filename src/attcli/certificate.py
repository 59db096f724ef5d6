"""The attendance certificate (seed 002 sends it with its letters, DOMAIN.md 9).

The pupil's marks for the period as a calendar: school weeks down (weeks with no school
day, the holidays, are left out), Monday to Friday across with AM and PM under each day;
the key to the marks actually shown; the figures; the school's header.  Typeset by Typst
(``templates/certificate/_certificate.typ``) from :func:`certificate_data`, a plain dict
passed as JSON: names and marks are data, never markup.

Every kind of cell looks different: a mark of each category, ``-`` (a missing mark: "no
mark recorded"), a session the school had but the pupil has no row for (not on roll), a
weekday session the school did not have (no school), and a day outside the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from attcli import percent
from attcli.calendar import monday
from attcli.codes import CODE_BY_NAME, CODES, LEGACY_CODES
from attcli.config import Config
from attcli.engine import Evaluation
from attcli.names import legal_name
from attcli.output import display_text, shows_nothing

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
MISSING = "-"

#: Kinds of cell that are not a code, in the key's order, with what each means (each
#: begins with a capital, as the codes' meanings above them do: sweep looks8).
SPECIAL = {
    "missing": "No mark recorded: the register was not completed for this session",
    "not_on_roll": "Not on roll: no mark for this pupil although the school was open",
    "no_school": "No school for anyone this session",
    "outside": "Outside the period of this certificate",
}
_ORDER = {c.code: i for i, c in enumerate(CODES + LEGACY_CODES)}
#: The present marks an export gave in the other session (``/`` is "Present (AM)", ``\``
#: "Present (PM)" nationally; some MIS reports give ``/`` for both): "Present" in the key.
_OTHER_SESSION = {("/", "PM"), ("\\", "AM")}
_PRESENT = "Present"


def _long(d: dt.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _kind(mark: str, category: str) -> str:
    if mark == MISSING or category == "missing":
        return "missing"
    return category


@dataclass
class RegisterMarks:
    """The marks of some pupils between two dates, ready for their certificates, and the
    sessions the school had (any pupil marked): made once for a run of many certificates
    (:func:`register_marks`), so that no certificate reads the whole register again."""

    start: dt.date
    end: dt.date
    #: (school, upn) -> that pupil's marks, (date, session) -> (mark, category)
    frames: dict[tuple[str, str], pl.DataFrame]
    #: school -> its sessions with any mark between the dates
    opened: dict[str, set[tuple[dt.date, str]]]
    #: (school, upn) -> the school's sessions between the dates with no register in the
    #: exports that the pupil lost (on roll, no row of their own: a handful's marks only,
    #: :func:`attcli.quality.no_register_sessions`): missing marks of theirs
    lost: dict[tuple[str, str], set[tuple[dt.date, str]]] = field(default_factory=dict)
    #: (school, upn) -> lessons missed over the figures' period (the school year to the
    #: as-of date), as the letters count them; None without ``[lessons]``
    lessons: dict[tuple[str, str], int] | None = None
    #: (school, upn) -> of those absences, the sessions marked U (on site, after the
    #: register closed), which lessons missed counts in full, said as the letters say it
    on_site: dict[tuple[str, str], int] = field(default_factory=dict)
    #: school -> its sessions between the dates after the data ends within its last day
    #: (the afternoon of an export made at lunchtime: the school was open, its register
    #: not yet taken): outside what the certificate shows, not "no school"
    after_data: dict[str, set[tuple[dt.date, str]]] = field(default_factory=dict)

    def of(self, school: str, upn: str) -> dict[tuple[dt.date, str], tuple[str, str]]:
        frame = self.frames.get((school, upn))
        if frame is None:
            return {}
        return {(d, s): (m, c) for d, s, m, c in frame.iter_rows()}


def _marks_as_text(register: pl.DataFrame) -> pl.DataFrame:
    """The columns of ``register`` a certificate reads, as text (a school of none is "")."""
    return register.select(
        pl.col("school").cast(pl.Utf8).fill_null(""),
        pl.col("upn").cast(pl.Utf8),
        "date",
        pl.col("session").cast(pl.Utf8),
        pl.col("mark").cast(pl.Utf8),
        pl.col("category").cast(pl.Utf8),
    )


def register_marks(
    register: pl.DataFrame,
    ev: Evaluation,
    pupils: Iterable[tuple[str, str]],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> RegisterMarks:
    """The marks of ``pupils`` ((school, upn) pairs) from ``start`` to ``end`` (default:
    the school year to the as-of date), in a few passes over the register whatever their
    number (issue 15: a filter of the whole register per certificate grew with pupils x
    marks).  ``register`` is the register ``ev`` was evaluated from; an evaluation that
    carries its own resolved register (``ev.prepared``, missing rows filled in as ``-``)
    is read instead, those pupils' rows alone (:meth:`attcli.engine.Prepared.register_of`).
    Only the ``date``, ``session``, ``mark`` and ``category`` columns are used.  The
    default end is the exports' last day when the as-of date is after it: the days
    between have no register to show (the figures have no marks from them either)."""
    start, end = start or ev.period_start, end or _shown_end(ev)
    from attcli.roll import pupil_keys

    wanted = pupil_keys(pupils)
    prepared = ev.prepared
    # the evaluation's own resolved register, of these pupils alone (issue 15)
    reg = register if prepared is None else prepared.register_of(wanted.iter_rows())
    reg = _marks_as_text(reg).filter(pl.col("date").is_between(start, end))
    mine = reg.join(wanted, on=["school", "upn"], how="semi")
    frames = {
        (school, upn): part.select("date", "session", "mark", "category")
        for (school, upn), part in mine.partition_by(["school", "upn"], as_dict=True).items()
    }
    if prepared is not None:
        opened = prepared.opened(start, end)
    else:
        opened = {}
        for school, day, session in reg.select("school", "date", "session").unique().iter_rows():
            opened.setdefault(school, set()).add((day, session))
    lost: dict[tuple[str, str], set[tuple[dt.date, str]]] = {}
    if prepared is not None:
        from attcli.quality import no_register_sessions

        found = no_register_sessions(ev, start, end, wanted)
        for school, upn, day, session in found.select(
            "school", "upn", "date", "session"
        ).iter_rows():
            lost.setdefault((school, upn), set()).add((day, str(session)))
    after: dict[str, set[tuple[dt.date, str]]] = {}
    if prepared is not None:
        for school, frame in prepared.missing_sessions.items():
            last = frame.filter(pl.col("last") & pl.col("date").is_between(start, end))
            for day, session in last.select("date", pl.col("session").cast(pl.Utf8)).iter_rows():
                after.setdefault(school or "", set()).add((day, session))
    lessons, on_site = _lessons_missed(register, ev, wanted)
    return RegisterMarks(
        start, end, frames, opened, lost, lessons, on_site=on_site, after_data=after
    )


def _asked_for(ev: Evaluation) -> bool:
    """Whether the figures' period is a shorter one the user asked for (``--from``), as
    the coverage says it ("the period", not "the school year")."""
    return ev.coverage is not None and ev.coverage.explicit


def _shown_end(ev: Evaluation) -> dt.date:
    """The last day a certificate of the period shows: the as-of date, or the exports'
    last day when they end before it."""
    if ev.coverage is not None and ev.coverage.data_end < ev.as_of:
        return ev.coverage.data_end
    return ev.as_of


def year_and_form(row: dict[str, Any]) -> str:
    """A pupil's year and form as a page shows them, "7 (7B)"; "–" when neither is known
    (the certificate's and the evidence pack's one rule: the pack said "7 7B" on its first
    page, "7 (7B)" on its register page: sweep looks8)."""
    year = display_text(row.get("year_group"), 20)
    form = display_text(row.get("reg_group"), 20)
    return " ".join(x for x in (year, f"({form})" if form else "") if x) or "–"


def year_and_form_row(row: dict[str, Any]) -> list[str]:
    """The pupil table's row of year and form, label and value: "Year and form", "7 (7B)";
    "Year", "7" with no form; "Form", "Oak" with no year (a pupil list or register whose
    forms carry no year: the certificate read "Year  (Oak)", a form in brackets under a
    heading it is not, sweep looks17); "Year and form", "–" with neither."""
    year = display_text(row.get("year_group"), 20)
    form = display_text(row.get("reg_group"), 20)
    if year and not form:
        return ["Year", year]
    if form and not year:
        return ["Form", form]
    return ["Year and form", year_and_form(row)]


def certificate_data(
    register: pl.DataFrame,
    ev: Evaluation,
    row: dict[str, Any],
    *,
    made_on: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    heading: str = "Attendance certificate",
    period: str | None = None,
    marks_of: RegisterMarks | None = None,
    outside: str = SPECIAL["outside"],
) -> dict[str, Any]:
    """What the certificate shows for the pupil of ``row`` (a row of ``ev.pupils``).

    ``register`` is the register ``ev`` was evaluated from (see :func:`register_marks`);
    ``marks_of``, the marks of many pupils read once for a run of many certificates (its
    dates are the certificate's).  ``start`` and ``end`` (default: the school year to the
    as-of date) give a shorter calendar, such as a penalty notice's window (the figures
    stay the year's); ``heading`` and ``period`` what it says above it, ``outside`` what
    the key says of a day before or after them (a pack's page is no certificate).  The
    attendance figure is kept off the lines the letter it goes with keeps its own off
    (:func:`attcli.letter_settings.reading_lines`, the praise letter's too): one figure on
    one sheet.
    """
    config: Config = ev.config
    school_key = row.get("school") or ""
    if marks_of is None:
        marks_of = register_marks(register, ev, [(school_key, row["upn"])], start=start, end=end)
    start, end = marks_of.start, marks_of.end
    marks = marks_of.of(school_key, row["upn"])
    opened = marks_of.opened.get(school_key, set())
    school_days = {d for d in ev.calendar.school_days if start <= d <= end}
    # a day that is no school day of the school (a stray day: a handful of pupils marked)
    # whose marks count for this pupil is shown: the cells add up to the figures
    counted = {d for (d, _), (m, c) in marks.items() if c != "not_possible" and start <= d <= end}
    weeks = sorted({monday(d) for d in school_days | counted})
    # the school's sessions with no register in the exports while the pupil was on roll
    # (a handful's marks only): missing marks of theirs, as the record says
    lost = marks_of.lost.get((school_key, row["upn"]), set())

    shown: dict[tuple[str, str], str] = {}  # (kind, text) -> meaning
    rows_out = []
    for week in weeks:
        cells = []
        for i in range(len(DAYS)):
            day = week + dt.timedelta(days=i)
            for session in ("AM", "PM"):
                if not start <= day <= end:
                    kind, text = "outside", ""
                elif (day, session) in marks:
                    text, category = marks[(day, session)]
                    kind = _kind(text, category)
                elif (day, session) in lost:
                    kind, text = "missing", MISSING
                elif (day, session) in marks_of.after_data.get(school_key, ()):
                    kind, text = "outside", ""  # (the afternoon of a lunchtime export)
                elif (day, session) in opened and day in school_days:
                    kind, text = "not_on_roll", ""
                else:
                    kind, text = "no_school", ""
                cells.append({"kind": kind, "text": text})
                if kind in SPECIAL:
                    shown[(kind, text)] = outside if kind == "outside" else SPECIAL[kind]
                else:
                    code = CODE_BY_NAME.get(text)
                    meaning = code.meaning if code else text
                    if code is not None and code.legacy:
                        meaning += ", a code from before August 2024"
                    if (text, session) in _OTHER_SESSION or shown.get((kind, text)) == _PRESENT:
                        meaning = _PRESENT  # (an export's `/` in the afternoon too)
                    shown[(kind, text)] = meaning
        # a row is named by its Monday; a week the period starts in after its Monday (a
        # penalty-notice window from its first week's first school day, a Thursday after
        # the summer bank holiday: rules3) by its first day shown, not a day before the
        # period the reader is told of (sweep rules4)
        first = week if week >= start else min(d for d in school_days | counted if monday(d) == week)
        rows_out.append({"label": f"{first.day} {first:%b %Y}", "cells": cells})

    specials = list(SPECIAL)
    key = sorted(
        shown.items(),
        key=lambda kv: (
            kv[0][0] in SPECIAL,
            specials.index(kv[0][0]) if kv[0][0] in SPECIAL else _ORDER.get(kv[0][1], 999),
            kv[0][1],
        ),
    )
    from attcli.letter_settings import reading_lines

    # (the praise line too, where praise letters are on: the letter's figure)
    shown_lines = reading_lines(config)
    missing = sum(1 for m, _ in marks.values() if m == MISSING) + len(lost)
    figures = [
        ["Attendance", percent.pct_text(row["attended"], row["possible"], shown_lines)],
        ["Sessions attended", f"{row['attended']} of {row['possible']}"],
        ["Authorised absence", _sessions(row["authorised"])],
        ["Unauthorised absence", _sessions(row["unauthorised"])],
    ]
    lessons = (
        None if marks_of.lessons is None else marks_of.lessons.get((school_key, row["upn"]), 0)
    )
    late = marks_of.on_site.get((school_key, row["upn"]), 0)
    if lessons is not None:
        figures.append(["Lessons missed", f"{lessons} lesson{'s' if lessons != 1 else ''}"])
    if missing:
        figures.append(["No mark recorded (not counted)", _sessions(missing)])
    s = config.school
    pupil = [
        ["Pupil", " ".join(legal_name(row.get(k)) for k in ("forename", "surname")).strip()],
        ["UPN", display_text(row["upn"], 20)],
        year_and_form_row(row),
    ]
    if row.get("dob"):
        pupil.append(["Date of birth", f"{row['dob']:%d/%m/%Y}"])
    return {
        "title": f"{heading}: {pupil[0][1]}",
        "heading": heading,
        "school": {
            "name": s.name,
            "address": list(s.address),
            "phone": s.phone,
            "email": s.email,
        },
        "pupil": pupil,
        # (a shorter period the user asked for, --from, is not called the school year)
        "period": period
        or f"The {'period' if _asked_for(ev) else 'school year'} from {_long(start)} to "
        f"{_long(end)}",
        "figures": figures,
        "days": list(DAYS),
        "week_heading": "Week of",
        "weeks": rows_out,
        "key_heading": "Key to the marks",
        "key": [{"kind": k, "text": t, "meaning": m} for (k, t), m in key],
        "note": (
            "A session is a morning (AM) or an afternoon (PM). Attendance is sessions attended "
            "out of possible sessions; sessions with no mark recorded and sessions marked as "
            "not possible are not counted. Weeks with no school are left out."
            + (
                f" Lessons missed counts {config.lessons_am} lesson"
                f"{'s' if config.lessons_am != 1 else ''} in a morning and "
                f"{config.lessons_pm} in an afternoon"
                # a U session is absence, though the pupil came in (DOMAIN.md 1): counted in
                # full, and said, as the letter the certificate goes with says it
                + (
                    f", and counts {'the session' if late == 1 else f'each of the {late} sessions'}"
                    f" marked U {'in this period' if _asked_for(ev) else 'this school year'} "
                    "(arrived after the register closed) in full, though "
                    f"{display_text(row.get('forename'), 40) or 'the pupil'} was in school "
                    "for part of it"
                    if late
                    else ""
                )
                + "."
                if lessons is not None
                else ""
            )
        ),
        "footer": (
            f"{s.name} · made on {_long(made_on)} · This certificate contains personal "
            "information: please keep it safe."
        ),
    }


def _lessons_missed(
    register: pl.DataFrame, ev: Evaluation, wanted: pl.DataFrame
) -> tuple[dict[tuple[str, str], int] | None, dict[tuple[str, str], int]]:
    """(school, upn) -> lessons missed over the figures' period (the school year to the
    as-of date) of the ``wanted`` pupils, as the letters count them (DOMAIN.md 2), or
    None without ``[lessons]``; and (school, upn) -> their absence sessions marked U in it
    (none without ``[lessons]``): from the evaluation's own register when it has one, else
    from ``register``; one pass for them all (issue 15)."""
    from attcli.absence import absences, lessons_of
    from attcli.codes import Category

    config = ev.config
    if config.lessons_am is None or config.lessons_pm is None:
        return None, {}
    if ev.prepared is not None:
        counts = absences(ev, ev.period_start, ev.as_of, wanted.iter_rows()).select(
            "school", "upn", "session", pl.col("mark").cast(pl.Utf8), "n"
        )
    else:
        absent = (Category.AUTHORISED.value, Category.UNAUTHORISED.value)
        counts = (
            _marks_as_text(register)
            .filter(
                pl.col("date").is_between(ev.period_start, ev.as_of)
                & pl.col("category").is_in(absent)
            )
            .join(wanted, on=["school", "upn"], how="semi")
            .group_by("school", "upn", "session", "mark")
            .len("n")
        )
    lessons = lessons_of(
        config, wanted.iter_rows(), counts.select("school", "upn", "session", "n").iter_rows()
    )
    on_site: dict[tuple[str, str], int] = {}
    for school, upn, n in counts.filter(pl.col("mark") == "U").select("school", "upn", "n").iter_rows():
        on_site[(school, upn)] = on_site.get((school, upn), 0) + n
    return lessons, on_site


def _sessions(n: int) -> str:
    return f"{n} session{'s' if n != 1 else ''}"


def certificate_pdf(
    data: dict[str, Any], *, when: dt.date, fonts: list[Path] | None = None
) -> bytes:
    """The certificate as an A4 PDF (one page for a term; a long period runs on, with the
    calendar's heading repeated).  ``when`` dates the PDF (same data, same bytes).

    Refused when its text has a character no font has (it would print as an empty box):
    a certificate has no draft to make instead (docs/decisions.md)."""
    from attcli.errors import AttcliError
    from attcli.pdf import PdfRenderer, no_font_text

    renderer = PdfRenderer(fonts)
    lacking = renderer.missing(data)
    if lacking:
        upn = dict(data["pupil"])["UPN"]
        raise AttcliError(f"the certificate for {upn} cannot be made: {no_font_text(lacking)}")
    return renderer.certificate(data, when)


def not_covered(ev: Evaluation, school: str = "") -> str | None:
    """What the exports miss of the school days a certificate of ``ev``'s period shows
    (a gap of the coverage of ``school``: no register before the data, a week or days
    missing inside the term dates), as one clause, or None.  Such days have no register,
    so the calendar would leave them out as weeks with no school, and the figures would be
    "the school year" without them.  School days after the data up to the as-of date are
    not shown: the certificate ends on the exports' last day, and says so."""
    from attcli.coverage import AFTER_DATA, BEFORE_DATA

    cov = ev.coverage
    if cov is None:
        return None
    gaps = [
        g
        for g in cov.gaps
        if g.school in ("", school) and g.kind != AFTER_DATA and g.start <= ev.as_of
    ]
    if not gaps:
        return None
    late = any(g.kind == BEFORE_DATA for g in gaps)  # (a shorter period can be asked for)
    return "; ".join(g.describe() for g in gaps) + ": export those dates" + (
        f", or give --from {cov.data_start:%Y-%m-%d} for the period the exports hold"
        if late
        else ""
    )


def pupil_certificate(
    register: pl.DataFrame,
    ev: Evaluation,
    row: dict[str, Any],
    *,
    made_on: dt.date,
    fonts: list[Path] | None = None,
) -> bytes:
    """The certificate of the pupil of ``row`` as a PDF (``attcli pupil --pdf``): refused
    in one line while the exports miss school days of its period (:func:`not_covered`),
    or hold the child under another UPN too on days this one misses
    (:func:`attcli.absence.two_upn_reasons`), or when its period holds no school day (a
    holiday), or of days after ``made_on`` (today: leave entered ahead would show as
    absence that happened), or while the school's details are ``attcli init``'s placeholders
    (:func:`attcli.config.require_school`): it goes to a family, and has no draft form."""
    from attcli.config import require_school
    from attcli.errors import AttcliError

    # (its header and footer are the school's details: never "FILL IN: school name", nor
    # the name not given, "School", as letters refuse them)
    require_school(ev.config, "certificates")
    shown_end = _shown_end(ev)
    if shown_end > made_on:
        # (an export holding leave entered ahead: a family told of absence not yet
        # happened, as letters are not: "No letters dated before the marks they count")
        raise AttcliError(
            f"the certificate for {row['upn']} cannot be made: it would show the register to "
            f"{shown_end:%d/%m/%Y}, after today ({made_on:%d/%m/%Y}), with the marks of days "
            "still to come (leave entered ahead) as if they had happened; give --as-of "
            f"{made_on:%Y-%m-%d} or earlier"
        )
    missed = not_covered(ev, row.get("school") or "")
    if missed is not None:
        raise AttcliError(
            f"the certificate for {row['upn']} cannot be made: the exports do not hold every "
            f"school day it would show: {missed}"
        )
    from attcli.absence import two_upn_reasons

    # one child under two UPNs (a temporary UPN, then the permanent one) whose figures here
    # miss the days the other UPN was on roll: the certificate would overstate, or
    # understate, the child's year, as the letters (held) and the evidence pack (refused)
    two = two_upn_reasons(
        ev, whose="the certificate's", missing_days_only=True,
        two_children="if they are two children, nothing here tells them apart",
    ).get((row.get("school") or "", row["upn"]))  # fmt: skip
    if two is not None:
        raise AttcliError(f"the certificate for {row['upn']} cannot be made: {two}")
    if all(shows_nothing(row.get(k) or "") for k in ("forename", "surname")):
        # (a register keyed by MIS id whose pupil list leaves the names blank)
        raise AttcliError(
            f"the certificate for {row['upn']} cannot be made: the pupil has no name in the "
            "exports or the pupil list, and a certificate names the child; give the name in "
            "the MIS"
        )
    data = certificate_data(register, ev, row, made_on=made_on)
    if not data["weeks"]:
        # (a period wholly in a holiday: an empty calendar, "0 of 0", says nothing)
        start, end = ev.period_start, _shown_end(ev)
        raise AttcliError(
            f"the certificate for {row['upn']} cannot be made: its period, "
            f"{start:%d/%m/%Y} to {end:%d/%m/%Y}, holds no school day: give a period with "
            "school days (--from, --as-of)"
        )
    return certificate_pdf(data, when=made_on, fonts=fonts)
