"""One strict MkDocs build of the fixture articles, checked file by file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from site_project import FIXTURES, SITE_URL, make_project, mkdocs_build


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return project / "site"


def html_pages(site: Path, folder: str = "") -> list[str]:
    return sorted(str(p.relative_to(site)) for p in (site / folder).rglob("*.html"))


def test_every_published_article_has_a_page_and_the_draft_has_none(site):
    articles = html_pages(site, "articles")
    assert len(articles) == 8
    assert "articles/2025/06/an-unpublished-draft/index.html" not in articles
    assert "an-unpublished-draft" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_collection_pages_exist_with_exact_counts(site):
    assert len(html_pages(site, "tags")) == 17  # 16 tags in use, and the index
    assert len(html_pages(site, "authors")) == 6  # 5 authors, and the index
    assert len(html_pages(site, "sources")) == 5  # 4 sources, and the index
    assert len(html_pages(site, "archive")) == 6  # 5 months, and the index
    assert len(html_pages(site)) == 8 + 17 + 6 + 5 + 6 + 4  # + home, about, search, 404
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('<article class="ca-card">') == 8
    belarus = (site / "tags/belarus/index.html").read_text(encoding="utf-8")
    assert "4 articles" in belarus and belarus.count('<li><a href="../../articles/') == 4


def test_every_feed_parses(site):
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) == 1 + 16 + 5
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        assert all(entry.link.startswith(SITE_URL + "articles/") for entry in feed.entries)
    assert len(feedparser.parse((site / "feed.xml").read_bytes()).entries) == 8


def test_hostile_text_is_shown_never_run(site):
    page = (site / "articles/2025/03/script-tags-and-other-traps/index.html").read_text("utf-8")
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert not re.search(r"""href=["']?javascript:""", page)
    assert "<h1>When &lt;script&gt;alert(1)&lt;/script&gt; Is Just Text</h1>" in page
    assert "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "[click me](javascript:alert(2))" in page
    for listing in ("index.html", "authors/index.html", "tags/media-freedom/index.html"):
        assert "<script>alert" not in (site / listing).read_text("utf-8")


def test_article_page_links_metadata_and_language(site):
    page = (site / "articles/2025/04/moskva-i-minsk-schitayut-dengi/index.html").read_text("utf-8")
    assert page.startswith('<!doctype html>\n<html lang="ru"')
    assert (
        f'<link rel="canonical" href="{SITE_URL}articles/2025/04/moskva-i-minsk-schitayut-dengi/">'
        in page
    )
    assert '<meta property="og:title" content="Москва и Минск считают деньги">' in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert json.loads(ld)["headline"] == "Москва и Минск считают деньги"
    assert 'href="../../../../authors/ivan-primerov/" rel="author"' in page
    assert 'href="../../../../tags/union-state/" rel="tag"' in page
    assert 'rel="prev"' in page and 'rel="next"' in page
    assert "data-pagefind-body" in page
    assert "Edit this page" in page


def test_article_pages_carry_no_chrome_they_do_not_use(site):
    """Articles are most of the site's bytes: no empty Material components, no inline icons, no
    results dropdown (the search script makes it) and no hidden copy of what search reads."""
    page = (site / "articles/2025/04/moskva-i-minsk-schitayut-dengi/index.html").read_text("utf-8")
    for unused in (
        'data-md-component="announce"',
        'data-md-component="dialog"',
        'data-md-component="header-topic"',
        "<svg",
        "md-search__output",
        "hidden",
        "description:",
    ):
        assert unused not in page, unused
    assert 'data-pagefind-filter="tag">Union State</a>' in page


def test_listings_carry_no_search_body_and_no_third_party_assets(site):
    for path in ("index.html", "tags/index.html", "archive/index.html", "about/index.html"):
        page = (site / path).read_text("utf-8")
        assert "data-pagefind-body" not in page, path
        assert not re.search(
            r"""(src|href)="https?://(?!127\.0\.0\.1)[^"]*\.(css|js|woff2?)""", page
        )
        assert "fonts.googleapis" not in page


def test_a_tag_outside_the_vocabulary_fails_the_strict_build(tmp_path):
    project = make_project(tmp_path)
    shutil.copytree(FIXTURES / "site_unknown_tag", project / "docs", dirs_exist_ok=True)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert (
        "articles/2025/06/an-article-with-a-misspelt-tag.md:12: has tag 'ekonomy', which is not "
        "in the tag vocabulary. Did you mean 'economy'? Use a key from tags.yml, or add the tag "
        "there.\n"
    ) in result.stderr


def test_the_generated_pages_can_be_written_as_files_for_another_engine(tmp_path, capsys):
    from commentary_archive.site.__main__ import main

    project = make_project(tmp_path / "project")
    out = tmp_path / "out"
    assert main(["--config", str(project / "mkdocs.yml"), "--out", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert len(written) == 2 + 17 + 6 + 5 + 6 + 16 + 5  # home, feed; pages and feeds as built
    assert "index.md" in written and "tags/belarus/feed.xml" in written
    assert "wrote 57 generated pages and feeds" in capsys.readouterr().out


def test_a_hand_written_page_where_a_generated_one_goes_fails_the_strict_build(tmp_path):
    project = make_project(tmp_path)
    (project / "docs" / "index.md").write_text("# My own home page\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/index.md is generated by the site; the file in docs/ is ignored." in result.stderr
