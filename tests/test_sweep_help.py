"""Sweep "help" (5 December, second): every command's --help says what the command does,
and the command does what its help says.

The register: autumn 2026 from Monday 7 September, 10 school days to Friday 18 September;
A present throughout, P absent (O) every afternoon: 10 of 20 sessions, exactly 50.00%.
"""

from __future__ import annotations

from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

DAYS = 10  # Monday 7 to Friday 18 September 2026


def _school(tmp_path: Path) -> tuple[Path, Path]:
    """(the export, the config) of A (present) and P (absent every afternoon)."""
    reg = register({"A": " ".join(["/\\"] * DAYS), "P": " ".join(["/O"] * DAYS)})
    export = write_long_csv(reg, tmp_path / "autumn.csv", dob=True, groups=True)
    return export, make_workspace(tmp_path / "ws")


def _said(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------- attcli pupil UPN EXPORT...


def test_the_pupil_shorthand_takes_its_options_before_the_upn_too(tmp_path: Path) -> None:
    """`attcli pupil --help` says "attcli pupil UPN EXPORT... shows their record (the same
    as attcli pupil show UPN EXPORT...); --pdf FILE writes their attendance certificate".
    Every other command takes its options anywhere on the line, so `attcli pupil --pdf
    cert.pdf P autumn.csv` (and --as-of, -c, before the UPN) must be the same as with the
    options after the exports: it was "No such option: --pdf; see `attcli pupil --help`",
    of the option that help names."""
    export, config = _school(tmp_path)
    code, after, err = run_cli("pupil", "P", export, "-c", config, "--as-of", "2026-09-11")
    assert code == 0, err
    assert "50.0%" in after  # 5 of 10 sessions to Friday 11 September
    code, before, err = run_cli("pupil", "-c", config, "--as-of", "2026-09-11", "P", export)
    assert code == 0, err
    assert before == after
    cert = tmp_path / "cert.pdf"
    code, _, err = run_cli("pupil", "--pdf", cert, "-c", config, "P", export)
    assert code == 0, err
    assert cert.read_bytes().startswith(b"%PDF")
    # the group's own --help is still the group's (its commands listed), and an option no
    # command has is refused naming the command that would take it
    code, out, _ = run_cli("pupil", "--help", width=80)
    assert code == 0 and "merge" in out and "show" in out
    code, _, err = run_cli("pupil", "--bogus", "P", export)
    assert code != 0 and "--bogus" in err and "Traceback" not in err


# ------------------------------------------------------------------ help at 80 columns


def test_no_option_s_help_shows_the_option_checker_s_own_words() -> None:
    """`attcli cme --help` gave --days's value as "int range [x>=1]", Typer's words for an
    option with a minimum, where every other option names its value as the office would
    (DATE, FILE, WEEKS: `cases --weeks` was fixed for this at stop 50).  At 80 columns no
    command's help shows Typer's own type names."""
    from test_sweep_docs import commands

    shown = []
    for path, _ in commands():
        code, out, _ = run_cli(*path, "--help", width=80)
        assert code == 0
        for word in ("int range", "float range", "INTEGER", "FLOAT", "BOOLEAN", " PATH "):
            if word in out:
                shown.append((" ".join(path), word))
    assert shown == []
    code, out, _ = run_cli("cme", "--help", width=80)
    assert "--days" in out and "DAYS" in out


def test_the_help_of_pn_next_parent_is_of_a_notice_not_yet_issued() -> None:
    """`attcli pn next --help` shared `pn record`'s --parent: "The parent the notice was
    issued to", of a notice that `pn next` asks about before it is issued.  Without
    --contacts the parent is found by the names of the notices on record."""
    code, out, _ = run_cli("pn", "next", "--help", width=80)
    assert code == 0
    text = _said(out.replace("│", " "))
    assert "was issued to" not in text
    assert "The parent the next notice would be to" in text
    code, out, _ = run_cli("pn", "record", "--help", width=80)
    assert "The parent the notice was issued to" in _said(out.replace("│", " "))


# ------------------------------------------------------------------ --per-school DIR

TRUST = (
    '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
    '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n'
)


def _trust(tmp_path: Path) -> tuple[list[Path], Path, Path]:
    """(the two schools' exports, the trust's config, the contacts): at each school a pupil
    present throughout and one absent (O) every session of the 10 school days."""
    from school import contacts_file

    exports = []
    for key in ("oak", "ash"):
        reg = register(
            {f"{key.upper()}1": " ".join(["/\\"] * DAYS), f"{key.upper()}2": " ".join(["O"] * DAYS)}
        )
        exports.append(write_long_csv(reg, tmp_path / f"{key}-autumn.csv", dob=True, groups=True))
    config = make_workspace(tmp_path / "ws", TRUST)
    contacts = contacts_file(
        tmp_path / "contacts.csv", [("OAK2", "C1", "Mrs", "Ann", "Oak"), ("ASH2", "C2", "Mr", "Bob", "Ash")]
    )
    return exports, config, contacts


def test_a_dry_run_per_school_makes_no_folder(tmp_path: Path) -> None:
    """`--dry-run`'s help: "write nothing" (letters), "write no file and record nothing"
    (la-return).  With --per-school DIR the folder DIR was made before the run, empty
    (and left behind by a run refused, as letters dated long after the register are)."""
    exports, config, contacts = _trust(tmp_path)
    code, out, err = run_cli(
        "la-return", *exports, "-c", config, "--month", "2026-09", "--per-school",
        tmp_path / "returns", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "OAK2" in out and "ASH2" in out  # each school's return shown
    assert not (tmp_path / "returns").exists()
    code, out, err = run_cli(
        "letters", *exports, "-c", config, "--contacts", contacts, "--as-of", "2026-09-18",
        "--per-school", tmp_path / "letters", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "OAK2" in out and "ASH2" in out
    assert not (tmp_path / "letters").exists()
    # without --dry-run the folder is made, as the help says
    code, _, err = run_cli(
        "la-return", *exports, "-c", config, "--month", "2026-09", "--per-school",
        tmp_path / "returns",
    )  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "returns").iterdir()) == [
        "ash-la-return-2026-09.xlsx",
        "oak-la-return-2026-09.xlsx",
    ]


def test_a_school_s_return_under_per_school_is_named_by_the_month_not_as_typed(
    tmp_path: Path,
) -> None:
    """--month takes 2026-9 (and spaces round it) as September 2026, and a school's own run
    writes la-return-2026-09.xlsx; under --per-school the files were named by the text
    typed, oak-la-return-2026-9.xlsx (docs/trust.md: oak-la-return-2026-11.xlsx), so
    September's return typed two ways was two files, and next month's ran beside neither."""
    exports, config, _ = _trust(tmp_path)
    code, _, err = run_cli(
        "la-return", *exports, "-c", config, "--month", " 2026-9 ", "--per-school", tmp_path / "r"
    )
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == [
        "ash-la-return-2026-09.xlsx",
        "oak-la-return-2026-09.xlsx",
    ]


def test_the_help_of_per_school_names_the_file_each_school_gets(tmp_path: Path) -> None:
    """--format's help says "default: from the --output file's extension, else table",
    and --per-school's only "one output a school, in DIR": `check --per-school DIR` writes
    each school's check as JSON (KEY-check.json), `cme --per-school` as CSV, neither a
    table, and nothing on screen said which.  Each command's help now names the file a
    school gets (docs/trust.md's names), and the files are those."""
    helps = {
        ("check",): "KEY-check.json",
        ("cme",): "KEY-cme.csv",
        ("register-check",): "KEY-register-check-TERM.xlsx",
        ("la-return",): "KEY-la-return-YYYY-MM.xlsx",
        ("letters",): "DIR/KEY",
    }
    for words, name in helps.items():
        code, out, _ = run_cli(*words, "--help", width=80)
        assert code == 0
        text = _said(out.replace("│", " "))
        per = text[text.index("--per-school") :]
        assert name in per.split("--", 2)[1], (words, per[:200])
    exports, config, _ = _trust(tmp_path)
    for command, name in (("check", "oak-check.json"), ("cme", "oak-cme.csv")):
        code, _, err = run_cli(command, *exports, "-c", config, "--per-school", tmp_path / command)
        assert code == 0, err
        assert (tmp_path / command / name).is_file()


# ------------------------------------------------------------------ defaults the help gives


def test_the_help_gives_the_defaults_the_commands_use(tmp_path: Path) -> None:
    """Defaults docs/la-return.md and docs/evidence.md give and the help did not:
    `la-return --since` writes la-return-DATE.xlsx (the help: "default:
    la-return-YYYY-MM.xlsx" only); a notice to improve's period is 3 school weeks unless
    --weeks says (the help: "3 to 6 weeks", no default), and what counts as improvement
    is no unauthorised absence and every absence explained on its first day unless
    --improvement says."""
    export, config = _school(tmp_path)
    code, _, err = run_cli(
        "la-return", export, "-c", config, "--month", "2026-09", "--as-of", "2026-09-11",
        "-o", tmp_path / "first.xlsx",
    )  # fmt: skip
    assert code == 0, err
    run_in = tmp_path / "here"
    run_in.mkdir()
    import os

    old = os.getcwd()
    os.chdir(run_in)
    try:
        code, _, err = run_cli("la-return", export, "-c", config, "--since")
    finally:
        os.chdir(old)
    assert code == 0, err
    assert [p.name for p in run_in.iterdir()] == ["la-return-2026-09-18.xlsx"]
    code, out, _ = run_cli("la-return", "--help", width=80)
    assert "la-return-DATE.xlsx with --since" in _said(out.replace("│", " "))

    code, out, _ = run_cli("evidence", "--help", width=80)
    text = _said(out.replace("│", " "))
    assert (
        "3 to 6 school weeks (default: the ladder's notice_to_improve stage's, else 3)" in text
    )
    from attcli.evidence.build import DEFAULT_IMPROVEMENT

    assert (
        "what counts as improvement (default: the ladder's notice_to_improve stage's rule, "
        f"else {DEFAULT_IMPROVEMENT})"
    ) in text


# ------------------------------------------------------------------ case list


def test_case_list_counts_its_void_records_as_pn_list_does(tmp_path: Path) -> None:
    """`case list --help`: "Every casebook record (oldest first), voided ones marked". With
    two records and one of them void, the table listed both under "Casebook records: 1",
    a count that is not of the rows below it; `pn list` says "Penalty notices recorded: 1
    (and 1 void)"."""
    export, config = _school(tmp_path)
    code, _, err = run_cli("cases", export, "-c", config)
    assert code == 0, err
    for date in ("2026-09-14", "2026-09-18"):
        code, _, err = run_cli(
            "case", "record", "P", "-c", config, "--action", "severe", "--date", date
        )
        assert code == 0, err
    code, _, err = run_cli("case", "void", "1", "-c", config, "--reason", "recorded in error")
    assert code == 0, err
    code, out, err = run_cli("case", "list", "-c", config)
    assert code == 0, err
    assert "Casebook records: 1 (and 1 void)" in out
    assert out.count("P ") >= 2 and "VOID" in out  # both listed, the void one marked


# ------------------------------------------------------------------ docs run as written


def test_docs_letters_pn_record_runs_as_written(tmp_path: Path) -> None:
    """docs/letters.md gave `attcli pn record A123456789012 --parent "Mrs A Wójcik" --date
    2026-11-20 --note "LA ref 4471"`: no export and no --contacts, both required (the
    help's EXPORT... and --contacts [required]), so it was "Missing argument 'EXPORT...'".
    Run here on the example school, its UPN, parent and files in place of the doc's."""
    import re
    import shlex
    import shutil

    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "letters.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("attcli pn record "))
    words = shlex.split(line)[1:]
    example = root / "examples"
    shutil.copy(example / "attcli.toml", tmp_path / "attcli.toml")
    swap = {
        "A123456789012": "L999290719909",
        "Mrs A Wójcik": "Mrs Joanne Doyle",
        "exports/*.csv": str(example / "exports" / "arbor_autumn_2026.csv"),
        "contacts.csv": str(example / "exports" / "contacts.csv"),
    }
    args = [swap.get(w, w) for w in words]
    assert not any(re.fullmatch(r"\[.*\]", w) for w in args)
    code, out, err = run_cli(*args, "-c", tmp_path / "attcli.toml")
    assert code == 0, err
    code, out, err = run_cli("pn", "list", "-c", tmp_path / "attcli.toml")
    assert "LA ref 4471" in out and "Mrs Joanne Doyle" in out


def test_case_record_action_s_help_names_the_default_ladder_s_stages(tmp_path: Path) -> None:
    """`case record --action`'s help said "The stage's name in attcli.toml"; a workspace with
    the default ladder (the config `attcli init` writes, no [escalation]) has no stage in
    the file, and its stages (the bands' letters, then la_referral) are taken."""
    export, config = _school(tmp_path)
    assert "[escalation]" not in config.read_text(encoding="utf-8").replace("# [escalation]", "")
    code, _, err = run_cli("cases", export, "-c", config)
    assert code == 0, err
    code, _, err = run_cli(
        "case", "record", "P", "-c", config, "--action", "la_referral", "--date", "2026-09-18"
    )
    assert code == 0, err
    code, out, _ = run_cli("case", "record", "--help", width=80)
    text = _said(out.replace("│", " "))
    assert "The stage's name in attcli.toml." not in text
    assert "the default ladder's" in text and "attcli cases" in text


# ------------------------------------------------------------------ check --record


def test_check_record_with_no_workspace_is_refused_before_the_check_is_written(
    tmp_path: Path, monkeypatch
) -> None:
    """--record: "Store this run's figures in the workspace". With no workspace at all the
    check ran, wrote -o's file ("wrote c.json") or printed its table, and then failed
    (exit 1, "no school workspace ..."): a run that fails having written its output, the
    file there and nothing recorded.  It is refused first, as an output that exists is,
    and nothing is written."""
    export, _ = _school(tmp_path)
    monkeypatch.chdir(tmp_path)  # (no attcli.toml here, and conftest's user folder is empty)
    out_file = tmp_path / "c.json"
    code, out, err = run_cli("check", export, "--record", "-o", out_file)
    assert code == 1
    assert err.strip().startswith("error: no school workspace"), err
    assert len(err.strip().splitlines()) == 1, err
    assert not out_file.exists()
    code, out, err = run_cli("check", export, "--record")
    assert code == 1 and out == "", out


# ------------------------------------------------------------------ register-check --year


def test_register_check_s_year_advice_is_a_year_the_term_takes(tmp_path: Path) -> None:
    """`register-check --term spring --year 2025/26` on 2026/27's exports said "give --year
    2026", which --term spring refuses ("--year 2026 with --term spring: ... write --year
    2025/26 or 2026/27"). The advice is written as the help writes a year, 2026/27, and
    followed it runs (here to the refusal that the exports hold no spring term, which is
    about the data, not the year)."""
    export, config = _school(tmp_path)
    code, _, err = run_cli(
        "register-check", export, "-c", config, "--term", "spring", "--year", "2025/26",
        "-o", tmp_path / "rc.xlsx",
    )  # fmt: skip
    assert code == 1
    line = _said(err)
    assert "--year 2025/26:" in line and "give --year 2026/27," in line, line
    code, _, err = run_cli(
        "register-check", export, "-c", config, "--term", "spring", "--year", "2026/27",
        "-o", tmp_path / "rc.xlsx",
    )  # fmt: skip
    assert code == 1 and "no spring term 2026/27" in _said(err), err
