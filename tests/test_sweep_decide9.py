"""The lead's decisions of sweep decide9 (docs/decisions.md, "sweep of 6 December, decide9").

1. A part-time run is kept when a ``C2`` session lies anywhere inside its span from first
   to last day: a day of ``C2`` at every possible session skipped inside it counts as
   holding one (N x5, C2 day, N x5: 10 school days, part-time).

The registers (tests/builders.py) run from Mon 7 Sep 2026: 7-11 Sep, 14-18 Sep, 21-25 Sep,
as of Fri 25 Sep.  Every answer below is worked by hand from DOMAIN.md 6 and the lead's
decisions (cmept, this sweep)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"
C2DAY = "C2.C2"  # C2 at both sessions: no timetabled session that day
AS_OF = "2026-09-25"


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):  # noqa: ANN001, ANN201
    tmp = tmp_path_factory.mktemp("bridge")
    reg = register(
        {
            # N Fri 11, Mon 14-Thu 17 (5 days), C2 all of Fri 18, N Mon 21-Fri 25 (5):
            # the C2 day breaks the run of unexplained absence (5 + 5, DOMAIN.md 6) and
            # lies inside the part-time span: 10 school days from 11/09, part-time
            "BRIDGE": " ".join([P] * 4 + ["N"] * 5 + [C2DAY] + ["N"] * 5),
            # N Mon 14-Thu 17 (4), C2 Fri 18, N 21-25 (5): 9 days, not listed at 10
            "SHORT": " ".join([P] * 5 + ["N"] * 4 + [C2DAY] + ["N"] * 5),
            # C2 all of Fri 11 (before the N days), N 14-25 (10): the C2 day is outside
            # the span: a run of unexplained absence of 10 days, not part-time
            "C2FIRST": " ".join([P] * 4 + [C2DAY] + ["N"] * 10),
            # N Thu 10 - Thu 24 (11 days), C2 all of Fri 25 (after them): outside the span,
            # an ordinary run of 11 days, not part-time
            "C2LAST": " ".join([P] * 3 + ["N"] * 11 + [C2DAY]),
            "FINE": " ".join([P] * 15),
        },
        start=dt.date(2026, 9, 7),
    )
    (tmp / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp / "export.csv"), tmp / "attcli.toml"


@pytest.fixture(scope="module")
def bridge_cme(bridge):  # noqa: ANN001, ANN201
    export, config = bridge
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def test_a_part_time_run_around_a_whole_c2_day_is_listed_at_ten(bridge_cme):
    pt = {
        r["upn"]: (r["run_start"], r["run_end"], r["run_days"], "".join(r["codes"]),
                   r["current"], r["last_attended"])
        for r in bridge_cme["part_time_runs"]
    }  # fmt: skip
    # the C2 day inside the span: the run holds a C2 session (the codes say C2)
    assert pt == {"BRIDGE": ("2026-09-11", "2026-09-25", 10, "C2N", True, "2026-09-10")}
    # the runs of unexplained absence are as DOMAIN.md 6 has them: BRIDGE's 5 + 5 and
    # SHORT's 4 + 5 are not listed; a C2 day before or after a run leaves it ordinary
    runs = {r["upn"]: (r["run_start"], r["run_days"]) for r in bridge_cme["runs"]}
    assert runs == {"C2FIRST": ("2026-09-14", 10), "C2LAST": ("2026-09-10", 11)}


def test_four_c2_day_five_is_nine_days_listed_at_nine_not_ten(bridge):
    export, config = bridge
    code, out, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "--days", "9", "-f", "json"
    )
    assert code == 0, err
    pt = {r["upn"]: (r["run_start"], r["run_days"]) for r in json.loads(out)["part_time_runs"]}
    assert pt == {"BRIDGE": ("2026-09-11", 10), "SHORT": ("2026-09-14", 9)}


def test_the_check_and_the_la_file_count_the_run_around_a_c2_day(bridge, tmp_path):
    export, config = bridge
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    lines = [w for w in json.loads(out)["warnings"] if "part-time" in w]
    assert len(lines) == 1 and lines[0].startswith(
        "1 part-time pupil (C2) absent (N, O or G) at every other session of 10+ school "
        "days in a row (SurnameBRIDGE, ForenameBRIDGE (BRIDGE), 10 school days"
    ), lines
    code, out, err = run_cli(
        "register-check", export, "-c", config, "--term", "autumn", "--as-of", AS_OF, "-o", tmp_path / "rc.csv",
        width=400,
    )
    assert code == 0, err
    assert "1 part-time pupil (C2) was absent (N, O or G) at every other session" in out + err


# 5. A CSV row ="",,,,, (a formula giving empty text: Excel shows a blank row) is the blank
# row it shows: skipped and counted as blank rows are (docs/presets.md, "Rows that are not
# pupils"), in the long, wide and packed layouts; ="" in the UPN with marks beside it is
# still a row without a UPN.

LAYOUTS = __import__("pathlib").Path(__file__).parent / "data" / "layouts"
LONG = (
    "UPN,Surname,Forename,Date,Session,Mark\n"
    "A999400000001,Patel,Asha,07/09/2026,AM,/\n"
    "A999400000001,Patel,Asha,07/09/2026,PM,\\\n"
    "{row}\n"
    "A999400000002,Quinn,Ben,07/09/2026,AM,/\n"
    "A999400000002,Quinn,Ben,07/09/2026,PM,N\n"
)


def _with_row(name: str, at: int, row: str) -> str:
    lines = (LAYOUTS / name).read_text(encoding="utf-8").splitlines()
    lines.insert(at, row)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "sessions"),
    [
        (LONG.format(row='="",,,,,'), 4, 4),
        # a row of ="" in every cell shows blank too
        (LONG.format(row='="",="",="",="",="",=""'), 4, 4),
        # wide_two_rows.csv: 3 pupils x 10 sessions; the row between its first two pupils
        (_with_row("wide_two_rows.csv", 4, '="",,,,,,,,,,,,'), 5, 30),
        # bromcom_packed.csv: 18 + 18 + 14 sessions; the row between its first two pupils
        (_with_row("bromcom_packed.csv", 2, '="",,,,,'), 3, 50),
    ],
    ids=["long", "long-every-cell", "wide", "packed"],
)
def test_a_csv_row_of_an_empty_text_formula_is_a_blank_row(tmp_path, text, line, sessions):
    from attcli.loaders import load_registers

    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    result = load_registers([path])
    assert f"1 blank line skipped (line {line})" in result.files[0].skipped
    assert result.register.height == sessions


def test_an_empty_text_formula_upn_with_marks_beside_it_is_still_refused(tmp_path):
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    path = tmp_path / "export.csv"
    path.write_text(LONG.format(row='="",Patel,Asha,08/09/2026,AM,/'), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4: data row with no UPN"):
        load_registers([path])


# 4. A refusal's hint after its full stop begins as a sentence ("... '=\"\"'. Every pupil
# row needs a UPN ..."), and so does each hint joined after another; a name, key, option
# or command at a hint's start keeps its letters.


def test_a_refusal_s_hint_after_its_full_stop_begins_with_a_capital(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(LONG.format(row=",Patel,Asha,08/09/2026,AM,/"), encoding="utf-8")
    code, out, err = run_cli("check", path)
    assert code == 1
    assert "line 4: data row with no UPN (column 'UPN'): 'Patel, Asha, 08/09/2026, AM, /'. " \
        "Every pupil row needs a UPN (a pupil" in err, err


def test_two_hints_joined_are_two_sentences_and_names_keep_their_letters():
    from attcli.errors import InputError, sentence
    from attcli.loaders._errors import relabel

    exc = relabel(InputError("unknown code", value="Q", hint="valid codes: /, \\"),
                  hint="rename the column")  # fmt: skip
    assert str(exc) == "unknown code: 'Q'. Rename the column. Valid codes: /, \\"
    assert [sentence(t) for t in ("attcli pupil", "half_terms is", "--from", "e.g. x", "a")] \
        == ["attcli pupil", "half_terms is", "--from", "e.g. x", "A"]


# 2. Two UPNs: a milder letter after a more serious one.  Kit: OLD (a temporary UPN) on roll
# Mon 7 - Fri 25 Sep, NEW from Mon 28 Sep (same surname, forename, date of birth).  OLD O on
# Mon 14 and Tue 15 Sep: 26 of 30 sessions as of Fri 25 Sep, 86.67 % (red: above 50, not
# above 90): the red letter goes to OLD on 25/09.  NEW O on Mon 5 Oct: as of Mon 12 Oct,
# 20 of 22 (28 Sep - 12 Oct, 11 days), 90.91 % (amber: above 90, under 92).  Under one UPN
# the amber letter would not go (improved since the red letter, this half term, Autumn 1 to
# 23 Oct); NEW's is held (one child under two UPNs?) and its hold names OLD's red letter.

OLD, NEW = "A99920101001A", "A999201010017"
KIT = {"surname": "Child", "forename": "Kit", "dob": dt.date(2015, 5, 1)}


def _two_upn_rows(as_of: dt.date):  # noqa: ANN202
    from builders import register_rows, school_days

    days = [d for d in school_days(dt.date(2026, 9, 7), 30) if d <= as_of]
    away = (dt.date(2026, 9, 14), dt.date(2026, 9, 15), dt.date(2026, 10, 5))
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    rows += [
        {"upn": OLD if d <= dt.date(2026, 9, 25) else NEW, "date": d, "session": s,
         "mark": "O" if d in away else "/", **KIT}
        for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    return register_rows(rows)


def test_a_milder_letter_under_the_new_upn_after_a_serious_one_to_the_old_is_held_saying_it(
    tmp_path, monkeypatch
):
    from school import make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    octo, contacts = _red_to_old_then(
        tmp_path, monkeypatch, cfg, _two_upn_rows, dt.date(2026, 10, 12)
    )
    code, out, err = run_cli(
        "letters", octo, "-c", cfg, "--contacts", contacts, "--as-of", "2026-10-12",
        "--dry-run", width=1000,
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).replace("│", " ").split())
    assert (
        f"{OLD}'s red letter went on 25/09/2026, this half term: if one child, improved "
        f"since the red letter of 25/09/2026: no amber letter this half term; `attcli pupil "
        f"merge {OLD} {NEW}` moves it, and this one then is not sent"
    ) in said, said
    assert "0 letters would be written" in said and "1 held for review" in said


# 3. The CSV and workbook of `cme` and the run joined across two UPNs (tests/test_two_upn_runs.py's
# Kit: OLD to Fri 2 Oct, NEW from Mon 5 Oct).  SIX_SIX: OLD N 25 Sep - 2 Oct (6 days), NEW
# N 5 - 12 Oct (6): one run of 12 school days from 25/09/2026, neither part listed at 10.
# TEN_SIX: OLD N 21 Sep - 2 Oct (10 days: listed, and its row is part of the child's run),
# NEW N 5 - 12 Oct (6): 16 school days from 21/09/2026.  The file has a row of the joined
# run, as the table has, and a last column Note, the run's line, on it and on OLD's row.


def _cme_file(tmp_path, case, fmt: str):  # noqa: ANN001, ANN202
    from test_two_upn_runs import _workspace

    cfg, export = _workspace(tmp_path, case)
    target = tmp_path / f"cme.{fmt}"
    code, out, err = run_cli(
        "cme", export, "-c", cfg, "--as-of", "2026-10-12", "-o", target, width=2000
    )
    assert code == 0, err
    return target, " ".join(err.split())


def _line(days: int, start: str, old: int, new: int) -> str:
    from test_two_upn_runs import NEW, OLD

    return (
        f"Child, Kit ({OLD}, {NEW}: one child under two UPNs?) has {days} school days of "
        f"unexplained absence from {start} to 12/10/2026 across the two UPNs ({OLD}'s {old} "
        f"days, {NEW}'s {new}): if one child, give the exports one UPN (the permanent one); "
        f"`attcli pupil merge {OLD} {NEW}` moves letters and notices on record"
    )


def test_cme_csv_has_a_row_of_the_run_joined_across_two_upns_with_its_note(tmp_path):
    import csv

    from test_two_upn_runs import NEW, OLD, SIX_SIX

    target, err = _cme_file(tmp_path, SIX_SIX, "csv")
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert [(r["UPN"], r["Run began"], r["Last day of run"], r["School days"], r["Now"],
             r["Last attended"], r["Note"]) for r in rows] == [
        (f"{OLD} + {NEW}", "25/09/2026", "12/10/2026", "12", "absent", "24/09/2026",
         _line(12, "25/09/2026", 6, 6)),
    ]  # fmt: skip
    assert list(rows[0])[-1] == "Note"
    # beside the file, the line says the row it is, not "not in this list"
    assert (
        f"a row of this file, UPN '{OLD} + {NEW}' (its Note says so), 10+ school days across "
        f"two UPNs: {_line(12, '25/09/2026', 6, 6)}"
    ) in err, err
    assert "not in this list" not in err


def test_cme_csv_notes_the_old_upns_own_row_inside_the_joined_run(tmp_path):
    import csv

    from test_two_upn_runs import NEW, OLD

    ten_six = ("/ " * 10 + "N " * 10, "N " * 6, dt.date(2026, 10, 12))
    target, _ = _cme_file(tmp_path, ten_six, "csv")
    rows = list(csv.DictReader(target.read_text(encoding="utf-8-sig").splitlines()))
    line = _line(16, "21/09/2026", 10, 6)
    assert [(r["UPN"], r["School days"], r["Note"]) for r in rows] == [
        (OLD, "10", line), (f"{OLD} + {NEW}", "16", line)
    ]


def test_cme_workbook_has_the_joined_row_and_note_as_the_csv(tmp_path):
    from openpyxl import load_workbook

    from test_two_upn_runs import NEW, OLD, SIX_SIX

    target, _ = _cme_file(tmp_path, SIX_SIX, "xlsx")
    sheet = load_workbook(target).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in values if r and r[0] == "UPN")
    row = values[values.index(header) + 1]
    got = dict(zip(header, row, strict=False))
    assert got["UPN"] == f"{OLD} + {NEW}" and got["School days"] == 12
    assert got["Run began"] == dt.datetime(2026, 9, 25)
    assert got["Note"] == _line(12, "25/09/2026", 6, 6)


# ... and a termly band (red's letter once a term, letter_every = "term"): OLD on roll Mon
# 7 - Fri 25 Sep (O Mon 14, Tue 15 Sep: 86.67 %, red), its red letter on 25/09 (Autumn 1).
# NEW from Mon 28 Sep, O Mon 2 - Wed 4 Nov: as of Fri 6 Nov (Autumn 2; 26-30 Oct a holiday),
# 28 Sep - 23 Oct and 2 - 6 Nov are 25 days, 44 of 50 sessions, 88.0 % (red).  Under one
# UPN the red letter went this term: none now; NEW's is held naming OLD's, "this term".

HOLIDAY = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def _termly_rows(as_of: dt.date):  # noqa: ANN202
    from builders import register_rows, school_days

    days = [d for d in school_days(dt.date(2026, 9, 7), 45, HOLIDAY) if d <= as_of]
    away = {dt.date(2026, 9, 14), dt.date(2026, 9, 15)} | {
        dt.date(2026, 11, 2) + dt.timedelta(days=i) for i in range(3)
    }
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"} for d in days for s in ("AM", "PM")]
    rows += [
        {"upn": OLD if d <= dt.date(2026, 9, 25) else NEW, "date": d, "session": s,
         "mark": "O" if d in away else "/", **KIT}
        for d in days for s in ("AM", "PM")
    ]  # fmt: skip
    return register_rows(rows)


def _termly_workspace(tmp_path):
    """A workspace with Autumn's half terms whose red band's letter goes once a term."""
    from school import make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = cfg.read_text(encoding="utf-8")
    assert text.count('letter = "red"\n') == 1
    cfg.write_text(
        text.replace('letter = "red"\n', 'letter = "red"\nletter_every = "term"\n'),
        encoding="utf-8",
    )
    return cfg


def _red_to_old_then(tmp_path, monkeypatch, cfg, rows_of, later: dt.date):
    """OLD's red letter sent by `attcli letters` as of Fri 25 Sep (the export of
    ``rows_of`` then), the clock then at ``later``: the export of ``rows_of`` as of
    ``later`` and the contacts (OLD, NEW, FILL), for the run or record to read."""
    from attcli import clock
    from school import contacts_file

    sep = write_long_csv(rows_of(dt.date(2026, 9, 25)), tmp_path / "sep.csv", dob=True)
    now = write_long_csv(rows_of(later), tmp_path / "later.csv", dob=True)
    contacts = contacts_file(tmp_path / "contacts.csv", [
        (u, f"C{i}", "Ms", "Pat", "Parent") for i, u in enumerate((OLD, NEW, "FILL"))
    ])  # fmt: skip
    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, out, err = run_cli(
        "letters", sep, "-c", cfg, "--contacts", contacts, "--as-of", "2026-09-25",
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert code == 0, err
    assert f"{OLD}_Child_Kit_red.pdf" in out, out
    monkeypatch.setenv(clock.ENV_VAR, later.isoformat())
    return now, contacts


def test_a_termly_letter_to_the_old_upn_this_term_is_named_in_the_new_upn_s_hold(
    tmp_path, monkeypatch
):
    cfg = _termly_workspace(tmp_path)
    nov, contacts = _red_to_old_then(
        tmp_path, monkeypatch, cfg, _termly_rows, dt.date(2026, 11, 6)
    )
    code, out, err = run_cli(
        "letters", nov, "-c", cfg, "--contacts", contacts, "--as-of", "2026-11-06",
        "--dry-run", width=1000,
    )  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).replace("│", " ").split())
    assert (
        f"{OLD}'s red letter went on 25/09/2026 (Autumn 1), this term: if one child, the red "
        "letter of 25/09/2026 (Autumn 1) is this term's: band red's letter goes once a term "
        f'(letter_every = "term"); `attcli pupil merge {OLD} {NEW}` moves it, and this one '
        "then is not sent"
    ) in said, said
    assert "0 letters would be written" in said and "1 held for review" in said


def test_cme_csv_s_part_time_section_holds_the_joined_run_and_the_line_counts_it(tmp_path_factory):
    # tests/test_sweep_parttime2.py's school: PTTEN and PTLEFT, and Kit's part-time run
    # across OLD and NEW (6 + 5 = 11 days): the section's 3 rows, the joined one with its
    # Note; the line beside the file counts the 3
    import csv

    import test_sweep_parttime2 as pt2

    cfg, export = pt2.school.__wrapped__(tmp_path_factory)
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", pt2.AS_OF, "-f", "csv",
                             width=2000)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.lstrip("\ufeff").splitlines()))
    part = [(r["UPN"], r["School days"], bool(r["Note"])) for r in rows if r["List"].startswith("part")]
    assert part == [("PTTEN", "10", False), ("PTLEFT", "10", False),
                    (f"{pt2.OLD} + {pt2.NEW}", "11", True)]  # fmt: skip
    assert "the file's last 3 rows (List 'part-time (C2), absent at every other session') " \
        "are part-time pupils' runs" in " ".join(err.split())
