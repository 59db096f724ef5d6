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
        "present": (ash_dual, _m({2: "/D", 12: "O", 13: "O", **{i: "D" for i in range(10) if i != 2}}, P), False),
        "both": (ash_dual, _m({2: "OD", 12: "O", 13: "O", **{i: "D" for i in range(10) if i != 2}}, P), True),
        "none": (
            _m({2: "O", 3: "O", 4: "O"}, P), _m({12: "O", 13: "O"}, P), False,
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

