"""``attcli evidence``: a thin command over :mod:`attcli.evidence.build` and its PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from attcli.cliutil import (
    AsOfOpt,
    ConfigOpt,
    ExportsArg,
    ForceOpt,
    Format,
    PresetOpt,
    PupilsOpt,
    RegisterUpnArg,
    emit,
    given_contacts,
    load_exports_with_progress,
    output_first,
    output_path,
    parse_date_option,
    print_notes,
    read_pupils_option,
    say,
    school_config,
)
from attcli.errors import AttcliError


def evidence_command(
    upn: RegisterUpnArg,
    exports: ExportsArg,
    kind: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="KIND",
            help="penalty-notice, notice-to-improve or referral.",
            show_default=False,
        ),
    ],
    contacts: Annotated[
        Path,
        typer.Option(
            "--contacts", metavar="FILE", help="MIS contacts export: the parents.", parser=given_contacts,
            show_default=False,
        ),
    ],
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            metavar="NAME|ID",
            help=(
                "The parent (default: the priority contact with parental responsibility "
                "who may be sent letters)."
            ),
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            help="Notice to improve: the improvement period, 3 to 6 school weeks (default: "
            "the ladder's notice_to_improve stage's, else 3).",
        ),
    ] = None,
    improvement: Annotated[
        str | None,
        typer.Option(
            "--improvement",
            metavar="TEXT",
            help="Notice to improve: what counts as improvement (default: the ladder's "
            "notice_to_improve stage's rule, else no unauthorised "
            "absence during the improvement period, and every absence explained to the "
            "school on its first day).",  # (evidence.build.DEFAULT_IMPROVEMENT: tested)
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Write the pack even when it is not complete, marked DRAFT."),
    ] = False,
    as_of: AsOfOpt = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            metavar="json",
            help="json, for an LA portal (default: the PDF, -o FILE.pdf).",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE",
            help="The pack's file, FILE.pdf (with --format json: FILE.json, or leave it out "
            "for the screen).",
            parser=output_path,
        ),
    ] = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    preset: PresetOpt = None,
    pupils: PupilsOpt = None,
) -> None:
    """An evidence pack for the local authority (PDF; --format json for a portal).

    Refused, with every problem listed, while the register it shows is not complete."""
    from attcli.config import load_config
    from attcli.evidence.build import PENALTY_NOTICE, load_pack, pack_json, typed_kind

    suffix = output.suffix.lower() if output is not None else ""
    as_json = fmt is Format.json or suffix == ".json"
    if fmt not in (None, Format.json):
        raise AttcliError(f"--format {fmt.value}: an evidence pack is a PDF (-o FILE.pdf) or json")
    if fmt is Format.json and suffix == ".pdf":  # (JSON in a file named .pdf opens nowhere)
        raise AttcliError(
            f"--format json does not match --output {str(output)!r} (an evidence pack's .pdf "
            "file is a PDF); give a file ending .json, or leave out --format"
        )
    if not as_json and suffix != ".pdf" and output is not None:  # (its name, as typed)
        raise AttcliError(
            f"--output {str(output)!r}: an evidence pack is a PDF; give a file ending .pdf "
            "(or .json, for an LA portal)"
        )
    if not as_json and suffix != ".pdf":
        raise AttcliError(
            "give the pack's file name, -o FILE.pdf (or --format json for an LA portal)"
        )
    output_first(output, force)  # fail before the (slow) load
    kind = typed_kind(kind)
    cfg = school_config(load_config(config), exports)
    if kind == PENALTY_NOTICE and not draft:  # (recorded: in the school's one history)
        from attcli.store import no_second_history, separate_from_trust

        separate_from_trust(cfg, "evidence")
        no_second_history(cfg, "evidence")
    pupil_list = read_pupils_option(pupils, cfg.columns)  # before the (slow) load
    pack = load_pack(
        exports,
        cfg,
        upn,
        kind,
        contacts=contacts,
        parent=parent,
        as_of=parse_date_option("--as-of", as_of),
        improvement_weeks=weeks,
        improvement=improvement,
        preset=preset,
        progress=load_exports_with_progress(),
        pupils=pupil_list,
    )
    if draft and pack.no_parent is not None:  # (what stops a draft: its problems go on its
        raise AttcliError(pack.no_parent)  # first page, and it names the parent)
    if pack.problems and not draft:
        for line in pack.rec.packs_changed:  # (an earlier request on marks corrected since)
            say(line)
        for p in pack.problems:
            say(f"  {p.text()}")
        n = len(pack.problems)
        raise AttcliError(
            f"the {kind} pack for {pack.rec.upn} is not complete: {n} problem"
            f"{'s' if n != 1 else ''} above (the local authority would return it); "
            + (
                f"fix {'them' if n != 1 else 'it'} in the MIS"
                if all(p.in_register for p in pack.problems)
                # ("see each" of one problem: sweep looks12)
                else f"see {'each' if n != 1 else 'it'} for what, if anything, would fix it"
            )
            + (
                ", or write a draft with --draft"
                if pack.no_parent is None
                else "; the parent first: a draft names them too"
            )
        )
    boxes: list[str] = []  # (a draft with characters no font has)
    from contextlib import ExitStack

    with ExitStack() as stack:
        # a penalty-notice request made (not a draft) is recorded, so that a correction
        # since is said of it (attcli.pack_marks): the history's run lock is taken before
        # the file is written (another run holding it: refused, no pack unrecorded)
        store = None
        if kind == PENALTY_NOTICE and not draft:
            from attcli.store import History, history_path

            store = stack.enter_context(History(history_path(cfg), write=True))
        if as_json:
            text = json.dumps(pack_json(pack), ensure_ascii=False, indent=2)
            emit(text + "\n", output, force)
        else:
            from attcli.evidence.pdf import pack_pdf
            from attcli.letter_settings import LetterSettings

            fonts = LetterSettings.from_config(cfg).fonts  # the letters' font folder, as pupil --pdf
            pdf = pack_pdf(pack, draft=draft, fonts=[fonts] if fonts else None, notes=boxes)
            emit(pdf, output, force)
        recorded = repeated = None
        if store is not None:
            from attcli.pack_marks import keep, repeats, reprint_of

            rec = pack.rec
            marks = keep(rec.evaluation, rec.school, rec.upn, pack.window)
            # (the same request made again, a JSON after the PDF: recorded once)
            again = reprint_of(
                store, rec.school, rec.upn, pack.parent.parent.key, pack.window,
                cfg.pn_sessions, pack.sessions, marks,
            )  # fmt: skip
            if again is not None:
                recorded = (
                    f"not recorded again: penalty-notice pack {again.id} about {rec.upn}, made "
                    f"{again.made_on:%d/%m/%Y} (to {again.parent}, window "
                    f"{again.window[0]:%d/%m/%Y} to {again.window[1]:%d/%m/%Y}, the same "
                    "marks), is this request; a copy is not a second one"
                )
            else:
                # (read before this one is recorded: the earlier requests on these sessions)
                repeated = repeats(
                    store, rec.school, rec.upn, pack.parent.parent.key, pack.window,
                    pack.sessions,
                )  # fmt: skip
                pack_id = store.record_pack(
                    school=rec.school, upn=rec.upn,
                    pupil_name=" ".join(
                        str(x) for x in (rec.row.get("forename"), rec.row.get("surname")) if x
                    ),
                    parent=pack.parent.parent, kind=kind, made_on=pack.made_on,
                    as_of=pack.as_of, window=pack.window, threshold=cfg.pn_sessions,
                    sessions=pack.sessions, marks=marks,
                    file=str(output) if output is not None else "",
                )  # fmt: skip
                recorded = (
                    f"recorded: penalty-notice pack {pack_id} about {rec.upn}, made "
                    f"{pack.made_on:%d/%m/%Y} ({len(pack.sessions)} unauthorised sessions, "
                    f"{pack.window[0]:%d/%m/%Y} to {pack.window[1]:%d/%m/%Y}): `check` and "
                    "`pupil` say if a correction changes them before the notice is recorded"
                )
    from attcli.clock import future_note

    # (not the check's line on what NEW compares with: a pack marks nothing NEW)
    said = [w for w in pack.rec.warnings if w != pack.rec.compare_note]
    said += pack.rec.left_out_said()  # (the notes naming another pupil, counted)
    notes = said + future_note(pack.rec.evaluation.as_of) + boxes
    # (the letters and packs on record resting on marks changed since: the record's, as
    # `pupil` says them)
    notes += pack.rec.letters_changed + pack.rec.packs_changed
    if kind == PENALTY_NOTICE:
        notes.append(
            recorded
            or "not recorded: a draft is no request (made without --draft, once complete, "
            "the pack is recorded)"
        )
        if repeated:
            notes.append(repeated)
    if pack.problems:
        from attcli.percent import counted

        listed = counted(len(pack.problems), "problem")
        notes.append(f"written as a DRAFT: {listed} listed on its first page")
    print_notes(notes)
