"""The framework's first day and the window's first day where a notice or the window is
shown (sweep rules4): each answer worked by hand from DOMAIN.md 5 and 6
(docs/decisions.md, "... (sweep of 6 December (seventh), rules4)").

The register is rules3's (tests/test_sweep_rules3.py): the school year opens on Thu 3 Sep
2026 (Mon 31 Aug the summer bank holiday, Tue 1 and Wed 2 Sep the holiday), Mon 7 Sep an
INSET day (`#` for everyone), the October half term 26-30 Oct.  School weeks by their
Mondays: 31 Aug (1: Thu-Fri), 7 Sep (2: Tue-Fri), 14 (3), 21 (4), 28 (5), 5 Oct (6),
12 (7), 19 (8), 2 Nov (9), 9 Nov (10), 16 Nov (11).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from attcli.config import Config, parse_config
from attcli.engine import evaluate
from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace
from test_sweep_rules3 import HALF_TERM, OK, TERMS, _register

D = dt.date
WHY = "issued before the national framework began (19/08/2024): counts toward no limit"


def test_pn_list_and_pupil_say_a_notice_before_the_framework_counts_toward_no_limit(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 5 and rules3's rule (`Notice.before_framework`): notices to Mrs Able about
    A of Fri 1 Mar 2024 (before 19 Aug 2024: counts toward nothing) and Mon 2 Sep 2024
    (counts until 02/09/2027).  `pn list` said the next notice "second (GBP 160)" beside
    both, and nothing of March's not counting; `pupil` listed both the same way; `pn next`
    quoted a first or a second with no word of it.  Now each says it of March's notice
    alone (the JSON the pack's sentence, null for September's; `pn next` the sentence as a
    note, once March's notice was issued)."""
    from attcli.store import History, Parent

    export = write_long_csv(_register(), tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", TERMS)
    mum = Parent("id:C1", "Mrs Ann Able")
    with History(tmp_path / "ws" / "attcli-history.sqlite3") as store:
        store.record_notice("A", mum, D(2024, 3, 1))
        store.record_notice("A", mum, D(2024, 9, 2))
    code, out, err = run_cli("pn", "list", "--json", "-c", config)
    assert code == 0, err
    said = {n["issued_on"]: n["not_counted"] for n in json.loads(out)}
    assert said == {
        "2024-03-01": "The notice of 01/03/2024 to Mrs Ann Able was issued before the national "
        "framework began (19/08/2024): it does not count toward the two notices allowed in "
        "3 years.",
        "2024-09-02": None,
    }
    code, out, err = run_cli("pn", "list", "-c", config, width=300)
    assert code == 0, err
    rows = [" ".join(line.split()) for line in out.splitlines() if "Mrs Ann Able" in line]
    assert len(rows) == 2 and WHY in rows[0] and WHY not in rows[1], rows
    code, out, err = run_cli("pupil", "A", export, "--as-of", "2026-11-13", "-c", config,
                             width=200)  # fmt: skip
    assert code == 0, err
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert f"01/03/2024 to Mrs Ann Able, {WHY}" in lines, out
    assert "02/09/2024 to Mrs Ann Able" in lines, out
    # `pn next` quoted "first" on 30/08/2024 with March's notice on record, and no word why
    full = ("The notice of 01/03/2024 to Mrs Ann Able was issued before the national "
            "framework began (19/08/2024): it does not count toward the two notices allowed "
            "in 3 years.")
    for day, kind in (("2024-08-30", "first (GBP 80"), ("2026-11-13", "second (GBP 160)")):
        code, out, err = run_cli("pn", "next", "A", "--parent", "C1", "--date", day, "-c", config)
        assert code == 0, err
        assert out.startswith(kind) and full in " ".join(err.split()), (out, err)
    code, out, err = run_cli("pn", "next", "A", "--parent", "C1", "--date", "2024-02-29",
                             "-c", config)  # fmt: skip
    assert code == 0 and "framework" not in err, err  # (no notice on record then)


def test_the_pack_s_register_grid_names_its_first_row_by_the_window_s_first_day(
    tmp_path: Path,
) -> None:
    """The window 03/09/2026 to 13/11/2026: the grid's first row was "Week of 31 Aug 2026"
    (its Monday, the summer bank holiday, before the window and the school year), its
    Monday to Wednesday blank.  An officer reading the pack reads the row's first day in
    the window: "3 Sep 2026"; the rows wholly inside it keep their Mondays ("7 Sep 2026":
    the INSET day, shown `#`).  As of Mon 16 Nov the window starts Tue 8 Sep (the INSET
    Monday no day of it): "8 Sep 2026".  The key said "Outside the period of this
    certificate" on a pack's page: now the window's."""
    from attcli.certificate import certificate_data

    config = parse_config(TERMS)
    reg = _register()
    for as_of, start, first in ((D(2026, 11, 13), D(2026, 9, 3), "3 Sep 2026"),
                                (D(2026, 11, 16), D(2026, 9, 8), "8 Sep 2026")):  # fmt: skip
        ev = evaluate(reg, config, as_of=as_of)
        row = ev.pupils.filter(pl.col("upn") == "A").row(0, named=True)
        assert row["pn_window_start"] == start
        data = certificate_data(reg, ev, row, made_on=as_of, start=start, end=as_of)
        labels = [w["label"] for w in data["weeks"]]
        assert labels[0] == first, labels
        assert labels[1:3] == (
            ["7 Sep 2026", "14 Sep 2026"] if first == "3 Sep 2026" else ["14 Sep 2026", "21 Sep 2026"]
        )
    export = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", TERMS)
    from school import contacts_file

    contacts = contacts_file(tmp_path / "c.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    pdf = tmp_path / "a.pdf"
    code, _, err = run_cli("evidence", "A", export, "--for", "penalty-notice", "--contacts",
                           contacts, "--as-of", "2026-11-13", "-c", ws, "-o", pdf)  # fmt: skip
    assert code == 0, err
    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert "31 Aug 2026" not in text and "3 Sep 2026" in text, text
    assert "certificate" not in text, text
    assert "Outside the penalty-notice window" in text, text


def _stray_register() -> pl.DataFrame:
    """B: `O` all Wed 2 Sep (a stray day: B alone of the 12 on roll marked, the school
    shut), all Thu 3 and Fri 4 Sep, all Mon 9 to Wed 11 Nov; eleven pupils present
    throughout."""
    b = "O O # " + P * 4 + P * 5 * 6 + P * 5 + "O O O " + P * 2 + P * 5
    pupils = {"B": b, **{f"K{i}": OK for i in range(11)}}
    main = register(pupils, start=D(2026, 9, 3), holidays=HALF_TERM)
    # (all on roll before the summer: Fri 17 Jul 2026 present, so B alone on 2 Sep is a
    # handful of the pupils on roll)
    july = register({u: P for u in pupils}, start=D(2026, 7, 17))
    stray = register({"B": "O"}, start=D(2026, 9, 2))
    return pl.concat([july, stray, main])


P = "/\\ "


def test_the_first_date_met_counts_what_the_window_that_day_counts():
    """The window ending on a day in weeks 1-10 starts on week 1's first school day, Thu 3
    Sep (rules3), so B's two stray sessions of Wed 2 Sep are in none of them.  B's count:
    4 in September, then 2 a day: 6 on Mon 9 Nov, 8 on Tue 10, 10 only on Wed 11.  The
    first date met was Tue 10 Nov (the stray two counted: 2 + 4 + 4), a day on which the
    window the pack and the check show held 8."""
    for config in (Config(), parse_config(TERMS)):
        ev = evaluate(_stray_register(), config, as_of=D(2026, 11, 13))
        row = ev.pupils.filter(pl.col("upn") == "B").row(0, named=True)
        assert (row["pn_window_start"], row["pn_window_sessions"]) == (D(2026, 9, 3), 10)
        assert row["pn_first_met"] == D(2026, 11, 11)
        ev = evaluate(_stray_register(), config, as_of=D(2026, 11, 10))
        row = ev.pupils.filter(pl.col("upn") == "B").row(0, named=True)
        assert (row["pn_window_sessions"], row["pn_threshold_met"]) == (8, False)
        assert row["pn_first_met"] is None


def _summer_register() -> pl.DataFrame:
    """The summer term 2026 from Fri 1 May (Mon 4 May the bank holiday, 25-29 May half
    term) to Fri 17 Jul, then Thu 3 and Fri 4 Sep: C marked `O` alone on Mon 4 May (a stray
    day) and all Mon 13 to Thu 16 Jul (8 sessions); eleven pupils present throughout."""
    from builders import weekdays

    off = [D(2026, 5, 4)] + [D(2026, 5, 25) + dt.timedelta(days=i) for i in range(5)]
    days = weekdays(D(2026, 5, 1), D(2026, 7, 17), off)
    c = " ".join("O" if D(2026, 7, 13) <= d <= D(2026, 7, 16) else "/\\" for d in days)
    pupils = {"C": c, **{f"K{i}": " ".join(["/\\"] * len(days)) for i in range(11)}}
    summer = register(pupils, start=D(2026, 5, 1), holidays=off)
    autumn = register({u: "/\\ /\\" for u in pupils}, start=D(2026, 9, 3))
    stray = register({"C": "O"}, start=D(2026, 5, 4))
    return pl.concat([summer, stray, autumn])


def test_a_window_carried_from_last_year_counts_from_its_first_school_day():
    """As of Fri 4 Sep 2026 the window carried into the new year (the 10 school weeks up
    to the summer's last: weeks of 4 May to 13 Jul) starts Tue 5 May, after the bank
    holiday: C's 8 July sessions, not 10 with the stray day's two, so it was never met
    this school year (the carried-over first date met was the period's first day)."""
    ev = evaluate(_summer_register(), Config(), as_of=D(2026, 9, 4))
    row = ev.pupils.filter(pl.col("upn") == "C").row(0, named=True)
    assert row["pn_window_sessions"] == 8
    assert row["pn_first_met"] is None, row["pn_first_met"]
