"""The national attendance codes (DOMAIN.md section 1) and how each session counts.

``classify_marks`` turns the raw marks of an export into the canonical ``mark``
(the national or legacy code the session counts as) and its ``category``.
It is vectorised: it never loops over rows in Python.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from attcli.errors import InputError
from attcli.lookup import by_code
from attcli.lookup import distinct as each_value


class Category(StrEnum):
    PRESENT = "present"
    APPROVED = "approved_activity"
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_POSSIBLE = "not_possible"
    #: no mark recorded for a session of the pupil's time on roll (DOMAIN.md 1): left
    #: out of possible sessions like a not-possible code, but a data-quality problem
    MISSING = "missing"

    @property
    def counts_as_possible(self) -> bool:
        return self not in (Category.NOT_POSSIBLE, Category.MISSING)

    @property
    def counts_as_attended(self) -> bool:
        return self in (Category.PRESENT, Category.APPROVED)


@dataclass(frozen=True)
class Code:
    code: str
    category: Category
    meaning: str
    legacy: bool = False


_P, _A, _AU, _UN, _NP = (
    Category.PRESENT,
    Category.APPROVED,
    Category.AUTHORISED,
    Category.UNAUTHORISED,
    Category.NOT_POSSIBLE,
)

#: Every code of the 2024 regulations, in DOMAIN.md's order.
CODES: tuple[Code, ...] = (
    Code("/", _P, "Present (AM)"),
    Code("\\", _P, "Present (PM)"),
    Code("L", _P, "Late arrival before the register closed"),
    Code("K", _A, "Attending education provision arranged by the local authority"),
    Code("V", _A, "Attending an educational visit or trip"),
    Code("P", _A, "Participating in a sporting activity"),
    Code("W", _A, "Attending work experience"),
    Code("B", _A, "Attending any other approved educational activity"),
    Code("C1", _AU, "Regulated performance or regulated employment abroad"),
    Code("M", _AU, "Medical or dental appointment"),
    Code("J1", _AU, "Interview"),
    Code("S", _AU, "Study leave"),
    # (the DfE's 2024 guidance: a compulsory school age pupil subject to a part-time
    # timetable; "temporary reduced timetable" is an MIS's words: sweep leftovers8)
    Code("C2", _AU, "Part-time timetable"),
    Code("C", _AU, "Exceptional circumstances"),
    Code("T", _AU, "Parent travelling for occupational purposes"),
    Code("R", _AU, "Religious observance"),
    Code("I", _AU, "Illness (not medical or dental appointment)"),
    Code("E", _AU, "Suspended or permanently excluded, no alternative provision"),
    Code("G", _UN, "Holiday not granted by the school"),
    Code("N", _UN, "Reason for absence not yet established"),
    Code("O", _UN, "Absent in other or unknown circumstances"),
    Code("U", _UN, "Arrived in school after registration closed"),
    Code("D", _NP, "Dual registered: attending another school"),
    Code("X", _NP, "Not required to be in school (non-compulsory school age)"),
    Code("Q", _NP, "Unable to attend: lack of access arrangements"),
    Code("Y1", _NP, "Unable to attend: transport not available"),
    Code("Y2", _NP, "Unable to attend: widespread disruption to travel"),
    Code("Y3", _NP, "Unable to attend: part of the school premises closed"),
    Code("Y4", _NP, "Unable to attend: whole school site unexpectedly closed"),
    Code("Y5", _NP, "Unable to attend: criminal justice detention"),
    Code("Y6", _NP, "Unable to attend: public health guidance or law"),
    Code("Y7", _NP, "Unable to attend: any other unavoidable cause"),
    Code("Z", _NP, "Prospective pupil not on admission register"),
    Code("#", _NP, "Planned whole or partial school closure"),
)

#: Codes from before 19 August 2024, counted as they counted when recorded.
LEGACY_CODES: tuple[Code, ...] = (
    Code("H", _AU, "Holiday authorised by the school (pre-2024)", legacy=True),
    Code("F", _AU, "Agreed extended family holiday (pre-2024)", legacy=True),
    Code("J", _A, "Interview (pre-2024, counted as approved educational activity)", legacy=True),
    Code("Y", _NP, "Enforced closure (pre-2024)", legacy=True),
)

#: The day the 2024 regulations' codes came into force and the legacy ones went out of use
#: (a legacy code on or after it is a register to fix: :data:`RECODE`).
CODES_CHANGED = dt.date(2024, 8, 19)
#: The day the national penalty-notice framework began (DOMAIN.md 5): sessions before it
#: count toward no notice, and a notice issued before it toward no limit of two in three
#: years (the three years run from the first notice issued on or after it)
PN_FRAMEWORK_START = dt.date(2024, 8, 19)
#: What a legacy code recorded on or after :data:`CODES_CHANGED` should have been.
RECODE = {
    "H": "C if the school granted leave, G if not",
    "F": "C if the school granted leave, G if not",
    "J": "J1, an interview now, is an authorised absence",
    "Y": "one of Y1 to Y7",
}

#: The mark of a missing mark: SIMS's explicit "no mark recorded" (``-``), and a blank
#: cell or a missing row inside the pupil's time on roll (DOMAIN.md 1).  A blank cell
#: outside the time on roll is no session at all: :func:`attcli.register.resolve_roll`
#: drops it.
MISSING_MARK = "-"
#: Planned whole or partial school closure: what an MIS writes for every pupil on an INSET
#: day, so no sign that the school took its registers (engine._holiday_marks).
CLOSED_MARK = "#"

#: MIS sub-codes that count as their parent code (configurable: ``[codes.subcodes]``).
DEFAULT_SUBCODES: dict[str, str] = {
    "I01": "I",
    "I_F": "I",
    **{f"X0{i}": "X" for i in range(1, 8)},
}

CODE_BY_NAME: dict[str, Code] = {c.code: c for c in CODES + LEGACY_CODES}


def subcode_slip(code: str, subcodes: Mapping[str, str]) -> str | None:
    """What to say of ``code`` given in a list of national codes (the codes a setting
    counts) when it is an MIS sub-code (``subcodes``: the config's, built in ones
    included): "'I01' is an MIS sub-code, counted as I: give I"; else ``None``.  Marks
    are counted as their parent code, so a sub-code in such a list would match none."""
    parent = subcodes.get(code)
    if parent is None:
        return None
    return f"{code!r} is an MIS sub-code, counted as {parent}: give {parent}"

#: Lateness codes (DOMAIN.md 4, default).
LATE_CODES = ("L", "U")
#: Unauthorised codes for the penalty-notice threshold (DOMAIN.md 5).
PENALTY_CODES = ("G", "N", "O", "U")
#: Codes of unexplained absence for continuous-absence / CME runs (DOMAIN.md 6).
CME_CODES = ("N", "O", "G")
#: Illness (DOMAIN.md 7).
SICKNESS_CODES = ("I",)
#: A timetable here that is not full: dual registered, due at the other school (D), not
#: required to attend (X, not of compulsory school age), or a part-time timetable (C2):
#: how many of the school's sessions left in the year such a pupil will be due at is not
#: known.
NOT_FULL_CODES = ("D", "X", "C2")

CATEGORY_DTYPE = pl.Enum([c.value for c in Category])
#: The categories that count in possible sessions (DOMAIN.md 1).
POSSIBLE_CATEGORIES = tuple(c.value for c in Category if c.counts_as_possible)


def category_map() -> dict[str, str]:
    table = {c.code: c.category.value for c in CODES + LEGACY_CODES}
    table[MISSING_MARK] = Category.MISSING.value
    return table


#: A cell a report tool guarded against spreadsheet formulas: an apostrophe before a first
#: character of ``= + - @`` (the usual defence, which :func:`attcli.output.safe_cell`
#: writes too).  SIMS' ``-`` (no mark recorded) so guarded is ``'-``: the apostrophe is the
#: guard, not the mark.  Any other text after an apostrophe is no such guard.
FORMULA_GUARD = r"^'([=+\-@])"


def without_formula_guard(text: pl.Expr) -> pl.Expr:
    """``text`` (trimmed) without the apostrophe of :data:`FORMULA_GUARD`."""
    return text.str.strip_chars().str.replace(FORMULA_GUARD, "${1}")


def formula_guard_note(
    frame: pl.DataFrame,
    raw: str,
    *,
    file: str | None,
    line: str,
    what: str,
    distinct: pl.Series | None = None,
) -> str | None:
    """The note that the cells of ``frame[raw]`` written with :data:`FORMULA_GUARD` (``what``:
    "mark", "marks string") were read without the apostrophe: how many, as written, and
    the first's ``line``; None when none was.  ``distinct``: the column's values, each
    once, looked at first (the rows are read only when one is so written: a register's
    marks are millions of rows and a handful of values, issue 15)."""
    text = pl.col(raw).cast(pl.String).str.strip_chars()
    if distinct is not None:
        seen = distinct.cast(pl.String).rename("v").to_frame().select(  # (one query: issue 15)
            pl.col("v").str.strip_chars().str.contains(FORMULA_GUARD).fill_null(False).any()
        )
        if not seen.item():
            return None
    guarded = frame.filter(text.str.contains(FORMULA_GUARD).fill_null(False))
    if not guarded.height:
        return None
    from attcli.loaders._errors import unit  # (a spreadsheet's "row N", a text file's "line N")

    n = guarded.height
    shown = guarded.get_column(raw).cast(pl.String).str.strip_chars().unique(maintain_order=True)
    written = ", ".join(repr(v) for v in shown.head(3).to_list()) + (" ..." if shown.len() > 3 else "")
    return (
        f"{file + ': ' if file else ''}{n} {what}{'' if n == 1 else 's'} written {written}: "
        "read without the apostrophe, which a report tool puts before a cell starting "
        "'-', '+', '=' or '@' to keep a spreadsheet from taking it for a formula (first on "
        f"{unit(file)} {guarded.get_column(line).min()})"
    )


def _as_shown(file: object) -> Callable[[str], str]:
    """How a refusal quotes a mark of ``file``: a workbook's cell as Excel shows it (a
    date-time cell typed in the mark column, sweep looks5), a text file's as it is."""
    from attcli.datetext import sheet_cell_text
    from attcli.loaders._errors import is_sheet

    return sheet_cell_text if is_sheet(str(file) if file else None) else str


def classify_marks(
    frame: pl.DataFrame,
    *,
    raw: str = "raw_mark",
    file: str | None = None,
    line: str = "line",
    pupil: str = "upn",
    subcodes: Mapping[str, str] | None = None,
    warnings: list[str] | None = None,
    distinct: pl.Series | None = None,
) -> pl.DataFrame:
    """Add ``mark`` and ``category`` to ``frame`` from its raw marks column (``distinct``:
    its distinct values, found already).

    Marks are trimmed and upper-cased; a blank or ``-`` is ``-``, category ``missing``
    (whether a blank is a missing mark or outside the pupil's time on roll is decided
    per pupil by :func:`attcli.register.resolve_roll`).  Sub-codes map to their parent.  Legacy codes are kept as
    they are (``H`` stays ``H``) and counted in ``warnings``.  Any other code
    raises :class:`InputError` naming file, line, pupil and code.
    """
    sub = dict(DEFAULT_SUBCODES if subcodes is None else subcodes)
    known = category_map()
    for child, parent in sub.items():
        if parent not in known:
            raise InputError(
                f"sub-code {child!r} maps to {parent!r}, which is not an attendance code",
                hint="valid codes: " + " ".join(c.code for c in CODES),
            )
    # each distinct raw mark is classified once, then mapped back to the rows (on the
    # Categorical codes: no text is made per row)
    frame = frame.with_columns(pl.col(raw).cast(pl.Categorical))
    if distinct is None:
        distinct = each_value(frame.get_column(raw))
    cleaned = without_formula_guard(pl.col("v").cast(pl.Utf8)).str.to_uppercase().fill_null("")
    mark = pl.when(cleaned == "").then(pl.lit(MISSING_MARK)).otherwise(cleaned.replace(sub))
    table = pl.DataFrame({"v": distinct}).with_columns(  # (one query, not two: issue 15)
        mark.alias("m"), mark.replace_strict(known, default=None).alias("c")
    )
    out = frame.with_columns(
        by_code(raw, distinct, table.get_column("m").cast(pl.Categorical)).alias("mark"),
        by_code(raw, distinct, table.get_column("c").cast(CATEGORY_DTYPE)).alias("category"),
    )
    # (an unknown code is a distinct value without a category: the rows are looked at only then)
    unknown = (
        out.filter(pl.col("category").is_null())
        if table.get_column("c").has_nulls()
        else out.clear()
    )
    if unknown.height:
        first = unknown.row(0, named=True)
        # the codes as exported (not upper-cased), each once
        codes = (
            unknown.get_column(raw).cast(pl.Utf8).str.strip_chars().unique(maintain_order=True)
        ).to_list()
        n = unknown.height
        shown = _as_shown(file)
        listed = ", ".join(repr(shown(c)) for c in codes[:10]) + (" ..." if len(codes) > 10 else "")
        more = (
            f" ({n} session{'s' if n != 1 else ''} with "
            f"{'an unknown code' if len(codes) == 1 else 'unknown codes'}: {listed})"
        )
        # a zero typed for the letter O (a mark keyed in by hand in Excel), or a long dash
        # for SIMS's '-' (pasted from a document that made the hyphen a dash): said so
        zeros = [c for c in codes if "0" in c and c.upper().replace("0", "O") in known]
        dashes = [c for c in codes if c in _DASHES]
        # R's missing value (write.csv, readr's write_csv: GO 4 Schools' session marks as
        # g4sr saves them), or another tool's: not a mark, and not guessed as a blank
        # (sweep layouts5)
        empties = [c for c in codes if empty_value_note(c)]
        zero = (
            f"; {shown(zeros[0])!r} holds a zero where the code "
            f"{zeros[0].upper().replace('0', 'O')!r} has the letter O"
            if zeros
            else f"; {shown(dashes[0])!r} is a long dash or minus sign, where '-' (no mark "
            "recorded) is a hyphen"
            if dashes
            else "; " + empty_value_note(shown(empties[0]), "a mark")
            if empties
            else ""
        )
        raise InputError(
            f"unknown attendance code {shown(str(first[raw]))!r} for pupil "
            f"{first.get(pupil)!r}{more}{zero}",
            file=file,
            line=first.get(line),
            # (not where every unknown value is an empty value: an empty cell is wanted
            # there, not a code, and the list ran the one line to 520 characters: looks12)
            hint=None
            if len(empties) == len(codes)
            else "valid codes: "
            + " ".join(c.code for c in CODES)
            + "; legacy: H F J Y; '-' for no mark recorded"
            + "; map MIS sub-codes with [codes.subcodes] in attcli.toml",
        )
    if warnings is not None:
        guard = formula_guard_note(
            out, raw, file=file, line=line, what="mark", distinct=distinct
        )
        if guard:
            warnings.append(guard)
        legacy = [c.code for c in LEGACY_CODES]
        # (the rows' marks are the distinct values': no legacy code among these, no row
        # is looked at: two passes over every row less, issue 15)
        counts = found = out.clear()
        if set(legacy) & set(table.get_column("m").to_list()):
            found = out.filter(pl.col("mark").is_in(legacy))
            counts = found.group_by("mark").len().sort("mark")
        for code, n in counts.iter_rows():
            c = CODE_BY_NAME[code]
            where = f"{file}: " if file else ""
            warnings.append(
                f"{where}legacy code {code!r} ({c.meaning}) on {n} session"
                f"{'s' if n != 1 else ''}, counted as {c.category.value.replace('_', ' ')}"
                + _recorded_after(found.filter(pl.col("mark") == code), code, line, pupil, file)
            )
    if out.schema["category"] == CATEGORY_DTYPE:  # (by_code gave the table's: no query)
        return out
    return out.with_columns(pl.col("category").cast(CATEGORY_DTYPE))


#: How programs write an empty value to a CSV (R's ``NA``, pandas' ``nan`` after a cast
#: to text, SQL's ``NULL``, Python's ``None``), upper-cased: said as such when found
#: where a mark should be, still refused (sweep layouts5).
EMPTY_VALUES = frozenset({"NA", "NAN", "NULL", "NONE"})


def empty_value_note(value: str | None, what: str = "a value") -> str:
    """The clause saying ``value`` is a program's empty value (``NA``: R's ``write.csv``)
    where ``what`` should be, and how to save the file; "" when it is not one.  The value
    stays refused where it stands (a mark, a year group): attcli does not guess what an
    empty cell there would mean (sweep layouts5)."""
    if value is None or value.strip().upper() not in EMPTY_VALUES:
        return ""
    return (
        f"{value.strip()!r} is how R and other tools write an empty value, not {what}: "
        "attcli does not guess it; save the export with empty cells for no value (in R, "
        'write.csv(..., na = ""))'
    )


def refused_as(message: str) -> str:
    """What a refusal's ``message`` ("not a year group", "not a date: dates must be ...")
    says the value is not ("a year group", "a date"), for :func:`empty_value_note`'s
    ``what``; "a value" for another message ("'NA' is ... not a value" said nothing:
    sweep looks12)."""
    head = message.split(":")[0].strip()
    return head.removeprefix("not ") if re.fullmatch(r"not an? [a-z /-]+", head) else "a value"


#: Dashes that are not the hyphen of SIMS's '-' (no mark recorded): en dash, em dash,
#: minus sign, figure dash, horizontal bar
_DASHES = ("\u2013", "\u2014", "\u2212", "\u2012", "\u2015")


def _recorded_after(
    marks: pl.DataFrame, code: str, line: str, pupil: str, file: str | None = None
) -> str:
    """What to add to the note of legacy ``code`` (its ``marks``) when some were recorded on
    or after :data:`CODES_CHANGED`, when it was no longer a code: how many, the first, and
    what to recode them as (a register to fix, though counted as DOMAIN.md 1 counts it);
    "" for none, or marks with no date."""
    if "date" not in marks.columns:
        return ""
    after = marks.filter(pl.col("date") >= CODES_CHANGED)
    if not after.height:
        return ""
    order = [c for c in ("date", "session", line) if c in after.columns]
    first = after.sort(order).row(0, named=True)
    from attcli.loaders._errors import unit  # (a spreadsheet's "row N", a text file's "line N")

    at = [f"{unit(file)} {first[line]}"] if first.get(line) is not None else []
    if first.get(pupil) is not None:
        at.append(f"pupil {first[pupil]!r}")
    at.append(f"{first['date']:%d/%m/%Y}" + (f" {first['session']}" if first.get("session") else ""))
    if after.height < marks.height:
        some = f"{after.height} of them"
    else:  # (every one: "all 6", not "6 of them" of 6; "both"; "it was", not "1 of them")
        some = {1: "it was", 2: "both"}.get(after.height, f"all {after.height}")
    return (
        f"; {some} recorded on or after {CODES_CHANGED:%d/%m/%Y}, when {code} "
        f"was no longer a code (first on {', '.join(at)}): recode "
        f"{'it' if after.height == 1 else 'them'} in the MIS ({RECODE[code]})"
    )


def legacy_counts(frames: Iterable[pl.DataFrame | pl.LazyFrame]) -> dict[str, tuple[int, int]]:
    """Each legacy code the marks of ``frames`` (a ``mark`` and a ``date`` column each) hold:
    (sessions, of them recorded on or after :data:`CODES_CHANGED`), in code order."""
    legacy = [c.code for c in LEGACY_CODES]
    counts: dict[str, tuple[int, int]] = {}
    for frame in frames:
        # (on the Categorical column: casting 7 million marks to text took 0.2 s)
        found = frame.lazy().filter(pl.col("mark").is_in(legacy))
        after = (pl.col("date") >= CODES_CHANGED).sum() if "date" in found.collect_schema() else pl.lit(0)
        for code, n, k in found.group_by("mark").agg(pl.len(), after.alias("k")).collect().iter_rows():
            was = counts.get(str(code), (0, 0))
            counts[str(code)] = (was[0] + n, was[1] + k)
    return dict(sorted(counts.items()))


def legacy_line(frames: Iterable[pl.DataFrame | pl.LazyFrame]) -> str | None:
    """One line saying which legacy codes the marks of ``frames`` (a ``mark`` column each:
    the sessions a file's figures rest on) hold, on how many sessions, and what each is
    counted as (DOMAIN.md 1: "count each as it counted when it was recorded, and say so in
    the output"); None when they hold none.  For the files an LA reads alone, whose
    header block carries it (the terminal's notes say it per export)."""
    return legacy_text(legacy_counts(frames))


def _each(late: int, of: int) -> str:
    """How many of ``of`` sessions ``late`` is, before "recorded": "" of one session (not
    "all" of one), "both ", "all ", or the number ("2 ")."""
    if late != of:
        return f"{late} "
    return {1: "", 2: "both "}.get(of, "all ")


def legacy_text(found: Mapping[str, tuple[int, int]]) -> str | None:
    """:func:`legacy_line` of the counts :func:`legacy_counts` gives (a summary's too)."""
    counts = {code: n for code, (n, _) in found.items() if n}
    late = {code: k for code, (_, k) in found.items()}
    if not counts:
        return None
    words = {Category.APPROVED: "approved educational activity (attended)"}
    said = [
        f"{code} on {counts[code]} session{'s' if counts[code] != 1 else ''}, as "
        + words.get(CODE_BY_NAME[code].category, CODE_BY_NAME[code].category.value.replace("_", " "))
        + (
            f", {_each(late[code], counts[code])}recorded on or after {CODES_CHANGED:%d/%m/%Y}"
            if late[code]
            else ""
        )
        for code in sorted(counts)
    ]
    if not any(late.values()):
        return f"legacy codes (before {CODES_CHANGED:%d/%m/%Y}) counted as when they were recorded: " + (
            "; ".join(said)
        )
    # (not "before 19/08/2024" of marks recorded after it: the LA reads the file alone)
    return "legacy codes (no longer in use) counted as they counted when in use: " + (
        "; ".join(said) + ": to recode in the MIS"
    )
