"""One school's rules on another school's children (review trust6, docs/trust.md and
docs/decisions.md "Exports of several schools").

Bands (DOMAIN.md 3), the CME list (6) and the register check's threshold (8) are each
school's own configuration.  Read with one config, a register of several schools judged
every child by one school's rules, with nothing said:

- a one-school workspace given a shared export of two schools (check, cme, cases, ...):
  the other school's pupils listed as this school's, under this school's bands, and
  recorded in its history;
- a trust's workspace given its shared export without ``--per-school``: every school's
  pupils under the trust's default bands, no school named;
- ``register-check`` of a trust's school: the trust's 90 % threshold, not the school's 93 %
  (``[schools.KEY.register_check]`` was an unknown key).

The registers: 25 school days from Monday 7 September 2026 (to Friday 9 October), 50
possible sessions a pupil.  ``I`` is a day of illness (2 authorised absences), ``/I`` half
a day (1); every other day present.
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from attcli.config import init_text, parse_config
from attcli.errors import AttcliError
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS, make_workspace

DAYS = 25


def marks(absent_days: int, half_days: int = 0) -> str:
    """A pupil's 25 days: ``absent_days`` days ill, ``half_days`` half days ill."""
    present = DAYS - absent_days - half_days
    return " ".join(["I"] * absent_days + ["/I"] * half_days + ["/\\"] * present)


#: Riverside: R1 47 of 50 = 94.0 % (3 absences), R2 all 50
RIVERSIDE = {"R999100000001": marks(1, 1), "R999100000002": marks(0)}
#: Hillside: H1 46 of 50 = 92.0 %, H2 47 of 50 = 94.0 %, H3 45 of 50 = 90.0 %
HILLSIDE = {
    "H999200000001": marks(2),
    "H999200000002": marks(1, 1),
    "H999200000003": marks(2, 1),
}


def export(path, *schools: tuple[str, dict[str, str]]):
    """A long CSV with a School column holding each part's school."""
    reg = pl.concat([register(p, school=name) for name, p in schools])
    return write_long_csv(reg, path, dob=True, groups=True, school=True)


def one_line_error(code: int, err: str) -> str:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


# -------------------------------------------------------------- a one-school workspace

ONE_SCHOOL = (
    "error: the exports hold 2 schools (Hillside Primary School, Riverside Primary School): "
    "this workspace is one school's; give that school's export, or use the trust's "
    "workspace with --per-school"
)


@pytest.mark.parametrize(
    "command",
    [
        ["check", "EXPORT"],
        ["check", "EXPORT", "--record"],
        ["check", "EXPORT", "-o", "OUT/check.csv"],
        ["cme", "EXPORT", "-o", "OUT/cme.csv"],
        ["cases", "EXPORT"],
        ["pupil", "H999200000001", "EXPORT"],
        ["summary", "EXPORT", "-o", "OUT/s.json"],
        ["report", "EXPORT", "-o", "OUT/r.html"],
    ],
    ids=lambda c: "-".join(x.strip("-") for x in c if x != "EXPORT").replace("OUT/", ""),
)
def test_a_one_school_workspace_refuses_a_shared_export_of_two_schools(tmp_path, command):
    """Riverside's workspace, the trust's export of Riverside and Hillside: check listed
    Hillside's H3 (90.0 %) as Riverside's red pupil and H1 (92.0 %) green under
    Riverside's bands, --record stored them in Riverside's history, cme put Hillside's
    children in Riverside's CME file.  Refused in one line naming the schools, before
    anything is read into the history or written."""
    ws = tmp_path / "ws"
    config = make_workspace(ws, AUTUMN_HALF_TERMS)
    shared = export(tmp_path / "trust.csv", ("Riverside Primary School", RIVERSIDE),
                    ("Hillside Primary School", HILLSIDE))  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    args = [str(shared) if a == "EXPORT" else a.replace("OUT", str(out)) for a in command]
    code, stdout, err = run_cli(*args, "-c", config, width=2000)
    assert one_line_error(code, err) == ONE_SCHOOL
    assert stdout == ""
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in ws.iterdir()) == ["attcli.toml"]  # no history


def test_one_school_s_rows_of_a_shared_export_still_run(tmp_path):
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    mine = export(tmp_path / "riverside.csv", ("Riverside Primary School", RIVERSIDE))
    code, out, err = run_cli("check", mine, "-c", config, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["summary"]["pupils"] == 2


# ------------------------------------------------------------------ a trust's workspace

#: riv has its own bands (seed 003's: green at 95 %, amber from 90 %); hill the default
#: ones (green at 92 %) and its own register-check threshold (seed 004: 93 % or less)
SCHOOLS = """
[schools.riv]
name = "Riverside Primary School"
urn = "100001"
files = ["riv-*"]

[[schools.riv.bands]]
name = "green"
at_least = 95

[[schools.riv.bands]]
name = "amber"
at_least = 90
letter = "amber"

[[schools.riv.bands]]
name = "red"
above = 50
letter = "red"

[[schools.riv.bands]]
name = "severe"
letter = "severe"

[schools.hill]
name = "Hillside Primary School"
urn = "100002"
files = ["hill-*"]
{hill}
"""
HILL_93 = "\n[schools.hill.register_check]\nthreshold = 93\ninclusive = true\n"


def trust_workspace(folder, hill: str = HILL_93):
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    config.write_text(
        init_text(details) + AUTUMN_HALF_TERMS + SCHOOLS.replace("{hill}", hill),
        encoding="utf-8",
    )
    return config


def test_a_trust_s_shared_export_of_two_schools_needs_per_school(tmp_path):
    """The trust's export without --per-school: every pupil was banded by the trust's
    default bands (R1's 94.0 % green, riv's own bands make it amber), the text named no
    school.  A list of several schools' pupils each under other rules, with one history,
    is not what a trust's attendance lead acts on: each school's own list is, which
    --per-school writes.  Refused in one line, before anything is recorded."""
    config = trust_workspace(tmp_path / "trust", hill="")
    shared = export(tmp_path / "trust-autumn.csv", ("Riverside Primary School", RIVERSIDE),
                    ("Hillside Primary School", HILLSIDE))  # fmt: skip
    for command in (["check", "--record"], ["cme"], ["cases"], ["summary"]):
        line = one_line_error(*run_cli(*command, shared, "-c", config, width=2000)[::2])
        assert line == (
            "error: the exports hold 2 schools (Hillside Primary School, Riverside Primary "
            "School): each school's pupils are judged by its own [schools.KEY] settings "
            "(bands, term dates, thresholds), so one output of them all is no school's; "
            "run with --per-school DIR (check, cme, register-check, la-return, letters: one "
            "output a school), or give one school's own export"
        ), command
    assert sorted(p.name for p in (tmp_path / "trust").iterdir()) == ["attcli.toml"]

    # --per-school: each school's pupils under its own bands
    out = tmp_path / "out"
    code, _, err = run_cli("check", shared, "-c", config, "--per-school", out, width=2000)
    assert code == 0, err
    riv = json.loads((out / "riv-check.json").read_text(encoding="utf-8"))
    hill = json.loads((out / "hill-check.json").read_text(encoding="utf-8"))
    band = {p["upn"]: p["band"] for doc in (riv, hill) for p in doc["pupils"]}
    assert band["R999100000001"] == "amber"  # 94.0 %: riv's amber (90 <= a < 95)
    assert band["H999200000002"] == "green"  # 94.0 %: the default green (>= 92)
    assert band["H999200000003"] == "red"  # 90.0 %: the default red (<= 90)


def test_a_trust_s_shared_export_of_one_school_is_not_read_with_the_trust_s_rules(tmp_path):
    """A shared export holding only riv's rows was read with the workspace's settings
    (the trust's bands and name); its file name decides nothing, so it is refused with
    the two ways to run it as riv's."""
    config = trust_workspace(tmp_path / "trust", hill="")
    only = export(tmp_path / "trust-riv.csv", ("Riverside Primary School", RIVERSIDE))
    line = one_line_error(*run_cli("check", only, "-c", config, width=2000)[::2])
    assert line == (
        f"error: {only}: its School column names one school, riv (Riverside Primary "
        "School), but a shared export (no files pattern matches its name) is read with the "
        "trust's settings, not riv's own: give it a name [schools.riv] files matches "
        "(riv-*), or run with --per-school DIR"
    )
    named = export(tmp_path / "riv-autumn.csv", ("Riverside Primary School", RIVERSIDE))
    code, out, err = run_cli("check", named, "-c", config, "-f", "json", width=2000)
    assert code == 0, err
    assert {p["upn"]: p["band"] for p in json.loads(out)["pupils"]}["R999100000001"] == "amber"


def test_a_trust_school_s_file_holding_two_schools_is_refused_as_the_trust_s(tmp_path):
    """riv-autumn.csv (riv's by its name) holding hill's rows too: refused (it ran as
    riv's under riv's config's one-school line, "this workspace is one school's", which
    in a trust's workspace pointed nowhere); the line says what to do: the file is riv's
    by its name, so --per-school would not split it either (sweep trust3)."""
    config = trust_workspace(tmp_path / "trust", hill="")
    both = export(tmp_path / "riv-autumn.csv", ("Riverside Primary School", RIVERSIDE),
                  ("Hillside Primary School", HILLSIDE))  # fmt: skip
    code, _, err = run_cli("check", both, "-c", config, width=2000)
    assert code == 1, err
    assert err.strip().splitlines()[-1] == (
        "error: the exports hold 2 schools (Hillside Primary School, Riverside Primary "
        f"School): {both} is riv's by its file name ([schools.riv] files), and one "
        "school's file is never split; give a trust's export of several schools a name no "
        "school's files pattern matches (it is then split by its School column with "
        "--per-school DIR), or give riv's own export"
    )
    # read with the trust's own config (the library, not the command's riv config): the same
    from attcli.config import load_config
    from attcli.loaders import load_exports

    with pytest.raises(AttcliError, match=r"^the exports hold 2 schools .* is riv's by its file"):
        load_exports([both], load_config(config))


# ------------------------------------------------- a trust's school's register check


#: the autumn term's file so far (the registers end on Friday 9 October)
TERM = ("--term", "autumn", "--as-of", "2026-10-09")


def _listed(csv_text: str) -> list[str]:
    rows = csv_text.lstrip("\ufeff").splitlines()[1:]
    return sorted(r.split(",")[0] for r in rows)


def test_register_check_uses_the_school_s_own_threshold(tmp_path):
    """hill lists every pupil at 93 % or less (seed 004): H1 92.0 % and H3 90.0 %, not H2
    94.0 %.  With the trust's 90 % (the default) only H3 was listed, and
    [schools.hill.register_check] was refused as an unknown key."""
    config = trust_workspace(tmp_path / "trust")
    hill = export(tmp_path / "hill-autumn.csv", ("Hillside Primary School", HILLSIDE))
    out = tmp_path / "rc.csv"
    code, stdout, err = run_cli("register-check", hill, *TERM, "-c", config,
                                "-o", out, width=2000)  # fmt: skip
    assert code == 0, err
    assert _listed(out.read_text(encoding="utf-8")) == ["H999200000001", "H999200000003"]
    assert "2 pupils listed" in stdout
    assert "register check" not in err  # its own threshold: nothing to say

    # --per-school, from the shared export: the same two
    shared = export(tmp_path / "trust-autumn.csv", ("Riverside Primary School", RIVERSIDE),
                    ("Hillside Primary School", HILLSIDE))  # fmt: skip
    folder = tmp_path / "per"
    code, stdout, err = run_cli("register-check", shared, *TERM, "-c", config,
                                "--per-school", folder, width=2000)  # fmt: skip
    assert code == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(folder / "hill-register-check-autumn.xlsx").active
    upns = sorted(str(r[0]) for r in ws.iter_rows(values_only=True) if str(r[0])[:4] == "H999")
    assert upns == ["H999200000001", "H999200000003"]
    assert stdout.count("pupils listed") == 2  # riv's none under 90 %, hill's two
    assert "0 pupils listed" in stdout and "2 pupils listed" in stdout


def test_a_trust_school_without_its_own_threshold_is_told_which_it_runs_with(tmp_path):
    """riv gives no threshold of its own: the workspace's [register_check] (here none: the
    default, 90 % or less) lists R1 (94.0 %) not; the run says whose threshold it used."""
    config = trust_workspace(tmp_path / "trust")
    riv = export(tmp_path / "riv-autumn.csv", ("Riverside Primary School", RIVERSIDE))
    out = tmp_path / "rc.csv"
    code, stdout, err = run_cli("register-check", riv, *TERM, "-c", config,
                                "-o", out, width=2000)  # fmt: skip
    assert code == 0, err
    assert _listed(out.read_text(encoding="utf-8")) == []
    notes = [x for x in err.splitlines() if "[schools.riv.register_check]" in x]
    assert notes == [
        "note: riv (Riverside Primary School): the register check lists pupils at 90 % or "
        "less, the workspace's threshold ([register_check], or the default when it gives "
        "none), not one of riv's own: set [schools.riv.register_check] threshold for the "
        "school's own (docs/trust.md)"
    ], err


def test_a_school_s_register_check_table_takes_the_listing_rule_only():
    base = init_text({**DETAILS, "name": "Oak Trust"}) + SCHOOLS.replace("{hill}", "")
    cfg = parse_config(base + HILL_93)
    ours = dict(cfg.sections.get("register_check", {}))  # the workspace's (its LA file)
    hill = cfg.for_school("hill")
    assert hill.sections["register_check"] == {**ours, "threshold": 93, "inclusive": True}
    assert hill.register_check_key == "schools.hill.register_check"
    riv = cfg.for_school("riv")
    assert riv.sections.get("register_check", {}) == ours
    assert riv.register_check_key == "register_check"
    with pytest.raises(AttcliError, match=r"schools\.hill\.register_check\.bom.*unknown key"):
        parse_config(base + "\n[schools.hill.register_check]\nbom = false\n")
    with pytest.raises(AttcliError, match=r"schools\.hill\.register_check\.threshold.*0-100"):
        parse_config(base + "\n[schools.hill.register_check]\nthreshold = 193\n")
    with pytest.raises(AttcliError, match=r"schools\.hill\.register_check\.inclusive"):
        parse_config(base + "\n[schools.hill.register_check]\ninclusive = \"yes\"\n")
