"""Build site/ unless nothing changed since its last build: python scripts/build_site.py --help."""

import sys

from commentary_archive.site.build import main

if __name__ == "__main__":
    sys.exit(main())
