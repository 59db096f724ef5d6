"""Whether an export is the workspace's school's (docs/decisions.md, "An export of another
school").

An export may name its school: Integris's title row ``School: Oakfield Academy``, or a
School column (a trust's export; its value a name, a URN or a DfE number).  Read with
another school's workspace, its pupils went into that school's LA file and letters under
that school's name, without a word.  :func:`check_export_school` stops it, where one
config applies to the whole export; but a school's own export refused stops its weekly
routine, so it refuses only what is clearly another school, and says the doubtful.

What the school an export names is (:func:`same_school`, one of :data:`SAME`,
:data:`RENUMBERED`, :data:`OTHER`, :data:`UNSURE`, :data:`UNKNOWN`):

- SAME when a name in ``[school] export_names`` is it, with or without its number;
- a URN (six digits) or a DfE number (``NNN/NNNN``, ``NNN-NNNN`` or seven digits) only
  where it is clearly one (:func:`school_numbers`: labelled, alone in brackets, leading,
  or the whole value; never a phone or centre number): SAME when it is the workspace's;
  when it is another, RENUMBERED (said, not refused: an academy conversion keeps the
  name and changes the URN) where the names are the same school, else OTHER (another
  name under another number is another school, a distinctive word shared or not).  A number only rescues: a name is never refused for its number alone;
- else its name (without those numbers), against the workspace's ``[school] name``, each
  of its ``[school] export_names`` and, for a trust's school, its ``[schools.KEY]`` key:
  SAME when one is the same name (:func:`same_school_name`); else OTHER when they share no
  distinctive word (:func:`distinctive_words`: "Riverside Primary School" and "Oakfield
  Academy", "St Mary's CE Primary" and "St Joseph's RC Primary"); else UNSURE, said in a
  line but not refused ("Oakfield Primary" and "Oakfield Academy");
- UNKNOWN when there is nothing to compare (no name in the workspace yet, or only a
  number the workspace has none of).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli.config import filled, name_given
from attcli.errors import shown

if TYPE_CHECKING:
    from attcli.config import Config, School
    from attcli.errors import AttcliError
    from attcli.loaders import LoadResult

#: :func:`same_school`'s answers: the workspace's school; clearly another school (refused);
#: a name sharing a distinctive word with the school's but not its name (said, not
#: refused); nothing to compare
SAME, OTHER, UNSURE, UNKNOWN = "same", "other", "unsure", "unknown"
#: the workspace's school by its name, under another URN or DfE number (said, not refused)
RENUMBERED = "renumbered"
#: where an office reads what an export naming another school means, and export_names
WHERE_SAID = "the README's 'Exports attcli reads'"

#: the endings one name may have and the other not, as words (:func:`same_school_name`)
ENDINGS = (("school",), ("academy",), ("primary", "school"))

#: words many schools' names have, as :func:`name_words` gives them: two names sharing
#: only these are two schools ("C of E" is c, of, e; "St" is saint; "Church of England"
#: and "Roman Catholic" are CE and RC written out)
GENERIC = frozenset(
    "the school schools academy primary secondary high junior juniors infant infants "
    "nursery college community church ce c e rc roman catholic england methodist free "
    "trust federation saint of and".split()
)

_JOINING = re.compile(r"['’‘`.]")  # St Mary's = St Marys, C.E. = CE
_WORD = re.compile(r"[^\W_]+")
_URN = re.compile(r"\d{6}")
_DFE = re.compile(r"(\d{3})\s*[/-]?\s*(\d{4})")
_DFE_IN = re.compile(r"\d{3}[/-]\d{4}|\d{7}")
#: a group of digits in a name (a date's or a DfE number's "/" and "-" within it)
_DIGITS = re.compile(r"\d+(?:[/-]\d+)*")
#: the label just before a number: a word, then ":" or "#" ("URN:", "Tel.", "No",
#: "LA Estab")
_LABEL = re.compile(r"(?:\bla\s+)?(?<![^\W\d_])([^\W\d_]+)\.?\s*[:#]?\s*$", re.I)
#: ... a label's word before "No" or "Number" ("URN No", "Centre No.")
_LABEL_NO = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+(?:no|number)\.?\s*[:#]?\s*$", re.I)
#: labels saying what a number is (casefolded): the school's URN, its DfE number, or
#: something else (a phone number, an exam centre number), which is no part of its name
URN_LABELS = frozenset({"urn"})
DFE_LABELS = frozenset({"dfe", "dfes", "laestab", "estab"})
OTHER_LABELS = frozenset(
    "tel telephone phone fax ext extn extension centre center no number ref mob mobile "
    "t f".split()
)
_LABELLED = URN_LABELS | DFE_LABELS | OTHER_LABELS


def name_words(name: str) -> tuple[str, ...]:
    """A school's name as compared: its words, casefolded, ``&`` as ``and``, ``St`` as
    ``saint``, apostrophes and full stops dropped (``St. Mary's C.E.`` is ``saint marys
    ce``), any other punctuation or run of spaces one space."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = _WORD.findall(_JOINING.sub("", text))
    return tuple("saint" if w == "st" else w for w in words)


def distinctive_words(name: str) -> frozenset[str]:
    """The words of ``name`` (:func:`name_words`) that are not :data:`GENERIC`: what tells
    one school from another ("St Mary's CE Primary": ``marys``)."""
    return frozenset(name_words(name)) - GENERIC


def _forms(name: str) -> list[tuple[str, ...]]:
    """The ways ``name`` is compared: its words, and those before each comma ("Oakfield
    Academy, Exampletown": a town after the name), each without a leading "The"."""
    parts = name.split(",")
    forms = []
    for n in range(len(parts), 0, -1):
        words = name_words(",".join(parts[:n]))
        if words[:1] == ("the",):
            words = words[1:]
        if words and words not in forms:
            forms.append(words)
    return forms


def same_school_name(a: str, b: str) -> bool:
    """Whether two names are one school's: the same words (:func:`name_words`), or one is
    the other and an ending of :data:`ENDINGS` ("Riverside Primary School" is "Riverside
    Primary" and "Riverside"; "Oakfield Academy" is "Oakfield"); a leading "The" dropped,
    and a name's words before a comma are the name ("The Oakfield Academy, Exampletown"
    is "Oakfield Academy").  Nothing more: "Oakfield Academy" and "Oakfield School" each
    have their own ending, and "Riverside Primary" is not "Riverside" ("Primary" alone is
    no ending); :func:`same_school` says such names, without refusing them."""
    return any(_same_words(wa, wb) for wa in _forms(a) for wb in _forms(b))


def _same_words(wa: tuple[str, ...], wb: tuple[str, ...]) -> bool:
    if wa == wb:
        return True
    for longer, shorter in ((wa, wb), (wb, wa)):
        for end in ENDINGS:
            if longer[-len(end):] == end and longer[: -len(end)] == shorter:
                return True
    return False


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def school_numbers(value: str) -> tuple[list[str], list[str], str]:
    """The URNs and DfE numbers (their digits) ``value`` gives, and the name left without
    them.  The whole value a URN or DfE number (a School column's ``100001``, ``999
    4001``) is one; in a name, six digits are a URN, and ``NNN/NNNN``, ``NNN-NNNN`` or
    seven digits a DfE number, only when labelled (``URN 123456``, ``URN: 123456``; ``DfE``,
    ``LAESTAB``), alone in brackets (``(123456)``) or at the very start (``123456
    Oakfield Academy``); never after another label (``Tel``, ``Fax``, ``Ext``, ``No``,
    ``Centre``: :data:`OTHER_LABELS`) nor next to another group of digits (a phone
    number's ``01632 960000``).  A labelled number, with its label, is not part of the
    name; any other is left in it."""
    text = value.strip()
    if _URN.fullmatch(text):
        return [text], [], ""
    if m := _DFE.fullmatch(text):
        return [], [m[1] + m[2]], ""
    groups = list(_DIGITS.finditer(text))
    urns: list[str] = []
    dfes: list[str] = []
    cut: list[tuple[int, int]] = []  # spans left out of the name
    dropping = False  # in a labelled other number, its digit groups one after another
    for i, m in enumerate(groups):
        before, after = text[: m.start()], text[m.end():]
        glued = before[-1:].isalnum() or after[:1].isalnum()  # "Room101", "123456a"
        prev_next = before.endswith((" ", "\t")) and before.rstrip()[-1:].isdigit()
        next_next = after[:1].isspace() and after.lstrip()[:1].isdigit()
        if dropping and prev_next:
            cut.append((groups[i - 1].end(), m.end()))
            continue
        dropping = False
        label = _LABEL.search(before)
        word = label[1].casefold() if label else ""
        if (longer := _LABEL_NO.search(before)) and longer[1].casefold() in _LABELLED:
            label, word = longer, longer[1].casefold()
        labelled = word in URN_LABELS | DFE_LABELS
        if word in OTHER_LABELS and not glued:
            cut.append((label.start(), m.end()))
            dropping = True
            continue
        if glued or prev_next or next_next:
            continue
        bracketed = before.rstrip().endswith(("(", "[")) and after.lstrip().startswith(
            (")", "]")
        )
        if not (labelled or bracketed or not before.strip()):
            continue
        number = m[0]
        if _URN.fullmatch(number) and word not in DFE_LABELS:
            urns.append(number)
        elif _DFE_IN.fullmatch(number) and word not in URN_LABELS:
            dfes.append(_digits(number))
        else:
            continue
        if labelled:
            cut.append((label.start(), m.end()))
        elif bracketed:  # the brackets too
            cut.append((len(before.rstrip()) - 1, len(text) - len(after.lstrip()) + 1))
        else:
            cut.append((m.start(), m.end()))
    name, end = [], 0
    for start, stop in cut:
        name.append(text[end:start])
        end = stop
    name.append(text[end:])
    return urns, dfes, " ".join(name)


def same_school(value: str, school: School, key: str = "") -> str:
    """What ``value`` (the school an export names) is to ``school`` (``key``: its
    ``[schools.KEY]`` key, if a trust's): :data:`SAME`, :data:`RENUMBERED`,
    :data:`OTHER`, :data:`UNSURE` or :data:`UNKNOWN` (see the module's rules)."""
    urns, dfes, text = school_numbers(value)
    # a name the school's exports are listed as using, with or without its number
    if any(same_school_name(t, n) for t in (value, text) for n in school.export_names):
        return SAME
    ours_urn = _digits(filled(school.urn))
    ours_dfe = _digits(filled(school.dfe_number))
    if (ours_urn and ours_urn in urns) or (len(ours_dfe) == 7 and ours_dfe in dfes):
        return SAME
    by_name = _by_name(text, school, key)
    if (urns and ours_urn) or (dfes and len(ours_dfe) == 7):  # another number
        # the same name under another number (an academy conversion keeps the name and
        # changes the URN) is said; another name under another number is another school,
        # a distinctive word shared or not ("Oakfield Primary School (URN 100002)" is not
        # Oakfield Academy, URN 123456): refused, and export_names says it is ours
        return RENUMBERED if by_name == SAME else OTHER
    return by_name


def _by_name(text: str, school: School, key: str) -> str:
    """:func:`same_school` on the names alone."""
    name = name_given(school)
    if not name_words(text) or not name:
        return UNKNOWN
    names = [name, *school.export_names]
    if any(same_school_name(text, n) for n in names):
        return SAME
    if key and name_words(text) == name_words(key):
        return SAME
    words = distinctive_words(text)
    if not words or any(words & distinctive_words(n) for n in names):
        return UNSURE
    if any(not distinctive_words(n) for n in names):
        return UNSURE  # a name of generic words only: nothing tells the two apart
    return OTHER


def check_export_school(loaded: LoadResult, config: Config) -> None:
    """Stop (one line, before anything is written) when an export names a school that is
    clearly not the one ``config`` is for (:data:`OTHER`); add a line to the load's
    warnings when it names one like it but not the same (:data:`UNSURE`), or the same
    under another URN or DfE number (:data:`RENUMBERED`, naming both).  Only where one
    config applies to the whole export: a
    trust's workspace (``[schools]``) is compared only for exports that its ``files``
    patterns give to one school (a shared export is split by its School column,
    :mod:`attcli.school_split`, which checks each value); and a load whose School values
    name two or more schools is a multi-school register (a trust's export read as one),
    not compared: :func:`require_one_school` refuses it as such."""
    from attcli.errors import AttcliError

    school, key = config.school, config.school_key
    if config.schools:
        groups, shared = config.split_files([r.path for r in loaded.files])
        if len(groups) != 1 or shared:
            return
        key = groups[0][0]
        school = config.section(key).school
    named = [r for r in loaded.files if r.names_school]
    if not named or (not name_given(school) and not filled(school.urn)):
        return
    paths = [r.path for r in named]
    values = (
        loaded.register.filter(
            pl.col("school").is_not_null() & pl.col("source").is_in(paths)
        )
        .group_by(pl.col("source").cast(pl.Utf8), pl.col("school").cast(pl.Utf8))
        .agg(pl.col("line").min())
        .sort(pl.col("source").replace_strict(paths, list(range(len(paths)))), "line")
    )
    if not _one_school(values.get_column("school").unique(maintain_order=True).to_list()):
        return  # a register of several schools: not one school's, nor one config's
    titles = {r.path: (r.title_school, r.title_line) for r in named}
    section = f"[schools.{key}]" if key else "[school]"
    for source, value, line in values.iter_rows():
        verdict = same_school(value, school, key)
        if verdict in (SAME, UNKNOWN):
            continue
        title, title_line = titles.get(source, (None, None))
        from_title = title is not None and value == title
        where = f"{shown(str(source))}, {_unit(source)} {title_line if from_title else line}"
        how = "its title row" if from_title else "its School column"
        if verdict == RENUMBERED:
            loaded.warnings.append(
                f"{where}: the export names its school {value!r} ({how}), "
                f"{_other_numbers(value, school)}, but the same school by its name: read "
                f"as this workspace's {school.name!r} (an academy conversion keeps the "
                "name and changes the URN, and an MIS may keep the old one); if it is "
                "another school, run with its workspace (--workspace DIR or --config "
                f"FILE); if it is the same, add {value!r} to {section} export_names in the "
                f"config and this is not said again ({WHERE_SAID})"
            )
            continue
        if verdict == UNSURE:
            loaded.warnings.append(
                f"{where}: the export names its school {value!r} ({how}), not this "
                f"workspace's {school.name!r} but like it: read as that school's; if it "
                f"is another school, run with its workspace (--workspace DIR or --config "
                f"FILE); if it is the same, add {value!r} to {section} export_names in the "
                f"config and this is not said again ({WHERE_SAID})"
            )
            continue
        ours = school.name if filled(school.name) else "a school"
        ids = [f"URN {school.urn}"] if filled(school.urn) else []
        if config.path is not None:
            ids.append(shown(str(config.path)))
        ours += f" ({', '.join(ids)})" if ids else ""
        raise AttcliError(
            f"{where}: the export names its school {value!r} ({how}), but this workspace "
            f"is for {ours}: run with that school's workspace (--workspace DIR or --config "
            f"FILE); if it is the same school under another name, add {value!r} to "
            f"{section} export_names in the config ({WHERE_SAID})"
        )


def check_export_folders(paths: Sequence[str | Path], config: Config) -> None:
    """Stop (one line, before anything is written) when an export lies in another school's
    workspace: the nearest folder holding an ``attcli.toml``, at or above the export's,
    is not this run's workspace, and none of the schools its config names (``[school]``,
    ``[schools.KEY]``) is one of this run's by URN or by name (:func:`same_school`'s
    rules: another URN under the same name is the same school renumbered; names sharing
    a distinctive word are not refused).  An Arbor export names no school, and run from
    Oakfield's folder on ``..\\Riverside\\exports\\register.csv`` its pupils were judged
    by Oakfield's term dates and bands and written to under Oakfield's letterhead.
    Nothing is said with no workspace (the default settings, said on the workspace
    line), with one chosen on the command line (``--workspace``, ``--config``: the
    office's choice, as the workspace line's rule has it), for a workspace with no school
    named yet, or a folder whose config cannot be
    read or names no school."""
    from attcli.errors import AttcliError
    from attcli.workspace import CONFIG_NAME, HOW_CONFIG, HOW_OPTION

    ws = config.workspace
    if config.path is None or ws is None or ws.how in (HOW_OPTION, HOW_CONFIG):
        return  # (a workspace chosen on the command line is not second-guessed)
    ours = [config.school, *(x.school for x in config.schools)]
    if not any(name_given(s) or filled(s.urn) for s in ours):
        return
    mine = Path(config.path)
    seen: set[Path] = set()
    for given in paths:
        try:
            folder = Path(given).resolve().parent
        except OSError:
            continue
        for at in (folder, *folder.parents):
            found = at / CONFIG_NAME
            try:
                if not found.is_file():
                    continue
                if os.path.samefile(found, mine):
                    break
            except OSError:
                break
            if found in seen:
                break
            seen.add(found)
            theirs = _schools_of(found)
            if not theirs or any(
                _same_one(name, urn, school) for name, urn in theirs for school in ours
            ):
                break
            name, urn = theirs[0]
            who = ", ".join(x for x in (name, f"URN {urn}" if urn else "") if x)
            mine_is = ", ".join(
                x
                for x in (
                    name_given(config.school),
                    f"URN {filled(config.school.urn)}" if filled(config.school.urn) else "",
                    shown(str(config.path)),
                )
                if x
            )
            from attcli.output import command_arg

            raise AttcliError(
                f"{shown(str(given))} lies in the workspace {shown(str(at))} ({who}), not this run's ({mine_is}): run "
                f"with that school's workspace (--workspace {command_arg(str(at))}); if the export is this "
                "school's, move it out of that folder"
            )


def _schools_of(found: Path) -> list[tuple[str, str]]:
    """The schools (name, URN) the config ``found`` names, each filled in; [] when it
    cannot be read or names none."""
    import tomllib

    try:
        data = tomllib.loads(found.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    tables = [data.get("school")]
    schools = data.get("schools")
    if isinstance(schools, dict):
        tables += list(schools.values())
    out = []
    for table in tables:
        if not isinstance(table, dict):
            continue
        name = filled(str(table.get("name", "")))
        urn = filled(str(table.get("urn", "")))
        if name or urn:
            out.append((name, urn))
    return out


def _same_one(name: str, urn: str, school: School) -> bool:
    """Whether the school ``name`` (URN ``urn``) may be ``school``: the same URN, or a name
    :func:`_by_name` does not call another school's."""
    ours_urn = _digits(filled(school.urn))
    if urn and ours_urn and _digits(urn) == ours_urn:
        return True
    if not name:
        return not (urn and ours_urn)  # a URN alone, another: another school
    return _by_name(name, school, "") != OTHER


def _other_numbers(value: str, school: School) -> str:
    """The numbers ``value`` gives that are not ``school``'s, each with the school's:
    "URN 100001, not this workspace's URN 123456"."""
    urns, dfes, _ = school_numbers(value)
    said = []
    if urns and (ours := filled(school.urn)):
        said.append(f"URN {', '.join(urns)}, not this workspace's URN {ours}")
    if dfes and len(_digits(ours := filled(school.dfe_number))) == 7:
        shown = ", ".join(f"{d[:3]}/{d[3:]}" for d in dfes)
        said.append(f"DfE number {shown}, not this workspace's {ours}")
    return "; ".join(said)


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


def several_schools(names: list[str], trust: bool = False) -> AttcliError:
    """The one line for exports holding the schools ``names`` (as their School column or
    title rows write them) read together where one output is one school's: a one-school
    workspace, or a trust's (``trust``) without ``--per-school``.  Every command says it
    the same way (:func:`require_one_school`; a summary's and a report's own checks)."""
    from attcli.errors import AttcliError

    names = sorted(names)
    said = f"the exports hold {len(names)} schools ({', '.join(names)}): "
    if not trust:
        return AttcliError(
            said + "this workspace is one school's; give that school's export, or use the "
            "trust's workspace with --per-school"
        )
    return AttcliError(
        said + "each school's pupils are judged by its own [schools.KEY] settings (bands, "
        "term dates, thresholds), so one output of them all is no school's; run with "
        "--per-school DIR (check, cme, register-check, la-return, letters: one output a "
        "school), or give one school's own export"
    )


def require_one_school(loaded: LoadResult, config: Config) -> None:
    """Stop (one line, before anything is written) when exports read with one config hold
    several schools' rows (DOMAIN.md 3, 6, 8: bands, the CME list and the register check's
    threshold are each school's own): School values naming two schools or more
    (:func:`several_schools`).  In a one-school workspace its check listed another
    school's pupils as its own, under its own bands, and recorded them in its history;
    its letters went out on its letterhead.  In a trust's workspace (``[schools]``, or a
    school's config from it), the trust's line, which says to use ``--per-school``; and
    there, a shared export (no ``files`` pattern matches it) is read with the workspace's
    settings, so it is refused even when it holds one school's rows (run it as that
    school's by its file name, or with ``--per-school``).  Exports its ``files`` patterns
    give to one school are that school's: :func:`check_export_school` compares them.
    :func:`attcli.cliutil.per_school` splits a shared load itself."""
    from attcli.errors import AttcliError

    trust = bool(config.schools or config.school_key)
    shared = config.split_files([r.path for r in loaded.files])[1] if config.schools else []
    if shared:
        from attcli.school_split import school_parts

        parts = school_parts(loaded, config)  # each value one school, or a one-line error
        if len(parts) > 1:
            raise several_schools([p.value for p in parts.values()], trust=True)
        for key, part in parts.items():
            section = config.section(key)
            raise AttcliError(
                f"{', '.join(part.files)}: its School column names one school, {key} "
                f"({section.school.name}), but a shared export (no files pattern matches "
                f"its name) is read with the trust's settings, not {key}'s own: give it a "
                f"name [schools.{key}] files matches ({', '.join(section.files)}), or run "
                "with --per-school DIR"
            )
    values = (
        loaded.register.get_column("school")
        .drop_nulls()
        .cast(pl.Utf8)
        .unique(maintain_order=True)
        .to_list()
    )
    if len(values) < 2 or _one_school(values):
        return
    key = config.school_key if not config.schools else ""
    if config.schools:
        groups = config.split_files([r.path for r in loaded.files])[0]
        key = groups[0][0] if len(groups) == 1 else ""
    if key:
        # a trust's school, its files by their names: "run with --per-school" was the
        # option given (a file a school's pattern takes is that school's, never split)
        names = sorted(values)
        files = ", ".join(shown(r.path) for r in loaded.files)
        raise AttcliError(
            f"the exports hold {len(names)} schools ({', '.join(names)}): {files} is "
            f"{key}'s by its file name ([schools.{key}] files), and one school's file is "
            "never split; give a trust's export of several schools a name no school's "
            "files pattern matches (it is then split by its School column with --per-school "
            f"DIR), or give {key}'s own export"
        )
    raise several_schools(values, trust=trust)
