"""The trust report from schools' summaries (issue 18, part 2, first step): every trust
figure is the sum of the schools' counts, small schools and cohorts are hidden with
secondary suppression."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest

from clirun import as_in_a_test, run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = (ROOT / "examples" / "attcli.toml").read_text(encoding="utf-8")


#: the example Integris export's title row names Oakfield Academy: a school of these tests
#: that reads it says the name is its own (an export of another school is refused)
OAKFIELD_EXPORTS = 'export_names = ["Oakfield Academy"]\n'


def school(folder: Path, name: str, urn: str) -> Path:
    folder.mkdir()
    cfg = folder / "attcli.toml"
    cfg.write_text(
        CONFIG.replace('name = "Oakfield Academy"', f'name = "{name}"\n{OAKFIELD_EXPORTS}')
        .replace('urn = "123456"', f'urn = "{urn}"'),
        encoding="utf-8",
    )
    return cfg


def tiny_export(path: Path) -> None:
    """Cedar: 3 pupils, every session of 2-18 Dec 2026 (13 school days, 26 sessions each)
    attended but one pupil absent (N) on the first day: 24 + 26 + 26 = 76 of 78 sessions."""
    days = [dt.date(2026, 12, 2) + dt.timedelta(days=i) for i in range(17)]
    days = [d for d in days if d.weekday() < 5]
    assert len(days) == 13
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["UPN", "Legal Surname", "Legal Forename", "Year", "Registration Form",
                    "Date of Birth", "Date", "Session", "Mark"])  # fmt: skip
        for i, upn in enumerate(("C999100000001", "C999100000002", "C999100000003")):
            for d in days:
                for s in ("AM", "PM"):
                    mark = "N" if (i == 0 and d == days[0]) else ("/" if s == "AM" else "\\")
                    w.writerow([upn, f"Pupil{i}", "Test", "Year 7", "7A", "01/09/2014",
                                f"{d:%d/%m/%Y}", s, mark])  # fmt: skip


@pytest.fixture(scope="module")
def summaries(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("trust")
    out = {}
    cedar_export = base / "cedar.csv"
    tiny_export(cedar_export)
    for name, urn, export in (
        ("Oakfield Academy", "123456", EXPORTS / "arbor_autumn_2026.csv"),
        ("Beech Academy", "222222", EXPORTS / "integris_autumn_2026.xlsx"),
        ("Cedar School", "333333", cedar_export),
    ):
        cfg = school(base / urn, name, urn)
        path = base / f"{urn}.summary.json"
        args = ["summary", export, "-c", cfg, "-o", path]
        if urn == "222222":  # the Integris export carries no cohorts: the pupil list does
            args += ["--pupils", EXPORTS / "pupils.csv"]
        if urn == "333333":
            args += ["--as-of", "2026-12-18"]
        with as_in_a_test(base):  # (the conftest's per-test fixtures have not run)
            code, _, err = run_cli(*args)
        assert code == 0, err
        out[name] = path
    return out


def test_the_trust_adds_the_schools_up_and_hides_the_small_one(summaries, tmp_path):
    docs = {n: json.loads(p.read_text(encoding="utf-8")) for n, p in summaries.items()}
    assert docs["Cedar School"]["totals"]["pupils"] == 3
    cedar = docs["Cedar School"]["totals"]
    assert (cedar["attended"], cedar["possible"], cedar["pa"]) == (76, 78, 0)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", *summaries.values(), "-o", out)
    assert code == 0, err
    # (a table's caption, for a screen reader, is not on the page: left out)
    html = re.sub(r"<caption.*?</caption>", "", out.read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    section = text.split("Schools School Pupils", 1)[1].split("Weekly attendance", 1)[0]
    # Cedar (3 pupils) is hidden; so is one more school, or Cedar = trust - the others:
    # Beech and Oakfield tie on 204 pupils, and the first in the table (Beech) goes
    assert "Cedar School fewer than 5 pupils" in section
    # it has 204 pupils: "fewer than 5" was wrong
    assert "Beech Academy not shown, so that a smaller group" in section
    assert "Oakfield Academy 204 93.9 % 26,921 of 28,680" in section
    # Beech's cohort rows (a cohort, its rest and its pupils with no value make the school)
    # would give its total, and the trust's total less Oakfield's and Beech's is Cedar's: they
    # are hidden; Cedar's summary has no cohorts, so the trust has no cohort row (one of two
    # schools' pupils added up to "the trust's" was Cedar's 3 pupils by subtraction too)
    cohorts = text.split("Cohorts against the rest of their school", 1)[1]
    assert re.search(r"Female Beech Academy (– )*not shown, so that", cohorts)
    assert "Female Oakfield Academy 99 " in cohorts
    assert "Female Trust – – – not every school&#39;s summary records it (Cedar School)" in cohorts
    # the trust's figures: 204 + 204 + 3 = 411 pupils; 26,921 + 26,921 + 76 = 53,918 of
    # 28,680 + 28,680 + 78 = 57,438 sessions (93.87 %).  Cedar's register starts late, so
    # its 3 pupils have no band: PA 12 + 12 = 24 of the 204 + 204 = 408 pupils with a band
    # is Oakfield's and Beech's, not the trust's, and is not shown (it was, as the trust's)
    t = [d["totals"] for d in docs.values()]
    assert sum(x["attended"] for x in t) == 53918 and sum(x["possible"] for x in t) == 57438
    assert (cedar["banded"], cedar["no_band"]) == (0, 3)
    assert ("Trust 411 93.9 % 53,918 of 57,438 – not the trust&#39;s: Cedar School&#39;s "
            "exports miss part of the period") in section  # fmt: skip
    # Cedar's register starts on 2 Dec: said, not hidden
    assert "Cedar School: INCOMPLETE DATA" in text
    # what each school's figures rest on (DOMAIN.md 12): Cedar's N on both sessions of 2
    # Dec are 12 school days old on 18 Dec; Oakfield's 337 old N codes and 7 sessions with
    # no mark (its check lists them)
    assert (docs["Cedar School"]["totals"]["stale_n"], docs["Oakfield Academy"]["totals"][
        "stale_n"], docs["Oakfield Academy"]["totals"]["missing_marks"]) == (2, 337, 7)
    # Cedar's figures are hidden (3 pupils): its counts are not given either
    assert (
        "Cedar School: its register is not yet settled (old N codes or sessions with no mark)"
        in text
    )
    assert (
        "Oakfield Academy: 337 N codes older than 5 school days (counted as unauthorised "
        "absence); 7 sessions with no mark (left out of possible sessions): its figures will "
        "change as its register is corrected" in text
    )


def test_a_version_1_summary_is_read_without_its_old_n_count(summaries, tmp_path):
    """A summary from an attcli before version 2 has no count of old N codes: it is read
    all the same, and its school's note gives only what it has."""
    doc = json.loads(summaries["Cedar School"].read_text(encoding="utf-8"))
    doc["version"] = 1
    del doc["totals"]["stale_n"]
    del doc["totals"]["legacy_codes"]  # (version 4's)
    for week in doc["weeks"]:
        del week["missing_marks"]  # (version 5's)
    del doc["definitions"]["n_within_days"]
    old = tmp_path / "cedar-v1.summary.json"
    old.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summaries["Oakfield Academy"], old, "-o", out)
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert "Oakfield Academy: 337 N codes older than 5 school days" in text
    assert "Cedar School: 2 N codes" not in text
    doc["totals"]["stale_n"] = 2  # a version-1 summary with version 2's key: refused
    old.write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = run_cli("report", "--trust", summaries["Oakfield Academy"], old, "-o", out,
                           "--force")  # fmt: skip
    assert code == 1
    assert "key 'totals.stale_n': not part of a version-1 summary" in err


def test_a_cohort_of_three_in_a_school_shows_no_figures(summaries, tmp_path):
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summaries["Oakfield Academy"],
                           summaries["Beech Academy"], "-o", out)  # fmt: skip
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    cohorts = text.split("Cohorts against the rest of their school", 1)[1]
    # the example school has 3 pupils with an EHC plan: no figures for them, in either school
    for name in ("Oakfield Academy", "Beech Academy"):
        assert re.search(rf"EHC plan {name} (– )*fewer than 5 pupils", cohorts), name
    # 3 + 3 = 6 across the trust: shown
    assert re.search(r"EHC plan Trust 6 \d", cohorts)


def test_trust_refuses_an_export_and_a_school_twice(summaries, tmp_path):
    code, _, err = run_cli("report", "--trust", EXPORTS / "arbor_autumn_2026.csv", "-o",
                           tmp_path / "t.html")  # fmt: skip
    assert code == 1 and err.strip().endswith(  # (no workspace: it says how to give one)
        "--trust: no workspace found (no --workspace, no ATTCLI_WORKSPACE, no ./attcli.toml, "
        "none in your user folder): run from the trust's workspace folder (the one holding its "
        "attcli.toml with [schools.KEY] sections), or give --workspace DIR (docs/trust.md)"
    )
    p = summaries["Oakfield Academy"]
    code, _, err = run_cli("report", "--trust", p, p, "-o", tmp_path / "t.html")
    assert code == 1 and "is already given by" in err


def test_trust_workbook(summaries, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", *summaries.values(), "-o", out)
    assert code == 0, err
    wb = load_workbook(out)
    assert wb.sheetnames == ["Schools", "Weekly", "Cohorts", "Weekdays", "Notes"]
    rows = list(wb["Schools"].iter_rows(values_only=True))
    # 204 + 204 + 3 pupils; 53,918 of 57,438 sessions (93.87 %: 93.9 %)
    assert rows[-3][:7] == ("Trust", None, dt.datetime(2026, 12, 18), 411, 0.939, 53918, 57438)
    # its Years 1 to 11 (sweep rough8): all but Oakfield's and Beech's one Reception pupil
    # each, two pupils whose figures the two rows would give away: not shown
    assert rows[-2][0] == "Trust, Years 1 to 11" and rows[-2][1:14] == (None,) * 13
    assert rows[-2][14] == (
        "not shown, so that the figures of the fewer than 5 pupils outside Years 1 to 11 "
        "cannot be worked out from the Trust row (which counts them)"
    )
    # then the page's National row (sweep blind7): the example schools are secondaries
    assert rows[-1][:5] == ("National (2023/24 academic year)", None, None, None, 0.911)
    # printed as every attcli workbook (output.print_setup): landscape on A4, the header row
    # on every page, one page wide while the text keeps 60 % of its size (140 characters of
    # column width a page, and 5/7 of one a column).  The schools' 15 columns are 18 12 12
    # 12 12 19 19 20 21 16 17 20 14 29 50 = 291 (+ 10.7): at 60 % across pages, the school's
    # name at each page's left; the weekly sheet's school (50) and 15 weeks (12 each) are
    # 230 (+ 11.4), just over 233.3: the same; the cohorts (168) and weekdays (78) fit one
    # page.  The notes, lines of text and no table, are left as they are.
    for ws in wb.worksheets[:-1]:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == 9, ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
    for name in ("Schools", "Weekly"):
        ws = wb[name]
        assert int(ws.page_setup.scale) == 60 and ws.print_title_cols == "$A:$A", name
        assert not ws.sheet_properties.pageSetUpPr.fitToPage, name
    for name in ("Cohorts", "Weekdays"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name


def test_five_schools_from_exports_and_a_summary_add_up(tmp_path, summaries):
    """Issue 18's trust: two schools with the Arbor export, two with the Integris one (each
    the example school's register: 204 pupils, 26,921 of 28,680 sessions, PA 12, SA 2), and
    a fifth that sends only its summary (the same figures, as Oakfield's). [schools.KEY] in
    the trust's config says whose each export is."""
    import shutil

    for name in ("oak-autumn.csv", "elm-autumn.csv"):
        shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / name)
    for name in ("ash-autumn.xlsx", "birch-autumn.xlsx"):
        shutil.copy(EXPORTS / "integris_autumn_2026.xlsx", tmp_path / name)
    schools = "".join(
        f'\n[schools.{key}]\nname = "{name}"\nurn = "{urn}"\nfiles = ["{key}-*"]\n'
        + OAKFIELD_EXPORTS
        for key, name, urn in (
            ("oak", "Oak School", "400001"),
            ("elm", "Elm School", "400002"),
            ("ash", "Ash School", "400003"),
            ("birch", "Birch School", "400004"),
        )
    )
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(CONFIG + schools, encoding="utf-8")
    out = tmp_path / "trust.html"
    files = [tmp_path / n for n in ("oak-autumn.csv", "elm-autumn.csv", "ash-autumn.xlsx",
                                    "birch-autumn.xlsx")]  # fmt: skip
    code, _, err = run_cli("report", "--trust", *files, summaries["Oakfield Academy"], "-c", cfg,
                           "-o", out)  # fmt: skip
    assert code == 0, err
    # (a table's caption, for a screen reader, is not on the page: left out)
    html = re.sub(r"<caption.*?</caption>", "", out.read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    section = text.split("Schools School Pupils", 1)[1].split("Weekly attendance", 1)[0]
    for name in ("Ash School", "Birch School", "Elm School", "Oak School", "Oakfield Academy"):
        assert f"{name} 204 93.9 % 26,921 of 28,680 5.9 % 12 of 204 1.0 % 2 of 204" in section
    # 5 x 204 = 1,020 pupils; 5 x 26,921 = 134,605 of 5 x 28,680 = 143,400 (93.87 %); PA
    # 5 x 12 = 60 of 1,020 (5.88 %); SA 5 x 2 = 10 of 1,020 (0.98 %)
    assert "Trust 1,020 93.9 % 134,605 of 143,400 5.9 % 60 of 1,020 1.0 % 10 of 1,020" in section
    # a file no school's pattern matches: one line naming it
    stray = tmp_path / "stray.csv"
    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", stray)
    code, _, err = run_cli("report", "--trust", stray, "-c", cfg, "-o", tmp_path / "x.html")
    assert code == 1 and f"{stray}: no school's files pattern matches it" in err


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('[schools.oak]\nname = "Oak"\n', r"schools\.oak\.files.*list of file name patterns"),
        ('[schools.oak]\nname = "Oak"\nfiles = ["oak*"]\nfile = "x"\n', r"schools\.oak\.file.*unknown key"),
        ('[schools.oak]\nfiles = ["oak*"]\n', r"schools\.oak\.name.*missing"),
        ('[schools.oak]\nname = "Oak"\nfiles = ["oak*"]\n[[schools.oak.half_terms]]\nname = "A1"\n'
         'start = 2026-09-02\n', r"schools\.oak\.half_terms\[0\]\.end.*missing"),
    ],
)
def test_a_bad_schools_section_names_the_key(section, message):
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        parse_config(section)


def test_a_school_s_own_term_dates_replace_the_workspace_s():
    from attcli.config import parse_config

    cfg = parse_config(CONFIG + '\n[schools.oak]\nname = "Oak"\nurn = "100001"\nfiles = ["oak*"]\n'
                       '[[schools.oak.half_terms]]\nname = "Autumn 1"\nstart = 2026-09-03\n'
                       'end = 2026-10-16\n')  # fmt: skip
    oak = cfg.for_school("oak")
    assert oak.school.name == "Oak" and [h.name for h in oak.half_terms] == ["Autumn 1"]
    assert oak.half_terms[0].end == dt.date(2026, 10, 16)
    assert len(cfg.half_terms) == 3 and oak.inset_days == cfg.inset_days


def test_per_school_runs_write_one_file_a_school_with_its_own_details(tmp_path):
    """--per-school: check, cme and register-check once a school of [schools], each with
    its own exports and details (the register-check's header names the school)."""
    import shutil

    from openpyxl import load_workbook

    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "oak-autumn.csv")
    shutil.copy(EXPORTS / "integris_autumn_2026.xlsx", tmp_path / "ash-autumn.xlsx")
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        CONFIG
        + '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
        + '\n[schools.ash]\nname = "Ash School"\nurn = "400003"\nfiles = ["ash-*"]\n'
        + OAKFIELD_EXPORTS
        + '\n[schools.elm]\nname = "Elm School"\nurn = "400002"\nfiles = ["elm-*"]\n',
        encoding="utf-8",
    )
    files = [tmp_path / "oak-autumn.csv", tmp_path / "ash-autumn.xlsx"]
    out = tmp_path / "out"
    code, _, err = run_cli("check", *files, "-c", cfg, "--per-school", out)
    assert code == 0, err
    assert "oak (Oak School): 1 file" in err and "ash (Ash School): 1 file" in err
    assert "no export given for elm" in err
    for key in ("oak", "ash"):
        doc = json.loads((out / f"{key}-check.json").read_text(encoding="utf-8"))
        assert doc["summary"]["pupils"] == 204 and doc["summary"]["bands"]["severe"] == 2
    code, _, err = run_cli("cme", *files, "-c", cfg, "--per-school", out)
    assert code == 0, err
    assert sorted(p.name for p in out.glob("*-cme.csv")) == ["ash-cme.csv", "oak-cme.csv"]
    code, _, err = run_cli("register-check", *files, "--term", "autumn", "-c", cfg,
                           "--per-school", out)  # fmt: skip
    assert code == 0, err
    for key, name in (("oak", "Oak School"), ("ash", "Ash School")):
        ws = load_workbook(out / f"{key}-register-check-autumn.xlsx").active
        cells = [c for row in ws.iter_rows(max_row=10, values_only=True) for c in row if c]
        assert name in cells, (key, cells)
    # without [schools]: one line
    plain = tmp_path / "plain.toml"
    plain.write_text(CONFIG, encoding="utf-8")
    code, _, err = run_cli("check", *files, "-c", plain, "--per-school", out)
    assert code == 1 and "no [schools.KEY] sections" in err


def test_a_school_s_own_bands_replace_the_workspace_s():
    from fractions import Fraction

    from attcli.config import parse_config

    cfg = parse_config(
        CONFIG + '\n[schools.oak]\nname = "Oak"\nurn = "100001"\nfiles = ["oak*"]\n'
        '[[schools.oak.bands]]\nname = "good"\nat_least = 96\n'
        '[[schools.oak.bands]]\nname = "concern"\nabove = 90\nletter = "amber"\n'
        '[[schools.oak.bands]]\nname = "persistent"\nletter = "red"\n'
    )
    oak = cfg.for_school("oak")
    assert [(b.name, b.threshold) for b in oak.bands] == [
        ("good", Fraction(96)), ("concern", Fraction(90)), ("persistent", None),
    ]  # fmt: skip
    assert [b.name for b in cfg.bands] == ["green", "amber", "red", "severe"]
    # the default ladder follows the school's bands
    assert [s.name for s in oak.escalation.stages] == ["concern", "persistent", "la_referral"]


def test_la_return_per_school_compares_each_school_with_its_own_returns(tmp_path):
    """la-return --per-school: one return a school, each recorded with its school, so the
    next month compares each school with its own (the example school's October return
    lists Price and Ashworth: the same in both schools here)."""
    import shutil

    from attcli.store import History

    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "oak-autumn.csv")
    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "elm-autumn.csv")
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        CONFIG
        + '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\nfiles = ["oak-*"]\n'
        + '\n[schools.elm]\nname = "Elm School"\nurn = "400002"\nfiles = ["elm-*"]\n',
        encoding="utf-8",
    )
    files = [tmp_path / "oak-autumn.csv", tmp_path / "elm-autumn.csv"]
    out = tmp_path / "out"
    code, text, err = run_cli("la-return", *files, "--month", "2026-10", "-c", cfg,
                              "--per-school", out)  # fmt: skip
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == [
        "elm-la-return-2026-10.xlsx", "oak-la-return-2026-10.xlsx",
    ]  # fmt: skip
    assert text.count("Compared with no earlier return: the first") == 2
    code, text, err = run_cli("la-return", *files, "--month", "2026-11", "-c", cfg,
                              "--per-school", out)  # fmt: skip
    assert code == 0, err
    assert text.count("Compared with the return as of 23/10/2026 (October 2026)") == 2
    with History(tmp_path / "attcli-history.sqlite3") as store:
        assert [r.label for r in store.la_returns("oak")] == ["2026-10", "2026-11"]
        assert [r.label for r in store.la_returns("elm")] == ["2026-10", "2026-11"]
        assert store.la_returns("") == []
    code, _, err = run_cli("la-return", *files, "--month", "2026-11", "-c", cfg,
                           "--per-school", out, "--add", "X1", "--reason", "r")  # fmt: skip
    assert code == 1 and "--per-school writes one return a school" in err


def test_letters_per_school_go_out_on_each_school_s_letterhead(tmp_path):
    import shutil

    pypdf = pytest.importorskip("pypdf")
    shutil.copy(EXPORTS / "arbor_autumn_2026.csv", tmp_path / "oak-autumn.csv")
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        CONFIG + '\n[schools.oak]\nname = "Oak School"\nurn = "400001"\n'
        'address = ["2 Oak Road", "Oaktown", "OK1 1AA"]\nfiles = ["oak-*"]\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("letters", tmp_path / "oak-autumn.csv", "--contacts",
                           EXPORTS / "contacts.csv", "-c", cfg, "--per-school", tmp_path / "out",
                           "--as-of", "2026-12-18")  # fmt: skip
    assert code == 0, err
    letters = sorted((tmp_path / "out" / "oak").glob("*_red.pdf"))
    assert letters
    text = pypdf.PdfReader(str(letters[0])).pages[0].extract_text()
    assert "Oak School" in text and "2 Oak Road" in text and "Oakfield Academy" not in text


def test_a_weekly_figure_is_never_shown_on_the_green_line(summaries, tmp_path):
    """Oakfield's week of 16 Nov is 1863 of 2024 sessions, 92.045 %: the trust report showed
    "92.0 %", on the 92 % line (green from 92 %), where the school's report says 92.05 %."""
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", summaries["Oakfield Academy"], "-o", out)
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    weekly = text.split("Weekly attendance", 1)[1].split("Cohorts", 1)[0]
    assert "92.05 %" in weekly and "92.0 %" not in weekly


def test_a_trust_cohort_hidden_for_the_rest_of_the_trust_says_so():
    """Female: 57 pupils across two schools; the rest of the trust (Male) 2: the trust's
    row is hidden because of the 2, and said so (it read "fewer than 5 pupils")."""
    from types import SimpleNamespace as NS

    from attcli.report.trust import _cohorts
    from attcli.summary_file import Counts

    def counts(pupils: int) -> Counts:
        return Counts(pupils, pupils, 0, 0, 100 * pupils, 95 * pupils, 5 * pupils, 0)

    def school(name: str, female: int, male: int) -> NS:
        cohort = NS(attribute="gender", cohort="Female", members=counts(female),
                    rest=counts(male), unknown=0)  # fmt: skip
        return NS(name=name, totals=NS(pupils=female + male), cohorts=[cohort])

    rows = _cohorts([school("Ash", 30, 1), school("Beech", 27, 1)], 5)
    trust = next(r for r in rows if r["school"] == "Trust")
    assert trust["pupils"] is None
    assert trust["note"] == "fewer than 5 pupils in the rest of the trust"
    # each school: its rest (1 pupil) is the reason, said of the school
    assert {r["note"] for r in rows if r["school"] != "Trust"} == {
        "fewer than 5 pupils in the rest of the school"
    }


# --------------------------------------------------------------------------- hand-made summaries


def _counts(pupils: int, pa: int = 0):  # noqa: ANN202
    """``pupils`` pupils with 100 possible sessions each, 90 attended, ``pa`` of them PA."""
    from attcli.summary_file import Counts

    return Counts(pupils, pupils, pa, 0, 100 * pupils, 90 * pupils, 10 * pupils, 0)


def _summary(name: str, urn: str, pupils: int, cohorts: dict[str, tuple[int, int]],
             start: dt.date = dt.date(2026, 9, 1), as_of: dt.date = dt.date(2026, 12, 18)):  # noqa: ANN202
    """A school's summary: ``cohorts`` maps each cohort to (members, pupils with no value)."""
    from attcli.summary_file import COHORTS, Cohort, Summary

    attribute = {c: a for a, cs in COHORTS.items() for c in cs}
    return Summary(
        source=f"{name}.summary.json", version=2, generated=as_of, attcli_version="test",
        name=name, urn=urn, dfe_number=None, local_authority=None, period_start=start,
        as_of=as_of, half_term=None, complete=True, coverage_note=None,
        min_possible_sessions=10, totals=_counts(pupils), on_roll=pupils, no_band=0,
        missing_marks=0, stale_n=0, n_within_days=None, bands=(), previous=None, year_groups={},
        cohorts=tuple(
            Cohort(attribute[c], c, unknown, _counts(m), _counts(pupils - m - unknown))
            for c, (m, unknown) in cohorts.items()
        ),
        weeks={}, weekday_sessions={}, document={},
    )  # fmt: skip


#: Oak (the tester's): 30 pupils, one with no gender; 5 on SEN support and 3 with an EHC
#: plan, 8 with any SEN.  Ash 25 (4 + 3 = 7 SEN), Birch 20 (3 + 0 = 3 SEN).
_TREES = (
    ("Oak Primary School", "1", 30, {"Female": (14, 1), "Male": (15, 1), "SEN support": (5, 0),
                                     "EHC plan": (3, 0), "Any SEN": (8, 0)}),
    ("Ash Academy", "2", 25, {"Female": (12, 0), "Male": (13, 0), "SEN support": (4, 0),
                              "EHC plan": (3, 0), "Any SEN": (7, 0)}),
    ("Birch High School", "3", 20, {"Female": (11, 0), "Male": (9, 0), "SEN support": (3, 0),
                                    "EHC plan": (0, 0), "Any SEN": (3, 0)}),
)  # fmt: skip


def _identities(summaries) -> tuple[dict, list]:  # noqa: ANN001
    """What a reader of the trust report knows adds up, written out here (not taken from
    attcli): per school, a cohort + its rest + no value = the school; SEN support + EHC
    plan = any SEN; Female + Male + Other + no gender = the school; every cell of the
    trust is its schools' cells added up, and the trust is its schools."""
    from attcli.suppress import Group

    pupils: dict = {}
    groups: list = []
    for s in summaries:
        pupils[(s.name, "all")] = s.totals.pupils
        genders = []
        for c in s.cohorts:
            pupils[(s.name, "m", c.cohort)] = c.members.pupils
            pupils[(s.name, "r", c.cohort)] = c.rest.pupils
            pupils[(s.name, "u", c.attribute)] = c.unknown
            groups.append(Group((s.name, "all"), ((s.name, "m", c.cohort), (s.name, "r", c.cohort),
                                                  (s.name, "u", c.attribute))))  # fmt: skip
            if c.attribute == "gender":
                genders.append((s.name, "m", c.cohort))
        groups.append(Group((s.name, "all"), (*genders, (s.name, "u", "gender"))))
        groups.append(Group((s.name, "m", "Any SEN"),
                            ((s.name, "m", "SEN support"), (s.name, "m", "EHC plan"))))  # fmt: skip
    for key in {k[1:] for k in pupils}:
        parts = [(s.name, *key) for s in summaries if (s.name, *key) in pupils]
        pupils[("Trust", *key)] = sum(pupils[p] for p in parts)
        groups.append(Group(("Trust", *key), tuple(parts)))
    return pupils, groups


def _hidden_cells(report) -> set:  # noqa: ANN001
    """The cells the trust report does not show: hidden schools, hidden cohort rows (the
    cohort and its rest), and the pupils with no value (never shown in the trust's table)."""
    hidden = {(s.name, "all") for s in report.schools if s.hidden}
    if report.total.hidden:
        hidden.add(("Trust", "all"))
    for row in report.cohorts:
        if row["pupils"] is None:
            hidden |= {(row["school"], "m", row["cohort"]), (row["school"], "r", row["cohort"])}
    return hidden


def test_the_trust_hides_what_the_school_hides_and_nothing_comes_out_by_subtraction():
    """Oak's own report hides EHC plan (3) and SEN support (5), since SEN support + EHC
    plan = any SEN (8).  The trust report showed Oak's SEN support (5, 78.8 %) beside its
    any SEN (8, 67.9 %): 8 - 5 = the 3 EHC pupils' figures.  And it showed the trust's
    Female 37 and Male 37 of 75 pupils: 75 - 37 - 37 = Oak's one pupil with no gender."""
    from types import SimpleNamespace as NS

    from attcli.report.trust import build_trust
    from attcli.suppress import exposed

    summaries = [_summary(n, u, p, c) for n, u, p, c in _TREES]
    report = build_trust(summaries, NS(min_cohort=5, title="Attendance report", national=None))
    rows = {(r["school"], r["cohort"]): r for r in report.cohorts}
    assert rows[("Oak Primary School", "EHC plan")]["pupils"] is None
    assert rows[("Oak Primary School", "SEN support")]["pupils"] is None
    assert rows[("Oak Primary School", "SEN support")]["members"] is None
    # the trust's Female and Male are not both shown beside its 75 pupils
    assert report.total.hidden or None in (rows[("Trust", "Female")]["pupils"],
                                           rows[("Trust", "Male")]["pupils"])  # fmt: skip
    # nothing hidden, and no small group of pupils with no value, can be worked out from
    # what is shown
    pupils, groups = _identities(summaries)
    unknown = {k for k in pupils if k[1] == "u"}
    secret = _hidden_cells(report) | {k for k in unknown if 0 < pupils[k] < 5}
    assert not exposed(_hidden_cells(report) | unknown, groups) & secret


def test_summaries_over_different_periods_are_not_added_up():
    """Birch's summary made with --from 2026-11-02 holds 1,348 of 1,390 sessions (97.0 %);
    added to Oak's and Ash's year to date it made the trust 89.0 % with nothing said, where
    Birch's year to date is 2,511 of 2,720.  A trust figure adds the same period of every
    school: summaries whose periods differ (start or as-of date) are refused, in one line
    naming each with its period.  Summaries over the same period are added, and the report
    says the period under its title."""
    from types import SimpleNamespace as NS

    from attcli.errors import AttcliError
    from attcli.report.trust import build_trust, render_trust_html

    settings = NS(min_cohort=5, title="Attendance report", national=None)
    oak, ash, _ = ([_summary(n, u, p, c) for n, u, p, c in _TREES])
    birch_from = _summary("Birch High School", "3", 20, {}, start=dt.date(2026, 11, 2))
    with pytest.raises(AttcliError) as exc:
        build_trust([oak, ash, birch_from], settings)
    assert str(exc.value) == (
        "the schools' summaries cover different periods (Ash Academy 01/09/2026 to 18/12/2026; "
        "Birch High School 02/11/2026 to 18/12/2026; Oak Primary School 01/09/2026 to "
        "18/12/2026): a trust's figures add up the same period of every school (as-of dates "
        "may differ within a week): make the summaries with the same --from and --as-of"
    )
    # an as-of date in another week likewise (it was a note, and the trust's figures added them)
    birch_nov = _summary("Birch High School", "3", 20, {}, as_of=dt.date(2026, 11, 20))
    with pytest.raises(AttcliError, match=r"Birch High School 01/09/2026 to 20/11/2026;"):
        build_trust([oak, ash, birch_nov], settings)
    birch = _summary("Birch High School", "3", 20, {})
    text = render_trust_html(build_trust([oak, ash, birch], settings))
    assert '<p class="period">1 September 2026 to 18 December 2026</p>' in text


def test_as_of_dates_in_the_same_week_are_added_with_a_note():
    """A trust's schools end a term on different days: Birch's Friday 18/12/2026 is an
    INSET day, so its summary is as of Thursday 17/12, Oak's and Ash's Friday 18/12.  These
    were refused as different periods; summaries from the same start whose as-of dates are
    in the same week (Monday to Sunday) are added, with a note naming each school's as-of
    date.  A different week is still refused: Sunday 13/12 (the week before) beside Friday
    18/12; Monday 14/12 is the same week.  Figures by hand: Oak 30, Ash 25, Birch 20
    pupils, each 100 possible and 90 attended sessions: the trust 75 pupils, 6,750 of
    7,500 sessions, 90.0 %."""
    from types import SimpleNamespace as NS

    from attcli.errors import AttcliError
    from attcli.report.trust import build_trust, render_trust_html

    settings = NS(min_cohort=5, title="Attendance report", national=None)
    oak, ash, _ = ([_summary(n, u, p, c) for n, u, p, c in _TREES])
    birch_thu = _summary("Birch High School", "3", 20, {}, as_of=dt.date(2026, 12, 17))
    report = build_trust([oak, ash, birch_thu], settings)
    assert (report.total.counts.pupils, report.total.counts.attended,
            report.total.counts.possible) == (75, 6750, 7500)  # fmt: skip
    assert report.period == (dt.date(2026, 9, 1), dt.date(2026, 12, 18))
    assert report.notes == [
        "the schools' figures are as of different days of the same week (Ash Academy "
        "18/12/2026, Birch High School 17/12/2026, Oak Primary School 18/12/2026; a school's "
        "last day may be an INSET day): the trust's figures add them as they are"
    ]
    text = render_trust_html(report)
    assert '<p class="period">1 September 2026 to 18 December 2026</p>' in text
    birch_mon = _summary("Birch High School", "3", 20, {}, as_of=dt.date(2026, 12, 14))
    assert "Birch High School 14/12/2026" in build_trust([oak, ash, birch_mon], settings).notes[0]
    birch_sun = _summary("Birch High School", "3", 20, {}, as_of=dt.date(2026, 12, 13))
    with pytest.raises(AttcliError) as exc:
        build_trust([oak, ash, birch_sun], settings)
    assert str(exc.value) == (
        "the schools' summaries cover different periods (Ash Academy 01/09/2026 to 18/12/2026; "
        "Birch High School 01/09/2026 to 13/12/2026; Oak Primary School 01/09/2026 to "
        "18/12/2026): a trust's figures add up the same period of every school (as-of dates "
        "may differ within a week): make the summaries with the same --from and --as-of"
    )
    # a --from summary as of a day of the same week is still refused
    birch_from = _summary("Birch High School", "3", 20, {}, start=dt.date(2026, 11, 2),
                          as_of=dt.date(2026, 12, 17))  # fmt: skip
    with pytest.raises(AttcliError, match=r"Birch High School 02/11/2026 to 17/12/2026;"):
        build_trust([oak, ash, birch_from], settings)


def test_a_trust_of_fewer_than_min_cohort_pupils_shows_no_trust_figures():
    """One school of 4 pupils: the school was hidden, but the Trust row beside it (its sum)
    showed the same 4 pupils' figures."""
    from types import SimpleNamespace as NS

    from attcli.report.trust import build_trust, render_trust_html

    report = build_trust([_summary("Tiny School", "1", 4, {})],
                         NS(min_cohort=5, title="Attendance report", national=None))  # fmt: skip
    assert report.schools[0].hidden and report.total.hidden
    text = " ".join(re.sub(r"<[^>]+>", " ", render_trust_html(report)).split())
    assert "Tiny School fewer than 5 pupils Trust fewer than 5 pupils" in text


def test_two_schools_of_one_name_are_two_schools_and_the_small_one_is_hidden():
    """An LA's two St Mary's CE Primary Schools (URNs 100001 and 100002; the name is common,
    the URN is each school's own): every table of the trust report was keyed by the
    school's name, so the 3-pupil school's pupils were taken for the 30-pupil school's, it
    was not hidden (its figures shown: 3 pupils, 270 of 300 sessions) and the weekly and
    weekday tables had one row for the two.  Now each is named with its URN where the
    names are the same; the 3-pupil school is hidden, and so is the next smallest (Ash
    Academy, 25), so that it cannot be worked out from the trust's 58 pupils."""
    import dataclasses
    import html
    from types import SimpleNamespace as NS

    from attcli.report.trust import build_trust, load_summaries, render_trust_html
    from attcli.summary_file import SessionCounts

    week = dt.date(2026, 12, 14)
    small, big, ash = (
        dataclasses.replace(_summary(name, urn, pupils, {}),
                            weeks={week: (5, SessionCounts(10 * pupils, 9 * pupils, pupils, 0))})
        for name, urn, pupils in (("St Mary's CE Primary School", "100001", 3),
                                  ("St Mary's CE Primary School", "100002", 30),
                                  ("Ash Academy", "100003", 25))
    )  # fmt: skip
    report = build_trust(load_summaries([], [small, big, ash]),
                         NS(min_cohort=5, title="Attendance report", national=None))  # fmt: skip
    rows = {(s.name, s.counts.pupils): s for s in report.schools}
    assert sorted(rows) == [
        ("Ash Academy", 25),
        ("St Mary's CE Primary School (URN 100001)", 3),
        ("St Mary's CE Primary School (URN 100002)", 30),
    ]
    assert rows[("St Mary's CE Primary School (URN 100001)", 3)].hidden
    assert rows[("Ash Academy", 25)].hidden
    assert not rows[("St Mary's CE Primary School (URN 100002)", 30)].hidden
    assert report.total.counts.pupils == 58 and not report.total.hidden
    # a row each in the weekly and weekday tables, the hidden ones without figures
    assert report.weekly == {
        "Ash Academy": [None],
        "St Mary's CE Primary School (URN 100001)": [None],
        "St Mary's CE Primary School (URN 100002)": [90],
        "(trust)": [90],
    }
    assert len(report.weekdays) == 3
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", render_trust_html(report)).split()))
    assert "St Mary's CE Primary School (URN 100001) fewer than 5 pupils" in text
    assert "St Mary's CE Primary School (URN 100002) 30 90.0 % 2,700 of 3,000" in text
    assert "270 of 300" not in text


def test_a_school_whose_exports_miss_a_week_leaves_the_trust_no_pa_rate():
    """Birch's exports miss the week of 16/11: its summary gives no pupil a band (banded 0,
    PA 0).  The trust's PA was 2 + 0 + 2 = 4 of the 13 + 0 + 12 = 25 banded pupils of Ash
    and Cedar (16.0 %) beside "Pupils 37", and its week of 16/11 was Ash's and Cedar's
    only, (80 + 90) / 200 = 85.0 %: figures of two schools called the trust's.  Now the
    trust's PA and SA are not shown, the reason in the row and the notes; its weekly figure
    is not shown for a week Birch has no figures for; its week of 09/11 is the three
    schools', (90 + 100 + 95) / 300 = 95.0 %.  Attendance stays, a ratio of the sessions
    the exports hold, every school's: (1,170 + 990 + 1,080) / (1,300 + 1,100 + 1,200) =
    3,240 of 3,600 = 90.0 %."""
    import dataclasses
    from types import SimpleNamespace as NS

    from attcli.report.trust import build_trust, render_trust_html, write_trust_xlsx
    from attcli.summary_file import Counts, SessionCounts

    nov9, nov16 = dt.date(2026, 11, 9), dt.date(2026, 11, 16)

    def weeks(*sessions: tuple[int, int, int, int]) -> dict:
        return {w: (5, SessionCounts(*s)) for w, s in zip((nov9, nov16), sessions, strict=False)}

    ash = dataclasses.replace(_summary("Ash Primary School", "1", 13, {}), totals=_counts(13, pa=2),
                              weeks=weeks((100, 90, 10, 0), (100, 80, 20, 0)))  # fmt: skip
    birch = dataclasses.replace(
        _summary("Birch Academy", "2", 12, {}), complete=False, no_band=12,
        coverage_note="INCOMPLETE DATA: no register for the week 16/11/2026 to 20/11/2026",
        totals=Counts(12, 0, 0, 0, 1100, 990, 110, 0), weeks=weeks((100, 100, 0, 0)),
    )  # fmt: skip
    cedar = dataclasses.replace(_summary("Cedar Lower School", "3", 12, {}),
                                totals=Counts(12, 12, 2, 0, 1200, 1080, 120, 0),
                                weeks=weeks((100, 95, 5, 0), (100, 90, 10, 0)))  # fmt: skip
    report = build_trust([ash, birch, cedar],
                         NS(min_cohort=5, title="Attendance report", national=None))  # fmt: skip
    total = report.total
    assert (total.counts.pupils, total.counts.attended, total.counts.possible) == (37, 3240, 3600)
    assert total.attendance == 90
    assert total.pa_rate is None and total.sa_rate is None
    assert total.withheld == "not the trust's: Birch Academy's exports miss part of the period"
    birch_row = next(s for s in report.schools if s.name == "Birch Academy")
    assert birch_row.withheld == "no band: its exports miss part of the period"
    assert report.weekly["(trust)"] == [95, None]
    assert (
        "the trust's persistent and severe absence are not shown, nor its weekly attendance "
        "in a week Birch Academy has no figures for (16/11): Birch Academy's exports miss "
        "part of the period, and a figure over the other schools is not the trust's"
    ) in report.notes
    import html

    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", render_trust_html(report)).split()))
    assert "16.0 %" not in text and "4 of 25" not in text
    assert ("Trust 37 90.0 % 3,240 of 3,600 – not the trust's: Birch Academy's exports miss "
            "part of the period – not the trust's: Birch Academy's") in text  # fmt: skip
    assert "Birch Academy 12 90.0 % 990 of 1,100 – no band: its exports miss" in text
    import io

    from openpyxl import load_workbook

    buf = io.BytesIO()
    write_trust_xlsx(report, buf)
    rows = list(load_workbook(buf)["Schools"].iter_rows(values_only=True))
    # no PA or SA figure, the reason in the note
    assert rows[-1][3:] == (37, 0.9, 3240, 3600, None, None, None, None, None, 0.0, None,
                            "not the trust's: Birch Academy's exports miss part of the period")


def test_a_upn_of_two_children_in_two_schools_is_said_and_a_mover_is_not(tmp_path):
    """A UPN is unique nationally.  A999301000011 is Ashdup Adam (born 01/02/2018) in Ash's
    export and Birchdup Bella (born 09/09/2017) in Birch's: two children, and the trust
    report from the exports said nothing.  A999301000010, Mover Max (born 15/03/2018), on
    roll at Ash 07/09-11/09 and at Birch 14/09-18/09, is one child who moved: not said.
    Pupils are counted per school: Ash 4, Birch 4, the trust 8 (the mover in each), and
    the report says so.  The report names no pupil: the UPN and names are on the terminal,
    the report says how many UPNs."""
    from builders import register, write_long_csv

    shared, mover = "A999301000011", "A999301000010"
    week, two = "/\\ " * 5, "/\\ " * 10
    ash = register({shared: two, mover: week + "! " * 5, "A999301000001": two,
                    "A999301000002": two}, start=dt.date(2026, 9, 7),
                   dob={shared: dt.date(2018, 2, 1), mover: dt.date(2018, 3, 15)})  # fmt: skip
    birch = register({shared: two, mover: "! " * 5 + week, "B999302000001": two,
                      "B999302000002": two}, start=dt.date(2026, 9, 7),
                     dob={shared: dt.date(2017, 9, 9), mover: dt.date(2018, 3, 15)})  # fmt: skip

    def named(reg, upn: str, surname: str, forename: str):  # noqa: ANN001, ANN202
        import polars as pl

        it = pl.col("upn") == upn
        return reg.with_columns(pl.when(it).then(pl.lit(surname)).otherwise("surname").alias("surname"),
                                pl.when(it).then(pl.lit(forename)).otherwise("forename").alias("forename"))  # fmt: skip

    ash = named(named(ash, shared, "Ashdup", "Adam"), mover, "Mover", "Max")
    birch = named(named(birch, shared, "Birchdup", "Bella"), mover, "Mover", "Max")
    write_long_csv(ash, tmp_path / "ash-autumn.csv", dob=True)
    write_long_csv(birch, tmp_path / "birch-autumn.csv", dob=True)
    cfg = tmp_path / "attcli.toml"
    cfg.write_text(
        CONFIG.replace("2026-09-02", "2026-09-07").replace("inset_days = [2026-09-07, ", "inset_days = [")
        + '\n[schools.ash]\nname = "Ash Primary School"\nurn = "400001"\nfiles = ["ash-*"]\n'
        + '\n[schools.birch]\nname = "Birch Academy"\nurn = "400002"\nfiles = ["birch-*"]\n',
        encoding="utf-8",
    )  # fmt: skip
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", tmp_path / "ash-autumn.csv",
                           tmp_path / "birch-autumn.csv", "-c", cfg, "-o", out)  # fmt: skip
    assert code == 0, err
    import html

    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split()))
    assert "Trust 8 " in text
    assert "Pupils are counted per school: a pupil on roll at two of the schools in the " \
        "period (one who moved, or one dual registered) is counted in each." in text
    assert ("1 UPN is two different children's in two schools' exports (another name or date "
            "of birth): a UPN is one child's nationally, so one school's is wrong; named on "
            "the terminal") in text  # fmt: skip
    assert shared not in text and "Ashdup" not in text and mover not in text
    err = " ".join(err.split())
    assert (f"UPN {shared} is two different children's: Ash Primary School 'Ashdup, Adam' born "
            "01/02/2018; Birch Academy 'Birchdup, Bella' born 09/09/2017: a UPN is one "
            "child's nationally: correct it in the MIS of the school where it is wrong") in err  # fmt: skip
    assert mover not in err


def _row_space_holds(rows: list[dict], target: dict) -> bool:
    """Whether ``target`` (a sum of unknowns) is a combination of the known sums ``rows``:
    the rank of the rows with and without it, in fractions (written here, not attcli's)."""
    from fractions import Fraction

    def rank(vectors: list[dict]) -> int:
        keys = sorted({k for v in vectors for k in v})
        m = [[Fraction(v.get(k, 0)) for k in keys] for v in vectors]
        r = 0
        for c in range(len(keys)):
            p = next((i for i in range(r, len(m)) if m[i][c]), None)
            if p is None:
                continue
            m[r], m[p] = m[p], m[r]
            for i in range(len(m)):
                if i != r and m[i][c]:
                    f = m[i][c] / m[r][c]
                    m[i] = [a - f * b for a, b in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    return rank([*rows, target]) == rank(rows)


def test_a_hidden_school_does_not_show_through_the_trust_s_weeks():
    """The tester's case (sweepE finding 3).  Ash 7 pupils (shown), Birch 5 (hidden with
    Cedar), Cedar 4 (hidden: fewer than 5).  Weeks of 12/10 (all three open), 19/10 (Ash
    and Cedar: Birch's half term), 26/10 (Cedar only), 02/11 and 09/11 (all three); each
    pupil 10 sessions a week.  Attended, of 70 / 50 / 40 a week:
        Ash    63 56  -  63 70   (252 of 280)
        Birch  45  -  -  40 48   (133 of 150)
        Cedar  36 36 32  38 39   (181 of 200)
    The trust's weeks were 144/160 = 90.0 %, 92/110 = 83.6 %, 32/40 = 80.0 %, 141/160 =
    88.1 %, 157/160 = 98.1 %: its 26/10 was Cedar's 32 of 40, and its 19/10 less Ash's
    56 of 70 (80.0 %) was Cedar's 36 of 40.  Those two weeks are withheld.  And the
    trust's 566 of 630 less its figure at the end of last half term (16/10: 144 of 160,
    behind "since last half term") is 422 of 470 for 19/10 to 09/11; less the weeks
    shown (141 of 160, 157 of 160) and Ash's 19/10, that is Cedar's 68 of 80 for 19/10 and
    26/10: one more week after 16/10 is withheld, the first (02/11).  Without the figure
    at 16/10, the trust's total less its weeks gives the same, and the first week withheld
    with it is 12/10."""
    import dataclasses
    import html
    from types import SimpleNamespace as NS

    from attcli.report.trust import TRUST, build_trust, render_trust_html
    from attcli.summary_file import Counts, Previous, SessionCounts

    w = [dt.date(2026, 10, 12), dt.date(2026, 10, 19), dt.date(2026, 10, 26),
         dt.date(2026, 11, 2), dt.date(2026, 11, 9)]  # fmt: skip

    def school(name: str, urn: str, pupils: int, attended: list) -> object:
        weeks = {d: (5, SessionCounts(10 * pupils, a, 10 * pupils - a, 0))
                 for d, a in zip(w, attended, strict=True) if a is not None}  # fmt: skip
        possible, att = sum(c.possible for _, c in weeks.values()), sum(
            c.attended for _, c in weeks.values())  # fmt: skip
        first = weeks[w[0]][1]
        return dataclasses.replace(
            _summary(name, urn, pupils, {}), weeks=weeks,
            totals=Counts(pupils, pupils, 0, 0, possible, att, possible - att, 0),
            previous=Previous(dt.date(2026, 10, 16), "Autumn 1", Counts(
                pupils, pupils, 0, 0, first.possible, first.attended, first.authorised, 0)),
        )  # fmt: skip

    schools = [school("Ash Primary School", "1", 7, [63, 56, None, 63, 70]),
               school("Birch Academy", "2", 5, [45, None, None, 40, 48]),
               school("Cedar School", "3", 4, [36, 36, 32, 38, 39])]  # fmt: skip
    settings = NS(min_cohort=5, title="Attendance report", national=None)
    report = build_trust(schools, settings)
    assert [s.hidden for s in report.schools] == [False, True, True]
    total = report.total
    assert (total.counts.attended, total.counts.possible) == (566, 630)
    assert total.previous == (144, 160)
    assert report.weekly["Ash Primary School"] == [90, 80, None, 90, 100]
    assert report.weekly[TRUST] == [90, None, None, None, Fraction(15700, 160)]
    assert (
        "the trust's weekly attendance is not shown for 19/10, 26/10 and 02/11: with the "
        "figures shown it would give away the figures of a school that is not shown (a week "
        "when only one of those schools had school, or the trust's total less its weeks "
        "shown)"
    ) in report.notes
    text = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", render_trust_html(report)).split()))
    assert "Trust 90.0 % – – – 98.1 %" in text
    assert "80.0 % 83.6" not in text and "88.1 %" not in text

    # no school's figure for any of its weeks, or any weeks together, comes out of the
    # figures shown, taken as the sessions behind them: the trust's weeks shown less Ash's,
    # its total less Ash's, and its figure at 16/10 less Ash's
    def attack(report, previous: bool) -> None:  # noqa: ANN001
        hidden = {("Birch Academy", d) for d in (w[0], w[3], w[4])} | {
            ("Cedar School", d) for d in w}
        rows = [{k: 1 for k in hidden if k[1] == d}
                for d, v in zip(w, report.weekly[TRUST], strict=True) if v is not None]
        rows.append({k: 1 for k in hidden})
        if previous:
            rows.append({k: 1 for k in hidden if k[1] == w[0]})
        for name in ("Birch Academy", "Cedar School"):
            mine = sorted(k for k in hidden if k[0] == name)
            for n in range(1, 2 ** len(mine)):
                target = {k: 1 for i, k in enumerate(mine) if n >> i & 1}
                assert not _row_space_holds(rows, target), (name, target)

    attack(report, previous=True)
    # the attack finds the leak it looks for: the trust's weeks as they were
    leaky = dataclasses.replace(report, weekly={**report.weekly, TRUST: [
        Fraction(144, 160), Fraction(92, 110), Fraction(32, 40), Fraction(141, 160), 1]})
    with pytest.raises(AssertionError):
        attack(leaky, previous=True)

    no_previous = build_trust([dataclasses.replace(s, previous=None) for s in schools], settings)
    assert no_previous.total.previous is None
    assert no_previous.weekly[TRUST] == [None, None, None, Fraction(14100, 160),
                                         Fraction(15700, 160)]  # fmt: skip
    attack(no_previous, previous=False)

    # hidden schools open the same weeks tell nothing of either: every week is shown
    # (19/10 is Ash's alone, 56 of 70), and nothing is said
    same = build_trust([*schools[:2], school("Cedar School", "3", 4, [36, None, None, 38, 39])],
                       settings)  # fmt: skip
    assert same.weekly[TRUST] == [90, 80, Fraction(14100, 160), Fraction(15700, 160)]
    assert not any("weekly attendance is not shown" in n for n in same.notes)


def test_the_trust_workbook_holds_figures_as_numbers():
    """The workbook held every figure as text ('7', '78.3 %', '412 of 526') and a rise
    as "'+3.5 pp", its formula guard showing (sweepE finding 4).  Now figures are numbers
    with number formats (docs/decisions.md, "Percentages people read"), text is guarded.
    Ash: 25 pupils, 2,287 of 2,500 sessions = 91.48 % (91.5 %), PA 3 and SA 1 of 25
    (12.0 %, 4.0 %), unauthorised 63 of 2,500 = 2.52 % (2.5 %), 1,100 of 1,250 = 88.0 %
    at the end of last half term: +3.48, +3.5 pp.  Birch (URN "=1+1"): 2,299 of 2,500 =
    91.96 % (two places: 92.0 would read green), PA 2 of 20, SA 0, unauthorised 61 =
    2.44 % (2.4 %), 96.0 % before: -4.04, -4.0 pp.  The trust: 45 pupils, 4,586 of 5,000
    = 91.72 % (91.7 %), PA 5 and SA 1 of 45 (11.1 %, 2.2 %), 124 unauthorised (2.48 %,
    2.5 %), 2,300 of 2,500 = 92.0 % before: -0.28, -0.3 pp.  Week of 12/10: Ash 229 of
    250 = 91.6 %, Birch 184 of 200 = 92.0 %, the trust 413 of 450 = 91.78 % (91.8 %).
    Ash's girls 1,116 of 1,200 = 93.0 %, the rest 1,171 of 1,300 = 90.08 % (90.1 %): a gap
    of +2.92, +2.9 pp; Birch's summary has no cohorts, so the trust's row is a note."""
    import dataclasses
    import io
    from types import SimpleNamespace as NS

    from openpyxl import load_workbook

    from attcli.report.trust import PP_FORMAT, build_trust, write_trust_xlsx
    from attcli.summary_file import Cohort, Counts, Previous, SessionCounts

    oct12 = dt.date(2026, 10, 12)

    def previous(attended: int, possible: int) -> Previous:
        return Previous(dt.date(2026, 10, 23), "Autumn 1",
                        Counts(0, 0, 0, 0, possible, attended, 0, 0))  # fmt: skip

    ash = dataclasses.replace(
        _summary("Ash Academy", "2", 25, {}), totals=Counts(25, 25, 3, 1, 2500, 2287, 150, 63),
        previous=previous(1100, 1250), weeks={oct12: (5, SessionCounts(250, 229, 15, 6))},
        cohorts=(Cohort("gender", "Female", 0, Counts(12, 12, 1, 0, 1200, 1116, 60, 24),
                        Counts(13, 13, 2, 1, 1300, 1171, 90, 39)),),
    )  # fmt: skip
    birch = dataclasses.replace(
        _summary("Birch Academy", "=1+1", 20, {}), totals=Counts(20, 20, 2, 0, 2500, 2299, 140, 61),
        previous=previous(1200, 1250), weeks={oct12: (5, SessionCounts(200, 184, 10, 6))},
    )  # fmt: skip
    report = build_trust([ash, birch], NS(min_cohort=5, title="Attendance report", national=None))
    buf = io.BytesIO()
    write_trust_xlsx(report, buf)
    wb = load_workbook(buf)

    def values(sheet: str) -> list[tuple]:
        return list(wb[sheet].iter_rows(values_only=True))

    def formats(sheet: str, row: int) -> list:
        return [c.number_format for c in wb[sheet][row]]

    schools = values("Schools")
    assert schools[0] == ("School", "URN", "As of", "Pupils", "Attendance", "Sessions attended",
                          "Possible sessions", "Persistent absence", "Persistently absent",
                          "Severe absence", "Severely absent", "Pupils with a band",
                          "Unauthorised", "Change since last half term", "Note")  # fmt: skip
    assert schools[1] == ("Ash Academy", "2", dt.datetime(2026, 12, 18), 25, 0.915, 2287, 2500,
                          0.12, 3, 0.04, 1, 25, 0.025, 3.5, None)  # fmt: skip
    assert schools[2] == ("Birch Academy", "'=1+1", dt.datetime(2026, 12, 18), 20, 0.9196, 2299,
                          2500, 0.1, 2, 0.0, 0, 20, 0.024, -4.0, None)  # fmt: skip
    # the trust's as-of date too (the workbook before figures were numbers showed it)
    assert schools[3] == ("Trust", None, dt.datetime(2026, 12, 18), 45, 0.917, 4586, 5000, 0.111, 5, 0.022, 1, 45,
                          0.025, -0.3, None)  # fmt: skip
    count, pct = "#,##0", "0.0%"
    assert formats("Schools", 2)[2:14] == ["DD/MM/YYYY", count, pct, count, count, pct, count,
                                           pct, count, count, pct, PP_FORMAT]  # fmt: skip
    assert formats("Schools", 3)[4] == "0.00%"
    assert PP_FORMAT == '"+"0.0" pp";"−"0.0" pp";"±"0.0" pp"'
    for row in wb["Schools"].iter_rows(min_row=2):
        for c in row[3:14]:
            assert c.data_type == "n", c.coordinate
    assert values("Weekly") == [("School", dt.datetime(2026, 10, 12)), ("Ash Academy", 0.916),
                                ("Birch Academy", 0.92), ("Trust", 0.918)]  # fmt: skip
    assert formats("Weekly", 4) == ["General", pct]
    cohorts = values("Cohorts")
    assert cohorts[1] == ("Female", "Ash Academy", 12, 0.93, 0.901, 2.9, None)
    assert formats("Cohorts", 2)[2:6] == [count, pct, pct, PP_FORMAT]
    assert cohorts[2] == ("Female", "Trust", None, None, None, None,
                          "not every school's summary records it (Birch Academy)")  # fmt: skip
    assert values("Weekdays")[1] == ("Ash Academy", None, None, None, None, None)


def test_each_school_s_own_days_to_replace_an_n_are_in_its_summary_and_the_trust_report(
    tmp_path,
):
    """DOMAIN.md 12's days to replace an N are a school's setting (``[thresholds]
    n_within_days``): a summary (version 3) says them, and the trust report words each
    school's old N codes by its own, not by the default 5.  Cedar's N on both sessions of
    Wed 2 Dec are 12 school days old on Fri 18 Dec (3-4, 7-11, 14-18 Dec): stale when the
    school allows 11 days, not when it allows 12."""
    cedar_export = tmp_path / "cedar.csv"
    tiny_export(cedar_export)
    docs = {}
    for days in (11, 12):
        cfg = school(tmp_path / str(days), "Cedar School", "333333")
        text = cfg.read_text(encoding="utf-8")
        assert text.count("n_within_days = 5 ") == 1  # the example's, replaced
        cfg.write_text(text.replace("n_within_days = 5 ", f"n_within_days = {days} "),
                       encoding="utf-8")  # fmt: skip
        path = tmp_path / f"cedar-{days}.summary.json"
        code, _, err = run_cli("summary", cedar_export, "-c", cfg, "-o", path,
                               "--as-of", "2026-12-18")  # fmt: skip
        assert code == 0, err
        docs[days] = json.loads(path.read_text(encoding="utf-8"))
    assert docs[11]["version"] == 5
    assert (docs[11]["definitions"]["n_within_days"], docs[11]["totals"]["stale_n"]) == (11, 2)
    assert (docs[12]["definitions"]["n_within_days"], docs[12]["totals"]["stale_n"]) == (12, 0)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (3, "Oakfield Academy: 337 N codes older than 3 school days (counted as unauthorised"),
        (1, "Oakfield Academy: 337 N codes older than 1 school day (counted as unauthorised"),
        (0, "Oakfield Academy: 337 N codes not replaced the same day (counted as unauthorised"),
        (None, "Oakfield Academy: 337 N codes older than the school days its policy allows to "
               "replace them (counted as unauthorised"),
    ],
)
def test_the_trust_report_words_old_n_codes_by_the_school_s_own_days(
    summaries, tmp_path, days, words
):
    """The trust report's note of a school's old N codes names the school's own days
    (a version-3 summary's ``definitions.n_within_days``); a version-2 summary does not
    say them, and the note does not guess 5."""
    doc = json.loads(summaries["Oakfield Academy"].read_text(encoding="utf-8"))
    if days is None:
        doc["version"] = 2
        del doc["definitions"]["n_within_days"]
        del doc["totals"]["legacy_codes"]  # (version 4's)
        for week in doc["weeks"]:
            del week["missing_marks"]  # (version 5's)
    else:
        doc["definitions"]["n_within_days"] = days
    path = tmp_path / "oakfield.summary.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", path, summaries["Beech Academy"], "-o", out)
    assert code == 0, err
    text = " ".join(re.sub(r"<[^>]+>", " ", out.read_text(encoding="utf-8")).split())
    assert words in text
