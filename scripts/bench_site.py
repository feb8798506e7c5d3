"""Site build benchmark: python scripts/bench_site.py --sizes 1000,10000.

For each size: a synthetic raw corpus (commentary_archive.corpus), converted to Markdown by the
real converter, built with the project's mkdocs.yml (search included unless --no-search).
Prints build time, peak memory, page count, the largest HTML page and bytes on disk per
article, in all and by top-level folder (where to trim next); then t(largest)/t(smallest), the
stock configuration (plain Material, articles in the automatic nav) at the smallest size, and
how long a one-article edit takes to show in `mkdocs serve` at the largest size. Work files go
to bench-out/site/ and are reused between runs (delete the folder to start afresh).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from commentary_archive.corpus import converted_corpus

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8765/"}
STOCK_CONFIG = "site_name: Stock\ntheme:\n  name: material\n"
# Runs one build in a child of its own, so ru_maxrss is that build's peak alone.
MEASURED_BUILD = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "code": done.returncode,
                  "log": done.stderr[-3000:]}))
"""


def project_for(articles: Path, work: Path, name: str, stock: bool, search: bool = True) -> Path:
    """A project folder around ``articles``: ours (the real config) or stock Material."""
    project = work / name
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "articles").symlink_to(articles.resolve(), target_is_directory=True)
    if stock:
        (project / "docs" / "index.md").write_text("# Stock\n", encoding="utf-8")
        (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
        return project
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy2(page, project / "docs" / page.name)
    shutil.copy2(ROOT / "tags.yml", project / "tags.yml")
    (project / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    config = f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
    if not search:
        config += "plugins:\n  - commentary-archive:\n      search: false\n"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def build(project: Path) -> dict:
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", "site"]
    done = subprocess.run(
        [sys.executable, "-c", MEASURED_BUILD, *command],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    if result["code"] != 0:
        sys.exit(f"build of {project} failed:\n{result['log']}")
    return result


def site_sizes(site: Path, articles: int) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    total = sum(p.stat().st_size for p in files)
    search = sum(p.stat().st_size for p in files if "pagefind" in p.relative_to(site).parts)
    article_pages = [p for p in pages if p.relative_to(site).parts[0] == "articles"]
    folders: dict[str, int] = {}
    for path in files:
        parts = path.relative_to(site).parts
        folder = "/".join(parts[:2]) if parts[0] == "pagefind" else parts[0]
        folder = folder if len(parts) > 1 else "(top)"
        folders[folder] = folders.get(folder, 0) + path.stat().st_size
    return {
        "pages": len(pages),
        "article_pages": len(article_pages),
        "largest": f"{largest.relative_to(site)} ({largest.stat().st_size / 1024:.0f} KB)",
        "per_article_kb": total / articles / 1024,
        "search_per_article_kb": search / articles / 1024,
        "article_page_kb": sum(p.stat().st_size for p in article_pages)
        / max(1, len(article_pages))
        / 1024,
        "by_folder": ", ".join(
            f"{folder} {size / articles / 1024:.2f}"
            for folder, size in sorted(folders.items(), key=lambda item: -item[1])
        ),
    }


def edit_to_serve(project: Path, articles: Path) -> float:
    """Seconds from saving a one-word edit in an article to `mkdocs serve` serving it."""
    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        article = sorted(articles.rglob("*.md"))[0]
        url = f"http://127.0.0.1:{port}/articles/{article.relative_to(articles).as_posix()[:-3]}/"
        wait_for(url, lambda text: True, timeout=900)
        marker = f"benchmark-edit-{int(time.time())}"
        original = article.read_text(encoding="utf-8")
        start = time.perf_counter()
        article.write_text(original.rstrip("\n") + f" {marker}\n", encoding="utf-8")
        try:
            wait_for(url, lambda text: marker in text, timeout=900)
            return time.perf_counter() - start
        finally:
            article.write_text(original, encoding="utf-8")
    finally:
        server.terminate()
        server.wait(timeout=60)


def wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="article counts (1000,10000)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out" / "site")
    parser.add_argument("--no-stock", action="store_true", help="skip the stock Material build")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve edit")
    parser.add_argument(
        "--no-search", action="store_true", help="build without the Pagefind index (site alone)"
    )
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    times: dict[int, float] = {}
    for size in sizes:
        articles = converted_corpus(args.work, size, ROOT / "tags.yml")
        count = sum(1 for _ in articles.rglob("*.md"))
        project = project_for(
            articles, args.work, f"ours-{size}", stock=False, search=not args.no_search
        )
        result = build(project)
        times[size] = result["seconds"]
        sizes_ = site_sizes(project / "site", count)
        print(
            f"{size:>6} raw → {count} articles: build {result['seconds']:.1f} s, "
            f"peak {result['peak_mb']:.0f} MB, {sizes_['pages']} pages, "
            f"largest {sizes_['largest']}, {sizes_['per_article_kb']:.1f} KB/article on disk "
            f"(article page {sizes_['article_page_kb']:.1f} KB, "
            f"search {sizes_['search_per_article_kb']:.1f} KB)\n"
            f"       KB/article by folder: {sizes_['by_folder']}",
            flush=True,
        )
    if len(sizes) > 1:
        print(f"t({sizes[-1]})/t({sizes[0]}) = {times[sizes[-1]] / times[sizes[0]]:.1f}")
    if not args.no_stock:
        articles = converted_corpus(args.work, sizes[0], ROOT / "tags.yml")
        stock = build(project_for(articles, args.work, f"stock-{sizes[0]}", stock=True))
        print(
            f"stock Material at {sizes[0]}: {stock['seconds']:.1f} s, "
            f"peak {stock['peak_mb']:.0f} MB; stock/ours = {stock['seconds'] / times[sizes[0]]:.1f}"
        )
    if not args.no_serve:
        articles = converted_corpus(args.work, sizes[-1], ROOT / "tags.yml")
        project = args.work / f"ours-{sizes[-1]}"
        seconds = edit_to_serve(project, articles)
        print(f"mkdocs serve at {sizes[-1]}: a one-article edit shows after {seconds:.1f} s")


if __name__ == "__main__":
    main()
