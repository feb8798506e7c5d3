"""Every page type of the built site is valid HTML (the Nu HTML Checker), has no accessibility
violation (axe, in Chromium), links only files the site has, and tells link previews, feed
readers and crawlers what they look for (OpenGraph, feeds' pages, robots.txt)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from site_project import ROOT, SITE_URL, make_project, mkdocs_build
from test_browse import PAGE_TYPES as BROWSED_PAGE_TYPES

# The Nu HTML Checker, pinned in package.json: `make test` installs it here (`npm ci`).
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
)
ATOM = "{http://www.w3.org/2005/Atom}"
ARTICLE = "articles/2025/03/script-tags-and-other-traps/"  # has a contents list, and hostile text
PAGE_TYPES = {
    **BROWSED_PAGE_TYPES,
    "listing page 2": "page/2/",
    "article": ARTICLE,
    "search": "search/",
    "404": "404.html",
}
# The rules Lighthouse's accessibility audits turn on besides axe's own (some are off in axe).
LIGHTHOUSE_AXE_RULES = (
    "accesskeys",
    "aria-allowed-role",
    "aria-conditional-attr",
    "aria-deprecated-role",
    "aria-dialog-name",
    "aria-prohibited-attr",
    "aria-text",
    "aria-treeitem-name",
    "empty-heading",
    "heading-order",
    "html-xml-lang-mismatch",
    "identical-links-same-purpose",
    "image-redundant-alt",
    "input-button-name",
    "label-content-name-mismatch",
    "landmark-one-main",
    "link-in-text-block",
    "meta-viewport",
    "select-name",
    "skip-link",
    "tabindex",
    "table-duplicate-name",
    "table-fake-caption",
    "target-size",
    "td-has-header",
)
LISTINGS = ("home", "listing page 2", "tag", "tags", "author", "source", "archive", "month")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles built with three to a home page, so that the home page has a page 2."""
    project = make_project(tmp_path_factory.mktemp("validity"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      home_page_size: 3\n")
    result = mkdocs_build(project)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return project / "site"


def page_file(site: Path, path: str) -> Path:
    return site / path if path.endswith(".html") else site / path / "index.html"


class Head(HTMLParser):
    """What a page tells about itself and loads: its title, meta tags, stylesheets and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, str] = {}
        self.assets: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("property") or found.get("name")
        if tag == "meta" and name:
            self.meta[name] = found.get("content") or ""
        elif tag == "link" and found.get("rel") == "stylesheet":
            self.assets.append(found["href"] or "")
        elif tag == "script" and found.get("src"):
            self.assets.append(found["src"] or "")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def read_head(site: Path, path: str) -> Head:
    head = Head()
    head.feed(page_file(site, path).read_text(encoding="utf-8"))
    return head


def test_every_page_type_is_valid_html(site):
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        message = (
            "The Nu HTML Checker needs Java and vnu.jar: install Java and npm, then run "
            "`make test` (it runs `npm ci`), or set VNU_JAR to a vnu.jar."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    files = [page_file(site, path) for path in PAGE_TYPES.values()]
    result = subprocess.run(  # one run for every page: the checker takes seconds to start
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    prefix = f"file:{site}/"
    report = [
        f"{m.get('url', '').removeprefix(prefix)}:{m.get('lastLine', '?')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()}"
        for m in messages
    ]
    assert not report, "\n".join(report)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_file_a_page_loads_is_in_the_site(site, name):
    """Material's files are found under their hashed names, whatever its version."""
    for asset in read_head(site, PAGE_TYPES[name]).assets:
        url = urljoin(SITE_URL + PAGE_TYPES[name], asset)
        assert (site / url.removeprefix(SITE_URL)).is_file(), asset


def test_no_file_names_a_source_map_the_site_has_not(site):
    for path in site.rglob("*"):
        if path.suffix in {".js", ".css"}:
            for line in path.read_text(encoding="utf-8").splitlines():
                if "sourceMappingURL=" in line:
                    map_name = line.split("sourceMappingURL=")[1].split()[0].rstrip("*/")
                    assert (path.parent / map_name).is_file(), path


@pytest.mark.parametrize("name", ["article", "about", "search", *LISTINGS])
def test_every_page_has_link_previews(site, name):
    meta = read_head(site, PAGE_TYPES[name]).meta
    expected_type = "article" if name == "article" else "website"
    assert meta["og:type"] == expected_type
    assert meta["og:site_name"] == "Commentary Archive"
    assert meta["og:url"] == urljoin(SITE_URL, PAGE_TYPES[name])
    assert meta["og:description"] == meta["description"] != ""
    assert meta["og:title"] and meta["twitter:card"] == "summary"


def test_the_home_page_previews_as_the_site(site):
    assert read_head(site, "").meta["og:title"] == "Commentary Archive"


def test_the_404_page_says_so_in_its_title(site):
    assert read_head(site, "404.html").title == "Page not found · Commentary Archive"


@pytest.mark.parametrize(
    "feed", ["feed.xml", "tags/belarus/feed.xml", "authors/anna-example/feed.xml"]
)
def test_each_feed_links_the_page_it_belongs_to(site, feed):
    root = ElementTree.parse(site / feed).getroot()
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    page = feed.removesuffix("feed.xml")
    assert links == {"self": SITE_URL + feed, "alternate": SITE_URL + page}
    assert (site / page / "index.html").is_file()


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines == ["User-agent: *", "Disallow:", f"Sitemap: {SITE_URL}sitemap.xml"]
    assert (site / "sitemap.xml").is_file()


@pytest.mark.browser
@pytest.mark.parametrize("name", [name for name in PAGE_TYPES if name != "listing page 2"])
def test_no_accessibility_violations(page, base_url, name):
    """axe's rules and Lighthouse's, at a phone's width and a desktop's (the contents list and
    the header change between them)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"rules": {rule: {"enabled": True} for rule in LIGHTHOUSE_AXE_RULES}}
    path = "no-such-page/" if name == "404" else PAGE_TYPES[name]
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(base_url + path, wait_until="networkidle")
        violations = Axe().run(page, options=options).response["violations"]
        found = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations
        ]
        assert found == [], f"{name} at {width}px:\n" + "\n".join(found)
