"""attcli as a school installs it: a built wheel (not editable), in a fresh environment,
run from a folder that is not the repository (sweep of 4 December (fifth), packaging)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "attcli"


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def _name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503)."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement).group(1)  # type: ignore[union-attr]
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Every top-level module attcli's code imports that is not the standard library's
    or attcli's own -> the first file importing it."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "attcli":
                    found.setdefault(top, str(path.relative_to(REPO)))
    return found


def test_every_module_attcli_imports_is_a_declared_dependency() -> None:
    """A module imported only because another dependency happens to bring it (numpy
    through matplotlib, markupsafe through jinja2) breaks the installed command the day
    that dependency stops bringing it; the wheel must ask for what its code imports."""
    declared = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    dists = packages_distributions()
    missing = []
    for module, where in _imported_modules().items():
        names = {_name(d) for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({where}; distribution {sorted(names)})")
    assert not missing, missing


# ------------------------------------------------------------------ the built wheel and sdist

#: what a source tree holds that is no file of the project's: runs' leftovers, caches, builds
_NOT_SOURCE = re.compile(
    r"(^|/)(__pycache__|\.pytest_cache|\.ruff_cache|\.mypy_cache|\.venv|\.git|build|dist)(/|$)"
    r"|\.egg-info(/|$)|\.py[co]$|\.sqlite3(\.lock)?$|^bench/data(/|$)|^out(/|$)"
)


def _source_files(root: Path, under: str = "") -> set[str]:
    base = root / under if under else root
    found = set()
    for p in base.rglob("*"):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not _NOT_SOURCE.search(rel):
            found.add(rel)
    return found


def _build(kind: str, tmp_path: Path) -> Path:
    """``kind`` ("sdist" or "wheel") built by setuptools from a copy of the source tree (so
    the build's egg-info and build folders land there, not in the repository)."""
    import shutil
    import subprocess

    pytest.importorskip("setuptools", minversion="77")  # the test extra (pyproject's license)
    tree = tmp_path / "tree"

    def leave_out(folder: str, names: list[str]) -> list[str]:  # (bench/data: a bench's registers)
        here = Path(folder).relative_to(REPO)
        return [n for n in names if _NOT_SOURCE.search((here / n).as_posix().removeprefix("./"))]

    shutil.copytree(REPO, tree, ignore=leave_out)
    out = tmp_path / "out"
    out.mkdir()
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta as b; print(b.build_{kind}({str(out)!r}))",
        ],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return out / run.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path) -> None:
    """Templates, Typst layouts, ladders, the national figures and py.typed: every file
    under src/attcli (not only the .py) is in the wheel a school installs, and its version
    is attcli's own."""
    import zipfile

    wheel = _build("wheel", tmp_path)
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        version = re.search(r"^Version: (.+)$", z.read(meta).decode(), re.M).group(1)  # type: ignore[union-attr]
    wanted = {f.removeprefix("src/") for f in _source_files(REPO, "src/attcli")}
    assert wanted - names == set()
    stray = sorted(
        n
        for n in names
        if _NOT_SOURCE.search(n) or not n.startswith(("attcli/", f"attcli-{version}.dist-info/"))
    )
    assert not stray, stray  # (the tests, examples and docs the sdist holds are not the wheel's)
    from attcli import __version__

    assert version == __version__ == _pyproject()["project"]["version"]


def test_the_sdist_is_a_whole_copy_of_the_project(tmp_path: Path) -> None:
    """The sdist is the source a school (or a packager) installs from: the README's quick
    start runs on examples/, the messages and init's attcli.toml point to docs/*.md, and
    the tests it carries need tests/conftest.py and tests/data.  It held src, the README
    and tests/test_*.py only."""
    import tarfile

    sdist = _build("sdist", tmp_path)
    with tarfile.open(sdist) as t:
        top = sdist.name.removesuffix(".tar.gz") + "/"
        names = {m.name.removeprefix(top) for m in t.getmembers() if m.isfile()}
    wanted = set()
    for under in ("src", "docs", "examples", "tests", "tools", "bench"):
        wanted |= _source_files(REPO, under)
    wanted |= {"README.md", "pyproject.toml"}
    missing = sorted(wanted - names)
    assert not missing, (len(missing), missing[:20])
    stray = sorted(n for n in names if _NOT_SOURCE.search(n) and ".egg-info/" not in n)
    assert not stray, stray


# ------------------------------------------------------------------ the dependencies' floors

#: The first release of a dependency that attcli runs on as it does on the newest, found by
#: installing the wheel with each declared floor and running every command on the examples:
#: pip keeps an older release a school's Python already has when the floor allows it.
FIRST_GOOD = {
    # 0.12: every command "failed unexpectedly" (Type not yet supported: str | None);
    # 0.13-0.15.3 with click 8.2+: every --help crashed (make_metavar); 0.16-0.17 with click
    # 8.3+: a required option left out ran on (letters without --contacts); before 0.29:
    # the help showed metavars and escapes and a bad number said "'x' is not a valid int
    # range", not the messages cli.py turns typer's (pydantic's) into
    "typer": (0, 29),
    # FileLock(..., blocking=False) (store.py) is from 3.14: with 3.13 every run that writes
    # the history (letters, pn, case, cases, la-return) failed unexpectedly
    "filelock": (3, 14),
}


def _floors() -> dict[str, tuple[int, ...]]:
    found = {}
    for requirement in _pyproject()["project"]["dependencies"]:
        m = re.search(r">=\s*([0-9][0-9.]*)", requirement)
        if m:
            found[_name(requirement)] = tuple(int(x) for x in m.group(1).split("."))
    return found


def test_no_dependency_is_allowed_below_the_first_release_attcli_runs_on() -> None:
    floors = _floors()
    low = {
        name: (floors.get(name), first)
        for name, first in FIRST_GOOD.items()
        if floors.get(name, (0,)) < first
    }
    assert not low, low


def test_typer_is_held_below_the_next_minor_release_and_still_has_the_parser_attcli_wraps() -> None:
    """Typer is pre-1.0 and has broken attcli in minor releases four times (FIRST_GOOD);
    cliutil's option-given-twice check wraps its parser (``make_parser``), an internal. A
    school's fresh install must get the minor release attcli was tested on, not the next
    one: an upper bound, which the installed Typer satisfies, and the internal there."""
    from importlib.metadata import version

    from typer import core

    spec = next(r for r in _pyproject()["project"]["dependencies"] if _name(r) == "typer")
    m = re.search(r"<\s*([0-9]+)\.([0-9]+)\b", spec)
    assert m, f"typer has no upper bound: {spec!r}"
    ceiling = (int(m.group(1)), int(m.group(2)))
    installed = tuple(int(x) for x in version("typer").split(".")[:2])
    assert FIRST_GOOD["typer"] <= installed < ceiling, (installed, spec)
    assert ceiling == (installed[0], installed[1] + 1), "only the minor release tested"
    assert hasattr(core.TyperCommand, "make_parser")
    assert hasattr(core.TyperGroup, "make_parser")
