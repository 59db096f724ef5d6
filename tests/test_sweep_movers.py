"""Sweep movers (5 December): pupils who move between the schools of one trust, worked by
hand from DOMAIN.md.

The trust (Oak Trust, [schools.a] Ash Primary School and [schools.b] Birch Academy): 20
school days from Monday 7 September 2026 to Friday 2 October (Autumn 1), no INSET day, the
workspace's bands (green 92 %, amber above 90, red above 50, severe).  Each pupil born
05/05/2015 (of compulsory school age).

- Ash: A1, A2, A3 present every day (40 of 40); A4 absent (``O``) Monday 7 September (38
  of 40, 95.0 %, green).  M on Ash's roll 7-18 September (10 days, 20 sessions), absent
  (``O``) Wednesday to Friday 9-11 September: 14 of 20, 70.0 %, red: persistently absent.
  K on Ash's roll 7-18 September, absent Monday to Wednesday 7-9 September: 14 of 20,
  70.0 %, red.
- Birch: B1, B2, B3 present every day.  M from Monday 21 September, absent Wednesday and
  Thursday 23-24 September: 16 of 20, 80.0 %, red.  K from Monday 21 September, present:
  20 of 20, green.

So Ash has 6 pupils (PA 2: M and K), Birch 5 (PA 1: M); the trust 11 pupils and PA 3, as
the DfE counts enrolments (one a school); but they are 9 children, and M, persistently
absent at both schools, is one child counted twice in the trust's PA (3 is 2 children).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import polars as pl

from attcli.config import init_text
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS, contacts_file

P = "/\\"
M, K = "M999000000009", "K999000000008"
N = 20
BORN = dt.date(2015, 5, 5)
SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]

[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
"""


def _marks(absent=frozenset(), off=frozenset(), n: int = N) -> str:
    return " ".join("!" if i in off else "O" if i in absent else P for i in range(n))


ASH_DAYS, BIRCH_DAYS = set(range(10)), set(range(10, N))
ASH = {
    "A999100000001": _marks(),
    "A999100000002": _marks(),
    "A999100000003": _marks(),
    "A999100000004": _marks({0}),
    M: _marks({2, 3, 4}, BIRCH_DAYS),
    K: _marks({0, 1, 2}, BIRCH_DAYS),
}
BIRCH = {
    "B999200000001": _marks(),
    "B999200000002": _marks(),
    "B999200000003": _marks(),
    M: _marks({12, 13}, ASH_DAYS),
    K: _marks(off=ASH_DAYS),
}


def trust(tmp_path: Path, ash=None, birch=None, extra: str = "") -> dict[str, Path]:  # noqa: ANN001
    """The trust's workspace, each school's export, the shared export and the contacts."""
    ash, birch = ash or ASH, birch or BIRCH
    a = register(ash, school="Ash Primary School", dob=dict.fromkeys(ash, BORN))
    b = register(birch, school="Birch Academy", dob=dict.fromkeys(birch, BORN))
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + SCHOOLS + extra, encoding="utf-8")
    upns = list(dict.fromkeys([*ash, *birch]))
    return {
        "config": config,
        "a": write_long_csv(a, tmp_path / "a-autumn.csv", dob=True, groups=True),
        "b": write_long_csv(b, tmp_path / "b-autumn.csv", dob=True, groups=True),
        "shared": write_long_csv(
            pl.concat([a, b]), tmp_path / "trust-autumn.csv", dob=True, groups=True, school=True
        ),
        "contacts": contacts_file(
            tmp_path / "contacts.csv",
            [(u, f"C{i}", "Mrs", "Parent", f"Of{u[-3:]}") for i, u in enumerate(upns)],
        ),
    }


def small_cohort(t: dict[str, Path], n: int = 2) -> dict[str, Path]:
    """``t``'s workspace with ``[report] min_cohort = n``: the mover note says how many
    movers are persistently absent at two schools only when the movers are min_cohort or
    more (sweep leftovers7); this trust has 2."""
    text = t["config"].read_text(encoding="utf-8")
    assert "min_cohort = 5" in text
    t["config"].write_text(text.replace("min_cohort = 5", f"min_cohort = {n}"), "utf-8")
    return t


def _page(path: Path) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")).split()))


def test_a_trust_report_says_how_many_children_its_enrolment_counts_hold_twice(tmp_path):
    """A found gap (left by sweep trust2 for the lead to decide): M, persistently absent at
    Ash and then at Birch, is counted in each school's pupils and PA, so the trust's PA of
    3 is 2 children, and the report said only the general "Pupils are counted per
    school".  Decided: a trust board sees the schools' own figures added up (each school's
    are its enrolments', as the DfE and the schools' own reports count them, and a trust
    figure that is not the sum of its schools' would match nothing), and is told, in
    counts (the report names no pupil), how many children those figures hold twice: 2
    children moved (the trust's 11 pupils are 9 children), 1 of them persistently absent at
    both (its PA of 3 is 2 children).  K, PA at Ash only, is counted once in the PA.
    (``min_cohort`` 2: the PA part is said of movers at least min_cohort, leftovers7.)"""
    t = small_cohort(trust(tmp_path))
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    text = _page(out)
    # the figures are the schools' own, added up (Ash 6 pupils PA 2, Birch 5 PA 1)
    assert re.search(r"Trust 11 ", text), text
    assert "Pupils are counted per school" in text
    said = (
        "2 pupils moved between the trust's schools in the period (the same UPN, name and date "
        "of birth in two schools' exports): each is counted at each school it was on roll at, "
        "as the DfE counts enrolments, so the trust's 11 pupils are 9 children; 1 of them is "
        "persistently absent at two schools, so the trust's 3 persistently absent pupils are 2 "
        "children"
    )
    assert said in text, text
    assert M not in text and K not in text  # counts only: the report names no pupil
    # the terminal says it too (it names no pupil either)
    assert said in " ".join(err.split())


def test_a_mover_persistently_absent_at_one_school_only_is_no_pa_child_counted_twice(tmp_path):
    """The boundary: M at Birch absent one day only (18 of 20, exactly 90.0 %: red, PA by
    DOMAIN.md 3 'attendance <= 90 %') is still PA at both; present there (20 of 20) he is
    PA at Ash only, and the trust's PA of 2 is 2 children: the PA part is not said."""
    birch = {**BIRCH, M: _marks({12}, ASH_DAYS)}
    t = small_cohort(trust(tmp_path, birch=birch))
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    text = _page(out)
    # M at Birch: 18 of 20 is exactly 90 %, persistently absent
    assert "1 of them is persistently absent at two schools, so the trust's 3 persistently " \
        "absent pupils are 2 children" in text, text
    birch = {**BIRCH, M: _marks(off=ASH_DAYS)}
    t = small_cohort(trust(tmp_path, birch=birch))
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out,
                           "--force")  # fmt: skip
    assert code == 0, err
    text = _page(out)
    assert "so the trust's 11 pupils are 9 children" in text, text
    assert "persistently absent at two schools" not in text


def _pupil(path: Path, upn: str) -> dict:
    import json

    return next(p for p in json.loads(path.read_text(encoding="utf-8"))["pupils"] if p["upn"] == upn)


def test_a_mover_s_penalty_notice_window_is_each_school_s_own_and_together_is_said(tmp_path):
    """DOMAIN.md 5 decides the window: the 10 school weeks are the school's, and its request
    to the local authority carries its own register; so Birch's window for M holds Birch's
    4 ``O`` (23-24 September) only, 07/09 to 02/10/2026, under the threshold, and Ash's
    its 6 (9-11 September).  But M's 10 unauthorised sessions in that window across the
    trust's two schools were on no list, unsaid (a found gap: a missed child, as one child
    under two UPNs was, joined.pn_across_upns).  `check --per-school` now says it in one
    line, from the shared export and from each school's own file alike.  K (6 at Ash, none
    at Birch) is not said; nor is M with 9 (Birch's 3): the boundary."""
    t = trust(tmp_path)
    line = (
        "SurnameM999000000009, ForenameM999000000009 (M999000000009) has 10 unauthorised "
        "sessions in the penalty-notice window 07/09/2026 to 02/10/2026 across the trust's "
        "schools (Ash Primary School's 6, Birch Academy's 4), the threshold of 10, but no "
        "school's register alone holds it: each school counts its own (a request rests on "
        "the school's own record); Birch Academy, where the pupil is on roll, may ask the "
        "local authority whether the sessions at Ash Primary School count"
    )
    for n, given in enumerate(([t["shared"]], [t["a"], t["b"]])):
        out = tmp_path / f"C{n}"
        code, _, err = run_cli("check", *given, "-c", t["config"], "--per-school", out)
        assert code == 0, err
        birch, ash = _pupil(out / "b-check.json", M), _pupil(out / "a-check.json", M)
        assert (birch["pn_window_sessions"], birch["pn_threshold_met"]) == (4, False)
        assert (birch["pn_window_start"], birch["pn_window_end"]) == ("2026-09-07", "2026-10-02")
        assert (ash["pn_window_sessions"], ash["pn_threshold_met"]) == (6, False)
        err = " ".join(err.split())
        assert line in err, err
        assert K not in err
    # Wednesday 23 September present in the morning: Birch's 3, the trust's 9
    tokens = _marks({12, 13}, ASH_DAYS).split()
    tokens[12] = "/O"
    (tmp_path / "nine").mkdir()
    t = trust(tmp_path / "nine", birch={**BIRCH, M: " ".join(tokens)})
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school", tmp_path / "C9")
    assert code == 0, err
    assert _pupil(tmp_path / "C9" / "b-check.json", M)["pn_window_sessions"] == 3
    assert "across the trust's schools" not in err


def _pupil_list(path: Path, school: bool) -> Path:
    """The trust's pupil list (its MIS's list of enrolments): a row a pupil, and M twice, on
    Ash's roll 07/09-18/09/2026 and on Birch's from 21/09 (with ``school``: a School
    column naming each row's school, as a trust's MIS lists enrolments)."""
    head = ("School," if school else "") + "UPN,Surname,Forename,Date of Birth,Admission Date,Leaving Date"
    rows = [head]

    def row(where: str, upn: str, joined: str, left: str = "") -> None:
        rows.append((f"{where}," if school else "")
                    + f"{upn},Surname{upn},Forename{upn},05/05/2015,{joined},{left}")  # fmt: skip

    for upn in ASH:
        if upn != M:
            row("Ash Primary School", upn, "01/09/2026", "18/09/2026" if upn == K else "")
    for upn in BIRCH:
        if upn not in (M, K):
            row("Birch Academy", upn, "01/09/2026")
    row("Ash Primary School", M, "01/09/2026", "18/09/2026")
    row("Birch Academy", M, "21/09/2026")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_trust_pupil_list_s_two_enrolments_of_a_mover_are_each_its_own_school_s(
    tmp_path, monkeypatch
):
    """A found bug: the trust's one pupil list (``--per-school --pupils``) giving M's two
    enrolments, Ash 07/09-18/09 and Birch from 21/09, was read as two spells on roll at
    every school: at Ash M was on roll again from 21/09, with 20 missing rows (a register
    problem Ash could never fix) and a red letter due to a pupil who had left (a second
    red letter that half term, Birch's being the other); at Birch 20 missing rows for
    7-18 September.  With a School column the two rows were refused ("listed more than
    once with different values").  Each enrolment is now its school's: by the list's School
    column (a school's key, name, URN or DfE number, as an export's), or, without one,
    by the school whose rows of the pupil fall in it (the shared export holds both).  So
    at Ash M has 14 of 20, left 18/09, no missing mark and no letter; at Birch 16 of 20,
    no missing mark and Birch's red letter.  (K has a row at Ash only and Birch's rows
    without a list row: as before.)"""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    for school in (True, False):
        folder = tmp_path / ("with" if school else "without")
        folder.mkdir()
        t = trust(folder)
        listed = _pupil_list(folder / "pupils.csv", school)
        runs = [[t["shared"]]] + ([[t["a"], t["b"]]] if school else [])
        for n, given in enumerate(runs):
            out = folder / f"C{n}"
            code, _, err = run_cli("check", *given, "-c", t["config"], "--per-school", out,
                                   "--pupils", listed)  # fmt: skip
            assert code == 0, err
            ash, birch = _pupil(out / "a-check.json", M), _pupil(out / "b-check.json", M)
            got = [(p["attended"], p["possible"], p["on_roll"], p["left_on"], p["missing_marks"])
                   for p in (ash, birch)]  # fmt: skip
            assert got == [(14, 20, False, "2026-09-18", 0), (16, 20, True, None, 0)], (school, n, got)
            code, out, err = run_cli("letters", *given, "--contacts", t["contacts"], "-c",
                                     t["config"], "--per-school", folder / f"L{n}", "--dry-run",
                                     "--pupils", listed, width=400)  # fmt: skip
            assert code == 0, err
            ash_part, birch_part = out.split("Letters for Autumn 1", 2)[1:]
            assert M not in ash_part and "missing rows" not in ash_part, ash_part
            assert M in birch_part and "missing rows" not in birch_part, birch_part


def test_a_mover_s_enrolment_another_school_s_export_cannot_place_is_said(tmp_path):
    """Each school's own file with a list of no School column: Ash's run cannot see Birch's
    rows, so M's enrolment from 21/09 is taken as on roll at Ash, with missing marks (as
    before); it is now said, with the way to have each school's roll its own."""
    t = trust(tmp_path)
    listed = _pupil_list(tmp_path / "pupils.csv", school=False)
    code, _, err = run_cli("check", t["a"], t["b"], "-c", t["config"], "--per-school",
                           tmp_path / "C", "--pupils", listed, width=400)  # fmt: skip
    assert code == 0, err
    err = " ".join(err.split())
    for spell in ("M999000000009 from 21/09/2026", "M999000000009 01/09/2026 to 18/09/2026"):
        assert (f"1 time on roll the pupil list {listed} gives ({spell}) has no row of the pupil "
                "in the exports, so the pupil is taken as on roll then, with missing marks: if "
                "the pupil moved to another of the trust's schools, give the list a School "
                "column naming each row's school, so that each school's roll is its own") in err
    # the shared export holds both schools' rows: each enrolment is placed, nothing said
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school",
                           tmp_path / "S", "--pupils", listed)  # fmt: skip
    assert code == 0, err
    assert "time on roll" not in err



def test_a_mover_who_left_one_school_and_has_not_appeared_at_the_next_is_said(tmp_path):
    """CME across a move, by hand: M on Ash's roll to Friday 18 September (the list's
    leaving date), present 7-11 September and absent (``O``) every day 14-18 September:
    at Ash a run of 5 school days that ended on the last day on roll, "left" (DOMAIN.md 6:
    listed for the DSL to check the deletion), on Ash's 5-day list and on no 10-day list.
    Birch's list row has M on roll from 21 September, and Birch's register has no row of
    M: a found gap, said nowhere from the trust's shared export (M had rows, Ash's, so the
    list's "no row in the exports" note passed M over).  Now one line names M at Birch."""
    ash = {**ASH, M: _marks({5, 6, 7, 8, 9}, BIRCH_DAYS)}
    birch = {k: v for k, v in BIRCH.items() if k != M}
    t = trust(tmp_path, ash=ash, birch=birch)
    listed = _pupil_list(tmp_path / "pupils.csv", school=True)
    said = (f"1 pupil the pupil list {listed} has on roll at a school in the exports' dates "
            "has no row at that school in them, so is not checked there: M999000000009 (Birch "
            "Academy from 21/09/2026); export their register too, or, if the pupil never "
            "arrived, follow it up as a child who may be missing education")  # fmt: skip
    for days, listed_at_ash in (("5", True), ("10", False)):
        out = tmp_path / f"CME{days}"
        code, _, err = run_cli("cme", t["shared"], "-c", t["config"], "--per-school", out,
                               "--pupils", listed, "--days", days, width=400)  # fmt: skip
        assert code == 0, err
        rows = (out / "a-cme.csv").read_text(encoding="utf-8-sig").splitlines()
        mine = [r for r in rows if r.startswith(M)]
        if listed_at_ash:
            cells = mine[0].split(",")
            assert cells[6:13] == ["14/09/2026", "18/09/2026", "5", "O", "no", "11/09/2026", "left"]
            assert cells[13] == "18/09/2026"
        else:
            assert not mine
        assert M not in (out / "b-cme.csv").read_text(encoding="utf-8-sig")
        assert said in " ".join(err.split()), err
    # each school's own file: Birch's run has no row of M at all, as said before
    code, _, err = run_cli("cme", t["a"], t["b"], "-c", t["config"], "--per-school",
                           tmp_path / "OWN", "--pupils", listed, width=400)  # fmt: skip
    assert code == 0, err
    assert "M999000000009 (SurnameM999000000009, ForenameM999000000009); export their register" \
        in " ".join(err.split()), err


def test_a_school_s_own_workspace_still_refuses_a_pupil_listed_at_two_schools(tmp_path):
    """Outside a trust, a school's roll holds no other school's enrolment: a pupil list
    whose School column lists M at Ash and at Birch is refused as before (one line naming
    the lines), not read as two spells at the one school."""
    from school import make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    a = register(ASH, dob=dict.fromkeys(ASH, BORN))
    export = write_long_csv(a, tmp_path / "ash.csv", dob=True, groups=True)
    listed = _pupil_list(tmp_path / "pupils.csv", school=True)
    code, _, err = run_cli("check", export, "-c", config, "--pupils", listed, width=400)
    assert code == 1
    assert "UPN M999000000009 is listed more than once with different values (lines 10, 11)" \
        in err, err


def test_the_movers_sessions_across_the_schools_are_counted_once_a_school(tmp_path, monkeypatch):
    """Issue 15's linearity, counted, not timed: a mover's sessions toward a notice at
    each school (:meth:`attcli.engine.Prepared.pn_counted`) are worked out once a school
    for every mover and window together, not once a mover, window and school (204 movers
    in a trust's shared export were 26,000 queries, 9 of a check's 10 seconds).  This
    trust has two movers (M and K) and two schools: two calls, not four; and M's line is
    said as the test above says it."""
    from attcli.engine import Prepared

    calls: list[str] = []
    real = Prepared.pn_counted

    def counting(self, school, pupils, first, last):  # noqa: ANN001, ANN202
        calls.append(school)
        return real(self, school, pupils, first, last)

    monkeypatch.setattr(Prepared, "pn_counted", counting)
    t = trust(tmp_path)
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school", tmp_path / "C")
    assert code == 0, err
    assert "(M999000000009) has 10 unauthorised sessions" in " ".join(err.split())
    assert len(calls) == 2 and len(set(calls)) == 2, calls
