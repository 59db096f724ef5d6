"""attcli as a school installs it: a built wheel (not editable), in a fresh environment,
run from a folder that is not the repository (sweep of 4 December (fifth), packaging)."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

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
