"""Render an `attcli report` HTML file in headless Chromium and save a screenshot.

Dev script (not part of the package).  Needs Debian's chromium, once:

    apt-get update && apt-get install -y chromium

Usage (from the repository root):

    python tools/screenshot_report.py                      # build from the examples, shoot
    python tools/screenshot_report.py --html report.html   # shoot an existing report
    python tools/screenshot_report.py --out docs/report-screenshot.png --height 2400

Without ``--html`` it builds a report from ``examples/exports/arbor_autumn_2026.csv`` (and
``examples/exports/pupils.csv`` when present), or, when the examples are missing, from a
made-up school of 300 pupils, with national figures for autumn 2025 configured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

EXAMPLE = ROOT / "examples" / "exports" / "arbor_autumn_2026.csv"
PUPILS = ROOT / "examples" / "exports" / "pupils.csv"
CONFIG = """
[school]
name = "Oakfield Academy"

[report]
min_cohort = 5

[report.national]
attendance_pct = 93.1
pa_rate = 17.8
sa_rate = 2.3
source = "Illustrative figures only, not published statistics: put the DfE's latest figures here"
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium not found: apt-get update && apt-get install -y chromium")


def made_up_register():  # noqa: ANN201
    """300 pupils, years 7-11, autumn 2026 with a half-term holiday; attributes included."""
    import polars as pl

    from attcli.codes import classify_marks
    from attcli.register import ATTRIBUTE_COLUMNS, CORE_SCHEMA, PROVENANCE_SCHEMA

    rng = random.Random(7)
    days, d = [], dt.date(2026, 9, 3)
    while d <= dt.date(2026, 12, 11):
        if d.weekday() < 5 and not dt.date(2026, 10, 26) <= d <= dt.date(2026, 10, 30):
            days.append(d)
        d += dt.timedelta(days=1)
    surnames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
                "Patel", "Khan", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Ali"]  # fmt: skip
    forenames = ["Olivia", "Noah", "Amelia", "Muhammad", "Isla", "George", "Ava", "Leo",
                 "Freya", "Oscar", "Mia", "Arthur", "Zara", "Harry", "Ivy", "Jack"]  # fmt: skip
    rows = []
    for i in range(300):
        year = 7 + i % 5
        reg = f"{year}{'ABC'[i // 5 % 3]}"
        fsm = rng.random() < 0.25
        sen = rng.choices(["N", "K", "E"], [0.82, 0.14, 0.04])[0]
        base = rng.betavariate(40, 1.3) - (0.03 if fsm else 0) - (0.04 if sen != "N" else 0)
        base -= 0.004 * (year - 7)
        drift = -rng.choice([0.04, 0.08, 0.15]) if rng.random() < 0.12 else 0
        attrs = {
            "gender": rng.choice(["F", "M"]),
            "sen": sen,
            "fsm": fsm,
            "pupil_premium": fsm or rng.random() < 0.06,
            "eal": rng.random() < 0.15,
            "cla": i in (17, 123, 250),
        }
        for day in days:
            p = base + (drift if day >= dt.date(2026, 11, 2) else 0)
            p -= 0.02 if day.weekday() == 4 else 0  # Fridays are worse
            for session in ("AM", "PM"):
                q = p - (0.01 if session == "PM" else 0)
                if rng.random() < q:
                    mark = "L" if rng.random() < 0.03 else ("/" if session == "AM" else "\\")
                else:
                    mark = rng.choices(["I", "M", "N", "O", "G"], [0.55, 0.1, 0.2, 0.1, 0.05])[0]
                rows.append({
                    "school": None, "upn": f"A{100000000000 + i}", "surname": rng.choice(surnames)
                    if False else surnames[i % 16], "forename": forenames[(i * 7) % 16],
                    "dob": dt.date(2026 - year - 5, 1 + i % 12, 1), "year_group": str(year),
                    "reg_group": reg, "date": day, "session": session, "raw_mark": mark,
                    "source": "made-up", "line": len(rows) + 2, **attrs,
                })  # fmt: skip
    schema = {k: v for k, v in {**CORE_SCHEMA, **ATTRIBUTE_COLUMNS, **PROVENANCE_SCHEMA}.items()
              if k not in ("mark", "category")}  # fmt: skip
    frame = classify_marks(pl.DataFrame(rows, schema=schema))
    return frame.select(*CORE_SCHEMA, *ATTRIBUTE_COLUMNS, *PROVENANCE_SCHEMA)


def build_html(path: Path) -> None:
    from attcli.config import parse_config
    from attcli.report import build_report, read_pupils
    from attcli.report.html import render_html

    config = parse_config(CONFIG)
    pupils = None
    if EXAMPLE.exists():
        from attcli.loaders import load_registers

        register = load_registers(
            [EXAMPLE], columns=config.columns, subcodes=config.subcodes
        ).register
        if PUPILS.exists():
            pupils = read_pupils(PUPILS)
        print(f"report from {EXAMPLE.relative_to(ROOT)}", file=sys.stderr)
    else:
        register = made_up_register()
        print("examples missing: report from a made-up school", file=sys.stderr)
    report = build_report(register, config, pupils=pupils)
    path.write_text(render_html(report), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, help="report to shoot (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "report-screenshot.png")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2400)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        html = args.html
        if html is None:
            html = Path(tmp) / "report.html"
            build_html(html)
        profile = Path(tmp) / "profile"
        cmd = [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--hide-scrollbars",
            f"--screenshot={args.out.resolve()}", f"--window-size={args.width},{args.height}",
            html.resolve().as_uri(),
        ]  # fmt: skip
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
