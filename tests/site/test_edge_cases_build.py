"""Strict builds of the front matter that broke the site: what it must show, and what must fail.

The articles that build are in ``tests/site/fixtures/edge_cases/``: a title with ``<`` and ``>``,
a date without a time, one author and one source spelt two ways, characters XML forbids, and
articles dated 1900 and 9998. The ones that must fail are written by the tests.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from site_project import make_project, mkdocs_build, write_article

EDGE_CASES = Path(__file__).parent / "fixtures" / "edge_cases"
FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HOSTILE_LANG = """'en"><script>alert(26)</script><x y="'"""
PAGE_LIMIT = 300_000
NO_TIME = "articles/2025/06/why-2-3-and-5-4-matters/index.html"
MULLER = "articles/2025/06/anna-muller-writes-again/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("project"))
    shutil.copytree(EDGE_CASES, project / "docs", dirs_exist_ok=True)
    write_article(project, 'q"onmouseover="alert(1).md', f"title: A <b> page\nlang: {HOSTILE_LANG}")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return project / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_a_title_is_escaped_in_the_page_title_not_stripped(site):
    page = read(site, NO_TIME)
    assert "<title>Why 2 &lt; 3 and 5 &gt; 4 Matters · Commentary Archive</title>" in page
    assert "<h1>Why 2 &lt; 3 and 5 &gt; 4 Matters</h1>" in page
    assert '<meta property="og:title" content="Why 2 &lt; 3 and 5 &gt; 4 Matters">' in page


def test_a_date_without_a_time_shows_the_day_alone(site):
    page = read(site, NO_TIME)
    assert '<time datetime="2025-06-05" data-pagefind-meta="date:5 June 2025"' in page
    assert ">5 June 2025</time>" in page
    assert "00:00" not in re.search(r"<time.*?</time>", page).group(0).split(">", 1)[1]
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert json.loads(ld)["datePublished"] == "2025-06-05"
    assert '<meta property="article:published_time" content="2025-06-05">' in page
    entry = next(e for e in feedparser.parse(read(site, "feed.xml")).entries if "2-3" in e.link)
    assert entry.published == "2025-06-05T00:00:00+00:00"
    assert "<lastmod>2025-06-05</lastmod>" in read(site, "sitemap.xml")


def test_each_article_shows_its_own_spelling_and_links_the_shared_page(site):
    umlaut, plain = read(site, NO_TIME), read(site, MULLER)
    link = (
        '<a href="../../../../authors/anna-muller/" rel="author" '
        'data-pagefind-filter="author[data-name]" data-name="Anna Müller">'
    )
    assert f"{link}Anna Müller</a>" in umlaut
    assert f"{link}Anna Muller</a>" in plain
    assert 'data-name="Naša Niva">Naša Niva</a>' in umlaut
    assert 'data-name="Naša Niva">Nasa Niva</a>' in plain
    assert 'data-pagefind-meta="authors:Anna Muller"' in plain
    author = read(site, "authors/anna-muller/index.html")
    assert "<h1>Anna Müller</h1>" in author
    assert '<p class="ca-also">Also written: Anna Muller</p>' in author
    assert "4 June 2025 · Anna Muller · Nasa Niva" in author
    source = read(site, "sources/nasa-niva/index.html")
    assert "<h1>Naša Niva</h1>" in source and "Also written: Nasa Niva" in source
    feed = feedparser.parse(read(site, "authors/anna-muller/feed.xml"))
    assert sorted(entry.author for entry in feed.entries) == ["Anna Muller", "Anna Müller"]


def test_characters_xml_forbids_leave_no_page_or_feed_and_every_feed_parses(site):
    article = read(site, "articles/2025/06/characters-xml-forbids/index.html")
    assert "<h1>Characters XML Forbids: end</h1>" in article
    assert "Nul Writer" in article
    for path in [*site.rglob("*.html"), *site.rglob("*.xml")]:
        assert not FORBIDDEN_IN_XML.search(path.read_text(encoding="utf-8")), path
    for path in site.rglob("*.xml"):
        ElementTree.fromstring(path.read_bytes())
    for path in site.rglob("feed.xml"):
        assert feedparser.parse(path.read_bytes()).bozo == 0, path


def test_articles_in_1900_and_9998_make_a_small_archive_page(site):
    archive = read(site, "archive/index.html")
    assert len(archive.encode()) < 30_000
    assert "<title>No articles in 1901\N{EN DASH}2023</title>…</text>" in archive
    assert "<title>No articles in 2026\N{EN DASH}9997</title>…</text>" in archive
    assert '<h2 id="y9998">9998 <span class="ca-count">1</span></h2>' in archive
    for path in site.rglob("*.html"):
        assert path.stat().st_size < PAGE_LIMIT, path
    page = read(site, "articles/9998/12/the-newest-article/index.html")
    assert page.startswith('<!doctype html>\n<html lang="be-BY"')
    assert '<time datetime="9998-12-31T23:59:00+14:00"' in page
    assert 'data-pagefind-sort="date:9998-12-31T09:59"' in page


def test_a_page_outside_the_articles_is_escaped_whatever_its_name_and_language(site):
    page = read(site, 'q"onmouseover="alert(1)/index.html')
    escaped = "en&#34;&gt;&lt;script&gt;alert(26)&lt;/script&gt;&lt;x y=&#34;"
    assert page.startswith(f'<!doctype html>\n<html lang="{escaped}" class="no-js">')
    assert "<script>alert" not in page
    assert "<title>A &lt;b&gt; page · Commentary Archive</title>" in page
    assert '"onmouseover=' not in read(site, "sitemap.xml")


BROKEN = {
    "articles/2025/06/lang-injection.md": (
        f"title: T\ndate: 2025-06-05T12:00:00+03:00\nlang: {HOSTILE_LANG}",
        "articles/2025/06/lang-injection.md:4: front matter key 'lang' must be a language tag",
    ),
    'articles/2025/05/q"onmouseover="alert(1).md': (
        "title: T\ndate: 2025-05-05T12:00:00+03:00",
        """articles/2025/05/q"onmouseover="alert(1).md: has characters other than letters""",
    ),
    "articles/2025/06/draft-as-text.md": (
        'title: T\ndate: 2025-06-05T12:00:00+03:00\ndraft: "true"',
        "articles/2025/06/draft-as-text.md:4: front matter key 'draft' must be true or false, "
        "not 'true'.",
    ),
    "articles/2025/06/views-as-text.md": (
        'title: T\ndate: 2025-06-05T12:00:00+03:00\nviews: "12"',
        "articles/2025/06/views-as-text.md:4: front matter key 'views' must be a whole number",
    ),
    "articles/2025/06/tags-as-text.md": (
        "title: T\ndate: 2025-06-05T12:00:00+03:00\ntags: belarus",
        "articles/2025/06/tags-as-text.md:4: front matter key 'tags' must be a list of text",
    ),
    "articles/2025/06/authors-not-text.md": (
        "title: T\ndate: 2025-06-05T12:00:00+03:00\nauthors:\n- 12\n- [Anna]",
        "articles/2025/06/authors-not-text.md:4: front matter key 'authors' must be a list of text",
    ),
    "articles/1024/06/offset-with-seconds.md": (
        "title: T\ndate: !!timestamp 1024-06-03T08:05:00+01:50:16",
        "articles/1024/06/offset-with-seconds.md: has a front matter value YAML cannot build",
    ),
    "articles/9999/06/year-9999.md": (
        "title: T\ndate: 9999-06-03T08:05:00+00:00",
        "articles/9999/06/year-9999.md:3: front matter key 'date' must be in the years 1000",
    ),
    "articles/0001/01/year-1.md": (
        "title: T\ndate: 0001-01-01",
        "articles/0001/01/year-1.md:3: front matter key 'date' must be in the years 1000",
    ),
    "articles/2025/06/billion-laughs.md": (
        "title: T\ndate: 2025-06-05T12:00:00+03:00\n"
        + "\n".join(
            [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
            + [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
        )
        + "\ntags: *a9",
        "articles/2025/06/billion-laughs.md:4: has a YAML anchor or alias",
    ),
}


def test_front_matter_the_site_cannot_use_fails_the_build_naming_each_file(tmp_path):
    project = make_project(tmp_path)
    for src_uri, (front_matter, _) in BROKEN.items():
        write_article(project, src_uri, front_matter)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "commentary-archive: cannot read articles:" in result.stderr
    for _, message in BROKEN.values():
        assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr) < 10_000
