"""The ``[letters]`` table of the config."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from attcli.codes import CODES, LEGACY_CODES, Category, subcode_slip
from attcli.config import LETTERS_KEYS as KNOWN
from attcli.config import Config, fraction_slip
from attcli.errors import ConfigError

#: The letters ``attcli letters`` sends that are no band's (a band's is ``Band.letter``).
PRAISE = "praise"
LATENESS = "lateness"
PN_WARNING = "penalty_notice_warning"
NOT_BAND_LETTERS = (PRAISE, LATENESS, PN_WARNING)

#: Absence the school agreed or cannot blame on the family (DOMAIN.md 9): a part-time
#: timetable (C2), illness (I), medical appointments (M), and the other leave of absence the
#: school grants under the 2024 regulations (C1 performance or employment abroad, J1
#: interview, S study leave, C exceptional circumstances), a suspension (E), the legacy
#: H and F, and the absence the law does not blame on the family (Education Act 1996
#: s.444(3)(c) and (6): R religious observance, T a parent travelling for their work).
#: See docs/decisions.md.
DEFAULT_HOLD_CODES = ("C2", "I", "M", "C1", "J1", "S", "C", "H", "F", "E", "R", "T")
DEFAULT_HOLD_SHARE = Fraction(50)
#: The shipped letters that warn of a meeting, a penalty notice or prosecution (DOMAIN.md 9:
#: these are the ones wrong for a pupil whose absence the school agreed or is illness).
#: The amber letter asks for better attendance and offers help: it is sent.
DEFAULT_HOLD_TEMPLATES = ("red", "severe", "penalty_notice_warning")


def contact_columns(config: Config) -> dict[str, str]:
    """``[letters.contact_columns]``: contact field = the exact header in the school's contacts
    export.  Every command that reads ``--contacts`` reads it with these
    (:func:`attcli.contacts.read_contacts`), so only this key of ``[letters]`` is
    checked here: a command that writes no letter is not stopped by the letters' settings."""
    raw: Any = config.sections.get("letters", {})
    if not isinstance(raw, Mapping):
        raise ConfigError("letters", "expected a [letters] table", file=config.path)
    cols = raw.get("contact_columns", {})
    if not isinstance(cols, Mapping) or not all(isinstance(v, str) for v in cols.values()):
        raise ConfigError(
            "letters.contact_columns",
            'expected a table of field = "Header in your export"',
            file=config.path,
        )
    return dict(cols)


def letters_sent(config: Config) -> set[str]:
    """The letters ``config`` can send: its bands' (a trust's schools' too), its ladder's
    steps' and :data:`NOT_BAND_LETTERS`."""
    bands = [*config.bands, *(b for x in config.schools for b in x.bands or ())]
    steps = [s.template for s in config.escalation.stages if s.template]
    return {str(b.letter).strip().lower() for b in bands if b.letter} | {
        s.strip().lower() for s in steps
    } | set(NOT_BAND_LETTERS)


def _template_names(folder: Path | None) -> set[str]:
    """The letter templates there are: attcli's own, and the school's folder's."""
    from importlib.resources import files

    shipped = files("attcli") / "templates" / "letters"
    names = {Path(f.name).stem.lower() for f in shipped.iterdir() if f.name.endswith(".html")}
    if folder is not None:
        names |= {p.stem.lower() for p in folder.glob("*.html")}
    return names


@dataclass(frozen=True)
class LetterSettings:
    templates: Path | None = None
    fonts: Path | None = None
    praise: bool = False
    praise_at_least: Fraction = Fraction(98)
    all_recipients: bool = False
    lateness: bool = True
    penalty_notice: bool = True
    signatory: str = ""
    signatory_role: str = ""
    #: a band's letter -> (name, role) of who signs it, where the band gives its own
    #: (``[[bands]] signatory``): over ``signatory`` for that letter only
    band_signatories: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    closing: str = "Yours sincerely,"
    contact_columns: Mapping[str, str] = field(default_factory=dict)
    hold_codes: tuple[str, ...] = DEFAULT_HOLD_CODES
    hold_share: Fraction = DEFAULT_HOLD_SHARE
    hold_templates: tuple[str, ...] = DEFAULT_HOLD_TEMPLATES
    certificate: bool = False
    #: the print file is printed on both sides: each letter starts on a sheet of its own
    duplex: bool = False

    @classmethod
    def from_config(cls, config: Config) -> LetterSettings:
        raw: Any = config.sections.get("letters", {})
        file = config.path

        def err(key: str, msg: str) -> ConfigError:
            return ConfigError(f"letters.{key}", msg, file=file)

        if not isinstance(raw, Mapping):
            raise ConfigError("letters", "expected a [letters] table", file=file)
        for key in raw:
            if key not in KNOWN:
                raise err(key, f"unknown key; [letters] takes: {', '.join(sorted(KNOWN))}")

        def folder(key: str) -> Path | None:
            v = raw.get(key)
            if v is None:
                return None
            if not isinstance(v, str) or not v.strip():
                raise err(key, f"expected a folder name, got {v!r}")
            p = Path(v).expanduser()
            p = p if p.is_absolute() else config.base_dir / p
            if not p.is_dir():
                raise err(key, f"the folder {str(p)!r} does not exist")
            return p

        def flag(key: str, default: bool) -> bool:
            v = raw.get(key, default)
            if not isinstance(v, bool):
                raise err(key, f"expected true or false, got {v!r}")
            return v

        def text(key: str, default: str) -> str:
            v = raw.get(key, default)
            if not isinstance(v, str):
                raise err(key, f"expected text, got {v!r}")
            return v

        pal = raw.get("praise_at_least", 98)
        if isinstance(pal, bool) or not isinstance(pal, (int, float)) or not 0 < pal <= 100:
            raise err("praise_at_least", f"expected a percentage such as 98, got {pal!r}")
        for key, value in (("praise_at_least", pal), ("hold_share", raw.get("hold_share", 50))):
            # (nan and inf, which TOML reads as numbers, are refused below, by their range)
            if (
                isinstance(value, (int, float))
                and not isinstance(value, bool)
                and math.isfinite(value)
            ):
                if slip := fraction_slip(Fraction(str(value))):
                    raise err(key, slip)
        rec = raw.get("recipients", "priority")
        if rec not in ("priority", "all"):
            raise err("recipients", f'expected "priority" or "all", got {rec!r}')
        cols = contact_columns(config)
        codes = raw.get("hold_codes", list(DEFAULT_HOLD_CODES))
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise err("hold_codes", f'expected a list of codes such as ["C2", "I"], got {codes!r}')
        absence = [
            c.code
            for c in CODES + LEGACY_CODES
            if c.category in (Category.AUTHORISED, Category.UNAUTHORISED)
        ]
        for c in codes:
            if c.strip().upper() not in absence:
                if slip := subcode_slip(c.strip().upper(), config.subcodes):
                    raise err("hold_codes", slip)
                raise err(
                    "hold_codes", f"{c!r} is not an absence code; choose from: {' '.join(absence)}"
                )
        share = raw.get("hold_share", 50)
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 100:
            raise err(
                "hold_share", f"expected a percentage from 0 to 100 such as 50, got {share!r}"
            )
        held = raw.get("hold_templates", list(DEFAULT_HOLD_TEMPLATES))
        if not isinstance(held, list) or not all(isinstance(t, str) and t.strip() for t in held):
            raise err(
                "hold_templates", f'expected a list of letter names such as ["red"], got {held!r}'
            )
        templates = folder("templates")
        held = [t.strip().lower() for t in held]
        sent = letters_sent(config)
        # (the template folders are listed only for a name no letter of the config has:
        # every command reads these settings at start-up)
        unsent = [t for t in held if t not in sent]
        there = _template_names(templates) if unsent else set()
        for t in unsent:
            if t not in there:
                # a misspelt name held nothing: the red letters of ill pupils went to print
                names = sorted(sent)
                raise err(
                    "hold_templates",
                    f"{t!r} is no letter attcli sends; the letters are "
                    f"{', '.join(names[:-1])} and {names[-1]}",
                )
        signatory, signatory_role = text("signatory", ""), text("signatory_role", "")
        signs = {
            b.letter: (b.signatory, b.signatory_role)
            for b in config.bands
            if b.letter and b.signatory
        }
        if school_signs(config) and not config.bands_own:
            signs = {}  # (the workspace's bands' signatories are the trust's, as above)
        if school_signs(config):
            # a trust's school whose [schools.KEY] gives its own attendance lead: she signs
            # its letters, with her role, not the workspace's (the trust's) signatory
            signatory = ""
            if "signatory_role" not in config.letters_own:  # (its own, it keeps)
                signatory_role = ""
        return cls(
            templates=templates,
            fonts=folder("fonts"),
            praise=flag("praise", False),
            praise_at_least=Fraction(str(pal)),
            all_recipients=rec == "all",
            lateness=flag("lateness", True),
            penalty_notice=flag("penalty_notice", True),
            signatory=signatory,
            signatory_role=signatory_role,
            band_signatories=signs,
            closing=text("closing", "Yours sincerely,"),
            contact_columns=cols,
            hold_codes=tuple(dict.fromkeys(c.strip().upper() for c in codes)),
            hold_share=Fraction(str(share)),
            hold_templates=tuple(dict.fromkeys(held)),
            certificate=flag("certificate", False),
            duplex=flag("duplex", False),
        )


def school_signs(config: Config) -> bool:
    """A trust's school (:meth:`Config.for_school`) whose ``[schools.KEY]`` gives its own
    ``attendance_lead``: she signs its letters over the workspace's ``[letters]
    signatory``, which is the trust's (as its letterhead's details are never the trust's
    ``[school]`` ones: docs/trust.md)."""
    return bool(
        config.school_key
        and config.school.attendance_lead.strip()
        and "signatory" not in config.letters_own  # (its own [schools.KEY.letters] one)
    )


def workspace_signatory(config: Config) -> str:
    """The workspace's ``[letters] signatory`` as written ("" when none)."""
    raw: Any = config.sections.get("letters", {})
    v = raw.get("signatory", "") if isinstance(raw, Mapping) else ""
    return v.strip() if isinstance(v, str) else ""


def reading_lines(config: Config) -> tuple[Fraction, ...]:
    """The lines a pupil's percentage people read is kept off (:mod:`attcli.percent`): the
    bands' thresholds, the national 90 % and 50 %, and the praise letter's threshold where
    praise letters are on (docs/decisions.md, "Percentages people read"), so that a
    certificate or a record beside a praise letter reads as the letter does (98.04 %, never
    the line's "98.0%")."""
    from attcli import percent

    settings = LetterSettings.from_config(config)
    praise = (settings.praise_at_least,) if settings.praise else ()
    return percent.attendance_lines((b.threshold for b in config.bands), praise)
