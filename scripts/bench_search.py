"""Search benchmark: python scripts/bench_search.py --sizes 1000,10000.

For each size: a synthetic raw corpus (commentary_archive.corpus), converted by the real
converter and built with the project's mkdocs.yml under a sub-path (/REPO/, like a GitHub project
page), search off. The site is then indexed three times into one cache (``index_site`` in a
process of its own): cold, again with nothing changed, and again after one article page changed;
each prints its time, the parts indexed and reused, and the peak memory of the largest Pagefind
process (one part) and of Python. Then what a real browser (headless Chromium) transfers for
three queries typed into the header box: a first 1-2 word query (which loads Pagefind), a second
different one, and a full article title; then the same queries typed into the search page (full
text). Each response is counted as gzip-compressed, the way GitHub Pages serves it, and split by
kind. The same queries then go through Pagefind's Default UI over a Pagefind index at its defaults
of the same site (its CLI), for comparison. Work files go to bench-out/search/; the converted
articles are reused between runs.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import frontmatter
from bench_project import launch_chromium, project_around

from commentary_archive.corpus import converted_corpus

ROOT = Path(__file__).resolve().parents[1]
SUBPATH = "REPO"
TYPING_DELAY_MS = 100  # a quick typist; the header waits for a pause before searching
FIRST_QUERY, SECOND_QUERY = "drone factory", "pension"
DEFAULT_UI_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link href="pagefind-default/pagefind-ui.css" rel="stylesheet">
<script src="pagefind-default/pagefind-ui.js"></script></head><body><div id="search"></div>
<script>new PagefindUI({ element: "#search" });</script></body></html>"""
# Indexes a site in a process of its own, whose largest finished child is then a Pagefind.
MEASURED_INDEX = """
import json, resource, sys, time
from pathlib import Path
from commentary_archive.site.search import index_site
started = time.perf_counter()
stats = index_site(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({
    "stats": str(stats),
    "seconds": time.perf_counter() - started,
    "pagefind_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "python_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def site_for(articles: Path, work: Path, name: str) -> Path:
    """The project's site around ``articles``, built afresh for ``/REPO/`` into
    ``work/served-<name>/``, without its index."""
    site = work / f"served-{name}" / SUBPATH
    project = project_around(articles, work / f"project-{name}", search=False)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1/{SUBPATH}/"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"build of {project} failed:\n{done.stderr[-3000:]}")
    return site


def measured_index(site: Path, cache: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_INDEX, str(site), str(cache)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"indexing {site} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def change_one_article(site: Path, article: str) -> None:
    """One more word in an article's lead, as an edit would make."""
    page = site / article / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('<p class="lead">', '<p class="lead">Edited. ', 1), "utf-8")


def index_three_times(site: Path, work: Path, size: int, article: str) -> None:
    """Cold, warm with nothing changed, warm with one article changed: one cache."""
    cache = work / f"search-cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    for label in ("cold", "nothing changed", "one article changed"):
        if label == "one article changed":
            change_one_article(site, article)
        run = measured_index(site, cache)
        print(
            f"  indexing, {label}: {run['seconds']:.1f} s, Pagefind at most "
            f"{run['pagefind_mb']:.0f} MB, Python {run['python_mb']:.0f} MB ({run['stats']})",
            flush=True,
        )


def default_bundle(site: Path) -> None:
    """Pagefind at its defaults over the same pages, with its Default UI on a page of its own."""
    if not (site / "pagefind-default").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pagefind",
                "--site",
                str(site),
                "--output-subdir",
                "pagefind-default",
                "--quiet",
            ],
            check=True,
        )
    (site / "pagefind-default-ui.html").write_text(DEFAULT_UI_PAGE, encoding="utf-8")


def kind(url: str) -> str:
    """What a response is, for the breakdown."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if "/assets/search/" in url:
        return "our UI"
    for suffix, label in (
        (".pf_meta", "meta"),
        (".pf_index", "index"),
        (".pf_fragment", "fragments"),
        (".pf_filter", "filters"),
        (".pagefind", "wasm"),
    ):
        if name.endswith(suffix):
            return label
    if name.startswith("pagefind-ui") or name.startswith("pagefind-component-ui"):
        return "Default UI"
    if "/pagefind" in url:
        return "pagefind js/json"
    return "page"


class Transfers:
    """Bytes of every response a page receives, gzip-compressed as GitHub Pages would send them."""

    def __init__(self, page) -> None:
        self.by_kind: Counter[str] = Counter()
        page.on("response", self._count)

    def _count(self, response) -> None:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        self.by_kind[kind(response.url)] += min(len(body), len(gzip.compress(body)))

    def take(self, *, except_kinds: tuple[str, ...] = ("page",)) -> tuple[int, str]:
        """Total bytes since the last take, and their breakdown; then start afresh."""
        counted = {k: v for k, v in self.by_kind.items() if k not in except_kinds}
        self.by_kind.clear()
        breakdown = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(counted.items()))
        return sum(counted.values()), breakdown


def type_query(page, box: str, query: str) -> None:
    page.fill(box, "")
    page.type(box, query, delay=TYPING_DELAY_MS)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(700)


def measure(browser, url: str, box: str, queries: list[str], ready: str, setup=None) -> list[str]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    transfers = Transfers(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if setup:
        setup(page)
    lines = []
    ui_on_load = transfers.take()[0]
    for index, query in enumerate(queries):
        type_query(page, box, query)
        page.wait_for_selector(ready)
        total, breakdown = transfers.take()
        if index == 0:
            total += ui_on_load
            breakdown += f", UI on page load {ui_on_load / 1024:.0f}"
        lines.append(f"{total / 1024:6.0f} KB  {query!r} ({breakdown})")
    page.close()
    return lines


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request log on the benchmark's output."""


def bench(size: int, work: Path, browser) -> None:
    articles = converted_corpus(work, size, ROOT / "tags.yml")
    count = sum(1 for _ in articles.rglob("*.md"))
    site = site_for(articles, work, str(size))
    english = [p for p in sorted(articles.rglob("*.md")) if frontmatter.load(p)["lang"] == "en"]
    article = english[len(english) // 2]
    article_path = "articles/" + article.relative_to(articles).with_suffix("").as_posix()
    print(f"{size} articles ({count} published):", flush=True)
    index_three_times(site, work, size, article_path)
    files = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    print(
        f"  index: {sum(p.stat().st_size for p in files) / 1e6:.0f} MB on disk, "
        f"{len(files) / count:.2f} files per article",
        flush=True,
    )
    default_bundle(site)
    title = frontmatter.load(article)["title"]
    queries = [FIRST_QUERY, SECOND_QUERY, title]
    server, base = serve(site.parent)
    try:
        page_url = base + article_path + "/"
        print(f"  header box, typed at {TYPING_DELAY_MS} ms a key (gzip KB; by kind):")
        for line in measure(
            browser,
            page_url,
            "[data-archive-search] input",
            queries,
            "[data-archive-search] [role=option]",
        ):
            print("   ", line, flush=True)
        print("  search page (full text), typed into its box:")
        for line in measure(
            browser,
            base + "search/",
            ".archive-search-page__query",
            queries,
            ".archive-search-page__result",
        ):
            print("   ", line, flush=True)
        print("  Pagefind Default UI over Pagefind's default index:")
        for line in measure(
            browser,
            base + "pagefind-default-ui.html",
            ".pagefind-ui__search-input",
            queries,
            ".pagefind-ui__result",
        ):
            print("   ", line, flush=True)
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="article counts (1000,10000)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out" / "search")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for size in sorted(int(s) for s in args.sizes.split(",")):
            bench(size, args.work, browser)
        browser.close()


if __name__ == "__main__":
    main()
