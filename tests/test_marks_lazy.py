"""Issue 15, memory: the register's marks are read by lazy queries, never by a
DataFrame's own filter or join.

A DataFrame's own filter (or join) first makes every column of a frame whose columns'
pieces differ one piece, all at once: a copy of the whole register beside the old.  A
large register's marks come in pieces that differ (the scan's batches, a column computed
after), and at 100,000 pupils that copy was 1.1 GB, the check's peak.  Counted here, not
timed: the marks are made a frame whose own filter and join fail, and the check, the
summary and a snapshot's N sessions are made from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1] / "examples"


class _Marks(pl.DataFrame):
    """The marks, whose own filter and join fail (a lazy query reads them as any frame)."""

    def filter(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise AssertionError("the marks filtered by DataFrame.filter: use a lazy query")

    def join(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        raise AssertionError("the marks joined by DataFrame.join: use a lazy query")


@pytest.fixture
def eager_refused(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from attcli import engine

    made: list[int] = []
    real = engine.resolve

    def resolve(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        roll = real(*args, **kwargs)
        roll.marks = _Marks._from_pydf(roll.marks._df)
        made.append(roll.marks.height)
        return roll

    monkeypatch.setattr(engine, "resolve", resolve)
    return made


def test_the_check_reads_the_marks_by_lazy_queries(eager_refused):
    from attcli.check import run_check
    from attcli.config import load_config
    from attcli.snapshots import n_sessions_of

    config = load_config(ROOT / "attcli.toml")
    result = run_check([ROOT / "exports" / "arbor_autumn_2026.csv"], config)
    assert eager_refused  # the marks were the refusing frame
    ev = result.evaluation
    # the example has pupils at the penalty-notice threshold (their windows' missing
    # marks are looked for in the marks) and problems in its data
    assert result.pupils.get_column("pn_threshold_met").fill_null(False).any()
    assert ev.data_quality.height
    assert n_sessions_of(ev.prepared.roll, ev.as_of).height


def test_the_summary_reads_the_marks_by_lazy_queries(eager_refused):
    from attcli.config import load_config
    from attcli.summary.build import summary_from_exports

    config = load_config(ROOT / "attcli.toml")
    run = summary_from_exports(
        [ROOT / "exports" / "arbor_autumn_2026.csv"], config, generated=dt.date(2026, 12, 1)
    )
    assert eager_refused and run is not None
