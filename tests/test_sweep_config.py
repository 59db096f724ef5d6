"""attcli.toml in real hands (the config sweep): each key as office staff really get it
wrong, in Notepad, copied from last year or from the docs.  Each slip is read right or
refused in one line naming the file, the key (or line) and the value, and what would be
valid; never silently ignored, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clirun import run_cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPORT = EXAMPLES / "exports" / "arbor_autumn_2026.csv"
CONTACTS = EXAMPLES / "exports" / "contacts.csv"


def _workspace(tmp_path: Path, extra: str = "", *, replace: tuple[str, str] | None = None) -> Path:
    """A copy of the example school's workspace, its config with ``extra`` added (and
    ``replace``'s first text replaced by its second)."""
    ws = tmp_path / "ws"
    ws.mkdir()
    text = (EXAMPLES / "attcli.toml").read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(*replace)
    (ws / "attcli.toml").write_text(text + extra, encoding="utf-8")
    return ws


# ---------------------------------------------------------------- [letters] hold_templates


def test_a_misspelt_letter_in_hold_templates_is_refused(tmp_path: Path) -> None:
    """``hold_templates = ["redd", "severe"]`` was taken without a word: the red letters
    of pupils whose absence is mostly illness (Siân Pritchard, 32 I of 32 absences, red)
    went to the print pile, warning their parents of meetings and fines, instead of
    being held for review (DOMAIN.md 9)."""
    ws = _workspace(tmp_path, '\n[letters]\nhold_templates = ["redd", "severe"]\n')
    code, out, err = run_cli(
        "--workspace", ws, "letters", EXPORT, "--contacts", CONTACTS,
        "--as-of", "2026-11-27", "--dry-run",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key 'letters.hold_templates': 'redd' is no "
        "letter attcli sends; the letters are amber, lateness, penalty_notice_warning, "
        "praise, red and severe\n"
    ), err


def test_hold_templates_naming_the_letters_sent_in_any_case_are_read(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, '\n[letters]\nhold_templates = [" Red", "SEVERE", "amber"]\n')
    code, _, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27")
    assert code == 0, err


# ---------------------------------------------------------------- [report] target


@pytest.mark.parametrize(("key", "text"), [
    ("report.target", "[report]\ntarget = 0.96"),
    ("report.national.attendance_pct", "[report.national]\nattendance_pct = 0.931"),
])  # fmt: skip
def test_a_report_line_typed_as_a_fraction_of_one_is_refused(key: str, text: str) -> None:
    """``target = 0.96`` (Excel's 96 %) made the governors' report say "Target for the
    year: 1.0 %. Now 93.9 %": a school far above a target it never set.  Refused as the
    bands' and the register check's lines are (docs/decisions.md)."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError
    from attcli.report_settings import settings_from

    with pytest.raises(ConfigError) as exc:
        settings_from(parse_config(text))
    value = text.rsplit("= ", 1)[1]
    meant = value[2:4] + ("." + value[4:] if value[4:] else "")
    assert str(exc.value) == (
        f"config key '{key}': expected a percentage such as 90 or 92.5, got {value}, which "
        f"is {value} %: a fraction of 1? write {meant} for {meant} %"
    )


def test_national_rates_below_one_percent_are_kept() -> None:
    """A severe-absence rate below 1 % is a real figure (no line): kept."""
    from attcli.config import parse_config
    from attcli.report_settings import settings_from

    s = settings_from(parse_config("[report.national]\npa_rate = 0.9\nsa_rate = 0.4"))
    assert s.national is not None and str(s.national.sa_rate) == "2/5"


# ---------------------------------------------------------------- [sessions] pm_from


@pytest.mark.parametrize(("value", "want"), [
    ('"12:30"', "12:30"), ('"9:45"', None), ('" 13:05 "', "13:05"), ("12:30:00", "12:30"),
    ('"12:30:00"', "12:30"),
])  # fmt: skip
def test_pm_from_written_hh_mm_is_read(value: str, want: str | None) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    text = f"[sessions]\npm_from = {value}"
    if want is None:  # 09:45 is before 10:00: no afternoon starts then
        with pytest.raises(ConfigError):
            parse_config(text)
        return
    assert f"{parse_config(text).pm_from:%H:%M}" == want


@pytest.mark.parametrize("value", ['"12.30"', '"12,30"', '"1230"', '"12"', '"12:30Z"', '"12:30+01:00"'])
def test_pm_from_in_another_form_is_refused_not_misread(value: str) -> None:
    """``pm_from = "12.30"`` (how a UK office writes half past twelve) was read by
    Python's ISO reader as 12:00 and 0.3 seconds: every mark at 12:00-12:29 of a register
    with times went into the afternoon, unsaid; "12:30Z" was a traceback (a time with a
    zone compared with one without)."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(f"[sessions]\npm_from = {value}")
    assert str(exc.value) == (
        "config key 'sessions.pm_from': expected a time between 10:00 and 15:00 written "
        f'HH:MM such as "12:30", got {value.replace(chr(34), chr(39))}'
    )


# ---------------------------------------------------------------- names of half terms and bands


@pytest.mark.parametrize(("text", "message"), [
    # the check's lateness line read "4 lates in : 03/11 AM, ...", letters "this half term ()"
    (
        "[[calendar.half_terms]]\nname = ''\nstart = 2026-09-02\nend = 2026-10-23\n",
        "config key 'calendar.half_terms[0].name': missing: give the half term a name, "
        "such as \"Autumn 1\"",
    ),
    (
        "[[calendar.half_terms]]\nname = '  '\nstart = 2026-09-02\nend = 2026-10-23\n",
        "config key 'calendar.half_terms[0].name': missing: give the half term a name",
    ),
    (
        "[[bands]]\nname = ''\nat_least = 92\n[[bands]]\nname = 'red'\n",
        "config key 'bands[0].name': each band needs a name",
    ),
    (
        "[[bands]]\nname = 'green'\nat_least = 92\n[[bands]]\nname = 'red'\nletter = 3\n",
        "config key 'bands[1].letter': expected the name of a letter such as \"red\", got 3",
    ),
])  # fmt: skip
def test_a_half_term_or_band_without_a_name_is_refused(text: str, message: str) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert str(exc.value).startswith(message), str(exc.value)


# ---------------------------------------------------------------- the file, in every message


@pytest.mark.parametrize(("extra", "message"), [
    ("[register_check]\nthreshhold = 90\n",
     "config key 'register_check.threshhold': unknown key; [register_check] takes: bom, "
     "columns, headers, inclusive, threshold"),
    ("[register_check]\nthreshold = '90%'\n",
     "config key 'register_check.threshold': expected a percentage, got '90%'"),
    ("[register_check]\ninclusive = 'yes'\n",
     "config key 'register_check.inclusive': expected true or false, got 'yes'"),
    ("[register_check]\ncolumns = ['upn', 'surnmae']\n",
     "config key 'register_check.columns': unknown column 'surnmae'; choose from upn, "),
    ("[register_check.headers]\nupnn = 'Pupil UPN'\n",
     "config key 'register_check.headers.upnn': not a column of [register_check]"),
    ("[la_return]\nbom = 'no'\n", "config key 'la_return.bom': expected true or false, got 'no'"),
    ("[la_return]\ncolums = ['upn']\n",
     "config key 'la_return.colums': unknown key; [la_return] takes: bom, columns, headers"),
    ("[columns]\nupm = 'Pupil ID'\n",
     "config key 'columns.upm': unknown field; [columns] takes: upn, mis_id, "),
])  # fmt: skip
def test_a_slip_in_an_la_file_s_table_or_columns_names_the_config_file(
    tmp_path: Path, extra: str, message: str
) -> None:
    """Every other refusal of the config names its file; these named only the key
    ("error: config key 'register_check.threshold': ..."), and [columns]' neither file nor
    key ("error: unknown field 'upm' in [columns]. Valid fields: ..."): with a trust's
    workspace and a school's, or last year's folder, which attcli.toml?"""
    ws = _workspace(tmp_path, "\n" + extra)
    code, out, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {ws / 'attcli.toml'}: {message}"), err
    assert err.count("\n") == 1, err


# ---------------------------------------------------------------- saved in Windows-1252


@pytest.mark.parametrize(("old", "new", "key", "line", "shown"), [
    ('name = "Oakfield Academy"', 'name = "Oakfield Académie"', "school.name", 7,
     '"Oakfield Académie"'),
    ('local_authority = "Example Borough Council"', 'local_authority = "Example £ Council"',
     "school.local_authority", 10, '"Example £ Council"'),
])  # fmt: skip
def test_a_config_saved_in_windows_1252_names_the_line_and_how_to_save_it(
    tmp_path: Path, old: str, new: str, key: str, line: int, shown: str
) -> None:
    """Notepad's "ANSI" (Windows-1252) writes é and £ as one byte each: the refusal was
    "'.../attcli.toml' is not UTF-8 text", naming neither the line nor what to do."""
    ws = tmp_path / "ws"
    ws.mkdir()
    text = (EXAMPLES / "attcli.toml").read_text(encoding="utf-8").replace(old, new)
    (ws / "attcli.toml").write_bytes(text.encode("cp1252"))
    code, out, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key '{key}': line {line}, {shown} is not UTF-8 "
        "text (saved as Windows-1252, Notepad's \"ANSI\"): save the file as UTF-8\n"
    ), err


# ---------------------------------------------------------------- attcli.toml.txt


def _misnamed(folder: Path, name: str) -> None:
    folder.mkdir(exist_ok=True)
    if name.endswith("/"):
        (folder / name.rstrip("/")).mkdir()
    else:
        shutil.copy(EXAMPLES / "attcli.toml", folder / name)


@pytest.mark.parametrize(("name", "why"), [
    ("attcli.toml.txt",
     "holds attcli.toml.txt, not attcli.toml (Notepad added .txt, which Windows hides): "
     "rename it attcli.toml"),
    ("Attcli.TOML", "holds Attcli.TOML, not attcli.toml: rename it attcli.toml"),
    ("attcli.toml/", "holds a folder named attcli.toml, not the config file"),
])  # fmt: skip
def test_a_workspace_whose_config_is_misnamed_says_so(tmp_path: Path, name: str, why: str) -> None:
    """Saved from Notepad as "attcli.toml" with "Text documents" chosen, the file is
    attcli.toml.txt, shown in Explorer as attcli.toml: "--workspace DIR holds no
    attcli.toml; make it with attcli init" sent the office to make another."""
    ws = tmp_path / "ws"
    _misnamed(ws, name)
    code, out, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == f"error: --workspace '{ws}' {why}\n", err


def test_a_misnamed_config_in_the_working_folder_is_not_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the school's folder holding attcli.toml.txt, attcli went on with the
    default settings ("workspace: none (... no ./attcli.toml ...)"): every figure by
    bands, term dates and thresholds the school did not choose."""
    here = tmp_path / "school"
    _misnamed(here, "attcli.toml.txt")
    monkeypatch.chdir(here)
    monkeypatch.delenv("ATTCLI_WORKSPACE", raising=False)
    code, out, err = run_cli("check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == (
        f"error: the working folder {here} holds attcli.toml.txt, not attcli.toml (Notepad "
        "added .txt, which Windows hides): rename it attcli.toml\n"
    ), err


def test_a_misnamed_config_in_the_user_folder_is_not_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_user_workspace: Path
) -> None:
    """`attcli init` makes the workspace in the user folder; its config edited in Notepad
    and saved as attcli.toml.txt left every run on the default settings ("workspace:
    none") from any folder."""
    _misnamed(no_user_workspace, "attcli.toml.txt")
    elsewhere = tmp_path / "desktop"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run_cli("check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == (
        f"error: your user folder {no_user_workspace} holds attcli.toml.txt, not attcli.toml "
        "(Notepad added .txt, which Windows hides): rename it attcli.toml\n"
    ), err


def test_config_option_naming_a_file_notepad_renamed_says_so(tmp_path: Path) -> None:
    _misnamed(tmp_path / "ws", "attcli.toml.txt")
    config = tmp_path / "ws" / "attcli.toml"
    code, out, err = run_cli("check", EXPORT, "--config", config, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == (
        f"error: config key '--config': file '{config}' does not exist; its folder holds "
        "attcli.toml.txt, not attcli.toml (Notepad added .txt, which Windows hides): rename "
        "it attcli.toml\n"
    ), err


# ---------------------------------------------------------------- two configs


def test_a_config_in_the_working_folder_passed_over_for_attcli_workspace_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ATTCLI_WORKSPACE set once (last year's folder, the trust's) and this year's
    attcli.toml in the folder attcli runs from: the variable's config was read and the
    one the office had just edited was passed over, unsaid."""
    trust = _workspace(tmp_path)
    here = tmp_path / "this-year"
    here.mkdir()
    shutil.copy(EXAMPLES / "attcli.toml", here / "attcli.toml")
    monkeypatch.chdir(here)
    monkeypatch.setenv("ATTCLI_WORKSPACE", str(trust))
    code, _, err = run_cli("check", EXPORT, "--as-of", "2026-11-27", workspace_line=True)
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"workspace: {trust} (ATTCLI_WORKSPACE): config attcli.toml, history "
        "attcli-history.sqlite3 (none yet); not ./attcli.toml in the working folder "
        "(ATTCLI_WORKSPACE comes first: unset it or give --workspace .)"
    ), err
    monkeypatch.chdir(trust)  # the same file: nothing to say
    code, _, err = run_cli("check", EXPORT, "--as-of", "2026-11-27", workspace_line=True)
    assert code == 0 and err.splitlines()[0].endswith("(none yet)"), err


# ---------------------------------------------------------------- a header deleted


@pytest.mark.parametrize(("old", "message"), [
    # the [thresholds] line deleted: TOML puts the key in the last [[bands]] block
    ("[thresholds]\n",
     "config key 'bands[3].min_possible_sessions': unknown key; [[bands]] takes: above, "
     "at_least, letter, letter_every, name, signatory, signatory_role; min_possible_sessions is a "
     "key of [thresholds]: if its header "
     "is missing above this line, put it back"),
    # the [lateness] line deleted: codes is four sections' key
    ("[lateness]\n",
     "config key 'thresholds.codes': codes belongs under [lateness], [penalty_notice], [cme] "
     "or [sickness], not [thresholds]: put it below the header of the section it is for"),
])  # fmt: skip
def test_a_key_whose_header_was_deleted_says_where_it_belongs(
    tmp_path: Path, old: str, message: str
) -> None:
    ws = _workspace(tmp_path, replace=(old, ""))
    code, out, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27")
    assert (code, out) == (1, "")
    assert err == f"error: {ws / 'attcli.toml'}: {message}\n", err


# ---------------------------------------------------------------- a key or a section twice


@pytest.mark.parametrize(("text", "message"), [
    # a second threshold typed below the first, in a file Notepad saved with no newline at
    # its end: TOML's words were "Cannot overwrite a value (at end of document)", no line
    ("[lateness]\ncodes = ['L', 'U']\nthreshold = 4\nthreshold = 5",
     "config key 'lateness.threshold': line 4, threshold is given twice in [lateness] "
     "(first on line 3): keep one"),
    ("[lateness]\nthreshold = 4\nthreshold = 5\n[cme]\ndays = 10\n",
     "config key 'lateness.threshold': line 3, threshold is given twice in [lateness] "
     "(first on line 2): keep one"),
    ("[[bands]]\nname = 'green'\nname = 'gold'\nat_least = 92\n[[bands]]\nname = 'red'\n",
     "config key 'bands[0].name': line 3, name is given twice in [[bands]] (first on line 2): "
     "keep one"),
    # another school's config pasted below this one's: TOML's "Cannot declare ('school',)
    # twice" named a Python tuple
    ("[school]\nname = 'Oakfield'\n[lateness]\nthreshold = 4\n[school]\nname = 'Riverside'\n",
     "config key 'school': line 5, [school] is in the file twice (first on line 1): keep one "
     "[school] header, with the keys of both below it"),
    # a string left open on the last line
    ('[school]\nname = """Oakfield',
     "config key '(syntax)': not valid TOML: Unterminated string (at line 2)"),
])  # fmt: skip
def test_a_key_or_section_given_twice_names_both_lines(text: str, message: str) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert str(exc.value) == message


# ---------------------------------------------------------------- blank names in tables


@pytest.mark.parametrize(("text", "message"), [
    # a blank sub-code was taken and did nothing: a blank cell is a missing mark
    ('[codes.subcodes]\n"" = "I"\n',
     "config key 'codes.subcodes.': a sub-code is your MIS's own code, such as I01; got ''"),
    ('[codes.subcodes]\n" " = "N"\n',
     "config key 'codes.subcodes. ': a sub-code is your MIS's own code, such as I01; got ' '"),
    # a blank header: the export's error then said "looked for: ''"
    ('[columns]\nupn = ""\n',
     "config key 'columns.upn': expected the header as your export writes it, such as "
     "\"Pupil ID\"; got ''"),
])  # fmt: skip
def test_a_blank_sub_code_or_header_is_refused(text: str, message: str) -> None:
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert str(exc.value) == message


# ---------------------------------------------------------------- an empty config


@pytest.mark.parametrize("text", ["", "\r\n", "# attcli settings\n\n# (to fill in)\n", "\ufeff"])
def test_an_empty_config_is_said_on_the_workspace_line(tmp_path: Path, text: str) -> None:
    """A 0-byte attcli.toml (a copy OneDrive had not yet brought down, a file made and
    never saved) ran every command on the default settings, no term dates and the name
    "School", with the workspace line saying only "config attcli.toml"."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_bytes(text.encode("utf-8"))
    code, _, err = run_cli(
        "--workspace", ws, "check", EXPORT, "--as-of", "2026-11-27", workspace_line=True
    )
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"workspace: {ws} (--workspace): config attcli.toml (no settings in it: the defaults "
        "and no term dates), history attcli-history.sqlite3 (none yet)"
    ), err


# ---------------------------------------------------------------- a number as an office writes it


@pytest.mark.parametrize(("line", "message"), [
    ("at_least = 92%",
     "config key 'bands[0].at_least': line 3, 92% is not a number attcli.toml can hold: "
     "write the number alone, at_least = 92"),
    ("at_least = 92.5 %",
     "config key 'bands[0].at_least': line 3, 92.5 % is not a number attcli.toml can hold: "
     "write the number alone, at_least = 92.5"),
    ("at_least = 92,5",
     "config key 'bands[0].at_least': line 3, 92,5 is not a number attcli.toml can hold: "
     "write it with a decimal point, at_least = 92.5"),
])  # fmt: skip
def test_a_percentage_with_its_sign_or_a_decimal_comma_names_its_key(line: str, message: str) -> None:
    """TOML's own words were "Expected newline or end of document after a statement (at
    line 3, column 14)": the line, but neither the key nor what to write."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(f"[[bands]]\nname = 'green'\n{line}\n[[bands]]\nname = 'red'\n")
    assert str(exc.value) == message


@pytest.mark.parametrize(("line", "message"), [
    ("name = Oakfield Academy",
     "config key 'school.name': line 2, Oakfield Academy is text without quotes: write "
     "name = \"Oakfield Academy\""),
    ("phone = 01632 960000",
     "config key 'school.phone': line 2, 01632 960000 is text without quotes: write "
     "phone = \"01632 960000\""),
])  # fmt: skip
def test_text_without_quotes_names_its_key_and_how_to_write_it(line: str, message: str) -> None:
    """TOML's words were "Invalid value (at line 2, column 8)"."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(f"[school]\n{line}\nurn = '123456'\n")
    assert str(exc.value) == message


# ---------------------------------------------------------------- a half term a week too long


def test_a_week_missing_at_a_half_term_s_end_names_the_half_term_s_dates(tmp_path: Path) -> None:
    """Autumn 1 typed to end Fri 30 Oct (the half-term holiday's Friday) in place of Fri
    23 Oct: the register has no row that week, and every band was withheld with "export
    the register for the missing week ... (if the school had no sessions on those days,
    INSET days or a closure, list them in [calendar] inset_days)": never the slip itself,
    the half term's end date."""
    ws = _workspace(tmp_path, replace=("end = 2026-10-23", "end = 2026-10-30"))
    code, out, err = run_cli("--workspace", ws, "check", EXPORT, "--as-of", "2026-12-18")
    assert code == 0, err
    assert (
        "no register for the week 26/10/2026 to 30/10/2026 (5 school days), in the autumn "
        "term. Figures are for 01/09/2026 to 18/12/2026 without the missing week, with no "
        "band: export the register for the missing week too and give it with the others (if "
        "the school had no sessions that week: a holiday, correct the dates of 'Autumn 1' "
        "(02/09/2026 to 30/10/2026) in [[calendar.half_terms]]; INSET days or a closure, "
        "list them in [calendar] inset_days)"
    ) in " ".join(out.split()), out


@pytest.mark.parametrize(("value", "want"), [
    ("True", "true"), ("FALSE", "false"), ("yes", "true"), ("No", "false"),
])  # fmt: skip
def test_a_yes_or_no_written_another_way_names_its_key(value: str, want: str) -> None:
    """``praise = True`` (as Excel and Python write it) was TOML's "Invalid value (at line
    2, column 10)"."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(f"[letters]\npraise = {value}\n")
    assert str(exc.value) == (
        f"config key 'letters.praise': line 2, {value} is not a value attcli.toml can hold: "
        f"write true or false in small letters, praise = {want}"
    )


# ---------------------------------------------------------------- copied from Word or a web page


@pytest.mark.parametrize(("text", "message"), [
    ("[school]\nname = \u201cOakfield Academy\u201d\n",
     "config key 'school.name': line 2 has curly quotes (\u201c \u201d), as Word and web pages "
     "write them: TOML takes straight ones, name = \"Oakfield Academy\""),
    ("[lateness]\ncodes = [\u201cL\u201d, \u201cU\u201d]\n",
     "config key 'lateness.codes': line 2 has curly quotes (\u201c \u201d), as Word and web "
     "pages write them: TOML takes straight ones, codes = [\"L\", \"U\"]"),
    ("[school]\nname = \u2018Oakfield\u2019\n",
     "config key 'school.name': line 2 has curly quotes (\u2018 \u2019), as Word and web pages "
     "write them: TOML takes straight ones, name = 'Oakfield'"),
    ("[lateness]\nthreshold\u00a0= 4\n",
     "config key 'lateness.threshold': line 2 holds a non-breaking space (U+00A0), which "
     "looks like a "
     "space but is not one (copied from a web page or a PDF): retype the spaces on the line"),
    ("[[bands]]\nname = 'green'\nat_least = 92\u00a0\n[[bands]]\nname = 'red'\n",
     "config key 'bands[0].at_least': line 3 holds a non-breaking space (U+00A0)"),
])  # fmt: skip
def test_quotes_and_spaces_copied_from_a_document_are_named(text: str, message: str) -> None:
    """TOML's words were "Invalid value" or "Expected '=' after a key" for characters that
    look right on the screen."""
    from attcli.config import parse_config
    from attcli.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert str(exc.value).startswith(message), str(exc.value)


def test_a_quoted_date_with_spaces_round_it_is_read() -> None:
    """``start = " 2026-09-02"`` was refused as "expected a date written YYYY-MM-DD, got
    ' 2026-09-02'": written so, with a space."""
    from attcli.config import parse_config

    c = parse_config(
        "[calendar]\ninset_days = ['2026-09-02 ']\n[[calendar.half_terms]]\nname = 'Autumn 1'\n"
        "start = ' 2026-09-02'\nend = '2026-10-23'\n"
    )
    assert (str(c.half_terms[0].start), str(c.inset_days[0])) == ("2026-09-02", "2026-09-02")


# ---------------------------------------------------------------- [history] path


@pytest.mark.parametrize(("value", "message"), [
    ('"."', "'.' is a folder: give the history's file name, such as attcli-history.sqlite3"),
    ('"sub/"', "'sub/' is a folder: give the history's file name, such as "
               "attcli-history.sqlite3"),
    ('"attcli.toml"', "'attcli.toml' is this config file: give the history its own file, "
                      "such as attcli-history.sqlite3"),
])  # fmt: skip
def test_a_history_path_that_is_a_folder_or_the_config_is_refused(
    tmp_path: Path, value: str, message: str
) -> None:
    """``path = "."`` was "error: /school is not an attcli history file: unable to open
    database file", naming neither the key nor what to write."""
    ws = _workspace(tmp_path, f"\n[history]\npath = {value}\n")
    (ws / "sub").mkdir()
    code, out, err = run_cli("--workspace", ws, "pn", "list")
    assert (code, out) == (1, "")
    assert err == f"error: {ws / 'attcli.toml'}: config key 'history.path': {message}\n", err


def test_a_misspelt_history_path_beside_the_history_is_said(tmp_path: Path) -> None:
    """``path = "attcli-histroy.sqlite3"``: a new, empty history, said only as "(none
    yet)", while the school's sat beside it: letters already sent would go again and a
    second penalty notice be quoted as a first."""
    ws = _workspace(tmp_path)
    code, _, err = run_cli("--workspace", ws, "pn", "list")  # the history is made
    (ws / "attcli-history.sqlite3").write_bytes(b"")
    text = (ws / "attcli.toml").read_text(encoding="utf-8")
    (ws / "attcli.toml").write_text(text + '\n[history]\npath = "attcli-histroy.sqlite3"\n')
    code, _, err = run_cli("--workspace", ws, "pn", "list", workspace_line=True)
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"workspace: {ws} (--workspace): config attcli.toml, history attcli-histroy.sqlite3 "
        "(none yet; beside it is attcli-history.sqlite3: if that is the history, correct the "
        "[history] path)"
    ), err


def test_a_workbook_saved_as_attcli_toml_is_named_as_no_text_file(tmp_path: Path) -> None:
    """A workbook (or a Word file) saved over attcli.toml was named "line 1, PK\\x03\\x04...
    is not UTF-8 text (...)": a line of binary, and advice that cannot help."""
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(EXAMPLES / "exports" / "integris_autumn_2026.xlsx", ws / "attcli.toml")
    code, out, err = run_cli("--workspace", ws, "pn", "list")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {ws / 'attcli.toml'}: config key '(encoding)': this is not a text file (a "
        "workbook, a Word document or a zip?): attcli.toml is plain text, as `attcli init` "
        "writes it; open it in Notepad to check\n"
    ), err
