"""Sweep of 7 December (fourth), letters1: the fixed cost of a ``letters`` run (issue 15;
the suite runs letters hundreds of times in one process).  Each test holds a cache to what
a fresh run gives: a template edited, added or shadowing another between two runs of one
process is used as written, never its earlier compiled code."""

from __future__ import annotations

import os
import random
from pathlib import Path

import jinja2

import attcli.letters.templates as templates_module
from attcli.letters.templates import Templates, runs_text


def _subject(templates: Templates, name: str, ctx: dict | None = None) -> str:
    blocks = templates.render(name, ctx or {})
    return runs_text(blocks[0]["runs"])


def _compiles(monkeypatch) -> list[str]:
    """The names of the templates compiled from here on."""
    seen: list[str] = []
    real = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        seen.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return seen


def test_a_template_is_compiled_once_a_process_and_an_edit_is_seen(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    own = folder / "note.html"
    own.write_text("<h1>Hello {{ who }}</h1>", encoding="utf-8")
    seen = _compiles(monkeypatch)
    assert _subject(Templates(folder), "note", {"who": "Ann"}) == "Hello Ann"
    # a second run (a new Templates, as each run makes): nothing compiled again
    assert _subject(Templates(folder), "note", {"who": "Bo"}) == "Hello Bo"
    assert seen == ["note.html"]
    # the school edits it (same size, same second: the text itself is what is compared)
    stat = own.stat()
    own.write_text("<h1>Howdy {{ who }}</h1>", encoding="utf-8")
    os.utime(own, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _subject(Templates(folder), "note", {"who": "Cy"}) == "Howdy Cy"
    assert seen == ["note.html", "note.html"]


def test_a_school_template_added_later_shadows_the_shipped_one_it_includes(tmp_path):
    # the school's letter includes the shipped partial; between two runs of one process
    # the school adds its own partial of that name: its own is used, not the compiled one
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "note.html").write_text(
        '<h1>Note</h1>{% include "_agreed_absence.html" %}', encoding="utf-8"
    )
    ctx = {
        "pupil": {"forename": "Ada"},
        "year": {"school_year": True, "joined": None, "period": "this term"},
        "agreed_absence": "medical appointments",
    }
    first = [runs_text(b["runs"]) for b in Templates(folder).render("note", ctx)]
    assert first[0] == "Note"
    assert first[1].startswith("We know that much of Ada's absence this year is recorded as "
                               "medical appointments, and we are not writing to blame")
    (folder / "_agreed_absence.html").write_text(
        "<p>Our own words for {{ pupil.forename }}</p>", encoding="utf-8"
    )
    again = [runs_text(b["runs"]) for b in Templates(folder).render("note", ctx)]
    assert again == ["Note", "Our own words for Ada"]
    # and a run without the school's folder still has attcli's own
    alone = Templates(tmp_path / "templates")
    (folder / "_agreed_absence.html").unlink()
    assert [runs_text(b["runs"]) for b in alone.render("note", ctx)] == first


def _blocks_or_error(text: str):
    try:
        return templates_module.parse_blocks(text, "t.html")
    except templates_module.TemplateError as exc:
        return f"error: {exc}"


def test_a_letter_s_plain_tags_read_as_the_html_parser_reads_them(monkeypatch):
    # a rendered letter read without Python's HTML parser where every "<" opens a plain
    # tag; each random text here read both ways: the same blocks, or the same error
    pieces = [
        "<p>", "</p>", "<h1>", "</h1>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
        "<strong>", "</strong>", "<B>", "</b>", "<em>", "</EM>", "<i>", "</i>", "<br>",
        "<br/>", "<br />", "<P/>", "<figures></figures>", "<figures/>", "<div>", "</span>",
        "Dear Ms O'Neil,", " ", "  ", "\n  ", "\t", "&amp;", "&lt;b&gt;", "&", "&#39;",
        "&pound;5", "&nosuch;", "&amp", "caf\u00e9 \u0160", "x > y", "a < b", "<!-- c -->",
        "<p class='x'>", "<br  />", "</ p>", "<script>", "<", "</", "<1>", "\u00a0",
    ]  # fmt: skip
    rng = random.Random(20261207)
    texts = ["", " ", "<p>one</p>", "&amp;", "text & more &am"] + [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(1500)
    ]
    taken: list[bool] = []
    real_feed = templates_module._feed_plain

    def counted(parser, text):
        taken.append(real_feed(parser, text))
        return taken[-1]

    for text in texts:
        monkeypatch.setattr(templates_module, "_feed_plain", counted)
        fast = _blocks_or_error(text)
        monkeypatch.setattr(templates_module, "_feed_plain", lambda parser, text: False)
        slow = _blocks_or_error(text)
        assert fast == slow, text
    fast_taken = sum(taken)
    assert fast_taken > 200  # (both ways were compared, not the HTML parser's alone)


def test_the_fonts_are_found_once_a_process_and_a_font_added_is_found(tmp_path):
    import shutil

    from attcli.pdf import PdfRenderer, bundled_font_dir

    folder = tmp_path / "fonts"
    folder.mkdir()

    def from_folder(r: PdfRenderer) -> list[str]:
        return sorted(Path(f.path).name for f in r.fonts.fonts() if f.path and
                      Path(f.path).parent == folder)

    first = PdfRenderer([folder])
    assert from_folder(first) == []
    assert PdfRenderer([folder]).fonts is first.fonts  # (the second renderer: found once)
    # the school adds a font to its [letters] fonts folder: the next run has it
    shutil.copy(bundled_font_dir() / "FiraGO-Bold.ttf", folder / "School-Bold.ttf")
    later = PdfRenderer([folder])
    assert from_folder(later) == ["School-Bold.ttf"]
    assert later.fonts is not first.fonts
    # another folder (or none) is not given this folder's fonts
    assert from_folder(PdfRenderer()) == []


_CONTACTS = (
    "UPN,Contact Forename,Contact Surname,Relationship,Priority,Parental Responsibility,"
    "Address Line 1,Town,Postcode\n"
    "A123456789012,Jo,Smith,Mother,1,Y,1 High Street,Anytown,AN1 1AA\n"
)


def test_a_contacts_file_is_read_once_a_process_while_it_is_the_same(tmp_path, monkeypatch):
    import attcli.contacts as contacts_module
    from attcli.config import Config

    reads: list[str] = []
    real = contacts_module.load_contacts

    def counted(path, *args, **kwargs):
        reads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(contacts_module, "load_contacts", counted)
    path = tmp_path / "contacts.csv"
    path.write_text(_CONTACTS, encoding="utf-8")
    config = Config()
    first = contacts_module.read_contacts(path, config)
    again = contacts_module.read_contacts(path, config)
    assert len(reads) == 1
    assert again.by_upn == first.by_upn and again.notes == first.notes
    # each run has its own book: one run's changes to it are not the next run's
    first.notes.append("a run's own")
    first.by_upn["A123456789012"].clear()
    third = contacts_module.read_contacts(path, config)
    assert third.notes == again.notes and len(third.by_upn["A123456789012"]) == 1
    assert [c.forename for c in third.by_upn["A123456789012"]] == ["Jo"]
    # the school exports again: the same size and time, another name, read anew
    stat = path.stat()
    path.write_text(_CONTACTS.replace(",Jo,", ",Al,"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    fourth = contacts_module.read_contacts(path, config)
    assert [c.forename for c in fourth.by_upn["A123456789012"]] == ["Al"]
    assert len(reads) == 2


def test_a_kept_template_s_unknown_variable_is_named_with_its_line_every_run(tmp_path):
    import pytest

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "x.html").write_text("<h1>Hi</h1>\n<p>one</p>\n<p>{{ nosuch.thing }}</p>\n",
                                   encoding="utf-8")
    said = "letter template 'x.html', line 3 uses an unknown variable 'nosuch'"
    for _ in range(2):  # (the second from the code kept: the same line named)
        with pytest.raises(templates_module.TemplateError, match=said):
            Templates(folder).render("x", {})
