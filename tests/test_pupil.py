"""attcli pupil: one pupil's record and attendance certificate (issue 13, item 4).

The certificate's pupil (tests/builders.py, EVERY_KIND_WEEKS) has every kind of mark; by
hand, from 9 September (joined) to Wednesday 11 November 2026:

    attended   6 + 5 + 10 + 6 + 8 + 2 + 8 + 10 + 6 = 61   (/ \\ L, and P W B V K)
    authorised I C2 C2 M (5, with the second I) + H H = 7
    unauthorised G G O O + U N = 6
    not counted # # Y1 D (not possible), - - (no mark recorded)
    possible   61 + 7 + 6 = 74; attendance 61/74 = 82.43 % -> "82.4%", red
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from pathlib import Path

import polars as pl
import pypdf
import pytest

from attcli.config import parse_config
from attcli.engine import evaluate
from attcli.errors import AttcliError
from attcli.pupil import certificate_data, certificate_pdf, pupil_record
from builders import EVERY_KIND_WEEKS, every_kind_register
from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONFIG = """
[school]
name = "Oakfield Academy"
address = ["1 School Lane", "Exampletown", "EX1 2AB"]
phone = "01632 960000"
"""


def certificate_of(reg: pl.DataFrame, upn: str = "EVERY") -> dict:
    ev = evaluate(reg, parse_config(CONFIG))
    row = ev.pupils.filter(pl.col("upn") == upn).row(0, named=True)
    return certificate_data(reg, ev, row, made_on=dt.date(2026, 11, 12))


def week(data: dict, label: str) -> list[tuple[str, str]]:
    (w,) = [w for w in data["weeks"] if w["label"] == label]
    return [(c["kind"], c["text"]) for c in w["cells"]]


def test_certificate_cells_show_every_kind_of_mark_distinctly() -> None:
    data = certificate_of(every_kind_register())
    # school weeks down; the half-term week (26 October) is left out
    assert [w["label"] for w in data["weeks"]] == list(EVERY_KIND_WEEKS)
    assert week(data, "12 Oct 2026") == [
        ("unauthorised", "U"), ("unauthorised", "N"),
        ("not_possible", "#"), ("not_possible", "#"),
        ("approved_activity", "V"), ("approved_activity", "K"),
        ("not_possible", "Y1"), ("not_possible", "D"),
        ("missing", "-"), ("missing", "-"),
    ]  # fmt: skip
    assert week(data, "7 Sep 2026")[:4] == [("not_on_roll", "")] * 4  # joined on Wednesday
    assert week(data, "5 Oct 2026")[8:] == [("no_school", "")] * 2  # Friday 9 October
    assert week(data, "9 Nov 2026")[6:] == [("outside", "")] * 4  # after Wed 11 November
    assert week(data, "19 Oct 2026")[2:4] == [("authorised", "H")] * 2
    meanings = {(k["kind"], k["text"]): k["meaning"] for k in data["key"]}
    assert meanings[("missing", "-")] == (
        "No mark recorded: the register was not completed for this session"
    )
    assert meanings[("not_on_roll", "")] == (
        "Not on roll: no mark for this pupil although the school was open"
    )
    assert meanings[("no_school", "")] == "No school for anyone this session"
    assert meanings[("outside", "")] == "Outside the period of this certificate"
    assert meanings[("authorised", "H")] == (
        "Holiday authorised by the school (pre-2024), a code from before August 2024"
    )
    assert meanings[("present", "\\")] == "Present (PM)"
    # the key lists the marks actually shown, codes in the national order, then the rest
    assert [k["text"] or k["kind"] for k in data["key"]] == [
        "/", "\\", "L", "K", "V", "P", "W", "B", "M", "C2", "I", "G", "N", "O", "U", "D",
        "Y1", "#", "H", "-", "not_on_roll", "no_school", "outside",
    ]  # fmt: skip
    assert data["figures"] == [
        ["Attendance", "82.4%"],
        ["Sessions attended", "61 of 74"],
        ["Authorised absence", "7 sessions"],
        ["Unauthorised absence", "6 sessions"],
        ["No mark recorded (not counted)", "2 sessions"],
    ]


def test_certificate_pdf_reads_back_with_every_mark_of_a_week_in_order() -> None:
    data = certificate_of(every_kind_register())
    pdf = certificate_pdf(data, when=dt.date(2026, 11, 12))
    reader = pypdf.PdfReader(__import__("io").BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    text = reader.pages[0].extract_text()
    rows = {
        m.group(1): m.group(2).split()
        for m in re.finditer(r"^(\d{1,2} [A-Z][a-z]{2} 2026) (.*)$", text, re.M)
    }
    assert rows["12 Oct 2026"] == ["U", "N", "#", "#", "V", "K", "Y1", "D", "-", "-"]
    assert rows["14 Sep 2026"] == ["/", "\\", "/", "\\", "I", "I", "C2", "C2", "M", "\\"]
    assert rows["7 Sep 2026"] == ["/", "\\", "/", "\\", "L", "\\"]  # Mon, Tue: not on roll
    assert rows["9 Nov 2026"] == ["/", "\\"] * 3  # Thu, Fri: after the as-of date
    assert "26 Oct 2026" not in rows  # the holiday week is left out
    words = " ".join(text.split())
    for needle in (
        "Oakfield Academy",
        "Attendance certificate",
        "The school year from 1 September 2026 to 11 November 2026",
        "Maya Okonkwo-Smith",
        "Attendance 82.4%",
        "Sessions attended 61 of 74",
        "- No mark recorded: the register was not completed for this session",
        "Not on roll: no mark for this pupil although the school was open",
    ):
        assert needle in words, needle


def test_certificate_places_names_as_text_never_as_markup() -> None:
    reg = every_kind_register().with_columns(
        pl.when(pl.col("upn") == "EVERY")
        .then(pl.lit("#set text(red) $x$ <b>"))
        .otherwise(pl.col("surname"))
        .alias("surname")
    )
    pdf = certificate_pdf(certificate_of(reg), when=dt.date(2026, 11, 12))
    text = pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
    assert "Maya #set text(red) $x$ <b>" in text


#: The last private-use code point: no font draws it, so a PDF prints it as an empty box.
NO_FONT = "\U0010fffd"


def _surname(reg: pl.DataFrame, name: str) -> pl.DataFrame:
    return reg.with_columns(
        pl.when(pl.col("upn") == "EVERY").then(pl.lit(name)).otherwise(pl.col("surname"))
        .alias("surname")
    )


def test_a_certificate_with_a_character_no_font_has_is_refused() -> None:
    """A tester's certificate printed 中文, an emoji and a fullwidth ＝ as empty boxes, with
    no word.  A certificate whose text has a character none of the PDF's fonts has is not
    made (there is no draft of one): one line naming the pupil and what to add.  Accented
    Latin is made, and printed."""
    reg = _surname(every_kind_register(), f"Okonkwo{NO_FONT}")
    with pytest.raises(AttcliError) as caught:
        certificate_pdf(certificate_of(reg), when=dt.date(2026, 11, 12))
    assert str(caught.value) == (
        "the certificate for EVERY cannot be made: no font here has some of its characters "
        "(U+10FFFD): the PDF would print them as empty boxes; install a font that has them, "
        'or name a folder holding one ([letters] fonts = "FOLDER")'
    )
    reg = _surname(every_kind_register(), "Łukasiewicz-Straße Ölund")
    pdf = certificate_pdf(certificate_of(reg), when=dt.date(2026, 11, 12))
    text = pypdf.PdfReader(__import__("io").BytesIO(pdf)).pages[0].extract_text()
    assert "Maya Łukasiewicz-Straße Ölund" in text and "\x00" not in text


def test_pupil_pdf_with_a_character_no_font_has_is_one_line_and_no_file(
    tmp_path, example_config
) -> None:
    export = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
    upn = "L999290719909"  # Harvey Doyle
    text = export.read_text(encoding="utf-8-sig")
    assert text.count(f"{upn},Doyle,Harvey,") > 100
    odd = tmp_path / "odd.csv"
    odd.write_text(text.replace(f"{upn},Doyle,Harvey,", f"{upn},Doyle,Har{NO_FONT}vey,"), "utf-8")
    pdf = tmp_path / "doyle.pdf"
    code, _, err = run_cli("pupil", upn, odd, "-c", example_config, "--pdf", pdf, width=400)
    assert code == 1
    assert err.strip().splitlines()[-1] == (
        f"error: the certificate for {upn} cannot be made: no font here has some of its "
        "characters (U+10FFFD): the PDF would print them as empty boxes; install a font that "
        'has them, or name a folder holding one ([letters] fonts = "FOLDER")'
    )
    assert not pdf.exists()


# --------------------------------------------------------------------------- the record


def test_record_gathers_figures_flags_hold_and_history(tmp_path) -> None:
    from attcli.letters.history import History, Parent

    history = tmp_path / "h.sqlite3"
    cfg = parse_config(CONFIG + f'\n[history]\npath = "{history}"\n')
    reg = every_kind_register()
    rec = pupil_record(reg, cfg, "every")  # UPNs match ignoring case
    assert rec.upn == "EVERY" and rec.history is None and rec.letters == []
    assert (rec.row["attended"], rec.row["possible"], rec.row["band"]) == (61, 74, "red")
    assert [f.title for f in rec.flags] == ["Red (above 50 % and at most 90 %)"]
    assert rec.flags[0].reason.startswith("82.4% (61 of 74 sessions); 7 authorised")
    assert rec.absence[:3] == [("C2", 2), ("G", 2), ("H", 2)]
    assert rec.missing_marks == 2
    # 7 of 13 absence sessions are C2, H, I or M: held (H, the legacy authorised holiday,
    # is leave the school granted: sweep4 case3); EVERY joined on Wed 9 September, after
    # two school days of the year: counted since then (sweep summer)
    assert rec.held == (
        "the red letter: 7 of 13 absence sessions since joining on 09/09/2026 are C2, H, I "
        "or M: 2 C2 "
        "(part-time timetable), 2 H (authorised holiday), 2 I (illness), 1 M (medical or "
        "dental appointment)"
    )
    assert rec.typed is None  # 'every' is EVERY in another case, no leading zeros
    with History(history, write=True) as store:
        store.record_notice("EVERY", Parent("id:7001", "Mrs A Okonkwo"), dt.date(2026, 11, 2))
    rec = pupil_record(reg, cfg, "EVERY")
    assert rec.history == history
    assert [(n.parent, n.issued_on) for n in rec.notices] == [
        ("Mrs A Okonkwo", dt.date(2026, 11, 2))
    ]
    assert rec.next_notice == {"Mrs A Okonkwo": "second"}
    with pytest.raises(AttcliError) as exc:
        pupil_record(reg, cfg, "NOBODY")
    assert str(exc.value) == (
        "no pupil with UPN 'NOBODY' in the exports this school year up to 11/11/2026 "
        "(a pupil is listed from their first session on roll)"
    )


@pytest.fixture
def example_config(tmp_path) -> Path:
    cfg = tmp_path / "attcli.toml"
    cfg.write_text((EXAMPLES / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8")
    return cfg


def test_pupil_command_shows_one_pupil_in_80_columns(tmp_path, example_config) -> None:
    export = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
    contacts = EXAMPLES / "exports" / "contacts.csv"
    # `attcli pupil UPN ...` is `attcli pupil show UPN ...`
    code, out, err = run_cli(
        "pupil", "C999291115904", export, "-c", example_config, "--contacts", contacts, width=80
    )
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Chloé Martin  UPN C999291115904  Year 11 11A  born 24/07/2011"
    assert lines[1] == (
        "Oakfield Academy: school year 01/09/2026 to 18/12/2026, as of Fri 18 Dec 2026"
    )
    said = " ".join(out.split())
    for needle in (
        "School year Autumn 2 so far",
        "Attendance 50.0% 50.0%",
        "Sessions attended 71 of 142 34 of 68",
        "Band: severe (50 % or less)",
        "Absence by code: C2 71 (part-time timetable)",
        "Held for review: the severe letter: 71 of 71 absence sessions this school year "
        "are C2 (part-time timetable). attcli letters EXPORT --contacts FILE --release "
        "C999291115904 sends it.",
        "Letters and penalty notices: no history file yet (none recorded)",
        "1. Ms Funmi Martin (Mother), parental responsibility 01632 960414",
    ):
        assert needle in said, needle
    code, shown, _ = run_cli(
        "pupil", "show", "C999291115904", export, "-c", example_config, "--contacts", contacts,
        width=80,
    )  # fmt: skip
    assert code == 0 and shown == out
    code, _, err = run_cli("pupil", "X1", export, "-c", example_config)
    assert code == 1
    assert err == (
        "error: no pupil with UPN 'X1' in the exports this school year up to 18/12/2026 (a "
        "pupil is listed from their first session on roll)\n"
    )


def test_the_pupil_record_advises_no_notice_while_the_window_holds_n(example_config) -> None:
    """Reuben Walsh's penalty-notice window (05/10-18/12/2026) holds 24 unauthorised
    sessions, 22 of them N: the weekly check's group advises finding the reasons before a
    notice, and his reason says "22 of the 24 are N"; the pupil record's action still said
    "consider a notice to improve or a penalty notice"."""
    export = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
    code, out, err = run_cli("pupil", "K999290917913", export, "-c", example_config, width=200)
    assert code == 0, err
    said = " ".join(out.split())
    assert "22 of the 24 are N (reason not yet established)" in said
    assert (
        "action: find the reasons for the N marks in the window first (the reason says how "
        "many): no notice while the window holds N"
    ) in said
    assert "consider a notice to improve or a penalty notice" not in said


def test_pupil_command_lists_letters_sent_and_writes_the_certificate(
    tmp_path, example_config
) -> None:
    export = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
    contacts = EXAMPLES / "exports" / "contacts.csv"
    upn = "L999290719909"  # Harvey Doyle: a week of G, the penalty-notice threshold
    code, _, err = run_cli("letters", export, "-c", example_config, "--contacts", contacts,
                           "--out", tmp_path / "out", "--as-of", "2026-11-20")  # fmt: skip
    assert code == 0, err
    pdf = tmp_path / "doyle.pdf"
    code, out, err = run_cli(
        "pupil", upn, export, "-c", example_config, "--as-of", "2026-11-20", "--pdf", pdf,
        width=80,
    )  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert "Letters sent: 2" in said and "amber amber Autumn 2 Mrs Joanne Doyle" in said
    assert "penalty notice warning amber Autumn 2 Mrs Joanne Doyle" in said
    assert "sessions: 16/11 AM G, PM G; 17/11 AM G, PM G; 18/11 AM G, PM G;" in said
    assert "Penalty notices on record: 0" in said
    assert "".join(err.split()).endswith(f"wrote{pdf}")  # a long path is folded at 80 columns
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "Harvey Doyle" in text
    (week,) = re.findall(r"^16 Nov 2026 (.*)$", text, re.M)
    assert week.split() == ["G"] * 10
    code, _, err = run_cli("pupil", upn, export, "-c", example_config, "--pdf", pdf)
    assert code == 1 and "already exists" in err


def test_pupil_record_reads_no_attribute_column(tmp_path) -> None:
    """The record shows no pupil attribute (gender, SEN, FSM, ...): like the check, it does
    not read those columns, so a bad value there does not stop it (docs/presets.md)."""
    from attcli.pupil_record import load_pupil_record

    export = tmp_path / "reg.csv"
    export.write_text(
        "UPN,Surname,Forename,Date,Session,Mark,Gender,FSM\n"
        "A100000000001,Ali,Ava,09/09/2026,AM,/,F,maybe\n"
        "A100000000001,Ali,Ava,09/09/2026,PM,N,F,maybe\n",
        encoding="utf-8",
    )
    cfg = parse_config(CONFIG + f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n')
    rec = load_pupil_record([export], cfg, "A100000000001")
    assert (rec.row["possible"], rec.row["attended"], rec.row["unauthorised"]) == (2, 1, 1)
    assert not {"gender", "fsm"} & set(rec.register.columns)


def test_the_record_says_held_only_of_a_letter_the_run_would_hold(tmp_path) -> None:
    """Amber (91.25 %) with every absence illness: the amber letter is no letter that warns
    (hold_templates: red, severe, penalty_notice_warning), so it goes, and nothing is held
    (the record said "Letters held for review" and --release then failed).  Red with the
    same absence: its red letter is held, and the record says which."""
    from builders import register

    cfg = parse_config(CONFIG + f'\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n')
    amber = register({"AMB": "/ " * 36 + "I I I /I"})  # 73/80
    rec = pupil_record(amber, cfg, "AMB")
    assert (rec.row["attended"], rec.row["possible"], rec.row["band"]) == (73, 80, "amber")
    assert rec.held is None
    red = register({"RED": "/ " * 34 + "I I I I I /I"})  # 69/80 = 86.25 %
    rec = pupil_record(red, cfg, "RED")
    assert rec.row["band"] == "red"
    assert rec.held == (
        "the red letter: 11 of 11 absence sessions this school year are I (illness)"
    )


def test_the_record_and_certificate_widen_only_their_pupils_rows(
    monkeypatch, example_config
) -> None:
    """Issue 15: the record and the certificate read one pupil's rows of the resolved
    register.  They made every pupil's rows wide again (names, marks as text), then kept
    one pupil's: at 20,000 pupils 8.8 s of `attcli pupil`'s 20.7 s and a 4.5 GB peak, for
    one pupil.  Counted, not timed: the rows made wide are the pupil's alone, and the
    marks and the certificate are the same as from the whole register."""
    from attcli import roll
    from attcli.config import load_config
    from attcli.pupil_record import load_pupil_record

    widened: list[int] = []
    real = roll.Compact.wide

    def wide(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        out = real(self, *args, **kwargs)
        widened.append(out.height)
        return out

    monkeypatch.setattr(roll.Compact, "wide", wide)
    export = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
    upn = "L999290719909"  # Harvey Doyle
    rec = load_pupil_record([export], load_config(example_config), upn)
    ev = rec.evaluation
    mine = rec.marks(ev.period_start, ev.as_of)
    cert = certificate_data(rec.register, ev, rec.row, made_on=dt.date(2026, 12, 18))
    # the same as the whole register's rows of the pupil
    monkeypatch.setattr(roll.Compact, "wide", real)
    whole = ev.prepared.register  # type: ignore[union-attr]
    rows = whole.filter(pl.col("upn") == upn).height
    assert widened and max(widened) == rows == rec.register.height
    assert whole.height > 20 * rows  # the example holds many pupils
    assert rec.register.equals(whole.filter(pl.col("upn") == upn))
    assert mine.height and mine.equals(
        whole.filter(
            (pl.col("upn") == upn) & pl.col("date").is_between(ev.period_start, ev.as_of)
        )
    )
    # the certificate as from the whole resolved register (an evaluation without its
    # prepared register reads the register it is given)
    from dataclasses import replace

    assert cert == certificate_data(
        whole, replace(ev, prepared=None), rec.row, made_on=dt.date(2026, 12, 18)
    )


def test_a_leaver_with_too_few_sessions_has_no_band_not_none_yet(tmp_path) -> None:
    """LEFT was on roll three days (Mon 7 - Wed 9 Sep 2026) and never marked again; STAY
    all 30 days.  LEFT's record said "Band: none yet (fewer than 10 possible sessions)":
    "yet" promises sessions to come to a pupil no longer on roll.  A pupil on roll with
    too few sessions still reads "none yet"."""
    from builders import register, write_long_csv
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register({"LEFT": "/ / /", "STAY": "/ " * 30, "NEW": "! " * 27 + "/ / /"})
    export = write_long_csv(reg, tmp_path / "autumn.csv")
    said = {}
    for upn in ("LEFT", "NEW"):
        code, out, err = run_cli("pupil", upn, export, "-c", config, width=200)
        assert code == 0, err
        said[upn] = next(line for line in out.splitlines() if line.startswith("Band: "))
    assert said == {
        "LEFT": "Band: none (fewer than 10 possible sessions)",
        "NEW": "Band: none yet (fewer than 10 possible sessions)",
    }
