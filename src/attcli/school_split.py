"""A trust's shared exports split by their School column (``--per-school``, issue 18).

An export no ``[schools.KEY] files`` pattern matches is *shared*: its rows say whose they
are in a School column (or a "School:" title line).  Each value of the column is one
school of ``[schools]``: the one whose key, name, URN or DfE number it is (trimmed, in any
case).  Nothing is guessed: a value that names no school or several, a blank School in a
shared export, a shared export with no School column, a school named by two values, and a
school given both by file name and by the column are errors, each one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from attcli.errors import AttcliError, ConfigError, shown

if TYPE_CHECKING:
    from attcli.config import Config, SchoolSection
    from attcli.loaders import LoadResult


@dataclass(frozen=True)
class SchoolPart:
    """One school's rows of the shared exports."""

    key: str
    #: the School column's value naming it
    value: str
    pupils: int
    #: the shared exports holding its rows, in the order given
    files: tuple[str, ...]

    def line(self) -> str:
        """What the school read, for the per-school line on the terminal."""
        s = "s" if self.pupils != 1 else ""
        return f"{self.pupils:,} pupil{s} from {' and '.join(self.files)} (School column)"


def school_parts(
    loaded: LoadResult, config: Config, by_pattern: Mapping[str, Sequence[Path]] | None = None
) -> dict[str, SchoolPart]:
    """Each school's part of the shared exports ``loaded``, by ``[schools]`` key (in the
    config's order).  ``by_pattern``: each school's export files by its ``files``
    patterns; such a school may not also have rows here."""
    from attcli.loaders._errors import input_error

    for report in loaded.files:
        if not report.names_school:
            raise ConfigError(
                "schools",
                f"{shown(report.path)}: no school's files pattern matches it, and it has no School "
                "column to say whose its rows are; the schools: " + config.school_patterns(),
                file=config.path,
            )
    order = {r.path: i for i, r in enumerate(loaded.files)}
    reg = loaded.register
    blank = (
        reg.filter(pl.col("school").is_null())
        .group_by(pl.col("source").cast(pl.Utf8))
        .agg(pl.len().alias("n"), pl.col("line").min())
        .sort(pl.col("source").replace_strict(order, default=len(order)))
    )
    if blank.height:
        source, n, line = blank.row(0)
        raise input_error(
            f"the School is blank on {n:,} session row{'s' if n != 1 else ''} of this file "
            "(the first here), so whose they are is not known",
            file=source,
            line=line,
            hint="fill in each row's school (its key, name or URN in [schools]), or give "
            "the school's marks in a file its files pattern matches",
        )
    # (the grouping the split of the register is made from: LoadResult.for_school)
    values = loaded.school_groups().select("school", "pupils", "source").sort("school")
    parts: dict[str, SchoolPart] = {}
    for value, pupils, sources in values.iter_rows():
        files = tuple(sorted(sources, key=lambda f: order.get(f, len(order))))
        where = ", ".join(files)
        owners = [x for x in config.schools if x.known_as(value)]
        if not owners:
            raise input_error(
                f"School {value!r} is not one of [schools] (by key, name, URN or DfE number)",
                file=where,
                hint="the schools: " + ", ".join(_known(x) for x in config.schools),
            )
        if len(owners) > 1:
            raise input_error(
                f"School {value!r} names more than one of [schools]: "
                + " and ".join(_known(x) for x in owners),
                file=where,
                hint="give each school a name, URN and DfE number of its own",
            )
        key = owners[0].key
        if key in parts:
            raise input_error(
                f"School {parts[key].value!r} and {value!r} both name {_known(owners[0])}: "
                "a school's rows need one value, or its pupils would be counted twice",
                file=where,
            )
        parts[key] = SchoolPart(key, value, pupils, files)
    for key, part in parts.items():
        if by_pattern and by_pattern.get(key):
            name = config.section(key).school.name
            mine = ", ".join(shown(str(p)) for p in by_pattern[key])
            raise AttcliError(
                f"{key} ({name}): {mine} match{'es' if len(by_pattern[key]) == 1 else ''} its "
                f"files pattern and {', '.join(map(shown, part.files))} has its rows in the School column "
                "too; give its marks one way or the other (a school's own exports and its rows "
                "of a shared export are not combined)"
            )
    return {x.key: parts[x.key] for x in config.schools if x.key in parts}


def _known(section: SchoolSection) -> str:
    """A school as the School column may name it."""
    from attcli.config import filled

    ids = [section.school.name]
    if urn := filled(section.school.urn):  # (attcli init's "FILL IN: URN" is none)
        ids.append(f"URN {urn}")
    if dfe := filled(section.school.dfe_number):
        ids.append(f"DfE {dfe}")
    return f"{section.key} ({', '.join(ids)})"
