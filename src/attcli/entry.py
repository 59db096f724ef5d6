"""The ``attcli`` command's entry point (the console script and ``python -m attcli``).

It sets how the allocator Polars brings (jemalloc, on Linux and macOS) gives freed
memory back before Polars is loaded, then runs :func:`attcli.cli.main`.  By default
jemalloc keeps what a step frees for half a second and then only marks it "free when you
need it", which still counts in the process's memory until the system runs short; the
next step's new columns came on top: 4.5 GB at 100,000 pupils.  Given back a tenth of a
second after it is freed, and at once: 3.2 GB, in about the same time (issue 15).  A
library user (and the test suite, which makes many small frames and ran 10 % slower
with it) keeps Polars' own setting; a value the user set is kept.
"""

from __future__ import annotations

import os

#: jemalloc's options; Polars reads the variable once, when it is first loaded, and puts
#: its own defaults before it (the last of each option wins).
ALLOCATOR = "dirty_decay_ms:100,muzzy_decay_ms:0"


def main() -> None:
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)
    from attcli.cli import main as run

    run()
