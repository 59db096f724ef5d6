"""DOMAIN.md 3, 4, 7, 8 and 11 read sentence by sentence, a sixth pass (sweep of 6 December
(second), domaing): each rule at its boundary (one below, on, one above) on a small
hand-built register, the answer worked out by hand in the comments, through the commands
that show it (docs/decisions.md, "domaing", lists rule -> test).

The registers (tests/builders.py) run from Mon 7 Sep 2026 unless said, school days only:
  week 1: 7-11 Sep  week 2: 14-18  week 3: 21-25  week 4: 28 Sep-2 Oct  week 5: 5-9 Oct
  week 6: 12-16 Oct  week 7: 19-23 Oct, the October half term 26-30 Oct (no rows),
  week 8: 2-6 Nov  week 9: 9-13 Nov  week 10: 16-20 Nov ...
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from attcli.config import Config, parse_config
from attcli.engine import evaluate
from attcli.lacheck import register_check, settings_from
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

D = dt.date
P = "/\\"
#: the October half term: a week with no sessions at all (no rows)
HALF_TERM = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]


def days_with(absent: int, n: int, code: str = "R") -> str:
    """``n`` school days whose first ``absent`` sessions are ``code`` (whole days, then a
    morning), the rest present."""
    out = []
    for _ in range(n):
        if absent >= 2:
            out.append(code)
            absent -= 2
        elif absent == 1:
            out.append(f"{code}\\")
            absent -= 1
        else:
            out.append(P)
    return " ".join(out)


def rows(ev, *cols: str) -> dict[str, tuple]:  # noqa: ANN001
    return {r[0]: r[1:] for r in ev.pupils.select("upn", *cols).rows()}


def test_the_bands_edges_read_the_same_in_check_cases_and_summary(tmp_path: Path) -> None:
    """DOMAIN.md 3: "green | attendance >= 92 %"; "amber | 90 % < attendance < 92 %";
    "red | absence >= 10 % (attendance <= 90 %)"; "severe | absence >= 50 % (attendance
    <= 50 %)"; and 2: "Compare thresholds on exact fractions (integers), never on a
    rounded percentage"."""
    # 50 school days to Fri 20 Nov = 100 sessions; absence is R (religious observance:
    # authorised, and no code a letter is held for).  A '#' on the last morning makes 99.
    #   G92 92/100 = 92 %: green (>= 92).  A91 91/100: amber.  R90 90/100 = 90 %: red
    #   (<= 90).  R51 51/100: red (> 50).  S50 50/100 = 50 %: severe (<= 50).
    #   A9192 91/99 = 91.92 %: amber (91 x 100 = 9100 > 90 x 99 = 8910; < 92 x 99 = 9108).
    #   R8990 89/99 = 89.90 %: red (8900 <= 8910), though it reads 89.9 %.
    #   G9293 92/99 = 92.93 %: green (9200 >= 9108).
    want = {"G92": "green", "A91": "amber", "R90": "red", "R51": "red", "S50": "severe",
            "A9192": "amber", "R8990": "red", "G9293": "green"}  # fmt: skip
    pupils = {
        "G92": days_with(8, 50), "A91": days_with(9, 50), "R90": days_with(10, 50),
        "R51": days_with(49, 50), "S50": days_with(50, 50),
        "A9192": days_with(8, 49) + " #\\", "R8990": days_with(10, 49) + " #\\",
        "G9293": days_with(7, 49) + " #\\",
    }  # fmt: skip
    reg = register(pupils, holidays=HALF_TERM)
    ev = evaluate(reg, Config(), as_of=D(2026, 11, 20))
    assert {u: b for u, (b,) in rows(ev, "band").items()} == want
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    asof = ("--as-of", "2026-11-20")
    # the weekly check: each pupil's band, and the group it is listed in (none for green)
    code, out, err = run_cli("check", exp, "-c", ws, *asof, "--format", "json")
    assert code == 0, err
    checked = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert {u: p["band"] for u, p in checked.items()} == want
    for u, band in want.items():
        assert checked[u]["groups"] == ([] if band == "green" else [f"band:{band}"]), u
    assert checked["R8990"]["reasons"]["band:red"].startswith("89.9% (89 of 99 sessions)")
    assert checked["A9192"]["reasons"]["band:amber"].startswith("91.9% (91 of 99 sessions)")
    # the casebook (the default ladder, from the bands): each band's letter step is due
    code, out, err = run_cli("cases", exp, "-c", ws, *asof, "--format", "json")
    assert code == 0, err
    due = {c["upn"]: c["due_stage"] for c in json.loads(out)["cases"]}
    assert due == {u: b for u, b in want.items() if b != "green"}
    # the trust's summary: the counts per band
    out_file = tmp_path / "summary.json"
    code, _, err = run_cli("summary", exp, "-c", ws, *asof, "--output", out_file)
    assert code == 0, err
    counts = {b["band"]: b["pupils"] for b in json.loads(out_file.read_text())["bands"]}
    assert counts == {"green": 2, "amber": 2, "red": 3, "severe": 1}


@pytest.mark.parametrize("config", ["term dates", "inferred"])
def test_lates_from_the_first_session_of_a_half_term_count_in_it_alone(
    config: str, tmp_path: Path
) -> None:
    """DOMAIN.md 4: "A late arrival is `L` (before the register closed) or `U` (after it
    closed)"; "Flag: 4 or more late arrivals within one half term (seed 002)"."""
    # Autumn 1 ends Fri 23 Oct; Autumn 2 begins Mon 2 Nov (the holiday between: no rows).
    #   A: 3 lates in Autumn 1 (the last on its last session, Fri 23 Oct PM), then late
    #      on Autumn 2's first session (Mon 2 Nov AM): as of Mon 2 Nov, 1 in Autumn 2,
    #      not flagged (were the half terms one, 4).
    #   B: late on Mon 2 Nov AM (L), Tue 3 Nov AM (U), Wed 4 Nov PM (L): 3 as of Wed 4
    #      Nov, not flagged; the 4th on Thu 5 Nov AM (U): 4, flagged.
    a = "L\\ " + P + " L\\ " + " ".join([P] * 31) + " /L " + "L\\ /\\ /\\ /\\ /\\"
    b = " ".join([P] * 35) + " L\\ U\\ /L U\\ /\\"
    reg = register({"A": a, "B": b}, holidays=HALF_TERM)
    cfg = parse_config(AUTUMN_HALF_TERMS) if config == "term dates" else Config()
    cols = ("lates_half_term", "lates_flag")
    assert rows(evaluate(reg, cfg, as_of=D(2026, 10, 23)), *cols)["A"] == (3, False)
    on_2nov = rows(evaluate(reg, cfg, as_of=D(2026, 11, 2)), *cols)
    assert (on_2nov["A"], on_2nov["B"]) == ((1, False), (1, False))
    assert rows(evaluate(reg, cfg, as_of=D(2026, 11, 4)), *cols)["B"] == (3, False)
    assert rows(evaluate(reg, cfg, as_of=D(2026, 11, 5)), *cols)["B"] == (4, True)
    if config == "inferred":
        return
    # the check lists B, not A, in the lateness group on Thu 5 Nov, with the 4 sessions
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-05", "--format", "json")
    assert code == 0, err
    checked = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert "lates" not in checked["A"]["groups"] and "lates" in checked["B"]["groups"]
    assert checked["B"]["reasons"]["lates"] == (
        "4 lates in Autumn 2: 02/11 AM, 03/11 AM, 04/11 PM, 05/11 AM"
    )


def test_sickness_of_thirty_half_days_or_a_run_of_fifteen_days(tmp_path: Path) -> None:
    """DOMAIN.md 7: "Tell the local authority about a pupil who has missed, or is likely to
    miss, 15 school days or more through illness (`I`), consecutively or cumulatively in
    the school year: 30 `I` sessions cumulative, or a run of 15 days"; and 8: the reason
    "sickness 15 days"."""
    # 50 school days to Fri 20 Nov.  S30: ill every morning of the first 30 school days
    # (I, then present in the afternoon), present after: 30 I sessions, 15 school days
    # cumulatively, no whole day of illness (no run).  S29: the same for 29 mornings.
    # R15: present to Fri 23 Oct, then I every day from Mon 2 Nov to Fri 20 Nov: a run of
    # 15 school days (30 sessions).  R14: the run from Tue 3 Nov, 14 days (28 sessions).
    # The register check's threshold is set to 50 % so that illness is the only reason a
    # row can have (70 of 100 is above 50).
    pupils = {
        "S30": " ".join(["I/"] * 30 + [P] * 20),
        "S29": " ".join(["I/"] * 29 + [P] * 21),
        "R15": " ".join([P] * 35 + ["I"] * 15),
        "R14": " ".join([P] * 36 + ["I"] * 14),
    }
    reg = register(pupils, holidays=HALF_TERM)
    ev = evaluate(reg, Config(), as_of=D(2026, 11, 20))
    cols = ("sickness_sessions", "sickness_longest_days", "sickness_flag")
    assert rows(ev, *cols) == {
        "S30": (30, 0, True), "S29": (29, 0, False), "R15": (30, 15, True), "R14": (28, 14, False),
    }  # fmt: skip
    cfg = parse_config("[register_check]\nthreshold = 50\n")
    rc = register_check(reg, cfg, term="autumn", year=2026, settings=settings_from(cfg))
    assert {r["upn"]: r["reasons"] for r in rc.rows.iter_rows(named=True)} == {
        "S30": "sickness_15_days", "R15": "sickness_15_days"
    }  # fmt: skip
    # the weekly check's sickness group and the monthly return's illness list: the same two
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    asof = ("--as-of", "2026-11-20")
    code, out, err = run_cli("check", exp, "-c", ws, *asof, "--format", "json")
    assert code == 0, err
    checked = {p["upn"]: p for p in json.loads(out)["pupils"]}
    assert {u for u, p in checked.items() if "sickness" in p["groups"]} == {"S30", "R15"}
    assert checked["S30"]["reasons"]["sickness"] == (
        "30 illness sessions this year; no whole school day of illness"
    )
    assert checked["R15"]["reasons"]["sickness"] == (
        "30 illness sessions this year; longest run of illness 15 school days"
    )
    ret = tmp_path / "return.csv"
    code, _, err = run_cli("la-return", exp, "-c", ws, "--month", "2026-11", *asof, "-o", ret)
    assert code == 0, err
    listed = list(csv.DictReader(ret.read_text(encoding="utf-8-sig").splitlines()))
    assert {(r["UPN"], r["List"], r["Illness sessions (year)"]) for r in listed} == {
        ("S30", "sickness_15_days", "30"), ("R15", "sickness_15_days", "30"),
    }  # fmt: skip


def test_the_register_check_lists_a_run_of_ten_days_across_christmas_and_not_nine() -> None:
    """DOMAIN.md 8: "The school gives its local authority, each term, the details of pupils
    who fail to attend regularly or who have had 10 or more continuous school days of
    unauthorised absence"; "Which threshold lists a pupil is configurable (default:
    attendance <= 90 %)"."""
    # Autumn: 70 school days, Mon 7 Sep to Fri 18 Dec; Christmas 21 Dec to 1 Jan (no
    # rows); spring from Mon 4 Jan 2027: 55 school days to Fri 26 Mar (a half term
    # 15-19 Feb, no rows).
    #   RUN10: N on the autumn's last 5 days (14-18 Dec) and the spring's first 5 (4-8
    #          Jan): one run of 10 school days (the holiday is no school day), reaching
    #          into the spring term: listed for it.  Spring: 100 of 110 = 90.9 %, above
    #          the threshold: that is the only reason.
    #   RUN9:  the same from Tue 15 Dec: 9 days; 100 of 110 likewise: not listed.
    #   AT90:  99 of 110 = 90.0 % in spring (R, authorised, on 11 sessions): listed,
    #          below_threshold (<= 90).  AB90: 100 of 110: not listed.
    xmas = [D(2026, 12, 21) + dt.timedelta(days=i) for i in range(14)]
    feb = [D(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)]
    autumn = [P] * 70
    run10 = " ".join(autumn[:65] + ["N"] * 5 + ["N"] * 5 + [P] * 50)
    run9 = " ".join(autumn[:66] + ["N"] * 4 + ["N"] * 5 + [P] * 50)
    at90 = " ".join(autumn + ["R"] * 5 + ["R\\"] + [P] * 49)
    ab90 = " ".join(autumn + ["R"] * 5 + [P] * 50)
    reg = register(
        {"RUN10": run10, "RUN9": run9, "AT90": at90, "AB90": ab90},
        holidays=HALF_TERM + xmas + feb,
    )
    rc = register_check(reg, Config(), term="spring", year=2026)
    assert (rc.start, rc.as_of) == (D(2027, 1, 4), D(2027, 3, 26))
    listed = {r["upn"]: r for r in rc.rows.iter_rows(named=True)}
    assert {u: r["reasons"] for u, r in listed.items()} == {
        "RUN10": "continuous_unauthorised_10_days",
        "AT90": "below_threshold",
    }
    assert (listed["RUN10"]["possible"], listed["RUN10"]["term_pct"]) == (110, 90.91)
    assert (listed["AT90"]["authorised"], listed["AT90"]["term_pct"]) == (11, 90.0)


@pytest.mark.parametrize("ladder", ["seed003", "seed004"])
def test_the_policies_presets_point_to_the_page_that_describes_them(ladder: str) -> None:
    """DOMAIN.md 3: "The band list (names, thresholds, letter template per band) is
    configuration"; 11: "The stages, triggers and periods differ by school, so they are
    configuration".  The bands and ladder `attcli init --ladder` writes into a school's
    attcli.toml send the reader to a page; that page must describe the preset (it was
    docs/presets.md, the page of the MIS export layouts, which names no ladder)."""
    import re

    from attcli.config import init_text, ladder_bands_text, ladder_text

    docs = Path(__file__).resolve().parent.parent / "docs"
    written = init_text({"name": "X"}, ladder=ladder)
    assert ladder_bands_text(ladder).strip() in written and "[escalation]" in written
    pages = {
        (kind, page)
        for kind, text in (("bands", ladder_bands_text(ladder)), ("ladder", ladder_text(ladder)))
        for page in re.findall(r"docs/([a-z0-9_-]+\.md)", text)
    }
    assert {kind for kind, _ in pages} == {"bands", "ladder"}, "a preset names no page"
    for _, page in pages:
        text = (docs / page).read_text(encoding="utf-8")
        assert f"{ladder}-bands.toml" in text and f"--ladder {ladder}" in text, page


WATCH_BANDS = """
[[bands]]
name = "green"
at_least = 95

[[bands]]
name = "watch"
at_least = 92

[[bands]]
name = "amber"
above = 90
letter = "amber"

[[bands]]
name = "red"
above = 50
letter = "red"

[[bands]]
name = "severe"
letter = "severe"
"""


def test_a_band_with_no_letter_is_not_asked_for_a_letter(tmp_path: Path) -> None:
    """DOMAIN.md 3: "The band list (names, thresholds, letter template per band) is
    configuration"; 9: "Each half term, office staff send a letter for each pupil whose band
    calls for one".  A band the school drew with no letter (a "watch" band, 92 % to 95 %)
    calls for none, and attcli letters sends none: the weekly check does not ask for one."""
    from attcli.check import groups_for

    cfg = parse_config(WATCH_BANDS)
    actions = {g.key: g.action for g in groups_for(cfg)}
    assert actions["band:watch"] == (
        "meeting as your policy sets for this band; no letter: the band has none in the config"
    )
    assert actions["band:amber"] == "letter and meeting as your policy sets for this band"
    # W: 93 of 100 sessions (93 %: watch); A: 91 of 100 (amber).  50 school days to 20 Nov.
    reg = register({"W": days_with(7, 50), "A": days_with(9, 50)}, holidays=HALF_TERM)
    exp = write_long_csv(reg, tmp_path / "export.csv", dob=True)
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    default = ws.read_text(encoding="utf-8")
    start = default.index("[[bands]]")
    end = default.index("[thresholds]")
    ws.write_text(default[:start] + WATCH_BANDS.lstrip() + "\n" + default[end:], encoding="utf-8")
    code, out, err = run_cli("check", exp, "-c", ws, "--as-of", "2026-11-20", width=400)
    assert code == 0, err
    watch = out[out.index("Watch (at least 92 % and below 95 %)"):]
    assert next(x for x in watch.splitlines() if x.startswith("Action:")) == (
        "Action: meeting as your policy sets for this band; no letter: the band has none in "
        "the config"
    )
    code, out, err = run_cli("pupil", "W", exp, "-c", ws, "--as-of", "2026-11-20", width=400)
    assert code == 0, err
    assert "action: meeting as your policy sets for this band; no letter: the band has none" in out


def test_a_band_named_in_capitals_keeps_them_in_its_headings() -> None:
    """DOMAIN.md 3: "The band list (names, thresholds, letter template per band) is
    configuration"; its table names red "persistent absence (PA)" and severe "severe
    absence (SA)".  A school naming its bands "at risk of PA", "PA" and "SA" read "Pa",
    "Sa" and "At risk of pa" in the weekly check's headings and the default ladder's step
    titles: only the first letter is raised."""
    from attcli.check import groups_for
    from attcli.config import default_ladder

    cfg = parse_config(
        '[[bands]]\nname = "green"\nat_least = 92\n'
        '[[bands]]\nname = "at risk of PA"\nabove = 90\nletter = "amber"\n'
        '[[bands]]\nname = "PA"\nabove = 50\nletter = "red"\n'
        '[[bands]]\nname = "SA"\nletter = "severe"\n'
    )
    titles = {g.key: g.title for g in groups_for(cfg)}
    assert titles["band:SA"] == "SA (50 % or less)"
    assert titles["band:PA"] == "PA (above 50 % and at most 90 %)"
    assert titles["band:at risk of PA"] == "At risk of PA (above 90 % and below 92 %)"
    steps = {s.name: s.title for s in default_ladder(cfg.bands).stages}
    assert (steps["PA"], steps["at risk of PA"]) == ("PA letter", "At risk of PA letter")
