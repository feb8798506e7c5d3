"""What an article page tells search engines and link previews: OpenGraph, Twitter and JSON-LD.

Values are plain text; the templates escape them. The JSON-LD is made safe to sit inside a
``<script>`` element (no ``</script>`` can close it early). Authors and source are named as the
article writes them; the publication date is the day alone when the article gives no time.

>>> from datetime import datetime, timezone
>>> from commentary_archive.site.entries import Entry
>>> entry = Entry("articles/2025/06/a.md", "A </script>", datetime(2025, 6, 5, tzinfo=timezone.utc),
...               ("Anna Example",), "example.org", "Lead.", ("belarus",), "en", None, 300)
>>> "</script>" in article_json_ld(entry, "Archive", "https://x.example/")
False
"""

from __future__ import annotations

import json

from commentary_archive.site.entries import Entry


def article_meta(entry: Entry, canonical_url: str, site_name: str) -> list[tuple[str, str, str]]:
    """``(attribute, name, content)`` triples for ``<meta>`` tags: OpenGraph then Twitter.

    The lead is also the page's ``<meta name="description">``, but link previews that read
    OpenGraph do not all fall back to it. Twitter reads the OpenGraph tags; authors are in the
    JSON-LD, tags in the page's links.
    """
    lead = [("property", "og:description", entry.description)] if entry.description else []
    return [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", entry.title),
        ("property", "og:url", canonical_url),
        *lead,
        ("property", "article:published_time", entry.published),
        ("name", "twitter:card", "summary"),
    ]


def article_json_ld(entry: Entry, site_name: str, site_url: str | None) -> str:
    """A schema.org ``OpinionNewsArticle`` for the article, as JSON ready for a script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "OpinionNewsArticle",
        "headline": entry.title,
        "datePublished": entry.published,
        "author": [{"@type": "Person", "name": name} for name in entry.authors],
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "wordCount": entry.words,
    }
    if entry.source:
        data["sourceOrganization"] = {"@type": "Organization", "name": entry.source}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
