"""Sweep fixed2k (issue 15, the check's fixed cost at 2,000 pupils): two steps of a large
register that loaded numpy (0.08-0.12 s of CPU a check) run without it, and the pass over
a large file and a Windows-1252 file's looks are Polars queries over the bytes where they
lie (``loaders._byteview``, numpy's view of them: the merge review kept numpy there).

The sessions' and the grid's tests make ``import numpy`` fail (``sys.modules["numpy"] =
None``) and check the step's answer, worked out by hand, with the step forced onto its
large-register way.
"""

from __future__ import annotations

import datetime as dt
import sys

import polars as pl
import pytest


@pytest.fixture
def no_numpy(monkeypatch):
    monkeypatch.setitem(sys.modules, "numpy", None)  # ``import numpy`` raises ImportError


def test_a_chunk_is_counted_by_polars_where_it_lies(tmp_path, monkeypatch):
    """A chunk of 1,200,002 bytes (counted by Polars: over ``_SMALL``): 133,333 rows of
    ``"A1","x"`` and a line feed (9 bytes, 4 quotes), then ``=é?`` (é in UTF-8, two bytes
    over 0x7F) and a NUL at byte 1,200,001: 133,333 line feeds, 533,332 quotes, not ASCII,
    the NUL's place, an '=' and a '?'; one more row and nothing after, ASCII.  Polars lets
    go of the memory each time.  The whole pass over a file of those rows and a last line
    ``Brontë,é`` with no line break after it: UTF-8, 133,335 lines."""
    from attcli.loaders import _source

    row = b'"A1","x"\n'  # 9 bytes, 4 quotes
    assert len(row) == 9
    data = row * 133_333 + "=é?".encode() + b"\0"  # 1,199,997 + 4 + 1 bytes
    assert len(data) == 1_200_002 and len(data) > _source._SMALL
    got = _source._byte_counts(memoryview(bytearray(data)))
    assert got == (133_333, 533_332, False, 1_200_001, True, True)
    ascii_only = bytearray(row * 133_334)
    assert _source._byte_counts(memoryview(ascii_only)) == (
        133_334, 533_336, True, -1, False, False
    )  # fmt: skip
    ascii_only.append(0x0A)  # (let go: a bytearray still exported cannot grow)
    ascii_only.pop()
    # the whole pass, the file mapped a window at a time
    monkeypatch.setattr(_source, "_PYTHON_COUNTS", 0)
    path = tmp_path / "big.csv"
    path.write_bytes(bytes(ascii_only) + "Brontë,é".encode())
    scan = _source._scan_text(path, "big.csv")
    assert (scan.utf8, scan.lines, scan.quotes, scan.ends_with_newline) == (
        True, 133_335, 533_336, False
    )  # fmt: skip
    assert scan.last_line.decode() == "Brontë,é"


def test_the_sessions_are_ticked_off_in_a_polars_table(no_numpy, monkeypatch):
    """A1 Monday morning and afternoon, B2 Monday morning: each session once; A1's
    Monday morning again (another mark): twice."""
    from attcli import loaders

    monkeypatch.setattr(loaders, "_TICK_MIN_ROWS", 0)
    monday = dt.date(2026, 9, 7)
    rows = [("A1", monday, "AM"), ("A1", monday, "PM"), ("B2", monday, "AM")]

    def frame(rows):
        return pl.DataFrame(
            {"upn": [r[0] for r in rows], "date": [r[1] for r in rows],
             "session": [r[2] for r in rows]},
            schema_overrides={"upn": pl.Categorical},
        )  # fmt: skip

    assert loaders._sessions_once(frame(rows))
    assert not loaders._sessions_once(frame([*rows, ("A1", monday, "AM")]))


def test_the_days_are_read_off_a_polars_grid(no_numpy):
    """Pupil 1: Mon 7 Sep O then /, Tue 8 Sep N and N, Thu 10 Sep # and # (no possible
    session: no day), Fri 11 Sep O and O; pupil 2: Mon / and /.  Unexplained absence
    (O bit 1, N bit 2): Mon not all unexplained (the afternoon present), codes O, attended;
    Tue all N; Fri all O.  Run numbers (the pupil's days up to then that did not count):
    1, 1, 1 for pupil 1 and 1 for pupil 2."""
    from attcli.codes import CATEGORY_DTYPE
    from attcli.engine import _days_on_grid
    from attcli.roll import ord_expr

    mon, tue, thu, fri = (dt.date(2026, 9, d) for d in (7, 8, 10, 11))
    sessions = [
        (1, mon, "O", "/"), (1, tue, "N", "N"), (1, thu, "#", "#"), (1, fri, "O", "O"),
        (2, mon, "/", "/"),
    ]  # fmt: skip
    category = {"O": "unauthorised", "N": "unauthorised", "/": "present", "#": "not_possible"}
    rows = [(p, d, s, m) for p, d, am, pm in sessions for s, m in (("AM", am), ("PM", pm))]
    marks = pl.DataFrame(
        {"pid": [r[0] for r in rows], "date": [r[1] for r in rows],
         "session": [r[2] for r in rows], "mark": [r[3] for r in rows],
         "category": [category[r[3]] for r in rows]},
        schema_overrides={"pid": pl.UInt64, "session": pl.Enum(["AM", "PM"]),
                          "mark": pl.Categorical, "category": CATEGORY_DTYPE},
    ).with_columns(ord_expr().alias("ord"))  # fmt: skip
    days = _days_on_grid(marks, {"unexplained": ("O", "N")})
    assert days is not None
    assert days.select(
        "pid", "date", "_c_unexplained", "_codes_unexplained", "_attended", "_run_unexplained"
    ).rows() == [  # fmt: skip
        (1, mon, False, 1, True, 1),
        (1, tue, True, 2, False, 1),
        (1, fri, True, 1, False, 1),
        (2, mon, False, 0, True, 1),
    ]


def test_a_windows_1252_file_is_looked_at_by_polars():
    """The Windows-1252 checks over the whole file, by Polars.  A UTF-8 pair (0xC3
    0xA9, 'é') after a megabyte of ASCII is found; Windows-1252's own 'é' (0xE9) is none.
    'Siân' saved as a Mac's CSV reads 'Si‰n' (0x89 after a letter): refused, naming line
    3 of a file of 50,001 lines (its place found among 50,000 'é's, each no sign after a
    letter); a 0x89 after a space (a sign in a note) is no name's letter: read."""
    from attcli.errors import AttcliError
    from attcli.loaders import _source

    ascii_mb = b"x" * (1 << 20)
    assert _source._utf8_pair(ascii_mb + "Chloé".encode())
    assert not _source._utf8_pair(ascii_mb + "Chloé".encode("cp1252"))
    names = "Chloé,1\n".encode("cp1252") * 50_000
    _source._refuse_other_code_page(b"a \x89 b\n" + names, "ok.csv")
    with pytest.raises(AttcliError) as caught:
        _source._refuse_other_code_page(b"name,n\nBen,2\nSi\x89n,3\n" + names, "mac.csv")
    said = str(caught.value)
    assert "'Si‰n' holds '‰' after a letter" in said and "line 3" in said
