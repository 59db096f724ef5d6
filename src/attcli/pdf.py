"""PDFs through Typst: letters, attendance certificates and evidence packs (shared by
``letters``, ``pupil`` and ``evidence``).

A document arrives as a plain dict (a letter from :func:`attcli.letters.run.letter_document`:
school, recipient lines, date, salutation, body blocks, figures, signatory).  It is
typeset by a fixed layout (``templates/letters/_layout.typ`` and the certificate's and the
evidence pack's), which reads that dict as JSON from ``sys.inputs``: names and wording are
data, never Typst markup.  The fonts are loaded once per run, and a character no font has
is found before anything is written (:class:`Glyphs`).
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attcli.errors import AttcliError
from attcli.output import own_cache_folder

#: The typst release this layout is written and tested for (pin it in pyproject).
TYPST_VERSION = "0.15.2"
TEMPLATES = Path(__file__).resolve().parent / "templates"
LAYOUT = TEMPLATES / "letters" / "_layout.typ"
#: The attendance certificate's page (a Typst function, ``certificate-page(data)``).
CERTIFICATE = TEMPLATES / "certificate" / "_certificate.typ"
EVIDENCE = TEMPLATES / "evidence" / "_evidence.typ"
#: Typst writes one page tree: ``<</Type/Pages/Count 2/Kids[...]>>``.
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


#: Typst writes the document's title in its XMP metadata (uncompressed), XML-escaped.
_TITLE = re.compile(rb'<dc:title><rdf:Alt><rdf:li xml:lang="[^"]*">([^<]*)</rdf:li>')


def pdf_title(data: bytes) -> str | None:
    """The title of a PDF attcli made ("Aoife Shah: amber letter"), None without one."""
    import html

    found = _TITLE.search(data)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF attcli made (Typst's page tree), to place every page when combining."""
    found = _PAGE_COUNT.search(data)
    if found is None:
        raise AttcliError("a letter PDF has no page count: it was not written by attcli")
    return int(found.group(1))

#: Font fallback order.  FiraGO (from pymupdf-fonts) covers Latin (Polish, Vietnamese),
#: Greek, Cyrillic, Arabic and Hebrew; CJK comes from a font folder in the config or the
#: system (Windows has Microsoft YaHei / SimSun; Linux has Noto Sans CJK when installed).
FONT_FAMILIES = [
    "FiraGO",
    "Noto Sans",
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimSun",
    "PingFang SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Yu Gothic",
    "Malgun Gothic",
    "Noto Sans Arabic",
    "Noto Sans Devanagari",
    "Noto Sans Bengali",
    "Nirmala UI",
    "Noto Sans Thai",
    "Leelawadee UI",
    "Arial",
    "DejaVu Sans",
    "Libertinus Serif",
]

_PYMUPDF_FONTS = {
    "figo": "FiraGO-Regular.ttf",
    "figbo": "FiraGO-Bold.ttf",
    "figit": "FiraGO-Italic.ttf",
    "figbi": "FiraGO-BoldItalic.ttf",
}
_font_dir: Path | None = None
_lock = threading.Lock()


def bundled_font_dir() -> Path:
    """FiraGO from the ``pymupdf-fonts`` wheel, unpacked once a user into their cache
    folder (``platformdirs``: ``~/.cache/attcli/fonts-VERSION`` on Linux) and checked
    against the wheel's each run (a damaged file is unpacked again); where that folder
    cannot be written, into a private temporary folder removed at exit, as before.  (A
    temporary folder a run: a run killed before its exit handlers left one behind.)"""
    global _font_dir
    with _lock:
        if _font_dir is None:
            try:
                import pymupdf_fonts
            except ImportError:  # pragma: no cover - a declared dependency
                raise AttcliError(
                    "the letter fonts are missing: pip install pymupdf-fonts"
                ) from None
            fonts = {name: pymupdf_fonts.myfont(code) for code, name in _PYMUPDF_FONTS.items()}
            try:
                _font_dir = _cached_fonts(fonts)
            except OSError:  # a cache folder that cannot be written (a locked-down PC)
                folder = Path(tempfile.mkdtemp(prefix="attcli-fonts-"))
                atexit.register(shutil.rmtree, folder, True)
                for name, data in fonts.items():
                    (folder / name).write_bytes(data)
                _font_dir = folder
        return _font_dir


def _cached_fonts(fonts: dict[str, bytes]) -> Path:
    """The fonts in the user's cache folder, each written (whole: renamed into place, so a
    run beside this one never reads half a font) only where it is missing or differs."""
    from importlib.metadata import version

    # (a locked-down PC, or a link planted by another user, who could swap a font: the
    # temporary folder, below)
    folder = own_cache_folder(f"fonts-{version('pymupdf-fonts')}")
    for name, data in fonts.items():
        path = folder / name
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        fd, part = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(part, path)
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
    return folder


#: Characters that are drawn with no glyph of a font: line breaks and tabs, spaces (a font
#: without one gets a space made for it), format characters (joiners, direction marks,
#: soft hyphen) and the other default-ignorable code points (variation selectors, ...).
_NO_GLYPH_CATEGORIES = frozenset({"Cf", "Zs", "Zl", "Zp"})
_NO_GLYPH_RANGES = (
    (0x09, 0x0D), (0x85, 0x85), (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)  # fmt: skip


def _needs_glyph(ch: str) -> bool:
    c = ord(ch)
    if any(lo <= c <= hi for lo, hi in _NO_GLYPH_RANGES):
        return False
    return unicodedata.category(ch) not in _NO_GLYPH_CATEGORIES


class Glyphs:
    """Which characters a set of font files has (their character maps, read with fontTools).

    A file is read only when a character is not in those read so far, FiraGO first: a run
    of Latin names reads FiraGO alone, a character no font has reads them all, once a
    process.  Each distinct string is looked at once.  Typst's own fonts (Libertinus Serif,
    New Computer Modern, DejaVu Sans Mono, inside the typst package) have no file to read:
    a character only they have counts as missing.
    """

    def __init__(self, files: list[tuple[str, int]]) -> None:
        self._unread = list(reversed(files))  # popped from the end: the first file first
        self._has: set[int] = set()
        self._drawn: set[str] = set()  # characters known to print
        self._seen: dict[str, str] = {}  # string -> its characters no font has
        self._lock = threading.Lock()

    def _prints(self, ch: str) -> bool:
        if not _needs_glyph(ch):
            return True
        c = ord(ch)
        while c not in self._has and self._unread:
            self._has |= _cmap(*self._unread.pop())
        return c in self._has

    def missing(self, data: Iterable[Any]) -> str:
        found: set[str] = set()
        todo = list(data)
        seen, drawn = self._seen, self._drawn
        with self._lock:
            while todo:
                x = todo.pop()
                if isinstance(x, str):
                    lacking = seen.get(x)
                    if lacking is None:
                        # (set operations, not a test a character: a letter's text is new
                        # each letter, its characters nearly always known; issue 15)
                        new = set(x).difference(drawn)
                        lacking = "".join(c for c in new if not self._prints(c))
                        drawn.update(new.difference(lacking) if lacking else new)
                        seen[x] = lacking
                    if lacking:
                        found.update(lacking)
                elif isinstance(x, dict):
                    todo.extend(x.values())
                elif isinstance(x, list | tuple):
                    todo.extend(x)
        return "".join(sorted(found))


def _cmap(path: str, index: int) -> set[int]:
    """The code points a font file (``index``: the font of a collection) has glyphs for;
    none for a file fontTools cannot read (a broken file prints nothing either)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return set(font.getBestCmap() or ())
    except Exception:  # any broken font file: it has no characters for us
        return set()


_glyph_sets: dict[tuple[tuple[str, int], ...], Glyphs] = {}


def _glyphs(fonts: list[Any]) -> Glyphs:
    """The :class:`Glyphs` of ``fonts`` (typst's ``FontInfo``s), one a process (a letters run
    makes a renderer twice).  The fonts of :data:`FONT_FAMILIES` are read first, in order,
    regular before bold and italic."""
    rank = {f.casefold(): i for i, f in enumerate(FONT_FAMILIES)}
    ordered = sorted(
        (f for f in fonts if f.path),
        key=lambda f: (rank.get(f.family.casefold(), len(rank)), f.style != "normal", f.weight),
    )
    key = tuple((f.path, f.index) for f in ordered)
    with _lock:
        if key not in _glyph_sets:
            _glyph_sets[key] = Glyphs(list(key))
        return _glyph_sets[key]


#: What to do about characters no font has (the letters' font folder serves every PDF).
FONT_ADVICE = 'install a font that has them, or name a folder holding one ([letters] fonts = "FOLDER")'


def missing_text(missing: str) -> str:
    """``missing`` (from :meth:`PdfRenderer.missing`) to name: "Bengali and Tamil: U+0986,
    U+09AF, U+09BC, U+09C7 and 6 more"; "CJK and others" when a symbol (an emoji, a fullwidth
    sign) or a private-use character, which have no script, is among them."""
    of = [_script(c) for c in missing]
    scripts = sorted(set(of) - {""}) + (["others"] if "" in of else [])
    codes = ", ".join(f"U+{ord(c):04X}" for c in missing[:4])
    if len(missing) > 4:
        codes += f" and {len(missing) - 4} more"
    if scripts == ["others"]:
        return codes
    named = scripts[0] if len(scripts) == 1 else f"{', '.join(scripts[:-1])} and {scripts[-1]}"
    return f"{named}: {codes}"


def no_font_text(missing: str, *, written: bool = False) -> str:
    """Why a PDF with the characters ``missing`` is not made (or, ``written``, what it
    shows): which characters, and what to add."""
    return (
        f"no font here has some of its characters ({missing_text(missing)}): the PDF "
        f"{'prints' if written else 'would print'} them as empty boxes; {FONT_ADVICE}"
    )


def _script(ch: str) -> str:
    """The script a letter or mark is of, by its Unicode name ("Bengali", "Tamil", "CJK");
    "" for a symbol (an emoji, a fullwidth sign) or a character with no name."""
    if unicodedata.category(ch)[0] not in "LM":
        return ""
    word = unicodedata.name(ch, "").split(" ", 1)[0]
    return word if word == "CJK" else word.title()


#: The environment a system's fonts are found by (fontconfig's files and the user's font
#: folders): part of the key of :func:`_fonts`.
_FONT_ENV = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "FONTCONFIG_FILE", "FONTCONFIG_PATH")
_fonts_made: dict[tuple[object, ...], Any] = {}


def _folder_state(folder: str) -> tuple[tuple[str, int, int], ...]:
    """Every file under ``folder`` (its path, size and time of change): a font added,
    replaced or removed changes it."""
    found = []
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            found.append((os.path.join(root, name), st.st_size, st.st_mtime_ns))
    return tuple(sorted(found))


def _fonts(typst: Any, paths: list[str]) -> Any:
    """Typst's fonts of ``paths`` and the system, found once a process for the same folders
    as they are now and the same environment: finding them took ~10 ms of processor time
    (40-170 ms on a busy disk) for each renderer, two a letters run (issue 15; the suite
    runs letters hundreds of times in one process).  A font added to one of ``paths`` is
    found on the next run; one installed in the system's folders while a process runs is
    not (one run is one process, but in a trust's ``--per-school`` run), and a character
    it would print is said to be missing (:class:`Glyphs`), never silently boxed."""
    key = (
        tuple(paths),
        tuple(_folder_state(p) for p in paths),
        tuple(os.environ.get(v) for v in _FONT_ENV),
    )
    with _lock:
        found = _fonts_made.get(key)
        if found is None:
            if len(_fonts_made) >= 16:  # (a process of many folders: the suite's)
                _fonts_made.clear()
            found = _fonts_made[key] = typst.Fonts(
                include_system_fonts=True, include_embedded_fonts=True, font_paths=paths
            )
        return found


class PdfRenderer:
    """One Typst compiler (fonts loaded once) for a run's letters."""

    def __init__(self, font_folders: list[Path] | None = None) -> None:
        import typst

        self._typst = typst
        paths = [str(p) for p in (font_folders or [])] + [str(bundled_font_dir())]
        self.fonts = _fonts(typst, paths)
        self.layout = LAYOUT.read_bytes()
        self.compiler = typst.Compiler(font_paths=self.fonts)
        self.font_list = json.dumps(FONT_FAMILIES)
        self.glyphs = _glyphs(self.fonts.fonts())

    def missing(self, *data: Any) -> str:
        """The characters of ``data`` (its strings, in dicts and lists) that none of this
        renderer's fonts has, each once, in code point order: "" when every one prints."""
        return self.glyphs.missing(data)

    def letter(
        self, doc: dict[str, Any], when: dt.date, certificate: dict[str, Any] | None = None
    ) -> bytes:
        """The PDF of one letter.  ``when`` dates the PDF (same letter, same bytes).

        ``certificate`` (from :func:`attcli.certificate.certificate_data`) adds the
        pupil's attendance certificate as a page after the letter.
        """
        inputs = {
            "letter": json.dumps(doc, ensure_ascii=False, default=str),
            "fonts": self.font_list,
        }
        source = self.layout
        if certificate is not None:
            inputs["certificate"] = json.dumps(certificate, ensure_ascii=False, default=str)
            source = (
                CERTIFICATE.read_bytes()
                + b"\n"
                + self.layout
                + b"\n#certificate-page(json(bytes(sys.inputs.certificate)))\n"
            )
        return self._compile(source, inputs, None, when)

    def certificate(self, data: dict[str, Any], when: dt.date) -> bytes:
        """The attendance certificate on its own (``attcli pupil show --pdf``)."""
        source = CERTIFICATE.read_bytes() + (
            b"\n#let fonts = json(bytes(sys.inputs.fonts))\n"
            b"#let data = json(bytes(sys.inputs.certificate))\n"
            b'#set document(title: data.title, author: data.school.name)\n'
            b'#set text(font: fonts, size: 10pt, lang: "en", region: "GB", hyphenate: false)\n'
            b"#certificate-page(data)\n"
        )
        inputs = {
            "certificate": json.dumps(data, ensure_ascii=False, default=str),
            "fonts": self.font_list,
        }
        return self._compile(source, inputs, None, when)

    def evidence(self, data: dict[str, Any], when: dt.date) -> bytes:
        """An evidence pack (``attcli evidence``): its pages, then its calendars."""
        source = CERTIFICATE.read_bytes() + b"\n" + EVIDENCE.read_bytes()
        inputs = {
            "pack": json.dumps(data, ensure_ascii=False, default=str),
            "fonts": self.font_list,
        }
        return self._compile(source, inputs, None, when)

    def combine(
        self, folder: Path, files: list[str], when: dt.date, *, duplex: bool = False
    ) -> bytes:
        """One PDF of the letters ``files`` (PDFs in ``folder``), every page, to print;
        ``duplex`` (printed on both sides): a blank page after each letter of an odd number
        of pages, so that every letter begins on a sheet of its own."""
        # Each page is placed as an image, which a screen reader reads by its alternative
        # text alone: the letter's title, the page, and the letter's own PDF, whose text
        # it can read (a page of this file was "figure", no more).
        source = (
            b"#let files = json(bytes(sys.inputs.files))\n"
            b'#set page(paper: "a4", margin: 0pt)\n'
            b"#set document(title: sys.inputs.title)\n"
            b'#set text(lang: "en", region: "GB")\n'
            b"#for (f, n, blank, alts) in files { for i in range(1, n + 1) {"
            b" page(image(f, page: i, width: 100%, height: 100%, alt: alts.at(i - 1))) };"
            b" if blank { page([]) } }\n"
        )
        pages = []
        for f in files:
            data = (folder / f).read_bytes()
            n = pdf_pages(data)
            title = pdf_title(data) or "Letter"
            alts = [f"{title}, page {i} of {n} (its text: {f})" for i in range(1, n + 1)]
            pages.append(["/" + f, n, duplex and n % 2 == 1, alts])
        inputs = {"files": json.dumps(pages), "title": "Letters to print"}
        return self._compile(source, inputs, folder, when)

    def _compile(
        self, source: bytes, inputs: dict[str, str], root: Path | None, when: dt.date
    ) -> bytes:
        stamp = dt.datetime(when.year, when.month, when.day, 12, tzinfo=dt.UTC)
        try:
            out = self.compiler.compile(
                input=source,
                format="pdf",
                sys_inputs=inputs,
                root=str(root) if root else None,
                timestamp=stamp,
            )
        except self._typst.TypstError as exc:  # a bug in the layout, never user data
            raise AttcliError(f"the PDF could not be made: {exc.message}") from None
        assert isinstance(out, bytes)
        return out


# --------------------------------------------------------------------------- HTML
