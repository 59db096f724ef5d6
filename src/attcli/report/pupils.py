"""Pupil attributes for cohorts: from the register export, or a separate pupil list.

A pupil list (``--pupils FILE``) is any CSV/xlsx table with a UPN column and some of
gender, SEN status, FSM, pupil premium, EAL and CLA (header aliases as for register
exports).  Where both give a value, the pupil list wins: it is the file made for the
purpose.  Values are normalised so that the same cohort is recognised whatever the MIS
writes (``F``/``Female``/``Girl``; ``K``/``SEN support``; ``Y``/``Yes``/``1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from attcli.errors import InputError
from attcli.register import ATTRIBUTE_COLUMNS

#: The cohort attributes, in report order.
ATTRIBUTES = tuple(ATTRIBUTE_COLUMNS)
YES_NO = tuple(a for a, t in ATTRIBUTE_COLUMNS.items() if t == pl.Boolean)

#: The pupil-list fields read (header aliases: those of register exports).
LIST_FIELDS = ("upn", "surname", "forename", "name", "dob", "year_group", "reg_group", *ATTRIBUTES)

SEN_NONE = "None"
SEN_SUPPORT = "SEN support"
SEN_EHCP = "EHC plan"
_SEN_VALUES = {
    "N": SEN_NONE, "NO": SEN_NONE, "NONE": SEN_NONE, "NO SEN": SEN_NONE, "FALSE": SEN_NONE,
    "0": SEN_NONE,
    "K": SEN_SUPPORT, "SEN SUPPORT": SEN_SUPPORT, "SUPPORT": SEN_SUPPORT,
    "E": SEN_EHCP, "EHC": SEN_EHCP, "EHCP": SEN_EHCP, "EHC PLAN": SEN_EHCP, "S": SEN_EHCP,
    "STATEMENT": SEN_EHCP,
    "Y": "SEN (type not given)", "YES": "SEN (type not given)", "TRUE": "SEN (type not given)",
    "1": "SEN (type not given)",
}  # fmt: skip
_GENDER_VALUES = {"F": "Female", "FEMALE": "Female", "GIRL": "Female", "G": "Female",
                  "M": "Male", "MALE": "Male", "BOY": "Male", "B": "Male"}  # fmt: skip


def _clean(col: str) -> pl.Expr:
    s = pl.col(col).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def normalise_sen(col: str = "sen") -> pl.Expr:
    """``N``/blank -> ``None``; ``K`` -> ``SEN support``; ``E`` -> ``EHC plan``; other text kept."""
    s = _clean(col)
    key = s.str.to_uppercase().str.replace_all(r"\s+", " ")
    return (
        pl.when(s.is_null())
        .then(pl.lit(SEN_NONE))
        .otherwise(key.replace_strict(_SEN_VALUES, default=s, return_dtype=pl.String))
    )


def normalise_gender(col: str = "gender") -> pl.Expr:
    """``F``/``Female``/``Girl`` -> ``Female``, ``M``/``Male``/``Boy`` -> ``Male``; other text
    kept; blank -> unknown (null)."""
    s = _clean(col)
    key = s.str.to_uppercase()
    return key.replace_strict(_GENDER_VALUES, default=s, return_dtype=pl.String)


def normalise_attributes(frame: pl.DataFrame) -> pl.DataFrame:
    """Normalise whichever of gender and sen ``frame`` holds (yes/no fields are booleans)."""
    exprs = []
    if "gender" in frame.columns:
        exprs.append(normalise_gender().alias("gender"))
    if "sen" in frame.columns:
        exprs.append(normalise_sen().alias("sen"))
    return frame.with_columns(exprs) if exprs else frame


@dataclass
class PupilList:
    """A pupil list: one row per UPN with the attributes it gives (normalised)."""

    path: str
    #: upn, name (``Surname, Forename`` when given, else null), and the attribute columns found
    pupils: pl.DataFrame
    attributes: list[str]
    notes: list[str] = field(default_factory=list)


def read_pupils(path: str | Path) -> PupilList:
    """Read a pupil list; a bad yes/no value or a UPN given twice with different values is an
    :class:`InputError` naming the file and line."""
    # the loaders are imported here, so that building a report from a register in memory
    # does not need them
    from attcli.loaders import read_table
    from attcli.loaders._headers import PUPIL_FIELDS as HEADER_ALIASES
    from attcli.loaders._values import YES_NO_TEXT, yes_no_exprs

    fields = {f: HEADER_ALIASES[f] for f in LIST_FIELDS}
    frame, skipped = read_table(path, fields, required=["upn"])
    file = str(path)
    attrs = [a for a in ATTRIBUTES if a in frame.columns]
    if not attrs:
        raise InputError(
            "the pupil list has no cohort columns",
            file=file,
            hint="give at least one of: Gender, SEN Status, FSM, Pupil Premium, EAL, CLA",
        )
    exprs: list[pl.Expr] = [pl.col("upn").str.to_uppercase(), pl.col("line")]
    if "surname" in frame.columns and "forename" in frame.columns:
        exprs.append(
            pl.concat_str(
                [pl.col("surname").fill_null(""), pl.col("forename").fill_null("")], separator=", "
            ).alias("name")
        )
    elif "name" in frame.columns:
        exprs.append(pl.col("name"))
    else:
        exprs.append(pl.lit(None, pl.String).alias("name"))
    for a in attrs:
        if a in YES_NO:
            value, bad = yes_no_exprs(a)
            rows = frame.filter(bad)
            if rows.height:
                raise InputError(
                    "not a yes/no value",
                    file=file,
                    line=rows.get_column("line")[0],
                    column=a,
                    value=rows.get_column(a)[0],
                    hint=f"write {YES_NO_TEXT}",
                )
            exprs.append(value.alias(a))
        else:
            exprs.append(pl.col(a))
    pupils = normalise_attributes(frame.select(exprs))
    dup = pupils.filter(pl.col("upn").is_duplicated())
    if dup.height:
        conflicting = (
            dup.group_by("upn")
            .agg(pl.struct(attrs).n_unique().alias("_n"), pl.col("line").min())
            .filter(pl.col("_n") > 1)
            .sort("line")
        )
        if conflicting.height:
            first = conflicting.row(0, named=True)
            raise InputError(
                f"UPN {first['upn']} is listed more than once with different values",
                file=file,
                line=first["line"],
                hint="keep one row per pupil",
            )
        pupils = pupils.unique("upn", keep="first", maintain_order=True)
    notes = [f"{file}: {s}" for s in skipped]
    return PupilList(file, pupils.drop("line"), attrs, notes)
