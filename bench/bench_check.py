"""Benchmark: load a year of registers and run the weekly check; prints medians.

The stages (load, evaluate, check) timed inside one process, for finding where the
time goes.  The README's speed table comes from bench/bench.py instead: whole
processes against a plain Polars read of the same file.

    python bench/bench_check.py                      # 2,000 pupils, a full year, long CSV and wide xlsx
    python bench/bench_check.py --pupils 100000 --shapes long --repeat 1

Files are generated once with tools/generate_exports.py (seeded) into
bench/data/ (not committed) and reused. Each stage is timed --repeat times;
the median is printed with the min and max, because the machines are shared
and noisy. Peak memory is the process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"


def peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure(pupils: int, weeks: int, shape: str, fmt: str) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{shape}_{pupils}p_{weeks}w.{fmt}"
    if not path.exists():
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "generate_exports.py"), "bench",
             "--pupils", str(pupils), "--weeks", str(weeks), "--shape", shape,
             "--format", fmt, "--out", str(path)],
            check=True,
        )  # fmt: skip
        print(f"  generated {path.name} in {time.perf_counter() - t:.1f} s "
              f"({path.stat().st_size / 1e6:.0f} MB)")
    return path


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, times


def fmt_times(times: list[float]) -> str:
    med = statistics.median(times)
    return f"median {med:7.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pupils", type=int, default=2000)
    ap.add_argument("--weeks", type=int, default=39)
    ap.add_argument("--shapes", default="long,wide", help="long (csv) and/or wide (xlsx)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from attcli.check import check_register
    from attcli.config import Config
    from attcli.engine import evaluate
    from attcli.loaders import load_registers

    cfg = Config()
    print(f"attcli benchmark: {args.pupils:,} pupils, {args.weeks} school weeks, repeat {args.repeat}")
    for shape in args.shapes.split(","):
        fmt = "csv" if shape == "long" else "xlsx"
        path = ensure(args.pupils, args.weeks, shape, fmt)
        loaded, t_load = timed(lambda p=path: load_registers([p]), args.repeat)
        reg = loaded.register
        _, t_eval = timed(lambda r=reg: evaluate(r, cfg), args.repeat)
        _, t_check = timed(lambda r=reg: check_register(r, cfg), args.repeat)
        rows = reg.height
        print(f"{shape:>5} {fmt:<4} {rows:>11,} sessions  {path.stat().st_size / 1e6:8.0f} MB")
        print(f"    load      {fmt_times(t_load)}  {rows / statistics.median(t_load) / 1e6:6.2f} M sessions/s")
        print(f"    evaluate  {fmt_times(t_eval)}")
        print(f"    check     {fmt_times(t_check)}  (evaluate now and a week earlier, group, reasons)")
        del loaded, reg
    print(f"peak memory {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
