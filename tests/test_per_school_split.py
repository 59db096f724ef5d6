"""--per-school with a trust's shared export (issue 18): an export no [schools.KEY] files
pattern matches is split by its School column, each school run on its own rows with its own
config, exactly as if its rows had been a file of its own.

The shared export is the example school's Arbor export (204 pupils) twice, once with
School "Oak School" (a school's name) and once "400003" (a URN): the same UPNs in two
schools, which are two sets of pupils, each with the example school's figures."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from clirun import as_in_a_test, run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
ARBOR = EXPORTS / "arbor_autumn_2026.csv"
CONFIG = (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")
SCHOOLS = (
    '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
    '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n'
    '\n[schools.elm]\nname = "Elm School"\nurn = "400002"\ndfe_number = "999/4002"\n'
    'files = ["elm-*"]\n'
)


def arbor_rows() -> tuple[list[str], list[list[str]]]:
    with ARBOR.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def shared_export(path: Path, *values: str, blank: int = 0) -> Path:
    """The Arbor export once per value, with a School column holding it (blank on the first
    ``blank`` rows).  Written as the csv module writes it (CRLF, quoted where needed: the
    same bytes), by Polars: the csv module took 0.17 s a call, a tenth of some tests."""
    arbor = pl.read_csv(ARBOR, infer_schema=False)  # (every cell as its text; empty: null)
    first = pl.int_range(pl.len()) < blank
    school = [pl.when(first).then(None).otherwise(pl.lit(v)).alias("School") for v in values]
    pl.concat(arbor.select(s, pl.all()) for s in school).write_csv(path, line_terminator="\r\n")
    return path


def one_line_error(code: int, err: str) -> str:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.fixture(scope="module")
def trust(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("split")
    cfg = base / "attcli.toml"
    cfg.write_text(CONFIG + SCHOOLS, encoding="utf-8")
    plain = base / "plain" / "attcli.toml"
    plain.parent.mkdir()
    plain.write_text(CONFIG, encoding="utf-8")
    return {
        "base": base,
        "config": cfg,
        "plain": plain,
        "shared": shared_export(base / "trust-autumn.csv", "Oak School", "400003"),
    }


@pytest.fixture(scope="module")
def single_summary(trust) -> dict:
    """The weekly check of the example school's export on its own."""
    out = trust["base"] / "single-check.json"
    code, _, err = run_cli("check", ARBOR, "-c", trust["plain"], "-o", out)
    assert code == 0, err
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert summary["pupils"] == 204 and summary["bands"]["severe"] == 2
    return summary


def test_check_splits_a_shared_export_by_its_school_column(trust, single_summary, tmp_path):
    out = tmp_path / "out"
    code, _, err = run_cli("check", trust["shared"], "-c", trust["config"], "--per-school", out)
    assert code == 0, err
    shared = trust["shared"]
    assert f"oak (Oak School): 204 pupils from {shared} (School column)" in err
    assert f"ash (Ash School): 204 pupils from {shared} (School column)" in err
    assert "no export given for elm" in err
    assert sorted(p.name for p in out.iterdir()) == ["ash-check.json", "oak-check.json"]
    for key in ("oak", "ash"):
        doc = json.loads((out / f"{key}-check.json").read_text(encoding="utf-8"))
        assert doc["summary"] == single_summary, key


def test_cme_and_register_check_split_too(trust, tmp_path):
    from openpyxl import load_workbook

    single = tmp_path / "single"
    single.mkdir()
    code, _, err = run_cli("cme", ARBOR, "-c", trust["plain"], "-o", single / "cme.csv")
    assert code == 0, err
    code, _, err = run_cli("register-check", ARBOR, "--term", "autumn", "-c", trust["plain"],
                           "-o", single / "rc.xlsx")  # fmt: skip
    assert code == 0, err
    out = tmp_path / "out"
    code, _, err = run_cli("cme", trust["shared"], "-c", trust["config"], "--per-school", out)
    assert code == 0, err
    for key in ("oak", "ash"):  # the same runs, byte for byte, as the school on its own
        assert (out / f"{key}-cme.csv").read_bytes() == (single / "cme.csv").read_bytes()
    code, text, err = run_cli("register-check", trust["shared"], "--term", "autumn", "-c",
                              trust["config"], "--per-school", out)  # fmt: skip
    assert code == 0, err
    assert text.count("12 pupils listed for the autumn term 2026/27") == 2

    def rows(path: Path) -> list[tuple]:
        return list(load_workbook(path).active.iter_rows(values_only=True))

    alone = rows(single / "rc.xlsx")
    for key, name, urn in (("oak", "Oak School", "400001"), ("ash", "Ash School", "400003")):
        got = rows(out / f"{key}-register-check-autumn.xlsx")
        assert got[1][:2] == ("School", name) and got[2][:2] == ("URN", urn)
        # the school's details differ; every other row is the school's own file's
        assert [r for r in got if r[0] not in ("School", "URN", "DfE number")] == [
            r for r in alone if r[0] not in ("School", "URN", "DfE number")
        ]


def test_la_return_and_letters_split_too(trust, tmp_path, monkeypatch):
    from attcli.store import History

    base = tmp_path / "ws"
    base.mkdir()
    cfg = base / "attcli.toml"
    cfg.write_text(CONFIG + SCHOOLS, encoding="utf-8")
    out = tmp_path / "out"
    code, text, err = run_cli("la-return", trust["shared"], "--month", "2026-10", "-c", cfg,
                              "--per-school", out)  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "ash-la-return-2026-10.xlsx", "oak-la-return-2026-10.xlsx",
    ]  # fmt: skip
    with History(base / "attcli-history.sqlite3") as store:
        for key in ("oak", "ash"):
            (record,) = store.la_returns(key)
            assert record.exports == str(trust["shared"])  # the file it was made from
    # letters dated the figures' day, as a school dates them: by the tests' default today
    # (31/08/2027) Kai Thompson (Year 11) is past compulsory school age and gets no
    # penalty-notice warning (docs/decisions.md, "A letter asks the age on its own date")
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    # the one contacts file is read once for both schools (it was read again for each
    # school, the whole file each time: 14 s of a 20-school run of 20,000 pupils)
    from attcli import contacts as contacts_module

    # (a file read earlier in this process is kept while it is the same: off here, so what
    # this run reads is counted)
    monkeypatch.setattr(contacts_module, "_KEPT_BYTES", -1)
    reads: list[Path] = []
    real = contacts_module.load_contacts
    monkeypatch.setattr(
        contacts_module, "load_contacts", lambda path, *a, **k: reads.append(path) or real(path, *a, **k)
    )
    code, text, err = run_cli("letters", trust["shared"], "--contacts", EXPORTS / "contacts.csv",
                              "-c", cfg, "--per-school", out, "--dry-run",
                              "--as-of", "2026-12-18")  # fmt: skip
    assert code == 0, err
    # as the example school on its own: 18 letters, 12 held
    assert text.count("dry run: 18 letters would be written") == 2, text
    assert reads == [EXPORTS / "contacts.csv"]


def test_a_school_s_own_file_beside_a_shared_export_of_two_others(trust, single_summary, tmp_path):
    """oak by its files pattern; ash (by its name) and elm (by its DfE number, in another
    case and with spaces) from one shared export."""
    shutil.copy(ARBOR, tmp_path / "oak-autumn.csv")
    shared = shared_export(tmp_path / "rest.csv", "Ash School", " 999/4002 ")
    out = tmp_path / "out"
    code, _, err = run_cli("check", tmp_path / "oak-autumn.csv", shared, "-c", trust["config"],
                           "--per-school", out)  # fmt: skip
    assert code == 0, err
    assert "oak (Oak School): 1 file" in err
    assert f"ash (Ash School): 204 pupils from {shared} (School column)" in err
    assert f"elm (Elm School): 204 pupils from {shared} (School column)" in err
    assert "no export given" not in err
    for key in ("oak", "ash", "elm"):
        doc = json.loads((out / f"{key}-check.json").read_text(encoding="utf-8"))
        assert doc["summary"] == single_summary, key


def test_a_value_that_is_no_school_stops_naming_it(trust, tmp_path):
    shared = shared_export(tmp_path / "trust.csv", "Oak School", "Birch Academy")
    out = tmp_path / "out"
    line = one_line_error(*run_cli("check", shared, "-c", trust["config"], "--per-school", out)[::2])
    assert line == (
        f"error: {shared}: School 'Birch Academy' is not one of [schools] (by key, name, URN "
        "or DfE number). The schools: oak (Oak School, URN 400001), ash (Ash School, URN "
        "400003), elm (Elm School, URN 400002, DfE 999/4002)"
    )
    assert not out.exists()  # nothing written for oak either


def test_a_school_by_file_name_and_by_the_column_stops(trust, tmp_path):
    shutil.copy(ARBOR, tmp_path / "oak-autumn.csv")
    line = one_line_error(*run_cli("check", tmp_path / "oak-autumn.csv", trust["shared"], "-c",
                                   trust["config"], "--per-school", tmp_path / "out")[::2])  # fmt: skip
    assert line.startswith(
        f"error: oak (Oak School): {tmp_path / 'oak-autumn.csv'} matches its files pattern and "
        f"{trust['shared']} has its rows in the School column too; give its marks one way or "
        "the other"
    )


def test_a_shared_export_with_no_school_column_stops_naming_it(trust, tmp_path):
    stray = tmp_path / "stray.csv"
    shutil.copy(ARBOR, stray)
    line = one_line_error(*run_cli("cme", trust["shared"], stray, "-c", trust["config"],
                                   "--per-school", tmp_path / "out")[::2])  # fmt: skip
    assert line == (
        f"error: {trust['config']}: config key 'schools': {stray}: no school's files pattern "
        "matches it, and it has no School column to say whose its rows are; the schools: oak "
        "(oak-*), ash (ash-*), elm (elm-*)"
    )


def test_blank_schools_two_values_for_one_school_and_a_value_of_two_schools_stop(trust, tmp_path):
    blank = shared_export(tmp_path / "blank.csv", "Oak School", blank=3)
    line = one_line_error(*run_cli("check", blank, "-c", trust["config"], "--per-school",
                                   tmp_path / "out")[::2])  # fmt: skip
    assert line.startswith(
        f"error: {blank}, line 2: the School is blank on 3 session rows of this file (the first "
        "here), so whose they are is not known."
    )
    twice = shared_export(tmp_path / "twice.csv", "Oak School", "OAK")
    line = one_line_error(*run_cli("check", twice, "-c", trust["config"], "--per-school",
                                   tmp_path / "out")[::2])  # fmt: skip
    assert line == (
        f"error: {twice}: School 'OAK' and 'Oak School' both name oak (Oak School, URN "
        "400001): a school's rows need one value, or its pupils would be counted twice"
    )
    cfg = tmp_path / "attcli.toml"  # a school whose key is another's name
    cfg.write_text(CONFIG + SCHOOLS + '\n[schools.ash2]\nname = "oak"\nfiles = ["x-*"]\n',
                   encoding="utf-8")  # fmt: skip
    one = shared_export(tmp_path / "one.csv", "Oak")
    line = one_line_error(*run_cli("check", one, "-c", cfg, "--per-school",
                                   tmp_path / "out")[::2])  # fmt: skip
    assert line.startswith(
        f"error: {one}: School 'Oak' names more than one of [schools]: oak (Oak School, URN "
        "400001) and ash2 (oak)."
    )


def test_the_shared_load_gets_the_pupil_list(trust, tmp_path):
    """A shared export keyed by MIS id: the register check needs each pupil's UPN, which
    only the pupil list (--pupils) gives, so it must reach the shared load."""
    head, body = arbor_rows()
    upn, surname, forename, dob = (head.index(h) for h in ("UPN", "Legal Surname",
                                                           "Legal Forename", "Date of Birth"))  # fmt: skip
    ids = {u: str(1000 + i) for i, u in enumerate(sorted({r[upn] for r in body}))}
    shared = tmp_path / "trust.csv"
    listed = tmp_path / "pupils.csv"
    with shared.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["School", "MIS ID", *(h for i, h in enumerate(head) if i != upn)])
        for value in ("Oak School", "Ash School"):
            for r in body:
                w.writerow([value, ids[r[upn]], *(c for i, c in enumerate(r) if i != upn)])
    with listed.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["MIS ID", "UPN", "Surname", "Forename", "Date of Birth"])
        seen = set()
        for r in body:
            if r[upn] not in seen:
                seen.add(r[upn])
                w.writerow([ids[r[upn]], r[upn], r[surname], r[forename], r[dob]])
    out = tmp_path / "out"
    args = ["register-check", shared, "--term", "autumn", "-c", trust["config"], "--per-school",
            out]  # fmt: skip
    code, text, err = run_cli(*args, "--pupils", listed)
    assert code == 0, err
    assert text.count("12 pupils listed for the autumn term 2026/27") == 2
    code, _, err = run_cli(*args, "--force")  # (the first run's files are there)
    assert code == 1 and err.strip().splitlines()[-1].startswith(
        "error: register-check needs each pupil's UPN and name"
    )


def test_the_shared_load_reads_what_each_school_s_own_load_reads(trust, tmp_path):
    """The commands run a school at a time (check, cme, the register check, the LA return,
    letters) have no pupil attribute (gender, SEN, FSM, ...) in any output, and load a
    school's own exports without those columns; the shared export was loaded with them:
    six more columns read (a third more memory at 20,000 pupils in 20 schools), and a cell
    there that is no yes/no value stopped the trust's run where the school's own ran."""
    head, body = arbor_rows()
    fsm = head.index("FSM Eligible")
    body[5][fsm] = "maybe"
    own = tmp_path / "own.csv"
    with own.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([head, *body])
    code, _, err = run_cli("check", own, "-c", trust["plain"], "-o", tmp_path / "own.json")
    assert code == 0, err  # the school's own check reads no FSM column
    shared = tmp_path / "trust.csv"
    with shared.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["School", *head])
        for value in ("Oak School", "400003"):
            w.writerows([value, *r] for r in body)
    for command in (["check"], ["cme"], ["register-check", "--term", "autumn"]):
        out = tmp_path / command[0]
        code, _, err = run_cli(*command, shared, "-c", trust["config"], "--per-school", out)
        assert code == 0, err
        assert len(list(out.iterdir())) == 2
    mine = json.loads((tmp_path / "check" / "oak-check.json").read_text(encoding="utf-8"))
    alone = json.loads((tmp_path / "own.json").read_text(encoding="utf-8"))
    # the same pupils and figures, each with its school's key (the run is a trust's; the
    # key, not the School cell's text, which varies from export to export)
    assert {p.pop("school") for p in mine["pupils"]} == {"oak"}
    assert mine["pupils"] == alone["pupils"]


def test_the_contacts_and_the_pupil_list_are_read_once_for_every_school(
    trust, tmp_path, monkeypatch
):
    """The files given on the command line for every school (--contacts, --pupils) were
    read again for each school, the whole file each time: a local authority's 50 schools
    read a 100,000-pupil contacts file 50 times. Read once in a run a school at a time,
    each school's output as before; a run of one school reads them as it did."""
    from attcli import contacts as contacts_module
    from attcli import loaders

    head, body = arbor_rows()
    listed = tmp_path / "pupils.csv"
    upn = head.index("UPN")
    with listed.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN"])
        w.writerows([u] for u in sorted({r[upn] for r in body}))
    monkeypatch.setattr(contacts_module, "_KEPT_BYTES", -1)  # (as above: each run's reads)
    reads: list[str] = []
    for module, name in ((contacts_module, "load_contacts"), (loaders, "read_pupil_list")):
        real = getattr(module, name)
        monkeypatch.setattr(
            module, name,
            lambda path, *a, _real=real, _name=name, **k: reads.append(_name) or _real(path, *a, **k),
        )  # fmt: skip
    book = ["--contacts", EXPORTS / "contacts.csv", "--pupils", listed]
    for command in (["cme"], ["register-check", "--term", "autumn"]):
        reads.clear()
        out = tmp_path / command[0]
        code, _, err = run_cli(*command, trust["shared"], *book, "-c", trust["config"],
                               "--per-school", out)  # fmt: skip
        assert code == 0, err
        assert len(list(out.iterdir())) == 2  # oak and ash, each from its own rows
        assert sorted(reads) == ["load_contacts", "read_pupil_list"], command
    # and the same files as each school's run gave before: the cme list with contacts
    reads.clear()
    code, _, err = run_cli("cme", ARBOR, *book, "-c", trust["plain"], "-o", tmp_path / "one.csv")
    assert code == 0, err
    assert sorted(reads) == ["load_contacts", "read_pupil_list"]
    assert (tmp_path / "cme" / "oak-cme.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


def test_load_result_for_school_keeps_the_school_s_rows():
    from attcli.loaders import CORRECTION_SCHEMA, ROLL_DATES_SCHEMA, LoadResult, obtain
    from attcli.register import empty_register

    day = dt.date(2026, 9, 9)
    reg = pl.concat(
        [
            empty_register(),
            pl.DataFrame(
                {
                    "school": ["Oak", "Ash", "Oak", None],
                    "upn": ["A1", "A1", "A2", "A3"],
                    "date": [day] * 4,
                    "session": ["AM"] * 4,
                    "mark": ["/", "N", "/", "/"],
                    "line": [2, 3, 4, 5],
                }
            ),
        ],
        how="diagonal_relaxed",
    ).select(empty_register().columns)
    corrections = pl.DataFrame(
        [("Ash", "A1", day, "AM", "N", "O", "b.csv", "a.csv")], schema=CORRECTION_SCHEMA,
        orient="row",
    )  # fmt: skip
    roll = pl.DataFrame([("Oak", "A2", day, None), ("Ash", "A1", None, None)],
                        schema=ROLL_DATES_SCHEMA, orient="row")  # fmt: skip
    loaded = LoadResult(reg, ["a.csv: a note"], [], corrections=corrections, roll_dates=roll)
    oak = loaded.for_school(["Oak"])
    assert oak.register.select("upn", "line").rows() == [("A1", 2), ("A2", 4)]
    assert oak.register.schema == reg.schema
    assert oak.corrections.height == 0
    assert oak.roll_dates.get_column("upn").to_list() == ["A2"]
    assert oak.warnings == ["a.csv: a note"] and oak.warnings is not loaded.warnings
    ash = loaded.for_school(["Ash"])
    assert ash.register.get_column("upn").to_list() == ["A1"]
    assert ash.corrections.get_column("now").to_list() == ["O"]
    assert loaded.register.height == 4  # the whole load is left as it was
    assert obtain(oak, None) is oak  # type: ignore[arg-type]  # a load is used as it is


@pytest.mark.parametrize("dtype", [pl.Categorical, pl.Utf8])
def test_a_shared_export_is_split_once_not_filtered_a_school_at_a_time(dtype):
    """A local authority's export of 50 schools: each school's part was the whole register
    filtered (every row read once a school; 7 s of a 100,000-pupil, 50-school check). The
    register is now split once, on the first school asked for, and each part is exactly
    the rows the filter kept, in the register's order: counted on the split made (one for
    any number of schools) and compared row for row."""
    from attcli.loaders import LoadResult
    from attcli.register import empty_register

    day = dt.date(2026, 9, 9)
    schools = ["Oak", "Ash", None, "Elm", "Oak", "Elm", "Oak", "Ash", "Elm", "Oak"]
    reg = pl.concat(
        [
            empty_register(),
            pl.DataFrame(
                {
                    "school": schools,
                    "upn": [f"A{i % 4}" for i in range(len(schools))],
                    "date": [day + dt.timedelta(days=i // 4) for i in range(len(schools))],
                    "session": ["AM", "PM"] * (len(schools) // 2),
                    "mark": ["/"] * len(schools),
                    "line": list(range(2, 2 + len(schools))),
                }
            ),
        ],
        how="diagonal_relaxed",
    ).select(empty_register().columns).with_columns(pl.col("school").cast(dtype))
    loaded = LoadResult(reg)
    made = []
    split = loaded.school_groups

    def counted():
        made.append(loaded._groups is None)
        return split()

    loaded.school_groups = counted  # type: ignore[method-assign]
    for values in (["Oak"], ["Ash"], ["Elm"], ["Elm", "Oak"], ["Zed"], []):
        part = loaded.for_school(values)
        assert part.register.schema == reg.schema
        assert part.register.equals(reg.filter(pl.col("school").is_in(values)))
    assert made == [True, False, False, False, False, False]  # split on the first only
    assert loaded.for_school(["Oak"]).register.get_column("line").to_list() == [2, 6, 8, 11]
    # a register replaced is split again (never another register's row numbers)
    loaded.register = reg.head(5)
    assert loaded.for_school(["Oak"]).register.get_column("line").to_list() == [2, 6]
    assert loaded._groups is not None and loaded._groups[0] is loaded.register


def test_two_schools_files_without_per_school_are_refused_not_read_as_one(trust, tmp_path):
    """A trust's workspace, two schools' files by their patterns, no --per-school: read
    together they were one school's register (a pupil who moved from one to the other
    counted once, at both schools' sessions, with no note). Refused; one school's files run
    with that school's settings, as --per-school would, and the terminal says so."""
    oak = shutil.copy(ARBOR, tmp_path / "oak-autumn.csv")
    ash = shutil.copy(ARBOR, tmp_path / "ash-autumn.csv")
    for command in (["check"], ["cme"], ["pupil", "R999205715159"], ["summary"]):
        line = one_line_error(*run_cli(*command, oak, ash, "-c", trust["config"])[::2])
        assert line == (
            "error: these exports are more than one school's (oak: oak-autumn.csv; ash: "
            "ash-autumn.csv): read together they would be one school's register (a pupil who "
            "moved between them counted once, across both); give one school's exports, or "
            "--per-school DIR to run each school on its own where the command takes it "
            "(check, cme, register-check, la-return, letters; docs/trust.md)"
        ), command
    line = one_line_error(*run_cli("check", oak, trust["shared"], "-c", trust["config"])[::2])
    assert "(oak: oak-autumn.csv; a shared export: trust-autumn.csv)" in line
    # one school's file runs with that school's details (a summary for the trust carried
    # the workspace's name and URN, and said to use --per-school, which summary lacks)
    out = tmp_path / "oak.summary.json"
    code, _, err = run_cli("summary", oak, "-c", trust["config"], "-o", out, width=400)
    assert code == 0, err
    # (oak gives no term dates of its own: the line said it did)
    assert (
        "oak (Oak School): 1 file, with its own details ([schools.oak]), the rest as the "
        "workspace's"
    ) in " ".join(err.split())
    school = json.loads(out.read_text(encoding="utf-8"))["school"]
    assert (school["name"], school["urn"]) == ("Oak School", "400001")
    code, out, err = run_cli("check", oak, "-c", trust["config"], "-f", "json", width=400)
    assert code == 0 and "oak (Oak School): 1 file" in err, err


def test_a_school_s_run_compares_with_its_own_last_run_not_another_school_s(trust, tmp_path):
    """Snapshots carry the trust school's key: oak's check compared with ash's snapshot
    (recorded later, as of the same date), and showed oak's red pupils as NEW."""
    from attcli.config import load_config
    from attcli.snapshots import latest_before, store_snapshot

    cfg = tmp_path / "attcli.toml"
    cfg.write_text(trust["config"].read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(cfg)
    oak, ash = config.for_school("oak"), config.for_school("ash")
    history = tmp_path / "attcli-history.sqlite3"
    row = ("", "A1", 9, 10, "red", ["band:red"], None, None, 1)
    store_snapshot(history, dt.date(2026, 11, 6), ["oak-autumn.csv"], [row], school="oak")
    green = (*row[:4], "green", [], None, None, 0)
    store_snapshot(history, dt.date(2026, 11, 6), ["ash-autumn.csv"], [green], school="ash")
    found = latest_before(oak, dt.date(2026, 11, 13))
    assert found is not None and found.pupils.get_column("band").to_list() == ["red"]
    assert latest_before(ash, dt.date(2026, 11, 13)).pupils.get_column("band").to_list() == ["green"]
    assert latest_before(config, dt.date(2026, 11, 13)) is None  # the workspace's own: none


def test_a_note_said_for_an_earlier_school_is_said_again_in_one_line(
    trust, tmp_path, monkeypatch
):
    """A local authority's run of 50 schools said the note on an as-of date after today,
    three lines at 80 columns, under every school: 150 lines of the same words.  A note
    said in full for an earlier school of the run is said again under each later school it
    concerns, in one line naming the school it was said for (so no school's section hides
    it); a note that is only that school's is said in full, and nothing is said outside a
    per-school run differently."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-01")
    note = (
        "note: the as-of date 18/12/2026 is after today (01/12/2026): marks for days still "
        "to come (leave entered ahead) count as if they had happened; pass --as-of "
        "2026-12-01 for the figures as they stand today"
    )
    code, _, err = run_cli("check", trust["shared"], "-c", trust["config"], "--per-school",
                           tmp_path / "out", width=400)  # fmt: skip
    assert code == 0, err
    oak, ash = err.split("ash (Ash School): ")
    assert note in oak and note not in ash
    again = [line for line in ash.splitlines() if "the as-of date" in line]
    assert again == ["note: as for oak above: the as-of date 18/12/2026 is after today …"]
    # each of oak's notes is said under ash once, in one line (the two schools' rows are
    # the same: so are their notes)
    said = [line for line in oak.splitlines() if line.startswith("note: ")]
    repeated = [line for line in ash.splitlines() if line.startswith("note: as for oak above: ")]
    assert len(said) == len(repeated) >= 2
    assert all(len(line) <= 80 for line in repeated)
    # the school's own run: the note in full
    code, _, err = run_cli("check", ARBOR, "-c", trust["plain"], "-o", tmp_path / "one.json",
                           width=400)  # fmt: skip
    assert code == 0 and note in err and "as for" not in err


def _letters(cfg: Path, export: Path, *where: str | Path) -> str:
    """``attcli letters`` as of Fri 18/12/2026 with the example's contacts: what it said."""
    code, out, err = run_cli(
        "letters", export, "--contacts", EXPORTS / "contacts.csv", "-c", cfg,
        "--as-of", "2026-12-18", *where,
    )  # fmt: skip
    assert code == 0, err
    return " ".join((out + err).split())


def _la_return(config: Path, export: Path, month: str, *more: str | Path) -> str:
    code, out, err = run_cli(
        "la-return", export, "-c", config, "--month", month, "--per-school",
        config.parent / f"r-{month}-{export.stem}", *more,
    )  # fmt: skip
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def named_history(tmp_path_factory) -> tuple[Path, str]:
    """A trust's workspace (``attcli.toml``: oak, ash, elm) whose history holds the letters
    written from the export naming the schools ("Oak School", "400003": ``trust-names.csv``;
    ``trust-keys.csv`` names them by key) and November's LA return from it; and another
    workspace of the trust (``other/``) with that November's return only.  Made once, as in
    a test, for the tests of the history's keys, each of which copies it before it writes
    (both began with these letters and this return, the first with the other workspace's
    too: a quarter of their time); and what the letters said."""
    base = tmp_path_factory.mktemp("named")
    with as_in_a_test(base):
        cfg = base / "attcli.toml"
        cfg.write_text(CONFIG + SCHOOLS, encoding="utf-8")
        by_name = shared_export(base / "trust-names.csv", "Oak School", "400003")
        shared_export(base / "trust-keys.csv", "OAK", "ash")
        first = _letters(cfg, by_name, "--per-school", base / "l1")
        other = base / "other" / "attcli.toml"
        other.parent.mkdir()
        other.write_text(CONFIG + SCHOOLS, encoding="utf-8")
        for config in (cfg, other):
            _la_return(config, by_name, "2026-11")
    return base, first


def test_the_history_knows_a_school_by_its_key_whatever_the_export_calls_it(
    named_history, tmp_path
):
    """A found bug: the letters and LA returns recorded each pupil's school as the School
    cell said it ("Oak School", or "oak", or nothing in the school's own file), so a month
    whose export named the schools by key sent every letter again in the same half term
    and reported every run to the LA as new again. The history keys a school by its
    [schools.KEY], however an export names it."""
    shutil.copytree(named_history[0], tmp_path, dirs_exist_ok=True)
    cfg = tmp_path / "attcli.toml"
    by_name, by_key = tmp_path / "trust-names.csv", tmp_path / "trust-keys.csv"
    own = tmp_path / "oak-autumn.csv"  # the school's own file: no School column
    shutil.copy(ARBOR, own)

    first = named_history[1]  # (the letters from by_name, on record)
    assert first.count("18 letters written") == 2, first
    again = _letters(cfg, by_key, "--per-school", tmp_path / "l2")
    assert "letters written" not in again.replace("0 letters written", ""), again
    assert again.count("18 already sent") == 2 or again.count("already sent") >= 2, again
    alone = _letters(cfg, own, "--out", tmp_path / "l3")
    assert "letters written" not in alone.replace("0 letters written", ""), alone

    # November's return from the export naming the schools (on record in both
    # workspaces), then December's from the one giving their keys: as December's from the
    # names (another workspace, the same November), every run and illness already told
    # continuing, none new again
    other = tmp_path / "other" / "attcli.toml"
    by_keys = _la_return(cfg, by_key, "2026-12", "--dry-run")
    by_names = _la_return(other, by_name, "2026-12", "--dry-run")
    assert "continuing" in by_names and by_keys == by_names


def as_version_15(db) -> None:  # type: ignore[no-untyped-def]
    """A store made now, made to look as version 15 left it: its schema said, and the
    columns later versions add taken out again (17's letters' marks, released_by,
    held_for; 18's table of penalty-notice packs; 19's snapshots' lates; 20's notices'
    school; 21's spans of N sessions back to a row each run, and its index of letters by
    half term, sweep migrate; 22's snapshots' penalty-notice window counts), so that
    opening it runs the migrations from 16 as on a real old store."""
    db.execute("UPDATE meta SET value = '15' WHERE key = 'schema'")
    db.execute("DROP INDEX letters_half_term")  # schema 21's
    db.execute(
        "CREATE TABLE snapshot_n_sessions (snapshot_id INTEGER NOT NULL, school TEXT NOT NULL, "
        "upn TEXT NOT NULL, date TEXT NOT NULL, session TEXT NOT NULL, "
        "PRIMARY KEY (snapshot_id, school, upn, date, session))"
    )  # (schema 9's: a row each run of each span)
    db.execute(
        "INSERT INTO snapshot_n_sessions SELECT s.id, n.school, n.upn, n.date, n.session "
        "FROM snapshot_n_spans n JOIN snapshots s ON s.school = n.run_school "
        "AND s.id >= n.first_id AND (n.last_id IS NULL OR s.id <= n.last_id)"
    )
    db.execute("DROP TABLE snapshot_n_spans")
    for column in ("marks", "released_by", "held_for"):  # schema 17's
        db.execute(f"ALTER TABLE letters DROP COLUMN {column}")
    db.execute("DROP TABLE IF EXISTS evidence_packs")  # schema 18's
    for column in ("lates", "late_codes", "pn_window"):  # schema 19's and 22's
        db.execute(f"ALTER TABLE snapshot_pupils DROP COLUMN {column}")
    db.execute("ALTER TABLE penalty_notices DROP COLUMN school")  # schema 20's


def test_a_history_kept_under_the_school_cell_s_text_is_brought_to_the_keys(
    named_history, tmp_path
):
    """A history written before the keys (version 15: each row under the School cell's
    text) is brought to them: the returns' rows and the snapshots from their own return's
    and snapshot's key, the letters by the school's names when letters next run; the
    next month's export naming the schools by key then finds them."""
    import sqlite3

    # the letters and November's return from the export naming the schools, on record
    shutil.copytree(named_history[0], tmp_path, dirs_exist_ok=True)
    cfg = tmp_path / "attcli.toml"
    by_key = tmp_path / "trust-keys.csv"
    contacts = EXPORTS / "contacts.csv"
    db = sqlite3.connect(tmp_path / "attcli-history.sqlite3")
    with db:  # as the earlier attcli kept them: the School cell's text
        for table in ("letters", "la_return_rows", "snapshot_pupils"):
            db.execute(f"UPDATE {table} SET school = 'Oak School' WHERE school = 'oak'")
            db.execute(f"UPDATE {table} SET school = '400003' WHERE school = 'ash'")
        as_version_15(db)
    assert db.execute("SELECT count(*) FROM letters WHERE school = 'Oak School'").fetchone()[0]
    db.close()
    code, out, err = run_cli("letters", by_key, "--contacts", contacts, "-c", cfg, "--as-of",
                             "2026-12-18", "--per-school", tmp_path / "l2")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert said.count("0 letters written") == 2 or "letters written" not in said, said
    code, out, err = run_cli("la-return", by_key, "-c", cfg, "--month", "2026-12",
                             "--per-school", tmp_path / "r2", "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "continuing" in out and "Pritchard" in out
    db = sqlite3.connect(tmp_path / "attcli-history.sqlite3")
    for table in ("letters", "la_return_rows"):
        schools = {r[0] for r in db.execute(f"SELECT DISTINCT school FROM {table}")}
        assert schools == {"oak", "ash"}, (table, schools)


def test_a_one_school_history_keeps_every_letter_whatever_its_export_called_the_school(
    tmp_path,
):
    """A workspace of one school: every letter on record is its own, whatever School text
    its export had (a tester's 'Oakfield', which the school's name does not match), and a
    pupil's record finds them before any letters run (found by the regression sweep)."""
    import sqlite3

    cfg = tmp_path / "attcli.toml"
    cfg.write_text(CONFIG, encoding="utf-8")
    export = shared_export(tmp_path / "oakfield.csv", "Oakfield")
    contacts = EXPORTS / "contacts.csv"
    letters = ("letters", export, "--contacts", contacts, "-c", cfg, "--as-of", "2026-12-18",
               "--out", tmp_path / "l1")  # fmt: skip
    code, _, err = run_cli(*letters)
    assert code == 0, err
    db = sqlite3.connect(tmp_path / "attcli-history.sqlite3")
    with db:  # as the earlier attcli kept them
        db.execute("UPDATE letters SET school = 'Oakfield'")
        as_version_15(db)
    db.close()
    code, out, err = run_cli("pupil", "U999291016905", export, "-c", cfg)
    assert code == 0, err
    assert "Letters sent: 2" in out, out
    code, out, err = run_cli(*letters)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "0 letters written" in said or "letters written" not in said, said
    assert "18 already sent" in said, said
