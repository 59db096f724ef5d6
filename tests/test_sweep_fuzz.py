"""Sweep of 5 December (fourth), fuzz: registers damaged at random (bytes, lines, cells,
columns, headers, near-miss dates and codes) through the loaders and every command.  Where
attcli cannot give a correct answer it says so in one line (exit 1, no traceback); damage
that changes the data changes the figures as it implies, or is said; neutral damage (rows
reordered, cells quoted, trailing spaces, CRLF) gives the same figures.  Each fault the
random runs found has a plain regression test with its minimal case first.  The properties
that run `attcli check` run 15 examples each by default (``ATTCLI_FUZZ_CHECKED`` raises it
for a longer local run)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attcli.config import Config
from attcli.engine import evaluate
from attcli.errors import AttcliError, InputError
from attcli.loaders import load_registers
from clirun import run_cli

#: two pupils, one week from Mon 07/09/2026: (UPN, surname, forename, marks AM/PM a day)
TWO = [
    ("A999300000001", "Ahmed", "Sara", "/\\/\\/\\/\\/\\"),
    ("A999300000002", "Brown", "Tom", "/\\NN/\\/\\/\\"),
]
DAYS = ["07/09/2026", "08/09/2026", "09/09/2026", "10/09/2026", "11/09/2026"]


def long_text(order=("UPN", "Surname", "Forename"), pupils=TWO) -> str:
    """A long register of ``pupils`` whose first three columns are headed ``order`` (the
    cells are always UPN, surname, forename: a header out of that order mislabels them)."""
    lines = [",".join(order) + ",Date,Session,Mark"]
    for upn, sur, fore, marks in pupils:
        for i, day in enumerate(DAYS):
            for j, session in enumerate(("AM", "PM")):
                lines.append(f"{upn},{sur},{fore},{day},{session},{marks[2 * i + j]}")
    return "\n".join(lines) + "\n"


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_registers([path])
    return str(info.value)


# --- a name column that holds UPNs: the columns swapped or mislabelled -------------------
# The UPN and Forename columns swapped (cells moved, or the headers typed over the wrong
# columns): every pupil was read with a forename for a UPN ('Sara', 'Tom') and a UPN for a
# forename, with nothing said; the LA's register-check file carried 'Sara' as a UPN, and two
# children of one forename (or surname, for that swap) were one pupil.  A name is never a
# UPN: refused, naming the column, its first line and value.


@pytest.mark.parametrize(
    ("order", "column", "value"),
    [
        (("Forename", "Surname", "UPN"), "Forename", "A999300000001"),
        (("Surname", "UPN", "Forename"), "Surname", "A999300000001"),
    ],
)
def test_a_name_column_of_upns_is_refused_as_columns_swapped(tmp_path, order, column, value):
    path = tmp_path / "swapped.csv"
    path.write_text(long_text(order), encoding="utf-8")
    text = refusal(path)
    assert text.startswith(f"{path}, line 2: column '{column}' holds UPNs, not names")
    assert repr(value) in text
    assert "swapped" in text


def test_one_name_that_is_a_upn_is_not_a_swap(tmp_path):
    # one pupil's forename typed as a UPN-shaped text in the MIS: a cell, not a column
    pupils = [*TWO, ("A999300000003", "Clark", "A999300000009", "/\\/\\/\\/\\/\\")]
    path = tmp_path / "one.csv"
    path.write_text(long_text(pupils=pupils), encoding="utf-8")
    assert load_registers([path]).register.height == 30


def test_upns_swapped_with_forenames_stop_every_command_in_one_line(tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text(long_text(("Forename", "Surname", "UPN")), encoding="utf-8")
    code, out, err = run_cli("check", path, "--as-of", "2026-09-11")
    assert code == 1
    assert "holds UPNs, not names" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err


# --- property 1: damaged at random, never a traceback ------------------------------------
# A register damaged at random (a byte flipped or deleted, a line cut short or doubled, a
# quote unbalanced, a cell emptied, a column removed or swapped, a header renamed, a date or
# code changed to a near miss, the file truncated, mixed line ends, a BOM in the middle, a
# row of another layout pasted in) loads, or is refused with an AttcliError of one line
# naming the file; through the CLI, every command exits 0 or 1 with no traceback.


FUZZ = settings(deadline=None, derandomize=True, database=None, max_examples=50)
FEWER = settings(FUZZ, max_examples=12)
#: the properties that run `attcli check` once an example: 15 each by default (it was 30,
#: the suite's time: a check is ~0.2 s of processor time whatever the register), as
#: test_properties' costlier properties run 10; ``ATTCLI_FUZZ_CHECKED`` raises it locally
CHECKED = settings(FUZZ, max_examples=int(os.environ.get("ATTCLI_FUZZ_CHECKED", "15")))

#: three pupils, one week from Mon 07/09/2026, one mark a session (AM, PM, AM, ...)
THREE = [
    ("A999300000001", "Ahmed", "Sara", "14/03/2015", "Year 7", "7A", "/\\/\\/\\/\\/\\"),
    ("A999300000002", "Brown", "Tom", "01/05/2015", "Year 7", "7A", "/\\NN/\\/\\/\\"),
    ("A999300000003", "Clark", "Amy", "02/06/2014", "Year 8", "8B", "IIO\\/\\L\\/N"),
]
#: (possible, attended, authorised, unauthorised, missing marks) of each, by hand from
#: DOMAIN.md 1 and 2: Sara 10 present; Tom 8 present and N N; Amy I I, O, 6 present or
#: late (\ / \ L \ /) and N
FIGURES = {
    "A999300000001": (10, 10, 0, 0, 0),
    "A999300000002": (10, 8, 0, 2, 0),
    "A999300000003": (10, 6, 2, 2, 0),
}
PUPIL_HEAD = ["UPN", "Surname", "Forename", "Date of Birth", "Year", "Registration Form"]


def long_rows() -> list[list[str]]:
    rows = [[*PUPIL_HEAD, "Date", "Session", "Mark"]]
    for *who, marks in THREE:
        for i, day in enumerate(DAYS):
            for j, session in enumerate(("AM", "PM")):
                rows.append([*who, day, session, marks[2 * i + j]])
    return rows


def wide_rows() -> list[list[str]]:
    names = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    head = [*PUPIL_HEAD, *[f"{w} {d} {s}" for w, d in zip(names, DAYS, strict=True) for s in ("AM", "PM")]]
    return [head, *[[*who, *marks] for *who, marks in THREE]]


def csv_text(rows: list[list[str]], eol: str = "\n", quote: bool = False) -> str:
    out = io.StringIO()
    how = csv.QUOTE_ALL if quote else csv.QUOTE_MINIMAL
    csv.writer(out, lineterminator=eol, quoting=how).writerows(rows)
    return out.getvalue()


NEAR_CODES = ["n", "//", "N ", "I1", "0", "l", "", "?", "Z9", "Y", "x", "\u200bN", "\uff2e"]
NEAR_DATES = ["31/09/2026", "07/09/2062", "7/9/26", "2026-09-07", "12/09/2026", "09/07/2026",
              "07/13/2026", "45907", "", "07/09/2026 00:00", "Tue 07/09/2026"]  # fmt: skip
OTHER_ROWS = [
    ["UPN", "Surname", "Forename", "Date", "Session", "Mark"],
    ["A999300000001", "Ahmed, Sara", "7", "/", "\\", "N"],
    ["Totals", "", "", "", "", "", "5", "5"],
    [""],
]
CELL_OPS = ["empty", "remove_col", "swap_col", "rename_head", "near_date", "near_code",
            "dup_row", "del_row", "other_layout"]  # fmt: skip
TEXT_OPS = ["flip", "delete", "cut_line", "double_line", "quote", "truncate", "mixed_eol",
            "bom_mid", "nul", "blank_line", "tabs"]  # fmt: skip


@st.composite
def damaged(draw) -> tuple[str, bytes, list[str]]:
    """(layout, the file's bytes, what was done): a clean long or wide register with one or
    two cell-level damages and one text-level one."""
    layout = draw(st.sampled_from(["long", "wide"]))
    rows = long_rows() if layout == "long" else wide_rows()
    done = []
    for op in draw(st.lists(st.sampled_from(CELL_OPS), max_size=2)):
        i = draw(st.integers(1, len(rows) - 1))
        j = draw(st.integers(0, len(rows[0]) - 1))
        done.append(f"{op} {i},{j}")
        if j >= len(rows[i]) or j >= len(rows[0]):
            continue  # (a shorter row pasted in, or a column gone)
        if op == "empty":
            rows[i][j] = ""
        elif op == "remove_col":
            rows = [r[:j] + r[j + 1:] for r in rows]
        elif op == "swap_col":
            k = draw(st.integers(0, len(rows[0]) - 1))
            for r in rows[1:]:
                if max(j, k) < len(r):
                    r[j], r[k] = r[k], r[j]
        elif op == "rename_head":
            h = rows[0][j]
            rows[0][j] = draw(st.sampled_from([h.lower(), h[:-1], h + "x", "", h + " " + h]))
        elif op == "near_date":
            cells = [(a, b) for a, r in enumerate(rows) for b, c in enumerate(r)
                     if re.search(r"\d\d/\d\d/\d{4}", c)]  # fmt: skip
            if not cells:
                continue
            a, b = draw(st.sampled_from(cells))
            near = draw(st.sampled_from(NEAR_DATES))
            rows[a][b] = re.sub(r"\d\d/\d\d/\d{4}", near, rows[a][b]) if a == 0 else near
        elif op == "near_code":
            rows[i][j] = draw(st.sampled_from(NEAR_CODES))
        elif op == "dup_row":
            row = list(rows[i])
            if draw(st.booleans()):
                row[j] = draw(st.sampled_from(NEAR_CODES + ["N", "/"]))
            rows.insert(draw(st.integers(1, len(rows))), row)
        elif op == "del_row":
            del rows[i]
        else:
            rows.insert(draw(st.integers(1, len(rows))), draw(st.sampled_from(OTHER_ROWS)))
    text = csv_text(rows, draw(st.sampled_from(["\n", "\r\n"])))
    op = draw(st.sampled_from(TEXT_OPS))
    p = draw(st.integers(0, len(text) - 1))
    lines = text.split("\n")
    li = draw(st.integers(0, len(lines) - 1))
    done.append(f"{op} {p} {li}")
    if op == "flip":
        text = text[:p] + chr(draw(st.integers(1, 0x3000))) + text[p + 1:]
    elif op == "delete":
        text = text[:p] + text[p + 1:]
    elif op == "cut_line":
        lines[li] = lines[li][: draw(st.integers(0, len(lines[li])))]
        text = "\n".join(lines)
    elif op == "double_line":
        text = "\n".join(lines[: li + 1] + lines[li:])
    elif op == "quote":
        text = text[:p] + '"' + text[p:]
    elif op == "truncate":
        text = text[:p]
    elif op == "mixed_eol":
        text = "\n".join(x.rstrip("\r") + ("\r" if k % 2 else "") for k, x in enumerate(lines))
    elif op == "bom_mid":
        text = text[:p] + "\ufeff" + text[p:]
    elif op == "nul":
        text = text[:p] + "\x00" + text[p:]
    elif op == "blank_line":
        text = "\n".join(lines[:li] + [""] + lines[li:])
    else:
        lines[li] = lines[li].replace(",", "\t")
        text = "\n".join(lines)
    return layout, text.encode("utf-8", "surrogatepass"), done


#: a refusal's lines after its first: a config example ("[columns]", "upn = ...") or a
#: list of the sessions or rows in question, indented
_MORE = re.compile(r"^(?:\s{2}|\[|\w+ = )")


def said_in_one_line(text: str, path: Path, *, named: bool = True) -> None:
    """``text`` is one line (and what may follow it: :data:`_MORE`), no traceback, and
    (``named``) names the file ``path``."""
    lines = [x for x in text.strip().splitlines() if x.strip()]
    assert lines, "nothing said"
    if named:
        assert str(path) in text, text
    assert not [x for x in lines[1:] if not _MORE.match(x)], text
    assert "Traceback" not in text


@FUZZ
@given(damaged())
def test_a_damaged_register_loads_or_is_refused_in_one_line(case):
    layout, data, done = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layout}.csv"
        path.write_bytes(data)
        try:
            loaded = load_registers([path])
        except AttcliError as exc:
            said_in_one_line(str(exc), path)
            return
        # what loads is evaluated: no exception of any kind on the way
        if loaded.register.height:
            evaluate(loaded.register, Config(), as_of=dt.date(2026, 9, 11))


COMMANDS = {
    "check": ["--format", "json"],
    "cme": [],
    "summary": ["-o", "{tmp}/s.json"],
    "report": ["-o", "{tmp}/r.html"],
    "register-check": ["--term", "autumn", "-o", "{tmp}/rc.csv"],
    "la-return": ["--month", "2026-09", "--dry-run"],
    "cases": [],
    "pupil": [],
    "letters": ["--dry-run", "--contacts", "{tmp}/contacts.csv"],
    "evidence": ["--for", "penalty-notice", "--contacts", "{tmp}/contacts.csv", "--draft",
                 "--format", "json", "-o", "{tmp}/e.json"],  # fmt: skip
}


@FEWER
@given(damaged(), st.sampled_from(sorted(COMMANDS)))
def test_a_damaged_register_through_every_command_exits_0_or_1_in_one_line(case, command):
    from school import AUTUMN_HALF_TERMS, contacts_file, make_workspace

    layout, data, _ = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layout}.csv"
        path.write_bytes(data)
        make_workspace(Path(tmp) / "school", AUTUMN_HALF_TERMS)  # (la-return, cases keep one)
        contacts_file(Path(tmp) / "contacts.csv", [(u, f"C{k}", "Mrs", "Pat", s)
                                                   for k, (u, s, *_) in enumerate(THREE)])  # fmt: skip
        who = ["A999300000002"] if command in ("pupil", "evidence") else []
        more = [a.format(tmp=tmp) for a in COMMANDS[command]]
        code, out, err = run_cli(
            command, *who, path, "--as-of", "2026-09-11", *more, "--workspace", Path(tmp) / "school"
        )
        assert code in (0, 1), err
        assert "Traceback" not in out + err
        if code == 1:  # (a pupil not in the damaged file is said by its UPN, not the file)
            said_in_one_line(err, path, named=command not in ("pupil", "evidence"))


# --- property 2: never silently different ------------------------------------------------
# Damage that changes the data changes the figures as it implies (worked out from DOMAIN.md
# 1's table, for the one pupil whose row it is), or is refused; damage that changes nothing
# (rows reordered, every cell quoted, trailing spaces, CRLF, a BOM) gives the same figures.

CATEGORY = {
    **dict.fromkeys(["/", "\\", "L", "K", "V", "P", "W", "B"], "attended"),
    **dict.fromkeys(["C1", "M", "J1", "S", "C2", "C", "T", "R", "I", "E"], "authorised"),
    **dict.fromkeys(["G", "N", "O", "U"], "unauthorised"),
    **dict.fromkeys(["D", "X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Z", "#"], None),
    "-": "missing",  # SIMS's "no mark recorded", and a row gone inside the time on roll
}


def moved(figures: tuple[int, ...], old: str, new: str) -> tuple[int, ...]:
    """A pupil's (possible, attended, authorised, unauthorised, missing) with one session's
    mark ``old`` read as ``new``."""
    out = list(figures)
    for mark, step in ((old, -1), (new, 1)):
        kind = CATEGORY[mark]
        if kind == "missing":
            out[4] += step
        elif kind is not None:
            out[0] += step
            out[("attended", "authorised", "unauthorised").index(kind) + 1] += step
    return tuple(out)


def figures_of(path: Path) -> tuple[int, dict | str]:
    code, out, err = run_cli("check", path, "--as-of", "2026-09-11", "--format", "json")
    assert code in (0, 1), err
    assert "Traceback" not in out + err
    if code:
        return code, err
    pupils = json.loads(out)["pupils"]
    keys = ("possible", "attended", "authorised", "unauthorised", "missing_marks")
    return code, {p["upn"]: tuple(p[k] for k in keys) for p in pupils}


def test_the_clean_register_has_the_figures_worked_by_hand(tmp_path):
    for name, rows in (("long.csv", long_rows()), ("wide.csv", wide_rows())):
        path = tmp_path / name
        path.write_text(csv_text(rows), encoding="utf-8")
        assert figures_of(path) == (0, FIGURES)


@CHECKED
@given(
    st.sampled_from(["long", "wide"]),
    st.integers(0, 2),
    st.integers(0, 9),
    st.sampled_from(sorted(CATEGORY)),
)
def test_a_mark_changed_changes_that_pupil_s_figures_as_the_code_table_says(
    layout, pupil, session, new
):
    rows = long_rows() if layout == "long" else wide_rows()
    upn, old = THREE[pupil][0], THREE[pupil][-1][session]
    if layout == "long":
        rows[1 + 10 * pupil + session][-1] = new
    else:
        rows[1 + pupil][len(PUPIL_HEAD) + session] = new
    want = {**FIGURES, upn: moved(FIGURES[upn], old, new)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{layout}.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        assert figures_of(path) == (0, want)


@CHECKED
@given(st.integers(0, 2), st.integers(1, 8), st.sampled_from(["delete", "blank"]))
def test_a_row_gone_inside_the_time_on_roll_is_a_missing_mark(pupil, session, how):
    # a long export's row deleted, or a wide export's cell blanked, between the pupil's
    # first and last sessions: a missing mark (DOMAIN.md 1), counted and out of possible
    upn, old = THREE[pupil][0], THREE[pupil][-1][session]
    if how == "delete":
        rows = long_rows()
        del rows[1 + 10 * pupil + session]
    else:
        rows = wide_rows()
        rows[1 + pupil][len(PUPIL_HEAD) + session] = ""
    want = {**FIGURES, upn: moved(FIGURES[upn], old, "-")}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gone.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        assert figures_of(path) == (0, want)


@CHECKED
@given(st.integers(1, 30), st.integers(1, 31), st.sampled_from(sorted(set(CATEGORY) - {"-"})))
def test_a_row_doubled_with_another_mark_is_refused(row, at, mark):
    rows = long_rows()
    again = list(rows[row])
    if again[-1] == mark:
        return  # the same mark twice is kept once (tested below)
    again[-1] = mark
    rows.insert(at, again)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doubled.csv"
        path.write_text(csv_text(rows), encoding="utf-8")
        code, err = figures_of(path)
        assert code == 1
        assert "conflicting marks" in err


@CHECKED
@given(
    st.sampled_from(["long", "wide"]),
    st.randoms(use_true_random=False),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_neutral_damage_gives_the_same_figures(layout, rnd, shuffle, quote, spaces, crlf):
    # rows in another order, every cell quoted, spaces after the cells, CRLF, a BOM; a
    # long export's row exported twice with the same mark is kept once
    rows = long_rows() if layout == "long" else wide_rows()
    body = rows[1:]
    if shuffle:
        rnd.shuffle(body)
    if spaces:
        body = [[c + " " * rnd.randrange(3) for c in r] for r in body]
    if layout == "long" and rnd.random() < 0.5:
        body.insert(rnd.randrange(len(body)), list(body[rnd.randrange(len(body))]))
    text = csv_text([rows[0], *body], "\r\n" if crlf else "\n", quote)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "neutral.csv"
        path.write_bytes(("\ufeff" if rnd.random() < 0.5 else "").encode() + text.encode())
        assert figures_of(path) == (0, FIGURES)


# --- a year group that changes for one row within a school year ---------------------------
# A long export's last row of Ben (Year 8 on every other row) typed Year 9: Ben's 10
# sessions were counted under Year 9 in the summary's and report's year groups (a group is
# as of a date, the latest row's), with nothing said, where a date of birth that differs
# between rows is said.  A year group changes within a school year only when a pupil moves
# year, which is rare: said, the latest still used.  At the turn of the year it is no news.


def test_a_year_group_that_changes_within_a_school_year_is_said(tmp_path):
    from attcli.loaders import load_exports

    rows = long_rows()
    rows[-1][4] = "Year 9"  # Amy's Fri 11/09 PM: Year 8 on her 9 other rows
    path = tmp_path / "year.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    loaded = load_exports([path], Config())
    loaded.take_compact()
    said = [w for w in loaded.warnings if "year group" in w]
    assert said == [
        "1 pupil's year group changes within one school year (the latest is used, for the "
        "year groups' figures too), e.g. A999300000003: Year 8 then Year 9 in 2026/27: "
        "check the MIS"
    ]


def test_a_year_group_that_changes_at_the_turn_of_the_year_is_not_said(tmp_path):
    from attcli.loaders import load_exports

    path = tmp_path / "turn.csv"
    path.write_text(
        "UPN,Surname,Forename,Year,Date,Session,Mark\n"
        "A999300000001,Ahmed,Sara,Year 7,17/07/2026,AM,/\n"
        "A999300000001,Ahmed,Sara,Year 7,17/07/2026,PM,/\n"
        "A999300000001,Ahmed,Sara,Year 8,07/09/2026,AM,/\n"
        "A999300000001,Ahmed,Sara,Year 8,07/09/2026,PM,/\n",
        encoding="utf-8",
    )
    loaded = load_exports([path], Config())
    loaded.take_compact()
    assert not [w for w in loaded.warnings if "year group" in w]
