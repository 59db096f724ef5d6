"""What a person sees, a sixth pass (docs/decisions.md, sweep looks6).

One register, school days Mon 7 Sep to Fri 2 Oct 2026: Kit Child (born 01/05/2015)
under a temporary UPN OLD 7-25 Sep (present 7-11 Sep, O 14-25 Sep: 10 days, then off the
roll) and a permanent NEW from Mon 28 Sep (O 28 Sep-2 Oct: 5 days): one run of 15 days,
OLD's part alone reaching 10, so OLD is a row of the lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builders import register_rows, school_days, token_rows, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": D(2015, 5, 1)}


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> tuple[Path, Path]:  # noqa: ANN001
    days = school_days(D(2026, 9, 7), 20)
    rows: list[dict] = []

    rows += token_rows("FILL", days, "/ " * 20)
    rows += token_rows(OLD, days[:15], "/ " * 5 + "O " * 10, KIT)
    rows += token_rows(NEW, days[15:], "O " * 5, KIT)
    folder = tmp_path_factory.mktemp("looks6")
    cfg = make_workspace(folder / "ws", AUTUMN_HALF_TERMS)
    return cfg, write_long_csv(register_rows(rows), folder / "register.csv", dob=True, groups=True)


def test_a_run_across_two_upns_whose_old_part_is_listed_is_not_said_to_be_unlisted(school):
    """The register check listed OLD's row with continuous_unauthorised_10_days (its 10
    days) and said beside it "no row's reasons say continuous_unauthorised_10_days, 10+
    school days across two UPNs"; September's LA return listed OLD's 10 days and said
    "NOT IN THIS RETURN": both untrue of the child, true of the 15-day (13 in September)
    run as one."""
    cfg, export = school
    code, out, err = run_cli(
        "register-check", export, "-c", cfg, "--as-of", "2026-10-02", "--term", "autumn",
        "-o", str(export.parent / "rc.csv"), width=80,
    )  # fmt: skip
    assert code == 0, err
    text = flat(out + err)
    row = next(ln for ln in (export.parent / "rc.csv").read_text("utf-8-sig").splitlines()
               if ln.startswith(OLD))  # fmt: skip
    assert "continuous_unauthorised_10_days" in row
    assert "no row's reasons say continuous_unauthorised_10_days, 10+" not in text
    assert (
        "no row's reasons say continuous_unauthorised_10_days of the run as one (only of "
        f"{OLD}'s 10 days alone), 10+ school days across two UPNs: Child, Kit ({OLD}, {NEW}: "
        "one child under two UPNs?) has 15 school days of unexplained absence"
    ) in text
    code, out, err = run_cli(
        "la-return", export, "-c", cfg, "--month", "2026-09",
        "-o", str(export.parent / "la9.csv"), width=80,
    )  # fmt: skip
    assert code == 0, err
    text = flat(out + err)
    assert f"│ {OLD}" in out  # a row of the return
    assert "NOT IN THIS RETURN, 10+" not in text
    assert (
        f"NOT IN THIS RETURN as one run (it lists {OLD}'s 10 days alone), 10+ school days "
        f"across two UPNs: Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 13 "
        "school days of unexplained absence"
    ) in text


def test_cme_s_file_does_not_call_a_child_whose_old_upn_it_lists_not_in_it(school):
    """`cme -o x.csv` lists OLD's 10 days (left the roll 25/09) and said beside it "not in
    this list, 10+ school days across two UPNs: Child, Kit ... 15 school days": the child
    is in the list; the run as one is not."""
    cfg, export = school
    out_file = export.parent / "cme.csv"
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-02", "-o", str(out_file), width=80
    )
    assert code == 0, err
    assert any(ln.startswith(f"{OLD},") for ln in out_file.read_text("utf-8-sig").splitlines())
    text = flat(out + err)
    assert "not in this list, 10+" not in text
    # (the file has the joined run's row too, and OLD's row's Note says it is part of it:
    # the lead's decision, sweep decide9)
    assert (
        f"a row of this file, UPN '{OLD} + {NEW}' (its Note says so), 10+ school days "
        f"across two UPNs: Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has 15 "
        "school days of unexplained absence from 14/09/2026 to 02/10/2026"
    ) in text


def test_the_pupil_record_says_the_part_time_run_once(tmp_path):
    """A part-time pupil's record said the C2 run in its own line ("Part-time (C2),
    absent at every other session for 10+ school days in a row: 12 school days ...") and
    again under it in the check's note of the school's one part-time pupil, naming the
    same child ("note: 1 part-time pupil (C2) ... `attcli cme` lists them apart": "them"
    of one pupil).  The record says it once; the check's note says "the pupil"."""
    days = school_days(D(2026, 9, 7), 20)
    rows = [
        {"upn": upn, "date": d, "session": s, "mark": m}
        for upn, marks in (("FILL", "/ " * 20), ("PT", "/ " * 8 + "N.C2 " * 12))
        for d, t in zip(days, marks.split(), strict=True)
        for s, m in zip(("AM", "PM"), t.split(".") if "." in t else (t, t), strict=True)
    ]
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "r.csv", dob=True, groups=True)
    code, out, err = run_cli("pupil", "PT", export, "-c", cfg, "--as-of", "2026-10-02", width=80)
    assert code == 0, err
    text = flat(out + err)
    assert (
        "Part-time (C2), absent at every other session for 10+ school days in a row: 12 "
        "school days from 17/09/2026 to 02/10/2026"
    ) in text
    assert "part-time pupil (C2)" not in text
    code, out, err = run_cli("check", export, "-c", cfg, "--as-of", "2026-10-02", width=80)
    assert code in (0, 1), err
    text = flat(out + err)
    assert (
        "so the absence group does not list the pupil for it: `attcli cme` lists the pupil "
        "apart"
    ) in text
    # cme's file: the line beside its part-time row goes on after a colon in lower case
    # (it read "...after the runs of unexplained absence: A part-time pupil's day counts")
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-02", "-o", str(tmp_path / "x.csv"),
        width=80,
    )  # fmt: skip
    assert code == 0, err
    assert (
        "is a part-time pupil's run, after the runs of unexplained absence: a part-time "
        "pupil's day counts when"
    ) in flat(err)


def test_the_register_check_workbook_gives_each_percentage_its_own_decimals():
    """The workbook's % column took the most decimals any cell needed: beside seed 004's
    93.004 (226 of 243, above 93: three decimals keep it off the line) a pupil at 214 of
    244 = 87.7049 % was "87.700%", a third decimal the figure does not have (the CSV
    says 87.70).  Each cell has its own format: 0.000% for 93.004, 0.00% for 87.70."""
    import io

    from openpyxl import load_workbook

    from attcli.config import parse_config
    from attcli.lacheck import register_check, settings_from, to_xlsx
    from builders import across
    from test_sweep_domaine import SEED004

    p = "/\\ "
    reg = across(
        (D(2026, 9, 7), {"Y": p * 35, "Z": p * 35}),
        (D(2026, 11, 2), {"Y": p * 35, "Z": p * 35}),
        (D(2027, 1, 4), {"Y": "DO " + "O " * 8 + p * 21, "Z": "/O " * 30}),
        (D(2027, 2, 22), {"Y": p * 22, "Z": p * 22}),
    )
    config = parse_config(SEED004)
    rc = register_check(
        reg, config, term="spring", year=2026, settings=settings_from(config), as_of=D(2027, 3, 23)
    )
    assert {r["upn"]: r["ytd_pct"] for r in rc.rows.iter_rows(named=True)} == {
        "Y": 93.004, "Z": 87.7
    }
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2027, 3, 23))
    sheet = load_workbook(buf).active
    head = [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "UPN")]
    ytd = head.index("Attendance % (year to date)")
    term = head.index("Attendance % (term)")
    cells = {r[0].value: r for r in sheet.iter_rows() if r[0].value in ("Y", "Z")}
    assert (cells["Y"][ytd].value, cells["Y"][ytd].number_format) == (0.93004, "0.000%")
    assert (cells["Z"][ytd].value, cells["Z"][ytd].number_format) == (0.877, "0.00%")
    assert (cells["Y"][term].number_format, cells["Z"][term].number_format) == ("0.00%", "0.00%")


def test_release_of_a_pupil_who_has_left_says_so(school, tmp_path):
    """As of 24/09 the pupil record of Kit's old UPN says its severe letter is held for
    review and "attcli letters EXPORT --contacts FILE --release A99920101001A sends
    them"; the letters make none for a pupil who has left by the data's end (left
    25/09/2026), and the release was refused as "no letter for this pupil is held for
    review in this run (held: none)", which says nothing of why.  It now says the pupil
    has left, and what to do of a child on roll under another UPN."""
    cfg, export = school
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "UPN,Contact Forename,Contact Surname,Relationship,Priority,Address Line 1,Town,"
        f"Postcode\n{OLD},Jo,Child,Mother,1,1 Road,Town,EX1 2AB\n"
        f"{NEW},Jo,Child,Mother,1,1 Road,Town,EX1 2AB\n",
        encoding="utf-8",
    )
    code, out, err = run_cli(
        "letters", export, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-24",
        "--dry-run", "--release", OLD, width=80,
    )  # fmt: skip
    assert code == 1, (out, err)
    assert flat(err).endswith(
        f"--release {OLD}: the pupil is no longer on roll (left 25/09/2026): no letter goes "
        "to a pupil who has left, whatever --as-of; if the pupil is on roll under another "
        "UPN, release that one"
    ), err
