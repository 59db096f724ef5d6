"""Children missing education: runs of continuous unexplained absence (DOMAIN.md 6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from attcli.config import Config
from attcli.engine import ATTENDED, PUPIL_KEY, Evaluation

CME_FIELDS = [
    "upn", "surname", "forename", "year_group", "reg_group", "dob",
    "run_start", "run_end", "run_days", "codes", "current", "last_attended",
]  # fmt: skip


def cme_runs(ev: Evaluation, register: pl.DataFrame, days: int) -> pl.DataFrame:
    """Every run of unexplained absence in the period that reached ``days`` school days.

    Current runs (still going on the as-of date) first, then longest first.
    ``last_attended`` is the last day the pupil attended before the run began
    (the day they were last seen), or null if not seen in the data before it.
    """
    runs = ev.runs.filter((pl.col("kind") == "unexplained") & (pl.col("days") >= days))
    seen = (
        register.with_columns(pl.col("school").fill_null(""))
        .filter(pl.col("category").is_in(ATTENDED) & (pl.col("date") <= ev.as_of))
        .select(*PUPIL_KEY, pl.col("date").alias("last_attended"))
        .unique()
        .sort("last_attended")
    )
    runs = (
        runs.with_columns((pl.col("start") - dt.timedelta(days=1)).alias("_before"))
        .sort("_before")
        .join_asof(
            seen,
            left_on="_before",
            right_on="last_attended",
            by=PUPIL_KEY,
            strategy="backward",
            check_sortedness=False,  # both sorted on the key above
        )
    )
    pupils = ev.pupils.select(*PUPIL_KEY, "surname", "forename", "year_group", "reg_group", "dob")
    return (
        runs.join(pupils, on=PUPIL_KEY, how="left")
        .rename({"start": "run_start", "end": "run_end", "days": "run_days"})
        .sort(
            ["current", "run_days", "surname", "forename", "upn"],
            descending=[True, True, False, False, False],
        )
        .select("school", *CME_FIELDS)
    )


# ---------------------------------------------------------------------- renderers


def _iso(v: object) -> object:
    return v.isoformat() if isinstance(v, dt.date) else v


def to_json(
    runs: pl.DataFrame, *, as_of: dt.date, days: int, contacts: pl.DataFrame | None = None
) -> str:
    import json

    out = []
    for row in _with_contacts(runs, contacts).iter_rows(named=True):
        obj = {k: _iso(row[k]) for k in CME_FIELDS}
        obj["codes"] = list(row["codes"])
        if contacts is not None:
            obj["contact_name"] = row["contact_name"]
            obj["contact_phone"] = row["contact_phone"]
        out.append(obj)
    doc = {"as_of": as_of.isoformat(), "days": days, "runs": out}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


HEADERS = {
    "upn": "UPN", "surname": "Surname", "forename": "Forename", "year_group": "Year",
    "reg_group": "Reg group", "dob": "Date of birth", "run_start": "Run began",
    "run_end": "Last day of run", "run_days": "School days", "codes": "Codes",
    "current": "Still absent", "last_attended": "Last attended",
    "contact_name": "Priority contact", "contact_phone": "Contact phone",
}  # fmt: skip


def _with_contacts(runs: pl.DataFrame, contacts: pl.DataFrame | None) -> pl.DataFrame:
    if contacts is None:
        return runs
    return runs.join(contacts.select("upn", "contact_name", "contact_phone"), on="upn", how="left")


def rows_for_people(
    runs: pl.DataFrame, contacts: pl.DataFrame | None
) -> tuple[list[str], list[list[object]]]:
    """Header and rows with dates as DD/MM/YYYY and lists joined, for CSV, XLSX and the table."""
    frame = _with_contacts(runs, contacts)
    fields = CME_FIELDS + (["contact_name", "contact_phone"] if contacts is not None else [])
    rows = []
    for row in frame.iter_rows(named=True):
        values: list[object] = []
        for f in fields:
            v = row[f]
            if isinstance(v, dt.date):
                v = v.strftime("%d/%m/%Y")
            elif isinstance(v, list):
                v = " ".join(v)
            elif isinstance(v, bool):
                v = "yes" if v else "no"
            values.append("" if v is None else v)
        rows.append(values)
    return [HEADERS[f] for f in fields], rows


@dataclass
class CmeResult:
    as_of: dt.date
    runs: pl.DataFrame
    contacts: pl.DataFrame | None  # upn, contact_name, contact_phone
    warnings: list[str]


def run_cme(
    exports: Sequence[Path],
    config: Config,
    *,
    days: int,
    as_of: dt.date | None = None,
    contacts: Path | None = None,
    preset: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> CmeResult:
    """Load the exports (and contacts) and list the runs: what ``attcli cme`` does."""
    from attcli.engine import evaluate
    from attcli.loaders import load_exports

    loaded = load_exports(exports, config, preset=preset, progress=progress)
    ev = evaluate(loaded.register, config, as_of=as_of)
    runs = cme_runs(ev, loaded.register, days)
    contact_frame = None
    if contacts is not None:
        from attcli.letters.contacts import load_contacts

        contact_frame = load_contacts(contacts).priority_frame()
    return CmeResult(ev.as_of, runs, contact_frame, loaded.warnings)


def render_table(result: CmeResult, days: int, console: object) -> None:
    """A compact table for a terminal: one row per run."""
    from rich.table import Table
    from rich.text import Text

    from attcli.report_check import GROUP_WIDTH, UPN_WIDTH
    from attcli.report_check import terminal_text as shown

    n = result.runs.height
    table = Table(
        title=f"Continuous unexplained absence of {days}+ school days, as of "
        f"{result.as_of:%d/%m/%Y}: {n} run{'s' if n != 1 else ''}",
        title_justify="left",
        title_style="bold",
        expand=True,
    )
    table.add_column("Pupil", min_width=15, overflow="fold")
    table.add_column("Year, born", no_wrap=True)
    table.add_column("Run", no_wrap=True)
    table.add_column("Now, seen", no_wrap=True)
    if result.contacts is not None:
        table.add_column("Contact", min_width=12, overflow="fold")
    frame = _with_contacts(result.runs, result.contacts)
    for row in frame.iter_rows(named=True):
        now = Text("ABSENT", style="bold red") if row["current"] else Text("back")
        seen = f"{row['last_attended']:%d/%m/%Y}" if row["last_attended"] else "not in data"
        group = f"{shown(row['year_group'] or '?', 4)} {shown(row['reg_group'] or '', GROUP_WIDTH)}"
        cells = [
            Text(
                shown(f"{row['surname']}, {row['forename']}") + "\n" + shown(row["upn"], UPN_WIDTH)
            ),
            Text(group.strip() + (f"\n{row['dob']:%d/%m/%Y}" if row["dob"] else "\nborn ?")),
            Text(
                f"{row['run_days']} days, {' '.join(row['codes'])}\n"
                f"{row['run_start']:%d/%m}-{row['run_end']:%d/%m/%y}"
            ),
            Text.assemble(now, f"\n{seen}"),
        ]
        if result.contacts is not None:
            name, phone = row.get("contact_name"), row.get("contact_phone")
            cells.append(
                Text(f"{shown(name or 'none on file', 40)}\n{shown(phone or '', 24)}".strip())
            )
        table.add_row(*cells)
    console.print(table)  # type: ignore[attr-defined]
