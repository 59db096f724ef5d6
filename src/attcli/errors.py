"""The one exception root for errors a user can act on.

The CLI catches :class:`AttcliError` in one place, prints its message and exits
with status 1 (no traceback unless ``--debug``).  Anything else is a bug.
"""

from __future__ import annotations

import os
import re
from pathlib import Path


def shown(text: str | os.PathLike[str]) -> str:
    """``text`` with its control, format and line-separating characters escaped (``\\n``,
    ``\\x1b``, ``\\u202e``), as a value is shown in a message: a file name holding a line
    break or an escape sequence cannot break a one-line error or reach the terminal.  A
    path is shown as its text (``os.fspath``)."""
    text = os.fspath(text)
    if text.isprintable():
        return text
    import unicodedata

    return "".join(
        c if c == " " or unicodedata.category(c)[0] not in "CZ" else ascii(c)[1:-1]
        for c in text
    )


#: A first word that is a plain word (letters, then a space, punctuation or the end): not a
#: name such as ``attcli.toml``, ``half_terms``, ``--from`` or ``e.g.``
_PLAIN_WORD_RE = re.compile(r"[a-z]+(?=[\s,;:)]|$)")
#: Plain words that keep their small first letter at a sentence's start: a command's name
_KEPT_SMALL = frozenset({"attcli"})
#: A text begun with a file's name (a word or two, Windows' "(1)" of a second download,
#: and a file's ending): "autumn (1).csv holds the same bytes as autumn.csv"
_FILE_FIRST_RE = re.compile(
    r"[^\s:]+(?: [^\s:]+)?(?: \(\d+\))?"
    r"\.(?:csv|tsv|txt|xlsx|xlsm|xls|toml|json|zip|pdf|html?|sqlite3)(?=[\s:,;)]|$)",
    re.IGNORECASE,
)


def sentence(text: str) -> str:
    """``text`` begun as a sentence: its first letter a capital when its first word is a
    plain word (a hint said after a full stop: "... 'x'. Export the register again"), not
    a name, a key, an option or a command (``attcli``, ``half_terms``, ``--from``), nor a
    file's name (a note begun "autumn (1).csv holds ..." was made to name "Autumn (1).csv",
    a file that is not there: the merge review of 6 December (fourth))."""
    m = _PLAIN_WORD_RE.match(text)
    if m is None or m.group() in _KEPT_SMALL or _FILE_FIRST_RE.match(text):
        return text
    return text[0].upper() + text[1:]


def sentences(*parts: str | None) -> str:
    """The ``parts`` given (None and empty left out) as sentences after one another: each
    begun by :func:`sentence`, joined by ". " (a refusal's hint after its message, or two
    hints)."""
    return ". ".join(sentence(p) for p in parts if p)


class AttcliError(Exception):
    """An error caused by the user's input or settings, with a message that says what to do."""


class InputError(AttcliError):
    """Bad data in an export file.  Names the file, line, column and value where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
        unit: str = "line",
        field: str | None = None,
    ) -> None:
        #: the register's field whose value is bad ("dob", "cla", ...), where one is: a
        #: command that reads a field only for a side matter may go on without it
        self.field = field
        self.file = shown(file) if file is not None else None
        self.line = line
        self.unit = unit  # "line" of a text file, "row" of a spreadsheet
        self.column = column
        self.value = value
        self.hint = hint
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.detail}" if prefix else self.detail
        if self.column is not None:
            text += f" (column {self.column!r})"
        if self.value is not None:
            value = self.value
            if self.unit == "row" and isinstance(value, str):
                # a workbook's cell as Excel shows it, not as its reader writes it
                from attcli.datetext import sheet_cell_text

                value = sheet_cell_text(value)
            text += f": {value!r}"
        if self.hint:
            text += f". {sentence(self.hint)}"
        return text


class ConfigError(AttcliError):
    """A bad value in the school's config file.  Names the key."""

    def __init__(self, key: str, message: str, *, file: str | Path | None = None) -> None:
        self.key = key
        self.file = shown(file) if file is not None else None
        where = f"{self.file}: " if self.file else ""
        super().__init__(f"{where}config key {key!r}: {message}")


class OutputError(AttcliError):
    """An output cannot be written (exists without --force, unknown format, ...)."""


#: quote marks a name keeps when it is pasted or dragged in quotes, or typed in two pairs
_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def typed_path_hint(text: str) -> str | None:
    """What is wrong with ``text`` as a path on this computer, as typed, or None: quote
    marks left round it (a path dragged in, or copied with its quotes), or a Windows path
    (``C:\\...``, ``\\\\server\\...``) where attcli runs on another system, which names no
    folder there (a file written to it lands in the working folder under that name)."""
    import os
    import re

    dash = re.match(r"^[\u2012\u2013\u2014\u2015\u2212]-?(?=[A-Za-z])", text.strip())
    if dash:  # ("--as-of" copied from a document or an email, which wrote it "—as-of")
        return (
            "it begins with a long dash, as a document or an email writes '--': type the "
            f"option with two hyphens, --{text.strip()[dash.end():]}"
        )
    bare = text.strip().strip(_QUOTES).strip()
    if bare and bare != text.strip():
        there = " (that file exists)" if Path(bare).is_file() else ""
        return f"the name has quote marks round it: give it without them, {shown(bare)}{there}"
    if text.startswith("~") and (home := os.path.expanduser(text)) != text:
        return f"~ (your home folder) is not read in quotes: give it as {shown(home)}"
    if os.name != "nt" and re.match(r"^(?:[A-Za-z]:[\\/]|\\\\)", text.strip()):
        return (
            "this is a Windows path, and this computer is not Windows: give the path on "
            "this computer (folders separated by /)"
        )
    return None


def refuse_device(path: str | Path, hint: str) -> None:
    """Refuse ``path`` when it is a device, a FIFO or a pipe (``<(...)``), before a byte of
    it is read: ``/dev/zero`` was read until memory ran out, a FIFO waited for a writer for
    ever.  A folder or a missing file is the caller's to say."""
    p = Path(path)
    if p.exists() and not p.is_dir() and not p.is_file():
        raise InputError("not a file: a pipe or a device", file=path, hint=hint)


def run_in(path: str | Path) -> str | None:
    """Where a name without its whole path is looked for, "/x/y, the folder attcli was run
    in", or None for a whole path: said of a file or folder not found, for a run from the
    wrong folder ("there is no folder examples" of one a level up)."""
    import os

    if Path(path).is_absolute():
        return None
    return f"{os.getcwd()}, the folder attcli was run in"


def missing_file_hint(path: str | Path) -> str | None:
    """What to give instead of ``path``, a file that does not exist, when that can be
    seen: :func:`typed_path_hint`, a folder that does not exist, or a file of a near name
    beside where it was looked for (another capital, a letter left out, another ending).
    None when nothing is seen."""
    import difflib
    import re

    text = str(path)
    if typed := typed_path_hint(text):
        return typed
    # a date or a month typed where the files go, its option left out (sweep "slips")
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}", text.strip()):
        return f"it is a date: give it after --as-of (--as-of {text.strip()})"
    if re.fullmatch(r"\d{4}-\d{1,2}", text.strip()):
        return f"it is a month: give it after --month (--month {text.strip()})"
    if re.fullmatch(r"[A-Z][0-9]{11}[0-9A-Z]", "".join(text.split()).upper()):
        return "it is a UPN, not a file: a command takes one pupil's UPN, before the exports"
    p = Path(text)
    folder = p.parent
    ran_in = run_in(p)
    if not folder.is_dir():
        return f"there is no folder {shown(str(folder))}" + (f" in {shown(ran_in)}" if ran_in else "")
    try:
        names = [q.name for _, q in zip(range(5000), folder.iterdir(), strict=False)
                 if q.is_file() and not q.name.startswith(("~$", "."))]  # fmt: skip
    except OSError:
        return None
    same = [n for n in names if n.casefold() == p.name.casefold()]
    near = same or difflib.get_close_matches(p.name, names, n=1, cutoff=0.8)
    if near:
        return f"did you mean {shown(folder / near[0])}?"
    return f"it was looked for in {shown(ran_in)}" if ran_in and folder == Path(".") else None
