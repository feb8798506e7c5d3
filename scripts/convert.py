"""Convert raw articles into Markdown under docs/articles: python scripts/convert.py --help."""

import sys

from commentary_archive.cli import main

if __name__ == "__main__":
    sys.exit(main())
