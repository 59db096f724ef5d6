"""One pupil as a parent or head of year sees them (sweep of 4 December, second,
"certificate"): `attcli pupil` (the record), `pupil --pdf` (the attendance certificate),
and the certificate a letter carries.  Figures worked by hand in each test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import make_workspace

D = dt.date


def test_the_record_as_of_a_day_before_the_pupil_joined_says_when_they_joined(
    tmp_path: Path,
) -> None:
    """NEW's first session is Mon 5 Oct 2026 (no row before: not on roll); OTHER makes the
    school's days from Mon 7 Sep.  `attcli pupil NEW ... --as-of 2026-09-25` said "no
    pupil with UPN 'NEW' in the exports this school year up to 25/09/2026", though the
    export given holds them: it reads as a wrong UPN.  It says when they are first on roll
    and which --as-of shows their record; a UPN in no export says what it said."""
    config = make_workspace(tmp_path / "school")
    reg = register({"OTHER": "/\\ " * 25, "NEW": "! " * 20 + "/\\ " * 5}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "autumn.csv")
    code, _, err = run_cli("pupil", "new", export, "-c", config, "--as-of", "2026-09-25")
    assert code == 1
    assert err == (
        "error: pupil 'NEW' is first on roll on 05/10/2026, after the as-of date 25/09/2026, "
        "so has no record up to it: give --as-of 2026-10-05 or later for their record\n"
    )
    code, out, err = run_cli("pupil", "NEW", export, "-c", config, "--as-of", "2026-10-05")
    assert code == 0, err
    assert "2 of 2" in out
    code, _, err = run_cli("pupil", "NOBODY", export, "-c", config, "--as-of", "2026-09-25")
    assert err == (
        "error: no pupil with UPN 'NOBODY' in the exports this school year up to 25/09/2026 "
        "(a pupil is listed from their first session on roll)\n"
    )


LETTERS_CONFIG = """
[school]
name = "Oakfield Academy"
address = ["1 School Lane", "Exampletown", "EX1 2AB"]

[history]
path = "{history}"

[letters]
fonts = "{fonts}"
praise = true
certificate = true
"""


def test_the_certificate_a_praise_letter_carries_shows_the_letter_s_figure(
    tmp_path: Path,
) -> None:
    """PRA (in Reception): 26 school days from Mon 7 Sep 2026; X on the first morning (not possible), O on
    the last morning: 50 attended of 51 possible = 98.039...%, over the 98 % for praise.
    The letter keeps its figure off the praise line ("98.04%": one decimal would put it on
    the line, DOMAIN.md 3), but the certificate printed after it on the same sheet read
    "98.0%": two figures for one attendance on one letter.  Both say 98.04%, as a
    certificate alone does while the school's praise letters are on."""
    import pypdf

    from attcli.certificate import certificate_data
    from attcli.config import parse_config
    from attcli.engine import evaluate
    from attcli.letters import run_letters
    from school import contacts_file

    fonts = Path(__file__).parent / "data" / "letters" / "fonts"
    cfg = parse_config(LETTERS_CONFIG.format(history=tmp_path / "h.sqlite3", fonts=fonts))
    # (a Reception child born 1 March 2022, not of compulsory school age until the summer
    # term 2027: X is hers to have; for a child of that age a praise letter resting on X
    # is held, the post16 sweep's rule)
    reg = register(
        {"PRA": "X/ " + "/\\ " * 24 + "O\\"}, start=D(2026, 9, 7), dob={"PRA": D(2022, 3, 1)}
    )
    contacts = contacts_file(tmp_path / "c.csv", [("PRA", "C1", "Mrs", "Ann", "Smith")])
    r = run_letters(
        [], cfg, register=reg, contacts=contacts, out_dir=tmp_path / "out",
        letter_date=D(2026, 10, 13),
    )  # fmt: skip
    (letter,) = r.letters
    assert letter.template == "praise"
    pages = pypdf.PdfReader(str(tmp_path / "out" / letter.file)).pages
    assert len(pages) == 2
    said = " ".join(pages[0].extract_text().split())
    assert "98.04%" in said and "98.0%" not in said
    cert = " ".join(pages[1].extract_text().split())
    assert "Attendance 98.04%" in cert and "Sessions attended 50 of 51" in cert
    # the certificate alone (`pupil --pdf`) reads as the check and the letters do, with
    # praise letters on (the lettertext sweep's `letter_settings.reading_lines`)
    ev = evaluate(reg, cfg)
    row = ev.pupils.row(0, named=True)
    alone = dict(certificate_data(reg, ev, row, made_on=D(2026, 10, 13))["figures"])
    assert alone["Attendance"] == "98.04%"


def test_the_certificate_names_the_child_whole_as_the_evidence_pack_does() -> None:
    """A forename of 46 characters (given names in one field, as some MISs keep them) and
    a surname of 52: the certificate cut each to 40 with an ellipsis ("Maria-Guadalupe
    Esperanza Concepción Fe…"), saying nothing, on a page that goes to the family.  It
    keeps the legal names whole to 100 characters each, as the evidence pack does; beyond
    that an export is corrupt, and cut."""
    import polars as pl

    from attcli.certificate import certificate_data
    from attcli.config import parse_config
    from attcli.engine import evaluate

    fore = "Maria-Guadalupe Esperanza Concepción Fernández"
    sur = "de la Santísima Trinidad Rodríguez-O'Connell y Núñez"
    assert (len(fore), len(sur)) == (46, 52)
    reg = register({"A1": "/\\ " * 10}, start=D(2026, 9, 7)).with_columns(
        pl.lit(fore).alias("forename"), pl.lit(sur).alias("surname")
    )
    ev = evaluate(reg, parse_config('[school]\nname = "S"\n'))
    data = certificate_data(reg, ev, ev.pupils.row(0, named=True), made_on=D(2026, 9, 18))
    assert dict(data["pupil"])["Pupil"] == f"{fore} {sur}"
    assert data["title"] == f"Attendance certificate: {fore} {sur}"
    corrupt = reg.with_columns(pl.lit("x" * 150).alias("forename"))
    ev = evaluate(corrupt, parse_config('[school]\nname = "S"\n'))
    data = certificate_data(corrupt, ev, ev.pupils.row(0, named=True), made_on=D(2026, 9, 18))
    assert dict(data["pupil"])["Pupil"] == "x" * 39 + "\u2026 " + sur  # (a word: below)


def test_a_certificate_of_a_100_character_name_keeps_it_in_its_column(tmp_path: Path) -> None:
    """The names whole to 100 characters (above), but a corrupt export's 100 characters
    with no space in each name ran over the figures beside them (the pupil's column ends
    near 101 mm; at 5 pt, the layout's smallest, it holds about 50 of them): a word of
    more than 40 characters, which no real name has, is cut to 40 as before, and the name
    stays in its column, left of the figures."""
    from pypdf import PdfReader

    from test_sweep_hostile import MM, _runs_past, build

    f = build(tmp_path, {"H000000000001": "N" * 100})
    pdf = tmp_path / "certificate.pdf"
    code, _, err = run_cli("pupil", "H000000000001", f["export"], "-c", f["config"],
                           "--pdf", pdf)  # fmt: skip
    assert code == 0, err
    assert _runs_past(pdf, 210 - 16 + 3) == []
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert ("N" * 39 + "\u2026 " + "N" * 39 + "\u2026") in text
    # the name's runs end left of the figures' labels ("Attendance" at about 109 mm)
    starts = []

    def visit(t, cm, tm, font, size):  # noqa: ANN001
        if t.strip() == "Attendance":
            starts.append((cm[4] + tm[4]) / MM)

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    (figures,) = starts
    assert [r for r in _runs_past(pdf, figures - 3) if r[1].startswith("NNN")] == []


def test_the_record_says_the_pupil_s_marks_on_a_stray_day(tmp_path: Path) -> None:
    """Twelve pupils present every session of the 6 school weeks from Mon 5 Oct 2026 (the
    half-term week of 26 Oct has no school); P1 alone also has O, O on Tue 27 Oct, in the
    holiday: a stray day (1 of 12 pupils marked), no school day, whose marks count for P1
    as the MIS counts them (60 of 62, 2 unauthorised).  `check` lists it naming P1 ("check
    their date in the MIS, a mistyped date ..."); P1's record said "Unauthorised absence
    2" and "O 2" with no word that both rest on a day the school was shut.  It says so in
    one line, by day, with the marks; P2's record says nothing of it."""
    import polars as pl

    from builders import register_rows

    config = make_workspace(tmp_path / "school")
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register({f"P{i}": "/\\ " * 30 for i in range(12)}, start=D(2026, 10, 5),
                   holidays=holiday)  # fmt: skip
    stray = register_rows([{"upn": "P1", "date": D(2026, 10, 27), "session": s, "mark": "O"}
                           for s in ("AM", "PM")])  # fmt: skip
    export = write_long_csv(pl.concat([reg, stray]), tmp_path / "autumn.csv")
    code, out, err = run_cli("pupil", "P1", export, "-c", config, "--from", "2026-10-05")
    assert code == 0, err
    said = " ".join(out.split())
    assert "Sessions attended 60 of 62" in said and "Unauthorised absence 2 " in said
    assert (
        "Marks on a stray day (only a handful of pupils have marks: no school day), counted: "
        "27/10/2026 AM O, PM O: check their date in the MIS, a mistyped date or a register "
        "opened on a holiday"
    ) in said
    code, out, err = run_cli("pupil", "P2", export, "-c", config, "--from", "2026-10-05")
    assert code == 0, err
    assert "stray" not in out


def _one_child_two_upns(
    tmp_path: Path, *, overlap: bool = False, amy: bool = False
) -> tuple[Path, list[Path]]:
    """Kit Child (born 01/10/2014) under the temporary UPN A12345678901B from Mon 7 to Fri
    18 Sep 2026 (O on Tue, Wed and Thu of the first week: 14 of 20), then under the
    permanent A123456789012 from Mon 21 Sep to Fri 2 Oct (20 of 20), in two exports; OTHER
    present throughout.  ``overlap``: the second UPN from 7 Sep too (two children on roll
    together, their details the same).  ``amy``: Amy Other likewise, B12345678901C then
    B123456789012, with the same marks."""
    import polars as pl

    config = make_workspace(tmp_path / "school")
    first, then = {"A12345678901B": "Kit"}, {"A123456789012": "Kit"}
    if amy:
        first["B12345678901C"], then["B123456789012"] = "Amy", "Amy"
    old = register({**dict.fromkeys(first, "/\\ O O O " + "/\\ " * 6), "OTHER": "/\\ " * 10},
                   start=D(2026, 9, 7))  # fmt: skip
    new = register(dict.fromkeys(then, "/\\ " * (20 if overlap else 10)),
                   start=D(2026, 9, 7) if overlap else D(2026, 9, 21))  # fmt: skip
    other = register({"OTHER": "/\\ " * 10}, start=D(2026, 9, 21))
    reg = pl.concat([old, new, other])
    names = {**first, **then}
    upn = pl.col("upn").cast(pl.Utf8)
    reg = reg.with_columns(
        upn.replace_strict(names, default=pl.col("forename")).alias("forename"),
        pl.when(upn.str.starts_with("A1")).then(pl.lit("Child"))
        .when(upn.str.starts_with("B1")).then(pl.lit("Other"))
        .otherwise(pl.col("surname")).alias("surname"),
    )  # fmt: skip
    first = write_long_csv(reg.filter(pl.col("date") < D(2026, 9, 21)), tmp_path / "a.csv",
                           dob=True)  # fmt: skip
    second = write_long_csv(reg.filter(pl.col("date") >= D(2026, 9, 21)), tmp_path / "b.csv",
                            dob=True)  # fmt: skip
    return config, [first, second]


def test_a_certificate_of_one_child_under_two_upns_is_refused(tmp_path: Path) -> None:
    """`attcli pupil A123456789012 a.csv b.csv --pdf` made a certificate of "100.0%, 20 of
    20" for the school year, the first fortnight hatched "not on roll", while the exports
    hold the same child (surname, forename, date of birth) on roll then under the temporary
    UPN, with 6 unauthorised sessions: 34 of 40 (85.0%) over the year.  The letters hold
    such a child's letters and the evidence pack refuses to be made, but the certificate,
    which goes to the family, overstated their attendance with no word.  It is refused in
    one line (the record is still shown), for either UPN; two children on roll over the
    same days (twins spelt alike) are not refused."""
    config, exports = _one_child_two_upns(tmp_path)
    pdf = tmp_path / "kit.pdf"
    for upn, other in (("A123456789012", "A12345678901B (a temporary UPN), 07/09/2026 to "
                        "18/09/2026"), ("A12345678901B", "A123456789012, 21/09/2026 to "
                        "02/10/2026")):  # fmt: skip
        code, out, err = run_cli("pupil", upn, *exports, "-c", config, "--pdf", pdf)
        assert code == 1, err
        assert err.splitlines()[-1] == (
            f"error: the certificate for {upn} cannot be made: one child under two UPNs? "
            f"Child, Kit (born 01/10/2014) is also {other}: the certificate's figures are "
            f"{upn}'s alone; give the exports one UPN (the permanent one), or if they are "
            "two children, nothing here tells them apart"
        )
        assert out.startswith(f"Kit Child  UPN {upn}")  # the record is shown
        assert not pdf.exists()
    config, exports = _one_child_two_upns(tmp_path / "twins", overlap=True)
    code, _, err = run_cli("pupil", "A123456789012", *exports, "-c", config, "--pdf", pdf)
    assert code == 0, err
    assert pdf.exists()


def test_the_record_of_one_child_under_two_upns_says_so(tmp_path: Path) -> None:
    """Kit Child and Amy Other, each under a temporary UPN (7-18 Sep) and then the
    permanent one (21 Sep - 2 Oct).  The loader's note names one of them ("2 children
    under two UPNs ..., e.g. 'Child, Kit' ..."), and the record said of Amy only that, with
    figures of 20 of 20 (her first fortnight, 14 of 20, under the other UPN): it says, in
    its own line, that this record's figures are this UPN's alone, and the other UPN's
    dates.  A pupil under one UPN has no such line."""
    config, exports = _one_child_two_upns(tmp_path, amy=True)
    code, out, err = run_cli("pupil", "B123456789012", *exports, "-c", config)
    assert code == 0, err
    said = " ".join(out.split())
    assert "Sessions attended 20 of 20" in said
    assert (
        "One child under two UPNs? Other, Amy (born 01/10/2014) is also B12345678901C (a "
        "temporary UPN), 07/09/2026 to 18/09/2026: this record's figures are "
        "B123456789012's alone; give the exports one UPN (the permanent one), or if they are "
        "two children, nothing needs doing"
    ) in said
    code, out, err = run_cli("pupil", "OTHER", *exports, "-c", config)
    assert code == 0, err
    assert "two UPNs" not in out


def test_a_certificate_of_a_period_in_the_holidays_is_refused(tmp_path: Path) -> None:
    """The autumn term's term dates (half term 26-30 Oct 2026) and a register of every
    school day to Fri 13 Nov.  `pupil A --from 2026-10-26 --as-of 2026-10-30 --pdf` wrote
    a certificate of "The period from 26 October 2026 to 30 October 2026" with no week in
    its calendar, an empty key and "Attendance –", "0 of 0": a page for a family that says
    nothing, made without a word.  It is refused in one line (the record, which says the
    period has no school day, is still shown); the half term's last week is made."""
    from school import AUTUMN_HALF_TERMS

    config = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    holiday = [D(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    reg = register({"A": "/\\ " * 45}, start=D(2026, 9, 7), holidays=holiday)
    export = write_long_csv(reg, tmp_path / "autumn.csv")
    pdf = tmp_path / "a.pdf"
    code, out, err = run_cli("pupil", "A", export, "-c", config, "--from", "2026-10-26",
                             "--as-of", "2026-10-30", "--pdf", pdf)  # fmt: skip
    assert code == 1
    assert err.splitlines()[-1] == (
        "error: the certificate for A cannot be made: its period, 26/10/2026 to 30/10/2026, "
        "holds no school day: give a period with school days (--from, --as-of)"
    )
    assert out.startswith("ForenameA SurnameA  UPN A")
    assert not pdf.exists()
    code, _, err = run_cli("pupil", "A", export, "-c", config, "--from", "2026-10-19",
                           "--as-of", "2026-10-30", "--pdf", pdf)  # fmt: skip
    assert code == 0, err
    assert pdf.exists()


def test_the_key_says_present_of_a_slash_the_export_gives_in_the_afternoon() -> None:
    """An export that marks presence `/` morning and afternoon (as some MIS reports do):
    the certificate's key read "/ Present (AM)" beside a calendar of `/` in every PM
    cell.  The key says "Present" of a `/` shown in an afternoon (and of a `\\` shown in a
    morning); `/` in mornings and `\\` in afternoons keep their national meanings."""
    from attcli.certificate import certificate_data
    from attcli.config import parse_config
    from attcli.engine import evaluate

    def key(marks: str) -> dict[str, str]:
        reg = register({"A": marks}, start=D(2026, 9, 7))
        ev = evaluate(reg, parse_config('[school]\nname = "S"\n'))
        data = certificate_data(reg, ev, ev.pupils.row(0, named=True), made_on=D(2026, 9, 18))
        return {k["text"]: k["meaning"] for k in data["key"] if k["text"]}

    assert key("// " * 10) == {"/": "Present"}
    assert key("\\\\ " * 10) == {"\\": "Present"}
    assert key("/\\ " * 10) == {"/": "Present (AM)", "\\": "Present (PM)"}


def test_a_certificate_is_not_made_with_the_school_s_details_not_filled_in(
    tmp_path: Path,
) -> None:
    """A workspace as `attcli init` writes it with no detail given: `pupil A --pdf` wrote a
    certificate headed "FILL IN: school name", "FILL IN: address line 1", "Tel: FILL IN:
    school phone number", for the family, where letters refuse ("A filled-in school",
    docs/decisions.md); a [school] name left empty headed it "School".  It is refused in
    one line naming the key, as letters are (the record is still shown); filled in, made."""
    from attcli.config import init_text

    reg = register({"A": "/\\ " * 10}, start=D(2026, 9, 7))
    pdf = tmp_path / "a.pdf"
    blank = tmp_path / "blank" / "attcli.toml"
    blank.parent.mkdir()
    blank.write_text(init_text({}), encoding="utf-8")
    nameless = make_workspace(tmp_path / "nameless")
    nameless.write_text(
        nameless.read_text(encoding="utf-8").replace(
            'name = "Riverside Primary School"', 'name = ""'
        ),
        encoding="utf-8",
    )
    for config, said in (
        (blank, "config key 'school.name': still says 'FILL IN': put in your school's "
                "details before certificates (10 more places to fill in)"),
        (nameless, "config key 'school.name': missing: certificates need the school's "
                   "name"),
    ):  # fmt: skip
        export = write_long_csv(reg, config.parent / "autumn.csv")
        code, out, err = run_cli("pupil", "A", export, "-c", config, "--pdf", pdf)
        assert code == 1, err
        assert err.splitlines()[-1] == f"error: {config}: {said}"
        assert out.startswith("ForenameA SurnameA  UPN A")
        assert not pdf.exists()
    filled = make_workspace(tmp_path / "filled")
    export = write_long_csv(reg, filled.parent / "autumn.csv")
    code, _, err = run_cli("pupil", "A", export, "-c", filled, "--pdf", pdf)
    assert code == 0, err


def test_an_evidence_pack_with_the_school_s_details_not_filled_in_is_not_complete(
    tmp_path: Path,
) -> None:
    """The example school's Harvey Doyle, whose pack as of 20/11/2026 is complete
    (tests/test_evidence.py), from a workspace whose [school] details are still `attcli
    init`'s placeholders: the pack for the local authority was written headed "FILL IN:
    school name", "for FILL IN: local authority", prepared by "FILL IN: attendance lead's
    name", with no word.  The placeholders are one of its problems: refused, unless a
    draft (marked DRAFT, the problem on its first page)."""
    from attcli.config import init_text

    root = Path(__file__).resolve().parents[1] / "examples"
    example = (root / "attcli.toml").read_text(encoding="utf-8")
    ws = tmp_path / "school"
    ws.mkdir()
    school_part = example.split("[school]", 1)[1].split("\n[", 1)[1]  # every other section
    blank = init_text({}).split("[school]", 1)
    text = blank[0] + "[school]" + blank[1].split("\n[", 1)[0] + "\n[" + school_part
    (ws / "attcli.toml").write_text(text, encoding="utf-8")
    out = ws / "pack.pdf"
    args = ("evidence", "L999290719909", root / "exports" / "arbor_autumn_2026.csv",
            "--contacts", root / "exports" / "contacts.csv", "-c", ws / "attcli.toml",
            "--as-of", "2026-11-20", "--for", "penalty-notice", "-o", out)  # fmt: skip
    code, _, err = run_cli(*args)
    said = " ".join(err.split())
    assert code == 1, err
    assert (
        "the config's school details are not filled in: school.name still says 'FILL IN' "
        "(and 10 more): the pack would print them as they are; put in your school's details"
    ) in said
    assert "1 problem above" in said and not out.exists()
    code, _, err = run_cli(*args, "--draft")
    assert code == 0, err
    import pypdf

    first = " ".join(pypdf.PdfReader(str(out)).pages[0].extract_text().split())
    assert "DRAFT" in first and "school.name still says 'FILL IN'" in first


def test_the_afternoon_after_a_lunchtime_export_is_outside_the_certificate_not_no_school(
    tmp_path: Path,
) -> None:
    """Five pupils present every session from Mon 7 Sep 2026, the export made at lunchtime
    on Fri 18 Sep: everyone's AM mark that day and no PM row.  The figures run to that
    morning (19 of 19; the check's note says so), but the certificate showed the Friday
    afternoon grey, "no school for anyone this session": the school was open; the export
    was made before its register.  It is outside the period the certificate shows, as the
    days after an export's end are; a week with no school in it still says no school."""
    from attcli.certificate import certificate_data
    from attcli.config import parse_config
    from attcli.pupil_record import pupil_record

    reg = register({f"P{i}": "/\\ " * 9 + "/!" for i in range(5)}, start=D(2026, 9, 7))
    cfg = parse_config(f'[school]\nname = "S"\n[history]\npath = "{tmp_path / "h.sqlite3"}"\n')
    rec = pupil_record(reg, cfg, "P1")
    assert (rec.row["attended"], rec.row["possible"]) == (19, 19)
    data = certificate_data(rec.register, rec.evaluation, rec.row, made_on=D(2026, 9, 18))
    assert data["weeks"][-1]["label"] == "14 Sep 2026"
    assert [(c["kind"], c["text"]) for c in data["weeks"][-1]["cells"][-2:]] == [
        ("present", "/"), ("outside", ""),
    ]  # fmt: skip
    assert "no_school" not in {k["kind"] for k in data["key"]}


def test_a_certificate_of_days_still_to_come_is_refused(tmp_path: Path, monkeypatch) -> None:
    """Today is Mon 14 Sep 2026 and the export holds the pupil's week ahead too (leave
    entered ahead: C on Wed 16 to Fri 18 Sep).  `pupil A --pdf` (as of the data's last
    day, 18/09) made a certificate "made on 14 September 2026" of "the school year ... to
    18 September 2026", its calendar showing Wednesday to Friday's C as absence that had
    happened (24 of 30 where the days so far are 14 of 14).  Letters, which go to families
    too, are refused so ("No letters dated before the marks they count"): the certificate
    is, in one line naming the --as-of to give; as of today it is made."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-09-14")
    config = make_workspace(tmp_path / "school")
    reg = register({"A": "/\\ " * 7 + "C C C"}, start=D(2026, 9, 7))
    export = write_long_csv(reg, tmp_path / "autumn.csv")
    pdf = tmp_path / "a.pdf"
    code, out, err = run_cli("pupil", "A", export, "-c", config, "--pdf", pdf)
    assert code == 1
    assert err.splitlines()[-1] == (
        "error: the certificate for A cannot be made: it would show the register to "
        "18/09/2026, after today (14/09/2026), with the marks of days still to come (leave "
        "entered ahead) as if they had happened; give --as-of 2026-09-14 or earlier"
    )
    assert "Sessions attended" in out and not pdf.exists()
    code, _, err = run_cli("pupil", "A", export, "-c", config, "--pdf", pdf,
                           "--as-of", "2026-09-14")  # fmt: skip
    assert code == 0, err


def test_an_evidence_pack_of_days_still_to_come_is_not_complete(tmp_path: Path, monkeypatch) -> None:
    """The example school's Harvey Doyle: G every session Mon 16 - Fri 20 Nov 2026, at the
    threshold on Fri 20 Nov (tests/test_evidence.py).  Made on Wed 18 Nov from an export
    holding the rest of that week ahead (an unauthorised holiday entered ahead as G), the
    penalty-notice pack as of 20/11 was complete: "made on 18 November 2026", "first met
    on 20 November 2026", a request to the local authority for an offence not yet
    committed, with only a note on the screen.  Its figures after the day it is made are
    one of its problems (refused unless a draft), as letters refuse them; made on 20/11,
    the same pack is complete."""
    from attcli import clock

    root = Path(__file__).resolve().parents[1] / "examples"
    ws = tmp_path / "school"
    ws.mkdir()
    (ws / "attcli.toml").write_text((root / "attcli.toml").read_text(encoding="utf-8"),
                                    encoding="utf-8")  # fmt: skip
    out = ws / "pack.pdf"
    args = ("evidence", "L999290719909", root / "exports" / "arbor_autumn_2026.csv",
            "--contacts", root / "exports" / "contacts.csv", "-c", ws / "attcli.toml",
            "--as-of", "2026-11-20", "--for", "penalty-notice", "-o", out)  # fmt: skip
    monkeypatch.setenv(clock.ENV_VAR, "2026-11-18")
    code, _, err = run_cli(*args)
    said = " ".join(err.split())
    assert code == 1, err
    assert (
        "the pack's register runs to 20/11/2026, after the day it is made (18/11/2026): the "
        "marks of days still to come (leave entered ahead) would count as absence that "
        "happened; give --as-of 2026-11-18 or earlier"
    ) in said
    assert "1 problem above" in said and not out.exists()
    monkeypatch.setenv(clock.ENV_VAR, "2026-11-20")
    code, _, err = run_cli(*args)
    assert code == 0, err
