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
