"""Regenerate the corpus of bad register exports in ``tests/data/bad/``.

Every file is small and deterministic; what each must make attcli say is in
``tests/data/bad/expected.toml``.  Run from the repository root:

    python tools/make_bad_inputs.py            # every fixture but the encrypted one
    python tools/make_bad_inputs.py --encrypted # also encrypted.xlsx (needs msoffcrypto-tool)

``encrypted.xlsx`` is a real password-protected workbook (password ``attcli``) made
with the ``msoffcrypto-tool`` package, which is *not* an attcli dependency: install it
in a throwaway virtual environment to regenerate that one file.  The files over 1 GB
are not here: ``tests/test_bad_inputs.py`` makes them at test time as sparse files.
"""

from __future__ import annotations

import argparse
import io
import random
import struct
import sys
import zlib
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad"

LONG_HEADER = (
    "UPN,Legal Surname,Legal Forename,Year,Registration Form,Date of Birth,Date,Session,Mark"
)
PUPILS = [
    ("A999290719001", "Smith", "Ava", "14/02/2015"),
    ("A999290719002", "Okafor", "Tobi", "03/11/2014"),
    ("A999290719003", "Khan", "Zara", "27/06/2015"),
]
WEEK = ["07/09/2026", "08/09/2026", "09/09/2026", "10/09/2026", "11/09/2026"]
WEEK_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri"]


def long_rows(dates=WEEK, pupils=PUPILS, marks=("/", "\\")) -> list[str]:
    rows = []
    for upn, surname, forename, dob in pupils:
        for date in dates:
            for session, mark in zip(("AM", "PM"), marks, strict=True):
                rows.append(f"{upn},{surname},{forename},Year 7,7A,{dob},{date},{session},{mark}")
    return rows


def long_csv(rows: list[str], header: str = LONG_HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def wide_csv(sessions: list[str], rows: list[list[str]]) -> str:
    header = ["Name", "UPN", "DOB", "Year", "Class", *sessions]
    lines = [",".join(header)]
    for (upn, surname, forename, dob), marks in zip(PUPILS, rows, strict=False):
        lines.append(",".join([f'"{surname}, {forename}"', upn, dob, "Y7", "7A", *marks]))
    return "\n".join(lines) + "\n"


WIDE_SESSIONS = [f"{n} {d} {s}" for n, d in zip(WEEK_NAMES, WEEK, strict=True) for s in ("AM", "PM")]
PRESENT = ["/", "\\"] * 5


def png() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def long_sheet() -> list[list[object]]:
    return [line.split(",") for line in long_csv(long_rows()).splitlines()]


def fixtures() -> dict[str, bytes]:
    f: dict[str, bytes] = {}
    good = long_rows()

    # Truncated exports: a row cut short, a quoted cell never closed, half an xlsx.
    text = long_csv(good)
    cut = text.rindex("09/09/2026,AM") + len("09/09/20")
    f["truncated_row.csv"] = text[:cut].encode()
    quoted = [r.replace("09/09/2026", '"Wed, 09 Sep 2026"') for r in good]
    text = long_csv(quoted)
    f["truncated_quoted.csv"] = text[: text.rindex('"Wed, 09 Sep 2026"') + len('"Wed, 09 Se')].encode()
    whole = xlsx_bytes(long_sheet())
    f["truncated.xlsx"] = whole[: len(whole) // 2]

    # Not text at all.
    f["binary_png.csv"] = png()
    rnd = random.Random(7)
    f["random_nul.csv"] = b"\x00\x01\x02" + rnd.randbytes(4093)
    f["xlsx_named_csv.csv"] = whole
    f["utf16.csv"] = b"\xff\xfe" + long_csv(good).encode("utf-16-le")

    # Saved with another separator: Excel's "Text (Tab delimited)" under a title row (a
    # comma in a date cell then splits a data row in two), and a semicolon locale's CSV.
    tabbed = [r.replace(",", "\t").replace("09/09/2026", "Wed, 09 Sep 2026") for r in good]
    header = LONG_HEADER.replace(",", "\t")
    f["tab_separated.csv"] = ("Attendance by session\n" + long_csv(tabbed, header)).encode()
    f["semicolon_separated.csv"] = long_csv(
        [r.replace(",", ";") for r in good], LONG_HEADER.replace(",", ";")
    ).encode()
    # A Mac's plain "Comma Separated Values": each line ended by a carriage return alone.
    f["mac_cr_lines.csv"] = long_csv(good).replace("\r\n", "\n").replace("\n", "\r").encode()

    # Nothing to read.
    f["empty.csv"] = b""
    f["header_only.csv"] = (LONG_HEADER + "\n").encode()

    # Headers.
    f["duplicated_header.csv"] = long_csv(
        [r + "," + r.rsplit(",", 1)[1] for r in good], header=LONG_HEADER + ",Mark"
    ).encode()
    sessions = list(WIDE_SESSIONS)
    sessions[2] = "07/09/2026 AM"  # the same session as column 6, 'Mon 07/09/2026 AM'
    f["wide_repeated_session.csv"] = wide_csv(sessions, [PRESENT] * 3).encode()

    # Dates.
    us_week = ["09/07/2026", "09/08/2026", "09/09/2026", "09/10/2026", "09/11/2026"]
    f["us_dates.csv"] = long_csv(long_rows(dates=us_week)).encode()
    mixed = long_rows(dates=WEEK) + long_rows(dates=["09/14/2026", "09/15/2026"])
    f["mixed_dates.csv"] = long_csv(mixed).encode()
    us_sessions = [f"{d} {s}" for d in ("09/14/2026", "09/15/2026") for s in ("AM", "PM")]
    f["wide_us_dates.csv"] = wide_csv(us_sessions, [["/", "\\"] * 2] * 3).encode()
    rows = list(good)
    rows[4] = rows[4].replace("09/09/2026", "09/09/2025")
    f["other_year.csv"] = long_csv(rows).encode()
    f["wide_other_year.csv"] = wide_csv(
        [*WIDE_SESSIONS[:-2], "Fri 11/09/2026 AM", "Fri 10/09/2027 PM"], [PRESENT] * 3
    ).encode()
    rows = list(good)
    rows[16] = rows[16].replace("10/09/2026", "12/09/2026")
    f["weekend.csv"] = long_csv(rows).encode()
    f["dob_future.csv"] = long_csv(
        long_rows(pupils=[*PUPILS[:2], ("A999290719003", "Khan", "Zara", "27/06/2027")])
    ).encode()

    # Marks.
    split = list(PRESENT)
    split[4:6] = ["I0", "1"]
    f["wide_split_code.csv"] = wide_csv(WIDE_SESSIONS, [PRESENT, split, PRESENT]).encode()
    split = list(PRESENT)
    split[6:8] = ["C", "1"]
    f["wide_split_code_c1.csv"] = wide_csv(WIDE_SESSIONS, [PRESENT, PRESENT, split]).encode()
    extra = wide_csv(WIDE_SESSIONS, [PRESENT] * 3).splitlines()
    extra[2] += ",N"
    f["wide_extra_cell.csv"] = ("\n".join(extra) + "\n").encode()

    # Blank cells where a value is needed.
    rows = list(good)
    rows[13] = rows[13].replace(",PM,", ",,")
    f["blank_session.csv"] = long_csv(rows).encode()
    rows = list(good)
    rows[2] = rows[2].replace(",08/09/2026,", ",,")
    f["blank_date.csv"] = long_csv(rows).encode()
    wide = wide_csv(WIDE_SESSIONS, [PRESENT] * 3).splitlines()
    wide[2] = wide[2].replace('"Okafor, Tobi"', "")
    f["wide_blank_name.csv"] = ("\n".join(wide) + "\n").encode()

    # Quotes in the wrong place, not at the end of the file.
    rows = list(good)
    rows[11] = rows[11].replace("Okafor", 'O"Kafor')
    f["stray_quote.csv"] = long_csv(rows).encode()
    rows = list(good)
    rows[11] = rows[11].replace("Okafor", '"Okafor')
    f["unclosed_quote.csv"] = long_csv(rows).encode()

    # Accepted (not errors): lower-case codes and marks with spaces, by the documented rule.
    rows = list(good)
    rows[3] = rows[3][:-1] + "o"
    rows[5] = rows[5][:-1] + " / "
    f["lowercase_and_spaced_marks.csv"] = long_csv(rows).encode()

    # A garbage first line of 3,000 cells, the longest 100 characters: the message lists
    # a dozen, cut short, not all of them.
    rnd = random.Random(11)
    cells = ["".join(rnd.choices("abcdefghij", k=rnd.choice((5, 100)))) for _ in range(3000)]
    f["garbage_header.csv"] = (",".join(cells) + "\n" + "1,2,3\n" * 5).encode()

    # An xlsx that is not one.
    f["xlsx_is_csv.xlsx"] = long_csv(good).encode()
    f["empty.xlsx"] = b""
    return f


def encrypted() -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile  # not an attcli dependency: see above

    plain = io.BytesIO(xlsx_bytes(long_sheet()))
    out = io.BytesIO()
    OOXMLFile(plain).encrypt("attcli", out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encrypted", action="store_true", help="also make encrypted.xlsx")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    files = fixtures()
    if args.encrypted:
        files["encrypted.xlsx"] = encrypted()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(files)} files to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
