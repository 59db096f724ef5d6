"""attcli: attendance checks, letters and LA files from MIS register exports."""

import os as _os

__version__ = "0.1.0"

#: How the allocator Polars brings (jemalloc, on Linux and macOS) gives freed memory back:
#: a tenth of a second after it is freed, and at once to the system (not marked "free
#: when you need it", which still counts in the process's memory until the system runs
#: short).  By default it keeps what a step frees for seconds, so the next step's new
#: columns came on top: 4.5 GB at 100,000 pupils against 3.2 GB with this, in the same
#: time (issue 15).  Read once, when Polars is first loaded: set here, before attcli
#: imports it; a value the user set is kept.
ALLOCATOR = "dirty_decay_ms:100,muzzy_decay_ms:0"
_os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)
