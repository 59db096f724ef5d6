"""Sweep engine8 (issue 15): a small long CSV's rows read beside the pass over its bytes.

The pass over a CSV file of up to 128 MB is Python's counting (``_source._PYTHON_COUNTS``),
which holds Python's lock; Polars' read lets go of it. A long export's rows below the header
are now read on a thread of their own (``Source.read_ahead``) while the pass runs, and the
read takes them (``Source.scan``) only where it asks for the same rows of the same file;
anything the pass refuses is refused as before, in the same words, and the read ahead has
ended by then. Every test compares with the load made the old way (no read ahead: the
threshold at 0, which for files under 1 MB changes nothing else).
"""

from __future__ import annotations

import datetime as dt
import threading

import polars as pl
import pytest

import attcli.ahead
from attcli.errors import AttcliError
from attcli.loaders import _source, load_registers
from builders import first_weekdays

HEADER = "UPN,Surname,Forename,Date,Session,Mark\n"


def _rows(n: int, pupils: int = 2) -> str:
    """The first ``n`` school days from Tuesday 1 September 2026 (weekdays), ``pupils``
    pupils' two sessions each (the first two A123456789012 Smith and B123456789012 Jones)."""
    who = [("A123456789012", "Smith"), ("B123456789012", "Jones")]
    who += [(f"C1234567{i:05d}", f"Name{i}") for i in range(pupils - 2)]
    out = []
    for day in first_weekdays(dt.date(2026, 9, 1), n):
        date = day.strftime("%d/%m/%Y")
        for upn, surname in who:
            for session in ("AM", "PM"):
                out.append(f"{upn},{surname},Jo,{date},{session},/\n")
    return "".join(out)


class _Spy:
    """Each read ahead made, and what the read was given by it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.made: list[attcli.ahead.Ahead] = []
        self.scans = 0
        spy = self
        real_init = attcli.ahead.Ahead.__init__
        real_scan = pl.scan_csv

        def init(self, make):  # type: ignore[no-untyped-def]
            spy.made.append(self)
            real_init(self, make)

        def scan_csv(*args, **kwargs):  # type: ignore[no-untyped-def]
            spy.scans += 1
            return real_scan(*args, **kwargs)

        monkeypatch.setattr(attcli.ahead.Ahead, "__init__", init)
        monkeypatch.setattr(_source.pl, "scan_csv", scan_csv)

    def running(self) -> list[attcli.ahead.Ahead]:
        return [a for a in self.made if a._thread.is_alive()]


def _load_both(path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(the load with the read ahead, its spy, the load without); a load that refuses the
    file gives its message instead."""

    def load():  # type: ignore[no-untyped-def]
        try:
            return load_registers([path])
        except AttcliError as exc:
            return str(exc)

    with monkeypatch.context() as m:
        spy = _Spy(m)
        ahead = load()
    with monkeypatch.context() as m:
        m.setattr(_source, "_PYTHON_COUNTS", 0)  # (no read ahead)
        plain = load()
    return ahead, spy, plain


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.register.equals(b.register)
    assert a.warnings == b.warnings
    assert [f.rows for f in a.files] == [f.rows for f in b.files]


def test_a_clean_long_csv_is_read_once_beside_the_pass_and_its_read_taken(tmp_path, monkeypatch):
    path = tmp_path / "reg.csv"
    path.write_text(HEADER + _rows(5), encoding="utf-8")
    ahead, spy, plain = _load_both(path, monkeypatch)
    assert len(spy.made) == 1  # the rows read ahead
    assert spy.scans == 1  # ... and not read again
    assert not spy.running()
    _same(ahead, plain)
    assert ahead.register.height == 20
    assert ahead.register.get_column("line").to_list() == list(range(2, 22))


@pytest.mark.parametrize(
    ("what", "tail"),
    [
        ("a NUL byte", "A123456789012,Smith,Jo,08/09/2026,AM,\0\n"),
        ("a last line cut short", "A123456789012,Smith,Jo,08/09/2026"),
        ("a last cell cut short", "A123456789012,Smith,Jo,08/09/2026,AM,/\nA123456789012,Sm"),
        ("a quote never closed", 'A123456789012,"Smith,Jo,08/09/2026,AM,/\n'),
        ("an unknown code", "A123456789012,Smith,Jo,08/09/2026,AM,Q9\n"),
        ("more cells than the header", "A123456789012,Smith,Jo,08/09/2026,AM,/,x\n"),
    ],
)
def test_a_file_refused_is_refused_in_the_same_words_and_its_read_ahead_ended(
    tmp_path, monkeypatch, what, tail
):
    path = tmp_path / "reg.csv"
    # (past the first MiB, where the head is read: what is wrong found by the pass or the
    # read, not the look at the head)
    path.write_text(HEADER + _rows(60, 280) + tail, encoding="utf-8")
    assert path.stat().st_size > _source.HEAD_BYTES
    ahead, spy, plain = _load_both(path, monkeypatch)
    assert isinstance(plain, str), what
    assert ahead == plain
    assert len(spy.made) == 1
    assert not spy.running()  # (nothing reads on past the refusal)


def test_rows_read_otherwise_than_ahead_are_read_again(tmp_path, monkeypatch):
    """A quoted line break (the lines numbered again), MS-DOS's end-of-file mark (the file
    read up to it), cells written ="..." (read as the text inside): the same register as
    the old way, each line where it is."""
    cases = {
        "break.csv": HEADER + 'A123456789012,"Smith\nSmith",Jo,03/09/2026,AM,/\n' + _rows(2),
        "eof.csv": HEADER + _rows(2) + "\x1a",
        "formula.csv": HEADER + '="A123456789012",Smith,Jo,01/09/2026,AM,/\n',
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", newline="")
        ahead, spy, plain = _load_both(path, monkeypatch)
        assert not isinstance(ahead, str), (name, ahead)
        _same(ahead, plain)
        assert not spy.running()
    lines = load_registers([tmp_path / "break.csv"]).register.get_column("line").sort()
    assert lines.to_list() == [2, *range(4, 12)]  # (the row with a line break on 2 and 3)


def test_a_file_not_utf8_past_its_head_is_read_as_before(tmp_path, monkeypatch):
    """The head (the first MiB) UTF-8, a name in Windows-1252 further down: the read ahead
    fails as Polars checks the text, and the file is opened again and read as before, the
    line named."""
    rows = _rows(60, 280)  # (about 1.3 MB: past the head)
    assert len(rows) > _source.HEAD_BYTES
    data = (HEADER + rows).encode("utf-8") + "D123456789012,Jos\xe9,Jo,04/09/2026,AM,/\n".encode(
        "cp1252"
    )
    path = tmp_path / "reg.csv"
    path.write_bytes(data)
    ahead, spy, plain = _load_both(path, monkeypatch)
    assert not isinstance(ahead, str), ahead
    _same(ahead, plain)
    assert any("not valid UTF-8: read as Windows-1252" in w for w in ahead.warnings)
    assert not spy.running()


def test_the_read_ahead_is_a_thread_of_its_own_and_raises_what_failed():
    started = threading.Event()

    def make() -> int:
        started.set()
        return 7

    assert attcli.ahead.Ahead(make).result() == 7
    assert started.is_set()

    def fail() -> int:
        raise ValueError("no")

    failed = attcli.ahead.Ahead(fail)
    assert failed.made() is None
    with pytest.raises(ValueError, match="no"):
        failed.result()


def test_two_faults_are_said_in_the_old_order_and_a_wrong_column_setting_as_before(
    tmp_path, monkeypatch
):
    """An unknown code on line 2 and a NUL byte far below: the pass's refusal (the NUL
    byte) comes first, as before, though the rows were being read meanwhile; and a column
    the workspace names that the header lacks is refused in the same words."""
    path = tmp_path / "reg.csv"
    text = HEADER + "A123456789012,Smith,Jo,01/09/2026,AM,Q9\n" + _rows(60, 280)
    path.write_text(text + "B123456789012,Jones,Jo,08/09/2026,AM,\0\n", encoding="utf-8")
    ahead, _spy, plain = _load_both(path, monkeypatch)
    assert ahead == plain
    assert "NUL byte" in ahead
    clean = tmp_path / "clean.csv"
    clean.write_text(HEADER + _rows(3), encoding="utf-8")
    said = []
    for counts in (_source._PYTHON_COUNTS, 0):
        with monkeypatch.context() as m:
            m.setattr(_source, "_PYTHON_COUNTS", counts)
            with pytest.raises(AttcliError) as caught:
                load_registers([clean], columns={"upn": "Pupil Number"})
            said.append(str(caught.value))
    assert said[0] == said[1]
    assert "Pupil Number" in said[0]
