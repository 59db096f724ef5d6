"""The casebook as people and programs read it: a terminal list grouped by what is due,
CSV and xlsx (one row a pupil), JSON (``cases``: docs/cases.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from attcli.cases.lapsed import Lapsed
from attcli.cases.run import DUE_GROUPS, CaseRow, CasesResult
from attcli.ladder import (
    END_UNKNOWN_TEXT,
    Case,
    ReviewWindow,
    judged_lines,
    moved_weeks_text,
    passed_text,
    since_lines,
    span_text,
    term_text,
    waits_text,
)
from attcli.percent import excel_format, of_one, pct_float, pct_text, with_sessions

HEADERS = [
    "UPN", "name", "year", "form", "attendance", "stage", "status", "since", "period ends",
    "before", "since stage", "improved", "due", "due stage", "due from", "new", "note",
    "recorded while due",
]  # fmt: skip

STATUS_TEXT = {
    "monitoring": "monitoring",
    "due": "due",
    "review": "review by hand",
    "last": "at the last step",
    "left": "left the ladder (improved)",
    "off_roll": "no longer on roll",
    "not_improved": "not improved",
}
#: the status of a row of ``no_longer_due`` in CSV and JSON (docs/cases.md)
NO_LONGER_DUE = "no_longer_due"
#: ... of a row of ``held_off_ladder`` in CSV (a pupil off the ladder whose band's letter
#: `attcli letters` holds for review)
BAND_LETTER_HELD = "band_letter_held"


def _pct(att: tuple[int, int] | None, lines: tuple = ()) -> str:
    if att is None or att[1] == 0:
        return ""
    return with_sessions(*att, lines)


def _d(day: Any) -> str:
    """A day as the CSV and JSON write it (ISO: read by programs)."""
    return day.isoformat() if day is not None else ""


def _shown(day: Any) -> str:
    """A day as the terminal shows it, dd/mm/yyyy as every line attcli prints: the tables
    gave "2026-09-25" beside "left 02/10/2026" (sweep looks7)."""
    return f"{day:%d/%m/%Y}" if day is not None else ""


def row_values(r: CaseRow, lines: tuple = ()) -> list[object]:
    c = r.case
    return [
        r.upn,
        r.name,
        r.year_group or "",
        r.reg_group or "",
        pct_text(r.attended, r.possible, lines) if r.possible else "",
        c.stage.name if c.stage else "",
        c.status or "",
        _d(c.since),
        _d(c.period_end),
        _pct(c.before, lines),
        _pct(c.since_att, since_lines(c, lines)),
        "" if c.improved is None else ("yes" if c.improved else "no"),
        c.due or "",
        c.due_stage.name if c.due_stage else "",
        _d(c.due_from),
        "NEW" if r.new else "",
        note_of(r, lines),
        "; ".join(f"{s.name} {d.isoformat()}" for s, d in c.repeats),
    ]


def since_left_text(c: Case, lines: tuple = ()) -> str:
    """A stage due by its condition on the figure since leaving the ladder, not the year
    to date the row shows (docs/cases.md): "due by attendance since leaving the ladder on
    18/10/2026: 90.0% (27/30), not the year to date"; else ""."""
    if c.status != "due" or c.since_left is None or c.left_on is None:
        return ""
    a, p = c.since_left
    return (
        f"due by attendance since leaving the ladder on {c.left_on:%d/%m/%Y}: "
        f"{with_sessions(a, p, lines)}, not the year to date"
    )


def note_of(r: CaseRow, lines: tuple = ()) -> str:
    """The row's note, and why its letter is held for review or its next stage waits."""
    c = r.case
    parts = [
        r.note, since_left_text(c, lines), term_text(c, lines), c.term_unknown or "",
        f"held for review: {c.held}" if c.held else "",
        c.not_now or "", r.band_letter,
        waits_text(c), passed_text(c),
        f"period of {moved}" if (moved := moved_weeks_text(c)) else "",
    ]  # fmt: skip
    if c.end_unknown:  # (no date in ``period ends``: docs/cases.md step 2)
        parts.append(f"period ends {END_UNKNOWN_TEXT}")
    return "; ".join(p for p in parts if p)


def _stage_name(c: Case) -> str:
    """The stage a row of "On the ladder, nothing due this week" is at: its current
    stage, else (a pupil on no stage yet, due one but sent no letter now) the stage due;
    the name was left blank, "stage:  (due, no letter now; ...".  "none" if neither."""
    stage = c.stage or c.due_stage
    return stage.title if stage else "none"


def _end(c: Case) -> str:
    """The period's last day as the terminal lists give it, or that it is unknown (a
    period of half terms past the last one listed, docs/cases.md step 2)."""
    return END_UNKNOWN_TEXT if c.end_unknown else _shown(c.period_end)


def lapsed_values(x: Lapsed, lines: tuple = ()) -> list[object]:
    """A pupil due a stage in the last run on record and due nothing now, as a row of the
    CSV: status ``no_longer_due``, the stage then in ``due stage``, why in ``note``."""
    c = x.case
    return [
        x.upn, x.name or "", x.year_group or "", x.reg_group or "",
        pct_text(x.attended, x.possible, lines) if x.possible else "",
        c.stage.name if c is not None and c.stage else "", NO_LONGER_DUE,
        _d(c.since) if c else "", _d(c.period_end) if c else "", "", "", "", "",
        x.due_stage, _d(x.due_from), "", x.detail, "",
    ]  # fmt: skip


def held_values(r: CaseRow, lines: tuple = ()) -> list[object]:
    """A pupil off the ladder whose band's letter `attcli letters` holds for review, as a
    row of the CSV: status ``band_letter_held``, why in ``note``."""
    values = row_values(r, lines)
    values[HEADERS.index("status")] = BAND_LETTER_HELD
    return values


def _all_rows(result: CasesResult) -> list[list[object]]:
    lines = result.lines
    return (
        [row_values(r, lines) for r in result.rows]
        + [lapsed_values(x, lines) for x in result.no_longer_due]
        + [held_values(r, lines) for r, _ in result.held_off_ladder]
    )


def to_csv(result: CasesResult) -> str:
    from attcli.output import rows_csv

    return rows_csv(HEADERS, _all_rows(result))


#: the columns holding a day (ISO text in the CSV, a date cell in the workbook)
DATE_COLUMNS = ("since", "period ends", "due from")


def stage_titles(result: CasesResult) -> dict[str, str]:
    """Each stage's key and its title, the name the school gave it ("red" -> "Red letter",
    "la_referral" -> "Referral to the local authority"): what a person reads in the
    terminal's and the workbook's cells, where the CSV and the JSON keep the key, which
    `attcli case record --action` takes (sweep leftovers14)."""
    return {s.name: s.title for s in result.ladder.stages}


def to_xlsx(result: CasesResult) -> bytes:
    from attcli.output import rows_xlsx, year_cell

    at = [HEADERS.index(h) for h in DATE_COLUMNS]
    rows = _all_rows(result)
    year = HEADERS.index("year")
    titles = stage_titles(result)
    stages = [HEADERS.index(h) for h in ("stage", "due stage")]
    for row in rows:  # a workbook's dates are date cells (text sorted as text)
        for i in at:
            if row[i]:
                row[i] = dt.date.fromisoformat(str(row[i]))
        row[year] = year_cell(row[year])  # (a whole year a number, as the CSV's 7 is)
        for i in stages:  # the stage's title, as the terminal names it
            row[i] = titles.get(str(row[i]), row[i])
        if row[-1]:  # recorded while due: "red 2026-10-05; ..."
            row[-1] = "; ".join(
                f"{titles.get(name, name)} {day}"
                for name, _, day in (x.rpartition(" ") for x in str(row[-1]).split("; "))
            )
    # attendance as the check's workbook holds it: the shown figure as a fraction of 1,
    # under a percent format of its decimals (the CSV keeps its text, "90.0%")
    att = HEADERS.index("attendance")
    counts = (
        [(r.attended, r.possible) for r in result.rows]
        + [(x.attended, x.possible) for x in result.no_longer_due]
        + [(r.attended, r.possible) for r, _ in result.held_off_ladder]
    )
    formats: list[dict[int, str]] = []
    for row, (attended, possible) in zip(rows, counts, strict=True):
        shown = pct_float(attended, possible, result.lines) if possible else None
        if shown is None:
            formats.append({})
            continue
        row[att] = of_one(shown)
        formats.append({att: excel_format(shown, percent=True)})
    return rows_xlsx(HEADERS, rows, "Casebook", formats)


def _att(att: tuple[int, int] | None, lines: tuple = ()) -> dict[str, Any] | None:
    if att is None:
        return None
    return {
        "attended": att[0],
        "possible": att[1],
        "pct": pct_float(*att, lines) if att[1] else None,
    }


def _pupil_json(r: CaseRow, lines: tuple = ()) -> dict[str, object]:
    """A pupil's fields in the cases JSON, for a case and for a band letter held off the
    ladder alike: who, and the attendance figure with its exact counts."""
    return {
        "school": r.school or None,  # (no school: null, as case list gives it)
        "upn": r.upn,
        "name": r.name,
        # the parts, as the check's, the CME list's and the pack's JSON give them
        "surname": r.surname,
        "forename": r.forename,
        "year_group": r.year_group,
        "reg_group": r.reg_group,
        "attendance_pct": pct_float(r.attended, r.possible, lines) if r.possible else None,
        # the exact counts beside the rounded figure, as the check's JSON has them
        "attended": r.attended,
        "possible": r.possible,
    }


def to_json(result: CasesResult) -> str:
    from attcli.output import json_document, json_time

    cases = []
    lines = result.lines
    for r in result.rows:
        c = r.case
        cases.append(
            {
                **_pupil_json(r, lines),
                "stage": c.stage.name if c.stage else None,
                "status": c.status,
                "since": _d(c.since) or None,
                "period_end": _d(c.period_end) or None,
                "before_pct": pct_float(*c.before, lines) if c.before and c.before[1] else None,
                "since_pct": (
                    pct_float(*c.since_att, since_lines(c, lines))
                    if c.since_att and c.since_att[1]
                    else None
                ),
                "before": _att(c.before, lines),
                "since_stage": _att(c.since_att, since_lines(c, lines)),
                "improved": c.improved,
                "due": c.due,
                "due_stage": c.due_stage.name if c.due_stage else None,
                "due_from": _d(c.due_from) or None,
                # due since a week whose run has gone by, not recorded (the text's
                # "overdue"): a script need not work out the review window
                "overdue": result.overdue(r),
                "reviewed_on": _d(c.reviewed_on) or None,
                "new": r.new,
                "note": note_of(r, lines) or None,
                "held": c.held,
                "waiting": c.waiting.name if c.waiting is not None else None,
                "passed_over": c.passed.name if c.passed is not None else None,
                "recorded_while_due": [
                    {"stage": s.name, "date": d.isoformat()} for s, d in c.repeats
                ],
                "carried_over": (
                    {"run_as_of": c.carried_from.isoformat(), "note": r.note}
                    if c.carried_from is not None
                    else None
                ),
            }
        )
    gone = [
        {
            "school": x.school or None,
            "upn": x.upn,
            "name": x.name,
            "surname": x.surname,
            "forename": x.forename,
            "year_group": x.year_group,
            "reg_group": x.reg_group,
            "attendance_pct": pct_float(x.attended, x.possible, lines) if x.possible else None,
            # (null: not in these exports' figures, no counts)
            "attended": x.attended if x.counted else None,
            "possible": x.possible if x.counted else None,
            "stage": x.case.stage.name if x.case is not None and x.case.stage else None,
            "status": NO_LONGER_DUE,
            "due_stage": x.due_stage,
            "due_from": _d(x.due_from) or None,
            "run_as_of": x.run_as_of.isoformat(),
            "reason": x.reason,
            "detail": x.detail,
        }
        for x in result.no_longer_due
    ]
    doc: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "ladder": [
            {"name": s.name, "title": s.title, "action": s.action} for s in result.ladder.stages
        ],
        "default_ladder": not result.ladder.configured,
        "snapshot": result.snapshot_id,
        "compared_with_run": (
            {
                "as_of": result.compared_with.as_of.isoformat(),
                "recorded_at": json_time(result.compared_with.taken_at),
                "recorded_by": result.compared_with.taken_by,
            }
            if result.compared_with is not None
            else None
        ),
        "cases": cases,
        "no_longer_due": gone,
        # off the ladder (left it improved in an earlier run), the band's letter held by
        # attcli letters for a person to review: sent, it puts the pupil on the ladder again
        "held_off_ladder": [
            {
                **_pupil_json(r, lines),
                "letter": letter,
                "held": r.band_letter,
            }
            for r, letter in result.held_off_ladder
        ],
        # a child under two UPNs at a stage on record under the one that left, the ladder
        # starting again under the one on roll: a line each
        "two_upns": result.two_upns,
    }
    if result.impact is not None:
        doc["impact"] = {
            "weeks": result.impact_weeks,
            "stages": [vars(i) for i in result.impact],
        }
    doc["warnings"] = result.warnings
    return json_document(doc, ("cases", "no_longer_due", "held_off_ladder", "two_upns")) + "\n"


def print_text(result: CasesResult, console: Any) -> None:
    """The weekly list: what is due, grouped; the reviews of the week; everyone else."""
    from rich.text import Text

    from attcli.terminal import print_rows, terminal_text

    on = [r for r in result.rows if r.case.on_ladder]
    console.print(
        Text(
            f"Casebook as of {result.as_of:%a %d %b %Y}: {len(on)} "
            f"pupil{'s' if len(on) != 1 else ''} on the ladder"
            + ("" if result.ladder.configured else " (the default ladder, from the bands)")
            + (
                f"; NEW = not on it in {result.compared_with.describe()}"
                if result.compared_with is not None
                else ""
            )
        ),
        highlight=False,
    )
    shown: set[str] = set()
    for key, title in DUE_GROUPS:
        rows = result.due(key)
        if not rows:
            continue
        if key == "held":
            _print_held(result, rows, console)
            shown.update(r.upn for r in rows)
            continue
        print_rows(
            console,
            f"{title} ({len(rows)})",
            ["", "UPN", "name", "form", "att.", "step", "due from"],
            [
                [
                    *_cells(result, r),
                    (_shown(r.case.due_from) or "now")
                    + (", overdue" if result.overdue(r) else ""),
                ]
                for r in rows
            ],
            whole=(5,),
            spelt=SPELT,
        )
        if key == "review":  # (how the decision is recorded: the why is on each row)
            from attcli.ladder import review_how

            first = rows[0]
            how = review_how(first.case, first.upn, result.ladder, first.school or "")
            console.print(Text(f"Decide each by hand; {how}"), highlight=False)
        shown.update(r.upn for r in rows)
    reviews = result.reviews_this_week()
    if reviews:
        print_rows(
            console,
            f"{_reviews_title(result, reviews)} ({len(reviews)})",
            ["UPN", "name", "stage", "period", "before", "over the period", "outcome"],
            [_review_values(r, result.lines, result.review_window(r.school)) for r in reviews],
            whole=(6,),
        )
    rest = [
        r
        for r in result.rows
        if r.upn not in shown
        and (r.case.status in ("monitoring", "last", "not_improved") or r.case.not_now)
    ]
    if rest:
        print_rows(
            console,
            f"On the ladder, nothing due this week ({len(rest)})",
            ["UPN", "name", "stage", "since", "period ends", "before", "since stage"],
            [
                [
                    r.upn,
                    r.name,
                    f"{_stage_name(r.case)} "
                    f"({'due, no letter now' if r.case.not_now else STATUS_TEXT[r.case.status or '']}"
                    f"{'; ' + waits_text(r.case) if waits_text(r.case) else ''}"
                    f"{'; ' + passed_text(r.case) if r.case.passed else ''}{_recorded(r.case)}"
                    f"{'; ' + r.case.not_now if r.case.not_now else ''}"
                    f"{'; period of ' + moved_weeks_text(r.case) if moved_weeks_text(r.case) else ''}"
                    f"{'; ' + r.note if r.note else ''})",
                    _shown(r.case.since),
                    _end(r.case),
                    _pct(r.case.before, result.lines),
                    _pct(r.case.since_att, since_lines(r.case, result.lines)),
                ]
                for r in rest
            ],
            whole=(2, 4),
        )
        # the band's own letter, which attcli letters sends each half term besides the
        # steps above, and which moves nothing on the ladder (docs/cases.md, step 7)
        lettered = [r for r in rest if r.band_letter]
        if lettered:
            console.print(
                Text(
                    "The band's own letter from attcli letters this half term (each half "
                    "term, besides the steps; it moves nothing on the ladder), for "
                    f"{len(lettered)} of these: "
                    + "; ".join(f"{r.name} ({r.upn}): {r.band_letter}" for r in lettered)
                ),
                highlight=False,
            )
    # off the ladder, listed the run after their last day on roll only (docs/cases.md)
    gone = [r for r in result.rows if r.upn not in shown and r.case.status == "off_roll"]
    if gone:
        print_rows(
            console,
            f"No longer on roll ({len(gone)})",
            ["UPN", "name", "stage", "since", "period ends", "outcome"],
            [
                [r.upn, r.name, r.case.stage.title if r.case.stage else "", _shown(r.case.since),
                 _end(r.case), _outcome(r)]
                for r in gone
            ],  # fmt: skip
            whole=(2, 5),
        )
    if result.no_longer_due and result.compared_with is not None:
        run = f"the check recorded as of {result.compared_with.as_of:%d/%m/%Y}"
        # a stage due by its condition whose figure is back over the line: one line per
        # stage, the pupils named in it (early in the year a figure of 24 sessions crosses
        # the line each week: a table of them every week helps nobody); the rest, a table
        lapsed = [x for x in result.no_longer_due if x.reason == "condition"]
        rest = [x for x in result.no_longer_due if x.reason != "condition"]
        titles = stage_titles(result)
        for stage in dict.fromkeys(x.due_stage for x in lapsed):
            these = [x for x in lapsed if x.due_stage == stage]
            # (each with the figure its condition was judged on: since leaving the ladder
            # for a pupil who left it, else the year to date)
            who = "; ".join(
                f"{x.name or x.upn} {pct_text(*x.figure, result.lines)}"
                if x.figure[1]
                else (x.name or x.upn)
                for x in these
            )
            console.print(
                Text(
                    f"No longer due since {run} (nothing recorded), the figure back over "
                    f"the line: {titles.get(stage, stage)}, {len(these)} pupil{'s' if len(these) != 1 else ''}: "
                    f"{who}"
                )
            )
        if rest:
            print_rows(
                console,
                f"No longer due since {run} (nothing recorded) ({len(rest)})",
                ["UPN", "name", "form", "why"],
                [[x.upn, x.name or "", x.reg_group or "", x.detail] for x in rest],
                whole=(3,),
            )
    if result.held_off_ladder:
        print_rows(
            console,
            f"Off the ladder, a band letter held for review by attcli letters "
            f"({len(result.held_off_ladder)})",
            ["UPN", "name", "form", "why"],
            [[r.upn, r.name, r.reg_group or "", r.band_letter] for r, _ in result.held_off_ladder],
            whole=(3,),
        )
    for line in result.two_upns:  # (one child under two UPNs: the stage the old one reached)
        console.print(Text(terminal_text(line, 800), style="bold"), highlight=False)
    if not result.rows:
        console.print("No pupil is on the ladder.")
    if result.impact is not None:
        print_rows(
            console,
            f"Did it work? Attendance {result.impact_weeks} weeks before each action and "
            f"{result.impact_weeks} weeks from it",
            ["stage", "pupils", "improved", "median change (points)", "note"],
            [
                [
                    i.title,
                    "" if i.pupils is None else i.pupils,
                    "" if i.improved is None else i.improved,
                    "" if i.median_change is None else f"{i.median_change:+.2f}",
                    i.note or "",
                ]
                for i in result.impact
            ],
            whole=(0, 4),
        )


def _cells(result: CasesResult, r: CaseRow) -> list[str]:
    """A due row's first cells, as each due list shows them: NEW, UPN, name, form, the
    attendance and the step."""
    return [
        "NEW" if r.new else "",
        r.upn,
        r.name,
        r.reg_group or "",
        pct_text(r.attended, r.possible, result.lines) if r.possible else "",
        _step(r, result.lines),
    ]


#: The casebook's short headings spelt out where each row is a block: "attendance" is 6
#: columns wider than "att.", which the table has not at 80 columns (the README's
#: casebook went 3 over, "due from" wrapped; sweep leftovers8)
SPELT = {"att.": "attendance"}


def _print_held(result: CasesResult, rows: list[CaseRow], console: Any) -> None:
    """The steps due that ``attcli letters`` would hold for review (DOMAIN.md 9, 12): the
    letters, and the meetings and referrals for the same reasons, apart from the steps to
    act on, why, and what a person can do."""
    from rich.text import Text

    from attcli.terminal import print_rows

    letters, others = [], []
    for r in rows:  # (one pass: a row's stage says which; never a comparison of rows)
        is_letter = r.case.due_stage is not None and r.case.due_stage.action == "letter"
        (letters if is_letter else others).append(r)
    print_rows(
        console,
        f"Held for review, not {'letters to send' if not others else 'steps to act on'} "
        f"({len(rows)})",
        ["", "UPN", "name", "form", "att.", "step", "held for review"],
        [
            [*_cells(result, r), r.case.held]
            for r in rows
        ],
        whole=(5, 6),
        spelt=SPELT,
        plain=False,
        fold=False,  # the reason is what a person reads: whole on a line, or a block
    )
    from attcli.output import command_word

    if letters:
        from attcli.check import release_command

        console.print(
            Text(
                "attcli letters holds these letters for a person to review, each for the "
                "reason beside it (a warning is wrong for absence the school agreed or that "
                "is illness, or resting on N marks not yet resolved; any letter about a "
                "looked-after pupil is agreed with the social worker first): if one is "
                "right after all, "
                f"`{release_command(letters[0].upn)}` makes it and records the stage; until "
                "then "
                "nothing is recorded and the pupil goes no further up the ladder"
            ),
            highlight=False,
        )
    if others:
        first = others[0]
        assert first.case.due_stage is not None
        console.print(
            Text(
                "a meeting or referral held for the same reasons: if a person decides it is "
                f"right after all, `attcli case record {command_word(first.upn)} --action "
                f"{first.case.due_stage.name} --date DATE` records it once done; until then "
                "the pupil goes no further up the ladder"
            ),
            highlight=False,
        )


def _step(r: CaseRow, lines: tuple = ()) -> str:
    """``stage -> due``, and the records made while it was due (docs/cases.md step 7)."""
    c = r.case
    due = c.due_stage.title if c.due_stage else "decide by hand"
    step = f"{c.stage.title} -> {due}" if c.stage else due
    if c.passed is not None and c.due_stage is not None:
        step += f" ({passed_text(c)})"
    if r.note:
        step += f" ({r.note})"
    if since := since_left_text(c, lines):
        step += f" ({since})"
    if term := term_text(c, lines):
        step += f" ({term})"
    if c.term_unknown:  # (a term it cannot judge: said, not silent; sweep leftovers13)
        step += f" ({c.term_unknown})"
    if c.repeats:
        step += " (still due after " + ", ".join(
            f"{s.title}{' again' if s == c.stage else ''} on {d:%d/%m/%Y}" for s, d in c.repeats
        ) + ")"
    return step


def _recorded(c: Case) -> str:
    """The records that moved nothing (docs/cases.md step 7), for a pupil with nothing
    due: "; recorded since, earlier stages that move nothing: severe 11/12/2026", or, with
    a record of the stage the pupil is monitoring at among them, "; recorded since, records
    that move nothing: red again 14/12/2026" (inside the status's brackets: in a block of
    "header: value" items a "; " of its own would read as the next item)."""
    if not c.repeats or c.status == "due":
        return ""
    if all(s != c.stage for s, _ in c.repeats):
        done = ", ".join(f"{s.title} {d:%d/%m/%Y}" for s, d in c.repeats)
        return f"; recorded since, earlier stages that move nothing: {done}"
    done = ", ".join(
        f"{s.title}{' again' if s == c.stage else ''} {d:%d/%m/%Y}" for s, d in c.repeats
    )
    return f"; recorded since, records that move nothing: {done}"


def _reviews_title(result: CasesResult, reviews: list[CaseRow]) -> str:
    """"Reviews ending this week", or, in the first run after a holiday (the window reaches
    back to the last school week: docs/cases.md step 4), "Reviews ended since the last
    school week (after 23/10/2026)"."""
    windows = {result.review_window(r.school) for r in reviews}
    after = {w.after for w in windows}
    if any(w.since_run for w in windows):  # weeks without a run on record
        return "Reviews ended since the last check on record" + (
            f" (after {next(iter(after)):%d/%m/%Y})" if len(after) == 1 else ""
        )
    if not any(w.over_a_holiday for w in windows):
        return "Reviews ending this week"
    return "Reviews ended since the last school week" + (
        f" (after {next(iter(after)):%d/%m/%Y})" if len(after) == 1 else ""
    )


def _review_values(r: CaseRow, lines: tuple, window: ReviewWindow | None = None) -> list[str]:
    """A row of "Reviews ending this week": the period that ended and its figures (the
    case's ``since`` to ``since_att`` are the period after it, when one runs: ``stay``, a
    step-down, a stage passed over); a period that ended in the holiday the run's
    ``window`` reaches back over says so."""
    c, rv = r.case, r.case.review
    if rv is None:  # (every review this week has one: reviewed_on is its last day)
        period, before, after = "", None, None
    else:
        period = f"{rv.since:%d/%m}-{rv.end:%d/%m}"
        if window is not None and window.in_holiday(rv.end):
            period += " (in the holiday)"
        before, after = rv.before, rv.after
    over = judged_lines(rv.stage, rv.before, lines) if rv is not None else lines
    return [
        r.upn,
        r.name,
        c.stage.title if c.stage else "",
        period,
        _pct(before, lines),
        _pct(after, over),
        _outcome(r),
    ]


def _outcome(r: CaseRow) -> str:
    c = r.case
    # the verdict on the period that ended (a period after it, running, has none yet)
    verdict = c.review.improved if c.review is not None else c.improved
    if c.status == "left":  # (and what attcli letters does with the band's own letter)
        return "improved: leaves the ladder" + (f"; {r.band_letter}" if r.band_letter else "")
    if c.status == "off_roll":  # (not "not improved": nothing is due for a pupil who left)
        return "no longer on roll" + (f" (left {c.left_on:%d/%m/%Y})" if c.left_on else "") + (
            ": nothing due"
        )
    if c.passed is not None and c.status == "monitoring" and verdict is False:
        # the period reviewed was not improved: the next stage's runs, passed over (step 4)
        runs = (
            f"runs to {c.period_end:%d/%m/%Y}"
            if c.period_end is not None
            else f"ends {END_UNKNOWN_TEXT}"
        )
        return (
            f"{c.stage.title if c.stage else ''} period not improved; {passed_text(c)}: its "
            f"period {runs}"
        )
    if verdict is None:
        if c.not_held is not None:
            return f"cannot judge: the exports given do not hold {span_text(*c.not_held)}; decide by hand"
        why = (c.review.why if c.review is not None else "") or "no sessions to compare"
        return f"cannot judge ({why}): decide by hand"
    if verdict and c.kept_in is not None:
        at = c.stage.title if c.stage else ""
        return f"improved, but still {c.kept_in} over the period: stays at {at}"
    if verdict:
        return f"improved: now {c.stage.title if c.stage else ''}"
    if c.status == "not_improved":
        return f"not improved; {waits_text(c)}: stays at {c.stage.title if c.stage else ''}"
    if c.due_stage is not None and term_text(c):
        # due by the term, not by this period (its next stage may wait: step 4)
        return f"not improved; {c.due_stage.title} due after a term on the ladder not improved"
    if c.due_stage is not None:
        passed = f" ({passed_text(c)})" if c.passed is not None else ""
        return f"not improved: {c.due_stage.title} due{passed}"
    return "not improved, and no further stage: decide by hand"
