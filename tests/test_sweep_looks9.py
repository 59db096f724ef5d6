"""What a person sees, a ninth pass (docs/decisions.md, sweep looks9).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from attcli.config import DEFAULT_BANDS, band_range, parse_config


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_band_s_range_is_said_in_words_not_in_signs() -> None:
    """The bands' rules read "92 % <= attendance", "90 % < attendance < 92 %" and
    "attendance <= 50 %" in the check's headings, the pupil record, the report's table and
    workbook (looks8's leftover): staff and governors read them.  DOMAIN.md 3's default
    bands: green at least 92 %, amber above 90 % and below 92 %, red above 50 % and at most
    90 % (90 % is red: "attendance <= 90 %"), severe 50 % or less."""
    assert [band_range(DEFAULT_BANDS, i) for i in range(4)] == [
        "92 % or more",
        "above 90 % and below 92 %",
        "above 50 % and at most 90 %",
        "50 % or less",
    ]
    # a school drawing its lines the other way round: at least 95 %, at least 90 %, the rest
    cfg = parse_config(
        '[[bands]]\nname = "good"\nabove = 95\n'
        '[[bands]]\nname = "watch"\nat_least = 90\nletter = "amber"\n'
        '[[bands]]\nname = "low"\nletter = "red"\n'
    )
    assert [band_range(cfg.bands, i) for i in range(3)] == [
        "above 95 %",
        "at least 90 % and at most 95 %",
        "below 90 %",
    ]


def test_the_check_s_band_headings_say_the_range_in_words() -> None:
    from attcli.check import groups_for

    titles = {g.key: g.title for g in groups_for(parse_config(""))}
    assert titles["band:severe"] == "Severe (50 % or less)"
    assert titles["band:amber"] == "Amber (above 90 % and below 92 %)"


def test_the_report_s_workbook_says_pa_and_sa_in_the_page_s_words() -> None:
    """The workbook's About sheet said "PA = attendance <= 90 %, SA = attendance <= 50 %"
    where the page says "PA: attendance at or below 90 %", "SA: at or below 50 %"."""
    import io

    from openpyxl import load_workbook

    from attcli.report import build_report
    from attcli.report.xlsx import write_xlsx
    from test_report import CONFIG, school

    buf = io.BytesIO()
    write_xlsx(build_report(school(), parse_config(CONFIG)), buf)
    book = load_workbook(buf)
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert not [c for c in cells if "<=" in c or "< attendance" in c]
    assert any(
        "PA (persistent absence) = attendance at or below 90 %, SA (severe absence) = at or "
        "below 50 %" in c for c in cells
    )


def test_the_casebook_gives_the_sessions_behind_a_figure_as_the_check_does() -> None:
    """The check says "50.0% (71 of 142 sessions)"; the casebook said "before: 50.0%
    (20/40)", the corrections "85.0% (68/80), 0 authorised and 12 unauthorised", the
    placing "100.0% (20/20 sessions)" (looks8's leftover): one way, from attcli.percent."""
    from attcli.cases.render import _pct
    from attcli.letter_marks import _figures
    from attcli.percent import with_sessions

    assert with_sessions(71, 142) == "50.0% (71 of 142 sessions)"
    assert with_sessions(9096, 10000, [Fraction(91)]) == "90.96% (9096 of 10000 sessions)"
    assert _pct((20, 40)) == "50.0% (20 of 40 sessions)"
    assert _pct((0, 0)) == ""
    assert _figures((68, 80, 0, 12)) == (
        "85.0% (68 of 80 sessions), 0 authorised and 12 unauthorised"
    )


def test_an_export_of_another_school_sends_the_office_to_the_readme(tmp_path) -> None:
    """The refusal and the note of an export naming another school ended "add ... to
    [school] export_names in the config (docs/decisions.md)": a decision log is no place
    to send an office.  They name the README's section, which says what export_names is."""
    from pathlib import Path

    from clirun import run_cli
    from test_export_school import _integris, _oakfield

    ws = _oakfield(tmp_path / "ws")
    other = _integris(tmp_path / "other.xlsx", "School: Riverside Primary School")
    code, _, err = run_cli("check", other, "--workspace", ws, "-f", "csv", width=2000)
    assert code == 1
    assert flat(err).endswith(
        "add 'Riverside Primary School' to [school] export_names in the config (the "
        "README's 'Exports attcli reads')"
    ), err
    like = _integris(tmp_path / "like.xlsx", "School: Oakfield Primary")
    code, _, err = run_cli("check", like, "--workspace", ws, "-f", "csv", width=2000)
    assert code == 0, err
    said = [x for x in err.splitlines() if "Oakfield Primary" in x]
    assert said[0].endswith(
        "this is not said again (the README's 'Exports attcli reads')"
    ), said
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme[readme.index("## Exports attcli reads") : readme.index("## Settings")]
    assert "`[school] export_names`" in section
    assert "decisions.md" not in section


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AUTUMN = EXAMPLES / "exports" / "arbor_autumn_2026.csv"


def test_held_letters_are_said_each_one_of_a_group_and_one_of_a_pupil(tmp_path) -> None:
    """The example school on 18 Dec: six red letters held.  The check's action said "the
    letters of the 6 pupils whose reasons say so are held for review: a person decides
    whether it goes (if it should, ...)": several letters, "it".  And Reuben Walsh's own
    record, one pupil's, said "the letter of the 1 pupil whose reason says so is held"
    (the check's words for a group, looks6's leftover)."""
    import shutil

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("check", AUTUMN, "-c", cfg, width=400)
    assert code == 0, err
    assert (
        "the letters of the 6 pupils whose reasons say so are held for review: a person "
        "decides whether each goes (if one should, attcli letters EXPORT --contacts FILE "
        "--release UPN makes it)"
    ) in flat(out), out
    assert "the letter of the pupil whose reason says so is held for review: a person " \
        "decides whether it goes (if it should," in flat(out)
    code, out, err = run_cli("pupil", "K999290917913", AUTUMN, "-c", cfg, width=400)
    assert code == 0, err
    text = flat(out)
    assert "1 pupil" not in text, text
    assert (
        "action: letter and meeting as your policy sets for this band; the letter is held "
        "for review (the reason says why): a person decides whether it goes (if it should, "
        "attcli letters EXPORT --contacts FILE --release K999290917913 makes it)"
    ) in text, text


def test_a_data_quality_line_that_wraps_hangs_under_its_pupil(tmp_path) -> None:
    """On 80 columns the check's data-quality list ran a pupil's sessions on at the
    pupil's own indent: "    Ellis-Grant, Willow (A999202319011): 2 sessions: 18/09/2026
    PM;" / "    14/10/2026 AM", read as a line of its own under the names.  A wrapped
    line hangs two spaces further in, as the groups' reasons do under their pupils."""
    import shutil

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("check", AUTUMN, "-c", cfg, width=80)
    assert code == 0, err
    lines = out[out.index("Data quality:") :].splitlines()
    at = next(i for i, x in enumerate(lines) if "Ellis-Grant, Willow" in x)
    assert lines[at].startswith("    Ellis-Grant, Willow (A999202319011): 2 sessions:")
    assert lines[at + 1] == "      14/10/2026 AM", lines[at : at + 2]
    assert lines[at + 2].startswith("    Costa, Mateo ")
    assert max(len(x) for x in lines) <= 80


def test_a_command_in_the_report_s_notes_is_code_not_backticks() -> None:
    """The staff report's Data notes showed the terminal's backticks: "`attcli national
    update FILE.csv` loads a release with every figure", a governor reading the ticks.
    A command or option in backticks is code on the page (a `<code>` a word, none breaking
    at its hyphens on a phone, as the banner's and the footer's); other text, a pupil's
    name with a backtick included, stays as it is."""
    from attcli.report import build_report
    from attcli.report.html import render_html
    from test_report import CONFIG, school

    r = build_report(school(), parse_config(CONFIG))
    r.notes = [
        "national figures: none; `attcli national update FILE.csv` loads a release",
        "pupil 'O`Neil <b>' in line 4",
    ]
    html = render_html(r)
    assert (
        "<li>National figures: none; <code>attcli</code> <code>national</code> "
        "<code>update</code> <code>FILE.csv</code> loads a release</li>"
    ) in html
    assert "<li>Pupil &#39;O`Neil &lt;b&gt;&#39; in line 4</li>" in html


def test_the_la_return_s_workbook_heads_its_lists_as_the_terminal_does(tmp_path) -> None:
    """The example's November return: the terminal titled its lists "Unauthorised
    absence, 10+ school days in a row" and "Illness, 15+ school days this school year",
    its workbook's header block "10+ days in a row" and "15+ days this school year" (a
    local authority reading calendar days).  Both say school days, from one place."""
    import shutil

    from openpyxl import load_workbook

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    out = tmp_path / "nov.xlsx"
    code, said, err = run_cli("la-return", AUTUMN, "--month", "2026-11", "--contacts",
                              EXAMPLES / "exports" / "contacts.csv", "-c", cfg, "-o", out,
                              width=200)  # fmt: skip
    assert code == 0, err
    ws = load_workbook(out).active
    labels = [ws.cell(r, 1).value for r in range(2, 14)]
    for title in ("Unauthorised absence, 10+ school days in a row",
                  "Illness, 15+ school days this school year"):  # fmt: skip
        assert title in labels, labels
        assert f"{title}: 1 pupil: 1 new" in said + err, said


def test_cme_counts_a_leaver_s_run_in_school_days_as_the_check_does(tmp_path) -> None:
    """Tommy Ashworth left 16/10/2026 after a run of 10 school days: the check said "after
    10 school days of unexplained absence (N)", cme under its table "after 10 days of
    unexplained absence", beside its title's "10+ school days"."""
    import shutil

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    code, out, err = run_cli("cme", AUTUMN, "-c", cfg, width=200)
    assert code == 0, err
    assert (
        "Ashworth, Tommy left 16/10/2026 after 10 school days of unexplained absence: check "
        "the deletion was lawful and the LA was told"
    ) in flat(out + err), out


def test_the_check_s_register_corrections_name_the_pupil_and_say_a_day_once(tmp_path) -> None:
    """A pupil's corrections read "A 08/09/2026 AM to 08/09/2026 PM (2 sessions): N -> O"
    under the data-quality lines that name each pupil "Surname, Forename (UPN)": the
    pupil by UPN alone, and one day said twice.  Now "SurnameB, ForenameB (B): 14/09/2026
    AM to 18/09/2026 PM (10 sessions): N -> I (file)", and a day's two sessions
    "08/09/2026 AM and PM"."""
    import datetime as dt

    from builders import register, write_long_csv
    from clirun import run_cli
    from school import AUTUMN_HALF_TERMS, make_workspace

    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    p, week = "/\\", " ".join(["/\\"] * 5)
    first = {"B": week + " N N N N N", "C": week + " NN " + " ".join([p] * 4)}
    second = {"B": week + " I I I I I " + week, "C": week + " II " + " ".join([p] * 4) + " " + week}
    a = write_long_csv(register(first, start=dt.date(2026, 9, 7)), tmp_path / "a.csv")
    b = write_long_csv(register(second, start=dt.date(2026, 9, 7)), tmp_path / "b.csv")
    code, out, err = run_cli("check", a, b, "--config", config, "--as-of", "2026-09-25",
                             width=400)  # fmt: skip
    assert code == 0, err
    text = flat(out)
    assert (
        f"SurnameB, ForenameB (B): 14/09/2026 AM to 18/09/2026 PM (10 sessions): N -> I ({b}) "
        f"SurnameC, ForenameC (C): 14/09/2026 AM and PM: N -> I ({b})"
    ) in text, text


def test_the_check_s_runs_are_school_days_in_its_titles_and_actions_too() -> None:
    """Its reasons said "longest run of illness 16 school days", "reached 10 school days",
    the absence group "(3+ school days)"; the sickness group's title "a run of 15+ days"
    and the absence action "CME referral at 10 days"."""
    from attcli.check import groups_for

    groups = {g.key: g for g in groups_for(parse_config(""))}
    assert groups["sickness"].title == (
        "Sickness (30+ illness sessions or 15+ school days missed, or a run of 15+ school days)"
    )
    assert groups["absence"].action == "safe and well check; CME referral at 10 school days"


def test_the_check_s_workbook_names_each_problem_in_words(tmp_path) -> None:
    """The check's workbook, Data quality sheet: its Problem column gave the JSON's keys,
    "stale_n", "missing_mark", "missing_row", "correction", to an office filtering it;
    the terminal says "N codes older than 5 school days", "missing marks".  Each row now
    says its problem as the check's count line does, one of it."""
    import shutil

    from openpyxl import load_workbook

    from clirun import run_cli

    cfg = shutil.copy(EXAMPLES / "attcli.toml", tmp_path / "attcli.toml")
    out = tmp_path / "weekly.xlsx"
    code, _, err = run_cli("check", AUTUMN, "-c", cfg, "-o", out)
    assert code == 0, err
    ws = load_workbook(out)["Data quality"]
    assert ws.column_dimensions["A"].width >= len("N code older than 5 school days")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    kinds = {r[0] for r in rows}
    assert kinds == {
        "N code older than 5 school days", "missing mark", "missing row"
    }, kinds  # fmt: skip
    assert sum(r[0] == "N code older than 5 school days" for r in rows) == 337


def test_the_config_says_a_band_s_line_in_words_too() -> None:
    """The attcli.toml that init writes (and the presets' bands) said "at_least = N means
    attendance >= N %, above = N means > N %", and a band with both or neither was
    refused "(>= N %) ... (> N %)": the office editing the file reads the words the
    check's headings now use."""
    import pytest

    from attcli.config import init_text
    from attcli.errors import ConfigError

    text = init_text()
    assert "at_least = N: attendance of N % or more; above = N: attendance above N %" in text
    assert ">= N %" not in text
    with pytest.raises(ConfigError) as err:
        parse_config('[[bands]]\nname = "a"\n[[bands]]\nname = "b"\n')
    assert str(err.value).endswith(
        "give exactly one of at_least = N (attendance of N % or more) or above = N "
        "(attendance above N %)"
    ), str(err.value)
