"""Every tag with its article count, and the untagged articles with the tags suggested for them:
python scripts/tags_report.py."""

import sys

from commentary_archive.tags_report import main

if __name__ == "__main__":
    sys.exit(main())
