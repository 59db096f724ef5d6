"""Letter wording: Jinja templates -> a small structured body (blocks) -> HTML or Typst data.

A template is an HTML fragment using only ``h1`` (the subject line), ``p``,
``ul``/``ol``/``li``, ``strong``/``b``, ``em``/``i``, ``br`` and the empty
``<figures></figures>`` marker (where the table of figures goes).  It is parsed
into plain blocks of text runs; the HTML version and the PDF are both built
from those blocks, so nothing in a template or in pupil data is ever run as
Typst code, and the HTML is escaped by construction.

Templates are looked up by file name (``amber.html``) first in the school's
folder (``[letters] templates``), then in the shipped ones.  A template that
uses a variable that does not exist is an error naming the template, the line
and the variable (jinja2 ``StrictUndefined``), never a blank in a letter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2

from attcli.datetext import long_date, long_dates
from attcli.errors import AttcliError, shown
from attcli.output import html_text
from attcli.percent import counted

SHIPPED = Path(__file__).resolve().parent.parent / "templates" / "letters"
SUFFIX = ".html"

Run = dict[str, Any]  # {"text": str, "bold": bool, "italic": bool}
Block = dict[str, Any]  # {"kind": "subject"|"para"|"list"|"figures", ...}


class TemplateError(AttcliError):
    """A letter template cannot be used: names the template (and line, variable or tag)."""


class _CompiledOnce(jinja2.BytecodeCache):
    """Each template's compiled code, kept for the process by its file and its text (Jinja's
    own key: the template's name and file, and a checksum of the source it has just read),
    so a second run in one process (the test suite, a trust's ``--per-school`` run) does not
    compile the same template again: compiling five templates took ~0.2 s of every
    ``letters`` run.  A template is still read from its file each run: one edited, added or
    shadowing another is compiled anew, never served stale."""

    #: more templates than any school has; past it, start again (memory stays small)
    LIMIT = 256

    def __init__(self) -> None:
        self._code: dict[str, tuple[str | None, Any]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if len(self._code) >= self.LIMIT:
            self._code.clear()
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledOnce()


@dataclass
class Templates:
    """The school's template folder (optional) over the shipped templates."""

    folder: Path | None = None
    env: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        if self.folder is not None and not self.folder.is_dir():
            raise TemplateError(f"the letter templates folder {shown(str(self.folder))} does not exist")
        loaders: list[jinja2.BaseLoader] = []
        if self.folder is not None:
            loaders.append(jinja2.FileSystemLoader(str(self.folder)))
        loaders.append(jinja2.FileSystemLoader(str(SHIPPED)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            finalize=html_text,  # every value shown: no control character
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            bytecode_cache=_COMPILED,
        )
        self.env.filters["longdate"] = long_date
        self.env.filters["longdates"] = long_dates
        # "{{ year.absent|counted('session') }}": "1 session", "12 sessions"
        self.env.filters["counted"] = counted

    def names(self) -> list[str]:
        """Every template available, without the suffix."""
        found = {Path(n).stem for n in self.env.list_templates(extensions=["html"])}
        return sorted(n for n in found if not n.startswith("_"))

    def exists(self, name: str) -> bool:
        return name in self.names()

    def source_of(self, name: str) -> str:
        """Where ``name`` comes from: the school's folder or attcli's own."""
        if self.folder is not None and (self.folder / f"{name}{SUFFIX}").is_file():
            return str(self.folder / f"{name}{SUFFIX}")
        return "attcli"

    def render(self, name: str, context: dict[str, Any]) -> list[Block]:
        """Render template ``name`` with ``context`` to blocks."""
        file = f"{name}{SUFFIX}"
        try:
            template = self.env.get_template(file)
            text = template.render(context)
        except jinja2.TemplateNotFound:
            raise TemplateError(
                f"no letter template {file!r} (in "
                f"{shown(str(self.folder)) + ' or ' if self.folder else ''}attcli's own: "
                f"{', '.join(self.names())})"
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"letter template {file!r}, line {exc.lineno}: {exc.message}"
            ) from None
        except jinja2.UndefinedError as exc:
            line = _template_line(exc, file)
            where = f", line {line}" if line else ""
            raise TemplateError(
                f"letter template {file!r}{where} uses an unknown variable "
                f"{_undefined_name(exc)}; see docs/letters.md for the variables"
            ) from None
        return parse_blocks(text, file)


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    msg = str(exc.message or "")
    m = re.match(r"'(.+)' is undefined", msg)
    if m:
        return repr(m.group(1))
    m = re.match(r"'(.+)' has no attribute '(.+)'", msg)
    if m:
        return f"{m.group(2)!r} ({m.group(1)} has no such attribute)"
    return f"({msg})"


def _template_line(exc: BaseException, file: str) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(file) or name == f"<template {file}>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# --------------------------------------------------------------------------- HTML -> blocks

_INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic"}
_ALLOWED = {"h1", "p", "ul", "ol", "li", "br", "figures", *_INLINE}
_SPACES = re.compile(r"\s+")


class _BlockParser(HTMLParser):
    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.blocks: list[Block] = []
        self.runs: list[Run] | None = None  # the paragraph/subject/item being filled
        self.style = {"bold": 0, "italic": 0}
        self.list: Block | None = None

    def error(self, tag: str) -> TemplateError:
        return TemplateError(
            f"letter template {self.file!r} uses <{tag}>: letters take only "
            "<h1> <p> <ul> <ol> <li> <strong> <em> <br> and <figures></figures>"
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED:
            raise self.error(tag)
        if tag in _INLINE:
            self.style[_INLINE[tag]] += 1
        elif tag == "br":
            self._text("\n", raw=True)
        elif tag == "figures":
            self._close()
            self.blocks.append({"kind": "figures"})
        elif tag in ("ul", "ol"):
            self._close()
            self.list = {"kind": "list", "ordered": tag == "ol", "items": []}
            self.blocks.append(self.list)
        elif tag == "li":
            if self.list is None:
                raise TemplateError(f"letter template {self.file!r}: <li> outside <ul> or <ol>")
            self.runs = []
            self.list["items"].append(self.runs)
        else:  # h1, p
            self._close()
            self.runs = []
            self.blocks.append({"kind": "subject" if tag == "h1" else "para", "runs": self.runs})

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "figures"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE:
            self.style[_INLINE[tag]] = max(0, self.style[_INLINE[tag]] - 1)
        elif tag in ("ul", "ol"):
            self.list = None
            self.runs = None
        elif tag in ("p", "h1", "li"):
            self.runs = None

    def handle_data(self, data: str) -> None:
        self._text(data)

    def _text(self, data: str, raw: bool = False) -> None:
        if not raw:
            data = _SPACES.sub(" ", data)
        if not data or (self.runs is None and not data.strip()):
            return
        if self.runs is None:  # loose text: its own paragraph
            self.runs = []
            self.blocks.append({"kind": "para", "runs": self.runs})
        run = {"text": data, "bold": self.style["bold"] > 0, "italic": self.style["italic"] > 0}
        prev = self.runs[-1] if self.runs else None
        if prev is not None and prev["bold"] == run["bold"] and prev["italic"] == run["italic"]:
            prev["text"] += data
        else:
            self.runs.append(run)

    def _close(self) -> None:
        self.runs = None


def _trim(runs: list[Run]) -> list[Run]:
    if runs:
        runs[0]["text"] = runs[0]["text"].lstrip(" ")
        runs[-1]["text"] = runs[-1]["text"].rstrip(" ")
    return [r for r in runs if r["text"]]


#: A text of only the tags a letter takes, each written plainly (``<p>``, ``</p>``, ``<br/>``,
#: ``<br />``): split into text, then a tag's "/" (an end tag), its name and a "/" (empty).
_PLAIN_TAG = re.compile(r"<(?:(/)([a-zA-Z][a-zA-Z0-9]*)|([a-zA-Z][a-zA-Z0-9]*) ?(/)?)>")


def _feed_plain(parser: _BlockParser, text: str) -> bool:
    """Feed ``parser`` the events Python's HTML parser would give it for ``text``, when
    every ``<`` in ``text`` opens a plain tag (what a rendered letter is: values are
    escaped, so their ``<`` is ``&lt;``); False, nothing fed, for any other text (a
    comment, an attribute, a stray ``<``), which the HTML parser itself then reads.  The
    HTML parser took ~0.4 ms a letter (1.7 s of 4,455 letters at 20,000 pupils)."""
    pieces = _PLAIN_TAG.split(text)
    # [text, end, name, name, empty, text, ...]: every 5th piece from the first is text
    if any("<" in pieces[i] for i in range(0, len(pieces), 5)):
        return False
    unescape = html.unescape
    for i in range(0, len(pieces), 5):
        if i:
            end, name, start, empty = pieces[i - 4 : i]
            if end:
                parser.handle_endtag(name.lower())
            elif empty:
                parser.handle_startendtag(start.lower(), [])
            else:
                parser.handle_starttag(start.lower(), [])
        if pieces[i]:
            parser.handle_data(unescape(pieces[i]) if "&" in pieces[i] else pieces[i])
    return True


def parse_blocks(text: str, file: str = "template") -> list[Block]:
    parser = _BlockParser(file)
    if not _feed_plain(parser, text):
        parser.feed(text)
        parser.close()
    out: list[Block] = []
    for b in parser.blocks:
        if b["kind"] == "list":
            b["items"] = [_trim(i) for i in b["items"]]
            b["items"] = [i for i in b["items"] if i]
            if b["items"]:
                out.append(b)
        elif b["kind"] == "figures":
            out.append(b)
        else:
            b["runs"] = _trim(b["runs"])
            if b["runs"]:
                out.append(b)
    return out


def runs_text(runs: list[Run]) -> str:
    return "".join(r["text"] for r in runs)


def runs_html(runs: list[Run]) -> str:
    parts = []
    for r in runs:
        t = html.escape(r["text"]).replace("\n", "<br>")
        if r["italic"]:
            t = f"<em>{t}</em>"
        if r["bold"]:
            t = f"<strong>{t}</strong>"
        parts.append(t)
    return "".join(parts)
