"""The MkDocs side of the archive: reads the articles, hands MkDocs the generated pages.

Each handler delegates: ``entries`` reads front matter, ``catalog`` indexes it, ``collections``
makes the pages and feeds, ``seo`` the article metadata. Problems an editor can fix (an unknown
tag, a generated path clashing with a hand-written file) are warnings, which ``--strict`` makes
fatal; front matter the site cannot read, or a feed that does not parse, is a ``PluginError``.
Every page and template leaves without the characters XML forbids (``markup.xml_safe``).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import threading
from collections.abc import Callable, Collection
from concurrent.futures import CancelledError
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from commentary_archive.errors import SourceError
from commentary_archive.site.cache import EntryCache, PageCache, build_fingerprint
from commentary_archive.site.catalog import ArticleView, Catalog
from commentary_archive.site.collections import clash_warning, collection_files
from commentary_archive.site.config import (
    ArchiveConfig,
    cache_path,
    collection_settings,
    vocabulary_path,
)
from commentary_archive.site.entries import Entry, page_url, read_entry
from commentary_archive.site.markup import without_indentation, xml_safe
from commentary_archive.site.pagedata import article_page_meta
from commentary_archive.site.reading import (
    ArticlesError,
    load_catalog,
    read_article,
    without_front_matter,
)
from commentary_archive.site.search import (
    IndexedArticle,
    Placed,
    SearchIndexer,
    SearchIndexError,
    index_site,
)
from commentary_archive.site.theme_files import (
    SOURCE_MAP_LINE,
    hashed_assets,
    is_shipped,
    without_source_map,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

# A hand-written page's link to another page: `](tags/index.md)` or `href="x.md#y"`.
MARKDOWN_LINK = re.compile(r"""(?:\]\(|href=["'])([^)"'#\s]+\.md)""")

# A URL path that quoting leaves as it is.
PLAIN_URL = re.compile(r"[A-Za-z0-9_.~/-]*")


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        self.catalog: Catalog | None = None
        self.entries: dict[str, Entry] = {}
        self.views: dict[str, ArticleView] = {}
        self.listing_html: dict[str, str] = {}
        self.pages: PageCache | None = None
        self.to_keep: dict[str, str] = {}  # src_uri of a page to build → its cache key
        self.cached: dict[str, str] = {}  # site path of a page taken from the cache → its key
        self.built: dict[str, Path] = {}  # key of a page this clean build wrote → its file
        self.sitemap: list[tuple[str, str]] = []  # every page's URL and day
        self.dirty = False
        self.in_site: dict[str, str] = {}  # pages placed by the last build → their keys
        self.texts: dict[str, str] = {}  # each article's Markdown, read once per build
        self.article_keys: dict[str, str] = {}  # each article's page key, cached or not
        self.indexer: SearchIndexer | None = None
        self.catching_up: threading.Thread | None = None  # `serve`: the search index's last build
        self.search_placed: dict[str, Placed] = {}  # `serve`: the index parts in the site
        self.entry_cache: EntryCache | None = None
        # `serve`: what the last build read and made, reused where its inputs did not change.
        self.earlier: tuple[int, Catalog, dict[str, ArticleView]] | None = None
        self.read: dict[str, tuple[tuple[int, int, int], str, Entry | None]] = {}
        self.keys: dict[str, tuple[tuple[object, ...], str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Kept across `mkdocs serve` rebuilds. A dirty build writes pages over the old ones in
        place, so cached pages are copied, never linked, into its site."""
        self.dirty = dirty

    def on_shutdown(self) -> None:
        if self.entry_cache is not None:
            self.entry_cache.save()
        if self.dirty and self.pages is not None:
            self.pages.prune()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("commentary-archive: set `use_directory_urls: true` in mkdocs.yml.")
        return config

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        """A curator editing tags.yml sees the tag pages change, as with any page in docs/."""
        server.watch(str(vocabulary_path(config, self.config)))
        return server

    @event_priority(-50)  # after other plugins have added or removed files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        folder = cache_path(config, self.config)
        if folder is None:
            self.entry_cache = None
        elif self.entry_cache is None or self.entry_cache.path != folder / "entries.json":
            self.entry_cache = EntryCache(folder / "entries.json")
        self.catalog = self._load_catalog(files, config)
        drafts = self.texts.keys() - self.entries.keys()
        for file in [f for f in files.documentation_pages() if f.src_uri in drafts]:
            files.remove(file)  # a draft is dropped from the site altogether
        for file in list(files):
            if file.generated_by is None and not is_shipped(file.src_uri):
                files.remove(file)
            elif (
                file.generated_by is None
                and file.src_uri.endswith(".js")
                and SOURCE_MAP_LINE.search(file.content_string)
            ):
                files.remove(file)
                files.append(_without_source_map(config, file))
        settings = collection_settings(config, self.config)
        try:
            generated_files = collection_files(self.catalog, settings)
        except SourceError as error:
            raise PluginError(f"commentary-archive: {error}") from error
        for generated in generated_files:
            self._add(files, File.generated(config, generated.src_uri, content=generated.content))
        earlier = self.earlier if self.earlier and self.earlier[0] == self.config.related else None
        self.views = self.catalog.views(self.config.related, since=earlier and earlier[1:])
        if self.dirty:
            self.earlier = (self.config.related, self.catalog, self.views)
        self.sitemap = [
            (page_link(file.src_uri), _day(self.entries.get(file.src_uri)))
            for file in files.documentation_pages()
        ]
        self._take_cached_pages(files, config)
        self._start_search_index(config)
        return files

    def _start_search_index(self, config: MkDocsConfig) -> None:
        """Plan the search index from the catalog before any page is built, so that its parts
        are indexed on the other core while pages render; the parts the cache holds are reused.
        Pages taken from the page cache are handed over now, rendered pages as they come."""
        self._close_search_index()
        folder = cache_path(config, self.config)
        if not self.config.search or folder is None or self.pages is None:
            return
        self.indexer = SearchIndexer(
            (
                IndexedArticle(entry.url, entry.lang.split("-")[0].lower(), entry.date.year, key)
                for src_uri, key in self.article_keys.items()
                for entry in (self.entries[src_uri],)
            ),
            folder / "search",
        )
        for src_uri, entry in self.entries.items():
            if src_uri not in self.to_keep and self.indexer.wanted(entry.url):
                self.indexer.add(entry.url, self.pages.path(self.article_keys[src_uri]))

    def _close_search_index(self) -> None:
        """Stop the indexer of the last build. A build waits for it; `serve` does not, for a new
        edit must show at once: the old index stops where it is, in the background, and the
        next one is placed only after it (``_finish_search_index``)."""
        if self.indexer is not None:
            self.indexer.close(wait=not self.dirty)
            self.indexer = None
        if self.catching_up is not None and not self.dirty:
            self.catching_up.join()
            self.catching_up = None

    def _take_cached_pages(self, files: Files, config: MkDocsConfig) -> None:
        """Pages built before from the same inputs leave the build and come from the cache; the
        others are noted, to be kept once built. Hand-written pages (about, search) are few and
        always built, and so are the pages the navigation or a hand-written page links to, for
        MkDocs checks those links against the pages it builds."""
        self.to_keep, self.cached, self.article_keys, self.built = {}, {}, {}, {}
        folder = cache_path(config, self.config)
        if folder is None:
            self.pages = None
            return
        fingerprint = build_fingerprint(config, dict(self.config))
        if self.pages is None or (self.pages.folder, self.pages.fingerprint) != (
            folder / "pages",
            fingerprint,
        ):
            self.pages, self.keys = PageCache(folder / "pages", fingerprint), {}
        self.pages.start()
        linked = linked_pages(config.nav, files, self.entries.keys())
        for file in list(files.documentation_pages()):
            view = self.views.get(file.src_uri)
            if view is not None:
                key = self._key(file.src_uri, "article", self.texts[file.src_uri], view)
                self.article_keys[file.src_uri] = key
            elif file.generated_by is not None:
                key = self._key(file.src_uri, "listing", file.content_string)
            else:
                continue
            if file.src_uri in linked or not self.pages.take(key):
                self.to_keep[file.src_uri] = key
                # Setting the text also makes a dirty build, which skips pages whose Markdown
                # is older than their HTML, build this one.
                file.content_string = (
                    without_front_matter(self.texts[file.src_uri])
                    if view is not None
                    else file.content_string
                )
            else:
                self.cached[file.dest_uri] = key
                files.remove(file)

    def _key(self, src_uri: str, *inputs: object) -> str:
        """The page key of ``src_uri`` made from ``inputs``; `serve` keeps the keys of the
        last build and hashes again only the pages whose inputs differ."""
        assert self.pages is not None
        known = self.keys.get(src_uri)
        if known is not None and known[0] == inputs:
            return known[1]
        key = self.pages.key(
            *(value if isinstance(value, str) else repr(value) for value in inputs)
        )
        if self.dirty:
            self.keys[src_uri] = (inputs, key)
        return key

    def _load_catalog(self, files: Files, config: MkDocsConfig) -> Catalog:
        """The catalog, as the engine-free generator loads it, with the articles read through
        the entry cache and, in `serve`, only those whose files changed since the last build."""
        earlier, self.read = self.read, {}
        try:
            loaded = load_catalog(
                config, self.config, files, functools.partial(self._read_article, earlier)
            )
        except ArticlesError as error:
            raise PluginError(f"commentary-archive: {error}") from error
        except SourceError as error:  # in tags.yml, before any article was read
            self.read = earlier
            raise PluginError(str(error)) from error
        if self.entry_cache is not None:
            self.entry_cache.commit()
            if not self.dirty:  # `serve --dirty` keeps them in memory, written when it stops
                self.entry_cache.save()
        self.entries, self.texts = loaded.entries, loaded.texts
        for problem in loaded.problems:
            log.warning(str(problem))
        return loaded.catalog

    def _read_article(
        self, earlier: dict[str, tuple[tuple[int, int, int], str, Entry | None]], file: File
    ) -> tuple[str, Entry | None]:
        """``read_article`` through the entry cache; `serve` takes what its last build read of
        a file whose stamp did not change."""
        stamp = _stamp(file) if self.dirty else None
        known = earlier.get(file.src_uri)
        if known is not None and stamp is not None and known[0] == stamp:
            _, text, entry = known
        else:
            read = read_entry if self.entry_cache is None else self.entry_cache.read
            text, entry = read_article(file, read)
        if stamp is not None:
            self.read[file.src_uri] = (stamp, text, entry)
        return text, entry

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            if existing.content_string != file.content_string:
                log.warning(clash_warning(file.src_uri))
            files.remove(existing)
        files.append(file)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Templates link Material's stylesheets and script by their names without the hash:
        ``theme_asset('assets/stylesheets/main.min.css')``, so any version of Material works."""
        hashed = hashed_assets(file.src_uri for file in files)

        def theme_asset(name: str) -> str:
            if name not in hashed:
                raise PluginError(f"commentary-archive: the theme has no {name}.")
            return hashed[name]

        env.globals["theme_asset"] = theme_asset
        return env

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """The sitemap lists every page, those taken from the cache included."""
        if template_name == "sitemap.xml":
            site_url = config.site_url or "/"  # MkDocs ends it with a slash
            _open(context)["sitemap"] = [(site_url + url, day) for url, day in self.sitemap]
        return context

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A generated page's body is finished HTML: it skips the Markdown parser, which would
        only copy it through (a tenth of the build time). An article reaches MkDocs without its
        front matter, which the plugin has read already (MkDocs would parse the YAML again, with
        PyYAML's pure-Python loader): its page's meta holds what the templates read of it, the
        page data (``pagedata``) under ``article``."""
        view = self.views.get(page.file.src_uri)
        if view is not None:
            page.meta = dict(article_page_meta(view, config.site_name, config.site_url))
        elif page.meta.get("generated"):
            self.listing_html[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.listing_html.pop(page.file.src_uri, html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A clean build's pages join the cache once MkDocs has written them (as links, in
        ``on_post_build``); a dirty build writes over its pages in place, so it keeps copies."""
        output = without_indentation(xml_safe(output))
        key = self.to_keep.get(page.file.src_uri)
        if key is not None and self.pages is not None:
            if self.dirty:
                self.pages.put(key, output)
            else:
                self.built[key] = Path(page.file.abs_dest_path)
        entry = self.entries.get(page.file.src_uri)
        if entry is not None and self.indexer is not None:
            # `serve` hands over the page kept in the cache: rendering never waits for the index.
            page_source: str | Path = output
            if self.dirty and key is not None and self.pages is not None:
                page_source = self.pages.path(key)
            self.indexer.add(entry.url, page_source)
        return output

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        """sitemap.xml and 404.html, like every page."""
        return xml_safe(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        if self.pages is not None:
            for key, built in self.built.items():
                self.pages.adopt(key, built)
            self._place_cached_pages(site)
            # `serve` prunes once, when it stops: each rebuild would walk the whole cache.
            removed = "" if self.dirty else f", {self.pages.prune()} unused removed from the cache"
            log.info(
                f"pages: {len(self.cached)} from the cache, {len(self.to_keep)} built{removed}"
            )
        if not self.config.search:
            return
        if self.indexer is not None and self.dirty:
            self.catching_up = threading.Thread(
                target=_finish_search_index,
                args=(self.indexer, site, self.search_placed, self.catching_up),
                daemon=True,
            )
            self.catching_up.start()
            return
        try:
            if self.indexer is None:  # no cache: index the built pages, all of them
                log.info(str(index_site(site)))
            else:
                log.info(str(self.indexer.finish(site)))
        except SearchIndexError as error:
            raise PluginError(f"commentary-archive: search index not built: {error}") from error
        finally:
            self._close_search_index()

    def on_build_error(self, *, error: Exception) -> None:
        self._close_search_index()

    def _place_cached_pages(self, site: Path) -> None:
        """Put the pages taken from the cache into the site. A clean build starts from an empty
        site and links them (cheap, and safe: nothing writes there in place). A dirty build
        (`mkdocs serve --dirty`) keeps the site between builds and writes over its files, so it
        gets copies, only of the pages whose key changed since its last build, and loses the
        pages this build no longer has."""
        assert self.pages is not None
        before, self.in_site = self.in_site, {}
        for dest_uri, key in self.cached.items():
            if not self.dirty or before.get(dest_uri) != key:
                self.pages.place(key, site / dest_uri, copy=self.dirty)
            self.in_site[dest_uri] = key
        self.in_site.update((page_url_of(src), key) for src, key in self.to_keep.items())
        for dest_uri in before.keys() - self.in_site.keys() if self.dirty else ():
            (site / dest_uri).unlink(missing_ok=True)


def _without_source_map(config: MkDocsConfig, file: File) -> File:
    """A copy of ``file`` without the line naming its source map (``theme_files``)."""
    return File.generated(config, file.src_uri, content=without_source_map(file.content_string))


def _finish_search_index(
    indexer: SearchIndexer,
    site: Path,
    placed: dict[str, Placed],
    previous: threading.Thread | None,
) -> None:
    """`mkdocs serve --dirty`: the pages are served at once, the search index follows, placing
    in the site only the parts that changed, once the index of the edit before is out of the
    way."""
    if previous is not None:
        previous.join()
    try:
        log.info(str(indexer.finish(site, placed)))
    except (SearchIndexError, CancelledError) as error:
        log.warning(f"search index not brought up to date: {error or 'a newer edit came'}")


def _stamp(file: File) -> tuple[int, int, int] | None:
    """When and how big the article's file was last written: `serve` reads again only the
    files whose stamp changed."""
    if file.abs_src_path is None:
        return None
    status = os.stat(file.abs_src_path)
    return status.st_mtime_ns, status.st_size, status.st_ino


def _open(context: TemplateContext) -> dict[str, Any]:
    """The template context as what it is, a dict: MkDocs types only its own keys, and the
    templates read the ones the plugin adds."""
    return cast("dict[str, Any]", context)


def page_link(src_uri: str) -> str:
    """The page's URL as MkDocs gives it (``File.url``, quoted), without the cost of quoting a
    plain path: a tenth of a second per thousand pages, in every `serve` rebuild.

    >>> page_link("articles/2025/06/x.md"), page_link("notes/a b.md"), page_link("index.md")
    ('articles/2025/06/x/', 'notes/a%20b/', '')
    """
    url = page_url(src_uri)
    return url if PLAIN_URL.fullmatch(url) else quote(url)


def page_url_of(src_uri: str) -> str:
    """Where MkDocs writes the page of ``src_uri`` (directory URLs).

    >>> page_url_of("articles/2025/06/x.md"), page_url_of("tags/index.md")
    ('articles/2025/06/x/index.html', 'tags/index.html')
    """
    return f"{page_url(src_uri)}index.html"


def linked_pages(nav: object, files: Files, articles: Collection[str]) -> set[str]:
    """The pages the navigation names and the hand-written pages (not generated, not among
    ``articles``) link to, by ``.md`` path.

    >>> sorted(linked_pages([{"Home": "index.md"}, {"More": [{"A": "a/b.md"}]}], Files([]), []))
    ['a/b.md', 'index.md']
    """
    found: set[str] = set()
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and item.endswith(".md"):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    for file in files.documentation_pages():
        if file.generated_by is None and file.src_uri not in articles:
            folder = posixpath.dirname(file.src_uri)
            for target in MARKDOWN_LINK.findall(file.content_string):
                found.add(posixpath.normpath(posixpath.join(folder, target)))
    return found


def _day(entry: Entry | None) -> str:
    """The day a sitemap dates a page by: an article's own; "" for the other pages."""
    return "" if entry is None else entry.date.date().isoformat()
