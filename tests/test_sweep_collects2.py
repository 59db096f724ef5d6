"""Sweep collects2: the fixed cost of a check (issue 15).

``cli._command`` makes the click command of every command once a process; Typer reads each
function's signature (every annotation's text evaluated) two or three times while making
it.  Here: each function is read once, the command made is the one Typer makes without
the cache, and Typer's reader is put back afterwards.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys

import typer.main

from attcli import cli


def _counting(counts):
    read = typer.main.get_params_from_function

    def counted(func):
        counts[func] += 1
        return read(func)

    return read, counted


def test_each_command_s_signature_is_read_once_while_the_command_is_made(monkeypatch):
    counts: collections.Counter = collections.Counter()
    read, counted = _counting(counts)
    monkeypatch.setattr(typer.main, "get_params_from_function", counted)
    cli._command.__wrapped__()
    # every command's function and every option's callback, each read once
    assert cli.check_command in counts
    assert len(counts) >= 28
    assert set(counts.values()) == {1}
    # and Typer's own reader is in place again (the counting one monkeypatch put there)
    assert typer.main.get_params_from_function is counted


def test_typer_s_reader_is_put_back_when_making_the_command_fails(monkeypatch):
    def failing(app):
        raise RuntimeError("typer failed")

    read = typer.main.get_params_from_function
    monkeypatch.setattr(typer.main, "get_command", failing)
    try:
        cli._command.__wrapped__()
    except RuntimeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the failure was swallowed")
    assert typer.main.get_params_from_function is read


def _shown(value):
    """A setting as text that names no address (a callback Typer wraps anew each time is
    named by what it wraps)."""
    if callable(value) and not isinstance(value, type):
        return getattr(value, "__qualname__", repr(type(value)))
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def _described(cmd, path="attcli"):
    """Every command's and parameter's settings as Typer made them (the help texts read
    from them are pinned by the golden tests)."""
    out = [(path, cmd.help, _shown(cmd.callback))]
    for p in cmd.params:
        out.append((path, sorted((k, _shown(v)) for k, v in vars(p).items() if k != "_runtime_param")))
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        out.extend(_described(sub, f"{path} {name}"))
    return out


def test_the_command_made_with_the_cache_is_typer_s_own(monkeypatch):
    cached = cli._command.__wrapped__()
    plain = typer.main.get_command(cli.app)  # (Typer as it is: no cache)
    monkeypatch.setattr(cli, "_coerce_without_pydantic", lambda command: None)
    assert _described(cached) == _described(plain)
    assert len(_described(plain)) > 200


def test_the_command_puts_what_its_imports_made_out_of_the_collector_s_sight():
    """The console's process (``attcli.entry.run``) freezes what the imports made once
    they are done: a full collection then walks none of it.  A library user's process is
    left as it is, and what the run makes after is still collected."""
    probe = (
        "import gc, sys\n"
        "import attcli, attcli.entry, attcli.cli\n"
        "library = gc.get_freeze_count()\n"
        "seen = []\n"
        "attcli.cli.main = lambda: seen.append(gc.get_freeze_count())\n"
        "sys.argv = ['attcli', '--version']\n"
        "attcli.entry.run()\n"
        "a = []; a.append(a); del a\n"
        "print(library, seen[0] > 10_000, gc.collect() >= 1)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True", "True"]


def _names():
    return [c.name for c in cli.app.registered_commands] + [g.name for g in cli.app.registered_groups]


def test_a_command_named_is_made_alone_and_as_the_whole_tree_makes_it():
    whole = cli._command.__wrapped__()
    assert len(_names()) >= 15
    for name in _names():
        alone = cli._command.__wrapped__(name)
        assert list(alone.commands) == [name]
        assert _described(alone.commands[name], f"attcli {name}") == _described(
            whole.commands[name], f"attcli {name}"
        )
        # the root's own options (--workspace, --debug, --version) the same
        assert _described(alone)[:1 + len(alone.params)] == _described(whole)[:1 + len(whole.params)]


def test_the_command_named_on_the_command_line():
    named = cli._named
    assert named(["check", "x.csv"]) == "check"
    assert named(["--workspace", "W", "--debug", "pn", "list"]) == "pn"
    assert named(["--workspace=W", "register-check", "x.csv"]) == "register-check"
    assert named(["--workspace", "check", "cme", "x.csv"]) == "cme"  # (a folder named check)
    # help lists the commands, a name no command has gets the nearest: the whole tree
    assert named(["check", "x.csv", "--help"]) is None
    assert named(["--help"]) is None
    assert named(["chek", "x.csv"]) is None
    assert named(["--version"]) is None
    assert named([]) is None
    assert named(["--workspace"]) is None
