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


def _rows(upn: str, days, marks: str, surname="Child", forename="Kit", reg="7A", year="7"):
    """A session row a mark of ``marks`` (one character a day, both sessions)."""
    return [
        [upn, surname, forename, "01/10/2014", f"Year {year}", reg, f"{d:%d/%m/%Y}", s, m]
        for d, m in zip(days, marks, strict=True)
        for s in ("AM", "PM")
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
    for live in (hostile, "a%PATH%b", 'a"&calc&"b', "a!X!b", "a`b"):
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
