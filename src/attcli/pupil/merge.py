"""``attcli pupil merge OLD NEW``: a pupil's records follow them to a new UPN.

A pupil admitted with a temporary UPN later gets the permanent one; every letter,
penalty notice, covered session, casebook record, LA return row and run snapshot row on
record under the old UPN moves to the new one in one transaction of the history store,
with an audit row (who, when, what moved).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from attcli.cliutil import ConfigOpt, DoneByOpt, console, say
from attcli.percent import counted
from attcli.pupil_ids import typed_id

if TYPE_CHECKING:
    from attcli.store import CaseAction, History


def pupil_merge(
    old: Annotated[
        str, typer.Argument(metavar="OLD", help="The UPN the records are under now.")
    ],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The pupil's new UPN.")],
    by: DoneByOpt = "",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Merge though the record names OLD and NEW as two children (another "
            "forename or date of birth).",
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Move a pupil's records (letters, notices, casebook, LA returns, recorded checks) from OLD UPN to NEW."""
    said: list[str] = []
    moved = merge_pupil(config, old, new, by=by, said=said, force=force)
    # (each kind is named in the plural: one of it in the singular, "1 penalty notice")
    from attcli.store import SAID_OF_KIND

    what = ", ".join(
        counted(n, (words := SAID_OF_KIND.get(kind, kind))[:-1], words) for kind, n in moved.items()
    )
    console.print(Text(f"moved from {typed_id(old)} to {typed_id(new)}: {what}"))
    for line in said:
        say(f"warning: {line}", "yellow")


def merge_pupil(
    config: Path | None, old: str, new: str, *, by: str = "", said: list[str] | None = None,
    force: bool = False,
) -> dict[str, int]:  # fmt: skip
    """Move the records; ``said`` gets a line for each thing the merge left that `pn record`
    would have refused (a third notice to a parent, a session under two of their notices).
    Refused, unless ``force``, where the record names OLD and NEW as two children
    (:func:`_two_children`): a UPN mistyped, or a twin's, would put one child's letters and
    notices on another's record."""
    from attcli.config import load_config
    from attcli.errors import AttcliError, shown
    from attcli.store import History, history_path

    path = history_path(load_config(config))
    if not path.exists():
        raise AttcliError(f"nothing on record for UPN {shown(typed_id(old))}: no history yet at {shown(str(path))}")
    with History(path, write=True) as store:
        why = None if force else (
            _backwards(typed_id(old), typed_id(new))
            or _two_children(store, typed_id(old), typed_id(new))
        )
        if why is not None:
            raise AttcliError(why)
        ids = {n.id for n in store.notices(old)}
        records = {a.id for a in store.actions(old)}
        moved = store.merge_pupil(old, new, by=by)
        if ids and said is not None:
            from attcli.notices import merge_clashes

            said.extend(merge_clashes(store, typed_id(new), ids))
        if records and said is not None:
            said.extend(_twice(store.actions(typed_id(new)), records))
        return moved


def _backwards(old: str, new: str) -> str | None:
    """Why ``old`` and ``new`` look typed the wrong way round, or None: NEW a temporary UPN
    (a letter last, ``A12345678901T``) and OLD a permanent one.  A temporary UPN is
    replaced by the permanent one, never the other way; `pupil merge PERMANENT TEMPORARY`
    moved the child's records onto the UPN the MIS no longer uses, and every later run,
    under the permanent UPN, found none (sweep "slips")."""
    import re

    def shape(upn: str) -> str | None:
        if re.fullmatch(r"[A-Z][0-9]{12}", upn):
            return "permanent"
        return "temporary" if re.fullmatch(r"[A-Z][0-9]{11}[A-Z]", upn) else None

    if shape(old) == "permanent" and shape(new) == "temporary":
        return (
            f"{new} is a temporary UPN (a letter last) and {old} a permanent one: a merge "
            "moves the temporary UPN's records to the permanent one, not the other way; "
            f"check the order (attcli pupil merge {new} {old}), or --force if this is meant"
        )
    return None


def _two_children(store: History, old: str, new: str) -> str | None:
    """Why the record shows ``old`` and ``new`` to be two children, or None: both dates of
    birth on record and different, or both forenames and two children's
    (:func:`attcli.loaders.other_child`: Amy and Ben, not Chloé and Chloe).  A surname
    alone changing (an adoption, a marriage) is one child, as the loader reads it."""
    from attcli.loaders import other_child

    a, b = store.pupil_identity(old), store.pupil_identity(new)
    if a[2] is not None and b[2] is not None and a[2] != b[2]:
        what = "another date of birth"
    elif a[1] and b[1] and other_child(a[1], b[1]):
        what = "another forename"
    else:
        return None

    def who(upn: str, ident: tuple[str | None, str | None, object]) -> str:
        name = " ".join(x for x in (ident[1], ident[0]) if x) or store.pupil_name(upn)
        born = f", born {ident[2]:%d/%m/%Y}" if ident[2] is not None else ""
        return f"{upn} ({name or 'no name on record'}{born})"

    return (
        f"{who(old, a)} and {who(new, b)} are two children on record ({what}): a merge would "
        f"put {old}'s letters, notices and records on {new}'s; check the UPNs, or --force "
        "if they are one child"
    )


def _twice(actions: list[CaseAction], moved: set[int]) -> list[str]:
    """A line for each stage on record twice for the pupil on one day where a record
    moved is one of them (`case record` refuses the pair; the merge made it)."""
    same: dict[tuple[str, str, object], list[CaseAction]] = {}
    for a in actions:
        same.setdefault((a.school, a.action, a.done_on), []).append(a)
    out = []
    for pair in same.values():
        if len(pair) > 1 and moved & {a.id for a in pair}:
            ids = [str(a.id) for a in sorted(pair, key=lambda a: a.id)]
            a = pair[0]
            out.append(
                f"{a.action} for {a.upn} on {a.done_on:%d/%m/%Y} is on record "
                f"{'twice' if len(pair) == 2 else f'{len(pair)} times'} now (records "
                f"{', '.join(ids[:-1])} and {ids[-1]}): if they are one, void one (attcli "
                "case void ID --reason TEXT)"
            )
    return out
