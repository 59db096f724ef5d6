"""Sweep of the LA's termly register check (DOMAIN.md 8) and sickness (DOMAIN.md 7), on
hand-made registers worked by hand."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from attcli.config import Config
from attcli.lacheck import register_check, to_xlsx
from builders import register

D = dt.date


def test_the_workbook_writes_the_leaving_date_as_a_date_like_every_other():
    """GONE: present Mon 7 - Fri 11 Sep 2026, then N for 10 school days (Mon 14 - Fri 25
    Sep), no row after: left the roll on Fri 25/09/2026; STAY present all 20 days.  GONE
    is 10/30 = 33.33 % with a 10-day run, listed.  The workbook's "Left the roll on" cell
    is a date under DD/MM/YYYY, as the date of birth and the header block's dates are (and
    as the CSV writes it, 25/09/2026): it came out under openpyxl's own yyyy-mm-dd."""
    reg = register(
        {"GONE": " ".join(["/\\"] * 5 + ["N"] * 10), "STAY": " ".join(["/\\"] * 20)},
        start=D(2026, 9, 7),
    )
    rc = register_check(reg, Config(), term="autumn", year=2026)
    buf = io.BytesIO()
    to_xlsx(rc, buf, produced=D(2026, 11, 23))
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    head = [c.value for c in ws[11]]
    (row,) = ws.iter_rows(min_row=12)
    cells = dict(zip(head, row, strict=True))
    assert cells["UPN"].value == "GONE" and cells["Possible sessions (term)"].value == 30
    left = cells["Left the roll on"]
    assert left.value == dt.datetime(2026, 9, 25)
    assert left.number_format == "DD/MM/YYYY"
    assert cells["Date of birth"].number_format == "DD/MM/YYYY"
