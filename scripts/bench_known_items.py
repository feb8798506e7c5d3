"""Known-item search benchmark: python scripts/bench_known_items.py --sizes 10000.

A reader remembers a few words of an article, rarely its title. For each size, the synthetic
archive (commentary_archive.corpus, converted as bench_search.py converts it) plus the project's
sample articles is built under /REPO/ and indexed cold (its time printed); then queries are drawn
with a fixed seed, in four kinds, each identifying one article:

- title: 2-3 consecutive words of its title that no other title holds all of;
- phrase: 2-3 consecutive words of one sentence of its body, found in no other article's body;
- author: an author's surname with the fewest words of the title (one, else two) that no other
  article of an author of that surname has in its title;
- russian: a Russian body phrase, unique as above, with its nouns, adjectives and verbs put in
  another grammatical form (``граница`` as ``границей``, ``новый`` as ``нового``).

Every query is entered at once (pasted, not typed) into the header box of an article page and
into the search page's box, in a real browser (headless Chromium). For each kind and each, it
prints success@3 (the article among the first three results) and the bytes the query transferred,
gzip-compressed as GitHub Pages serves them: the first query of a page (Pagefind's code and our
UI included), then the median and 95th percentile of the others. Work files go to
bench-out/search/ beside bench_search.py's; ``--reuse`` keeps a site built before.
"""

# ruff: noqa: RUF001 (Cyrillic words, not look-alike Latin letters)

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import frontmatter
from bench_project import launch_chromium
from bench_search import SUBPATH, Transfers, serve, site_for

from commentary_archive.corpus import converted_corpus
from commentary_archive.site.search import index_site

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "docs" / "articles"
SEED = 20251129
PER_KIND = 80
KINDS = ("title", "phrase", "author", "russian")
HEADER_INPUT = "[data-archive-search] input"
HEADER_SETTLED = "[data-archive-search] [role=listbox][aria-busy=false]"
HEADER_LINKS = "[data-archive-search] [role=option]:not(.archive-search__all) a"
PAGE_INPUT = ".archive-search-page__query"
PAGE_SETTLED = ".archive-search-page__results[aria-busy=false]"
PAGE_LINKS = ".archive-search-page__result h2 a"
# A word as a reader types it: "Ukraine's" whole.
WORD = re.compile(r"\w+(?:['’]\w+)*")
SENTENCE_END = re.compile(r"[.!?;:]+\s")
# Another grammatical form of a Russian word, by its ending: instrumental of feminine nouns,
# genitive of the others and of adjectives, feminine past of verbs. (Cyrillic throughout.)
RUSSIAN_FORMS = {
    "ение": "ения",
    "ание": "ания",
    "ый": "ого",
    "ий": "его",
    "ок": "ка",
    "ша": "шей",
    "ца": "цей",
    "а": "ой",
    "я": "ей",
    "ал": "ала",
    "ил": "ила",
}
# Prepositions and adverbs do not change.
RUSSIAN_INVARIABLE = {"между", "после", "перед", "никогда", "всегда", "снова"}
RUSSIAN_NOUN_ENDINGS = "бвгдзклмнпрстфхцчшщ"


@dataclass(frozen=True)
class Article:
    url: str  # below the site root: "articles/2025/06/x/"
    lang: str
    title: tuple[str, ...]  # words, lower case
    surnames: frozenset[str]
    sentences: tuple[tuple[str, ...], ...]  # the body's, in words


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    url: str


def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text.lower()))


def read_articles(folder: Path) -> list[Article]:
    articles = []
    for path in sorted(folder.rglob("*.md")):
        post = frontmatter.load(path)
        if post.get("draft"):
            continue
        # The body without the lead (marked on the line after it) and the subheadings.
        lines = [line for line in post.content.splitlines() if line and not line.startswith("#")]
        if "{: .lead }" in lines:
            lines = lines[lines.index("{: .lead }") + 1 :]
        text = " ".join(lines) + " "
        articles.append(
            Article(
                url="articles/" + path.relative_to(folder).with_suffix("").as_posix() + "/",
                lang=post.get("lang", "en"),
                title=words(post["title"]),
                surnames=frozenset(words(name)[-1] for name in post.get("authors") or []),
                sentences=tuple(filter(None, map(words, SENTENCE_END.split(text)))),
            )
        )
    return articles


def articles_with_samples(work: Path, size: int) -> Path:
    """The converted synthetic archive and the sample articles, linked into one folder."""
    synthetic = converted_corpus(work, size, ROOT / "tags.yml")
    folder = work / f"known-articles-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    for source in (synthetic, SAMPLES):
        for path in source.rglob("*.md"):
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(path.resolve())
    return folder


class Drawer:
    """Draws the queries of each kind, the sample articles' first, then synthetic ones."""

    def __init__(self, articles: list[Article], samples: set[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.articles = articles
        synthetic = [a for a in articles if a.url not in samples]
        self.rng.shuffle(synthetic)
        self.order = [a for a in articles if a.url in samples] + synthetic
        # Every body as one text per language, a phrase's occurrences counted in it.
        self.bodies = {
            lang: "\n".join(
                " ".join(" ".join(s) for s in a.sentences) for a in articles if a.lang == lang
            )
            for lang in {a.lang for a in articles}
        }
        self.titles_by_surname: dict[str, list[Article]] = defaultdict(list)
        for article in articles:
            for surname in article.surnames:
                self.titles_by_surname[surname].append(article)

    def draw(self, kind: str, count: int) -> list[Query]:
        make = getattr(self, f"_{kind}")
        queries = []
        for article in self.order:
            if kind == "russian" and article.lang != "ru":
                continue
            text = make(article)
            if text:
                queries.append(Query(kind, text, article.url))
            if len(queries) == count:
                break
        return queries

    def _title(self, article: Article) -> str | None:
        for length in (2, 3):
            if len(article.title) < length:
                return None
            start = self.rng.randrange(len(article.title) - length + 1)
            chosen = set(article.title[start : start + length])
            if not any(chosen <= set(a.title) for a in self.articles if a is not article):
                return " ".join(article.title[start : start + length])
        return None

    def _phrase(self, article: Article) -> str | None:
        return self._unique_phrase(article)

    def _unique_phrase(self, article: Article) -> str | None:
        sentences = [s for s in article.sentences if len(s) >= 3]
        if not sentences:
            return None
        sentence = self.rng.choice(sentences)
        for length in (2, 3):
            start = self.rng.randrange(len(sentence) - length + 1)
            phrase = " ".join(sentence[start : start + length])
            if (
                self.bodies[article.lang].count(f" {phrase} ")
                + self.bodies[article.lang].count(f"\n{phrase} ")
                == 1
                and f" {phrase} " in f" {' '.join(' '.join(s) for s in article.sentences)} "
            ):
                return phrase
        return None

    def _author(self, article: Article) -> str | None:
        if not article.surnames:
            return None
        surname = self.rng.choice(sorted(article.surnames))
        others = [a for a in self.titles_by_surname[surname] if a is not article]
        title = [w for w in dict.fromkeys(article.title) if w != surname]
        self.rng.shuffle(title)
        # Lists, not sets: a set's order changes from one run to the next (string hashing is
        # randomised), and the query is its words in order.
        for chosen in [[w] for w in title] + [
            [a, b] for i, a in enumerate(title) for b in title[i + 1 :]
        ]:
            if not any(set(chosen) <= set(a.title) for a in others):
                return " ".join([surname, *chosen])
        return None

    def _russian(self, article: Article) -> str | None:
        phrase = self._unique_phrase(article)
        if phrase is None:
            return None
        inflected = [inflect(word) for word in phrase.split()]
        return " ".join(inflected) if inflected != phrase.split() else None


def inflect(word: str) -> str:
    """``word`` in another grammatical form, where its ending says how; else as it is."""
    if len(word) < 4 or word in RUSSIAN_INVARIABLE or word.endswith("ся"):
        return word
    for ending, other in RUSSIAN_FORMS.items():
        if word.endswith(ending):
            return word[: -len(ending)] + other
    if word[-1] in RUSSIAN_NOUN_ENDINGS:
        return word + "а"
    return word


def run_queries(browser, url: str, box: str, settled: str, links: str, queries: list[Query]):
    """Each query entered into ``box`` on one page: (found in the first three, bytes)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    transfers = Transfers(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    on_load = transfers.take()[0]
    outcomes = []
    for index, query in enumerate(queries):
        page.fill(box, query.text)
        page.wait_for_selector(settled, state="attached", timeout=60_000)
        found = page.eval_on_selector_all(links, "links => links.map(a => a.pathname)")
        page.wait_for_load_state("networkidle")
        transferred = transfers.take()[0] + (on_load if index == 0 else 0)
        target = f"/{SUBPATH}/{query.url}"
        outcomes.append((target in found[:3], transferred))
    page.close()
    return outcomes


def report(label: str, queries: list[Query], outcomes: list[tuple[bool, int]]) -> None:
    print(f"  {label}:")
    for kind in KINDS:
        own = [
            found for query, (found, _) in zip(queries, outcomes, strict=True) if query.kind == kind
        ]
        print(f"    {kind:8} success@3 {sum(own) / len(own):6.1%} ({sum(own)}/{len(own)})")
    sizes = [size for _, size in outcomes]
    further = sorted(sizes[1:])
    p95 = further[min(len(further) - 1, int(0.95 * len(further)))]
    print(
        f"    bytes (gzip): first query {sizes[0] / 1024:.0f} KB, further queries median "
        f"{statistics.median(further) / 1024:.0f} KB, 95th percentile {p95 / 1024:.0f} KB, "
        f"largest {further[-1] / 1024:.0f} KB",
        flush=True,
    )
    misses = [q for q, (found, _) in zip(queries, outcomes, strict=True) if not found][:5]
    for query in misses:
        print(f"      missed ({query.kind}): {query.text!r} -> {query.url}")


def bench(size: int, work: Path, browser, reuse: bool) -> None:
    articles = articles_with_samples(work, size)
    site = work / f"served-known-{size}" / SUBPATH
    if reuse and (site / "index.html").is_file():
        # The pages are kept; the search code is what is measured, so it is taken afresh.
        shutil.copytree(
            ROOT / "overrides" / "assets" / "search", site / "assets" / "search", dirs_exist_ok=True
        )
    else:
        site = site_for(articles, work, f"known-{size}")
    cache = work / f"search-cache-known-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    started = time.perf_counter()
    stats = index_site(site, cache)
    print(f"{size} articles and the samples: indexed cold in {time.perf_counter() - started:.1f} s")
    print(f"  {stats}", flush=True)
    parsed = read_articles(articles)
    samples = {a.url for a in read_articles(SAMPLES)}
    drawer = Drawer(parsed, samples, SEED)
    queries = [query for kind in KINDS for query in drawer.draw(kind, PER_KIND)]
    (work / f"known-queries-{size}.json").write_text(
        json.dumps([q.__dict__ for q in queries], ensure_ascii=False, indent=1), "utf-8"
    )
    print(f"  {len(queries)} queries, with a fixed seed", flush=True)
    server, base = serve(site.parent)
    try:
        article_page = base + parsed[len(parsed) // 2].url
        header = run_queries(
            browser, article_page, HEADER_INPUT, HEADER_SETTLED, HEADER_LINKS, queries
        )
        report("header box", queries, header)
        page = run_queries(browser, base + "search/", PAGE_INPUT, PAGE_SETTLED, PAGE_LINKS, queries)
        report("search page", queries, page)
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000", help="article counts (10000)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out" / "search")
    parser.add_argument("--reuse", action="store_true", help="keep the site built before")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in sorted(int(s) for s in args.sizes.split(",")):
            bench(size, args.work, browser, args.reuse)
        browser.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
