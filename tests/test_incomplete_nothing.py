"""A check of exports that miss part of the period gives no pupil a band (DOMAIN.md 2), so
its pupils in no group are not pupils who "need nothing": the closing line says what it
can, never "202 need nothing this week" from one week of a school year."""

from __future__ import annotations

import shutil
from pathlib import Path

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]


def _check(tmp_path: Path, *args: str) -> str:
    shutil.copytree(ROOT / "examples", tmp_path / "ex")
    code, out, err = run_cli("check", *args, "--config", tmp_path / "ex" / "attcli.toml")
    assert code == 0, err
    return " ".join((out + err).split())


def test_a_one_week_export_does_not_say_its_pupils_need_nothing(tmp_path):
    # the first week of the spring term alone: 202 pupils, none with a band
    text = _check(tmp_path, str(ROOT / "examples/exports/weekly/arbor_2027-01-08.csv"))
    assert "no band (incomplete data) 202" in text
    assert "need nothing" not in text
    assert (
        "202 pupils checked; 202 in no group on these exports, which miss part of the "
        "period: no band could be given, so this is not a sign that none needs action."
    ) in text


def test_exports_covering_the_period_still_say_who_needs_nothing(tmp_path):
    text = _check(tmp_path, str(ROOT / "examples/exports/arbor_autumn_2026.csv"),
                  "--as-of", "2026-11-20")  # fmt: skip
    assert "204 pupils checked; 161 need nothing this week." in text
