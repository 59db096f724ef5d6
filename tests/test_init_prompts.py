"""`attcli init` on a terminal asks for each school detail; an answer the config would
refuse (a URN of five digits, a DfE number without its LA's three digits) is said at
once and asked again, keeping every other answer (a review's known fault: the whole
session ended on one error and every answer typed was lost)."""

from __future__ import annotations

from typer.testing import CliRunner

from attcli import cli
from attcli.config import load_config


def test_a_wrong_answer_is_asked_again_and_the_others_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_asks", lambda: True)  # as on a terminal
    folder = tmp_path / "school"
    answers = [
        "Riverside Primary School",
        "12345",  # a URN of five digits
        "100001",
        "9992001",  # the DfE number without its slash is valid
        "Anyshire County Council",
        "2 River Road, Anytown, AN1 1AA",
        "01632 960111",
        "office@riverside.example.org",
        "Mr H. Head",
        "Ms L. Lead",
    ]
    result = CliRunner().invoke(cli.app, ["init", str(folder)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("URN:") == 2
    assert (
        "Error: expected the school's six-digit URN, got '12345'; type it again (Enter "
        "leaves it to fill in later)"
    ) in result.output
    c = load_config(folder / "attcli.toml")
    assert (c.school.name, c.school.urn, c.school.dfe_number) == (
        "Riverside Primary School", "100001", "9992001",
    )  # fmt: skip
    assert c.school.address == ("2 River Road", "Anytown", "AN1 1AA")
    assert (c.school.email, c.school.attendance_lead) == (
        "office@riverside.example.org", "Ms L. Lead",
    )  # fmt: skip
    assert c.unfilled == ()


def test_a_wrong_answer_left_blank_the_second_time_stays_to_fill_in(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_asks", lambda: True)
    folder = tmp_path / "school"
    # a DfE number of the wrong shape, then Enter; a name with an escape character, then
    # the name; the rest left
    answers = ["Oak\x1b[31m Academy", "Oak Academy", "", "999/20", "", "", "", "", "", "", ""]
    result = CliRunner().invoke(cli.app, ["init", str(folder)], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: holds a control character (U+001B): remove it" in result.output
    assert "Error: expected the local authority's three digits and the school's four" in (
        result.output
    )
    c = load_config(folder / "attcli.toml")
    assert (c.school.name, c.school.dfe_number) == ("Oak Academy", "FILL IN: DfE number")
