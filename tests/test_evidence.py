"""`attcli evidence` (issue 17): packs the local authority accepts first time.

The example school's planted pupils (examples/README.md): Harvey Doyle (`pn_week_of_g`),
G every session Mon 16 - Fri 20 Nov 2026 (10 sessions), meets the threshold on Fri 20
Nov; his window as of that day is the 10 school weeks from Mon 7 Sep (the half-term
week is not a school week) and holds no other unauthorised session, no N and no
missing mark. His parents are contacts 70167 (Mrs Joanne Doyle, priority 1, parental
responsibility) and 70168 (Mr Tomasz Doyle).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from attcli.store import History, Parent
from clirun import run_cli

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"
CONTACTS = ROOT / "examples" / "exports" / "contacts.csv"
DOYLE = "L999290719909"
MOTHER = Parent("id:70167", "Mrs Joanne Doyle")
BENNETT = "A999291016911"  # pn_nine: 9 unauthorised sessions, never 10 in a window
LAMB = "T999290026932"  # reception_csa: born 14/10/2021, not of compulsory school age


@pytest.fixture()
def school(tmp_path: Path) -> Path:
    (tmp_path / "attcli.toml").write_text(
        (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def evidence(school: Path, upn: str, *args: str | Path, export: Path = EXPORT):
    return run_cli(
        "evidence", upn, export, "--contacts", CONTACTS, "-c", school / "attcli.toml",
        "--as-of", "2026-11-20", *args,
    )  # fmt: skip


def pdf_text(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(str(path)).pages]


def record_notice(school: Path, issued: dt.date) -> None:
    with History(school / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(DOYLE, MOTHER, issued, "LA ref", by="test")


G_WEEK = [(dt.date(2026, 11, d), s) for d in range(16, 21) for s in ("AM", "PM")]


def test_a_clean_window_gives_a_complete_pack_with_every_session(school):
    out = school / "pack.pdf"
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", out)
    assert code == 0, err
    pages = pdf_text(out)
    assert len(pages) == 2  # the pack, then the register of the window
    text = " ".join(" ".join(pages).split())
    assert "DRAFT" not in text
    for day, session in G_WEEK:
        assert f"{day:%a %d/%m/%Y} {session} G" in text, (day, session)
    assert len(re.findall(r"\d\d/11/2026 (?:AM|PM) G", text)) == 10
    assert "Mrs Joanne Doyle" in text and "70167" in text
    assert "This would be the first notice" in text
    assert "The 10 school weeks from 07/09/2026 to 20/11/2026" in text
    assert "yes, on 20/11/2026" in text  # compulsory school age
    # one date format, the rows' (a heading said "20 November 2026" over "Mon 16/11/2026"
    # rows: sweep leftovers15)
    assert "Evidence as of 20/11/2026, made on " in text
    assert not re.search(r"\d (?:January|February|March|April|May|June|July|August|September|"
                         r"October|November|December) \d{4}", text), text


def test_the_pack_counts_one_session_as_one(school, tmp_path):
    """Harvey Doyle's Thursday 3 September morning marked M (a medical appointment,
    authorised) instead of present: the pack's figures said "Authorised absence 1
    sessions"; a document for the local authority says "1 session"."""
    text = EXPORT.read_text(encoding="utf-8-sig")
    row = f'{DOYLE},Doyle,Harvey,Year 7,7B,13/01/2015,"Thu, 03 Sep 2026",AM,/,'
    assert text.count(row) == 1
    export = tmp_path / "one_m.csv"
    export.write_text(text.replace(row, row[:-2] + "M,"), encoding="utf-8")
    out = school / "pack.pdf"
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", out, export=export)
    assert code == 0, err
    said = " ".join(" ".join(pdf_text(out)).split())
    # (the figures are on the pack's first page and again above the register's)
    assert said.count("Authorised absence 1 session Unauthorised absence 10 sessions") == 2
    assert "1 sessions" not in said


def test_a_notice_on_record_makes_this_the_second_and_two_refuse_a_third(school):
    record_notice(school, dt.date(2026, 10, 1))
    code, out, err = evidence(school, DOYLE, "--for", "penalty-notice", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["this_notice"] == "second" and doc["complete"] is True
    assert [n["issued_on"] for n in doc["notices_last_3_years"]] == ["2026-10-01"]
    assert [(s["date"], s["session"], s["code"]) for s in doc["window"]["unauthorised_sessions"]] == [
        (d.isoformat(), s, "G") for d, s in G_WEEK
    ]
    record_notice(school, dt.date(2024, 12, 2))  # within 3 years of 20 Nov 2026
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", school / "p.pdf")
    assert code == 1
    lines = err.strip().splitlines()
    assert "this would be a third notice to Mrs Joanne Doyle" in lines[0]
    assert "02/12/2024, 01/10/2026" in lines[0]
    assert lines[-1].startswith(f"error: the penalty-notice pack for {DOYLE} is not complete: 1 problem")
    assert not (school / "p.pdf").exists()
    # the other parent has no notice on record: a first notice to him
    code, out, err = evidence(
        school, DOYLE, "--for", "penalty-notice", "--parent", "70168", "--format", "json"
    )
    assert code == 0 and json.loads(out)["this_notice"] == "first", err


def test_sessions_an_earlier_notice_used_are_listed_as_not_counted(school):
    # a first notice (1 Oct) that used two sessions of the window (Mon 14 Sep AM and PM):
    # the pack is the second notice's, lists them as not counted, and still counts the 10
    # G of 16-20 Nov (it failed: the history gives each session as date and session)
    used = [(dt.date(2026, 9, 14), "AM", "G"), (dt.date(2026, 9, 14), "PM", "G")]
    with History(school / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(DOYLE, MOTHER, dt.date(2026, 10, 1), "LA ref", sessions=used, by="t")
    code, out, err = evidence(school, DOYLE, "--for", "penalty-notice", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["this_notice"] == "second" and doc["complete"] is True
    assert doc["window"]["sessions_used_by_earlier_notices"] == [
        {"date": "2026-09-14", "session": "AM"}, {"date": "2026-09-14", "session": "PM"}
    ]
    assert len(doc["window"]["unauthorised_sessions"]) == 10
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", school / "p.pdf")
    assert code == 0, err
    text = " ".join(" ".join(pdf_text(school / "p.pdf")).split())
    assert "Not counted: 2 sessions" in text and "14/09 AM, 14/09 PM" in text


def test_an_n_in_the_window_is_refused_with_the_session_named(school, tmp_path):
    text = EXPORT.read_text(encoding="utf-8-sig")
    row = f'{DOYLE},Doyle,Harvey,Year 7,7B,13/01/2015,"Tue, 06 Oct 2026",PM,\\,'
    assert text.count(row) == 1
    changed = tmp_path / "export.csv"
    changed.write_text(text.replace(row, row[:-2] + "N,"), encoding="utf-8")
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", school / "p.pdf",
                            export=changed)  # fmt: skip
    assert code == 1
    assert err.strip().splitlines()[0].strip() == (
        "Tue 06/10/2026 PM N: reason not yet established: replace it with the reason"
    )
    assert "1 problem above" in err and not (school / "p.pdf").exists()
    # --draft writes it, marked DRAFT on every page, with the problem on its first page
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", school / "p.pdf",
                            "--draft", export=changed)  # fmt: skip
    assert code == 0, err
    pages = pdf_text(school / "p.pdf")
    assert all("DRAFT" in p for p in pages)
    assert "Tue 06/10/2026 PM N" in " ".join(pages[0].split())


def test_rules_of_a_penalty_notice_refuse_the_pack(school):
    # Tyler Bennett (pn_nine): in the window to 20 Nov, N on 6/10 AM, 15/10 PM, 4/11 PM and
    # 16/11 AM and two O: 6 sessions; every N is a problem too
    code, _, err = evidence(school, BENNETT, "--for", "penalty-notice", "-o", school / "p.pdf")
    text = " ".join(err.split())
    assert code == 1 and "the threshold is not met: 6 unauthorised sessions" in text
    for n in ("Tue 06/10/2026 AM N", "Thu 15/10/2026 PM N", "Wed 04/11/2026 PM N",
              "Mon 16/11/2026 AM N"):  # fmt: skip
        assert n in text
    assert "5 problems above" in text
    code, _, err = evidence(school, LAMB, "--for", "penalty-notice", "-o", school / "p.pdf")
    assert code == 1
    # 5 on 14/10/2026: of compulsory school age from the next prescribed day, 31/12/2026
    assert (
        "not of compulsory school age on 20/11/2026 (born 14/10/2021: of compulsory school age "
        "from 31/12/2026): no penalty notice can be issued"
    ) in " ".join(err.split())
    # a referral or a notice to improve has no such rule: only the register's completeness
    code, _, err = evidence(school, BENNETT, "--for", "referral", "--format", "json")
    assert code == 1 and "threshold" not in err and "compulsory" not in err
    assert "Tue 06/10/2026 AM N" in err  # the year's register holds the N codes


def test_notice_to_improve_states_the_period_and_the_improvement(school, monkeypatch):
    """The period proposed is school weeks, five school days a week by the term dates
    (local authorities' codes give it so: Norfolk's and Southwark's "6 school weeks (a
    maximum of 30 school days)"): 4 weeks from a pack made Mon 23 Nov 2026 are the 20
    school days Tue 24 Nov - Mon 4 Jan 2027 (the Christmas holiday is none of them); it
    was the calendar's 28 days, to 21 Dec."""
    monkeypatch.setenv("ATTCLI_TODAY", "2026-11-23")
    code, _, err = evidence(school, DOYLE, "--for", "notice-to-improve", "--weeks", "7",
                            "--format", "json")  # fmt: skip
    assert code == 1 and err.strip().endswith(
        "error: --weeks 7: a notice to improve gives 3 to 6 weeks (the national framework)"
    )
    code, out, err = evidence(school, DOYLE, "--for", "notice-to-improve", "--weeks", "4",
                              "--improvement", "no unauthorised absence", "--format", "json")  # fmt: skip
    assert code == 0, err
    imp = json.loads(out)["improvement"]
    assert imp["weeks"] == 4 and imp["asked"] == "no unauthorised absence"
    assert (imp["from"], imp["to"]) == ("2026-11-24", "2027-01-04")
    assert json.loads(out)["this_notice"] is None
    # made on the last day of term (Fri 18 Dec): 3 weeks are 4 - 22 Jan 2027 (sweep7: the
    # calendar's 19 Dec - 8 Jan was all but one week the Christmas holiday)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    code, out, err = evidence(school, DOYLE, "--for", "notice-to-improve", "--format", "json")
    assert code == 0, err
    imp = json.loads(out)["improvement"]
    assert (imp["weeks"], imp["from"], imp["to"]) == (3, "2027-01-04", "2027-01-22")


def test_a_referral_shows_the_year_too(school):
    out = school / "ref.pdf"
    code, _, err = evidence(school, DOYLE, "--for", "referral", "-o", out)
    assert code == 0, err
    pages = pdf_text(out)
    # the pack (two pages since it lists the monitoring periods: the signature goes
    # over), the window, the year
    assert len(pages) == 4
    pack = " ".join(" ".join(pages[:2]).split())
    assert "Monitoring periods (improvement asked) No monitoring period on record" in pack
    assert "Register for the window" in pages[2]
    assert "Register for the year" in pages[-1]


#: The last private-use code point: no font draws it, so a PDF prints it as an empty box.
NO_FONT = "\U0010fffd"
FONTS = ROOT / "tests" / "data" / "letters" / "fonts"  # 华小明李王陈 (Noto Sans CJK SC)


def renamed(tmp_path: Path, forename: str) -> Path:
    """The example export, Harvey Doyle's forename ``forename``."""
    text = EXPORT.read_text(encoding="utf-8-sig")
    assert text.count(f"{DOYLE},Doyle,Harvey,") > 100
    export = tmp_path / "renamed.csv"
    export.write_text(text.replace(f"{DOYLE},Doyle,Harvey,", f"{DOYLE},Doyle,{forename},"), "utf-8")
    return export


def test_a_pack_with_a_character_no_font_has_is_refused_unless_a_draft(school, tmp_path):
    """A tester's referral pack printed 中文, an emoji and a fullwidth ＝ as empty boxes, with
    no word.  Like a pack with any other problem, it is refused in one line naming the
    pupil and what to add; --draft writes it, marked DRAFT, and says so."""
    export = renamed(tmp_path, f"Har{NO_FONT}vey")
    out = school / "p.pdf"
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", out, export=export)
    assert code == 1
    assert " ".join(err.split()) == (
        f"error: the penalty-notice pack for {DOYLE} cannot be made: no font here has some of "
        "its characters (U+10FFFD): the PDF would print them as empty boxes; install a font "
        'that has them, or name a folder holding one ([letters] fonts = "FOLDER"); or write '
        "a draft with --draft"
    )
    assert not out.exists()
    code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "--draft", "-o", out,
                            export=export)  # fmt: skip
    assert code == 0, err
    pages = pdf_text(out)
    assert all("DRAFT" in p for p in pages) and "\x00" in pages[0]
    assert (
        "written as a DRAFT: no font here has some of its characters (U+10FFFD): the PDF "
        "prints them as empty boxes"
    ) in " ".join(err.split())


def test_a_pack_is_made_with_the_fonts_the_config_names(school, tmp_path):
    """[letters] fonts names a folder of fonts for names the system's fonts cannot print:
    the letters and the certificate were made with it, the evidence pack was not, and
    printed a Chinese name as empty boxes.  Accented Latin needs no folder."""
    config = school / "attcli.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"\n[letters]\nfonts = '{FONTS}'\n", "utf-8"
    )
    for name in ("小明", "Zoë-Łucja"):
        out = school / f"{name}.pdf"
        export = renamed(tmp_path, name)
        code, _, err = evidence(school, DOYLE, "--for", "penalty-notice", "-o", out,
                                export=export)  # fmt: skip
        assert code == 0, err
        text = pdf_text(out)[0]
        assert f"{name} Doyle" in text and "\x00" not in text


def test_bad_options_are_one_line(school):
    code, _, err = evidence(school, DOYLE, "--for", "fine", "--format", "json")
    assert code == 1 and err.strip().endswith(
        "error: --for 'fine': choose penalty-notice, notice-to-improve, referral"
    )
    code, _, err = evidence(school, DOYLE, "--for", "referral")
    assert code == 1 and err.strip().endswith(
        "error: give the pack's file name, -o FILE.pdf (or --format json for an LA portal)"
    )
    code, _, err = evidence(school, DOYLE, "--for", "referral", "--parent", "Mr Nobody",
                            "--format", "json")  # fmt: skip
    assert code == 1 and "no contact of L999290719909" in err
    # JSON into a file named .pdf (sweep10: a "pack.pdf" the LA could not open)
    code, _, err = evidence(school, DOYLE, "--for", "referral", "--format", "json", "-o",
                            school / "pack.pdf")  # fmt: skip
    assert code == 1 and err.strip().endswith(
        "error: --format json does not match --output '" + str(school / "pack.pdf")
        + "' (an evidence pack's .pdf file is a PDF); give a file ending .json, or leave out "
        "--format"
    )
    assert not (school / "pack.pdf").exists()


def test_hostile_names_are_data_in_the_pack(tmp_path):
    """The hostile corpus (tests/test_hostile.py): names that are Typst, Jinja, formulas or
    terminal escapes go into the PDF as text, never as markup, and into the JSON whole.
    Its pupils are absent N for 10 days, so the pack is a draft."""
    from test_hostile import HOSTILE, TYPST_KEYS, UPN, build

    files = build(tmp_path)
    for key in [*TYPST_KEYS, "script", "rlo", "long", "ansi", "hyperlink"]:
        out = tmp_path / f"{key}.pdf"
        code, _, err = run_cli(
            "evidence", UPN[key], files["export"], "--contacts", files["contacts"],
            "-c", files["config"], "--for", "penalty-notice", "--draft", "-o", out,
        )  # fmt: skip
        assert code == 0, (key, err)
        pages = pdf_text(out)
        assert all("DRAFT" in p for p in pages), key
        if key in TYPST_KEYS:
            assert HOSTILE[key] in pages[0], key  # shown as typed, not run
        code, doc, err = run_cli(
            "evidence", UPN[key], files["export"], "--contacts", files["contacts"],
            "-c", files["config"], "--for", "referral", "--draft", "--format", "json",
        )  # fmt: skip
        assert code == 0, (key, err)
        data = json.loads(doc)
        assert data["parent"]["forename"] == HOSTILE[key].strip() or key in ("ansi", "rlo")


@pytest.mark.parametrize(
    ("as_of", "problem"),
    [
        # after the export ends (18 Dec), Spring 1 begun (4 Jan) and no register of it: the
        # window's sessions are not known (the pack was complete, its window the autumn's)
        ("2027-01-15",
         "no register from 04/01/2027 to 15/01/2027 (10 school days) after the data ends: "
         "the record shown is not complete; export those dates"),
        # in the half-term holiday: 10 school weeks back reach into July, before the export
        # (which starts on Thu 3 Sep, the window's first day in its first week: rules3)
        ("2026-10-28",
         "the exports hold 8 of the 10 school weeks up to 28/10/2026: export the register "
         "from before 03/09/2026"),
    ],
)  # fmt: skip
def test_a_window_the_exports_do_not_cover_is_not_a_complete_pack(school, as_of, problem):
    code, out, err = run_cli(
        "evidence", DOYLE, EXPORT, "--contacts", CONTACTS, "-c", school / "attcli.toml",
        "--as-of", as_of, "--for", "penalty-notice", "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    assert problem in " ".join(err.split())


def test_a_pack_for_a_pupil_who_left_says_when(school, tmp_path):
    """Harvey Doyle's rows end Fri 20 Nov (he left): a pack as of Fri 27 Nov gave no word of
    it, its window running to the 27th.  The pack (PDF and JSON) and the run say when."""
    lines = EXPORT.read_text(encoding="utf-8-sig").splitlines()
    keep = [
        line for line in lines
        if not (line.startswith(DOYLE) and re.search(r'"\w{3}, (2[3-9]|30) Nov 2026"|Dec 2026', line))
    ]  # fmt: skip
    assert len(keep) < len(lines)
    export = tmp_path / "left.csv"
    export.write_text("\n".join(keep) + "\n", encoding="utf-8")
    args = ("evidence", DOYLE, export, "--contacts", CONTACTS, "-c", school / "attcli.toml",
            "--as-of", "2026-11-27", "--for", "penalty-notice")  # fmt: skip
    code, out, err = run_cli(*args, "--format", "json", width=400)
    assert code == 0, err
    assert json.loads(out)["pupil"]["left_on"] == "2026-11-20"
    assert f"{DOYLE} left the roll on 20/11/2026: the pack's figures end there" in err
    code, _, err = run_cli(*args, "-o", school / "left.pdf")
    assert code == 0, err
    text = " ".join(" ".join(pdf_text(school / "left.pdf")).split())
    assert "left the roll on 20/11/2026" in text


def test_an_improvement_period_past_the_term_dates_is_said(school, monkeypatch):
    """Sweep F: with the term dates ending before the period's school days, it is counted
    in calendar weeks and may fall in a holiday: said in one line, not silently. The
    example's term dates end with Spring 1, Fri 12 Feb 2027: a pack made Fri 5 Feb has 5
    school days of the 15 three weeks need, so 6 - 26 Feb, calendar weeks."""
    monkeypatch.setenv("ATTCLI_TODAY", "2027-02-05")
    code, out, err = evidence(school, DOYLE, "--for", "notice-to-improve", "--format", "json")
    assert code == 0, err
    imp = json.loads(out)["improvement"]
    assert (imp["from"], imp["to"]) == ("2027-02-06", "2027-02-26")
    assert (
        "the improvement period (3 weeks, 06/02/2027 to 26/02/2027) is counted in calendar "
        "weeks, not school weeks: the term dates in the config end 12/02/2027, so it may "
        "fall in a holiday; add the next half terms' dates to the config "
        "([[calendar.half_terms]]) before the notice is issued"
    ) in " ".join(err.split())
    # within the term dates: nothing said
    monkeypatch.setenv("ATTCLI_TODAY", "2026-12-18")
    code, out, err = evidence(school, DOYLE, "--for", "notice-to-improve", "--format", "json")
    assert code == 0 and "calendar weeks" not in err


def test_the_json_pack_carries_the_attendance_record_it_shows(school):
    """Sweep F: the pack for an LA portal had the window's unauthorised sessions and the
    year's totals but no attendance record, which the request goes with (DOMAIN.md 5, 9)
    and the PDF has. Every session the pack shows is in it, as the PDF's register: the
    referral's the year's, and they add up to the figures it states."""
    from attcli.codes import CODE_BY_NAME

    code, out, err = evidence(school, DOYLE, "--for", "referral", "--format", "json")
    assert code == 0, err
    pack = json.loads(out)
    reg, figures = pack["register"], pack["figures"]
    assert (reg["from"], reg["to"]) == (figures["period_start"], pack["as_of"])
    counted = [m for m in reg["marks"] if m["code"] in CODE_BY_NAME
               and CODE_BY_NAME[m["code"]].category.counts_as_possible]  # fmt: skip
    assert len(counted) == figures["possible"]
    attended = [m for m in counted if str(CODE_BY_NAME[m["code"]].category) in
                ("present", "approved_activity")]  # fmt: skip
    assert len(attended) == figures["attended"]
    listed = {(m["date"], m["session"], m["code"]) for m in reg["marks"]}
    assert all((u["date"], u["session"], u["code"]) in listed
               for u in pack["window"]["unauthorised_sessions"])  # fmt: skip


def test_a_letter_a_stopped_run_never_sent_is_not_support_given(school):
    """A letters run stopped before the letter's print file reached the disk leaves it
    begun, not sent.  The pack told the LA it was sent (support given); only letters
    sent are listed."""
    with History(school / "attcli-history.sqlite3", write=True) as store:
        common = dict(
            school="", upn=DOYLE, band="amber", half_term="Autumn 2",
            half_term_start="2026-11-02", academic_year=2026, recipient="p1", stage=1,
            out_dir="letters", pupil_name="Harvey Doyle", contact_name="Mrs Joanne Doyle",
            address="1 Road", email="",
        )  # fmt: skip
        sent = store.begin_letter(
            **common, template="amber", letter_date="2026-11-09", file="a.pdf"
        )
        store.letter_written(sent, "0" * 64)
        store.send_letters({sent: "letters-to-print-2026-11-09-1.pdf"})
        begun = store.begin_letter(
            **common, template="penalty_notice", letter_date="2026-11-16", file="p.pdf"
        )
        store.letter_written(begun, "1" * 64)
    code, out, err = evidence(school, DOYLE, "--for", "referral", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["letters"] == [
        {"date": "2026-11-09", "template": "amber", "to": "Mrs Joanne Doyle",
         "released_by": None, "held_for": None}
    ]


def record_stage(school: Path, stage: str, day: dt.date) -> None:
    with History(school / "attcli-history.sqlite3", write=True) as store:
        store.record_action(DOYLE, stage, day, note="test", by="test")


def test_a_referral_shows_the_improvement_periods_given_and_what_counted(school):
    """DOMAIN.md 9: a referral must contain the support given so far, the improvement
    period and what counts as improvement.  The pack listed the casebook's records but
    not the monitoring periods they began, their figures or the verdict.

    The example config has no [escalation]: the default ladder, each band's letter a
    4-week period, improved at 1 point above the figure before it or at the best band's
    92 % over it.  Harvey Doyle is present at every session but the G week 16-20 Nov
    (and # on the INSET days 2 Sep and 2 Nov).  Worked by hand:
    - amber recorded Mon 05/10: period 05/10 to 01/11 (28 days); before it 07/09 to
      04/10, 20 school days all present, 40/40; over it 05/10 to 23/10 (half term
      after), 15 days, 30/30 = 100 % >= 92: improved.
    - red recorded Mon 09/11: period 09/11 to 06/12, running on 20/11; before it 12/10 to
      08/11: 12/10-23/10 (20 sessions) and 03/11-06/11 (8; 02/11 is #), 28/28; so far
      09/11 to 20/11: 20 sessions, 10 present and the 10 G, 10/20."""
    record_stage(school, "amber", dt.date(2026, 10, 5))
    record_stage(school, "red", dt.date(2026, 11, 9))
    code, out, err = evidence(school, DOYLE, "--for", "referral", "--format", "json")
    assert code == 0, err
    periods = json.loads(out)["monitoring_periods"]
    assert periods == [
        {
            "stage": "amber", "title": "Amber letter", "from": "2026-10-05",
            "to": "2026-11-01", "before": {"attended": 40, "possible": 40},
            "over": {"attended": 30, "possible": 30},
            "improved_when": "at least 1 point above the attendance before it, or at least "
            "92% over the period",
            "outcome": "improved",
        },
        {
            "stage": "red", "title": "Red letter", "from": "2026-11-09", "to": "2026-12-06",
            "before": {"attended": 28, "possible": 28},
            "over": {"attended": 10, "possible": 20},
            "improved_when": "at least 1 point above the attendance before it, or at least "
            "92% over the period",
            "outcome": "running: ends 06/12/2026",
        },
    ]  # fmt: skip
    pdf = school / "referral.pdf"
    code, _, err = evidence(school, DOYLE, "--for", "referral", "-o", pdf)
    assert code == 0, err
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert "Monitoring periods (improvement asked)" in text
    assert "Amber letter 05/10/2026 01/11/2026 100.0% (40 of 40 sessions) 100.0% (30 of 30 sessions)" in text
    assert "Red letter 09/11/2026 06/12/2026 100.0% (28 of 28 sessions) 50.0% (10 of 20 sessions)" in text
    assert "running: ends 06/12/2026" in text


def test_a_referral_with_no_improvement_period_on_record_says_so(school):
    """No stage recorded: the pack says no improvement period was given, in the pack and
    on stderr (a referral's "no improvement" needs one), and is still made."""
    code, out, err = evidence(school, DOYLE, "--for", "referral", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["monitoring_periods"] == []
    assert (
        f"note: no monitoring period on record for {DOYLE}: the referral shows no "
        "improvement period" in err
    )
    # a penalty notice's pack shows the periods given when there are some (sweep packs2:
    # the grounds of a request after a notice to improve), and none is no note
    code, out, err = evidence(school, DOYLE, "--for", "penalty-notice", "--format", "json")
    assert code == 0 and json.loads(out)["monitoring_periods"] == []
    assert "monitoring period" not in err


def test_what_counts_as_improvement_and_each_outcome_as_the_pack_says_them():
    from fractions import Fraction

    from attcli.config import Stage
    from attcli.evidence.build import MonitoringPeriod
    from attcli.ladder import Period, improvement_text

    def stage(points=None, to=None):
        return Stage("s", "S", "letter", weeks=4, improve_points=points, improve_to=to)

    assert improvement_text(stage(Fraction(1))) == "at least 1 point above the attendance before it"
    assert improvement_text(stage(Fraction(5, 2))) == (
        "at least 2.5 points above the attendance before it"
    )
    assert improvement_text(stage(to=Fraction(185, 2))) == "at least 92.5% over the period"
    assert improvement_text(stage()) == ""

    def outcome(period: Period) -> str:
        return MonitoringPeriod("s", "S", dt.date(2026, 10, 5), period, "").outcome

    end = dt.date(2026, 11, 1)
    assert outcome(Period(end, (9, 10), (10, 10), True, True)) == "improved"
    assert outcome(Period(end, (9, 10), (8, 10), True, False)) == "not improved"
    assert outcome(Period(end, (9, 10), (5, 10))) == "running: ends 01/11/2026"
    assert outcome(Period(None, None, (5, 10), end_unknown=True)) == (
        "running: ends after the term dates listed (add next year's half terms)"
    )
    gap = (dt.date(2026, 9, 7), dt.date(2026, 9, 11))
    assert outcome(Period(end, (0, 0), (10, 10), True, None, gap)) == (
        "cannot be judged: the exports do not hold 07/09/2026 to 11/09/2026"
    )
    assert outcome(Period(end, (9, 10), (0, 0), True, None)) == (
        "cannot be judged: no possible session over it"
    )
    assert outcome(Period(end, (0, 0), (9, 10), True, None)) == (
        "cannot be judged: no possible session before it"
    )


@pytest.mark.parametrize(
    ("codes", "sessions", "weeks"), [(["G", "N", "O", "U"], 10, 10), (["N", "O"], 8, 6)]
)
def test_the_json_pack_states_the_threshold_it_was_judged_by(school, codes, sessions, weeks):
    """A pack for an LA portal gave the window and its sessions but not the rule they were
    counted against: a school's own threshold (8 sessions of N or O in 6 school weeks)
    read as the national one.  The window carries it (sessions, school weeks, codes)."""
    cfg = school / "attcli.toml"
    text = cfg.read_text(encoding="utf-8")
    for old, new in (('codes = ["G", "N", "O", "U"]\nsessions = 10 ',
                      f"codes = {json.dumps(codes)}\nsessions = {sessions} "),
                     ("weeks = 10  ", f"weeks = {weeks}  ")):  # fmt: skip
        assert text.count(old) == 1
        text = text.replace(old, new)
    cfg.write_text(text, encoding="utf-8")
    code, out, err = evidence(school, DOYLE, "--for", "penalty-notice", "--format", "json",
                              "--draft")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["window"]["threshold"] == {
        "sessions": sessions, "school_weeks": weeks, "codes": codes,
    }  # fmt: skip
