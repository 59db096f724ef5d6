"""Sweep trustkeys (7 December, ninth): the advice that names where the term dates and
INSET days are set names a trust school's own ``[schools.KEY]`` keys when the school keeps
its own calendar (blind4's ``Config.half_terms_key`` and ``inset_days_key``), and the
workspace's ``[calendar]`` keys otherwise.  Each test reaches one message with a small
trust (Ash on the trust's calendar, Cedar with its own), then edits the key the message
names and shows the message gone: the advice works.  Every value is worked by hand."""

from __future__ import annotations

import datetime as dt

from attcli.config import parse_config
from builders import register

D = dt.date

#: the trust's own calendar: Autumn 1 and 2 of 2026/27
_TRUST = """
[school]
name = "Tree Trust"
urn = "500000"

[[calendar.half_terms]]
name = "Autumn 1"
start = 2026-09-02
end = 2026-10-23

[[calendar.half_terms]]
name = "Autumn 2"
start = 2026-11-02
end = 2026-12-18

[schools.ash]
name = "Ash Academy"
urn = "400003"
files = ["ash-*.csv"]

[schools.cedar]
name = "Cedar Primary School"
urn = "400005"
files = ["cedar-*.csv"]
"""

#: Cedar's own Autumn 1, a week shorter than the trust's
_CEDAR_A1 = """
[[schools.cedar.half_terms]]
name = "Autumn 1"
start = 2026-09-07
end = 2026-10-16
"""

_CEDAR_A2 = """
[[schools.cedar.half_terms]]
name = "Autumn 2"
start = 2026-10-26
end = 2026-12-18
"""


def _present(n: int) -> str:
    return " ".join(["/\\"] * n)


def test_register_check_s_one_half_term_note_names_the_school_s_own_half_terms() -> None:
    """Cedar's own term dates give Autumn 1 only (7 Sep to 16 Oct 2026: 30 school days);
    its register holds those days.  The register check takes the autumn term to end on
    16/10/2026 and says to add the other half term where Cedar's term dates are,
    `[[schools.cedar.half_terms]]` (the trust's `[[calendar.half_terms]]` already holds
    two, and Cedar's own replace them).  Done as it says, the note is gone."""
    from attcli.lacheck import register_check

    reg = register({"A": _present(30), "B": _present(30)}, start=D(2026, 9, 7))
    cfg = parse_config(_TRUST + _CEDAR_A1).for_school("cedar")
    got = register_check(reg, cfg, term="autumn")
    said = [n for n in got.data_notes if "one half term" in n]
    assert said == [
        "the term dates give one half term of the autumn term 2026/27 (Autumn 1, to "
        "16/10/2026), and a term has two: the term is taken to end on 16/10/2026; add its "
        "other half term to [[schools.cedar.half_terms]]"
    ], got.data_notes
    fixed = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2).for_school("cedar")
    after = register_check(reg, fixed, term="autumn", as_of=D(2026, 10, 16))
    assert not [n for n in after.data_notes if "one half term" in n], after.data_notes


def test_register_check_s_missing_term_names_the_school_s_own_half_terms() -> None:
    """Cedar's own term dates give the autumn term (7 Sep to 18 Dec 2026); its register
    holds Autumn 1.  `--term spring` is refused: no spring term in the data or the term
    dates, whose half terms to add are Cedar's own (the trust's `[calendar]` has no
    spring term either, but Cedar's list replaces it: adding there changes nothing for
    Cedar).  With Spring 1 added to `[[schools.cedar.half_terms]]` that refusal is gone
    (the next, rightly, is that the data ends before the spring term)."""
    import pytest

    from attcli.errors import AttcliError
    from attcli.lacheck import register_check

    reg = register({"A": _present(30)}, start=D(2026, 9, 7))
    cfg = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2).for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, cfg, term="spring")
    assert str(e.value) == (
        "no spring term 2026/27 in the data or the config's term dates (they hold the "
        "autumn term of it: give --term autumn, or add its half terms to "
        "[[schools.cedar.half_terms]])"
    )
    spring = '\n[[schools.cedar.half_terms]]\nname = "Spring 1"\nstart = 2027-01-05\nend = 2027-02-12\n'
    fixed = parse_config(_TRUST + _CEDAR_A1 + _CEDAR_A2 + spring).for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, fixed, term="spring")
    assert str(e.value) == (
        "the data ends 16/10/2026, before the spring term starts (05/01/2027)"
    )


def test_register_check_without_a_school_s_term_dates_names_its_own_empty_list() -> None:
    """Cedar gives `half_terms = []`: its own list, empty, replaces the trust's, so its
    half terms are inferred from its register, which starts Mon 14 Sep 2026 (after 8
    September, the latest an English school goes back).  The autumn register check is
    refused for want of the term's first days, and the term dates to give are Cedar's own
    list (the trust's `[[calendar.half_terms]]` are there already and are not Cedar's).
    Given there (Autumn 1 from 14 Sep), the check runs: the term starts with the data."""
    import pytest

    from attcli.errors import AttcliError
    from attcli.lacheck import register_check

    reg = register({"A": _present(25)}, start=D(2026, 9, 14))  # 14 Sep to 16 Oct
    cfg = parse_config(_TRUST + "half_terms = []\n").for_school("cedar")
    with pytest.raises(AttcliError) as e:
        register_check(reg, cfg, term="autumn")
    assert str(e.value).endswith(
        "give the exports from 01/09/2026, or the school's term dates in "
        "[[schools.cedar.half_terms]]"
    ), str(e.value)
    own = _CEDAR_A1.replace("2026-09-07", "2026-09-14")
    fixed = parse_config(_TRUST + own).for_school("cedar")
    got = register_check(reg, fixed, term="autumn")
    assert (got.start, got.rows.height) == (D(2026, 9, 14), 0)
