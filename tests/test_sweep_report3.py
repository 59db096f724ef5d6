"""Sweep of the report's formats, options and period, third pass: small registers built
by hand, each figure worked out from DOMAIN.md 2-4 first, the HTML, the workbook (read
with openpyxl) and ``check --format json`` set side by side."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

import openpyxl

from builders import weekdays
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


def _export(path: Path, days: list[dt.date], marks: dict[str, str], pm_last: bool = True) -> Path:
    """A long export, one mark for every session of each pupil (``upn -> mark``); without
    ``pm_last`` the last day has no PM row (an export made at lunchtime)."""
    lines = ["UPN,Surname,Forename,Year Group,Reg Group,Date,Session,Mark"]
    for upn, mark in marks.items():
        for day in days:
            for session in ("AM", "PM"):
                if session == "PM" and day == days[-1] and not pm_last:
                    continue
                lines.append(f"{upn},S{upn},F{upn},Year 3,3A,{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _html_text(path: Path) -> str:
    text = re.sub(
        r"<svg.*?</svg>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _xlsx_text(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return " ".join(
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def _both(tmp_path: Path, export: Path, *options: str, audience: str = "governors") -> dict:
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = {}
    for fmt in ("html", "xlsx"):
        path = tmp_path / f"{audience}.{fmt}"
        code, _, err = run_cli(
            "report", export, "-c", config, "-o", path, "--audience", audience, *options
        )
        assert code == 0, err
        out[fmt] = _html_text(path) if fmt == "html" else _xlsx_text(path)
    return out


def _as_shown(fmt: str, note: str) -> str:
    """A note as each output gives it: a sentence of its own on the page, begun with a
    capital (sweep looks10), and in the workbook's notes cell (sweep leftovers14)."""
    return note[0].upper() + note[1:] if fmt in ("html", "xlsx") else note


def test_the_governors_report_says_why_a_period_with_no_school_day_has_no_figure(tmp_path):
    """--from Saturday 7 November --as-of Sunday 8 November: no school day in the period,
    so every headline figure is "–" (0 of 0 sessions).  The staff version says why ("no
    school day of the period yet ... its first is 09/11/2026"); the governors' version
    left the line out as "1 note about the export files (which can name files and pupils)"
    though it names neither: the empty figures stood unexplained."""
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 23)) + weekdays(
        dt.date(2026, 11, 2), dt.date(2026, 11, 13)
    )
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)})
    for audience in ("staff", "governors"):
        texts = _both(
            tmp_path / audience, export, "--from", "2026-11-07", "--as-of", "2026-11-08",
            audience=audience,
        )  # fmt: skip
        for fmt, text in texts.items():
            assert _as_shown(fmt, "no school day of the period yet up to 08/11/2026") in text, (
                audience,
                fmt,
            )
            assert "in the staff version only" not in text, (audience, fmt)


def test_the_governors_report_says_its_figures_end_with_a_lunchtime_export(tmp_path):
    """The exports end with the AM session of Friday 13 November (made at lunchtime): the
    figures are 6 pupils x (45 days x 2 - 1) = 534 sessions, all present, and every
    command says the PM register is not in them.  The governors' version withheld the line
    (it names no file and no pupil), so its figures ran to a morning unsaid."""
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 23)) + weekdays(
        dt.date(2026, 11, 2), dt.date(2026, 11, 13)
    )
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)}, False)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", export, "-c", config, "--format", "json")
    assert code == 0, err
    pupils = json.loads(out)["pupils"]
    assert sum(p["possible"] for p in pupils) == 6 * (2 * len(days) - 1) == 534
    texts = _both(tmp_path, export)
    for fmt, text in texts.items():
        assert "534 of 534" in text or "534 534" in text, fmt
        assert _as_shown(fmt, "the exports end with the AM session of 13/11/2026") in text, fmt
        assert "in the staff version only" not in text, fmt


def test_no_persistent_absence_change_since_a_half_term_the_period_barely_holds_is_said(
    tmp_path,
):
    """--from Wednesday 21 October: the period holds 3 school days of Autumn 1 (21-23
    October, 6 sessions a pupil), then 2-13 November.  6 pupils present throughout but P0,
    absent (O) on 9-13 November: now P0 has 16 of 26 sessions (61.5 %, PA), so PA is 1 of
    6, 16.7 %.  At the end of Autumn 1 no pupil had 10 possible sessions (the band's
    minimum), so there is no PA or SA figure then and no change: the report left the PA
    and SA change out with no word (attendance read "down 6.4 pp since end of Autumn 1":
    146 of 156 now, 36 of 36 then)."""
    days = weekdays(dt.date(2026, 10, 21), dt.date(2026, 10, 23)) + weekdays(
        dt.date(2026, 11, 2), dt.date(2026, 11, 13)
    )
    lines = ["UPN,Surname,Forename,Year Group,Reg Group,Date,Session,Mark"]
    for i in range(6):
        for day in weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 20)) + days:
            mark = "O" if i == 0 and day >= dt.date(2026, 11, 9) else "/"
            for session in ("AM", "PM"):
                lines.append(f"P{i},S,F,Year 3,3A,{day:%d/%m/%Y},{session},{mark}")
    export = tmp_path / "reg.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for audience in ("staff", "governors"):
        texts = _both(tmp_path / audience, export, "--from", "2026-10-21", audience=audience)
        for fmt, text in texts.items():
            assert ("146 of 156" if fmt == "html" else "146 156") in text, (audience, fmt)
            assert ("16.7" if fmt == "html" else "0.167") in text, (audience, fmt)
            assert _as_shown(
                fmt,
                "persistent and severe absence at the end of Autumn 1 (23/10/2026) and their "
                "change are not shown: no pupil had 10 possible sessions in the period by "
                "then (21/10/2026 to 23/10/2026)",
            ) in text, (audience, fmt)


def _weekly_rows(path: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(path)
    return [r for r in wb["Weekly"].iter_rows(min_row=2, values_only=True) if r[0] is not None]


def test_a_first_week_cut_by_the_period_s_start_says_so(tmp_path):
    """--from Wednesday 9 September: the week of 7 September holds 3 of its 5 school days
    in the period (9-11 September, 6 pupils: 36 sessions, all present).  The weekly table
    read "7 September | 3 school days | 36 | 36 | 100.0 %" and nothing more, as for a short
    week of term; the exports hold 7 and 8 September, school days before the period.  Its
    note now says so; the workbook's row has the same figures as the HTML's."""
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 23))
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "g.xlsx"
    code, _, err = run_cli(
        "report", export, "-c", config, "-o", out, "--audience", "governors",
        "--from", "2026-09-09",
    )  # fmt: skip
    assert code == 0, err
    first = _weekly_rows(out)[0]
    assert first[:6] == (dt.datetime(2026, 9, 7), dt.datetime(2026, 9, 11), 3, 36, 36, 1)
    assert first[6] == (
        "07/09/2026 to 08/09/2026: before the period's start (09/09/2026), so not in the figures"
    )
    texts = _both(tmp_path / "h", export, "--from", "2026-09-09")
    assert (
        "7 September 2026 11 September 2026 3 36 36 100.0 % (07/09/2026 to 08/09/2026: "
        "before the period's start (09/09/2026), so not in the figures)"
    ) in texts["html"]


def test_a_first_week_cut_by_the_exports_start_says_so(tmp_path):
    """The exports start on Wednesday 14 October (the year's first 5 weeks and 2 days
    missing: an incomplete year, said at the top).  The week of 12 October read "3 school
    days | 36 | 36" with no word that 12 and 13 October are school days the exports miss."""
    days = weekdays(dt.date(2026, 10, 14), dt.date(2026, 10, 23))
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "g.xlsx"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    first = _weekly_rows(out)[0]
    assert first[:6] == (dt.datetime(2026, 10, 12), dt.datetime(2026, 10, 16), 3, 36, 36, 1)
    assert first[6] == (
        "12/10/2026 to 13/10/2026: not in the exports (they start 14/10/2026), so not in the "
        "figures"
    )


def test_a_first_week_whole_in_the_period_has_no_such_note(tmp_path):
    """--from Monday 14 September, and --from Saturday 12 September: the week of 14
    September is whole (5 school days, 60 sessions): no note."""
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 23))
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    for start in ("2026-09-14", "2026-09-12"):
        out = tmp_path / f"{start}.xlsx"
        code, _, err = run_cli(
            "report", export, "-c", config, "-o", out, "--audience", "governors", "--from", start
        )
        assert code == 0, err
        assert _weekly_rows(out)[0] == (
            dt.datetime(2026, 9, 14),
            dt.datetime(2026, 9, 18),
            5,
            60,
            60,
            1,  # (100 %: a fraction of 1 under a percent format; sweep looks11)
            None,
        )


def test_the_workbook_does_not_say_no_previous_half_term_is_in_the_data_when_one_is(tmp_path):
    """--from Wednesday 28 October (the half-term holiday): Autumn 1 is in the exports but
    ended before the period, so there is no change since it, as the notes say.  The
    workbook's headline column read "% previous (none in the data)" beside that note."""
    days = weekdays(dt.date(2026, 9, 7), dt.date(2026, 10, 23)) + weekdays(
        dt.date(2026, 11, 2), dt.date(2026, 11, 13)
    )
    export = _export(tmp_path / "reg.csv", days, {f"P{i}": "/" for i in range(6)})
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    out = tmp_path / "g.xlsx"
    code, _, err = run_cli("report", export, "-c", config, "-o", out, "--from", "2026-10-28")
    assert code == 0, err
    text = _xlsx_text(out)
    assert "hanges since the end of Autumn 1 (23/10/2026)" in text  # (C or c: where it falls)
    assert "none in the data" not in text
    assert "% previous (not shown: the notes say why)" in text
