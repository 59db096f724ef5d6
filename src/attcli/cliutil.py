"""What every command shares: consoles, option types, dates, the workspace notice,
output formats, notes and writing output."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from attcli.errors import AttcliError, OutputError, shown

if TYPE_CHECKING:
    from attcli.config import Config
    from attcli.loaders import LoadResult, PupilList
    from attcli.workspace import Workspace


class SafeConsole(Console):
    """Rich's console, but the text of everything it prints is made safe for a terminal
    (:func:`attcli.terminal.screen_text`: control characters U+FFFD, bidirectional
    overrides dropped): a line that names a pupil and forgot ``terminal_text`` still
    cannot clear or recolour the screen or print a link.  Rich's own styles and cursor
    controls (segments it draws, not text) are left as they are.  Every console attcli
    prints to is one (the text formats' sinks too).  Its tables and lines never wrap
    between a figure and its "%", a date and its session, nor at a no-break space
    (:func:`attcli.terminal.keep_units_whole`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from attcli.terminal import keep_units_whole

        keep_units_whole()
        super().__init__(*args, **kwargs)

    def _render_buffer(self, buffer) -> str:  # type: ignore[no-untyped-def]
        return super()._render_buffer(_screen_segments(buffer))

    @property  # type: ignore[override]
    def legacy_windows(self) -> bool:
        """Rich's rendering for a Windows console without VT codes (cmd on Windows 10): it
        writes each segment's text with win32 calls, past :meth:`_render_buffer`.  Rich
        takes a stdout redirected to a file on Windows for one too (it has no console mode
        to read), so ``check > week.txt`` kept a table's padding spaces: a file or a pipe
        is never a console, and is written as on any other system."""
        legacy = self.__dict__.get("_legacy_windows", False)
        return legacy and ("_file" not in self.__dict__ or self.is_terminal)

    @legacy_windows.setter
    def legacy_windows(self, value: bool) -> None:
        self._legacy_windows = value

    def _check_buffer(self) -> None:
        if self.legacy_windows:  # (its segments are written as they are: made safe first)
            self._buffer[:] = _screen_segments(self._buffer)
        super()._check_buffer()


def _screen_segments(buffer):  # type: ignore[no-untyped-def]
    """Rich's segments, the text of each (not Rich's own controls) made safe for a terminal
    (:func:`attcli.terminal.screen_text`)."""
    from rich.segment import Segment

    from attcli.terminal import screen_text

    return [seg if seg.control else Segment(screen_text(seg.text), seg.style) for seg in buffer]


class _Console(SafeConsole):
    """A :class:`SafeConsole`, but a closed pipe (``attcli check ... | head``) is left to
    :func:`attcli.cli.main`, which exits 0: Rich itself exits 1."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError

    def _render_buffer(self, buffer) -> str:  # type: ignore[no-untyped-def]
        """To a file or a pipe, lines without the spaces Rich pads tables and wrapped
        text out to the width with (a check piped into an email or a file was a column
        of trailing spaces); a terminal gets them as Rich draws them."""
        text = super()._render_buffer(buffer)
        if self.is_terminal:
            return text
        return "\n".join(line.rstrip(" ") for line in text.split("\n"))


console = _Console()
err_console = _Console(stderr=True)


def _plain_help() -> None:
    """Help that reads as English: no Python type labels.

    Typer 0.2x labels every parameter with its Python type (``<bool>`` after a flag,
    ``<list[Path]>`` after the exports) and puts a required argument in braces in the
    usage line (``{exports}...``).  attcli's options name what they take with a metavar
    (``DATE``, ``FILE``); flags take nothing; a type Typer would print as ``<path>`` or
    ``<str>`` reads ``FILE`` or ``TEXT``.  Older Typers have none of these methods and
    are left as they are.
    """
    from typer import core

    arg, opt = getattr(core, "TyperArgument", None), getattr(core, "TyperOption", None)
    if arg is not None and hasattr(arg, "display_type_rich"):

        def arg_type(self, ctx):  # type: ignore[no-untyped-def]
            return None

        arg.display_type_rich = arg_type
    if arg is not None and hasattr(arg, "_usage_display_name"):

        def usage(self) -> str:  # type: ignore[no-untyped-def]
            name = self.display_name_raw.upper() if self.metavar is None else self.metavar
            if self.metavar is None and self.nargs != 1:
                name += "..."
            return name if self.required else f"[{name}]"

        arg._usage_display_name = usage
    if opt is not None and hasattr(opt, "display_type_rich"):
        original = opt.display_type_rich
        words = {"<path>": "FILE", "<str>": "TEXT", "<int>": "NUMBER", "<float>": "NUMBER"}

        def opt_type(self, ctx):  # type: ignore[no-untyped-def]
            if self.is_flag:
                return None
            label = original(self, ctx)
            if label is None or self.metavar is not None:
                return label
            return words.get(label, label.strip("<>"))

        opt.display_type_rich = opt_type


_plain_help()


def _one_value_each() -> None:
    """An option that takes one value, given twice with two values, is a usage error;
    so is an option's value that is one of the command's options.

    Click keeps the last without a word: ``check --as-of 2026-09-18 --as-of 2026-09-11``
    (a command recalled and a date added) was the check as of 11/09, ``-o a.csv --output
    b.csv`` wrote b.csv.  Which the person meant cannot be known (sweep "slips").  The
    same value twice is read once; flags and options taken again for more (``--release``)
    are untouched.  And click takes whatever follows an option as its value: ``letters
    --out --dry-run`` (the folder left out) wrote and recorded every letter, in a folder
    named ``--dry-run``; ``check -o --force`` wrote a file named ``--force``.  A value
    that is one of the command's options (``--dry-run``, ``-o``, ``--as-of=...``), or
    has the form of a long option (``--dryrun``), is refused: the option's value was left
    out.  Each command's parser is built by ``make_parser``: its options that take a
    value are wrapped.  A Typer without these internals is left as it is."""
    import re

    from typer import core

    usage_error = next(
        (c for c in type.mro(typer.BadParameter) if c.__name__ == "UsageError"), None
    )
    for cls in (getattr(core, "TyperCommand", None), getattr(core, "TyperGroup", None)):
        if cls is None or usage_error is None or not hasattr(cls, "make_parser"):
            continue
        original = cls.make_parser

        def make_parser(self, ctx, _original=original):  # type: ignore[no-untyped-def]
            parser = _original(self, ctx)
            tables = [getattr(parser, t, {}) for t in ("_long_opt", "_short_opt")]
            names = {name for table in tables for name in table}
            found = {id(o): o for table in tables for o in table.values()}
            for opt in found.values():
                if getattr(opt, "action", None) in ("store", "append") and hasattr(opt, "process"):
                    opt.process = _checked(opt, ctx, names)
            return parser

        cls.make_parser = make_parser

    def _checked(opt, ctx, names):  # type: ignore[no-untyped-def]
        process = opt.process
        own = list(getattr(opt, "_long_opts", [])) + list(getattr(opt, "_short_opts", []))
        name = own[0] if own else opt.dest
        what = getattr(getattr(opt, "obj", None), "metavar", None) or "value"

        def checked(value, state):  # type: ignore[no-untyped-def]
            for given in value if isinstance(value, tuple) else (value,):
                if isinstance(given, str) and (
                    given in names
                    or given.split("=", 1)[0] in names
                    or re.fullmatch(r"--[A-Za-z][A-Za-z0-9-]*", given)
                ):
                    raise usage_error(  # type: ignore[misc]
                        f"{name} is followed by the option {given.split('=', 1)[0]}, not its "
                        f"{what}: give {name} its {what} first",
                        ctx=ctx,
                    )
            opts = getattr(state, "opts", {})
            if opt.action == "store" and opt.dest in opts and opts[opt.dest] != value:
                raise usage_error(  # type: ignore[misc]
                    f"{name} is given twice ({opts[opt.dest]!r}, then {value!r}): give it "
                    "once, with the value you mean",
                    ctx=ctx,
                )
            process(value, state)

        return checked


_one_value_each()


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: ``--preset``: the loaders' presets, and the shapes they read.
PRESETS = {"arbor": "arbor", "integris": "integris", "long": "arbor", "wide": "integris"}


def _preset(value: str | None) -> str | None:
    if value is None:
        return None
    key = value.strip().lower()
    if key not in PRESETS:
        raise typer.BadParameter(
            f"{value!r} is not a preset; choose arbor (or long), integris (or wide)"
        )
    return PRESETS[key]


#: who records a notice, a merge or a casebook action (the audit trail)
ByOpt = Annotated[
    str,
    typer.Option(
        "--by", metavar="NAME", help="Who is recording this (default: your user name).",
        show_default=False,
    ),
]
#: who merges or deletes a pupil's records (the audit trail)
DoneByOpt = Annotated[
    str,
    typer.Option(
        "--by", metavar="NAME", help="Who is doing this (default: your user name).",
        show_default=False,
    ),
]


def given_path(value: str) -> Path:
    """A file named on the command line (an export, ``--pupils``, ``--contacts``,
    ``--config``), read from the text given: an empty name (``''``, a variable that was
    empty) is no file, where ``Path('')`` is the current folder ("error: .: this is a
    folder", naming a folder the user never gave)."""
    if not value.strip():
        raise typer.BadParameter(f"{value!r}: the file's name is empty; give the file's name")
    return Path(value)


def given_pupils(value: str) -> Path:
    """:func:`given_path` for ``--pupils``: a file the command reads, which no output of
    it replaces (:func:`attcli.output.reading_also`)."""
    from attcli.output import reading_also

    path = given_path(value)
    reading_also(path, "--pupils")
    return path


def given_contacts(value: str) -> Path:
    """:func:`given_path` for ``--contacts``: a file the command reads, which no output
    of it replaces."""
    from attcli.output import reading_also

    path = given_path(value)
    reading_also(path, "--contacts")
    return path


def given_folder(value: str) -> Path:
    """:func:`given_path` for a folder (``--workspace``, ``--out``, ``--per-school``): an
    empty name is refused, not taken as the current folder."""
    if not value.strip():
        raise typer.BadParameter(f"{value!r}: the folder's name is empty; give the folder's name")
    return Path(value)


#: Endings of the files attcli reads and writes: a folder to be made is not named so.
_FILE_ENDINGS = (".pdf", ".csv", ".xlsx", ".xls", ".json", ".html", ".txt", ".toml")


def output_folder(value: str) -> Path:
    """:func:`given_folder` for a folder attcli writes into and makes if missing
    (``letters --out``, ``--per-school``): a name with a file's ending that is no folder
    yet (``--out letters.pdf``, ``--per-school out/check.csv``) is refused; it made a
    folder of that name, the letters in it (sweep "slips").  A folder that exists, so
    named, is used; a file that exists is refused where the folder is made ("is a file,
    not a folder")."""
    folder = given_folder(value)
    if folder.suffix.lower() in _FILE_ENDINGS and not folder.exists():  # (a file: said later)
        raise typer.BadParameter(
            f"{value!r} ends {folder.suffix}, as a file does: this is the folder the files "
            "are written in (made if missing); give a folder's name"
        )
    return folder


def expand_patterns(exports: list[Path] | None) -> list[Path] | None:
    """The export files as given, each argument that names no file but holds ``*`` or
    ``?`` expanded to the files it matches, in name order: neither cmd nor PowerShell
    expands ``exports\\*.csv`` for a program, as a POSIX shell does (docs/decisions.md);
    Excel's lock files (``~$name.xlsx``, beside an export open in Excel) are left out.
    A name that is a file is that file, whatever its characters; a pattern that matches
    none is one line."""
    from attcli.output import reading

    reading([])
    if not exports:
        return exports
    import glob

    out: list[Path] = []
    for given in exports:
        text = str(given)
        if text == "-" and not given.exists():
            raise AttcliError(
                "-: attcli reads export files, not standard input: save the export to a file "
                "and give its name"
            )
        if given.exists() or not any(c in text for c in "*?"):
            out.append(given)
            continue
        found = sorted(
            (f for f in glob.glob(text) if not Path(f).name.startswith("~$")),
            key=lambda f: (str(Path(f).parent), Path(f).name),
        )  # (not the lock file Excel keeps beside an export open in it, as a shell's
        # pattern leaves out hidden files: the user cannot leave it out of a pattern)
        if not found:
            raise AttcliError(
                f"{text}: no file matches this pattern; give the export files, or a pattern "
                "that matches them (exports/*.csv)" + _other_capitals(text)
            )
        from attcli.output import not_utf8

        if bad := next((line for f in found if (line := not_utf8(f))), None):
            raise AttcliError(bad)  # (a name typed is refused before; a name matched, here)
        out.extend(Path(f) for f in found)
    reading(out)
    return out


def _other_capitals(pattern: str) -> str:
    """After "no file matches this pattern": the files it matches in other capitals
    (``*.CSV`` of files ending ``.csv``, as Windows would match them), said, not read: a
    pattern reads the files it names (sweep "slips"); "" when none."""
    import fnmatch

    folder, name = Path(pattern).parent, Path(pattern).name.casefold()
    try:
        near = sorted(
            q.name for q in folder.iterdir()
            if q.is_file() and not q.name.startswith("~$")
            and fnmatch.fnmatchcase(q.name.casefold(), name)
        )  # fmt: skip
    except OSError:
        return ""
    if not near:
        return ""
    n = len(near)
    return (
        f"; {n} file{'s' if n != 1 else ''} match{'es' if n == 1 else ''} it in other "
        f"capitals ({folder / near[0]}{', ...' if n > 1 else ''}): write the pattern as "
        f"{'their names are' if n > 1 else 'its name is'}"
    )


def _upn_not_a_file(value: str) -> str:
    """A command's UPN argument that is an export's name: the UPN and the exports given the
    other way round (``attcli pupil show EXPORT UPN``), which was "UPN: no such file"."""
    if value and (Path(value).suffix.lower() in (".csv", ".xlsx", ".xls") or Path(value).is_file()):
        raise typer.BadParameter(
            f"{value!r} is a file, not a pupil: give the pupil's UPN first, then the exports"
        )
    return value


#: a UPN looked up in the exports, where an MIS id typed without its leading zeros is found
RegisterUpnArg = Annotated[
    str,
    typer.Argument(
        metavar="UPN",
        help="The pupil's UPN (or MIS id: 1003 finds 001003).",
        show_default=False,
        callback=_upn_not_a_file,
    ),
]

ExportsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Register export files (CSV or XLSX) from your MIS.",
        show_default=False,
        metavar="EXPORT...",
        parser=given_path,
        callback=expand_patterns,
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        metavar="FILE",
        parser=given_path,
        help="The school's config file (default: the workspace's attcli.toml).",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Figures as of this date, YYYY-MM-DD or DD/MM/YYYY (default: the last date "
        "in the data).",
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Start of a shorter period to report on, YYYY-MM-DD or DD/MM/YYYY (default: "
        "1 September). Say it when the exports start later: figures, bands and letters are "
        "then for this period only.",
    ),
]
PresetOpt = Annotated[
    str | None,
    typer.Option(
        "--preset",
        metavar="SHAPE",
        callback=_preset,
        help="Read the exports as arbor or long (a row per session), integris or wide (a "
        "column per session) (default: recognised from the header).",
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, json or xlsx (default: from the --output file's extension, "
        "else table).",
        show_default=False,
        case_sensitive=False,  # (-f JSON is json: sweep "slips")
    ),
]
PupilsOpt = Annotated[
    Path | None,
    typer.Option(
        "--pupils",
        metavar="FILE",
        parser=given_pupils,
        help="Pupil list (CSV or XLSX) with each pupil's MIS id, UPN, names, and joining and "
        "leaving dates: names the pupils of a register that identifies them by an MIS id; "
        "its dates decide the time on roll.",
    ),
]
def output_path(value: str) -> Path:
    """``-o``'s file, read from the text given: an empty name (``-o ''``, a variable that
    was empty) is no file, where ``Path('')`` would be the current folder ("error: . is a
    folder", a folder the user never gave)."""
    if not value.strip():
        raise typer.BadParameter(
            f"{value!r}: the output file's name is empty; give a file name, or leave out -o "
            "to print to the screen"
        )
    _not_a_folder_name(value)
    return Path(value)


def _not_a_folder_name(value: str) -> None:
    """``-o reports/`` names a folder: ``Path`` drops the slash, and the check was written to
    a file named ``reports``.  (A folder there is said by ``output_ready``.)"""
    ends = tuple(x for x in (os.sep, os.altsep, "/") if x)
    if value.endswith(ends) and not Path(value).is_dir():
        raise typer.BadParameter(
            f"{value!r} ends with {value[-1]!r}, so names a folder; give a file's name "
            f"(the folder, then the file: {value}NAME)"
        )


def output_path_or(default: str) -> Callable[[str], Path]:
    """:func:`output_path` for a command that writes a file named ``default`` without
    ``-o`` (the report, the summary, the LA's files), which prints none to the screen:
    "leave out -o to print to the screen" would send the user to a file they did not
    name.  ``-o -`` is no file either."""

    def parse(value: str) -> Path:
        if not value.strip() or value.strip() == "-":
            empty = "is empty" if not value.strip() else "is - (the screen)"
            raise typer.BadParameter(
                f"{value!r}: the output file's name {empty}; give a file name, or leave out "
                f"-o to write {default}"
            )
        _not_a_folder_name(value)
        return Path(value)

    return parse


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to this file instead of the screen.",
        parser=output_path,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]

#: Output file extension -> the format it says.
EXTENSIONS = {
    ".xlsx": Format.xlsx,
    ".csv": Format.csv,
    ".json": Format.json,
    ".txt": Format.table,
    "": Format.table,  # (with --format only: output_format refuses it without)
}
#: What starts a CSV meant for people: Excel reads a UTF-8 file as UTF-8 only with it.
BOM = "\ufeff"


def output_format(fmt: Format | None, output: Path | None) -> Format:
    """The format to write: ``--format``, else what ``--output``'s extension says (a name
    with none is refused), else a table.  A ``--format`` the extension contradicts is an
    error (``-f xlsx -o x.csv`` would write a workbook Excel refuses to open as CSV)."""
    if output is None:
        if fmt is Format.xlsx:  # (said before the run, naming the format given)
            raise OutputError(
                "--format xlsx is a workbook, which the screen cannot show: give --output "
                "FILE.xlsx"
            )
        return fmt or Format.table
    if str(output) == "-" and fmt is Format.xlsx:  # (not "leave out -o to print to the
        # screen", which then says the screen cannot show a workbook)
        raise OutputError(
            "-o -: --format xlsx is a workbook, which the screen cannot show: give --output "
            "FILE.xlsx"
        )
    if output.name.endswith((".", " ")):
        # (``-o week.csv.``: no extension, so a table, in a file Windows names week.csv)
        raise OutputError(
            f"--output {str(output)!r}: the name ends with "
            f"{'a dot' if output.name.endswith('.') else 'a space'}: give "
            f"{shown(str(output).rstrip('. '))}"
        )
    suffix = output.suffix.lower()
    said = EXTENSIONS.get(suffix)
    if fmt is None and not suffix and str(output) != "-" and not output.is_dir():
        # (a folder, or -o -: output_ready says what they are)
        # (``-o letters``: a table in a file Windows cannot open, and named as the letters
        # folder the office meant; --format given, the file is written as asked)
        from attcli.errors import typed_path_hint

        if typed := typed_path_hint(str(output)):  # (a long dash for --, a ~ in quotes)
            raise OutputError(f"--output {str(output)!r}: {typed}")
        raise OutputError(
            f"--output {str(output)!r}: the name has no ending, so neither attcli nor Windows "
            f"can tell what it is: give {shown(output)}.txt for the table, or end it .csv, .xlsx or "
            ".json (nothing was written)"
        )
    if fmt is None:
        if said is None:
            from attcli.errors import typed_path_hint

            if typed := typed_path_hint(str(output)):
                raise OutputError(f"--output {str(output)!r}: {typed}")
            raise OutputError(
                f"--output {str(output)!r}: attcli writes .xlsx, .csv, .json or .txt (a "
                "table); give a file with one of those endings, or --format"
            )
        return said
    if said is not None and said is not fmt and suffix:
        raise OutputError(
            f"--format {fmt.value} does not match --output {str(output)!r} (a {suffix} file "
            f"is {said.value}); give a file ending {format_ending(fmt)}, or leave out --format"
        )
    return fmt


def format_ending(fmt: Format) -> str:
    return {Format.table: ".txt", Format.csv: ".csv", Format.json: ".json"}.get(fmt, ".xlsx")


def per_school_opt(files: str) -> Any:
    """``--per-school DIR``, its help naming what each school gets (``files``): the check's
    files are JSON and the CME list's CSV, where --format's own default is a table (sweep
    "help")."""
    return Annotated[
        Path | None,
        typer.Option(
            "--per-school",
            metavar="DIR",
            parser=output_folder,
            help=f"A trust's schools (\\[schools.KEY] in attcli.toml): {files}.",
        ),
    ]


def per_school(
    exports: Sequence[Path],
    config: Config,
    folder: Path,
    name: Callable[[str], str],
    one: Callable[[Sequence[Path] | LoadResult, Config, Path], None],
    *,
    preset: str | None = None,
    pupils: Path | None = None,
    dry_run: bool = False,
    without_looked_after: str | None = None,
    contacts: Path | None = None,
    typed: Sequence[tuple[str, str]] = (),
) -> None:
    """Run a command once a school of ``[schools]`` with its own settings
    (:meth:`Config.for_school`), written to ``folder / name(key)``; one line a school saying
    what it read.  A school's exports are the files its ``files`` patterns match, or its rows
    of the shared exports (the files no pattern matches), loaded together once and split by
    their School column (:mod:`attcli.school_split`).  ``one(exports, config, out)`` gets a
    school's files, or its part of the shared load (a :class:`attcli.loaders.LoadResult`);
    ``preset`` and ``pupils`` (``--pupils FILE``) are for loading the shared exports.
    ``dry_run`` (``--dry-run``, which writes nothing): ``folder`` is not made (it was, empty:
    sweep "help").  The shared exports' one attribute column read is the register's Looked
    After column, which each command asks of a looked-after pupil (sweep lacla); a cell of it
    that is no yes/no value refuses the run, as letters' own load does, unless
    ``without_looked_after`` says what the command does without it
    (:func:`attcli.loaders.obtain_looked_after`: read without it, said).  ``contacts``
    (``--contacts``, every school's) and ``typed`` (an option and a pupil id typed with it:
    ``("--release", "1001")``) are refused before any school runs where they name an MIS id
    two schools give without saying whose (:func:`attcli.trust_ids.refuse_shared_ids`)."""
    if not config.schools:
        why = config.no_schools(
            "--per-school", "saying each school's details and export files (docs/trust.md)"
        )
        raise AttcliError(why if config.path is None else f"--per-school: {why}")
    from attcli import once

    # the files every school is given (--contacts, --pupils): read once, for all of them
    with once.each_file_once(), _notes_of_run():
        groups, shared = config.split_files(exports)  # every file a school's, before anything runs
        by_files = dict(groups)
        loaded, parts = None, {}
        if shared:
            from attcli.loaders import obtain_looked_after
            from attcli.school_split import school_parts

            # the pupil attribute columns (gender, SEN, FSM, ...): no output of a command run
            # a school at a time has one, and each loads its own exports without them; but
            # the looked-after column, which each asks as it does of its own exports
            loaded = obtain_looked_after(
                shared,
                config,
                preset=preset,
                progress=load_exports_with_progress(),
                pupils=read_pupils_option(pupils, config.columns),
                split=True,
                without=without_looked_after,
            )
            parts = school_parts(loaded, config, by_files)
        if contacts is not None or typed:
            _refuse_shared_ids(config, by_files, loaded, parts, contacts, typed, preset, pupils)
        from attcli.output import held_open, held_open_text, make_folder

        if not dry_run:
            make_folder(folder)
        for section in config.schools:  # (found at its turn, the schools before it were written)
            target = folder / name(section.key)
            if (section.key in by_files or section.key in parts) and target.is_file():
                if held_open(target):  # (Windows: last week's open in Excel)
                    raise OutputError(held_open_text(target))
        for section in config.schools:
            key = section.key
            sub = config.for_school(key)
            given: Sequence[Path] | LoadResult
            if key in by_files:
                given, n = by_files[key], len(by_files[key])
                read = f"{n} file{'s' if n != 1 else ''}"
            elif key in parts:
                assert loaded is not None
                given = loaded.for_school([parts[key].value]).as_school(key)
                read = parts[key].line()
            else:
                continue
            own = section.own_settings(details=False)  # (its details are in the line)
            if own:
                read += f", with its own {own}"
            err_console.print(f"{key} ({sub.school.name}): {read}", highlight=False, markup=False)
            with _notes_for(key):
                one(given, sub, folder / name(key))
        missing = [x.key for x in config.schools if x.key not in by_files and x.key not in parts]
        if missing:
            err_console.print(
                f"note: no export given for {', '.join(missing)}: nothing written for "
                f"{'them' if len(missing) > 1 else 'it'}",
                style="dim",
                highlight=False,
            )


def _refuse_shared_ids(
    config: Config,
    by_files: Mapping[str, Sequence[Path]],
    loaded: LoadResult | None,
    parts: Mapping[str, Any],
    contacts: Path | None,
    typed: Sequence[tuple[str, str]],
    preset: str | None,
    pupils: Path | None,
) -> None:
    """:func:`attcli.trust_ids.refuse_shared_ids` of a ``--per-school`` run: each school's
    roll its rows of the shared exports, or its own files loaded (only when asked: an id
    that is no UPN)."""
    from attcli.contacts import read_contacts
    from attcli.trust_ids import refuse_shared_ids

    def rolls() -> dict[str, list[str]]:
        import polars as pl

        from attcli.loaders import load_exports

        out: dict[str, list[str]] = {}
        for section in config.schools:
            key = section.key
            if key in by_files:
                sub = config.for_school(key)
                part = load_exports(
                    by_files[key], sub, preset=preset,
                    pupils=read_pupils_option(pupils, sub.columns), attributes=False,
                )  # fmt: skip
            elif key in parts and loaded is not None:
                part = loaded.for_school([parts[key].value])
            else:
                continue
            ids = part.register.get_column("upn").cast(pl.Utf8).unique().drop_nulls()
            out[key] = ids.to_list()
        return out

    book = read_contacts(contacts, config) if contacts is not None else None
    running = [x.key for x in config.schools if x.key in by_files or x.key in parts]
    refuse_shared_ids(config, rolls, contacts=book, typed=typed, running=running)


@contextmanager
def _notes_of_run() -> Iterator[None]:
    """Within: a per-school run, whose notes :func:`print_notes` says once in full."""
    global _notes_said
    outer, _notes_said = _notes_said, {}
    try:
        yield
    finally:
        _notes_said = outer


@contextmanager
def _notes_for(school: str) -> Iterator[None]:
    """Within: :func:`print_notes` says ``school``'s notes."""
    global _school_running
    outer, _school_running = _school_running, school
    try:
        yield
    finally:
        _school_running = outer


def school_config(cfg: Config, exports: Sequence[Path]) -> Config:
    """The config a command runs with, outside ``--per-school``: in a trust's workspace,
    exports that are all one school's (by its ``files`` patterns) run with that school's
    details, term dates and bands (:meth:`Config.for_school`), as ``--per-school`` would,
    and the terminal says so; anything else with the workspace's (exports of two schools
    are refused by the loader, :func:`attcli.loaders.load_exports`).  A summary or a
    report of one school's file carried the workspace's name and URN."""
    if not cfg.schools or not exports:
        return cfg
    groups, shared = cfg.split_files(list(exports))
    if len(groups) != 1 or shared:
        return cfg
    key, files = groups[0]
    sub = cfg.for_school(key)
    n = len(files)
    own = cfg.section(key).own_settings()
    err_console.print(
        f"{key} ({sub.school.name}): {n} file{'s' if n != 1 else ''}, with its own {own} "
        f"([schools.{key}]), the rest as the workspace's",
        highlight=False,
        markup=False,
    )
    return sub


def as_of_notes(cfg: Config, as_of: dt.date, data_end: dt.date | None, given: bool) -> list[str]:
    """The notes on the date figures are as of: after today (marks of days to come), or,
    when no --as-of was ``given``, a register that ended weeks before today."""
    from attcli.clock import future_note
    from attcli.coverage import out_of_date_note

    notes = future_note(as_of)
    if not given and data_end is not None:
        notes += out_of_date_note(cfg, data_end)
    return notes


def school_identity_note(cfg: Config, what: str) -> list[str]:
    """A note when a file for the local authority would not say which school it is (no
    workspace: the default name "School"; an ``attcli init`` placeholder, "FILL IN: school
    name"; no URN), as letters read a name not given (:func:`attcli.config.name_given`)."""
    from attcli.config import filled, name_given

    section = f"schools.{cfg.school_key}" if cfg.school_key else "school"
    missing = [
        key for key, given in (("name", name_given(cfg.school)), ("urn", filled(cfg.school.urn)))
        if not given
    ]  # fmt: skip
    if not missing:
        return []
    said = " or ".join({"name": "its name", "urn": "its URN"}[k] for k in missing)
    if cfg.path is not None:  # (a config not filled in: attcli init would make another)
        keys = " and ".join(f"{section}.{k}" for k in missing)
        return [
            f"{what} does not say which school it is ({said} not set): fill in {keys} in "
            f"{shown(str(cfg.path))} before sending it"
        ]
    return [
        f"{what} does not say which school it is ({said} not set): make the "
        "school's workspace with `attcli init` (or give --workspace DIR) before sending it"
    ]


def say(line: str, style: str | None = None, *, err: bool = True) -> None:
    """A message line on stderr (``err=False``: stdout), made safe: a line may name a
    pupil, with whatever the export holds (:func:`attcli.terminal.print_line`)."""
    from attcli.terminal import print_line

    print_line(err_console if err else console, line, style)


def say_problems(line: str, *, err: bool = True) -> None:
    """The register's problems a command's figures cannot settle
    (:func:`attcli.quality.problems_line`) on the terminal: a note, as every other note
    there is ("note: register problems from ..."), in bold red (it was said without the
    "note: ", in lower case, on a line of its own: sweep leftovers15)."""
    say(f"note: {line}", "bold red", err=err)


#: Within a per-school run (:func:`per_school`): the school being run, and each note said in
#: full so far with the school it was said for.
_notes_said: dict[str, str] | None = None
_school_running: str | None = None
#: The words of a note said again, in one line (:func:`print_notes`)
_AGAIN_WIDTH = 48


def print_wrapped(target: Console, line: str) -> None:
    """``line`` wrapped between words to ``target``'s width, each continuation indented as
    the line is (left to the terminal, "published" was cut into "publish" / "ed"); a word
    longer than a line (a URL) is never cut by attcli: on a line of its own, it is left
    whole to the terminal, so it can still be copied."""
    from rich.text import Text

    from attcli.terminal import wrapped

    for part in wrapped(line, target.width):
        target.print(Text(part), soft_wrap=True)


def print_notes(notes: Sequence[str]) -> None:
    """Notes (what a loader skipped or assumed) go to stderr in every command, every format.

    In a per-school run, a note said in full for an earlier school is said again in one
    line, naming that school and its first words: a local authority's 50 schools each
    said the three lines of the same as-of note; each school's section still shows it."""
    for note in notes:
        if _notes_said is None or _school_running is None:
            say(f"note: {note}", "dim")
        elif note in _notes_said and _notes_said[note] != _school_running:
            say(f"note: as for {_notes_said[note]} above: {_first_words(note)}", "dim")
        else:
            _notes_said.setdefault(note, _school_running)
            say(f"note: {note}", "dim")


def _first_words(text: str, width: int = _AGAIN_WIDTH) -> str:
    """``text``, or its words up to ``width`` characters and an ellipsis."""
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width)
    return text[: cut if cut > 0 else width].rstrip(" ,;:") + " …"


def parse_date_option(name: str, value: str | None) -> dt.date | None:
    from attcli.calendar import parse_date

    return None if value is None else parse_date(name, value)


def read_pupils_option(
    path: Path | None, columns: Mapping[str, str] | None = None
) -> PupilList | None:
    """The pupil list given with ``--pupils``, read (or None), with the school's
    ``[columns]`` (``columns``) as the register reads them."""
    if path is None:
        return None
    from attcli import once
    from attcli.loaders import read_pupil_list

    key = ("pupils", Path(path), tuple(sorted((columns or {}).items())))
    return once.read(key, lambda: read_pupil_list(path, columns))


def load_exports_with_progress() -> Callable[[str, int, int], None] | None:
    """A progress callback for long loads, shown on a terminal only (stderr)."""
    if not err_console.is_terminal:
        return None

    def update(name: str, done: int, total: int) -> None:
        if done < total:
            # (the file's name is text: "[link=...]" in it was a live terminal link)
            err_console.print(
                f"loading {name} ({done + 1}/{total})...", style="dim", highlight=False,
                markup=False,
            )

    return update


def output_first(output: Path | None, force: bool) -> None:
    """Say now, before the register is read, an ``-o FILE`` that could never be written
    (:func:`attcli.output.output_ready`)."""
    if output is not None:
        from attcli.output import output_ready

        output_ready(output, force=force)


def emit(text: str | bytes, output: Path | None, force: bool) -> None:
    from attcli.output import write_private

    if output is None:
        if isinstance(text, bytes):
            raise OutputError(
                "--format xlsx is a workbook, which the screen cannot show: give --output "
                "FILE.xlsx"
            )
        if console.is_terminal:  # to a pipe or a file, what --output writes, every
            # character kept; to a screen, JSON with its DEL, C1 controls and overrides
            # escaped (the same value), CSV (no escapes) shown as any value is (the text
            # formats are made safe by their console)
            from attcli.output import json_escaped
            from attcli.terminal import screen_text

            if text.startswith(("{", "[")):
                text = json_escaped(text)
            else:
                text = "\r\n".join(screen_text(part) for part in text.split("\r\n"))
        out, buffer = sys.stdout, getattr(sys.stdout, "buffer", None)
        if text.startswith(("{", "[")):  # JSON: a name the stream's encoding has not in
            # escapes, the same value, not "?" (PYTHONIOENCODING=cp1252: attcli.entry)
            from attcli.output import json_for_stream

            text = json_for_stream(text, getattr(out, "encoding", None))
        if buffer is None or console.is_terminal:
            out.write(text)
            return
        # its bytes as they are: Windows' stdout writes each "\n" as "\r\n", and a CSV's
        # "\r\n" became "\r\r\n" in `> week.csv` (a blank row between every two in Excel)
        out.flush()
        data = memoryview(text.encode(out.encoding or "utf-8", out.errors or "strict"))
        while data:  # (an unbuffered stdout, PYTHONUNBUFFERED: a raw write may take part of
            # it and say so, no error, where the disk fills; the next write says the error)
            n = buffer.write(data)
            if not n:
                raise OutputError("the output could not be written whole: run it again")
            data = data[n:]
        buffer.flush()
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    write_private(output, data, force=force)
    err_console.print(f"wrote {shown(output)}", highlight=False, markup=False)  # ([x] in a name)


# --------------------------------------------------------------------------- the workspace


def workspace_line(ws: Workspace, cfg: Config) -> str:
    """One line saying which workspace (config and history) a command used."""
    from attcli.store import history_path
    from attcli.workspace import CONFIG_NAME, ENV_VAR, user_folder

    if not ws.found:
        hint = ws.above_hint()
        return (
            f"workspace: none (no --workspace, no {ENV_VAR}, no ./{CONFIG_NAME}, nothing in "
            f"{user_folder()}): default settings, no history of letters or notices"
        ) + (f"; {hint}" if hint else "")
    folder = ws.folder

    def named(p: Path) -> str:  # (relative to the workspace, its escapes shown: one line)
        try:
            return shown(str(p.resolve().relative_to(folder)))
        except ValueError:
            return shown(p)

    try:
        hist = history_path(cfg)
        history = f"history {named(hist)}" + ("" if hist.exists() else " (none yet)")
        beside = [] if hist.exists() or not hist.parent.is_dir() else sorted(
            x.name for x in hist.parent.glob("*.sqlite3") if x.name != hist.name
        )  # fmt: skip
        if beside:
            # a misspelt [history] path: a new, empty history beside the school's
            history = (
                f"{history[:-1]}; beside it is {beside[0]}: if that is the history, correct the "
                "[history] path)"
            )
        if hist.exists() and (copies := sync_copies(hist)):
            history += (
                f"; beside it is {copies[0]}{f' (and {len(copies) - 1} more)' if len(copies) > 1 else ''}"
                ", a sync conflict copy? (OneDrive or Dropbox keeps one when two PCs change the "
                "history at once): letters and notices recorded in it are not in this history; "
                "keep one history, and run letters and notices from one PC"
            )
    except AttcliError:
        history = "no history"
    empty = " (no settings in it: the defaults and no term dates)" if cfg.empty else ""
    line = f"workspace: {shown(str(folder))} ({ws.how}): config {named(ws.config)}{empty}, {history}"
    if hint := ws.above_hint():  # (the user folder's, run inside another workspace)
        line += f"; {hint}"
    here = Path.cwd() / CONFIG_NAME
    if ws.how == ENV_VAR and here.is_file() and here.resolve() != Path(ws.config).resolve():
        # two configs: the one the office is sitting beside is not the one read
        line += (
            f"; not ./{CONFIG_NAME} in the working folder ({ENV_VAR} comes first: unset it "
            "or give --workspace .)"
        )
    return line


#: the names a sync client gives the other PC's copy of a file both changed: OneDrive's
#: ``NAME-COMPUTERNAME``, Dropbox's ``NAME (PC's conflicted copy DATE)``, Google Drive's
#: ``NAME (1)`` (not an office's dated backup, ``NAME-2026-10-01``)
_SYNC_COPY = re.compile(r"-(?=[A-Z0-9-]*[A-Z])[A-Z0-9-]+| \([^)]*conflicted copy[^)]*\)| \(\d+\)")


def sync_copies(history: Path) -> list[str]:
    """The files beside ``history`` named as a sync client names its conflict copies."""
    try:
        return sorted(
            x.name for x in history.parent.iterdir()
            if x.suffix == history.suffix and x.name != history.name
            and x.stem.startswith(history.stem)
            and _SYNC_COPY.fullmatch(x.stem[len(history.stem):])
        )  # fmt: skip
    except OSError:
        return []


class WorkspaceNotice:
    """Called each time a config is loaded during one command: checks every section with
    its feature's reader (an unknown key anywhere is an error naming it), then prints,
    once, which workspace the command used, on stderr (never inside CSV or JSON)."""

    def __init__(self) -> None:
        self.said = False

    def __call__(self, ws: Workspace, cfg: Config) -> None:
        check_sections(cfg)
        if cfg.path is not None:  # no output of the command replaces them, even --force
            from attcli.national import workspace_path
            from attcli.output import keeping
            from attcli.store import history_path

            keeping([
                (Path(cfg.path), "the workspace's config"),
                (history_path(cfg), "the workspace's history of letters and notices"),
                # (`attcli national update`'s, which `-o attcli-national.csv --force` had
                # replaced: every report after it stopped)
                (workspace_path(cfg), "the workspace's national figures (attcli national update)"),
            ])  # fmt: skip
        if not self.said:
            self.said = True
            from rich.text import Text

            line = workspace_line(ws, cfg)
            if err_console.is_terminal and len(line) > err_console.width:
                line = narrow_workspace_line(line, err_console.width)
            err_console.print(Text(line, style="dim"), soft_wrap=True)


def narrow_workspace_line(line: str, width: int | None = None) -> str:
    """:func:`workspace_line` for a terminal too narrow for it: broken after the folder
    and how it was found, and between its parts, the rest indented, so no path or
    phrase is split mid-word by the terminal (a pipe or a log keeps the one line).  A
    first part wider than ``width`` (no workspace: the places looked in) is broken
    between its parts too."""
    head, sep, rest = line.partition("): ")
    if not sep:
        return line
    if width is not None and len(head) + 2 > width:
        head = head.replace(", ", ",\n  ")
    return head + "):\n  " + rest.replace(", ", ",\n  ")


def check_sections(cfg: Config) -> None:
    """Read every feature's section of the config, so a bad key fails every command, not
    only the one that reads it."""
    from attcli import lacheck
    from attcli.lareturn import settings as la_return
    from attcli.letter_settings import LetterSettings
    from attcli.report_settings import settings_from
    from attcli.store import history_path

    LetterSettings.from_config(cfg)
    lacheck.settings_from(cfg)
    la_return.settings_from(cfg)
    settings_from(cfg)
    if cfg.path is not None:
        history_path(cfg)


def fold_help_names() -> None:
    """typer's help lists the options in a Rich table whose columns keep Rich's default
    overflow, an ellipsis: at 60 columns ``init --help`` read "--attendance-lead-r…" and
    ``check --help`` "DIR/KEY-check.js…" (sweep looks11).  The highlighters typer passes
    every option's names and help through give their text ``overflow="fold"`` (as typer
    gives its types column), so a name too long for its cell goes on onto the next line.
    A typer that moved them keeps its own help, never a failed command.  Here with the
    command line, not in :mod:`attcli.terminal`: the commands' rules print through that
    module and import no typer (tests/test_layers.py)."""
    try:
        from typer import rich_utils
    except ImportError:
        return
    for name in ("highlighter", "negative_highlighter"):
        current = getattr(rich_utils, name, None)
        if current is None or getattr(current, "_folds", False):
            continue

        class _Folding(type(current)):  # type: ignore[misc]
            _folds = True

            def __call__(self, text: Any) -> Any:
                out = super().__call__(text)
                out.overflow = "fold"
                return out

        setattr(rich_utils, name, _Folding())
