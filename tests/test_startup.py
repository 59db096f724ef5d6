"""Start-up cost: a command imports only what it uses (issue 15, "lazy where it pays").

Every command line imports ``attcli.cli``, which registers every command: the letters,
the report and the pupil's record must not come with it, and ``check`` must not load the
libraries only other commands use (templates, charts, PDF, xlsx).  Counted by what is in
``sys.modules`` in a fresh interpreter, never timed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Only other commands use these: writing letters, charts, PDFs, xlsx input and output.
HEAVY = [
    "jinja2",
    "matplotlib",
    "typst",
    "fastexcel",
    "rich.progress",
    "filelock",  # only a run that writes the history locks it
    "xml.etree.ElementTree",  # only a workbook's reading (sweep fixedcost: 14 ms a run)
    "pydantic",  # Typer's own coercion, taken over by cli._coerce_without_pydantic
    "attcli.letters.run",
    "attcli.letters.templates",
    "attcli.contacts",
    "attcli.report.build",
    "attcli.report.html",
    "attcli.report.charts",
    "attcli.pupil_record",
    "attcli.certificate",
    "attcli.notices",
    "attcli.cme",
    "attcli.runs",
    "attcli.pdf",
]
#: xlsx output only (openpyxl brings numpy and Pillow when they are installed).
XLSX = ["openpyxl", "numpy", "PIL"]

PROBE = """
import json, sys
import attcli.cli
after_import = sorted(sys.modules)
if len(sys.argv) > 1:
    sys.argv = ["attcli", *sys.argv[1:]]
    try:
        attcli.cli.main()
    except SystemExit as exc:
        if exc.code:
            raise
print(json.dumps({"import": after_import, "run": sorted(sys.modules)}))
"""


def loaded(*args: str, cwd: Path) -> dict[str, list[str]]:
    """The modules loaded by ``import attcli.cli`` and then by ``attcli ARGS`` run in the
    same fresh interpreter (as the ``attcli`` script does)."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def tiny_export(path: Path) -> Path:
    """Two pupils, two weeks: A present throughout, B absent unauthorised every day (so
    the check has a pupil to flag, with evidence)."""
    import datetime as dt

    from builders import school_days

    lines = ["UPN,Legal Surname,Legal Forename,Year,Registration Form,Date,Session,Mark"]
    for upn, mark in (("A100000000001", "/"), ("B100000000002", "O")):
        for day in school_days(dt.date(2026, 9, 7), 10):
            for session in ("AM", "PM"):
                lines.append(f"{upn},Surname,Forename,Year 7,7A,{day:%d/%m/%Y},{session},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def check_json(tmp_path_factory) -> tuple[dict[str, list[str]], Path]:
    """Run once for the module: so before conftest's per-test workspace isolation, hence a
    workspace of its own, given with --workspace (never the developer's)."""
    where = tmp_path_factory.mktemp("startup")
    ws = where / "workspace"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Test School"\n', encoding="utf-8")
    export = tiny_export(where / "register.csv")
    out = where / "check.json"
    args = ["--workspace", str(ws), "check", str(export), "--format", "json", "-o", str(out)]
    return loaded(*args, cwd=where), out


def test_the_check_ran(check_json) -> None:
    _, out = check_json
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["summary"]["pupils"] == 2 and result["summary"]["needing_nothing"] == 1
    b = next(p for p in result["pupils"] if p["upn"] == "B100000000002")
    assert (b["possible"], b["unauthorised"], b["band"]) == (20, 20, "severe")


@pytest.mark.parametrize("module", HEAVY + XLSX)
def test_importing_the_cli_loads_no_command_internals(check_json, module: str) -> None:
    modules, _ = check_json
    assert module not in modules["import"]


@pytest.mark.parametrize("module", HEAVY)
def test_check_to_json_loads_nothing_it_does_not_use(check_json, module: str) -> None:
    modules, _ = check_json
    assert module not in modules["run"]


@pytest.mark.parametrize("module", XLSX)
def test_check_to_json_loads_no_xlsx_writer(check_json, module: str) -> None:
    modules, _ = check_json
    assert module not in modules["run"]


def test_a_small_schools_year_loads_no_numpy(tmp_path) -> None:
    """A register of a few MB (here 100 pupils, a year: 39,000 rows, 2.2 MB) is counted in
    the pass over the file without numpy (by Polars over the file's memory since sweep
    fixed2k), and no later step of so small a register uses numpy: the check never pays
    for loading it (issue 15; a file of MBs loaded it before)."""
    import datetime as dt

    from builders import school_days

    lines = ["UPN,Legal Surname,Legal Forename,Year,Registration Form,Date,Session,Mark"]
    days = school_days(dt.date(2026, 9, 7), 195)
    for i in range(100):
        upn = f"A{100000000000 + i}"
        for day in days:
            for session in ("AM", "PM"):
                lines.append(f"{upn},Surname,Forename,Year 7,7A,{day:%d/%m/%Y},{session},/")
    export = tmp_path / "register.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from attcli.loaders import _source

    assert export.stat().st_size > 2 * _source._SMALL  # chunks that numpy counted before
    ws = tmp_path / "workspace"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Test School"\n', encoding="utf-8")
    out = tmp_path / "check.json"
    args = ["--workspace", str(ws), "check", str(export), "--format", "json", "-o", str(out)]
    modules = loaded(*args, cwd=tmp_path)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["pupils"] == 100
    assert "numpy" not in modules["run"]


#: the probe with the check's large-register steps forced on a small register, each noted
#: when it runs its large-register way
LARGE = """
import polars as pl
from attcli import engine, loaders
loaders._TICK_MIN_ROWS = engine.GRID_MIN_ROWS = 0
ran = []
def noted(what, real, kept=lambda got: True):
    def call(*a, **k):
        got = real(*a, **k)
        if kept(got):
            ran.append(what)
        return got
    return call
pl.Series.scatter = noted("ticks or grid", pl.Series.scatter)
engine._days_on_grid = noted("grid", engine._days_on_grid, lambda got: got is not None)
import atexit, json
atexit.register(lambda: print(json.dumps(sorted(set(ran)))))
""" + PROBE


def test_the_sessions_ticks_and_the_days_grid_load_no_numpy(tmp_path) -> None:
    """Two steps only a large register takes (the sessions ticked off in a table, the days
    read off a grid) each loaded numpy, 0.08-0.12 s of a 2,000-pupil check's CPU (sweep
    fixed2k): forced here on a small register, they run and load no numpy.  (The pass over
    the file is counted by numpy's view of its bytes only for a file over 128 MB, which a
    small school's export is not.)"""
    ws = tmp_path / "workspace"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Test School"\n', encoding="utf-8")
    export = tiny_export(tmp_path / "register.csv")
    out = tmp_path / "check.json"
    args = ["--workspace", str(ws), "check", str(export), "--format", "json", "-o", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", LARGE, *args], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    *_, modules, ran = proc.stdout.splitlines()
    assert json.loads(ran) == ["grid", "ticks or grid"]
    assert "numpy" not in json.loads(modules)["run"]
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["pupils"] == 2


def test_polars_is_loaded(check_json) -> None:
    """The probe sees real imports: polars, which the check needs, is there."""
    modules, _ = check_json
    assert "polars" in modules["import"] and "attcli.engine" in modules["run"]


@pytest.mark.parametrize(
    "package, names",
    [
        ("attcli.letters", ["run_letters", "load_contacts", "History", "next_notice"]),
        ("attcli.report", ["build_report", "read_pupils", "settings_from"]),
        ("attcli.pupil", ["pupil_record", "certificate_data", "certificate_pdf"]),
    ],
)
def test_packages_still_export_their_names_on_first_use(package: str, names: list[str]) -> None:
    import importlib

    mod = importlib.import_module(package)
    assert set(names) <= set(mod.__all__)
    for name in mod.__all__:
        assert getattr(mod, name).__name__ == name
    with pytest.raises(AttributeError, match=f"module '{package}' has no attribute 'nope'"):
        mod.nope  # noqa: B018


@pytest.mark.parametrize("preset", [None, "dirty_decay_ms:5000"])
def test_the_command_sets_the_allocator_before_polars_loads_and_keeps_a_users_own(preset):
    """Issue 15: Polars' allocator reads ``_RJEM_MALLOC_CONF`` once, when Polars is first
    loaded.  The command's entry point (the console script and ``python -m attcli``) sets
    it before it imports anything that imports Polars, so that memory a step frees goes
    back to the system (the later steps at 100,000 pupils 3.2-3.4 GB, not 4.6 GB); a value already set
    is the user's.  A library user's process is left as it is.  The same for the engine of
    a lazy query that names none (``POLARS_ENGINE_AFFINITY``: in memory)."""
    import os

    from attcli.entry import ALLOCATOR, ENGINE

    probe = (
        "import os, sys\n"
        "import attcli, attcli.entry\n"
        "library = os.environ.get('_RJEM_MALLOC_CONF'), os.environ.get('POLARS_ENGINE_AFFINITY')\n"
        "sys.argv = ['attcli', '--version']\n"
        "try:\n"
        "    attcli.entry.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(*library)\n"
        "print(os.environ.get('POLARS_ENGINE_AFFINITY'))\n"
        "print(os.environ.get('_RJEM_MALLOC_CONF'))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("_RJEM_MALLOC_CONF", "POLARS_ENGINE_AFFINITY")
    }
    if preset is not None:
        env["_RJEM_MALLOC_CONF"] = preset
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    *_, library, engine, setting = out.stdout.strip().splitlines()
    assert library == f"{preset} None"  # importing attcli changes nothing
    assert engine == ENGINE == "in-memory"  # and the command's lazy queries run in memory
    # Polars puts its own defaults first and what was set after them: the last of each wins
    effective = dict(o.split(":", 1) for o in setting.split(","))
    wanted = dict(o.split(":", 1) for o in (preset or ALLOCATOR).split(","))
    assert {k: effective[k] for k in wanted} == wanted
    assert (effective["muzzy_decay_ms"] == "0") is (preset is None)
    order = [line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line]
    assert order.index("attcli.entry") < order.index("polars")


@pytest.mark.parametrize("preset", [None, "1"])
def test_the_command_turns_numpy_s_huge_pages_off_before_numpy_loads_and_keeps_a_users_own(
    preset,
):
    """Issue 15: numpy reads ``NUMPY_MADVISE_HUGEPAGE`` once, when it is imported; the
    command's entry point sets it to 0 (no huge pages: a kernel stall each large array,
    docs/decisions.md) before anything imports numpy, a user's own value kept; a library
    user's process is left as it is."""
    import os

    probe = (
        "import os, sys\n"
        "import attcli, attcli.entry\n"
        "library = os.environ.get('NUMPY_MADVISE_HUGEPAGE')\n"
        "sys.argv = ['attcli', '--version']\n"
        "try:\n"
        "    attcli.entry.run()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('numpy' in sys.modules, library)\n"
        "try:\n"
        "    import numpy._core.multiarray as m\n"
        "except ImportError:  # (numpy 1)\n"
        "    import numpy.core.multiarray as m\n"
        "print(os.environ.get('NUMPY_MADVISE_HUGEPAGE'), m._get_madvise_hugepage())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if preset is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = preset
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    *_, before, after = out.stdout.strip().splitlines()
    assert before == f"False {preset}"  # numpy not yet loaded; importing attcli changes nothing
    assert after == ("0 False" if preset is None else f"{preset} True")


def _console(args: list[str], extra: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m attcli ARGS`` with ``extra`` run first (a hook to see what the exit
    skips): the console's own process, as a user's shell starts it."""
    probe = (
        "import sys, runpy\n"
        f"{extra}\n"
        f"sys.argv = ['attcli', *{args!r}]\n"
        "runpy.run_module('attcli', run_name='__main__')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )


def test_the_command_leaves_without_tearing_the_interpreter_down() -> None:
    """Issue 15: freeing every module and object at exit took 0.08-0.1 s of a
    2,000-pupil check (1.03 s -> 0.93 s), work no one sees.  The console's process ends
    once its output is flushed and the exit handlers have run (a font folder's removal
    is one), with the command's own exit status: a finaliser that only the interpreter's
    teardown would run never runs."""
    hook = (
        "import atexit\n"
        "atexit.register(lambda: print('exit handlers ran', flush=True))\n"
        "class Torn:\n"
        "    def __del__(self):\n"
        "        print('torn down', flush=True)\n"
        "sys.modules['__torn__'] = Torn()\n"
    )
    ok = _console(["--version"], hook)
    assert ok.returncode == 0, ok.stderr
    assert "attcli" in ok.stdout and "exit handlers ran" in ok.stdout
    assert "torn down" not in ok.stdout
    bad = _console(["check", "no-such-file.csv", "--config", "no-such.toml"], hook)
    assert bad.returncode == 1 and bad.stderr.strip().splitlines()[-1].startswith("error:")
    assert "exit handlers ran" in bad.stdout and "torn down" not in bad.stdout


#: The pupil's record uses the pupil record and its history, not these: the letters, the
#: report, the CME list, the runs' sentences (loaded only for a part-time run to say).
NOT_FOR_THE_RECORD = [
    "matplotlib",
    "typst",
    "attcli.letters.run",
    "attcli.report.build",
    "attcli.report.charts",
    "attcli.cme",
    "attcli.runs",
    "attcli.pdf",
]


@pytest.fixture(scope="module")
def record_run(tmp_path_factory) -> dict[str, list[str]]:
    """``attcli pupil B100000000002`` on the tiny export, once for the module (a workspace
    of its own, as :func:`check_json`'s)."""
    where = tmp_path_factory.mktemp("startup-record")
    ws = where / "workspace"
    ws.mkdir()
    (ws / "attcli.toml").write_text('[school]\nname = "Test School"\n', encoding="utf-8")
    export = tiny_export(where / "register.csv")
    return loaded("--workspace", str(ws), "pupil", "B100000000002", str(export), cwd=where)


@pytest.mark.parametrize("module", NOT_FOR_THE_RECORD)
def test_the_pupil_record_loads_nothing_it_does_not_use(record_run, module: str) -> None:
    """The record loaded ``attcli.runs`` for every pupil (its part-time line), where the
    check loads it only when a part-time run is to be said (sweep leftovers13)."""
    assert "attcli.pupil_record" in record_run["run"]
    assert module not in record_run["run"]
