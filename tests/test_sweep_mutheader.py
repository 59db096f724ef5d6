"""Sweep of 5 December (sixth), mutheader: mutation testing of header detection
(src/attcli/loaders/_headers.py: which row is the header, which column is which field) and
the register's shared model (src/attcli/register.py).  Each test is a small export whose
right reading is worked out by hand from docs/presets.md and DOMAIN.md, at the boundary a
surviving mutant crossed; each was seen to pass on the code and fail on its mutant (or, for
a bug, to fail before the fix)."""

from __future__ import annotations

from pathlib import Path

from attcli.loaders import load_registers


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _people(result) -> list[tuple]:  # noqa: ANN001
    cols = ["upn", "mis_id", "surname", "forename"]
    return result.register.select(cols).unique().sort("upn").rows()


# --- a name column of ids beside the name column of names (bug) --------------------------
# docs/presets.md: the first `name` alias present wins ('Student', 'Pupil', 'Name', 'Student
# Name', 'Pupil Name'), but a `name` column whose every value is an id holds ids, not names.
# A partner export with 'Pupil' (ids) and 'Name' (the pupils' names) was read with no names
# at all (the later alias never looked at): the names in the file silently dropped, the
# pupils identified by their id only.  With a UPN column beside them the same export was
# refused as having no name column.  Right reading by hand: 'Pupil' is the MIS id, 'Name'
# ("Smith, Sam") the pupil's name; 1200 has / and \ (2 possible, 2 attended).

def test_a_name_column_of_ids_gives_way_to_the_next_name_column(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        'Pupil,Name,Date,Session,Mark\n'
        '1200,"Smith, Sam",07/09/2026,AM,/\n'
        '1200,"Smith, Sam",07/09/2026,PM,\\\n'
        '1201,"Jones, Jo",07/09/2026,AM,N\n'
        '1201,"Jones, Jo",07/09/2026,PM,/\n',
    )
    result = load_registers([path])
    assert result.keyed_by == "mis_id"
    assert _people(result) == [
        ("1200", "1200", "Smith", "Sam"),
        ("1201", "1201", "Jones", "Jo"),
    ]
    assert result.files[0].skipped[:2] == [
        "column 'Pupil' holds ids, not names: read as the pupil's MIS id",
        "the pupils' names are read from column 'Name'",
    ]


def test_with_a_upn_the_student_name_column_is_read_not_refused(tmp_path):
    path = _write(
        tmp_path,
        "reg.csv",
        "UPN,Student,Student Name,Date,Session,Mark\n"
        'A999300000001,1200,"Smith, Sam",07/09/2026,AM,/\n'
        'A999300000001,1200,"Smith, Sam",07/09/2026,PM,/\n'
        'A999300000002,1201,"Jones, Jo",07/09/2026,AM,N\n'
        'A999300000002,1201,"Jones, Jo",07/09/2026,PM,/\n',
    )
    result = load_registers([path])
    assert result.keyed_by == "upn"
    assert _people(result) == [
        ("A999300000001", "1200", "Smith", "Sam"),
        ("A999300000002", "1201", "Jones", "Jo"),
    ]
    assert result.files[0].skipped[:2] == [
        "column 'Student' holds ids, not names: read as the pupil's MIS id",
        "the pupils' names are read from column 'Student Name'",
    ]


def test_a_later_name_column_of_ids_is_not_taken_for_names(tmp_path):
    # 'Student' and 'Pupil Name' both hold ids: no name is read from either; the MIS id
    # keys the pupils (SIMS' PersonID files have no names: a pupil list gives them)
    path = _write(
        tmp_path,
        "reg.csv",
        "Student,Pupil Name,Date,Session,Mark\n"
        "1200,A1200,07/09/2026,AM,/\n"
        "1200,A1200,07/09/2026,PM,/\n",
    )
    result = load_registers([path])
    assert _people(result) == [("1200", "1200", None, None)]
