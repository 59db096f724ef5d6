"""Faults found by a third sweep of what a person sees (docs/decisions.md, "What a person
sees, a third pass"): a term of the example school's weekly checks, casebook, letters and
files, read at 80 columns as a real terminal shows them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
AUTUMN = EXPORTS / "arbor_autumn_2026.csv"
WEEK1 = EXPORTS / "weekly" / "arbor_2027-01-08.csv"
WEEK2 = EXPORTS / "weekly" / "arbor_2027-01-15.csv"
LADDER = ROOT / "src" / "attcli" / "templates" / "ladders" / "seed004.toml"


def _flat(text: str) -> str:
    for box in "│─┌┐└┘├┤┬┴┼┃━┏┓┗┛┡┩╇┳┻":
        text = text.replace(box, " ")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The example school with seed 004's ladder: the check of 8 Jan recorded, then the
    check and the casebook of 15 Jan (stdout of each, 80 columns)."""
    school = tmp_path_factory.mktemp("looks3")
    (school / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
        + "\n"
        + LADDER.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    config = school / "attcli.toml"
    code, _, err = run_cli("check", AUTUMN, WEEK1, "--record", "-c", config, width=80)
    assert code == 0, err
    code, check, err = run_cli("check", AUTUMN, WEEK2, "-c", config, width=80)
    assert code == 0, err
    code, cases, err = run_cli("cases", AUTUMN, WEEK2, "--as-of", "2027-01-15", "-c", config, width=80)
    assert code == 0, err
    return school, check, cases


def test_the_run_compared_with_is_named_by_a_date_as_every_other_date_is(
    two_weeks: tuple[Path, str, str],
) -> None:
    """The check's and the casebook's "NEW = not in this group in the check as of
    08/01/2027 (recorded 2026-12-05 16:23:33 by root)" gave the time the run was recorded
    as the history stores it (ISO, to the second) beside dd/mm/yyyy dates, and the check's
    "Changed since ..." title broke inside it ("2026-12-05" / "16:23:33"): it is
    dd/mm/yyyy HH:MM, as a person writes it."""
    _, check, cases = two_weeks
    for out in (check, cases):
        flat = _flat(out)
        assert not re.search(r"recorded \d{4}-\d\d-\d\d", flat), flat[:600]
        assert re.search(r"the check as of 08/01/2027 recorded \d\d/\d\d/\d{4} \d\d:\d\d by ", flat)
    # the title of the changes table keeps its date and time on one line
    title = next(x for x in check.splitlines() if x.startswith("Changed since"))
    assert re.search(r"recorded \d\d/\d\d/\d{4} \d\d:\d\d", title), check


def test_the_check_s_band_action_is_plural_for_pupils_letters_held() -> None:
    """Red on 27 Nov: 9 pupils' red letters held.  "the letter of the 9 pupils whose
    reasons say so is held for review" read as one letter for nine children: it is "the
    letters of the 9 pupils ... are held"; one pupil's is as before."""
    code, out, err = run_cli(
        "check", AUTUMN, "--as-of", "2026-11-27", "-c", ROOT / "examples" / "attcli.toml", width=80
    )
    assert code == 0, err
    flat = _flat(out)
    assert "the letters of the 9 pupils whose reasons say so are held for review" in flat, flat
    assert "the letter of the pupil whose reason says so is held for review" in flat, flat
    assert "pupils whose reasons say so is held" not in flat


def test_a_casebook_row_due_no_letter_now_names_its_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003, GIL of test_sweep_agree: on Thu 18/03/2027 the upper_amber step is due
    again by attendance since leaving the ladder, but the year to date is band green, so
    no letter now.  "On the ladder, nothing due this week" read "stage:  (due, no letter
    now; ...": the pupil is on no stage, and the name was left blank.  It names the stage
    due, as every other row of the list names its stage."""
    from builders import write_long_csv
    from school import contacts_file
    from test_sweep_agree import GIL
    from test_sweep_cadence import _letters
    from test_sweep_policies2 import init_workspace, year_register

    cfg = init_workspace(tmp_path / "ws", "seed003")
    contacts = contacts_file(tmp_path / "contacts.csv", [("GIL", "C1", "Ms", "Ada", "Stone")])
    for day in (dt.date(2027, 1, 4), dt.date(2027, 3, 18)):
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"GIL": GIL}, day), tmp_path / f"reg-{day}.csv")
        _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", "2027-03-18", width=80)
    assert code == 0, err
    rest = out.split("On the ladder, nothing due this week")[1]
    assert "stage:  (" not in rest, rest
    assert "stage: Upper amber letter (due, no letter now;" in rest, rest


def test_the_casebook_records_list_and_a_void_give_dates_as_dd_mm_yyyy(
    two_weeks: tuple[Path, str, str],
) -> None:
    """`attcli case list` showed a record's date as ISO ("2027-01-11") in its table, and a
    void's time as stored ("2026-12-05 16:23:33"), beside dd/mm/yyyy everywhere else; so
    did `case void`'s line.  The JSON keeps ISO (tests/test_cases_cli.py)."""
    school, _, _ = two_weeks
    config = school / "attcli.toml"
    walsh = "K999290917913"
    code, _, err = run_cli(
        "case", "record", walsh, "--action", "review_meeting", "--date", "2027-01-11",
        "-c", config,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("case", "void", "1", "--reason", "wrong pupil", "-c", config, width=80)
    assert code == 0, err
    assert re.search(r"\(\S+, \d\d/\d\d/\d{4} \d\d:\d\d: wrong pupil\)", _flat(out)), out
    code, out, err = run_cli("case", "list", "-c", config, width=200)
    assert code == 0, err
    flat = _flat(out)
    assert "11/01/2027" in flat and "2027-01-11" not in flat, out
    assert re.search(r"void: wrong pupil \(\S+, \d\d/\d\d/\d{4} \d\d:\d\d\)", flat), out
    assert not re.search(r"\d{4}-\d\d-\d\d", flat), out


def test_the_pupil_record_s_days_left_off_are_counted_in_the_singular_when_one() -> None:
    """cme_current (Walsh): 22 stale N sessions on 11 days as of 22 Jan 2027, 10 days
    shown: the record read "...; 17/12/2026 AM and PM; and 1 more days"."""
    code, out, err = run_cli(
        "pupil", "K999290917913", AUTUMN, EXPORTS / "weekly" / "arbor_2027-01-22.csv",
        "-c", ROOT / "examples" / "attcli.toml", width=80,
    )  # fmt: skip
    assert code == 0, err
    flat = _flat(out)
    assert "and 1 more day" in flat and "1 more days" not in flat, out


def test_an_empty_list_of_records_is_one_plain_line(tmp_path: Path) -> None:
    """`attcli pn list` and `attcli case list` with nothing recorded said "Penalty notices
    recorded: 0: none" and "Casebook records: 0: none" (the count, then the empty list's
    "none"): one of them is enough."""
    config = tmp_path / "attcli.toml"
    config.write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
        + "\n"
        + LADDER.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    for command, title in (("pn", "Penalty notices recorded"), ("case", "Casebook records")):
        code, out, err = run_cli(command, "list", "-c", config, width=80)
        assert code == 0, err
        assert out.strip() == f"{title}: none", out


def test_an_evidence_pack_s_problems_wrap_under_themselves_at_80_columns(tmp_path: Path) -> None:
    """A refused penalty-notice pack (Walsh, 22 N in the window) listed its problems
    indented two spaces, and each one a character too long wrapped to the left edge:
    "  Thu 03/12/2026 AM N: N (reason not yet established): replace it with the" /
    "reason", 22 times.  An indented message line wraps under itself."""
    code, out, err = run_cli(
        "evidence", "K999290917913", AUTUMN, "--for", "penalty-notice", "--as-of", "2026-12-18",
        "--contacts", EXPORTS / "contacts.csv", "-c", ROOT / "examples" / "attcli.toml",
        "-o", tmp_path / "pack.pdf", width=80,
    )  # fmt: skip
    assert code == 1, err
    listed = err.split("error:")[0].splitlines()
    problems = [x for x in listed if "N: reason not yet established" in x]
    assert len(problems) == 22, err
    assert all(x.startswith("  ") and len(x) <= 80 for x in listed if x.strip()), err


def test_the_report_s_headline_cards_never_wrap_a_figure_from_its_unit(tmp_path: Path) -> None:
    """Chromium at 1000 pixels: the attendance card read "National (2023/24 academic
    year): 91.1" over "%", and the PA card "at or below 90" over "%" (looks2 kept a
    table's figure cells whole, not the cards').  Every figure in a card is joined to its
    unit (%, pp) by a no-break space."""
    code, _, err = run_cli(
        "report", AUTUMN, "-c", ROOT / "examples" / "attcli.toml", "-o", tmp_path / "r.html"
    )
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    cards = html.split('<div class="cards">')[1].split('<p class="lead">')[0]
    assert "91.1" in cards and "90\u00a0%" in cards, cards
    # a card's figures in bold and its value are kept whole by the page's style, their
    # text as it was; every other figure in a card is joined to its unit
    assert ".card .value, .card strong { white-space: nowrap; }" in html
    assert "<strong>91.1 %</strong>" in cards, cards
    sentences = re.sub(r'<strong>[^<]*</strong>|<div class="value">[^<]*</div>', "", cards)
    found = re.findall(r".{30}\d (?:%|pp\b)", sentences)
    assert not found, found


def test_the_check_s_data_quality_never_breaks_a_date_from_its_session() -> None:
    """As of 27 Nov at 80 columns: "Ellis-Grant, Willow (A999202319011): 2 sessions:
    18/09/2026 PM; 14/10/2026" over "AM".  A date and its session stay on one line."""
    code, out, err = run_cli(
        "check", AUTUMN, "--as-of", "2026-11-27", "-c", ROOT / "examples" / "attcli.toml", width=80
    )
    assert code == 0, err
    quality = out.split("Data quality:")[1].splitlines()
    assert any("14/10/2026 AM" in x for x in quality), quality
    for above, below in zip(quality, quality[1:], strict=False):
        assert not (re.search(r"\d\d/\d\d/\d{4}$", above) and re.match(r"\s*(AM|PM)\b", below)), (
            above, below
        )
    assert all(len(x) <= 80 for x in quality), quality


def test_the_trust_report_gives_a_school_s_name_room(tmp_path: Path) -> None:
    """Chromium at 900 pixels: a school named in 96 characters ("St Mary's & St Joseph's
    Catholic Voluntary Academy (a Church of England & Roman Catholic school)") took 17
    lines of one word each, squeezed by the figure columns, which never wrap.  A table's
    row header (the school, the cohort) is at least 12em wide."""
    summary = tmp_path / "a.summary.json"
    code, _, err = run_cli("summary", AUTUMN, "-c", ROOT / "examples" / "attcli.toml", "-o", summary)
    assert code == 0, err
    code, _, err = run_cli("report", "--trust", summary, "-o", tmp_path / "t.html")
    assert code == 0, err
    html = (tmp_path / "t.html").read_text(encoding="utf-8")
    assert re.search(r"tbody th \{[^}]*min-width: 12em", html), html[:3000]
