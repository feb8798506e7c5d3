"""One site whichever engine builds it: MkDocs, ProperDocs and Zensical build the fixture project
(search on, three articles to a page so that listings have a page 2), and each site must have
the same URLs, the same pages, feeds and sitemap, the same search index, and show a reader the
same in Chromium. MkDocs' site is the reference.

An engine that is not installed here is skipped (CI, which installs them all, fails instead):
ProperDocs comes with requirements-properdocs.txt, Zensical with requirements-zensical.txt.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from site_project import ROOT, SITE_URL, make_project

from commentary_archive.site import zensical

OTHER_ENGINES = ("properdocs", "zensical")
ENGINES = ("mkdocs", *OTHER_ENGINES)
ARTICLE = "articles/2025/03/script-tags-and-other-traps/"  # hostile text, a contents list
TAG = "tags/belarus/"  # more than a page of articles
QUERY = "minsk"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RESULT_TITLES = ".archive-search-page__result h2"
SEARCH_SETTLED = ".archive-search-page__results[aria-busy=false]"
SELECTOR = re.compile(r"([\w-]*)(?:([.\[])([\w-]+)(?:=([^\]]+))?\]?)?")
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}
VOID_ELEMENTS |= {"source", "track"}


def build_command(engine: str) -> list[str]:
    if engine == "zensical":
        return [sys.executable, "-m", "commentary_archive.site.zensical", "-f", "mkdocs.yml"]
    return [sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml"]


def require(engine: str) -> None:
    """Skip the test when ``engine`` is not installed; fail in CI, which installs them all."""
    if importlib.util.find_spec(engine) is not None:
        return
    requirements = f"requirements-{engine}.txt"
    message = f"{engine} is not installed: `.venv/bin/pip install -r {requirements}`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def site_of(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``site_of(engine)``: the fixture project built by ``engine``, once per module. Its site is
    a folder named REPO, so that it can be served under that sub-path."""
    built: dict[str, Path] = {}

    def site(engine: str) -> Path:
        require(engine)
        if engine not in built:
            project = make_project(tmp_path_factory.mktemp(engine))
            (project / "mkdocs.yml").write_text(
                f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_dir: served/REPO\n"
                "plugins:\n  - commentary-archive:\n"
                "      home_page_size: 3\n      list_page_size: 3\n",
                encoding="utf-8",
            )
            started = time.monotonic()
            result = subprocess.run(
                build_command(engine),
                cwd=project,
                env={**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"},
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                pytest.fail(f"{engine} build failed:\n{result.stdout}\n{result.stderr}")
            print(f"{engine} built the fixture site in {time.monotonic() - started:.1f} s")
            built[engine] = project / "served" / "REPO"
        return built[engine]

    return site


def site_files(site: Path) -> set[str]:
    """Every file of the site but the search index, whose file names are hashes."""
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.relative_to(site).parts[0] != "pagefind"
    }


def pages(site: Path) -> list[str]:
    return sorted(name for name in site_files(site) if name.endswith(".html"))


class Element:
    """An element of a parsed page: enough of a DOM to pick out what a page shows."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag, self.attrs = tag, attrs
        self.children: list[Element | str] = []

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def find_all(self, selector: str) -> list[Element]:
        """The elements matching ``selector``: a tag, a class, an attribute or an attribute's
        value, or a tag with one of the others (``p.lead``, ``a[href]``, ``script[id=x]``)."""
        match = SELECTOR.fullmatch(selector)
        assert match is not None, selector
        tag, kind, name, value = match.groups()
        return [
            element
            for element in self.walk()
            if (not tag or element.tag == tag)
            and (kind != "." or name in element.classes)
            and (kind != "[" or name in element.attrs)
            and (value is None or element.attrs.get(name) == value)
        ]

    def find(self, selector: str) -> Element | None:
        found = self.find_all(selector)
        return found[0] if found else None

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def texts(self) -> list[str]:
        """Its text, node by node, each with its white space collapsed. Not joined: white space
        between elements is no difference (Zensical's Markdown puts each top-level element of
        a listing's HTML on a line of its own; MkDocs is handed the listing's HTML as it is)."""
        found = []
        for child in self.children:
            if isinstance(child, Element):
                found += child.texts()
            elif child.split():
                found.append(" ".join(child.split()))
        return found


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # &#39; and &#x27; are both "'"
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(site: Path, name: str) -> Element:
    parser = PageParser()
    parser.feed((site / name).read_text(encoding="utf-8"))
    return parser.root


def resolved(page: str, url: str) -> str:
    """A link as the browser follows it, from the page ``page`` of the site. Zensical's `url`
    filter writes ``./..``, ``././`` and ``""`` where MkDocs writes ``..``, ``./`` and ``.``:
    the same addresses."""
    return urlsplit(urljoin(f"http://site/{page}", url)).path


def links(page: str, element: Element | None) -> list[tuple[str, ...]]:
    """The links in ``element``: address, rel, and text."""
    if element is None:
        return []
    return [
        (resolved(page, a.attrs["href"]), a.attrs.get("rel", ""), *a.texts())
        for a in element.find_all("a[href]")
    ]


def page_summary(site: Path, name: str) -> dict[str, object]:
    """What a page tells readers, feed readers and crawlers: its head, its links, its text."""
    page = name.removesuffix("index.html")
    root = parse(site, name)
    head = root.find("head")
    assert head is not None, name
    config = json.loads("".join(root.find("script[id=__config]").texts()))
    # The base of Material's script: "/REPO" on Zensical's 404 page, "/REPO/" on MkDocs', the
    # same folder (the script reads it only for features the site leaves off).
    config["base"] = resolved(page, config["base"]).rstrip("/")
    return {
        "lang": root.find("html").attrs["lang"],
        "title": head.find("title").texts(),
        "meta": sorted(
            (meta.attrs.get("name") or meta.attrs.get("property", ""), meta.attrs["content"])
            for meta in head.find_all("meta[content]")
        ),
        "head links": sorted(
            (link.attrs["rel"], link.attrs.get("type", ""), resolved(page, link.attrs["href"]))
            for link in head.find_all("link")
        ),
        "scripts": [
            resolved(page, script.attrs["src"]) if "src" in script.attrs else script.texts()
            for script in root.find_all("script")
            if script.attrs.get("id") != "__config"
        ],
        "config": config,
        "sections": links(page, root.find("nav.ca-sections")),
        "content links": links(page, root.find(".md-content")),
        "content": root.find(".md-content").texts(),
    }


def article_summary(site: Path, name: str) -> dict[str, object]:
    """What an article page shows beyond the page: its header, tags, neighbours, related
    articles and structured data, field by field (so that a difference names its field)."""
    page = name.removesuffix("index.html")
    article = parse(site, name).find(".ca-article")
    assert article is not None, name
    header = article.find("header")
    time_element = article.find("time")
    json_ld = parse(site, name).find("script[type=application/ld+json]")
    assert header is not None and time_element is not None and json_ld is not None
    return {
        "title": article.find("h1").texts(),
        "date": (time_element.attrs, time_element.texts()),
        "meta line": header.find("p.ca-meta").texts(),
        "authors and source": links(page, header.find("p.ca-meta")),
        "month and first tag": links(page, header.find("p.ca-kicker")),
        "lead": [p.texts() for p in article.find_all("p.lead")],
        "tags": links(page, article.find("ul.ca-tags")),
        "previous and next": links(page, article.find("nav.ca-neighbours")),
        "related": links(page, article.find("section.ca-related")),
        "json-ld": json.loads("".join(json_ld.texts())),
        "text": article.texts(),
    }


def sitemap(site: Path) -> set[tuple[str, str]]:
    """The sitemap's pages and days. Their order is no difference: MkDocs lists them in the
    order of the files, Zensical by address."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return {
        (url.findtext(f"{SITEMAP}loc") or "", url.findtext(f"{SITEMAP}lastmod") or "")
        for url in root
    }


def search_fragments(site: Path) -> list[str]:
    """Every page the search index holds, as Pagefind recorded it (text, metadata, filters)."""
    return sorted(
        gzip.decompress(fragment.read_bytes()).decode()
        for fragment in (site / "pagefind").rglob("*.pf_fragment")
    )


@pytest.fixture(scope="module")
def reference(site_of: Callable[[str], Path]) -> Path:
    return site_of("mkdocs")


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_same_files_at_the_same_addresses(site_of, reference, engine):
    assert site_files(site_of(engine)) == site_files(reference)
    assert {"page/2/index.html", f"{TAG}page/2/index.html", "robots.txt"} <= site_files(reference)


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_page_tells_the_same(site_of, reference, engine):
    site = site_of(engine)
    for name in pages(reference):
        assert page_summary(site, name) == page_summary(reference, name), name


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_article_page_shows_the_same_article(site_of, reference, engine):
    site = site_of(engine)
    articles = [name for name in pages(reference) if name.startswith("articles/")]
    assert f"{ARTICLE}index.html" in articles
    for name in articles:
        assert article_summary(site, name) == article_summary(reference, name), name


@pytest.mark.parametrize("engine", ENGINES)
def test_template_syntax_in_front_matter_stays_text_on_every_engine(site_of, engine):
    # Zensical renders its templates with MiniJinja: a value of the page data is never one.
    head = parse(site_of(engine), ARTICLE + "index.html").find("meta[property=og:description]")
    assert head is not None
    assert head.attrs["content"] == (
        "An article may quote <script>alert(1)</script> and {{ 7 * 7 }} {% if x %} and it must "
        "show as text."
    )


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_same_feeds_sitemap_and_robots_txt(site_of, reference, engine):
    site = site_of(engine)
    feeds = sorted(name for name in site_files(reference) if name.endswith(".xml"))
    for name in feeds:
        if name != "sitemap.xml":
            assert (site / name).read_bytes() == (reference / name).read_bytes(), name
    assert sitemap(site) == sitemap(reference)
    assert (
        gzip.decompress((site / "sitemap.xml.gz").read_bytes())
        == (site / "sitemap.xml").read_bytes()
    )
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots == (reference / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_the_same_search_index(site_of, reference, engine):
    site = site_of(engine)
    parts = json.loads((site / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert parts == json.loads((reference / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert search_fragments(site) == search_fragments(reference)


def test_without_zensical_the_build_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    assert zensical.build(str(ROOT / "mkdocs.yml")) == 1
    assert "make site ENGINE=zensical installs requirements-zensical.txt" in capsys.readouterr().err


def shown(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def what_a_reader_sees(browser, url: str) -> dict[str, object]:
    """An article, a tag page and its next page, and a search, as Chromium shows them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    seen: dict[str, object] = {}
    page.goto(url + ARTICLE)
    seen["article"] = shown(page, ".ca-article h1, .ca-article .ca-meta, .ca-tags, .ca-related li")
    seen["article links"] = page.eval_on_selector_all(
        ".ca-article a", "links => links.map(a => a.pathname)"
    )
    page.goto(url + TAG)
    seen["tag"] = shown(page, ".md-content h1, .ca-total, .ca-rows li")
    page.click(".ca-pager a[rel=next]")
    page.wait_for_load_state("networkidle")
    seen["tag page 2"] = (urlsplit(page.url).path, shown(page, ".md-content h1, .ca-rows li"))
    page.goto(url + f"search/?q={QUERY}")
    page.locator(RESULT_TITLES).first.wait_for()
    page.locator(SEARCH_SETTLED).wait_for()
    seen["search"] = shown(page, RESULT_TITLES)
    seen["console errors"] = errors
    context.close()
    return seen


@pytest.fixture(scope="module")
def seen_on_reference(browser, serve_site, reference) -> dict[str, object]:
    seen = what_a_reader_sees(browser, serve_site(reference))
    assert seen["search"] and seen["tag page 2"] and not seen["console errors"], seen
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_a_reader_sees_the_same_in_chromium(
    browser, serve_site, site_of, seen_on_reference, engine
):
    assert what_a_reader_sees(browser, serve_site(site_of(engine))) == seen_on_reference
