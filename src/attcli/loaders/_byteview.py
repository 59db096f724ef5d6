"""A buffer's bytes as a Polars ``UInt8`` column, read where they lie.

The pass over a whole CSV file (:func:`attcli.loaders._source._byte_counts`) counts its
bytes with Polars over windows of the file mapped into memory, and a Windows-1252 file's
bytes are looked over whole (``_utf8_pair``, ``_refuse_other_code_page``).  numpy gives
Polars the buffer without a copy (``numpy.frombuffer``: a read-only view, which Polars
takes as it is).  Sweep fixed2k wrote the Arrow C data interface's two structures by hand
with :mod:`ctypes` to spare numpy's import (0.08-0.12 s of CPU); the merge review kept
numpy, the maintained library that does exactly this, over hand-written interop whose
release callbacks run on Polars' threads on every platform (decisions.md, "numpy kept for
the bytes' view").  A small file never comes here (``_PYTHON_COUNTS``: Python counts it),
so a school's check of a file up to 128 MB (a year of 2,000 pupils is 64 MB) loads no numpy.
"""

from __future__ import annotations

import polars as pl


def select_row(buffer: memoryview | bytearray | bytes, *exprs: pl.Expr) -> tuple:
    """The one row ``exprs`` give over ``buffer``'s bytes (:func:`select`)."""
    return select(buffer, *exprs).row(0)


def select(buffer: memoryview | bytearray | bytes, *exprs: pl.Expr) -> pl.DataFrame:
    """The frame ``exprs`` give over ``buffer``'s bytes, as a ``UInt8`` column ``b`` read
    where they are.  Each of ``exprs`` makes a column of its own (an aggregate, places, a
    gather: not ``b`` itself, which would be the buffer's memory); no view of the buffer
    is held past the query, so it can then be freed or unmapped."""
    import numpy as np  # an attcli dependency (Polars' numpy support; the report's charts)

    frame = pl.DataFrame({"b": np.frombuffer(buffer, np.uint8)})
    try:
        return frame.select(*exprs)
    finally:
        del frame  # (an error's traceback keeps this call's frame: not the buffer's view)
