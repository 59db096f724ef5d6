"""Outputs a person with a screen reader, low vision or a greyscale printer can use
(sweep of 5 December (second), a11y): the HTML report and the trust report, the letters
(HTML and PDF) and the letters-to-print PDF, checked with a real HTML parser, pypdf and
contrast ratios worked out by the WCAG 2 formula.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from clirun import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"


# --------------------------------------------------------------------------- HTML parsing


class Tables(HTMLParser):
    """Every table of a page: its caption, its header cells (scope, text, in thead or
    tbody) and, for each body row, whether it starts with a row header; and the page's
    headings in order and its language."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.headings: list[str] = []
        self.lang: str | None = None
        self._open: list[dict] = []
        self._cell: dict | None = None
        self._caption: dict | None = None
        self._part = ""
        self._row_first: bool | None = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)
        if tag == "table":
            t = {"caption": None, "th": [], "rows": []}
            self.tables.append(t)
            self._open.append(t)
        if not self._open:
            return
        t = self._open[-1]
        if tag == "caption":
            self._caption = {"text": ""}
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr":
            self._row_first = None
        elif tag in ("th", "td"):
            cell = {"tag": tag, "scope": a.get("scope"), "text": "", "part": self._part}
            if self._row_first is None and self._part == "tbody":
                self._row_first = tag == "th" and a.get("scope") == "row"
                t["rows"].append(self._row_first)
            else:
                self._row_first = self._row_first if self._row_first is not None else False
            if tag == "th":
                t["th"].append(cell)
            self._cell = cell

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "table" and self._open:
            self._open.pop()
        elif tag == "caption" and self._caption is not None and self._open:
            self._open[-1]["caption"] = " ".join(self._caption["text"].split())
            self._caption = None
        elif tag in ("th", "td"):
            self._cell = None

    def handle_data(self, data):  # noqa: ANN001
        if self._caption is not None:
            self._caption["text"] += data
        if self._cell is not None:
            self._cell["text"] += data


def parsed(html: str) -> Tables:
    p = Tables()
    p.feed(html)
    return p


def table_faults(html: str) -> list[str]:
    """What a screen reader's table navigation would miss, one line each."""
    p = parsed(html)
    out = []
    for i, t in enumerate(p.tables, 1):
        name = t["caption"] or f"table {i}"
        if not t["caption"]:
            out.append(f"table {i}: no caption")
        for c in t["th"]:
            if c["scope"] not in ("col", "row", "colgroup", "rowgroup"):
                out.append(f"{name}: header {c['text']!r} has no scope")
            if not c["text"].strip():
                out.append(f"{name}: an empty header cell")
        cols = [" ".join(c["text"].split()) for c in t["th"] if c["scope"] == "col"]
        twice = sorted({c for c in cols if cols.count(c) > 1})
        if twice:
            out.append(f"{name}: column headers {twice} name two columns alike")
        if t["rows"] and not all(t["rows"]):
            out.append(f"{name}: a body row starts with no row header")
    return out


def heading_faults(html: str) -> list[str]:
    p = parsed(html)
    levels = [int(h[1]) for h in p.headings]
    out = []
    if levels.count(1) != 1:
        out.append(f"{levels.count(1)} h1 headings")
    if levels and levels[0] != 1:
        out.append(f"the first heading is h{levels[0]}")
    for a, b in zip(levels, levels[1:], strict=False):
        if b > a + 1:
            out.append(f"h{a} then h{b}")
    return out


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def example_report(tmp_path_factory) -> str:
    tmp = tmp_path_factory.mktemp("a11y-report")
    (tmp / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp / "report.html"
    code, _, err = run_cli(
        "report", EXPORTS / "arbor_autumn_2026.csv", "--pupils", EXPORTS / "pupils.csv",
        "--as-of", "2026-12-04", "--workspace", tmp, "-o", out,
    )  # fmt: skip
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_every_table_of_the_report_has_a_caption_scoped_headers_and_row_headers(
    example_report,
):
    # A screen reader lists a page's tables by caption and reads each cell with its
    # headers.  The report's eight tables had no caption and no header had a scope; the
    # year groups' table ended in an empty header cell (an empty column), the cohorts'
    # headers read "Rest of school" and "Gap" twice (of attendance, then of the PA rate),
    # and no row had a header, so a figure read down a column was nobody's.
    assert parsed(example_report).tables, "no table found"
    assert table_faults(example_report) == []


def test_the_report_has_one_h1_and_headings_in_order_and_each_chart_a_name(example_report):
    p = parsed(example_report)
    assert p.lang == "en-GB"
    assert heading_faults(example_report) == []
    svgs = re.findall(r"<svg[^>]*>", example_report)
    assert len(svgs) == 7
    for s in svgs:
        assert 'role="img"' in s and re.search(r'aria-label="[^"]{10,}"', s), s


def test_every_table_of_the_trust_report_has_a_caption_scoped_headers_and_row_headers(
    tmp_path,
):
    # The trust report's tables: no caption, no scope, the cohorts' table read "Cohort"
    # over the cohort's name and again over its attendance, and ended in an empty header
    # (its notes); no row had a header (a figure read down a column was no school's).
    from test_trust_report import school, tiny_export

    summaries = []
    cedar = tmp_path / "cedar.csv"
    tiny_export(cedar)
    for name, urn, export in (
        ("Oakfield Academy", "123456", EXPORTS / "arbor_autumn_2026.csv"),
        ("Cedar School", "333333", cedar),
    ):
        cfg = school(tmp_path / urn, name, urn)
        path = tmp_path / f"{urn}.summary.json"
        code, _, err = run_cli("summary", export, "-c", cfg, "-o", path, "--as-of", "2026-12-18")
        assert code == 0, err
        summaries.append(path)
    out = tmp_path / "trust.html"
    code, _, err = run_cli("report", "--trust", *summaries, "-o", out)
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert len(parsed(html).tables) == 4
    assert table_faults(html) == []
    assert heading_faults(html) == []
    svgs = re.findall(r"<svg[^>]*>", html)
    assert svgs and all('role="img"' in s and "aria-label=" in s for s in svgs), svgs


def test_a_headline_change_says_in_words_whether_it_is_better_or_worse(example_report):
    # The headline cards showed a change as "▲ up 1.2 pp since ..." in green or red: that
    # a rise in the PA rate is worse and a rise in attendance better was said by the
    # colour alone, lost to a colour-blind reader, a screen reader and a greyscale print.
    changes = re.findall(r'<div class="change (good|bad|same)">([^<]*)</div>', example_report)
    tones = {tone for tone, _ in changes}
    assert {"good", "bad"} <= tones, changes  # the example has both
    for tone, text in changes:
        word = {"good": "Better", "bad": "Worse"}.get(tone)
        if word:
            assert text.startswith(f"{word}: "), (tone, text)
        else:
            assert "etter" not in text and "orse" not in text, text

