"""Sweep fixedcost: what one run of attcli costs whatever the register's size.

``cli._coerce_without_pydantic`` gives every option and argument the coercion of
``cli._light_value`` in place of the pydantic adapter Typer 0.29 builds (and imports
pydantic for) at a command's first run.  Here each parameter of every command is given the
values a person types, and must come out as Typer's own coercion makes them: the same value,
or the same refusal in the same words.  (That a check of a CSV loads no pydantic at all is
counted in test_startup, with the other modules a run must not load.)
"""

from __future__ import annotations

import enum
from typing import get_args, get_origin

import pytest
from typer._click import Context
from typer._coercion import build_runtime_param

from attcli.cli import _command


def _params():
    """(command path, command, parameter) for every parameter of every command, --help's
    included."""
    found = []

    def walk(cmd, path):
        help_option = cmd.get_help_option(Context(cmd))
        for param in [*cmd.params, *([help_option] if help_option is not None else [])]:
            if getattr(param, "type_descriptor", None) is not None:
                found.append((path, cmd, param))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(_command(), "attcli")
    return found


def _typed(annotation, info) -> list[object]:
    """What a person may type for one value of ``annotation``: good values and bad."""
    if info.parser is not None:
        return ["register.csv", "out/week.json", "", "   ", "-", "a b.xlsx"]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [m.value for m in annotation] + [str(m.value).upper() for m in annotation] + [
            "pdf", ""
        ]
    if annotation is int:
        return [0, 1, 5, 52, 53, -1, 10_000]
    if annotation is str:
        return ["7A", "", " x ", "Year 7", "é"]
    return []


def _outcome(runtime, value, param, ctx):
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except Exception as exc:  # noqa: BLE001 - the refusal is what is compared
        return ("refused", type(exc), str(exc))


PARAMS = _params()


def test_every_parameter_of_every_command_is_given_the_light_coercion() -> None:
    kinds = {type(p._runtime_param).__name__ for _, _, p in PARAMS}
    assert kinds == {"Light"}, kinds
    assert len(PARAMS) > 150  # (every command's: 196 when this was written)


@pytest.mark.parametrize(
    "where, cmd, param", PARAMS, ids=[f"{w} {p.name}" for w, _, p in PARAMS]
)
def test_a_typed_value_is_coerced_as_typer_coerces_it(where, cmd, param) -> None:
    desc = param.type_descriptor
    light = param._runtime_param
    heavy = build_runtime_param(desc)
    ctx = Context(cmd)
    annotation, info = desc.annotation, desc.parameter_info
    many = get_origin(annotation) is list
    item = get_args(annotation)[0] if many else annotation
    values = _typed(item, info)
    if many:
        values = [[v] for v in values] + [values[:2], tuple(values[:2])]
    if annotation is bool:
        values = ["true", "no", "1", "", "maybe"]  # (a flag's own True or False is not coerced)
    for value in [*values, None]:
        assert _outcome(light, value, param, ctx) == _outcome(heavy, value, param, ctx), (
            where, param.name, value
        )
