"""Sweep notes2 (5 December (sixth)): three notes the notes sweep left, worked by hand
from DOMAIN.md.
"""

from __future__ import annotations

from clirun import run_cli
from test_sweep_movers import ASH, BIRCH, M, P, trust


def _m(days: dict[int, str], rest: str, n: int = 20) -> str:
    return " ".join(days.get(i, rest) for i in range(n))


def test_the_trust_s_penalty_notice_note_counts_a_session_unauthorised_at_every_school_with_a_mark(
    tmp_path,
):
    """DOMAIN.md 1: D (dual registration) is not possible, so a dual-registered child's
    real mark is the other school's; a session marked present at one school and ``O`` at
    the other cannot be an unauthorised absence of one child (she was at school), so it is
    not added up.  M on both rolls all 20 days (7 September to 2 October):

    - dual: Ash marks D on Birch's days (10-19), Birch D on Ash's (0-9); ``O`` at Ash on
      days 2-4 (6), at Birch on 12-13 (4): 10 in the window across the two, the threshold,
      said (each school alone under it).
    - Birch marks Wednesday 9 September AM present instead of D: Ash's ``O`` that morning
      is not one child's absence: 9, not said (the boundary).  Marked ``O`` at both: one
      session once, 10, said (Birch's own 5).
    - no D at all, each school's ``O`` days present at the other: 0, not said (the union
      read 10)."""
    ash_dual = _m({2: "O", 3: "O", 4: "O", **{i: "D" for i in range(10, 20)}}, P)
    birch_dual = _m({12: "O", 13: "O", **{i: "D" for i in range(10)}}, P)
    line = (
        "has 10 unauthorised sessions in the penalty-notice window 07/09/2026 to 02/10/2026 "
        "across the trust's schools (Ash Primary School's 6, Birch Academy's {}), the "
        "threshold of 10"
    )
    cases = {
        "dual": (ash_dual, birch_dual, True),
        "present": (
            ash_dual,
            _m({2: "/D", 12: "O", 13: "O", **{i: "D" for i in range(10) if i != 2}}, P),
            False,
        ),
        "both": (
            ash_dual,
            _m({2: "OD", 12: "O", 13: "O", **{i: "D" for i in range(10) if i != 2}}, P),
            True,
        ),
        "none": (
            _m({2: "O", 3: "O", 4: "O"}, P),
            _m({12: "O", 13: "O"}, P),
            False,
        ),
    }
    for name, (a, b, said) in cases.items():
        (tmp_path / name).mkdir()
        t = trust(tmp_path / name, ash={**ASH, M: a}, birch={**BIRCH, M: b})
        code, _, err = run_cli(
            "check", t["a"], t["b"], "-c", t["config"], "--per-school", tmp_path / name / "C"
        )
        assert code == 0, (name, err)
        err = " ".join(err.split())
        if said:
            assert line.format(5 if name == "both" else 4) in err, (name, err)
        else:
            assert "across the trust's schools" not in err, (name, err)


ESTIMATED = (
    " (estimated: no term dates given for 2026/27, the year taken as the statutory 380 sessions)"
)


def test_the_can_miss_words_say_an_estimate_where_the_sessions_left_are_one():
    """With no term dates the sessions left this year are the statutory 380 less those so
    far (calendar.remaining_sessions), an estimate the report says and the check did not.
    The can_miss register (188 school days from 7 September 2026, 376 sessions, 4 left):
    ALL 338 of 376, red, "can miss all 4 sessions left this year and stay red", now with
    the estimate said.  With term dates reaching July (Autumn 1 7-18 September 2026 and
    Summer 2 12-16 July 2027, no bank holiday in either) they are counted: a register of
    those 10 days, R absent (O) Wednesday to Friday 9-11 September, 14 of 20, 70.0 % red;
    10 sessions left (12-16 July); red while (14 + 10 - k) * 100 > 50 * 30 = 1500, k < 9:
    "can miss 8 more sessions this year before severe", no estimate said."""
    from attcli.check import check_register
    from attcli.config import parse_config
    from builders import register
    from test_can_miss_words import PUPILS, reasons

    got = reasons(register(PUPILS))
    assert got["ALL"][1].endswith(
        "can miss all 4 sessions left this year and stay red" + ESTIMATED
    ), got["ALL"]
    assert got["ONE"][1].endswith("can miss 1 more session this year before red" + ESTIMATED)
    terms = """
[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-09-18

[[calendar.half_terms]]
name = "Summer 2"
start = 2027-07-12
end = 2027-07-16
"""
    checked = check_register(
        register({"R": " ".join(["/", "/", "O", "O", "O"] + ["/"] * 5)}), parse_config(terms)
    )
    k, band, reason = checked.pupils.select("can_miss_sessions", "band", "reason_band").row(0)
    assert (k, band) == (8, "red"), reason
    assert reason.endswith("can miss 8 more sessions this year before severe"), reason


def test_the_pupil_record_says_the_estimate_too(tmp_path):
    from builders import register, write_long_csv
    from school import make_workspace
    from test_can_miss_words import PUPILS

    config = make_workspace(tmp_path / "ws", "")
    export = write_long_csv(register(PUPILS), tmp_path / "year.csv")
    code, out, err = run_cli("pupil", "ALL", export, "-c", config, width=200)
    assert code == 0, err
    assert "can miss all 4 sessions left this year and stay red" + ESTIMATED in " ".join(
        out.split()
    ), out


def test_the_release_command_each_line_suggests_runs_once_its_placeholders_are_filled(tmp_path):
    """`attcli letters` takes the export and --contacts (required): the suggested
    "attcli letters --release UPN" refused as written.  P present but for N on the last
    three days (30 September to 2 October): 34 of 40, 85.0 %, red, resting on 6 N within
    the 5 school days allowed (sweep agree's register): the red letter is held.  The
    check's Action line, the pupil record and `attcli cases` each give the command as
    "attcli letters EXPORT --contacts FILE --release ..." (EXPORT and FILE the
    placeholders, as the cases line had EXPORT), never the shorthand; with them filled in
    the pupil record's runs and makes the red letter."""
    import re

    from test_sweep_agree import AS_OF, _said, _school

    export, config, contacts = _school(tmp_path, " ".join(["/\\"] * 17 + ["N"] * 3))
    template = "attcli letters EXPORT --contacts FILE --release "
    said = {}
    for command in ("check", "pupil", "cases"):
        args = ("pupil", "P") if command == "pupil" else (command,)
        code, out, err = run_cli(*args, export, "-c", config, *AS_OF, width=300)
        assert code == 0, (command, err)
        said[command] = _said(out + " " + err)
        assert template in said[command], (command, said[command])
        assert "attcli letters --release" not in said[command], (command, said[command])
    assert template + "UPN makes it" in said["check"], said["check"]
    assert template + "P sends it" in said["pupil"], said["pupil"]
    assert re.search(re.escape(template) + "P` makes it", said["cases"]), said["cases"]
    # as written, with the placeholders filled in (and the config this run took)
    words = re.search(re.escape(template) + r"(\S+) sends it", said["pupil"]).group(1)
    out_dir = tmp_path / "letters"
    code, out, err = run_cli(
        "letters", export, "--contacts", contacts, "--release", words, "-c", config,
        "--out", out_dir, *AS_OF,
    )  # fmt: skip
    assert code == 0, err
    assert any(p.suffix == ".pdf" for p in out_dir.rglob("*")), out
