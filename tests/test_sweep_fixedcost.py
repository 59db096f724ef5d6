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
    if annotation is int:  # (as click hands them over: the text typed)
        return ["0", "1", "5", "012", "52", "53", "-1", "+5", " 5", "5.0", "1_0", "x", "", "٣",
                "99999999999999999999", 7]  # fmt: skip
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
    assert len(PARAMS) > 150  # (every command's: 225 when this was written)


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


def test_a_date_cell_s_weekday_is_checked_against_its_date() -> None:
    """``_values.date_exprs``' mismatch, made with the date once (the expression's size is
    the parse's cost): a weekday that is not the date's refuses the cell; no weekday, a
    blank, a missing cell and a date that is none are as before."""
    import datetime as dt

    import polars as pl

    from attcli.loaders._values import date_exprs

    cells = [
        "Wed, 09 Sep 2026",  # Wednesday: right
        "Tue, 09 Sep 2026",  # wrong weekday
        "09/09/2026",  # no weekday
        "tuesday 08/09/2026 00:00",  # right, a time after it
        "Thu 2026-09-10",  # right
        "Fri 2026-09-10",  # wrong
        "Mon, 31/02/2026",  # no such date
        "   ",  # blank
        None,  # missing
        "Funday 09/09/2026",  # no weekday word: no date
    ]
    date, bad = date_exprs(pl.col("v"))
    got = pl.DataFrame({"v": cells}, schema={"v": pl.String}).select(
        date.alias("d"), bad.alias("bad")
    )
    d = dt.date
    assert got.get_column("d").to_list() == [
        d(2026, 9, 9), None, d(2026, 9, 9), d(2026, 9, 8), d(2026, 9, 10), None, None, None,
        None, None,
    ]
    assert got.get_column("bad").to_list() == [
        False, True, False, False, False, True, True, False, False, True,
    ]
