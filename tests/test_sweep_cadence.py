"""When things fall due: letters, ladder steps and cases around half-term and term
boundaries and holidays (sweep of 5 December, cadence).

The school year is 2026/27's, as tests/test_sweep_policies2.py builds it: six half terms
(Autumn 1 from Monday 7 September 2026 to Summer 2 ending Friday 16 July 2027), bank
holidays not school days; one pattern of marks a pupil, repeated over the school days
(i = 0, 1, ...: Autumn 1 is i = 0..34, Autumn 2 35..69, Spring 1 70..99, Spring 2
100..123, Summer 1 124..).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from builders import write_long_csv
from clirun import run_cli
from school import contacts_file
from test_sweep_policies2 import SCHOOL_DAYS, Pattern, init_workspace, year_register

D = dt.date
P = "/\\"


def _letters(cfg: Path, export: Path, contacts: Path, day: dt.date, out: Path) -> tuple[list, str]:
    code, text, err = run_cli(
        "letters", export, "--contacts", contacts, "-c", cfg, "--as-of", day.isoformat(),
        "--out", out,
    )  # fmt: skip
    assert code == 0, err
    sent = []
    if (out / "manifest.csv").exists():
        with (out / "manifest.csv").open(encoding="utf-8-sig") as f:
            sent = sorted((r["upn"], r["template"], r["stage"]) for r in csv.DictReader(f))
    return sent, text + err


def _cases(cfg: Path, export: Path, day: dt.date) -> tuple[dict, str]:
    code, js, err = run_cli("cases", export, "-c", cfg, "--as-of", day.isoformat(), "-f", "json")
    assert code == 0, err
    code, text, err = run_cli("cases", export, "-c", cfg, "--as-of", day.isoformat(), width=250)
    assert code == 0, err
    return {c["upn"]: c for c in json.loads(js)["cases"]}, " ".join(text.split())


# --- the casebook and a band's letter once a term (left by policies2) --------------------

#: TOM: one session O on every 9th school day in the autumn (i = 0, 9, ..., 63: 8 of 140,
#: 132/140 = 94.3 %), present all of Spring 1, one session O on i = 100 and 110 (Spring 2),
#: 130, 140 and 150 (Summer 1).
TOM: Pattern = lambda i: (  # noqa: E731
    "/O" if (i < 70 and i % 9 == 0) or i in (100, 110, 130, 140, 150) else P
)


def test_the_casebook_does_not_list_a_termly_letter_to_send_when_this_term_s_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003 (amber letters "sent home termly"), letters run on Spring 1's first day.

    By hand.  Mon 04/01/2027 (i = 70, present): 134/142 = 94.4 %, upper amber: the
    upper_amber letter goes, the ladder's upper_amber step recorded (letter 1).  Its
    period is the first half term starting on or after 04/01, Spring 1, to Fri 12/02:
    60/60 = 100 % over it, >= 96 %: improved, TOM leaves the ladder on 12/02.
    Thu 18/03/2027 (i = 118): since leaving (13/02 on: i = 100..118, 38 sessions, 2 missed)
    36/38 = 94.7 %, below 96 %: the ladder's upper_amber step is due again by its
    condition; the year to date 228/238 = 95.8 %, band upper_amber.  But the band's letter
    goes once a term and Spring 1's went on 04/01: `attcli letters` sends none (says why),
    so `attcli cases` must not list it under "Letters to send" either: it is next term's.
    Fri 21/05/2027 (Summer 1, i = 152): 293/306 = 95.75 %, upper amber; since leaving
    101/106 = 95.3 %: due, a new term: listed to send, and letters sends it (letter 2).
    """
    cfg = init_workspace(tmp_path / "ws", "seed003")
    contacts = contacts_file(tmp_path / "contacts.csv", [("TOM", "C1", "Ms", "Ada", "Stone")])
    jan, mar, may = D(2027, 1, 4), D(2027, 3, 18), D(2027, 5, 21)
    assert (SCHOOL_DAYS.index(jan), SCHOOL_DAYS.index(mar), SCHOOL_DAYS.index(may)) == (
        70, 118, 152,
    )  # fmt: skip

    def run(day: dt.date) -> tuple[dict, str, list, str]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = write_long_csv(year_register({"TOM": TOM}, day), tmp_path / f"reg-{day}.csv")
        cases, text = _cases(cfg, export, day)
        sent, said = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        return cases, text, sent, said

    cases, _, sent, _ = run(jan)
    assert (cases["TOM"]["due"], cases["TOM"]["due_stage"]) == ("letter", "upper_amber")
    assert sent == [("TOM", "upper_amber", "1")]

    cases, text, sent, said = run(mar)
    tom = cases["TOM"]
    assert (tom["attendance_pct"], tom["due_stage"]) == (95.8, "upper_amber")
    assert sent == []
    assert "the upper amber letter of 04/01/2027 (Spring 1) is this term's" in said
    # the casebook agrees with the letters: nothing to send this half term, and why
    assert tom["due"] is None
    assert "Letters to send" not in text
    assert "the upper amber letter of 04/01/2027 (Spring 1) is this term's" in tom["note"]
    assert "next term" in tom["note"]
    assert "upper amber letter of 04/01/2027 (Spring 1) is this term's" in text

    cases, text, sent, _ = run(may)
    assert (cases["TOM"]["due"], cases["TOM"]["due_stage"]) == ("letter", "upper_amber")
    assert "Letters to send (1)" in text
    assert sent == [("TOM", "upper_amber", "2")]


# --- "this week" when the week holds an INSET day --------------------------------------

LADDER = """
[escalation]
improve_points = 1
improve_to = 95
[[escalation.stages]]
name = "letter"
action = "letter"
template = "amber"
when_at_most = 93
weeks = 4
[[escalation.stages]]
name = "meeting"
action = "meeting"
after = "letter"
"""


def _autumn(tmp_path: Path, missed: dict[str, dict[dt.date, str]], inset: list[dt.date]) -> tuple:
    """A workspace of Autumn 2026 (the October holiday 26-30 Oct, ``inset`` days listed) with
    the ladder above, and the register from Mon 7 Sep to Fri 18 Dec: every school day
    present but the days ``missed`` gives."""
    from builders import register
    from school import AUTUMN_HALF_TERMS, make_workspace

    days_off = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)] + inset
    cfg = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS + LADDER)
    listed = f"inset_days = [{', '.join(d.isoformat() for d in inset)}]"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("inset_days = []", listed, 1))
    days, day = [], D(2026, 9, 7)
    while day <= D(2026, 12, 18):
        if day.weekday() < 5 and day not in days_off:
            days.append(day)
        day += dt.timedelta(days=1)
    pupils = {u: " ".join(m.get(d, P) for d in days) for u, m in missed.items()}
    return cfg, write_long_csv(register(pupils, holidays=days_off), tmp_path / "autumn.csv")


def test_a_run_a_day_early_for_an_inset_day_does_not_list_last_week_s_review_again(
    tmp_path: Path,
) -> None:
    """A school runs `attcli cases` every Thursday; Thu 12 Nov is an INSET day, so that
    week's run is on Wed 11 Nov.

    By hand.  DAN missed Mon 14 - Thu 17 Sep (8 sessions); his letter went on Fri 9 Oct:
    4 weeks to Thu 05/11.  Before it (11/09 - 08/10: 20 school days) 32/40 = 80.0 %; over
    it (09/10 - 05/11: 15 school days, the October holiday between) 30/30 = 100 %:
    improved, he leaves the ladder on 05/11.  The run as of Thu 05/11 lists that review
    (the periods ended after Thu 22/10, the last school week's run day, across the
    holiday).  The run as of Wed 11/11 lists what ended since Thursday's run: nothing.
    It listed DAN's review (and DAN, "left the ladder") a second time, the 7 days before
    a Wednesday reaching back over Thursday 5 November, which that check had listed."""
    sep = {D(2026, 9, 14 + i): "OO" for i in range(4)}
    cfg, export = _autumn(tmp_path, {"DAN": sep}, [D(2026, 11, 12)])
    assert _cases(cfg, export, D(2026, 10, 8))[0]["DAN"]["due_stage"] == "letter"
    code, _, err = run_cli(
        "case", "record", "DAN", "--action", "letter", "--date", "2026-10-09", "-c", cfg
    )
    assert code == 0, err
    _cases(cfg, export, D(2026, 10, 22))
    cases, text = _cases(cfg, export, D(2026, 11, 5))
    dan = cases["DAN"]
    assert (dan["status"], dan["period_end"], dan["improved"]) == ("left", "2026-11-05", True)
    assert (dan["before_pct"], dan["since_pct"]) == (80.0, 100.0)
    assert "Reviews ended since the last school week (after 22/10/2026) (1)" in text
    cases, text = _cases(cfg, export, D(2026, 11, 11))
    assert "DAN" not in cases
    assert "Reviews" not in text


# --- who signs which letter (seed 003's table gives each row's letters to its own person) --


def _pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(str(path)).pages)


def test_a_band_s_own_signatory_signs_its_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seed 003's escalation table names who is responsible for each row's actions: the
    amber rows' (the termly RAG letters) "FLO (oversight by The School Lead)", the below
    90 % row's (its "RAG Attendance Letter (amber 1)", the key worker, the meeting) "School
    Lead".  One `[letters] signatory` signed every letter.  A band's `signatory` (and
    `signatory_role`) now signs its letter; the other bands' letters and the lateness,
    praise and warning letters stay the `[letters]` signatory's (here the attendance lead,
    Ms L. Lead, as `attcli init` wrote it).  By hand, Fri 16/10/2026: UMA 57/60 = 95.0 %
    (upper amber), LEO 55/60 = 91.7 % (lower amber, no signatory of its own), RED 48/60 =
    80.0 % (red)."""
    from test_sweep_policies2 import LEO, RED, RUN_DAYS, UMA

    cfg = init_workspace(tmp_path / "ws", "seed003")
    text = cfg.read_text(encoding="utf-8")
    for letter, who, role in (
        ("upper_amber", "Mr F. Flo", "Family Liaison Officer"),
        ("red", "Ms S. Lead", "School Lead"),
    ):
        assert text.count(f'letter = "{letter}"\n') == 1
        text = text.replace(
            f'letter = "{letter}"\n',
            f'letter = "{letter}"\nsignatory = "{who}"\nsignatory_role = "{role}"\n',
        )
    cfg.write_text(text, encoding="utf-8")
    day = RUN_DAYS[0]
    monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
    pupils = {"UMA": UMA, "LEO": LEO, "RED": RED}
    export = write_long_csv(year_register(pupils, day), tmp_path / "reg.csv")
    contacts = contacts_file(
        tmp_path / "contacts.csv", [(u, f"C{i}", "Ms", "Ada", u) for i, u in enumerate(pupils)]
    )
    sent, _ = _letters(cfg, export, contacts, day, tmp_path / "out")
    assert [(u, t) for u, t, _ in sent] == [
        ("LEO", "lower_amber"), ("RED", "red"), ("UMA", "upper_amber"),
    ]  # fmt: skip
    # (who signs: the lines under "Yours sincerely,"; the letters' "please contact" names
    # the school's attendance lead whoever signs, as with [letters] signatory)
    signed = {
        u: _pdf_text(next((tmp_path / "out").rglob(f"{u}_*_{t}.pdf"))).split("Yours sincerely,")[1]
        for u, t, _ in sent
    }
    assert "Mr F. Flo" in signed["UMA"] and "Family Liaison Officer" in signed["UMA"]
    assert "Ms L. Lead" not in signed["UMA"]
    assert "Ms S. Lead" in signed["RED"] and "School Lead" in signed["RED"]
    assert "Ms L. Lead" not in signed["RED"]
    assert "Ms L. Lead" in signed["LEO"]
    assert "Mr F. Flo" not in signed["LEO"] and "Ms S. Lead" not in signed["LEO"]


@pytest.mark.parametrize(
    ("lines", "words"),
    [
        ('letter = "amber"\nsignatory = 3', "expected a name"),
        ('letter = "amber"\nsignatory_role = ["FLO"]', "expected a role"),
        ('signatory = "Mr F. Flo"', "has no letter"),
        ('letter = "amber"\nsignatory_role = "FLO"', "but no signatory"),
    ],
)
def test_a_band_signatory_that_means_nothing_is_refused(lines: str, words: str) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    bands = f"""
[[bands]]
name = "green"
at_least = 96
[[bands]]
name = "amber"
at_least = 90
{lines}
[[bands]]
name = "red"
letter = "red"
"""
    with pytest.raises(ConfigError) as exc:
        parse_config(bands)
    assert "bands[1].signatory" in str(exc.value) and words in str(exc.value)


# --- the first week of September: a new school year --------------------------------------

TWO_YEARS = [
    ("Autumn 1", D(2025, 9, 3), D(2025, 10, 24)),
    ("Autumn 2", D(2025, 11, 3), D(2025, 12, 19)),
    ("Spring 1", D(2026, 1, 5), D(2026, 2, 13)),
    ("Spring 2", D(2026, 2, 23), D(2026, 3, 27)),
    ("Summer 1", D(2026, 4, 13), D(2026, 5, 22)),
    ("Summer 2", D(2026, 6, 1), D(2026, 7, 17)),
    ("Autumn 1", D(2026, 9, 3), D(2026, 10, 23)),
]


def _school_days(first: dt.date, last: dt.date) -> list[dt.date]:
    from attcli.bankholidays import is_bank_holiday
    from builders import weekdays

    return [
        d
        for _, s, e in TWO_YEARS
        for d in weekdays(s, e)
        if first <= d <= last and not is_bank_holiday(d)
    ]


def _two_year_export(
    path: Path, first: dt.date, last: dt.date, pattern: Pattern, *, dob: bool = False
) -> Path:
    """RED's marks from ``first`` to ``last``: ``pattern`` over the school days, counted
    from ``first`` (i = 0, 1, ...)."""
    from builders import register_rows

    rows = [
        {"upn": "RED", "date": day, "session": s, "mark": m}
        for i, day in enumerate(_school_days(first, last))
        for s, m in zip(("AM", "PM"), pattern(i), strict=True)
    ]
    return write_long_csv(register_rows(rows), path, dob=dob)


def test_last_year_s_band_letter_still_due_is_no_letter_to_send_before_this_year_s_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RED misses one day in five (80 %, band red).  The run as of Fri 17/07/2026 has his
    red letter due; the letters were never run.  In the new school year (Autumn 1 from
    Thu 03/09) the step stays due, carried over until he has a figure (decided, sweep
    "No longer due": no figure is no sign of improvement), but the red letter is a band's
    letter and a band needs 10 possible sessions this year: on Fri 04/09 (2 school days, 4
    sessions) `attcli letters` sends none (no band), so the casebook must not list it under
    "Letters to send" then, and says why.  By Mon 14/09 (8
    school days, i = 0 and 5 absent: 12/16 = 75.0 %, red) he has a band: the red letter is
    due by its condition and to send, and letters writes it."""
    from school import make_workspace

    toml = "".join(
        f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n' for n, s, e in TWO_YEARS
    )
    cfg = make_workspace(tmp_path / "ws", toml)
    contacts = contacts_file(tmp_path / "contacts.csv", [("RED", "C1", "Ms", "Ada", "Red")])
    red: Pattern = lambda i: "OO" if i % 5 == 0 else P  # noqa: E731
    july = _two_year_export(tmp_path / "last.csv", D(2025, 9, 3), D(2026, 7, 17), red)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-07-17")
    cases, _ = _cases(cfg, july, D(2026, 7, 17))
    assert (cases["RED"]["due"], cases["RED"]["due_stage"]) == ("letter", "red")

    def september(day: dt.date) -> tuple[dict, str, list]:
        monkeypatch.setenv("ATTCLI_TODAY", day.isoformat())
        export = _two_year_export(tmp_path / f"this-{day}.csv", D(2026, 9, 3), day, red)
        cases, text = _cases(cfg, export, day)
        sent, _ = _letters(cfg, export, contacts, day, tmp_path / f"out-{day}")
        return cases["RED"], text, sent

    red_now, text, sent = september(D(2026, 9, 4))
    assert sent == []
    assert (red_now["status"], red_now["due_stage"]) == ("due", "red")
    assert "still due from the check recorded as of 17/07/2026" in red_now["note"]
    assert red_now["due"] is None
    assert "Letters to send" not in text
    assert "no band this school year yet (4 possible sessions, fewer than 10)" in red_now["note"]

    red_now, text, sent = september(D(2026, 9, 14))
    assert red_now["attendance_pct"] == 75.0
    assert (red_now["due"], red_now["due_stage"]) == ("letter", "red")
    assert "Letters to send (1)" in text
    assert [(u, t) for u, t, _ in sent] == [("RED", "red")]


def test_a_trust_s_band_signatory_does_not_sign_a_school_that_signs_its_own_letters(
    tmp_path: Path,
) -> None:
    """The workspace's bands (a trust's) give the red letter a signatory: the trust's.  A
    school whose `[schools.KEY]` gives its own attendance lead signs its own letters
    (sweep trust4), so the trust's band signatory does not sign its red letter; a school
    that gives none keeps the workspace's signatories, band's included; a school with its
    own bands keeps its bands' own."""
    from attcli.config import init_text, load_config
    from attcli.letter_settings import LetterSettings
    from school import AUTUMN_HALF_TERMS, DETAILS

    text = init_text(DETAILS).replace(
        'letter = "red"\n', 'letter = "red"\nsignatory = "Ms T. Trust"\n', 1
    )
    school = '\n[schools.{k}]\nname = "{k} School"\nfiles = ["{k}-*"]\n{lead}'
    own_bands = (
        '[[schools.c.bands]]\nname = "green"\nat_least = 92\n'
        '[[schools.c.bands]]\nname = "red"\nletter = "red"\nsignatory = "Mr C. Own"\n'
    )
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        text + AUTUMN_HALF_TERMS
        + school.format(k="a", lead='attendance_lead = "Mrs A. Ash"\n')
        + school.format(k="b", lead="")
        + school.format(k="c", lead='attendance_lead = "Mr C. Cee"\n') + own_bands,
        encoding="utf-8",
    )  # fmt: skip
    config = load_config(cfg)
    signs = {k: LetterSettings.from_config(config.for_school(k)).band_signatories for k in "abc"}
    assert signs == {
        "a": {},
        "b": {"red": ("Ms T. Trust", "")},
        "c": {"red": ("Mr C. Own", "")},
    }


def test_no_letters_as_of_a_day_before_the_new_school_year_s_first_school_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RED (born 01/10/2014: of compulsory school age) missed one day in five all year, 48
    unauthorised sessions in the summer term's last 10 school weeks.  No letters went in
    July.  `letters --as-of 2026-09-01` (an INSET day, Autumn 1 from Thu 03/09) with last
    year's export: the school year 2026/27 has no school day yet, and the run made Summer
    2's letters on it: a penalty-notice warning dated 1 September whose table read "This
    half term (Summer 2) from 1 September 2026" and "Sessions attended 0 of 0", sent to the
    family.  Now refused in one line (Summer 2's letters cannot go now either: dated in
    2026/27, which letters already refuse); as of 17/07 (Summer 2's last day) the letters go,
    and as of Thu 03/09 with this year's export too, Autumn 1's."""
    from school import make_workspace

    toml = "".join(
        f'\n[[calendar.half_terms]]\nname = "{n}"\nstart = {s}\nend = {e}\n' for n, s, e in TWO_YEARS
    )
    cfg = make_workspace(tmp_path / "ws", toml)
    contacts = contacts_file(tmp_path / "contacts.csv", [("RED", "C1", "Ms", "Ada", "Red")])
    red: Pattern = lambda i: "OO" if i % 5 == 0 else P  # noqa: E731
    july = _two_year_export(tmp_path / "last.csv", D(2025, 9, 3), D(2026, 7, 17), red, dob=True)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-01")
    code, out, err = run_cli(
        "letters", july, "--contacts", contacts, "-c", cfg, "--as-of", "2026-09-01",
        "--out", tmp_path / "sep1",
    )  # fmt: skip
    assert (code, out) == (1, ""), out
    assert err.startswith("error: no letters as of 01/09/2026: ")
    assert "no school day of the school year 2026/27 yet (its first is 03/09/2026)" in err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "sep1").exists()
    monkeypatch.setenv("ATTCLI_TODAY", "2026-07-17")
    sent, _ = _letters(cfg, july, contacts, D(2026, 7, 17), tmp_path / "jul")
    assert ("RED", "penalty_notice_warning") in [(u, t) for u, t, _ in sent]
    monkeypatch.setenv("ATTCLI_TODAY", "2026-09-03")
    sep = _two_year_export(tmp_path / "this.csv", D(2026, 9, 3), D(2026, 9, 3), red, dob=True)
    code, out, err = run_cli(
        "letters", july, sep, "--contacts", contacts, "-c", cfg, "--as-of", "2026-09-03",
        "--out", tmp_path / "sep3", "--dry-run",
    )  # fmt: skip
    assert code == 0, err
    assert "Letters for Autumn 1 (figures as of 03/09/2026)" in out
