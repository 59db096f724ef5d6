"""The return as the LA receives it (xlsx with a header block, or csv, in the LA's
columns from ``[la_return]``) and as the person making it sees it on the terminal."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from attcli.config import Config
from attcli.datetext import run_dates, run_head
from attcli.lafile import DATE_FORMAT, Columns, Named, data_row, write_xlsx
from attcli.lareturn.rules import (
    BACK,
    NOT_BACK,
    SICKNESS,
    UNAUTHORISED,
    Item,
    LaReturn,
    label_text,
    list_code,
    sickness_threshold,
)
from attcli.names import pupil_name
from attcli.output import id_columns, year_cell
from attcli.percent import counted

DATE_FIELDS = ("dob", "run_start", "run_end", "last_attended", "left_on", "last_reported")

#: Wider columns for long text (the rest are as wide as their header).
WIDTHS = {"list": 32, "address": 40, "contact_name": 24, "note": 80}

TITLE = "Return to the local authority: continuous unauthorised absence and sickness"


def _number(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


def value(item: Item, name: str, config: Config) -> Any:
    """The field ``name`` of ``item``: text, a number, a date, or None (an empty cell)."""
    p = item.pupil or {}
    sick = item.list == SICKNESS
    if name == "list":
        return list_code(config, item.list)
    if name == "status":
        return item.status
    if name == "upn":
        return item.upn
    if name in ("surname", "forename", "dob", "year_group", "reg_group"):
        return p.get(name)
    if name in ("address", "contact_name", "contact_phone"):
        return (item.contact or {}).get(name)
    if name == "run_start":
        return item.run_start
    if name == "run_end":
        return item.run_end
    if name == "days":
        return _number(item.illness_days) if sick else item.days
    if name == "days_added":
        return _number(item.added)
    if name == "illness_sessions":
        return item.sessions if sick else None
    if name == "longest_illness_days":
        return item.longest_illness if sick else None
    if name == "codes":
        return " ".join(item.codes) or None
    if name == "still_absent":
        return None if item.current is None else ("yes" if item.current else "no")
    if name == "last_attended":
        return item.last_attended
    if name == "left_on":
        return item.left_on
    if name == "last_reported":
        return item.last_reported
    if name == "note":
        return file_note(item) or None
    raise KeyError(name)


def file_note(item: Item) -> str:
    """The row's note as the LA reads it.  *ended* is a pupil who came back (or left the
    roll, or is not in the exports: each with its note, docs/la-return.md), so an ended
    run whose pupil has attended on no day since, up to the return's date (the run ended
    by an authorised or U session), says so, as the terminal does: with no note it read as
    a child back in school whom nobody has seen.  A row of a child under two UPNs says so
    after (:attr:`Item.one_child`): a CSV has no Data row to say it in."""
    lead = (
        NOT_BACK
        if item.list == UNAUTHORISED
        and item.current is False
        and item.left_on is None
        and item.back is False
        and NOT_BACK not in item.note
        else ""
    )
    return "; ".join(p for p in (lead, item.note, item.one_child) if p)


def _csv(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return v


def to_csv(ret: LaReturn, columns: Columns) -> str:
    """One row per pupil and list, under the LA's headers (every cell made safe)."""
    from attcli.output import rows_csv

    return ("\ufeff" if columns.bom else "") + rows_csv(
        [columns.header(c) for c in columns.columns],
        [[_csv(value(i, c, ret.config)) for c in columns.columns] for i in ret.items],
    )


def list_title(ret: LaReturn, name: str) -> str:
    """A list's title, as the terminal and the workbook's header block both give it: "Unauthorised
    absence, 10+ school days in a row", "Illness, 15+ school days this school year" (the
    workbook said "days", which a local authority could read as calendar days)."""
    if name == UNAUTHORISED:
        return f"Unauthorised absence, {ret.config.cme_days}+ school days in a row"
    return f"Illness, {sickness_threshold(ret.config)}"


def header_block(ret: LaReturn, produced: dt.date) -> list[tuple[str, object]]:
    school = ret.config.school
    coverage = ret.coverage.line() if ret.coverage is not None else None
    return [
        ("School", Named(school.name)),
        ("URN", school.urn),
        ("DfE number", school.dfe_number),
        ("Local authority", Named(school.local_authority)),
        ("Return", ret.period.describe()),
        ("Figures as of", ret.period.as_of),
        ("Compared with", compared_with(ret)),
        ("Date produced", produced),
        (list_title(ret, UNAUTHORISED), ret.count_line(UNAUTHORISED)),
        (list_title(ret, SICKNESS), ret.count_line(SICKNESS)),
        data_row(
            [coverage, ret.problems_in_file, ret.before_exports, ret.unmarked_within, ret.part_time,
             *ret.rows_joined,
             *joined_lines(ret, reaching=True),
             *ret.sick_joined],
            "the exports cover the school year to date",
        ),
        *([("Codes", ret.legacy)] if ret.legacy else []),
    ]  # fmt: skip


def joined_lines(ret: LaReturn, *, reaching: bool = False) -> list[str]:
    """The lines of the runs of a child under two UPNs (``LaReturn.joined``), those reaching
    ``[cme] days`` led by "NOT IN THIS RETURN"; ``reaching``: those alone (the file's).  Not
    led so when each of its UPNs is a row of the unauthorised list: the child is in the
    return, as two rows (:attr:`LaReturn.rows_joined` says they are one child's)."""
    days = ret.config.cme_days
    listed = {(i.school or "", i.upn) for i in ret.of(UNAUTHORISED)}
    return [
        j.marked(
            days, "NOT IN THIS RETURN",
            {u for s, u in listed if s == (j.school or "")},
            "NOT IN THIS RETURN as one run (it lists {alone} alone)",
        )  # fmt: skip
        if any((j.school or "", u) not in listed for u in j.upns)
        else j.line()
        for j in ret.joined
        if j.reaches(days) or not reaching
    ]


def compared_with(ret: LaReturn) -> str:
    base = ret.base
    if base is None:
        return "no earlier return: the first (everything current is new)"
    return f"the return as of {base.as_of:%d/%m/%Y} ({label_text(base.label)})"


def _xlsx_value(item: Item, name: str, config: Config) -> Any:
    """The field as the workbook's cell holds it: a whole year group a number, as the
    CSV's 7 is to Excel (:func:`attcli.output.year_cell`)."""
    v = value(item, name, config)
    return year_cell(v) if name == "year_group" else v


def to_xlsx(ret: LaReturn, columns: Columns, produced: dt.date, stream: Any) -> None:
    """The workbook: the header block, then one row per pupil and list.  Its dates are
    ``produced``'s, so the same return gives the same bytes."""
    cols = columns.columns
    block = header_block(ret, produced)
    headers = [columns.header(c) for c in cols]
    widths = {n: WIDTHS[c] for n, c in enumerate(cols) if c in WIDTHS}
    # the first column holds the header block's labels too: wide enough to read them
    widths[0] = max(widths.get(0, 12), len(headers[0]) + 2, *(len(k) + 2 for k, _ in block))
    write_xlsx(
        stream,
        sheet=f"Return {ret.period.label}",
        title=TITLE,
        block=block,
        headers=headers,
        rows=[[_xlsx_value(i, c, ret.config) for c in cols] for i in ret.items],
        formats={n: DATE_FORMAT for n, c in enumerate(cols) if c in DATE_FIELDS},
        widths=widths,
        when=dt.datetime.combine(produced, dt.time()),
        keep=id_columns(cols),
    )


# --------------------------------------------------------------------------- terminal


def print_text(ret: LaReturn, console: Any) -> None:
    """The return on a terminal: what it covers, what it is compared with, and each list
    as a compact table (values from the exports shown harmlessly)."""
    from rich.table import Table
    from rich.text import Text

    from attcli.terminal import UPN_WIDTH, print_line
    from attcli.terminal import terminal_text as shown

    console.print(
        Text(f"Return to the local authority, {ret.period.describe()}", style="bold"),
        highlight=False,
    )
    console.print(Text(f"Compared with {compared_with(ret)}"), highlight=False)
    for line in ret.merges:  # (before the lists: the ended and NEW rows they explain)
        console.print(Text(shown(line, 600), style="bold"), highlight=False)
    for name in (UNAUTHORISED, SICKNESS):
        items = ret.of(name)
        table = Table(
            title=f"{list_title(ret, name)}: {ret.count_line(name)}",
            title_justify="left",
            title_style="bold",
            expand=True,
        )
        table.add_column("Status", no_wrap=True)
        table.add_column("Pupil", min_width=14, max_width=28, overflow="fold")
        table.add_column("Run" if name == UNAUTHORISED else "Illness", no_wrap=True)
        table.add_column("Note", min_width=16, ratio=1, overflow="fold")
        for i in items:
            p = i.pupil or {}
            who = (
                shown(pupil_name(p.get("surname"), p.get("forename")))
                or "(not in the exports)"
            )
            status = i.status.upper() if i.status in ("new", "amended") else i.status
            if name == UNAUTHORISED:
                what = (
                    f"{run_head(i.days, i.codes)}\n{run_dates(i.run_start, i.run_end)}"
                    if i.run_start is not None and i.run_end is not None
                    else "none now"
                )
            else:
                # (in school days, as the list's heading counts them, DOMAIN.md 7: the
                # year's sessions of illness as days, then the longest run; "16 days" over
                # "longest 16" said no unit a heading of school days had: leftovers14)
                days = value(i, "days", ret.config)
                what = counted(days, "school day") if days is not None else ""
                if i.longest_illness:
                    what += f"\nlongest run {i.longest_illness}"
            extra = []
            if i.added:  # (fewer than reported: an amendment, -1 day)
                sign = "+" if i.added > 0 else "-"
                extra.append(f"{sign}{counted(_number(abs(i.added)), 'day')} since last return")
            if name == UNAUTHORISED and i.current:
                extra.append("still absent")
            elif name == UNAUTHORISED and i.current is False and i.left_on is None:
                extra.append(BACK if i.back is not False else NOT_BACK)
            # (an amended run's note says already where it stands now)
            extra = [e for e in extra if e not in i.note]
            note = "; ".join([*extra, *([i.note] if i.note else [])])
            table.add_row(
                Text(status, style="bold" if status.isupper() else ""),
                Text(who + "\n" + shown(i.upn, UPN_WIDTH)),
                Text(what),
                Text(shown(note, 400)),
            )
        if items:
            console.print(table)
        else:
            console.print(Text(f"{list_title(ret, name)}: none", style="bold"), highlight=False)
        if name == UNAUTHORISED:  # (beside the list the run is not in)
            for line in joined_lines(ret):
                bold = line.startswith("NOT IN")
                console.print(
                    Text(shown(line, 800), style="bold red" if bold else "yellow"),
                    highlight=False,
                )
        if name == SICKNESS:  # (a child ill across two UPNs: beside the list)
            for line in ret.sick_joined:
                console.print(Text(shown(line, 800), style="bold red"), highlight=False)
            # (two rows, of either list, of one child under two UPNs: after both lists)
            for line in ret.rows_joined:
                console.print(Text(shown(line, 800), style="bold red"), highlight=False)
    line = ret.coverage.line() if ret.coverage is not None else None
    if line:
        print_line(console, line, "bold red")
