"""An input file read once for a run of many schools (``--per-school``, issue 15).

A trust's command run a school at a time gives each school the files of the command line
that are everyone's: the contacts export (``--contacts``) and the pupil list
(``--pupils``).  Each school's run read them again, the whole file each time: 14 s of a
20-school letters run of 20,000 pupils, and a local authority's 50 schools would read a
100,000-pupil file 50 times.  Within :func:`each_file_once` (the per-school run,
:func:`attcli.cliutil.per_school`), :func:`read` gives what was read for the same key;
outside it, it reads.  What is read is never changed by a run (a contact book, a pupil
list), so one read serves every school; a read that fails is not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")

_read: dict[Hashable, object] | None = None


@contextmanager
def each_file_once() -> Iterator[None]:
    """Within: :func:`read` reads each key once."""
    global _read
    outer, _read = _read, {} if _read is None else _read
    try:
        yield
    finally:
        _read = outer


def read(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or, within :func:`each_file_once`, what it gave for ``key`` before."""
    if _read is None:
        return make()
    if key not in _read:
        _read[key] = make()
    return _read[key]  # type: ignore[return-value]
