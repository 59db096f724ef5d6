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
