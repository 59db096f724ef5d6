"""Sweep trust4 (4 December, sixth): a trust whose schools follow different policies, run
from one trust workspace, worked by hand.

The trust (Oak Trust): 20 school days from Monday 7 September 2026 to Friday 2 October, all
in Autumn 1, 40 sessions a pupil, no INSET day.  Two schools, the same four pupils' marks
in each (each school's own UPNs):

- Ash Primary School ([schools.a]): bands green 92 % or more, amber above 90 % (amber
  letter), red above 50 % (red letter), severe; acts on 4 lates in a half term; the
  default ladder of its bands (amber, red, LA referral).
- Birch Academy ([schools.b]): seed 003's bands (green 96 %, upper amber 94 %, lower amber
  90 %, red above 50 %, severe) and seed 003's ladder (`[schools.b.escalation]`); acts on
  3 lates.

The workspace's own [escalation] is seed 003's too in one test (a trust that copied it
from its secondary): Ash, whose section gives none, then takes it, as documented.

Pupils (present ``/\\``, ``L`` late and present, ``O`` unauthorised absence):

- P1: one day ``O``, three ``L`` mornings: 38 of 40, 95.0 %.  Ash: green, 3 lates (not 4):
  nothing.  Birch: upper amber (94 <= 95 < 96), 3 lates: upper amber letter, lateness
  letter; its ladder's upper_amber stage (below 96) due.
- P2: one day and a morning ``O``, four ``L`` mornings: 37 of 40, 92.5 %.  Ash: green, 4
  lates: lateness letter only.  Birch: lower amber, 4 lates: lower amber and lateness
  letters; lower_amber due (below 94).
- P3: two days ``O``: 36 of 40, 90.0 %.  Ash: red (amber is *above* 90): red letter, the
  default ladder's red stage due.  Birch: lower amber (at least 90): lower amber letter,
  lower_amber due (90 is not below 90: no meeting).
- P4: two days and a morning ``O``: 35 of 40, 87.5 %.  Ash: red letter, red due.  Birch:
  red band, red letter; its ladder's below_90_meeting due.
"""

from __future__ import annotations

import json
from pathlib import Path

from attcli.config import init_text, ladder_text
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS, contacts_file

P = "/\\"
LATE = "L\\"

MARKS = {
    "1": " ".join(["O", LATE, LATE, LATE] + [P] * 16),
    "2": " ".join(["O", "O\\", LATE, LATE, LATE, LATE] + [P] * 14),
    "3": " ".join(["O", "O"] + [P] * 18),
    "4": " ".join(["O", "O", "O\\"] + [P] * 17),
}


def _upn(school: str, n: str) -> str:
    return f"{school.upper()}99900000000{n}"



def _dry_run_letters(out: str) -> list[tuple[str, str]]:
    """(UPN, letter) of each letter a `letters --dry-run` lists (its file names)."""
    return sorted(
        (w.split("_")[0], w.split("_", 3)[3].removesuffix(".pdf"))
        for w in out.split()
        if w.endswith(".pdf")
    )


ASH = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]
address = ["1 Ash Road"]
phone = "01632 960001"
email = "office@ash.example.org"
attendance_lead = "Mrs A. Ash"
[[schools.a.bands]]
name = "green"
at_least = 92
[[schools.a.bands]]
name = "amber"
above = 90
letter = "amber"
[[schools.a.bands]]
name = "red"
above = 50
letter = "red"
[[schools.a.bands]]
name = "severe"
letter = "severe"
[schools.a.lateness]
threshold = 4
"""

BIRCH_HEAD = """
[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
address = ["2 Birch Road"]
phone = "01632 960002"
email = "office@birch.example.org"
attendance_lead = "Mr B. Birch"
[schools.b.lateness]
threshold = 3
"""


def _seed003_bands(prefix: str) -> str:
    """Seed 003's shipped bands, as ``[[PREFIX.bands]]``."""
    from attcli.config import ladder_bands_text

    return ladder_bands_text("seed003").replace("[[bands]]", f"[[{prefix}bands]]")


def _seed003_ladder(prefix: str) -> str:
    """Seed 003's shipped ladder, as ``[PREFIX.escalation]``."""
    return (
        ladder_text("seed003")
        .replace("[escalation]", f"[{prefix}escalation]")
        .replace("[[escalation.stages]]", f"[[{prefix}escalation.stages]]")
    )


BIRCH = BIRCH_HEAD + _seed003_bands("schools.b.") + _seed003_ladder("schools.b.")


def trust(
    tmp_path: Path,
    schools: str = ASH + BIRCH,
    workspace: str = "",
    ladder: str | None = None,
    marks: dict[str, str] = MARKS,
) -> dict[str, Path]:
    """The trust's workspace (``ladder``: the workspace's, as `attcli init --ladder`
    writes it), each school's export and the contacts."""
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details, ladder=ladder).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + workspace + schools, encoding="utf-8")
    out = {"config": config}
    upns = []
    for s, name in (("a", "Ash Primary School"), ("b", "Birch Academy")):
        pupils = {_upn(s, n): m for n, m in marks.items()}
        upns += list(pupils)
        out[s] = write_long_csv(
            register(pupils, school=name), tmp_path / f"{s}-autumn.csv", dob=True, groups=True
        )
    out["contacts"] = contacts_file(
        tmp_path / "contacts.csv",
        [(u, f"C{i}", "Mrs", "Parent", f"Of{u[-3:]}") for i, u in enumerate(upns)],
    )
    return out


def _cases(cfg: Path, export: Path) -> dict:
    code, out, err = run_cli("cases", export, "-c", cfg, "-f", "json")
    assert code == 0, err
    return json.loads(out)


def test_each_school_of_a_trust_is_judged_by_its_own_bands_lates_and_ladder(
    tmp_path, monkeypatch
):
    """A found gap: a trust's [escalation] was every school's, and a school's section
    could not give its own (`[schools.b.escalation]` was "unknown key"), so a trust of a
    92/90/50 primary and a seed 003 secondary ran one ladder for both.  Each school now
    takes its own ladder; the same pupils' figures give each school's own flags, letters
    and stages in one run (the module docstring works them by hand)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path)
    out_dir = tmp_path / "out"
    code, out, err = run_cli("check", t["a"], t["b"], "-c", t["config"], "--per-school",
                             out_dir, "-f", "json")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "b (Birch Academy): 1 file, with its own bands, escalation ladder and lateness" in said
    got = {}
    for s in "ab":
        pupils = json.loads((out_dir / f"{s}-check.json").read_text())["pupils"]
        got[s] = {p["upn"][-1]: (str(p["attendance_pct"]), p["band"], p["lates_flag"])
                  for p in pupils}  # fmt: skip
    assert got["a"] == {
        "1": ("95.0", "green", False),
        "2": ("92.5", "green", True),
        "3": ("90.0", "red", False),
        "4": ("87.5", "red", False),
    }
    assert got["b"] == {
        "1": ("95.0", "upper_amber", True),
        "2": ("92.5", "lower_amber", True),
        "3": ("90.0", "lower_amber", False),
        "4": ("87.5", "red", False),
    }
    code, out, err = run_cli("letters", t["a"], t["b"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L", "--dry-run")  # fmt: skip
    assert code == 0, err
    letters = _dry_run_letters(out)
    assert letters == sorted([
        (_upn("a", "2"), "lateness"), (_upn("a", "3"), "red"), (_upn("a", "4"), "red"),
        (_upn("b", "1"), "upper_amber"), (_upn("b", "1"), "lateness"),
        (_upn("b", "2"), "lower_amber"), (_upn("b", "2"), "lateness"),
        (_upn("b", "3"), "lower_amber"), (_upn("b", "4"), "red"),
    ])  # fmt: skip
    ash, birch = _cases(t["config"], t["a"]), _cases(t["config"], t["b"])
    assert [s["name"] for s in ash["ladder"]] == ["amber", "red", "severe", "la_referral"]
    assert ash["default_ladder"] is True
    assert {c["upn"][-1]: c["due_stage"] for c in ash["cases"]} == {"3": "red", "4": "red"}
    assert [s["name"] for s in birch["ladder"]] == [
        "upper_amber", "lower_amber", "below_90_meeting", "attendance_panel", "la_referral"
    ]
    assert {c["upn"][-1]: c["due_stage"] for c in birch["cases"]} == {
        "1": "upper_amber", "2": "lower_amber", "3": "lower_amber", "4": "below_90_meeting"
    }
    # the letters sent are each school's own ladder's steps: Ash's red letters its red
    # stage; Birch's amber letters its upper_amber and lower_amber stages, while its red
    # band letter is no step of seed 003's ladder, whose meeting stays due
    code, out, err = run_cli("letters", t["a"], t["b"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L")  # fmt: skip
    assert code == 0, err
    ash, birch = _cases(t["config"], t["a"]), _cases(t["config"], t["b"])
    assert {c["upn"][-1]: (c["stage"], c["due_stage"]) for c in ash["cases"]} == {
        "3": ("red", None), "4": ("red", None)
    }
    assert {c["upn"][-1]: (c["stage"], c["due_stage"]) for c in birch["cases"]} == {
        "1": ("upper_amber", None), "2": ("lower_amber", None), "3": ("lower_amber", None),
        "4": (None, "below_90_meeting"),
    }
    # a meeting is recorded against the school's own ladder
    code, out, err = run_cli("case", "record", _upn("b", "4"), "--action", "below_90_meeting",
                             "--date", "2026-10-02", "-c", t["config"], "--school", "b")  # fmt: skip
    assert code == 0, err
    code, out, err = run_cli("case", "record", _upn("a", "4"), "--action", "below_90_meeting",
                             "--date", "2026-10-02", "-c", t["config"], "--school", "a")  # fmt: skip
    assert code == 1 and err.count("\n") == 1 and "below_90_meeting" in err, err


def test_a_workspace_ladder_is_every_school_s_that_gives_none(tmp_path, monkeypatch):
    """The workspace's [escalation] (seed 003's, with its bands) is still the ladder of a
    school that gives none of its own (Ash, with its own 92/90/50 bands: its 95 % pupil is
    below 96, upper_amber due), as documented; Birch's own is its own."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path, ladder="seed003")
    ash = _cases(t["config"], t["a"])
    assert ash["default_ladder"] is False
    assert {c["upn"][-1]: c["due_stage"] for c in ash["cases"]}["1"] == "upper_amber"
    code, out, err = run_cli("cases", t["a"], "-c", t["config"])
    assert code == 0, err
    said = " ".join(err.split())
    assert "with its own details, bands and lateness settings ([schools.a]), the rest as the " \
        "workspace's" in said, said
    # (and the seed 003 letter steps no Ash band sends are said, as before)
    assert 'the ladder\'s letter step "upper_amber" asks for the letter "upper_amber", which no ' \
        "band sends" in said, said
    # and where that lies: the workspace's ladder, which the school can replace with its own
    line = "a (Ash Primary School): its ladder is the workspace's [escalation]: give the " \
        "school its own as [schools.a.escalation] where its policy's steps differ"
    assert said.count(line) == 1, said
    code, out, err = run_cli("letters", t["a"], "--contacts", t["contacts"], "-c", t["config"],
                             "--dry-run", "--out", tmp_path / "L")  # fmt: skip
    assert code == 0, err
    assert " ".join((out + err).split()).count(line) == 1, out + err
    # a school with its own ladder is told nothing of it
    code, out, err = run_cli("cases", t["b"], "-c", t["config"])
    assert code == 0 and "its ladder is the workspace's" not in out + err, out + err


def test_a_school_s_own_ladder_is_checked_against_its_own_bands(tmp_path):
    """A school's ladder is read as the workspace's: a stage on a band the school's own
    bands do not have, a key no stage takes, are refused in one line naming the key; a
    workspace ladder on a band a school lacks is no matter to a school with its own."""
    on_amber = BIRCH.replace("when_below = 96", 'when_band = "amber"')
    t = trust(tmp_path, ASH + on_amber)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and err.count("\n") == 1, err
    assert "schools.b.escalation.stages[0].when_band" in err and "no band 'amber'" in err, err
    typo = BIRCH.replace("when_below = 96", "when_belwo = 96")
    t = trust(tmp_path, ASH + typo)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and err.count("\n") == 1, err
    assert "schools.b.escalation.stages[0].when_belwo" in err and "when_below" in err, err
    stray = BIRCH.replace("improve_to = 96", "improve_to = 96\nimprove_by = 1", 1)
    t = trust(tmp_path, ASH + stray)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and err.count("\n") == 1, err
    assert "schools.b.escalation.improve_by" in err and "improve_points" in err, err
    # the workspace's ladder starts a stage on "amber", which Birch's bands lack: Birch
    # gives its own ladder, so nothing is refused
    ws = '[escalation]\n[[escalation.stages]]\nname = "amber"\naction = "letter"\n' \
        'template = "amber"\nwhen_band = "amber"\n'
    t = trust(tmp_path, ASH + BIRCH, workspace=ws)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 0, err
    t = trust(tmp_path, ASH + BIRCH_HEAD + _seed003_bands("schools.b."), workspace=ws)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and "schools.b.bands" in err and "'amber'" in err, err


def test_a_school_s_own_thresholds_are_its_own(tmp_path, monkeypatch):
    """A found gap: `[thresholds]` (the fewest possible sessions for a band, the school
    days an N may stand) was every school's, and `[schools.KEY.thresholds]` was "unknown
    key", where seed 004 has N codes replaced the same working day (0) and seed 000 within
    5 school days.  A school's own is its own.

    Birch: n_within_days = 0 and min_possible_sessions = 41.  P1's one-day ``N`` on
    Thursday 1 October, not replaced, is 1 school day old as of Friday 2 October: stale at
    Birch (more than 0), not at Ash (the workspace's 5).  With 40 possible sessions no
    Birch pupil has a band (41 needed); Ash's have theirs (P1 38 of 40, green)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    marks = dict(MARKS)
    marks["1"] = " ".join([P] * 18 + ["N", P])  # N on Thursday 1 October: 38 of 40
    own = BIRCH + "[schools.b.thresholds]\nn_within_days = 0\nmin_possible_sessions = 41\n"
    t = trust(tmp_path, ASH + own, marks=marks)
    out_dir = tmp_path / "out"
    code, out, err = run_cli("check", t["a"], t["b"], "-c", t["config"], "--per-school",
                             out_dir, "-f", "json")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "b (Birch Academy): 1 file, with its own bands, escalation ladder, lateness " \
        "settings and threshold settings" in said, said
    bands = {}
    stale = {}
    for s in "ab":
        d = json.loads((out_dir / f"{s}-check.json").read_text())
        bands[s] = {p["upn"][-1]: p["band"] for p in d["pupils"]}
        stale[s] = [(x["upn"], x["date"], x["session"]) for x in d["data_quality"]
                    if x["kind"] == "stale_n"]  # fmt: skip
    assert bands["a"] == {"1": "green", "2": "green", "3": "red", "4": "red"}
    assert set(bands["b"].values()) == {None}, bands["b"]
    assert stale["a"] == [], stale["a"]
    assert stale["b"] == [(_upn("b", "1"), "2026-10-01", "AM"), (_upn("b", "1"), "2026-10-01", "PM")]
    # the trust's report from the exports summarises each school with its own: Birch's N
    # is old, Ash's is not
    code, out, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o",
                             tmp_path / "trust.html")  # fmt: skip
    assert code == 0, err
    said = " ".join(err.split())
    assert "Birch Academy: its register is not yet settled (old N codes" in said, said
    assert "Ash Primary School: its register is not yet settled" not in said, said
    # the register check names the school's own key for the pupils it does not list (P3 at
    # 90.0 % and P4 at 87.5 %: at or below the workspace's 90 %, on 40 sessions of 41)
    code, out, err = run_cli("register-check", t["a"], t["b"], "-c", t["config"], "--term",
                             "autumn", "--per-school", tmp_path / "RC")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "2 pupils at or below 90 % in the term are not listed: fewer than 41 possible " \
        "sessions ([schools.b.thresholds] min_possible_sessions)" in said, said
    # refused in one line naming the school's key, as the workspace's is
    bad = BIRCH + "[schools.b.thresholds]\nn_within_days = -1\n"
    t = trust(tmp_path, ASH + bad)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and err.count("\n") == 1, err
    assert "schools.b.thresholds.n_within_days" in err and "at least 0" in err, err
    bad = BIRCH + "[schools.b.thresholds]\nmin_sessions = 20\n"
    t = trust(tmp_path, ASH + bad)
    code, _, err = run_cli("check", t["b"], "-c", t["config"])
    assert code == 1 and err.count("\n") == 1, err
    assert "schools.b.thresholds.min_sessions" in err and "min_possible_sessions" in err, err


def _pdf_text(path: Path) -> str:
    import pytest

    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def test_a_school_s_own_attendance_lead_signs_its_letters_over_the_workspace_s_signatory(
    tmp_path, monkeypatch
):
    """A found bug: the workspace's `[letters] signatory` (the trust's "Ms T. Trust,
    Director of Attendance") signed every school's letters, Ash's though its section gives
    its own attendance lead (Mrs A. Ash), nothing said: a school's own details are its own
    in a trust (its letterhead's are never the trust's `[school]`), and so is who signs.
    A school's own attendance lead now signs, with her role, and each letters run says
    whose signatory is not used; a school that gives none is signed by the workspace's
    signatory, and is no longer told that no one signs its letters."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    birch = BIRCH.replace('attendance_lead = "Mr B. Birch"\n', "")
    t = trust(tmp_path, ASH.replace('attendance_lead = "Mrs A. Ash"',
                                    'attendance_lead = "Mrs A. Ash"\n'
                                    'attendance_lead_role = "Attendance Lead"') + birch)
    text = t["config"].read_text(encoding="utf-8")
    for key, value in (("signatory", "Ms T. Trust"), ("signatory_role", "Director of Attendance")):
        assert f'\n{key} = ""' in text
        text = text.replace(f'\n{key} = ""', f'\n{key} = "{value}"', 1)
    t["config"].write_text(text, encoding="utf-8")
    out_dir = tmp_path / "L"
    code, out, err = run_cli("letters", t["a"], t["b"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", out_dir)  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "a (Ash Primary School): its letters are signed by its own attendance_lead " \
        "(Mrs A. Ash), not [letters] signatory (Ms T. Trust)" in said, said
    assert "no one signs" not in said, said
    assert "[schools.b] gives no attendance_lead" in said, said
    ash = _pdf_text(next((out_dir / "a").rglob(f"{_upn('a', '3')}*_red.pdf")))
    assert "Mrs A. Ash" in ash and "Attendance Lead" in ash, ash
    assert "Ms T. Trust" not in ash and "Director of Attendance" not in ash, ash
    birch_letter = _pdf_text(next((out_dir / "b").rglob(f"{_upn('b', '4')}*_red.pdf")))
    assert "Ms T. Trust" in birch_letter and "Director of Attendance" in birch_letter
    # a role the school's own [schools.KEY.letters] gives stays under its lead's name
    from attcli.config import load_config
    from attcli.letter_settings import LetterSettings

    text = t["config"].read_text(encoding="utf-8")
    t["config"].write_text(text + '[schools.a.letters]\nsignatory_role = "Deputy Head"\n',
                           encoding="utf-8")  # fmt: skip
    ash_settings = LetterSettings.from_config(load_config(t["config"]).for_school("a"))
    assert (ash_settings.signatory, ash_settings.signatory_role) == ("", "Deputy Head")


def test_a_school_s_own_letters_settings_are_its_own(tmp_path, monkeypatch):
    """A found gap: `[letters]` was every school's, `[schools.KEY.letters]` "unknown key":
    a school that sends no lateness letters (its policy deals with lateness by detention)
    or praises from 95 % (seed 003's "rewards for 95%+") could not say so in a trust.  Each
    key a school gives is its own, each it does not the workspace's, checked at once and
    named as the school's.  Birch sends no lateness letters: its P1 and P2 get their amber
    letters only; Ash's P2 still gets its lateness letter."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    birch = BIRCH + "[schools.b.letters]\nlateness = false\n"
    t = trust(tmp_path, ASH + birch)
    code, out, err = run_cli("letters", t["a"], t["b"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L", "--dry-run")  # fmt: skip
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "b (Birch Academy): 1 file, with its own bands, escalation ladder, lateness " \
        "settings and letters settings" in said, said
    letters = _dry_run_letters(out)
    assert letters == sorted([
        (_upn("a", "2"), "lateness"), (_upn("a", "3"), "red"), (_upn("a", "4"), "red"),
        (_upn("b", "1"), "upper_amber"), (_upn("b", "2"), "lower_amber"),
        (_upn("b", "3"), "lower_amber"), (_upn("b", "4"), "red"),
    ])  # fmt: skip
    for bad, key, words in (
        ("praise_at_least = 0.95", "praise_at_least", "95"),
        ('lateness = "no"', "lateness", "true or false"),
        ('signatry = "Mr B"', "signatry", "signatory"),
        ('hold_templates = ["rde"]', "hold_templates", "no letter attcli sends"),
    ):
        t = trust(tmp_path, ASH + BIRCH + f"[schools.b.letters]\n{bad}\n")
        code, _, err = run_cli("check", t["a"], "-c", t["config"])
        assert code == 1 and err.count("\n") == 1, err
        assert f"schools.b.letters.{key}" in err and words in err, (bad, err)


def test_a_school_section_naming_a_setting_every_school_shares_is_refused_saying_so(tmp_path):
    """What a `[schools.KEY]` cannot give is refused, never taken as the workspace's
    silently: a section the workspace's config has but a school's cannot (its MIS's
    sub-codes, the report's settings, ...) says that it is every school's; `calendar` says
    where a school's own term dates go."""
    for section, words in (
        ("codes.subcodes", "[codes] is the workspace's, every school's"),
        ("history", "[history] is the workspace's, every school's"),
        ("la_return", "[la_return] is the workspace's, every school's"),
        ("calendar", "give the school's own term dates as [[schools.b.half_terms]]"),
        ("school", "write the school's details (name, urn, address, ...) straight in [schools.b]"),
    ):
        head, _, sub = section.partition(".")
        body = f"[schools.b.{section}]\n" + ('X01 = "I"\n' if sub else "x = 1\n")
        t = trust(tmp_path, ASH + BIRCH + body)
        code, _, err = run_cli("check", t["a"], "-c", t["config"])
        assert code == 1 and err.count("\n") == 1, err
        assert f"'schools.b.{head}'" in err and words in err, (section, err)


def test_a_school_s_own_report_target_is_its_own(tmp_path, monkeypatch):
    """A found gap: `[report] target` (seed 004's "the school's attendance target is 96
    percent") was every school's, `[schools.KEY.report]` "unknown key".  A school may give
    its own `target` and `title` (the trust's report keeps the workspace's `min_cohort`
    and national figures, which are the trust's).  Birch's report of its own file says its
    96 % target; Ash's, with none, says none."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path, ASH + BIRCH + "[schools.b.report]\ntarget = 96\n")
    html = {}
    for s in "ab":
        out = tmp_path / f"{s}.html"
        code, _, err = run_cli("report", t[s], "-c", t["config"], "-o", out)
        assert code == 0, err
        html[s] = " ".join(out.read_text(encoding="utf-8").split())
    assert "Target for the year: 96.0 %" in html["b"]
    assert "Target for the year" not in html["a"]
    for bad, key, words in (
        ("target = 0.96", "schools.b.report.target", "96"),
        ("min_cohort = 3", "schools.b.report.min_cohort", "target, title"),
    ):
        t = trust(tmp_path, ASH + BIRCH + f"[schools.b.report]\n{bad}\n")
        code, _, err = run_cli("check", t["a"], "-c", t["config"])
        assert code == 1 and err.count("\n") == 1, err
        assert key in err and words in err, (bad, err)
