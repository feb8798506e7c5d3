"""The plugin's settings in ``mkdocs.yml``, typed and validated when MkDocs loads the config."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from commentary_archive.site.collections import Settings


class ArchiveConfig(base.Config):
    vocabulary = c.Type(str, default="tags.yml")
    """The tag vocabulary, relative to ``mkdocs.yml``."""
    articles = c.Type(str, default="articles")
    """The folder under ``docs/`` holding the articles."""
    home_page_size = c.Type(int, default=20)
    """Articles on the home page (cards with lead and tags)."""
    list_page_size = c.Type(int, default=200)
    """Articles per older home page and per tag, author, source or month page (one line each)."""
    most_read = c.Type(int, default=5)
    related = c.Type(int, default=3)
    feed_size = c.Type(int, default=20)
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind after the build."""
    cache = c.Type(str, default=".cache")
    """Where built pages and search index parts are kept between builds, relative to
    ``mkdocs.yml`` (``""``: no cache)."""


def cache_path(config: MkDocsConfig, archive: ArchiveConfig) -> Path | None:
    if not archive.cache:
        return None
    return Path(config.config_file_path).parent / archive.cache


def vocabulary_path(config: MkDocsConfig, archive: ArchiveConfig) -> Path:
    return Path(config.config_file_path).parent / archive.vocabulary


def collection_settings(config: MkDocsConfig, archive: ArchiveConfig) -> Settings:
    """What the generated pages take from ``mkdocs.yml``: the site's name, URL and description."""
    return Settings(
        site_name=config.site_name,
        site_url=config.site_url or "",
        intro=config.site_description or "",
        home_page_size=archive.home_page_size,
        list_page_size=archive.list_page_size,
        most_read=archive.most_read,
        feed_size=archive.feed_size,
    )
