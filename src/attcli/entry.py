"""The ``attcli`` command's entry point (the console script and ``python -m attcli``).

It sets how the allocator Polars brings (jemalloc, on Linux and macOS) gives freed
memory back before Polars is loaded, then runs :func:`attcli.cli.main` (and which engine runs a lazy query that names none:
:data:`ENGINE`).  As Polars sets
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

Output a name from an export cannot be written in (:func:`text_streams`) is dealt with
before anything is printed: Windows gives a redirected stdout its ANSI code page
(cp1252), which has no ``ł``, ``ș`` or emoji, and a name with one stopped the command.

The console's process then ends without the interpreter's teardown (:func:`main`):
freeing every module and object at exit took 0.08-0.1 s of a 2,000-pupil check, after
its output was written.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterable
from typing import TextIO

#: jemalloc's options; Polars reads the variable once, when it is first loaded, and puts
#: its own defaults before it (the last of each option wins).
ALLOCATOR = "muzzy_decay_ms:0"

#: The engine of a lazy query that names none (``collect()``), read by Polars once, when
#: it is first loaded.  Polars 2's own default ("auto") runs such a query in its streaming
#: engine, whose start costs about 0.25 ms a query against 0.03-0.04 ms in memory: nothing
#: in one check (about 30 of them), but a quarter of a second in a test file of small
#: registers (the suite's processor time is mostly such starts).  The queries over the
#: whole register that stream better name their engine (``engine="streaming"``: the scan,
#: the counts, the compacting); the answers are the same in either engine.
ENGINE = "in-memory"

#: numpy's huge pages (``NUMPY_MADVISE_HUGEPAGE``, read once, when numpy is imported:
#: https://numpy.org/devdocs/reference/global_state.html): off.  numpy asks Linux for
#: huge pages for every array of 4 MB or more; where transparent huge pages are on
#: ``madvise`` (Ubuntu's default) and memory is fragmented, each such array's first touch
#: can stall while the kernel compacts memory: a 2,000-pupil Windows-1252 check took
#: 1.7-5.1 s (system time 0.5-3.7 s) with them, 2.1-2.5 s (0.9-1.0 s) without; at
#: 20,000 pupils the same either way (issue 15, docs/decisions.md).  attcli's numpy
#: arrays are each walked once or twice, where huge pages save little.
HUGE_PAGES = "0"


def text_streams(streams: Iterable[TextIO | None], chosen: str | None) -> None:
    """Make ``streams`` (stdout, stderr) able to write any name an export holds.

    A stream already in UTF-8 is left as it is.  Otherwise (Windows' code page for a
    redirected stdout, cp1252: no ``ł``, ``ș``, Chinese or emoji; a name with one made
    the command fail half-way): written to a file or a pipe, it becomes UTF-8, the
    encoding of every file attcli writes; on a terminal, or in an encoding the user
    chose (``chosen``: ``PYTHONIOENCODING``), the encoding is kept and a character it
    has not is shown as ``?``."""
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if reconfigure is None or encoding in ("utf-8", "utf8"):
            continue
        try:
            if chosen or stream.isatty():  # type: ignore[union-attr]
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8")
        except (OSError, ValueError):  # (a stream that cannot change: left as it is)
            continue


def run() -> None:
    """The command, with the allocator, Polars' engine and numpy's huge pages set first
    (:data:`HUGE_PAGES`): returns, or raises
    SystemExit with its status, as :func:`attcli.cli.main` does."""
    os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR)
    os.environ.setdefault("POLARS_ENGINE_AFFINITY", ENGINE)
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", HUGE_PAGES)
    text_streams((sys.stdout, sys.stderr), os.environ.get("PYTHONIOENCODING"))
    from attcli.cli import main as command

    # what the imports made (Polars', Typer's, Rich's and attcli's modules, their
    # functions, classes and tables) lives as long as the process: out of the garbage
    # collector's sight, so that its collections, the full one above all, do not walk it
    # again and again to find nothing (issue 15: about 0.03 s of a 2,000-pupil check's
    # main thread; what a run makes later is collected as before)
    gc.freeze()
    command()


#: What Ctrl-C says (exit 130): every file is written whole or not at all, and every
#: record is one transaction (docs/decisions.md, "Files, the history store and interrupted
#: runs").
INTERRUPTED = "interrupted; files are written whole or not at all, so run it again"
EXIT_INTERRUPTED = 130


def interrupted_text() -> str:
    """What Ctrl-C says: :data:`INTERRUPTED`, or, when the run had written a file a run
    again refuses without --force (``check -o week.csv``), that file named and --force
    said: "run it again" alone was then refused "already exists" (sweep crash)."""
    from attcli.percent import listed

    output = sys.modules.get("attcli.output")  # (not loaded: nothing written)
    written = output.written_new() if output is not None else ()
    if not written:
        return INTERRUPTED
    names = [str(p) for p in written[:3]] + ([f"{len(written) - 3} more"] if len(written) > 3 else [])
    named = listed(names)
    one = len(written) == 1
    return (
        f"interrupted after {named} {'was' if one else 'were'} written (whole): run it again "
        f"with --force to replace {'it' if one else 'them'}; files are written whole or not at all"
    )


def main() -> None:
    """The console script and ``python -m attcli``: :func:`run`, then the process ends
    with the command's status once its output is flushed and the exit handlers have run
    (a letters run's font folder is removed by one).  Every file attcli writes is
    written whole and closed (and its history committed) before the command returns,
    so all the teardown would do is free memory the process is about to give back; it
    is skipped (issue 15: 0.08-0.1 s a command).  A status that is not a number, or
    output that cannot be flushed (a closed pipe), takes the interpreter's own way out,
    as before."""
    try:
        run()
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        # Ctrl-C before :func:`attcli.cli.main` took over (loading Polars and Typer, the
        # first half second) or after it let go: the same one line as any Ctrl-C
        if "--debug" in sys.argv[1:]:
            raise
        sys.stderr.write(f"error: {interrupted_text()}\n")
        status = EXIT_INTERRUPTED
    else:
        status = 0
    if status is None:
        status = 0
    if not isinstance(status, int):
        raise SystemExit(status)
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(status) from None
    atexit._run_exitfuncs()
    os._exit(status)
