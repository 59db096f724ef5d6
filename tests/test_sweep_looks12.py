"""What a person sees, a twelfth pass (sweep looks12): the words the last two rounds
added, read as an attendance officer, a DSL and a parent would (docs/decisions.md, "...
(sweep of 6 December (sixth), looks12)")."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from clirun import run_cli
from test_sweep_blind2 import HOLIDAY, _flat, _looked_after_school


def test_r_s_na_for_a_mark_is_refused_without_the_list_of_every_valid_code(
    tmp_path: Path,
) -> None:
    """GO 4 Schools' marks saved by R's ``write.csv`` (layouts5's export, one session with
    no mark written ``NA``).  The one-line refusal said what ``NA`` is and how to save the
    file, then "(column 'Session.Mark'). Valid codes: / \\ L K V P ... Y7 Z #; legacy: H F
    J Y; '-' for no mark recorded; map MIS sub-codes with [codes.subcodes] in attcli.toml":
    520 characters, seven lines at 80 columns, the last three a list that does not help (no
    code is wanted there: an empty cell is).  Said without it where every unknown value is
    an empty value; with another unknown code beside it ('ZZ') the list is still given."""
    from test_sweep_layouts5 import G4S_PUPILS, _g4s_export

    export = _g4s_export(tmp_path / "g4s_na.csv", G4S_PUPILS, no_mark="NA")
    code, _, err = run_cli("check", export)
    assert code == 1
    said = " ".join(err.split())
    assert 'write.csv(..., na = ""))' in said, said
    assert "alid codes" not in said and "[codes.subcodes]" not in said, said
    assert len(said.replace(f"{tmp_path}/", "")) < 320, said
    text = export.read_text("utf-8").replace('"/","Present (AM)"', '"ZZ","Present (AM)"', 1)
    (tmp_path / "zz.csv").write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", tmp_path / "zz.csv")
    assert code == 1 and "alid codes: / \\ L K V" in err, err


def test_r_s_na_for_a_year_group_names_what_it_is_not_and_gives_no_list_of_forms(
    tmp_path: Path,
) -> None:
    """R's ``NA`` in a pupil's year group (layouts5's GO 4 Schools export, Jo's rows),
    in the register and in a pupil list: the refusal said "'NA' is how R and other tools
    write an empty value, not a value", then "Year groups are written 'Year 7', 'Y7', ...
    'X' (national curriculum not followed)".  It says "not a year group", as the
    refusal's own first words do, and leaves out the forms (the fix is an empty cell, not
    another form); a value that is not NA ('Year Seven') still gets the forms."""
    from test_sweep_layouts5 import G4S_PUPILS, _g4s_export

    export = _g4s_export(tmp_path / "g4s_year.csv", G4S_PUPILS, no_mark="")
    lines = export.read_text("utf-8").splitlines()
    jo = [i for i, x in enumerate(lines) if '"A10000000002"' in x]
    for value, path in (("NA", tmp_path / "na.csv"), ('"Year Seven"', tmp_path / "seven.csv")):
        text = [x.replace(',"7","7A"', f",{value},\"7A\"") if i in jo else x
                for i, x in enumerate(lines)]  # fmt: skip
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
    code, _, err = run_cli("check", tmp_path / "na.csv")
    said = _flat(err)
    assert code == 1 and "not a year group (column 'Year.Group'): 'NA'" in said, said
    assert "write an empty value, not a year group:" in said, said
    assert "ear groups are written" not in said, said
    code, _, err = run_cli("check", tmp_path / "seven.csv")
    assert code == 1 and "ear groups are written 'Year 7'" in err, err
    assert "empty value" not in err, err
    listed = tmp_path / "pupils.csv"
    listed.write_text("UPN,Year Group\nA10000000001,7\nA10000000002,NA\n", encoding="utf-8")
    code, _, err = run_cli("check", export, "--pupils", listed)
    said = _flat(err)
    assert code == 1 and "pupils.csv" in said, said
    assert "write an empty value, not a year group:" in said, said
    assert "ear groups are written" not in said, said


def test_an_export_made_mid_afternoon_is_said_in_one_form_by_check_and_by_cases(
    tmp_path: Path,
) -> None:
    """Layouts5's export made at 14:00 on Fri 25/09/2026 (6 of 20 pupils' PM present).
    The check's note ran six lines at 80 columns: "its PM register holds marks for 6 of the
    20 pupils on roll, 6 of them present (registers taken, not marks entered ahead of
    them); the other 14 have no PM mark, read as their registers not yet taken when the
    export was made, ...", and ``--record``'s line said the same fact in other words, "its
    PM registers part taken (6 of the 20 pupils on roll have a PM mark)", both on the one
    screen.  One clause now, made once (:func:`attcli.engine.afternoon_part_taken`), the
    note going on to what it means for the other 14."""
    from builders import register, write_long_csv
    from school import make_workspace
    from test_sweep_layouts5 import _afternoon

    config = make_workspace(tmp_path / "ws")
    export = write_long_csv(register(_afternoon(dict.fromkeys(range(6), "\\"))), tmp_path / "pm.csv")
    code, _, err = run_cli("check", export, "-c", config, "--record", width=80)
    assert code == 0, err
    said = _flat(err)
    clause = (
        "the exports end during the afternoon of 25/09/2026, its PM registers part taken (6 "
        "of the 20 pupils on roll have a PM mark)"
    )
    assert said.count(clause) == 2, said
    assert (
        f"note: {clause}; the other 14 have none, read as registers not yet taken, so their "
        "figures run to that morning: if those registers were "
        "left incomplete, complete them in the MIS and export again" in said
    ), said
    assert f"not recorded: {clause}: record a check of a whole day's register" in said
    note = err[err.index("note: the exports end during") :].split("\nnote:")[0]
    assert note.count("\n") <= 3, note


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="modes")
def test_a_workspace_not_yours_alone_is_named_once_and_its_reason_in_plain_parentheses(
    tmp_path: Path,
) -> None:
    """Links' refusals of a workspace others may write in.  The working folder's named the
    folder three times ("the working folder F holds attcli.toml but is not yours alone
    (everyone may write in F): ... give it with --workspace F"), the user folder's twice;
    a folder above that others write in put parentheses in parentheses ("(everyone may
    write in the folder above it, P (and so rename it))").  The reason now says "it" of the
    folder named just before, and its last clause without parentheses of its own."""
    from attcli import workspace
    from attcli.errors import AttcliError
    from school import make_workspace

    folder = tmp_path / "shared"
    make_workspace(folder)
    folder.chmod(0o777)
    with pytest.raises(AttcliError) as got:
        workspace.find_workspace(cwd=folder, environ={})
    said = str(got.value)
    assert said.startswith(
        f"the working folder {folder} holds attcli.toml but is not yours alone (everyone may "
        "write in it): "
    ), said
    assert said.count(str(folder)) == 2, said  # (the lead, and --workspace's to paste)
    folder.chmod(0o755)
    above = tmp_path / "data"
    user = above / "attcli"
    make_workspace(user)
    above.chmod(0o777)
    with pytest.raises(AttcliError) as got:
        workspace.refuse_shared_user_folder(user)
    said = str(got.value)
    assert said.startswith(
        f"your user folder {user} is not yours alone (everyone may write in the folder above "
        f"it, {above}, and so could rename it): "
    ), said
    above.chmod(0o755)


def test_an_amber_letter_for_absence_mostly_t_names_it_in_a_sentence_a_parent_reads() -> None:
    """Last round held warning letters for absence mostly `T` (a parent travelling for
    work) or `R`; the amber letter warns of nothing and is sent, saying what the absence is
    recorded as.  TRV attended 73 of 80 sessions (91.25 %, amber), the 7 absences `T`: the
    letter read "much of ForenameTRV's absence this year is recorded as parent travelling
    for work" (the code's gloss, no article); `M` read "recorded as medical or dental
    appointment".  The letter's words now read as a sentence: "recorded as travelling with
    a parent for their work", "... medical or dental appointments"; the held reason's gloss
    "T (parent travelling for work)" is unchanged."""
    from attcli.absence import agreed_absence, hold_reason
    from attcli.letters.templates import SHIPPED

    # (the shipped amber letter says "... is recorded as {{ agreed_absence }}, and we are
    # not writing to blame anyone for it", in the paragraph it shares with the red one
    # (sweep lacletter): the words are read there; a run of `letters` making the PDF took
    # 10 s, over this file's budget, so the words are asked directly)
    amber = (SHIPPED / "amber.html").read_text("utf-8")
    assert '{% include "_agreed_absence.html" %}' in amber
    said = " ".join((SHIPPED / "_agreed_absence.html").read_text("utf-8").split())
    assert "is recorded as {{ agreed_absence }}, and we are not writing to blame" in said
    assert agreed_absence({"T": 7}, ("T", "R"), 50) == "travelling with a parent for their work"
    codes = ("I", "M", "T", "R")
    assert agreed_absence({"I": 30, "M": 20}, codes, 50) == (
        "illness and medical or dental appointments"
    )
    assert hold_reason({"T": 12}, codes, 50) == (
        "12 of 12 absence sessions this school year are T (parent travelling for work)"
    )


def test_a_pack_refused_as_its_window_moved_on_says_plainly_what_to_give(tmp_path: Path) -> None:
    """Blind2's refusal (BIO's threshold met on 16/11/2026, the pack asked as of
    27/11/2026) ended "the request resting on that window is made with --as-of
    2026-11-16": a passive, and "resting on" read twice for what to type.  It now says
    "give --as-of 2026-11-16 to make the request of that window".  And the error after its
    one problem said "see each for what, if anything, would fix it": now "see it"."""
    export, contacts, config = _looked_after_school(tmp_path)
    code, _, err = run_cli("evidence", "BIO", export, "--for", "penalty-notice", "--contacts",
                           contacts, "-c", config, "--as-of", "2026-11-27", "-o",
                           tmp_path / "a.pdf")  # fmt: skip
    assert code == 1
    assert (
        "; it was met on 16/11/2026, in the 10 school weeks to that day: give --as-of "
        "2026-11-16 to make the request of that window" in _flat(err)
    ), err
    # (its one problem: "see it", not "see each", sweep looks12)
    assert (
        "1 problem above (the local authority would return it); see it for what, if "
        "anything, would fix it, or write a draft with --draft" in _flat(err)
    ), err


def test_lesson_marks_are_refused_in_a_sentence_that_reads_straight(tmp_path: Path) -> None:
    """Layouts5's refusal of a register of lesson marks read "not of the AM and PM session
    marks the attendance register holds, which every figure attcli gives is counted from"
    (a clause hung on a clause, ending on "from").  Now "not the AM and PM session marks of
    the attendance register, from which attcli counts every figure"."""
    export = tmp_path / "lessons.csv"
    export.write_text(
        "UPN,Surname,Forename,Date,Lesson,Subject,Lesson.Mark\n"
        "A10000000001,Able,Sam,07/09/2026,Mon P1,Ma,/\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export)
    assert code == 1
    assert (
        "this is a register of lesson marks (column 'Lesson.Mark'), not the AM and PM "
        "session marks of the attendance register, from which attcli counts every figure. "
        "Export the session marks" in _flat(err)
    ), err


def test_a_pupil_with_no_year_or_form_is_not_listed_as_year_question_marks(
    tmp_path: Path,
) -> None:
    """Blind2's register has no year group or form columns (as many a hand-made export).
    At 80 columns the check listed "SurnameBIO, ForenameBIO  BIO  Year ? ?  90.0% red":
    two question marks read as a fault in attcli.  What is not known is left out ("BIO
    90.0% red"); a pupil with a year and form still reads "Year 7 7A"."""
    from builders import register, write_long_csv

    export, _, config = _looked_after_school(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", "2026-11-20", width=80)
    assert code == 0, err
    assert "?" not in out, out
    assert "ForenameBIO  BIO  90.0% red" in out, out
    marks = " ".join(["/ / / / O"] * 4 + ["/ / / / /"] * 5)
    reg = register({"G": marks}, start=dt.date(2026, 9, 7), holidays=HOLIDAY)
    grouped = write_long_csv(reg, tmp_path / "g.csv", groups=True)
    code, out, err = run_cli("check", grouped, "-c", config, width=80)
    assert code == 0, err
    assert " G  Year 7 7A  " in out, out


def test_r_s_na_as_a_upn_is_refused_without_the_footer_rows_rules(tmp_path: Path) -> None:
    """Layouts5's G4S export with two pupils' UPNs written ``NA`` by R: the one line went
    on, after saying what ``NA`` is and that every pupil row needs a UPN, "; a footer row is
    skipped only when its first cell is 'Total', 'Totals', 'Count' or 'Summary', its cells
    are all numbers, or it is a line of text alone after the last pupil row": about
    footers, where the row is a pupil's.  Left out for an empty value; a row with a blank
    UPN (a footer, perhaps) still gets it."""
    from test_sweep_layouts5 import PRESENT, _g4s_export

    pupils = {"NA#1": ("Brook", "Jo", " ".join([PRESENT] * 5))}
    pupils.update({f"A100000000{i:02d}": (f"S{i}", f"F{i}", " ".join([PRESENT] * 5)) for i in range(3)})
    export = _g4s_export(tmp_path / "g4s_upn.csv", pupils, no_mark="")
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace('"NA#1"', "NA"), encoding="utf-8")
    code, _, err = run_cli("check", export)
    said = _flat(err)
    assert code == 1 and "write an empty value, not a UPN" in said, said
    assert "footer row" not in said, said
    export.write_text(text.replace('"NA#1"', '""'), encoding="utf-8")
    code, _, err = run_cli("check", export)
    assert code == 1 and "a footer row is skipped only when" in err, err


def test_r_s_na_as_a_leaving_date_is_refused_without_every_date_format(tmp_path: Path) -> None:
    """Layouts5's GO 4 Schools pupil list saved by ``write.csv``, a pupil still on roll's
    ``leaving_date`` ``NA``: the one line read "not a date: dates must be DD/MM/YYYY (or
    D/M/YYYY), YYYY-MM-DD, 'Wed, 09 Sep 2026', 'Wed 09 Sep 2026', '09 Sep 2026' or
    '09-Sep-2026' (column 'leaving_date'): 'NA'. 'NA' is how R ... not a date: ...": the
    formats before the one thing to do, an empty cell.  Now "not a date (column
    'leaving_date'): 'NA'. 'NA' is how R ..."; a date in no format still gets them."""
    from test_sweep_layouts5 import G4S_PUPILS, _g4s_export

    export = _g4s_export(tmp_path / "g4s.csv", G4S_PUPILS, no_mark="")
    listed = tmp_path / "g4s_pupils.csv"
    head = '"","upn","national_curriculum_year","admission_date","leaving_date"\n'
    for leaving, said in (("NA", "not a date (column 'leaving_date'): 'NA'. 'NA' is how R"),
                          ('"31st Oct"', "not a date: dates must be DD/MM/YYYY")):  # fmt: skip
        listed.write_text(
            head + f'"1","A10000000001","7","2026-09-01",{leaving}\n', encoding="utf-8"
        )
        code, _, err = run_cli("check", export, "--pupils", listed)
        assert code == 1 and said in _flat(err), err
    assert "empty value" not in err, err
