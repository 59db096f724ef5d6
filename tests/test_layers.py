"""The package's layers: what several commands share lives once, below them, and nothing
below imports from above (docs/decisions.md, "Layers").

Three layers, read from the source (every ``import``, at the top of a module, inside a
function or under ``TYPE_CHECKING``):

- the command line: ``cli``, ``cliutil``, ``entry``, ``__main__`` and every module that
  defines Typer commands (each command's ``command`` module);
- the commands: each one's package or module, holding its rules and its rendering;
- below them, what several commands share: the register and its loaders, the calendar,
  the rules engine and the flags it gives (``engine``, ``check``), the workspace and its
  history store, the output writers, the PDF writer, the ladder and its placing, ...
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "attcli"

#: each command's own package or module (its rules and its rendering)
COMMANDS = {
    "cases", "cme", "evidence", "lacheck", "lareturn", "letters", "national_command",
    "pupil", "report", "report_check", "summary",
}  # fmt: skip
#: ``report_check`` is ``check``'s rendering; ``check`` itself is the flags every
#: command that judges pupils reads (cases, pupil), so it lives below them
OWNER = {"report_check": "check"}
#: a command may import another's only here: ``summary`` writes the report's figures by
#: the report's own rules, and ``report --trust`` reads exports through ``summary``
PEERS = {("report", "summary"), ("summary", "report")}
CLI = {"cli", "cliutil", "entry", "__main__"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "__init__"
        out[name] = path
    return out


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports by its absolute name (``from attcli import x`` as
    ``attcli.x``); relative imports stay within their own package and are left out."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "attcli":
                found.update(f"attcli.{a.name}" for a in node.names)
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


MODULES = _modules()


@functools.cache
def _graph() -> tuple[dict[str, set[str]], set[str]]:
    """The attcli modules each module imports (without the ``attcli.``), and the modules
    of the command line: read from the source once, by the first test that asks (not at
    import: every xdist worker collects this file, and the parse of src is ~1.3 s)."""
    imports = {name: _imports(path) for name, path in MODULES.items()}
    graph = {
        name: {i.removeprefix("attcli.") for i in found if i.startswith("attcli.")}
        for name, found in imports.items()
    }
    cli_modules = {
        name
        for name, found in imports.items()
        if name.split(".")[0] in CLI or any(i.split(".")[0] == "typer" for i in found)
    }
    return graph, cli_modules


def _command(name: str) -> str | None:
    top = name.split(".")[0]
    return OWNER.get(top, top) if top in COMMANDS else None


def test_the_layers_are_read_from_the_source() -> None:
    # the reading itself: a module known to import a command, and one the CLI
    graph, cli_modules = _graph()
    assert "engine" in graph["check"]
    assert "check" in graph["report_check"]
    assert {"cli", "cliutil", "letters.command", "pupil.merge"} <= cli_modules
    assert "check" not in cli_modules and "letters.run" not in cli_modules


@pytest.mark.parametrize("name", sorted(MODULES))
def test_a_module_imports_nothing_above_its_layer(name: str) -> None:
    """A shared module imports no command and no command line; a command's rules import
    no command line and no other command (a peer in PEERS apart); the command line itself
    may import anything."""
    graph, cli_modules = _graph()
    if name in cli_modules:
        return
    mine = _command(name)
    if mine is None:
        above = sorted(
            i for i in graph[name]
            if _command(i) is not None or i in cli_modules or i.split(".")[0] in CLI
        )  # fmt: skip
        assert not above, f"attcli.{name} lives below the commands but imports {above}"
        return
    cli = sorted(i for i in graph[name] if i in cli_modules or i.split(".")[0] in CLI)
    assert not cli, f"attcli.{name} (the {mine} command's rules) imports the command line: {cli}"
    others = sorted(
        i for i in graph[name]
        if (other := _command(i)) is not None and other != mine and (mine, other) not in PEERS
    )  # fmt: skip
    assert not others, f"attcli.{name} (the {mine} command) imports another command's {others}"
