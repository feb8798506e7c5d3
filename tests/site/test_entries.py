from datetime import datetime

import pytest

from commentary_archive.site.entries import EntryError, page_url, read_entry, split_front_matter

ARTICLE = """---
title: Minsk Counts the Cost
date: 2025-06-05T12:36:00+03:00
authors:
- Anna Example
source: example.org
comments: 12
views: 23448
description: The lead sentence.
tags:
- belarus
lang: en
slug: minsk-counts-the-cost
featured: true
raw:
  file: 001.txt
---
The lead sentence.
{: .lead }

One two three four five.
"""


def test_read_entry_takes_the_fields_the_site_needs_and_ignores_the_rest():
    entry = read_entry("articles/2025/06/minsk-counts-the-cost.md", ARTICLE)
    assert entry is not None
    assert entry.title == "Minsk Counts the Cost"
    assert entry.date.isoformat() == "2025-06-05T12:36:00+03:00"
    assert (entry.authors, entry.source, entry.tags) == (
        ("Anna Example",),
        "example.org",
        ("belarus",),
    )
    assert (entry.views, entry.lang, entry.description) == (23448, "en", "The lead sentence.")
    assert entry.words == 8  # the attribute list `{: .lead }` is not a word
    assert entry.url == "articles/2025/06/minsk-counts-the-cost/"
    assert entry.reading_minutes == 1


def test_a_draft_has_no_entry():
    assert read_entry("articles/a.md", ARTICLE.replace("featured: true", "draft: true")) is None


def test_missing_optional_fields_take_defaults():
    text = "---\ntitle: T\ndate: 2025-06-05T12:36:00+03:00\nsource: null\nviews: null\n---\nBody\n"
    entry = read_entry("articles/t.md", text)
    assert entry is not None
    assert (entry.authors, entry.source, entry.views, entry.tags, entry.lang) == (
        (),
        None,
        None,
        (),
        "en",
    )


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("date: 2025-06-05T12:36:00+03:00", "date: 2025-06-05", "key 'date' must be a timestamp"),
        ("title: Minsk Counts the Cost", "title: ''", "key 'title' must be text"),
        ("views: 23448", "views: many", "key 'views' must be a whole number"),
        ("- belarus", "- 7", "key 'tags' must be a list of text"),
    ],
)
def test_bad_front_matter_is_an_error_naming_file_and_key(replace, by, message):
    with pytest.raises(EntryError) as error:
        read_entry("articles/x.md", ARTICLE.replace(replace, by))
    assert str(error.value).startswith("articles/x.md: front matter ")
    assert message in str(error.value)


def test_a_file_without_front_matter_is_an_error():
    with pytest.raises(EntryError, match=r"articles/x.md:1: has no front matter"):
        read_entry("articles/x.md", "Just text.\n")


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", "body\n")
    assert split_front_matter("body\n") == ("", "body\n")


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [
        ("index.md", ""),
        ("page/2.md", "page/2/"),
        ("tags/belarus/index.md", "tags/belarus/"),
        ("articles/2025/06/x.md", "articles/2025/06/x/"),
        ("tags/belarus/feed.xml", "tags/belarus/feed.xml"),
    ],
)
def test_page_url(src_uri, url):
    assert page_url(src_uri) == url


def test_dates_stay_in_the_articles_own_time_zone():
    entry = read_entry("articles/x.md", ARTICLE)
    assert entry is not None
    assert entry.date == datetime.fromisoformat("2025-06-05T12:36:00+03:00")
    assert entry.date.hour == 12
