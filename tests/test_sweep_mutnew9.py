"""Sweep mutnew9: mutation testing of the thirteenth round's new code.

Each test here kills a mutant (one small change to the code) that no test killed before:
the options' coercion without pydantic (``cli._light_value``), the lookup table by
scatter (``lookup.by_code``), the frames made once an evaluation
(``check._once_an_evaluation``), ``check.tell_la``'s fast path, the date cell's weekday
and the letters' hold codes.  The answers are worked by hand (or, for the coercion, are
Typer's own: the rule there is "exactly what Typer gives").
"""

from __future__ import annotations

import enum
from typing import get_args, get_origin

import pytest
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from attcli import cli

# ---------------------------------------------------------------------------------------
# cli._light_value: a value Typer takes is taken without Typer's (pydantic's) coercion


def _every_param():
    found = []

    def walk(cmd, path):
        help_option = cmd.get_help_option(Context(cmd))
        for param in [*cmd.params, *([help_option] if help_option is not None else [])]:
            if getattr(param, "type_descriptor", None) is not None:
                found.append((path, cmd, param))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(cli._command(), "attcli")
    return found


def _taken(annotation, info) -> list[object]:
    """Values of one item of ``annotation`` that Typer takes and the light coercion must
    take itself (no fall back to pydantic): text, a file's name, each choice however it
    is cased (attcli's choices are not case-sensitive) or as the member itself (a
    default), a whole number of plain digits within the option's bounds."""
    if info.parser is not None:
        return ["register.csv", "a b.csv", "out"]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        assert not info.case_sensitive
        return [*annotation, *(m.value for m in annotation), *(m.value.upper() for m in annotation)]
    if annotation is int:
        low = 0 if info.min is None else info.min
        high = 99 if info.max is None else info.max
        return [str(low), str(high), f"0{low}", low, high]  # (the bounds themselves)
    if annotation is str:
        return ["7A", "", " x ", "é"]
    return []


def test_every_value_typer_takes_is_taken_without_typer_s_own_coercion() -> None:
    """A value of the kinds ``_light_value`` is for is coerced by it, not handed to Typer's
    pydantic adapter (the import that coercion was written to spare): a choice typed in
    capitals or given as the member (``--audience``'s default), a number at its option's
    bound (``cme --days 1``, ``--week 52``).  The value is Typer's own, of its type."""
    checked = 0
    for where, cmd, param in _every_param():
        desc = param.type_descriptor
        many = get_origin(desc.annotation) is list
        item = get_args(desc.annotation)[0] if many else desc.annotation
        heavy = build_runtime_param(desc)
        ctx = Context(cmd)
        for value in _taken(item, desc.parameter_info):
            given = [value] if many else value
            try:
                light = cli._light_value(desc.annotation, desc.parameter_info, given, ctx)
            except cli._Pydantic:
                pytest.fail(f"{where} {param.name} {value!r}: left to Typer's coercion")
            except BadParameter as exc:  # (a parser's own refusal: Typer's too)
                with pytest.raises(BadParameter) as typer_s:
                    heavy._coerce_value(given, param=param, ctx=ctx)
                assert str(typer_s.value) == str(exc)
                continue
            typer_s = heavy._coerce_value(given, param=param, ctx=ctx)
            assert (type(light), light) == (type(typer_s), typer_s), (where, param.name, value)
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("value", [True, False, 5.0, 5])
def test_a_value_of_another_type_gets_typer_s_own_coercion(value) -> None:
    """A value click never hands over as text (True to a number, 5 to a text) gets what
    Typer's coercion gives it, of the type it gives: True as the number 1 (not True), 5
    refused as text."""
    cases = [
        (cmd, p)
        for _, cmd, p in _every_param()
        if p.type_descriptor.annotation in (int, str) and p.name in ("days", "year_group")
    ]
    assert {p.type_descriptor.annotation for _, p in cases} == {int, str}
    for cmd, param in cases:
        ctx = Context(cmd)
        heavy = build_runtime_param(param.type_descriptor)

        def outcome(runtime, param=param, ctx=ctx):
            try:
                got = runtime._coerce_value(value, param=param, ctx=ctx)
            except BadParameter as exc:
                return ("refused", str(exc))
            return ("value", type(got), got)

        assert outcome(param._runtime_param) == outcome(heavy), (param.name, value)
