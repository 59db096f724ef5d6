"""What a person sees, a seventh pass (docs/decisions.md, sweep looks7).

Each test asserts the text (or the page's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clirun import run_cli


def flat(text: str) -> str:
    return " ".join(text.split())


def _tables_not_in_their_own_scroll_box(page: str) -> list[str]:
    """The captions of the page's tables not drawn inside a ``<div class="wide">`` (the
    box that scrolls sideways on its own when the table is wider than a phone)."""
    return [
        m.group(2)
        for m in re.finditer(r'(.{0,18})<table>\s*<caption class="vh">([^<]*)', page)
        if not m.group(1).endswith('<div class="wide">')
    ]


@pytest.fixture(scope="module")
def trust_page(tmp_path_factory) -> str:  # noqa: ANN001
    from test_sweep_movers import ASH, BIRCH, K, trust

    folder = tmp_path_factory.mktemp("looks7-trust")
    t = trust(
        folder,
        ash={**ASH, K: " ".join(["O"] * 3 + ["/\\"] * 7 + ["D"] * 10)},
        birch={**BIRCH, K: " ".join(["D"] * 10 + ["/\\"] * 10)},
    )
    out = folder / "trust.html"
    code, _, err = run_cli("report", "--trust", t["a"], t["b"], "-c", t["config"], "-o", out)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_every_report_table_scrolls_in_its_own_box_on_a_phone(trust_page):
    """At a phone's width (400 px in Chromium) the trust report's Schools table (8 columns)
    ran 960 px wide and the school report's weekly, cohort and worse-band tables up to 681
    px: the whole page scrolled sideways, the headings and notes with it, the table's right
    half out of sight with no scroll bar of its own (the trust's weekly table alone sat in
    a box that scrolls).  Every table of both pages is now in one (the page 485 px wide
    at a 485 px screen, measured in Chromium)."""
    from attcli.report.html import render_html
    from test_report import CONFIG, DATA, build_report, parse_config, read_pupils, school

    page = render_html(
        build_report(school(), parse_config(CONFIG), pupils=read_pupils(DATA / "pupils.csv"))
    )
    assert page.count("<table>") >= 8
    assert _tables_not_in_their_own_scroll_box(page) == []
    assert trust_page.count("<table>") >= 3
    assert _tables_not_in_their_own_scroll_box(trust_page) == []
    for html in (page, trust_page):  # (relative: a caption read aloud, not shown, and
        # positioned absolutely is held in the box too: else it widened the page again)
        assert ".wide { overflow-x: auto; position: relative; }" in html


def test_a_parent_s_long_name_is_printed_whole_on_the_envelope_as_the_child_s_is(
    tmp_path: Path,
) -> None:
    """A parent sharing the child's 65-character triple-barrelled surname: the letter named
    the child whole (sweep names: a page to a family names the child as the MIS does) but
    cut the parent's surname at 40 in the address window, "Mrs Ann Wolfeschlegelsteinhausen
    bergerdorff-Fe…" (wrapped over two lines all the same), and the salutation at 50,
    "Dear Mrs Wolfeschlegelsteinhausenbergerdorff-Featherstonehaug…,", and the run told the
    office to "check it in the MIS", where nothing is wrong.  The parent's name and
    salutation are names, printed by the child's rule (`names.legal_name`): whole to 100
    characters a part, only a run of over 40 with no space or hyphen cut."""
    from school import contacts_file, make_workspace
    from test_sweep_names import LONG_SURNAME, _text_of_pdf, named_register

    config = make_workspace(tmp_path / "ws")
    path = named_register(tmp_path, {"L1": (LONG_SURNAME, "Hubert")})
    contacts = contacts_file(tmp_path / "contacts.csv", [("L1", "C1", "Mrs", "Ann", LONG_SURNAME)])
    code, out, err = run_cli(
        "letters", path, "--contacts", contacts, "--out", tmp_path / "out",
        "--as-of", "2026-10-02", "--config", config, "--only", "severe", width=80,
    )  # fmt: skip
    assert code == 0, err
    (pdf,) = sorted((tmp_path / "out").glob("L1_*severe.pdf"))
    text = _text_of_pdf(pdf)  # (the text without its spaces and line breaks)
    assert f"MrsAnn{LONG_SURNAME}1ElmRoad" in text, text[:400]
    assert f"DearMrs{LONG_SURNAME}," in text
    assert "\u2026" not in text
    html = pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert f"Mrs Ann {LONG_SURNAME}" in html and f"Dear Mrs {LONG_SURNAME}," in html
    assert "too long for a letter" not in flat(out + err)
    import pypdf

    assert len(pypdf.PdfReader(str(pdf)).pages) == 1
