"""The search index in parts: how articles are split, what the cache reuses and keeps, and the
browser searching every part of a language as one index."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from test_search import (
    HEADER_INPUT,
    HEADER_OPTIONS,
    RESULT_TITLES,
    SETTLED,
    WINTER_ROADS,
    indexed_urls,
    published_articles,
)

from commentary_archive.site.search import (
    IndexedArticle,
    SearchIndexer,
    SearchIndexError,
    built_articles,
    index_site,
    plan_parts,
)

MAX_PART = 2
# url: (lang, year, title, lead); in URL order, a long English 2025 is cut after two articles.
ARTICLES = {
    "articles/2024/03/spring/": ("en", 2024, "Spring", "Thaw on the river."),
    "articles/2025/01/winter/": ("en", 2025, "Winter", "Ice on the lake."),
    "articles/2025/02/ferries/": ("en", 2025, "Ferries", "Boats wait for spring."),
    "articles/2025/03/harbour/": ("en", 2025, "Harbour", "A brass telescope."),
    "articles/2025/04/vesna/": ("ru", 2025, "Весна", "Снег сошёл."),
}
PARTS = {
    "en": {"articles": 4, "parts": ["2024", "2025", "2025-2"], "words": True},
    "ru": {"articles": 1, "parts": ["2025"], "words": False},
}
CHANGED = "articles/2025/03/harbour/"
MORE = ".archive-search-page__more button"
WINTER_ROADS_URL = "/articles/2023/11/search-zimnie-dorogi-polesya/"
PARDONS = "Помилования без свободы"
PARDONS_URL = "/articles/2025/07/pomilovaniia-bez-svobody/"
AN_HOUR = 3600


def article_page(lang: str, year: int, title: str, lead: str) -> str:
    """An article page in the shape the templates give it (see partials/article.html)."""
    return (
        f'<!doctype html><html lang="{lang}"><body><nav>Home Tags</nav>'
        f'<div class="ca-article" data-pagefind-body><h1>{title}</h1><p data-pagefind-ignore>'
        f'<time data-pagefind-sort="date:{year}-06-05T09:36" data-pagefind-filter="year:{year}">'
        f'5 June {year}</time></p><p class="lead">{lead}</p><div class="note"><p>Boxed.</p></div>'
        "<p>After the box.</p></div><footer>Footer words.</footer></body></html>"
    )


def write_page(site: Path, url: str, html: str) -> None:
    path = site / url / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for url, (lang, year, title, lead) in ARTICLES.items():
        write_page(site, url, article_page(lang, year, title, lead))
    write_page(site, "", '<html lang="en"><body><h1>Home</h1><p>Ice.</p></body></html>')
    return site


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def indexed_text(folder: Path) -> str:
    """The text of every page the bundles in ``folder`` hold."""
    fragments = folder.rglob("*.pf_fragment")
    data = (gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd") for f in fragments)
    return " ".join(json.loads(fragment)["content"] for fragment in data)


def change_lead(site: Path, url: str, lead: str) -> None:
    lang, year, title, _ = ARTICLES[url]
    write_page(site, url, article_page(lang, year, title, lead))


def bundles_changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The bundles (``<lang>/<part>``) or top files in which a file was added, removed or
    changed."""
    names = set(before) ^ set(after) | {
        n for n in set(before) & set(after) if before[n] != after[n]
    }
    return {"/".join(name.split("/")[:2]) for name in names}


def used_keys(site: Path) -> set[str]:
    return {part.key for part in plan_parts(dict(built_articles(site)), MAX_PART)}


# Parts


def test_parts_follow_language_and_year_and_a_long_year_is_cut_in_url_order(site, cache):
    stats = index_site(site, cache, max_part=MAX_PART)

    assert json.loads((site / "pagefind" / "parts.json").read_text()) == PARTS
    full = site / "pagefind" / "en"
    expected = {
        "2024": {"/articles/2024/03/spring/"},
        "2025": {"/articles/2025/01/winter/", "/articles/2025/02/ferries/"},
        "2025-2": {"/articles/2025/03/harbour/"},
    }
    assert {part: indexed_urls(full / part) for part in expected} == expected
    assert indexed_urls(site / "pagefind" / "ru") == {"/articles/2025/04/vesna/"}
    assert (stats.parts_built, stats.parts_reused, stats.largest_part) == (4, 0, 2)
    assert stats.articles == {"en": 4, "ru": 1}


def test_the_manifest_lists_exactly_the_parts_and_the_first_holds_pagefind(site, cache):
    index_site(site, cache, max_part=MAX_PART)

    output = site / "pagefind"
    for lang, entry in json.loads((output / "parts.json").read_text()).items():
        vocabulary = ["words"] if entry["words"] else []
        folder = output / lang
        assert sorted(part.name for part in folder.iterdir()) == entry["parts"] + vocabulary
        with_code = [part for part in entry["parts"] if (folder / part / "pagefind.js").exists()]
        assert with_code == entry["parts"][:1]
    assert sorted(path.name for path in output.iterdir()) == ["en", "parts.json", "ru"]


def test_the_vocabulary_has_a_page_of_words_for_each_part(site, cache):
    index_site(site, cache, max_part=MAX_PART)

    vocabulary = site / "pagefind" / "en" / "words"
    assert indexed_urls(vocabulary) == {"/2024", "/2025", "/2025-2"}
    assert {"Thaw", "telescope.", "Boxed."} <= set(indexed_text(vocabulary).split())
    filters = [gzip.decompress(path.read_bytes()) for path in vocabulary.glob("filter/*")]
    assert [b"words_of" in data for data in filters] == [True]


def test_the_whole_article_element_is_indexed_and_nothing_around_it(site, cache):
    index_site(site, cache, max_part=MAX_PART)

    text = indexed_text(site / "pagefind" / "en")
    assert "Ice on the lake. Boxed. After the box." in text
    assert "Home Tags" not in text
    assert "Footer words" not in text


# The cache


def test_a_second_run_reuses_every_part_and_writes_the_same_bytes(site, cache):
    index_site(site, cache, max_part=MAX_PART)
    first = files_of(site / "pagefind")

    stats = index_site(site, cache, max_part=MAX_PART)

    assert (stats.parts_built, stats.parts_reused) == (0, 4)
    assert files_of(site / "pagefind") == first


def test_a_changed_article_rebuilds_the_bundle_of_its_part_and_nothing_else(site, cache):
    index_site(site, cache, max_part=MAX_PART)
    before = files_of(site / "pagefind")
    change_lead(site, CHANGED, "A copper sextant.")
    pages = dict(built_articles(site))
    indexer = SearchIndexer(pages, cache, MAX_PART)

    wanted = [article.url for article in pages if indexer.wanted(article.url)]
    for article, path in pages.items():
        if indexer.wanted(article.url):
            indexer.add(article.url, path.read_text(encoding="utf-8"))
    stats = indexer.finish(site)

    assert wanted == [CHANGED]
    assert (stats.parts_built, stats.parts_reused) == (1, 3)
    after = files_of(site / "pagefind")
    # The part's words changed, and so did the vocabulary's page of them.
    assert bundles_changed(before, after) == {"en/2025-2", "en/words"}
    assert "copper sextant" in indexed_text(site / "pagefind" / "en" / "2025-2")
    assert "brass telescope" not in indexed_text(site / "pagefind" / "en" / "2025-2")


def index_again(site: Path, cache: Path, placed: dict) -> None:
    """What `mkdocs serve` does after an edit: index the wanted pages, place what changed."""
    pages = dict(built_articles(site))
    indexer = SearchIndexer(pages, cache, MAX_PART)
    for article, path in pages.items():
        if indexer.wanted(article.url):
            indexer.add(article.url, path.read_text(encoding="utf-8"))
    indexer.finish(site, placed)


def test_serve_places_only_the_parts_that_changed_and_ends_as_a_full_placement(
    site, cache, tmp_path
):
    placed: dict = {}
    index_again(site, cache, placed)
    # A mark in every part's folder: a folder placed again loses it.
    for folder in (site / "pagefind").glob("*/*"):
        (folder / "mark").touch()
    change_lead(site, CHANGED, "A copper sextant.")

    index_again(site, cache, placed)

    unmarked = {
        folder.relative_to(site / "pagefind").as_posix()
        for folder in (site / "pagefind").glob("*/*")
        if not (folder / "mark").exists()
    }
    assert unmarked == {"en/2025-2", "en/words"}
    for mark in (site / "pagefind").glob("*/*/mark"):
        mark.unlink()
    full = tmp_path / "full"
    shutil.copytree(site, full, ignore=shutil.ignore_patterns("pagefind"))
    index_site(full, cache, max_part=MAX_PART)
    assert files_of(site / "pagefind") == files_of(full / "pagefind")


def test_the_cache_keeps_the_parts_in_use_and_what_is_newer_than_the_build(site, cache):
    index_site(site, cache, max_part=MAX_PART)
    an_hour_ago = time.time() - AN_HOUR
    for entry in cache.iterdir():
        os.utime(entry, (an_hour_ago, an_hour_ago))  # as if the first build were an hour ago
    newer = cache / "written-by-a-build-running-now"
    newer.mkdir()
    os.utime(newer, (time.time() + AN_HOUR, time.time() + AN_HOUR))
    change_lead(site, CHANGED, "A copper sextant.")

    index_site(site, cache, max_part=MAX_PART)

    entries = {entry.name for entry in cache.iterdir()}
    assert entries >= used_keys(site) | {newer.name}
    (vocabulary,) = entries - used_keys(site) - {newer.name}
    assert indexed_urls(cache / vocabulary / "full") == {"/2024", "/2025", "/2025-2"}


def test_without_a_cache_the_temporary_one_is_removed(site):
    stats = index_site(site, max_part=MAX_PART)

    assert (stats.parts_built, stats.parts_reused) == (4, 0)
    assert [path.name for path in site.iterdir() if path.name.startswith(".")] == []


# Failures name the part


def test_a_pagefind_failure_names_the_part_and_leaves_no_entry(site, cache, tmp_path, monkeypatch):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'out of memory'\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))

    with pytest.raises(
        SearchIndexError, match=r"^search index part en/2024: Pagefind stopped: out of memory$"
    ):
        index_site(site, cache, max_part=MAX_PART)

    assert list(cache.iterdir()) == []


def test_a_part_whose_pages_did_not_all_come_is_an_error_naming_it(site, cache):
    articles = [
        IndexedArticle("articles/2025/01/winter/", "en", 2025, "1"),
        IndexedArticle("articles/2025/02/ferries/", "en", 2025, "2"),
    ]
    indexer = SearchIndexer(articles, cache, MAX_PART)
    try:
        indexer.add("articles/2025/01/winter/", article_page("en", 2025, "Winter", "Ice."))

        with pytest.raises(
            SearchIndexError, match="part en/2025: 1 of its pages never came, the first articles/"
        ):
            indexer.finish(site)
    finally:
        indexer.close()


def test_a_page_without_the_article_element_is_an_error_naming_the_part(cache):
    articles = [IndexedArticle("articles/2025/01/winter/", "en", 2025, "1")]
    indexer = SearchIndexer(articles, cache, MAX_PART)
    try:
        with pytest.raises(SearchIndexError, match="part en/2025: articles/2025/01/winter/ has no"):
            indexer.add("articles/2025/01/winter/", "<html><body><p>Ice.</p></body></html>")
    finally:
        indexer.close()


# In the browser: every part of a language searched as one index


@pytest.fixture(scope="module")
def parted_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site with each English article twice (again at ``<url>-again/``), indexed in
    parts of four articles at most: two parts or more per language, over a page of results."""
    site = tmp_path_factory.mktemp("parted") / built_site.name
    shutil.copytree(built_site, site)
    for url, post in published_articles().items():
        if post["lang"] != "en":
            continue
        page = site / url.strip("/") / "index.html"
        write_page(site, url.strip("/") + "-again", page.read_text(encoding="utf-8"))
    index_site(site, site.parent / "cache", max_part=4)
    return site


def english_articles() -> dict[str, frontmatter.Post]:
    """The test site's English articles and their copies, by URL: their front matter."""
    posts = {url: post for url, post in published_articles().items() if post["lang"] == "en"}
    return {**posts, **{url.rstrip("/") + "-again/": post for url, post in posts.items()}}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def parted_url(parted_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(parted_site.parent))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{parted_site.name}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def parted_page(browser) -> Iterator[tuple[object, list[str]]]:
    """A page of its own and the console errors it records (the suite's ``page`` serves the
    site indexed whole)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


def every_result(page) -> list[str]:
    """The paths of all results of the search shown, "Show more" pressed until none is left."""
    page.locator(SETTLED).wait_for()
    while page.locator(MORE).count():
        shown = page.locator(RESULT_TITLES).count()
        page.click(MORE)
        page.locator(f"{RESULT_TITLES} >> nth={shown}").wait_for()
    return page.eval_on_selector_all(f"{RESULT_TITLES} a", "links => links.map(a => a.pathname)")


def test_the_parted_site_has_two_parts_or_more_per_language(parted_site):
    languages = json.loads((parted_site / "pagefind" / "parts.json").read_text())
    assert {lang: len(entry["parts"]) >= 2 for lang, entry in languages.items()} == {
        "en": True,
        "ru": True,
    }


@pytest.mark.browser
def test_one_query_finds_the_articles_of_every_part_and_counts_filters_over_all(
    parted_site, parted_url, parted_page
):
    page, errors = parted_page
    articles = english_articles()

    page.goto(parted_url + "search/?q=the")
    urls = [url.removeprefix(f"/{parted_site.name}") for url in every_result(page)]

    assert sorted(urls) == sorted(articles)
    assert page.inner_text(".archive-search-page__status") == f"{len(articles)} articles"
    for part in json.loads((parted_site / "pagefind" / "parts.json").read_text())["en"]["parts"]:
        assert indexed_urls(parted_site / "pagefind" / "en" / part) & set(urls)
    years = page.eval_on_selector_all(
        "input[data-facet=year]",
        "boxes => boxes.map(box => [box.dataset.value, box.parentElement.lastChild.textContent])",
    )
    expected = Counter(str(post["date"].year) for post in articles.values())
    assert {year: int(count) for year, count in years} == expected
    assert errors == []


@pytest.mark.browser
@pytest.mark.parametrize(("sort", "newest_first"), [("newest", True), ("oldest", False)])
def test_sorting_by_date_orders_the_results_of_every_part_as_one_list(
    parted_site, parted_url, parted_page, sort, newest_first
):
    page, errors = parted_page
    articles = english_articles()

    page.goto(parted_url + f"search/?q=the&sort={sort}")
    urls = [url.removeprefix(f"/{parted_site.name}") for url in every_result(page)]

    dates = [articles[url]["date"] for url in urls]
    assert sorted(urls) == sorted(articles)
    assert dates == sorted(dates, reverse=newest_first)
    assert errors == []


@pytest.mark.browser
def test_a_word_some_parts_lack_matches_no_prefix_of_it_there(parted_site, parted_url, parted_page):
    page, errors = parted_page
    ru_parts = json.loads((parted_site / "pagefind" / "parts.json").read_text())["ru"]["parts"]
    assert len(ru_parts) >= 2

    page.goto(parted_url + "search/?q=снегоуборочных")
    urls = [url.removeprefix(f"/{parted_site.name}") for url in every_result(page)]

    assert urls == [WINTER_ROADS_URL]
    assert errors == []


@pytest.mark.browser
def test_the_header_box_finds_articles_in_the_first_part_and_a_later_one(
    parted_site, parted_url, parted_page
):
    page, errors = parted_page
    bundles = parted_site / "pagefind" / "ru"
    first, *later = json.loads((parted_site / "pagefind" / "parts.json").read_text())["ru"]["parts"]
    assert WINTER_ROADS_URL in indexed_urls(bundles / first)
    assert PARDONS_URL in indexed_urls(bundles / later[-1])

    for word, title in (("снегоуборочные", WINTER_ROADS), ("помилования", PARDONS)):
        page.goto(parted_url)
        page.fill(HEADER_INPUT, word)
        assert page.locator(HEADER_OPTIONS).first.locator("h1").inner_text() == title
    assert errors == []


BUILD_KILLED_OUTRIGHT = """
import sys, time
from pathlib import Path
from commentary_archive.site.search import SearchIndexer, built_articles

if __name__ == "__main__":
    pages = dict(built_articles(Path(sys.argv[1])))
    indexer = SearchIndexer(pages, Path(sys.argv[2]), 2)
    for article, path in pages.items():
        indexer.add(article.url, path)
    print("indexing", flush=True)
    time.sleep(600)
"""


def children_of(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_the_indexing_process_ends_with_a_build_killed_outright(site, cache, tmp_path):
    script = tmp_path / "build.py"
    script.write_text(BUILD_KILLED_OUTRIGHT, encoding="utf-8")
    build = subprocess.Popen(
        [sys.executable, str(script), str(site), str(cache)], stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None and build.stdout.readline() == "indexing\n"
    workers = children_of(build.pid)
    assert workers  # the indexing process, started by the first part

    build.kill()
    build.wait()

    deadline = time.monotonic() + 30
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if running(pid)]


def running(pid: int) -> bool:
    """Whether the process is alive (a zombie has ended, waiting to be reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
