"""The shipped ladders (`attcli init --ladder seedNNN`) come with bands that send their
letters, and a ladder whose letter step no band's letter can satisfy is said in one line
(docs/cases.md, "The ladder and the bands"; docs/decisions.md).

A tester's `attcli init --ladder seed004` workspace listed four pupils at 92.3 % under
"Letters to send" (the letter at 93 %) while `attcli letters` wrote none of them: the
preset left the bands at the defaults (green from 92 %), so 92.3 % was green, no letter
was sent, none recorded, the step due for ever; seed003's letters (upper_amber,
lower_amber) were no band's at all.  Neither command said a word.

The registers are hand made (tests/builders.py) from Monday 7 September 2026, the term
dates Autumn 2026's (tests/school.py).
"""

from __future__ import annotations

import csv
import json
from fractions import Fraction
from pathlib import Path

import pytest

from attcli.config import LADDERS, init_text, ladder_text, parse_config
from attcli.ladder import band_of
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS, contacts_file

P = "/\\"  # present, both sessions
O2 = "O"  # unauthorised absence, both sessions
#: 13 school days, 7 to 23 September 2026: 11 present, one day O, one present:
#: 24 of 26 sessions = 92.31 % (at most 93 %: seed 004's letter; above 92 %: green by default)
LETTER = " ".join([P] * 11 + [O2, P])
#: 26 of 26: no letter
FULL = " ".join([P] * 13)
AS_OF = "2026-09-23"
STEP_WORDS = "the ladder's letter step"


def cases_by_upn(cfg: Path, export: Path, as_of: str) -> dict:
    """`attcli cases --format json` as of ``as_of``: each case by its UPN."""
    code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", as_of, "-f", "json")
    assert code == 0, err
    return {c["upn"]: c for c in json.loads(out)["cases"]}


def init_workspace(folder: Path, ladder: str, terms: str = AUTUMN_HALF_TERMS) -> Path:
    """`attcli init FOLDER --ladder LADDER` with every detail given, then the term dates
    (``terms``, TOML)."""
    args = ["init", folder, "--ladder", ladder, "--school", DETAILS["name"]]
    for key in ("urn", "dfe_number", "local_authority", "phone", "email", "headteacher",
                "attendance_lead"):  # fmt: skip
        args += [f"--{key.replace('_', '-')}", DETAILS[key]]
    args += ["--address", ", ".join(DETAILS["address"])]
    code, _, err = run_cli(*args)
    assert code == 0, err
    cfg = folder / "attcli.toml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + terms, encoding="utf-8")
    return cfg


def test_an_init_seed004_workspace_sends_the_93_percent_letter_and_cases_agrees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", AS_OF)  # the letters' date: the figures' day
    cfg = init_workspace(tmp_path / "ws", "seed004")
    export = write_long_csv(register({"ANN": LETTER, "BEN": FULL}), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [("ANN", "C1", "Ms", "Ada", "SurnameANN"), ("BEN", "C2", "Mr", "Bo", "SurnameBEN")],
    )

    def cases() -> dict:
        code, out, err = run_cli("cases", export, "-c", cfg, "--as-of", AS_OF, "-f", "json")
        assert code == 0, err
        assert STEP_WORDS not in err  # the preset's bands send its letter: nothing to say
        return {c["upn"]: c for c in json.loads(out)["cases"]}

    before = cases()
    assert list(before) == ["ANN"]
    assert (before["ANN"]["due"], before["ANN"]["due_stage"]) == ("letter", "letter")
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", AS_OF,
        "--out", tmp_path / "out",
    )  # fmt: skip
    assert code == 0, err
    assert STEP_WORDS not in err
    with (tmp_path / "out" / "manifest.csv").open(encoding="utf-8-sig") as f:
        sent = [(r["upn"], r["template"], r["band"]) for r in csv.DictReader(f)]
    assert sent == [("ANN", "amber", "amber")]
    after = cases()  # the letter sent is the step's record: monitoring, nothing due
    assert after["ANN"]["stage"] == "letter"
    assert after["ANN"]["status"] == "monitoring"
    assert after["ANN"]["due"] is None


def test_an_init_seed003_workspace_sends_upper_and_lower_amber_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")  # the letters' date: the figures' day
    # 20 school days, 7 September to 2 October 2026: CAL 38 of 40 = 95 % (upper amber,
    # 94 to 95.9 %), DAN 37 of 40 = 92.5 % (lower amber, 90 to 93.9 %), EVE 40 of 40
    cfg = init_workspace(tmp_path / "ws", "seed003")
    pupils = {
        "CAL": " ".join([P] * 18 + [O2, P]),
        "DAN": " ".join([P] * 17 + [O2, "/O", P]),
        "EVE": " ".join([P] * 20),
    }
    export = write_long_csv(register(pupils), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Ms", "Ada", f"Surname{u}") for i, u in enumerate(pupils)],
    )
    args = ("-c", cfg, "--as-of", "2026-10-02")
    code, out, err = run_cli("cases", export, *args, "-f", "json")
    assert code == 0, err
    assert STEP_WORDS not in err
    due = {c["upn"]: c["due_stage"] for c in json.loads(out)["cases"]}
    assert due == {"CAL": "upper_amber", "DAN": "lower_amber"}
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, *args, "--out", tmp_path / "out"
    )
    assert code == 0, err
    with (tmp_path / "out" / "manifest.csv").open(encoding="utf-8-sig") as f:
        sent = sorted((r["upn"], r["template"]) for r in csv.DictReader(f))
    assert sent == [("CAL", "upper_amber"), ("DAN", "lower_amber")]
    code, out, err = run_cli("cases", export, *args, "-f", "json")
    assert code == 0, err
    now = {c["upn"]: (c["stage"], c["status"], c["due"]) for c in json.loads(out)["cases"]}
    assert now == {
        "CAL": ("upper_amber", "monitoring", None),
        "DAN": ("lower_amber", "monitoring", None),
    }


def test_seed004_s_bands_draw_the_letter_line_at_93_percent() -> None:
    cfg = parse_config(init_text(DETAILS, ladder="seed004"))
    bands, n = cfg.bands, cfg.min_possible_sessions
    # 93 of 100 is at most 93 %: the letter's band; 9301 of 10000 is above it: green
    assert band_of(93, 100, bands, n) == "amber"
    assert band_of(9301, 10000, bands, n) == "green"
    # 90 of 100 is not below 90 % (the review meeting's line): still the letter's band
    assert band_of(90, 100, bands, n) == "amber"
    assert band_of(89, 100, bands, n) == "red"
    assert cfg.escalation.stage("letter").template == "amber"


def test_seed003_s_bands_are_upper_and_lower_amber_at_96_94_90() -> None:
    cfg = parse_config(init_text(DETAILS, ladder="seed003"))
    bands, n = cfg.bands, cfg.min_possible_sessions
    letters = {b.name: b.letter for b in bands}
    assert letters["upper_amber"] == "upper_amber" and letters["lower_amber"] == "lower_amber"
    # the policy's "Upper 94 - 95.9%", "Lower 90 - 93.9%", "Below 90 %"
    assert band_of(96, 100, bands, n) == "green"
    assert band_of(959, 1000, bands, n) == "upper_amber"
    assert band_of(94, 100, bands, n) == "upper_amber"
    assert band_of(939, 1000, bands, n) == "lower_amber"
    assert band_of(90, 100, bands, n) == "lower_amber"
    assert band_of(899, 1000, bands, n) == "red"


@pytest.mark.parametrize("name", LADDERS)
def test_every_shipped_ladder_s_workspace_sends_its_letters(name: str) -> None:
    from attcli.ladder import unsent_letter_steps

    cfg = parse_config(init_text(DETAILS, ladder=name))
    assert unsent_letter_steps(cfg.escalation, cfg.bands) == []
    # one set of bands, not the defaults' and the preset's both
    assert len({b.name for b in cfg.bands}) == len(cfg.bands)
    # the ladder alone (to copy into an existing attcli.toml) is the [escalation] section
    assert not [x for x in ladder_text(name).splitlines() if x.startswith("[[bands]]")]


def mismatched(tmp_path: Path, bands_and_ladder: str) -> tuple[Path, Path]:
    from school import make_workspace

    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + bands_and_ladder)
    export = write_long_csv(register({"ANN": LETTER, "BEN": FULL}), tmp_path / "reg.csv")
    return cfg, export


#: the seed 004 ladder's letter step with the default bands (green from 92 %)
AT_93 = """
[escalation]
improve_to = 95
[[escalation.stages]]
name = "letter"
action = "letter"
template = "amber"
when_at_most = 93
weeks = 4
[[escalation.stages]]
name = "review"
action = "meeting"
when_at_most = 90
weeks = 4
"""  # (a stage for the red pupils, so that only the letter's top is out of its band)


def test_a_letter_step_above_its_band_is_said_in_one_line_by_cases_and_letters(
    tmp_path: Path,
) -> None:
    cfg, export = mismatched(tmp_path, AT_93)
    code, out, err = run_cli(
        "cases", export, "-c", cfg, "--as-of", AS_OF, "-f", "json", width=2000
    )
    assert code == 0, err
    # still listed: the school may send it by hand (not an error)
    assert [c["upn"] for c in json.loads(out)["cases"]] == ["ANN"]
    said = [line for line in err.splitlines() if STEP_WORDS in line]
    assert len(said) == 1, err
    assert said[0].endswith(
        "the ladder's letter step \"letter\" (attendance at or below 93 %) asks for the "
        "letter \"amber\", which attcli letters sends only to band amber "
        "(above 90 % and below 92 %): a pupil from 92 % to 93 % is due the step and never "
        "sent its letter (bands: green 92 % or more, no letter; amber above 90 % and "
        "below 92 %, letter amber; red above 50 % and at most 90 %, letter red; "
        "severe 50 % or less, letter severe); in attcli.toml draw band green "
        "at above = 93, or set the step's when_below = 92, or send the letter by hand and "
        "record it with attcli case record"
    ), said[0]
    contacts = contacts_file(tmp_path / "contacts.csv", [("ANN", "C1", "Ms", "Ada", "S")])
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", AS_OF, "--dry-run",
        width=2000,
    )
    assert code == 0, err
    assert sum(STEP_WORDS in line for line in (out + err).splitlines()) == 1, out + err


#: seed 003's two amber letters with the default bands: no band sends either
NAMED = """
[escalation]
improve_to = 96
[[escalation.stages]]
name = "upper_amber"
action = "letter"
template = "upper_amber"
when_below = 96
half_terms = 1
[[escalation.stages]]
name = "lower_amber"
action = "letter"
template = "lower_amber"
when_below = 94
half_terms = 1
"""


def test_a_letter_step_no_band_sends_is_said_naming_the_bands(tmp_path: Path) -> None:
    cfg, export = mismatched(tmp_path, NAMED)
    code, _, err = run_cli("cases", export, "-c", cfg, "--as-of", AS_OF, width=2000)
    assert code == 0, err
    said = [" ".join(line.split()) for line in err.splitlines() if STEP_WORDS in line]
    assert len(said) == 2, err
    assert said[0].endswith(
        "the ladder's letter step \"upper_amber\" asks for the letter \"upper_amber\", which "
        "no band sends (bands: green 92 % or more, no letter; amber above 90 % and "
        "below 92 %, letter amber; red above 50 % and at most 90 %, letter red; "
        "severe 50 % or less, letter severe): attcli letters never writes it; in "
        "attcli.toml give the band it is for letter = \"upper_amber\", or set the step's "
        "template to a band's letter, or send the letter by hand and record it with attcli "
        "case record"
    ), said[0]
    assert 'step "lower_amber"' in said[1]


def test_the_default_ladder_and_a_matching_ladder_say_nothing(tmp_path: Path) -> None:
    from attcli.ladder import unsent_letter_steps

    plain = parse_config(AUTUMN_HALF_TERMS)  # the default ladder: made from the bands
    assert unsent_letter_steps(plain.escalation, plain.bands) == []
    # at most 92 with green from 92 inclusive: 92.0 is green, a pupil at 92 % is not due
    at_92_below = parse_config(AT_93.replace("when_at_most = 93", "when_below = 92"))
    assert unsent_letter_steps(at_92_below.escalation, at_92_below.bands) == []
    at_92 = parse_config(AT_93.replace("when_at_most = 93", "when_at_most = 92"))
    assert [x.split(":")[0] for x in unsent_letter_steps(at_92.escalation, at_92.bands)] == [
        "the ladder's letter step \"letter\" (attendance at or below 92 %) asks for the "
        "letter \"amber\", which attcli letters sends only to band amber "
        "(above 90 % and below 92 %)"
    ]
    # a lateness letter step is not a band's: letters sends it to the lates group
    lates = parse_config(
        '[escalation]\n[[escalation.stages]]\nname = "lates"\naction = "letter"\n'
        'template = "lateness"\nwhen_flag = "lates"\nweeks = 4\n'
    )
    assert unsent_letter_steps(lates.escalation, lates.bands, {"lateness"}) == []
    assert Fraction(24 * 100, 26) > 92  # LETTER is above the default green line


BELOW_ITS_BAND = """
[escalation]
[[escalation.stages]]
name = "letter"
action = "letter"
template = "amber"
when_below = 92
half_terms = 2
[[escalation.stages]]
name = "head_meeting"
action = "meeting"
after = "letter"
half_terms = 2
[[escalation.stages]]
name = "pa_plan"
action = "plan"
when_below = {pa}
half_terms = 2
"""


def test_a_letter_step_reaching_below_its_band_with_no_stage_there_is_said() -> None:
    """A found bug (seed 002's ladder as a school wrote it): the amber letter step is due
    below 92 %, the PA plan below 90 %; with the default bands 90.0 % is red. A pupil at
    exactly 90.0 % is due the amber step, is sent the red letter, and no later stage is
    due: the step stayed due every week, nothing said. Below 90 % the PA plan is due, so
    only 90.0 % itself falls between them."""
    from attcli.ladder import unsent_letter_steps

    gap = parse_config(BELOW_ITS_BAND.format(pa=90))
    assert unsent_letter_steps(gap.escalation, gap.bands) == [
        "the ladder's letter step \"letter\" (attendance below 92 %) asks for the letter "
        "\"amber\", which attcli letters sends only to band amber (above 90 % and below 92 %): "
        "a pupil at 90 % is due the step, is sent band red's letter instead and is due no "
        "later stage, so the step stays due (bands: green 92 % or more, no letter; "
        "amber above 90 % and below 92 %, letter amber; red above 50 % and at most 90 %, "
        "letter red; severe 50 % or less, letter severe); in attcli.toml start a later "
        "stage at when_at_most = 90, or send the letter by hand and record it with attcli "
        "case record"
    ]
    # the PA plan at or below 90 %: every pupil under amber is due it, nothing said
    covered = parse_config(BELOW_ITS_BAND.format(pa=90).replace("when_below = 90",
                                                                "when_at_most = 90"))  # fmt: skip
    assert unsent_letter_steps(covered.escalation, covered.bands) == []
    # below 89 %: from 89 % to 90 % falls between
    wider = parse_config(BELOW_ITS_BAND.format(pa=89))
    assert "a pupil from 89 % to 90 % is due the step" in unsent_letter_steps(
        wider.escalation, wider.bands
    )[0]
