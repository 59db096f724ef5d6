"""Sweep leftovers12 (docs/decisions.md, "... (sweep of 6 December (second), leftovers12)"):
the estimate's words where some term dates are given, the next penalty notice's wording,
the per-school two-UPN note, hand-typing slips in the calendar section of attcli.toml, the
penalty-notice window count a run records."""

from __future__ import annotations

import re

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace


def _flat(text: str) -> str:
    return " ".join(text.split())


#: the termly school's estimate: Autumn's two half terms given, to Friday 18 December 2026
TERMLY = "estimated: term dates given only to 18/12/2026, the year taken as the statutory 380 sessions"


def test_the_estimate_says_which_term_dates_are_given_and_what_is_taken_for_the_rest(tmp_path):
    """Autumn's two half terms given (7 September to 18 December 2026), nothing after:
    the sessions left are the statutory 380 less those so far, which every command said as
    "(estimated: no term dates to July)", as if none were given.  A pupil of 20 school days
    (7 September to 2 October), absent (O) on the last three: 34 of 40, 85.0 %, red; 380 -
    40 = 340 left; red while (34 + 340 - k) * 100 > 50 * 380 = 19,000, k < 184: "can miss
    183 more sessions this year before severe", then the estimate, in the check's band
    reason, the pupil record and the report's target (96 % of 380 = 364.8, less 34 =
    330.8 of the 340 left: at least 97.3 %).  With no term dates at all, "no term dates
    given for 2026/27"."""
    from attcli.check import check_register
    from attcli.config import parse_config

    reg = register({"A": " ".join(["/"] * 17 + ["O"] * 3)})
    reason = check_register(reg, parse_config(AUTUMN_HALF_TERMS)).pupils["reason_band"][0]
    assert reason.endswith(f"can miss 183 more sessions this year before severe ({TERMLY})"), reason
    reason = check_register(reg, parse_config("")).pupils["reason_band"][0]
    assert reason.endswith(
        "can miss 183 more sessions this year before severe (estimated: no term dates given "
        "for 2026/27, the year taken as the statutory 380 sessions)"
    ), reason

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = config.read_text(encoding="utf-8").replace("[report]\n", "[report]\ntarget = 96\n", 1)
    config.write_text(text, encoding="utf-8")
    export = write_long_csv(reg, tmp_path / "year.csv")
    code, out, err = run_cli("pupil", "A", export, "-c", config, width=80)
    assert code == 0, err
    assert f"before severe ({TERMLY})" in _flat(out), out
    assert "no term dates to July" not in out
    code, out, err = run_cli("report", export, "-c", config, "-o", tmp_path / "r.html")
    assert code == 0, err
    page = _flat(re.sub(r"<[^>]+>", " ", (tmp_path / "r.html").read_text(encoding="utf-8")))
    assert (
        f"the 340 sessions left (340 school sessions for each of 1 pupil on roll; {TERMLY}) "
        "needs to be at least 97.3 %."
    ) in page, page[page.find("Target"):][:400]


def test_the_check_quotes_the_next_notice_in_pn_s_words(tmp_path):
    """`check` said the first notice as "GBP 80 within 21 days, 160 within 28" where `pn
    next` (and `pn list`, the pupil record's notices) say "GBP 80 if paid within 21 days,
    160 within 28", the sentence a parent reads.  A pupil absent (G, unauthorised) on the
    last 10 of 20 school days: 20 unauthorised sessions in the window, the threshold met;
    no notice on record: the first; one recorded to Mrs Jo Surname1 (2025-03-01, within the
    three years before 2 October 2026): the second (GBP 160), as `pn next` says."""
    import json

    from school import contacts_file
    from test_cli import write_export

    upn = "A123456789011"
    export = write_export(tmp_path / "e.csv", {upn: " ".join(["/\\"] * 10 + ["G"] * 10)})
    cfg = make_workspace(tmp_path / "school", AUTUMN_HALF_TERMS)
    contacts = contacts_file(tmp_path / "c.csv", [(upn, "501", "Mrs", "Jo", "Surname1")])

    def quoted() -> str:
        code, out, err = run_cli("check", export, "-c", cfg, "-f", "json")
        assert code == 0, err
        return json.loads(out)["pupils"][0]["pn_next_notice"]

    def pn_next() -> str:
        code, out, err = run_cli(
            "pn", "next", upn, "--parent", "Mrs Surname1", "--contacts", contacts,
            "--date", "2026-10-02", "-c", cfg,
        )  # fmt: skip
        assert code == 0, err
        return _flat(out).split(";")[0]  # (then: no date of birth on record, said)

    first = "first (GBP 80 if paid within 21 days, 160 within 28)"
    assert quoted() == f"next notice: {first}, none on record"
    assert pn_next() == first
    code, _, err = run_cli(
        "pn", "record", upn, export, "--parent", "Mrs Surname1", "--contacts", contacts,
        "--date", "2025-03-01", "--force", "-c", cfg,
    )  # fmt: skip
    assert code == 0, err
    assert quoted() == "Mrs Jo Surname1: next notice: second (GBP 160)"
    assert pn_next() == "second (GBP 160)"


#: a trust of two schools (docs/trust.md): each school's files by its own pattern
TRUST_SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]

[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
"""


def _trust_of_two_upn_children(folder):  # noqa: ANN001, ANN202
    """Ash and Birch, 20 school days from Monday 7 September 2026 (every mark present):
    at Ash, Kit Child under K...01 (to Friday 18 September) and K...02 (from Monday 21);
    at Birch, Sam Same under S...01 and S...02 likewise; Pat Mover under P...01 at Ash to
    18 September and P...02 at Birch from 21 September (a child's UPN is kept for life,
    from school to school: the two UPNs are one child's, or two children's); everyone born
    01/10/2014 (the builder's).  The workspace's config, and each school's export and the
    trust's shared one (a School column)."""
    import polars as pl

    from attcli.config import init_text
    from school import DETAILS

    def marks(off: range = range(0)) -> str:
        return " ".join("!" if i in off else "/\\" for i in range(20))

    first, then = range(10, 20), range(10)
    ash = {"A999100000001": marks(), "K999100000001": marks(first),
           "K999100000002": marks(then), "P999100000001": marks(first)}  # fmt: skip
    birch = {"B999200000001": marks(), "S999200000001": marks(first),
             "S999200000002": marks(then), "P999200000002": marks(then)}  # fmt: skip
    names = {"K": ("Child", "Kit"), "S": ("Same", "Sam"), "P": ("Mover", "Pat")}

    def named(reg: pl.DataFrame) -> pl.DataFrame:
        key = pl.col("upn").cast(pl.Utf8).str.slice(0, 1)
        return reg.with_columns(
            key.replace_strict({k: s for k, (s, _) in names.items()}, default=pl.col("surname"))
            .alias("surname"),
            key.replace_strict({k: f for k, (_, f) in names.items()}, default=pl.col("forename"))
            .alias("forename"),
        )

    a = named(register(ash, school="Ash Primary School"))
    b = named(register(birch, school="Birch Academy"))
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + TRUST_SCHOOLS, encoding="utf-8")
    return config, (
        write_long_csv(a, folder / "a-autumn.csv", dob=True, groups=True),
        write_long_csv(b, folder / "b-autumn.csv", dob=True, groups=True),
    ), write_long_csv(pl.concat([a, b]), folder / "trust-autumn.csv", dob=True, school=True)


def test_a_per_school_check_says_each_school_s_two_upn_children_and_a_child_of_two_schools_once(
    tmp_path,
):
    """`check --per-school`: each school's lines say its own child under two UPNs (Kit at
    Ash, Sam at Birch; never the other school's), and Pat, P999100000001 at Ash and
    P999200000002 at Birch (the same surname, forename and date of birth), was said
    nowhere: each school's note looks within the school.  Pat is now said once, after the
    schools' lines, naming both schools and both UPNs; from each school's files and from the
    trust's shared export alike."""
    config, files, shared = _trust_of_two_upn_children(tmp_path / "trust")
    for n, exports in enumerate((files, (shared,))):
        code, out, err = run_cli(
            "check", *exports, "-c", config, "--per-school", tmp_path / f"out{n}", width=80
        )
        assert code == 0, err
        text = _flat(err)
        ash = text.split("a (Ash Primary School):")[1].split("b (Birch Academy):")[0]
        birch, after = text.split("b (Birch Academy):")[1].split("wrote", 1)[1], ""
        assert "'Child, Kit' born 01/10/2014" in ash and "Same, Sam" not in ash, ash
        assert "'Same, Sam' born 01/10/2014" in birch and "Child, Kit" not in birch, birch
        line = (
            "one child under two UPNs in two schools? 'Mover, Pat' born 01/10/2014: "
            "P999100000001 at Ash Primary School, P999200000002 at Birch Academy"
        )
        assert text.count("Mover, Pat") == 1 and line in text, text
        after = text.split("b (Birch Academy):")[1]
        assert line in after, after
    # `cme` and `register-check --per-school` say it once likewise, after the schools' lines
    for command in (("cme",), ("register-check", "--term", "autumn", "--as-of", "2026-10-02")):
        code, out, err = run_cli(*command, shared, "-c", config, "--per-school",
                                 tmp_path / command[0], width=80)  # fmt: skip
        assert code == 0, err
        text = _flat(out + "\n" + err)
        assert text.count(line) == 1, text
        assert text.index(line) > text.index("b (Birch Academy): 4 pupils"), text
    # `report --trust` from the exports says it on the terminal likewise (the page names
    # no pupil)
    code, _, err = run_cli("report", "--trust", *files, "-c", config, "-o", tmp_path / "t.html")
    assert code == 0, err
    assert _flat(err).count(line) == 1, err
    assert "Mover" not in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_a_child_of_two_schools_is_not_a_mover_twins_or_one_school_s_two_upns():
    """Who `children_of_two_schools` finds: Pat (P1 at Ash, P2 at Birch) alone.  Not
    Moe, who moved under one UPN (M1 at both); not the twins Tom and Tim (their forenames
    two children's); not Kit's two UPNs at Ash (Ash's own note); not Ann at Ash and Birch,
    whose Birch UPN A2 Ash holds too (A2 moved; A1 is Ash's own second UPN of her)."""
    import datetime as dt

    import polars as pl

    from attcli.loaders import children_of_two_schools

    born = dt.date(2015, 3, 1)

    def school(*rows: tuple[str, str, str]) -> pl.DataFrame:
        return pl.DataFrame(
            [(u, s, f, born) for u, s, f in rows],
            schema={"upn": pl.Utf8, "surname": pl.Utf8, "forename": pl.Utf8, "dob": pl.Date},
            orient="row",
        )

    ash = school(("P1", "Mover", "Pat"), ("M1", "Stay", "Moe"), ("T1", "Twin", "Tom"),
                 ("K1", "Child", "Kit"), ("K2", "Child", "Kit"), ("A1", "Dual", "Ann"),
                 ("A2", "Dual", "Ann"))  # fmt: skip
    birch = school(("P2", "MOVER", "Pat"), ("M1", "Stay", "Moe"), ("T2", "Twin", "Tim"),
                   ("A2", "Dual", "Ann"))  # fmt: skip
    got = children_of_two_schools([("Ash", ash), ("Birch", birch)])
    assert got == [("Mover", "Pat", born, [("P1", "Ash"), ("P2", "Birch")])]


def _refusal(tmp_path, calendar: str) -> str:
    """`attcli check`'s one line for a workspace whose attcli.toml is ``calendar`` alone,
    the file's path left out."""
    config = tmp_path / "ws" / "attcli.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(calendar, encoding="utf-8")
    export = write_long_csv(register({"A": "/"}), tmp_path / "e.csv")
    code, out, err = run_cli("check", export, "-c", config, width=300)
    lines = [x for x in err.strip().splitlines() if not x.startswith("workspace:")]
    assert code == 1 and len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0].replace(f"{config}: ", "")


def test_a_slip_in_a_multi_line_list_of_dates_is_named_with_its_line_and_fix(tmp_path):
    """INSET days as a TOML list over several lines, as offices lay them out: a date typed
    02/11/26 (a two-digit year) was "not valid TOML: Unclosed array", which says neither
    the line nor what to write; the one-line list named both.  Each slip now names its
    line and the fix: the short
    year and 2026-9-3 (no leading zeros) as the date to write; 02/11/2026 likewise; a
    comma left off the end of an item (then TOML stops at the next) as that item's line;
    two dates with no comma between them on one line; and a list left open before the next
    table (`[report]`) as the list's own line."""
    head = "[calendar]\ninset_days = [\n  2026-09-03,\n"  # lines 1 to 3
    where = "error: config key 'calendar.inset_days': "
    for typed, said in (
        ("  02/11/26,\n]\n", "line 4, 02/11/26 has a two-digit year: write the date YYYY-MM-DD, "
         "the year in full, unquoted: 2026-11-02"),
        ("  2026-9-3,\n]\n", "line 4, 2026-9-3 is not a date attcli.toml can hold: write it "
         "YYYY-MM-DD, unquoted: 2026-09-03"),
        ("  02/11/2026,\n]\n", "line 4, 02/11/2026 is not a date attcli.toml can hold: write "
         "it YYYY-MM-DD, unquoted: 2026-11-02"),
    ):  # fmt: skip
        got = _refusal(tmp_path, head + typed)
        assert got.startswith(where) and got.endswith(said), got
    got = _refusal(tmp_path, "[calendar]\ninset_days = [\n  2026-09-03\n  2026-11-02,\n]\n")
    assert got.startswith(where) and got.endswith(
        "line 3, 2026-09-03 has no comma after it: end each date of the list but the last "
        "with a comma: 2026-09-03,"
    ), got
    got = _refusal(tmp_path, "[calendar]\ninset_days = [2026-09-03 2026-11-02]\n")
    assert got.startswith(where) and got.endswith(
        "line 2, no comma between 2026-09-03 and 2026-11-02: write 2026-09-03, 2026-11-02"
    ), got
    got = _refusal(tmp_path, head + "  2026-11-02,\n\n[report]\n")
    assert got.startswith(where) and got.endswith(
        "line 2, the list inset_days = [ is not closed: end it with ] on a line of its own "
        "before line 6"
    ), got


def test_a_pn_row_says_the_window_count_the_run_recorded(tmp_path):
    """DOMAIN.md 5 and 12 (leftovers10 left it: the run kept no window count).  A's
    register from Mon 7 September 2026 (Autumn's half terms: the week of 26 October a
    holiday); present but for Mon 7 September `O` (2) and the week of 23 November: Mon to
    Thu `O` (8), Fri 27 `N` (2).  The run as of Fri 27/11 (11 school weeks, its window the
    10 from 14 September) counted 12 unauthorised in the year, 10 in the window: the
    threshold met.  Since, Fri 27 is `/` (the N given its code: a correction) and Thu 26
    `/` where the run had `O` (a disagreement).  As of 27/11 the register now counts 8 and
    6; with the correction undone, 10 and 8.  The row said "... unauthorised 10 -> 8,
    penalty-notice window 8 -> 6 sessions; and a mark of then changed since besides ...:
    that check counted 12 unauthorised": the run's window, 10, was said nowhere.  The run
    now keeps each pupil's window count and the row says it.  A run recorded before it was
    kept (its count emptied, as an older history's row reads) says so."""
    import datetime as dt
    import json
    import sqlite3

    holiday = [dt.date(2026, 10, 26) + dt.timedelta(days=i) for i in range(5)]
    week, present = " ".join(["/\\"] * 5), ["/\\"] * 4

    def a_of(last_week: str) -> str:
        return " ".join(["O", *present, *[week] * 9, last_week, week])

    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    then = register({"A": a_of("O O O O N"), "B": " ".join([week] * 12)}, holidays=holiday)
    now = register({"A": a_of("O O O / /"), "B": " ".join([week] * 12)}, holidays=holiday)
    run = write_long_csv(then.filter(then["date"] <= dt.date(2026, 11, 27)), tmp_path / "a.csv")
    code, _, err = run_cli("check", run, "-c", ws, "--as-of", "2026-11-27", "--record")
    assert code == 0, err
    export = write_long_csv(now, tmp_path / "b.csv")

    def row() -> str:
        code, out, err = run_cli("check", export, "-c", ws, "--as-of", "2026-12-04", "-f", "json")
        assert code == 0, err
        (detail,) = [
            c["detail"] for c in json.loads(out)["changes"]
            if c["upn"] == "A" and c["detail"].startswith("pn: ")
        ]  # fmt: skip
        return detail

    said = (
        "pn: register corrected since that check (2 sessions 27/11 N -> /): as of 27/11/2026 "
        "unauthorised 10 -> 8, penalty-notice window 8 -> 6 sessions; and a mark of then "
        "changed since besides (not an N given its reason: check the marks in the MIS): that "
        "check counted 12 unauthorised as of 27/11/2026"
    )
    assert row() == said + ", 10 sessions in its penalty-notice window"
    with sqlite3.connect(ws.parent / "attcli-history.sqlite3") as db:
        db.execute("UPDATE snapshot_pupils SET pn_window = NULL")
    assert row() == said + (
        " (its penalty-notice window count was not kept: a check recorded before attcli kept it)"
    )


def test_other_hand_typed_slips_in_the_calendar_section_name_their_line_and_fix(tmp_path):
    """Each was TOML's "Expected newline ...", "Invalid value" or "Unclosed array" with
    no key and no fix: a comma after a date; INSET days with no square brackets; a
    semicolon for a comma; two commas together; a one-line list not closed; a date
    written 2026/09/03 or 3 September 2026."""
    ht = '[[calendar.half_terms]]\nname = "Autumn 1"\n'  # lines 1 and 2
    start = "error: config key 'calendar.half_terms[0].start': line 3, "
    inset = "error: config key 'calendar.inset_days': line 2"
    for typed, said in (
        (ht + "start = 2026-09-03,\nend = 2026-10-23\n",
         start + "start = 2026-09-03, ends with a comma, which TOML does not take after a "
         "value: write start = 2026-09-03"),
        (ht + "start = 2026/09/03\nend = 2026-10-23\n",
         start + "2026/09/03 is not a date attcli.toml can hold: write it YYYY-MM-DD, "
         "unquoted: start = 2026-09-03"),
        (ht + "start = 3 September 2026\nend = 2026-10-23\n",
         start + "3 September 2026 is not a date attcli.toml can hold: write it YYYY-MM-DD, "
         "unquoted: start = 2026-09-03"),
        ("[calendar]\ninset_days = 2026-09-03, 2026-11-02\n",
         inset + ", 2026-09-03, 2026-11-02 is more than one value: write a list in square "
         "brackets, inset_days = [2026-09-03, 2026-11-02]"),
        ("[calendar]\ninset_days = [2026-09-03; 2026-11-02]\n",
         inset + " parts the list's items with a semicolon (;): write a comma (,) after "
         "each item but the last"),
        ("[calendar]\ninset_days = [2026-09-03,, 2026-11-02]\n",
         inset + " has two commas with no item between them: take one out"),
        ("[calendar]\ninset_days = [2026-09-03, 2026-11-02\n",
         inset + ", the list inset_days = [ is not closed: end it with ]"),
    ):  # fmt: skip
        assert _refusal(tmp_path, typed) == said
