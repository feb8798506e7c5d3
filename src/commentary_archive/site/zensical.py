"""The site built by Zensical: ``python -m commentary_archive.site.zensical [-f mkdocs.yml]``.

Zensical reads ``mkdocs.yml`` but runs no plugins, and its templates (MiniJinja) call no
Python. So the build stages the docs the plugin would hand MkDocs (``staging``) under
``.build/zensical/`` beside ``mkdocs.yml``, with a config that inherits ``mkdocs.yml`` and
points Zensical there (Zensical keeps its cache beside its config, and wants its docs and
site inside that folder); runs ``zensical build``; finishes the pages as the plugin does
(``finish_site``); indexes them with Pagefind; and only then puts the site in the place of
the config's ``site_dir``. Everything under ``.build/`` is build output, never committed.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from commentary_archive.errors import SourceError
from commentary_archive.site.config import cache_path
from commentary_archive.site.markup import without_indentation, xml_safe
from commentary_archive.site.reading import ArticlesError
from commentary_archive.site.search import SearchIndexError, index_site
from commentary_archive.site.staging import stage_docs

BUILD_FOLDER = Path(".build", "zensical")
NOT_INSTALLED = (
    "zensical is not installed: make site ENGINE=zensical installs requirements-zensical.txt"
)


class BuildError(Exception):
    """A build that cannot go on; its message says why."""


def build(config_file: str = "mkdocs.yml") -> int:
    """Build the site of ``config_file`` with Zensical into its ``site_dir``; the exit code."""
    started = time.monotonic()
    try:
        executable = zensical_executable()
        try:
            config = load_config(config_file)
        except ConfigurationError as error:
            raise BuildError(f"{config_file}: {error}") from error
        archive = config.plugins["commentary-archive"].config
        folder = build_folder(config)
        zensical_config = prepare(config, folder)
        command = [str(executable), "build", "--strict", "--clean", "-f", str(zensical_config)]
        if subprocess.call(command) != 0:
            raise BuildError("zensical build failed")
        built = folder / "site"
        templates = [*config.theme.static_templates, *config.extra_templates]
        finish_site(built, zensical_own_files(folder / "docs"), templates)
        if archive.search:
            cache = cache_path(config, archive)
            print(index_site(built, cache / "search" if cache else None))
        replace_site(built, Path(config.site_dir))
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SearchIndexError as error:
        print(f"error: search index not built: {error}", file=sys.stderr)
        return 1
    print(f"Site built by Zensical in {config.site_dir} in {time.monotonic() - started:.1f} s")
    return 0


def build_folder(config: MkDocsConfig) -> Path:
    """Where the Zensical build of the site ``config`` describes stages its docs and config."""
    return Path(config.config_file_path).parent / BUILD_FOLDER


def prepare(config: MkDocsConfig, folder: Path) -> Path:
    """Stage the docs in ``folder/docs`` and write the Zensical config (``folder/zensical.yml``)
    that builds them into ``folder/site``; its path. Problems an editor can fix stop the build,
    as they do a strict MkDocs build."""
    archive = config.plugins["commentary-archive"].config
    try:
        staged = stage_docs(config, archive, folder / "docs")
    except (ArticlesError, SourceError) as error:
        raise BuildError(str(error)) from error
    for warning in staged.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if staged.warnings:
        raise BuildError(f"{len(staged.warnings)} warnings: the site is not built")
    settings = {
        "INHERIT": os.path.relpath(config.config_file_path, folder),
        "docs_dir": "docs",
        "site_dir": "site",
        # Material's look (Zensical's "modern" variant is its own), the templates of mkdocs.yml's
        # custom_dir found from here, and Material's hashed files by the names templates use.
        "theme": {"variant": "classic", "custom_dir": config.theme.custom_dir},
        "extra": {"theme_assets": staged.theme_assets},
        "plugins": [{"search": {"enabled": False}}],  # the site is searched with Pagefind
    }
    path = folder / "zensical.yml"
    path.write_text(
        "# Written by commentary_archive.site.zensical for each build; not committed.\n"
        + yaml.safe_dump(settings, sort_keys=False),
        encoding="utf-8",
    )
    return path


def zensical_executable() -> Path:
    """The ``zensical`` command of this Python's environment."""
    executable = Path(sys.executable).parent / "zensical"
    if not executable.is_file() or importlib.util.find_spec("zensical") is None:
        raise BuildError(NOT_INSTALLED)
    return executable


def zensical_own_files(docs: Path) -> list[str]:
    """The files Zensical copies from its own theme into every site (whatever the config) and
    the staged ``docs`` do not bring, by path in the site: its stylesheets, scripts and search
    index, which the site does not use."""
    spec = importlib.util.find_spec("zensical")
    if spec is None or spec.origin is None:
        raise BuildError(NOT_INSTALLED)
    templates = Path(spec.origin).parent / "templates"
    theme_files = [
        path.relative_to(templates) for path in (templates / "assets").rglob("*") if path.is_file()
    ]
    return [
        *(name.as_posix() for name in theme_files if not (docs / name).is_file()),
        "search.json",
    ]


def finish_site(site: Path, unused: list[str], templates: list[str]) -> None:
    """What the plugin does to MkDocs' output, done to Zensical's: the ``unused`` files out;
    each page without template indentation, and it and each template's output (``templates``:
    404.html, the sitemap…) without the characters XML forbids; the sitemap gzipped beside it,
    as MkDocs writes it."""
    for name in unused:
        (site / name).unlink(missing_ok=True)
    for folder in sorted((site / "assets").rglob("*"), reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    outputs = {site / name for name in templates}
    for path in [*site.rglob("*.html"), *outputs]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            finished = finished_output(text) if path in outputs else finished_page(text)
            path.write_text(finished, encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_bytes()
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap, mtime=0))


def finished_page(html: str) -> str:
    """A page Zensical wrote, as the plugin leaves MkDocs' pages: without template indentation.

    >>> finished_page('<p>\\n    <a href="a&#x2f;b">x</a>\\n</p>')
    '<p>\\n<a href="a/b">x</a>\\n</p>'
    """
    return without_indentation(finished_output(html))


def finished_output(text: str) -> str:
    """A template's output as the plugin leaves it, without the characters XML forbids, and
    with "/" as Jinja writes it: MiniJinja's ``e`` filter writes ``&#x2f;``, MarkupSafe leaves
    "/" as it is. Both stand for the same character, so the page means the same wherever the
    replacement lands. (MiniJinja's ``&#x27;`` for "'" stays: Python's ``html.escape``, which
    writes the listings, writes it too.)

    >>> finished_output("Belarus &#x2f; Poland\\ufffe")
    'Belarus / Poland'
    """
    return xml_safe(text).replace("&#x2f;", "/")


def replace_site(built: Path, site: Path) -> None:
    """Put ``built`` in the place of ``site``: the old site is moved aside first, so that the
    folder is never half-written, then removed."""
    site.parent.mkdir(parents=True, exist_ok=True)
    old = site.with_name(f".{site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    shutil.move(built, site)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m commentary_archive.site.zensical",
        description="Build the site with Zensical instead of MkDocs.",
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs config")
    return build(parser.parse_args(argv).config_file)


if __name__ == "__main__":
    sys.exit(main())
