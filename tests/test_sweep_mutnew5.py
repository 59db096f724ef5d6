"""Sweep mutnew5: mutation tests of decide9's, slips2's and looks7's code (docs/decisions.md,
"sweep of 6 December, mutnew5").  Each test kills a mutant the sweeps' own tests let live;
every answer is worked by hand in its comment.  Small: in-process calls and one-pupil files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date


# --- sent_letters.sent_to_other_upn: which other UPN's letters it names, and which of them

NEW = "A999201010017"
OLD1, OLD2 = "A99920101001A", "A99920101002A"


def _letter(id_: int, upn: str, template: str, day: dt.date, ht: str = "Autumn 2"):  # noqa: ANN202
    from attcli.store import LetterRecord

    return LetterRecord(
        id=id_, school="", upn=upn, template=template, band=template, half_term=ht,
        half_term_start=D(2026, 9, 1) if ht == "Autumn 1" else D(2026, 11, 2), recipient="C1", stage=1, status="sent",
        letter_date=day, out_dir="", file="", sha256=None, pupil_name="Kit Child",
        contact_name="Pat Parent", address="", email="",
    )  # fmt: skip


def _held(  # noqa: PLR0913
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, letters: list, band: str,
    earlier: list | None = None, reason: str | None = None, template: str | None = None,
) -> str | None:
    """The clause sent_to_other_upn adds to NEW's ``band`` letter's hold, OLD1 and OLD2
    (in that order) the child's other UPNs, ``letters`` theirs this half term; with
    ``earlier`` (their letters of the term's earlier half term) red's letter goes once a
    term (letter_every = "term")."""
    import attcli.joined
    from attcli.config import load_config
    from attcli.sent_letters import sent_to_other_upn

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    if earlier is not None:
        text = ws.read_text(encoding="utf-8")
        assert text.count('letter = "red"\n') == 1
        ws.write_text(text.replace('letter = "red"\n', 'letter = "red"\nletter_every = "term"\n'),
                      encoding="utf-8")  # fmt: skip
    config = load_config(ws)
    monkeypatch.setattr(
        attcli.joined, "other_upns", lambda ev, keys: {("", NEW): (("", OLD1), ("", OLD2))}
    )

    def sent(school: str, upn: str, template: str, band: str | None = None) -> list:
        return [r for r in letters if (r.school, r.upn, r.template) == (school, upn, template)]

    template = template or band
    due = [({"school": None, "upn": NEW}, template, band, reason or f"band {band}")]
    term = None
    if earlier is not None:
        term = {("", u): [r for r in earlier if r.upn == u] for u in (OLD1, OLD2)}
    out = sent_to_other_upn(due, SimpleNamespace(config=config), sent, {("", NEW): "x"}, term)
    assert set(out) <= {("", NEW, template)}
    return out.get(("", NEW, template))


def test_the_same_letter_to_one_other_upn_is_said_before_a_more_serious_one_to_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kit under three UPNs: OLD1 had the red letter on 05/10, OLD2 the amber letter on
    01/10 (both this half term); NEW's amber letter is due.  Under OLD2's UPN it is the
    same letter (shows as already sent); under OLD1's it is milder than red (improved).
    The same letter says most and is named alone, though OLD1 is listed first (the sort
    taken out or turned round, or the kinds not kept to the first, named OLD1)."""
    letters = [_letter(1, OLD1, "red", D(2026, 10, 5)), _letter(2, OLD2, "amber", D(2026, 10, 1))]
    assert _held(tmp_path, monkeypatch, letters, "amber") == (
        f"{OLD2}'s amber letter went on 01/10/2026, this half term: if one child, this is "
        f"the same letter twice; `attcli pupil merge {OLD2} {NEW}` moves it, and this one "
        "then shows as already sent"
    )


def test_the_same_letter_twice_on_record_names_the_first_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLD1's amber letter on record twice this half term: one written on 08/10 (id 1), one
    recorded by hand later (id 2) as sent on 01/10.  "Already sent" names the first sent,
    01/10: the earliest by date, not by id, and not the latest."""
    letters = [_letter(1, OLD1, "amber", D(2026, 10, 8)), _letter(2, OLD1, "amber", D(2026, 10, 1))]
    assert _held(tmp_path, monkeypatch, letters, "amber").startswith(
        f"{OLD1}'s amber letter went on 01/10/2026, this half term: if one child, this is "
        "the same letter twice;"
    )


def test_a_milder_letter_after_two_more_serious_ones_names_the_last_of_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLD1 had the severe letter on 09/10 (id 4, recorded by hand) and the red letter on
    05/10 (id 5); NEW's amber letter is due.  Both are more serious (severe 3, red 2 >
    amber 1): the last sent, severe of 09/10, is named, as improved_text names it."""
    letters = [_letter(4, OLD1, "severe", D(2026, 10, 9)), _letter(5, OLD1, "red", D(2026, 10, 5))]
    assert _held(tmp_path, monkeypatch, letters, "amber") == (
        f"{OLD1}'s severe letter went on 09/10/2026, this half term: if one child, improved "
        f"since the severe letter of 09/10/2026: no amber letter this half term; `attcli pupil "
        f"merge {OLD1} {NEW}` moves it, and this one then is not sent"
    )


def test_the_same_letter_to_two_other_upns_names_both_and_moves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLD1 and OLD2 each had the amber letter this half term (03/11 and 04/11): both are
    the same letter, both named in order, and the two merges "move them"."""
    letters = [_letter(1, OLD1, "amber", D(2026, 11, 3)), _letter(2, OLD2, "amber", D(2026, 11, 4))]
    assert _held(tmp_path, monkeypatch, letters, "amber") == (
        f"{OLD1}'s amber letter went on 03/11/2026; {OLD2}'s amber letter went on 04/11/2026, "
        f"this half term: if one child, this is the same letter twice; `attcli pupil merge "
        f"{OLD1} {NEW}`, `attcli pupil merge {OLD2} {NEW}` move them, and this one then "
        "shows as already sent"
    )


def test_a_termly_letter_names_the_other_upn_it_went_to_not_one_with_a_worse_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Red's letter once a term.  In Autumn 1, OLD1 had the red letter (25/09) and OLD2 the
    severe letter (30/09); nothing this half term.  NEW's red letter is due in Autumn 2:
    under OLD1 it "went" this term (the same band's letter), under OLD2 it is milder than
    severe ("improved").  The kinds are not mixed: OLD1's, the first listed, is said alone
    (every stop taken as "improved_term" named both)."""
    earlier = [_letter(1, OLD1, "red", D(2026, 9, 25), "Autumn 1"),
               _letter(2, OLD2, "severe", D(2026, 9, 30), "Autumn 1")]  # fmt: skip
    assert _held(tmp_path, monkeypatch, [], "red", earlier) == (
        f"{OLD1}'s red letter went on 25/09/2026 (Autumn 1), this term: if one child, the red "
        "letter of 25/09/2026 (Autumn 1) is this term's: band red's letter goes once a term "
        f'(letter_every = "term"); `attcli pupil merge {OLD1} {NEW}` moves it, and this one '
        "then is not sent"
    )


def test_the_term_s_letters_stop_only_a_band_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same, but NEW's red letter is due as a ladder's stage (its reason not "band
    red"): once a term is a band's rule, so OLD1's red letter of Autumn 1 adds nothing
    (nothing of it this half term)."""
    earlier = [_letter(1, OLD1, "red", D(2026, 9, 25), "Autumn 1")]
    assert _held(tmp_path, monkeypatch, [], "red", earlier, reason="stage 2") is None


def test_a_template_not_a_band_s_is_not_held_for_a_worse_band_s_letter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OLD1 had the red letter this half term; NEW's lateness letter is due (the pupil's
    band amber).  "Improved since the red letter" is a band letter's rule: a lateness
    letter is no milder band letter, so OLD1's red letter adds nothing to it."""
    from attcli.letter_settings import LATENESS

    letters = [_letter(1, OLD1, "red", D(2026, 11, 3))]
    assert _held(tmp_path, monkeypatch, letters, "amber", template=LATENESS) is None


# --- cme's CSV: the Note on a UPN's own row inside the joined run, at either end of it


def test_cme_csv_notes_the_new_upns_own_run_ending_where_the_joined_run_ends(
    tmp_path: Path,
) -> None:
    """tests/test_two_upn_runs.py's Kit: OLD present 7 Sep - 30 Sep (18 days), N Thu 1 and
    Fri 2 Oct (2); NEW N Mon 5 - Fri 16 Oct (10 school days).  As of 16/10: NEW's own run,
    10 days from 05/10 to 16/10, is listed; the joined run is 12 days from 01/10 to 16/10.
    NEW's run ends on the joined run's last day and lies inside it: its row's Note is the
    joined run's line, as the joined row's is."""
    import csv

    from builders import write_long_csv
    from clirun import run_cli
    from test_two_upn_runs import NEW as N
    from test_two_upn_runs import OLD as O
    from test_two_upn_runs import build

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(build("/ " * 18 + "N " * 2, "N " * 10, D(2026, 10, 16)),
                            tmp_path / "register.csv", dob=True)  # fmt: skip
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-16", "-f", "csv",
                             width=2000)  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(out.lstrip("\ufeff").splitlines()))
    line = (
        f"Child, Kit ({O}, {N}: one child under two UPNs?) has 12 school days of unexplained "
        f"absence from 01/10/2026 to 16/10/2026 across the two UPNs ({O}'s 2 days, {N}'s 10)"
    )
    got = [(r["UPN"], r["Run began"], r["School days"], r["Note"][: len(line)]) for r in rows]
    assert got == [(N, "05/10/2026", "10", line), (f"{O} + {N}", "01/10/2026", "12", line)]


def test_cme_csv_notes_only_rows_inside_their_own_child_s_joined_run(tmp_path: Path) -> None:
    """Two children under two UPNs each, as of Wed 14 Oct.  Kit (OLD to Fri 2 Oct, NEW from
    Mon 5 Oct): OLD N 7 - 18 Sep (10 days, listed, back on Mon 21), present, N Tue 29 Sep -
    Fri 2 Oct (4); NEW N 5 - 12 Oct (6), present 13 and 14 Oct: one run of 10 days from
    29/09 to 12/10, the child back.  OLD's September run is not inside it: no Note.  Lou
    (L1 to 2 Oct, L2 from 5 Oct): present to 24 Sep, N 25 Sep - 2 Oct (6), N 5 - 14 Oct (8):
    14 days from 25/09, still absent.  Each joined row has its own child's line."""
    import csv

    from builders import register_rows, school_days, write_long_csv
    from clirun import run_cli
    from test_two_upn_runs import NEW as N
    from test_two_upn_runs import OLD as O

    as_of = D(2026, 10, 14)
    old_days = school_days(D(2026, 9, 7), 20)
    new_days = [d for d in school_days(D(2026, 10, 5), 10) if d <= as_of]
    l1, l2 = "A99920202002B", "A999202020028"
    kids = (
        (O, "Kit", old_days, "N " * 10 + "/ " * 6 + "N " * 4),
        (N, "Kit", new_days, "N " * 6 + "/ " * 2),
        (l1, "Lou", old_days, "/ " * 14 + "N " * 6),
        (l2, "Lou", new_days, "N " * 8),
    )
    rows = [{"upn": "FILL", "date": d, "session": s, "mark": "/"}
            for d in old_days + new_days for s in ("AM", "PM")]  # fmt: skip
    for upn, name, days, marks in kids:
        rows += [
            {"upn": upn, "date": d, "session": s, "mark": m, "surname": "Child",
             "forename": name, "dob": D(2015, 5, 1) if name == "Kit" else D(2015, 6, 2)}
            for d, m in zip(days, marks.split(), strict=True) for s in ("AM", "PM")
        ]  # fmt: skip
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    export = write_long_csv(register_rows(rows), tmp_path / "register.csv", dob=True)
    code, out, err = run_cli("cme", export, "-c", cfg, "--as-of", "2026-10-14", "-f", "csv",
                             width=2000)  # fmt: skip
    assert code == 0, err
    got = [(r["UPN"], r["Run began"], r["School days"], r["Now"], r["Note"][:40])
           for r in csv.DictReader(out.lstrip("\ufeff").splitlines())]  # fmt: skip
    assert got == [
        (O, "07/09/2026", "10", "back", ""),
        (f"{O} + {N}", "29/09/2026", "10", "back", f"Child, Kit ({O}, {N}"),
        (f"{l1} + {l2}", "25/09/2026", "14", "absent", f"Child, Lou ({l1}, {l2}"),
    ]


# --- the loader's ="" row: a row showing a mark beside an empty UPN is not blank


def test_an_empty_text_formula_upn_with_a_mark_alone_in_the_last_cell_is_refused(
    tmp_path: Path,
) -> None:
    """`="",,,,,N`: Excel shows a row with an N in its last column and nothing else: not a
    blank row (its last cell is read as the others are), so a row without a UPN."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_decide9 import LONG

    path = tmp_path / "export.csv"
    path.write_text(LONG.format(row='="",,,,,N'), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4: data row with no UPN"):
        load_registers([path])


# --- errors.sentences: an empty part is left out, as None is


def test_an_empty_hint_between_two_is_left_out() -> None:
    from attcli.errors import sentences

    assert sentences("unknown code", "", None, "valid codes: /") == "Unknown code. Valid codes: /"


# --- contacts._one_id_two_addresses


CONTACTS_HEAD = (
    "UPN,Contact ID,Title,Forename,Surname,Relationship,Priority,Parental Responsibility,"
    "Correspondence,Address Line 1,Town,Postcode\n"
)


def _notes(tmp_path: Path, rows: str) -> list[str]:
    from attcli.config import load_config
    from attcli.contacts import read_contacts

    config = load_config(make_workspace(tmp_path / "ws"))
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS_HEAD + rows, encoding="utf-8")
    return [n.split(": ", 1)[1] for n in read_contacts(path, config).notes if "postal addresses" in n]


def test_one_id_at_two_flats_of_one_postcode_is_said_in_line_order(tmp_path: Path) -> None:
    """Contact 70284 (Ms Gemma Collins): Flat 1, 2 Canal Side for S1 on line 4, Flat 2
    for S2 on line 3, the same postcode; S1's other contact on line 2 comes first in the
    file, so S1's lines are read first.  The first lines differ: two addresses, said with
    the lines in order (3, then 4), and the name of the first."""
    rows = (
        "S1,70100,Mr,Joe,Collins,Father,2,Yes,Y,9 Mill Lane,Oakfield,OK7 1AB\n"
        "S2,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,Flat 2 Canal Side,Oakfield,OK7 3HD\n"
        "S1,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,Flat 1 Canal Side,Oakfield,OK7 3HD\n"
    )
    assert _notes(tmp_path, rows) == [
        "1 contact id gives one contact two postal addresses or more, for different pupils: "
        "70284 (Ms Gemma Collins): 'Flat 2 Canal Side, Oakfield, OK7 3HD' for pupil S2 "
        "(line 3), 'Flat 1 Canal Side, Oakfield, OK7 3HD' for pupil S1 (line 4): each "
        "pupil's letter goes to the address on that pupil's line, so one may reach a house "
        "the parent does not live at; check the contact's address in the MIS before the "
        "letters are posted"
    ]


def test_an_address_given_twice_is_named_by_its_first_line(tmp_path: Path) -> None:
    """Contact 70284 at 1 Canal Side for S1 (line 2) and S3 (line 4), at 5 New Road for
    S2 (line 3): the first address is named by its first line, 2, not its last, 4."""
    rows = (
        "S1,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,1 Canal Side,Oakfield,OK7 3HD\n"
        "S2,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,5 New Road,Oakfield,OK1 1AA\n"
        "S3,70284,Ms,Gemma,Collins,Mother,1,Yes,Y,1 Canal Side,Oakfield,OK7 3HD\n"
    )
    (note,) = _notes(tmp_path, rows)
    assert "'1 Canal Side, Oakfield, OK7 3HD' for pupil S1 (line 2), '5 New Road, " \
        "Oakfield, OK1 1AA' for pupil S2 (line 3):" in note, note


def test_contacts_with_no_id_are_not_one_person(tmp_path: Path) -> None:
    """Two contacts with no contact id at two addresses: nothing says they are one."""
    rows = (
        "S1,,Ms,Gemma,Collins,Mother,1,Yes,Y,1 Canal Side,Oakfield,OK7 3HD\n"
        "S2,,Mr,Sam,Ray,Father,1,Yes,Y,5 New Road,Oakfield,OK1 1AA\n"
    )
    assert _notes(tmp_path, rows) == []


# --- config._short_year_slip: a date in a list is said as the list's item


def test_a_two_digit_year_in_a_list_of_dates_says_the_date_alone(tmp_path: Path) -> None:
    """`inset_days = [2026-09-02, 02/11/26]` (examples/attcli.toml's line 22): the date to
    write is 2026-11-02 inside the list, not `inset_days = 2026-11-02`, which would make
    the list a date."""
    from attcli.config import load_config
    from attcli.errors import AttcliError

    examples = Path(__file__).resolve().parent.parent / "examples"
    text = (examples / "attcli.toml").read_text(encoding="utf-8")
    assert text.splitlines()[21] == "inset_days = [2026-09-02, 2026-11-02]"
    config = tmp_path / "attcli.toml"
    config.write_text(text.replace("2026-11-02]", "02/11/26]"), encoding="utf-8")
    with pytest.raises(AttcliError) as e:
        load_config(config)
    assert str(e.value).endswith(
        "config key 'calendar.inset_days': line 22, 02/11/26 has a two-digit year: write the "
        "date YYYY-MM-DD, the year in full, unquoted: 2026-11-02"
    )


# --- check: a run on record before a shorter period (--from) is the school year's


def test_a_run_before_the_from_date_is_said_as_the_school_year_s_not_before_the_exports(
    tmp_path: Path,
) -> None:
    """Run recorded as of Fri 18/09 on the export from 7 Sep; a week later the same export
    (to 25 Sep) checked `--from 21/09`.  The exports begin 07/09, before the run: it is
    not "before these exports"; it is of the school year to date, not the period from
    21/09, so the weekly line (check._year_run_note) says so."""
    import json

    from builders import register, write_long_csv
    from clirun import run_cli

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    week = " ".join(["/\\"] * 5)
    reg = register({"ANNA": " ".join([week] * 3), "TOM": " ".join([week] * 2 + ["N"] * 5)})
    first = write_long_csv(reg.filter(reg["date"] <= D(2026, 9, 18)), tmp_path / "a.csv", dob=True)
    code, _, err = run_cli("check", first, "-c", ws, "--as-of", "2026-09-18", "--record")
    assert code == 0, err
    whole = write_long_csv(reg, tmp_path / "b.csv", dob=True)
    code, out, err = run_cli("check", whole, "-c", ws, "--as-of", "2026-09-25", "--from",
                             "2026-09-21", "-f", "json")  # fmt: skip
    assert code == 0, err
    notes = [w for w in json.loads(out)["warnings"] if w.startswith("the check as of")]
    assert notes == [
        "the check as of 18/09/2026 on record is of the school year to date, not the period "
        "from 21/09/2026: NEW compares with the check 7 days earlier, of the same period"
    ]


# --- cme._print_table: the table exactly as wide as the terminal is a table; one column
# narrower, blocks


def _printed(width: int) -> str:
    import io

    from rich.console import Console
    from rich.table import Table

    from attcli.cme import _print_table

    table = Table(title="T")
    table.add_column("H", no_wrap=True)  # its line whole: 9 cells
    table.add_column("Fold", overflow="fold", min_width=10)  # its least width: 10
    table.add_column("Headerlong", no_wrap=True)  # its heading: 10
    table.add_row("AAAA BBBB", "ab", "x")
    console = Console(file=io.StringIO(), width=width, color_system=None)
    _print_table(console, table)
    return console.file.getvalue()


def test_cme_s_table_at_its_least_width_is_drawn_and_one_narrower_is_blocks() -> None:
    """Least widths 9 (no wrap: "AAAA BBBB" whole, not its words' 4), 10 (the folding
    column's min_width, not "ab"'s 2) and 10 (the heading, not "x"), and 3 cells a column
    of borders and padding, 1 the last border: 29 + 9 + 1 = 39.  At 39 columns the table
    itself (its title centred over it: Rich draws it 39 wide); at 38 the rows are given
    to terminal.print_rows (its title a line of its own, at the left)."""
    drawn = _printed(39).splitlines()
    assert drawn[0].strip() == "T" and drawn[0].startswith(" " * 19)
    assert max(len(x) for x in drawn) == 39
    assert _printed(38).splitlines()[0] == "T"


# --- percent.counted: none is plural; an irregular plural is its own


def test_counted_says_none_in_the_plural_and_an_irregular_plural_whole() -> None:
    from attcli.percent import counted

    assert [counted(0, "pupil"), counted(1, "pupil"), counted(2, "pupil")] == [
        "0 pupils", "1 pupil", "2 pupils"
    ]
    assert [counted(1, "child", "children"), counted(3, "child", "children")] == [
        "1 child", "3 children"
    ]


def test_cme_s_note_is_of_a_joined_run_of_the_same_list_and_school() -> None:
    """cme.rows_for_people by hand: OLD's own run of unexplained absence, 14 - 25 Sep at
    school A.  A joined run of the part-time list (OLD + NEW, 10 Sep - 12 Oct, school A),
    or of the runs' list at school B, spans its dates: neither is OLD's row's run (another
    list, another school), so its Note is empty; the joined row's own Note is its line."""
    import polars as pl

    from attcli.cme import CME_FIELDS, rows_for_people

    row = dict.fromkeys([*CME_FIELDS, "off_roll_spans", "dual_within_spans"])  # (dates: none)
    row.update(school="A", upn=OLD1, surname="Child", forename="Kit", run_start=D(2026, 9, 14),
               run_end=D(2026, 9, 25), run_days=10, codes=["N"], current=False,
               status="back")  # fmt: skip
    runs = pl.DataFrame([row])

    from attcli.engine import PART_TIME
    from attcli.joined import JoinedRun

    def joined(school: str, kind: str) -> JoinedRun:
        # (a real JoinedRun, sweep leftovers11: its status and line its own)
        return JoinedRun(
            school=school, upns=(OLD1, NEW), surname="Child", forename="Kit",
            start=D(2026, 9, 10), end=D(2026, 10, 12), days=23, parts=(12, 11),
            codes=("C2", "N"), current=True, last_attended=None, left_on=None, kind=kind,
        )  # fmt: skip

    pt = joined("A", PART_TIME)
    header, rows = rows_for_people(runs, None, part_time_joined=[pt])
    assert header[-2:] == ["List", "Note"]
    assert pt.line().startswith(f"Child, Kit ({OLD1}, {NEW}: one child under two UPNs?) has 23")
    assert [(r[0], r[-1]) for r in rows] == [(OLD1, ""), (f"{OLD1} + {NEW}", pt.line())]
    other = joined("B", "unexplained")
    header, rows = rows_for_people(runs, None, joined=[other])
    assert [(r[0], r[-1]) for r in rows] == [(OLD1, ""), (f"{OLD1} + {NEW}", other.line())]
