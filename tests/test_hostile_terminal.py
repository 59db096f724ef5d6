"""Names from an export, and schools' names from another school's summary, on the terminal
and in the files a person opens: never an escape sequence, a formula or a control
character (docs/decisions.md, "Hostile values").

A tester's names held an OSC 8 hyperlink (ESC ] 8 ;; http://evil BEL), a screen clear
(ESC [ 2 J), a C1 CSI (U+009B) and a right-to-left override (U+202E).  Tables showed them
harmlessly, but lines built around a name did not: cme's and la-return's line on runs
that begin on the exports' first school day, the report's and the letters' notes (the note on a
child under two UPNs quotes the name), the trust report's notes (another school's
coverage note).  Every line now goes through one sanitiser (attcli.terminal), and the
consoles themselves make the text they print safe, whatever the path.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

#: an OSC 8 hyperlink to http://evil around "LINK"
SURNAME = "\x1b]8;;http://evil\x07LINK\x1b]8;;\x07"
#: a screen clear, a C1 CSI recolouring red, a right-to-left override
FORENAME = "\x1b[2J\x9b31mRed\u202eevil"
#: a registration group with a C1 CSI
GROUP = "\x9b31mC1"
#: the name as a terminal shows it: each control character U+FFFD, the override dropped
SHOWN = "\ufffd]8;;http://evil\ufffdLINK\ufffd]8;;\ufffd, \ufffd[2J\ufffd31mRedevil"
#: C0 controls (but tab, LF and CR), DEL, C1 controls, bidirectional formatting
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_harmless(text: str, where: str) -> None:
    m = UNSAFE.search(text)
    assert m is None, (
        f"{where}: {m.group()!r} at {m.start()}: {text[max(0, m.start() - 80) : m.start() + 20]!r}"
    )


def flat(text: str) -> str:
    """Text as one line: Rich wraps long lines between words."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> dict[str, Path]:
    """H1 and H2: the hostile name, the same date of birth (one child under two UPNs: a
    note quotes the name); H1 is absent N the first 12 school days, Mon 07/09 to Tue
    22/09/2026 (a run on the exports' first school day), then present 8 days; H2 and OK present
    all 20 days (07/09 to 02/10/2026).  H1's registration group holds a C1 CSI."""
    folder = tmp_path_factory.mktemp("hostile_terminal")
    reg = register({"H1": "N " * 12 + "/ " * 8, "H2": "/ " * 20, "OK": "/ " * 20})
    hostile = pl.col("upn") != "OK"
    reg = reg.with_columns(
        pl.when(hostile).then(pl.lit(SURNAME)).otherwise(pl.col("surname")).alias("surname"),
        pl.when(hostile).then(pl.lit(FORENAME)).otherwise(pl.col("forename")).alias("forename"),
        pl.when(pl.col("upn") == "H1").then(pl.lit(GROUP)).otherwise(pl.col("reg_group"))
        .alias("reg_group"),
    )  # fmt: skip
    return {
        "folder": folder,
        "export": write_long_csv(reg, folder / "reg.csv", dob=True, groups=True),
        "config": make_workspace(folder / "ws", AUTUMN_HALF_TERMS),
        "contacts": contacts_file(
            folder / "contacts.csv",
            [("H1", "C1", "Mrs", "Ann", "Smith"), ("H2", "C2", "Mr", "Bo", "Jones"),
             ("OK", "C3", "Ms", "Cy", "Lee")],
        ),  # fmt: skip
    }


#: the line on runs from the exports' first school day, the name as the terminal shows it
FIRST_DAY = (
    "1 run of unexplained absence begins on the exports' first school day, 07/09/2026, and may "
    f"have begun before it, so be longer than counted here ({SHOWN} (H1), 12 school days "
    "to 22/09/2026)"
)
#: the note on a child under two UPNs
TWO_UPNS = f"counted as two pupils, e.g. '{SHOWN}' born 01/10/2014"


@pytest.mark.parametrize("extra", [(), ("-o", "cme.csv"), ("--contacts",), ("-f", "json")])
def test_cme_s_first_day_line_shows_a_hostile_name_harmlessly(school, extra, tmp_path):
    args = [a.replace("cme.csv", str(tmp_path / "cme.csv")) for a in extra]
    if extra == ("--contacts",):
        args.append(str(school["contacts"]))
    from attcli import cliutil

    # (JSON on stdout is escaped for a screen; to a pipe it is what -o writes)
    cliutil.console._force_terminal = True if "-f" in extra else None
    try:
        code, out, err = run_cli("cme", school["export"], "-c", school["config"], *args,
                                 width=400)  # fmt: skip
    finally:
        cliutil.console._force_terminal = None
    assert code == 0, err
    assert_harmless(out, "stdout")
    assert_harmless(err, "stderr")
    assert FIRST_DAY in flat(err)


def test_la_return_s_first_day_line_shows_a_hostile_name_harmlessly(school, tmp_path):
    code, out, err = run_cli("la-return", school["export"], "-c", school["config"], "--month",
                             "2026-09", "-o", tmp_path / "la.csv", width=400)  # fmt: skip
    assert code == 0, err
    assert_harmless(out, "stdout")
    assert_harmless(err, "stderr")
    assert FIRST_DAY in flat(out)


@pytest.mark.parametrize(
    "extra", [("-o", "r.html"), ("-o", "g.html", "--audience", "governors"), ("-o", "r.xlsx")]
)
def test_report_notes_show_a_hostile_name_harmlessly(school, extra, tmp_path):
    args = [str(tmp_path / a) if a.endswith(("html", "xlsx")) else a for a in extra]
    code, out, err = run_cli("report", school["export"], "-c", school["config"], *args, width=400)
    assert code == 0, err
    assert_harmless(out, "stdout")
    assert_harmless(err, "stderr")
    assert TWO_UPNS in flat(err)


def test_report_html_holds_no_control_character(school, tmp_path):
    """The registration group's U+009B was in a table cell of the HTML: every value the
    HTML shows has control characters and overrides dropped (one helper: the templates'
    finalize), as the letters' values have."""
    page = tmp_path / "r.html"
    code, _, err = run_cli("report", school["export"], "-c", school["config"], "-o", page)
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert_harmless(html, "report HTML")
    assert "31mC1" in html  # the group is shown, its control character dropped


@pytest.mark.parametrize("dry_run", [True, False])
def test_letters_notes_show_a_hostile_name_harmlessly(school, dry_run, tmp_path):
    args = ["--dry-run"] if dry_run else ["--out", str(tmp_path / "letters")]
    code, out, err = run_cli("letters", school["export"], "-c", school["config"], "--contacts",
                             school["contacts"], "--as-of", "2026-10-02", *args, width=400)  # fmt: skip
    assert code == 0, err
    assert_harmless(out, "stdout")
    assert_harmless(err, "stderr")
    # the child under two UPNs is said once, harmlessly, in the held letters' reason; the
    # load's note, naming no other child, is left out (sweep leftovers9)
    assert "Redevil (born 01/10/2014) is also H2, 07/09/2026 to 02/10/2026" in flat(out)
    assert TWO_UPNS not in flat(err)


@pytest.fixture(scope="module")
def trust(school) -> list[Path]:
    """Three schools' summaries, made from the register and then edited as another school
    could: A's name holds markup, a formula and escape sequences; B's URN is a formula and
    its coverage note (it does not cover the period) a formula and escape sequences."""
    folder = school["folder"]
    made = folder / "made.summary.json"
    code, _, err = run_cli("summary", school["export"], "-c", school["config"], "-o", made)
    assert code == 0, err
    doc = json.loads(made.read_text(encoding="utf-8"))
    escapes = "\x1b]8;;http://evil\x07X\x1b]8;;\x07\x1b[2J\x9b31m\u202e"
    out = []
    for key, name, urn, note in (
        ("a", f'=HYPERLINK("http://evil","x") <script>alert(1)</script> {escapes}', "111111", None),
        ("b", f"+cmd|x {escapes}B", "=1+1", f'=HYPERLINK("x") <b>y</b> {escapes}'),
        ("c", "-2+3 Tiny", "333333", None),
    ):
        d = json.loads(json.dumps(doc))
        d["school"]["name"], d["school"]["urn"] = name, urn
        if note is not None:
            d["period"]["complete"], d["period"]["coverage_note"] = False, note
        path = folder / f"trust_{key}.summary.json"
        path.write_text(json.dumps(d), encoding="utf-8")
        out.append(path)
    return out


@pytest.mark.parametrize("ending", ["html", "xlsx"])
def test_trust_report_notes_show_other_schools_values_harmlessly(school, trust, ending, tmp_path):
    target = tmp_path / f"trust.{ending}"
    code, out, err = run_cli("report", "--trust", *trust, "-c", school["config"], "-o", target,
                             width=400)  # fmt: skip
    assert code == 0, err
    assert_harmless(out, "stdout")
    assert_harmless(err, "stderr")
    assert "+cmd|x " in err  # the note naming school B is there, made safe


def test_trust_workbook_runs_no_cell(school, trust, tmp_path):
    """Schools!B3 was =1+1, a live formula (openpyxl's data type 'f'): the URN and the
    note of a school's row were written as they came; now every text cell is safe."""
    target = tmp_path / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", *trust, "-c", school["config"], "-o", target)
    assert code == 0, err
    wb = load_workbook(target)
    urns = [r[1].value for r in wb["Schools"].iter_rows(min_row=2)]
    assert "'=1+1" in urns
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} {c.value!r}"
                if isinstance(c.value, str):
                    assert not c.value.lstrip().startswith(("=", "+", "-", "@")), (
                        f"{ws.title}!{c.coordinate} {c.value!r}"
                    )
                    assert not UNSAFE.search(c.value.replace("\u202e", "")), c.coordinate


def test_trust_html_holds_no_control_character(school, trust, tmp_path):
    target = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", *trust, "-c", school["config"], "-o", target)
    assert code == 0, err
    html = target.read_text(encoding="utf-8")
    assert_harmless(html, "trust HTML")
    assert "&lt;script&gt;" in html and "<script>alert" not in html


# --------------------------------------------------------------------------- JSON and CSV


def test_json_escapes_c1_controls_and_overrides_and_keeps_the_data(school, tmp_path):
    """JSON escaped ESC (\\u001b) but wrote U+009B and U+202E as they are: a terminal
    reads U+009B as CSI.  To a terminal they are now written \\u009b and \\u202e: the
    same JSON value, no control character in the text.  A file (and a pipe) keeps every
    character, as CSV does: the same value again."""
    from attcli import cliutil

    cliutil.console._force_terminal = True
    try:
        code, out, err = run_cli("check", school["export"], "-c", school["config"], "-f", "json")
    finally:
        cliutil.console._force_terminal = None
    assert code == 0, err
    assert_harmless(out, "check JSON")
    assert "\\u009b31mRed\\u202eevil" in out
    pupils = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert pupils["H1"]["surname"] == SURNAME
    assert pupils["H1"]["forename"] == FORENAME
    assert pupils["H1"]["reg_group"] == GROUP
    target = tmp_path / "check.json"
    code, _, err = run_cli("check", school["export"], "-c", school["config"], "-o", target)
    assert code == 0, err
    kept = target.read_text(encoding="utf-8")
    assert "\u009b31mRed\u202eevil" in kept
    assert json.loads(kept)["pupils"] == json.loads(out)["pupils"]


def test_evidence_and_cases_json_escape_them_too(school):
    from attcli import cliutil

    cliutil.console._force_terminal = True
    try:
        code, out, err = run_cli("evidence", "H1", school["export"], "-c", school["config"],
                                 "--for", "penalty-notice", "--contacts", school["contacts"],
                                 "--draft", "-f", "json")  # fmt: skip
        assert code == 0, err
        assert_harmless(out, "evidence JSON")
        assert GROUP in json.dumps(json.loads(out), ensure_ascii=False)
        code, out, err = run_cli("cases", school["export"], "-c", school["config"], "-f", "json")
        assert code == 0, err
        assert_harmless(out, "cases JSON")
    finally:
        cliutil.console._force_terminal = None


def test_csv_to_a_terminal_drops_overrides_and_to_a_pipe_is_the_file(school, tmp_path):
    """CSV has no escapes: to a terminal the text is shown as the terminal shows any value
    (overrides dropped; controls are U+FFFD in every CSV); to a pipe or a file, stdout is
    byte for byte what -o writes (the file keeps every character)."""
    from attcli import cliutil

    target = tmp_path / "check.csv"
    code, _, err = run_cli("check", school["export"], "-c", school["config"], "-o", target)
    assert code == 0, err
    code, piped, err = run_cli("check", school["export"], "-c", school["config"], "-f", "csv")
    assert code == 0, err
    assert piped == target.read_bytes().decode("utf-8")
    assert "\u202e" in piped  # kept: the file's data
    cliutil.console._force_terminal = True
    try:
        code, shown, err = run_cli("check", school["export"], "-c", school["config"], "-f", "csv")
    finally:
        cliutil.console._force_terminal = None
    assert code == 0, err
    assert_harmless(shown.replace("\r\n", "\n"), "CSV on a terminal")
    assert shown == piped.replace("\u202e", "")


def test_every_console_print_is_made_safe_whatever_the_path():
    """A print path that forgets terminal_text still cannot write an escape sequence: the
    console replaces control characters in the text it prints (its own styles, drawn
    with ESC, stay)."""
    from rich.text import Text

    from attcli.cliutil import SafeConsole

    buf = io.StringIO()
    c = SafeConsole(file=buf, force_terminal=True, color_system="standard", width=200)
    c.print(Text(f"note: {SURNAME} {FORENAME}", style="red"))
    c.print(f"raw: {SURNAME}", markup=False, highlight=False)
    text = buf.getvalue()
    assert "\x1b[31m" in text  # the style, drawn by Rich
    assert "\x1b]8" not in text and "\x1b[2J" not in text
    assert "\x9b" not in text and "\u202e" not in text and "\x07" not in text
    assert "\ufffd]8;;http://evil" in text
