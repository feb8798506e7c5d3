import re
from dataclasses import replace
from xml.etree import ElementTree

import pytest

from commentary_archive.site.catalog import Catalog
from commentary_archive.site.collections import (
    Settings,
    _bars,
    collection_files,
    href,
    write_files,
)

SETTINGS = Settings(
    site_name="Archive",
    site_url="https://x.example/repo/",
    home_page_size=2,
    list_page_size=2,
    most_read=2,
)


@pytest.fixture
def files(vocabulary, make_entry):
    entries = [
        make_entry("a", 1, tags=("belarus",), views=5),
        make_entry("b", 2, tags=("belarus", "economy"), views=50),
        make_entry("c", 3, tags=("belarus",), authors=("Pavel Zhuk",), source=None),
        make_entry("d", 4, tags=("belarus",), authors=()),
        make_entry("e", 5, tags=("economy",), month=5, views=7),
    ]
    return {f.src_uri: f.content for f in collection_files(Catalog(entries, vocabulary), SETTINGS)}


def test_every_listing_is_paginated_and_every_tag_and_author_has_a_feed(files):
    assert sorted(files) == [
        "archive/2025/05/index.md",
        "archive/2025/06/index.md",
        "archive/2025/06/page/2/index.md",
        "archive/index.md",
        "authors/anna-example/feed.xml",
        "authors/anna-example/index.md",
        "authors/anna-example/page/2/index.md",
        "authors/index.md",
        "authors/pavel-zhuk/feed.xml",
        "authors/pavel-zhuk/index.md",
        "feed.xml",
        "index.md",
        "page/2/index.md",
        "page/3/index.md",
        "sources/example-org/index.md",
        "sources/example-org/page/2/index.md",
        "sources/index.md",
        "tags/belarus/feed.xml",
        "tags/belarus/index.md",
        "tags/belarus/page/2/index.md",
        "tags/economy/feed.xml",
        "tags/economy/index.md",
        "tags/index.md",
    ]


def article_links(markdown: str) -> list[str]:
    """The article links of a listing: card titles (home) or rows (other lists)."""
    pattern = r'(?:<h2>|<li>)<a href="([^"]+)">[^<]*</a>(?:</h2>|(?=\d))'
    return re.findall(pattern, markdown)


def test_pages_list_newest_first_with_relative_links_and_a_pager(files):
    assert article_links(files["index.md"]) == ["articles/2025/06/d/", "articles/2025/06/c/"]
    assert article_links(files["page/3/index.md"]) == ["../../articles/2025/05/e/"]
    assert article_links(files["tags/belarus/page/2/index.md"]) == [
        "../../../../articles/2025/06/b/",
        "../../../../articles/2025/06/a/",
    ]
    page2 = files["page/2/index.md"]
    assert '<a rel="prev" href="../../">← Newer</a>' in page2
    assert '<a rel="next" href="../3/">Older →</a>' in page2
    assert "5 articles · page 2 of 3" in page2
    assert "title: Latest articles (page 2)\n" in page2


def test_home_shows_cards_first_then_older_pages_of_compact_rows(vocabulary, make_entry):
    entries = [make_entry(slug, day) for day, slug in enumerate("abcdefg", start=1)]
    settings = replace(SETTINGS, home_page_size=2, list_page_size=3)
    files = {f.src_uri: f.content for f in collection_files(Catalog(entries, vocabulary), settings)}
    assert [uri for uri in files if uri == "index.md" or uri.startswith("page/")] == [
        "index.md",
        "page/2/index.md",
        "page/3/index.md",
    ]
    assert files["index.md"].count('<article class="ca-card">') == 2
    assert "ca-rows" not in files["index.md"]
    assert article_links(files["page/2/index.md"]) == [
        f"../../articles/2025/06/{s}/" for s in "edc"
    ]
    assert article_links(files["page/3/index.md"]) == [f"../../articles/2025/06/{s}/" for s in "ba"]
    assert "ca-card" not in files["page/2/index.md"] + files["page/3/index.md"]
    assert "7 articles · page 3 of 3" in files["page/3/index.md"]


def test_home_shows_most_read_and_tags_on_its_first_page_only(files):
    home = files["index.md"]
    assert re.findall(r'<li><a href="([^"]+)">', home) == [
        "articles/2025/06/b/",
        "articles/2025/05/e/",
    ]
    assert '<span class="ca-meta">50 views</span>' in home
    assert '<a href="tags/belarus/">Belarus</a>' in home
    assert "Most read" not in files["page/2/index.md"]
    assert "Most read" not in files["tags/belarus/index.md"]


def test_tag_index_lists_every_vocabulary_tag_by_group_with_counts(files):
    index = files["tags/index.md"]
    groups = re.findall(r'<h2 id="g-\w+">([^<]+)</h2>', index)
    assert groups == ["People", "Places", "Topics"]
    assert '<li class="ca-empty">Alexander Lukashenko <span class="ca-count">0</span></li>' in index
    assert '<li><a href="belarus/">Belarus</a> <span class="ca-count">4</span></li>' in index
    assert '<li><a href="economy/">Economy</a> <span class="ca-count">2</span></li>' in index


def test_archive_index_has_the_chart_and_months_with_counts(files):
    index = files["archive/index.md"]
    assert index.count("<rect ") == 2
    assert '<li><a href="2025/06/">June 2025</a> <span class="ca-count">4</span></li>' in index
    assert '<h2 id="y2025">2025 <span class="ca-count">5</span></h2>' in index


def test_term_pages_carry_description_and_feed(files):
    tag = files["tags/economy/index.md"]
    assert tag.startswith("---\ntitle: Economy\ndescription: Money.\ngenerated: true\n---\n")
    assert '<p class="ca-lead">Money.</p>' in tag
    assert '<a href="feed.xml" type="application/atom+xml">Atom feed</a>' in tag


def test_text_from_front_matter_is_escaped(vocabulary, make_entry):
    entry = make_entry("x", 1, authors=("<b>Bold</b>",))
    hostile = replace(entry, title="<script>alert(1)</script>")
    files = {
        f.src_uri: f.content for f in collection_files(Catalog([hostile], vocabulary), SETTINGS)
    }
    assert "<script>" not in files["index.md"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in files["index.md"]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in files["authors/index.md"]


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("index.md", "articles/2025/06/x/", "articles/2025/06/x/"),
        ("page/2/index.md", "", "../../"),
        ("tags/belarus/index.md", "tags/economy/", "../economy/"),
        ("tags/belarus/page/3/index.md", "feed.xml", "../../../../feed.xml"),
        ("archive/index.md", "archive/2025/06/", "2025/06/"),
    ],
)
def test_href_is_relative(page, target, link):
    assert href(page, target) == link


def test_bars_cover_every_month_between_the_first_and_the_last(vocabulary, make_entry):
    catalog = Catalog([make_entry("a", 1, month=11), make_entry("b", 1, month=2)], vocabulary)
    months = sorted(catalog.months.values(), key=lambda term: term.key)
    bars = _bars(months)
    assert [(b.label, b.count, b.year_starts) for b in bars] == [
        ("February 2025", 1, "2025"),
        ("March 2025", 0, None),
        ("April 2025", 0, None),
        ("May 2025", 0, None),
        ("June 2025", 0, None),
        ("July 2025", 0, None),
        ("August 2025", 0, None),
        ("September 2025", 0, None),
        ("October 2025", 0, None),
        ("November 2025", 1, None),
    ]


def test_write_files_puts_every_file_under_the_docs_folder(files, tmp_path):
    from commentary_archive.site.collections import GeneratedFile

    count = write_files([GeneratedFile(uri, text) for uri, text in files.items()], tmp_path)
    assert count == len(files) == 23
    assert (tmp_path / "tags/belarus/page/2/index.md").read_text(encoding="utf-8") == files[
        "tags/belarus/page/2/index.md"
    ]


def on(entry, year: int, month: int = 6):
    """``entry`` moved to ``year`` (and ``month``), its file with it."""
    moved = entry.date.replace(year=year, month=month)
    return replace(entry, date=moved, src_uri=f"articles/{year}/{month:02d}/{entry.title}.md")


def test_bars_leave_out_the_years_without_articles_and_mark_the_gap(vocabulary, make_entry):
    entries = [on(make_entry("a", 1), 1900, 11), on(make_entry("b", 1), 9998, 2)]
    months = sorted(Catalog(entries, vocabulary).months.values(), key=lambda term: term.key)
    bars = _bars(months)
    assert [(b.label, b.count, b.year_starts, b.gap) for b in bars] == [
        ("November 1900", 1, None, False),
        ("December 1900", 0, None, False),
        ("No articles in 1901\N{EN DASH}9997", 0, None, True),
        ("January 9998", 0, "9998", False),
        ("February 9998", 1, None, False),
    ]


def test_a_gap_of_one_year_names_that_year(vocabulary, make_entry):
    entries = [on(make_entry("a", 1), 2023, 12), on(make_entry("b", 1), 2025, 1)]
    months = sorted(Catalog(entries, vocabulary).months.values(), key=lambda term: term.key)
    assert [b.label for b in _bars(months) if b.gap] == ["No articles in 2024"]


def test_bars_are_per_year_when_very_many_years_have_articles(vocabulary, make_entry):
    years = [1900 + 2 * n for n in range(60)]  # 60 years with articles, one year apart each
    entries = [on(make_entry(f"e{year}", 1), year) for year in years]
    entries.append(on(make_entry("twin", 2), 1900))
    months = sorted(Catalog(entries, vocabulary).months.values(), key=lambda term: term.key)
    bars = _bars(months)
    counted = [b for b in bars if not b.gap]
    assert [b.label for b in counted] == [str(year) for year in years]
    assert counted[0].count == 2 and {b.count for b in counted[1:]} == {1}
    assert len(bars) == 60 + 59  # a gap between every two years
    assert [b.year_starts for b in counted[:3]] == ["1900", "1902", "1904"]  # each after a gap


def test_the_archive_page_stays_small_whatever_the_dates(vocabulary, make_entry):
    entries = [on(make_entry("a", 1), 1900), on(make_entry("b", 1), 9998)]
    files = {f.src_uri: f.content for f in collection_files(Catalog(entries, vocabulary), SETTINGS)}
    archive = files["archive/index.md"]
    assert len(archive.encode()) < 10_000
    assert archive.count("<rect ") == 7 + 6  # June to December 1900, January to June 9998
    assert "<title>No articles in 1901\N{EN DASH}9997</title>…</text>" in archive


def test_links_and_text_of_listings_are_escaped(vocabulary, make_entry):
    hostile = replace(
        make_entry("x", 1, tags=("belarus",), views=3),
        src_uri='articles/2025/06/q"onmouseover="alert(1).md',
        title='"><script>alert(1)</script>',
    )
    files = collection_files(Catalog([hostile, make_entry("y", 2)], vocabulary), SETTINGS)
    for file in files:
        if file.src_uri.endswith(".md"):
            assert '"onmouseover=' not in file.content, file.src_uri
        assert "<script>" not in file.content, file.src_uri
    feed = ElementTree.fromstring(next(f.content for f in files if f.src_uri == "feed.xml"))
    links = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert 'https://x.example/repo/articles/2025/06/q"onmouseover="alert(1)/' in links
    home = next(file.content for file in files if file.src_uri == "index.md")
    assert 'href="articles/2025/06/q&quot;onmouseover=&quot;alert(1)/"' in home


def test_listings_show_each_articles_own_spelling_and_the_page_lists_them_all(
    vocabulary, make_entry
):
    umlaut = make_entry("umlaut", 2, authors=("Anna Müller",))
    plain = make_entry("plain", 1, authors=("Anna Muller",))
    catalog = Catalog([umlaut, plain], vocabulary)
    files = {f.src_uri: f.content for f in collection_files(catalog, SETTINGS)}
    page = files["authors/anna-muller/index.md"]
    assert "title: Anna Müller\n" in page  # used equally: the newest spelling names the page
    assert '<p class="ca-also">Also written: Anna Muller</p>' in page
    assert "5 June 2025" not in page
    assert "2 June 2025 · Anna Müller · example.org" in page
    assert "1 June 2025 · Anna Muller · example.org" in page
    assert '<a href="anna-muller/">Anna Müller</a>' in files["authors/index.md"]
    assert "<name>Anna Muller</name>" in files["authors/anna-muller/feed.xml"]


def test_characters_xml_forbids_leave_no_generated_page_or_feed(vocabulary, make_entry):
    entry = replace(
        make_entry("x", 1, authors=("A\x00nna",), tags=("belarus",)),
        title="Bad \uffff\ufffe\x01\x1f title",
        description="Lead \x0b here.",
    )
    files = collection_files(Catalog([entry], vocabulary), SETTINGS)
    for file in files:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", file.content), file.src_uri
    feeds = [file for file in files if file.src_uri.endswith(".xml")]
    assert len(feeds) == 3  # the site's, the tag's and the author's
    for feed in feeds:
        assert "<title>Bad  title</title>" in feed.content


def test_a_feed_that_does_not_parse_fails_naming_the_feed(vocabulary, make_entry, monkeypatch):
    from commentary_archive.site import collections
    from commentary_archive.site.feeds import FeedError

    monkeypatch.setattr(collections, "atom_feed", lambda *args: "<feed><title>x</feed>\n")
    with pytest.raises(FeedError) as error:
        collection_files(Catalog([make_entry("x", 1)], vocabulary), SETTINGS)
    assert error.value.path == "authors/anna-example/feed.xml"
    assert error.value.line == 1
    assert "is not well-formed XML (mismatched tag" in error.value.problem
