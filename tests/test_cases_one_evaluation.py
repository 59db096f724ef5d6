"""Issue 15: `attcli cases` with no check on record marks NEW against the same register 7
days earlier: that evaluation and this week's come from one pass over the marks (as the
check's do), not two, and NEW is what two separate evaluations made it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from attcli.cases.run import casebook, run_cases
from attcli.config import load_config
from attcli.engine import Prepared, prepare
from attcli.loaders import load_exports

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPORT = EXAMPLES / "exports" / "arbor_autumn_2026.csv"


def _rows(result):
    return [(r.upn, r.case.status, r.case.due, r.new) for r in result.rows]


def test_the_first_run_counts_both_dates_in_one_pass_and_marks_new_as_before(
    tmp_path, monkeypatch
):
    (tmp_path / "attcli.toml").write_text(
        (EXAMPLES / "attcli.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = load_config(tmp_path / "attcli.toml")
    as_of = dt.date(2026, 11, 20)
    # NEW as two separate evaluations made it: the register as of 20/11 and as of 13/11
    loaded = load_exports([EXPORT], config, attributes=False)
    prepared = prepare(loaded.take_compact(), config, roll_dates=loaded.roll_dates)
    before = casebook(
        prepared, prepared.evaluate(as_of=as_of), config,
        prev=prepared.evaluate(as_of=as_of - dt.timedelta(days=7)),
    )  # fmt: skip
    assert any(r.new for r in before.rows) and not all(r.new for r in before.rows)

    passes = []
    real = Prepared._counts

    def counted(self, school, asks):
        passes.append(len(asks))
        return real(self, school, asks)

    monkeypatch.setattr(Prepared, "_counts", counted)
    result = run_cases([EXPORT], config, as_of=as_of, store_snapshot=False)
    assert passes == [2]  # one pass over the marks, for both dates
    assert _rows(result) == _rows(before)
