"""Write the generated pages and feeds as files: ``python -m commentary_archive.site [--out DIR]``.

For an engine that runs no MkDocs plugins (Zensical reads ``mkdocs.yml`` but not its plugins):
run this before the build and the home, archive, tag, author and source pages and the feeds land
in ``docs/`` (or ``--out``), where the engine picks them up like any other page. They are build
output: never commit them (the MkDocs build makes them itself).

With ``--engine zensical``, everything Zensical builds the site from is staged outside ``docs/``
instead: the docs with each article's page data, the generated pages and feeds, Material's files
and a config, under ``.build/zensical/`` (``commentary_archive.site.zensical``, which `make site
ENGINE=zensical` runs, stages them so too; ``zensical serve -f .build/zensical/zensical.yml``
previews them).
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
from commentary_archive.site.zensical import BuildError, build_folder, prepare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m commentary_archive.site", description=__doc__)
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs config (mkdocs.yml)")
    parser.add_argument("--out", type=Path, help="folder to write into (the config's docs_dir)")
    parser.add_argument("--engine", choices=["zensical"], help="stage all that ENGINE builds from")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    if args.engine == "zensical":
        try:
            staged = prepare(config, build_folder(config))
        except BuildError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"staged for Zensical: zensical build -f {staged}")
        return 0
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
