"""Running ``attcli`` in the test process, exactly as a user's command line does."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path


def run_cli(
    *args: str | Path, width: int = 200, workspace_line: bool = False
) -> tuple[int, str, str]:
    """``attcli ARGS`` through :func:`attcli.cli.main`: (exit code, stdout, stderr).

    Tables are drawn ``width`` columns wide. ``main`` turns every exception into a
    message and an exit code, so one reaching the caller (with ``--debug``) is the test's
    to see.  The line saying which workspace a command used, which every command prints
    first on stderr, is left out of stderr unless ``workspace_line`` (the tests of the
    workspace itself, tests/test_workspace.py, keep it).
    """
    from attcli import cliutil
    from attcli.cli import main

    old_argv, widths = sys.argv, (cliutil.console.width, cliutil.err_console.width)
    cliutil.console.width = cliutil.err_console.width = width
    sys.argv = ["attcli", *map(str, args)]
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old_argv
        cliutil.console.width, cliutil.err_console.width = widths
    text = err.getvalue()
    if not workspace_line and text.startswith("workspace: "):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    return code, out.getvalue(), text


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    """``text`` written to ``tmp_path / name`` (UTF-8): a fixture export built by hand."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check_json(
    export: Path, *more: str | Path, as_of: str = "2026-09-08"
) -> tuple[int, dict | None, str]:
    """``attcli check EXPORT --format json``: (exit code, the JSON when it ran, stderr)."""
    import json

    code, out, err = run_cli("check", export, "--as-of", as_of, "--format", "json", *more)
    assert "Traceback" not in out + err
    return code, (json.loads(out) if code == 0 else None), err


def pupil_of(result: dict, upn: str) -> dict:
    """The pupil ``upn`` of a check's JSON."""
    return next(p for p in result["pupils"] if p["upn"] == upn)


def one_line(err: str) -> str:
    """The one line of ``err`` that is not blank (the test fails on more)."""
    lines = [x for x in err.strip().splitlines() if x.strip()]
    assert len(lines) == 1, err
    return lines[0]


@contextlib.contextmanager
def as_in_a_test(folder: Path):
    """What the conftest's autouse fixtures set for each test (no user workspace, "today"
    after the registers), for a module-scoped fixture that runs a command once for its
    tests to read (autouse fixtures are function-scoped: they have not run yet)."""
    import pytest

    from attcli import clock, workspace

    user = folder / "user-data"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(workspace.ENV_VAR, raising=False)
        mp.setenv("XDG_DATA_HOME", str(user))
        mp.setattr(workspace, "user_folder", lambda: user / "attcli")
        mp.setenv(clock.ENV_VAR, "2027-08-31")
        yield
