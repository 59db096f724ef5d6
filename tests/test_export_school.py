"""An export that names another school than the workspace's is refused (docs/decisions.md,
"An export of another school").

Integris's register export has a title row ``School: Oakfield Academy``; a trust's export
may have a School column.  Read with Riverside Primary School's workspace, Oakfield's
pupils went into an LA file headed "School: Riverside Primary School, URN 100001", and
letters would have gone out on Riverside's letterhead: no warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.config import School, init_text, parse_config
from attcli.errors import AttcliError
from attcli.school_name import same_school, same_school_name
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
    ],
)
def test_two_schools_are_not_the_same_name(a, b):
    assert not same_school_name(a, b)
    assert not same_school_name(b, a)


RIVERSIDE = School(name="Riverside Primary School", urn="100001", dfe_number="999/2001")


@pytest.mark.parametrize(
    ("value", "same"),
    [
        ("Riverside Primary", True),
        ("Oakfield Academy", False),
        ("100001", True),  # a School column holding the URN
        ("100002", False),
        ("999/2001", True),  # ... or the DfE number, written either way
        ("9992001", True),
        ("999/2002", False),
        # a URN, where both have one, decides: the name the MIS gives is not read
        ("Oakfield Academy (URN 100001)", True),
        ("Riverside Primary School (URN 100002)", False),
    ],
)
def test_a_urn_or_dfe_number_where_both_have_one_decides(value, same):
    assert same_school(value, RIVERSIDE) is same


def test_nothing_to_compare_is_not_a_different_school():
    # the export gives only a URN and the workspace has none: cannot tell
    assert same_school("100002", School(name="Riverside Primary School")) is None
    # the workspace has no name yet (no workspace: the default "School")
    assert same_school("Oakfield Academy", School()) is None


def test_the_names_the_exports_use_are_the_same_school():
    school = School(name="Riverside Primary School", export_names=("RPS Anytown",))
    assert same_school("R.P.S. Anytown", school) is True  # compared by the same rule
    assert same_school("RPS Othertown", school) is False


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
    schools, so no one config is for the whole of it; check lists each pupil's school, as
    before (summary refuses it with its own line: tests/test_summary.py)."""
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
    assert code == 0, err
