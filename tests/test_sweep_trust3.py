"""Sweep trust3 (4 December, fifth): a trust's commands other than the check and the
summary (letters, cme, cases, la-return, register-check), worked by hand.

The trust (Oak Trust, [schools.a] and [schools.b]): 20 school days from Monday 7 September
2026 to Friday 2 October, all in Autumn 1.

- Ash Primary School ([schools.a]): INSET day Friday 18 September (19 days, 38 sessions a
  pupil); its own bands: green 96 % or more, amber above 90 % (amber letter), red above
  50 % (red letter), severe (severe letter); its own CME line, 5 days.
  A1 present (green); A2 absent (``O``) Monday 7 September (36 of 38, 94.74 %: amber at Ash,
  green by the workspace's 92 % line); M, who moves to Birch, on Ash's roll to Friday 25
  September (14 days, 28 sessions), absent Tuesday and Wednesday 8-9 September (24 of 28,
  85.71 %: red at Ash, a red letter).
- Birch Academy ([schools.b]): the workspace's bands (green 92 %, amber above 90, red above
  50) and CME line (10 days).  B1 present; B2 absent 14-16 September (34 of 40, 85.0 %, red);
  M from Monday 28 September, absent 28-29 September (6 of 10, 60.0 %, red).

Ash's September export (``a-sept.csv``, to Friday 25 September) as of 25/09: an amber
letter for A2 (26 of 28, 92.86 %) and a red letter for M (24 of 28, 85.71 %, on roll to
the export's last day).  Birch as of 02/10: a red letter due for B2
and for M: Ash's red letter to M's parents is Ash's step, not Birch's.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from attcli.config import init_text
from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, DETAILS, contacts_file

P = "/\\"
MOVER = "M999000000009"
SCHOOLS = """
[schools.a]
name = "Ash Primary School"
urn = "100001"
files = ["a-*"]
inset_days = [2026-09-18]
[[schools.a.bands]]
name = "green"
at_least = 96
[[schools.a.bands]]
name = "amber"
above = 90
letter = "amber"
[[schools.a.bands]]
name = "red"
above = 50
letter = "red"
[[schools.a.bands]]
name = "severe"
letter = "severe"
[schools.a.cme]
days = 5

[schools.b]
name = "Birch Academy"
urn = "100002"
files = ["b-*"]
"""


def _marks(n: int, absent=frozenset(), off=frozenset(), inset=None) -> str:
    out = ["!" if i in off else "O" if i in absent else P for i in range(n)]
    if inset is not None and out[inset] != "!":
        out[inset] = "#"
    return " ".join(out)


def trust(tmp_path: Path, schools: str = SCHOOLS) -> dict[str, Path]:
    """The trust's workspace, each school's export, the shared export and the contacts."""
    ash = {
        "A999100000001": _marks(20, inset=9),
        "A999100000002": _marks(20, {0}, inset=9),
        MOVER: _marks(20, {1, 2}, set(range(15, 20)), inset=9),
    }
    birch = {
        "B999200000001": _marks(20),
        "B999200000002": _marks(20, {5, 6, 7}),
        MOVER: _marks(20, {15, 16}, set(range(15))),
    }
    a = register(ash, school="Ash Primary School")
    b = register(birch, school="Birch Academy")
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + schools, encoding="utf-8")
    upns = [*ash, *[u for u in birch if u not in ash]]
    return {
        "config": config,
        "a": write_long_csv(a, tmp_path / "a-autumn.csv", dob=True, groups=True),
        "b": write_long_csv(b, tmp_path / "b-autumn.csv", dob=True, groups=True),
        "shared": write_long_csv(
            pl.concat([a, b]), tmp_path / "trust-autumn.csv", dob=True, groups=True, school=True
        ),
        "a-sept": write_long_csv(
            a.filter(pl.col("date") <= dt.date(2026, 9, 25)), tmp_path / "a-sept.csv",
            dob=True, groups=True,
        ),
        "contacts": contacts_file(
            tmp_path / "contacts.csv",
            [(u, f"C{i}", "Mrs", "Parent", f"Of{u[-3:]}") for i, u in enumerate(upns)],
        ),
    }


def _cases(t: dict[str, Path], key: str) -> dict:
    code, out, err = run_cli("cases", t[key], "-c", t["config"], "-f", "json")
    assert code == 0, err
    return json.loads(out)


def _ash_s_september_letters(t: dict[str, Path], monkeypatch) -> None:
    """Ash's letters as of 25/09 from its September export: an amber for A2, a red for M."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-09-25")
    code, out, err = run_cli("letters", t["a-sept"], "--contacts", t["contacts"], "-c",
                             t["config"], "--out", t["config"].parent / "LA")  # fmt: skip
    assert code == 0, err
    assert "2 letters written" in " ".join(out.split()), out
    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")


def test_a_letter_of_one_school_is_not_another_school_s_casebook_step(tmp_path, monkeypatch):
    """A found bug: the casebook read every letter and record of the trust's history, so
    Birch's casebook put M, the mover, at "red (monitoring) since 25/09" by Ash's red
    letter, with nothing due, where Birch's own letters run (rightly) found Birch's red
    letter due; and it said Ash's A2 was "a pupil with casebook records not in these
    exports". Each school's casebook is its own letters' and records'."""
    t = trust(tmp_path)
    before = _cases(t, "b")["cases"]
    _ash_s_september_letters(t, monkeypatch)
    after = _cases(t, "b")
    assert [(c["upn"], c["due_stage"], c["stage"]) for c in after["cases"]] == [
        ("B999200000002", "red", None),
        (MOVER, "red", None),
    ]
    assert [(c["upn"], c["due_stage"]) for c in before] == [
        (c["upn"], c["due_stage"]) for c in after["cases"]
    ]
    assert not any("casebook records" in w for w in after["warnings"]), after["warnings"]
    # Ash's own casebook still has its letters as its steps (as of 02/10, its whole export)
    ash = {c["upn"]: c for c in _cases(t, "a")["cases"]}
    assert ash["A999100000002"]["stage"] == "amber"
    # and the trust's run of Birch's letters agrees: M's red letter is due at Birch
    code, out, err = run_cli("letters", t["shared"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L", "--dry-run")  # fmt: skip
    assert code == 0, err
    assert "dry run: 2 letters would be written" in " ".join(out.split()), out


def test_a_trust_records_a_school_s_casebook_action_under_that_school(tmp_path, monkeypatch):
    """A found bug: in a trust's workspace `case record` always said "no `attcli cases` run
    on record" (it looked for a run of no school), so no meeting or referral could be
    recorded for any of the trust's schools. `--school KEY` names the school: the UPN is
    checked against that school's last cases run, the action against its ladder, and the
    record is its own (the mover's Birch meeting is no step at Ash)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path)
    cfg = t["config"]
    _cases(t, "a")
    _cases(t, "b")
    code, _, err = run_cli("case", "record", MOVER, "--action", "red", "--date", "2026-10-01",
                           "-c", cfg)  # fmt: skip
    assert code == 1 and err.count("\n") == 1, err
    assert "--school" in err and "a, b" in err, err
    code, _, err = run_cli("case", "record", MOVER, "--action", "red", "--date", "2026-10-01",
                           "-c", cfg, "--school", "c")  # fmt: skip
    assert code == 1 and "'c'" in err and "a, b" in err, err
    code, out, err = run_cli("case", "record", MOVER, "--action", "red", "--date",
                             "2026-10-01", "-c", cfg, "--school", "b")  # fmt: skip
    assert code == 0, err
    assert "recorded 1: red for M999000000009 on 01/10/2026" in out, out
    # the key typed in capitals or with a space is that school (sweep "slips"): the same
    # record, so already on record
    code, _, err = run_cli("case", "record", MOVER, "--action", "red", "--date",
                           "2026-10-01", "-c", cfg, "--school", " B")  # fmt: skip
    assert code == 1 and "is already recorded (record 1" in err, err
    # a pupil of the other school is not Birch's
    code, _, err = run_cli("case", "record", "A999100000002", "--action", "amber", "--date",
                           "2026-10-01", "-c", cfg, "--school", "b")  # fmt: skip
    assert code == 1 and "not a pupil in the last recorded check" in err, err
    birch = {c["upn"]: c for c in _cases(t, "b")["cases"]}
    assert birch[MOVER]["stage"] == "red" and birch[MOVER]["since"] == "2026-10-01"
    assert birch["B999200000002"]["due_stage"] == "red"
    ash = _cases(t, "a")
    assert MOVER not in {c["upn"] for c in ash["cases"]}, ash["cases"]
    code, out, _ = run_cli("case", "list", "--json", "-c", cfg)
    assert [(r["school"], r["upn"]) for r in json.loads(out)] == [("b", MOVER)]
    code, out, _ = run_cli("case", "list", "-c", cfg)
    assert code == 0 and "school" in out and " b " in out, out
    # --school in a workspace of one school is a slip, said
    one = tmp_path / "one"
    one.mkdir()
    (one / "attcli.toml").write_text(init_text({**DETAILS}).replace('"FILL IN: DfE number"',
                                     '""') + AUTUMN_HALF_TERMS, encoding="utf-8")  # fmt: skip
    code, _, err = run_cli("case", "record", MOVER, "--action", "red", "--date", "2026-10-01",
                           "-c", one / "attcli.toml", "--school", "b")  # fmt: skip
    assert code == 1 and "[schools.KEY]" in err, err


def test_an_evidence_pack_holds_its_own_school_s_casebook_records_only(tmp_path, monkeypatch):
    """Ash's meeting about M (recorded under Ash) was listed among the actions of Birch's
    referral pack for M, as Birch's support given. A pack is its school's evidence: its own
    records only (its letters already were)."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path)
    cfg = t["config"]
    _cases(t, "a")
    _cases(t, "b")
    for key, note in (("a", "Ash meeting"), ("b", "Birch meeting")):
        code, _, err = run_cli("case", "record", MOVER, "--action", "red", "--date",
                               "2026-09-24" if key == "a" else "2026-10-01", "--note", note,
                               "-c", cfg, "--school", key)  # fmt: skip
        assert code == 0, err

    def pack(key: str) -> list[str]:
        code, out, err = run_cli("evidence", MOVER, t[key], "--for", "referral", "--contacts",
                                 t["contacts"], "-c", cfg, "-f", "json", "--draft")  # fmt: skip
        assert code == 0, err
        return [a["note"] for a in json.loads(out)["actions"]]

    assert pack("b") == ["Birch meeting"]
    assert pack("a") == ["Ash meeting"]


def test_a_pupil_of_another_school_is_not_said_to_have_this_school_s_letters(
    tmp_path, monkeypatch
):
    """`attcli pupil A2 b-autumn.csv` (Ash's pupil looked up in Birch's export) said "the
    history holds 1 letter about A999100000002 (the last: amber of 25/09/2026): taken off
    roll, or an export of other pupils?": Ash's letter, told as Birch's. A school's lookup
    tells its own history; Ash's own lookup of a pupil gone from its export still does."""
    t = trust(tmp_path)
    _ash_s_september_letters(t, monkeypatch)
    code, _, err = run_cli("pupil", "A999100000002", t["b"], "-c", t["config"])
    assert code == 1 and "no pupil with UPN 'A999100000002'" in err, err
    assert "letter" not in err, err
    others = tmp_path / "a-others.csv"  # Ash's export without A2 (its pattern: Ash's)
    lines = t["a-sept"].read_text(encoding="utf-8").splitlines(keepends=True)
    others.write_text("".join(x for x in lines if "A999100000002" not in x), encoding="utf-8")
    code, _, err = run_cli("pupil", "A999100000002", others, "-c", t["config"])
    assert code == 1 and "the history holds 1 letter about A999100000002" in err, err


def test_a_school_column_value_spaced_otherwise_names_its_school(tmp_path):
    """A School value with a doubled space or Excel's no-break space inside ("Ash\\xa0Primary
    School") stopped the trust's run as "not one of [schools]" though it is Ash's name:
    spaces inside are folded as at its ends (trimmed) and its case. Each school's check is
    then its own file's, byte for byte; a value naming no school still stops."""
    t = trust(tmp_path)
    cfg = t["config"]
    text = t["shared"].read_text(encoding="utf-8")
    for n, spelt in enumerate(("ash primary  school", "Ash\u00a0Primary School", " ASH PRIMARY SCHOOL\t")):
        shared = tmp_path / f"trust-{n}.csv"
        shared.write_text(text.replace("Ash Primary School,", f'"{spelt}",'), encoding="utf-8")
        code, _, err = run_cli("check", shared, "-c", cfg, "--per-school", tmp_path / f"C{n}",
                               "--as-of", "2026-10-02", "-f", "json")  # fmt: skip
        assert code == 0, err
        assert "a (Ash Primary School): 3 pupils" in err, err
    code, _, err = run_cli("check", t["a"], "-c", cfg, "-o", tmp_path / "a.json",
                           "--as-of", "2026-10-02")  # fmt: skip
    assert code == 0, err
    own = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    split = json.loads((tmp_path / "C1" / "a-check.json").read_text(encoding="utf-8"))
    assert split["pupils"] == own["pupils"]
    other = tmp_path / "trust-x.csv"
    other.write_text(text.replace("Ash Primary School,", "Ash Primary,"), encoding="utf-8")
    code, _, err = run_cli("check", other, "-c", cfg, "--per-school", tmp_path / "CX")
    assert code == 1 and "School 'Ash Primary' is not one of [schools]" in err, err


def test_a_trust_school_s_letters_without_its_contact_details_say_so(tmp_path, monkeypatch):
    """Ash's [schools.a] gives its name and URN only: its letters went out with no address,
    telephone or email to reply to and signed by no one ("Yours sincerely, Ash Primary
    School"), nothing said, where a school's own workspace cannot run letters until
    `attcli init`'s details are filled in. The run now says which details the letters
    lack and where to give them; Birch, which gives them, is said nothing."""
    schools = SCHOOLS.replace(
        'urn = "100002"\n',
        'urn = "100002"\naddress = ["1 Birch Lane", "Anytown"]\nphone = "01632 960222"\n'
        'email = "office@birch.example.org"\nattendance_lead = "Ms B. Lead"\n',
    )
    t = trust(tmp_path, schools)
    _ash_s_september_letters(t, monkeypatch)  # (the letters as of 25/09; today 02/10)
    code, out, err = run_cli("letters", t["shared"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L", "--dry-run",
                             width=400)  # fmt: skip
    assert code == 0, err
    said = [x for x in err.splitlines() if "letterhead" in x]
    assert said == [
        "note: a (Ash Primary School): [schools.a] gives no address, phone, email or "
        "attendance_lead, so its letters' letterhead has none and no one signs them: add "
        'them to [schools.a], or write "" for a detail the school does not have'
    ], err
    # a detail written "" on purpose is given: said nothing
    done = schools.replace(
        'files = ["a-*"]\n',
        'files = ["a-*"]\naddress = []\nphone = ""\nemail = ""\nattendance_lead = ""\n',
        1,
    )
    t["config"].write_text(
        t["config"].read_text(encoding="utf-8").replace(schools, done), encoding="utf-8"
    )
    code, out, err = run_cli("letters", t["shared"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L", "--dry-run",
                             width=400)  # fmt: skip
    assert code == 0 and "letterhead" not in err, err


def test_a_school_s_file_holding_two_schools_names_the_pattern_not_per_school(tmp_path):
    """The trust's shared export saved as ``a-all.csv`` (Ash's pattern ``a-*`` takes it) is
    refused, rightly, as two schools' rows in one school's file; but with --per-school the
    line said "run with --per-school DIR", the option given: it now says the file is Ash's
    by its name and how to have it split (a name no school's pattern matches)."""
    t = trust(tmp_path)
    both = tmp_path / "a-all.csv"
    both.write_bytes(t["shared"].read_bytes())
    for where in (("--per-school", tmp_path / "P"), ("-o", tmp_path / "x.json")):
        code, _, err = run_cli("check", both, "-c", t["config"], *where, width=400)
        assert code == 1 and err.count("error: ") == 1, err
        assert "2 schools (Ash Primary School, Birch Academy)" in err, err
        assert f"{both} is a's by its file name ([schools.a] files)" in err, err
        assert "run with --per-school" not in err, err
    # named as a shared export, it is split, each school its own
    code, _, err = run_cli("check", t["shared"], "-c", t["config"], "--per-school",
                           tmp_path / "Q")  # fmt: skip
    assert code == 0, err


def test_a_school_s_own_workspace_on_the_trust_s_history_is_refused(tmp_path, monkeypatch):
    """Ash's own workspace below the trust's, its [history] path the trust's history (let
    through as "one record"): its letters run opened the history as a one-school
    workspace's, whose letters are all its own, and put every letter on record, Birch's
    too, under no school's key; the trust's next run then sent all three letters again (1
    at Ash, 2 at Birch). Such a workspace is refused, by every command that reads the
    history, in one line saying to run from the trust's folder; nothing on record moves."""
    import sqlite3

    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2026-10-02")
    t = trust(tmp_path)
    code, _, err = run_cli("letters", t["shared"], "--contacts", t["contacts"], "-c",
                           t["config"], "--per-school", tmp_path / "L1")  # fmt: skip
    assert code == 0, err
    own = tmp_path / "ash" / "attcli.toml"
    own.parent.mkdir()
    details = {**DETAILS, "name": "Ash Primary School", "urn": "100001"}
    own.write_text(
        init_text(details)
        .replace('"FILL IN: DfE number"', '""')
        .replace('path = "attcli-history.sqlite3"', 'path = "../attcli-history.sqlite3"')
        + AUTUMN_HALF_TERMS,
        encoding="utf-8",
    )
    history = tmp_path / "attcli-history.sqlite3"

    def on_record() -> list[tuple[str, str]]:
        with sqlite3.connect(history) as db:
            return sorted(db.execute("SELECT school, upn FROM letters").fetchall())

    before = on_record()
    assert before == [("a", "A999100000002"), ("b", "B999200000002"), ("b", MOVER)]
    for args in (
        ("letters", t["a"], "--contacts", t["contacts"], "--out", tmp_path / "own"),
        ("cases", t["a"]),
        ("check", t["a"], "--record"),
    ):
        code, _, err = run_cli(*args, "-c", own, width=400)
        assert code == 1 and err.count("error: ") == 1, (args, err)
        assert "its [history] path is the history of the trust's workspace" in err, err
        assert "[schools.a]" in err, err
    assert on_record() == before
    code, out, err = run_cli("letters", t["shared"], "--contacts", t["contacts"], "-c",
                             t["config"], "--per-school", tmp_path / "L2", "--dry-run")  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert "1 already sent" in said and "2 already sent" in said, said
    assert "letters would be written" not in said.replace("0 letters would be written", "")
