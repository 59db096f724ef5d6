"""Whether an export is the workspace's school's (docs/decisions.md, "An export of another
school").

An export may name its school: Integris's title row ``School: Oakfield Academy``, or a
School column (a trust's export; its value a name, a URN or a DfE number).  Read with
another school's workspace, its pupils went into that school's LA file and letters under
that school's name, without a word.  :func:`check_export_school` stops it, where one
config applies to the whole export.

What counts as the same school (:func:`same_school`):

- a URN, where the export and the workspace both have one, decides (equal: the same
  school, whatever the names; different: another school); else a DfE number the same way;
- else the names, by :func:`same_school_name`, the export's name against the workspace's
  ``[school] name``, each of its ``[school] export_names`` and, for a trust's school, its
  ``[schools.KEY]`` key;
- nothing to compare (no name in the workspace yet, or only a URN on one side): not said.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from attcli.config import Config, School
    from attcli.loaders import LoadResult

#: the endings one name may have and the other not, as words (:func:`same_school_name`)
ENDINGS = (("school",), ("academy",), ("primary", "school"))

_JOINING = re.compile(r"['’‘`.]")  # St Mary's = St Marys, C.E. = CE
_WORD = re.compile(r"[^\W_]+")
_URN = re.compile(r"\d{6}")
_DFE = re.compile(r"(\d{3})\s*[/-]?\s*(\d{4})")
#: a URN written in a name: "Oakfield Academy (URN 100002)"
_URN_IN = re.compile(r"\burn\b\W*(\d{6})\b", re.IGNORECASE)


def name_words(name: str) -> tuple[str, ...]:
    """A school's name as compared: its words, casefolded, ``&`` as ``and``, ``St`` as
    ``saint``, apostrophes and full stops dropped (``St. Mary's C.E.`` is ``saint marys
    ce``), any other punctuation or run of spaces one space."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = _WORD.findall(_JOINING.sub("", text))
    return tuple("saint" if w == "st" else w for w in words)


def same_school_name(a: str, b: str) -> bool:
    """Whether two names are one school's: the same words (:func:`name_words`), or one is
    the other and an ending of :data:`ENDINGS` ("Riverside Primary School" is "Riverside
    Primary" and "Riverside"; "Oakfield Academy" is "Oakfield").  Nothing more: "Oakfield
    Academy" and "Oakfield School" each have their own ending and are two schools, and
    "Riverside Primary" is not "Riverside" ("Primary" alone is no ending)."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    for longer, shorter in ((wa, wb), (wb, wa)):
        for end in ENDINGS:
            if longer[-len(end):] == end and longer[: -len(end)] == shorter:
                return True
    return False


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _filled(value: str) -> str:
    """A detail of the config, or '' while it is an ``attcli init`` placeholder."""
    from attcli.config import PLACEHOLDER

    return "" if PLACEHOLDER.casefold() in value.casefold() else value.strip()


def same_school(value: str, school: School, key: str = "") -> bool | None:
    """Whether ``value`` (the school an export names) is ``school`` (``key``: its
    ``[schools.KEY]`` key, if a trust's): True, False, or None when there is nothing to
    compare (see the module's rules)."""
    from attcli.config import School as _School

    text = value.strip()
    urn = dfe = ""
    if _URN.fullmatch(text):
        urn, text = text, ""
    elif m := _DFE.fullmatch(text):
        dfe, text = m[1] + m[2], ""
    elif m := _URN_IN.search(text):
        urn = m[1]
        text = (text[: m.start()] + text[m.end():]).strip(" ()[],;:-")
    ours_urn = _digits(_filled(school.urn))
    if urn and ours_urn:
        return urn == ours_urn
    ours_dfe = _digits(_filled(school.dfe_number))
    if dfe and len(ours_dfe) == 7:
        return dfe == ours_dfe
    name = _filled(school.name)
    if not text or name in ("", _School.name):
        return None
    names = [name, *school.export_names]
    if any(same_school_name(text, n) for n in names):
        return True
    return bool(key) and name_words(text) == name_words(key)


def check_export_school(loaded: LoadResult, config: Config) -> None:
    """Stop (one line, before anything is written) when an export names a school that is
    not the one ``config`` is for.  Only where one config applies to the whole export: a
    trust's workspace (``[schools]``) is compared only for exports that its ``files``
    patterns give to one school (a shared export is split by its School column,
    :mod:`attcli.school_split`, which checks each value); and a load whose School values
    name two or more schools is a multi-school register (a trust's export read as one,
    which ``summary`` refuses and ``check`` lists by school), not compared."""
    from attcli.errors import AttcliError

    school, key = config.school, config.school_key
    if config.schools:
        groups, shared = config.split_files([r.path for r in loaded.files])
        if len(groups) != 1 or shared:
            return
        key = groups[0][0]
        school = next(x.school for x in config.schools if x.key == key)
    named = [r for r in loaded.files if r.names_school]
    if not named or (_filled(school.name) in ("", "School") and not _filled(school.urn)):
        return
    paths = [r.path for r in named]
    values = (
        loaded.register.filter(
            pl.col("school").is_not_null() & pl.col("source").cast(pl.Utf8).is_in(paths)
        )
        .group_by(pl.col("source").cast(pl.Utf8), pl.col("school").cast(pl.Utf8))
        .agg(pl.col("line").min())
        .sort(pl.col("source").replace_strict(paths, list(range(len(paths)))), "line")
    )
    if not _one_school(values.get_column("school").unique(maintain_order=True).to_list()):
        return  # a register of several schools: not one school's, nor one config's
    titles = {r.path: (r.title_school, r.title_line) for r in named}
    for source, value, line in values.iter_rows():
        if same_school(value, school, key) is not False:
            continue
        title, title_line = titles.get(source, (None, None))
        from_title = title is not None and value == title
        where = f"{source}, {_unit(source)} {title_line if from_title else line}"
        how = "its title row" if from_title else "its School column"
        ours = school.name if _filled(school.name) else "a school"
        ids = [f"URN {school.urn}"] if _filled(school.urn) else []
        if config.path is not None:
            ids.append(str(config.path))
        ours += f" ({', '.join(ids)})" if ids else ""
        section = f"[schools.{key}]" if key else "[school]"
        raise AttcliError(
            f"{where}: the export names its school {value!r} ({how}), but this workspace "
            f"is for {ours}: run with that school's workspace (--workspace DIR or --config "
            f"FILE); if it is the same school under another name, add {value!r} to "
            f"{section} export_names in the config (docs/decisions.md)"
        )


def _one_school(values: list[str]) -> bool:
    """Whether the School values of a load are one school's, written one way or several
    (:func:`same_school_name`; the same URN or DfE number; the same text)."""
    def same(a: str, b: str) -> bool:
        if a.strip().casefold() == b.strip().casefold() or same_school_name(a, b):
            return True
        number = _URN.fullmatch(a.strip()) or _DFE.fullmatch(a.strip())
        return number is not None and _digits(a) == _digits(b)

    return all(same(v, values[0]) for v in values[1:])


def _unit(path: str) -> str:
    from attcli.loaders._errors import unit

    return unit(path)
