"""attcli against a plain Polars read of the same file, as whole processes (issue 15).

    python bench/bench.py                     # the lot: check at 2,000, 20,000 and 100,000
                                              # pupils; every other command that reads a
                                              # whole register at 20,000; Windows-1252 CSV
                                              # and xlsx at 2,000
    python bench/bench.py --sizes 2000 --commands-at 2000 --variants-at 2000   # quick
    python bench/bench.py --sizes 20000 --commands none --variants none
    python bench/bench.py --sizes none --commands none --variants none --authority 20000:20
    PYTHONPATH=/other/checkout/src python bench/bench.py ...   # measure another checkout

Each measurement runs the plain read, ``python -c "import polars as pl;
pl.read_csv(path, infer_schema=False)"``, and the attcli command as separate
processes, in alternation (``--pairs``, at least 5; the order within a pair
alternates), after one untimed read to bring the file into the page cache.  It
prints the median time of each, the median of the per-pair ratios (attcli / plain)
and each process's own peak resident memory (``os.wait4``: the child's maximum
RSS, not the parent's).

The register files are a full school year of long CSV (``--weeks``, 39 by
default) from ``tools/generate_exports.py bench`` (seeded), made once in
``bench/data/`` and reused; so are the contacts export for ``letters``, the
Windows-1252 copy (the same rows, transcoded) and the xlsx.  attcli runs with a
workspace of its own (``bench/data/workspace``: the school's details filled in,
the calendar read from the data), never the user's.  Outputs go to a temporary
folder, a new file each run.

attcli's own modules are compiled to bytecode first, as an install compiles them.

Commands measured (``attcli --workspace W ...``):

    check       check FILE --format json -o OUT
    letters     letters FILE --contacts CONTACTS --dry-run     (no PDF made; each
                letter's wording drafted, which the dry run times: the table has a
                row with that drafting taken off, and its rate in letters a second)
    cme         cme FILE --format json -o OUT
    register-check   register-check FILE --term summer -o OUT.xlsx
    report      report FILE -o OUT.html
    cases       cases FILE --format json -o OUT      (the casebook: every pupil on the
                ladder; a run on record after the first, as a school's weekly run)
    la-return   la-return FILE --month 2027-03 -o OUT.xlsx
    summary     summary FILE -o OUT.json
    pupil       pupil UPN FILE                       (one pupil's record on the screen:
                the whole register is read for it; UPN: the file's first pupil)
    evidence    evidence UPN FILE --for penalty-notice --contacts CONTACTS --draft
                -o OUT.pdf                           (one pupil's pack, a PDF)

A local authority's export (``--authority PUPILS:SCHOOLS``, 100,000 pupils in 50 schools
by default): the same register file with a School column dealing its pupils among the
schools by their UPNs (made once from it, ``..._50schools.csv``), run as a trust's
workspace runs it (``bench/data/authority_50``: a ``[schools.KEY]`` section a school, no
files pattern, so the export is shared and split by its School column):

    check --per-school   check FILE --per-school DIR     (one JSON a school)

The last lines printed are a Markdown table for the README's "Speed and size".
Needs only the project's dependencies and no network.  A 100,000-pupil file is
3.3 GB; ``--memory-limit`` stops a run whose memory passes a limit (Linux).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
GENERATOR = ROOT / "tools" / "generate_exports.py"
COMMANDS = (
    "letters", "cme", "register-check", "report", "cases", "la-return", "summary", "pupil",
    "evidence",
)  # fmt: skip
VARIANTS = ("cp1252", "xlsx")

PLAIN_CSV = "import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False)"
#: A Windows-1252 file: Polars reads only UTF-8, so the plain read is the lossy one
#: (the same bytes read, the odd character replaced), the nearest to a plain read.
PLAIN_CP1252 = (
    "import sys, polars as pl; pl.read_csv(sys.argv[1], infer_schema=False, encoding='utf8-lossy')"
)
PLAIN_XLSX = (
    "import sys, polars as pl; "
    "pl.read_excel(sys.argv[1], engine='calamine', has_header=False, infer_schema_length=0)"
)

WORKSPACE_TOML = """\
# attcli's benchmark workspace (bench/bench.py): the school's details filled in, so
# that letters run; the calendar is read from the data.
[school]
name = "Bench Academy"
urn = "100000"
dfe_number = "999/4000"
local_authority = "Bench Borough Council"
address = ["1 Bench Lane", "Benchtown", "BE1 1AA"]
phone = "01632 960000"
email = "attendance@bench.example.org"
headteacher = "Ms H. Teacher"
attendance_lead = "Mr A. Officer"
attendance_lead_role = "Attendance Officer"
# the wide xlsx's title row names the generator's school: this workspace's under that name
# (an export naming another school is refused: docs/decisions.md)
export_names = ["Oakfield Academy"]
"""


# --------------------------------------------------------------------------- files


def _generate(out: Path, *args: str) -> None:
    """Run the generator's bench mode into ``out`` (via a .part file: an interrupted
    run leaves nothing that would be reused)."""
    part = out.with_name(out.name + ".part")
    t = time.perf_counter()
    flag = "--contacts" if "--contacts" in args else "--out"
    rest = [a for a in args if a != "--contacts"]
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "bench", *rest, flag, str(part)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        part.unlink(missing_ok=True)
        raise SystemExit(f"tools/generate_exports.py failed:\n{done.stderr}")
    part.replace(out)
    print(f"  made {out.name} in {time.perf_counter() - t:.0f} s ({_size(out)})", flush=True)


def register_file(data: Path, pupils: int, weeks: int) -> Path:
    path = data / f"long_{pupils}p_{weeks}w.csv"
    if not path.exists():
        _generate(path, "--pupils", str(pupils), "--weeks", str(weeks), "--shape", "long",
                  "--format", "csv")  # fmt: skip
    return path


def contacts_file(data: Path, pupils: int, weeks: int) -> Path:
    """The contacts of the same pupils (the generator's pupils depend on --weeks too)."""
    path = data / f"contacts_{pupils}p_{weeks}w.csv"
    if not path.exists():
        _generate(path, "--pupils", str(pupils), "--weeks", str(weeks), "--contacts")
    return path


def cp1252_file(data: Path, pupils: int, weeks: int) -> Path:
    """The long CSV transcoded to Windows-1252 (no BOM): what an older MIS or Excel's
    "CSV" (not "CSV UTF-8") writes."""
    path = data / f"long_{pupils}p_{weeks}w.cp1252.csv"
    if not path.exists():
        source = register_file(data, pupils, weeks)
        part = path.with_name(path.name + ".part")
        t = time.perf_counter()
        with (
            source.open(encoding="utf-8-sig", newline="") as src,
            part.open("w", encoding="cp1252", newline="") as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
        part.replace(path)
        print(f"  made {path.name} in {time.perf_counter() - t:.0f} s ({_size(path)})", flush=True)
    return path


def xlsx_file(data: Path, pupils: int, weeks: int, shape: str) -> Path:
    path = data / f"{shape}_{pupils}p_{weeks}w.xlsx"
    if not path.exists():
        _generate(path, "--pupils", str(pupils), "--weeks", str(weeks), "--shape", shape,
                  "--format", "xlsx")  # fmt: skip
    return path


def authority_file(data: Path, pupils: int, weeks: int, schools: int) -> Path:
    """The register file with a School column (``School 00`` ...): its pupils dealt among
    ``schools`` schools by the last five digits of their UPN (the generator's serial:
    the same number of pupils in each), as a local authority's export of its area."""
    import polars as pl

    path = data / f"long_{pupils}p_{weeks}w_{schools}schools.csv"
    if not path.exists():
        source = register_file(data, pupils, weeks)
        part = path.with_name(path.name + ".part")
        t = time.perf_counter()
        serial = pl.col("UPN").str.slice(8, 5).cast(pl.Int64)
        number = (serial % schools).cast(pl.String).str.zfill(len(str(schools - 1)))
        pl.scan_csv(source, infer_schema=False).with_columns(
            pl.format("School {}", number).alias("School")
        ).sink_csv(part)
        part.replace(path)
        print(f"  made {path.name} in {time.perf_counter() - t:.0f} s ({_size(path)})", flush=True)
    return path


def authority_workspace(data: Path, schools: int) -> Path:
    """A trust's workspace with a ``[schools.KEY]`` section for each school of
    :func:`authority_file` (no files pattern: the export is shared)."""
    folder = data / f"authority_{schools}"
    folder.mkdir(parents=True, exist_ok=True)
    width = len(str(schools - 1))
    sections = "".join(
        f'\n[schools.s{i:0{width}d}]\nname = "School {i:0{width}d}"\nurn = "{400000 + i}"\n'
        f'files = ["s{i:0{width}d}-*.csv"]\n'
        for i in range(schools)
    )
    text = WORKSPACE_TOML.split("# the wide xlsx")[0] + sections
    (folder / "attcli.toml").write_text(text, encoding="utf-8")
    return folder


def first_upn(path: Path) -> str:
    """The UPN of the first pupil in a generated register file (its first column)."""
    with path.open(encoding="utf-8-sig") as f:
        f.readline()
        return f.readline().split(",", 1)[0]


def workspace(data: Path) -> Path:
    folder = data / "workspace"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "attcli.toml").write_text(WORKSPACE_TOML, encoding="utf-8")
    return folder


def no_history(folder: Path) -> None:
    """``folder``'s history removed, so every measured run starts from a workspace with no
    run on record: `cases` and `la-return` record one, and a `check` after them (in this
    run or the next invocation) compared with it, its time hanging on what ran before."""
    for path in folder.glob("attcli-history.sqlite3*"):  # (and its -wal, -shm, .lock)
        path.unlink(missing_ok=True)


def _size(path: Path) -> str:
    return _bytes(path.stat().st_size)


def _bytes(n: float) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 10e6 else f"{n / 1e6:.1f} MB"


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    seconds: float
    peak: int | None  # bytes; None where the platform cannot say (Windows)
    code: int
    error: str = ""
    #: seconds of the run that are the letters' own drafting (``letters --dry-run`` says
    #: "all drafted in 0.9 s"), and how many letters; 0 for other commands
    drafted: float = 0.0
    letters: int = 0


#: What a dry run of letters prints about its drafting (attcli.letters.command._print_run).
DRAFTED = re.compile(r"dry run: (\d+) letters? would be written \((?:all )?drafted in ([\d.]+) s\)")


def _peak_bytes(maxrss: int) -> int:
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # macOS: bytes; else KB


def _rss_now(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def run(cmd: list[str], *, limit: int | None, timeout: float | None) -> Run:
    """Run ``cmd`` as a whole process; its wall time, its own peak RSS and exit status.
    Over ``limit`` bytes of memory (Linux) or ``timeout`` seconds it is stopped."""
    with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        stopped: list[str] = []
        done = threading.Event()

        def watch() -> None:
            while not done.wait(0.2):
                if timeout is not None and time.perf_counter() - t > timeout:
                    stopped.append(f"stopped after {timeout:.0f} s")
                elif limit is not None and (_rss_now(proc.pid) or 0) > limit:
                    stopped.append(f"stopped at the memory limit, {limit / 1e9:.1f} GB")
                else:
                    continue
                proc.kill()
                return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - t
            code = os.waitstatus_to_exitcode(status)
            proc.returncode = code  # reaped here: Popen must not wait for it again
            peak: int | None = _peak_bytes(usage.ru_maxrss)
        else:  # Windows: no per-child rusage
            code = proc.wait()
            seconds = time.perf_counter() - t
            peak = None
        done.set()
        watcher.join()
        error = ""
        if code != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            error = "; ".join(stopped) or (lines[-1] if lines else f"exit status {code}")
        out.seek(0)
        said = DRAFTED.search(" ".join(out.read().decode("utf-8", "replace").split()))
    if said is None:
        return Run(seconds, peak, code, error)
    return Run(seconds, peak, code, error, float(said.group(2)), int(said.group(1)))


@dataclass
class Measurement:
    label: str
    pupils: int
    file: Path
    plain: list[Run] = field(default_factory=list)
    attcli: list[Run] = field(default_factory=list)

    @property
    def failed(self) -> str:
        bad = next((r for r in self.attcli + self.plain if r.code != 0), None)
        return bad.error if bad is not None else ""


def measure(
    label: str,
    pupils: int,
    file: Path,
    plain_cmd: list[str],
    attcli_cmd,  # (run number) -> list[str]
    *,
    pairs: int,
    limit: int | None,
    timeout: float | None,
    fresh=None,  # () -> None: called, untimed, before each attcli run
) -> Measurement:
    m = Measurement(label, pupils, file)
    print(f"{label}, {pupils:,} pupils, {file.name} ({_size(file)}): ", end="", flush=True)
    run(plain_cmd, limit=limit, timeout=timeout)  # untimed: the file into the page cache
    for i in range(pairs):
        order = ("plain", "attcli") if i % 2 == 0 else ("attcli", "plain")
        for which in order:
            if which == "plain":
                m.plain.append(run(plain_cmd, limit=limit, timeout=timeout))
            else:
                if fresh is not None:
                    fresh()
                m.attcli.append(run(attcli_cmd(i), limit=limit, timeout=timeout))
        print(f"{m.plain[-1].seconds:.2f}/{m.attcli[-1].seconds:.2f} ", end="", flush=True)
        if m.failed:
            break
    print()
    if m.failed:
        print(f"  FAILED: {m.failed}", flush=True)
    else:
        print("  " + detail(m), flush=True)
    return m


# --------------------------------------------------------------------------- figures


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def _ratio(m: Measurement) -> float:
    return statistics.median(a.seconds / p.seconds for p, a in zip(m.plain, m.attcli, strict=True))


def _peak(runs: list[Run]) -> str:
    peaks = [r.peak for r in runs if r.peak is not None]
    if not peaks:
        return "-"
    return _bytes(max(peaks))


def _secs(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def detail(m: Measurement) -> str:
    p = [r.seconds for r in m.plain]
    a = [r.seconds for r in m.attcli]
    return (
        f"plain median {_secs(_median(m.plain))} (min {min(p):.2f}, max {max(p):.2f}); "
        f"attcli median {_secs(_median(m.attcli))} (min {min(a):.2f}, max {max(a):.2f}); "
        f"ratio {_ratio(m):.2f} (median of {len(a)} pairs); "
        f"peak RSS {_peak(m.plain)} / {_peak(m.attcli)}"
    )


def undrafted(m: Measurement) -> Measurement | None:
    """A letters measurement less each run's drafting of the letters (issue 15: letters are
    measured with the rendering of the letters themselves excluded, and that reported as
    letters a second); None for another command."""
    if m.failed or not any(r.letters for r in m.attcli):
        return None
    less = [dataclasses.replace(r, seconds=r.seconds - r.drafted) for r in m.attcli]
    return Measurement(f"{m.label}, drafting excluded", m.pupils, m.file, m.plain, less)


def drafting_rate(m: Measurement) -> str:
    rates = [r.letters / r.drafted for r in m.attcli if r.drafted > 0]
    n = statistics.median(r.letters for r in m.attcli)
    return f"{statistics.median(rates):,.0f} letters a second ({n:,.0f} letters drafted)"


def table(results: list[Measurement]) -> str:
    rows = [
        "| command | pupils | file | plain read | attcli | ratio | peak RSS plain / attcli |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    notes = []
    for m in results:
        head = f"| {m.label} | {m.pupils:,} | {_size(m.file)} |"
        if m.failed:
            plain = _secs(_median(m.plain)) if m.plain else "-"
            rows.append(f"{head} {plain} | failed: {m.failed} | | {_peak(m.plain)} / - |")
            continue
        rows.append(
            f"{head} {_secs(_median(m.plain))} | {_secs(_median(m.attcli))} | "
            f"{_ratio(m):.1f} | {_peak(m.plain)} / {_peak(m.attcli)} |"
        )
        less = undrafted(m)
        if less is not None:
            rows.append(
                f"| {less.label} | {m.pupils:,} | {_size(m.file)} | {_secs(_median(m.plain))} | "
                f"{_secs(_median(less.attcli))} | {_ratio(less):.1f} | |"
            )
            notes.append(f"{m.label} at {m.pupils:,} pupils: drafting {drafting_rate(m)}")
    return "\n".join(rows + [""] + notes if notes else rows)


# --------------------------------------------------------------------------- main


def _sizes(text: str) -> list[int]:
    if text.strip().lower() == "none":
        return []
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def _names(text: str, allowed: tuple[str, ...]) -> list[str]:
    if text.strip().lower() == "none":
        return []
    names = [x.strip() for x in text.split(",") if x.strip()]
    bad = [n for n in names if n not in allowed]
    if bad:
        raise SystemExit(f"unknown: {', '.join(bad)} (choose from {', '.join(allowed)}, or none)")
    return names


def compile_attcli() -> None:
    """attcli's modules compiled to bytecode once, as ``pip install`` does: a checkout run
    where PYTHONDONTWRITEBYTECODE is set (CI, containers) would otherwise compile every
    module again at every start, which no installed attcli does."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("attcli")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


def _after_the_data(weeks: int):  # -> datetime.date
    """The day after the last school day of the generator's files of ``weeks`` weeks."""
    import datetime
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate_exports", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return max(module.year_days(weeks)) + datetime.timedelta(days=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="2000,20000,100000",
                    help="pupils for check against the plain read (comma-separated, or none)")
    ap.add_argument("--commands", default=",".join(COMMANDS),
                    help=f"other commands to measure ({', '.join(COMMANDS)}, or none)")
    ap.add_argument("--commands-at", type=int, default=20000, metavar="PUPILS",
                    help="pupils for the other commands (default 20000)")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="check on a Windows-1252 CSV and on an xlsx (cp1252, xlsx, or none)")
    ap.add_argument("--variants-at", type=int, default=2000, metavar="PUPILS",
                    help="pupils for the Windows-1252 and xlsx variants (default 2000)")
    ap.add_argument("--xlsx-shape", choices=["wide", "long"], default="wide",
                    help="the xlsx variant's layout: wide (Integris: a column per session) "
                    "or long (a row per session)")
    ap.add_argument("--authority", default="100000:50", metavar="PUPILS:SCHOOLS",
                    help="check --per-school on a local authority's export of PUPILS pupils "
                    "in SCHOOLS schools (default 100000:50, or none)")
    ap.add_argument("--pairs", type=int, default=5,
                    help="alternating plain/attcli pairs per measurement (default 5)")
    ap.add_argument("--weeks", type=int, default=39, help="school weeks in the files (39)")
    ap.add_argument("--data", type=Path, default=DATA, help="where the files are kept")
    ap.add_argument("--memory-limit", type=float, metavar="GB",
                    help="stop a run whose resident memory passes this (Linux)")
    ap.add_argument("--timeout", type=float, metavar="SECONDS", help="stop a run taking longer")
    args = ap.parse_args(argv)  # fmt: skip
    # "today" for attcli: the day after the files' last school day (a school year from 1
    # Sep 2026, later than the machine's date), as a school runs its commands; letters
    # refuse figures as of a day after their date (marks of days to come)
    os.environ.setdefault("ATTCLI_TODAY", _after_the_data(args.weeks).isoformat())

    sizes = _sizes(args.sizes)
    commands = _names(args.commands, COMMANDS)
    variants = _names(args.variants, VARIANTS)
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")
    authority = None
    if args.authority != "none":
        try:
            a_pupils, a_schools = (int(x) for x in args.authority.split(":"))
        except ValueError:
            ap.error("--authority: PUPILS:SCHOOLS, two whole numbers (100000:50), or none")
        if a_pupils < 1 or not 2 <= a_schools <= 1000:
            ap.error("--authority: at least 1 pupil and 2 to 1000 schools")
        authority = (a_pupils, a_schools)
    limit = int(args.memory_limit * 1e9) if args.memory_limit else None
    data = args.data.resolve()
    data.mkdir(parents=True, exist_ok=True)
    ws = workspace(data)
    compile_attcli()
    attcli = [sys.executable, "-m", "attcli", "--workspace", str(ws)]
    python = [sys.executable, "-c"]
    common = {"pairs": args.pairs, "limit": limit, "timeout": args.timeout,
              "fresh": lambda: no_history(ws)}

    print(f"attcli benchmark: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {args.weeks} school weeks, {args.pairs} pairs each"
          + ("" if args.pairs >= 5 else " (issue 15 asks for at least 5)"), flush=True)  # fmt: skip
    results: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="attcli-bench-") as tmp:
        out = Path(tmp)

        def output(name: str, i: int, suffix: str) -> str:
            path = out / f"{name}-{i}{suffix}"
            path.unlink(missing_ok=True)
            return str(path)

        for n in sizes:
            f = register_file(data, n, args.weeks)
            results.append(measure(
                "check --format json", n, f, [*python, PLAIN_CSV, str(f)],
                lambda i, f=f: [*attcli, "check", str(f), "--format", "json",
                                "-o", output("check", i, ".json")],
                **common,
            ))  # fmt: skip
        for v in variants:
            n = args.variants_at
            if v == "cp1252":
                f = cp1252_file(data, n, args.weeks)
                plain, label = [*python, PLAIN_CP1252, str(f)], "check, Windows-1252 CSV"
            else:
                f = xlsx_file(data, n, args.weeks, args.xlsx_shape)
                plain, label = [*python, PLAIN_XLSX, str(f)], f"check, {args.xlsx_shape} xlsx"
            results.append(measure(
                label, n, f, plain,
                lambda i, f=f: [*attcli, "check", str(f), "--format", "json",
                                "-o", output("variant", i, ".json")],
                **common,
            ))  # fmt: skip
        if commands:
            n = args.commands_at
            f = register_file(data, n, args.weeks)
            contacts = (
                contacts_file(data, n, args.weeks)
                if {"letters", "evidence"} & set(commands)
                else None
            )
            argv_of = {
                "letters": lambda i: ["letters", str(f), "--contacts", str(contacts),
                                      "--dry-run"],
                "cme": lambda i: ["cme", str(f), "--format", "json",
                                  "-o", output("cme", i, ".json")],
                "register-check": lambda i: ["register-check", str(f), "--term", "summer",
                                             "-o", output("register-check", i, ".xlsx")],
                "report": lambda i: ["report", str(f), "-o", output("report", i, ".html")],
                "cases": lambda i: ["cases", str(f), "--format", "json",
                                    "-o", output("cases", i, ".json")],
                "la-return": lambda i: ["la-return", str(f), "--month", "2027-03",
                                        "-o", output("la-return", i, ".xlsx")],
                "summary": lambda i: ["summary", str(f), "-o", output("summary", i, ".json")],
                "pupil": lambda i: ["pupil", first_upn(f), str(f)],
                "evidence": lambda i: ["evidence", first_upn(f), str(f), "--for",
                                       "penalty-notice", "--contacts", str(contacts),
                                       "--draft", "-o", output("evidence", i, ".pdf")],
            }  # fmt: skip
            labels = {"letters": "letters --dry-run", "cme": "cme --format json",
                      "register-check": "register-check (xlsx)", "report": "report (html)",
                      "cases": "cases --format json", "la-return": "la-return (xlsx)",
                      "summary": "summary (json)", "pupil": "pupil UPN",
                      "evidence": "evidence UPN (pdf)"}  # fmt: skip
            for c in commands:
                results.append(measure(
                    labels[c], n, f, [*python, PLAIN_CSV, str(f)],
                    lambda i, c=c: [*attcli, *argv_of[c](i)],
                    **common,
                ))  # fmt: skip
        if authority is not None:
            n, k = authority
            f = authority_file(data, n, args.weeks, k)
            trust_ws = authority_workspace(data, k)
            trust = [sys.executable, "-m", "attcli", "--workspace", str(trust_ws)]
            results.append(measure(
                f"check --per-school, {k} schools", n, f, [*python, PLAIN_CSV, str(f)],
                lambda i, f=f: [*trust, "check", str(f), "--per-school",
                                output("per-school", i, "")],
                **{**common, "fresh": lambda: no_history(trust_ws)},
            ))  # fmt: skip
    print()
    print(table(results))
    return 1 if any(m.failed for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
