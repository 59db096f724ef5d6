"""A trust whose schools key their pupils by MIS ids each school numbers from 1 (sweep
trustids): one id at two schools is two children, and a contacts export or an id typed on
the command line that cannot say which school's is refused, never guessed.  Small
registers from tests/builders.py; every answer worked by hand from DOMAIN.md."""

from __future__ import annotations

from pathlib import Path

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, CONTACTS_HEADER, DETAILS

P = "/\\"
#: away (O) the first 4 of 20 days from Mon 7 Sep: 32 of 40 = 80.0 %, red
AWAY = " ".join(["O"] * 4 + [P] * 16)
HERE = " ".join([P] * 20)


def _trust(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Oak Trust's config (Ash a, Birch b, each its own files) and the two schools'
    exports, keyed by the MIS id each school numbers from 1001 (in the UPN column, as a
    school's export names it): Ash's 1001 is Adam Ashname, Birch's 1001 Bella Birchname,
    both away the first 4 days (red); Ash's 1002 present every day."""
    from attcli.config import init_text

    schools = "".join(
        f'\n[schools.{k}]\nname = "{n}"\nurn = "{u}"\nfiles = ["{f}-*"]\n'
        for k, n, u, f in (
            ("a", "Ash Primary School", "100001", "ash"),
            ("b", "Birch Academy", "100002", "birch"),
        )
    )
    config = tmp_path / "attcli.toml"
    details = {**DETAILS, "name": "Oak Trust", "urn": "500000", "dfe_number": ""}
    text = init_text(details).replace('"FILL IN: DfE number"', '""')
    config.write_text(text + AUTUMN_HALF_TERMS + schools, encoding="utf-8")
    files = []
    for name, pupils, child in (
        ("ash-autumn.csv", {"1001": AWAY, "1002": HERE}, ("Ashname", "Adam")),
        ("birch-autumn.csv", {"1001": AWAY}, ("Birchname", "Bella")),
    ):
        path = write_long_csv(register(pupils), tmp_path / name)
        text = path.read_text(encoding="utf-8")
        text = text.replace("Surname1001", child[0]).replace("Forename1001", child[1])
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return config, files[0], files[1]


def _contacts(path: Path, rows: list[tuple[str, ...]], school: bool = False) -> Path:
    """A contacts export: (upn, contact id, title, forename, surname[, school]) a row."""
    head = ("School," if school else "") + CONTACTS_HEADER
    lines = [
        (f"{r[5]}," if school else "")
        + f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},Parent,1,Yes,{i} Elm Road,Anytown,AN1 {i}AB"
        for i, r in enumerate(rows, 1)
    ]
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_contacts_export_of_ids_two_schools_give_is_refused_and_a_school_column_matches(
    tmp_path: Path, monkeypatch
) -> None:
    """One contacts export keyed by the MIS id, no School column: its 1001 (Mrs Ann Ash) is
    Ash's or Birch's child, it cannot say which.  Before, Birch's letter about Bella went
    "to: Mrs Ann Ash".  Now the run is refused before any school's letters, naming the id,
    both schools and what would do.  With a School column, each school's 1001 gets its own
    family's contacts: Ash's letter to Mrs Ann Ash, Birch's to Mr Ben Birch."""
    config, ash, birch = _trust(tmp_path)
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")

    def letters(contacts: Path, *more: str) -> tuple[int, str, str]:
        return run_cli("letters", ash, birch, "--contacts", contacts, "-c", config,
                       "--per-school", tmp_path / "L", "--dry-run", *more)  # fmt: skip

    shared = _contacts(tmp_path / "contacts.csv", [
        ("1001", "C1", "Mrs", "Ann", "Ash"), ("1002", "C2", "Mr", "Bob", "Two"),
    ])  # fmt: skip
    code, out, err = letters(shared)
    assert code == 1, out
    said = " ".join(err.split())
    assert "would write" not in out and "dry run" not in said, said
    assert (
        "error: pupil id 1001 is on the roll of a (Ash Primary School) and of b (Birch "
        "Academy): each school's MIS numbers its own pupils, so it is two children, and "
        f"{shared} has no School column to say which school's pupil its rows are about"
    ) in said, said
    assert "add a School column" in said and "its own files" in said and "UPN" in said, said
    # (the CME list's priority contact, every school's --contacts alike)
    code, out, err = run_cli("cme", ash, birch, "--contacts", shared, "-c", config,
                             "--per-school", tmp_path / "C")  # fmt: skip
    assert code == 1 and "pupil id 1001 is on the roll of a (Ash" in " ".join(err.split()), err

    by_school = _contacts(tmp_path / "contacts-s.csv", [
        ("1001", "C1", "Mrs", "Ann", "Ash", "Ash Primary School"),
        ("1002", "C2", "Mr", "Bob", "Two", "a"),
        ("1001", "C3", "Mr", "Ben", "Birch", "100002"),
    ], school=True)  # fmt: skip
    code, out, err = letters(by_school)
    assert code == 0, err
    ash_run, birch_run = " ".join(out.split()).split("dry run: ")[:2]
    assert "Adam Ashname" in ash_run and "Mrs Ann Ash" in ash_run, ash_run
    assert "Mr Ben Birch" not in ash_run, ash_run
    assert "Bella Birchname" in birch_run and "Mr Ben Birch" in birch_run, birch_run
    assert "Mrs Ann Ash" not in birch_run, birch_run
    # a School that names none of the trust's schools is whose? Refused, not dropped
    text = by_school.read_text(encoding="utf-8").replace("\n100002,", "\nCedar School,")
    by_school.write_text(text, encoding="utf-8")
    code, out, err = letters(by_school)
    assert code == 1, out
    assert (
        "the School ('School') on line 4 'Cedar School' names no school of [schools] (by "
        "key, name, URN or DfE number): each row's School must name the one school whose "
        "pupil it is about"
    ) in " ".join(err.split()), err
    # Ash's rows only: Birch's pupils have none (the run crashed, "min() arg is an empty
    # sequence"): refused before any school's run, and in Birch's own run
    ash_only = _contacts(tmp_path / "contacts-a.csv", [
        ("1001", "C1", "Mrs", "Ann", "Ash", "a")], school=True)  # fmt: skip
    code, out, err = letters(ash_only)
    assert code == 1 and "would write" not in out, out
    assert "no row's School (column 'School') names b (Birch Academy), so none of its " \
        "pupils has a contact here" in " ".join(err.split()), err
    code, out, err = run_cli("letters", birch, "--contacts", ash_only, "-c", config, "--out",
                             tmp_path / "B", "--dry-run")  # fmt: skip
    assert code == 1, out
    assert "names this school, so none of its pupils (e.g. 1001) has a contact here" in \
        " ".join(err.split()), err


def test_an_id_two_schools_give_is_refused_on_the_command_line_and_its_school_s_run_takes_it(
    tmp_path: Path, monkeypatch
) -> None:
    """Ash's 1001 and Birch's 1001 both ill (`I`) the first 4 days: red, each letter held
    for review (all absence illness).  `letters --per-school L --release 1001` made both
    schools' letters, where the officer meant one child.  Now it is refused before any
    school runs, naming both schools and how to name the one: Birch's files alone, with
    the trust's config, release Bella's letter, to Birch's family (the School column)."""
    config, ash, birch = _trust(tmp_path)
    for path in (ash, birch):
        text = path.read_text(encoding="utf-8").splitlines()
        text = [ln[:-1] + "I" if ln.startswith("1001,") and ln.endswith(",O") else ln
                for ln in text]  # fmt: skip (1001's four days away made ill)
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
    contacts = _contacts(tmp_path / "contacts.csv", [
        ("1001", "C1", "Mrs", "Ann", "Ash", "a"), ("1002", "C2", "Mr", "Bob", "Two", "a"),
        ("1001", "C3", "Mr", "Ben", "Birch", "b"),
    ], school=True)  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")

    def letters(*more: str) -> tuple[int, str, str]:
        return run_cli("letters", ash, birch, "--contacts", contacts, "-c", config,
                       "--per-school", tmp_path / "L", "--dry-run", *more)  # fmt: skip

    code, out, err = letters()
    assert code == 0, err
    assert out.count("Held for review") == 2, out
    code, out, err = letters("--release", "1001")
    assert code == 1, out
    assert "would write" not in out, out
    assert " ".join(err.split()).endswith(
        "error: --release 1001: pupil id 1001 is on the roll of a (Ash Primary School) and of "
        "b (Birch Academy): each school's MIS numbers its own pupils, so it names two "
        "children; run the school whose pupil it is on its own exports (give only its "
        "files, with this config) with --release 1001, or export the registers with UPNs"
    ), err
    code, out, err = run_cli("letters", birch, "--contacts", contacts, "-c", config,
                             "--out", tmp_path / "B", "--dry-run", "--release", "1001")  # fmt: skip
    assert code == 0, err
    said = " ".join(out.split())
    assert "Bella Birchname" in said and "Mr Ben Birch" in said and "Held" not in said, said
    assert "Mrs Ann Ash" not in said, said


def test_a_trust_s_pupil_list_of_mis_ids_is_matched_on_the_school_and_the_id(
    tmp_path: Path, monkeypatch
) -> None:
    """The exports keyed by an `MIS ID` column (no UPN), one trust pupil list giving each
    MIS id its UPN and name, a School column saying whose: Ash's 1001 is Adam
    (A100000000011), Birch's 1001 Bella (B100000000011).  Before, the list was refused,
    "MIS id 1001 is given to two pupils ... correct the pupil list", and matched on the id
    alone each school's 1001 took both rows: Ash's run listed Bella's letter too.  Now
    each school's 1001 is its own pupil; a list with no School column is refused, saying
    it needs one."""
    config, ash, birch = _trust(tmp_path)
    for path in (ash, birch):
        path.write_text(path.read_text(encoding="utf-8").replace("UPN,", "MIS ID,", 1),
                        encoding="utf-8")  # fmt: skip
    rows = [("a", "1001", "A100000000011", "Ashname", "Adam"),
            ("a", "1002", "A100000000012", "Surname1002", "Forename1002"),
            ("b", "1001", "B100000000011", "Birchname", "Bella")]  # fmt: skip
    listed = tmp_path / "pupils.csv"
    listed.write_text("School,MIS ID,UPN,Surname,Forename\n"
                      + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")  # fmt: skip
    contacts = _contacts(tmp_path / "contacts.csv", [
        ("A100000000011", "C1", "Mrs", "Ann", "Ash"), ("B100000000011", "C3", "Mr", "Ben", "Birch"),
    ])  # fmt: skip
    monkeypatch.setenv("ATTCLI_TODAY", "2026-10-02")

    def letters(pupils: Path) -> tuple[int, str, str]:
        return run_cli("letters", ash, birch, "--contacts", contacts, "--pupils", pupils, "-c",
                       config, "--per-school", tmp_path / "L", "--dry-run")  # fmt: skip

    code, out, err = letters(listed)
    assert code == 0, err
    ash_run, birch_run = " ".join(out.split()).split("dry run: ")[:2]
    assert "Adam Ashname" in ash_run and "Mrs Ann Ash" in ash_run, ash_run
    assert "Bella" not in ash_run and "Adam" not in birch_run, (ash_run, birch_run)
    assert "Bella Birchname" in birch_run and "Mr Ben Birch" in birch_run, birch_run
    plain = tmp_path / "pupils-plain.csv"
    plain.write_text("MIS ID,UPN,Surname,Forename\n"
                     + "".join(",".join(r[1:]) + "\n" for r in rows), encoding="utf-8")  # fmt: skip
    code, out, err = letters(plain)
    assert code == 1, out
    said = " ".join(err.split())
    assert "MIS id 1001 is given to two pupils" in said, said
    assert "give a trust's list of several schools a School column" in said, said
    # Ash named two ways, its 1001 given to two children: refused, not one of them taken
    twice = tmp_path / "pupils-twice.csv"
    twice.write_text(listed.read_text(encoding="utf-8")
                     + "Ash Primary School,1001,A100000000013,Other,Olly\n", encoding="utf-8")  # fmt: skip
    code, out, err = letters(twice)
    assert code == 1, out
    assert "MIS id 1001 is given to two pupils of a (its School written two ways)" in \
        " ".join(err.split()), err
