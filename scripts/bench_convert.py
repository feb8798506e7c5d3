"""Converter throughput on synthetic corpora: python scripts/bench_convert.py --sizes 1000,10000.

For each size it writes a corpus (not timed), then times a cold conversion into an empty folder,
a no-op re-run and a run that adds 100 new articles (each checked against the articles of its
months for duplicates and renames), inside this process (the conversion alone), and the cold and
no-op runs as the `convert` command a user runs (interpreter start and imports included).
Targets on 2 cores: at least 1,000 articles/s cold, and at most 3 s for a no-op re-run of 10,000
articles.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from commentary_archive.convert import Settings, convert
from commentary_archive.corpus import generate_corpus
from commentary_archive.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
NEW_ARTICLES = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--tags", type=Path, default=ROOT / "tags.yml", help="tag vocabulary")
    args = parser.parse_args()
    settings = Settings(
        out=Path(),
        vocabulary=load_vocabulary(args.tags),
        zone=ZoneInfo("Europe/Minsk"),
        jobs=args.jobs,
    )
    print(f"converter benchmark: {args.jobs} jobs, {os.cpu_count()} cores")
    print("articles   cold s  articles/s  no-op s  +100 s   as a command: cold s, no-op s")
    for size in (int(text) for text in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-convert-") as folder:
            raw = Path(folder, "raw")
            generate_corpus(raw, size, seed=1)
            inside = replace(settings, out=Path(folder, "out"))
            cold = timed(convert, [raw], inside)
            noop = timed(convert, [raw], inside)
            generate_corpus(raw, NEW_ARTICLES, seed=2)
            added = timed(convert, [raw], inside)
            command = [sys.executable, str(ROOT / "scripts" / "convert.py"), str(raw)]
            command += ["--tags", str(args.tags), "--jobs", str(args.jobs)]
            command += ["--out", str(Path(folder, "out-command"))]
            cold_command = timed(subprocess.run, command, check=True, stdout=subprocess.DEVNULL)
            noop_command = timed(subprocess.run, command, check=True, stdout=subprocess.DEVNULL)
        print(
            f"{size:>8} {cold:>8.2f} {size / cold:>11.0f} {noop:>8.2f} {added:>7.2f}"
            f"   {cold_command:.2f} s ({size / cold_command:.0f} articles/s), {noop_command:.2f} s"
        )


def timed(action, *args, **kwargs) -> float:
    """Seconds ``action(*args, **kwargs)`` takes."""
    start = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
