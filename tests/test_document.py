from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.utils.meta import YAML_RE

from commentary_archive import document
from commentary_archive.article import Article, ArticleError, Block

ARTICLE = Article(
    title="Minsk: Counts & <Costs>",
    date=datetime(2025, 6, 5, 12, 36, tzinfo=ZoneInfo("Europe/Minsk")),
    authors=("Anna Example",),
    source="eastwatch.example",
    comments=12,
    views=23448,
    lead="The lead, with *stars*.",
    blocks=(Block("paragraph", "- A paragraph."), Block("heading", "A heading")),
    lang="en",
    raw_file="001_a.txt",
    raw_sha256="ab" * 32,
    tags=("belarus",),
    slug="minsk-counts-costs",
)
RAW = {"file": "001_a.txt", "sha256": "ab" * 32, "settings": "0123abcd"}

EXPECTED = f"""\
---
title: 'Minsk: Counts & <Costs>'
date: 2025-06-05T12:36:00+03:00
authors:
- Anna Example
source: eastwatch.example
comments: 12
views: 23448
description: The lead, with *stars*.
tags:
- belarus
lang: en
slug: minsk-counts-costs
raw:
  file: 001_a.txt
  sha256: {"ab" * 32}
  settings: 0123abcd
---

The lead, with \\*stars\\*.
{{: .lead }}

\\- A paragraph.

## A heading
"""


def test_dumps_writes_the_contract_exactly():
    assert document.dumps(document.from_article(ARTICLE, RAW["settings"])) == EXPECTED


def test_loads_reads_back_an_aware_date_and_the_body():
    loaded = document.loads(EXPECTED, "a.md")

    assert loaded.metadata["date"] == datetime(
        2025, 6, 5, 12, 36, tzinfo=timezone(timedelta(hours=3))
    )
    assert loaded.metadata["title"] == ARTICLE.title
    assert loaded.body == document.from_article(ARTICLE, RAW["settings"]).body
    assert document.dumps(loaded) == EXPECTED


def test_loads_accepts_a_byte_order_mark():
    assert document.loads("\ufeff" + EXPECTED, "a.md") == document.loads(EXPECTED, "a.md")


def test_empty_lists_and_nulls():
    bare = Article(**{**ARTICLE.__dict__, "authors": (), "source": None, "comments": None})
    text = document.dumps(document.from_article(bare, RAW["settings"]))

    assert "authors: []\n" in text
    assert "source: null\n" in text
    assert "comments: null\n" in text


def test_keys_named_content_or_handler_are_harmless():
    text = EXPECTED.replace("lang: en\n", "lang: en\ncontent: x\nhandler: y\n")

    assert document.loads(text, "a.md").metadata["content"] == "x"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: a: b\n---\nbody\n", 2, "not valid YAML"),
        ("no front matter at all\n", 1, "has no front matter"),
        ("---\n- a list\n---\nbody\n", 2, "not a set of `key: value` fields"),
        ("---\ntitle: unterminated\n", 1, "has no front matter"),
    ],
)
def test_broken_front_matter_is_an_article_error(text, line, fragment):
    with pytest.raises(ArticleError) as caught:
        document.loads(text, "docs/a.md")

    assert (caught.value.path, caught.value.line) == ("docs/a.md", line)
    assert fragment in caught.value.problem


def test_read_raw_block_matches_a_full_parse():
    fields = {"title": "01234567", "date": "abcdef01", "body": "1e5a0000"}
    text = document.dumps(document.Document({"title": "T", "raw": {**RAW, "fields": fields}}, "b"))

    assert document.read_raw_block(text) == yaml.safe_load(text.split("---")[1])["raw"]


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: T\nraw:\n  file: a b.txt\n  sha256: x\n---\nbody\n",
        "---\ntitle: T\nraw:\n  file: a.txt # note\n---\nbody\n",
        '---\ntitle: T\nraw:\n  file: "a.txt"\n---\nbody\n',
        "---\nraw:\n  file: a.txt\nextra: 1\n---\nbody\n",
        "---\ntitle: T\n---\nraw:\n  file: a.txt\n---\n",
    ],
)
def test_read_raw_block_refuses_unusual_shapes(text):
    assert document.read_raw_block(text) is None


def test_line_of():
    assert document.line_of(EXPECTED, r"^tags:") == 10
    assert document.line_of(EXPECTED, r"^nothing") is None


@pytest.mark.parametrize(
    ("head", "line"),
    [
        ("title: T\ntags: &t [a]\nother: *t\n", 3),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 2),
        ("title: !!str &x T\n", 2),
    ],
)
def test_anchors_and_aliases_are_refused_in_one_line(head, line):
    with pytest.raises(ArticleError) as caught:
        document.loads(f"---\n{head}---\nbody\n", "docs/a.md")

    assert (caught.value.path, caught.value.line) == ("docs/a.md", line)
    assert "anchor or alias" in caught.value.problem
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "title", ["Q&A on the border", "5 * 3 & more", "Tom &Jerry", "'*quoted*'", "a#b", "x # y"]
)
def test_ampersands_stars_and_hashes_in_values_are_text(title):
    text = document.dumps(document.Document({"title": title}, "Body."))

    loaded = document.loads(text, "a.md")

    assert loaded.metadata == {"title": title}
    assert document.dumps(loaded) == text


COMMENTED = """\
---
# Checked against the print edition.
title: 'Minsk: Counts'  # the raw title had a typo
date: 2025-06-05T12:36:00+03:00
tags:  # chosen by hand
- belarus  # the main one
lang: en
featured: true # for the home page
raw:
  file: a.txt
---

Body # not a comment
"""


def test_comments_are_read_with_the_key_they_belong_to():
    assert document.loads(COMMENTED, "a.md").comments == (
        document.Comment("title", "# Checked against the print edition."),
        document.Comment("title", "  # the raw title had a typo", trailing=True),
        document.Comment("tags", "  # chosen by hand", trailing=True),
        document.Comment("tags", "# the main one"),
        document.Comment("featured", " # for the home page", trailing=True),
    )


def test_comments_are_written_back_by_their_keys():
    loaded = document.loads(COMMENTED, "a.md")
    changed = loaded._replace(metadata={**loaded.metadata, "lang": "ru"})

    assert document.dumps(changed) == (
        "---\n"
        "# Checked against the print edition.\n"
        "# the raw title had a typo\n"  # after a quoted value, a comment goes above its key
        "title: 'Minsk: Counts'\n"
        "date: 2025-06-05T12:36:00+03:00\n"
        "# the main one\n"
        "tags:  # chosen by hand\n"
        "- belarus\n"
        "lang: ru\n"
        "featured: true # for the home page\n"
        "raw:\n"
        "  file: a.txt\n"
        "---\n"
        "\n"
        "Body # not a comment\n"
    )
    assert document.loads(document.dumps(changed), "a.md").metadata == changed.metadata


def test_an_article_without_a_time_is_written_with_the_date_alone():
    undated = Article(**{**ARTICLE.__dict__, "time_known": False})

    text = document.dumps(document.from_article(undated, RAW["settings"]))

    assert "\ndate: 2025-06-05\n" in text


@pytest.mark.parametrize(
    "value",
    [
        "!!timestamp 1024-06-03T08:05:00+01:50:16",
        "!!int x",
        "!!bool maybe",
        "0000-01-01",
        "!!timestamp 2025-06-05T12:36:00+25:00",
    ],
)
def test_values_yaml_cannot_build_are_article_errors(value):
    with pytest.raises(ArticleError) as caught:
        document.loads(f"---\ndate: {value}\n---\nbody\n", "docs/a.md")

    assert caught.value.path == "docs/a.md"
    assert "has a front matter value YAML cannot build" in caught.value.problem


def test_front_matter_is_only_at_the_very_top_of_the_file():
    with pytest.raises(ArticleError) as caught:
        document.loads("\n" + EXPECTED, "docs/a.md")

    assert str(caught.value) == (
        "docs/a.md:1: has no front matter; expected a `---` line, YAML fields and another `---` "
        "line. Restore the front matter at the very top of the file, or delete the file to "
        "convert it afresh."
    )


def test_front_matter_may_end_with_three_dots_as_in_mkdocs():
    text = "---\ntitle: T\n...\nThe body.\n"

    assert document.loads(text, "a.md") == document.Document({"title": "T"}, "The body.")


@given(
    bom=st.booleans(),
    lines=st.lists(
        st.sampled_from(["", "  ", "---", "--- ", "----", "...", "title: T", "a\rb", "\ufeff---"]),
        max_size=6,
    ),
    last_newline=st.booleans(),
)
def test_front_matter_is_where_mkdocs_finds_it(bom, lines, last_newline):
    """The site renders what follows MkDocs' front matter; the readers must cut the same text."""
    text = "\ufeff" * bom + "\n".join(lines) + "\n" * last_newline
    found = YAML_RE.match(text.removeprefix("\ufeff"))

    split = document.split_front_matter(text)

    assert split == (
        None if found is None else (found[1], text.removeprefix("\ufeff")[found.end() :])
    )
    assert document.read_body(text) == ("" if split is None else split[1].strip())


@given(
    bom=st.booleans(),
    blank_lines=st.integers(0, 3),
    above=st.integers(0, 4),
    below=st.integers(0, 4),
    broken=st.sampled_from(["title: a: b", "title: 'open", "title: [1,", "x: &a 1", "\tx: 1"]),
)
def test_a_yaml_error_names_the_line_it_is_on(bom, blank_lines, above, below, broken):
    head = [f"key{i}: value" for i in range(above)] + [broken, "", "after: 1"][: 1 + below]
    text = "\ufeff" * bom + "---\n" + "\n" * blank_lines + "\n".join(head) + "\n---\nBody.\n"

    with pytest.raises(ArticleError) as caught:
        document.loads(text, "a.md")

    assert caught.value.line is not None
    assert broken.split()[0] in text.removeprefix("\ufeff").splitlines()[caught.value.line - 1]
