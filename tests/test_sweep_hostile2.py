"""Hostile values in every output added since 4 December (sweep of 5 December (third),
hostile2): config values and cells that reach a spreadsheet, a terminal or a file name.
Each value is worked out by hand: a cell starting ``=`` ``+`` ``-`` ``@`` gets the formula
guard's apostrophe (``output.safe_cell``), in every cell a spreadsheet opens."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from clirun import run_cli
from test_hostile import build

FORMULA = '=HYPERLINK("http://evil","x")'


def _la_headers(tmp_path):
    f = build(tmp_path)
    f["config"].write_text(
        f["config"].read_text(encoding="utf-8")
        + '\n[register_check.headers]\nupn = "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n'
        + '\n[la_return.headers]\nupn = "=HYPERLINK(\\"http://evil\\",\\"x\\")"\n',
        encoding="utf-8",
    )
    return f


def _first_row(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_an_la_s_header_from_the_config_is_no_formula_in_the_csv_as_in_the_xlsx(tmp_path):
    # the LA's own header for a column ([register_check.headers], [la_return.headers]) is
    # the first cell of the file the LA's portal or a person opens: the xlsx guarded it,
    # the CSV wrote it as typed, a live HYPERLINK in A1
    f = _la_headers(tmp_path)
    rc = ["register-check", f["export"], "-c", f["config"], "--term", "autumn",
          "--as-of", "2026-11-13"]  # fmt: skip
    code, _, err = run_cli(*rc, "-o", tmp_path / "rc.csv")
    assert code == 0, err
    assert _first_row((tmp_path / "rc.csv").read_text(encoding="utf-8"))[0] == "'" + FORMULA
    code, _, err = run_cli(*rc, "-o", tmp_path / "rc.xlsx")
    assert code == 0, err
    ws = load_workbook(tmp_path / "rc.xlsx").active
    assert "'" + FORMULA in [c.value for r in ws.iter_rows() for c in r]
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)
    code, _, err = run_cli("la-return", f["export"], "-c", f["config"], "--month", "2026-11",
                           "--as-of", "2026-11-13", "-o", tmp_path / "la.csv")  # fmt: skip
    assert code == 0, err
    header = _first_row((tmp_path / "la.csv").read_text(encoding="utf-8"))
    assert "'" + FORMULA in header and FORMULA not in header


def test_an_argument_that_is_no_utf8_text_is_one_line_not_a_crash(tmp_path):
    # a file name made on a Latin-1 system ("caf\xe9.csv", as Linux passes it: a lone
    # surrogate) crashed every command as "a bug in attcli" (polars cannot open it; the
    # history cannot store it), and so did a --by typed in a terminal not set to UTF-8
    import os

    f = build(tmp_path)
    latin1 = os.fsdecode(b"caf\xe9.csv")
    (tmp_path / latin1).write_bytes(f["export"].read_bytes())
    code, out, err = run_cli("check", tmp_path / latin1, "-c", f["config"])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "caf\\xe9.csv" in err and "UTF-8" in err, err
    assert "bug" not in err
    code, _, err = run_cli("check", f["export"], "-c", f["config"],
                           "-o", tmp_path / os.fsdecode(b"r\xe9.xlsx"))  # fmt: skip
    assert code == 1 and "r\\xe9.xlsx" in err and "bug" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == []
    code, _, err = run_cli("case", "record", "H000000000000", "--action", "la_referral",
                           "--date", "2026-11-12", "-c", f["config"],
                           "--by", os.fsdecode(b"Mr \x9b"))  # fmt: skip
    assert code == 1 and "Mr \\x9b" in err and "bug" not in err, err


def test_a_pattern_matching_a_file_name_that_is_no_utf8_text_is_one_line(tmp_path):
    # the pattern attcli expands itself (cmd and PowerShell do not): the same crash
    import os

    f = build(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / os.fsdecode(b"caf\xe9.csv")).write_bytes(f["export"].read_bytes())
    code, out, err = run_cli("check", f"{tmp_path}/in/*.csv", "-c", f["config"])
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "caf\\xe9.csv' is not UTF-8 text" in err and "bug" not in err
