"""The penalty-notice window and the LA's file at the edges of a year (sweep rules3): each
answer worked by hand from DOMAIN.md (docs/decisions.md, "... (sweep of 6 December
(seventh), rules3)").

The register: the school year opens on Thu 3 Sep 2026 (Mon 31 Aug is the summer bank
holiday, Tue 1 and Wed 2 Sep the holiday: no rows), Mon 7 Sep is an INSET day (`#` for
everyone), the October half term 26-30 Oct has no rows.  School weeks by their Mondays:
31 Aug (1: Thu-Fri), 7 Sep (2: Tue-Fri), 14 (3), 21 (4), 28 (5), 5 Oct (6), 12 (7),
19 (8), 2 Nov (9), 9 Nov (10), 16 Nov (11).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from attcli.config import Config
from attcli.engine import evaluate
from builders import register, write_long_csv
from clirun import run_cli
from school import contacts_file, make_workspace

D = dt.date
P = "/\\ "
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
TERMS = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-03
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18
"""
#: A: `O` all Thu 3 and Fri 4 Sep (4 sessions) and Mon-Wed 9-11 Nov (6): 10 in the 10
#: school weeks to Fri 13 Nov, first met Wed 11 Nov; OK present throughout
A = "O O # " + P * 4 + P * 5 * 6 + P * 5 + "O O O " + P * 2 + P * 5
OK = P * 2 + "# " + P * 4 + P * 5 * 6 + P * 5 + P * 5 + P * 5


def _register():
    return register({"A": A, "OK": OK}, start=D(2026, 9, 3), holidays=HALF_TERM)


def _window(ev) -> dict[str, tuple]:  # noqa: ANN001
    cols = ("pn_window_start", "pn_window_end", "pn_window_sessions", "pn_first_met")
    return {r[0]: r[1:] for r in ev.pupils.select("upn", *cols).rows()}


def test_a_window_reaching_the_years_first_week_starts_on_its_first_school_day():
    """DOMAIN.md 5: the window is 10 school weeks, a school week any week with a session;
    DOMAIN.md 6: a school day is a weekday the school had a session.  As of Fri 13 Nov the
    10 school weeks are weeks 1-10: the first holds Thu 3 and Fri 4 Sep only, so the window
    is 03/09/2026 to 13/11/2026, not 31/08/2026 (the bank holiday Monday of the summer
    holiday, before the school year's first day).  As of Mon 16 Nov they are weeks 2-11:
    week 2's Monday is the INSET day, so 08/09/2026; A's count 6 (the September 4 left).
    With term dates or without, the same."""
    for config in (Config(), None):
        if config is None:
            from attcli.config import parse_config

            config = parse_config(TERMS)
        met = _window(evaluate(_register(), config, as_of=D(2026, 11, 13)))
        assert met["A"] == (D(2026, 9, 3), D(2026, 11, 13), 10, D(2026, 11, 11))
        moved = _window(evaluate(_register(), config, as_of=D(2026, 11, 16)))
        assert moved["A"] == (D(2026, 9, 8), D(2026, 11, 16), 6, D(2026, 11, 11))


def test_the_check_and_the_evidence_pack_quote_the_same_first_day(
    tmp_path: Path,
) -> None:
    """The three render the engine's window: "10 unauthorised sessions in the 10 school
    weeks 03/09/2026 to 13/11/2026" in the check and the pack (JSON start 2026-09-03), the
    dates the pack's marks are listed between (A's 10)."""
    export = write_long_csv(_register(), tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    code, out, err = run_cli("check", export, "--as-of", "2026-11-13", "-c", config, width=400)
    assert code == 0, err
    assert "10 unauthorised sessions in the 10 school weeks 03/09/2026 to 13/11/2026" in out
    assert "31/08/2026" not in out
    pack = tmp_path / "a.json"
    code, _, err = run_cli("evidence", "A", export, "--for", "penalty-notice", "--contacts",
                           contacts, "--as-of", "2026-11-13", "-c", config, "-f", "json",
                           "-o", pack)  # fmt: skip
    assert code == 0, err
    assert "03/09/2026 to 13/11/2026" in err
    window = json.loads(pack.read_text("utf-8"))["window"]
    assert (window["start"], window["end"], len(window["unauthorised_sessions"])) == (
        "2026-09-03", "2026-11-13", 10,
    )


def test_a_notice_issued_before_the_framework_began_counts_toward_no_limit(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 5: the framework began on 19 August 2024, and at most two notices to a
    parent about a pupil within 3 years; the three years run from the first notice issued
    on or after 19 August 2024 (the framework as LAs and schools quote it: a notice before
    it counts toward no limit).  Notices to Mrs Able about A on Fri 1 Mar 2024 (before) and
    Mon 2 Sep 2024 (counts until 02/09/2027): as of Fri 13 Nov 2026 the next is a second
    (GBP 160), not "none: alternative action" (which three would make); the pack lists the
    September notice among the 3 years' and says why March's does not count; `pn record`
    said "this was the first notice within 3 years" of the March one, and says why not."""
    export = write_long_csv(_register(), tmp_path / "export.csv", dob=True)
    config = make_workspace(tmp_path / "ws", TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [("A", "C1", "Mrs", "Ann", "Able")])
    said = []
    for day in ("2024-03-01", "2024-09-02"):
        code, out, err = run_cli("pn", "record", "A", export, "--parent", "C1", "--date", day,
                                 "--contacts", contacts, "-c", config, "--force")  # fmt: skip
        assert code == 0, err
        said.append(" ".join(out.split()))
    why = ("The notice of 01/03/2024 to Mrs Ann Able was issued before the national framework "
           "began (19/08/2024): it does not count toward the two notices allowed in 3 years.")
    assert why in said[0] and "first notice" not in said[0], said[0]
    assert "this was the first notice within 3 years" in said[1], said[1]
    # (looks13: beside that "first", the September record says once why March's is not
    # counted, as the March record itself does)
    assert said[1].count(why) == 1 and said[0].count(why) == 1, said
    code, out, err = run_cli("check", export, "--as-of", "2026-11-13", "-c", config, width=400)
    assert code == 0, err
    assert "Mrs Ann Able: next notice: second (GBP 160)" in out
    pack = tmp_path / "a.json"
    code, _, err = run_cli("evidence", "A", export, "--for", "penalty-notice", "--contacts",
                           contacts, "--as-of", "2026-11-13", "-c", config, "-f", "json",
                           "-o", pack)  # fmt: skip
    assert code == 0, err
    doc = json.loads(pack.read_text("utf-8"))
    assert doc["this_notice"] == "second"
    assert [n["issued_on"] for n in doc["notices_last_3_years"]] == ["2024-09-02"]
    assert doc["notices_not_counted"] == [why]
    pdf = tmp_path / "a.pdf"
    code, _, err = run_cli("evidence", "A", export, "--for", "penalty-notice", "--contacts",
                           contacts, "--as-of", "2026-11-13", "-c", config, "-o", pdf)  # fmt: skip
    assert code == 0, err
    import pypdf

    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert why in text, text


def test_the_framework_s_first_day_is_the_first_notice_that_counts(tmp_path: Path) -> None:
    """At the boundary: a notice of Sun 18 Aug 2024 counts for nothing (the next, as of
    1 Sep 2024, is a first), one of Mon 19 Aug 2024 counts until 19/08/2027 (a second
    then; a first on 19 Aug 2027); and a third on record with one before the framework
    is no third within 3 years (`pn record` would refuse a third)."""
    from attcli.notices import third_within_three_years
    from attcli.store import History, Parent, next_notice

    mum = Parent("id:7", "Mrs Smith")
    with History(tmp_path / "h.sqlite3") as store:
        store.record_notice("A1", mum, D(2024, 8, 18))
        assert next_notice(store, "A1", mum.key, D(2024, 9, 1)) == "first"
        store.record_notice("A1", mum, D(2024, 8, 19))
        assert next_notice(store, "A1", mum.key, D(2024, 9, 1)) == "second"
        assert next_notice(store, "A1", mum.key, D(2027, 8, 18)) == "second"
        assert next_notice(store, "A1", mum.key, D(2027, 8, 19)) == "first"
    assert third_within_three_years([D(2024, 8, 18), D(2024, 8, 19), D(2025, 1, 6)]) is None
    assert third_within_three_years([D(2024, 8, 19), D(2025, 1, 6), D(2026, 1, 5)]) == D(
        2024, 8, 19
    )


def test_the_register_check_file_says_the_days_off_roll_inside_a_listed_run(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 8 lists a pupil with a reason ("continuous unauthorised absence"), not the
    run.  ZED (from Mon 7 Sep): present week 1, `N` week 2, `Z` (not on roll) all week 3,
    `N` week 4: one run of 10 school days as of Fri 2 Oct (`Z` neither counts nor breaks
    it, DOMAIN.md 6), 5 school days off the roll inside it.  The LA, told of a deletion and
    a readmission within 5 days of each, matches them with the file: its new column "Days
    off the roll inside the run" says 5 (cme's CSV's header), blank for RUN (`N` weeks 2-3
    and 4, no day off roll) and for OK-listed pupils with no run.  CSV and workbook alike."""
    import csv

    from openpyxl import load_workbook

    from attcli.lacheck import register_check, to_csv, to_xlsx

    w = P * 5
    n = "N " * 5
    reg = register({"ZED": w + n + "Z " * 5 + n, "RUN": w + n + n + n, "LOW": w + w + w + "O " + P * 4,
                    "OK": w * 4}, start=D(2026, 9, 7))  # fmt: skip
    rc = register_check(reg, Config(), term="autumn", as_of=D(2026, 10, 2))
    header = "Days off the roll inside the run"
    rows = {r["UPN"]: r for r in csv.DictReader(to_csv(rc).lstrip("\ufeff").splitlines())}
    assert {u: (r["Reasons"], r[header]) for u, r in rows.items()} == {
        "ZED": ("below_threshold;continuous_unauthorised_10_days", "21/09/2026-25/09/2026"),
        "RUN": ("below_threshold;continuous_unauthorised_10_days", ""),
    }
    book = tmp_path / "rc.xlsx"
    to_xlsx(rc, book, produced=D(2026, 10, 2))
    ws = load_workbook(book).active
    cells = [[c.value for c in r] for r in ws.iter_rows()]
    at = next(i for i, r in enumerate(cells) if header in r)
    col = cells[at].index(header)
    got = {r[0]: r[col] for r in cells[at + 1:] if r[0] in ("ZED", "RUN")}
    assert got == {"ZED": "21/09/2026-25/09/2026", "RUN": None}  # (the dates: leftovers16)
