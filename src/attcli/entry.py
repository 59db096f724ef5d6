"""The ``attcli`` command's entry point (the console script and ``python -m attcli``).

It sets how the allocator Polars brings (jemalloc, on Linux and macOS) gives freed
memory back before Polars is loaded, then runs :func:`attcli.cli.main`.  As Polars sets
it, jemalloc keeps what a step frees for half a second (for the next step to reuse) and
then only marks it "free when you need it" for a second more, which still counts in the
process's memory (the system takes it back only when it runs short), so a step's new
columns came on top of the last step's freed ones.  Here it is given back to the system
after the half second instead of marked: at 100,000 pupils the later steps (``compact``,
``resolve``) peaked at 3.2-3.4 GB instead of 4.6 GB (issue 15; the whole run's peak is
then the load's, docs/decisions.md).  Giving it back sooner (0.1 s) made a small
school's check fault a third more pages in; at once, 10-15 % slower.  A library user
(and the test suite, which makes many small frames) keeps Polars' own setting; a value
the user set is kept.
"""

from __future__ import annotations

import os

#: jemalloc's options; Polars reads the variable once, when it is first loaded, and puts
#: its own defaults before it (the last of each option wins).
ALLOCATOR = "muzzy_decay_ms:0"


def main() -> None:
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)
    from attcli.cli import main as run

    run()
