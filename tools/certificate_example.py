"""Write docs/certificate-example.png: the attendance certificate of a pupil with every
kind of mark (the register of tests/builders.py, ``every_kind_register``), for the docs.

    apt-get install -y poppler-utils          # once: pdftoppm
    python tools/certificate_example.py       # writes docs/certificate-example.png
    python tools/certificate_example.py --pdf /tmp/certificate.pdf --out /tmp/cert.png
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

CONFIG = """
[school]
name = "Oakfield Academy"
address = ["1 School Lane", "Exampletown", "EX1 2AB"]
phone = "01632 960000"
email = "attendance@oakfield.example.org"
"""


def main() -> None:
    import polars as pl

    from attcli.config import parse_config
    from attcli.engine import evaluate
    from attcli.pupil import certificate_data, certificate_pdf
    from builders import every_kind_register

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "certificate-example.png")
    ap.add_argument("--pdf", type=Path, help="also keep the PDF here")
    ap.add_argument("--dpi", type=int, default=90)
    args = ap.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: apt-get install -y poppler-utils")
    reg = every_kind_register().with_columns(
        pl.when(pl.col("upn") == "EVERY")
        .then(pl.lit("A999290917931"))
        .otherwise(pl.col("upn"))
        .alias("upn")
    )
    ev = evaluate(reg, parse_config(CONFIG))
    row = ev.pupils.filter(pl.col("upn") == "A999290917931").row(0, named=True)
    day = dt.date(2026, 11, 12)
    pdf = certificate_pdf(certificate_data(reg, ev, row, made_on=day), when=day)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "certificate.pdf"
        path.write_bytes(pdf)
        if args.pdf:
            args.pdf.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(args.dpi), "-singlefile", str(path), f"{tmp}/p"],
            check=True,
        )
        shutil.copyfile(Path(tmp) / "p.png", args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
