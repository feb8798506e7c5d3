"""Search: the bundles the indexer writes; the header box and the search page in Chromium."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import frontmatter
import pytest

from commentary_archive.site.search import full_text_page, index_site, page_lang

FIXTURE_ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "site" / "docs" / "articles"
PROJECT_ARTICLES = Path(__file__).resolve().parents[2] / "docs" / "articles"
FERRY = "The Ferry Timetable on Lake Naroch"
WINTER_ROADS = "Зимние дороги Полесья"
# By Pavel Sample; three articles by Pavel or Petra Sample (search-*.md) say "drone" in their lead.
DRONE_FACTORY = "A Drone Factory Nobody Asked For"
# Its text has "после сильного ветра" and "на рынке"; another article has "сильный мороз".
LUNINETS_ROOFS = "Крыши Лунинца после бури"
HEADER_INPUT = "[data-archive-search] input"
HEADER_OPTIONS = "[data-archive-search] [role=option]"
HEADER_SETTLED = "[data-archive-search] [role=listbox][aria-busy=false]"
HEADER_STATUS = "[data-archive-search] [role=status]"
RESULT_TITLES = ".archive-search-page__result h2"
SETTLED = ".archive-search-page__results[aria-busy=false]"


def indexed_urls(folder: Path) -> set[str]:
    """The page URLs the Pagefind bundles in ``folder`` hold (one part's bundle, or every part of
    a language), read from their fragments (gzip, then JSON)."""
    urls = set()
    for fragment in folder.rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.add(json.loads(data)["url"])
    return urls


def published_articles() -> dict[str, frontmatter.Post]:
    """The articles the test site publishes (drafts left out), by URL below the site root:
    the project's own articles plus the fixtures copied over them (see tests/conftest.py)."""
    posts = {}
    for root in (PROJECT_ARTICLES, FIXTURE_ARTICLES):
        for path in root.rglob("*.md"):
            post = frontmatter.load(path)
            url = "/articles/" + path.relative_to(root).with_suffix("").as_posix() + "/"
            posts[url] = post
    return {url: post for url, post in posts.items() if not post.get("draft")}


def article_page(lang: str, title: str, lead: str, body: str) -> str:
    """An article page in the shape the templates give it (see partials/article.html)."""
    return (
        f'<!doctype html><html lang="{lang}"><body><nav>Home Tags</nav><div data-pagefind-body>'
        f"<h1>{title}</h1>"
        f'<p data-pagefind-ignore><time data-pagefind-sort="date:2025-06-05T09:36">5 June 2025'
        f'</time></p><p class="lead">{lead}</p><p>{body}</p></div></body></html>'
    )


# The indexer, on small sites of its own


@pytest.mark.parametrize(
    ("html", "lang"),
    [('<html lang="ru">', "ru"), ('<html lang="en-GB" class="no-js">', "en"), ("<html>", "en")],
)
def test_page_lang_is_the_primary_subtag_of_html_lang(html, lang):
    assert page_lang(html) == lang


def test_the_indexed_page_weighs_the_lead_above_the_body_and_below_the_title():
    page = full_text_page(
        '<div data-pagefind-body><h1>T</h1><p class="lead">Lead.</p><p>Body.</p></div>', "en"
    )
    assert '<p class="lead" data-pagefind-weight="2">Lead.</p><p>Body.</p>' in page


def test_index_site_writes_a_full_text_bundle_per_language_and_part(tmp_path):
    site = tmp_path / "site"
    pages = {
        "articles/2025/06/one/index.html": article_page("en", "One", "Lead one.", "Amber quay."),
        "articles/2025/06/two/index.html": article_page("ru", "Два", "Первый.", "Снегоуборочные."),
        "index.html": '<html lang="en"><body><h1>Home</h1><p>Amber quay.</p></body></html>',
        "tags/index.html": '<html lang="en"><body><h1>Tags</h1></body></html>',
    }
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")

    stats = index_site(site)

    assert stats.articles == {"en": 1, "ru": 1}
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == {
        "en": {"articles": 1, "parts": ["2025"], "words": False},
        "ru": {"articles": 1, "parts": ["2025"], "words": False},
    }
    assert indexed_urls(site / "pagefind" / "en" / "2025") == {"/articles/2025/06/one/"}
    assert indexed_urls(site / "pagefind" / "ru" / "2025") == {"/articles/2025/06/two/"}
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []  # staging removed


def test_index_site_of_a_site_without_articles_writes_no_bundle(tmp_path):
    (tmp_path / "index.html").write_text('<html lang="en"><body>Home</body></html>')

    stats = index_site(tmp_path)

    assert stats.articles == {}
    assert [p.name for p in (tmp_path / "pagefind").iterdir()] == ["parts.json"]
    assert json.loads((tmp_path / "pagefind" / "parts.json").read_text()) == {}


def test_index_site_again_replaces_the_old_bundles(tmp_path):
    site = tmp_path / "site"
    page = site / "articles" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(article_page("ru", "Два", "Первый.", "Текст."), encoding="utf-8")
    index_site(site)
    page.write_text(article_page("en", "One", "Lead.", "Text."), encoding="utf-8")

    index_site(site)

    assert sorted(p.name for p in (site / "pagefind").iterdir() if p.is_dir()) == ["en"]


# The built site: every article is indexed, nothing else is


def test_the_built_site_indexes_every_published_article_and_nothing_else(built_site):
    articles = published_articles()
    languages = json.loads((built_site / "pagefind" / "parts.json").read_text())
    for lang in ("en", "ru"):
        expected = {url for url, post in articles.items() if post["lang"] == lang}
        parts = [built_site / "pagefind" / lang / part for part in languages[lang]["parts"]]
        assert set().union(*map(indexed_urls, parts)) == expected


def test_every_article_page_declares_language_filters_and_the_date_sort_key(built_site):
    for url, post in published_articles().items():
        html = (built_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{post["lang"]}"' in html
        assert 'data-pagefind-sort="date:' in html
        assert f'data-pagefind-filter="year:{post["date"].year}"' in html


# In the browser


@pytest.mark.browser
def test_typing_in_the_header_box_shows_matching_articles(page, base_url, console_errors):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.fill(HEADER_INPUT, "ferry")
    option = page.locator(HEADER_OPTIONS).first
    assert option.locator("h1").inner_text() == FERRY
    assert option.locator("p").first.inner_text() == "14 February 2025 · Petra Sample"
    assert option.locator("mark").first.inner_text().lower() == "ferry"
    bundle_requests = [url for url in requests if "/pagefind/" in url]
    assert bundle_requests
    assert all(
        url.startswith(base_url + "pagefind/en/") or url.endswith("pagefind/parts.json")
        for url in bundle_requests
    )
    assert console_errors == []


@pytest.mark.browser
def test_pagefind_loads_on_first_focus_not_with_the_page(
    page, base_url, built_site, console_errors
):
    first_part = json.loads((built_site / "pagefind" / "parts.json").read_text())["en"]["parts"][0]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url, wait_until="networkidle")
    assert [url for url in requests if "/pagefind/" in url] == []
    with page.expect_request(base_url + f"pagefind/en/{first_part}/pagefind.js"):
        page.focus(HEADER_INPUT)
    assert base_url + "pagefind/parts.json" in requests
    assert console_errors == []


@pytest.mark.browser
def test_header_results_follow_the_keyboard_and_escape_closes(page, base_url, console_errors):
    page.goto(base_url)
    page.fill(HEADER_INPUT, "ferry")
    page.locator(HEADER_OPTIONS).first.wait_for()
    page.keyboard.press("ArrowDown")
    first = page.locator(HEADER_OPTIONS).first
    assert first.get_attribute("aria-selected") == "true"
    assert page.get_attribute(HEADER_INPUT, "aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("Escape")
    assert page.get_attribute(HEADER_INPUT, "aria-expanded") == "false"
    assert page.is_checked("#__search") is False
    page.focus(HEADER_INPUT)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/2025/02/search-the-ferry-timetable-on-lake-naroch/")
    assert page.locator("h1").first.inner_text() == FERRY
    assert console_errors == []


@pytest.mark.browser
def test_a_cyrillic_word_in_the_header_finds_the_russian_article(page, base_url, console_errors):
    page.goto(base_url)
    page.fill(HEADER_INPUT, "снегоуборочные")
    assert page.locator(HEADER_OPTIONS).first.locator("h1").inner_text() == WINTER_ROADS
    assert console_errors == []


@pytest.mark.browser
def test_enter_in_the_header_opens_the_full_text_search(page, base_url, console_errors):
    page.goto(base_url)
    page.fill(HEADER_INPUT, "brass telescope")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=brass+telescope")
    assert page.locator(RESULT_TITLES).first.inner_text() == FERRY
    assert console_errors == []


@pytest.mark.browser
def test_a_phrase_from_the_body_finds_its_article_first(page, base_url, console_errors):
    page.goto(base_url + "search/?q=harbour%20master%20kept%20a%20brass%20telescope")
    assert page.locator(RESULT_TITLES).first.inner_text() == FERRY
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("word", ["расписание", "снегоуборочных"])  # as written; another form
def test_a_cyrillic_word_finds_the_russian_article(page, base_url, console_errors, word):
    page.goto(base_url + f"search/?q={word}")
    assert page.locator(RESULT_TITLES).first.inner_text() == WINTER_ROADS
    assert page.is_checked(".archive-search-page__languages input[value=ru]")
    assert console_errors == []


@pytest.mark.browser
def test_choosing_a_tag_narrows_the_results_to_that_tag(page, base_url, console_errors):
    articles = published_articles()
    page.goto(base_url + "search/?q=district")
    page.locator(RESULT_TITLES).first.wait_for()
    everything = page.locator(RESULT_TITLES).count()
    page.check(".archive-search-page__facet input[data-facet=tag][data-value=Economy]")
    page.wait_for_url("**tag=Economy**")
    page.locator(SETTLED).wait_for()
    urls = page.eval_on_selector_all(f"{RESULT_TITLES} a", "links => links.map(a => a.pathname)")
    assert 0 < len(urls) < everything
    assert all("economy" in articles[url.removeprefix("/REPO")]["tags"] for url in urls)
    assert parse_qs(urlparse(page.url).query) == {"q": ["district"], "tag": ["Economy"]}
    assert console_errors == []


@pytest.mark.browser
def test_sorting_by_date_orders_every_result_newest_first(page, base_url, console_errors):
    articles = published_articles()
    page.goto(base_url + "search/?q=district")
    page.locator(RESULT_TITLES).first.wait_for()
    by_relevance = page.locator(RESULT_TITLES).count()
    page.select_option(".archive-search-page__form select", "newest")
    page.wait_for_url("**sort=newest**")
    page.locator(SETTLED).wait_for()
    urls = page.eval_on_selector_all(f"{RESULT_TITLES} a", "links => links.map(a => a.pathname)")
    dates = [articles[url.removeprefix("/REPO")]["date"] for url in urls]
    assert len(urls) == by_relevance  # a sort drops pages without the key: none may lack it
    assert dates == sorted(dates, reverse=True)
    assert console_errors == []


@pytest.mark.browser
def test_the_url_round_trips_query_filters_and_sort(page, base_url, console_errors):
    page.goto(base_url + "search/?q=district&tag=Belarus&sort=oldest")
    page.locator(RESULT_TITLES).first.wait_for()
    assert page.input_value(".archive-search-page__query") == "district"
    assert page.input_value(".archive-search-page__form select") == "oldest"
    assert page.is_checked("input[data-facet=tag][data-value=Belarus]")
    page.uncheck("input[data-facet=tag][data-value=Belarus]")
    page.check("input[data-facet=year][data-value='2025']")
    page.wait_for_url("**year=2025**")
    page.locator(SETTLED).wait_for()
    shared = page.url
    assert parse_qs(urlparse(shared).query) == {
        "q": ["district"],
        "year": ["2025"],
        "sort": ["oldest"],
    }
    titles = page.locator(RESULT_TITLES).all_inner_texts()
    page.goto(base_url)
    page.goto(shared)
    page.locator(SETTLED).wait_for()
    assert page.is_checked("input[data-facet=year][data-value='2025']")
    assert not page.is_checked("input[data-facet=tag][data-value=Belarus]")
    assert page.locator(RESULT_TITLES).all_inner_texts() == titles
    assert console_errors == []


@pytest.mark.browser
def test_without_javascript_the_search_page_points_to_tags_and_archive(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search/")
    message = page.locator(".archive-search-nojs")
    assert "needs JavaScript" in message.inner_text()
    links = message.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert links == ["/REPO/tags/", "/REPO/archive/"]
    context.close()


@pytest.mark.browser
def test_search_works_after_navigating(page, base_url, console_errors):
    page.goto(base_url)
    page.locator(".ca-sections a[href$='search/']").click()
    page.wait_for_url("**/REPO/search/")
    page.fill(".archive-search-page__query", "telescope")
    assert page.locator(RESULT_TITLES).first.inner_text() == FERRY
    page.locator(f"{RESULT_TITLES} a").first.click()
    page.wait_for_url("**/search-the-ferry-timetable-on-lake-naroch/")
    page.fill(HEADER_INPUT, "снегоуборочные")
    assert page.locator(HEADER_OPTIONS).first.locator("h1").inner_text() == WINTER_ROADS
    assert console_errors == []


# In the browser: every word counts, in the header as on the search page


@pytest.mark.browser
@pytest.mark.parametrize("query", ["brass telescope", "harbour master kept", "curling corners"])
def test_words_of_the_body_find_the_article_among_the_first_three_header_options(
    page, base_url, console_errors, query
):
    page.goto(base_url)
    page.fill(HEADER_INPUT, query)
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    titles = page.locator(HEADER_OPTIONS).locator("h1").all_inner_texts()
    assert FERRY in titles[:3]
    excerpt = page.locator(HEADER_OPTIONS).nth(titles.index(FERRY)).locator("mark")
    assert excerpt.count() >= 2
    assert console_errors == []


@pytest.mark.browser
def test_a_word_no_article_has_is_reported_not_dropped(page, base_url, console_errors):
    page.goto(base_url)
    page.fill(HEADER_INPUT, "Pantus ferry")
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    assert page.inner_text(HEADER_STATUS) == "No article has “pantus”"
    assert page.locator(HEADER_OPTIONS).locator("h1").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Pantus+ferry")
    page.locator(SETTLED).wait_for(state="attached")
    assert page.inner_text(".archive-search-page__status") == "No article has “pantus”."
    assert page.locator(RESULT_TITLES).count() == 0
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("query", ["водителям автобусов", "расписанием"])  # body: другие формы
def test_russian_words_in_another_form_find_the_article_in_the_header(
    page, base_url, console_errors, query
):
    page.goto(base_url)
    page.fill(HEADER_INPUT, query)
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    assert page.locator(HEADER_OPTIONS).first.locator("h1").inner_text() == WINTER_ROADS
    assert console_errors == []


def first_results(page, base_url: str, query: str) -> tuple[str, str]:
    """The title of the first result for ``query`` in the header box, then on the search page
    (which is left open)."""
    page.goto(base_url)
    page.fill(HEADER_INPUT, query)
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    in_header = page.locator(HEADER_OPTIONS).first.locator("h1").inner_text()
    page.goto(base_url + f"search/?q={query}")
    page.locator(SETTLED).wait_for(state="attached")
    return in_header, page.locator(RESULT_TITLES).first.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["sample drone", "Sample factory nobody"])
def test_an_authors_surname_and_title_words_find_the_article_first(
    page, base_url, console_errors, query
):
    # Before words of the lead that follow the byline, and before the author's other articles.
    assert first_results(page, base_url, query) == (DRONE_FACTORY, DRONE_FACTORY)
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize(
    "query",
    # Written "сильного ветра", "рынке": a final й, and vowels that come and go (ветер, ветра).
    ["сильный ветер", "рынок", "сильного ветра"],
)
def test_russian_words_in_another_form_find_the_article_in_the_header_and_on_the_page(
    page, base_url, console_errors, query
):
    assert first_results(page, base_url, query) == (LUNINETS_ROOFS, LUNINETS_ROOFS)
    assert page.is_checked(".archive-search-page__languages input[value=ru]")
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("сильный", ["сильны"]),
        ("урожай", ["урожа"]),
        ("рынка", ["рынка", "рынок", "рынек"]),
        ("рынок", ["рынок", "рынк"]),
        ("отца", ["отца", "отоц", "отец"]),
        ("ferry", ["ferry"]),
    ],
)
def test_a_russian_word_is_searched_without_its_final_short_i_and_with_its_fleeting_vowel(
    page, base_url, word, forms
):
    page.goto(base_url)
    script = "([url, word]) => import(url).then((client) => client.russianForms(word))"
    client = base_url + "assets/search/search-client.js"
    assert page.evaluate(script, [client, word]) == forms


@pytest.mark.browser
def test_a_failed_index_fetch_is_reported_and_the_next_keystroke_retries(page, base_url):
    page.route("**/pagefind/**", lambda route: route.abort())
    page.goto(base_url)
    page.fill(HEADER_INPUT, "ferr")
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    assert page.inner_text(HEADER_STATUS).startswith("Search could not load.")
    page.unroute("**/pagefind/**")
    page.type(HEADER_INPUT, "y")
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    assert page.locator(HEADER_OPTIONS).first.locator("h1").inner_text() == FERRY


@pytest.mark.browser
def test_a_missing_index_is_reported_on_the_search_page_and_searching_again_retries(page, base_url):
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="Not found"))
    page.goto(base_url + "search/?q=telescope")
    page.locator(SETTLED).wait_for(state="attached")
    assert page.inner_text(".archive-search-page__status").startswith("Search could not load.")
    page.unroute("**/pagefind/**")
    page.fill(".archive-search-page__query", "brass telescope")
    page.locator(f"{SETTLED} li").first.wait_for()
    assert page.locator(RESULT_TITLES).first.inner_text() == FERRY


# In the browser: the search page holds still and is easy to touch

# The layout shifts so far, as Lighthouse counts them (none caused by input); the observer
# reports them to its callback, if there are any, shortly after it starts.
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) if (!shift.hadRecentInput) total += shift.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def test_the_search_page_does_not_move_when_results_arrive(browser, base_url, viewport):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    held = []
    page.route("**/pagefind/parts.json", lambda route: held.append(route))
    page.goto(base_url + "search/?q=telescope")
    page.locator(".archive-search-page__results").wait_for(state="attached")
    boxes = "el => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }"
    area = ".archive-search-page"
    before = page.eval_on_selector(area, boxes)
    list_before = page.eval_on_selector(".archive-search-page__results", boxes)[:3]
    width_before = page.evaluate("document.documentElement.clientWidth")
    for route in held:
        route.continue_()
    page.locator(f"{SETTLED} li").first.wait_for()
    assert page.eval_on_selector(area, boxes) == before
    assert page.eval_on_selector(".archive-search-page__results", boxes)[:3] == list_before
    assert page.evaluate("document.documentElement.clientWidth") == width_before
    assert page.evaluate(LAYOUT_SHIFTS) <= 0.02
    context.close()


@pytest.mark.browser
def test_facet_values_are_touch_targets_of_24_px_or_more(page, base_url):
    page.goto(base_url + "search/?q=district")
    page.locator(f"{SETTLED} li").first.wait_for()
    # Those shown: the values beyond the first dozen are folded away.
    sizes = page.eval_on_selector_all(
        ".archive-search-page__option, .archive-search-page__option > input",
        """els => els.filter((el) => el.checkVisibility()).map((el) => {
          const box = el.getBoundingClientRect();
          return [box.width, box.height];
        })""",
    )
    assert len(sizes) > 10
    assert all(width >= 24 and height >= 24 for width, height in sizes)


HOSTILE_QUERY = '<img src=x onerror="window.pwned=1">\' ferry \u0000 </mark>'


@pytest.mark.browser
def test_a_hostile_query_stays_text_in_the_header_and_on_the_page(page, base_url, console_errors):
    page.goto(base_url)
    page.fill(HEADER_INPUT, HOSTILE_QUERY)
    page.locator(HEADER_SETTLED).wait_for(state="attached")
    assert page.locator("[data-archive-search] img").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator(SETTLED).wait_for(state="attached")
    assert page.locator("[data-archive-search-page] img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert console_errors == []
