"""Sweep mutnew9: mutation testing of the thirteenth round's new code.

Each test here kills a mutant (one small change to the code) that no test killed before:
the options' coercion without pydantic (``cli._light_value``), the lookup table by
scatter (``lookup.by_code``), the frames made once an evaluation
(``check._once_an_evaluation``), ``check.tell_la``'s fast path, the date cell's weekday
and the letters' hold codes.  The answers are worked by hand (or, for the coercion, are
Typer's own: the rule there is "exactly what Typer gives").
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated, Literal, get_args, get_origin

import pytest
import typer
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from attcli import cli
from test_sweep_fixedcost import _params


class Colour(enum.Enum):
    """A choice of a kind attcli has not (a plain Enum, a value in capitals)."""

    red = "red"
    blue = "Blue"


def _checked(value: str) -> Path:
    """A parser that refuses by ``assert`` and by ValueError (pydantic words both)."""
    assert value != "", "empty"
    if value == "x":
        raise ValueError("no x")
    return Path(value)


# ---------------------------------------------------------------------------------------
# cli._light_value: a value Typer takes is taken without Typer's (pydantic's) coercion


def _every_param():
    return _params()


def _taken(annotation, info) -> list[object]:
    """Values of one item of ``annotation`` that Typer takes and the light coercion must
    take itself (no fall back to pydantic): text, a file's name, each choice as its value,
    in capitals where it is not case-sensitive (attcli's are not) or as the member itself
    (a default), a whole number of plain digits within the option's bounds."""
    if info.parser is not None:
        return ["register.csv", "a b.csv", "out"]
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        cased = [] if info.case_sensitive else [m.value.upper() for m in annotation]
        return [*annotation, *(m.value for m in annotation), *cased]
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


# ---------------------------------------------------------------------------------------
# loaders._values.date_exprs: every form a date cell is read in, and every one refused


def test_a_date_cell_of_every_form_read_and_refused() -> None:
    """Each accepted form (dd/mm/yyyy with or without a time, ISO with a time after a space
    or a T, "7 Sep 2026", "7-Sept-2026", "7 September 2026", an Excel serial day where the
    column takes them), each with a weekday before it that is the date's (read), or not
    (refused: the cell is a slip), and the refused forms (a two-digit year, an ISO date
    without its zeros, a day no month has, a serial where serials are not taken).  Worked
    by hand: 7 Sep 2026 is a Monday, 12 Sep 2026 a Saturday, 29 Feb 2028 a Tuesday;
    Excel's day 46272 is 7 Sep 2026 (45658 is 1 Jan 2025: + 365 + 249)."""
    import datetime as dt

    import polars as pl

    from attcli.loaders._values import date_exprs

    mon = dt.date(2026, 9, 7)
    cases = {
        # (cell, serials taken): the date read (None: refused)
        ("07/09/2026", False): mon,
        ("7/9/2026 08:45", False): mon,
        ("Monday, 07/09/2026 00:00", False): mon,
        ("Sun 07/09/2026", False): None,
        ("2026-09-07T08:45:00", False): mon,
        ("mon. 2026-09-07", False): mon,
        ("Tue 2026-09-07 08:45", False): None,
        ("7 Sep 2026", False): mon,
        ("Mon 7-Sept-2026", False): mon,
        ("mon 7 september 2026", False): mon,
        ("Fri 7 September 2026", False): None,
        ("Sat 12/09/2026", False): dt.date(2026, 9, 12),  # (a weekend day is still a date)
        ("Tue 29/02/2028", False): dt.date(2028, 2, 29),
        ("Wed 29/02/2028", False): None,
        ("29/02/2027", False): None,
        ("31/04/2026", False): None,
        ("07/09/26", False): None,
        ("2026-9-7", False): None,
        ("46272", False): None,
        ("46272", True): mon,
        ("46272.75", True): mon,
        ("Mon 46272", True): mon,
        ("Tue 46272", True): None,
        ("0", True): None,
    }
    for serials in (False, True):
        asked = [cell for cell, s in cases if s is serials]
        date, bad = date_exprs(pl.col("v"), excel_serials=serials)
        got = pl.DataFrame({"v": asked}, schema={"v": pl.String}).select(
            date.alias("d"), bad.alias("bad")
        )
        for cell, d, is_bad in zip(asked, got["d"], got["bad"], strict=True):
            want = cases[(cell, serials)]
            assert (d, is_bad) == (want, want is None), (cell, serials)


# ---------------------------------------------------------------------------------------
# output.own_cache_folder and the letters' fonts


def test_own_cache_folder_is_the_named_folder_in_attcli_s_cache_owner_only(
    tmp_path, monkeypatch
) -> None:
    """``own_cache_folder(NAME)`` is ``$XDG_CACHE_HOME/attcli/NAME``, made 0700 with its
    missing parent (the fonts' folder is not the sheets' folder: a sweep of the sheets'
    dead runs never meets a font)."""
    from attcli.output import own_cache_folder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = own_cache_folder("fonts-9.9")
    assert folder == tmp_path / "cache" / "attcli" / "fonts-9.9"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert folder.parent.stat().st_mode & 0o777 == 0o700
    assert own_cache_folder("sheets") == tmp_path / "cache" / "attcli" / "sheets"


def test_the_letters_fonts_go_to_a_temporary_folder_when_a_file_is_where_the_cache_is(
    tmp_path, monkeypatch
) -> None:
    """A file where the cache folder would be (``own_cache_folder`` cannot make it: an
    OutputError inside, said to its callers as the OSError they catch): the letters are
    still made, their fonts in a private temporary folder, not an error "cannot make the
    folder ..." that ends the letters' run."""
    from attcli import pdf as render

    monkeypatch.setattr(render, "_font_dir", None)
    (tmp_path / "cache").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(render.tempfile, "tempdir", str(tmp_path / "tmp"))
    folder = render.bundled_font_dir()
    assert folder.parent == tmp_path / "tmp", folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(render._PYMUPDF_FONTS.values())


# ---------------------------------------------------------------------------------------
# check: a group's action of one pupil says "the pupil", not "the 1 pupil"


def _letters_result(columns: dict[str, list]):
    """What ``CheckResult._letter_action`` reads of a check: its groups' actions and the
    columns of its pupils."""
    from types import SimpleNamespace

    import polars as pl

    groups = [
        SimpleNamespace(key="lates", action="LATE"),
        SimpleNamespace(key="band:red", action="RED"),
    ]
    pupils = pl.DataFrame(columns)
    return SimpleNamespace(groups=groups, pupils=pupils), pupils


@pytest.mark.parametrize("sent", [1, 2])
def test_a_letter_group_s_action_counts_the_pupils_whose_letter_went(sent) -> None:
    """Of three pupils in the lateness group (or a band), ``sent`` had this half term's
    letter already: "none for the pupil" (one) or "the 2 pupils" (two), with the reason's
    or reasons' words to match; the band's "no letter for the pupil whose reason says one
    went"."""
    from attcli.check import CheckResult

    went = [True] * sent + [None] * (3 - sent)
    fake, pupils = _letters_result(
        {"upn": ["A", "B", "C"], "lates_letter_sent": went, "band_letter_not_now": went}
    )
    whom = "the pupil" if sent == 1 else "the 2 pupils"
    say = "the reason says" if sent == 1 else "their reasons say"
    assert CheckResult._letter_action(fake, "lates", pupils) == (
        f"LATE, but none for {whom} sent this half term's already ({say} when)"
    )
    says = "reason says" if sent == 1 else "reasons say"
    assert CheckResult._letter_action(fake, "band:red", pupils) == (
        f"RED; no letter for {whom} whose {says} one went this half term (or term)"
    )


@pytest.mark.parametrize("gaps", [0, 3])
def test_the_penalty_notice_action_of_one_pupil_whose_window_is_held(gaps) -> None:
    """Of two pupils at the penalty-notice threshold, one's window is held: by N marks
    alone (no gaps) "find the reasons first", else "complete it first"; said of "the
    pupil", whose reason says how many or what it holds."""
    import polars as pl

    from attcli.check import CheckResult

    members = pl.DataFrame({
        "upn": ["A", "B"], "pn_no_further": [False, False], "pn_window_held": [True, False],
        "compulsory_school_age": [True, True], "pn_window_gaps": [gaps, 0],
    })  # fmt: skip
    got = CheckResult._pn_action(None, "PN", members)
    if gaps:
        assert got == (
            "PN; for the pupil whose window is not complete (N, missing marks, a session with "
            "no register or days no export covers), complete it first (the reason says what "
            "it holds)"
        )
    else:
        assert got == (
            "PN; for the pupil whose window holds N marks, find the reasons first (the reason "
            "says how many)"
        )


def test_an_option_of_a_kind_attcli_has_not_yet_gets_typer_s_own_value() -> None:
    """A float, a date-time, an optional number or text, a literal choice, a clamped or
    negative bound, a case-sensitive choice, a list of numbers or choices, a Path with no
    parser, a parser refusing by assert or ValueError: the light coercion, given to every
    option of every command, gives each value Typer's own value or Typer's own refusal,
    word for word (an option of one of these kinds added later is not coerced otherwise
    than Typer would)."""
    from typer.main import get_command

    app = typer.Typer()

    @app.command()
    def f(  # noqa: PLR0913
        n: Annotated[float, typer.Option()] = 1.0,
        when: Annotated[dt.datetime | None, typer.Option()] = None,
        oi: Annotated[int | None, typer.Option()] = None,
        lit: Annotated[Literal["a", "B"], typer.Option()] = "a",
        cl: Annotated[int, typer.Option(min=1, max=5, clamp=True)] = 1,
        neg: Annotated[int, typer.Option(min=-3)] = 0,
        col: Annotated[Colour, typer.Option(case_sensitive=True)] = Colour.red,
        ints: Annotated[list[int] | None, typer.Option()] = None,
        cols: Annotated[list[Colour] | None, typer.Option(case_sensitive=False)] = None,
        p: Annotated[Path | None, typer.Option()] = None,
        s: Annotated[str | None, typer.Option()] = None,
        parsed: Annotated[Path | None, typer.Option(parser=_checked)] = None,
    ) -> None:
        pass

    @app.command()
    def g() -> None:
        pass

    command = get_command(app)
    cli._coerce_without_pydantic(command)
    sub = command.commands["f"]
    ctx = Context(sub)
    typed = ["1", "1.5", "x", "", "2026-09-09", "2026-09-09T08:45", "0", "7", "-2", "-4", "red",
             "RED", "Blue", "blue", "a", "A", "B", "9" * 20, Colour.red, 3, 1.0]  # fmt: skip
    seen = 0
    for param in sub.params:
        if getattr(param, "type_descriptor", None) is None:
            continue
        assert type(param._runtime_param).__name__ == "Light"
        heavy = build_runtime_param(param.type_descriptor)
        values = [*typed, None] + ([("1", "2"), ("red", "BLUE"), ("x",)] if param.multiple else [])
        for value in values:

            def outcome(runtime, value=value, param=param):
                try:
                    got = runtime.coerce(value, param=param, ctx=ctx)
                except Exception as exc:  # noqa: BLE001 - (Typer's own TypeError of a clamp)
                    return ("refused", type(exc), str(exc))
                return ("value", type(got), got)

            assert outcome(param._runtime_param) == outcome(heavy), (param.name, value)
            seen += 1
    assert seen > 200
