"""Write the generated pages and feeds as files: ``python -m commentary_archive.site [--out DIR]``.

For an engine that runs no MkDocs plugins (Zensical reads ``mkdocs.yml`` but not its plugins):
run this before the build and the home, archive, tag, author and source pages and the feeds land
in ``docs/`` (or ``--out``), where the engine picks them up like any other page. They are build
output: never commit them (the MkDocs build makes them itself).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from commentary_archive.errors import SourceError
from commentary_archive.site.collections import collection_files, write_files
from commentary_archive.site.config import collection_settings
from commentary_archive.site.reading import ArticlesError, load_catalog


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commentary_archive.site", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs config (mkdocs.yml)")
    parser.add_argument("--out", type=Path, help="folder to write into (the config's docs_dir)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    archive = config.plugins["commentary-archive"].config
    try:
        loaded = load_catalog(config, archive, get_files(config))
        generated = collection_files(loaded.catalog, collection_settings(config, archive))
    except (SourceError, ArticlesError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for problem in loaded.problems:
        print(f"warning: {problem}", file=sys.stderr)
    out = args.out or Path(config.docs_dir)
    count = write_files(generated, out)
    print(f"wrote {count} generated pages and feeds to {out}")
    return 1 if loaded.problems else 0

if __name__ == "__main__":
    sys.exit(main())
