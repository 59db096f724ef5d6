"""Sweep leftovers6: small things the sixth round's sweeps noticed and left.

Each test works its right answer out by hand from DOMAIN.md or the policies.
"""

from __future__ import annotations

from clirun import run_cli
from test_trust_report_exports import text_of, trust


def test_the_trust_report_s_legacy_note_gives_its_date_as_dd_mm_yyyy(tmp_path):
    """Ash's export holds `H` on Monday 7 September 2026 AM (a legacy code, out of use from
    19/08/2024, DOMAIN.md 1: counted as authorised and said).  The trust report's note said
    "... all recorded on or after 19 August 2024: to recode in the MIS", where every other
    date in its notes (and the check's own line of the same code) is 19/08/2024."""
    config, a, b = trust(tmp_path)
    lines = a.read_text(encoding="utf-8").splitlines()
    assert lines[1].endswith("07/09/2026,AM,/")
    lines[1] = lines[1][:-1] + "H"
    a.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", a, b, "-c", config, "-o", out, width=2000)
    assert code == 0, err
    text = text_of(out)
    assert (
        "Ash Primary School: legacy codes (no longer in use) counted as they counted when in "
        "use: H on 1 session, as authorised, all recorded on or after 19/08/2024: to recode "
        "in the MIS"
    ) in text
    assert "August 2024" not in text
