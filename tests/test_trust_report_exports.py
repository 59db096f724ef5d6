"""``report --trust`` from a trust's exports, as the trust's office runs it: the options the
school's own report takes (``--as-of``, ``--from``) and every school of ``[schools]``.

The registers: 25 school days from Monday 7 September 2026 to Friday 9 October (all in
Autumn 1), 50 possible sessions a pupil.  Ash (5 pupils): A1 absent (``O``) every day of
the last week, 5 to 9 October; the others present.  Beech (5 pupils): all present.
Cedar is one of the trust's schools ([schools.c]) whose export is not given.

- as of Friday 9 October: Ash 240 of 250 sessions (96.0 %), Beech 250 of 250, the trust
  490 of 500 (98.0 %);
- as of Friday 2 October (20 days, 40 sessions a pupil): Ash 200 of 200, Beech 200 of
  200, the trust 400 of 400 (100.0 %).
"""

from __future__ import annotations

import html
import re

from attcli.config import init_text
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS

DAYS = 25
PRESENT = " ".join(["/\\"] * DAYS)
LAST_WEEK_OFF = " ".join(["/\\"] * (DAYS - 5) + ["O"] * 5)

SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]

[schools.b]
name = "Beech Primary School"
urn = "100002"
files = ["b-*"]

[schools.c]
name = "Cedar Lower School"
urn = "100003"
files = ["c-*"]
"""


def trust(tmp_path):  # noqa: ANN001, ANN201
    folder = tmp_path / "trust"
    folder.mkdir()
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    config.write_text(init_text(details) + AUTUMN_HALF_TERMS + SCHOOLS, encoding="utf-8")
    ash = {f"A99910000000{i}": (LAST_WEEK_OFF if i == 1 else PRESENT) for i in range(1, 6)}
    beech = {f"B99920000000{i}": PRESENT for i in range(1, 6)}
    a = write_long_csv(register(ash), tmp_path / "a-autumn.csv", dob=True, groups=True)
    b = write_long_csv(register(beech), tmp_path / "b-autumn.csv", dob=True, groups=True)
    return config, a, b


def text_of(path) -> str:  # noqa: ANN001
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))


def test_the_trust_report_from_exports_is_as_of_the_date_asked(tmp_path):
    """--as-of 2026-10-02: the report said "1 September 2026 to 9 October 2026" and Ash's
    96.0 % (240 of 250), its last week included, with nothing said: --as-of (and --from)
    were read by the school's report only, never passed to the trust's schools."""
    config, a, b = trust(tmp_path)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "--as-of", "2026-10-02",
                           "-o", out)  # fmt: skip
    assert code == 0, err
    text = text_of(out)
    assert "Trust attendance report 1 September 2026 to 2 October 2026" in text
    assert "Ash Primary School 5 100.0 % 200 of 200" in text
    assert "Beech Primary School 5 100.0 % 200 of 200" in text
    assert "Trust 10 100.0 % 400 of 400" in text
    # without --as-of: the last day of the exports
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out, "--force")
    assert code == 0, err
    text = text_of(out)
    assert "1 September 2026 to 9 October 2026" in text
    assert "Ash Primary School 5 96.0 % 240 of 250" in text
    assert "Trust 10 98.0 % 490 of 500" in text
    # --from 2026-10-05: the last week only (Ash 40 of 50, the trust 90 of 100)
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "--from", "2026-10-05",
                           "-o", out, "--force")  # fmt: skip
    assert code == 0, err
    text = text_of(out)
    assert "5 October 2026 to 9 October 2026" in text
    assert "Ash Primary School 5 80.0 % 40 of 50" in text
    assert "Trust 10 90.0 % 90 of 100" in text


def test_a_summary_of_another_date_than_as_of_is_refused(tmp_path):
    """Beech's summary is as of 9 October; asked for the trust as of 2 October, its figures
    would be another period's, with nothing said: refused in one line naming it."""
    config, a, b = trust(tmp_path)
    beech = tmp_path / "beech.summary.json"
    code, _, err = run_cli("summary", b, "-c", config, "-o", beech)
    assert code == 0, err
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", beech, "-c", config, "--as-of", "2026-10-02",
                           "-o", out)  # fmt: skip
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {beech}: Beech Primary School's summary is as of 09/10/2026, not --as-of "
        "02/10/2026: make it again with --as-of 2026-10-02, or leave --as-of out"
    ]
    code, _, err = run_cli("report", "--trust", beech, "-c", config, "--from", "2026-10-05",
                           "-o", out)  # fmt: skip
    assert code == 1
    assert err.strip().splitlines() == [
        f"error: {beech}: Beech Primary School's summary is from 01/09/2026, not --from "
        "05/10/2026: make it again with --from 2026-10-05, or leave --from out"
    ]
    assert not out.exists()
    # the same date: read
    code, _, err = run_cli("report", "--trust", beech, a, "-c", config, "--as-of", "2026-10-09",
                           "-o", out)  # fmt: skip
    assert code == 0, err


def test_a_pupil_list_is_one_school_s_not_the_trust_s(tmp_path):
    config, a, b = trust(tmp_path)
    pupils = tmp_path / "pupils.csv"
    pupils.write_text("UPN,Gender\nA999100000001,F\n", encoding="utf-8")
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "--pupils", pupils,
                           "-o", tmp_path / "t.html")  # fmt: skip
    assert code == 1
    assert err.strip().splitlines() == [
        "error: --pupils is one school's pupil list, and --trust adds up several schools: "
        "give each school's summary made with its own list (attcli summary EXPORT --pupils "
        "FILE), or leave --pupils out"
    ]


def test_a_school_of_the_trust_with_no_export_or_summary_is_said(tmp_path):
    """Cedar ([schools.c]) sent nothing: the report said nothing of it, and its "Trust" row
    was Ash's and Beech's.  Now a note names it, on the terminal and in the report."""
    config, a, b = trust(tmp_path)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out, width=2000)
    assert code == 0, err
    line = (
        "no export or summary given for c (Cedar Lower School, URN 100003): the trust's "
        "figures are of the other schools only"
    )
    assert f"note: {line}" in err.splitlines()
    assert "N" + line[1:] in text_of(out)  # (the page's sentence: sweep looks10)
    # Cedar's summary given: nothing said
    cedar = {f"C99930000000{i}": PRESENT for i in range(1, 6)}
    c = write_long_csv(register(cedar), tmp_path / "c-autumn.csv", dob=True, groups=True)
    summary = tmp_path / "cedar.summary.json"
    code, _, err = run_cli("summary", c, "-c", config, "-o", summary)
    assert code == 0, err
    code, _, err = run_cli("report", "--trust", a, b, summary, "-c", config, "-o", out,
                           "--force", width=2000)  # fmt: skip
    assert code == 0, err
    assert "Cedar" not in err
    assert "Trust 15 98.7 % 740 of 750" in text_of(out)


def test_what_a_school_s_exports_hold_is_said_as_its_own_summary_says_it(tmp_path):
    """Ash's export holds a legacy code (``H`` on Monday 7 September AM, counted as
    authorised, DOMAIN.md 1: "say so in the output") and a row twice.  `attcli summary`
    of it says both; the trust report from the same export said neither.  Now each is
    said on the terminal (as the summary says it: its lines can name a pupil and a file,
    so not in the report), with the school it is of."""
    config, a, b = trust(tmp_path)
    lines = a.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith("07/09/2026,AM,/")
    lines[1] = lines[1][:-1] + "H"
    a.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")
    legacy = (
        f"{a}: legacy code 'H' (Holiday authorised by the school (pre-2024)) on 1 session, "
        "counted as authorised; it was recorded on or after 19/08/2024, when H was no longer "
        "a code (first on line 2, pupil 'A999100000001', 07/09/2026 AM): recode it in the MIS "
        "(C if the school granted leave, G if not)"
    )
    code, _, err = run_cli("summary", a, "-c", config, "-o", tmp_path / "a.json", width=2000)
    assert code == 0, err
    said = [x for x in err.splitlines() if x.startswith("note: ")]
    assert said[0] == f"note: {legacy}" and said[1].startswith("note: 1 duplicate session row")
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out, width=2000)
    assert code == 0, err
    notes = err.splitlines()
    assert f"note: a (Ash Primary School): {legacy}" in notes
    assert f"note: a (Ash Primary School): {said[1][6:]}" in notes
    # Ash: 249 of 250 attended less the H (authorised): 239 of 250 (95.6 %)
    assert "Ash Primary School 5 95.6 % 239 of 250" in text_of(out)
    assert "A999100000" not in out.read_text(encoding="utf-8")


def test_a_trust_school_s_own_report_carries_its_name_not_its_key(tmp_path):
    """`attcli report a-autumn.csv` in the trust's workspace runs with Ash's own details
    ([schools.a]), and `check` and `summary` name it Ash Primary School; the report, for
    its governors, was titled "Attendance report – a – 9 October 2026" (its register's
    school is the school's key, for the history), the workbook "Attendance report: a"."""
    from openpyxl import load_workbook

    config, a, _ = trust(tmp_path)
    out = tmp_path / "ash.html"
    code, _, err = run_cli("report", a, "-c", config, "-o", out, "--audience", "governors")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "<title>Attendance report – Ash Primary School – 9 October 2026</title>" in page
    assert "Attendance report Ash Primary School Academic year to date" in text_of(out)
    book = tmp_path / "ash.xlsx"
    code, _, err = run_cli("report", a, "-c", config, "-o", book)
    assert code == 0, err
    first = load_workbook(book).worksheets[0]
    assert first.cell(1, 1).value == "Attendance report: Ash Primary School"


def test_a_trust_command_run_from_another_folder_says_where_the_trust_s_workspace_is_looked_for(
    tmp_path, monkeypatch
):
    """The office runs `check --per-school` and `report --trust` from a school's folder with
    no attcli.toml (the trust's is one folder up): there is no config at all, and the line
    said "the config has no [schools.KEY] sections", sending them to add sections to a file
    that is not there.  Now it says no workspace was found and how to give the trust's; a
    workspace found without [schools] is named."""
    config, a, _ = trust(tmp_path)
    school = tmp_path / "trust" / "ash"
    school.mkdir()
    monkeypatch.chdir(school)
    for command in (["check", "--per-school", tmp_path / "out"], ["report", "--trust", "-o",
                                                                  tmp_path / "t.html"]):  # fmt: skip
        code, _, err = run_cli(*command, a, width=2000)
        assert code == 1
        what = "--per-school" if "check" in command else "--trust"
        assert err.strip().splitlines() == [
            f"error: {what}: no workspace found (no --workspace, no ATTCLI_WORKSPACE, no "
            "./attcli.toml, none in your user folder): run from the trust's workspace folder "
            "(the one holding its attcli.toml with [schools.KEY] sections), or give "
            "--workspace DIR (docs/trust.md)"
        ], command
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "attcli.toml").write_text(init_text(DETAILS), encoding="utf-8")
    code, _, err = run_cli("check", "--per-school", tmp_path / "out", a, "--workspace", plain)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: --per-school: {plain / 'attcli.toml'} has no [schools.KEY] sections saying "
        "each school's details and export files (docs/trust.md)"
    )
    code, _, err = run_cli("report", "--trust", a, "--workspace", plain, "-o", tmp_path / "t.html")
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: {a}: an export, and {plain / 'attcli.toml'} has no [schools.KEY] sections to "
        "say whose it is: add them (docs/trust.md), or give the school's summary (attcli "
        "summary)"
    )


def test_a_trust_school_with_no_urn_is_told_which_key_to_set(tmp_path):
    """[schools.a] gives no urn: its summary (and so `report --trust` of its exports) was
    refused naming 'school.urn', the trust's own [school] key, which has one; the key to
    set is 'schools.a.urn'."""
    config, a, b = trust(tmp_path)
    config.write_text(config.read_text(encoding="utf-8").replace('urn = "100001"\n', ""),
                      encoding="utf-8")  # fmt: skip
    line = (
        f"error: {config}: config key 'schools.a.urn': missing: a summary needs the school's "
        "URN (the trust tells its schools apart by it)"
    )
    code, _, err = run_cli("summary", a, "-c", config, "-o", tmp_path / "a.json", width=2000)
    assert code == 1 and err.strip().splitlines()[-1] == line
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", tmp_path / "t.html",
                           width=2000)  # fmt: skip
    assert code == 1 and err.strip().splitlines()[-1] == line
