"""Generated hostile front matter and file names, built by the strict build: it either fails
with a message naming the file, or every page and feed carries each payload as text only.

"As text only" is checked by structure, not by searching for strings: every element and
attribute of every page must be one the unmodified site already has (so no ``<script>``, no
``onmouseover=`` was injected), every script must be the site's own, every ``<html lang>`` a
language tag, and every feed and the sitemap must parse as XML with only Atom's elements.
One build per example, a few hostile articles in each; about half a minute in all.
"""

from __future__ import annotations

import html.parser
import json
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from site_project import make_project, mkdocs_build, write_article

from commentary_archive.site.entries import LANGUAGE_TAG

ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = {
    f"{ATOM}{name}"
    for name in (
        *("feed", "title", "id", "link", "updated", "author", "name"),
        *("entry", "published", "category", "summary"),
    )
}
SITE_SCRIPTS = {"speculationrules", "application/ld+json", "application/json", "module"}
PAGE_LIMIT = 300_000

PAYLOADS = [
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" onmouseover="alert(1)" x="',
    "<img src=x onerror=alert(1)>",
    "</title><x-injected y=1>",
    "]]><x-injected/><![CDATA[",
    "&amp; &lt;b&gt; &#x3c;script&#x3e;",
    "javascript:alert(1)",
    "\u202e\u2066bidi\u2069\u202c",
    "\ufffe\uffff",
    "\x00\x01\x08\x0b\x0c\x1b\x1f",
    "\ud800 lone surrogate",
    "{{ 7 * 7 }} {% raw %}",
    "x" * 5000,
]
HOSTILE_CHARACTERS = list("<>\"'&=/\\` \t\x00\x01\x0b\x1f\x7f\ufffe\uffff\u202e\u2066\u0416ab")
HOSTILE_TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.sampled_from(HOSTILE_CHARACTERS), min_size=1, max_size=30),
    st.lists(st.sampled_from(PAYLOADS), min_size=2, max_size=3).map("".join),
)
# Values YAML builds into something else than text, or refuses: tags, anchors, aliases, dates.
RAW_YAML = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!binary aGk=",
    "!!timestamp 1024-06-03T08:05:00+01:50:16",
    "!!int x",
    "&anchor x",
    "*alias",
    "[1, [2, [3]]]",
    "{a: 1}",
    "null",
    "12",
    "-1",
    "true",
    '"true"',
    "2025-06-05",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:00-05:00",
]
VALID = {
    "title": '"A Title"',
    "date": "2025-06-05T12:36:00+03:00",
    "authors": '["Anna Example"]',
    "source": "example.org",
    "description": '"A lead."',
    "tags": "[belarus]",
    "lang": "en",
}
# Hostile text where the site takes any text: it must build and show escaped.
TEXT_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "title": HOSTILE_TEXT.map(json.dumps),  # a JSON string is a YAML double-quoted scalar
        "source": HOSTILE_TEXT.map(json.dumps),
        "description": HOSTILE_TEXT.map(json.dumps),
        "authors": st.lists(HOSTILE_TEXT, min_size=1, max_size=2).map(json.dumps),
    },
)
# And now and then a value of the wrong kind, or hostile text where a tag or a date goes.
BREAKING = st.dictionaries(
    st.sampled_from([*VALID, "views", "draft"]),
    st.one_of(st.sampled_from(RAW_YAML), HOSTILE_TEXT.map(json.dumps)),
    min_size=1,
    max_size=1,
)
FRONT_MATTER = st.tuples(TEXT_FIELDS, st.one_of(st.just({}), st.just({}), BREAKING)).map(
    lambda fields: {**fields[0], **fields[1]}
)
PLAIN_NAME = st.from_regex(r"[a-z0-9][a-z0-9-]{0,19}", fullmatch=True)
HOSTILE_NAME = st.text(
    st.sampled_from(list("<>\"'& =;:?#%\\\t\n\x01\u202e\u0416.-_abc")), max_size=20
)
FILE_NAME = st.one_of(PLAIN_NAME, PLAIN_NAME, PLAIN_NAME, HOSTILE_NAME).map(
    lambda stem: stem + ".md"
)
ARTICLES = st.lists(st.tuples(FILE_NAME, FRONT_MATTER), min_size=1, max_size=3)


class Structure(html.parser.HTMLParser):
    """Every element and attribute name of a page, its scripts and its ``<html lang>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.langs: list[str | None] = []
        self.hrefs: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        attributes = dict(attrs)
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]
        if tag == "html":
            self.langs.append(attributes.get("lang"))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def page_structure(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    structure.close()
    return structure


def site_structure(site: Path) -> tuple[set[str], set[str]]:
    """The element and attribute names found on the site's pages."""
    tags: set[str] = set()
    attributes: set[str] = set()
    for path in site.rglob("*.html"):
        structure = page_structure(path.read_text(encoding="utf-8"))
        tags |= structure.tags
        attributes |= structure.attributes
    return tags, attributes


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], set[str]]:
    project = make_project(tmp_path_factory.mktemp("baseline"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return site_structure(project / "site")


def article_text(front_matter: dict[str, str]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in {**VALID, **front_matter}.items())


def assert_failure_names_a_file(stderr: str, src_uris: list[str]) -> None:
    assert "Traceback" not in stderr, stderr[-3000:]
    assert any(src_uri in stderr for src_uri in src_uris), stderr[-3000:]
    assert len(stderr) < 20_000


def assert_nothing_injected(site: Path, baseline: tuple[set[str], set[str]]) -> None:
    known_tags, known_attributes = baseline
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert len(text.encode("utf-8")) < PAGE_LIMIT, path
        page = page_structure(text)
        assert page.tags <= known_tags, (path, page.tags - known_tags)
        assert page.attributes <= known_attributes, (path, page.attributes - known_attributes)
        assert all(lang and LANGUAGE_TAG.fullmatch(lang) for lang in page.langs), page.langs
        assert not any(href.strip().lower().startswith("javascript:") for href in page.hrefs)
        for attributes, content in page.scripts:
            assert "src" in attributes or attributes.get("type") in SITE_SCRIPTS, path
            if attributes.get("type") in ("application/ld+json", "application/json"):
                json.loads(content)
    for path in [*site.rglob("feed.xml"), site / "sitemap.xml"]:
        root = ElementTree.fromstring(path.read_bytes())
        if path.name == "feed.xml":
            assert {element.tag for element in root.iter()} <= ATOM_ELEMENTS, path


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(articles=ARTICLES)
def test_a_hostile_article_fails_the_build_naming_it_or_shows_as_text(baseline, articles):
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder))
        src_uris = []
        for n, (name, front_matter) in enumerate(articles):
            src_uri = f"articles/2025/0{n + 1}/{name}"
            try:
                write_article(project, src_uri, article_text(front_matter))
            except (OSError, UnicodeEncodeError):
                continue  # a name this file system cannot hold (or the text cannot be UTF-8)
            src_uris.append(src_uri)
        result = mkdocs_build(project)
        event("built" if result.returncode == 0 else "failed")
        if result.returncode != 0:
            assert_failure_names_a_file(result.stderr, src_uris)
        else:
            assert_nothing_injected(project / "site", baseline)
