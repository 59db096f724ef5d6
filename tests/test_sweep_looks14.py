"""Sweep looks14: what a person sees of this round's new outputs (docs/decisions.md,
"sweep of 6 December (eighth), looks14")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.clirun import run_cli
from tests.school import ROLLOVER_HALF_TERMS, make_workspace

D = dt.date
HEADER = "UPN,Surname,Forename,Date of Birth,Year,Registration Form,Date,Session,Mark"


def _export(path: Path, marks: dict[tuple[D, str], str], last: D) -> Path:
    """Pupil A, born 30/08/2021 (of compulsory school age from 31 August 2026), and B,
    present throughout, from Mon 6 July to Fri 17 July and from Thu 3
    September 2026 to ``last``: A present but for ``marks``."""
    days = [
        d
        for a, b in ((D(2026, 7, 6), D(2026, 7, 17)), (D(2026, 9, 3), last))
        for d in (a + dt.timedelta(days=i) for i in range((b - a).days + 1))
        if d.weekday() < 5
    ]
    out = [HEADER]
    for upn in ("A", "B"):
        for d in days:
            for s in ("AM", "PM"):
                m = marks.get((d, s), "/") if upn == "A" else "/"
                born = "30/08/2021" if upn == "A" else "01/10/2014"
                out.append(f"{upn},Sur{upn},Fore{upn},{born},Reception,RA,{d:%d/%m/%Y},{s},{m}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_group_left_by_a_final_code_changed_is_not_put_to_the_thresholds(
    tmp_path: Path,
) -> None:
    """The run as of Fri 18/09/2026 flagged A for the penalty-notice threshold (10 in 10
    school weeks): 10 `O` from Mon 7/09 AM (their N on Fri 17/07 AM, before compulsory
    school age, counts in no window, nor in this school year's figures). A week later
    the MIS gives the N as `/` (a correction of last school year's session, which moves
    no figure of then) and Mon 7/09 AM as `/` (a final code changed, DOMAIN.md 12): as
    of 18/09 the window holds 9 and the school year's unauthorised 9. The thresholds are
    those of the run (the same config): A left the group by the register of then
    changed, said so with its figure, not "the thresholds changed since" (oracle5's seed
    9175, oracle9's left)."""
    config = make_workspace(tmp_path, ROLLOVER_HALF_TERMS)
    os = [(D(2026, 9, 7), "AM"), (D(2026, 9, 7), "PM"), (D(2026, 9, 8), "AM"),
          (D(2026, 9, 8), "PM"), (D(2026, 9, 9), "AM"), (D(2026, 9, 9), "PM"),
          (D(2026, 9, 10), "AM"), (D(2026, 9, 10), "PM"), (D(2026, 9, 11), "AM"), (D(2026, 9, 11), "PM")]  # fmt: skip
    week1 = {(D(2026, 7, 17), "AM"): "N"} | dict.fromkeys(os, "O")
    week2 = dict.fromkeys(os[1:], "O")
    last = _export(tmp_path / "w1.csv", week1, D(2026, 9, 18))
    now = _export(tmp_path / "w2.csv", week2, D(2026, 9, 25))
    code, out, err = run_cli(
        "check", last, "--config", config, "--as-of", "2026-09-18", "--record", "--format", "json"
    )
    assert code == 0, err
    a = next(p for p in json.loads(out)["pupils"] if p["upn"] == "A")
    assert "pn" in a["groups"] and a["pn_window_sessions"] == 10
    code, out, err = run_cli("check", now, "--config", config, "--as-of", "2026-09-25", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    rows = {(c["kind"], c["detail"].split(":")[0]): c["detail"] for c in data["changes"] if c["upn"] == "A"}
    assert ("flag_corrected", "pn") in rows, "\n".join(f"{k}: {d}" for k, d in rows.items())
    assert "as of 18/09/2026 unauthorised 10 -> 9" in rows[("flag_corrected", "pn")]
    assert not any("thresholds changed" in d for d in rows.values())
    assert data.get("thresholds_note") is None


def test_a_contact_wrapped_at_80_columns_reads_under_its_name(tmp_path: Path) -> None:
    """The pupil record's contacts, read by the attendance officer at 80 columns: a
    council's line ("1. Westshire County Council (Local Authority), parental
    responsibility, does not live with the pupil, a local authority ...") wrapped back to
    the left edge, under the heading, reading as lines of their own beside the numbered
    items.  Each contact's wrapped part now hangs under its name, as the address does."""
    from test_sweep_lacla import _files

    export, contacts, config = _files(tmp_path)
    code, out, err = run_cli(
        "pupil", "CONN", export, "-c", config, "--as-of", "2026-09-30", "--contacts", contacts,
        width=80,
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    first = lines.index("Contacts: 2") + 1
    block = lines[first : first + next(
        (i for i, x in enumerate(lines[first:]) if not x.startswith(" ")), len(lines)
    )]  # fmt: skip
    assert block[0].startswith("  1. Westshire County Council (Local Authority)"), block
    assert all(x.startswith("     ") for x in block[1:] if not x.startswith("  2. ")), block
    assert max(map(len, block)) <= 80, block
    assert any(x.startswith("  2. Mr Finn Foster (Foster Carer)") for x in block), block
    said = " ".join(x.strip() for x in block)
    assert (
        "does not live with the pupil, a local authority (the pupil is looked after): not "
        "written to as a parent, nor named in a penalty notice County Hall, Anytown"
    ) in said, said
