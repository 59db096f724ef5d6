"""A trust's school's own thresholds (DOMAIN.md 4-7: a school's policy differs by
configuration, never code) and the UPNs two schools give to two children, said by
``check --per-school`` as ``report --trust`` says them (docs/trust.md).

Before, ``[schools.KEY.lateness]`` (and ``penalty_notice``, ``cme``, ``sickness``) was an
unknown key: every school of a trust was judged by the workspace's lateness threshold,
penalty-notice window, CME codes and days, and sickness thresholds.

The registers: 25 school days from Monday 7 September 2026 (to Friday 9 October, all in
Autumn 1), 50 possible sessions a pupil.  ``L\\`` is a day late in the morning (1 late);
every other day present.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from attcli.config import init_text, parse_config
from attcli.errors import ConfigError
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS

DAYS = 25
#: 3 lates in Autumn 1: the workspace's threshold is 4 (DOMAIN.md 4's default), b's 3
THREE_LATES = " ".join(["L\\"] * 3 + ["/\\"] * (DAYS - 3))

SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]

[schools.b]
name = "Beech Primary School"
urn = "100002"
files = ["b-*"]
{b}
"""
B_LATES_3 = "\n[schools.b.lateness]\nthreshold = 3\n"


def trust_workspace(folder, b: str = B_LATES_3):
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    config.write_text(
        init_text(details) + AUTUMN_HALF_TERMS + SCHOOLS.replace("{b}", b), encoding="utf-8"
    )
    return config


def pupil(doc: dict, upn: str) -> dict:
    return next(p for p in doc["pupils"] if p["upn"] == upn)


def test_a_school_s_own_lateness_threshold_flags_its_pupil_with_3_lates(tmp_path):
    """A0000000001A in a and B0000000001A in b: 3 lates each this half term.  b sets lates at
    3 ([schools.b.lateness] threshold = 3): its pupil is flagged (3 >= 3), a's is not (3 <
    the workspace's 4).  Before, b's key was refused as unknown; without it both were
    judged by 4 and neither flagged."""
    config = trust_workspace(tmp_path / "trust")
    a = write_long_csv(register({"A000000000011": THREE_LATES}), tmp_path / "a-autumn.csv",
                       dob=True, groups=True)  # fmt: skip
    b = write_long_csv(register({"B000000000011": THREE_LATES}), tmp_path / "b-autumn.csv",
                       dob=True, groups=True)  # fmt: skip
    out = tmp_path / "out"
    code, _, err = run_cli("check", a, b, "-c", config, "--per-school", out,
                           "--as-of", "2026-10-09", width=2000)  # fmt: skip
    assert code == 0, err
    docs = {k: json.loads((out / f"{k}-check.json").read_text(encoding="utf-8")) for k in "ab"}
    pa, pb = pupil(docs["a"], "A000000000011"), pupil(docs["b"], "B000000000011")
    assert pa["lates_half_term"] == pb["lates_half_term"] == 3
    assert pb["lates_flag"] is True
    assert pa["lates_flag"] is False
    assert docs["b"]["summary"]["groups"]["lates"] == 1
    assert docs["a"]["summary"]["groups"]["lates"] == 0

    # b's own file, without --per-school, runs with b's settings too
    code, stdout, err = run_cli("check", b, "-c", config, "-f", "json",
                                "--as-of", "2026-10-09", width=2000)  # fmt: skip
    assert code == 0, err
    assert pupil(json.loads(stdout), "B000000000011")["lates_flag"] is True


def _cfg(b: str):
    from school import DETAILS as d

    return parse_config(init_text(d) + SCHOOLS.replace("{b}", b))


def test_every_policy_section_may_be_a_school_s_own():
    """Each key of [lateness], [penalty_notice], [cme] and [sickness] under
    [schools.b.<section>] is b's, over the workspace's; a's stay the workspace's (the
    defaults init writes)."""
    cfg = _cfg(
        '\n[schools.b.lateness]\ncodes = ["L"]\nthreshold = 3\n'
        '\n[schools.b.penalty_notice]\ncodes = ["G", "O"]\nsessions = 8\nweeks = 6\n'
        '\n[schools.b.cme]\ncodes = ["N"]\ndays = 5\nsafe_and_well_days = 2\n'
        '\n[schools.b.sickness]\ncodes = ["I", "M"]\nsessions = 20\ndays = 10\n'
    )
    b, a = cfg.for_school("b"), cfg.for_school("a")
    assert (b.late_codes, b.lates_threshold) == (("L",), 3)
    assert (b.pn_codes, b.pn_sessions, b.pn_weeks) == (("G", "O"), 8, 6)
    assert (b.cme_codes, b.cme_days, b.safe_and_well_days) == (("N",), 5, 2)
    assert (b.sickness_codes, b.sickness_sessions, b.sickness_days) == (("I", "M"), 20, 10)
    assert (a.late_codes, a.lates_threshold, a.pn_sessions, a.pn_weeks) == (("L", "U"), 4, 10, 10)
    assert (a.cme_codes, a.cme_days, a.sickness_sessions, a.sickness_days) == (
        ("N", "O", "G"), 10, 30, 15)  # fmt: skip
    # a key b does not give is the workspace's
    only = _cfg("\n[schools.b.penalty_notice]\nweeks = 6\n").for_school("b")
    assert (only.pn_codes, only.pn_sessions, only.pn_weeks) == (("G", "N", "O", "U"), 10, 6)


@pytest.mark.parametrize(
    ("toml", "key", "message"),
    [
        ("\n[schools.b.lateness]\nthreshhold = 3\n", "schools.b.lateness.threshhold",
         "unknown key; [schools.KEY.lateness] takes: codes, threshold"),
        ("\n[schools.b.sickness]\nweeks = 3\n", "schools.b.sickness.weeks",
         "unknown key; [schools.KEY.sickness] takes: codes, days, sessions"),
        ("\n[schools.b.lateness]\nthreshold = 0\n", "schools.b.lateness.threshold",
         "expected a whole number of at least 1, got 0"),
        ('\n[schools.b.penalty_notice]\ncodes = ["/"]\n', "schools.b.penalty_notice.codes",
         "'/' is not a code of unauthorised absence (present); see `attcli codes`"),
        ('\n[schools.b.cme]\ncodes = ["ZZ"]\n', "schools.b.cme.codes",
         "unknown attendance code 'ZZ'; see `attcli codes` for the valid ones"),
        ("\n[schools.b]\nlateness = 3\n", "schools.b.lateness",
         "expected a table: codes, threshold"),
    ],
    ids=["typo", "sickness-weeks", "zero", "present-pn-code", "unknown-code", "not-a-table"],
)  # fmt: skip
def test_a_school_s_bad_policy_key_is_refused_naming_it(toml, key, message):
    toml = toml.replace("[schools.b]\n", "")  # (b's table is open already)
    with pytest.raises(ConfigError) as exc:
        _cfg(toml)
    assert exc.value.key == key
    assert message in str(exc.value)


def test_the_workspace_s_own_sections_are_read_as_before():
    """The same reading for the workspace's [penalty_notice] (its message names its key)."""
    with pytest.raises(ConfigError) as exc:
        parse_config(init_text(DETAILS).replace('codes = ["G", "N", "O", "U"]', 'codes = ["/"]'))
    assert exc.value.key == "penalty_notice.codes"


def test_check_per_school_names_a_upn_two_schools_give_to_two_children(tmp_path):
    """A000000000011 is a's pupil born 01/10/2014 and b's born 05/03/2015: two children (a
    UPN is one child's nationally).  report --trust said so; check --per-school said
    nothing.  Now the same line, one a UPN; a pupil who moved (same name and date of
    birth, B000000000022) is no such UPN."""
    config = trust_workspace(tmp_path / "trust", b="")
    marks = " ".join(["/\\"] * DAYS)
    a = write_long_csv(register({"A000000000011": marks, "B000000000022": marks}),
                       tmp_path / "a-autumn.csv", dob=True, groups=True)  # fmt: skip
    b = write_long_csv(
        register({"A000000000011": marks, "B000000000022": marks},
                 dob={"A000000000011": dt.date(2015, 3, 5)}),
        tmp_path / "b-autumn.csv", dob=True, groups=True,
    )  # fmt: skip
    code, _, err = run_cli("check", a, b, "-c", config, "--per-school", tmp_path / "out",
                           "--as-of", "2026-10-09", width=2000)  # fmt: skip
    assert code == 0, err
    lines = [x for x in err.splitlines() if "UPN" in x and "two different" in x]
    assert lines == [  # the terminal's note, as report --trust prints it
        "note: UPN A000000000011 is two different children's: Ash Primary School "
        "'SurnameA000000000011, ForenameA000000000011' born 01/10/2014; Beech Primary School "
        "'SurnameA000000000011, ForenameA000000000011' born 05/03/2015: a UPN is one child's "
        "nationally: correct it in the MIS of the school where it is wrong"
    ], err


@pytest.mark.parametrize(
    ("b", "own"),
    [
        (B_LATES_3, "details and lateness settings"),
        ("\n[schools.b.penalty_notice]\nsessions = 8\n[schools.b.cme]\ndays = 5\n",
         "details, penalty-notice settings and CME settings"),
        ("half_terms = [{ name = \"Autumn 1\", start = 2026-09-07, end = 2026-10-23 }]\n"
         "[schools.b.register_check]\nthreshold = 85\n",
         "details, term dates and register-check threshold"),
    ],
)
def test_one_school_s_file_says_which_settings_are_the_school_s_own(tmp_path, b, own):
    """A trust school's own file runs with that school's settings over the workspace's,
    and the terminal names which are its own: it said "its own details and term dates"
    for a school that gives no term dates (the workspace's were used)."""
    config = trust_workspace(tmp_path / "trust", b)
    path = write_long_csv(register({"B000000000011": THREE_LATES}), tmp_path / "b-autumn.csv",
                          dob=True, groups=True)  # fmt: skip
    code, _, err = run_cli("check", path, "-c", config, "--as-of", "2026-10-09", "-f", "json",
                           "-o", tmp_path / "b.json", width=2000)  # fmt: skip
    assert code == 0, err
    assert (
        f"b (Beech Primary School): 1 file, with its own {own} ([schools.b]), the rest as the "
        "workspace's"
    ) in err.splitlines()


def test_per_school_names_a_school_s_own_settings_on_its_line(tmp_path):
    """Under --per-school each school's line says what it read and, when it gives more
    than its details, which settings are its own (b's lateness); a's line, none."""
    config = trust_workspace(tmp_path / "trust")
    a = write_long_csv(register({"A000000000011": THREE_LATES}), tmp_path / "a-autumn.csv",
                       dob=True, groups=True)  # fmt: skip
    b = write_long_csv(register({"B000000000011": THREE_LATES}), tmp_path / "b-autumn.csv",
                       dob=True, groups=True)  # fmt: skip
    code, _, err = run_cli("check", a, b, "-c", config, "--per-school", tmp_path / "out",
                           "--as-of", "2026-10-09", width=2000)  # fmt: skip
    assert code == 0, err
    lines = err.splitlines()
    assert "a (Ash Primary School): 1 file" in lines
    assert "b (Beech Primary School): 1 file, with its own lateness settings" in lines
