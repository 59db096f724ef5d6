"""Pupil lists: who each pupil is (UPN, MIS id, names, year, group, date of birth), when they
joined and left, and cohort attributes.  A register keyed by an MIS id takes its UPNs and
names from one (see :func:`attcli.loaders.load_registers`); ``attcli report`` takes cohort
attributes from one (:func:`attcli.report.read_pupils`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from attcli.codes import EMPTY_VALUES, empty_value_note, refused_as
from attcli.errors import InputError, shown
from attcli.register import ATTRIBUTE_COLUMNS

from ._errors import input_error, is_sheet, unit
from ._headers import EXCEL_EPOCH_1904, PUPIL_FIELDS, normalise_header
from ._table import read_table_headers
from ._values import (
    SCIENTIFIC,
    YEAR_GROUP_TEXT,
    YES_NO_TEXT,
    empty_as_null,
    lost_letters,
    name_text,
    parse_dates,
    scientific_id_error,
    sen_text,
    stripped,
    upn_expr,
    year_group_exprs,
    yes_no_exprs,
)

#: A pupil list's own fields (beside the register's pupil fields): when each pupil joined
#: and left the school (GO 4 Schools' admission_date and leaving_date, Bromcom's StartDate,
#: the school census's and the common transfer file's EntryDate and LeavingDate).
ROLL_FIELDS: dict[str, tuple[str, ...]] = {
    "joined": (
        "Admission Date",
        "Date of Admission",
        "Start Date",
        "Joining Date",
        "Date Joined",
        "Entry Date",
        "Date of Entry",
        "Enrolment Date",
        "Enrolment Start Date",
    ),
    "left": ("Leaving Date", "Date of Leaving", "Date Left", "End Date", "Enrolment End Date"),
    # the census's EnrolStatus (C single, M main dual, S subsidiary dual, G guest, F further
    # education), SIMS's Enrolment Status, Arbor's enrolment mode: only a guest is read
    "enrolment": ("Enrolment Status", "Enrol Status", "Enrolment Mode"),
}
#: An enrolment status that is a guest's (``G``, ``Guest``, ``Guest Pupil``, ``G - Guest``):
#: a pupil on another school's roll, not on this one's admission register.
GUEST = r"(?i)^(?:G|GUEST)\b"
LIST_FIELDS: dict[str, tuple[str, ...]] = {**PUPIL_FIELDS, **ROLL_FIELDS}
#: A pupil list's column of another system's ids beside its MIS id: a partner platform's
#: students list gives its own (``id``) and the MIS's (``mis_id``), and its attendances
#: the platform's (Assembly's ``student_id``: equinlimited/assembly-client-dotnet
#: ``docs/Attendance.md``, ``docs/Student.md``; sweep layouts10).
#: So is a second column under an MIS id's name (SIMS's ``Person ID`` beside another
#: system's ``Student ID``: the first is the list's MIS id).
OTHER_ID_HEADERS = ("ID", *PUPIL_FIELDS["mis_id"])
#: The fields a pupil list gives a register keyed by an MIS id.
IDENTITY_FIELDS = ("upn", "surname", "forename", "dob", "year_group", "reg_group")
YES_NO = tuple(a for a, t in ATTRIBUTE_COLUMNS.items() if t == pl.Boolean)


def list_fields(columns: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """:data:`LIST_FIELDS` with the header ``[columns]`` maps each of them to first (the
    register's own fields, e.g. ``mis_id = "Adno"``, that a pupil list also has); the
    other fields of ``[columns]`` (the mark, the date) are the register's alone."""
    out = {f: tuple(a) for f, a in LIST_FIELDS.items()}
    for f, header in (columns or {}).items():
        if f in out:
            key = normalise_header(header)
            out[f] = (header, *(a for a in out[f] if normalise_header(a) != key))
    return out


def _nfc(column: str) -> pl.Expr:
    """A name column of a pupil list read as the register's names are
    (:func:`attcli.loaders._values.name_text`: trimmed, runs of spaces one, composed)."""
    return name_text(column).alias(column)


@dataclass
class PupilList:
    """A pupil list: one row per pupil."""

    path: str
    #: ``upn`` (upper case) and/or ``mis_id``; ``name`` (``Surname, Forename``, else null);
    #: and whichever of surname, forename, dob, year_group, reg_group, joined, left and the
    #: cohort attributes the list gives (dates as dates, year groups normalised); ``guest``
    #: (bool) when it gives an enrolment status (:data:`GUEST`)
    pupils: pl.DataFrame
    attributes: list[str]
    notes: list[str] = field(default_factory=list)
    #: how the list identifies pupils: ``"upn"``, else ``"mis_id"``
    key: str = "upn"
    #: the header text of each field in the file, for messages
    headers: dict[str, str] = field(default_factory=dict)
    #: the pupils listed with more than one spell on roll (left and came back): the key
    #: column (``upn`` or ``mis_id``), ``joined`` and ``left`` of each spell, oldest first;
    #: their row in :attr:`pupils` has the first joining date, the last leaving date and
    #: the latest spell's year and group
    spells: pl.DataFrame | None = None
    #: a note naming the pupils whose names hold '?' for a letter the file's character set
    #: has not (:func:`lost_letters`), said by the commands that take names from the list
    letters_lost: list[str] = field(default_factory=list)
    #: the list's MIS id beside its column of another system's ids (:data:`OTHER_ID_HEADERS`,
    #: its header ``headers["other_id"]``): ``mis_id``, ``other_id`` and ``name`` a row a
    #: pupil; None when it has no such column
    other_ids: pl.DataFrame | None = None

    def without_guests(self) -> PupilList:
        """The list without the pupils it gives as guests (:data:`GUEST`: on another
        school's roll), and without its ``guest`` column."""
        if "guest" not in self.pupils.columns:
            return self
        guests = self.pupils.filter(pl.col("guest")).get_column(self.key).implode()
        spells = self.spells
        if spells is not None:
            spells = spells.filter(~pl.col(self.key).is_in(guests))
        return replace(
            self,
            pupils=self.pupils.filter(~pl.col("guest")).drop("guest"),
            spells=spells if spells is not None and spells.height else None,
        )


def _refuse_contacts(others: list[str], file: str) -> None:
    """A contacts export given as the pupil list (``--pupils contacts.csv``, the two files
    swapped) is refused: its Forename and Surname are the contacts', which would name the
    pupils of a register identified by MIS id only after their parents.  Known by a column
    only a contact has (relationship, parental responsibility, priority, contact id; the
    headers a contacts export is read by, :data:`attcli.contacts.CONTACT_FIELDS`, but for
    those a pupil list may have too: Title, Order, PR, Person ID)."""
    from attcli.contacts import CONTACT_FIELDS

    ambiguous = {normalise_header(h) for h in ("Order", "PR", "Person ID")}
    only = {
        normalise_header(h)
        for f in ("relationship", "parental_responsibility", "priority", "contact_id")
        for h in CONTACT_FIELDS[f]
    } - ambiguous
    found = [h for h in others if normalise_header(h) in only]
    if found:
        raise input_error(
            "this looks like a contacts export, not a pupil list: it has a column only a "
            "contact has",
            file=file,
            column=found[0],
            hint="give the MIS's pupil list (one row per pupil: UPN, names, date of birth), "
            "or leave out --pupils",
        )


def _refuse_register(others: list[str], headers: Mapping[str, str], file: str) -> None:
    """The register given as the pupil list (``--pupils register.csv``) is refused: a row a
    session of each pupil, with no joining or leaving date, read without a word, the list
    the office meant to give (its dates, its names) was not.  Known by a column only a
    register has (its mark or session, a wide register's dated session); and so is a CSV
    attcli wrote (the check's, the letters manifest: :func:`own_output`)."""
    from attcli.contacts import register_column
    from attcli.loaders._headers import own_output

    if command := own_output([*headers.values(), *others]):
        what = "letters manifest" if command == "letters" else f"{command} CSV"
        raise input_error(
            f"this is attcli's own {what} (written by attcli {command}), not a pupil list",
            file=file,
            hint="give the MIS's pupil list (one row per pupil: UPN, names, date of birth), "
            "or leave out --pupils",
        )
    found = [h for h in others if register_column(h)]
    if found:
        raise input_error(
            "this looks like the register export, not a pupil list",
            file=file,
            column=found[0],
            hint="give the MIS's pupil list (one row per pupil: UPN, names, date of birth), "
            "or leave out --pupils",
        )


def read_pupil_list(path: str | Path, columns: Mapping[str, str] | None = None) -> PupilList:
    """Read a pupil list (CSV or xlsx) with a UPN or MIS id column.  A bad date, year group or
    yes/no value, a leaving date before the joining date, or a pupil listed twice with
    different values is an :class:`InputError` naming the file and line.  ``columns``: the
    school's ``[columns]`` (field -> the header in its exports), as the register reads
    them: a column under a header it maps is read as that field; the usual headers are still
    recognised (:func:`list_fields`)."""
    file = str(path)
    others: list[str] = []
    fields = list_fields(columns)
    try:
        read = read_table_headers(
            path, {**fields, "other_id": OTHER_ID_HEADERS}, [("upn", "mis_id")], others=others
        )
    except InputError:  # refused as before, its hint free to name an 'ID' column the id
        others.clear()
        read = read_table_headers(path, fields, [("upn", "mis_id")], others=others)
    frame, skipped, headers = read
    _refuse_contacts(others, file)
    _refuse_register(others, headers, file)
    key = "upn" if "upn" in frame.columns else "mis_id"
    lines = frame.get_column("line")
    for f in ("upn", "mis_id"):
        if f in frame.columns:
            sci = frame.filter(stripped(f).str.contains(SCIENTIFIC)).sort("line")
            if sci.height:
                raise scientific_id_error(
                    str(sci.get_column(f)[0]).strip(),
                    {"upn": "UPN", "mis_id": "MIS id"}[f],
                    sci.get_column(f).n_unique(),
                    file,
                    sci.get_column("line")[0],
                    headers[f],
                )
    exprs: list[pl.Expr] = []
    if "upn" in frame.columns:
        exprs.append(upn_expr(pl.col("upn")).str.to_uppercase().alias("upn"))  # as the register's
    if "mis_id" in frame.columns:
        exprs.append(pl.col("mis_id"))
    has_names = "surname" in frame.columns and "forename" in frame.columns
    # names composed (NFC) as the register's are (``_values.name_text``)
    if has_names:
        exprs += [
            _nfc("surname"),
            _nfc("forename"),
            # a pupil known by one name is that name (``names.pupil_name``)
            pl.concat_str([_nfc("surname"), _nfc("forename")], separator=", ", ignore_nulls=True)
            .replace("", None)
            .alias("name"),
        ]
    elif "name" in frame.columns:
        parts = _nfc("name").str.extract_groups(r"^([^,]*?)\s*,\s*(.*?)$")
        exprs += [
            _nfc("name"),
            parts.struct.field("1").alias("surname"),
            parts.struct.field("2").alias("forename"),
        ]
    else:
        exprs.append(pl.lit(None, pl.String).alias("name"))
    # a Mac workbook's day numbers count from 01/01/1904 (as the register's: sweep xlsx)
    serials = None
    if is_sheet(file) and any(f in frame.columns for f in ("dob", "joined", "left")):
        from ._source import _date1904

        serials = EXCEL_EPOCH_1904 if _date1904(Path(path)) else None
    for f in ("dob", "joined", "left"):
        if f in frame.columns:
            dates = parse_dates(
                frame.get_column(f), file=file, column=headers[f], lines=lines,
                excel_serials=serials,
            )  # fmt: skip
            exprs.append(pl.lit(dates).alias(f))
    if "year_group" in frame.columns:
        year, bad = year_group_exprs("year_group")
        _refuse(
            frame,
            bad,
            "year_group",
            "not a year group",
            f"year groups are written {YEAR_GROUP_TEXT}",
            file,
            headers,
        )
        exprs.append(year.alias("year_group"))
    for f in ("reg_group", "school"):
        if f in frame.columns:
            # R's NA read as no form or school, said (a label: the register's rule, sweep
            # layouts6)
            text = frame.get_column(f).cast(pl.String).str.strip_chars()
            empty = text.filter(text.str.to_uppercase().is_in(sorted(EMPTY_VALUES))).unique()
            if empty.len():
                what = {"reg_group": "form", "school": "school"}[f]
                skipped.append(
                    f"{' and '.join(repr(e) for e in sorted(empty.to_list()))} in column "
                    f"{headers[f]!r} read as no {what} (shown blank): it is how R and other "
                    'tools write an empty value (in R, write.csv(..., na = "") saves an empty '
                    "cell)"
                )
            exprs.append(empty_as_null(pl.col(f).cast(pl.String)).cast(frame.schema[f]).alias(f))
    if "enrolment" in frame.columns:
        exprs.append(stripped("enrolment").str.contains(GUEST).fill_null(False).alias("guest"))
    attrs = [a for a in ATTRIBUTE_COLUMNS if a in frame.columns]
    for a in attrs:
        if a in YES_NO:
            value, bad = yes_no_exprs(a)
            _refuse(frame, bad, a, "not a yes/no value", f"write {YES_NO_TEXT}", file, headers)
            exprs.append(value.alias(a))
        elif a == "sen":  # a blank cell is no SEN (a pupil not listed: not known)
            exprs.append(sen_text(a).alias(a))
        else:
            exprs.append(pl.col(a))
    pupils = frame.select(*exprs, pl.col("line"))
    other_ids = None
    if "other_id" in frame.columns and "mis_id" in frame.columns:
        other_ids = frame.select(
            stripped("mis_id").cast(pl.Utf8).alias("mis_id"),
            stripped("other_id").cast(pl.Utf8).alias("other_id"),
        ).with_columns(pupils.get_column("name"))
    if "joined" in pupils.columns and "left" in pupils.columns:
        early = pupils.filter(pl.col("left") < pl.col("joined"))
        if early.height:
            row = early.sort("line").row(0, named=True)
            raise input_error(
                f"the leaving date {row['left']:%d/%m/%Y} is before the joining date "
                f"{row['joined']:%d/%m/%Y}",
                file=file,
                line=row["line"],
                column=headers["left"],
                hint="correct the dates in the pupil list",
            )
    pupils, spells = _one_row_per_pupil(pupils, key, file, headers)
    other = "mis_id" if key == "upn" else "upn"
    if other in pupils.columns:
        # (a trust's list with a School column: an MIS id is one school's numbering, so
        # Ash's 1001 and Birch's 1001 are two pupils; a UPN is one child's everywhere)
        by = [pl.col(other)]
        if other == "mis_id" and "school" in pupils.columns:
            by.append(pl.col("school").cast(pl.Utf8).str.replace_all(r"\s+", " ")
                      .str.strip_chars().str.to_lowercase())  # fmt: skip
        twice = pupils.filter(pl.col(other).is_not_null() & pl.struct(by).is_duplicated())
        if twice.height:
            rows = twice.sort("line")
            first = rows.row(0, named=True)
            same = pl.col(other) == first[other]
            if len(by) > 1:
                same = same & (by[1] == by[1].filter(pl.col("line") == first["line"]).first())
            again = rows.filter(same).row(1, named=True)
            label = {"upn": "UPN", "mis_id": "MIS id"}
            raise input_error(
                f"{label[other]} {first[other]} is given to two pupils: {label[key]} "
                f"{first[key]} ({unit(file)} {first['line']}) and {again[key]} "
                f"({unit(file)} {again['line']})",
                file=file,
                line=again["line"],
                column=headers[other],
                hint="each pupil has one UPN and one MIS id: correct the pupil list"
                + ("" if other != "mis_id" or "school" in pupils.columns else
                   ", or give a trust's list of several schools a School column (each "
                   "school's MIS numbers its own pupils)"),  # fmt: skip
            )
    notes = [f"{file}: {s}" for s in skipped]
    lost = lost_letters(file, pupils, key) if "surname" in pupils.columns else []
    return PupilList(
        file, pupils.drop("line"), attrs, notes, key, headers, spells, letters_lost=lost,
        other_ids=other_ids,
    )  # fmt: skip


def _folded(column: str) -> pl.Expr:
    """A name compared: small letters, without spaces, hyphens, apostrophes and dots."""
    return pl.col(column).cast(pl.Utf8).str.to_lowercase().str.replace_all(r"[\s\-'’.]", "")


def _agree(a: str, b: str) -> pl.Expr:
    """Two folded names that may be one child's: alike, or one inside the other (a preferred
    forename, a double-barrelled surname)."""
    return (pl.col(a) == pl.col(b)) | pl.col(a).str.contains(pl.col(b), literal=True) | pl.col(
        b
    ).str.contains(pl.col(a), literal=True)


def _other_children(names: pl.DataFrame, listed: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """The register's ``names`` (``on``, ``surname``, ``forename``) that the pupil list
    (``listed``: the same columns) gives to another child: neither name agrees
    (:func:`_agree`), nor the two crossed; with the list's names as ``_ls`` and ``_lf``.
    A row with a name missing on either side is no evidence either way."""
    theirs = listed.select(*on, pl.col("surname").alias("_ls"), pl.col("forename").alias("_lf"))
    return (
        names.join(theirs, on=on, how="inner")
        .filter(pl.all_horizontal(pl.col("surname", "forename", "_ls", "_lf").is_not_null()))
        .with_columns(
            _folded("surname").alias("_s"), _folded("forename").alias("_f"),
            _folded("_ls").alias("_s2"), _folded("_lf").alias("_f2"),
        )  # fmt: skip
        .filter(
            ~_agree("_s", "_s2") & ~_agree("_f", "_f2")
            & ~(_agree("_s", "_f2") & _agree("_f", "_s2"))
        )  # fmt: skip
    )


def refuse_crossed_names(
    part: pl.DataFrame, listed: pl.DataFrame, on: list[str], path: str, headers: Mapping[str, str]
) -> None:
    """Refuse a register keyed by MIS ids that names its pupils (``part``: its rows, with
    ``on`` and the names) where the pupil list (``listed``, at ``path``) gives an id to a
    child neither of whose names is the register's (nor the two crossed): the list of
    another MIS numbering the same children otherwise gave each pupil another child's UPN,
    name and, with them, marks (sweep layouts10).  ``headers``: each file's id column.
    Names that differ as a preferred name or a double-barrelled surname does are one child's."""
    if not {"surname", "forename"} <= set(listed.columns):
        return
    # an id's names, once each (any of its rows: the file's line is looked up on refusal),
    # found on its upn, the id as a Categorical (0.23 s at 20,000 pupils, 7.5 million rows,
    # against 0.45 s on the id's text)
    first = (
        part.lazy()
        .select(*on, "upn", "surname", "forename")
        .unique(subset=[*(c for c in on if c != "mis_id"), "upn"], keep="any")
        .filter(pl.col("surname").is_not_null() & pl.col("forename").is_not_null())
        .drop("upn")
        .collect()
    )
    if first.is_empty():
        return
    crossed = _other_children(first, listed.select(*on, "surname", "forename"), on)
    if not crossed.height:
        return
    where = part.join(crossed.select(on), on=on, how="semi").select(*on, "source", "line")
    row = {**crossed.join(where.sort("line").head(1), on=on).row(0, named=True)}
    raise input_error(
        f"MIS id {row['mis_id']} is {row['surname']}, {row['forename']} in the register and "
        f"{row['_ls']}, {row['_lf']} in the pupil list {shown(path)}"
        + (f" (and {crossed.height - 1} more id{'s' if crossed.height > 2 else ''})"
           if crossed.height > 1 else "")
        + ": the list numbers the pupils otherwise (another MIS's ids?), and read by it each "
        "pupil's marks would be another child's",
        file=row["source"],
        line=row["line"],
        column=headers.get(row["source"]),
        hint="give the pupil list from the MIS the register was exported from (the same "
        "ids), or the register with UPNs",
    )


def note_other_children(register: pl.DataFrame, pupils: PupilList, warnings: list[str]) -> None:
    """A note for each UPN the pupil list gives a child neither of whose names is the
    register's (nor the two crossed), whose joining and leaving dates are read as the
    register pupil's (a UPN typed wrong in one system: sweep layouts10).  Said, not
    refused: a UPN is the child's, and a pupil known by a name of their own may share
    neither name with the list's legal ones.  Each UPN's names are taken from its first
    row, found on the Categorical's codes (no pass over every row's text)."""
    listed = pupils.pupils
    if pupils.key != "upn" or not {"surname", "forename"} <= set(listed.columns):
        return
    if register.is_empty() or register.schema.get("upn") != pl.Categorical:
        return
    first = register.select(
        pl.col("upn", "surname", "forename").gather(pl.col("upn").to_physical().arg_unique())
    ).with_columns(pl.col("upn").cast(pl.Utf8).str.to_uppercase())
    theirs = listed.select(pl.col("upn").cast(pl.Utf8), "surname", "forename")
    crossed = _other_children(first, theirs, ["upn"]).sort("upn")
    if not crossed.height:
        return
    row = crossed.row(0, named=True)
    n = crossed.height - 1
    more = f" (and {n} more UPN{'s' if n > 1 else ''})" if n else ""
    warnings.append(
        f"UPN {row['upn']} is {row['surname']}, {row['forename']} in the register and "
        f"{row['_ls']}, {row['_lf']} in the pupil list {shown(pupils.path)}{more}: the list's "
        "joining and leaving dates are read as the register's pupil's; if the UPN is typed "
        "wrong in one of them, correct it in the MIS"
    )


def refuse_other_ids(pupils: PupilList, ids: pl.Series, file: str, header: str) -> None:
    """Refuse a register keyed by MIS ids (``ids``: a row's each, of ``file``'s column
    ``header``; a Categorical is quickest) every
    one of which is in the pupil list's column of another system's ids (:attr:`PupilList.
    other_ids`) where that column gives some of them to other pupils than its MIS id column
    does: a partner platform's attendances keyed by its own student id, given with its
    students list (Assembly's ``id`` and ``mis_id``, both numbers), matched on the MIS id,
    gave each pupil another child's marks.  Which column the register's ids are is not
    guessed; a list whose two columns agree (each pupil's ``id`` its ``mis_id``) reads."""
    o = pupils.other_ids
    if o is None:
        return
    from attcli.lookup import distinct

    once = distinct(ids) if ids.dtype == pl.Categorical else ids.unique()
    wanted = once.cast(pl.Utf8).str.strip_chars().drop_nulls().unique()
    if wanted.is_empty():
        return
    hits = o.filter(pl.col("other_id").is_in(wanted.implode()))
    if hits.get_column("other_id").n_unique() < wanted.len():
        return  # not the register's ids: the MIS id column's are matched as ever
    crossed = hits.filter(pl.col("mis_id").is_null() | (pl.col("mis_id") != pl.col("other_id")))
    if not crossed.height:
        return
    mine = pupils.headers.get("mis_id", "MIS id")
    other = pupils.headers.get("other_id", "ID")
    row = crossed.sort("other_id").row(0, named=True)
    twin = o.filter(pl.col("mis_id") == row["other_id"])
    example = (
        f" ({row['other_id']} is {row['name'] or 'a pupil'}'s {other!r} and "
        f"{twin.get_column('name')[0] or 'another pupil'}'s {mine!r})"
        if twin.height
        else ""
    )
    raise input_error(
        f"the register's ids (column {header!r} of {shown(file)}) are the pupil list's "
        f"column {other!r}, which numbers its pupils otherwise than its MIS id column "
        f"{mine!r}{example}: attcli does not guess which the register's are, and matched "
        f"by {mine!r} each pupil's marks would be another's",
        file=pupils.path,
        column=other,
        hint="give the pupil list with the register's ids in its MIS id column ("
        + ("" if normalise_header(other) in {normalise_header(h) for h in LIST_FIELDS["mis_id"]}
           else f"head its {other!r} column 'MIS ID' and ")
        + f"rename its {mine!r} column: 'Other ID', say), or the register keyed by the MIS's ids "
        "or by UPN",
    )


def _refuse(
    frame: pl.DataFrame,
    bad: pl.Expr,
    f: str,
    message: str,
    hint: str,
    file: str,
    headers: dict[str, str],
) -> None:
    rows = frame.filter(bad.fill_null(False))
    if rows.height:
        row = rows.sort("line").row(0, named=True)
        # R's NA for a value not known (sweep layouts5): said what it is not, and its
        # fix, an empty cell, alone (sweep looks12)
        empty = empty_value_note(row[f], refused_as(message))
        raise InputError(
            message, file=file, line=row["line"], column=headers[f], value=row[f],
            hint=empty or hint,
        )  # fmt: skip


def _one_row_per_pupil(
    pupils: pl.DataFrame, key: str, file: str, headers: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """One row per pupil, and the spells on roll of each pupil listed more than once alike
    but for their joining and leaving dates (None: no such pupil)."""
    values = [c for c in pupils.columns if c not in (key, "line")]
    dup = pupils.filter(pl.col(key).is_duplicated())
    if not dup.height:
        return pupils, None
    conflicting = (
        dup.group_by(key)
        .agg(pl.struct(values).n_unique().alias("_n"), pl.col("line").sort().alias("_lines"))
        .filter(pl.col("_n") > 1)
        .sort(pl.col("_lines").list.first())
    )
    label = "UPN" if key == "upn" else "MIS id"
    every, refused = _spells(dup, conflicting, key, label, file, headers)
    if refused is not None:
        conflicting = conflicting.filter(pl.col(key) == refused)
    else:
        conflicting = conflicting.clear()
    if conflicting.height:
        first = conflicting.row(0, named=True)
        lines = first["_lines"]
        _refuse_two_children(dup.filter(pl.col(key) == first[key]), key, label, file, headers)
        raise input_error(
            f"{label} {first[key]} is listed more than once with different values "
            f"({unit(file)}s {', '.join(map(str, lines[:5]))})",
            file=file,
            line=lines[1],
            column=headers[key],
            hint="keep one row per pupil",
        )
    if every is None:
        return pupils.unique(key, keep="first", maintain_order=True), None
    # the pupil's one row: the first spell's, from its joining date to the last leaving
    # date (none: still on roll), in the latest spell's year and group (a pupil may come
    # back into another form)
    latest = [pl.col(g).last() for g in _groups(every)]
    whole = every.group_by(key).agg(pl.col("joined").first(), pl.col("left").last(), *latest)
    # (spells have a leaving date column: without one, two spells overlap and are refused)
    kept = pupils.unique(key, keep="first", maintain_order=True)
    return kept.update(whole, on=key, include_nulls=True), every


def _refuse_two_children(
    rows: pl.DataFrame, key: str, label: str, file: str, headers: dict[str, str]
) -> None:
    """Refuse a trust's list (a School column) that gives one UPN at two schools with
    another forename or date of birth, in words that say so: two children under one UPN
    (as the exports' reading says, :func:`attcli.loaders.upns_of_two_children`), which a
    list of one pupil a UPN cannot hold; "keep one row per pupil" would have a trust
    delete an enrolment.  Refused, not set aside: the list decides every pupil's time on
    roll (DOMAIN.md 1), and which school's row is wrong cannot be read from it; the line
    says how to go on meanwhile, without the list (sweep twoupn2)."""
    if "school" not in rows.columns:
        return
    rows = rows.sort("line")
    schools = list(dict.fromkeys(str(x).strip() for x in rows.get_column("school") if x))
    differ = [c for c in ("forename", "dob") if c in rows.columns]
    if len(schools) < 2 or not any(
        rows.select(pl.col(c).cast(pl.Utf8).str.to_lowercase().n_unique()).item() > 1
        for c in differ
    ):
        return
    lines = rows.get_column("line").to_list()
    raise input_error(
        f"{label} {rows.item(0, key)} is two different children's in the list (another "
        f"forename or date of birth at {' and at '.join(schools)}, {unit(file)}s "
        f"{', '.join(map(str, lines[:5]))}): a UPN is one child's nationally",
        file=file,
        line=lines[1],
        column=headers[key],
        hint="correct the UPN in the MIS of the school where it is wrong, and export the list "
        "again; until then, leave --pupils out: the exports are read alone, each pupil on "
        "roll from its first mark to its last",
    )


#: What a pupil's spells on roll may differ in beside their dates: a pupil who left and
#: came back may come back into another year or form (the pupil's row takes the latest).
SPELL_GROUPS = ("year_group", "reg_group")


def _groups(rows: pl.DataFrame) -> list[str]:
    return [g for g in SPELL_GROUPS if g in rows.columns]


def _spells(
    dup: pl.DataFrame,
    conflicting: pl.DataFrame,
    key: str,
    label: str,
    file: str,
    headers: dict[str, str],
) -> tuple[pl.DataFrame | None, object]:
    """The spells on roll of the pupils in ``conflicting`` (their rows in ``dup``), each
    pupil listed alike but for their joining and leaving dates (and their year and group,
    :data:`SPELL_GROUPS`), each with a joining date (a pupil who left and came back: an
    MIS's list of enrolments), each pupil's oldest first, the pupils in ``conflicting``'s
    order; and the first of them (in that order) whose rows differ otherwise (not spells),
    or None.  Spells that overlap (one with no leaving date before another, or one
    beginning before the one before it ends) of a pupil before that one are refused in words
    that say so: which days the pupil was on roll cannot be known.  A fixed number of
    queries whatever the number of such pupils (issue 15: sweep spells2)."""
    order = conflicting.get_column(key)
    if not len(order):
        return None, None
    if "joined" not in dup.columns:
        return None, order[0]
    dates = [d for d in ("joined", "left") if d in dup.columns]
    groups = _groups(dup)
    # (a trust's list of enrolments: a pupil who moved between its schools has a row at
    # each, its School column the school's; each school's spells are its own)
    where = ["school"] if "school" in dup.columns else []
    others = [c for c in dup.columns if c not in (key, "line", *dates, *groups, *where)]
    rank = pl.DataFrame({key: order, "_rank": pl.int_range(len(order), eager=True)})
    every = dup.join(rank, on=key).sort("_rank", "joined", "line")
    if "left" not in every.columns:
        every = every.with_columns(pl.lit(None, pl.Date).alias("left"))
    # each pupil: not spells (a row without a joining date, or rows that differ otherwise)
    odd = pl.col("joined").null_count() > 0
    if others:
        odd = odd | (pl.struct(others).n_unique() > 1)
    flags = every.group_by("_rank").agg(odd.alias("_odd"))
    first_odd = flags.filter(pl.col("_odd")).get_column("_rank").min()
    folded = pl.col("school").cast(pl.Utf8).fill_null("").str.replace_all(r"\s+", " ")
    school = folded.str.strip_chars().str.to_lowercase() if where else pl.lit("")
    # each pupil's spells at each school (the schools in the order first met, each one's
    # spells oldest first) overlapping: the first refused in :func:`_overlap`'s words
    rows = every.select("_rank", school.alias("_w"), "joined", "left").iter_rows()
    last: dict[str, object] = {}  # a school of the pupil -> its latest spell's leaving date
    bad: set[str] = set()
    pupil = None
    for rank, w, joined, left in [*rows, (None, "", None, None)]:
        if rank != pupil:
            if bad:
                w = next(x for x in last if x in bad)
                _overlap(every.filter((pl.col("_rank") == pupil) & (school == w)),
                         key, label, file, headers)  # fmt: skip
            if rank is None or (first_odd is not None and rank >= first_odd):
                break
            pupil, last = rank, {}
        if w in last and (last[w] is None or joined <= last[w]):
            bad.add(w)
        last[w] = left
    if first_odd is not None:
        return None, order[first_odd]
    # (with a School column, each row's line: outside a trust, rows of two schools are
    # refused when the dates are read, :func:`refuse_two_schools`)
    kept = [key, "joined", "left", *groups, *where, *(["line"] if where else [])]
    return every.select(kept), None


def refuse_two_schools(pupils: PupilList) -> None:
    """Outside a trust's workspace, a pupil listed at two schools (the list's School column)
    is refused as two values of one pupil, as before a trust's list was read school by
    school: a school's own roll cannot hold another school's enrolment."""
    spells = pupils.spells
    if spells is None or "school" not in spells.columns:
        return
    folded = pl.col("school").cast(pl.Utf8).fill_null("").str.replace_all(r"\s+", " ")
    two = (
        spells.with_columns(folded.str.strip_chars().str.to_lowercase().alias("_w"))
        .group_by(pupils.key)
        .agg(pl.col("_w").n_unique().alias("_n"), pl.col("line").sort().alias("_lines"))
        .filter(pl.col("_n") > 1)
        .sort(pl.col("_lines").list.first())
    )
    if not two.height:
        return
    first = two.row(0, named=True)
    lines = first["_lines"]
    label = "UPN" if pupils.key == "upn" else "MIS id"
    raise input_error(
        f"{label} {first[pupils.key]} is listed more than once with different values "
        f"({unit(pupils.path)}s {', '.join(map(str, lines[:5]))})",
        file=pupils.path,
        line=lines[1],
        column=pupils.headers[pupils.key],
        hint="keep one row per pupil",
    )


def _overlap(
    spells: pl.DataFrame, key: str, label: str, file: str, headers: dict[str, str]
) -> None:
    """Refuse a pupil's spells on roll (of one school, oldest first) that overlap."""
    joined, left = spells.get_column("joined"), spells.get_column("left")
    n = spells.height
    overlap = next(
        (i for i in range(1, n) if left[i - 1] is None or joined[i] <= left[i - 1]), None
    )
    if overlap is None:
        return

    def spell(i: int) -> str:
        start, end = joined[i], left[i]
        return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}" if end else f"from {start:%d/%m/%Y}"

    shown = ", ".join(spell(i) for i in range(n - 1)) + f" and {spell(n - 1)}"
    lines = sorted(spells.get_column("line").to_list())
    raise input_error(
        f"{label} {spells.get_column(key)[0]} is listed {'twice' if n == 2 else f'{n} times'}, "
        f"on roll {shown} (lines {', '.join(map(str, lines[:5]))}): the spells overlap "
        + (
            f"(the one from {joined[overlap - 1]:%d/%m/%Y} has no leaving date)"
            if left[overlap - 1] is None
            else f"(the one to {left[overlap - 1]:%d/%m/%Y} ends after the next begins, "
            f"{joined[overlap]:%d/%m/%Y})"
        )
        + ", so which days the pupil was on roll is not known",
        file=file,
        line=lines[1],
        column=headers[key],
        hint="give each spell its leaving date, before the next joining date (a pupil who "
        "left and came back), or one row for one time on roll",
    )
