from __future__ import annotations

from fractions import Fraction

import pytest

from attcli.config import Config, init_text, load_config, parse_config
from attcli.errors import ConfigError


def test_defaults_are_domain_md():
    c = Config()
    assert [(b.name, b.threshold, b.inclusive) for b in c.bands] == [
        ("green", Fraction(92), True),
        ("amber", Fraction(90), False),
        ("red", Fraction(50), False),
        ("severe", None, True),
    ]
    assert (c.lates_threshold, c.late_codes) == (4, ("L", "U"))
    assert (c.pn_sessions, c.pn_weeks, c.pn_codes) == (10, 10, ("G", "N", "O", "U"))
    assert (c.cme_days, c.cme_codes) == (10, ("N", "O", "G"))
    assert (c.sickness_sessions, c.sickness_days) == (30, 15)
    assert c.min_possible_sessions == 10


def test_init_text_is_the_defaults_with_no_school_and_every_detail_to_fill_in():
    c = parse_config(init_text())
    d = Config()
    assert c.bands == d.bands
    assert (c.pn_sessions, c.lates_threshold, c.cme_days) == (10, 4, 10)
    assert c.half_terms == () and c.inset_days == ()
    assert c.unfilled == (
        "school.name",
        "school.urn",
        "school.dfe_number",
        "school.local_authority",
        "school.address[0]",
        "school.address[1]",
        "school.address[2]",
        "school.phone",
        "school.email",
        "school.headteacher",
        "school.attendance_lead",
    )
    assert "Oakfield" not in init_text() and "123456" not in init_text()


def test_init_text_every_section_is_read_by_its_feature():
    """The file `attcli init` writes passes every feature's own reader (each reads its
    section and refuses a key it does not know), with the details given filled in."""
    from attcli import lacheck
    from attcli.letter_settings import LetterSettings
    from attcli.report_settings import settings_from
    from attcli.store import DEFAULT_NAME

    text = init_text(
        {
            "name": 'St Mary\'s "Church" School',
            "urn": "100001",
            "address": ["2 Church Lane", "Anytown", "AN1 1AA"],
            "attendance_lead": "Ms B. Lead",
        }
    )
    for section in ("[letters]", "[report]", "[register_check]", "[history]", "[lessons]"):
        assert f"\n{section}\n" in text
    c = parse_config(text)
    assert c.school.name == 'St Mary\'s "Church" School' and c.school.urn == "100001"
    assert c.school.address == ("2 Church Lane", "Anytown", "AN1 1AA")
    assert c.unfilled[0] == "school.dfe_number" and "school.attendance_lead" not in c.unfilled
    letters = LetterSettings.from_config(c)
    assert (letters.praise, letters.all_recipients, letters.closing) == (
        False,
        False,
        "Yours sincerely,",
    )
    rc = lacheck.settings_from(c)
    assert (rc.threshold, rc.inclusive, rc.bom) == (90, True, True)
    report = settings_from(c)
    assert (report.min_cohort, report.title) == (5, "Attendance report")
    assert c.sections["history"] == {"path": DEFAULT_NAME}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[lateness]\nthreshold = 'four'",
            "config key 'lateness.threshold': expected a whole number, got 'four'",
        ),
        (
            "[lateness]\nthreshold = 0",
            "config key 'lateness.threshold': expected a whole number of at least 1, got 0",
        ),
        (
            # 0 gave a pupil with no possible session (all X, all '-') the green band: 0 of
            # 0 is no attendance to judge (sweep1 case2)
            "[thresholds]\nmin_possible_sessions = 0",
            "config key 'thresholds.min_possible_sessions': expected a whole number of at "
            "least 1, got 0",
        ),
        ("[latenes]\nthreshold = 4", "config key 'latenes': unknown section"),
        (
            "[lateness]\nthreshhold = 4",
            "config key 'lateness.threshhold': unknown key; [lateness] takes: codes, threshold",
        ),
        (
            "[penalty_notice]\ncodes = ['G', 'Q9']",
            "config key 'penalty_notice.codes': unknown attendance code 'Q9'",
        ),
        (
            # a present code among the penalty-notice codes put 201 pupils at the threshold
            "[penalty_notice]\ncodes = ['N', '/', 'L']",
            "config key 'penalty_notice.codes': '/', 'L' are not codes of unauthorised absence "
            "(present, present); see `attcli codes`",
        ),
        (
            # ... and one among the CME codes listed a pupil in school every day as missing
            "[cme]\ncodes = ['N', 'O', 'G', '/']",
            "config key 'cme.codes': '/' is not a code of unexplained absence (present): a "
            "day with an attended, authorised or U session breaks a run; "
            "[cme] codes takes N, O and G",
        ),
        (
            "[sickness]\ncodes = ['I', 'B']",
            "config key 'sickness.codes': 'B' is not a code of authorised or unauthorised "
            "absence (approved_activity); see `attcli codes`",
        ),
        (
            "[[bands]]\nname='a'\nat_least=101\n[[bands]]\nname='b'",
            "config key 'bands[0].at_least': expected a percentage between 0 and 100, got 101",
        ),
        (
            "[[bands]]\nname='a'\nat_least=90\n[[bands]]\nname='b'\nabove=95\n[[bands]]\nname='c'",
            "config key 'bands': thresholds must go down",
        ),
        (
            "[[bands]]\nname='a'\nat_least=90\nabove=80\n[[bands]]\nname='b'",
            "config key 'bands[0]': give exactly one of at_least",
        ),
        (
            "[[calendar.half_terms]]\nname='A1'\nstart=2026-10-01\nend=2026-09-01",
            "config key 'calendar.half_terms[0].end': 2026-09-01 is before the start 2026-10-01",
        ),
        (
            "[[calendar.half_terms]]\nname='A1'\nstart='1/9/2026'\nend=2026-10-01",
            "config key 'calendar.half_terms[0].start': expected a date written YYYY-MM-DD, got '1/9/2026'",
        ),
        (
            "[codes.subcodes]\nI09 = 'II'",
            "config key 'codes.subcodes.I09': 'II' is not an attendance code",
        ),
        ("[school\nname='x'", "config key '(syntax)': not valid TOML"),
        # a half-given [lessons] left "lessons missed" out of every letter, unsaid
        (
            "[lessons]\nam = 3",
            "config key 'lessons': give both am and pm (the lessons in each session), or "
            "neither; got am only",
        ),
        (
            "[lessons]\nam = 0\npm = 0",
            "config key 'lessons': am and pm are both 0: give the lessons in each session",
        ),
        # a present code counted as late flagged the whole school for lateness letters
        (
            "[lateness]\ncodes = ['L', '/']",
            "config key 'lateness.codes': '/' is not a late arrival: a late arrival is L "
            "(before the register closed) or U (after it closed)",
        ),
        (
            "[lateness]\ncodes = ['N']",
            "config key 'lateness.codes': 'N' is not a late arrival",
        ),
        # the URN and DfE number go on every LA file: a mistyped one is refused at once,
        # not discovered by the local authority
        (
            "[school]\nurn = '12345'",
            "config key 'school.urn': expected the school's six-digit URN, got '12345'",
        ),
        (
            "[school]\nurn = 1000011",
            "config key 'school.urn': expected the school's six-digit URN, got '1000011'",
        ),
        (
            "[school]\nurn = '999/4001'",
            "config key 'school.urn': expected the school's six-digit URN, got '999/4001' "
            "(a DfE number: that is dfe_number)",
        ),
        (
            "[school]\ndfe_number = '999-401'",
            "config key 'school.dfe_number': expected the local authority's three digits and "
            "the school's four, such as 999/4001, got '999-401'",
        ),
        (
            "[school]\ndfe_number = '100001'",
            "config key 'school.dfe_number': expected the local authority's three digits and "
            "the school's four, such as 999/4001, got '100001'",
        ),
        (
            "[[calendar.half_terms]]\nname='A1'\nstart_date=2026-09-01\nend=2026-10-01",
            "config key 'calendar.half_terms[0].start_date': unknown key; "
            "[[calendar.half_terms]] takes: end, name, start",
        ),
        (
            "[[bands]]\nname='a'\nat_least=90\n[[bands]]\nname='b'\nletters='red'",
            "config key 'bands[1].letters': unknown key; [[bands]] takes: above, at_least, "
            "letter, letter_every, name",
        ),
    ],
)
def test_bad_values_name_the_key(text, message):
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert message in str(exc.value)


def test_load_config_finds_attcli_toml_in_cwd_and_names_the_file(tmp_path):
    assert load_config(cwd=tmp_path) == Config()  # none there (nor a user workspace): defaults
    (tmp_path / "attcli.toml").write_text("[lateness]\nthreshold = 5\n", encoding="utf-8")
    assert load_config(cwd=tmp_path).lates_threshold == 5
    (tmp_path / "bad.toml").write_text("[cme]\ndays = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: config key 'cme\.days'"):
        load_config(tmp_path / "bad.toml")
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")


@pytest.mark.parametrize("key", ['"../../x"', '"a/b"', '"a\\\\b"', '".hidden"', '"a b"', '"é"'])
def test_a_school_key_names_files_so_it_holds_only_safe_characters(key):
    # the key of [schools.KEY] names the school's files and folders under --per-school DIR
    # (KEY-check.json, KEY/ for letters): "../../x" wrote outside DIR
    text = f'[schools.{key}]\nname = "X"\nfiles = ["x*.csv"]\n'
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert "a school's key names its files: use letters, digits, '.', '_' and '-'" in str(exc.value)
    # a key of those characters is fine
    good = parse_config('[schools.oak-1_b.c]\nname = "X"\nfiles = ["x*.csv"]\n'.replace(
        "oak-1_b.c", '"oak-1_b.c"'))
    assert [s.key for s in good.schools] == ["oak-1_b.c"]


@pytest.mark.parametrize(
    ("text", "key", "char"),
    [
        ('[school]\nname = "Oak\\u001b[31m School"\n', "school.name", "001B"),
        ('[school]\naddress = ["1 Lane", "Town\\u202e"]\n', "school.address[1]", "202E"),
        ('[schools.oak]\nname = "Oak\\u009b"\nfiles = ["oak*"]\n', "schools.oak.name", "009B"),
    ],
)
def test_a_setting_with_a_control_character_is_refused(text, key, char):
    # settings go to the terminal (ESC: an escape sequence), letters, reports and LA files
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert str(exc.value) == (
        f"config key '{key}': holds a control character (U+{char}): remove it"
    )


def test_a_trust_school_without_its_own_local_authority_takes_the_workspace_s():
    text = (
        '[school]\nname = "Trust"\nlocal_authority = "Test LA"\n'
        '[schools.oak]\nname = "Oak"\nfiles = ["oak*"]\n'
        '[schools.ash]\nname = "Ash"\nlocal_authority = "Other LA"\nfiles = ["ash*"]\n'
    )
    cfg = parse_config(text)
    assert cfg.for_school("oak").school.local_authority == "Test LA"
    assert cfg.for_school("ash").school.local_authority == "Other LA"


@pytest.mark.parametrize(
    ("urn", "dfe", "want_urn", "want_dfe"),
    [
        ("100001", "999/4001", "100001", "999/4001"),
        (100001, "9994001", "100001", "9994001"),  # a bare number, as TOML reads it
        (" 100001 ", " 999 / 4001 ", "100001", "999 / 4001"),  # spaces trimmed
        ("100001", "999-4001", "100001", "999-4001"),  # written with a hyphen, as some do
        ("", "", "", ""),  # not given yet
        ("FILL IN: URN", "FILL IN: DfE number", "FILL IN: URN", "FILL IN: DfE number"),
    ],
)
def test_a_urn_and_dfe_number_in_their_forms_are_read(urn, dfe, want_urn, want_dfe):
    text = f"[school]\nurn = {urn!r}\ndfe_number = {dfe!r}\n".replace("'", '"')
    school = parse_config(text).school
    assert (school.urn, school.dfe_number) == (want_urn, want_dfe)


def test_a_trust_school_s_urn_is_checked_as_the_workspace_s():
    text = '[schools.oak]\nname = "Oak"\nurn = "10001"\nfiles = ["oak*"]\n'
    with pytest.raises(ConfigError) as exc:
        parse_config(text)
    assert "config key 'schools.oak.urn': expected the school's six-digit URN, got '10001'" in (
        str(exc.value)
    )


def test_a_school_with_no_afternoon_lessons_says_pm_0():
    cfg = parse_config("[lessons]\nam = 3\npm = 0\n")
    assert (cfg.lessons_am, cfg.lessons_pm) == (3, 0)
    assert parse_config("[lateness]\ncodes = ['U']\n").late_codes == ("U",)


def test_the_columns_init_writes_in_a_comment_are_every_default_column_in_order():
    """A school that uncomments the LA files' ``columns`` line that ``attcli init`` writes
    (to reorder or drop one) must not lose a column without knowing it: the comment lists
    every default column, in the default order ("Left the roll on" was missing from the
    register check's)."""
    from attcli import lacheck
    from attcli.lareturn import settings as la_return

    text = init_text()
    for section, module in (("register_check", lacheck), ("la_return", la_return)):
        lines = text.splitlines()
        at = lines.index(f"[{section}]")
        start = next(i for i in range(at, len(lines)) if lines[i].startswith("# columns = ["))
        end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("]"))
        uncommented = [line[2:] for line in lines[start : end + 1]]
        edited = "\n".join([*lines[: start], *uncommented, *lines[end + 1 :]])
        config = parse_config(edited)
        assert module.settings_from(config).columns == tuple(module.DEFAULT_HEADERS), section



def _read_every_percentage(text: str) -> Config:
    """The config and each table read where a command reads it: the letters' settings,
    the register check's rule (the workspace's and each school's)."""
    from attcli.config import register_check_rule
    from attcli.letter_settings import LetterSettings

    cfg = parse_config(text)
    LetterSettings.from_config(cfg)
    register_check_rule(cfg.sections.get("register_check", {}))
    for school in cfg.schools:
        if school.register_check:
            register_check_rule(school.register_check, f"schools.{school.key}.register_check")
    return cfg


@pytest.mark.parametrize(
    ("text", "key", "meant"),
    [
        # a threshold typed as a fraction of 1 (Excel's 93 % is 0.93): 0.93 % would list
        # no one, band no one red, hold every letter with any illness in it
        ('[[bands]]\nname = "g"\nat_least = 0.92\n[[bands]]\nname = "r"\n', "bands[0].at_least", "92"),
        ("[register_check]\nthreshold = 0.93\n", "register_check.threshold", "93"),
        ('[schools.oak]\nname = "Oak"\nfiles = ["oak*"]\n[schools.oak.register_check]\n'
         "threshold = 0.925\n", "schools.oak.register_check.threshold", "92.5"),
        ('[escalation]\nimprove_to = 0.95\n[[escalation.stages]]\nname = "m"\n'
         'action = "meeting"\nwhen_band = "red"\n', "escalation.improve_to", "95"),
        ('[[escalation.stages]]\nname = "m"\naction = "meeting"\nwhen_below = 0.9\n',
         "escalation.stages[0].when_below", "90"),
        ("[letters]\npraise_at_least = 0.98\n", "letters.praise_at_least", "98"),
        ("[letters]\nhold_share = 0.5\n", "letters.hold_share", "50"),
    ],
)
def test_a_percentage_typed_as_a_fraction_of_one_is_refused(text, key, meant):
    with pytest.raises(ConfigError) as exc:
        _read_every_percentage(text)
    message = str(exc.value)
    assert f"config key '{key}'" in message
    assert f"write {meant} for {meant} %" in message


def test_a_percentage_below_one_that_is_no_threshold_is_kept():
    # points of improvement are not a threshold: half a point is a real setting
    cfg = _read_every_percentage(
        '[escalation]\nimprove_points = 0.5\n[[escalation.stages]]\nname = "m"\n'
        'action = "meeting"\nwhen_band = "red"\n'
    )
    assert cfg.ladder.stages[0].improve_points == Fraction(1, 2)
    # nor is a threshold of 0 (anyone at all) or a whole 1 % a fraction
    _read_every_percentage('[register_check]\nthreshold = 1\n[letters]\nhold_share = 0\n')
