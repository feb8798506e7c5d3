"""Check a pull request's articles as CI does (`make pr-check`): scripts/pr_check.py --help."""

import sys

from commentary_archive.pr_check import main

if __name__ == "__main__":
    sys.exit(main())
