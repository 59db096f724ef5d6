"""Pupil attributes for cohorts: from the register export, or a separate pupil list.

A pupil list (``--pupils FILE``) is any CSV/xlsx table with a UPN column and some of
gender, SEN status, FSM, pupil premium, EAL and CLA (header aliases as for register
exports; it is read by :func:`attcli.loaders.read_pupil_list`).  Where both give a value,
the pupil list wins: it is the file made for the purpose.  Values are normalised so that
the same cohort is recognised whatever the MIS writes (``F``/``Female``/``Girl``;
``K``/``SEN support``; ``Y``/``Yes``/``1``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from attcli.errors import InputError
from attcli.loaders import PupilList, read_pupil_list
from attcli.register import ATTRIBUTE_COLUMNS

__all__ = ["PupilList", "normalise_attributes", "read_pupils"]

#: The cohort attributes, in report order.
ATTRIBUTES = tuple(ATTRIBUTE_COLUMNS)
YES_NO = tuple(a for a, t in ATTRIBUTE_COLUMNS.items() if t == pl.Boolean)


SEN_NONE = "None"
SEN_SUPPORT = "SEN support"
SEN_EHCP = "EHC plan"
#: SEN recorded without its type ('Y', 'Yes'): in Any SEN only
SEN_UNTYPED = "SEN (type not given)"
_SEN_VALUES = {
    "N": SEN_NONE, "NO": SEN_NONE, "NONE": SEN_NONE, "NO SEN": SEN_NONE, "FALSE": SEN_NONE,
    "0": SEN_NONE,
    "K": SEN_SUPPORT, "SEN SUPPORT": SEN_SUPPORT, "SUPPORT": SEN_SUPPORT,
    "E": SEN_EHCP, "EHC": SEN_EHCP, "EHCP": SEN_EHCP, "EHC PLAN": SEN_EHCP, "S": SEN_EHCP,
    "STATEMENT": SEN_EHCP,
    "Y": SEN_UNTYPED, "YES": SEN_UNTYPED, "TRUE": SEN_UNTYPED, "1": SEN_UNTYPED,
}  # fmt: skip
#: The census's descriptions of the SEN provision codes, as an MIS may export them in
#: place of the code, alone or after it ("K - SEN Support"); Arbor's "Monitoring" is
#: output as N ("not counted as SEN students").
_SEN_DESCRIPTIONS = {
    "N": (SEN_NONE, ("NO SPECIAL EDUCATIONAL NEED", "NO SPECIAL EDUCATIONAL NEEDS", "MONITORING")),
    "K": (SEN_SUPPORT, ("SEN SUPPORT",)),
    "E": (SEN_EHCP, ("EDUCATION HEALTH AND CARE PLAN", "EHC PLAN")),
    "S": (SEN_EHCP, ("STATEMENT",)),
}
_SEN_VALUES = {
    **{key: value for code, (value, words) in _SEN_DESCRIPTIONS.items()
       for w in words for key in (w, f"{code} {w}")},
    **_SEN_VALUES,
}  # fmt: skip
_GENDER_VALUES = {"F": "Female", "FEMALE": "Female", "GIRL": "Female", "G": "Female",
                  "M": "Male", "MALE": "Male", "BOY": "Male", "B": "Male"}  # fmt: skip


def _clean(col: str) -> pl.Expr:
    s = pl.col(col).cast(pl.String).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def normalise_sen(col: str = "sen") -> pl.Expr:
    """``N`` -> ``None``; ``K`` -> ``SEN support``; ``E`` -> ``EHC plan``; other text kept;
    no value -> unknown (null).  A blank cell is ``N`` already (the loaders'
    :func:`attcli.loaders._values.sen_text`): a null here is a pupil whose export or list has no SEN
    column, whose status is not known."""
    s = _clean(col)
    # (punctuation aside: "Education, Health and Care Plan", "K - SEN Support")
    key = s.str.to_uppercase().str.replace_all(r"[^A-Z0-9]+", " ").str.strip_chars()
    return key.replace_strict(_SEN_VALUES, default=s, return_dtype=pl.String)


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


def read_pupils(path: str | Path, columns: Mapping[str, str] | None = None) -> PupilList:
    """Read a pupil list for cohorts (:func:`attcli.loaders.read_pupil_list`, which also
    checks its values); it must have a UPN column and at least one cohort column.  Gender and
    SEN values are normalised."""
    listed = read_pupil_list(path, columns)
    if listed.key != "upn":
        raise InputError(
            "the pupil list has no UPN column",
            file=str(path),
            hint="cohorts are matched to the register by UPN: give a list with a UPN column",
        )
    dates = {"joined", "left"} & set(listed.pupils.columns)
    if not listed.attributes and not dates:
        raise InputError(
            "the pupil list has no cohort columns and no joining or leaving dates",
            file=str(path),
            hint="give at least one of: Gender, SEN Status, FSM, Pupil Premium, EAL, CLA; or "
            "the dates each pupil joined and left (the time on roll, as for check)",
        )
    listed.pupils = normalise_attributes(listed.pupils)
    return listed
