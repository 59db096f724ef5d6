"""Hand-made canonical registers for rule tests.

``register({"A": "/\\ /\\ NN"}, start=date(2026, 9, 7))`` gives pupil ``A``
one token per school day from ``start``, skipping weekends and ``holidays``.
A token is the AM and PM marks: two one-character codes (``"/\\"``, ``"NL"``),
one code for both sessions (``"N"``, ``"#"``, ``"I"``), or ``"AM.PM"`` when a
code has two characters (``"Y1.Y1"``, ``"C1./"``).  ``_`` is a blank cell (no mark
written: outside the pupil's time on roll, or a missing mark inside it); ``-`` is
SIMS's explicit "no mark recorded".  A token ``!`` leaves the day out: no row at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from attcli.codes import classify_marks
from attcli.register import CORE_SCHEMA, PROVENANCE_SCHEMA


def school_days(start: dt.date, n: int, holidays: Iterable[dt.date] = ()) -> list[dt.date]:
    skip = set(holidays)
    out: list[dt.date] = []
    d = start
    while len(out) < n:
        if d.weekday() < 5 and d not in skip:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def weekdays(first: dt.date, last: dt.date, skip: Iterable[dt.date] = ()) -> list[dt.date]:
    """Every weekday from ``first`` to ``last``, both included, but those in ``skip``."""
    skipped = set(skip)
    out: list[dt.date] = []
    d = first
    while d <= last:
        if d.weekday() < 5 and d not in skipped:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def first_weekdays(start: dt.date, n: int) -> list[dt.date]:
    """The first ``n`` weekdays from ``start`` (included when a weekday)."""
    out, d = [], start
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def split_token(token: str) -> tuple[str, str]:
    if "." in token:
        am, pm = token.split(".")
        return am, pm
    if len(token) == 2:
        return token[0], token[1]
    if len(token) == 1:
        return token, token
    raise ValueError(f"bad token {token!r}")


def token_rows(
    upn: str, days: Iterable[dt.date], tokens: str, who: Mapping[str, object] | None = None
) -> list[dict[str, object]]:
    """Session rows for :func:`register_rows`: pupil ``upn``, one token of ``tokens``
    (:func:`split_token`'s: ``"/"``, ``"N.C2"``) a day of ``days``, ``who`` (names, date of
    birth) on each row."""
    return [
        {"upn": upn, "date": d, "session": s, "mark": m, **(who or {})}
        for d, t in zip(days, tokens.split(), strict=True)
        for s, m in zip(("AM", "PM"), split_token(t), strict=True)
    ]


def register(
    pupils: Mapping[str, str],
    *,
    start: dt.date = dt.date(2026, 9, 7),
    holidays: Iterable[dt.date] = (),
    dob: Mapping[str, dt.date | None] | None = None,
    year_group: str = "7",
    school: str | None = None,
) -> pl.DataFrame:
    rows = []
    holidays = list(holidays)
    for upn, marks in pupils.items():
        tokens = marks.split()
        days = school_days(start, len(tokens), holidays)
        for day, tok in zip(days, tokens, strict=True):
            if tok == "!":
                continue
            am, pm = split_token(tok)
            for session, mark in (("AM", am), ("PM", pm)):
                if mark == "!":
                    continue
                mark = "" if mark == "_" else mark
                rows.append(
                    {
                        "school": school,
                        "upn": upn,
                        "surname": f"Surname{upn}",
                        "forename": f"Forename{upn}",
                        "dob": (dob or {}).get(upn, dt.date(2014, 10, 1)),
                        "year_group": year_group,
                        "reg_group": f"{year_group}A",
                        "date": day,
                        "session": session,
                        "raw_mark": mark,
                        "source": "test",
                        "line": len(rows) + 2,
                    }
                )
    frame = pl.DataFrame(
        rows,
        schema={
            k: v
            for k, v in {**CORE_SCHEMA, **PROVENANCE_SCHEMA}.items()
            if k not in ("mark", "category")
        },
    )
    out = classify_marks(frame)
    return out.select(*CORE_SCHEMA, *PROVENANCE_SCHEMA)


def across(
    *parts: tuple[dt.date, Mapping[str, str]],
    dob: Mapping[str, dt.date | None] | None = None,
    school: str | None = None,
) -> pl.DataFrame:
    """One register of :func:`register` parts, each ``(start, pupils)`` from its own first
    day: the end of one school year and the start of the next in one export (the summer
    holiday between them has no row), lines numbered through."""
    frames = [register(p, start=start, dob=dob, school=school) for start, p in parts]
    out = pl.concat(frames)
    return out.with_columns(pl.int_range(2, out.height + 2).cast(out.schema["line"]).alias("line"))


def register_rows(
    rows: Iterable[Mapping[str, object]], *, school: str | None = None
) -> pl.DataFrame:
    """A canonical register from explicit session rows, in the order given.

    Each row is a mapping with ``upn``, ``date``, ``session`` ("AM"/"PM") and ``mark``
    (the raw mark, classified as a loader would), and optionally ``surname``,
    ``forename``, ``dob``, ``year_group`` and ``reg_group`` (defaults as in
    :func:`register`).  Unlike :func:`register`, pupils may have gaps, different
    dates from each other, and attributes that change from row to row.
    """
    out_rows = []
    for i, r in enumerate(rows):
        upn = str(r["upn"])
        year_group = str(r.get("year_group", "7"))
        out_rows.append(
            {
                "school": school,
                "upn": upn,
                "surname": r.get("surname", f"Surname{upn}"),
                "forename": r.get("forename", f"Forename{upn}"),
                "dob": r.get("dob", dt.date(2014, 10, 1)),
                "year_group": year_group,
                "reg_group": r.get("reg_group", f"{year_group}A"),
                "date": r["date"],
                "session": r["session"],
                "raw_mark": r["mark"],
                "source": "test",
                "line": i + 2,
            }
        )
    frame = pl.DataFrame(
        out_rows,
        schema={
            k: v
            for k, v in {**CORE_SCHEMA, **PROVENANCE_SCHEMA}.items()
            if k not in ("mark", "category")
        },
    )
    return classify_marks(frame).select(*CORE_SCHEMA, *PROVENANCE_SCHEMA)


#: A pupil with every kind of mark the attendance certificate shows, school weeks from Monday
#: 7 September 2026 to Wednesday 11 November 2026 (the as-of date).  Friday 9 October is a
#: day with no school for anyone, 26-30 October the half-term holiday.  EVERY joins on
#: Wednesday 9 September (no row before: not on roll); OTHER is present throughout.
EVERY_KIND_WEEKS = {
    "7 Sep 2026": "/\\ /\\ /\\ /\\ L\\",  # Mon and Tue are dropped below (not on roll)
    "14 Sep 2026": "/\\ /\\ I C2.C2 M\\",
    "21 Sep 2026": "/\\ /\\ /\\ /\\ /\\",
    "28 Sep 2026": "/\\ G O /\\ /\\",
    "5 Oct 2026": "/\\ P.W B\\ /\\",  # Friday 9 October: no school
    "12 Oct 2026": "U.N #.# V.K Y1.D -.-",
    "19 Oct 2026": "/\\ H.H /\\ /\\ /\\",
    "2 Nov 2026": "/\\ /\\ /\\ /\\ /\\",
    "9 Nov 2026": "/\\ /\\ /\\",  # the as-of date is Wednesday 11 November
}
EVERY_KIND_HOLIDAYS = [dt.date(2026, 10, 9)] + [
    dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)
]


def every_kind_register() -> pl.DataFrame:
    """The register of EVERY (and OTHER, who makes the school's days), see above."""
    marks = " ".join(EVERY_KIND_WEEKS.values())
    days = len(marks.split())
    reg = register(
        {"EVERY": marks, "OTHER": " ".join(["/\\"] * days)},
        start=dt.date(2026, 9, 7),
        holidays=EVERY_KIND_HOLIDAYS,
        dob={"EVERY": dt.date(2014, 3, 14), "OTHER": dt.date(2014, 5, 1)},
    )
    joined = dt.date(2026, 9, 9)
    reg = reg.filter(~((pl.col("upn") == "EVERY") & (pl.col("date") < joined)))
    return reg.with_columns(
        pl.when(pl.col("upn") == "EVERY")
        .then(pl.lit("Maya"))
        .otherwise(pl.col("forename"))
        .alias("forename"),
        pl.when(pl.col("upn") == "EVERY")
        .then(pl.lit("Okonkwo-Smith"))
        .otherwise(pl.col("surname"))
        .alias("surname"),
    )


def write_long_csv(
    reg: pl.DataFrame,
    path: Path,
    *,
    dob: bool = False,
    groups: bool = False,
    school: bool = False,
) -> Path:
    """``reg`` as a long export a loader reads: (with ``school``: School, the register's
    ``school``,) UPN, Surname, Forename, (with ``dob``: Date of Birth,) (with ``groups``:
    Year, Registration Form,) Date (dd/mm/yyyy), Session, Mark (the raw mark), a row per
    session in the register's order."""
    lines = [("School," if school else "") + "UPN,Surname,Forename,"
             + ("Date of Birth," if dob else "")
             + ("Year,Registration Form," if groups else "") + "Date,Session,Mark"]  # fmt: skip
    for r in reg.iter_rows(named=True):
        whose = f"{r['school']}," if school else ""
        born = f"{r['dob']:%d/%m/%Y}," if dob else ""
        where = f"Year {r['year_group']},{r['reg_group']}," if groups else ""
        lines.append(f"{whose}{r['upn']},{r['surname']},{r['forename']},{born}{where}"
                     f"{r['date']:%d/%m/%Y},{r['session']},{r['raw_mark']}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_marks_csv(path: Path, rows: Iterable[tuple[str, dt.date, str, str]]) -> Path:
    """A long export of ``rows`` (UPN, date, session, mark), each pupil named from the UPN
    (Surname ``S<UPN>``, Forename ``F<UPN>``) and born 01/01/2015: UPN, Surname, Forename,
    Date of Birth, Date (dd/mm/yyyy), Session, Mark, a row each in the order given."""
    lines = ["UPN,Surname,Forename,Date of Birth,Date,Session,Mark"]
    lines += [f"{u},S{u},F{u},01/01/2015,{d:%d/%m/%Y},{s},{m}" for u, d, s, m in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count_calls(monkeypatch, owner: type, name: str) -> list[int]:  # noqa: ANN001
    """Count the calls of method ``name`` of ``owner`` from here on (``monkeypatch``
    undoes it): the list returned grows by one a call."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counting(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def pupil(ev, upn: str) -> dict:  # noqa: ANN001
    """The one row of pupil ``upn`` in an evaluation's pupils (the test fails on none or
    two)."""
    rows = ev.pupils.filter(pl.col("upn") == upn).to_dicts()
    assert len(rows) == 1, upn
    return rows[0]


def la_header_block(school) -> dict:  # noqa: ANN001
    """The header block of the register check's workbook (lafile.write_xlsx) for a school
    ``school`` (config.School) of two pupils, A and B, present every session of Mon 7 -
    Fri 11 Sep 2026: each label's value cell (openpyxl's, as the LA's file holds it)."""
    import dataclasses
    import io

    from openpyxl import load_workbook

    from attcli.config import Config
    from attcli.lacheck import register_check, to_xlsx

    config = dataclasses.replace(Config(), school=school)
    week = " ".join(["/\\"] * 5)
    rc = register_check(register({"A": week, "B": week}, start=dt.date(2026, 9, 7)), config,
                        term="autumn")  # fmt: skip
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=dt.date(2026, 9, 11))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    return {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, 14)}


def pasted_below(lines: list[str], order: list[int], path: Path) -> tuple[Path, int]:
    """A CSV export's ``lines`` (header first) written to ``path`` as an office pastes a
    second export below the first: the first half, then the header and the second half
    with their columns in ``order`` (cell ``order[i]`` of a line is its column ``i``).
    Returns ``path`` and the repeated header's line number."""

    def moved(line: str) -> str:
        cells = line.split(",")
        return ",".join(cells[i] for i in order)

    half = len(lines) // 2
    path.write_text("\n".join(lines[:half] + [moved(x) for x in lines[:1] + lines[half:]])
                    + "\n", encoding="utf-8")  # fmt: skip
    return path, half + 1
