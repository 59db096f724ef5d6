"""What a person sees of the round's new outputs (sweep of 7 December (tenth), looks18).

Registers from Mon 7 Sep 2026, a token a school day (tests/builders.py).
"""

from __future__ import annotations

import io

from attcli.config import Config
from builders import register


def test_the_workbook_summary_shows_each_group_s_title_whole() -> None:
    # The Summary sheet's column A was 70 wide; the sickness group's title grew this round
    # to 87 characters ("Sickness (30+ illness sessions or 15+ school days missed, or a run
    # of 15+ school days)") and, its count in column B beside it, was cut in Excel at "a run
    # of 1".  Every title now fits its column (wrapped where the column stops growing).
    import openpyxl

    from attcli.check import check_register
    from attcli.report_check import to_xlsx

    reg = register({"ILL": " ".join(["I"] * 15 + ["/"] * 5), "OK": " ".join(["/"] * 20)})
    checked = check_register(reg, Config())
    buf = io.BytesIO()
    to_xlsx(checked, buf)
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["Summary"]
    rows = [r for r in sheet.iter_rows(min_col=1, max_col=1) if r[0].value]
    head = next(i for i, r in enumerate(rows) if r[0].value == "Group")
    titles = [r[0] for r in rows[head + 1 :]]
    assert [c.value for c in titles][-1] == (
        "Sickness (30+ illness sessions or 15+ school days missed, or a run of 15+ school days)"
    )
    width = sheet.column_dimensions["A"].width
    cut = [c.value for c in titles if len(c.value) > width and not c.alignment.wrap_text]
    assert not cut, (width, cut)
