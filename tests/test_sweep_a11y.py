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


def test_the_report_has_one_h1_and_headings_in_order_and_each_chart_a_name(example_report):
    p = parsed(example_report)
    assert p.lang == "en-GB"
    assert heading_faults(example_report) == []
    svgs = re.findall(r"<svg[^>]*>", example_report)
    assert len(svgs) == 7
    for s in svgs:
        assert 'role="img"' in s and re.search(r'aria-label="[^"]{10,}"', s), s


# (after a test that makes the session's example report: this test's time is its own)
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


# --------------------------------------------------------------------------- letters


@pytest.fixture(scope="module")
def letters(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("a11y-letters")
    (tmp / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp / "letters"
    code, _, err = run_cli(
        "letters", EXPORTS / "arbor_autumn_2026.csv", "--contacts", EXPORTS / "contacts.csv",
        "--as-of", "2026-12-04", "--workspace", tmp, "--out", out,
    )  # fmt: skip
    assert code == 0, err
    return out


def _sizes(pdf: Path, page: int = 0) -> list[tuple[float, str]]:
    """(size in points, text) of each run of text on a page, in the order drawn."""
    import math

    import pypdf

    out: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
            out.append((round(size * scale, 2), " ".join(text.split())))

    pypdf.PdfReader(str(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def test_a_letter_s_text_is_11_point_at_least_and_still_one_page(letters):
    # The letters were set in 10.5 pt, their table of figures in 9.5 pt and its note in
    # 8 pt: under the 11 pt that clear-print guidance gives as the least for a letter.
    # Every line a parent reads, from the address to the signature, is 11 pt or more now
    # (the letterhead's contact lines and the footer are the school's small print), and the
    # longest of the example's letters (an amber letter with the illness paragraph and the
    # figures' note) still fits its page.
    import pypdf

    pdfs = sorted(p for p in letters.glob("*.pdf") if not p.name.startswith("letters-to-print"))
    assert len(pdfs) >= 40
    for pdf in pdfs:
        assert len(pypdf.PdfReader(str(pdf)).pages) == 1, pdf.name
    shah = letters / "H999201016130_Shah_Aoife_amber.pdf"  # the fullest page
    runs = _sizes(shah)
    texts = [t for _, t in runs]
    start = texts.index("Mr Olu Shah")  # the address in the envelope's window
    end = max(i for i, t in enumerate(texts) if t == "Oakfield Academy")  # the signature's
    small = [(s, t) for s, t in runs[start : end + 1] if s < 11]
    assert small == [], small
    assert any(t.startswith("A session is a morning") for t in texts)  # the note, counted


def test_a_letter_as_a_web_page_has_its_subject_as_h1_and_a_table_read_with_headers(letters):
    # The HTML letter's first heading was the school's name as an h2, before the subject
    # as the h1; the table of figures had an empty header cell in its corner, no scope,
    # no caption, and no row headers (a screen reader read "91.0%" with no "Attendance").
    page = (letters / "H999201016130_Shah_Aoife_amber.html").read_text(encoding="utf-8")
    assert parsed(page).lang == "en-GB"
    assert heading_faults(page) == []
    # the letter, from the address to the signature, is the page's main landmark
    main = page.split("<main>", 1)[1].split("</main>", 1)[0]
    assert "<h1>" in main and "Mr Olu Shah" in main and "Yours sincerely" in main
    assert len(parsed(page).tables) == 1
    assert table_faults(page) == []
    # and nothing a parent reads below 11 pt: only the letterhead's contact lines and the
    # footer are smaller
    from attcli.letters.render import _CSS

    small = {
        sel.strip()
        for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", _CSS)
        for size in re.findall(r"font-size:\s*([\d.]+)pt", body)
        if float(size) < 11
    }
    assert small <= {".letterhead address", "footer"}, small


def test_the_letters_to_print_say_which_letter_each_page_is_and_are_in_british_english(
    letters,
):
    # The print file places each letter's pages as images: a screen reader read 45 pages
    # of "figure", none saying whose letter it was, in a document whose language was
    # "en" (the letters themselves are en-GB).
    import pypdf

    (printed,) = letters.glob("letters-to-print-*.pdf")
    reader = pypdf.PdfReader(str(printed))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    figures = []

    def walk(node) -> None:  # noqa: ANN001
        node = node.get_object()
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid.get_object(), "keys"):
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert len(figures) == len(reader.pages)
    assert all(figures), figures[:3]
    assert any(
        a.startswith("Aoife Shah: amber letter, page 1 of 1")
        and "H999201016130_Shah_Aoife_amber.pdf" in a
        for a in figures
    ), figures[:3]


# --------------------------------------------------------------------------- PDF headings


def _tags(pdf: Path) -> list[str]:
    """The structure tags of a tagged PDF, in document order ("/H1", "/P", ...)."""
    import pypdf

    out: list[str] = []

    def walk(node) -> None:  # noqa: ANN001
        node = node.get_object()
        if node.get("/S"):
            out.append(str(node["/S"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid.get_object(), "keys"):
                walk(kid)

    walk(pypdf.PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return out


def test_the_pdfs_titles_and_sections_are_headings_a_screen_reader_can_find(
    letters, tmp_path
):
    # A screen reader moves through a PDF by its headings.  No PDF attcli made had one:
    # the letter's subject, the certificate's title and its key's, the evidence pack's
    # title and its sections ("The pupil", "Attendance", ...) were bold text, tagged as
    # paragraphs.  They are headings now, and look as they did.
    letter = _tags(letters / "H999201016130_Shah_Aoife_amber.pdf")
    assert [t for t in letter if t.startswith("/H")] == ["/H1"]

    (tmp_path / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    cert = tmp_path / "cert.pdf"
    code, _, err = run_cli(
        "pupil", "show", "X999290917903", EXPORTS / "arbor_autumn_2026.csv",
        "--as-of", "2026-12-04", "--workspace", tmp_path, "--pdf", cert,
    )  # fmt: skip
    assert code == 0, err
    assert [t for t in _tags(cert) if t.startswith("/H")] == ["/H1", "/H2"]

    pack = tmp_path / "pack.pdf"
    code, _, err = run_cli(
        "evidence", "L999290719909", EXPORTS / "arbor_autumn_2026.csv", "--for",
        "penalty-notice", "--contacts", EXPORTS / "contacts.csv", "--as-of", "2026-12-04",
        "--draft", "--workspace", tmp_path, "-o", pack,
    )  # fmt: skip
    assert code == 0, err
    heads = [t for t in _tags(pack) if t.startswith("/H")]
    # the pack's title, its sections, then the register's calendar (a certificate page)
    assert heads[0] == "/H1" and heads.count("/H2") >= 6, heads
    assert heads[heads.index("/H1", 1) :] == ["/H1", "/H2"], heads


# --------------------------------------------------------------------------- contrast


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two colours (#rgb or #rrggbb)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_worked_out_as_wcag_does():
    assert round(contrast("#000", "#fff"), 2) == 21.0
    assert round(contrast("#767676", "#fff"), 2) == 4.54  # the lightest grey AA allows
    assert contrast("#777", "#fff") < 4.5


def test_every_text_colour_of_the_html_pages_reads_at_4_5_to_1_on_each_background():
    # A guard, found right in this sweep: every colour text is set in (the report's muted
    # grey, accent and warning reds, the trust report's, the HTML letter's) has WCAG AA
    # contrast (4.5:1) on white and on the tinted rows, cards and table heads it can sit on.
    from attcli.letters.render import _CSS as letter_css
    from attcli.report.template import TEMPLATE
    from attcli.report.trust import _TEMPLATE as trust_template

    for css in (TEMPLATE, trust_template, letter_css):
        names = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))
        def colour(value: str, names=names) -> str:
            value = value.strip()
            found = re.fullmatch(r"var\(--([\w-]+)\)", value)
            return names[found.group(1)] if found else value
        texts = {colour(v) for v in re.findall(r"(?<![-\w])color:\s*([^;}]+)", css)}
        grounds = {"#fff"} | {
            colour(v) for v in re.findall(r"background:\s*([^;}]+)", css)
            if colour(v).startswith("#")
        }
        assert len(texts) >= 3 and all(t.startswith("#") for t in texts), texts
        low = [(t, g, round(contrast(t, g), 2)) for t in texts for g in grounds
               if contrast(t, g) < 4.5]  # fmt: skip
        assert low == [], low


def test_the_pdfs_grey_text_reads_at_4_5_to_1_on_white():
    # The same for the PDFs' text in grey (Typst's luma(n): n at most 118 reads at 4.5:1
    # on white): the footers, notes and labels.
    for typ in (ROOT / "src" / "attcli" / "templates").glob("*/*.typ"):
        source = typ.read_text(encoding="utf-8")
        for n in re.findall(r"text\([^()]*fill: luma\((\d+)\)", source):
            grey = f"#{int(n):02x}{int(n):02x}{int(n):02x}"
            assert contrast(grey, "#fff") >= 4.5, (typ.name, n)
        assert re.search(r"text\([^()]*fill: luma\(\d+\)", source), typ.name


def test_a_letter_s_title_is_read_back_from_its_pdf_as_written():
    # (the print file's alternative text takes each letter's title from its XMP metadata,
    # where Typst writes it XML-escaped and in UTF-8)
    from attcli.pdf import pdf_title

    xmp = (
        '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Zoë O&apos;Connor &amp; '
        "&lt;b&gt;: amber letter</rdf:li></rdf:Alt></dc:title>"
    ).encode()
    assert pdf_title(b"%PDF-1.7 ..." + xmp) == "Zoë O'Connor & <b>: amber letter"
    assert pdf_title(b"%PDF-1.7 no metadata") is None


# --------------------------------------------------------------------------- the terminal


def _check_output(tmp_path: Path, env: dict[str, str], tty: bool) -> str:
    """``attcli check`` on the example school, its stdout as a terminal (a pseudo-terminal)
    or a pipe shows it."""
    import os
    import subprocess
    import sys

    (tmp_path / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    args = [sys.executable, "-m", "attcli", "--workspace", str(tmp_path), "check",
            str(EXPORTS / "arbor_autumn_2026.csv"), "--as-of", "2026-11-20"]  # fmt: skip
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env = {**base, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", **env}
    if not tty:
        done = subprocess.run(args, env=env, capture_output=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout.decode("utf-8")
    import pty

    main, child = pty.openpty()
    proc = subprocess.Popen(args, env=env, stdout=child, stderr=subprocess.DEVNULL)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8")


COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.mark.skipif(__import__("os").name != "posix", reason="a pseudo-terminal is POSIX")
def test_the_check_on_a_terminal_names_each_band_in_words_and_obeys_no_color(tmp_path):
    # A guard, found right in this sweep: on a terminal each pupil's band is a word beside
    # its colour; with NO_COLOR set no colour is written (bold and dim stay, as no-color.org
    # allows); piped, no escape sequence at all.
    coloured = _check_output(tmp_path, {"TERM": "xterm-256color"}, tty=True)
    assert COLOUR.search(coloured), "no colour on a terminal: the test shows nothing"
    plain = _check_output(tmp_path, {"TERM": "xterm-256color", "NO_COLOR": "1"}, tty=True)
    assert not COLOUR.search(plain), COLOUR.search(plain)
    piped = _check_output(tmp_path, {"TERM": "xterm-256color"}, tty=False)
    assert "\x1b" not in piped
    for text in (plain, piped):
        words = re.sub(r"\x1b\[[0-9;]*m", "", text)
        for band in ("severe", "red", "amber"):  # on a pupil's line (a row of a table)
            assert re.search(rf"[A-Z]\d{{12}}\b.*\b{band}\b", words), band
