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
IMPORTS = {name: _imports(path) for name, path in MODULES.items()}
#: the attcli modules each imports (without the ``attcli.``)
GRAPH = {
    name: {i.removeprefix("attcli.") for i in found if i.startswith("attcli.")}
    for name, found in IMPORTS.items()
}
CLI_MODULES = {
    name
    for name, found in IMPORTS.items()
    if name.split(".")[0] in CLI or any(i.split(".")[0] == "typer" for i in found)
}


def _command(name: str) -> str | None:
    top = name.split(".")[0]
    return OWNER.get(top, top) if top in COMMANDS else None


def test_the_layers_are_read_from_the_source() -> None:
    # the reading itself: a module known to import a command, and one the CLI
    assert "engine" in GRAPH["check"]
    assert "check" in GRAPH["report_check"]
    assert {"cli", "cliutil", "letters.command", "pupil.merge"} <= CLI_MODULES
    assert "check" not in CLI_MODULES and "letters.run" not in CLI_MODULES


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _command(n) is None and n not in CLI_MODULES))
def test_a_shared_module_imports_no_command_and_no_command_line(name: str) -> None:
    above = sorted(i for i in GRAPH[name] if _command(i) is not None or i in CLI_MODULES or i.split(".")[0] in CLI)
    assert not above, f"attcli.{name} lives below the commands but imports {above}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _command(n) is not None and n not in CLI_MODULES))
def test_a_commands_rules_import_no_command_line_and_no_other_command(name: str) -> None:
    mine = _command(name)
    cli = sorted(i for i in GRAPH[name] if i in CLI_MODULES or i.split(".")[0] in CLI)
    assert not cli, f"attcli.{name} (the {mine} command's rules) imports the command line: {cli}"
    others = sorted(
        i for i in GRAPH[name]
        if (other := _command(i)) is not None and other != mine and (mine, other) not in PEERS
    )  # fmt: skip
    assert not others, f"attcli.{name} (the {mine} command) imports another command's {others}"
