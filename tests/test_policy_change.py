"""The school's policy changed between two runs (docs/decisions.md, "Thresholds changed
since the run"): a band or lateness flag the new thresholds moved is said so, not as the
pupil's attendance falling.

The registers are hand made (tests/builders.py), from Monday 7 September 2026 (d25 = Fri
9 Oct, the run recorded with green from 92 % and lateness from 4 lates; d30 = Fri 16 Oct,
the check after the config moved green to 95 % and lateness to 3 lates).
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from builders import register, write_long_csv
from clirun import run_cli
from school import AUTUMN_HALF_TERMS, make_workspace

P = "/\\"
LATE = "L\\"


def days(*parts: tuple[int, str]) -> str:
    return " ".join(tok for n, tok in parts for _ in range(n))


#: Worked by hand (then: d1-d25, 50 sessions; now: d1-d30, 60 sessions):
#: OLLY ill d1-d2: 46/50 = 92.0 % then (green under 92: 4600 >= 4600; amber under 95:
#:   4600 < 4750, > 4500), 56/60 = 93.3 % now (amber under 95: 5600 < 5700): rose.
#: MIA as OLLY then; ill d26-d27 too: 52/60 = 86.7 % now (red under either: 5200 <= 5400).
#: FRED present then (50/50), 5 sessions ill d26-d28: 55/60 = 91.7 % (amber under either).
#: LEO late d1-d3: 3 lates then and now (not in the lateness group under 4, in it under 3).
#: LILY late d1-d2 and d26: 2 then, 3 now.  ANNA present throughout.
PUPILS = {
    "OLLY": days((2, "I"), (28, P)),
    "MIA": days((2, "I"), (23, P), (2, "I"), (3, P)),
    "FRED": days((25, P), (2, "I"), (1, "/I"), (2, P)),
    "LEO": days((3, LATE), (27, P)),
    "LILY": days((2, LATE), (23, P), (1, LATE), (4, P)),
    "ANNA": days((30, P)),
}


def check(config: Path, exp: Path, as_of: str, *args: str) -> tuple[str, str]:
    code, out, err = run_cli("check", exp, "-c", config, "--as-of", as_of, *args, width=200)
    assert code == 0, err
    return out, err


def test_bands_and_flags_the_new_thresholds_moved_are_said_so(tmp_path: Path) -> None:
    config = make_workspace(tmp_path / "ws", AUTUMN_HALF_TERMS)
    reg = register(PUPILS)
    run = write_long_csv(reg.filter(pl.col("date") <= pl.date(2026, 10, 9)),
                         tmp_path / "to_0910.csv", dob=True)  # fmt: skip
    check(config, run, "2026-10-09", "--record")
    text = config.read_text(encoding="utf-8")
    text = text.replace('name = "green"\nat_least = 92', 'name = "green"\nat_least = 95', 1)
    text = text.replace("threshold = 4    # lates", "threshold = 3    # lates", 1)
    config.write_text(text, encoding="utf-8")
    now = write_long_csv(reg, tmp_path / "to_1610.csv", dob=True)
    out, _ = check(config, now, "2026-10-16", "--format", "json")
    doc = json.loads(out)
    assert [(c["upn"], c["kind"], c["detail"]) for c in doc["changes"]] == [
        ("FRED", "band_down", "green -> amber"),
        ("MIA", "band_down", "amber -> red: attendance fell (92.0 % then, 86.7 % now), "
         "after the thresholds moved green -> amber"),
        ("MIA", "band_rule", "green -> amber: the thresholds changed (92.0 % then is amber "
         "by today's); then their attendance: amber -> red"),
        ("OLLY", "band_rule", "green -> amber: the thresholds changed (92.0 % then, 93.3 % "
         "now)"),
        ("LILY", "flag_raised", "lates"),
        ("LEO", "flag_rule", "lates: 3 lates in the half term as of 09/10/2026 reach "
         "today's threshold (3+), and that check did not flag them: the threshold changed "
         "(or a late mark was entered since)"),
    ]  # fmt: skip
    note = (
        "the band thresholds changed since the check recorded as of 09/10/2026 (attcli.toml): 1 "
        "pupil's band moved with them: by today's thresholds they were in that band then "
        "too (each line gives both figures), and 1 pupil's with both "
        "(a row for each cause); 1 pupil is in the lateness group by today's threshold "
        "with the lates of then (the threshold changed, or a late mark was entered since)"
    )
    assert doc["compared_with_run"]["thresholds_note"] == note
    out, _ = check(config, now, "2026-10-16")
    flat = " ".join(out.split())
    assert "T" + note[1:] in flat  # (a sentence of its own, at the head of the changes)
    assert "Changed since the check as of 09/10/2026" in flat
    assert ": 6 (3 by the thresholds)" in flat
    assert "│ OLLY │ band moved by the thresholds │" in flat
    assert "│ LEO │ lateness flag by the threshold │" in flat
