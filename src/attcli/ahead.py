"""A value made on a thread of its own while the caller goes on (issue 15).

Polars lets go of Python's lock while a query runs, so a query started on a thread runs
beside the caller's own Python: the engine makes a school's days so while the rules run
(:mod:`attcli.engine`), and the loader reads a small CSV file's rows so while its pass
over the file's bytes checks them (:mod:`attcli.loaders._source`).  Shared by both, below
both: it imports nothing of attcli's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Ahead(Generic[T]):
    """A value made on a thread of its own: :meth:`result` waits for it, and raises what
    making it raised."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        # (a daemon: a process that ends on an error while it runs does not wait for it)
        self._thread = threading.Thread(target=self._run, args=(make,), daemon=True)
        self._thread.start()

    def _run(self, make: Callable[[], T]) -> None:
        try:
            self._value = make()
        except BaseException as exc:  # (raised in the caller's thread by result)
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value

    def made(self) -> T | None:
        """The value once made (waiting for it), or None where making it failed: for a
        value made on the chance that it is wanted, whose failure is found again, and said,
        by the way the caller would have made it."""
        self._thread.join()
        return self._value if self._error is None else None
