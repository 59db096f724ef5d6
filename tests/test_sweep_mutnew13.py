"""Mutation testing of the mutants mutnew12 left alive (sweep of 6 December (ninth),
mutnew13): each test kills a mutant no other test killed, its answer worked by hand from
DOMAIN.md and the policies (docs/decisions.md, the heading of mutnew13: the table of
mutants).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.builders import count_calls, weekdays

D = dt.date


def _marks(n: int, absent=(), dual=()) -> str:  # noqa: ANN001
    return " ".join("D" if i in dual else "O" if i in absent else "/\\" for i in range(n))


def test_a_dual_registered_pupil_s_windows_ending_on_different_days_each_count_to_their_end(
    tmp_path: Path,
) -> None:
    """test_sweep_oracletrust's Ash and Birch, the half term 26-30 October: Ash's export
    from Monday 7 September to Friday 27 November (55 school days), Birch's to Friday 20
    November (50), so Ash's window ends on 27/11 (the 10 school weeks from 14/09) and
    Birch's on 20/11 (from 07/09).  M dual registered at both all the while: ``O`` at Ash
    on Monday and Tuesday 23-24 November (4, after Birch's window ends; ``D`` at Ash on
    19-21 October), at Birch Monday to Wednesday 19-21 October (6); ``O`` at Ash on Monday
    and Tuesday 7-8 September too (4, before Ash's window, in Birch's; ``D`` at Birch
    then: present there, they would be no unauthorised session).  Neither school
    alone holds 10; Ash's window, the later end and tried first, holds 4 + 6 = 10: said
    (Birch's, 4 + 6 too, is tried only when the later does not hold it).  Both schools
    hold both windows, so each school's sessions are counted to the later end (counted
    only to Birch's end, Ash's window would hold 6, and Birch's be the one said)."""
    from test_sweep_oracletrust import _ash_and_birch

    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    m, born = "M999000000009", D(2015, 5, 5)
    ash = {f"A99910000000{i}": _marks(55) for i in range(1, 5)}
    ash[m] = _marks(55, absent=(0, 1, 50, 51), dual=(30, 31, 32))
    birch = {f"B99920000000{i}": _marks(50) for i in range(1, 5)}
    birch[m] = _marks(50, absent=(30, 31, 32), dual=(0, 1))
    got, err = _ash_and_birch(tmp_path, ash, birch, holiday, born, m)
    assert [(p["pn_window_start"], p["pn_window_end"], p["pn_window_sessions"])
            for p in got.values()] == [("2026-09-14", "2026-11-27", 4),
                                       ("2026-09-07", "2026-11-20", 6)]  # fmt: skip
    assert (f"({m}) has 10 unauthorised sessions in the penalty-notice window 14/09/2026 to "
            "27/11/2026 across the trust's schools (Ash Primary School's 4, Birch Academy's "
            "6), the threshold of 10") in " ".join(err.split())  # fmt: skip


def test_a_mover_of_compulsory_school_age_from_31_august_counts_no_session_before_it(
    tmp_path: Path,
) -> None:
    """The turn of the school year (Summer 2 to Friday 17 July 2026, Autumn from Thursday
    3 September), Ash and Birch as of Friday 9 October: 6 school weeks of autumn and 4 of
    summer, the window 22/06/2026 to 09/10/2026.  M born 15 May 2021, 5 on 15 May 2026:
    of compulsory school age from 31 August 2026 (DOMAIN.md 5).  At Ash from 22 June to
    Friday 4 September, ``O`` on Monday and Tuesday 13-14 July (4, before M was of age:
    none counts) and Thursday 3 September (2); at Birch from Monday 7 September, ``O``
    Monday to Thursday 21-24 September (8).  In Birch's window: 2 + 8 = 10, the threshold,
    said as Ash's 2 (not 6) and Birch's 8.  N born 1 March 2010, 16 in 2025/26: of age to
    Friday 26 June 2026, dual registered in June (``O`` at Ash Monday to Wednesday 22-24,
    6; at Birch Thursday and Friday 25-26, 4; ``D`` at the other), attending Birch from
    September (``D`` at Ash): 10 in the window, but N is of no compulsory school age on 9
    October, never quoted a notice: not said.  T at Ash to Friday 11 September (``O`` Mon
    to Wed 7-9, 6), at Birch from Monday 14 (``O`` 21-22, 4), born 5 May 2015 at Ash and 6
    June 2015 at Birch: two children under one UPN, no mover: not said.  P at Ash to
    Friday 4 September, at Birch from Monday 7 (``O`` all the week of 21 September, 10):
    Birch's register alone holds the threshold, its own check says it: not said."""
    from attcli.config import init_text
    from builders import across, write_long_csv
    from clirun import run_cli
    from school import DETAILS, ROLLOVER_HALF_TERMS
    from test_sweep_movers import SCHOOLS

    m, n, two, met = "M999000000009", "N999000000008", "T999000000007", "P999000000006"
    summer, autumn = D(2026, 6, 22), D(2026, 9, 3)  # 20 and 27 school days
    others = {f"A99910000000{i}": _marks(20) for i in range(1, 5)}

    def tokens(k: int, absent=(), off=(), dual=()) -> str:  # noqa: ANN001
        return " ".join("!" if i in off else "D" if i in dual else "O" if i in absent
                        else "/\\" for i in range(k))  # fmt: skip

    files = []
    for key, school, summer_m, autumn_m, born in (
        ("a", "Ash Primary School",
         {m: tokens(20, absent=(15, 16)), n: tokens(20, (0, 1, 2), dual=(3, 4))},
         {m: tokens(27, (0,), range(2, 27)), n: tokens(27, dual=range(27)),
          two: tokens(27, (2, 3, 4), range(7, 27)), met: tokens(27, off=range(2, 27))},
         D(2015, 5, 5)),
        ("b", "Birch Academy", {n: tokens(20, (3, 4), dual=(0, 1, 2))},
         {m: tokens(27, range(12, 16), off=(0, 1)), n: tokens(27),
          two: tokens(27, (12, 13), range(7)), met: tokens(27, range(12, 17), (0, 1))},
         D(2015, 6, 6)),
    ):  # fmt: skip
        pupils = {u.replace("A", key.upper(), 1): t for u, t in others.items()}
        reg = across(
            (summer, {**pupils, **summer_m}),
            (autumn, {**{u: _marks(27) for u in pupils}, **autumn_m}),
            dob={**dict.fromkeys(pupils, D(2015, 5, 5)), m: D(2021, 5, 15), n: D(2010, 3, 1),
                 two: born},
            school=school,
        )
        files.append(write_long_csv(reg, tmp_path / f"{key}-year.csv", dob=True, groups=True))
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + ROLLOVER_HALF_TERMS + SCHOOLS, encoding="utf-8")
    code, _, err = run_cli("check", *files, "-c", config, "--as-of", "2026-10-09",
                           "--per-school", tmp_path / "C")  # fmt: skip
    assert code == 0, err
    assert (f"({m}) has 10 unauthorised sessions in the penalty-notice window 22/06/2026 to "
            "09/10/2026 across the trust's schools (Ash Primary School's 2, Birch Academy's "
            "8), the threshold of 10") in " ".join(err.split())  # fmt: skip
    assert all(f"({u})" not in err for u in (n, two, met))


def test_a_salutation_s_underscores_fold_and_its_dear_is_a_word_of_its_own() -> None:
    """A council's only name cell holding the merge field's own words, ``Parent_Carer`` or
    ``Sir_or_Madam`` (the value left empty, its placeholder exported): a salutation's words
    run together by underscores are the salutation's (an underscore is no letter or digit),
    no council's name; the Virtual School Head of no council.  A name beginning with the
    letters of "Dear" (Dearne Valley, Dearbhla) keeps them: only the word is taken off."""
    from attcli.contacts import Contact, council_name
    from attcli.looked_after import UNNAMED_COUNCIL

    for s in ("Parent_Carer", "Dear Sir_or_Madam", "To_whom_it_may_concern"):
        assert council_name(Contact("A1", relationship="Local Authority",
                                    salutation_text=s)) == UNNAMED_COUNCIL, s  # fmt: skip
    assert council_name(Contact("A1", relationship="Local Authority",
                                salutation_text="West_Shire")) == "West_Shire"  # fmt: skip
    # "Dear" is a word of its own: a name that begins with the letters is the name whole
    assert council_name(Contact("A1", relationship="Local Authority",
                                salutation_text="Dearne Valley Council")) == "Dearne Valley Council"
    assert Contact("A1", salutation_text="Dearbhla Murphy").salutation == "Dearbhla Murphy"


def test_conflicting_marks_said_as_a_run_only_of_distinct_exports_and_one_school(
    tmp_path: Path,
) -> None:
    """DOMAIN.md 12: a conflict is refused, each session's marks said export by export,
    a mark more than two exports give in a row as that run of exports (sweep slips7).
    A listed twice in the first export (lines 2 and 3, ``O`` both), ``O`` in the second,
    ``M`` in the third: three ``O`` of two exports, no run of three exports, each said with
    its line.  Then a trust's two exports (a School column), UPN X at Ash and at Birch,
    ``O`` in the first and ``M`` in the second at each: the same marks from the same
    exports, but two schools' sessions, two lines (the sessions of one pupil at one school
    alone are one line)."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    head = "UPN,Surname,Forename,Date,Session,Mark\n"
    files = []
    for i, rows in enumerate((["O", "O"], ["O"], ["M"]), 1):
        files.append(tmp_path / f"e{i}.csv")
        files[-1].write_text(head + "".join(f"A,SurA,ForeA,14/09/2026,AM,{m}\n" for m in rows),
                             encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as exc:
        load_registers(files)
    e1, e2, e3 = files
    said = str(exc.value).split(". These exports all end on 14/09/2026")
    assert said[0].splitlines() == [
        "1 session has conflicting marks (the same pupil, date and session with different marks):",
        f"  A SurA, ForeA, 14/09/2026 AM: 'O' in {e1} line 2; 'O' in {e1} line 3; "
        f"'O' in {e2} line 2; 'M' in {e3} line 2",
    ]
    files = []
    for i, m in enumerate("OM", 1):
        files.append(tmp_path / f"t{i}.csv")
        files[-1].write_text("School," + head + "".join(
            f"{s},X,SurX,ForeX,14/09/2026,AM,{m}\n" for s in ("Ash", "Birch")), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_registers(files)
    t1, t2 = files
    said = str(exc.value).split(". These exports all end on 14/09/2026")
    assert said[0].splitlines()[1:] == [
        f"  X SurX, ForeX at {s}, 14/09/2026 AM: 'O' in {t1} line {n}; 'M' in {t2} line {n}"
        for s, n in (("Ash", 2), ("Birch", 3))
    ]  # (each names its school: leftovers18)


def test_three_pupils_who_moved_form_are_each_named_and_no_more_implied(tmp_path: Path) -> None:
    """A workbook a form a sheet (layouts7's moves), 7A and 7B: P1, P2 and P3 in 7A Mon 7 to
    Fri 11 Sep 2026 and in 7B from Mon 14 to Fri 18; P4 in 7A throughout, P5 in 7B.  Three
    pupils who moved form, the note's three names all of them: no "..." (four would be)."""
    import openpyxl

    from attcli.loaders import load_registers

    days = weekdays(D(2026, 9, 7), D(2026, 9, 18))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for form, mine, alone in (("7A", days[:5], 4), ("7B", days[5:], 5)):
        sheet = book.create_sheet(form)
        sheet.append(["UPN", "Surname", "Forename", "Registration Form", "Date", "Session", "Mark"])
        for i, its in ((1, mine), (2, mine), (3, mine), (alone, days)):
            for d in its:
                for s in ("AM", "PM"):
                    sheet.append([f"A1000000000{i}", f"P{i}", f"K{i}", form, f"{d:%d/%m/%Y}", s, "/"])
    path = tmp_path / "forms.xlsx"
    book.save(path)
    said = [w for w in load_registers([path]).warnings if "moved form" in w]
    assert said == [
        f"{path}: 3 pupils in two form sheets read as one pupil who moved form: each session "
        "counted in its sheet's form, and the pupil's form as of the date checked is the latest "
        "sheet's: A10000000001 ('7A' then "
        "'7B'), A10000000002 ('7A' then '7B'), A10000000003 ('7A' then '7B')"
    ]


def test_a_printed_page_s_foot_is_refused_as_one_only_beside_its_number_with_no_upn(
    tmp_path: Path,
) -> None:
    """layouts6's two printed pages of three pupils (tests/test_sweep_layouts6.py; lines 1-2
    the title, 3 the headings, 4-6 the pupils, 7 the foot).  What is said of a row no shape
    tells from a pupil's (docs/presets.md, "A report printed page by page"):
    - beside "Page n of 2", "Printed by M999000000009": a cell holding a UPN is a pupil's,
      never furniture read through: refused as the foot it may be;
    - ",M999000000009,Pupil9" (the UPN in the Surname column) just above the number: a
      pupil's row, its UPN in the wrong column: "data row with no UPN", not a foot;
    - ",Oakfield Academy,Anytown" just below the number (the foot's last line): refused as
      the foot, naming the number's line above (7, the row 8);
    - ",Oakfield Academy,High Street,Anytown,AN1 2AB", four cells, above it: an address no
      page's foot is known by (three cells at most): "data row with no UPN";
    - a pupil's UPN typed with a space, "A100 0000", on page 1 and "Oakfield Academy" with
      the number as the foot: the foot refused (line 7), whatever the pupil's before it;
    - "Autumn 2026" beside the number, a key of two words with a digit: refused as the foot;
    - "Oakfield Academy" three blank rows above the number (line 11): refused naming it;
    - Pupil3 as "M999 0000 00009" (a UPN written with spaces) with no marks, three cells
      just above "Page 1 of 2": a pupil, read (six pupils' 120 rows), never a foot."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _PAGES, _printed, _pupil

    def error(foot: str, pages: list[list[str]] = _PAGES) -> str:
        with pytest.raises(InputError) as info:
            load_registers([_printed(tmp_path / "p.csv", pages, foot=foot)])
        return " ".join(str(info.value).split())

    said = error(",Printed by M999000000009,,Page {n} of {m}")
    assert ("line 7: a printed page's foot or head: 'Printed by M999000000009' beside its "
            "number 'Page 1 of 2', which") in said  # fmt: skip
    said = error(",M999000000009,Pupil9\nPage {n} of {m}")
    assert said.startswith(f"{tmp_path / 'p.csv'}, line 7: data row with no UPN")
    said = error("Page {n} of {m}\n,Oakfield Academy,Anytown")
    assert ("line 8: a printed page's foot or head: 'Oakfield Academy, Anytown' beside its "
            "number 'Page 1 of 2' (line 7), which") in said  # fmt: skip
    said = error(",Oakfield Academy,High Street,Anytown,AN1 2AB\nPage {n} of {m}")
    assert said.startswith(f"{tmp_path / 'p.csv'}, line 7: data row with no UPN")
    typo = [[_pupil(1).replace("A10000000001", "A100 0000"), *_PAGES[0][1:]], _PAGES[1]]
    said = error("Oakfield Academy,,,Page {n} of {m}", typo)
    assert "line 7: a printed page's foot or head: 'Oakfield Academy' beside its number" in said
    said = error("Autumn 2026,,,Page {n} of {m}")
    assert "line 7: a printed page's foot or head: 'Autumn 2026' beside its number" in said
    said = error("Oakfield Academy\n,,,\n,,,\n,,,\nPage {n} of {m}")
    assert ("line 7: a printed page's foot or head: 'Oakfield Academy' beside its number "
            "'Page 1 of 2' (line 11)") in said  # fmt: skip
    spaced = [[*_PAGES[0][:2], "M999 0000 00009,Pupil9,Kid9" + "," * 20], _PAGES[1]]
    path = _printed(tmp_path / "p.csv", spaced)
    assert load_registers([path]).register.height == 120


def test_an_excel_subtotal_is_its_label_alone_below_its_group_in_either_case(
    tmp_path: Path,
) -> None:
    """Excel's Data > Subtotal (layouts7), pupils present Mon 7 to Fri 11 Sep 2026.  7A's
    second pupil's form typed "7a": Excel's "at each change in" does not tell case, one
    group, its label "7A Count" below "7a": skipped as its subtotal, and so with a blank
    row between (line 23: blank rows aside, as layouts7 decided).  The same row with a
    note in a second text cell ("checked"): no row Excel writes, refused as a row with no
    UPN (line 22)."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _DAYS

    def load(total: str):  # noqa: ANN202
        lines = ["UPN,Surname,Forename,Registration Form,Date,Session,Mark"]
        for i, form in ((1, "7A"), (2, "7a")):
            lines += [f"A1000000000{i},P{i},K{i},{form},{d:%d/%m/%Y},{s},/"
                      for d in _DAYS[:5] for s in ("AM", "PM")]  # fmt: skip
        path = tmp_path / "sub.csv"
        path.write_text("\n".join([*lines, total, "A10000000003,P3,K3,7B,07/09/2026,AM,/"]) + "\n",
                        encoding="utf-8")  # fmt: skip
        return load_registers([path])

    result = load(",,,7A Count,,,20")
    assert result.register.height == 21
    assert "1 subtotal line (Excel's Data > Subtotal, below each group) skipped (line 22: " \
        "'7A Count')" in " ".join(" ".join(result.warnings).split())
    result = load(",,,,,,\n,,,7A Count,,,20")  # (a blank row between: stepped over)
    assert result.register.height == 21
    assert "(line 23: '7A Count')" in " ".join(" ".join(result.warnings).split())
    with pytest.raises(InputError) as info:
        load(",,,7A Count,checked,,20")
    assert ", line 22: data row with no UPN" in str(info.value)


def test_a_page_s_number_beside_its_printed_on_date_is_said_once_as_the_page_s_foot(
    tmp_path: Path,
) -> None:
    """layouts6's two printed pages, each page's foot "Printed 18/09/2026" and "Page n of
    2" on one line (lines 7 and 14): read through, said once, as the page's foot with its
    number, not again as a line of a page's number.  On two lines, a blank row between
    (lines 7 and 9, 16 and 18): one block of furniture, read through, each line said."""
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _PAGES, _printed

    path = _printed(tmp_path / "p.csv", _PAGES, foot="Printed 18/09/2026,,,Page {n} of {m}")
    result = load_registers([path])
    assert result.register.height == 120
    assert [w for w in result.warnings if "printed page" in w] == [
        f"{path}: 2 lines of a printed page's foot or head skipped (lines 7, 14: 'Printed "
        "18/09/2026, Page 1 of 2', 'Printed 18/09/2026, Page 2 of 2')"
    ]
    path = _printed(tmp_path / "q.csv", _PAGES, foot="Printed 18/09/2026\n,,,\nPage {n} of {m}")
    result = load_registers([path])
    assert result.register.height == 120
    assert [w for w in result.warnings if "printed page" in w] == [
        f"{path}: 2 lines of a printed page's number skipped (lines 9, 18: 'Page 1 of 2', "
        "'Page 2 of 2')",
        f"{path}: 2 lines of a printed page's foot or head skipped (lines 7, 16: 'Printed "
        "18/09/2026')",
    ]


def test_the_register_s_looked_after_marks_are_of_the_date_asked_each_caller_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's memo of `Prepared.looked_after_marks` (one a date a run): A's Looked
    After column N Mon 7 to Fri 11 Sep 2026, Y from Mon 14 (taken into care).  As of Fri
    11: not looked after (N: False); as of Fri 18, asked after it: looked after (Y: True),
    not the 11th's answer again, and the 11th's asked again not read again.  A caller
    changing its answer changes no other caller's.  C, in a second export with no such
    column, has no mark of it (not an N)."""
    from attcli.config import Config
    from attcli.engine import Prepared, prepare
    from attcli.loaders import load_registers

    lines = ["UPN,Surname,Forename,Date,Session,Mark,Looked After"]
    for d in weekdays(D(2026, 9, 7), D(2026, 9, 18)):
        for s in ("AM", "PM"):
            lines.append(f"A,SurA,ForeA,{d:%d/%m/%Y},{s},/,{'Y' if d.day > 11 else 'N'}")
    path, other = tmp_path / "cla.csv", tmp_path / "other.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other.write_text("\n".join([lines[0].removesuffix(",Looked After")] + [
        line.replace("A,SurA,ForeA", "C,SurC,ForeC").rsplit(",", 1)[0] for line in lines[1:]
    ]) + "\n", encoding="utf-8")  # fmt: skip
    prepared = prepare(load_registers([path, other], attributes=("cla",)).register, Config())
    calls = count_calls(monkeypatch, Prepared, "attributes")
    first = prepared.looked_after_marks(D(2026, 9, 11))
    assert first == {("", "A"): False}
    first[("", "A")] = True
    assert prepared.looked_after_marks(D(2026, 9, 18)) == {("", "A"): True}
    assert prepared.looked_after_marks(D(2026, 9, 11)) == {("", "A"): False}
    assert len(calls) == 2


def test_the_conflicts_hint_speaks_of_the_exports_of_the_lines_listed(tmp_path: Path) -> None:
    """21 sessions of conflicting marks (DOMAIN.md 12), 20 lines listed, then "and 1
    more": C01-C20's Monday 14 September AM ``O`` in the first export and ``M`` in the
    second, both ending that day; the one left, Z's, ``O`` in the first and ``M`` in the
    third, which ends on Tuesday 15.  The exports of the lines listed all end on 14/09/2026:
    said, so the reader is not sent to look for a later one among them."""
    from attcli.errors import InputError
    from attcli.loaders import load_registers

    head = "UPN,Surname,Forename,Date,Session,Mark\n"
    c = [f"C{i:02d}" for i in range(1, 21)]
    files = [tmp_path / f"e{i}.csv" for i in (1, 2, 3)]
    for path, rows in zip(files, ([(u, "14", "O") for u in [*c, "Z"]], [(u, "14", "M") for u in c],
                                  [("Z", "14", "M"), ("Z", "15", "/")]), strict=True):  # fmt: skip
        path.write_text(head + "".join(f"{u},S{u},F{u},{d}/09/2026,AM,{m}\n" for u, d, m in rows),
                        encoding="utf-8")  # fmt: skip
    with pytest.raises(InputError) as exc:
        load_registers(files)
    said = " ".join(str(exc.value).split())
    assert said.startswith("21 sessions have conflicting marks")
    assert (" and 1 more. These exports all end on 14/09/2026, so which is later cannot be "
            "told; a later export") in said  # fmt: skip


def test_a_printed_page_s_head_is_read_through_a_blank_row_and_a_later_printed_time(
    tmp_path: Path,
) -> None:
    """layouts6's two printed pages (tests/test_sweep_layouts6.py).  A blank row between
    the page's title rows and its headings: the title rows are still the repeated
    headings' own, said with them (lines 9-10), not apart.  No page numbers, the printed
    time above the title, page 2 printed a minute later ("09:15", no title row of the
    report's first page): certainly a page's furniture, read through as the page's head.
    So is a top row of two cells, each certainly furniture ("Printed: ..." and
    "Confidential"), above the title."""
    from attcli.loaders import load_registers
    from test_sweep_layouts6 import _PAGES, _TITLE, _printed

    path = _printed(tmp_path / "blank.csv", _PAGES, head=[*_TITLE, ",,,"])
    result = load_registers([path])
    assert result.register.height == 120
    assert f"{path}: line 12: header row repeated (a report printed in parts) skipped, with its " \
        "title rows 'Attendance Register: Form 7A', 'Printed: 18/09/2026 09:14' (lines 9-10)" \
        in result.warnings  # fmt: skip
    path = _printed(tmp_path / "later.csv", _PAGES, head=_TITLE[::-1], foot="")
    text = path.read_text(encoding="utf-8")
    at = text.rindex("09:14")
    path.write_text(text[:at] + "09:15" + text[at + 5 :], encoding="utf-8")
    result = load_registers([path])
    assert result.register.height == 120
    assert f"{path}: line 9: header row repeated (a report printed in parts) skipped, with its " \
        "title rows 'Printed: 18/09/2026 09:15', 'Attendance Register: Form 7A' (lines 7-8)" \
        in result.warnings  # fmt: skip
    head = ["Printed: 18/09/2026 09:14,,,Confidential", _TITLE[0]]
    path = _printed(tmp_path / "two.csv", _PAGES, head=head, foot="")
    result = load_registers([path])
    assert result.register.height == 120
    assert f"{path}: line 9: header row repeated (a report printed in parts) skipped, with its " \
        "title rows 'Printed: 18/09/2026 09:14, Confidential', 'Attendance Register: Form 7A' " \
        "(lines 7-8)" in result.warnings  # fmt: skip
