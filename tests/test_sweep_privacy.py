"""Sweep "privacy" (5 December, fourth): what attcli keeps about pupils, where, and for how
long, as a school's data protection officer asks it.

The history store kept every letter (names, addresses), notice, casebook record, LA return
and run (every pupil's names and date of birth, each run) for ever, with no way to delete a
pupil's records or an old year's.  `attcli pupil forget` deletes them, refusing what a
penalty notice that still counts (DOMAIN.md 5: three years) or an open case rests on.

"Today" is Tuesday 31 August 2027 (tests/conftest.py): the school year 2026/27's last day.
The store, seeded through its own API:

- OLD (Olwen Oldfield), gone years ago: a letter of 10/03/2023, a notice of 20/03/2023
  (it counted until 20/03/2026, no longer), a casebook record, a penalty-notice pack, a
  run of 10/03/2023 (on the ladder then), a row of the LA return of 31/03/2023;
- KEEP (Bethan Keeping): a letter of 10/09/2023 and a notice of 01/06/2025, which counts
  toward the next one until 01/06/2028;
- OPEN (Cerys Current): a letter of 10/01/2023 and, in the newest run (16/07/2027), red on
  the ladder: an open case.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from clirun import run_cli
from school import make_workspace

OLD, KEEP, OPEN = "A111111111111", "B222222222222", "C333333333333"
TODAY = dt.date(2027, 8, 31)


def _letter(store, upn: str, name: str, day: dt.date) -> None:  # noqa: ANN001
    lid = store.begin_letter(
        school="", upn=upn, template="amber", band="amber", half_term="Spring 1",
        half_term_start=day - dt.timedelta(days=20), academic_year=day.year - (day.month < 9),
        recipient="Mrs Parent", stage=1, letter_date=day, out_dir="/letters",
        file=f"{upn}_amber.pdf", pupil_name=name, contact_name=f"Mrs {name.split()[1]}",
        address="1 Rowan Drive, Oakfield OK3 9RL", email="parent@example.org",
        attended=80, possible=100, as_of=day,
    )  # fmt: skip
    store.letter_written(lid, "0" * 64)
    store.send_letters({lid: "letters-to-print.pdf"})


def _snapshot(store, as_of: dt.date, pupils: dict[str, str | None]) -> None:  # noqa: ANN001
    store.add_snapshot(
        as_of, "export.csv",
        [("", u, 90, 100, "amber", "", stage, "due" if stage else None, 2)
         for u, stage in pupils.items()],
        names={("", u): (f"Surname{u[0]}", f"Forename{u[0]}", dt.date(2012, 1, 1))
               for u in pupils},
    )  # fmt: skip


def _seed(folder: Path) -> Path:
    from attcli.store import History, Parent

    config = make_workspace(folder)
    path = folder / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        _letter(store, OLD, "Olwen Oldfield", dt.date(2023, 3, 10))
        store.record_notice(
            OLD, Parent("id:501", "Mrs Oldfield"), dt.date(2023, 3, 20), "LA ref 1",
            sessions=[(dt.date(2023, 3, 6), "AM", "G")], pupil_name="Olwen Oldfield",
            pupil_dob=dt.date(2011, 5, 4),
        )  # fmt: skip
        store.record_action(OLD, "meeting", dt.date(2023, 2, 1), note="Olwen's mother came")
        store.record_pack(
            school="", upn=OLD, pupil_name="Olwen Oldfield",
            parent=Parent("id:501", "Mrs Oldfield"), kind="penalty-notice",
            made_on=dt.date(2023, 3, 15), as_of=dt.date(2023, 3, 10),
            window=(dt.date(2023, 1, 9), dt.date(2023, 3, 10)), threshold=10,
            sessions=[(dt.date(2023, 3, 6), "AM", "G")], marks="[]",
        )  # fmt: skip
        _snapshot(store, dt.date(2023, 3, 10), {OLD: "amber", OPEN: None})
        for as_of in ("2023-03-31", "2027-06-30"):
            store.db.execute(
                "INSERT INTO la_returns (label, period_start, as_of, digest, produced_on, "
                "file, sha256, exports, written_at, written_by) VALUES "
                "(?, ?, ?, '', ?, 'r.csv', '', '', '', '')",
                (as_of[:7], as_of[:8] + "01", as_of, as_of),
            )
        store.db.execute(
            "INSERT INTO la_return_rows (return_id, list, school, upn, status, open, basis, "
            "surname, forename, dob) VALUES (1, 'unauthorised', '', ?, 'new', 1, 'N', "
            "'Oldfield', 'Olwen', '2011-05-04')",
            (OLD,),
        )
        _letter(store, KEEP, "Bethan Keeping", dt.date(2023, 9, 10))
        store.record_notice(
            KEEP, Parent("id:502", "Mr Keeping"), dt.date(2025, 6, 1),
            pupil_name="Bethan Keeping",
        )  # fmt: skip
        _letter(store, OPEN, "Cerys Current", dt.date(2023, 1, 10))
        _snapshot(store, dt.date(2027, 7, 16), {KEEP: None, OPEN: "red"})
    return config


def _rows_of(path: Path, upn: str) -> dict[str, int]:
    """Rows naming ``upn`` in every table of the store (the audit's by its text)."""
    db = sqlite3.connect(path)
    try:
        found = {}
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})")]
            if "upn" in cols:
                n = db.execute(f"SELECT count(*) FROM {t} WHERE upn = ?", (upn,)).fetchone()[0]
            elif t == "audit":
                n = sum(
                    upn in s + d
                    for s, d in db.execute("SELECT subject, detail FROM audit WHERE action != 'forget'")
                )
            else:
                continue
            if n:
                found[t] = n
        return found
    finally:
        db.close()


def test_a_pupil_forgotten_leaves_no_record_and_no_trace_of_their_name_in_the_file(
    tmp_path: Path,
) -> None:
    """Every row naming OLD goes, in every table (letters with the address they went to,
    the notice and its sessions, the casebook, the pack, the run's row with their name and
    date of birth, the LA return's row), and their name is nowhere in the file's bytes:
    SQLite leaves a deleted row's bytes in the page it was on until that page is used again,
    so a deletion that does not overwrite them leaves "Oldfield" readable with a text
    editor.  KEEP's and OPEN's records are untouched; the forgetting is itself recorded
    (the UPN, who, when, how many rows: never the name)."""
    from attcli.store import History

    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    assert b"Oldfield" in path.read_bytes()
    before_keep, before_open = _rows_of(path, KEEP), _rows_of(path, OPEN)
    with History(path, write=True) as store:
        done = store.forget(upns=[OLD], today=TODAY, by="dpo")
    assert done.counts == {
        "letters": 1, "penalty notices": 1, "covered sessions": 1, "casebook records": 1,
        "penalty-notice packs": 1, "run snapshot rows": 1, "LA return rows": 1,
    }  # fmt: skip
    assert _rows_of(path, OLD) == {}
    data = path.read_bytes()
    assert b"Oldfield" not in data and b"Olwen" not in data
    assert _rows_of(path, KEEP) == before_keep and _rows_of(path, OPEN) == before_open
    with History(path) as store:
        (row,) = [a for a in store.audit() if a.action == "forget"]
    assert row.subject == f"pupil {OLD}" and row.by == "dpo" and "7 rows" in row.detail


def test_what_a_counting_notice_or_an_open_case_rests_on_is_kept_unless_forced(
    tmp_path: Path,
) -> None:
    """KEEP's notice of 01/06/2025 counts toward the next until 01/06/2028 (DOMAIN.md 5):
    deleting it makes a second notice look like a first.  OPEN is red on the ladder in the
    newest run.  Both are refused, saying why and how to go on; --force deletes them."""
    from attcli.errors import AttcliError
    from attcli.store import History

    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        with pytest.raises(AttcliError) as err:
            store.forget(upns=[KEEP, OPEN], today=TODAY)
        text = str(err.value)
        assert "\n" not in text
        assert "01/06/2025" in text and "01/06/2028" in text and KEEP in text
        assert OPEN in text and "red" in text and "16/07/2027" in text and "force" in text
        assert _rows_of(path, KEEP) and _rows_of(path, OPEN)  # nothing deleted
        # the notice that stopped counting yesterday no longer holds the pupil
        assert store.forget(upns=[KEEP], today=dt.date(2028, 6, 1), dry_run=True).counts
        store.forget(upns=[KEEP, OPEN], today=TODAY, force=True)
    assert _rows_of(path, KEEP) == {} and _rows_of(path, OPEN) == {}
    with History(path, write=True) as store:  # a UPN mistyped: said, not "0 rows deleted"
        with pytest.raises(AttcliError, match=f"nothing on record for UPN {KEEP}"):
            store.forget(upns=[OLD, KEEP], today=TODAY)
    assert _rows_of(path, OLD)  # (all or nothing)


def test_in_a_trust_s_history_an_id_at_two_schools_is_not_taken_for_one_child(
    tmp_path: Path,
) -> None:
    """A trust's history keeps each school's records under its key, and an MIS id (an
    admission number each school gives from 1) may be two children at two schools: "1003"
    at Ash and at Birch is refused, naming both schools, unless --force."""
    from attcli.errors import AttcliError
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        store.record_action("1003", "meeting", dt.date(2025, 10, 1), school="ash")
        store.record_action("1003", "meeting", dt.date(2025, 10, 2), school="birch")
        store.record_action("1004", "meeting", dt.date(2025, 10, 2), school="birch")
        with pytest.raises(AttcliError, match=r"1003: on record at 2 schools \(ash, birch\)"):
            store.forget(upns=["1003"], today=TODAY)
        assert store.forget(upns=["1004"], today=TODAY).counts == {"casebook records": 1}
        assert store.forget(upns=["1003"], today=TODAY, force=True).counts == {
            "casebook records": 2
        }


def test_a_dry_run_deletes_nothing_and_says_what_would_go(tmp_path: Path) -> None:
    from attcli.store import History

    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    data = path.read_bytes()
    with History(path, write=True) as store:
        done = store.forget(upns=[OLD], today=TODAY, dry_run=True)
    assert sum(done.counts.values()) == 7
    assert path.read_bytes() == data


def test_an_old_year_forgotten_keeps_this_year_the_newest_run_and_what_rests_on_notices(
    tmp_path: Path,
) -> None:
    """Before 1 September 2024: OLD's records all go (their letter, notice, pack, casebook
    record, the run of 10/03/2023 with its rows, the return of 31/03/2023 with its row);
    KEEP's letter of 10/09/2023 is older too but stays (their notice still counts), and so
    does OPEN's letter of 10/01/2023 (an open case), each said; the newest run and return
    are after the date anyway.  A date after the start of this school year (1 September
    2026) is refused: this year's letters decide the next letter's stage."""
    from attcli.errors import AttcliError
    from attcli.store import History

    _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        with pytest.raises(AttcliError, match=r"01/09/2026"):
            store.forget(before=dt.date(2026, 9, 2), today=TODAY)
        done = store.forget(before=dt.date(2024, 9, 1), today=TODAY)
    assert _rows_of(path, OLD) == {}
    assert set(done.kept) == {KEEP, OPEN}
    assert "01/06/2028" in done.kept[KEEP] and "red" in done.kept[OPEN]
    assert done.counts["runs"] == 1 and done.counts["LA returns"] == 1
    assert _rows_of(path, KEEP) == {"letters": 1, "penalty_notices": 1, "snapshot_pupils": 1}
    assert _rows_of(path, OPEN) == {"letters": 1, "snapshot_pupils": 1}
    assert b"Oldfield" not in path.read_bytes()
    with History(path) as store:
        assert [s.as_of for s in store.la_returns()] == [dt.date(2027, 6, 30)]
    # a pupil kept is one with a record the date would delete: before 2023 KEEP has none
    with History(path, write=True) as store:
        done = store.forget(before=dt.date(2023, 9, 1), today=TODAY, dry_run=True)
    assert done.kept.keys() == {OPEN} and done.counts == {}


def test_pupil_forget_shows_first_and_deletes_with_yes(tmp_path: Path) -> None:
    """`attcli pupil forget UPN` says what it would delete and deletes nothing; `--yes`
    deletes; a refusal is one line, exit 1."""
    config = _seed(tmp_path / "ws")
    path = tmp_path / "ws" / "attcli-history.sqlite3"
    data = path.read_bytes()
    code, out, err = run_cli("pupil", "forget", OLD.lower(), "-c", config)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert f"would delete the records of {OLD}:" in said and "1 letter" in said
    assert "--yes" in said
    assert path.read_bytes() == data  # (shown on a copy: the file untouched)
    code, out, err = run_cli("pupil", "forget", OLD, "-c", config, "--yes")
    assert code == 0, err
    assert "deleted" in " ".join(out.split()) and _rows_of(path, OLD) == {}
    code, _, err = run_cli("pupil", "forget", OPEN, "-c", config, "--yes")
    assert code == 1 and err.startswith("error:") and err.count("\n") == 1
    assert re.search(r"red", err) and "--force" in err
    code, out, err = run_cli("pupil", "forget", "-c", config, "--before", "2024-09-01", "--yes")
    assert code == 0, err
    assert f"kept: {KEEP}" in " ".join((out + err).split())
    code, _, err = run_cli("pupil", "forget", OLD, "-c", config, "--before", "2024-09-01")
    assert code == 1 and "either" in err


# ------------------------------------------------------------------ nothing leaves the PC


class _Loads:
    """What an HTML page would fetch when opened: every resource attribute (src, href of
    anything but a link the reader clicks, poster, ...) and CSS url() or @import that is
    not a fragment (#id) or inline data (data:)."""

    def __init__(self, page: str) -> None:
        from html.parser import HTMLParser

        self.found: list[str] = []
        found = self.found

        class P(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ANN001
                if tag in {"script", "iframe", "object", "embed", "link", "base"}:
                    found.append(f"<{tag}>")
                for k, v in attrs:
                    if k in {"href", "xlink:href"} and tag == "a":
                        continue  # (a link the reader follows, not a fetch)
                    if k in {"src", "href", "xlink:href", "poster", "action", "background",
                             "srcset", "data"} and not (v or "").startswith(("#", "data:")):  # fmt: skip
                        found.append(f"{tag} {k}={v}")

            handle_startendtag = handle_starttag

        P().feed(page)
        for css in re.findall(r"url\(\s*['\"]?([^)'\"]*)", page):
            if not css.startswith(("#", "data:")):
                found.append(f"url({css})")
        found += re.findall(r"@import[^;<]*", page)


#: The policy every HTML page attcli writes carries: it fetches nothing, whatever it holds.
CSP = "default-src 'none'"


def _letter_page() -> str:
    from attcli.letters.render import letter_html

    return letter_html({
        "title": "Olwen Oldfield: amber letter", "date": "1 March 2027", "reference": "A1",
        "school": {"name": "Oakfield Academy", "address": ["1 Road"], "phone": "", "email": ""},
        "recipient": ["Mrs Oldfield", "1 Rowan Drive"], "salutation": "Dear Mrs Oldfield",
        "blocks": [{"kind": "para", "runs": [
            {"text": '<img src="https://tracker.example/p.gif">', "bold": False, "italic": False}
        ]}],
        "figures": {"rows": [], "columns": [], "note": ""}, "closing": "Yours sincerely",
        "signatory": {"name": "Ms L. Lead", "role": "", "school": ""}, "footer": "",
    })  # fmt: skip


def test_every_html_page_attcli_writes_fetches_nothing_and_says_so_to_the_browser(
    tmp_path: Path, example_report: str
) -> None:
    """The report, the trust's report and a letter's HTML copy (for email, or to read on
    screen) load nothing from the internet: no remote font, script, image or style.  Each
    also carries a Content-Security-Policy that lets the browser fetch nothing, so that no
    value in it (a name, a template's text, a chart) and no later change can make it call
    out (a letter opened from an email naming a child must not tell a tracker it was read).
    The report had it; the letter's HTML and the trust's report did not."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    summary = tmp_path / "oak.summary.json"
    config = tmp_path / "ws" / "attcli.toml"  # (a copy: no history beside the examples)
    config.parent.mkdir()
    config.write_text((examples / "attcli.toml").read_text("utf-8"), "utf-8")
    code, _, err = run_cli(
        "summary", examples / "exports" / "arbor_autumn_2026.csv", "-c", config,
        "-o", summary, "--as-of", "2026-12-18",
    )  # fmt: skip
    assert code == 0, err
    trust = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summary, "-o", trust)
    assert code == 0, err
    pages = {
        "report": example_report,
        "trust": trust.read_text("utf-8"),
        "letter": _letter_page(),
    }
    assert "&lt;img" in pages["letter"]  # (the template's text is text)
    for name, page in pages.items():
        assert _Loads(page).found == [], name
        head = page.split("</head>", 1)[0]
        assert re.search(
            rf'<meta http-equiv="Content-Security-Policy" content="{CSP}[;"]', head
        ), name
    assert _Loads('<img src="https://x/p.gif"><style>@import "y.css"</style>').found == [
        "img src=https://x/p.gif", '@import "y.css"'
    ]  # (the check finds what it is for)


def test_no_command_opens_a_network_connection(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """The report (matplotlib's charts), a certificate PDF (typst and its fonts) and a
    penalty-notice pack make no connection and look no host up: pupil data stays on the
    PC (a font or a package fetched at run time would also tell a server the school ran
    it).  Typst's own fetching (a package imported by ``#import "@preview/..."``) is not
    Python's: no layout imports a package."""
    import socket

    calls: list[str] = []

    def refuse(name: str):  # noqa: ANN202
        def call(*a: object, **k: object) -> None:
            calls.append(f"{name}{a[1:2]}")
            raise OSError("no network in this test")

        return call

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(name))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    examples = Path(__file__).resolve().parents[1] / "examples"
    config = tmp_path / "ws" / "attcli.toml"  # (a copy: the history goes beside it)
    config.parent.mkdir()
    config.write_text((examples / "attcli.toml").read_text("utf-8"), "utf-8")
    export = examples / "exports" / "arbor_autumn_2026.csv"
    for args in (
        ("report", export, "-o", tmp_path / "r.html", "--as-of", "2026-12-04"),
        ("pupil", "K999290917913", export, "--pdf", tmp_path / "c.pdf", "--as-of", "2026-11-20"),
        ("evidence", "L999290719909", export, "--for", "penalty-notice", "--contacts",
         examples / "exports" / "contacts.csv", "--as-of", "2026-11-20", "-o", tmp_path / "p.pdf"),
    ):  # fmt: skip
        code, _, err = run_cli(*args, "-c", config)
        assert code == 0, (args[0], err)
    assert calls == []
    templates = Path(__import__("attcli").__file__).parent / "templates"
    layouts = list(templates.rglob("*.typ"))
    assert len(layouts) >= 3
    for f in layouts:
        assert not re.search(r'#import\s+"@|read\(\s*"https?:', f.read_text("utf-8")), f


def test_a_school_s_own_workspace_below_its_trust_says_the_trust_keeps_records_too(
    tmp_path: Path,
) -> None:
    """A school's own workspace in a folder below a trust's that lists it (docs/trust.md):
    forgetting a pupil in its history leaves what the trust's history holds of the school's
    pupils, which the command says, naming it and the school's key."""
    make_workspace(
        tmp_path / "trust",
        '\n[schools.riv]\nname = "Riverside Primary School"\nurn = "100001"\n',
    )
    config = _seed(tmp_path / "trust" / "riverside")  # its [school] is URN 100001
    code, out, err = run_cli("pupil", "forget", OLD, "-c", config, "--yes")
    assert code == 0, err
    said = " ".join(err.split())
    assert str(tmp_path / "trust" / "attcli-history.sqlite3") in said
    assert "[schools.riv]" in said and "forget there as well" in said
    _, _, err = run_cli("pupil", "forget", OPEN, "-c", _seed(tmp_path / "alone"), "--force")
    assert "trust" not in err


def test_a_leaver_with_records_of_this_school_year_is_kept_unless_forced(tmp_path: Path) -> None:
    """A pupil who left this year is in no run's ladder (not on roll: in no run at all), yet
    a child who left after 10 days of unexplained absence has a CME referral and LA return
    rows this year that the local authority's enquiries rest on: a pupil with any record
    dated in this school year (from 1 September 2026) is refused unless --force; one whose
    records are all older is not."""
    from attcli.errors import AttcliError
    from attcli.store import History

    path = tmp_path / "attcli-history.sqlite3"
    with History(path, write=True) as store:
        store.record_action("D444444444444", "la_referral", dt.date(2027, 3, 1), note="CME")
        store.record_action("E555555555555", "meeting", dt.date(2026, 7, 1))
        with pytest.raises(AttcliError, match=r"D444444444444: .*this school year.*01/03/2027"):
            store.forget(upns=["D444444444444"], today=TODAY)
        assert store.forget(upns=["E555555555555"], today=TODAY).counts
        assert store.forget(upns=["D444444444444"], today=TODAY, force=True).counts
