"""Faults found by a second sweep of what a person sees (docs/decisions.md, "What a person
sees, a second pass"): the outputs added since the first (evidence packs, the casebook,
trust reports, the LA return, the register check, the ladder, the pupil record), run on
the example school and on a hostile copy of it (long names, combining accents, Arabic, an
emoji, tabs and line breaks in cells, formulas, HTML, Typst markup, terminal escapes),
read at 80 columns, as PDF pages, as printed HTML and as workbook cells."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from clirun import run_cli

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
EXPORTS = ROOT / "examples" / "exports"
CONFIG = ROOT / "examples" / "attcli.toml"

#: the example school's planted pupils renamed as a hostile export may name them
HOSTILE = {
    "K999290917913": ("Nguye\u0302\u0303n", "Thi\u0323 Minh Khai"),  # combining accents
    "U999291016905": ("Wojciechowska-Brze\u0328czyszczykiewicz", "Grzegorz"),
    "T999291016914": ("عبد الرحمن", "محمد"),
    "H999291115917": ("#set page(width: 1cm)", "$x^2$ #pagebreak()"),
}


def _rename(src: Path, dest: Path, surname: str, forename: str) -> Path:
    rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    i_upn, i_sur, i_fore = head.index("UPN"), head.index(surname), head.index(forename)
    for row in rows[1:]:
        if row[i_upn] in HOSTILE:
            row[i_sur], row[i_fore] = HOSTILE[row[i_upn]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    dest.write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    return dest


@pytest.fixture()
def hostile(tmp_path: Path) -> dict[str, Path]:
    """The example school's autumn export and contacts with the planted pupils renamed,
    and a workspace holding the example's settings."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    export = _rename(
        EXPORTS / "arbor_autumn_2026.csv", tmp_path / "arbor.csv", "Legal Surname", "Legal Forename"
    )
    contacts = _rename(
        EXPORTS / "contacts.csv", tmp_path / "contacts.csv", "Contact Surname", "Contact Forename"
    )
    return {"ws": ws, "export": export, "contacts": contacts}


#: the evidence pack's section headings (src/attcli/templates/evidence/_evidence.typ)
PACK_HEADINGS = (
    "The pupil",
    "The parent this request is about",
    "Attendance",
    "Unauthorised absence in the penalty-notice window",
    "Support given",
    "Penalty notices on record (last 3 years)",
)


def _last_lines(pdf: Path) -> list[str]:
    """Each page's last line of text above its footer."""
    out = []
    for page in pypdf.PdfReader(str(pdf)).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        body = [line for line in lines if " · page " not in line and "personal information" not in line]
        out.append(body[-1] if body else "")
    return out


@pytest.mark.parametrize(
    ("upn", "as_of", "today"),
    [
        ("K999290917913", "2026-12-18", "2026-12-05"),
        ("K999290917913", "2026-12-18", "2027-08-31"),
        ("K999290917913", "2026-12-11", "2027-08-31"),
        ("H999291115917", "2026-12-18", "2026-12-05"),
        ("U999291016905", "2026-12-18", "2027-08-31"),
    ],
)
def test_an_evidence_pack_never_leaves_a_heading_alone_at_a_page_foot(
    hostile, tmp_path, monkeypatch, upn, as_of, today
):
    # Reuben Walsh renamed Thị Minh Khai Nguyễn (cme_current: N every day from 3 Dec), his
    # draft pack as of 18 Dec made on 5 Dec: 23 problems fill the first page, which ended
    # with the heading "Unauthorised absence in the penalty-notice window" alone above the
    # footer, its text and sessions on the next page.  A heading now keeps to what follows.
    monkeypatch.setenv("ATTCLI_TODAY", today)
    out = tmp_path / "pack.pdf"
    code, _, err = run_cli(
        "evidence", upn, hostile["export"], "--for", "penalty-notice", "--as-of", as_of,
        "--contacts", hostile["contacts"], "--workspace", hostile["ws"], "--draft", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    last = _last_lines(out)
    assert len(last) >= 2
    for n, line in enumerate(last, 1):
        assert line not in PACK_HEADINGS, (n, last)


def _css_rules(html: str, media: str | None = None) -> dict[str, str]:
    """The report's CSS rules as {selector: declarations}: those inside an ``@media`` block
    whose condition holds ``media`` (e.g. "print"), or, without it, those outside every
    @media block."""
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    style = re.sub(r"/\*.*?\*/", "", style, flags=re.S)
    rules: dict[str, str] = {}
    heads: list[str] = []  # the open blocks' heads, outermost first
    text = ""
    for token in re.findall(r"[{}]|[^{}]+", style):
        if token == "{":
            heads.append(text.strip())
        elif token == "}":
            head = heads.pop()
            if not head.startswith("@"):
                outer = [h for h in heads if h.startswith("@media")]
                if (media is None and not outer) or (media and outer and media in outer[-1]):
                    for sel in head.split(","):
                        rules[sel.strip()] = rules.get(sel.strip(), "") + text
        text = token if token not in "{}" else ""
    return rules




def test_the_report_s_figures_never_wrap_between_the_number_and_its_sign(example_report):
    # Section 8's "Then" and "Now" columns read "100.0" on one line and "%" on the next in
    # a 1000-pixel browser window, and section 4's PA rate "10.0 / %": a figure's cell
    # wrapped at the space before its sign.  The trust report's figures already kept to
    # one line.
    html = example_report
    assert re.search(r'<td class="n">100\.0 %</td>', html)  # the figure as the page has it
    rules = _css_rules(html)
    assert "nowrap" in rules.get("td.n", ""), rules.get("td.n")


def test_the_printed_report_keeps_a_section_s_heading_and_lead_with_what_follows(
    example_report,
):
    # Printed (Chromium, A4), section 5's heading and its lead paragraph ended page 5, the
    # charts began page 6; section 8 (a new page, for staff) was its heading and lead
    # alone, its 24-row table pushed whole to the next page because a table was never to
    # be broken.  A lead keeps to what follows it; a table breaks between rows.
    rules = _css_rules(example_report, "print")
    for sel in ("h2", "p.lead", "p.warning"):
        assert "break-after: avoid" in rules.get(sel, ""), (sel, rules)
    for sel in ("p.lead", "p.warning"):  # Chromium broke between a lead's lines instead
        assert "break-inside: avoid" in rules.get(sel, ""), (sel, rules)
    assert "break-inside: avoid" not in rules.get("table", ""), rules
    assert "break-inside: avoid" in rules.get("tr", ""), rules


CHROMIUM = next(
    (p for p in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
     if __import__("shutil").which(p)),
    None,
)


@pytest.fixture(scope="module")
def printed_report(example_report, tmp_path_factory) -> Path:
    """The example report printed to PDF by Chromium, once for the tests that read it."""
    import subprocess

    tmp = tmp_path_factory.mktemp("printed-report")
    html = tmp / "report.html"
    html.write_text(example_report, encoding="utf-8")
    pdf = tmp / "report.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return pdf


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to print the report with")
def test_the_report_printed_by_chromium_has_no_section_heading_at_a_page_foot(
    example_report, printed_report
):
    # The same, printed for real: each section's heading is on a page with more than its
    # lead after it (before: "5 Cohorts against the rest of the school" and its two lines
    # ended a page, and "8 Pupils whose band got worse" was its page's only content).
    pdf = printed_report
    # each section's number, title and the text of its lead (and warning) paragraphs
    sections = re.findall(
        r'<h2><span class="num">(\d+)</span>([^<]+)</h2>\s*((?:<p class="(?:lead|warning)">.*?</p>\s*)*)',
        example_report,
        flags=re.S,
    )
    assert len(sections) >= 8
    found = set()
    for n, page in enumerate(pypdf.PdfReader(str(pdf)).pages, 1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        chunks: list[tuple[float, str]] = []  # (height above the page's foot, text)
        page.extract_text(
            visitor_text=lambda t, cm, tm, *_, into=chunks: into.append((cm[5] + tm[5], t))
        )
        height = float(page.mediabox.height)
        for num, title, leads in sections:
            at = [i for i, line in enumerate(lines) if re.match(rf"{num} ?{re.escape(title[:15])}", line)]
            if not at:
                continue
            found.add(num)
            lead = " ".join(re.sub(r"<[^>]+>", "", leads).split())
            after = " ".join(lines[at[0] + 1 :])
            if len(after) > len(lead) + 20:
                continue  # more than its lead follows the heading on its page
            # only the lead follows it (a chart's text is drawn, not written): then the
            # heading is high on a page that holds more than the heading and its lead
            y = max(y for y, t in chunks if title[:10] in t)
            assert y > height / 2, (n, num, title, "in the lower half, only its lead after it")
            assert at[0] > 0, (n, num, title, "a page of a heading and its lead alone")
    assert len(found) == len(sections), (found, sections)


def _words_whole(text: str, out: str, width: int) -> list[str]:
    """The words of ``text`` (those that fit a line) not found whole in any line of ``out``."""
    found = {w for line in out.splitlines() for w in line.split()}
    return [w for w in text.split() if len(w) < width - 4 and w not in found]


def test_national_show_wraps_its_sentences_between_words_at_80_columns(tmp_path):
    # `attcli national show` printed each line whole (soft wrap), 125 to 238 characters:
    # on an 80-column terminal "Pupil absence in schools in England: 2023/24 academic year,
    # full year, publish" / "ed 20 March 2025", and the school's line cut "([school] ph" /
    # "ase not set)".  Its sentences are now wrapped between words, indented as they were.
    from attcli.config import load_config
    from attcli.national import describe

    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("--workspace", ws, "national", "show", width=80)
    assert code == 0, err
    lines = out.splitlines()
    expected = "\n".join(describe(load_config(ws / "attcli.toml")))
    assert max(len(line) for line in expected.splitlines()) > 80  # the case: long lines
    # every line fits but one holding a single word too long for any line (a URL, left
    # whole for the terminal, to be copied)
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in lines), lines
    assert _words_whole(expected, out, 80) == []
    assert [w for w in expected.split() if w not in {x for line in lines for x in line.split()}] == []
    # a continuation keeps its line's indent; the table's rows and blank lines are kept
    assert "  area     phase" in out
    assert lines.count("") == expected.splitlines().count("")
    read = next(i for i, line in enumerate(lines) if line.startswith("  read from:"))
    assert lines[read + 1].startswith("  https://")


def test_the_no_workspace_line_on_an_80_column_terminal_breaks_between_its_parts(
    tmp_path, monkeypatch
):
    # With no workspace found, the line's first part alone ("workspace: none (no
    # --workspace, no ATTCLI_WORKSPACE, no ./attcli.toml, nothing in FOLDER):") was 121
    # characters here: the terminal cut it mid-word ("nothing in /tmp/home-looks2/.local/sh"
    # / "are/attcli").  Its parts are now one to a line there too.
    from rich.console import Console

    from attcli import cliutil

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ATTCLI_WORKSPACE", raising=False)
    shown = io.StringIO()
    monkeypatch.setattr(
        cliutil, "err_console", Console(file=shown, width=80, force_terminal=True, color_system=None)
    )
    code, _, err = run_cli("national", "show", width=80)
    assert code == 0, err
    lines = shown.getvalue().splitlines()
    assert lines[0].startswith("workspace: none (no --workspace,")
    first = [line for line in lines if line.startswith(("workspace:", "  "))]
    text = " ".join(" ".join(first).split())
    assert "no ATTCLI_WORKSPACE, no ./attcli.toml, nothing in " in text
    assert all(len(line) <= 80 for line in first), first


def test_the_summary_s_lines_wrap_between_words_at_80_columns(tmp_path):
    # `attcli summary` said what it wrote in two lines of 218 and 280 characters, left to
    # the terminal to wrap: "... possible sessions, by week, weekday, year group, coh" /
    # "ort and band".  They are wrapped between words now.
    from attcli.summary.command import describe

    (tmp_path / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    out_file = tmp_path / "s.json"
    code, out, err = run_cli(
        "summary", EXPORTS / "arbor_autumn_2026.csv", "--as-of", "2026-12-04",
        "--workspace", tmp_path, "-o", out_file, width=80,
    )  # fmt: skip
    assert code == 0, err
    import json

    expected = " ".join(describe(json.loads(out_file.read_text(encoding="utf-8")), 5))
    assert len(expected) > 160
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    assert " ".join(" ".join(lines).split()).startswith(" ".join(expected.split())[:150])
    assert _words_whole(expected, out, 80) == []


def test_init_s_closing_lines_wrap_between_words_at_80_columns(tmp_path):
    # `attcli init FOLDER` ended with lines of 158 and 125 characters left to the terminal:
    # "... school.local_authority, ...): letters and penalty notices wait until you fil" /
    # "l them in".  They are wrapped between words now (a path kept whole).
    folder = tmp_path / "ws"
    code, out, err = run_cli("init", folder, width=80)
    assert code == 0, err
    lines = out.splitlines()
    # (a path longer than a line is a word of its own, left whole)
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in lines), lines
    said = " ".join(out.split())
    assert "still say FILL IN (school.name, school.urn," in said
    assert "letters and penalty notices wait until you fill them in" in said
    assert f"`attcli --workspace {folder.resolve()} ...`" in said
    assert f"ATTCLI_WORKSPACE={folder.resolve()}" in said


def test_the_pupil_record_s_indented_items_wrap_under_themselves_at_80_columns(tmp_path):
    # A notice on record to a long-named parent with an LA reference: "  27/11/2026 to
    # Mrs Joanne Hassan-Abdulrahman-Al-Montgomery (LA ref ...)" wrapped at 80 columns to
    # the left edge ("#set ...)" under "Penalty notices on record"), as did a released
    # letter's reason: a wrapped item read as a line of its own.  Each continues under it.
    import datetime as dt

    from attcli.store import History, Parent

    (tmp_path / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    parent = Parent("id:70167", "Mrs Joanne Hassan-Abdulrahman-Al-Montgomery-Smythe")
    with History(tmp_path / "attcli-history.sqlite3", write=True) as store:
        store.record_notice(
            "L999290719909", parent, dt.date(2026, 11, 27),
            "LA reference PN/2026/000123 sent by post", by="test",
        )  # fmt: skip
    code, out, err = run_cli(
        "pupil", "L999290719909", EXPORTS / "arbor_autumn_2026.csv", "--as-of", "2026-12-04",
        "--workspace", tmp_path, "--contacts", EXPORTS / "contacts.csv", width=80,
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index("Penalty notices on record: 1")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("(history:"))
    items = lines[start + 1 : end]
    assert len(items) >= 3, items  # the notice wraps, then the next notice
    assert all(len(line) <= 80 for line in lines)
    assert all(line.startswith("  ") for line in items), items
    assert "PN/2026/000123" in " ".join(" ".join(items).split())


def test_the_trust_workbook_s_columns_fit_their_names_and_its_headers_stay_in_view(tmp_path):
    # The trust's workbook set no widths: every column was Excel's default 8.43, so
    # "Oakfield Academy" read "Oakfield" beside its URN, and a school named "Ysgol Gynradd
    # Gymraeg Llanfair-ym-Muallt" read "Ysgol Gy"; its headers scrolled away.  Its sheets
    # now follow the other workbooks: columns as wide as their values (output.column_widths),
    # a bold header row kept in view.
    from openpyxl import load_workbook

    long_name = "Ysgol Gynradd Gymraeg Llanfair-ym-Muallt"
    summaries = []
    for n, (name, urn) in enumerate((("Oakfield Academy", "123456"), (long_name, "123457"))):
        ws = tmp_path / f"ws{n}"
        ws.mkdir()
        text = CONFIG.read_text(encoding="utf-8")
        text = text.replace('name = "Oakfield Academy"', f'name = "{name}"', 1)
        (ws / "attcli.toml").write_text(text.replace('urn = "123456"', f'urn = "{urn}"', 1))
        out = tmp_path / f"s{n}.json"
        code, _, err = run_cli(
            "summary", EXPORTS / "arbor_autumn_2026.csv", "--as-of", "2026-12-04",
            "--workspace", ws, "-o", out,
        )  # fmt: skip
        assert code == 0, err
        summaries.append(out)
    book = tmp_path / "trust.xlsx"
    code, _, err = run_cli("report", "--trust", *summaries, "-o", book)
    assert code == 0, err
    wb = load_workbook(book)
    for title in ("Schools", "Weekly", "Cohorts", "Weekdays"):
        sheet = wb[title]
        heads = [c.value for c in sheet[1]]
        col = "A" if heads[0] == "School" else "B"
        assert heads[ord(col) - 65] == "School", (title, heads)
        names = [c.value for c in sheet[col][1:] if isinstance(c.value, str)]
        assert long_name in names, (title, names)
        assert sheet.column_dimensions[col].width >= len(long_name) + 1, title
        assert sheet.freeze_panes == "A2", title
        assert all(c.font.b for c in sheet[1] if c.value), title
    schools = wb["Schools"]
    heads = [c.value for c in schools[1]]
    urn = chr(65 + heads.index("URN"))
    assert schools.column_dimensions[urn].width >= len("URN") + 1


def test_a_table_s_long_header_over_short_figures_wraps_so_its_text_column_need_not(tmp_path):
    # `attcli cases --impact` at 80 columns: the column "median change (points)" kept its
    # header's 22 characters for figures of 5 ("+1.50") while the stage's name, the one
    # column of words, was squeezed to 24 and wrapped over 3 and 4 lines ("Attendance
    # review / meeting (persistent / absence, weekly / monitoring)").  A header over short
    # single-word figures now wraps between its words, leaving the width to the text.
    from rich.console import Console

    from attcli.terminal import print_rows

    stages = [
        "Letter offering support",
        "Attendance support meeting",
        "Attendance review meeting (persistent absence, weekly monitoring)",
        "Formal review meeting with the SLT attendance lead",
        "Referral to the Education Welfare Officer",
    ]
    buf = io.StringIO()
    console = Console(file=buf, width=80, color_system=None)
    print_rows(
        console, "Did it work?", ["stage", "pupils", "improved", "median change (points)", "note"],
        [[s, 6, 4, "+1.50", ""] for s in stages], whole=(0, 4),
    )  # fmt: skip
    lines = buf.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines)
    body = "\n".join(lines)
    for s in stages[:2]:  # each short enough for one line of a fair share
        assert s in body, (s, body)
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) <= 8, body  # 5 stages, none over 2 lines
    head = [line for line in lines if line.startswith("┃")]
    words = " ".join(" ".join(line.replace("┃", " ").split()) for line in head).split()
    for w in ("stage", "pupils", "improved", "median", "change", "(points)", "note"):
        assert w in words, (w, head)  # the header whole, wrapped between its words
    assert "+1.50" in body


def test_an_evidence_pack_s_page_number_is_never_split_over_two_lines(tmp_path):
    # Harvey Doyle (pn_week_of_g) renamed with a 46-character surname: his pack's footer
    # took two lines, broken inside its page number ("... keep it safe · page 1" / "of 3").
    # "page N of M" is kept together (no-break spaces), in the certificate's pages too.
    surname = "Hassan-Abdulrahman-Al-Montgomery-Fotheringham-"
    rows = list(csv.reader(io.StringIO(
        (EXPORTS / "arbor_autumn_2026.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    head = rows[0]
    for row in rows[1:]:
        if row[head.index("UPN")] == "L999290719909":
            row[head.index("Legal Surname")] = surname
    export = tmp_path / "arbor.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    export.write_text(buf.getvalue(), encoding="utf-8")
    (tmp_path / "attcli.toml").write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "pack.pdf"
    code, _, err = run_cli(
        "evidence", "L999290719909", export, "--for", "penalty-notice", "--as-of", "2026-11-20",
        "--workspace", tmp_path, "--contacts", EXPORTS / "contacts.csv", "-o", out,
    )  # fmt: skip
    assert code == 0, err
    pages = [p.extract_text().replace("\xa0", " ") for p in pypdf.PdfReader(str(out)).pages]
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert f"Harvey {surname}" in " ".join(text.split()) or surname in text
        assert re.search(rf"page {n} of {len(pages)}\s*$", text.strip().splitlines()[-1]), (
            n, text.splitlines()[-2:]
        )


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to print the report with")
def test_the_printed_report_shows_the_weekly_figures_table(example_report, printed_report):
    # Section 2's "Weekly figures as a table" is a closed <details> on screen; printed by
    # Chromium it was left out (the print rule showing a details' children cannot open it:
    # Chromium keeps its content in a slot of its own), so the paper had the chart only.
    pdf = printed_report
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(str(pdf)).pages).split())
    # the table's last week (w/c 30 Nov, to Fri 4 Dec), in the table only
    assert example_report.count("30 November 2026") == 1
    assert "30 November 2026" in text
    assert "details::details-content" in _css_rules(example_report, "print") or any(
        "details-content" in k for k in _css_rules(example_report, "print")
    )
