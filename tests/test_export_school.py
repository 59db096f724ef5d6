"""An export that names another school than the workspace's is refused (docs/decisions.md,
"An export of another school").

Integris's register export has a title row ``School: Oakfield Academy``; a trust's export
may have a School column.  Read with Riverside Primary School's workspace, Oakfield's
pupils went into an LA file headed "School: Riverside Primary School, URN 100001", and
letters would have gone out on Riverside's letterhead: no warning.
"""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path

import pytest

from attcli.config import School, init_text, parse_config
from attcli.errors import AttcliError
from attcli.loaders import load_registers
from attcli.school_name import (
    OTHER,
    RENUMBERED,
    SAME,
    UNKNOWN,
    UNSURE,
    same_school,
    same_school_name,
)
from clirun import run_cli
from school import DETAILS, make_workspace

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "exports"
INTEGRIS = EXAMPLES / "integris_autumn_2026.xlsx"  # title row "School: Oakfield Academy"
ARBOR = EXAMPLES / "arbor_autumn_2026.csv"  # names no school


# ------------------------------------------------------------------- the rule for names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oakfield Academy", "  OAKFIELD   academy "),  # case and spaces
        ("St. Mary's C.E. Primary School", "Saint Marys CE Primary School"),  # St, . and '
        ("St Mary’s Primary School", "st marys primary school"),  # a curly apostrophe
        ("Riverside & District Primary", "Riverside and District Primary"),  # & = and
        ("Riverside Primary School", "Riverside Primary"),  # a trailing "School"
        ("Riverside Primary School", "Riverside"),  # a trailing "Primary School"
        ("Oakfield", "Oakfield Academy"),  # a trailing "Academy", either side
        ("Oakfield Academy", "Oakfield-Academy"),  # a hyphen is a space
        ("The Oakfield Academy", "Oakfield Academy"),  # a leading "The"
        ("Oakfield Academy, Exampletown", "Oakfield Academy"),  # a town after a comma
        ("The Oakfield Academy, Exampletown", "Oakfield"),  # both, and an ending
    ],
)
def test_one_school_written_two_ways_is_the_same_name(a, b):
    assert same_school_name(a, b)
    assert same_school_name(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Oakfield Academy", "Riverside Primary School"),
        ("Oakfield Academy", "Oakfield School"),  # each has its own ending: two schools
        ("Riverside Primary School", "Riverside Academy"),
        ("Riverside Primary", "Riverside"),  # "Primary" alone is not one of the endings
        ("St Mary's Primary School", "St Mark's Primary School"),
        ("Riverside Infant School", "Riverside Junior School"),
        ("School", "Academy"),  # nothing left but the ending
        ("", "Riverside"),
        ("Oakfield Academy, Exampletown", "Exampletown"),  # only the part before counts
        ("The", "Theydon Bois Primary"),  # "The" is dropped only as a word of its own
    ],
)
def test_two_schools_are_not_the_same_name(a, b):
    assert not same_school_name(a, b)
    assert not same_school_name(b, a)


RIVERSIDE = School(name="Riverside Primary School", urn="100001", dfe_number="999/2001")


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("Riverside Primary", SAME),
        ("Oakfield Academy", OTHER),
        ("100001", SAME),  # a School column holding the URN
        ("100002", OTHER),  # ... another: no name to rescue it
        ("999/2001", SAME),  # ... or the DfE number, written either way
        ("9992001", SAME),
        ("999/2002", OTHER),
        # a matching URN accepts, whatever the name the MIS gives
        ("Oakfield Academy (URN 100001)", SAME),
        # labelled, alone in brackets, or leading
        ("Riverside Primary School URN: 100001", SAME),
        ("Riverside Primary School (100001)", SAME),
        ("100001 Riverside Primary School", SAME),
        ("999/2001 Riverside Primary School", SAME),
        ("9992001 Riverside Primary School", SAME),
        ("Riverside Primary School LAESTAB 9992001", SAME),
        ("Riverside Primary School (DfE 999-2001)", SAME),
        # another number with the same name (an academy conversion keeps the name and
        # changes the URN): warned, not refused
        ("Riverside Primary School (URN 100002)", RENUMBERED),
        ("Riverside Primary School (100002)", RENUMBERED),
        ("100002 Riverside Primary School", RENUMBERED),
        ("999/2002 Riverside Primary School", RENUMBERED),
        # another number and another name, a distinctive word shared or not: another
        # school (a predecessor school's name and URN: export_names lists it)
        ("Riverside Academy (URN 100002)", OTHER),
        ("Riverside Infant School (URN 100002)", OTHER),
        # another number and no distinctive word shared: another school, refused
        ("Oakfield Academy (URN 100002)", OTHER),
        ("Oakfield Academy DfE: 999/2002", OTHER),
        ("The Academy (URN 100002)", OTHER),  # generic words only: the number decides
    ],
)
def test_a_matching_urn_or_dfe_number_accepts_another_needs_the_name_too(value, verdict):
    assert same_school(value, RIVERSIDE) is verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        # after another label: not the school's number, nor part of its name
        ("Riverside Primary School Tel: 01632 100002", SAME),
        ("Riverside Primary School - Centre No 100002", SAME),
        ("Riverside Primary School Fax 100002", SAME),
        ("Riverside Primary School Ext. 1002", SAME),
        ("Riverside Primary School No 9992002", SAME),
        # next to another digit group (a phone number): not a URN; left in the name
        ("Riverside Primary School 01632 100002", UNSURE),
        ("Riverside Primary School (01632 100002)", UNSURE),
        ("100002 01632 Riverside Primary School", UNSURE),
        # a number neither labelled, bracketed alone nor leading is not read as one
        ("Riverside Primary School 100002", UNSURE),
        ("Riverside Primary School 1234567", UNSURE),
        ("Riverside Primary 21/12/2026", UNSURE),  # a date: "12/2026" is no DfE number
        # ... so it rescues nothing either: the phone number holding the URN
        ("Oakfield Academy Tel: 01632 100001", OTHER),
        ("Oakfield Academy 999/2001", OTHER),
    ],
)
def test_a_number_that_is_no_urn_or_dfe_number_is_not_read_as_one(value, verdict):
    assert same_school(value, RIVERSIDE) is verdict


def test_a_number_the_workspace_has_none_of_leaves_the_name_compared():
    school = School(name="Oakfield Academy")
    assert same_school("Oakfield Academy (URN 123456)", school) is SAME
    assert same_school("123456 Oakfield Academy", school) is SAME
    assert same_school("999/4001 Riverside Primary School", school) is OTHER


def test_nothing_to_compare_is_not_a_different_school():
    # the export gives only a URN and the workspace has none: cannot tell
    assert same_school("100002", School(name="Riverside Primary School")) is UNKNOWN
    # the workspace has no name yet (no workspace: the default "School")
    assert same_school("Oakfield Academy", School()) is UNKNOWN


def test_a_name_in_export_names_accepts_with_or_without_its_number():
    oakfield = School(
        name="Oakfield Academy",
        urn="123456",
        export_names=("Oakfield Academy (URN 100001)", "Riverside Primary School"),
    )
    assert same_school("Oakfield Academy (URN 100001)", oakfield) is SAME
    assert same_school("Riverside Primary School (URN 100001)", oakfield) is SAME
    assert same_school("Riverside Primary School", oakfield) is SAME
    # another number than the one listed is not that name: the rules above
    assert same_school("Oakfield Academy (URN 100002)", oakfield) is RENUMBERED
    # another name under another number: another school, a word shared or not (review8:
    # read as Oakfield Academy's with a note; its pupils went into the summary)
    assert same_school("Oakfield Primary School (URN 100002)", oakfield) is OTHER
    assert same_school("Oakfield Infant School (URN 100003)", oakfield) is OTHER


def test_the_names_the_exports_use_are_the_same_school():
    school = School(name="Riverside Primary School", export_names=("RPS Anytown",))
    assert same_school("R.P.S. Anytown", school) is SAME  # compared by the same rule
    assert same_school("RPS Othertown", school) is UNSURE  # "RPS" shared: warned
    assert same_school("Hillside Academy", school) is OTHER


OAKFIELD = School(name="Oakfield Academy")


@pytest.mark.parametrize(
    ("value", "ours", "verdict"),
    [
        # no distinctive word shared: clearly two schools, refused
        ("Riverside Primary School", "Oakfield Academy", OTHER),
        ("St Mary's CE Primary", "St Joseph's RC Primary", OTHER),  # Marys vs Josephs
        ("St Mary's C of E Primary", "St Joseph's Church of England Primary", OTHER),
        ("Hillside Community High School", "Riverside Free School Trust", OTHER),
        # a distinctive word shared, not the same name: warned, not refused
        ("Oakfield Primary", "Oakfield Academy", UNSURE),
        ("Oakfield School", "Oakfield Academy", UNSURE),
        ("St Mary's CE Primary", "St Mary's RC Primary", UNSURE),
        ("Riverside Infant School", "Riverside Junior School", UNSURE),
        # only generic words on one side: not clearly another school
        ("The Academy", "Oakfield Academy", UNSURE),
    ],
)
def test_only_names_sharing_no_distinctive_word_are_another_school(value, ours, verdict):
    assert same_school(value, School(name=ours)) is verdict
    assert same_school(ours, School(name=value)) is verdict


def test_export_names_is_a_list_of_names_in_the_config():
    cfg = parse_config('[school]\nname = "Riverside"\nexport_names = ["Riverside Prim."]\n')
    assert cfg.school.export_names == ("Riverside Prim.",)
    with pytest.raises(AttcliError, match="export_names"):
        parse_config('[school]\nname = "Riverside"\nexport_names = "Riverside Prim."\n')


# ------------------------------------------------------------------------ the commands


def _workspace(folder: Path, **details: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "attcli.toml").write_text(init_text({**DETAILS, **details}), encoding="utf-8")
    return folder


def _oakfield(folder: Path) -> Path:
    """Oakfield Academy's workspace (the examples' school: URN 123456, DfE 999/4001)."""
    return _workspace(folder, name="Oakfield Academy", urn="123456", dfe_number="999/4001")


#: the copies' pupils: the first of the example's 204 (its rows 6 to 25), its footer row
#: of totals kept; the copies are about their title row, not the register (each copy's
#: check read and judged 204 pupils: half its time)
COPY_PUPILS = 20


@functools.cache
def _integris_parts() -> tuple[tuple[zipfile.ZipInfo, bytes], ...]:
    """The example Integris export's parts, read once for the module: its sheet's pupil
    rows after the first ``COPY_PUPILS`` left out, its heading, title and footer rows kept
    (the footer moved up to the row after the last pupil's, and the sheet's dimension
    said again: a sheet as the export writes one of that many pupils)."""
    with zipfile.ZipFile(INTEGRIS) as book:
        parts = [(info, book.read(info)) for info in book.infolist()]
    last = 5 + COPY_PUPILS  # (row 5: the headings)
    for i, (info, data) in enumerate(parts):
        if info.filename == "xl/worksheets/sheet1.xml":
            sheet = data.decode("utf-8")
            footer = re.findall(r'<row r="(\d+)">', sheet)[-1]
            assert sheet.count(f'<dimension ref="A1:EU{footer}" />') == 1
            sheet = re.sub(
                r'<row r="(\d+)">.*?</row>',
                lambda m, end=int(footer): "" if last < int(m[1]) < end else m[0],
                sheet,
            )
            sheet = re.sub(rf'(<row r="|<c r="[A-Z]+){footer}"', rf'\g<1>{last + 1}"', sheet)
            sheet = sheet.replace(f"A1:EU{footer}", f"A1:EU{last + 1}")
            assert re.findall(r'<row r="(\d+)">', sheet) == [
                str(r) for r in (1, 2, 3, *range(5, last + 2))
            ]
            parts[i] = (info, sheet.encode("utf-8"))
    return tuple(parts)


def _integris(path: Path, *title: str | None) -> Path:
    """The example Integris export (its first ``COPY_PUPILS`` pupils) with its title row
    (row 2) replaced by ``title``, one value a cell (the reviewer's copies,
    /work/explore/review6/sname/gen.py).  The sheet's
    row written in its own XML, as the export writes its cells (inline strings): openpyxl
    read and wrote the whole workbook for each copy, a second of the file's time each."""
    from xml.sax.saxutils import escape

    assert len(title) <= 7
    cells = "".join(
        f'<c r="{col}2" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
        for col, value in zip("ABCDEFG", title, strict=False)
        if value is not None
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in _integris_parts():
            if info.filename == "xl/worksheets/sheet1.xml":
                sheet = data.decode("utf-8")
                row = re.search(r'<row r="2">.*?</row>', sheet)
                assert row is not None and row[0].startswith(
                    '<row r="2"><c r="A2" t="inlineStr"><is><t>School:'
                )
                data = sheet.replace(row[0], f'<row r="2">{cells}</row>', 1).encode("utf-8")
            book.writestr(info, data)
    return path


@pytest.mark.parametrize(
    "title",
    [
        ["School: The Oakfield Academy"],  # a leading "The"
        ["School: Oakfield Academy (123456)"],  # the URN, without "URN"
        ["School: 123456 Oakfield Academy"],  # ... before the name
        ["School: 999/4001 Oakfield Academy"],  # the DfE number
        ["School: Oakfield Academy, Exampletown"],  # a town after a comma
        ["School: Oakfield Academy", None, None, None, None, "Printed: 21/12/2026 09:14"],
        ["SCHOOL: OAKFIELD ACADEMY"],
        ["School:", "Oakfield Academy"],  # the name in the next cell
    ],
    ids=["the", "urnparen", "urnfirst", "dfefirst", "town", "printed", "upper", "split"],
)
def test_the_schools_own_export_runs_however_its_title_row_names_it(tmp_path, title):
    ws = _oakfield(tmp_path / "ws")
    export = _integris(tmp_path / "reg.xlsx", *title)
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 0, err
    assert "Oakfield" not in err  # not refused, nor warned


def test_the_title_rows_school_is_its_own_cell_not_the_rows_other_cells(tmp_path):
    # the print time in another cell of the row is not part of the school's name (it
    # was: "Oakfield Academy Printed: 21/12/2026 09:14", different on every export)
    printed = [None, None, None, None, "Printed: 21/12/2026 09:14"]
    export = _integris(tmp_path / "reg.xlsx", "School: Oakfield Academy", *printed)
    (report,) = load_registers([export]).files
    assert report.title_school == "Oakfield Academy" and report.title_line == 2
    export = _integris(tmp_path / "next.xlsx", "School:", "Oakfield Academy", *printed)
    (report,) = load_registers([export]).files
    assert report.title_school == "Oakfield Academy"


def test_a_title_row_of_another_school_with_a_print_time_is_refused_naming_it(tmp_path):
    ws = _oakfield(tmp_path / "ws")
    export = _integris(
        tmp_path / "reg.xlsx", "School: Riverside Primary School", None, "Printed: 09:14"
    )
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 1
    assert "names its school 'Riverside Primary School' (its title row)" in err
    assert "add 'Riverside Primary School' to [school] export_names" in err


def test_a_name_sharing_a_distinctive_word_is_warned_not_refused(tmp_path):
    ws = _oakfield(tmp_path / "ws")
    export = _integris(tmp_path / "reg.xlsx", "School: Oakfield Primary")
    code, out, err = run_cli("check", export, "--workspace", ws, "-f", "csv", width=2000)
    assert code == 0, err
    assert out
    lines = [x for x in err.splitlines() if "Oakfield Primary" in x]
    assert len(lines) == 1, err
    assert "'Oakfield Academy'" in lines[0] and "export_names" in lines[0]


def test_register_check_refuses_another_schools_export_and_writes_nothing(tmp_path):
    ws = tmp_path / "ws"
    make_workspace(ws)  # Riverside Primary School, URN 100001
    out = tmp_path / "rc.xlsx"
    code, _, err = run_cli(
        "register-check", INTEGRIS, "--term", "autumn", "--workspace", ws, "-o", out
    )
    assert code == 1
    assert not out.exists()
    line = err.strip()
    assert "\n" not in line, err
    assert str(INTEGRIS) in line
    assert "'Oakfield Academy'" in line and "title row" in line
    assert "Riverside Primary School (URN 100001" in line
    assert "--workspace" in line and "--config" in line and "export_names" in line


@pytest.mark.parametrize("command", ["check", "letters"])
def test_check_and_letters_refuse_it_too(tmp_path, command):
    ws = tmp_path / "ws"
    make_workspace(ws)
    extra = ["--contacts", str(EXAMPLES / "contacts.csv"), "--out", str(tmp_path / "letters")]
    args = [command, INTEGRIS, "--workspace", ws, *(extra if command == "letters" else [])]
    code, out, err = run_cli(*args)
    assert code == 1, err
    assert "names its school 'Oakfield Academy'" in err and "Riverside Primary School" in err
    assert out == ""
    assert not (tmp_path / "letters").exists()


def test_the_same_school_written_differently_runs(tmp_path):
    # "Oakfield" is "Oakfield Academy" without its trailing "Academy"
    ws = _workspace(tmp_path / "ws", name="Oakfield", urn="")
    code, _, err = run_cli("check", INTEGRIS, "--workspace", ws, "-f", "csv")
    assert code == 0, err


def test_a_school_listed_in_export_names_runs(tmp_path):
    ws = tmp_path / "ws"
    make_workspace(ws)
    text = (ws / "attcli.toml").read_text(encoding="utf-8")
    text = text.replace("[school]\n", '[school]\nexport_names = ["Oakfield Academy"]\n', 1)
    (ws / "attcli.toml").write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", INTEGRIS, "--workspace", ws, "-f", "csv")
    assert code == 0, err


def test_an_export_naming_no_school_runs(tmp_path):
    ws = tmp_path / "ws"
    make_workspace(ws)
    code, _, err = run_cli("check", ARBOR, "--workspace", ws, "-f", "csv")
    assert code == 0, err


def test_a_workspace_with_no_name_yet_says_nothing(tmp_path):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text(init_text(), encoding="utf-8")  # every detail FILL IN
    code, _, err = run_cli("check", INTEGRIS, "--workspace", ws, "-f", "csv")
    assert code == 0, err
    assert "Oakfield" not in err


def test_a_school_column_naming_another_school_is_refused(tmp_path):
    ws = tmp_path / "ws"
    make_workspace(ws)  # Riverside Primary School
    export = tmp_path / "reg.csv"
    export.write_text(
        "School,UPN,Surname,Forename,Date,Session,Mark\n"
        "Hillside Primary School,A123456789012,Smith,Ann,07/09/2026,AM,/\n"
        "Hillside Primary School,B123456789012,Jones,Bob,07/09/2026,AM,/\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 1
    assert f"{export}, line 2: the export names its school 'Hillside Primary School'" in err
    assert "(its School column)" in err


def test_a_school_column_of_one_school_written_two_ways_is_compared_as_one(tmp_path):
    ws = tmp_path / "ws"
    make_workspace(ws)
    export = tmp_path / "reg.csv"
    export.write_text(
        "School,UPN,Surname,Forename,Date,Session,Mark\n"
        "Riverside Primary,A123456789012,Smith,Ann,07/09/2026,AM,/\n"
        "RIVERSIDE PRIMARY SCHOOL,B123456789012,Jones,Bob,07/09/2026,AM,/\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 0, err


def test_a_register_of_several_schools_is_not_compared(tmp_path):
    """A trust's export read as one register (no [schools]): its School column names two
    schools, so no one config is for the whole of it, and it is not compared with the
    workspace's school (neither is named as "another school"); every command refuses it
    as several schools' (tests/test_trust_rules.py)."""
    ws = tmp_path / "ws"
    make_workspace(ws)
    export = tmp_path / "reg.csv"
    export.write_text(
        "School,UPN,Surname,Forename,Date,Session,Mark\n"
        "Riverside Primary School,A123456789012,Smith,Ann,07/09/2026,AM,/\n"
        "Hillside Primary School,B123456789012,Jones,Bob,07/09/2026,AM,/\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 1
    assert err.strip().startswith("error: the exports hold 2 schools (Hillside"), err
    assert "another school" not in err and "names its school" not in err


def test_the_predecessor_schools_urn_is_warned_naming_both_and_runs(tmp_path):
    # an academy conversion: the MIS kept the old school's URN (review7)
    ws = _oakfield(tmp_path / "ws")
    for title in ("School: Oakfield Academy (URN 100001)", "School: 100001 Oakfield Academy"):
        export = _integris(tmp_path / "reg.xlsx", title)
        code, out, err = run_cli("check", export, "--workspace", ws, "-f", "csv", width=2000)
        assert code == 0, err
        assert out
        lines = [x for x in err.splitlines() if "100001" in x]
        assert len(lines) == 1, err
        assert "URN 100001" in lines[0] and "URN 123456" in lines[0], lines[0]
        assert "export_names" in lines[0]


@pytest.mark.parametrize(
    "title",
    ["School: Oakfield Academy Tel: 01632 960000", "School: Oakfield Academy - Centre No 123457"],
    ids=["phone", "centre"],
)
def test_a_phone_or_centre_number_in_the_title_is_no_urn(tmp_path, title):
    ws = _oakfield(tmp_path / "ws")
    export = _integris(tmp_path / "reg.xlsx", title)
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 0, err
    assert "Oakfield" not in err


def test_export_names_holding_the_whole_title_with_its_urn_runs(tmp_path):
    # the refusal's advice: list the title, number and all, in export_names
    ws = _oakfield(tmp_path / "ws")
    text = (ws / "attcli.toml").read_text(encoding="utf-8")
    names = 'export_names = ["Oakfield Academy (URN 100001)"]\n'
    (ws / "attcli.toml").write_text(text.replace("[school]\n", "[school]\n" + names, 1))
    export = _integris(tmp_path / "reg.xlsx", "School: Oakfield Academy (URN 100001)")
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 0, err
    assert "100001" not in err


def test_another_school_with_another_urn_is_refused(tmp_path):
    ws = _oakfield(tmp_path / "ws")
    export = _integris(tmp_path / "reg.xlsx", "School: Riverside Primary School (URN 100001)")
    code, _, err = run_cli("check", export, "--workspace", ws, "-f", "csv")
    assert code == 1
    assert "names its school 'Riverside Primary School (URN 100001)'" in err


@pytest.mark.parametrize("command", ["letters", "register-check", "la-return"])
def test_two_schools_exports_in_one_school_s_workspace_make_no_one_school_output(
    tmp_path, command
):
    """review8 left it open: the exports of two schools read together in one school's
    workspace (Oakfield's own Integris export, and a copy titled "School: Riverside Primary
    School"; both the copies' 20 pupils) are a register of several schools, not compared with the workspace; `letters`
    then drafted 46 letters, Riverside's 23 on Oakfield's letterhead (the register check
    and the LA return would go out under Oakfield's URN, the evidence pack too).  A file
    that is one school's (letters, the LA's files, a pupil's record and evidence) is made
    from one school's exports only: refused in one line naming the schools, nothing
    written.  Every command now refuses it, `check`, `cme` and `cases` too
    (tests/test_trust_rules.py)."""
    ws = _oakfield(tmp_path / "ws")
    own = _integris(tmp_path / "own.xlsx", "School: Oakfield Academy")  # (its title as is)
    other = _integris(tmp_path / "other.xlsx", "School: Riverside Primary School")
    out = tmp_path / {"letters": "out", "register-check": "out.xlsx", "la-return": "out.csv"}[
        command
    ]
    extra = {
        "letters": ["--contacts", str(EXAMPLES / "contacts.csv"), "--out", str(out),
                    "--as-of", "2026-12-18"],
        "register-check": ["--term", "autumn", "-o", str(out)],
        "la-return": ["--month", "2026-11", "-o", str(out)],
    }[command]  # fmt: skip
    code, stdout, err = run_cli(command, own, other, "--workspace", ws, *extra, width=2000)
    assert code == 1, err
    assert err.strip() == (
        "error: the exports hold 2 schools (Oakfield Academy, Riverside Primary School): "
        "this workspace is one school's; give that school's export, or use the trust's "
        "workspace with --per-school"
    ), err
    assert stdout == ""
    assert not out.exists()
