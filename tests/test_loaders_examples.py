"""The example exports in examples/exports (made by tools/generate_exports.py) load, and the
Arbor (long CSV) and Integris (wide xlsx) versions of the same term give the same register."""

from __future__ import annotations

from pathlib import Path

import pytest

from attcli.loaders import load_registers

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
    arbor = load_registers([ARBOR], preset="arbor")
    integris = load_registers([INTEGRIS], preset="integris")
    assert arbor.files[0].shape == "long"
    assert integris.files[0].shape == "wide"
    assert arbor.register.height == integris.register.height > 0
    assert arbor.register.select(SAME).equals(integris.register.select(SAME))
    assert integris.register.get_column("school").unique().to_list() == ["Oakfield Academy"]
    assert any("footer row 'Totals' skipped" in w for w in integris.warnings)
    # Arbor's sub-codes are mapped to their parent code.
    raw_i01 = arbor.register.filter(arbor.register["raw_mark"] == "I01")
    assert raw_i01.height == 0 or set(raw_i01["mark"]) == {"I"}


def test_examples_auto_detected():
    result = load_registers([ARBOR, INTEGRIS], preset=None)
    assert [f.shape for f in result.files] == ["long", "wide"]
    # The same sessions in both files, with the same marks: all de-duplicated.
    assert result.register.height == result.files[0].sessions
