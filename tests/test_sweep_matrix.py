"""Sweep: "never silently wrong" across the commands, on inputs a command cannot fully
judge (exports that start late or end before the as-of date, last year's config, ...).

The register: autumn 2026 from Monday 7 September (half term 26-30 October) to Friday
27 November, 55 school days (110 sessions). B is present but for 11 N sessions (Friday
20 November PM and 23-27 November): 99 of 110 = exactly 90.0 %, red.
"""

from __future__ import annotations

import datetime as dt
from html import unescape
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

HALF_TERM = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
DAYS = 55  # 7 September to 27 November 2026


def _autumn(tmp_path: Path, *, since: dt.date | None = None) -> tuple[Path, Path]:
    """(the export, the workspace's config): A present throughout, B as above; ``since``:
    the export holds only the days from then (an export that starts late)."""
    b = ["/\\"] * DAYS
    b[49] = "/N"
    b[50:55] = ["N"] * 5
    reg = register(
        {"A": " ".join(["/\\"] * DAYS), "B": " ".join(b)},
        start=dt.date(2026, 9, 7),
        holidays=HALF_TERM,
    )
    if since is not None:
        reg = reg.filter(pl.col("date") >= since)
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    return export, make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)


def test_pupil_says_when_the_exports_end_before_the_as_of_date(tmp_path) -> None:
    """`pupil --as-of` three school days after the export ends (Wednesday 2 December):
    the figures are as of 27/11/2026 (99 of 110, 90.0 %), and the record must say so
    in the check's one line, not head them "school year 01/09/2026 to 02/12/2026"."""
    export, config = _autumn(tmp_path)
    code, out, err = run_cli("pupil", "B", export, "-c", config, "--as-of", "2026-12-02", width=80)
    assert code == 0, err
    said = " ".join(out.split())
    assert "school year 01/09/2026 to 27/11/2026, as of Wed 02 Dec 2026" in said
    assert (
        "INCOMPLETE DATA: the exports cover 07/09/2026 to 27/11/2026; no register from "
        "30/11/2026 to 02/12/2026 (3 school days) after the data ends. Figures are as of "
        "27/11/2026, the end of the data"
    ) in said
    assert "Sessions attended 99 of 110" in said


def test_pupil_from_an_export_that_starts_late_is_not_the_school_year(tmp_path) -> None:
    """An export from Monday 12 October: B's 99 of 110 over the year is unknown; the
    record's 49 of 60 (from 12/10) is the period's, not "School year", and the check's
    INCOMPLETE line says what is missing (DOMAIN.md 2)."""
    export, config = _autumn(tmp_path, since=dt.date(2026, 10, 12))
    code, out, err = run_cli("pupil", "B", export, "-c", config, width=80)
    assert code == 0, err
    said = " ".join(out.split())
    assert "school year" not in said.lower().split("band:")[0]
    assert "period 12/10/2026 to 27/11/2026, as of Fri 27 Nov 2026" in said
    assert "Period Autumn 2 so far" in said  # (Autumn 2 began 02/11, inside the export)
    assert (
        "INCOMPLETE DATA: the exports cover 12/10/2026 to 27/11/2026; no register from "
        "07/09/2026 to 09/10/2026 (25 school days) before the data starts."
    ) in said
    assert "Sessions attended 49 of 60 29 of 40" in said


def test_a_report_from_an_export_that_starts_late_does_not_claim_from_was_given(
    tmp_path,
) -> None:
    """`report` of an export from 23 November, no --from: the header said "23 November
    2026 to 27 November 2026 (from --from)", an option the user never gave. It says the
    period is where the exports start (the INCOMPLETE line beside it says what is
    missing)."""
    from openpyxl import load_workbook

    export, config = _autumn(tmp_path, since=dt.date(2026, 11, 23))
    page, book = tmp_path / "r.html", tmp_path / "r.xlsx"
    for out in (page, book):
        code, _, err = run_cli("report", export, "-c", config, "-o", out)
        assert code == 0, err
    html = unescape(page.read_text(encoding="utf-8"))
    assert "(from --from)" not in html
    assert "23 November 2026 to 27 November 2026 (from the exports' first day)" in html
    assert "INCOMPLETE DATA: the exports cover 23/11/2026 to 27/11/2026" in html
    a2 = load_workbook(book)["Summary"]["A2"].value
    assert a2.startswith("23/11/2026 to 27/11/2026 (from the exports' first day)")
    # asked for, it is still said so
    code, _, err = run_cli(
        "report", export, "-c", config, "-o", tmp_path / "f.html", "--from", "2026-11-23"
    )
    assert code == 0, err
    assert "(from --from)" in (tmp_path / "f.html").read_text(encoding="utf-8")


def test_an_evidence_pack_from_exports_that_miss_the_year_s_first_week_is_not_complete(
    tmp_path,
) -> None:
    """The term began on Monday 7 September, the export starts on the 14th. K has 12 O
    sessions (18-25 November), present otherwise: over the school year 98 of 110 =
    89.09 %, but the pack said "Period 14 September 2026 to 27 November 2026 (the school
    year to date) ... Attendance 88.0%" (88 of 100) and "complete": true, for the LA.
    The window (14/09 to 27/11) is whole, the year's figures are not: each pack lists
    the week the exports miss as a problem, so it is refused (a draft with --draft)."""
    import json

    from school import contacts_file

    k = ["/\\"] * DAYS
    k[47:53] = ["O"] * 6
    reg = register(
        {"A": " ".join(["/\\"] * DAYS), "K": " ".join(k)},
        start=dt.date(2026, 9, 7),
        holidays=HALF_TERM,
    ).filter(pl.col("date") >= dt.date(2026, 9, 14))
    export = write_long_csv(reg, tmp_path / "from14.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "contacts.csv", [("K", "C1", "Mrs", "Kay", "Parent")])
    for kind in ("referral", "penalty-notice", "notice-to-improve"):
        code, out, err = run_cli(
            "evidence", "K", export, "--for", kind, "-f", "json", "--contacts", contacts,
            "-c", config, "-o", tmp_path / f"{kind}.json",
        )  # fmt: skip
        assert code == 1, (kind, out, err)
        assert (
            "no register from 07/09/2026 to 11/09/2026 (5 school days) before the data "
            "starts: the pack's figures for the school year are not complete; export those "
            "dates"
        ) in " ".join(err.split()), (kind, err)
        code, _, err = run_cli(
            "evidence", "K", export, "--for", kind, "-f", "json", "--contacts", contacts,
            "-c", config, "-o", tmp_path / f"{kind}-draft.json", "--draft",
        )  # fmt: skip
        assert code == 0, err
        pack = json.loads((tmp_path / f"{kind}-draft.json").read_text(encoding="utf-8"))
        assert pack["complete"] is False
    # the whole year's export: complete, 98 of 110
    whole = register(
        {"A": " ".join(["/\\"] * DAYS), "K": " ".join(k)},
        start=dt.date(2026, 9, 7),
        holidays=HALF_TERM,
    )
    export = write_long_csv(whole, tmp_path / "whole.csv", dob=True, groups=True)
    code, _, err = run_cli(
        "evidence", "K", export, "--for", "referral", "-f", "json", "--contacts", contacts,
        "-c", config, "-o", tmp_path / "whole.json",
    )  # fmt: skip
    assert code == 0, err
    pack = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    assert pack["complete"] is True
    assert (pack["figures"]["attended"], pack["figures"]["possible"]) == (98, 110)


def test_check_and_cme_written_to_a_file_still_say_the_exports_are_incomplete(
    tmp_path,
) -> None:
    """`check -f csv -o FILE` and `cme -f xlsx -o FILE` of a one-week export (23-27
    November) said nothing of the 50 school days before it on the terminal, and the CSV
    and the workbook carry no such line: B's 5 days of N (a run that may have begun
    before) and the blank bands were given as if whole. The INCOMPLETE line goes to
    stderr whatever the output is."""
    export, config = _autumn(tmp_path, since=dt.date(2026, 11, 23))
    line = (
        "INCOMPLETE DATA: the exports cover 23/11/2026 to 27/11/2026; no register from "
        "07/09/2026 to 20/11/2026 (50 school days) before the data starts."
    )
    for args in (
        ("check", "-f", "csv", "-o", tmp_path / "check.csv"),
        ("check", "-f", "xlsx", "-o", tmp_path / "check.xlsx"),
        ("check", "-f", "json", "-o", tmp_path / "check.json"),
        ("cme", "--days", "3", "-f", "csv", "-o", tmp_path / "cme.csv"),
        ("cme", "--days", "3", "-f", "xlsx", "-o", tmp_path / "cme.xlsx"),
        ("cme", "--days", "3", "-f", "json", "-o", tmp_path / "cme.json"),
    ):
        code, out, err = run_cli(*args, export, "-c", config, width=80)
        assert code == 0, (args, err)
        assert line in " ".join(err.split()), (args, err)
    # on the screen, once (the table's own line)
    for command in ("check", "cme"):
        code, out, err = run_cli(command, export, "-c", config, width=80)
        assert code == 0, err
        assert " ".join((out + err).split()).count(line) == 1, (command, out, err)
    # a whole export says nothing of the kind
    (tmp_path / "whole").mkdir()
    whole, _ = _autumn(tmp_path / "whole")
    code, _, err = run_cli("check", "-f", "csv", "-o", tmp_path / "w.csv", whole, "-c", config)
    assert code == 0 and "INCOMPLETE" not in err


def test_a_report_of_incomplete_exports_says_so_on_the_terminal_too(tmp_path) -> None:
    """`report` of a one-week export wrote the INCOMPLETE line into the page and said
    only "wrote report.html" (and the national figures' notes) on the terminal, where
    `summary` of the same exports says it."""
    export, config = _autumn(tmp_path, since=dt.date(2026, 11, 23))
    code, _, err = run_cli("report", export, "-c", config, "-o", tmp_path / "r.html")
    assert code == 0, err
    assert (
        "INCOMPLETE DATA: the exports cover 23/11/2026 to 27/11/2026; no register from "
        "07/09/2026 to 20/11/2026 (50 school days) before the data starts."
    ) in " ".join(err.split())


def test_a_term_the_data_and_term_dates_do_not_hold_names_the_terms_they_do(tmp_path) -> None:
    """`register-check --term spring` of autumn exports with autumn's term dates said
    "no spring term 2026/27 in the data or the config's term dates" and not what would
    do."""
    export, config = _autumn(tmp_path)
    code, _, err = run_cli("register-check", export, "--term", "spring", "-c", config,
                           "-o", tmp_path / "rc.csv")  # fmt: skip
    assert code == 1
    assert err == (
        "error: no spring term 2026/27 in the data or the config's term dates (they hold "
        "the autumn term of it: give --term autumn, or add its half terms to [[calendar.half_terms]])\n"
    )
    # without term dates the terms are the data's: its register is what is missing
    bare = make_workspace(tmp_path / "bare")
    code, _, err = run_cli("register-check", export, "--term", "spring", "-c", bare,
                           "-o", tmp_path / "rc2.csv")  # fmt: skip
    assert code == 1
    assert err == (
        "error: no spring term 2026/27 in the data or the config's term dates (they hold "
        "the autumn term of it: give --term autumn, or export the spring term's register "
        "with the others)\n"
    )


def test_cases_names_the_week_the_exports_miss_not_the_year_s_start(tmp_path) -> None:
    """Exports from 7 September to 27 November without the week 12-16 October: `cases`
    said they did not cover "the school year from 01/09/2026" and asked for "exports
    from the start of the school year", which they are. It names the missing week and
    asks for it."""
    export, config = _autumn(tmp_path)
    text = export.read_text(encoding="utf-8").splitlines()
    gone = [f"{d}/10/2026" for d in range(12, 17)]
    export.write_text(
        "\n".join(x for x in text if not any(g in x for g in gone)) + "\n", encoding="utf-8"
    )
    code, _, err = run_cli("cases", export, "-c", config, width=80)
    assert code == 1
    assert err == (
        "error: cases: the exports cover 07/09/2026 to 27/11/2026, but no register for the "
        "week 12/10/2026 to 16/10/2026 (5 school days), in the autumn term: attendance for "
        "the year cannot be judged, so neither can the ladder; give the register for the "
        "week 12/10/2026 to 16/10/2026 too, with the others\n"
    )


def test_pupil_s_half_term_column_from_a_later_start_is_not_so_far(tmp_path) -> None:
    """`pupil B --from 2026-11-23` of the whole autumn: the half-term column, headed
    "Autumn 2 so far", said 0 of 10 (the period's week): Autumn 2 so far (from 02/11)
    is 29 of 40. Its figures count from the period's start, as the letters say them
    ("This half term (Autumn 2) from 23 November 2026"): headed "Autumn 2 from 23/11"."""
    export, config = _autumn(tmp_path)
    code, out, err = run_cli("pupil", "B", export, "-c", config, "--from", "2026-11-23", width=80)
    assert code == 0, err
    said = " ".join(out.split())
    assert "Period Autumn 2 from 23/11" in said and "so far" not in said
    assert "Sessions attended 0 of 10 0 of 10" in said
    code, out, err = run_cli("pupil", "B", export, "-c", config, width=80)
    assert code == 0, err
    said = " ".join(out.split())
    assert "School year Autumn 2 so far" in said
    assert "Sessions attended 99 of 110 29 of 40" in said


def test_lates_early_in_the_half_term_count_under_a_later_from(tmp_path) -> None:
    """LT is late (L) on the mornings of 2-5 November, the first days of Autumn 2: 4 lates
    in the half term, the lateness flag (DOMAIN.md 4). `check --from 2026-11-09` of the
    whole autumn, its header "half term Autumn 2 (02/11 to 18/12)", said "2 need nothing
    this week": the half term's lates were counted from --from only. Lateness is the
    half term's, up to the as-of date, with its evidence."""
    lt = ["/\\"] * DAYS
    lt[35:39] = ["L\\"] * 4  # 2-5 November
    reg = register(
        {"A": " ".join(["/\\"] * DAYS), "LT": " ".join(lt)},
        start=dt.date(2026, 9, 7),
        holidays=HALF_TERM,
    )
    export = write_long_csv(reg, tmp_path / "lates.csv", dob=True, groups=True)
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    for period in ((), ("--from", "2026-11-09")):
        code, out, err = run_cli("check", export, "-c", config, *period, width=80)
        assert code == 0, err
        said = " ".join(out.split())
        assert "Lateness (4+ lates this half term): 1 pupil" in said, (period, said)
        assert "4 lates in Autumn 2: 02/11 AM, 03/11 AM, 04/11 AM, 05/11 AM" in said, period
