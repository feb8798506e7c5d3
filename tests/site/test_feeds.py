from dataclasses import replace
from xml.etree import ElementTree

import feedparser
import pytest

from commentary_archive.site.feeds import FeedError, atom_feed, check_feed


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


@pytest.mark.parametrize(
    ("feed_url", "page_url"),
    [
        ("https://x.example/r/feed.xml", "https://x.example/r/"),
        ("https://x.example/r/tags/belarus/feed.xml", "https://x.example/r/tags/belarus/"),
        ("https://x.example/r/authors/anna/feed.xml", "https://x.example/r/authors/anna/"),
    ],
)
def test_a_feed_links_the_page_it_sits_beside(make_entry, feed_url, page_url):
    text = atom_feed("Belarus", feed_url, "https://x.example/r/", [make_entry("x", 5)], "Site")
    feed = feedparser.parse(text)
    assert feed.feed.link == page_url
    assert feed.entries[0].link == "https://x.example/r/articles/2025/06/x/"


def test_an_empty_feed_is_still_valid():
    feed = feedparser.parse(atom_feed("Empty", "https://x.example/f.xml", "https://x.example/", []))
    assert feed.bozo == 0
    assert feed.entries == []


def test_characters_xml_forbids_are_left_out_and_the_feed_parses(make_entry):
    entry = replace(make_entry("x", 5), title="Bad\uffff\ufffe\x00\x08 title", description="\x1b")
    text = atom_feed("Feed\x0c", "https://x.example/f.xml", "https://x.example/", [entry])
    ElementTree.fromstring(text.encode("utf-8"))
    feed = feedparser.parse(text)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert (feed.feed.title, feed.entries[0].title) == ("Feed", "Bad title")


def test_an_article_without_a_time_is_dated_midnight_utc(make_entry):
    entry = make_entry("x", 5, day_only=True)
    text = atom_feed("F", "https://x.example/f.xml", "https://x.example/", [entry])
    feed = feedparser.parse(text)
    assert feed.feed.updated == feed.entries[0].published == "2025-06-05T00:00:00+00:00"


def test_check_feed_names_the_feed_and_line_of_broken_xml():
    check_feed("feed.xml", atom_feed("Fine", "https://x.example/f.xml", "https://x.example/", []))
    with pytest.raises(FeedError) as error:
        check_feed("tags/x/feed.xml", "<feed>\n<title>a</feed>")
    assert str(error.value).startswith("tags/x/feed.xml:2: is not well-formed XML (mismatched tag")
