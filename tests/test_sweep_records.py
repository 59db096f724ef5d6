"""The school's records in real hands (a sweep): `pn record / void / list / next`,
`case record / void / list` (and `--from FILE`) and `pupil merge OLD NEW`, used the way an
attendance officer uses them."""

from __future__ import annotations

from pathlib import Path

from attcli.store import History
from clirun import run_cli
from test_cases_cli import OCONNOR, WALSH, cases, record
from test_cases_cli import school as school  # noqa: F401  (the fixture)


def test_a_bulk_file_holding_one_record_twice_names_both_lines_not_a_record_never_made(
    school, tmp_path: Path
):
    """A week's meetings typed into a spreadsheet with one row pasted twice: nothing is
    recorded (all or none), and the refusal cited "record 3, by ... at ..." (the first
    row's id in the transaction rolled back), a record `case list` never shows. It names
    the two lines of the file instead."""
    assert cases(school)[0] == 0
    bulk = tmp_path / "week.csv"
    bulk.write_text(
        "upn,action,date,note\n"
        f"{OCONNOR},letter,2026-11-23,\n"
        f"{WALSH},review_meeting,2026-11-20,Mum came\n"
        f"{WALSH},review_meeting,2026-11-20,Mum came\n",
        encoding="utf-8",
    )
    code, _, err = record(school, "--from", str(bulk))
    assert code == 1 and err.strip() == (
        f"error: {bulk}, line 4: review_meeting for {WALSH} on 20/11/2026 is on line 3 "
        "too: a record once is enough; remove one of the lines"
    )
    with History(school / "attcli-history.sqlite3") as store:
        assert store.actions() == []


def test_a_bulk_file_s_record_already_on_record_is_named_by_its_line(school, tmp_path: Path):
    """The error for a row recorded before (last week's file given again, with a new row)
    named the record on file but not the line of the file to remove."""
    assert cases(school)[0] == 0
    assert record(school, WALSH, "--action", "review_meeting", "--date", "2026-11-20")[0] == 0
    bulk = tmp_path / "week.csv"
    bulk.write_text(
        "upn,action,date\n"
        f"{OCONNOR},letter,2026-11-23\n"
        f"{WALSH},review_meeting,2026-11-20\n",
        encoding="utf-8",
    )
    code, _, err = record(school, "--from", str(bulk))
    assert code == 1
    assert err.strip().startswith(
        f"error: {bulk}, line 3: review_meeting for {WALSH} on 20/11/2026 is already "
        "recorded (record 1, by "
    ), err
    with History(school / "attcli-history.sqlite3") as store:
        assert len(store.actions()) == 1


def test_a_merge_that_leaves_a_parent_three_notices_or_a_session_under_two_says_so(
    tmp_path: Path,
):
    """A pupil admitted on a temporary UPN: the office recorded the first notice to the
    mother under it, then, the permanent UPN in, the same notice again under that and a
    second one. `pupil merge` moved them silently: three notices to one parent about one
    pupil within 3 years (the framework allows two; `pn record` refuses a third) and the
    same ten sessions supporting two of her notices (a session supports one). It still
    moves them (the records are the pupil's), and says each in one line, naming the
    notices and what to do."""
    from school import contacts_file, make_workspace
    from test_cli import write_export

    temp, upn = "T123456789011", "A123456789011"
    marks = " ".join(["/\\"] * 5 + ["N"] * 5 + ["/\\"] * 5 + ["N"] * 5)
    cfg = make_workspace(tmp_path / "school")

    def record_pn(who: str, date: str, as_of: str) -> None:
        export = write_export(tmp_path / f"{who}.csv", {who: marks})
        book = contacts_file(tmp_path / f"{who}-c.csv", [(who, "501", "Mrs", "Jo", "Smith")])
        code, _, err = run_cli(
            "pn", "record", who, str(export), "--parent", "501", "--contacts", str(book),
            "--date", date, "--as-of", as_of, "-c", str(cfg),
        )  # fmt: skip
        assert code == 0, err

    record_pn(temp, "2026-09-25", "2026-09-18")  # notice 1
    record_pn(upn, "2026-09-25", "2026-09-18")  # notice 2: notice 1 again
    record_pn(upn, "2026-10-09", "2026-10-02")  # notice 3: the second
    code, out, err = run_cli("pupil", "merge", temp, upn, "-c", str(cfg))
    assert code == 0, err
    assert out.startswith(f"moved from {temp} to {upn}: 0 letters, 1 penalty notice,")
    said = [" ".join(w.split()) for w in " ".join(err.split()).split("warning: ")[1:]]
    assert ["warning: " + w for w in said] == [
        f"warning: {upn} now has 3 penalty notices to Mrs Jo Smith (contact 501) within 3 "
        "years of 25/09/2026 (notices 1, 2 and 3): the framework allows two; if one is a "
        "notice recorded under both UPNs, void it (attcli pn void ID --reason TEXT)",
        f"warning: 10 sessions ({'14/09/2026'} to 18/09/2026) support both notice 1 and "
        f"notice 2 to Mrs Jo Smith (contact 501) about {upn}: a session supports one "
        "notice; if they are one notice, void one (attcli pn void ID --reason TEXT)",
    ], err


def test_a_merge_that_leaves_one_casebook_record_twice_says_so(tmp_path: Path):
    """The support meeting of 20/11 recorded under the temporary UPN and again under the
    permanent one: `case record` refuses the same stage for a pupil on a day twice, but
    `pupil merge` made the pair silently, and `cases` read the one meeting as two
    records. It moves them and names the pair, with `case void`."""
    import datetime as dt

    from school import make_workspace

    temp, upn = "T123456789011", "A123456789011"
    cfg = make_workspace(tmp_path / "school")
    with History(tmp_path / "school" / "attcli-history.sqlite3", write=True) as store:
        day = dt.date(2026, 11, 20)
        store.record_actions([(temp, "la_referral", day, "", "")], by="office")
        store.record_actions([(upn, "la_referral", day, "", "")], by="office")
        store.record_actions([(temp, "la_referral", dt.date(2026, 11, 27), "", "")], by="o")
    code, out, err = run_cli("pupil", "merge", temp, upn, "-c", str(cfg))
    assert code == 0, err
    assert "2 casebook records" in out
    assert " ".join(err.split()).split("warning: ")[1:] == [
        f"la_referral for {upn} on 20/11/2026 is on record twice now (records 1 and 2): "
        "if they are one, void one (attcli case void ID --reason TEXT)"
    ], err


def test_pn_next_with_contacts_never_offers_a_force_it_does_not_have(tmp_path: Path):
    """`pn next UPN --parent 502 --contacts FILE`, 502 being the sibling's father: the
    refusal ended "or --force to record the name typed", but `pn next` records nothing and
    has no --force (given, it is a usage error). It offers what `pn next` can do."""
    from school import contacts_file, make_workspace

    cfg = make_workspace(tmp_path / "school")
    book = contacts_file(
        tmp_path / "c.csv",
        [
            ("A123456789011", "501", "Mrs", "Jo", "Smith"),
            ("A123456789012", "502", "Mr", "Sean", "Smith"),
        ],
    )
    code, _, err = run_cli(
        "pn", "next", "A123456789011", "--parent", "502", "--contacts", str(book),
        "-c", str(cfg),
    )  # fmt: skip
    assert code == 1
    assert " ".join(err.split()).endswith(
        f"error: no contact of A123456789011 in {book} is '502'; contact 502 (Mr Sean "
        "Smith) is listed for pupil A123456789012, not for A123456789011; the pupil's "
        "contacts: Mrs Jo Smith (id 501); give one's name or id, or leave out --contacts to "
        "go by the names on the notices on record"
    ), err
    code, _, err = run_cli(
        "pn", "next", "A123456789099", "--parent", "501", "--contacts", str(book),
        "-c", str(cfg),
    )  # fmt: skip
    assert code == 1
    assert " ".join(err.split()).endswith(
        f"error: pupil A123456789099 has no contacts in {book}: check the UPN, or leave "
        "out --contacts to go by the names on the notices on record"
    ), err


def test_pn_list_by_a_name_typed_short_says_whose_notices_there_are(tmp_path: Path):
    """`pn list --parent "Mrs Smith"` (or " 501 " pasted with its spaces) answered
    "Penalty notices recorded: 0: none" though Mrs Jo Smith (contact 501) has one: the
    officer reads that she has none. The list still matches the name as recorded or the
    contact id, and says whose notices there are when the name typed matches none."""
    from school import contacts_file, make_workspace
    from test_cli import write_export

    cfg = make_workspace(tmp_path / "school")
    upn = "A123456789011"
    export = write_export(tmp_path / "r.csv", {upn: " ".join(["/\\"] * 5 + ["N"] * 5)})
    book = contacts_file(tmp_path / "c.csv", [(upn, "501", "Mrs", "Jo", "Smith")])
    code, _, err = run_cli(
        "pn", "record", upn, str(export), "--parent", "501", "--contacts", str(book),
        "--date", "2026-09-18", "-c", str(cfg),
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run_cli("pn", "list", "--parent", " 501 ", "-c", str(cfg))
    assert code == 0 and out.startswith("Penalty notices recorded: 1\n"), out
    code, out, err = run_cli("pn", "list", "--parent", "Mrs Smith", "-c", str(cfg))
    assert code == 0 and out == "Penalty notices recorded: none\n"
    assert " ".join(err.split()).endswith(
        "note: no notice on record to 'Mrs Smith'; there are to Mrs Jo Smith (contact 501): "
        "give the name as recorded or the contact id"
    ), err
