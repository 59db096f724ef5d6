"""Writing files that hold pupil data: owner-only, never over an existing file without
``force``, and with no cell that a spreadsheet would execute."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attcli.errors import OutputError, sentence, shown, typed_path_hint

if TYPE_CHECKING:
    import polars as pl

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|")
#: Characters no spreadsheet cell can hold (XML 1.0 forbids them in XLSX; in a CSV a NUL
#: cuts the cell short in some programs): C0 controls but tab, LF and CR, and DEL and the
#: C1 controls (ESC and CSI start terminal escape sequences).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Explicit bidirectional formatting (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): in a name
#: they only serve to make text display in an order other than the one it is stored in.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: What JSON may hold as it is (it escapes only C0 controls) but a terminal acts on, or
#: shows in another order than it is stored: DEL, the C1 controls (U+009B is CSI, an
#: ESC [ in one character) and the bidirectional overrides (:func:`json_escaped`).
JSON_UNSEEN = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Line breaks: tab, LF and CR, and Unicode's own (NEL U+0085, LINE SEPARATOR U+2028,
#: PARAGRAPH SEPARATOR U+2029, which Typst breaks a line at as it does at a LF): a space
#: each where a value is shown on one line.
LINE_BREAKS = re.compile("[\t\n\r\x85\u2028\u2029]")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
#: Names Windows gives to devices: a file called ``CON.pdf`` or ``nul.html`` cannot be made
#: (``COM¹``-``COM³`` and ``LPT¹``-``LPT³`` too, and the console's ``CONIN$``, ``CONOUT$``).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{p}{n}" for p in ("COM", "LPT") for n in [*range(10), "\u00b9", "\u00b2", "\u00b3"]}
)
#: attcli runs on Windows (a module value, so that a test can say it does)
WINDOWS = os.name == "nt"
#: Characters Windows allows in no file or folder name (``:`` names an NTFS stream)
_NOT_IN_WINDOWS_NAMES = re.compile(r'[<>:"|?*\x00-\x1f]')


def command_arg(text: str, placeholder: str = "FOLDER") -> str:
    """``text`` (a path) as a command attcli suggests must hold it to be pasted and run: as
    it is where it needs no quotes; else in double quotes on Windows (cmd and PowerShell
    both read them; no Windows name holds one) or as :func:`_posix_word` gives it elsewhere.
    A OneDrive folder ("OneDrive - Oak Academy") or macOS's "Application Support" holds
    spaces, and a command pasted without them named a folder that is not there.  A path
    holding a control or a format character (a line break, an escape, a right-to-left
    override) is never given raw: ``$'...'`` elsewhere, ``placeholder`` on Windows (no
    quoting there holds it inert), as :func:`command_word` gives a value; so too on Windows
    one holding what cmd or PowerShell acts on in double quotes (``%USERNAME%``, ``!X!``,
    ``$env:TEMP``, a backtick, a curly double quote: :data:`_WINDOWS_LIVE_IN_QUOTES`),
    which named another folder: the suggestion is pasted in either, and no quoting is
    inert in both (each message names the path itself beside it)."""
    if WINDOWS:
        if not text.isprintable() or _WINDOWS_LIVE_IN_QUOTES.search(text):
            return placeholder
        return text if re.fullmatch(r"[A-Za-z0-9_.:\\/-]+", text) else f'"{text}"'
    return _posix_word(text)


def _posix_word(text: str) -> str:
    """``text`` as one word a POSIX shell reads back as it is, nothing in it run: in
    ``shlex.quote``'s single quotes; one holding a control or a format character (not
    printable: a line break, ``\\x1b``, ``\\u202e``) in ``$'...'``, printable ASCII only
    (bash and zsh read ``\\n``, ``\\x1b``, ``\\u202e`` in it as those characters), so the
    line it is in stays one line, shows as it is, and the command still names ``text``.
    The one quoting of :func:`command_arg` and :func:`command_word`."""
    if not text.isprintable():
        body = "".join(
            "\\" + c if c in "\\'"
            else c if c == " " or unicodedata.category(c)[0] not in "CZ"
            else ascii(c)[1:-1] if c < "\x80"
            else f"\\u{ord(c):04x}" if c <= "\uffff"
            else f"\\U{ord(c):08x}"  # (not \\x9b: a byte there, not U+009B)
            for c in text
        )  # fmt: skip
        return f"$'{body}'"
    import shlex

    return shlex.quote(text)


#: a value a suggested command holds as it is: letters, digits and ``. _ -``, not first a
#: ``-`` (read as an option): every UPN, MIS id and workspace key
_PLAIN_WORD = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_.-]*")
#: what a Windows shell acts on inside double quotes: cmd's ``%X%`` and ``!X!``,
#: PowerShell's ``$(...)``, ``$x`` and backtick escapes, and the quote itself (PowerShell
#: ends a string at a curly double quote too: ``"a\u201d;calc"`` runs calc), and controls.
#: Not a curly single quote (St Mary\u2019s: PowerShell takes it as ``'``, inert in double
#: quotes) nor a ``$`` before a backslash, a space or the end (``\\office\c$\``, an
#: administrative share: no variable's name follows it).
_WINDOWS_LIVE_IN_QUOTES = re.compile('["%!`\u201c-\u201e\x00-\x1f\x7f-\x9f]|\\$(?![\\\\ ]|\\Z)')


def command_word(value: str, placeholder: str = "UPN") -> str:
    """``value``, a cell from an export (a UPN, an MIS id), as a command attcli suggests
    for a person to paste and run gives it: as it is when plain (every real UPN);
    otherwise quoted so that no shell runs any of it, or, where no quoting is inert,
    ``placeholder`` for the person to fill in.  A key the loader took as a pupil's
    (``$(touch x);`id```) was pasted into ``attcli pupil merge A B`` and run by the shell
    (sweep hostile4).  Elsewhere than Windows as :func:`_posix_word` gives it (single
    quotes: nothing in them is expanded; ``$'...'`` for a control); on Windows in double
    quotes when it holds nothing cmd or PowerShell expands in them and no control or
    format character, else the placeholder; one that begins with ``-`` (an option to
    attcli) is the placeholder everywhere."""
    if _PLAIN_WORD.fullmatch(value):
        return value
    if value.startswith("-") or not value.strip():
        return placeholder
    if WINDOWS:
        live = _WINDOWS_LIVE_IN_QUOTES.search(value) or not value.isprintable()
        return placeholder if live else f'"{value}"'
    return _posix_word(value)


def windows_name_fault(name: str) -> str | None:
    """Why Windows cannot give a file or folder the name ``name`` (one part of a path), or
    None: a device's name (``CON``, ``nul.csv``: Windows opens the device), a character it
    refuses (``week 16:10.csv`` made an NTFS stream of a file ``week 16``), or a dot or a
    space at its end (dropped: another file's name).  Asked of what is typed for an output
    where attcli runs on Windows; names made from an export's cells are
    :func:`safe_filename`'s."""
    if name in ("", ".", ".."):
        return None
    if name.partition(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED:
        return f"Windows keeps the name {name.partition('.')[0].rstrip(' ')} for a device"
    if bad := _NOT_IN_WINDOWS_NAMES.search(name):
        ch = bad.group()
        shown_ch = repr(ch) if ch.isprintable() else f"U+{ord(ch):04X}"
        return f'Windows allows no {shown_ch} in a file or folder\'s name (nor < > : " | ? *)'
    if name.endswith((".", " ")):
        return "Windows drops a dot or a space at the end of a file or folder's name"
    return None


def display_text(value: object, limit: int | None = None, *, control: str = "") -> str:
    """A value from an export as a person sees it (a letter, the terminal, a chart).

    Bidirectional overrides are dropped (they only make text display in another order
    than it is stored), tabs and line breaks (Unicode's U+0085, U+2028 and U+2029 too)
    become spaces, other control characters
    become ``control`` (dropped by default; an ESC would start a terminal escape
    sequence), and text longer than ``limit`` is cut to ``limit`` characters, the last an
    ellipsis, so one corrupt value cannot break a layout.
    """
    text = "" if value is None else str(value)
    # printable ASCII (nearly every name and address) holds none of them: two C-speed
    # checks instead of two regular expressions, for letters' half a million fields
    if not (text.isascii() and text.isprintable()):
        text = LINE_BREAKS.sub(" ", BIDI_CONTROLS.sub("", text))
        text = CONTROL_CHARS.sub(control, text)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def shows_nothing(text: str) -> bool:
    """Whether ``text`` shows as nothing: only controls, format characters (zero-width
    spaces and joiners, direction marks and overrides, a byte-order mark, a soft hyphen),
    spaces and line breaks.  A name or an address line of them is a blank one."""
    return all(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in text)


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet might read ``text`` as a formula.

    The first character that shows, past any leading whitespace and invisible format
    characters (a zero-width space, a BOM, a word joiner, a soft hyphen: Unicode's Cf, which
    a spreadsheet or a person pasting may drop), compared in its compatibility form (NFKC:
    the fullwidth ``\uff1d`` is ``=``), is one of ``= + - @`` (or the text starts with a
    tab, CR, LF or ``|``).  See docs/decisions.md, "Hostile values" and hostile3.
    """
    if text.startswith(_FORMULA_START):
        return True
    head = next((c for c in text if not (c.isspace() or unicodedata.category(c) == "Cf")), "")
    return bool(head) and unicodedata.normalize("NFKC", head)[:1] in ("=", "+", "-", "@")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would read as a formula (CSV/XLSX injection).

    Text whose first character, after any leading spaces and invisible format characters
    (a zero-width space, a BOM), is ``= + - @`` or a fullwidth or small form of one (or
    that starts with a tab/CR/LF/``|``) gets a leading apostrophe, the usual defence;
    control characters a cell cannot hold become U+FFFD (so a spreadsheet opens, and shows
    where the export had one).  Numbers, dates and
    booleans pass through.  A lone ``-`` (the not-on-roll mark) is harmless and kept.
    """
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARS.sub("\ufffd", value)
    if value != "-" and _formula_like(value):
        return "'" + value
    return value


def note_cell(value: Any) -> Any:
    """A note standing alone in a workbook's cell (a Notes sheet's line, a header block's
    or a Summary's value beside its label), made safe (:func:`safe_cell`) and begun as a
    sentence (:func:`attcli.errors.sentence`): "Register problems from ...", "National
    figures: ...", as the page says it (:func:`coded_html`); a school's or a file's name,
    `attcli`, a key kept as written.  The terminal says the same note after "note: " and
    keeps its form; a table's note column (one per pupil's row, as the CSV's) keeps its
    form too (sweep leftovers14)."""
    return safe_cell(sentence(value) if isinstance(value, str) else value)


def not_utf8(
    text: str, fix: str = "rename the file, or type it in a UTF-8 terminal"
) -> str | None:
    """The line refusing ``text``, a file name or an argument, when it is no UTF-8 text;
    None when it is.  Python hands over bytes that are not UTF-8 (a file named on a
    Latin-1 system, ``caf\\xe9.csv``; a ``--by`` typed in a terminal not set to UTF-8) as
    lone surrogates, which neither the CSV reader nor the history can take: every command
    crashed as "a bug in attcli".  The bytes are shown as ``\\xNN``; ``fix`` says what to
    do."""
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return None
    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return (
        f"'{shown}' is not UTF-8 text (the \\x bytes): attcli reads file names and what is "
        f"typed as UTF-8; {fix}"
    )


def safe_row(values: Sequence[Any]) -> list[Any]:
    """A spreadsheet row, every cell through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]


#: Every HTML page attcli writes (the report, the trust's report, a letter's copy) tells the
#: browser to fetch nothing: no font, script, image or style from anywhere, whatever a name
#: or a template's text in it holds (its own style inline, its charts inline SVG or data:).
NO_FETCH_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{NO_FETCH_CSP}">'


def html_text(value: Any) -> Any:
    """A value as an HTML page shows it: control characters and bidirectional overrides
    dropped (an HTML page shows neither; a C1 CSI or an ESC in a registration group or a
    school's name is junk, an override reverses the rest of the line), the rest as it is,
    escaped by Jinja after.  Every HTML template's ``finalize`` (each ``{{ value }}``),
    so no cell can forget it; markup attcli made (``Markup``, a chart) stays markup."""
    if not isinstance(value, str) or (value.isascii() and value.isprintable()):
        return value
    cleaned = BIDI_CONTROLS.sub("", CONTROL_CHARS.sub("", value))
    return cleaned if type(value) is str else type(value)(cleaned)


#: A command or an option a note quotes in backticks, as the terminal gives it ("`attcli
#: national update FILE.csv` loads ..."): on an HTML page, code (:func:`coded_html`)
_QUOTED_COMMAND = re.compile(r"`((?:attcli |--)[^`\n]*)`")


def coded_html(value: str) -> Any:
    """A note for an HTML page: escaped, and each command or option it quotes in backticks
    a ``<code>`` a word (no word breaks at its hyphens on a phone, the words at their
    spaces, as the page's other commands: sweep looks8), its ticks dropped.  Other
    backticks (a pupil's name) stay text.  A note is a sentence of its own on a page, so it
    begins with a capital (:func:`attcli.errors.sentence`: "Sessions with no mark recorded,
    ...", "National figures: ..."; a name, a file or `attcli` kept as written); the terminal
    says it after "note: ", a continuation, and keeps its form (sweep looks10)."""
    from markupsafe import Markup, escape

    def code(m: re.Match[str]) -> str:
        return " ".join(f"<code>{word}</code>" for word in m.group(1).split(" ") if word)

    return Markup(_QUOTED_COMMAND.sub(code, str(escape(html_text(sentence(value))))))


def safe_filename(text: str, *, max_len: int = 80) -> str:
    """A file name from pupil data: letters, digits, ``. _ -`` only, no leading dot.

    Never a Windows device name (``CON``, ``NUL``, ``COM1``...: ``CON_``) and never
    empty (``unnamed``).
    """
    name = _UNSAFE_NAME.sub("_", text).strip("._")[:max_len].rstrip("._") or "unnamed"
    first, dot, rest = name.partition(".")
    if first.upper() in WINDOWS_RESERVED:  # Windows reads CON.txt as the device too
        name = f"{first}_{dot}{rest}"[:max_len]
    return name


#: the export files this command reads (set by the command line as it reads its arguments):
#: an output given one of their names is refused, even with --force
_INPUTS: list[Path] = []


def reading(paths: Sequence[Path]) -> None:
    """The command reads these export files: none of them is replaced by its output (``-o
    register.csv --force`` had written the check over the register it was made from)."""
    _INPUTS[:] = list(paths)


#: the other files the command reads, with the option naming each (``--pupils``,
#: ``--contacts``): an output given one of their names is refused, even with --force
_OTHER_INPUTS: list[tuple[Path, str]] = []


def reading_also(path: Path | None, option: str) -> None:
    """The command reads ``path`` given as ``option`` (None: the command line's start,
    none yet): ``check --pupils pupils.csv -o pupils.csv --force`` had written the check
    over the school's pupil list."""
    if path is None:
        _OTHER_INPUTS.clear()
    elif (path, option) not in _OTHER_INPUTS:
        _OTHER_INPUTS.append((path, option))


#: the workspace's own files (its config, its history) and what each is, as the command
#: line loads a config: an output given one of their names is refused, even with --force
_KEPT: list[tuple[Path, str]] = []


def keeping(files: Sequence[tuple[Path, str]]) -> None:
    """These files are the workspace's own, ``(path, what it is)``: no output replaces them
    (``check -o attcli-history.sqlite3 --format csv --force`` wrote a CSV over the school's
    history, every letter and notice on record gone).  An empty list: none (a new
    command)."""
    if not files:
        _KEPT.clear()
    _KEPT.extend(f for f in files if f not in _KEPT)


def _kept_named(p: Path) -> str | None:
    for path, what in _KEPT:
        try:
            if os.path.samefile(path, p):
                return what
        except OSError:
            continue
    return None


def _input_named(p: Path) -> Path | None:
    for given in _INPUTS:
        try:
            if os.path.samefile(given, p):
                return given
        except OSError:
            continue
    return None


def _other_input_named(p: Path) -> str | None:
    for given, option in _OTHER_INPUTS:
        try:
            if os.path.samefile(given, p):
                return option
        except OSError:
            continue
    return None


PART_NAME = re.compile(r"\..+\.[0-9a-f]{8}\.part")  # write_private's temporary files
#: A temporary file of attcli's last written this long before a file made now on the same
#: drive is a stopped run's (with no live writer's lock on it): a write takes seconds.
STALE_SECONDS = 3600
#: the folders (and names) this process has swept of dead temporary files (once each)
_swept: set[str] = set()


def output_ready(path: str | Path, *, force: bool = False, own: bool = False) -> Path:
    """``path`` as :func:`write_private` will take it, or the one-line reason it cannot.

    A command calls this with its ``-o FILE`` before it reads a register, so an output it
    could never write (it exists and no ``--force``, a folder, a folder that does not
    exist, a device) is said at once, not after a long run; ``write_private`` asks again
    at the end (a file may have appeared meanwhile)."""
    p = Path(path)
    if str(path) == "-":  # (not a file named '-' holding pupil data)
        raise OutputError("-o -: give a file name; leave out -o to print to the screen")
    if p.is_dir():
        raise OutputError(f"{shown(p)} is a folder; give a file name")
    if typed := typed_path_hint(str(path)):
        raise OutputError(f"{shown(path)}: {typed}")
    if WINDOWS and (fault := windows_name_fault(p.name)):
        raise OutputError(f"{shown(path)}: {fault}: give the file another name")
    if too_long := windows_path_fault(p):
        raise OutputError(too_long)
    if not p.parent.exists():
        raise OutputError(_no_folder(p.parent))
    if not p.parent.is_dir():  # (`-o register.csv/out.csv`: "you may not write there")
        raise OutputError(f"cannot write {shown(p)}: {_file_in_the_way(p)}")
    if not os.access(p.parent, os.W_OK | os.X_OK):  # (a share's folder given read-only)
        raise OutputError(_not_writable(p.parent))
    if p.exists() and (why := read_or_kept(p, own=own)):
        raise OutputError(f"{why}; give another name for the output")
    if p.exists() and not force:
        raise OutputError(f"{shown(p)} already exists; use --force to replace it")
    if p.exists() and not p.is_file():
        # a device or a pipe (/dev/null, a FIFO): renaming over it would replace it with a
        # file (as root, /dev/null itself); attcli only ever replaces its own kind of file
        raise OutputError(f"{shown(p)} is not a file (a device or a pipe): give a file name")
    return p


def read_or_kept(p: Path, *, own: bool = False) -> str | None:
    """What ``p``, a file there, is when no output may replace it, even with --force: an
    export, ``--pupils`` or ``--contacts`` file this command reads, or the workspace's own
    (``own``: but the command's own file to replace); else None."""
    if (given := _input_named(p)) is not None:
        which = f"the export {shown(str(given))}" if str(given) != str(p) else "an export"
        return f"{shown(p)} is {which} this command reads"
    if not own and (what := _kept_named(p)) is not None:
        return f"{shown(p)} is {what}"
    if not own and _a_database(p):  # (another workspace's history: `-c` names another
        # workspace, and `-o attcli-history.sqlite3 --force` in this one's folder)
        return f"{shown(p)} is a database (an attcli history of letters and notices?)"
    if (option := _other_input_named(p)) is not None:
        return f"{shown(p)} is the {option} file this command reads"
    return None


def _a_database(p: Path) -> bool:
    """Whether ``p`` is an SQLite database: no output of attcli's is one, and a history
    replaced loses every letter and notice on record."""
    if not p.is_file():  # (a FIFO: opening it would wait for a writer)
        return False
    try:
        with open(p, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _no_folder(folder: Path) -> str:
    """An output's folder that does not exist, and what to do (a name without its whole
    path: where it was looked for, for a run from the wrong folder)."""
    from attcli.errors import run_in

    where = f" in {ran}" if (ran := run_in(folder)) else ""
    return f"the folder {shown(folder)} does not exist{where}: make it first, or give a folder that exists"


def _not_writable(folder: Path) -> str:
    return (
        f"cannot write in the folder {shown(folder)}: you may not write there; choose a folder you "
        "can write to (nothing was written)"
    )


def _part_stem(name: str) -> str:
    """``name`` as the temporary file's name holds it: cut (by bytes, whole characters) so
    that ``.NAME.xxxxxxxx.part`` is no longer than the 255 bytes a file system allows in a
    name, where ``name`` itself is (a 245-character name was "File name too long")."""
    room = MAX_NAME - len(".") - len(".xxxxxxxx.part")
    return name.encode("utf-8")[:room].decode("utf-8", "ignore") or "_"


#: the longest name of one file or folder, in bytes (ext4, APFS; NTFS: 255 UTF-16 units)
MAX_NAME = 255


#: The files this run wrote where none was, which a run again refuses without --force
#: (:func:`written_new`): what a Ctrl-C after them names.
_WRITTEN_NEW: list[Path] = []


def written_new(reset: bool = False) -> tuple[Path, ...]:
    """The files this run has written that were not there and are not the workspace's own
    (``force`` not given): a run again is refused "already exists" for each.  ``reset``:
    forget them (a new command in the same process)."""
    found = tuple(_WRITTEN_NEW)
    if reset:
        _WRITTEN_NEW.clear()
    return found


def write_private(
    path: str | Path, data: bytes, *, force: bool = False, own: bool = False
) -> Path:
    """Write ``data`` to ``path``, owner-only (0600) and atomically.

    The bytes go to a hidden temporary file in the same folder, are flushed to disk, and
    only then take the final name in one step (``os.replace``, or ``os.link`` when an
    existing file must not be replaced).  A run killed at any point leaves either no
    file, or the old file, or the whole new one, never a half-written file under the
    real name.  A leftover ``.NAME.*.part`` file is what an interrupted run looks like.
    ``own``: ``path`` is the workspace's own file this command keeps (``attcli national
    update`` replacing its figures), not an output to refuse there.
    """
    p = output_ready(path, force=force, own=own)
    tmp = p.with_name(f".{_part_stem(p.name)}.{secrets.token_hex(4)}.part")  # PART_NAME
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o600)
    except PermissionError:
        raise OutputError(_not_writable(p.parent)) from None
    except FileNotFoundError:
        if not p.parent.is_dir():
            raise OutputError(_no_folder(p.parent)) from None
        # (the folder is there: Windows says this of a path of 260 characters or more)
        raise OutputError(_too_long_for_windows(p, len(str(tmp.absolute())))) from None
    except OSError as exc:
        why = READ_ONLY_DRIVE if read_only_drive(exc) else exc.strerror
        raise OutputError(
            f"cannot write in the folder {shown(p.parent)}: {why} (nothing was written)"
        ) from None
    # held until the file has its name (POSIX), so a run sweeping this folder knows it live
    hold_while_written(fd)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):  # exactly 0600 whatever the umask (POSIX)
                os.fchmod(fh.fileno(), 0o600)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            # a stopped run's temporary files here go (the drive's "now": this file's time)
            remove_dead_leftovers(p.parent, PART_NAME, os.fstat(fh.fileno()).st_mtime)
            if os.name != "nt":  # (Windows cannot rename a file open; closed first there)
                _take_name(tmp, p, force)
        if os.name == "nt":
            _take_name(tmp, p, force)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, FileNotFoundError) and exc.filename == str(tmp) and p.parent.is_dir():
            raise OutputError(
                f"cannot write {shown(p)}: attcli's temporary file {shown(tmp.name)} was removed while it "
                "was being written (by another program?); run it again (nothing was written)"
            ) from None
        if disk_full(exc):
            raise OutputError(f"cannot write {shown(p)}: {DISK_FULL}") from None
        if isinstance(exc, PermissionError):  # Windows: the file is open in Excel
            raise OutputError(held_open_text(p)) from None
        raise
    _sync_folder(p.parent)
    if not force and not own:
        _WRITTEN_NEW.append(p)
    return p


#: The program an office most likely has a file of each kind open in (Windows refuses to
#: replace it while it is open): said as a guess, "(Excel?)".
_OPENED_IN = {
    ".xlsx": "Excel", ".xlsm": "Excel", ".csv": "Excel", ".pdf": "a PDF viewer",
    ".html": "a web browser",
}  # fmt: skip


def open_in(path: Path) -> str:
    """`` (Excel?)``, the guess at the program holding ``path`` open, by its ending ("" for
    an ending no program is likely for): a certificate is open in a PDF viewer, not Excel."""
    program = _OPENED_IN.get(path.suffix.lower())
    return f" ({program}?)" if program else ""


def held_open_text(path: Path) -> str:
    """The one line refusing to replace ``path`` that another program holds open (Windows:
    last week's file open in Excel) or that is read-only, the program guessed by
    :func:`open_in`: said by the atomic writer and by a trust's run before its first
    school's file."""
    return (
        f"cannot write {shown(path)}: it is open in another program{open_in(path)} or read-only; "
        "close it and run again (nothing was written)"
    )


#: The longest path Windows opens where long paths are not turned on (MAX_PATH, 260, holds
#: the string's end too)
WINDOWS_MAX_PATH = 259


def windows_path_fault(path: Path) -> str | None:
    """The one line refusing ``path``, an output :func:`write_private` would write, where
    attcli runs on Windows with long paths off and the path of its temporary file is over
    :data:`WINDOWS_MAX_PATH` characters; else None.  Asked before a command's work (an
    ``-o`` file) or a run's first file (a letters run's every letter), not met half-way."""
    if not WINDOWS or str(path).startswith("\\\\?\\"):  # (\\?\C:\...: no limit)
        return None
    length = len(str(path.absolute().with_name(f".{_part_stem(path.name)}.xxxxxxxx.part")))
    if length <= WINDOWS_MAX_PATH or _long_paths_on():
        return None
    return _too_long_for_windows(path, length)


def _too_long_for_windows(path: Path, length: int) -> str:
    return (
        f"cannot write {shown(path)}: the path is too long for Windows ({length} characters with "
        f"attcli's temporary name; Windows opens fewer than {WINDOWS_MAX_PATH + 1} unless "
        "long paths are turned on): give a shorter folder (nothing was written)"
    )


def _long_paths_on() -> bool:
    """Whether Windows' long paths are turned on (``LongPathsEnabled``, set by the group
    policy "Enable Win32 long paths"; Python declares itself able to use them)."""
    import importlib

    try:
        winreg: Any = importlib.import_module("winreg")  # (Windows only)
        with winreg.OpenKey(
            winreg.HKEY_LOCAL_MACHINE, r"SYSTEM\CurrentControlSet\Control\FileSystem"
        ) as key:
            return bool(winreg.QueryValueEx(key, "LongPathsEnabled")[0] == 1)
    except (ImportError, OSError):
        return False


#: How long Windows is given to let go of a file another program has open for a moment
#: (seconds between tries): an antivirus scan, the search indexer or OneDrive reading a
#: file just written refuse its rename as Excel does, for a fraction of a second.
WINDOWS_RETRIES = (0.05, 0.1, 0.2, 0.4, 0.8)


def _waits() -> tuple[float | None, ...]:
    """The pauses before each try again (:data:`WINDOWS_RETRIES` on Windows), None the
    last try's: a rename (:func:`_take_name`) and a look for a file held open
    (:func:`held_open`) alike."""
    return (*WINDOWS_RETRIES, None) if WINDOWS else (None,)


def _take_name(tmp: Path, p: Path, force: bool) -> None:
    """``tmp`` renamed ``p`` (``force``: over the file there), tried again on Windows while
    another program holds one of them for a moment; a program that keeps it open (Excel)
    is said by the caller, after about 1.5 seconds."""
    import time

    for wait in _waits():
        try:
            if force:
                os.replace(tmp, p)
            else:
                _link_new(tmp, p)
            return
        except PermissionError:
            if wait is None:
                raise
            time.sleep(wait)


def hold_while_written(fd: int) -> None:
    """An OS lock on a temporary file being written (POSIX ``flock``), held until it has its
    name: what tells :func:`remove_dead_leftovers` on another run, or another PC on a drive
    with locks, that it is live.  None on a drive without locks (the age alone tells), nor
    on Windows, where a file open in the writer cannot be deleted."""
    try:
        import fcntl
    except ImportError:  # Windows
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        pass


def remove_dead_leftovers(folder: Path, pattern: re.Pattern[str], now: float) -> list[Path]:
    """Remove the files in ``folder`` named by ``pattern`` (attcli's own temporary names) that
    a stopped run left: a regular file, last written ``STALE_SECONDS`` or more before ``now``
    (the time the drive gave a file made now, so another PC's clock is not asked), and not
    held by a live writer (:func:`hold_while_written`).  Once a folder a process.  A file it
    cannot prove dead stays (another user's it cannot open; one under the age)."""
    key = f"{os.path.normcase(os.path.abspath(folder))}|{pattern.pattern}"
    if key in _swept:
        return []
    _swept.add(key)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    import stat

    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_SECONDS:
            continue
        if _being_written(entry.path):
            continue
        try:
            os.unlink(entry.path)  # (Windows: refused while the writer has it open)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _being_written(path: str) -> bool:
    """Whether a live writer may hold ``path``: its lock taken (POSIX); or it cannot be opened
    to ask (another user's: not provably dead).  A drive with no OS locks: the age decides."""
    return _lock_held(path) is True


def _lock_held(path: str) -> bool | None:
    """Whether ``path``'s lock is held (:func:`hold_while_written`): True (held, or it cannot
    be opened to ask), False (free: its writer gone), or None where no OS lock can tell
    (Windows; a drive without locks, where a live writer could not take one either)."""
    try:
        import fcntl
    except ImportError:  # Windows: the unlink itself is refused while the writer has it
        return None
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no OS locks on this drive: no writer holds one either
        return None
    finally:
        os.close(fd)
    return False


def held_open(path: Path) -> bool:
    """Whether ``path``, a file there, cannot be opened for writing though its mode allows
    it: on Windows, open in Excel or a PDF viewer (which lets it be read, never replaced).
    Opened and closed at once, nothing written.  For a run of many files to ask before its
    first, where :func:`write_private` would refuse only when it came to this one."""
    if not os.access(path, os.W_OK):
        # read-only by its mode: POSIX replaces it all the same (the folder's to allow),
        # as attcli always has; only a program holding it is looked for
        return False
    import time

    for wait in _waits():
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        except PermissionError:
            if wait is None:
                return True
            time.sleep(wait)
            continue
        except OSError:
            return False
        os.close(fd)
        return False
    return True  # (not reached: the last try returns)


#: What to do when the disk is full, said the same way wherever attcli meets it.
DISK_FULL = "the disk is full: free some space and run it again (nothing was half written)"


#: The disk filling under what attcli printed, sent to a file (``> week.csv``): unlike a
#: file of its own (``-o``), that one is cut short.
DISK_FULL_PRINTED = (
    "the disk is full: what attcli printed to a file (> FILE) is cut short, not whole: free "
    "some space and run it again (-o FILE writes a file whole or not at all)"
)


#: What to do when the drive is read-only (EROFS), said the same way wherever attcli meets it.
READ_ONLY_DRIVE = (
    "the drive is read-only (a share given read-only, a locked memory stick?); choose a folder "
    "on a drive you can write to"
)


def read_only_drive(exc: BaseException) -> bool:
    """Whether ``exc`` is the drive being read-only (a read-only mount: EROFS), which no
    permission of the folder's mends."""
    import errno

    return isinstance(exc, OSError) and exc.errno == errno.EROFS


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is the disk (or the user's quota) being full: an OSError saying so,
    or SQLite's "database or disk is full"."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return True
    return type(exc).__name__ == "OperationalError" and "disk is full" in str(exc)


def name_too_long(exc: BaseException) -> str | None:
    """The one line for a file or folder name longer than the file system allows (an
    OSError ``ENAMETOOLONG`` from any file a command reads or writes), else None."""
    import errno

    if not isinstance(exc, OSError) or exc.errno != errno.ENAMETOOLONG:
        return None
    given = os.fsdecode(exc.filename) if exc.filename is not None else ""
    longest = max(Path(given).parts, key=lambda x: len(os.fsencode(x)), default="")
    if len(os.fsencode(longest)) > MAX_NAME:
        size = len(os.fsencode(longest))
        count = f"{len(longest)} characters" + (f", {size} bytes" if size != len(longest) else "")
        which = "" if longest == Path(given).name else f" of the folder {shown(longest)}"
        why = (
            f"the name{which} is too long ({count}; at most 255 in one file or folder's "
            "name, fewer with accented letters)"
        )
    else:
        why = "the path is too long for the file system"
    return f"{shown(given)}: {why}: give a shorter name" if given else f"{why}: give a shorter name"


def no_permission(exc: BaseException) -> str | None:
    """The one line for a file attcli may not open, or one in a folder it may not open
    (another user's, owner-only: attcli makes its own folders 0700), met by any command
    wherever it looks (a PermissionError naming the file), else None."""
    if not isinstance(exc, PermissionError) or exc.filename is None:
        return None
    return (
        f"cannot open {shown(os.fsdecode(exc.filename))}: you have no permission to open it "
        "or a folder it is in (another user's?), or another program holds it; run attcli "
        "as the user who keeps it, or have that user give you access"
    )


def not_a_folder(exc: BaseException) -> str | None:
    """The one line for a path through a file as if it were a folder (``--config
    register.csv/attcli.toml``: NotADirectoryError naming the path), else None."""
    if not isinstance(exc, NotADirectoryError) or exc.filename is None:
        return None
    given = Path(os.fsdecode(exc.filename))
    return f"{shown(given)}: {_file_in_the_way(given)}"


def link_loop(exc: BaseException) -> str | None:
    """The one line for a symbolic link that leads back to itself (``Path.resolve``'s
    RuntimeError, an OSError ELOOP), else None."""
    import errno

    if isinstance(exc, OSError) and exc.errno == errno.ELOOP and exc.filename is not None:
        given = os.fsdecode(exc.filename)
    elif type(exc) is RuntimeError and str(exc).startswith("Symlink loop from "):
        given = str(exc).removeprefix("Symlink loop from ").strip("'")
    else:
        return None
    return (
        f"{shown(given)}: a shortcut (symbolic link) that leads back to itself; give the file "
        "itself"
    )


def _file_in_the_way(path: Path, remedy: str = "give the path of a file in a folder") -> str:
    """What to say of ``path``, one of whose folders is a file."""
    for part in reversed(path.parents):
        if part.is_file():
            return f"{shown(str(part))} is a file, not a folder: {remedy}"
    return f"a part of the path is a file, not a folder: {remedy}"


def _link_new(tmp: Path, p: Path) -> None:
    """Give ``tmp`` the name ``p`` only if ``p`` does not exist (no race with another run)."""
    try:
        os.link(tmp, p)
    except FileExistsError:
        raise OutputError(f"{shown(p)} already exists; use --force to replace it") from None
    except OSError:  # a file system without hard links (FAT on a memory stick)
        if p.exists():
            raise OutputError(f"{shown(p)} already exists; use --force to replace it") from None
        os.replace(tmp, p)
        return
    tmp.unlink()


def make_folder(folder: Path) -> None:
    """``folder`` (and any missing parents) made owner-only, if missing; one line naming it
    where it cannot be (a file in the way, a read-only disk), not a traceback.  Each
    missing parent is made 0700 too (``mkdir(parents=True)`` gives them the umask's
    mode, 0755); a folder already there is left as it is."""
    if typed := typed_path_hint(str(folder)):
        raise OutputError(f"{shown(folder)}: {typed}")
    try:
        missing = []
        here = folder
        while not here.exists() and here.parent != here:
            missing.append(here)
            here = here.parent
        for part in reversed(missing):  # (each checked before the first is made)
            if WINDOWS and (fault := windows_name_fault(part.name)):
                raise OutputError(
                    f"cannot make the folder {shown(str(part))}: {fault}: give the folder "
                    "another name (nothing was written)"
                )
        for part in reversed(missing):
            part.mkdir(mode=0o700, exist_ok=True)
        if not folder.is_dir():
            folder.mkdir(mode=0o700)  # (a file in the way: FileExistsError, said below)
    except (FileExistsError, NotADirectoryError):  # (a file where a folder would be)
        raise OutputError(
            f"cannot make the folder {shown(folder)}: "
            + _file_in_the_way(folder / "_", "give a folder's name no file has")
        ) from None
    except PermissionError:  # (as an output file there is refused: _not_writable)
        raise OutputError(
            f"cannot make the folder {shown(folder)}: you may not write there; choose a folder you "
            "can write to (nothing was written)"
        ) from None
    except OSError as exc:
        if read_only_drive(exc) or disk_full(exc):
            why = READ_ONLY_DRIVE if read_only_drive(exc) else DISK_FULL
            why = why.removesuffix(" (nothing was half written)")
            raise OutputError(
                f"cannot make the folder {shown(folder)}: {why} (nothing was written)"
            ) from None
        raise OutputError(f"cannot make the folder {shown(folder)}: {exc.strerror or exc}") from None


def _sync_folder(folder: Path) -> None:
    """Make the new name durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def render_to_bytes(writer: Callable[[io.BytesIO], None]) -> bytes:
    """What ``writer`` writes, as bytes: every workbook attcli writes is made here, so the
    temporary files it needs are attcli's own (:func:`private_temp`)."""
    buf = io.BytesIO()
    with private_temp():
        writer(buf)
    return buf.getvalue()


#: the folder, in the user's cache, of the temporary folders of :func:`private_temp`
_PRIVATE_TEMP = "sheets"


@contextmanager
def private_temp() -> Iterator[None]:
    """The temporary files made meanwhile (``tempfile``'s default folder) go in a folder of
    this run's own, owner-only (0700, in ``sheets`` in the user's cache folder:
    ``~/.cache/attcli/sheets`` on Linux), removed after.

    openpyxl writes each sheet of a workbook, pupils' rows, to a temporary file before it
    zips them (a write-only sheet from its first row): in the system's temp folder (shared
    ``/tmp``), a run killed mid-write left it there, never cleared.  Here a killed run's
    folder is left in the user's own, and the next run's removes it: on POSIX when no live
    run holds its ``lock`` (:func:`hold_while_written`), on Windows (no such lock; a file
    open cannot be deleted there, but openpyxl closes its file between writes) when it is
    :data:`STALE_SECONDS` old.  Where the cache folder cannot be made (a locked-down PC):
    the default temp folder, as before (the file 0600 there too: ``mkstemp``'s); so too
    where another user may change the cache folder (:func:`only_mine`: a link planted
    there).  The default is process-wide: attcli writes one workbook at a time."""
    import shutil
    import tempfile
    import time

    try:
        base = own_cache_folder(_PRIVATE_TEMP)
        _clear_dead_temp(base, time.time())
        mine, lock = _own_temp(base)
    except (OSError, OutputError):
        mine = None
    # (yielded outside the handler above: the body's error has no context)
    before = tempfile.tempdir
    if mine is not None:
        tempfile.tempdir = str(mine)
    try:
        yield
    except OSError as exc:
        if not disk_full(exc):  # (no file named: the CLI said "what attcli printed ... is
            raise  # cut short" of a run whose output is no terminal, nothing printed)
        raise OutputError(
            f"cannot write the workbook: the disk of its temporary folder "
            f"{shown(tempfile.gettempdir())} is full: free some space and run it again "
            "(nothing was written)"
        ) from None
    finally:
        tempfile.tempdir = before
        if mine is not None:
            os.close(lock)
            shutil.rmtree(mine, ignore_errors=True)


def own_cache_folder(name: str) -> Path:
    """The folder ``name`` in the user's cache folder (``platformdirs``:
    ``~/.cache/attcli/NAME`` on Linux), made 0700 with each missing parent, that no other
    user can change (:func:`only_mine`): the letters' fonts and the workbooks' temporary
    sheets.  OSError where it cannot be made (a locked-down PC) or another user may change
    it (a link planted there): the caller then uses the temporary folder."""
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("attcli", appauthor=False)) / name
    try:  # (mkdir(parents=True) gave the parents 0755)
        make_folder(folder)
    except OutputError as exc:
        raise OSError(str(exc)) from None
    if not only_mine(folder):
        raise OSError(f"{folder} may be changed by another user")
    return folder


def only_mine(base: Path) -> bool:
    """Whether no other user can change what is in the folder ``base`` (POSIX; True on
    Windows, whose cache folder is in the user's own profile): :func:`not_only_mine` finds
    nothing, and it is a folder.  A link planted as ``~/.cache/attcli/sheets`` (or as
    ``~/.cache/attcli``) to a folder another user writes in: they could rename a run's
    folder and put theirs, and the sheet's pupils' rows, in its place."""
    import stat

    if not_only_mine(base) is not None:
        return False
    try:
        return WINDOWS or stat.S_ISDIR(os.lstat(base).st_mode)
    except OSError:
        return False


def not_only_mine(path: Path, *, it: bool = False) -> str | None:
    """Why another user could change ``path``, a folder or a file attcli keeps or reads as
    its own (the caches, the workspace it finds by itself), or None (POSIX; None on Windows,
    whose folders take the user's profile's permissions): it is a link (the caller gives
    the path it leads to, when it follows one), it is not this user's, someone else may
    write in it, or in the folder above it (and so rename it and put theirs in its place)
    unless that folder is this user's or root's and, if others may write in it, sticky (as
    ``/tmp``).  Root's own is as good as the user's (root can change anything); a group
    may write where it is the user's own (a user private group, umask 002: Debian's and
    Ubuntu's default, named as the user with no one else in it).  ``it``: the path said
    "it" (the caller has just named it: "the working folder F ... (everyone may write in
    it)", not F again, sweep looks12)."""
    if WINDOWS or not hasattr(os, "getuid"):
        return None
    import stat

    try:
        here, above = os.lstat(path), os.lstat(path.parent)
    except OSError as exc:
        return f"{shown(path)} cannot be looked at ({exc.strerror or exc})"
    me = os.getuid()
    named = "it" if it else shown(path)
    if stat.S_ISLNK(here.st_mode):
        return f"{named} is a link (a shortcut)"
    if not (stat.S_ISDIR(here.st_mode) or stat.S_ISREG(here.st_mode)):
        return f"{named} is neither a folder nor a file"
    if here.st_uid not in (me, 0):
        return f"{named} belongs to another user, {_whose(here.st_uid)}"
    if who := _others_writing(here):
        return f"{who} may write in {named}"
    if not stat.S_ISDIR(above.st_mode):  # (a link: ~/.cache/attcli planted)
        return f"the folder above it, {shown(path.parent)}, is a link (a shortcut)"
    if above.st_uid not in (me, 0):
        whose = _whose(above.st_uid)
        return f"the folder above it, {shown(path.parent)}, belongs to another user, {whose}"
    if (who := _others_writing(above)) and not above.st_mode & stat.S_ISVTX:
        # (said in the parentheses of a refusal: none of its own inside, sweep looks12)
        return f"{who} may write in the folder above it, {shown(path.parent)}, and so could rename it"
    return None


def _whose(uid: int) -> str:
    """Another user, named: "nobody" ("uid 1234" where it has no name here)."""
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _others_writing(st: os.stat_result) -> str | None:
    """Who but its owner may write in what ``st`` is of: "everyone", "the group NAME" (one
    not the user's own: :func:`not_only_mine`), or None."""
    if st.st_mode & 0o002:
        return "everyone"
    if not st.st_mode & 0o020:
        return None
    import grp
    import pwd

    try:
        group = grp.getgrgid(st.st_gid)
        me = pwd.getpwuid(os.getuid())
    except KeyError:
        return f"the group {st.st_gid}"
    if st.st_gid == me.pw_gid and group.gr_name == me.pw_name and set(group.gr_mem) <= {me.pw_name}:
        return None  # (a user private group: the user alone)
    return f"the group {group.gr_name}"


def _own_temp(base: Path) -> tuple[Path, int]:
    """A folder of this run's own in ``base`` (0700), and its ``lock`` (held, POSIX).  Made
    as "new-", its lock taken, then named "run-" in one step: no sweep sees a run's folder
    before its lock is held.  On Windows (no lock to take; a folder holding a file open
    cannot be renamed) made "run-" at once: the sweep goes by age there."""
    import shutil
    import tempfile

    made = Path(tempfile.mkdtemp(prefix="run-" if WINDOWS else "new-", dir=base))
    try:
        lock = os.open(made / "lock", os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        shutil.rmtree(made, ignore_errors=True)
        raise
    if WINDOWS:
        return made, lock
    try:
        hold_while_written(lock)
        mine = made.with_name("run-" + made.name.removeprefix("new-"))
        os.rename(made, mine)
    except OSError:
        os.close(lock)
        shutil.rmtree(made, ignore_errors=True)
        raise
    return mine, lock


def _clear_dead_temp(base: Path, now: float) -> None:
    """Remove the folders in ``base`` a stopped :func:`private_temp` left: their writer
    gone (POSIX: its ``lock`` free), or on Windows, or a drive without locks,
    :data:`STALE_SECONDS` old."""
    import shutil

    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(("run-", "new-")) or not entry.is_dir(follow_symlinks=False):
            continue
        lock = os.path.join(entry.path, "lock")
        # (a "new-" folder: one being made, or one a run killed before it was named left,
        # holding nothing but its lock; a drive without locks: no live run could take one)
        if WINDOWS or entry.name.startswith("new-") or not os.path.exists(lock):
            held = None
        elif (held := _lock_held(lock)) is True:
            continue
        if held is None:
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime < STALE_SECONDS:
                    continue
            except OSError:
                continue
        shutil.rmtree(entry.path, ignore_errors=True)


def iso_dates(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with its date columns as ISO text (``2026-09-01``), converted a column at a
    time: JSON renderers read rows from it with no conversion per cell (issue 15)."""
    import polars as pl

    return frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))


def json_time(stored: str | None) -> str | None:
    """A time the history recorded (``recorded_at``, ``voided_at``, a run's ``taken_at``:
    stored as ``2026-12-05 04:55:30``, the recording machine's local time) as ISO 8601
    gives it in JSON, ``2026-12-05T04:55:30``: every date in attcli's JSON is ISO, and a
    dashboard's date parser refuses the space.  No offset: the history keeps none, and
    one guessed now would be wrong for a record made across a change of the clocks.  A
    value that is no such time is given as stored (None: null)."""
    if stored is None:
        return None
    try:
        return dt.datetime.fromisoformat(stored).isoformat(timespec="seconds")
    except ValueError:
        return stored


def json_text(column: pl.Expr) -> pl.Expr:
    """A String expression as JSON, exactly as ``json.dumps(value, ensure_ascii=False)``
    writes it (a null as ``null``), made for a whole column at once: Polars' JSON encoder
    escapes as Python's does (quote, backslash, \\n \\r \\t \\b \\f, other control
    characters as \\u00XX, everything else as it is: tests/test_hostile.py), ten times
    faster than a replacement per character."""
    import polars as pl

    encoded = pl.struct(column.cast(pl.String).alias("v")).struct.json_encode()
    return encoded.str.slice(5).str.head(-1)  # {"v":VALUE} -> VALUE


def json_value(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column of ``dtype`` as JSON text, never null, exactly as ``json.dumps(value,
    ensure_ascii=False)`` writes each value: text and dates (ISO) quoted and escaped,
    integers and booleans as they are, a list of text as ``["a", "b"]``, a null as
    ``null``.  Floats are written by Polars' shortest representation, which is Python's
    for the percentages attcli writes (0 to 100, two decimals: tests/test_hostile.py); an
    exponent (``1e-07``) is not."""
    import polars as pl

    if dtype == pl.Date:
        # (an ISO date is digits and hyphens, nothing to escape: quoted as it is, not
        # through the JSON encoder, a string made a row fewer)
        quoted = pl.concat_str([pl.lit('"'), column.dt.to_string("%Y-%m-%d"), pl.lit('"')])
        return quoted.fill_null("null")
    if dtype == pl.Boolean or dtype.is_numeric():
        return column.cast(pl.String).fill_null("null")
    if isinstance(dtype, pl.List):
        items = column.list.eval(json_text(pl.element().cast(pl.String))).list.join(", ")
        return pl.when(column.is_null()).then(pl.lit("null")).otherwise(
            pl.concat_str([pl.lit("["), items, pl.lit("]")])
        )
    return json_text(column.cast(pl.String))


def json_object(parts: list[tuple[str | pl.Expr, pl.Expr, pl.Expr | None]]) -> pl.Expr:
    """A JSON object a row, as ``json.dumps(obj, ensure_ascii=False)`` writes it: each part
    is (key, its value already as JSON text, when the row has it: None for always); the key
    is a name or an expression giving it."""
    import polars as pl

    if parts and parts[0][2] is None and all(isinstance(k, str) for k, _, _ in parts):
        # (the first part always there and every key a name: the object is one
        # concatenation of the keys and values, each later part's ", " written with its
        # key; a part only some rows have is its ", key: value" or nothing. No string is
        # made a part and a row to be joined after: 0.25 -> 0.21 s of CPU for a
        # 20,000-pupil check's pupils)
        pieces = [pl.lit("{")]
        for i, (key, value, when) in enumerate(parts):
            name = pl.lit(("" if i == 0 else ", ") + json.dumps(key, ensure_ascii=False) + ": ")
            if when is None:
                pieces += [name, value]
            else:
                piece = pl.concat_str([name, value])
                pieces.append(pl.when(when).then(piece).otherwise(pl.lit("")))
        pieces.append(pl.lit("}"))
        return pl.concat_str(pieces)
    pieces: list[pl.Expr] = []
    for key, value, when in parts:
        name = pl.lit(json.dumps(key, ensure_ascii=False)) if isinstance(key, str) else json_text(key)
        piece = pl.concat_str([pl.lit(", "), name, pl.lit(": "), value])
        pieces.append(piece if when is None else pl.when(when).then(piece).otherwise(pl.lit("")))
    # every piece starts ", ": the object's first does not
    body = pl.concat_str(pieces).str.strip_prefix(", ")
    return pl.concat_str([pl.lit("{"), body, pl.lit("}")])


def json_column(frame: pl.DataFrame, keys: list[str], optional: dict[str, pl.Expr]) -> pl.Series:
    """Each row of ``frame`` (text or date columns, or nulls) as a JSON object on one line,
    exactly as ``json.dumps(row, ensure_ascii=False)`` writes it, made in Polars a column
    at a time, not an object per row (issue 15): a String Series, an item a row, for
    :func:`json_document` (and :func:`json_document_bytes`, which takes each item's bytes,
    never a Python string).  ``optional`` maps a key to when the row has it (it follows
    ``keys``)."""
    import polars as pl

    schema = frame.schema
    parts = [(k, json_value(pl.col(k), schema[k]), None) for k in keys]
    parts += [(k, json_value(pl.col(k), schema[k]), when) for k, when in optional.items()]
    return frame.select(json_object(parts)).to_series()


def json_escaped(text: str) -> str:
    """JSON text with DEL, C1 controls and bidirectional overrides written as ``\\u``
    escapes (``\\u009b``, ``\\u202e``): the same JSON value, and nothing in the text a
    terminal would run (``attcli check -f json`` to the screen, ``cat`` of the file).
    They can only be inside JSON strings, where an escape means the character itself.
    JSON written to a terminal goes through it (``cliutil.emit``); a file, or a pipe,
    keeps every character, as CSV does (a regular expression over a 20,000-pupil
    check's 33 MB of JSON took 0.23 s)."""
    if text.isascii() and "\x7f" not in text:
        return text
    return JSON_UNSEEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_for_stream(text: str, encoding: str | None) -> str:
    """JSON text as a stream in ``encoding`` can carry it whole: each character the
    encoding has not (``ł`` or an emoji in cp1252, a Windows stdout the user chose) written
    as its JSON escape, ``\\u0142``, a character beyond the BMP as its surrogate pair, as
    ``json.dumps(ensure_ascii=True)`` writes them: the same JSON value, where the stream
    would have written ``?`` (a wrong name in a valid document).  Outside strings JSON is
    ASCII, so only characters inside strings are escaped.  A UTF-8 stream, or one that
    holds every character, gets ``text`` as it is."""
    name = (encoding or "utf-8").lower().replace("_", "-")
    if text.isascii() or name in ("utf-8", "utf8"):
        return text
    try:
        text.encode(name)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:  # (an encoding Python does not know: plain ASCII is safe)
        name = "ascii"

    def escaped(char: str) -> str:
        try:
            char.encode(name)
            return char
        except UnicodeEncodeError:
            return json.dumps(char)[1:-1]  # "\u0142", "\ud83d\ude00"

    return re.sub(r"[^\x00-\x7f]", lambda m: escaped(m.group()), text)


def json_document(doc: dict[str, Any], lists: tuple[str, ...] = ()) -> str:
    """``doc`` as indented JSON, but each item of the ``lists`` (long lists: one object per
    pupil) on one line of its own: Python's JSON encoder writes compact JSON in C, indented
    JSON in Python, which at 20,000 pupils took as long as reading the export (issue 15).
    A list may be given as a Polars String Series of its items already written as JSON
    (:func:`json_column`'s)."""
    return "".join(
        ",\n    ".join(part.to_list()) if not isinstance(part, str) else part
        for part in _document_parts(doc, lists)
    )


def json_document_bytes(doc: dict[str, Any], lists: tuple[str, ...] = ()) -> bytes:
    """``json_document(doc, lists).encode("utf-8")``, byte for byte, made without the
    text: a list given as a Polars String Series is taken as its items' UTF-8 bytes
    (Polars' own) and joined as bytes.  A 20,000-pupil check's 41 MB document was its
    110,000 lines made Python strings, joined into one string (two bytes a character,
    for a name's ``é``) and encoded again (issue 15)."""
    import polars as pl

    return b"".join(
        part.encode("utf-8") if isinstance(part, str)
        else b",\n    ".join(part.cast(pl.Binary).to_list())
        for part in _document_parts(doc, lists)
    )  # fmt: skip


def _document_parts(doc: dict[str, Any], lists: tuple[str, ...]) -> list[Any]:
    """The pieces of :func:`json_document`'s text in order: strings, and each list given as
    a Polars Series as it is (its items to be joined by a comma, a line break and the
    indent)."""
    import polars as pl

    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one an item
    # the pieces in order, joined once at the end: a 20,000-pupil check's document is 35
    # million characters, and a join of each list, then of the parts, then the braces
    # copied it four times (0.16 s -> 0.05 s)
    out: list[Any] = ["{\n"]
    for key, value in doc.items():
        if len(out) > 1:
            out.append(",\n")
        name = json.dumps(key, ensure_ascii=False)
        series = isinstance(value, pl.Series)
        if series and not len(value):
            value, series = [], False
        if key in lists and (series or value):
            out.append(f"  {name}: [\n    ")
            if series:  # (joined by the caller)
                out.append(value)
            else:
                out.append(",\n    ".join(map(encode, value)))
            out.append("\n  ]")
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            out.append(f"  {name}: {text}")
    out.append("\n}\n")
    return out


def column_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    minimum: int = 12,
    maximum: int = 50,
) -> list[int]:
    """Each column's width in a workbook: its header's or its longest text value's, and 2
    more, between ``minimum`` and ``maximum``.  Excel shows a text cell cut at the column's
    edge when the next cell holds a value: a 13-character UPN read "A10000000000" in a
    column 12 wide, "Montgomery-Fotheringham-Smythe" read "Montgomery-Fo"."""
    longest = [len(str(h)) for h in headers]
    for row in rows:
        for i, v in enumerate(row[: len(longest)]):
            if isinstance(v, str) and len(v) > longest[i]:
                longest[i] = len(v)
    return [max(minimum, min(maximum, n + 2)) for n in longest]


#: what Excel forbids in a sheet's name
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: the longest name Excel gives a sheet
SHEET_NAME_MAX = 31


def sheet_name(title: str, taken: Sequence[str] = (), fallback: str = "Sheet") -> str:
    """``title`` as a sheet's name Excel opens, none of ``taken`` (the workbook's others).

    Excel refuses (calls the file corrupt, or "repairs" it) a name over 31 characters, one
    holding ``[ ] : * ? / \\``, one starting or ending with an apostrophe, ``History`` (its
    own), and two names alike but for case; openpyxl writes any of them.  Each forbidden
    character becomes a space (``Red/amber``: ``Red amber``), controls and direction
    overrides go, runs of spaces are one, and the ends lose spaces and apostrophes;
    nothing left is ``fallback``.  The name is cut to 31 characters; one taken gets " 2",
    " 3"... within the 31 (openpyxl's own "1" made a 32nd)."""
    text = BIDI_CONTROLS.sub("", CONTROL_CHARS.sub("", LINE_BREAKS.sub(" ", title)))
    text = " ".join(_SHEET_FORBIDDEN.sub(" ", text).split())

    def tidy(name: str) -> str:
        while name != (name := name.strip().strip("'")):
            pass
        return name

    base = tidy(tidy(text)[:SHEET_NAME_MAX]) or fallback
    used = {t.lower() for t in taken} | {"history"}
    name, n = base, 1
    while name.lower() in used:
        n += 1
        suffix = f" {n}"
        name = tidy(base[: SHEET_NAME_MAX - len(suffix)]) + suffix
    return name


_WHOLE_YEAR = re.compile(r"0|[1-9][0-9]?")


def year_group_label(value: str) -> str:
    """A normalised year group as people say it: ``Reception``, ``Nursery 1``, ``Early years
    1``, ``NC year X`` (national curriculum not followed), ``Year 7``.  The one place a year
    is named (pages, terminals and, by :func:`year_cell`, workbooks); here, below both the
    register and the writers (``attcli.register`` gives it too)."""
    if value == "R":
        return "Reception"
    if value[:1] in ("N", "E") and value[1:].isdigit():
        return f"{'Nursery' if value[0] == 'N' else 'Early years'} {value[1:]}"
    if value == "X":
        return "NC year X"
    return f"Year {value}" if value.isdigit() else value


def year_cell(value: Any) -> Any:
    """A year group as a workbook's cell holds it: a whole year, ``7`` or ``10``, the number
    (the CSV's ``7`` is one to Excel; under the heading "Year group" it needs no "Year");
    a year with a name by its name, as the page says it (``R`` "Reception", ``N1``
    "Nursery 1", ``X`` "NC year X": :func:`year_group_label`; the workbook said "R" beside
    the page's "Reception", sweep looks10); else as it is (a ``07`` kept as the MIS wrote
    it, a ``7A``).  Held as text, each whole year was Excel's "number stored as text", a
    green triangle in every row, and sorted 10, 11, 7."""
    if isinstance(value, str) and _WHOLE_YEAR.fullmatch(value):
        return int(value)
    if isinstance(value, str) and value and not value.isdigit():
        return year_group_label(value)
    return value


#: an A4 page's width in landscape between Excel's default margins (10.3 inches), in
#: characters of a column's width (96 pixels an inch, 7 a character and 5 each column)
PAGE_CHARS = 140
#: the smallest scale a sheet is printed at: fitted to one page's width, the register
#: check's 14 columns printed at 38 %, its 11 pt text at 4 pt
MIN_PRINT_SCALE = 60
#: a character's width in a column's characters (Calibri 11's digits are the unit), bold
#: and not
BOLD_CHAR, PLAIN_CHAR = 1.15, 1.0
#: a row's height in points for each line of 11 pt text (Excel's default row)
LINE_POINTS = 15
#: the tallest row Excel allows, in points
MAX_ROW_POINTS = 409


def wrapped_height(text: str, width: float, *, bold: bool = False) -> float:
    """The height in points of a row whose cell ``width`` characters wide (merged cells'
    widths added) wraps ``text`` (Excel does not size a merged cell's row itself): its
    lines at :data:`LINE_POINTS` each, to Excel's tallest row."""
    import math

    lines = max(1, math.ceil(len(text) * (BOLD_CHAR if bold else PLAIN_CHAR) / width))
    return min(MAX_ROW_POINTS, lines * LINE_POINTS)



def print_setup(ws: Any, header_row: int, widths: Sequence[float], keep: str | None) -> None:
    """A table's sheet as it is printed: landscape on A4, the header row ``header_row`` on
    every page, and its columns (``widths``) on one page's width when that keeps the text
    at :data:`MIN_PRINT_SCALE` % or more; wider, it is printed at that scale across pages,
    each with the columns ``keep`` (the pupil's UPN and name, ``"A:C"``) at its left.
    openpyxl leaves a sheet portrait, its columns split over pages with neither the header
    nor the pupil's name but on the first.  Works in write-only mode, before the first row."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.print_title_rows = f"{header_row}:{header_row}"
    chars = sum(w + 5 / 7 for w in widths)
    if chars * MIN_PRINT_SCALE <= PAGE_CHARS * 100:
        one_page_wide(ws)
        return
    ws.page_setup.scale = MIN_PRINT_SCALE
    if keep:
        ws.print_title_cols = keep


def one_page_wide(ws: Any) -> None:
    """A sheet printed on one page's width, as many pages down as its rows need (a table's
    that fits, :func:`print_setup`; the check workbook's Summary)."""
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # (0: as many pages down as the rows need)
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def id_columns(keys: Sequence[str]) -> str | None:
    """The columns naming a pupil, among ``keys`` (field names, or headers in lower case):
    from the first of ``upn``, ``surname``, ``forename``, ``name`` to the last, as a range
    (``"C:E"``), at most 4 columns; None when there is none.  What a sheet printed across
    pages repeats at each page's left (:func:`print_setup`)."""
    from openpyxl.utils import get_column_letter

    at = [i for i, k in enumerate(keys) if k in ("upn", "surname", "forename", "name")]
    if not at:
        return None
    last = max(i for i in at if i - at[0] < 4)
    return f"{get_column_letter(at[0] + 1)}:{get_column_letter(last + 1)}"


def rows_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A table as CSV text (every cell made safe for a spreadsheet, the headers too: an
    LA's header comes from the config, ``[register_check.headers]``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_cell(h) for h in headers])
    for r in rows:
        w.writerow([safe_cell(v) for v in r])
    return buf.getvalue()


def rows_xlsx(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    title: str,
    formats: Sequence[Mapping[int, str]] | None = None,
) -> bytes:
    """A table as one xlsx sheet: bold frozen header, filter, cells made safe.  ``formats``:
    a number format for some cells of each row (column index from 0), e.g. a percentage
    held as a fraction of 1 under "0.0%"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name(title)
    ws.append([safe_cell(h) for h in headers])
    for c in ws[1]:
        c.font = Font(bold=True)
    # each row's number counted here: openpyxl's max_row scans every cell of the sheet,
    # a read per row grew with rows x rows (issue 15; docs/decisions.md)
    for n, r in enumerate(rows, start=2):
        ws.append([safe_cell(v) for v in r])
        for i, v in enumerate(r, 1):  # a date is a date cell, shown as people write it
            if isinstance(v, dt.date):
                ws.cell(n, i).number_format = "DD/MM/YYYY"
        for i, fmt in (formats[n - 2] if formats else {}).items():
            ws.cell(n, i + 1).number_format = fmt
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    widths = column_widths(headers, rows)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    print_setup(ws, 1, widths, id_columns([str(h).lower() for h in headers]))
    return render_to_bytes(wb.save)
