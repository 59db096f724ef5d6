"""The README and docs/, followed word for word on a fresh clone by a school office
(sweep of 5 December (third), fresh): docs/decisions.md, "The README and docs/ in real
hands on a fresh clone"."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from clirun import run_cli

REPO = Path(__file__).resolve().parent.parent


def readme_example_commands() -> list[list[str]]:
    """Every command of the README's code blocks that runs on the shipped examples, as
    written (a ``$ `` prompt taken off), with whether the README quotes it failing."""
    found, inside = [], False
    for line in (REPO / "README.md").read_text("utf-8").splitlines():
        if line.strip().startswith("```"):
            inside = not inside
            continue
        line = line.strip().removeprefix("$ ")
        if inside and line.startswith("attcli ") and "examples/exports/" in line:
            found.append(shlex.split(line)[1:])
    return found


def test_every_readme_example_runs_after_the_first_days_init(tmp_path, monkeypatch) -> None:
    """Someone who followed "Your first day" has their own school's workspace in the user
    folder (step 2's ``attcli init``). Every later README command on the example school
    must still run, so it names the example's workspace: the cme example left out
    ``--config examples/attcli.toml`` and was refused ("lies in the workspace ...
    examples (Oakfield Academy ...), not this run's (Riverside Primary School ...)")."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-12-05")  # the day this sweep ran them
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    for name in ("attcli-history.sqlite3", "attcli-history.sqlite3.lock"):
        (tmp_path / "examples" / name).unlink(missing_ok=True)
    monkeypatch.chdir(tmp_path)
    text = (REPO / "README.md").read_text("utf-8")
    init = next(
        shlex.split(line.strip())[1:]
        for line in text.split("## Your first day", 1)[1].splitlines()
        if line.strip().startswith("attcli init ")
    )
    assert run_cli(*init)[0] == 0
    commands = readme_example_commands()
    assert any(c[0] == "cme" for c in commands) and len(commands) >= 15
    for words in commands:
        quoted_error = any(w.startswith("31/13") for w in words)  # the README's bad date
        code, out, err = run_cli(*words)
        assert code == (1 if quoted_error else 0), (" ".join(words), re.sub(r"\s+", " ", err)[-300:])
        assert "lies in the workspace" not in err


HELD_REASON = (
    "10 of 13 absence sessions this school year are I or M: 8 I (illness), 2 M (medical "
    "or dental appointment); looked after (the register's Looked After column): agree a "
    "letter warning of meetings, fines or prosecution with the social worker and the "
    "Virtual School Head (the Personal Education Plan) first"
)


def _held(width: int, reason: str = HELD_REASON) -> list[str]:
    import io

    from rich.console import Console

    from attcli.terminal import print_rows

    sink = io.StringIO()
    rows = [("W999290818928", "Jordan D'Souza", "red", reason),
            ("Q999290818915", "Oliwia Kowalska", "penalty_notice_warning", "20 N marks")]  # fmt: skip
    print_rows(Console(file=sink, width=width, no_color=True), "Held for review",
               ("UPN", "pupil", "letter", "why"), rows, whole=(3,))  # fmt: skip
    return [line.rstrip() for line in sink.getvalue().splitlines()]


def test_a_reason_column_is_never_squeezed_to_a_sliver_at_80_columns() -> None:
    """`attcli letters --dry-run` on the example, at 80 columns: the held-for-review table
    gave its "why" column 18 cells, so one pupil's reason ran down 31 lines beside three
    near-empty columns (a UPN, a name, a letter's name fitted, so it was a table). A
    column of attcli's own sentences needs 30 cells (or its longest value) for a table;
    short of that each row is a block, the reason under the pupil, read across the line."""
    lines = _held(80)
    assert not any("┃" in line or "│" in line for line in lines)
    assert lines[1] == "W999290818928  Jordan D'Souza"
    said = " ".join(line.strip() for line in lines[2:lines.index("Q999290818915  Oliwia Kowalska")])
    assert said == f"letter: red; why: {HELD_REASON}"
    assert len(lines) <= 9
    # 100 columns (the README's): a table, its reason column at least 30 cells wide
    wide = _held(100)
    assert wide[1].startswith("┏")
    head = next(line for line in wide if "┃ UPN" in line)
    assert len(head.split("┃")[4]) >= 30
    # short reasons leave the table as it was at 80 columns
    short = _held(80, "12 N marks")
    assert short[1].startswith("┏") and all(len(line) <= 80 for line in short)


def test_the_letters_held_list_at_80_columns_is_blocks(tmp_path, monkeypatch) -> None:
    """The README's dry run of letters, as written, at 80 columns: each held letter is a
    block whose reason is read whole across the line."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-12-05")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(
        "letters", "examples/exports/arbor_autumn_2026.csv", "--contacts",
        "examples/exports/contacts.csv", "--config", "examples/attcli.toml", "--out",
        "letters", "--as-of", "2026-11-27", "--dry-run", width=80,
    )  # fmt: skip
    assert code == 0, err
    held = out.split("Held for review", 1)[1]
    assert "┃ why" not in held
    assert "W999290818928  Jordan D'Souza\n    letter: red; why: 10 of 13 absence sessions" in held


def test_every_readme_section_attcli_names_is_a_heading_of_the_readme() -> None:
    """`attcli init` wrote "back it up with this file: see the README's "Workspace"
    section" into every school's attcli.toml; the README has no such heading (it is "The
    school workspace"). Every README section a string of attcli names is a heading."""
    headings = {
        line.lstrip("#").strip()
        for line in (REPO / "README.md").read_text("utf-8").splitlines()
        if line.startswith("#")
    }
    named = set()
    for path in sorted((REPO / "src" / "attcli").rglob("*.py")):
        text = path.read_text("utf-8")
        named |= {m for m in re.findall(r"README's [\"'“‘]([^\"'”’]+)[\"'”’]", text)}
    assert named, "the pattern finds the README's sections attcli names"
    assert sorted(named - headings) == []


def test_letters_out_in_a_folder_it_may_not_make_says_what_to_do(tmp_path, monkeypatch) -> None:
    """`letters --out` a folder the user may not make (an office PC's C:\\Program Files,
    here /sys) said "cannot make the folder /sys/letters: Operation not permitted", the
    system's words; an output file there said "you may not write there; choose a folder you
    can write to". Both say the same now. (A refusal as the OS gives it to an office user:
    this machine runs as root.)"""
    from attcli import output

    def refuse(self, *a, **k):
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(output.OutputError) as info:
        output.make_folder(tmp_path / "ro" / "letters")
    assert str(info.value) == (
        f"cannot make the folder {tmp_path / 'ro' / 'letters'}: you may not write there; "
        "choose a folder you can write to (nothing was written)"
    )


def test_a_relative_name_not_found_says_which_folder_attcli_was_run_in(tmp_path, monkeypatch) -> None:
    """The README's commands run from the wrong folder (inside examples/, say): "error:
    config key '--config': file 'examples/attcli.toml' does not exist; there is no folder
    examples" and "examples/exports/arbor_autumn_2026.csv: no such file. there is no
    folder examples/exports", of folders that are there, a level up. A name given without
    its whole path is looked for from the folder attcli was run in: the line says which."""
    examples = tmp_path / "clone" / "examples"
    shutil.copytree(REPO / "examples", examples)
    monkeypatch.chdir(examples)
    code, out, err = run_cli(
        "check", "examples/exports/arbor_autumn_2026.csv", "--config", "examples/attcli.toml"
    )
    assert code == 1 and err.strip().splitlines()[-1] == (
        "error: config key '--config': file 'examples/attcli.toml' does not exist; there is no "
        f"folder examples in {examples}, the folder attcli was run in"
    )
    code, out, err = run_cli("check", "examples/exports/arbor_autumn_2026.csv")
    assert code == 1 and err.strip().splitlines()[-1] == (
        "error: examples/exports/arbor_autumn_2026.csv: no such file. There is no folder "
        f"examples/exports in {examples}, the folder attcli was run in"
    )
    # a bare name not in the folder attcli was run in
    code, out, err = run_cli("check", "arbor_autumn_2026.csv", "--as-of", "2026-11-20")
    assert code == 1 and err.strip().splitlines()[-1] == (
        "error: arbor_autumn_2026.csv: no such file. It was looked for in "
        f"{examples}, the folder attcli was run in"
    )
    # a whole path is said as before
    code, out, err = run_cli("check", str(tmp_path / "gone" / "r.csv"))
    assert err.strip().splitlines()[-1] == (
        f"error: {tmp_path / 'gone' / 'r.csv'}: no such file. There is no folder {tmp_path / 'gone'}"
    )


def test_an_evidence_pack_says_nothing_of_what_new_compares_with(tmp_path, monkeypatch) -> None:
    """The README's evidence pack (as of 20/11/2026) made after that week's casebook (a run
    as of 15/01/2027 on record) ended "note: a check as of 15/01/2027 is on record, after
    these exports' figures (as of 20/11/2026): NEW and the changes compare with the check 7
    days before them ...": the weekly check's line about its NEW marks, and a pack has no
    NEW and no changes. The pupil view, whose flags are marked NEW, still says it."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2027-01-15")
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    ex = "examples/exports/"
    cfg = ("--config", "examples/attcli.toml")
    code, _, err = run_cli("check", ex + "arbor_autumn_2026.csv", ex + "weekly/arbor_2027-01-15.csv",
                           *cfg, "--record")  # fmt: skip
    assert code == 0, err
    code, _, err = run_cli(
        "evidence", "L999290719909", ex + "arbor_autumn_2026.csv", "--for", "penalty-notice",
        "--contacts", ex + "contacts.csv", *cfg, "--as-of", "2026-11-20", "-o", "pack.pdf",
    )  # fmt: skip
    assert code == 0, err
    said = " ".join(err.split())
    assert "wrote pack.pdf" in said or (tmp_path / "pack.pdf").exists()
    assert "NEW" not in said, said
    code, out, err = run_cli("pupil", "L999290719909", ex + "arbor_autumn_2026.csv", *cfg,
                             "--as-of", "2026-11-20")  # fmt: skip
    assert code == 0, err
    assert "a check as of 15/01/2027 is on record" in " ".join((out + err).split())


def test_the_contacts_export_taken_in_by_a_pattern_is_said_to_be_left_out(tmp_path, monkeypatch) -> None:
    """docs/letters.md's `attcli letters exports/*.csv --contacts contacts.csv`, with the
    contacts export saved in the exports folder (examples/exports/ holds it so): the
    pattern takes it in, and the refusal said "give it as --contacts" to someone who had.
    It says to leave it out of the exports; so for the pupil list."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path / "examples")
    code, out, err = run_cli("letters", "exports/*.csv", "--contacts", "exports/contacts.csv",
                             "--dry-run", "--as-of", "2026-11-27")  # fmt: skip
    last = err.strip().splitlines()[-1]
    assert code == 1 and last.startswith("error: exports/contacts.csv, line 1: this looks like "
                                         "the contacts export")  # fmt: skip
    assert "not a register. Leave it out of the exports (a pattern such as *.csv takes it in " \
        "too) and give it as --contacts (to letters," in last
    code, out, err = run_cli("check", "exports/arbor_autumn_2026.csv", "exports/pupils.csv")
    assert "not a register. Leave it out of the exports (a pattern such as *.csv takes it in " \
        "too) and give it as --pupils;" in err.strip().splitlines()[-1]


def test_an_output_in_a_folder_not_there_says_to_make_it_and_where_it_was_looked_for(
    tmp_path, monkeypatch
) -> None:
    """`check ... -o reports/weekly.xlsx` run from the wrong folder (reports/ is a level
    up) said "the folder reports does not exist", of a folder the office can see, and not
    what to do. It says where a name without its whole path was looked for, and to make
    the folder first or give one that exists; a whole path says the folder as it was given."""
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path / "examples")
    code, out, err = run_cli("check", "exports/arbor_autumn_2026.csv", "-o", "reports/weekly.xlsx")
    assert code == 1 and err.strip().splitlines()[-1] == (
        f"error: the folder reports does not exist in {tmp_path / 'examples'}, the folder "
        "attcli was run in: make it first, or give a folder that exists"
    )
    gone = tmp_path / "gone"
    code, out, err = run_cli("check", "exports/arbor_autumn_2026.csv", "-o", gone / "w.xlsx")
    assert code == 1 and err.strip().splitlines()[-1] == (
        f"error: the folder {gone} does not exist: make it first, or give a folder that exists"
    )
