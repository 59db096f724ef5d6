"""The ``[report]`` table of the school's config.

.. code-block:: toml

    [report]
    min_cohort = 5            # groups smaller than this are shown without figures
    target = 96               # the school's attendance target for the year (optional)

    [report.national]         # instead of the DfE figures attcli ships (attcli.national)
    attendance_pct = 93.1     # (illustrative numbers: copy the real ones from the DfE)
    pa_rate = 17.8
    sa_rate = 2.3
    source = "DfE ..., term ..."
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from attcli.config import REPORT_KEYS as _REPORT_KEYS
from attcli.config import Config, fraction_slip
from attcli.errors import ConfigError

DEFAULT_MIN_COHORT = 5
_NATIONAL_KEYS = {"attendance_pct", "pa_rate", "sa_rate", "source"}


@dataclass(frozen=True)
class National:
    """National comparison figures (percentages as given in the config; ``None`` = not given)."""

    attendance_pct: Fraction | None = None
    pa_rate: Fraction | None = None
    sa_rate: Fraction | None = None
    source: str = ""
    #: the short citation charts print (release and date; attcli.national), else ``source``
    cite: str = ""
    #: where the figures are of ("England"; a local authority's name and code)
    area: str = ""
    #: the school's local authority's figures from the same release (attcli.national)
    local: National | None = None
    #: the period the figures are of ("2023/24 academic year"; attcli.national), and whether
    #: it is a full year; "" and None for ``[report.national]``, whose period is its source's
    period: str = ""
    full_year: bool | None = None
    #: the pupils the figures count, when known: "5 to 15" (aged 5 to 15 on 31 August, as
    #: the DfE's "Pupil absence in schools in England"); "" when not known
    ages: str = ""

    def get(self, measure: str) -> Fraction | None:
        return {"attendance": self.attendance_pct, "pa": self.pa_rate, "sa": self.sa_rate}[measure]


@dataclass(frozen=True)
class ReportSettings:
    min_cohort: int = DEFAULT_MIN_COHORT
    national: National | None = None
    title: str = "Attendance report"
    #: the school's attendance target for the year, a percentage (seed 004: 96)
    target: Fraction | None = None


def _err(config: Config, key: str, message: str) -> ConfigError:
    return ConfigError(key, message, file=config.path)


def _pct(config: Config, key: str, value: Any, *, line: bool = False) -> Fraction:
    """A percentage 0-100; a ``line`` (the target, the national attendance) is never a
    fraction of 1 (:func:`attcli.config.fraction_slip`); a rate may be below 1 %."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        # (nan and inf: TOML reads them as numbers, a Fraction cannot hold them)
        raise _err(config, key, f"expected a percentage such as 93.1, got {value!r}")
    f = Fraction(str(value))
    if not 0 <= f <= 100:
        raise _err(config, key, f"expected a percentage between 0 and 100, got {value!r}")
    if line and (slip := fraction_slip(f)):
        raise _err(config, key, slip)
    return f


def _known_keys(config: Config, table: Mapping[str, Any], where: str, keys: set[str]) -> None:
    """A key of ``[where]`` that attcli does not read is a :class:`ConfigError` naming it."""
    for key in table:
        if key not in keys:
            raise _err(
                config, f"{where}.{key}", f"unknown key; [{where}] takes: {', '.join(sorted(keys))}"
            )


def settings_from(config: Config) -> ReportSettings:
    """Parse ``config.sections["report"]``; a bad value is a :class:`ConfigError` naming the key."""
    raw = config.sections.get("report", {})
    if not isinstance(raw, Mapping):
        raise _err(config, "report", "expected a [report] table")
    _known_keys(config, raw, "report", _REPORT_KEYS)
    min_cohort = raw.get("min_cohort", DEFAULT_MIN_COHORT)
    if isinstance(min_cohort, bool) or not isinstance(min_cohort, int) or min_cohort < 1:
        raise _err(
            config,
            "report.min_cohort",
            f"expected a whole number of at least 1, got {min_cohort!r}",
        )
    title = raw.get("title", "Attendance report")
    if not isinstance(title, str) or not title.strip():
        raise _err(config, "report.title", f"expected text, got {title!r}")
    national = None
    nat = raw.get("national")
    if nat is not None:
        if not isinstance(nat, Mapping):
            raise _err(config, "report.national", "expected a [report.national] table")
        _known_keys(config, nat, "report.national", _NATIONAL_KEYS)
        source = nat.get("source", "")
        if not isinstance(source, str):
            raise _err(config, "report.national.source", f"expected text, got {source!r}")
        values = {
            k: _pct(config, f"report.national.{k}", nat[k], line=k == "attendance_pct")
            for k in ("attendance_pct", "pa_rate", "sa_rate")
            if k in nat
        }
        if values:
            national = National(**values, source=source.strip())
        elif source:
            raise _err(
                config, "report.national", "give at least one of attendance_pct, pa_rate, sa_rate"
            )
    target = raw.get("target")
    return ReportSettings(
        min_cohort=min_cohort,
        national=national,
        title=title.strip(),
        target=_pct(config, "report.target", target, line=True) if target is not None else None,
    )
