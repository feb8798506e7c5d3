"""The site's search index: Pagefind bundles written into the built site, article pages only.

Each language gets two Pagefind bundles under ``pagefind/``:

- ``<lang>/``: the full text of every article in that language, with the filters (tag, author,
  source, year), the date sort key and the metadata the article template declares through
  ``data-pagefind-*`` attributes. The search page queries it.
- ``<lang>-headlines/``: only each article's title, lead, date and authors. The header box
  queries it while the reader types, which keeps every keystroke within a few dozen kilobytes
  even at 10,000 articles: a word that occurs in every article costs a few bytes per article
  here, against ten or more in the full text.

A bundle holds one language so that its stemmer fits the text and the browser can pick the
bundle by the alphabet of the query (see ``assets/search/search-client.js``); Pagefind's own
split by ``<html lang>`` always searches the current page's language instead.

Runs after every build (the plugin's ``on_post_build``) and on its own:
``python -m commentary_archive.site.search SITE_DIR``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
HEADLINES_SUFFIX = "-headlines"
# Articles per language, read by the browser to know which bundles exist.
LANGUAGES_FILE = "languages.json"
# The article template marks the indexed part of an article page with this attribute; pages
# without it (home, tags, archive) stay out of the index. Matched inside a tag, never in text,
# because text in the HTML cannot contain an unescaped ``<``.
ARTICLE_BODY = re.compile(r"<[^<>]*\sdata-pagefind-body[\s>=/]")
HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")
DEFAULT_LANG = "en"
# Metadata the header shows for each result; the indexed text is the lead.
HEADLINE_META = ("title", "date", "authors")
# Not words of the article: the heading permalinks (¶) of Python-Markdown's toc extension.
EXCLUDED = ".headerlink"
# Pagefind's ready-made search interfaces, written into every bundle; the site has its own.
UNUSED_UI = ("pagefind-ui.*", "pagefind-*-ui.*", "pagefind-highlight.js")
META_ATTRIBUTE = re.compile(r'data-pagefind-meta="(\w+):([^"]*)"')
# The article's title (Pagefind's own default for a page's title) and the lead paragraph the
# converter marks with ``{: .lead }``.
TITLE = re.compile(r"<h1(?:\s[^>]*)?>(.*?)</h1>", re.DOTALL)
LEAD = re.compile(r'<p class="lead">(.*?)</p>', re.DOTALL)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message carries its output."""


@dataclass(frozen=True)
class SearchIndexStats:
    """What indexing produced: articles per language, bundle size on disk, and time taken."""

    articles: dict[str, int]
    files: int
    bytes_on_disk: int
    seconds: float

    def __str__(self) -> str:
        per_lang = ", ".join(f"{count} {lang}" for lang, count in sorted(self.articles.items()))
        return (
            f"search index: {sum(self.articles.values())} articles ({per_lang or 'none'}), "
            f"{self.files} files, {self.bytes_on_disk / 1e6:.1f} MB, {self.seconds:.1f} s"
        )


def index_site(site_dir: Path) -> SearchIndexStats:
    """Replace ``site_dir/pagefind/`` with bundles of the article pages found in ``site_dir``."""
    started = time.perf_counter()
    output = site_dir / BUNDLE_DIR
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix=".search-", dir=site_dir) as staging:
        articles = stage_articles(site_dir, Path(staging))
        for lang in sorted(articles):
            for bundle in (lang, f"{lang}{HEADLINES_SUFFIX}"):
                _write_bundle(Path(staging) / bundle, output / bundle, lang)
    output.mkdir(exist_ok=True)
    (output / LANGUAGES_FILE).write_text(json.dumps(articles, sort_keys=True), encoding="utf-8")
    files = [path for path in output.rglob("*") if path.is_file()]
    return SearchIndexStats(
        articles=articles,
        files=len(files),
        bytes_on_disk=sum(path.stat().st_size for path in files),
        seconds=time.perf_counter() - started,
    )


def stage_articles(site_dir: Path, staging: Path) -> dict[str, int]:
    """Lay out each language's article pages, and their headline pages, for Pagefind to read.

    Pagefind takes a folder per bundle, so every article page is linked into
    ``staging/<lang>/`` at its path in the site, and a page holding only its headline (title,
    date, authors, lead) is written to ``staging/<lang>-headlines/``. Returns articles per language.
    """
    counts: dict[str, int] = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir)
        if relative.parts[0] == staging.name:
            continue
        html = path.read_text(encoding="utf-8")
        if not ARTICLE_BODY.search(html):
            continue
        lang = page_lang(html)
        counts[lang] = counts.get(lang, 0) + 1
        _link(path, staging / lang / relative)
        headline = staging / f"{lang}{HEADLINES_SUFFIX}" / relative
        headline.parent.mkdir(parents=True, exist_ok=True)
        headline.write_text(headline_page(html, lang), encoding="utf-8")
    return counts


def headline_page(html: str, lang: str) -> str:
    """A page whose whole indexed text is the article's lead, with its title, date and authors.

    Built from the article's ``<h1>``, its ``p.lead`` and the ``data-pagefind-meta`` attributes
    that ``partials/article.html`` writes; values are copied still escaped, as they stand there.

    >>> page = headline_page('<h1>A &amp; B</h1><p data-pagefind-meta="date:5 June 2025">'
    ...                      '</p><p class="lead">Lead &lt;1&gt;.</p><p>Body.</p>', "en")
    >>> "<p>Lead &lt;1&gt;.</p>" in page, "title:A &amp; B" in page, "date:5 June 2025" in page
    (True, True, True)
    >>> "Body" in page
    False
    """
    title, lead = TITLE.search(html), LEAD.search(html)
    meta = {"title": title.group(1) if title else "", **dict(META_ATTRIBUTE.findall(html))}
    spans = "".join(
        f'<span data-pagefind-meta="{key}:{meta[key]}"></span>'
        for key in HEADLINE_META
        if key in meta
    )
    return (
        f'<!doctype html><html lang="{lang}"><body><main data-pagefind-body>'
        f"<p>{lead.group(1) if lead else ''}</p>{spans}</main></body></html>"
    )


def page_lang(html: str) -> str:
    """The primary language subtag of the page's ``<html lang>``, e.g. ``ru`` for ``ru-BY``.

    >>> page_lang('<html lang="ru-BY">'), page_lang("<html>")
    ('ru', 'en')
    """
    found = HTML_LANG.search(html, 0, 2000)
    return found.group(1).split("-")[0].lower() if found else DEFAULT_LANG


def _write_bundle(pages: Path, output: Path, lang: str) -> None:
    """Run Pagefind (the binary the ``pagefind`` package ships) over one bundle's pages."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(pages),
        "--output-path",
        str(output),
        # One language per bundle: a variant (``en-GB``) must not split it in two.
        "--force-language",
        lang,
        "--exclude-selectors",
        EXCLUDED,
        "--quiet",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind failed on {output.name}: {done.stdout}{done.stderr}")
    for pattern in UNUSED_UI:
        for path in output.glob(pattern):
            path.unlink()


def _link(source: Path, target: Path) -> None:
    """Hard-link ``source`` at ``target`` (free on one file system), copying where links fail."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Index a built site's articles with Pagefind.")
    parser.add_argument("site_dir", type=Path, help="the built site (mkdocs build's site_dir)")
    args = parser.parse_args(argv)
    if not args.site_dir.is_dir():
        parser.error(f"{args.site_dir} is not a directory; build the site first (mkdocs build).")
    print(index_site(args.site_dir))


if __name__ == "__main__":
    main()
