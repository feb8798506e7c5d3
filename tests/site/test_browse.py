"""The built site in headless Chromium: a reader's walk, links, accessibility, small screens,
hostile text and privacy. Screenshots of each page type go to test-artifacts/ for a human look."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HOSTILE = "articles/2025/03/script-tags-and-other-traps/"
ARTICLE = "articles/2025/06/a-drone-factory-nobody-asked-for/"
PAGE_TYPES = {
    "home": "",
    "article": ARTICLE,
    "tag": "tags/belarus/",
    "tags": "tags/",
    "author": "authors/anna-example/",
    "source": "sources/example-org/",
    "archive": "archive/",
    "month": "archive/2025/06/",
    "about": "about/",
}


def shown_count(page) -> int:
    """The article count a listing states ("4 articles")."""
    return int(re.match(r"([\d,]+) articles?", page.locator(".ca-total").inner_text())[1])


def assert_listing_counts_match(page) -> None:
    rows = page.locator(".ca-rows > li, .ca-card").count()
    assert rows == shown_count(page), page.url


def open_link(page, selector: str) -> str:
    """Click the first link matching ``selector``; return its text."""
    link = page.locator(selector).first
    text = link.text_content().strip()
    link.click()
    page.wait_for_load_state("networkidle")
    return text


def test_walk_home_tag_article_author_source_month(page, base_url, console_errors):
    page.goto(base_url)
    open_link(page, ".ca-card .ca-tags a")
    assert "/tags/" in page.url
    assert_listing_counts_match(page)
    title = open_link(page, ".ca-rows a")
    assert page.locator("h1").inner_text() == title
    author = open_link(page, ".ca-meta a[rel=author]")
    assert page.locator("h1").inner_text() == author
    assert_listing_counts_match(page)
    open_link(page, ".ca-rows a")
    source = open_link(page, ".ca-article__header .ca-meta a:not([rel])")
    assert "/sources/" in page.url and page.locator("h1").inner_text() == source
    assert_listing_counts_match(page)
    open_link(page, ".ca-rows a")
    month = open_link(page, ".ca-kicker a")
    assert "/archive/" in page.url and page.locator("h1").inner_text() == month
    assert_listing_counts_match(page)
    assert console_errors == []


def test_index_counts_equal_the_articles_listed(page, base_url, console_errors):
    for index in ("tags/", "authors/", "sources/", "archive/"):
        page.goto(base_url + index)
        for item in page.locator(".ca-terms li:has(a), .ca-year li").all()[:6]:
            count = int(item.locator(".ca-count").inner_text())
            item.locator("a").click()
            page.wait_for_load_state("networkidle")
            assert shown_count(page) == count, page.url
            page.go_back()
    assert console_errors == []


def test_previous_next_and_related_links_resolve(page, base_url, console_errors):
    page.goto(base_url + ARTICLE)
    links = page.locator(".ca-neighbours a, .ca-related a")
    targets = [(a.evaluate("a => a.href"), a.text_content()) for a in links.all()]
    assert len(targets) >= 3
    for href, text in targets:
        response = page.goto(href)
        assert response.status == 200
        assert page.locator("h1").inner_text() in text
    assert console_errors == []


@pytest.mark.parametrize("name", ["home", "article", "tag", "archive"])
def test_no_serious_accessibility_violations(page, base_url, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + PAGE_TYPES[name])
    violations = Axe().run(page).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


@pytest.mark.parametrize("width", [375, 1280])
def test_every_page_type_fits_the_screen_without_errors(browser, base_url, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, path in PAGE_TYPES.items():
        page.goto(base_url + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        page.screenshot(path=ARTIFACTS / f"site-{name}-{width}.png", full_page=True)
    context.close()
    assert errors == []


def test_hostile_article_shows_its_text_and_runs_nothing(page, base_url, console_errors):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + HOSTILE, wait_until="networkidle")
    assert page.locator("h1").inner_text() == "When <script>alert(1)</script> Is Just Text"
    body = page.locator(".ca-article").inner_text()
    assert "An article may quote <script>alert(1)</script>" in body
    assert "[click me](javascript:alert(2))" in body
    assert "<img src=x onerror=alert(3)>" in body
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto(base_url, wait_until="networkidle")
    assert dialogs == []
    assert console_errors == []


def test_every_request_stays_on_the_site(page, base_url):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    for path in PAGE_TYPES.values():
        page.goto(base_url + path, wait_until="networkidle")
    page.locator(".ca-theme").click()
    assert hosts == {"127.0.0.1"}


def test_dark_mode_choice_survives_navigation(page, base_url, console_errors):
    page.emulate_media(color_scheme="light")
    page.goto(base_url, wait_until="networkidle")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator(".ca-theme").click()
    assert page.evaluate(scheme) == "slate"
    open_link(page, ".ca-card h2 a")
    assert page.evaluate(scheme) == "slate"
    page.reload(wait_until="networkidle")
    assert page.evaluate(scheme) == "slate"
    assert console_errors == []
