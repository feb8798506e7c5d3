from datetime import datetime

import pytest

from commentary_archive.errors import SourceError
from commentary_archive.site.entries import EntryError, page_url, read_entry

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
    assert entry.time_known
    assert (entry.long_date, entry.long_date_and_time) == ("5 June 2025", "5 June 2025, 12:36")
    assert (entry.published, entry.utc_minute) == ("2025-06-05T12:36:00+03:00", "2025-06-05T09:36")


@pytest.mark.parametrize("draft", ["draft: true", "draft: yes"])
def test_a_draft_has_no_entry(draft):
    assert read_entry("articles/a.md", ARTICLE.replace("featured: true", draft)) is None


def test_draft_false_is_published():
    assert read_entry("articles/a.md", ARTICLE.replace("featured: true", "draft: false"))


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
    ("replace", "by", "line", "message"),
    [
        (
            "date: 2025-06-05T12:36:00+03:00",
            "date: 2025-06-05T12:36:00",
            3,
            "key 'date' must be a timestamp with a time zone in whole minutes, "
            "not 2025-06-05T12:36:00.",
        ),
        ("date: 2025-06-05T12:36:00+03:00", "date: soon", 3, "key 'date' must be a timestamp"),
        ("title: Minsk Counts the Cost", "title: ''", 2, "key 'title' must be text, not ''."),
        ("title: Minsk Counts the Cost", "title: [a]", 2, "key 'title' must be text, not ['a']."),
        ("title: Minsk Counts the Cost", "titel: x", None, "key 'title' is missing"),
        ("views: 23448", "views: many", 8, "key 'views' must be a whole number, not 'many'."),
        ("views: 23448", 'views: "12"', 8, "key 'views' must be a whole number, not '12'."),
        ("views: 23448", "views: true", 8, "key 'views' must be a whole number, not True."),
        ("views: 23448", "views: 1.5", 8, "key 'views' must be a whole number, not 1.5."),
        ("views: 23448", "views: -3", 8, "key 'views' must be a whole number, not negative"),
        ("featured: true", 'draft: "true"', 14, "key 'draft' must be true or false, not 'true'."),
        ("featured: true", "draft: 1", 14, "key 'draft' must be true or false, not 1."),
        ("- belarus", "- 7", 10, "key 'tags' must be a list of text, not [7]."),
        ("tags:\n- belarus", "tags: belarus", 10, "key 'tags' must be a list of text"),
        ("- Anna Example", "- [Anna]", 4, "key 'authors' must be a list of text"),
        ("- Anna Example", "- ''", 4, "key 'authors' must be a list of text"),
        ("- Anna Example", "- 12", 4, "key 'authors' must be a list of text, not [12]."),
        ("source: example.org", "source: 7", 6, "key 'source' must be text, not 7."),
        ("description: The lead sentence.", "description: [x]", 9, "key 'description' must"),
        ("lang: en", "lang: english", 12, "key 'lang' must be a language tag, not 'english'."),
    ],
)
def test_bad_front_matter_is_an_error_naming_file_key_and_line(replace, by, line, message):
    with pytest.raises(EntryError) as error:
        read_entry("articles/x.md", ARTICLE.replace(replace, by))
    where = "articles/x.md" if line is None else f"articles/x.md:{line}"
    assert str(error.value).startswith(f"{where}: front matter ")
    assert message in str(error.value)


def test_a_language_tag_that_would_break_out_of_the_html_attribute_is_an_error():
    hostile = """lang: 'en"><script>alert(26)</script><x y="'"""
    with pytest.raises(EntryError) as error:
        read_entry("articles/x.md", ARTICLE.replace("lang: en", hostile))
    assert error.value.path == "articles/x.md"
    assert error.value.line == 12
    assert "key 'lang' must be a language tag" in error.value.problem
    assert "BCP 47" in error.value.hint


@pytest.mark.parametrize("lang", ["ru", "be-BY", "sr-Latn-RS", "es-419", "yue"])
def test_language_tags_are_taken_as_written(lang):
    entry = read_entry("articles/x.md", ARTICLE.replace("lang: en", f"lang: {lang}"))
    assert entry is not None and entry.lang == lang


@pytest.mark.parametrize(
    "src_uri",
    [
        'articles/2025/05/q"onmouseover="alert(1).md',
        "articles/2025/05/a b.md",
        "articles/2025/05/<x>.md",
        "articles/2025/05/caf\u00e9.md",
        "articles/2025/05/a\u202eb.md",
    ],
)
def test_an_article_file_name_that_is_not_plain_is_an_error(src_uri):
    with pytest.raises(EntryError) as error:
        read_entry(src_uri, ARTICLE)
    assert error.value.path == src_uri
    assert "letters, digits, '-', '_' and '.' in its path" in error.value.problem


@pytest.mark.parametrize(
    ("date", "problem"),
    [
        ("0001-01-01T00:00:00+05:00", "key 'date' must be in the years 1000 to 9998"),
        ("9999-12-31T23:00:00-05:00", "key 'date' must be in the years 1000 to 9998"),
        ("0999-12-31", "key 'date' must be in the years 1000 to 9998"),
        ("!!timestamp 1024-06-03T08:05:00+01:50:16", "front matter value YAML cannot build"),
        ("2025-06-05T12:00:00+25:00", "front matter value YAML cannot build"),
        ("0000-01-01T00:00:00Z", "front matter value YAML cannot build"),
    ],
)
def test_a_date_the_site_cannot_show_is_an_error_naming_the_file(date, problem):
    text = ARTICLE.replace("2025-06-05T12:36:00+03:00", date)
    with pytest.raises(SourceError) as error:
        read_entry("articles/x.md", text)
    assert error.value.path == "articles/x.md"
    assert problem in error.value.problem
    assert "2025-06-05T12:36:00+03:00" in error.value.hint


@pytest.mark.parametrize("value", ["1024-06-03T08:05:00+01:50", "9998-12-31T23:59:00+14:00"])
def test_dates_at_the_edges_of_the_range_are_taken(value):
    entry = read_entry("articles/x.md", ARTICLE.replace("2025-06-05T12:36:00+03:00", value))
    assert entry is not None and entry.date.isoformat() == value


def test_a_date_without_a_time_is_midnight_utc_shown_as_the_day_alone():
    entry = read_entry("articles/x.md", ARTICLE.replace("2025-06-05T12:36:00+03:00", "2025-06-05"))
    assert entry is not None
    assert not entry.time_known
    assert entry.date.isoformat() == "2025-06-05T00:00:00+00:00"
    assert entry.long_date_and_time == entry.long_date == "5 June 2025"
    assert entry.published == "2025-06-05"
    assert entry.utc_minute == "2025-06-05T00:00"


@pytest.mark.parametrize(
    "yaml_value",
    [
        "!!python/object/apply:os.system ['true']",
        "!!binary aGk=",
        "!!int x",
        "!!bool maybe",
        "!!set {a, b}",
        "&a [x]",
    ],
)
def test_yaml_tags_and_anchors_are_errors_naming_the_file(yaml_value):
    with pytest.raises(SourceError) as error:
        read_entry("articles/x.md", ARTICLE.replace("Minsk Counts the Cost", yaml_value))
    assert error.value.path == "articles/x.md"


def test_a_billion_laughs_is_refused_with_a_short_message():
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    text = ARTICLE.replace("tags:\n- belarus", "\n".join(laughs) + "\ntags: *a9")
    with pytest.raises(SourceError) as error:
        read_entry("articles/x.md", text)
    assert error.value.path == "articles/x.md"
    assert len(str(error.value)) < 300


def test_a_long_wrong_value_is_quoted_cut_short():
    with pytest.raises(EntryError) as error:
        read_entry("articles/x.md", ARTICLE.replace("lang: en", "lang: " + "x" * 100_000))
    assert len(str(error.value)) < 300
    assert "xxx...xxx" in str(error.value)


def test_a_file_without_front_matter_is_an_error():
    with pytest.raises(SourceError, match=r"articles/x.md:1: has no front matter"):
        read_entry("articles/x.md", "Just text.\n")


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
