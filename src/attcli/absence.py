"""A pupil's absence as letters, the ladder, the pupil's record and the certificate read it
(shared by ``letters``, ``cases``, ``pupil`` and ``evidence``): by code, in lessons, the
period a letter's figures are for, and why a letter is held for a person to review.

Held for review (DOMAIN.md 9):

A letter that warns of meetings, fines or prosecution is wrong for a pupil whose absence
the school itself agreed (a part-time timetable, leave of absence) or cannot blame on the
family (illness).  When more than ``[letters] hold_share`` % (default 50) of a pupil's
absence sessions this school year are of ``[letters] hold_codes``, the pupil's absence
letters (band letters and the penalty-notice warning) go to a "held for review" list with
the reason, not to the print pile.  Praise and lateness letters are not about absence and
are not held for it.  A band letter or a praise letter that rests on the pupil's missing
marks (no mark recorded: counted as attended or as absence, they would change the letter)
is held too (:func:`missing_text`).  Every letter of a UPN whose child the exports seem to hold under
another UPN too (the same surname, forename and date of birth) is held: its figures are
that UPN's alone (:func:`two_upn_reasons`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import polars as pl

from attcli.codes import CODE_BY_NAME, Category
from attcli.datetext import long_date
from attcli.names import pupil_name
from attcli.output import command_word

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from attcli.config import Config
    from attcli.engine import Evaluation
    from attcli.store import History

#: How a reason names the default codes (shorter than the regulations' wording); C2's
#: is the code list's own ("part-time timetable", :data:`attcli.codes.CODES`).
SHORT_MEANING = {
    "I": "illness",
    "M": "medical or dental appointment",
    "C1": "performance or employment abroad",
    "J1": "interview",
    "S": "study leave",
    "C": "leave for exceptional circumstances",
    "T": "parent travelling for work",
    "R": "religious observance",
    "E": "suspended or excluded",
    "H": "authorised holiday",
    "F": "agreed extended holiday",
}


#: How a letter's sentence names a code's absence ("... is recorded as NAME"), where the
#: code's short meaning is a gloss that does not read so ("recorded as parent travelling
#: for work", "... as medical or dental appointment": sweep looks12).
IN_A_SENTENCE = {
    "T": "travelling with a parent for their work",
    "M": "medical or dental appointments",
    "J1": "an interview",
    "C2": "a part-time timetable",
}


def meaning(code: str) -> str:
    """A code's meaning in a few words, for a reason or a key."""
    if code in SHORT_MEANING:
        return SHORT_MEANING[code]
    known = CODE_BY_NAME.get(code)
    return known.meaning[:1].lower() + known.meaning[1:] if known else code


def lessons_missed(
    ev: Evaluation, start: dt.date, end: dt.date, pupils: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int] | None:
    """(school, upn) -> lessons missed between the dates (``[lessons] am`` x morning
    absences + ``pm`` x afternoon absences, DOMAIN.md 2, as the letters count them), or
    None when the config gives no lessons per session."""
    if ev.config.lessons_am is None or ev.config.lessons_pm is None:
        return None
    wanted = list(pupils)
    counts = absences(ev, start, end, wanted).select("school", "upn", "session", "n")
    return lessons_of(ev.config, wanted, counts.iter_rows())


def lessons_of(
    config: Config,
    pupils: Iterable[tuple[str, str]],
    counts: Iterable[tuple[str, str, str, int]],
) -> dict[tuple[str, str], int]:
    """(school, upn) -> lessons missed, from absence sessions counted by (school, upn,
    session, n): ``[lessons] am`` x morning absences + ``pm`` x afternoon absences
    (DOMAIN.md 2); 0 for a pupil of ``pupils`` with none.  The config gives both."""
    assert config.lessons_am is not None and config.lessons_pm is not None
    per = {"AM": config.lessons_am, "PM": config.lessons_pm}
    out = dict.fromkeys(pupils, 0)
    for school, upn, session, n in counts:
        out[(school, upn)] = out.get((school, upn), 0) + per[session] * n
    return out


def absences(
    ev: Evaluation,
    start: dt.date,
    end: dt.date,
    pupils: Iterable[tuple[str, str]] | None = None,
) -> pl.DataFrame:
    """Each pupil's absence sessions (authorised and unauthorised) between the dates, by
    the code each counts as and by session: ``school`` ("" for none), ``upn``, ``mark``,
    ``session``, ``n``.  From the register the rules read (``ev``'s compact register,
    keyed by integers: grouped on the pupil's key, named after), so a command needs no
    wide register for it (issue 15).  ``pupils``: those (school, upn) pupils' alone."""
    counts = _absent(ev, start, end, pupils, "mark", "session")
    return counts.select(
        "school",
        "upn",
        pl.col("mark").cast(pl.Utf8),
        pl.col("session").cast(pl.Utf8),
        "n",
    )


def _absent(
    ev: Evaluation,
    start: dt.date,
    end: dt.date,
    pupils: Iterable[tuple[str, str]] | None,
    *by: str,
) -> pl.DataFrame:
    """Each pupil's absence sessions between the dates counted by ``by`` (columns of the
    marks): school, upn, ``by`` and ``n``; of ``pupils`` alone when given."""
    assert ev.prepared is not None
    roll = ev.prepared.roll
    absent = (Category.AUTHORISED.value, Category.UNAUTHORISED.value)
    marks = roll.marks.lazy()
    if pupils is not None:
        marks = marks.join(ev.prepared.pids_of(pupils).lazy(), on="pid", how="semi")
    counts = (
        marks.filter(pl.col("date").is_between(start, end) & pl.col("category").is_in(absent))
        .group_by("pid", *by)
        .agg(pl.len().alias("n"))
    )
    return roll.with_keys(counts).collect()  # (keyed in the same query: issue 15)


def absence_by_code(
    ev: Evaluation,
    start: dt.date,
    end: dt.date,
    pupils: Iterable[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], dict[str, int]]:
    """(school, upn) -> {code: absence sessions} between the dates (authorised and
    unauthorised absence, by the code each counts as); ``pupils``: of those alone."""
    # (counted by code alone, and read a column at a time: at 20,000 pupils the check's
    # 7,184 band letters' pupils have 54,000 codes, 0.1 -> 0.06 s)
    frame = _absent(ev, start, end, pupils, "mark")
    out: dict[tuple[str, str], dict[str, int]] = {}
    columns = (frame.get_column(c).to_list() for c in ("school", "upn", "mark", "n"))
    for school, upn, mark, n in zip(*columns, strict=True):
        out.setdefault((school, upn), {})[mark] = n
    return out


def _held(
    by_code: dict[str, int], codes: tuple[str, ...], share: Fraction
) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(sessions of ``codes``, all absence sessions, (n, code) most first) when the
    sessions of ``codes`` are more than ``share`` % of all absence sessions, compared on
    exact integers (``held * 100 > share * absent``); else ``None``.  The one hold test of
    letters and the ladder (``attcli cases``)."""
    # (the few codes looked up in the pupil's counts, each once, not each of the pupil's
    # codes tested against the tuple: issue 15)
    found = [(n, c) for c in _each_once(tuple(codes)) if (n := by_code.get(c))]
    if not found:
        return None
    held = sum(n for n, _ in found)
    absent = sum(by_code.values())
    # (held * 100 > share * absent, the fraction's terms multiplied out: Fraction arithmetic
    # for each letter of a check was a tenth of its holding rule, issue 15; and the codes
    # sorted only for a pupil held, not for each of the check's 7,000 letters)
    if not absent or not held or not held * 100 * share.denominator > share.numerator * absent:
        return None
    found.sort(key=lambda x: (-x[0], x[1]))
    return held, absent, found


@functools.lru_cache(maxsize=16)
def _each_once(codes: tuple[str, ...]) -> tuple[str, ...]:
    """``codes`` with each code once, in their order (a code listed twice counts once)."""
    return tuple(dict.fromkeys(codes))


def hold_reason(
    by_code: dict[str, int], codes: tuple[str, ...], share: Fraction, period: str = "this school year"
) -> str | None:
    """Why a pupil's absence letters are held, or ``None`` when they are not.

    Held when the sessions of ``codes`` are more than ``share`` % of all absence sessions,
    compared on exact integers: ``held * 100 > share * absent``.  ``period``: the words of
    the period ``by_code`` was counted over (:func:`hold_period`).
    """
    found = _held(by_code, codes, share)
    if found is None:
        return None
    held, absent, counts = found
    head = f"{held} of {absent} absence sessions {period} are"
    if len(counts) == 1:
        n, c = counts[0]
        return f"{head} {c} ({meaning(c)})"
    names = ", ".join(c for _, c in counts[:-1]) + f" or {counts[-1][1]}"
    return f"{head} {names}: " + ", ".join(f"{n} {c} ({meaning(c)})" for n, c in counts)


def figures_period(ev: Evaluation) -> dict[str, Any]:
    """The period a letter's figures are for, as the letter says it (DOMAIN.md 2 and 9):
    ``start`` (the period's first day), ``to`` (the figures' date: the as-of date, or the
    register's last day when it ends before), ``school_year`` (the period is the school
    year to date: it starts on 1 September, or, by the term dates, with no school day of
    the year before it) and ``period``, the words: "this school year (up to 23 October
    2026)", or for a shorter period stated with --from (or one reaching back into last
    school year) "from 4 January 2027 to 12 February 2027", never "this school year".
    Always with the date: one rule, and a letter read weeks after its figures still says
    what they are (docs/letters.md, "The period")."""
    from attcli.calendar import academic_year_start
    from attcli.coverage import configured_school_days

    start, year_start = ev.period_start, academic_year_start(ev.as_of)
    to = ev.coverage.figures_end if ev.coverage is not None else ev.as_of
    config = ev.config
    in_year = any(h.start >= year_start and h.start <= ev.as_of for h in config.half_terms)
    school_year = start == year_start or (
        year_start < start
        and in_year
        and not configured_school_days(config, year_start, start - dt.timedelta(days=1))
    )
    words = (
        f"this school year (up to {long_date(to)})"
        if school_year
        else f"from {long_date(start)} to {long_date(to)}"
    )
    return {"start": start, "to": to, "school_year": school_year, "period": words}


def hold_period(ev: Evaluation) -> str:
    """The words of the period a held letter's absence is counted over, as its letter
    names it (:func:`figures_period`): "this school year", or for a
    shorter one (--from) "from 4 January 2027 to 12 February 2027"."""
    figures = figures_period(ev)
    return "this school year" if figures["school_year"] else figures["period"]


def agreed_absence(by_code: dict[str, int], codes: tuple[str, ...], share: Fraction) -> str | None:
    """What most of a pupil's absence is, in words (``"illness"``, ``"illness and medical
    or dental appointment"``), when it is mostly of ``codes`` by the same test as
    :func:`hold_reason`; else ``None``.  A letter template reads it (``agreed_absence``) so
    that a letter sent to such a pupil, the amber one, warns of no meeting (DOMAIN.md 9)."""
    found = _held(by_code, codes, share)
    if found is None:
        return None
    words = list(dict.fromkeys(IN_A_SENTENCE.get(c) or meaning(c) for _, c in found[2]))
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


#: illness among the agreed absence: a letter may still ask for medical evidence
ILLNESS_CODES = ("I", "M")
#: agreed absence known of beforehand (a day of religious observance, a parent's work
#: travel): a letter asks to be told of it ahead, not for medical evidence (lacfollow)
TOLD_AHEAD_CODES = ("R", "T")


def evidence_asked(
    by_code: dict[str, int], codes: tuple[str, ...], share: Fraction
) -> tuple[bool, str | None]:
    """What a letter asks of the family about further absence, by the same test as
    :func:`agreed_absence`: (whether it may ask for medical evidence, the words of the
    absence it asks to be told of ahead).  Absence not mostly agreed with some illness
    (``I``, ``M``) in it, or with illness among the agreed: medical evidence, as ever; none
    where no absence is illness (all ``O``: the letter asked for medical evidence of
    illness the pupil never had).  Otherwise none, and for
    ``R`` or ``T`` among it, to be told ahead ("religious observance"): the red letter
    released for a pupil away for festivals asked for medical evidence "for further
    absences due to illness", as if the absence were illness (sweep lacfollow).  A
    part-time timetable, leave or an exclusion, the school's own: neither."""
    found = _held(by_code, codes, share)
    if found is None:
        # (no illness at all: no evidence of it to ask for, policies 000, 001 and 003 "We
        # will not ask for medical evidence unnecessarily"; 002 asks it "where ... absence
        # ... reported as being due to medical reasons": sweep rough8)
        return any(by_code.get(c, 0) > 0 for c in ILLNESS_CODES), None
    held = [c for _, c in found[2]]
    if any(c in ILLNESS_CODES for c in held):
        return True, None
    ahead = [IN_A_SENTENCE.get(c) or meaning(c) for c in held if c in TOLD_AHEAD_CODES]
    return False, " or ".join(ahead) or None


def fresh_n_text(n: int, earlier: int = 0, *, n_days: int) -> str:
    """"4 N marks still within the 5 school days allowed to resolve them" (``earlier``: how
    many of them are last school year's, said when any; ``n_days``: the school's
    ``[thresholds] n_within_days``)."""
    return f"{n} N mark{'s' if n != 1 else ''} still within {allowed_words(n_days, n)}" + (
        f" ({earlier} of them last school year's)" if earlier else ""
    )


def allowed_words(n_days: int, n: int) -> str:
    """"the 5 school days allowed to resolve them", "the 1 school day ...", and for 0
    (seed 004: the same working day) "the day the school allows to resolve them"; "it" for
    ``n`` = 1 N mark.  The one wording of the days allowed, for every text that says them
    (the check's penalty-notice reason too)."""
    them = "it" if n == 1 else "them"
    if n_days == 0:
        return f"the day the school allows to resolve {them}"
    return f"the {n_days} school day{'s' if n_days != 1 else ''} allowed to resolve {them}"


def n_marks_text(n: int, old: int, what: str, earlier: int = 0, *, n_days: int) -> str:
    """Why a letter or step that rests on ``n`` N marks, ``old`` of them stale (older than
    the school days allowed to resolve them), is held: "4 N marks still within the 5
    school days allowed to resolve them: band amber rests on them", or, with stale ones,
    "... older than ...: ... rests on them; find their reasons and correct them in the MIS
    first" (``what``: what rests on them; ``earlier``: how many are last school year's;
    ``n_days``: the school's ``[thresholds] n_within_days``)."""
    them = "it" if n == 1 else "them"
    if not old:
        return f"{fresh_n_text(n, earlier, n_days=n_days)}: {what} rests on {them}"
    allowed = allowed_words(n_days, n)
    marks = f"{n} N mark{'s' if n != 1 else ''}"
    if old == n:
        head = f"{marks} older than {allowed}"
    else:
        last_year = f" ({earlier} of those last school year's)" if earlier else ""
        head = f"{marks}, {old} of them older than {allowed} and {n - old} still within them{last_year}"
    reasons = "its reason" if n == 1 else "their reasons"
    return f"{head}: {what} rests on {them}; find {reasons} and correct {them} in the MIS first"


def missing_text(n: int, period: str, what: str, counted: str) -> str:
    """Why a letter or step that rests on ``n`` missing marks is held: "2 missing marks (no
    mark recorded) this school year: the praise letter rests on them (counted as absence,
    97.5%, under the 98% for praise); complete the register in the MIS first"."""
    return (
        f"{n} missing mark{'s' if n != 1 else ''} (no mark recorded) {period}: {what} rests "
        f"on {'it' if n == 1 else 'them'} ({counted}); complete the register in the MIS first"
    )


#: why a penalty-notice warning waits for a person: no date of birth (DOMAIN.md 5: where
#: none is known, say so; don't assume)
AGE_UNKNOWN = "no date of birth: is the pupil of compulsory school age?"


@dataclass(frozen=True)
class HoldRule:
    """Why a letter, or a step of the escalation ladder, is held for a person to review:
    the one rule of `attcli letters` and `attcli cases` (DOMAIN.md 9 and 12; docs/letters.md
    and docs/cases.md, "Held for review").

    - **agreed absence or illness**: a letter that warns of meetings, fines or prosecution
      (``[letters] hold_templates``), or a ladder step that invites to a meeting or makes
      a referral (``warns``), for a pupil more than ``hold_share`` % of whose absence this
      school year is of ``hold_codes`` (:func:`hold_reason`);
    - **N marks not yet resolved**: a band letter, or a step that warns, for a pupil whose
      band rests on N marks still within the school days allowed to resolve them (counted
      as attended, they would put the pupil in a less serious band, or one with no
      letter).  Stale N marks count as unauthorised absence, as in every figure, and hold
      nothing: a reason the school could not establish in 5 school days is what the letter
      or the meeting asks the family for (a child missing education's N are all stale);
      :meth:`rests_on_stale` says which letters rest on them, for the run to name;
    - **missing marks** (DOMAIN.md 1: the register was not completed; they are out of
      possible sessions): a band letter, or a step that warns, whose band rests on them
      (counted as attended, a less serious band or one with no letter), and a praise letter
      (``praise_at_least``) that does (counted as absence, under the praise threshold, or
      no longer the 100% it would say): the register cannot say what the letter says;
    - **one child under two UPNs?**: every letter, and every step, of a UPN whose surname,
      forename and date of birth another UPN of the school's exports has (a temporary UPN
      replaced by the permanent one: :func:`attcli.loaders.children_under_two_upns`): its
      figures are that UPN's alone (a child at 95 % under both read 90 % under the new
      one), and attcli never merges two UPNs (two children can share all three), so a
      person decides (:func:`two_upn_reasons`);
    - **compulsory school age unknown or over**: the penalty-notice warning (or a ladder
      step whose template it is) to a pupil with no date of birth (:data:`AGE_UNKNOWN`:
      `attcli letters` asks a person the same) or known not to be of compulsory school
      age on the as-of date (DOMAIN.md 5: never quoted a notice or a fine;
      :data:`attcli.store.NEXT_NOT_OF_AGE`).

    Built once for a run (:meth:`of`); :meth:`reasons` for each letter or step."""

    codes: tuple[str, ...]
    share: Fraction
    templates: tuple[str, ...]
    band_letters: frozenset[str]
    rank: dict[str, int]
    #: (school, upn) -> {code: absence sessions} this school year to the as-of date
    by_code: dict[tuple[str, str], dict[str, int]]
    #: (school, upn) -> N marks of the year to date not yet stale
    marked: dict[tuple[str, str], int]
    #: (school, upn) -> N marks of the year to date older than the school days allowed
    stale: dict[tuple[str, str], int]
    #: (school, upn) -> the pupil's band with the N marks not yet stale counted as attended
    band_without: dict[tuple[str, str], str | None]
    #: (school, upn) -> the pupil's band with the stale N marks counted as attended
    band_without_stale: dict[tuple[str, str], str | None]
    #: the school days an N may stand (``[thresholds] n_within_days``), for the reasons
    n_days: int
    #: the words of the period ``by_code`` is counted over (:func:`hold_period`)
    period: str = "this school year"
    #: (school, upn) -> why its letters are held: one child under two UPNs?
    #: (:func:`two_upn_reasons`)
    two_upns: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (school, upn) -> (missing marks, attended, possible) of the period, pupils with any
    missing: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)
    #: (school, upn) -> the pupil's band with their missing marks counted as attended
    band_with_missing: dict[tuple[str, str], str | None] = field(default_factory=dict)
    #: the praise letter's threshold (``[letters] praise_at_least``), or None: no praise
    praise_at_least: Fraction | None = None
    #: (school, upn) -> False (known not of compulsory school age on the as-of date) or
    #: None (no date of birth); pupils of it are not in it
    ages: dict[tuple[str, str], bool | None] = field(default_factory=dict)
    #: (school, upn) -> (X sessions while of compulsory school age, attended, possible) of
    #: the period (the data-quality list's ``x_of_age``), pupils with any
    x_of_age: dict[tuple[str, str], tuple[int, int, int]] = field(default_factory=dict)
    #: (school, upn) -> the day the pupil joined the roll, for one who joined during the
    #: period (:meth:`attcli.engine.Evaluation.joined_days`): ``by_code`` is since then
    joined: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    #: (school, upn) -> the register's Looked After column (Y True, N False), pupils with a
    #: mark (:meth:`attcli.engine.Prepared.looked_after_marks`; empty without the column)
    looked_after_marks: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: UPN -> the councils holding parental responsibility among the contacts
    #: (:meth:`attcli.contacts.Contacts.councils`); None: no contacts export given
    councils: Callable[[str], Sequence[str]] | None = None

    @classmethod
    def of(
        cls,
        ev: Evaluation,
        codes: tuple[str, ...],
        share: Fraction,
        templates: tuple[str, ...],
        by_code: dict[tuple[str, str], dict[str, int]] | None = None,
        praise_at_least: Fraction | None = None,
        councils: Callable[[str], Sequence[str]] | None = None,
    ) -> HoldRule:
        """The rule for ``ev``'s pupils as of its date (``by_code``: :func:`absence_by_code`
        over the year to date, when already worked out; ``praise_at_least``: the praise
        letter's threshold, when praise letters are sent; ``councils``: the contacts'
        councils with parental responsibility, when a contacts export was given)."""
        from attcli.engine import band_expr

        config = ev.config
        if by_code is None:
            by_code = absence_by_code(ev, ev.period_start, ev.as_of)
        dq = ev.data_quality  # (the period's: the year to date)
        stale: dict[tuple[str, str], int] = {}
        if dq.height:
            counts = (
                dq.lazy()
                .filter(pl.col("kind") == "stale_n")
                .group_by(pl.col("school").fill_null(""), "upn")
                .len()
                .collect(engine="in-memory")
            )
            stale = {(s, u): int(n) for s, u, n in counts.iter_rows()}
        marked = {
            key: n
            for key, marks in by_code.items()
            if (n := marks.get("N", 0) - stale.get(key, 0)) > 0
        }
        missing = {
            (s or "", u): (int(m), int(a), int(p))
            for s, u, m, a, p in ev.pupils.lazy()
            .filter(pl.col("missing_marks") > 0)
            .select("school", "upn", "missing_marks", "attended", "possible")
            .collect(engine="in-memory")
            .iter_rows()
        }
        # (each pupil's figures as a frame, joined to the few pupils a band is asked of:
        # read into Python and sorted a pupil at a time, every pupil's of a register with
        # stale N marks was 0.1 s at 20,000 pupils, issue 15; lazy: part of band_with's query)
        figures = ev.pupils.lazy().select(
            pl.col("school").cast(pl.Utf8).fill_null(""),
            "upn",
            pl.col("attended").cast(pl.Int64),
            pl.col("possible").cast(pl.Int64),
        )

        def band_with(
            extra: dict[tuple[str, str], int], more_possible: bool = False
        ) -> dict[tuple[str, str], str | None]:
            """Each pupil's band with ``extra`` sessions counted as attended (and, with
            ``more_possible``, as possible: sessions that were not); of the pupils of
            ``ev`` alone."""
            if not extra:
                return {}
            added = pl.DataFrame(
                {
                    "school": [s for s, _ in extra],
                    "upn": [u for _, u in extra],
                    "_n": list(extra.values()),
                },
                schema={"school": pl.Utf8, "upn": pl.Utf8, "_n": pl.Int64},
            )
            n = pl.col("_n")
            found = added.lazy().join(figures, on=["school", "upn"], how="inner").select(
                "school",
                "upn",
                band_expr(
                    pl.col("attended") + n,
                    pl.col("possible") + (n if more_possible else 0),
                    config.bands,
                    config.min_possible_sessions,
                ),  # fmt: skip
            ).collect(engine="in-memory")
            schools, upns, bands = (c.to_list() for c in found.get_columns())
            return dict(zip(zip(schools, upns, strict=True), bands, strict=True))

        band_without = band_with(marked)
        band_without_stale = band_with(stale)
        ages = {
            (s or "", u): a
            for s, u, a in ev.pupils.lazy()
            .filter(~pl.col("compulsory_school_age").fill_null(False))
            .select("school", "upn", "compulsory_school_age")
            .collect(engine="in-memory")
            .iter_rows()
        }
        x_of_age: dict[tuple[str, str], tuple[int, int, int]] = {}
        if dq.height and praise_at_least is not None:
            xs = {
                (s_ or "", u): int(n)
                for s_, u, n in dq.lazy()
                .filter(pl.col("kind") == "x_of_age")
                .group_by(pl.col("school").fill_null(""), "upn")
                .len()
                .collect(engine="in-memory")
                .iter_rows()
            }
            if xs:
                # (its own name: ``figures`` is the frame band_with joins to, asked again
                # below for the bands with the missing marks counted)
                sessions = {
                    (s_ or "", u): (a, p)
                    for s_, u, a, p in ev.pupils.select(
                        "school", "upn", "attended", "possible"
                    ).iter_rows()
                }
                x_of_age = {k: (n, *sessions[k]) for k, n in xs.items() if k in sessions}
        return cls(
            codes=codes,
            share=share,
            templates=templates,
            band_letters=config.band_letters,
            rank=config.band_rank,
            by_code=by_code,
            marked=marked,
            stale=stale,
            band_without=band_without,
            band_without_stale=band_without_stale,
            period=hold_period(ev),
            two_upns=two_upn_reasons(ev),
            missing=missing,
            n_days=config.n_within_days,
            band_with_missing=band_with({k: m for k, (m, _, _) in missing.items()}, True),
            praise_at_least=praise_at_least,
            ages=ages,
            x_of_age=x_of_age,
            joined=ev.joined_days(),
            looked_after_marks=(
                ev.prepared.looked_after_marks(ev.as_of) if ev.prepared is not None else {}
            ),
            councils=councils,
        )

    def looked_after_reason(
        self, key: tuple[str, str], template: str | None = None, *, warns: bool = False
    ) -> str | None:
        """Why the letter ``template`` (or, ``warns``, a ladder step that invites to a
        meeting, makes a referral or gives a notice to improve) to the pupil ``key``
        (school, upn) is held as the pupil is looked after, by the one rule
        (:func:`attcli.looked_after.looked_after`: the register's column, or a council among
        the contacts, ``councils``); None when it is not.  Every letter, the letters that
        warn (``[letters] hold_templates``) in their words: `attcli letters` and `attcli
        cases` hold by it (sweeps lac, leftovers16, rough6)."""
        from attcli.looked_after import held_why, looked_after

        councils = self.councils(key[1]) if self.councils is not None else ()
        whose = looked_after(councils, self.looked_after_marks.get(key)).whose
        if whose is None:
            return None
        return held_why(whose, warns=warns or template in self.templates)

    def reasons(
        self, key: tuple[str, str], band: str | None, template: str | None = None, *,
        warns: bool = False, notice: bool = False,
    ) -> list[str]:  # fmt: skip
        """Why the letter ``template`` to the pupil ``key`` (school, upn), whose band is
        ``band``, is held; or, ``warns``, why a ladder step that invites to a meeting or
        makes a referral is: [] when it is not.  ``notice``: the step is a notice to
        improve, for a pupil of compulsory school age only, as a penalty notice is: held
        as the penalty-notice warning is when the age is unknown or not (sweep nti)."""
        out = []
        if key in self.two_upns:
            out.append(self.two_upns[key])
        if warns or template in self.templates:
            joined = self.joined.get(key)
            period = f"since joining on {joined:%d/%m/%Y}" if joined else self.period
            why = hold_reason(self.by_code.get(key, {}), self.codes, self.share, period)
            if why:
                out.append(why)
        n = self.marked.get(key)
        if n and band is not None and (warns or template in self.band_letters):
            if self._rests(self.band_without, key, band):
                out.append(n_marks_text(n, 0, f"band {band}", n_days=self.n_days))
        if key in self.missing:
            why = self._rests_on_missing(key, band, template, warns)
            if why:
                out.append(why)
        if key in self.x_of_age:
            why = self._praise_rests_on_x(key, template)
            if why:
                out.append(why)
        if key in self.ages:
            from attcli.letter_settings import PN_WARNING
            from attcli.store import NEXT_NOT_OF_AGE

            if template == PN_WARNING or notice:
                out.append(AGE_UNKNOWN if self.ages[key] is None else NEXT_NOT_OF_AGE)
        return out

    def _rests_on_missing(
        self, key: tuple[str, str], band: str | None, template: str | None, warns: bool
    ) -> str | None:
        """Why the letter ``template`` (or a step that ``warns``) rests on the pupil's
        missing marks, or None: a band letter whose band they would make less serious
        counted as attended; a praise letter they would take under its threshold, or off
        the 100% it says, counted as absence."""
        from attcli.letter_settings import PRAISE
        from attcli.percent import attendance_lines, pct_text

        m, attended, possible = self.missing[key]
        if band is not None and (warns or template in self.band_letters):
            if self._rests(self.band_with_missing, key, band):
                other = self.band_with_missing.get(key)
                pct = pct_text(attended + m, possible + m, attendance_lines(()))
                return missing_text(
                    m, self.period, f"band {band}",
                    f"counted as attended, {pct}, {other or 'no band'}",
                )  # fmt: skip
            return None
        if template == PRAISE and self.praise_at_least is not None:
            pct = pct_text(attended, possible + m, attendance_lines([self.praise_at_least]))
            if Fraction(attended * 100, possible + m) < self.praise_at_least:
                from attcli.percent import threshold_text

                under = f"under the {threshold_text(self.praise_at_least)}% for praise"
                return missing_text(
                    m, self.period, "the praise letter", f"counted as absence, {pct}, {under}"
                )
            if attended == possible:
                return missing_text(
                    m, self.period, "the praise letter",
                    f"counted as absence, {pct}, not the 100% it says",
                )  # fmt: skip
        return None

    def _praise_rests_on_x(self, key: tuple[str, str], template: str | None) -> str | None:
        """Why a praise letter rests on the pupil's X sessions while of compulsory school
        age, or None: counted as absence, under the praise threshold or off the 100% it
        says, as for missing marks (:meth:`_rests_on_missing`).  X is not possible
        (DOMAIN.md 1), but for such a pupil the register does not say where the child was."""
        from attcli.letter_settings import PRAISE
        from attcli.percent import attendance_lines, pct_text, threshold_text

        if template != PRAISE or self.praise_at_least is None:
            return None
        x, attended, possible = self.x_of_age[key]
        pct = pct_text(attended, possible + x, attendance_lines([self.praise_at_least]))
        if Fraction(attended * 100, possible + x) < self.praise_at_least:
            counted = (
                f"counted as absence, {pct}, under the "
                f"{threshold_text(self.praise_at_least)}% for praise"
            )
        elif attended == possible:
            counted = f"counted as absence, {pct}, not the 100% it says"
        else:
            return None
        return (
            f"{x} X (not required to be in school: for a pupil not of compulsory school age) "
            f"while of compulsory school age {self.period}: the praise letter rests on "
            f"{'it' if x == 1 else 'them'} "
            f"({counted}); record where the child was in the MIS first"
        )

    def rests_on_stale(self, key: tuple[str, str], band: str | None) -> int:
        """How many stale N marks the band letter to ``key`` rests on (counted as
        attended, they would put the pupil in a less serious band, or one with no letter);
        0 when it does not.  Such a letter is not held (see the class): the run names it."""
        n = self.stale.get(key, 0)
        return n if n and band is not None and self._rests(self.band_without_stale, key, band) else 0

    def _rests(
        self, without: dict[tuple[str, str], str | None], key: tuple[str, str], band: str
    ) -> bool:
        other = without.get(key, band)
        return other is None or self.rank.get(other, -1) < self.rank.get(band, -1)


def upn_corrected_reasons(
    store: History | None, ev: Evaluation, academic_year: int
) -> dict[tuple[str, str], str]:
    """(school, upn) -> why the letters (and the ladder's steps) of a UPN with nothing on
    record this school year are held: a UPN in none of the exports has letters sent, or
    casebook records, this school year under the same name (and, where the history keeps
    both, the same date of birth; :func:`attcli.loaders.upn_replaced` compares them).  The
    MIS corrected the child's UPN after letters went: read as a new pupil, the child got
    every letter of the half term again, as first letters, a milder one after a more
    serious one among them, and started the ladder afresh (sweep of 4 December, second,
    history; DOMAIN.md 9 and 11).  Never merged (two children can share a name): `attcli
    pupil merge` does it, and ``--release`` sends the letter."""
    if store is None:
        return {}
    # (school, upn) -> [(date, what)], and the names the letters give them
    done: dict[tuple[str, str], list[tuple[dt.date, str]]] = {}
    named: dict[tuple[str, str], set[str]] = {}

    def said(name: object) -> str:
        return " ".join(str(name or "").split()).casefold()

    for r in store.sent_in_year(academic_year):
        done.setdefault((r.school or "", r.upn), []).append((r.letter_date, r.template))
        named.setdefault((r.school or "", r.upn), set()).add(said(r.pupil_name))
    first, after = dt.date(academic_year, 9, 1), dt.date(academic_year + 1, 9, 1)
    for a in store.actions():
        if first <= a.done_on < after:
            done.setdefault((a.school or "", a.upn), []).append(
                (a.done_on, f"{a.action} (casebook)")
            )
    if not done:
        return {}
    pupils = ev.pupils.select("school", "upn", "surname", "forename", "dob")
    here = {(s or "", u) for s, u in pupils.select("school", "upn").iter_rows()}
    gone = [k for k in done if k not in here]
    if not gone:
        return {}
    on_record = pl.DataFrame(list(done), schema={"school": pl.Utf8, "upn": pl.Utf8}, orient="row")
    arrived = pupils.with_columns(pl.col("school").cast(pl.Utf8).fill_null("")).join(
        on_record, on=["school", "upn"], how="anti"
    )
    if not arrived.height:
        return {}
    from attcli.loaders import upn_replaced

    pairs: dict[tuple[str, str], list[tuple[str, bool]]] = {}
    whole = []  # (school, upn, surname, forename, dob) of those the history knows wholly
    for key in gone:
        surname, forename, dob = store.pupil_identity(key[1])
        if surname and forename and dob is not None:
            whole.append((*key, surname, forename, dob))
            continue
        names = named.get(key, set()) - {""}
        for r in arrived.iter_rows(named=True):
            if r["school"] != key[0] or (dob is not None and r["dob"] not in (None, dob)):
                continue
            if said(f"{r['forename'] or ''} {r['surname'] or ''}") in names:
                pairs.setdefault((key[0], r["upn"]), []).append((key[1], dob is not None))
    if whole:
        schema = {"school": pl.Utf8, "upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8,
                  "dob": pl.Date}  # fmt: skip
        for (school, old), line in upn_replaced(
            pl.DataFrame(whole, schema=schema, orient="row"), arrived, "", short=True
        ):
            new = line.split()[1]  # ("perhaps NEW (...): attcli pupil merge OLD NEW")
            pairs.setdefault((school, new), []).append((old, True))
    out: dict[tuple[str, str], str] = {}
    for (school, new), olds in sorted(pairs.items()):
        parts = []
        for old, born in olds:
            by_day: dict[dt.date, list[str]] = {}
            for day, what in done[(school, old)]:
                names_of = by_day.setdefault(day, [])
                if what not in names_of:
                    names_of.append(what)
            records = "; ".join(
                f"{', '.join(w)} of {day:%d/%m/%Y}" for day, w in sorted(by_day.items())
            )
            parts.append(
                f"{old}, on record this school year ({records}), is in none of these "
                f"exports, and {new} in them, with nothing on record, has the same "
                f"name{' and date of birth' if born else ''}: if they are one child (a UPN "
                f"corrected in the MIS), run `attcli pupil merge {command_word(old)} "
                f"{command_word(new)}` and run this "
                "again, so that no letter goes twice; release it if they are two children"
            )
        out[(school, new)] = "; ".join(parts)
    return out


def two_upn_reasons(
    ev: Evaluation,
    *,
    whose: str = "this letter's",
    two_children: str = "release it if they are two children",
    missing_days_only: bool = False,
) -> dict[tuple[str, str], str]:
    """(school, upn) -> why the letters of each UPN of a child the exports hold under two
    UPNs or more (the same surname, forename and date of birth in one school:
    :func:`attcli.loaders.children_under_two_upns`) are held: "one child under two UPNs?
    Child, Kit (born 01/05/2015) is also OLD (a temporary UPN), 07/09/2026 to 18/09/2026:
    this letter's figures are NEW's alone; ...".  Empty without the evaluation's register.
    ``whose`` and ``two_children`` word it for another output (an evidence pack's);
    ``missing_days_only``: only the UPNs whose figures miss days another UPN of the child
    was on roll (its first day before theirs, or its last after), not those of twins read
    as one child spelt two ways (Louis, Louisa) on roll over the same days."""
    if ev.prepared is None:
        return {}
    from attcli.loaders import TEMPORARY_UPN, children_under_two_upns
    from attcli.roll import date_of

    out: dict[tuple[str, str], str] = {}
    for r in children_under_two_upns(ev.prepared.roll).iter_rows(named=True):
        spans = list(zip(r["upn"], r["_first"], r["_last"], strict=True))
        for upn, mine_first, mine_last in spans:
            if missing_days_only and not any(
                o != upn and (first < mine_first or last > mine_last)
                for o, first, last in spans
            ):
                continue
            others = "; ".join(
                f"{o}{' (a temporary UPN)' if TEMPORARY_UPN.fullmatch(o) else ''}, "
                f"{date_of(first):%d/%m/%Y} to {date_of(last):%d/%m/%Y}"
                for o, first, last in spans
                if o != upn
            )
            out[(r["school"] or "", upn)] = (
                f"one child under two UPNs? {pupil_name(r['surname'], r['forename'])} (born "
                f"{r['dob']:%d/%m/%Y}) is also {others}: {whose} figures are {upn}'s "
                f"alone; give the exports one UPN (the permanent one), or {two_children}"
            )
    return out
