"""Sweep engine5 (issue 15): the pass over a CSV the size of a 2,000-pupil school's year.

A year of 2,000 pupils in a long export is 64 MB. Python counts its line feeds and quote
characters in about 0.09 s of CPU; handing the bytes to Polars needs numpy's view of them,
whose import alone is 0.13 s after Polars'. So such a file is counted by Python, and the
check of it loads no numpy (``_source._PYTHON_COUNTS``).
"""

from __future__ import annotations

from attcli.loaders import _byteview, _source


def test_a_file_the_size_of_a_2000_pupil_year_is_counted_by_python(tmp_path, monkeypatch) -> None:
    """25 MB (more than the old 24 MB threshold, less than a 2,000-pupil year): counted
    without the bytes' view (which would load numpy), and counted right: 655,360 lines of
    40 bytes, two of them holding a quoted cell, then a last line cut short."""

    def no_view(*args: object, **kwargs: object) -> None:
        raise AssertionError("the bytes' view (numpy) was used")

    monkeypatch.setattr(_byteview, "select", no_view)
    line = b"A123456789012,2026-09-01,AM,/,Smith,Joe\n"  # 40 bytes
    assert len(line) == 40
    quoted = b'A123456789012,2026-09-01,PM,"/",Smith,J\n'
    assert len(quoted) == 40
    n = 655_360
    path = tmp_path / "year.csv"
    body = line * (n // 2 - 1) + quoted + line * (n // 2 - 1) + quoted
    path.write_bytes(body + b"A123456789012,2026-09-02,AM,/")
    assert path.stat().st_size > 24 << 20  # (numpy's view took a file over 24 MB)
    scan = _source._scan_text(path, "year.csv", validate=False)
    assert scan.lines == n + 1  # the last line has no line feed after it
    assert scan.quotes == 4
    assert not scan.ends_with_newline
    assert scan.last_line == b"A123456789012,2026-09-02,AM,/"
