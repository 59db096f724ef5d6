"""``attcli letters`` and ``attcli pn``: parse options, call the library, print."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from attcli import clock as _clock
from attcli.cliutil import (
    AsOfOpt,
    ByOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    FromOpt,
    PresetOpt,
    PupilsOpt,
    RegisterUpnArg,
    console,
    emit,
    err_console,
    given_contacts,
    load_exports_with_progress,
    output_folder,
    parse_date_option,
    per_school,
    per_school_opt,
    print_notes,
    read_pupils_option,
    say,
    say_problems,
    school_config,
)
from attcli.datetext import recorded_time
from attcli.errors import AttcliError, shown
from attcli.pupil_ids import match_typed_id, typed_id

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from attcli.config import Config
    from attcli.letters.run import LettersRun
    from attcli.loaders import LoadResult
    from attcli.notices import RecordedParent
    from attcli.store import History
from attcli.terminal import live_and_void, print_rows

#: ``--per-school DIR``, naming what a school gets (docs/trust.md)
LettersPerSchool = per_school_opt("each school's letters in a folder of its own, DIR/KEY")


def letters_command(
    exports: ExportsArg,
    contacts: Annotated[
        Path,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export (CSV or XLSX).",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            parser=output_folder,
            help="Folder for the letters (created if missing).",
        ),
    ] = None,
    as_of: AsOfOpt = None,
    period_from: FromOpt = None,
    config: ConfigOpt = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show who would get which letter; write nothing.")
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="Send again letters already sent this half term.")
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="LETTERS",
            help="Only these letters, e.g. amber,red or lateness,pn (or give it again for more).",
        ),
    ] = None,
    include_held: Annotated[
        bool,
        typer.Option(
            "--include-held",
            help="Also make the letters held for review (absence mostly agreed or illness, "
            "resting on N marks not yet resolved, or of one UPN of a child under two).",
        ),
    ] = False,
    release: Annotated[
        list[str] | None,
        typer.Option(
            "--release",
            metavar="UPN",
            help="Make this pupil's held letters (a UPN; give it again for more, or a "
            "comma list).",
        ),
    ] = None,
    force: ForceOpt = False,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
    per_school_dir: LettersPerSchool = None,
) -> None:
    """This half term's letters to parents: one PDF and HTML each, a PDF to print, a manifest."""
    from attcli.config import load_config

    if any(not u.strip(" ,") for u in release or ()):  # (a variable left empty: nobody released)
        raise AttcliError("--release: give the pupil's UPN")
    # (a comma list, as --only takes its letters: a UPN holds no comma; sweep "slips")
    release = [u for given in release or () for u in given.split(",") if u.strip()] or None
    cfg = load_config(config)
    if per_school_dir is None:
        _letters_one(list(exports), school_config(cfg, exports), out, contacts, as_of,
                     period_from, dry_run, resend, only, force, preset, include_held, release,
                     pupils)  # fmt: skip
        return
    if out is not None:
        raise AttcliError("--per-school writes each school's letters in DIR/KEY: leave out --out")
    runs: list[tuple[str, LettersRun]] = []  # (school, its run): a child of two schools

    def one(files, c, folder):  # type: ignore[no-untyped-def]
        run = _letters_one(files, c, folder, contacts, as_of, period_from, dry_run, resend,
                           only, force, preset, include_held, release, pupils, identities=True,
                           release_elsewhere=True)  # fmt: skip
        runs.append((c.school.name, run))
        schools.append(f"{c.school_key}: {c.school.name}")

    schools: list[str] = []
    per_school(exports, cfg, per_school_dir, lambda key: key, one, preset=preset, pupils=pupils,
               dry_run=dry_run, contacts=contacts,
               typed=[("--release", u) for u in release or ()])  # fmt: skip
    # a child under a UPN at each of two schools, as check --per-school says it, and the
    # letters each school's run made them: one child's family may get two
    print_notes(two_school_letters_lines(runs, dry_run))
    # a UPN released is one school's pupil, left to its run by the others: one that no
    # school's run took (a slip, or a pupil who has left) is refused, as a school's run does
    taken = {u for _, run in runs for u in run.released_here}
    for upn in sorted({typed_id(u) for u in release or ()} - taken):
        raise AttcliError(
            f"--release {shown(upn)}: no school of the trust has this pupil on roll in these exports "
            f"({', '.join(schools)}); check the UPN"
            + ("" if dry_run else " (each school's other letters, above, are made)")
        )


def two_school_letters_lines(runs: Sequence[tuple[str, LettersRun]], dry_run: bool) -> list[str]:
    """What a trust's letters run (``letters --per-school``) says of a child under a UPN at
    each of two schools (:func:`attcli.report.trust.two_school_children_lines`, the check's
    line), and, when this run made a letter for the child at one school and the other
    school has one too this half term (made by this run or sent before), a line naming
    each: each school's figures are its own register's, so each school's run sends its
    letter, and if the UPNs are one child's the family gets two (sweep leftovers13).
    ``runs``: (school name, its :class:`LettersRun`, with ``identities``) each."""
    from attcli.config import letter_name
    from attcli.loaders import children_of_two_schools
    from attcli.report.trust import two_school_children_lines

    schools = [(name, run.identities) for name, run in runs if run.identities is not None]
    lines = two_school_children_lines(schools)
    made = "this run would make" if dry_run else "this run made"
    of_school = dict(runs)
    for surname, forename, dob, pairs in children_of_two_schools(schools):
        letters = [
            (school, x)
            for upn, school in pairs
            for x in of_school[school].letters
            if x.upn == upn
        ]
        if len({school for school, _ in letters}) < 2 or not any(
            x.status in ("new", "written") for _, x in letters
        ):
            continue
        each = " and ".join(
            f"{letter_name(x.template)} at {school} ({x.upn}, to {x.recipient_name}"
            + (", already sent this half term)" if x.status == "already sent" else ")")
            for school, x in letters
        )
        lines.append(
            f"two letters for one child? '{surname or '?'}, {forename or '?'}' born "
            f"{dob:%d/%m/%Y} (two UPNs, above): {made} {each}: if this is one child, "
            "the family gets two letters about them, one from each school's register: "
            "decide which school writes, and send one"
        )
    return lines


def _letters_one(
    exports: Sequence[Path] | LoadResult, cfg: Config, out: Path | None, contacts: Path, as_of: str | None,
    period_from: str | None, dry_run: bool, resend: bool, only: list[str] | None, force: bool,
    preset: str | None, include_held: bool, release: list[str] | None, pupils: Path | None,
    identities: bool = False, release_elsewhere: bool = False,
) -> LettersRun:  # fmt: skip
    """One school's letters (each school's, on its own letterhead, under --per-school);
    ``identities``: the run keeps its pupils' UPNs, names and dates of birth."""
    from attcli.letters.run import run_letters

    with _progress(dry_run) as progress:
        run = run_letters(
            exports,
            cfg,
            contacts=contacts,
            out_dir=out,
            as_of=parse_date_option("--as-of", as_of),
            period_start=parse_date_option("--from", period_from),
            dry_run=dry_run,
            resend=resend,
            only=only or None,
            force=force,
            preset=preset,
            include_held=include_held,
            release=release or (),
            pupils=read_pupils_option(pupils, cfg.columns),
            load_progress=load_exports_with_progress(),
            progress=progress,
            identities=identities,
            release_elsewhere=release_elsewhere,
        )
    _print_run(run)
    return run


class _progress:
    """A Rich progress bar on a terminal (stderr), nothing otherwise, nor on a dry run (it
    writes no letter: "writing letters ━━━ 0/?" stood still through it: sweep looks8)."""

    def __init__(self, dry_run: bool = False) -> None:
        self.dry_run = dry_run

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.dry_run or not err_console.is_terminal:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.bar = Progress(
            "writing letters",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("letters", total=None)

        def update(done: int, total: int) -> None:
            self.bar.update(self.task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if hasattr(self, "bar"):
            self.bar.stop()


def _print_run(run: LettersRun) -> None:
    from attcli.config import letter_name

    ht = run.half_term
    verb = "would write" if run.dry_run else "written"
    # a long list is printed as plain lines (attcli.terminal): Rich took 25 s for 10,000
    print_rows(
        console,
        f"Letters for {ht.name} (figures as of {run.figures_end or run.as_of:%d/%m/%Y})",
        ("UPN", "pupil", "letter", "to", "status", "file"),
        [
            (
                x.upn,
                x.pupil_name,
                letter_name(x.template) + (f" (letter {x.stage})" if x.stage > 1 else ""),
                x.recipient_name,
                {"new": verb, "written": "written", "already sent": "already sent"}[x.status],
                x.file,
            )
            for x in run.letters
        ],
        whole=(5,),  # the file's name, attcli's own: whole, to be found in the folder
    )
    # the letters not made, each list with why: attcli's own sentences, shown whole
    for title, items, style in (
        ("No usable contact: these letters were NOT made", run.no_contact, "yellow"),
        (
            "Held for review: these letters were NOT made (--release UPN or --include-held "
            "to make them)",
            run.held,
            "yellow",
        ),
        (
            "Improved since a more serious letter this half term (this term, for a band "
            "whose letter goes once a term): no milder letter made",
            run.improved,
            None,
        ),
        (
            "Sent once a term: this term's letter went in an earlier half term",
            run.this_term,
            None,
        ),
        (
            "Already warned: no penalty-notice warning made (no unauthorised absence since "
            "the last one's figures)",
            run.warned,
            None,
        ),
        (
            "No longer called for: letters sent this half term or last that the register, "
            "corrected since, does not support",
            run.no_longer,
            "yellow",
        ),
    ):
        if items:
            print_rows(
                console,
                title,
                ("UPN", "pupil", "letter", "why"),
                [(u.upn, u.pupil_name, letter_name(u.template), u.reason) for u in items],
                **({"style": style} if style else {}),
                whole=(3,),
            )
    if run.to_decide:
        print_rows(
            console,
            "For a person to decide",
            ("UPN", "pupil", "letter", "why"),
            [(u.upn, u.pupil_name, letter_name(u.template), u.reason) for u in run.to_decide],
            whole=(3,),
        )
    print_notes([*run.notes, *_clock.future_note(run.as_of)])  # may name a pupil
    if run.problems:
        say_problems(run.problems, err=False)
    n_new, n_old = len(run.new), len(run.already_sent)
    held = f"; {len(run.held)} held for review" if run.held else ""
    if run.dry_run:
        # (the time drafting them all took: "each drafted: 1.84 s" read as each letter's
        # time, sweep looks17)
        every = "all drafted" if n_new != 1 else "drafted"
        drafted = f" ({every} in {run.drafted_seconds:.2f} s)" if n_new else ""
        console.print(
            f"dry run: {n_new} letter{'s' if n_new != 1 else ''} would be written{drafted}; "
            f"{n_old} already sent this half term{held}",
            highlight=False,
        )
        return
    console.print(
        f"{n_new} letter{'s' if n_new != 1 else ''} written to {run.out_dir} in "
        f"{run.seconds:.1f} s; {n_old} already sent this half term (--resend to send again)"
        f"{held}",
        highlight=False,
        markup=False,  # (a folder named "Letters [Autumn]" was said "Letters ")
    )
    if run.by_email:
        n = len(run.by_email)
        by_email = "; ".join(f"{x.file} to {x.contact.email}" for x in run.by_email[:10])
        more = f"; and {n - 10} more (manifest.csv, send_by)" if n > 10 else ""
        console.print(
            Text(
                f"{n} letter{'s' if n != 1 else ''} to send by email (not in the print file): "
                f"{by_email}{more}"
            )
        )
    if run.combined is not None:
        earlier = run.combined_earlier
        what = (
            "this run's new letters only"
            if not earlier
            else f"this run's new letters, and {earlier} an earlier run wrote and was stopped "
            "before it made their print file: print them all, they have not gone"
        )
        console.print(f"to print: {shown(str(run.combined))} ({what})", highlight=False, markup=False)
    else:
        console.print("nothing new to print", highlight=False)
    if run.manifest is not None:
        console.print(f"list: {shown(str(run.manifest))}", highlight=False, markup=False)


# --------------------------------------------------------------------------- attcli pn

pn_app = typer.Typer(
    help="Penalty notices issued: record them, void them, list them, and what the next one "
    "would be.",
    no_args_is_help=True,
)

ParentOpt = Annotated[
    str,
    typer.Option(
        "--parent",
        metavar="NAME",
        help="The parent the notice was issued to: their name or contact id as in the "
        "contacts export.",
        show_default=False,
    ),
]
UpnArg = Annotated[str, typer.Argument(metavar="UPN", help="The pupil's UPN.", show_default=False)]


def _store(config: Path | None, *, write: bool = False) -> History | None:
    """The workspace's history store, or None when it has none yet (never made here)."""
    from attcli.config import load_config
    from attcli.store import History, history_path

    path = history_path(load_config(config))  # no workspace: an error saying how to make one
    if not path.exists():
        return None
    return History(path, write=write)


@contextmanager
def _open(config: Path | None, *, write: bool = False) -> Iterator[History | None]:
    store = _store(config, write=write)
    try:
        yield store
    finally:
        if store is not None:
            store.close()


def _date(name: str, value: str | None) -> dt.date:
    day = parse_date_option(name, value)
    return day or _clock.today()


def _notice_to_improve_running(
    store: History, config: Path | None, upn: str, on: dt.date
) -> str | None:
    """The line for a notice to improve on record whose improvement period runs on ``on``
    (:func:`attcli.ladder.notice_to_improve_on_record`, as the weekly check reads it); one
    ended is `attcli cases`'s to judge: None."""
    from attcli.config import load_config
    from attcli.ladder import notice_to_improve_on_record, notice_to_improve_text

    cfg = load_config(config)
    if not cfg.escalation.configured:
        return None
    given = notice_to_improve_on_record(
        cfg.escalation, [(a.action, a.done_on) for a in store.actions(upn)], on,
        cfg.half_terms, cfg.inset_days,
    )  # fmt: skip
    if given is None or on > given[2]:
        return None
    return notice_to_improve_text(given[1], given[2], on)


@pn_app.command("record")
def pn_record(
    upn: RegisterUpnArg,
    exports: ExportsArg,
    parent: ParentOpt,
    date: Annotated[
        str,
        typer.Option(
            "--date",
            metavar="DATE",
            help="Date issued, YYYY-MM-DD or DD/MM/YYYY (not in the future).",
            show_default=False,
        ),
    ],
    contacts: Annotated[
        Path,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: finds the pupil and the parent's contact id.",
            show_default=False,
        ),
    ],
    request_as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The as-of date of the request's evidence (evidence --as-of): the notice "
            "covers the \\[penalty_notice] weeks (10 school weeks by default) up to it (default: "
            "up to --date).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", metavar="TEXT", help="A note, e.g. the LA reference.")
    ] = "",
    by: ByOpt = "",
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Record a pupil or parent the exports or contacts do not know, by the name "
            "typed.",
        ),
    ] = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """Record a penalty notice to a parent about a pupil, and the sessions the exports show it covers."""
    from attcli.config import load_config
    from attcli.notices import record_notice

    issued = parse_date_option("--date", date)
    assert issued is not None
    # a trust's school's own file: its term dates and penalty-notice rule, as its check and
    # evidence pack read it (the notice covers the window the request rested on)
    cfg = school_config(load_config(config), exports)
    pupil_list = read_pupils_option(pupils, cfg.columns)  # before the (slow) load
    r = record_notice(
        exports,
        cfg,
        upn=upn,
        parent=parent,
        issued_on=issued,
        contacts=contacts,
        request_as_of=parse_date_option("--as-of", request_as_of),
        note=note,
        by=by,
        force=force,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=pupil_list,
    )
    n = r.notice
    who = f"{n.parent}" + (f" (contact {r.parent_id})" if r.parent_id else "")
    console.print(
        Text(
            f"recorded: penalty notice {n.id} to {who} about {n.upn} on {n.issued_on:%d/%m/%Y}"
        )
    )
    if r.window is not None:
        console.print(
            f"it covers {len(r.sessions)} unauthorised session{'s' if len(r.sessions) != 1 else ''}"
            f" of the window {r.window[0]:%d/%m/%Y} to {r.window[1]:%d/%m/%Y}"
            + (
                f" (the request's, as of {r.request_as_of:%d/%m/%Y})"
                if r.request_as_of is not None
                else ""
            ),
            highlight=False,
        )
    for line in r.shared_lines():
        console.print(Text(line))
    # no date of birth kept with it: the age unknown said beside it, as pn next says it
    from attcli.store import NOTICE_AMOUNTS, before_framework_text, with_age_said

    if r.notice.before_framework:  # (counts toward no limit: DOMAIN.md 5, sweep rules3)
        console.print(before_framework_text(r.notice), highlight=False)
    else:
        console.print(
            with_age_said(
                f"this was the {r.kind} notice within 3 years ({NOTICE_AMOUNTS[r.kind]})",
                None if r.notice.pupil_dob is None else True,
            ),
            highlight=False,
        )
        for n in r.uncounted:  # (an earlier notice "first" leaves out: why, beside it)
            console.print(before_framework_text(n), highlight=False)
    for i in r.relinked:
        err_console.print(
            f"note: notice {i}, recorded by name before contact ids, is this parent's: linked",
            style="dim",
            highlight=False,
        )
    for w in r.warnings:
        say(f"warning: {w}", "yellow")


@pn_app.command("void")
def pn_void(
    notice_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", help="The notice's number (see attcli pn list).", show_default=False
        ),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason", metavar="TEXT", help="Why it is void, e.g. recorded in error.",
            show_default=False,
        ),
    ],
    by: ByOpt = "",
    config: ConfigOpt = None,
) -> None:
    """Void a notice recorded in error: it stays on record, marked, with who and why."""
    with _open(config, write=True) as store:
        if store is None:
            raise AttcliError(f"no penalty notice {notice_id} on record (no history yet)")
        n = store.void_notice(notice_id, reason, by)
    console.print(
        Text(
            f"voided: penalty notice {n.id} to {n.parent} about {n.upn} on "
            f"{n.issued_on:%d/%m/%Y} ({n.voided_by}, {recorded_time(n.voided_at)}: {n.void_reason}); it no "
            "longer counts"
        )
    )


@pn_app.command("list")
def pn_list(
    upn: Annotated[
        str | None, typer.Option("--upn", metavar="UPN", help="Only this pupil.")
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option("--parent", metavar="NAME", help="Only this parent (name or contact id)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    config: ConfigOpt = None,
) -> None:
    """List the penalty notices recorded, oldest first; voided ones are marked."""
    from attcli.config import load_config
    from attcli.store import (
        before_framework_note,
        before_framework_text,
        name_key,
        next_notice,
        next_notice_text,
        notice_fields,
        quoted_notice_on,
    )

    # a trust's notices say the school whose register each was recorded from (version 20)
    schools = {sec.key: sec.school.name for sec in load_config(config).schools}

    today = _clock.today()
    rows = []
    with _open(config) as store:
        if upn and store is not None:  # (1003 is the 001003 of the notices on record)
            upn = match_typed_id(upn, _notice_upns(store), where="the notices on record")
        notices = store.notices(upn, include_void=True) if store is not None else []
        if parent:
            want, every = name_key(parent), notices
            notices = [
                n
                for n in notices
                if name_key(n.parent) == want or n.parent_key == f"id:{parent.strip()}"
            ]
            if not notices and want:  # "Mrs Smith" for Mrs Jo Smith: never a bare "none"
                near = {
                    f"{n.parent} (contact {n.parent_key[3:]})"
                    if n.parent_key.startswith("id:")
                    else n.parent
                    for n in every
                    if name_key(n.parent).split()[-1:] == want.split()[-1:]
                }
                if near:
                    say(
                        f"note: no notice on record to {parent.strip()!r}; there are to "
                        f"{', '.join(sorted(near))}: give the name as recorded or the contact id",
                        "dim",
                    )
        names: dict[str, str] = {}
        borns: dict[str, dt.date | None] = {}
        # a counting notice deleted with `pupil forget --force`: the notice quoted today
        # may be one later than the notices on record say (as `pn next` warns)
        forgotten: dict[tuple[str, str], str | None] = {}
        for n in notices:
            if n.upn not in names:  # older notices kept no name: from the record
                names[n.upn] = n.pupil_name or store.pupil_name(n.upn)
                borns[n.upn] = store.pupil_dob(n.upn)  # likewise the date of birth
            if (n.upn, n.school) not in forgotten:  # (the notice's school's child)
                forgotten[(n.upn, n.school)] = store.notice_forgotten(
                    n.upn, today, n.school or None  # ('': a notice of every school's)
                )
            born = n.pupil_dob or borns[n.upn]
            kind = next_notice(store, n.upn, n.parent_key, today, school=n.school)
            nxt, csa = quoted_notice_on(
                kind, born, today
            )  # DOMAIN.md 5: none quoted for a pupil not of compulsory school age
            rows.append(
                (
                    n,
                    n.pupil_name or names[n.upn],
                    len(store.notice_sessions(n.id)),
                    None if n.void else nxt,
                    born,
                    csa,
                    # (the JSON's: null for a pupil of unknown age, the reason beside it)
                    notice_fields(None if n.void else kind, csa, "next_notice_today", "next_notice"),
                )
            )
    if as_json:
        from attcli.output import json_time

        # (to a file or a pipe every character kept; to a screen escaped: emit)
        emit(
            json.dumps(
                [
                    {
                        "id": n.id,
                        "upn": n.upn,
                        "pupil": name,
                        "parent": n.parent,
                        "parent_key": n.parent_key,
                        "issued_on": n.issued_on.isoformat(),
                        "note": n.note,
                        # (before the framework: on record, counting toward no limit, in
                        # the pack's words; null for a notice that counts: sweep rules4)
                        "not_counted": before_framework_text(n) if n.before_framework else None,
                        "sessions_covered": covered,
                        "recorded_at": json_time(n.recorded_at),
                        "recorded_by": n.recorded_by,
                        "void": n.void,
                        "voided_at": json_time(n.voided_at),
                        "voided_by": n.voided_by,
                        "void_reason": n.void_reason,
                        **said,
                        "pupil_dob": born and born.isoformat(),
                        "compulsory_school_age": csa,
                        "school": n.school,
                        "deleted_notice": None if n.void else forgotten.get((n.upn, n.school)),
                    }
                    for n, name, covered, _, born, csa, said in rows
                ],
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            None,
            False,
        )
        return
    live = sum(1 for n, *_ in rows if not n.void)
    by_school = any(n.school for n, *_ in rows)  # (a trust's: the school column)
    # the house table (attcli.terminal.print_rows): a UPN is never cut (siblings' UPNs
    # differ in the last digits: "D100000000…" told them apart from nothing), the pupil's
    # name beside it; too wide for the terminal, each notice is a block
    print_rows(
        console,
        live_and_void("Penalty notices recorded", live, len(rows)),
        ("ID", *(("school",) if by_school else ()), "UPN", "pupil", "parent", "issued",
         "sessions", "note", "next notice, or void"),  # fmt: skip
        [
            (
                n.id,
                *((schools.get(n.school, n.school) or "-",) if by_school else ()),
                n.upn,
                name,
                n.parent + (f" ({n.parent_key[3:]})" if n.parent_key.startswith("id:") else ""),
                f"{n.issued_on:%d/%m/%Y}",
                covered,
                "; ".join(x for x in (n.note, before_framework_note(n)) if x),
                # (a void notice's row said "a notice today would be: VOID (...)", its
                # column's heading; sweep looks5)
                f"VOID ({n.voided_by}, {recorded_time(n.voided_at)}: {n.void_reason})"
                if n.void
                else next_notice_text(str(nxt), csa),
            )
            for n, name, covered, nxt, _, csa, _ in rows
        ],
    )
    keys = sorted({(n.upn, n.school) for n, *_ in rows if not n.void})
    for said in dict.fromkeys(w for k in keys if (w := forgotten.get(k))):
        err_console.print(Text(f"warning: {said}", style="yellow"))


def _one_school_of(
    said: RecordedParent, upn: str, parent: str, config: Path | str | None
) -> str:
    """The trust's school whose notices ``pn next`` counts without contacts: that of the
    notices on record to the parent typed (their school's alone are theirs: Ash's contact
    501 about Ash's 1001 is not Birch's 501 about Birch's 1001, DOMAIN.md 5, as
    leftovers17 counts with --contacts); '' for a school's own workspace.  Notices of two
    schools under what was typed are two parents about two children: refused, not added."""
    if len(said.schools) <= 1:
        return next(iter(said.schools), "")
    from attcli.config import load_config
    from attcli.percent import listed

    cfg = load_config(config)
    names = {s.key: s.school.name for s in cfg.schools}
    which = listed([f"{names.get(k, k)} ({k})" for k in sorted(said.schools)])
    raise AttcliError(
        f"{parent.strip()!r} names notices on record about {upn} at two schools, {which}: "
        "two children and two parents sharing these ids, whose notices are counted separately; "
        "give --contacts FILE (the contacts export of the child's school) to say which"
    )


def _notice_upns(store: History) -> set[str]:
    """The pupils' ids the notices on record (void ones too) are kept under."""
    return {n.upn for n in store.notices(include_void=True)}


@pn_app.command("next")
def pn_next(
    upn: UpnArg,
    parent: Annotated[
        str,
        typer.Option(
            "--parent",
            metavar="NAME",
            help="The parent the next notice would be to: their name or contact id as in "
            "the contacts export, or as on the notices on record.",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="On this date (default: today)."),
    ] = None,
    contacts: Annotated[
        Path | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            parser=given_contacts,
            help="MIS contacts export: finds the parent's contact id.",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Would the next notice be a first, a second, or not allowed (alternative action)?"""
    from attcli.notices import RecordedParent, recorded_parent
    from attcli.store import (
        NEXT_FIRST,
        before_framework_text,
        next_kind,
        next_notice_text,
        quoted_notice_on,
        recent_notices,
    )

    upn = typed_id(upn)  # as the exports read it (e999... is E999...)
    if not upn or not parent.strip():
        raise AttcliError("give the UPN and --parent")
    on = _date("--date", date)
    keys: set[str] = set()
    school = ""  # (a trust's school whose child and parent are asked about: '' every one)
    if contacts is not None:
        from attcli.config import load_config
        from attcli.contacts import read_contacts
        from attcli.notices import refuse_council, resolve_parent

        cfg = load_config(config)
        book = read_contacts(contacts, cfg)
        book.refuse_pupil_list(None)  # no register: the pupils' names are not known
        # an MIS id typed without its leading zeros is the contacts' (1003 is 001003), as
        # `pn record` reads it
        upn = match_typed_id(upn, book.by_upn, where=str(contacts))
        who, contact = resolve_parent(
            book, upn, parent, source=str(contacts), force=False,
            otherwise="leave out --contacts to go by the names on the notices on record",
        )  # fmt: skip
        refuse_council(contact, "to ask about")  # (as pn record: lac sweep)
        keys.add(who.key)
        if contact is not None:  # (a trust's id at two schools: the parent's school's rows
            # alone, so another school's child's council does not say this one is looked
            # after; sweep leftovers16), and that school's notices alone are theirs (another
            # school's child and parent under the same ids are others; sweep leftovers17)
            school = book.school_key_of(cfg, contact)
            book = book.of_contacts_school(cfg, contact)
    said = RecordedParent(None)
    with _open(config) as store:
        if store is not None:
            if contacts is None:
                # (1003 is the 001003 of the notices on record, as `pn record` reads it)
                upn = match_typed_id(upn, _notice_upns(store), where="the notices on record")
                said = recorded_parent(store.notices(upn), upn, parent)
                keys = {said.key} if said.key is not None else set()
                school = _one_school_of(said, upn, parent, config)
            if contacts is not None and contact is not None:
                from attcli.notices import parent_keys

                # (their notices recorded by a name of theirs too: one person, as `pn
                # record` and the letters count them)
                keys = set(parent_keys(store, upn, contact))
            counting = sum(len(recent_notices(store, upn, k, on, school=school)) for k in keys)
            kind = next_kind(counting) if keys else "first"
            if contacts is not None and contact is not None:
                from attcli.notices import under_another_id, under_another_id_text

                moved = under_another_id(store, upn, contact, book, on)
                if moved:  # a parent is the contact id: the same name under another is said
                    counting += len(moved)
                    said = RecordedParent(
                        None,
                        warning=under_another_id_text(moved, upn, contact, str(contacts), book)
                        + f"; if so, the next notice to them would be "
                        f"{next_notice_text(next_kind(counting))}",
                    )
            if not said.warning:
                from attcli.notices import under_another_upn, under_another_upn_text
                from attcli.store import name_key

                # a notice is per parent and pupil: the same child's under a UPN replaced
                # is said (a second notice quoted as a first, else); by name, the parent's
                # notices about any pupil
                mine = keys or {
                    n.parent_key for n in store.notices()
                    if name_key(n.parent) == name_key(parent)
                    or n.parent_key == f"id:{parent.strip()}"
                }  # fmt: skip
                twin = under_another_upn(store, upn, mine, on)
                if twin:
                    said = RecordedParent(
                        said.key,
                        note=said.note,
                        warning=under_another_upn_text(twin, upn, store)
                        + "; if one child, the next notice to them would be "
                        f"{next_notice_text(next_kind(counting + len(twin)))}",
                    )
            born = store.pupil_dob(upn)  # kept with the notices: no register read
            on_record = bool(store.notices(upn, school=school))  # (voided ones left out)
            running = _notice_to_improve_running(store, config, upn, on)
            # (deleted with --force: said) of the child's school where the workspace knows
            # it: a trust's "1003" at Ash and at Birch are two children; the parent's notices
            # about this id on record say which is asked about (as `pn list` goes by a
            # notice's school); none, or of two schools: not known, every school's said
            at = {
                n.school
                for n in store.notices(upn, include_void=True, school=school)
                if n.parent_key in keys
            }
            forgotten = store.notice_forgotten(upn, on, next(iter(at)) if len(at) == 1 and "" not in at else None)
            # the parent's notices on record issued before the framework: why they are not
            # counted, in the pack's and `pn record`'s words (sweep rules4)
            before = [
                before_framework_text(n) for k in keys for n in store.notices(upn, k, school=school)
                if n.before_framework and n.issued_on <= on
            ]  # fmt: skip
        else:
            kind, born, running, forgotten, on_record = "first", None, None, None, False
            before = []
    kind, csa = quoted_notice_on(kind, born, on)  # DOMAIN.md 5, docs/decisions.md
    quoted = next_notice_text(kind, csa)
    if contacts is not None and kind == NEXT_FIRST:
        from attcli.check import looked_after_notice
        from attcli.looked_after import looked_after
        from attcli.store import NEXT_LOOKED_AFTER, looked_after_quote

        # a looked-after pupil with no notice on record is quoted none, as check, the record
        # and the evidence pack quote it: by the one rule, the contacts its one source (no
        # register read; sweep lacla)
        lac = looked_after(book.councils(upn), None)
        if looked_after_quote(kind, lac.said, on_record=on_record) == NEXT_LOOKED_AFTER:
            quoted = f"none quoted: {looked_after_notice(lac.whose or '')}"
    console.print(quoted, highlight=False, markup=False)
    if running is not None:  # an improvement period running: what it allows, as check says
        print_notes([running])
    if said.note:  # a parent is the contact id: the name matched one, which is said
        print_notes([said.note])
    print_notes(before)
    if said.warning:  # a name typed differently must not pass for a parent with no notices
        err_console.print(Text(f"warning: {said.warning}", style="yellow"))
    if forgotten:  # a counting notice deleted with `pupil forget --force`
        err_console.print(Text(f"warning: {forgotten}", style="yellow"))
