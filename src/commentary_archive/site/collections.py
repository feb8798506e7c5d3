"""The generated part of the site: home, archive, tag, author and source pages, and the feeds.

A pure function of the catalog: ``collection_files(catalog, settings)`` returns every file as
(path under ``docs/``, text). The MkDocs plugin hands them to MkDocs in memory; ``write_files``
puts them on disk for an engine that runs no plugins. Pages are Markdown files whose bodies are
HTML blocks with links already made relative to the page, so any engine renders them as they are.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml

from commentary_archive.site.catalog import Catalog, Term
from commentary_archive.site.chart import Bar, month_chart
from commentary_archive.site.entries import Entry, month_name, page_url
from commentary_archive.site.feeds import atom_feed, check_feed
from commentary_archive.site.markup import xml_safe

CARD_TAGS = 3  # a home-page card names an article's first tags; the article lists them all
# Past this many years with articles, the archive's chart has a bar per year, not per month.
MONTHLY_CHART_YEARS = 50


@dataclass(frozen=True)
class Settings:
    """What the generated pages need to know about the site (taken from ``mkdocs.yml``)."""

    site_name: str
    site_url: str
    intro: str = ""
    home_page_size: int = 20
    list_page_size: int = 200
    most_read: int = 5
    feed_size: int = 20


@dataclass(frozen=True)
class GeneratedFile:
    src_uri: str
    content: str


def collection_files(catalog: Catalog, settings: Settings) -> list[GeneratedFile]:
    """Every generated page and feed of the site."""
    files = list(_home(catalog, settings))
    files += _archive(catalog, settings)
    for title, terms, feeds in (
        ("Tags", catalog.tags, True),
        ("Authors", catalog.authors, True),
        ("Sources", catalog.sources, False),
    ):
        listed = [term for term in terms.values() if term.entries]
        for term in listed:
            files += _term_pages(term, settings, feed=feeds)
        index = f"{title.lower()}/index.md"
        body = _tag_index(catalog, index) if title == "Tags" else _term_index(listed, index)
        files.append(_page(index, title, f"Articles by {title.lower()[:-1]}.", body))
    files.append(_feed("feed.xml", settings.site_name, catalog.entries, settings))
    return files


def write_files(files: Iterable[GeneratedFile], out_dir: Path) -> int:
    """Write the generated files under ``out_dir`` (a docs folder); return how many."""
    count = 0
    for file in files:
        path = out_dir / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content, encoding="utf-8")
        count += 1
    return count


def href(from_src_uri: str, to_url: str) -> str:
    """A link from the page at ``from_src_uri`` to the site URL ``to_url``, relative, so the site
    works under any sub-path; escaped, ready to stand in a quoted ``href`` attribute.

    >>> href("tags/belarus/index.md", "articles/2025/06/x/")
    '../../articles/2025/06/x/'
    >>> href("page/2.md", "")
    '../../'
    >>> href("index.md", 'articles/q"onmouseover="x/')
    'articles/q&quot;onmouseover=&quot;x/'
    """
    relative = _relative(page_url(from_src_uri).rstrip("/"), to_url.rstrip("/"))
    return escape(relative + "/" if to_url.endswith("/") or not to_url else relative)


@functools.lru_cache(maxsize=4096)
def _up(here: str) -> tuple[str, ...]:
    return tuple(here.split("/")) if here else ()


def _relative(here: str, target: str) -> str:
    """``posixpath.relpath(target, here)`` for two site paths without dots, ten times faster
    (listings make a hundred thousand links at 10,000 articles)."""
    from_parts, to_parts = _up(here), tuple(target.split("/")) if target else ()
    common = 0
    for mine, theirs in zip(from_parts, to_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + list(to_parts[common:])) or "."


def _home(catalog: Catalog, settings: Settings) -> list[GeneratedFile]:
    intro = f'<p class="ca-intro">{escape(settings.intro)}</p>\n\n' if settings.intro else ""
    most_read = catalog.most_read(settings.most_read)
    if most_read:
        items = "".join(
            f'<li><a href="{href("index.md", e.url)}">{escape(e.title)}</a> '
            f'<span class="ca-meta">{_views(e)}</span></li>'
            for e in most_read
        )
        intro += (
            '<aside class="ca-most-read" aria-labelledby="most-read">'
            f'<h2 id="most-read">Most read</h2><ol>{items}</ol></aside>\n\n'
        )
    home = Listing(
        folder="",
        title="Latest articles",
        description=settings.intro,
        entries=catalog.entries,
        size=settings.list_page_size,
        intro=intro,
        feed="feed.xml",
        catalog=catalog,
        first_size=settings.home_page_size,
    )
    return _paginated(home)


def _archive(catalog: Catalog, settings: Settings) -> list[GeneratedFile]:
    files: list[GeneratedFile] = []
    for term in catalog.months.values():
        files += _term_pages(term, settings, feed=False)
    index = "archive/index.md"
    months = sorted(catalog.months.values(), key=lambda term: term.key)
    chart = month_chart(_bars(months), "Articles per month") if months else ""
    years: dict[str, list[Term]] = {}
    for term in reversed(months):
        years.setdefault(term.group, []).append(term)
    sections = "".join(
        f'<section class="ca-year" aria-labelledby="y{year}"><h2 id="y{year}">{year} '
        f'<span class="ca-count">{sum(len(t.entries) for t in terms)}</span></h2>'
        f"<ul>{''.join(_term_item(index, term) for term in terms)}</ul></section>"
        for year, terms in years.items()
    )
    body = f'<figure class="ca-figure">{chart}</figure>\n\n<div class="ca-years">{sections}</div>'
    files.append(_page(index, "Archive", "Articles by year and month.", body))
    return files


def _bars(months: Sequence[Term]) -> list[Bar]:
    """The archive chart's bars, for the years that have articles only, so that its size
    follows the archive and not the span of its dates (one article in 1900 and one in 9998
    make a small chart): a bar per calendar month from the first article's month to the
    last's, empty months included; a run of years without articles is one gap. Past
    ``MONTHLY_CHART_YEARS`` such years, a bar per year.
    """
    counts = {(int(term.key[:4]), int(term.key[5:])): len(term.entries) for term in months}
    per_year: Counter[int] = Counter()
    for (year, _), count in counts.items():
        per_year[year] += count
    years = sorted(per_year)
    monthly = len(years) <= MONTHLY_CHART_YEARS
    first, last = min(counts), max(counts)
    bars: list[Bar] = []
    for previous, year in zip([None, *years], years, strict=False):
        if previous is not None and year > previous + 1:
            bars.append(_gap(previous + 1, year - 1))
        if not monthly:
            labelled = not bars or bars[-1].gap or year % 10 == 0
            bars.append(Bar(str(year), per_year[year], str(year) if labelled else None))
            continue
        opens = first[1] if year == first[0] else 1
        closes = last[1] if year == last[0] else 12
        for month in range(opens, closes + 1):
            starts = str(year) if month == 1 or (not bars and month <= 10) else None
            bars.append(Bar(month_name(year, month), counts.get((year, month), 0), starts))
    return bars


def _gap(first_year: int, last_year: int) -> Bar:
    years = str(first_year) if first_year == last_year else f"{first_year}\N{EN DASH}{last_year}"
    return Bar(f"No articles in {years}", 0, gap=True)


def _tag_index(catalog: Catalog, index: str) -> str:
    groups: dict[str, list[Term]] = {key: [] for key in catalog.vocabulary.groups}
    for term in catalog.tags.values():
        groups[term.group].append(term)
    return "".join(
        f'<section class="ca-group" aria-labelledby="g-{escape(key)}"><h2 id="g-{escape(key)}">'
        f"{escape(catalog.vocabulary.groups[key])}</h2>"
        f'<ul class="ca-terms">{"".join(_term_item(index, term) for term in terms)}</ul></section>'
        for key, terms in groups.items()
        if terms
    )


def _term_index(terms: Sequence[Term], index: str) -> str:
    ordered = sorted(terms, key=lambda term: term.name.casefold())
    return f'<ul class="ca-terms">{"".join(_term_item(index, term) for term in ordered)}</ul>'


def _term_item(index: str, term: Term) -> str:
    count = f' <span class="ca-count">{len(term.entries)}</span>'
    if not term.entries:
        return f'<li class="ca-empty">{escape(term.name)}{count}</li>'
    return f'<li><a href="{href(index, term.url)}">{escape(term.name)}</a>{count}</li>'


def _term_pages(term: Term, settings: Settings, feed: bool) -> list[GeneratedFile]:
    """A term's paginated listing, its description first, and its feed when it has one."""
    intro = f'<p class="ca-lead">{escape(term.description)}</p>\n\n' if term.description else ""
    if term.also_written:
        names = ", ".join(term.also_written)
        intro += f'<p class="ca-also">Also written: {escape(names)}</p>\n\n'
    summary = term.description or f"Articles: {term.name}."
    feed_uri = f"{term.url}feed.xml" if feed else None
    listing = Listing(
        term.url, term.name, summary, term.entries, settings.list_page_size, intro, feed_uri
    )
    if feed_uri is None:
        return _paginated(listing)
    title = f"{term.name} · {settings.site_name}"
    return [_feed(feed_uri, title, term.entries, settings), *_paginated(listing)]


@dataclass(frozen=True)
class Listing:
    """A paginated list of entries, newest first: ``folder/index.md``, ``folder/page/2.md``…

    With ``catalog`` its first page shows ``first_size`` cards with lead and tags (the home
    page); otherwise, and on older pages, ``size`` compact rows, one per article (tag, author,
    source and month pages, where each article appears many times, and the home page's older
    pages).
    """

    folder: str
    title: str
    description: str
    entries: Sequence[Entry]
    size: int
    intro: str = ""
    feed: str | None = None
    catalog: Catalog | None = None
    first_size: int | None = None


def _paginated(listing: Listing) -> list[GeneratedFile]:
    entries, size = listing.entries, listing.size
    first = listing.first_size or size
    chunks = [entries[:first]] + [entries[i : i + size] for i in range(first, len(entries), size)]
    count = len(chunks)
    folder = listing.folder
    uris = [f"{folder}index.md"] + [f"{folder}page/{n}.md" for n in range(2, count + 1)]
    files = []
    for n, (uri, chunk) in enumerate(zip(uris, chunks, strict=True), start=1):
        total = _plural(len(listing.entries), "article")
        total += f" · page {n} of {count}" if count > 1 else ""
        if listing.feed:
            total += (
                f' · <a href="{href(uri, listing.feed)}" type="application/atom+xml">Atom feed</a>'
            )
        if listing.catalog is not None and n == 1:
            items = "".join(_card(uri, entry, listing.catalog) for entry in chunk)
        else:
            items = _rows(uri, tuple(chunk))
        body = (
            (listing.intro if n == 1 else "")
            + f'<p class="ca-total">{total}</p>\n\n<div class="ca-list">{items}</div>\n\n'
            + _pager(uri, uris, n)
        )
        title = listing.title if n == 1 else f"{listing.title} (page {n})"
        files.append(_page(uri, title, listing.description, body))
    return files


def _pager(uri: str, uris: Sequence[str], n: int) -> str:
    if len(uris) == 1:
        return ""
    newer = older = "<span></span>"
    if n > 1:
        newer = f'<a rel="prev" href="{href(uri, page_url(uris[n - 2]))}">← Newer</a>'
    if n < len(uris):
        older = f'<a rel="next" href="{href(uri, page_url(uris[n]))}">Older →</a>'
    return (
        f'<nav class="ca-pager" aria-label="Pages">{newer}'
        f"<span>Page {n} of {len(uris)}</span>{older}</nav>"
    )


def _card(uri: str, entry: Entry, catalog: Catalog) -> str:
    """One article on the home page: title, date, authors, source, lead and its first tags."""
    links = "".join(
        f'<a href="{href(uri, term.url)}">{escape(term.name)}</a>'
        for term in catalog.tag_terms(entry)[:CARD_TAGS]
    )
    tags = f'<p class="ca-tags">{links}</p>' if links else ""
    return (
        f'<article class="ca-card"><h2><a href="{href(uri, entry.url)}">{escape(entry.title)}'
        f'</a></h2><p class="ca-meta">{_byline(entry)}</p>'
        f"<p>{escape(entry.description)}</p>{tags}</article>"
    )


@functools.lru_cache(maxsize=2048)
def _rows(uri: str, entries: tuple[Entry, ...]) -> str:
    """A page's compact list. `serve` makes every listing again after an edit: the lists it
    made before are reused, the edit changes a few."""
    return f'<ol class="ca-rows">{"".join(_row(uri, entry) for entry in entries)}</ol>'


def _row(uri: str, entry: Entry) -> str:
    """One article in a compact list: title, then date, authors and source (styled as a line
    of their own, so the row needs no element for them)."""
    return f'<li><a href="{href(uri, entry.url)}">{_row_text(entry)}</li>'


@functools.lru_cache(maxsize=1 << 16)
def _row_text(entry: Entry) -> str:
    """What a row shows of ``entry``, the same on each of the dozen listings that show it."""
    return f"{escape(entry.title)}</a>{_byline(entry)}"


def _byline(entry: Entry) -> str:
    """Date, authors and source as this article writes them (not as their shared page does)."""
    names = ", ".join(entry.authors)
    return " · ".join(escape(part) for part in (entry.long_date, names, entry.source or "") if part)


def _views(entry: Entry) -> str:
    return _plural(entry.views or 0, "view")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@functools.lru_cache(maxsize=2048)  # `serve` makes every listing again after an edit
def _page(src_uri: str, title: str, description: str, body: str) -> GeneratedFile:
    """A Markdown page; ``generated: true`` tells the templates it is a listing, not an article."""
    meta = {"title": xml_safe(title), "description": xml_safe(description), "generated": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return GeneratedFile(src_uri, f"---\n{front}---\n\n{xml_safe(body)}\n")


def _feed(src_uri: str, title: str, entries: Sequence[Entry], settings: Settings) -> GeneratedFile:
    latest = entries[: settings.feed_size]
    feed = atom_feed(
        title, settings.site_url + src_uri, settings.site_url, latest, settings.site_name
    )
    check_feed(src_uri, feed)
    return GeneratedFile(src_uri, feed)
