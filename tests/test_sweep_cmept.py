"""The lead's two CME decisions (DOMAIN.md 6; docs/decisions.md, sweep cmept).

1. A part-time pupil (``C2``) absent with a CME code (N, O, G) at every other possible
   session of each school day is listed by ``cme`` in a section of its own after its runs
   (the runs, the check's flags and the oracles unchanged: a ``C2`` session still breaks a
   run); the check says them in one line.
2. A whole school day with no mark inside a run: the run stays the days seen, is listed
   when they and the days with no mark reach N (``unmarked_within_days``), and cme says
   by the run "complete the register".

The registers (tests/builders.py) run from Mon 7 Sep 2026: 7-11 Sep, 14-18 Sep, 21-25 Sep.
Every answer below is worked by hand from DOMAIN.md 6."""

from __future__ import annotations

import csv
import io
import json

import pytest

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS

P = "/\\"
NC = "N.C2"  # absent (N) in the morning, C2 (part-time timetable) in the afternoon
AS_OF = "2026-09-25"


def _part_time_export(tmp_path):  # noqa: ANN001, ANN202
    reg = register(
        {
            # 10 days N/C2 14-25 Sep: listed at 10, current, last attended 11/09
            "TEN": " ".join([P] * 5 + [NC] * 10),
            # 9 days N/C2 15-25 Sep: not listed at 10, listed at 9
            "NINE": " ".join([P] * 6 + [NC] * 9),
            # present on the morning of Fri 18 Sep: breaks (4 days, then 5 days)
            "SEEN": " ".join([P] * 5 + [NC] * 4 + ["/.C2"] + [NC] * 5),
            # ill (I) on the morning of Fri 18 Sep: an authorised absence breaks (4, then 5)
            "ILL": " ".join([P] * 5 + [NC] * 4 + ["I.C2"] + [NC] * 5),
            # U on the morning of Fri 18 Sep: breaks (4, then 5)
            "LATEU": " ".join([P] * 5 + [NC] * 4 + ["U.C2"] + [NC] * 5),
            # X (not possible) on Fri 18 Sep in the middle: neither counts nor breaks, so
            # Fri 11 Sep and 14-17, 21-25 Sep: 10 days, last attended 10/09
            "NOTPOSS": " ".join([P] * 4 + [NC] * 5 + ["X"] + [NC] * 5),
            # C2 at both sessions of Fri 18 Sep (no timetabled session): neither counts
            # nor breaks: 10 days from Fri 11 Sep
            "ALLC2": " ".join([P] * 4 + [NC] * 5 + ["C2.C2"] + [NC] * 5),
            # N all day 14-18 Sep, then N/C2 21-25 Sep: days wholly N count too, 10 days
            # (the run of unexplained absence is 5 days, broken by Monday's C2)
            "WHOLE": " ".join([P] * 5 + ["N"] * 5 + [NC] * 5),
            # O and G, the other CME codes: 10 days
            "OG": " ".join([P] * 5 + ["O.C2"] * 5 + ["G.C2"] * 5),
            # N every day 14-25 Sep, no C2: a run of unexplained absence, not part-time
            "ORDINARY": " ".join([P] * 5 + ["N"] * 10),
            # in school every morning, C2 every afternoon: seen
            "HALF": " ".join(["/.C2"] * 15),
            "FINE": " ".join([P] * 15),
        },
        start=__import__("datetime").date(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    return write_long_csv(reg, tmp_path / "export.csv"), tmp_path / "attcli.toml"


def _cme_json(tmp_path, days: int) -> dict:  # noqa: ANN001
    export, config = _part_time_export(tmp_path)
    code, out, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "--days", str(days), "-f", "json"
    )
    assert code == 0, err
    return json.loads(out)


def _pt(doc: dict) -> dict:
    return {
        r["upn"]: (r["run_start"], r["run_end"], r["run_days"], "".join(r["codes"]),
                   r["current"], r["last_attended"], r["status"])
        for r in doc["part_time_runs"]
    }  # fmt: skip


def test_cme_lists_a_part_time_pupil_unseen_at_every_timetabled_session_at_ten_days(tmp_path):
    doc = _cme_json(tmp_path, 10)
    # the runs are as DOMAIN.md 6 has them: a C2 session breaks a run
    assert [(r["upn"], r["run_start"], r["run_days"]) for r in doc["runs"]] == [
        ("ORDINARY", "2026-09-14", 10)
    ]
    assert _pt(doc) == {
        "TEN": ("2026-09-14", "2026-09-25", 10, "C2N", True, "2026-09-11", "absent"),
        "NOTPOSS": ("2026-09-11", "2026-09-25", 10, "C2N", True, "2026-09-10", "absent"),
        "ALLC2": ("2026-09-11", "2026-09-25", 10, "C2N", True, "2026-09-10", "absent"),
        "WHOLE": ("2026-09-14", "2026-09-25", 10, "C2N", True, "2026-09-11", "absent"),
        "OG": ("2026-09-14", "2026-09-25", 10, "C2GO", True, "2026-09-11", "absent"),
    }
    # the rule, in one line, beside the list
    assert "C2" in doc["part_time_rule"] and "neither counts nor breaks" in doc["part_time_rule"]


def test_nine_days_are_not_listed_at_ten_and_are_at_nine(tmp_path):
    doc = _cme_json(tmp_path, 9)
    assert _pt(doc)["NINE"] == (
        "2026-09-15", "2026-09-25", 9, "C2N", True, "2026-09-14", "absent"
    )
    assert "NINE" not in _pt(_cme_json(tmp_path, 10))


def test_a_present_ill_or_u_morning_breaks_a_part_time_run(tmp_path):
    pt = _pt(_cme_json(tmp_path, 5))
    # each: 14-17 Sep (4 days, not listed at 5), then 21-25 Sep (5 days)
    assert pt["SEEN"] == ("2026-09-21", "2026-09-25", 5, "C2N", True, "2026-09-18", "absent")
    assert pt["ILL"] == ("2026-09-21", "2026-09-25", 5, "C2N", True, "2026-09-11", "absent")
    assert pt["LATEU"] == ("2026-09-21", "2026-09-25", 5, "C2N", True, "2026-09-11", "absent")
    assert "HALF" not in pt and "ORDINARY" not in pt and "FINE" not in pt
    # one row a run: the 4-day ones are not listed
    doc = _cme_json(tmp_path, 4)
    assert sorted(r["run_days"] for r in doc["part_time_runs"] if r["upn"] == "ILL") == [4, 5]


def test_the_table_has_a_section_after_the_runs_with_the_rule_under_it(tmp_path):
    export, config = _part_time_export(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, width=160)
    assert code == 0, err
    runs_at = out.index("Continuous unexplained absence of 10+ school days")
    section = out.index("Part-time pupils (C2) absent at every other session for 10+ school days")
    assert runs_at < section
    assert "5 runs" in out[section:].splitlines()[0]
    below = out[section:]
    for upn in ("TEN", "NOTPOSS", "ALLC2", "WHOLE", "OG"):
        assert upn in below
    assert "ORDINARY" not in below
    assert "ORDINARY" in out[runs_at:section]
    # (the rule is wrapped to the terminal's width, sweep looks4: read as one paragraph)
    lines = below.splitlines()
    first = [i for i, ln in enumerate(lines) if ln.startswith("A part-time pupil's day counts")]
    assert len(first) == 1, below
    rule = " ".join(" ".join(lines[first[0]:first[0] + 4]).split())
    assert "N, O or G" in rule and "neither counts nor breaks" in rule


def test_the_csv_marks_the_part_time_rows_and_leaves_the_runs_rows_as_they_were(tmp_path):
    export, config = _part_time_export(tmp_path)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    header = rows[0]
    assert header[-1] == "List"
    by_upn = {r[0]: r for r in rows[1:]}
    assert by_upn["ORDINARY"][-1] == "runs of unexplained absence"
    assert by_upn["TEN"][-1] == "part-time (C2), absent at every other session"
    assert [r[0] for r in rows[1:]][0] == "ORDINARY"  # the runs first
    # what the file's part-time rows count, said beside it
    assert "the file's last 5 rows (List 'part-time (C2), absent at every other session') " \
        "are part-time pupils' runs" in " ".join(err.split())
    # a register with no part-time run: the CSV as it was, no List column
    reg = register({"ORD": " ".join([P] * 5 + ["N"] * 10)}, start=__import__("datetime").date(2026, 9, 7))
    plain = write_long_csv(reg, tmp_path / "plain.csv")
    code, out, err = run_cli("cme", plain, "-c", config, "--as-of", AS_OF, "-f", "csv")
    assert code == 0, err
    assert "List" not in out.splitlines()[0]


def test_the_check_says_the_part_time_runs_in_one_line_and_its_flags_stay(tmp_path):
    export, config = _part_time_export(tmp_path)
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    groups = {p["upn"]: p["groups"] for p in doc["pupils"]}
    # the check's CME flags are as DOMAIN.md 6 has them: the part-time pupils' runs are 4
    # days at most (Monday's C2 breaks WHOLE's five days of N at 5, the safe and well day 3)
    assert "absence" in groups["ORDINARY"]
    assert "absence" not in groups["TEN"] and "absence" not in groups["OG"]
    lines = [w for w in doc["warnings"] if "part-time" in w]
    assert lines == [
        "5 part-time pupils (C2) absent (N, O or G) at every other session of 10+ school "
        "days in a row (the longest: SurnameALLC2, ForenameALLC2 (ALLC2), 10 school days "
        "to 25/09/2026): C2 (a session the pupil's part-time timetable leaves out) breaks a "
        "run of unexplained absence, so the absence group does not list them for it: `attcli cme` lists them apart"
    ], lines
    # on the terminal too
    code, out, err = run_cli("check", export, "-c", config, "--as-of", AS_OF, width=400)
    assert code == 0, err
    assert "5 part-time pupils (C2) absent" in out + err


def test_cme_says_complete_the_register_by_a_run_with_a_day_of_no_mark_inside(tmp_path):
    # N Mon 14 - Tue 15, `-` Wed 16, N Thu 17 - Fri 25 Sep: 9 days seen and 1 with no mark
    # inside: listed at 10 (run_days stays 9), and said by the run
    reg = register(
        {"DASH": " ".join([P] * 5 + ["N"] * 2 + ["-"] + ["N"] * 7), "FINE": " ".join([P] * 15)},
        start=__import__("datetime").date(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    config = tmp_path / "attcli.toml"
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-f", "json")
    assert code == 0, err
    (run,) = json.loads(out)["runs"]
    assert (run["upn"], run["run_days"], run["unmarked_within_days"]) == ("DASH", 9, 1)
    code, out, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, width=400)
    assert code == 0, err
    assert (
        "SurnameDASH, ForenameDASH (DASH): 9 school days seen, and 1 school day with no mark "
        "for the pupil in or next to this run (16/09/2026): neither counted nor a break, so "
        "the run may be 10 school days: complete the register in the MIS"
    ) in " ".join(out.split()), out


def test_the_check_s_line_is_of_the_pupils_in_its_view(tmp_path):
    import datetime as dt

    import polars as pl

    start = dt.date(2026, 9, 7)
    seven = register({"TEN": " ".join([P] * 5 + [NC] * 10)}, start=start, year_group="7")
    eight = register(
        {"OG": " ".join([P] * 5 + ["O.C2"] * 5 + ["G.C2"] * 5), "FINE": " ".join([P] * 15)},
        start=start, year_group="8",
    )  # fmt: skip
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(pl.concat([seven, eight]), tmp_path / "export.csv", groups=True)
    base = ("check", export, "-c", tmp_path / "attcli.toml", "--as-of", AS_OF, "-f", "json")
    code, out, err = run_cli(*base, "--year-group", "8")
    assert code == 0, err
    lines = [w for w in json.loads(out)["warnings"] if "part-time" in w]
    assert lines == [
        "1 part-time pupil (C2) absent (N, O or G) at every other session of 10+ school days "
        "in a row (SurnameOG, ForenameOG (OG), 10 school days to 25/09/2026): C2 (a session "
        "the pupil's part-time timetable leaves out) breaks a run of unexplained absence, so "
        "the absence group does not "
        "list the pupil for it: `attcli cme` lists the pupil apart"
    ], lines
    code, out, err = run_cli(*base)
    assert code == 0, err
    assert [w[:30] for w in json.loads(out)["warnings"] if "part-time" in w] == [
        "2 part-time pupils (C2) absent"
    ]


def test_a_day_with_no_mark_next_to_a_run_before_the_from_date_still_counts(tmp_path):
    # `-` Mon 14 Sep, N Tue 15 - Fri 25 Sep (9 days): the run may be 10 school days, with
    # or without --from 16 Sep (a run in the period is listed whole, and so are the days
    # with no mark next to it; found by tests/test_sweep_oracle3.py's model, seed 32)
    reg = register(
        {"EDGE": " ".join([P] * 5 + ["-"] + ["N"] * 9), "FINE": " ".join([P] * 15)},
        start=__import__("datetime").date(2026, 9, 7),
    )
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    base = ("cme", export, "-c", tmp_path / "attcli.toml", "--as-of", AS_OF, "-f", "json")
    for since in ((), ("--from", "2026-09-16")):
        code, out, err = run_cli(*base, *since)
        assert code == 0, err
        assert [(r["upn"], r["run_start"], r["run_days"], r["unmarked_within_days"])
                for r in json.loads(out)["runs"]] == [("EDGE", "2026-09-15", 9, 1)], since  # fmt: skip


def test_the_workbook_marks_the_part_time_rows_as_the_csv_does(tmp_path):
    from openpyxl import load_workbook

    export, config = _part_time_export(tmp_path)
    out = tmp_path / "cme.xlsx"
    code, _, err = run_cli("cme", export, "-c", config, "--as-of", AS_OF, "-o", out)
    assert code == 0, err
    ws = load_workbook(out).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[0]
    assert header[0] == "UPN" and header[-1] == "List"
    marks = {r[0]: r[-1] for r in rows[1:] if r[0]}
    assert marks == {
        "ORDINARY": "runs of unexplained absence",
        **{u: "part-time (C2), absent at every other session"
           for u in ("TEN", "NOTPOSS", "ALLC2", "WHOLE", "OG")},
    }  # fmt: skip


def test_a_trust_s_export_lists_each_school_s_part_time_pupil(tmp_path):
    # one export of two schools, one file a school: each school's part-time child is
    # listed, named by their school as the runs are
    import datetime as dt

    import polars as pl

    from school import make_workspace

    schools = (
        '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
        '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n'
    )
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + schools)
    reg = pl.concat([
        register({"A": " ".join([P] * 15), "M": " ".join([P] * 5 + [NC] * 10)},
                 start=dt.date(2026, 9, 7), school=name)
        for name in ("Oak School", "Ash School")
    ])  # fmt: skip
    export = write_long_csv(reg, tmp_path / "trust.csv", dob=True, groups=True, school=True)
    out = tmp_path / "out"
    code, _, err = run_cli(
        "cme", export, "-c", config, "--as-of", AS_OF, "--per-school", out, "-f", "json"
    )
    assert code == 0, err
    for key in ("oak", "ash"):
        doc = json.loads((out / f"{key}-cme.json").read_text(encoding="utf-8"))
        assert doc["runs"] == []
        assert [(r["school"], r["upn"], r["run_days"]) for r in doc["part_time_runs"]] == [
            (key, "M", 10)
        ]


def test_an_evaluation_of_two_schools_keeps_each_school_s_part_time_runs():
    # a trust's register evaluated whole (the trust's report, its figures): each school's
    # part-time runs are put together, as its runs are
    import datetime as dt

    import polars as pl

    from attcli.config import Config
    from attcli.engine import evaluate

    tokens = " ".join([P] * 2 + [NC] * 3)  # Mon 7 - Fri 11 Sep: N/C2 Wed - Fri
    reg = pl.concat([
        register({u: tokens}, start=dt.date(2026, 9, 7), school=s)
        for u, s in (("A1", "Ash"), ("B1", "Birch"))
    ])  # fmt: skip
    ev = evaluate(reg, Config())
    assert sorted(
        (r["school"], r["upn"], r["start"], r["days"], r["current"])
        for r in ev.part_time_runs.to_dicts()
    ) == [
        ("Ash", "A1", dt.date(2026, 9, 9), 3, True),
        ("Birch", "B1", dt.date(2026, 9, 9), 3, True),
    ]
    assert ev.runs.filter(pl.col("kind") == "unexplained").height == 0


# ---- a model of the lead's rule, written from the decision alone, on random registers

_TOKENS = [
    "N.C2", "C2.N", "N.C2", "O.C2", "G.C2", "N", "C2.C2", "/.C2", "I.C2", "U.C2", "X",
    "-", "N.-", "-.C2", "C2.X", P, "M.C2", "L.C2",
]  # fmt: skip
_CME, _ATTENDED = {"N", "O", "G"}, {"/", "\\", "L"}
_NOT_COUNTED = {"-", "", "X"}  # a missing mark; not possible


def _model_runs(tokens: list[str], dates: list) -> list[tuple]:  # noqa: ANN001
    """(start, end, days, codes, last_attended) of each part-time run: a day counts when
    every possible session is C2 or a CME code and not all are C2; a day with no possible
    session, or C2 alone, neither counts nor breaks; any other day breaks; a run holds a
    C2 session anywhere in its span, a day of C2 alone between two of its days counting as
    one (the lead's decision, sweep decide9)."""
    from builders import split_token

    runs, cur, seen, c2_day = [], None, None, False
    for day, tok in zip(dates, tokens, strict=True):
        marks = split_token(tok)
        possible = [m for m in marks if m not in _NOT_COUNTED]
        if not possible or all(m == "C2" for m in possible):
            kind = "none"
            c2_day = c2_day or (bool(possible) and cur is not None)
        elif all(m in _CME | {"C2"} for m in possible):
            kind = "count"
        else:
            kind = "break"
        if kind == "count":
            if cur is None:
                cur = [day, day, 0, set(), seen]
                runs.append(cur)
            cur[1], cur[2] = day, cur[2] + 1
            cur[3] |= set(possible) | ({"C2"} if c2_day else set())
            c2_day = False
        elif kind == "break":
            cur, c2_day = None, False
        if any(m in _ATTENDED for m in marks):
            seen = day
    return [
        (a.isoformat(), b.isoformat(), n, "".join(sorted(c)), s and s.isoformat())
        for a, b, n, c, s in runs
        if "C2" in c
    ]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_part_time_runs_agree_with_a_model_of_the_rule(seed, tmp_path):
    import datetime as dt
    import random

    from builders import school_days

    rnd = random.Random(seed)
    start = dt.date(2026, 9, 7)
    pupils = {f"R{i:02d}": [P] + [rnd.choice(_TOKENS) for _ in range(14)] for i in range(14)}
    pupils["FINE"] = [P] * 15
    reg = register({u: " ".join(t) for u, t in pupils.items()}, start=start)
    (tmp_path / "attcli.toml").write_text(AUTUMN_HALF_TERMS, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "export.csv")
    code, out, err = run_cli(
        "cme", export, "-c", tmp_path / "attcli.toml", "--as-of", AS_OF, "--days", "1",
        "-f", "json",
    )  # fmt: skip
    assert code == 0, err
    got = sorted(
        (r["upn"], r["run_start"], r["run_end"], r["run_days"], "".join(r["codes"]),
         r["last_attended"])
        for r in json.loads(out)["part_time_runs"]
    )  # fmt: skip
    dates = school_days(start, 15, [])
    want = sorted((u, *r) for u, t in pupils.items() for r in _model_runs(t, dates))
    assert got == want, seed
