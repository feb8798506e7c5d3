"""Write N synthetic raw articles in the real shape: python scripts/generate_corpus.py --count N."""

import argparse
from pathlib import Path

from commentary_archive.corpus import generate_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000, help="number of articles (1000)")
    parser.add_argument("--seed", type=int, default=1, help="same seed, same files (1)")
    parser.add_argument("--out", type=Path, default=Path("bench-out/raw"), help="folder to write")
    args = parser.parse_args()
    paths = generate_corpus(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} raw articles to {args.out}")


if __name__ == "__main__":
    main()
