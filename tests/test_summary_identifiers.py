"""No identifier from the register reaches a school's summary (issue 18, part 3).

Two registers: the hostile corpus of test_hostile (every name, registration group and
cohort value a hostile string, UPNs that are paths and escape sequences; the pupil list's
gender and SEN columns hold the pupils' names) and the example school (204 pupils, real-
looking names, dates of birth from 2010 to 2021).  For each, every UPN, surname, forename,
full name, registration group and date of birth (in every way a date is written) is looked
for in the summary's text; and, the other way round, every text and date in the summary is
shown to come from somewhere other than a pupil: the format's own words, the school's
config, the calendar.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from attcli.config import band_range, load_config
from attcli.loaders import load_exports
from attcli.summary_file import ABOUT, COHORTS, FORMAT, LEGACY, SESSIONS, WEEKDAYS, YEAR_GROUPS
from clirun import run_cli
from school import make_workspace
from test_hostile import HOSTILE, ODD_UPNS, UPN, build

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "exports"

#: Every key a version-5 summary has, at any depth (its weeks' `missing_marks` is totals' key).
KEYS = {
    "format", "version", "about", "generated", "attcli_version", "school", "period", "definitions",
    "totals", "bands", "previous", "year_groups", "cohorts", "weeks", "weekday_sessions",
    "name", "urn", "dfe_number", "local_authority", "start", "as_of", "half_term", "complete",
    "coverage_note", "min_possible_sessions", "pa_at_most_pct", "sa_at_most_pct", "pupils",
    "banded", "pa", "sa", "possible", "attended", "authorised", "unauthorised", "on_roll",
    "no_band", "missing_marks", "stale_n", "n_within_days", "band", "rule", "year_group", "attribute", "cohort",
    "unknown", "members", "rest", "week_start", "school_days", "weekday", "session",
    "legacy_codes", "code", "sessions", "since_2024_08_19",  # (version 4's)
}  # fmt: skip


def date_forms(d: dt.date) -> set[str]:
    """Every way an export, a person or a program writes a date."""
    return {
        d.isoformat(), f"{d:%d/%m/%Y}", f"{d.day}/{d.month}/{d.year}", f"{d:%d/%m/%y}",
        f"{d:%d-%m-%Y}", f"{d:%d.%m.%Y}", f"{d:%Y%m%d}", f"{d:%Y/%m/%d}", f"{d:%m/%d/%Y}",
        f"{d.day} {d:%B %Y}", f"{d:%d %b %Y}", f"{d.day} {d:%b %Y}",
    }  # fmt: skip


def strings(node, out: list[str], keys: list[str]) -> None:
    """Every text value and every key in the document."""
    if isinstance(node, dict):
        for k, v in node.items():
            keys.append(k)
            strings(v, out, keys)
    elif isinstance(node, list):
        for v in node:
            strings(v, out, keys)
    elif isinstance(node, str):
        out.append(node)


def register_identifiers(exports: list[Path], config: Path) -> dict[str, set]:
    reg = load_exports(exports, load_config(config)).register
    people = reg.select("upn", "surname", "forename", "dob", "reg_group").unique()
    return {
        "upn": set(people.get_column("upn").drop_nulls()),
        "names": {n for c in ("surname", "forename") for n in people.get_column(c).drop_nulls()},
        "full": {f"{s}, {f}" for s, f in people.select("surname", "forename").rows()}
        | {f"{f} {s}" for s, f in people.select("surname", "forename").rows()},
        "reg": set(people.get_column("reg_group").drop_nulls()),
        "dob": set(people.get_column("dob").drop_nulls()),
    }


def assert_nothing_of_a_pupil(text: str, ids: dict[str, set], allowed: set[str] = frozenset()):
    doc = json.loads(text)
    values: list[str] = []
    keys: list[str] = []
    strings(doc, values, keys)
    folded = [v.casefold() for v in values]
    for upn in ids["upn"]:
        assert upn not in text and json.dumps(upn)[1:-1] not in text, upn  # as JSON escapes it
        # UPNs match ignoring case; a short odd one ("NUL") only as a whole value, not in
        # the JSON's own "null"
        assert not any(upn.casefold() in v if len(upn) >= 5 else upn.casefold() == v
                       for v in folded), upn  # fmt: skip
    for name in ids["names"] | ids["full"]:
        if name in allowed:
            continue
        assert name not in values, name
        assert json.dumps(name, ensure_ascii=False)[1:-1] not in text, name
    for group in ids["reg"]:
        assert group not in values, group
    for dob in ids["dob"]:
        for form in date_forms(dob):
            assert form not in text, form
    assert set(keys) <= KEYS, set(keys) - KEYS
    return doc, values


def assert_dates_are_the_schools(doc: dict) -> None:
    """Every date in the summary is the period's, a half term's, the day it was made, or
    the Monday of a calendar week: nothing a pupil has (checked in both ways dates are
    written, ISO and UK)."""
    text = json.dumps(doc)
    found = {dt.date.fromisoformat(m) for m in re.findall(r"\d{4}-\d{2}-\d{2}", text)}
    found |= {dt.datetime.strptime(m, "%d/%m/%Y").date() for m in re.findall(r"\d{2}/\d{2}/\d{4}", text)}  # fmt: skip
    own = {dt.date.fromisoformat(doc[k]) for k in ("generated",)}
    own |= {dt.date.fromisoformat(doc["period"][k]) for k in ("start", "as_of")}
    if doc["previous"]:
        own.add(dt.date.fromisoformat(doc["previous"]["as_of"]))
    weeks = {dt.date.fromisoformat(w["week_start"]) for w in doc["weeks"]}
    assert all(d.weekday() == 0 for d in weeks)
    assert found - own - weeks == set(), found - own - weeks


def closed_world(doc: dict, values: list[str], config_words: set[str]) -> None:
    """Every text in the summary is the format's own or the school's config's."""
    allowed = {FORMAT, ABOUT, doc["attcli_version"], *WEEKDAYS, *SESSIONS, *YEAR_GROUPS, *LEGACY}
    allowed |= {a for a in COHORTS} | {label for labels in COHORTS.values() for label in labels}
    allowed |= config_words
    dates = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    strange = [v for v in values if v not in allowed and not dates.match(v)]
    assert strange == [], strange


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-summary")
    files = build(folder)
    out = folder / "hostile.summary.json"
    code, _, err = run_cli(
        "summary", files["export"], "--pupils", files["pupils"], "-c", files["config"], "-o", out
    )
    assert code == 0, err
    return files, out.read_text(encoding="utf-8")


def test_no_identifier_of_the_hostile_register_is_in_its_summary(hostile):
    files, text = hostile
    ids = register_identifiers([files["export"]], files["config"])
    assert ids["upn"] == set(UPN.values()) | set(ODD_UPNS)
    doc, values = assert_nothing_of_a_pupil(text, ids)
    # the pupil list's gender and SEN columns held the pupils' names: the summary has one
    # "Other" gender cohort and "Any SEN", never the values themselves
    cohorts = [(c["attribute"], c["cohort"]) for c in doc["cohorts"]]
    assert ("gender", "Other") in cohorts and ("sen", "Any SEN") in cohorts
    for value in HOSTILE.values():
        assert value not in values, value
        assert json.dumps(value, ensure_ascii=False)[1:-1] not in text, value
    assert_dates_are_the_schools(doc)
    cfg = load_config(files["config"])
    closed_world(
        doc,
        values,
        {"Oakfield Academy", "123456", "Autumn 1", "Autumn 2"}
        | {b.name for b in cfg.bands}
        | {band_range(cfg.bands, i) for i in range(len(cfg.bands))},
    )


def test_no_identifier_of_the_example_school_is_in_its_summary(tmp_path):
    config = make_workspace(tmp_path / "ws")
    out = tmp_path / "example.summary.json"
    exports = [EXAMPLE / "arbor_autumn_2026.csv"]
    code, _, err = run_cli(
        "summary", *exports, "--pupils", EXAMPLE / "pupils.csv", "-c", config, "-o", out
    )
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    ids = register_identifiers(exports, config)
    assert len(ids["upn"]) == 204 and len(ids["dob"]) > 150
    # "Amber" and "Green" are forenames in the example school and band names in the config:
    # the summary has the bands' names ("green", "amber"), from the config, never a pupil's
    assert {"Amber", "Green"} <= ids["names"]
    doc, values = assert_nothing_of_a_pupil(text, ids)
    assert_dates_are_the_schools(doc)
    cfg = load_config(config)
    closed_world(
        doc,
        values,
        {cfg.school.name, cfg.school.urn, cfg.school.dfe_number, cfg.school.local_authority}
        | {b.name for b in cfg.bands}
        | {band_range(cfg.bands, i) for i in range(len(cfg.bands))}
        | {"Autumn 1", "Autumn 2"},
    )


def test_the_dob_forms_cover_what_exports_write():
    forms = date_forms(dt.date(2014, 10, 1))
    assert {"2014-10-01", "01/10/2014", "1/10/2014", "20141001", "1 October 2014"} <= forms
