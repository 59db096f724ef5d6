"""The example exports in examples/exports (made by tools/generate_exports.py) load, and the
Arbor (long CSV) and Integris (wide xlsx) versions of the same term give the same register."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.loaders import load_registers
from attcli.register import resolve_roll

EXPORTS = Path(__file__).parent.parent / "examples" / "exports"
ARBOR = EXPORTS / "arbor_autumn_2026.csv"
INTEGRIS = EXPORTS / "integris_autumn_2026.xlsx"
SAME = [
    "upn",
    "surname",
    "forename",
    "dob",
    "year_group",
    "reg_group",
    "date",
    "session",
    "mark",
    "category",
]

pytestmark = pytest.mark.skipif(
    not (ARBOR.exists() and INTEGRIS.exists()), reason="example exports not generated"
)


def test_arbor_and_integris_examples_agree():
    """The long export has no row for a session outside a pupil's time on roll, or for a
    missing row; the wide one has a blank cell there.  Resolved against each pupil's time
    on roll (DOMAIN.md 1), both are the same register."""
    arbor = load_registers([ARBOR], preset="arbor")
    integris = load_registers([INTEGRIS], preset="integris")
    assert arbor.files[0].shape == "long"
    assert integris.files[0].shape == "wide"
    # the wide export's blank cells: the 212 rows the long one leaves out
    assert integris.register.height - arbor.register.height == 212
    one, two = resolve_roll(arbor.register).register, resolve_roll(integris.register).register
    assert one.height == two.height > 0
    assert one.select(SAME).equals(two.select(SAME))
    assert integris.register.get_column("school").unique().to_list() == ["Oakfield Academy"]
    assert any("footer row 'Totals' skipped" in w for w in integris.warnings)
    # Arbor's sub-codes are mapped to their parent code.
    raw_i01 = arbor.register.filter(arbor.register["raw_mark"] == "I01")
    assert raw_i01.height == 0 or set(raw_i01["mark"]) == {"I"}


def test_examples_auto_detected():
    result = load_registers([ARBOR, INTEGRIS], preset=None)
    assert [f.shape for f in result.files] == ["long", "wide"]
    # The same sessions in both files, with the same marks: all de-duplicated; the wide
    # file's blank cells (no mark) are rows of their own until resolved.
    resolved = resolve_roll(result.register).register
    assert resolved.height == resolve_roll(load_registers([ARBOR]).register).register.height
    # Integris names the school (a "School:" title line) and Arbor does not: one school
    assert result.register.get_column("school").unique().to_list() == ["Oakfield Academy"]
    assert [f.names_school for f in result.files] == [False, True]


def test_one_school_s_two_layouts_check_as_one_school():
    """The weekly check of the Arbor and the Integris export together is the check of
    either: the same 204 pupils, not the Arbor rows as a school with no name beside
    Oakfield Academy's."""
    import json

    from attcli.check import run_check
    from attcli.config import load_config
    from attcli.report_check import to_json

    cfg = load_config(EXPORTS.parent / "attcli.toml")
    both = json.loads(to_json(run_check([ARBOR, INTEGRIS], cfg)))["summary"]
    one = json.loads(to_json(run_check([ARBOR], cfg)))["summary"]
    assert both == one and one["pupils"] == 204 and one["bands"]["severe"] == 2
