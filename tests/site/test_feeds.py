from dataclasses import replace

import feedparser

from commentary_archive.site.feeds import atom_feed


def test_feed_parses_with_every_entry_and_absolute_links(make_entry):
    entries = [
        make_entry("new", 5, tags=("belarus",), authors=("Anna Example", "Pavel Zhuk")),
        make_entry("old", 1, authors=()),
    ]
    entries[0] = replace(entries[0], title="A & B <script>")
    text = atom_feed(
        "Latest", "https://x.example/r/feed.xml", "https://x.example/r/", entries, "Site"
    )
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Latest"
    assert feed.feed.updated == "2025-06-05T12:00:00+03:00"
    assert [e.link for e in feed.entries] == [
        "https://x.example/r/articles/2025/06/new/",
        "https://x.example/r/articles/2025/06/old/",
    ]
    first = feed.entries[0]
    assert first.title == "A & B <script>"
    assert [a.name for a in first.authors] == ["Anna Example", "Pavel Zhuk"]
    assert [t.term for t in first.tags] == ["belarus"]
    assert first.summary == "Lead of new."
    assert first.published == "2025-06-05T12:00:00+03:00"


def test_an_empty_feed_is_still_valid():
    feed = feedparser.parse(atom_feed("Empty", "https://x.example/f.xml", "https://x.example/", []))
    assert feed.bozo == 0
    assert feed.entries == []
