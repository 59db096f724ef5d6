"""attcli on an office PC running Windows, simulated on Linux (sweep of 4 December,
windows): files another program holds, a trust's school keys as Windows names files,
inputs saved by Windows programs."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"


def _held(monkeypatch: pytest.MonkeyPatch, held: Path) -> None:
    """``held`` cannot be opened, as on Windows when another program holds it without
    sharing it (a sync client, a copy under way, a file under a folder the user may not
    read): PermissionError, errno 13."""
    real_open, real_os_open = builtins.open, os.open

    def refused(path: object) -> bool:
        return isinstance(path, (str, os.PathLike)) and Path(os.fspath(path)) == held

    def open_(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def os_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: open_(self, "rb").read())


def test_a_summary_that_cannot_be_read_is_said_not_taken_for_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a school's summary another program holds (or one the officer may not read) was
    # "an export, and attcli.toml has no [schools.KEY] sections": the trust's config blamed
    summary = tmp_path / "oakfield.summary.json"
    code, _, err = run_cli(
        "summary", EXPORTS / "arbor_autumn_2026.csv", "-c", CONFIG, "--as-of", "2026-10-16",
        "-o", summary,
    )  # fmt: skip
    assert code == 0, err
    _held(monkeypatch, summary)
    code, out, err = run_cli(
        "report", "--trust", summary, "-c", CONFIG, "-o", tmp_path / "trust.html"
    )
    assert code == 1, err
    assert "an export" not in err and "[schools" not in err
    assert str(summary) in err and "cannot read it" in err, err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "trust.html").exists()
