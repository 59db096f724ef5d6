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
