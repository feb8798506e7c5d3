"""Atom feeds of the latest articles: one for the site, one per tag and one per author.

A feed carries each article's title, link, date, authors, tags and lead, with absolute URLs
(readers fetch feeds out of the site's context). Its ``alternate`` link is the page it sits
beside: ``tags/x/feed.xml`` is the feed of ``tags/x/``, ``feed.xml`` of the home page. Its
``updated`` is its newest article's date, so rebuilding an unchanged archive gives
byte-identical feeds. Dates are full timestamps: an article whose time is unknown is dated
midnight UTC of its day. Characters XML forbids are left out, and the build checks that every
feed it writes parses (``check_feed``).

>>> from datetime import datetime, timezone
>>> feed = atom_feed("Latest", "https://x.example/feed.xml", "https://x.example/", [])
>>> feed.splitlines()[1]
'<feed xmlns="http://www.w3.org/2005/Atom">'
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from commentary_archive.errors import SourceError
from commentary_archive.site.entries import Entry
from commentary_archive.site.markup import xml_safe

EMPTY_FEED_DATE = "1970-01-01T00:00:00+00:00"


class FeedError(SourceError):
    """A generated feed is not well-formed XML: a bug of the site, caught before readers see it."""


def atom_feed(
    title: str, feed_url: str, site_url: str, entries: Sequence[Entry], publisher: str = ""
) -> str:
    """An Atom 1.0 document listing ``entries`` (already newest first and cut to length).

    ``publisher`` is the feed's own author, which Atom requires for entries that have none.
    """
    updated = entries[0].date.isoformat() if entries else EMPTY_FEED_DATE
    page_url = feed_url.rsplit("/", 1)[0] + "/"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(feed_url)}</id>",
        f'<link rel="self" href={quoteattr(feed_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(page_url)}/>',
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(publisher or title)}</name></author>",
    ]
    lines += (_entry(entry, site_url) for entry in entries)
    lines.append("</feed>")
    return xml_safe("\n".join(lines) + "\n")


def check_feed(src_uri: str, text: str) -> None:
    """Raise FeedError, naming the feed and the line, unless ``text`` parses as XML."""
    try:
        ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        raise FeedError(
            src_uri,
            error.position[0],
            f"is not well-formed XML ({error}).",
            "Report it: the site wrote it.",
        ) from error


def _entry(entry: Entry, site_url: str) -> str:
    url = site_url + entry.url
    authors = "".join(f"<author><name>{escape(name)}</name></author>" for name in entry.authors)
    categories = "".join(f"<category term={quoteattr(tag)}/>" for tag in entry.tags)
    return (
        f"<entry><title>{escape(entry.title)}</title>"
        f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>'
        f"<id>{escape(url)}</id>"
        f"<published>{entry.date.isoformat()}</published>"
        f"<updated>{entry.date.isoformat()}</updated>"
        f"{authors}{categories}"
        f"<summary>{escape(entry.description)}</summary></entry>"
    )
