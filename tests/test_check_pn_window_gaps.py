"""A penalty-notice window the exports do not wholly cover (a reviewer's gapg.csv: G every
Monday, no export for the week 06/10-10/10/2025 inside the window 06/10-19/12/2025).  The
evidence pack refuses it ("no register for the week ..."), and a local authority returns a
request whose window holds missing marks (DOMAIN.md 5); the check said only "consider a
notice".  The window's school days no export covers are said as its N, missing marks and
sessions with no register are, by the one coverage the pack reads (attcli.quality.
window_missing), and the group's and the pupil record's action advise no notice while the
window holds any of them (attcli.check.pn_window_n_action).

Hand-made registers (tests/builders.py), Autumn 2026, [penalty_notice] weeks = 3:
  week 1 Mon 7 - Fri 11 Sep, week 2 14-18 Sep (no export), week 3 21-25, week 4 28 Sep-2 Oct.
As of Fri 2 Oct the window is the 3 school weeks 14/09/2026 to 02/10/2026, of which the 5
school days 14/09-18/09 are in no export.
  GIL: present in week 1, G every session of week 3 (10), present in week 4: 10
       unauthorised sessions in the window, the threshold met; 15 days held, 30 possible,
       20 attended (66.7 %), enough for a band were the data complete.
  FINE: present every session held.
"""

from __future__ import annotations

import datetime as dt

from attcli.check import check_register
from attcli.config import parse_config
from attcli.pupil import pupil_record
from builders import across, register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace
from test_missing_session import EV_AS_OF, EV_MARKS, EV_START, _ev_config

D = dt.date
P = "/\\"
PN3 = AUTUMN_HALF_TERMS + "\n[penalty_notice]\nweeks = 3\n"
CONFIG = parse_config(PN3)
AS_OF = D(2026, 10, 2)
GAPPED = across(
    (D(2026, 9, 7), {"GIL": " ".join([P] * 5), "FINE": " ".join([P] * 5)}),
    (D(2026, 9, 21), {"GIL": " ".join(["G"] * 5 + [P] * 5), "FINE": " ".join([P] * 10)}),
)
LA = " before a notice (a local authority returns a request whose window holds missing marks)"
GENERAL = (
    "complete the window first (each pupil's reason says what it holds): no notice while "
    "the window holds N, missing marks, a session with no register, days no export covers or a "
    "mark on a stray day"
)


def test_the_penalty_notice_reason_says_the_window_s_days_no_export_covers():
    result = check_register(GAPPED, CONFIG, as_of=AS_OF)
    got = dict(result.members("pn").select("upn", "reason_pn").rows())
    assert list(got) == ["GIL"]
    assert got["GIL"].startswith(
        "10 unauthorised sessions in the 3 school weeks 14/09/2026 to 02/10/2026"
    ), got["GIL"]
    assert got["GIL"].endswith(
        "; the window holds 5 school days no export covers (14/09/2026 to 18/09/2026): "
        f"export their register{LA}"
    ), got["GIL"]
    # the whole group's windows are not complete: no notice advised
    assert result.action_for("pn") == GENERAL


def test_a_session_with_no_register_in_the_window_advises_no_notice_too(tmp_path):
    # AMY (test_missing_session): 10 G in the window 07/09-25/09/2026, which holds Wed 23
    # PM, in no export; her reason says export it "before a notice", so the action does too
    cfg = parse_config(PN3)
    amy = {k: EV_MARKS[k] for k in ("AMY", "BEN")}
    result = check_register(register(amy, start=EV_START), cfg, as_of=EV_AS_OF)
    assert result.action_for("pn") == GENERAL
    # the pupil record says what the group says, for the one pupil
    rec = pupil_record(register(amy, start=EV_START), _ev_config(tmp_path), "AMY", as_of=EV_AS_OF)
    (flag,) = [f for f in rec.flags if f.title.startswith("Penalty")]
    assert flag.action == (
        "complete the window first (the reason says what it holds): no notice while the "
        "window holds N, missing marks, a session with no register, days no export covers or "
        "a mark on a stray day"
    )


def test_the_pupil_record_says_the_band_is_withheld_for_the_missing_week(tmp_path):
    # GIL has 30 possible sessions (more than the 10 a band needs): the band is withheld
    # because the exports miss week 2, as the check's "no band (incomplete data)" says
    ws = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    text = ws.read_text(encoding="utf-8")
    ws.write_text(text.replace("weeks = 10    #", "weeks = 3    #", 1), encoding="utf-8")
    export = write_long_csv(GAPPED, tmp_path / "export.csv", dob=True)
    code, out, err = run_cli("pupil", "GIL", export, "-c", ws, "--as-of", "2026-10-02", width=200)
    assert code == 0, err
    said = " ".join(out.split())
    assert "fewer than 10 possible sessions" not in said
    assert (
        "Band: none (the exports miss the week 14/09/2026 to 18/09/2026: no band on "
        "incomplete data)"
    ) in said, said
    assert "action: " + GENERAL.replace("each pupil's reason", "the reason") in said
