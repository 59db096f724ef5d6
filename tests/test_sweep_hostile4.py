"""Sweep hostile4 (docs/decisions.md, "... (sweep of 6 December (fourth), hostile4)"):
cells, names and paths from an export in the outputs the last three rounds added, each
seen to come out inert (escaped, quoted, or refused in one line).  Small registers built
here; every expected text worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

from attcli import output
from attcli.output import command_word
from builders import school_days
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

#: what a terminal acts on: C0 controls but LF, DEL, C1 (U+009B is CSI), the
#: bidirectional overrides and isolates
TERMINAL_LIVE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: a surname holding a formula, a clear-screen, an override, HTML and Typst
SURNAME = '=HYPERLINK("http://e","x")\x1b[2J\u202e<b>#set page(fill:red)'
#: a forename holding an OSC 8 link, a bell, a zero-width joiner, a backspace, a CR
FORENAME = "@x\x1b]8;;http://evil\x07link\x1b]8;;\x07\u200d\x08\r"
HEADER = ["UPN", "Surname", "Forename", "Date of Birth", "Year", "Registration Form",
          "Date", "Session", "Mark"]  # fmt: skip
DAYS = school_days(dt.date(2026, 9, 7), 20)  # Mon 07/09 to Fri 02/10/2026


def _inert_on_a_terminal(text: str) -> None:
    assert not TERMINAL_LIVE.search(text), repr(TERMINAL_LIVE.search(text))


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def _rows(upn: str, days, marks: str, surname="Child", forename="Kit", reg="7A", year="7",
          pm: str | None = None):
    """Session rows of ``upn``: a mark of ``marks`` a day (one character), both sessions,
    or the afternoon's from ``pm``."""
    return [
        [upn, surname, forename, "01/10/2014", f"Year {year}", reg, f"{d:%d/%m/%Y}", s, m]
        for d, am, p in zip(days, marks, pm or marks, strict=True)
        for s, m in (("AM", am), ("PM", p))
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _strings(doc: object) -> list[str]:
    """Every string in a JSON document."""
    if isinstance(doc, dict):
        return [s for v in doc.values() for s in _strings(v)]
    if isinstance(doc, list):
        return [s for v in doc for s in _strings(v)]
    return [doc] if isinstance(doc, str) else []


# ---------------------------------------------------------------- 1. commands to paste


def test_a_value_in_a_command_to_paste_is_as_it_is_when_plain_else_inert(monkeypatch):
    # every real UPN and MIS id, as it is
    for plain in ("A999201010017", "A99920101001A", "001003", "FILL", "UPN"):
        assert command_word(plain) == plain
    hostile = "$(touch x);`id`|y"
    monkeypatch.setattr(output, "WINDOWS", False)
    assert command_word(hostile) == "'$(touch x);`id`|y'"
    assert shlex.split(f"attcli pupil merge A {command_word(hostile)}")[-1] == hostile
    assert shlex.split(command_word("a'b; rm c"))[0] == "a'b; rm c"
    # an option to attcli, or nothing, is no value: the placeholder
    assert command_word("--force") == command_word("-x") == command_word(" ") == "UPN"
    monkeypatch.setattr(output, "WINDOWS", True)
    # PowerShell expands $(...) in double quotes, cmd %X%: no quoting holds them inert
    for live in (hostile, "a%PATH%b", 'a"&calc&"b', "a!X!b", "a`b", "a\u201d;calc;\u201cb"):
        assert command_word(live) == "UPN", live
    assert command_word("a b&c|d<e>f") == '"a b&c|d<e>f"'  # (literal in quotes in both)


def test_a_merge_command_attcli_suggests_quotes_an_export_s_key(tmp_path, monkeypatch):
    """Kit Child, born 01/10/2014, under A999201010017 from Mon 07/09 to Fri 18/09 and
    under a key the loader read as a pupil of its own ("its rows are read as a pupil of
    their own"), "$(touch PWNED);`id`|x", from 21/09 to 02/10: one child under two UPNs,
    and the note, the check's reasons, cme's lines say `attcli pupil merge OLD NEW` with
    the two.  Pasted, the second ran `touch` and `id`: now in single quotes, one argument
    to the shell, whatever it holds."""
    monkeypatch.setattr(output, "WINDOWS", False)
    bad = f"$(touch {tmp_path}/PWNED);`id`|x"
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _write(
        tmp_path / "reg.csv",
        _rows("A999201010017", DAYS[:10], "///////OOO") + _rows(bad, DAYS[10:], "O" * 10),
    )
    base = [export, "-c", cfg, "--as-of", "2026-10-02"]
    said = []
    for args in (("check",), ("cme",), ("check", "--format", "json")):
        code, out, err = run_cli(*args, *base, width=400)
        assert code == 0, err
        texts = _strings(json.loads(out)) if "json" in args else [err]
        said += [_flat(t) for t in texts]
    merges = re.findall(r"`(attcli pupil merge .*?)` move", "\n".join(said))
    assert len(merges) >= 4, said
    for merge in merges:
        assert shlex.split(merge) == ["attcli", "pupil", "merge", "A999201010017", bad], merge


# ------------------------------------------- 2. sheet names, hidden rows, an export twice

#: a sheet name as workbook.xml may hold it (an XML character reference each): a formula,
#: an override, a C1 CSI, HTML, a line separator, Typst
SHEET = '=HYPERLINK("http://e","x")\u202e\u009b2J<script>\u2028#set'
#: the same workbook under a second name: an escape, an override, a line break, a CR
COPY = "\x1b[31m\u202e\n=cmd\r(1)<b>#set.xlsx"


def _workbook(path: Path) -> Path:
    """A cover sheet and, hidden, the register of A999100000001 and B999100000002 (20 days
    from Mon 07/09/2026, present 14 days then O), its rows 10 to 19 and its Mark column
    hidden, the sheet named :data:`SHEET` (Excel refuses such a name; a file made by
    another program, or by hand, holds it)."""
    wb = Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Attendance report"])
    ws = wb.create_sheet("REGISTER")
    ws.append(HEADER)
    for upn in ("A999100000001", "B999100000002"):
        for row in _rows(upn, DAYS, "/" * 14 + "O" * 6):
            ws.append(row)
    ws.sheet_state = "hidden"
    for r in range(10, 20):
        ws.row_dimensions[r].hidden = True
    ws.column_dimensions["I"].hidden = True
    wb.save(path)
    named = "".join(c if c.isascii() and c.isalnum() else f"&#x{ord(c):x};" for c in SHEET)
    data = {}
    with zipfile.ZipFile(path) as z:
        for item in z.infolist():
            data[item] = z.read(item.filename)
    with zipfile.ZipFile(path, "w") as z:
        for item, body in data.items():
            if item.filename == "xl/workbook.xml":
                body = body.replace(b'name="REGISTER"', f'name="{named}"'.encode())
            z.writestr(item, body)
    return path


def test_a_hidden_sheet_s_name_and_an_export_s_copy_s_name_are_inert_everywhere(tmp_path):
    """The notes slips4 added quote a hidden sheet's name (the register read from it, its
    hidden rows and columns) and a second download's file name ("holds the same bytes as");
    each reaches the terminal, the report's page and its workbook.  The sheet's name is
    quoted with its escapes (``'\\u202e\\x9b'``); the file's name on the terminal with its
    controls shown as U+FFFD and its line break a space; on the page escaped; no cell a
    formula."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    book = _workbook(tmp_path / "register.xlsx")
    copy = tmp_path / COPY
    copy.write_bytes(book.read_bytes())
    base = [book, copy, "-c", cfg, "--as-of", "2026-10-02"]
    code, out, err = run_cli("check", *base, width=100)
    assert code == 0, err
    _inert_on_a_terminal(out + err)
    text = _flat(err)
    quoted = "sheet '=HYPERLINK(\"http://e\",\"x\")\\u202e\\x9b2J<script>\\u2028#set'"
    assert f"{quoted}: the register is read from this sheet" in text, text
    assert f"{quoted}: 10 rows of the sheet are hidden in Excel: rows 10 to 19" in text
    assert "1 column attcli reads is hidden in Excel ('Mark')" in text
    assert "\ufffd[31m =cmd (1)<b>#set.xlsx holds the same bytes as" in text, text
    code, _, err = run_cli("report", *base, "-o", tmp_path / "r.html")
    assert code == 0, err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page and "\x1b" not in page
    assert "\u202e" not in page and "\x9b" not in page
    assert "(1)&lt;b&gt;#set.xlsx holds the same bytes as" in page
    code, _, err = run_cli("report", *base, "-o", tmp_path / "r.xlsx")
    assert code == 0, err
    wb = load_workbook(tmp_path / "r.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any("holds the same bytes as" in t for t in texts)
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)
    for t in texts:  # a cell beginning with the copy's name is no formula
        assert not t.lstrip("\ufffd\u202e\n\r\t[31m").startswith("="), t


# ------------------------------------------------- 3. the pupil record's "why not" line


def test_the_record_s_why_not_on_roll_names_the_export_in_one_line(tmp_path):
    """`attcli pupil B` for a pupil whose every mark is Z says where: "from FILE line N".
    A file named with an escape, a line break and an override (Linux allows each) broke
    the one-line error in two at the line break; the name is now shown as every file name
    in an error is, its controls escaped (``errors.shown``)."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _write(
        tmp_path / "reg\x1b[2J\n\u202e=x.csv",
        _rows("A999100000001", DAYS[:5], "/////") + _rows("B999100000002", DAYS[:5], "ZZZZZ"),
    )
    code, out, err = run_cli("pupil", "B999100000002", export, "-c", cfg, "--as-of", "2026-09-11")
    assert code == 1
    assert err.count("\n") == 1 and err.endswith("\n"), repr(err)  # one line
    _inert_on_a_terminal(err)
    assert err.endswith(
        "every mark of theirs in the exports is Z (a prospective pupil, not yet on the "
        "admission register), from " + str(tmp_path) + "/reg\\x1b[2J\\n\\u202e=x.csv line 12\n"
    ), err


def test_a_summary_s_school_name_with_a_line_break_makes_no_second_error_line(tmp_path):
    """A trust's report reads other schools' summary files; one whose school name holds a
    line break ("Oak\\nerror: ...", no attcli writes it: the config refuses control
    characters, the reader keeps the text as it is) refused as of another day printed a
    second line of its own, "error: fake": a forged error.  Named as every file's value in
    an error is (``errors.shown``): one line, the break shown as ``\\n``."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = _write(tmp_path / "reg.csv", _rows("A999100000001", DAYS[:5], "/////"))
    made = tmp_path / "s.json"
    code, _, err = run_cli("summary", export, "-c", cfg, "--as-of", "2026-09-11", "-o", made)
    assert code == 0, err
    doc = json.loads(made.read_text(encoding="utf-8"))
    doc["school"]["name"] = "Oak\nerror: fake\x1b[2J\u202e"
    made.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("report", "--trust", made, "-c", cfg, "--as-of", "2026-09-18",
                           "-o", tmp_path / "t.html")  # fmt: skip
    assert code == 1
    _inert_on_a_terminal(err)
    assert err == (
        f"error: {made}: Oak\\nerror: fake\\x1b[2J\\u202e's summary is as of 11/09/2026, not "
        "--as-of 18/09/2026: make it again with --as-of 2026-09-18, or leave --as-of out\n"
    ), err


# ------------------------------------------- 4. cme's joined row, a child of two schools

#: registration groups from the export: a formula; HTML, an escape, Typst and an override
GROUP_A = "=cmd|' /C calc'!A0"
GROUP_B = "<script>alert(1)</script>\x1b[31m$x$\u202e"


def test_cme_s_row_joined_across_two_upns_is_inert_on_the_terminal_and_in_its_files(tmp_path):
    """leftovers13's joined row gives each UPN's year and group, "7 =cmd... / 8 <script>...",
    and the child's name; the note under it quotes the name.  Kit Child is A99920101001A in
    7 (GROUP_A) to Fri 02/10, present to 24/09 then N 25/09-02/10 (6 days), and
    A999201010017 in 8 (GROUP_B) from Mon 05/10, N to 12/10 (6 days): 12 school days across
    the two.  The terminal shows no control (U+FFFD for each escape, the override gone); the
    CSV's and the workbook's group cell, "=cmd... / <script>...", begins with an apostrophe,
    and no cell is a formula."""
    old, new = "A99920101001A", "A999201010017"
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    first = school_days(dt.date(2026, 9, 7), 20)
    then = school_days(dt.date(2026, 10, 5), 6)
    rows = _rows("FILL", first + then, "/" * 26)
    rows += _rows(old, first, "/" * 14 + "N" * 6, SURNAME, FORENAME, GROUP_A, "7")
    rows += _rows(new, then, "N" * 6, SURNAME, FORENAME, GROUP_B, "8")
    export = _write(tmp_path / "register.csv", rows)
    base = [export, "-c", cfg, "--as-of", "2026-10-12"]
    code, out, err = run_cli("cme", *base, width=80)
    assert code == 0, err
    _inert_on_a_terminal(out + err)
    assert "ACROSS UPNS" in out and "7 =cmd|'… / 8 <script…" in out, out
    assert "\ufffd[2J<b>#set" in out  # (the surname's escape, shown)
    code, _, err = run_cli("cme", *base, "-o", tmp_path / "cme.csv")
    assert code == 0, err
    text = (tmp_path / "cme.csv").read_text(encoding="utf-8-sig")
    (row,) = [r for r in csv.reader(io.StringIO(text, newline="")) if " + " in r[0]]
    group = "'" + GROUP_A + " / " + GROUP_B.replace("\x1b", "\ufffd")
    assert group in row and row[1] == "'" + SURNAME.replace("\x1b", "\ufffd"), row
    code, _, err = run_cli("cme", *base, "-o", tmp_path / "cme.xlsx")
    assert code == 0, err
    cells = [c for ws in load_workbook(tmp_path / "cme.xlsx").worksheets
             for r in ws.iter_rows() for c in r]  # fmt: skip
    assert all(c.data_type != "f" for c in cells)
    assert group in [c.value for c in cells]
    # the check's workbook: its data-quality rows in words (looks9), each cell inert
    code, _, err = run_cli("check", *base, "-o", tmp_path / "check.xlsx")
    assert code == 0, err
    wb = load_workbook(tmp_path / "check.xlsx")
    cells = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)
    assert all(not t.startswith(("=", "@")) for t in texts), [t for t in texts if t[:1] in "=@"]
    assert "'" + SURNAME.replace("\x1b", "\ufffd") in texts
    quality = [r[0] for r in wb["Data quality"].iter_rows(min_row=2, values_only=True)]
    assert quality == ["N code older than 5 school days"] * 12, quality


def test_a_note_on_a_page_is_escaped_before_its_commands_become_code():
    """`output.coded_html` (looks9, looks10): a note's `attcli ...` in backticks becomes
    `<code>` words; the rest, a UPN in the command and a name after it, is escaped first,
    controls and overrides dropped."""
    from attcli.output import coded_html

    note = ("`attcli pupil merge A999201010017 '<img src=x onerror=alert(1)>'` moves "
            "<script>alert(2)</script>\x1b[2J\u202e's letters")  # fmt: skip
    page = str(coded_html(note))
    assert "<script>" not in page and "<img" not in page
    assert "\x1b" not in page and "\u202e" not in page
    assert page.startswith(
        "<code>attcli</code> <code>pupil</code> <code>merge</code> "
        "<code>A999201010017</code> <code>&#39;&lt;img</code> <code>src=x</code> "
    ), page
    assert page.endswith(" moves &lt;script&gt;alert(2)&lt;/script&gt;[2J&#39;s letters"), page


def test_letters_per_school_s_lines_on_a_child_of_two_schools_are_inert(tmp_path):
    """leftovers13's "two letters for one child?" line quotes the child's name, each
    school's name and each letter's recipient.  Pat, with the hostile surname and forename,
    is P999100000001 at school a and P999200000002 at school b, absent G each afternoon of
    the first 8 of 20 days (32 of 40, red at both); the schools' names hold a formula, HTML
    and Typst (the config refuses escapes).  Each line is on the terminal with no control
    (the escapes U+FFFD), as the check's line on the child is."""
    from attcli.config import init_text
    from school import CONTACTS_HEADER, DETAILS

    names = {"a": '=cmd|"/C calc"!A0 <script>alert(1)</script> #set [x] $y$',
             "b": "@Birch <img src=x onerror=alert(1)> *b* _i_ `c`"}  # fmt: skip
    schools = "".join(
        f'\n[schools.{k}]\nname = {json.dumps(v)}\nurn = "10000{i}"\nfiles = ["{k}-*"]\n'
        for i, (k, v) in enumerate(names.items(), 1)
    )
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    config = tmp_path / "attcli.toml"
    config.write_text(
        init_text(details).replace('"FILL IN: DfE number"', '""') + AUTUMN_HALF_TERMS + schools,
        encoding="utf-8",
    )
    files = []
    for k, upn in (("a", "P999100000001"), ("b", "P999200000002")):
        rows = _rows(upn, DAYS, "/" * 20, SURNAME, FORENAME, pm="G" * 8 + "/" * 12)
        rows += _rows(f"{k.upper()}999100000009", DAYS, "/" * 20)
        files.append(_write(tmp_path / f"{k}-autumn.csv", rows))
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(CONTACTS_HEADER + "".join(
        f"{upn},C1,Mrs,Jo,Mover,Parent,1,Yes,1 Elm Road,Anytown,AN1 1AB\n"
        for upn in ("P999100000001", "P999200000002", "A999100000009", "B999100000009")
    ), encoding="utf-8")  # fmt: skip
    code, out, err = run_cli("letters", *files, "-c", config, "--contacts", contacts,
                             "--as-of", "2026-10-02", "--per-school", tmp_path / "out",
                             "--dry-run", width=80)  # fmt: skip
    assert code == 0, err
    _inert_on_a_terminal(out + err)
    text = _flat(err)
    shown_name = (
        "'=HYPERLINK(\"http://e\",\"x\")\ufffd[2J<b>#set page(fill:red), "
        "@x\ufffd]8;;http://evil\ufffdlink\ufffd]8;;\ufffd\u200d\ufffd' born 01/10/2014"
    )
    assert f"two letters for one child? {shown_name} (two UPNs, above): this run would make " \
        f"red at {names['a']} (P999100000001, to Mrs Jo Mover) and red at {names['b']} " \
        "(P999200000002, to Mrs Jo Mover)" in text, text


def test_a_week_of_case_records_named_with_a_line_break_is_named_in_one_line(tmp_path):
    """slips4's `case record --from week.csv` refusals name the file as "FILE, line N:
    ..."; a name holding a line break and an escape split the error in two.  The name is
    shown as every file's in an error is: one line, ``\\n`` and ``\\x1b`` written out."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = tmp_path / "week\n\x1b[2Jerror: x.csv"
    week.write_text("upn;action;date;note\nA999100000001;red;2026-10-02;x\n", encoding="utf-8")
    code, _, err = run_cli("case", "record", "--from", week, "-c", cfg)
    assert code == 1
    assert err.count("\n") == 1, repr(err)
    _inert_on_a_terminal(err)
    assert err.startswith(
        f"error: {tmp_path}/week\\n\\x1b[2Jerror: x.csv, line 1: the cells are separated by "
        "semicolons, not commas"
    ), err


def test_conflicting_marks_list_a_file_name_with_a_line_break_on_its_own_line(tmp_path):
    """Two exports give A999100000001's Mon 07/09 AM and PM '/' and 'O' (DOMAIN.md 12:
    refused, the pupil's sessions whose marks differ alike listed on a line of their own
    under the message, sweep slips7).  A file named with a line break ("week\nerror:
    x.csv") printed a line of its own among the list's, "error: x.csv line 2; ...": the
    file is now shown with its escapes (``loaders._where`` and the list's ``shown``), so
    the lines are the message's own.  (A UPN cell holding a line break is refused as no
    UPN, its escapes shown.)"""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    one = _write(tmp_path / "week\nerror: x.csv", _rows("A999100000001", DAYS[:5], "/////"))
    two = _write(tmp_path / "two.csv", _rows("A999100000001", DAYS[:5], "O////"))
    code, _, err = run_cli("check", one, two, "-c", cfg, "--as-of", "2026-09-11")
    assert code == 1
    _inert_on_a_terminal(err)
    assert not re.search(r"^error: x", err, re.M), err
    assert (
        "\n  A999100000001 Child, Kit, 2 sessions, 07/09/2026 AM to 07/09/2026 PM: '/' in "
        f"{tmp_path}/week\\nerror: x.csv; 'O' in {tmp_path}/two.csv."
    ) in err, err


def test_an_export_lacking_a_pupil_s_rows_is_named_in_one_line(tmp_path):
    """An earlier export holds A and B for Mon 07/09 to Fri 11/09, a later one (named
    with a line break: "two\\nerror: y.csv") A from 07/09 to 18/09 and B from 14/09 only:
    B's marks of 08/09-11/09 (the later export's first day aside) are in no row of it,
    refused naming both files (DOMAIN.md 12).  The later file's name split the line; it is
    shown with its escapes."""
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    one = _write(tmp_path / "one.csv",
                 _rows("A999100000001", DAYS[:5], "/////") + _rows("B999100000002", DAYS[:5], "/////"))  # fmt: skip
    two = _write(tmp_path / "two\nerror: y.csv",
                 _rows("A999100000001", DAYS[:10], "/" * 10) + _rows("B999100000002", DAYS[5:10], "/" * 5))  # fmt: skip
    code, _, err = run_cli("check", one, two, "-c", cfg, "--as-of", "2026-09-18")
    assert code == 1
    assert err.count("\n") == 1, err
    assert err.startswith(
        f"error: {tmp_path}/two\\nerror: y.csv has no row for 1 pupil on days it holds where "
        f"the earlier export {tmp_path}/one.csv has their marks (8 sessions, e.g. "
        "B999100000002 08/09/2026 AM '/' in line 14;"
    ), err


# ------------------------------------------------------- 5. the terminal's loading line


def test_the_loading_line_shows_an_export_s_name_as_text_not_as_rich_markup(monkeypatch):
    """On a terminal a long load says "loading FILE (1/2)..." (stderr).  The line was Rich
    markup: an export named "[link=http://evil]x[/link].csv" (a file from a shared folder or
    an email) printed an OSC 8 hyperlink to http://evil over "x", and "[bold red]" recoloured
    it.  The name is now text, as every line naming a value is."""
    from attcli import cliutil

    buf = io.StringIO()
    monkeypatch.setattr(
        cliutil, "err_console", cliutil.SafeConsole(file=buf, force_terminal=True, width=200)
    )
    update = cliutil.load_exports_with_progress()
    assert update is not None
    update("[link=http://evil]x[/link] [bold red]y\x1b[2J.csv", 0, 2)
    out = buf.getvalue()
    assert "\x1b]8" not in out and "\x1b[2J" not in out and "\x1b[1;31m" not in out, repr(out)
    assert "loading [link=http://evil]x[/link] [bold red]y\ufffd[2J.csv (1/2)..." in out, out
