"""The MkDocs side of the archive: reads the articles, hands MkDocs the generated pages.

Each handler delegates: ``entries`` reads front matter, ``catalog`` indexes it, ``collections``
makes the pages and feeds, ``seo`` the article metadata. Problems an editor can fix (an unknown
tag, a generated path clashing with a hand-written file) are warnings, which ``--strict`` makes
fatal; front matter the site cannot read, or a feed that does not parse, is a ``PluginError``.
Every page and template leaves without the characters XML forbids (``markup.xml_safe``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from commentary_archive.errors import SourceError
from commentary_archive.site.catalog import Catalog
from commentary_archive.site.collections import collection_files
from commentary_archive.site.config import ArchiveConfig, collection_settings, vocabulary_path
from commentary_archive.site.entries import Entry, read_entry
from commentary_archive.site.markup import xml_safe
from commentary_archive.site.seo import article_json_ld, article_meta
from commentary_archive.vocabulary import load_vocabulary

log = get_plugin_logger(__name__)

# Theme files no page of ours loads: Material's own search (we use Pagefind) and source maps.
UNUSED_THEME_FILES = re.compile(r"assets/javascripts/(lunr|workers)/|\.map$")
PRE_BLOCK = re.compile(r"(<pre[\s>].*?</pre>)", re.DOTALL)
INDENT = re.compile(r"\n\s+")


def without_indentation(html: str) -> str:
    r"""The page without its template indentation (a fifth of its bytes); ``<pre>`` kept as is.

    >>> without_indentation("<div>\n    <p>a\n  b</p>\n<pre>  x\n  y</pre>\n  </div>")
    '<div>\n<p>a\nb</p>\n<pre>  x\n  y</pre>\n</div>'
    """
    parts = PRE_BLOCK.split(html)
    return "".join(part if i % 2 else INDENT.sub("\n", part) for i, part in enumerate(parts))


def iso_day(value: object) -> str:
    """A front matter ``date`` as the day a sitemap's ``<lastmod>`` takes; "" if not a date.

    >>> iso_day(datetime(2025, 6, 5, 23, 30)), iso_day(date(2025, 6, 5)), iso_day("soon")
    ('2025-06-05', '2025-06-05', '')
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else ""


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.entries: dict[str, Entry] = {}
        self.listing_html: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("commentary-archive: set `use_directory_urls: true` in mkdocs.yml.")
        return config

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        """A curator editing tags.yml sees the tag pages change, as with any page in docs/."""
        server.watch(str(vocabulary_path(config, self.config)))
        return server

    @event_priority(-50)  # after other plugins have added or removed files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        try:
            vocabulary = load_vocabulary(vocabulary_path(config, self.config))
        except SourceError as error:
            raise PluginError(str(error)) from error
        self.entries = self._read_articles(files)
        self.catalog = Catalog(self.entries.values(), vocabulary)
        for problem in self.catalog.problems:
            log.warning(str(problem))
        for file in list(files):
            if file.generated_by is None and UNUSED_THEME_FILES.search(file.src_uri):
                files.remove(file)
        settings = collection_settings(config, self.config)
        try:
            generated_files = collection_files(self.catalog, settings)
        except SourceError as error:
            raise PluginError(f"commentary-archive: {error}") from error
        for generated in generated_files:
            self._add(files, File.generated(config, generated.src_uri, content=generated.content))
        return files

    def _read_articles(self, files: Files) -> dict[str, Entry]:
        """Every published article's entry; drafts are dropped from the site altogether."""
        prefix = self.config.articles.strip("/") + "/"
        entries: dict[str, Entry] = {}
        errors: list[str] = []
        for file in [f for f in files.documentation_pages() if f.src_uri.startswith(prefix)]:
            try:
                entry = read_entry(file.src_uri, file.content_string)
            except SourceError as error:
                errors.append(str(error))
                continue
            if entry is None:
                files.remove(file)
            else:
                entries[file.src_uri] = entry
        if errors:
            raise PluginError("commentary-archive: cannot read articles:\n" + "\n".join(errors))
        return entries

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """The sitemap's template dates pages with ``iso_day``, whatever their ``date:`` holds."""
        env.filters["iso_day"] = iso_day
        return env

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            if existing.content_string != file.content_string:
                log.warning(
                    f"docs/{file.src_uri} is generated by the site; the file in docs/ is ignored. "
                    "Delete it (its text belongs in mkdocs.yml or docs/about.md)."
                )
            files.remove(existing)
        files.append(file)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        """A generated page's body is finished HTML: it skips the Markdown parser, which would
        only copy it through (a tenth of the build time)."""
        if page.meta.get("generated"):
            self.listing_html[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        return self.listing_html.pop(page.file.src_uri, html)

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav):
        entry = self.entries.get(page.file.src_uri)
        if entry is None or self.catalog is None:
            return context
        canonical = page.canonical_url or ""
        context["entry"] = entry
        context["catalog"] = self.catalog
        context["related"] = self.catalog.related(entry, self.config.related)
        context["social_meta"] = article_meta(entry, canonical, config.site_name)
        context["json_ld"] = article_json_ld(entry, config.site_name, config.site_url)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return without_indentation(xml_safe(output))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig):
        """sitemap.xml and 404.html, like every page."""
        return xml_safe(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search:
            from commentary_archive.site.search import SearchIndexError, index_site  # only if on

            try:
                log.info(str(index_site(Path(config.site_dir))))
            except SearchIndexError as error:
                raise PluginError(f"commentary-archive: search index not built: {error}") from error
