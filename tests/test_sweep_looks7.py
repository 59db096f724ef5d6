"""What a person sees, a seventh pass (docs/decisions.md, sweep looks7).

Each test asserts the text (or the page's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from clirun import run_cli

D = dt.date


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_report_table_scrolls_in_its_own_box_on_a_phone() -> None:
    """At a phone's width (400 px in Chromium) the trust report's Schools table (8 columns)
    ran 960 px wide and the school report's weekly, cohort and worse-band tables up to 681
    px: the whole page scrolled sideways, the headings and notes with it, the table's right
    half out of sight with no scroll bar of its own (the trust's weekly table alone sat in
    a box that scrolls).  Every table of both pages' templates is now in one, which holds
    its hidden captions (position: relative: a caption read aloud, not shown, and placed
    absolutely widened the page again) and is drawn whole on paper; the school report's
    two-column grid lets a column shrink to the screen.  Measured by hand in Chromium: each
    page as wide as a 485 px screen.  (The templates are read, not rendered: a report is
    seconds of CI.)"""
    from attcli.report.template import TEMPLATE
    from attcli.report.trust import _TEMPLATE

    for page, tables in ((TEMPLATE, 9), (_TEMPLATE, 4)):
        assert page.count("<table>") == tables
        assert page.count('<div class="wide"><table>') == tables
        assert page.count("</table></div>") == tables
        assert ".wide { overflow-x: auto; position: relative; }" in page
        assert re.search(r"@media print \{[^@]*\.wide \{ overflow-x: visible; \}", page)
    assert ".two > * { min-width: 0; }" in TEMPLATE


def test_a_parent_s_long_name_is_printed_whole_on_the_envelope_as_the_child_s_is(
    tmp_path: Path,
) -> None:
    """A parent sharing the child's 65-character triple-barrelled surname: the letter named
    the child whole (sweep names: a page to a family names the child as the MIS does) but
    cut the parent's surname at 40 in the address window, "Mrs Ann Wolfeschlegelsteinhausen
    bergerdorff-Fe…" (wrapped over two lines all the same), and the salutation at 50,
    "Dear Mrs Wolfeschlegelsteinhausenbergerdorff-Featherstonehaug…,", and the run told the
    office to "check it in the MIS", where nothing is wrong.  The parent's name and
    salutation are names, printed by the child's rule (`names.legal_name`): whole to 100
    characters a part, only a run of over 40 with no space or hyphen cut."""
    from school import contacts_file, make_workspace
    from test_sweep_names import LONG_SURNAME, _text_of_pdf, named_register

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"L1": (LONG_SURNAME, "Hubert")})
    contacts = contacts_file(tmp_path / "contacts.csv", [("L1", "C1", "Mrs", "Ann", LONG_SURNAME)])
    code, out, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config, "--only", "severe", width=80,
    )  # fmt: skip
    assert code == 0, err
    (pdf,) = sorted((tmp_path / "out").glob("L1_*severe.pdf"))
    text = _text_of_pdf(pdf)  # (the text without its spaces and line breaks)
    assert f"MrsAnn{LONG_SURNAME}1ElmRoad" in text, text[:400]
    assert f"DearMrs{LONG_SURNAME}," in text
    assert "\u2026" not in text
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert f"Mrs Ann {LONG_SURNAME}" in html and f"Dear Mrs {LONG_SURNAME}," in html
    assert "too long for a letter" not in flat(out + err)
    import pypdf

    assert len(pypdf.PdfReader(str(pdf)).pages) == 1


def test_the_pupil_record_s_held_letter_says_the_same_letter_went_to_the_other_upn(
    tmp_path: Path, monkeypatch
) -> None:
    """Sweep twoupn2's ladder register: Kit's red letter went to OLD on 25/09; as of 09/10
    NEW's red letter is held (one child under two UPNs?) and `letters --dry-run` says OLD's
    red letter went this half term, "the same letter twice".  NEW's pupil record said
    "Held for review: the red letter: one child under two UPNs? ... attcli letters EXPORT
    --contacts FILE --release A999201010017 sends it." and nothing of the letter already
    sent: followed, the parent gets the red letter twice in a half term (DOMAIN.md 9).  The
    record says what the letters run says (one rule, `sent_letters.sent_to_other_upn`)."""
    from attcli import clock
    from test_sweep_twoupn import NEW, OLD, TWIN2, _ladder_files

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, _, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out", "--only", "red",
    )  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-09")
    code, out, err = run_cli("pupil", NEW, octo, "-c", cfg, "--as-of", "2026-10-09", width=80)
    assert code == 0, err
    said = flat(out)
    held = said[said.index("Held for review: the red letter"):]
    assert (
        f"or release it if they are two children; {OLD}'s red letter went on 25/09/2026, "
        f"this half term: if one child, this is the same letter twice; `attcli pupil merge "
        f"{OLD} {NEW}` moves it, and this one then shows as already sent. attcli letters "
        f"EXPORT --contacts FILE --release {NEW} sends it."
    ) in held, held
    # TWIN1's red letter went too, but TWIN2 is another child seen apart: nothing said
    code, out, err = run_cli("pupil", TWIN2, octo, "-c", cfg, "--as-of", "2026-10-09", width=80)
    assert code == 0, err
    assert "the same letter twice" not in flat(out + err)


def test_the_casebook_s_tables_give_dates_as_every_other_line_does(tmp_path: Path) -> None:
    """`attcli cases` printed "since: 2026-09-25; period ends: 2026-10-22" (and the tables'
    columns so) beside "left 02/10/2026" in the same block and dd/mm/yyyy on every other
    line attcli prints: the CSV's ISO text (kept: a CSV's dates are read by programs). The
    terminal's dates are dd/mm/yyyy.  Sweep twoupn2's ladder register: Kit's red letter
    went to OLD as of Fri 25 Sep (the red stage since then, its period to 22/10/2026 as
    the ladder gives it) and OLD left the roll on Fri 2 Oct."""
    from attcli import clock
    from test_sweep_twoupn import OLD, TWIN1, _ladder_files

    cfg, sep, octo, contacts = _ladder_files(tmp_path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(clock.ENV_VAR, "2026-09-25")
        code, _, err = run_cli(
            "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
            "--out", tmp_path / "out", "--only", "red", "--release", TWIN1,
        )  # fmt: skip
        assert code == 0, err
        mp.setenv(clock.ENV_VAR, "2026-10-09")
        for width in (80, 200):  # (blocks at 80 columns, a table at 200)
            code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", width=width)
            assert code == 0, err
            assert not re.search(r"\b2026-\d\d-\d\d\b", out), out
        text = flat(out)
        assert f"│ {OLD} │ Child, Kit │ Red letter │ 25/09/2026 │ 22/10/2026 │ no longer on roll (left " \
            "02/10/2026): nothing due │" in text  # fmt: skip
        code, out, err = run_cli("cases", octo, "-c", cfg, "--as-of", "2026-10-09", "-f", "csv")
        assert code == 0, err
        row = next(x for x in out.splitlines() if x.startswith(OLD))
        assert ",2026-09-25,2026-10-22," in row, row  # (the CSV's ISO text, kept)


def test_no_line_attcli_prints_counts_in_thing_s() -> None:
    """"1 pupil(s) in the register are not in the pupil list" (the report's notes, read by
    leaders and governors), "written as a DRAFT: 2 problem(s)" (evidence), "1 casebook
    record(s)", "1 pupil(s) with casebook records are not in these exports", "unknown
    column(s) 'X'": the count is known, so is its noun's number and its verb's.  Each is
    now said by `percent.counted` ("1 pupil ... is", "4 pupils ... are").  Read from the
    source: every string attcli prints, none a docstring."""
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "attcli"
    found = []
    for path in sorted(src.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"\w\(s\)", text):  # (most files: not parsed, for CI's time)
            continue
        tree = ast.parse(text)
        docs = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and n.body and isinstance(n.body[0], ast.Expr)
        }  # fmt: skip
        found += [
            f"{path.relative_to(src)}:{n.lineno} {n.value.strip()}"
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and re.search(r"\w\(s\)", n.value)
        ]  # fmt: skip
    assert found == []



def test_the_note_of_one_child_under_two_upns_gives_the_merge_to_type() -> None:
    """The loaders' note under every command (cme, la-return, summary, the report: for
    some the one mention of the child) said "... 'Child, Kit' born 01/05/2015:
    A99920101001A (a temporary UPN), 07/09/2026 to 02/10/2026 and A999201010017, 05/10/2026
    to 09/10/2026: if one child, give the exports one UPN (the permanent one); attcli pupil
    merge OLD NEW moves letters and notices on record": a pattern to fill in ("OLD NEW
    moves"?), where every other line of the child gives the command with its UPNs.  One
    child of two UPNs, one after the other: the command as typed."""
    from attcli.loaders import LoadResult
    from builders import register_rows, school_days
    from test_sweep_twoupn import NEW, OLD, build

    loaded = LoadResult(build(D(2026, 10, 9), "/ " * 20, "/ " * 5, twins=False), [], [])
    loaded.take_compact()
    note = next(w for w in loaded.warnings if "under two UPNs" in w)
    assert note.endswith(
        f"if one child, give the exports one UPN (the permanent one); `attcli pupil merge "
        f"{OLD} {NEW}` moves letters and notices on record"
    ), note
    # two UPNs from the same day (entered twice): which is the old one is not known
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "/", "surname": "Filler", "forename": "Gus",
         "dob": D(2019, 5, 1)}
        for u in ("B1", "C1") for d in school_days(D(2026, 9, 7), 5) for s in ("AM", "PM")
    ]  # fmt: skip
    loaded = LoadResult(register_rows(rows), [], [])
    loaded.take_compact()
    assert loaded.warnings[0].endswith(
        "`attcli pupil merge OLD NEW` (the old UPN, then the new) moves letters and notices "
        "on record"
    ), loaded.warnings


def test_the_html_letter_keeps_its_text_off_a_phone_s_edges() -> None:
    """The HTML letter (the one a parent reads when the letter goes by email) is 170 mm
    wide with `margin: 12mm auto`: on a phone (400 px in Chromium) the auto margins are
    nothing, and the letterhead, the address and every line of the letter touched the
    screen's left and right edges.  It keeps 16 px either side on a screen; on paper the
    page's margins, as before."""
    from attcli.letters.render import _CSS

    body = next(b for sel, b in re.findall(r"([^{}]+)\{([^{}]*)\}", _CSS) if sel.strip() == "body")
    assert "padding: 0 16px" in body, body  # (the first rule: the screen's)
    printed = re.search(r"@media print \{([^@]*)\}\s*$", _CSS.strip())
    assert printed and "padding: 0" in printed.group(1) and "16px" not in printed.group(1)


def test_cme_on_a_narrow_terminal_lists_each_run_as_a_block_never_breaking_a_upn(
    tmp_path: Path,
) -> None:
    """`attcli cme --contacts` at 60 columns (a split pane): the table (built for 80) was
    squeezed by Rich, the Pupil column four cells wide: "Turn/er,/Lily/-Mae" and the UPN
    over four lines ("A999/2010/1002/5"), the Contact heading "Con/tac/t".  A table that
    cannot fit is now a block a run (as the check's and the casebook's lists are), every
    value whole; at 80 columns the table as before."""
    from builders import register_rows, school_days
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    upn = "A999201010025"
    days = school_days(D(2026, 9, 7), 10)
    rows = [
        {"upn": u, "date": d, "session": s, "mark": "O" if u == upn and i >= 5 else "/",
         "surname": "Turner", "forename": "Lily-Mae", "dob": D(2015, 7, 1)}
        for u in (upn, "FILL") for i, d in enumerate(days) for s in ("AM", "PM")
    ]  # fmt: skip
    from builders import write_long_csv

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "r.csv", dob=True, groups=True)
    contacts = contacts_file(tmp_path / "c.csv", [(upn, "C1", "Ms", "Pat", "Turner")])
    args = ("cme", export, "-c", cfg, "--days", "3", "--contacts", contacts)
    code, out, err = run_cli(*args, width=60)
    assert code == 0, err
    assert max(len(x) for x in out.splitlines()) <= 60
    assert re.search(rf"\bTurner, Lily-Mae\b.*\b{upn}\b", out), out
    assert "Ms Pat Turner" in flat(out) and "18/09/26" in out
    code, out, err = run_cli(*args, width=80)  # the table, as before
    assert code == 0, err
    assert "┃ Pupil" in out and f"│ {upn}" in out
