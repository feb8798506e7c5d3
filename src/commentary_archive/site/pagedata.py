"""An article page's data: everything its templates show beyond the Markdown, as plain values.

The templates read an article from ``page.meta.article`` alone: strings, numbers, lists and
dicts, no Python objects and no functions. So one set of templates serves every engine: the
plugin makes the page's meta (``article_page_meta``), and for an engine without plugins
(Zensical, whose templates cannot call Python) the staged docs carry the same meta as each
article's front matter.

>>> from datetime import datetime, timezone
>>> from commentary_archive.site.catalog import ArticleView, Byline, Link
>>> from commentary_archive.site.entries import Entry
>>> entry = Entry("articles/2025/06/a.md", "A", datetime(2025, 6, 5, tzinfo=timezone.utc),
...               ("Anna",), None, "Lead.", (), "en", None, 300, time_known=False)
>>> view = ArticleView(entry, Link("June 2025", "archive/2025/06/"), (),
...                    (Byline("Anna", Link("Anna", "authors/anna/")),), None, None, None, ())
>>> data = article_data(view, "Archive", "https://x.example/")
>>> data["published"], data["day"], data["long_date_and_time"], data["authors_text"]
('2025-06-05', '2025-06-05', '5 June 2025', 'Anna')
>>> data["authors"], data["social_meta"][3]
([{'written': 'Anna', 'name': 'Anna', 'url': 'authors/anna/'}], ['property', 'og:url', \
'https://x.example/articles/2025/06/a/'])
"""

from __future__ import annotations

from typing import TypedDict

from commentary_archive.site.catalog import ArticleView, Byline, Link, Teaser
from commentary_archive.site.seo import article_json_ld, article_meta


class LinkData(TypedDict):
    name: str
    url: str


class BylineData(TypedDict):
    written: str
    """The name as this article writes it."""
    name: str
    """The name of the page it links to, which gathers its spellings."""
    url: str


class TeaserData(TypedDict):
    title: str
    url: str
    day: str


class ArticleData(TypedDict):
    lang: str
    published: str
    """ISO 8601, the day alone when the article gives no time."""
    day: str
    """The day the sitemap dates the page by."""
    long_date: str
    long_date_and_time: str
    utc_minute: str
    year: int
    reading_minutes: int
    authors_text: str
    """The authors as the article writes them, comma-separated."""
    month: LinkData
    tags: list[LinkData]
    authors: list[BylineData]
    source: BylineData | None
    older: TeaserData | None
    newer: TeaserData | None
    related: list[TeaserData]
    social_meta: list[list[str]]
    """``[attribute, name, content]`` of each ``<meta>`` tag (``seo.article_meta``)."""
    json_ld: str
    """The JSON-LD, safe inside a ``<script>`` element (``seo.article_json_ld``)."""


class ArticlePageMeta(TypedDict):
    """An article page's meta: what its templates read instead of its front matter."""

    title: str
    description: str
    article: ArticleData


def article_page_meta(view: ArticleView, site_name: str, site_url: str | None) -> ArticlePageMeta:
    """The meta of the article page ``view`` shows (see ``article_data``)."""
    return {
        "title": view.entry.title,
        "description": view.entry.description,
        "article": article_data(view, site_name, site_url),
    }


def article_data(view: ArticleView, site_name: str, site_url: str | None) -> ArticleData:
    """The page data of the article ``view`` shows, on the site named ``site_name`` at
    ``site_url``: a folder's URL, ending with "/", as MkDocs' config makes it, so that the
    page's canonical URL is the two joined, as the engines make it."""
    entry = view.entry
    canonical = f"{site_url}{entry.url}" if site_url else ""
    return {
        "lang": entry.lang,
        "published": entry.published,
        "day": entry.date.date().isoformat(),
        "long_date": entry.long_date,
        "long_date_and_time": entry.long_date_and_time,
        "utc_minute": entry.utc_minute,
        "year": entry.date.year,
        "reading_minutes": entry.reading_minutes,
        "authors_text": ", ".join(entry.authors),
        "month": _link(view.month),
        "tags": [_link(tag) for tag in view.tags],
        "authors": [_byline(author) for author in view.authors],
        "source": None if view.source is None else _byline(view.source),
        "older": _teaser(view.older),
        "newer": _teaser(view.newer),
        "related": [_teaser_of(other) for other in view.related],
        "social_meta": [list(triple) for triple in article_meta(entry, canonical, site_name)],
        "json_ld": article_json_ld(entry, site_name, site_url),
    }


def _link(link: Link) -> LinkData:
    return {"name": link.name, "url": link.url}


def _byline(byline: Byline) -> BylineData:
    return {"written": byline.written, "name": byline.page.name, "url": byline.page.url}


def _teaser(teaser: Teaser | None) -> TeaserData | None:
    return None if teaser is None else _teaser_of(teaser)


def _teaser_of(teaser: Teaser) -> TeaserData:
    return {"title": teaser.title, "url": teaser.url, "day": teaser.day}
