"""The site's search index: Pagefind bundles of the article pages, built in parts.

The articles of each language are indexed in parts: one part per year, and a year of more than
``MAX_PART`` articles cut into runs in URL order (``2025``, ``2025-2``…). Each part is a
Pagefind bundle under ``pagefind/<lang>/<part>/``: the full text of its articles, with the
filters (tag, author, source, year), the date sort key and the metadata the article template
declares through ``data-pagefind-*`` attributes. Both the header box and the search page query
it. The title weighs most (Pagefind weighs an ``<h1>`` 7, an ``<h2>`` 6), then the lead
(``LEAD_WEIGHT``), then the body (1).

Parts bound the work: Pagefind holds a whole index in memory and cannot update one, so each part
is indexed on its own, and a part whose articles have not changed is not indexed again but taken
from the cache, where it is filed under the hash of what went into it. ``pagefind/parts.json``
lists each language's parts; the browser searches all of them as one index, ranked as one list
(Pagefind's ``mergeIndex``, see ``assets/search/search-client.js``).

A language of several parts also gets a vocabulary, ``<lang>/words/``: a bundle with one page
per part, holding every word of that part.
Pagefind matches a word it does not know by its longest known prefix (``snowploughs`` by
``snow``), so a part without a query's word would answer with pages that one index of every
article would never return; the browser asks the vocabulary first which parts know the words,
and searches those.

A bundle holds one language so that its stemmer fits the text and the browser can pick the
bundles by the alphabet of the query; Pagefind's own split by ``<html lang>`` always searches the
current page's language instead.

Two ways in: the plugin hands each page to a ``SearchIndexer`` while it builds the site, and
``index_site`` reads a built site, after the build or on its own:
``python -m commentary_archive.site.search SITE_DIR [--cache DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import fnmatch
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from html import escape
from importlib.metadata import version
from multiprocessing import connection, get_context, parent_process
from pathlib import Path
from typing import Any, TypedDict

from pagefind.index import IndexConfig
from pagefind.service import PagefindService
from pagefind.service.types import InternalRequestPayload, InternalResponsePayload

BUNDLE_DIR = "pagefind"
# Each language's article count and parts, read by the browser to know which bundles exist.
MANIFEST = "parts.json"
# Articles in one part at most: what bounds Pagefind's memory (about 0.2 MB per article).
MAX_PART = 1500
# Parts whose pages wait for Pagefind, besides the part it is indexing: a build faster than
# Pagefind waits for it rather than holding every article's pages.
MAX_QUEUED = 2
# Word occurrences per index file (Pagefind's default is 20,000). A query loads, for each of its
# words, the file holding it from every part: small files keep that near what one index costs.
INDEX_CHUNK_SIZE = 2000
# A part's bundle, as the folder of its cache entry; beside it, the list of its words.
FULL_TEXT = "full"
WORDS_SUFFIX = ".words"
# The vocabulary's folder beside the parts', and the filter naming the part of each of its pages.
VOCABULARY = "words"
VOCABULARY_FILTER = "words_of"
# Part of every cache key: a new Pagefind, or a change to the pages this module gives it (bump
# the number), makes every part new.
INDEXER_VERSION = f"pagefind {version('pagefind')}, pages 4"
# Cache entries being written; renamed to their key when complete.
STAGING_PREFIX = ".staging-"
# The article template marks the indexed part of an article page with this attribute; pages
# without it (home, tags, archive) stay out of the index. Matched inside a tag, never in text,
# because text in the HTML cannot contain an unescaped ``<``.
ARTICLE_BODY = re.compile(r"<(\w+)\b[^<>]*\sdata-pagefind-body(?=[\s>=/])[^<>]*>")
HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")
DEFAULT_LANG = "en"
# The year an article is filed under: its ``year`` filter, else the year of its date sort key.
YEAR_FILTER = re.compile(r'data-pagefind-filter="year:(\d{4})"')
DATE_SORT = re.compile(r'data-pagefind-sort="date:(\d{4})')
# Not words of the article: the heading permalinks (¶) of Python-Markdown's toc extension.
EXCLUDED = ".headerlink"
# Pagefind's ready-made search interfaces, written into every bundle; the site has its own.
UNUSED_UI = ("pagefind-ui.*", "pagefind-*-ui.*", "pagefind-highlight.js")
# Pagefind's code, the same in every part: the browser loads it from a language's first part.
RUNTIME = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
META_ATTRIBUTE = re.compile(r'data-pagefind-meta="(\w+):([^"]*)"')
SORT_ATTRIBUTE = re.compile(r'data-pagefind-sort="(\w+):([^"]*)"')
# Each sort key is also stored as metadata ``sort_<key>``: the browser merges the sorted
# results of several parts by it. (Pagefind indexes metadata too: this adds 1% to the index.)
SORT_META_PREFIX = "sort_"
# The lead paragraph the converter marks with ``{: .lead }``, and its weight in the ranking:
# between the body's (1) and the title's (7), measured by scripts/bench_known_items.py.
LEAD = '<p class="lead">'
LEAD_WEIGHT = 2
# The authors, from their metadata, indexed as a line of text just before the title, weighing as
# the title: readers search for a name and a word of the title. (Pagefind indexes metadata too,
# but weighs it too little to tell one author's articles from another's.) Before the title, not
# after it: the browser takes words in a row for a phrase, and a name followed by the first
# words of the lead is none.
TITLE_START = re.compile(r"<h1[\s>]")
AUTHORS_WEIGHT = 7


# What ``finish`` placed in a site for a part's folder (``en/2025``): its key, and whether
# Pagefind's code went with it.
Placed = tuple[str, bool]


class SearchIndexError(RuntimeError):
    """A part of the search index could not be built; the message names the part."""


@dataclass(frozen=True)
class IndexedArticle:
    """An article as the indexer plans with it, before its page exists."""

    url: str  # site-relative, "articles/2025/06/x/"
    lang: str  # primary subtag, "en"
    year: int
    key: str  # changes whenever the article's page HTML changes


@dataclass(frozen=True)
class Part:
    """Articles indexed together: one language and one year, or a run of a long year (or a
    language's vocabulary, whose pages are named after the parts)."""

    lang: str
    name: str
    urls: tuple[str, ...]  # its pages
    key: str  # its cache entry: a hash of the indexer, its settings and its articles

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.name}"


@dataclass(frozen=True)
class SearchIndexStats:
    """What indexing produced: articles per language, parts indexed or taken from the cache,
    the largest part, the bundles' size on disk, and the time taken."""

    articles: dict[str, int]
    parts_built: int
    parts_reused: int
    largest_part: int
    files: int
    bytes_on_disk: int
    seconds: float

    def __str__(self) -> str:
        per_lang = ", ".join(f"{count} {lang}" for lang, count in sorted(self.articles.items()))
        return (
            f"search index: {sum(self.articles.values())} articles ({per_lang or 'none'}), "
            f"{self.parts_built + self.parts_reused} parts ({self.parts_built} indexed, "
            f"{self.parts_reused} from the cache, at most {self.largest_part} articles), "
            f"{self.files} files, {self.bytes_on_disk / 1e6:.1f} MB, {self.seconds:.1f} s"
        )


def plan_parts(articles: Iterable[IndexedArticle], max_part: int = MAX_PART) -> list[Part]:
    """The parts, by language, then year, then run: a year's articles in URL order, cut every
    ``max_part``, so that new articles (the latest month sorts last) change only the last run.

    >>> parts = plan_parts(
    ...     [IndexedArticle(f"articles/2025/0{m}/a/", "en", 2025, "k") for m in (3, 1, 2)]
    ...     + [IndexedArticle("articles/2024/05/b/", "ru", 2024, "k")],
    ...     max_part=2,
    ... )
    >>> [(part.label, part.urls) for part in parts]  # doctest: +NORMALIZE_WHITESPACE
    [('en/2025', ('articles/2025/01/a/', 'articles/2025/02/a/')),
     ('en/2025-2', ('articles/2025/03/a/',)), ('ru/2024', ('articles/2024/05/b/',))]
    """
    years: dict[tuple[str, int], list[IndexedArticle]] = defaultdict(list)
    for article in articles:
        years[article.lang, article.year].append(article)
    parts = []
    for (lang, year), members in sorted(years.items()):
        members.sort(key=lambda article: article.url)
        for start in range(0, len(members), max_part):
            run = members[start : start + max_part]
            name = str(year) if start == 0 else f"{year}-{start // max_part + 1}"
            parts.append(Part(lang, name, tuple(a.url for a in run), part_key(lang, run)))
    return parts


def part_key(lang: str, members: list[IndexedArticle]) -> str:
    """The address of a part's bundles in the cache: a hash of everything they are made of."""
    return cache_key(lang, [[a.url, a.key] for a in members])


def cache_key(lang: str, contents: object) -> str:
    """A hash of the indexer, its settings for ``lang``, and ``contents`` (JSON)."""
    made_of = [INDEXER_VERSION, index_config(lang), INDEX_CHUNK_SIZE, contents]
    return hashlib.sha256(json.dumps(made_of).encode()).hexdigest()


def index_config(lang: str) -> IndexConfig:
    """Pagefind's settings for a bundle of ``lang``."""
    # One language per bundle: a variant (``en-GB``) must not split it in two.
    return IndexConfig(force_language=lang, exclude_selectors=[EXCLUDED])


class SearchIndexer:
    """Builds the search index part by part while the site is built, reusing unchanged parts.

    It is told every article up front, so it knows the parts and which of them the cache holds;
    the caller then hands it the page of each article whose part is ``wanted``. A part is
    indexed as soon as its last page arrives, in a process of its own running Pagefind, so that
    the build goes on rendering meanwhile and shares no interpreter lock with the indexing.
    ``finish`` waits for the last part and places them all into the site; ``close`` stops the
    process.
    """

    def __init__(
        self, articles: Iterable[IndexedArticle], cache_dir: Path, max_part: int = MAX_PART
    ) -> None:
        self._started = time.time()
        self._clock = time.perf_counter()
        self._cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)
        self._parts = plan_parts(articles, max_part)
        self._part_of = {url: part for part in self._parts for url in part.urls}
        # The pages handed over so far of each part to build, by part key.
        self._pages: dict[str, dict[str, str | Path]] = {}
        for part in self._parts:
            if (cache_dir / part.key).is_dir():
                # Fresh, so that another build pruning the cache meanwhile keeps it.
                os.utime(cache_dir / part.key)
            else:
                self._pages[part.key] = {}
        self._reused = len(self._parts) - len(self._pages)
        self._indexing: dict[str, Future[None]] = {}
        self._pool: ProcessPoolExecutor | None = None  # started by the first part to index
        self._closed = False

    def wanted(self, url: str) -> bool:
        """Whether the page at ``url`` must be handed over: its part is not in the cache."""
        part = self._part_of.get(url)
        return part is not None and part.key in self._pages

    def add(self, url: str, page: str | Path) -> None:
        """Take the finished page of an article, as its HTML or as the file holding it for good;
        its part is indexed when it has all its pages.

        Pages that are not ``wanted`` are ignored. Files are read by the indexing process: a
        part of files holds no page in memory, so it never waits for room.
        """
        if not self.wanted(url):
            return
        part = self._part_of[url]
        if isinstance(page, str) and ARTICLE_BODY.search(page) is None:  # name it while we can
            raise SearchIndexError(_no_body(part, url))
        pages = self._pages[part.key]
        pages[url] = page
        if len(pages) == len(part.urls):
            del self._pages[part.key]
            self._indexing[part.key] = self._submit(
                build_article_part, part, pages, self._cache_dir
            )
            if any(isinstance(held, str) for held in pages.values()):
                self._wait_for_room()

    def finish(self, site_dir: Path, placed: dict[str, Placed] | None = None) -> SearchIndexStats:
        """Wait for the last parts, replace ``site_dir/pagefind/`` with every part's bundles and
        the manifest, and remove from the cache what this build did not use.

        With ``placed``, what an earlier call placed in this same site (``mkdocs serve``), only
        the parts that changed are placed again; ``placed`` is brought up to date.
        """
        try:
            if self._closed:
                raise CancelledError("the search index was closed before it was finished")
            self._check_all_pages_added()
            for future in self._indexing.values():
                future.result()
            if self._closed:
                raise CancelledError("the search index was closed before it was finished")
            vocabularies = [
                self._vocabulary(lang, parts)
                for lang, parts in by_language(self._parts).items()
                if len(parts) > 1
            ]
        finally:
            self.close()
        output = site_dir / BUNDLE_DIR
        if placed is None:
            placed = {}
        if not placed or not output.is_dir():
            shutil.rmtree(output, ignore_errors=True)
            placed.clear()
        output.mkdir(parents=True, exist_ok=True)
        wanted = {
            f"{part.lang}/{part.name}": (part, (part.key, index == 0))
            for parts in by_language(self._parts).values()
            for index, part in enumerate(parts)
        }
        wanted.update((f"{v.lang}/{v.name}", (v, (v.key, False))) for v in vocabularies)
        for folder in placed.keys() - wanted.keys():
            shutil.rmtree(output / folder, ignore_errors=True)
            del placed[folder]
        for folder, (part, (key, runtime)) in wanted.items():
            if placed.get(folder) != (key, runtime):
                shutil.rmtree(output / folder, ignore_errors=True)
                place_part(self._cache_dir / key, output, part, runtime=runtime)
                placed[folder] = (key, runtime)
        (output / MANIFEST).write_text(json.dumps(manifest(self._parts), sort_keys=True))
        self._prune_cache(self._parts + vocabularies)
        return self._stats(output)

    def close(self, wait: bool = True) -> None:
        """Stop indexing: queued parts are dropped, and the part being indexed ends, waited for
        unless ``wait`` is false (its cache entry is complete either way)."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)

    def _submit(self, index: Callable[..., None], *args: object) -> Future[None]:
        """Index in the indexing process, started now if this is the first part: a build that
        reuses every part starts no process."""
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=get_context("spawn"), initializer=_exit_with_parent
            )
        return self._pool.submit(index, *args)

    def _vocabulary(self, lang: str, parts: list[Part]) -> Part:
        """The vocabulary of a language's parts, from the cache or built now: a part of its own,
        whose pages are the parts' word lists, filed under a hash of them."""
        words = {part.name: self._words(part) for part in parts}
        hashes = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in words.items()}
        vocabulary = Part(lang, VOCABULARY, tuple(words), cache_key(lang, [VOCABULARY, hashes]))
        if (self._cache_dir / vocabulary.key).is_dir():
            os.utime(self._cache_dir / vocabulary.key)
        else:
            pages = {name: vocabulary_page(text, name, lang) for name, text in words.items()}
            try:
                indexing = self._submit(build_part, vocabulary, pages, self._cache_dir)
            except RuntimeError as error:  # closed meanwhile
                raise CancelledError(str(error)) from error
            indexing.result()
        return vocabulary

    def _words(self, part: Part) -> str:
        path = self._cache_dir / part.key / f"{FULL_TEXT}{WORDS_SUFFIX}"
        return path.read_text(encoding="utf-8")

    def _wait_for_room(self) -> None:
        queued = [future for future in self._indexing.values() if not future.done()]
        wait(queued[: -MAX_QUEUED - 1])

    def _check_all_pages_added(self) -> None:
        for part in self._parts:
            if part.key not in self._pages:
                continue
            missing = [url for url in part.urls if url not in self._pages[part.key]]
            raise SearchIndexError(
                f"search index part {part.label}: {len(missing)} of its pages never came, "
                f"the first {missing[0]}"
            )

    def _prune_cache(self, used_parts: list[Part]) -> None:
        """Remove the entries this build did not use, if older than the build: a concurrent
        build may be using newer ones."""
        used = {part.key for part in used_parts}
        for entry in self._cache_dir.iterdir():
            if entry.name not in used and entry.stat().st_mtime < self._started:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink()

    def _stats(self, output: Path) -> SearchIndexStats:
        files = [path for path in output.rglob("*") if path.is_file()]
        return SearchIndexStats(
            articles={lang: entry["articles"] for lang, entry in manifest(self._parts).items()},
            parts_built=len(self._indexing),
            parts_reused=self._reused,
            largest_part=max((len(part.urls) for part in self._parts), default=0),
            files=len(files),
            bytes_on_disk=sum(path.stat().st_size for path in files),
            seconds=time.perf_counter() - self._clock,
        )


def by_language(parts: list[Part]) -> dict[str, list[Part]]:
    languages: dict[str, list[Part]] = defaultdict(list)
    for part in parts:
        languages[part.lang].append(part)
    return languages


class LanguageManifest(TypedDict):
    """One language's entry in ``pagefind/parts.json``, as the search scripts read it."""

    articles: int
    parts: list[str]
    words: bool


def manifest(parts: list[Part]) -> dict[str, LanguageManifest]:
    """Per language, the number of articles, the parts' names in order, and whether it has a
    vocabulary (it has when it has several parts).

    >>> manifest([Part("en", "2024", ("a/", "b/"), "k1"), Part("en", "2025", ("c/",), "k2")])
    {'en': {'articles': 3, 'parts': ['2024', '2025'], 'words': True}}
    """
    return {
        lang: {
            "articles": sum(len(part.urls) for part in own),
            "parts": [part.name for part in own],
            "words": len(own) > 1,
        }
        for lang, own in by_language(parts).items()
    }


def bundle_page(html: str, url: str, part: Part) -> str:
    """The small page Pagefind indexes for an article: the article element alone, not the
    whole page, so that Pagefind parses a fraction of it."""
    body = article_body(html)
    if body is None:
        raise SearchIndexError(_no_body(part, url))
    return full_text_page(body, part.lang)


def _no_body(part: Part, url: str) -> str:
    return f"search index part {part.label}: {url} has no data-pagefind-body element"


def article_body(html: str) -> str | None:
    """The page's ``data-pagefind-body`` element (the article template has one), tags
    included; ``None`` on a page without one.

    Its end is found by counting the openings and closings of its tag name after it; an element
    left open runs to the end of the page.

    >>> article_body('<nav>Menu</nav><div class="a" data-pagefind-body><div>b</div>c</div><p>d')
    '<div class="a" data-pagefind-body><div>b</div>c</div>'
    """
    start = ARTICLE_BODY.search(html)
    if start is None:
        return None
    depth = 1
    for tag in _tag_pattern(start.group(1).lower()).finditer(html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.start() : tag.end()]
    return html[start.start() :]


@functools.cache
def _tag_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){name}(?=[\s>/])[^<>]*>", re.IGNORECASE)


def full_text_page(body: str, lang: str) -> str:
    """A page holding the article element, with its authors before the title and its lead
    weighted, and its sort keys again as metadata.

    >>> page = full_text_page('<div data-pagefind-body><time data-pagefind-sort="date:2025-06'
    ...                       '-05T09:36">5 June</time></div>', "en")
    >>> page.endswith('</div><span data-pagefind-meta="sort_date:2025-06-05T09:36"></span></body>'
    ...               "</html>")
    True
    >>> page = full_text_page('<div data-pagefind-body><h1>T</h1><p data-pagefind-meta="authors:'
    ...                       'A &amp; B"></p><p class="lead">Lead.</p></div>', "en")
    >>> '<p data-pagefind-weight="7">A &amp; B</p><h1>T</h1>' in page
    True
    >>> '<p class="lead" data-pagefind-weight="2">Lead.</p>' in page
    True
    """
    sort_meta = "".join(
        f'<span data-pagefind-meta="{SORT_META_PREFIX}{key}:{value}"></span>'
        for key, value in SORT_ATTRIBUTE.findall(body)
    )
    authors = dict(META_ATTRIBUTE.findall(body)).get("authors")
    if authors:
        byline = f'<p data-pagefind-weight="{AUTHORS_WEIGHT}">{authors}</p>'
        body = TITLE_START.sub(lambda title: byline + title[0], body, count=1)
    body = body.replace(LEAD, f'{LEAD[:-1]} data-pagefind-weight="{LEAD_WEIGHT}">', 1)
    return f'<!doctype html><html lang="{lang}"><body>{body}{sort_meta}</body></html>'


def vocabulary_page(words: str, part: str, lang: str) -> str:
    """The vocabulary's page for ``part``: its words, and its name as a filter.

    >>> vocabulary_page("amber quay", "2025", "en")  # doctest: +ELLIPSIS
    '...<main data-pagefind-body data-pagefind-filter="words_of:2025">amber quay</main>...'
    """
    return (
        f'<!doctype html><html lang="{lang}"><body><main data-pagefind-body '
        f'data-pagefind-filter="{VOCABULARY_FILTER}:{part}">{escape(words)}</main>'
        "</body></html>"
    )


def bundle_words(bundle: Path) -> str:
    """Every word a bundle's pages can be found by, one a line: the words of their text and
    metadata as Pagefind stored them in its fragments, which it splits into words as before."""
    words: set[str] = set()
    for path in bundle.glob("fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        words.update(fragment["content"].split())
        for value in fragment["meta"].values():
            words.update(value.split())
    return "\n".join(sorted(words))


def page_lang(html: str) -> str:
    """The primary language subtag of the page's ``<html lang>``, e.g. ``ru`` for ``ru-BY``.

    >>> page_lang('<html lang="ru-BY">'), page_lang("<html>")
    ('ru', 'en')
    """
    found = HTML_LANG.search(html, 0, 2000)
    return found.group(1).split("-")[0].lower() if found else DEFAULT_LANG


def page_year(html: str) -> int:
    """The year an article page is filed under (its ``year`` filter or date), 0 if none.

    >>> page_year('<time data-pagefind-sort="date:2024-12-31T22:00" '
    ...           'data-pagefind-filter="year:2025">'), page_year("<p>")
    (2025, 0)
    """
    found = YEAR_FILTER.search(html) or DATE_SORT.search(html)
    return int(found.group(1)) if found else 0


def _exit_with_parent() -> None:
    """The indexing process ends with the build that started it, even one killed outright
    (a stopped `mkdocs serve`), which leaves it no word to stop."""
    parent = parent_process()
    if parent is not None:
        threading.Thread(target=_exit_when_gone, args=(parent.sentinel,), daemon=True).start()


def _exit_when_gone(sentinel: int) -> None:
    connection.wait([sentinel])
    os._exit(1)


def build_article_part(part: Part, pages: dict[str, str | Path], cache_dir: Path) -> None:
    """``build_part`` of the article pages ``pages`` (by URL), as the site built them."""
    bundled = {
        url: bundle_page(page if isinstance(page, str) else page.read_text("utf-8"), url, part)
        for url, page in pages.items()
    }
    build_part(part, bundled, cache_dir)


def build_part(part: Part, pages: dict[str, str], cache_dir: Path) -> None:
    """Index ``part`` into its cache entry, written in full under a temporary name and then
    renamed, so that the cache never holds half a part."""
    entry = cache_dir / part.key
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{part.key[:16]}-", dir=cache_dir))
    try:
        asyncio.run(_write_bundles(part, pages, staging))
        _remove_unused_ui(staging / FULL_TEXT)
        words = bundle_words(staging / FULL_TEXT)
        (staging / f"{FULL_TEXT}{WORDS_SUFFIX}").write_text(words, "utf-8")
        try:
            staging.rename(entry)
        except OSError:
            if not entry.is_dir():  # else a concurrent build has just written the same part
                raise
    except Exception as error:
        raise SearchIndexError(f"search index part {part.label}: {error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


async def _write_bundles(part: Part, pages: dict[str, str], output: Path) -> None:
    """A part's bundle.

    Pages go in one by one, in URL order: the service parses one page at a time anyway, and
    sending them all at once would only fill the pipes.
    """
    service = await _Pagefind().launch()
    try:
        index = await service.create_index(index_config(part.lang))
        for url in part.urls:
            await index.add_html_file(content=pages[url], url=f"/{url}")
        await index.write_files(output_path=str(output / FULL_TEXT))
        await index.delete_index()
    finally:
        await service.close()


class _Pagefind(PagefindService):
    """Pagefind's indexing service (``pagefind --service``), with a reader of its answers that
    keeps up and fails when the process does.

    The package's reader sleeps 0.1 s before each answer, which caps indexing at ten pages a
    second (over half an hour for 10,000 articles' two bundles), and leaves every request
    waiting forever if the process ends.
    """

    # What the process said when it ended, if it has.
    _ended = ""

    async def launch(self) -> _Pagefind:
        """Start the service, with index files of ``INDEX_CHUNK_SIZE``."""
        self._backend = await asyncio.create_subprocess_exec(
            self._bin,
            "--service",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            limit=2**21,  # the longest answer, as the package has it
            env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)},
        )
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                message = await self._backend.stdout.readuntil(b",")
                self._answer(json.loads(base64.b64decode(message[:-1])))
        except Exception as error:  # the process ended, or said something unreadable
            said = getattr(error, "partial", b"").decode(errors="replace").strip()
            self._ended = f"Pagefind stopped: {said or error}"
            self._fail_waiting(self._ended)

    async def send(self, payload: InternalRequestPayload) -> InternalResponsePayload:
        """Send a request; to a process that has ended, fail with what it said last."""
        try:
            return await super().send(payload)
        except ConnectionError:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(self._poll_task), timeout=5)
            raise SearchIndexError(self._ended or "Pagefind stopped") from None

    def _answer(self, response: dict[str, Any]) -> None:
        payload = response["payload"]
        message_id = response.get("message_id")
        if message_id is None and payload.get("original_message"):
            message_id = json.loads(payload["original_message"]).get("message_id")
        future = None if message_id is None else self._responses.pop(message_id, None)
        if future is None or future.done():
            return
        if payload["type"] == "Error":
            future.set_exception(SearchIndexError(f"Pagefind: {payload['message']}"))
        else:
            future.set_result(payload)

    def _fail_waiting(self, message: str) -> None:
        for future in self._responses.values():
            if not future.done():
                future.set_exception(SearchIndexError(message))
                future.exception()  # seen: a request that failed to go out never awaits it
        self._responses.clear()

    async def close(self) -> None:
        """End the process; every answer is in by now (or will never come)."""
        self._poll_task.cancel()
        with contextlib.suppress(ProcessLookupError):
            self._backend.terminate()
        await self._backend.wait()


def _remove_unused_ui(bundle: Path) -> None:
    for pattern in UNUSED_UI:
        for path in bundle.glob(pattern):
            path.unlink()


def place_part(entry: Path, output: Path, part: Part, *, runtime: bool) -> None:
    """Link a part's bundle from its cache entry into ``output``; Pagefind's code goes only
    into a language's first part (``runtime``), which the browser loads it from."""
    source = entry / FULL_TEXT
    for path in sorted(source.rglob("*")):
        if path.is_file() and (runtime or not _is_runtime(path.name)):
            _link(path, output / part.lang / part.name / path.relative_to(source))


def _is_runtime(name: str) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in RUNTIME)


def _link(source: Path, target: Path) -> None:
    """Hard-link ``source`` at ``target`` (free on one file system), copying where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def index_site(
    site_dir: Path, cache_dir: Path | None = None, max_part: int = MAX_PART
) -> SearchIndexStats:
    """Replace ``site_dir/pagefind/`` with the index of the article pages found in
    ``site_dir``, reusing the parts ``cache_dir`` holds; without one, in a temporary cache
    inside the site (a hard link needs one file system), removed afterwards."""
    pages = dict(built_articles(site_dir))
    if cache_dir is not None:
        return _index_pages(site_dir, pages, cache_dir, max_part)
    with tempfile.TemporaryDirectory(prefix=".search-", dir=site_dir) as temporary:
        return _index_pages(site_dir, pages, Path(temporary), max_part)


def built_articles(site_dir: Path) -> Iterator[tuple[IndexedArticle, Path]]:
    """Every article page of a built site (a page with ``data-pagefind-body``), its key the
    hash of the page."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0].startswith("."):
            continue
        data = path.read_bytes()
        html = data.decode("utf-8")
        if ARTICLE_BODY.search(html):
            url = relative.as_posix().removesuffix("index.html")
            key = hashlib.sha256(data).hexdigest()
            yield IndexedArticle(url, page_lang(html), page_year(html), key), path


def _index_pages(
    site_dir: Path, pages: dict[IndexedArticle, Path], cache_dir: Path, max_part: int
) -> SearchIndexStats:
    indexer = SearchIndexer(pages, cache_dir, max_part)
    try:
        for article, path in pages.items():
            if indexer.wanted(article.url):
                indexer.add(article.url, path.read_text(encoding="utf-8"))
        return indexer.finish(site_dir)
    finally:
        indexer.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Index a built site's articles with Pagefind.")
    parser.add_argument("site_dir", type=Path, help="the built site (mkdocs build's site_dir)")
    parser.add_argument("--cache", type=Path, help="keep index parts here to reuse them")
    args = parser.parse_args(argv)
    if not args.site_dir.is_dir():
        parser.error(f"{args.site_dir} is not a directory; build the site first (mkdocs build).")
    print(index_site(args.site_dir, args.cache))


if __name__ == "__main__":
    main()
