"""What a person sees, a ninth pass (docs/decisions.md, sweep looks9).

Each test asserts the text (or the file's structure) a reader sees, and failed before
its fix."""

from __future__ import annotations

from attcli.config import DEFAULT_BANDS, band_range, parse_config


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_band_s_range_is_said_in_words_not_in_signs() -> None:
    """The bands' rules read "92 % <= attendance", "90 % < attendance < 92 %" and
    "attendance <= 50 %" in the check's headings, the pupil record, the report's table and
    workbook (looks8's leftover): staff and governors read them.  DOMAIN.md 3's default
    bands: green at least 92 %, amber above 90 % and below 92 %, red above 50 % and at most
    90 % (90 % is red: "attendance <= 90 %"), severe 50 % or less."""
    assert [band_range(DEFAULT_BANDS, i) for i in range(4)] == [
        "92 % or more",
        "above 90 % and below 92 %",
        "above 50 % and at most 90 %",
        "50 % or less",
    ]
    # a school drawing its lines the other way round: at least 95 %, at least 90 %, the rest
    cfg = parse_config(
        '[[bands]]\nname = "good"\nabove = 95\n'
        '[[bands]]\nname = "watch"\nat_least = 90\nletter = "amber"\n'
        '[[bands]]\nname = "low"\nletter = "red"\n'
    )
    assert [band_range(cfg.bands, i) for i in range(3)] == [
        "above 95 %",
        "at least 90 % and at most 95 %",
        "below 90 %",
    ]


def test_the_check_s_band_headings_say_the_range_in_words() -> None:
    from attcli.check import groups_for

    titles = {g.key: g.title for g in groups_for(parse_config(""))}
    assert titles["band:severe"] == "Severe (50 % or less)"
    assert titles["band:amber"] == "Amber (above 90 % and below 92 %)"


def test_the_report_s_workbook_says_pa_and_sa_in_the_page_s_words() -> None:
    """The workbook's About sheet said "PA = attendance <= 90 %, SA = attendance <= 50 %"
    where the page says "PA: attendance at or below 90 %", "SA: at or below 50 %"."""
    import io

    from openpyxl import load_workbook

    from attcli.report import build_report
    from attcli.report.xlsx import write_xlsx
    from test_report import CONFIG, school

    buf = io.BytesIO()
    write_xlsx(build_report(school(), parse_config(CONFIG)), buf)
    book = load_workbook(buf)
    cells = [str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value]
    assert not [c for c in cells if "<=" in c or "< attendance" in c]
    assert any(
        "PA (persistent absence) = attendance at or below 90 %, SA (severe absence) = at or "
        "below 50 %" in c for c in cells
    )
