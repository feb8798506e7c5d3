"""The built site as GitHub Pages publishes it: under a project sub-path, with its own 404 page."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.browser


def record_failures(page) -> list[str]:
    """Every response of 400 or more that ``page`` receives, as 'status url'."""
    failures: list[str] = []
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return failures


def local_references(page, base_url: str) -> list[str]:
    """Absolute URLs of the page's links, scripts, stylesheets and images on this host."""
    references = page.eval_on_selector_all(
        "a[href], link[href], script[src], img[src]",
        "nodes => nodes.map(node => node.getAttribute('href') || node.getAttribute('src'))",
    )
    host = urlparse(base_url).netloc
    absolute = (urljoin(page.url, reference) for reference in references)
    return [url for url in absolute if urlparse(url).netloc == host]


def test_home_lists_articles_and_one_opens(page, base_url, console_errors):
    failures = record_failures(page)
    page.goto(base_url)
    article_links = page.locator("main a[href*='articles/']")
    assert article_links.count() >= 6
    title = article_links.first.inner_text().strip()
    article_links.first.click()
    page.wait_for_url("**/REPO/articles/**")
    assert page.locator("h1").first.inner_text().strip() == title
    assert failures == []
    assert console_errors == []


def test_every_local_link_and_asset_stays_under_the_sub_path(page, base_url):
    page.goto(base_url)
    references = local_references(page, base_url)
    assert references
    outside = [url for url in references if not urlparse(url).path.startswith("/REPO/")]
    assert outside == []


def test_every_local_asset_of_the_home_page_loads(page, base_url):
    failures = record_failures(page)
    page.goto(base_url, wait_until="networkidle")
    assert failures == []


def test_a_missing_page_gets_the_styled_404_page(page, base_url):
    failures = record_failures(page)
    response = page.goto(urljoin(base_url, "no/such/page/"))
    assert response.status == 404
    assert "not found" in page.locator("main").inner_text().lower()
    # Only the missing page failed: the 404 page's own styles and scripts load from the sub-path.
    assert failures == [f"404 {urljoin(base_url, 'no/such/page/')}"]
    stylesheets = page.eval_on_selector_all("link[rel=stylesheet]", "nodes => nodes.length")
    assert stylesheets >= 1


def test_no_page_downloads_the_sitemap(page, base_url):
    """sitemap.xml lists every page: a reader must never pay for it (it is for search engines)."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlparse(request.url).path))
    page.goto(base_url, wait_until="networkidle")
    page.locator("main a[href*='articles/']").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("a[rel=tag]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/REPO/tags/" in page.url
    assert [path for path in requests if path.endswith("sitemap.xml")] == []


def test_hovering_an_article_link_prefetches_it(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    link = page.locator("main a[href*='articles/']").first
    target = urljoin(page.url, link.get_attribute("href"))
    with page.expect_request(target):
        link.hover()


def test_home_page_advertises_the_site_feed(page, base_url):
    page.goto(base_url)
    feeds = page.eval_on_selector_all(
        "head link[type='application/atom+xml']",
        "links => links.map(link => [[...link.relList], link.href])",
    )
    assert feeds == [[["alternate"], urljoin(base_url, "feed.xml")]]
    assert page.request.get(feeds[0][1]).status == 200


def test_narrow_screens_show_the_contents_above_the_article(page, base_url):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(urljoin(base_url, "articles/2025/01/five-conditions-minsk-will-not-meet/"))
    contents = page.locator("nav.md-nav--secondary")
    assert contents.is_visible()
    assert contents.locator("a").all_inner_texts() == ["What Europe says", "The art of small steps"]
    box = contents.bounding_box()
    assert box["y"] < page.locator("h1").bounding_box()["y"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    contents.locator("a").last.click()
    assert page.url.endswith("#the-art-of-small-steps")
