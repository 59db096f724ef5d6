"""Every test runs with no school workspace of its own: no ATTCLI_WORKSPACE, and a per-user
folder (attcli's workspace of last resort) that is empty and the test's own, so a
developer's real workspace can never leak into a test or be written by one."""

from __future__ import annotations

import compileall
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from attcli.entry import ENGINE

# Polars' engine for a lazy query that names none, as the command sets it (attcli.entry;
# Polars reads it once, when first loaded, which is after this file in every worker and
# every subprocess): the suite runs what the command runs, and its many small registers
# do not pay the streaming engine's start on each query (a sixth of the suite's time).
os.environ.setdefault("POLARS_ENGINE_AFFINITY", ENGINE)

# The property tests judge answers, not speed: on a shared machine under load one draw
# can take seconds (a "too slow" health check failed a run once, 3 December), so neither
# the health check of slow generation nor a per-example deadline applies.
settings.register_profile("attcli", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("attcli")


SLOW = Path(__file__).with_name("slow.txt")


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        help="also run the slow tests listed in tests/slow.txt (skipped by default)",
    )


def pytest_collection_modifyitems(config, items):
    """The tests listed in tests/slow.txt skipped, saying so, unless ``--all`` is given:
    the whole suite took 16 minutes of CI's 15 on 2 cores (7 December), its time spread
    thin over thousands of small runs; the heaviest quarter is kept for ``--all`` until
    it is made faster (docs/decisions.md, "The suite's time")."""
    if config.getoption("--all"):
        return
    slow = {
        line.strip()
        for line in SLOW.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    skip = pytest.mark.skip(reason="slow (tests/slow.txt): run with --all")
    for item in items:
        if item.nodeid in slow:
            item.add_marker(skip)


def pytest_configure(config):
    """attcli's modules compiled to bytecode once, before the workers start, as an install
    by pip compiles them: an editable install does not, and where PYTHONDONTWRITEBYTECODE is
    set (this project's CI machine) each of the suite's hundreds of ``python -m attcli``
    processes compiled every module it imported from source (a quarter of a subprocess
    test file's processor time).  Once, in the controlling process (not each xdist worker);
    a tree that cannot be written is left as it is."""
    if hasattr(config, "workerinput"):
        return
    import attcli

    compileall.compile_dir(Path(attcli.__file__).parent, quiet=2, workers=0)


@pytest.fixture(autouse=True)
def no_user_workspace(tmp_path_factory, monkeypatch):
    from attcli import workspace

    user = tmp_path_factory.mktemp("user-data")
    monkeypatch.delenv(workspace.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(user))  # subprocesses (Linux) see it too
    # the letters' fonts are unpacked into the user's cache: the session's own, not the
    # developer's (one for the whole session: unpacked once)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
    monkeypatch.setattr(workspace, "user_folder", lambda: user / "attcli")
    return user / "attcli"


@pytest.fixture(autouse=True)
def today_after_the_registers(monkeypatch):
    """The tests' registers are of 2026/27: "today" is after them whatever day the tests
    run (subprocesses see it too), so no run says its as-of date is in the future unless a
    test sets ATTCLI_TODAY itself."""
    from attcli import clock

    monkeypatch.setenv(clock.ENV_VAR, "2027-08-31")


@pytest.fixture(scope="session")
def example_report(tmp_path_factory) -> str:
    """The example school's report (HTML) as of Friday 4 December 2026, made once for the
    tests that read what a person sees in it (tests/test_sweep_looks2.py, _a11y.py)."""
    from pathlib import Path

    from clirun import as_in_a_test, run_cli

    examples = Path(__file__).resolve().parents[1] / "examples"
    tmp = tmp_path_factory.mktemp("example-report")
    (tmp / "attcli.toml").write_text(
        (examples / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    out = tmp / "report.html"
    # (a session fixture runs before the per-test set-up below: what it sets, set here)
    with as_in_a_test(tmp):
        code, _, err = run_cli(
            "report", examples / "exports" / "arbor_autumn_2026.csv",
            "--pupils", examples / "exports" / "pupils.csv",
            "--as-of", "2026-12-04", "--workspace", tmp, "-o", out,
        )  # fmt: skip
    assert code == 0, err
    return out.read_text(encoding="utf-8")
