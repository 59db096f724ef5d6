"""The office's slips, a ninth pass (sweep of 7 December, slips9): a trust's `pn next`
without the contacts, a year group's export made into the LA's files, `check --contacts`,
a new Year 7's letters with its year's contacts alone (docs/decisions.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clirun import run_cli


def test_a_trusts_pn_next_by_name_without_contacts_counts_that_schools_notices_alone(
    tmp_path: Path,
) -> None:
    """Oak Trust: Ash and Birch each number pupils from 1001 and contacts from 501.  On
    record: a notice to Ash's contact 501 (Mrs Ann Ash) about Ash's 1001, and one to
    Birch's 501 (Mr Ben Birch) about Birch's 1001: two parents, two children, one notice
    each.  `pn next 1001 --parent "Mrs Ann Ash"` without --contacts went by the name to the
    key id:501 and counted it across the trust: two notices, "none: alternative action"
    (leftovers17 fixed the count with --contacts only).  Her next is a second (DOMAIN.md 5:
    per parent, per child).  By the id alone the two schools cannot be told apart: refused
    in one line, never a count of two people's notices."""
    from attcli.config import load_config
    from attcli.store import History, Parent, history_path
    from test_sweep_trustids import _trust

    config, _, _ = _trust(tmp_path)
    with History(history_path(load_config(config)), write=True) as store:
        store.record_notice("1001", Parent("id:501", "Mrs Ann Ash"), dt.date(2026, 9, 25), school="a")
        store.record_notice("1001", Parent("id:501", "Mr Ben Birch"), dt.date(2026, 9, 28), school="b")
    ask = ("pn", "next", "1001", "-c", config, "--date", "2026-10-02")
    code, out, err = run_cli(*ask, "--parent", "Mrs Ann Ash")
    assert code == 0, err
    assert out.startswith("second"), out + err
    code, out, err = run_cli(*ask, "--parent", "501")
    assert code == 1 and not out, out + err
    assert "two schools" in err and "--contacts" in err, err


def test_the_las_files_of_one_year_groups_export_after_a_whole_school_run_are_refused(
    tmp_path: Path,
) -> None:
    """The office recorded the weekly check of the whole school (Year 7's 10 pupils and
    Year 8's 12, to Fri 2 Oct) and then, with the MIS's filter still on Year 7 from the
    letters, exported again for the LA.  Year 8's RUN has 10 school days of `N` from Mon
    14 Sep to Fri 25 Sep, a run the return must report (DOMAIN.md 6, 10+ school days).
    The September return and the autumn register check were written and recorded from
    Year 7 alone:
    "Unauthorised absence, 10+ school days in a row: none", a file for the LA missing
    RUN, unsaid.  Each is refused in one line naming the groups left out; from the whole
    school's export the return lists RUN.  The trust's summary, named as the school's, is
    refused the same.  `cme` (the safeguarding lead's screen) lists
    none from Year 7's and now says in a note whom it leaves out."""
    import polars as pl

    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    p = "/\\ "
    y7 = register({f"A{i:02d}": p * 20 for i in range(10)}, year_group="7")
    y8 = register(
        {"RUN": p * 5 + "N " * 10 + p * 5, **{f"B{i:02d}": p * 20 for i in range(11)}}, year_group="8"
    )
    whole = write_long_csv(pl.concat([y7, y8]), tmp_path / "whole.csv", groups=True)
    year7 = write_long_csv(y7, tmp_path / "year7.csv", groups=True)
    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    code, _, err = run_cli("check", whole, "-c", config, "--record")
    assert code == 0, err
    ret = ("la-return", "--month", "2026-09", "-c", config)
    code, out, err = run_cli(*ret, year7, "-o", tmp_path / "sep7.csv")
    assert code == 1, out + err
    said = "no return: 12 pupils of the check recorded as of 02/10/2026 are in none of these exports: "
    assert said + "all of Year 8 (a filtered export?)" in err, err
    assert not (tmp_path / "sep7.csv").exists()
    code, out, err = run_cli(
        "register-check", year7, "--term", "autumn", "--as-of", "2026-10-02", "-c", config,
        "-o", tmp_path / "rc.csv",
    )  # fmt: skip
    assert code == 1 and "no register check: 12 pupils" in err, out + err
    # the figures for the trust, named as the school's: the same
    code, out, err = run_cli("summary", year7, "-c", config, "-o", tmp_path / "s.summary.json")
    assert code == 1 and "no summary: 12 pupils of the check recorded" in err, out + err
    assert "the summary for the trust covers the whole school" in " ".join(err.split()), err
    code, out, err = run_cli(*ret, whole, "-o", tmp_path / "sep.csv")
    assert code == 0, err
    assert "RUN" in (tmp_path / "sep.csv").read_text(encoding="utf-8-sig")
    # the designated safeguarding lead's list from the same export: not refused (a screen),
    # but it said "none" of RUN's 10 days without a word of Year 8 left out
    code, out, err = run_cli("cme", year7, "--days", "10", "--as-of", "2026-10-02", "-c", config)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "12 pupils of the check recorded as of 02/10/2026 are in none of these exports: all of Year 8" in said
    assert "any absence of theirs is not listed here" in said, said


def test_a_new_year_7s_letters_with_its_years_contacts_alone_say_to_give_the_schools_contacts(
    tmp_path: Path, monkeypatch
) -> None:
    """September: the run on record is last year's whole school (10 pupils; as of
    26/09/2025 here, July's in life), and the office exports the new Year 7 alone (10
    pupils, all new, from Thu 3 Sep 2026: `O` the first 5 days of 10, 50.0 %, severe) with
    the MIS's contacts filtered the same way.  Refused as another school's (slips8's rule, kept: nothing ties these pupils to the
    school), but the line's one remedy was "give that school's workspace": the office is
    in it, and had no way on.  The school's whole contacts export does tie them (slips8: a
    year group's export with the school's contacts runs): the line now says so, and so
    given, the 10 letters run.  Run from the workspace's folder with `-c attcli.toml`, the
    line named the workspace "(.)": it names the folder."""
    from builders import register_rows, token_rows, weekdays, write_long_csv
    from school import make_workspace
    from test_sweep_slips5 import YEARS, YEARS_TOML

    config = make_workspace(tmp_path / "school", YEARS_TOML)
    last = weekdays(YEARS[0][1], YEARS[0][2])[:20]  # (a run of last year: a month's will do)
    this = [d for _, a, b in YEARS[6:] for d in weekdays(a, b)][:10]
    july = [r for i in range(10) for r in token_rows(f"OLD{i}", last, " ".join(["/\\"] * len(last)))]
    sept = [r for i in range(10) for r in token_rows(f"NEW{i}", this, "O " * 5 + "/\\ " * 5)]
    code, _, err = run_cli("check", write_long_csv(register_rows(july), tmp_path / "july.csv"), "-c", config, "--record")
    assert code == 0, err
    export = write_long_csv(register_rows(sept), tmp_path / "year7.csv")
    heads = "UPN,Contact ID,Contact Forename,Contact Surname,Relationship,Priority,"
    heads += "Parental Responsibility,Address Line 1,Town,Postcode\n"
    row = "{u},{i},Pat,Parent{u},Mother,1,Yes,{i} Road,Town,AN1 1AA\n"
    year7 = tmp_path / "contacts_y7.csv"
    year7.write_text(heads + "".join(row.format(u=f"NEW{i}", i=100 + i) for i in range(10)))
    whole = tmp_path / "contacts.csv"
    whole.write_text(year7.read_text() + "".join(row.format(u=f"OLD{i}", i=200 + i) for i in range(10)))
    ask = ("letters", export, "--out", tmp_path / "out", "--dry-run", "--as-of", "2026-09-16")
    monkeypatch.chdir(config.parent)
    code, out, err = run_cli(*ask, "-c", "attcli.toml", "--contacts", year7)
    assert code == 1, out + err
    assert f"this workspace ({config.parent}) is Riverside" in " ".join(err.split()), err
    ask += ("-c", config)
    assert "or the contacts: if these are another school's exports" in err, err
    assert "if they are one year group's, of pupils all new since then" in err, err
    assert "give the school's whole contacts export as --contacts" in err, err
    code, out, err = run_cli(*ask, "--contacts", whole)
    assert code == 0, err
    assert "10 letters would be written" in out + err, out + err


def test_check_given_contacts_says_it_reads_none_and_which_commands_do(tmp_path: Path) -> None:
    """The office types the weekly check as it types the letters, `--contacts` and all:
    "No such option: --contacts" read as a typing slip, or as attcli not knowing its own
    option.  The line says the check reads no contacts and which commands do (exit 2, a
    usage error, nothing run)."""
    from builders import register, write_long_csv

    export = write_long_csv(register({"A": "/\\ " * 5}), tmp_path / "reg.csv")
    code, out, err = run_cli("check", export, "--contacts", tmp_path / "contacts.csv")
    said = " ".join(err.split())
    assert code == 2 and not out, said
    assert said == (
        "error: No such option: --contacts (attcli check reads no contacts export; these "
        "commands do: attcli cases, cme, evidence, la-return, letters, pn next, pn record, "
        "pupil and register-check); see `attcli check --help`"
    )


def test_a_relative_attcli_workspace_run_from_another_folder_is_not_told_to_make_a_new_one(
    tmp_path: Path, monkeypatch
) -> None:
    """The office set ATTCLI_WORKSPACE=Attendance (no whole path) in the folder above the
    workspace, then ran the check from Downloads: "ATTCLI_WORKSPACE 'Attendance': no such
    folder; make the workspace with `attcli --workspace Attendance init`", which makes a
    second workspace, and a second history of the same school, in Downloads.  A relative
    folder is read from the folder attcli runs in: the line says so, names that folder,
    and asks for the whole path; no `init` offered for a folder set in the environment."""
    from builders import register, write_long_csv
    from school import make_workspace

    make_workspace(tmp_path / "Attendance")
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    export = write_long_csv(register({"A": "/\\ " * 5}), downloads / "reg.csv")
    monkeypatch.chdir(downloads)
    monkeypatch.setenv("ATTCLI_WORKSPACE", "Attendance")
    code, out, err = run_cli("check", export)
    said = " ".join(err.split())
    assert code == 1 and not out, said
    assert said == (
        f"error: ATTCLI_WORKSPACE 'Attendance': no such folder in {downloads} (the folder "
        "attcli was run from, where a folder named without its whole path is looked for): "
        "set ATTCLI_WORKSPACE to the workspace's whole path (the folder holding its "
        "attcli.toml)"
    )
    monkeypatch.chdir(tmp_path)  # (from the folder above: the workspace, as before)
    assert run_cli("check", export)[0] == 0
